//! pe-lint: a policy-as-code compliance linter for Terraform.

pub mod baseline;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod diag;
pub mod discover;
pub mod escape;
pub mod files;
pub mod fix;
pub mod fuzz;
pub mod guard;
pub mod inspect;
pub mod json;
#[cfg(test)]
mod layers;
pub mod limits;
pub mod lint;
pub mod lower;
pub mod parse;
pub mod pipeline;
pub mod plan;
pub mod report;
pub mod rules;
pub mod run;
pub mod source;
pub mod staged;
pub mod suppress;
pub mod syntax;
pub mod terraform;
pub mod text;
pub mod types;

pub use diag::Diagnostic;
pub use pipeline::{check, inspect, ConfigFailure, Error, Inspection, Options, Report};
pub use rules::{Status, Verdict};
pub use types::{Env, Format};

#[doc(hidden)]
pub use run::run;
