//! Go's fmt formatting: Print, Println, Printf's verbs and flags, %v of every kind of
//! value (maps with sorted keys, structs, pointers as &{...}), and time.Duration's String.

use std::sync::Arc;

use crate::bytecode::Program;
use crate::check::{Type, TypeId, Types, ids};
use crate::value::{Obj, Slot, Value};

/// The program's `Error` and `String` methods, which fmt calls on the values it prints
/// (the VM runs them; formatting itself is pure).
pub trait Methods {
    /// What `v`'s `Error()` (first) or `String()` method returns, where a value of type
    /// `t` has one; `None` where it has neither.
    fn text(&mut self, t: TypeId, v: &Value) -> Option<String>;
}

/// No methods to call: values print as their kind does.
pub struct NoMethods;

impl Methods for NoMethods {
    fn text(&mut self, _t: TypeId, _v: &Value) -> Option<String> {
        None
    }
}

/// What `v`'s `Error` or `String` method gives for verb `verb`, where Go calls it: for
/// %v, %s, %q, %x and %X (not %#v, %d, %T ...), on named types and pointers.
fn method_text(
    prog: &Program,
    m: &mut dyn Methods,
    t: TypeId,
    v: &Value,
    verb: char,
    sharp: bool,
) -> Option<String> {
    let eligible = matches!(verb, 's' | 'q' | 'x' | 'X') || (verb == 'v' && !sharp);
    if !eligible || !matches!(prog.types.get(t), Type::Named(..) | Type::Ptr(_)) {
        return None;
    }
    m.text(t, v)
}

/// A new error value of `errors.New` / `fmt.Errorf`, wrapping `wrapped` (for %w).
pub fn new_error(msg: &str, wrapped: Value) -> Value {
    Value::Iface(Arc::new((
        ids::ERRSTR,
        Value::Struct(Arc::new(Obj {
            fields: vec![Slot::new(Value::str(msg)), Slot::new(wrapped)].into_boxed_slice(),
        })),
    )))
}

/// The message of one of the library's errors.
pub fn error_text(v: &Value) -> String {
    match v {
        Value::Struct(o) => o.fields[0].load().as_str().to_string(),
        Value::Iface(i) => error_text(&i.1),
        _ => String::new(),
    }
}

/// What an error wraps.
pub fn unwrap_error(v: &Value) -> Option<Value> {
    match v {
        Value::Iface(i) if i.0 == ids::ERRSTR => match &i.1 {
            Value::Struct(o) => match o.fields[1].load() {
                Value::Nil => None,
                w => Some(w),
            },
            _ => None,
        },
        _ => None,
    }
}

/// How `panic(v)` prints v.
pub fn panic_value(prog: &Program, v: &Value) -> String {
    match v {
        Value::Iface(i) => {
            if i.0 == ids::ERRSTR {
                return error_text(&i.1);
            }
            let under = prog.types.under(i.0);
            let named = matches!(prog.types.get(i.0), Type::Named(..));
            let text = format_value(prog, &mut NoMethods, i.0, &i.1, 'v', false, false, 0);
            match under {
                Type::String if named => format!("{}({:?})", prog.types.name(i.0), text),
                Type::String => text,
                Type::Int(_) | Type::Float64 | Type::Bool if named => {
                    format!("{}({text})", prog.types.name(i.0))
                }
                Type::Float64 => runtime_float(i.1.as_float()),
                Type::Int(_) | Type::Bool => text,
                _ => format!("({}) {text}", prog.types.name(i.0)),
            }
        }
        Value::Nil => "nil".into(),
        v => format!("{v:?}"),
    }
}

/// How Go's runtime prints a float64 (a panic's value): `+2.500000e+000`.
fn runtime_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let e = format!("{f:.6e}");
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if mantissa.starts_with('-') { "" } else { "+" };
    let esign = if exp < 0 { '-' } else { '+' };
    format!("{sign}{mantissa}e{esign}{:03}", exp.abs())
}

/// A duration of `ns` nanoseconds in units of `unit` ns, as Go's `Seconds`, `Minutes`
/// and `Hours` compute it: the whole units and the rest added as floats, which rounds
/// differently from one division (`(90*time.Minute + 30*time.Second + 5*time.Millisecond).Hours()`
/// is 1.508334722222222, not ...2223).
pub fn duration_in(ns: i64, unit: i64) -> f64 {
    (ns / unit) as f64 + (ns % unit) as f64 / unit as f64
}

/// Go's Duration.String.
pub fn duration(d: i64) -> String {
    if d == 0 {
        return "0s".into();
    }
    let neg = d < 0;
    let u = d.unsigned_abs();
    let s = if u < 1_000 {
        format!("{u}ns")
    } else if u < 1_000_000 {
        format!("{}µs", trim_float(u as f64 / 1e3))
    } else if u < 1_000_000_000 {
        format!("{}ms", trim_float(u as f64 / 1e6))
    } else {
        let total_s = u / 1_000_000_000;
        let frac = u % 1_000_000_000;
        let (h, m, sec) = (total_s / 3600, (total_s / 60) % 60, total_s % 60);
        let secs = if frac == 0 {
            format!("{sec}")
        } else {
            format!("{sec}.{}", format!("{frac:09}").trim_end_matches('0'))
        };
        if h > 0 {
            format!("{h}h{m}m{secs}s")
        } else if m > 0 {
            format!("{m}m{secs}s")
        } else {
            format!("{secs}s")
        }
    };
    if neg { format!("-{s}") } else { s }
}

fn trim_float(f: f64) -> String {
    let s = format!("{f:.9}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn is_stringish(prog: &Program, v: &Value) -> bool {
    matches!(v, Value::Iface(i) if prog.types.is_string(i.0))
}

/// fmt.Sprint: spaces between operands when neither is a string.
pub fn sprint(prog: &Program, m: &mut dyn Methods, args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !is_stringish(prog, a) && !is_stringish(prog, &args[i - 1]) {
            out.push(' ');
        }
        out.push_str(&any_v(prog, m, a, 'v', false, false));
    }
    out
}

/// fmt.Sprintln without the newline.
pub fn sprintln(prog: &Program, m: &mut dyn Methods, args: &[Value]) -> String {
    let mut parts = Vec::with_capacity(args.len());
    for a in args {
        parts.push(any_v(prog, m, a, 'v', false, false));
    }
    parts.join(" ")
}

fn any_v(
    prog: &Program,
    m: &mut dyn Methods,
    v: &Value,
    verb: char,
    plus: bool,
    sharp: bool,
) -> String {
    match v {
        Value::Iface(i) => format_value(prog, m, i.0, &i.1, verb, plus, sharp, 0),
        Value::Nil => "<nil>".into(),
        v => format!("{v:?}"),
    }
}

/// Formats a value of static type `t` with a verb (`v`, `d`, `s`, `q`, `x`, ...).
pub fn format_value(
    prog: &Program,
    m: &mut dyn Methods,
    t: TypeId,
    v: &Value,
    verb: char,
    plus: bool,
    sharp: bool,
    depth: u32,
) -> String {
    if depth > 20 {
        return "...".into();
    }
    if let Some(text) = method_text(prog, m, t, v, verb, sharp) {
        return format_value(
            prog,
            m,
            ids::STRING,
            &Value::str(&text),
            verb,
            plus,
            sharp,
            depth,
        );
    }
    let types = &prog.types;
    // Errors and Stringers: the library's errors print their message.
    if t == ids::ERRSTR && matches!(verb, 'v' | 's' | 'q') {
        let m = error_text(v);
        return if verb == 'q' { quote(&m) } else { m };
    }
    match (types.under(t), v) {
        (_, Value::Iface(i)) => format_value(prog, m, i.0, &i.1, verb, plus, sharp, depth),
        (Type::Interface(_), Value::Nil) => "<nil>".into(),
        (Type::Int(k), Value::Int(x)) => {
            let x = *x;
            let unsigned = k.unsigned();
            match verb {
                'c' => char::from_u32(x as u32).unwrap_or('\u{FFFD}').to_string(),
                'q' => format!(
                    "'{}'",
                    char::from_u32(x as u32)
                        .unwrap_or('\u{FFFD}')
                        .escape_debug()
                ),
                'x' => {
                    if unsigned || x >= 0 {
                        format!("{:x}", x as u64)
                    } else {
                        format!("-{:x}", x.unsigned_abs())
                    }
                }
                'X' => {
                    if unsigned || x >= 0 {
                        format!("{:X}", x as u64)
                    } else {
                        format!("-{:X}", x.unsigned_abs())
                    }
                }
                'o' | 'O' => {
                    let digits = if unsigned || x >= 0 {
                        format!("{:o}", x as u64)
                    } else {
                        format!("{:o}", x.unsigned_abs())
                    };
                    let prefix = match (verb, sharp) {
                        ('O', _) => "0o",
                        (_, true) => "0",
                        _ => "",
                    };
                    let sign = if !unsigned && x < 0 { "-" } else { "" };
                    format!("{sign}{prefix}{digits}")
                }
                'b' => {
                    if x >= 0 {
                        format!("{:b}", x)
                    } else {
                        format!("-{:b}", x.unsigned_abs())
                    }
                }
                'U' if sharp => match char::from_u32(x as u32) {
                    Some(c) if !c.is_control() => format!("U+{:04X} '{c}'", x),
                    _ => format!("U+{:04X}", x),
                },
                'U' => format!("U+{:04X}", x),
                'v' | 's' if t == ids::DURATION => duration(x),
                v2 if !matches!(
                    v2,
                    'v' | 'd' | 'c' | 'q' | 'x' | 'X' | 'o' | 'O' | 'b' | 'U'
                ) =>
                {
                    format!("%!{verb}({}={x})", types.name(t))
                }
                _ if t == ids::DURATION && verb == 'v' => duration(x),
                _ => {
                    if unsigned {
                        (x as u64).to_string()
                    } else {
                        x.to_string()
                    }
                }
            }
        }
        (Type::Float64 | Type::Float32, Value::Float(f)) => {
            let shortest = format_float(types, t, *f);
            match verb {
                'f' | 'F' => format!("{f:.6}"),
                'e' => format_e(*f, 6, 'e'),
                'd' | 's' | 'x' | 't' | 'c' | 'q' => {
                    let name = if matches!(types.under(t), Type::Float32) {
                        "float32"
                    } else {
                        "float64"
                    };
                    format!("%!{verb}({name}={shortest})")
                }
                _ => shortest,
            }
        }
        (Type::Bool, Value::Bool(b)) => match verb {
            'v' | 't' => b.to_string(),
            _ => format!("%!{verb}(bool={b})"),
        },
        (Type::String, Value::Str(s)) => match verb {
            'q' => quote(s),
            'x' => s.bytes().map(|b| format!("{b:02x}")).collect(),
            'X' => s.bytes().map(|b| format!("{b:02X}")).collect(),
            'v' | 's' => s.to_string(),
            _ => format!("%!{verb}(string={s})"),
        },
        (Type::Slice(e), _)
            if types.int_kind(*e) == Some(crate::check::IntKind::U8)
                && matches!(verb, 's' | 'q' | 'x' | 'X') =>
        {
            // A []byte prints as the string of its bytes with these verbs.
            let bytes: Vec<u8> = crate::vm::elems(v)
                .iter()
                .map(|b| b.as_int() as u8)
                .collect();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            format_value(
                prog,
                m,
                ids::STRING,
                &Value::str(&text),
                verb,
                plus,
                sharp,
                depth,
            )
        }
        (Type::Slice(e) | Type::Array(_, e), _) => {
            let items = crate::vm::elems(v);
            if matches!(v, Value::Nil) && verb == 'v' && sharp {
                return format!("{}(nil)", types.name(t));
            }
            let mut parts = Vec::with_capacity(items.len());
            for x in &items {
                parts.push(format_value(prog, m, *e, x, verb, plus, sharp, depth + 1));
            }
            format!("[{}]", parts.join(" "))
        }
        (Type::Map(kt, vt), Value::Map(map)) => {
            let entries = map.entries.lock().unwrap_or_else(|e| e.into_inner());
            let mut pairs: Vec<(Value, Value)> = entries.values().cloned().collect();
            drop(entries);
            pairs.sort_by(|a, b| cmp_keys(&a.0, &b.0));
            let mut parts = Vec::with_capacity(pairs.len());
            for (k, x) in &pairs {
                let k = format_value(prog, m, *kt, k, verb, plus, sharp, depth + 1);
                let x = format_value(prog, m, *vt, x, verb, plus, sharp, depth + 1);
                parts.push(format!("{k}:{x}"));
            }
            format!("map[{}]", parts.join(" "))
        }
        (Type::Map(..), Value::Nil) => "map[]".into(),
        (Type::Struct(fs), Value::Struct(o)) => {
            let mut parts = Vec::with_capacity(fs.len());
            for ((n, ft), s) in fs.iter().zip(o.fields.iter()) {
                // fmt cannot call the methods of an unexported field's value.
                let exported = n.starts_with(|c: char| c.is_uppercase());
                let x = if exported {
                    format_value(prog, m, *ft, &s.load(), verb, plus, sharp, depth + 1)
                } else {
                    // (time.Duration's String included: it prints as its number.)
                    format_value(
                        prog,
                        &mut NoMethods,
                        types.underlying(*ft),
                        &s.load(),
                        verb,
                        plus,
                        sharp,
                        depth + 1,
                    )
                };
                parts.push(if plus { format!("{n}:{x}") } else { x });
            }
            format!("{{{}}}", parts.join(" "))
        }
        (Type::Ptr(e), Value::Struct(_)) if depth == 0 && verb != 'p' => format!(
            "&{}",
            format_value(prog, m, *e, v, verb, plus, sharp, depth + 1)
        ),
        (Type::Ptr(_) | Type::Chan(..) | Type::Func(..), Value::Nil)
            if verb == 'p'
                || matches!(
                    types.under(t),
                    Type::Ptr(_) | Type::Chan(..) | Type::Func(..)
                ) =>
        {
            "<nil>".into()
        }
        // A sync.Mutex as Go's fields print it (unlocked, nobody waiting).
        (Type::Builtin(crate::check::Builtin::Mutex), _) => {
            if plus { "{state:0 sema:0}" } else { "{0 0}" }.into()
        }
        (Type::Ptr(_) | Type::Chan(..) | Type::Func(..) | Type::Builtin(_), _) => {
            format!("0x{:x}", 0xc000010000u64 + (addr(v) & 0xffff8))
        }
        (_, Value::Nil) => "<nil>".into(),
        _ => format!("{v:?}"),
    }
}

/// `%#v`: a value as Go source would write it (`main.T{A:1, B:"x"}`, `[]int{1, 2}`,
/// `map[string]int{"a":1}`, `&main.T{...}`, `(*main.T)(nil)`).
fn go_syntax(prog: &Program, t: TypeId, v: &Value, depth: u32) -> String {
    let types = &prog.types;
    if depth > 20 {
        return "...".into();
    }
    let name = types.name(t);
    match (types.under(t), v) {
        (_, Value::Iface(i)) => go_syntax(prog, i.0, &i.1, depth),
        (Type::Interface(_), Value::Nil) => "interface {}(nil)".into(),
        (Type::String, Value::Str(s)) => quote(s),
        (Type::Int(k), Value::Int(x)) if k.unsigned() => format!("0x{:x}", *x as u64),
        (Type::Int(_), Value::Int(x)) => x.to_string(),
        (Type::Float64 | Type::Float32, Value::Float(f)) => format_float(types, t, *f),
        (Type::Bool, Value::Bool(b)) => b.to_string(),
        (Type::Slice(_), Value::Nil) => format!("{name}(nil)"),
        (Type::Map(..), Value::Nil) => format!("{name}(nil)"),
        (Type::Ptr(_), Value::Nil) => format!("({name})(nil)"),
        (Type::Slice(e) | Type::Array(_, e), _) => {
            let items: Vec<String> = crate::vm::elems(v)
                .iter()
                .map(|x| go_syntax(prog, *e, x, depth + 1))
                .collect();
            format!("{name}{{{}}}", items.join(", "))
        }
        (Type::Map(kt, vt), Value::Map(map)) => {
            let entries = map.entries.lock().unwrap_or_else(|e| e.into_inner());
            let mut pairs: Vec<(Value, Value)> = entries.values().cloned().collect();
            drop(entries);
            pairs.sort_by(|a, b| cmp_keys(&a.0, &b.0));
            let items: Vec<String> = pairs
                .iter()
                .map(|(k, x)| {
                    format!(
                        "{}:{}",
                        go_syntax(prog, *kt, k, depth + 1),
                        go_syntax(prog, *vt, x, depth + 1)
                    )
                })
                .collect();
            format!("{name}{{{}}}", items.join(", "))
        }
        (Type::Struct(fs), Value::Struct(o)) => {
            let items: Vec<String> = fs
                .iter()
                .zip(o.fields.iter())
                .map(|((n, ft), s)| format!("{n}:{}", go_syntax(prog, *ft, &s.load(), depth + 1)))
                .collect();
            format!("{name}{{{}}}", items.join(", "))
        }
        (Type::Ptr(e), Value::Struct(_)) => format!("&{}", go_syntax(prog, *e, v, depth + 1)),
        _ => format_value(prog, &mut NoMethods, t, v, 'v', false, false, depth),
    }
}

fn addr(v: &Value) -> u64 {
    match v.key() {
        crate::value::Key::Addr(a) => a as u64,
        _ => 0,
    }
}

fn cmp_keys(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal),
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Iface(x), Value::Iface(y)) => x.0.cmp(&y.0).then_with(|| cmp_keys(&x.1, &y.1)),
        // Structs and arrays field by field, element by element, as fmt sorts them.
        (Value::Struct(x), Value::Struct(y)) => x
            .fields
            .iter()
            .zip(y.fields.iter())
            .map(|(a, b)| cmp_keys(&a.load(), &b.load()))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal),
        (Value::Slice(x), Value::Slice(y)) => (0..x.len.min(y.len))
            .map(|i| cmp_keys(&x.slot(i).load(), &y.slot(i).load()))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal),
        _ => std::cmp::Ordering::Equal,
    }
}

/// Go's %q of a string.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// %e with `prec` digits.
pub fn format_e(f: f64, prec: usize, e: char) -> String {
    let s = format!("{f:.prec$e}");
    // Rust writes 1.5e2; Go writes 1.5e+02.
    match s.split_once('e') {
        Some((m, x)) => {
            let (sign, digits) = if let Some(d) = x.strip_prefix('-') {
                ('-', d)
            } else {
                ('+', x)
            };
            format!("{m}{e}{sign}{digits:0>2}")
        }
        None => s,
    }
}

/// A float of type `t` as %v prints it: the shortest digits that read back as the value
/// in its own type, float32 or float64.
fn format_float(types: &Types, t: TypeId, f: f64) -> String {
    if matches!(types.under(t), Type::Float32) {
        format_g(f as f32)
    } else {
        format_g(f)
    }
}

/// %v of a float32 or float64: the shortest representation, in %e form for large or tiny
/// exponents.
pub fn format_g<F: Copy + Into<f64> + std::fmt::LowerExp + std::fmt::Display>(
    shortest: F,
) -> String {
    let f: f64 = shortest.into();
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f.is_nan() {
        return "NaN".into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // The digits are the shortest that read back as `shortest` in its own type.
    let sci = format!("{shortest:e}");
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let (sign, digits) = if exp < 0 { ('-', -exp) } else { ('+', exp) };
        return format!("{mant}e{sign}{digits:02}");
    }
    format!("{shortest}")
}

/// %g (`e` = 'e') or %G (`e` = 'E') with a precision: `prec` significant digits (0 is
/// 1), in %e form when the exponent is below -4 or not below `prec`, trailing zeros
/// dropped, as Go's strconv formats with 'g'.
pub fn format_g_digits(f: f64, prec: usize, e: char) -> String {
    if !f.is_finite() {
        return format_g(f);
    }
    let digits = prec.max(1);
    let sci = format!("{f:.*e}", digits - 1);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let trim = |m: &str| -> String {
        if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            m.to_string()
        }
    };
    if exp < -4 || exp >= digits as i32 {
        let (sign, abs) = if exp < 0 { ('-', -exp) } else { ('+', exp) };
        return format!("{}{e}{sign}{abs:02}", trim(mant));
    }
    let decimals = (digits as i32 - 1 - exp).max(0) as usize;
    trim(&format!("{f:.decimals$}"))
}

/// fmt.Sprintf.
pub fn sprintf(prog: &Program, m: &mut dyn Methods, format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut ai = 0;
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        let (mut minus, mut plus, mut zero, mut sharp, mut space) =
            (false, false, false, false, false);
        while i < chars.len() {
            match chars[i] {
                '-' => minus = true,
                '+' => plus = true,
                '0' => zero = true,
                '#' => sharp = true,
                ' ' => space = true,
                _ => break,
            }
            i += 1;
        }
        let mut width: Option<usize> = None;
        if i < chars.len() && chars[i] == '*' {
            if let Some(Value::Iface(a)) = args.get(ai) {
                let w = a.1.as_int();
                if w < 0 {
                    minus = true;
                }
                width = Some(w.unsigned_abs() as usize);
            }
            ai += 1;
            i += 1;
        }
        while i < chars.len() && chars[i].is_ascii_digit() {
            width = Some(width.unwrap_or(0) * 10 + chars[i].to_digit(10).unwrap_or(0) as usize);
            i += 1;
        }
        let mut prec: Option<usize> = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            prec = Some(0);
            if i < chars.len() && chars[i] == '*' {
                if let Some(Value::Iface(a)) = args.get(ai) {
                    prec = Some(a.1.as_int().max(0) as usize);
                }
                ai += 1;
                i += 1;
            }
            while i < chars.len() && chars[i].is_ascii_digit() {
                prec = Some(prec.unwrap_or(0) * 10 + chars[i].to_digit(10).unwrap_or(0) as usize);
                i += 1;
            }
        }
        let Some(&verb) = chars.get(i) else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += 1;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(ai) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        ai += 1;
        let spec = Spec {
            verb,
            minus,
            plus,
            zero,
            sharp,
            space,
            width,
            prec,
        };
        out.push_str(&with_spec(prog, m, arg, &spec));
    }
    if ai < args.len() {
        let mut extra = Vec::new();
        for a in &args[ai..] {
            extra.push(match a {
                Value::Iface(i) => format!(
                    "{}={}",
                    prog.types.name(i.0),
                    format_value(prog, m, i.0, &i.1, 'v', false, false, 0)
                ),
                _ => "<nil>".into(),
            });
        }
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

/// One verb with its flags, width and precision.
#[derive(Clone, Copy)]
struct Spec {
    verb: char,
    minus: bool,
    plus: bool,
    zero: bool,
    sharp: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// One operand formatted by `spec`, padded to its width. A slice or an array is formatted
/// element by element with the whole spec (`%5.1f` of `[]float64{4, 3}` is `[  4.0   3.0]`),
/// as Go's fmt does, but for the verbs that print a `[]byte` as a string.
fn with_spec(prog: &Program, m: &mut dyn Methods, arg: &Value, spec: &Spec) -> String {
    if let Value::Iface(iv) = arg
        && let Type::Slice(e) | Type::Array(_, e) = prog.types.under(iv.0)
        && !matches!(spec.verb, 'T' | 'p' | 'w')
        && !(spec.verb == 'v' && spec.sharp)
        && !(prog.types.int_kind(*e) == Some(crate::check::IntKind::U8)
            && matches!(spec.verb, 's' | 'q' | 'x' | 'X'))
        && !matches!(prog.types.get(iv.0), Type::Named(..))
        && !matches!(iv.1, Value::Nil)
    {
        let mut parts = Vec::new();
        for x in crate::vm::elems(&iv.1) {
            let item = Value::Iface(Arc::new((*e, x)));
            parts.push(with_spec(prog, m, &item, spec));
        }
        return format!("[{}]", parts.join(" "));
    }
    let Spec {
        verb,
        minus,
        plus,
        zero,
        sharp,
        space,
        width,
        prec,
    } = *spec;
    let text = if verb == 'w' {
        one_verb(prog, m, arg, 'v', plus, sharp, space, prec, false)
    } else {
        one_verb(prog, m, arg, verb, plus, sharp, space, prec, zero && !minus)
    };
    let n = text.chars().count();
    match width {
        Some(w) if w > n => {
            let pad = w - n;
            if minus {
                format!("{text}{}", " ".repeat(pad))
            } else if zero && is_numeric_arg(prog, arg) {
                let (sign, rest) = if text.starts_with(['-', '+']) {
                    text.split_at(1)
                } else {
                    ("", text.as_str())
                };
                format!("{sign}{}{rest}", "0".repeat(pad))
            } else {
                format!("{}{text}", " ".repeat(pad))
            }
        }
        _ => text,
    }
}

fn is_numeric_arg(prog: &Program, a: &Value) -> bool {
    matches!(a, Value::Iface(i) if prog.types.int_kind(i.0).is_some() || prog.types.is_float(i.0))
}

#[allow(clippy::too_many_arguments)]
fn one_verb(
    prog: &Program,
    m: &mut dyn Methods,
    arg: &Value,
    verb: char,
    plus: bool,
    sharp: bool,
    space: bool,
    prec: Option<usize>,
    _zero: bool,
) -> String {
    let Value::Iface(iv) = arg else {
        return match verb {
            'v' | 'T' => "<nil>".into(),
            _ => format!("%!{verb}(<nil>)"),
        };
    };
    let (t, v) = (iv.0, &iv.1);
    if let Some(text) = method_text(prog, m, t, v, verb, sharp) {
        let text = Value::Iface(Arc::new((ids::STRING, Value::str(&text))));
        return one_verb(prog, m, &text, verb, plus, sharp, space, prec, _zero);
    }
    let types = &prog.types;
    if verb == 'v' && sharp {
        return go_syntax(prog, t, v, 0);
    }
    match verb {
        'T' => return types.name(t),
        'p' => return format_value(prog, m, t, v, 'p', false, false, 0),
        _ => {}
    }
    if types.is_float(t) {
        let f = v.as_float();
        let shortest = || format_float(types, t, f);
        let s = match verb {
            'f' | 'F' => format!("{f:.*}", prec.unwrap_or(6)),
            'e' => format_e(f, prec.unwrap_or(6), 'e'),
            'E' => format_e(f, prec.unwrap_or(6), 'E'),
            'g' | 'v' => match prec {
                Some(p) => format_g_digits(f, p, 'e'),
                None => shortest(),
            },
            'G' => match prec {
                Some(p) => format_g_digits(f, p, 'E'),
                None => shortest().replace('e', "E"),
            },
            _ => return format!("%!{verb}({}={})", types.name(t), shortest()),
        };
        return if plus && f >= 0.0 { format!("+{s}") } else { s };
    }
    if let Some(k) = types.int_kind(t) {
        let x = v.as_int();
        let s = match verb {
            'd' | 'v' if t != ids::DURATION || verb == 'd' => {
                if k.unsigned() {
                    (x as u64).to_string()
                } else {
                    x.to_string()
                }
            }
            'x' | 'X' if sharp => {
                let digits = format_value(prog, m, t, v, verb, false, false, 0);
                let prefix = if verb == 'x' { "0x" } else { "0X" };
                match digits.strip_prefix('-') {
                    Some(d) => format!("-{prefix}{d}"),
                    None => format!("{prefix}{digits}"),
                }
            }
            _ => format_value(prog, m, t, v, verb, plus, sharp, 0),
        };
        let signed = matches!(verb, 'd' | 'v') && (x >= 0 || k.unsigned());
        return match (plus, space) {
            (true, _) if signed => format!("+{s}"),
            (false, true) if signed => format!(" {s}"),
            _ => s,
        };
    }
    if types.is_string(t) {
        let s = v.as_str();
        let s: String = match prec {
            Some(p) if matches!(verb, 's' | 'v' | 'q') => s.chars().take(p).collect(),
            _ => s.to_string(),
        };
        if verb == 'x' && space {
            return s
                .bytes()
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(" ");
        }
        return format_value(prog, m, t, &Value::str(&s), verb, plus, sharp, 0);
    }
    if t == ids::ERRSTR {
        return format_value(
            prog,
            m,
            t,
            v,
            if verb == 'q' { 'q' } else { 'v' },
            plus,
            sharp,
            0,
        );
    }
    let verb = if verb == 's' && !matches!(types.under(t), Type::Slice(_) | Type::Array(..)) {
        'v'
    } else {
        verb
    };
    let _ = space;
    format_value(prog, m, t, v, verb, plus, sharp, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_as_go() {
        assert_eq!(duration(1_500_000_000), "1.5s");
        assert_eq!(duration(250_000_000), "250ms");
        assert_eq!(duration(90_000_000_000), "1m30s");
        assert_eq!(duration(1500), "1.5µs");
        assert_eq!(duration(0), "0s");
    }

    #[test]
    fn floats_print_as_go() {
        assert_eq!(format_g(2.5), "2.5");
        assert_eq!(format_g(1e21), "1e+21");
        assert_eq!(format_g(100.0), "100");
        assert_eq!(format_g(0.000001), "1e-06");
        assert_eq!(format_e(123456.789, 6, 'e'), "1.234568e+05");
    }
}
