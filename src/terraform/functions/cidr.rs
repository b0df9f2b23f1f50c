//! Network address functions (Terraform's `lang/funcs/cidr.go`) over IPv4 and IPv6 as
//! 128-bit integers.

use super::*;

pub(super) const FUNCS: &[Builtin] = &[
    Builtin::new("cidrhost", 2, 2, |_, a, _| cidrhost(&a[0], &a[1])),
    Builtin::new("cidrnetmask", 1, 1, |_, a, _| cidrnetmask(&a[0])),
    Builtin::new("cidrsubnet", 3, 3, |_, a, _| {
        cidrsubnet(&a[0], &a[1], &a[2])
    }),
    Builtin::new("cidrsubnets", 1, ANY, |_, a, cx| {
        cidrsubnets(&a[0], &a[1..], cx)
    }),
];

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

fn parse_cidr(v: &Value) -> FnResult<Net> {
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

fn cidrsubnet(prefix: &Value, newbits: &Value, netnum: &Value) -> FnResult<Value> {
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

fn cidrhost(prefix: &Value, hostnum: &Value) -> FnResult<Value> {
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

fn cidrnetmask(prefix: &Value) -> FnResult<Value> {
    let net = parse_cidr(prefix)?;
    if net.width != 32 {
        return invalid(format!(
            "IPv6 addresses cannot have a netmask: {}",
            str_arg(prefix, "prefix")?
        ));
    }
    Ok(Value::string(fmt_ip(net_mask(32, net.prefix), 32)))
}

fn cidrsubnets(prefix: &Value, newbits: &[Value], cx: &FnCtx) -> FnResult<Value> {
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

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use crate::terraform::functions::test_support::*;

    // ---- network

    #[test]
    // Over 80 lines: one table of cases checked against Terraform's own results.
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
}
