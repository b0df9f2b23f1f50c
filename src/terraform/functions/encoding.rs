//! Encodings (Terraform's `lang/funcs/encoding.go`, cty's `stdlib/json.go` and
//! `stdlib/csv.go`): JSON, base64, URL and CSV.

use super::string::map_string;
use super::*;

pub(super) const FUNCS: &[Builtin] = &[
    Builtin::new("jsonencode", 1, 1, |name, a, cx| {
        encoded_size_guard(name, &a[0], cx)?;
        Ok(value::json_encode(&a[0]))
    }),
    Builtin::new("jsondecode", 1, 1, |_, a, _| match &a[0] {
        Value::Null => invalid("argument must not be null"),
        v @ (Value::String(_) | Value::Partial(_) | Value::Unknown(_)) => {
            value::json_decode(v).map_err(|e| bad(format!("invalid JSON: {e}")))
        }
        other => invalid(format!("string required, got {}", type_desc(other))),
    }),
    Builtin::new("base64encode", 1, 1, |_, a, cx| base64encode(&a[0], cx)),
    Builtin::new("base64decode", 1, 1, |_, a, _| base64decode(&a[0])),
    Builtin::new("urlencode", 1, 1, |_, a, cx| {
        if let Value::String(text) = &a[0] {
            let escaped = text.bytes().filter(|b| !is_url_unreserved(*b)).count();
            check_len(text.len().saturating_add(escaped.saturating_mul(2)), cx)?;
        }
        map_string(&a[0], "str", urlencode)
    }),
    Builtin::new("csvdecode", 1, 1, |_, a, cx| {
        let s = str_arg(&a[0], "str")?;
        csvdecode(&s, cx)
    }),
    Builtin::new("textencodebase64", 2, 2, |_, a, cx| {
        text_encoding(&a[1])?;
        base64encode(&a[0], cx)
    }),
    Builtin::new("textdecodebase64", 2, 2, |_, a, _| {
        text_encoding(&a[1])?;
        base64decode(&a[0])
    }),
];

fn base64encode(v: &Value, cx: &FnCtx) -> FnResult<Value> {
    let s = str_arg(v, "str")?;
    check_len(s.len().div_ceil(3).saturating_mul(4), cx)?;
    Ok(Value::string(b64_encode(s.as_bytes())))
}

fn base64decode(v: &Value) -> FnResult<Value> {
    let s = str_arg(v, "str")?;
    let bytes = b64_decode(&s)
        .ok_or_else(|| bad("failed to decode base64 data: the string is not valid base64"))?;
    String::from_utf8(bytes)
        .map(Value::string)
        .map_err(|_| bad("the result of decoding the provided string is not valid UTF-8"))
}

pub(super) fn b64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn b64_decode(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).ok()
}

fn text_encoding(v: &Value) -> FnResult<()> {
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
fn csvdecode(s: &str, cx: &FnCtx) -> FnResult<Value> {
    let mut it = csv_records(s, cx)?.into_iter();
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

/// The records of RFC 4180 CSV as Go's `encoding/csv` reads them (blank lines skipped), the
/// count bounded while reading.
fn csv_records(s: &str, cx: &FnCtx) -> FnResult<Vec<Vec<String>>> {
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
    Ok(rows)
}

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use super::*;
    use crate::terraform::functions::test_support::*;

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
}
