//! The register bytecode the compiler emits and the VM runs.

use std::collections::HashMap;

use crate::check::{IntKind, TypeId, Types};
use crate::value::Value;

/// A register index, relative to its frame.
pub type Reg = u32;

/// Binary operators of the generic arithmetic instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+` (numbers, strings).
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/` signed (or float).
    Div,
    /// `/` unsigned.
    UDiv,
    /// `%` signed.
    Rem,
    /// `%` unsigned.
    URem,
    /// `&`.
    And,
    /// `|`.
    Or,
    /// `^`.
    Xor,
    /// `&^`.
    AndNot,
    /// `<<`.
    Shl,
    /// `>>` signed.
    Shr,
    /// `>>` unsigned.
    UShr,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `<` unsigned.
    ULt,
    /// `<=` unsigned.
    ULe,
    /// `>` unsigned.
    UGt,
    /// `>=` unsigned.
    UGe,
}

/// Library functions run by the VM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Native {
    /// fmt.Println.
    Println,
    /// fmt.Print.
    Print,
    /// fmt.Printf.
    Printf,
    /// fmt.Sprintf.
    Sprintf,
    /// fmt.Sprint.
    Sprint,
    /// fmt.Sprintln.
    Sprintln,
    /// fmt.Errorf.
    Errorf,
    /// errors.New.
    ErrorsNew,
    /// errors.Is.
    ErrorsIs,
    /// errors.Unwrap.
    ErrorsUnwrap,
    /// strings.Repeat.
    Repeat,
    /// strings.Join.
    Join,
    /// strings.Contains.
    Contains,
    /// strings.Split.
    Split,
    /// strings.ToUpper.
    ToUpper,
    /// strings.ToLower.
    ToLower,
    /// strings.Fields.
    Fields,
    /// strings.HasPrefix.
    HasPrefix,
    /// strings.HasSuffix.
    HasSuffix,
    /// strings.Index.
    Index,
    /// strings.TrimSpace.
    TrimSpace,
    /// strings.ReplaceAll.
    ReplaceAll,
    /// strconv.Itoa.
    Itoa,
    /// math.Sqrt.
    Sqrt,
    /// math.Pow.
    Pow,
    /// math.Abs.
    Abs,
    /// math.Floor.
    Floor,
    /// math.Ceil.
    Ceil,
    /// math.Max.
    Max,
    /// math.Min.
    Min,
    /// math.Inf.
    Inf,
    /// math/rand.Intn.
    Intn,
    /// math/rand.Float64.
    RandFloat,
    /// time.Now.
    Now,
    /// time.Since.
    Since,
    /// time.Time.Sub.
    TimeSub,
    /// time.Duration.String.
    DurString,
    /// time.Duration.Seconds.
    DurSeconds,
    /// time.Duration.Milliseconds.
    DurMillis,
    /// time.Duration.Microseconds.
    DurMicros,
    /// time.After.
    After,
    /// runtime.NumCPU.
    NumCPU,
    /// runtime.NumGoroutine.
    NumGoroutine,
    /// runtime.GOMAXPROCS.
    GoMaxProcs,
    /// A `sync/atomic` operation: a function on a pointer (`atomic.AddInt32(&n, 1)`) or
    /// a method of an atomic type (`n.Add(1)` on an `atomic.Int32`).
    Atomic(AtomicOp, AtomicWord),
    /// error.Error on the library's errors.
    ErrorString,
    /// sync.WaitGroup.Add.
    WgAdd,
    /// sync.WaitGroup.Done.
    WgDone,
    /// sync.Mutex.Unlock.
    Unlock,
    /// sync.RWMutex.Unlock.
    RwUnlock,
    /// sync.RWMutex.RUnlock.
    RUnlock,
    /// sync.Mutex.TryLock.
    TryLock,
    /// strings.Count.
    Count,
    /// strings.EqualFold.
    EqualFold,
    /// strings.LastIndex.
    LastIndex,
    /// strings.Replace.
    Replace,
    /// strings.Trim.
    Trim,
    /// strings.TrimPrefix.
    TrimPrefix,
    /// strings.TrimSuffix.
    TrimSuffix,
    /// strings.TrimLeft.
    TrimLeft,
    /// strings.TrimRight.
    TrimRight,
    /// strings.SplitN.
    SplitN,
    /// strings.ContainsRune.
    ContainsRune,
    /// strings.ContainsAny.
    ContainsAny,
    /// strings.IndexByte.
    IndexByte,
    /// strings.IndexRune.
    IndexRune,
    /// strings.Title.
    Title,
    /// strings.Compare.
    Compare,
    /// strings.Cut.
    Cut,
    /// math.Sin.
    Sin,
    /// math.Cos.
    Cos,
    /// math.Tan.
    Tan,
    /// math.Asin.
    Asin,
    /// math.Acos.
    Acos,
    /// math.Atan.
    Atan,
    /// math.Atan2.
    Atan2,
    /// math.Log2.
    Log2,
    /// math.Log10.
    Log10,
    /// math.Cbrt.
    Cbrt,
    /// math.Signbit.
    Signbit,
    /// strconv.Atoi.
    Atoi,
    /// sort.Ints.
    SortInts,
    /// sort.Strings.
    SortStrings,
    /// sort.Float64s.
    SortFloats,
    /// sort.Slice and sort.SliceStable.
    SortSlice,
    /// time.Tick.
    Tick,
    /// time.NewTicker.
    NewTicker,
    /// time.NewTimer.
    NewTimer,
    /// Ticker.Stop and Timer.Stop.
    TimerStop,
    /// errors.As.
    ErrorsAs,
    /// fmt.Fprint (to `os.Stdout`, `os.Stderr` or a `*strings.Builder`).
    Fprint,
    /// fmt.Fprintln.
    Fprintln,
    /// fmt.Fprintf.
    Fprintf,
    /// strings.Builder's WriteString, WriteByte and WriteRune.
    BuilderWrite,
    /// strings.Builder.String.
    BuilderString,
    /// strings.Builder.Len.
    BuilderLen,
    /// strings.Builder.Reset.
    BuilderReset,
    /// Time.Unix.
    TimeUnix,
    /// Time.UnixMilli.
    TimeUnixMilli,
    /// Time.UnixNano.
    TimeUnixNano,
    /// rand.Seed.
    RandSeed,
    /// Time.Add.
    TimeAdd,
    /// Time.Before.
    TimeBefore,
    /// Time.After.
    TimeAfter,
    /// Time.Equal.
    TimeEqual,
    /// math.Exp.
    Exp,
    /// math.Hypot.
    Hypot,
    /// math.IsNaN.
    IsNaN,
    /// math.IsInf.
    IsInf,
    /// math.Log.
    Log,
    /// math.Mod.
    Mod,
    /// math.NaN.
    NaN,
    /// math.Round.
    Round,
    /// math.Trunc.
    Trunc,
    /// time.Duration.Minutes.
    DurMinutes,
    /// time.Duration.Round.
    DurRound,
    /// close(ch), when deferred.
    CloseChan,
    /// rand.Int.
    RandInt,
    /// rand.Perm.
    Perm,
    /// rand.NewSource (the seed).
    NewSource,
    /// rand.New.
    NewRand,
    /// rand.Rand.Intn.
    RIntn,
    /// rand.Rand.Int.
    RInt,
    /// rand.Rand.Float64.
    RFloat,
    /// time.Duration.Truncate.
    DurTruncate,
    /// time.Duration.Hours.
    DurHours,
    /// time.Duration.Nanoseconds.
    DurNanos,
}

/// What a `sync/atomic` operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomicOp {
    /// Adds the delta; the new value.
    Add,
    /// The value.
    Load,
    /// Stores the value.
    Store,
    /// Stores the value; the old one.
    Swap,
    /// Stores the new value if the old one is there; whether it did.
    CompareAndSwap,
}

/// The word a `sync/atomic` operation works on, and the type its values have (what it
/// stores is wrapped to the kind's width, as Go's `AddInt32` wraps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomicWord {
    /// A variable of this kind, through the pointer that is the first argument.
    Ptr(IntKind),
    /// An atomic integer type's value (`atomic.Int32`, `atomic.Uint64`, ...).
    Int(IntKind),
    /// An `atomic.Bool`.
    Bool,
}

/// Things that may make a goroutine wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocking {
    /// time.Sleep(d).
    Sleep,
    /// runtime.Gosched().
    Gosched,
    /// Mutex.Lock / RWMutex.Lock.
    Lock,
    /// RWMutex.RLock.
    RLock,
    /// WaitGroup.Wait.
    WgWait,
}

/// One instruction.
#[derive(Debug, Clone)]
pub enum Op {
    /// dst = consts[k].
    Const(Reg, u32),
    /// dst = int.
    Int(Reg, i64),
    /// dst = src.
    Move(Reg, Reg),
    /// dst = a copy of the struct or array src of type t.
    Copy(Reg, Reg, TypeId),
    /// dst = the zero value of t.
    Zero(Reg, TypeId),
    /// dst = a op b.
    Bin(BinOp, Reg, Reg, Reg),
    /// dst = a + b (ints).
    AddI(Reg, Reg, Reg),
    /// dst = a - b (ints).
    SubI(Reg, Reg, Reg),
    /// dst = a + k (ints).
    AddIK(Reg, Reg, i64),
    /// dst = a < b (ints).
    LtI(Reg, Reg, Reg),
    /// If !(a < b) (ints) jump.
    JumpNotLtI(Reg, Reg, u32),
    /// If !(a < k) (ints) jump.
    JumpNotLtIK(Reg, i64, u32),
    /// If !(a <= b) (ints) jump.
    JumpNotLeI(Reg, Reg, u32),
    /// Wraps an int register to its kind's width.
    Wrap(Reg, IntKind),
    /// Rounds a float register to float32's precision: a float32 is kept as the float64
    /// of the same value, rounded after each operation, as Go computes in float32.
    RoundF32(Reg),
    /// dst = -src.
    Neg(Reg, Reg),
    /// dst = !src.
    Not(Reg, Reg),
    /// dst = ^src (with the kind's width).
    BitNot(Reg, Reg, IntKind),
    /// dst = float(src).
    IntToFloat(Reg, Reg),
    /// dst = int(src) truncated, wrapped to kind.
    FloatToInt(Reg, Reg, IntKind),
    /// dst = string(rune src).
    RuneToStr(Reg, Reg),
    /// dst = []byte(src).
    StrToBytes(Reg, Reg),
    /// dst = []rune(src).
    StrToRunes(Reg, Reg),
    /// dst = string(bytes src).
    BytesToStr(Reg, Reg),
    /// dst = string(runes src).
    RunesToStr(Reg, Reg),
    /// Jump.
    Jump(u32),
    /// Jump if true.
    JumpIf(Reg, u32),
    /// Jump if false.
    JumpIfNot(Reg, u32),
    /// dst = a new cell holding src.
    NewCell(Reg, Reg),
    /// dst = *cell.
    LoadCell(Reg, Reg),
    /// *cell = src.
    StoreCell(Reg, Reg),
    /// dst = closure capture i (a cell).
    LoadCap(Reg, u32),
    /// dst = globals[i].
    LoadGlobal(Reg, u32),
    /// dst = &globals[i].
    AddrGlobal(Reg, u32),
    /// globals[i] = src.
    StoreGlobal(u32, Reg),
    /// Calls function f with arguments from base; results to base.
    Call(u32, Reg),
    /// Calls the function value in reg f with arguments from base.
    CallValue(Reg, Reg),
    /// Calls method `name` of the interface value at base (receiver), args after it.
    CallIface(u32, Reg),
    /// Returns `n` results from registers start...; deferred calls run first, after
    /// each the `back` instructions before this one (reloading named results) run again.
    Return(Reg, u32, u32),
    /// dst = closure of function f over the cells in the registers.
    Closure(Reg, u32, Box<[Reg]>),
    /// dst = method value of an interface value: the method `name` of its dynamic type
    /// bound to the value it holds (a nil interface panics, as in Go).
    BindIface(Reg, u32, Reg),
    /// dst = method value: function f bound to receiver reg.
    Bind(Reg, u32, Reg),
    /// Spawns a goroutine calling the callee with n args from base.
    Go(Callee, Reg, u32),
    /// Defers the call of the callee with n args from base (evaluated now).
    Defer(Callee, Reg, u32),
    /// A library call with n args from base; the last arg spread when the flag is set.
    Native(Native, Reg, u32, bool),
    /// A library call that may wait, on the arg at base.
    Block(Blocking, Reg),
    /// sync.Once.Do(f): once at base, f at base+1.
    OnceDo(Reg),
    /// dst = make(slice type t, len, cap).
    MakeSlice(Reg, TypeId, Reg, Reg),
    /// dst = make(map of type t).
    MakeMap(Reg, TypeId),
    /// dst = make(chan of type t, cap).
    MakeChan(Reg, TypeId, Reg),
    /// dst = a new struct of type t, fields from n registers from src (or zero).
    NewStruct(Reg, TypeId, Option<Reg>),
    /// dst = a slice literal of type t, n elements from src.
    SliceLit(Reg, TypeId, Reg, u32),
    /// dst = new(T) for a non-struct T.
    NewPtr(Reg, TypeId),
    /// dst = x[i] (slice, array, string).
    Index(Reg, Reg, Reg),
    /// x[i] = v.
    SetIndex(Reg, Reg, Reg),
    /// dst = &x[i].
    AddrIndex(Reg, Reg, Reg),
    /// dst = m[k] (zero of type t if absent).
    MapGet(Reg, Reg, Reg, TypeId),
    /// dst, dst+1 = m[k], present.
    MapGet2(Reg, Reg, Reg, TypeId),
    /// m[k] = v.
    MapSet(Reg, Reg, Reg),
    /// delete(m, k).
    MapDelete(Reg, Reg),
    /// dst = x.fields[i].
    Field(Reg, Reg, u32),
    /// x.fields[i] = v.
    SetField(Reg, u32, Reg),
    /// dst = &x.fields[i].
    AddrField(Reg, Reg, u32),
    /// dst = *p.
    Load(Reg, Reg),
    /// *p = v.
    Store(Reg, Reg),
    /// dst = x[lo:hi] (absent bounds as registers holding nil).
    SliceOf(Reg, Reg, Reg, Reg, Reg),
    /// dst = len(x).
    Len(Reg, Reg),
    /// dst = cap(x).
    Cap(Reg, Reg),
    /// dst = append(s, n values from base) with element type t.
    Append(Reg, Reg, Reg, u32, TypeId),
    /// dst = append(s, other...) with element type t.
    AppendSpread(Reg, Reg, Reg, TypeId),
    /// dst = copy(a, b).
    CopySlice(Reg, Reg, Reg),
    /// dst = interface of dynamic type t holding src.
    ToIface(Reg, Reg, TypeId),
    /// dst (, dst+1 ok when the flag is set) = src.(t).
    Assert(Reg, Reg, TypeId, bool),
    /// dst = the dynamic type id of an interface (or -1 for nil).
    DynType(Reg, Reg),
    /// dst = a == b as Go compares them (interfaces, structs).
    Equal(Reg, Reg, Reg, bool),
    /// ch <- v.
    Send(Reg, Reg),
    /// dst = <-ch (dst+1 = ok when the flag is set).
    Recv(Reg, Reg, bool),
    /// close(ch).
    Close(Reg),
    /// A select: the cases' table index, dst for the chosen case number.
    Select(u32, Reg),
    /// Starts a range over x: dst = iteration state.
    RangeInit(Reg, Reg),
    /// Next of a range: state reg, key dst, value dst, jump when done.
    RangeNext(Reg, Reg, Reg, u32),
    /// panic(v).
    Panic(Reg),
    /// A run-time error message (for conversions the compiler knows fail).
    Fail(u32),
    /// dst = recover().
    Recover(Reg),
    /// Preemption check at a loop back-edge, then jump.
    Loop(u32),
    /// Back-edge: jump while the register is true.
    LoopIf(Reg, u32),
    /// Back-edge: jump while a < b (ints).
    LoopLtI(Reg, Reg, u32),
    /// Back-edge: jump while a <= b (ints).
    LoopLeI(Reg, Reg, u32),
    /// Back-edge: jump while a < k (ints).
    LoopLtIK(Reg, i64, u32),
    /// A loop's step and back-edge in one: a += step, then jump while a < k. The
    /// compiler puts it in place of the `AddIK` right before a `LoopLtIK` of the same
    /// register, which stays after it: entering the loop jumps there, and when this one
    /// falls through, that one falls through too.
    StepLoopLtIK(Reg, i32, i64, u32),
    /// As [`Op::StepLoopLtIK`] before a `LoopLtI`: a += step, then jump while a < b.
    StepLoopLtI(Reg, i32, Reg, u32),
    /// min/max over n registers from base into dst.
    MinMax(Reg, Reg, u32, bool),
    /// The string of an error value: calls its Error method.
    Nop,
}

impl Op {
    /// The register this instruction writes, where writing it is all it does (it reads
    /// only its operands and writes nothing else): the compiler may have such an
    /// instruction write elsewhere instead of moving its result after it.
    pub fn sole_dest_mut(&mut self) -> Option<&mut Reg> {
        match self {
            Op::Const(d, _)
            | Op::Int(d, _)
            | Op::Move(d, _)
            | Op::Copy(d, _, _)
            | Op::Zero(d, _)
            | Op::Bin(_, d, _, _)
            | Op::AddI(d, _, _)
            | Op::SubI(d, _, _)
            | Op::AddIK(d, _, _)
            | Op::LtI(d, _, _)
            | Op::Neg(d, _)
            | Op::Not(d, _)
            | Op::BitNot(d, _, _)
            | Op::IntToFloat(d, _)
            | Op::FloatToInt(d, _, _)
            | Op::LoadCell(d, _)
            | Op::LoadGlobal(d, _)
            | Op::Index(d, _, _)
            | Op::Field(d, _, _)
            | Op::Load(d, _)
            | Op::Len(d, _)
            | Op::Equal(d, _, _, _) => Some(d),
            _ => None,
        }
    }
}

/// What a `go` or `defer` statement calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callee {
    /// A function by index.
    Func(u32),
    /// The function value in the first argument register.
    Value,
    /// Method `names[i]` of the interface value in the first argument register.
    Iface(u32),
    /// A library function; the flag spreads the last argument.
    Native(Native, bool),
    /// A library call that may wait.
    Block(Blocking),
}

/// One case of a select: the channel register, a send value's register, or a receive's dsts.
#[derive(Debug, Clone)]
pub struct SelectCase {
    /// The channel.
    pub chan: Reg,
    /// For a send, the value.
    pub send: Option<Reg>,
    /// For a receive, where the value and ok go.
    pub recv: Option<(Reg, bool)>,
}

/// A select's cases and whether it has a default.
#[derive(Debug, Clone)]
pub struct SelectTable {
    /// The communication cases.
    pub cases: Vec<SelectCase>,
    /// The default case's number (cases.len()), if any.
    pub default: bool,
}

/// A compiled function.
#[derive(Debug, Clone, Default)]
pub struct Func {
    /// Go's name (`main.worker`, `main.main.func1`, `main.(*Counter).Inc`).
    pub name: String,
    /// Instructions.
    pub code: Vec<Op>,
    /// The source line of each instruction.
    pub lines: Vec<u32>,
    /// Registers used.
    pub nregs: u32,
    /// Parameters (the receiver first, for a method).
    pub nparams: u32,
    /// Results.
    pub nresults: u32,
    /// The results' types.
    pub results: Vec<TypeId>,
    /// The registers of named results (values or cells), for a return after recover.
    pub named: Vec<Reg>,
    /// Where a function whose panic a deferred call recovered goes on: a `Return` of the
    /// results already in place, which runs the deferred calls still pending first.
    pub recovered: u32,
}

/// A compiled program: Send + Sync, run any number of times.
#[derive(Debug, Clone)]
pub struct Program {
    /// Functions; see [`Program::main`] and [`Program::init`].
    pub funcs: Vec<Func>,
    /// Constants.
    pub consts: Vec<Value>,
    /// Types.
    pub types: Types,
    /// Methods by (receiver type, name): function and whether the receiver is a pointer.
    pub methods: HashMap<(TypeId, String), (u32, bool)>,
    /// Method names of [`Op::CallIface`].
    pub names: Vec<String>,
    /// Globals' zero values' types.
    pub globals: Vec<TypeId>,
    /// Messages of [`Op::Fail`].
    pub messages: Vec<String>,
    /// Tables of [`Op::Select`].
    pub selects: Vec<SelectTable>,
    /// The function that initialises globals.
    pub init: u32,
    /// `main.main`.
    pub main: u32,
}
