//! `pe-lint inspect`: the evaluated model as JSON, shaped like `terraform show -json` where it
//! can be, so people can see why a rule decided what it did and tests can compare with plans.

use serde_json::{json, Map as JsonMap, Value as Json};

use crate::terraform::loaded::Loaded;
use crate::terraform::{Instance, Mode};

pub const FORMAT_VERSION: &str = "1";

pub fn render(loaded: &Loaded) -> Json {
    let roots: Vec<Json> = loaded
        .model
        .roots
        .iter()
        .map(|r| {
            let resources: Vec<Json> = r.instances.iter().map(|i| instance(loaded, i)).collect();
            json!({ "path": r.display, "resources": resources })
        })
        .collect();
    let diagnostics: Vec<Json> = loaded
        .diagnostics
        .iter()
        .map(|d| crate::report::diagnostic_json(d, &loaded.sources))
        .collect();
    json!({ "format_version": FORMAT_VERSION, "roots": roots, "diagnostics": diagnostics })
}

fn instance(loaded: &Loaded, i: &Instance) -> Json {
    let file = loaded.sources.get(i.file);
    let pos = file.position(i.header.start);
    let values = i.values.to_json();
    let mut unknown = i
        .values
        .unknown_mask()
        .unwrap_or_else(|| Json::Object(JsonMap::new()));
    let tags = if i.mode == Mode::Managed
        && (i.values.as_object().is_some_and(|m| m.contains_key("tags"))
            || !i.provider.default_tags.is_null())
    {
        let tags = i.effective_tags();
        // Unknown parts of the effective tags are marked where Terraform marks them: `tags_all`.
        if let (Some(mask), Json::Object(u)) = (tags.unknown_mask(), &mut unknown) {
            u.insert("tags_all".into(), mask);
        }
        tags.to_json()
    } else {
        Json::Null
    };
    json!({
        "address": i.address,
        "mode": i.mode.as_str(),
        "type": i.rtype,
        "name": i.name,
        "index": i.index.as_ref().map(|k| k.to_json()),
        "module": if i.module.is_empty() { Json::Null } else { Json::from(i.module.as_str()) },
        "provider": i.provider.key,
        "file": file.display,
        "line": pos.line,
        "values": values,
        "unknown": unknown,
        "effective_tags": tags,
    })
}
