//! Pass counts count only what a rule really checked (#20 item 19): a trust policy, a resource
//! policy (bucket, queue, KMS key policy, from a document or inline) and a generic role's trust
//! policy are not PE008 passes, in any report format. The one identity policy is.

use serde_json::Value;

use crate::common::{pe_lint, write_tree};

const TREE: &str = r#"
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}

resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

resource "aws_s3_bucket_policy" "p" {
  bucket = "photo-editor-b"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::photo-editor-b/*" }] })
}

resource "aws_sqs_queue_policy" "q" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/123456789012/q"
  policy    = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:us-east-1:123456789012:q" }] })
}

resource "aws_cloudcontrolapi_resource" "role" {
  type_name = "AWS::IAM::Role"
  desired_state = jsonencode({
    AssumeRolePolicyDocument = { Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] }
  })
}

resource "aws_iam_role_policy" "ok" {
  role   = aws_iam_role.r.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::photo-editor-b/*" }] })
}
"#;

#[test]
fn pe008_passes_are_identity_policies_only_in_every_format() {
    let tree = write_tree(&[("main.tf", TREE)]);
    let dir = tree.path();
    let out = pe_lint()
        .current_dir(dir)
        .args(["--env", "prod", "--check", "PE008", "--format", "human"])
        .args(["--format", "json:r.json", "--format", "sarif:r.sarif"])
        .args(["--format", "markdown:r.md", "--format", "junit:r.xml", "."])
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{human}");
    assert!(
        human.contains("no failures, 0 unresolved, 0 suppressed, 1 passed;"),
        "{human}"
    );

    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("r.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["pass"], 1);
    let pe008 = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "PE008")
        .unwrap();
    assert_eq!(pe008["checked"], 1, "{pe008}");

    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("r.sarif")).unwrap()).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(0)
    );

    let md = std::fs::read_to_string(dir.join("r.md")).unwrap();
    assert!(
        md.contains("| Checks | 0 failed, 0 unresolved, 0 suppressed, 1 passed |"),
        "{md}"
    );
    assert!(md.contains("1 checked, 1 passed, 0 failed"), "{md}");

    let junit = std::fs::read_to_string(dir.join("r.xml")).unwrap();
    assert!(
        junit.contains(r#"<testsuite name="PE008 iam-no-wildcards" tests="1" failures="0""#),
        "{junit}"
    );
    assert_eq!(junit.matches("classname=\"PE008.").count(), 1, "{junit}");
    assert!(
        junit.contains(r#"<testcase name="aws_iam_role_policy.ok""#),
        "{junit}"
    );
}

/// A stack whose template pe-lint cannot read is *not checked*: reported as unresolved under
/// every rule that could apply, never a pass; `--strict` fails the run on it (#20 item 17).
#[test]
fn an_unreadable_generic_resource_is_not_checked_and_strict_fails_it() {
    let tree = write_tree(&[(
        "main.tf",
        r#"
resource "aws_cloudformation_stack" "yaml" {
  name          = "keys"
  tags          = { Project = "p", Env = "prod", Owner = "o", CostCenter = "c" }
  template_body = "Resources: [unclosed"
}
"#,
    )]);
    let run = |strict: bool| {
        let mut cmd = pe_lint();
        cmd.current_dir(tree.path())
            .args(["--env", "prod", "--format", "json"]);
        if strict {
            cmd.arg("--strict");
        }
        let out = cmd.arg(".").output().unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), json)
    };
    let (code, json) = run(false);
    assert_eq!(code, Some(0), "{json}");
    let mut found: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    let want: Vec<(String, String)> = [
        "PE001", "PE002", "PE003", "PE004", "PE005", "PE007", "PE008",
    ]
    .iter()
    .map(|r| (r.to_string(), "unresolved".to_string()))
    .collect();
    assert_eq!(found, want, "{json}");
    assert!(json["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not checked: its template is neither JSON nor YAML"));
    let (code, json) = run(true);
    assert_eq!(code, Some(1), "{json}");
}
