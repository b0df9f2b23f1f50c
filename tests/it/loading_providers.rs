//! Which provider configuration a resource gets, and what its tags become there.
//!
//! Planned offline with `shared/tools/tf-plan-json` (Terraform, AWS provider 5.100.0): a
//! default `aws` with `default_tags { Project, Owner, "team:x" }` and
//! `ignore_tags { keys = ["Owner"], key_prefixes = ["team:"] }` gave a queue with
//! `tags = { Env, Owner, "team:y" }` the `tags_all` `{ Env, Project }`: ignored keys are left
//! out of default and own tags alike. A child called with `providers = { aws.other = aws.west }`
//! still inherited the default `aws` for its other resources.

use crate::loading_override::{f, findings, run, TAGS};

const KEY: &str = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n";

fn provider(extra: &str) -> String {
    format!("provider \"aws\" {{\n  default_tags {{\n    tags = {TAGS}\n  }}\n{extra}}}\n{KEY}")
}

/// `ignore_tags { keys = ["Owner"] }`: the provider never applies `Owner`, so the key fails
/// PE006. Before, the default tags counted whole.
#[test]
fn ignored_tag_keys_are_not_effective_tags() {
    let (v, code) = run(&[("main.tf", &provider(""))], &[]);
    assert_eq!((code, findings(&v)), (0, vec![]), "{v:#}");
    let text = provider("  ignore_tags {\n    keys = [\"Owner\"]\n  }\n");
    let (v, code) = run(&[("main.tf", &text)], &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE006", "aws_kms_key.k", "main.tf", 9, "fail")]
    );
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .ends_with("missing cost tag Owner"),
        "{v:#}"
    );
}

/// By prefix too, and for the resource's own tags as well as the defaults.
#[test]
fn ignored_tag_prefixes_apply_to_own_tags_too() {
    let text = format!(
        "provider \"aws\" {{\n  ignore_tags {{\n    key_prefixes = [\"Cost\"]\n  }}\n}}\nresource \"aws_kms_key\" \"k\" {{\n  enable_key_rotation = true\n  tags = {TAGS}\n}}\n"
    );
    let (v, code) = run(&[("main.tf", &text)], &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE006", "aws_kms_key.k", "main.tf", 8, "fail")]
    );
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("missing cost tag CostCenter"),
        "{v:#}"
    );
}

/// A `providers` map in JSON syntax names its configuration as a string (`"aws.tagged"`):
/// the child's key gets the tagged configuration. Before, the string was not read and the
/// child fell back to the untagged default.
#[test]
fn a_json_providers_map_passes_the_named_configuration() {
    let root = format!(
        r#"{{
  "provider": {{"aws": [{{"region": "eu-west-1"}}, {{"alias": "tagged", "default_tags": [{{"tags": {}}}]}}]}},
  "module": {{"m": {{"source": "./m", "providers": {{"aws": "aws.tagged"}}}}}}
}}"#,
        r#"{"Project": "p", "Env": "dev", "Owner": "o", "CostCenter": "c"}"#
    );
    let (v, code) = run(&[("main.tf.json", &root), ("m/main.tf", KEY)], &[]);
    assert_eq!((code, findings(&v)), (0, vec![]), "{v:#}");
}

/// Through two levels of modules: the grandchild inherits what its parent was given, and an
/// untagged configuration reaches only the resources that use it.
#[test]
fn provider_configurations_follow_calls_at_any_depth() {
    let root = format!(
        "provider \"aws\" {{\n  region = \"eu-west-1\"\n}}\nprovider \"aws\" {{\n  alias = \"tagged\"\n  default_tags {{\n    tags = {TAGS}\n  }}\n}}\nmodule \"a\" {{\n  source    = \"./a\"\n  providers = {{ aws = aws.tagged }}\n}}\nmodule \"u\" {{\n  source = \"./b\"\n}}\n"
    );
    let a = "module \"b\" {\n  source = \"../b\"\n}\n";
    let (v, code) = run(
        &[("main.tf", &root), ("a/main.tf", a), ("b/main.tf", KEY)],
        &[],
    );
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE006", "module.u.aws_kms_key.k", "main.tf", 1, "fail")],
        "{v:#}"
    );
}
