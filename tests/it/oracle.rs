//! Terraform as the oracle (issue 7): pe-lint's evaluated model (`pe-lint inspect`) against the
//! golden `terraform plan` of each case under `testdata/oracle/` (made by `scripts/oracle`),
//! instance by instance. Needs no Terraform: the goldens are committed.
//!
//! For every instance in both, every attribute pe-lint has (the configured arguments, nested
//! blocks, and rendered policy documents) is compared with the plan's `change.after`:
//! - the plan knows it and pe-lint has the same value: **equal**;
//! - the plan knows it and pe-lint has it as unknown (or partly unknown): **unresolved**;
//! - the plan knows it and pe-lint has another value: **wrong** (the test fails);
//! - the plan has it unknown (`after_unknown`) and pe-lint has a concrete value: **wrong**.
//!
//! `tags_all` in the plan is compared with pe-lint's `effective_tags`.
//!
//! Normalisations (the provider or Terraform changes the value's form, not its meaning):
//! 1. An argument set to `null` in the configuration is unset: the plan shows the provider's
//!    default or a computed value, so it is not compared.
//! 2. Type conversion to the schema's type: a number or bool written as a string (`"7"`,
//!    `"true"`) equals the plan's number or bool, and a number equals its string form.
//! 3. Strings holding JSON (policy documents, container definitions, dashboards): compared as
//!    parsed JSON, since the provider normalises the text (key order, whitespace).
//! 4. Sets: the plan orders set elements its own way, so lists (and nested-block lists) that
//!    differ only in order are equal.
//! 5. A nested block written once and shown by the plan as a single object (single nesting)
//!    equals a list of one object; an empty list of blocks equals `null` (no block), and so
//!    does an empty map (the provider stores `tags = {}` as null).
//! 6. Effective tags `null` (no tags anywhere) equals `tags_all = {}`.
//! 8. `aws_acm_certificate`: the provider adds `domain_name` to `subject_alternative_names`.
//! 9. Inside nested blocks only the keys pe-lint has (the configured ones) are compared; the
//!    plan adds every optional and computed attribute of the block. Maps (`tags`, `variables`)
//!    are compared whole.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pe_lint::internals::lint::Loaded;
use pe_lint::internals::plan::planned_instances;
use pe_lint::internals::terraform::vars::CliVar;
use pe_lint::internals::terraform::{InstanceAddress, InstanceKey};
use serde_json::{Map, Value as J};

use crate::common::on_ci;

mod modules;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Tally {
    instances: usize,
    compared: usize,
    equal: usize,
    unresolved: usize,
    wrong: usize,
    /// Attributes the plan shows as unknown (pe-lint must not have them concrete).
    plan_unknown: usize,
    /// Unresolved attributes whose plan value holds a value read by a data source that asks AWS
    /// (moto answers it when planning offline): no static reader can know them, so they are
    /// counted apart, outside `compared`.
    from_aws: usize,
    /// Plan instances of a resource whose instance keys pe-lint could not know (its `[*]`
    /// address: `count`/`for_each` unresolved), counted apart rather than as missing.
    unexpanded: usize,
    /// Configured values the provider shows otherwise in the plan (`Out::Provider`,
    /// `PROVIDER_FORMS`): only the provider's schema knows that they mean the same, so they are
    /// counted apart.
    provider_form: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.instances += o.instances;
        self.compared += o.compared;
        self.equal += o.equal;
        self.unresolved += o.unresolved;
        self.wrong += o.wrong;
        self.plan_unknown += o.plan_unknown;
        self.from_aws += o.from_aws;
        self.unexpanded += o.unexpanded;
        self.provider_form += o.provider_form;
    }
    fn resolved_pct(&self) -> f64 {
        if self.compared == 0 {
            100.0
        } else {
            100.0 * self.equal as f64 / self.compared as f64
        }
    }
}

/// The outcome of comparing one value. Ordered: the worst part of a value decides.
#[derive(Clone, Debug, PartialEq)]
enum Out {
    /// Not compared (unset in the configuration).
    Skip,
    /// Unknown in the plan and not concrete in pe-lint.
    PlanUnknown,
    Equal,
    /// The same meaning in the provider's schema, another form in the plan (a set that drops
    /// a duplicate; no block, or `""`, where the provider computes the attribute): counted
    /// apart, neither equal nor wrong.
    Provider,
    Unresolved,
    Wrong(String),
}

impl Out {
    fn rank(&self) -> u8 {
        match self {
            Out::Skip => 0,
            Out::PlanUnknown => 1,
            Out::Equal => 2,
            Out::Provider => 3,
            Out::Unresolved => 4,
            Out::Wrong(_) => 5,
        }
    }
    fn worst(self, other: Out) -> Out {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }
    fn is_wrong(&self) -> bool {
        matches!(self, Out::Wrong(_))
    }
}

fn is_true(v: Option<&J>) -> bool {
    matches!(v, Some(J::Bool(true)))
}

fn mask_at<'a>(m: Option<&'a J>, key: &str) -> Option<&'a J> {
    m.and_then(|m| m.get(key))
        .filter(|v| !matches!(v, J::Bool(false)))
}

fn mask_idx(m: Option<&J>, i: usize) -> Option<&J> {
    m.and_then(|m| m.get(i))
        .filter(|v| !matches!(v, J::Bool(false)))
}

fn short(v: &J) -> String {
    let s = v.to_string();
    if s.len() > 160 {
        format!(
            "{}…",
            &s[..s.char_indices().nth(160).map_or(s.len(), |(i, _)| i)]
        )
    } else {
        s
    }
}

/// A string that holds a JSON object or array (normalisation 3).
fn as_json_doc(s: &str) -> Option<J> {
    let t = s.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    serde_json::from_str(s).ok()
}

fn num_str(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        _ => n.to_string(),
    }
}

/// Compare pe-lint's value `pe` (unknown mask `pu`) with the plan's `pl` (mask `plu`).
/// `block`: `pe` is a nested block's object, whose extra plan keys are not configured.
fn deep(pe: &J, pu: Option<&J>, pl: &J, plu: Option<&J>, block: bool) -> Out {
    if is_true(plu) {
        return if pu.is_some() || pe.is_null() {
            Out::PlanUnknown
        } else if matches!(pe, J::Array(a) if a.is_empty()) || pe.as_str() == Some("") {
            // No block, or a string's zero value, where the provider computes the attribute
            // (`source_code_hash = ""`): the legacy SDK treats both as unset.
            Out::Provider
        } else {
            Out::Wrong(format!(
                "unknown in the plan, but pe-lint has {}",
                short(pe)
            ))
        };
    }
    if is_true(pu) {
        return Out::Unresolved;
    }
    match (pe, pl) {
        (J::Null, _) => Out::Skip,
        (J::String(a), J::String(b)) => {
            if a == b {
                return Out::Equal;
            }
            match (as_json_doc(a), as_json_doc(b)) {
                (Some(x), Some(y)) if json_equal(&x, &y) => Out::Equal,
                _ => Out::Wrong(format!("pe-lint {} != plan {}", short(pe), short(pl))),
            }
        }
        (J::String(a), J::Number(n)) | (J::Number(n), J::String(a)) => {
            let same = a.trim().parse::<f64>().ok() == n.as_f64() || *a == num_str(n);
            if same {
                Out::Equal
            } else {
                Out::Wrong(format!("pe-lint {} != plan {}", short(pe), short(pl)))
            }
        }
        (J::String(a), J::Bool(b)) | (J::Bool(b), J::String(a)) => {
            if *a == b.to_string() {
                Out::Equal
            } else {
                Out::Wrong(format!("pe-lint {} != plan {}", short(pe), short(pl)))
            }
        }
        (J::Number(a), J::Number(b)) => {
            if a.as_f64() == b.as_f64() {
                Out::Equal
            } else {
                Out::Wrong(format!("pe-lint {a} != plan {b}"))
            }
        }
        (J::Bool(a), J::Bool(b)) if a == b => Out::Equal,
        (J::Array(a), J::Null) if a.is_empty() => Out::Equal,
        (J::Object(a), J::Null) if a.is_empty() && pu.is_none() => Out::Equal,
        (J::Array(a), J::Object(_)) if a.len() == 1 && a[0].is_object() => {
            deep(&a[0], mask_idx(pu, 0), pl, plu, true)
        }
        (J::Array(a), J::Array(b)) => match match_lists(a, pu, b, plu) {
            Ok(pairs) => pairs
                .into_iter()
                .fold(Out::Equal, |acc, (_, _, o)| acc.worst(o)),
            Err(e) => Out::Wrong(e),
        },
        (J::Object(a), J::Object(b)) => {
            let mut out = Out::Equal;
            for (k, v) in a {
                // `after` leaves out values that are unknown; `after_unknown` has them.
                let o = match (b.get(k), mask_at(plu, k)) {
                    (Some(pv), m) => deep(v, mask_at(pu, k), pv, m, false),
                    (None, Some(m)) => deep(v, mask_at(pu, k), &J::Null, Some(m), false),
                    (None, None) if v.is_null() => Out::Skip,
                    (None, None) => Out::Wrong(format!("key {k:?} is not in the plan")),
                };
                out = out.worst(o);
            }
            if !block {
                for (k, v) in b {
                    if !a.contains_key(k) && !v.is_null() && pu.is_none() {
                        out = out.worst(Out::Wrong(format!("the plan has key {k:?}")));
                    }
                }
            }
            out
        }
        _ => Out::Wrong(format!("pe-lint {} != plan {}", short(pe), short(pl))),
    }
}

/// Pair list elements: in order when that works, else as sets (normalisation 4). Each pair is
/// (pe index, plan index, outcome). `Err` describes the mismatch.
#[allow(clippy::type_complexity)]
fn match_lists(
    a: &[J],
    pu: Option<&J>,
    b: &[J],
    plu: Option<&J>,
) -> Result<Vec<(usize, usize, Out)>, String> {
    let is_block = |v: &J| v.is_object();
    if a.len() != b.len() && pu.is_none() && same_set(a, b) {
        return Ok(vec![(0, 0, Out::Provider)]);
    }
    if a.len() != b.len() {
        return Err(format!(
            "pe-lint has {} elements, the plan {}: pe-lint {} plan {}",
            a.len(),
            b.len(),
            short(&J::Array(a.to_vec())),
            short(&J::Array(b.to_vec()))
        ));
    }
    let cmp = |i: usize, j: usize| {
        deep(
            &a[i],
            mask_idx(pu, i),
            &b[j],
            mask_idx(plu, j),
            is_block(&a[i]),
        )
    };
    let positional: Vec<(usize, usize, Out)> = (0..a.len()).map(|i| (i, i, cmp(i, i))).collect();
    if !positional.iter().any(|(_, _, o)| o.is_wrong()) {
        return Ok(positional);
    }
    // As sets: each element pairs with a distinct plan element, exact matches first, then an
    // unknown with an unknown, then the rest.
    let mut used = vec![false; b.len()];
    let mut pairs: Vec<Option<(usize, Out)>> = vec![None; a.len()];
    for want in [
        Out::Equal,
        Out::PlanUnknown,
        Out::Skip,
        Out::Provider,
        Out::Unresolved,
    ] {
        for (i, pair) in pairs.iter_mut().enumerate() {
            if pair.is_some() {
                continue;
            }
            if let Some(j) = (0..b.len()).find(|j| !used[*j] && cmp(i, *j) == want) {
                used[j] = true;
                *pair = Some((j, want.clone()));
            }
        }
    }
    let mut out = Vec::new();
    for (i, p) in pairs.into_iter().enumerate() {
        match p {
            Some((j, o)) => out.push((i, j, o)),
            None => {
                let why = positional
                    .iter()
                    .find_map(|(_, _, o)| match o {
                        Out::Wrong(w) => Some(w.clone()),
                        _ => None,
                    })
                    .unwrap_or_default();
                return Err(format!("[{i}]: {why}"));
            }
        }
    }
    let pairs = out;
    Ok(pairs)
}

/// Lists of scalars with the same distinct elements: a set attribute the provider dedups.
fn same_set(a: &[J], b: &[J]) -> bool {
    let scalar = |v: &J| !(v.is_array() || v.is_object());
    if !a.iter().chain(b).all(scalar) {
        return false;
    }
    let set = |l: &[J]| l.iter().map(J::to_string).collect::<BTreeSet<_>>();
    set(a) == set(b)
}

/// JSON documents equal as values (numbers by value).
fn json_equal(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => x.as_f64() == y.as_f64(),
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Compare one instance's block-level object, attribute by attribute, descending into nested
/// blocks so that each attribute inside a block counts once.
fn compare_block(
    pe: &Map<String, J>,
    pu: Option<&J>,
    pl: &J,
    plu: Option<&J>,
    path: &str,
    t: &mut Tally,
    problems: &mut Vec<String>,
) {
    for (k, v) in pe {
        let p = if path.is_empty() {
            k.clone()
        } else {
            format!("{path}.{k}")
        };
        let (kpu, kplu) = (mask_at(pu, k), mask_at(plu, k));
        // `after` leaves out values that are unknown; `after_unknown` has them.
        let pv = match (pl.get(k), kplu) {
            (Some(pv), _) => Some(pv),
            (None, Some(_)) => Some(&J::Null),
            (None, None) => None,
        };
        let Some(pv) = pv else {
            if !v.is_null() && !matches!(v, J::Array(a) if a.is_empty()) {
                t.compared += 1;
                t.wrong += 1;
                problems.push(format!("{p}: not in the plan (pe-lint {})", short(v)));
            }
            continue;
        };
        // Nested blocks: lists of objects, matched element by element.
        if let J::Array(items) = v {
            if !items.is_empty()
                && items.iter().all(J::is_object)
                && !is_true(kpu)
                && !is_true(kplu)
            {
                let plan_items: Vec<J> = match pv {
                    J::Array(b) => b.clone(),
                    o @ J::Object(_) => vec![o.clone()],
                    _ => vec![],
                };
                let plan_mask = match (pv, kplu) {
                    (J::Object(_), Some(m)) => Some(J::Array(vec![m.clone()])),
                    (_, m) => m.cloned(),
                };
                match match_lists(items, kpu, &plan_items, plan_mask.as_ref()) {
                    Ok(pairs) => {
                        for (i, j, _) in pairs {
                            let obj = items[i].as_object().expect("object");
                            compare_block(
                                obj,
                                mask_idx(kpu, i),
                                &plan_items[j],
                                mask_idx(plan_mask.as_ref(), j),
                                &format!("{p}[{i}]"),
                                t,
                                problems,
                            );
                        }
                    }
                    Err(e) => {
                        t.compared += 1;
                        t.wrong += 1;
                        problems.push(format!("{p}: {e}"));
                    }
                }
                continue;
            }
        }
        tally(deep(v, kpu, pv, kplu, false), pv, &p, t, problems);
    }
}

/// Data sources whose values Terraform computes without asking AWS, as pe-lint does.
const LOCAL_DATA: [&str; 4] = [
    "aws_region",
    "aws_partition",
    "aws_iam_policy_document",
    "aws_cloudwatch_log_data_protection_policy_document",
];

thread_local! {
    /// The strings the current case's plan read from data sources that ask AWS (account ids,
    /// availability zones, VPC ids): set by `compare_case`, read by `tally`.
    static AWS_DATA: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn aws_data_strings(plan: &J) -> Vec<String> {
    fn leaves(v: &J, out: &mut Vec<String>) {
        match v {
            J::String(s) if s.len() >= 8 => out.push(s.clone()),
            J::Array(a) => a.iter().for_each(|v| leaves(v, out)),
            J::Object(m) => m.values().for_each(|v| leaves(v, out)),
            _ => {}
        }
    }
    fn walk(m: &J, out: &mut Vec<String>) {
        for r in m["resources"].as_array().into_iter().flatten() {
            if !LOCAL_DATA.contains(&r["type"].as_str().unwrap_or("")) {
                leaves(&r["values"], out);
            }
        }
        for c in m["child_modules"].as_array().into_iter().flatten() {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    walk(&plan["prior_state"]["values"]["root_module"], &mut out);
    out.sort();
    out.dedup();
    out
}

fn from_aws(plan_value: &J) -> bool {
    let text = plan_value.to_string();
    AWS_DATA.with(|d| d.borrow().iter().any(|s| text.contains(s.as_str())))
}

fn tally(o: Out, plan_value: &J, path: &str, t: &mut Tally, problems: &mut Vec<String>) {
    match o {
        Out::Unresolved if from_aws(plan_value) => {
            t.from_aws += 1;
            problems.push(format!(
                "{UNRESOLVED}{path} (from a data source that asks AWS)"
            ));
        }
        Out::Skip => {}
        Out::PlanUnknown => t.plan_unknown += 1,
        Out::Equal => {
            t.compared += 1;
            t.equal += 1;
        }
        Out::Provider => {
            t.provider_form += 1;
            problems.push(format!(
                "{UNRESOLVED}{path} (same in the provider's schema)"
            ));
        }
        Out::Unresolved => {
            t.compared += 1;
            t.unresolved += 1;
            problems.push(format!("{UNRESOLVED}{path}"));
        }
        Out::Wrong(w) => {
            t.compared += 1;
            t.wrong += 1;
            problems.push(format!("{path}: {w}"));
        }
    }
}

// ---- cases ------------------------------------------------------------------------------------

struct Case {
    name: String,
    root: PathBuf,
    /// What pe-lint is given: the root, or a parent folder when the root's local module
    /// sources climb out of it (`../../modules/x`), as Terraform follows them.
    scan: PathBuf,
    args: Vec<String>,
    plan: J,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir("testdata/oracle") else {
        return out;
    };
    let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    dirs.sort();
    for d in dirs {
        let (Ok(case), Ok(plan)) = (
            std::fs::read_to_string(d.join("case.json")),
            std::fs::read_to_string(d.join("plan.json")),
        ) else {
            continue;
        };
        let case: J = serde_json::from_str(&case).expect("case.json");
        // Real-module cases are assembled in a temporary tree: `modules` runs them.
        if !case["tree"].is_null() {
            continue;
        }
        let root = PathBuf::from(case["root"].as_str().expect("root"));
        out.push(Case {
            name: d.file_name().unwrap().to_string_lossy().into_owned(),
            scan: case["scan"]
                .as_str()
                .map(PathBuf::from)
                .unwrap_or_else(|| root.clone()),
            root,
            args: case["args"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            plan: serde_json::from_str(&plan).expect("plan.json"),
        });
    }
    out
}

/// `terraform plan` arguments as pe-lint's `--var`/`--var-file` (var files relative to the root).
fn cli_vars(root: &Path, args: &[String]) -> Vec<CliVar> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(f) = a.strip_prefix("-var-file=") {
            out.push(CliVar::File(root.join(f)));
        } else if a == "-var-file" {
            if let Some(f) = it.next() {
                out.push(CliVar::File(root.join(f)));
            }
        } else {
            let kv = match a.strip_prefix("-var=") {
                Some(kv) => Some(kv.to_string()),
                None if a == "-var" => it.next().cloned(),
                None => None,
            };
            if let Some((k, v)) = kv.as_deref().and_then(|kv| kv.split_once('=')) {
                out.push(CliVar::Var(k.to_string(), v.to_string()));
            }
        }
    }
    out
}

/// pe-lint's evaluation of the case, as the plan was made, and the index of the case's root.
fn evaluate(case: &Case) -> (Loaded, usize) {
    let mut opts = pe_lint::internals::lint::Options::new(vec![case.scan.clone()]);
    opts.cli_vars = cli_vars(&case.root, &case.args);
    // The golden plans were made in Terraform's "default" workspace.
    opts.workspace = Some("default".to_string());
    let loaded = pe_lint::internals::lint::load(&opts);
    let want = pe_lint::internals::discover::absolute(&case.root);
    let idx = loaded
        .model
        .roots
        .iter()
        .position(|r| r.dir == want)
        .unwrap_or_else(|| panic!("{}: root {} not evaluated", case.name, case.root.display()));
    (loaded, idx)
}

/// pe-lint's inspect output for the case's root: address -> resource object.
fn inspect(case: &Case) -> (BTreeMap<String, J>, Vec<String>) {
    let (loaded, idx) = evaluate(case);
    let rendered = pe_lint::internals::inspect::render(&loaded);
    let mut out = BTreeMap::new();
    for r in rendered["roots"][idx]["resources"].as_array().unwrap() {
        out.insert(r["address"].as_str().unwrap().to_string(), r.clone());
    }
    let errors = rendered["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(short)
        .collect();
    (out, errors)
}

/// The plan's instances: address -> (after, after_unknown).
fn golden(plan: &J) -> BTreeMap<String, (J, J)> {
    let mut out = BTreeMap::new();
    for rc in plan["resource_changes"].as_array().into_iter().flatten() {
        out.insert(
            rc["address"].as_str().unwrap().to_string(),
            (
                rc["change"]["after"].clone(),
                rc["change"]["after_unknown"].clone(),
            ),
        );
    }
    fn walk(m: &J, out: &mut BTreeMap<String, (J, J)>) {
        for r in m["resources"].as_array().into_iter().flatten() {
            out.insert(
                r["address"].as_str().unwrap().to_string(),
                (r["values"].clone(), J::Object(Map::new())),
            );
        }
        for c in m["child_modules"].as_array().into_iter().flatten() {
            walk(c, out);
        }
    }
    walk(&plan["prior_state"]["values"]["root_module"], &mut out);
    out
}

/// Whether the plan address `a` is an instance of pe-lint's `w`, whose `[*]` stand for instance
/// keys pe-lint could not know (`module.x[*].aws_s3_bucket.this[*]`).
fn matches_wildcard(w: &str, a: &str) -> bool {
    let Some((head, rest)) = w.split_once("[*]") else {
        return w == a;
    };
    let Some(after) = a.strip_prefix(head).and_then(|r| r.strip_prefix('[')) else {
        return false;
    };
    // The key: a number or a quoted string (which may hold `]` and `\"`).
    let end = if let Some(q) = after.strip_prefix('"') {
        let mut esc = false;
        q.char_indices()
            .find(|&(_, c)| {
                let close = c == '"' && !esc;
                esc = c == '\\' && !esc;
                close
            })
            .map(|(i, _)| i + 2)
    } else {
        after.find(']')
    };
    match end.and_then(|e| after[e..].strip_prefix(']')) {
        Some(tail) => matches_wildcard(rest, tail),
        None => false,
    }
}

/// Configured values the provider stores in another form, by resource type and attribute:
/// (type, attribute, configured value, the plan's value).
const PROVIDER_FORMS: [(&str, &str, &str, J); 1] = [
    // The provider plans `table_class = "STANDARD"` (the default class) as null.
    ("aws_dynamodb_table", "table_class", "STANDARD", J::Null),
];

/// Takes the `PROVIDER_FORMS` attributes out of the comparison, counting them apart.
fn provider_forms(
    rtype: &J,
    values: &mut Map<String, J>,
    after: &J,
    t: &mut Tally,
    problems: &mut Vec<String>,
) {
    for (ty, attr, configured, planned) in &PROVIDER_FORMS {
        if rtype == ty
            && values.get(*attr) == Some(&J::from(*configured))
            && after[*attr] == *planned
        {
            values.remove(*attr);
            t.provider_form += 1;
            problems.push(format!(
                "{UNRESOLVED}{attr} (the provider plans {configured:?} as {planned})"
            ));
        }
    }
}

/// Values the provider changes in the plan, undone (normalisation 8).
fn provider_normalise(rtype: &J, pe: &Map<String, J>, after: &J) -> J {
    let mut after = after.clone();
    if rtype == "aws_acm_certificate" {
        let domain = after.get("domain_name").cloned();
        let configured = pe.get("subject_alternative_names").and_then(J::as_array);
        if let (Some(d), Some(configured), Some(J::Array(sans))) = (
            domain,
            configured,
            after.get_mut("subject_alternative_names"),
        ) {
            if !configured.contains(&d) {
                sans.retain(|s| *s != d);
            }
        }
    }
    after
}

/// Marks an unresolved attribute in the problem list (printed with `ORACLE_VERBOSE=1`).
const UNRESOLVED: &str = "(unresolved) ";

struct CaseResult {
    tally: Tally,
    missing: Vec<String>,
    extra: Vec<String>,
    problems: Vec<String>,
    errors: Vec<String>,
}

fn compare_case(case: &Case) -> CaseResult {
    let (pe, errors) = inspect(case);
    let plan = golden(&case.plan);
    AWS_DATA.with(|d| *d.borrow_mut() = aws_data_strings(&case.plan));
    let pe_addrs: BTreeSet<&String> = pe.keys().collect();
    let plan_addrs: BTreeSet<&String> = plan.keys().collect();
    let wildcards: Vec<&String> = pe_addrs
        .iter()
        .copied()
        .filter(|a| a.contains("[*]"))
        .collect();
    let mut t = Tally::default();
    let (unexpanded, missing): (Vec<&String>, Vec<&String>) = plan_addrs
        .difference(&pe_addrs)
        .copied()
        .partition(|a| wildcards.iter().any(|w| matches_wildcard(w, a)));
    t.unexpanded = unexpanded.len();
    let missing = missing.into_iter().map(|s| s.to_string()).collect();
    let extra = pe_addrs
        .difference(&plan_addrs)
        .filter(|a| !a.contains("[*]"))
        .map(|s| s.to_string())
        .collect();
    let mut problems = Vec::new();
    for (addr, (after, after_unknown)) in &plan {
        let Some(r) = pe.get(addr) else { continue };
        t.instances += 1;
        let mut p = Vec::new();
        let mut values = r["values"].as_object().cloned().unwrap_or_default();
        provider_forms(&r["type"], &mut values, after, &mut t, &mut p);
        let after = &provider_normalise(&r["type"], &values, after);
        let unknown = Some(&r["unknown"]).filter(|u| u.as_object().is_some_and(|m| !m.is_empty()));
        compare_block(
            &values,
            unknown,
            after,
            Some(after_unknown),
            "",
            &mut t,
            &mut p,
        );
        // tags_all is the oracle for the effective tags.
        if let Some(tags_all) = after.get("tags_all") {
            let pe_tags = &r["effective_tags"];
            let pu = mask_at(unknown, "tags_all");
            let plu = mask_at(Some(after_unknown), "tags_all");
            let o = match (pe_tags, tags_all) {
                (J::Null, J::Object(m)) if m.is_empty() && pu.is_none() => Out::Equal,
                (J::Null, _) if pu.is_none() && !is_true(plu) && !tags_all.is_null() => Out::Wrong(
                    format!("no effective tags, plan tags_all {}", short(tags_all)),
                ),
                _ => deep(pe_tags, pu, tags_all, plu, false),
            };
            tally(o, tags_all, "effective_tags (tags_all)", &mut t, &mut p);
        }
        problems.extend(p.into_iter().map(|m| format!("{addr}: {m}")));
    }
    CaseResult {
        tally: t,
        missing,
        extra,
        problems,
        errors,
    }
}

/// Cases where the targets apply in full: the example infrastructure and the corpus.
fn strict(name: &str) -> bool {
    name.starts_with("photo-editor-") || name.starts_with("corpus-")
}

#[test]
fn evaluator_agrees_with_terraform_plan() {
    let all = cases();
    assert!(
        all.iter().any(|c| c.name.starts_with("photo-editor-")),
        "no oracle cases found under testdata/oracle"
    );
    let mut total = Tally::default();
    let mut failures = Vec::new();
    let w = all.iter().map(|c| c.name.len()).max().unwrap_or(4);
    let mut table = format!(
        "\n{:<w$} {:>9} {:>8} {:>6} {:>10} {:>5} {:>7} {:>8} {:>8}\n",
        "case",
        "instances",
        "compared",
        "equal",
        "unresolved",
        "wrong",
        "plan-?",
        "aws-data",
        "resolved"
    );
    for case in &all {
        if !case.root.is_dir() {
            writeln!(
                table,
                "{:<w$} skipped: {} not found",
                case.name,
                case.root.display()
            )
            .unwrap();
            continue;
        }
        let r = compare_case(case);
        let t = r.tally;
        writeln!(
            table,
            "{:<w$} {:>9} {:>8} {:>6} {:>10} {:>5} {:>7} {:>8} {:>7.2}%",
            case.name,
            t.instances,
            t.compared,
            t.equal,
            t.unresolved,
            t.wrong,
            t.plan_unknown,
            t.from_aws,
            t.resolved_pct()
        )
        .unwrap();
        total.add(&t);
        let mut why = Vec::new();
        if !r.missing.is_empty() {
            why.push(format!("  in the plan, not in pe-lint: {:?}", r.missing));
        }
        if !r.extra.is_empty() {
            why.push(format!("  in pe-lint, not in the plan: {:?}", r.extra));
        }
        for p in &r.problems {
            if p.contains(UNRESOLVED) {
                if std::env::var_os("ORACLE_VERBOSE").is_some() {
                    writeln!(table, "  {}", p.replace(UNRESOLVED, "unresolved: ")).unwrap();
                }
            } else {
                why.push(format!("  wrong: {p}"));
            }
        }
        for e in &r.errors {
            why.push(format!("  error diagnostic: {e}"));
        }
        if strict(&case.name) && t.resolved_pct() < 99.0 {
            why.push(format!(
                "  only {:.2}% of the plan-known attributes resolved (target 99%)",
                t.resolved_pct()
            ));
        }
        if !why.is_empty() {
            failures.push(format!("{}:\n{}", case.name, why.join("\n")));
        }
    }
    writeln!(
        table,
        "{:<w$} {:>9} {:>8} {:>6} {:>10} {:>5} {:>7} {:>8} {:>7.2}%",
        "TOTAL",
        total.instances,
        total.compared,
        total.equal,
        total.unresolved,
        total.wrong,
        total.plan_unknown,
        total.from_aws,
        total.resolved_pct()
    )
    .unwrap();
    print!("{table}");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// `--plan` and static evaluation name an instance with one type (issue 18): for every
/// instance of every case that both have, the plan's mode, type, name, key and module are the
/// evaluator's, so a planned instance stands in for its evaluated one as the same thing.
#[test]
fn plan_and_evaluator_name_instances_alike() {
    // Instances compared: all, keyed by count, keyed by for_each, in a module.
    let mut compared = [0; 4];
    let mut differ = Vec::new();
    for case in cases() {
        if !case.root.is_dir() {
            assert!(
                !on_ci(),
                "{} is absent: this test needs it on CI",
                case.root.display()
            );
            continue;
        }
        let (loaded, idx) = evaluate(&case);
        let evaluated: BTreeMap<&str, &InstanceAddress> = loaded.model.roots[idx]
            .instances
            .iter()
            .map(|i| (i.address.as_str(), &i.id))
            .collect();
        for p in planned_instances(&case.plan) {
            let Some(id) = evaluated.get(p.id.address.as_str()) else {
                continue;
            };
            compared[0] += 1;
            compared[1] += usize::from(matches!(p.id.index, Some(InstanceKey::Index(_))));
            compared[2] += usize::from(matches!(p.id.index, Some(InstanceKey::Key(_))));
            compared[3] += usize::from(!p.id.module.is_empty());
            if **id != p.id {
                differ.push(format!(
                    "{}:\n  evaluated {id:?}\n  planned   {:?}",
                    case.name, p.id
                ));
            }
        }
    }
    assert!(differ.is_empty(), "\n{}", differ.join("\n"));
    assert!(
        compared.iter().all(|n| *n > 0),
        "compared (all, count, for_each, in a module): {compared:?}"
    );
}

// ---- the comparator itself ---------------------------------------------------------------------

#[cfg(test)]
mod comparator {
    use super::*;
    use serde_json::json;

    #[test]
    fn normalisations() {
        // 2: type conversion.
        assert_eq!(deep(&json!("7"), None, &json!(7), None, false), Out::Equal);
        assert_eq!(
            deep(&json!("true"), None, &json!(true), None, false),
            Out::Equal
        );
        // 3: JSON text.
        assert_eq!(
            deep(
                &json!("{\"a\": 1, \"b\": [2]}"),
                None,
                &json!("{\"b\":[2],\"a\":1}"),
                None,
                false
            ),
            Out::Equal
        );
        // 4: sets.
        assert_eq!(
            deep(&json!(["b", "a"]), None, &json!(["a", "b"]), None, false),
            Out::Equal
        );
        // 5: single nested block, absent block.
        assert_eq!(
            deep(
                &json!([{"x": 1}]),
                None,
                &json!({"x": 1, "y": 2}),
                None,
                false
            ),
            Out::Equal
        );
        assert_eq!(deep(&json!([]), None, &J::Null, None, false), Out::Equal);
        // 1: configured null is unset.
        assert_eq!(
            deep(&J::Null, None, &json!("default"), None, false),
            Out::Skip
        );
    }

    #[test]
    fn provider_forms_are_counted_apart() {
        // A set attribute: the provider drops the duplicate.
        assert_eq!(
            deep(
                &json!(["b", "a", "b"]),
                None,
                &json!(["a", "b"]),
                None,
                false
            ),
            Out::Provider
        );
        assert!(deep(
            &json!(["b", "c", "b"]),
            None,
            &json!(["a", "b"]),
            None,
            false
        )
        .is_wrong());
        // No block configured, or "", where the provider computes the attribute.
        assert_eq!(
            deep(&json!([]), None, &J::Null, Some(&json!(true)), false),
            Out::Provider
        );
        assert_eq!(
            deep(&json!(""), None, &J::Null, Some(&json!(true)), false),
            Out::Provider
        );
        assert!(deep(&json!(["x"]), None, &J::Null, Some(&json!(true)), false).is_wrong());
    }

    #[test]
    fn unknown_instance_keys() {
        let w = "module.vpc.aws_subnet.private[*]";
        assert!(matches_wildcard(w, "module.vpc.aws_subnet.private[0]"));
        assert!(matches_wildcard(
            "module.x[*].aws_sqs_queue.this[*]",
            "module.x[\"a]\\\"b\"].aws_sqs_queue.this[\"q\"]"
        ));
        assert!(!matches_wildcard(w, "module.vpc.aws_subnet.public[0]"));
        assert!(!matches_wildcard(w, "module.vpc.aws_subnet.private[0].x"));
        assert!(!matches_wildcard(w, "module.vpc.aws_subnet.private"));
    }

    #[test]
    fn wrong_and_unknown() {
        assert!(deep(&json!("a"), None, &json!("b"), None, false).is_wrong());
        // A map with a key the plan does not have, or without one it has.
        assert!(deep(
            &json!({"a": "1"}),
            None,
            &json!({"a": "1", "b": "2"}),
            None,
            false
        )
        .is_wrong());
        // Unknown in pe-lint, known in the plan.
        assert_eq!(
            deep(&J::Null, Some(&json!(true)), &json!("x"), None, false),
            Out::Unresolved
        );
        // Unknown in the plan, concrete in pe-lint.
        assert!(deep(&json!("x"), None, &J::Null, Some(&json!(true)), false).is_wrong());
        assert_eq!(
            deep(
                &J::Null,
                Some(&json!(true)),
                &J::Null,
                Some(&json!(true)),
                false
            ),
            Out::PlanUnknown
        );
        // A set with a known and an unknown element, in another order in the plan.
        assert_eq!(
            deep(
                &json!([null, "dlq"]),
                Some(&json!([true, false])),
                &json!(["dlq", null]),
                Some(&json!([false, true])),
                false
            ),
            Out::Equal
        );
        // Partly unknown list.
        assert_eq!(
            deep(
                &json!(["a", null]),
                Some(&json!([false, true])),
                &json!(["a", "b"]),
                None,
                false
            ),
            Out::Unresolved
        );
    }
}

// ---- --plan mode against static evaluation -----------------------------------------------------

type VerdictKey = (String, String);

fn verdicts(
    loaded: &pe_lint::internals::lint::Loaded,
) -> BTreeMap<VerdictKey, pe_lint::internals::rules::Status> {
    let settings = pe_lint::internals::rules::Settings::default();
    pe_lint::internals::rules::run(&loaded.model, &settings, &loaded.sources)
        .unwrap_or_else(|e| panic!("{}", e.message))
        .into_iter()
        .map(|v| ((v.rule_id.to_string(), v.address), v.status))
        .collect()
}

/// `pe-lint --plan plan.json PATH` and static evaluation give the same verdicts wherever static
/// evaluation decided (pass or fail), and exactly the same findings on every case where it
/// resolved everything.
#[test]
fn plan_mode_agrees_with_static_evaluation() {
    use pe_lint::internals::rules::Status;
    let mut failures = Vec::new();
    let all = cases();
    let w = all.iter().map(|c| c.name.len()).max().unwrap_or(4);
    let mut table = String::from("\n");
    writeln!(
        table,
        "{:<w$} {:>8} {:>10} {:>8} {:>9}",
        "case", "verdicts", "unresolved", "agree", "disagree"
    )
    .unwrap();
    for case in all {
        if !case.root.is_dir() {
            continue;
        }
        let mut opts = pe_lint::internals::lint::Options::new(vec![case.scan.clone()]);
        opts.cli_vars = cli_vars(&case.root, &case.args);
        let st = verdicts(&pe_lint::internals::lint::load(&opts));
        let plan_file = Path::new("testdata/oracle")
            .join(&case.name)
            .join("plan.json");
        let pl = verdicts(&pe_lint::internals::plan::load(&opts, &plan_file, true));
        let unresolved = st.values().filter(|s| **s == Status::Unresolved).count();
        let mut agree = 0;
        let mut disagree = Vec::new();
        for (k, s) in &st {
            if *s == Status::Unresolved {
                continue;
            }
            match pl.get(k) {
                Some(p) if p == s => agree += 1,
                other => disagree.push(format!("{k:?}: static {s:?}, plan {other:?}")),
            }
        }
        if unresolved == 0 {
            for (k, p) in &pl {
                if !st.contains_key(k) {
                    disagree.push(format!("{k:?}: only with --plan ({p:?})"));
                }
            }
        }
        writeln!(
            table,
            "{:<w$} {:>8} {:>10} {:>8} {:>9}",
            case.name,
            st.len(),
            unresolved,
            agree,
            disagree.len()
        )
        .unwrap();
        if !disagree.is_empty() {
            failures.push(format!("{}:\n  {}", case.name, disagree.join("\n  ")));
        }
    }
    print!("{table}");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Without paths, `--plan` checks the plan alone: findings name the address and point at it in
/// the plan file.
#[test]
fn plan_mode_without_paths_points_at_the_plan() {
    let opts = pe_lint::internals::lint::Options::new(vec![]);
    let plan_file = Path::new("testdata/oracle/photo-editor-dev/plan.json");
    let loaded = pe_lint::internals::plan::load(&opts, plan_file, false);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let settings = pe_lint::internals::rules::Settings::default();
    let v = pe_lint::internals::rules::run(&loaded.model, &settings, &loaded.sources)
        .unwrap_or_else(|e| panic!("{}", e.message));
    let f = v
        .iter()
        .find(|v| v.address == "aws_lambda_function.download" && v.rule_id == "PE004")
        .expect("PE004 on aws_lambda_function.download");
    assert_eq!(f.status, pe_lint::internals::rules::Status::Fail);
    let file = loaded.sources.get(f.loc.file.unwrap());
    assert!(file.display.ends_with("plan.json"), "{}", file.display);
    let line = file.position(f.loc.span.start).line;
    let text: Vec<&str> = file.text.lines().collect();
    assert!(
        text[line - 1].contains("\"aws_lambda_function.download\""),
        "{}",
        text[line - 1]
    );
}

/// The command line: `--plan` alone, `--plan` with a path, and a file that is not a plan.
#[test]
fn plan_flag_on_the_command_line() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pe-lint"))
            .env("NO_COLOR", "1")
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        let v: J = serde_json::from_slice(&out.stdout).unwrap_or(J::Null);
        (v, out.status.code())
    };
    let plan = "testdata/oracle/photo-editor-dev/plan.json";
    let (v, code) = run(&["--plan", plan]);
    assert_eq!(code, Some(1), "{v:#}");
    let files: BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert_eq!(files, BTreeSet::from([plan]));
    let root = "testdata/photo-editor/infrastructure";
    let var_file = "testdata/photo-editor/infrastructure/environments/dev.tfvars";
    let (with_path, code) = run(&["--plan", plan, root, "--var-file", var_file]);
    assert_eq!(code, Some(1));
    let (stat, _) = run(&[root, "--var-file", var_file]);
    assert_eq!(with_path["summary"], stat["summary"]);
    assert!(with_path["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["file"].as_str().is_some_and(|f| f.starts_with(root))));
    let (v, code) = run(&["--plan", "Cargo.toml"]);
    assert_eq!(code, Some(2), "{v:#}");
}
