use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match pe_lint::cli::parse_args(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    ExitCode::from(pe_lint::run(cli))
}
