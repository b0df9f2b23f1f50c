//! The evaluated model of a Terraform configuration: loading modules, evaluating them the way
//! `terraform plan` would, statically, and being explicit about what stays unknown.

pub mod config;
pub mod eval;
pub mod functions;
pub mod instance;
pub mod model;
pub mod policy_doc;
pub mod types;
pub mod value;
pub mod vars;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use config::{Mode, ModuleConfig};
pub use model::{Instance, InstanceKey, Model, RootModel};
pub use value::{Origin, Part, Unknown, Value};

use crate::diag::Diagnostic;
use crate::parse::ParsedFile;

/// Every module directory's configuration, keyed by absolute directory.
#[derive(Default)]
pub struct Configs {
    pub by_dir: BTreeMap<PathBuf, Arc<ModuleConfig>>,
    /// `.terraform/modules/modules.json` per root directory: module key -> directory.
    pub installed: BTreeMap<PathBuf, BTreeMap<String, PathBuf>>,
}

impl Configs {
    pub fn installed_module_dir(&self, root: &Path, key: &str) -> Option<PathBuf> {
        self.installed.get(root)?.get(key).cloned()
    }

    pub fn build(files_by_dir: BTreeMap<PathBuf, Vec<ParsedFile>>) -> Configs {
        let built: Vec<(PathBuf, ModuleConfig)> = files_by_dir
            .into_par_iter()
            .map(|(dir, files)| (dir.clone(), ModuleConfig::build(dir, files)))
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
                out.extend(inst.values().cloned());
            }
        }
        out
    }
}

pub fn is_local_source(src: &str) -> bool {
    src.starts_with("./") || src.starts_with("../") || src == "." || src == ".."
}

/// Read `.terraform/modules/modules.json` of a root: module key -> absolute directory.
pub fn read_installed_modules(root: &Path) -> BTreeMap<String, PathBuf> {
    let path = root.join(".terraform/modules/modules.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return BTreeMap::new();
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for m in json
        .get("Modules")
        .and_then(|m| m.as_array())
        .into_iter()
        .flatten()
    {
        let (Some(key), Some(dir)) = (
            m.get("Key").and_then(|k| k.as_str()),
            m.get("Dir").and_then(|d| d.as_str()),
        ) else {
            continue;
        };
        if key.is_empty() {
            continue;
        }
        out.insert(key.to_string(), crate::discover::normalize(&root.join(dir)));
    }
    out
}

pub struct EvalInput<'a> {
    pub configs: &'a Configs,
    pub roots: Vec<PathBuf>,
    pub opts: instance::EvalOptions,
    pub root_inputs: BTreeMap<PathBuf, BTreeMap<String, Value>>,
}

/// Evaluate every root, in parallel. Output order follows `roots` (sorted by the caller).
pub fn evaluate(input: &EvalInput<'_>) -> Model {
    let results: Vec<(Option<RootModel>, Vec<Diagnostic>)> = input
        .roots
        .par_iter()
        .map(|root| {
            let Some(config) = input.configs.by_dir.get(root) else {
                return (None, vec![]);
            };
            let inputs = input.root_inputs.get(root).cloned().unwrap_or_default();
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                evaluate_root(input.configs, &input.opts, config.clone(), inputs)
            }));
            match run {
                // A root evaluated with a named var file is keyed (and shown) by that file.
                Ok((Some(mut m), d)) if &m.dir != root => {
                    m.display = crate::source::display_path(root);
                    (Some(m), d)
                }
                Ok(r) => r,
                Err(p) => {
                    let msg = p
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    (
                        None,
                        vec![Diagnostic::error(
                            "internal-error",
                            format!(
                                "internal error while evaluating {}: {msg}",
                                crate::source::display_path(root)
                            ),
                        )
                        .with_help("please report this with the file that triggers it")],
                    )
                }
            }
        })
        .collect();
    let mut model = Model::default();
    for (root, diags) in results {
        model.diagnostics.extend(diags);
        if let Some(r) = root {
            model.roots.push(r);
        }
    }
    model
}

fn evaluate_root(
    configs: &Configs,
    opts: &instance::EvalOptions,
    config: Arc<ModuleConfig>,
    inputs: BTreeMap<String, Value>,
) -> (Option<RootModel>, Vec<Diagnostic>) {
    let dir = config.dir.clone();
    let st = eval::EvalState::new(opts);
    let ev = instance::Evaluator::new(configs, opts, config, st, inputs);
    let instances = ev.all_instances();
    let variables = ev.root_variable_values();
    let module_instances = ev.insts.borrow().len();
    let mut diags = ev.st.diags.into_inner();
    diags.sort_by(|a, b| (a.loc, &a.message).cmp(&(b.loc, &b.message)));
    diags.dedup();
    (
        Some(RootModel {
            display: crate::source::display_path(&dir),
            dir,
            instances,
            variables,
            module_instances,
        }),
        diags,
    )
}
