//! The CI recipes' install and gate steps, run as shipped (docs/examples/github/pe-lint.yml and
//! docs/examples/gitlab/.gitlab-ci.yml).
//!
//! The scripts are cut out of the YAML files, not copied here, so a change to a recipe is what is
//! tested. The source is a local git repository cloned from this checkout's HEAD with a tag, as a
//! user's pe-lint repository would be: the job runs twice (the second run must come from the
//! cache), then the tag moves to a new commit (the next run must reinstall). Bugs this catches:
//! installing a tag with `--branch`, a GitLab cache hit that still runs `cargo install` and fails
//! with "binary already exists", and a GitHub cache key that does not change when the ref moves.
//!
//! Opt-in, as the pre-commit test: `PE_LINT_INSTALL_TEST=1`, and always under `CI=true` (a CI
//! run never passes by skipping). The build shares the pre-commit test's target folder and
//! unoptimised release profile, so the dependencies are compiled once for both.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const OPT_IN: &str = "PE_LINT_INSTALL_TEST";
const TAG: &str = "v0.0.0-install-test";

fn wanted() -> bool {
    if std::env::var(OPT_IN).as_deref() == Ok("1") || crate::common::on_ci() {
        return true;
    }
    eprintln!("skipped: set {OPT_IN}=1 to run the CI recipes' install steps (CI=true always does)");
    false
}

fn recipe(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The lines after `lines[at]` indented deeper than `depth`, dedented (a YAML block scalar).
fn block(lines: &[&str], at: usize, depth: usize) -> String {
    let body: Vec<&str> = lines[at + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || indent(l) > depth)
        .copied()
        .collect();
    let cut = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| l.get(cut..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `run:` script of the GitHub step named `name`.
fn github_step(yaml: &str, name: &str) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == format!("- name: {name}"))
        .unwrap_or_else(|| panic!("no step {name:?} in the GitHub recipe"));
    let at = (start + 1..lines.len())
        .find(|&i| lines[i].trim_start().starts_with("run:"))
        .expect("the step has a run: script");
    let inline = lines[at].trim_start().trim_start_matches("run:").trim();
    if inline == "|" {
        block(&lines, at, indent(lines[at]))
    } else {
        inline.to_string()
    }
}

/// The items of a GitLab job's script list (`before_script:`, `script:`), one script.
fn gitlab_list(yaml: &str, key: &str) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == format!("{key}:"))
        .unwrap_or_else(|| panic!("no {key} in the GitLab recipe"));
    let depth = indent(lines[at]);
    let mut items = Vec::new();
    let mut i = at + 1;
    while i < lines.len() && (lines[i].trim().is_empty() || indent(lines[i]) > depth) {
        let item = lines[i].trim_start().strip_prefix("- ").map(str::trim);
        match item {
            Some("|") => items.push(block(&lines, i, indent(lines[i]))),
            Some(command) => items.push(command.to_string()),
            None => {}
        }
        i += 1;
    }
    items.join("\n")
}

struct Job {
    work: PathBuf,
    source: PathBuf,
    cargo_home: PathBuf,
}

impl Job {
    /// A fresh job folder per test (tests run in parallel).
    fn new(name: &str) -> Job {
        let work = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("ci-install")
            .join(name);
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).unwrap();
        let source = work.join("pe-lint.git");
        let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
        git(&work, &["clone", "-q", "--no-local"])
            .arg(checkout)
            .arg(&source)
            .status()
            .map(|s| assert!(s.success(), "git clone failed"))
            .unwrap();
        ok(git(&source, &["tag", TAG]));
        let cargo_home = work.join("project/.cargo");
        std::fs::create_dir_all(&cargo_home).unwrap();
        Job {
            work,
            source,
            cargo_home,
        }
    }

    /// A new commit in the source, and the tag moved to it.
    fn move_tag(&self) -> String {
        ok(git(
            &self.source,
            &["commit", "-q", "--allow-empty", "-m", "a new release"],
        ));
        ok(git(&self.source, &["tag", "-f", TAG]));
        self.rev()
    }

    fn rev(&self) -> String {
        ok(git(
            &self.source,
            &["rev-parse", &format!("{TAG}^{{commit}}")],
        ))
        .trim()
        .to_string()
    }

    fn project(&self) -> PathBuf {
        self.work.join("project")
    }

    fn bash(&self, script: &str) -> (i32, String) {
        let mut cmd = Command::new("bash");
        cmd.args(["-eo", "pipefail", "-c", script])
            .current_dir(self.project())
            .env("CI_PROJECT_DIR", self.project())
            .env("CARGO_HOME", &self.cargo_home)
            .env("PE_LINT_GIT", format!("file://{}", self.source.display()))
            .env("PE_LINT_REF", TAG)
            .env("GITHUB_OUTPUT", self.work.join("github-output"))
            // Shared with tests/it/precommit.rs: the dependencies are compiled once.
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("precommit/cargo-target"),
            )
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
            .env_remove("CARGO_BUILD_TARGET_DIR");
        // The registry already downloaded by this build, so that the job's own CARGO_HOME does
        // not fetch every crate again.
        if let Some(home) = std::env::var_os("CARGO_HOME").or_else(|| {
            std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo").into_os_string())
        }) {
            let registry = Path::new(&home).join("registry");
            let link = self.cargo_home.join("registry");
            if registry.is_dir() && !link.exists() {
                let _ = std::os::unix::fs::symlink(&registry, &link);
            }
        }
        let out = cmd.output().expect("run bash");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    }

    fn example_infrastructure(&self) {
        let from =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/photo-editor/infrastructure");
        let to = self.project().join("infrastructure");
        let status = Command::new("cp")
            .arg("-R")
            .arg(&from)
            .arg(&to)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

fn git(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "pe-lint test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "pe-lint test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com");
    c
}

fn ok(mut cmd: Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// GitLab: install, a cache hit that does not reinstall, a moved tag that does, then the gate
/// command on the example infrastructure (exit 1, JUnit report and evidence written).
#[test]
fn gitlab_recipe_installs_once_per_commit_and_gates() {
    if !wanted() {
        return;
    }
    let yaml = recipe("docs/examples/gitlab/.gitlab-ci.yml");
    let install = gitlab_list(&yaml, "before_script");
    let job = Job::new("gitlab");

    let (code, out) = job.bash(&install);
    assert_eq!(code, 0, "first install failed:\n{out}");
    assert!(
        out.contains("Installing"),
        "first run did not install:\n{out}"
    );
    assert!(job.cargo_home.join("bin/pe-lint").is_file());

    let (code, out) = job.bash(&install);
    assert_eq!(code, 0, "cached run failed:\n{out}");
    assert!(
        out.contains(&format!("pe-lint {} from the cache", job.rev()))
            && !out.contains("Installing"),
        "the cached run reinstalled:\n{out}"
    );

    // The reinstall after a moved tag goes through a stand-in `cargo` that records its
    // arguments: the real install was proven above, and a second real build would only cost CI
    // time. What is checked is the decision and the command line.
    let moved = job.move_tag();
    let stub = job.work.join("stub-bin");
    std::fs::create_dir_all(&stub).unwrap();
    std::fs::write(stub.join("cargo"), "#!/bin/sh\necho \"stub cargo $*\"\n").unwrap();
    let status = Command::new("chmod")
        .arg("755")
        .arg(stub.join("cargo"))
        .status()
        .unwrap();
    assert!(status.success());
    let (code, out) = job.bash(&format!(
        "export PATH=\"{}:$PATH\"\n{install}",
        stub.display()
    ));
    assert_eq!(code, 0, "install after the tag moved failed:\n{out}");
    assert!(
        out.contains(&format!(
            "stub cargo install --locked --force --git file://{}",
            job.source.display()
        )) && out.contains(&format!("--rev {moved} pe-lint"))
            && !out.contains("from the cache"),
        "a moved tag did not reinstall:\n{out}"
    );
    let recorded = std::fs::read_to_string(job.cargo_home.join("pe-lint.rev")).unwrap();
    assert_eq!(recorded.trim(), moved);

    job.example_infrastructure();
    let gate = format!("{install}\n{}", gitlab_list(&yaml, "script"));
    let (code, out) = job.bash(&gate);
    assert_eq!(
        code, 1,
        "the gate must fail on the example's violations:\n{out}"
    );
    let junit = std::fs::read_to_string(job.project().join("pe-lint-junit.xml")).unwrap();
    assert!(junit.contains("<failure"), "{junit}");
    assert!(job
        .project()
        .join("docs/evidence/compliance/report.md")
        .is_file());
}

/// GitHub: the resolve step gives the tag's commit, the cache key changes exactly when that
/// commit does, the install step installs it, and the gate step records exit code 1.
#[test]
fn github_recipe_keys_the_cache_on_the_commit_and_gates() {
    if !wanted() {
        return;
    }
    let yaml = recipe("docs/examples/github/pe-lint.yml");
    assert!(
        yaml.contains("key: pe-lint-${{ runner.os }}-${{ steps.pe-lint-rev.outputs.rev }}"),
        "the cache key must be the resolved commit"
    );
    let resolve = github_step(&yaml, "Resolve the pe-lint commit");
    let job = Job::new("github");
    let output = job.work.join("github-output");

    let mut keys = BTreeSet::new();
    let mut installs = 0;
    for round in 0..3 {
        if round == 2 {
            job.move_tag();
        }
        let _ = std::fs::remove_file(&output);
        let (code, out) = job.bash(&resolve);
        assert_eq!(code, 0, "resolve failed:\n{out}");
        let rev = std::fs::read_to_string(&output).unwrap();
        assert_eq!(rev.trim(), format!("rev={}", job.rev()));
        let cache_hit = !keys.insert(rev.trim().to_string());
        assert_eq!(
            cache_hit,
            round == 1,
            "round {round}: cache hit {cache_hit}"
        );
        if !cache_hit {
            installs += 1;
        }
    }
    assert_eq!(installs, 2);

    let install = github_step(&yaml, "Install pe-lint")
        .replace("${{ steps.pe-lint-rev.outputs.rev }}", &job.rev());
    let (code, out) = job.bash(&install);
    assert_eq!(code, 0, "install failed:\n{out}");

    job.example_infrastructure();
    let gate = format!(
        "export PATH=\"$CARGO_HOME/bin:$PATH\"\n{}",
        github_step(&yaml, "pe-lint")
    );
    let _ = std::fs::remove_file(&output);
    let (code, out) = job.bash(&gate);
    assert_eq!(
        code, 0,
        "the step records the exit code and succeeds:\n{out}"
    );
    assert!(out.contains("::error file="), "{out}");
    assert_eq!(
        std::fs::read_to_string(&output).unwrap().trim(),
        "exit-code=1"
    );
}

/// A ref that names nothing is a clear error, never an install of something else.
#[test]
fn recipes_refuse_a_ref_that_does_not_exist() {
    if !wanted() {
        return;
    }
    let job = Job::new("missing-ref");
    let github = github_step(
        &recipe("docs/examples/github/pe-lint.yml"),
        "Resolve the pe-lint commit",
    );
    let gitlab = gitlab_list(
        &recipe("docs/examples/gitlab/.gitlab-ci.yml"),
        "before_script",
    );
    for script in [github, gitlab] {
        let script = format!("PE_LINT_REF=v9.9.9-missing\n{script}");
        let (code, out) = job.bash(&script);
        assert_eq!(code, 2, "{out}");
        assert!(
            out.contains("no tag, branch or commit v9.9.9-missing"),
            "{out}"
        );
        assert!(!out.contains("Installing"), "{out}");
    }
}
