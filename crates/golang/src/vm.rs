//! The VM: each goroutine is a future interpreting bytecode until it blocks (its waker
//! registered in a channel's, lock's or wait group's queue), ends, or spends its budget
//! (Go's preemption: after ~10 ms of running it yields its worker).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{
    AtomicBool, AtomicI32, AtomicI64, AtomicU32, AtomicU64, Ordering::Relaxed, Ordering::SeqCst,
};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};

use interleave_engine::tasks::{Label, Park, TaskCtx};
use interleave_engine::trace::SpanKind;

use crate::bytecode::*;
use crate::check::{Builtin, IntKind, Type, TypeId, ids};
use crate::fmt as gofmt;
use crate::runtime::{Acquire, Chan, SyncObj, Try, Waiter};
use crate::value::*;
use crate::{Limits, Output, Stream};
use smallvec::smallvec;

/// What all goroutines of a run share.
pub struct RunState {
    /// The program.
    pub prog: Arc<Program>,
    /// The globals.
    pub globals: Box<[Arc<Slot>]>,
    /// Where the goroutines' output goes, as they write it.
    pub out: Arc<dyn Output>,
    /// The exit status (0 until a panic).
    pub exit: AtomicI32,
    /// Whether main returned.
    pub main_done: AtomicBool,
    /// Live goroutines.
    pub live: AtomicU32,
    /// Limits.
    pub limits: Limits,
    /// What `runtime.NumCPU()` reads.
    pub cpus: u32,
    /// The wall clock when the run began, in ns since the Unix epoch: `time.Now()` is
    /// this plus the run's clock.
    pub epoch_ns: i64,
    /// GOMAXPROCS, and the Ps that hold goroutines to it.
    pub procs: crate::procs::Procs,
    /// Each function's label, registered when a goroutine first runs it (no lock to
    /// take once it is).
    pub labels: Box<[OnceLock<Label>]>,
    /// A random state for select and math/rand.
    pub rng: AtomicU64,
    /// Bytes allocated in slices, maps and strings (approximate).
    pub memory: AtomicU64,
    /// Whether the run was stopped (Stop pressed).
    pub stopped: AtomicBool,
    /// The stacks of goroutines that ended, for new ones.
    pub spares: Spares,
}

/// The stacks of goroutines that ended, kept for goroutines starting, as Go keeps the
/// goroutines that exit on a free list with their stacks (`gfput` and `gfget` in
/// `runtime/proc.go`). A goroutine's registers and frames are two allocations; in the
/// page every allocation takes the one lock of wasm's allocator, and a program that
/// spawns a goroutine per item spends much of its time there. Bounded, and taken with
/// `try_lock`: a worker that finds it busy allocates instead of waiting.
#[derive(Default)]
pub struct Spares {
    stacks: Mutex<Vec<(Vec<Value>, Vec<Frame>)>>,
}

/// Spare stacks kept at most.
const SPARES: usize = 256;
/// Registers a stack may have to be kept: a goroutine that recursed deep gives its
/// memory back.
const SPARE_REGISTERS: usize = 256;

impl Spares {
    /// An empty stack, from a goroutine that ended if one is kept.
    fn take(&self) -> (Vec<Value>, Vec<Frame>) {
        self.stacks
            .try_lock()
            .ok()
            .and_then(|mut stacks| stacks.pop())
            .unwrap_or_default()
    }

    /// Keeps an ended goroutine's stack, emptied, unless enough are kept or it is large.
    fn give(&self, mut stack: Vec<Value>, mut frames: Vec<Frame>) {
        if stack.capacity() == 0 || stack.capacity() > SPARE_REGISTERS {
            return;
        }
        stack.clear();
        frames.clear();
        if let Ok(mut stacks) = self.stacks.try_lock()
            && stacks.len() < SPARES
        {
            stacks.push((stack, frames));
        }
    }
}

impl RunState {
    /// A random number.
    pub fn rand(&self) -> u64 {
        let mut x = self.rng.fetch_add(0x9E37_79B9_7F4A_7C15, Relaxed);
        x ^= x >> 30;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 27;
        x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ (x >> 31)
    }
}

/// A call in progress. Kept small, and with nothing to drop in most frames, because fib's
/// calls and returns are most of what it costs.
struct Frame {
    func: u32,
    pc: usize,
    base: usize,
    closure: Option<Arc<Closure>>,
    /// Deferred calls and a `sync.Once`, which few frames have.
    extra: Option<Box<FrameExtra>>,
    /// Whether this frame is a deferred call (its results are dropped).
    deferred: bool,
}

/// What a frame has only once it defers a call or runs a `sync.Once`'s function.
#[derive(Default)]
struct FrameExtra {
    /// Calls deferred, with their arguments, run last in first out.
    defers: Vec<(Callee, Vec<Value>)>,
    /// The `sync.Once` whose function this frame runs, ended when it returns.
    once: Option<Arc<SyncObj>>,
}

impl Frame {
    fn new(func: u32, base: usize, closure: Option<Arc<Closure>>, deferred: bool) -> Frame {
        Frame {
            func,
            pc: 0,
            base,
            closure,
            extra: None,
            deferred,
        }
    }

    /// The most recently deferred call not yet run.
    fn pop_defer(&mut self) -> Option<(Callee, Vec<Value>)> {
        self.extra.as_mut()?.defers.pop()
    }

    fn has_defers(&self) -> bool {
        self.extra.as_ref().is_some_and(|x| !x.defers.is_empty())
    }

    fn extra(&mut self) -> &mut FrameExtra {
        self.extra.get_or_insert_with(Box::default)
    }
}

enum Then {
    Recv(usize, bool),
    Send,
    Select(usize, u32),
    Resume,
    /// Woken by a mutex's unlock without being given it (ok false): lock it again.
    Relock(Arc<SyncObj>, bool),
}

enum Wait {
    None,
    Park(Park),
    Yield,
    On(Arc<Waiter>, u64, SpanKind, Then),
}

enum Stop {
    Pending,
    Done,
    Panic(String),
}

/// The function a goroutine calls, and its arguments.
struct Entry {
    func: u32,
    closure: Option<Arc<Closure>>,
    args: Vec<Value>,
}

/// A goroutine: an engine task's future.
pub struct Goroutine {
    run: Arc<RunState>,
    ctx: TaskCtx,
    stack: Vec<Value>,
    frames: Vec<Frame>,
    wait: Wait,
    /// When this turn's time slice began: read at the turn's first preemption check,
    /// not at its start, since most turns end before one (a clock read is a call into
    /// JavaScript in the page).
    turn_start: Option<u64>,
    is_main: bool,
    /// The call it starts with, made on its first turn: its stack is then allocated, and
    /// freed, by the worker that runs it, not by the one that spawned it.
    entry: Option<Entry>,
    /// The panic being unwound while deferred calls run.
    panic: Option<String>,
    /// While fmt calls a String or Error method: the frame depth to stop at.
    sync_stop: Option<usize>,
    /// `String` and `Error` methods being run by fmt, one inside the other.
    nested: u32,
    /// The value of the panic being unwound (for recover).
    panic_val: Option<Value>,
    /// Whether a deferred call recovered the panic.
    recovered: bool,
    /// The panic whose deferred call is running, until that call returns: a panic raised
    /// in it prints after this one, as Go prints `panic: first [recovered]` and then
    /// `panic: again`.
    unwinding: Option<String>,
    /// Its P while a turn runs, and its place in the queue for one (crate::procs).
    claim: crate::procs::Claim,
}

const BUDGET: u32 = 4096;
/// What one element of shared memory costs the VM.
const SLOT_BYTES: u64 = std::mem::size_of::<Slot>() as u64;
const SLICE_NS: u64 = 10_000_000;
/// How many times a `Lock` tries a locked mutex again before it queues, and how many
/// spin-loop hints it waits between tries (Go's `active_spin` and `active_spin_cnt`).
const SPIN_ROUNDS: usize = 4;
const SPIN_PAUSES: usize = 30;
/// Frames a goroutine may have: deeper is Go's stack overflow.
const MAX_FRAMES: usize = 50_000;
/// Go's words for a stack that grew past its limit.
const STACK_OVERFLOW: &str =
    "runtime: goroutine stack exceeds 1000000000-byte limit\nfatal error: stack overflow";

fn rt(msg: impl Into<String>) -> String {
    format!("panic: runtime error: {}", msg.into())
}

/// The first method (by name) of interface `iface` that dynamic type `dynamic` lacks, if
/// any: a value type has its value-receiver methods, a pointer type all of its base type's.
pub fn missing_method(prog: &Program, dynamic: TypeId, iface: TypeId) -> Option<String> {
    let Type::Interface(ms) = prog.types.under(iface) else {
        return None;
    };
    let (base, is_ptr) = match prog.types.get(dynamic) {
        Type::Ptr(b) => (*b, true),
        _ => (dynamic, false),
    };
    ms.iter()
        .map(|(name, _)| name)
        .find(|name| {
            let has = match prog.methods.get(&(base, (*name).clone())) {
                Some(&(_, ptr)) => is_ptr || !ptr,
                None => {
                    (dynamic == ids::ERRSTR && *name == "Error")
                        || (dynamic == ids::DURATION && *name == "String")
                }
            };
            !has
        })
        .cloned()
}

/// The zero value of a type.
pub fn zero(prog: &Program, t: TypeId) -> Value {
    match prog.types.under(t) {
        Type::Int(_) | Type::Untyped("int") | Type::Untyped("rune") => Value::Int(0),
        Type::Float64 | Type::Float32 | Type::Untyped("float") => Value::Float(0.0),
        Type::Bool | Type::Untyped("bool") => Value::Bool(false),
        Type::String | Type::Untyped("string") => Value::str(""),
        Type::Struct(fs) => Value::Struct(Arc::new(Obj {
            fields: fs
                .iter()
                .map(|(_, ft)| Slot::new(zero(prog, *ft)))
                .collect(),
        })),
        Type::Array(n, e) => {
            let n = *n as usize;
            let arr = Arc::new(
                (0..n)
                    .map(|_| Slot::new(zero(prog, *e)))
                    .collect::<Vec<_>>(),
            );
            Value::Slice(SliceV {
                arr,
                off: 0,
                len: n,
                cap: n,
            })
        }
        Type::Builtin(b) => match b {
            Builtin::WaitGroup => Value::Sync(Arc::new(SyncObj::WaitGroup(Mutex::default()))),
            Builtin::Mutex | Builtin::RWMutex => {
                Value::Sync(Arc::new(SyncObj::Lock(Mutex::default())))
            }
            Builtin::Once => Value::Sync(Arc::new(SyncObj::Once(Mutex::default()))),
            Builtin::AtomicInt(_) | Builtin::AtomicBool => {
                Value::Sync(Arc::new(SyncObj::Atomic(Default::default())))
            }
            Builtin::Time => Value::Int(0),
            Builtin::Rand => Value::Sync(Arc::new(SyncObj::Atomic(Default::default()))),
            Builtin::Builder => Value::Sync(Arc::new(SyncObj::Builder(Mutex::default()))),
            Builtin::File => Value::Int(0),
        },
        _ => Value::Nil,
    }
}

/// A deep copy of a struct or array value of type t (value semantics).
pub fn copy_value(prog: &Program, t: TypeId, v: &Value) -> Value {
    match (prog.types.under(t), v) {
        (Type::Struct(fs), Value::Struct(o)) => Value::Struct(Arc::new(Obj {
            fields: fs
                .iter()
                .zip(o.fields.iter())
                .map(|((_, ft), s)| Slot::new(copy_value(prog, *ft, &s.load())))
                .collect(),
        })),
        (Type::Array(_, e), Value::Slice(s)) => {
            let arr = Arc::new(
                (0..s.len)
                    .map(|i| Slot::new(copy_value(prog, *e, &s.slot(i).load())))
                    .collect::<Vec<_>>(),
            );
            Value::Slice(SliceV {
                arr,
                off: 0,
                len: s.len,
                cap: s.len,
            })
        }
        (Type::Builtin(b), Value::Sync(o)) if *b != Builtin::Rand => {
            Value::Sync(Arc::new(o.copy()))
        }
        _ => v.clone(),
    }
}

/// Go's `==` on two values of the same static type (interfaces by dynamic type).
pub fn equal(prog: &Program, a: &Value, b: &Value, by_identity: bool) -> bool {
    match (a, b) {
        (Value::Iface(x), Value::Iface(y)) => {
            if x.0 != y.0 {
                return false;
            }
            let ident = matches!(prog.types.under(x.0), Type::Ptr(_) | Type::ErrorString);
            equal(prog, &x.1, &y.1, ident)
        }
        (Value::Struct(x), Value::Struct(y)) if by_identity => Arc::ptr_eq(x, y),
        (Value::Struct(x), Value::Struct(y)) => x
            .fields
            .iter()
            .zip(y.fields.iter())
            .all(|(p, q)| equal(prog, &p.load(), &q.load(), false)),
        (Value::Ptr(p), Value::Ptr(q)) => p.addr() == q.addr(),
        (Value::Sync(p), Value::Sync(q)) => Arc::ptr_eq(p, q),
        (Value::Chan(p), Value::Chan(q)) => Arc::ptr_eq(p, q),
        (Value::Cell(p), Value::Cell(q)) => Arc::ptr_eq(p, q),
        _ => a.equals(b, by_identity),
    }
}

impl Goroutine {
    /// A goroutine that will call `callee` with `args`.
    pub fn new(
        run: Arc<RunState>,
        ctx: TaskCtx,
        callee: Value,
        func: u32,
        args: Vec<Value>,
        is_main: bool,
    ) -> Goroutine {
        let claim = run.procs.enlist();
        let closure = match callee {
            Value::Func(c) => Some(c),
            _ => None,
        };
        Goroutine {
            run,
            ctx,
            stack: Vec::new(),
            frames: Vec::new(),
            wait: Wait::None,
            turn_start: None,
            is_main,
            entry: Some(Entry {
                func,
                closure,
                args,
            }),
            panic: None,
            sync_stop: None,
            nested: 0,
            panic_val: None,
            recovered: false,
            unwinding: None,
            claim,
        }
    }

    /// Makes room on the stack for function `func`'s registers from `base`.
    #[inline]
    fn grow_stack(&mut self, func: u32, base: usize) {
        let need = base + self.run.prog.funcs[func as usize].nregs as usize + 2;
        if self.stack.len() < need {
            self.stack.resize(need, Value::Nil);
        }
    }

    fn push_call(
        &mut self,
        func: u32,
        base: usize,
        closure: Option<Arc<Closure>>,
        args: Vec<Value>,
        deferred: bool,
    ) {
        self.grow_stack(func, base);
        let mut args = args;
        if let Some(r) = closure.as_ref().and_then(|c| c.recv.clone()) {
            args.insert(0, r);
        }
        for (i, a) in args.into_iter().enumerate() {
            self.stack[base + i] = a;
        }
        self.frames.push(Frame::new(func, base, closure, deferred));
    }

    fn out(&self, stream: Stream, text: String) {
        self.run
            .out
            .write(stream, self.ctx.id() + 1, self.ctx.now(), &text);
    }

    fn fail(&mut self, msg: String) {
        if self.run.exit.compare_exchange(0, 2, SeqCst, SeqCst).is_ok() {
            let name = self.frames.last().map_or("main.main".to_string(), |f| {
                self.run.prog.funcs[f.func as usize].name.clone()
            });
            let trace = if msg.starts_with("fatal error:") {
                String::new()
            } else {
                format!(
                    "\ngoroutine {} [running]:\n{name}(...)\n",
                    self.ctx.id() + 1
                )
            };
            self.out(Stream::Stderr, format!("{msg}\n{trace}"));
        }
        self.ctx.end_run();
    }

    fn spawn(&self, callee: Value, func: u32, args: Vec<Value>) -> Result<(), String> {
        let live = self.run.live.fetch_add(1, SeqCst) + 1;
        if live > self.run.limits.max_goroutines {
            return Err(format!(
                "fatal error: too many goroutines: the limit is {} live goroutines",
                self.run.limits.max_goroutines
            ));
        }
        let label = *self.run.labels[func as usize]
            .get_or_init(|| self.ctx.label(&self.run.prog.funcs[func as usize].name));
        let run = self.run.clone();
        self.ctx.spawn_labelled(label, move |ctx| {
            Goroutine::new(run, ctx, callee, func, args, false)
        });
        Ok(())
    }
}

impl Drop for Goroutine {
    fn drop(&mut self) {
        self.run.live.fetch_sub(1, SeqCst);
        let (stack, frames) = (
            std::mem::take(&mut self.stack),
            std::mem::take(&mut self.frames),
        );
        self.run.spares.give(stack, frames);
    }
}

impl Future for Goroutine {
    type Output = ();

    /// A turn holds one of the run's Ps (GOMAXPROCS): without one the goroutine waits
    /// for it, and the turn gives it back however it ends.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let g = self.get_mut();
        let run = Arc::clone(&g.run);
        if !run.procs.acquire(&mut g.claim, cx.waker()) {
            return Poll::Pending;
        }
        let turn = g.turn(cx);
        let yielded = turn.is_pending() && matches!(g.wait, Wait::Yield);
        run.procs.release(&mut g.claim, yielded);
        turn
    }
}

impl Goroutine {
    /// The source line of the operation the goroutine waits in: the one before its top
    /// frame's saved place (0 when it has none).
    fn waiting_line(&self) -> u32 {
        self.frames.last().map_or(0, |f| {
            let lines = &self.run.prog.funcs[f.func as usize].lines;
            lines.get(f.pc.saturating_sub(1)).copied().unwrap_or(0)
        })
    }

    /// One turn: resumes from what it waited for, then runs until it blocks, yields,
    /// is preempted or ends.
    fn turn(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let g = self;
        if let Some(Entry {
            func,
            closure,
            args,
        }) = g.entry.take()
        {
            (g.stack, g.frames) = g.run.spares.take();
            g.push_call(func, 0, closure, args, true);
        }
        match std::mem::replace(&mut g.wait, Wait::None) {
            Wait::None | Wait::Yield => {}
            Wait::Park(mut p) => {
                if Pin::new(&mut p).poll(cx).is_pending() {
                    g.wait = Wait::Park(p);
                    return Poll::Pending;
                }
            }
            Wait::On(w, start, kind, then) => match w.take(cx.waker()) {
                None => {
                    g.wait = Wait::On(w, start, kind, then);
                    return Poll::Pending;
                }
                Some((case, v, ok)) => {
                    let then = match then {
                        Then::Relock(o, read) if !ok => {
                            if g.lock_or_park(o, read, Some(start), cx) {
                                return Poll::Pending;
                            }
                            Then::Resume
                        }
                        then => then,
                    };
                    let line = g.waiting_line();
                    g.ctx.record_wait(kind, start, line);
                    let base = g.frames.last().map_or(0, |f| f.base);
                    match then {
                        Then::Recv(dst, with_ok) => {
                            g.stack[base + dst] = v;
                            if with_ok {
                                g.stack[base + dst + 1] = Value::Bool(ok);
                            }
                        }
                        Then::Send => {
                            if !ok {
                                g.fail("panic: send on closed channel".into());
                                return Poll::Ready(());
                            }
                        }
                        Then::Select(dst, table) => {
                            let t = &g.run.prog.clone().selects[table as usize];
                            let c = &t.cases[case];
                            if c.send.is_some() && !ok {
                                g.fail("panic: send on closed channel".into());
                                return Poll::Ready(());
                            }
                            if let Some((r, _)) = c.recv {
                                g.stack[base + r as usize] = v;
                                g.stack[base + r as usize + 1] = Value::Bool(ok);
                            }
                            g.stack[base + dst] = Value::Int(case as i64);
                        }
                        Then::Resume | Then::Relock(..) => {}
                    }
                }
            },
        }
        g.turn_start = None;
        let stop = 'run: loop {
            let stop = g.exec(cx);
            let Stop::Panic(mut m) = stop else { break stop };
            if let Some(first) = g.unwinding.take() {
                // A new panic in a deferred call that the first one ran.
                let recovered = if std::mem::take(&mut g.recovered) {
                    " [recovered]"
                } else {
                    ""
                };
                m = format!("{first}{recovered}\n\t{m}");
            }
            // Unwinding: the deferred calls of every frame run, innermost first.
            loop {
                while g.frames.last().is_some_and(|f| !f.has_defers()) {
                    g.frames.pop();
                }
                let next = g
                    .frames
                    .last_mut()
                    .and_then(|f| f.pop_defer().map(|d| (d, f.base, f.func)));
                let Some(((callee, args), base, func)) = next else {
                    break 'run Stop::Panic(m);
                };
                g.panic = Some(m.clone());
                g.unwinding = Some(m.clone());
                let nb = base + g.run.prog.funcs[func as usize].nregs as usize + 1;
                match g.call_callee(callee, nb, args, cx) {
                    Ok(true) => continue 'run,
                    // A library call ran at once: on with the unwinding.
                    Ok(false) => {
                        g.panic = None;
                        g.unwinding = None;
                    }
                    Err(m2) => break 'run Stop::Panic(m2),
                }
            }
        };
        match stop {
            Stop::Pending => Poll::Pending,
            Stop::Done => {
                if g.is_main {
                    g.run.main_done.store(true, SeqCst);
                    g.ctx.end_run();
                }
                Poll::Ready(())
            }
            Stop::Panic(m) => {
                g.fail(m);
                Poll::Ready(())
            }
        }
    }
}

/// `*p = val`: through a pointer, a cell, or into the struct or array a pointer to one
/// is; false for a nil pointer.
fn store_through(p: &Value, val: Value) -> bool {
    match p {
        Value::Ptr(p) => p.slot().store(val),
        Value::Cell(c) => c.store(val),
        Value::Struct(o) => {
            if let Value::Struct(src) = &val {
                for (f, s) in o.fields.iter().zip(src.fields.iter()) {
                    f.store(s.load());
                }
            }
        }
        Value::Slice(dst) => {
            if let Value::Slice(src) = &val {
                for i in 0..dst.len.min(src.len) {
                    dst.slot(i).store(src.slot(i).load());
                }
            }
        }
        _ => return false,
    }
    true
}

/// The capacity Go 1.19's `append` gives a slice of capacity `old` that must hold
/// `needed` elements of `size` bytes (runtime.growslice): doubled below 256 elements, then
/// a quarter more (plus 192) at a time, and rounded up to the allocator's size class, so
/// `len` and `cap` print as in Go.
fn grown_cap(old: usize, needed: usize, size: usize) -> usize {
    let mut cap = old;
    let double = old + old;
    if needed > double {
        cap = needed;
    } else if old < 256 {
        cap = double;
    } else {
        while cap < needed {
            cap += (cap + 3 * 256) / 4;
        }
    }
    if size == 0 {
        return cap.max(needed);
    }
    let bytes = round_to_size_class(cap.saturating_mul(size));
    (bytes / size).max(needed)
}

/// Go's malloc size classes up to 32 KB; larger sizes round up to whole 8 KB pages.
fn round_to_size_class(bytes: usize) -> usize {
    const CLASSES: [usize; 67] = [
        8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
        352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
        2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472,
        9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264,
        28672, 32768,
    ];
    match CLASSES.iter().find(|&&c| c >= bytes) {
        Some(&c) => c,
        None => bytes.div_ceil(8192) * 8192,
    }
}

/// The bytes a value of type `t` takes in Go on a 64-bit machine (for `append`'s growth).
fn go_size(prog: &Program, t: TypeId) -> usize {
    match prog.types.under(t) {
        Type::Int(k) => match k {
            IntKind::I8 | IntKind::U8 => 1,
            IntKind::I16 | IntKind::U16 => 2,
            IntKind::I32 | IntKind::U32 => 4,
            _ => 8,
        },
        Type::Float32 => 4,
        Type::Bool => 1,
        Type::String | Type::Interface(_) => 16,
        Type::Slice(_) => 24,
        Type::Array(n, e) => *n as usize * go_size(prog, *e),
        Type::Struct(fs) => {
            // Fields in order, each aligned to its own size (at most 8), the whole to 8.
            let mut at: usize = 0;
            let mut align: usize = 1;
            for (_, ft) in fs {
                let size = go_size(prog, *ft);
                let a = size.clamp(1, 8).next_power_of_two().min(8);
                at = at.div_ceil(a) * a + size;
                align = align.max(a);
            }
            at.div_ceil(align) * align
        }
        _ => 8,
    }
}

/// How a call of a program's method by the library went.
enum Called {
    /// It returned this (its first result).
    Returned(Value),
    /// The value's type has no such method.
    NoMethod,
    /// The method needs the value a nil pointer points to.
    NilReceiver,
}

/// How deeply fmt's calls of `String` and `Error` methods may nest.
const MAX_NESTED_METHOD_CALLS: u32 = 200;

/// fmt's way to the program's `String` and `Error` methods: it runs them on the goroutine
/// that prints, keeping the first panic for the printing call to end with.
struct MethodCalls<'g, 'x> {
    g: &'g mut Goroutine,
    cx: &'g mut Context<'x>,
    above: usize,
    failed: Option<String>,
}

impl gofmt::Methods for MethodCalls<'_, '_> {
    fn text(&mut self, t: TypeId, v: &Value) -> Option<String> {
        if self.failed.is_some() {
            return None;
        }
        match self.g.text_method(t, v, self.above, self.cx) {
            Ok(text) => text,
            Err(m) => {
                self.failed = Some(m);
                None
            }
        }
    }
}

fn idx(v: &Value, len: usize) -> Result<usize, String> {
    let i = v.as_int();
    if i < 0 {
        return Err(rt(format!("index out of range [{i}]")));
    }
    if i as usize >= len {
        return Err(rt(format!("index out of range [{i}] with length {len}")));
    }
    Ok(i as usize)
}

fn nil_deref() -> String {
    rt("invalid memory address or nil pointer dereference")
}

impl Goroutine {
    #[allow(clippy::too_many_lines)]
    fn exec(&mut self, cx: &mut Context<'_>) -> Stop {
        let prog = self.run.prog.clone();
        let mut ticks = BUDGET;
        'frames: loop {
            let Some(fr) = self.frames.last() else {
                return Stop::Done;
            };
            let func = &prog.funcs[fr.func as usize];
            let code = &func.code[..];
            let base = fr.base;
            let mut pc = fr.pc;
            macro_rules! r {
                ($x:expr) => {
                    self.stack[base + $x as usize]
                };
            }
            macro_rules! save {
                () => {
                    if let Some(f) = self.frames.last_mut() {
                        f.pc = pc;
                    }
                };
            }
            // Parks the goroutine on a channel (a nil one when the waiter is a fresh one no
            // channel holds: it blocks for ever, as in Go) until `then` resumes it.
            macro_rules! park_on_channel {
                ($waiter:expr, $then:expr) => {{
                    save!();
                    self.wait = Wait::On($waiter, self.ctx.now(), SpanKind::ChannelWait, $then);
                    return Stop::Pending;
                }};
            }
            // A loop's back-edge: jumps to `t`, a preemption point every BUDGET ticks.
            macro_rules! back_edge {
                ($t:expr) => {{
                    pc = $t as usize;
                    ticks -= 1;
                    if ticks == 0 {
                        ticks = BUDGET;
                        save!();
                        if let Some(s) = self.check_budget(cx) {
                            return s;
                        }
                    }
                }};
            }
            macro_rules! throw {
                ($m:expr) => {{
                    save!();
                    return Stop::Panic($m);
                }};
            }
            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(m) => throw!(m),
                    }
                };
            }
            loop {
                let op = &code[pc];
                pc += 1;
                match op {
                    Op::Const(d, k) => r!(*d) = prog.consts[*k as usize].clone(),
                    Op::Int(d, v) => r!(*d).set_int(*v),
                    Op::Move(d, s) => {
                        // An int (most moves) is read as its tag and its word: copying all
                        // of a Value just written stalls on the store.
                        if let Value::Int(i) = r!(*s) {
                            r!(*d).set_int(i);
                        } else {
                            let v = r!(*s).clone();
                            r!(*d).set(v);
                        }
                    }
                    Op::Copy(d, s, t) => {
                        let v = copy_value(&prog, *t, &r!(*s));
                        r!(*d) = v;
                    }
                    Op::Zero(d, t) => r!(*d) = zero(&prog, *t),
                    Op::AddI(d, a, b) => {
                        let v = r!(*a).as_int().wrapping_add(r!(*b).as_int());
                        r!(*d).set_int(v);
                    }
                    Op::SubI(d, a, b) => {
                        let v = r!(*a).as_int().wrapping_sub(r!(*b).as_int());
                        r!(*d).set_int(v);
                    }
                    Op::AddIK(d, a, k) => {
                        let v = r!(*a).as_int().wrapping_add(*k);
                        r!(*d).set_int(v);
                    }
                    Op::LtI(d, a, b) => {
                        let v = r!(*a).as_int() < r!(*b).as_int();
                        r!(*d).set_bool(v);
                    }
                    Op::JumpNotLtI(a, b, t) => {
                        if r!(*a).as_int() >= r!(*b).as_int() {
                            pc = *t as usize;
                        }
                    }
                    Op::JumpNotLtIK(a, k, t) => {
                        if r!(*a).as_int() >= *k {
                            pc = *t as usize;
                        }
                    }
                    Op::JumpNotLeI(a, b, t) => {
                        if r!(*a).as_int() > r!(*b).as_int() {
                            pc = *t as usize;
                        }
                    }
                    Op::Bin(op, d, a, b) => {
                        let v = tri!(binop(*op, &r!(*a), &r!(*b)));
                        r!(*d) = v;
                    }
                    Op::Wrap(d, k) => {
                        let v = k.wrap(r!(*d).as_int());
                        r!(*d).set_int(v);
                    }
                    Op::RoundF32(d) => {
                        let v = f64::from(r!(*d).as_float() as f32);
                        r!(*d) = Value::Float(v);
                    }
                    Op::Neg(d, s) => {
                        let v = match &r!(*s) {
                            Value::Float(f) => Value::Float(-f),
                            v => Value::Int(v.as_int().wrapping_neg()),
                        };
                        r!(*d) = v;
                    }
                    Op::Not(d, s) => {
                        let v = !r!(*s).as_bool();
                        r!(*d).set_bool(v);
                    }
                    Op::BitNot(d, s, k) => {
                        let v = k.wrap(!r!(*s).as_int());
                        r!(*d).set_int(v);
                    }
                    Op::IntToFloat(d, s) => {
                        let v = r!(*s).as_int() as f64;
                        r!(*d) = Value::Float(v);
                    }
                    Op::FloatToInt(d, s, k) => {
                        let v = k.wrap(r!(*s).as_float() as i64);
                        r!(*d).set_int(v);
                    }
                    Op::RuneToStr(d, s) => {
                        let c = char::from_u32(r!(*s).as_int() as u32).unwrap_or('\u{FFFD}');
                        r!(*d) = Value::str(&c.to_string());
                    }
                    Op::StrToBytes(d, s) => {
                        let bytes: Vec<Value> = r!(*s)
                            .as_str()
                            .bytes()
                            .map(|b| Value::Int(b as i64))
                            .collect();
                        r!(*d) = slice_of(bytes);
                    }
                    Op::StrToRunes(d, s) => {
                        let rs: Vec<Value> = r!(*s)
                            .as_str()
                            .chars()
                            .map(|c| Value::Int(c as i64))
                            .collect();
                        r!(*d) = slice_of(rs);
                    }
                    Op::BytesToStr(d, s) => {
                        let bytes: Vec<u8> =
                            elems(&r!(*s)).iter().map(|v| v.as_int() as u8).collect();
                        // The VM's strings are UTF-8 text: bytes that are not stop the
                        // program with a message rather than print something else.
                        let Ok(text) = String::from_utf8(bytes) else {
                            throw!(
                                "fatal error: a string of bytes that are not valid UTF-8 is not supported here"
                                    .to_string()
                            );
                        };
                        r!(*d) = Value::str(&text);
                    }
                    Op::RunesToStr(d, s) => {
                        let st: String = elems(&r!(*s))
                            .iter()
                            .map(|v| char::from_u32(v.as_int() as u32).unwrap_or('\u{FFFD}'))
                            .collect();
                        r!(*d) = Value::str(&st);
                    }
                    Op::Jump(t) => pc = *t as usize,
                    Op::JumpIf(c, t) => {
                        if r!(*c).as_bool() {
                            pc = *t as usize;
                        }
                    }
                    Op::JumpIfNot(c, t) => {
                        if !r!(*c).as_bool() {
                            pc = *t as usize;
                        }
                    }
                    Op::LoopLtIK(a, k, t) => {
                        if r!(*a).as_int() < *k {
                            back_edge!(*t);
                        }
                    }
                    Op::StepLoopLtIK(a, step, k, t) => {
                        let v = r!(*a).as_int().wrapping_add(i64::from(*step));
                        r!(*a).set_int(v);
                        if v < *k {
                            back_edge!(*t);
                        }
                    }
                    Op::StepLoopLtI(a, step, b, t) => {
                        let v = r!(*a).as_int().wrapping_add(i64::from(*step));
                        r!(*a).set_int(v);
                        if v < r!(*b).as_int() {
                            back_edge!(*t);
                        }
                    }
                    Op::LoopLtI(a, b, t) | Op::LoopLeI(a, b, t) => {
                        let (x, y) = (r!(*a).as_int(), r!(*b).as_int());
                        if x < y || matches!(op, Op::LoopLeI(..)) && x == y {
                            back_edge!(*t);
                        }
                    }
                    Op::LoopIf(c, t) => {
                        if r!(*c).as_bool() {
                            back_edge!(*t);
                        }
                    }
                    Op::Loop(t) => {
                        back_edge!(*t);
                    }
                    Op::NewCell(d, s) => {
                        let v = std::mem::take(&mut r!(*s));
                        r!(*d) = Value::Cell(Arc::new(Slot::new(v)));
                    }
                    Op::LoadCell(d, c) => {
                        let v = match &r!(*c) {
                            Value::Cell(c) => c.load(),
                            _ => Value::Nil,
                        };
                        r!(*d) = v;
                    }
                    Op::StoreCell(c, s) => {
                        let v = r!(*s).clone();
                        if let Value::Cell(c) = &r!(*c) {
                            c.store(v);
                        }
                    }
                    Op::LoadCap(d, i) => {
                        let v = self
                            .frames
                            .last()
                            .and_then(|f| f.closure.as_ref())
                            .map_or(Value::Nil, |c| c.caps[*i as usize].clone());
                        r!(*d) = v;
                    }
                    Op::LoadGlobal(d, i) => r!(*d) = self.run.globals[*i as usize].load(),
                    Op::AddrGlobal(d, i) => {
                        r!(*d) = Value::Ptr(Ptr::Cell(self.run.globals[*i as usize].clone()))
                    }
                    Op::StoreGlobal(i, s) => self.run.globals[*i as usize].store(r!(*s).clone()),
                    Op::Call(f, b) => {
                        save!();
                        if self.frames.len() > MAX_FRAMES {
                            return Stop::Panic(STACK_OVERFLOW.into());
                        }
                        // push_call without its arguments and closure: the arguments are
                        // in place already.
                        let nb = base + *b as usize;
                        self.grow_stack(*f, nb);
                        self.frames.push(Frame::new(*f, nb, None, false));
                        // A call is a preemption point, as a back-edge is: recursion
                        // without loops (fib) shares a worker and stops when asked.
                        ticks -= 1;
                        if ticks == 0 {
                            ticks = BUDGET;
                            if let Some(s) = self.check_budget(cx) {
                                return s;
                            }
                        }
                        continue 'frames;
                    }
                    Op::CallValue(f, b) => {
                        save!();
                        let Value::Func(c) = r!(*f).clone() else {
                            throw!(nil_deref())
                        };
                        let nb = base + *b as usize;
                        if c.recv.is_some() {
                            // Shift the arguments up for the bound receiver.
                            let np = prog.funcs[c.func as usize].nparams as usize;
                            self.grow_stack(c.func, nb);
                            for i in (0..np.saturating_sub(1)).rev() {
                                self.stack[nb + i + 1] = std::mem::take(&mut self.stack[nb + i]);
                            }
                        }
                        self.push_call(c.func, nb, Some(c.clone()), Vec::new(), false);
                        if let Some(rv) = c.recv.clone() {
                            self.stack[nb] = rv;
                        }
                        continue 'frames;
                    }
                    Op::CallIface(n, b) => {
                        save!();
                        let nb = base + *b as usize;
                        let Value::Iface(iv) = r!(*b).clone() else {
                            throw!(nil_deref())
                        };
                        if iv.0 == ids::ERRSTR && prog.names[*n as usize] == "Error" {
                            r!(*b) = Value::str(&gofmt::error_text(&iv.1));
                            continue;
                        }
                        let (fid, recv) = tri!(self.iface_method(&iv, *n, false));
                        self.push_call(fid, nb, None, Vec::new(), false);
                        self.stack[nb] = recv;
                        continue 'frames;
                    }
                    Op::Return(s, n, back) => {
                        // The results move down to the frame's base, where the caller
                        // reads them; what was there goes up among the dead registers.
                        for i in 0..*n as usize {
                            let (to, from) = (base + i, base + *s as usize + i);
                            // An int is copied as its word (as in Move); the rest swapped,
                            // which raises no count.
                            if let Value::Int(x) = self.stack[from] {
                                self.stack[to].set_int(x);
                            } else {
                                self.stack.swap(to, from);
                            }
                        }
                        if let Some(fr) = self.frames.last()
                            && fr.extra.is_none()
                            && !fr.deferred
                            && self.sync_stop.is_none()
                        {
                            // Nothing deferred, no Once, no recover: just return.
                            if let Some(Frame { closure, .. }) = self.frames.pop() {
                                drop(closure);
                            }
                            if self.frames.is_empty() {
                                return Stop::Done;
                            }
                            continue 'frames;
                        }
                        save!();
                        // Deferred calls first, last in first out; then this Return again.
                        let deferred = self.frames.last_mut().and_then(Frame::pop_defer);
                        if let Some((callee, args)) = deferred {
                            if let Some(f) = self.frames.last_mut() {
                                f.pc = pc - 1 - *back as usize;
                                // Results were moved down; keep them where Return reads them.
                                if *s != 0 {
                                    for i in 0..*n as usize {
                                        self.stack[base + *s as usize + i] =
                                            self.stack[base + i].clone();
                                    }
                                }
                            }
                            let nb = base + func.nregs as usize + 1;
                            match self.call_callee(callee, nb, args, cx) {
                                Ok(true) => continue 'frames,
                                Ok(false) => continue 'frames,
                                Err(m) => return Stop::Panic(m),
                            }
                        }
                        let fr = self.frames.pop().unwrap_or_else(|| unreachable!());
                        if let Some(o) = fr.extra.and_then(|x| x.once) {
                            o.end_once();
                        }
                        if fr.deferred {
                            // The deferred call is over: a panic from here on is no
                            // longer raised inside it.
                            self.unwinding = None;
                        }
                        if fr.deferred
                            && let Some(m) = self.panic.take()
                        {
                            return Stop::Panic(m);
                        }
                        if fr.deferred && self.recovered {
                            // recover() stopped the panic: the function that deferred this
                            // call returns normally, with its named results as they are.
                            // Its deferred calls still pending run first.
                            self.recovered = false;
                            let Some(p) = self.frames.last_mut() else {
                                return Stop::Done;
                            };
                            let pf = &prog.funcs[p.func as usize];
                            p.pc = pf.recovered as usize;
                            let pbase = p.base;
                            for (i, t) in pf.results.iter().enumerate() {
                                let v = match pf.named.get(i) {
                                    Some(r) => match &self.stack[pbase + *r as usize] {
                                        Value::Cell(c) => c.load(),
                                        v => v.clone(),
                                    },
                                    None => zero(&prog, *t),
                                };
                                self.stack[pbase + i] = v;
                            }
                            continue 'frames;
                        }
                        if self.sync_stop == Some(self.frames.len()) {
                            return Stop::Done;
                        }
                        if self.frames.is_empty() {
                            return Stop::Done;
                        }
                        continue 'frames;
                    }
                    Op::Closure(d, f, regs) => {
                        let caps = regs.iter().map(|x| r!(*x).clone()).collect();
                        r!(*d) = Value::Func(Arc::new(Closure {
                            func: *f,
                            caps,
                            recv: None,
                        }));
                    }
                    Op::BindIface(d, n, x) => {
                        let Value::Iface(iv) = r!(*x).clone() else {
                            throw!(nil_deref())
                        };
                        let (fid, recv) = tri!(self.iface_method(&iv, *n, true));
                        r!(*d) = Value::Func(Arc::new(Closure {
                            func: fid,
                            caps: smallvec::SmallVec::new(),
                            recv: Some(recv),
                        }));
                    }
                    Op::Bind(d, f, x) => {
                        let recv = r!(*x).clone();
                        r!(*d) = Value::Func(Arc::new(Closure {
                            func: *f,
                            caps: smallvec::SmallVec::new(),
                            recv: Some(recv),
                        }));
                    }
                    Op::Go(callee, b, n) => {
                        let nb = base + *b as usize;
                        let res = match callee {
                            Callee::Func(f) => self.spawn(
                                Value::Nil,
                                *f,
                                self.stack[nb..nb + *n as usize].to_vec(),
                            ),
                            // The function value, then its arguments (none, most often:
                            // `go func() { ... }()` allocates no argument list).
                            Callee::Value => match &self.stack[nb] {
                                Value::Func(c) => {
                                    let args = self.stack[nb + 1..nb + *n as usize].to_vec();
                                    self.spawn(Value::Func(c.clone()), c.func, args)
                                }
                                _ => {
                                    // go of a nil func value: Go's error.
                                    Err("panic: runtime error: invalid memory address or nil pointer dereference".into())
                                }
                            },
                            Callee::Iface(method) => {
                                // go x.M() on an interface: the dynamic type's method.
                                let name = &prog.names[*method as usize];
                                let args = self.stack[nb..nb + *n as usize].to_vec();
                                match args.first() {
                                    Some(Value::Iface(iv)) => {
                                        let dyn_t = match prog.types.get(iv.0) {
                                            Type::Ptr(e) => *e,
                                            _ => iv.0,
                                        };
                                        match prog.methods.get(&(dyn_t, name.clone())) {
                                            Some(&(fid, _)) => {
                                                let mut args = args.clone();
                                                args[0] = iv.1.clone();
                                                self.spawn(Value::Nil, fid, args)
                                            }
                                            None => Err(format!("panic: method {name} not found")),
                                        }
                                    }
                                    _ => Err(nil_deref()),
                                }
                            }
                            // go close(ch), go fmt.Println(x): a library function does not
                            // block, and running it at once is one schedule Go allows.
                            Callee::Native(native, spread) => {
                                let mut args: Values =
                                    self.stack[nb..nb + *n as usize].iter().cloned().collect();
                                if *spread && let Some(last) = args.pop() {
                                    args.extend(elems(&last));
                                }
                                let above = base + func.nregs as usize + 1;
                                self.native(*native, args, above, cx).map(|_| ())
                            }
                            _ => {
                                Err("panic: go of a library function is not supported here".into())
                            }
                        };
                        tri!(res);
                    }
                    Op::Defer(callee, b, n) => {
                        let args: Vec<Value> = (0..*n as usize)
                            .map(|i| self.stack[base + *b as usize + i].clone())
                            .collect();
                        if let Some(f) = self.frames.last_mut() {
                            f.extra().defers.push((*callee, args));
                        }
                    }
                    Op::Native(n, b, k, spread) => {
                        save!();
                        let nb = base + *b as usize;
                        let mut args: Values = (0..*k as usize)
                            .map(|i| std::mem::take(&mut self.stack[nb + i]))
                            .collect();
                        if *spread && let Some(last) = args.pop() {
                            args.extend(elems(&last));
                        }
                        let above = base + func.nregs as usize + 1;
                        let res = tri!(self.native(*n, args, above, cx));
                        for (i, v) in res.into_iter().enumerate() {
                            self.stack[nb + i] = v;
                        }
                    }
                    Op::Block(b, a) => {
                        save!();
                        let v = r!(*a).clone();
                        match self.block(*b, v, cx) {
                            Ok(true) => return Stop::Pending,
                            Ok(false) => {}
                            Err(m) => return Stop::Panic(m),
                        }
                    }
                    Op::OnceDo(b) => {
                        save!();
                        let Value::Sync(o) = r!(*b).clone() else {
                            throw!(nil_deref())
                        };
                        let f = r!(*b + 1).clone();
                        let mut w = None;
                        match o.once_start(|| {
                            let x = Waiter::new(cx.waker());
                            w = Some(x.clone());
                            x
                        }) {
                            Some(true) => {
                                let Value::Func(c) = f else {
                                    throw!(nil_deref())
                                };
                                let nb = base + func.nregs as usize + 1;
                                self.push_call(c.func, nb, Some(c.clone()), Vec::new(), false);
                                if let Some(fr) = self.frames.last_mut() {
                                    fr.extra().once = Some(o);
                                }
                                continue 'frames;
                            }
                            Some(false) => {}
                            None => {
                                if let Some(w) = w {
                                    self.wait = Wait::On(
                                        w,
                                        self.ctx.now(),
                                        SpanKind::LockWait,
                                        Then::Resume,
                                    );
                                }
                                return Stop::Pending;
                            }
                        }
                    }
                    Op::MakeSlice(d, t, l, c) => {
                        let (len, cap) = (r!(*l).as_int(), r!(*c).as_int());
                        if len < 0 {
                            throw!(rt("makeslice: len out of range"));
                        }
                        if cap < len {
                            throw!(rt("makeslice: cap out of range"));
                        }
                        tri!(self.alloc(cap as u64 * SLOT_BYTES));
                        let et = match prog.types.under(*t) {
                            Type::Slice(e) => *e,
                            _ => ids::INT,
                        };
                        let z = zero(&prog, et);
                        let arr = backing(cap as usize, &z, |v| copy_value(&prog, et, v));
                        r!(*d) = Value::Slice(SliceV {
                            arr,
                            off: 0,
                            len: len as usize,
                            cap: cap as usize,
                        });
                    }
                    Op::MakeMap(d, _) => r!(*d) = Value::Map(Arc::new(MapObj::default())),
                    Op::MakeChan(d, t, c) => {
                        let et = match prog.types.under(*t) {
                            Type::Chan(_, e) => *e,
                            _ => ids::INT,
                        };
                        let cap = r!(*c).as_int();
                        if cap < 0 {
                            throw!("panic: makechan: size out of range".into());
                        }
                        r!(*d) = Value::Chan(Arc::new(Chan::new(cap as usize, zero(&prog, et))));
                    }
                    Op::NewStruct(d, t, src) => {
                        let v = match src {
                            Some(s) => {
                                let n = match prog.types.under(*t) {
                                    Type::Struct(fs) => fs.len(),
                                    _ => 0,
                                };
                                Value::Struct(Arc::new(Obj {
                                    fields: (0..n)
                                        .map(|i| {
                                            Slot::new(std::mem::take(
                                                &mut self.stack[base + *s as usize + i],
                                            ))
                                        })
                                        .collect(),
                                }))
                            }
                            None => zero(&prog, *t),
                        };
                        r!(*d) = v;
                    }
                    Op::SliceLit(d, _, s, n) => {
                        let vals: Vec<Value> = (0..*n as usize)
                            .map(|i| std::mem::take(&mut self.stack[base + *s as usize + i]))
                            .collect();
                        r!(*d) = slice_of(vals);
                    }
                    Op::NewPtr(d, t) => {
                        r!(*d) = Value::Ptr(Ptr::Cell(Arc::new(Slot::new(zero(&prog, *t)))))
                    }
                    Op::Index(d, x, i) => {
                        let v = match &r!(*x) {
                            Value::Slice(s) => {
                                let k = tri!(idx(&r!(*i), s.len));
                                s.slot(k).load()
                            }
                            Value::Str(s) => {
                                let k = tri!(idx(&r!(*i), s.len()));
                                Value::Int(s.as_bytes()[k] as i64)
                            }
                            _ => {
                                let k = r!(*i).as_int();
                                throw!(rt(format!("index out of range [{k}] with length 0")))
                            }
                        };
                        r!(*d) = v;
                    }
                    Op::SetIndex(x, i, v) => {
                        let val = r!(*v).clone();
                        match &r!(*x) {
                            Value::Slice(s) => {
                                let k = tri!(idx(&r!(*i), s.len));
                                s.slot(k).store(val);
                            }
                            _ => {
                                let k = r!(*i).as_int();
                                throw!(rt(format!("index out of range [{k}] with length 0")))
                            }
                        }
                    }
                    Op::AddrIndex(d, x, i) => {
                        let v = match &r!(*x) {
                            Value::Slice(s) => {
                                let k = tri!(idx(&r!(*i), s.len));
                                Value::Ptr(Ptr::Elem(s.arr.clone(), s.off + k))
                            }
                            _ => throw!(rt(format!(
                                "index out of range [{}] with length 0",
                                r!(*i).as_int()
                            ))),
                        };
                        r!(*d) = v;
                    }
                    Op::MapGet(d, m, k, t) => {
                        let v = match &r!(*m) {
                            Value::Map(mo) => mo
                                .entries
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .get(&r!(*k).key())
                                .map(|e| e.1.clone()),
                            _ => None,
                        };
                        r!(*d) = v.unwrap_or_else(|| zero(&prog, *t));
                    }
                    Op::MapGet2(d, m, k, t) => {
                        let v = match &r!(*m) {
                            Value::Map(mo) => mo
                                .entries
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .get(&r!(*k).key())
                                .map(|e| e.1.clone()),
                            _ => None,
                        };
                        let ok = v.is_some();
                        r!(*d) = v.unwrap_or_else(|| zero(&prog, *t));
                        r!(*d + 1) = Value::Bool(ok);
                    }
                    Op::MapSet(m, k, v) => {
                        let (key, val) = (r!(*k).clone(), r!(*v).clone());
                        match &r!(*m) {
                            Value::Map(mo) => {
                                let mut e = mo.entries.lock().unwrap_or_else(|e| e.into_inner());
                                let n = e.len() as u64;
                                e.insert(key.key(), (key, val));
                                if e.len() as u64 > n {
                                    drop(e);
                                    tri!(self.alloc(48));
                                }
                            }
                            _ => throw!("panic: assignment to entry in nil map".into()),
                        }
                    }
                    Op::MapDelete(m, k) => {
                        if let Value::Map(mo) = &r!(*m) {
                            mo.entries
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .remove(&r!(*k).key());
                        }
                    }
                    Op::Field(d, x, i) => {
                        let v = match &r!(*x) {
                            Value::Struct(o) => o.fields[*i as usize].load(),
                            _ => throw!(nil_deref()),
                        };
                        r!(*d) = v;
                    }
                    Op::SetField(x, i, v) => {
                        let val = r!(*v).clone();
                        match &r!(*x) {
                            Value::Struct(o) => o.fields[*i as usize].store(val),
                            _ => throw!(nil_deref()),
                        }
                    }
                    Op::AddrField(d, x, i) => {
                        let v = if *i == u32::MAX {
                            // A pointer to a global: the VM keeps globals as cells.
                            throw!("panic: taking the address of a global scalar is not supported here".into())
                        } else {
                            match &r!(*x) {
                                Value::Struct(o) => Value::Ptr(Ptr::Field(o.clone(), *i as usize)),
                                _ => throw!(nil_deref()),
                            }
                        };
                        r!(*d) = v;
                    }
                    Op::Load(d, p) => {
                        let v = match &r!(*p) {
                            Value::Ptr(p) => p.slot().load(),
                            Value::Cell(c) => c.load(),
                            Value::Nil => throw!(nil_deref()),
                            v => v.clone(),
                        };
                        r!(*d) = v;
                    }
                    Op::Store(p, v) => {
                        let val = r!(*v).clone();
                        if !store_through(&r!(*p), val) {
                            throw!(nil_deref())
                        }
                    }
                    Op::SliceOf(d, x, lo, hi, max) => {
                        let v = tri!(slice_expr(&r!(*x), &r!(*lo), &r!(*hi), &r!(*max)));
                        r!(*d) = v;
                    }
                    Op::Len(d, x) => {
                        let v = r!(*x).len() as i64;
                        r!(*d).set_int(v);
                    }
                    Op::Cap(d, x) => {
                        let v = match &r!(*x) {
                            Value::Slice(s) => s.cap as i64,
                            Value::Chan(c) => c.cap() as i64,
                            _ => 0,
                        };
                        r!(*d).set_int(v);
                    }
                    Op::Append(d, s, b, n, t) => {
                        let vals: Vec<Value> = (0..*n as usize)
                            .map(|i| self.stack[base + *b as usize + i].clone())
                            .collect();
                        let v = tri!(self.append(&r!(*s), vals, *t));
                        r!(*d) = v;
                    }
                    Op::AppendSpread(d, s, o, t) => {
                        let vals = match &r!(*o) {
                            Value::Str(st) => st.bytes().map(|b| Value::Int(b as i64)).collect(),
                            v => elems(v),
                        };
                        let v = tri!(self.append(&r!(*s), vals, *t));
                        r!(*d) = v;
                    }
                    Op::CopySlice(d, a, b) => {
                        let n = match (&r!(*a), &r!(*b)) {
                            (Value::Slice(x), Value::Slice(y)) => {
                                let n = x.len.min(y.len);
                                let vals: Vec<Value> = (0..n).map(|i| y.slot(i).load()).collect();
                                for (i, v) in vals.into_iter().enumerate() {
                                    x.slot(i).store(v);
                                }
                                n
                            }
                            (Value::Slice(x), Value::Str(s)) => {
                                let n = x.len.min(s.len());
                                for (i, b) in s.bytes().take(n).enumerate() {
                                    x.slot(i).store(Value::Int(b as i64));
                                }
                                n
                            }
                            _ => 0,
                        };
                        r!(*d) = Value::Int(n as i64);
                    }
                    Op::ToIface(d, s, t) => {
                        let v = std::mem::take(&mut r!(*s));
                        let v = match v {
                            Value::Iface(i) => Value::Iface(i),
                            v => Value::Iface(Arc::new((*t, v))),
                        };
                        // Keep the source usable: moved values were temporaries or copies.
                        if let Value::Iface(i) = &v {
                            r!(*s) = i.1.clone();
                        }
                        r!(*d) = v;
                    }
                    Op::Assert(d, s, t, with_ok) => {
                        let v = r!(*s).clone();
                        let target_iface = prog.types.is_interface(*t);
                        let missing = match &v {
                            Value::Iface(i) if target_iface => missing_method(&prog, i.0, *t),
                            _ => None,
                        };
                        let (val, ok) = match &v {
                            Value::Iface(i) if target_iface && missing.is_none() => {
                                (Value::Iface(i.clone()), true)
                            }
                            Value::Iface(i) if i.0 == *t => (i.1.clone(), true),
                            _ => (zero(&prog, *t), false),
                        };
                        if !ok && !*with_ok {
                            let want = prog.types.name(*t);
                            throw!(match (&v, missing) {
                                (Value::Iface(i), Some(m)) => format!(
                                    "panic: interface conversion: {} is not {want}: missing method {m}",
                                    prog.types.name(i.0)
                                ),
                                (Value::Iface(i), None) => format!(
                                    "panic: interface conversion: interface {{}} is {}, not {want}",
                                    prog.types.name(i.0)
                                ),
                                _ if target_iface => format!(
                                    "panic: interface conversion: interface is nil, not {want}"
                                ),
                                _ => format!(
                                    "panic: interface conversion: interface {{}} is nil, not {want}"
                                ),
                            });
                        }
                        r!(*d) = val;
                        if *with_ok {
                            r!(*d + 1) = Value::Bool(ok);
                        }
                    }
                    Op::DynType(d, s) => {
                        let v = match &r!(*s) {
                            Value::Iface(i) => i.0 as i64,
                            _ => -1,
                        };
                        r!(*d).set_int(v);
                    }
                    Op::Equal(d, a, b, ident) => {
                        let v = equal(&prog, &r!(*a), &r!(*b), *ident);
                        r!(*d).set_bool(v);
                    }
                    Op::Send(c, v) => {
                        let val = r!(*v).clone();
                        match r!(*c).clone() {
                            Value::Chan(ch) => {
                                let w = Waiter::new(cx.waker());
                                match ch.send(val, Some((&w, 0))) {
                                    Try::Done(..) => {}
                                    Try::Closed => throw!("panic: send on closed channel".into()),
                                    Try::Wait => {
                                        park_on_channel!(w, Then::Send)
                                    }
                                }
                            }
                            _ => {
                                park_on_channel!(Waiter::new(cx.waker()), Then::Resume)
                            }
                        }
                    }
                    Op::Recv(d, c, ok) => match r!(*c).clone() {
                        Value::Chan(ch) => {
                            let w = Waiter::new(cx.waker());
                            match ch.recv(Some((&w, 0))) {
                                Try::Done(v, okv) => {
                                    r!(*d) = v;
                                    if *ok {
                                        r!(*d + 1) = Value::Bool(okv);
                                    }
                                }
                                _ => {
                                    park_on_channel!(w, Then::Recv(*d as usize, *ok))
                                }
                            }
                        }
                        _ => {
                            park_on_channel!(Waiter::new(cx.waker()), Then::Resume)
                        }
                    },
                    Op::Close(c) => match &r!(*c) {
                        Value::Chan(ch) => {
                            if !ch.close() {
                                throw!("panic: close of closed channel".into());
                            }
                        }
                        _ => throw!("panic: close of nil channel".into()),
                    },
                    Op::Select(t, d) => {
                        let table = &prog.selects[*t as usize];
                        let n = table.cases.len();
                        let start = if n > 0 {
                            (self.run.rand() % n as u64) as usize
                        } else {
                            0
                        };
                        let mut chosen = None;
                        for k in 0..n {
                            let i = (start + k) % n;
                            let c = &table.cases[i];
                            let Value::Chan(ch) = r!(c.chan).clone() else {
                                continue;
                            };
                            match c.send {
                                Some(v) => match ch.send(r!(v).clone(), None) {
                                    Try::Done(..) => {
                                        chosen = Some(i);
                                        break;
                                    }
                                    Try::Closed => throw!("panic: send on closed channel".into()),
                                    Try::Wait => {}
                                },
                                None => {
                                    if let Try::Done(v, ok) = ch.recv(None) {
                                        if let Some((dst, _)) = c.recv {
                                            r!(dst) = v;
                                            r!(dst + 1) = Value::Bool(ok);
                                        }
                                        chosen = Some(i);
                                        break;
                                    }
                                }
                            }
                        }
                        if chosen.is_none() && table.default {
                            chosen = Some(n);
                        }
                        match chosen {
                            Some(i) => r!(*d) = Value::Int(i as i64),
                            None => {
                                // Wait on every case; the first to answer wins.
                                let w = Waiter::new(cx.waker());
                                for (i, c) in table.cases.iter().enumerate() {
                                    let Value::Chan(ch) = r!(c.chan).clone() else {
                                        continue;
                                    };
                                    let res = match c.send {
                                        Some(v) => ch.send(r!(v).clone(), Some((&w, i))),
                                        None => ch.recv(Some((&w, i))),
                                    };
                                    match res {
                                        Try::Wait => {}
                                        Try::Closed => {
                                            throw!("panic: send on closed channel".into())
                                        }
                                        Try::Done(v, ok) => {
                                            // Became ready meanwhile: take it unless another case fired.
                                            if w.fire((i, v, ok)).is_err() {
                                                // Already answered; this one's value would be lost
                                                // for a receive: unlikely, accepted.
                                            }
                                            break;
                                        }
                                    }
                                }
                                save!();
                                self.wait = Wait::On(
                                    w,
                                    self.ctx.now(),
                                    SpanKind::ChannelWait,
                                    Then::Select(*d as usize, *t),
                                );
                                cx.waker().wake_by_ref();
                                return Stop::Pending;
                            }
                        }
                    }
                    Op::RangeInit(s, x) => {
                        let v = r!(*x).clone();
                        let (coll, kind) = match v {
                            Value::Map(m) => {
                                let e = m.entries.lock().unwrap_or_else(|e| e.into_inner());
                                let mut pairs: Vec<Value> = Vec::with_capacity(e.len() * 2);
                                for (k, v) in e.values() {
                                    pairs.push(k.clone());
                                    pairs.push(v.clone());
                                }
                                (slice_of(pairs), 1)
                            }
                            Value::Str(st) => (Value::Str(st), 2),
                            v => (v, 0),
                        };
                        r!(*s) = coll;
                        r!(*s + 1) = Value::Int(0);
                        r!(*s + 2) = Value::Int(kind);
                    }
                    Op::RangeNext(s, k, v, t) => {
                        let i = r!(*s + 1).as_int() as usize;
                        let kind = r!(*s + 2).as_int();
                        let next = match (&r!(*s), kind) {
                            (Value::Slice(sl), 1) if i * 2 < sl.len => {
                                Some((sl.slot(i * 2).load(), sl.slot(i * 2 + 1).load(), i + 1))
                            }
                            (Value::Slice(sl), 0) if i < sl.len => {
                                Some((Value::Int(i as i64), sl.slot(i).load(), i + 1))
                            }
                            (Value::Str(st), _) if i < st.len() => {
                                let c = st[i..].chars().next().unwrap_or('\u{FFFD}');
                                Some((
                                    Value::Int(i as i64),
                                    Value::Int(c as i64),
                                    i + c.len_utf8().max(1),
                                ))
                            }
                            _ => None,
                        };
                        match next {
                            Some((kv, vv, ni)) => {
                                r!(*k) = kv;
                                r!(*v) = vv;
                                r!(*s + 1) = Value::Int(ni as i64);
                            }
                            None => pc = *t as usize,
                        }
                    }
                    Op::Panic(v) => {
                        let val = r!(*v).clone();
                        self.panic_val = Some(val.clone());
                        let above = base + func.nregs as usize + 1;
                        if let Some(text) = tri!(self.stringer(&val, above, cx)) {
                            throw!(format!("panic: {text}"));
                        }
                        throw!(format!("panic: {}", gofmt::panic_value(&prog, &val)));
                    }
                    Op::Fail(m) => throw!(format!("panic: {}", prog.messages[*m as usize])),
                    Op::Recover(d) => {
                        // Only a deferred call run by a panic stops it.
                        let in_defer = self.frames.last().is_some_and(|f| f.deferred)
                            && self.frames.len() >= 2;
                        let v = match (in_defer, self.panic.take()) {
                            (true, Some(m)) => {
                                self.recovered = true;
                                self.panic_val.take().unwrap_or_else(|| {
                                    gofmt::new_error(m.trim_start_matches("panic: "), Value::Nil)
                                })
                            }
                            (_, p) => {
                                self.panic = p;
                                Value::Nil
                            }
                        };
                        r!(*d) = v;
                    }
                    Op::MinMax(d, b, n, is_max) => {
                        let mut best = r!(*b).clone();
                        for i in 1..*n {
                            let v = r!(*b + i).clone();
                            let better =
                                match binop(if *is_max { BinOp::Gt } else { BinOp::Lt }, &v, &best)
                                {
                                    Ok(Value::Bool(x)) => x,
                                    _ => false,
                                };
                            if better {
                                best = v;
                            }
                        }
                        r!(*d) = best;
                    }
                    Op::Nop => {}
                }
            }
        }
    }

    /// The text of a value whose dynamic type has an Error or String method, from
    /// calling that method here and now (it must not wait).
    /// What an interface value's `Error` or `String` method returns, if it has one.
    fn stringer(
        &mut self,
        v: &Value,
        nb: usize,
        cx: &mut Context<'_>,
    ) -> Result<Option<String>, String> {
        let Value::Iface(iv) = v else { return Ok(None) };
        self.text_method(iv.0, &iv.1, nb, cx)
    }

    /// What `v`'s `Error` (first) or `String` method returns, `v` being of type `t`, if
    /// that type has one; run at once, in frames from stack slot `nb`.
    fn text_method(
        &mut self,
        t: TypeId,
        v: &Value,
        nb: usize,
        cx: &mut Context<'_>,
    ) -> Result<Option<String>, String> {
        for name in ["Error", "String"] {
            match self.call_method(t, v, name, nb, cx)? {
                Called::Returned(r) => return Ok(Some(r.as_str().to_string())),
                // fmt prints a nil pointer whose method would dereference it as <nil>.
                Called::NilReceiver => return Ok(Some("<nil>".into())),
                Called::NoMethod => {}
            }
        }
        Ok(None)
    }

    /// Calls method `name` (without arguments) of `v`, of type `t`, at once, in frames
    /// from stack slot `nb`, and gives its first result: for the library's calls of the
    /// program's methods (fmt's `String`, errors' `Unwrap`).
    fn call_method(
        &mut self,
        t: TypeId,
        v: &Value,
        name: &str,
        nb: usize,
        cx: &mut Context<'_>,
    ) -> Result<Called, String> {
        let prog = self.run.prog.clone();
        let (t, ptr) = match prog.types.get(t) {
            Type::Ptr(e) => (*e, true),
            _ => (t, false),
        };
        let Some(&(fid, ptr_recv)) = prog.methods.get(&(t, name.to_string())) else {
            return Ok(Called::NoMethod);
        };
        if ptr_recv && !ptr {
            return Ok(Called::NoMethod);
        }
        let recv = if ptr && !ptr_recv {
            match v {
                Value::Ptr(p) => p.slot().load(),
                Value::Nil => return Ok(Called::NilReceiver),
                v => copy_value(&prog, t, v),
            }
        } else {
            v.clone()
        };
        let what = format!("a {name} method");
        self.run_now(fid, None, vec![recv], nb, &what, cx)
            .map(Called::Returned)
    }

    /// Runs function `func` (a closure's, with its captures) on `args` at once, in frames
    /// from stack slot `nb`, and gives its first result: the library calling the program
    /// back (`String` methods, `sort.Slice`'s less). `what` names it should it block.
    fn run_now(
        &mut self,
        func: u32,
        closure: Option<Arc<Closure>>,
        args: Vec<Value>,
        nb: usize,
        what: &str,
        cx: &mut Context<'_>,
    ) -> Result<Value, String> {
        // Each nested call (a String method that prints with a String method ...) is a
        // call of the VM's own on the thread's stack: bounded like a goroutine's stack.
        if self.nested >= MAX_NESTED_METHOD_CALLS {
            return Err(STACK_OVERFLOW.into());
        }
        self.nested += 1;
        let saved = self.sync_stop.replace(self.frames.len());
        self.push_call(func, nb, closure, args, false);
        let stop = self.exec(cx);
        self.nested -= 1;
        self.sync_stop = saved;
        match stop {
            Stop::Done => Ok(std::mem::take(&mut self.stack[nb])),
            Stop::Panic(m) => Err(m),
            Stop::Pending => Err(format!(
                "fatal error: {what} that waits is not supported here"
            )),
        }
    }

    /// sort.Slice and sort.SliceStable: a stable binary insertion sort of the slice in
    /// place, asking the program's `less(i, j)` about the slice as it is being sorted (as
    /// Go's does; for up to 12 elements Go's sort.Slice is an insertion sort too, so ties
    /// come out as in Go).
    fn sort_slice(&mut self, a: &[Value], nb: usize, cx: &mut Context<'_>) -> Result<(), String> {
        let sv = match &a[0] {
            Value::Iface(i) => match &i.1 {
                Value::Slice(sv) => sv.clone(),
                Value::Nil => return Ok(()),
                _ => return Err("panic: reflect: call of Swapper on a non-slice".into()),
            },
            _ => return Ok(()),
        };
        let Value::Func(less) = &a[1] else {
            return Err(nil_deref());
        };
        let mut less_at = |g: &mut Goroutine, i: usize, j: usize| -> Result<bool, String> {
            let args = vec![Value::Int(i as i64), Value::Int(j as i64)];
            let r = g.run_now(
                less.func,
                Some(less.clone()),
                args,
                nb,
                "a less function",
                cx,
            )?;
            Ok(matches!(r, Value::Bool(true)))
        };
        for k in 1..sv.len {
            // The first place whose element the k-th sorts before.
            let (mut lo, mut hi) = (0, k);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if less_at(self, k, mid)? {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            if lo < k {
                let moving = sv.slot(k).load();
                for at in (lo..k).rev() {
                    sv.slot(at + 1).store(sv.slot(at).load());
                }
                sv.slot(lo).store(moving);
            }
        }
        Ok(())
    }

    /// What error `e` wraps: a library error's wrapped error, or what its `Unwrap` method
    /// returns.
    fn unwrap(&mut self, e: &Value, nb: usize, cx: &mut Context<'_>) -> Result<Value, String> {
        if let Some(w) = gofmt::unwrap_error(e) {
            return Ok(w);
        }
        let Value::Iface(iv) = e else {
            return Ok(Value::Nil);
        };
        Ok(match self.call_method(iv.0, &iv.1, "Unwrap", nb, cx)? {
            Called::Returned(w) => w,
            _ => Value::Nil,
        })
    }

    /// errors.Is, errors.Unwrap and errors.As, which follow the chain of wrapped errors
    /// through the program's `Unwrap` methods too.
    fn errors_native(
        &mut self,
        n: Native,
        a: Values,
        nb: usize,
        cx: &mut Context<'_>,
    ) -> Result<Values, String> {
        let prog = self.run.prog.clone();
        let mut cur = a[0].clone();
        if n == Native::ErrorsUnwrap {
            return Ok(smallvec![self.unwrap(&cur, nb, cx)?]);
        }
        // As: the variable the target points to, and its type.
        let target = match (&a.get(1), n) {
            (Some(Value::Iface(t)), Native::ErrorsAs) => match prog.types.get(t.0) {
                Type::Ptr(elem) => Some((t.1.clone(), *elem)),
                _ => return Err("panic: errors: target must be a non-nil pointer".into()),
            },
            _ => None,
        };
        if target.is_none() && (matches!(cur, Value::Nil) || matches!(a[1], Value::Nil)) {
            return Ok(smallvec![Value::Bool(equal(&prog, &cur, &a[1], false))]);
        }
        while !matches!(cur, Value::Nil) {
            let found = match &target {
                None => equal(&prog, &cur, &a[1], false),
                Some((ptr, elem)) => {
                    let Value::Iface(iv) = &cur else { break };
                    let value = if prog.types.is_interface(*elem) {
                        missing_method(&prog, iv.0, *elem)
                            .is_none()
                            .then(|| cur.clone())
                    } else {
                        (iv.0 == *elem).then(|| iv.1.clone())
                    };
                    match value {
                        Some(v) => store_through(ptr, v),
                        None => false,
                    }
                }
            };
            if found {
                return Ok(smallvec![Value::Bool(true)]);
            }
            cur = self.unwrap(&cur, nb, cx)?;
        }
        Ok(smallvec![Value::Bool(false)])
    }

    /// fmt's printing functions, calling the program's `String` and `Error` methods on
    /// what they print (the first that panics ends the call with its panic).
    fn fmt_native(
        &mut self,
        n: Native,
        a: Values,
        above: usize,
        cx: &mut Context<'_>,
    ) -> Result<Values, String> {
        use Native::*;
        let prog = self.run.prog.clone();
        let s = |i: usize| a.get(i).map_or("", |v| v.as_str());
        let one = |v: Value| Ok(smallvec![v]);
        let mut calls = MethodCalls {
            g: self,
            cx,
            above,
            failed: None,
        };
        let result = match n {
            Println | Print => {
                let mut t = if n == Println {
                    gofmt::sprintln(&prog, &mut calls, &a)
                } else {
                    gofmt::sprint(&prog, &mut calls, &a)
                };
                if n == Println {
                    t.push('\n');
                }
                calls.g.out(Stream::Stdout, t);
                Ok(smallvec![])
            }
            Printf => {
                let t = gofmt::sprintf(&prog, &mut calls, s(0), &a[1..]);
                calls.g.out(Stream::Stdout, t);
                Ok(smallvec![])
            }
            Fprint | Fprintln | Fprintf => {
                let mut t = match n {
                    Fprintf => gofmt::sprintf(&prog, &mut calls, s(1), &a[2..]),
                    Fprintln => gofmt::sprintln(&prog, &mut calls, &a[1..]) + "\n",
                    _ => gofmt::sprint(&prog, &mut calls, &a[1..]),
                };
                let written = Value::Int(t.len() as i64);
                match &a[0] {
                    Value::Iface(w) => match &w.1 {
                        Value::Int(1) => calls.g.out(Stream::Stdout, t),
                        Value::Int(2) => calls.g.out(Stream::Stderr, t),
                        Value::Sync(o) => match o.as_ref() {
                            SyncObj::Builder(text) => {
                                calls.g.alloc(t.len() as u64)?;
                                text.lock().unwrap_or_else(|e| e.into_inner()).push_str(&t);
                            }
                            _ => t.clear(),
                        },
                        _ => t.clear(),
                    },
                    _ => return Err(nil_deref()),
                }
                Ok(smallvec![written, Value::Nil])
            }
            Sprintf => one(Value::str(&gofmt::sprintf(
                &prog,
                &mut calls,
                s(0),
                &a[1..],
            ))),
            Sprint => one(Value::str(&gofmt::sprint(&prog, &mut calls, &a))),
            Sprintln => one(Value::str(&(gofmt::sprintln(&prog, &mut calls, &a) + "\n"))),
            Errorf => {
                let msg = gofmt::sprintf(&prog, &mut calls, s(0), &a[1..]);
                let wrapped = if s(0).contains("%w") {
                    a[1..]
                        .iter()
                        .find(|v| {
                            matches!(v, Value::Iface(i) if missing_method(&prog, i.0, ids::ERROR).is_none())
                        })
                        .cloned()
                        .unwrap_or_default()
                } else {
                    Value::Nil
                };
                one(gofmt::new_error(&msg, wrapped))
            }
            _ => unreachable!("{n:?} is not one of fmt's printing functions"),
        };
        match calls.failed.take() {
            Some(m) => Err(m),
            None => result,
        }
    }

    fn alloc(&self, bytes: u64) -> Result<(), String> {
        let total = self.run.memory.fetch_add(bytes, Relaxed) + bytes;
        if total > self.run.limits.max_memory_bytes {
            return Err(format!(
                "fatal error: out of memory: the program allocated more than the limit of {} bytes",
                self.run.limits.max_memory_bytes
            ));
        }
        Ok(())
    }

    fn check_budget(&mut self, cx: &mut Context<'_>) -> Option<Stop> {
        if interleave_engine::stop::requested() {
            self.run.stopped.store(true, SeqCst);
            self.ctx.end_run();
            self.wait = Wait::Yield;
            cx.waker().wake_by_ref();
            return Some(Stop::Pending);
        }
        let now = self.ctx.now();
        if now > self.run.limits.max_run_ns {
            return Some(Stop::Panic(format!(
                "fatal error: the program ran longer than the limit of {}",
                gofmt::duration(self.run.limits.max_run_ns as i64)
            )));
        }
        // A String method or a sort's less that fmt or sort runs at once cannot yield; it
        // finishes its turn, as the library call around it would in Go.
        let turn_start = *self.turn_start.get_or_insert(now);
        if self.sync_stop.is_none() && now.saturating_sub(turn_start) > SLICE_NS {
            self.wait = Wait::Yield;
            cx.waker().wake_by_ref();
            return Some(Stop::Pending);
        }
        None
    }

    fn append(&self, s: &Value, vals: Vec<Value>, et: TypeId) -> Result<Value, String> {
        let prog = &self.run.prog;
        let (arr, off, len, cap) = match s {
            Value::Slice(sl) => (Some(sl.arr.clone()), sl.off, sl.len, sl.cap),
            _ => (None, 0, 0, 0),
        };
        let n = vals.len();
        if let (Some(a), true) = (&arr, len + n <= cap) {
            for (i, v) in vals.into_iter().enumerate() {
                a[off + len + i].store(v);
            }
            return Ok(Value::Slice(SliceV {
                arr: a.clone(),
                off,
                len: len + n,
                cap,
            }));
        }
        let ncap = grown_cap(cap, len + n, go_size(prog, et));
        self.alloc((ncap - cap) as u64 * SLOT_BYTES)?;
        let mut slots: Vec<Slot> = Vec::with_capacity(ncap);
        if let Some(a) = &arr {
            for i in 0..len {
                slots.push(Slot::new(a[off + i].load()));
            }
        }
        for v in vals {
            slots.push(Slot::new(v));
        }
        let z = zero(prog, et);
        while slots.len() < ncap {
            slots.push(Slot::new(copy_value(prog, et, &z)));
        }
        Ok(Value::Slice(SliceV {
            arr: Arc::new(slots),
            off: 0,
            len: len + n,
            cap: ncap,
        }))
    }

    /// The method `name` (an index of the program's names) of the dynamic type of the
    /// interface value `iv`, and the receiver it is called on: the value itself, or, for
    /// a method with a value receiver on a pointer, a copy of what it points to. A method
    /// value (`bound`) keeps the struct pointed to, not a copy, since Go reads it when the
    /// method value is called (`f := s.Area; s.Scale(2); f()` sees the scaled value).
    fn iface_method(
        &self,
        iv: &(TypeId, Value),
        name: u32,
        bound: bool,
    ) -> Result<(u32, Value), String> {
        let prog = &self.run.prog;
        let name = &prog.names[name as usize];
        let (dyn_t, deref) = match prog.types.get(iv.0) {
            Type::Ptr(e) => (*e, true),
            _ => (iv.0, false),
        };
        let Some(&(fid, ptr)) = prog.methods.get(&(dyn_t, name.clone())) else {
            return Err(format!(
                "panic: method {name} not found on {}",
                prog.types.name(iv.0)
            ));
        };
        let recv = match &iv.1 {
            Value::Ptr(p) if deref && !ptr => p.slot().load(),
            v if deref && !ptr && !bound => copy_value(prog, dyn_t, v),
            v => v.clone(),
        };
        Ok((fid, recv))
    }

    /// Calls a deferred callee; Ok(true) when a frame was pushed.
    fn call_callee(
        &mut self,
        callee: Callee,
        nb: usize,
        args: Vec<Value>,
        cx: &mut Context<'_>,
    ) -> Result<bool, String> {
        match callee {
            Callee::Func(f) => {
                self.push_call(f, nb, None, args, true);
                Ok(true)
            }
            Callee::Value => {
                let mut it = args.into_iter();
                let Some(Value::Func(c)) = it.next() else {
                    return Err(nil_deref());
                };
                self.push_call(c.func, nb, Some(c.clone()), it.collect(), true);
                Ok(true)
            }
            Callee::Native(n, spread) => {
                let mut args = Values::from_vec(args);
                if spread && let Some(last) = args.pop() {
                    args.extend(elems(&last));
                }
                self.native(n, args, nb, cx)?;
                Ok(false)
            }
            Callee::Block(b) => {
                let v = args.into_iter().next().unwrap_or_default();
                // A deferred Lock or Wait: rare; it blocks like any other.
                if self.block(b, v, cx)? {
                    return Err("panic: a deferred call that waits is not supported here".into());
                }
                Ok(false)
            }
            Callee::Iface(n) => {
                let prog = self.run.prog.clone();
                let Some(Value::Iface(iv)) = args.first().cloned() else {
                    return Err(nil_deref());
                };
                let name = &prog.names[n as usize];
                let dyn_t = match prog.types.get(iv.0) {
                    Type::Ptr(e) => *e,
                    _ => iv.0,
                };
                let Some(&(fid, _)) = prog.methods.get(&(dyn_t, name.clone())) else {
                    return Err(format!("panic: method {name} not found"));
                };
                let mut args = args;
                args[0] = iv.1.clone();
                self.push_call(fid, nb, None, args, true);
                Ok(true)
            }
        }
    }

    /// Tries a locked mutex a few times before queueing, as Go's `Lock` spins while
    /// other Ps run (`sync_runtime_canSpin`: 4 rounds of 30 `PAUSE`s): a critical section
    /// on another worker is often over sooner than parking and waking would take.
    fn spun_for_lock(&self, o: &SyncObj) -> bool {
        if o.try_lock() {
            return true;
        }
        if !self.run.procs.parallel() {
            return false;
        }
        for _ in 0..SPIN_ROUNDS {
            if !o.worth_spinning() {
                return false;
            }
            (0..SPIN_PAUSES).for_each(|_| std::hint::spin_loop());
            if o.try_lock() {
                return true;
            }
        }
        false
    }

    /// Locks `o` (for writing unless `read`) or parks on it; true when parked. `retry`
    /// is when a writer woken to try again first waited.
    fn lock_or_park(
        &mut self,
        o: Arc<SyncObj>,
        read: bool,
        retry: Option<u64>,
        cx: &mut Context<'_>,
    ) -> bool {
        let mut queued = None;
        let got = o.lock(read, retry.is_some(), || {
            let since = retry.unwrap_or_else(|| self.ctx.now());
            let w = Waiter::new(cx.waker());
            queued = Some((w.clone(), since));
            (w, since)
        });
        match (got, queued) {
            (Acquire::Wait, Some((w, since))) => {
                self.wait = Wait::On(w, since, SpanKind::LockWait, Then::Relock(o, read));
                true
            }
            _ => false,
        }
    }

    /// A library call that may wait: Ok(true) when the goroutine must park.
    fn block(&mut self, b: Blocking, v: Value, cx: &mut Context<'_>) -> Result<bool, String> {
        match b {
            Blocking::Sleep => {
                let ns = v.as_int();
                if self.ctx.now().saturating_add(ns.max(0) as u64) > self.run.limits.max_run_ns {
                    // A sleep past the run's time limit: the run ends now, not then.
                    return Err(format!(
                        "fatal error: the program would run longer than the limit of {}",
                        gofmt::duration(self.run.limits.max_run_ns as i64)
                    ));
                }
                if ns <= 0 {
                    self.wait = Wait::Yield;
                    cx.waker().wake_by_ref();
                    return Ok(true);
                }
                let mut p = self.ctx.park(ns as u64);
                if Pin::new(&mut p).poll(cx).is_ready() {
                    return Ok(false);
                }
                self.wait = Wait::Park(p);
                Ok(true)
            }
            Blocking::Gosched => {
                self.wait = Wait::Yield;
                cx.waker().wake_by_ref();
                Ok(true)
            }
            Blocking::Lock | Blocking::RLock => {
                let Value::Sync(o) = v else {
                    return Err(nil_deref());
                };
                let read = b == Blocking::RLock;
                if !read && self.spun_for_lock(&o) {
                    return Ok(false);
                }
                Ok(self.lock_or_park(o, read, None, cx))
            }
            Blocking::WgWait => {
                let Value::Sync(o) = v else {
                    return Err(nil_deref());
                };
                let mut w = None;
                if o.wg_wait(|| {
                    let x = Waiter::new(cx.waker());
                    w = Some(x.clone());
                    x
                }) {
                    return Ok(false);
                }
                if let Some(w) = w {
                    self.wait = Wait::On(w, self.ctx.now(), SpanKind::LockWait, Then::Resume);
                }
                Ok(true)
            }
        }
    }

    /// Runs library function `n` on `a`; fmt's functions may call the program's `String`
    /// and `Error` methods, in frames from stack slot `above`.
    fn native(
        &mut self,
        n: Native,
        a: Values,
        above: usize,
        cx: &mut Context<'_>,
    ) -> Result<Values, String> {
        use Native::*;
        if matches!(
            n,
            Println
                | Print
                | Printf
                | Sprintf
                | Sprint
                | Sprintln
                | Errorf
                | Fprint
                | Fprintln
                | Fprintf
        ) {
            return self.fmt_native(n, a, above, cx);
        }
        if matches!(n, ErrorsIs | ErrorsUnwrap | ErrorsAs) {
            return self.errors_native(n, a, above, cx);
        }
        if n == SortSlice {
            return self.sort_slice(&a, above, cx).map(|()| Values::new());
        }
        let s = |i: usize| a.get(i).map_or("", |v| v.as_str());
        let i = |k: usize| a.get(k).map_or(0, |v| v.as_int());
        let f = |k: usize| a.get(k).map_or(0.0, |v| v.as_float());
        let one = |v: Value| Ok(smallvec![v]);
        let strs = |v: Vec<&str>| slice_of(v.into_iter().map(Value::str).collect());
        match n {
            Println | Print | Printf | Sprintf | Sprint | Sprintln | Errorf | Fprint | Fprintln
            | Fprintf | ErrorsIs | ErrorsUnwrap | ErrorsAs | SortSlice => {
                unreachable!("fmt's and errors' functions call methods: see fmt_native")
            }
            ErrorsNew => one(gofmt::new_error(s(0), Value::Nil)),
            Repeat => {
                if i(1) < 0 {
                    return Err("panic: strings: negative Repeat count".into());
                }
                self.alloc(s(0).len() as u64 * i(1) as u64)?;
                one(Value::str(&s(0).repeat(i(1) as usize)))
            }
            Join => {
                let parts: Vec<String> = elems(&a[0])
                    .iter()
                    .map(|v| v.as_str().to_string())
                    .collect();
                one(Value::str(&parts.join(s(1))))
            }
            Contains => one(Value::Bool(s(0).contains(s(1)))),
            Split => one(if s(1).is_empty() {
                slice_of(s(0).chars().map(|c| Value::str(&c.to_string())).collect())
            } else {
                strs(s(0).split(s(1)).collect())
            }),
            ToUpper => one(Value::str(&s(0).to_uppercase())),
            ToLower => one(Value::str(&s(0).to_lowercase())),
            Fields => one(strs(s(0).split_whitespace().collect())),
            HasPrefix => one(Value::Bool(s(0).starts_with(s(1)))),
            HasSuffix => one(Value::Bool(s(0).ends_with(s(1)))),
            Index => one(Value::Int(s(0).find(s(1)).map_or(-1, |p| p as i64))),
            TrimSpace => one(Value::str(s(0).trim())),
            ReplaceAll => one(Value::str(&s(0).replace(s(1), s(2)))),
            Itoa => one(Value::str(&i(0).to_string())),
            Count => one(Value::Int(if s(1).is_empty() {
                s(0).chars().count() as i64 + 1
            } else {
                s(0).matches(s(1)).count() as i64
            })),
            EqualFold => one(Value::Bool(s(0).to_lowercase() == s(1).to_lowercase())),
            LastIndex => one(Value::Int(s(0).rfind(s(1)).map_or(-1, |p| p as i64))),
            Replace => one(Value::str(&if i(3) < 0 {
                s(0).replace(s(1), s(2))
            } else {
                s(0).replacen(s(1), s(2), i(3) as usize)
            })),
            Trim => one(Value::str(s(0).trim_matches(|c| s(1).contains(c)))),
            TrimPrefix => one(Value::str(s(0).strip_prefix(s(1)).unwrap_or(s(0)))),
            TrimSuffix => one(Value::str(s(0).strip_suffix(s(1)).unwrap_or(s(0)))),
            TrimLeft => one(Value::str(s(0).trim_start_matches(|c| s(1).contains(c)))),
            TrimRight => one(Value::str(s(0).trim_end_matches(|c| s(1).contains(c)))),
            SplitN => one(match i(2) {
                0 => Value::Nil,
                n if n < 0 => strs(s(0).split(s(1)).collect()),
                n if s(1).is_empty() => {
                    // Split into characters, the last piece holding the rest.
                    let mut pieces: Vec<&str> = Vec::new();
                    let mut rest = s(0);
                    while let Some(c) = rest.chars().next() {
                        if pieces.len() + 1 == n as usize {
                            break;
                        }
                        pieces.push(&rest[..c.len_utf8()]);
                        rest = &rest[c.len_utf8()..];
                    }
                    if !rest.is_empty() {
                        pieces.push(rest);
                    }
                    strs(pieces)
                }
                n => strs(s(0).splitn(n as usize, s(1)).collect()),
            }),
            ContainsRune => one(Value::Bool(
                char::from_u32(i(1) as u32).is_some_and(|c| s(0).contains(c)),
            )),
            ContainsAny => one(Value::Bool(s(0).contains(|c| s(1).contains(c)))),
            IndexByte => one(Value::Int(
                s(0).bytes()
                    .position(|b| i64::from(b) == i(1))
                    .map_or(-1, |p| p as i64),
            )),
            IndexRune => one(Value::Int(
                char::from_u32(i(1) as u32)
                    .and_then(|c| s(0).find(c))
                    .map_or(-1, |p| p as i64),
            )),
            Title => {
                // Go's (deprecated) Title: the first letter of each word upper-cased.
                let mut out = String::with_capacity(s(0).len());
                let mut prev_letter = false;
                for c in s(0).chars() {
                    if prev_letter {
                        out.push(c);
                    } else {
                        out.extend(c.to_uppercase());
                    }
                    prev_letter = c.is_alphanumeric() || c == '_';
                }
                one(Value::str(&out))
            }
            Compare => one(Value::Int(s(0).cmp(s(1)) as i64)),
            Cut => Ok(match s(0).split_once(s(1)) {
                Some((before, after)) => {
                    smallvec![Value::str(before), Value::str(after), Value::Bool(true)]
                }
                None => smallvec![Value::str(s(0)), Value::str(""), Value::Bool(false)],
            }),
            Sin => one(Value::Float(f(0).sin())),
            Cos => one(Value::Float(f(0).cos())),
            Tan => one(Value::Float(f(0).tan())),
            Asin => one(Value::Float(f(0).asin())),
            Acos => one(Value::Float(f(0).acos())),
            Atan => one(Value::Float(f(0).atan())),
            Atan2 => one(Value::Float(f(0).atan2(f(1)))),
            Log2 => one(Value::Float(f(0).log2())),
            Log10 => one(Value::Float(f(0).log10())),
            Cbrt => one(Value::Float(f(0).cbrt())),
            Signbit => one(Value::Bool(f(0).is_sign_negative())),
            Atoi => {
                let text = s(0);
                let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
                let fail = |why: &str| {
                    Ok(smallvec![
                        Value::Int(0),
                        gofmt::new_error(
                            &format!("strconv.Atoi: parsing {}: {why}", gofmt::quote(text)),
                            Value::Nil,
                        ),
                    ])
                };
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return fail("invalid syntax");
                }
                match text.parse::<i64>() {
                    Ok(v) => Ok(smallvec![Value::Int(v), Value::Nil]),
                    Err(_) => fail("value out of range"),
                }
            }
            SortInts | SortStrings | SortFloats => {
                let Value::Slice(sv) = &a[0] else {
                    return Ok(smallvec![]);
                };
                let mut items: Vec<Value> = (0..sv.len).map(|k| sv.slot(k).load()).collect();
                match n {
                    SortInts => items.sort_by_key(Value::as_int),
                    SortStrings => items.sort_by(|x, y| x.as_str().cmp(y.as_str())),
                    _ => items.sort_by(|x, y| x.as_float().total_cmp(&y.as_float())),
                }
                for (k, v) in items.into_iter().enumerate() {
                    sv.slot(k).store(v);
                }
                Ok(smallvec![])
            }
            Tick | NewTicker | NewTimer => {
                // A channel a goroutine of the VM sends the time on: every period (like Go's
                // ticker it drops ticks a slow receiver misses), or once for a timer; until
                // the state word says stopped.
                let ns = i(0);
                let ch = Arc::new(Chan::new(1, Value::Int(0)));
                let state = Arc::new(SyncObj::Atomic(AtomicI64::new(0)));
                let c = Value::Chan(ch.clone());
                let (made, label) = match n {
                    Tick if ns <= 0 => return one(Value::Nil),
                    Tick => (c, "time.Tick"),
                    NewTicker if ns <= 0 => {
                        return Err("panic: non-positive interval for NewTicker".into());
                    }
                    _ => (
                        Value::Struct(Arc::new(Obj {
                            fields: vec![Slot::new(c), Slot::new(Value::Sync(state.clone()))]
                                .into_boxed_slice(),
                        })),
                        if n == NewTicker {
                            "time.NewTicker"
                        } else {
                            "time.NewTimer"
                        },
                    ),
                };
                let once = n == NewTimer;
                let epoch = self.run.epoch_ns;
                let label = self.ctx.label(label);
                self.ctx.spawn_labelled(label, move |ctx| async move {
                    let SyncObj::Atomic(word) = state.as_ref() else {
                        return;
                    };
                    loop {
                        ctx.park(ns.max(0) as u64).await;
                        if once {
                            if word.compare_exchange(0, 2, SeqCst, SeqCst).is_ok() {
                                let _ = ch.send(Value::Int(epoch + ctx.now() as i64), None);
                            }
                            return;
                        }
                        if word.load(SeqCst) != 0 {
                            return;
                        }
                        if ch.is_empty() {
                            let _ = ch.send(Value::Int(epoch + ctx.now() as i64), None);
                        }
                    }
                });
                one(made)
            }
            TimerStop => {
                // Stop: true when it stopped a timer that had not fired.
                let stopped = match &a[0] {
                    Value::Struct(o) => match o.fields[1].load() {
                        Value::Sync(s) => match s.as_ref() {
                            SyncObj::Atomic(word) => {
                                word.compare_exchange(0, 1, SeqCst, SeqCst).is_ok()
                            }
                            _ => false,
                        },
                        _ => false,
                    },
                    _ => return Err(nil_deref()),
                };
                one(Value::Bool(stopped))
            }
            Exp => one(Value::Float(f(0).exp())),
            Hypot => one(Value::Float(f(0).hypot(f(1)))),
            IsNaN => one(Value::Bool(f(0).is_nan())),
            IsInf => one(Value::Bool(
                f(0).is_infinite() && (i(1) == 0 || (i(1) > 0) == (f(0) > 0.0)),
            )),
            Log => one(Value::Float(f(0).ln())),
            Mod => one(Value::Float(f(0) % f(1))),
            NaN => one(Value::Float(f64::NAN)),
            Round => one(Value::Float(f(0).round())),
            Trunc => one(Value::Float(f(0).trunc())),
            DurMinutes => one(Value::Float(gofmt::duration_in(i(0), 60_000_000_000))),
            DurHours => one(Value::Float(gofmt::duration_in(i(0), 3_600_000_000_000))),
            DurNanos => one(Value::Int(i(0))),
            CloseChan => match &a[0] {
                Value::Chan(ch) if ch.close() => Ok(smallvec![]),
                Value::Chan(_) => Err("panic: close of closed channel".into()),
                _ => Err("panic: close of nil channel".into()),
            },
            DurTruncate => one(Value::Int(if i(1) <= 0 {
                i(0)
            } else {
                i(0) - i(0) % i(1)
            })),
            DurRound => {
                let (d, m) = (i(0), i(1));
                if m <= 0 {
                    return one(Value::Int(d));
                }
                let r = d % m;
                let v = if d < 0 {
                    let r = -r;
                    if r + r < m { d + r } else { d - m + r }
                } else if r + r < m {
                    d - r
                } else {
                    d + m - r
                };
                one(Value::Int(v))
            }
            Sqrt => one(Value::Float(f(0).sqrt())),
            Pow => one(Value::Float(f(0).powf(f(1)))),
            Abs => one(Value::Float(f(0).abs())),
            Floor => one(Value::Float(f(0).floor())),
            Ceil => one(Value::Float(f(0).ceil())),
            Max => one(Value::Float(f(0).max(f(1)))),
            Min => one(Value::Float(f(0).min(f(1)))),
            Inf => one(Value::Float(if i(0) >= 0 {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            })),
            Intn => {
                if i(0) <= 0 {
                    return Err("panic: invalid argument to Intn".into());
                }
                one(Value::Int((self.run.rand() % i(0) as u64) as i64))
            }
            RandFloat => one(Value::Float(
                (self.run.rand() >> 11) as f64 / (1u64 << 53) as f64,
            )),
            RandInt => one(Value::Int((self.run.rand() >> 1) as i64)),
            Perm => {
                let n = i(0).max(0) as usize;
                let mut p: Vec<i64> = (0..n as i64).collect();
                for k in (1..n).rev() {
                    let j = (self.run.rand() % (k as u64 + 1)) as usize;
                    p.swap(k, j);
                }
                one(slice_of(p.into_iter().map(Value::Int).collect()))
            }
            NewSource => one(Value::Int(i(0))),
            NewRand => one(Value::Sync(Arc::new(SyncObj::Atomic(
                std::sync::atomic::AtomicI64::new(i(0)),
            )))),
            RIntn | RInt | RFloat => {
                let Value::Sync(o) = &a[0] else {
                    return Err(nil_deref());
                };
                let SyncObj::Atomic(st) = &**o else {
                    return Err(nil_deref());
                };
                // splitmix64 over the generator's own state: a seed gives one sequence.
                let mut x = (st.fetch_add(0x9E37_79B9_7F4A_7C15u64 as i64, SeqCst) as u64)
                    .wrapping_add(0x9E37_79B9_7F4A_7C15);
                x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                x ^= x >> 31;
                match n {
                    RIntn => {
                        if i(1) <= 0 {
                            return Err("panic: invalid argument to Intn".into());
                        }
                        one(Value::Int((x % i(1) as u64) as i64))
                    }
                    RInt => one(Value::Int((x >> 1) as i64)),
                    _ => one(Value::Float((x >> 11) as f64 / (1u64 << 53) as f64)),
                }
            }
            Now => one(Value::Int(self.run.epoch_ns + self.ctx.now() as i64)),
            Since => one(Value::Int(self.run.epoch_ns + self.ctx.now() as i64 - i(0))),
            TimeUnix => one(Value::Int(i(0).div_euclid(1_000_000_000))),
            TimeUnixMilli => one(Value::Int(i(0).div_euclid(1_000_000))),
            TimeUnixNano => one(Value::Int(i(0))),
            RandSeed => {
                self.run
                    .rng
                    .store(i(0) as u64 ^ 0x2545_F491_4F6C_DD1D, Relaxed);
                Ok(smallvec![])
            }
            TimeSub => one(Value::Int(i(0) - i(1))),
            TimeAdd => one(Value::Int(i(0) + i(1))),
            TimeBefore => one(Value::Bool(i(0) < i(1))),
            TimeAfter => one(Value::Bool(i(0) > i(1))),
            TimeEqual => one(Value::Bool(i(0) == i(1))),
            DurString => one(Value::str(&gofmt::duration(i(0)))),
            DurSeconds => one(Value::Float(gofmt::duration_in(i(0), 1_000_000_000))),
            DurMillis => one(Value::Int(i(0) / 1_000_000)),
            DurMicros => one(Value::Int(i(0) / 1_000)),
            After => {
                // A channel that a goroutine of the VM fills after the duration.
                let ch = Arc::new(Chan::new(1, Value::Int(0)));
                let (c2, ns, run) = (ch.clone(), i(0).max(0) as u64, self.run.clone());
                let epoch = self.run.epoch_ns;
                let label = self.ctx.label("time.After");
                self.run.live.fetch_add(1, SeqCst);
                self.ctx.spawn_labelled(label, move |ctx| async move {
                    ctx.park(ns).await;
                    let _ = c2.send(Value::Int(epoch + ctx.now() as i64), None);
                    run.live.fetch_sub(1, SeqCst);
                });
                one(Value::Chan(ch))
            }
            NumCPU => one(Value::Int(i64::from(self.run.cpus))),
            NumGoroutine => one(Value::Int(self.run.live.load(SeqCst) as i64)),
            GoMaxProcs => {
                // GOMAXPROCS(n) limits how many goroutines run at once from the next turns
                // on (crate::procs); n < 1 only reads it, as in Go.
                let n = i(0);
                let old = if n > 0 {
                    self.run.procs.set_limit(n.min(i64::from(u32::MAX)) as u32)
                } else {
                    self.run.procs.limit()
                };
                one(Value::Int(i64::from(old)))
            }
            Atomic(op, word) => {
                let (w, kind) = match (word, &a[0]) {
                    (AtomicWord::Ptr(kind), Value::Ptr(p)) => (p.slot().atomic(), Some(kind)),
                    (AtomicWord::Ptr(kind), Value::Cell(c)) => (c.atomic(), Some(kind)),
                    (AtomicWord::Int(kind), Value::Sync(o)) => (o.atomic_word(), Some(kind)),
                    (AtomicWord::Bool, Value::Sync(o)) => (o.atomic_word(), None),
                    _ => (None, None),
                };
                let Some(w) = w else {
                    return Err(nil_deref());
                };
                Ok(atomic(op, w, kind, i(1), i(2)).into_iter().collect())
            }
            ErrorString => one(Value::str(&gofmt::error_text(&a[0]))),
            WgAdd | WgDone => {
                let Value::Sync(o) = &a[0] else {
                    return Err(nil_deref());
                };
                let d = if n == WgDone { -1 } else { i(1) };
                if !o.wg_add(d) {
                    return Err("panic: sync: negative WaitGroup counter".into());
                }
                Ok(smallvec![])
            }
            BuilderWrite | BuilderString | BuilderLen | BuilderReset => {
                let Value::Sync(o) = &a[0] else {
                    return Err(nil_deref());
                };
                let SyncObj::Builder(text) = o.as_ref() else {
                    return Err(nil_deref());
                };
                let mut text = text.lock().unwrap_or_else(|e| e.into_inner());
                match n {
                    BuilderWrite => {
                        let piece = match &a[1] {
                            Value::Int(c) => char::from_u32(*c as u32)
                                .unwrap_or(char::REPLACEMENT_CHARACTER)
                                .to_string(),
                            v => v.as_str().to_string(),
                        };
                        self.alloc(piece.len() as u64)?;
                        text.push_str(&piece);
                        Ok(smallvec![Value::Int(piece.len() as i64), Value::Nil])
                    }
                    BuilderString => one(Value::str(&text)),
                    BuilderLen => one(Value::Int(text.len() as i64)),
                    _ => {
                        text.clear();
                        Ok(smallvec![])
                    }
                }
            }
            Unlock | RwUnlock | RUnlock => {
                let Value::Sync(o) = &a[0] else {
                    return Err(nil_deref());
                };
                if !o.unlock(n == RUnlock, || self.ctx.now()) {
                    return Err(match n {
                        RUnlock => "fatal error: sync: RUnlock of unlocked RWMutex".into(),
                        RwUnlock => "fatal error: sync: Unlock of unlocked RWMutex".into(),
                        _ => "fatal error: sync: unlock of unlocked mutex".into(),
                    });
                }
                Ok(smallvec![])
            }
            TryLock => {
                let Value::Sync(o) = &a[0] else {
                    return Err(nil_deref());
                };
                one(Value::Bool(o.try_lock()))
            }
        }
    }
}

impl SyncObj {
    fn end_once(&self) {
        self.once_end();
    }
}

/// A `sync/atomic` operation on the word `w`, holding an integer of `kind` (wrapped to its
/// width, as Go's `AddInt32` wraps) or a boolean (`None`); `x` and `y` are its operands
/// (the delta or the value, and the new value of a compare-and-swap). Its result, if any.
fn atomic(op: AtomicOp, w: &AtomicI64, kind: Option<IntKind>, x: i64, y: i64) -> Option<Value> {
    let wrap = |v: i64| kind.map_or((v != 0) as i64, |k| k.wrap(v));
    let value = |v: i64| match kind {
        Some(_) => Value::Int(v),
        None => Value::Bool(v != 0),
    };
    match op {
        AtomicOp::Add => {
            let old = w
                .fetch_update(SeqCst, SeqCst, |v| Some(wrap(v.wrapping_add(x))))
                .unwrap_or_else(|v| v);
            Some(value(wrap(old.wrapping_add(x))))
        }
        AtomicOp::Load => Some(value(w.load(SeqCst))),
        AtomicOp::Store => {
            w.store(wrap(x), SeqCst);
            None
        }
        AtomicOp::Swap => Some(value(w.swap(wrap(x), SeqCst))),
        AtomicOp::CompareAndSwap => Some(Value::Bool(
            w.compare_exchange(wrap(x), wrap(y), SeqCst, SeqCst).is_ok(),
        )),
    }
}

/// A fresh slice holding `vals`.
pub fn slice_of(vals: Vec<Value>) -> Value {
    let n = vals.len();
    Value::Slice(SliceV {
        arr: Arc::new(vals.into_iter().map(Slot::new).collect()),
        off: 0,
        len: n,
        cap: n,
    })
}

/// A slice's (or array's) elements.
pub fn elems(v: &Value) -> Vec<Value> {
    match v {
        Value::Slice(s) => (0..s.len).map(|i| s.slot(i).load()).collect(),
        _ => Vec::new(),
    }
}

fn slice_expr(x: &Value, lo: &Value, hi: &Value, max: &Value) -> Result<Value, String> {
    let bound = |v: &Value, d: usize| match v {
        Value::Nil => d,
        v => v.as_int().max(-1) as usize,
    };
    match x {
        Value::Str(s) => {
            let (l, h) = (bound(lo, 0), bound(hi, s.len()));
            if h > s.len() {
                return Err(rt(format!(
                    "slice bounds out of range [:{h}] with length {}",
                    s.len()
                )));
            }
            if l > h {
                return Err(rt(format!("slice bounds out of range [{l}:{h}]")));
            }
            let b = &s.as_bytes()[l..h];
            Ok(Value::str(&String::from_utf8_lossy(b)))
        }
        Value::Slice(s) => {
            let (l, h) = (bound(lo, 0), bound(hi, s.len));
            let m = bound(max, s.cap);
            if m > s.cap {
                return Err(rt(format!(
                    "slice bounds out of range [::{m}] with capacity {}",
                    s.cap
                )));
            }
            if !matches!(max, Value::Nil) && h > m {
                return Err(rt(format!("slice bounds out of range [:{h}:{m}]")));
            }
            if h > s.cap {
                return Err(rt(format!(
                    "slice bounds out of range [:{h}] with capacity {}",
                    s.cap
                )));
            }
            if l > h {
                return Err(rt(format!("slice bounds out of range [{l}:{h}]")));
            }
            Ok(Value::Slice(SliceV {
                arr: s.arr.clone(),
                off: s.off + l,
                len: h - l,
                cap: m - l,
            }))
        }
        Value::Nil => {
            let (l, h) = (bound(lo, 0), bound(hi, 0));
            if h > 0 || l > 0 {
                return Err(rt(format!(
                    "slice bounds out of range [:{h}] with capacity 0"
                )));
            }
            Ok(Value::Nil)
        }
        _ => Ok(Value::Nil),
    }
}

fn binop(op: BinOp, a: &Value, b: &Value) -> Result<Value, String> {
    use BinOp::*;
    Ok(match (a, b) {
        (Value::Int(x), Value::Int(y)) => {
            let (x, y) = (*x, *y);
            let (ux, uy) = (x as u64, y as u64);
            match op {
                Add => Value::Int(x.wrapping_add(y)),
                Sub => Value::Int(x.wrapping_sub(y)),
                Mul => Value::Int(x.wrapping_mul(y)),
                Div | Rem | UDiv | URem if y == 0 => return Err(rt("integer divide by zero")),
                Div => Value::Int(x.wrapping_div(y)),
                Rem => Value::Int(x.wrapping_rem(y)),
                UDiv => Value::Int((ux / uy) as i64),
                URem => Value::Int((ux % uy) as i64),
                And => Value::Int(x & y),
                Or => Value::Int(x | y),
                Xor => Value::Int(x ^ y),
                AndNot => Value::Int(x & !y),
                Shl | Shr | UShr if y < 0 => return Err(rt("negative shift amount")),
                Shl => Value::Int(if y >= 64 { 0 } else { x << y }),
                Shr => Value::Int(if y >= 64 {
                    if x < 0 { -1 } else { 0 }
                } else {
                    x >> y
                }),
                UShr => Value::Int(if y >= 64 { 0 } else { (ux >> y) as i64 }),
                Eq => Value::Bool(x == y),
                Ne => Value::Bool(x != y),
                Lt => Value::Bool(x < y),
                Le => Value::Bool(x <= y),
                Gt => Value::Bool(x > y),
                Ge => Value::Bool(x >= y),
                ULt => Value::Bool(ux < uy),
                ULe => Value::Bool(ux <= uy),
                UGt => Value::Bool(ux > uy),
                UGe => Value::Bool(ux >= uy),
            }
        }
        (Value::Float(_), _) | (_, Value::Float(_)) => {
            let (x, y) = (a.as_float(), b.as_float());
            match op {
                Add => Value::Float(x + y),
                Sub => Value::Float(x - y),
                Mul => Value::Float(x * y),
                Div => Value::Float(x / y),
                Eq => Value::Bool(x == y),
                Ne => Value::Bool(x != y),
                Lt => Value::Bool(x < y),
                Le => Value::Bool(x <= y),
                Gt => Value::Bool(x > y),
                Ge => Value::Bool(x >= y),
                _ => Value::Float(f64::NAN),
            }
        }
        (Value::Str(x), Value::Str(y)) => match op {
            Add => Value::str(&format!("{x}{y}")),
            Eq => Value::Bool(x == y),
            Ne => Value::Bool(x != y),
            Lt => Value::Bool(x < y),
            Le => Value::Bool(x <= y),
            Gt => Value::Bool(x > y),
            Ge => Value::Bool(x >= y),
            _ => Value::Nil,
        },
        (Value::Bool(x), Value::Bool(y)) => match op {
            Eq => Value::Bool(x == y),
            Ne => Value::Bool(x != y),
            _ => Value::Nil,
        },
        _ => match op {
            Eq => Value::Bool(a.key() == b.key()),
            Ne => Value::Bool(a.key() != b.key()),
            _ => Value::Nil,
        },
    })
}

#[allow(dead_code)]
fn kind_of(k: IntKind) -> IntKind {
    k
}
