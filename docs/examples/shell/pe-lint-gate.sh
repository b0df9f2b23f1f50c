#!/usr/bin/env bash
# pe-lint as a compliance gate in any CI system (or by hand): run it from the repository root.
#
# Prints the findings, writes the evidence (report.json, report.sarif, report.md) into
# docs/evidence/compliance, and exits with pe-lint's code:
#   0  compliant
#   1  failing findings
#   2  the run could not be trusted (unreadable or unparseable file, bad config, missing path)
set -euo pipefail

if ! command -v pe-lint >/dev/null 2>&1; then
  echo "pe-lint-gate: pe-lint is not installed (cargo install --locked --path <pe-lint checkout>)" >&2
  exit 2
fi

status=0
pe-lint infrastructure/ --evidence-dir docs/evidence/compliance || status=$?

case "$status" in
  0) echo "pe-lint-gate: compliant" ;;
  1) echo "pe-lint-gate: failing findings; evidence in docs/evidence/compliance" >&2 ;;
  *) echo "pe-lint-gate: the run could not be trusted (exit $status)" >&2 ;;
esac
exit "$status"
