//! What the pipeline (`lint::load`, `plan::load`) hands to the rules and reports: the source
//! files, the evaluated model and the diagnostics of reading and evaluating them.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::source::Sources;

use super::Model;

pub struct Loaded {
    pub sources: Sources,
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
    pub files_scanned: usize,
    pub bytes_scanned: u64,
    pub roots: Vec<PathBuf>,
    /// Which verdicts the run reports (all, unless file arguments named child modules or var
    /// files): see `Scope`.
    pub scope: Scope,
}

/// What a run reports when file arguments named child modules: roots added only as context
/// (`Discovery::context_roots`) contribute only findings located in the named modules and the
/// modules those call. Roots that were named themselves report everything. `lint::in_scope`
/// applies it.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Display names of the context roots (as in `Verdict::root`).
    pub context_roots: BTreeSet<String>,
    /// Absolute directories of the focused modules and everything they call.
    pub dirs: BTreeSet<PathBuf>,
    /// Keep identical verdicts of different roots once (set when one directory is evaluated
    /// more than once).
    pub dedupe: bool,
}
