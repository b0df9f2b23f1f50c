//! Hashes and name-based UUIDs (Terraform's `lang/funcs/crypto.go`). `uuid` and `bcrypt` are
//! random and known only after apply: see the datetime family.

use super::encoding::b64_encode;
use super::*;

pub(super) const FUNCS: &[Builtin] = &[
    Builtin::new("md5", 1, 1, string_hash),
    Builtin::new("sha1", 1, 1, string_hash),
    Builtin::new("sha256", 1, 1, string_hash),
    Builtin::new("sha512", 1, 1, string_hash),
    Builtin::new("base64sha256", 1, 1, string_hash),
    Builtin::new("base64sha512", 1, 1, string_hash),
    Builtin::new("uuidv5", 2, 2, |_, a, _| uuidv5(&a[0], &a[1])),
];

fn string_hash(name: &str, a: &[Value], _: &mut FnCtx) -> FnResult<Value> {
    let s = str_arg(&a[0], "str")?;
    Ok(Value::string(hash(name, s.as_bytes())))
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

pub(super) fn hash(name: &str, data: &[u8]) -> String {
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

fn uuidv5(ns: &Value, name: &Value) -> FnResult<Value> {
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

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use crate::terraform::functions::test_support::*;

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
}
