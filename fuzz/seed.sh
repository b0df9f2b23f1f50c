#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with seed inputs from testdata/ and ../shared/corpus/real/ (when
# present). Seeds larger than 64 KiB are skipped: they slow every run down.
set -euo pipefail
cd "$(dirname "$0")"
real=../../shared/corpus/real
mkdir -p corpus/tf corpus/tf_json corpus/tfvars corpus/tfvars_json corpus/config corpus/suppressions
seed() { # target, find pattern
  local target=$1 pattern=$2 f
  for dir in ../testdata "$real"; do
    [ -d "$dir" ] || continue
    find "$dir" -type f -name "$pattern" -size -64k -print0 | while IFS= read -r -d '' f; do
      cp "$f" "corpus/$target/$(sha1sum "$f" | cut -c1-16)"
    done
  done
}
seed tf '*.tf'
seed tf_json '*.tf.json'
seed tfvars '*.tfvars'
seed tfvars_json '*.tfvars.json'
seed config '.pe-lint.hcl'
# Suppression comments: every comment line of the test trees that holds a directive.
n=0
grep -rhoE '(#|//|/\*).*(pe-lint:ignore|tfsec:ignore|trivy:ignore|checkov:skip).*' ../testdata ../tests 2>/dev/null |
  while IFS= read -r line; do
    n=$((n + 1))
    printf '%s\n' "$line" >"corpus/suppressions/line$n"
  done
# Hand-written seeds where the trees have few.
for t in tf_json tfvars_json config suppressions; do
  cp seeds/$t/* corpus/$t/
done
for t in tf tf_json tfvars tfvars_json config suppressions; do
  echo "$t: $(find corpus/$t -type f | wc -l) seeds"
done
