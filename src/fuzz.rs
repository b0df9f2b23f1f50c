//! The whole pipeline on one input held in memory, for the fuzz targets in `fuzz/` and the
//! random-input test in `tests/it/fuzz_harness.rs`: the input becomes a file of a root module
//! held in memory and goes through [`crate::pipeline::check_memory`], the command line's
//! pipeline (decode, parse, the configuration, variables, evaluate, rules, suppressions), and
//! every report format is rendered. The root lies in a directory that does not exist, so file
//! functions find nothing to read; nothing is shared between calls.

use crate::diag::Diagnostic;
use crate::limits::LimitArg;
use crate::lint::MemoryTree;
use crate::pipeline::{self, Error, Options};
use crate::terraform::vars::CliVar;
use crate::types::Format;

/// What the bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A `.tf` file: the only file of a root module.
    Tf,
    /// A `.tf.json` file: the only file of a root module.
    TfJson,
    /// A `terraform.tfvars` file for a fixed root module (its first line is also given as
    /// `-var x=...` and `-var queues=...`).
    Tfvars,
    /// A `terraform.tfvars.json` file for the same module.
    TfvarsJson,
    /// A `.pe-lint.hcl` configuration file, applied to a run on the same module.
    Config,
    /// Comment text: each line parsed as a suppression comment on its own, and placed as a
    /// comment before and beside the blocks and attributes of a fixed module.
    Suppressions,
}

/// The result of one run, for assertions.
pub struct Outcome {
    /// The exit code the CLI would return.
    pub exit_code: u8,
    pub diagnostics: Vec<Diagnostic>,
    pub json: String,
    pub human: String,
}

/// The directory the input pretends to live in. It does not exist, so file functions find
/// nothing to read.
pub const ROOT: &str = "/nonexistent/pe-lint-fuzz";

/// The root module the tfvars kinds set variables of.
const VARS_MODULE: &str = r#"
variable "x" {}
variable "n" {
  type    = number
  default = 1
}
variable "environment" {
  type    = string
  default = "dev"
}
variable "tags" {
  type    = map(string)
  default = {}
}
variable "queues" {
  type = list(object({ name = string, dlq = optional(bool, false) }))
  default = []
}
provider "aws" {
  default_tags {
    tags = var.tags
  }
}
resource "aws_kms_key" "k" {
  count               = var.n
  description         = var.x
  enable_key_rotation = var.environment == "prod"
}
resource "aws_sqs_queue" "q" {
  for_each = { for q in var.queues : q.name => q }
  name     = each.key
  tags     = merge(var.tags, { Env = var.environment })
}
resource "aws_cloudwatch_log_group" "l" {
  retention_in_days = var.n
}
"#;

/// Limits lower than the CLI's defaults, so that each run is fast; the code paths are the same.
const LIMITS: &[(&str, u64)] = &[
    ("eval-steps", 2_000_000),
    ("instances", 1_000),
    ("string-length", 1 << 20),
    ("collection-length", 100_000),
];

/// Run the pipeline on `data`, on a thread with the stack the CLI's threads have (a panic
/// propagates to the caller).
pub fn check_bytes(kind: Kind, data: &[u8]) -> Outcome {
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .stack_size(crate::guard::STACK_SIZE)
            .spawn_scoped(s, || check_here(kind, data));
        match worker {
            Ok(w) => w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => check_here(kind, data),
        }
    })
}

fn check_here(kind: Kind, data: &[u8]) -> Outcome {
    let lossy = String::from_utf8_lossy(data).into_owned();
    let module = || ("main.tf".to_string(), VARS_MODULE.as_bytes().to_vec());
    let input = |name: &str| (name.to_string(), data.to_vec());
    let files = match kind {
        Kind::Tf => vec![input("main.tf")],
        Kind::TfJson => vec![input("main.tf.json")],
        Kind::Tfvars => vec![module(), input("terraform.tfvars")],
        Kind::TfvarsJson => vec![module(), input("terraform.tfvars.json")],
        Kind::Config => vec![module(), input(crate::config::FILE_NAME)],
        Kind::Suppressions => {
            // The directive parser on its own too: every line, and the text as one comment.
            for line in lossy.lines() {
                let _ = crate::suppress::parse_comment(line);
            }
            let _ = crate::suppress::parse_comment(&lossy);
            // The text as a file: its comments, as the parse finds them, read as directives.
            if let Ok((_, comments)) = crate::parse::parse_hcl_with_comments(&lossy) {
                for c in &comments {
                    let _ = crate::suppress::parse_comment(c.body(&lossy));
                }
            }
            vec![("main.tf".to_string(), with_comments(&lossy).into_bytes())]
        }
    };
    let mut opts = Options {
        limits: LIMITS
            .iter()
            .map(|&(name, value)| LimitArg { name, value })
            .collect(),
        ..Options::default()
    };
    if matches!(kind, Kind::Tfvars | Kind::TfvarsJson) {
        // The first line is also a `-var` value, and `n` comes from the environment.
        let first_line = lossy.lines().next().unwrap_or("").to_string();
        opts.vars = vec![CliVar::Var("x".into(), first_line)];
        opts.tf_vars = vec![("n".into(), "3".into())];
    }
    let tree = MemoryTree {
        dir: ROOT.into(),
        files,
    };
    match pipeline::check_memory(&opts, tree, None) {
        Ok(report) => reports(&report),
        Err(Error::Config(failure)) => {
            let model = crate::terraform::Model::default();
            let view = failure.view(&model, false, None);
            Outcome {
                exit_code: view.exit_code(),
                json: crate::report::render_format(Format::Json, &view),
                human: crate::report::render_format(Format::Human, &view),
                diagnostics: failure.diagnostics,
            }
        }
        // A panic past the pipeline's own boundaries is what the fuzzer looks for.
        Err(e) => panic!("{e}"),
    }
}

/// Every report format and the `inspect` view of a finished run.
fn reports(report: &pipeline::Report) -> Outcome {
    let _ = serde_json::to_string(&crate::inspect::render(&report.loaded));
    for format in [
        Format::Sarif,
        Format::Markdown,
        Format::Github,
        Format::Junit,
    ] {
        let _ = report.render(format);
    }
    Outcome {
        exit_code: report.exit_code(),
        diagnostics: report.loaded.diagnostics.clone(),
        json: report.render(Format::Json),
        human: report.render(Format::Human),
    }
}

/// A fixed module with the lines of `text` as comments before and beside its blocks and
/// attributes, and in a block comment.
fn with_comments(text: &str) -> String {
    const BLOCKS: &[(&str, &str)] = &[
        (
            "resource \"aws_kms_key\" \"k\" {",
            "  enable_key_rotation = false",
        ),
        ("resource \"aws_sqs_queue\" \"q\" {", "  name = \"q\""),
        ("resource \"aws_s3_bucket\" \"b\" {", "  bucket = \"b\""),
        (
            "resource \"aws_lambda_function\" \"f\" {",
            "  function_name = \"f\"",
        ),
        (
            "data \"aws_iam_policy_document\" \"p\" {",
            "  statement {\n    actions = [\"*\"]\n    resources = [\"*\"]\n  }",
        ),
    ];
    let mut out = String::new();
    let mut lines = text.lines().map(|l| l.replace(['\r', '\n'], " "));
    for (header, attr) in BLOCKS {
        for prefix in ["# ", "// "] {
            if let Some(l) = lines.next() {
                out.push_str(&format!("{prefix}{l}\n"));
            }
        }
        out.push_str(header);
        match lines.next() {
            Some(l) => out.push_str(&format!(" # {l}\n")),
            None => out.push('\n'),
        }
        out.push_str(attr);
        match lines.next() {
            Some(l) => out.push_str(&format!(" // {l}\n")),
            None => out.push('\n'),
        }
        out.push_str("}\n");
    }
    let rest: Vec<String> = lines.collect();
    if !rest.is_empty() {
        let rest = rest.join("\n").replace("*/", "* /");
        out.push_str(&format!("/* {rest} */\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_runs_the_pipeline() {
        let o = check_bytes(
            Kind::Tf,
            b"resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n",
        );
        assert_eq!(o.exit_code, 1, "{}", o.json);
        assert!(o.json.contains("aws_kms_key.k") && o.human.contains("PE001"));
        let o = check_bytes(Kind::TfJson, br#"{"resource": {"aws_kms_key": {"k": {}}}}"#);
        assert_eq!(o.exit_code, 1, "{}", o.json);
        let o = check_bytes(Kind::Tfvars, b"x = \"a\"\nenvironment = \"prod\"\nn = 2\n");
        assert!(o.json.contains("aws_kms_key.k[1]"), "{}", o.json);
        let o = check_bytes(Kind::TfvarsJson, br#"{"queues": [{"name": "a"}]}"#);
        assert!(o.json.contains("aws_sqs_queue.q[\\\"a\\\"]"), "{}", o.json);
        let o = check_bytes(Kind::Tf, b"\xff\x00");
        assert_eq!(o.exit_code, 2);
        let o = check_bytes(Kind::Config, b"rule \"PE001\" {\n  enabled = false\n}\n");
        assert!(!o.json.contains("\"PE001\", \"status\""), "{}", o.json);
        let o = check_bytes(Kind::Config, b"nonsense = 1\n");
        assert_eq!(o.exit_code, 2, "{}", o.json);
        let o = check_bytes(
            Kind::Suppressions,
            b"\n\n\npe-lint:ignore PE001 reason=\"accepted\"\n",
        );
        assert!(o.json.contains("accepted"), "{}", o.json);
    }
}
