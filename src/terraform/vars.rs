//! Root module variable values from every source, in Terraform's precedence order:
//! defaults < `TF_VAR_` environment < `terraform.tfvars` < `terraform.tfvars.json` <
//! `*.auto.tfvars(.json)` in lexical order < `-var-file` and `-var` in command-line order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use std::rc::Rc;

use super::eval::Scope;
use super::instance::{EachCtx, Evaluator};
use super::types;
use super::value::Value;
use crate::diag::Diagnostic;
use crate::source::{FileId, Loc};
use crate::syntax::Body;

/// A `-var` or `-var-file` argument, in command-line order.
#[derive(Clone, Debug)]
pub enum CliVar {
    File(PathBuf),
    Var(String, String),
}

/// A parsed tfvars file.
pub struct VarFile<'a> {
    pub file: FileId,
    pub body: &'a Body,
}

/// Order the tfvars files found in a root directory by Terraform's precedence (lowest first).
pub fn auto_var_files(files: &[PathBuf]) -> Vec<PathBuf> {
    let name = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string()
    };
    let mut out = Vec::new();
    for fixed in ["terraform.tfvars", "terraform.tfvars.json"] {
        out.extend(files.iter().filter(|p| name(p) == fixed).cloned());
    }
    let mut auto: Vec<PathBuf> = files
        .iter()
        .filter(|p| {
            let n = name(p);
            n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json")
        })
        .cloned()
        .collect();
    auto.sort_by_key(|p| name(p));
    out.extend(auto);
    out
}

pub enum Source<'a> {
    File(VarFile<'a>),
    Raw(String, String, &'static str),
}

/// Compute the root inputs. `sources` are in precedence order, lowest first, after the
/// environment variables.
pub fn root_inputs(
    ev: &Evaluator<'_>,
    env: &[(String, String)],
    sources: &[Source<'_>],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Value> {
    let config = ev.inst(0).config.clone();
    let mut out = BTreeMap::new();
    for (name, raw) in env {
        if config.variables.contains_key(name) {
            out.insert(
                name.clone(),
                raw_value(ev, name, raw, "TF_VAR_ environment variable", diags),
            );
        }
    }
    for s in sources {
        match s {
            Source::File(f) => {
                for a in &f.body.attrs {
                    if !config.variables.contains_key(&a.name) {
                        diags.push(
                            Diagnostic::warning(
                                "undeclared-variable",
                                format!("a value is set for {:?}, which the root module does not declare", a.name),
                            )
                            .at(f.file, a.span),
                        );
                        continue;
                    }
                    let v = ev.eval_const(&a.expr, Some(f.file));
                    out.insert(a.name.clone(), v);
                }
            }
            Source::Raw(name, raw, what) => {
                // With several roots, a -var is for the roots that declare it; a name no root
                // declares is reported once for the run (`undeclared_cli_vars`).
                if config.variables.contains_key(name) {
                    out.insert(name.clone(), raw_value(ev, name, raw, what, diags));
                }
            }
        }
    }
    out
}

/// A `--var` that no checked root declares: an error, as Terraform's "Value for undeclared
/// variable", with the closest declared name, since a misspelt name would otherwise leave
/// the variable at its default without a word. `declared` holds every checked root's
/// variables; with no root at all there is nothing to set and nothing is said.
pub fn undeclared_cli_vars(cli_vars: &[CliVar], declared: &BTreeSet<&str>) -> Vec<Diagnostic> {
    if declared.is_empty() {
        return Vec::new();
    }
    let mut reported = BTreeSet::new();
    let mut out = Vec::new();
    for v in cli_vars {
        let CliVar::Var(name, _) = v else { continue };
        if declared.contains(name.as_str()) || !reported.insert(name.as_str()) {
            continue;
        }
        let mut d = Diagnostic::error(
            "undeclared-variable",
            format!("--var {name:?}: no checked root module declares a variable of this name"),
        );
        d = match closest(name, declared) {
            Some(c) => d.with_help(format!("did you mean {c:?}?")),
            None => d.with_help(
                "declare it in a `variable` block of the root module, or drop the --var",
            ),
        };
        out.push(d);
    }
    out
}

/// The declared name nearest to `name`, when it is near enough to be a typo of it.
fn closest<'a>(name: &str, declared: &BTreeSet<&'a str>) -> Option<&'a str> {
    declared
        .iter()
        .map(|c| (crate::text::edit_distance(name, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `-var` and `TF_VAR_` text: literal for string-typed (or untyped) variables, HCL otherwise.
fn raw_value(
    ev: &Evaluator<'_>,
    name: &str,
    raw: &str,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Value {
    let config = ev.inst(0).config.clone();
    let ty = config
        .variables
        .get(name)
        .and_then(|d| d.type_expr.as_ref())
        .map(|t| types::parse_type(t, &|e| ev.eval_const(e, None)))
        .unwrap_or(types::Type::Any);
    if ty.is_primitive_string() {
        return Value::string(raw);
    }
    match crate::lower::parse_expr_text(raw) {
        Ok(e) => ev.eval_const(&e, None),
        Err(msg) => {
            diags.push(Diagnostic::error(
                "bad-variable",
                format!("{what} for {name:?} is not a valid HCL value: {msg}"),
            ));
            Value::unknown()
        }
    }
}

impl Evaluator<'_> {
    /// Check the `validation` blocks of variable `name` of module instance `inst_i`, as
    /// `terraform plan` does for every module: a condition that is false is an error at the
    /// condition. A condition that is unknown (the value is known only after apply) or that
    /// pe-lint cannot evaluate is not: Terraform checks it later, or pe-lint cannot tell.
    pub fn validate_variable(&self, inst_i: usize, name: &str) {
        let inst = self.inst(inst_i);
        let Some(decl) = inst.config.variables.get(name) else {
            return;
        };
        let scope = Scope::new(inst_i, Rc::new(EachCtx::default())).in_file(decl.loc.file);
        for rule in &decl.validations {
            let Some(cond) = rule.attr("condition") else {
                continue;
            };
            if !matches!(self.catch(&cond.expr, &scope), Ok(v) if v.as_bool() == Some(false)) {
                continue;
            }
            let why = rule
                .attr("error_message")
                .and_then(|m| self.catch(&m.expr, &scope).ok())
                .and_then(|m| m.to_template_string())
                .unwrap_or_else(|| "the validation condition is false".to_string());
            let whose = if inst.path.is_empty() {
                format!("variable {name:?}")
            } else {
                format!("variable {name:?} of {}", inst.path)
            };
            let d = Diagnostic::error(
                "invalid-variable",
                format!("invalid value for {whose}: {why}"),
            )
            .at_loc(Loc {
                file: decl.loc.file,
                span: cond.expr.span,
            })
            .with_help("terraform plan stops here: this validation rule rejects the value");
            self.state.diags.borrow_mut().push(d);
        }
    }
}

/// `--env` (or the configuration's `environment`) against what the root module itself says:
/// when a root's environment variable (the first of `names` it declares) is set to another
/// environment, the rules would check that environment's values against the wrong
/// requirements. That is an error naming both values; pe-lint does not pick one. A value that
/// names no environment (`stage_name = "v1"`) or is unknown is not a disagreement.
pub fn env_conflicts(
    roots: &[super::model::RootModel],
    given: crate::types::Env,
    names: &[&str],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for root in roots {
        let Some((name, value)) = names
            .iter()
            .find_map(|n| root.variables.get(*n).map(|v| (*n, v)))
        else {
            continue;
        };
        let Some(text) = value.as_str() else { continue };
        match crate::types::Env::parse_loose(text) {
            Some(e) if e != given => out.push(
                Diagnostic::error(
                    "env-mismatch",
                    format!(
                        "the environment is {} (--env or the configuration), but the root module {} sets var.{name} = {text:?}",
                        given.as_str(),
                        root.display,
                    ),
                )
                .with_help(format!(
                    "pass --env {} for this root, or the var file of the {} environment; pe-lint does not check one environment's values against another's requirements",
                    e.as_str(),
                    given.as_str(),
                )),
            ),
            _ => {}
        }
    }
    out
}
