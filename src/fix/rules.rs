//! What each rule's fix is (docs/autofix.md): the value to set and where.

use std::sync::Arc;

use super::jsonins::{self, JVal};
use super::locate::{self, Cx};
use super::{Edit, Fix, Options, Origin, Remedy};
use crate::parse::FileKind;
use crate::rules::util::{attr_refers_to, known_str};
use crate::rules::{Settings, Verdict};
use crate::source::Span;
use crate::terraform::value::format_number;
use crate::terraform::Instance;

const FLAGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

pub fn remedy(cx: &Cx<'_>, settings: &Settings, options: &Options, v: &Verdict) -> Remedy {
    let Some(i) = cx.instance(&v.root, &v.address) else {
        return Remedy::NoFix("the resource is not in the evaluated configuration".to_string());
    };
    // A generic resource's finding is about a property inside its template or desired
    // state; setting a Terraform attribute of the same rule there would break the file.
    let generic = matches!(
        i.rtype.as_str(),
        "aws_cloudformation_stack" | "aws_cloudcontrolapi_resource"
    );
    if generic && !(v.rule_id == "PE006" && i.rtype == "aws_cloudformation_stack") {
        return Remedy::NoFix(format!(
            "the property is inside the {}'s template or desired state; pe-lint does not edit it",
            i.rtype
        ));
    }
    let result = match v.rule_id.as_str() {
        "PE001" => locate::set_attr(cx, i, "enable_key_rotation", "true"),
        "PE002" => public_access(cx, i),
        "PE003" => max_receive_count(cx, v),
        "PE004" => concurrency(cx, i, options),
        "PE005" if i.rtype == "aws_cloudwatch_log_group" => retention(cx, settings, i, v),
        "PE005" => lambda_log_group(cx, settings, i, v),
        "PE006" => super::tags::remedy(cx, settings, options, i),
        "PE007" => Err("whether the function leaves its VPC, and how it then reaches what it reads, is a person's decision".to_string()),
        "PE008" => Err("which actions and resources the principal needs is a person's decision".to_string()),
        _ => custom(cx, options, i, v),
    };
    match result {
        Ok(fix) if fix.edits.iter().all(|e| is_noop(cx, e)) => Remedy::NoFix(
            "the text that decides the value already says so; something pe-lint cannot edit decides it".to_string(),
        ),
        Ok(fix) => Remedy::Fix(fix),
        Err(why) => Remedy::NoFix(why),
    }
}

/// A custom rule's declared fix for the resource's type (docs/custom-rules.md), set as a
/// built-in rule's value is.
fn custom(cx: &Cx<'_>, options: &Options, i: &Instance, v: &Verdict) -> Result<Fix, String> {
    use crate::rules::custom::FixValue;
    let key = (v.rule_id.to_string(), i.rtype.clone());
    let declared = options
        .custom
        .get(&key)
        .ok_or_else(|| format!("rule {} declares no fix for {}", v.rule_id, i.rtype))?;
    let value = match &declared.value {
        FixValue::Bool(b) => b.to_string(),
        FixValue::Number(n) => format_number(*n),
        FixValue::Str(s) => super::tags::hcl_string(s),
    };
    locate::set_attr(cx, i, &declared.attribute, &value)
}

fn is_noop(cx: &Cx<'_>, e: &Edit) -> bool {
    !e.span.is_empty()
        && cx
            .text(e.file)
            .get(e.span.start as usize..e.span.end as usize)
            == Some(&e.text)
}

/// PE005: the environment's retention (set at the literal or the variable that decides it).
fn retention_days(cx: &Cx<'_>, settings: &Settings, v: &Verdict) -> Result<String, String> {
    let root = cx
        .loaded
        .model
        .roots
        .iter()
        .find(|r| r.display == v.root)
        .ok_or("the root was not found")?;
    let env = crate::rules::settings::environment(root, settings).0;
    let days = env
        .and_then(|e| settings.retention_days.get(&e).copied())
        .ok_or("the environment is unknown, so the required retention is too (pass `--env`)")?;
    Ok(format_number(days))
}

fn retention(cx: &Cx<'_>, settings: &Settings, i: &Instance, v: &Verdict) -> Result<Fix, String> {
    let days = retention_days(cx, settings, v)?;
    if let Some(fix) = per_environment(cx, settings, i, v)? {
        return Ok(fix);
    }
    locate::set_attr(cx, i, "retention_in_days", &days)
}

/// PE005 where a map or conditional keyed by the environment decides the retention: every
/// environment's entry set (super::envmap), in the root module only (a module's environment is
/// its caller's).
fn per_environment(
    cx: &Cx<'_>,
    settings: &Settings,
    i: &Instance,
    v: &Verdict,
) -> Result<Option<Fix>, String> {
    let Some(block) = cx.block_of(i) else {
        return Ok(None);
    };
    let Some(a) = block.body.attr("retention_in_days") else {
        return Ok(None);
    };
    let Some(keyed) = super::envmap::keyed(cx, i, &a.expr)? else {
        return Ok(None);
    };
    if !i.module.is_empty() {
        return Err(
            "the retention is keyed by a module input; set it where the module is called".into(),
        );
    }
    if cx.overridden(i) {
        return Err(format!("an override file also configures {}", i.address));
    }
    let root = cx.loaded.model.roots.iter().find(|r| r.display == v.root);
    let env = root
        .and_then(|r| crate::rules::settings::environment(r, settings).0)
        .ok_or("the environment is unknown, so the required retention is too (pass `--env`)")?;
    let edits = super::envmap::edits(cx, settings, &keyed, i.file, env)?;
    let what = format!(
        "set each environment's retention in the {} that decides `retention_in_days` of {}",
        match keyed {
            super::envmap::Keyed::Map {
                local: Some(ref l), ..
            } => format!("map `local.{l}`"),
            super::envmap::Keyed::Map { .. } => "map".to_string(),
            super::envmap::Keyed::Conditional(_) => "conditional".to_string(),
        },
        i.address
    );
    let decides = cx.instances_of_block(i.file, block.span);
    Ok(Some(locate::fix(edits, what, Origin::Resource, decides)))
}

/// PE005 for a Lambda without a log group: one right after the function, named after its
/// `function_name` by reference and expanded as the function is, with the environment's
/// retention.
fn lambda_log_group(
    cx: &Cx<'_>,
    settings: &Settings,
    f: &Instance,
    v: &Verdict,
) -> Result<Fix, String> {
    let block = cx.block_of(f).ok_or("the function's block was not found")?;
    if block.body.attr("function_name").is_none()
        || block.body.blocks("logging_config").next().is_some()
    {
        return Err("the function's log group name is not just its `function_name`; add the log group by hand".to_string());
    }
    let days = retention_days(cx, settings, v)?;
    let (meta, name) = if let Some(count) = block.body.attr("count") {
        let text = cx.text(f.file);
        (
            format!(
                "  count = {}\n\n",
                &text[count.expr.span.start as usize..count.expr.span.end as usize]
            ),
            format!("aws_lambda_function.{}[count.index].function_name", f.name),
        )
    } else if block.body.attr("for_each").is_some() {
        (
            format!("  for_each = aws_lambda_function.{}\n\n", f.name),
            "each.value.function_name".to_string(),
        )
    } else {
        (
            String::new(),
            format!("aws_lambda_function.{}.function_name", f.name),
        )
    };
    let label = free_label(cx, f, "aws_cloudwatch_log_group", "logs")?;
    if cx.kind(f.file) == Some(FileKind::TfJson) {
        let body = vec![
            (
                "name".to_string(),
                jsonins::string(&format!("/aws/lambda/${{{name}}}")),
            ),
            ("retention_in_days".to_string(), JVal::Raw(days)),
        ];
        let edits = json_resource(cx, f, &block, "aws_cloudwatch_log_group", &label, body)?;
        let what = format!("add aws_cloudwatch_log_group.{label} for {}", f.address);
        let decides = cx.instances_of_block(f.file, block.span);
        return Ok(locate::fix(edits, what, Origin::Related, decides));
    }
    let added = format!(
        "\n\nresource \"aws_cloudwatch_log_group\" \"{label}\" {{\n{meta}  name              = \"/aws/lambda/${{{name}}}\"\n  retention_in_days = {days}\n}}"
    );
    let at = block.span.end as usize;
    let edit = locate::replace(f.file, Span::new(at, at), &added);
    let what = format!("add aws_cloudwatch_log_group.{label} for {}", f.address);
    let decides = cx.instances_of_block(f.file, block.span);
    Ok(locate::fix(vec![edit], what, Origin::Related, decides))
}

/// PE004: only a configured value; no number is safe for every function.
fn concurrency(cx: &Cx<'_>, i: &Instance, options: &Options) -> Result<Fix, String> {
    match options.reserved_concurrency {
        Some(n) => locate::set_attr(cx, i, "reserved_concurrent_executions", &n.to_string()),
        None => Err("there is no universally safe concurrency; set `autofix { reserved_concurrency = N }` in .pe-lint.hcl".to_string()),
    }
}

/// PE002: every false or missing flag of the bucket's block set true; a bucket without a block
/// gets one right after it.
fn public_access(cx: &Cx<'_>, bucket: &Instance) -> Result<Fix, String> {
    let root = &cx
        .loaded
        .model
        .roots
        .iter()
        .find(|r| r.instances.iter().any(|x| std::ptr::eq(x.as_ref(), bucket)))
        .ok_or("the root was not found")?
        .instances;
    let name = known_str(bucket, "bucket");
    let blocks: Vec<&Arc<Instance>> = root
        .iter()
        .filter(|p| p.rtype == "aws_s3_bucket_public_access_block")
        .filter(|p| {
            attr_refers_to(p, "bucket", bucket)
                || (name.is_some() && known_str(p, "bucket") == name)
        })
        .collect();
    let Some(pab) = blocks.first() else {
        return add_block(cx, bucket);
    };
    let off: Vec<(&str, &str)> = FLAGS
        .into_iter()
        .filter(|flag| pab.attr(flag).and_then(|v| v.as_bool()) != Some(true))
        .map(|flag| (flag, "true"))
        .collect();
    let Fix { edits, decides, .. } = locate::set_attrs(cx, pab, &off)?;
    let what = format!("turn every public access flag on in {}", pab.address);
    Ok(locate::fix(edits, what, Origin::Related, decides))
}

/// A new `aws_s3_bucket_public_access_block` after the bucket's block, expanded as the bucket is.
fn add_block(cx: &Cx<'_>, bucket: &Instance) -> Result<Fix, String> {
    let block = cx
        .block_of(bucket)
        .ok_or("the bucket's block was not found")?;
    let text = cx.text(bucket.file);
    let mut meta = String::new();
    let mut target = format!("aws_s3_bucket.{}.id", bucket.name);
    if let Some(count) = block.body.attr("count") {
        meta = format!(
            "  count = {}\n\n",
            &text[count.expr.span.start as usize..count.expr.span.end as usize]
        );
        target = format!("aws_s3_bucket.{}[count.index].id", bucket.name);
    } else if block.body.attr("for_each").is_some() {
        meta = format!("  for_each = aws_s3_bucket.{}\n\n", bucket.name);
        target = "each.value.id".to_string();
    }
    let label = free_label(
        cx,
        bucket,
        "aws_s3_bucket_public_access_block",
        "public_access",
    )?;
    if cx.kind(bucket.file) == Some(FileKind::TfJson) {
        let mut body = vec![(
            "bucket".to_string(),
            jsonins::string(&format!("${{{target}}}")),
        )];
        body.extend(FLAGS.map(|f| (f.to_string(), JVal::Raw("true".to_string()))));
        let edits = json_resource(
            cx,
            bucket,
            &block,
            "aws_s3_bucket_public_access_block",
            &label,
            body,
        )?;
        let what = format!(
            "add aws_s3_bucket_public_access_block.{label} for {}",
            bucket.address
        );
        let decides = cx.instances_of_block(bucket.file, block.span);
        return Ok(locate::fix(edits, what, Origin::Related, decides));
    }
    let mut body = format!("  {:<23} = {target}\n", "bucket");
    for flag in FLAGS {
        body.push_str(&format!("  {flag:<23} = true\n"));
    }
    let added = format!(
        "\n\nresource \"aws_s3_bucket_public_access_block\" \"{label}\" {{\n{meta}{body}}}"
    );
    let at = block.span.end as usize;
    let edit = locate::replace(bucket.file, Span::new(at, at), &added);
    let what = format!(
        "add aws_s3_bucket_public_access_block.{label} for {}",
        bucket.address
    );
    let decides = cx.instances_of_block(bucket.file, block.span);
    Ok(locate::fix(vec![edit], what, Origin::Related, decides))
}

/// A new resource in the `.tf.json` file of `of`, expanded as `of` is: its `count` copied as
/// JSON, or `for_each` over `of` (`body` already refers to `count.index` or `each.value`).
fn json_resource(
    cx: &Cx<'_>,
    of: &Instance,
    block: &crate::syntax::Block,
    rtype: &str,
    label: &str,
    body: Vec<(String, JVal)>,
) -> Result<Vec<Edit>, String> {
    let mut members = Vec::new();
    if let Some(count) = block.body.attr("count") {
        let text = cx.text(of.file);
        let raw = text
            .get(count.expr.span.start as usize..count.expr.span.end as usize)
            .ok_or("the function's count was not found")?;
        members.push(("count".to_string(), JVal::Raw(raw.to_string())));
    } else if block.body.attr("for_each").is_some() {
        let each = format!("${{{}.{}}}", of.rtype, of.name);
        members.push(("for_each".to_string(), jsonins::string(&each)));
    }
    members.extend(body);
    jsonins::add_resource(cx, of.file, block.span, rtype, label, JVal::Obj(members))
}

/// The resource's own name for a new `rtype` block, unless the folder already uses it.
fn free_label(cx: &Cx<'_>, of: &Instance, rtype: &str, suffix: &str) -> Result<String, String> {
    let taken = |label: &str| {
        cx.folder_files(of.file).into_iter().any(|f| {
            cx.body(f).is_some_and(|b| {
                b.blocks.iter().any(|b| {
                    b.kind == "resource"
                        && b.labels.first().map(String::as_str) == Some(rtype)
                        && b.labels.get(1).map(String::as_str) == Some(label)
                })
            })
        })
    };
    [of.name.clone(), format!("{}_{suffix}", of.name)]
        .into_iter()
        .find(|l| !taken(l))
        .ok_or_else(|| format!("the names for a new {rtype} are taken"))
}

/// PE003: `maxReceiveCount` written as a number in the redrive policy's text (a `jsonencode`
/// object, a heredoc or a string), set to 3.
fn max_receive_count(cx: &Cx<'_>, v: &Verdict) -> Result<Fix, String> {
    if !v.message.contains("maxReceiveCount is") {
        return Err(
            "a queue's dead-letter queue needs a name and alarms a person chooses".to_string(),
        );
    }
    let file = v.loc.file.ok_or("the redrive policy has no location")?;
    let owner = cx
        .loaded
        .model
        .instances()
        .find(|x| {
            x.file == file && x.span.start <= v.loc.span.start && v.loc.span.end <= x.span.end
        })
        .ok_or("the redrive policy's resource was not found")?;
    if cx.overridden(owner) {
        return Err(format!(
            "an override file also configures {}",
            owner.address
        ));
    }
    let text = cx.text(file);
    let start = v.loc.span.start as usize;
    let policy = &text[start..v.loc.span.end as usize];
    let re = regex::Regex::new(r#"maxReceiveCount\\?"?\s*[:=]\s*"?([0-9]+)"#)
        .map_err(|e| e.to_string())?;
    // A number after `#` or `//` on its line is a comment (or something a comment hides);
    // then no match is made rather than a wrong one.
    let in_comment = |at: usize| {
        let line = &policy[policy[..at].rfind('\n').map_or(0, |n| n + 1)..at];
        line.contains('#') || line.contains("//") || line.contains("/*")
    };
    let found: Vec<regex::Match<'_>> = re
        .captures_iter(policy)
        .filter_map(|c| c.get(1))
        .filter(|m| !in_comment(m.start()))
        .collect();
    let [m] = found.as_slice() else {
        return Err(format!(
            "`maxReceiveCount` is not one literal number in the redrive policy of {}",
            owner.address
        ));
    };
    let edit = locate::replace(file, Span::new(start + m.start(), start + m.end()), "3");
    let what = format!("set `maxReceiveCount = 3` in {}", owner.address);
    let block_span = owner.span;
    let decides = cx.instances_of_block(file, block_span);
    Ok(locate::fix(vec![edit], what, Origin::Resource, decides))
}
