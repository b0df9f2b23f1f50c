//! `--plan FILE`: check the planned values of `terraform show -json` instead of (or, with
//! paths, on top of) the static evaluation. Each planned resource or data instance becomes an
//! [`Instance`] for the rule engine: `after` gives its values, `after_unknown` its unknowns
//! (unresolved, never a pass). The plan's `configuration` says what each argument refers to,
//! so unknowns keep the resources they come from and rules pair resources as they do in a
//! static run (`config`). With paths, each planned address is mapped to its block in the
//! source so findings point at source lines, and unknowns keep what static evaluation knows
//! about them; without paths, findings name the address and point at it in the plan file.

mod address;
mod config;
mod values;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value as Json;

pub use address::strip_keys;
use config::Configuration;
use values::{merge_static, plan_value, prune, Origins};

use crate::diag::Diagnostic;
use crate::lint::{self, Loaded, Options};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::terraform::model::ProviderRef;
use crate::terraform::{
    Instance, InstanceAddress, InstanceKey, Mode, Model, Origin, RootModel, Value,
};

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
    let Some((text, json)) = read_plan(opts, plan, &mut loaded.diagnostics) else {
        return loaded;
    };
    loaded.files_scanned += 1;
    loaded.bytes_scanned += text.len() as u64;
    let offsets = address::address_offsets(&text);
    let file = loaded.sources.add(SourceFile::new(
        plan.to_path_buf(),
        Arc::from(text.as_str()),
    ));
    let planned = planned_instances(&json);
    let mut config = Configuration::new(&json, planned.iter().map(|p| p.id.address.as_str()));
    if opts.fixed_total_steps {
        config = config.with_budget(opts.max_total_steps);
    }
    let target = if with_static {
        target_root(&loaded.model, &planned)
    } else {
        None
    };
    let plan_file = PlanFile { id: file, offsets };
    let (instances, unmapped) = {
        let stat = target.map(|i| &loaded.model.roots[i]);
        overlay(stat, &planned, &config, &plan_file)
    };
    loaded
        .diagnostics
        .extend(load_diagnostics(plan, &config, with_static, unmapped));
    match target {
        Some(i) => loaded.model.roots[i].instances = instances,
        None => {
            loaded.model.roots.push(plan_root(plan, &json, instances));
            loaded.roots.push(PathBuf::from(plan));
        }
    }
    loaded
}

/// What loading the plan has to say: references it could not follow (an error: no plan
/// Terraform writes is like that), planned instances without a block in the sources.
fn load_diagnostics(
    plan: &Path,
    config: &Configuration<'_>,
    with_static: bool,
    unmapped: usize,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(why) = config.overflow() {
        out.push(
            Diagnostic::error(
                "plan-file",
                format!(
                    "--plan {}: {why}; what it refers to is unresolved",
                    crate::files::shown(plan)
                ),
            )
            .with_help("give the output of `terraform show -json PLAN` for a plan Terraform made"),
        );
    }
    if with_static && unmapped > 0 {
        out.push(Diagnostic::info(
            "plan-unmapped",
            format!(
                "{unmapped} planned instance(s) have no block in the scanned configuration (remote modules?); their findings point at the plan file"
            ),
        ));
    }
    out
}

/// The plan's text and JSON, or a diagnostic saying why there is none.
fn read_plan(opts: &Options, plan: &Path, diags: &mut Vec<Diagnostic>) -> Option<(String, Json)> {
    let shown = crate::files::shown(plan);
    // A link committed in the tree (`plan.json -> ~/.aws/credentials`) would have pe-lint
    // read, and quote, a file anywhere: the plan must be the file itself.
    if std::fs::symlink_metadata(plan).is_ok_and(|m| m.file_type().is_symlink()) {
        diags.push(
            Diagnostic::error(
                "plan-file",
                format!("--plan {shown}: is a symbolic link; it was not read"),
            )
            .with_help("give the path of the plan file itself"),
        );
        return None;
    }
    // Named on the command line, so read wherever it is; but still a regular file (a FIFO
    // would block) read through a cap (a /proc file reports a size of 0): the run's total,
    // since plans of large estates are far larger than any one source file.
    let text = match crate::files::read_text(plan, None, opts.max_total_bytes) {
        Ok(t) => t,
        Err(r) => {
            let mut d = r.diagnostic("plan-file", "the plan", plan);
            d.message = format!("--plan: {}", d.message);
            if d.code == "file-too-large" {
                d.help = Some(
                    "raise the limit with `--limit total-size=N` if the plan is legitimate".into(),
                );
            }
            diags.push(d);
            return None;
        }
    };
    let json: Json = match serde_json::from_str(&text) {
        Ok(j) => j,
        Err(e) => {
            diags.push(Diagnostic::error(
                "plan-file",
                format!(
                    "--plan {shown}: not JSON ({e}); give the output of `terraform show -json PLAN`"
                ),
            ));
            return None;
        }
    };
    if json.get("resource_changes").is_none() && json.get("planned_values").is_none() {
        diags.push(Diagnostic::error(
            "plan-file",
            format!(
                "--plan {shown}: no resource_changes: not the output of `terraform show -json PLAN`"
            ),
        ));
        return None;
    }
    Some((text, json))
}

/// The root the plan belongs to: the one sharing the most addresses with it (none: the plan
/// is checked as a root of its own, next to the static ones).
fn target_root(model: &Model, planned: &[Planned]) -> Option<usize> {
    let addresses: BTreeSet<&str> = planned.iter().map(|p| p.id.address.as_str()).collect();
    model
        .roots
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let n = r
                .instances
                .iter()
                .filter(|x| addresses.contains(x.address.as_str()))
                .count();
            (n, std::cmp::Reverse(i))
        })
        .filter(|(n, _)| *n > 0)
        .max()
        .map(|(_, std::cmp::Reverse(i))| i)
}

/// The plan file as a source: its id and where each address is written.
struct PlanFile {
    id: FileId,
    offsets: HashMap<String, Span>,
}

/// The planned instances, each over its statically evaluated counterpart when there is one;
/// and how many have none.
fn overlay(
    stat: Option<&RootModel>,
    planned: &[Planned],
    config: &Configuration<'_>,
    plan_file: &PlanFile,
) -> (Vec<Arc<Instance>>, usize) {
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
    let mut unmapped = 0usize;
    let instances = planned
        .iter()
        .map(|p| {
            let s = by_addr
                .get(p.id.address.as_str())
                .or_else(|| by_block.get(&strip_keys(&p.id.address)))
                .copied();
            unmapped += usize::from(s.is_none());
            Arc::new(build_instance(p, s, config, plan_file))
        })
        .collect();
    (instances, unmapped)
}

/// The plan checked as a root of its own.
fn plan_root(plan: &Path, json: &Json, instances: Vec<Arc<Instance>>) -> RootModel {
    let variables = json
        .get("variables")
        .and_then(Json::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), Value::from_json(&v["value"])))
                .collect()
        })
        .unwrap_or_default();
    RootModel {
        dir: plan.parent().map(Path::to_path_buf).unwrap_or_default(),
        display: crate::source::display_path(plan),
        instances,
        variables,
        module_instances: 0,
        var_files: Vec::new(),
        variant_of: None,
    }
}

/// One planned resource or data instance: what names it, as an [`Instance`] is named, and its
/// planned values.
#[derive(Debug, Clone)]
pub struct Planned {
    pub id: InstanceAddress,
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
            seen.insert(p.id.address.clone());
            out.push(p);
        }
    }
    fn walk(m: &Json, out: &mut Vec<Planned>, seen: &mut std::collections::HashSet<String>) {
        for r in m["resources"].as_array().into_iter().flatten() {
            if r["mode"] != "data" {
                continue;
            }
            if let Some(p) = planned(r, &r["values"], &Json::Null) {
                if seen.insert(p.id.address.clone()) {
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
            address::module_of(&address)
        });
    let id = InstanceAddress {
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
        address,
    };
    Some(Planned {
        id,
        after: after.clone(),
        after_unknown: after_unknown.clone(),
    })
}

/// What the configuration says each argument of a planned instance refers to: the resources
/// (for `Instance::refs`) and the origins its unknowns carry.
fn references(
    address: &str,
    config: &Configuration<'_>,
) -> (BTreeMap<String, Vec<Arc<str>>>, Origins) {
    let mut refs = BTreeMap::new();
    let mut origins = Origins::new();
    for (arg, r) in config.argument_refs(address) {
        let mut o: Vec<Origin> = r
            .precise
            .iter()
            .map(|(addr, text)| Origin {
                text: text.as_str().into(),
                resource: Some(addr.as_str().into()),
            })
            .collect();
        // From one of the block's instances: a resource value (an ARN, not `*`), but no
        // rule can pair through it for sure (see `rules::util::may_point_to`).
        o.extend(r.ambiguous.iter().map(|m| Origin {
            text: format!("one of {m}").into(),
            resource: Some(m.as_str().into()),
        }));
        if r.incomplete {
            if let Value::Unknown(u) = values::unknown_computed(address, &arg) {
                o.extend(u.origins.iter().cloned());
            }
        }
        let addrs = r.addresses();
        if !addrs.is_empty() {
            refs.insert(
                arg.clone(),
                addrs.iter().map(|a| Arc::from(a.as_str())).collect(),
            );
        }
        origins.insert(arg, o);
    }
    (refs, origins)
}

/// The provider's default tags for the rules: the plan's `tags_all` (the provider's own merge
/// of `default_tags` and `tags`) where it is known; where it is not, the `default_tags` the
/// configuration gives the instance's provider, so that known tags still decide.
fn default_tags(planned: &Value, address: &str, config: &Configuration<'_>) -> Value {
    match planned.get("tags_all") {
        Some(v @ Value::Object(_)) => v,
        Some(v) if !v.is_wholly_known() && config.is_present() => config.default_tags(address),
        Some(v @ Value::Unknown(_)) => v,
        _ => Value::Null,
    }
}

fn build_instance(
    p: &Planned,
    stat: Option<&Arc<Instance>>,
    config: &Configuration<'_>,
    plan_file: &PlanFile,
) -> Instance {
    let (config_refs, origins) = references(&p.id.address, config);
    let planned = plan_value(&p.after, &p.after_unknown, &p.id.address, &origins);
    let default_tags = default_tags(&planned, &p.id.address, config);
    let exact = stat.filter(|s| s.address == p.id.address);
    // Unknowns keep what static evaluation knows about them (their origins, known text).
    let values = match exact {
        Some(s) => merge_static(prune(planned, Some(&s.values), None), Some(&s.values)),
        None => prune(planned, None, config.arguments(&p.id.address).as_ref()),
    };
    let provider = match stat {
        // Static evaluation resolved the effective tags: keep its provider configuration.
        Some(s) if exact.is_some() && s.effective_tags().is_wholly_known() => s.provider.clone(),
        // Where the plan does not know `tags_all`, static evaluation may know the provider's
        // default_tags (from a local, which the plan does not record).
        Some(s) => ProviderRef {
            default_tags: match default_tags {
                Value::Object(_) => default_tags,
                _ => s.provider.default_tags.clone(),
            },
            ..s.provider.clone()
        },
        None => ProviderRef {
            key: config
                .provider_key(&p.id.address)
                .unwrap_or_else(|| p.id.rtype.split('_').next().unwrap_or("").to_string()),
            default_tags,
            // A plan's `tags_all` already leaves out what `ignore_tags` names.
            ignore_tags: Value::Null,
            loc: None,
        },
    };
    let (file, span, header, locs, refs) = match stat {
        Some(s) => (
            s.file,
            s.span,
            s.header,
            s.locs.clone(),
            if exact.is_some() {
                s.refs.clone()
            } else {
                config_refs
            },
        ),
        None => {
            let span = plan_file
                .offsets
                .get(&p.id.address)
                .copied()
                .unwrap_or_default();
            (plan_file.id, span, span, BTreeMap::new(), config_refs)
        }
    };
    Instance {
        id: p.id.clone(),
        provider,
        values,
        locs,
        refs,
        file,
        span,
        header,
        unresolved_expansion: false,
        loc_files: stat.map(|s| s.loc_files.clone()).unwrap_or_default(),
        // Pointing at the plan file: say where the block is configured.
        configured: stat
            .is_none()
            .then(|| Arc::new(config.configured(&p.id.address))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknowns_from_after_unknown() {
        let v = plan_value(
            &json!({"name": "q", "tags": {"a": "1"}, "list": ["x", null]}),
            &json!({"arn": true, "list": [false, true]}),
            "aws_sqs_queue.q",
            &Origins::new(),
        );
        assert_eq!(v.get("name"), Some(Value::string("q")));
        let arn = v.get("arn").unwrap();
        assert!(arn.is_unknown());
        // An unknown the configuration says nothing about may come from any resource.
        assert_eq!(
            arn.referenced_resources(),
            vec![
                Arc::<str>::from(crate::rules::util::ANY_RESOURCE),
                Arc::from("aws_sqs_queue.q")
            ]
        );
        let list = v.get("list").unwrap();
        assert!(list.as_list().unwrap()[1].is_unknown());
    }
}
