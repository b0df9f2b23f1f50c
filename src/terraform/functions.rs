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

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

use super::value::{self, concat_parts, format_number, Map, Origin, Part, Unknown, Value};

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
}

impl FnCtx {
    pub fn new(boundary: impl Into<PathBuf>) -> FnCtx {
        FnCtx {
            boundary: boundary.into(),
            max_string_len: DEFAULT_MAX_STRING_LEN,
            max_collection_len: DEFAULT_MAX_COLLECTION_LEN,
            warnings: Vec::new(),
            cwd: None,
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

type R<T> = Result<T, Flow>;

fn bad(msg: impl Into<String>) -> Flow {
    Flow::Err(FnError::Invalid(msg.into()))
}

fn invalid<T>(msg: impl Into<String>) -> R<T> {
    Err(bad(msg))
}

/// Every function name this module implements (for "did you mean" and for documentation).
#[rustfmt::skip]
pub const SUPPORTED: &[&str] = &[
    // string
    "format", "formatlist", "join", "split", "lower", "upper", "title", "replace", "substr",
    "trim", "trimprefix", "trimsuffix", "trimspace", "chomp", "startswith", "endswith",
    "strcontains", "strrev", "regex", "regexall", "indent", "sensitive", "nonsensitive",
    // collection
    "concat", "merge", "lookup", "element", "index", "keys", "values", "length", "contains",
    "distinct", "flatten", "compact", "coalesce", "coalescelist", "one", "range", "reverse",
    "slice", "sort", "sum", "setunion", "setintersection", "setsubtract", "setproduct",
    "zipmap", "transpose", "alltrue", "anytrue", "chunklist", "matchkeys",
    // type conversion
    "tolist", "toset", "tomap", "tostring", "tonumber", "tobool",
    // numeric
    "abs", "ceil", "floor", "pow", "signum", "log", "min", "max", "parseint",
    // encoding
    "jsonencode", "jsondecode", "yamlencode", "yamldecode", "base64encode", "base64decode",
    "urlencode", "csvdecode", "textencodebase64", "textdecodebase64",
    // filesystem
    "file", "fileexists", "filebase64", "basename", "dirname", "abspath", "pathexpand",
    "filemd5", "filesha1", "filesha256", "filesha512", "filebase64sha256", "filebase64sha512",
    // hashing
    "md5", "sha1", "sha256", "sha512", "base64sha256", "base64sha512", "uuidv5",
    // network
    "cidrsubnet", "cidrhost", "cidrnetmask", "cidrsubnets",
    // date and random
    "timestamp", "plantimestamp", "uuid", "bcrypt", "formatdate", "timeadd", "timecmp",
];

/// Call the Terraform built-in `name` with already evaluated arguments.
pub fn call(name: &str, args: &[Value], cx: &mut FnCtx) -> Result<Value, FnError> {
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
        Err(Flow::Unknown) => Ok(unknown_of(args)),
        Err(Flow::Err(e)) => Err(e),
    }
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
    Value::Unknown(Arc::new(Unknown { origins }))
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
fn guard(what: &str, vals: &[&Value]) -> R<()> {
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

fn dispatch(name: &str, a: &[Value], cx: &mut FnCtx) -> R<Value> {
    match name {
        // ---- string
        "format" => {
            arity(name, a, 1, usize::MAX)?;
            format_fn(&a[0], &a[1..], cx)
        }
        "formatlist" => {
            arity(name, a, 1, usize::MAX)?;
            formatlist(&a[0], &a[1..], cx)
        }
        "join" => {
            arity(name, a, 2, usize::MAX)?;
            join(&a[0], &a[1..], cx)
        }
        "split" => {
            arity(name, a, 2, 2)?;
            split(&a[0], &a[1], cx)
        }
        "lower" => {
            arity(name, a, 1, 1)?;
            map_string(&a[0], "str", |s| simple_case(s, false))
        }
        "upper" => {
            arity(name, a, 1, 1)?;
            map_string(&a[0], "str", |s| simple_case(s, true))
        }
        "title" => {
            arity(name, a, 1, 1)?;
            Ok(Value::string(title(&str_arg(&a[0], "str")?)))
        }
        "replace" => {
            arity(name, a, 3, 3)?;
            replace(&a[0], &a[1], &a[2], cx)
        }
        "substr" => {
            arity(name, a, 3, 3)?;
            substr(&a[0], &a[1], &a[2])
        }
        "trim" => {
            arity(name, a, 2, 2)?;
            let cutset = str_arg(&a[1], "cutset")?.into_owned();
            trim_ends(
                &a[0],
                |s| s.trim_start_matches(|c| cutset.contains(c)),
                |s| s.trim_end_matches(|c| cutset.contains(c)),
            )
        }
        "trimspace" => {
            arity(name, a, 1, 1)?;
            trim_ends(&a[0], str::trim_start, str::trim_end)
        }
        "chomp" => {
            arity(name, a, 1, 1)?;
            trim_ends(&a[0], |s| s, |s| s.trim_end_matches(['\r', '\n']))
        }
        "trimprefix" => {
            arity(name, a, 2, 2)?;
            trimprefix(&a[0], &a[1])
        }
        "trimsuffix" => {
            arity(name, a, 2, 2)?;
            trimsuffix(&a[0], &a[1])
        }
        "startswith" => {
            arity(name, a, 2, 2)?;
            startswith(&a[0], &a[1])
        }
        "endswith" => {
            arity(name, a, 2, 2)?;
            endswith(&a[0], &a[1])
        }
        "strcontains" => {
            arity(name, a, 2, 2)?;
            strcontains(&a[0], &a[1])
        }
        "strrev" => {
            arity(name, a, 1, 1)?;
            strrev(&a[0])
        }
        "regex" => {
            arity(name, a, 2, 2)?;
            regex_fn(&a[0], &a[1], false, cx)
        }
        "regexall" => {
            arity(name, a, 2, 2)?;
            regex_fn(&a[0], &a[1], true, cx)
        }
        "indent" => {
            arity(name, a, 2, 2)?;
            indent(&a[0], &a[1], cx)
        }
        "sensitive" | "nonsensitive" => {
            arity(name, a, 1, 1)?;
            Ok(a[0].clone())
        }

        // ---- collection
        "concat" => concat(a, cx),
        "merge" => merge(a),
        "lookup" => {
            arity(name, a, 2, 3)?;
            lookup(a)
        }
        "element" => {
            arity(name, a, 2, 2)?;
            element(&a[0], &a[1])
        }
        "index" => {
            arity(name, a, 2, 2)?;
            index(&a[0], &a[1])
        }
        "keys" => {
            arity(name, a, 1, 1)?;
            let m = obj_arg(&a[0], "inputMap")?;
            Ok(Value::list(
                m.keys().map(|k| Value::string(k.as_str())).collect(),
            ))
        }
        "values" => {
            arity(name, a, 1, 1)?;
            let m = obj_arg(&a[0], "mapping")?;
            Ok(Value::list(m.values().cloned().collect()))
        }
        "length" => {
            arity(name, a, 1, 1)?;
            length(&a[0])
        }
        "contains" => {
            arity(name, a, 2, 2)?;
            contains(&a[0], &a[1])
        }
        "distinct" => {
            arity(name, a, 1, 1)?;
            distinct(&a[0])
        }
        "flatten" => {
            arity(name, a, 1, 1)?;
            let items = list_arg(&a[0], "list")?;
            let mut out = Vec::new();
            flatten_into(items, &mut out, 0, cx)?;
            Ok(Value::list(out))
        }
        "compact" => {
            arity(name, a, 1, 1)?;
            compact(&a[0])
        }
        "coalesce" => coalesce(a),
        "coalescelist" => coalescelist(a),
        "one" => {
            arity(name, a, 1, 1)?;
            let items = list_arg(&a[0], "list")?;
            match items {
                [] => Ok(Value::Null),
                [x] => Ok(x.clone()),
                _ => {
                    invalid("must be a list, set, or tuple value with either zero or one elements")
                }
            }
        }
        "range" => range(a, cx),
        "reverse" => {
            arity(name, a, 1, 1)?;
            let items = list_arg(&a[0], "list")?;
            Ok(Value::list(items.iter().rev().cloned().collect()))
        }
        "slice" => {
            arity(name, a, 3, 3)?;
            slice(&a[0], &a[1], &a[2])
        }
        "sort" => {
            arity(name, a, 1, 1)?;
            sort(&a[0])
        }
        "sum" => {
            arity(name, a, 1, 1)?;
            sum(&a[0])
        }
        "min" | "max" => min_max(name, a),
        "setunion" => set_op(name, a, SetOp::Union),
        "setintersection" => set_op(name, a, SetOp::Intersection),
        "setsubtract" => {
            arity(name, a, 2, 2)?;
            set_op(name, a, SetOp::Subtract)
        }
        "setproduct" => setproduct(a, cx),
        "zipmap" => {
            arity(name, a, 2, 2)?;
            zipmap(&a[0], &a[1])
        }
        "transpose" => {
            arity(name, a, 1, 1)?;
            transpose(&a[0])
        }
        "alltrue" | "anytrue" => {
            arity(name, a, 1, 1)?;
            all_any(&a[0], name == "alltrue")
        }
        "chunklist" => {
            arity(name, a, 2, 2)?;
            chunklist(&a[0], &a[1])
        }
        "matchkeys" => {
            arity(name, a, 3, 3)?;
            matchkeys(&a[0], &a[1], &a[2])
        }

        // ---- type conversion
        "tolist" => {
            arity(name, a, 1, 1)?;
            to_list(&a[0], false)
        }
        "toset" => {
            arity(name, a, 1, 1)?;
            to_list(&a[0], true)
        }
        "tomap" => {
            arity(name, a, 1, 1)?;
            to_map(&a[0])
        }
        "tostring" => {
            arity(name, a, 1, 1)?;
            match &a[0] {
                Value::Null | Value::String(_) | Value::Partial(_) | Value::Unknown(_) => {
                    Ok(a[0].clone())
                }
                Value::Number(n) => Ok(Value::string(format_number(*n))),
                Value::Bool(b) => Ok(Value::string(if *b { "true" } else { "false" })),
                other => invalid(format!("cannot convert {} to string", type_desc(other))),
            }
        }
        "tonumber" => {
            arity(name, a, 1, 1)?;
            match &a[0] {
                Value::Null => Ok(Value::Null),
                Value::Number(_) => Ok(a[0].clone()),
                Value::String(s) => parse_number(s)
                    .map(Value::Number)
                    .ok_or_else(|| bad(format!("cannot convert {:?} to number", &**s))),
                Value::Unknown(_) | Value::Partial(_) => Err(Flow::Unknown),
                other => invalid(format!("cannot convert {} to number", type_desc(other))),
            }
        }
        "tobool" => {
            arity(name, a, 1, 1)?;
            match &a[0] {
                Value::Null => Ok(Value::Null),
                Value::Bool(_) => Ok(a[0].clone()),
                Value::String(s) if &**s == "true" => Ok(Value::Bool(true)),
                Value::String(s) if &**s == "false" => Ok(Value::Bool(false)),
                Value::String(s) => invalid(format!("cannot convert {:?} to bool", &**s)),
                Value::Unknown(_) | Value::Partial(_) => Err(Flow::Unknown),
                other => invalid(format!("cannot convert {} to bool", type_desc(other))),
            }
        }

        // ---- numeric
        "abs" => num1(name, a, f64::abs),
        "ceil" => num1(name, a, f64::ceil),
        "floor" => num1(name, a, f64::floor),
        "signum" => num1(name, a, |n| {
            if n > 0.0 {
                1.0
            } else if n < 0.0 {
                -1.0
            } else {
                0.0
            }
        }),
        "pow" => {
            arity(name, a, 2, 2)?;
            let x = num_arg(&a[0], "num")?;
            let y = num_arg(&a[1], "power")?;
            finite(x.powf(y))
        }
        "log" => {
            arity(name, a, 2, 2)?;
            let x = num_arg(&a[0], "num")?;
            let b = num_arg(&a[1], "base")?;
            let r = x.ln() / b.ln();
            if r.is_nan() {
                return invalid("logarithm is undefined for these arguments");
            }
            Ok(Value::Number(r))
        }
        "parseint" => {
            arity(name, a, 2, 2)?;
            parseint(&a[0], &a[1])
        }

        // ---- encoding
        "jsonencode" => {
            arity(name, a, 1, 1)?;
            encoded_size_guard(name, &a[0], cx)?;
            Ok(value::json_encode(&a[0]))
        }
        "jsondecode" => {
            arity(name, a, 1, 1)?;
            match &a[0] {
                Value::Null => invalid("argument must not be null"),
                v @ (Value::String(_) | Value::Partial(_) | Value::Unknown(_)) => {
                    value::json_decode(v).map_err(|e| bad(format!("invalid JSON: {e}")))
                }
                other => invalid(format!("string required, got {}", type_desc(other))),
            }
        }
        "yamlencode" => {
            arity(name, a, 1, 1)?;
            yaml_encode(&a[0], cx)
        }
        "yamldecode" => {
            arity(name, a, 1, 1)?;
            let s = str_arg(&a[0], "src")?;
            yaml_decode(&s, cx)
        }
        "base64encode" | "textencodebase64" => {
            if name == "textencodebase64" {
                arity(name, a, 2, 2)?;
                text_encoding(&a[1])?;
            } else {
                arity(name, a, 1, 1)?;
            }
            let s = str_arg(&a[0], "str")?;
            check_len(s.len().div_ceil(3).saturating_mul(4), cx)?;
            Ok(Value::string(b64_encode(s.as_bytes())))
        }
        "base64decode" | "textdecodebase64" => {
            if name == "textdecodebase64" {
                arity(name, a, 2, 2)?;
                text_encoding(&a[1])?;
            } else {
                arity(name, a, 1, 1)?;
            }
            let s = str_arg(&a[0], "str")?;
            let bytes = b64_decode(&s).ok_or_else(|| {
                bad("failed to decode base64 data: the string is not valid base64")
            })?;
            String::from_utf8(bytes)
                .map(Value::string)
                .map_err(|_| bad("the result of decoding the provided string is not valid UTF-8"))
        }
        "urlencode" => {
            arity(name, a, 1, 1)?;
            if let Value::String(text) = &a[0] {
                let escaped = text.bytes().filter(|b| !is_url_unreserved(*b)).count();
                check_len(text.len().saturating_add(escaped.saturating_mul(2)), cx)?;
            }
            map_string(&a[0], "str", urlencode)
        }
        "csvdecode" => {
            arity(name, a, 1, 1)?;
            let s = str_arg(&a[0], "str")?;
            csvdecode(&s, cx)
        }

        // ---- filesystem
        "file" => {
            arity(name, a, 1, 1)?;
            let p = str_arg(&a[0], "path")?;
            Ok(Value::string(read_file_in_tree(&p, cx)?))
        }
        "filebase64" => {
            arity(name, a, 1, 1)?;
            let p = str_arg(&a[0], "path")?;
            let bytes = read_bytes_in_tree(&p, cx, name)?;
            Ok(Value::string(b64_encode(&bytes)))
        }
        "filemd5" | "filesha1" | "filesha256" | "filesha512" | "filebase64sha256"
        | "filebase64sha512" => {
            arity(name, a, 1, 1)?;
            let p = str_arg(&a[0], "path")?;
            let bytes = read_bytes_in_tree(&p, cx, name)?;
            Ok(Value::string(hash(&name[4..], &bytes)))
        }
        "fileexists" => {
            arity(name, a, 1, 1)?;
            let p = str_arg(&a[0], "path")?;
            fileexists(&p, cx)
        }
        "basename" => {
            arity(name, a, 1, 1)?;
            Ok(Value::string(go_base(&str_arg(&a[0], "path")?)))
        }
        "dirname" => {
            arity(name, a, 1, 1)?;
            Ok(Value::string(go_dir(&str_arg(&a[0], "path")?)))
        }
        "abspath" => {
            arity(name, a, 1, 1)?;
            let p = str_arg(&a[0], "path")?;
            let joined = if p.starts_with('/') {
                p.into_owned()
            } else {
                let cwd = match &cx.cwd {
                    Some(c) => crate::discover::absolute(c),
                    None => std::env::current_dir()
                        .map_err(|e| bad(format!("cannot determine the working directory: {e}")))?,
                };
                format!("{}/{}", cwd.to_string_lossy(), p)
            };
            Ok(Value::string(go_clean(&joined)))
        }
        "pathexpand" => {
            arity(name, a, 1, 1)?;
            let p = str_arg(&a[0], "path")?;
            if p.starts_with('~') {
                Ok(Value::unknown_from(Origin::new("pathexpand()")))
            } else {
                Ok(Value::string(p.into_owned()))
            }
        }

        // ---- hashing
        "md5" | "sha1" | "sha256" | "sha512" | "base64sha256" | "base64sha512" => {
            arity(name, a, 1, 1)?;
            let s = str_arg(&a[0], "str")?;
            Ok(Value::string(hash(name, s.as_bytes())))
        }
        "uuidv5" => {
            arity(name, a, 2, 2)?;
            uuidv5(&a[0], &a[1])
        }

        // ---- network
        "cidrsubnet" => {
            arity(name, a, 3, 3)?;
            cidrsubnet(&a[0], &a[1], &a[2])
        }
        "cidrhost" => {
            arity(name, a, 2, 2)?;
            cidrhost(&a[0], &a[1])
        }
        "cidrnetmask" => {
            arity(name, a, 1, 1)?;
            cidrnetmask(&a[0])
        }
        "cidrsubnets" => {
            arity(name, a, 1, usize::MAX)?;
            cidrsubnets(&a[0], &a[1..], cx)
        }

        // ---- date and random: known only after apply
        "timestamp" | "plantimestamp" | "uuid" | "bcrypt" => {
            let text = if name == "bcrypt" {
                "bcrypt()".to_string()
            } else {
                format!("{name}()")
            };
            Ok(Value::unknown_from(Origin::new(text)))
        }
        "formatdate" => {
            arity(name, a, 2, 2)?;
            formatdate(&a[0], &a[1])
        }
        "timeadd" => {
            arity(name, a, 2, 2)?;
            timeadd(&a[0], &a[1])
        }
        "timecmp" => {
            arity(name, a, 2, 2)?;
            timecmp(&a[0], &a[1])
        }

        _ => Err(Flow::Err(FnError::Unsupported)),
    }
}

// ---------------------------------------------------------------------------------------------
// Argument helpers

fn arity(name: &str, args: &[Value], min: usize, max: usize) -> R<()> {
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
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) | Value::Partial(_) => "string",
        Value::List(_) => "list",
        Value::Object(_) | Value::Resource(_) => "object",
        Value::Unknown(_) => "unknown value",
    }
}

/// A string argument: numbers and bools convert as Terraform converts them.
fn str_arg<'a>(v: &'a Value, what: &str) -> R<Cow<'a, str>> {
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

fn num_arg(v: &Value, what: &str) -> R<f64> {
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
fn int_arg(v: &Value, what: &str) -> R<i64> {
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

fn bool_of(v: &Value, what: &str) -> R<bool> {
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

fn list_arg<'a>(v: &'a Value, what: &str) -> R<&'a [Value]> {
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

fn obj_arg<'a>(v: &'a Value, what: &str) -> R<&'a Map> {
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
fn encoded_size_guard(what: &str, v: &Value, cx: &FnCtx) -> R<()> {
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

fn check_len(n: usize, cx: &FnCtx) -> R<()> {
    if n > cx.max_string_len {
        return invalid(format!(
            "result would be a string of {n} bytes, over the limit of {} bytes",
            cx.max_string_len
        ));
    }
    Ok(())
}

fn check_count(what: &str, n: u128, cx: &FnCtx) -> R<()> {
    if n > cx.max_collection_len as u128 {
        return invalid(format!(
            "{what} would produce {n} elements, over the limit of {}",
            cx.max_collection_len
        ));
    }
    Ok(())
}

fn finite(n: f64) -> R<Value> {
    if n.is_nan() {
        return invalid("the result is not a number");
    }
    Ok(Value::Number(n))
}

fn num1(name: &str, a: &[Value], f: impl Fn(f64) -> f64) -> R<Value> {
    arity(name, a, 1, 1)?;
    finite(f(num_arg(&a[0], "num")?))
}

/// The string form of a primitive value inside a collection (for `join`, `sort`, ...).
fn elem_parts(v: &Value, what: &str) -> R<Vec<Part>> {
    match v {
        Value::Null => invalid(format!("{what} is null; cannot use null values here")),
        Value::List(_) | Value::Object(_) | Value::Resource(_) => invalid(format!(
            "{what} is a {}; a string is required",
            type_desc(v)
        )),
        other => Ok(value::string_parts(other).unwrap_or_default()),
    }
}

// ---------------------------------------------------------------------------------------------
// Terraform equality and type unification

/// Equality as Terraform's `==` sees it (values of different types are not equal; callers
/// unify list elements first where Terraform would): `None` when unknown.
fn tf_eq(a: &Value, b: &Value) -> Option<bool> {
    tf_eq_at(a, b, 0)
}

fn tf_eq_at(a: &Value, b: &Value, depth: usize) -> Option<bool> {
    if depth > MAX_DEPTH {
        return None;
    }
    match (a, b) {
        (Value::String(x), Value::String(y)) if Arc::ptr_eq(x, y) => return Some(true),
        // The very same value (possibly with unknowns inside) is equal to itself.
        (Value::List(x), Value::List(y)) if Arc::ptr_eq(x, y) => return Some(true),
        (Value::Object(x), Value::Object(y)) if Arc::ptr_eq(x, y) => return Some(true),
        _ => {}
    }
    match (a, b) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
        (Value::Partial(_), _) | (_, Value::Partial(_)) => None,
        (Value::Resource(_), _) | (_, Value::Resource(_)) => None,
        (Value::Null, Value::Null) => Some(true),
        (Value::Null, _) | (_, Value::Null) => Some(false),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut unknown = false;
            for (p, q) in x.iter().zip(y.iter()) {
                match tf_eq_at(p, q, depth + 1) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(true)
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() || !x.keys().eq(y.keys()) {
                return Some(false);
            }
            let mut unknown = false;
            for (p, q) in x.values().zip(y.values()) {
                match tf_eq_at(p, q, depth + 1) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(true)
            }
        }
        _ => Some(a == b),
    }
}

fn canon_hash(v: &Value, h: &mut impl std::hash::Hasher, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let prim = |h: &mut dyn std::hash::Hasher, text: &str| {
        h.write_u8(b'p');
        h.write(text.as_bytes());
        h.write_u8(0xff);
    };
    match v {
        Value::String(s) => prim(h, s),
        Value::Number(n) => prim(h, &format_number(*n)),
        Value::Bool(b) => prim(h, if *b { "true" } else { "false" }),
        Value::Null => h.write_u8(b'n'),
        Value::List(items) => {
            h.write_u8(b'[');
            for i in items.iter() {
                canon_hash(i, h, depth + 1);
            }
            h.write_u8(b']');
        }
        Value::Object(m) => {
            h.write_u8(b'{');
            for (k, x) in m.iter() {
                h.write(k.as_bytes());
                h.write_u8(0xff);
                canon_hash(x, h, depth + 1);
            }
            h.write_u8(b'}');
        }
        _ => h.write_u8(b'u'),
    }
}

/// A set of known values under Terraform equality, hashed so that large lists are not
/// compared pairwise.
#[derive(Default)]
struct Seen {
    buckets: std::collections::HashMap<u64, Vec<Value>>,
}

impl Seen {
    fn key(v: &Value) -> u64 {
        use std::hash::Hasher as _;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        canon_hash(v, &mut h, 0);
        h.finish()
    }

    fn contains(&self, v: &Value) -> bool {
        self.buckets
            .get(&Self::key(v))
            .is_some_and(|b| b.iter().any(|x| tf_eq(x, v) == Some(true)))
    }

    /// Adds `v`; false when an equal value was already there.
    fn insert(&mut self, v: &Value) -> bool {
        let bucket = self.buckets.entry(Self::key(v)).or_default();
        if bucket.iter().any(|x| tf_eq(x, v) == Some(true)) {
            return false;
        }
        bucket.push(v.clone());
        true
    }
}

/// A list whose primitive elements mix strings with numbers or bools becomes a list of
/// strings, as Terraform unifies `list(string)`.
fn unify(items: Vec<Value>) -> Vec<Value> {
    let has_string = items
        .iter()
        .any(|v| matches!(v, Value::String(_) | Value::Partial(_)));
    let has_other = items
        .iter()
        .any(|v| matches!(v, Value::Number(_) | Value::Bool(_)));
    if !(has_string && has_other) {
        return items;
    }
    items
        .into_iter()
        .map(|v| match v {
            Value::Number(n) => Value::string(format_number(n)),
            Value::Bool(b) => Value::string(if b { "true" } else { "false" }),
            other => other,
        })
        .collect()
}

/// Sort and deduplicate known primitive elements the way Terraform orders sets: strings
/// lexically, numbers numerically, false before true. Elements that are not known
/// primitives keep their order after the sorted ones.
fn set_normalize(items: Vec<Value>) -> Vec<Value> {
    let items = unify(items);
    let mut known: Vec<Value> = Vec::new();
    let mut rest: Vec<Value> = Vec::new();
    let mut seen = Seen::default();
    for v in items {
        if v.is_wholly_known() && !seen.insert(&v) {
            continue;
        }
        match v {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => known.push(v),
            other => rest.push(other),
        }
    }
    known.sort_by(|a, b| match (a, b) {
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    });
    known.dedup();
    known.extend(rest);
    known
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Bool(_) => 0,
        Value::Number(_) => 1,
        _ => 2,
    }
}

// ---------------------------------------------------------------------------------------------
// Strings

/// Apply a text transformation that works character by character to every known piece of a
/// string, keeping unknown pieces.
fn map_string(v: &Value, what: &str, f: impl Fn(&str) -> String) -> R<Value> {
    match v {
        Value::Partial(parts) => Ok(concat_parts(
            parts
                .iter()
                .map(|p| match p {
                    Part::Lit(s) => Part::Lit(f(s)),
                    u => u.clone(),
                })
                .collect(),
        )),
        other => Ok(Value::string(f(&str_arg(other, what)?))),
    }
}

/// Go's `strings.ToUpper`/`ToLower`: simple (one-to-one) case mapping.
fn simple_case(s: &str, upper: bool) -> String {
    s.chars()
        .map(|c| {
            let mut it: Box<dyn Iterator<Item = char>> = if upper {
                Box::new(c.to_uppercase())
            } else {
                Box::new(c.to_lowercase())
            };
            match (it.next(), it.next()) {
                (Some(m), None) => m,
                _ => c,
            }
        })
        .collect()
}

/// Go's `strings.Title`: upper-case the first letter of every word.
fn title(s: &str) -> String {
    fn is_sep(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if c.is_alphanumeric() {
            return false;
        }
        c.is_whitespace()
    }
    let mut prev = ' ';
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_sep(prev) {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(m), None) => out.push(m),
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
        prev = c;
    }
    out
}

fn split(sep: &Value, s: &Value, cx: &FnCtx) -> R<Value> {
    let sep = str_arg(sep, "separator")?;
    let s = str_arg(s, "str")?;
    let pieces: Vec<Value> = if sep.is_empty() {
        check_count("split", s.chars().count() as u128, cx)?;
        s.chars().map(|c| Value::string(c.to_string())).collect()
    } else {
        check_count("split", s.matches(&*sep).count() as u128 + 1, cx)?;
        s.split(&*sep).map(Value::string).collect()
    };
    Ok(Value::list(pieces))
}

fn join(sep: &Value, lists: &[Value], cx: &FnCtx) -> R<Value> {
    let sep_parts = match sep {
        Value::Partial(p) => p.to_vec(),
        Value::Unknown(u) => vec![Part::Unknown(u.clone())],
        other => vec![Part::Lit(str_arg(other, "separator")?.into_owned())],
    };
    let sep_len: usize = sep_parts.iter().map(part_len).sum();
    let mut parts: Vec<Part> = Vec::new();
    let mut total = 0usize;
    let mut first = true;
    for (li, list) in lists.iter().enumerate() {
        let items = list_arg(list, "lists")?;
        for (i, item) in items.iter().enumerate() {
            let ps = elem_parts(item, &format!("element {i} of list {li}"))?;
            let add = ps.iter().map(part_len).sum::<usize>() + if first { 0 } else { sep_len };
            total = total.saturating_add(add);
            check_len(total, cx)?;
            if !first {
                parts.extend(sep_parts.iter().cloned());
            }
            first = false;
            parts.extend(ps);
        }
    }
    Ok(concat_parts(parts))
}

fn part_len(p: &Part) -> usize {
    match p {
        Part::Lit(s) => s.len(),
        Part::Unknown(_) => 0,
    }
}

/// `replace`: plain substring, or a regular expression when `substr` is `/.../`.
fn replace(s: &Value, search: &Value, rep: &Value, cx: &FnCtx) -> R<Value> {
    let search = str_arg(search, "substr")?;
    let rep = str_arg(rep, "replace")?;
    let is_re = search.len() > 1 && search.starts_with('/') && search.ends_with('/');
    if is_re {
        let re = compile_regex(&search[1..search.len() - 1])?;
        let s = str_arg(s, "str")?;
        let template = parse_template(&rep);
        let mut out = String::new();
        let mut last = 0;
        for caps in re.captures_iter(&s) {
            let Some(m) = caps.get(0) else { continue };
            let mut add = m.start() - last;
            for seg in &template {
                add = add.saturating_add(match seg {
                    TplSeg::Lit(l) => l.len(),
                    TplSeg::Group(g) => group(&re, &caps, g).map_or(0, |m| m.len()),
                });
            }
            check_len(out.len().saturating_add(add), cx)?;
            out.push_str(&s[last..m.start()]);
            for seg in &template {
                match seg {
                    TplSeg::Lit(l) => out.push_str(l),
                    TplSeg::Group(g) => {
                        if let Some(m) = group(&re, &caps, g) {
                            out.push_str(m.as_str())
                        }
                    }
                }
            }
            last = m.end();
        }
        check_len(out.len().saturating_add(s.len() - last), cx)?;
        out.push_str(&s[last..]);
        return Ok(Value::string(out));
    }
    let plain = |text: &str| -> R<String> {
        let n = if search.is_empty() {
            text.chars().count() + 1
        } else {
            text.matches(&*search).count()
        };
        let len = (text.len() as u128 + n as u128 * rep.len() as u128)
            .saturating_sub(n as u128 * search.len() as u128);
        check_len(usize::try_from(len).unwrap_or(usize::MAX), cx)?;
        Ok(text.replace(&*search, &rep))
    };
    match s {
        Value::Partial(parts) => {
            let mut out = Vec::with_capacity(parts.len());
            for p in parts.iter() {
                out.push(match p {
                    Part::Lit(t) => Part::Lit(plain(t)?),
                    u => u.clone(),
                });
            }
            Ok(concat_parts(out))
        }
        other => Ok(Value::string(plain(&str_arg(other, "str")?)?)),
    }
}

enum TplSeg {
    Lit(String),
    Group(GroupRef),
}

enum GroupRef {
    Index(usize),
    Name(String),
}

fn group<'h>(
    re: &regex::Regex,
    caps: &regex::Captures<'h>,
    g: &GroupRef,
) -> Option<regex::Match<'h>> {
    match g {
        GroupRef::Index(i) => caps.get(*i),
        GroupRef::Name(n) => {
            if re.capture_names().any(|c| c == Some(n.as_str())) {
                caps.name(n)
            } else {
                None
            }
        }
    }
}

/// Go's `Regexp.Expand` template syntax: `$1`, `${1}`, `$name`, `${name}`, `$$`.
fn parse_template(t: &str) -> Vec<TplSeg> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut rest = t;
    while let Some(i) = rest.find('$') {
        lit.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(stripped) = after.strip_prefix('$') {
            lit.push('$');
            rest = stripped;
            continue;
        }
        let (brace, body) = match after.strip_prefix('{') {
            Some(b) => (true, b),
            None => (false, after),
        };
        let name_len: usize = body
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map(|(j, _)| j)
            .unwrap_or(body.len());
        let name = &body[..name_len];
        let ok = !name.is_empty() && (!brace || body[name_len..].starts_with('}'));
        if !ok {
            lit.push('$');
            rest = after;
            continue;
        }
        if !lit.is_empty() {
            out.push(TplSeg::Lit(std::mem::take(&mut lit)));
        }
        let g = if name.bytes().all(|b| b.is_ascii_digit()) {
            // Go caps numbers at 1e8; such groups never exist.
            GroupRef::Index(name.parse::<usize>().unwrap_or(usize::MAX))
        } else {
            GroupRef::Name(name.to_string())
        };
        out.push(TplSeg::Group(g));
        rest = &body[name_len + usize::from(brace)..];
    }
    lit.push_str(rest);
    if !lit.is_empty() {
        out.push(TplSeg::Lit(lit));
    }
    out
}

fn compile_regex(pattern: &str) -> R<regex::Regex> {
    regex::RegexBuilder::new(pattern)
        .size_limit(8 << 20)
        .dfa_size_limit(8 << 20)
        .nest_limit(128)
        .build()
        .map_err(|e| bad(format!("invalid regular expression pattern: {e}")))
}

fn substr(s: &Value, offset: &Value, length: &Value) -> R<Value> {
    let s = str_arg(s, "str")?;
    let mut offset = int_arg(offset, "offset")?;
    let length = int_arg(length, "length")?;
    // Grapheme clusters, as Terraform counts characters.
    let chars: Vec<(usize, &str)> = s.grapheme_indices(true).collect();
    let total = chars.len() as i64;
    // Mirrors go-cty's Substr, including its corner cases.
    if offset < 0 {
        offset = offset.saturating_add(total);
    } else if length == 0 {
        return Ok(Value::string(""));
    }
    let start = if offset > 0 {
        if offset >= total {
            return Ok(Value::string(""));
        }
        offset as usize
    } else {
        0
    };
    let byte_start = chars.get(start).map_or(s.len(), |c| c.0);
    if length < 0 {
        return Ok(Value::string(&s[byte_start..]));
    }
    // Go's loop never matches a length of 0 here, so it runs to the end.
    let end = if length == 0 {
        chars.len()
    } else {
        start.saturating_add(length as usize).min(chars.len())
    };
    let byte_end = chars.get(end).map_or(s.len(), |c| c.0);
    Ok(Value::string(&s[byte_start..byte_end]))
}

/// Trim at both ends of a possibly partial string: the start function applies to the first
/// piece when it is known text, the end function to the last.
fn trim_ends(v: &Value, start: impl Fn(&str) -> &str, end: impl Fn(&str) -> &str) -> R<Value> {
    match v {
        Value::Partial(parts) => {
            let mut parts = parts.to_vec();
            if let Some(Part::Lit(s)) = parts.first_mut() {
                *s = start(s).to_string();
            }
            if let Some(Part::Lit(s)) = parts.last_mut() {
                *s = end(s).to_string();
            }
            Ok(concat_parts(parts))
        }
        other => {
            let s = str_arg(other, "str")?;
            Ok(Value::string(end(start(&s))))
        }
    }
}

/// The known text a possibly partial string starts with, and whether that is all of it.
fn known_prefix(v: &Value) -> R<Option<(&str, bool)>> {
    match v {
        Value::Partial(parts) => Ok(match parts.first() {
            Some(Part::Lit(s)) => Some((s.as_str(), false)),
            _ => Some(("", false)),
        }),
        Value::String(s) => Ok(Some((s, true))),
        _ => Ok(None),
    }
}

fn known_suffix(v: &Value) -> Option<(&str, bool)> {
    match v {
        Value::Partial(parts) => match parts.last() {
            Some(Part::Lit(s)) => Some((s.as_str(), false)),
            _ => Some(("", false)),
        },
        Value::String(s) => Some((s, true)),
        _ => None,
    }
}

fn trimprefix(s: &Value, prefix: &Value) -> R<Value> {
    let prefix = str_arg(prefix, "prefix")?;
    if let Value::Partial(parts) = s {
        let head = match parts.first() {
            Some(Part::Lit(h)) => h.as_str(),
            _ => "",
        };
        if let Some(rest) = head.strip_prefix(&*prefix) {
            let mut parts = parts.to_vec();
            parts[0] = Part::Lit(rest.to_string());
            return Ok(concat_parts(parts));
        }
        if prefix.starts_with(head) {
            // The prefix may continue into the unknown piece.
            return Err(Flow::Unknown);
        }
        return Ok(s.clone());
    }
    let s = str_arg(s, "str")?;
    Ok(Value::string(s.strip_prefix(&*prefix).unwrap_or(&s)))
}

fn trimsuffix(s: &Value, suffix: &Value) -> R<Value> {
    let suffix = str_arg(suffix, "suffix")?;
    if let Value::Partial(parts) = s {
        let tail = match parts.last() {
            Some(Part::Lit(t)) => t.as_str(),
            _ => "",
        };
        if let Some(rest) = tail.strip_suffix(&*suffix) {
            let mut parts = parts.to_vec();
            let last = parts.len() - 1;
            parts[last] = Part::Lit(rest.to_string());
            return Ok(concat_parts(parts));
        }
        if suffix.ends_with(tail) {
            return Err(Flow::Unknown);
        }
        return Ok(s.clone());
    }
    let s = str_arg(s, "str")?;
    Ok(Value::string(s.strip_suffix(&*suffix).unwrap_or(&s)))
}

fn startswith(s: &Value, prefix: &Value) -> R<Value> {
    let prefix = str_arg(prefix, "prefix")?;
    match known_prefix(s)? {
        Some((head, whole)) => {
            if head.starts_with(&*prefix) {
                Ok(Value::Bool(true))
            } else if whole || !prefix.starts_with(head) {
                Ok(Value::Bool(false))
            } else {
                Err(Flow::Unknown)
            }
        }
        None => {
            let s = str_arg(s, "str")?;
            Ok(Value::Bool(s.starts_with(&*prefix)))
        }
    }
}

fn endswith(s: &Value, suffix: &Value) -> R<Value> {
    let suffix = str_arg(suffix, "suffix")?;
    match known_suffix(s) {
        Some((tail, whole)) => {
            if tail.ends_with(&*suffix) {
                Ok(Value::Bool(true))
            } else if whole || !suffix.ends_with(tail) {
                Ok(Value::Bool(false))
            } else {
                Err(Flow::Unknown)
            }
        }
        None => {
            let s = str_arg(s, "str")?;
            Ok(Value::Bool(s.ends_with(&*suffix)))
        }
    }
}

fn strcontains(s: &Value, sub: &Value) -> R<Value> {
    let sub = str_arg(sub, "substr")?;
    if let Value::Partial(parts) = s {
        let found = parts
            .iter()
            .any(|p| matches!(p, Part::Lit(t) if t.contains(&*sub)));
        return if found {
            Ok(Value::Bool(true))
        } else {
            Err(Flow::Unknown)
        };
    }
    let s = str_arg(s, "str")?;
    Ok(Value::Bool(s.contains(&*sub)))
}

fn strrev(v: &Value) -> R<Value> {
    if let Value::Partial(parts) = v {
        return Ok(concat_parts(
            parts
                .iter()
                .rev()
                .map(|p| match p {
                    Part::Lit(s) => Part::Lit(s.graphemes(true).rev().collect()),
                    u => u.clone(),
                })
                .collect(),
        ));
    }
    let s = str_arg(v, "str")?;
    Ok(Value::string(s.graphemes(true).rev().collect::<String>()))
}

fn indent(n: &Value, s: &Value, cx: &FnCtx) -> R<Value> {
    let n = int_arg(n, "spaces")?;
    if n < 0 {
        return invalid("invalid value for \"spaces\": must not be negative");
    }
    let n = n as usize;
    let parts = match s {
        Value::Partial(p) => p.to_vec(),
        other => vec![Part::Lit(str_arg(other, "str")?.into_owned())],
    };
    let mut total = 0usize;
    for p in &parts {
        if let Part::Lit(t) = p {
            let lines = t.bytes().filter(|b| *b == b'\n').count();
            total = total
                .saturating_add(t.len())
                .saturating_add(lines.saturating_mul(n));
        }
    }
    check_len(total, cx)?;
    let pad = format!("\n{}", " ".repeat(n));
    Ok(concat_parts(
        parts
            .into_iter()
            .map(|p| match p {
                Part::Lit(t) => Part::Lit(t.replace('\n', &pad)),
                u => u,
            })
            .collect(),
    ))
}

fn regex_fn(pattern: &Value, s: &Value, all: bool, cx: &FnCtx) -> R<Value> {
    let pattern = str_arg(pattern, "pattern")?;
    let re = compile_regex(&pattern)?;
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let named = names.iter().filter(|n| n.is_some()).count();
    if named > 0 && named < names.len() {
        return invalid("invalid regexp pattern: cannot mix both named and unnamed capture groups");
    }
    let s = str_arg(s, "string")?;
    let one = |caps: &regex::Captures<'_>| -> Value {
        let text =
            |m: Option<regex::Match<'_>>| m.map_or(Value::Null, |m| Value::string(m.as_str()));
        if names.is_empty() {
            text(caps.get(0))
        } else if named > 0 {
            let mut m = Map::new();
            for n in names.iter().flatten() {
                m.insert((*n).to_string(), text(caps.name(n)));
            }
            Value::object(m)
        } else {
            Value::list((1..=names.len()).map(|i| text(caps.get(i))).collect())
        }
    };
    if all {
        let mut out = Vec::new();
        for caps in re.captures_iter(&s) {
            check_count("regexall", out.len() as u128 + 1, cx)?;
            out.push(one(&caps));
        }
        Ok(Value::list(out))
    } else {
        match re.captures(&s) {
            Some(caps) => Ok(one(&caps)),
            None => invalid("pattern did not match any part of the given string"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// format and formatlist

#[derive(Default)]
struct Verb {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
    verb: char,
    /// Zero-based argument index.
    arg: usize,
    raw: String,
    offset: usize,
}

enum Piece {
    Lit(String),
    Verb(Verb),
}

/// Largest width or precision a verb may ask for. Rust's formatter (which `%e`, `%f` and `%g`
/// go through) panics on a precision above `u16::MAX`, and no real configuration pads a value
/// to more than a few dozen characters; Go's own limit is 1e6.
const MAX_FORMAT_WIDTH: usize = u16::MAX as usize;

/// Parse a format string into literal text and verbs (Terraform's subset of Go's syntax).
fn parse_format(fmt: &str, cx: &FnCtx) -> R<(Vec<Piece>, usize)> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut next_arg = 0usize;
    let mut max_used = 0usize;
    let mut it = fmt.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if c != '%' {
            lit.push(c);
            continue;
        }
        if let Some((_, '%')) = it.peek() {
            it.next();
            lit.push('%');
            continue;
        }
        let mut v = Verb {
            offset: start,
            ..Verb::default()
        };
        let number = |it: &mut std::iter::Peekable<std::str::CharIndices<'_>>| -> R<Option<usize>> {
            let mut n: Option<usize> = None;
            while let Some(&(_, d)) = it.peek() {
                let Some(digit) = d.to_digit(10) else { break };
                it.next();
                let cur = n
                    .unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(digit as usize);
                let limit = cx.max_string_len.min(MAX_FORMAT_WIDTH);
                if cur > limit {
                    return invalid(format!(
                        "format width or precision {cur}... is over the limit of {limit} bytes"
                    ));
                }
                n = Some(cur);
            }
            Ok(n)
        };
        // flags
        while let Some(&(_, f)) = it.peek() {
            match f {
                '-' => v.minus = true,
                '+' => v.plus = true,
                '#' => v.sharp = true,
                ' ' => v.space = true,
                '0' => v.zero = true,
                _ => break,
            }
            it.next();
        }
        let mut explicit: Option<usize> = None;
        let mut index = |it: &mut std::iter::Peekable<std::str::CharIndices<'_>>| -> R<()> {
            if let Some(&(_, '[')) = it.peek() {
                it.next();
                let n = number(it)?;
                match (it.next(), n) {
                    (Some((_, ']')), Some(n)) if n >= 1 => explicit = Some(n - 1),
                    _ => {
                        return invalid(format!(
                            "invalid argument index in format string at offset {start}"
                        ))
                    }
                }
            }
            Ok(())
        };
        index(&mut it)?;
        v.width = number(&mut it)?;
        if let Some(&(_, '.')) = it.peek() {
            it.next();
            v.prec = Some(number(&mut it)?.unwrap_or(0));
        }
        index(&mut it)?;
        let Some((vi, verb)) = it.next() else {
            return invalid(format!(
                "format string ends with an incomplete verb at offset {start}"
            ));
        };
        let end = vi + verb.len_utf8();
        v.raw = fmt[start..end].to_string();
        if !"vsqtdboxXeEfFgG".contains(verb) {
            if verb == '*' {
                return invalid(format!(
                    "unrecognized format character '*' at offset {}",
                    vi
                ));
            }
            return invalid(format!(
                "unsupported format verb '{verb}' in {:?} at offset {start}",
                v.raw
            ));
        }
        v.verb = verb;
        v.arg = explicit.unwrap_or(next_arg);
        next_arg = v.arg + 1;
        max_used = max_used.max(next_arg);
        if !lit.is_empty() {
            pieces.push(Piece::Lit(std::mem::take(&mut lit)));
        }
        pieces.push(Piece::Verb(v));
    }
    if !lit.is_empty() {
        pieces.push(Piece::Lit(lit));
    }
    Ok((pieces, max_used))
}

fn format_fn(fmt: &Value, args: &[Value], cx: &FnCtx) -> R<Value> {
    let fmt = str_arg(fmt, "format")?;
    let (pieces, used) = parse_format(&fmt, cx)?;
    format_pieces(&pieces, used, args, cx)
}

fn format_pieces(pieces: &[Piece], used: usize, args: &[Value], cx: &FnCtx) -> R<Value> {
    if args.len() > used {
        return invalid(format!(
            "too many arguments; only {used} used by format string"
        ));
    }
    let mut parts: Vec<Part> = Vec::new();
    let mut buf = String::new();
    let mut total = 0usize;
    for p in pieces {
        match p {
            Piece::Lit(s) => {
                total = total.saturating_add(s.len());
                check_len(total, cx)?;
                buf.push_str(s);
            }
            Piece::Verb(v) => {
                let Some(arg) = args.get(v.arg) else {
                    return invalid(format!(
                        "not enough arguments for {:?} at {}: need index {} but have {} total",
                        v.raw,
                        v.offset,
                        v.arg + 1,
                        args.len()
                    ));
                };
                for part in format_one(v, arg, cx)? {
                    match part {
                        Part::Lit(s) => {
                            total = total.saturating_add(s.len());
                            check_len(total, cx)?;
                            buf.push_str(&s);
                        }
                        u => {
                            parts.push(Part::Lit(std::mem::take(&mut buf)));
                            parts.push(u);
                        }
                    }
                }
            }
        }
    }
    parts.push(Part::Lit(buf));
    Ok(concat_parts(parts))
}

fn unsupported_value(v: &Verb, why: &str) -> Flow {
    bad(format!(
        "unsupported value for {:?} at {}: {why}",
        v.raw, v.offset
    ))
}

/// Format one argument; the result is text, or pieces of text and unknowns.
fn format_one(v: &Verb, arg: &Value, cx: &FnCtx) -> R<Vec<Part>> {
    match arg {
        // Terraform gives an unknown result for a null argument.
        Value::Null => return Err(Flow::Unknown),
        Value::Unknown(u) => return Ok(vec![Part::Unknown(u.clone())]),
        Value::Partial(ps) => {
            return match v.verb {
                's' | 'v' if v.width.is_none() && v.prec.is_none() && !v.sharp => Ok(ps.to_vec()),
                'q' | 'v' if v.width.is_none() => {
                    let mut out = vec![Part::Lit("\"".into())];
                    for p in ps.iter() {
                        out.push(match p {
                            Part::Lit(s) => {
                                let q = go_quote(s);
                                Part::Lit(q[1..q.len() - 1].to_string())
                            }
                            u => u.clone(),
                        });
                    }
                    out.push(Part::Lit("\"".into()));
                    Ok(out)
                }
                _ => Ok(vec![Part::Unknown(Arc::new(Unknown {
                    origins: {
                        let mut o = Vec::new();
                        arg.collect_origins(&mut o);
                        o
                    },
                }))]),
            };
        }
        _ => {}
    }
    let text = match v.verb {
        'v' => {
            if v.sharp || matches!(arg, Value::List(_) | Value::Object(_) | Value::Resource(_)) {
                encoded_size_guard("format", arg, cx)?;
                let encoded = value::json_encode(arg);
                if let Value::Partial(ps) = encoded {
                    return Ok(ps.to_vec());
                }
                encoded.as_str().unwrap_or_default().to_string()
            } else {
                arg.to_template_string().unwrap_or_default()
            }
        }
        's' | 'q' => {
            let Some(mut s) = arg.to_template_string() else {
                return Err(unsupported_value(v, "string required"));
            };
            if let Some(p) = v.prec {
                if let Some((i, _)) = s.char_indices().nth(p) {
                    s.truncate(i);
                }
            }
            if v.verb == 'q' {
                go_quote(&s)
            } else {
                s
            }
        }
        't' => match arg {
            Value::Bool(b) => b.to_string(),
            Value::String(s) if &**s == "true" || &**s == "false" => s.to_string(),
            _ => return Err(unsupported_value(v, "bool is required")),
        },
        'd' | 'b' | 'o' | 'x' | 'X' => {
            let n = match arg {
                Value::Number(n) => *n,
                Value::String(s) => {
                    parse_number(s).ok_or_else(|| unsupported_value(v, "a number is required"))?
                }
                _ => return Err(unsupported_value(v, "number required")),
            };
            if n.fract() != 0.0 || !n.is_finite() {
                return Err(unsupported_value(v, "an integer is required"));
            }
            return Ok(vec![Part::Lit(format_int(v, n, cx)?)]);
        }
        _ => {
            let n = match arg {
                Value::Number(n) => *n,
                Value::String(s) => {
                    parse_number(s).ok_or_else(|| unsupported_value(v, "a number is required"))?
                }
                _ => return Err(unsupported_value(v, "number required")),
            };
            return Ok(vec![Part::Lit(format_float(v, n, cx)?)]);
        }
    };
    if v.verb == 't' {
        return Ok(vec![Part::Lit(text)]);
    }
    Ok(vec![Part::Lit(pad(v, "", &text, v.zero, cx)?)])
}

/// Pad `sign + body` to the verb's width (counted in characters), Go style: zeros go between
/// the sign and the body.
fn pad(v: &Verb, sign: &str, body: &str, zero: bool, cx: &FnCtx) -> R<String> {
    let len = sign.chars().count() + body.chars().count();
    let fill = v.width.map_or(0, |w| w.saturating_sub(len));
    check_len(sign.len() + body.len() + fill, cx)?;
    let mut out = String::with_capacity(sign.len() + body.len() + fill);
    if v.minus {
        out.push_str(sign);
        out.push_str(body);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if zero {
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(body);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(sign);
        out.push_str(body);
    }
    Ok(out)
}

fn format_int(v: &Verb, n: f64, cx: &FnCtx) -> R<String> {
    let neg = n < 0.0;
    let mag = n.abs();
    let radix: u32 = match v.verb {
        'b' => 2,
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    };
    let mut digits = if mag < 1.7e38 {
        let m = mag as u128;
        match radix {
            2 => format!("{m:b}"),
            8 => format!("{m:o}"),
            16 => format!("{m:x}"),
            _ => format!("{m}"),
        }
    } else if radix == 10 {
        format!("{mag:.0}")
    } else {
        return Err(unsupported_value(v, "number is too large for this verb"));
    };
    if v.verb == 'X' {
        digits = digits.to_uppercase();
    }
    if let Some(p) = v.prec {
        if p == 0 && mag == 0.0 {
            digits.clear();
        } else if digits.len() < p {
            check_len(p, cx)?;
            digits = format!("{}{digits}", "0".repeat(p - digits.len()));
        }
    }
    if v.sharp {
        match v.verb {
            'o' if !digits.starts_with('0') => digits.insert(0, '0'),
            'x' => digits.insert_str(0, "0x"),
            'X' => digits.insert_str(0, "0X"),
            'b' => digits.insert_str(0, "0b"),
            _ => {}
        }
    }
    let sign = if neg {
        "-"
    } else if v.plus {
        "+"
    } else if v.space {
        " "
    } else {
        ""
    };
    // Go ignores the 0 flag when a precision is given for integers.
    pad(v, sign, &digits, v.zero && v.prec.is_none() && !v.minus, cx)
}

fn format_float(v: &Verb, n: f64, cx: &FnCtx) -> R<String> {
    if let Some(p) = v.prec {
        check_len(p.saturating_add(32), cx)?;
    }
    let body = if n.is_nan() {
        "NaN".to_string()
    } else if n.is_infinite() {
        "Inf".to_string()
    } else {
        let m = n.abs();
        match v.verb {
            'e' | 'E' => go_exp(&format!("{:.*e}", v.prec.unwrap_or(6), m)),
            'f' | 'F' => format!("{:.*}", v.prec.unwrap_or(6), m),
            _ => format_g(m, v.prec),
        }
    };
    let body = if matches!(v.verb, 'E' | 'G') {
        body.to_uppercase()
    } else {
        body
    };
    let sign = if n.is_sign_negative() && !n.is_nan() && n != 0.0 {
        "-"
    } else if n.is_infinite() || v.plus {
        "+"
    } else if v.space {
        " "
    } else {
        ""
    };
    pad(v, sign, &body, v.zero && !n.is_infinite() && !v.minus, cx)
}

/// Rust's `1.5e3` exponent style to Go's `1.5e+03`.
fn go_exp(s: &str) -> String {
    match s.split_once('e') {
        Some((mant, exp)) => {
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            let pad = if digits.len() < 2 { "0" } else { "" };
            format!("{mant}e{sign}{pad}{digits}")
        }
        None => s.to_string(),
    }
}

/// Go's `%g`: shortest representation by default, `prec` significant digits otherwise.
fn format_g(m: f64, prec: Option<usize>) -> String {
    let shortest = prec.is_none();
    let p = prec.unwrap_or(0).max(1);
    let e = if shortest {
        format!("{m:e}")
    } else {
        format!("{:.*e}", p - 1, m)
    };
    let Some((mant, exp)) = e.split_once('e') else {
        return e;
    };
    let exp: i64 = exp.parse().unwrap_or(0);
    let mut digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    let eprec = if shortest { 6 } else { p as i64 };
    if exp < -4 || exp >= eprec {
        let mut out = digits[..1].to_string();
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let sign = if exp < 0 { '-' } else { '+' };
        let _ = write!(out, "e{sign}{:02}", exp.abs());
        out
    } else if exp < 0 {
        format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            format!("{digits}{}", "0".repeat(int_len - digits.len()))
        } else {
            format!("{}.{}", &digits[..int_len], &digits[int_len..])
        }
    }
}

/// A string as Go's `encoding/json` writes it, which is what Terraform's `%q` gives.
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn formatlist(fmt: &Value, args: &[Value], cx: &FnCtx) -> R<Value> {
    let fmt = str_arg(fmt, "format")?;
    let (pieces, used) = parse_format(&fmt, cx)?;
    let mut n: Option<usize> = None;
    for (i, a) in args.iter().enumerate() {
        match a {
            Value::List(items) => match n {
                Some(m) if m != items.len() => {
                    return invalid(format!(
                        "argument {} has length {}, which is inconsistent with argument {} of length {m}",
                        i + 2,
                        items.len(),
                        i + 1
                    ))
                }
                _ => n = Some(items.len()),
            },
            Value::Unknown(_) => return Err(Flow::Unknown),
            _ => {}
        }
    }
    let n = n.unwrap_or(1);
    check_count("formatlist", n as u128, cx)?;
    let mut out = Vec::with_capacity(n);
    let mut total = 0usize;
    let mut row: Vec<Value> = Vec::with_capacity(args.len());
    for i in 0..n {
        row.clear();
        for a in args {
            row.push(match a {
                Value::List(items) => items.get(i).cloned().unwrap_or(Value::Null),
                other => other.clone(),
            });
        }
        let v = match format_pieces(&pieces, used, &row, cx) {
            Ok(v) => v,
            Err(Flow::Unknown) => unknown_of(&row),
            Err(e) => return Err(e),
        };
        total = total.saturating_add(string_len(&v).unwrap_or(0));
        check_len(total, cx)?;
        out.push(v);
    }
    Ok(Value::list(out))
}

// ---------------------------------------------------------------------------------------------
// Collections

fn concat(lists: &[Value], cx: &FnCtx) -> R<Value> {
    let mut total: u128 = 0;
    for l in lists {
        total += list_arg(l, "seqs")?.len() as u128;
    }
    check_count("concat", total, cx)?;
    let mut out = Vec::with_capacity(total as usize);
    for l in lists {
        out.extend(list_arg(l, "seqs")?.iter().cloned());
    }
    Ok(Value::list(out))
}

fn merge(maps: &[Value]) -> R<Value> {
    let mut out = Map::new();
    for (i, m) in maps.iter().enumerate() {
        match m {
            Value::Null => continue,
            Value::Object(o) => {
                for (k, v) in o.iter() {
                    out.insert(k.clone(), v.clone());
                }
            }
            Value::Unknown(_) | Value::Resource(_) => return Err(Flow::Unknown),
            other => {
                return invalid(format!(
                    "arguments must be maps or objects, got {} for argument {}",
                    type_desc(other),
                    i + 1
                ))
            }
        }
    }
    Ok(Value::object(out))
}

fn lookup(a: &[Value]) -> R<Value> {
    let key = str_arg(&a[1], "key")?;
    let found = match &a[0] {
        Value::Object(m) => m.get(&*key).cloned(),
        Value::Resource(_) => a[0].get(&key),
        Value::Unknown(_) => return Err(Flow::Unknown),
        Value::Null => return invalid("invalid value for \"inputMap\": argument must not be null"),
        other => {
            return invalid(format!(
                "invalid value for \"inputMap\": map or object required, got {}",
                type_desc(other)
            ))
        }
    };
    match (found, a.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => invalid(format!(
            "invalid value for \"inputMap\": the given object has no attribute {:?}",
            &*key
        )),
    }
}

fn element(list: &Value, idx: &Value) -> R<Value> {
    let items = list_arg(list, "list")?;
    let i = int_arg(idx, "index")?;
    if items.is_empty() {
        return invalid("cannot use element function with an empty list");
    }
    if i < 0 {
        return invalid("cannot use element function with a negative index");
    }
    Ok(items[(i as u64 % items.len() as u64) as usize].clone())
}

fn index(list: &Value, v: &Value) -> R<Value> {
    let items = list_arg(list, "list")?;
    guard("index", &[list, v])?;
    for (i, item) in items.iter().enumerate() {
        match tf_eq(item, v) {
            Some(true) => return Ok(Value::Number(i as f64)),
            Some(false) => {}
            None => return Err(Flow::Unknown),
        }
    }
    invalid("item not found")
}

fn length(v: &Value) -> R<Value> {
    match v {
        // Terraform counts grapheme clusters ("👍🏽" is one character).
        Value::String(s) => Ok(Value::Number(s.graphemes(true).count() as f64)),
        Value::List(items) => Ok(Value::Number(items.len() as f64)),
        Value::Object(m) => Ok(Value::Number(m.len() as f64)),
        Value::Unknown(_) | Value::Partial(_) | Value::Resource(_) => Err(Flow::Unknown),
        Value::Null => invalid("invalid value for \"value\": argument must not be null"),
        _ => invalid("argument must be a string, a collection type, or a structural type"),
    }
}

fn contains(list: &Value, v: &Value) -> R<Value> {
    let items = match list {
        Value::Object(m) => return contains(&Value::list(m.values().cloned().collect()), v),
        other => list_arg(other, "list")?,
    };
    guard("contains", &[list, v])?;
    let mut unknown = false;
    for item in items {
        match tf_eq(item, v) {
            Some(true) => return Ok(Value::Bool(true)),
            Some(false) => {}
            None => unknown = true,
        }
    }
    if unknown {
        Err(Flow::Unknown)
    } else {
        Ok(Value::Bool(false))
    }
}

fn distinct(list: &Value) -> R<Value> {
    let items = list_arg(list, "list")?;
    guard("distinct", &[list])?;
    if !items.iter().all(Value::is_wholly_known) {
        return Err(Flow::Unknown);
    }
    let items = unify(items.to_vec());
    let mut seen = Seen::default();
    let out: Vec<Value> = items.into_iter().filter(|i| seen.insert(i)).collect();
    Ok(Value::list(out))
}

/// Flatten nested lists. An unknown element stays as a single element (in practice unknowns
/// here are computed attributes such as ARNs).
fn flatten_into(items: &[Value], out: &mut Vec<Value>, depth: usize, cx: &FnCtx) -> R<()> {
    if depth > MAX_DEPTH {
        return invalid("flatten: lists are nested too deeply");
    }
    for item in items {
        match item {
            Value::List(inner) => {
                // Empty lists count too, so that shared nesting cannot make this slow.
                check_count("flatten", out.len() as u128 + inner.len() as u128, cx)?;
                flatten_into(inner, out, depth + 1, cx)?
            }
            other => {
                check_count("flatten", out.len() as u128 + 1, cx)?;
                out.push(other.clone());
            }
        }
    }
    Ok(())
}

fn compact(list: &Value) -> R<Value> {
    let items = list_arg(list, "list")?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            Value::String(_) | Value::Partial(_) | Value::Unknown(_) => out.push(item.clone()),
            Value::Number(_) | Value::Bool(_) => {
                out.push(Value::string(item.to_template_string().unwrap_or_default()))
            }
            other => {
                return invalid(format!(
                    "element {i} is a {}; compact requires a list of strings",
                    type_desc(other)
                ))
            }
        }
    }
    Ok(Value::list(out))
}

fn coalesce(args: &[Value]) -> R<Value> {
    let has_string = args
        .iter()
        .any(|v| matches!(v, Value::String(_) | Value::Partial(_)));
    for a in args {
        match a {
            Value::Null => continue,
            Value::String(s) if s.is_empty() => continue,
            Value::Unknown(_) => return Err(Flow::Unknown),
            Value::Partial(ps) => {
                let known_text = ps
                    .iter()
                    .any(|p| matches!(p, Part::Lit(s) if !s.is_empty()));
                if known_text {
                    return Ok(a.clone());
                }
                return Err(Flow::Unknown);
            }
            Value::Number(_) | Value::Bool(_) if has_string => {
                return Ok(Value::string(a.to_template_string().unwrap_or_default()))
            }
            other => return Ok(other.clone()),
        }
    }
    invalid("no non-null, non-empty-string arguments")
}

fn coalescelist(args: &[Value]) -> R<Value> {
    if args.is_empty() {
        return invalid("at least one argument is required");
    }
    for a in args {
        match a {
            Value::Null => continue,
            Value::List(items) if items.is_empty() => continue,
            Value::List(_) => return Ok(a.clone()),
            Value::Unknown(_) => return Err(Flow::Unknown),
            other => {
                return invalid(format!(
                    "coalescelist arguments must be lists or tuples, got {}",
                    type_desc(other)
                ))
            }
        }
    }
    invalid("no non-null arguments")
}

fn range(a: &[Value], cx: &FnCtx) -> R<Value> {
    arity("range", a, 1, 3)?;
    let nums = a
        .iter()
        .enumerate()
        .map(|(i, v)| num_arg(v, ["start", "limit", "step"][i.min(2)]))
        .collect::<R<Vec<f64>>>()?;
    let (start, end, step) = match nums.as_slice() {
        [end] => (0.0, *end, 1.0),
        [start, end] => (*start, *end, if end < start { -1.0 } else { 1.0 }),
        [start, end, step] => (*start, *end, *step),
        _ => return invalid("range expects 1 to 3 arguments"),
    };
    if step == 0.0 {
        return invalid("step must not be zero");
    }
    if step < 0.0 && start < end {
        return invalid("end must be less than start when step is negative");
    }
    if step > 0.0 && start > end {
        return invalid("end must be greater than start when step is positive");
    }
    let est = ((end - start) / step).ceil();
    if !est.is_finite() || est > cx.max_collection_len as f64 {
        let shown = if est.is_finite() {
            format!("{est}")
        } else {
            "too many".to_string()
        };
        return invalid(format!(
            "range would produce {shown} elements, over the limit of {}",
            cx.max_collection_len
        ));
    }
    let mut out = Vec::with_capacity(est.max(0.0) as usize);
    let mut v = start;
    while (step > 0.0 && v < end) || (step < 0.0 && v > end) {
        check_count("range", out.len() as u128 + 1, cx)?;
        out.push(Value::Number(v));
        v += step;
    }
    Ok(Value::list(out))
}

fn slice(list: &Value, start: &Value, end: &Value) -> R<Value> {
    let items = list_arg(list, "list")?;
    let s = int_arg(start, "start_index")?;
    let e = int_arg(end, "end_index")?;
    if s < 0 {
        return invalid("invalid value for \"start_index\": must be greater than or equal to 0");
    }
    if e > items.len() as i64 {
        return invalid("invalid value for \"end_index\": end index must not be greater than the length of the list");
    }
    if s > e {
        return invalid(
            "invalid value for \"start_index\": start index must not be greater than end index",
        );
    }
    Ok(Value::list(items[s as usize..e as usize].to_vec()))
}

fn sort(list: &Value) -> R<Value> {
    let items = list_arg(list, "list")?;
    guard("sort", &[list])?;
    let mut strings = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::String(s) => strings.push(s.clone()),
            Value::Number(_) | Value::Bool(_) => {
                strings.push(item.to_template_string().unwrap_or_default().into())
            }
            Value::Unknown(_) | Value::Partial(_) => return Err(Flow::Unknown),
            Value::Null => {
                return invalid(format!(
                    "given list element {i} is null; a null string cannot be sorted"
                ))
            }
            other => {
                return invalid(format!(
                    "given list element {i} is a {}; only strings can be sorted",
                    type_desc(other)
                ))
            }
        }
    }
    strings.sort();
    Ok(Value::list(
        strings.into_iter().map(Value::String).collect(),
    ))
}

fn sum(list: &Value) -> R<Value> {
    let items = list_arg(list, "list")?;
    if items.is_empty() {
        return invalid("cannot sum an empty list");
    }
    let mut total = 0.0;
    for (i, item) in items.iter().enumerate() {
        total += num_arg(item, &format!("list element {i}"))?;
    }
    finite(total)
}

fn min_max(name: &str, a: &[Value]) -> R<Value> {
    if a.is_empty() {
        return invalid("must pass at least one number");
    }
    let mut best: Option<f64> = None;
    for v in a {
        let n = num_arg(v, "numbers")?;
        best = Some(match best {
            None => n,
            Some(b) if name == "min" => b.min(n),
            Some(b) => b.max(n),
        });
    }
    Ok(Value::Number(best.unwrap_or(0.0)))
}

#[derive(Clone, Copy, PartialEq)]
enum SetOp {
    Union,
    Intersection,
    Subtract,
}

fn set_op(name: &str, a: &[Value], op: SetOp) -> R<Value> {
    if a.is_empty() {
        return invalid(format!("{name} requires at least one argument"));
    }
    let mut sets = Vec::with_capacity(a.len());
    guard(name, &a.iter().collect::<Vec<_>>())?;
    for v in a {
        let items = list_arg(v, "sets")?;
        if !items.iter().all(Value::is_wholly_known) {
            return Err(Flow::Unknown);
        }
        sets.push(items);
    }
    let all: Vec<Value> = unify(sets.iter().flat_map(|s| s.iter().cloned()).collect());
    // Split the unified elements back per set.
    let mut unified: Vec<Vec<Value>> = Vec::with_capacity(sets.len());
    let mut it = all.into_iter();
    for s in &sets {
        unified.push(it.by_ref().take(s.len()).collect());
    }
    let lookup: Vec<Seen> = unified
        .iter()
        .skip(1)
        .map(|set| {
            let mut seen = Seen::default();
            for v in set {
                seen.insert(v);
            }
            seen
        })
        .collect();
    let result: Vec<Value> = match op {
        SetOp::Union => unified.iter().flatten().cloned().collect(),
        SetOp::Intersection => unified[0]
            .iter()
            .filter(|v| lookup.iter().all(|s| s.contains(v)))
            .cloned()
            .collect(),
        SetOp::Subtract => unified[0]
            .iter()
            .filter(|v| !lookup.first().is_some_and(|s| s.contains(v)))
            .cloned()
            .collect(),
    };
    Ok(Value::list(set_normalize(result)))
}

fn setproduct(a: &[Value], cx: &FnCtx) -> R<Value> {
    if a.len() < 2 {
        return invalid("at least two arguments are required");
    }
    let mut sets = Vec::with_capacity(a.len());
    let mut total: u128 = 1;
    for v in a {
        let items = list_arg(v, "sets")?;
        total = total.saturating_mul(items.len() as u128);
        sets.push(items);
    }
    check_count("setproduct", total, cx)?;
    let mut out = Vec::with_capacity(total as usize);
    let mut idx = vec![0usize; sets.len()];
    if total > 0 {
        loop {
            out.push(Value::list(
                idx.iter().zip(&sets).map(|(i, s)| s[*i].clone()).collect(),
            ));
            // advance like an odometer, last set fastest
            let mut k = sets.len();
            loop {
                if k == 0 {
                    return Ok(Value::list(out));
                }
                k -= 1;
                idx[k] += 1;
                if idx[k] < sets[k].len() {
                    break;
                }
                idx[k] = 0;
            }
        }
    }
    Ok(Value::list(out))
}

fn zipmap(keys: &Value, values: &Value) -> R<Value> {
    let ks = list_arg(keys, "keys")?;
    let vs = list_arg(values, "values")?;
    if ks.len() != vs.len() {
        return invalid(format!(
            "number of keys ({}) does not match number of values ({})",
            ks.len(),
            vs.len()
        ));
    }
    let mut out = Map::new();
    for (k, v) in ks.iter().zip(vs.iter()) {
        let k = str_arg(k, "keys")?;
        out.insert(k.into_owned(), v.clone());
    }
    Ok(Value::object(out))
}

fn transpose(v: &Value) -> R<Value> {
    let m = obj_arg(v, "values")?;
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (k, list) in m.iter() {
        for item in list_arg(list, "values")? {
            let s = str_arg(item, "values")?;
            out.entry(s.into_owned())
                .or_default()
                .push(Value::string(k.as_str()));
        }
    }
    Ok(Value::object(
        out.into_iter().map(|(k, v)| (k, Value::list(v))).collect(),
    ))
}

fn all_any(list: &Value, all: bool) -> R<Value> {
    let items = list_arg(list, "list")?;
    let mut unknown = false;
    for item in items {
        let b = match item {
            Value::Null => false,
            other => match bool_of(other, "list") {
                Ok(b) => b,
                Err(Flow::Unknown) => {
                    unknown = true;
                    continue;
                }
                Err(e) => return Err(e),
            },
        };
        if all && !b {
            return Ok(Value::Bool(false));
        }
        if !all && b {
            return Ok(Value::Bool(true));
        }
    }
    if unknown {
        return Err(Flow::Unknown);
    }
    Ok(Value::Bool(all))
}

fn chunklist(list: &Value, size: &Value) -> R<Value> {
    let items = list_arg(list, "list")?;
    let size = int_arg(size, "size")?;
    if size < 0 {
        return invalid("the size argument must be positive");
    }
    if size == 0 || items.is_empty() {
        return Ok(Value::list(if items.is_empty() {
            vec![]
        } else {
            vec![Value::list(items.to_vec())]
        }));
    }
    Ok(Value::list(
        items
            .chunks(size as usize)
            .map(|c| Value::list(c.to_vec()))
            .collect(),
    ))
}

fn matchkeys(values: &Value, keys: &Value, search: &Value) -> R<Value> {
    let vs = list_arg(values, "values")?;
    let ks = list_arg(keys, "keys")?;
    let ss = list_arg(search, "searchset")?;
    if vs.len() != ks.len() {
        return invalid("length of keys and values should be equal");
    }
    guard("matchkeys", &[keys, search])?;
    if !(ks.iter().all(Value::is_wholly_known) && ss.iter().all(Value::is_wholly_known)) {
        return Err(Flow::Unknown);
    }
    let mut seen = Seen::default();
    for s in ss {
        seen.insert(s);
    }
    let out = vs
        .iter()
        .zip(ks.iter())
        .filter(|(_, k)| seen.contains(k))
        .map(|(v, _)| v.clone())
        .collect();
    Ok(Value::list(out))
}

fn to_list(v: &Value, set: bool) -> R<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Unknown(_) => Ok(v.clone()),
        Value::List(items) => Ok(Value::list(if set {
            guard("toset", &[v])?;
            set_normalize(items.to_vec())
        } else {
            unify(items.to_vec())
        })),
        other => invalid(format!(
            "cannot convert {} to {}",
            type_desc(other),
            if set { "set" } else { "list" }
        )),
    }
}

fn to_map(v: &Value) -> R<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Unknown(_) => Ok(v.clone()),
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let vals = unify(m.values().cloned().collect());
            Ok(Value::object(keys.into_iter().zip(vals).collect()))
        }
        Value::Resource(_) => Err(Flow::Unknown),
        other => invalid(format!("cannot convert {} to map", type_desc(other))),
    }
}

fn parseint(s: &Value, base: &Value) -> R<Value> {
    let text = str_arg(s, "number")?;
    let base = int_arg(base, "base")?;
    if !(2..=62).contains(&base) {
        return invalid("base must be a whole number between 2 and 62 inclusive");
    }
    let fail = || {
        bad(format!(
            "cannot parse {:?} as a base {base} integer",
            &*text
        ))
    };
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    if digits.is_empty() {
        return Err(fail());
    }
    let mut n = 0f64;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' if base <= 36 => c as u32 - 'a' as u32 + 10,
            'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            'A'..='Z' => c as u32 - 'A' as u32 + 36,
            _ => return Err(fail()),
        };
        if d as i64 >= base {
            return Err(fail());
        }
        n = n * base as f64 + d as f64;
    }
    finite(if neg { -n } else { n })
}

// ---------------------------------------------------------------------------------------------
// Encodings

fn b64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn b64_decode(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).ok()
}

fn text_encoding(v: &Value) -> R<()> {
    let enc = str_arg(v, "encoding")?;
    let norm: String = enc
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    if norm == "utf8" {
        Ok(())
    } else {
        // Other encodings would need conversion tables this crate does not carry.
        Err(Flow::Err(FnError::Unsupported))
    }
}

fn is_url_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b' ')
}

/// Go's `url.QueryEscape`.
fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b' ' => out.push('+'),
            b if is_url_unreserved(b) => out.push(b as char),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// `csvdecode`: RFC 4180 with a header row; every row becomes an object of strings.
fn csvdecode(s: &str, cx: &FnCtx) -> R<Value> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut chars = s.chars().peekable();
    let mut in_quotes = false;
    let mut quoted = false;
    let mut line = 1usize;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c)
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted => {
                in_quotes = true;
                quoted = true;
            }
            '"' => {
                return invalid(format!(
                    "parse error on line {line}: bare \" in non-quoted field"
                ))
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                line += 1;
                row.push(std::mem::take(&mut field));
                quoted = false;
                if !(row.len() == 1 && row[0].is_empty()) {
                    rows.push(std::mem::take(&mut row));
                    check_count("csvdecode", rows.len() as u128, cx)?;
                }
                row.clear();
            }
            _ if quoted => {
                return invalid(format!(
                    "parse error on line {line}: extraneous or missing \" in quoted-field"
                ))
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return invalid(format!(
            "parse error on line {line}: extraneous or missing \" in quoted-field"
        ));
    }
    if !field.is_empty() || !row.is_empty() || quoted {
        row.push(field);
        rows.push(row);
    }
    let mut it = rows.into_iter();
    let Some(header) = it.next() else {
        return Ok(Value::list(vec![]));
    };
    let mut out = Vec::new();
    for (i, r) in it.enumerate() {
        if r.len() != header.len() {
            return invalid(format!(
                "record {} has {} fields, but the header has {}",
                i + 1,
                r.len(),
                header.len()
            ));
        }
        out.push(Value::object(
            header
                .iter()
                .cloned()
                .zip(r.into_iter().map(Value::string))
                .collect(),
        ));
    }
    Ok(Value::list(out))
}

// ---- yamlencode, in the style of Terraform (go-yaml): strings double-quoted, multi-line
// strings as literal blocks, sequences inside mappings not indented.

fn yaml_encode(v: &Value, cx: &FnCtx) -> R<Value> {
    encoded_size_guard("yamlencode", v, cx)?;
    if !v.is_wholly_known() {
        return Err(Flow::Unknown);
    }
    let mut e = YamlOut {
        out: String::new(),
        limit: cx.max_string_len,
    };
    match v {
        Value::Null | Value::Bool(_) | Value::Number(_) => {
            e.out.push_str(&yaml_plain(v));
            e.out.push_str("\n...\n");
        }
        _ => {
            e.node(v, 0, Ctx::Top, 0)?;
            if !e.out.ends_with('\n') {
                e.out.push('\n');
            }
        }
    }
    Ok(Value::string(e.out))
}

struct YamlOut {
    out: String,
    limit: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Top,
    /// After `key:` — nested collections go on the following lines.
    MapValue,
    /// After `- ` — a nested collection starts on the same line.
    SeqItem,
}

fn yaml_plain(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.is_infinite() => if *n > 0.0 { ".inf" } else { "-.inf" }.into(),
        Value::Number(n) => format_number(*n),
        _ => String::new(),
    }
}

impl YamlOut {
    fn column(&self) -> usize {
        let start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out[start..].chars().count()
    }

    fn check(&self) -> R<()> {
        if self.out.len() > self.limit {
            return invalid(format!(
                "yamlencode result is over the limit of {} bytes",
                self.limit
            ));
        }
        Ok(())
    }

    fn newline_indent(&mut self, indent: usize) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    /// Write a node. `indent` is the column of the enclosing collection's entries.
    fn node(&mut self, v: &Value, indent: usize, ctx: Ctx, depth: usize) -> R<()> {
        if depth > MAX_DEPTH {
            return invalid("yamlencode: value is nested too deeply");
        }
        self.check()?;
        let sep = if ctx == Ctx::Top { "" } else { " " };
        match v {
            Value::List(items) if items.is_empty() => {
                self.out.push_str(sep);
                self.out.push_str("[]");
            }
            Value::Object(m) if m.is_empty() => {
                self.out.push_str(sep);
                self.out.push_str("{}");
            }
            Value::List(items) => {
                // Inside a mapping a sequence is not indented; inside a sequence it continues
                // on the same line.
                let col = match ctx {
                    Ctx::Top => 0,
                    Ctx::MapValue => indent,
                    Ctx::SeqItem => indent + 2,
                };
                for (i, item) in items.iter().enumerate() {
                    if i > 0 || ctx == Ctx::MapValue {
                        self.newline_indent(col);
                    } else if ctx == Ctx::SeqItem {
                        self.out.push(' ');
                    }
                    self.out.push('-');
                    self.node(item, col, Ctx::SeqItem, depth + 1)?;
                }
            }
            Value::Object(m) => {
                let col = match ctx {
                    Ctx::Top => 0,
                    Ctx::MapValue => indent + 2,
                    Ctx::SeqItem => indent + 2,
                };
                for (i, (k, item)) in m.iter().enumerate() {
                    if i > 0 || ctx == Ctx::MapValue {
                        self.newline_indent(col);
                    } else if ctx == Ctx::SeqItem {
                        self.out.push(' ');
                    }
                    if k.contains('\n') || k.len() > 128 {
                        // go-yaml writes such keys as complex keys.
                        self.out.push('?');
                        self.string(k, col + 2, true);
                        self.newline_indent(col);
                        self.out.push(':');
                    } else {
                        self.double_quoted(k, col, false);
                        self.out.push(':');
                    }
                    self.node(item, col, Ctx::MapValue, depth + 1)?;
                }
            }
            Value::String(s) => {
                self.out.push_str(sep);
                let scalar_indent = match ctx {
                    Ctx::Top => 2,
                    _ => indent + 2,
                };
                self.string(s, scalar_indent, true);
            }
            Value::Resource(r) => self.node(&r.attrs, indent, ctx, depth + 1)?,
            other => {
                self.out.push_str(sep);
                self.out.push_str(&yaml_plain(other));
            }
        }
        self.check()
    }

    /// A string value: a literal block when it has line breaks and nothing that prevents one,
    /// double-quoted otherwise.
    fn string(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        if s.contains('\n') && yaml_block_allowed(s) {
            self.literal(s, indent);
        } else {
            if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
                self.out.push(' ');
            }
            self.double_quoted(s, indent, allow_breaks);
        }
    }

    fn literal(&mut self, s: &str, indent: usize) {
        if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
            self.out.push(' ');
        }
        self.out.push('|');
        if s.starts_with([' ', '\n']) {
            self.out.push('2');
        }
        let chomp = if !s.ends_with('\n') {
            "-"
        } else if s == "\n" || s.ends_with("\n\n") {
            "+"
        } else {
            ""
        };
        self.out.push_str(chomp);
        self.out.push('\n');
        let mut line_start = true;
        for c in s.chars() {
            if c == '\n' {
                self.out.push('\n');
                line_start = true;
            } else {
                if line_start {
                    self.out.extend(std::iter::repeat_n(' ', indent));
                    line_start = false;
                }
                self.out.push(c);
            }
        }
    }

    fn double_quoted(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
            self.out.push(' ');
        }
        self.out.push('"');
        let mut column = self.column();
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !yaml_printable(c) || c == '\u{feff}' || yaml_is_break(c) || c == '"' || c == '\\' {
                let esc = match c {
                    '\0' => "\\0".to_string(),
                    '\u{7}' => "\\a".into(),
                    '\u{8}' => "\\b".into(),
                    '\t' => "\\t".into(),
                    '\n' => "\\n".into(),
                    '\u{b}' => "\\v".into(),
                    '\u{c}' => "\\f".into(),
                    '\r' => "\\r".into(),
                    '\u{1b}' => "\\e".into(),
                    '"' => "\\\"".into(),
                    '\\' => "\\\\".into(),
                    '\u{85}' => "\\N".into(),
                    '\u{a0}' => "\\_".into(),
                    '\u{2028}' => "\\L".into(),
                    '\u{2029}' => "\\P".into(),
                    c if (c as u32) <= 0xff => format!("\\x{:02X}", c as u32),
                    c if (c as u32) <= 0xffff => format!("\\u{:04X}", c as u32),
                    c => format!("\\U{:08X}", c as u32),
                };
                column += esc.len();
                self.out.push_str(&esc);
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && column > 80 && i != 0 && i != chars.len() - 1 {
                    self.out.push('\n');
                    self.out.extend(std::iter::repeat_n(' ', indent));
                    column = indent;
                    if chars.get(i + 1) == Some(&' ') {
                        self.out.push('\\');
                        column += 1;
                    }
                } else {
                    self.out.push(' ');
                    column += 1;
                }
                spaces = true;
            } else {
                self.out.push(c);
                column += 1;
                spaces = false;
            }
            i += 1;
        }
        self.out.push('"');
    }
}

/// go-yaml's notion of a printable character (with unicode output enabled).
fn yaml_printable(c: char) -> bool {
    let u = c as u32;
    u == 0x0a
        || (0x20..=0x7e).contains(&u)
        || (0xa0..=0xd7ff).contains(&u)
        || ((0xe000..=0xfffd).contains(&u) && u != 0xfeff)
}

fn yaml_is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether go-yaml would accept a literal block for this string.
fn yaml_block_allowed(s: &str) -> bool {
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if c == '\n' && prev == Some(' ') {
            return false; // space before a line break
        }
        if c == '\t' || (c != '\n' && yaml_is_break(c)) || !yaml_printable(c) || c == '\u{feff}' {
            return false;
        }
        prev = Some(c);
    }
    // trailing space
    !s.ends_with(' ')
}

// ---- yamldecode: a YAML 1.1 subset as go-yaml/cty read it: block and flow collections,
// plain, quoted and block scalars, comments, anchors and aliases (bounded), merge keys and
// the standard `!!` tags. Complex keys and custom tags are errors, as in Terraform.

fn yaml_decode(src: &str, cx: &FnCtx) -> R<Value> {
    let mut p = Yaml {
        s: src,
        b: src.as_bytes(),
        pos: 0,
        anchors: BTreeMap::new(),
        budget: cx.max_collection_len,
        depth: 0,
    };
    p.document()
}

struct Yaml<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Anchored values and how many nodes each stands for.
    anchors: BTreeMap<String, (Value, usize)>,
    /// Nodes still allowed, counting every alias expansion.
    budget: usize,
    depth: usize,
}

impl<'a> Yaml<'a> {
    /// The text before the current position (never cut inside a character).
    fn before(&self) -> &'a str {
        let mut p = self.pos.min(self.s.len());
        while !self.s.is_char_boundary(p) {
            p -= 1;
        }
        &self.s[..p]
    }

    fn err(&self, msg: &str) -> Flow {
        let before = self.before();
        let line = before.matches('\n').count() + 1;
        let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        bad(format!("on line {line}, column {col}: {msg}"))
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, off: usize) -> Option<u8> {
        self.b.get(self.pos + off).copied()
    }

    fn col(&self) -> usize {
        let start = self.before().rfind('\n').map_or(0, |i| i + 1);
        self.pos.saturating_sub(start)
    }

    fn line_start(&self) -> usize {
        self.before().rfind('\n').map_or(0, |i| i + 1)
    }

    fn is_ws_or_end(&self, off: usize) -> bool {
        matches!(self.at(off), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
    }

    fn spend(&mut self, n: usize) -> R<()> {
        if n > self.budget {
            return Err(self.err("the document expands to too many values"));
        }
        self.budget -= n;
        Ok(())
    }

    /// Skip spaces, comments and line breaks. Returns whether a line break was crossed.
    fn skip_to_content(&mut self) -> R<bool> {
        let mut crossed = false;
        loop {
            match self.peek() {
                Some(b' ' | b'\r') => self.pos += 1,
                Some(b'\t') => {
                    // A tab is fine between tokens but not as indentation of content.
                    let ls = self.line_start();
                    let only_ws_before = self.b[ls..self.pos]
                        .iter()
                        .all(|c| *c == b' ' || *c == b'\t');
                    self.pos += 1;
                    if only_ws_before && crossed {
                        let rest = &self.b[self.pos..];
                        let next = rest.iter().find(|c| **c != b' ' && **c != b'\t');
                        if !matches!(next, None | Some(b'\n' | b'\r' | b'#')) {
                            return Err(self.err("found a tab character that violates indentation"));
                        }
                    }
                }
                Some(b'#') => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.pos += 1;
                    }
                }
                Some(b'\n') => {
                    self.pos += 1;
                    crossed = true;
                }
                _ => return Ok(crossed),
            }
        }
    }

    fn skip_inline_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn at_doc_marker(&self) -> bool {
        self.col() == 0
            && (self.b[self.pos..].starts_with(b"---") || self.b[self.pos..].starts_with(b"..."))
            && self.is_ws_or_end(3)
    }

    fn document(&mut self) -> R<Value> {
        if self.s.starts_with('\u{feff}') {
            self.pos = 3;
        }
        let mut marker = false;
        loop {
            self.skip_to_content()?;
            if self.col() == 0 && self.peek() == Some(b'%') {
                while !matches!(self.peek(), None | Some(b'\n')) {
                    self.pos += 1;
                }
                continue;
            }
            break;
        }
        if self.at_doc_marker() && self.b[self.pos] == b'-' {
            self.pos += 3;
            marker = true;
        }
        self.skip_to_content()?;
        if self.peek().is_none() && !marker {
            return Err(self.err("missing start of document"));
        }
        let v = self.block_node(-1, true, false)?;
        self.skip_to_content()?;
        if self.at_doc_marker() && self.b[self.pos] == b'.' {
            self.pos += 3;
            self.skip_to_content()?;
        }
        if self.peek().is_some() {
            return Err(self.err("unexpected extra content after value"));
        }
        Ok(v)
    }

    /// A node in block context. `parent` is the indentation of the enclosing collection;
    /// `same_line_ok` allows a collection to start on the current line (after `- `);
    /// `seq_ok` allows a sequence at the parent's own indentation (after `key:`).
    fn block_node(&mut self, parent: i64, same_line_ok: bool, seq_ok: bool) -> R<Value> {
        self.depth += 1;
        if self.depth > 200 {
            return Err(self.err("the document is nested too deeply"));
        }
        let r = self.block_node_inner(parent, same_line_ok, seq_ok);
        self.depth -= 1;
        r
    }

    fn block_node_inner(&mut self, parent: i64, mut same_line_ok: bool, seq_ok: bool) -> R<Value> {
        let mut anchor: Option<String> = None;
        let mut tag: Option<String> = None;
        let start_budget = self.budget;
        let v = loop {
            let crossed = self.skip_to_content()?;
            if crossed {
                same_line_ok = true;
            }
            let Some(c) = self.peek() else {
                break Value::Null;
            };
            let col = self.col() as i64;
            let is_seq_entry = c == b'-' && self.is_ws_or_end(1) && !self.at_doc_marker();
            if self.at_doc_marker()
                || (crossed && col <= parent && !(seq_ok && col == parent && is_seq_entry))
            {
                break Value::Null;
            }
            match c {
                b'&' | b'!' => {
                    let start = self.pos;
                    while !self.is_ws_or_end(0) {
                        self.pos += 1;
                    }
                    let text = self.s[start..self.pos].to_string();
                    if c == b'&' {
                        anchor = Some(text[1..].to_string());
                    } else {
                        tag = Some(text);
                    }
                    continue;
                }
                b'*' => {
                    let v = self.alias()?;
                    self.check_not_key()?;
                    break v;
                }
                b'-' if is_seq_entry => {
                    if !same_line_ok {
                        return Err(
                            self.err("block sequence entries are not allowed in this context")
                        );
                    }
                    break self.block_sequence(self.col())?;
                }
                b'?' if self.is_ws_or_end(1) => {
                    return Err(self.err("only strings are allowed as mapping keys"));
                }
                b'|' | b'>' => break self.block_scalar(parent)?,
                b'[' | b'{' => {
                    let v = self.flow_node()?;
                    self.check_not_key()?;
                    break v;
                }
                _ => {
                    if self.looks_like_key() {
                        if !same_line_ok {
                            return Err(self.err("mapping values are not allowed in this context"));
                        }
                        break self.block_mapping(self.col())?;
                    }
                    break match c {
                        b'"' => self.double_quoted()?,
                        b'\'' => self.single_quoted()?,
                        _ => {
                            let text = self.plain(parent, false)?;
                            self.resolve_plain(&text, tag.as_deref())?
                        }
                    };
                }
            }
        };
        let v = self.apply_tag(v, tag.as_deref())?;
        self.spend(1)?;
        if let Some(a) = anchor {
            let used = start_budget - self.budget;
            self.anchors.insert(a, (v.clone(), used.max(1)));
        }
        Ok(v)
    }

    fn apply_tag(&self, v: Value, tag: Option<&str>) -> R<Value> {
        match tag {
            None => Ok(v),
            Some("!!str") => Ok(match v {
                Value::Number(n) => Value::string(format_number(n)),
                Value::Bool(b) => Value::string(b.to_string()),
                other => other,
            }),
            Some(
                "!!int" | "!!float" | "!!bool" | "!!null" | "!!map" | "!!seq" | "!!timestamp"
                | "!!binary" | "!!merge" | "!",
            ) => Ok(v),
            Some(t) => Err(self.err(&format!("unsupported tag {t:?}"))),
        }
    }

    fn alias(&mut self) -> R<Value> {
        self.pos += 1;
        let start = self.pos;
        while !self.is_ws_or_end(0) && !matches!(self.peek(), Some(b',' | b']' | b'}')) {
            self.pos += 1;
        }
        let name = &self.s[start..self.pos];
        let Some((v, n)) = self.anchors.get(name).cloned() else {
            return Err(self.err(&format!("unknown anchor {name:?} referenced")));
        };
        self.spend(n)?;
        Ok(v)
    }

    /// After a flow collection or alias in block context: `: ` would make it a key.
    fn check_not_key(&mut self) -> R<()> {
        let save = self.pos;
        self.skip_inline_space();
        if self.peek() == Some(b':') && self.is_ws_or_end(1) {
            return Err(self.err("only strings are allowed as mapping keys"));
        }
        self.pos = save;
        Ok(())
    }

    /// Whether the current line holds `key:` (quoted or plain key) at the current position.
    fn looks_like_key(&self) -> bool {
        let rest = &self.b[self.pos..];
        let mut i = 0;
        match rest.first() {
            Some(q @ (b'"' | b'\'')) => {
                i = 1;
                while i < rest.len() {
                    let c = rest[i];
                    if c == b'\n' {
                        return false;
                    }
                    if *q == b'"' && c == b'\\' {
                        i += 2;
                        continue;
                    }
                    if c == *q {
                        if *q == b'\'' && rest.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                while matches!(rest.get(i), Some(b' ' | b'\t')) {
                    i += 1;
                }
                rest.get(i) == Some(&b':')
                    && matches!(rest.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
            }
            _ => {
                while i < rest.len() {
                    match rest[i] {
                        b'\n' => return false,
                        b'#' if i > 0 && matches!(rest[i - 1], b' ' | b'\t') => return false,
                        b':' if matches!(
                            rest.get(i + 1),
                            None | Some(b' ' | b'\t' | b'\n' | b'\r')
                        ) =>
                        {
                            return true
                        }
                        _ => i += 1,
                    }
                }
                false
            }
        }
    }

    fn block_mapping(&mut self, col: usize) -> R<Value> {
        let mut map = Map::new();
        let mut merges: Vec<Value> = Vec::new();
        loop {
            // key
            let (key, plain_key) = match self.peek() {
                Some(b'"') => (self.double_quoted_str()?, false),
                Some(b'\'') => (self.single_quoted_str()?, false),
                _ => {
                    let start = self.pos;
                    while !(self.peek() == Some(b':') && self.is_ws_or_end(1)) {
                        if matches!(self.peek(), None | Some(b'\n')) {
                            return Err(self.err("could not find expected ':'"));
                        }
                        self.pos += 1;
                    }
                    (self.s[start..self.pos].trim_end().to_string(), true)
                }
            };
            self.skip_inline_space();
            if self.peek() != Some(b':') {
                return Err(self.err("could not find expected ':'"));
            }
            self.pos += 1;
            let key = if plain_key && key != "<<" {
                self.plain_key(&key)?
            } else {
                key
            };
            let value = self.block_node(col as i64, false, true)?;
            if plain_key && key == "<<" {
                merges.push(value);
            } else {
                self.spend(1)?;
                map.insert(key, value);
            }
            // next entry
            self.skip_to_content()?;
            if self.peek().is_none() || self.at_doc_marker() {
                break;
            }
            let c = self.col();
            if c < col {
                break;
            }
            if c > col {
                return Err(self.err("bad indentation of a mapping entry"));
            }
            if self.peek() == Some(b'-') && self.is_ws_or_end(1) {
                return Err(self.err("did not find expected key"));
            }
            if !self.looks_like_key() {
                return Err(self.err("could not find expected ':'"));
            }
        }
        for m in merges {
            let sources = match m {
                Value::List(items) => items.to_vec(),
                other => vec![other],
            };
            for src in sources {
                let Value::Object(o) = src else {
                    return Err(self.err("map merge requires map or sequence of maps as the value"));
                };
                for (k, v) in o.iter() {
                    map.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
        Ok(Value::object(map))
    }

    fn block_sequence(&mut self, col: usize) -> R<Value> {
        let mut items = Vec::new();
        loop {
            self.pos += 1; // the '-'
            items.push(self.block_node(col as i64, true, false)?);
            self.skip_to_content()?;
            if self.peek().is_none() || self.at_doc_marker() {
                break;
            }
            let c = self.col();
            if c < col {
                break;
            }
            if c > col {
                return Err(self.err("bad indentation of a sequence entry"));
            }
            if !(self.peek() == Some(b'-') && self.is_ws_or_end(1)) {
                break;
            }
        }
        Ok(Value::list(items))
    }

    /// A plain scalar, possibly over several lines (folded with spaces).
    fn plain(&mut self, parent: i64, flow: bool) -> R<String> {
        let mut out = String::new();
        loop {
            let start = self.pos;
            loop {
                match self.peek() {
                    None | Some(b'\n') => break,
                    Some(b'#')
                        if self.pos > start && matches!(self.b[self.pos - 1], b' ' | b'\t') =>
                    {
                        break
                    }
                    Some(b':')
                        if self.is_ws_or_end(1)
                            || (flow
                                && matches!(
                                    self.at(1),
                                    Some(b',' | b'[' | b']' | b'{' | b'}')
                                )) =>
                    {
                        break
                    }
                    Some(b',' | b'[' | b']' | b'{' | b'}') if flow => break,
                    _ => self.pos += 1,
                }
            }
            out.push_str(self.s[start..self.pos].trim_end_matches([' ', '\t', '\r']));
            if self.peek() != Some(b'\n') {
                break;
            }
            // Look ahead for a continuation line.
            let save = self.pos;
            let mut empty_lines = 0;
            let mut p = self.pos;
            let cont = loop {
                if self.b.get(p) != Some(&b'\n') {
                    break None;
                }
                p += 1;
                let line_start = p;
                while matches!(self.b.get(p), Some(b' ' | b'\t')) {
                    p += 1;
                }
                if self.b.get(p) == Some(&b'\r') && self.b.get(p + 1) == Some(&b'\n') {
                    p += 1;
                }
                match self.b.get(p) {
                    Some(b'\n') => {
                        empty_lines += 1;
                        continue;
                    }
                    None | Some(b'#') => break None,
                    Some(_) => {
                        let indent = (p - line_start) as i64;
                        let rest = &self.b[p..];
                        let marker =
                            indent == 0 && (rest.starts_with(b"---") || rest.starts_with(b"..."));
                        if (!flow && indent <= parent) || marker {
                            break None;
                        }
                        break Some(p);
                    }
                }
            };
            let Some(p) = cont else {
                self.pos = save;
                break;
            };
            self.pos = p;
            if !flow && self.looks_like_key() {
                self.pos = save;
                break;
            }
            if flow && matches!(self.peek(), Some(b',' | b']' | b'}')) {
                break;
            }
            if empty_lines == 0 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', empty_lines));
            }
        }
        Ok(out)
    }

    /// A plain mapping key is resolved like any scalar, then used as a string (`yes` becomes
    /// `"true"`, as in Terraform).
    fn plain_key(&self, text: &str) -> R<String> {
        match self.resolve_plain(text, None)? {
            Value::Null => Err(self.err("mapping key cannot be null")),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Number(n) => Ok(format_number(n)),
            Value::String(s) => Ok(s.to_string()),
            _ => Ok(text.to_string()),
        }
    }

    fn resolve_plain(&self, text: &str, tag: Option<&str>) -> R<Value> {
        if tag == Some("!!str") {
            return Ok(Value::string(text));
        }
        Ok(match text {
            "" | "~" | "null" | "Null" | "NULL" => Value::Null,
            "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
                Value::Bool(true)
            }
            "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False"
            | "FALSE" => Value::Bool(false),
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Value::Number(f64::INFINITY),
            "-.inf" | "-.Inf" | "-.INF" => Value::Number(f64::NEG_INFINITY),
            ".nan" | ".NaN" | ".NAN" => {
                return invalid("floating point NaN is not supported");
            }
            _ => {
                if let Some(h) = text.strip_prefix("0x") {
                    if !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return Ok(Value::Number(radix_f64(h, 16)));
                    }
                }
                if let Some(o) = text.strip_prefix("0o") {
                    if !o.is_empty() && o.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                        return Ok(Value::Number(radix_f64(o, 8)));
                    }
                }
                if is_yaml_decimal(text) {
                    if let Ok(n) = text.parse::<f64>() {
                        return Ok(Value::Number(n));
                    }
                }
                if let Some(ts) = yaml_timestamp(text) {
                    return Ok(Value::string(ts));
                }
                Value::string(text)
            }
        })
    }

    fn double_quoted(&mut self) -> R<Value> {
        Ok(Value::string(self.double_quoted_str()?))
    }

    fn single_quoted(&mut self) -> R<Value> {
        Ok(Value::string(self.single_quoted_str()?))
    }

    /// Fold a line break inside a quoted scalar: trailing blanks dropped, the next line's
    /// leading blanks skipped, one break becomes a space, more become newlines.
    fn fold_quoted_break(&mut self, out: &mut String) {
        while out.ends_with([' ', '\t']) {
            out.pop();
        }
        let mut breaks = 0;
        while self.peek() == Some(b'\n') {
            self.pos += 1;
            breaks += 1;
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\r')) {
                self.pos += 1;
            }
        }
        if breaks == 1 {
            out.push(' ');
        } else {
            out.extend(std::iter::repeat_n('\n', breaks - 1));
        }
    }

    fn double_quoted_str(&mut self) -> R<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(
                    self.err("found unexpected end of stream while scanning a quoted scalar")
                );
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\n' => self.fold_quoted_break(&mut out),
                b'\r' => self.pos += 1,
                b'\\' => {
                    let Some(e) = self.at(1) else {
                        return Err(self
                            .err("found unexpected end of stream while scanning a quoted scalar"));
                    };
                    self.pos += 2;
                    let simple = match e {
                        b'0' => Some('\0'),
                        b'a' => Some('\u{7}'),
                        b'b' => Some('\u{8}'),
                        b't' | b'\t' => Some('\t'),
                        b'n' => Some('\n'),
                        b'v' => Some('\u{b}'),
                        b'f' => Some('\u{c}'),
                        b'r' => Some('\r'),
                        b'e' => Some('\u{1b}'),
                        b' ' => Some(' '),
                        b'"' => Some('"'),
                        b'/' => Some('/'),
                        b'\\' => Some('\\'),
                        b'N' => Some('\u{85}'),
                        b'_' => Some('\u{a0}'),
                        b'L' => Some('\u{2028}'),
                        b'P' => Some('\u{2029}'),
                        _ => None,
                    };
                    if let Some(ch) = simple {
                        out.push(ch);
                        continue;
                    }
                    let len = match e {
                        b'x' => 2,
                        b'u' => 4,
                        b'U' => 8,
                        b'\n' | b'\r' => {
                            // escaped line break: joined without a space
                            if e == b'\r' && self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                            while matches!(self.peek(), Some(b' ' | b'\t')) {
                                self.pos += 1;
                            }
                            continue;
                        }
                        _ => {
                            return Err(self.err(
                                "found unknown escape character while parsing a quoted scalar",
                            ))
                        }
                    };
                    let hex = self.s.get(self.pos..self.pos + len).unwrap_or("");
                    let ch = u32::from_str_radix(hex, 16)
                        .ok()
                        .filter(|_| hex.len() == len)
                        .and_then(char::from_u32)
                        .ok_or_else(|| {
                            self.err("found invalid escape sequence while parsing a quoted scalar")
                        })?;
                    self.pos += len;
                    out.push(ch);
                }
                _ => {
                    let start = self.pos;
                    while !matches!(self.peek(), None | Some(b'"' | b'\\' | b'\n' | b'\r')) {
                        self.pos += 1;
                    }
                    out.push_str(&self.s[start..self.pos]);
                }
            }
        }
    }

    fn single_quoted_str(&mut self) -> R<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(
                    self.err("found unexpected end of stream while scanning a quoted scalar")
                );
            };
            match c {
                b'\'' if self.at(1) == Some(b'\'') => {
                    out.push('\'');
                    self.pos += 2;
                }
                b'\'' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\n' => self.fold_quoted_break(&mut out),
                b'\r' => self.pos += 1,
                _ => {
                    let start = self.pos;
                    while !matches!(self.peek(), None | Some(b'\'' | b'\n' | b'\r')) {
                        self.pos += 1;
                    }
                    out.push_str(&self.s[start..self.pos]);
                }
            }
        }
    }

    /// `|` and `>` block scalars with chomping and indentation indicators.
    fn block_scalar(&mut self, parent: i64) -> R<Value> {
        let folded = self.peek() == Some(b'>');
        self.pos += 1;
        let mut chomp = b' ';
        let mut explicit: Option<usize> = None;
        for _ in 0..2 {
            match self.peek() {
                Some(c @ (b'+' | b'-')) => {
                    chomp = c;
                    self.pos += 1;
                }
                Some(c @ b'1'..=b'9') => {
                    explicit = Some((c - b'0') as usize);
                    self.pos += 1;
                }
                _ => {}
            }
        }
        self.skip_inline_space();
        if self.peek() == Some(b'#') {
            while !matches!(self.peek(), None | Some(b'\n')) {
                self.pos += 1;
            }
        }
        if self.peek() == Some(b'\r') {
            self.pos += 1;
        }
        match self.peek() {
            None => return Ok(Value::string("")),
            Some(b'\n') => self.pos += 1,
            Some(_) => return Err(self.err("did not find expected comment or line break")),
        }
        let base = parent.max(0) as usize;
        // Collect the raw lines of the scalar.
        let mut lines: Vec<&str> = Vec::new();
        let mut indent = explicit.map(|e| base + e);
        let mut p = self.pos;
        let mut end = self.pos;
        while p < self.b.len() {
            let line_end = self.s[p..].find('\n').map_or(self.b.len(), |i| p + i);
            let line = self.s[p..line_end].trim_end_matches('\r');
            let spaces = line.bytes().take_while(|b| *b == b' ').count();
            let blank = line.trim_start_matches(' ').is_empty();
            if !blank {
                let want = match indent {
                    Some(i) => i,
                    None => {
                        let min = if parent < 0 { 0 } else { parent as usize + 1 };
                        if spaces < min {
                            break;
                        }
                        indent = Some(spaces);
                        spaces
                    }
                };
                if spaces < want
                    || (spaces == 0 && (line.starts_with("---") || line.starts_with("...")))
                {
                    break;
                }
            }
            lines.push(line);
            end = line_end;
            p = line_end + 1;
        }
        // Trailing blank lines belong to the scalar only as chomped breaks; the position
        // goes back to the end of the last line taken.
        self.pos = end.min(self.b.len());
        let indent = indent.unwrap_or(0);
        let text_of = |l: &str| -> String { l.get(indent..).unwrap_or("").to_string() };
        let mut content: Vec<String> = lines.iter().map(|l| text_of(l)).collect();
        let mut trailing = 0;
        while content.last().is_some_and(|l| l.is_empty()) {
            content.pop();
            trailing += 1;
        }
        let mut out = String::new();
        if folded {
            let mut prev_more: Option<bool> = None;
            let mut pending = 0;
            for l in &content {
                if l.is_empty() {
                    pending += 1;
                    continue;
                }
                let more = l.starts_with([' ', '\t']);
                match prev_more {
                    None => out.extend(std::iter::repeat_n('\n', pending)),
                    Some(false) if !more => {
                        if pending == 0 {
                            out.push(' ')
                        } else {
                            out.extend(std::iter::repeat_n('\n', pending))
                        }
                    }
                    _ => out.extend(std::iter::repeat_n('\n', pending + 1)),
                }
                out.push_str(l);
                prev_more = Some(more);
                pending = 0;
            }
        } else {
            out = content.join("\n");
        }
        let has_content = !content.is_empty();
        match chomp {
            b'-' => {}
            b'+' => {
                if has_content {
                    out.push('\n');
                }
                out.extend(std::iter::repeat_n('\n', trailing));
            }
            _ => {
                if has_content {
                    out.push('\n');
                }
            }
        }
        Ok(Value::string(out))
    }

    fn flow_node(&mut self) -> R<Value> {
        self.depth += 1;
        if self.depth > 200 {
            return Err(self.err("the document is nested too deeply"));
        }
        let r = self.flow_node_inner();
        self.depth -= 1;
        let v = r?;
        self.spend(1)?;
        Ok(v)
    }

    fn flow_node_inner(&mut self) -> R<Value> {
        self.skip_to_content()?;
        let mut anchor = None;
        let mut tag = None;
        let start_budget = self.budget;
        while let Some(c @ (b'&' | b'!')) = self.peek() {
            let start = self.pos;
            while !self.is_ws_or_end(0) && !matches!(self.peek(), Some(b',' | b']' | b'}')) {
                self.pos += 1;
            }
            let text = self.s[start..self.pos].to_string();
            if c == b'&' {
                anchor = Some(text[1..].to_string());
            } else {
                tag = Some(text);
            }
            self.skip_to_content()?;
        }
        let v = match self.peek() {
            None => return Err(self.err("did not find expected node content")),
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_to_content()?;
                    match self.peek() {
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        None => return Err(self.err("did not find expected ',' or ']'")),
                        _ => {}
                    }
                    let item = self.flow_node()?;
                    self.skip_to_content()?;
                    let item = if self.peek() == Some(b':') {
                        self.pos += 1;
                        let key = match item {
                            Value::String(s) => s.to_string(),
                            Value::Number(n) => format_number(n),
                            Value::Bool(b) => b.to_string(),
                            _ => return Err(self.err("only strings are allowed as mapping keys")),
                        };
                        let val = self.flow_value()?;
                        let mut m = Map::new();
                        m.insert(key, val);
                        Value::object(m)
                    } else {
                        item
                    };
                    items.push(item);
                    self.skip_to_content()?;
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {}
                        _ => return Err(self.err("did not find expected ',' or ']'")),
                    }
                }
                Value::list(items)
            }
            Some(b'{') => {
                self.pos += 1;
                let mut map = Map::new();
                loop {
                    self.skip_to_content()?;
                    match self.peek() {
                        Some(b'}') => {
                            self.pos += 1;
                            break;
                        }
                        None => return Err(self.err("did not find expected ',' or '}'")),
                        _ => {}
                    }
                    let key = match self.peek() {
                        Some(b'"') => self.double_quoted_str()?,
                        Some(b'\'') => self.single_quoted_str()?,
                        Some(b'[' | b'{') => {
                            return Err(self.err("only strings are allowed as mapping keys"))
                        }
                        _ => {
                            let k = self.plain(0, true)?;
                            self.plain_key(&k)?
                        }
                    };
                    self.skip_to_content()?;
                    let val = if self.peek() == Some(b':') {
                        self.pos += 1;
                        self.flow_value()?
                    } else {
                        Value::Null
                    };
                    map.insert(key, val);
                    self.skip_to_content()?;
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {}
                        _ => return Err(self.err("did not find expected ',' or '}'")),
                    }
                }
                Value::object(map)
            }
            Some(b'"') => self.double_quoted()?,
            Some(b'\'') => self.single_quoted()?,
            Some(b'*') => self.alias()?,
            Some(_) => {
                let text = self.plain(0, true)?;
                self.resolve_plain(&text, tag.as_deref())?
            }
        };
        let v = self.apply_tag(v, tag.as_deref())?;
        if let Some(a) = anchor {
            let used = start_budget - self.budget;
            self.anchors.insert(a, (v.clone(), used.max(1)));
        }
        Ok(v)
    }

    /// The value after `:` in a flow collection (empty means null).
    fn flow_value(&mut self) -> R<Value> {
        self.skip_to_content()?;
        if matches!(self.peek(), Some(b',' | b']' | b'}')) {
            return Ok(Value::Null);
        }
        self.flow_node()
    }
}

fn radix_f64(digits: &str, radix: u32) -> f64 {
    digits.chars().fold(0.0, |n, c| {
        n * radix as f64 + c.to_digit(radix).unwrap_or(0) as f64
    })
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_yaml_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - f;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

/// YAML timestamps become RFC 3339 strings, as in Terraform.
fn yaml_timestamp(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) && !t.is_empty() {
            t.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    if b.len() == 10 {
        return Some(format!("{y:04}-{mo:02}-{d:02}T00:00:00Z"));
    }
    let rest = &s[10..];
    let rest = rest
        .strip_prefix(['T', 't'])
        .or_else(|| Some(rest.trim_start_matches([' ', '\t'])).filter(|r| r.len() < rest.len()))?;
    let (h, rest) = rest.split_once(':')?;
    if h.is_empty() || h.len() > 2 || !h.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i64 = h.parse().ok()?;
    let mi: i64 = rest.get(0..2)?.parse().ok()?;
    if rest.get(2..3)? != ":" {
        return None;
    }
    let sec: i64 = rest.get(3..5)?.parse().ok()?;
    let mut rest = &rest[5..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = &frac[n..];
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    let zone = match rest {
        "" | "Z" | "z" => "Z".to_string(),
        z if z.starts_with(['+', '-']) => {
            let (hh, mm) = match z[1..].split_once(':') {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => (z[1..].to_string(), "00".to_string()),
            };
            let hh: i64 = hh.parse().ok()?;
            let mm: i64 = mm.parse().ok()?;
            if hh == 0 && mm == 0 {
                "Z".to_string()
            } else {
                format!("{}{hh:02}:{mm:02}", &z[..1])
            }
        }
        _ => return None,
    };
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some(format!(
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}{zone}"
    ))
}

// ---------------------------------------------------------------------------------------------
// Files

enum Resolved {
    Inside(PathBuf),
    Missing,
    Refused(&'static str),
}

/// Lexical normalization: `.` dropped, `..` applied (never above the root).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn boundary_of(cx: &FnCtx) -> (PathBuf, PathBuf) {
    let lexical = normalize(&cx.boundary);
    let canonical = std::fs::canonicalize(&cx.boundary).unwrap_or_else(|_| lexical.clone());
    (lexical, canonical)
}

fn resolve_in_tree(path: &str, cx: &FnCtx) -> Resolved {
    if path.is_empty() || path.contains('\0') {
        return Resolved::Missing;
    }
    let p = Path::new(path);
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else if let Some(cwd) = &cx.cwd {
        crate::discover::absolute(cwd).join(p)
    } else {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(p),
            Err(_) => return Resolved::Refused("the working directory is unknown"),
        }
    };
    let (_, boundary) = boundary_of(cx);
    match std::fs::canonicalize(&abs) {
        Ok(c) if c.starts_with(&boundary) => Resolved::Inside(c),
        Ok(_) => Resolved::Refused("it is outside the scanned tree"),
        Err(_) => {
            // Nothing there (or a dangling link). Decide by the nearest existing ancestor so
            // that nothing is learned about paths outside the tree.
            let norm = normalize(&abs);
            if std::fs::symlink_metadata(&norm).is_ok() {
                return Resolved::Refused("it is a symbolic link that cannot be followed");
            }
            let mut anc = norm.parent();
            while let Some(a) = anc {
                if let Ok(c) = std::fs::canonicalize(a) {
                    return if c.starts_with(&boundary) {
                        Resolved::Missing
                    } else {
                        Resolved::Refused("it is outside the scanned tree")
                    };
                }
                anc = a.parent();
            }
            Resolved::Refused("it is outside the scanned tree")
        }
    }
}

fn refuse(fname: &str, path: &str, reason: &str, cx: &mut FnCtx) -> FnError {
    let msg = format!("{fname}({path:?}) refused: {reason}");
    cx.warnings
        .push(format!("{msg}; its value is treated as unknown"));
    FnError::Invalid(msg)
}

fn read_bytes_in_tree(path: &str, cx: &mut FnCtx, fname: &str) -> Result<Vec<u8>, FnError> {
    let resolved = match resolve_in_tree(path, cx) {
        Resolved::Inside(p) => p,
        Resolved::Missing => {
            return Err(FnError::Invalid(format!("no file exists at {path:?}")));
        }
        Resolved::Refused(reason) => return Err(refuse(fname, path, reason, cx)),
    };
    // Through the one bounded read: a FIFO is never waited on, a device never read, and the
    // size is counted while reading, not trusted from the metadata.
    let (_, boundary) = boundary_of(cx);
    match crate::files::read_bytes(&resolved, Some(&boundary), MAX_FILE_SIZE) {
        Ok(buf) => Ok(buf),
        Err(crate::files::Refusal::TooLarge { .. }) => {
            Err(refuse(fname, path, "it is larger than the 4 MiB limit", cx))
        }
        // As Terraform: a directory is a plain error.
        Err(crate::files::Refusal::NotRegular("directory")) => {
            Err(FnError::Invalid(format!("{path:?} is not a regular file")))
        }
        Err(crate::files::Refusal::NotRegular(kind)) => {
            let reason = format!("it is a {kind}, not a regular file");
            Err(refuse(fname, path, &reason, cx))
        }
        Err(crate::files::Refusal::Outside) => {
            Err(refuse(fname, path, "it is outside the scanned tree", cx))
        }
        Err(crate::files::Refusal::Io(e)) => {
            Err(FnError::Invalid(format!("cannot read {path:?}: {e}")))
        }
    }
}

/// Read a UTF-8 text file that lies inside `cx.boundary` (after resolving symlinks). Refusals
/// push a warning onto `cx.warnings` (naming the path, never the content) and return
/// `Invalid`; the caller turns them into unknown values. Shared by `file()`, `templatefile()`
/// and the like.
pub fn read_file_in_tree(path: &str, cx: &mut FnCtx) -> Result<String, FnError> {
    read_file_for("file", path, cx)
}

/// [`read_file_in_tree`] on behalf of another function (`templatefile`, ...): its name is the
/// one shown in warnings.
pub fn read_file_for(func: &str, path: &str, cx: &mut FnCtx) -> Result<String, FnError> {
    let bytes = read_bytes_in_tree(path, cx, func)?;
    String::from_utf8(bytes).map_err(|_| {
        FnError::Invalid(format!(
            "contents of {path:?} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents"
        ))
    })
}

fn fileexists(path: &str, cx: &mut FnCtx) -> R<Value> {
    match resolve_in_tree(path, cx) {
        Resolved::Inside(p) => {
            if p.is_file() {
                Ok(Value::Bool(true))
            } else {
                invalid(format!("{path:?} is not a regular file"))
            }
        }
        Resolved::Missing => Ok(Value::Bool(false)),
        Resolved::Refused(reason) => {
            refuse("fileexists", path, reason, cx);
            Ok(Value::unknown_from(Origin::new(format!(
                "fileexists({path:?})"
            ))))
        }
    }
}

/// Go's `path/filepath.Clean` (Unix).
fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

fn go_base(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
}

fn go_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => go_clean(&path[..=i]),
        None => ".".into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Hashing

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn hash(name: &str, data: &[u8]) -> String {
    use sha2::Digest as _;
    match name {
        "md5" => hex(&md5::Md5::digest(data)),
        "sha1" => hex(&sha1::Sha1::digest(data)),
        "sha256" => hex(&sha2::Sha256::digest(data)),
        "sha512" => hex(&sha2::Sha512::digest(data)),
        "base64sha256" => b64_encode(&sha2::Sha256::digest(data)),
        _ => b64_encode(&sha2::Sha512::digest(data)),
    }
}

fn uuidv5(ns: &Value, name: &Value) -> R<Value> {
    use sha2::Digest as _;
    let ns = str_arg(ns, "namespace")?;
    let name = str_arg(name, "name")?;
    let ns_text = match &*ns {
        "dns" => "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
        "url" => "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
        "oid" => "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
        "x500" => "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
        other => other,
    };
    let hexdigits: String = ns_text
        .trim_start_matches("urn:uuid:")
        .trim_matches(['{', '}'])
        .chars()
        .filter(|c| *c != '-')
        .collect();
    if hexdigits.len() != 32 || !hexdigits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return invalid(format!("uuidv5() doesn't support namespace {:?}", &*ns));
    }
    let mut bytes = Vec::with_capacity(16 + name.len());
    for i in 0..16 {
        bytes.push(u8::from_str_radix(&hexdigits[2 * i..2 * i + 2], 16).unwrap_or(0));
    }
    bytes.extend_from_slice(name.as_bytes());
    let d = sha1::Sha1::digest(&bytes);
    let mut u = [0u8; 16];
    u.copy_from_slice(&d[..16]);
    u[6] = (u[6] & 0x0f) | 0x50;
    u[8] = (u[8] & 0x3f) | 0x80;
    let h = hex(&u);
    Ok(Value::string(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )))
}

// ---------------------------------------------------------------------------------------------
// Networks

#[derive(Clone, Copy)]
struct Net {
    ip: u128,
    prefix: u32,
    /// 32 or 128
    width: u32,
}

fn host_mask(width: u32, prefix: u32) -> u128 {
    let bits = width.saturating_sub(prefix);
    if bits >= 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    }
}

fn net_mask(width: u32, prefix: u32) -> u128 {
    let all = if width >= 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    all & !host_mask(width, prefix)
}

fn parse_cidr(v: &Value) -> R<Net> {
    let s = str_arg(v, "prefix")?;
    let fail = || {
        bad(format!(
            "invalid CIDR expression: invalid CIDR address: {}",
            &*s
        ))
    };
    let (ip, bits) = s.split_once('/').ok_or_else(fail)?;
    if bits.is_empty() || bits.len() > 3 || !bits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(fail());
    }
    let prefix: u32 = bits.parse().map_err(|_| fail())?;
    let (addr, width) = if let Ok(a) = ip.parse::<std::net::Ipv4Addr>() {
        (u32::from(a) as u128, 32)
    } else if let Ok(a) = ip.parse::<std::net::Ipv6Addr>() {
        (u128::from(a), 128)
    } else {
        return Err(fail());
    };
    if prefix > width {
        return Err(fail());
    }
    Ok(Net {
        ip: addr & net_mask(width, prefix),
        prefix,
        width,
    })
}

fn fmt_ip(ip: u128, width: u32) -> String {
    if width == 32 {
        return std::net::Ipv4Addr::from(ip as u32).to_string();
    }
    let a = std::net::Ipv6Addr::from(ip);
    match a.to_ipv4_mapped() {
        Some(v4) => v4.to_string(),
        None => a.to_string(),
    }
}

fn cidrsubnet(prefix: &Value, newbits: &Value, netnum: &Value) -> R<Value> {
    let net = parse_cidr(prefix)?;
    let newbits = int_arg(newbits, "newbits")?;
    let netnum = int_arg(netnum, "netnum")?;
    if newbits < 0 {
        return invalid("invalid value for \"newbits\": must not be negative");
    }
    let new_prefix = net.prefix as i64 + newbits;
    if new_prefix > net.width as i64 {
        return invalid(format!(
            "insufficient address space to extend prefix of {} by {newbits}",
            net.prefix
        ));
    }
    if netnum < 0 {
        return invalid("invalid value for \"netnum\": must not be negative");
    }
    let max = if newbits >= 127 {
        u128::MAX
    } else {
        (1u128 << newbits) - 1
    };
    if netnum as u128 > max {
        return invalid(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"
        ));
    }
    let shift = net.width - new_prefix as u32;
    let ip = net.ip | ((netnum as u128).checked_shl(shift).unwrap_or(0));
    Ok(Value::string(format!(
        "{}/{}",
        fmt_ip(ip, net.width),
        new_prefix
    )))
}

fn cidrhost(prefix: &Value, hostnum: &Value) -> R<Value> {
    let net = parse_cidr(prefix)?;
    let n = int_arg(hostnum, "hostnum")?;
    let hostbits = net.width - net.prefix;
    let size: Option<u128> = 1u128.checked_shl(hostbits);
    let num: u128 = if n < 0 {
        match size {
            Some(sz) if (n.unsigned_abs() as u128) <= sz => sz - n.unsigned_abs() as u128,
            Some(sz) => {
                return invalid(format!(
                    "prefix of {} does not accommodate a host numbered {}",
                    net.prefix,
                    sz as i128 + n as i128
                ))
            }
            None => u128::MAX - (n.unsigned_abs() as u128 - 1),
        }
    } else {
        n as u128
    };
    if let Some(sz) = size {
        if num >= sz {
            return invalid(format!(
                "prefix of {} does not accommodate a host numbered {n}",
                net.prefix
            ));
        }
    }
    Ok(Value::string(fmt_ip(net.ip | num, net.width)))
}

fn cidrnetmask(prefix: &Value) -> R<Value> {
    let net = parse_cidr(prefix)?;
    if net.width != 32 {
        return invalid(format!(
            "IPv6 addresses cannot have a netmask: {}",
            str_arg(prefix, "prefix")?
        ));
    }
    Ok(Value::string(fmt_ip(net_mask(32, net.prefix), 32)))
}

fn cidrsubnets(prefix: &Value, newbits: &[Value], cx: &FnCtx) -> R<Value> {
    let net = parse_cidr(prefix)?;
    check_count("cidrsubnets", newbits.len() as u128, cx)?;
    let w = net.width;
    let all = host_mask(w, 0);
    // The subnet just before the base network, of the base's size (go-cidr PreviousSubnet).
    let mut cur_ip = net.ip.wrapping_sub(1) & all & net_mask(w, net.prefix);
    let mut cur_prefix = net.prefix;
    let mut out = Vec::with_capacity(newbits.len());
    for (i, nb) in newbits.iter().enumerate() {
        let len = int_arg(nb, "newbits")?;
        if len < 1 {
            return invalid(format!("invalid value for \"newbits\" (argument {}): must extend prefix by at least one bit", i + 2));
        }
        if len > 32 {
            return invalid(format!("invalid value for \"newbits\" (argument {}): may not extend prefix by more than 32 bits", i + 2));
        }
        let length = net.prefix + len as u32;
        if length > w {
            return invalid(format!(
                "invalid value for \"newbits\" (argument {}): would extend prefix to {length} bits, which is too long for an {} address",
                i + 2,
                if w == 32 { "IPv4" } else { "IPv6" }
            ));
        }
        // go-cidr NextSubnet
        let cur_last = cur_ip | host_mask(w, cur_prefix);
        let sub_last = (cur_last & net_mask(w, length)) | host_mask(w, length);
        let next = sub_last.wrapping_add(1) & all;
        let rollover = next == 0;
        let contained = next & net_mask(w, net.prefix) == net.ip;
        if rollover || !contained {
            return invalid(format!(
                "invalid value for \"newbits\": not enough remaining address space for a subnet with a prefix of {length} bits after {}/{}",
                fmt_ip(cur_ip, w),
                cur_prefix
            ));
        }
        cur_ip = next;
        cur_prefix = length;
        out.push(Value::string(format!("{}/{}", fmt_ip(next, w), length)));
    }
    Ok(Value::list(out))
}

// ---------------------------------------------------------------------------------------------
// Dates

struct Time {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    nanos: i64,
    /// Offset from UTC in seconds.
    offset: i64,
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn parse_rfc3339(s: &str) -> Option<Time> {
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut rest = &s[19..];
    let mut nanos = 0;
    if let Some(f) = rest.strip_prefix('.') {
        let n = f.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > 9 {
            return None;
        }
        nanos = f[..n].parse::<i64>().ok()? * 10i64.pow(9 - n as u32);
        rest = &f[n..];
    }
    let offset = match rest {
        "Z" => 0,
        z if z.len() == 6
            && (z.starts_with('+') || z.starts_with('-'))
            && z.get(3..4) == Some(":") =>
        {
            let h: i64 = z.get(1..3)?.parse().ok()?;
            let m: i64 = z.get(4..6)?.parse().ok()?;
            if h > 23 || m > 59 {
                return None;
            }
            let o = h * 3600 + m * 60;
            if z.starts_with('-') {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    Some(Time {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nanos,
        offset,
    })
}

fn time_arg(v: &Value, what: &str) -> R<Time> {
    let s = str_arg(v, what)?;
    parse_rfc3339(&s).ok_or_else(|| bad(format!("not a valid RFC3339 timestamp: {:?}", &*s)))
}

impl Time {
    /// Seconds since the epoch (UTC).
    fn unix(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + self.hour * 3600
            + self.minute * 60
            + self.second
            - self.offset
    }

    fn from_unix(secs: i64, nanos: i64, offset: i64) -> Time {
        let local = secs + offset;
        let days = local.div_euclid(86_400);
        let sod = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Time {
            year,
            month,
            day,
            hour: sod / 3600,
            minute: sod % 3600 / 60,
            second: sod % 60,
            nanos,
            offset,
        }
    }

    fn zone(&self, colon: bool, z_for_utc: Option<&str>) -> String {
        if self.offset == 0 {
            if let Some(z) = z_for_utc {
                return z.to_string();
            }
        }
        let sign = if self.offset < 0 { '-' } else { '+' };
        let o = self.offset.abs();
        if colon {
            format!("{sign}{:02}:{:02}", o / 3600, o % 3600 / 60)
        } else {
            format!("{sign}{:02}{:02}", o / 3600, o % 3600 / 60)
        }
    }

    fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.zone(true, Some("Z"))
        )
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn formatdate(spec: &Value, ts: &Value) -> R<Value> {
    let spec = str_arg(spec, "format")?;
    let t = time_arg(ts, "time")?;
    let chars: Vec<char> = spec.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // quoted literal; '' is a literal quote
            if chars.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            i += 1;
            loop {
                match chars.get(i) {
                    None => return invalid("unterminated literal '"),
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        out.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(ch) => {
                        out.push(*ch);
                        i += 1;
                    }
                }
            }
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j) == Some(&c) {
            j += 1;
        }
        let token: String = chars[i..j].iter().collect();
        i = j;
        let h12 = if t.hour % 12 == 0 { 12 } else { t.hour % 12 };
        let weekday = (days_from_civil(t.year, t.month, t.day) + 4).rem_euclid(7) as usize;
        let month = MONTHS[(t.month - 1).clamp(0, 11) as usize];
        let s = match token.as_str() {
            "YYYY" => format!("{:04}", t.year),
            "YY" => format!("{:02}", t.year.rem_euclid(100)),
            "MMMM" => month.to_string(),
            "MMM" => month[..3].to_string(),
            "MM" => format!("{:02}", t.month),
            "M" => t.month.to_string(),
            "DD" => format!("{:02}", t.day),
            "D" => t.day.to_string(),
            "EEEE" => WEEKDAYS[weekday].to_string(),
            "EEE" => WEEKDAYS[weekday][..3].to_string(),
            "hh" => format!("{:02}", t.hour),
            "h" => t.hour.to_string(),
            "HH" => format!("{h12:02}"),
            "H" => h12.to_string(),
            "AA" => if t.hour < 12 { "AM" } else { "PM" }.to_string(),
            "aa" => if t.hour < 12 { "am" } else { "pm" }.to_string(),
            "mm" => format!("{:02}", t.minute),
            "m" => t.minute.to_string(),
            "ss" => format!("{:02}", t.second),
            "s" => t.second.to_string(),
            "ZZZZZ" => t.zone(true, None),
            "ZZZZ" => t.zone(false, None),
            "ZZZ" => t.zone(false, Some("UTC")),
            "Z" => t.zone(true, Some("Z")),
            other => return invalid(format!("invalid date format verb {other:?}: unrecognized")),
        };
        out.push_str(&s);
    }
    Ok(Value::string(out))
}

/// Go's `time.ParseDuration`, in nanoseconds.
fn parse_duration(s: &str) -> Option<i128> {
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let n = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if n == 0 {
            return None;
        }
        let num: f64 = rest[..n].parse().ok()?;
        rest = &rest[n..];
        let u = rest
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit() || *c == '.')
            .map_or(rest.len(), |(i, _)| i);
        let unit = match &rest[..u] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[u..];
        total += num * unit;
    }
    if total > 9.2e18 {
        return None;
    }
    let t = total.round() as i128;
    Some(if neg { -t } else { t })
}

fn timeadd(ts: &Value, dur: &Value) -> R<Value> {
    let t = time_arg(ts, "timestamp")?;
    let d = str_arg(dur, "duration")?;
    let ns = parse_duration(&d).ok_or_else(|| bad(format!("time: invalid duration {:?}", &*d)))?;
    let total = t.unix() as i128 * 1_000_000_000 + t.nanos as i128 + ns;
    let secs = total.div_euclid(1_000_000_000);
    let nanos = total.rem_euclid(1_000_000_000);
    let Ok(secs) = i64::try_from(secs) else {
        return invalid("the resulting time is out of range");
    };
    let r = Time::from_unix(secs, nanos as i64, t.offset);
    if !(0..=9999).contains(&r.year) {
        return invalid("the resulting time is out of range");
    }
    Ok(Value::string(r.rfc3339()))
}

fn timecmp(a: &Value, b: &Value) -> R<Value> {
    let x = time_arg(a, "timestamp_a")?;
    let y = time_arg(b, "timestamp_b")?;
    let kx = (x.unix(), x.nanos);
    let ky = (y.unix(), y.nanos);
    Ok(Value::Number(match kx.cmp(&ky) {
        std::cmp::Ordering::Less => -1.0,
        std::cmp::Ordering::Equal => 0.0,
        std::cmp::Ordering::Greater => 1.0,
    }))
}

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use super::*;

    fn cx() -> FnCtx {
        FnCtx::new(std::env::current_dir().unwrap())
    }
    fn s(x: &str) -> Value {
        Value::string(x)
    }
    fn n(x: f64) -> Value {
        Value::Number(x)
    }
    fn b(x: bool) -> Value {
        Value::Bool(x)
    }
    fn l(items: Vec<Value>) -> Value {
        Value::list(items)
    }
    fn strs(items: &[&str]) -> Value {
        l(items.iter().map(|x| s(x)).collect())
    }
    fn nums(items: &[f64]) -> Value {
        l(items.iter().map(|x| n(*x)).collect())
    }
    fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::object(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }
    fn unk(origin: &str) -> Value {
        Value::unknown_from(Origin::new(origin))
    }
    fn arc(v: &Value) -> Arc<Unknown> {
        match v {
            Value::Unknown(u) => u.clone(),
            _ => panic!("not unknown"),
        }
    }
    fn partial(parts: Vec<Part>) -> Value {
        concat_parts(parts)
    }
    fn lit(x: &str) -> Part {
        Part::Lit(x.to_string())
    }
    fn ok(name: &str, args: &[Value]) -> Value {
        match call(name, args, &mut cx()) {
            Ok(v) => v,
            Err(e) => panic!("{name}({args:?}) failed: {e}"),
        }
    }
    fn err(name: &str, args: &[Value]) -> String {
        match call(name, args, &mut cx()) {
            Ok(v) => panic!("{name}({args:?}) should fail, got {v:?}"),
            Err(FnError::Invalid(m)) => m,
            Err(FnError::Unsupported) => "unsupported".into(),
        }
    }
    fn origins(v: &Value) -> Vec<String> {
        let mut o = Vec::new();
        v.collect_origins(&mut o);
        o.iter().map(|o| o.text.to_string()).collect()
    }

    // ---- format

    #[test]
    fn format_verbs_match_terraform() {
        let cases: &[(&str, Vec<Value>, &str)] = &[
            ("%05.2f", vec![n(3.14159)], "03.14"),
            ("%d", vec![s("12")], "12"),
            ("%s", vec![n(1.5)], "1.5"),
            ("%s", vec![b(true)], "true"),
            ("%v", vec![l(vec![n(1.0), s("a")])], "[1,\"a\"]"),
            ("%q", vec![s("a\"b")], "\"a\\\"b\""),
            ("%q", vec![s("tab\there\u{1}é")], "\"tab\\there\\u0001é\""),
            (
                "%q",
                vec![s("<a&b>\u{7f}\u{2028}")],
                "\"\\u003ca\\u0026b\\u003e\u{7f}\\u2028\"",
            ),
            ("%.3s|%5.1s|", vec![s("héllo"), s("abc")], "hél|    a|"),
            (
                "%.3g|%g|%g|%g|%G",
                vec![
                    n(1234.5678),
                    n(0.00001234),
                    n(123456789.0),
                    n(1e-5),
                    n(1e-7),
                ],
                "1.23e+03|1.234e-05|1.23456789e+08|1e-05|1E-07",
            ),
            (
                "%x|%o|%b",
                vec![n(-255.0), n(-8.0), n(-5.0)],
                "-ff|-10|-101",
            ),
            (
                "%+.2e|% .1f|%+d",
                vec![n(12345.678), n(2.25), n(0.0)],
                "+1.23e+04| 2.2|+0",
            ),
            (
                "%.3d|%08.3d|%#o|%#b",
                vec![n(5.0), n(5.0), n(8.0), n(5.0)],
                "005|     005|010|0b101",
            ),
            (
                "%10v|%-10v|",
                vec![s("ab"), n(12.0)],
                "        ab|12        |",
            ),
            ("%6.2f%%", vec![n(99.5)], " 99.50%"),
            (
                "%.1f|%.2f|%g|%e|%.0e",
                vec![n(0.05), n(1.005), n(0.1), n(1e21), n(5.0)],
                "0.1|1.00|0.1|1.000000e+21|5e+00",
            ),
            (
                "%#v",
                vec![l(vec![s("a"), n(1.0), Value::Null])],
                "[\"a\",1,null]",
            ),
            ("%#v", vec![s("x")], "\"x\""),
            ("%5s|%-5s|", vec![s("ab"), s("cd")], "   ab|cd   |"),
            ("%.2s", vec![s("hello")], "he"),
            (
                "%x %X %o %b %e %E %g",
                vec![
                    n(255.0),
                    n(255.0),
                    n(8.0),
                    n(5.0),
                    n(1234.5),
                    n(1234.5),
                    n(1234.5),
                ],
                "ff FF 10 101 1.234500e+03 1.234500E+03 1234.5",
            ),
            ("%t", vec![b(true)], "true"),
            ("%[2]s %[1]s", vec![s("a"), s("b")], "b a"),
            ("%+d % d", vec![n(5.0), n(5.0)], "+5  5"),
            ("%v", vec![n(1.5)], "1.5"),
            ("%f", vec![n(1.0)], "1.000000"),
            ("%.3v", vec![s("hello")], "hello"),
            ("%g", vec![n(100000000.0)], "1e+08"),
            ("%v", vec![obj(&[("a", s("b"))])], "{\"a\":\"b\"}"),
            ("%#v", vec![n(1.0)], "1"),
            ("%q", vec![n(5.0)], "\"5\""),
            ("%t", vec![s("true")], "true"),
            ("%e", vec![n(0.0)], "0.000000e+00"),
            ("%08.3f", vec![n(-3.14159)], "-003.142"),
            ("%5.1f|%-8.2f|", vec![n(3.14159), n(2.5)], "  3.1|2.50    |"),
            ("%d", vec![n(1e20)], "100000000000000000000"),
            ("%%", vec![], "%"),
            ("%.0f %.0f", vec![n(2.5), n(3.5)], "2 4"),
            ("%5t|", vec![b(true)], "true|"),
            ("%05s", vec![s("ab")], "000ab"),
            ("%-05d|", vec![n(3.0)], "3    |"),
            ("%#x", vec![n(255.0)], "0xff"),
            ("%s", vec![n(1e-7)], "0.0000001"),
            ("%10.3e", vec![n(1234.5678)], " 1.235e+03"),
            ("Hello, %s!", vec![s("Ander")], "Hello, Ander!"),
            ("There are %d lights", vec![n(4.0)], "There are 4 lights"),
        ];
        for (f, args, want) in cases {
            let mut a = vec![s(f)];
            a.extend(args.iter().cloned());
            assert_eq!(ok("format", &a), s(want), "format({f:?}, {args:?})");
        }
    }

    #[test]
    fn format_errors_match_terraform() {
        assert!(err("format", &[s("%d"), n(3.5)]).contains("an integer is required"));
        assert!(err("format", &[s("%s")])
            .contains("not enough arguments for \"%s\" at 0: need index 1 but have 0 total"));
        assert_eq!(
            err("format", &[s("%s"), s("a"), s("b")]),
            "too many arguments; only 1 used by format string"
        );
        assert_eq!(
            err("format", &[s("%z"), n(1.0)]),
            "unsupported format verb 'z' in \"%z\" at offset 0"
        );
        assert!(err("format", &[s("%*d"), n(5.0), n(3.0)])
            .contains("unrecognized format character '*'"));
        assert!(err("format", &[s("%s"), l(vec![])]).contains("string required"));
        assert!(err("format", &[s("%d"), b(true)]).contains("number required"));
    }

    #[test]
    fn format_keeps_unknowns_in_place() {
        let arn = Value::unknown_from(Origin::resource("aws_s3_bucket.b", "arn"));
        let v = ok("format", &[s("%s/*"), arn.clone()]);
        assert_eq!(v, partial(vec![Part::Unknown(arc(&arn)), lit("/*")]));
        assert_eq!(
            v.referenced_resources(),
            vec![Arc::<str>::from("aws_s3_bucket.b")]
        );
        // an unknown format string makes everything unknown, with origins
        let v = ok("format", &[unk("var.fmt"), s("x")]);
        assert!(v.is_unknown());
        assert_eq!(origins(&v), vec!["var.fmt"]);
        // Terraform gives an unknown for null arguments
        assert!(ok("format", &[s("x%vy"), Value::Null]).is_unknown());
    }

    #[test]
    fn format_width_is_bounded_before_allocating() {
        let e = err("format", &[s("%999999999999d"), n(1.0)]);
        assert!(e.contains("over the limit"), "{e}");
        let e = err("format", &[s("%.999999999f"), n(1.0)]);
        assert!(e.contains("over the limit"), "{e}");
        let mut c = cx();
        c.max_string_len = 10;
        assert!(call("format", &[s("%20s"), s("x")], &mut c).is_err());
    }

    /// Rust's formatter panics on a precision above 65,535: refused as an error before it is
    /// reached, for every float verb, through `formatlist` too, and for widths alike.
    #[test]
    fn format_precision_past_the_formatter_limit_is_an_error() {
        let mut c = cx();
        c.max_string_len = 1 << 30;
        for f in [
            "%.70000f",
            "%.65536e",
            "%.65536g",
            "%.65536E",
            "%70000d",
            "%-99999s",
            "%0100000000d",
            "%.99999999999999999999f",
            "%[99999999999999999999]d",
        ] {
            let e = match call("format", &[s(f), n(1.0)], &mut c) {
                Err(FnError::Invalid(m)) => m,
                other => panic!("format({f:?}) should fail, got {other:?}"),
            };
            assert!(
                e.contains("over the limit") || e.contains("argument index"),
                "{f}: {e}"
            );
            let list = Value::list(vec![n(1.0), n(2.0)]);
            assert!(call("formatlist", &[s(f), list], &mut c).is_err(), "{f}");
        }
        // The largest precision the formatter takes still works.
        let v = call("format", &[s("%.65535f"), n(1.0)], &mut c).unwrap();
        assert_eq!(v.as_str().unwrap().len(), 65_537);
    }

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

    #[test]
    fn formatlist_iterates_lists() {
        assert_eq!(
            ok(
                "formatlist",
                &[
                    s("Hello, %s!"),
                    strs(&["Valentina", "Ander", "Olivia", "Sam"])
                ]
            ),
            strs(&[
                "Hello, Valentina!",
                "Hello, Ander!",
                "Hello, Olivia!",
                "Hello, Sam!"
            ])
        );
        assert_eq!(
            ok(
                "formatlist",
                &[
                    s("%s, %s!"),
                    s("Salutations"),
                    strs(&["Valentina", "Ander"])
                ]
            ),
            strs(&["Salutations, Valentina!", "Salutations, Ander!"])
        );
        assert!(
            err("formatlist", &[s("%s%s"), strs(&["a"]), strs(&["a", "b"])])
                .contains("inconsistent")
        );
        let u = unk("aws_instance.a.id");
        let v = ok("formatlist", &[s("id-%s"), l(vec![s("x"), u.clone()])]);
        assert_eq!(
            v,
            l(vec![
                s("id-x"),
                partial(vec![lit("id-"), Part::Unknown(arc(&u))])
            ])
        );
        assert!(ok("formatlist", &[s("%s"), unk("var.l")]).is_unknown());
    }

    // ---- strings

    #[test]
    fn string_functions() {
        assert_eq!(
            ok("join", &[s(", "), strs(&["foo", "bar", "baz"])]),
            s("foo, bar, baz")
        );
        assert_eq!(
            ok("join", &[s(","), strs(&["a"]), strs(&["b", "c"])]),
            s("a,b,c")
        );
        assert_eq!(ok("join", &[s(""), l(vec![])]), s(""));
        assert!(err("join", &[s(","), l(vec![s("a"), Value::Null])]).contains("null"));
        assert_eq!(
            ok("split", &[s(","), s("foo,bar,baz")]),
            strs(&["foo", "bar", "baz"])
        );
        assert_eq!(ok("split", &[s(","), s("")]), strs(&[""]));
        assert_eq!(ok("split", &[s(""), s("abc")]), strs(&["a", "b", "c"]));
        assert_eq!(ok("lower", &[s("HELLO ÀB")]), s("hello àb"));
        assert_eq!(ok("upper", &[s("straße")]), s("STRAßE"));
        assert_eq!(
            ok("title", &[s("hello wORLD-foo_bar x.y élan")]),
            s("Hello WORLD-Foo_bar X.Y Élan")
        );
        assert_eq!(ok("substr", &[s("hello world"), n(1.0), n(4.0)]), s("ello"));
        assert_eq!(ok("substr", &[s("🤔🤷"), n(0.0), n(1.0)]), s("🤔"));
        assert_eq!(
            ok("substr", &[s("hello world"), n(-5.0), n(-1.0)]),
            s("world")
        );
        assert_eq!(ok("substr", &[s("hello"), n(1.0), n(100.0)]), s("ello"));
        assert_eq!(ok("substr", &[s("hello"), n(10.0), n(1.0)]), s(""));
        assert_eq!(ok("substr", &[s("hello"), n(-10.0), n(2.0)]), s("he"));
        assert_eq!(ok("substr", &[s("hello"), n(1.0), n(-2.0)]), s("ello"));
        assert_eq!(ok("substr", &[s("hello"), n(-1.0), n(0.0)]), s("o"));
        assert_eq!(ok("substr", &[s("hello"), n(1e18), n(1.0)]), s(""));
        assert!(err("substr", &[s("hello"), n(1e300), n(1.0)]).contains("too large"));
        assert!(err("substr", &[s("hello"), n(1.5), n(1.0)]).contains("whole number"));
        assert_eq!(ok("trim", &[s("?!hello?!"), s("!?")]), s("hello"));
        assert_eq!(ok("trimprefix", &[s("helloworld"), s("hello")]), s("world"));
        assert_eq!(ok("trimsuffix", &[s("helloworld"), s("world")]), s("hello"));
        assert_eq!(ok("trimspace", &[s(" \n a \t")]), s("a"));
        assert_eq!(ok("chomp", &[s("a\r\n\n")]), s("a"));
        assert_eq!(ok("startswith", &[s("hello world"), s("hello")]), b(true));
        assert_eq!(ok("startswith", &[s("abc"), s("")]), b(true));
        assert_eq!(ok("endswith", &[s("hello world"), s("world")]), b(true));
        assert_eq!(ok("strcontains", &[s("hello world"), s("wor")]), b(true));
        assert_eq!(ok("strcontains", &[s("hello world"), s("wod")]), b(false));
        assert_eq!(ok("strrev", &[s("héllo")]), s("olléh"));
        // Grapheme clusters, as Terraform counts them (found by the oracle).
        assert_eq!(ok("length", &[s("👍🏽")]), n(1.0));
        assert_eq!(ok("strrev", &[s("ae\u{301}👍🏽")]), s("👍🏽e\u{301}a"));
        assert_eq!(ok("substr", &[s("👍🏽x"), n(1.0), n(1.0)]), s("x"));
        assert_eq!(
            ok("indent", &[n(2.0), s("a\nb\n\nc\n")]),
            s("a\n  b\n  \n  c\n  ")
        );
        assert_eq!(ok("sensitive", &[s("x")]), s("x"));
        assert_eq!(ok("nonsensitive", &[n(1.0)]), n(1.0));
        assert!(err("lower", &[Value::Null]).contains("must not be null"));
        assert!(err("upper", &[l(vec![])]).contains("string required"));
    }

    #[test]
    fn replace_plain_and_regex() {
        assert_eq!(
            ok("replace", &[s("1 + 2 + 3"), s("+"), s("-")]),
            s("1 - 2 - 3")
        );
        assert_eq!(
            ok("replace", &[s("hello world"), s("/w.*d/"), s("everybody")]),
            s("hello everybody")
        );
        assert_eq!(
            ok("replace", &[s("hello"), s("/l(l)?/"), s("[$1x]")]),
            s("he[]o")
        );
        assert_eq!(
            ok("replace", &[s("hello"), s("/(l)/"), s("$1$$")]),
            s("hel$l$o")
        );
        assert_eq!(ok("replace", &[s("a.b"), s("."), s("-")]), s("a-b"));
        assert_eq!(ok("replace", &[s("abc"), s(""), s("-")]), s("-a-b-c-"));
        assert_eq!(
            ok(
                "replace",
                &[s("ab-cd"), s("/(?P<x>\\w+)-(\\w+)/"), s("${2}_${x}")]
            ),
            s("cd_ab")
        );
        assert!(err("replace", &[s("a"), s("/(/"), s("")]).contains("invalid regular expression"));
        // output size is checked before it is built
        let mut c = cx();
        c.max_string_len = 1000;
        let big = "a".repeat(500);
        assert!(call("replace", &[s(&big), s(""), s("xyz")], &mut c).is_err());
        assert!(call("replace", &[s(&big), s("/a/"), s("$0$0$0")], &mut c).is_err());
    }

    #[test]
    fn regex_results_follow_capture_groups() {
        assert_eq!(
            ok("regex", &[s("[a-z]+"), s("53453453.someurl.com")]),
            s("someurl")
        );
        assert_eq!(
            ok(
                "regex",
                &[s("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), s("2019-02-01")]
            ),
            strs(&["2019", "02", "01"])
        );
        assert_eq!(
            ok(
                "regex",
                &[
                    s("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"),
                    s("https://terraform.io/docs/")
                ]
            ),
            obj(&[("authority", s("terraform.io")), ("scheme", s("https"))])
        );
        assert_eq!(
            ok("regex", &[s("(a)|(b)"), s("b")]),
            l(vec![Value::Null, s("b")])
        );
        assert!(err("regex", &[s("(\\d+)(?P<w>[a-z]+)"), s("1a")])
            .contains("cannot mix both named and unnamed"));
        assert_eq!(
            err("regex", &[s("x"), s("abc")]),
            "pattern did not match any part of the given string"
        );
        assert_eq!(
            ok("regexall", &[s("[a-z]+"), s("1234abcd5678efgh9")]),
            strs(&["abcd", "efgh"])
        );
        assert_eq!(ok("regexall", &[s("[a-z]+"), s("123456789")]), l(vec![]));
        assert_eq!(
            ok("regexall", &[s("(\\d)([a-z])?"), s("1a2")]),
            l(vec![strs(&["1", "a"]), l(vec![s("2"), Value::Null])])
        );
    }

    #[test]
    fn string_functions_keep_partial_strings() {
        let u = unk("aws_s3_bucket.b.arn");
        let p = partial(vec![lit("  Arn:"), Part::Unknown(arc(&u)), lit("/Path\n")]);
        assert_eq!(
            ok("lower", &[p.clone()]),
            partial(vec![lit("  arn:"), Part::Unknown(arc(&u)), lit("/path\n")])
        );
        assert_eq!(
            ok("upper", &[p.clone()]),
            partial(vec![lit("  ARN:"), Part::Unknown(arc(&u)), lit("/PATH\n")])
        );
        assert_eq!(
            ok("trimspace", &[p.clone()]),
            partial(vec![lit("Arn:"), Part::Unknown(arc(&u)), lit("/Path")])
        );
        assert_eq!(
            ok("replace", &[p.clone(), s("/"), s("|")]),
            partial(vec![lit("  Arn:"), Part::Unknown(arc(&u)), lit("|Path\n")])
        );
        assert_eq!(
            ok("join", &[s(","), l(vec![s("a"), u.clone(), p.clone()])]),
            partial(vec![
                lit("a,"),
                Part::Unknown(arc(&u)),
                lit(",  Arn:"),
                Part::Unknown(arc(&u)),
                lit("/Path\n")
            ])
        );
        assert_eq!(ok("startswith", &[p.clone(), s("  Ar")]), b(true));
        assert_eq!(ok("startswith", &[p.clone(), s("x")]), b(false));
        assert!(ok("startswith", &[p.clone(), s("  Arn:arn")]).is_unknown());
        assert_eq!(ok("endswith", &[p.clone(), s("Path\n")]), b(true));
        assert_eq!(ok("strcontains", &[p.clone(), s("Arn")]), b(true));
        assert!(ok("strcontains", &[p.clone(), s("zzz")]).is_unknown());
        assert_eq!(
            ok("trimprefix", &[p.clone(), s("  Arn")]),
            partial(vec![lit(":"), Part::Unknown(arc(&u)), lit("/Path\n")])
        );
        // functions that need the whole string give an unknown with the origin
        let v = ok("length", &[p.clone()]);
        assert!(v.is_unknown());
        assert_eq!(origins(&v), vec!["aws_s3_bucket.b.arn"]);
        assert!(ok("md5", &[p.clone()]).is_unknown());
        assert!(ok("split", &[s(","), p]).is_unknown());
    }

    // ---- collections

    #[test]
    fn collection_functions() {
        assert_eq!(
            ok("concat", &[strs(&["a", ""]), strs(&["b", "c"])]),
            strs(&["a", "", "b", "c"])
        );
        assert_eq!(
            ok(
                "merge",
                &[
                    obj(&[("a", s("b")), ("c", s("d"))]),
                    obj(&[("e", s("f")), ("c", s("z"))])
                ]
            ),
            obj(&[("a", s("b")), ("c", s("z")), ("e", s("f"))])
        );
        assert_eq!(
            ok("merge", &[Value::Null, obj(&[("a", n(1.0))])]),
            obj(&[("a", n(1.0))])
        );
        let m = obj(&[("a", s("ay")), ("b", s("bee"))]);
        assert_eq!(ok("lookup", &[m.clone(), s("a"), s("what?")]), s("ay"));
        assert_eq!(ok("lookup", &[m.clone(), s("c"), s("what?")]), s("what?"));
        assert!(err("lookup", &[m.clone(), s("c")]).contains("no attribute \"c\""));
        assert_eq!(ok("element", &[strs(&["a", "b", "c"]), n(1.0)]), s("b"));
        assert_eq!(ok("element", &[strs(&["a", "b", "c"]), n(3.0)]), s("a"));
        assert_eq!(ok("element", &[strs(&["a", "b", "c"]), n(5.0)]), s("c"));
        assert!(err("element", &[l(vec![]), n(0.0)]).contains("empty list"));
        assert!(err("element", &[strs(&["a"]), n(-1.0)]).contains("negative"));
        assert_eq!(ok("index", &[strs(&["a", "b", "c"]), s("b")]), n(1.0));
        assert_eq!(err("index", &[strs(&["a", "b"]), s("c")]), "item not found");
        assert_eq!(
            ok(
                "keys",
                &[obj(&[("d", n(3.0)), ("a", n(1.0)), ("c", n(2.0))])]
            ),
            strs(&["a", "c", "d"])
        );
        assert_eq!(
            ok(
                "values",
                &[obj(&[("d", n(3.0)), ("a", n(1.0)), ("c", n(2.0))])]
            ),
            nums(&[1.0, 2.0, 3.0])
        );
        assert_eq!(ok("length", &[l(vec![])]), n(0.0));
        assert_eq!(ok("length", &[strs(&["a", "b"])]), n(2.0));
        assert_eq!(ok("length", &[obj(&[("a", s("b"))])]), n(1.0));
        assert_eq!(ok("length", &[s("héllo")]), n(5.0));
        // Grapheme clusters, as `terraform plan` shows (tests/oracle.rs, roots/edge).
        assert_eq!(ok("length", &[s("👾🕹️")]), n(2.0));
        assert!(err("length", &[n(5.0)]).contains("must be a string, a collection type"));
        assert_eq!(ok("contains", &[strs(&["a", "b", "c"]), s("a")]), b(true));
        assert_eq!(ok("contains", &[strs(&["a", "b", "c"]), s("d")]), b(false));
        assert_eq!(
            ok("distinct", &[strs(&["a", "b", "a", "c", "d", "b"])]),
            strs(&["a", "b", "c", "d"])
        );
        assert_eq!(
            ok("distinct", &[l(vec![n(1.0), s("1"), n(2.0), n(1.0)])]),
            strs(&["1", "2"])
        );
        assert_eq!(
            ok(
                "flatten",
                &[l(vec![strs(&["a", "b"]), l(vec![]), strs(&["c"])])]
            ),
            strs(&["a", "b", "c"])
        );
        assert_eq!(
            ok(
                "flatten",
                &[l(vec![l(vec![n(1.0), nums(&[2.0])]), n(3.0), l(vec![])])]
            ),
            nums(&[1.0, 2.0, 3.0])
        );
        assert_eq!(
            ok("compact", &[l(vec![s("a"), s(""), Value::Null, s("b")])]),
            strs(&["a", "b"])
        );
        assert_eq!(ok("coalesce", &[s(""), s("b")]), s("b"));
        assert_eq!(ok("coalesce", &[n(1.0), s("b")]), s("1"));
        assert_eq!(ok("coalesce", &[Value::Null, n(2.0)]), n(2.0));
        assert_eq!(
            err("coalesce", &[Value::Null, s("")]),
            "no non-null, non-empty-string arguments"
        );
        assert_eq!(ok("coalescelist", &[l(vec![]), nums(&[1.0])]), nums(&[1.0]));
        assert_eq!(ok("one", &[l(vec![])]), Value::Null);
        assert_eq!(ok("one", &[strs(&["hello"])]), s("hello"));
        assert!(err("one", &[strs(&["a", "b"])]).contains("either zero or one"));
        assert_eq!(
            ok("reverse", &[nums(&[1.0, 2.0, 3.0])]),
            nums(&[3.0, 2.0, 1.0])
        );
        assert!(err("reverse", &[s("ab")]).contains("list"));
        assert_eq!(
            ok("slice", &[strs(&["a", "b", "c", "d"]), n(1.0), n(3.0)]),
            strs(&["b", "c"])
        );
        assert_eq!(
            ok("slice", &[nums(&[1.0, 2.0, 3.0]), n(1.0), n(1.0)]),
            l(vec![])
        );
        assert!(err("slice", &[nums(&[1.0, 2.0, 3.0]), n(2.0), n(1.0)])
            .contains("start index must not be greater"));
        assert!(err("slice", &[nums(&[1.0]), n(0.0), n(5.0)]).contains("end index"));
        assert_eq!(
            ok("sort", &[strs(&["e", "d", "a", "x"])]),
            strs(&["a", "d", "e", "x"])
        );
        assert_eq!(
            ok("sort", &[nums(&[3.0, 10.0, 1.0])]),
            strs(&["1", "10", "3"])
        );
        assert_eq!(
            ok("sort", &[strs(&["b", "a", "B"])]),
            strs(&["B", "a", "b"])
        );
        assert_eq!(ok("sum", &[nums(&[10.0, 13.0, 6.0, 4.5])]), n(33.5));
        assert_eq!(ok("sum", &[l(vec![n(1.0), s("2"), n(0.5)])]), n(3.5));
        assert_eq!(err("sum", &[l(vec![])]), "cannot sum an empty list");
        assert_eq!(ok("min", &[n(12.0), n(54.0), n(3.0)]), n(3.0));
        assert_eq!(ok("max", &[n(12.0), n(54.0), n(3.0)]), n(54.0));
        assert_eq!(ok("min", &[n(3.0), s("1")]), n(1.0));
        assert_eq!(err("max", &[]), "must pass at least one number");
    }

    #[test]
    fn type_unification_and_corner_cases_match_terraform() {
        assert_eq!(ok("contains", &[strs(&["1"]), n(1.0)]), b(false));
        assert_eq!(err("index", &[nums(&[1.0, 2.0]), s("2")]), "item not found");
        assert_eq!(ok("alltrue", &[l(vec![Value::Null])]), b(false));
        assert_eq!(ok("anytrue", &[l(vec![Value::Null, b(true)])]), b(true));
        assert!(err("flatten", &[s("a")]).contains("list"));
        assert_eq!(ok("join", &[s(","), l(vec![n(1.0), b(true)])]), s("1,true"));
        assert_eq!(
            ok("compact", &[l(vec![n(1.0), s(""), s("a")])]),
            strs(&["1", "a"])
        );
        assert_eq!(ok("coalesce", &[b(true), s("x")]), s("true"));
        assert_eq!(ok("formatlist", &[s("x%sy"), s("a")]), strs(&["xay"]));
        assert_eq!(ok("formatlist", &[s("x")]), strs(&["x"]));
        assert_eq!(
            ok("toset", &[nums(&[3.0, 10.0, 1.0])]),
            nums(&[1.0, 3.0, 10.0])
        );
        assert_eq!(
            ok("toset", &[l(vec![b(true), b(false)])]),
            l(vec![b(false), b(true)])
        );
        let o = obj(&[("a", n(1.0))]);
        assert_eq!(ok("toset", &[l(vec![o.clone(), o.clone()])]), l(vec![o]));
        assert_eq!(
            ok("setunion", &[nums(&[3.0, 1.0]), nums(&[2.0, 10.0])]),
            nums(&[1.0, 2.0, 3.0, 10.0])
        );
        assert_eq!(
            ok("setunion", &[strs(&["a"]), nums(&[1.0])]),
            strs(&["1", "a"])
        );
        assert_eq!(
            ok(
                "distinct",
                &[l(vec![nums(&[1.0]), nums(&[1.0]), nums(&[2.0])])]
            ),
            l(vec![nums(&[1.0]), nums(&[2.0])])
        );
        assert_eq!(ok("sort", &[l(vec![s("b"), n(1.0)])]), strs(&["1", "b"]));
        assert_eq!(
            ok("regexall", &[s("a*"), s("baaac")]),
            strs(&["", "aaa", ""])
        );
        assert_eq!(ok("replace", &[s("baaac"), s("/a*/"), s("-")]), s("-b-c-"));
        assert_eq!(ok("setproduct", &[strs(&["a"]), l(vec![])]), l(vec![]));
        assert_eq!(ok("transpose", &[obj(&[])]), obj(&[]));
        assert_eq!(ok("zipmap", &[l(vec![]), l(vec![])]), obj(&[]));
        assert_eq!(ok("chunklist", &[l(vec![]), n(2.0)]), l(vec![]));
    }

    #[test]
    fn set_and_map_functions() {
        assert_eq!(
            ok(
                "setunion",
                &[strs(&["a", "b"]), strs(&["b", "c"]), strs(&["d"])]
            ),
            strs(&["a", "b", "c", "d"])
        );
        assert_eq!(
            ok(
                "setintersection",
                &[strs(&["a", "b"]), strs(&["b", "c"]), strs(&["b", "d"])]
            ),
            strs(&["b"])
        );
        assert_eq!(
            ok("setsubtract", &[strs(&["a", "b", "c"]), strs(&["a", "c"])]),
            strs(&["b"])
        );
        assert_eq!(
            ok(
                "setproduct",
                &[strs(&["development", "staging"]), strs(&["app1", "app2"])]
            ),
            l(vec![
                strs(&["development", "app1"]),
                strs(&["development", "app2"]),
                strs(&["staging", "app1"]),
                strs(&["staging", "app2"]),
            ])
        );
        assert_eq!(ok("setproduct", &[l(vec![]), strs(&["a"])]), l(vec![]));
        assert_eq!(
            err("setproduct", &[strs(&["a"])]),
            "at least two arguments are required"
        );
        assert_eq!(
            ok("zipmap", &[strs(&["a", "b"]), nums(&[1.0, 2.0])]),
            obj(&[("a", n(1.0)), ("b", n(2.0))])
        );
        assert_eq!(
            err("zipmap", &[strs(&["a", "b"]), nums(&[1.0])]),
            "number of keys (2) does not match number of values (1)"
        );
        assert_eq!(
            ok(
                "transpose",
                &[obj(&[("a", strs(&["1", "2"])), ("b", strs(&["2", "3"]))])]
            ),
            obj(&[
                ("1", strs(&["a"])),
                ("2", strs(&["a", "b"])),
                ("3", strs(&["b"]))
            ])
        );
        assert_eq!(ok("alltrue", &[l(vec![s("true"), b(true)])]), b(true));
        assert_eq!(ok("alltrue", &[l(vec![b(true), b(false)])]), b(false));
        assert_eq!(ok("alltrue", &[l(vec![])]), b(true));
        assert_eq!(ok("anytrue", &[l(vec![s("true"), b(false)])]), b(true));
        assert_eq!(ok("anytrue", &[l(vec![])]), b(false));
        assert_eq!(
            ok("chunklist", &[strs(&["a", "b", "c", "d", "e"]), n(2.0)]),
            l(vec![strs(&["a", "b"]), strs(&["c", "d"]), strs(&["e"])])
        );
        assert_eq!(
            ok("chunklist", &[nums(&[1.0, 2.0, 3.0]), n(0.0)]),
            l(vec![nums(&[1.0, 2.0, 3.0])])
        );
        assert_eq!(
            ok(
                "matchkeys",
                &[
                    strs(&["i-123", "i-abc", "i-def"]),
                    strs(&["us-west", "us-east", "us-east"]),
                    strs(&["us-east"])
                ]
            ),
            strs(&["i-abc", "i-def"])
        );
        assert_eq!(
            ok("toset", &[strs(&["c", "b", "b", "a"])]),
            strs(&["a", "b", "c"])
        );
        assert_eq!(
            ok("toset", &[l(vec![s("a"), n(1.0), b(true)])]),
            strs(&["1", "a", "true"])
        );
        assert_eq!(ok("tolist", &[l(vec![s("a"), n(1.0)])]), strs(&["a", "1"]));
        assert_eq!(
            ok("tomap", &[obj(&[("a", s("b")), ("c", n(1.0))])]),
            obj(&[("a", s("b")), ("c", s("1"))])
        );
        assert!(err("tomap", &[strs(&["a"])]).contains("cannot convert"));
        assert_eq!(ok("tostring", &[n(1.0)]), s("1"));
        assert_eq!(ok("tostring", &[Value::Null]), Value::Null);
        assert!(err("tostring", &[l(vec![])]).contains("cannot convert"));
        assert_eq!(ok("tonumber", &[s("1.5")]), n(1.5));
        assert!(err("tonumber", &[s("no")]).contains("cannot convert"));
        assert_eq!(ok("tobool", &[s("true")]), b(true));
        assert!(err("tobool", &[s("yes")]).contains("cannot convert"));
    }

    #[test]
    fn numeric_functions() {
        assert_eq!(ok("abs", &[n(-2.5)]), n(2.5));
        assert_eq!(ok("ceil", &[n(1.2)]), n(2.0));
        assert_eq!(ok("floor", &[n(-1.2)]), n(-2.0));
        assert_eq!(ok("pow", &[n(3.0), n(2.0)]), n(9.0));
        assert_eq!(ok("signum", &[n(-3.0)]), n(-1.0));
        assert_eq!(ok("log", &[n(16.0), n(2.0)]), n(4.0));
        assert_eq!(ok("parseint", &[s("FF"), n(16.0)]), n(255.0));
        assert_eq!(ok("parseint", &[s("-10"), n(2.0)]), n(-2.0));
        assert_eq!(ok("parseint", &[s("zZ"), n(62.0)]), n(2231.0));
        assert!(err("parseint", &[s("12"), n(1.0)]).contains("between 2 and 62"));
        assert!(err("parseint", &[s("9"), n(8.0)]).contains("cannot parse"));
    }

    #[test]
    fn range_follows_terraform_and_is_bounded() {
        assert_eq!(ok("range", &[n(3.0)]), nums(&[0.0, 1.0, 2.0]));
        assert_eq!(ok("range", &[n(1.0), n(4.0)]), nums(&[1.0, 2.0, 3.0]));
        assert_eq!(
            ok("range", &[n(1.0), n(4.0), n(0.5)]),
            nums(&[1.0, 1.5, 2.0, 2.5, 3.0, 3.5])
        );
        assert_eq!(ok("range", &[n(5.0), n(1.0)]), nums(&[5.0, 4.0, 3.0, 2.0]));
        assert_eq!(ok("range", &[n(0.0)]), l(vec![]));
        assert!(err("range", &[n(3.0), n(1.0), n(1.0)]).contains("end must be greater than start"));
        assert!(err("range", &[n(1.0), n(3.0), n(0.0)]).contains("step must not be zero"));
        let start = std::time::Instant::now();
        assert_eq!(
            err("range", &[n(100000000.0)]),
            "range would produce 100000000 elements, over the limit of 1000000"
        );
        assert!(err("range", &[n(0.0), n(1.0), n(1e-300)]).contains("over the limit"));
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        assert!(err(
            "setproduct",
            &[nums(&[0.0; 1000]), nums(&[0.0; 1000]), nums(&[0.0; 10])]
        )
        .contains("over the limit"));
        let mut c = cx();
        c.max_collection_len = 3;
        assert!(call(
            "formatlist",
            &[s("%s"), strs(&["a", "b", "c", "d"])],
            &mut c
        )
        .is_err());
        assert!(call("concat", &[strs(&["a", "b"]), strs(&["c", "d"])], &mut c).is_err());
        assert!(call("split", &[s(","), s("a,b,c,d")], &mut c).is_err());
        assert!(call(
            "flatten",
            &[l(vec![strs(&["a", "b"]), strs(&["c", "d"])])],
            &mut c
        )
        .is_err());
    }

    #[test]
    fn collections_keep_unknown_elements() {
        let arn = Value::unknown_from(Origin::resource("aws_sqs_queue.dlq", "arn"));
        let tags = obj(&[("env", s("prod")), ("owner", unk("var.owner"))]);
        let merged = ok("merge", &[tags.clone(), obj(&[("name", arn.clone())])]);
        assert_eq!(merged.get("env"), Some(s("prod")));
        assert!(merged.get("name").unwrap().is_unknown());
        assert_eq!(
            ok("keys", &[merged.clone()]),
            strs(&["env", "name", "owner"])
        );
        assert_eq!(ok("length", &[merged.clone()]), n(3.0));
        assert_eq!(ok("lookup", &[merged.clone(), s("env"), s("x")]), s("prod"));
        assert_eq!(
            ok("concat", &[l(vec![arn.clone()]), strs(&["b"])]),
            l(vec![arn.clone(), s("b")])
        );
        assert_eq!(ok("element", &[l(vec![s("a"), arn.clone()]), n(1.0)]), arn);
        assert_eq!(
            ok("flatten", &[l(vec![l(vec![arn.clone()]), strs(&["x"])])]),
            l(vec![arn.clone(), s("x")])
        );
        assert_eq!(
            ok("compact", &[l(vec![arn.clone(), s("")])]),
            l(vec![arn.clone()])
        );
        assert_eq!(ok("coalesce", &[s("a"), arn.clone()]), s("a"));
        assert_eq!(
            ok("zipmap", &[strs(&["k"]), l(vec![arn.clone()])]),
            obj(&[("k", arn.clone())])
        );
        assert_eq!(ok("tolist", &[l(vec![arn.clone()])]), l(vec![arn.clone()]));
        assert_eq!(
            ok("toset", &[l(vec![s("b"), arn.clone(), s("a"), s("b")])]),
            l(vec![s("a"), s("b"), arn.clone()])
        );
        assert_eq!(
            ok("contains", &[l(vec![arn.clone(), s("a")]), s("a")]),
            b(true)
        );
        assert_eq!(ok("alltrue", &[l(vec![unk("var.x"), b(false)])]), b(false));
        // ... and an unknown where the value is needed gives an unknown with the origins
        let v = ok("coalesce", &[arn.clone(), s("a")]);
        assert_eq!(
            v.referenced_resources(),
            vec![Arc::<str>::from("aws_sqs_queue.dlq")]
        );
        let v = ok("contains", &[l(vec![arn.clone()]), s("a")]);
        assert!(v.is_unknown());
        assert_eq!(
            v.referenced_resources(),
            vec![Arc::<str>::from("aws_sqs_queue.dlq")]
        );
        for (name, args) in [
            ("length", vec![unk("var.l")]),
            ("merge", vec![tags.clone(), unk("var.m")]),
            ("keys", vec![unk("var.m")]),
            ("concat", vec![strs(&["a"]), unk("var.l")]),
            ("element", vec![strs(&["a"]), unk("var.i")]),
            ("lookup", vec![tags.clone(), unk("var.k")]),
            ("range", vec![unk("var.n")]),
            ("sort", vec![l(vec![s("a"), unk("var.s")])]),
            ("distinct", vec![l(vec![s("a"), unk("var.s")])]),
            ("upper", vec![unk("var.s")]),
            ("cidrsubnet", vec![unk("var.cidr"), n(8.0), n(1.0)]),
            ("file", vec![unk("var.path")]),
        ] {
            let v = ok(name, &args);
            assert!(v.is_unknown(), "{name} should be unknown, got {v:?}");
            assert!(!origins(&v).is_empty(), "{name} lost the origins");
        }
    }

    // ---- encoding

    #[test]
    fn json_functions() {
        let v = obj(&[("hello", s("world")), ("n", nums(&[1.0, 2.5]))]);
        assert_eq!(
            ok("jsonencode", &[v.clone()]),
            s(r#"{"hello":"world","n":[1,2.5]}"#)
        );
        assert_eq!(
            ok("jsondecode", &[s(r#"{"hello":"world","n":[1,2.5]}"#)]),
            v
        );
        assert_eq!(ok("jsonencode", &[Value::Null]), s("null"));
        assert!(err("jsondecode", &[s("{")]).contains("invalid JSON"));
        let arn = Value::unknown_from(Origin::resource("aws_sqs_queue.dlq", "arn"));
        let enc = ok("jsonencode", &[obj(&[("deadLetterTargetArn", arn)])]);
        assert!(matches!(enc, Value::Partial(_)));
        let dec = ok("jsondecode", &[enc]);
        assert_eq!(
            dec.get("deadLetterTargetArn")
                .unwrap()
                .referenced_resources(),
            vec![Arc::<str>::from("aws_sqs_queue.dlq")]
        );
    }

    #[test]
    fn yamlencode_matches_terraform_style() {
        let v = obj(&[
            ("a", s("b")),
            (
                "c",
                l(vec![
                    n(1.0),
                    n(2.0),
                    obj(&[("d", b(true)), ("e", Value::Null), ("f", nums(&[3.0]))]),
                ]),
            ),
            ("x y", s("multi\nline")),
            ("v", l(vec![nums(&[1.0, 2.0]), l(vec![])])),
            ("w", obj(&[("q", s("a\n\nb\n"))])),
            ("z", l(vec![s("x\ny")])),
        ]);
        let want = "\"a\": \"b\"\n\"c\":\n- 1\n- 2\n- \"d\": true\n  \"e\": null\n  \"f\":\n  - 3\n\"v\":\n- - 1\n  - 2\n- []\n\"w\":\n  \"q\": |\n    a\n\n    b\n\"x y\": |-\n  multi\n  line\n\"z\":\n- |-\n  x\n  y\n";
        assert_eq!(ok("yamlencode", &[v]), s(want));
        let cases: &[(Value, &str)] = &[
            (s("x"), "\"x\"\n"),
            (l(vec![]), "[]\n"),
            (Value::Null, "null\n...\n"),
            (b(true), "true\n...\n"),
            (n(1.5), "1.5\n...\n"),
            (l(vec![s("a"), strs(&["b"]), obj(&[("z", n(1.0))])]), "- \"a\"\n- - \"b\"\n- \"z\": 1\n"),
            (obj(&[("a", obj(&[("b", obj(&[("c", n(1.0))]))]))]), "\"a\":\n  \"b\":\n    \"c\": 1\n"),
            (s("multi\nline\n"), "|\n  multi\n  line\n"),
            (s("  lead\nx"), "|2-\n    lead\n  x\n"),
            (s("x \ny"), "\"x \\ny\"\n"),
            (s("x\n\n"), "|+\n  x\n\n"),
            (s("\nx"), "|2-\n\n  x\n"),
            (s("a\tb\nc"), "\"a\\tb\\nc\"\n"),
            (s("😀"), "\"\\U0001F600\"\n"),
            (s("a\u{1}"), "\"a\\x01\"\n"),
            (s("\u{2028}"), "\"\\L\"\n"),
            (s("é"), "\"é\"\n"),
            (
                s("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss"),
                "\"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq\n  rrrr ssss\"\n",
            ),
            (
                obj(&[("k", s("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss"))]),
                "\"k\": \"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  qqqq rrrr ssss\"\n",
            ),
            (obj(&[("a\nb", n(1.0))]), "? |-\n  a\n  b\n: 1\n"),
            (l(vec![l(vec![])]), "- []\n"),
            (obj(&[("a", l(vec![l(vec![obj(&[("b", n(1.0))])])]))]), "\"a\":\n- - \"b\": 1\n"),
        ];
        for (v, want) in cases {
            assert_eq!(ok("yamlencode", &[v.clone()]), s(want), "yamlencode({v:?})");
        }
        assert!(ok("yamlencode", &[obj(&[("a", unk("var.a"))])]).is_unknown());
    }

    #[test]
    fn yamldecode_subset() {
        let cases: &[(&str, Value)] = &[
            ("yes", b(true)),
            ("on", b(true)),
            ("y", b(true)),
            ("0x10", n(16.0)),
            ("0o17", n(15.0)),
            ("017", n(17.0)),
            ("1_000", s("1_000")),
            ("1e3", n(1000.0)),
            (".5", n(0.5)),
            ("+1", n(1.0)),
            ("1.", n(1.0)),
            ("-0x10", s("-0x10")),
            ("1e", s("1e")),
            ("~", Value::Null),
            ("True", b(true)),
            ("0b101", s("0b101")),
            ("2001-12-14", s("2001-12-14T00:00:00Z")),
            ("2001-12-14T21:59:43.10-05:00", s("2001-12-14T21:59:43-05:00")),
            ("!!str 12", s("12")),
            ("a: 1\na: 2", obj(&[("a", n(2.0))])),
            ("1: a", obj(&[("1", s("a"))])),
            ("- 1.0\n- 1.50\n- -0", nums(&[1.0, 1.5, -0.0])),
            (
                "a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2",
                obj(&[
                    ("a", obj(&[("b", n(1.0))])),
                    ("c", obj(&[("b", n(1.0))])),
                    ("d", obj(&[("b", n(1.0)), ("e", n(2.0))])),
                ]),
            ),
            (
                "a:\n- 1\n- 2\nb: |\n  x\n   y\n\n  z\nc: >-\n  f\n  g\n\n  h\n    i\n",
                obj(&[("a", nums(&[1.0, 2.0])), ("b", s("x\n y\n\nz\n")), ("c", s("f g\nh\n  i"))]),
            ),
            ("a: \"x\\ty\n  z\"\nb: 'it''s'", obj(&[("a", s("x\ty z")), ("b", s("it's"))])),
            (
                "[a, b: c, {d: e}]",
                l(vec![s("a"), obj(&[("b", s("c"))]), obj(&[("d", s("e"))])]),
            ),
            ("a: b # c\n#x\nd: \"e\" #f", obj(&[("a", s("b")), ("d", s("e"))])),
            ("key: value\n  more", obj(&[("key", s("value more"))])),
            ("- a\n -b", strs(&["a -b"])),
            ("a: !!int \"3\"", obj(&[("a", s("3"))])),
            (
                "---\nname: web\nports:\n  - 80\n  - 443\nnested:\n  - name: x\n    value: [1, 2]\n  - name: why\nempty:\n",
                obj(&[
                    ("name", s("web")),
                    ("ports", nums(&[80.0, 443.0])),
                    (
                        "nested",
                        l(vec![
                            obj(&[("name", s("x")), ("value", nums(&[1.0, 2.0]))]),
                            obj(&[("name", s("why"))]),
                        ]),
                    ),
                    ("empty", Value::Null),
                ]),
            ),
            ("\"a\": \"b\"\n\"c\":\n- 1\n", obj(&[("a", s("b")), ("c", nums(&[1.0]))])),
        ];
        for (src, want) in cases {
            assert_eq!(&ok("yamldecode", &[s(src)]), want, "yamldecode({src:?})");
        }
        for (src, msg) in [
            ("", "missing start of document"),
            (".NaN", "NaN is not supported"),
            ("--- a\n--- b", "unexpected extra content"),
            ("? [1]\n: 2", "only strings are allowed as mapping keys"),
            ("~: c", "mapping key cannot be null"),
            ("a: !custom x", "unsupported tag \"!custom\""),
            ("a:\n  b\n  c: d", ""),
            ("a: [1, 2", ""),
            ("a: \"unterminated", ""),
        ] {
            let e = err("yamldecode", &[s(src)]);
            assert!(e.contains(msg), "yamldecode({src:?}): {e}");
        }
    }

    #[test]
    fn yamldecode_more_cases_from_terraform() {
        let cases: &[(&str, Value)] = &[
            ("---", Value::Null),
            ("|\n  top\n  level\n", s("top\nlevel\n")),
            (
                "url: http://x.com:80/a\nb: c:d\nt:\tx\n",
                obj(&[
                    ("b", s("c:d")),
                    ("t", s("x")),
                    ("url", s("http://x.com:80/a")),
                ]),
            ),
            (
                "- [a, b]\n- {x: 1, y: [2, 3]}\n-\n- - z",
                l(vec![
                    strs(&["a", "b"]),
                    obj(&[("true", nums(&[2.0, 3.0])), ("x", n(1.0))]),
                    Value::Null,
                    strs(&["z"]),
                ]),
            ),
            (
                "a: 'multi\n  line'\nb: \"x\\\n   y\"",
                obj(&[("a", s("multi line")), ("b", s("xy"))]),
            ),
            (
                "a:\n  - b: 1\n    c: 2\n  - d\n",
                obj(&[("a", l(vec![obj(&[("b", n(1.0)), ("c", n(2.0))]), s("d")]))]),
            ),
            (
                "a: >\n  folded\n  text\n\n  para\nb: 1",
                obj(&[("a", s("folded text\npara\n")), ("b", n(1.0))]),
            ),
            ("a: |-\n  x\n\n\nb: 2", obj(&[("a", s("x")), ("b", n(2.0))])),
            (
                "a: |+\n  x\n\n\nb: 2",
                obj(&[("a", s("x\n\n\n")), ("b", n(2.0))]),
            ),
            (
                "key with spaces: v\n\"quoted key\": w",
                obj(&[("key with spaces", s("v")), ("quoted key", s("w"))]),
            ),
            ("a:\n\n  b: 1\n", obj(&[("a", obj(&[("b", n(1.0))]))])),
            ("- a # c\n# d\n- b", strs(&["a", "b"])),
            ("{a: 1, b: }", obj(&[("a", n(1.0)), ("b", Value::Null)])),
            ("[1, 2, ]", nums(&[1.0, 2.0])),
            ("a: [\n  1,\n  2\n]\n", obj(&[("a", nums(&[1.0, 2.0]))])),
            ("yes: 1\n1.50: 2", obj(&[("1.5", n(2.0)), ("true", n(1.0))])),
        ];
        for (src, want) in cases {
            assert_eq!(&ok("yamldecode", &[s(src)]), want, "yamldecode({src:?})");
        }
        for src in ["# only a comment", "a: -1\nb: - 1", "a: 1\n b: 2"] {
            let _ = err("yamldecode", &[s(src)]);
        }
    }

    #[test]
    fn yaml_round_trips_through_encode() {
        let v = obj(&[
            ("a", s("multi\nline\n")),
            ("b", l(vec![s("  lead\nx"), s("x\n\n"), s("\nx"), s("tab\there"), s("😀 \u{1}")])),
            ("c", obj(&[("d", n(1.5)), ("e", b(false)), ("f", Value::Null), ("g", s("yes"))])),
            ("h", s("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq  rrrr ssss")),
            ("i", l(vec![])),
            ("j", obj(&[])),
        ]);
        let enc = ok("yamlencode", &[v.clone()]);
        assert_eq!(ok("yamldecode", &[enc]), v);
    }

    #[test]
    fn yaml_alias_bombs_are_bounded() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            let _ = writeln!(doc, "a{i}: &a{i} [{refs}]");
        }
        let start = std::time::Instant::now();
        assert!(err("yamldecode", &[s(&doc)]).contains("too many values"));
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        let deep = "[".repeat(100_000);
        assert!(err("yamldecode", &[s(&deep)]).contains("nested too deeply"));
        let deep = (0..1000)
            .map(|i| format!("{}- x\n", " ".repeat(i)))
            .collect::<String>();
        let _ = call("yamldecode", &[s(&deep)], &mut cx()); // no stack overflow
    }

    #[test]
    fn other_encodings() {
        assert_eq!(
            ok("base64encode", &[s("Hello World")]),
            s("SGVsbG8gV29ybGQ=")
        );
        assert_eq!(
            ok("base64decode", &[s("SGVsbG8gV29ybGQ=")]),
            s("Hello World")
        );
        assert!(err("base64decode", &[s("not base64!")]).contains("base64"));
        assert!(err("base64decode", &[s("/w==")]).contains("UTF-8"));
        assert_eq!(
            ok("textencodebase64", &[s("Hello World"), s("UTF-8")]),
            s("SGVsbG8gV29ybGQ=")
        );
        assert_eq!(
            err("textencodebase64", &[s("x"), s("UTF-16LE")]),
            "unsupported"
        );
        assert_eq!(
            ok("urlencode", &[s("Hello World/ä?a=b&c~d")]),
            s("Hello+World%2F%C3%A4%3Fa%3Db%26c~d")
        );
        assert_eq!(
            ok("csvdecode", &[s("a,b,c\n1,2,3\n4,\"5,x\",\"6\"\"q\"")]),
            l(vec![
                obj(&[("a", s("1")), ("b", s("2")), ("c", s("3"))]),
                obj(&[("a", s("4")), ("b", s("5,x")), ("c", s("6\"q"))]),
            ])
        );
        assert!(err("csvdecode", &[s("a,b\n1\n")]).contains("fields"));
    }

    // ---- hashing, uuid, dates

    #[test]
    fn hashes_match_terraform() {
        assert_eq!(
            ok("md5", &[s("hello world")]),
            s("5eb63bbbe01eeed093cb22bb8f5acdc3")
        );
        assert_eq!(
            ok("sha1", &[s("hello world")]),
            s("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")
        );
        assert_eq!(
            ok("sha256", &[s("hello world")]),
            s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        );
        assert_eq!(
            ok("base64sha256", &[s("hello world")]),
            s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")
        );
        assert_eq!(
            ok("sha512", &[s("a")]),
            s("1f40fc92da241694750979ee6cf582f2d5d7d28e18335de05abc54d0560e0f5302860c652bf08d560252aa5e74210546f369fbbbce8c12cfc7957b2652fe9a75")
        );
        assert_eq!(
            ok("base64sha512", &[s("a")]),
            s("H0D8ktokFpR1CXnubPWC8tXX0o4YM13gWrxU0FYOD1MChgxlK/CNVgJSql50IQVG82n7u86MEs/HlXsmUv6adQ==")
        );
        assert_eq!(
            ok("uuidv5", &[s("dns"), s("www.terraform.io")]),
            s("a5008fae-b28c-5ba5-96cd-82b4c53552d6")
        );
        assert_eq!(
            ok(
                "uuidv5",
                &[s("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), s("x")]
            ),
            s("4cd605e7-afa2-5360-b5b9-c5e9fb5c76f4")
        );
    }

    #[test]
    fn date_and_random_functions() {
        for f in ["timestamp", "uuid", "plantimestamp"] {
            let v = ok(f, &[]);
            assert!(v.is_unknown());
            assert_eq!(origins(&v), vec![format!("{f}()")]);
        }
        assert!(ok("bcrypt", &[s("secret")]).is_unknown());
        assert_eq!(
            ok(
                "formatdate",
                &[s("EEEE, DD-MMM-YY hh:mm:ss ZZZ"), s("2018-01-02T23:12:01Z")]
            ),
            s("Tuesday, 02-Jan-18 23:12:01 UTC")
        );
        assert_eq!(
            ok(
                "formatdate",
                &[s("DD MMM YYYY hh:mm ZZZZ"), s("2018-01-02T23:12:01-08:00")]
            ),
            s("02 Jan 2018 23:12 -0800")
        );
        assert_eq!(
            ok(
                "formatdate",
                &[
                    s("h:mm AA 'o''clock' Z ZZZZZ aa H HH D M s EEE MMMM"),
                    s("2018-01-02T03:04:05+05:30")
                ]
            ),
            s("3:04 AM o'clock +05:30 +05:30 am 3 03 2 1 5 Tue January")
        );
        assert!(ok("formatdate", &[s("YYYY"), unk("timestamp()")]).is_unknown());
        assert!(err("formatdate", &[s("YYYY"), s("yesterday")]).contains("RFC3339"));
        assert_eq!(
            ok("timeadd", &[s("2017-11-22T00:00:00Z"), s("10m")]),
            s("2017-11-22T00:10:00Z")
        );
        assert_eq!(
            ok("timeadd", &[s("2017-11-22T00:00:00+01:00"), s("-1h30.5m")]),
            s("2017-11-21T22:29:30+01:00")
        );
        assert_eq!(
            ok(
                "timecmp",
                &[s("2017-11-22T00:00:00Z"), s("2017-11-22T01:00:00+01:00")]
            ),
            n(0.0)
        );
        assert_eq!(
            ok(
                "timecmp",
                &[s("2017-11-22T00:00:00Z"), s("2017-11-22T00:00:01Z")]
            ),
            n(-1.0)
        );
    }

    // ---- network

    #[test]
    fn cidr_functions_match_terraform() {
        assert_eq!(
            ok("cidrsubnet", &[s("172.16.0.0/12"), n(4.0), n(2.0)]),
            s("172.18.0.0/16")
        );
        assert_eq!(
            ok("cidrsubnet", &[s("10.1.2.0/24"), n(4.0), n(15.0)]),
            s("10.1.2.240/28")
        );
        assert_eq!(
            ok("cidrsubnet", &[s("10.1.2.3/16"), n(8.0), n(2.0)]),
            s("10.1.2.0/24")
        );
        assert_eq!(
            ok(
                "cidrsubnet",
                &[s("fd00:fd12:3456:7890::/56"), n(16.0), n(162.0)]
            ),
            s("fd00:fd12:3456:7800:a200::/72")
        );
        assert_eq!(
            err("cidrsubnet", &[s("10.0.0.0/8"), n(25.0), n(0.0)]),
            "insufficient address space to extend prefix of 8 by 25"
        );
        assert_eq!(
            err("cidrsubnet", &[s("10.0.0.0/8"), n(8.0), n(256.0)]),
            "prefix extension of 8 does not accommodate a subnet numbered 256"
        );
        assert_eq!(
            ok("cidrhost", &[s("10.12.112.0/20"), n(16.0)]),
            s("10.12.112.16")
        );
        assert_eq!(
            ok("cidrhost", &[s("10.12.112.0/20"), n(268.0)]),
            s("10.12.113.12")
        );
        assert_eq!(
            ok("cidrhost", &[s("10.0.0.0/24"), n(-1.0)]),
            s("10.0.0.255")
        );
        assert_eq!(
            ok("cidrhost", &[s("10.0.0.0/24"), n(-256.0)]),
            s("10.0.0.0")
        );
        assert_eq!(
            ok("cidrhost", &[s("10.0.0.0/8"), n(16777215.0)]),
            s("10.255.255.255")
        );
        assert_eq!(
            err("cidrhost", &[s("10.0.0.0/24"), n(256.0)]),
            "prefix of 24 does not accommodate a host numbered 256"
        );
        assert_eq!(
            err("cidrhost", &[s("10.0.0.0/24"), n(-257.0)]),
            "prefix of 24 does not accommodate a host numbered -1"
        );
        assert_eq!(
            ok("cidrhost", &[s("fd00:fd12:3456:7890:00a2::/72"), n(34.0)]),
            s("fd00:fd12:3456:7890::22")
        );
        assert_eq!(ok("cidrnetmask", &[s("172.16.0.0/12")]), s("255.240.0.0"));
        assert_eq!(
            err("cidrnetmask", &[s("fd00::/8")]),
            "IPv6 addresses cannot have a netmask: fd00::/8"
        );
        assert!(err("cidrnetmask", &[s("10.0.0.0")]).contains("invalid CIDR"));
        assert!(err("cidrnetmask", &[s("10.0.0.0/33")]).contains("invalid CIDR"));
        assert_eq!(
            ok(
                "cidrsubnets",
                &[s("10.1.0.0/16"), n(4.0), n(4.0), n(8.0), n(4.0)]
            ),
            strs(&[
                "10.1.0.0/20",
                "10.1.16.0/20",
                "10.1.32.0/24",
                "10.1.48.0/20"
            ])
        );
        assert_eq!(
            ok(
                "cidrsubnets",
                &[
                    s("fd00:fd12:3456:7890::/56"),
                    n(16.0),
                    n(16.0),
                    n(16.0),
                    n(32.0)
                ]
            ),
            strs(&[
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88"
            ])
        );
        assert!(err("cidrsubnets", &[s("10.0.0.0/30"), n(1.0), n(1.0), n(1.0)])
            .contains("not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31"));
    }

    // ---- files

    #[test]
    fn path_functions() {
        assert_eq!(ok("basename", &[s("/a/b/")]), s("b"));
        assert_eq!(ok("basename", &[s("")]), s("."));
        assert_eq!(ok("basename", &[s("foo/bar/baz.txt")]), s("baz.txt"));
        assert_eq!(ok("dirname", &[s("a/b/c.txt")]), s("a/b"));
        assert_eq!(ok("dirname", &[s("/a")]), s("/"));
        assert_eq!(ok("dirname", &[s("foo")]), s("."));
        assert_eq!(ok("abspath", &[s("/a/./b/../c")]), s("/a/c"));
        assert!(ok("abspath", &[s("x")]).as_str().unwrap().starts_with('/'));
        assert!(ok("pathexpand", &[s("~/.ssh/id_rsa")]).is_unknown());
        assert_eq!(ok("pathexpand", &[s("/etc/x")]), s("/etc/x"));
    }

    struct Tree {
        _dir: tempfile::TempDir,
        root: PathBuf,
        outside: PathBuf,
    }

    /// `<tmp>/tree` is the boundary; `<tmp>/secret.txt` lies outside it.
    fn tree() -> Tree {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        let root = base.join("tree");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("hello.txt"), "Hello World").unwrap();
        std::fs::write(root.join("sub/policy.json"), "{\"a\":1}").unwrap();
        std::fs::write(root.join("bin.dat"), [0xffu8, 0xfe, 0x00]).unwrap();
        let outside = base.join("secret.txt");
        std::fs::write(&outside, "TOP SECRET").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, root.join("link.txt")).unwrap();
            std::os::unix::fs::symlink("/etc", root.join("etc")).unwrap();
            std::os::unix::fs::symlink(root.join("hello.txt"), root.join("inner-link.txt"))
                .unwrap();
        }
        Tree {
            _dir: dir,
            root,
            outside,
        }
    }

    fn path_in(t: &Tree, rel: &str) -> Value {
        s(&format!("{}/{rel}", t.root.display()))
    }

    #[test]
    fn file_reads_inside_the_tree() {
        let t = tree();
        let mut c = FnCtx::new(&t.root);
        assert_eq!(
            call("file", &[path_in(&t, "hello.txt")], &mut c),
            Ok(s("Hello World"))
        );
        assert_eq!(
            call("file", &[path_in(&t, "sub/../sub/policy.json")], &mut c),
            Ok(s("{\"a\":1}"))
        );
        #[cfg(unix)]
        assert_eq!(
            call("file", &[path_in(&t, "inner-link.txt")], &mut c),
            Ok(s("Hello World"))
        );
        assert_eq!(
            call("filebase64", &[path_in(&t, "hello.txt")], &mut c),
            Ok(s("SGVsbG8gV29ybGQ="))
        );
        assert_eq!(
            call("filemd5", &[path_in(&t, "hello.txt")], &mut c),
            Ok(s("b10a8db164e0754105b7a99be72e3fe5"))
        );
        assert_eq!(
            call("filebase64", &[path_in(&t, "bin.dat")], &mut c),
            Ok(s("//4A"))
        );
        assert!(
            matches!(call("file", &[path_in(&t, "bin.dat")], &mut c), Err(FnError::Invalid(m)) if m.contains("UTF-8"))
        );
        assert!(
            matches!(call("file", &[path_in(&t, "missing.txt")], &mut c), Err(FnError::Invalid(m)) if m.contains("no file exists"))
        );
        assert!(matches!(
            call("file", &[path_in(&t, "sub")], &mut c),
            Err(FnError::Invalid(_))
        ));
        assert_eq!(
            call("fileexists", &[path_in(&t, "hello.txt")], &mut c),
            Ok(b(true))
        );
        assert_eq!(
            call("fileexists", &[path_in(&t, "nope.txt")], &mut c),
            Ok(b(false))
        );
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert_eq!(
            read_file_in_tree(&format!("{}/hello.txt", t.root.display()), &mut c),
            Ok("Hello World".into())
        );
    }

    #[test]
    fn file_refuses_to_leave_the_tree() {
        let t = tree();
        let mut c = FnCtx::new(&t.root);
        let attempts = vec![
            s("/etc/passwd"),
            s(&t.outside.display().to_string()),
            path_in(&t, "../secret.txt"),
            path_in(&t, "sub/../../secret.txt"),
            path_in(&t, "../../../../../../../../etc/passwd"),
            #[cfg(unix)]
            path_in(&t, "link.txt"),
            #[cfg(unix)]
            path_in(&t, "etc/passwd"),
        ];
        for p in &attempts {
            for f in ["file", "filebase64", "filesha256"] {
                let r = call(f, &[p.clone()], &mut c);
                assert!(
                    matches!(r, Err(FnError::Invalid(ref m)) if m.contains("refused")),
                    "{f}({p:?}) gave {r:?}"
                );
            }
            let r = read_file_in_tree(p.as_str().unwrap(), &mut c);
            assert!(r.is_err());
            // fileexists outside the tree is unknown, not false
            let r = call("fileexists", &[p.clone()], &mut c).unwrap();
            assert!(r.is_unknown(), "fileexists({p:?}) gave {r:?}");
        }
        assert_eq!(c.warnings.len(), attempts.len() * 5);
        for w in &c.warnings {
            assert!(w.contains("refused"), "{w}");
            assert!(
                !w.contains("TOP SECRET") && !w.contains("root:"),
                "content leaked: {w}"
            );
        }
        // Nothing is learned about missing paths outside the tree either.
        let r = call("fileexists", &[path_in(&t, "../does-not-exist")], &mut c).unwrap();
        assert!(r.is_unknown());
        #[cfg(unix)]
        assert!(
            call("fileexists", &[path_in(&t, "etc/does-not-exist")], &mut c)
                .unwrap()
                .is_unknown()
        );
    }

    #[test]
    fn large_files_are_refused() {
        let t = tree();
        let big = t.root.join("big.txt");
        std::fs::write(&big, vec![b'a'; (MAX_FILE_SIZE + 1) as usize]).unwrap();
        let mut c = FnCtx::new(&t.root);
        let r = call("file", &[s(&big.display().to_string())], &mut c);
        assert!(
            matches!(r, Err(FnError::Invalid(ref m)) if m.contains("4 MiB")),
            "{r:?}"
        );
        assert_eq!(c.warnings.len(), 1);
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
}
