//! Not applicable is not pass: a rule's pass count holds only what it really checked. PE008
//! passes neither trust policies nor policy documents used only as resource policies.

use super::common::*;

const TREE: &[u8] = br#"
data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}

resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:us-east-1:123456789012:jobs" }]
  })
}
"#;

#[test]
fn pe008_counts_only_identity_policies() {
    let dir = tree(&[("main.tf", TREE)]);
    let r = pe_lint(&[&dir.path(), &"--format", &"json"], &[]);
    let report = r.json();
    let pe008 = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "PE008")
        .unwrap()
        .clone();
    // Only aws_iam_role_policy.p: the key policy document and the trust document are not
    // identity policies.
    assert_eq!(
        (
            &pe008["checked"],
            &pe008["passed"],
            &pe008["failed"],
            &pe008["unresolved"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!(0),
            &serde_json::json!(0)
        ),
        "{pe008}"
    );
}
