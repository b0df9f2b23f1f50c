//! `--plan` on its own (issue 21): the output of `terraform show -json` and nothing else gives
//! the verdicts static evaluation of the sources gives, except where the plan itself does not
//! know (and then unresolved, never pass or fail).
//!
//! The plans in `testdata/plan/` are real `terraform plan`s (see testdata/plan/README.md) of the
//! example infrastructure for each environment and of three trees built from public modules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pe_lint::internals::rules::Status;
use serde_json::json;

use crate::common::{pe_lint, repo, write_tree};

type Verdicts = BTreeMap<(String, String), Status>;

fn verdicts(loaded: &pe_lint::internals::lint::Loaded) -> Verdicts {
    assert!(
        !loaded.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        loaded.diagnostics
    );
    let settings = pe_lint::internals::rules::Settings::default();
    pe_lint::internals::rules::run(&loaded.model, &settings, &loaded.sources)
        .unwrap_or_else(|e| panic!("{}", e.message))
        .into_iter()
        .map(|v| ((v.rule_id.to_string(), v.address), v.status))
        .collect()
}

fn static_verdicts(root: &str, var_file: Option<&str>) -> Verdicts {
    let mut opts = pe_lint::internals::lint::Options::new(vec![repo().join(root)]);
    if let Some(f) = var_file {
        opts.cli_vars = vec![pe_lint::internals::terraform::vars::CliVar::File(
            repo().join(f),
        )];
    }
    verdicts(&pe_lint::internals::lint::load(&opts))
}

/// `--plan PLAN ROOT`: the plan on top of static evaluation.
fn plan_with_paths_verdicts(root: &str, var_file: Option<&str>, plan: &Path) -> Verdicts {
    let mut opts = pe_lint::internals::lint::Options::new(vec![repo().join(root)]);
    if let Some(f) = var_file {
        opts.cli_vars = vec![pe_lint::internals::terraform::vars::CliVar::File(
            repo().join(f),
        )];
    }
    verdicts(&pe_lint::internals::plan::load(&opts, plan, true))
}

fn plan_verdicts(plan: &Path) -> Verdicts {
    let opts = pe_lint::internals::lint::Options::new(vec![]);
    verdicts(&pe_lint::internals::plan::load(&opts, plan, false))
}

/// Where the plan alone and static evaluation differ: `(rule, address, static, plan)`.
fn differences(st: &Verdicts, pl: &Verdicts) -> Vec<(String, String, String, String)> {
    let keys: std::collections::BTreeSet<_> = st.keys().chain(pl.keys()).collect();
    keys.into_iter()
        .filter(|k| st.get(k) != pl.get(k))
        .map(|k| {
            let show = |v: Option<&Status>| v.map_or("-", |s| s.as_str()).to_string();
            (k.0.clone(), k.1.clone(), show(st.get(k)), show(pl.get(k)))
        })
        .collect()
}

/// (rule, address, static verdict; `-` for none): the plan alone says unresolved.
type Expected = &'static [(&'static str, &'static str, &'static str)];

/// Every difference on the oracle plans, each one something the plan does not know:
/// - PE003 on a queue whose `redrive_policy = jsonencode({deadLetterTargetArn =
///   aws_sqs_queue.dlq.arn, maxReceiveCount = ...})`: the DLQ's ARN is known only after
///   apply, so the plan shows the whole JSON text as unknown, `maxReceiveCount` included;
/// - PE008 on a policy written with `jsonencode` around ARNs known only after apply: the
///   whole policy text is unknown in the plan;
/// - PE006 on a queue whose `tags` hold such an ARN: the plan marks the whole `tags` map (and
///   `tags_all`) unknown, keys included;
/// - PE007 on a function in a VPC that static evaluation knows no API route invokes: the
///   integrations' `uri = local.api_lambdas[each.key].invoke_arn` is unknown in the plan and
///   goes through a local value, which the plan does not record, so any function may be one
///   (static: no verdict, the rule does not apply);
/// - PE008 on a policy document whose resource is `aws_cloudwatch_log_group.lambda[each.key].arn`,
///   and on the role policies that use such documents by `for_each`: the plan's references name
///   the block (`aws_cloudwatch_log_group.lambda`) but not which instance, and PE008 counts an
///   unknown as a concrete ARN only when it comes from an `arn` attribute of a known instance;
/// - PE002 on buckets paired with their blocks by `aws_s3_bucket.many[count.index].id`: the
///   configuration lists the reference as `aws_s3_bucket.many`, without the index.
const EXPECTED: &[(&str, Expected)] = &[
    (
        "photo-editor-dev",
        &[
            ("PE003", "module.sqs.aws_sqs_queue.main", "pass"),
            ("PE003", "module.sqs.aws_sqs_queue.thumbnail", "fail"),
            ("PE007", "aws_lambda_function.worker", "-"),
            ("PE008", "aws_iam_role_policy.download", "pass"),
            ("PE008", r#"aws_iam_role_policy.logging["download"]"#, "-"),
            ("PE008", r#"aws_iam_role_policy.logging["presign"]"#, "-"),
            ("PE008", r#"aws_iam_role_policy.logging["status"]"#, "-"),
            ("PE008", r#"aws_iam_role_policy.logging["worker"]"#, "-"),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["download"]"#,
                "pass",
            ),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["presign"]"#,
                "pass",
            ),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["status"]"#,
                "pass",
            ),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["worker"]"#,
                "pass",
            ),
            ("PE008", "aws_iam_role_policy.presign", "pass"),
            ("PE008", "aws_iam_role_policy.worker", "pass"),
        ],
    ),
    (
        "photo-editor-staging",
        &[
            ("PE003", "module.sqs.aws_sqs_queue.main", "pass"),
            ("PE003", "module.sqs.aws_sqs_queue.thumbnail", "fail"),
            ("PE007", "aws_lambda_function.worker", "-"),
            ("PE008", "aws_iam_role_policy.bff[0]", "pass"),
            ("PE008", "aws_iam_role_policy.download", "pass"),
            ("PE008", r#"aws_iam_role_policy.logging["bff"]"#, "-"),
            ("PE008", r#"aws_iam_role_policy.logging["download"]"#, "-"),
            ("PE008", r#"aws_iam_role_policy.logging["presign"]"#, "-"),
            ("PE008", r#"aws_iam_role_policy.logging["status"]"#, "-"),
            ("PE008", r#"aws_iam_role_policy.logging["worker"]"#, "-"),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["bff"]"#,
                "pass",
            ),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["download"]"#,
                "pass",
            ),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["presign"]"#,
                "pass",
            ),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["status"]"#,
                "pass",
            ),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["worker"]"#,
                "pass",
            ),
            ("PE008", "aws_iam_role_policy.presign", "pass"),
            ("PE008", "aws_iam_role_policy.worker", "pass"),
        ],
    ),
    (
        "photo-editor-prod",
        &[
            ("PE003", "module.sqs.aws_sqs_queue.main", "pass"),
            ("PE003", "module.sqs.aws_sqs_queue.thumbnail", "fail"),
            ("PE007", "aws_lambda_function.worker", "-"),
            ("PE008", "aws_iam_role_policy.bff[0]", "pass"),
            ("PE008", "aws_iam_role_policy.download", "pass"),
            ("PE008", r#"aws_iam_role_policy.logging["bff"]"#, "-"),
            ("PE008", r#"aws_iam_role_policy.logging["download"]"#, "-"),
            ("PE008", r#"aws_iam_role_policy.logging["presign"]"#, "-"),
            ("PE008", r#"aws_iam_role_policy.logging["status"]"#, "-"),
            ("PE008", r#"aws_iam_role_policy.logging["worker"]"#, "-"),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["bff"]"#,
                "pass",
            ),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["download"]"#,
                "pass",
            ),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["presign"]"#,
                "pass",
            ),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["status"]"#,
                "pass",
            ),
            (
                "PE008",
                r#"data.aws_iam_policy_document.lambda_logging["worker"]"#,
                "pass",
            ),
            ("PE008", "aws_iam_role_policy.presign", "pass"),
            ("PE008", "aws_iam_role_policy.worker", "pass"),
        ],
    ),
    (
        "queues",
        &[
            ("PE003", "aws_sqs_queue.direct", "pass"),
            ("PE003", "aws_sqs_queue.ops", "pass"),
            ("PE003", "aws_sqs_queue.untagged", "pass"),
            (
                "PE003",
                r#"module.events["a"].aws_sqs_queue.this[0]"#,
                "fail",
            ),
            (
                "PE003",
                r#"module.events["b"].aws_sqs_queue.this[0]"#,
                "fail",
            ),
            ("PE003", "module.jobs.aws_sqs_queue.this[0]", "pass"),
            ("PE006", "aws_sqs_queue.direct", "pass"),
            ("PE006", "aws_sqs_queue.ops", "pass"),
            ("PE006", "aws_sqs_queue.untagged", "fail"),
        ],
    ),
    (
        "buckets",
        &[
            ("PE002", "aws_s3_bucket.many[0]", "pass"),
            ("PE002", "aws_s3_bucket.many[1]", "pass"),
        ],
    ),
    (
        "functions",
        &[
            ("PE008", "module.thumbs.aws_iam_role_policy.logs[0]", "-"),
            ("PE008", "module.worker.aws_iam_role_policy.logs[0]", "-"),
        ],
    ),
];

/// (case, sources, var file, plan)
fn cases() -> Vec<(&'static str, String, Option<String>, String)> {
    let mut out = Vec::new();
    for (name, env) in [
        ("photo-editor-dev", "dev"),
        ("photo-editor-staging", "staging"),
        ("photo-editor-prod", "prod"),
    ] {
        out.push((
            name,
            "testdata/photo-editor/infrastructure".to_string(),
            Some(format!(
                "testdata/photo-editor/infrastructure/environments/{env}.tfvars"
            )),
            format!("testdata/plan/photo-editor-{env}.json"),
        ));
    }
    if let Some(trees) = module_trees() {
        for tree in ["queues", "buckets", "functions"] {
            out.push((
                tree,
                trees.join(tree).to_string_lossy().into_owned(),
                None,
                format!("testdata/plan/trees/{tree}/plan.json"),
            ));
        }
    }
    out
}

/// The public modules the trees call, as released (never copied into the repository).
const MODULES: &[&str] = &[
    "terraform-aws-apigateway-v2@v4.0.0",
    "terraform-aws-cloudwatch@v5.7.2",
    "terraform-aws-iam@v5.60.0",
    "terraform-aws-kms@v3.1.1",
    "terraform-aws-lambda@v7.8.0",
    "terraform-aws-s3-bucket@v4.11.0",
    "terraform-aws-sqs@v4.3.1",
];

/// `trees/` and `modules/` side by side in a temporary folder, as they were planned: the trees
/// from testdata/plan/trees, the modules copied from ../shared/corpus/modules-aws5 at run time.
/// `None` (said on stderr; a failure on CI) without ../shared.
fn module_trees() -> Option<PathBuf> {
    static DIR: std::sync::OnceLock<Option<tempfile::TempDir>> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let shared = crate::common::shared("corpus/modules-aws5")?;
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("modules")).unwrap();
        let copy = |from: &Path, to: &Path| {
            let ok = std::process::Command::new("cp")
                .arg("-R")
                .arg(from)
                .arg(to)
                .status()
                .unwrap()
                .success();
            assert!(ok, "cp -R {} {}", from.display(), to.display());
        };
        copy(
            &repo().join("testdata/plan/trees"),
            &dir.path().join("trees"),
        );
        for m in MODULES {
            copy(&shared.join(m), &dir.path().join("modules").join(m));
        }
        // One git work tree, so that the trees' `../../modules` sources stay inside the tree
        // pe-lint reads (its boundary is the work tree of the checked path).
        let ok = std::process::Command::new("git")
            .args(["init", "-q"])
            .current_dir(dir.path())
            .status()
            .unwrap()
            .success();
        assert!(ok, "git init");
        Some(dir)
    });
    dir.as_ref().map(|d| d.path().join("trees"))
}

#[test]
fn plan_alone_decides_what_static_evaluation_decides() {
    let mut failures = Vec::new();
    for (name, root, var_file, plan) in cases() {
        let st = static_verdicts(&root, var_file.as_deref());
        let pl = plan_verdicts(&repo().join(&plan));
        let got: Vec<(String, String, String, String)> = differences(&st, &pl);
        let mut want: Vec<(String, String, String, String)> = EXPECTED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, d)| d.to_vec())
            .unwrap_or_default()
            .into_iter()
            .map(|(r, a, s)| (r.into(), a.into(), s.into(), "unresolved".into()))
            .collect();
        want.sort();
        if got != want {
            failures.push(format!(
                "{name}: differences\n  got  {got:?}\n  want {want:?}"
            ));
        }
        // Never a verdict the sources contradict: a pass or a fail is the static one.
        for (k, p) in &pl {
            if *p != Status::Unresolved && st.get(k).is_some_and(|s| s != p) {
                failures.push(format!("{name}: {k:?}: plan {p:?}, static {:?}", st[k]));
            }
        }
        assert!(pl.len() > 10, "{name}: {} verdicts", pl.len());
        // With the sources, the plan decides exactly what static evaluation decides (a
        // provider's default_tags from a local: static evaluation knows them, the plan not).
        let with_paths = plan_with_paths_verdicts(&root, var_file.as_deref(), &repo().join(&plan));
        let d = differences(&st, &with_paths);
        if !d.is_empty() {
            failures.push(format!("{name} with paths: {d:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A finding of the plan alone points at the instance in `resource_changes` and names its
/// module instance.
#[test]
fn findings_point_at_the_planned_instance() {
    let plan = repo().join("testdata/plan/trees/queues/plan.json");
    let opts = pe_lint::internals::lint::Options::new(vec![]);
    let loaded = pe_lint::internals::plan::load(&opts, &plan, false);
    let settings = pe_lint::internals::rules::Settings::default();
    let v = pe_lint::internals::rules::run(&loaded.model, &settings, &loaded.sources)
        .unwrap_or_else(|e| panic!("{}", e.message));
    let f = v
        .iter()
        .find(|v| v.rule_id == "PE003" && v.address == "module.plain.aws_sqs_queue.this[0]")
        .expect("PE003 on module.plain");
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.module, "module.plain");
    let file = loaded.sources.get(f.loc.file.unwrap());
    let line = file.position(f.loc.span.start).line;
    let text: Vec<&str> = file.text.lines().collect();
    assert_eq!(
        text[line - 1].trim(),
        r#""address": "module.plain.aws_sqs_queue.this[0]","#
    );
    let changes = text
        .iter()
        .position(|l| l.contains("\"resource_changes\""))
        .unwrap();
    assert!(
        line > changes,
        "line {line} is before resource_changes ({changes})"
    );
    let dlq = v
        .iter()
        .find(|v| v.rule_id == "PE003" && v.address == r#"module.events["a"].aws_sqs_queue.dlq[0]"#)
        .expect("PE003 on a DLQ");
    assert_eq!(
        (dlq.status, dlq.module.as_str()),
        (Status::Pass, r#"module.events["a"]"#)
    );
}

fn plan_file(dir: &tempfile::TempDir, plan: serde_json::Value) -> std::path::PathBuf {
    let p = dir.path().join("plan.json");
    std::fs::write(&p, serde_json::to_string_pretty(&plan).unwrap()).unwrap();
    p
}

fn change(
    address: &str,
    rtype: &str,
    after: serde_json::Value,
    unknown: serde_json::Value,
) -> serde_json::Value {
    let name = address
        .rsplit('.')
        .next()
        .unwrap()
        .split('[')
        .next()
        .unwrap();
    json!({"address": address, "mode": "managed", "type": rtype, "name": name,
           "change": {"actions": ["create"], "after": after, "after_unknown": unknown}})
}

fn resource(address: &str, expressions: serde_json::Value) -> serde_json::Value {
    json!({"address": address, "mode": "managed", "type": address.split('.').next().unwrap(),
           "name": address.split('.').nth(1).unwrap(), "provider_config_key": "aws",
           "expressions": expressions})
}

/// `tags_all` unknown (a tag value known only after apply) with `tags` known: the effective
/// tags are the provider's constant `default_tags` merged with `tags`, so a missing tag fails
/// and a complete set passes.
#[test]
fn unknown_tags_all_from_default_tags() {
    let dir = write_tree(&[]);
    let tags = json!({"Env": "dev"});
    let plan = json!({
        "format_version": "1.2",
        "resource_changes": [
            change("aws_sqs_queue.a", "aws_sqs_queue", json!({"name": "a", "tags": tags}), json!({"tags_all": true})),
            change("aws_sqs_queue.b", "aws_sqs_queue", json!({"name": "b", "tags": {}}), json!({"tags_all": true})),
        ],
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "expressions": {"default_tags": [{"tags": {"constant_value": {"Project": "p", "Owner": "o", "CostCenter": "c"}}}]}}},
            "root_module": {"resources": [
                resource("aws_sqs_queue.a", json!({"name": {"constant_value": "a"}, "tags": {"constant_value": {"Env": "dev"}}})),
                resource("aws_sqs_queue.b", json!({"name": {"constant_value": "b"}})),
            ]}
        }
    });
    let pl = plan_verdicts(&plan_file(&dir, plan));
    assert_eq!(
        pl[&("PE006".into(), "aws_sqs_queue.a".into())],
        Status::Pass
    );
    assert_eq!(
        pl[&("PE006".into(), "aws_sqs_queue.b".into())],
        Status::Fail
    );
}

/// Redrive policies that name their DLQ only as `aws_sqs_queue.dlq[count.index]`: the plan
/// cannot tell which DLQ each source queue uses, so the DLQs are unresolved, not queues
/// without a redrive policy; and a block's `bucket = aws_s3_bucket.b[count.index].id` leaves
/// the buckets unresolved, not without a block; a permission for `aws_lambda_function.fn[var.i]`
/// leaves both functions unresolved. A precise reference still decides.
#[test]
fn ambiguous_references_are_unresolved() {
    let dir = write_tree(&[]);
    let unknown = json!({"arn": true, "redrive_policy": true, "bucket": true});
    let mut changes = Vec::new();
    let mut resources = Vec::new();
    for i in 0..2 {
        changes.push(change(
            &format!("aws_sqs_queue.dlq[{i}]"),
            "aws_sqs_queue",
            json!({"name": format!("dlq{i}")}),
            unknown.clone(),
        ));
        changes.push(change(
            &format!("aws_sqs_queue.src[{i}]"),
            "aws_sqs_queue",
            json!({"name": format!("src{i}")}),
            unknown.clone(),
        ));
        changes.push(change(
            &format!("aws_s3_bucket.b[{i}]"),
            "aws_s3_bucket",
            json!({"bucket": format!("b{i}")}),
            json!({"arn": true}),
        ));
        changes.push(change(&format!("aws_s3_bucket_public_access_block.p[{i}]"), "aws_s3_bucket_public_access_block",
            json!({"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}), unknown.clone()));
    }
    changes.push(change(
        "aws_s3_bucket.one",
        "aws_s3_bucket",
        json!({"bucket": "one"}),
        json!({"arn": true}),
    ));
    changes.push(change("aws_s3_bucket_public_access_block.one", "aws_s3_bucket_public_access_block",
        json!({"block_public_acls": false, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}), unknown.clone()));
    resources.push(resource(
        "aws_sqs_queue.dlq",
        json!({"name": {"references": ["count.index"]}}),
    ));
    resources.push(resource(
        "aws_sqs_queue.src",
        json!({"redrive_policy": {"references": ["aws_sqs_queue.dlq", "count.index"]}}),
    ));
    resources.push(resource(
        "aws_s3_bucket.b",
        json!({"bucket": {"references": ["count.index"]}}),
    ));
    let flags = json!({"constant_value": true});
    resources.push(resource("aws_s3_bucket_public_access_block.p", json!({"bucket": {"references": ["aws_s3_bucket.b", "count.index"]},
        "block_public_acls": flags, "block_public_policy": flags, "ignore_public_acls": flags, "restrict_public_buckets": flags})));
    resources.push(resource(
        "aws_s3_bucket.one",
        json!({"bucket": {"constant_value": "one"}}),
    ));
    resources.push(resource("aws_s3_bucket_public_access_block.one", json!({"bucket": {"references": ["aws_s3_bucket.one.id", "aws_s3_bucket.one"]},
        "block_public_acls": {"constant_value": false}, "block_public_policy": flags, "ignore_public_acls": flags, "restrict_public_buckets": flags})));
    // API Gateway may invoke either function in a VPC: unresolved, not "not an API Lambda".
    for i in 0..2 {
        changes.push(change(
            &format!("aws_lambda_function.fn[{i}]"),
            "aws_lambda_function",
            json!({"function_name": format!("jobs{i}"), "reserved_concurrent_executions": 5,
                   "vpc_config": [{"subnet_ids": ["subnet-1"]}]}),
            json!({"arn": true}),
        ));
    }
    changes.push(change(
        "aws_lambda_permission.api",
        "aws_lambda_permission",
        json!({"principal": "apigateway.amazonaws.com"}),
        json!({"function_name": true}),
    ));
    resources.push(resource(
        "aws_lambda_function.fn",
        json!({"function_name": {"references": ["count.index"]}}),
    ));
    resources.push(resource(
        "aws_lambda_permission.api",
        json!({"principal": {"constant_value": "apigateway.amazonaws.com"},
        "function_name": {"references": ["aws_lambda_function.fn", "var.i"]}}),
    ));
    let plan = json!({"format_version": "1.2", "resource_changes": changes,
        "configuration": {"root_module": {"resources": resources}}});
    let pl = plan_verdicts(&plan_file(&dir, plan));
    let get = |r: &str, a: &str| pl[&(r.to_string(), a.to_string())];
    for i in 0..2 {
        assert_eq!(
            get("PE003", &format!("aws_sqs_queue.dlq[{i}]")),
            Status::Unresolved
        );
        assert_eq!(
            get("PE003", &format!("aws_sqs_queue.src[{i}]")),
            Status::Unresolved
        );
        assert_eq!(
            get("PE002", &format!("aws_s3_bucket.b[{i}]")),
            Status::Unresolved
        );
    }
    assert_eq!(get("PE002", "aws_s3_bucket.one"), Status::Fail);
    for i in 0..2 {
        assert_eq!(
            get("PE007", &format!("aws_lambda_function.fn[{i}]")),
            Status::Unresolved
        );
    }
}

/// The same plan gives byte-identical reports at any `--jobs`.
#[test]
fn plan_alone_is_deterministic() {
    let run = |jobs: &str| {
        pe_lint()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args([
                "--plan",
                "testdata/plan/photo-editor-prod.json",
                "--format",
                "sarif",
                "--jobs",
                jobs,
            ])
            .output()
            .unwrap()
    };
    let one = run("1");
    assert_eq!(
        one.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    for jobs in ["2", "4"] {
        assert_eq!(run(jobs).stdout, one.stdout, "--jobs {jobs}");
    }
}

/// A plan nested deeper than any real one, or whose configuration refers to itself, is a
/// diagnostic or resolves to nothing; never a crash or a hang.
#[test]
fn hostile_plans() {
    let dir = write_tree(&[]);
    let deep = format!(
        "{{\"resource_changes\": [], \"configuration\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let p = dir.path().join("deep.json");
    std::fs::write(&p, deep).unwrap();
    let out = pe_lint().args(["--plan"]).arg(&p).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A module whose output feeds its own input, many levels of module calls deep.
    let mut module = json!({"resources": [resource("aws_s3_bucket_public_access_block.p",
        json!({"bucket": {"references": ["var.b"]}}))],
        "outputs": {"o": {"expression": {"references": ["var.b"]}}}});
    let mut address = String::new();
    // 20 levels: within the JSON parser's nesting limit (128), so the cycle itself is followed.
    for _ in 0..20 {
        module = json!({"module_calls": {"m": {"expressions": {"b": {"references": ["module.m.o", "module.m"]}}, "module": module}},
            "outputs": {"o": {"expression": {"references": ["module.m.o", "module.m"]}}}});
        address.push_str("module.m.");
    }
    let plan = json!({"resource_changes": [
        change(&format!("{address}aws_s3_bucket.b"), "aws_s3_bucket", json!({"bucket": "b"}), json!({})),
        change(&format!("{address}aws_s3_bucket_public_access_block.p"), "aws_s3_bucket_public_access_block",
            json!({"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}),
            json!({"bucket": true}))],
        "configuration": {"root_module": module}});
    let pl = plan_verdicts(&plan_file(&dir, plan));
    assert_eq!(
        pl[&("PE002".to_string(), format!("{address}aws_s3_bucket.b"))],
        Status::Unresolved
    );
}

/// A trimmed plan (no `configuration`, as `scripts/oracle` keeps them) cannot pair anything
/// through references: what it cannot pair is unresolved, never a verdict the sources
/// contradict (it used to fail both dead-letter queues).
#[test]
fn trimmed_plan_never_contradicts_the_sources() {
    for env in ["dev", "staging", "prod"] {
        let st = static_verdicts(
            "testdata/photo-editor/infrastructure",
            Some(&format!(
                "testdata/photo-editor/infrastructure/environments/{env}.tfvars"
            )),
        );
        let pl =
            plan_verdicts(&repo().join(format!("testdata/oracle/photo-editor-{env}/plan.json")));
        let wrong: Vec<_> = pl
            .iter()
            .filter(|(k, p)| **p != Status::Unresolved && st.get(*k).is_some_and(|s| s != *p))
            .collect();
        assert!(wrong.is_empty(), "{env}: {wrong:?}");
        assert_eq!(
            pl[&(
                "PE003".to_string(),
                "module.sqs.aws_sqs_queue.dlq".to_string()
            )],
            Status::Unresolved
        );
    }
}

/// Every oracle case (trimmed plans: no `configuration`): the plan alone never contradicts a
/// verdict static evaluation decides.
#[test]
fn trimmed_oracle_plans_never_contradict_the_sources() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(repo().join("testdata/oracle")).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(dir.join("case.json")) else {
            continue;
        };
        let case: serde_json::Value = serde_json::from_str(&text).unwrap();
        let root = repo().join(case["root"].as_str().unwrap());
        let scan = case["scan"]
            .as_str()
            .map_or(root.clone(), |s| repo().join(s));
        if !scan.is_dir() {
            continue;
        }
        let mut opts = pe_lint::internals::lint::Options::new(vec![scan]);
        for a in case["args"].as_array().into_iter().flatten() {
            let a = a.as_str().unwrap();
            if let Some(f) = a.strip_prefix("-var-file=") {
                opts.cli_vars
                    .push(pe_lint::internals::terraform::vars::CliVar::File(
                        root.join(f),
                    ));
            } else if let Some((k, v)) = a.strip_prefix("-var=").and_then(|kv| kv.split_once('=')) {
                opts.cli_vars
                    .push(pe_lint::internals::terraform::vars::CliVar::Var(
                        k.into(),
                        v.into(),
                    ));
            }
        }
        let st = verdicts(&pe_lint::internals::lint::load(&opts));
        let pl = plan_verdicts(&dir.join("plan.json"));
        checked += 1;
        for (k, p) in &pl {
            if *p != Status::Unresolved && st.get(k).is_some_and(|s| s != p) {
                wrong.push(format!(
                    "{}: {k:?}: plan {p:?}, static {:?}",
                    dir.display(),
                    st[k]
                ));
            }
        }
    }
    assert!(checked > 100, "{checked} cases");
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
