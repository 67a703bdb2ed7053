//! The library functions the subset has: for each package function, the VM native that
//! runs it and its signature, in one table (adding a function is one line here and its
//! body in the VM). Calls of these compile to `Op::Native`; the few that block
//! (`time.Sleep`, `runtime.Gosched`) and the methods of the library's types are compiled
//! on their own in `compile.rs`.

use crate::bytecode::Native::{self, *};
use crate::bytecode::{AtomicOp, AtomicWord};
use crate::check::IntKind;

/// A type in a library signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `int`.
    Int,
    /// `int32`.
    Int32,
    /// `int64`.
    Int64,
    /// `uint64`.
    Uint64,
    /// `float64`.
    Float,
    /// `bool`.
    Bool,
    /// `string`.
    Str,
    /// `rune`.
    Rune,
    /// `byte`.
    Byte,
    /// `[]string`.
    Strs,
    /// `[]int`.
    Ints,
    /// `[]float64`.
    Floats,
    /// `...any` (the variadic tail of fmt's functions).
    Anys,
    /// `any`.
    Any,
    /// `error`.
    Error,
    /// `time.Duration`.
    Duration,
    /// `time.Time`.
    Time,
    /// `<-chan time.Time`.
    TimeChan,
    /// `*int64`.
    PtrInt64,
    /// `*int32`.
    PtrInt32,
    /// `*uint64`.
    PtrUint64,
    /// `*rand.Rand`.
    RandPtr,
    /// `func(i, j int) bool`, sort.Slice's less.
    Less,
    /// `*time.Ticker`.
    TickerPtr,
    /// `*time.Timer`.
    TimerPtr,
}

/// One library function.
#[derive(Debug)]
pub struct Func {
    /// Its package's name (`strings`, `atomic`).
    pub pkg: &'static str,
    /// Its name.
    pub name: &'static str,
    /// What runs it.
    pub native: Native,
    /// Its parameters.
    pub params: &'static [Ty],
    /// Whether the last parameter is variadic.
    pub variadic: bool,
    /// Its results.
    pub results: &'static [Ty],
}

const fn f(
    pkg: &'static str,
    name: &'static str,
    native: Native,
    params: &'static [Ty],
    variadic: bool,
    results: &'static [Ty],
) -> Func {
    Func {
        pkg,
        name,
        native,
        params,
        variadic,
        results,
    }
}

use Ty::*;

/// Every library function, by package and name.
pub const FUNCS: &[Func] = &[
    f(
        "atomic",
        "AddInt32",
        Atomic(AtomicOp::Add, AtomicWord::Ptr(IntKind::I32)),
        &[PtrInt32, Int32],
        false,
        &[Int32],
    ),
    f(
        "atomic",
        "AddInt64",
        Atomic(AtomicOp::Add, AtomicWord::Ptr(IntKind::I64)),
        &[PtrInt64, Int64],
        false,
        &[Int64],
    ),
    f(
        "atomic",
        "AddUint64",
        Atomic(AtomicOp::Add, AtomicWord::Ptr(IntKind::U64)),
        &[PtrUint64, Uint64],
        false,
        &[Uint64],
    ),
    f(
        "atomic",
        "CompareAndSwapInt32",
        Atomic(AtomicOp::CompareAndSwap, AtomicWord::Ptr(IntKind::I32)),
        &[PtrInt32, Int32, Int32],
        false,
        &[Bool],
    ),
    f(
        "atomic",
        "CompareAndSwapInt64",
        Atomic(AtomicOp::CompareAndSwap, AtomicWord::Ptr(IntKind::I64)),
        &[PtrInt64, Int64, Int64],
        false,
        &[Bool],
    ),
    f(
        "atomic",
        "LoadInt32",
        Atomic(AtomicOp::Load, AtomicWord::Ptr(IntKind::I32)),
        &[PtrInt32],
        false,
        &[Int32],
    ),
    f(
        "atomic",
        "LoadInt64",
        Atomic(AtomicOp::Load, AtomicWord::Ptr(IntKind::I64)),
        &[PtrInt64],
        false,
        &[Int64],
    ),
    f(
        "atomic",
        "LoadUint64",
        Atomic(AtomicOp::Load, AtomicWord::Ptr(IntKind::U64)),
        &[PtrUint64],
        false,
        &[Uint64],
    ),
    f(
        "atomic",
        "StoreInt32",
        Atomic(AtomicOp::Store, AtomicWord::Ptr(IntKind::I32)),
        &[PtrInt32, Int32],
        false,
        &[],
    ),
    f(
        "atomic",
        "StoreInt64",
        Atomic(AtomicOp::Store, AtomicWord::Ptr(IntKind::I64)),
        &[PtrInt64, Int64],
        false,
        &[],
    ),
    f(
        "atomic",
        "StoreUint64",
        Atomic(AtomicOp::Store, AtomicWord::Ptr(IntKind::U64)),
        &[PtrUint64, Uint64],
        false,
        &[],
    ),
    f(
        "atomic",
        "SwapInt64",
        Atomic(AtomicOp::Swap, AtomicWord::Ptr(IntKind::I64)),
        &[PtrInt64, Int64],
        false,
        &[Int64],
    ),
    f("errors", "As", ErrorsAs, &[Error, Any], false, &[Bool]),
    f("errors", "Is", ErrorsIs, &[Error, Error], false, &[Bool]),
    f("errors", "New", ErrorsNew, &[Str], false, &[Error]),
    f("errors", "Unwrap", ErrorsUnwrap, &[Error], false, &[Error]),
    f("fmt", "Errorf", Errorf, &[Str, Anys], true, &[Error]),
    f("fmt", "Fprint", Fprint, &[Any, Anys], true, &[Int, Error]),
    f(
        "fmt",
        "Fprintf",
        Fprintf,
        &[Any, Str, Anys],
        true,
        &[Int, Error],
    ),
    f(
        "fmt",
        "Fprintln",
        Fprintln,
        &[Any, Anys],
        true,
        &[Int, Error],
    ),
    f("fmt", "Print", Print, &[Anys], true, &[]),
    f("fmt", "Printf", Printf, &[Str, Anys], true, &[]),
    f("fmt", "Println", Println, &[Anys], true, &[]),
    f("fmt", "Sprint", Sprint, &[Anys], true, &[Str]),
    f("fmt", "Sprintf", Sprintf, &[Str, Anys], true, &[Str]),
    f("fmt", "Sprintln", Sprintln, &[Anys], true, &[Str]),
    f("math", "Abs", Abs, &[Float], false, &[Float]),
    f("math", "Acos", Acos, &[Float], false, &[Float]),
    f("math", "Asin", Asin, &[Float], false, &[Float]),
    f("math", "Atan", Atan, &[Float], false, &[Float]),
    f("math", "Atan2", Atan2, &[Float, Float], false, &[Float]),
    f("math", "Cbrt", Cbrt, &[Float], false, &[Float]),
    f("math", "Ceil", Ceil, &[Float], false, &[Float]),
    f("math", "Cos", Cos, &[Float], false, &[Float]),
    f("math", "Exp", Exp, &[Float], false, &[Float]),
    f("math", "Floor", Floor, &[Float], false, &[Float]),
    f("math", "Hypot", Hypot, &[Float, Float], false, &[Float]),
    f("math", "Inf", Inf, &[Int], false, &[Float]),
    f("math", "IsInf", IsInf, &[Float, Int], false, &[Bool]),
    f("math", "IsNaN", IsNaN, &[Float], false, &[Bool]),
    f("math", "Log", Log, &[Float], false, &[Float]),
    f("math", "Log10", Log10, &[Float], false, &[Float]),
    f("math", "Log2", Log2, &[Float], false, &[Float]),
    f("math", "Max", Max, &[Float, Float], false, &[Float]),
    f("math", "Min", Min, &[Float, Float], false, &[Float]),
    f("math", "Mod", Mod, &[Float, Float], false, &[Float]),
    f("math", "NaN", NaN, &[], false, &[Float]),
    f("math", "Pow", Pow, &[Float, Float], false, &[Float]),
    f("math", "Round", Round, &[Float], false, &[Float]),
    f("math", "Signbit", Signbit, &[Float], false, &[Bool]),
    f("math", "Sin", Sin, &[Float], false, &[Float]),
    f("math", "Sqrt", Sqrt, &[Float], false, &[Float]),
    f("math", "Tan", Tan, &[Float], false, &[Float]),
    f("math", "Trunc", Trunc, &[Float], false, &[Float]),
    f("rand", "Float64", RandFloat, &[], false, &[Float]),
    f("rand", "Int", RandInt, &[], false, &[Int]),
    f("rand", "Intn", Intn, &[Int], false, &[Int]),
    f("rand", "New", NewRand, &[Int64], false, &[RandPtr]),
    f("rand", "NewSource", NewSource, &[Int64], false, &[Int64]),
    f("rand", "Seed", RandSeed, &[Int64], false, &[]),
    f("rand", "Int63", RandInt, &[], false, &[Int64]),
    f("rand", "Int63n", Intn, &[Int64], false, &[Int64]),
    f("rand", "Int31n", Intn, &[Int32], false, &[Int32]),
    f("rand", "Perm", Perm, &[Int], false, &[Ints]),
    f("runtime", "GOMAXPROCS", GoMaxProcs, &[Int], false, &[Int]),
    f("runtime", "NumCPU", NumCPU, &[], false, &[Int]),
    f("runtime", "NumGoroutine", NumGoroutine, &[], false, &[Int]),
    f("sort", "Float64s", SortFloats, &[Floats], false, &[]),
    f("sort", "Ints", SortInts, &[Ints], false, &[]),
    f("sort", "Slice", SortSlice, &[Any, Less], false, &[]),
    f("sort", "SliceStable", SortSlice, &[Any, Less], false, &[]),
    f("sort", "Strings", SortStrings, &[Strs], false, &[]),
    f("strconv", "Atoi", Atoi, &[Str], false, &[Int, Error]),
    f("strconv", "Itoa", Itoa, &[Int], false, &[Str]),
    f("strings", "Compare", Compare, &[Str, Str], false, &[Int]),
    f("strings", "Contains", Contains, &[Str, Str], false, &[Bool]),
    f(
        "strings",
        "ContainsAny",
        ContainsAny,
        &[Str, Str],
        false,
        &[Bool],
    ),
    f(
        "strings",
        "ContainsRune",
        ContainsRune,
        &[Str, Rune],
        false,
        &[Bool],
    ),
    f("strings", "Count", Count, &[Str, Str], false, &[Int]),
    f("strings", "Cut", Cut, &[Str, Str], false, &[Str, Str, Bool]),
    f(
        "strings",
        "EqualFold",
        EqualFold,
        &[Str, Str],
        false,
        &[Bool],
    ),
    f("strings", "Fields", Fields, &[Str], false, &[Strs]),
    f(
        "strings",
        "HasPrefix",
        HasPrefix,
        &[Str, Str],
        false,
        &[Bool],
    ),
    f(
        "strings",
        "HasSuffix",
        HasSuffix,
        &[Str, Str],
        false,
        &[Bool],
    ),
    f("strings", "Index", Index, &[Str, Str], false, &[Int]),
    f(
        "strings",
        "IndexByte",
        IndexByte,
        &[Str, Byte],
        false,
        &[Int],
    ),
    f(
        "strings",
        "IndexRune",
        IndexRune,
        &[Str, Rune],
        false,
        &[Int],
    ),
    f("strings", "Join", Join, &[Strs, Str], false, &[Str]),
    f(
        "strings",
        "LastIndex",
        LastIndex,
        &[Str, Str],
        false,
        &[Int],
    ),
    f("strings", "Repeat", Repeat, &[Str, Int], false, &[Str]),
    f(
        "strings",
        "Replace",
        Replace,
        &[Str, Str, Str, Int],
        false,
        &[Str],
    ),
    f(
        "strings",
        "ReplaceAll",
        ReplaceAll,
        &[Str, Str, Str],
        false,
        &[Str],
    ),
    f("strings", "Split", Split, &[Str, Str], false, &[Strs]),
    f(
        "strings",
        "SplitN",
        SplitN,
        &[Str, Str, Int],
        false,
        &[Strs],
    ),
    f("strings", "Title", Title, &[Str], false, &[Str]),
    f("strings", "ToLower", ToLower, &[Str], false, &[Str]),
    f("strings", "ToUpper", ToUpper, &[Str], false, &[Str]),
    f("strings", "Trim", Trim, &[Str, Str], false, &[Str]),
    f("strings", "TrimLeft", TrimLeft, &[Str, Str], false, &[Str]),
    f(
        "strings",
        "TrimPrefix",
        TrimPrefix,
        &[Str, Str],
        false,
        &[Str],
    ),
    f(
        "strings",
        "TrimRight",
        TrimRight,
        &[Str, Str],
        false,
        &[Str],
    ),
    f("strings", "TrimSpace", TrimSpace, &[Str], false, &[Str]),
    f(
        "strings",
        "TrimSuffix",
        TrimSuffix,
        &[Str, Str],
        false,
        &[Str],
    ),
    f("time", "After", After, &[Duration], false, &[TimeChan]),
    f("time", "Now", Now, &[], false, &[Time]),
    f("time", "Since", Since, &[Time], false, &[Duration]),
    f(
        "time",
        "NewTicker",
        NewTicker,
        &[Duration],
        false,
        &[TickerPtr],
    ),
    f(
        "time",
        "NewTimer",
        NewTimer,
        &[Duration],
        false,
        &[TimerPtr],
    ),
    f("time", "Tick", Tick, &[Duration], false, &[TimeChan]),
];

/// The library function `pkg.name`, if the subset has it.
pub fn find(pkg: &str, name: &str) -> Option<&'static Func> {
    FUNCS.iter().find(|f| f.pkg == pkg && f.name == name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_function_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for f in super::FUNCS {
            assert!(seen.insert((f.pkg, f.name)), "{}.{} twice", f.pkg, f.name);
        }
    }
}
