//! pe-lint: a policy-as-code compliance linter for Terraform.

pub mod cli;
pub mod diag;
pub mod discover;
pub mod inspect;
pub mod json;
pub mod lint;
pub mod lower;
pub mod parse;
pub mod report;
pub mod source;
pub mod syntax;
pub mod terraform;

use cli::Cli;

/// Run the linter; returns the process exit code (0 clean, 1 findings, 2 untrusted run).
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Some(cli::Command::Inspect(args)) => {
            let loaded = lint::load(&lint_options(&args));
            let out = inspect::render(&loaded);
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            if loaded.diagnostics.iter().any(|d| d.is_error()) {
                2
            } else {
                0
            }
        }
        None => 0,
    }
}

fn lint_options(args: &cli::LintArgs) -> lint::Options {
    let mut o = lint::Options::new(args.paths.clone()).with_env_vars();
    o.cli_vars = args.var_order.clone();
    o
}
