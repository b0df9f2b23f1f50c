//! PE005 when the retention is chosen by the environment: `local.retention[var.env]`,
//! `{ prod = 30, dev = 14 }[var.environment]`, `lookup(local.retention, var.env, 14)`, or
//! `var.env == "prod" ? 90 : 14`. Each entry that
//! names an environment gets that environment's required value, only where it is wrong; the
//! branch that decides "every other environment" is edited only for the run's environment.

use super::locate::{replace, snippet, Cx};
use super::Edit;
use crate::rules::settings::ENV_VARIABLES;
use crate::rules::Settings;
use crate::syntax::{BinaryOp, Expr, ExprKind, ObjectKey, Traverse};
use crate::terraform::value::format_number;
use crate::terraform::Instance;
use crate::types::Env;

/// What decides the retention, when it is keyed by the environment.
pub enum Keyed<'e> {
    /// An object literal indexed by `var.NAME`; `local` names the local it is, if one.
    Map {
        object: Expr,
        local: Option<String>,
        file: crate::source::FileId,
        /// `lookup`'s third argument: it decides every environment the map has no key for.
        default: Option<&'e Expr>,
        /// Whether the map has the run's environment value as a key, exactly (`lookup` does
        /// not read `production` for `prod`).
        has_run_key: bool,
    },
    Conditional(&'e Expr),
}

/// `Some` when `e` is one of the keyed forms on an environment variable.
pub fn keyed<'e>(cx: &Cx<'_>, i: &Instance, e: &'e Expr) -> Result<Option<Keyed<'e>>, String> {
    let (map, key, default) = match &e.kind {
        ExprKind::Conditional(parts) => {
            return Ok(env_test(&parts[0]).map(|_| Keyed::Conditional(e)));
        }
        ExprKind::Call(c) if c.name == "lookup" && !c.expand_final => match c.args.as_slice() {
            [map, key] if env_variable(key).is_some() => (map, key, None),
            [map, key, default] if env_variable(key).is_some() => (map, key, Some(default)),
            _ => return Ok(None),
        },
        ExprKind::Traversal(root, ops) => {
            let Some((Traverse::Index(key), path)) = ops.split_last() else {
                return Ok(None);
            };
            if env_variable(key).is_none() {
                return Ok(None);
            }
            return map_of(cx, i, key, root, path, None);
        }
        _ => return Ok(None),
    };
    match &map.kind {
        ExprKind::Object(_) => map_of(cx, i, key, map, &[], default),
        ExprKind::Traversal(root, path) => map_of(cx, i, key, root, path, default),
        _ => Ok(None),
    }
}

/// The map `root.path` is, when it is an object literal (`path` empty) or `local.NAME`.
fn map_of<'e>(
    cx: &Cx<'_>,
    i: &Instance,
    key: &Expr,
    root: &Expr,
    path: &[Traverse],
    default: Option<&'e Expr>,
) -> Result<Option<Keyed<'e>>, String> {
    let (file, object, local) = match (&root.kind, path) {
        (ExprKind::Object(_), []) => (i.file, root.clone(), None),
        (ExprKind::Var(v), [Traverse::Attr(name)]) if v == "local" => {
            let (file, object) = local_object(cx, i, name)?;
            (file, object, Some(name.clone()))
        }
        _ => return Ok(None),
    };
    let has_run_key = match (run_value(cx, i, key), &object.kind) {
        (Some(run), ExprKind::Object(items)) => {
            items.iter().any(|(k, _)| key_text(k) == Some(run.as_str()))
        }
        _ => false,
    };
    Ok(Some(Keyed::Map {
        object,
        local,
        file,
        default,
        has_run_key,
    }))
}

/// An object key written as a name or a string.
fn key_text(k: &ObjectKey) -> Option<&str> {
    match k {
        ObjectKey::Ident(s) => Some(s.as_str()),
        ObjectKey::Expr(x) => match &x.kind {
            ExprKind::Str(s) => Some(s.as_str()),
            _ => None,
        },
    }
}

/// The run's value of the environment variable `key` (`var.NAME`) in `i`'s root.
fn run_value(cx: &Cx<'_>, i: &Instance, key: &Expr) -> Option<String> {
    let name = env_variable(key)?;
    let root = cx
        .loaded
        .model
        .roots
        .iter()
        .find(|r| r.instances.iter().any(|x| std::ptr::eq(x.as_ref(), i)))?;
    root.variables.get(name)?.as_str().map(str::to_string)
}

/// `var.NAME` where NAME is one of the variables that name the environment.
fn env_variable(e: &Expr) -> Option<&str> {
    match e.as_traversal_names()?.as_slice() {
        ["var", name] if ENV_VARIABLES.contains(name) => Some(name),
        _ => None,
    }
}

/// `var.env == "prod"` (either way round): the environment it tests for.
fn env_test(e: &Expr) -> Option<Env> {
    let ExprKind::Binary(BinaryOp::Eq, sides) = &e.kind else {
        return None;
    };
    let [a, b] = sides.as_ref();
    let literal = match (env_variable(a), env_variable(b)) {
        (Some(_), None) => b,
        (None, Some(_)) => a,
        _ => return None,
    };
    match &literal.kind {
        ExprKind::Str(s) => Env::parse_loose(s),
        _ => None,
    }
}

/// The object literal `local.NAME` is, and its file; refused when the local is defined by
/// anything else, or used anywhere but `local.NAME[var.ENV]` retentions (the edit would change
/// that value too).
fn local_object(
    cx: &Cx<'_>,
    i: &Instance,
    name: &str,
) -> Result<(crate::source::FileId, Expr), String> {
    let mut found = None;
    let mut uses = 0usize;
    let mut keyed_uses = 0usize;
    let pattern = regex::Regex::new(&format!(r"\blocal\.{}\b", regex::escape(name)))
        .map_err(|e| e.to_string())?;
    let exact = regex::Regex::new(&format!(
        r"retention_in_days\s*=\s*(local\.{0}\[var\.[a-z_]+\]|lookup\(\s*local\.{0}\s*,\s*var\.[a-z_]+\s*(,\s*[0-9]+\s*)?\))\s*(\n|#|//)",
        regex::escape(name)
    ))
    .map_err(|e| e.to_string())?;
    for f in cx.folder_files(i.file) {
        let text = cx.text(f);
        uses += pattern.find_iter(text).count();
        keyed_uses += exact.find_iter(text).count();
        let Some(body) = cx.body(f) else { continue };
        for b in body.blocks.iter().filter(|b| b.kind == "locals") {
            if let Some(a) = b.body.attr(name) {
                found = Some((f, a.expr.clone()));
            }
        }
    }
    let (file, expr) = found.ok_or_else(|| format!("`local.{name}` was not found"))?;
    if !matches!(expr.kind, ExprKind::Object(_)) {
        return Err(format!(
            "`local.{name}` is `{}`, not an object literal",
            snippet(cx.text(file), expr.span)
        ));
    }
    if uses != keyed_uses {
        return Err(format!(
            "`local.{name}` is also used in {} other place(s); change it by hand",
            uses - keyed_uses.min(uses)
        ));
    }
    Ok((file, expr))
}

/// The edits that give every environment entry its required value: for a map, each key that
/// names an environment; for a conditional chain, each tested branch and the final one when it
/// decides the run's environment. The run's environment must be decided by a literal.
pub fn edits(
    cx: &Cx<'_>,
    settings: &Settings,
    keyed: &Keyed<'_>,
    file: crate::source::FileId,
    env: Env,
) -> Result<Vec<Edit>, String> {
    let mut edits = Vec::new();
    let mut decided = false;
    match keyed {
        Keyed::Map {
            object,
            file: f,
            default,
            has_run_key,
            ..
        } => {
            let ExprKind::Object(items) = &object.kind else {
                return Err("not an object".into());
            };
            for (k, v) in items {
                if let Some(e) = key_text(k).and_then(Env::parse_loose) {
                    decided |= entry(cx, settings, (v, *f), e, env, &mut edits)?;
                }
            }
            // `lookup`'s default decides the run's environment only when the map has no key
            // for it; then it is edited as a conditional's last `else` is.
            if let (false, Some(d)) = (*has_run_key, default) {
                decided = entry(cx, settings, (d, file), env, env, &mut edits)?;
            }
        }
        Keyed::Conditional(mut e) => loop {
            let ExprKind::Conditional(parts) = &e.kind else {
                // The last `else` decides every environment not tested above.
                if !decided {
                    decided = entry(cx, settings, (e, file), env, env, &mut edits)?;
                }
                break;
            };
            match env_test(&parts[0]) {
                Some(tested) => {
                    decided |= entry(cx, settings, (&parts[1], file), tested, env, &mut edits)?
                }
                None => return Err("a condition does not test the environment variable".into()),
            }
            e = &parts[2];
        },
    }
    if !decided {
        return Err(format!("no entry decides the {} retention", env.as_str()));
    }
    Ok(edits)
}

/// The edit giving one entry (`x`, deciding environment `e`) its required value, when it is a
/// number literal that is wrong; whether it decides the run's environment `env`.
fn entry(
    cx: &Cx<'_>,
    settings: &Settings,
    (x, f): (&Expr, crate::source::FileId),
    e: Env,
    env: Env,
    edits: &mut Vec<Edit>,
) -> Result<bool, String> {
    let Some(days) = settings.retention_days.get(&e).map(|d| format_number(*d)) else {
        return Ok(false);
    };
    match &x.kind {
        ExprKind::Number(n) if format_number(*n) == days => {}
        ExprKind::Number(_) => edits.push(replace(f, x.span, &days)),
        _ if e != env => {}
        _ => {
            return Err(format!(
                "the {} value `{}` is not a number literal",
                e.as_str(),
                snippet(cx.text(f), x.span)
            ))
        }
    }
    Ok(e == env)
}
