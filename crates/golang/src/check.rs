//! Types: the table every type of a program is interned in, Go's names for them, and the
//! rules the compiler checks with (identity, assignability, what is comparable). The
//! compiler infers and checks each expression's type as it compiles it, with these.

use crate::ast::ChanDir;
use std::collections::HashMap;

/// An index into [`Types`].
pub type TypeId = u32;

/// The integer kinds, each with its width and signedness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntKind {
    /// `int` (64-bit).
    Int,
    /// `int8`.
    I8,
    /// `int16`.
    I16,
    /// `int32` (`rune`).
    I32,
    /// `int64`.
    I64,
    /// `uint` (64-bit).
    Uint,
    /// `uint8` (`byte`).
    U8,
    /// `uint16`.
    U16,
    /// `uint32`.
    U32,
    /// `uint64`.
    U64,
    /// `uintptr`.
    Uintptr,
}

impl IntKind {
    /// Go's name.
    pub fn name(self) -> &'static str {
        match self {
            IntKind::Int => "int",
            IntKind::I8 => "int8",
            IntKind::I16 => "int16",
            IntKind::I32 => "int32",
            IntKind::I64 => "int64",
            IntKind::Uint => "uint",
            IntKind::U8 => "uint8",
            IntKind::U16 => "uint16",
            IntKind::U32 => "uint32",
            IntKind::U64 => "uint64",
            IntKind::Uintptr => "uintptr",
        }
    }
    /// Whether it is unsigned.
    pub fn unsigned(self) -> bool {
        matches!(
            self,
            IntKind::Uint
                | IntKind::U8
                | IntKind::U16
                | IntKind::U32
                | IntKind::U64
                | IntKind::Uintptr
        )
    }
    /// Wraps `v` to this kind's width (kept in an i64; unsigned 64-bit values as their bits).
    pub fn wrap(self, v: i64) -> i64 {
        match self {
            IntKind::I8 => v as i8 as i64,
            IntKind::I16 => v as i16 as i64,
            IntKind::I32 => v as i32 as i64,
            IntKind::U8 => v as u8 as i64,
            IntKind::U16 => v as u16 as i64,
            IntKind::U32 => v as u32 as i64,
            _ => v,
        }
    }
    /// Whether `v` (an exact constant) fits.
    pub fn fits(self, v: i128) -> bool {
        let (lo, hi): (i128, i128) = match self {
            IntKind::Int | IntKind::I64 => (i64::MIN as i128, i64::MAX as i128),
            IntKind::I8 => (-128, 127),
            IntKind::I16 => (-32768, 32767),
            IntKind::I32 => (i32::MIN as i128, i32::MAX as i128),
            IntKind::U8 => (0, 255),
            IntKind::U16 => (0, 65535),
            IntKind::U32 => (0, u32::MAX as i128),
            _ => (0, u64::MAX as i128),
        };
        (lo..=hi).contains(&v)
    }
}

/// The synchronisation and runtime objects of the standard library the subset knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// `sync.WaitGroup`.
    WaitGroup,
    /// `sync.Mutex`.
    Mutex,
    /// `sync.RWMutex`.
    RWMutex,
    /// `sync.Once`.
    Once,
    /// `atomic.Int32`, `atomic.Int64`, `atomic.Uint32` or `atomic.Uint64`.
    AtomicInt(IntKind),
    /// `atomic.Bool`.
    AtomicBool,
    /// `time.Time`.
    Time,
    /// `rand.Rand`: a seeded generator.
    Rand,
    /// `strings.Builder`.
    Builder,
    /// `*os.File`: `os.Stdout` or `os.Stderr`.
    File,
}

/// A type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// An integer type.
    Int(IntKind),
    /// `float64`.
    Float64,
    /// `float32` (computed as float64).
    Float32,
    /// `bool`.
    Bool,
    /// `string`.
    String,
    /// `[]T`.
    Slice(TypeId),
    /// `[N]T`.
    Array(u64, TypeId),
    /// `map[K]V`.
    Map(TypeId, TypeId),
    /// `*T`.
    Ptr(TypeId),
    /// `chan T`, `chan<- T`, `<-chan T`.
    Chan(ChanDir, TypeId),
    /// A function type: parameters, results, variadic.
    Func(Vec<TypeId>, Vec<TypeId>, bool),
    /// A struct: field names and types.
    Struct(Vec<(String, TypeId)>),
    /// An interface: its methods' names and function types, sorted by name.
    Interface(Vec<(String, TypeId)>),
    /// A named type: its qualified name (`main.Celsius`, `time.Duration`) and underlying type.
    Named(String, TypeId),
    /// A standard-library object.
    Builtin(Builtin),
    /// The type of `errors.New`'s and `fmt.Errorf`'s values (`*errors.errorString`).
    ErrorString,
    /// Several results of a call.
    Tuple(Vec<TypeId>),
    /// An untyped constant or `nil`: `int`, `float`, `rune`, `bool`, `string`, `nil`.
    Untyped(&'static str),
}

/// The interned types of a program.
#[derive(Debug, Clone, Default)]
pub struct Types {
    list: Vec<Type>,
    index: HashMap<Type, TypeId>,
}

/// Ids of types every program has, interned first in this order.
pub mod ids {
    use super::TypeId;
    /// `int`.
    pub const INT: TypeId = 0;
    /// `float64`.
    pub const FLOAT64: TypeId = 1;
    /// `bool`.
    pub const BOOL: TypeId = 2;
    /// `string`.
    pub const STRING: TypeId = 3;
    /// Untyped int.
    pub const UINT_C: TypeId = 4;
    /// Untyped float.
    pub const UFLOAT: TypeId = 5;
    /// Untyped rune.
    pub const URUNE: TypeId = 6;
    /// Untyped bool.
    pub const UBOOL: TypeId = 7;
    /// Untyped string.
    pub const USTRING: TypeId = 8;
    /// Untyped nil.
    pub const UNIL: TypeId = 9;
    /// `any`.
    pub const ANY: TypeId = 10;
    /// `error`'s function type `func() string`.
    pub const ERROR_FN: TypeId = 11;
    /// `error`'s underlying interface.
    pub const ERROR_IFACE: TypeId = 12;
    /// `error`.
    pub const ERROR: TypeId = 13;
    /// `*errors.errorString`.
    pub const ERRSTR: TypeId = 14;
    /// `int64`.
    pub const INT64: TypeId = 15;
    /// `time.Duration`.
    pub const DURATION: TypeId = 16;
    /// `int32` (`rune`).
    pub const INT32: TypeId = 17;
    /// `uint8` (`byte`).
    pub const UINT8: TypeId = 18;
    /// The empty tuple (no results).
    pub const VOID: TypeId = 19;
}

impl Types {
    /// A table with the predeclared types at their [`ids`].
    pub fn new() -> Self {
        let mut t = Types::default();
        for ty in [
            Type::Int(IntKind::Int),
            Type::Float64,
            Type::Bool,
            Type::String,
            Type::Untyped("int"),
            Type::Untyped("float"),
            Type::Untyped("rune"),
            Type::Untyped("bool"),
            Type::Untyped("string"),
            Type::Untyped("nil"),
            Type::Interface(Vec::new()),
            Type::Func(Vec::new(), vec![ids::STRING], false),
            Type::Interface(vec![("Error".into(), ids::ERROR_FN)]),
            Type::Named("error".into(), ids::ERROR_IFACE),
            Type::ErrorString,
            Type::Int(IntKind::I64),
            Type::Named("time.Duration".into(), ids::INT64),
            Type::Int(IntKind::I32),
            Type::Int(IntKind::U8),
            Type::Tuple(Vec::new()),
        ] {
            t.intern(ty);
        }
        t
    }

    /// The id of `ty`, interning it if new.
    pub fn intern(&mut self, ty: Type) -> TypeId {
        if let Some(&id) = self.index.get(&ty) {
            return id;
        }
        let id = self.list.len() as TypeId;
        self.list.push(ty.clone());
        self.index.insert(ty, id);
        id
    }

    /// Makes a new named type whose underlying type is set later ([`Types::set_underlying`]).
    pub fn declare_named(&mut self, name: String) -> TypeId {
        let id = self.list.len() as TypeId;
        self.list.push(Type::Named(name, ids::VOID));
        id
    }

    /// Sets a named type's underlying type.
    pub fn set_underlying(&mut self, named: TypeId, under: TypeId) {
        if let Type::Named(n, _) = &self.list[named as usize] {
            let n = n.clone();
            let under = self.underlying(under);
            self.list[named as usize] = Type::Named(n.clone(), under);
            self.index.insert(Type::Named(n, under), named);
        }
    }

    /// The type of id `id`.
    pub fn get(&self, id: TypeId) -> &Type {
        &self.list[id as usize]
    }

    /// The underlying type's id (itself unless named).
    pub fn underlying(&self, mut id: TypeId) -> TypeId {
        while let Type::Named(_, u) = self.get(id) {
            if *u == id {
                break;
            }
            id = *u;
        }
        id
    }

    /// The underlying type.
    pub fn under(&self, id: TypeId) -> &Type {
        self.get(self.underlying(id))
    }

    /// Whether it is an interface type.
    pub fn is_interface(&self, id: TypeId) -> bool {
        matches!(self.under(id), Type::Interface(_))
    }

    /// Whether it is an untyped constant's type.
    pub fn is_untyped(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Untyped(_))
    }

    /// The integer kind, if an integer type (untyped int and rune count as `int`/`int32`).
    pub fn int_kind(&self, id: TypeId) -> Option<IntKind> {
        match self.under(id) {
            Type::Int(k) => Some(*k),
            Type::Untyped("int") => Some(IntKind::Int),
            Type::Untyped("rune") => Some(IntKind::I32),
            _ => None,
        }
    }

    /// Whether a float type.
    pub fn is_float(&self, id: TypeId) -> bool {
        matches!(
            self.under(id),
            Type::Float64 | Type::Float32 | Type::Untyped("float")
        )
    }

    /// Whether a string type.
    pub fn is_string(&self, id: TypeId) -> bool {
        matches!(self.under(id), Type::String | Type::Untyped("string"))
    }

    /// Whether a boolean type.
    pub fn is_bool(&self, id: TypeId) -> bool {
        matches!(self.under(id), Type::Bool | Type::Untyped("bool"))
    }

    /// The default type of an untyped constant's type; others unchanged.
    pub fn default_type(&self, id: TypeId) -> TypeId {
        match self.get(id) {
            Type::Untyped("int") => ids::INT,
            Type::Untyped("float") => ids::FLOAT64,
            Type::Untyped("rune") => ids::INT32,
            Type::Untyped("bool") => ids::BOOL,
            Type::Untyped("string") => ids::STRING,
            _ => id,
        }
    }

    /// Whether a value of type `from` may be assigned to `to` (untyped constants checked
    /// by value elsewhere).
    pub fn assignable(&self, from: TypeId, to: TypeId) -> bool {
        if from == to {
            return true;
        }
        let (uf, ut) = (self.get(from), self.get(to));
        match uf {
            Type::Untyped("nil") => {
                return matches!(
                    self.under(to),
                    Type::Slice(_)
                        | Type::Map(..)
                        | Type::Ptr(_)
                        | Type::Chan(..)
                        | Type::Func(..)
                        | Type::Interface(_)
                );
            }
            Type::Untyped(k) => {
                if self.is_interface(to) {
                    return true;
                }
                return match *k {
                    "int" | "rune" => self.int_kind(to).is_some() || self.is_float(to),
                    "float" => self.is_float(to) || self.int_kind(to).is_some(),
                    "bool" => self.is_bool(to),
                    _ => self.is_string(to),
                };
            }
            _ => {}
        }
        if self.is_interface(to) {
            return self.implements(from, to);
        }
        // Identical underlying types where one side is unnamed; or a channel that sends
        // and receives, to a channel type of the same element with a direction.
        let named = |t: &Type| matches!(t, Type::Named(..));
        if !named(uf) || !named(ut) {
            match (self.under(from), self.under(to)) {
                (Type::Chan(ChanDir::Both, a), Type::Chan(_, b)) if a == b => return true,
                _ => {}
            }
            if self.underlying(from) == self.underlying(to) {
                return true;
            }
        }
        false
    }

    /// Whether `ty` may be assigned to interface `iface` as far as the type table can
    /// tell: any non-nil value may. Method sets are the compiler's, which checks them where
    /// a value meets an interface (`not_implemented` in `compile.rs`).
    pub fn implements(&self, ty: TypeId, iface: TypeId) -> bool {
        let _ = ty;
        match self.under(iface) {
            Type::Interface(ms) => ms.is_empty() || ty != ids::UNIL,
            _ => false,
        }
    }

    /// Go's name of a type, as `%T` prints it.
    pub fn name(&self, id: TypeId) -> String {
        match self.get(id) {
            Type::Int(k) => k.name().into(),
            Type::Float64 => "float64".into(),
            Type::Float32 => "float32".into(),
            Type::Bool => "bool".into(),
            Type::String => "string".into(),
            Type::Slice(e) => format!("[]{}", self.name(*e)),
            Type::Array(n, e) => format!("[{n}]{}", self.name(*e)),
            Type::Map(k, v) => format!("map[{}]{}", self.name(*k), self.name(*v)),
            Type::Ptr(e) => format!("*{}", self.name(*e)),
            Type::Chan(ChanDir::Both, e) => format!("chan {}", self.name(*e)),
            Type::Chan(ChanDir::Send, e) => format!("chan<- {}", self.name(*e)),
            Type::Chan(ChanDir::Recv, e) => format!("<-chan {}", self.name(*e)),
            Type::Func(p, r, v) => {
                let mut s = String::from("func(");
                for (i, t) in p.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    if *v
                        && i + 1 == p.len()
                        && let Type::Slice(e) = self.get(*t)
                    {
                        s.push_str("...");
                        s.push_str(&self.name(*e));
                        continue;
                    }
                    s.push_str(&self.name(*t));
                }
                s.push(')');
                match r.len() {
                    0 => {}
                    1 => {
                        s.push(' ');
                        s.push_str(&self.name(r[0]));
                    }
                    _ => {
                        s.push_str(" (");
                        s.push_str(
                            &r.iter()
                                .map(|t| self.name(*t))
                                .collect::<Vec<_>>()
                                .join(", "),
                        );
                        s.push(')');
                    }
                }
                s
            }
            Type::Struct(fs) => {
                let parts: Vec<String> = fs
                    .iter()
                    .map(|(n, t)| format!("{n} {}", self.name(*t)))
                    .collect();
                format!("struct {{ {} }}", parts.join("; "))
            }
            Type::Interface(ms) if ms.is_empty() => "interface {}".into(),
            Type::Interface(ms) => {
                let parts: Vec<String> = ms
                    .iter()
                    .map(|(n, t)| format!("{n}{}", &self.name(*t)[4..]))
                    .collect();
                format!("interface {{ {} }}", parts.join("; "))
            }
            Type::Named(n, _) => n.clone(),
            Type::Builtin(b) => match b {
                Builtin::WaitGroup => "sync.WaitGroup",
                Builtin::Mutex => "sync.Mutex",
                Builtin::RWMutex => "sync.RWMutex",
                Builtin::Once => "sync.Once",
                Builtin::AtomicInt(IntKind::I32) => "atomic.Int32",
                Builtin::AtomicInt(IntKind::U32) => "atomic.Uint32",
                Builtin::AtomicInt(IntKind::U64) => "atomic.Uint64",
                Builtin::AtomicInt(_) => "atomic.Int64",
                Builtin::AtomicBool => "atomic.Bool",
                Builtin::Time => "time.Time",
                Builtin::Rand => "rand.Rand",
                Builtin::Builder => "strings.Builder",
                Builtin::File => "*os.File",
            }
            .into(),
            Type::ErrorString => "*errors.errorString".into(),
            Type::Tuple(ts) => format!(
                "({})",
                ts.iter()
                    .map(|t| self.name(*t))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Type::Untyped(k) => format!("untyped {k}"),
        }
    }

    /// Whether values of the type can be compared with `==`.
    pub fn comparable(&self, id: TypeId) -> bool {
        match self.under(id) {
            Type::Slice(_) | Type::Map(..) | Type::Func(..) => false,
            Type::Struct(fs) => fs.iter().all(|(_, t)| self.comparable(*t)),
            Type::Array(_, e) => self.comparable(*e),
            _ => true,
        }
    }
}

/// The words Go's compiler uses for a value's kind in messages (`untyped int constant`).
pub fn describe_const(types: &Types, ty: TypeId) -> String {
    match types.get(ty) {
        Type::Untyped(k) => format!("untyped {k} constant"),
        _ => format!("constant of type {}", types.name(ty)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_gos() {
        let mut t = Types::new();
        let s = t.intern(Type::Slice(ids::INT));
        let m = t.intern(Type::Map(ids::STRING, s));
        assert_eq!(t.name(m), "map[string][]int");
        assert_eq!(t.name(ids::DURATION), "time.Duration");
    }

    #[test]
    fn untyped_constants_assign_to_numbers_not_strings() {
        let t = Types::new();
        assert!(t.assignable(ids::UINT_C, ids::FLOAT64));
        assert!(!t.assignable(ids::UINT_C, ids::STRING));
        assert!(!t.assignable(ids::INT, ids::INT64));
        assert!(t.assignable(ids::INT, ids::ANY));
    }

    #[test]
    fn sized_ints_wrap() {
        assert_eq!(IntKind::I8.wrap(200), -56);
        assert_eq!(IntKind::U8.wrap(-1), 255);
    }
}
