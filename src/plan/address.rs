//! Terraform addresses as the plan writes them: `module.a["x.y"].module.b[0].aws_s3_bucket.c["k"]`.

use std::collections::HashMap;

use crate::source::Span;

/// Split an address at the dots outside brackets and quotes.
pub fn split_address(address: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let (mut depth, mut in_str, mut esc) = (0i64, false, false);
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

/// A part without its instance key: `b` of `b["k"]`.
pub fn without_key(part: &str) -> &str {
    match part.find('[') {
        Some(i) => &part[..i],
        None => part,
    }
}

/// An address without its instance keys: the block it comes from.
pub fn strip_keys(address: &str) -> String {
    split_address(address)
        .iter()
        .map(|p| without_key(p))
        .collect::<Vec<_>>()
        .join(".")
}

/// Number of leading parts that are module calls (`module`, `name[key]` pairs).
fn module_parts(parts: &[String]) -> usize {
    let mut end = 0;
    while end + 1 < parts.len() && parts[end] == "module" {
        end += 2;
    }
    end
}

/// `module.a["k"].module.b` of `module.a["k"].module.b.aws_x.y[0]`.
pub fn module_of(address: &str) -> String {
    let parts = split_address(address);
    let end = module_parts(&parts);
    parts[..end].join(".")
}

/// The resource part of an instance address: `aws_x.y[0]` or `data.aws_x.y`.
pub fn local_of(address: &str) -> String {
    let parts = split_address(address);
    let end = module_parts(&parts);
    parts[end..].join(".")
}

/// `path.name` with `path` possibly empty (the root module).
pub fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// The module instance that calls `module` (`module.a["k"]` of `module.a["k"].module.b`) and
/// the call's name (`b`); `None` for the root.
pub fn parent_of(module: &str) -> Option<(String, String)> {
    let parts = split_address(module);
    if parts.len() < 2 || parts[parts.len() - 2] != "module" {
        return None;
    }
    let call = without_key(&parts[parts.len() - 1]).to_string();
    Some((parts[..parts.len() - 2].join("."), call))
}

/// Every module instance on the way to `module`, outermost first, `module` included.
pub fn module_chain(module: &str) -> Vec<String> {
    let parts = split_address(module);
    (1..=parts.len() / 2)
        .map(|n| parts[..2 * n].join("."))
        .collect()
}

/// Byte span of the `"address": "..."` of each instance in the plan's `resource_changes` (the
/// first one in the text otherwise: a data source read while planning is only in
/// `prior_state`).
pub fn address_offsets(text: &str) -> HashMap<String, Span> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#""address"\s*:\s*("(?:[^"\\]|\\.)*")"#).expect("regex")
    });
    let changes = text.find("\"resource_changes\"").unwrap_or(usize::MAX);
    let mut first = HashMap::new();
    let mut in_changes = HashMap::new();
    for c in RE.captures_iter(text) {
        let (Some(whole), Some(q)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if let Ok(addr) = serde_json::from_str::<String>(q.as_str()) {
            let span = Span::new(whole.start(), whole.end());
            if whole.start() > changes {
                in_changes.entry(addr.clone()).or_insert(span);
            }
            first.entry(addr).or_insert(span);
        }
    }
    for (addr, span) in in_changes {
        first.insert(addr, span);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let a = r#"module.a["x.y"].module.b[0].aws_s3_bucket.c["k"]"#;
        assert_eq!(strip_keys(a), "module.a.module.b.aws_s3_bucket.c");
        assert_eq!(module_of(a), r#"module.a["x.y"].module.b[0]"#);
        assert_eq!(local_of(a), r#"aws_s3_bucket.c["k"]"#);
        assert_eq!(module_of("data.aws_region.r"), "");
        assert_eq!(local_of("data.aws_region.r"), "data.aws_region.r");
        assert_eq!(
            parent_of(r#"module.a["x.y"].module.b[0]"#),
            Some((r#"module.a["x.y"]"#.to_string(), "b".to_string()))
        );
        assert_eq!(parent_of(""), None);
        assert_eq!(
            module_chain(r#"module.a["x"].module.b"#),
            vec![r#"module.a["x"]"#, r#"module.a["x"].module.b"#]
        );
    }

    #[test]
    fn offsets_prefer_resource_changes() {
        let text = "{\"planned_values\": {\"address\": \"aws_s3_bucket.b[\\\"k\\\"]\"},\n\"resource_changes\": [{\"address\": \"aws_s3_bucket.b[\\\"k\\\"]\"}]}";
        let o = address_offsets(text);
        let span = o["aws_s3_bucket.b[\"k\"]"];
        assert!(
            span.start as usize > text.find("resource_changes").unwrap(),
            "{span:?}"
        );
    }
}
