//! Date and time functions (Terraform's `lang/funcs/datetime.go`), and the functions whose
//! value is known only after apply (`timestamp`, `plantimestamp`, `uuid`, `bcrypt`).

use super::*;
use crate::calendar::{civil_from_days, days_from_civil, days_in_month};

pub(super) const FUNCS: &[Builtin] = &[
    // Known only after apply; Terraform's arity errors are not reproduced for them.
    Builtin::new("timestamp", 0, ANY, after_apply),
    Builtin::new("plantimestamp", 0, ANY, after_apply),
    Builtin::new("uuid", 0, ANY, after_apply),
    Builtin::new("bcrypt", 0, ANY, after_apply),
    Builtin::new("formatdate", 2, 2, |_, a, _| formatdate(&a[0], &a[1])),
    Builtin::new("timeadd", 2, 2, |_, a, _| timeadd(&a[0], &a[1])),
    Builtin::new("timecmp", 2, 2, |_, a, _| timecmp(&a[0], &a[1])),
];

/// An unknown whose origin names the call.
fn after_apply(name: &str, _: &[Value], _: &mut FnCtx) -> FnResult<Value> {
    Ok(Value::unknown_from(Origin::new(format!("{name}()"))))
}

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

fn time_arg(v: &Value, what: &str) -> FnResult<Time> {
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

fn formatdate(spec: &Value, ts: &Value) -> FnResult<Value> {
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

fn timeadd(ts: &Value, dur: &Value) -> FnResult<Value> {
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

fn timecmp(a: &Value, b: &Value) -> FnResult<Value> {
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
    use crate::terraform::functions::test_support::*;

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
}
