//! String functions (Terraform's `lang/funcs/string.go` and cty's `stdlib/string.go`):
//! `join`, `split`, `lower`, `replace`, `substr`, `trim*`, `indent`, ...

use super::regexp::replace_regex;
use super::*;

pub(super) const FUNCS: &[Builtin] = &[
    Builtin::new("join", 2, ANY, |_, a, cx| join(&a[0], &a[1..], cx)),
    Builtin::new("split", 2, 2, |_, a, cx| split(&a[0], &a[1], cx)),
    Builtin::new("lower", 1, 1, |_, a, _| {
        map_string(&a[0], "str", |s| simple_case(s, false))
    }),
    Builtin::new("upper", 1, 1, |_, a, _| {
        map_string(&a[0], "str", |s| simple_case(s, true))
    }),
    Builtin::new("title", 1, 1, |_, a, _| {
        Ok(Value::string(title(&str_arg(&a[0], "str")?)))
    }),
    Builtin::new("replace", 3, 3, |_, a, cx| replace(&a[0], &a[1], &a[2], cx)),
    Builtin::new("substr", 3, 3, |_, a, _| substr(&a[0], &a[1], &a[2])),
    Builtin::new("trim", 2, 2, |_, a, _| {
        let cutset = str_arg(&a[1], "cutset")?.into_owned();
        trim_ends(
            &a[0],
            |s| s.trim_start_matches(|c| cutset.contains(c)),
            |s| s.trim_end_matches(|c| cutset.contains(c)),
        )
    }),
    Builtin::new("trimprefix", 2, 2, |_, a, _| trimprefix(&a[0], &a[1])),
    Builtin::new("trimsuffix", 2, 2, |_, a, _| trimsuffix(&a[0], &a[1])),
    Builtin::new("trimspace", 1, 1, |_, a, _| {
        trim_ends(&a[0], str::trim_start, str::trim_end)
    }),
    Builtin::new("chomp", 1, 1, |_, a, _| {
        trim_ends(&a[0], |s| s, |s| s.trim_end_matches(['\r', '\n']))
    }),
    Builtin::new("startswith", 2, 2, |_, a, _| startswith(&a[0], &a[1])),
    Builtin::new("endswith", 2, 2, |_, a, _| endswith(&a[0], &a[1])),
    Builtin::new("strcontains", 2, 2, |_, a, _| strcontains(&a[0], &a[1])),
    Builtin::new("strrev", 1, 1, |_, a, _| strrev(&a[0])),
    Builtin::new("indent", 2, 2, |_, a, cx| indent(&a[0], &a[1], cx)),
    Builtin::new("sensitive", 1, 1, |_, a, _| Ok(a[0].clone())),
    Builtin::new("nonsensitive", 1, 1, |_, a, _| Ok(a[0].clone())),
];

/// Apply a text transformation that works character by character to every known piece of a
/// string, keeping unknown pieces.
pub(super) fn map_string(v: &Value, what: &str, f: impl Fn(&str) -> String) -> FnResult<Value> {
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
            if upper {
                go_to_upper(c)
            } else {
                go_to_lower(c)
            }
        })
        .collect()
}

/// Go's `unicode.ToLower`: one rune for one rune. Rust's full mapping of `İ` is two characters
/// (`i` and a combining dot); Go's simple mapping is `i`.
fn go_to_lower(c: char) -> char {
    if c == '\u{130}' {
        return 'i';
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(m), None) => m,
        _ => c,
    }
}

/// Go's `unicode.ToUpper`: where Rust's full mapping has several characters, Go's simple one
/// may still map the rune (Greek letters with ypogegrammeni: `ᾀ` is `ᾈ`), or keep it (`ß`).
fn go_to_upper(c: char) -> char {
    let u = c as u32;
    let simple = match u {
        0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => Some(u + 8),
        0x1FB3 | 0x1FC3 | 0x1FF3 => Some(u + 9),
        _ => None,
    };
    if let Some(m) = simple.and_then(char::from_u32) {
        return m;
    }
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(m), None) => m,
        _ => c,
    }
}

/// Go's `unicode.ToTitle`: like upper case, except the Latin digraphs, whose title case is
/// their own letter (`ǆ` becomes `ǅ`, not `Ǆ`).
fn go_to_title(c: char) -> char {
    match c as u32 {
        0x1C4..=0x1C6 => '\u{1C5}',
        0x1C7..=0x1C9 => '\u{1C8}',
        0x1CA..=0x1CC => '\u{1CB}',
        0x1F1..=0x1F3 => '\u{1F2}',
        _ => go_to_upper(c),
    }
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
            out.push(go_to_title(c));
        } else {
            out.push(c);
        }
        prev = c;
    }
    out
}

fn split(sep: &Value, s: &Value, cx: &FnCtx) -> FnResult<Value> {
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

fn join(sep: &Value, lists: &[Value], cx: &FnCtx) -> FnResult<Value> {
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
fn replace(s: &Value, search: &Value, rep: &Value, cx: &FnCtx) -> FnResult<Value> {
    let search = str_arg(search, "substr")?;
    let rep = str_arg(rep, "replace")?;
    let is_re = search.len() > 1 && search.starts_with('/') && search.ends_with('/');
    if is_re {
        return replace_regex(s, &search[1..search.len() - 1], &rep, cx);
    }
    let plain = |text: &str| -> FnResult<String> {
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

fn substr(s: &Value, offset: &Value, length: &Value) -> FnResult<Value> {
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
fn trim_ends(
    v: &Value,
    start: impl Fn(&str) -> &str,
    end: impl Fn(&str) -> &str,
) -> FnResult<Value> {
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
fn known_prefix(v: &Value) -> FnResult<Option<(&str, bool)>> {
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

fn trimprefix(s: &Value, prefix: &Value) -> FnResult<Value> {
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

fn trimsuffix(s: &Value, suffix: &Value) -> FnResult<Value> {
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

fn startswith(s: &Value, prefix: &Value) -> FnResult<Value> {
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

fn endswith(s: &Value, suffix: &Value) -> FnResult<Value> {
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

fn strcontains(s: &Value, sub: &Value) -> FnResult<Value> {
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

fn strrev(v: &Value) -> FnResult<Value> {
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

fn indent(n: &Value, s: &Value, cx: &FnCtx) -> FnResult<Value> {
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

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use super::*;
    use crate::terraform::functions::test_support::*;

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
}
