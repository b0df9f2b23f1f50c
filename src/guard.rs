//! The last line of defence: a panic while handling one file, one root module or one rule is
//! caught at that boundary and becomes an `internal-error` diagnostic naming what was being
//! processed, so the rest of the run still completes and the exit code is 2. (Stack overflow
//! cannot be caught; recursion is bounded instead: see `parse::MAX_NESTING`, the evaluator's
//! depth limit and `eval::MAX_VALUE_DEPTH`.)

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::diag::Diagnostic;

/// Stack size of the threads that parse and evaluate: deep (but bounded) recursion must never
/// overflow, whoever calls the library.
pub const STACK_SIZE: usize = 64 << 20;

/// Run `f`, turning a panic into its message.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| panic_message(p.as_ref()))
}

pub fn panic_message(p: &(dyn Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// The diagnostic for a caught panic: `what` is e.g. "parsing", `subject` the file or module.
pub fn internal_error(what: &str, subject: &str, msg: &str) -> Diagnostic {
    Diagnostic::error(
        "internal-error",
        format!("internal error while {what} {subject}: {msg}; it was not checked"),
    )
    .with_help("this is a bug in pe-lint: please report it with the file that triggers it")
}

thread_local! {
    /// Set on the threads of the pools `on_big_stacks` builds.
    static ON_BIG_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f` on a rayon pool whose threads have [`STACK_SIZE`] stacks (`jobs` threads, 0 for one
/// per core). Nested parallel iterators run on the same pool. Already on such a pool with that
/// many threads, `f` runs where it is: one pool for a whole run keeps its threads warm.
pub fn on_big_stacks<T: Send>(jobs: usize, f: impl FnOnce() -> T + Send) -> T {
    let same_pool = ON_BIG_STACK.with(std::cell::Cell::get)
        && (jobs == 0 || jobs == rayon::current_num_threads());
    if same_pool {
        return f();
    }
    match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(STACK_SIZE)
        .thread_name(|i| format!("pe-lint-{i}"))
        .start_handler(|_| ON_BIG_STACK.with(|c| c.set(true)))
        .build()
    {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// Test hook, in debug builds only: panic when `PE_LINT_INJECT_PANIC` names `stage` and the
/// subject's path contains `inject-panic`. Lets tests prove that every boundary holds.
pub fn inject_panic(stage: &str, subject: &str) {
    if cfg!(debug_assertions)
        && subject.contains("inject-panic")
        && std::env::var("PE_LINT_INJECT_PANIC").is_ok_and(|s| s.split(',').any(|x| x == stage))
    {
        panic!("injected panic in {stage} for testing");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_message() {
        let r: Result<(), String> = catch(|| panic!("boom {}", 1));
        assert_eq!(r.unwrap_err(), "boom 1");
        let r: Result<(), String> = catch(|| panic!("static"));
        assert_eq!(r.unwrap_err(), "static");
        assert_eq!(catch(|| 5).unwrap(), 5);
        let d = internal_error("parsing", "a.tf", "boom");
        assert!(d.is_error() && d.code == "internal-error" && d.message.contains("a.tf"));
    }

    #[test]
    fn big_stacks_allow_deep_recursion() {
        fn down(n: u32) -> u32 {
            let pad = std::hint::black_box([0u8; 1024]);
            if n == 0 {
                pad[0] as u32
            } else {
                down(n - 1) + pad[1] as u32
            }
        }
        // ~20 MB of stack: more than a default thread has.
        assert_eq!(on_big_stacks(1, || down(20_000)), 0);
    }
}
