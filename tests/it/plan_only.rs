//! `--plan` on its own (issue 21): the output of `terraform show -json` and nothing else gives
//! the verdicts static evaluation of the sources gives, except where the plan itself does not
//! know (and then unresolved, never pass or fail).
//!
//! The plans in `testdata/plan/` are real `terraform plan`s (see testdata/plan/README.md) of the
//! example infrastructure for each environment and of three trees built from public modules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pe_lint::internals::rules::Status;
use pe_lint::internals::terraform::{Configured, ModuleCall};
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

/// (rule, address, static verdict; `-` for none): where the plan alone says unresolved.
type Difference = (String, String, String);

/// Every difference on the example infrastructure, each one something the plan does not know:
/// - PE003 on a queue whose `redrive_policy = jsonencode({deadLetterTargetArn =
///   aws_sqs_queue.dlq.arn, maxReceiveCount = ...})`: the DLQ's ARN is known only after
///   apply, so the plan shows the whole JSON text as unknown, `maxReceiveCount` included;
/// - PE007 on a function in a VPC that static evaluation knows no API route invokes: the
///   integrations' `uri = local.api_lambdas[each.key].invoke_arn` is unknown in the plan and
///   goes through a local value, which the plan does not record, so any function may be one
///   (static: no verdict, the rule does not apply);
/// - PE008 on a policy written with `jsonencode` around ARNs known only after apply: the
///   whole policy text is unknown in the plan;
/// - PE008 on a policy document whose resource is `aws_cloudwatch_log_group.lambda[each.key].arn`:
///   the plan records the reference as `aws_cloudwatch_log_group.lambda`, without the key or
///   the attribute, and a log group has other attributes unknown at plan (`id`, `kms_key_id`,
///   `name_prefix`) that need not be ARNs. (The role policies that render these documents by
///   `[each.key]` are left to the documents, as in a static run.)
fn example_differences(env: &str) -> Vec<Difference> {
    let mut functions = vec!["download", "presign", "status", "worker"];
    let mut policies = vec!["download", "presign", "worker"];
    // The BFF function exists in staging and prod only.
    if env != "dev" {
        functions.push("bff");
        policies.push("bff[0]");
    }
    let mut out = vec![
        d("PE003", "module.sqs.aws_sqs_queue.main", "pass"),
        d("PE003", "module.sqs.aws_sqs_queue.thumbnail", "fail"),
        d("PE007", "aws_lambda_function.worker", "-"),
    ];
    out.extend(
        policies
            .iter()
            .map(|p| d("PE008", &format!("aws_iam_role_policy.{p}"), "pass")),
    );
    out.extend(functions.iter().map(|f| {
        d(
            "PE008",
            &format!(r#"data.aws_iam_policy_document.lambda_logging["{f}"]"#),
            "pass",
        )
    }));
    out
}

/// (rule, address, static verdict)
type Listed = &'static [(&'static str, &'static str, &'static str)];

/// The differences on the trees built from public modules:
/// - queues: PE003 on source queues and DLQs whose redrive policy is a `jsonencode` around an
///   ARN known only after apply, or whose DLQ is named by `[count.index]` (`events`); PE006 on
///   queues whose `tags` hold such an ARN: the plan marks the whole `tags` map (and `tags_all`)
///   unknown, keys included;
/// - buckets: PE002 on buckets paired with their blocks by `aws_s3_bucket.many[count.index].id`:
///   the configuration lists the reference as `aws_s3_bucket.many`, without the index.
const TREE_DIFFERENCES: &[(&str, Listed)] = &[
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
    ("functions", &[]),
];

fn d(rule: &str, address: &str, stat: &str) -> Difference {
    (rule.into(), address.into(), stat.into())
}

/// The expected differences of a case, sorted.
fn expected_differences(case: &str) -> Vec<Difference> {
    let mut out = match case.strip_prefix("photo-editor-") {
        Some(env) => example_differences(env),
        None => TREE_DIFFERENCES
            .iter()
            .find(|(n, _)| *n == case)
            .unwrap_or_else(|| panic!("no expected differences for {case}"))
            .1
            .iter()
            .map(|(r, a, s)| d(r, a, s))
            .collect(),
    };
    out.sort();
    out
}

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
        let want: Vec<(String, String, String, String)> = expected_differences(name)
            .into_iter()
            .map(|(r, a, s)| (r, a, s, "unresolved".into()))
            .collect();
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
    assert_eq!(line, 674);
    let sqs = Some("../../modules/terraform-aws-sqs@v4.3.1".to_string());
    assert_eq!(
        f.configured.as_deref(),
        Some(&Configured {
            block: "module.plain.aws_sqs_queue.this".into(),
            calls: vec![ModuleCall {
                call: "module.plain".into(),
                source: sqs.clone()
            }],
        })
    );
    let dlq = v
        .iter()
        .find(|v| v.rule_id == "PE003" && v.address == r#"module.events["a"].aws_sqs_queue.dlq[0]"#)
        .expect("PE003 on a DLQ");
    assert_eq!(
        (dlq.status, dlq.module.as_str()),
        (Status::Pass, r#"module.events["a"]"#)
    );
    // Keys dropped: the block, not the instance.
    assert_eq!(
        dlq.configured
            .as_ref()
            .map(|c| (c.block.as_str(), c.calls[0].call.as_str())),
        Some(("module.events.aws_sqs_queue.dlq", "module.events"))
    );
}

/// The JSON finding carries `configured`, the SARIF result the same object as a property, the
/// human report a `configured at` line; with paths, where findings point at the sources, none
/// of them does.
#[test]
fn reports_name_the_configuration_block() {
    let plan = "testdata/plan/trees/queues/plan.json";
    let (report, code) = crate::common::json_run(&mut pe_lint(), &["--plan", plan]);
    assert_eq!(code, 1);
    let want = json!({"block": "module.plain.aws_sqs_queue.this",
        "module_calls": [{"call": "module.plain", "source": "../../modules/terraform-aws-sqs@v4.3.1"}]});
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "PE003" && f["resource"] == "module.plain.aws_sqs_queue.this[0]")
        .expect("PE003 finding");
    assert_eq!(finding["line"], 674);
    assert_eq!(finding["configured"], want);
    let out = pe_lint()
        .args(["--plan", plan, "--format", "sarif"])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["ruleId"] == "PE003"
                && r["properties"]["resource"] == "module.plain.aws_sqs_queue.this[0]"
        })
        .expect("PE003 result");
    assert_eq!(result["properties"]["configured"], want);
    let out = pe_lint().args(["--plan", plan, "-q"]).output().unwrap();
    let human = String::from_utf8_lossy(&out.stdout).replace(char::is_whitespace, "");
    assert!(
        human.contains(
            "configuredatmodule.plain.aws_sqs_queue.this,calledbymodule.plain(../../modules/terraform-aws-sqs@v4.3.1)"
        ),
        "{human}"
    );
    let dev = "testdata/plan/photo-editor-dev.json";
    let (report, _) = crate::common::json_run(
        &mut pe_lint(),
        &[
            "--plan",
            dev,
            "testdata/photo-editor/infrastructure",
            "--var-file",
            "testdata/photo-editor/infrastructure/environments/dev.tfvars",
        ],
    );
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.len() > 5);
    assert!(findings.iter().all(|f| f.get("configured").is_none()));
}

/// The plan-alone JSON report, `configured` included, matches docs/report.schema.json, and
/// its SARIF the OASIS schema.
#[test]
fn plan_alone_reports_match_their_schemas() {
    let validate = |schema: &Path, doc: &serde_json::Value, what: &str| {
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
        let v = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = v
            .iter_errors(doc)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
    };
    let plan = "testdata/plan/trees/queues/plan.json";
    let (report, _) = crate::common::json_run(&mut pe_lint(), &["--plan", plan]);
    assert!(report["findings"][0]["configured"].is_object());
    validate(&repo().join("docs/report.schema.json"), &report, "JSON");
    if let Some(schema) = crate::common::shared("schemas/sarif-schema-2.1.0.json") {
        let out = pe_lint()
            .args(["--plan", plan, "--format", "sarif"])
            .output()
            .unwrap();
        let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        validate(&schema, &sarif, "SARIF");
    }
}

/// Module calls nested and keyed map to the chain of calls, each with its source; a source
/// the plan writes with control characters reaches the human report escaped.
#[test]
fn configured_module_chain() {
    let dir = write_tree(&[]);
    let address = r#"module.a["x"].module.b[0].aws_sqs_queue.q"#;
    let plan = json!({"format_version": "1.2",
        "resource_changes": [change(address, "aws_sqs_queue", json!({"name": "q"}), json!({}))],
        "configuration": {"root_module": {"module_calls": {"a": {"source": "./a\u{1b}[31m", "module": {
            "module_calls": {"b": {"source": "./b", "module": {"resources": [
                resource("aws_sqs_queue.q", json!({"name": {"constant_value": "q"}}))]}}}}}}}}});
    let plan = serde_json::to_string(&plan).unwrap();
    let p = dir.path().join("plan.json");
    std::fs::write(&p, plan).unwrap();
    let opts = pe_lint::internals::lint::Options::new(vec![]);
    let loaded = pe_lint::internals::plan::load(&opts, &p, false);
    let q = &loaded.model.roots[0].instances[0];
    assert_eq!(
        q.configured.as_deref(),
        Some(&Configured {
            block: "module.a.module.b.aws_sqs_queue.q".into(),
            calls: vec![
                ModuleCall {
                    call: "module.a".into(),
                    source: Some("./a\u{1b}[31m".into())
                },
                ModuleCall {
                    call: "module.a.module.b".into(),
                    source: Some("./b".into())
                },
            ],
        })
    );
    let out = pe_lint().arg("--plan").arg(&p).output().unwrap();
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(!human.contains('\u{1b}'), "{human}");
    let flat = human.replace(char::is_whitespace, "");
    assert!(
        flat.contains("configuredatmodule.a.module.b.aws_sqs_queue.q,calledbymodule.a(./a")
            && flat.contains(">module.a.module.b(./b)"),
        "{human}"
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

/// A policy document and a role policy per function, `for_each` over the same keys, the role
/// policy's `policy = data.aws_iam_policy_document.d[each.key].json` (the plan records it as
/// `data.aws_iam_policy_document.d`, without key or attribute).
fn documents_by_key(
    documents_known: bool,
    wildcard: bool,
    policy_refs: serde_json::Value,
) -> serde_json::Value {
    let keys = ["a", "b"];
    let mut changes = Vec::new();
    let mut prior = Vec::new();
    for k in keys {
        let action = if wildcard && k == "b" {
            "logs:*"
        } else {
            "logs:PutLogEvents"
        };
        let resource = format!("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/{k}:*");
        let statement = json!([{"actions": [action], "resources": [resource], "effect": "Allow"}]);
        let doc_json = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}).to_string();
        let doc = format!(r#"data.aws_iam_policy_document.d["{k}"]"#);
        let role_policy = format!(r#"aws_iam_role_policy.p["{k}"]"#);
        if documents_known {
            // Read while planning: in prior_state, with the rendered text.
            prior.push(
                json!({"address": doc, "mode": "data", "type": "aws_iam_policy_document",
                "name": "d", "index": k, "values": {"statement": statement, "json": doc_json}}),
            );
            changes.push(change(
                &role_policy,
                "aws_iam_role_policy",
                json!({"name": k, "policy": doc_json}),
                json!({"role": true}),
            ));
        } else {
            // Read at apply: the resource is a log group's value known only after apply.
            let mut c = change(
                &doc,
                "aws_iam_policy_document",
                json!({"statement": [{"actions": [action], "resources": [null]}]}),
                json!({"json": true, "id": true, "statement": [{"resources": [true]}]}),
            );
            c["mode"] = json!("data");
            c["index"] = json!(k);
            c["change"]["actions"] = json!(["read"]);
            changes.push(c);
            changes.push(change(
                &role_policy,
                "aws_iam_role_policy",
                json!({"name": k}),
                json!({"policy": true, "role": true}),
            ));
        }
    }
    let each = json!({"references": ["local.keys"]});
    let mut doc_config = resource(
        "data.aws_iam_policy_document.d",
        json!({"statement": [{
        "actions": {"constant_value": ["logs:PutLogEvents"]},
        "resources": {"references": ["aws_cloudwatch_log_group.lambda", "each.key"]}}]}),
    );
    doc_config["mode"] = json!("data");
    doc_config["type"] = json!("aws_iam_policy_document");
    doc_config["address"] = json!("data.aws_iam_policy_document.d");
    doc_config["for_each_expression"] = each.clone();
    let mut role_config = resource(
        "aws_iam_role_policy.p",
        json!({"policy": {"references": policy_refs}}),
    );
    role_config["for_each_expression"] = each;
    json!({"format_version": "1.2", "resource_changes": changes,
        "prior_state": {"values": {"root_module": {"resources": prior}}},
        "configuration": {"root_module": {"resources": [doc_config, role_config]}}})
}

/// PE008 on documents keyed by `each.key` and the role policies rendering them: where the
/// plan knows the documents (read while planning), they are decided and the role policies
/// left to them, as in a static run; where it does not, the documents are unresolved (the
/// plan does not say the unknown resource is a log group's `arn`) and the role policies still
/// left to them. A role policy that also goes through a local value, which the plan does not
/// record, may be anything: unresolved itself.
#[test]
fn documents_keyed_by_each_key() {
    let dir = write_tree(&[]);
    let by_key = json!(["data.aws_iam_policy_document.d", "each.key"]);
    let pl = plan_verdicts(&plan_file(
        &dir,
        documents_by_key(true, true, by_key.clone()),
    ));
    let pe008: Vec<(&str, Status)> = pl
        .iter()
        .filter(|(k, _)| k.0 == "PE008")
        .map(|(k, s)| (k.1.as_str(), *s))
        .collect();
    assert_eq!(
        pe008,
        [
            (r#"data.aws_iam_policy_document.d["a"]"#, Status::Pass),
            (r#"data.aws_iam_policy_document.d["b"]"#, Status::Fail),
        ]
    );
    let pl = plan_verdicts(&plan_file(&dir, documents_by_key(false, false, by_key)));
    let pe008: Vec<(&str, Status)> = pl
        .iter()
        .filter(|(k, _)| k.0 == "PE008")
        .map(|(k, s)| (k.1.as_str(), *s))
        .collect();
    assert_eq!(
        pe008,
        [
            (r#"data.aws_iam_policy_document.d["a"]"#, Status::Unresolved),
            (r#"data.aws_iam_policy_document.d["b"]"#, Status::Unresolved),
        ]
    );
    let through_local = json!(["data.aws_iam_policy_document.d", "each.key", "local.extra"]);
    let pl = plan_verdicts(&plan_file(
        &dir,
        documents_by_key(false, false, through_local),
    ));
    for k in ["a", "b"] {
        assert_eq!(
            pl[&(
                "PE008".to_string(),
                format!(r#"aws_iam_role_policy.p["{k}"]"#)
            )],
            Status::Unresolved
        );
    }
}

/// The same plan gives byte-identical reports at `--jobs 1` and `--jobs 8`, in every format
/// that carries the findings.
#[test]
fn plan_alone_is_deterministic() {
    let run = |plan: &str, format: &str, jobs: &str| {
        pe_lint()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(["--plan", plan, "--format", format, "--jobs", jobs])
            .output()
            .unwrap()
    };
    for plan in [
        "testdata/plan/photo-editor-prod.json",
        "testdata/plan/trees/queues/plan.json",
    ] {
        for format in ["human", "json", "sarif"] {
            let one = run(plan, format, "1");
            assert_eq!(
                one.status.code(),
                Some(1),
                "{plan} {format}: {}",
                String::from_utf8_lossy(&one.stderr)
            );
            let eight = run(plan, format, "8");
            assert_eq!(eight.status.code(), Some(1), "{plan} {format} --jobs 8");
            assert!(one.stdout.len() > 1000, "{plan} {format}");
            // stdout the report, stderr the summary (for machine formats).
            let a = untimed(&one.stdout) + &untimed(&one.stderr);
            let b = untimed(&eight.stdout) + &untimed(&eight.stderr);
            let first = a.lines().zip(b.lines()).find(|(x, y)| x != y);
            assert!(
                a == b,
                "{plan} {format}: --jobs 8 differs from --jobs 1: {first:?}"
            );
        }
    }
}

/// Output without the human summary's running time (`checked in 0.02s`), the one thing that
/// may differ between two runs.
fn untimed(out: &[u8]) -> String {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| l.split(" checked in ").next().unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `pe-lint --plan PLAN ARGS`: a refusal, exit 2 with a `plan-file` diagnostic (or the
/// refusal's own code) and no panic, in a minute at most; what it printed.
fn refused(plan: &Path, args: &[&str]) -> String {
    let started = std::time::Instant::now();
    let out = pe_lint()
        .arg("--plan")
        .arg(plan)
        .args(args)
        .output()
        .unwrap();
    // The human report (stdout) carries the diagnostics; stderr anything else.
    let stderr = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "{}: {stderr}", plan.display());
    assert!(
        stderr.contains("plan-file") || stderr.contains("file-too-large"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    stderr
}

/// A plan over the byte cap is refused without being read: a sparse 1 GiB file (no disk
/// used) against a lowered cap, and a real plan one byte over the cap; at its size it is read.
#[test]
fn hostile_plan_over_the_size_limit() {
    let dir = write_tree(&[]);
    let big = dir.path().join("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let stderr = refused(&big, &["--limit", "total-size=1M"]);
    assert!(
        stderr.contains("over the limit of 1048576 bytes") && stderr.contains("total-size"),
        "{stderr}"
    );
    let real = repo().join("testdata/plan/photo-editor-dev.json");
    let size = std::fs::metadata(&real).unwrap().len();
    let stderr = refused(&real, &["--limit", &format!("total-size={}", size - 1)]);
    assert!(stderr.contains("over the limit"), "{stderr}");
    let at = pe_lint()
        .arg("--plan")
        .arg(&real)
        .args(["--limit", &format!("total-size={size}"), "-q"])
        .output()
        .unwrap();
    assert_eq!(
        at.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&at.stderr)
    );
}

/// 100,000 nested `[`: beyond the JSON parser's nesting limit, a diagnostic.
#[test]
fn hostile_plan_nested_deeply() {
    let dir = write_tree(&[]);
    let deep = format!(
        "{{\"resource_changes\": [], \"configuration\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let p = dir.path().join("deep.json");
    std::fs::write(&p, deep).unwrap();
    let stderr = refused(&p, &[]);
    assert!(stderr.contains("not JSON"), "{stderr}");
}

/// Bytes that are not UTF-8: a diagnostic naming the byte, nothing of the text.
#[test]
fn hostile_plan_not_utf8() {
    let dir = write_tree(&[]);
    let p = dir.path().join("plan.json");
    std::fs::write(&p, b"{\"resource_changes\": [], \"x\": \"\xff\xfe\"}").unwrap();
    let stderr = refused(&p, &[]);
    assert!(stderr.contains("not valid UTF-8 (at byte 31)"), "{stderr}");
}

/// A plan path that is a link in the tree (to a real plan, so only the link is wrong) is not
/// followed; nor is a link to a file outside the tree.
#[cfg(unix)]
#[test]
fn hostile_plan_symlinked() {
    let dir = write_tree(&[]);
    let link = dir.path().join("plan.json");
    std::os::unix::fs::symlink(repo().join("testdata/plan/photo-editor-dev.json"), &link).unwrap();
    let stderr = refused(&link, &[]);
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    let outside = dir.path().join("secret.json");
    std::os::unix::fs::symlink("/etc/passwd", &outside).unwrap();
    let stderr = refused(&outside, &[]);
    assert!(
        stderr.contains("is a symbolic link") && !stderr.contains("root:"),
        "{stderr}"
    );
}

/// Following the configuration's references draws on a budget (`--limit total-steps` sets
/// it): a real plan over a budget of 10 references is a diagnostic, not a partial answer.
#[test]
fn plan_references_over_the_step_budget() {
    let plan = repo().join("testdata/plan/photo-editor-dev.json");
    let out = refused(&plan, &["--limit", "total-steps=10"]);
    assert!(out.contains("more steps than the budget"), "{out}");
}

/// A module whose output feeds its own input, 20 module calls deep (within the JSON parser's
/// nesting limit, so the cycle itself is followed): Terraform never plans such a configuration,
/// so it is a diagnostic (exit 2), and what the cycle hides is unresolved, never paired.
#[test]
fn hostile_plan_refers_to_itself() {
    let dir = write_tree(&[]);
    let mut module = json!({"resources": [resource("aws_s3_bucket_public_access_block.p",
        json!({"bucket": {"references": ["var.b"]}}))],
        "outputs": {"o": {"expression": {"references": ["var.b"]}}}});
    let mut address = String::new();
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
    let p = plan_file(&dir, plan);
    let stderr = refused(&p, &[]);
    assert!(
        stderr.contains("the configuration refers to itself"),
        "{stderr}"
    );
    let opts = pe_lint::internals::lint::Options::new(vec![]);
    let loaded = pe_lint::internals::plan::load(&opts, &p, false);
    let errors: Vec<&str> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    assert_eq!(errors, ["plan-file"]);
    let settings = pe_lint::internals::rules::Settings::default();
    let v = pe_lint::internals::rules::run(&loaded.model, &settings, &loaded.sources).unwrap();
    let bucket = v
        .iter()
        .find(|v| v.rule_id == "PE002" && v.address == format!("{address}aws_s3_bucket.b"))
        .expect("PE002 on the bucket");
    assert_eq!(bucket.status, Status::Unresolved);
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

/// Per rule, over a set of cases: verdicts static evaluation decides (pass or fail), how many
/// of them the plan alone decides alike, leaves unresolved or gives no verdict on (passes
/// only), and verdicts only the plan alone gives (a pass or unresolved on an instance static
/// evaluation does not judge).
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
struct Tally {
    decided: usize,
    plan_decided: usize,
    plan_unresolved: usize,
    /// Static passes the plan alone gives no verdict on.
    plan_none: usize,
    plan_only: usize,
}

/// The static verdict a planned instance's verdict compares with: its own, or that of its
/// block where static evaluation could not expand it (`aws_subnet.private[*]`).
fn static_of<'a>(st: &'a Verdicts, k: &(String, String)) -> Option<(&'a Status, bool)> {
    if let Some(s) = st.get(k) {
        return Some((s, true));
    }
    let open = k.1.rfind('[')?;
    st.get(&(k.0.clone(), format!("{}[*]", &k.1[..open])))
        .map(|s| (s, false))
}

/// Compare the verdicts of one case: contradictions (a pass or fail of the plan alone where
/// static evaluation says otherwise, a failure where it gives no verdict, a verdict it
/// decides that the plan alone drops) go to `wrong`, the rest into the tallies.
fn tally(
    case: &str,
    st: &Verdicts,
    pl: &Verdicts,
    tallies: &mut BTreeMap<String, Tally>,
    wrong: &mut Vec<String>,
) {
    let mut matched = std::collections::BTreeSet::new();
    for (k, p) in pl {
        let t = tallies.entry(k.0.clone()).or_default();
        match static_of(st, k) {
            Some((s, exact)) if *s != Status::Unresolved => {
                if exact {
                    t.decided += 1;
                }
                matched.insert(k.1.rfind('[').map_or(k.1.clone(), |i| k.1[..i].to_string()));
                if p == s {
                    t.plan_decided += usize::from(exact);
                } else if *p == Status::Unresolved {
                    t.plan_unresolved += usize::from(exact);
                } else {
                    wrong.push(format!("{case}: {k:?}: plan {p:?}, static {s:?}"));
                }
            }
            Some(_) => {}
            // Static evaluation does not judge it (a trust policy the trimmed plan cannot
            // tell from an identity policy): a pass or an unresolved verdict is no
            // contradiction, a failure would be.
            None if *p == Status::Fail => {
                wrong.push(format!("{case}: {k:?}: plan Fail, static none"))
            }
            None => t.plan_only += 1,
        }
    }
    for (k, s) in st {
        let expanded = k.1.strip_suffix("[*]").is_some_and(|b| matched.contains(b));
        if pl.contains_key(k) || expanded {
            continue;
        }
        match s {
            // A pass the plan alone does not give (a function without VPC it cannot tell
            // is an API Lambda): nothing it says is wrong.
            Status::Pass => {
                let t = tallies.entry(k.0.clone()).or_default();
                t.decided += 1;
                t.plan_none += 1;
            }
            Status::Fail => wrong.push(format!("{case}: {k:?}: static Fail, plan none")),
            _ => {}
        }
    }
}

/// The static verdicts of an oracle case (its root with the `-var-file`/`-var` it was
/// planned with). A real-module case (`"tree": "aws5"`) is assembled as it was planned: its
/// `copy` folders from testdata/oracle and ../shared/corpus in one temporary git work tree;
/// `None` without ../shared (a failure on CI).
fn oracle_static(dir: &Path) -> Option<Verdicts> {
    let text = std::fs::read_to_string(dir.join("case.json")).ok()?;
    let case: serde_json::Value = serde_json::from_str(&text).unwrap();
    let tree = match case["tree"].as_str() {
        Some(_) => Some(assemble(&case)?),
        None => None,
    };
    let base = tree
        .as_ref()
        .map_or(repo().to_path_buf(), |t| t.path().to_path_buf());
    let root = base.join(case["root"].as_str().unwrap());
    let scan = case["scan"].as_str().map_or(root.clone(), |s| base.join(s));
    assert!(
        scan.is_dir(),
        "{}: {} is not a folder",
        dir.display(),
        scan.display()
    );
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
    // A `scan` folder may hold other roots: only the planned one compares with the plan.
    let mut loaded = pe_lint::internals::lint::load(&opts);
    let want = root.canonicalize().unwrap();
    loaded
        .model
        .roots
        .retain(|r| r.dir.canonicalize().is_ok_and(|d| d == want));
    assert_eq!(loaded.model.roots.len(), 1, "{}", dir.display());
    Some(verdicts(&loaded))
}

/// A real-module oracle case's tree (see testdata/oracle/README.md): `roots-aws5/...` from
/// testdata/oracle, the rest from ../shared/corpus, in one git work tree.
fn assemble(case: &serde_json::Value) -> Option<tempfile::TempDir> {
    let corpus = crate::common::shared("corpus")?;
    let tmp = tempfile::tempdir().unwrap();
    for rel in case["copy"].as_array().into_iter().flatten() {
        let rel = rel.as_str().unwrap();
        let from = if rel.starts_with("roots-aws5/") {
            repo().join("testdata/oracle").join(rel)
        } else {
            corpus.join(rel)
        };
        let to = tmp.path().join(rel);
        std::fs::create_dir_all(&to).unwrap();
        // Into the folder, which an earlier (inner) copy may have made.
        let ok = std::process::Command::new("cp")
            .arg("-R")
            .arg(from.join("."))
            .arg(&to)
            .status()
            .unwrap()
            .success();
        assert!(ok, "cp -R {} {}", from.display(), to.display());
    }
    let ok = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(tmp.path())
        .status()
        .unwrap()
        .success();
    assert!(ok, "git init");
    Some(tmp)
}

/// Per rule: (decided statically, decided alike by the plan alone, left unresolved by it,
/// passes it gives no verdict on, verdicts of the plan alone only). `untrimmed`: the six plans of testdata/plan (with
/// `configuration`); `oracle`: the trimmed plans of testdata/oracle (no `configuration`, no
/// `variables`). The numbers are in docs/plan-mode.md.
const UNTRIMMED: &[(&str, [usize; 5])] = &[
    ("PE001", [7, 7, 0, 0, 0]),
    ("PE002", [16, 14, 2, 0, 0]),
    ("PE003", [23, 11, 12, 0, 0]),
    ("PE004", [17, 17, 0, 0, 0]),
    ("PE005", [38, 38, 0, 0, 0]),
    ("PE006", [207, 204, 3, 0, 0]),
    ("PE007", [13, 13, 0, 0, 3]),
    ("PE008", [43, 18, 25, 0, 0]),
];
const ORACLE: &[(&str, [usize; 5])] = &[
    ("PE001", [46, 46, 0, 0, 0]),
    ("PE002", [57, 14, 43, 0, 0]),
    ("PE003", [121, 2, 119, 0, 0]),
    ("PE004", [85, 85, 0, 0, 0]),
    ("PE005", [155, 36, 119, 0, 0]),
    ("PE006", [947, 497, 450, 0, 0]),
    ("PE007", [33, 29, 3, 1, 5]),
    ("PE008", [178, 143, 35, 0, 136]),
];

fn pinned(table: &[(&str, [usize; 5])]) -> BTreeMap<String, Tally> {
    table
        .iter()
        .map(|(r, [a, b, c, d, e])| {
            let t = Tally {
                decided: *a,
                plan_decided: *b,
                plan_unresolved: *c,
                plan_none: *d,
                plan_only: *e,
            };
            (r.to_string(), t)
        })
        .collect()
}

/// Every case with a plan, untrimmed (testdata/plan) and trimmed (testdata/oracle, 227 cases):
/// the plan alone never contradicts a verdict static evaluation decides, never drops one, and
/// decides as many per rule as pinned here (a verdict that becomes unresolved fails this).
#[test]
fn plan_alone_over_every_case_with_a_plan() {
    let mut wrong = Vec::new();
    let mut untrimmed = BTreeMap::new();
    let all = cases();
    assert_eq!(all.len(), 6, "the three trees need ../shared");
    for (name, root, var_file, plan) in all {
        let st = static_verdicts(&root, var_file.as_deref());
        let pl = plan_verdicts(&repo().join(&plan));
        tally(name, &st, &pl, &mut untrimmed, &mut wrong);
    }
    let mut oracle = BTreeMap::new();
    let mut checked = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo().join("testdata/oracle"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let Some(st) = oracle_static(&dir) else {
            continue;
        };
        let pl = plan_verdicts(&dir.join("plan.json"));
        checked += 1;
        tally(
            &dir.display().to_string(),
            &st,
            &pl,
            &mut oracle,
            &mut wrong,
        );
    }
    assert_eq!(checked, 227, "oracle cases with a plan");
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    let show = |t: &BTreeMap<String, Tally>| {
        t.iter()
            .map(|(r, t)| {
                format!(
                    "(\"{r}\", [{}, {}, {}, {}, {}]),",
                    t.decided, t.plan_decided, t.plan_unresolved, t.plan_none, t.plan_only
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        (&untrimmed, &oracle),
        (&pinned(UNTRIMMED), &pinned(ORACLE)),
        "\nuntrimmed:\n{}\noracle ({checked} cases):\n{}",
        show(&untrimmed),
        show(&oracle)
    );
}
