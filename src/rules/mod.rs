//! The rule engine and the built-in rules (their policy files are in `rules/`). A rule looks at
//! the evaluated model of one root and returns a verdict for every resource it applies to:
//! pass, fail or unresolved.

pub mod custom;
pub mod evidence;
mod generic;
pub mod meta;
mod pe001_kms_rotation;
mod pe002_s3_public_access;
mod pe003_sqs_redrive;
mod pe004_lambda_concurrency;
mod pe005_log_retention;
mod pe006_cost_tags;
mod pe007_api_lambda_vpc;
mod pe008_iam_wildcards;
pub mod settings;
pub mod util;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

pub use meta::{RuleId, RuleMeta, RuleSet};
pub use pe006_cost_tags::is_taggable;
pub use settings::Settings;

use crate::source::Loc;
use crate::terraform::{Instance, Mode, Model, RootModel};
use crate::types::Env;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Pass,
    Fail,
    Unresolved,
    Suppressed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unresolved => "unresolved",
            Status::Suppressed => "suppressed",
        }
    }
}

/// A suppression that silenced a finding, with its justification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub kind: &'static str,
    pub reason: String,
    pub until: Option<String>,
    pub loc: Option<Loc>,
    /// The status the finding had before it was suppressed.
    pub original: Status,
}

/// One rule's verdict on one resource instance.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub rule_id: RuleId,
    pub status: Status,
    pub address: String,
    pub module: String,
    pub rtype: String,
    pub loc: Loc,
    pub message: String,
    pub fix: String,
    pub suppression: Option<Suppression>,
    /// The root the resource was evaluated in.
    pub root: String,
    /// Where a planned instance is configured, for a finding that points at the plan file.
    pub configured: Option<Arc<crate::terraform::Configured>>,
    /// Other places that explain the finding: where a module's caller sets the value.
    pub related: Vec<Related>,
}

/// A place that explains a finding without being the place that is wrong (SARIF's
/// `relatedLocations`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub loc: Loc,
    pub message: String,
}

impl Verdict {
    pub fn is_finding(&self) -> bool {
        self.status != Status::Pass
    }
}

/// One root's instances, indexed by type and by address on first use (most custom rules never
/// ask, and building the maps for every rule on every root was most of a custom rule's time).
/// The one instance index: the built-in rules' `Ctx` and the policy language's helpers share it.
pub struct RootIndex {
    instances: Vec<Arc<Instance>>,
    maps: std::sync::OnceLock<IndexMaps>,
}

#[derive(Default)]
struct IndexMaps {
    /// Positions in `instances`, in order.
    by_type: HashMap<(Mode, String), Vec<usize>>,
    by_address: HashMap<String, usize>,
}

impl RootIndex {
    pub fn new(instances: &[Arc<Instance>]) -> RootIndex {
        RootIndex {
            instances: instances.to_vec(),
            maps: std::sync::OnceLock::new(),
        }
    }

    fn maps(&self) -> &IndexMaps {
        self.maps.get_or_init(|| {
            let mut m = IndexMaps::default();
            for (n, i) in self.instances.iter().enumerate() {
                m.by_type
                    .entry((i.mode, i.rtype.clone()))
                    .or_default()
                    .push(n);
                m.by_address.insert(i.address.clone(), n);
            }
            m
        })
    }

    /// Where the instances of a type stand among the root's, in order.
    fn positions(&self, mode: Mode, rtype: &str) -> &[usize] {
        self.maps()
            .by_type
            .get(&(mode, rtype.to_string()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The instances of a type, in the root's order.
    pub fn of(&self, mode: Mode, rtype: &str) -> impl Iterator<Item = &Arc<Instance>> + '_ {
        self.positions(mode, rtype)
            .iter()
            .map(|&n| &self.instances[n])
    }

    pub fn by_address(&self, address: &str) -> Option<&Arc<Instance>> {
        self.maps()
            .by_address
            .get(address)
            .map(|&n| &self.instances[n])
    }
}

/// What a rule can see: one root's instances, indexed, plus the settings.
pub struct Ctx<'a> {
    pub root: &'a RootModel,
    pub settings: &'a Settings,
    pub env: Option<Env>,
    /// How the environment was determined, for messages.
    pub env_source: String,
    /// The source text, for a location inside a string the model keeps no place for (an
    /// element of a policy written as JSON text); `None` where a rule runs without it.
    pub sources: Option<&'a crate::source::Sources>,
    index: Arc<RootIndex>,
}

impl<'a> Ctx<'a> {
    pub fn new(root: &'a RootModel, settings: &'a Settings) -> Ctx<'a> {
        let (env, env_source) = settings::environment(root, settings);
        Ctx {
            root,
            settings,
            env,
            env_source,
            sources: None,
            index: Arc::new(RootIndex::new(&root.instances)),
        }
    }

    /// The root's index, shared with the policy language's helpers (`resources`, `related`).
    pub fn index(&self) -> &Arc<RootIndex> {
        &self.index
    }

    pub fn resources(&self, rtype: &str) -> std::vec::IntoIter<&'a Arc<Instance>> {
        self.of(Mode::Managed, rtype)
    }

    fn of(&self, mode: Mode, rtype: &str) -> std::vec::IntoIter<&'a Arc<Instance>> {
        let all: &'a [Arc<Instance>] = &self.root.instances;
        let found: Vec<&'a Arc<Instance>> = self
            .index
            .positions(mode, rtype)
            .iter()
            .map(|&i| &all[i])
            .collect();
        found.into_iter()
    }

    pub fn data(&self, rtype: &str) -> std::vec::IntoIter<&'a Arc<Instance>> {
        self.of(Mode::Data, rtype)
    }

    pub fn all(&self) -> impl Iterator<Item = &'a Arc<Instance>> + '_ {
        self.root.instances.iter()
    }

    fn verdict(
        &self,
        rule: &str,
        status: Status,
        i: &Instance,
        loc: Loc,
        message: String,
        fix: &str,
    ) -> Verdict {
        Verdict {
            rule_id: RuleId::new(rule),
            status,
            address: i.address.clone(),
            module: i.module.clone(),
            rtype: i.rtype.clone(),
            loc,
            message,
            fix: fix.to_string(),
            suppression: None,
            root: self.root.display.clone(),
            configured: i.configured.clone(),
            related: Vec::new(),
        }
    }

    pub fn pass(&self, rule: &str, i: &Instance, message: impl Into<String>) -> Verdict {
        self.verdict(rule, Status::Pass, i, i.header_loc(), message.into(), "")
    }

    /// A failure located at an attribute path of the instance (the header when absent).
    pub fn fail(
        &self,
        rule: &str,
        i: &Instance,
        path: &str,
        message: impl Into<String>,
        fix: &str,
    ) -> Verdict {
        self.verdict(rule, Status::Fail, i, i.loc_of(path), message.into(), fix)
    }

    pub fn fail_at(
        &self,
        rule: &str,
        i: &Instance,
        loc: Loc,
        message: impl Into<String>,
        fix: &str,
    ) -> Verdict {
        self.verdict(rule, Status::Fail, i, loc, message.into(), fix)
    }

    pub fn unresolved(
        &self,
        rule: &str,
        i: &Instance,
        path: &str,
        message: impl Into<String>,
        fix: &str,
    ) -> Verdict {
        self.verdict(
            rule,
            Status::Unresolved,
            i,
            i.loc_of(path),
            message.into(),
            fix,
        )
    }

    pub fn unresolved_at(
        &self,
        rule: &str,
        i: &Instance,
        loc: Loc,
        message: impl Into<String>,
        fix: &str,
    ) -> Verdict {
        self.verdict(rule, Status::Unresolved, i, loc, message.into(), fix)
    }
}

pub trait Rule: Sync {
    fn id(&self) -> &'static str;
    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict>;
}

pub fn builtin_rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(pe001_kms_rotation::KmsRotation),
        Box::new(pe002_s3_public_access::S3PublicAccess),
        Box::new(pe003_sqs_redrive::SqsRedrive),
        Box::new(pe004_lambda_concurrency::LambdaConcurrency),
        Box::new(pe005_log_retention::LogRetention),
        Box::new(pe006_cost_tags::CostTags),
        Box::new(pe007_api_lambda_vpc::ApiLambdaVpc),
        Box::new(pe008_iam_wildcards::IamWildcards),
        // The same requirements on generic resources (Cloud Control, CloudFormation stacks).
        Box::new(generic::Generic("PE001")),
        Box::new(generic::Generic("PE002")),
        Box::new(generic::Generic("PE003")),
        Box::new(generic::Generic("PE004")),
        Box::new(generic::Generic("PE005")),
        Box::new(generic::Generic("PE006")),
        Box::new(generic::Generic("PE007")),
        Box::new(generic::Generic("PE008")),
    ]
}

/// Run every enabled rule on every root in parallel; verdicts come back sorted by file,
/// line, rule and address, so output never depends on thread scheduling. A rule that panics
/// is an error naming the rule and the root (see [`run_with`]), never a panic here.
pub fn run(
    model: &Model,
    settings: &Settings,
    sources: &crate::source::Sources,
) -> Result<Vec<Verdict>, crate::diag::Diagnostic> {
    let (verdicts, errors) = run_with(model, settings, sources, meta::builtin_set());
    match errors.into_iter().find(|e| e.code == "internal-error") {
        Some(e) => Err(e),
        None => Ok(verdicts),
    }
}

/// [`run`] with the run's rule set: the built-ins and its custom rules (see
/// [`custom::load_dirs`]). The diagnostics report checks
/// whose `where` or `assert` turned out not to be a bool (a broken rule: exit code 2), and a
/// panic in one rule on one root, caught and reported as an `internal-error` naming both; the
/// other rules and roots still run.
pub fn run_with(
    model: &Model,
    settings: &Settings,
    sources: &crate::source::Sources,
    rule_set: &RuleSet,
) -> (Vec<Verdict>, Vec<crate::diag::Diagnostic>) {
    let builtins = builtin_rules();
    let rules = enabled_jobs(&builtins, settings, rule_set);
    let ctxs: Vec<Ctx<'_>> = model
        .roots
        .par_iter()
        .map(|r| Ctx {
            sources: Some(sources),
            ..Ctx::new(r, settings)
        })
        .collect();
    let jobs: Vec<(&Ctx<'_>, &Job<'_>)> = ctxs
        .iter()
        .flat_map(|c| rules.iter().map(move |r| (c, r)))
        .collect();
    // Custom rules draw on what evaluation left of the run's budget.
    let weights: Vec<u64> = jobs
        .iter()
        .map(|(cx, job)| match job {
            Job::Custom(rule) => custom::engine::instances_checked(rule, cx),
            Job::Builtin(_) => 0,
        })
        .collect();
    let shares = custom::engine::budget_shares(&weights, model.steps_left);
    let results: Vec<(Vec<Verdict>, Vec<crate::diag::Diagnostic>)> = jobs
        .par_iter()
        .zip(shares.par_iter())
        .map(|((cx, job), &share)| run_job(cx, job, share))
        .collect();
    let mut verdicts = Vec::new();
    let mut diags = Vec::new();
    for (v, d) in results {
        verdicts.extend(v);
        for d in d {
            if !diags.contains(&d) {
                diags.push(d);
            }
        }
    }
    add_caller_hints(&mut verdicts, model, sources);
    sort_verdicts(&mut verdicts, sources);
    (verdicts, diags)
}

/// One rule to run on each root: built-in Rust code, or checks in the policy language.
enum Job<'a> {
    Builtin(&'a dyn Rule),
    Custom(&'a custom::CustomRule),
}

/// The rules the settings enable, built-in first.
fn enabled_jobs<'a>(
    builtins: &'a [Box<dyn Rule>],
    settings: &Settings,
    rule_set: &'a RuleSet,
) -> Vec<Job<'a>> {
    // A custom rule with a built-in's id replaces it: `test-rules` runs a built-in policy file
    // read from disk (edits show without rebuilding). Custom rule files cannot take those ids.
    let replaced = |id: &str| rule_set.custom().iter().any(|c| *c.id == *id);
    // A built-in rule written only in the policy language (`check` blocks, no Rust) runs like
    // a custom one.
    let policy_only = custom::BUILTIN_CHECKS
        .0
        .iter()
        .filter(|r| !builtins.iter().any(|b| r.id == b.id()) && !replaced(&r.id));
    builtins
        .iter()
        .map(|r| Job::Builtin(r.as_ref()))
        .filter(
            |j| matches!(j, Job::Builtin(r) if settings.rule_enabled(r.id()) && !replaced(r.id())),
        )
        .chain(
            policy_only
                .chain(rule_set.custom().iter())
                .filter(|r| settings.rule_enabled(&r.id))
                .map(Job::Custom),
        )
        .collect()
}

/// One rule on one root; a panic is an `internal-error` naming both.
fn run_job(
    cx: &Ctx<'_>,
    job: &Job<'_>,
    share: u64,
) -> (Vec<Verdict>, Vec<crate::diag::Diagnostic>) {
    let id = match job {
        Job::Builtin(rule) => rule.id(),
        Job::Custom(rule) => &rule.id,
    };
    crate::guard::catch(|| {
        crate::guard::inject_panic("rules", &cx.root.display);
        match job {
            Job::Builtin(rule) => (rule.check(cx), Vec::new()),
            Job::Custom(rule) => custom::engine::check_rule_within(rule, cx, share),
        }
    })
    .unwrap_or_else(|msg| {
        let what = format!("running {id} on the root module");
        (
            Vec::new(),
            vec![crate::guard::internal_error(&what, &cx.root.display, &msg)],
        )
    })
}

/// A finding at an attribute of a module's resource whose value the module's caller sets
/// (`retention_in_days = var.days`, the call's `days = each.value` from `for_each = { billing
/// = 5 }`): the fix hint names the caller's line, the place to change it. The finding stays
/// at the attribute, where the module's own suppressions apply.
fn add_caller_hints(verdicts: &mut [Verdict], model: &Model, sources: &crate::source::Sources) {
    use crate::terraform::instance::{FROM_CALLER, FROM_FOR_EACH};
    let by_address: HashMap<(&str, &str), &Instance> = model
        .roots
        .iter()
        .flat_map(|r| {
            r.instances
                .iter()
                .map(move |i| ((r.display.as_str(), i.address.as_str()), &**i))
        })
        .collect();
    for v in verdicts
        .iter_mut()
        .filter(|v| v.is_finding() && !v.module.is_empty())
    {
        let Some(i) = by_address.get(&(v.root.as_str(), v.address.as_str())) else {
            continue;
        };
        // The top-level attribute the finding is at.
        let Some(attr) = i
            .locs
            .keys()
            .find(|k| !k.contains(['.', '[', '#']) && i.loc_of(k) == v.loc)
        else {
            continue;
        };
        let origin = [
            (FROM_FOR_EACH, "the for_each entry of the module call"),
            (FROM_CALLER, "the module call"),
        ]
        .into_iter()
        .find(|(suffix, _)| i.has_loc(&format!("{attr}{suffix}")))
        .and_then(|(suffix, what)| {
            let at = i.loc_of(&format!("{attr}{suffix}"));
            let pos = crate::diag::position(sources, &at)?;
            v.related.push(Related {
                loc: at,
                message: format!("{attr} is set here, by {what}"),
            });
            Some(format!(
                "{} is set by {what} at {}:{}: change it there",
                attr, pos.file, pos.line
            ))
        });
        if let Some(origin) = origin {
            v.fix = if v.fix.is_empty() {
                origin
            } else {
                format!("{} ({origin})", v.fix)
            };
        }
    }
}

pub fn sort_verdicts(v: &mut [Verdict], sources: &crate::source::Sources) {
    let key = |x: &Verdict| {
        let file = x
            .loc
            .file
            .map(|f| sources.get(f).display.clone())
            .unwrap_or_default();
        (
            file,
            x.loc.span.start,
            x.rule_id.clone(),
            x.address.clone(),
            x.status,
            x.root.clone(),
        )
    };
    v.sort_by_cached_key(key);
}

/// Count verdicts per rule and status.
pub fn counts(verdicts: &[Verdict]) -> BTreeMap<&str, BTreeMap<Status, usize>> {
    let mut out: BTreeMap<&str, BTreeMap<Status, usize>> = BTreeMap::new();
    for v in verdicts {
        *out.entry(v.rule_id.as_str())
            .or_default()
            .entry(v.status)
            .or_default() += 1;
    }
    out
}
