//! Terraform's JSON syntax as CDK for Terraform writes it (`cdk.tf.json`): `//` comment keys,
//! `"provider": {"aws": [{...}]}` with `default_tags` as an array, `dynamic` blocks with an
//! `iterator`, a `terraform` block with a backend.
//!
//! `testdata/loading/cdktf/cdk.tf.json` was planned offline with `shared/tools/tf-plan-json`
//! (Terraform, AWS provider 5.100.0; the `local` backend removed, as the tool needs): every
//! resource's `tags_all` held the four default tags, `aws_iam_role` had the one
//! `inline_policy` of its `dynamic` block and the function `vpc_config = []`. A block type given
//! twice as a repeated key planned as two `inline_policy` blocks.

use crate::common::{json_run, pe_lint, repo};
use crate::loading_override::{diag_codes, f, findings};
use serde_json::Value;

fn fixture() -> String {
    std::fs::read_to_string(repo().join("testdata/loading/cdktf/cdk.tf.json")).unwrap()
}

fn run_json(text: &str) -> (Value, i32) {
    let dir = crate::common::write_tree(&[("cdk.tf.json", text)]);
    json_run(
        &mut pe_lint(),
        &[dir.path().to_str().unwrap(), "--env", "dev"],
    )
}

/// The synthesised stack passes every rule, as its plan does: before, the provider's
/// `default_tags` (an array in JSON) were ignored and all six taggable resources failed PE006.
#[test]
fn a_cdktf_stack_is_read_like_terraform() {
    let (v, code) = run_json(&fixture());
    assert_eq!(
        (code, findings(&v), diag_codes(&v)),
        (0, vec![], vec![]),
        "{v:#}"
    );
    assert_eq!(v["summary"]["pass"], 14, "{v:#}");
}

/// A `dynamic` block in JSON is expanded: an admin statement in its `for_each` fails PE008.
/// Before, JSON `dynamic` blocks were dropped and the role passed.
#[test]
fn a_json_dynamic_block_is_expanded() {
    let text = fixture().replace(
        "\"policy\": \"${data.aws_iam_policy_document.read_uploads_6F1A2B3C.json}\"",
        "\"policy\": \"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":\\\"*\\\"}]}\"",
    );
    let (v, code) = run_json(&text);
    assert_eq!(code, 1, "{v:#}");
    let fs = findings(&v);
    assert_eq!(fs.len(), 1, "{v:#}");
    assert_eq!(
        (fs[0].0.as_str(), fs[0].1.as_str(), fs[0].4.as_str()),
        ("PE008", "aws_iam_role.worker_role_9E8D7C6B", "fail")
    );
}

const ADMIN_JSON: &str = r#"{"name": "admin", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}"#;
const READ_JSON: &str =
    r#"{"name": "read", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}"}"#;

fn role_with(members: &str) -> String {
    format!(
        r#"{{"resource": {{"aws_iam_role": {{"r": {{
  "name": "r",
  "assume_role_policy": "{{}}",
  "tags": {{"Project": "p", "Env": "dev", "Owner": "o", "CostCenter": "c"}},
  {members}
}}}}}}}}"#
    )
}

/// A block type given as a repeated key is several blocks (Terraform planned both): the admin
/// one first must not be hidden by a later benign one. Before, the last key won.
#[test]
fn a_repeated_block_key_is_several_blocks() {
    let text = role_with(&format!(
        "\"inline_policy\": {ADMIN_JSON},\n  \"inline_policy\": {READ_JSON}"
    ));
    let (v, code) = run_json(&text);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE008", "aws_iam_role.r", "cdk.tf.json", 5, "fail")],
        "{v:#}"
    );
}

/// And as an array of objects, the same.
#[test]
fn a_block_array_is_several_blocks() {
    let text = role_with(&format!("\"inline_policy\": [{READ_JSON}, {ADMIN_JSON}]"));
    let (v, code) = run_json(&text);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE008", "aws_iam_role.r", "cdk.tf.json", 5, "fail")],
        "{v:#}"
    );
}

/// A repeated argument that cannot be a block is rejected by Terraform ("Duplicate
/// argument"): an error naming the file and line, exit 2, never the later value.
#[test]
fn a_repeated_argument_is_an_error() {
    let text = fixture().replace(
        "\"reserved_concurrent_executions\": 5,",
        "\"reserved_concurrent_executions\": -1,\n        \"reserved_concurrent_executions\": 5,",
    );
    let (v, code) = run_json(&text);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(diag_codes(&v), vec!["parse-error"], "{v:#}");
    assert_eq!(v["diagnostics"][0]["line"], 131, "{v:#}");
}

/// `1e999` is a number Terraform holds exactly but pe-lint cannot: an error at its line, not
/// infinity (which passed "reserved concurrency >= 0").
#[test]
fn a_number_out_of_range_is_an_error() {
    let text = fixture().replace(
        "\"reserved_concurrent_executions\": 5,",
        "\"reserved_concurrent_executions\": 1e999,",
    );
    let (v, code) = run_json(&text);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(diag_codes(&v), vec!["parse-error"], "{v:#}");
    assert_eq!(v["diagnostics"][0]["line"], 130, "{v:#}");
    assert!(v["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("number out of range"));
}

/// A finding on a JSON resource points at the resource's own key (`"jobs_5E6F7A8B": {`), not
/// at the line of its type (`"aws_sqs_queue": {`).
#[test]
fn a_json_finding_points_at_the_resource_key() {
    let text = fixture().replace(
        "        \"name\": \"photo-jobs\",\n        \"redrive_policy\": \"${jsonencode({\\\"deadLetterTargetArn\\\" = aws_sqs_queue.dlq_1A2B3C4D.arn, \\\"maxReceiveCount\\\" = 3})}\"\n",
        "        \"name\": \"photo-jobs\"\n",
    );
    assert_ne!(text, fixture());
    let (v, code) = run_json(&text);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![
            f(
                "PE003",
                "aws_sqs_queue.dlq_1A2B3C4D",
                "cdk.tf.json",
                136,
                "fail"
            ),
            f(
                "PE003",
                "aws_sqs_queue.jobs_5E6F7A8B",
                "cdk.tf.json",
                145,
                "fail"
            ),
        ],
        "{v:#}"
    );
}
