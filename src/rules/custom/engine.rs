//! Evaluating a check on each resource: `where` selects, `assert` decides, with the
//! configuration's own evaluator on an isolated scope (`self`, `address`, `tags`, `env`,
//! `settings`) and the engine helpers (`related`, `resources`, `statements`, `refers_to`)
//! plugged in through [`Extensions`].

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use super::{path_string, Check, CustomRule, Seg};
use crate::diag::Diagnostic;
use crate::rules::util::{attr_refers_to, why_unknown};
use crate::rules::{Ctx, RootIndex, Settings, Verdict};
use crate::source::Loc;
use crate::syntax::Expr;
use crate::terraform::config::Mode;
use crate::terraform::eval::{EvalState, Extensions, Scope};
use crate::terraform::instance::{EachCtx, EvalOptions, Evaluator};
use crate::terraform::policy_doc::statements;
use crate::terraform::value::{Map, Part};
use crate::terraform::{Configs, Instance, ModuleConfig, Value};

/// Evaluation limits for one check on one resource. Rules read no files: the boundary is an
/// empty path.
pub fn eval_options() -> EvalOptions {
    EvalOptions {
        boundary: PathBuf::new(),
        max_instances: 1,
        max_steps: 2_000_000,
        max_total_steps: 2_000_000,
        max_module_depth: 1,
        max_eval_depth: 1_000,
        max_string_len: 16 << 20,
        max_collection_len: 1_000_000,
        workspace: None,
    }
}

/// The helpers, for one resource (`self`).
struct Host {
    index: Arc<RootIndex>,
    this: Arc<Instance>,
}

impl Extensions for Host {
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        Some(match name {
            "related" => self.related(args),
            "resources" => self.resources(args),
            "statements" => statements(args.first().unwrap_or(&Value::Null)),
            "refers_to" => self.refers_to(args),
            _ => return None,
        })
    }
    fn missing_attr_is_null(&self) -> bool {
        true
    }
}

/// A string argument; `Ok(None)` when it is not known yet.
fn str_arg<'a>(args: &'a [Value], i: usize, what: &str) -> Result<Option<&'a str>, String> {
    match args.get(i) {
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) if !v.is_wholly_known() => Ok(None),
        Some(v) => Err(format!("{what} must be a string, got {}", v.display())),
        None => Err(format!("{what} is missing")),
    }
}

fn split_type(t: &str) -> Result<(Mode, &str), String> {
    let (mode, rtype) = match t.strip_prefix("data.") {
        Some(r) => (Mode::Data, r),
        None => (Mode::Managed, t),
    };
    if rtype.is_empty() || !rtype.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("{t:?} is not a resource type"));
    }
    Ok((mode, rtype))
}

impl Host {
    fn related(&self, args: &[Value]) -> Result<Value, String> {
        let (Some(t), Some(attr)) = (
            str_arg(args, 0, "the resource type")?,
            str_arg(args, 1, "the attribute")?,
        ) else {
            return Ok(Value::unknown_of(&args.iter().collect::<Vec<_>>()));
        };
        let (mode, rtype) = split_type(t)?;
        let Some(path) = super::parse_path(attr) else {
            return Err(format!("{attr:?} is not an attribute path"));
        };
        let this = &self.this;
        let out: Vec<Value> = self
            .index
            .of(mode, rtype)
            .filter(|i| !(i.address == this.address && i.mode == this.mode))
            .filter(|i| path_refers_to(i, &path, this) || path_refers_to(this, &path, i))
            .map(|i| i.values.clone())
            .collect();
        Ok(Value::list(out))
    }

    fn resources(&self, args: &[Value]) -> Result<Value, String> {
        let Some(t) = str_arg(args, 0, "the resource type")? else {
            return Ok(Value::unknown_of(&args.iter().collect::<Vec<_>>()));
        };
        let (mode, rtype) = split_type(t)?;
        Ok(Value::list(
            self.index
                .of(mode, rtype)
                .map(|i| i.values.clone())
                .collect(),
        ))
    }

    /// Does the value point at a resource of the given type (`aws_kms_key`, `data.X`) or at
    /// the given address (`module.kms.aws_kms_key.main`), through the origins of its unknown
    /// parts? A known value refers to nothing.
    fn refers_to(&self, args: &[Value]) -> Result<Value, String> {
        let v = args.first().cloned().unwrap_or(Value::Null);
        let Some(target) = str_arg(args, 1, "the target")? else {
            return Ok(Value::unknown_of(&[&args[1]]));
        };
        let addrs = v.referenced_resources();
        let is_address = target.strip_prefix("data.").unwrap_or(target).contains('.');
        let hit = addrs.iter().any(|a| {
            if is_address {
                **a == *target
                    || a.strip_prefix(target)
                        .is_some_and(|rest| rest.starts_with('['))
            } else {
                let (mode, rtype) = match target.strip_prefix("data.") {
                    Some(t) => (Mode::Data, t),
                    None => (Mode::Managed, target),
                };
                match self.index.by_address(a) {
                    Some(i) => i.mode == mode && i.rtype == rtype,
                    None => address_type(a) == Some((mode, rtype)),
                }
            }
        });
        Ok(Value::Bool(hit))
    }
}

/// The mode and type of a resource address: `module.a["k"].data.aws_x.y[0]`.
fn address_type(addr: &str) -> Option<(Mode, &str)> {
    let mut rest = addr;
    loop {
        if let Some(r) = rest.strip_prefix("module.") {
            // Skip the module name and an optional key.
            let end = r.find(['.', '['])?;
            rest = &r[end..];
            if rest.starts_with('[') {
                let close = closing_bracket(rest)?;
                rest = &rest[close + 1..];
            }
            rest = rest.strip_prefix('.')?;
            continue;
        }
        break;
    }
    let (mode, rest) = match rest.strip_prefix("data.") {
        Some(r) => (Mode::Data, r),
        None => (Mode::Managed, rest),
    };
    let t = &rest[..rest.find('.')?];
    Some((mode, t))
}

/// Index of the `]` closing the `[` at the start, skipping quoted keys.
fn closing_bracket(s: &str) -> Option<usize> {
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_str => escaped = true,
            '"' => in_str = !in_str,
            ']' if !in_str => return Some(i),
            _ => {}
        }
    }
    None
}

/// The value at an attribute path. An attribute step over a list applies to each element
/// (like a splat), so `rule.kms_master_key_id` reads every rule's key.
pub(crate) fn value_at(v: &Value, path: &[Seg]) -> Option<Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(v.clone());
    };
    match (first, v) {
        (Seg::Attr(_), Value::List(items)) => {
            let got: Vec<Value> = items.iter().filter_map(|x| value_at(x, path)).collect();
            Some(Value::list(got))
        }
        (Seg::Attr(a), _) => value_at(&v.get(a)?, rest),
        (Seg::Index(n), Value::List(items)) => value_at(items.get(*n)?, rest),
        (Seg::Index(_), Value::Unknown(_)) => Some(v.clone()),
        _ => None,
    }
}

/// Does `from`'s attribute at `path` refer to `target`? A top-level attribute uses the same
/// test as the built-in rules (value origins, then the reference graph); a nested path uses
/// the value's origins, then the graph of its top-level attribute.
fn path_refers_to(from: &Instance, path: &[Seg], target: &Instance) -> bool {
    let Some(Seg::Attr(top)) = path.first() else {
        return false;
    };
    if path.len() == 1 {
        return attr_refers_to(from, top, target);
    }
    value_at(&from.values, path)
        .is_some_and(|v| crate::rules::util::value_refers_to(from, top, &v, target))
}

/// The `settings` a rule's checks see: the built-in settings and the rule's own.
fn rule_settings_value(rule: &CustomRule, s: &Settings) -> Value {
    let base = settings_value(s);
    if rule.meta.settings.is_empty() {
        return base;
    }
    let mut m = base.as_object().cloned().unwrap_or_default();
    for d in &rule.meta.settings {
        m.insert(d.name.clone(), s.rule_setting(d, &rule.id));
    }
    Value::object(m)
}

pub fn settings_value(s: &Settings) -> Value {
    let strings = |v: &[String]| Value::list(v.iter().map(|x| Value::string(x.as_str())).collect());
    let mut m = Map::new();
    m.insert(
        "environment".into(),
        s.environment
            .map(|e| Value::string(e.as_str()))
            .unwrap_or(Value::Null),
    );
    m.insert(
        "retention_days".into(),
        Value::object(
            s.retention_days
                .iter()
                .map(|(e, d)| (e.as_str().to_string(), Value::Number(*d)))
                .collect(),
        ),
    );
    m.insert("retention_minimum".into(), Value::Bool(s.retention_minimum));
    m.insert("required_tags".into(), strings(&s.required_tags));
    m.insert(
        "tag_values".into(),
        Value::object(
            s.tag_values
                .iter()
                .map(|(k, v)| (k.clone(), strings(v)))
                .collect(),
        ),
    );
    m.insert(
        "api_lambda_patterns".into(),
        strings(&s.api_lambda_patterns),
    );
    m.insert(
        "iam_allowed_actions".into(),
        strings(&s.iam_allowed_actions),
    );
    m.insert(
        "iam_allowed_resources".into(),
        strings(&s.iam_allowed_resources),
    );
    Value::object(m)
}

enum Truth {
    Yes,
    No,
    Unknown,
    NotBool,
}

fn truth(v: &Value) -> Truth {
    match v {
        Value::Unknown(_) | Value::Partial(_) => Truth::Unknown,
        _ => match v.as_bool() {
            Some(true) => Truth::Yes,
            Some(false) => Truth::No,
            None => Truth::NotBool,
        },
    }
}

/// Text of a message value: known text as is, unknown parts as `${...}`.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Partial(parts) => parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.clone(),
                Part::Unknown(u) => format!("${{{}}}", u.describe()),
            })
            .collect(),
        other => other.display(),
    }
}

/// Shared by every check of one rule on one root.
struct Runtime {
    configs: Configs,
    opts: EvalOptions,
    empty: Arc<ModuleConfig>,
    index: Arc<RootIndex>,
    env: Value,
    settings: Value,
}

/// One evaluation of a check's expressions on one resource.
struct Run<'a> {
    ev: Evaluator<'a>,
    scope: Scope,
}

impl Run<'_> {
    /// Evaluate, returning the value and the evaluation errors it met.
    fn eval(&self, e: &Expr) -> (Value, Vec<String>) {
        let v = self.ev.eval(e, &self.scope);
        let errors = std::mem::take(&mut *self.ev.state.diags.borrow_mut())
            .into_iter()
            .filter(|d| d.code == "eval-error" || d.is_error())
            .map(|d| d.message)
            .collect();
        (v, errors)
    }
}

/// The instances a rule's checks look at on one root: what its share of the budget grows with.
pub fn instances_checked(rule: &CustomRule, cx: &Ctx<'_>) -> u64 {
    rule.checks
        .iter()
        .map(|c| match c.mode {
            Mode::Data => cx.data(&c.rtype).len(),
            _ => cx.resources(&c.rtype).len(),
        } as u64)
        .sum()
}

/// Split what evaluation left of the run's budget between (rule, root) jobs, in proportion to
/// the instances each checks, before any runs: the split, and so every verdict, does not depend
/// on threads or scheduling. `left` is `None` for a model not evaluated here (a plan): the
/// run's default budget then.
pub fn budget_shares(instances: &[u64], left: Option<u64>) -> Vec<u64> {
    let left = left.unwrap_or_else(eval_options_default_total) as u128;
    let all: u128 = instances.iter().map(|&n| n as u128).sum::<u128>().max(1);
    instances
        .iter()
        .map(|&n| u64::try_from(left * n as u128 / all).unwrap_or(u64::MAX))
        .collect()
}

fn eval_options_default_total() -> u64 {
    EvalOptions::new(PathBuf::new()).max_total_steps
}

/// Run every check of a rule on one root. Returns the verdicts, and errors for checks whose
/// `where` or `assert` is not a bool (a broken rule). Built-in rules written as policies use
/// this: their expressions are ours, bounded per resource by `eval_options`.
pub fn check_rule(rule: &CustomRule, cx: &Ctx<'_>) -> (Vec<Verdict>, Vec<Diagnostic>) {
    check_rule_within(rule, cx, u64::MAX)
}

/// [`check_rule`] spending at most `share` steps on the whole root, all resources together.
/// Once it is spent, the checks left are unresolved (never passed) and an `eval-budget` error
/// names the rule and its file.
pub fn check_rule_within(
    rule: &CustomRule,
    cx: &Ctx<'_>,
    share: u64,
) -> (Vec<Verdict>, Vec<Diagnostic>) {
    let rt = Runtime {
        configs: Configs::default(),
        opts: eval_options(),
        empty: Arc::new(ModuleConfig::default()),
        index: cx.index().clone(),
        env: cx
            .env
            .map(|e| Value::string(e.as_str()))
            .unwrap_or(Value::Null),
        settings: rule_settings_value(rule, cx.settings),
    };
    let mut verdicts = Vec::new();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut left = share;
    let mut cut = false;
    for check in &rule.checks {
        let instances = match check.mode {
            Mode::Data => cx.data(&check.rtype),
            _ => cx.resources(&check.rtype),
        };
        for inst in instances {
            if left == 0 {
                cut = true;
                verdicts.push(not_checked(rule, cx, inst));
                continue;
            }
            let max_steps = rt.opts.max_steps.min(left);
            let mut spent = 0;
            let run = (max_steps, &mut spent);
            if let Some(v) = check_one(rule, check, &rt, cx, inst, run, &mut diags) {
                verdicts.push(v);
            }
            // Spent by the share, not by the per-resource budget: the share is gone.
            if spent > max_steps && max_steps < rt.opts.max_steps {
                cut = true;
                left = 0;
            } else {
                left -= spent.min(left);
            }
        }
    }
    if cut {
        diags.push(share_spent(rule, cx, share));
    }
    diags.sort_by(|a, b| (a.loc, &a.message).cmp(&(b.loc, &b.message)));
    diags.dedup();
    (verdicts, diags)
}

fn not_checked(rule: &CustomRule, cx: &Ctx<'_>, inst: &Instance) -> Verdict {
    cx.unresolved_at(
        &rule.id,
        inst,
        inst.header_loc(),
        format!(
            "{}: not checked: the evaluation budget of this run is spent",
            inst.address
        ),
        "see the eval-budget error",
    )
}

fn share_spent(rule: &CustomRule, cx: &Ctx<'_>, share: u64) -> Diagnostic {
    let mut d = Diagnostic::error(
        "eval-budget",
        format!(
            "custom rule {} stopped after {share} steps on the root module {}: its share of the \
             run's evaluation budget is spent, and its checks left there are unresolved",
            rule.id, cx.root.display
        ),
    )
    .with_help(
        "the rule computes far more per resource than a policy needs; simplify it, or raise \
         the budget with `--limit total-steps=N` if it is legitimate",
    );
    if let Some(f) = rule.file {
        d = d.at(f, rule.header);
    }
    d
}

fn not_bool(rule: &CustomRule, check: &Check, what: &str, e: &Expr, v: &Value) -> Diagnostic {
    let mut d = Diagnostic::error(
        "rule-type",
        format!(
            "rule {}: `{what}` must be a bool, but it is {} for some resources",
            &rule.id,
            if v.is_null() {
                "null".to_string()
            } else {
                format!("a {} ({})", v.type_name(), v.display())
            }
        ),
    )
    .with_help("compare explicitly, e.g. `self.enabled == true`, so that an unset attribute (null) gives false");
    if let Some(f) = check.file {
        d = d.at(f, e.span);
    }
    d
}

fn check_one(
    rule: &CustomRule,
    check: &Check,
    rt: &Runtime,
    cx: &Ctx<'_>,
    inst: &Arc<Instance>,
    (max_steps, spent): (u64, &mut u64),
    diags: &mut Vec<Diagnostic>,
) -> Option<Verdict> {
    let mut state = EvalState::new(&rt.opts);
    state.max_steps = max_steps;
    state.run_share = max_steps < rt.opts.max_steps;
    state.extensions = Some(Box::new(Host {
        index: rt.index.clone(),
        this: inst.clone(),
    }));
    let ev = Evaluator::new(
        &rt.configs,
        &rt.opts,
        rt.empty.clone(),
        state,
        BTreeMap::new(),
    );
    let mut scope = Scope::new(0, Rc::new(EachCtx::default()));
    scope.isolated = true;
    scope.file = check.file;
    scope.bindings = vec![
        (Rc::from("self"), inst.values.clone()),
        (Rc::from("address"), Value::string(inst.address.as_str())),
        (Rc::from("tags"), inst.effective_tags()),
        (Rc::from("env"), rt.env.clone()),
        (Rc::from("settings"), rt.settings.clone()),
    ];
    let run = Run { ev, scope };
    let verdict = decide(rule, check, &run, cx, inst, diags);
    *spent = run.ev.state.steps.get();
    verdict
}

fn decide(
    rule: &CustomRule,
    check: &Check,
    run: &Run<'_>,
    cx: &Ctx<'_>,
    inst: &Arc<Instance>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Verdict> {
    let id = &*rule.id;
    let unresolved_fix = "give the value a default or a tfvars value, or pass it with --var";
    // `where`: false is not applicable; unknown is decided by the assertion below.
    let mut where_unknown = None;
    if let Some(w) = &check.where_ {
        let (v, errors) = run.eval(w);
        match truth(&v) {
            Truth::No => return None,
            Truth::Yes => {}
            Truth::Unknown => where_unknown = Some((v, errors)),
            Truth::NotBool => {
                diags.push(not_bool(rule, check, "where", w, &v));
                return None;
            }
        }
    }
    let (v, errors) = run.eval(&check.assert);
    let t = truth(&v);
    if let Truth::NotBool = t {
        diags.push(not_bool(rule, check, "assert", &check.assert, &v));
        return None;
    }
    if let Some((wv, werrors)) = where_unknown {
        // A resource that satisfies the assertion passes whether or not the rule applies.
        if matches!(t, Truth::Yes) {
            return Some(cx.pass(id, inst, rule.meta.requirement.trim()));
        }
        let (loc, msg) = unresolved_reason(inst, &check.where_paths, &wv, &werrors);
        return Some(cx.unresolved_at(
            id,
            inst,
            loc.unwrap_or_else(|| inst.header_loc()),
            format!("{}: cannot tell whether {id} applies: {msg}", inst.address),
            unresolved_fix,
        ));
    }
    match t {
        Truth::Yes => Some(cx.pass(id, inst, rule.meta.requirement.trim())),
        Truth::Unknown => {
            let (loc, msg) = unresolved_reason(inst, &check.assert_paths, &v, &errors);
            let loc = loc.unwrap_or_else(|| inst.loc_of(check.at.as_deref().unwrap_or("")));
            Some(cx.unresolved_at(
                id,
                inst,
                loc,
                format!("{}: {msg}", inst.address),
                unresolved_fix,
            ))
        }
        _ => Some(failed(rule, check, run, cx, inst)),
    }
}

/// The finding for a resource that fails the assertion, in the check's own words when its
/// `message` and `fix` evaluate, else the rule's requirement and remediation.
fn failed(
    rule: &CustomRule,
    check: &Check,
    run: &Run<'_>,
    cx: &Ctx<'_>,
    inst: &Arc<Instance>,
) -> Verdict {
    let id = &*rule.id;
    let text = |e: &Option<Expr>| {
        e.as_ref().and_then(|e| {
            let (v, errors) = run.eval(e);
            match v {
                Value::Null => None,
                _ if !errors.is_empty() => None,
                v => Some(text_of(&v)),
            }
        })
    };
    let message = text(&check.message).unwrap_or_else(|| {
        format!(
            "does not comply with {id}: {}",
            rule.meta.requirement.trim()
        )
    });
    let fix = text(&check.fix).unwrap_or_else(|| first_paragraph(&rule.meta.remediation));
    cx.fail(
        id,
        inst,
        check.at.as_deref().unwrap_or(""),
        format!("{}: {message}", inst.address),
        &fix,
    )
}

fn first_paragraph(s: &str) -> String {
    s.trim()
        .split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where an undecided expression points, and why it is undecided: the first `self`
/// attribute it reads whose value is not known, else the evaluation error, else the
/// value's origins.
fn unresolved_reason(
    inst: &Instance,
    paths: &[Vec<Seg>],
    v: &Value,
    errors: &[String],
) -> (Option<Loc>, String) {
    if let Some((path, val)) = unknown_attr(inst, paths) {
        return (
            Some(inst.loc_of(&path)),
            format!(
                "`{path}` cannot be resolved statically: {}",
                why_unknown(&val)
            ),
        );
    }
    if let Some(e) = errors.first() {
        return (
            None,
            format!("the check could not be evaluated: {e} (guard optional values with try() or a null test)"),
        );
    }
    (
        None,
        format!("the check cannot be decided statically: {}", why_unknown(v)),
    )
}

/// The first `self.<path>` read whose value is not wholly known, as the longest prefix of the
/// path that has a location.
fn unknown_attr(inst: &Instance, paths: &[Vec<Seg>]) -> Option<(String, Value)> {
    for p in paths {
        let Some(top) = value_at(&inst.values, &p[..1]) else {
            continue;
        };
        if top.is_wholly_known() {
            continue;
        }
        for n in (1..=p.len()).rev() {
            let prefix = &p[..n];
            let s = path_string(prefix);
            if n > 1 && !inst.has_loc(&s) {
                continue;
            }
            match value_at(&inst.values, prefix) {
                Some(v) if !v.is_wholly_known() => return Some((s, v)),
                _ => continue,
            }
        }
        return Some((path_string(&p[..1]), top));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_types() {
        assert_eq!(
            address_type("module.a[\"x.y\"].module.b.aws_s3_bucket.c[0]"),
            Some((Mode::Managed, "aws_s3_bucket"))
        );
        assert_eq!(
            address_type("data.aws_iam_policy_document.p"),
            Some((Mode::Data, "aws_iam_policy_document"))
        );
        assert_eq!(address_type("nothing"), None);
    }

    #[test]
    fn statements_normalise() {
        let doc = Value::string(
            r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["a", "b"]}}"#,
        );
        let s = statements(&doc).unwrap();
        let first = &s.as_list().unwrap()[0];
        assert_eq!(
            first.get("Action"),
            Some(Value::list(vec![Value::string("s3:GetObject")]))
        );
        assert_eq!(first.get("Resource").unwrap().as_list().unwrap().len(), 2);
        assert_eq!(statements(&Value::Null), Ok(Value::list(vec![])));
        assert!(statements(&Value::string("not json")).is_err());
        assert!(statements(&Value::unknown()).unwrap().is_unknown());
    }
}
