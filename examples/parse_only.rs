//! The parser's limit: discover and parse the same files pe-lint would, in parallel, and
//! nothing else. `scripts/bench` compares end-to-end runs against this.
//!
//! Usage: cargo run --release --example parse_only -- [--jobs N] PATH...

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let mut jobs = None;
    let mut paths = Vec::new();
    while let Some(a) = args.next() {
        if a == "--jobs" {
            jobs = args.next().and_then(|n| n.parse::<usize>().ok());
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(64 << 20);
    if let Some(n) = jobs {
        pool = pool.num_threads(n);
    }
    let _ = pool.build_global();
    let start = Instant::now();
    let disc = pe_lint::internals::discover::discover(&paths);
    let files = disc.all_files();
    let mut sources = pe_lint::internals::source::Sources::default();
    let parsed = pe_lint::internals::parse::parse_files(&files, &mut sources);
    let elapsed = start.elapsed();
    let bytes: usize = sources.iter().map(|(_, f)| f.text.len()).sum();
    let errors = parsed.diagnostics.iter().filter(|d| d.is_error()).count();
    println!(
        "{{\"files\": {}, \"bytes\": {bytes}, \"parse_errors\": {errors}, \"seconds\": {:.6}}}",
        parsed.files.len(),
        elapsed.as_secs_f64()
    );
    // Dropping the trees is not part of parsing.
    std::mem::forget(parsed);
    std::mem::forget(sources);
}
