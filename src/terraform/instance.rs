//! Module instances and the lazily evaluated declarations inside them: variables, locals,
//! outputs, resources and module calls.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use super::config::{Mode, ModuleCallDecl, ModuleConfig, ResourceDecl};
use super::eval::{EvalState, Scope};
use super::model::{Instance, InstanceAddress, InstanceKey, ProviderRef};
use super::types;
use super::value::{Map, Origin, ResourceValue, Value};
use super::Configs;
use crate::diag::Diagnostic;
use crate::source::{FileId, Loc, Span};
use crate::syntax::{Body, ExprKind, ObjectKey};

/// `count.index`, `each.key`, `each.value` in effect for a resource or module instance.
#[derive(Clone, Debug, Default)]
pub struct EachCtx {
    pub count_index: Option<Value>,
    pub each_key: Option<Value>,
    pub each_value: Option<Value>,
}

enum Slot<T> {
    InProgress,
    Done(T),
}

#[derive(Clone)]
struct Evaluated {
    value: Value,
    refs: Rc<BTreeSet<Arc<str>>>,
}

/// A resource declaration expanded into its instances.
pub struct Expanded {
    pub instances: Vec<Arc<Instance>>,
    /// What a reference to the resource without an index evaluates to.
    value: Value,
}

struct CallExpansion {
    /// (key, module instance index); key `None` for a call without count/for_each.
    instances: Vec<(Option<InstanceKey>, usize)>,
    /// The module could not be loaded (remote, missing, cycle): its outputs are unknown.
    unavailable: bool,
}

pub struct ModInst {
    pub config: Arc<ModuleConfig>,
    /// `module.a["k"].module.b`, empty for the root.
    pub path: String,
    /// Call names from the root, for `.terraform/modules/modules.json` keys.
    pub key_path: Vec<String>,
    pub depth: usize,
    pub caller: Option<Caller>,
    locals: RefCell<HashMap<String, Slot<Evaluated>>>,
    vars: RefCell<HashMap<String, Slot<Evaluated>>>,
    outputs: RefCell<HashMap<String, Slot<Evaluated>>>,
    resources: RefCell<HashMap<usize, Slot<Rc<Expanded>>>>,
    calls: RefCell<HashMap<usize, Slot<Rc<CallExpansion>>>>,
    providers: RefCell<HashMap<String, ProviderRef>>,
}

pub struct Caller {
    pub parent: usize,
    pub call: usize,
    pub each: Rc<EachCtx>,
}

pub struct EvalOptions {
    pub boundary: PathBuf,
    /// Instances one `count`/`for_each` may expand to.
    pub max_instances: usize,
    /// Evaluation budget per root module (see [`super::eval::value_cost`]).
    pub max_steps: u64,
    /// Evaluation budget of the whole run, all roots together (see [`super::evaluate`]).
    pub max_total_steps: u64,
    pub max_module_depth: usize,
    /// Nesting of expression evaluation, references followed included.
    pub max_eval_depth: usize,
    /// Longest string a function or template may produce, in bytes.
    pub max_string_len: usize,
    /// Most elements a function may produce (`range`, `setproduct`, ...).
    pub max_collection_len: usize,
    /// `--workspace` / `TF_WORKSPACE`; `None` makes `terraform.workspace` unknown.
    pub workspace: Option<String>,
}

/// Budget units charged for each resource or module instance created (instances without
/// attributes must not be free: `count` on thousands of empty resources).
pub const INSTANCE_COST: u64 = 500;

impl EvalOptions {
    /// The defaults of the pipeline's `lint::Options`, for `boundary`.
    pub fn new(boundary: PathBuf) -> EvalOptions {
        EvalOptions {
            boundary,
            max_instances: 10_000,
            max_steps: 10_000_000,
            max_total_steps: 20_000_000,
            max_module_depth: 64,
            max_eval_depth: 1_000,
            max_string_len: super::functions::DEFAULT_MAX_STRING_LEN,
            max_collection_len: super::functions::DEFAULT_MAX_COLLECTION_LEN,
            workspace: None,
        }
    }
}

pub struct Evaluator<'a> {
    pub configs: &'a Configs,
    pub opts: &'a EvalOptions,
    pub state: EvalState,
    pub insts: RefCell<Vec<Rc<ModInst>>>,
    pub root_dir: PathBuf,
    /// Root variable values from tfvars, environment and command line (before defaults).
    pub root_inputs: BTreeMap<String, Value>,
}

/// Infix of a `locs` key for an element written inside an attribute's literal
/// `jsonencode({...})` argument (`policy#literal.Statement[1].Action[0]`), so that a rule can
/// point at the element that fails rather than the whole attribute. The `#` keeps these keys
/// apart from attribute and block paths.
pub const LITERAL: &str = "#literal";

/// Suffix of a `locs` key (with its file in `loc_files`) for where the module's caller sets a
/// top-level attribute's value (`retention_in_days = var.days` in the module, `days = 5` in
/// the call): the place to change it. `FROM_FOR_EACH` when that is the call's literal
/// `for_each` entry of this module instance (`for_each = { billing = 5 }`, `each.value`).
pub const FROM_CALLER: &str = "#from-caller";
pub const FROM_FOR_EACH: &str = "#from-for-each";

/// At most this many literal element locations are kept per attribute: a huge literal costs
/// no more memory than a few resources.
const LITERAL_LOCS_MAX: usize = 512;

const META_ARGS: &[&str] = &["count", "for_each", "provider", "depends_on"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

impl<'a> Evaluator<'a> {
    pub fn new(
        configs: &'a Configs,
        opts: &'a EvalOptions,
        root: Arc<ModuleConfig>,
        state: EvalState,
        root_inputs: BTreeMap<String, Value>,
    ) -> Self {
        let root_dir = root.dir.clone();
        state.functions.borrow_mut().cwd = Some(root_dir.clone());
        let ev = Evaluator {
            configs,
            opts,
            state,
            insts: RefCell::new(Vec::new()),
            root_dir,
            root_inputs,
        };
        ev.add_inst(root, String::new(), Vec::new(), 0, None);
        ev
    }

    fn add_inst(
        &self,
        config: Arc<ModuleConfig>,
        path: String,
        key_path: Vec<String>,
        depth: usize,
        caller: Option<Caller>,
    ) -> usize {
        let mut insts = self.insts.borrow_mut();
        insts.push(Rc::new(ModInst {
            config,
            path,
            key_path,
            depth,
            caller,
            locals: Default::default(),
            vars: Default::default(),
            outputs: Default::default(),
            resources: Default::default(),
            calls: Default::default(),
            providers: Default::default(),
        }));
        insts.len() - 1
    }

    pub fn inst(&self, i: usize) -> Rc<ModInst> {
        self.insts.borrow()[i].clone()
    }

    pub fn file_of_scope(&self, scope: &Scope) -> Option<FileId> {
        scope
            .file
            .or_else(|| self.inst(scope.inst).config.files.first().copied())
    }

    /// Evaluate a constant expression (tfvars, `-var`, type defaults): no references.
    pub fn eval_const(&self, e: &crate::syntax::Expr, file: Option<FileId>) -> Value {
        let mut s = self.scope(0).in_file(file);
        s.isolated = true;
        self.eval(e, &s)
    }

    fn scope(&self, inst: usize) -> Scope {
        Scope::new(inst, Rc::new(EachCtx::default()))
    }

    /// Evaluate a memoised named value, detecting cycles.
    fn memo(
        &self,
        table: &RefCell<HashMap<String, Slot<Evaluated>>>,
        name: &str,
        what: &str,
        loc: Loc,
        compute: impl FnOnce() -> Value,
    ) -> Value {
        match table.borrow().get(name) {
            Some(Slot::Done(e)) => {
                self.state.add_refs(&e.refs);
                return e.value.clone();
            }
            Some(Slot::InProgress) => {
                self.state.diags.borrow_mut().push(
                    Diagnostic::error("cycle", format!("{what} refers to itself through a cycle"))
                        .at_loc(loc)
                        .with_help("Terraform rejects cyclic references; break the cycle"),
                );
                return Value::unknown_from(Origin::new(format!("cycle at {what}")));
            }
            None => {}
        }
        table
            .borrow_mut()
            .insert(name.to_string(), Slot::InProgress);
        let (value, refs) = self.with_refs(compute);
        let refs = Rc::new(refs);
        self.state.add_refs(&refs);
        table.borrow_mut().insert(
            name.to_string(),
            Slot::Done(Evaluated {
                value: value.clone(),
                refs,
            }),
        );
        value
    }

    /// Resolve the root of a traversal. Returns the value and how many operators it used.
    pub fn resolve_reference(
        &self,
        name: &str,
        ops: &[crate::syntax::Traverse],
        scope: &Scope,
        span: Span,
    ) -> (Value, usize) {
        let attr = |i: usize| match ops.get(i) {
            Some(crate::syntax::Traverse::Attr(a)) => Some(a.as_str()),
            _ => None,
        };
        match name {
            "var" | "local" => self.named_value(name, attr(0), scope, span),
            "count" | "each" => self.iteration_value(name, attr(0), ops.len(), scope, span),
            "path" => self.path_value(attr(0), ops.len(), scope, span),
            "terraform" => match attr(0) {
                Some("workspace") => (self.workspace(self.loc(scope, span)), 1),
                _ => (
                    Value::unknown_from(Origin::new("terraform")),
                    ops.len().min(1),
                ),
            },
            "self" => (Value::unknown_from(Origin::new("self")), 0),
            "module" => match attr(0) {
                Some(call) => self.module_ref(scope, call, &ops[1..], span),
                None => (
                    self.error(
                        self.loc(scope, span),
                        "`module` must be followed by a module name",
                    ),
                    0,
                ),
            },
            // `resource.TYPE.NAME` is an explicit form of `TYPE.NAME`.
            "resource" | "data" => {
                let mode = if name == "data" {
                    Mode::Data
                } else {
                    Mode::Managed
                };
                match (attr(0), attr(1)) {
                    (Some(t), Some(n)) => (self.resource_ref(scope, mode, t, n, span), 2),
                    _ => (
                        self.error(
                            self.loc(scope, span),
                            format!("`{name}` must be followed by a type and a name"),
                        ),
                        0,
                    ),
                }
            }
            _ => match attr(0) {
                Some(n)
                    if name.contains('_')
                        || self
                            .find_resource(scope.inst, Mode::Managed, name, n)
                            .is_some() =>
                {
                    (self.resource_ref(scope, Mode::Managed, name, n, span), 1)
                }
                _ => (
                    self.error(self.loc(scope, span), format!("unknown reference `{name}`")),
                    0,
                ),
            },
        }
    }

    /// `var.NAME` and `local.NAME`.
    fn named_value(
        &self,
        kind: &str,
        attr: Option<&str>,
        scope: &Scope,
        span: Span,
    ) -> (Value, usize) {
        match (kind, attr) {
            ("var", Some(v)) => (self.variable(scope.inst, v, span), 1),
            ("local", Some(l)) => (self.local(scope.inst, l, scope, span), 1),
            ("var", None) => (
                self.error(
                    self.loc(scope, span),
                    "`var` must be followed by a variable name",
                ),
                0,
            ),
            _ => (
                self.error(self.loc(scope, span), "`local` must be followed by a name"),
                0,
            ),
        }
    }

    /// `count.index`, `each.key` and `each.value` where `count` / `for_each` is set.
    fn iteration_value(
        &self,
        kind: &str,
        attr: Option<&str>,
        ops: usize,
        scope: &Scope,
        span: Span,
    ) -> (Value, usize) {
        let each = &scope.each;
        let found = match (kind, attr) {
            ("count", Some("index")) => each.count_index.clone(),
            ("each", Some("key")) => each.each_key.clone(),
            ("each", Some("value")) => each.each_value.clone(),
            _ => None,
        };
        if let Some(v) = found {
            return (v, 1);
        }
        let message = if kind == "count" {
            "`count.index` is only valid where `count` is set"
        } else {
            "`each` is only valid where `for_each` is set"
        };
        (self.error(self.loc(scope, span), message), ops.min(1))
    }

    /// `path.module`, `path.root` and `path.cwd`.
    fn path_value(
        &self,
        attr: Option<&str>,
        ops: usize,
        scope: &Scope,
        span: Span,
    ) -> (Value, usize) {
        let inst = self.inst(scope.inst);
        // Relative to the root module's directory, Terraform's working directory (file
        // functions resolve relative paths against it too).
        let v = match attr {
            Some("module") => Value::string(relative_path(&self.root_dir, &inst.config.dir)),
            Some("root") => Value::string("."),
            // Terraform's working directory as an absolute path (a root is planned from its
            // own folder): `basename(path.cwd)` names it, as in the plan.
            Some("cwd") => Value::string(
                crate::files::absolute(&self.root_dir)
                    .to_string_lossy()
                    .as_ref(),
            ),
            _ => {
                return (
                    self.error(self.loc(scope, span), "unknown `path` attribute"),
                    ops.min(1),
                )
            }
        };
        (v, 1)
    }

    // ---- variables ------------------------------------------------------------------------

    fn variable(&self, inst_i: usize, name: &str, span: Span) -> Value {
        let inst = self.inst(inst_i);
        let Some(decl) = inst.config.variables.get(name) else {
            let loc = Loc {
                file: inst.config.files.first().copied(),
                span,
            };
            return self.error(
                loc,
                format!(
                    "variable {name:?} is not declared in {}",
                    crate::source::display_path(&inst.config.dir)
                ),
            );
        };
        let loc = decl.loc;
        self.memo(&inst.vars, name, &format!("var.{name}"), loc, || {
            let raw = self.variable_input(&inst, inst_i, name);
            let raw = match raw {
                Some(v) => v,
                None => match &decl.default {
                    Some(d) => self.eval(d, &self.scope(inst_i).in_file(decl.loc.file)),
                    None => Value::unknown_from(Origin::new(format!(
                        "{}var.{name}",
                        prefix(&inst.path)
                    ))),
                },
            };
            match &decl.type_expr {
                Some(t) => {
                    let ty = types::parse_type(t, &|e| {
                        self.eval(e, &self.scope(inst_i).in_file(decl.loc.file))
                    });
                    match types::convert(&raw, &ty) {
                        Ok(v) if matches!(ty, types::Type::Set(_)) => {
                            self.state.sets.borrow_mut().mark(v)
                        }
                        Ok(v) => v,
                        Err(msg) => {
                            self.error(loc, format!("invalid value for variable {name:?}: {msg}"))
                        }
                    }
                }
                None => raw,
            }
        })
    }

    /// The value given to a variable: by the module call, or for the root by tfvars/CLI.
    fn variable_input(&self, inst: &ModInst, _inst_i: usize, name: &str) -> Option<Value> {
        match &inst.caller {
            None => {
                let v = self.root_inputs.get(name)?.clone();
                // A null from tfvars or -var means "use the default" as well, as in Terraform.
                let nullable = inst.config.variables.get(name).is_none_or(|d| d.nullable);
                if v.is_null() && !nullable {
                    None
                } else {
                    Some(v)
                }
            }
            Some(c) => {
                let parent = self.inst(c.parent);
                let call = &parent.config.calls[c.call];
                let attr = call.body.attr(name)?;
                let scope = Scope::new(c.parent, c.each.clone()).in_file(Some(call.file));
                let v = self.eval(&attr.expr, &scope);
                // A null argument sets a nullable variable (the default) to null; for one
                // declared `nullable = false` it means "use the default", as in Terraform.
                let nullable = inst.config.variables.get(name).is_none_or(|d| d.nullable);
                if v.is_null() && !nullable {
                    None
                } else {
                    Some(v)
                }
            }
        }
    }

    /// Where the callers set variable `name` of module instance `inst_i`, followed up through
    /// callers that pass their own variable on: the for_each entry that made the instance
    /// when the argument is `each.value`, else the argument. `None` in the root, or when
    /// the call does not set it (the default applies).
    fn caller_origin(&self, inst_i: usize, name: &str) -> Option<(Loc, &'static str)> {
        let inst = self.inst(inst_i);
        let c = inst.caller.as_ref()?;
        let parent = self.inst(c.parent);
        let call = &parent.config.calls[c.call];
        let attr = call.body.attr(name)?;
        if let Some(up) = var_name(&attr.expr).and_then(|n| self.caller_origin(c.parent, n)) {
            return Some(up);
        }
        let at = |span| Loc {
            file: Some(call.file),
            span,
        };
        if is_each_value(&attr.expr) {
            let key = c
                .each
                .each_key
                .as_ref()
                .and_then(|k| k.as_str().map(str::to_string));
            let entry = call
                .body
                .attr("for_each")
                .and_then(|f| match (&f.expr.kind, key) {
                    (ExprKind::Object(members), Some(key)) => members.iter().find_map(|(k, v)| {
                        let name = match k {
                            ObjectKey::Ident(n) => n.as_str(),
                            ObjectKey::Expr(e) => match &e.kind {
                                ExprKind::Str(n) => n.as_str(),
                                _ => return None,
                            },
                        };
                        (name == key).then_some(v.span)
                    }),
                    _ => None,
                });
            if let Some(span) = entry {
                return Some((at(span), FROM_FOR_EACH));
            }
        }
        Some((at(attr.span), FROM_CALLER))
    }

    fn local(&self, inst_i: usize, name: &str, scope: &Scope, span: Span) -> Value {
        let inst = self.inst(inst_i);
        let Some(decl) = inst.config.locals.get(name) else {
            return self.error(
                self.loc(scope, span),
                format!("local.{name} is not defined"),
            );
        };
        self.memo(
            &inst.locals,
            name,
            &format!("local.{name}"),
            decl.loc,
            || self.eval(&decl.expr, &self.scope(inst_i).in_file(decl.loc.file)),
        )
    }

    pub fn output(&self, inst_i: usize, name: &str, span: Span) -> Value {
        let inst = self.inst(inst_i);
        let Some(decl) = inst.config.outputs.get(name) else {
            let loc = Loc {
                file: inst.config.files.first().copied(),
                span,
            };
            return self.error(
                loc,
                format!(
                    "module {} has no output {name:?}",
                    crate::source::display_path(&inst.config.dir)
                ),
            );
        };
        self.memo(
            &inst.outputs,
            name,
            &format!("output {name}"),
            decl.loc,
            || match &decl.expr {
                Some(e) => self.eval(e, &self.scope(inst_i).in_file(decl.loc.file)),
                None => Value::Null,
            },
        )
    }

    fn all_outputs(&self, inst_i: usize, span: Span) -> Value {
        let inst = self.inst(inst_i);
        let mut m = Map::new();
        for name in inst.config.outputs.keys() {
            m.insert(name.clone(), self.output(inst_i, name, span));
        }
        Value::object(m)
    }

    // ---- module calls ----------------------------------------------------------------------

    fn module_ref(
        &self,
        scope: &Scope,
        call_name: &str,
        rest: &[crate::syntax::Traverse],
        span: Span,
    ) -> (Value, usize) {
        use crate::syntax::Traverse::{Attr, Index};
        let inst = self.inst(scope.inst);
        let Some(ci) = inst.config.calls.iter().position(|c| c.name == call_name) else {
            return (
                self.error(
                    self.loc(scope, span),
                    format!("no module call named {call_name:?}"),
                ),
                1,
            );
        };
        let exp = match self.call_instances(scope.inst, ci) {
            Some(e) if !e.unavailable => e,
            _ => {
                let what = match rest.first() {
                    Some(Attr(o)) => format!("module.{call_name}.{o}"),
                    _ => format!("module.{call_name}"),
                };
                return (Value::unknown_from(Origin::new(what)), 1);
            }
        };
        let single = exp.instances.len() == 1 && exp.instances[0].0.is_none();
        if single {
            let child = exp.instances[0].1;
            if let Some(Attr(out)) = rest.first() {
                return (self.output(child, out, span), 2);
            }
            return (self.all_outputs(child, span), 1);
        }
        if exp
            .instances
            .iter()
            .any(|(k, _)| k == &Some(InstanceKey::Unknown))
        {
            let child = exp.instances[0].1;
            if let Some(Index(_)) = rest.first() {
                if let Some(Attr(out)) = rest.get(1) {
                    return (self.output(child, out, span), 3);
                }
            }
            return (
                Value::unknown_from(Origin::new(format!("module.{call_name}"))),
                1,
            );
        }
        if let (Some(Index(ix)), Some(Attr(out))) = (rest.first(), rest.get(1)) {
            let key = self.eval(ix, scope);
            let found = exp.instances.iter().find(|(k, _)| match (k, &key) {
                (Some(InstanceKey::Index(i)), k) => k.as_f64() == Some(*i as f64),
                (Some(InstanceKey::Key(s)), k) => k.as_str() == Some(s),
                _ => false,
            });
            if let Some((_, child)) = found {
                return (self.output(*child, out, span), 3);
            }
        }
        let counted = inst.config.calls[ci].body.attr("count").is_some();
        (self.call_outputs(&exp, counted, span), 1)
    }

    /// The outputs of every instance of an expanded module call: a list of them under `count`
    /// (`counted`), an object of them by key under `for_each`.
    fn call_outputs(&self, exp: &CallExpansion, counted: bool, span: Span) -> Value {
        let is_count = matches!(
            exp.instances.first(),
            Some((Some(InstanceKey::Index(_)), _))
        );
        if is_count || exp.instances.is_empty() && counted {
            let items = exp
                .instances
                .iter()
                .map(|(_, c)| self.all_outputs(*c, span))
                .collect();
            Value::list(items)
        } else {
            let mut m = Map::new();
            for (k, c) in &exp.instances {
                if let Some(InstanceKey::Key(k)) = k {
                    m.insert(k.clone(), self.all_outputs(*c, span));
                }
            }
            Value::object(m)
        }
    }

    /// Instances of a module call (created on first use).
    fn call_instances(&self, inst_i: usize, ci: usize) -> Option<Rc<CallExpansion>> {
        let inst = self.inst(inst_i);
        match inst.calls.borrow().get(&ci) {
            Some(Slot::Done(e)) => return Some(e.clone()),
            Some(Slot::InProgress) => return None,
            None => {}
        }
        inst.calls.borrow_mut().insert(ci, Slot::InProgress);
        let call = &inst.config.calls[ci];
        let exp = Rc::new(self.expand_call(inst_i, &inst, ci, call));
        inst.calls.borrow_mut().insert(ci, Slot::Done(exp.clone()));
        Some(exp)
    }

    fn expand_call(
        &self,
        inst_i: usize,
        inst: &ModInst,
        ci: usize,
        call: &ModuleCallDecl,
    ) -> CallExpansion {
        let loc = Loc {
            file: Some(call.file),
            span: call.header,
        };
        let mut out = CallExpansion {
            instances: Vec::new(),
            unavailable: true,
        };
        if inst.depth + 1 > self.opts.max_module_depth {
            self.state.diags.borrow_mut().push(
                Diagnostic::error(
                    "module-depth",
                    format!(
                        "module nesting deeper than {} levels at module.{}",
                        self.opts.max_module_depth, call.name
                    ),
                )
                .at_loc(loc),
            );
            return out;
        }
        let Some(config) = self.resolve_source(inst, call, loc) else {
            return out;
        };
        if self.is_module_cycle(inst_i, call, &config, loc) {
            return out;
        }
        out.unavailable = false;
        let scope = self.scope(inst_i).in_file(Some(call.file));
        let keys = self.expansion_keys(&call.body, &scope, loc, &format!("module.{}", call.name));
        let mut key_path = inst.key_path.clone();
        key_path.push(call.name.clone());
        for (key, each) in keys {
            if !self.charge(INSTANCE_COST, || Some(loc)) {
                break;
            }
            let path = format!(
                "{}module.{}{}",
                prefix(&inst.path),
                call.name,
                key.as_ref().map(InstanceKey::suffix).unwrap_or_default()
            );
            let child = self.add_inst(
                config.clone(),
                path,
                key_path.clone(),
                inst.depth + 1,
                Some(Caller {
                    parent: inst_i,
                    call: ci,
                    each: Rc::new(each),
                }),
            );
            out.instances.push((key, child));
        }
        out
    }

    /// Whether the call's module is already being evaluated by the calling instance or one of
    /// its callers (a module calling itself, directly or through others, would never end);
    /// reported when it is.
    fn is_module_cycle(
        &self,
        inst_i: usize,
        call: &ModuleCallDecl,
        config: &ModuleConfig,
        loc: Loc,
    ) -> bool {
        let mut anc = Some(inst_i);
        while let Some(a) = anc {
            let ai = self.inst(a);
            if ai.config.dir == config.dir {
                self.state.diags.borrow_mut().push(
                    Diagnostic::error(
                        "module-cycle",
                        format!(
                            "module.{} calls {} which is already being evaluated (a module cycle)",
                            call.name,
                            crate::source::display_path(&config.dir)
                        ),
                    )
                    .at_loc(loc),
                );
                return true;
            }
            anc = ai.caller.as_ref().map(|c| c.parent);
        }
        false
    }

    fn resolve_source(
        &self,
        inst: &ModInst,
        call: &ModuleCallDecl,
        loc: Loc,
    ) -> Option<Arc<ModuleConfig>> {
        let Some(source) = &call.source else {
            self.state.diags.borrow_mut().push(
                Diagnostic::error(
                    "module-source",
                    format!("module.{} has no literal `source`", call.name),
                )
                .at_loc(loc),
            );
            return None;
        };
        if source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
        {
            let dir = crate::discover::normalize(&inst.config.dir.join(source));
            return match self.configs.by_dir.get(&dir) {
                Some(c) => Some(c.clone()),
                None => {
                    let why = if !dir.starts_with(&self.opts.boundary) {
                        "it is outside the scanned tree"
                    } else {
                        "it has no Terraform files"
                    };
                    self.state.diags.borrow_mut().push(
                        Diagnostic::error(
                            "module-source",
                            format!("module.{}: cannot load {source:?}: {why}", call.name),
                        )
                        .at_loc(loc),
                    );
                    None
                }
            };
        }
        let mut key = inst.key_path.clone();
        key.push(call.name.clone());
        if let Some(m) = self
            .configs
            .installed_module(&self.root_dir, &key.join("."))
        {
            if let Some(why) = installed_elsewhere(call, source, m) {
                self.decoy_manifest(call, &why, loc);
                return None;
            }
            if let Some(c) = self.configs.by_dir.get(&m.dir) {
                return Some(c.clone());
            }
        }
        self.state.diags.borrow_mut().push(
            Diagnostic::info(
                "remote-module",
                format!("module.{} uses the remote source {source:?}, which is not installed under .terraform/modules; its resources are not checked", call.name),
            )
            .at_loc(loc)
            .with_help("run `terraform init` first, or use `--plan` with a plan JSON to check remote modules"),
        );
        None
    }

    /// A manifest entry for the call that was installed from another source or version: what
    /// it names is not what `terraform init` would install (a committed manifest can map a git
    /// or registry module to any folder), so the module is not loaded and its resources are not
    /// checked.
    fn decoy_manifest(&self, call: &ModuleCallDecl, why: &str, loc: Loc) {
        let manifest = self.root_dir.join(".terraform/modules/modules.json");
        self.state.diags.borrow_mut().push(
            Diagnostic::warning(
                "remote-module",
                format!(
                    "module.{}: {} {why}; the manifest does not describe this module, so its resources are not checked",
                    call.name,
                    crate::files::shown(&manifest),
                ),
            )
            .at_loc(loc)
            .with_help("run `terraform init` to install the module from its source, or remove `.terraform/` from the change"),
        );
    }

    /// Instance keys for `count`/`for_each` on a resource or module call.
    fn expansion_keys(
        &self,
        body: &Body,
        scope: &Scope,
        loc: Loc,
        what: &str,
    ) -> Vec<(Option<InstanceKey>, EachCtx)> {
        // The argument's value, and where it is for a diagnostic about it.
        let argument = |name: &str| {
            body.attr(name).map(|a| {
                let at = Loc {
                    file: loc.file,
                    span: a.span,
                };
                (self.eval(&a.expr, scope), at)
            })
        };
        if let Some((v, at)) = argument("count") {
            return self.count_keys(v, at, what);
        }
        if let Some((v, at)) = argument("for_each") {
            return self.for_each_keys(v, at, what);
        }
        vec![(None, EachCtx::default())]
    }

    /// `count = n`: the keys 0 to n-1; past the limit, unknown or not a number: one
    /// unresolved instance.
    fn count_keys(&self, v: Value, at: Loc, what: &str) -> Vec<(Option<InstanceKey>, EachCtx)> {
        let max = self.opts.max_instances;
        match v.as_f64() {
            Some(n) if n >= 0.0 && n <= max as f64 => (0..n as i64)
                .map(|i| {
                    (
                        Some(InstanceKey::Index(i)),
                        EachCtx {
                            count_index: Some(Value::Number(i as f64)),
                            ..Default::default()
                        },
                    )
                })
                .collect(),
            Some(n) if n > max as f64 => {
                self.state.diags.borrow_mut().push(
                    Diagnostic::error("too-many-instances", format!("{what} has count = {}, over the limit of {max} instances; checked as one unresolved instance", super::value::format_number(n)))
                        .at_loc(at),
                );
                vec![unknown_instance(
                    &Value::unknown_from(Origin::new(format!("{what}.count"))),
                    true,
                )]
            }
            _ if v.is_unknown() => vec![unknown_instance(&v, true)],
            _ => {
                self.error(
                    at,
                    format!("count must be a non-negative number, got {}", v.display()),
                );
                vec![unknown_instance(&Value::unknown(), true)]
            }
        }
    }

    /// `for_each` over a map or a set of strings: its keys, sorted; past the limit or unknown:
    /// one unresolved instance.
    fn for_each_keys(&self, v: Value, at: Loc, what: &str) -> Vec<(Option<InstanceKey>, EachCtx)> {
        let max = self.opts.max_instances;
        let pairs: Option<Vec<(String, Value)>> = match &v {
            Value::Object(m) => Some(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
            Value::List(items) => items
                .iter()
                .map(|i| i.as_str().map(|s| (s.to_string(), i.clone())))
                .collect(),
            _ => None,
        };
        match pairs {
            Some(p) if p.len() > max => {
                self.state.diags.borrow_mut().push(
                    Diagnostic::error(
                        "too-many-instances",
                        format!(
                            "{what} has {} for_each elements, over the limit of {max}",
                            p.len()
                        ),
                    )
                    .at_loc(at),
                );
                vec![unknown_instance(&Value::unknown(), false)]
            }
            Some(mut p) => {
                p.sort_by(|a, b| a.0.cmp(&b.0));
                p.dedup_by(|a, b| a.0 == b.0);
                p.into_iter()
                    .map(|(k, val)| {
                        let key = Value::string(k.as_str());
                        (
                            Some(InstanceKey::Key(k)),
                            EachCtx {
                                each_key: Some(key),
                                each_value: Some(val),
                                ..Default::default()
                            },
                        )
                    })
                    .collect()
            }
            None if v.is_null() => {
                self.error(at, "for_each must not be null");
                vec![]
            }
            None => vec![unknown_instance(&v, false)],
        }
    }

    // ---- resources -------------------------------------------------------------------------

    fn find_resource(&self, inst_i: usize, mode: Mode, rtype: &str, name: &str) -> Option<usize> {
        self.inst(inst_i)
            .config
            .resource_index
            .get(&(mode, rtype.to_string(), name.to_string()))
            .copied()
    }

    fn resource_ref(
        &self,
        scope: &Scope,
        mode: Mode,
        rtype: &str,
        name: &str,
        span: Span,
    ) -> Value {
        let Some(ri) = self.find_resource(scope.inst, mode, rtype, name) else {
            let d = if mode == Mode::Data { "data." } else { "" };
            self.error(
                self.loc(scope, span),
                format!("reference to undeclared resource {d}{rtype}.{name}"),
            );
            // Keep the address: rules can still tell that it is not one of theirs.
            let inst = self.inst(scope.inst);
            let addr = format!("{}{d}{rtype}.{name}", prefix(&inst.path));
            return Value::unknown_from(Origin::resource(&addr, ""));
        };
        match self.expand_resource(scope.inst, ri) {
            Some(exp) => {
                for i in &exp.instances {
                    self.state.add_ref(Arc::from(i.address.as_str()));
                }
                exp.value.clone()
            }
            None => {
                let inst = self.inst(scope.inst);
                let d = if mode == Mode::Data { "data." } else { "" };
                let addr = format!("{}{d}{rtype}.{name}", prefix(&inst.path));
                self.state.add_ref(Arc::from(addr.as_str()));
                Value::unknown_from(Origin::resource(&addr, ""))
            }
        }
    }

    /// Expand and evaluate a resource's instances (memoised). `None` while it is being
    /// evaluated (a reference cycle).
    pub fn expand_resource(&self, inst_i: usize, ri: usize) -> Option<Rc<Expanded>> {
        let inst = self.inst(inst_i);
        match inst.resources.borrow().get(&ri) {
            Some(Slot::Done(e)) => return Some(e.clone()),
            Some(Slot::InProgress) => return None,
            None => {}
        }
        inst.resources.borrow_mut().insert(ri, Slot::InProgress);
        // References found while expanding belong to this resource, not to whoever asked.
        self.state.push_refs();
        let exp = Rc::new(self.build_resource(inst_i, &inst, &inst.config.resources[ri]));
        self.state.pop_refs();
        inst.resources
            .borrow_mut()
            .insert(ri, Slot::Done(exp.clone()));
        Some(exp)
    }

    fn build_resource(&self, inst_i: usize, inst: &ModInst, r: &ResourceDecl) -> Expanded {
        let loc = Loc {
            file: Some(r.file),
            span: r.header,
        };
        let d = if r.mode == Mode::Data { "data." } else { "" };
        let base = format!("{}{d}{}.{}", prefix(&inst.path), r.rtype, r.name);
        let keys = self.expansion_keys(
            &r.body,
            &self.scope(inst_i).in_file(Some(r.file)),
            loc,
            &base,
        );
        let provider = self.resource_provider(inst_i, r);
        let mut instances = Vec::with_capacity(keys.len());
        for (key, each) in keys {
            if !self.charge(INSTANCE_COST, || Some(loc)) {
                break;
            }
            let unresolved = key == Some(InstanceKey::Unknown);
            let address = format!(
                "{base}{}",
                key.as_ref().map(InstanceKey::suffix).unwrap_or_default()
            );
            let scope = Scope::new(inst_i, Rc::new(each)).in_file(Some(r.file));
            let mut locs = BTreeMap::new();
            let mut refs = BTreeMap::new();
            let mut values = self.eval_body(&r.body, &scope, "", &mut locs, Some(&mut refs), true);
            let mut loc_files = r.from_files.clone();
            for a in &r.body.attrs {
                let Some((at, suffix)) =
                    var_name(&a.expr).and_then(|n| self.caller_origin(inst_i, n))
                else {
                    continue;
                };
                let key = format!("{}{suffix}", a.name);
                locs.insert(key.clone(), at.span);
                if let Some(file) = at.file {
                    loc_files.insert(key, file);
                }
            }
            if r.mode == Mode::Data {
                let region = || self.provider_region(inst_i, r);
                values = super::aws_data::computed(&r.rtype, values, region);
            }
            instances.push(Arc::new(Instance {
                id: InstanceAddress {
                    address,
                    mode: r.mode,
                    rtype: r.rtype.clone(),
                    name: r.name.clone(),
                    index: key,
                    module: inst.path.clone(),
                },
                provider: provider.clone(),
                values,
                locs,
                refs,
                file: r.file,
                span: r.span,
                header: r.header,
                unresolved_expansion: unresolved,
                loc_files,
                configured: None,
            }));
        }
        let value = resource_value(r, &base, &instances);
        Expanded { instances, value }
    }

    /// Evaluate a block body into an object: attributes, and nested blocks as lists of objects.
    pub fn eval_body(
        &self,
        body: &Body,
        scope: &Scope,
        path: &str,
        locs: &mut BTreeMap<String, Span>,
        mut refs: Option<&mut BTreeMap<String, Vec<Arc<str>>>>,
        top: bool,
    ) -> Value {
        let mut m = Map::new();
        for a in &body.attrs {
            if top && META_ARGS.contains(&a.name.as_str()) {
                continue;
            }
            let (v, r) = self.with_refs(|| self.eval(&a.expr, scope));
            let apath = join_path(path, &a.name);
            if let ExprKind::Call(c) = &a.expr.kind {
                if let (true, [arg]) = (c.name == "jsonencode", c.args.as_slice()) {
                    let mut budget = LITERAL_LOCS_MAX;
                    literal_locs(arg, &format!("{apath}{LITERAL}"), locs, &mut budget);
                }
            }
            locs.insert(apath, a.span);
            note_refs(&mut refs, &a.name, r);
            m.insert(a.name.clone(), v);
        }
        let mut blocks: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        // Block types with a `dynamic` block whose `for_each` is unknown: how many blocks of
        // that type exist is unknown, so the whole collection is (as in Terraform's plan).
        let mut unknown_blocks: BTreeMap<String, Value> = BTreeMap::new();
        for b in &body.blocks {
            if top && META_BLOCKS.contains(&b.kind.as_str()) {
                continue;
            }
            if b.kind == "dynamic" {
                let Some(label) = b.labels.first() else {
                    continue;
                };
                let list = blocks.entry(label.clone()).or_default();
                let start = list.len();
                let (produced, r) =
                    self.with_refs(|| self.expand_dynamic(b, label, scope, path, start, locs));
                note_refs(&mut refs, label, r);
                match produced {
                    Ok(produced) => blocks.entry(label.clone()).or_default().extend(produced),
                    Err(unknown) => {
                        unknown_blocks.insert(label.clone(), unknown);
                    }
                }
                continue;
            }
            let list = blocks.entry(b.kind.clone()).or_default();
            let bpath = format!("{}[{}]", join_path(path, &b.kind), list.len());
            locs.insert(bpath.clone(), b.header);
            let (v, r) =
                self.with_refs(|| self.eval_body(&b.body, scope, &bpath, locs, None, false));
            note_refs(&mut refs, &b.kind, r);
            blocks.entry(b.kind.clone()).or_default().push(v);
        }
        for (k, v) in blocks {
            m.insert(k, Value::list(v));
        }
        m.extend(unknown_blocks);
        if let Some(refs) = refs {
            for v in refs.values_mut() {
                v.sort();
                v.dedup();
            }
        }
        Value::object(m)
    }

    fn expand_dynamic(
        &self,
        b: &crate::syntax::Block,
        label: &str,
        scope: &Scope,
        path: &str,
        start: usize,
        locs: &mut BTreeMap<String, Span>,
    ) -> Result<Vec<Value>, Value> {
        let Some(content) = b.body.blocks("content").next() else {
            return Ok(vec![]);
        };
        let iter_name = b
            .body
            .attr("iterator")
            .and_then(|a| a.expr.as_ident().map(str::to_string))
            .unwrap_or_else(|| label.to_string());
        let coll = match b.body.attr("for_each") {
            Some(f) => self.eval(&f.expr, scope),
            None => return Ok(vec![]),
        };
        let pairs: Vec<(Value, Value)> = match &coll {
            // Over a set, the iterator's key is the element, as in a `for`.
            Value::List(items) if self.state.sets.borrow().is_set(items) => {
                items.iter().map(|v| (v.clone(), v.clone())).collect()
            }
            Value::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::Number(i as f64), v.clone()))
                .collect(),
            Value::Object(m) => m
                .iter()
                .map(|(k, v)| (Value::string(k.as_str()), v.clone()))
                .collect(),
            Value::Null => vec![],
            _ => {
                // Unknown collection: how many blocks there are is unknown. The content is
                // still evaluated once, with an unknown iterator, for what it refers to; its
                // value is not a block anyone may check.
                let u = Value::unknown_of(&[&coll]);
                let mut it = Map::new();
                it.insert("key".into(), u.clone());
                it.insert("value".into(), u.clone());
                let mut s = scope.clone();
                s.bindings
                    .push((Rc::from(iter_name.as_str()), Value::object(it)));
                let bpath = format!("{}[{start}]", join_path(path, label));
                locs.insert(join_path(path, label), b.header);
                self.eval_body(&content.body, &s, &bpath, &mut BTreeMap::new(), None, false);
                return Err(u);
            }
        };
        let mut out = Vec::new();
        for (i, (k, v)) in pairs.into_iter().enumerate() {
            let mut it = Map::new();
            it.insert("key".into(), k);
            it.insert("value".into(), v);
            let mut s = scope.clone();
            s.bindings
                .push((Rc::from(iter_name.as_str()), Value::object(it)));
            let bpath = format!("{}[{}]", join_path(path, label), start + i);
            locs.insert(bpath.clone(), b.header);
            out.push(self.eval_body(&content.body, &s, &bpath, locs, None, false));
        }
        Ok(out)
    }

    // ---- providers -------------------------------------------------------------------------

    /// The provider key a resource uses: its `provider` argument, or its type's prefix.
    fn resource_provider_key(r: &ResourceDecl) -> String {
        match r.body.attr("provider") {
            Some(a) => match &a.expr.kind {
                ExprKind::Str(s) => s.clone(),
                _ => a
                    .expr
                    .as_traversal_names()
                    .map(|n| n.join("."))
                    .unwrap_or_default(),
            },
            None => r.rtype.split('_').next().unwrap_or("").to_string(),
        }
    }

    fn resource_provider(&self, inst_i: usize, r: &ResourceDecl) -> ProviderRef {
        self.provider(inst_i, &Self::resource_provider_key(r))
    }

    /// The provider configuration that `key` (`aws`, `aws.west`) means in a module instance.
    pub fn provider(&self, inst_i: usize, key: &str) -> ProviderRef {
        let inst = self.inst(inst_i);
        if let Some(p) = inst.providers.borrow().get(key) {
            return p.clone();
        }
        let resolved = self.resolve_provider(inst_i, &inst, key);
        inst.providers
            .borrow_mut()
            .insert(key.to_string(), resolved.clone());
        resolved
    }

    fn resolve_provider(&self, inst_i: usize, inst: &ModInst, key: &str) -> ProviderRef {
        let (site, site_key, decl) = self.provider_origin(inst_i, key);
        let Some(pi) = decl else {
            return implied_provider(&site_key);
        };
        if site != inst_i {
            // Memoised where it is declared.
            return self.provider(site, &site_key);
        }
        let p = &inst.config.providers[pi];
        let scope = self.scope(inst_i).in_file(Some(p.file));
        let default_tags = p
            .body
            .blocks("default_tags")
            .last()
            .and_then(|b| b.body.attr("tags"))
            .map(|a| self.eval(&a.expr, &scope))
            .unwrap_or(Value::Null);
        let ignore_tags = match p.body.blocks("ignore_tags").last() {
            Some(b) => self.eval_body(&b.body, &scope, "", &mut BTreeMap::new(), None, false),
            None => Value::Null,
        };
        ProviderRef {
            key: site_key,
            default_tags,
            ignore_tags,
            loc: Some(Loc {
                file: Some(p.file),
                span: p.span,
            }),
        }
    }

    /// Where the provider configuration `key` of a module instance comes from, following the
    /// callers' `providers = {}` maps and the default provider's inheritance: the module
    /// instance and key where the walk ends, and the index of the `provider` block declared
    /// there (`None`: no block, the provider is implied and unconfigured).
    fn provider_origin(&self, inst_i: usize, key: &str) -> (usize, String, Option<usize>) {
        let inst = self.inst(inst_i);
        if let Some(pi) = inst.config.providers.iter().position(|p| p.key() == key) {
            return (inst_i, key.to_string(), Some(pi));
        }
        let Some(c) = &inst.caller else {
            return (inst_i, key.to_string(), None);
        };
        let parent = self.inst(c.parent);
        let call = &parent.config.calls[c.call];
        if let Some(map) = call.body.attr("providers") {
            if let Some(target) = mapped_provider(&map.expr, key) {
                return self.provider_origin(c.parent, &target);
            }
            // With an explicit `providers` map, only the default provider is still inherited.
            if key.contains('.') {
                return (inst_i, key.to_string(), None);
            }
        }
        if key.contains('.') {
            return (inst_i, key.to_string(), None);
        }
        self.provider_origin(c.parent, key)
    }

    /// The `region` of the provider configuration a resource uses: `Null` when the
    /// configuration sets none or there is none (the region then comes from the environment).
    fn provider_region(&self, inst_i: usize, r: &ResourceDecl) -> Value {
        let (site, _, decl) = self.provider_origin(inst_i, &Self::resource_provider_key(r));
        let Some(pi) = decl else {
            return Value::Null;
        };
        let inst = self.inst(site);
        let p = &inst.config.providers[pi];
        match p.body.attr("region") {
            Some(a) => self.eval(&a.expr, &self.scope(site).in_file(Some(p.file))),
            None => Value::Null,
        }
    }

    // ---- walking everything ----------------------------------------------------------------

    /// Evaluate every resource in every module instance reachable from the root.
    pub fn all_instances(&self) -> Vec<Arc<Instance>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.insts.borrow().len() {
            let inst = self.inst(i);
            for ci in 0..inst.config.calls.len() {
                self.call_instances(i, ci);
            }
            for ri in 0..inst.config.resources.len() {
                if let Some(exp) = self.expand_resource(i, ri) {
                    out.extend(exp.instances.iter().cloned());
                }
            }
            // Outputs and locals are evaluated too so their problems are reported.
            for name in inst.config.outputs.keys() {
                self.output(i, name, Span::default());
            }
            for name in inst.config.locals.keys() {
                self.local(i, name, &self.scope(i), Span::default());
            }
            for name in inst.config.variables.keys() {
                self.validate_variable(i, name);
            }
            i += 1;
        }
        out
    }

    pub fn root_variable_values(&self) -> BTreeMap<String, Value> {
        let inst = self.inst(0);
        inst.config
            .variables
            .keys()
            .map(|n| (n.clone(), self.variable(0, n, Span::default())))
            .collect()
    }
}

fn implied_provider(key: &str) -> ProviderRef {
    ProviderRef {
        key: key.to_string(),
        default_tags: Value::Null,
        ignore_tags: Value::Null,
        loc: None,
    }
}

/// The parent's provider key a call's `providers = { KEY = TARGET }` map gives `key`:
/// `aws.west`, or `"aws.west"` as JSON syntax writes it.
fn mapped_provider(map: &crate::syntax::Expr, key: &str) -> Option<String> {
    let ExprKind::Object(items) = &map.kind else {
        return None;
    };
    items.iter().find_map(|(k, v)| {
        let kname = match k {
            ObjectKey::Ident(s) => Some(s.clone()),
            ObjectKey::Expr(e) => e.as_traversal_names().map(|n| n.join(".")),
        };
        if kname.as_deref() != Some(key) {
            return None;
        }
        match &v.kind {
            ExprKind::Str(s) => Some(s.clone()),
            _ => v.as_traversal_names().map(|n| n.join(".")),
        }
    })
}

/// Why the manifest entry `m` is not the module the call asks for (another source, or a
/// version its `version` constraint does not allow), or `None` when it is.
fn installed_elsewhere(
    call: &ModuleCallDecl,
    source: &str,
    m: &super::Installed,
) -> Option<String> {
    let shown = |s: &str| {
        crate::files::escape_bytes(s.as_bytes())
            .escape_debug()
            .to_string()
    };
    let line = m.line;
    if !super::module_source::same_source(source, &m.source) {
        return Some(format!(
            "line {line} installs it from \"{}\", not from its source \"{}\"",
            shown(&m.source),
            shown(source)
        ));
    }
    let constraint = call
        .body
        .attr("version")
        .and_then(|a| super::config::literal_string(&a.expr))?;
    match &m.version {
        Some(v) if super::module_source::version_allowed(&constraint, v) => None,
        Some(v) => Some(format!(
            "line {line} installs version \"{}\", which its version constraint \"{}\" does not allow",
            shown(v),
            shown(&constraint)
        )),
        None => Some(format!(
            "line {line} records no version, and the call requires \"{}\"",
            shown(&constraint)
        )),
    }
}

/// Add what an argument or block type refers to (no `refs`: a nested block, whose references
/// belong to its top-level block type).
fn note_refs(
    refs: &mut Option<&mut BTreeMap<String, Vec<Arc<str>>>>,
    name: &str,
    r: BTreeSet<Arc<str>>,
) {
    if let Some(refs) = refs.as_deref_mut() {
        if !r.is_empty() {
            refs.entry(name.to_string()).or_default().extend(r);
        }
    }
}

/// A resource as expressions see it: a list of its instances under `count`, an object of them
/// by key under `for_each`, the one instance otherwise; unknown while the keys are.
fn resource_value(r: &ResourceDecl, base: &str, instances: &[Arc<Instance>]) -> Value {
    let as_value = |i: &Arc<Instance>| {
        Value::Resource(Arc::new(ResourceValue {
            address: Arc::from(i.address.as_str()),
            attrs: i.values.clone(),
        }))
    };
    let expanded = r.body.attr("count").is_some() || r.body.attr("for_each").is_some();
    if expanded && instances.iter().any(|i| i.unresolved_expansion) {
        return Value::unknown_from(Origin::resource(base, ""));
    }
    if r.body.attr("count").is_some() {
        Value::list(instances.iter().map(as_value).collect())
    } else if r.body.attr("for_each").is_some() {
        Value::object(
            instances
                .iter()
                .filter_map(|i| match &i.index {
                    Some(InstanceKey::Key(k)) => Some((k.clone(), as_value(i))),
                    _ => None,
                })
                .collect(),
        )
    } else {
        instances.first().map(as_value).unwrap_or(Value::Null)
    }
}

fn unknown_instance(v: &Value, count: bool) -> (Option<InstanceKey>, EachCtx) {
    let u = Value::unknown_of(&[v]);
    let each = if count {
        EachCtx {
            count_index: Some(u),
            ..Default::default()
        }
    } else {
        EachCtx {
            each_key: Some(u.clone()),
            each_value: Some(u),
            ..Default::default()
        }
    };
    (Some(InstanceKey::Unknown), each)
}

/// `to` relative to `from` (both directories), `/`-separated: `.`, `modules/app`, `../x`.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from = crate::discover::absolute(from);
    let to = crate::discover::absolute(to);
    let f: Vec<_> = from.components().collect();
    let t: Vec<_> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

pub fn prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}.")
    }
}

/// `NAME` of an expression that is exactly `var.NAME`.
fn var_name(e: &crate::syntax::Expr) -> Option<&str> {
    use crate::syntax::Traverse::Attr;
    match &e.kind {
        ExprKind::Traversal(root, steps) => match (&root.kind, steps.as_slice()) {
            (ExprKind::Var(v), [Attr(n)]) if v == "var" => Some(n),
            _ => None,
        },
        _ => None,
    }
}

fn is_each_value(e: &crate::syntax::Expr) -> bool {
    use crate::syntax::Traverse::Attr;
    matches!(&e.kind, ExprKind::Traversal(root, steps)
        if matches!(&root.kind, ExprKind::Var(v) if v == "each")
            && matches!(steps.as_slice(), [Attr(n)] if n == "value"))
}

/// Record where each object member and tuple element of a literal is written, keyed by its
/// path below `path` (`.Statement[1].Action`). Stops at anything that is not a literal.
fn literal_locs(
    e: &crate::syntax::Expr,
    path: &str,
    locs: &mut BTreeMap<String, Span>,
    budget: &mut usize,
) {
    match &e.kind {
        ExprKind::Paren(inner) => literal_locs(inner, path, locs, budget),
        ExprKind::Tuple(items) => {
            for (i, item) in items.iter().enumerate() {
                if *budget == 0 {
                    return;
                }
                *budget -= 1;
                let p = format!("{path}[{i}]");
                locs.insert(p.clone(), item.span);
                literal_locs(item, &p, locs, budget);
            }
        }
        ExprKind::Object(members) => {
            for (key, value) in members {
                let name = match key {
                    ObjectKey::Ident(n) => n.as_str(),
                    ObjectKey::Expr(k) => match &k.kind {
                        ExprKind::Str(n) => n.as_str(),
                        _ => continue,
                    },
                };
                if *budget == 0 {
                    return;
                }
                *budget -= 1;
                let p = format!("{path}.{name}");
                locs.insert(p.clone(), value.span);
                literal_locs(value, &p, locs, budget);
            }
        }
        _ => {}
    }
}

fn join_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::relative_path;
    use std::path::Path;

    /// Found by the oracle: Terraform's `path.module` is relative to the root module
    /// (`modules/app`, `.`), not to where pe-lint runs.
    #[test]
    fn module_paths_are_relative_to_the_root() {
        let root = Path::new("/w/infra");
        assert_eq!(relative_path(root, Path::new("/w/infra")), ".");
        assert_eq!(
            relative_path(root, Path::new("/w/infra/modules/app")),
            "modules/app"
        );
        assert_eq!(
            relative_path(root, Path::new("/w/shared/mod")),
            "../shared/mod"
        );
    }
}
