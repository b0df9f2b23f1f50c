//! A `rule` block's metadata, read the same way from a built-in policy file (embedded in the
//! binary) and from a custom one: one format, one reader, one [`RuleMeta`].

use super::Compiler;
use crate::rules::evidence;
use crate::rules::meta::{Column, Evidence, PeerNotes, Peers, RuleMeta, SettingDecl, SettingType};
use crate::rules::settings::Level;
use crate::rules::settings::Tighten;
use crate::source::Span;
use crate::syntax::{Attribute, Block, ExprKind};
use crate::terraform::Value;

/// The metadata attributes of a `rule` block (its blocks are `check`, `example`).
pub(super) const RULE_ATTRS: &[&str] = &[
    "name",
    "severity",
    "summary",
    "requirement",
    "remediation",
    "description",
    "rationale",
    "doc_url",
    "references",
    "resource_types",
    "security_severity",
    "tags",
    "peers",
    "peer_notes",
    "known_differences",
    "known_problems",
];

pub(super) const REQUIRED_ATTRS: &[&str] =
    &["name", "severity", "summary", "requirement", "remediation"];

/// Stores a column's text field (`true`: it was a string).
fn set(field: &mut String, s: &str) -> bool {
    *field = s.to_string();
    true
}

/// The peer tools a policy file may compare itself with (`peers`, `peer_notes`).
const PEER_TOOLS: &[&str] = &["tfsec", "trivy", "checkov", "tflint"];

/// GitHub reads at most 10 tags per rule for display (20 in all); the SARIF report adds 3.
const MAX_TAGS: usize = 7;

/// Names a rule's setting may not take: the keys of a configuration's `rule` block.
const RULE_BLOCK_KEYS: &[&str] = &["enabled", "severity"];

impl Compiler<'_> {
    /// The `setting "NAME" { type = ..., default = ..., doc = ... }` blocks of a rule.
    pub(super) fn settings(&mut self, b: &Block) -> Vec<SettingDecl> {
        let mut out: Vec<SettingDecl> = Vec::new();
        // A built-in rule's settings are the platform's own: they may carry the names the
        // `settings` object already has and the top-level keys configurations used before.
        let builtin = b.labels.first().is_some_and(|id| {
            crate::rules::meta::POLICY_FILES
                .iter()
                .any(|(file, _)| file.split('-').next() == Some(id.as_str()))
        });
        for blk in b.body.blocks.iter().filter(|blk| blk.kind == "setting") {
            let Some(d) = self.setting(blk, builtin) else {
                continue;
            };
            if out.iter().any(|o| o.name == d.name) {
                self.error(
                    blk.header,
                    format!("setting `{}` is declared twice", d.name),
                );
                continue;
            }
            out.push(d);
        }
        out
    }

    /// The `evidence { title, intro, resource_type, columns = [{ title, path }, ...] }` block
    /// of a rule; `resource_type` defaults to the type of the rule's first check, the verdict
    /// column to the rule's own.
    pub(super) fn evidence(&mut self, b: &Block, m: &RuleMeta) -> Option<Evidence> {
        let blocks: Vec<&Block> = b
            .body
            .blocks
            .iter()
            .filter(|x| x.kind == "evidence")
            .collect();
        let blk = *blocks.first()?;
        if let Some(second) = blocks.get(1) {
            self.error(second.header, "a rule has at most one `evidence` block");
        }
        let mut ev = Evidence {
            title: String::new(),
            intro: String::new(),
            resource_type: m.resource_types.first().cloned().unwrap_or_default(),
            resource_column: "Resource".into(),
            columns: Vec::new(),
            verdicts: vec![m.id.clone()],
            not_applicable: None,
        };
        for a in &blk.body.attrs {
            let (v, errors) = self.consts.eval(&a.expr, self.file);
            if let Some(e) = errors.first() {
                self.error(a.expr.span, format!("`{}`: {e}", a.name));
                continue;
            }
            self.evidence_attribute(a, &v, &mut ev)?;
        }
        if ev.title.trim().is_empty() || ev.columns.is_empty() || ev.resource_type.is_empty() {
            self.error(blk.header, "`evidence` needs a `title`, a `resource_type` (or a check) and at least one column");
            return None;
        }
        Some(ev)
    }

    /// One attribute of an `evidence` block; `None` when `columns` is unusable.
    fn evidence_attribute(&mut self, a: &Attribute, v: &Value, ev: &mut Evidence) -> Option<()> {
        match (a.name.as_str(), v.as_str()) {
            ("title", Some(t)) => ev.title = t.to_string(),
            ("intro", Some(t)) => ev.intro = t.to_string(),
            ("resource_type", Some(t)) => ev.resource_type = t.to_string(),
            ("resource_column", Some(t)) => ev.resource_column = t.to_string(),
            ("not_applicable", Some(t)) => {
                if self.known_cell(a.expr.span, t) {
                    ev.not_applicable = Some(t.to_string());
                }
            }
            ("columns", _) => ev.columns = self.columns(a, v)?,
            ("verdicts", _) => match self.strings(a, v) {
                Some(l) if l.is_empty() => {
                    self.error(a.expr.span, "`verdicts` needs at least one rule id");
                }
                Some(l) => ev.verdicts = l,
                None => {}
            },
            ("title" | "intro" | "resource_type" | "resource_column" | "not_applicable", None) => {
                self.error(a.expr.span, format!("`{}` must be a string", a.name));
            }
            (other, _) => {
                self.error(a.span, format!("unknown attribute `{other}` in `evidence`; expected title, intro, resource_type, resource_column, columns, verdicts, not_applicable"));
            }
        }
        Some(())
    }

    /// `columns = [{ title, path | cell, absent?, reference? }, ...]`; an error points at the
    /// column it is about.
    fn columns(&mut self, a: &Attribute, v: &Value) -> Option<Vec<Column>> {
        let Some(items) = v.as_list() else {
            self.error(
                a.expr.span,
                "`columns` must be a list of `{ title = \"...\", path = \"attribute.path\" }`",
            );
            return None;
        };
        let spans: Vec<Span> = match &a.expr.kind {
            ExprKind::Tuple(exprs) => exprs.iter().map(|e| e.span).collect(),
            _ => Vec::new(),
        };
        let mut out = Vec::new();
        for (n, item) in items.iter().enumerate() {
            let span = spans.get(n).copied().unwrap_or(a.expr.span);
            match self.column(span, item) {
                Some(c) => out.push(c),
                None => return None,
            }
        }
        Some(out)
    }

    fn column(&mut self, span: Span, item: &Value) -> Option<Column> {
        let mut c = Column::default();
        let Some(fields) = item.as_object() else {
            self.error(span, "a column is `{ title = \"...\", path = \"attribute.path\" }` or `{ title = \"...\", cell = \"name\" }`");
            return None;
        };
        for (key, value) in fields.iter() {
            let ok = match (key.as_str(), value) {
                ("title", Value::String(s)) => set(&mut c.title, s),
                ("path", Value::String(s)) => set(&mut c.path, s),
                ("absent", Value::String(s)) => set(c.absent.get_or_insert_default(), s),
                ("cell", Value::String(s)) => set(c.cell.get_or_insert_default(), s),
                ("reference", Value::Bool(b)) => {
                    c.reference = *b;
                    true
                }
                ("title" | "path" | "absent" | "cell" | "reference", _) => false,
                (other, _) => {
                    self.error(span, format!("unknown key `{other}` in a column; expected title, path, cell, absent, reference"));
                    return None;
                }
            };
            if !ok {
                let want = if key == "reference" {
                    "a bool"
                } else {
                    "a string"
                };
                self.error(span, format!("`{key}` in a column must be {want}"));
                return None;
            }
        }
        self.column_source(span, c)
    }

    /// A column shows either an attribute path or a computed cell, and that cell exists.
    fn column_source(&mut self, span: Span, c: Column) -> Option<Column> {
        let by_path = !c.path.is_empty();
        if c.title.is_empty() || by_path == c.cell.is_some() {
            self.error(span, "a column needs a `title` and one of `path` or `cell`");
            return None;
        }
        if by_path && super::parse_path(&c.path).is_none() {
            self.error(
                span,
                format!("invalid attribute path {:?} in a column", c.path),
            );
            return None;
        }
        if let Some(name) = &c.cell {
            if !self.known_cell(span, name) {
                return None;
            }
        }
        Some(c)
    }

    fn known_cell(&mut self, span: Span, name: &str) -> bool {
        let known = evidence::compute(name).is_some();
        if !known {
            self.error(
                span,
                format!(
                    "unknown cell {name:?}; the computed cells are {}",
                    evidence::names()
                ),
            );
        }
        known
    }

    fn setting(&mut self, b: &Block, builtin: bool) -> Option<SettingDecl> {
        let name = self.setting_name(b, builtin)?;
        let mut d = SettingDecl {
            name: name.clone(),
            kind: SettingType::String,
            default: Value::Null,
            doc: String::new(),
            values: Vec::new(),
            values_warning: None,
            keys: Vec::new(),
            minimum: None,
            unit: None,
            nonempty: false,
            merge: false,
            tighten: Tighten::None,
            tighten_note: None,
            legacy: None,
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut default_span = b.header;
        for a in &b.body.attrs {
            let (v, errors) = self.consts.eval(&a.expr, self.file);
            if let Some(e) = errors.first() {
                self.error(a.expr.span, format!("`{}`: {e}", a.name));
                continue;
            }
            if a.name == "default" {
                default_span = a.expr.span;
            }
            if self.setting_attribute(a, v, &mut d, builtin) {
                seen.push(a.name.as_str());
            }
        }
        if !["type", "default", "doc"].iter().all(|k| seen.contains(k)) {
            self.error(
                b.header,
                format!("setting `{name}` needs `type`, `default` and `doc`"),
            );
            return None;
        }
        self.setting_is_consistent(&d, default_span).then_some(d)
    }

    /// The label of a `setting` block, when it is a name a setting may take.
    fn setting_name(&mut self, b: &Block, builtin: bool) -> Option<String> {
        let [name] = b.labels.as_slice() else {
            self.error(
                b.header,
                "a setting needs one label, its name: `setting \"max_age_days\" { ... }`",
            );
            return None;
        };
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            self.error(
                b.header,
                format!("invalid setting name {name:?}: use lower-case letters, digits and `_`"),
            );
            return None;
        }
        let taken = RULE_BLOCK_KEYS.contains(&name.as_str())
            || (!builtin && super::SETTINGS_KEYS.contains(&name.as_str()));
        if taken {
            self.error(
                b.header,
                format!(
                    "setting name {name:?} is taken by a built-in setting or a `rule` block key"
                ),
            );
            return None;
        }
        Some(name.clone())
    }

    /// One attribute of a `setting` block into `d`; false when it is invalid.
    fn setting_attribute(
        &mut self,
        a: &Attribute,
        v: Value,
        d: &mut SettingDecl,
        builtin: bool,
    ) -> bool {
        let text = v
            .as_str()
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string);
        let problem = match (a.name.as_str(), text) {
            ("type", Some(t)) if SettingType::parse(&t).is_some() => {
                d.kind = SettingType::parse(&t).unwrap_or(SettingType::String);
                return true;
            }
            ("type", _) => {
                let all: Vec<&str> = SettingType::ALL.iter().map(|t| t.as_str()).collect();
                format!("`type` must be one of \"{}\"", all.join("\", \""))
            }
            ("tighten", Some(t)) if Tighten::parse(&t).is_some() => {
                d.tighten = Tighten::parse(&t).unwrap_or(Tighten::None);
                return true;
            }
            ("tighten", _) => {
                let all: Vec<&str> = Tighten::ALL.iter().map(|t| t.as_str()).collect();
                format!("`tighten` must be one of \"{}\"", all.join("\", \""))
            }
            ("doc" | "values_warning" | "unit" | "tighten_note", Some(t)) => {
                match a.name.as_str() {
                    "doc" => d.doc = t,
                    "values_warning" => d.values_warning = Some(t),
                    "unit" => d.unit = Some(t),
                    _ => d.tighten_note = Some(t),
                }
                return true;
            }
            ("legacy", Some(t)) if builtin => {
                d.legacy = Some(t);
                return true;
            }
            ("legacy", _) if !builtin => {
                "`legacy` is for built-in rules: a custom rule's settings are set in its `rule` block".into()
            }
            ("doc" | "values_warning" | "unit" | "tighten_note" | "legacy", None) => {
                format!("`{}` must be a non-empty string", a.name)
            }
            _ => return self.setting_value_attribute(a, v, d),
        };
        self.error(a.expr.span, problem);
        false
    }

    /// The attributes of a `setting` block that are not strings.
    fn setting_value_attribute(&mut self, a: &Attribute, v: Value, d: &mut SettingDecl) -> bool {
        let problem = match (a.name.as_str(), &v) {
            ("default", _) => {
                d.default = v.clone();
                return true;
            }
            ("values", Value::List(items)) => {
                d.values = items.to_vec();
                return true;
            }
            ("keys", Value::List(items)) if items.iter().all(|i| i.as_str().is_some()) => {
                d.keys = items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect();
                return true;
            }
            ("minimum", Value::Number(n)) => {
                d.minimum = Some(*n);
                return true;
            }
            ("nonempty" | "merge", Value::Bool(b)) => {
                match a.name.as_str() {
                    "nonempty" => d.nonempty = *b,
                    _ => d.merge = *b,
                }
                return true;
            }
            ("values" | "keys", _) => format!("`{}` must be a list", a.name),
            ("minimum", _) => "`minimum` must be a number".to_string(),
            ("nonempty" | "merge", _) => format!("`{}` must be true or false", a.name),
            (other, _) => format!(
                "unknown attribute `{other}` in a setting; expected type, default, doc, values, \
                 values_warning, keys, minimum, unit, nonempty, merge, tighten, tighten_note, legacy"
            ),
        };
        let span = if problem.starts_with("unknown") {
            a.span
        } else {
            a.expr.span
        };
        self.error(span, problem);
        false
    }

    /// A setting's declaration agrees with itself: its default is of its type, its `values`
    /// are of its elements' type and allow the default, its `tighten` means something for its
    /// type.
    fn setting_is_consistent(&mut self, d: &SettingDecl, default_span: Span) -> bool {
        let name = &d.name;
        let problem = if !d.kind.accepts(&d.default) {
            format!("the default of `{name}` is not a {}", d.kind.as_str())
        } else if !d.values.iter().all(|v| d.kind.element().accepts(v)) {
            format!(
                "the `values` of `{name}` are not all of type {}",
                d.kind.element().as_str()
            )
        } else if !d.values.is_empty()
            && !d.elements(&d.default).iter().all(|v| d.values.contains(v))
        {
            format!("the default of `{name}` is not one of its `values`")
        } else if !d.tighten.fits(d.kind, !d.values.is_empty()) {
            format!(
                "`tighten = \"{}\"` does not apply to `{name}`, a {}",
                d.tighten.as_str(),
                d.kind.as_str()
            )
        } else {
            return true;
        };
        self.error(default_span, problem);
        false
    }

    pub(super) fn metadata(&mut self, b: &Block, m: &mut RuleMeta) {
        for a in &b.body.attrs {
            if !RULE_ATTRS.contains(&a.name.as_str()) {
                self.error(
                    a.span,
                    format!(
                        "unknown attribute `{}` in rule {}; expected one of {}",
                        a.name,
                        m.id,
                        RULE_ATTRS.join(", ")
                    ),
                );
                continue;
            }
            let (v, errors) = self.consts.eval(&a.expr, self.file);
            if let Some(e) = errors.first() {
                self.error(a.expr.span, format!("`{}`: {e}", a.name));
                continue;
            }
            self.meta_attribute(a, &v, m);
        }
        let missing: Vec<&str> = REQUIRED_ATTRS
            .iter()
            .copied()
            .filter(|r| b.body.attr(r).is_none())
            .collect();
        if !missing.is_empty() {
            self.error(
                b.header,
                format!(
                    "rule {} is missing {}",
                    m.id,
                    missing
                        .iter()
                        .map(|x| format!("`{x}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }

    fn meta_attribute(&mut self, a: &Attribute, v: &Value, m: &mut RuleMeta) {
        match a.name.as_str() {
            "references" => {
                if let Some(l) = self.strings(a, v) {
                    m.references = l;
                }
            }
            "resource_types" => {
                if let Some(l) = self.strings(a, v) {
                    m.resource_types = l;
                }
            }
            "tags" => {
                if let Some(l) = self.strings(a, v) {
                    self.tags(a, &l);
                    m.tags = l;
                }
            }
            "security_severity" => m.security_severity = self.score(a, v),
            "peers" => self.peers(a, v, &mut m.peers),
            "peer_notes" => self.peer_notes(a, v, &mut m.peer_notes),
            _ => self.text_attribute(a, v, m),
        }
    }

    fn text_attribute(&mut self, a: &Attribute, v: &Value, m: &mut RuleMeta) {
        let Some(s) = v.as_str() else {
            self.error(
                a.expr.span,
                format!("`{}` must be a string, got {}", a.name, v.type_name()),
            );
            return;
        };
        let s = s.to_string();
        match a.name.as_str() {
            "name" => {
                if s.is_empty()
                    || !s
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    self.error(
                        a.expr.span,
                        "`name` must be a slug of letters, digits, `-` and `_`, such as \"final-bucket-versioned\"",
                    );
                }
                m.name = s;
            }
            "severity" => match Level::parse_severity(&s) {
                Some(l) => m.severity = l,
                None => {
                    self.error(
                        a.expr.span,
                        format!("`severity` must be \"error\", \"warning\" or \"info\", not {s:?}"),
                    );
                }
            },
            "summary" => m.summary = s,
            "requirement" => m.requirement = s,
            "remediation" => m.remediation = s,
            "description" => m.description = s,
            "rationale" => m.rationale = s,
            "doc_url" => m.doc_url = s,
            "known_differences" => m.known_differences = s,
            "known_problems" => m.known_problems = s,
            _ => {}
        }
    }

    fn strings(&mut self, a: &Attribute, v: &Value) -> Option<Vec<String>> {
        match v.as_list() {
            Some(items) if items.iter().all(|i| i.as_str().is_some()) => Some(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
            ),
            _ => {
                self.error(
                    a.expr.span,
                    format!("`{}` must be a list of strings", a.name),
                );
                None
            }
        }
    }

    /// Tags are what GitHub filters on: lower-case words, few enough to show.
    fn tags(&mut self, a: &Attribute, tags: &[String]) {
        let bad = tags.iter().find(|t| {
            t.is_empty()
                || !t
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
        if let Some(t) = bad {
            self.error(
                a.expr.span,
                format!("tag {t:?}: a tag is lower-case letters, digits and `-`"),
            );
        } else if tags.len() > MAX_TAGS {
            self.error(
                a.expr.span,
                format!("`tags` has {} entries; at most {MAX_TAGS}", tags.len()),
            );
        }
    }

    /// GitHub's `security-severity`: a number from 0.1 to 10.0, kept as written.
    fn score(&mut self, a: &Attribute, v: &Value) -> Option<String> {
        let n = v.as_f64().filter(|n| (0.1..=10.0).contains(n));
        if n.is_none() {
            self.error(
                a.expr.span,
                "`security_severity` must be a number from 0.1 to 10.0 (GitHub: 9.0 and up critical, 7.0 high, 4.0 medium, below low)",
            );
        }
        n.map(|n| {
            if n.fract() == 0.0 {
                format!("{n:.1}")
            } else {
                format!("{n}")
            }
        })
    }

    /// An object with one entry per peer tool, each passed to `each`.
    fn per_tool(&mut self, a: &Attribute, v: &Value, mut each: impl FnMut(&str, &Value) -> bool) {
        let Some(map) = v.as_object() else {
            self.error(
                a.expr.span,
                format!(
                    "`{}` must be an object with the keys {}",
                    a.name,
                    PEER_TOOLS.join(", ")
                ),
            );
            return;
        };
        for (tool, value) in map.iter() {
            if !PEER_TOOLS.contains(&tool.as_str()) {
                self.error(
                    a.expr.span,
                    format!(
                        "`{}`: unknown tool {tool:?}; expected one of {}",
                        a.name,
                        PEER_TOOLS.join(", ")
                    ),
                );
            } else if !each(tool, value) {
                let what = if a.name == "peers" {
                    "a list of check ids"
                } else {
                    "a string"
                };
                self.error(a.expr.span, format!("`{}.{tool}` must be {what}", a.name));
            }
        }
    }

    fn peers(&mut self, a: &Attribute, v: &Value, peers: &mut Peers) {
        self.per_tool(a, v, |tool, value| {
            let Some(items) = value.as_list() else {
                return false;
            };
            let ids: Option<Vec<String>> = items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect();
            let Some(ids) = ids else {
                return false;
            };
            match tool {
                "tfsec" => peers.tfsec = ids,
                "trivy" => peers.trivy = ids,
                "checkov" => peers.checkov = ids,
                _ => peers.tflint = ids,
            }
            true
        });
    }

    fn peer_notes(&mut self, a: &Attribute, v: &Value, notes: &mut PeerNotes) {
        self.per_tool(a, v, |tool, value| {
            let Some(s) = value.as_str().map(str::to_string) else {
                return false;
            };
            match tool {
                "tfsec" => notes.tfsec = s,
                "trivy" => notes.trivy = s,
                "checkov" => notes.checkov = s,
                _ => notes.tflint = s,
            }
            true
        });
    }
}
