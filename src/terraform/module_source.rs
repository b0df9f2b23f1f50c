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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        let cases = [
            ("x/vpc/aws", "registry.terraform.io/x/vpc/aws"),
            ("Registry.Terraform.io/x/vpc/aws", "registry.terraform.io/x/vpc/aws"),
            (
                "terraform-aws-modules/iam/aws//modules/iam-user/",
                "registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-user",
            ),
            ("github.com/o/r", "git::https://github.com/o/r.git"),
            ("github.com/o/r?ref=v1", "git::https://github.com/o/r.git?ref=v1"),
            (
                "github.com/o/r//sub?ref=v1",
                "git::https://github.com/o/r.git//sub?ref=v1",
            ),
            (
                "git::https://github.com/o/r.git?ref=v1//sub",
                "git::https://github.com/o/r.git?ref=v1//sub",
            ),
            ("git@github.com:o/r.git", "git::ssh://git@github.com/o/r.git"),
            ("git::git@github.com:o/r.git", "git::ssh://git@github.com/o/r.git"),
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
        assert!(!same_source("github.com/o/r?ref=v1", "git::https://github.com/o/r.git?ref=v2"));
        assert!(!same_source("x/vpc/aws", "example.com/x/vpc/aws"));
        assert!(!same_source("x/vpc/aws//a", "x/vpc/aws//b"));
        assert!(!same_source("git::https://e.com/r.git", "./modules/benign"));
    }
}
