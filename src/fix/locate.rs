//! Finding the text that decides a value: the resource's own argument, or the variable default
//! or `.tfvars` value it comes from; and building the edit there.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use super::{Edit, Fix, Origin};
use crate::parse::FileKind;
use crate::source::{FileId, Span};
use crate::syntax::{Attribute, Block, Body, Expr, ExprKind, ObjectKey, TemplatePart, Traverse};
use crate::terraform::loaded::Loaded;
use crate::terraform::Instance;

pub struct Cx<'a> {
    pub loaded: &'a Loaded,
    bodies: RefCell<HashMap<FileId, Option<Rc<Body>>>>,
    instances: HashMap<(&'a str, &'a str), &'a Arc<Instance>>,
}

impl<'a> Cx<'a> {
    pub fn new(loaded: &'a Loaded) -> Cx<'a> {
        let mut instances = HashMap::new();
        for root in &loaded.model.roots {
            for i in &root.instances {
                instances.insert((root.display.as_str(), i.address.as_str()), i);
            }
        }
        Cx {
            loaded,
            bodies: RefCell::new(HashMap::new()),
            instances,
        }
    }

    pub fn instance(&self, root: &str, address: &str) -> Option<&'a Arc<Instance>> {
        self.instances.get(&(root, address)).copied()
    }

    pub fn text(&self, file: FileId) -> &'a str {
        &self.loaded.sources.get(file).text
    }

    pub fn kind(&self, file: FileId) -> Option<FileKind> {
        FileKind::of(&self.loaded.sources.get(file).path)
    }

    pub fn display(&self, file: FileId) -> &'a str {
        &self.loaded.sources.get(file).display
    }

    /// The file parsed again (the model keeps values, not syntax); `None` when it does not parse.
    pub fn body(&self, file: FileId) -> Option<Rc<Body>> {
        if let Some(b) = self.bodies.borrow().get(&file) {
            return b.clone();
        }
        let parsed = self
            .kind(file)
            .and_then(|k| crate::parse::parse_text(self.text(file), k).0)
            .map(Rc::new);
        self.bodies.borrow_mut().insert(file, parsed.clone());
        parsed
    }

    /// The top-level block an instance was built from.
    pub fn block_of(&self, i: &Instance) -> Option<Block> {
        let body = self.body(i.file)?;
        body.blocks.iter().find(|b| b.span == i.span).cloned()
    }

    /// `(root, address)` of every instance built from the block at `span` of `file`.
    pub fn instances_of_block(&self, file: FileId, span: Span) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for root in &self.loaded.model.roots {
            for i in &root.instances {
                if i.file == file && i.span == span {
                    out.push((root.display.clone(), i.address.clone()));
                }
            }
        }
        out
    }

    /// The files pe-lint read from the folder `file` is in, in a fixed order.
    pub fn folder_files(&self, file: FileId) -> Vec<FileId> {
        let dir = self
            .loaded
            .sources
            .get(file)
            .path
            .parent()
            .map(Path::to_path_buf);
        let mut out: Vec<FileId> = self
            .loaded
            .sources
            .iter()
            .filter(|(_, f)| f.path.parent().map(Path::to_path_buf) == dir)
            .map(|(id, _)| id)
            .collect();
        out.sort_by_key(|id| self.display(*id).to_string());
        out
    }

    /// An `_override.tf` file in the folder configures a block with these labels too: what
    /// the base file says may not be what Terraform uses.
    pub fn overridden(&self, i: &Instance) -> bool {
        self.folder_files(i.file).into_iter().any(|f| {
            let name = self.display(f).rsplit('/').next().unwrap_or("").to_string();
            let is_override = ["override.tf", "override.tf.json"].contains(&name.as_str())
                || name.ends_with("_override.tf")
                || name.ends_with("_override.tf.json");
            is_override
                && self.body(f).is_some_and(|b| {
                    b.blocks.iter().any(|b| {
                        b.labels.first() == Some(&i.rtype) && b.labels.get(1) == Some(&i.name)
                    })
                })
        })
    }
}

/// Set argument `attr` of instance `i` to `value` (HCL and JSON spell `true` and numbers
/// alike): at its literal, as a new argument, or at the variable it comes from.
pub fn set_attr(cx: &Cx<'_>, i: &Instance, attr: &str, value: &str) -> Result<Fix, String> {
    set_attrs(cx, i, &[(attr, value)])
}

/// [`set_attr`] for several arguments of one block: the missing ones are added together, so
/// that they are aligned as one group.
pub fn set_attrs(cx: &Cx<'_>, i: &Instance, pairs: &[(&str, &str)]) -> Result<Fix, String> {
    let names: Vec<&str> = pairs.iter().map(|(a, _)| *a).collect();
    if cx.overridden(i) {
        return Err(format!(
            "an override file also configures {}, so the base block may not decide `{}`",
            i.address,
            names.join("`, `")
        ));
    }
    let block = cx
        .block_of(i)
        .ok_or_else(|| format!("the block of {} was not found in its file", i.address))?;
    let decides = cx.instances_of_block(i.file, block.span);
    let mut edits = Vec::new();
    let mut missing = Vec::new();
    let mut origin = Origin::Resource;
    let mut what = Vec::new();
    for &(attr, value) in pairs {
        let Some(a) = block.body.attr(attr) else {
            missing.push((attr, value));
            what.push(format!("set `{attr} = {value}` in {}", i.address));
            continue;
        };
        let (edit, said, from_variable) = set_existing(cx, i, a, attr, value)?;
        edits.push(edit);
        what.push(said);
        if from_variable {
            origin = Origin::Variable;
        }
    }
    if !missing.is_empty() && cx.kind(i.file) == Some(FileKind::TfJson) {
        let pairs: Vec<(String, super::jsonins::JVal)> = missing
            .iter()
            .map(|(a, v)| (a.to_string(), super::jsonins::from_hcl(v)))
            .collect();
        edits.extend(super::jsonins::insert(cx, i.file, block.span, &pairs)?);
    } else if !missing.is_empty() {
        edits.extend(super::align::insert_attrs(cx, i.file, &block, &missing)?);
    }
    Ok(fix(edits, what.join("; "), origin, decides))
}

/// The edit of an argument that is there: its literal, or the variable's origin.
fn set_existing(
    cx: &Cx<'_>,
    i: &Instance,
    a: &Attribute,
    attr: &str,
    value: &str,
) -> Result<(Edit, String, bool), String> {
    match &a.expr.kind {
        ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::Str(_) => Ok((
            replace(i.file, a.expr.span, value),
            format!("set `{attr} = {value}` in {}", i.address),
            false,
        )),
        _ => match variable_name(&a.expr) {
            Some(name) if i.module.is_empty() => {
                let (edit, place) = variable_origin(cx, i, attr, name, value)?;
                let what = format!("set `{name} = {value}` in {place} (`{attr}` of {})", i.address);
                Ok((edit, what, true))
            }
            Some(name) => Err(format!(
                "`{attr}` comes from `var.{name}`, a module input the caller decides; set it where the module is called"
            )),
            None => Err(format!(
                "`{attr}` is computed by `{}`; pe-lint does not rewrite expressions",
                snippet(cx.text(i.file), a.expr.span)
            )),
        },
    }
}

pub fn fix(edits: Vec<Edit>, what: String, origin: Origin, decides: Vec<(String, String)>) -> Fix {
    Fix {
        edits,
        what,
        origin,
        decides,
    }
}

pub fn replace(file: FileId, span: Span, text: &str) -> Edit {
    Edit {
        file,
        span,
        text: text.to_string(),
    }
}

/// `var.NAME` exactly.
fn variable_name(e: &Expr) -> Option<&str> {
    match e.as_traversal_names()?.as_slice() {
        ["var", name] => Some(name),
        _ => None,
    }
}

/// The text of a span, on one line and short, for messages.
pub fn snippet(text: &str, span: Span) -> String {
    let s = text
        .get(span.start as usize..span.end as usize)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// The one place that decides root variable `name`: a `.tfvars` value in the root's folder,
/// else its default. Refused when the variable is used anywhere else (the edit would change
/// another value), or when something pe-lint cannot edit decides it.
fn variable_origin(
    cx: &Cx<'_>,
    i: &Instance,
    attr: &str,
    name: &str,
    value: &str,
) -> Result<(Edit, String), String> {
    let files = cx.folder_files(i.file);
    let uses: usize = files
        .iter()
        .filter(|f| matches!(cx.kind(**f), Some(FileKind::Tf | FileKind::TfJson)))
        .filter_map(|f| cx.body(*f))
        .map(|b| count_in_body(&b, name))
        .sum();
    if uses > 1 {
        return Err(format!(
            "`{attr}` comes from `var.{name}`, which is also used in {} other place(s); change it by hand",
            uses - 1
        ));
    }
    let unread = unread_files(cx, i.file);
    if !unread.is_empty() {
        return Err(format!(
            "`{attr}` comes from `var.{name}`, and the folder has Terraform files pe-lint did not read ({}), which may use it",
            crate::escape::line(&unread.join(", "))
        ));
    }
    if std::env::var_os(format!("TF_VAR_{name}")).is_some() {
        return Err(format!(
            "`{attr}` comes from `var.{name}`, set by the environment variable TF_VAR_{name}"
        ));
    }
    let tfvars: Vec<(FileId, Attribute)> = cx
        .loaded
        .sources
        .iter()
        .filter(|(id, _)| {
            files.contains(id)
                && matches!(cx.kind(*id), Some(FileKind::Tfvars | FileKind::TfvarsJson))
        })
        .filter_map(|(id, _)| {
            let b = cx.body(id)?;
            b.attr(name).cloned().map(|a| (id, a))
        })
        .collect();
    let (file, expr) = match tfvars.as_slice() {
        [] => default_of(cx, &files, name)?,
        [(file, a)] => (*file, a.expr.clone()),
        _ => {
            return Err(format!(
                "`{attr}` comes from `var.{name}`, which {} variable files set",
                tfvars.len()
            ))
        }
    };
    if !decides_run_value(cx, i, name, &expr.kind) {
        return Err(format!(
            "`{attr}` comes from `var.{name}`, which the command line or a variable file named there sets"
        ));
    }
    match expr.kind {
        ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::Str(_) => Ok((
            replace(file, expr.span, value),
            cx.display(file).to_string(),
        )),
        _ => Err(format!(
            "`{attr}` comes from `var.{name}`, whose value `{}` is an expression",
            snippet(cx.text(file), expr.span)
        )),
    }
}

/// Is the literal the value the run gave the root variable? If not, `-var`/`-var-file`
/// decides it and editing the literal would change nothing.
fn decides_run_value(cx: &Cx<'_>, i: &Instance, name: &str, literal: &ExprKind) -> bool {
    let root = cx
        .loaded
        .model
        .roots
        .iter()
        .find(|r| r.instances.iter().any(|x| std::ptr::eq(x.as_ref(), i)));
    let Some(value) = root.and_then(|r| r.variables.get(name)) else {
        return false;
    };
    match literal {
        ExprKind::Bool(b) => value.as_bool() == Some(*b),
        ExprKind::Number(n) => value.as_f64() == Some(*n),
        ExprKind::Str(s) => value.as_str() == Some(s.as_str()),
        ExprKind::Null => value.is_null(),
        _ => true,
    }
}

/// Configuration files Terraform loads from the folder of `file` that pe-lint did not read
/// (excluded by the configuration), by name.
fn unread_files(cx: &Cx<'_>, file: FileId) -> Vec<String> {
    let read: Vec<std::ffi::OsString> = cx
        .folder_files(file)
        .into_iter()
        .filter_map(|f| cx.loaded.sources.get(f).path.file_name().map(Into::into))
        .collect();
    let Some(dir) = cx.loaded.sources.get(file).path.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return vec!["(the folder cannot be listed)".to_string()];
    };
    let mut out: Vec<String> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| matches!(FileKind::of(p), Some(FileKind::Tf | FileKind::TfJson)))
        .filter(|p| p.file_name().is_some_and(|n| !read.iter().any(|r| r == n)))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    out.sort();
    out
}

fn default_of(cx: &Cx<'_>, files: &[FileId], name: &str) -> Result<(FileId, Expr), String> {
    for f in files {
        let Some(body) = cx.body(*f) else { continue };
        let decl = body
            .blocks
            .iter()
            .find(|b| b.kind == "variable" && b.labels.first().map(String::as_str) == Some(name));
        if let Some(d) = decl {
            return match d.body.attr("default") {
                Some(a) => Ok((*f, a.expr.clone())),
                None => Err(format!("`var.{name}` has no default to edit")),
            };
        }
    }
    Err(format!("the declaration of `var.{name}` was not found"))
}

/// References to `var.NAME` anywhere in a file (resources, locals, outputs, module calls).
fn count_in_body(body: &Body, name: &str) -> usize {
    body.attrs
        .iter()
        .map(|a| count_in_expr(&a.expr, name))
        .sum::<usize>()
        + body
            .blocks
            .iter()
            .map(|b| count_in_body(&b.body, name))
            .sum::<usize>()
}

fn count_in_expr(e: &Expr, name: &str) -> usize {
    let many =
        |es: &mut dyn Iterator<Item = &Expr>| es.map(|x| count_in_expr(x, name)).sum::<usize>();
    match &e.kind {
        ExprKind::Traversal(root, ops) => {
            let direct = matches!(&root.kind, ExprKind::Var(v) if v == "var")
                && matches!(ops.first(), Some(Traverse::Attr(a)) if a == name);
            let inner = ops
                .iter()
                .map(|op| match op {
                    Traverse::Index(x) => count_in_expr(x, name),
                    _ => 0,
                })
                .sum::<usize>();
            usize::from(direct) + inner + count_in_expr(root, name)
        }
        ExprKind::Template(parts) => count_in_parts(parts, name),
        ExprKind::Tuple(xs) => many(&mut xs.iter()),
        ExprKind::Object(kvs) => kvs
            .iter()
            .map(|(k, v)| {
                let key = match k {
                    ObjectKey::Expr(x) => count_in_expr(x, name),
                    ObjectKey::Ident(_) => 0,
                };
                key + count_in_expr(v, name)
            })
            .sum(),
        ExprKind::Call(c) => many(&mut c.args.iter()),
        ExprKind::Conditional(x) => many(&mut x.iter()),
        ExprKind::Binary(_, x) => many(&mut x.iter()),
        ExprKind::Unary(_, x) | ExprKind::Paren(x) => count_in_expr(x, name),
        ExprKind::For(f) => many(
            &mut [
                Some(&f.collection),
                f.key_expr.as_ref(),
                Some(&f.value_expr),
                f.cond.as_ref(),
            ]
            .into_iter()
            .flatten(),
        ),
        ExprKind::Null
        | ExprKind::Bool(_)
        | ExprKind::Number(_)
        | ExprKind::Str(_)
        | ExprKind::Var(_) => 0,
    }
}

fn count_in_parts(parts: &[TemplatePart], name: &str) -> usize {
    parts
        .iter()
        .map(|p| match p {
            TemplatePart::Lit(_) => 0,
            TemplatePart::Interp(x) => count_in_expr(x, name),
            TemplatePart::If {
                cond,
                then,
                otherwise,
            } => {
                count_in_expr(cond, name)
                    + count_in_parts(then, name)
                    + count_in_parts(otherwise, name)
            }
            TemplatePart::For {
                collection, body, ..
            } => count_in_expr(collection, name) + count_in_parts(body, name),
        })
        .sum()
}
