//! The integration tests, as one test binary: one module per area, helpers in `common`.
//!
//! One binary links once after a change to the library, where a binary per file linked
//! seventeen times. Run one area with `cargo test --test it <module>::`, for example
//! `cargo test --test it reports::` or `cargo test --test it hostile::reads::`.

#[allow(dead_code)] // each module uses part of it
mod common;

mod ci_examples;
mod ci_install;
mod cli_outputs;
mod config;
mod custom_rules;
mod determinism;
mod eval_terraform;
mod evaluator;
mod file_args;
mod fix;
mod foundation;
mod fuzz_harness;
mod fuzz_regressions;
#[cfg(target_os = "linux")]
mod hostile;
mod library;
mod loading;
mod loading_json;
mod loading_override;
mod loading_providers;
mod loading_roots;
mod loading_sources;
mod locations;
mod oracle;
mod outcome;
mod peers;
mod plan_only;
mod precommit;
mod reports;
mod rules_counts;
mod rules_fixtures;
mod rules_meta;
mod ruleset;
mod shipped;
mod staged;
mod suppressions;
mod workspace;
