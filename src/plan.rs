//! `--plan FILE`: check the planned values of `terraform show -json` instead of (or, with
//! paths, on top of) the static evaluation. Each planned resource or data instance becomes an
//! [`Instance`] for the rule engine: `after` gives its values, `after_unknown` its unknowns
//! (unresolved, never a pass). With paths, each planned address is mapped to its block in the
//! configuration so findings point at source lines, and unknowns keep what static evaluation
//! knows about them (where an unknown ARN comes from); without paths, findings name the
//! address and point at it in the plan file.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value as Json;

use crate::diag::Diagnostic;
use crate::lint::{self, Loaded, Options};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::terraform::model::ProviderRef;
use crate::terraform::{Instance, InstanceKey, Mode, Model, Origin, RootModel, Value};

/// Load for `--plan`: the plan alone (`with_static` false: no paths given), or the static
/// evaluation of the paths with the plan's instances in place of the statically evaluated
/// ones of the root the plan belongs to.
pub fn load(opts: &Options, plan: &Path, with_static: bool) -> Loaded {
    let mut loaded = if with_static {
        lint::load(opts)
    } else {
        Loaded {
            sources: Sources::default(),
            model: Model::default(),
            diagnostics: Vec::new(),
            files_scanned: 0,
            bytes_scanned: 0,
            roots: Vec::new(),
            scope: Default::default(),
        }
    };
    // Named on the command line, so read wherever it is; but still a regular file (a FIFO
    // would block) read through a cap (a /proc file reports a size of 0): the run's total,
    // since plans of large estates are far larger than any one source file.
    let text = match crate::files::read_text(plan, None, opts.max_total_bytes) {
        Ok(t) => t,
        Err(r) => {
            let mut d = r.diagnostic("plan-file", "the plan", plan);
            d.message = format!("--plan: {}", d.message);
            loaded.diagnostics.push(d);
            return loaded;
        }
    };
    let json: Json = match serde_json::from_str(&text) {
        Ok(j) => j,
        Err(e) => {
            loaded.diagnostics.push(Diagnostic::error(
                "plan-file",
                format!(
                    "--plan {}: not JSON ({e}); give the output of `terraform show -json PLAN`",
                    plan.display()
                ),
            ));
            return loaded;
        }
    };
    if json.get("resource_changes").is_none() && json.get("planned_values").is_none() {
        loaded.diagnostics.push(Diagnostic::error(
            "plan-file",
            format!(
                "--plan {}: no resource_changes: not the output of `terraform show -json PLAN`",
                plan.display()
            ),
        ));
        return loaded;
    }
    loaded.files_scanned += 1;
    loaded.bytes_scanned += text.len() as u64;
    let offsets = address_offsets(&text);
    let file = loaded.sources.add(SourceFile::new(
        plan.to_path_buf(),
        Arc::from(text.as_str()),
    ));
    let planned = planned_instances(&json);
    let configured = configured_arguments(&json);

    // The root the plan belongs to: the one sharing the most addresses with it (none: the
    // plan is checked as a root of its own, next to the static ones).
    let target = if with_static {
        loaded
            .model
            .roots
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let n = r
                    .instances
                    .iter()
                    .filter(|x| planned.iter().any(|p| p.address == x.address))
                    .count();
                (n, std::cmp::Reverse(i))
            })
            .filter(|(n, _)| *n > 0)
            .max()
            .map(|(_, std::cmp::Reverse(i))| i)
    } else {
        None
    };
    let stat = target.map(|i| &loaded.model.roots[i]);
    let by_addr: HashMap<&str, &Arc<Instance>> = stat
        .map(|r| {
            r.instances
                .iter()
                .map(|i| (i.address.as_str(), i))
                .collect()
        })
        .unwrap_or_default();
    let by_block: HashMap<String, &Arc<Instance>> = stat
        .map(|r| {
            r.instances
                .iter()
                .map(|i| (strip_keys(&i.address), i))
                .collect()
        })
        .unwrap_or_default();

    let mut instances = Vec::with_capacity(planned.len());
    let mut unmapped = 0usize;
    for p in &planned {
        let s = by_addr
            .get(p.address.as_str())
            .or_else(|| by_block.get(&strip_keys(&p.address)))
            .copied();
        if with_static && s.is_none() {
            unmapped += 1;
        }
        let conf = configured.get(&strip_keys(&p.address));
        instances.push(Arc::new(build_instance(p, s, conf, file, &offsets)));
    }
    if unmapped > 0 {
        loaded.diagnostics.push(Diagnostic::info(
            "plan-unmapped",
            format!(
                "{unmapped} planned instance(s) have no block in the scanned configuration (remote modules?); their findings point at the plan file"
            ),
        ));
    }
    match target {
        Some(i) => loaded.model.roots[i].instances = instances,
        None => {
            let variables = json
                .get("variables")
                .and_then(Json::as_object)
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), Value::from_json(&v["value"])))
                        .collect()
                })
                .unwrap_or_default();
            let display = crate::source::display_path(plan);
            loaded.model.roots.push(RootModel {
                dir: plan.parent().map(Path::to_path_buf).unwrap_or_default(),
                display,
                instances,
                variables,
                module_instances: 0,
            });
            loaded.roots.push(PathBuf::from(plan));
        }
    }
    loaded
}

/// One planned resource or data instance.
#[derive(Debug, Clone)]
pub struct Planned {
    pub address: String,
    pub mode: Mode,
    pub rtype: String,
    pub name: String,
    pub index: Option<InstanceKey>,
    pub module: String,
    pub after: Json,
    pub after_unknown: Json,
}

/// Instances of a plan: `resource_changes` (except deletions) and the data sources read during
/// planning (`prior_state`), in the plan's order.
pub fn planned_instances(plan: &Json) -> Vec<Planned> {
    let mut out: Vec<Planned> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for rc in plan["resource_changes"].as_array().into_iter().flatten() {
        let actions = &rc["change"]["actions"];
        if actions
            .as_array()
            .is_some_and(|a| a.len() == 1 && a[0] == "delete")
        {
            continue;
        }
        if let Some(p) = planned(rc, &rc["change"]["after"], &rc["change"]["after_unknown"]) {
            seen.insert(p.address.clone());
            out.push(p);
        }
    }
    fn walk(m: &Json, out: &mut Vec<Planned>, seen: &mut std::collections::HashSet<String>) {
        for r in m["resources"].as_array().into_iter().flatten() {
            if r["mode"] != "data" {
                continue;
            }
            if let Some(p) = planned(r, &r["values"], &Json::Null) {
                if seen.insert(p.address.clone()) {
                    out.push(p);
                }
            }
        }
        for c in m["child_modules"].as_array().into_iter().flatten() {
            walk(c, out, seen);
        }
    }
    walk(
        &plan["prior_state"]["values"]["root_module"],
        &mut out,
        &mut seen,
    );
    out
}

fn planned(r: &Json, after: &Json, after_unknown: &Json) -> Option<Planned> {
    let address = r["address"].as_str()?.to_string();
    let module = r["module_address"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| {
            // prior_state entries carry no module_address: take it from the address.
            module_of(&address)
        });
    Some(Planned {
        mode: if r["mode"] == "data" {
            Mode::Data
        } else {
            Mode::Managed
        },
        rtype: r["type"].as_str()?.to_string(),
        name: r["name"].as_str()?.to_string(),
        index: match &r["index"] {
            Json::Number(n) => n.as_i64().map(InstanceKey::Index),
            Json::String(s) => Some(InstanceKey::Key(s.clone())),
            _ => None,
        },
        module,
        after: after.clone(),
        after_unknown: after_unknown.clone(),
        address,
    })
}

/// `module.a["k"].module.b` of `module.a["k"].module.b.aws_x.y[0]`.
fn module_of(address: &str) -> String {
    let parts = split_address(address);
    let mut end = 0;
    let mut i = 0;
    while i + 1 < parts.len() && parts[i] == "module" {
        end = i + 2;
        i += 2;
    }
    parts[..end].join(".")
}

/// Split an address at the dots outside brackets and quotes.
fn split_address(address: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let (mut depth, mut in_str, mut esc) = (0, false, false);
    for c in address.chars() {
        if in_str {
            cur.push(c);
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                cur.push(c);
            }
            '[' => {
                depth += 1;
                cur.push(c);
            }
            ']' => {
                depth -= 1;
                cur.push(c);
            }
            '.' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
}

/// An address without its instance keys: the block it comes from.
pub fn strip_keys(address: &str) -> String {
    split_address(address)
        .into_iter()
        .map(|p| match p.find('[') {
            Some(i) => p[..i].to_string(),
            None => p,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Byte offset of the first `"address": "..."` of each address in the plan text.
fn address_offsets(text: &str) -> HashMap<String, Span> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#""address"\s*:\s*("(?:[^"\\]|\\.)*")"#).expect("regex")
    });
    let mut out = HashMap::new();
    for c in RE.captures_iter(text) {
        let (Some(whole), Some(q)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if let Ok(addr) = serde_json::from_str::<String>(q.as_str()) {
            out.entry(addr)
                .or_insert_with(|| Span::new(whole.start(), whole.end()));
        }
    }
    out
}

fn build_instance(
    p: &Planned,
    stat: Option<&Arc<Instance>>,
    configured: Option<&BTreeSet<String>>,
    plan_file: FileId,
    offsets: &HashMap<String, Span>,
) -> Instance {
    let planned = plan_value(&p.after, &p.after_unknown, &p.address, "");
    // `tags_all` is what the provider makes of default_tags and the resource's tags.
    let tags_all = planned.get("tags_all");
    // Unknowns keep what static evaluation knows about them (their origins, known text).
    let values = match stat.filter(|s| s.address == p.address) {
        Some(s) => merge_static(prune(planned, Some(&s.values), None), Some(&s.values)),
        None => prune(planned, None, configured),
    };
    let default_tags = match &tags_all {
        Some(v @ (Value::Object(_) | Value::Unknown(_))) => v.clone(),
        _ => Value::Null,
    };
    let provider = match stat {
        // Static evaluation resolved the effective tags: keep its provider configuration.
        Some(s) if s.address == p.address && s.effective_tags().is_wholly_known() => {
            s.provider.clone()
        }
        Some(s) => ProviderRef {
            default_tags,
            ..s.provider.clone()
        },
        None => ProviderRef {
            key: p.rtype.split('_').next().unwrap_or("").to_string(),
            default_tags,
            ignore_tags: crate::terraform::Value::Null,
            loc: None,
        },
    };
    let (file, span, header, locs, refs) = match stat {
        Some(s) => (
            s.file,
            s.span,
            s.header,
            s.locs.clone(),
            if s.address == p.address {
                s.refs.clone()
            } else {
                BTreeMap::new()
            },
        ),
        None => {
            let span = offsets.get(&p.address).copied().unwrap_or_default();
            (plan_file, span, span, BTreeMap::new(), BTreeMap::new())
        }
    };
    Instance {
        address: p.address.clone(),
        mode: p.mode,
        rtype: p.rtype.clone(),
        name: p.name.clone(),
        index: p.index.clone(),
        module: p.module.clone(),
        provider,
        values,
        locs,
        refs,
        file,
        span,
        header,
        unresolved_expansion: false,
        loc_files: BTreeMap::new(),
    }
}

/// A planned value with its unknowns (`after_unknown`) as unknown values that name the
/// resource attribute they stand for.
pub fn plan_value(after: &Json, unknown: &Json, address: &str, path: &str) -> Value {
    if unknown == &Json::Bool(true) {
        return Value::unknown_from(Origin::resource(address, path));
    }
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match after {
        Json::Object(m) => {
            let mut out: BTreeMap<String, Value> = m
                .iter()
                .map(|(k, v)| {
                    let u = unknown.get(k).unwrap_or(&Json::Null);
                    (k.clone(), plan_value(v, u, address, &join(k)))
                })
                .collect();
            // `after` leaves out what is unknown.
            if let Some(um) = unknown.as_object() {
                for (k, u) in um {
                    if !out.contains_key(k) && u != &Json::Bool(false) {
                        out.insert(k.clone(), plan_value(&Json::Null, u, address, &join(k)));
                    }
                }
            }
            Value::object(out)
        }
        Json::Array(items) => Value::list(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let u = unknown.get(i).unwrap_or(&Json::Null);
                    plan_value(v, u, address, &format!("{path}[{i}]"))
                })
                .collect(),
        ),
        Json::Null => match unknown {
            Json::Object(_) => {
                plan_value(&Json::Object(Default::default()), unknown, address, path)
            }
            Json::Array(items) => plan_value(
                &Json::Array(vec![Json::Null; items.len()]),
                unknown,
                address,
                path,
            ),
            _ => Value::Null,
        },
        other => Value::from_json(other),
    }
}

/// Drop what the configuration does not set, so that a planned instance reads like a
/// statically evaluated one: attributes absent from `stat` (the static values) or from
/// `configured` (the arguments of the plan's `configuration`) that are unknown (computed by
/// the provider) or empty (`null`, `[]`, `""`: unset). Known, non-empty values stay: they are
/// what the plan adds.
fn prune(v: Value, stat: Option<&Value>, configured: Option<&BTreeSet<String>>) -> Value {
    fn empty(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::List(items) => items.is_empty(),
            Value::String(s) => s.is_empty(),
            _ => false,
        }
    }
    match v {
        Value::Object(m) => {
            let mut out = BTreeMap::new();
            for (k, x) in m.iter() {
                // An argument set to null is unset, as in Terraform.
                let s = stat.and_then(|s| s.get(k)).filter(|s| !s.is_null());
                let is_configured = s.is_some() || configured.is_some_and(|c| c.contains(k));
                let known_unset = configured.is_some() || stat.is_some();
                if !is_configured && (empty(x) || (known_unset && !x.is_wholly_known())) {
                    continue;
                }
                out.insert(k.clone(), prune(x.clone(), s.as_ref(), None));
            }
            Value::object(out)
        }
        Value::List(items) => {
            let si = stat.and_then(|s| s.as_list().map(<[Value]>::to_vec));
            Value::list(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| {
                        let s = si.as_ref().and_then(|si| si.get(i));
                        match x {
                            Value::Object(_) => prune(x.clone(), s, None),
                            _ => x.clone(),
                        }
                    })
                    .collect(),
            )
        }
        other => other,
    }
}

/// The arguments each resource block sets, from the plan's `configuration` (absent from
/// trimmed plans): block address without keys -> argument names.
fn configured_arguments(plan: &Json) -> HashMap<String, BTreeSet<String>> {
    fn walk(m: &Json, prefix: &str, out: &mut HashMap<String, BTreeSet<String>>) {
        for r in m["resources"].as_array().into_iter().flatten() {
            let (Some(addr), Some(expr)) = (r["address"].as_str(), r["expressions"].as_object())
            else {
                continue;
            };
            out.insert(format!("{prefix}{addr}"), expr.keys().cloned().collect());
        }
        for (name, call) in m["module_calls"].as_object().into_iter().flatten() {
            walk(&call["module"], &format!("{prefix}module.{name}."), out);
        }
    }
    let mut out = HashMap::new();
    walk(&plan["configuration"]["root_module"], "", &mut out);
    out
}

/// Where the plan has an unknown and static evaluation has an unknown (or partly unknown)
/// value at the same place, keep the static one: it is just as unknown, but remembers where
/// it comes from and any known text around it.
fn merge_static(planned: Value, stat: Option<&Value>) -> Value {
    let Some(s) = stat else {
        return planned;
    };
    match planned {
        Value::Unknown(_) if !s.is_wholly_known() => s.clone(),
        Value::Object(m) => {
            let merged = m
                .iter()
                .map(|(k, v)| (k.clone(), merge_static(v.clone(), s.get(k).as_ref())))
                .collect();
            Value::object(merged)
        }
        Value::List(items) => match s.as_list() {
            Some(si) if si.len() == items.len() => Value::list(
                items
                    .iter()
                    .zip(si)
                    .map(|(p, s)| merge_static(p.clone(), Some(s)))
                    .collect(),
            ),
            _ => Value::List(items),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn addresses() {
        assert_eq!(
            strip_keys(r#"module.a["x.y"].module.b[0].aws_s3_bucket.c["k"]"#),
            "module.a.module.b.aws_s3_bucket.c"
        );
        assert_eq!(
            module_of(r#"module.a["x.y"].module.b[0].aws_s3_bucket.c["k"]"#),
            r#"module.a["x.y"].module.b[0]"#
        );
        assert_eq!(module_of("data.aws_region.r"), "");
    }

    #[test]
    fn unknowns_from_after_unknown() {
        let v = plan_value(
            &json!({"name": "q", "tags": {"a": "1"}, "list": ["x", null]}),
            &json!({"arn": true, "list": [false, true]}),
            "aws_sqs_queue.q",
            "",
        );
        assert_eq!(v.get("name"), Some(Value::string("q")));
        let arn = v.get("arn").unwrap();
        assert!(arn.is_unknown());
        assert_eq!(
            arn.referenced_resources(),
            vec![Arc::<str>::from("aws_sqs_queue.q")]
        );
        let list = v.get("list").unwrap();
        assert!(list.as_list().unwrap()[1].is_unknown());
    }

    #[test]
    fn offsets_of_addresses() {
        let text = "{\"resource_changes\": [{\"address\": \"aws_s3_bucket.b[\\\"k\\\"]\"}]}";
        let o = address_offsets(text);
        assert!(o.contains_key("aws_s3_bucket.b[\"k\"]"), "{o:?}");
    }
}
