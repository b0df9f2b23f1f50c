//! Leaf types every layer may name: the report format and the deployment environment. They
//! are chosen on the command line, but rules, configuration and reports use them too, so they
//! live here rather than in `cli` (which re-exports them).

use clap::ValueEnum;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Sarif,
    Markdown,
    Github,
    Junit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Env {
    Dev,
    Staging,
    Prod,
}

impl Env {
    pub fn as_str(self) -> &'static str {
        match self {
            Env::Dev => "dev",
            Env::Staging => "staging",
            Env::Prod => "prod",
        }
    }
    /// Accepts the aliases people use for the same environment.
    pub fn parse_loose(s: &str) -> Option<Env> {
        match s.trim().to_ascii_lowercase().as_str() {
            "dev" | "development" => Some(Env::Dev),
            "staging" | "stage" | "stg" => Some(Env::Staging),
            "prod" | "production" | "prd" => Some(Env::Prod),
            _ => None,
        }
    }
}

/// Exit codes: nothing failed; failing findings; the run could not be trusted.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_UNTRUSTED: u8 = 2;
