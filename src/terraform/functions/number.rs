//! Numeric functions (Terraform's `lang/funcs/number.go`, cty's `stdlib/number.go`).

use super::*;

pub(super) const FUNCS: &[Builtin] = &[
    Builtin::new("abs", 1, 1, |_, a, _| num1(a, f64::abs)),
    Builtin::new("ceil", 1, 1, |_, a, _| num1(a, f64::ceil)),
    Builtin::new("floor", 1, 1, |_, a, _| num1(a, f64::floor)),
    Builtin::new("pow", 2, 2, |_, a, _| {
        let x = num_arg(&a[0], "num")?;
        let y = num_arg(&a[1], "power")?;
        finite(x.powf(y))
    }),
    Builtin::new("signum", 1, 1, |_, a, _| {
        num1(a, |n| {
            if n > 0.0 {
                1.0
            } else if n < 0.0 {
                -1.0
            } else {
                0.0
            }
        })
    }),
    Builtin::new("log", 2, 2, |_, a, _| {
        let x = num_arg(&a[0], "num")?;
        let b = num_arg(&a[1], "base")?;
        let r = x.ln() / b.ln();
        if r.is_nan() {
            return invalid("logarithm is undefined for these arguments");
        }
        Ok(Value::Number(r))
    }),
    // min and max word their own "at least one" error, as Terraform does.
    Builtin::new("min", 0, ANY, |name, a, _| min_max(name, a)),
    Builtin::new("max", 0, ANY, |name, a, _| min_max(name, a)),
    Builtin::new("parseint", 2, 2, |_, a, _| parseint(&a[0], &a[1])),
];

fn num1(a: &[Value], f: impl Fn(f64) -> f64) -> FnResult<Value> {
    finite(f(num_arg(&a[0], "num")?))
}

fn min_max(name: &str, a: &[Value]) -> FnResult<Value> {
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

fn parseint(s: &Value, base: &Value) -> FnResult<Value> {
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
    // Accumulated exactly; a result a 64-bit float cannot hold is unresolved (Terraform's
    // numbers are arbitrary-precision: parseint("123456789012345678901", 10) is exact there).
    let mut n: Option<u128> = Some(0);
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
        n = n.and_then(|n| n.checked_mul(base as u128)?.checked_add(d as u128));
    }
    match n {
        Some(n) if (n as f64) < 3.4e38 && (n as f64) as u128 == n => {
            finite(if neg && n != 0 { -(n as f64) } else { n as f64 })
        }
        _ => Ok(Value::unknown_from(Origin::new(format!(
            "parseint({:?}): a number that 64-bit floats cannot hold exactly",
            &*text
        )))),
    }
}

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use crate::terraform::functions::test_support::*;

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
}
