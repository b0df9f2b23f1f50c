//! One benchmark per pipeline stage (discover, parse, evaluate, rules, each report format) over
//! the example infrastructure and over `../shared/corpus/real` (skipped, with a message, when
//! that folder is absent). End-to-end figures and the Checkov comparison: `scripts/bench`.
//!
//!   cargo bench --bench stages                 # everything
//!   cargo bench --bench stages -- example      # one tree
//!   cargo bench --bench stages -- parse        # one stage
//!
//! Stages run on one rayon pool of all cores with pe-lint's stack size, as in a real run.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use pe_lint::internals::lint::{self, Loaded, Options};
use pe_lint::internals::report::{self, Report};
use pe_lint::internals::rules::{self, settings::Settings, Verdict};
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

/// A tree evaluated and checked once, for the stages after evaluation.
struct Checked {
    loaded: Loaded,
    verdicts: Vec<Verdict>,
}

fn checked(tree: &'static str) -> &'static Checked {
    static EXAMPLE_RUN: OnceLock<Checked> = OnceLock::new();
    static CORPUS_RUN: OnceLock<Checked> = OnceLock::new();
    let cell = if tree == EXAMPLE {
        &EXAMPLE_RUN
    } else {
        &CORPUS_RUN
    };
    cell.get_or_init(|| {
        let loaded = lint::evaluate(lint::prepare(&options(tree)));
        let verdicts = rules::run(&loaded.model, &Settings::default(), &loaded.sources)
            .unwrap_or_else(|e| panic!("{}", e.message));
        Checked { loaded, verdicts }
    })
}

fn report_of(c: &Checked) -> Report<'_> {
    Report {
        started_at: Some("2026-01-01T00:00:00Z".to_string()),
        ..Report::of(&c.loaded, &c.verdicts)
    }
}

fn discover(b: Bencher, tree: &str) {
    let paths = vec![root().join(tree)];
    b.bench(|| pe_lint::internals::discover::discover(&paths));
}

fn parse(b: Bencher, tree: &str) {
    let files: Vec<PathBuf> = pe_lint::internals::discover::discover(&[root().join(tree)]).all_files();
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
