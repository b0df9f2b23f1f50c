//! The configuration file `.pe-lint.hcl`: found in the first scanned path or its parents up to
//! the git work tree's root, or named with `--config`. It is HCL, parsed with hcl-edit so that
//! every validation problem points at its span in the file. A bad configuration is an error
//! (exit code 2), never ignored. Command-line flags win over the file.
//!
//! The rules' settings are declared in their policy files (`setting "NAME" { ... }`): this
//! reader validates, combines and tightens every one through the same code, whether a built-in
//! or a custom rule declares it, and whether it is written in the rule's `rule "ID" { ... }`
//! block or at a built-in setting's legacy top-level key (`retention_days = { ... }`).
//!
//! Every key is documented in `docs/configuration.md`; a test keeps the two in sync.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::diag::Diagnostic;
use crate::discover::{self, Discovery};
use crate::rules::settings::{Level, SettingDecl, SettingType, Settings};
use crate::rules::RuleSet;
use crate::source::{FileId, Loc, SourceFile, Sources, Span};
use crate::syntax::{Attribute, Block, Body, Expr, ExprKind, ObjectKey, TemplatePart, UnaryOp};
use crate::terraform::Value;
use crate::types::Env;

pub const FILE_NAME: &str = ".pe-lint.hcl";

/// The configuration's own top-level keys (attributes and the blocks `rule` and `autofix`).
/// The built-in rules' legacy setting keys come on top: see [`top_keys`].
pub const KEYS: &[&str] = &[
    "environment",
    "fail_on",
    "exclude",
    "rule",
    "rules_dirs",
    "strict",
    "autofix",
];
const BLOCKS: &[&str] = &["rule", "autofix"];
pub const RULE_KEYS: &[&str] = &["enabled", "severity"];
pub const AUTOFIX_KEYS: &[&str] = &["reserved_concurrency", "tags"];

/// Every field of [`Settings`] that is not a rule's declared setting, with the configuration
/// key that sets it (the documentation test checks that this list and
/// [`crate::rules::settings::BUILTIN_FIELDS`] cover the struct, and that every key is documented).
pub const SETTINGS_FIELDS: &[(&str, &str)] = &[
    ("environment", "environment"),
    ("disabled_rules", "rule.enabled"),
    ("rule_severity", "rule.severity"),
    ("rule_settings", "rule.settings"),
    ("fail_on", "fail_on"),
    ("rules_dirs", "rules_dirs"),
    ("strict", "strict"),
];

/// Keys of a nested configuration that are ignored, each with why.
type Ignored = Vec<(String, String)>;

/// A built-in rule's setting with its rule id.
type Declared = (&'static str, &'static SettingDecl);

/// The built-in settings a configuration may also write at a top-level key (`legacy`).
fn legacy_settings() -> impl Iterator<Item = Declared> {
    let rules = crate::rules::meta::builtin_set();
    rules.iter().flat_map(|m| {
        m.settings
            .iter()
            .filter(|d| d.legacy.is_some())
            .map(move |d| (m.id.as_str(), d))
    })
}

/// The built-in setting written at the legacy key `key` (`retention_days`, `iam.allowed_actions`).
fn legacy_setting(key: &str) -> Option<Declared> {
    legacy_settings().find(|(_, d)| d.legacy.as_deref() == Some(key))
}

/// Blocks that hold legacy keys (`iam` for `iam.allowed_actions`).
fn legacy_blocks() -> Vec<&'static str> {
    let mut out: Vec<&str> = Vec::new();
    for (_, d) in legacy_settings() {
        if let Some((block, _)) = d.legacy.as_deref().and_then(|l| l.split_once('.')) {
            if !out.contains(&block) {
                out.push(block);
            }
        }
    }
    out
}

/// How a legacy block is written, for help: `{ allowed_actions = [...] }`.
fn block_example(block: &str) -> String {
    let prefix = format!("{block}.");
    let first = legacy_settings().find_map(|(_, d)| {
        let name = d.legacy.as_deref()?.strip_prefix(prefix.as_str())?;
        Some((name, d.kind))
    });
    match first {
        Some((name, SettingType::Strings)) => format!("{{ {name} = [...] }}"),
        Some((name, _)) => format!("{{ {name} = ... }}"),
        None => "{ ... }".to_string(),
    }
}

/// Every top-level key: the configuration's own, with the built-in settings' legacy keys and
/// blocks after `rule` (in the rules' order), as they have always been listed.
pub fn top_keys() -> Vec<&'static str> {
    let (head, tail) = KEYS.split_at(4);
    let mut out = head.to_vec();
    for (_, d) in legacy_settings() {
        let Some(l) = d.legacy.as_deref() else {
            continue;
        };
        let top = l.split('.').next().unwrap_or(l);
        if !out.contains(&top) {
            out.push(top);
        }
    }
    out.extend_from_slice(tail);
    out
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleConfig {
    pub enabled: Option<bool>,
    pub severity: Option<Level>,
    /// Values of the settings the rule declares in its policy file.
    pub settings: BTreeMap<String, Value>,
    /// The declarations of those settings.
    pub declared: BTreeMap<String, SettingDecl>,
    /// The key each was written at (`rule.ORG901.prefix`, `retention_days`,
    /// `iam.allowed_actions`), as messages name it.
    pub written: BTreeMap<String, String>,
}

/// The file's settings; `None` means "not set" (the default, or a flag, applies).
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file, absolute; `None` when there is none.
    pub path: Option<PathBuf>,
    pub environment: Option<Env>,
    pub fail_on: Option<Level>,
    pub exclude: Vec<String>,
    /// Per rule id; the rules' settings too, whether written in a `rule` block or at a
    /// legacy top-level key.
    pub rules: BTreeMap<String, RuleConfig>,
    /// Resolved against the file's directory.
    pub rules_dirs: Vec<PathBuf>,
    pub strict: Option<bool>,
    /// `rule` blocks not yet checked against the run's rules: custom rules are known only after
    /// `rules_dirs` is read (see [`LoadedConfig::resolve_rules`]).
    pub pending_rules: Vec<Block>,
    /// `autofix { ... }`: values `--fix` may write (docs/autofix.md).
    pub autofix: crate::fix::Options,
    /// Where each setting is written (`fail_on`, `rule.PE001.enabled`, `iam.allowed_actions`,
    /// `retention_days.prod`...), so a setting a nested file may not change is named with its line.
    pub spans: BTreeMap<String, Span>,
}

/// The configuration with the file it came from and the problems found in it. The
/// diagnostics' locations have no file id until [`LoadedConfig::register`] adds the file to
/// the run's [`Sources`].
#[derive(Default)]
pub struct LoadedConfig {
    pub config: Config,
    pub source: Option<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadedConfig {
    /// Check the `rule` blocks against the run's rules, now that they are known, and merge
    /// their diagnostics in place (sorted by position, as [`parse`] leaves them).
    pub fn resolve_rules(&mut self, rules: &RuleSet) {
        let text = self.source.as_ref().map(|s| s.text.clone());
        let config = std::mem::take(&mut self.config);
        let (config, diags) = resolve_rules(config, text.as_deref().unwrap_or(""), rules);
        self.config = config;
        if !diags.is_empty() {
            self.diagnostics.extend(diags);
            self.diagnostics
                .sort_by_key(|d| d.loc.map(|l| l.span.start));
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Add the configuration file to `sources` (so reports can show snippets of it) and return
    /// the diagnostics, now located in it.
    pub fn register(&mut self, sources: &mut Sources) -> Vec<Diagnostic> {
        let id: Option<FileId> = self.source.take().map(|s| sources.add(s));
        let mut out = std::mem::take(&mut self.diagnostics);
        for d in &mut out {
            let span = d.loc.filter(|l| l.file.is_none()).map(|l| l.span);
            if d.loc.is_none() || span.is_some() {
                d.loc = id.map(|file| Loc {
                    file: Some(file),
                    span: span.unwrap_or_default(),
                });
            }
        }
        out
    }
}

/// The directory that governs a run: the git work tree around the scanned paths, else the
/// deepest directory they all lie in. Every path counts, whatever its order on the command line,
/// so `pe-lint docs/main.tf infra/main.tf` and `pe-lint infra/main.tf docs/main.tf` agree.
pub fn scanned_root(paths: &[PathBuf]) -> PathBuf {
    let mut bases = paths.iter().map(|p| base_dir(&discover::absolute(p)));
    let first = bases
        .next()
        .unwrap_or_else(|| discover::absolute(Path::new(".")));
    let common = bases.fold(first, |acc, b| common_ancestor(&acc, &b));
    discover::git_root(&common).unwrap_or(common)
}

fn base_dir(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

fn common_ancestor(a: &Path, b: &Path) -> PathBuf {
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.as_os_str())
        .collect()
}

/// The governing configuration file: `explicit` (`--config`), else `.pe-lint.hcl` at the
/// scanned root. Whatever lies at that name counts (a link, a FIFO, a directory): reading it
/// decides, so a thing that is not a regular file is an error rather than no configuration.
pub fn find(explicit: Option<&Path>, paths: &[PathBuf]) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let candidate = scanned_root(paths).join(FILE_NAME);
    candidate.symlink_metadata().is_ok().then_some(candidate)
}

/// Find and read the governing configuration. No file is not an error; an unreadable or
/// invalid one is.
pub fn load(explicit: Option<&Path>, paths: &[PathBuf]) -> LoadedConfig {
    let Some(path) = find(explicit, paths) else {
        return LoadedConfig {
            config: Config::default(),
            source: None,
            diagnostics: Vec::new(),
        };
    };
    // A file inside the checked tree is under the control of the change being checked, even
    // when the command line names it: it must resolve inside the tree. One the command line
    // names elsewhere is trusted for its place, not for its kind or size.
    let root = scanned_root(paths);
    let inside = explicit.is_none() || discover::absolute(&path).starts_with(&root);
    let canon = discover::canonical(&root);
    read(&path, inside.then_some(canon.as_path()))
}

/// A configuration held in memory (a tree given as bytes), read as [`read`] reads a file.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> LoadedConfig {
    let max = crate::parse::MAX_FILE_BYTES;
    let text = match bytes.len() as u64 {
        n if n > max => Err(Diagnostic::error(
            "config-error",
            format!("{} is larger than {max} bytes", crate::files::shown(path)),
        )),
        _ => crate::parse::decode_text(path, bytes.to_vec()),
    };
    match text {
        Ok(text) => {
            let (config, diagnostics) = parse_unresolved(&text, path);
            LoadedConfig {
                config,
                source: Some(SourceFile::new(path.to_path_buf(), Arc::from(text))),
                diagnostics,
            }
        }
        Err(d) => LoadedConfig {
            config: Config::default(),
            source: Some(SourceFile::new(path.to_path_buf(), Arc::from(""))),
            diagnostics: vec![d],
        },
    }
}

/// Read one configuration file through the bounded reader, and parse it.
fn read(path: &Path, canon_tree: Option<&Path>) -> LoadedConfig {
    match crate::files::read_text(path, canon_tree, crate::parse::MAX_FILE_BYTES) {
        Ok(text) => {
            let (config, diagnostics) = parse_unresolved(&text, path);
            LoadedConfig {
                config,
                source: Some(SourceFile::new(
                    path.to_path_buf(),
                    Arc::from(text.as_str()),
                )),
                diagnostics,
            }
        }
        // Registered without its content, so the refusal is located at the file in every format.
        Err(refusal) => LoadedConfig {
            config: Config::default(),
            source: Some(SourceFile::new(path.to_path_buf(), Arc::from(""))),
            diagnostics: vec![refusal.diagnostic("config-error", "the configuration file", path)],
        },
    }
}

/// The policy of a run: the governing configuration, the nested ones (read, reported, and
/// applied only where they tighten), and the settings they make together.
pub struct Policy {
    pub main: LoadedConfig,
    pub nested: Vec<LoadedConfig>,
    /// Defaults, then the governing file, then what the nested files tighten (flags not yet).
    pub settings: Settings,
}

impl Policy {
    /// Add every configuration file to `sources` and return all their diagnostics.
    pub fn register(&mut self, sources: &mut Sources) -> Vec<Diagnostic> {
        let mut out = self.main.register(sources);
        for n in &mut self.nested {
            out.extend(n.register(sources));
        }
        out
    }
}

/// Load the governing configuration and every nested one (docs/configuration.md, "Which
/// configuration governs a run").
/// `scan` is false when no tree is checked (`--plan` alone): then only the governing file counts.
/// `main` is the governing file as [`load`] read it; its `rule` blocks are checked here
/// against `rules`.
pub fn load_policy(
    mut main: LoadedConfig,
    explicit: Option<&Path>,
    paths: &[PathBuf],
    scan: bool,
    rules: &RuleSet,
) -> Policy {
    main.resolve_rules(rules);
    let root = scanned_root(paths);
    let canon = discover::canonical(&root);
    let governing = find(explicit, paths).map(|p| discover::canonical(&p));
    let mut settings = Settings::default();
    main.config.apply(&mut settings);
    let governing_name = match &governing {
        Some(p) => crate::source::display_path(p),
        None => "the defaults (no configuration file at the root)".to_string(),
    };
    let mut nested = Vec::new();
    let candidates = if scan {
        nested_paths(paths, &root)
    } else {
        Vec::new()
    };
    for path in candidates {
        if governing.as_ref() == Some(&discover::canonical(&path)) {
            continue;
        }
        let mut n = read(&path, Some(&canon));
        n.resolve_rules(rules);
        if n.source.is_some() {
            n.diagnostics.push(
                Diagnostic::warning(
                    "nested-config",
                    format!(
                        "{} is a nested configuration file: the run is governed by {governing_name}; \
                         a nested file may only tighten that policy",
                        crate::source::display_path(&path)
                    ),
                )
                .with_help(
                    "move the settings to the configuration at the repository's root, or pass \
                     --config; see \"Which configuration governs a run\" in docs/configuration.md",
                ),
            );
            let ignored = n.config.tighten(&mut settings, rules);
            n.diagnostics.extend(ignored);
        }
        nested.push(n);
    }
    Policy {
        main,
        nested,
        settings,
    }
}

/// Every `.pe-lint.hcl` in or under the scanned paths, or between a scanned path and the root,
/// sorted (the governing one included; the caller drops it).
fn nested_paths(paths: &[PathBuf], root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for raw in paths {
        let path = discover::absolute(raw);
        let mut dir = Some(base_dir(&path));
        while let Some(d) = dir.filter(|d| d.starts_with(root)) {
            let candidate = d.join(FILE_NAME);
            if candidate.symlink_metadata().is_ok() {
                out.push(candidate);
            }
            dir = d.parent().map(Path::to_path_buf);
        }
        if path.is_dir() {
            configs_under(&path, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `.pe-lint.hcl` entries under `dir`, of any kind, without following links or entering the
/// directories discovery skips (dot directories such as `.git` and `.terraform`).
fn configs_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut it = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let Ok(e) = entry else { continue };
        let name = e.file_name().to_str().unwrap_or("");
        if e.depth() > 0 && name == FILE_NAME {
            out.push(e.path().to_path_buf());
        }
        if e.depth() > 0 && e.file_type().is_dir() && name.starts_with('.') {
            it.skip_current_dir();
        }
    }
}

/// Parse and validate a configuration file's text, its `rule` blocks against `rules`.
/// Diagnostics carry spans, no file id.
pub fn parse(text: &str, path: &Path, rules: &RuleSet) -> (Config, Vec<Diagnostic>) {
    let (config, mut diags) = parse_unresolved(text, path);
    let (config, more) = resolve_rules(config, text, rules);
    if !more.is_empty() {
        diags.extend(more);
        diags.sort_by_key(|d| d.loc.map(|l| l.span.start));
    }
    (config, diags)
}

/// Check the pending `rule` blocks of `config` against `rules`.
fn resolve_rules(mut config: Config, text: &str, rules: &RuleSet) -> (Config, Vec<Diagnostic>) {
    let pending = std::mem::take(&mut config.pending_rules);
    let dir = config
        .path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut v = Validator {
        text,
        dir,
        diags: Vec::new(),
        config,
        rules: Some(rules),
    };
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    for b in &pending {
        v.rule_block(b, &mut seen);
    }
    (v.config, v.diags)
}

/// [`parse`] without checking the `rule` blocks: the configuration names the directories of
/// the custom rules those blocks may configure.
fn parse_unresolved(text: &str, path: &Path) -> (Config, Vec<Diagnostic>) {
    let abs = discover::absolute(path);
    let mut v = Validator {
        text,
        dir: abs.parent().map(Path::to_path_buf).unwrap_or_default(),
        diags: Vec::new(),
        config: Config {
            path: Some(abs),
            ..Config::default()
        },
        rules: None,
    };
    match crate::parse::parse_hcl(text) {
        Ok(body) => v.body(&body),
        Err(mut d) => {
            d.code = "config-error";
            d.message = format!("invalid configuration file: {}", d.message);
            d.help = Some("the configuration file is HCL, like Terraform code".to_string());
            v.diags.push(d);
        }
    }
    v.diags.sort_by_key(|d| d.loc.map(|l| l.span.start));
    (v.config, v.diags)
}

impl Config {
    /// Overlay the file's settings on `settings`. Call before applying flags (flags win).
    pub fn apply(&self, s: &mut Settings) {
        if let Some(e) = self.environment {
            s.environment = Some(e);
        }
        if let Some(f) = self.fail_on {
            s.fail_on = f;
        }
        for (id, r) in &self.rules {
            if r.enabled.is_some() {
                s.disabled_rules.retain(|d| d != id);
            }
            if r.enabled == Some(false) {
                s.disabled_rules.push(id.clone());
            }
            if let Some(l) = r.severity {
                s.rule_severity.insert(id.clone(), l);
            }
            for (name, v) in &r.settings {
                let value = match r.declared.get(name) {
                    Some(d) => d.combine(&s.rule_setting(d, id), v),
                    None => v.clone(),
                };
                s.rule_settings
                    .entry(id.clone())
                    .or_default()
                    .insert(name.clone(), value);
            }
        }
        s.derive_builtin();
        if !self.rules_dirs.is_empty() {
            s.rules_dirs = self.rules_dirs.clone();
        }
        if let Some(v) = self.strict {
            s.strict = v;
        }
    }

    /// Apply a nested file's settings where they make `s` stricter, and return a warning for
    /// each one that would loosen it (or is not a matter of strictness) and is ignored. What
    /// "stricter" means for each key is in docs/configuration.md.
    pub fn tighten(&self, s: &mut Settings, rules: &RuleSet) -> Vec<Diagnostic> {
        let (mut ignored, legacy) = self.tighten_rules(s, rules);
        let mut ignore = |key: &str, why: String| ignored.push((key.to_string(), why));
        if self.environment.is_some() {
            ignore(
                "environment",
                "it chooses the policy, it does not tighten it".into(),
            );
        }
        match self.fail_on {
            Some(f) if f < s.fail_on => s.fail_on = f,
            Some(f) if f > s.fail_on => ignore(
                "fail_on",
                format!("{} is looser than {}", f.as_str(), s.fail_on.as_str()),
            ),
            _ => {}
        }
        // Settings written at legacy top-level keys are named where those keys always were.
        for (key, why) in legacy {
            ignore(&key, why);
        }
        if self.autofix.reserved_concurrency.is_some() || !self.autofix.tags.is_empty() {
            ignore(
                "autofix",
                "only the governing file says what `--fix` writes".into(),
            );
        }
        if !self.exclude.is_empty() {
            ignore("exclude", "excluding files loosens the policy".into());
        }
        if !self.rules_dirs.is_empty() {
            ignore(
                "rules_dirs",
                "custom rules come from the governing configuration or --rules".into(),
            );
        }
        match self.strict {
            Some(true) => s.strict = true,
            Some(false) if s.strict => ignore("strict", "it would turn strict mode off".into()),
            _ => {}
        }
        ignored
            .into_iter()
            .map(|(key, why)| {
                let d = Diagnostic::warning(
                    "nested-config",
                    format!("`{key}` in a nested configuration file is ignored: {why}"),
                );
                located(d, self.spans.get(&key).copied().unwrap_or_default())
            })
            .collect()
    }

    /// The `rule` blocks of a nested file: switching a rule on and raising a severity apply,
    /// and each setting changes as far as its declaration's `tighten` allows. Returns what is
    /// ignored, apart for the settings written at legacy top-level keys.
    fn tighten_rules(&self, s: &mut Settings, rules: &RuleSet) -> (Ignored, Ignored) {
        let mut ignored = Vec::new();
        let mut legacy = Vec::new();
        for (id, r) in &self.rules {
            for (name, new) in &r.settings {
                let Some(d) = r.declared.get(name) else {
                    continue;
                };
                let key = r.written.get(name).cloned().unwrap_or_default();
                let current = s.rule_setting(d, id);
                let (value, refused) = d.tighten(&current, new);
                let into = if key.starts_with("rule.") {
                    &mut ignored
                } else {
                    &mut legacy
                };
                into.extend(
                    refused
                        .into_iter()
                        .map(|(k, why)| (format!("{key}{k}"), why)),
                );
                if value != current {
                    s.rule_settings
                        .entry(id.clone())
                        .or_default()
                        .insert(name.clone(), value);
                }
            }
            let mut ignore = |key: &str, why: String| ignored.push((key.to_string(), why));
            match r.enabled {
                Some(true) => s.disabled_rules.retain(|d| !d.eq_ignore_ascii_case(id)),
                Some(false) if s.rule_enabled(id) => ignore(
                    &format!("rule.{id}.enabled"),
                    "disabling a rule loosens the policy".into(),
                ),
                _ => {}
            }
            let current = rules.severity(s, id);
            match r.severity {
                Some(l) if l > current => {
                    s.rule_severity.insert(id.clone(), l);
                }
                Some(l) if l < current => ignore(
                    &format!("rule.{id}.severity"),
                    format!("{} is lower than {}", l.as_str(), current.as_str()),
                ),
                _ => {}
            }
        }
        s.derive_builtin();
        (ignored, legacy)
    }

    /// The `exclude` globs, compiled (None when there are none).
    pub fn exclude(&self) -> Option<Exclude> {
        if self.exclude.is_empty() {
            return None;
        }
        let base = self
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Exclude::new(base, &self.exclude).ok()
    }
}

/// Compiled `exclude` globs, matched against paths relative to the configuration file.
#[derive(Clone, Debug)]
pub struct Exclude {
    base: PathBuf,
    set: GlobSet,
}

fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    let p = pattern.strip_prefix("./").unwrap_or(pattern);
    let p = p.strip_suffix('/').unwrap_or(p);
    GlobBuilder::new(p).literal_separator(true).build()
}

impl Exclude {
    pub fn new(base: PathBuf, patterns: &[String]) -> Result<Exclude, globset::Error> {
        let mut b = GlobSetBuilder::new();
        for p in patterns {
            b.add(glob(p)?);
        }
        Ok(Exclude {
            base: discover::absolute(&base),
            set: b.build()?,
        })
    }

    /// A path is excluded when it, or one of its parent directories below the configuration
    /// file's directory, matches a pattern.
    pub fn matches(&self, path: &Path) -> bool {
        let abs = discover::absolute(path);
        let Ok(rel) = abs.strip_prefix(&self.base) else {
            return false;
        };
        let mut cur = Some(rel);
        while let Some(p) = cur {
            if p.as_os_str().is_empty() {
                break;
            }
            if self.set.is_match(p) {
                return true;
            }
            cur = p.parent();
        }
        false
    }

    /// Drop excluded files from a discovery. Terraform loads a module's override files and
    /// its root's auto-loaded variable files whatever pe-lint excludes, so dropping one while
    /// its module is still checked would check something Terraform never plans: that is an
    /// error naming the file, and the file is kept.
    pub fn filter(&self, d: &mut Discovery) {
        let mut kept_dirs = std::collections::BTreeSet::new();
        for (dir, files) in &d.modules {
            if files.iter().any(|f| !self.matches(f) && !loaded_anyway(f)) {
                kept_dirs.insert(dir.clone());
            }
        }
        let mut refused = Vec::new();
        for (dir, files) in d.modules.iter_mut().chain(d.tfvars.iter_mut()) {
            let module_checked = kept_dirs.contains(dir);
            files.retain(|f| {
                if !self.matches(f) {
                    return true;
                }
                let protect = module_checked && loaded_anyway(f);
                if protect {
                    refused.push(f.clone());
                }
                protect
            });
        }
        for f in refused {
            d.diagnostics.push(excluded_but_loaded(&f));
        }
        d.modules.retain(|_, f| !f.is_empty());
        d.tfvars.retain(|_, f| !f.is_empty());
    }
}

/// Override files and auto-loaded variable files: Terraform reads them with their module.
pub fn loaded_anyway(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name
        .strip_suffix(".tf.json")
        .or_else(|| name.strip_suffix(".tf"));
    matches!(stem, Some(s) if s == "override" || s.ends_with("_override"))
        || matches!(name, "terraform.tfvars" | "terraform.tfvars.json")
        || name.ends_with(".auto.tfvars")
        || name.ends_with(".auto.tfvars.json")
}

fn excluded_but_loaded(path: &Path) -> Diagnostic {
    let what = if path.to_string_lossy().contains(".tfvars") {
        "a variable file Terraform loads automatically for its root module"
    } else {
        "an override file Terraform merges into its module"
    };
    Diagnostic::error(
        "config-error",
        format!(
            "`exclude` matches {}, {what}; it is checked anyway",
            crate::source::display_path(path)
        ),
    )
    .with_help(
        "excluding it would check a configuration Terraform never plans: exclude the whole \
         directory, or narrow the glob",
    )
}

// ---------------------------------------------------------------------------------------------
// Validation

struct Validator<'a> {
    text: &'a str,
    dir: PathBuf,
    diags: Vec<Diagnostic>,
    config: Config,
    /// `None` while parsing: `rule` blocks wait in `config.pending_rules`.
    rules: Option<&'a RuleSet>,
}

fn located(d: Diagnostic, span: Span) -> Diagnostic {
    Diagnostic {
        loc: Some(Loc { file: None, span }),
        ..d
    }
}

pub use crate::text::edit_distance;

/// The closest candidate, when it is close enough to be a likely typo.
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Null => "null",
        ExprKind::Bool(_) => "a bool",
        ExprKind::Number(_) => "a number",
        ExprKind::Str(_) => "a string",
        ExprKind::Template(_) => "a string template",
        ExprKind::Tuple(_) => "a list",
        ExprKind::Object(_) => "an object",
        ExprKind::Paren(inner) => describe(inner),
        ExprKind::Unary(UnaryOp::Neg, inner) if matches!(inner.kind, ExprKind::Number(_)) => {
            "a number"
        }
        ExprKind::Var(_) | ExprKind::Traversal(..) => "a reference",
        ExprKind::Call(_) => "a function call",
        _ => "an expression",
    }
}

fn literal_string(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Str(s) => Some(s.clone()),
        ExprKind::Template(parts) => {
            let mut s = String::new();
            for p in parts {
                match p {
                    TemplatePart::Lit(l) => s.push_str(l),
                    _ => return None,
                }
            }
            Some(s)
        }
        ExprKind::Paren(inner) => literal_string(inner),
        _ => None,
    }
}

fn literal_number(e: &Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Number(n) => Some(*n),
        ExprKind::Unary(UnaryOp::Neg, inner) => literal_number(inner).map(|n| -n),
        ExprKind::Paren(inner) => literal_number(inner),
        _ => None,
    }
}

impl Validator<'_> {
    fn error(&mut self, msg: impl Into<String>, span: Span, help: Option<String>) {
        let mut d = located(Diagnostic::error("config-error", msg), span);
        d.help = help;
        self.diags.push(d);
    }

    fn warn(&mut self, msg: impl Into<String>, span: Span, help: Option<String>) {
        let mut d = located(Diagnostic::warning("config-warning", msg), span);
        d.help = help;
        self.diags.push(d);
    }

    /// `unknown {what} `{key}`{place}`, with a suggestion.
    fn unknown_key(&mut self, what: &str, key: &str, place: &str, candidates: &[&str], span: Span) {
        let help = match did_you_mean(key, candidates) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("known keys: {}", candidates.join(", ")),
        };
        self.error(format!("unknown {what} `{key}`{place}"), span, Some(help));
    }

    /// The span of an attribute's name (`name = ...`).
    fn key_span(&self, a: &Attribute) -> Span {
        Span::new(a.span.start as usize, a.span.start as usize + a.name.len())
    }

    /// The span of a bare object key written before `value` (`key = value` or `key: value`).
    fn ident_key_span(&self, key: &str, value: &Expr) -> Span {
        let before = &self.text[..(value.span.start as usize).min(self.text.len())];
        let trimmed = before.trim_end();
        let trimmed = trimmed
            .strip_suffix('=')
            .or_else(|| trimmed.strip_suffix(':'))
            .unwrap_or(trimmed)
            .trim_end();
        if trimmed.ends_with(key) {
            let end = trimmed.len();
            return Span::new(end - key.len(), end);
        }
        value.span
    }

    fn body(&mut self, body: &Body) {
        for a in &body.attrs {
            let name = a.name.as_str();
            let key = self.key_span(a);
            if BLOCKS.contains(&name) || legacy_blocks().contains(&name) {
                let help = match name {
                    "rule" => {
                        "write it as a block: rule \"PE005\" { severity = \"warning\" }".to_string()
                    }
                    "autofix" => {
                        "write it as a block: autofix { reserved_concurrency = 10 }".to_string()
                    }
                    _ => format!("write it as a block: {name} {}", block_example(name)),
                };
                self.error(
                    format!("`{name}` is a block, not an attribute"),
                    key,
                    Some(help),
                );
                continue;
            }
            if let Some((id, d)) = legacy_setting(name) {
                self.config.spans.insert(name.to_string(), key);
                self.rule_setting(id, d, &a.expr, name, name);
                continue;
            }
            if !KEYS.contains(&name) {
                self.unknown_key("key", name, "", &top_keys(), key);
                continue;
            }
            self.config.spans.insert(name.to_string(), key);
            self.attribute(a);
        }
        let mut blocks_seen: Vec<&str> = Vec::new();
        for b in &body.blocks {
            match b.kind.as_str() {
                "rule" => self.config.pending_rules.push(b.clone()),
                "autofix" => self.autofix_block(b),
                other if legacy_blocks().contains(&other) => {
                    if blocks_seen.contains(&other) {
                        self.error(format!("`{other}` is configured twice"), b.header, None);
                    }
                    blocks_seen.push(other);
                    self.legacy_block(b);
                }
                other if top_keys().contains(&other) => self.error(
                    format!("`{other}` is an attribute, not a block"),
                    b.header,
                    Some(format!("write `{other} = ...`")),
                ),
                other => self.unknown_key("block", other, "", &top_keys(), b.header),
            }
        }
    }

    /// A legacy block (`iam { allowed_actions = [...] }`): its attributes are built-in
    /// settings written at `BLOCK.NAME`.
    fn legacy_block(&mut self, b: &Block) {
        let kind = b.kind.as_str();
        if !b.labels.is_empty() {
            self.error(format!("an `{kind}` block takes no label"), b.header, None);
        }
        let prefix = format!("{kind}.");
        let keys: Vec<&str> = legacy_settings()
            .filter_map(|(_, d)| d.legacy.as_deref()?.strip_prefix(prefix.as_str()))
            .collect();
        let place = format!(" in the `{kind}` block");
        for a in &b.body.attrs {
            let key = format!("{kind}.{}", a.name);
            let at = self.key_span(a);
            self.config.spans.insert(key.clone(), at);
            match legacy_setting(&key) {
                Some((id, d)) => self.rule_setting(id, d, &a.expr, &key, &key),
                None => self.unknown_key("key", &a.name, &place, &keys, at),
            }
        }
        for nested in &b.body.blocks {
            self.unknown_key("block", &nested.kind, &place, &keys, nested.header);
        }
    }

    /// A rule's declared setting, written at `key` (messages name it `shown`): validated
    /// against its declaration and recorded in the rule's configuration, unless another key
    /// already set it (a legacy key and the `rule` block both).
    fn rule_setting(&mut self, id: &str, d: &SettingDecl, e: &Expr, key: &str, shown: &str) {
        let before = self
            .config
            .rules
            .get(id)
            .and_then(|r| r.written.get(&d.name));
        if let Some(before) = before.filter(|w| *w != key) {
            let msg = format!("`{key}` sets what `{before}` already sets: write it once");
            self.error(msg, e.span, None);
            return;
        }
        let Some((v, entries)) = self.setting_value(e, d, shown) else {
            return;
        };
        // The lines of the setting and of a map's entries, for nested-file warnings and the
        // report's settings table; under the legacy key too, as the table names built-in
        // settings by it.
        let at = self.config.spans.get(key).copied();
        if let (Some(l), Some(at)) = (&d.legacy, at) {
            self.config.spans.entry(l.clone()).or_insert(at);
        }
        for (k, span) in entries {
            self.config.spans.insert(format!("{key}.{k}"), span);
            if let Some(l) = &d.legacy {
                self.config.spans.entry(format!("{l}.{k}")).or_insert(span);
            }
        }
        let rc = self.config.rules.entry(id.to_string()).or_default();
        rc.settings.insert(d.name.clone(), v);
        rc.declared.insert(d.name.clone(), d.clone());
        rc.written.insert(d.name.clone(), key.to_string());
    }

    fn attribute(&mut self, a: &Attribute) {
        let e = &a.expr;
        match a.name.as_str() {
            "environment" => {
                if let Some(s) = self.string(e, "environment") {
                    match Env::parse_loose(&s) {
                        Some(env) => self.config.environment = Some(env),
                        None => self.error(
                            format!("`environment` must be dev, staging or prod, not {s:?}"),
                            e.span,
                            Some("aliases: development, stage, stg, production, prd".to_string()),
                        ),
                    }
                }
            }
            "fail_on" => {
                if let Some(s) = self.string(e, "fail_on") {
                    match Level::parse(&s) {
                        Some(l) => self.config.fail_on = Some(l),
                        None => self.error(
                            format!("`fail_on` must be error, warning, info or never, not {s:?}"),
                            e.span,
                            None,
                        ),
                    }
                }
            }
            "exclude" => {
                for (p, span) in self.string_list(e, "exclude").unwrap_or_default() {
                    match glob(&p) {
                        Ok(_) => self.config.exclude.push(p),
                        Err(err) => self.error(
                            format!("invalid glob {p:?} in `exclude`: {}", err.kind()),
                            span,
                            Some(
                                "globs use *, ** and ?, relative to the configuration file"
                                    .to_string(),
                            ),
                        ),
                    }
                }
            }
            "strict" => match &e.kind {
                ExprKind::Bool(v) => self.config.strict = Some(*v),
                _ => self.type_error("strict", "true or false", e),
            },
            "rules_dirs" => {
                if let Some(l) = self.nonempty_strings(e, "rules_dirs") {
                    self.config.rules_dirs = l
                        .iter()
                        .map(|d| discover::normalize(&self.dir.join(d)))
                        .collect();
                }
            }
            _ => {}
        }
    }

    fn string(&mut self, e: &Expr, key: &str) -> Option<String> {
        match literal_string(e) {
            Some(s) => Some(s),
            None => {
                self.type_error(key, "a string", e);
                None
            }
        }
    }

    fn type_error(&mut self, key: &str, want: &str, e: &Expr) {
        let found = describe(e);
        let help = if matches!(
            found,
            "a reference" | "a function call" | "a string template"
        ) {
            Some("the configuration holds literal values only".to_string())
        } else {
            None
        };
        self.error(
            format!("`{key}` must be {want}, found {found}"),
            e.span,
            help,
        );
    }

    fn string_list(&mut self, e: &Expr, key: &str) -> Option<Vec<(String, Span)>> {
        let ExprKind::Tuple(items) = &e.kind else {
            self.type_error(key, "a list of strings", e);
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            match literal_string(item) {
                Some(s) => out.push((s, item.span)),
                None => {
                    self.type_error(&format!("each item of `{key}`"), "a string", item);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn nonempty_strings(&mut self, e: &Expr, key: &str) -> Option<Vec<String>> {
        let list = self.string_list(e, key)?;
        let mut ok = true;
        for (s, span) in &list {
            if s.trim().is_empty() {
                self.error(format!("`{key}` has an empty string"), *span, None);
                ok = false;
            }
        }
        ok.then(|| list.into_iter().map(|(s, _)| s).collect())
    }

    /// Object items with their keys and key spans.
    fn object<'e>(&mut self, e: &'e Expr, key: &str) -> Option<Vec<(String, Span, &'e Expr)>> {
        let ExprKind::Object(items) = &e.kind else {
            self.type_error(key, "an object", e);
            return None;
        };
        let mut out = Vec::new();
        for (k, v) in items {
            match k {
                ObjectKey::Ident(name) => {
                    let span = self.ident_key_span(name, v);
                    out.push((name.clone(), span, v));
                }
                ObjectKey::Expr(ke) => match literal_string(ke) {
                    Some(name) => out.push((name, ke.span, v)),
                    None => self.type_error(&format!("a key of `{key}`"), "a string", ke),
                },
            }
        }
        Some(out)
    }

    fn label_span(&self, b: &Block, label: &str) -> Span {
        let h = &self.text[(b.header.start as usize).min(self.text.len())
            ..(b.header.end as usize).min(self.text.len())];
        match h.rfind(label) {
            Some(i) => {
                let start = b.header.start as usize + i;
                Span::new(start, start + label.len())
            }
            None => b.header,
        }
    }

    /// The rule a `rule` block names, with its declared settings and the label's span.
    fn configured_rule(&mut self, b: &Block) -> Option<(String, Vec<SettingDecl>, Span)> {
        if b.labels.len() != 1 {
            self.error(
                "a `rule` block takes one label, the rule id",
                b.header,
                Some("rule \"PE005\" { severity = \"warning\" }".to_string()),
            );
            return None;
        }
        let label = &b.labels[0];
        let span = self.label_span(b, label);
        let rules = self.rules.unwrap_or(crate::rules::meta::builtin_set());
        let Some(m) = rules.find(label) else {
            let ids: Vec<&str> = rules.iter().map(|m| m.id.as_str()).collect();
            let help = match did_you_mean(label, &ids) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("known rules: {}", ids.join(", ")),
            };
            self.error(format!("unknown rule `{label}`"), span, Some(help));
            return None;
        };
        Some((m.id.clone(), m.settings.clone(), span))
    }

    fn rule_block(&mut self, b: &Block, seen: &mut BTreeMap<String, Span>) {
        let Some((id, declared, span)) = self.configured_rule(b) else {
            return;
        };
        if seen.insert(id.clone(), span).is_some() {
            self.error(format!("rule {id} is configured twice"), span, None);
        }
        let mut rc = RuleConfig::default();
        let mut keys: Vec<&str> = RULE_KEYS.to_vec();
        keys.extend(declared.iter().map(|d| d.name.as_str()));
        for a in &b.body.attrs {
            if keys.contains(&a.name.as_str()) {
                let at = self.key_span(a);
                self.config
                    .spans
                    .insert(format!("rule.{id}.{}", a.name), at);
            }
            match a.name.as_str() {
                "enabled" => match &a.expr.kind {
                    ExprKind::Bool(v) => rc.enabled = Some(*v),
                    _ => self.type_error("enabled", "true or false", &a.expr),
                },
                "severity" => {
                    if let Some(l) = self.severity(&a.expr) {
                        rc.severity = Some(l);
                    }
                }
                other => match declared.iter().find(|d| d.name == other) {
                    Some(d) => {
                        let written = format!("rule.{id}.{other}");
                        self.rule_setting(&id, d, &a.expr, &written, other);
                    }
                    None => {
                        let span = self.key_span(a);
                        self.unknown_key("key", other, " in a `rule` block", &keys, span);
                    }
                },
            }
        }
        for nested in &b.body.blocks {
            self.unknown_key(
                "block",
                &nested.kind,
                " in a `rule` block",
                &keys,
                nested.header,
            );
        }
        let entry = self.config.rules.entry(id).or_default();
        if rc.enabled.is_some() {
            entry.enabled = rc.enabled;
        }
        if rc.severity.is_some() {
            entry.severity = rc.severity;
        }
    }

    /// A rule's severity: error, warning or info (`never` is only a `fail_on` threshold).
    fn severity(&mut self, e: &Expr) -> Option<Level> {
        let s = self.string(e, "severity")?;
        let level = Level::parse(&s).filter(|l| *l != Level::Never);
        if level.is_none() {
            self.error(
                format!("`severity` must be error, warning or info, not {s:?}"),
                e.span,
                None,
            );
        }
        level
    }

    /// A literal of the type a rule's setting declares, allowed by its declaration, and the
    /// spans of a map's entries by key. Messages name it `key`.
    fn setting_value(
        &mut self,
        e: &Expr,
        d: &SettingDecl,
        key: &str,
    ) -> Option<(Value, Vec<(String, Span)>)> {
        let mut entries = Vec::new();
        let v = match d.kind {
            SettingType::String => {
                let s = self.string(e, key)?;
                let v = Value::string(s.as_str());
                self.allowed(d, &v, key, e.span).then_some(v)?
            }
            SettingType::Number => Value::Number(self.number(e, d, key)?),
            SettingType::Bool => match &e.kind {
                ExprKind::Bool(b) => Value::Bool(*b),
                _ => {
                    self.type_error(key, "true or false", e);
                    return None;
                }
            },
            SettingType::Strings => self.setting_strings(e, d, key)?,
            SettingType::NumberMap | SettingType::StringsMap => {
                let mut out = crate::terraform::value::Map::new();
                for (k, kspan, v) in self.object(e, key)? {
                    let Some(canon) = self.map_key(d, &k, key, kspan) else {
                        continue;
                    };
                    let path = format!("{key}.{k}");
                    let item = match d.kind {
                        SettingType::NumberMap => self.number(v, d, &path).map(Value::Number),
                        _ => self.setting_strings(v, d, &path),
                    };
                    if let Some(item) = item {
                        entries.push((canon.clone(), kspan));
                        out.insert(canon, item);
                    }
                }
                Value::object(out)
            }
        };
        Some((v, entries))
    }

    /// A map key the setting has, as it knows it (`production` is `prod`).
    fn map_key(&mut self, d: &SettingDecl, k: &str, key: &str, span: Span) -> Option<String> {
        let canon = d.canonical_key(k);
        if canon.is_none() {
            let envs = d.keys.iter().all(|k| Env::parse_loose(k).is_some());
            let what = if envs { "environment" } else { "key" };
            let keys: Vec<&str> = d.keys.iter().map(String::as_str).collect();
            self.unknown_key(what, k, &format!(" in `{key}`"), &keys, span);
        }
        canon
    }

    /// A list of strings for a setting: non-empty ones when it says so, each allowed.
    fn setting_strings(&mut self, e: &Expr, d: &SettingDecl, key: &str) -> Option<Value> {
        let list = if d.nonempty {
            self.nonempty_strings(e, key)?
        } else {
            self.string_list(e, key)?
                .into_iter()
                .map(|(s, _)| s)
                .collect()
        };
        let items: Vec<Value> = list.iter().map(|s| Value::string(s.as_str())).collect();
        let ok = items.iter().all(|v| self.allowed(d, v, key, e.span));
        ok.then(|| Value::list(items))
    }

    /// A number for a setting: whole and at least its `minimum` when it has one, allowed.
    fn number(&mut self, e: &Expr, d: &SettingDecl, key: &str) -> Option<f64> {
        let unit = d
            .unit
            .as_deref()
            .map(|u| format!(" of {u}"))
            .unwrap_or_default();
        let Some(n) = literal_number(e) else {
            self.type_error(key, &format!("a number{unit}"), e);
            return None;
        };
        if let Some(min) = d.minimum.filter(|m| n < *m || n.fract() != 0.0) {
            let msg = format!("{key} must be a whole number{unit}, at least {min}");
            self.error(msg, e.span, None);
            return None;
        }
        self.allowed(d, &Value::Number(n), key, e.span).then_some(n)
    }

    /// Whether `v` is one of the setting's `values` (any, when it lists none). Outside them it
    /// is an error, or a warning when the declaration gives one (`values_warning`).
    fn allowed(&mut self, d: &SettingDecl, v: &Value, key: &str, span: Span) -> bool {
        if d.values.is_empty() || d.values.contains(v) {
            return true;
        }
        let shown: Vec<String> = d.values.iter().map(Value::display).collect();
        if let Some(w) = &d.values_warning {
            let msg = format!("{key} = {} {w}", v.display());
            self.warn(
                msg,
                span,
                Some(format!("accepted values: {}", shown.join(", "))),
            );
            return true;
        }
        let choices = match shown.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => shown.join(""),
        };
        let msg = format!("`{key}` must be {choices}, not {}", v.display());
        self.error(msg, span, None);
        false
    }

    /// `autofix { tags = { Owner = "team-x" } }`: the values `--fix` gives missing PE006 tags
    /// (pe-lint never invents one). Each value is a non-empty string without control characters.
    fn autofix_tags(&mut self, e: &Expr) {
        let Some(items) = self.object(e, "autofix.tags") else {
            return;
        };
        let mut out = BTreeMap::new();
        for (k, _, v) in items {
            match &v.kind {
                ExprKind::Str(s) if !s.trim().is_empty() && !s.chars().any(char::is_control) => {
                    out.insert(k, s.clone());
                }
                _ => self.type_error(
                    &format!("autofix.tags.{k}"),
                    "a non-empty string without control characters",
                    v,
                ),
            }
        }
        self.config.autofix.tags = out;
    }

    /// `autofix { reserved_concurrency = N }`: the value `--fix` gives PE004 (there is no
    /// universally safe number, so only a configured one is written).
    fn autofix_block(&mut self, b: &Block) {
        for a in &b.body.attrs {
            let at = self.key_span(a);
            self.config.spans.insert(format!("autofix.{}", a.name), at);
            match (a.name.as_str(), &a.expr.kind) {
                ("reserved_concurrency", ExprKind::Number(n))
                    if *n >= 1.0 && n.fract() == 0.0 && *n <= 1_000_000.0 =>
                {
                    self.config.autofix.reserved_concurrency = Some(*n as u64);
                }
                ("reserved_concurrency", _) => self.type_error(
                    "autofix.reserved_concurrency",
                    "a whole number of at least 1",
                    &a.expr,
                ),
                ("tags", _) => self.autofix_tags(&a.expr),
                (other, _) => {
                    self.unknown_key("key", other, " in the `autofix` block", AUTOFIX_KEYS, at)
                }
            }
        }
        for nested in &b.body.blocks {
            let (kind, header) = (nested.kind.clone(), nested.header);
            self.unknown_key(
                "block",
                &kind,
                " in the `autofix` block",
                AUTOFIX_KEYS,
                header,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> (Config, Vec<Diagnostic>) {
        parse(
            text,
            Path::new("/tmp/x/.pe-lint.hcl"),
            crate::rules::meta::builtin_set(),
        )
    }

    #[test]
    fn every_key() {
        let (c, d) = check(
            r#"
environment = "production"
fail_on = "warning"
exclude = ["legacy/**", "*.generated.tf"]
rule "PE005" {
  enabled  = true
  severity = "warning"
}
rule "cost-tags" { enabled = false }
retention_days = { prod = 365, "staging" = 60 }
retention_mode = "minimum"
required_tags = ["Team"]
tag_values = { Env = ["dev", "prod"] }
api_lambda_patterns = ["edge"]
iam {
  allowed_actions   = ["s3:Get*"]
  allowed_resources = ["*"]
}
rules_dirs = ["policies"]
"#,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.environment, Some(Env::Prod));
        assert_eq!(c.fail_on, Some(Level::Warning));
        assert_eq!(c.exclude.len(), 2);
        assert_eq!(c.rules["PE005"].severity, Some(Level::Warning));
        assert_eq!(c.rules["PE006"].enabled, Some(false));
        let pe005 = &c.rules["PE005"];
        assert_eq!(
            pe005.settings["retention_days"].display(),
            "{prod = 365, staging = 60}"
        );
        assert_eq!(pe005.settings["retention_mode"].as_str(), Some("minimum"));
        assert_eq!(pe005.written["retention_days"], "retention_days");
        assert_eq!(c.rules_dirs, vec![PathBuf::from("/tmp/x/policies")]);
        let mut s = Settings::default();
        c.apply(&mut s);
        assert!(!s.rule_enabled("PE006"));
        let rules = crate::rules::meta::builtin_set();
        assert_eq!(rules.severity(&s, "PE005"), Level::Warning);
        assert!(rules.fails_run(&s, "PE005") && rules.fails_run(&s, "PE001"));
        assert_eq!(s.retention_days[&Env::Dev], 14.0);
        assert_eq!(s.retention_days[&Env::Prod], 365.0);
        assert!(s.retention_minimum);
        assert_eq!(s.required_tags, ["Team"]);
        assert_eq!(s.tag_values["Env"], ["dev", "prod"]);
        assert_eq!(s.api_lambda_patterns, ["edge"]);
        assert_eq!(s.iam_allowed_actions, ["s3:Get*"]);
        assert_eq!(s.iam_allowed_resources, ["*"]);
    }

    /// The canonical form, `rule "PE005" { retention_days = ... }`, makes the same settings as
    /// the legacy top-level keys, and writing both is an error at the second.
    #[test]
    fn rule_blocks_set_builtin_settings() {
        let legacy = "retention_days = { production = 365 }\nretention_mode = \"minimum\"\n\
                      iam { allowed_actions = [\"s3:Get*\"] }\nrequired_tags = [\"Team\"]\n";
        let canonical = "rule \"PE005\" {\n  retention_days = { production = 365 }\n  \
                         retention_mode = \"minimum\"\n}\nrule \"PE008\" { allowed_actions = \
                         [\"s3:Get*\"] }\nrule \"cost-tags\" { required_tags = [\"Team\"] }\n";
        let mut settings = Vec::new();
        for text in [legacy, canonical] {
            let (c, d) = check(text);
            assert!(d.is_empty(), "{d:?}");
            let mut s = Settings::default();
            c.apply(&mut s);
            settings.push(format!("{s:?}"));
            assert_eq!(s.retention_days[&Env::Prod], 365.0);
            assert_eq!(s.retention_days[&Env::Staging], 30.0);
            assert!(s.retention_minimum);
            // The report's settings table finds where each was set, by its legacy key.
            for key in [
                "retention_days.prod",
                "retention_mode",
                "iam.allowed_actions",
            ] {
                assert!(c.spans.contains_key(key), "{key}: {:?}", c.spans);
            }
        }
        assert_eq!(settings[0], settings[1]);
        let both = "retention_mode = \"minimum\"\nrule \"PE005\" { retention_mode = \"exact\" }\n";
        let (_, d) = check(both);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message,
            "`rule.PE005.retention_mode` sets what `retention_mode` already sets: write it once"
        );
        let at = d[0].loc.unwrap().span;
        assert_eq!(&both[at.start as usize..at.end as usize], "\"exact\"");
    }

    #[test]
    fn unknown_keys_suggest() {
        let text =
            "enviroment = \"prod\"\nrule \"PE05\" {}\nretention_days = { prd = 90, qa = 1 }\n";
        let (_, d) = check(text);
        assert_eq!(d.len(), 3, "{d:#?}");
        let at = |i: usize| {
            let s = d[i].loc.unwrap().span;
            &text[s.start as usize..s.end as usize]
        };
        assert_eq!(at(0), "enviroment");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `environment`?"));
        assert_eq!(at(1), "PE05");
        assert_eq!(d[1].help.as_deref(), Some("did you mean `PE005`?"));
        assert_eq!(at(2), "qa");
    }

    #[test]
    fn type_errors_point_at_values() {
        let text = "fail_on = 1\nrequired_tags = \"Project\"\nexclude = [\"[oops\"]\niam { allowed_actions = [var.x] }\n";
        let (_, d) = check(text);
        let spans: Vec<&str> = d
            .iter()
            .map(|d| {
                let s = d.loc.unwrap().span;
                &text[s.start as usize..s.end as usize]
            })
            .collect();
        assert_eq!(spans, ["1", "\"Project\"", "\"[oops\"", "var.x"], "{d:#?}");
        assert!(d.iter().all(Diagnostic::is_error));
    }

    #[test]
    fn exclude_matches_dirs_and_files() {
        let ex = Exclude::new(
            PathBuf::from("/r"),
            &["legacy".into(), "**/*.gen.tf".into(), "a/*/x.tf".into()],
        )
        .unwrap();
        assert!(ex.matches(Path::new("/r/legacy/main.tf")));
        assert!(ex.matches(Path::new("/r/m/q/k.gen.tf")));
        assert!(ex.matches(Path::new("/r/a/b/x.tf")));
        assert!(!ex.matches(Path::new("/r/a/b/c/x.tf")));
        assert!(!ex.matches(Path::new("/other/legacy/main.tf")));
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(did_you_mean("fail-on", KEYS), Some("fail_on"));
        assert_eq!(did_you_mean("zzzzzzzz", KEYS), None);
    }
}
