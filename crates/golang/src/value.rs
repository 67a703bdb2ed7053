//! Run-time values and the shared memory they live in.
//!
//! Memory that goroutines may share (escaped variables, globals, slice elements, struct
//! fields) is made of [`Slot`]s: integers, floats and booleans as atomic words used with
//! `Relaxed` loads and stores, so an unsynchronised `count++` on two workers is a load, an
//! add and a store that really lose updates, with no undefined behaviour; other values
//! behind a small lock.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::check::TypeId;
use crate::runtime::{Chan, SyncObj};

/// A library call's arguments or results: most calls have one to three, and these stay
/// off the heap (a `wg.Done()` or a `mu.Lock()` allocates nothing).
pub type Values = smallvec::SmallVec<[Value; 3]>;

/// A value in a register or a slot.
#[derive(Debug, Default)]
pub enum Value {
    /// `nil` of any kind, and the absence of a value.
    #[default]
    Nil,
    /// Any integer (sized ones wrapped to their width).
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A string.
    Str(Arc<str>),
    /// A slice or an array (arrays are copied on assignment by the compiler's code).
    Slice(SliceV),
    /// A map.
    Map(Arc<MapObj>),
    /// A struct, or a pointer to one: the same object (the compiler copies on assignment).
    Struct(Arc<Obj>),
    /// A pointer to a non-struct variable, element or field.
    Ptr(Ptr),
    /// A channel.
    Chan(Arc<Chan>),
    /// A function value.
    Func(Arc<Closure>),
    /// An interface holding a dynamic type and value.
    Iface(Arc<(TypeId, Value)>),
    /// A variable cell (an escaped local) held in a register.
    Cell(Arc<Slot>),
    /// A sync object (`WaitGroup`, `Mutex`, ...), or a pointer to one.
    Sync(Arc<SyncObj>),
}

/// A slice: a window on a shared backing array.
#[derive(Debug, Clone)]
pub struct SliceV {
    /// The backing array.
    pub arr: Arc<Vec<Slot>>,
    /// First element.
    pub off: usize,
    /// Length.
    pub len: usize,
    /// Capacity.
    pub cap: usize,
}

impl SliceV {
    /// The slot of element `i` (in bounds).
    pub fn slot(&self, i: usize) -> &Slot {
        &self.arr[self.off + i]
    }
}

/// A struct's fields.
#[derive(Debug)]
pub struct Obj {
    /// The fields in order.
    pub fields: Box<[Slot]>,
}

/// A map's entries behind a lock.
#[derive(Debug, Default)]
pub struct MapObj {
    /// Entries by key.
    pub entries: Mutex<HashMap<Key, (Value, Value)>>,
}

/// A map key: the comparable parts of a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// An integer or boolean.
    Int(i64),
    /// A float's bits.
    Float(u64),
    /// A string.
    Str(Arc<str>),
    /// A struct or array, by fields.
    Tuple(Vec<Key>),
    /// An object compared by identity (pointer, channel).
    Addr(usize),
    /// nil.
    Nil,
    /// An interface: dynamic type and value.
    Iface(TypeId, Box<Key>),
}

/// A pointer to something other than a struct.
#[derive(Debug, Clone)]
pub enum Ptr {
    /// To a variable.
    Cell(Arc<Slot>),
    /// To a slice or array element.
    Elem(Arc<Vec<Slot>>, usize),
    /// To a struct field.
    Field(Arc<Obj>, usize),
}

impl Ptr {
    /// The slot pointed to.
    pub fn slot(&self) -> &Slot {
        match self {
            Ptr::Cell(c) => c,
            Ptr::Elem(a, i) => &a[*i],
            Ptr::Field(o, i) => &o.fields[*i],
        }
    }
    /// An address for `==` and `%p`.
    pub fn addr(&self) -> usize {
        self.slot() as *const Slot as usize
    }
}

/// A function value: a function, its captured cells, and a bound receiver for a method value.
#[derive(Debug)]
pub struct Closure {
    /// The function's index.
    pub func: u32,
    /// Captured variable cells: in the closure itself for up to two, so that
    /// `go func() { ...; wg.Done() }()` costs one allocation, not two.
    pub caps: smallvec::SmallVec<[Value; 2]>,
    /// The receiver of a method value (`c.Inc`).
    pub recv: Option<Value>,
}

/// One word of shared memory.
#[derive(Debug)]
pub enum Slot {
    /// An integer, as a relaxed atomic.
    I(AtomicI64),
    /// A float's bits, as a relaxed atomic.
    F(AtomicU64),
    /// A boolean, as a relaxed atomic.
    B(AtomicBool),
    /// Any other value behind a lock.
    R(Box<Mutex<Value>>),
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Slot {
    /// A slot holding `v`, in the form its kind needs.
    pub fn new(v: Value) -> Slot {
        match v {
            Value::Int(i) => Slot::I(AtomicI64::new(i)),
            Value::Float(f) => Slot::F(AtomicU64::new(f.to_bits())),
            Value::Bool(b) => Slot::B(AtomicBool::new(b)),
            v => Slot::R(Box::new(Mutex::new(v))),
        }
    }
    /// A relaxed load.
    pub fn load(&self) -> Value {
        match self {
            Slot::I(a) => Value::Int(a.load(Relaxed)),
            Slot::F(a) => Value::Float(f64::from_bits(a.load(Relaxed))),
            Slot::B(a) => Value::Bool(a.load(Relaxed)),
            Slot::R(m) => lock(m).clone(),
        }
    }
    /// A relaxed store.
    pub fn store(&self, v: Value) {
        match (self, v) {
            (Slot::I(a), Value::Int(i)) => a.store(i, Relaxed),
            (Slot::F(a), Value::Float(f)) => a.store(f.to_bits(), Relaxed),
            (Slot::B(a), Value::Bool(b)) => a.store(b, Relaxed),
            (Slot::R(m), v) => *lock(m) = v,
            (_, _) => {}
        }
    }
    /// The integer word, for sync/atomic.
    pub fn atomic(&self) -> Option<&AtomicI64> {
        match self {
            Slot::I(a) => Some(a),
            _ => None,
        }
    }
}

impl Clone for Value {
    /// Inline for the scalars, which are most of what the VM's registers hold; the rest
    /// (a reference count to raise) out of line.
    #[inline]
    fn clone(&self) -> Value {
        match self {
            Value::Nil => Value::Nil,
            Value::Int(i) => Value::Int(*i),
            Value::Float(f) => Value::Float(*f),
            Value::Bool(b) => Value::Bool(*b),
            _ => self.clone_shared(),
        }
    }
}

impl Value {
    /// The clone of a value that holds shared data: its count raised.
    #[inline(never)]
    fn clone_shared(&self) -> Value {
        match self {
            Value::Nil | Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                unreachable!("Value::clone copies scalars itself")
            }
            Value::Str(s) => Value::Str(s.clone()),
            Value::Slice(s) => Value::Slice(s.clone()),
            Value::Map(m) => Value::Map(m.clone()),
            Value::Struct(o) => Value::Struct(o.clone()),
            Value::Ptr(p) => Value::Ptr(p.clone()),
            Value::Chan(c) => Value::Chan(c.clone()),
            Value::Func(f) => Value::Func(f.clone()),
            Value::Iface(i) => Value::Iface(i.clone()),
            Value::Cell(c) => Value::Cell(c.clone()),
            Value::Sync(o) => Value::Sync(o.clone()),
        }
    }

    /// Whether dropping this value has nothing to release.
    #[inline]
    fn is_scalar(&self) -> bool {
        matches!(
            self,
            Value::Nil | Value::Int(_) | Value::Float(_) | Value::Bool(_)
        )
    }

    /// Stores `v` here. What was here is dropped only when it holds shared data: the VM's
    /// registers mostly hold scalars, and a call of Value's drop for every write was a
    /// good part of what a function call cost.
    #[inline]
    pub fn set(&mut self, v: Value) {
        let old = std::mem::replace(self, v);
        if old.is_scalar() {
            // Nothing to release: a scalar owns no memory.
            std::mem::forget(old);
        } else {
            drop(old);
        }
    }

    /// Stores an integer here, in place where an integer is here already.
    #[inline]
    pub fn set_int(&mut self, i: i64) {
        match self {
            Value::Int(x) => *x = i,
            _ => self.set(Value::Int(i)),
        }
    }

    /// Stores a boolean here, in place where a boolean is here already.
    #[inline]
    pub fn set_bool(&mut self, b: bool) {
        match self {
            Value::Bool(x) => *x = b,
            _ => self.set(Value::Bool(b)),
        }
    }

    /// A string value.
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }
    /// The integer, or 0.
    pub fn as_int(&self) -> i64 {
        match self {
            Value::Int(i) => *i,
            Value::Float(f) => *f as i64,
            Value::Bool(b) => *b as i64,
            _ => 0,
        }
    }
    /// The float, or 0.
    pub fn as_float(&self) -> f64 {
        match self {
            Value::Float(f) => *f,
            Value::Int(i) => *i as f64,
            _ => 0.0,
        }
    }
    /// The boolean, or false.
    pub fn as_bool(&self) -> bool {
        matches!(self, Value::Bool(true))
    }
    /// The string, or "".
    pub fn as_str(&self) -> &str {
        match self {
            Value::Str(s) => s,
            _ => "",
        }
    }
    /// Length of a string, slice, map or channel buffer.
    pub fn len(&self) -> usize {
        match self {
            Value::Str(s) => s.len(),
            Value::Slice(s) => s.len,
            Value::Map(m) => lock(&m.entries).len(),
            Value::Chan(c) => c.len(),
            _ => 0,
        }
    }
    /// Whether [`Value::len`] is 0.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The key for a map, or for comparing.
    pub fn key(&self) -> Key {
        match self {
            Value::Nil => Key::Nil,
            Value::Int(i) => Key::Int(*i),
            Value::Bool(b) => Key::Int(*b as i64),
            Value::Float(f) => Key::Float(if *f == 0.0 { 0 } else { f.to_bits() }),
            Value::Str(s) => Key::Str(s.clone()),
            Value::Slice(s) => Key::Tuple((0..s.len).map(|i| s.slot(i).load().key()).collect()),
            Value::Struct(o) => Key::Tuple(o.fields.iter().map(|f| f.load().key()).collect()),
            Value::Iface(i) => Key::Iface(i.0, Box::new(i.1.key())),
            Value::Map(m) => Key::Addr(Arc::as_ptr(m) as usize),
            Value::Ptr(p) => Key::Addr(p.addr()),
            Value::Chan(c) => Key::Addr(Arc::as_ptr(c) as *const u8 as usize),
            Value::Func(f) => Key::Addr(Arc::as_ptr(f) as usize),
            Value::Cell(c) => Key::Addr(Arc::as_ptr(c) as usize),
            Value::Sync(s) => Key::Addr(Arc::as_ptr(s) as *const u8 as usize),
        }
    }
    /// Go's `==` on comparable values; structs compare by fields, pointers by address.
    pub fn equals(&self, other: &Value, structs_by_identity: bool) -> bool {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Nil, Value::Nil) => true,
            (Value::Nil, _) | (_, Value::Nil) => false,
            (Value::Struct(a), Value::Struct(b)) if structs_by_identity => Arc::ptr_eq(a, b),
            (Value::Iface(a), Value::Iface(b)) => {
                a.0 == b.0 && a.1.equals(&b.1, structs_by_identity)
            }
            _ => self.key() == other.key(),
        }
    }
}

/// A new backing array of `n` copies of `zero`.
pub fn backing(n: usize, zero: &Value, copy: impl Fn(&Value) -> Value) -> Arc<Vec<Slot>> {
    Arc::new((0..n).map(|_| Slot::new(copy(zero))).collect())
}
