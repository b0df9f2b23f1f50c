//! Collection functions (Terraform's `lang/funcs/collection.go`, cty's
//! `stdlib/collection.go` and `stdlib/set.go`): they keep unknown *elements* where they can.

use super::equality::{set_normalize, tf_eq, unify, Seen};
use super::*;

pub(super) const FUNCS: &[Builtin] = &[
    // concat, merge, coalesce, coalescelist, range, min, max, setunion, setintersection and
    // setproduct word their own argument-count errors, as Terraform does.
    Builtin::new("concat", 0, ANY, |_, a, cx| concat(a, cx)),
    Builtin::new("merge", 0, ANY, |_, a, _| merge(a)),
    Builtin::new("lookup", 2, 3, |_, a, _| lookup(a)),
    Builtin::new("element", 2, 2, |_, a, _| element(&a[0], &a[1])),
    Builtin::new("index", 2, 2, |_, a, _| index(&a[0], &a[1])),
    Builtin::new("keys", 1, 1, |_, a, _| {
        let m = obj_arg(&a[0], "inputMap")?;
        Ok(Value::list(
            m.keys().map(|k| Value::string(k.as_str())).collect(),
        ))
    }),
    Builtin::new("values", 1, 1, |_, a, _| {
        let m = obj_arg(&a[0], "mapping")?;
        Ok(Value::list(m.values().cloned().collect()))
    }),
    Builtin::new("length", 1, 1, |_, a, _| length(&a[0])),
    Builtin::new("contains", 2, 2, |_, a, _| contains(&a[0], &a[1])),
    Builtin::new("distinct", 1, 1, |_, a, _| distinct(&a[0])),
    Builtin::new("flatten", 1, 1, |_, a, cx| {
        let items = list_arg(&a[0], "list")?;
        let mut out = Vec::new();
        flatten_into(items, &mut out, 0, cx)?;
        Ok(Value::list(out))
    }),
    Builtin::new("compact", 1, 1, |_, a, _| compact(&a[0])),
    Builtin::new("coalesce", 0, ANY, |_, a, _| coalesce(a)),
    Builtin::new("coalescelist", 0, ANY, |_, a, _| coalescelist(a)),
    Builtin::new("one", 1, 1, |_, a, _| {
        let items = list_arg(&a[0], "list")?;
        match items {
            [] => Ok(Value::Null),
            [x] => Ok(x.clone()),
            _ => invalid("must be a list, set, or tuple value with either zero or one elements"),
        }
    }),
    Builtin::new("range", 1, 3, |_, a, cx| range(a, cx)),
    Builtin::new("reverse", 1, 1, |_, a, _| {
        let items = list_arg(&a[0], "list")?;
        Ok(Value::list(items.iter().rev().cloned().collect()))
    }),
    Builtin::new("slice", 3, 3, |_, a, _| slice(&a[0], &a[1], &a[2])),
    Builtin::new("sort", 1, 1, |_, a, _| sort(&a[0])),
    Builtin::new("sum", 1, 1, |_, a, _| sum(&a[0])),
    Builtin::new("setunion", 0, ANY, |name, a, _| {
        set_op(name, a, SetOp::Union)
    }),
    Builtin::new("setintersection", 0, ANY, |name, a, _| {
        set_op(name, a, SetOp::Intersection)
    }),
    Builtin::new("setsubtract", 2, 2, |name, a, _| {
        set_op(name, a, SetOp::Subtract)
    }),
    Builtin::new("setproduct", 0, ANY, |_, a, cx| setproduct(a, cx)),
    Builtin::new("zipmap", 2, 2, |_, a, _| zipmap(&a[0], &a[1])),
    Builtin::new("transpose", 1, 1, |_, a, _| transpose(&a[0])),
    Builtin::new("alltrue", 1, 1, |_, a, _| all_any(&a[0], true)),
    Builtin::new("anytrue", 1, 1, |_, a, _| all_any(&a[0], false)),
    Builtin::new("chunklist", 2, 2, |_, a, _| chunklist(&a[0], &a[1])),
    Builtin::new("matchkeys", 3, 3, |_, a, _| matchkeys(&a[0], &a[1], &a[2])),
];

fn concat(lists: &[Value], cx: &FnCtx) -> FnResult<Value> {
    let mut total: u128 = 0;
    for l in lists {
        total += list_arg(l, "seqs")?.len() as u128;
    }
    check_count("concat", total, cx)?;
    let mut out = Vec::with_capacity(total as usize);
    for l in lists {
        out.extend(list_arg(l, "seqs")?.iter().cloned());
    }
    Ok(Value::list(out))
}

fn merge(maps: &[Value]) -> FnResult<Value> {
    let mut out = Map::new();
    for (i, m) in maps.iter().enumerate() {
        match m {
            Value::Null => continue,
            Value::Object(o) => {
                for (k, v) in o.iter() {
                    out.insert(k.clone(), v.clone());
                }
            }
            Value::Unknown(_) | Value::Resource(_) => return Err(Flow::Unknown),
            other => {
                return invalid(format!(
                    "arguments must be maps or objects, got {} for argument {}",
                    type_desc(other),
                    i + 1
                ))
            }
        }
    }
    Ok(Value::object(out))
}

fn lookup(a: &[Value]) -> FnResult<Value> {
    if let (Value::Object(m), Value::Unknown(_)) = (&a[0], &a[1]) {
        // Whatever the key, the result is one of the map's values or the default.
        let mut choices: Vec<Value> = m.values().cloned().collect();
        choices.extend(a.get(2).cloned());
        if !choices.is_empty() {
            return Ok(Value::one_of(choices, &[&a[1]]));
        }
    }
    let key = str_arg(&a[1], "key")?;
    let found = match &a[0] {
        Value::Object(m) => m.get(&*key).cloned(),
        Value::Resource(_) => a[0].get(&key),
        Value::Unknown(_) => return Err(Flow::Unknown),
        Value::Null => return invalid("invalid value for \"inputMap\": argument must not be null"),
        other => {
            return invalid(format!(
                "invalid value for \"inputMap\": map or object required, got {}",
                type_desc(other)
            ))
        }
    };
    match (found, a.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => invalid(format!(
            "invalid value for \"inputMap\": the given object has no attribute {:?}",
            &*key
        )),
    }
}

fn element(list: &Value, idx: &Value) -> FnResult<Value> {
    let items = list_arg(list, "list")?;
    let i = int_arg(idx, "index")?;
    if items.is_empty() {
        return invalid("cannot use element function with an empty list");
    }
    if i < 0 {
        return invalid("cannot use element function with a negative index");
    }
    Ok(items[(i as u64 % items.len() as u64) as usize].clone())
}

fn index(list: &Value, v: &Value) -> FnResult<Value> {
    let items = list_arg(list, "list")?;
    guard("index", &[list, v])?;
    for (i, item) in items.iter().enumerate() {
        match tf_eq(item, v) {
            Some(true) => return Ok(Value::Number(i as f64)),
            Some(false) => {}
            None => return Err(Flow::Unknown),
        }
    }
    invalid("item not found")
}

fn length(v: &Value) -> FnResult<Value> {
    match v {
        // Terraform counts grapheme clusters ("👍🏽" is one character).
        Value::String(s) => Ok(Value::Number(s.graphemes(true).count() as f64)),
        Value::List(items) => Ok(Value::Number(items.len() as f64)),
        Value::Object(m) => Ok(Value::Number(m.len() as f64)),
        Value::Unknown(_) | Value::Partial(_) | Value::Resource(_) => Err(Flow::Unknown),
        Value::Null => invalid("invalid value for \"value\": argument must not be null"),
        _ => invalid("argument must be a string, a collection type, or a structural type"),
    }
}

fn contains(list: &Value, v: &Value) -> FnResult<Value> {
    let items = match list {
        Value::Object(m) => return contains(&Value::list(m.values().cloned().collect()), v),
        other => list_arg(other, "list")?,
    };
    guard("contains", &[list, v])?;
    let mut unknown = false;
    for item in items {
        match tf_eq(item, v) {
            Some(true) => return Ok(Value::Bool(true)),
            Some(false) => {}
            None => unknown = true,
        }
    }
    if unknown {
        Err(Flow::Unknown)
    } else {
        Ok(Value::Bool(false))
    }
}

fn distinct(list: &Value) -> FnResult<Value> {
    let items = list_arg(list, "list")?;
    guard("distinct", &[list])?;
    if !items.iter().all(Value::is_wholly_known) {
        return Err(Flow::Unknown);
    }
    let items = unify(items.to_vec());
    let mut seen = Seen::default();
    let out: Vec<Value> = items.into_iter().filter(|i| seen.insert(i)).collect();
    Ok(Value::list(out))
}

/// Flatten nested lists. An unknown element stays as a single element (in practice unknowns
/// here are computed attributes such as ARNs).
fn flatten_into(items: &[Value], out: &mut Vec<Value>, depth: usize, cx: &FnCtx) -> FnResult<()> {
    if depth > MAX_DEPTH {
        return invalid("flatten: lists are nested too deeply");
    }
    for item in items {
        match item {
            Value::List(inner) => {
                // Empty lists count too, so that shared nesting cannot make this slow.
                check_count("flatten", out.len() as u128 + inner.len() as u128, cx)?;
                flatten_into(inner, out, depth + 1, cx)?
            }
            other => {
                check_count("flatten", out.len() as u128 + 1, cx)?;
                out.push(other.clone());
            }
        }
    }
    Ok(())
}

fn compact(list: &Value) -> FnResult<Value> {
    let items = list_arg(list, "list")?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            Value::String(_) | Value::Partial(_) | Value::Unknown(_) => out.push(item.clone()),
            Value::Number(_) | Value::Bool(_) => {
                out.push(Value::string(item.to_template_string().unwrap_or_default()))
            }
            other => {
                return invalid(format!(
                    "element {i} is a {}; compact requires a list of strings",
                    type_desc(other)
                ))
            }
        }
    }
    Ok(Value::list(out))
}

fn coalesce(args: &[Value]) -> FnResult<Value> {
    let has_string = args
        .iter()
        .any(|v| matches!(v, Value::String(_) | Value::Partial(_)));
    for a in args {
        match a {
            Value::Null => continue,
            Value::String(s) if s.is_empty() => continue,
            Value::Unknown(_) => return Err(Flow::Unknown),
            Value::Partial(ps) => {
                let known_text = ps
                    .iter()
                    .any(|p| matches!(p, Part::Lit(s) if !s.is_empty()));
                if known_text {
                    return Ok(a.clone());
                }
                return Err(Flow::Unknown);
            }
            Value::Number(_) | Value::Bool(_) if has_string => {
                return Ok(Value::string(a.to_template_string().unwrap_or_default()))
            }
            other => return Ok(other.clone()),
        }
    }
    invalid("no non-null, non-empty-string arguments")
}

fn coalescelist(args: &[Value]) -> FnResult<Value> {
    if args.is_empty() {
        return invalid("at least one argument is required");
    }
    for a in args {
        match a {
            Value::Null => continue,
            Value::List(items) if items.is_empty() => continue,
            Value::List(_) => return Ok(a.clone()),
            Value::Unknown(_) => return Err(Flow::Unknown),
            other => {
                return invalid(format!(
                    "coalescelist arguments must be lists or tuples, got {}",
                    type_desc(other)
                ))
            }
        }
    }
    invalid("no non-null arguments")
}

fn range(a: &[Value], cx: &FnCtx) -> FnResult<Value> {
    let nums = a
        .iter()
        .enumerate()
        .map(|(i, v)| num_arg(v, ["start", "limit", "step"][i.min(2)]))
        .collect::<FnResult<Vec<f64>>>()?;
    let (start, end, step) = match nums.as_slice() {
        [end] => (0.0, *end, 1.0),
        [start, end] => (*start, *end, if end < start { -1.0 } else { 1.0 }),
        [start, end, step] => (*start, *end, *step),
        _ => return invalid("range expects 1 to 3 arguments"),
    };
    if step == 0.0 {
        return invalid("step must not be zero");
    }
    if step < 0.0 && start < end {
        return invalid("end must be less than start when step is negative");
    }
    if step > 0.0 && start > end {
        return invalid("end must be greater than start when step is positive");
    }
    let est = ((end - start) / step).ceil();
    if !est.is_finite() || est > cx.max_collection_len as f64 {
        let shown = if est.is_finite() {
            format!("{est}")
        } else {
            "too many".to_string()
        };
        return invalid(format!(
            "range would produce {shown} elements, over the limit of {}",
            cx.max_collection_len
        ));
    }
    let mut out = Vec::with_capacity(est.max(0.0) as usize);
    let mut v = start;
    while (step > 0.0 && v < end) || (step < 0.0 && v > end) {
        check_count("range", out.len() as u128 + 1, cx)?;
        out.push(Value::Number(v));
        v += step;
    }
    Ok(Value::list(out))
}

fn slice(list: &Value, start: &Value, end: &Value) -> FnResult<Value> {
    let items = list_arg(list, "list")?;
    let s = int_arg(start, "start_index")?;
    let e = int_arg(end, "end_index")?;
    if s < 0 {
        return invalid("invalid value for \"start_index\": must be greater than or equal to 0");
    }
    if e > items.len() as i64 {
        return invalid("invalid value for \"end_index\": end index must not be greater than the length of the list");
    }
    if s > e {
        return invalid(
            "invalid value for \"start_index\": start index must not be greater than end index",
        );
    }
    Ok(Value::list(items[s as usize..e as usize].to_vec()))
}

fn sort(list: &Value) -> FnResult<Value> {
    let items = list_arg(list, "list")?;
    guard("sort", &[list])?;
    let mut strings = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::String(s) => strings.push(s.clone()),
            Value::Number(_) | Value::Bool(_) => {
                strings.push(item.to_template_string().unwrap_or_default().into())
            }
            Value::Unknown(_) | Value::Partial(_) => return Err(Flow::Unknown),
            Value::Null => {
                return invalid(format!(
                    "given list element {i} is null; a null string cannot be sorted"
                ))
            }
            other => {
                return invalid(format!(
                    "given list element {i} is a {}; only strings can be sorted",
                    type_desc(other)
                ))
            }
        }
    }
    strings.sort();
    Ok(Value::list(
        strings.into_iter().map(Value::String).collect(),
    ))
}

fn sum(list: &Value) -> FnResult<Value> {
    let items = list_arg(list, "list")?;
    if items.is_empty() {
        return invalid("cannot sum an empty list");
    }
    let mut total = 0.0;
    for (i, item) in items.iter().enumerate() {
        total += num_arg(item, &format!("list element {i}"))?;
    }
    finite(total)
}

#[derive(Clone, Copy, PartialEq)]
enum SetOp {
    Union,
    Intersection,
    Subtract,
}

fn set_op(name: &str, a: &[Value], op: SetOp) -> FnResult<Value> {
    if a.is_empty() {
        return invalid(format!("{name} requires at least one argument"));
    }
    let mut sets = Vec::with_capacity(a.len());
    guard(name, &a.iter().collect::<Vec<_>>())?;
    for v in a {
        let items = list_arg(v, "sets")?;
        if !items.iter().all(Value::is_wholly_known) {
            return Err(Flow::Unknown);
        }
        sets.push(items);
    }
    let all: Vec<Value> = unify(sets.iter().flat_map(|s| s.iter().cloned()).collect());
    // Split the unified elements back per set.
    let mut unified: Vec<Vec<Value>> = Vec::with_capacity(sets.len());
    let mut it = all.into_iter();
    for s in &sets {
        unified.push(it.by_ref().take(s.len()).collect());
    }
    let lookup: Vec<Seen> = unified
        .iter()
        .skip(1)
        .map(|set| {
            let mut seen = Seen::default();
            for v in set {
                seen.insert(v);
            }
            seen
        })
        .collect();
    let result: Vec<Value> = match op {
        SetOp::Union => unified.iter().flatten().cloned().collect(),
        SetOp::Intersection => unified[0]
            .iter()
            .filter(|v| lookup.iter().all(|s| s.contains(v)))
            .cloned()
            .collect(),
        SetOp::Subtract => unified[0]
            .iter()
            .filter(|v| !lookup.first().is_some_and(|s| s.contains(v)))
            .cloned()
            .collect(),
    };
    Ok(Value::list(set_normalize(result)))
}

fn setproduct(a: &[Value], cx: &FnCtx) -> FnResult<Value> {
    if a.len() < 2 {
        return invalid("at least two arguments are required");
    }
    let mut sets = Vec::with_capacity(a.len());
    let mut total: u128 = 1;
    for v in a {
        let items = list_arg(v, "sets")?;
        total = total.saturating_mul(items.len() as u128);
        sets.push(items);
    }
    check_count("setproduct", total, cx)?;
    let mut out = Vec::with_capacity(total as usize);
    let mut idx = vec![0usize; sets.len()];
    if total > 0 {
        loop {
            out.push(Value::list(
                idx.iter().zip(&sets).map(|(i, s)| s[*i].clone()).collect(),
            ));
            // advance like an odometer, last set fastest
            let mut k = sets.len();
            loop {
                if k == 0 {
                    return Ok(Value::list(out));
                }
                k -= 1;
                idx[k] += 1;
                if idx[k] < sets[k].len() {
                    break;
                }
                idx[k] = 0;
            }
        }
    }
    Ok(Value::list(out))
}

fn zipmap(keys: &Value, values: &Value) -> FnResult<Value> {
    let ks = list_arg(keys, "keys")?;
    let vs = list_arg(values, "values")?;
    if ks.len() != vs.len() {
        return invalid(format!(
            "number of keys ({}) does not match number of values ({})",
            ks.len(),
            vs.len()
        ));
    }
    let mut out = Map::new();
    for (k, v) in ks.iter().zip(vs.iter()) {
        let k = str_arg(k, "keys")?;
        out.insert(k.into_owned(), v.clone());
    }
    Ok(Value::object(out))
}

fn transpose(v: &Value) -> FnResult<Value> {
    let m = obj_arg(v, "values")?;
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (k, list) in m.iter() {
        for item in list_arg(list, "values")? {
            let s = str_arg(item, "values")?;
            out.entry(s.into_owned())
                .or_default()
                .push(Value::string(k.as_str()));
        }
    }
    Ok(Value::object(
        out.into_iter().map(|(k, v)| (k, Value::list(v))).collect(),
    ))
}

fn all_any(list: &Value, all: bool) -> FnResult<Value> {
    let items = list_arg(list, "list")?;
    let mut unknown = false;
    for item in items {
        let b = match item {
            Value::Null => false,
            other => match bool_of(other, "list") {
                Ok(b) => b,
                Err(Flow::Unknown) => {
                    unknown = true;
                    continue;
                }
                Err(e) => return Err(e),
            },
        };
        if all && !b {
            return Ok(Value::Bool(false));
        }
        if !all && b {
            return Ok(Value::Bool(true));
        }
    }
    if unknown {
        return Err(Flow::Unknown);
    }
    Ok(Value::Bool(all))
}

fn chunklist(list: &Value, size: &Value) -> FnResult<Value> {
    let items = list_arg(list, "list")?;
    let size = int_arg(size, "size")?;
    if size < 0 {
        return invalid("the size argument must be positive");
    }
    if size == 0 || items.is_empty() {
        return Ok(Value::list(if items.is_empty() {
            vec![]
        } else {
            vec![Value::list(items.to_vec())]
        }));
    }
    Ok(Value::list(
        items
            .chunks(size as usize)
            .map(|c| Value::list(c.to_vec()))
            .collect(),
    ))
}

fn matchkeys(values: &Value, keys: &Value, search: &Value) -> FnResult<Value> {
    let vs = list_arg(values, "values")?;
    let ks = list_arg(keys, "keys")?;
    let ss = list_arg(search, "searchset")?;
    if vs.len() != ks.len() {
        return invalid("length of keys and values should be equal");
    }
    guard("matchkeys", &[keys, search])?;
    if !(ks.iter().all(Value::is_wholly_known) && ss.iter().all(Value::is_wholly_known)) {
        return Err(Flow::Unknown);
    }
    let mut seen = Seen::default();
    for s in ss {
        seen.insert(s);
    }
    let out = vs
        .iter()
        .zip(ks.iter())
        .filter(|(_, k)| seen.contains(k))
        .map(|(v, _)| v.clone())
        .collect();
    Ok(Value::list(out))
}

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use super::*;
    use crate::terraform::functions::test_support::*;

    // ---- bounded unknowns

    fn alternatives(v: &Value) -> Vec<Value> {
        match v {
            Value::Unknown(u) => u.one_of.clone(),
            other => panic!("not unknown: {other:?}"),
        }
    }

    /// `lookup(var.per_az_tags, <unknown key>, {})` over an empty map is `{}` whatever the
    /// key, so `merge(tags, that)` is known.
    #[test]
    fn lookup_with_an_unknown_key_is_one_of_the_values_or_the_default() {
        let empty = obj(&[]);
        assert_eq!(
            ok("lookup", &[empty.clone(), unk("az"), empty.clone()]),
            empty
        );
        let m = obj(&[("a", s("ay")), ("b", s("bee"))]);
        let v = ok("lookup", &[m.clone(), unk("az"), s("dflt")]);
        assert_eq!(alternatives(&v), vec![s("ay"), s("bee"), s("dflt")]);
        assert_eq!(origins(&v), vec!["az"]);
        let tags = obj(&[("Project", s("p"))]);
        let merged = ok(
            "merge",
            &[
                tags.clone(),
                ok("lookup", &[empty.clone(), unk("az"), empty]),
            ],
        );
        assert_eq!(merged, tags);
        // An unknown map may hold anything.
        assert!(alternatives(&ok("lookup", &[unk("m"), unk("az"), obj(&[])])).is_empty());
    }

    /// A function of a bounded unknown is called for each of its values.
    #[test]
    fn functions_of_bounded_unknowns_are_bounded() {
        let m = obj(&[("a", obj(&[("Env", s("x"))])), ("b", obj(&[]))]);
        let one = ok("lookup", &[m, unk("k"), obj(&[])]);
        let merged = ok("merge", &[obj(&[("Project", s("p"))]), one]);
        assert_eq!(
            alternatives(&merged),
            vec![
                obj(&[("Env", s("x")), ("Project", s("p"))]),
                obj(&[("Project", s("p"))])
            ]
        );
        assert_eq!(origins(&merged), vec!["k"]);
        // Too many combinations: anything.
        let wide = obj(&(0..5)
            .map(|i| (["a", "b", "c", "d", "e"][i], n(i as f64)))
            .collect::<Vec<_>>());
        let x = ok("lookup", &[wide.clone(), unk("k")]);
        let y = ok("lookup", &[wide, unk("j")]);
        assert!(alternatives(&ok("max", &[x, y])).is_empty());
    }

    // ---- collections

    #[test]
    // Over 80 lines: one table of cases checked against Terraform's own results.
    fn collection_functions() {
        assert_eq!(
            ok("concat", &[strs(&["a", ""]), strs(&["b", "c"])]),
            strs(&["a", "", "b", "c"])
        );
        assert_eq!(
            ok(
                "merge",
                &[
                    obj(&[("a", s("b")), ("c", s("d"))]),
                    obj(&[("e", s("f")), ("c", s("z"))])
                ]
            ),
            obj(&[("a", s("b")), ("c", s("z")), ("e", s("f"))])
        );
        assert_eq!(
            ok("merge", &[Value::Null, obj(&[("a", n(1.0))])]),
            obj(&[("a", n(1.0))])
        );
        let m = obj(&[("a", s("ay")), ("b", s("bee"))]);
        assert_eq!(ok("lookup", &[m.clone(), s("a"), s("what?")]), s("ay"));
        assert_eq!(ok("lookup", &[m.clone(), s("c"), s("what?")]), s("what?"));
        assert!(err("lookup", &[m.clone(), s("c")]).contains("no attribute \"c\""));
        assert_eq!(ok("element", &[strs(&["a", "b", "c"]), n(1.0)]), s("b"));
        assert_eq!(ok("element", &[strs(&["a", "b", "c"]), n(3.0)]), s("a"));
        assert_eq!(ok("element", &[strs(&["a", "b", "c"]), n(5.0)]), s("c"));
        assert!(err("element", &[l(vec![]), n(0.0)]).contains("empty list"));
        assert!(err("element", &[strs(&["a"]), n(-1.0)]).contains("negative"));
        assert_eq!(ok("index", &[strs(&["a", "b", "c"]), s("b")]), n(1.0));
        assert_eq!(err("index", &[strs(&["a", "b"]), s("c")]), "item not found");
        assert_eq!(
            ok(
                "keys",
                &[obj(&[("d", n(3.0)), ("a", n(1.0)), ("c", n(2.0))])]
            ),
            strs(&["a", "c", "d"])
        );
        assert_eq!(
            ok(
                "values",
                &[obj(&[("d", n(3.0)), ("a", n(1.0)), ("c", n(2.0))])]
            ),
            nums(&[1.0, 2.0, 3.0])
        );
        assert_eq!(ok("length", &[l(vec![])]), n(0.0));
        assert_eq!(ok("length", &[strs(&["a", "b"])]), n(2.0));
        assert_eq!(ok("length", &[obj(&[("a", s("b"))])]), n(1.0));
        assert_eq!(ok("length", &[s("héllo")]), n(5.0));
        // Grapheme clusters, as `terraform plan` shows (tests/it/oracle.rs, roots/edge).
        assert_eq!(ok("length", &[s("👾🕹️")]), n(2.0));
        assert!(err("length", &[n(5.0)]).contains("must be a string, a collection type"));
        assert_eq!(ok("contains", &[strs(&["a", "b", "c"]), s("a")]), b(true));
        assert_eq!(ok("contains", &[strs(&["a", "b", "c"]), s("d")]), b(false));
        assert_eq!(
            ok("distinct", &[strs(&["a", "b", "a", "c", "d", "b"])]),
            strs(&["a", "b", "c", "d"])
        );
        assert_eq!(
            ok("distinct", &[l(vec![n(1.0), s("1"), n(2.0), n(1.0)])]),
            strs(&["1", "2"])
        );
        assert_eq!(
            ok(
                "flatten",
                &[l(vec![strs(&["a", "b"]), l(vec![]), strs(&["c"])])]
            ),
            strs(&["a", "b", "c"])
        );
        assert_eq!(
            ok(
                "flatten",
                &[l(vec![l(vec![n(1.0), nums(&[2.0])]), n(3.0), l(vec![])])]
            ),
            nums(&[1.0, 2.0, 3.0])
        );
        assert_eq!(
            ok("compact", &[l(vec![s("a"), s(""), Value::Null, s("b")])]),
            strs(&["a", "b"])
        );
        assert_eq!(ok("coalesce", &[s(""), s("b")]), s("b"));
        assert_eq!(ok("coalesce", &[n(1.0), s("b")]), s("1"));
        assert_eq!(ok("coalesce", &[Value::Null, n(2.0)]), n(2.0));
        assert_eq!(
            err("coalesce", &[Value::Null, s("")]),
            "no non-null, non-empty-string arguments"
        );
        assert_eq!(ok("coalescelist", &[l(vec![]), nums(&[1.0])]), nums(&[1.0]));
        assert_eq!(ok("one", &[l(vec![])]), Value::Null);
        assert_eq!(ok("one", &[strs(&["hello"])]), s("hello"));
        assert!(err("one", &[strs(&["a", "b"])]).contains("either zero or one"));
        assert_eq!(
            ok("reverse", &[nums(&[1.0, 2.0, 3.0])]),
            nums(&[3.0, 2.0, 1.0])
        );
        assert!(err("reverse", &[s("ab")]).contains("list"));
        assert_eq!(
            ok("slice", &[strs(&["a", "b", "c", "d"]), n(1.0), n(3.0)]),
            strs(&["b", "c"])
        );
        assert_eq!(
            ok("slice", &[nums(&[1.0, 2.0, 3.0]), n(1.0), n(1.0)]),
            l(vec![])
        );
        assert!(err("slice", &[nums(&[1.0, 2.0, 3.0]), n(2.0), n(1.0)])
            .contains("start index must not be greater"));
        assert!(err("slice", &[nums(&[1.0]), n(0.0), n(5.0)]).contains("end index"));
        assert_eq!(
            ok("sort", &[strs(&["e", "d", "a", "x"])]),
            strs(&["a", "d", "e", "x"])
        );
        assert_eq!(
            ok("sort", &[nums(&[3.0, 10.0, 1.0])]),
            strs(&["1", "10", "3"])
        );
        assert_eq!(
            ok("sort", &[strs(&["b", "a", "B"])]),
            strs(&["B", "a", "b"])
        );
        assert_eq!(ok("sum", &[nums(&[10.0, 13.0, 6.0, 4.5])]), n(33.5));
        assert_eq!(ok("sum", &[l(vec![n(1.0), s("2"), n(0.5)])]), n(3.5));
        assert_eq!(err("sum", &[l(vec![])]), "cannot sum an empty list");
        assert_eq!(ok("min", &[n(12.0), n(54.0), n(3.0)]), n(3.0));
        assert_eq!(ok("max", &[n(12.0), n(54.0), n(3.0)]), n(54.0));
        assert_eq!(ok("min", &[n(3.0), s("1")]), n(1.0));
        assert_eq!(err("max", &[]), "must pass at least one number");
    }

    #[test]
    fn type_unification_and_corner_cases_match_terraform() {
        assert_eq!(ok("contains", &[strs(&["1"]), n(1.0)]), b(false));
        assert_eq!(err("index", &[nums(&[1.0, 2.0]), s("2")]), "item not found");
        assert_eq!(ok("alltrue", &[l(vec![Value::Null])]), b(false));
        assert_eq!(ok("anytrue", &[l(vec![Value::Null, b(true)])]), b(true));
        assert!(err("flatten", &[s("a")]).contains("list"));
        assert_eq!(ok("join", &[s(","), l(vec![n(1.0), b(true)])]), s("1,true"));
        assert_eq!(
            ok("compact", &[l(vec![n(1.0), s(""), s("a")])]),
            strs(&["1", "a"])
        );
        assert_eq!(ok("coalesce", &[b(true), s("x")]), s("true"));
        assert_eq!(ok("formatlist", &[s("x%sy"), s("a")]), strs(&["xay"]));
        assert_eq!(ok("formatlist", &[s("x")]), strs(&["x"]));
        assert_eq!(
            ok("toset", &[nums(&[3.0, 10.0, 1.0])]),
            nums(&[1.0, 3.0, 10.0])
        );
        assert_eq!(
            ok("toset", &[l(vec![b(true), b(false)])]),
            l(vec![b(false), b(true)])
        );
        let o = obj(&[("a", n(1.0))]);
        assert_eq!(ok("toset", &[l(vec![o.clone(), o.clone()])]), l(vec![o]));
        assert_eq!(
            ok("setunion", &[nums(&[3.0, 1.0]), nums(&[2.0, 10.0])]),
            nums(&[1.0, 2.0, 3.0, 10.0])
        );
        assert_eq!(
            ok("setunion", &[strs(&["a"]), nums(&[1.0])]),
            strs(&["1", "a"])
        );
        assert_eq!(
            ok(
                "distinct",
                &[l(vec![nums(&[1.0]), nums(&[1.0]), nums(&[2.0])])]
            ),
            l(vec![nums(&[1.0]), nums(&[2.0])])
        );
        assert_eq!(ok("sort", &[l(vec![s("b"), n(1.0)])]), strs(&["1", "b"]));
        assert_eq!(
            ok("regexall", &[s("a*"), s("baaac")]),
            strs(&["", "aaa", ""])
        );
        assert_eq!(ok("replace", &[s("baaac"), s("/a*/"), s("-")]), s("-b-c-"));
        assert_eq!(ok("setproduct", &[strs(&["a"]), l(vec![])]), l(vec![]));
        assert_eq!(ok("transpose", &[obj(&[])]), obj(&[]));
        assert_eq!(ok("zipmap", &[l(vec![]), l(vec![])]), obj(&[]));
        assert_eq!(ok("chunklist", &[l(vec![]), n(2.0)]), l(vec![]));
    }

    #[test]
    // Over 80 lines: one table of cases checked against Terraform's own results.
    fn set_and_map_functions() {
        assert_eq!(
            ok(
                "setunion",
                &[strs(&["a", "b"]), strs(&["b", "c"]), strs(&["d"])]
            ),
            strs(&["a", "b", "c", "d"])
        );
        assert_eq!(
            ok(
                "setintersection",
                &[strs(&["a", "b"]), strs(&["b", "c"]), strs(&["b", "d"])]
            ),
            strs(&["b"])
        );
        assert_eq!(
            ok("setsubtract", &[strs(&["a", "b", "c"]), strs(&["a", "c"])]),
            strs(&["b"])
        );
        assert_eq!(
            ok(
                "setproduct",
                &[strs(&["development", "staging"]), strs(&["app1", "app2"])]
            ),
            l(vec![
                strs(&["development", "app1"]),
                strs(&["development", "app2"]),
                strs(&["staging", "app1"]),
                strs(&["staging", "app2"]),
            ])
        );
        assert_eq!(ok("setproduct", &[l(vec![]), strs(&["a"])]), l(vec![]));
        assert_eq!(
            err("setproduct", &[strs(&["a"])]),
            "at least two arguments are required"
        );
        assert_eq!(
            ok("zipmap", &[strs(&["a", "b"]), nums(&[1.0, 2.0])]),
            obj(&[("a", n(1.0)), ("b", n(2.0))])
        );
        assert_eq!(
            err("zipmap", &[strs(&["a", "b"]), nums(&[1.0])]),
            "number of keys (2) does not match number of values (1)"
        );
        assert_eq!(
            ok(
                "transpose",
                &[obj(&[("a", strs(&["1", "2"])), ("b", strs(&["2", "3"]))])]
            ),
            obj(&[
                ("1", strs(&["a"])),
                ("2", strs(&["a", "b"])),
                ("3", strs(&["b"]))
            ])
        );
        assert_eq!(ok("alltrue", &[l(vec![s("true"), b(true)])]), b(true));
        assert_eq!(ok("alltrue", &[l(vec![b(true), b(false)])]), b(false));
        assert_eq!(ok("alltrue", &[l(vec![])]), b(true));
        assert_eq!(ok("anytrue", &[l(vec![s("true"), b(false)])]), b(true));
        assert_eq!(ok("anytrue", &[l(vec![])]), b(false));
        assert_eq!(
            ok("chunklist", &[strs(&["a", "b", "c", "d", "e"]), n(2.0)]),
            l(vec![strs(&["a", "b"]), strs(&["c", "d"]), strs(&["e"])])
        );
        assert_eq!(
            ok("chunklist", &[nums(&[1.0, 2.0, 3.0]), n(0.0)]),
            l(vec![nums(&[1.0, 2.0, 3.0])])
        );
        assert_eq!(
            ok(
                "matchkeys",
                &[
                    strs(&["i-123", "i-abc", "i-def"]),
                    strs(&["us-west", "us-east", "us-east"]),
                    strs(&["us-east"])
                ]
            ),
            strs(&["i-abc", "i-def"])
        );
        assert_eq!(
            ok("toset", &[strs(&["c", "b", "b", "a"])]),
            strs(&["a", "b", "c"])
        );
        assert_eq!(
            ok("toset", &[l(vec![s("a"), n(1.0), b(true)])]),
            strs(&["1", "a", "true"])
        );
        assert_eq!(ok("tolist", &[l(vec![s("a"), n(1.0)])]), strs(&["a", "1"]));
        assert_eq!(
            ok("tomap", &[obj(&[("a", s("b")), ("c", n(1.0))])]),
            obj(&[("a", s("b")), ("c", s("1"))])
        );
        assert!(err("tomap", &[strs(&["a"])]).contains("cannot convert"));
        assert_eq!(ok("tostring", &[n(1.0)]), s("1"));
        assert_eq!(ok("tostring", &[Value::Null]), Value::Null);
        assert!(err("tostring", &[l(vec![])]).contains("cannot convert"));
        assert_eq!(ok("tonumber", &[s("1.5")]), n(1.5));
        assert!(err("tonumber", &[s("no")]).contains("cannot convert"));
        assert_eq!(ok("tobool", &[s("true")]), b(true));
        assert!(err("tobool", &[s("yes")]).contains("cannot convert"));
    }

    #[test]
    fn range_follows_terraform_and_is_bounded() {
        assert_eq!(ok("range", &[n(3.0)]), nums(&[0.0, 1.0, 2.0]));
        assert_eq!(ok("range", &[n(1.0), n(4.0)]), nums(&[1.0, 2.0, 3.0]));
        assert_eq!(
            ok("range", &[n(1.0), n(4.0), n(0.5)]),
            nums(&[1.0, 1.5, 2.0, 2.5, 3.0, 3.5])
        );
        assert_eq!(ok("range", &[n(5.0), n(1.0)]), nums(&[5.0, 4.0, 3.0, 2.0]));
        assert_eq!(ok("range", &[n(0.0)]), l(vec![]));
        assert!(err("range", &[n(3.0), n(1.0), n(1.0)]).contains("end must be greater than start"));
        assert!(err("range", &[n(1.0), n(3.0), n(0.0)]).contains("step must not be zero"));
        let start = std::time::Instant::now();
        assert_eq!(
            err("range", &[n(100000000.0)]),
            "range would produce 100000000 elements, over the limit of 1000000"
        );
        assert!(err("range", &[n(0.0), n(1.0), n(1e-300)]).contains("over the limit"));
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        assert!(err(
            "setproduct",
            &[nums(&[0.0; 1000]), nums(&[0.0; 1000]), nums(&[0.0; 10])]
        )
        .contains("over the limit"));
        let mut c = cx();
        c.max_collection_len = 3;
        assert!(call(
            "formatlist",
            &[s("%s"), strs(&["a", "b", "c", "d"])],
            &mut c
        )
        .is_err());
        assert!(call("concat", &[strs(&["a", "b"]), strs(&["c", "d"])], &mut c).is_err());
        assert!(call("split", &[s(","), s("a,b,c,d")], &mut c).is_err());
        assert!(call(
            "flatten",
            &[l(vec![strs(&["a", "b"]), strs(&["c", "d"])])],
            &mut c
        )
        .is_err());
    }

    #[test]
    fn collections_keep_unknown_elements() {
        let arn = Value::unknown_from(Origin::resource("aws_sqs_queue.dlq", "arn"));
        let tags = obj(&[("env", s("prod")), ("owner", unk("var.owner"))]);
        let merged = ok("merge", &[tags.clone(), obj(&[("name", arn.clone())])]);
        assert_eq!(merged.get("env"), Some(s("prod")));
        assert!(merged.get("name").unwrap().is_unknown());
        assert_eq!(
            ok("keys", &[merged.clone()]),
            strs(&["env", "name", "owner"])
        );
        assert_eq!(ok("length", &[merged.clone()]), n(3.0));
        assert_eq!(ok("lookup", &[merged.clone(), s("env"), s("x")]), s("prod"));
        assert_eq!(
            ok("concat", &[l(vec![arn.clone()]), strs(&["b"])]),
            l(vec![arn.clone(), s("b")])
        );
        assert_eq!(ok("element", &[l(vec![s("a"), arn.clone()]), n(1.0)]), arn);
        assert_eq!(
            ok("flatten", &[l(vec![l(vec![arn.clone()]), strs(&["x"])])]),
            l(vec![arn.clone(), s("x")])
        );
        assert_eq!(
            ok("compact", &[l(vec![arn.clone(), s("")])]),
            l(vec![arn.clone()])
        );
        assert_eq!(ok("coalesce", &[s("a"), arn.clone()]), s("a"));
        assert_eq!(
            ok("zipmap", &[strs(&["k"]), l(vec![arn.clone()])]),
            obj(&[("k", arn.clone())])
        );
        assert_eq!(ok("tolist", &[l(vec![arn.clone()])]), l(vec![arn.clone()]));
        assert_eq!(
            ok("toset", &[l(vec![s("b"), arn.clone(), s("a"), s("b")])]),
            l(vec![s("a"), s("b"), arn.clone()])
        );
        assert_eq!(
            ok("contains", &[l(vec![arn.clone(), s("a")]), s("a")]),
            b(true)
        );
        assert_eq!(ok("alltrue", &[l(vec![unk("var.x"), b(false)])]), b(false));
        // ... and an unknown where the value is needed gives an unknown with the origins
        let v = ok("coalesce", &[arn.clone(), s("a")]);
        assert_eq!(
            v.referenced_resources(),
            vec![Arc::<str>::from("aws_sqs_queue.dlq")]
        );
        let v = ok("contains", &[l(vec![arn.clone()]), s("a")]);
        assert!(v.is_unknown());
        assert_eq!(
            v.referenced_resources(),
            vec![Arc::<str>::from("aws_sqs_queue.dlq")]
        );
        for (name, args) in [
            ("length", vec![unk("var.l")]),
            ("merge", vec![tags.clone(), unk("var.m")]),
            ("keys", vec![unk("var.m")]),
            ("concat", vec![strs(&["a"]), unk("var.l")]),
            ("element", vec![strs(&["a"]), unk("var.i")]),
            ("lookup", vec![tags.clone(), unk("var.k")]),
            ("range", vec![unk("var.n")]),
            ("sort", vec![l(vec![s("a"), unk("var.s")])]),
            ("distinct", vec![l(vec![s("a"), unk("var.s")])]),
            ("upper", vec![unk("var.s")]),
            ("cidrsubnet", vec![unk("var.cidr"), n(8.0), n(1.0)]),
            ("file", vec![unk("var.path")]),
        ] {
            let v = ok(name, &args);
            assert!(v.is_unknown(), "{name} should be unknown, got {v:?}");
            assert!(!origins(&v).is_empty(), "{name} lost the origins");
        }
    }
}
