//! Resource limits a user can raise with `--limit NAME=N` (docs/security.md explains each).
//! The defaults are far above what real Terraform needs and low enough that a hostile tree
//! finishes in seconds and in bounded memory.

/// (name, what it bounds). The defaults live in `lint::Options::new`; `lint::apply_limits`
/// applies them (the options belong to the pipeline, above this module).
pub const LIMITS: &[(&str, &str)] = &[
    ("file-size", "largest file read, in bytes"),
    ("total-size", "bytes read in one run, all files together"),
    ("instances", "instances one count or for_each may expand to"),
    ("eval-steps", "evaluation budget per root module"),
    (
        "total-steps",
        "evaluation budget of the whole run, custom rules included (default: 128 per attribute or block parsed, at least 20M, at most 50M)",
    ),
    (
        "eval-depth",
        "nesting of expressions and chained references",
    ),
    ("module-depth", "nesting of module calls"),
    (
        "string-length",
        "longest string a function or template may build, in bytes",
    ),
    ("collection-length", "most elements a function may build"),
];

/// One `--limit NAME=N`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitArg {
    pub name: &'static str,
    pub value: u64,
}

/// Parse `NAME=N`; N may use `_` separators and a `K`, `M` or `G` suffix (powers of 1024).
pub fn parse_limit(s: &str) -> Result<LimitArg, String> {
    let names = || {
        LIMITS
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=N, where NAME is one of: {}", names()))?;
    let name = LIMITS
        .iter()
        .map(|(n, _)| *n)
        .find(|n| *n == name.trim())
        .ok_or_else(|| format!("unknown limit {name:?}; the limits are: {}", names()))?;
    let v = value.trim().replace('_', "");
    let (digits, mult) = match v.char_indices().last() {
        Some((i, 'k' | 'K')) => (&v[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&v[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&v[..i], 1 << 30),
        _ => (v.as_str(), 1),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{value:?} is not a whole number"))?;
    let value = n
        .checked_mul(mult)
        .filter(|v| *v >= 1)
        .ok_or_else(|| format!("{value:?} is out of range"))?;
    if name == "eval-depth" && value > MAX_EVAL_DEPTH {
        return Err(format!(
            "eval-depth can be at most {MAX_EVAL_DEPTH}: deeper evaluation would overflow the stack"
        ));
    }
    Ok(LimitArg { name, value })
}

/// The deepest evaluation the threads' stacks (`guard::STACK_SIZE`) hold, with a margin, in a
/// debug build (whose frames are the largest).
pub const MAX_EVAL_DEPTH: u64 = 10_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_sizes() {
        assert_eq!(
            parse_limit("file-size=64M").unwrap(),
            LimitArg {
                name: "file-size",
                value: 64 << 20
            }
        );
        assert_eq!(parse_limit("instances=50_000").unwrap().value, 50_000);
        assert!(parse_limit("nope=1").unwrap_err().contains("file-size"));
        assert!(parse_limit("instances").is_err());
        assert!(parse_limit("instances=0").is_err());
        assert!(parse_limit("instances=-1").is_err());
        assert!(parse_limit("file-size=99999999999G").is_err());
        assert!(parse_limit("eval-depth=10000").is_ok());
        assert!(parse_limit("eval-depth=10001").is_err());
    }
}
