//! Arbitrary bytes through the whole pipeline (parse, evaluate, rules, suppressions, every
//! report format) as `pe_lint::internals::fuzz::Kind::Config`. Any panic, abort, stack overflow or timeout
//! is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = pe_lint::internals::fuzz::check_bytes(pe_lint::internals::fuzz::Kind::Config, data);
});
