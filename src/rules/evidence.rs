//! The cells of the Markdown evidence inventory that a policy file's `evidence` block cannot
//! declare by path: joins (a bucket's public access block), decoding (a queue's redrive
//! policy), placement summaries. A column names one with `cell = "NAME"`; the function lives
//! in the Rust file of the rule it belongs to and is listed in [`CELLS`] by that name.
//!
//! Cells are structured ([`Piece`]), not Markdown: the report escapes every piece, so nothing
//! a rule computes from the tree reaches the document unescaped.

use crate::rules::meta::Column;
use crate::terraform::{Instance, Value};

/// One piece of a cell, escaped by the report for its format.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text, with the `code spans` rule messages use.
    Text(String),
    /// One code span (an address).
    Code(String),
    /// Emphasised text (a missing piece: **none**).
    Strong(String),
}

pub type Cell = Vec<Piece>;

pub fn text(s: impl Into<String>) -> Cell {
    vec![Piece::Text(s.into())]
}

pub fn code(s: impl Into<String>) -> Cell {
    vec![Piece::Code(s.into())]
}

/// What a computed cell may read besides its own row: the run's other resources and rules.
pub trait Inventory {
    /// The managed instances of `rtype` in root `root`, sorted by address.
    fn instances(&self, root: usize, rtype: &str) -> Vec<&Instance>;
    /// Why a rule was not run (disabled by configuration, skipped by the command line).
    fn disabled_reason(&self, rule: &str) -> Option<&'static str>;
}

/// The rows of one table: (root index, instance), sorted, and the rule whose table it is.
pub struct Rows<'a> {
    pub inventory: &'a dyn Inventory,
    pub rule: &'a str,
    pub rows: &'a [(usize, &'a Instance)],
}

/// A computed column: one cell per row. Whole columns, not single cells, so that a join or a
/// decode is done once per table rather than once per pair of rows.
pub type Compute = fn(&Rows<'_>) -> Vec<Cell>;

/// Every computed cell a policy file may name, by name.
pub const CELLS: &[(&str, Compute)] = &[
    (
        "kms_rotation_period",
        super::pe001_kms_rotation::rotation_period_cells,
    ),
    (
        "kms_not_applicable",
        super::pe001_kms_rotation::not_applicable_cells,
    ),
    (
        "s3_public_access_block",
        super::pe002_s3_public_access::block_cells,
    ),
    ("s3_block_public_acls", |t| {
        super::pe002_s3_public_access::flag_cells(t, "block_public_acls")
    }),
    ("s3_block_public_policy", |t| {
        super::pe002_s3_public_access::flag_cells(t, "block_public_policy")
    }),
    ("s3_ignore_public_acls", |t| {
        super::pe002_s3_public_access::flag_cells(t, "ignore_public_acls")
    }),
    ("s3_restrict_public_buckets", |t| {
        super::pe002_s3_public_access::flag_cells(t, "restrict_public_buckets")
    }),
    (
        "sqs_dead_letter_queue",
        super::pe003_sqs_redrive::dead_letter_cells,
    ),
    (
        "sqs_max_receive_count",
        super::pe003_sqs_redrive::max_receive_cells,
    ),
    (
        "log_retention_days",
        super::pe005_log_retention::retention_cells,
    ),
    (
        "lambda_vpc_placement",
        super::pe007_api_lambda_vpc::vpc_placement_cells,
    ),
];

pub fn compute(name: &str) -> Option<Compute> {
    CELLS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// The names [`compute`] knows, for an error message.
pub fn names() -> String {
    let names: Vec<&str> = CELLS.iter().map(|(n, _)| *n).collect();
    names.join(", ")
}

/// The cells of a declared column, one per row: computed, or the value at its path.
pub fn column_cells(t: &Rows<'_>, column: &Column) -> Vec<Cell> {
    if let Some(f) = column.cell.as_deref().and_then(compute) {
        return f(t);
    }
    t.rows
        .iter()
        .map(|(_, i)| path_cell(column, at_path(i, &column.path)))
        .collect()
}

/// A path column's cell: `absent` when the value is not set, the resource it refers to when
/// the column asks for it, else the value.
fn path_cell(column: &Column, v: Option<Value>) -> Cell {
    match (v, &column.absent) {
        (None | Some(Value::Null), Some(absent)) => text(absent.as_str()),
        (Some(v), _) if column.reference && !v.is_null() => reference_or_value(v),
        (v, _) => text(show(v)),
    }
}

/// The first resource a value refers to, as code; else the value.
pub fn reference_or_value(v: Value) -> Cell {
    match v.referenced_resources().first() {
        Some(a) => code(a.to_string()),
        None => text(show(Some(v))),
    }
}

/// The value at an attribute path of an instance (`rule[0].days`).
pub fn at_path(i: &Instance, path: &str) -> Option<Value> {
    use crate::rules::custom::Seg;
    let segs = crate::rules::custom::parse_path(path)?;
    let mut v = Value::clone(&i.values);
    for seg in segs {
        v = match seg {
            Seg::Attr(a) => v.get(&a)?,
            Seg::Index(n) => v.as_list()?.get(n)?.clone(),
        };
    }
    Some(v)
}

/// An attribute value for a table cell: strings bare, unknowns as "unknown (origin)".
pub fn show(v: Option<Value>) -> String {
    match v {
        None | Some(Value::Null) => "not set".into(),
        Some(Value::String(s)) => s.to_string(),
        Some(Value::Unknown(u)) => format!("unknown ({})", u.describe()),
        Some(v @ Value::Partial(_)) => {
            let d = v.display();
            d.strip_prefix('"')
                .and_then(|d| d.strip_suffix('"'))
                .unwrap_or(&d)
                .to_string()
        }
        Some(v) => v.display(),
    }
}
