//! The whole pipeline on one input held in memory, for the fuzz targets in `fuzz/` and the
//! random-input test in `tests/it/fuzz_harness.rs`: decode, parse, build the module, read
//! variables and the configuration file, evaluate, run the rules, apply inline suppressions
//! and render every report format. Nothing touches the
//! file system (file functions see a tree that does not exist) and nothing is shared between
//! calls.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::parse::{self, FileKind, ParsedFile};
use crate::report::{self, Report};
use crate::rules::{self, Settings};
use crate::source::{SourceFile, Sources};
use crate::terraform::eval::EvalState;
use crate::terraform::instance::{EvalOptions, Evaluator};
use crate::terraform::vars::{self, Source, VarFile};
use crate::terraform::{self, Configs, EvalInput};

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
fn eval_options() -> EvalOptions {
    let mut o = EvalOptions::new(PathBuf::from(ROOT));
    o.max_steps = 2_000_000;
    o.max_instances = 1_000;
    o.max_string_len = 1 << 20;
    o.max_collection_len = 100_000;
    o
}

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
    let dir = PathBuf::from(ROOT);
    let mut sources = Sources::default();
    let mut diagnostics = Vec::new();
    let mut settings = Settings::default();
    let lossy = String::from_utf8_lossy(data).into_owned();
    let fixed = |text: String| (FileKind::Tf, text.into_bytes());
    let (config_name, (config_kind, config_bytes)) = match kind {
        Kind::Tf => ("main.tf", (FileKind::Tf, data.to_vec())),
        Kind::TfJson => ("main.tf.json", (FileKind::TfJson, data.to_vec())),
        Kind::Tfvars | Kind::TfvarsJson | Kind::Config => {
            ("main.tf", fixed(VARS_MODULE.to_string()))
        }
        Kind::Suppressions => ("main.tf", fixed(with_comments(&lossy))),
    };
    let config = parse_one(
        &dir.join(config_name),
        config_kind,
        config_bytes,
        &mut sources,
        &mut diagnostics,
    );
    let var_file = match kind {
        Kind::Tfvars => Some(("terraform.tfvars", FileKind::Tfvars)),
        Kind::TfvarsJson => Some(("terraform.tfvars.json", FileKind::TfvarsJson)),
        _ => None,
    }
    .map(|(name, k)| {
        parse_one(
            &dir.join(name),
            k,
            data.to_vec(),
            &mut sources,
            &mut diagnostics,
        )
    });
    let mut exclude = None;
    match kind {
        Kind::Config => {
            exclude = read_config(data, &dir, &mut sources, &mut diagnostics, &mut settings);
        }
        Kind::Suppressions => {
            for line in lossy.lines() {
                let _ = crate::suppress::parse_comment(line);
            }
            let _ = crate::suppress::parse_comment(&lossy);
            let _ = crate::suppress::hcl_comments(&lossy);
        }
        _ => {}
    }

    let model = evaluate_one(&dir, config, var_file.as_ref(), &lossy, &mut diagnostics);
    let loaded = crate::lint::Loaded {
        files_scanned: sources.len(),
        bytes_scanned: 0,
        sources,
        model,
        diagnostics,
        roots: vec![dir],
        scope: Default::default(),
    };
    rules_and_reports(loaded, &settings, exclude.as_ref())
}

/// The one-module root evaluated as a static run would, with the fuzzed var file (and its
/// first line as `-var` values) as its inputs.
fn evaluate_one(
    dir: &Path,
    config: ParsedFile,
    var_file: Option<&ParsedFile>,
    lossy: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> terraform::Model {
    let mut by_dir = BTreeMap::new();
    by_dir.insert(dir.to_path_buf(), vec![config]);
    let configs = Configs::build(by_dir);
    for c in configs.by_dir.values() {
        diagnostics.extend(c.diagnostics.iter().cloned());
    }
    let opts = eval_options();
    let mut root_inputs = BTreeMap::new();
    if let (Some(f), Some(module)) = (var_file, configs.by_dir.get(dir)) {
        // The first line is also given as `-var` values (lower precedence than the file here).
        let first_line = lossy.lines().next().unwrap_or("").to_string();
        let mut srcs = vec![
            Source::Raw("x".into(), first_line.clone(), "-var"),
            Source::Raw("queues".into(), first_line, "-var"),
        ];
        if let Some(body) = &f.body {
            srcs.push(Source::File(VarFile { file: f.file, body }));
        }
        let ev = Evaluator::new(
            &configs,
            &opts,
            module.clone(),
            EvalState::new(&opts),
            BTreeMap::new(),
        );
        let env = [("n".to_string(), "3".to_string())];
        let inputs = vars::root_inputs(&ev, &env, &srcs, diagnostics);
        diagnostics.extend(ev.state.diags.into_inner());
        root_inputs.insert(dir.to_path_buf(), inputs);
    }
    let input = EvalInput {
        configs: &configs,
        roots: vec![dir.to_path_buf()],
        opts,
        root_inputs,
    };
    let model = terraform::evaluate(&input);
    diagnostics.extend(model.diagnostics.iter().cloned());
    model
}

/// A `.pe-lint.hcl` of the fuzz input: its settings and exclusions apply to the run.
fn read_config(
    data: &[u8],
    dir: &Path,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
    settings: &mut Settings,
) -> Option<crate::config::Exclude> {
    let path = dir.join(crate::config::FILE_NAME);
    match parse::decode_text(&path, data.to_vec()) {
        Ok(text) => {
            let (cfg, diags) = crate::config::parse(&text, &path, rules::meta::builtin_set());
            let file = sources.add(SourceFile::new(path, Arc::from(text)));
            diagnostics.extend(diags.into_iter().map(|mut d| {
                let span = d.loc.map(|l| l.span).unwrap_or_default();
                d.loc = Some(crate::source::Loc {
                    file: Some(file),
                    span,
                });
                d
            }));
            cfg.apply(settings);
            cfg.exclude()
        }
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

/// The rules, exclusions and suppressions on the evaluated input, then every report format.
fn rules_and_reports(
    mut loaded: crate::lint::Loaded,
    settings: &Settings,
    exclude: Option<&crate::config::Exclude>,
) -> Outcome {
    let (mut verdicts, rule_errors) = rules::run_with(
        &loaded.model,
        settings,
        &loaded.sources,
        rules::meta::builtin_set(),
    );
    loaded.diagnostics.extend(rule_errors);
    if let Some(ex) = exclude {
        let src = &loaded.sources;
        verdicts.retain(|v| v.loc.file.is_none_or(|f| !ex.matches(&src.get(f).path)));
    }
    let suppression_diags = crate::suppress::apply(
        &mut verdicts,
        &loaded.model,
        &loaded.sources,
        settings,
        rules::meta::builtin_set(),
        "2030-01-01",
    );
    loaded.diagnostics.extend(suppression_diags);
    let _ = serde_json::to_string(&crate::inspect::render(&loaded));
    let r = Report {
        severities: rules::meta::builtin_set()
            .iter()
            .map(|m| {
                let level = rules::meta::builtin_set().severity(settings, &m.id);
                (m.id.to_string(), level)
            })
            .collect(),
        run: crate::report::RunInfo {
            fail_on: settings.fail_on,
            ..Default::default()
        },
        ..Report::of(&loaded, &verdicts)
    };
    let json = report::json::render(&r);
    let human = report::human::render(&r, false);
    for format in [
        crate::cli::Format::Sarif,
        crate::cli::Format::Markdown,
        crate::cli::Format::Github,
        crate::cli::Format::Junit,
    ] {
        let _ = report::render_format(format, &r);
    }
    let exit_code = r.exit_code();
    Outcome {
        exit_code,
        diagnostics: loaded.diagnostics,
        json,
        human,
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

/// Decode and parse one in-memory file, registering it in `sources` like `parse::parse_files`.
fn parse_one(
    path: &Path,
    kind: FileKind,
    bytes: Vec<u8>,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> ParsedFile {
    let (text, body, diags) = match parse::decode_text(path, bytes) {
        Ok(text) => {
            let (body, diags) = parse::parse_text(&text, kind);
            (text, body, diags)
        }
        Err(d) => (String::new(), None, vec![d]),
    };
    let file = sources.add(SourceFile::new(path.to_path_buf(), Arc::from(text)));
    for mut d in diags {
        let span = d.loc.map(|l| l.span).unwrap_or_default();
        d.loc = Some(crate::source::Loc {
            file: Some(file),
            span,
        });
        diagnostics.push(d);
    }
    ParsedFile {
        file,
        kind,
        path: path.to_path_buf(),
        body,
    }
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
