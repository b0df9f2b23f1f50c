//! The evaluated model of a Terraform configuration: loading modules, evaluating them the way
//! `terraform plan` would, statically, and being explicit about what stays unknown.

pub mod aws_data;
pub mod config;
pub mod eval;
pub mod functions;
pub mod instance;
pub mod loaded;
pub mod model;
pub mod module_source;
pub mod policy_doc;
pub mod types;
pub mod value;
pub mod vars;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use config::{Mode, ModuleConfig};
pub use model::{Configured, Instance, InstanceAddress, InstanceKey, Model, ModuleCall, RootModel};
pub use value::{Origin, Part, Unknown, Value};

use crate::diag::Diagnostic;
use crate::parse::ParsedFile;

/// Every module directory's configuration, keyed by absolute directory.
#[derive(Default)]
pub struct Configs {
    pub by_dir: BTreeMap<PathBuf, Arc<ModuleConfig>>,
    /// `.terraform/modules/modules.json` per root directory: module key -> its entry.
    pub installed: BTreeMap<PathBuf, BTreeMap<String, Installed>>,
}

/// One entry of `.terraform/modules/modules.json`: where `terraform init` put a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Installed {
    /// `Dir`, absolute.
    pub dir: PathBuf,
    /// `Source`, the address the module was installed from, as written in the manifest.
    pub source: String,
    /// `Version`, for a module installed from a registry.
    pub version: Option<String>,
    /// The manifest's line holding the entry's `Key` (1-based; 0 when not found).
    pub line: usize,
}

impl Configs {
    pub fn installed_module(&self, root: &Path, key: &str) -> Option<&Installed> {
        self.installed.get(root)?.get(key)
    }

    pub fn build(files_by_dir: BTreeMap<PathBuf, Vec<ParsedFile>>) -> Configs {
        let built: Vec<(PathBuf, ModuleConfig)> = files_by_dir
            .into_par_iter()
            .map(|(dir, files)| {
                let shown = crate::source::display_path(&dir);
                let config = crate::guard::catch(|| ModuleConfig::build(dir.clone(), files))
                    .unwrap_or_else(|msg| ModuleConfig {
                        dir: dir.clone(),
                        diagnostics: vec![crate::guard::internal_error(
                            "reading the module",
                            &shown,
                            &msg,
                        )],
                        ..ModuleConfig::default()
                    });
                (dir, config)
            })
            .collect();
        Configs {
            by_dir: built.into_iter().map(|(d, c)| (d, Arc::new(c))).collect(),
            installed: BTreeMap::new(),
        }
    }

    /// Directories called as local modules by any loaded configuration.
    pub fn called_dirs(&self) -> BTreeSet<PathBuf> {
        let mut out = BTreeSet::new();
        for (dir, c) in &self.by_dir {
            for call in &c.calls {
                if let Some(src) = &call.source {
                    if is_local_source(src) {
                        out.insert(crate::discover::normalize(&dir.join(src)));
                    }
                }
            }
            if let Some(inst) = self.installed.get(dir) {
                out.extend(inst.values().map(|m| m.dir.clone()));
            }
        }
        out
    }
}

pub fn is_local_source(src: &str) -> bool {
    local_source(src).is_some()
}

pub use crate::discover::local_source;

/// Read `.terraform/modules/modules.json` of a root: module key -> its entry.
pub fn read_installed_modules(root: &Path) -> BTreeMap<String, Installed> {
    read_installed_modules_in(root, &crate::discover::canonical(root)).0
}

/// [`read_installed_modules`] for a root inside `canon_tree`: the manifest is read through
/// [`crate::files`] (inside the tree, a regular file, capped: a link to `/proc/self/pagemap`
/// reports a size of 0 and never ends), and an entry whose `Dir` leads out of the tree is
/// dropped. Each problem is an error naming the manifest and quoting none of it: modules that
/// cannot be found would otherwise go unchecked. No manifest at all is no problem.
pub fn read_installed_modules_in(
    root: &Path,
    canon_tree: &Path,
) -> (BTreeMap<String, Installed>, Vec<Diagnostic>) {
    let path = root.join(".terraform/modules/modules.json");
    let mut out = BTreeMap::new();
    if std::fs::symlink_metadata(&path).is_err() {
        return (out, Vec::new());
    }
    let text = match crate::files::read_text(&path, Some(canon_tree), crate::parse::MAX_FILE_BYTES)
    {
        Ok(t) => t,
        Err(r) => {
            let d = r.diagnostic("module-manifest", "the module manifest", &path);
            return (out, vec![d]);
        }
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return (out, vec![manifest_error(&path, "it is not valid JSON")]);
    };
    let mut diags = Vec::new();
    let mut refused = BTreeSet::new();
    for m in json
        .get("Modules")
        .and_then(|m| m.as_array())
        .into_iter()
        .flatten()
    {
        let (Some(key), Some(dir), source) = (
            m.get("Key").and_then(|k| k.as_str()),
            m.get("Dir").and_then(|d| d.as_str()),
            m.get("Source").and_then(|s| s.as_str()).unwrap_or(""),
        ) else {
            continue;
        };
        if key.is_empty() {
            continue;
        }
        let dir = crate::discover::normalize(&root.join(dir));
        if crate::files::resolves_inside(&dir, canon_tree) == Err(crate::files::Refusal::Outside) {
            diags.push(manifest_error(
                &path,
                &format!(
                    "the directory of module {} leads outside the scanned tree; it was not read",
                    crate::files::escape_bytes(key.as_bytes()).escape_debug()
                ),
            ));
            continue;
        }
        // Terraform refuses a manifest with two records for one module; which one a
        // reader takes is not to be guessed.
        if out.contains_key(key) || refused.contains(key) {
            if refused.insert(key.to_string()) {
                diags.push(manifest_error(
                    &path,
                    &format!(
                        "it has two entries for module {}; neither was used",
                        crate::files::escape_bytes(key.as_bytes()).escape_debug()
                    ),
                ));
            }
            out.remove(key);
            continue;
        }
        let line = key_line(&text, key);
        let installed = Installed {
            dir,
            source: source.to_string(),
            version: m
                .get("Version")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            line,
        };
        out.insert(key.to_string(), installed);
    }
    (out, diags)
}

/// The line of the manifest entry whose `Key` is `key` (0 if it cannot be found).
fn key_line(text: &str, key: &str) -> usize {
    let quoted = serde_json::to_string(key).unwrap_or_default();
    let Ok(re) = regex::Regex::new(&format!(r#""Key"\s*:\s*{}"#, regex::escape(&quoted))) else {
        return 0;
    };
    re.find(text)
        .map(|m| text[..m.start()].matches('\n').count() + 1)
        .unwrap_or(0)
}

fn manifest_error(path: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(
        "module-manifest",
        format!("the module manifest {}: {why}", crate::files::shown(path)),
    )
    .with_help("run `terraform init` again, or remove `.terraform/` from the change")
}

pub struct EvalInput<'a> {
    pub configs: &'a Configs,
    pub roots: Vec<PathBuf>,
    pub opts: instance::EvalOptions,
    pub root_inputs: BTreeMap<PathBuf, BTreeMap<String, Value>>,
}

/// Evaluate every root, in parallel. Output order follows `roots` (sorted by the caller).
///
/// Besides each root's own budget, the whole run has one (`max_total_steps`). Roots are
/// evaluated a round at a time, and the roots of a round share what is left of it: each may
/// spend its own budget, or its equal share of what is left if that is less. So the run never
/// spends more than its budget, whatever the tree's shape; once it is spent, the remaining
/// roots are reported as not evaluated. Round sizes and shares depend only on step counts, not
/// on the number of threads, so the output does not either.
pub fn evaluate(input: &EvalInput<'_>) -> Model {
    let total = input.opts.max_total_steps;
    let mut model = Model::default();
    let mut used = 0u64;
    let mut skipped: Vec<String> = Vec::new();
    let mut retried = 0usize;
    let mut costliest = 0u64;
    let mut chunk = FIRST_ROUND;
    let mut start = 0;
    while start < input.roots.len() {
        let left = total.saturating_sub(used);
        if left == 0 {
            skipped.extend(
                input.roots[start..]
                    .iter()
                    .map(|r| crate::source::display_path(r)),
            );
            break;
        }
        let roots = &input.roots[start..(start + chunk).min(input.roots.len())];
        start += roots.len();
        let share = input.opts.max_steps.min(left / roots.len() as u64).max(1);
        let results: Vec<(Option<RootModel>, Vec<Diagnostic>, u64)> = roots
            .par_iter()
            .map(|root| evaluate_guarded(input, root, share))
            .collect();
        let mut round_used: u64 = results.iter().map(|r| r.2).sum();
        costliest = costliest.max(results.iter().map(|r| r.2).max().unwrap_or(0));
        used = used.saturating_add(round_used);
        for (root, mut result) in roots.iter().zip(results) {
            // Stopped by its share, not by its own budget: evaluated again, alone, with what
            // the run has left, so that one heavy root among many light ones is not cut while
            // the run still has budget. Decided in root order, so deterministically.
            if result.2 >= share && share < input.opts.max_steps {
                let again = input.opts.max_steps.min(total.saturating_sub(used));
                if again > share {
                    result = evaluate_guarded(input, root, again);
                    retried += 1;
                    round_used = round_used.saturating_add(result.2);
                    used = used.saturating_add(result.2);
                }
            }
            let (model_root, diags, _) = result;
            model.diagnostics.extend(diags);
            model.roots.extend(model_root);
        }
        // Sized by the costliest root so far, not the last round's average: a root that outgrows
        // its share is evaluated twice, and the corpus's heavy roots were (18% of evaluation).
        chunk = next_round(chunk, FIRST_ROUND, costliest, total.saturating_sub(used));
    }
    model.steps_left = Some(total.saturating_sub(used));
    model.workspace = input.opts.workspace.clone();
    if std::env::var_os("PE_LINT_TIMINGS").is_some() {
        eprintln!(
            "pe-lint timing: evaluation used {used} budget steps ({retried} root(s) evaluated again)"
        );
    }
    if !skipped.is_empty() {
        let shown: Vec<&str> = skipped.iter().take(5).map(String::as_str).collect();
        model.diagnostics.push(
            Diagnostic::error(
                "eval-budget",
                format!(
                    "the evaluation budget of this run ({total} steps) is spent; {} root module(s) were not evaluated: {}{}",
                    skipped.len(),
                    shown.join(", "),
                    if skipped.len() > shown.len() { ", ..." } else { "" }
                ),
            )
            .with_help("check fewer directories at a time, or raise the budget with `--limit total-steps=N`"),
        );
    }
    model
}

/// Roots in the first round. Fixed, not derived from the number of threads: the shares of the
/// run's budget depend on round sizes.
const FIRST_ROUND: usize = 16;

/// The next round's size: up to four times the last, as long as the budget left covers twice
/// the round at `per_root` (the costliest root so far); never below `base`.
fn next_round(chunk: usize, base: usize, per_root: u64, left: u64) -> usize {
    let affordable = left / per_root.max(1) / 2;
    let affordable = usize::try_from(affordable).unwrap_or(usize::MAX);
    affordable.min(chunk.saturating_mul(4)).max(base)
}

/// Evaluate one root, turning a panic into an internal error. Returns the budget it used.
fn evaluate_guarded(
    input: &EvalInput<'_>,
    root: &Path,
    share: u64,
) -> (Option<RootModel>, Vec<Diagnostic>, u64) {
    let Some(config) = input.configs.by_dir.get(root) else {
        return (None, vec![], 0);
    };
    let inputs = input.root_inputs.get(root).cloned().unwrap_or_default();
    let shown = crate::source::display_path(root);
    let run = crate::guard::catch(|| {
        crate::guard::inject_panic("eval", &shown);
        evaluate_root(input.configs, &input.opts, share, config.clone(), inputs)
    });
    match run {
        // A root evaluated with a named var file is keyed (and shown) by that file.
        Ok((Some(mut m), d, steps)) if m.dir != root => {
            m.display = crate::source::display_path(root);
            (Some(m), d, steps)
        }
        Ok(r) => r,
        Err(msg) => (
            None,
            vec![crate::guard::internal_error(
                "evaluating the root module",
                &shown,
                &msg,
            )],
            0,
        ),
    }
}

/// One per root that read `terraform.workspace` without a workspace given: the values that
/// depend on it are unknown, and `--strict` fails on it (`rules::settings::NOT_CHECKED`).
fn unknown_workspace(at: crate::source::Loc) -> Diagnostic {
    Diagnostic::warning(
        "unknown-workspace",
        "terraform.workspace is unknown: pass --workspace NAME or set TF_WORKSPACE",
    )
    .at_loc(at)
    .with_help("the values that depend on it are unresolved")
}

fn evaluate_root(
    configs: &Configs,
    opts: &instance::EvalOptions,
    share: u64,
    config: Arc<ModuleConfig>,
    inputs: BTreeMap<String, Value>,
) -> (Option<RootModel>, Vec<Diagnostic>, u64) {
    let dir = config.dir.clone();
    let mut state = eval::EvalState::new(opts);
    state.max_steps = share;
    state.run_share = share < opts.max_steps;
    let ev = instance::Evaluator::new(configs, opts, config, state, inputs);
    let instances = ev.all_instances();
    let variables = ev.root_variable_values();
    let module_instances = ev.insts.borrow().len();
    let steps = ev.state.steps.get().min(share);
    let mut diags = ev.state.diags.into_inner();
    if let Some(at) = ev.state.unknown_workspace_at.get() {
        diags.push(unknown_workspace(at));
    }
    diags.sort_by(|a, b| (a.loc, &a.message).cmp(&(b.loc, &b.message)));
    diags.dedup();
    (
        Some(RootModel {
            display: crate::source::display_path(&dir),
            dir,
            instances,
            variables,
            module_instances,
            var_files: Vec::new(),
            variant_of: None,
        }),
        diags,
        steps,
    )
}

#[cfg(test)]
mod round_tests {
    use super::next_round;

    #[test]
    fn rounds_grow_only_while_the_budget_left_covers_them() {
        // An honest tree: cheap roots, plenty left.
        assert_eq!(next_round(16, 16, 7_000, 400_000_000), 64);
        assert_eq!(next_round(64, 16, 7_000, 400_000_000), 256);
        // A hostile one: every root spends its whole budget, nothing left.
        assert_eq!(next_round(16, 16, 10_000_000, 0), 16);
        assert_eq!(next_round(256, 16, 10_000_000, 50_000_000), 16);
    }
}
