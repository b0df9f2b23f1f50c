//! Custom rules (docs/custom-rules.md): the loader and its diagnostics, each helper, unknown
//! values, reports, `test-rules`, and the shipped examples on the example infrastructure.

use std::path::{Path, PathBuf};

use pe_lint::internals::lint::{load, Options};
use pe_lint::internals::rules::{self, custom, Settings};
use pe_lint::internals::source::Sources;

use crate::common::{assert_exit, pe_lint as bin, write_tree};

/// (status, address, file name, line, message) of every verdict of the custom rules.
type Got = Vec<(String, String, String, usize, String)>;

/// Run the rules of `rule_text` on the Terraform files `tf`; panics on load errors.
fn run_rule(rule_text: &str, tf: &[(&str, &str)]) -> Got {
    run_rule_env(rule_text, tf, None)
}

fn run_rule_env(
    rule_text: &str,
    tf: &[(&str, &str)],
    env: Option<pe_lint::internals::cli::Env>,
) -> Got {
    let rules_dir = write_tree(&[("rule.hcl", rule_text)]);
    let tree = write_tree(tf);
    let mut loaded = load(&Options::new(vec![tree.path().to_path_buf()]));
    let (custom, diags) = custom::load_dirs(&[rules_dir.path().to_path_buf()], &mut loaded.sources);
    assert!(diags.is_empty(), "rule diagnostics: {diags:#?}");
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let settings = Settings {
        environment: env,
        ..Settings::default()
    };
    let ids: Vec<String> = custom.iter().map(|r| r.id.to_string()).collect();
    let rule_set = rules::RuleSet::with_custom(custom);
    let (verdicts, diags) = rules::run_with(&loaded.model, &settings, &loaded.sources, &rule_set);
    assert!(diags.is_empty(), "run diagnostics: {diags:#?}");
    verdicts
        .into_iter()
        .filter(|v| ids.iter().any(|i| *i == v.rule_id))
        .map(|v| {
            let f = loaded.sources.get(v.loc.file.unwrap());
            let name = Path::new(&f.path)
                .strip_prefix(tree.path())
                .unwrap_or(Path::new(&f.path))
                .to_string_lossy()
                .replace('\\', "/");
            (
                v.status.as_str().to_string(),
                v.address.clone(),
                name,
                f.position(v.loc.span.start).line,
                v.message.clone(),
            )
        })
        .collect()
}

fn statuses(got: &Got) -> Vec<(&str, &str)> {
    got.iter()
        .map(|(s, a, ..)| (s.as_str(), a.as_str()))
        .collect()
}

/// Load rule files and return their diagnostics as `file:line:col: message`.
fn load_errors(files: &[(&str, &str)]) -> Vec<String> {
    let dir = write_tree(files);
    let mut sources = Sources::default();
    let (_, diags) = custom::load_dirs(&[dir.path().to_path_buf()], &mut sources);
    diags
        .iter()
        .map(|d| {
            assert!(d.is_error(), "{d:?}");
            let loc = d.loc.expect("every rule-file error has a location");
            let f = sources.get(loc.file.unwrap());
            let p = f.position(loc.span.start);
            format!(
                "{}:{}:{}: {}",
                Path::new(&f.path).file_name().unwrap().to_string_lossy(),
                p.line,
                p.column,
                d.message
            )
        })
        .collect()
}

const HEAD: &str = r#"
  name        = "test-rule"
  severity    = "error"
  summary     = "a test rule"
  requirement = "things are right"
  remediation = "make them right"
"#;

fn rule(id: &str, body: &str) -> String {
    format!("rule \"{id}\" {{\n{HEAD}\n{body}\n}}\n")
}

// ---------------------------------------------------------------------------------------------
// The loader

#[test]
fn broken_rule_files_are_errors_with_spans() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "syntax",
            "rule \"ORG1\" {\n  name = \n}\n",
            "syntax.hcl:2:",
        ),
        (
            "unknown_helper",
            &rule(
                "ORG2",
                "  check \"aws_s3_bucket\" {\n    assert = length(relatd(\"aws_s3_bucket_versioning\", \"bucket\")) > 0\n  }",
            ),
            "unknown_helper.hcl:10:21: unknown function or helper `relatd`; did you mean `related`?",
        ),
        (
            "unknown_name",
            &rule("ORG3", "  check \"aws_s3_bucket\" {\n    assert = var.enabled\n  }"),
            "unknown_name.hcl:10:14: unknown name `var`",
        ),
        (
            "unknown_settings",
            &rule(
                "ORG4",
                "  check \"aws_s3_bucket\" {\n    assert = contains(settings.required_tag, \"Owner\")\n  }",
            ),
            "unknown_settings.hcl:10:23: `settings` has no attribute `required_tag`",
        ),
        (
            "wrong_type",
            &rule("ORG5", "  check \"aws_s3_bucket\" {\n    assert = \"yes\"\n  }"),
            "wrong_type.hcl:10:14: `assert` must be a bool expression, got a string",
        ),
        (
            "severity",
            "rule \"ORG6\" {\n  name = \"x\"\n  severity = \"fatal\"\n  summary = \"s\"\n  requirement = \"r\"\n  remediation = \"m\"\n  check \"aws_s3_bucket\" {\n    assert = true\n  }\n}\n",
            "severity.hcl:3:14: `severity` must be \"error\", \"warning\" or \"info\", not \"fatal\"",
        ),
        (
            "missing",
            "rule \"ORG7\" {\n  name = \"x\"\n  check \"aws_s3_bucket\" {\n    assert = true\n  }\n}\n",
            "missing.hcl:1:1: rule ORG7 is missing `severity`, `summary`, `requirement`, `remediation`",
        ),
        (
            "no_check",
            &rule("ORG8", ""),
            "no_check.hcl:1:1: rule ORG8 has no `check \"TYPE\" { ... }` block",
        ),
        (
            "unknown_attr",
            &rule("ORG9", "  check \"aws_s3_bucket\" {\n    assert = true\n    when = true\n  }"),
            "unknown_attr.hcl:11:5: unknown attribute `when` in a check",
        ),
        (
            "builtin_clash",
            &rule("PE001", "  check \"aws_kms_key\" {\n    assert = true\n  }"),
            "builtin_clash.hcl:1:1: rule id \"PE001\" clashes with the built-in rule PE001",
        ),
        (
            "reserved",
            &rule("PE042", "  check \"aws_kms_key\" {\n    assert = true\n  }"),
            "reserved.hcl:1:1: rule id \"PE042\" uses the prefix PE, which is reserved",
        ),
        (
            "bad_type",
            &rule("ORG10", "  check \"S3 Bucket\" {\n    assert = true\n  }"),
            "bad_type.hcl:9:3: \"S3 Bucket\" is not a resource type",
        ),
        (
            "bad_at",
            &rule("ORG11", "  check \"aws_s3_bucket\" {\n    assert = true\n    at = 42\n  }"),
            "bad_at.hcl:11:10: `at` must be an attribute path",
        ),
        (
            "arity",
            &rule("ORG12", "  check \"aws_s3_bucket\" {\n    assert = length(related(\"aws_s3_bucket_versioning\")) > 0\n  }"),
            "arity.hcl:10:21: related() takes 2 arguments",
        ),
        (
            "file_function",
            &rule("ORG13", "  check \"aws_s3_bucket\" {\n    assert = file(\"x\") == \"\"\n  }"),
            "file_function.hcl:10:14: file() reads files and is not available in rules",
        ),
    ];
    for (name, text, want) in cases {
        let errors = load_errors(&[(&format!("{name}.hcl"), text)]);
        assert!(
            errors.iter().any(|e| e.starts_with(want)),
            "{name}: want {want:?}, got {errors:#?}"
        );
    }
}

#[test]
fn duplicate_ids_across_files() {
    let a = rule(
        "ORG1",
        "  check \"aws_s3_bucket\" {\n    assert = true\n  }",
    );
    let b = rule(
        "org1",
        "  check \"aws_sqs_queue\" {\n    assert = true\n  }",
    );
    let errors = load_errors(&[("a.hcl", &a), ("b.hcl", &b)]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("b.hcl:1:1: duplicate rule id \"org1\": already defined at ")
            && errors[0].ends_with("a.hcl:1"),
        "{errors:#?}"
    );
}

#[test]
fn broken_rules_make_the_run_untrusted() {
    let rules = write_tree(&[(
        "bad.hcl",
        &rule(
            "ORG1",
            "  check \"aws_s3_bucket\" {\n    assert = lenght([]) == 0\n  }",
        ),
    )]);
    let out = bin()
        .args([
            "testdata/photo-editor/infrastructure",
            "--format",
            "json",
            "--rules",
        ])
        .arg(rules.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "rule-invalid")
        .unwrap();
    assert_eq!(d["line"], 10);
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `length`"));
    // The built-in rules still ran.
    assert!(v["findings"].as_array().unwrap().len() >= 8);
    // A missing directory is an error too.
    assert_exit(
        bin().args(["testdata/hostile/empty", "--rules", "no/such/dir"]),
        2,
    );
}

#[test]
fn a_non_bool_assertion_is_an_error_at_run_time() {
    let rules = write_tree(&[(
        "r.hcl",
        &rule(
            "ORG1",
            "  check \"aws_s3_bucket\" {\n    assert = self.bucket\n  }",
        ),
    )]);
    let tree = write_tree(&[(
        "main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
    )]);
    let out = bin()
        .arg(tree.path())
        .args(["--format", "json", "--rules"])
        .arg(rules.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"].as_array().unwrap()[0];
    assert_eq!(d["code"], "rule-type");
    assert_eq!(d["line"], 10);
    assert!(d["file"].as_str().unwrap().ends_with("r.hcl"));
}

// ---------------------------------------------------------------------------------------------
// Verdicts, locations, unknowns

const KMS: &str = r#"
  check "aws_kms_key" {
    where   = self.customer_master_key_spec == null || self.customer_master_key_spec == "SYMMETRIC_DEFAULT"
    assert  = self.enable_key_rotation == true
    at      = "enable_key_rotation"
    message = "rotation is ${jsonencode(self.enable_key_rotation)}"
    fix     = "turn it on"
  }
"#;

#[test]
fn verdicts_locations_and_unknowns() {
    let got = run_rule(
        &rule("ORG1", KMS),
        &[(
            "main.tf",
            r#"variable "rotate" {
  type = bool
}

variable "spec" {
  type = string
}

resource "aws_kms_key" "ok" {
  enable_key_rotation = true
}

resource "aws_kms_key" "missing" {
  description = "no rotation"
}

resource "aws_kms_key" "off" {
  enable_key_rotation = false
}

resource "aws_kms_key" "unknown" {
  enable_key_rotation = var.rotate
}

resource "aws_kms_key" "rsa" {
  customer_master_key_spec = "RSA_2048"
}

resource "aws_kms_key" "spec_unknown_on" {
  customer_master_key_spec = var.spec
  enable_key_rotation      = true
}

resource "aws_kms_key" "spec_unknown_off" {
  customer_master_key_spec = var.spec
}
"#,
        )],
    );
    let rows: Vec<(&str, &str, usize, &str)> = got
        .iter()
        .map(|(s, a, _, l, m)| (s.as_str(), a.as_str(), *l, m.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("pass", "aws_kms_key.ok", 9, "things are right"),
            ("fail", "aws_kms_key.missing", 13, "aws_kms_key.missing: rotation is null"),
            ("fail", "aws_kms_key.off", 18, "aws_kms_key.off: rotation is false"),
            (
                "unresolved",
                "aws_kms_key.unknown",
                22,
                "aws_kms_key.unknown: `enable_key_rotation` cannot be resolved statically: it depends on var.rotate"
            ),
            ("pass", "aws_kms_key.spec_unknown_on", 29, "things are right"),
            (
                "unresolved",
                "aws_kms_key.spec_unknown_off",
                35,
                "aws_kms_key.spec_unknown_off: cannot tell whether ORG1 applies: `customer_master_key_spec` cannot be resolved statically: it depends on var.spec"
            ),
        ]
    );
}

#[test]
fn an_expression_that_fails_is_unresolved_with_the_error() {
    let got = run_rule(
        &rule(
            "ORG1",
            "  check \"aws_dynamodb_table\" {\n    assert = self.point_in_time_recovery[0].enabled == true\n  }",
        ),
        &[("main.tf", "resource \"aws_dynamodb_table\" \"t\" {\n  name = \"t\"\n}\n")],
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "unresolved");
    assert!(
        got[0]
            .4
            .contains("could not be evaluated: cannot index a null value"),
        "{got:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Helpers and bound names

#[test]
fn related_in_both_directions_through_locals_modules_and_nested_paths() {
    let r = rule(
        "ORG1",
        r#"
  check "aws_s3_bucket" {
    assert = anytrue([for v in related("aws_s3_bucket_versioning", "bucket") : v.versioning_configuration[0].status == "Enabled"])
  }
  check "aws_sqs_queue" {
    assert = alltrue([for k in related("aws_kms_key", "kms_master_key_id") : k.enable_key_rotation == true]) && length(related("aws_kms_key", "kms_master_key_id")) == 1
  }
  check "aws_s3_bucket_server_side_encryption_configuration" {
    assert = length(related("aws_kms_key", "rule.apply_server_side_encryption_by_default.kms_master_key_id")) == 1
  }
"#,
    );
    let got = run_rule(
        &r,
        &[
            (
                "main.tf",
                r#"locals {
  buckets = { a = aws_s3_bucket.a, b = aws_s3_bucket.b }
}

resource "aws_s3_bucket" "a" {
  bucket = "a"
}

resource "aws_s3_bucket" "b" {
  bucket = "b"
}

resource "aws_s3_bucket_versioning" "v" {
  for_each = { a = local.buckets.a }
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}

module "kms" {
  source = "./kms"
}

resource "aws_sqs_queue" "q" {
  kms_master_key_id = module.kms.arn
}

resource "aws_s3_bucket_server_side_encryption_configuration" "a" {
  bucket = aws_s3_bucket.a.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = module.kms.arn
    }
  }
}
"#,
            ),
            (
                "kms/main.tf",
                "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n\noutput \"arn\" {\n  value = aws_kms_key.k.arn\n}\n",
            ),
        ],
    );
    assert_eq!(
        statuses(&got),
        vec![
            ("pass", "aws_s3_bucket.a"),
            ("fail", "aws_s3_bucket.b"),
            ("pass", "aws_sqs_queue.q"),
            (
                "pass",
                "aws_s3_bucket_server_side_encryption_configuration.a"
            ),
        ]
    );
}

#[test]
fn resources_refers_to_and_address() {
    let r = rule(
        "ORG1",
        r#"
  check "aws_sqs_queue" {
    where  = anytrue([for q in resources("aws_sqs_queue") : refers_to(q.redrive_policy, address)])
    assert = anytrue([for a in resources("aws_cloudwatch_metric_alarm") : try(a.dimensions.QueueName, null) == self.name])
  }
  check "aws_sns_topic" {
    assert = refers_to(self.kms_master_key_id, "aws_kms_key") && !refers_to(self.kms_master_key_id, "data.aws_kms_key") && refers_to(self.kms_master_key_id, "aws_kms_key.k") && !refers_to(self.kms_master_key_id, "aws_kms_key.other")
  }
  check "data.aws_iam_policy_document" {
    assert = length(resources("data.aws_iam_policy_document")) == 1
  }
"#,
    );
    let got = run_rule(
        &r,
        &[(
            "main.tf",
            r#"resource "aws_sqs_queue" "dlq" {
  name = "dlq"
}

resource "aws_sqs_queue" "dlq2" {
  name = "dlq2"
}

resource "aws_sqs_queue" "main" {
  name           = "main"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 3 })
}

resource "aws_sqs_queue" "other" {
  name           = "other"
  redrive_policy = "{\"deadLetterTargetArn\": \"${aws_sqs_queue.dlq2.arn}\", \"maxReceiveCount\": 3}"
}

resource "aws_cloudwatch_metric_alarm" "dlq" {
  alarm_name = "dlq"
  dimensions = { QueueName = aws_sqs_queue.dlq.name }
}

resource "aws_kms_key" "k" {}

resource "aws_sns_topic" "t" {
  kms_master_key_id = aws_kms_key.k.arn
}

data "aws_iam_policy_document" "p" {}
"#,
        )],
    );
    assert_eq!(
        statuses(&got),
        vec![
            ("pass", "aws_sqs_queue.dlq"),
            ("fail", "aws_sqs_queue.dlq2"),
            ("pass", "aws_sns_topic.t"),
            ("pass", "data.aws_iam_policy_document.p"),
        ]
    );
}

#[test]
fn statements_of_every_kind_of_policy() {
    let r = rule(
        "ORG1",
        r#"
  check "aws_iam_policy" {
    assert  = alltrue([for s in statements(self.policy) : !contains(s.Action, "*")])
    message = "${length(statements(self.policy))} statements"
  }
  check "data.aws_iam_policy_document" {
    assert = length(statements(self.json)) == 2 && length(statements(self)) == 2 && statements(self.json)[0].Action == ["s3:GetObject"]
  }
"#,
    );
    let got = run_rule(
        &r,
        &[(
            "main.tf",
            r#"resource "aws_s3_bucket" "b" {
  bucket = "b"
}

resource "aws_iam_policy" "encoded" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.b.arn}/*" }]
  })
}

resource "aws_iam_policy" "heredoc" {
  policy = <<-EOT
    {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "${aws_s3_bucket.b.arn}"}}
  EOT
}

resource "aws_iam_policy" "doc" {
  policy = data.aws_iam_policy_document.d.json
}

data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.b.arn]
  }
}
"#,
        )],
    );
    let rows: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|(s, a, _, _, m)| (s.as_str(), a.as_str(), m.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("pass", "aws_iam_policy.encoded", "things are right"),
            (
                "fail",
                "aws_iam_policy.heredoc",
                "aws_iam_policy.heredoc: 1 statements"
            ),
            ("pass", "aws_iam_policy.doc", "things are right"),
            ("pass", "data.aws_iam_policy_document.d", "things are right"),
        ]
    );
}

#[test]
fn tags_env_and_settings() {
    let r = rule(
        "ORG1",
        r#"
  check "aws_sqs_queue" {
    assert  = alltrue([for t in settings.required_tags : try(tags[t], "") != ""])
    message = "missing ${join(", ", [for t in settings.required_tags : t if try(tags[t], "") == ""])}"
  }
  check "aws_cloudwatch_log_group" {
    where  = env != null
    assert = self.retention_in_days == settings.retention_days[env]
  }
"#,
    );
    let tf = r#"provider "aws" {
  default_tags {
    tags = { Project = "p", Env = "prod" }
  }
}

resource "aws_sqs_queue" "tagged" {
  tags = { Owner = "me", CostCenter = "cc" }
}

resource "aws_sqs_queue" "untagged" {
  tags = { Owner = "" }
}

resource "aws_cloudwatch_log_group" "g" {
  retention_in_days = 30
}
"#;
    let got = run_rule(&r, &[("main.tf", tf)]);
    let rows: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|(s, a, _, _, m)| (s.as_str(), a.as_str(), m.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("pass", "aws_sqs_queue.tagged", "things are right"),
            (
                "fail",
                "aws_sqs_queue.untagged",
                "aws_sqs_queue.untagged: missing Owner, CostCenter"
            ),
        ]
    );
    let staging = run_rule_env(
        &r,
        &[("main.tf", tf)],
        Some(pe_lint::internals::cli::Env::Staging),
    );
    assert!(staging
        .iter()
        .any(|(s, a, ..)| s == "pass" && a == "aws_cloudwatch_log_group.g"));
    let prod = run_rule_env(
        &r,
        &[("main.tf", tf)],
        Some(pe_lint::internals::cli::Env::Prod),
    );
    assert!(prod
        .iter()
        .any(|(s, a, ..)| s == "fail" && a == "aws_cloudwatch_log_group.g"));
}

// ---------------------------------------------------------------------------------------------
// Reports, --explain, --list-rules

fn json_run(args: &[&str]) -> (serde_json::Value, i32) {
    crate::common::json_run(&mut bin(), args)
}

/// The shipped examples on the example infrastructure: it complies except for the billing
/// alerts topic, which has no KMS key.
#[test]
fn example_rules_on_the_example_infrastructure() {
    let (v, code) = json_run(&[
        "testdata/photo-editor/infrastructure",
        "--rules",
        "rules/examples",
    ]);
    assert_eq!(code, 1);
    let custom: Vec<(String, String, String, u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap().starts_with("ORG"))
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource"].as_str().unwrap().to_string(),
                f["file"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("testdata/photo-editor/infrastructure/")
                    .to_string(),
                f["line"].as_u64().unwrap(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        custom,
        vec![(
            "ORG004".to_string(),
            "module.sns.aws_sns_topic.billing_alerts".to_string(),
            "modules/sns/main.tf".to_string(),
            22,
            "fail".to_string()
        )]
    );
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "ORG004")
        .unwrap();
    assert_eq!(f["rule_name"], "customer-managed-kms");
    assert_eq!(f["severity"], "error");
    assert_eq!(
        f["message"],
        "module.sns.aws_sns_topic.billing_alerts: topic photo-editor-prod-billing-alerts is not encrypted with a customer-managed KMS key (kms_master_key_id = null)"
    );
    assert_eq!(f["fix"], "set kms_master_key_id = aws_kms_key.<key>.arn");
    // Every example rule applied and is listed with its counts; the built-ins are unchanged.
    let rules = v["rules"].as_array().unwrap();
    let counts = |id: &str| {
        let r = rules.iter().find(|r| r["id"] == id).unwrap();
        (
            r["checked"].as_u64().unwrap(),
            r["passed"].as_u64().unwrap(),
            r["failed"].as_u64().unwrap(),
            r["unresolved"].as_u64().unwrap(),
        )
    };
    assert_eq!(counts("ORG001"), (1, 1, 0, 0)); // the final bucket
    assert_eq!(counts("ORG002"), (1, 1, 0, 0));
    assert_eq!(counts("ORG003"), (2, 2, 0, 0)); // two checks on the temp bucket
    assert_eq!(counts("ORG004"), (9, 8, 1, 0)); // 4 queues, 3 topics, 2 tables
    assert_eq!(counts("ORG005"), (2, 2, 0, 0));
    assert_eq!(counts("ORG006"), (1, 1, 0, 0));
    assert_eq!(counts("ORG007"), (4, 4, 0, 0)); // 2 DLQs, 2 source queues
    let builtin = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap().starts_with("PE"))
        .count();
    assert_eq!(builtin, 8);
}

#[test]
fn human_output_explain_and_list_rules_show_custom_rules() {
    let out = bin()
        .args([
            "testdata/photo-editor/infrastructure",
            "--no-color",
            "--rules",
            "rules/examples",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ORG004 customer-managed-kms"), "{text}");
    let out = bin()
        .args(["--rules", "rules/examples", "--explain", "org007"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("# ORG007 queue-alarms"), "{text}");
    assert!(
        text.contains("## Checks") && text.contains("check \"aws_sqs_queue\""),
        "{text}"
    );
    let out = bin()
        .args(["--rules", "rules/examples", "--list-rules"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("PE008") && text.contains("ORG001  final-bucket-versioned"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// test-rules

#[test]
fn test_rules_passes_on_the_shipped_rules() {
    for dir in ["rules/examples", "rules"] {
        let out = bin().args(["test-rules", dir]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{text}");
        assert!(!text.contains("FAIL"), "{text}");
        let total = text.lines().last().unwrap();
        assert!(total.starts_with("PASS: "), "{text}");
    }
}

#[test]
fn test_rules_reports_failing_examples() {
    let dir = write_tree(&[
        (
            "r.hcl",
            &rule(
                "ORG1",
                r#"
  check "aws_sqs_queue" {
    assert = self.kms_master_key_id != null
  }
  example "pass" {
    code = <<-EOT
      resource "aws_sqs_queue" "q" {}
    EOT
  }
  example "fail" {
    code = <<-EOT
      resource "aws_sqs_queue" "q" {}
    EOT
  }
"#,
            ),
        ),
        (
            "r.extra.pass.tf",
            "resource \"aws_sqs_queue\" \"q\" {\n  kms_master_key_id = \"k\"\n}\n",
        ),
    ]);
    let out = bin().arg("test-rules").arg(dir.path()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("  FAIL  ORG1 test-rule  example \"pass\""),
        "{text}"
    );
    assert!(
        text.contains("fail       aws_sqs_queue.q (line 1 of the example)"),
        "{text}"
    );
    assert!(
        text.contains("  ok    ORG1 test-rule  example \"fail\""),
        "{text}"
    );
    assert!(
        text.contains("  ok    ORG1 test-rule  example \"pass\" ("),
        "{text}"
    );
    assert!(text.contains("r.extra.pass.tf"), "{text}");
    assert!(text.ends_with("FAIL: 1/3\n"), "{text}");
    // A broken rule file: exit code 2.
    let dir = write_tree(&[("r.hcl", "rule \"ORG1\" {\n")]);
    assert_exit(bin().arg("test-rules").arg(dir.path()), 2);
}

#[test]
fn load_dirs_accepts_files_and_directories() {
    let mut sources = Sources::default();
    let (rules, diags) = custom::load_dirs(
        &[
            PathBuf::from("rules/examples/ORG001-final-bucket-versioned.hcl"),
            PathBuf::from("rules/examples"),
        ],
        &mut sources,
    );
    // The file is loaded twice: the second copy of ORG001 is a duplicate.
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(rules.len(), 7);
    assert!(rules
        .iter()
        .all(|r| r.file.is_some() && !r.examples.is_empty()));
}

// ---------------------------------------------------------------------------------------------
// Configuration, suppressions and the other report formats

const TOPIC_RULE: &str = r#"rule "ORG1" {
  name        = "topic-kms"
  severity    = "error"
  summary     = "topics use our key"
  requirement = "SNS topics are encrypted with a customer-managed key"
  remediation = "Set kms_master_key_id."

  check "aws_sns_topic" {
    assert = refers_to(self.kms_master_key_id, "aws_kms_key")
    at     = "kms_master_key_id"
  }
}
"#;

const TAGGED: &str = r#"provider "aws" {
  default_tags {
    tags = { Project = "p", Env = "prod", Owner = "o", CostCenter = "c" }
  }
}
"#;

#[test]
fn configuration_rules_dirs_severity_and_suppressions() {
    let tree = write_tree(&[
        (
            ".pe-lint.hcl",
            "rules_dirs = [\"policies\"]\n\nrule \"ORG1\" {\n  severity = \"warning\"\n}\n",
        ),
        ("policies/org1.hcl", TOPIC_RULE),
        (
            "main.tf",
            &format!("{TAGGED}\nresource \"aws_sns_topic\" \"t\" {{\n  name = \"t\"\n}}\n"),
        ),
    ]);
    let out = bin()
        .arg(tree.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["findings"].as_array().unwrap()[0];
    assert_eq!(
        (f["rule_id"].as_str(), f["status"].as_str()),
        (Some("ORG1"), Some("fail"))
    );
    assert_eq!(f["severity"], "warning");
    // A warning does not fail the run (fail_on = "error").
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    // --rules and rules_dirs naming the same directory load it once.
    assert_exit(
        bin()
            .arg(tree.path())
            .arg("--rules")
            .arg(tree.path().join("policies")),
        0,
    );

    // An inline suppression silences a custom rule like a built-in one.
    let tree = write_tree(&[
        ("policies/org1.hcl", TOPIC_RULE),
        (
            "main.tf",
            &format!(
                "{TAGGED}\n# pe-lint:ignore ORG1 reason=\"encrypted by the platform team's SCP\"\nresource \"aws_sns_topic\" \"t\" {{\n  name = \"t\"\n}}\n"
            ),
        ),
    ]);
    let out = bin()
        .arg(tree.path())
        .args(["--format", "json", "--rules"])
        .arg(tree.path().join("policies"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    let f = &v["findings"].as_array().unwrap()[0];
    assert_eq!(
        (f["rule_id"].as_str(), f["status"].as_str()),
        (Some("ORG1"), Some("suppressed"))
    );
}

#[test]
fn custom_findings_in_sarif_markdown_junit_and_github() {
    let tree = write_tree(&[
        ("policies/org1.hcl", TOPIC_RULE),
        (
            "main.tf",
            &format!("{TAGGED}\nresource \"aws_sns_topic\" \"t\" {{\n  name = \"t\"\n}}\n"),
        ),
    ]);
    let run = |format: &str| {
        let out = bin()
            .arg(tree.path())
            .args(["--format", format, "--rules"])
            .arg(tree.path().join("policies"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let driver = &sarif["runs"][0]["tool"]["driver"];
    let rule = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ORG1")
        .unwrap();
    assert_eq!(rule["name"], "topic-kms");
    assert_eq!(
        rule["shortDescription"]["text"],
        "SNS topics are encrypted with a customer-managed key"
    );
    assert!(rule.get("helpUri").is_none(), "{rule:#}");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "ORG1");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        7
    );
    let md = run("markdown");
    assert!(md.contains("ORG1 topic-kms"), "{md}");
    assert!(
        md.contains("SNS topics are encrypted with a customer-managed key"),
        "{md}"
    );
    let junit = run("junit");
    assert!(junit.contains("ORG1 topic-kms"), "{junit}");
    let github = run("github");
    assert!(github.contains("ORG1 topic-kms"), "{github}");
}
