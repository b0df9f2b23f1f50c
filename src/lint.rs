//! Loading a tree: discover -> parse -> load modules -> evaluate. The driver (`run`) then runs
//! the rules, suppressions and reports; `inspect`, the tests and the benchmarks load the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::discover::{self, Discovery};
use crate::parse::{self, FileKind, ParsedFile};
use crate::source::{FileId, Sources};
use crate::terraform::instance::{EvalOptions, Evaluator};
use crate::terraform::vars::{self, CliVar, Source, VarFile};
use crate::terraform::{self, Configs, EvalInput, Value};

// The pipeline's result is defined with the model, so that the layers below the pipeline
// (reports, `inspect`) can take it; kept reachable here.
pub use crate::terraform::loaded::{Loaded, Scope};

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// `-var` / `-var-file` in command-line order.
    pub cli_vars: Vec<CliVar>,
    /// `TF_VAR_*` from the environment.
    pub env_vars: Vec<(String, String)>,
    /// Resource limits (see `crate::limits` and docs/security.md).
    pub max_instances: usize,
    pub max_steps: u64,
    pub max_total_steps: u64,
    /// `--limit total-steps` was given: use `max_total_steps` as it is, instead of growing it
    /// with the size of the tree (`TOTAL_STEPS_PER_BYTE`).
    pub fixed_total_steps: bool,
    pub max_module_depth: usize,
    pub max_eval_depth: usize,
    pub max_string_len: usize,
    pub max_collection_len: usize,
    pub max_file_bytes: u64,
    pub max_total_bytes: u64,
    /// Worker threads; 0 for one per core.
    pub jobs: usize,
    /// Files excluded by the configuration's `exclude` globs.
    pub exclude: Option<crate::config::Exclude>,
    /// `terraform.workspace`: `--workspace`, else `TF_WORKSPACE`; unknown when neither.
    pub workspace: Option<String>,
    /// The files of the tree held in memory, read instead of discovering `paths`.
    pub memory: Option<std::sync::Arc<MemoryTree>>,
}

/// One root module held in memory: the fuzz targets' input and `test-rules`' examples go
/// through the pipeline without a temporary folder. Its files are checked as if they lay in
/// `dir`, which need not exist; what they read or call from there (file functions, local
/// modules) is looked up on disk, confined to `dir`, like any root's.
#[derive(Clone, Debug, Default)]
pub struct MemoryTree {
    pub dir: PathBuf,
    /// Files by name: `.tf`, `.tf.json`, variable files, and a `.pe-lint.hcl` configuration.
    pub files: Vec<(String, Vec<u8>)>,
}

impl MemoryTree {
    /// The bytes of the file `name`, when the tree holds one.
    pub fn file(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
    }
}

impl Options {
    pub fn new(paths: Vec<PathBuf>) -> Options {
        let e = EvalOptions::new(PathBuf::new());
        Options {
            paths,
            cli_vars: Vec::new(),
            env_vars: Vec::new(),
            max_instances: e.max_instances,
            max_steps: e.max_steps,
            max_total_steps: e.max_total_steps,
            fixed_total_steps: false,
            max_module_depth: e.max_module_depth,
            max_eval_depth: e.max_eval_depth,
            max_string_len: e.max_string_len,
            max_collection_len: e.max_collection_len,
            max_file_bytes: parse::MAX_FILE_BYTES,
            max_total_bytes: parse::MAX_TOTAL_BYTES,
            jobs: 0,
            exclude: None,
            workspace: None,
            memory: None,
        }
    }
    pub fn with_env_vars(mut self) -> Options {
        let mut vars: Vec<(String, String)> = std::env::vars()
            .filter_map(|(k, v)| k.strip_prefix("TF_VAR_").map(|n| (n.to_string(), v)))
            .collect();
        vars.sort();
        self.env_vars = vars;
        // Terraform's own variable; an empty one selects nothing.
        self.workspace = std::env::var("TF_WORKSPACE").ok().filter(|w| !w.is_empty());
        self
    }
}

/// Apply `--limit` arguments, in order, to the options.
pub fn apply_limits(opts: &mut Options, limits: &[crate::limits::LimitArg]) {
    let us = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
    for l in limits {
        match l.name {
            "file-size" => opts.max_file_bytes = l.value,
            "total-size" => opts.max_total_bytes = l.value,
            "instances" => opts.max_instances = us(l.value),
            "eval-steps" => opts.max_steps = l.value,
            "total-steps" => {
                opts.max_total_steps = l.value;
                opts.fixed_total_steps = true;
            }
            "eval-depth" => opts.max_eval_depth = us(l.value),
            "module-depth" => opts.max_module_depth = us(l.value),
            "string-length" => opts.max_string_len = us(l.value),
            "collection-length" => opts.max_collection_len = us(l.value),
            _ => {}
        }
    }
}

/// Keep the verdicts in `scope`. The same module evaluated through several roots (callers,
/// or one root with several var files) repeats identical verdicts: those are kept once.
pub fn in_scope(
    scope: &Scope,
    verdicts: Vec<crate::rules::Verdict>,
    sources: &Sources,
) -> Vec<crate::rules::Verdict> {
    if !scope.dedupe && scope.context_roots.is_empty() {
        return verdicts;
    }
    let key = |v: &crate::rules::Verdict| {
        (
            v.rule_id.clone(),
            v.status,
            v.address.clone(),
            v.loc,
            v.message.clone(),
        )
    };
    let named: BTreeSet<_> = verdicts
        .iter()
        .filter(|v| !scope.context_roots.contains(&v.root))
        .map(key)
        .collect();
    let mut seen = BTreeSet::new();
    verdicts
        .into_iter()
        .filter(|v| {
            if scope.context_roots.contains(&v.root) {
                let in_focus = v.loc.file.is_some_and(|f| {
                    sources
                        .get(f)
                        .path
                        .parent()
                        .is_some_and(|d| scope.dirs.contains(&discover::absolute(d)))
                });
                in_focus && !named.contains(&key(v)) && seen.insert(key(v))
            } else {
                !scope.dedupe || seen.insert(key(v))
            }
        })
        .collect()
}

/// Discover, parse, load modules and evaluate, on threads with large stacks.
pub fn load(opts: &Options) -> Loaded {
    crate::guard::on_big_stacks(opts.jobs, || load_here(opts))
}

fn load_here(opts: &Options) -> Loaded {
    let timer = Timer::new();
    let prepared = prepare_timed(opts, &timer);
    let loaded = evaluate(prepared);
    timer.lap("evaluate");
    loaded
}

/// Everything before evaluation: the parsed, grouped modules and each root's input variables.
/// `evaluate` finishes it; the stage benchmarks time the two apart.
pub struct Prepared {
    sources: Sources,
    diagnostics: Vec<Diagnostic>,
    configs: Configs,
    roots: Vec<PathBuf>,
    scope: Scope,
    eval_opts: EvalOptions,
    root_inputs: Inputs,
    /// Each root's var files, for reports to name with its findings.
    root_var_files: BTreeMap<PathBuf, Vec<crate::source::FileId>>,
    variants: Variants,
}

/// Discover, parse, load modules and read root inputs (on the calling thread pool).
pub fn prepare(opts: &Options) -> Prepared {
    prepare_timed(opts, &Timer::new())
}

/// Evaluate every root of a prepared tree (on the calling thread pool).
pub fn evaluate(p: Prepared) -> Loaded {
    let input = EvalInput {
        configs: &p.configs,
        roots: p.roots.clone(),
        opts: p.eval_opts,
        root_inputs: p.root_inputs,
    };
    let mut model = terraform::evaluate(&input);
    // A root is named by its key (a variant's is its var file's path), shown as `display`.
    let by_display: BTreeMap<String, &PathBuf> = p
        .roots
        .iter()
        .map(|k| (crate::source::display_path(k), k))
        .collect();
    for r in &mut model.roots {
        let Some(key) = by_display.get(&r.display) else {
            continue;
        };
        r.var_files = p.root_var_files.get(*key).cloned().unwrap_or_default();
        r.variant_of = p.variants.get(*key).map(|(dir, _)| dir.clone());
    }
    let mut diagnostics = p.diagnostics;
    diagnostics.extend(model.diagnostics.iter().cloned());
    let bytes_scanned = p.sources.iter().map(|(_, f)| f.text.len() as u64).sum();
    Loaded {
        files_scanned: p.sources.len(),
        bytes_scanned,
        sources: p.sources,
        model,
        diagnostics,
        roots: p.roots,
        scope: p.scope,
    }
}

/// The tree as read: discovery, and every file parsed, configuration files by directory and
/// variable files by directory (both keyed by absolute path).
struct ReadTree {
    disc: Discovery,
    sources: Sources,
    diagnostics: Vec<Diagnostic>,
    limits: parse::ReadLimits,
    by_dir: BTreeMap<PathBuf, Vec<ParsedFile>>,
    tfvars: BTreeMap<PathBuf, Vec<ParsedFile>>,
}

fn read_tree(opts: &Options, timer: &Timer) -> ReadTree {
    if let Some(tree) = &opts.memory {
        return read_memory(tree, opts);
    }
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let mut disc = discover::discover(&paths);
    if let Some(ex) = &opts.exclude {
        ex.filter(&mut disc);
    }
    let mut sources = Sources::default();
    let mut diagnostics = disc.diagnostics.clone();
    for (path, d) in &disc.refused {
        let id = sources.add(crate::source::SourceFile::new(path.clone(), "".into()));
        diagnostics.push(d.clone().at(id, crate::source::Span::default()));
    }

    let files = disc.all_files();
    timer.lap("discover");
    let mut limits = parse::ReadLimits {
        max_file_bytes: opts.max_file_bytes,
        max_total_bytes: opts.max_total_bytes,
        used: 0,
    };
    let parsed = parse::parse_files_limited(&files, &mut sources, &mut limits);
    timer.lap("parse");
    diagnostics.extend(parsed.diagnostics);
    let mut by_dir: BTreeMap<PathBuf, Vec<ParsedFile>> = BTreeMap::new();
    let mut tfvars: BTreeMap<PathBuf, Vec<ParsedFile>> = BTreeMap::new();
    for f in parsed.files {
        let dir = f.path.parent().map(Path::to_path_buf).unwrap_or_default();
        if f.kind.is_config() {
            by_dir.entry(dir).or_default().push(f);
        } else {
            tfvars.entry(dir).or_default().push(f);
        }
    }
    // Module directories are keyed by absolute path.
    let by_dir: BTreeMap<PathBuf, Vec<ParsedFile>> = by_dir
        .into_iter()
        .map(|(d, f)| (discover::absolute(&d), f))
        .collect();
    let tfvars: BTreeMap<PathBuf, Vec<ParsedFile>> = tfvars
        .into_iter()
        .map(|(d, f)| (discover::absolute(&d), f))
        .collect();
    ReadTree {
        disc,
        sources,
        diagnostics,
        limits,
        by_dir,
        tfvars,
    }
}

/// A tree held in memory, read as `read_tree` reads one directory holding its files.
fn read_memory(tree: &MemoryTree, opts: &Options) -> ReadTree {
    let dir = discover::absolute(&tree.dir);
    let files: Vec<(PathBuf, Vec<u8>)> = tree
        .files
        .iter()
        .map(|(name, bytes)| (dir.join(name), bytes.clone()))
        .filter(|(path, _)| FileKind::of(path).is_some())
        .collect();
    let mut disc = Discovery {
        boundary: dir.clone(),
        ..Discovery::default()
    };
    disc.requested.insert(dir.clone());
    let mut sources = Sources::default();
    let parsed = parse::parse_memory(&files, &mut sources, opts.max_file_bytes);
    let (mut by_dir, mut tfvars) = (BTreeMap::new(), BTreeMap::new());
    let (mut modules, mut var_files) = (Vec::new(), Vec::new());
    for f in parsed.files {
        if f.kind.is_config() {
            modules.push(f.path.clone());
            by_dir.entry(dir.clone()).or_insert_with(Vec::new).push(f);
        } else {
            var_files.push(f.path.clone());
            tfvars.entry(dir.clone()).or_insert_with(Vec::new).push(f);
        }
    }
    if !modules.is_empty() {
        disc.modules.insert(dir.clone(), modules);
    }
    if !var_files.is_empty() {
        disc.tfvars.insert(dir.clone(), var_files);
    }
    let used = files.iter().map(|(_, b)| b.len() as u64).sum();
    ReadTree {
        disc,
        sources,
        diagnostics: parsed.diagnostics,
        limits: parse::ReadLimits {
            max_file_bytes: opts.max_file_bytes,
            max_total_bytes: opts.max_total_bytes,
            used,
        },
        by_dir,
        tfvars,
    }
}

fn prepare_timed(opts: &Options, timer: &Timer) -> Prepared {
    let ReadTree {
        disc,
        mut sources,
        mut diagnostics,
        mut limits,
        mut by_dir,
        tfvars,
    } = read_tree(opts, timer);
    let mut installed = load_called_modules(
        &disc,
        &mut by_dir,
        &mut sources,
        &mut diagnostics,
        &mut limits,
    );
    // Directories loaded as called modules have not been looked at yet.
    let unread: Vec<&PathBuf> = by_dir
        .keys()
        .filter(|d| !installed.contains_key(*d))
        .collect();
    let mut report = Reported {
        sources: &mut sources,
        diagnostics: &mut diagnostics,
    };
    installed.extend(read_installed(&unread, &disc.boundary, &mut report));
    installed.retain(|_, m| !m.is_empty());
    let parsed = parsed_units(&by_dir);
    if std::env::var_os("PE_LINT_TIMINGS").is_some() {
        eprintln!("pe-lint timing: {parsed} attributes and blocks parsed");
    }
    let mut configs = Configs::build(by_dir);
    configs.installed = installed;
    for c in configs.by_dir.values() {
        diagnostics.extend(c.diagnostics.iter().cloned());
    }

    timer.lap("load modules");
    let (roots, variants) = roots_and_variants(&disc, &mut configs);
    let scope = Scope {
        context_roots: disc
            .context_roots
            .iter()
            .map(|r| crate::source::display_path(r))
            .collect(),
        dirs: call_closure(&configs, &disc.focus),
        dedupe: !disc.context_roots.is_empty() || !variants.is_empty(),
    };
    let eval_opts = eval_options(opts, &disc, parsed);
    let (root_inputs, root_var_files, var_diags) = root_inputs(
        &configs,
        &eval_opts,
        &roots,
        (&tfvars, &variants),
        opts,
        &mut sources,
        &mut limits,
    );
    diagnostics.extend(var_diags);
    timer.lap("root inputs");
    Prepared {
        sources,
        diagnostics,
        configs,
        roots,
        scope,
        eval_opts,
        root_inputs,
        root_var_files,
        variants,
    }
}

/// The evaluator's limits: the options', with the total step budget scaled to the tree.
fn eval_options(opts: &Options, disc: &Discovery, parsed: u64) -> EvalOptions {
    EvalOptions {
        boundary: disc.boundary.clone(),
        max_instances: opts.max_instances,
        max_steps: opts.max_steps,
        max_total_steps: total_steps(opts, parsed),
        max_module_depth: opts.max_module_depth,
        max_eval_depth: opts.max_eval_depth,
        max_string_len: opts.max_string_len,
        max_collection_len: opts.max_collection_len,
        workspace: opts.workspace.clone(),
    }
}

/// The roots to evaluate: the tree's, plus one per var file named on the command line (a
/// variant of its root, keyed by the file's path, with the root's configuration), and the
/// variants as `key -> (root, var file)`.
fn roots_and_variants(
    disc: &Discovery,
    configs: &mut Configs,
) -> (Vec<PathBuf>, BTreeMap<PathBuf, (PathBuf, PathBuf)>) {
    let mut roots = root_dirs(disc, configs);
    let mut variants: BTreeMap<PathBuf, (PathBuf, PathBuf)> = BTreeMap::new();
    for (file, root) in &disc.var_file_args {
        if let Some(c) = configs.by_dir.get(root).cloned() {
            let key = discover::absolute(file);
            configs.by_dir.insert(key.clone(), c);
            variants.insert(key.clone(), (root.clone(), key.clone()));
            roots.push(key);
        }
    }
    roots.sort();
    roots.dedup();
    (roots, variants)
}

/// The run's evaluation budget grows with the attributes and blocks parsed, which comments,
/// whitespace and long strings do not add to: real trees spend about 25 steps on each (the
/// corpus: 3.5 million steps for 144,000), so 128 keeps a monorepo clear of the cut. Padding a
/// tree with trivial attributes still buys budget, so it is capped: `MAX_TOTAL_STEPS` is a few
/// seconds of evaluation in a release build (about 15 in a debug one), whatever the tree's
/// shape, and 14 times what the whole corpus needs.
const TOTAL_STEPS_PER_UNIT: u64 = 128;
pub const MAX_TOTAL_STEPS: u64 = 50_000_000;

fn total_steps(opts: &Options, units: u64) -> u64 {
    if opts.fixed_total_steps {
        opts.max_total_steps
    } else {
        units
            .saturating_mul(TOTAL_STEPS_PER_UNIT)
            .min(MAX_TOTAL_STEPS)
            .max(opts.max_total_steps)
    }
}

/// Attributes and blocks in the parsed configuration files, nested blocks included.
fn parsed_units(by_dir: &BTreeMap<PathBuf, Vec<ParsedFile>>) -> u64 {
    let mut units = 0u64;
    let mut stack: Vec<&crate::syntax::Body> = by_dir
        .values()
        .flatten()
        .filter_map(|f| f.body.as_ref())
        .collect();
    while let Some(body) = stack.pop() {
        units += (body.attrs.len() + body.blocks.len()) as u64;
        stack.extend(body.blocks.iter().map(|b| &b.body));
    }
    units
}

/// `dirs` and every local module directory they call, transitively.
fn call_closure(configs: &Configs, dirs: &BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for d in dirs {
        walk_calls(configs, d, false, &mut out);
    }
    out
}

/// Add `from` and every module directory it calls, transitively, to `reached`: local sources,
/// and with `installed` the registry and git modules `terraform init` installed. The one
/// module-call walk: the scope of file arguments and the roots both use it.
fn walk_calls(configs: &Configs, from: &Path, installed: bool, reached: &mut BTreeSet<PathBuf>) {
    let mut stack = vec![from.to_path_buf()];
    while let Some(d) = stack.pop() {
        if !reached.insert(d.clone()) {
            continue;
        }
        if let Some(c) = configs.by_dir.get(&d) {
            let local = c
                .calls
                .iter()
                .filter_map(|call| call.source.as_deref())
                .filter(|s| terraform::is_local_source(s));
            stack.extend(local.map(|src| discover::normalize(&d.join(src))));
        }
        if let Some(inst) = configs.installed.get(&d).filter(|_| installed) {
            stack.extend(inst.values().map(|m| m.dir.clone()));
        }
    }
}

/// Load directories that local module calls point at but discovery did not cover (a file
/// argument's module calling `../modules/x`, for instance), staying inside the boundary.
fn load_called_modules(
    disc: &Discovery,
    by_dir: &mut BTreeMap<PathBuf, Vec<ParsedFile>>,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
    limits: &mut parse::ReadLimits,
) -> Installed {
    let mut seen: BTreeSet<PathBuf> = by_dir.keys().cloned().collect();
    let mut frontier: Vec<PathBuf> = by_dir.keys().cloned().collect();
    // Installed remote modules are loaded too.
    let mut report = Reported {
        sources,
        diagnostics,
    };
    let installed = read_installed(
        &by_dir.keys().collect::<Vec<_>>(),
        &disc.boundary,
        &mut report,
    );
    for dirs in installed.values() {
        for d in dirs.values().map(|m| &m.dir) {
            if seen.insert(d.clone()) {
                frontier.push(d.clone());
                load_dir(d, disc, by_dir, sources, diagnostics, limits);
            }
        }
    }
    while let Some(dir) = frontier.pop() {
        let targets: Vec<PathBuf> = by_dir
            .get(&dir)
            .into_iter()
            .flatten()
            .filter_map(|f| f.body.as_ref())
            .flat_map(|b| b.blocks("module"))
            .filter_map(|b| b.body.attr("source"))
            .filter_map(|a| terraform::config::literal_string(&a.expr))
            .filter_map(|s| terraform::local_source(&s))
            .map(|s| discover::normalize(&dir.join(s)))
            .collect();
        for t in targets {
            if seen.insert(t.clone()) {
                load_dir(&t, disc, by_dir, sources, diagnostics, limits);
                frontier.push(t);
            }
        }
    }
    installed
}

/// `.terraform/modules/modules.json` of each directory (empty where there is none), by directory.
type Installed = BTreeMap<PathBuf, BTreeMap<String, terraform::Installed>>;

/// Where problems found while loading go: the diagnostics, located in files added to sources.
struct Reported<'a> {
    sources: &'a mut Sources,
    diagnostics: &'a mut Vec<Diagnostic>,
}

fn read_installed(dirs: &[&PathBuf], boundary: &Path, report: &mut Reported<'_>) -> Installed {
    use rayon::prelude::*;
    let canon_boundary = discover::canonical(boundary);
    let read: Vec<_> = dirs
        .par_iter()
        .map(|dir| {
            // A directory from another path argument is confined to its own tree.
            let tree = if dir.starts_with(boundary) {
                canon_boundary.clone()
            } else {
                discover::canonical(&discover::tree_of_paths(std::slice::from_ref(*dir)))
            };
            (
                (*dir).clone(),
                terraform::read_installed_modules_in(dir, &tree),
            )
        })
        .collect();
    let mut out = Installed::new();
    for (dir, (modules, diags)) in read {
        if !diags.is_empty() {
            let manifest = dir.join(".terraform/modules/modules.json");
            let id = report
                .sources
                .add(crate::source::SourceFile::new(manifest, "".into()));
            let at = |d: Diagnostic| d.at(id, crate::source::Span::default());
            report.diagnostics.extend(diags.into_iter().map(at));
        }
        out.insert(dir, modules);
    }
    out
}

fn load_dir(
    dir: &Path,
    disc: &Discovery,
    by_dir: &mut BTreeMap<PathBuf, Vec<ParsedFile>>,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
    limits: &mut parse::ReadLimits,
) {
    let canon_boundary = discover::canonical(&disc.boundary);
    let inside = std::fs::canonicalize(dir)
        .map(|c| c.starts_with(&canon_boundary))
        .unwrap_or(false);
    if !inside {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| FileKind::of(p).is_some_and(FileKind::is_config) && !p.is_dir())
        .collect();
    files.sort();
    // A symbolic link out of the tree (or to nothing) is refused, as in discovery.
    files.retain(|p| match discover::check_inside(p, &canon_boundary) {
        Ok(()) => true,
        Err(d) => {
            let id = sources.add(crate::source::SourceFile::new(p.clone(), "".into()));
            diagnostics.push(d.at(id, crate::source::Span::default()));
            false
        }
    });
    if files.is_empty() {
        return;
    }
    let parsed = parse::parse_files_limited(&files, sources, limits);
    diagnostics.extend(parsed.diagnostics);
    by_dir.insert(dir.to_path_buf(), parsed.files);
}

/// Requested directories, plus every module directory below them that nothing calls, plus
/// (so that a cycle of modules calling each other is not silently skipped) the first directory
/// of any group that is only reachable through such a cycle.
fn root_dirs(disc: &Discovery, configs: &Configs) -> Vec<PathBuf> {
    let mut roots = plain_root_dirs(disc, configs);
    let requested: Vec<PathBuf> = disc
        .requested
        .iter()
        .map(|p| discover::absolute(p))
        .collect();
    let mut reached: BTreeSet<PathBuf> = BTreeSet::new();
    let reach =
        |from: &Path, reached: &mut BTreeSet<PathBuf>| walk_calls(configs, from, true, reached);
    for r in &roots {
        reach(r, &mut reached);
    }
    let mut extra = Vec::new();
    for d in configs.by_dir.keys() {
        if !reached.contains(d)
            && requested.iter().any(|r| d.starts_with(r))
            && !disc.file_args.contains(d)
        {
            reach(d, &mut reached);
            extra.push(d.clone());
        }
    }
    roots.extend(extra);
    roots.sort();
    roots
}

fn plain_root_dirs(disc: &Discovery, configs: &Configs) -> Vec<PathBuf> {
    let called = configs.called_dirs();
    let requested: BTreeSet<PathBuf> = disc
        .requested
        .iter()
        .map(|p| discover::absolute(p))
        .collect();
    let with_tfvars: BTreeSet<PathBuf> =
        disc.tfvars.keys().map(|d| discover::absolute(d)).collect();
    let mut roots: Vec<PathBuf> = configs
        .by_dir
        .iter()
        .filter(|(d, c)| {
            // A directory with a backend, a provider configuration or variable files is meant
            // to be planned itself: a call to it (a decoy `module "x" { source = "../prod"
            // count = 0 }`) does not make it only a child.
            let root_like = c.declares_root() || with_tfvars.contains(*d);
            requested.contains(*d)
                // A named child module whose callers turned out not to call it after all.
                || (disc.focus.contains(*d) && !called.contains(*d))
                || ((!called.contains(*d) || root_like)
                    && requested.iter().any(|r| d.starts_with(r))
                    && !disc.file_args.contains(*d))
        })
        .map(|(d, _)| d.clone())
        .collect();
    roots.sort();
    roots
}

type Inputs = BTreeMap<PathBuf, BTreeMap<String, Value>>;
/// Variant root key -> (root directory, var file).
type Variants = BTreeMap<PathBuf, (PathBuf, PathBuf)>;

fn root_inputs(
    configs: &Configs,
    eval_opts: &EvalOptions,
    roots: &[PathBuf],
    (tfvars, variants): (&BTreeMap<PathBuf, Vec<ParsedFile>>, &Variants),
    opts: &Options,
    sources: &mut Sources,
    limits: &mut parse::ReadLimits,
) -> (Inputs, RootVarFiles, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let cli_files = read_cli_var_files(opts, &eval_opts.boundary, sources, limits, &mut diags);
    let root_dirs: Vec<PathBuf> = roots.iter().filter(|r| r.is_dir()).cloned().collect();
    // Each root's variables are independent: read in parallel, merged in root order.
    let per_root: Vec<(PathBuf, Result<RootVars, Diagnostic>, Vec<FileId>)> = {
        use rayon::prelude::*;
        roots
            .par_iter()
            .filter_map(|root| {
                let config = configs.by_dir.get(root)?;
                let mut srcs = var_sources(root, (tfvars, variants), opts, &cli_files);
                let own_dir = variants.get(root).map_or(root, |(dir, _)| dir);
                srcs.retain(|s| var_file_applies(s, own_dir, &root_dirs, &cli_files));
                let files: Vec<FileId> = srcs
                    .iter()
                    .filter_map(|s| match s {
                        Source::File(f) => Some(f.file),
                        Source::Raw(..) => None,
                    })
                    .collect();
                let evaluated = evaluate_root_vars(root, config, configs, eval_opts, opts, &srcs);
                Some((root.clone(), evaluated, files))
            })
            .collect()
    };
    let mut out = BTreeMap::new();
    let mut var_files = BTreeMap::new();
    for (root, evaluated, files) in per_root {
        var_files.insert(root.clone(), files);
        match evaluated {
            Ok((inputs, d)) => {
                diags.extend(d);
                out.insert(root, inputs);
            }
            Err(d) => diags.push(d),
        }
    }
    let declared: BTreeSet<&str> = roots
        .iter()
        .filter_map(|r| configs.by_dir.get(r))
        .flat_map(|c| c.variables.keys().map(String::as_str))
        .collect();
    diags.extend(vars::undeclared_cli_vars(&opts.cli_vars, &declared));
    (out, var_files, diags)
}

/// The `--var-file` files, each read once, relative to the working directory; `None` for one
/// that is missing or outside the tree (its diagnostic in `diags`).
fn read_cli_var_files(
    opts: &Options,
    boundary: &Path,
    sources: &mut Sources,
    limits: &mut parse::ReadLimits,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<PathBuf, Option<ParsedFile>> {
    let mut cli_files: BTreeMap<PathBuf, Option<ParsedFile>> = BTreeMap::new();
    for v in &opts.cli_vars {
        if let CliVar::File(p) = v {
            if cli_files.contains_key(p) {
                continue;
            }
            if !p.is_file() {
                diags.push(Diagnostic::error(
                    "missing-var-file",
                    format!("--var-file {}: no such file", p.display()),
                ));
                cli_files.insert(p.clone(), None);
                continue;
            }
            if let Err(d) = discover::check_var_file(p, boundary) {
                diags.push(d);
                cli_files.insert(p.clone(), None);
                continue;
            }
            let parsed = parse::parse_files_limited(std::slice::from_ref(p), sources, limits);
            diags.extend(parsed.diagnostics);
            cli_files.insert(p.clone(), parsed.files.into_iter().next());
        }
    }
    cli_files
}

/// One root's input variables from its sources; a panic while evaluating them is an internal
/// error on that root, not the end of the run.
fn evaluate_root_vars(
    root: &Path,
    config: &std::sync::Arc<terraform::ModuleConfig>,
    configs: &Configs,
    eval_opts: &EvalOptions,
    opts: &Options,
    srcs: &[Source<'_>],
) -> Result<RootVars, Diagnostic> {
    crate::guard::catch(|| {
        let state = crate::terraform::eval::EvalState::new(eval_opts);
        let ev = Evaluator::new(configs, eval_opts, config.clone(), state, BTreeMap::new());
        let mut d = Vec::new();
        let inputs = vars::root_inputs(&ev, &opts.env_vars, srcs, &mut d);
        d.extend(ev.state.diags.into_inner());
        (inputs, d)
    })
    .map_err(|msg| {
        crate::guard::internal_error(
            "reading the variables of",
            &crate::source::display_path(root),
            &msg,
        )
    })
}

type RootVarFiles = BTreeMap<PathBuf, Vec<FileId>>;

type RootVars = (BTreeMap<String, Value>, Vec<Diagnostic>);

/// A `--var-file` belongs to the root whose folder holds it (the deepest, when roots nest):
/// `infrastructure/environments/prod.tfvars` is for `infrastructure`, not for a standalone
/// module under `infrastructure/modules/`, which keeps its own defaults. One outside every
/// root's folder applies to all. Other sources always apply.
fn var_file_applies(
    src: &Source<'_>,
    own_dir: &Path,
    root_dirs: &[PathBuf],
    cli_files: &BTreeMap<PathBuf, Option<ParsedFile>>,
) -> bool {
    let Source::File(f) = src else {
        return true;
    };
    let Some(path) = cli_files
        .iter()
        .find_map(|(p, parsed)| parsed.as_ref().filter(|pf| pf.file == f.file).map(|_| p))
    else {
        return true;
    };
    let path = discover::absolute(path);
    let owner = root_dirs
        .iter()
        .filter(|d| path.starts_with(d))
        .max_by_key(|d| d.components().count());
    owner.is_none_or(|d| d == own_dir)
}

/// Where one root's variable values come from, in Terraform's order of precedence: its
/// automatic tfvars files, the var file it is a variant for, then -var/-var-file in order.
fn var_sources<'a>(
    root: &PathBuf,
    (tfvars, variants): (&'a BTreeMap<PathBuf, Vec<ParsedFile>>, &'a Variants),
    opts: &'a Options,
    cli_files: &'a BTreeMap<PathBuf, Option<ParsedFile>>,
) -> Vec<Source<'a>> {
    let (dir, var_file) = match variants.get(root) {
        Some((dir, file)) => (dir, Some(file)),
        None => (root, None),
    };
    let auto = tfvars
        .get(dir)
        .map(|fs| {
            let paths: Vec<PathBuf> = fs.iter().map(|f| f.path.clone()).collect();
            vars::auto_var_files(&paths)
                .into_iter()
                .filter_map(|p| fs.iter().find(|f| f.path == p))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let named = var_file.and_then(|p| {
        tfvars
            .get(p.parent()?)?
            .iter()
            .find(|f| discover::absolute(&f.path) == *p)
    });
    let mut srcs: Vec<Source<'a>> = Vec::new();
    for f in auto.into_iter().chain(named) {
        if let Some(body) = &f.body {
            srcs.push(Source::File(VarFile { file: f.file, body }));
        }
    }
    for v in &opts.cli_vars {
        match v {
            CliVar::File(p) => {
                if let Some(Some(f)) = cli_files.get(p) {
                    if let Some(body) = &f.body {
                        srcs.push(Source::File(VarFile { file: f.file, body }));
                    }
                }
            }
            CliVar::Var(n, raw) => srcs.push(Source::Raw(n.clone(), raw.clone(), "-var")),
        }
    }
    srcs
}

/// Stage timings on stderr when `PE_LINT_TIMINGS` is set (for profiling; never in reports).
pub struct Timer {
    on: bool,
    last: std::cell::Cell<std::time::Instant>,
}

impl Timer {
    pub fn new() -> Timer {
        Timer {
            on: std::env::var_os("PE_LINT_TIMINGS").is_some(),
            last: std::cell::Cell::new(std::time::Instant::now()),
        }
    }
    pub fn lap(&self, what: &str) {
        if self.on {
            let now = std::time::Instant::now();
            eprintln!(
                "pe-lint timing: {what:<14} {:>8.1} ms  rss {:>7} kB",
                (now - self.last.get()).as_secs_f64() * 1000.0,
                status_kb("VmRSS:").unwrap_or(0)
            );
            self.last.set(now);
        }
    }
}

impl Timer {
    /// Print the peak memory of the process so far (Linux), when timings are on.
    pub fn peak_memory(&self) {
        if self.on {
            if let Some(kb) = peak_memory_kb() {
                eprintln!("pe-lint timing: peak memory {kb} kB");
            }
        }
    }
}

/// Peak resident memory of this process in kB (`VmHWM` of /proc/self/status; Linux only).
pub fn peak_memory_kb() -> Option<u64> {
    status_kb("VmHWM:")
}

fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix(field))?;
    line.trim().trim_end_matches("kB").trim().parse().ok()
}

impl Default for Timer {
    fn default() -> Self {
        Timer::new()
    }
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    #[test]
    fn the_run_budget_grows_with_what_was_parsed_capped_unless_fixed() {
        let mut opts = Options::new(vec![]);
        assert_eq!(total_steps(&opts, 0), 20_000_000);
        assert_eq!(total_steps(&opts, 300_000), 38_400_000);
        assert_eq!(total_steps(&opts, 100_000_000), MAX_TOTAL_STEPS);
        assert_eq!(total_steps(&opts, u64::MAX), MAX_TOTAL_STEPS);
        apply_limits(
            &mut opts,
            &[crate::limits::LimitArg {
                name: "total-steps",
                value: 1_000,
            }],
        );
        assert_eq!(total_steps(&opts, 100_000_000), 1_000);
        // Exact above the cap too: the command line may raise it.
        opts.max_total_steps = 5_000_000_000;
        assert_eq!(total_steps(&opts, 1), 5_000_000_000);
    }

    #[test]
    fn limits_apply_to_the_options() {
        let mut o = Options::new(vec![]);
        apply_limits(
            &mut o,
            &[crate::limits::parse_limit("eval-steps=5").unwrap()],
        );
        assert_eq!(o.max_steps, 5);
    }

    #[test]
    fn comments_add_no_budget() {
        let mut sources = Sources::default();
        let parse = |text: &str, sources: &mut Sources| {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("main.tf");
            std::fs::write(&p, text).unwrap();
            let out = parse::parse_files(&[p], sources);
            BTreeMap::from([(PathBuf::from("d"), out.files)])
        };
        let plain = parse("locals {\n  a = 1\n}\n", &mut sources);
        let padded = parse(
            &format!(
                "{}locals {{\n  a = 1 # {}\n}}\n",
                "# x\n".repeat(10_000),
                "y".repeat(9_000)
            ),
            &mut sources,
        );
        assert_eq!(parsed_units(&plain), 2);
        assert_eq!(parsed_units(&padded), 2);
    }
}
