//! One benchmark per pipeline stage (discover, parse, evaluate, rules, each report format) and
//! the whole pipeline (`pe_lint::check`) over the example infrastructure and over
//! `../shared/corpus/real` (skipped, with a message, when that folder is absent). End-to-end figures and the Checkov comparison: `scripts/bench`.
//!
//!   cargo bench --bench stages                 # everything
//!   cargo bench --bench stages -- example      # one tree
//!   cargo bench --bench stages -- parse        # one stage
//!
//! Stages run on one rayon pool of all cores with pe-lint's stack size, as in a real run.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use pe_lint::internals::lint::{self, Options};
use pe_lint::internals::report::{self, Report};
use pe_lint::internals::rules::{self, settings::Settings};
use pe_lint::internals::source::Sources;

// The same allocator as the binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLE: &str = "testdata/photo-editor/infrastructure";
const CORPUS: &str = "../shared/corpus/real";

fn main() {
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(64 << 20)
        .build_global();
    let mut divan = divan::Divan::from_args();
    if !root().join(CORPUS).is_dir() {
        eprintln!("stages: {CORPUS} not found beside the checkout; skipping the corpus benchmarks");
        divan = divan.skip_regex("^stages::corpus::");
    }
    divan.main();
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn options(tree: &str) -> Options {
    Options::new(vec![root().join(tree)])
}

/// A tree checked once by the library's pipeline (`pe_lint::check`, as the command line runs
/// it), for the stages after evaluation.
fn checked(tree: &'static str) -> &'static pe_lint::Report {
    static EXAMPLE_RUN: OnceLock<pe_lint::Report> = OnceLock::new();
    static CORPUS_RUN: OnceLock<pe_lint::Report> = OnceLock::new();
    let cell = if tree == EXAMPLE {
        &EXAMPLE_RUN
    } else {
        &CORPUS_RUN
    };
    cell.get_or_init(|| pe_lint::check(&pipeline_options(tree)).unwrap_or_else(|e| panic!("{e}")))
}

fn pipeline_options(tree: &str) -> pe_lint::Options {
    pe_lint::Options {
        paths: vec![root().join(tree)],
        ..Default::default()
    }
}

fn report_of(c: &pe_lint::Report) -> Report<'_> {
    Report {
        started_at: Some("2026-01-01T00:00:00Z".to_string()),
        ..c.view(false, None)
    }
}

/// The whole run: configuration, load, evaluation, rules, suppressions and the baseline.
fn pipeline(b: Bencher, tree: &str) {
    let opts = pipeline_options(tree);
    b.bench(|| pe_lint::check(&opts).map(|r| r.verdicts.len()).unwrap_or(0));
}

fn discover(b: Bencher, tree: &str) {
    let paths = vec![root().join(tree)];
    b.bench(|| pe_lint::internals::discover::discover(&paths));
}

fn parse(b: Bencher, tree: &str) {
    let files: Vec<PathBuf> =
        pe_lint::internals::discover::discover(&[root().join(tree)]).all_files();
    b.bench(|| {
        let mut sources = Sources::default();
        let parsed = pe_lint::internals::parse::parse_files(&files, &mut sources);
        (parsed, sources)
    });
}

/// Module loading and root inputs are timed with discovery and parsing in `prepare`; this is
/// evaluation alone.
fn evaluate(b: Bencher, tree: &str) {
    let opts = options(tree);
    b.with_inputs(|| lint::prepare(&opts))
        .bench_values(lint::evaluate);
}

fn check(b: Bencher, tree: &'static str) {
    let c = checked(tree);
    b.bench(|| rules::run(&c.loaded.model, &Settings::default(), &c.loaded.sources).is_ok());
}

fn render(b: Bencher, tree: &'static str, format: fn(&Report<'_>) -> String) {
    let c = checked(tree);
    let r = report_of(c);
    b.bench(|| format(&r));
}

fn human(r: &Report<'_>) -> String {
    report::human::render(r, false)
}

macro_rules! tree_benches {
    ($name:ident, $tree:expr, $samples:expr) => {
        mod $name {
            use super::*;

            #[divan::bench(sample_count = $samples)]
            fn discover(b: Bencher) {
                super::discover(b, $tree)
            }
            #[divan::bench(sample_count = $samples)]
            fn parse(b: Bencher) {
                super::parse(b, $tree)
            }
            #[divan::bench(sample_count = $samples)]
            fn evaluate(b: Bencher) {
                super::evaluate(b, $tree)
            }
            #[divan::bench(sample_count = $samples)]
            fn pipeline(b: Bencher) {
                super::pipeline(b, $tree)
            }
            #[divan::bench(sample_count = $samples)]
            fn rules(b: Bencher) {
                super::check(b, $tree)
            }
            #[divan::bench(sample_count = $samples)]
            fn report_json(b: Bencher) {
                super::render(b, $tree, report::json::render)
            }
            #[divan::bench(sample_count = $samples)]
            fn report_sarif(b: Bencher) {
                super::render(b, $tree, report::sarif::render)
            }
            #[divan::bench(sample_count = $samples)]
            fn report_markdown(b: Bencher) {
                super::render(b, $tree, report::markdown::render)
            }
            #[divan::bench(sample_count = $samples)]
            fn report_human(b: Bencher) {
                super::render(b, $tree, human)
            }
            #[divan::bench(sample_count = $samples)]
            fn report_github(b: Bencher) {
                super::render(b, $tree, report::github::render)
            }
            #[divan::bench(sample_count = $samples)]
            fn report_junit(b: Bencher) {
                super::render(b, $tree, report::junit::render)
            }
        }
    };
}

tree_benches!(example, EXAMPLE, 50);
tree_benches!(corpus, CORPUS, 10);
