//! PE006: the missing cost tags, with the values `autofix { tags = { ... } }` configures, added
//! to the provider's `default_tags` when every resource of that provider configuration lacks
//! them, else to the resource's own `tags`. A value is never invented.

use super::align::{insert_attrs, insert_raw};
use super::locate::{self, Cx};
use super::{Edit, Fix, Options, Origin};
use crate::parse::FileKind;
use crate::rules::Settings;
use crate::source::{FileId, Loc};
use crate::syntax::{Expr, ExprKind};
use crate::terraform::{Instance, Mode, Value};

pub fn remedy(
    cx: &Cx<'_>,
    settings: &Settings,
    options: &Options,
    i: &Instance,
) -> Result<Fix, String> {
    let missing = keys_to_add(settings, options, i)?;
    let shared = lacked_by_every_resource(cx, settings, i);
    let (to_provider, to_resource): (Vec<&String>, Vec<&String>) =
        missing.iter().partition(|k| shared.contains(*k));
    let pick = |keys: &[&String]| -> Vec<(String, String)> {
        keys.iter()
            .map(|k| ((*k).clone(), options.tags[*k].clone()))
            .collect()
    };
    let mut steps = Steps::default();
    if !to_provider.is_empty() {
        let loc = i.provider.loc.ok_or("the provider is not configured")?;
        steps
            .edits
            .extend(provider_edits(cx, loc, &pick(&to_provider))?);
        steps.decides.extend(provider_instances(cx, loc));
        steps.what.push(format!(
            "add {} to the default_tags of provider {}",
            keys_listed(&to_provider),
            i.provider.key
        ));
    }
    if !to_resource.is_empty() {
        add_to_resource(cx, i, &to_resource, &pick(&to_resource), &mut steps)?;
    }
    Ok(locate::fix(
        steps.edits,
        steps.what.join("; "),
        Origin::Resource,
        steps.decides,
    ))
}

/// What one fix gathers: its edits, the instances whose verdict they decide, what it does.
#[derive(Default)]
struct Steps {
    edits: Vec<Edit>,
    decides: Vec<(String, String)>,
    what: Vec<String>,
}

/// The required keys the resource lacks, when the fixer may add every one of them: each has
/// a configured value and no `ignore_tags` of the provider drops it.
fn keys_to_add(
    settings: &Settings,
    options: &Options,
    i: &Instance,
) -> Result<Vec<String>, String> {
    let missing = missing_keys(settings, i).ok_or("the tags cannot be resolved statically")?;
    if missing.is_empty() {
        return Err(
            "a tag value that is not allowed needs a person to choose the right one".into(),
        );
    }
    let unset: Vec<&str> = missing
        .iter()
        .filter(|k| !options.tags.contains_key(*k))
        .map(String::as_str)
        .collect();
    if !unset.is_empty() {
        return Err(format!(
            "pe-lint never invents a tag value, and none is configured for {}: set `autofix {{ tags = {{ {} = \"...\" }} }}` in .pe-lint.hcl",
            unset.join(", "),
            unset[0]
        ));
    }
    let ignored = crate::terraform::model::without_ignored(
        Value::object(
            missing
                .iter()
                .map(|k| (k.clone(), Value::string("x")))
                .collect(),
        ),
        &i.provider.ignore_tags,
    );
    if ignored.as_object().map(|m| m.len()) != Some(missing.len()) {
        return Err(format!(
            "the provider {}'s ignore_tags drops some of {}",
            i.provider.key,
            missing.join(", ")
        ));
    }
    Ok(missing)
}

/// The keys added to the resource's own `tags` (a new attribute, or into its expression).
fn add_to_resource(
    cx: &Cx<'_>,
    i: &Instance,
    keys: &[&String],
    pairs: &[(String, String)],
    steps: &mut Steps,
) -> Result<(), String> {
    let block = cx
        .block_of(i)
        .ok_or_else(|| format!("the block of {} was not found", i.address))?;
    if cx.overridden(i) {
        return Err(format!(
            "an override file also configures {}, so the base block may not decide `tags`",
            i.address
        ));
    }
    steps.edits.extend(match block.body.attr("tags") {
        None => insert_attrs(cx, i.file, &block, &[("tags", &tags_object(pairs))])?,
        Some(a) => into_tags_expr(cx, i.file, &a.expr, pairs)?,
    });
    steps
        .decides
        .extend(cx.instances_of_block(i.file, block.span));
    steps.what.push(format!(
        "add {} to the tags of {}",
        keys_listed(keys),
        i.address
    ));
    Ok(())
}

fn keys_listed(keys: &[&String]) -> String {
    keys.iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The required keys the resource lacks (absent, null or blank, as PE006 counts them); `None`
/// when its tags are not known.
fn missing_keys(settings: &Settings, i: &Instance) -> Option<Vec<String>> {
    let tags = i.effective_tags();
    let map = tags.as_object()?;
    Some(
        settings
            .required_tags
            .iter()
            .filter(|k| match map.get(*k) {
                None | Some(Value::Null) => true,
                Some(Value::String(s)) => s.trim().is_empty(),
                Some(_) => false,
            })
            .cloned()
            .collect(),
    )
}

/// The required keys that every taggable resource of `i`'s provider configuration lacks, in
/// every evaluated root: adding them to `default_tags` changes no resource that has them.
fn lacked_by_every_resource(cx: &Cx<'_>, settings: &Settings, i: &Instance) -> Vec<String> {
    let Some(loc) = i.provider.loc else {
        return Vec::new();
    };
    let mut shared: Option<Vec<String>> = None;
    for other in cx.loaded.model.instances() {
        if other.provider.loc != Some(loc) || !is_tagged(other) {
            continue;
        }
        let Some(lacks) = missing_keys(settings, other) else {
            return Vec::new();
        };
        shared = Some(match shared {
            None => lacks,
            Some(s) => s.into_iter().filter(|k| lacks.contains(k)).collect(),
        });
    }
    shared.unwrap_or_default()
}

fn is_tagged(i: &Instance) -> bool {
    i.mode == Mode::Managed && crate::rules::is_taggable(&i.rtype)
}

fn provider_instances(cx: &Cx<'_>, loc: Loc) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for root in &cx.loaded.model.roots {
        for i in &root.instances {
            if i.provider.loc == Some(loc) && is_tagged(i) {
                out.push((root.display.clone(), i.address.clone()));
            }
        }
    }
    out
}

/// The keys added to the provider block's `default_tags { tags = {...} }`, made when absent.
fn provider_edits(cx: &Cx<'_>, loc: Loc, pairs: &[(String, String)]) -> Result<Vec<Edit>, String> {
    let file = loc.file.ok_or("the provider block has no location")?;
    if cx.kind(file) != Some(FileKind::Tf) {
        return Err(
            "the provider is configured in a JSON file; add the default_tags by hand".into(),
        );
    }
    let body = cx.body(file).ok_or("the provider's file does not parse")?;
    let block = body
        .blocks
        .iter()
        .find(|b| b.span == loc.span)
        .ok_or("the provider block was not found")?;
    let defaults: Vec<_> = block.body.blocks("default_tags").collect();
    match defaults.as_slice() {
        [] => {
            let object = tags_object(pairs).replace('\n', "\n  ");
            let raw = format!("default_tags {{\n  tags = {object}\n}}");
            insert_raw(cx, file, block.span, &raw)
        }
        [d] => match d.body.attr("tags") {
            None => insert_attrs(cx, file, d, &[("tags", &tags_object(pairs))]),
            Some(a) => into_tags_expr(cx, file, &a.expr, pairs)
                .map_err(|why| format!("the provider's default_tags: {why}")),
        },
        _ => Err("the provider has more than one default_tags block".into()),
    }
}

/// The keys added to a `tags` expression: an object literal, or the last argument of `merge`
/// when it is one (the last argument wins, so the keys take effect). Anything else is refused.
fn into_tags_expr(
    cx: &Cx<'_>,
    file: FileId,
    e: &Expr,
    pairs: &[(String, String)],
) -> Result<Vec<Edit>, String> {
    let object = match &e.kind {
        ExprKind::Object(_) => e,
        ExprKind::Call(c) if c.name == "merge" => match c.args.last() {
            Some(last) if matches!(last.kind, ExprKind::Object(_)) => last,
            _ => {
                return Err(format!(
                    "`tags` is `{}`, whose last argument is not an object literal; add the tags by hand",
                    locate::snippet(cx.text(file), e.span)
                ))
            }
        },
        _ => {
            return Err(format!(
                "`tags` is computed by `{}`; pe-lint does not rewrite expressions",
                locate::snippet(cx.text(file), e.span)
            ))
        }
    };
    let ExprKind::Object(items) = &object.kind else {
        return Err("`tags` is not an object".into());
    };
    for (k, _) in items {
        let name = match k {
            crate::syntax::ObjectKey::Ident(n) => Some(n.clone()),
            crate::syntax::ObjectKey::Expr(x) => match &x.kind {
                ExprKind::Str(s) => Some(s.clone()),
                _ => None,
            },
        };
        match name {
            Some(n) if pairs.iter().any(|(p, _)| *p == n) => {
                return Err(format!(
                    "`tags` sets {n} to a value that is empty here; change it by hand"
                ))
            }
            Some(_) => {}
            None => return Err("`tags` has a computed key; add the tags by hand".into()),
        }
    }
    let keyed: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (hcl_key(k), hcl_string(v)))
        .collect();
    let refs: Vec<(&str, &str)> = keyed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    super::align::insert_pairs(cx, file, object.span, &refs)
}

/// `{\n  Owner = "team-x"\n}`: the tags as a multi-line object literal, `=` aligned.
fn tags_object(pairs: &[(String, String)]) -> String {
    let keyed: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (hcl_key(k), hcl_string(v)))
        .collect();
    let width = keyed
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::from("{\n");
    for (k, v) in keyed {
        out.push_str(&format!("  {k:<width$} = {v}\n"));
    }
    out.push('}');
    out
}

/// A key as HCL writes it: bare when it is an identifier, else quoted.
fn hcl_key(k: &str) -> String {
    let mut chars = k.chars();
    let ident = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match ident {
        true => k.to_string(),
        false => hcl_string(k),
    }
}

/// A quoted HCL string whose value is exactly `s`: no template sequence survives.
pub fn hcl_string(s: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_keys_are_written_so_that_they_mean_the_value() {
        assert_eq!(hcl_string("team-x"), "\"team-x\"");
        assert_eq!(hcl_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(hcl_string("${var.x}%{if}"), "\"$${var.x}%%{if}\"");
        assert_eq!(hcl_key("CostCenter"), "CostCenter");
        assert_eq!(hcl_key("cost:center"), "\"cost:center\"");
        assert_eq!(hcl_key("1x"), "\"1x\"");
    }

    #[test]
    fn a_tags_object_is_aligned() {
        let pairs = [
            ("Owner".to_string(), "team-x".to_string()),
            ("CostCenter".to_string(), "cc-1".to_string()),
        ];
        assert_eq!(
            tags_object(&pairs),
            "{\n  Owner      = \"team-x\"\n  CostCenter = \"cc-1\"\n}"
        );
    }
}
