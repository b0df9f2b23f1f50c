//! Terraform's built-in functions over [`Value`], with unknown values.
//!
//! Every function follows the same rules:
//! - an argument that is unknown where the function needs its value makes the result unknown,
//!   carrying the origins of the arguments (`Value::unknown_of`);
//! - as much as is known is kept: `merge`, `concat`, `lookup`, `keys`, `length` and friends
//!   work on collections whose *elements* are unknown, and string functions that work piece by
//!   piece (`join`, `format`, `lower`, `replace`, ...) keep `Partial` strings;
//! - results are bounded: strings by [`FnCtx::max_string_len`], collections by
//!   [`FnCtx::max_collection_len`], checked before anything big is allocated;
//! - file access never leaves [`FnCtx::boundary`];
//! - nothing panics, whatever the input.
//!
//! `can`, `try`, `templatefile` and `templatestring` need the evaluator and are not here.
//!
//! This module holds the dispatch table, the argument helpers and the limits; each family
//! (string, format, collection, ...) lives in its own file, as in Terraform's `lang/funcs`.

// The families share these imports and the helpers below through `use super::*`.
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

use super::value::{self, concat_parts, format_number, Map, Origin, Part, Unknown, Value};

mod cidr;
mod collection;
mod conversion;
mod crypto;
mod datetime;
mod encoding;
mod equality;
mod fileset;
mod filesystem;
mod format;
mod number;
mod regexp;
mod string;
#[cfg(test)]
mod test_support;
mod yaml;

pub use filesystem::{read_file_for, read_file_in_tree};
pub use yaml::cloudformation_yaml;

/// Default for [`FnCtx::max_string_len`]: 16 MiB.
pub const DEFAULT_MAX_STRING_LEN: usize = 16 << 20;
/// Default for [`FnCtx::max_collection_len`].
pub const DEFAULT_MAX_COLLECTION_LEN: usize = 1_000_000;
/// Files larger than this are never read.
pub const MAX_FILE_SIZE: u64 = 4 << 20;
/// Nesting depth beyond which recursive functions (flatten, yamlencode, ...) give up.
const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone)]
pub struct FnCtx {
    /// Directory tree that file functions may read: absolute and normalized. Relative paths
    /// given to `file()` and friends resolve against the current working directory, as in
    /// Terraform (the evaluator passes `path.module`-based paths).
    pub boundary: PathBuf,
    /// Results longer than this (in bytes) are an error.
    pub max_string_len: usize,
    /// `range()`, `setproduct()`, `formatlist()` and the like beyond this many elements are an
    /// error.
    pub max_collection_len: usize,
    /// Messages for refused file access and the like (never containing file content).
    pub warnings: Vec<String>,
    /// The directory relative paths resolve against: Terraform's working directory, the root
    /// module's (set by the evaluator). `None`: the process's working directory.
    pub cwd: Option<PathBuf>,
    /// Work done by the last call beyond its arguments and result (folder entries `fileset`
    /// walked), for the caller to charge to the evaluation budget.
    pub work: u64,
}

impl FnCtx {
    pub fn new(boundary: impl Into<PathBuf>) -> FnCtx {
        FnCtx {
            boundary: boundary.into(),
            max_string_len: DEFAULT_MAX_STRING_LEN,
            max_collection_len: DEFAULT_MAX_COLLECTION_LEN,
            warnings: Vec::new(),
            cwd: None,
            work: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FnError {
    /// Not a function this module knows (or one that needs the evaluator).
    Unsupported,
    /// The call fails, as it would in Terraform, or a limit was hit.
    Invalid(String),
}

impl std::fmt::Display for FnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FnError::Unsupported => f.write_str("unsupported function"),
            FnError::Invalid(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for FnError {}

/// Internal control flow: `Unknown` means "the result is unknown, carrying the origins of all
/// arguments"; `call` turns it into a value.
enum Flow {
    Unknown,
    Err(FnError),
}

impl From<FnError> for Flow {
    fn from(e: FnError) -> Flow {
        Flow::Err(e)
    }
}

type FnResult<T> = Result<T, Flow>;

fn bad(msg: impl Into<String>) -> Flow {
    Flow::Err(FnError::Invalid(msg.into()))
}

fn invalid<T>(msg: impl Into<String>) -> FnResult<T> {
    Err(bad(msg))
}

/// Every function name this module implements (for "did you mean" and for documentation).
/// One built-in: its name, how many arguments it takes (checked before `run` is called) and
/// its implementation. Functions whose arity message is their own (`concat`, `merge`, ...)
/// take `0..=ANY` here and check their arguments themselves.
struct Builtin {
    name: &'static str,
    min: usize,
    max: usize,
    run: fn(&str, &[Value], &mut FnCtx) -> FnResult<Value>,
}

/// No upper (or, as `0..=ANY`, no) bound on the number of arguments.
const ANY: usize = usize::MAX;

impl Builtin {
    const fn new(
        name: &'static str,
        min: usize,
        max: usize,
        run: fn(&str, &[Value], &mut FnCtx) -> FnResult<Value>,
    ) -> Builtin {
        Builtin {
            name,
            min,
            max,
            run,
        }
    }
}

/// Every built-in, family by family, as Terraform's `lang/funcs` groups them.
const FAMILIES: &[&[Builtin]] = &[
    format::FUNCS,
    string::FUNCS,
    regexp::FUNCS,
    collection::FUNCS,
    conversion::FUNCS,
    number::FUNCS,
    encoding::FUNCS,
    yaml::FUNCS,
    filesystem::FUNCS,
    fileset::FUNCS,
    crypto::FUNCS,
    cidr::FUNCS,
    datetime::FUNCS,
];

const COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < FAMILIES.len() {
        n += FAMILIES[i].len();
        i += 1;
    }
    n
};

const NAMES: [&str; COUNT] = {
    let mut out = [""; COUNT];
    let mut n = 0;
    let mut i = 0;
    while i < FAMILIES.len() {
        let mut j = 0;
        while j < FAMILIES[i].len() {
            out[n] = FAMILIES[i][j].name;
            n += 1;
            j += 1;
        }
        i += 1;
    }
    out
};

/// Every function name this module implements (for "did you mean" and for documentation),
/// derived from the dispatch table so the two cannot disagree.
pub const SUPPORTED: &[&str] = &NAMES;
/// Call the Terraform built-in `name` with already evaluated arguments.
pub fn call(name: &str, args: &[Value], cx: &mut FnCtx) -> Result<Value, FnError> {
    if let Some(v) = call_each(name, args, cx) {
        return Ok(v);
    }
    match dispatch(name, args, cx) {
        Ok(v) => {
            if let Some(n) = string_len(&v) {
                if n > cx.max_string_len {
                    return Err(FnError::Invalid(format!(
                        "{name}() would produce a string of {n} bytes, over the limit of {} bytes",
                        cx.max_string_len
                    )));
                }
            }
            Ok(v)
        }
        Err(Flow::Unknown) => Ok(match unknown_of(args) {
            Value::Unknown(u) if SELECTING.contains(&name) && !any_derived(args) => {
                Value::Unknown(Arc::new(Unknown {
                    derived: false,
                    ..Arc::unwrap_or_clone(u)
                }))
            }
            other => other,
        }),
        Err(Flow::Err(e)) => Err(e),
    }
}

/// Functions whose result is made of their arguments' elements, unchanged: an unknown result
/// of them is still one of those references (`compact([a.arn, b.arn])` holds ARNs), not a
/// value computed from them.
const SELECTING: &[&str] = &[
    "compact",
    "distinct",
    "concat",
    "flatten",
    "coalesce",
    "coalescelist",
    "element",
    "one",
    "tolist",
    "toset",
    "reverse",
    "slice",
];

fn any_derived(args: &[Value]) -> bool {
    args.iter().any(|a| match a {
        Value::Unknown(u) => u.derived,
        Value::Partial(_) => true,
        Value::List(items) => any_derived(items),
        _ => false,
    })
}

/// Functions whose result is not decided by their arguments alone.
const NOT_PURE: &[&str] = &["uuid", "bcrypt", "timestamp", "plantimestamp"];

/// A call with bounded unknown arguments (see [`Unknown::one_of`]), made once for every
/// combination of their values: the result is one of those results. `None` when no argument
/// is bounded, there are too many combinations, or one of them fails (Terraform would fail
/// the plan for that value, so nothing is claimed).
fn call_each(name: &str, args: &[Value], cx: &mut FnCtx) -> Option<Value> {
    if NOT_PURE.contains(&name) {
        return None;
    }
    let choices: Vec<Vec<Value>> = args
        .iter()
        .map(|a| match a {
            Value::Unknown(u) if !u.one_of.is_empty() => Some(u.one_of.clone()),
            Value::Unknown(_) => None,
            other => Some(vec![other.clone()]),
        })
        .collect::<Option<_>>()?;
    if choices.iter().all(|c| c.len() == 1) {
        return None;
    }
    let combinations = choices
        .iter()
        .try_fold(1usize, |n, c| n.checked_mul(c.len()))
        .filter(|n| *n <= value::MAX_ONE_OF)?;
    let mut results = Vec::with_capacity(combinations);
    for i in 0..combinations {
        let mut rest = i;
        let pick: Vec<Value> = choices
            .iter()
            .map(|c| {
                let v = c[rest % c.len()].clone();
                rest /= c.len();
                v
            })
            .collect();
        results.push(call(name, &pick, cx).ok()?);
    }
    let because: Vec<&Value> = args.iter().collect();
    Some(Value::one_of(results, &because))
}

/// An unknown carrying the origins found in `args`. Like `Value::unknown_of`, but it visits a
/// bounded number of nodes, so a huge (or hugely shared) argument cannot make it slow.
fn unknown_of(args: &[Value]) -> Value {
    let mut origins: Vec<Origin> = Vec::new();
    let mut stack: Vec<&Value> = args.iter().rev().collect();
    let mut visited = 0usize;
    while let Some(v) = stack.pop() {
        visited += 1;
        if visited > 100_000 || origins.len() > 1000 {
            break;
        }
        match v {
            Value::List(items) => stack.extend(items.iter().rev()),
            Value::Object(m) => stack.extend(m.values().rev()),
            other => other.collect_origins(&mut origins),
        }
    }
    origins.sort();
    origins.dedup();
    Value::Unknown(Arc::new(Unknown {
        origins,
        derived: true,
        ..Default::default()
    }))
}

/// Upper bound on the data that one call may compare, hash or encode (counting every
/// reference to a shared value again).
const MAX_WORK: u64 = 256 << 20;

/// The size of values: bytes of strings and keys plus `node_cost` per node. It stops counting
/// once over `limit`, so it is cheap even for values that share one big piece many times.
fn data_size(vals: &[&Value], node_cost: u64, limit: u64) -> u64 {
    let mut total = 0u64;
    let mut stack: Vec<&Value> = vals.to_vec();
    while let Some(v) = stack.pop() {
        total += node_cost;
        match v {
            Value::String(s) => total += s.len() as u64,
            Value::Partial(ps) => {
                total += ps
                    .iter()
                    .map(|p| match p {
                        Part::Lit(s) => s.len() as u64,
                        Part::Unknown(_) => 0,
                    })
                    .sum::<u64>()
            }
            Value::List(items) => stack.extend(items.iter()),
            Value::Object(m) => {
                for (k, x) in m.iter() {
                    total += k.len() as u64;
                    stack.push(x);
                }
            }
            Value::Resource(r) => stack.push(&r.attrs),
            _ => {}
        }
        if total > limit {
            return total;
        }
    }
    total
}

/// Refuse arguments too large to compare or hash in reasonable time.
fn guard(what: &str, vals: &[&Value]) -> FnResult<()> {
    if data_size(vals, 16, MAX_WORK) > MAX_WORK {
        return invalid(format!(
            "{what}: the arguments are too large to process (over {MAX_WORK} bytes of data)"
        ));
    }
    Ok(())
}

fn string_len(v: &Value) -> Option<usize> {
    match v {
        Value::String(s) => Some(s.len()),
        Value::Partial(parts) => Some(
            parts
                .iter()
                .map(|p| match p {
                    Part::Lit(s) => s.len(),
                    Part::Unknown(_) => 0,
                })
                .sum(),
        ),
        _ => None,
    }
}

/// The table by name, built once: a linear scan of every family on each call showed in the
/// evaluation profile.
fn by_name() -> &'static std::collections::HashMap<&'static str, &'static Builtin> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static Builtin>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        FAMILIES
            .iter()
            .flat_map(|fam| fam.iter())
            .map(|f| (f.name, f))
            .collect()
    })
}

fn dispatch(name: &str, a: &[Value], cx: &mut FnCtx) -> FnResult<Value> {
    let Some(f) = by_name().get(name) else {
        return Err(Flow::Err(FnError::Unsupported));
    };
    arity(name, a, f.min, f.max)?;
    (f.run)(name, a, cx)
}
// ---------------------------------------------------------------------------------------------
// Argument helpers

fn arity(name: &str, args: &[Value], min: usize, max: usize) -> FnResult<()> {
    let n = args.len();
    if n < min || n > max {
        let want = if min == max {
            format!("{min}")
        } else if max == usize::MAX {
            format!("at least {min}")
        } else {
            format!("{min} to {max}")
        };
        return invalid(format!(
            "function {name}() expects {want} argument{}, got {n}",
            if want == "1" { "" } else { "s" }
        ));
    }
    Ok(())
}

fn type_desc(v: &Value) -> &'static str {
    match v {
        Value::Unknown(_) => "unknown value",
        _ => v.type_name(),
    }
}

/// A string argument: numbers and bools convert as Terraform converts them.
fn str_arg<'a>(v: &'a Value, what: &str) -> FnResult<Cow<'a, str>> {
    match v {
        Value::String(s) => Ok(Cow::Borrowed(s)),
        Value::Number(n) => Ok(Cow::Owned(format_number(*n))),
        Value::Bool(b) => Ok(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Unknown(_) | Value::Partial(_) => Err(Flow::Unknown),
        Value::Null => invalid(format!(
            "invalid value for \"{what}\": argument must not be null"
        )),
        other => invalid(format!(
            "invalid value for \"{what}\": string required, got {}",
            type_desc(other)
        )),
    }
}

/// Terraform's string-to-number conversion: decimal notation only.
fn parse_number(s: &str) -> Option<f64> {
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn num_arg(v: &Value, what: &str) -> FnResult<f64> {
    match v {
        Value::Number(n) => Ok(*n),
        Value::String(s) => parse_number(s).ok_or_else(|| {
            bad(format!(
                "invalid value for \"{what}\": a number is required, got {:?}",
                &**s
            ))
        }),
        Value::Unknown(_) | Value::Partial(_) => Err(Flow::Unknown),
        Value::Null => invalid(format!(
            "invalid value for \"{what}\": argument must not be null"
        )),
        other => invalid(format!(
            "invalid value for \"{what}\": number required, got {}",
            type_desc(other)
        )),
    }
}

/// A whole-number argument that fits an `i64`.
fn int_arg(v: &Value, what: &str) -> FnResult<i64> {
    let n = num_arg(v, what)?;
    if n.fract() != 0.0 || !n.is_finite() {
        return invalid(format!(
            "invalid value for \"{what}\": value must be a whole number"
        ));
    }
    if n.abs() >= 9.2e18 {
        return invalid(format!("invalid value for \"{what}\": value is too large"));
    }
    Ok(n as i64)
}

fn bool_of(v: &Value, what: &str) -> FnResult<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if &**s == "true" => Ok(true),
        Value::String(s) if &**s == "false" => Ok(false),
        Value::Unknown(_) | Value::Partial(_) => Err(Flow::Unknown),
        Value::Null => invalid(format!(
            "invalid value for \"{what}\": argument must not be null"
        )),
        other => invalid(format!(
            "invalid value for \"{what}\": bool required, got {}",
            type_desc(other)
        )),
    }
}

fn list_arg<'a>(v: &'a Value, what: &str) -> FnResult<&'a [Value]> {
    match v {
        Value::List(items) => Ok(items),
        Value::Unknown(_) => Err(Flow::Unknown),
        Value::Null => invalid(format!(
            "invalid value for \"{what}\": argument must not be null"
        )),
        other => invalid(format!(
            "invalid value for \"{what}\": list, set or tuple required, got {}",
            type_desc(other)
        )),
    }
}

fn obj_arg<'a>(v: &'a Value, what: &str) -> FnResult<&'a Map> {
    match v {
        Value::Object(m) => Ok(m),
        // A whole resource has computed attributes we cannot list.
        Value::Unknown(_) | Value::Resource(_) => Err(Flow::Unknown),
        Value::Null => invalid(format!(
            "invalid value for \"{what}\": argument must not be null"
        )),
        other => invalid(format!(
            "invalid value for \"{what}\": map or object required, got {}",
            type_desc(other)
        )),
    }
}

/// Encoding `v` gives at least `data_size(v)` bytes: refuse before encoding when that is over
/// the string limit.
fn encoded_size_guard(what: &str, v: &Value, cx: &FnCtx) -> FnResult<()> {
    let limit = cx.max_string_len as u64;
    // Every node encodes to at least one byte.
    let n = data_size(&[v], 1, limit);
    if n > limit {
        return invalid(format!(
            "{what} would produce a string of more than {limit} bytes, over the limit"
        ));
    }
    Ok(())
}

fn check_len(n: usize, cx: &FnCtx) -> FnResult<()> {
    if n > cx.max_string_len {
        return invalid(format!(
            "result would be a string of {n} bytes, over the limit of {} bytes",
            cx.max_string_len
        ));
    }
    Ok(())
}

fn check_count(what: &str, n: u128, cx: &FnCtx) -> FnResult<()> {
    if n > cx.max_collection_len as u128 {
        return invalid(format!(
            "{what} would produce {n} elements, over the limit of {}",
            cx.max_collection_len
        ));
    }
    Ok(())
}

fn finite(n: f64) -> FnResult<Value> {
    if n.is_nan() {
        return invalid("the result is not a number");
    }
    Ok(Value::Number(n))
}

/// The string form of a primitive value inside a collection (for `join`, `sort`, ...).
fn elem_parts(v: &Value, what: &str) -> FnResult<Vec<Part>> {
    match v {
        Value::Null => invalid(format!("{what} is null; cannot use null values here")),
        Value::List(_) | Value::Object(_) | Value::Resource(_) => invalid(format!(
            "{what} is a {}; a string is required",
            type_desc(v)
        )),
        other => Ok(value::string_parts(other).unwrap_or_default()),
    }
}

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use super::*;
    use crate::terraform::functions::test_support::*;

    /// Every number a configuration chooses that sizes what a function builds is checked
    /// against `string-length` / `collection-length` before allocating, or is harmless.
    #[test]
    fn user_chosen_sizes_are_bounded() {
        let mut c = cx();
        c.max_string_len = 1000;
        c.max_collection_len = 100;
        let big = s(&"x".repeat(600));
        let refused: Vec<(&str, Vec<Value>)> = vec![
            ("range", vec![n(0.0), n(1e9), n(1e-6)]),
            ("range", vec![n(1e15)]),
            ("range", vec![n(0.0), n(1.0), n(0.0)]),
            ("cidrsubnets", vec![s("10.0.0.0/8"), n(200.0)]),
            ("cidrsubnet", vec![s("::/0"), n(1e12), n(1.0)]),
            (
                "join",
                vec![big.clone(), Value::list(vec![big.clone(), big.clone()])],
            ),
            ("indent", vec![n(1e12), s("a\nb")]),
            (
                "formatlist",
                vec![s("%s%s"), Value::list(vec![big.clone(); 2]), big.clone()],
            ),
            ("setproduct", vec![Value::list(vec![n(1.0); 20]); 3]),
            ("replace", vec![big.clone(), s("x"), s("xx")]),
        ];
        for (f, args) in refused {
            match call(f, &args, &mut c) {
                Err(_) => {}
                Ok(v) => {
                    let (cost, _) = crate::terraform::eval::value_cost(&v, u64::MAX);
                    panic!("{f} built a value of cost {cost} past the limits")
                }
            }
        }
        // Huge lengths that do not size anything are fine.
        assert_eq!(
            call("substr", &[s("abc"), n(0.0), n(1e15)], &mut c).unwrap(),
            s("abc")
        );
        assert!(call("pow", &[n(10.0), n(400.0)], &mut c).is_ok());
        // Terraform: a chunk size of 0 gives the whole list as one chunk.
        assert!(call("chunklist", &[Value::list(vec![n(1.0)]), n(0.0)], &mut c).is_ok());
    }

    // ---- limits and robustness

    #[test]
    fn string_results_are_bounded() {
        let mut c = cx();
        c.max_string_len = 100;
        let long = s(&"x".repeat(60));
        for (name, args) in [
            ("join", vec![s(","), l(vec![long.clone(), long.clone()])]),
            ("indent", vec![n(1000.0), s("a\nb")]),
            ("format", vec![s("%s%s"), long.clone(), long.clone()]),
            ("base64encode", vec![s(&"x".repeat(90))]),
            ("urlencode", vec![s(&"/".repeat(40))]),
            ("replace", vec![long.clone(), s("x"), s("yy")]),
            ("yamlencode", vec![l(vec![long.clone(), long.clone()])]),
            ("jsonencode", vec![l(vec![long.clone(), long.clone()])]),
        ] {
            let r = call(name, &args, &mut c);
            assert!(
                matches!(r, Err(FnError::Invalid(ref m)) if m.contains("limit")),
                "{name}: {r:?}"
            );
        }
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        let odd = vec![
            Value::Null,
            b(true),
            n(-1.0),
            n(1e300),
            n(-0.5),
            n(f64::NAN),
            n(f64::INFINITY),
            s(""),
            s("é/\u{0}%"),
            s("%"),
            s("%[0]d"),
            s("%[99999999999999999999]d"),
            s("/(/"),
            s("-"),
            s("::/200"),
            l(vec![]),
            l(vec![Value::Null, l(vec![])]),
            obj(&[]),
            obj(&[("a", l(vec![]))]),
            unk("x"),
            partial(vec![lit("a"), Part::Unknown(arc(&unk("y")))]),
        ];
        let mut c = FnCtx::new(std::env::temp_dir().join("pe-lint-no-such-boundary"));
        for name in SUPPORTED {
            for a in &odd {
                let _ = call(name, &[], &mut c);
                let _ = call(name, std::slice::from_ref(a), &mut c);
                for b2 in &odd {
                    let _ = call(name, &[a.clone(), b2.clone()], &mut c);
                    let _ = call(name, &[a.clone(), b2.clone(), n(3.0)], &mut c);
                }
            }
        }
        assert_eq!(
            call("no_such_function", &[], &mut c),
            Err(FnError::Unsupported)
        );
        assert_eq!(
            call("templatefile", &[s("x"), obj(&[])], &mut c),
            Err(FnError::Unsupported)
        );
    }

    #[test]
    fn shared_values_cannot_make_calls_slow() {
        // A value that shares its pieces: 2^40 leaves, but only 41 allocations. And a list of
        // a million references to one 1 MiB string.
        let mut dag = l(vec![s("leaf"), unk("aws_instance.a.id")]);
        for _ in 0..40 {
            dag = l(vec![dag.clone(), dag.clone()]);
        }
        let big = s(&"x".repeat(1 << 20));
        let many = l(vec![big.clone(); 1_000_000]);
        let other_big = s(&"x".repeat(1 << 20)); // equal content, different allocation
        let start = std::time::Instant::now();
        for v in [&dag, &many] {
            for (name, args) in [
                ("jsonencode", vec![v.clone()]),
                ("yamlencode", vec![v.clone()]),
                ("format", vec![s("%v"), v.clone()]),
                ("distinct", vec![v.clone()]),
                ("flatten", vec![v.clone()]),
                ("contains", vec![v.clone(), other_big.clone()]),
                ("index", vec![v.clone(), other_big.clone()]),
                ("toset", vec![v.clone()]),
                ("sort", vec![v.clone()]),
                ("setunion", vec![v.clone(), v.clone()]),
                ("matchkeys", vec![v.clone(), v.clone(), v.clone()]),
                ("join", vec![s(","), v.clone()]),
                ("length", vec![v.clone()]),
                ("concat", vec![v.clone(), v.clone()]),
                ("upper", vec![v.clone()]),
            ] {
                let _ = call(name, &args, &mut cx());
            }
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "{:?}",
            start.elapsed()
        );
        assert!(err("jsonencode", &[many.clone()]).contains("limit"));
        assert!(err("distinct", &[many.clone()]).contains("too large"));
    }

    #[test]
    fn random_inputs_do_not_panic() {
        let alphabet: Vec<char> = "-:?|>[]{},#&*!'\"\\ \n\t\rab01.~%$/<>+eEZT\u{e9}\u{1F600}"
            .chars()
            .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut c = cx();
        for _ in 0..5_000 {
            let len = (next() % 40) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let t = s(&text);
            let _ = call("yamldecode", std::slice::from_ref(&t), &mut c);
            let _ = call("format", &[t.clone(), n(1.5), s("a")], &mut c);
            let _ = call(
                "formatdate",
                &[t.clone(), s("2018-01-02T23:12:01Z")],
                &mut c,
            );
            let _ = call("timeadd", &[s("2018-01-02T23:12:01Z"), t.clone()], &mut c);
            let _ = call("replace", &[s("abc$1"), t.clone(), t.clone()], &mut c);
            let _ = call("csvdecode", std::slice::from_ref(&t), &mut c);
            let _ = call("jsondecode", std::slice::from_ref(&t), &mut c);
            let _ = call("cidrsubnets", &[t.clone(), n(2.0)], &mut c);
            let _ = call("regexall", &[t.clone(), t.clone()], &mut c);
            let _ = call(
                "substr",
                &[t.clone(), n((next() % 7) as f64 - 3.0), n(-1.0)],
                &mut c,
            );
            let _ = call("title", std::slice::from_ref(&t), &mut c);
            let _ = call("yamlencode", std::slice::from_ref(&t), &mut c);
            if let Ok(enc) = call("yamlencode", &[l(vec![t.clone()])], &mut c) {
                assert_eq!(
                    call("yamldecode", &[enc.clone()], &mut c),
                    Ok(l(vec![t.clone()])),
                    "round trip of {text:?} through {enc:?}"
                );
            }
        }
    }

    #[test]
    fn arity_is_checked() {
        assert!(err("upper", &[]).contains("expects 1 argument, got 0"));
        assert!(err("lookup", &[obj(&[])]).contains("expects 2 to 3 arguments"));
        assert!(err("join", &[s(",")]).contains("at least 2"));
    }

    /// The supported list is the dispatch table: every name once, every name callable, and
    /// exactly the 109 functions the evaluator has always had, plus `fileset`.
    #[test]
    fn supported_names_are_the_dispatch_table() {
        assert_eq!(SUPPORTED.len(), 110);
        let mut sorted = SUPPORTED.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            sorted.len(),
            SUPPORTED.len(),
            "a name is in the table twice"
        );
        for name in SUPPORTED {
            let r = call(name, &[], &mut cx());
            assert_ne!(r, Err(FnError::Unsupported), "{name}");
        }
        for name in ["can", "try", "templatefile", "templatestring", "nosuch", ""] {
            assert_eq!(
                call(name, &[], &mut cx()),
                Err(FnError::Unsupported),
                "{name}"
            );
            assert!(!SUPPORTED.contains(&name), "{name}");
        }
        for name in [
            "format",
            "cidrsubnets",
            "yamldecode",
            "timecmp",
            "min",
            "filesha512",
        ] {
            assert!(SUPPORTED.contains(&name), "{name}");
        }
    }
}
