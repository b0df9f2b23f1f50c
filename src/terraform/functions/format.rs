//! `format` and `formatlist` (cty's `stdlib/format.go`): Go's `fmt` verbs as Terraform
//! accepts them.

use super::*;

pub(super) const FUNCS: &[Builtin] = &[
    Builtin::new("format", 1, ANY, |_, a, cx| format_fn(&a[0], &a[1..], cx)),
    Builtin::new("formatlist", 1, ANY, |_, a, cx| {
        formatlist(&a[0], &a[1..], cx)
    }),
];

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
fn parse_format(fmt: &str, cx: &FnCtx) -> FnResult<(Vec<Piece>, usize)> {
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
        let (mut v, explicit) = parse_verb(fmt, start, &mut it, cx)?;
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

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

/// The verb whose `%` is at `start`: flags, width, precision and letter, with the argument
/// it names by `[n]` (zero-based), if it names one. `v.arg` is left for the caller.
fn parse_verb(
    fmt: &str,
    start: usize,
    it: &mut Chars<'_>,
    cx: &FnCtx,
) -> FnResult<(Verb, Option<usize>)> {
    let mut v = Verb {
        offset: start,
        ..Verb::default()
    };
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
    let mut explicit = arg_index(it, start, cx)?;
    v.width = verb_number(it, cx)?;
    if let Some(&(_, '.')) = it.peek() {
        it.next();
        v.prec = Some(verb_number(it, cx)?.unwrap_or(0));
    }
    if let Some(n) = arg_index(it, start, cx)? {
        explicit = Some(n);
    }
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
    Ok((v, explicit))
}

/// A width or precision, bounded while it is read so a huge one never sizes anything.
fn verb_number(it: &mut Chars<'_>, cx: &FnCtx) -> FnResult<Option<usize>> {
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
}

/// An explicit argument index `[n]` (one-based in the format, zero-based here), if there is one.
fn arg_index(it: &mut Chars<'_>, start: usize, cx: &FnCtx) -> FnResult<Option<usize>> {
    if let Some(&(_, '[')) = it.peek() {
        it.next();
        let n = verb_number(it, cx)?;
        return match (it.next(), n) {
            (Some((_, ']')), Some(n)) if n >= 1 => Ok(Some(n - 1)),
            _ => invalid(format!(
                "invalid argument index in format string at offset {start}"
            )),
        };
    }
    Ok(None)
}

fn format_fn(fmt: &Value, args: &[Value], cx: &FnCtx) -> FnResult<Value> {
    let fmt = str_arg(fmt, "format")?;
    let (pieces, used) = parse_format(&fmt, cx)?;
    format_pieces(&pieces, used, args, cx)
}

fn format_pieces(pieces: &[Piece], used: usize, args: &[Value], cx: &FnCtx) -> FnResult<Value> {
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

/// A partly known string: `%s`/`%v` keep its pieces, `%q` quotes the known ones around the
/// unknown ones; anything that depends on its length is unknown.
fn format_partial(v: &Verb, ps: &[Part], arg: &Value) -> FnResult<Vec<Part>> {
    match v.verb {
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
            derived: true,
            ..Default::default()
        }))]),
    }
}

/// Format one argument; the result is text, or pieces of text and unknowns.
fn format_one(v: &Verb, arg: &Value, cx: &FnCtx) -> FnResult<Vec<Part>> {
    match arg {
        // Terraform gives an unknown result for a null argument.
        Value::Null => return Err(Flow::Unknown),
        Value::Unknown(u) => return Ok(vec![Part::Unknown(u.clone())]),
        Value::Partial(ps) => return format_partial(v, ps, arg),
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
fn pad(v: &Verb, sign: &str, body: &str, zero: bool, cx: &FnCtx) -> FnResult<String> {
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

fn format_int(v: &Verb, n: f64, cx: &FnCtx) -> FnResult<String> {
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

fn format_float(v: &Verb, n: f64, cx: &FnCtx) -> FnResult<String> {
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

fn formatlist(fmt: &Value, args: &[Value], cx: &FnCtx) -> FnResult<Value> {
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

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use super::*;
    use crate::terraform::functions::test_support::*;

    // ---- format

    #[test]
    // Over 80 lines: one table of cases checked against Terraform's own results.
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
}
