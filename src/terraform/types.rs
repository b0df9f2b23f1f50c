//! Variable type constraints: conversion of input values to the declared type, including
//! `optional(type, default)` attributes of object types.

use crate::syntax::{Expr, ExprKind, ObjectKey};

use super::value::{Map, Value};

#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(Vec<ObjAttr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjAttr {
    pub name: String,
    pub ty: Type,
    pub optional: bool,
    /// Default for an optional attribute (a constant expression).
    pub default: Option<Value>,
}

/// Read a type constraint expression. Unknown forms read as `any`.
pub fn parse_type(e: &Expr, eval_const: &dyn Fn(&Expr) -> Value) -> Type {
    match &e.kind {
        ExprKind::Var(n) => match n.as_str() {
            "string" => Type::String,
            "number" => Type::Number,
            "bool" => Type::Bool,
            "list" => Type::List(Box::new(Type::Any)),
            "set" => Type::Set(Box::new(Type::Any)),
            "map" => Type::Map(Box::new(Type::Any)),
            _ => Type::Any,
        },
        ExprKind::Call(c) => {
            let arg = |i: usize| {
                c.args
                    .get(i)
                    .map(|a| parse_type(a, eval_const))
                    .unwrap_or(Type::Any)
            };
            match c.name.as_str() {
                "list" => Type::List(Box::new(arg(0))),
                "set" => Type::Set(Box::new(arg(0))),
                "map" => Type::Map(Box::new(arg(0))),
                "tuple" => match c.args.first().map(|a| &a.kind) {
                    Some(ExprKind::Tuple(items)) => {
                        Type::Tuple(items.iter().map(|i| parse_type(i, eval_const)).collect())
                    }
                    _ => Type::Any,
                },
                "object" => match c.args.first().map(|a| &a.kind) {
                    Some(ExprKind::Object(items)) => Type::Object(
                        items
                            .iter()
                            .filter_map(|(k, v)| {
                                let name = match k {
                                    ObjectKey::Ident(s) => s.clone(),
                                    ObjectKey::Expr(e) => match &e.kind {
                                        ExprKind::Str(s) => s.clone(),
                                        ExprKind::Var(s) => s.clone(),
                                        _ => return None,
                                    },
                                };
                                Some(obj_attr(name, v, eval_const))
                            })
                            .collect(),
                    ),
                    _ => Type::Any,
                },
                _ => Type::Any,
            }
        }
        ExprKind::Paren(inner) => parse_type(inner, eval_const),
        _ => Type::Any,
    }
}

fn obj_attr(name: String, v: &Expr, eval_const: &dyn Fn(&Expr) -> Value) -> ObjAttr {
    if let ExprKind::Call(c) = &v.kind {
        if c.name == "optional" {
            let ty = c
                .args
                .first()
                .map(|a| parse_type(a, eval_const))
                .unwrap_or(Type::Any);
            let default = c.args.get(1).map(eval_const);
            return ObjAttr {
                name,
                ty,
                optional: true,
                default,
            };
        }
    }
    ObjAttr {
        name,
        ty: parse_type(v, eval_const),
        optional: false,
        default: None,
    }
}

/// Convert a value to a type the way Terraform does for variables. Unknown parts stay
/// unknown; a conversion that Terraform would reject returns `Err` with the reason.
pub fn convert(v: &Value, ty: &Type) -> Result<Value, String> {
    match (ty, v) {
        (_, Value::Unknown(_)) | (Type::Any, _) | (_, Value::Null) => Ok(v.clone()),
        (Type::String, Value::String(_) | Value::Partial(_)) => Ok(v.clone()),
        (Type::String, Value::Number(_) | Value::Bool(_)) => {
            Ok(Value::string(v.to_template_string().unwrap_or_default()))
        }
        (Type::Number, Value::Number(_)) => Ok(v.clone()),
        (Type::Number, Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map(Value::Number)
            .map_err(|_| format!("a number is required, got {}", v.display())),
        (Type::Bool, Value::Bool(_)) => Ok(v.clone()),
        (Type::Bool, Value::String(s)) => match &**s {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("a bool is required, got {}", v.display())),
        },
        (Type::List(el), Value::List(items)) => Ok(Value::list(
            items
                .iter()
                .map(|i| convert(i, el))
                .collect::<Result<_, _>>()?,
        )),
        (Type::Set(el), Value::List(items)) => {
            let mut out: Vec<Value> = items
                .iter()
                .map(|i| convert(i, el))
                .collect::<Result<_, _>>()?;
            if out.iter().all(|v| matches!(v, Value::String(_))) {
                out.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            }
            out.dedup();
            Ok(Value::list(out))
        }
        (Type::Tuple(tys), Value::List(items)) => Ok(Value::list(
            items
                .iter()
                .zip(tys.iter().chain(std::iter::repeat(&Type::Any)))
                .map(|(i, t)| convert(i, t))
                .collect::<Result<_, _>>()?,
        )),
        (Type::Map(el), Value::Object(m)) => Ok(Value::object(
            m.iter()
                .map(|(k, v)| convert(v, el).map(|v| (k.clone(), v)))
                .collect::<Result<_, _>>()?,
        )),
        (Type::Object(attrs), Value::Object(m)) => {
            let mut out = Map::new();
            for a in attrs {
                let val = match m.get(&a.name) {
                    Some(Value::Null) | None if a.optional => {
                        a.default.clone().unwrap_or(Value::Null)
                    }
                    Some(x) => x.clone(),
                    None => return Err(format!("attribute \"{}\" is required", a.name)),
                };
                out.insert(a.name.clone(), convert(&val, &a.ty)?);
            }
            Ok(Value::object(out))
        }
        (Type::List(_) | Type::Set(_) | Type::Tuple(_), _) => {
            Err(format!("a list is required, got {}", v.type_name()))
        }
        (Type::Map(_) | Type::Object(_), _) => Err(format!(
            "a map or object is required, got {}",
            v.type_name()
        )),
        (Type::String, _) => Err(format!("a string is required, got {}", v.type_name())),
        (Type::Number, _) => Err(format!("a number is required, got {}", v.type_name())),
        (Type::Bool, _) => Err(format!("a bool is required, got {}", v.type_name())),
    }
}

impl Type {
    /// Whether `-var`/`TF_VAR_` text is taken literally (strings) or parsed as HCL.
    pub fn is_primitive_string(&self) -> bool {
        matches!(self, Type::String | Type::Any)
    }
}
