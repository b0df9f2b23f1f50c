//! The plan's `configuration`: every module's resources, module calls, outputs and provider
//! configurations, with each argument's expression as `references` (and `constant_value`).
//!
//! A plan's values leave unknown what is known only after apply (a bucket's `id`), and with it
//! which bucket a public access block is for. The configuration still says so: the block's
//! `bucket` refers to `aws_s3_bucket.b.id`. This module follows such references, through
//! module inputs (`var.x` is the calling module's argument) and outputs (`module.m.out` is the
//! output's expression in that module instance), to the planned instances they name. Where the
//! plan cannot tell which instance is meant (`aws_s3_bucket.b[count.index]` with several
//! instances, `each.value`, a local value, which the configuration does not record) the
//! reference is ambiguous or incomplete, never guessed.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value as Json;

use super::address::{
    join, local_of, module_chain, module_of, parent_of, split_address, strip_keys, without_key,
};
use crate::terraform::{Configured, ModuleCall, Value};

/// Hops through module inputs and outputs one reference may take (a hostile plan can make
/// them loop: an output that refers to an input fed by that output).
const MAX_DEPTH: usize = 32;
/// References followed for the whole plan, all attributes together.
const MAX_STEPS: u64 = 2_000_000;

/// What an expression refers to, as far as the plan shows it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Resolved {
    /// Planned instances it refers to, each with the reference as written, module-qualified
    /// (`module.s3.aws_s3_bucket.b.id`).
    pub precise: BTreeMap<String, String>,
    /// One of several instances of a block, the plan does not say which: `aws_s3_bucket.b[*]`
    /// (module keys dropped too). Never a planned instance's address, so no rule pairs through
    /// it for sure; rules may still tell that it could be a given instance, or its type.
    pub ambiguous: BTreeSet<String>,
    /// Some reference cannot be followed (a local value, a module output the plan lacks).
    pub incomplete: bool,
}

impl Resolved {
    fn absorb(&mut self, other: Resolved) {
        self.precise.extend(other.precise);
        self.ambiguous.extend(other.ambiguous);
        self.incomplete |= other.incomplete;
    }

    /// Several candidates for one value (`each.value`, a reference to a counted resource
    /// without its key): none of them is known to be the one.
    fn one_of(mut self) -> Resolved {
        if self.precise.len() > 1 {
            for addr in std::mem::take(&mut self.precise).into_keys() {
                self.ambiguous.insert(format!("{}[*]", strip_keys(&addr)));
            }
        }
        self
    }

    /// A value that refers to two instances of one type (`c ? aws_s3_bucket.a.id :
    /// aws_s3_bucket.b.id`) is one of them as far as pairing goes.
    fn split_same_type(mut self) -> Resolved {
        let mut by_type: HashMap<String, usize> = HashMap::new();
        for addr in self.precise.keys() {
            *by_type.entry(type_of(addr)).or_default() += 1;
        }
        let doubled: Vec<String> = self
            .precise
            .keys()
            .filter(|a| by_type[&type_of(a)] > 1)
            .cloned()
            .collect();
        for addr in doubled {
            self.precise.remove(&addr);
            self.ambiguous.insert(format!("{}[*]", strip_keys(&addr)));
        }
        self
    }

    /// Everything it refers to, for `Instance::refs`.
    pub fn addresses(&self) -> Vec<String> {
        let mut out: Vec<String> = self.precise.keys().cloned().collect();
        out.extend(self.ambiguous.iter().cloned());
        out
    }
}

/// The resource type of an instance address (`aws_s3_bucket`, `data.aws_iam_policy_document`).
fn type_of(address: &str) -> String {
    let local = local_of(address);
    let parts = split_address(&local);
    match parts.as_slice() {
        [d, t, ..] if d == "data" => format!("data.{t}"),
        [t, ..] => t.clone(),
        [] => String::new(),
    }
}

/// The configuration, indexed, with the planned instances it expanded to.
pub struct Configuration<'a> {
    /// Module path without keys (`""`, `module.a.module.b`) -> its `module` object.
    modules: HashMap<String, &'a Json>,
    /// (module path without keys, block address in it) -> the block's configuration.
    resources: HashMap<(String, String), &'a Json>,
    providers: &'a Json,
    /// Module instance paths with keys (`module.a["x"]`), the root `""` included.
    module_instances: BTreeSet<String>,
    /// (module instance, block without key) -> planned instance addresses.
    blocks: HashMap<(String, String), Vec<String>>,
    steps: Cell<u64>,
    /// Why following references stopped short, if it did.
    overflow: Cell<Option<&'static str>>,
}

impl<'a> Configuration<'a> {
    /// `addresses`: every planned instance (resources and data sources).
    pub fn new<'b>(plan: &'a Json, addresses: impl Iterator<Item = &'b str>) -> Configuration<'a> {
        let mut modules = HashMap::new();
        let root = &plan["configuration"]["root_module"];
        if root.is_object() {
            index_modules(root, String::new(), 0, &mut modules);
        }
        let resources = modules
            .iter()
            .flat_map(|(path, m)| {
                m["resources"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(move |r| {
                        Some(((path.clone(), r["address"].as_str()?.to_string()), r))
                    })
            })
            .collect();
        let mut module_instances = BTreeSet::from([String::new()]);
        let mut blocks: HashMap<(String, String), Vec<String>> = HashMap::new();
        for addr in addresses {
            let module = module_of(addr);
            for m in super::address::module_chain(&module) {
                module_instances.insert(m);
            }
            let block = strip_keys(&local_of(addr));
            blocks
                .entry((module, block))
                .or_default()
                .push(addr.to_string());
        }
        Configuration {
            modules,
            resources,
            providers: &plan["configuration"]["provider_config"],
            module_instances,
            blocks,
            steps: Cell::new(MAX_STEPS),
            overflow: Cell::new(None),
        }
    }

    /// Does the plan carry a configuration at all (trimmed plans do not)?
    pub fn is_present(&self) -> bool {
        !self.modules.is_empty()
    }

    /// The configuration block of a planned instance address.
    pub fn resource(&self, address: &str) -> Option<&'a Json> {
        let key = (
            strip_keys(&module_of(address)),
            strip_keys(&local_of(address)),
        );
        self.resources.get(&key).copied()
    }

    /// The arguments the block of `address` sets.
    pub fn arguments(&self, address: &str) -> Option<BTreeSet<String>> {
        let r = self.resource(address)?;
        Some(r["expressions"].as_object()?.keys().cloned().collect())
    }

    /// What each argument of a planned instance refers to.
    pub fn argument_refs(&self, address: &str) -> BTreeMap<String, Resolved> {
        let Some(r) = self.resource(address) else {
            return BTreeMap::new();
        };
        let module = module_of(address);
        let each = r.get("for_each_expression");
        let mut out = BTreeMap::new();
        for (arg, expr) in r["expressions"].as_object().into_iter().flatten() {
            let mut res = Resolved::default();
            self.resolve_expr(&module, expr, each, 0, &mut res);
            out.insert(arg.clone(), res.split_same_type());
        }
        out
    }

    /// The `default_tags` of the provider configuration an instance uses: `Null` when it has
    /// none, unknown when they are not a constant in the configuration.
    pub fn default_tags(&self, address: &str) -> Value {
        let key = self
            .resource(address)
            .and_then(|r| r["provider_config_key"].as_str())
            .unwrap_or("aws");
        let Some(p) = self.providers.get(key) else {
            return Value::Null;
        };
        match p["expressions"]["default_tags"]
            .as_array()
            .map(Vec::as_slice)
        {
            None | Some([]) => Value::Null,
            Some([block]) => match block.get("tags") {
                None => Value::Null,
                Some(t) => match t.get("constant_value") {
                    Some(c) => Value::from_json(c),
                    None => Value::unknown_from(crate::terraform::Origin::new(format!(
                        "the default_tags of provider {key}"
                    ))),
                },
            },
            Some(_) => Value::unknown_from(crate::terraform::Origin::new(format!(
                "the default_tags of provider {key}"
            ))),
        }
    }

    /// The block a planned instance comes from and the module calls leading to it, each with
    /// the `source` the configuration records for it.
    pub fn configured(&self, address: &str) -> Configured {
        let calls = module_chain(&strip_keys(&module_of(address)))
            .into_iter()
            .map(|call| {
                let source = parent_of(&call).and_then(|(parent, name)| {
                    let m = self.modules.get(&parent)?;
                    Some(
                        m["module_calls"][name.as_str()]["source"]
                            .as_str()?
                            .to_string(),
                    )
                });
                ModuleCall { call, source }
            })
            .collect();
        Configured {
            block: strip_keys(address),
            calls,
        }
    }

    /// `aws` or `aws.alias` of the provider configuration an instance uses.
    pub fn provider_key(&self, address: &str) -> Option<String> {
        let key = self.resource(address)?["provider_config_key"].as_str()?;
        // Providers configured inside a module are keyed `module.m:aws`.
        Some(key.rsplit(':').next().unwrap_or(key).to_string())
    }

    /// Follow at most `steps` references in all (`--limit total-steps`), not the default.
    pub fn with_budget(self, steps: u64) -> Configuration<'a> {
        self.steps.set(steps);
        self
    }

    /// Why references could not all be followed: Terraform rejects a configuration that
    /// refers to itself, and no plan it writes needs millions of steps, so either means the
    /// plan was not written by Terraform.
    pub fn overflow(&self) -> Option<&'static str> {
        self.overflow.get()
    }

    fn step(&self) -> bool {
        let left = self.steps.get();
        if left == 0 {
            self.overflow.set(Some(
                "following its references takes more steps than the budget (2,000,000 unless `--limit total-steps` says otherwise)",
            ));
            return false;
        }
        self.steps.set(left - 1);
        true
    }

    /// Follow the references of one expression (and of any nested block expressions in it)
    /// written in module instance `module`; `each` is the `for_each` expression in effect.
    fn resolve_expr(
        &self,
        module: &str,
        expr: &Json,
        each: Option<&Json>,
        depth: usize,
        out: &mut Resolved,
    ) {
        let mut refs = Vec::new();
        collect_references(expr, 0, &mut refs);
        if depth > MAX_DEPTH {
            if !refs.is_empty() {
                out.incomplete = true;
                self.overflow.set(Some(
                    "a reference goes through more than 32 module inputs and outputs: the configuration refers to itself",
                ));
            }
            return;
        }
        self.resolve_refs(module, &refs, each, depth, out);
    }

    fn resolve_refs(
        &self,
        module: &str,
        refs: &[&str],
        each: Option<&Json>,
        depth: usize,
        out: &mut Resolved,
    ) {
        let subjects = Subjects::of(refs);
        for (block, key, text) in &subjects.resources {
            if !self.step() {
                out.incomplete = true;
                return;
            }
            self.resource_ref(module, block, key.as_deref(), text, out);
        }
        for (call, key, output) in &subjects.outputs {
            if !self.step() {
                out.incomplete = true;
                return;
            }
            self.output_ref(module, call, key.as_deref(), output.as_deref(), depth, out);
        }
        for var in &subjects.vars {
            if !self.step() {
                out.incomplete = true;
                return;
            }
            self.var_ref(module, var, depth, out);
        }
        if subjects.each_value {
            match each {
                Some(e) => {
                    let mut r = Resolved::default();
                    self.resolve_expr(module, e, None, depth + 1, &mut r);
                    out.absorb(r.one_of());
                }
                None => out.incomplete = true,
            }
        }
        out.incomplete |= subjects.opaque;
    }

    /// `aws_x.y`, `aws_x.y["k"]` or `data.aws_x.y` in module instance `module`.
    fn resource_ref(
        &self,
        module: &str,
        block: &str,
        key: Option<&str>,
        text: &str,
        out: &mut Resolved,
    ) {
        let Some(instances) = self.blocks.get(&(module.to_string(), block.to_string())) else {
            // Not planned: count 0, or not in this plan at all.
            return;
        };
        let text = join(module, text);
        match key {
            Some(k) => {
                let addr = join(module, &format!("{block}{k}"));
                if instances.contains(&addr) {
                    out.precise.insert(addr, text);
                }
            }
            None => {
                // Recorded without key or attribute (`aws_x.y[count.index].arn` is recorded
                // as `aws_x.y`): it names an instance, whatever attribute of it is used.
                let bare = text == join(module, block);
                let mut r = Resolved::default();
                for addr in instances {
                    let t = if bare { addr.clone() } else { text.clone() };
                    r.precise.insert(addr.clone(), t);
                }
                out.absorb(r.one_of());
            }
        }
    }

    /// `module.m.out`, `module.m["k"].out` (`output` given) or the whole `module.m`.
    fn output_ref(
        &self,
        module: &str,
        call: &str,
        key: Option<&str>,
        output: Option<&str>,
        depth: usize,
        out: &mut Resolved,
    ) {
        let children = self.children(module, call, key);
        let Some(config) = self
            .modules
            .get(&strip_keys(&join(module, &format!("module.{call}"))))
        else {
            out.incomplete = true;
            return;
        };
        let outputs = config["outputs"].as_object();
        let mut r = Resolved::default();
        for child in &children {
            for (name, o) in outputs.into_iter().flatten() {
                if output.is_none_or(|n| n == name) {
                    self.resolve_expr(child, &o["expression"], None, depth + 1, &mut r);
                }
            }
        }
        if output.is_some_and(|n| !outputs.is_some_and(|o| o.contains_key(n))) {
            r.incomplete = true;
        }
        out.absorb(if children.len() > 1 { r.one_of() } else { r });
    }

    /// Instances of module call `call` made from `module` (all of them without a key).
    fn children(&self, module: &str, call: &str, key: Option<&str>) -> Vec<String> {
        let base = join(module, &format!("module.{call}"));
        match key {
            Some(k) => {
                let addr = format!("{base}{k}");
                if self.module_instances.contains(&addr) {
                    vec![addr]
                } else {
                    Vec::new()
                }
            }
            None => self
                .module_instances
                .range(base.clone()..)
                .take_while(|m| m.starts_with(&base))
                .filter(|m| parent_of(m).is_some_and(|(p, c)| p == module && c == call))
                .cloned()
                .collect(),
        }
    }

    /// `var.x` in module instance `module`: the calling module's argument `x`.
    fn var_ref(&self, module: &str, var: &str, depth: usize, out: &mut Resolved) {
        let Some((parent, call)) = parent_of(module) else {
            // A root variable: a value from tfvars or the command line, not a resource.
            return;
        };
        let Some(config) = self.modules.get(&strip_keys(&parent)) else {
            out.incomplete = true;
            return;
        };
        let call = &config["module_calls"][call.as_str()];
        if let Some(expr) = call["expressions"].get(var) {
            self.resolve_expr(
                &parent,
                expr,
                call.get("for_each_expression"),
                depth + 1,
                out,
            );
        }
    }
}

fn index_modules<'a>(
    module: &'a Json,
    path: String,
    depth: usize,
    out: &mut HashMap<String, &'a Json>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for (name, call) in module["module_calls"].as_object().into_iter().flatten() {
        if call["module"].is_object() {
            index_modules(
                &call["module"],
                join(&path, &format!("module.{name}")),
                depth + 1,
                out,
            );
        }
    }
    out.insert(path, module);
}

/// Every reference string inside an expression and the nested block expressions in it.
fn collect_references<'a>(expr: &'a Json, depth: usize, out: &mut Vec<&'a str>) {
    if depth > MAX_DEPTH {
        return;
    }
    match expr {
        Json::Object(m) => {
            for (k, v) in m {
                match k.as_str() {
                    "references" => {
                        out.extend(v.as_array().into_iter().flatten().filter_map(Json::as_str))
                    }
                    "constant_value" => {}
                    _ => collect_references(v, depth + 1, out),
                }
            }
        }
        Json::Array(items) => {
            for v in items {
                collect_references(v, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// The references of an expression, one per reference written. Terraform lists each
/// reference with its shorter forms (`aws_x.y[0].id`, `aws_x.y[0]`, `aws_x.y`;
/// `module.m.out`, `module.m`), so a bare `aws_x.y` or `module.m` is a reference of its own
/// only when it occurs more often than the longer forms account for.
#[derive(Default)]
struct Subjects {
    /// (block, key with brackets, reference text as written).
    resources: Vec<(String, Option<String>, String)>,
    /// (call, key with brackets, output; `None` for the whole module).
    outputs: Vec<(String, Option<String>, Option<String>)>,
    vars: BTreeSet<String>,
    each_value: bool,
    /// A reference the configuration does not let us follow (a local value).
    opaque: bool,
}

impl Subjects {
    fn of(refs: &[&str]) -> Subjects {
        let mut s = Subjects::default();
        let mut bare: BTreeMap<String, i64> = BTreeMap::new();
        let mut keyed_blocks: BTreeMap<String, i64> = BTreeMap::new();
        let mut texts: BTreeMap<String, String> = BTreeMap::new();
        for r in refs {
            let parts = split_address(r);
            let p: Vec<&str> = parts.iter().map(String::as_str).collect();
            match p.as_slice() {
                ["var", name, ..] => {
                    s.vars.insert(without_key(name).to_string());
                }
                ["local", ..] => s.opaque = true,
                ["each", "value", ..] => s.each_value = true,
                ["each", ..] | ["count", ..] | ["path", ..] | ["terraform", ..] | ["self", ..] => {}
                ["module", call] => {
                    *bare.entry(format!("module.{call}")).or_default() += 1;
                }
                ["module", call, output] => {
                    let (name, key) = split_key(call);
                    s.outputs
                        .push((name.to_string(), key.clone(), Some(output.to_string())));
                    // Each output reference also lists `module.m` or `module.m["k"]`.
                    *bare.entry(format!("module.{call}")).or_default() -= 1;
                }
                ["module", ..] => {}
                ["data", t, n] | [t, n] if !t.is_empty() => {
                    let block_name = without_key(n);
                    let prefix = if p[0] == "data" { "data." } else { "" };
                    let block = format!("{prefix}{t}.{block_name}");
                    if n.contains('[') {
                        let key = n[block_name.len()..].to_string();
                        let text = longest(refs, r);
                        s.resources.push((block.clone(), Some(key), text));
                        *keyed_blocks.entry(block).or_default() += 1;
                    } else {
                        *bare.entry(block.clone()).or_default() += 1;
                        texts.entry(block).or_insert_with(|| longest(refs, r));
                    }
                }
                _ => {}
            }
        }
        s.bare_references(bare, keyed_blocks, texts);
        s
    }

    /// What is left of the bare forms once the longer references are accounted for.
    fn bare_references(
        &mut self,
        bare: BTreeMap<String, i64>,
        keyed_blocks: BTreeMap<String, i64>,
        texts: BTreeMap<String, String>,
    ) {
        // `module.m["k"]` left over is the whole instance, which also lists `module.m`.
        let mut whole_keyed: BTreeMap<String, i64> = BTreeMap::new();
        for (b, n) in &bare {
            if let Some(call) = b.strip_prefix("module.") {
                let (name, key) = split_key(call);
                if key.is_some() && *n > 0 {
                    self.outputs.push((name.to_string(), key, None));
                    *whole_keyed.entry(format!("module.{name}")).or_default() += n;
                }
            }
        }
        for (b, n) in &bare {
            let n = n
                - keyed_blocks.get(b).copied().unwrap_or(0)
                - whole_keyed.get(b).copied().unwrap_or(0);
            if n <= 0 {
                continue;
            }
            match b.strip_prefix("module.") {
                Some(call) if !call.contains('[') => {
                    self.outputs.push((call.to_string(), None, None))
                }
                Some(_) => {}
                None => {
                    let text = texts.get(b).cloned().unwrap_or_else(|| b.clone());
                    self.resources.push((b.clone(), None, text));
                }
            }
        }
    }
}

/// `name` and `["k"]` of `name["k"]`.
fn split_key(part: &str) -> (&str, Option<String>) {
    let name = without_key(part);
    if name.len() == part.len() {
        (name, None)
    } else {
        (name, Some(part[name.len()..].to_string()))
    }
}

/// The longest reference written with `subject` as its prefix (`aws_x.y.id` for `aws_x.y`),
/// for messages.
fn longest(refs: &[&str], subject: &str) -> String {
    refs.iter()
        .filter(|r| r.starts_with(subject) && r[subject.len()..].starts_with('.'))
        .max_by_key(|r| r.len())
        .map_or(subject, |r| r)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan() -> Json {
        json!({"configuration": {"provider_config": {
            "aws": {"expressions": {"default_tags": [{"tags": {"constant_value": {"Project": "p"}}}]}},
            "aws.dyn": {"alias": "dyn", "expressions": {"default_tags": [{"tags": {"references": ["local.t"]}}]}}
        }, "root_module": {
            "resources": [
                {"address": "aws_s3_bucket.b", "type": "aws_s3_bucket", "provider_config_key": "aws", "expressions": {}},
                {"address": "aws_s3_bucket_public_access_block.p", "type": "aws_s3_bucket_public_access_block",
                 "provider_config_key": "aws.dyn",
                 "expressions": {"bucket": {"references": ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]}}},
                {"address": "aws_s3_bucket_public_access_block.c", "type": "aws_s3_bucket_public_access_block",
                 "expressions": {"bucket": {"references": ["aws_s3_bucket.many", "count.index"]}}},
                {"address": "aws_s3_bucket_public_access_block.l", "type": "aws_s3_bucket_public_access_block",
                 "expressions": {"bucket": {"references": ["local.b"]}}}
            ],
            "module_calls": {"q": {"for_each_expression": {"references": ["var.names"]},
                "expressions": {"dlq_arn": {"references": ["aws_sqs_queue.dlq.arn", "aws_sqs_queue.dlq"]}},
                "module": {
                    "resources": [{"address": "aws_sqs_queue.q", "type": "aws_sqs_queue",
                        "expressions": {"redrive_policy": {"references": ["var.dlq_arn", "aws_sqs_queue.other[0].arn", "aws_sqs_queue.other[0]", "aws_sqs_queue.other"]}}}],
                    "outputs": {"arn": {"expression": {"references": ["aws_sqs_queue.q.arn", "aws_sqs_queue.q"]}}}
                }}}
        }}})
    }

    const ADDRS: &[&str] = &[
        "aws_s3_bucket.b",
        "aws_s3_bucket.many[0]",
        "aws_s3_bucket.many[1]",
        "aws_s3_bucket_public_access_block.p",
        "aws_s3_bucket_public_access_block.c[0]",
        "aws_s3_bucket_public_access_block.l",
        "aws_sqs_queue.dlq",
        r#"module.q["a"].aws_sqs_queue.q"#,
        r#"module.q["a"].aws_sqs_queue.other[0]"#,
        r#"module.q["b"].aws_sqs_queue.q"#,
    ];

    #[test]
    fn references_to_instances() {
        let p = plan();
        let c = Configuration::new(&p, ADDRS.iter().copied());
        let r = &c.argument_refs("aws_s3_bucket_public_access_block.p")["bucket"];
        assert_eq!(
            r.precise,
            BTreeMap::from([("aws_s3_bucket.b".into(), "aws_s3_bucket.b.id".into())])
        );
        let r = &c.argument_refs("aws_s3_bucket_public_access_block.c[0]")["bucket"];
        assert!(r.precise.is_empty(), "{r:?}");
        assert_eq!(
            r.ambiguous,
            BTreeSet::from(["aws_s3_bucket.many[*]".into()])
        );
        let r = &c.argument_refs("aws_s3_bucket_public_access_block.l")["bucket"];
        assert!(r.incomplete && r.precise.is_empty(), "{r:?}");
        // Through a module input, into the instance's own resources.
        let r = &c.argument_refs(r#"module.q["a"].aws_sqs_queue.q"#)["redrive_policy"];
        let want: Vec<String> = vec![
            "aws_sqs_queue.dlq".into(),
            r#"module.q["a"].aws_sqs_queue.other[0]"#.into(),
        ];
        // Two queues: as far as pairing goes, either could be the one.
        assert!(r.precise.is_empty(), "{r:?}");
        assert_eq!(
            r.ambiguous,
            want.iter()
                .map(|a| format!("{}[*]", strip_keys(a)))
                .collect::<BTreeSet<_>>()
        );
    }

    #[test]
    fn default_tags_of_the_instance_provider() {
        let p = plan();
        let c = Configuration::new(&p, ADDRS.iter().copied());
        assert_eq!(
            c.default_tags("aws_s3_bucket.b"),
            Value::from_json(&json!({"Project": "p"}))
        );
        assert!(c
            .default_tags("aws_s3_bucket_public_access_block.p")
            .is_unknown());
        assert_eq!(
            c.provider_key("aws_s3_bucket_public_access_block.p")
                .as_deref(),
            Some("aws.dyn")
        );
    }

    #[test]
    fn bare_forms_are_counted() {
        let s = Subjects::of(&[
            "aws_x.y[0].id",
            "aws_x.y[0]",
            "aws_x.y",
            "aws_x.y",
            "count.index",
        ]);
        assert_eq!(
            s.resources,
            vec![
                ("aws_x.y".into(), Some("[0]".into()), "aws_x.y[0].id".into()),
                ("aws_x.y".into(), None, "aws_x.y".into())
            ]
        );
        let s = Subjects::of(&[
            "module.m.out",
            "module.m",
            r#"module.n["k"].o"#,
            r#"module.n["k"]"#,
        ]);
        assert_eq!(s.outputs.len(), 2, "{:?}", s.outputs);
        let s = Subjects::of(&[r#"module.n["k"]"#, "module.n"]);
        assert_eq!(s.outputs, vec![("n".into(), Some(r#"["k"]"#.into()), None)]);
        let s = Subjects::of(&["module.n"]);
        assert_eq!(s.outputs, vec![("n".into(), None, None)]);
    }

    #[test]
    fn self_referring_configuration_ends() {
        let p = json!({"configuration": {"root_module": {"module_calls": {"m": {
            "expressions": {"x": {"references": ["module.m.o", "module.m"]}},
            "module": {"resources": [{"address": "aws_sqs_queue.q", "expressions": {"policy": {"references": ["var.x"]}}}],
                       "outputs": {"o": {"expression": {"references": ["var.x"]}}}}}}}}});
        let c = Configuration::new(&p, ["module.m.aws_sqs_queue.q"].into_iter());
        assert_eq!(c.overflow(), None);
        let r = &c.argument_refs("module.m.aws_sqs_queue.q")["policy"];
        assert!(r.incomplete && r.precise.is_empty(), "{r:?}");
        assert!(c.overflow().is_some_and(|w| w.contains("refers to itself")));
    }

    #[test]
    fn configured_block_and_calls() {
        let p = plan();
        let c = Configuration::new(&p, ADDRS.iter().copied());
        let got = c.configured(r#"module.q["a"].aws_sqs_queue.other[0]"#);
        assert_eq!(got.block, "module.q.aws_sqs_queue.other");
        // The plan's call records no `source`.
        assert_eq!(
            got.calls,
            vec![ModuleCall {
                call: "module.q".into(),
                source: None
            }]
        );
        assert!(c.configured("aws_s3_bucket.b").calls.is_empty());
    }
}
