//! pe-lint: a policy-as-code compliance linter for Terraform.
//!
//! The library is the command line's pipeline without the printing: [`check`] reads a tree
//! (sources, or a `terraform show -json` plan), evaluates it the way `terraform plan` would,
//! runs the rules PE001-PE008 and the custom rules of the configuration, then applies the
//! configuration, the inline suppressions and the baseline. The [`Report`] it returns renders
//! in every format the command line writes ([`Format`]) and gives the run's exit code.
//!
//! ```no_run
//! let opts = pe_lint::Options {
//!     paths: vec!["infrastructure".into()],
//!     env: Some(pe_lint::Env::Prod),
//!     ..Default::default()
//! };
//! match pe_lint::check(&opts) {
//!     Ok(report) => {
//!         for v in report.verdicts.iter().filter(|v| v.status == pe_lint::Status::Fail) {
//!             println!("{} {}: {}", v.rule_id, v.address, v.message);
//!         }
//!         print!("{}", report.render(pe_lint::Format::Sarif));
//!         std::process::exit(report.exit_code().into());
//!     }
//!     Err(e) => {
//!         eprintln!("{e}");
//!         std::process::exit(2);
//!     }
//! }
//! ```
//!
//! [`check`] prints nothing, keeps no state between calls and runs on the caller's rayon pool.
//! [`inspect`] loads and evaluates a tree without the rules (`pe-lint inspect`).

// The modules are the crate's own (reached from outside only through the hidden `internals`);
// their documentation is for contributors and links freely between them.
#![allow(rustdoc::private_intra_doc_links)]

mod baseline;
mod calendar;
mod cli;
mod config;
mod diag;
mod discover;
mod escape;
mod files;
mod fix;
mod fuzz;
mod guard;
mod inspect;
mod json;
#[cfg(test)]
mod layers;
mod limits;
mod lint;
mod lower;
mod parse;
mod pipeline;
mod plan;
mod report;
mod rules;
mod run;
mod source;
mod staged;
mod suppress;
mod syntax;
mod terraform;
mod text;
mod types;

pub use diag::{Diagnostic, Severity};
pub use pipeline::{check, inspect, ConfigFailure, Error, Inspection, Options, Report};
pub use rules::{Status, Verdict};
pub use source::Loc;
pub use types::{Env, Format};

/// The command line's entry point (for `src/main.rs`).
#[doc(hidden)]
pub use run::run;

/// The crate's modules as they are, for the binary, the integration tests, the benchmarks and
/// the fuzz targets: not a stable API, and not documented as one.
#[doc(hidden)]
pub mod internals {
    pub mod baseline {
        pub use crate::baseline::*;
    }
    pub mod calendar {
        pub use crate::calendar::*;
    }
    pub mod cli {
        pub use crate::cli::*;
    }
    pub mod config {
        pub use crate::config::*;
    }
    pub mod diag {
        pub use crate::diag::*;
    }
    pub mod discover {
        pub use crate::discover::*;
    }
    pub mod escape {
        pub use crate::escape::*;
    }
    pub mod files {
        pub use crate::files::*;
    }
    pub mod fix {
        pub use crate::fix::*;
    }
    pub mod fuzz {
        pub use crate::fuzz::*;
    }
    pub mod guard {
        pub use crate::guard::*;
    }
    pub mod inspect {
        pub use crate::inspect::*;
    }
    pub mod json {
        pub use crate::json::*;
    }
    pub mod limits {
        pub use crate::limits::*;
    }
    pub mod lint {
        pub use crate::lint::*;
    }
    pub mod lower {
        pub use crate::lower::*;
    }
    pub mod parse {
        pub use crate::parse::*;
    }
    pub mod pipeline {
        pub use crate::pipeline::*;
    }
    pub mod plan {
        pub use crate::plan::*;
    }
    pub mod report {
        pub use crate::report::*;
    }
    pub mod rules {
        pub use crate::rules::*;
    }
    pub mod run {
        pub use crate::run::*;
    }
    pub mod source {
        pub use crate::source::*;
    }
    pub mod staged {
        pub use crate::staged::*;
    }
    pub mod suppress {
        pub use crate::suppress::*;
    }
    pub mod syntax {
        pub use crate::syntax::*;
    }
    pub mod terraform {
        pub use crate::terraform::*;
    }
    pub mod text {
        pub use crate::text::*;
    }
    pub mod types {
        pub use crate::types::*;
    }
}
