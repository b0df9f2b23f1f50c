//! Regular expressions (cty's `stdlib/regexp.go`): `regex`, `regexall`, and the `/.../` form
//! of `replace`, with Go's `Regexp.Expand` template syntax.

use super::*;

pub(super) const FUNCS: &[Builtin] = &[
    Builtin::new("regex", 2, 2, |_, a, cx| regex_fn(&a[0], &a[1], false, cx)),
    Builtin::new("regexall", 2, 2, |_, a, cx| {
        regex_fn(&a[0], &a[1], true, cx)
    }),
];

/// `replace` with a `/.../` pattern: every match replaced by `rep`, expanded as Go's
/// `Regexp.Expand` does.
pub(super) fn replace_regex(s: &Value, pattern: &str, rep: &str, cx: &FnCtx) -> FnResult<Value> {
    let re = compile_regex(pattern)?;
    let s = str_arg(s, "str")?;
    let template = parse_template(rep);
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
    Ok(Value::string(out))
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

fn compile_regex(pattern: &str) -> FnResult<regex::Regex> {
    regex::RegexBuilder::new(&go_perl_classes(pattern))
        .size_limit(8 << 20)
        .dfa_size_limit(8 << 20)
        .nest_limit(128)
        .build()
        .map_err(|e| bad(format!("invalid regular expression pattern: {e}")))
}

/// Go's RE2 Perl classes are ASCII-only where Rust's are Unicode: `\w` does not match `β` in
/// Terraform, and `\d` does not match `٣`. Each one becomes its ASCII class (a nested class
/// is valid inside `[...]` too) and `\b`/`\B` become ASCII word boundaries.
fn go_perl_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(next) = chars.next() else {
            out.push(c);
            break;
        };
        out.push_str(match next {
            'd' => "[0-9]",
            'D' => "[^0-9]",
            'w' => "[0-9A-Za-z_]",
            'W' => "[^0-9A-Za-z_]",
            's' => "[\\t\\n\\f\\r ]",
            'S' => "[^\\t\\n\\f\\r ]",
            'b' => "(?-u:\\b)",
            'B' => "(?-u:\\B)",
            _ => {
                out.push(c);
                out.push(next);
                continue;
            }
        });
    }
    out
}

fn regex_fn(pattern: &Value, s: &Value, all: bool, cx: &FnCtx) -> FnResult<Value> {
    let pattern = str_arg(pattern, "pattern")?;
    let re = compile_regex(&pattern)?;
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let named = names.iter().filter(|n| n.is_some()).count();
    if named > 0 && named < names.len() {
        return invalid("invalid regexp pattern: cannot mix both named and unnamed capture groups");
    }
    if !all && names.is_empty() && matches!(s, Value::Unknown(_) | Value::Partial(_)) {
        return match_shape(&pattern, s);
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

/// `regex(pattern, <unknown>)` without capture groups: the match is unknown, but it starts
/// with the pattern's literal prefix and ends with its literal suffix (`"arn:.*:stream/"`
/// gives `arn:…:stream/`), which is enough to judge `"${regex(...)}*"`. A pattern that is
/// all literal gives itself (if it does not match, the plan fails).
fn match_shape(pattern: &str, s: &Value) -> FnResult<Value> {
    // Alternation and flags (`(?i)`) make the ends uncertain.
    if pattern.contains('|') || pattern.contains("(?") {
        return Err(Flow::Unknown);
    }
    const META: &[char] = &[
        '\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$',
    ];
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let mut prefix: String = body.chars().take_while(|c| !META.contains(c)).collect();
    if matches!(
        body[prefix.len()..].chars().next(),
        Some('*' | '?' | '+' | '{')
    ) {
        // The last literal is quantified.
        prefix.pop();
    }
    let end = match body.strip_suffix('$') {
        Some(b) if !b.ends_with('\\') => b,
        Some(_) => return Err(Flow::Unknown),
        None => body,
    };
    if !end.contains(META) {
        return Ok(Value::string(end));
    }
    let tail: String = end
        .chars()
        .rev()
        .take_while(|c| !META.contains(c))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let mut suffix = tail.as_str();
    if end[..end.len() - tail.len()].ends_with('\\') {
        // `\.com`: the first character is the escaped one; leave it out.
        let mut chars = suffix.chars();
        chars.next();
        suffix = chars.as_str();
    }
    if prefix.is_empty() && suffix.is_empty() {
        return Err(Flow::Unknown);
    }
    let mut origins = Vec::new();
    s.collect_origins(&mut origins);
    Ok(concat_parts(vec![
        Part::Lit(prefix),
        Part::Unknown(Arc::new(Unknown {
            origins,
            ..Default::default()
        })),
        Part::Lit(suffix.to_string()),
    ]))
}

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use crate::terraform::functions::test_support::*;

    /// What `regex` of an unknown string says of the match: its literal ends.
    #[test]
    fn regex_of_an_unknown_keeps_the_literal_ends() {
        let a = unk("aws_kinesis_stream.e.arn");
        let shape = |p: &str| ok("regex", &[s(p), a.clone()]).display();
        assert_eq!(
            shape("arn:.*:kinesis:.*:stream/"),
            "\"arn:${aws_kinesis_stream.e.arn}:stream/\""
        );
        assert_eq!(shape("^arn:aws$"), "\"arn:aws\"");
        // A quantified last character, an escape, a class: not literal.
        assert_eq!(shape("ab*c.x?"), "\"a${aws_kinesis_stream.e.arn}\"");
        assert_eq!(shape("x.*\\.com"), "\"x${aws_kinesis_stream.e.arn}com\"");
        // Alternation, flags, capture groups: nothing known.
        for p in ["a|b", "(?i)arn:.*", "arn:(.*)", "[a-z]+"] {
            assert!(ok("regex", &[s(p), a.clone()]).is_unknown(), "{p}");
        }
    }

    use super::*;

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
}
