//! The command-line driver: turn flags into a run, print the report, compute the exit code.

use std::io::Write;
use std::path::Path;

use crate::cli::{Cli, Command, Format, LintArgs};
use crate::diag::Diagnostic;
use crate::lint;
use crate::report::{self, Report};
use crate::rules::{self, meta, Settings, Status};

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_UNTRUSTED: u8 = 2;

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Some(Command::Inspect(args)) => inspect(&args),
        None => lint_command(&cli.args),
    }
}

fn options(args: &LintArgs) -> lint::Options {
    let mut o = lint::Options::new(args.paths.clone()).with_env_vars();
    o.cli_vars = args.var_order.clone();
    o.jobs = args.jobs.map_or(0, usize::from);
    crate::limits::apply(&mut o, &args.limits);
    o
}

fn inspect(args: &LintArgs) -> u8 {
    let loaded = lint::load(&options(args));
    let mut text =
        serde_json::to_string_pretty(&crate::inspect::render(&loaded)).unwrap_or_default();
    text.push('\n');
    if let Err(e) = emit(args.output.as_deref(), &text) {
        eprintln!("pe-lint: {e}");
        return EXIT_UNTRUSTED;
    }
    if loaded.diagnostics.iter().any(Diagnostic::is_error) {
        EXIT_UNTRUSTED
    } else {
        EXIT_OK
    }
}

fn color_wanted(args: &LintArgs) -> bool {
    use std::io::IsTerminal;
    !args.no_color
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && args.output.is_none()
        && std::io::stdout().is_terminal()
}

fn lint_command(args: &LintArgs) -> u8 {
    if args.list_rules {
        return print(&list_rules());
    }
    if let Some(id) = &args.explain {
        return match meta::builtin(id) {
            Some(m) => print(&meta::render_doc(m)),
            None => {
                eprintln!("pe-lint: unknown rule {id:?}; `pe-lint --list-rules` lists them");
                EXIT_UNTRUSTED
            }
        };
    }
    if let Some(n) = args.jobs {
        // The global pool can be set once; a second call (in tests) keeps the first.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n as usize)
            .stack_size(64 << 20)
            .build_global();
    } else {
        let _ = rayon::ThreadPoolBuilder::new()
            .stack_size(64 << 20)
            .build_global();
    }
    let started = std::time::Instant::now();
    let started_at = report::timestamp();
    let loaded = lint::load(&options(args));
    let settings = Settings {
        environment: args.env,
        ..Settings::default()
    };
    let timer = lint::Timer::new();
    let (verdicts, rule_errors) = rules::run_guarded(&loaded.model, &settings, &loaded.sources);
    let mut loaded = loaded;
    loaded.diagnostics.extend(rule_errors);
    timer.lap("rules");
    let environment = environment_label(&loaded, &settings);
    let r = Report {
        sources: &loaded.sources,
        model: &loaded.model,
        verdicts: &verdicts,
        diagnostics: &loaded.diagnostics,
        roots: loaded
            .model
            .roots
            .iter()
            .map(|r| r.display.clone())
            .collect(),
        environment,
        files: loaded.files_scanned,
        started_at: Some(started_at),
        elapsed: started.elapsed(),
        color: color_wanted(args),
    };
    let rendered = crate::guard::catch(|| match args.format {
        Format::Human => report::human::render(&r, args.quiet),
        Format::Json => report::json::render(&r),
        other => report::render_format(other, &r),
    });
    let text = match rendered {
        Ok(t) => t,
        Err(msg) => {
            eprintln!("pe-lint: internal error while writing the report: {msg}");
            return EXIT_UNTRUSTED;
        }
    };
    timer.lap("report");
    timer.peak_memory();
    if let Err(e) = emit(args.output.as_deref(), &text) {
        eprintln!("pe-lint: {e}");
        return EXIT_UNTRUSTED;
    }
    if let Some(dir) = &args.evidence_dir {
        if let Err(e) = report::write_evidence(dir, &r) {
            eprintln!("pe-lint: cannot write evidence to {}: {e}", dir.display());
            return EXIT_UNTRUSTED;
        }
    }
    let code = exit_code(&r);
    // Freeing a large model takes longer than the process exit does.
    std::mem::forget(verdicts);
    std::mem::forget(loaded);
    code
}

fn environment_label(loaded: &lint::Loaded, settings: &Settings) -> Option<String> {
    let envs: std::collections::BTreeSet<String> = loaded
        .model
        .roots
        .iter()
        .filter_map(|r| rules::settings::environment(r, settings).0)
        .map(|e| e.as_str().to_string())
        .collect();
    match envs.len() {
        0 => None,
        _ => Some(envs.into_iter().collect::<Vec<_>>().join(", ")),
    }
}

pub fn exit_code(r: &Report<'_>) -> u8 {
    if r.diagnostics.iter().any(Diagnostic::is_error) {
        EXIT_UNTRUSTED
    } else if r.verdicts.iter().any(|v| v.status == Status::Fail) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn list_rules() -> String {
    let mut s = String::new();
    for m in meta::BUILTIN.iter() {
        s.push_str(&format!(
            "{}  {:<28} {:<6} {}\n",
            m.id, m.name, m.severity, m.requirement
        ));
    }
    s
}

fn print(text: &str) -> u8 {
    match emit(None, text) {
        Ok(()) => EXIT_OK,
        Err(_) => EXIT_UNTRUSTED,
    }
}

/// Write to a file or stdout. A closed pipe (`pe-lint | head`) is not an error.
fn emit(path: Option<&Path>, text: &str) -> std::io::Result<()> {
    match path {
        Some(p) => std::fs::write(p, text),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            }
        }
    }
}
