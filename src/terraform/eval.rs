//! Expression evaluation. Lazy and memoised per module instance: a local, variable, output,
//! resource or module call is evaluated the first time something refers to it, so the order
//! of declarations never matters and cycles are detected instead of looping.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;

use super::functions::{self, FnCtx, FnError};
use super::instance::{EachCtx, Evaluator};
use super::value::{self, concat_parts, Map, Origin, Part, Value};
use crate::diag::Diagnostic;
use crate::source::{Loc, Span};
use crate::syntax::*;

/// Names bound in a scope: `for` variables, `dynamic` iterators, template variables.
#[derive(Clone)]
pub struct Scope {
    pub inst: usize,
    pub each: Rc<EachCtx>,
    pub bindings: Vec<(Rc<str>, Value)>,
    /// Only template variables are visible (templatefile, tfvars).
    pub isolated: bool,
    /// The file the expressions being evaluated come from (for diagnostics).
    pub file: Option<crate::source::FileId>,
}

impl Scope {
    pub fn new(inst: usize, each: Rc<EachCtx>) -> Scope {
        Scope {
            inst,
            each,
            bindings: Vec::new(),
            isolated: false,
            file: None,
        }
    }
    pub fn in_file(mut self, file: Option<crate::source::FileId>) -> Scope {
        if file.is_some() {
            self.file = file;
        }
        self
    }
    fn bind(&self, name: &str, v: Value) -> Scope {
        let mut s = self.clone();
        s.bindings.push((Rc::from(name), v));
        s
    }
    fn lookup(&self, name: &str) -> Option<&Value> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v)
    }
}

/// Host hooks for expressions that are not Terraform configuration (custom rules): extra
/// functions, and reading an attribute an object lacks as null instead of an error.
pub trait Extensions: Send + Sync {
    /// Call `name`; `None` when it is not an extension function.
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>>;
    fn missing_attr_is_null(&self) -> bool;
}

/// Per-root evaluation state shared by all module instances.
pub struct EvalState {
    pub diags: RefCell<Vec<Diagnostic>>,
    /// Stack of reference collectors: resources referenced while evaluating something.
    pub refs: RefCell<Vec<BTreeSet<Arc<str>>>>,
    pub steps: Cell<u64>,
    pub max_steps: u64,
    pub budget_exhausted: Cell<bool>,
    /// `max_steps` is this root's share of what is left of the run's budget, smaller than its
    /// own budget: running out is the run's budget running out.
    pub run_share: bool,
    /// Current nesting of [`Evaluator::eval`] calls (expressions inside expressions, and
    /// references followed through locals, variables, outputs and resources).
    pub depth: Cell<usize>,
    pub max_depth: usize,
    pub depth_exceeded: Cell<bool>,
    /// Inside `try`/`can`: errors are counted, not reported.
    pub catching: Cell<u32>,
    pub caught: Cell<u32>,
    pub functions: RefCell<FnCtx>,
    pub template_depth: Cell<u32>,
    pub unsupported_reported: RefCell<BTreeSet<String>>,
    pub file_for_inst: RefCell<HashMap<usize, crate::source::FileId>>,
    pub extensions: Option<Box<dyn Extensions>>,
    /// Where this root first read `terraform.workspace` while no workspace was given (the
    /// smallest location, so the warning does not depend on evaluation order).
    pub unknown_workspace_at: Cell<Option<crate::source::Loc>>,
    /// Lists that are Terraform sets (made by `toset` and the set functions, or by a `set(...)`
    /// type constraint): `for k, v in a_set` binds `k` to the element, not to a position.
    pub sets: RefCell<SetRegistry>,
}

/// Set values known by identity: the `Arc` is kept alive here, so its address is never
/// reused by another list while this root is evaluated.
#[derive(Default)]
pub struct SetRegistry {
    keep: Vec<Arc<Vec<Value>>>,
    addrs: std::collections::HashSet<usize>,
}

impl SetRegistry {
    /// Mark `v` as a set; returns the value to use (a fresh list, so that the list a set was
    /// made from is never marked along with it).
    pub fn mark(&mut self, v: Value) -> Value {
        let Value::List(items) = v else {
            return v;
        };
        let fresh = Arc::new(items.as_ref().clone());
        self.addrs.insert(Arc::as_ptr(&fresh) as usize);
        self.keep.push(fresh.clone());
        Value::List(fresh)
    }
    pub fn is_set(&self, items: &Arc<Vec<Value>>) -> bool {
        self.addrs.contains(&(Arc::as_ptr(items) as usize))
    }
}

/// Functions whose result is a set.
const SET_FUNCTIONS: &[&str] = &[
    "toset",
    "setunion",
    "setintersection",
    "setsubtract",
    "setproduct",
    "fileset",
];

impl EvalState {
    pub fn new(opts: &super::instance::EvalOptions) -> EvalState {
        EvalState {
            diags: Default::default(),
            refs: Default::default(),
            steps: Default::default(),
            max_steps: opts.max_steps,
            budget_exhausted: Default::default(),
            run_share: false,
            depth: Default::default(),
            max_depth: opts.max_eval_depth,
            depth_exceeded: Default::default(),
            catching: Default::default(),
            caught: Default::default(),
            functions: RefCell::new(FnCtx {
                boundary: opts.boundary.clone(),
                max_string_len: opts.max_string_len,
                max_collection_len: opts.max_collection_len,
                warnings: Vec::new(),
                cwd: None,
                work: 0,
            }),
            template_depth: Default::default(),
            unsupported_reported: Default::default(),
            file_for_inst: Default::default(),
            extensions: None,
            unknown_workspace_at: Default::default(),
            sets: Default::default(),
        }
    }
    pub fn push_refs(&self) {
        self.refs.borrow_mut().push(BTreeSet::new());
    }
    pub fn pop_refs(&self) -> BTreeSet<Arc<str>> {
        self.refs.borrow_mut().pop().unwrap_or_default()
    }
    pub fn add_ref(&self, addr: Arc<str>) {
        if let Some(top) = self.refs.borrow_mut().last_mut() {
            top.insert(addr);
        }
    }
    pub fn add_refs(&self, refs: &BTreeSet<Arc<str>>) {
        if refs.is_empty() {
            return;
        }
        if let Some(top) = self.refs.borrow_mut().last_mut() {
            top.extend(refs.iter().cloned());
        }
    }
}

const MAX_TEMPLATE_DEPTH: u32 = 8;

/// Values nested deeper than this are refused: everything that walks a value (rules, reports,
/// equality, dropping it) may then recurse safely. Real configurations stay far below.
pub const MAX_VALUE_DEPTH: usize = 512;

/// Evaluation-budget cost of a value: one per node, one per unknown origin, and one per 8
/// bytes of string. Walking stops once `cap` is passed. Also returns the nesting depth seen
/// (resource values are walked into, as rules and reports do).
pub fn value_cost(v: &Value, cap: u64) -> (u64, usize) {
    let mut cost = 0u64;
    let mut max_depth = 0usize;
    let mut stack: Vec<(&Value, usize)> = vec![(v, 1)];
    while let Some((v, d)) = stack.pop() {
        cost += 1;
        max_depth = max_depth.max(d);
        match v {
            Value::String(s) => cost += s.len() as u64 / 8,
            Value::Unknown(u) => cost += u.origins.len() as u64,
            Value::Partial(parts) => {
                for p in parts.iter() {
                    cost += match p {
                        Part::Lit(s) => 1 + s.len() as u64 / 8,
                        Part::Unknown(u) => 1 + u.origins.len() as u64,
                    };
                }
            }
            Value::List(items) => stack.extend(items.iter().map(|x| (x, d + 1))),
            Value::Object(m) => {
                for (k, x) in m.iter() {
                    cost += k.len() as u64 / 8;
                    stack.push((x, d + 1));
                }
            }
            Value::Resource(r) => stack.push((&r.attrs, d + 1)),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
        if cost > cap || max_depth > MAX_VALUE_DEPTH {
            break;
        }
    }
    (cost, max_depth)
}

impl Evaluator<'_> {
    /// Report an evaluation error (or count it inside `try`) and return an unknown.
    pub fn error(&self, loc: Loc, msg: impl Into<String>) -> Value {
        let msg = msg.into();
        if self.state.catching.get() > 0 {
            self.state.caught.set(self.state.caught.get() + 1);
        } else {
            self.state.diags.borrow_mut().push(
                Diagnostic::warning("eval-error", msg.clone())
                    .at_loc(loc)
                    .with_help("Terraform would reject this expression; pe-lint treats its value as unresolved"),
            );
        }
        Value::unknown_from(Origin::new(format!("error: {msg}")))
    }

    pub fn loc(&self, scope: &Scope, span: Span) -> Loc {
        Loc {
            file: self.file_of_scope(scope),
            span,
        }
    }

    /// `terraform.workspace`: the given workspace, else unknown. Never a guessed `"default"`:
    /// a `lookup(map, terraform.workspace, ...)` would pass on a workspace nobody asked for.
    pub fn workspace(&self, at: Loc) -> Value {
        if let Some(name) = &self.opts.workspace {
            return Value::string(name.as_str());
        }
        let first = &self.state.unknown_workspace_at;
        if first.get().is_none_or(|f| at < f) {
            first.set(Some(at));
        }
        Value::unknown_from(Origin::new("terraform.workspace"))
    }

    /// Spend `n` units of the evaluation budget; false (and an error, once) when it runs out.
    pub fn charge(&self, n: u64, loc: impl FnOnce() -> Option<Loc>) -> bool {
        let total = self.state.steps.get().saturating_add(n);
        self.state.steps.set(total);
        if total > self.state.max_steps {
            if !self.state.budget_exhausted.replace(true) {
                let (whose, limit) = if self.state.run_share {
                    ("its share of the run's evaluation budget", "total-steps")
                } else {
                    ("the evaluation budget", "eval-steps")
                };
                let mut d = Diagnostic::error(
                    "eval-budget",
                    format!(
                        "evaluation stopped after {} steps ({whose}){}; the remaining values are unresolved",
                        self.state.max_steps,
                        // Custom rules evaluate outside any module: no root to name.
                        if self.root_dir.as_os_str().is_empty() {
                            String::new()
                        } else {
                            format!(" in the root module {}", crate::source::display_path(&self.root_dir))
                        },
                    ),
                )
                .with_help(format!(
                    "this configuration computes far more than real Terraform does (huge \
                     collections, strings or instance counts); raise the budget with \
                     `--limit {limit}=N` if it is legitimate"
                ));
                if let Some(loc) = loc() {
                    d = d.at_loc(loc);
                }
                self.state.diags.borrow_mut().push(d);
            }
            return false;
        }
        true
    }

    pub fn budget_left(&self) -> bool {
        !self.state.budget_exhausted.get()
    }

    pub fn eval(&self, e: &Expr, scope: &Scope) -> Value {
        if !self.charge(1, || Some(self.loc(scope, e.span))) {
            return Value::unknown_from(Origin::new("evaluation budget exhausted"));
        }
        let depth = self.state.depth.get();
        if depth >= self.state.max_depth {
            if !self.state.depth_exceeded.replace(true) {
                self.state.diags.borrow_mut().push(
                    Diagnostic::error(
                        "eval-depth",
                        format!(
                            "expressions and references nest deeper than {} levels here; the value is unresolved",
                            self.state.max_depth
                        ),
                    )
                    .at_loc(self.loc(scope, e.span))
                    .with_help("a chain of hundreds of locals or resources each referring to the next is not real Terraform; raise the limit with `--limit eval-depth=N` if it is legitimate"),
                );
            }
            return Value::unknown_from(Origin::new("expression nested too deeply"));
        }
        self.state.depth.set(depth + 1);
        let v = self.eval_kind(e, scope);
        self.state.depth.set(depth);
        match &e.kind {
            ExprKind::Tuple(_)
            | ExprKind::Object(_)
            | ExprKind::For(_)
            | ExprKind::Call(_)
            | ExprKind::Template(_)
            | ExprKind::Var(_)
            | ExprKind::Traversal(..) => self.charge_value(v, scope, e.span),
            _ => v,
        }
    }

    /// Charge the budget for a value that was built or fetched, so that work done on it later
    /// (by operators, functions, rules and reports) is paid for; refuse values nested too
    /// deeply to walk safely.
    fn charge_value(&self, v: Value, scope: &Scope, span: Span) -> Value {
        if matches!(v, Value::Null | Value::Bool(_) | Value::Number(_)) {
            return v;
        }
        let left = self.state.max_steps.saturating_sub(self.state.steps.get());
        let (cost, depth) = value_cost(&v, left);
        if depth > MAX_VALUE_DEPTH {
            self.state.diags.borrow_mut().push(
                Diagnostic::error(
                    "value-too-deep",
                    format!("this value nests deeper than {MAX_VALUE_DEPTH} levels; it is treated as unresolved"),
                )
                .at_loc(self.loc(scope, span)),
            );
            return Value::unknown_from(Origin::new("value nested too deeply"));
        }
        if !self.charge(cost, || Some(self.loc(scope, span))) {
            return Value::unknown_from(Origin::new("evaluation budget exhausted"));
        }
        v
    }

    fn eval_kind(&self, e: &Expr, scope: &Scope) -> Value {
        match &e.kind {
            ExprKind::Null => Value::Null,
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::Number(n) if n.is_finite() => Value::Number(*n),
            // The literal has more digits than a 64-bit float holds: any result would be a
            // different number from Terraform's.
            ExprKind::Number(_) => Value::unknown_from(Origin::new(
                "a number literal that 64-bit floats cannot hold exactly",
            )),
            ExprKind::Str(s) => Value::string(s.as_str()),
            ExprKind::Template(parts) => self.eval_template(parts, scope, e.span),
            ExprKind::Tuple(items) => {
                Value::list(items.iter().map(|i| self.eval(i, scope)).collect())
            }
            ExprKind::Object(items) => self.eval_object(items, scope),
            ExprKind::Var(name) => self.eval_traversal(e, name, &[], scope),
            ExprKind::Traversal(root, ops) => match &root.kind {
                ExprKind::Var(name) => self.eval_traversal(e, name, ops, scope),
                _ => {
                    let v = self.eval(root, scope);
                    self.apply_ops(v, ops, scope, e.span)
                }
            },
            ExprKind::Call(c) => self.eval_call(c, scope, e.span),
            ExprKind::Conditional(c) => {
                let cond = self.eval(&c[0], scope);
                match cond.as_bool() {
                    Some(true) => self.unify_branch(self.eval(&c[1], scope), &c[2], scope),
                    Some(false) => self.unify_branch(self.eval(&c[2], scope), &c[1], scope),
                    None if cond.is_unknown() => {
                        // Both branches still matter for references.
                        let a = self.eval(&c[1], scope);
                        let b = self.eval(&c[2], scope);
                        Value::one_of(vec![a, b], &[&cond])
                    }
                    None => self.error(
                        self.loc(scope, c[0].span),
                        format!("condition must be a bool, got {}", cond.display()),
                    ),
                }
            }
            ExprKind::Unary(op, x) => {
                let v = self.eval(x, scope);
                match (op, &v) {
                    (_, Value::Unknown(_)) => v,
                    (UnaryOp::Not, _) => match v.as_bool() {
                        Some(b) => Value::Bool(!b),
                        None => self.error(
                            self.loc(scope, e.span),
                            format!("`!` needs a bool, got {}", v.display()),
                        ),
                    },
                    (UnaryOp::Neg, _) => match v.as_f64() {
                        Some(n) => Value::Number(-n),
                        None => self.error(
                            self.loc(scope, e.span),
                            format!("`-` needs a number, got {}", v.display()),
                        ),
                    },
                }
            }
            ExprKind::Binary(op, xs) => self.eval_binary(*op, &xs[0], &xs[1], scope, e.span),
            ExprKind::For(f) => self.eval_for(f, scope, e.span),
            ExprKind::Paren(x) => self.eval(x, scope),
        }
    }

    /// The result of a conditional has the type both branches unify to: a number or bool
    /// chosen against a string branch becomes a string (`true ? 1 : "a"` is `"1"`). The other
    /// branch is evaluated only for its type, without reporting its errors.
    fn unify_branch(&self, v: Value, other: &Expr, scope: &Scope) -> Value {
        if !matches!(v, Value::Number(_) | Value::Bool(_)) {
            return v;
        }
        match self.catch(other, scope) {
            Ok(Value::String(_) | Value::Partial(_)) => {
                v.to_template_string().map(Value::string).unwrap_or(v)
            }
            _ => v,
        }
    }

    fn eval_object(&self, items: &[(ObjectKey, Expr)], scope: &Scope) -> Value {
        let mut m = Map::new();
        let mut unknown_key = None;
        for (k, v) in items {
            let key = match k {
                ObjectKey::Ident(s) => s.clone(),
                ObjectKey::Expr(ke) => {
                    // `{ foo.bar = 1 }` is not valid; a bare traversal key is read as its text.
                    let kv = self.eval(ke, scope);
                    match kv.to_template_string() {
                        Some(s) => s,
                        None => {
                            unknown_key = Some(kv);
                            continue;
                        }
                    }
                }
            };
            m.insert(key, self.eval(v, scope));
        }
        match unknown_key {
            Some(k) => Value::unknown_of(&[&k]),
            None => Value::object(m),
        }
    }

    pub fn eval_template(&self, parts: &[TemplatePart], scope: &Scope, span: Span) -> Value {
        // A template that is a single interpolation yields the value itself, unconverted.
        if let [TemplatePart::Interp(e)] = parts {
            return self.eval(e, scope);
        }
        let mut out = Vec::new();
        if let Err(v) = self.template_parts(parts, scope, span, &mut out) {
            return v;
        }
        let v = concat_parts(out);
        self.check_len(v, scope, span)
    }

    fn check_len(&self, v: Value, scope: &Scope, span: Span) -> Value {
        let max = self.state.functions.borrow().max_string_len;
        if let Value::String(s) = &v {
            if s.len() > max {
                return self.error(
                    self.loc(scope, span),
                    format!("string of {} bytes is over the limit of {max}", s.len()),
                );
            }
        }
        v
    }

    fn template_parts(
        &self,
        parts: &[TemplatePart],
        scope: &Scope,
        span: Span,
        out: &mut Vec<Part>,
    ) -> Result<(), Value> {
        for p in parts {
            match p {
                TemplatePart::Lit(s) => out.push(Part::Lit(s.clone())),
                TemplatePart::Interp(e) => {
                    let v = self.eval(e, scope);
                    match value::string_parts(&v) {
                        Some(ps) => out.extend(ps),
                        None => {
                            return Err(self.error(
                                self.loc(scope, e.span),
                                format!(
                                    "cannot use a {} value in a string template",
                                    v.type_name()
                                ),
                            ))
                        }
                    }
                }
                TemplatePart::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    let c = self.eval(cond, scope);
                    match c.as_bool() {
                        Some(true) => self.template_parts(then, scope, span, out)?,
                        Some(false) => self.template_parts(otherwise, scope, span, out)?,
                        None => out.push(Part::Unknown(Arc::new(value::Unknown {
                            origins: {
                                let mut o = Vec::new();
                                c.collect_origins(&mut o);
                                o
                            },
                            derived: true,
                            ..Default::default()
                        }))),
                    }
                }
                TemplatePart::For {
                    key_var,
                    value_var,
                    collection,
                    body,
                } => {
                    let coll = self.eval(collection, scope);
                    let Some(pairs) = self.iter_pairs(&coll) else {
                        out.push(Part::Unknown(Arc::new(value::Unknown {
                            origins: {
                                let mut o = Vec::new();
                                coll.collect_origins(&mut o);
                                o
                            },
                            derived: true,
                            ..Default::default()
                        })));
                        continue;
                    };
                    for (k, v) in pairs {
                        let mut s = scope.bind(value_var, v);
                        if let Some(kv) = key_var {
                            s = s.bind(kv, k);
                        }
                        self.template_parts(body, &s, span, out)?;
                        if out.len() > 1_000_000 {
                            return Err(self
                                .error(self.loc(scope, span), "template produces too many parts"));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// (key, value) pairs of a collection for `for`: index/value for lists, key/value for maps,
    /// element/element for sets.
    fn iter_pairs(&self, coll: &Value) -> Option<Vec<(Value, Value)>> {
        match coll {
            Value::List(items) if self.state.sets.borrow().is_set(items) => {
                Some(items.iter().map(|v| (v.clone(), v.clone())).collect())
            }
            Value::List(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (Value::Number(i as f64), v.clone()))
                    .collect(),
            ),
            Value::Object(m) => Some(
                m.iter()
                    .map(|(k, v)| (Value::string(k.as_str()), v.clone()))
                    .collect(),
            ),
            Value::Resource(r) => self.iter_pairs(&r.attrs),
            _ => None,
        }
    }

    fn eval_for(&self, f: &ForExpr, scope: &Scope, span: Span) -> Value {
        let coll = self.eval(&f.collection, scope);
        if coll.is_null() {
            return self.error(
                self.loc(scope, f.collection.span),
                "cannot iterate over a null value",
            );
        }
        let Some(pairs) = self.iter_pairs(&coll) else {
            if coll.is_unknown() {
                return Value::unknown_of(&[&coll]);
            }
            return self.error(
                self.loc(scope, f.collection.span),
                format!("cannot iterate over a {} value", coll.type_name()),
            );
        };
        let mut list = Vec::new();
        let mut map = Map::new();
        let mut groups: std::collections::BTreeMap<String, Vec<Value>> = Default::default();
        for (k, v) in pairs {
            let mut s = scope.bind(&f.value_var, v);
            if let Some(kv) = &f.key_var {
                s = s.bind(kv, k);
            }
            if let Some(c) = &f.cond {
                let cv = self.eval(c, &s);
                match cv.as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Value::unknown_of(&[&cv]),
                }
            }
            match &f.key_expr {
                None => list.push(self.eval(&f.value_expr, &s)),
                Some(ke) => {
                    let key = self.eval(ke, &s);
                    let Some(key) = key.to_template_string() else {
                        return Value::unknown_of(&[&key]);
                    };
                    let val = self.eval(&f.value_expr, &s);
                    if f.grouping {
                        groups.entry(key).or_default().push(val);
                    } else {
                        if map.contains_key(&key) {
                            return self.error(
                                self.loc(scope, span),
                                format!(
                                    "duplicate key {key:?} in for expression; use `...` to group"
                                ),
                            );
                        }
                        map.insert(key, val);
                    }
                }
            }
        }
        if f.key_expr.is_none() {
            Value::list(list)
        } else if f.grouping {
            Value::object(
                groups
                    .into_iter()
                    .map(|(k, v)| (k, Value::list(v)))
                    .collect(),
            )
        } else {
            Value::object(map)
        }
    }

    fn eval_binary(&self, op: BinaryOp, l: &Expr, r: &Expr, scope: &Scope, span: Span) -> Value {
        let a = self.eval(l, scope);
        // `false && x` and `true || x` still evaluate x in Terraform; we only shortcut the value.
        let b = self.eval(r, scope);
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let (x, y) = (a.as_bool(), b.as_bool());
                let is_and = op == BinaryOp::And;
                match (x, y) {
                    (Some(x), Some(y)) => Value::Bool(if is_and { x && y } else { x || y }),
                    (Some(v), None) | (None, Some(v))
                        if v != is_and && (a.is_unknown() || b.is_unknown()) =>
                    {
                        Value::Bool(v)
                    }
                    _ if a.is_unknown() || b.is_unknown() => Value::unknown_of(&[&a, &b]),
                    _ => self.error(
                        self.loc(scope, span),
                        "logical operators need bool operands",
                    ),
                }
            }
            BinaryOp::Eq | BinaryOp::NotEq => {
                if !a.is_wholly_known() || !b.is_wholly_known() {
                    // Known and different types/values can still decide some cases.
                    if a.is_null() != b.is_null()
                        && (a.is_null() || b.is_null())
                        && !a.is_unknown()
                        && !b.is_unknown()
                    {
                        return Value::Bool(op == BinaryOp::NotEq);
                    }
                    return Value::unknown_of(&[&a, &b]);
                }
                let eq = values_equal(&a, &b);
                Value::Bool(if op == BinaryOp::Eq { eq } else { !eq })
            }
            _ => self.arithmetic(op, &a, &b, scope, span),
        }
    }

    /// Arithmetic and comparison of numbers.
    fn arithmetic(&self, op: BinaryOp, a: &Value, b: &Value, scope: &Scope, span: Span) -> Value {
        if a.is_unknown()
            || b.is_unknown()
            || matches!(a, Value::Partial(_))
            || matches!(b, Value::Partial(_))
        {
            return Value::unknown_of(&[a, b]);
        }
        let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
            return self.error(
                self.loc(scope, span),
                format!(
                    "arithmetic needs numbers, got {} and {}",
                    a.display(),
                    b.display()
                ),
            );
        };
        match op {
            BinaryOp::Div if y == 0.0 => self.error(self.loc(scope, span), "division by zero"),
            BinaryOp::Plus | BinaryOp::Minus | BinaryOp::Mul | BinaryOp::Div => {
                exact_arithmetic(op, x, y)
                    .map(Value::Number)
                    .unwrap_or_else(|| {
                        Value::unknown_from(Origin::new(
                            "arithmetic that 64-bit floats cannot do exactly",
                        ))
                    })
            }
            BinaryOp::Mod if y == 0.0 => self.error(self.loc(scope, span), "modulo by zero"),
            BinaryOp::Mod => Value::Number(x % y),
            BinaryOp::Less => Value::Bool(x < y),
            BinaryOp::LessEq => Value::Bool(x <= y),
            BinaryOp::Greater => Value::Bool(x > y),
            BinaryOp::GreaterEq => Value::Bool(x >= y),
            _ => Value::Null,
        }
    }

    fn eval_call(&self, c: &Call, scope: &Scope, span: Span) -> Value {
        match c.name.as_str() {
            "try" => return self.eval_try(&c.args, scope, span),
            "can" => return self.eval_can(&c.args, scope, span),
            _ => {}
        }
        let mut args: Vec<Value> = c.args.iter().map(|a| self.eval(a, scope)).collect();
        if c.expand_final {
            match args.pop() {
                Some(Value::List(items)) => args.extend(items.iter().cloned()),
                Some(v @ Value::Unknown(_)) => return Value::unknown_of(&[&v]),
                Some(v) => {
                    return self.error(
                        self.loc(scope, span),
                        format!("`...` needs a list, got {}", v.type_name()),
                    )
                }
                None => {}
            }
        }
        let name = c.name.strip_prefix("core::").unwrap_or(&c.name);
        if name == "templatefile" {
            return self.templatefile(&args, scope, span);
        }
        if let Some(r) = self
            .state
            .extensions
            .as_ref()
            .and_then(|x| x.call(name, &args))
        {
            return r
                .unwrap_or_else(|m| self.error(self.loc(scope, span), format!("{name}(): {m}")));
        }
        let result = {
            let mut cx = self.state.functions.borrow_mut();
            let r = functions::call(name, &args, &mut cx);
            let warnings = std::mem::take(&mut cx.warnings);
            let work = std::mem::take(&mut cx.work);
            drop(cx);
            // A walk over many files (fileset in a large for_each) is paid for like the
            // evaluation it stands for.
            if work > 0 && !self.charge(work, || Some(self.loc(scope, span))) {
                return Value::unknown_from(Origin::new("evaluation budget exhausted"));
            }
            for w in warnings {
                self.state
                    .diags
                    .borrow_mut()
                    .push(Diagnostic::warning("file-access", w).at_loc(self.loc(scope, span)));
            }
            r
        };
        match result {
            Ok(v) if SET_FUNCTIONS.contains(&name) => {
                let v = self.state.sets.borrow_mut().mark(v);
                self.check_len(v, scope, span)
            }
            Ok(v) => self.check_len(v, scope, span),
            Err(FnError::Unsupported) => self.unsupported(name, &args, scope, span),
            Err(FnError::Invalid(msg)) => {
                if args.iter().any(|a| !a.is_wholly_known()) {
                    // The failure may come from an unknown argument; stay unknown, stay quiet.
                    let refs: Vec<&Value> = args.iter().collect();
                    return Value::unknown_of(&refs);
                }
                self.error(self.loc(scope, span), format!("{name}(): {msg}"))
            }
        }
    }

    /// `can(expr)`: whether the expression evaluates without an error (unknown while it is).
    fn eval_can(&self, args: &[Expr], scope: &Scope, span: Span) -> Value {
        let Some(arg) = args.first() else {
            return self.error(self.loc(scope, span), "can() needs one argument");
        };
        match self.catch(arg, scope) {
            Ok(v) if v.is_unknown() => Value::unknown_of(&[&v]),
            Ok(_) => Value::Bool(true),
            Err(()) => Value::Bool(false),
        }
    }

    /// A function pe-lint does not implement: said once per run, and its result is unknown,
    /// coming from whatever its arguments come from.
    fn unsupported(&self, name: &str, args: &[Value], scope: &Scope, span: Span) -> Value {
        if self
            .state
            .unsupported_reported
            .borrow_mut()
            .insert(name.to_string())
        {
            self.state.diags.borrow_mut().push(
                Diagnostic::info(
                    "unsupported-function",
                    format!(
                        "function `{name}` is not supported; its result is treated as unresolved"
                    ),
                )
                .at_loc(self.loc(scope, span)),
            );
        }
        let mut v = Value::unknown_from(Origin::new(format!("{name}()")));
        if let Value::Unknown(u) = &mut v {
            let mut origins = u.origins.clone();
            for a in args {
                a.collect_origins(&mut origins);
            }
            *u = Arc::new(value::Unknown {
                origins,
                derived: true,
                ..Default::default()
            });
        }
        v
    }

    /// Evaluate and report whether an error happened, without reporting it.
    pub(crate) fn catch(&self, e: &Expr, scope: &Scope) -> Result<Value, ()> {
        self.state.catching.set(self.state.catching.get() + 1);
        let before = self.state.caught.get();
        let v = self.eval(e, scope);
        let failed = self.state.caught.get() != before;
        self.state.catching.set(self.state.catching.get() - 1);
        // The errors caught here belong to this `try`/`can` alone: an enclosing one must not
        // see them, or `try(try(bad, ""), x)` would fail its first argument.
        self.state.caught.set(before);
        if failed {
            Err(())
        } else {
            Ok(v)
        }
    }

    fn eval_try(&self, args: &[Expr], scope: &Scope, span: Span) -> Value {
        for a in args {
            match self.catch(a, scope) {
                Ok(v) => return v,
                Err(()) => continue,
            }
        }
        self.error(
            self.loc(scope, span),
            "no argument of try() could be evaluated",
        )
    }

    fn templatefile(&self, args: &[Value], scope: &Scope, span: Span) -> Value {
        let (Some(path), vars) = (args.first(), args.get(1)) else {
            return self.error(
                self.loc(scope, span),
                "templatefile() needs a path and variables",
            );
        };
        let Some(path) = path.as_str() else {
            return Value::unknown_of(&[path]);
        };
        if self.state.template_depth.get() >= MAX_TEMPLATE_DEPTH {
            return self.error(self.loc(scope, span), "templatefile() nested too deeply");
        }
        let text = {
            let mut cx = self.state.functions.borrow_mut();
            let r = functions::read_file_in_tree(path, &mut cx);
            let warnings = std::mem::take(&mut cx.warnings);
            drop(cx);
            for w in warnings {
                self.state
                    .diags
                    .borrow_mut()
                    .push(Diagnostic::warning("file-access", w).at_loc(self.loc(scope, span)));
            }
            match r {
                Ok(t) => t,
                Err(_) => {
                    return Value::unknown_from(Origin::new(format!("templatefile({path:?})")))
                }
            }
        };
        let parts = match crate::lower::parse_template_text(&text) {
            Ok(p) => p,
            Err(msg) => {
                return self.error(
                    self.loc(scope, span),
                    format!("templatefile({path:?}): {msg}"),
                )
            }
        };
        let mut s = Scope::new(scope.inst, Rc::new(EachCtx::default())).in_file(scope.file);
        s.isolated = true;
        match vars {
            Some(Value::Object(m)) => {
                for (k, v) in m.iter() {
                    s = s.bind(k, v.clone());
                }
            }
            Some(v @ Value::Unknown(_)) => return Value::unknown_of(&[v]),
            _ => {}
        }
        self.state
            .template_depth
            .set(self.state.template_depth.get() + 1);
        let v = self.eval_template(&parts, &s, span);
        self.state
            .template_depth
            .set(self.state.template_depth.get() - 1);
        v
    }

    fn eval_traversal(&self, e: &Expr, name: &str, ops: &[Traverse], scope: &Scope) -> Value {
        if let Some(v) = scope.lookup(name) {
            let v = v.clone();
            return self.apply_ops(v, ops, scope, e.span);
        }
        if scope.isolated {
            return self.error(
                self.loc(scope, e.span),
                format!("`{name}` is not a template variable"),
            );
        }
        let (v, used) = self.resolve_reference(name, ops, scope, e.span);
        self.apply_ops(v, &ops[used..], scope, e.span)
    }

    pub fn apply_ops(&self, mut v: Value, ops: &[Traverse], scope: &Scope, span: Span) -> Value {
        let mut i = 0;
        while i < ops.len() {
            match &ops[i] {
                Traverse::Attr(name) => v = self.get_attr(&v, name, scope, span),
                Traverse::Index(ix) => {
                    let key = self.eval(ix, scope);
                    v = self.index(&v, &key, scope, span);
                }
                Traverse::AttrSplat | Traverse::FullSplat => {
                    let full = matches!(ops[i], Traverse::FullSplat);
                    let rest_end = if full {
                        ops.len()
                    } else {
                        ops[i + 1..]
                            .iter()
                            .position(|o| !matches!(o, Traverse::Attr(_)))
                            .map(|p| i + 1 + p)
                            .unwrap_or(ops.len())
                    };
                    let rest = &ops[i + 1..rest_end];
                    v = match &v {
                        Value::Null => Value::list(vec![]),
                        Value::List(items) => Value::list(
                            items
                                .iter()
                                .map(|x| self.apply_ops(x.clone(), rest, scope, span))
                                .collect(),
                        ),
                        Value::Unknown(_) => v.part_of(),
                        other => {
                            Value::list(vec![self.apply_ops(other.clone(), rest, scope, span)])
                        }
                    };
                    i = rest_end;
                    continue;
                }
            }
            i += 1;
        }
        v
    }

    fn get_attr(&self, v: &Value, name: &str, scope: &Scope, span: Span) -> Value {
        match v {
            Value::Unknown(_) => v.part_of(),
            Value::Object(m) => match m.get(name) {
                Some(x) => x.clone(),
                None if self.state.extensions.as_ref().is_some_and(|x| x.missing_attr_is_null()) => Value::Null,
                None => self.error(self.loc(scope, span), format!("object has no attribute {name:?}")),
            },
            Value::Resource(r) => {
                // Reading through a whole-resource value (`each.value.json`, `local.fn.arn`)
                // is a reference to that resource.
                self.state.add_ref(r.address.clone());
                open_blocks(&r.address, v.get(name).unwrap_or(Value::Null))
            }
            Value::Null => self.error(self.loc(scope, span), format!("cannot read attribute {name:?} of a null value")),
            Value::List(_) => self.error(
                self.loc(scope, span),
                format!("cannot read attribute {name:?} of a list; use an index or a splat ([*].{name})"),
            ),
            other => self.error(self.loc(scope, span), format!("cannot read attribute {name:?} of a {}", other.type_name())),
        }
    }

    fn index(&self, v: &Value, key: &Value, scope: &Scope, span: Span) -> Value {
        match (v, key) {
            (Value::Unknown(_), _) => v.part_of(),
            (_, Value::Unknown(_)) => match v {
                // Whatever the key, the result is one of the elements (a key that is not
                // there fails the plan): one of few elements is a bounded unknown.
                Value::List(items) if !items.is_empty() => Value::one_of(items.to_vec(), &[key]),
                Value::Object(m) if !m.is_empty() => {
                    Value::one_of(m.values().cloned().collect(), &[key])
                }
                _ => {
                    let mut origins = Vec::new();
                    key.collect_origins(&mut origins);
                    v.collect_origins(&mut origins);
                    if origins.is_empty() {
                        Value::unknown()
                    } else {
                        Value::Unknown(Arc::new(value::Unknown {
                            origins,
                            derived: true,
                            ..Default::default()
                        }))
                    }
                }
            },
            (Value::List(items), k) => match k.as_f64() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 && (n as usize) < items.len() => {
                    items[n as usize].clone()
                }
                Some(n) => self.error(
                    self.loc(scope, span),
                    format!(
                        "index {} out of range for a list of {} elements",
                        value::format_number(n),
                        items.len()
                    ),
                ),
                None => self.error(
                    self.loc(scope, span),
                    format!("a list index must be a number, got {}", k.display()),
                ),
            },
            (Value::Object(m), k) => match k.to_template_string() {
                Some(s) => match m.get(&s) {
                    Some(x) => x.clone(),
                    None => self.error(
                        self.loc(scope, span),
                        format!("no element {s:?} in the map"),
                    ),
                },
                None => self.error(
                    self.loc(scope, span),
                    format!("a map key must be a string, got {}", k.display()),
                ),
            },
            // `resource["arn"]` reads an attribute, as `resource.arn` does: one the
            // configuration does not set is computed by the provider, so unknown.
            (Value::Resource(r), k) => match k.as_str() {
                Some(name) => {
                    self.state.add_ref(r.address.clone());
                    open_blocks(&r.address, v.get(name).unwrap_or(Value::Null))
                }
                None => self.index(&r.attrs, k, scope, span),
            },
            (Value::Null, _) => self.error(self.loc(scope, span), "cannot index a null value"),
            (other, _) => self.error(
                self.loc(scope, span),
                format!("cannot index a {}", other.type_name()),
            ),
        }
    }

    /// Record the evaluation of a memoised value's references in the current collector.
    pub fn with_refs<T>(&self, f: impl FnOnce() -> T) -> (T, BTreeSet<Arc<str>>) {
        self.state.push_refs();
        let v = f();
        let refs = self.state.pop_refs();
        // What a part refers to, the whole refers to as well.
        self.state.add_refs(&refs);
        (v, refs)
    }
}

/// Nested blocks read from a resource (`aws_eks_cluster.this.vpc_config[0]`) hold only what the
/// configuration sets; the provider computes the rest (`cluster_security_group_id`). Each block
/// is given the resource's reading rule, so an attribute it lacks is unknown, not an error.
/// Only lists of objects (blocks) are opened, not maps such as `tags`.
fn open_blocks(address: &Arc<str>, v: Value) -> Value {
    let Value::List(items) = &v else {
        return v;
    };
    if !items.iter().any(|x| matches!(x, Value::Object(_))) {
        return v;
    }
    Value::list(
        items
            .iter()
            .map(|x| match x {
                Value::Object(_) => Value::Resource(Arc::new(value::ResourceValue {
                    address: address.clone(),
                    attrs: x.clone(),
                })),
                other => other.clone(),
            })
            .collect(),
    )
}

/// Structural equality as Terraform's `==` sees it (numbers by value, lists by element).
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| values_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && values_equal(va, vb))
        }
        _ => a == b,
    }
}

/// `x op y` when a 64-bit float holds the exact result; `None` when it would be rounded.
/// Terraform computes with arbitrary precision (`0.1 + 0.2` is `0.3`, `10 / 3` has 160 digits),
/// so a rounded result would be a different value: it is treated as unresolved instead.
pub fn exact_arithmetic(op: BinaryOp, x: f64, y: f64) -> Option<f64> {
    // A literal like 1.1 is not exactly a binary number: Terraform's 512-bit value of it and a
    // 64-bit float differ, and so do results computed from it (`3 * 1.1`).
    if !is_binary_exact(x) || !is_binary_exact(y) {
        return None;
    }
    let (r, exact) = match op {
        BinaryOp::Plus | BinaryOp::Minus => {
            let y = if op == BinaryOp::Minus { -y } else { y };
            let r = x + y;
            // TwoSum: the rounding error of the addition.
            let yy = r - x;
            let err = (x - (r - yy)) + (y - yy);
            (r, err == 0.0)
        }
        BinaryOp::Mul => {
            let r = x * y;
            (r, x.mul_add(y, -r) == 0.0)
        }
        BinaryOp::Div => {
            let r = x / y;
            (r, r.mul_add(y, -x) == 0.0)
        }
        _ => return None,
    };
    (exact && r.is_finite()).then_some(r)
}

/// Whether the decimal a number is written as (its shortest form) is exactly the binary value:
/// integers, and fractions like 0.5 or 2.25 (a decimal N / 10^k is binary iff 5^k divides N).
fn is_binary_exact(x: f64) -> bool {
    if x.fract() == 0.0 {
        return true;
    }
    let text = format!("{}", x.abs());
    let Some((int, frac)) = text.split_once('.') else {
        return false;
    };
    if frac.len() > 20 {
        return false;
    }
    let Ok(n) = format!("{int}{frac}").parse::<u128>() else {
        return false;
    };
    n % 5u128.pow(frac.len() as u32) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the oracle: Terraform's numbers have arbitrary precision, so results that a
    /// 64-bit float rounds are unresolved, never a different value.
    #[test]
    fn arithmetic_is_exact_or_unresolved() {
        assert_eq!(exact_arithmetic(BinaryOp::Plus, 1.0, 2.0), Some(3.0));
        assert_eq!(
            exact_arithmetic(BinaryOp::Mul, 86400.0, 3.0),
            Some(259200.0)
        );
        assert_eq!(exact_arithmetic(BinaryOp::Div, 5.0, 2.0), Some(2.5));
        assert_eq!(exact_arithmetic(BinaryOp::Minus, 0.5, 0.25), Some(0.25));
        assert_eq!(exact_arithmetic(BinaryOp::Plus, 0.1, 0.2), None);
        assert_eq!(exact_arithmetic(BinaryOp::Div, 10.0, 3.0), None);
        assert_eq!(exact_arithmetic(BinaryOp::Mul, 3.0, 1.1), None);
        assert_eq!(exact_arithmetic(BinaryOp::Mul, 1.5, 2.0), Some(3.0));
        assert!(is_binary_exact(0.25) && is_binary_exact(-2.5) && !is_binary_exact(0.1));
    }
}
