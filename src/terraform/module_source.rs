//! Module source addresses in the canonical form Terraform compares them in: `terraform init`
//! and the configuration loader use an installed module only while the manifest's `Source`
//! equals the call's `source` as `addrs.ParseModuleSource(...).String()` writes it (otherwise
//! "Module source has changed"; run `terraform init`). So a committed
//! `.terraform/modules/modules.json` whose entry names another source than the call is not what
//! Terraform would load.

/// The default module registry host, which a registry address may leave out.
const REGISTRY: &str = "registry.terraform.io";

/// `source` in Terraform's canonical form: a local path cleaned; a registry address with its
/// host (lower case); `github.com/o/r` and `git@host:path` as the `git::` URLs go-getter makes
/// of them; a `//subdir` cleaned and placed before the query (`?ref=`), as
/// `ModuleSourceRemote.String()` places it. Anything else as written.
pub fn canonical(source: &str) -> String {
    if let Some(local) = super::local_source(source) {
        return local;
    }
    let (package, subdir) = split_subdir(source);
    let subdir = clean_subdir(&subdir);
    if let Some(registry) = registry_package(&package) {
        return match subdir.is_empty() {
            true => registry,
            false => format!("{registry}//{subdir}"),
        };
    }
    let package = detect(&package);
    if subdir.is_empty() {
        return package;
    }
    match package.split_once('?') {
        Some((base, query)) => format!("{base}//{subdir}?{query}"),
        None => format!("{package}//{subdir}"),
    }
}

/// go-getter's `SourceDirSubdir`: `//` after the scheme and before the query separates the
/// subdirectory; a query written after the subdirectory belongs to the package.
fn split_subdir(src: &str) -> (String, String) {
    let stop = src.find('?').unwrap_or(src.len());
    let offset = src[..stop].find("://").map_or(0, |i| i + 3);
    let Some(i) = src[offset..stop].find("//").map(|i| i + offset) else {
        return (src.to_string(), String::new());
    };
    let (mut package, mut subdir) = (src[..i].to_string(), src[i + 2..].to_string());
    if let Some(q) = subdir.find('?') {
        package.push_str(&subdir[q..]);
        subdir.truncate(q);
    }
    (package, subdir)
}

/// `path.Clean` of a subdirectory, with `.` as none.
fn clean_subdir(subdir: &str) -> String {
    let parts: Vec<&str> = subdir
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    parts.join("/")
}

/// A registry address `[host/]namespace/name/system`, with the host filled in.
fn registry_package(package: &str) -> Option<String> {
    if package.contains("::") || package.contains('?') || package.contains(':') {
        return None;
    }
    let parts: Vec<&str> = package.split('/').collect();
    let (host, rest) = match parts.as_slice() {
        [_, _, _] => (REGISTRY.to_string(), &parts[..]),
        [h, _, _, _] if h.contains('.') || h.starts_with("localhost") => {
            (h.to_ascii_lowercase(), &parts[1..])
        }
        _ => return None,
    };
    // github.com/org/repo and bitbucket.org/org/repo are never registry addresses.
    if matches!(host.as_str(), "github.com" | "bitbucket.org") {
        return None;
    }
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if !rest.iter().all(|p| word(p)) || !rest[2].chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(format!("{host}/{}", rest.join("/")))
}

/// go-getter's detectors for the shorthands Terraform still accepts: `github.com/o/r` is
/// `git::https://github.com/o/r.git`; `git@host:path` is `git::ssh://git@host/path`; a
/// `git::` prefix is kept in front of the detected address.
fn detect(package: &str) -> String {
    let (forced, rest) = match package.strip_prefix("git::") {
        Some(r) => (true, r),
        None => (false, package),
    };
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, format!("?{q}")),
        None => (rest, String::new()),
    };
    if let Some(repo) = path.strip_prefix("github.com/") {
        let repo = repo.strip_suffix(".git").unwrap_or(repo);
        return format!("git::https://github.com/{repo}.git{query}");
    }
    if let Some((user_host, repo)) = path.split_once(':') {
        if user_host.contains('@') && !user_host.contains('/') && !repo.starts_with("//") {
            return format!("git::ssh://{user_host}/{repo}{query}");
        }
    }
    match forced {
        true => format!("git::{rest}"),
        false => rest.to_string(),
    }
}

/// Whether a manifest entry installed from `installed` is the module a call with `source`
/// asks for.
pub fn same_source(call: &str, installed: &str) -> bool {
    canonical(call) == canonical(installed)
}

/// Whether the installed `version` meets the call's `version` constraint
/// (`">= 1.2, < 2"`, `"~> 5.0"`, `"1.4.0"`), as Terraform checks it before using an installed
/// module ("Module version requirements have changed" otherwise). A constraint or version
/// pe-lint cannot read, or a pre-release anywhere, is met only by the exact same text.
pub fn version_allowed(constraint: &str, version: &str) -> bool {
    let exact = constraint.trim().trim_start_matches('=').trim() == version.trim();
    let Some(v) = parse_version(version) else {
        return exact;
    };
    let mut all = true;
    for part in constraint.split(',') {
        let part = part.trim();
        let op_len = part
            .find(|c: char| c.is_ascii_digit() || c == 'v')
            .unwrap_or(part.len());
        let (op, num) = (part[..op_len].trim(), part[op_len..].trim());
        let Some(c) = parse_version(num) else {
            return exact;
        };
        let given = num.trim_start_matches('v').split('.').count();
        let ok = match op {
            "" | "=" => v == c,
            "!=" => v != c,
            ">" => v > c,
            ">=" => v >= c,
            "<" => v < c,
            "<=" => v <= c,
            "~>" => v >= c && v < pessimistic_bound(c, given),
            _ => return exact,
        };
        all &= ok;
    }
    all
}

/// `~> 1.2` allows up to `2.0.0`, `~> 1.2.3` up to `1.3.0`, `~> 1` up to `2.0.0`.
fn pessimistic_bound(c: (u64, u64, u64), given: usize) -> (u64, u64, u64) {
    match given {
        0..=2 => (c.0 + 1, 0, 0),
        _ => (c.0, c.1 + 1, 0),
    }
}

/// `1`, `1.2`, `v1.2.3` as (major, minor, patch); `None` for a pre-release or anything else.
fn parse_version(s: &str) -> Option<(u64, u64, u64)> {
    let s = s.trim().trim_start_matches('v');
    let parts: Vec<&str> = s.split('.').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut n = [0u64; 3];
    for (i, p) in parts.iter().enumerate() {
        n[i] = p.parse().ok()?;
    }
    Some((n[0], n[1], n[2]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        let cases = [
            ("x/vpc/aws", "registry.terraform.io/x/vpc/aws"),
            (
                "Registry.Terraform.io/x/vpc/aws",
                "registry.terraform.io/x/vpc/aws",
            ),
            (
                "terraform-aws-modules/iam/aws//modules/iam-user/",
                "registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-user",
            ),
            ("github.com/o/r", "git::https://github.com/o/r.git"),
            (
                "github.com/o/r?ref=v1",
                "git::https://github.com/o/r.git?ref=v1",
            ),
            (
                "github.com/o/r//sub?ref=v1",
                "git::https://github.com/o/r.git//sub?ref=v1",
            ),
            (
                "git::https://github.com/o/r.git?ref=v1//sub",
                "git::https://github.com/o/r.git?ref=v1//sub",
            ),
            (
                "git@github.com:o/r.git",
                "git::ssh://git@github.com/o/r.git",
            ),
            (
                "git::git@github.com:o/r.git",
                "git::ssh://git@github.com/o/r.git",
            ),
            (".\\mod\\x", "./mod/x"),
        ];
        for (src, want) in cases {
            assert_eq!(canonical(src), want, "{src}");
        }
    }

    #[test]
    fn different_refs_hosts_or_subdirs_differ() {
        assert!(same_source("x/vpc/aws", "registry.terraform.io/x/vpc/aws"));
        assert!(same_source(
            "github.com/o/r?ref=v1",
            "git::https://github.com/o/r.git?ref=v1"
        ));
        assert!(!same_source(
            "github.com/o/r?ref=v1",
            "git::https://github.com/o/r.git?ref=v2"
        ));
        assert!(!same_source("x/vpc/aws", "example.com/x/vpc/aws"));
        assert!(!same_source("x/vpc/aws//a", "x/vpc/aws//b"));
        assert!(!same_source("git::https://e.com/r.git", "./modules/benign"));
    }

    #[test]
    fn version_constraints() {
        let cases = [
            ("5.0.0", "5.0.0", true),
            ("= 5.0.0", "5.0.1", false),
            ("~> 5.0", "5.9.1", true),
            ("~> 5.0", "6.0.0", false),
            ("~> 5.1.2", "5.1.9", true),
            ("~> 5.1.2", "5.2.0", false),
            (">= 1.2, < 2", "1.9.0", true),
            (">= 1.2, < 2", "2.0.0", false),
            ("!= 1.0.0", "1.0.0", false),
            ("1.0.0-beta", "1.0.0-beta", true),
            ("1.0.0-beta", "1.0.0", false),
            ("~> 1.0", "1.0.0-rc1", false),
        ];
        for (c, v, want) in cases {
            assert_eq!(version_allowed(c, v), want, "{c} / {v}");
        }
    }
}
