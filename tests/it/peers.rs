//! Peer conformance: run pe-lint on Checkov's and tfsec/Trivy/TFLint's fixtures for the checks
//! that match our requirements, and compare verdicts. Every disagreement must be listed below
//! with the reason (and in the rule's "Known differences" documentation); anything else fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pe_lint::internals::lint::{load, Options};
use pe_lint::internals::rules::{self, Settings, Status};

fn peer_root() -> Option<PathBuf> {
    crate::common::shared("peer-suites")
}

/// Verdict per address (index suffix stripped, `data.` removed as Checkov reports it).
/// `None` when pe-lint could not read the configuration (a parse error: exit 2).
fn verdicts(dir: &Path, rule: &str, settings: &Settings) -> Option<BTreeMap<String, Status>> {
    let loaded = load(&Options::new(vec![dir.to_path_buf()]));
    if loaded
        .diagnostics
        .iter()
        .any(|d| d.is_error() && d.code == "parse-error")
    {
        return None;
    }
    let vs = rules::run(&loaded.model, settings, &loaded.sources)
        .unwrap_or_else(|e| panic!("{}", e.message));
    let mut out: BTreeMap<String, Status> = BTreeMap::new();
    for v in vs.into_iter().filter(|v| v.rule_id == rule) {
        let addr = v
            .address
            .split('[')
            .next()
            .unwrap_or("")
            .trim_start_matches("data.")
            .to_string();
        let e = out.entry(addr).or_insert(Status::Pass);
        // Fail wins over unresolved wins over pass across instances.
        if v.status == Status::Fail || (v.status == Status::Unresolved && *e == Status::Pass) {
            *e = v.status;
        }
    }
    Some(out)
}

fn rule_for(requirement: u64) -> &'static str {
    [
        "", "PE001", "PE002", "PE003", "PE004", "PE005", "PE006", "PE007", "PE008",
    ][requirement as usize]
}

/// (peer case, address prefix, why pe-lint deliberately disagrees). Mirrored in the rules'
/// "Known differences" documentation.
const KNOWN_CHECKOV: &[(&str, &str, &str)] = &[
    ("CKV2_AWS_6", "aws_s3_bucket.bucket_good_1", "PE002 requires all four flags; Checkov only two"),
    ("CKV_AWS_53", "aws_s3_bucket_public_access_block.", "PE002 reports on the bucket's address, not the block's"),
    ("CKV_AWS_54", "aws_s3_bucket_public_access_block.", "PE002 reports on the bucket's address, not the block's"),
    ("CKV_AWS_55", "aws_s3_bucket_public_access_block.", "PE002 reports on the bucket's address, not the block's"),
    ("CKV_AWS_56", "aws_s3_bucket_public_access_block.", "PE002 reports on the bucket's address, not the block's"),
    ("CKV_AWS_66", "aws_cloudwatch_log_group.pass", "PE005 requires the environment's exact retention (prod 90), not any retention"),
    ("CKV_AWS_338", "aws_cloudwatch_log_group.pass_", "PE005 requires prod 90 days; CKV_AWS_338 wants a year or more; 0 means never expire"),
    ("CKV_AWS_117", "aws_lambda_function.fail", "CKV_AWS_117 wants every Lambda in a VPC: the opposite of PE007"),
    ("CKV_AWS_1 ", "aws_iam_policy_document.", "the fixture is not valid HCL (a block inside an object literal): pe-lint reports a parse error, exit 2"),
    ("CKV_AWS_49", "aws_iam_policy_document.", "the fixture is not valid HCL (a block inside an object literal): pe-lint reports a parse error, exit 2"),
    ("CKV_AWS_107", "aws_iam_policy_document.pass", "Checkov looks for credential-exposure actions only; PE008 fails Resource \"*\" on scoped actions"),
    ("CKV_AWS_108", "aws_iam_policy_document.pass", "Checkov looks for data-exfiltration actions only; PE008 fails Resource \"*\" on scoped actions"),
    ("CKV_AWS_109", "aws_iam_policy_document.pass", "Checkov looks for permissions-management actions only; PE008 fails Resource \"*\" on scoped actions"),
    ("CKV_AWS_110", "aws_iam_policy_document.pass", "Checkov looks for privilege-escalation actions only; PE008 fails Resource \"*\" on scoped actions"),
    ("CKV_AWS_111", "aws_iam_policy_document.restrictable", "PE008 fails service wildcards such as s3:*"),
    ("CKV_AWS_287", "aws_iam_policy.pass", "Checkov looks for credential-exposure actions only; PE008 fails Resource \"*\" on scoped actions"),
    ("CKV_AWS_288", "aws_iam_policy.pass", "Checkov looks for data-exfiltration actions only; PE008 fails Resource \"*\" on scoped actions"),
    ("CKV_AWS_289", "aws_iam_policy.pass", "Checkov looks for permissions-management actions only; PE008 fails Resource \"*\" on scoped actions"),
    ("CKV_AWS_290", "aws_iam_policy.restrictable", "PE008 fails service wildcards such as s3:*"),
    ("CKV_AWS_355", "", "PE008 fails partial action wildcards (ec2:Describe*) and instance/* resources"),
    ("CKV_AWS_356", "aws_iam_policy_document.pass", "PE008 fails s3:* and arn:aws:s3:::*; a Condition does not exempt Resource \"*\""),
    ("CKV_AWS_62", "", "PE008 fails partial action wildcards (s3:Get*); Checkov only the bare \"*\""),
    ("CKV_AWS_63", "", "PE008 fails service and partial action wildcards; Checkov only the bare \"*\""),
    ("CKV2_AWS_40", "", "PE008 fails every action wildcard (s3:*, ec2:Describe*); CKV2_AWS_40 only iam:* and *"),
];
const KNOWN_FILES: &[(&str, &str)] = &[
    ("AVD-AWS-0065/good_2.tf", "PE001 decides applicability by customer_master_key_spec only; key_usage = SIGN_VERIFY with the default (symmetric) spec is rejected by AWS"),
    ("AVD-AWS-0094/good_", "PE002 requires all four flags, not only an attached block"),
    ("AVD-AWS-0086/good_1.tf", "PE002 requires all four flags, not only block_public_acls"),
    ("AVD-AWS-0087/good_1.tf", "PE002 requires all four flags, not only block_public_policy"),
    ("AVD-AWS-0091/good_1.tf", "PE002 requires all four flags, not only ignore_public_acls"),
    ("AVD-AWS-0093/good_", "PE002 requires all four flags, not only restrict_public_buckets"),
    ("tflint-aws_resource_missing_tags/good_4.tf", "the TFLint configuration excludes aws_autoscaling_group; PE006 has no per-type exclusion and checks an autoscaling group's `tag` blocks"),
    ("tflint-aws_resource_missing_tags/good_10.tf", "tags from a variable with no value are unresolved in pe-lint (fail closed); TFLint skips them"),
    ("AVD-AWS-0057/good_1.tf", "the resource `aws_s3_bucket.example.arn` names a resource the file does not declare (Terraform rejects it): PE008 takes only a declared resource's `arn` as a concrete ARN, so it is unresolved"),
    ("tflint-aws_resource_missing_tags/good_11.tf", "tags from a variable with no value are unresolved in pe-lint (fail closed); TFLint skips them"),
];

#[test]
fn checkov_fixtures() {
    let Some(root) = peer_root() else { return };
    let mut agree = 0;
    let mut disagreements = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("checkov"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let case = dir.file_name().unwrap().to_string_lossy().to_string();
        let exp: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let rule = rule_for(exp["requirement"].as_u64().unwrap());
        let settings = Settings {
            environment: Some(pe_lint::internals::cli::Env::Prod),
            ..Settings::default()
        };
        let got = verdicts(&dir, rule, &settings);
        for (want, list) in [(Status::Pass, &exp["pass"]), (Status::Fail, &exp["fail"])] {
            for addr in list.as_array().unwrap() {
                let addr = addr.as_str().unwrap();
                let mine = match &got {
                    None => "parse error",
                    Some(got) => got.get(addr).copied().unwrap_or(Status::Pass).as_str(),
                };
                if mine == want.as_str() {
                    agree += 1;
                } else {
                    disagreements.push(format!(
                        "{case} {addr}: checkov {} / pe-lint {mine}",
                        want.as_str()
                    ));
                }
            }
        }
    }
    report(
        "checkov",
        agree,
        &disagreements,
        KNOWN_CHECKOV
            .iter()
            .map(|(c, a, _)| format!("{} {a}", c.trim()))
            .collect(),
    );
}

#[test]
fn tfsec_trivy_tflint_fixtures() {
    let Some(root) = peer_root() else { return };
    let base = root.join("trivy-tflint");
    let index: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(base.join("index.json")).unwrap()).unwrap();
    let requirement = |check: &str| -> Option<u64> {
        Some(match check {
            "AVD-AWS-0065" => 1,
            "AVD-AWS-0094" | "AVD-AWS-0086" | "AVD-AWS-0087" | "AVD-AWS-0091" | "AVD-AWS-0093" => 2,
            "AVD-AWS-0057" | "AVD-AWS-0345" => 8,
            "USR-TFRAW-0001" | "tflint-aws_resource_missing_tags" => 6,
            _ => return None, // AVD-AWS-0097 is a queue resource policy, not an IAM policy
        })
    };
    let mut agree = 0;
    let mut disagreements = Vec::new();
    for case in &index {
        let check = case["check"].as_str().unwrap();
        let Some(req) = requirement(check) else {
            continue;
        };
        let rule = rule_for(req);
        let file = case["file"].as_str().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        std::fs::copy(base.join(file), tmp.path().join("main.tf")).unwrap();
        let mut settings = Settings {
            environment: Some(pe_lint::internals::cli::Env::Prod),
            ..Settings::default()
        };
        if let Some(cfg) = case["tflint_config"].as_str() {
            settings.required_tags = tags_from_tflint_config(cfg);
        }
        if check == "USR-TFRAW-0001" {
            settings.required_tags = vec!["Access".into(), "Owner".into()];
        }
        let got = verdicts(tmp.path(), rule, &settings).unwrap_or_default();
        let mine = if got.values().any(|s| *s == Status::Fail) {
            "fail"
        } else if got.values().any(|s| *s == Status::Unresolved) {
            "unresolved"
        } else {
            "pass"
        };
        let want = case["expect"].as_str().unwrap();
        if mine == want {
            agree += 1;
        } else {
            disagreements.push(format!("{file}: upstream {want} / pe-lint {mine}"));
        }
    }
    report(
        "tfsec/trivy/tflint",
        agree,
        &disagreements,
        KNOWN_FILES.iter().map(|(f, _)| f.to_string()).collect(),
    );
}

fn tags_from_tflint_config(cfg: &str) -> Vec<String> {
    let Some(start) = cfg.find("tags") else {
        return vec![];
    };
    let rest = &cfg[start..];
    let (Some(open), Some(close)) = (rest.find('['), rest.find(']')) else {
        return vec![];
    };
    rest[open + 1..close]
        .split(',')
        .map(|t| t.trim().trim_matches('"').to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn report(suite: &str, agree: usize, disagreements: &[String], known: Vec<String>) {
    let total = agree + disagreements.len();
    println!("{suite}: {agree}/{total} verdicts agree");
    for d in disagreements {
        println!("  differs: {d}");
    }
    let unexplained: Vec<&String> = disagreements
        .iter()
        .filter(|d| !known.iter().any(|k| d.starts_with(k.as_str())))
        .collect();
    assert!(
        unexplained.is_empty(),
        "{suite}: unexplained disagreements:\n{unexplained:#?}"
    );
}
