use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match pe_lint::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    ExitCode::from(pe_lint::run(cli))
}
