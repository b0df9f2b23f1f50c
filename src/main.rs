use std::ffi::OsString;
use std::process::ExitCode;

// The system allocator was a quarter of the profile (many small AST nodes and strings across
// threads); mimalloc halves that cost (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    if let Some(text) = subcommand_help(&args) {
        print!("{text}");
        return ExitCode::SUCCESS;
    }
    let cli = match pe_lint::internals::cli::parse_args(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            print_clap_error(&e, &args);
            return ExitCode::from(code);
        }
    };
    if let Some(text) = pe_lint::internals::cli::help_or_version(&cli) {
        print!("{text}");
        return ExitCode::SUCCESS;
    }
    ExitCode::from(pe_lint::run(cli))
}

/// `pe-lint inspect --help` and `pe-lint test-rules -h`, asked on their own. clap's help flags
/// are off everywhere (they print help and exit 0 as soon as they are seen, even among a file
/// list appended without `--`), so among other arguments `-h` is a usage error.
fn subcommand_help(args: &[OsString]) -> Option<String> {
    use clap::CommandFactory;
    let [_, sub, flag] = args else {
        return None;
    };
    let (sub, flag) = (sub.to_str()?, flag.to_str()?);
    if !matches!(flag, "-h" | "--help") || !matches!(sub, "inspect" | "test-rules") {
        return None;
    }
    let mut cmd = pe_lint::internals::cli::Cli::command();
    cmd.build();
    let sub = cmd.find_subcommand_mut(sub)?;
    Some(sub.render_help().to_string())
}

/// clap quotes the argument it rejects; an argument can be a file name from the checked tree
/// (a hook's file list), so when one holds control characters (a newline starting a CI
/// workflow command, a terminal escape) the error is the one for the same arguments with
/// those characters escaped, and nothing is quoted raw.
fn print_clap_error(e: &clap::Error, args: &[OsString]) {
    if !args.iter().any(has_control) {
        let _ = e.print();
        return;
    }
    let escaped: Vec<OsString> = args
        .iter()
        .map(|a| match has_control(a) {
            true => OsString::from(a.to_string_lossy().escape_debug().to_string()),
            false => a.clone(),
        })
        .collect();
    match pe_lint::internals::cli::parse_args(&escaped) {
        Err(e) => {
            let _ = e.print();
        }
        Ok(_) => eprintln!("error: an argument holds control characters: {escaped:?}"),
    }
}

fn has_control(a: &OsString) -> bool {
    a.to_string_lossy().chars().any(char::is_control)
}
