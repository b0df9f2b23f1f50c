//! Hostile input (issues 9, 16, 17): every danger a repository can hold ends with exit 0, 1 or
//! 2, a message, no panic, within a CPU-time bound (`common::CPU_LIMIT`) and a memory bound
//! (2 GB peak RSS), and nothing read from outside the tree ever reaches a report.
//!
//! The small cases live in `testdata/hostile/` (see its README); the huge ones (deep nesting, a
//! 50 MB file, 60,000 resources) and the ones that need symbolic links are generated here in a
//! temporary directory.
//!
//! Time is measured as the child's CPU time (user + system, all threads), not wall time: on a
//! shared CI runner wall time measures the neighbours. A hard wall-clock timeout still catches
//! hangs. Peak memory is the child's `VmHWM` (it prints it under `PE_LINT_TIMINGS`), with
//! `wait4`'s `ru_maxrss` as the fallback, so this suite is Linux-only.
//!
//! One module per kind of attack; `common` runs pe-lint and checks the invariants.
#![cfg(target_os = "linux")]

mod applicability;
mod args;
mod baseline;
mod budget;
#[allow(dead_code)] // each attack module uses part of it
mod common;
mod evidence;
mod inputs;
mod policy;
mod reads;
mod terminal;
mod terminal_property;
mod writes;
