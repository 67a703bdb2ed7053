//! The compiler: checks each expression's type as it emits register bytecode for it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::CompileError;
use crate::ast::*;
use crate::bytecode::*;
use crate::check::{Builtin, IntKind, Type, TypeId, Types, ids};
use crate::lexer::Pos;
use crate::value::Value;

type R<T> = Result<T, CompileError>;

/// A constant's exact value.
#[derive(Debug, Clone, PartialEq)]
enum CVal {
    Int(i128),
    Float(f64),
    Bool(bool),
    Str(Arc<str>),
}

#[derive(Debug, Clone)]
enum Sym {
    Local { reg: Reg, ty: TypeId, boxed: bool },
    Cap { idx: u32, ty: TypeId },
    Global { idx: u32, ty: TypeId },
    Const { val: CVal, ty: TypeId },
    Func { id: u32, ty: TypeId },
    Type(TypeId),
    Pkg(&'static str),
    Builtin(&'static str),
    Nil,
}

#[derive(Debug, Clone)]
enum Val {
    Reg(Reg, TypeId),
    Const(CVal, TypeId),
    Multi(Reg, Vec<TypeId>),
}

enum Place {
    Local(Reg, TypeId),
    Cell(Reg, TypeId),
    Global(u32, TypeId),
    Index(Reg, Reg, TypeId),
    Map(Reg, Reg, TypeId),
    Field(Reg, u32, TypeId),
    Deref(Reg, TypeId),
    Blank,
}

struct Loop {
    label: Option<String>,
    breaks: Vec<usize>,
    continues: Vec<usize>,
    is_loop: bool,
}

struct Scope {
    names: Vec<(String, Sym, Pos, bool)>,
}

struct FnState {
    func: Func,
    scopes: Vec<Scope>,
    next: Reg,
    escaping: HashSet<String>,
    caps: Vec<Sym>,
    cap_names: Vec<String>,
    loops: Vec<Loop>,
    results: Vec<TypeId>,
    named_results: Vec<Sym>,
    line: u32,
    closures: u32,
    /// Where each label of the function stands, for `goto`, and where it is written.
    labels: HashMap<String, (u32, Pos)>,
    /// The labels a `goto`, `break` or `continue` names (Go refuses an unused one).
    used_labels: HashSet<String>,
    /// The `goto`s to patch once every label is known: label, jump, position.
    gotos: Vec<(String, usize, Pos)>,
    /// The last position asked for by [`Compiler::here`]: a jump may land there, so the
    /// instruction before it must stay as it is.
    label: usize,
}

struct Compiler {
    types: Types,
    funcs: Vec<Func>,
    consts: Vec<Value>,
    methods: HashMap<(TypeId, String), (u32, bool)>,
    names: Vec<String>,
    globals: Vec<TypeId>,
    messages: Vec<String>,
    selects: Vec<SelectTable>,
    pkg: HashMap<String, Sym>,
    imports: HashMap<String, &'static str>,
    fs: Vec<FnState>,
    iota: Option<i64>,
    /// Methods' parameter and result types, without the receiver.
    sigs: HashMap<u32, (Vec<TypeId>, Vec<TypeId>, bool)>,
    /// Packages referred to, for Go's "imported and not used".
    used_pkgs: HashSet<String>,
    /// The embedded fields of struct types: (the struct type, the field's index).
    embedded: HashSet<(TypeId, u32)>,
    /// Names of the methods with a pointer receiver on types that are no shared objects
    /// (`func (s *Stack) Push` on `type Stack []int`): calling one takes the address.
    addr_methods: HashSet<String>,
}

fn err<T>(pos: Pos, msg: impl Into<String>) -> R<T> {
    Err(CompileError {
        line: pos.line,
        col: pos.col,
        message: msg.into(),
    })
}

/// Compiles a parsed file.
pub fn compile_file(file: &File) -> Result<Program, Vec<CompileError>> {
    let mut c = Compiler {
        types: Types::new(),
        funcs: Vec::new(),
        consts: Vec::new(),
        methods: HashMap::new(),
        names: Vec::new(),
        globals: Vec::new(),
        messages: vec!["missing return".into()],
        selects: Vec::new(),
        pkg: HashMap::new(),
        imports: HashMap::new(),
        fs: Vec::new(),
        iota: None,
        sigs: HashMap::new(),
        used_pkgs: HashSet::new(),
        embedded: HashSet::new(),
        addr_methods: HashSet::new(),
    };
    let promoted = crate::embed::promoted_methods(file);
    match c.file(file, &promoted) {
        Ok((init, main)) => Ok(Program {
            funcs: c.funcs,
            consts: c.consts,
            types: c.types,
            methods: c.methods,
            names: c.names,
            globals: c.globals,
            messages: c.messages,
            selects: c.selects,
            init,
            main,
        }),
        Err(e) => Err(vec![e]),
    }
}

const PACKAGES: &[(&str, &str)] = &[
    ("fmt", "fmt"),
    ("sync", "sync"),
    ("sync/atomic", "atomic"),
    ("time", "time"),
    ("runtime", "runtime"),
    ("math", "math"),
    ("strings", "strings"),
    ("errors", "errors"),
    ("math/rand", "rand"),
    ("strconv", "strconv"),
    ("os", "os"),
    ("sort", "sort"),
];

/// The methods of the library's types, which a struct embedding one of them has too
/// (`type Counter struct { sync.Mutex; n int }` has `Lock`); the calls themselves are
/// compiled in `method_call`.
/// The method `name` of an atomic type whose values are of type `t`: what it does, its
/// parameters and its results.
fn atomic_method(name: &str, t: TypeId) -> Option<(AtomicOp, Vec<TypeId>, Vec<TypeId>)> {
    Some(match name {
        "Add" => (AtomicOp::Add, vec![t], vec![t]),
        "Load" => (AtomicOp::Load, vec![], vec![t]),
        "Store" => (AtomicOp::Store, vec![t], vec![]),
        "Swap" => (AtomicOp::Swap, vec![t], vec![t]),
        "CompareAndSwap" => (AtomicOp::CompareAndSwap, vec![t, t], vec![ids::BOOL]),
        _ => return None,
    })
}

/// Whether the library type `b` has a method `name` (a struct embedding one gets it).
fn builtin_has_method(b: Builtin, name: &str) -> bool {
    match b {
        Builtin::WaitGroup => matches!(name, "Add" | "Done" | "Wait"),
        Builtin::Mutex => matches!(name, "Lock" | "Unlock" | "TryLock"),
        Builtin::RWMutex => matches!(name, "Lock" | "Unlock" | "RLock" | "RUnlock"),
        Builtin::AtomicInt(_) => {
            matches!(name, "Add" | "Load" | "Store" | "Swap" | "CompareAndSwap")
        }
        Builtin::AtomicBool => matches!(name, "Load" | "Store" | "Swap" | "CompareAndSwap"),
        Builtin::Once => name == "Do",
        Builtin::Time => matches!(
            name,
            "Sub" | "Add" | "Before" | "After" | "Equal" | "Unix" | "UnixMilli" | "UnixNano"
        ),
        Builtin::Builder => matches!(
            name,
            "WriteString" | "WriteRune" | "WriteByte" | "String" | "Len" | "Reset" | "Grow"
        ),
        Builtin::Rand | Builtin::File => false,
    }
}

/// The local variables of a function body that must live in cells: those a closure
/// refers to, those whose address is taken (`&x`), and those a method with a pointer
/// receiver is called on where the receiver is no shared object (`s.Push(1)` on a `type
/// Stack []int`), `addr_methods` being those methods' names.
fn escapes_in(stmts: &[Stmt], addr_methods: &HashSet<String>, out: &mut HashSet<String>) {
    for s in stmts {
        walk_stmt(s, addr_methods, out, false);
    }
}

fn walk_stmt(s: &Stmt, am: &HashSet<String>, out: &mut HashSet<String>, inner: bool) {
    let we = |e: &Expr, out: &mut HashSet<String>| walk_expr(e, am, out, inner);
    match &s.kind {
        StmtKind::Expr(e) | StmtKind::Go(e) | StmtKind::Defer(e) => we(e, out),
        StmtKind::Var(names, _, es) => {
            if inner {
                for (n, _) in names {
                    out.insert(n.clone());
                }
            }
            es.iter().for_each(|e| we(e, out))
        }
        StmtKind::Const(_, _, es, _) => es.iter().for_each(|e| we(e, out)),
        StmtKind::Define(names, es) => {
            if inner {
                for (n, _) in names {
                    out.insert(n.clone());
                }
            }
            es.iter().for_each(|e| we(e, out))
        }
        StmtKind::Assign(l, _, r) => l.iter().chain(r).for_each(|e| we(e, out)),
        StmtKind::IncDec(e, _) => we(e, out),
        StmtKind::Send(a, b) => {
            we(a, out);
            we(b, out)
        }
        StmtKind::Block(b) => b.iter().for_each(|s| walk_stmt(s, am, out, inner)),
        StmtKind::If(i, c, t, e) => {
            if let Some(i) = i {
                walk_stmt(i, am, out, inner)
            }
            we(c, out);
            t.iter().for_each(|s| walk_stmt(s, am, out, inner));
            if let Some(e) = e {
                walk_stmt(e, am, out, inner)
            }
        }
        StmtKind::For(i, c, p, b) => {
            if let Some(i) = i {
                walk_stmt(i, am, out, inner)
            }
            if let Some(c) = c {
                we(c, out)
            }
            if let Some(p) = p {
                walk_stmt(p, am, out, inner)
            }
            b.iter().for_each(|s| walk_stmt(s, am, out, inner));
        }
        StmtKind::Range(k, v, _, x, b) => {
            for e in k.iter().chain(v.iter()) {
                we(e, out);
            }
            we(x, out);
            b.iter().for_each(|s| walk_stmt(s, am, out, inner));
        }
        StmtKind::Switch(i, t, cases) => {
            if let Some(i) = i {
                walk_stmt(i, am, out, inner)
            }
            if let Some(t) = t {
                we(t, out)
            }
            for c in cases {
                c.exprs.iter().flatten().for_each(|e| we(e, out));
                c.body.iter().for_each(|s| walk_stmt(s, am, out, inner));
            }
        }
        StmtKind::TypeSwitch(b, x, cases) => {
            if let (true, Some(b)) = (inner, b) {
                out.insert(b.clone());
            }
            we(x, out);
            for c in cases {
                c.1.iter().for_each(|s| walk_stmt(s, am, out, inner));
            }
        }
        StmtKind::Select(cases) => {
            for c in cases {
                if let Some(s) = &c.comm {
                    walk_stmt(s, am, out, inner)
                }
                c.body.iter().for_each(|s| walk_stmt(s, am, out, inner));
            }
        }
        StmtKind::Return(es) => es.iter().for_each(|e| we(e, out)),
        StmtKind::Labeled(_, s) => walk_stmt(s, am, out, inner),
        _ => {}
    }
}

fn walk_expr(e: &Expr, am: &HashSet<String>, out: &mut HashSet<String>, inner: bool) {
    let w = |e: &Expr, out: &mut HashSet<String>| walk_expr(e, am, out, inner);
    match &e.kind {
        ExprKind::Ident(n) => {
            if inner {
                out.insert(n.clone());
            }
        }
        ExprKind::Unary(op, x) => {
            if *op == "&"
                && let ExprKind::Ident(n) = &x.kind
            {
                out.insert(n.clone());
            }
            w(x, out)
        }
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
            w(a, out);
            w(b, out)
        }
        ExprKind::Call(f, args, _) => {
            if let ExprKind::Selector(x, m) = &f.kind
                && let ExprKind::Ident(n) = &x.kind
                && am.contains(m)
            {
                out.insert(n.clone());
            }
            w(f, out);
            args.iter().for_each(|a| w(a, out))
        }
        ExprKind::Selector(x, _)
        | ExprKind::Deref(x)
        | ExprKind::Paren(x)
        | ExprKind::TypeAssert(x, _) => w(x, out),
        ExprKind::Slice(x, a, b, c) => {
            w(x, out);
            for e in a.iter().chain(b.iter()).chain(c.iter()) {
                w(e, out)
            }
        }
        ExprKind::Composite(_, elems) => {
            for (k, v) in elems {
                if let Some(k) = k {
                    w(k, out)
                }
                w(v, out)
            }
        }
        ExprKind::FuncLit(_, body, _) => body.iter().for_each(|s| walk_stmt(s, am, out, true)),
        _ => {}
    }
}

impl Compiler {
    fn f(&mut self) -> &mut FnState {
        self.fs.last_mut().unwrap_or_else(|| unreachable!())
    }

    fn emit(&mut self, op: Op) -> usize {
        let f = self.f();
        let line = f.line;
        f.func.code.push(op);
        f.func.lines.push(line);
        f.func.code.len() - 1
    }

    fn here(&mut self) -> u32 {
        let f = self.f();
        f.label = f.func.code.len();
        f.label as u32
    }

    /// `d = r`, where `r` holds the value of an expression compiled since `mark` was the
    /// next free register. When the last instruction computed `r` and only that, and no
    /// jump lands after it, it computes into `d` instead: `f(n-1)` is one `AddIK` into
    /// the argument's register, not an `AddIK` and a `Move`.
    fn move_into(&mut self, d: Reg, r: Reg, mark: Reg) {
        let f = self.f();
        let len = f.func.code.len();
        if r >= mark
            && f.label != len
            && let Some(dest) = f.func.code.last_mut().and_then(Op::sole_dest_mut)
            && *dest == r
        {
            *dest = d;
            return;
        }
        self.emit(Op::Move(d, r));
    }

    /// Compiles `e` into register `d`; its type.
    fn rvalue_into(&mut self, e: &Expr, want: Option<TypeId>, d: Reg) -> R<TypeId> {
        let mark = self.f().next;
        let (r, t) = self.rvalue(e, want)?;
        self.move_into(d, r, mark);
        Ok(t)
    }

    fn patch(&mut self, at: usize, target: u32) {
        match &mut self.f().func.code[at] {
            Op::Jump(t)
            | Op::JumpIf(_, t)
            | Op::JumpIfNot(_, t)
            | Op::JumpNotLtI(_, _, t)
            | Op::JumpNotLeI(_, _, t)
            | Op::RangeNext(_, _, _, t)
            | Op::Loop(t)
            | Op::JumpNotLtIK(_, _, t) => *t = target,
            _ => {}
        }
    }

    fn temp(&mut self) -> Reg {
        let f = self.f();
        let r = f.next;
        f.next += 1;
        f.func.nregs = f.func.nregs.max(f.next);
        r
    }

    fn temps(&mut self, n: u32) -> Reg {
        let f = self.f();
        let r = f.next;
        f.next += n;
        f.func.nregs = f.func.nregs.max(f.next + 1);
        r
    }

    fn konst(&mut self, v: Value) -> u32 {
        self.consts.push(v);
        (self.consts.len() - 1) as u32
    }

    fn name_idx(&mut self, n: &str) -> u32 {
        if let Some(i) = self.names.iter().position(|x| x == n) {
            return i as u32;
        }
        self.names.push(n.to_string());
        (self.names.len() - 1) as u32
    }

    #[allow(dead_code)]
    fn msg(&mut self, m: String) -> u32 {
        self.messages.push(m);
        (self.messages.len() - 1) as u32
    }

    fn file<'f>(&mut self, file: &'f File, promoted: &'f [FuncDecl]) -> R<(u32, u32)> {
        for (path, pos) in &file.imports {
            match PACKAGES.iter().find(|(p, _)| p == path) {
                Some((_, n)) => {
                    self.imports.insert(n.to_string(), n);
                }
                None => return err(*pos, format!("package {path} is not supported here")),
            }
        }
        // Types first (named, then their underlying types), so declarations can refer to
        // each other in any order.
        for d in &file.decls {
            if let StmtKind::Type(name, _) = &d.kind {
                let id = self.types.declare_named(format!("main.{name}"));
                self.pkg.insert(name.clone(), Sym::Type(id));
            }
        }
        // Interfaces that embed interfaces declared further on get those methods in a
        // later pass: as many passes as there are such interfaces, at most.
        let embedding = file
            .decls
            .iter()
            .filter(|d| matches!(&d.kind, StmtKind::Type(_, TypeExpr::Interface(_, e)) if !e.is_empty()))
            .count();
        for pass in 0..=embedding {
            for d in &file.decls {
                if let StmtKind::Type(name, te) = &d.kind {
                    if pass > 0 && !matches!(te, TypeExpr::Interface(_, e) if !e.is_empty()) {
                        continue;
                    }
                    let id = match self.pkg.get(name) {
                        Some(Sym::Type(t)) => *t,
                        _ => unreachable!(),
                    };
                    let u = self.resolve_type(te)?;
                    self.types.set_underlying(id, u);
                }
            }
        }
        // Function signatures.
        let mut bodies = Vec::new();
        for fd in file.funcs.iter().chain(promoted) {
            let id = self.funcs.len() as u32;
            self.funcs.push(Func::default());
            let (mut params, results, variadic) = self.sig_types(&fd.sig)?;
            self.sigs
                .insert(id, (params.clone(), results.clone(), variadic));
            if let Some(recv) = &fd.recv {
                let rt = self.resolve_type(&recv.ty)?;
                let (base, ptr) = match self.types.get(rt) {
                    Type::Ptr(b) => (*b, true),
                    _ => (rt, false),
                };
                let tname = self.types.name(base);
                let short = tname.trim_start_matches("main.");
                self.funcs[id as usize].name = if ptr {
                    format!("main.(*{short}).{}", fd.name)
                } else {
                    format!("main.{short}.{}", fd.name)
                };
                if self
                    .methods
                    .insert((base, fd.name.clone()), (id, ptr))
                    .is_some()
                {
                    return err(
                        fd.pos,
                        format!("method {short}.{} already declared", fd.name),
                    );
                }
                params.insert(0, rt);
            } else {
                if (fd.name == "init" || fd.name == "main")
                    && (!fd.sig.params.is_empty() || !fd.sig.results.is_empty())
                {
                    return err(
                        fd.pos,
                        format!(
                            "func {} must have no arguments and no return values",
                            fd.name
                        ),
                    );
                }
                self.funcs[id as usize].name = format!("main.{}", fd.name);
                let fty = self
                    .types
                    .intern(Type::Func(params.clone(), results.clone(), variadic));
                if fd.name != "init"
                    && self
                        .pkg
                        .insert(fd.name.clone(), Sym::Func { id, ty: fty })
                        .is_some()
                {
                    return err(fd.pos, format!("{} redeclared in this block", fd.name));
                }
            }
            bodies.push((id, fd, params, results));
        }
        self.addr_methods = self
            .methods
            .iter()
            .filter(|((base, _), (_, ptr))| *ptr && !self.is_aggregate(*base))
            .map(|((_, name), _)| name.clone())
            .collect();
        // Globals and constants, in order, their initialisers in an init function.
        self.begin_fn("main.init".into(), HashSet::new());
        for d in &file.decls {
            self.f().line = d.pos.line;
            match &d.kind {
                StmtKind::Const(..) => self.stmt(d)?,
                StmtKind::Var(names, te, values) => {
                    let ty = match te {
                        Some(t) => Some(self.resolve_type(t)?),
                        None => None,
                    };
                    let vals = self.rhs_values(values, names.len(), ty)?;
                    for (i, (n, _)) in names.iter().enumerate() {
                        let t = match (ty, &vals) {
                            (Some(t), _) => t,
                            (None, Some(v)) => v[i].1,
                            _ => unreachable!(),
                        };
                        let idx = self.globals.len() as u32;
                        self.globals.push(t);
                        if n != "_" {
                            self.pkg.insert(n.clone(), Sym::Global { idx, ty: t });
                        }
                        if let Some(v) = &vals {
                            self.emit(Op::StoreGlobal(idx, v[i].0));
                        }
                    }
                }
                _ => {}
            }
        }
        let mut init_fns = Vec::new();
        let mut main = None;
        for (id, fd, params, results) in bodies {
            self.compile_fn(id, fd, params, results)?;
            if fd.recv.is_none() && fd.name == "init" {
                init_fns.push(id);
            }
            if fd.recv.is_none() && fd.name == "main" {
                main = Some(id);
            }
        }
        for id in init_fns {
            let b = self.temp();
            self.emit(Op::Call(id, b));
        }
        let z = self.temp();
        self.emit(Op::Return(z, 0, 0));
        let init_state = self.fs.pop().unwrap_or_else(|| unreachable!());
        let init = self.funcs.len() as u32;
        self.funcs.push(init_state.func);
        for (path, pos) in &file.imports {
            if let Some((_, n)) = PACKAGES.iter().find(|(p, _)| p == path)
                && !self.used_pkgs.contains(*n)
            {
                return err(*pos, format!("{path:?} imported and not used"));
            }
        }
        let main = main.ok_or(CompileError {
            line: 1,
            col: 1,
            message: "function main is undeclared in the main package".into(),
        })?;
        Ok((init, main))
    }

    fn begin_fn(&mut self, name: String, escaping: HashSet<String>) {
        self.fs.push(FnState {
            func: Func {
                name,
                ..Func::default()
            },
            scopes: vec![Scope { names: Vec::new() }],
            next: 0,
            escaping,
            caps: Vec::new(),
            cap_names: Vec::new(),
            loops: Vec::new(),
            results: Vec::new(),
            named_results: Vec::new(),
            line: 0,
            closures: 0,
            labels: HashMap::new(),
            used_labels: HashSet::new(),
            gotos: Vec::new(),
            label: 0,
        });
    }

    fn sig_types(&mut self, sig: &FuncSig) -> R<(Vec<TypeId>, Vec<TypeId>, bool)> {
        let mut params = Vec::new();
        for (i, p) in sig.params.iter().enumerate() {
            let mut t = self.resolve_type(&p.ty)?;
            if sig.variadic && i + 1 == sig.params.len() {
                t = self.types.intern(Type::Slice(t));
            }
            params.push(t);
        }
        let mut results = Vec::new();
        for r in &sig.results {
            results.push(self.resolve_type(&r.ty)?);
        }
        Ok((params, results, sig.variadic))
    }

    /// Compiles a body into function `id`; params' types include the receiver.
    fn compile_fn(
        &mut self,
        id: u32,
        fd: &FuncDecl,
        params: Vec<TypeId>,
        results: Vec<TypeId>,
    ) -> R<()> {
        let mut esc = HashSet::new();
        escapes_in(&fd.body, &self.addr_methods, &mut esc);
        let name = self.funcs[id as usize].name.clone();
        self.begin_fn(name, esc);
        self.f().line = fd.pos.line;
        let mut names: Vec<(Option<String>, Pos)> = Vec::new();
        if let Some(r) = &fd.recv {
            names.push((r.name.clone(), r.pos));
        }
        names.extend(fd.sig.params.iter().map(|p| (p.name.clone(), p.pos)));
        self.body(names, params, &fd.sig, results, &fd.body, fd.end)?;
        let st = self.fs.pop().unwrap_or_else(|| unreachable!());
        let name = std::mem::take(&mut self.funcs[id as usize].name);
        self.funcs[id as usize] = st.func;
        self.funcs[id as usize].name = name;
        Ok(())
    }

    fn body(
        &mut self,
        names: Vec<(Option<String>, Pos)>,
        params: Vec<TypeId>,
        sig: &FuncSig,
        results: Vec<TypeId>,
        body: &[Stmt],
        end: Pos,
    ) -> R<()> {
        let np = params.len() as u32;
        self.temps(np.max(results.len() as u32));
        self.f().next = np.max(results.len() as u32);
        self.f().func.nparams = np;
        self.f().func.nresults = results.len() as u32;
        self.f().results = results.clone();
        for (i, ((n, p), t)) in names.into_iter().zip(params).enumerate() {
            if let Some(n) = n
                && n != "_"
            {
                self.declare_var(&n, i as Reg, t, p, true)?;
            }
        }
        for (r, t) in sig.results.iter().zip(&results) {
            if let Some(n) = &r.name {
                let reg = self.temp();
                self.emit(Op::Zero(reg, *t));
                let sym = self.declare_var(n, reg, *t, r.pos, true)?;
                self.f().named_results.push(sym);
            }
        }
        let named: Vec<Reg> = self
            .f()
            .named_results
            .iter()
            .filter_map(|s| {
                if let Sym::Local { reg, .. } = s {
                    Some(*reg)
                } else {
                    None
                }
            })
            .collect();
        self.f().func.named = named;
        self.f().func.results = results.clone();
        self.block(body)?;
        if !results.is_empty() {
            if !self.f().named_results.is_empty() || terminates(body) {
                if !self.f().named_results.is_empty() && !terminates(body) {
                    return err(end, "missing return");
                }
                let b = self.temp();
                self.emit(Op::Fail(0));
                let _ = b;
            } else {
                return err(end, "missing return");
            }
        } else {
            let b = self.temp();
            self.emit(Op::Return(b, 0, 0));
        }
        for (label, jump, at) in std::mem::take(&mut self.f().gotos) {
            match self.f().labels.get(&label).copied() {
                Some((target, _)) => self.patch(jump, target),
                None => return err(at, format!("label {label} not defined")),
            }
            self.f().used_labels.insert(label);
        }
        let f = self.f();
        if let Some((l, &(_, at))) = f
            .labels
            .iter()
            .filter(|(l, _)| !f.used_labels.contains(*l))
            .min_by_key(|(_, (_, at))| (at.line, at.col))
        {
            return err(at, format!("label {l} defined and not used"));
        }
        let nresults = results.len() as u32;
        self.f().func.recovered = self.here();
        self.emit(Op::Return(0, nresults, 0));
        self.pop_scope()?;
        Ok(())
    }

    /// Declares a local in register `reg` (holding its value); escaping ones get a cell.
    fn declare_var(&mut self, name: &str, reg: Reg, ty: TypeId, pos: Pos, used: bool) -> R<Sym> {
        let boxed = self.f().escaping.contains(name);
        if boxed {
            self.emit(Op::NewCell(reg, reg));
        }
        let sym = Sym::Local { reg, ty, boxed };
        let scope = self.f().scopes.last_mut().unwrap_or_else(|| unreachable!());
        if name != "_" {
            if scope.names.iter().any(|(n, ..)| n == name) {
                return err(pos, format!("{name} redeclared in this block"));
            }
            scope.names.push((name.to_string(), sym.clone(), pos, used));
        }
        Ok(sym)
    }

    fn push_scope(&mut self) {
        self.f().scopes.push(Scope { names: Vec::new() });
    }

    fn pop_scope(&mut self) -> R<()> {
        let s = self.f().scopes.pop().unwrap_or_else(|| unreachable!());
        if let Some((n, _, p, _)) = s
            .names
            .iter()
            .find(|(_, s, _, used)| !used && matches!(s, Sym::Local { .. }))
        {
            return err(*p, format!("declared and not used: {n}"));
        }
        Ok(())
    }

    fn lookup(&mut self, name: &str, pos: Pos) -> R<Sym> {
        let depth = self.fs.len();
        if depth == 0 {
            return self.lookup_pkg(name, pos);
        }
        self.lookup_at(depth - 1, name, pos)
    }

    fn lookup_pkg(&mut self, name: &str, pos: Pos) -> R<Sym> {
        if let Some(s) = self.pkg.get(name) {
            return Ok(s.clone());
        }
        if let Some(p) = self.imports.get(name) {
            self.used_pkgs.insert(name.to_string());
            return Ok(Sym::Pkg(p));
        }
        universe(name, &mut self.types).ok_or_else(|| CompileError {
            line: pos.line,
            col: pos.col,
            message: format!("undefined: {name}"),
        })
    }

    fn lookup_at(&mut self, level: usize, name: &str, pos: Pos) -> R<Sym> {
        for s in self.fs[level].scopes.iter_mut().rev() {
            if let Some(e) = s.names.iter_mut().rev().find(|(n, ..)| n == name) {
                e.3 = true;
                return Ok(e.1.clone());
            }
        }
        if let Some(i) = self.fs[level].cap_names.iter().position(|n| n == name) {
            let ty = match &self.fs[level].caps[i] {
                Sym::Local { ty, .. } | Sym::Cap { ty, .. } => *ty,
                _ => unreachable!(),
            };
            return Ok(Sym::Cap { idx: i as u32, ty });
        }
        if level > 0 && level < self.fs.len() && self.fs[level].func.name.contains(".func") {
            let outer = self.lookup_at(level - 1, name, pos)?;
            return match outer {
                Sym::Local {
                    ty, boxed: true, ..
                }
                | Sym::Cap { ty, .. } => {
                    let f = &mut self.fs[level];
                    f.caps.push(outer);
                    f.cap_names.push(name.to_string());
                    Ok(Sym::Cap {
                        idx: (f.caps.len() - 1) as u32,
                        ty,
                    })
                }
                Sym::Local { .. } => err(pos, format!("internal: {name} captured but not boxed")),
                s => Ok(s),
            };
        }
        self.lookup_pkg(name, pos)
    }

    /// A type of a library signature.
    fn lib_ty(&mut self, t: crate::library::Ty) -> TypeId {
        use crate::library::Ty;
        let ty = match t {
            Ty::Int => return ids::INT,
            Ty::Int64 => return ids::INT64,
            Ty::Float => return ids::FLOAT64,
            Ty::Bool => return ids::BOOL,
            Ty::Str => return ids::STRING,
            Ty::Rune | Ty::Int32 => return ids::INT32,
            Ty::Byte => return ids::UINT8,
            Ty::Error => return ids::ERROR,
            Ty::Any => return ids::ANY,
            Ty::Duration => return ids::DURATION,
            Ty::Uint64 => Type::Int(IntKind::U64),
            Ty::Strs => Type::Slice(ids::STRING),
            Ty::Ints => Type::Slice(ids::INT),
            Ty::Floats => Type::Slice(ids::FLOAT64),
            Ty::Anys => Type::Slice(ids::ANY),
            Ty::Time => Type::Builtin(Builtin::Time),
            Ty::TimeChan => {
                let time = self.types.intern(Type::Builtin(Builtin::Time));
                Type::Chan(ChanDir::Recv, time)
            }
            Ty::PtrInt64 => Type::Ptr(ids::INT64),
            Ty::PtrInt32 => Type::Ptr(ids::INT32),
            Ty::PtrUint64 => {
                let u = self.types.intern(Type::Int(IntKind::U64));
                Type::Ptr(u)
            }
            Ty::Less => Type::Func(vec![ids::INT, ids::INT], vec![ids::BOOL], false),
            Ty::TickerPtr | Ty::TimerPtr => {
                // `*time.Ticker`, `*time.Timer`: the channel C, and a state word the
                // goroutine that sends on C reads (0 running, 1 stopped, 2 fired).
                let time = self.types.intern(Type::Builtin(Builtin::Time));
                let c = self.types.intern(Type::Chan(ChanDir::Recv, time));
                let state = self
                    .types
                    .intern(Type::Builtin(Builtin::AtomicInt(IntKind::I64)));
                let st = self
                    .types
                    .intern(Type::Struct(vec![("C".into(), c), ("state".into(), state)]));
                let name = if t == Ty::TickerPtr {
                    "time.Ticker"
                } else {
                    "time.Timer"
                };
                let named = self.types.intern(Type::Named(name.into(), st));
                Type::Ptr(named)
            }
            Ty::RandPtr => {
                let r = self.types.intern(Type::Builtin(Builtin::Rand));
                Type::Ptr(r)
            }
        };
        self.types.intern(ty)
    }

    /// The library's type `pkg.name`, where the subset has it.
    fn lib_type(&mut self, pkg: &str, name: &str) -> Option<TypeId> {
        let b = match (pkg, name) {
            ("sync", "WaitGroup") => Builtin::WaitGroup,
            ("sync", "Mutex") => Builtin::Mutex,
            ("sync", "RWMutex") => Builtin::RWMutex,
            ("sync", "Once") => Builtin::Once,
            ("atomic", "Int32") => Builtin::AtomicInt(IntKind::I32),
            ("atomic", "Int64") => Builtin::AtomicInt(IntKind::I64),
            ("atomic", "Uint32") => Builtin::AtomicInt(IntKind::U32),
            ("atomic", "Uint64") => Builtin::AtomicInt(IntKind::U64),
            ("atomic", "Bool") => Builtin::AtomicBool,
            ("time", "Time") => Builtin::Time,
            ("strings", "Builder") => Builtin::Builder,
            ("time", "Duration") => return Some(ids::DURATION),
            ("fmt", "Stringer") => {
                let iface = self
                    .types
                    .intern(Type::Interface(vec![("String".into(), ids::ERROR_FN)]));
                return Some(self.types.intern(Type::Named("fmt.Stringer".into(), iface)));
            }
            _ => return None,
        };
        Some(self.types.intern(Type::Builtin(b)))
    }

    fn resolve_type(&mut self, te: &TypeExpr) -> R<TypeId> {
        Ok(match te {
            TypeExpr::Name(None, n, pos) => match self.lookup(n, *pos)? {
                Sym::Type(t) => t,
                _ => return err(*pos, format!("{n} is not a type")),
            },
            TypeExpr::Name(Some(p), n, pos) => {
                self.used_pkgs.insert(p.clone());
                if !self.imports.contains_key(p) {
                    return err(*pos, format!("undefined: {p}"));
                }
                match self.lib_type(p, n) {
                    Some(t) => t,
                    None => return err(*pos, format!("{p}.{n} is not supported here")),
                }
            }
            TypeExpr::Slice(e) => {
                let e = self.resolve_type(e)?;
                self.types.intern(Type::Slice(e))
            }
            TypeExpr::Array(n, e) => {
                let n = match n {
                    Some(n) => match self.const_eval(n)? {
                        Some((CVal::Int(v), _)) if v >= 0 => v as u64,
                        _ => {
                            return err(
                                n.pos,
                                "array length must be a non-negative integer constant",
                            );
                        }
                    },
                    None => return err(Pos::default(), "[...]T outside a composite literal"),
                };
                let e = self.resolve_type(e)?;
                self.types.intern(Type::Array(n, e))
            }
            TypeExpr::Map(k, v) => {
                let k = self.resolve_type(k)?;
                let v = self.resolve_type(v)?;
                self.types.intern(Type::Map(k, v))
            }
            TypeExpr::Ptr(e) => {
                let e = self.resolve_type(e)?;
                self.types.intern(Type::Ptr(e))
            }
            TypeExpr::Chan(dir, e) => {
                let e = self.resolve_type(e)?;
                self.types.intern(Type::Chan(*dir, e))
            }
            TypeExpr::Func(sig) => {
                let (p, r, v) = self.sig_types(sig)?;
                self.types.intern(Type::Func(p, r, v))
            }
            TypeExpr::Struct(fields) => {
                let mut fs = Vec::new();
                let mut embedded = Vec::new();
                for f in fields {
                    let t = self.resolve_type(&f.ty)?;
                    let name = match &f.name {
                        Some(n) => n.clone(),
                        None => {
                            embedded.push(fs.len() as u32);
                            match crate::embed::embedded_name(&f.ty) {
                                Some((n, ..)) => n,
                                None => {
                                    return err(f.pos, "embedded field type must be a type name");
                                }
                            }
                        }
                    };
                    if fs.iter().any(|(n, _)| *n == name) {
                        return err(f.pos, format!("{name} redeclared"));
                    }
                    fs.push((name, t));
                }
                let st = self.types.intern(Type::Struct(fs));
                for i in embedded {
                    self.embedded.insert((st, i));
                }
                st
            }
            TypeExpr::Interface(ms, embedded) => {
                let mut out = Vec::new();
                for (n, sig) in ms {
                    let (p, r, v) = self.sig_types(sig)?;
                    let t = self.types.intern(Type::Func(p, r, v));
                    out.push((n.clone(), t));
                }
                for te in embedded {
                    let t = self.resolve_type(te)?;
                    match self.types.under(t) {
                        Type::Interface(inner) => {
                            for m in inner.clone() {
                                if !out.iter().any(|(n, _)| *n == m.0) {
                                    out.push(m);
                                }
                            }
                        }
                        // Declared further on: its methods come in the next pass.
                        Type::Tuple(_) => {}
                        _ => {
                            return err(
                                Pos::default(),
                                format!(
                                    "interface contains type constraints ({})",
                                    self.types.name(t)
                                ),
                            );
                        }
                    }
                }
                out.sort_by(|a, b| a.0.cmp(&b.0));
                self.types.intern(Type::Interface(out))
            }
        })
    }

    // ---- statements ----

    fn block(&mut self, stmts: &[Stmt]) -> R<()> {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> R<()> {
        self.f().line = s.pos.line;
        let mark = self.f().next;
        self.stmt_inner(s, None)?;
        // Temporaries die at the statement's end; new locals were moved down to `mark`.
        let locals = self.f().scopes.last().map_or(0, |sc| {
            sc.names
                .iter()
                .filter(|(_, s, ..)| matches!(s, Sym::Local { reg, .. } if *reg >= mark))
                .count()
        });
        let f = self.f();
        f.next = f.next.min(mark + locals as u32).max(mark + locals as u32);
        Ok(())
    }

    fn stmt_inner(&mut self, s: &Stmt, label: Option<String>) -> R<()> {
        match &s.kind {
            StmtKind::Empty => {}
            StmtKind::Expr(e) => {
                if let ExprKind::Call(..) = &e.kind {
                    self.call(e, CallMode::Normal)?;
                } else if let ExprKind::Unary("<-", _) = &e.kind {
                    self.expr(e, None)?;
                } else {
                    return err(e.pos, format!("{} (value) is not used", short(e)));
                }
            }
            StmtKind::Var(names, te, values) => {
                let ty = match te {
                    Some(t) => Some(self.resolve_type(t)?),
                    None => None,
                };
                let mark = self.f().next;
                let vals = self.rhs_values(values, names.len(), ty)?;
                for (i, (n, p)) in names.iter().enumerate() {
                    let reg = mark + i as u32;
                    let t = match (&vals, ty) {
                        (Some(v), _) => {
                            if v[i].0 != reg {
                                self.emit(Op::Move(reg, v[i].0));
                            }
                            ty.unwrap_or(v[i].1)
                        }
                        (None, Some(t)) => {
                            self.emit(Op::Zero(reg, t));
                            t
                        }
                        _ => unreachable!(),
                    };
                    self.f().next = reg + 1;
                    self.declare_var(n, reg, t, *p, false)?;
                }
            }
            StmtKind::Const(names, te, values, iota) => {
                let ty = match te {
                    Some(t) => Some(self.resolve_type(t)?),
                    None => None,
                };
                if values.len() != names.len() {
                    return err(
                        s.pos,
                        if values.len() < names.len() {
                            "missing init expr for const declaration"
                        } else {
                            "extra init expr"
                        },
                    );
                }
                self.iota = Some(*iota);
                for ((n, p), e) in names.iter().zip(values) {
                    let (v, t) = match self.const_eval(e)? {
                        Some(c) => c,
                        None => {
                            self.iota = None;
                            return err(
                                e.pos,
                                format!("{} (value of type {}) is not constant", short(e), "int"),
                            );
                        }
                    };
                    let (v, t) = match ty {
                        Some(ty) => (self.convert_const(v, t, ty, e.pos)?, ty),
                        None => (v, t),
                    };
                    if self.fs.len() == 1 && self.f().scopes.len() == 1 {
                        self.pkg.insert(n.clone(), Sym::Const { val: v, ty: t });
                    } else {
                        let scope = self.f().scopes.last_mut().unwrap_or_else(|| unreachable!());
                        scope
                            .names
                            .push((n.clone(), Sym::Const { val: v, ty: t }, *p, true));
                    }
                }
                self.iota = None;
            }
            StmtKind::Type(name, te) => {
                let id = self.types.declare_named(format!("main.{name}"));
                let scope = self.f().scopes.last_mut().unwrap_or_else(|| unreachable!());
                scope.names.push((name.clone(), Sym::Type(id), s.pos, true));
                let u = self.resolve_type(te)?;
                self.types.set_underlying(id, u);
            }
            StmtKind::Define(names, values) => self.define(names, values, s.pos)?,
            StmtKind::Assign(lhs, op, rhs) => self.assign(lhs, op, rhs, s.pos)?,
            StmtKind::IncDec(e, inc) => {
                let one = Expr {
                    kind: ExprKind::Int(1),
                    pos: e.pos,
                };
                self.assign(
                    std::slice::from_ref(e),
                    if *inc { "+" } else { "-" },
                    std::slice::from_ref(&one),
                    s.pos,
                )?;
            }
            StmtKind::Send(ch, v) => {
                let (c, ct) = self.expr_reg(ch, None)?;
                let et = match self.types.under(ct) {
                    Type::Chan(dir, e) => {
                        self.channel_way(ch, ct, *dir, Way::Send)?;
                        *e
                    }
                    _ => {
                        return err(
                            s.pos,
                            format!(
                                "invalid operation: cannot send to non-channel {}",
                                short(ch)
                            ),
                        );
                    }
                };
                let (v, _) = self.rvalue(v, Some(et))?;
                self.emit(Op::Send(c, v));
            }
            StmtKind::Block(b) => {
                self.push_scope();
                self.block(b)?;
                self.pop_scope()?;
            }
            StmtKind::If(init, cond, then, els) => {
                self.push_scope();
                if let Some(i) = init {
                    self.stmt(i)?;
                }
                let jf = self.cond_jump(cond)?;
                self.push_scope();
                self.block(then)?;
                self.pop_scope()?;
                if let Some(e) = els {
                    let j = self.emit(Op::Jump(0));
                    let h = self.here();
                    for p in jf {
                        self.patch(p, h);
                    }
                    self.stmt(e)?;
                    let h = self.here();
                    self.patch(j, h);
                } else {
                    let h = self.here();
                    for p in jf {
                        self.patch(p, h);
                    }
                }
                self.pop_scope()?;
            }
            StmtKind::For(init, cond, post, body) => {
                self.for_stmt(init, cond, post, body, label)?
            }
            StmtKind::Range(k, v, define, x, body) => {
                self.range(k.as_ref(), v.as_ref(), *define, x, body, label)?
            }
            StmtKind::Switch(init, tag, cases) => self.switch(init, tag, cases, label)?,
            StmtKind::TypeSwitch(bind, x, cases) => self.type_switch(bind, x, cases, label)?,
            StmtKind::Select(cases) => self.select(cases, label)?,
            StmtKind::Return(vals) => self.ret(vals, s.pos)?,
            StmtKind::Break(l) | StmtKind::Continue(l) => {
                let is_break = matches!(s.kind, StmtKind::Break(_));
                let j = self.emit(Op::Jump(0));
                let f = self.f();
                let what = if is_break { "break" } else { "continue" };
                if let Some((l, _)) = l {
                    f.used_labels.insert(l.clone());
                }
                let target = f.loops.iter_mut().rev().find(|lp| match l {
                    Some((l, _)) => lp.label.as_deref() == Some(l),
                    None => is_break || lp.is_loop,
                });
                match target {
                    Some(lp) if is_break => lp.breaks.push(j),
                    Some(lp) if lp.is_loop => lp.continues.push(j),
                    // Go names a label defined nowhere (so far) apart from a misplaced one.
                    _ => match l {
                        Some((l, at)) if !f.labels.contains_key(l) => {
                            return err(*at, format!("{what} label not defined: {l}"));
                        }
                        Some((l, at)) => return err(*at, format!("invalid {what} label {l}")),
                        None => return err(s.pos, format!("{what} is not in a loop")),
                    },
                }
            }
            StmtKind::Labeled(l, inner) => {
                if l == "\u{0}fallthrough" {
                    return err(s.pos, "fallthrough statement out of place");
                }
                let here = self.here();
                if self.f().labels.insert(l.clone(), (here, s.pos)).is_some() {
                    return err(s.pos, format!("label {l} already defined"));
                }
                self.stmt_inner(inner, Some(l.clone()))?;
            }
            StmtKind::Goto(l) => {
                let jump = self.emit(Op::Jump(0));
                self.f().gotos.push((l.clone(), jump, s.pos));
            }
            StmtKind::Go(e) => {
                if !matches!(e.kind, ExprKind::Call(..)) {
                    return err(e.pos, "expression in go must be function call");
                }
                self.call(e, CallMode::Go)?;
            }
            StmtKind::Defer(e) => {
                if !matches!(e.kind, ExprKind::Call(..)) {
                    return err(e.pos, "expression in defer must be function call");
                }
                self.call(e, CallMode::Defer)?;
            }
        }
        Ok(())
    }

    fn rhs_values(
        &mut self,
        values: &[Expr],
        n: usize,
        ty: Option<TypeId>,
    ) -> R<Option<Vec<(Reg, TypeId)>>> {
        if values.is_empty() {
            return Ok(None);
        }
        if values.len() == 1 && n > 1 {
            if n == 2
                && let Some(r) = self.comma_ok(&values[0])?
            {
                return Ok(Some(r));
            }
            let v = self.expr(&values[0], None)?;
            return match v {
                Val::Multi(base, ts) if ts.len() == n => Ok(Some(
                    ts.into_iter()
                        .enumerate()
                        .map(|(i, t)| (base + i as u32, t))
                        .collect(),
                )),
                Val::Multi(_, ts) => err(
                    values[0].start(),
                    format!(
                        "assignment mismatch: {n} variables but {} returns {} value{}",
                        short(&values[0]),
                        ts.len(),
                        if ts.len() == 1 { "" } else { "s" }
                    ),
                ),
                _ => {
                    if let Some(r) = self.comma_ok(&values[0])? {
                        return Ok(Some(r));
                    }
                    err(
                        values[0].start(),
                        format!("assignment mismatch: {n} variables but 1 value"),
                    )
                }
            };
        }
        if values.len() != n {
            // Go points at the first value.
            return err(
                values[0].start(),
                format!(
                    "assignment mismatch: {n} variable{} but {} value{}",
                    if n == 1 { "" } else { "s" },
                    values.len(),
                    if values.len() == 1 { "" } else { "s" }
                ),
            );
        }
        let mut out = Vec::new();
        for v in values {
            let (r, t) = self.rvalue(v, ty)?;
            let t = ty.unwrap_or(t);
            if self.types.get(t) == &Type::Untyped("nil") {
                return err(v.pos, "use of untyped nil in assignment");
            }
            out.push((r, t));
        }
        Ok(Some(out))
    }

    /// `v, ok := m[k]`, `<-ch`, `x.(T)`.
    fn comma_ok(&mut self, e: &Expr) -> R<Option<Vec<(Reg, TypeId)>>> {
        match &e.kind {
            ExprKind::Index(m, k) => {
                let (mr, mt) = self.expr_reg(m, None)?;
                if let Type::Map(kt, vt) = self.types.under(mt).clone() {
                    let (kr, _) = self.rvalue(k, Some(kt))?;
                    let d = self.temps(2);
                    self.emit(Op::MapGet2(d, mr, kr, vt));
                    return Ok(Some(vec![(d, vt), (d + 1, ids::BOOL)]));
                }
                Ok(None)
            }
            ExprKind::Unary("<-", ch) => {
                let (c, ct) = self.expr_reg(ch, None)?;
                if let Type::Chan(dir, et) = self.types.under(ct).clone() {
                    self.channel_way(ch, ct, dir, Way::Recv)?;
                    let d = self.temps(2);
                    self.emit(Op::Recv(d, c, true));
                    return Ok(Some(vec![(d, et), (d + 1, ids::BOOL)]));
                }
                Ok(None)
            }
            ExprKind::TypeAssert(x, te) => {
                let (xr, _) = self.expr_reg(x, None)?;
                let t = self.resolve_type(te)?;
                let d = self.temps(2);
                self.emit(Op::Assert(d, xr, t, true));
                Ok(Some(vec![(d, t), (d + 1, ids::BOOL)]))
            }
            ExprKind::Paren(x) => self.comma_ok(x),
            _ => Ok(None),
        }
    }

    fn define(&mut self, names: &[(String, Pos)], values: &[Expr], pos: Pos) -> R<()> {
        let mark = self.f().next;
        let vals = self
            .rhs_values(values, names.len(), None)?
            .unwrap_or_default();
        // Names already declared in this scope are assigned; at least one must be new.
        let mut any_new = false;
        let mut targets = Vec::new();
        for (n, _) in names {
            let existing = self
                .f()
                .scopes
                .last()
                .and_then(|s| s.names.iter().find(|(x, ..)| x == n).map(|e| e.1.clone()));
            if existing.is_none() && n != "_" {
                any_new = true;
            }
            targets.push(existing);
        }
        if !any_new {
            return err(pos, "no new variables on left side of :=");
        }
        let mut next = mark;
        let mut new_regs = Vec::new();
        for (i, ((n, p), existing)) in names.iter().zip(targets).enumerate() {
            let (src, t) = vals[i];
            let t = self.types.default_type(t);
            let src = if self.types.is_untyped(vals[i].1) {
                self.convert_reg(src, vals[i].1, t)?
            } else {
                src
            };
            match existing {
                Some(sym) => {
                    let tmp = self.temp();
                    self.emit(Op::Move(tmp, src));
                    new_regs.push((None, tmp, sym, *p));
                }
                None if n == "_" => {}
                None => {
                    new_regs.push((Some((n.clone(), t)), src, Sym::Nil, *p));
                }
            }
        }
        for (newv, src, sym, p) in new_regs {
            match newv {
                Some((n, t)) => {
                    let reg = next;
                    next += 1;
                    if src != reg {
                        self.emit(Op::Move(reg, src));
                    }
                    self.f().next = self.f().next.max(next);
                    self.declare_var(&n, reg, t, p, false)?;
                }
                None => {
                    let place = self.sym_place(sym, p)?;
                    self.store(&place, src);
                }
            }
        }
        self.f().next = next;
        Ok(())
    }

    fn sym_place(&mut self, sym: Sym, pos: Pos) -> R<Place> {
        Ok(match sym {
            Sym::Local {
                reg,
                ty,
                boxed: false,
            } => Place::Local(reg, ty),
            Sym::Local {
                reg,
                ty,
                boxed: true,
            } => Place::Cell(reg, ty),
            Sym::Cap { idx, ty } => {
                let r = self.temp();
                self.emit(Op::LoadCap(r, idx));
                Place::Cell(r, ty)
            }
            Sym::Global { idx, ty } => Place::Global(idx, ty),
            _ => return err(pos, "cannot assign to this"),
        })
    }

    fn place(&mut self, e: &Expr) -> R<Place> {
        match &e.kind {
            ExprKind::Ident(n) if n == "_" => Ok(Place::Blank),
            ExprKind::Ident(n) => {
                // Assignment is not a use.
                let used = self.is_used(n);
                let sym = self.lookup(n, e.pos)?;
                if !used {
                    self.unmark_used(n);
                }
                match sym {
                    Sym::Const { .. } => err(
                        e.pos,
                        format!(
                            "cannot assign to {n} (neither addressable nor a map index expression)"
                        ),
                    ),
                    Sym::Func { .. } | Sym::Type(_) | Sym::Pkg(_) | Sym::Builtin(_) | Sym::Nil => {
                        err(e.pos, format!("cannot assign to {n}"))
                    }
                    s => self.sym_place(s, e.pos),
                }
            }
            ExprKind::Paren(x) => self.place(x),
            ExprKind::Index(x, i) => {
                let (xr, xt) = self.expr_reg(x, None)?;
                match self.types.under(xt).clone() {
                    Type::Map(kt, vt) => {
                        let (kr, _) = self.rvalue(i, Some(kt))?;
                        Ok(Place::Map(xr, kr, vt))
                    }
                    Type::Slice(et) | Type::Array(_, et) => {
                        let ir = self.int_operand(i, "index")?;
                        Ok(Place::Index(xr, ir, et))
                    }
                    Type::Ptr(p) => match self.types.under(p).clone() {
                        Type::Array(_, et) => {
                            let ir = self.int_operand(i, "index")?;
                            Ok(Place::Index(xr, ir, et))
                        }
                        _ => err(e.pos, "cannot index"),
                    },
                    Type::String => err(
                        e.start(),
                        format!("cannot assign to {} (value of type byte)", short(e)),
                    ),
                    _ => err(
                        e.pos,
                        format!("invalid operation: cannot index {}", short(x)),
                    ),
                }
            }
            ExprKind::Selector(x, name) => {
                let (xr, xt) = self.expr_reg(x, None)?;
                // `m[k].f = v` with struct values: the struct was just copied out of the map.
                if matches!(x.kind, ExprKind::Index(..))
                    && matches!(self.f().func.code.last(), Some(Op::MapGet(..)))
                    && matches!(self.types.under(xt), Type::Struct(_))
                {
                    return err(
                        e.start(),
                        format!("cannot assign to struct field {} in map", short(e)),
                    );
                }
                let (xr, _, st) = self.member_of(xr, xt, name);
                match self.field_index(st, name) {
                    Some((i, ft)) => Ok(Place::Field(xr, i, ft)),
                    None => err(e.pos, format!("{}.{name} undefined", short(x))),
                }
            }
            ExprKind::Deref(p) => {
                let (pr, pt) = self.expr_reg(p, None)?;
                match self.types.under(pt) {
                    Type::Ptr(t) => Ok(Place::Deref(pr, *t)),
                    _ => err(
                        e.pos,
                        format!("invalid operation: cannot indirect {}", short(p)),
                    ),
                }
            }
            _ => err(e.pos, format!("cannot assign to {}", short(e))),
        }
    }

    fn is_used(&self, n: &str) -> bool {
        let f = self.fs.last().unwrap_or_else(|| unreachable!());
        for s in f.scopes.iter().rev() {
            if let Some(e) = s.names.iter().rev().find(|(x, ..)| x == n) {
                return e.3;
            }
        }
        true
    }

    fn unmark_used(&mut self, n: &str) {
        let f = self.f();
        for s in f.scopes.iter_mut().rev() {
            if let Some(e) = s.names.iter_mut().rev().find(|(x, ..)| x == n) {
                e.3 = false;
                return;
            }
        }
    }

    fn place_type(p: &Place) -> TypeId {
        match p {
            Place::Local(_, t)
            | Place::Cell(_, t)
            | Place::Global(_, t)
            | Place::Index(_, _, t)
            | Place::Map(_, _, t)
            | Place::Field(_, _, t)
            | Place::Deref(_, t) => *t,
            Place::Blank => ids::ANY,
        }
    }

    fn load(&mut self, p: &Place) -> Reg {
        match p {
            Place::Local(r, _) => *r,
            _ => {
                let d = self.temp();
                match p {
                    Place::Cell(c, _) => self.emit(Op::LoadCell(d, *c)),
                    Place::Global(i, _) => self.emit(Op::LoadGlobal(d, *i)),
                    Place::Index(x, i, _) => self.emit(Op::Index(d, *x, *i)),
                    Place::Map(m, k, t) => self.emit(Op::MapGet(d, *m, *k, *t)),
                    Place::Field(x, i, _) => self.emit(Op::Field(d, *x, *i)),
                    Place::Deref(pr, _) => self.emit(Op::Load(d, *pr)),
                    _ => 0,
                };
                d
            }
        }
    }

    fn store(&mut self, p: &Place, v: Reg) {
        match p {
            Place::Local(r, _) => {
                if *r != v {
                    self.emit(Op::Move(*r, v));
                }
            }
            Place::Cell(c, _) => {
                self.emit(Op::StoreCell(*c, v));
            }
            Place::Global(i, _) => {
                self.emit(Op::StoreGlobal(*i, v));
            }
            Place::Index(x, i, _) => {
                self.emit(Op::SetIndex(*x, *i, v));
            }
            Place::Map(m, k, _) => {
                self.emit(Op::MapSet(*m, *k, v));
            }
            Place::Field(x, i, _) => {
                self.emit(Op::SetField(*x, *i, v));
            }
            Place::Deref(pr, _) => {
                self.emit(Op::Store(*pr, v));
            }
            Place::Blank => {}
        }
    }

    fn assign(&mut self, lhs: &[Expr], op: &'static str, rhs: &[Expr], pos: Pos) -> R<()> {
        if !op.is_empty() {
            let place = self.place(&lhs[0])?;
            // `x += 1` and `x++` read x: for Go they use it.
            if let ExprKind::Ident(n) = &lhs[0].kind {
                self.lookup(n, lhs[0].pos)?;
            }
            let t = Self::place_type(&place);
            // Fast forms on a register local.
            if let (Place::Local(r, _), Some(IntKind::Int | IntKind::I64)) =
                (&place, self.types.int_kind(t))
            {
                let r = *r;
                if let Some((CVal::Int(k), _)) = self.const_eval(&rhs[0])?
                    && (op == "+" || op == "-")
                {
                    let k = if op == "+" { k as i64 } else { -(k as i64) };
                    self.emit(Op::AddIK(r, r, k));
                    return Ok(());
                }
                if op == "+" {
                    let (v, _) = self.rvalue(&rhs[0], Some(t))?;
                    self.emit(Op::AddI(r, r, v));
                    return Ok(());
                }
            }
            let cur = self.load(&place);
            let (v, vt) = self.rvalue(
                &rhs[0],
                if op == "<<" || op == ">>" {
                    None
                } else {
                    Some(t)
                },
            )?;
            let d = self.temp();
            self.binop(op, d, cur, v, t, vt, pos)?;
            self.store(&place, d);
            return Ok(());
        }
        if lhs.len() == 1 && rhs.len() == 1 {
            let place = self.place(&lhs[0])?;
            let t = Self::place_type(&place);
            let want = if matches!(place, Place::Blank) {
                None
            } else {
                Some(t)
            };
            let (v, _) = self.rvalue(&rhs[0], want)?;
            self.store(&place, v);
            return Ok(());
        }
        // Tuple assignment: evaluate places' operands and all values first.
        let mut places = Vec::new();
        for l in lhs {
            let p = match self.place(l)? {
                Place::Index(x, i, t) => {
                    let (a, b) = (self.temp(), self.temp());
                    self.emit(Op::Move(a, x));
                    self.emit(Op::Move(b, i));
                    Place::Index(a, b, t)
                }
                Place::Map(x, i, t) => {
                    let (a, b) = (self.temp(), self.temp());
                    self.emit(Op::Move(a, x));
                    self.emit(Op::Move(b, i));
                    Place::Map(a, b, t)
                }
                p => p,
            };
            places.push(p);
        }
        let want: Vec<Option<TypeId>> = places
            .iter()
            .map(|p| {
                if matches!(p, Place::Blank) {
                    None
                } else {
                    Some(Self::place_type(p))
                }
            })
            .collect();
        let vals = if rhs.len() == 1 {
            self.rhs_values(rhs, lhs.len(), None)?.unwrap_or_default()
        } else {
            if rhs.len() != lhs.len() {
                return err(
                    pos,
                    format!(
                        "assignment mismatch: {} variables but {} values",
                        lhs.len(),
                        rhs.len()
                    ),
                );
            }
            let mut out = Vec::new();
            for (r, w) in rhs.iter().zip(&want) {
                let (v, t) = self.rvalue(r, *w)?;
                let tmp = self.temp();
                self.emit(Op::Move(tmp, v));
                out.push((tmp, t));
            }
            out
        };
        for (p, (v, vt)) in places.iter().zip(vals) {
            let v = match p {
                Place::Blank => v,
                _ => self.convert_reg(v, vt, Self::place_type(p))?,
            };
            self.store(p, v);
        }
        Ok(())
    }

    /// Makes the instruction just emitted, when it is `r += step` (the `i++` of a for
    /// loop), the fused step-and-back-edge `fused(step)`: a counting loop then runs two
    /// instructions an iteration, not three. The back-edge about to be emitted stays
    /// after it, for the loop's entry and for its exit (see [`Op::StepLoopLtIK`]).
    fn fuse_step(&mut self, r: Reg, fused: impl FnOnce(i32) -> Op) {
        let code = &mut self.f().func.code;
        if let Some(last) = code.last_mut()
            && let Op::AddIK(d, a, step) = *last
            && d == r
            && a == r
            && let Ok(step) = i32::try_from(step)
        {
            *last = fused(step);
        }
    }

    /// The back-edge of a loop: jumps to `top` while `cond` holds (a preemption point).
    fn loop_cond(&mut self, cond: &Expr, top: u32) -> R<()> {
        let mark = self.f().next;
        if let ExprKind::Binary(op @ ("<" | "<="), a, b) = &cond.kind {
            let va = self.expr(a, None)?;
            let ta = self.val_type(&va);
            if matches!(self.types.int_kind(ta), Some(IntKind::Int | IntKind::I64))
                && !self.types.is_untyped(ta)
            {
                if let Some((CVal::Int(k), _)) = self.const_eval(b)? {
                    let (ra, _) = self.materialize(va, Some(ta), a.pos)?;
                    let k = if *op == "<=" { k + 1 } else { k };
                    self.fuse_step(ra, |step| Op::StepLoopLtIK(ra, step, k as i64, top));
                    self.emit(Op::LoopLtIK(ra, k as i64, top));
                    self.f().next = mark;
                    return Ok(());
                }
                let vb = self.expr(b, Some(ta))?;
                let tb = self.val_type(&vb);
                if self.types.int_kind(tb).is_some() {
                    let (ra, _) = self.materialize(va, Some(ta), a.pos)?;
                    let (rb, _) = self.materialize(vb, Some(ta), b.pos)?;
                    if *op == "<" {
                        self.fuse_step(ra, |step| Op::StepLoopLtI(ra, step, rb, top));
                    }
                    self.emit(if *op == "<" {
                        Op::LoopLtI(ra, rb, top)
                    } else {
                        Op::LoopLeI(ra, rb, top)
                    });
                    self.f().next = mark;
                    return Ok(());
                }
            }
        }
        let (c, t) = self.expr_reg(cond, Some(ids::BOOL))?;
        if !self.types.is_bool(t) {
            return err(cond.pos, "non-boolean condition in for statement");
        }
        self.emit(Op::LoopIf(c, top));
        self.f().next = mark;
        Ok(())
    }

    fn cond_jump(&mut self, cond: &Expr) -> R<Vec<usize>> {
        if let ExprKind::Binary(op @ ("<" | "<="), a, b) = &cond.kind
            && let Some((CVal::Int(k), _)) = self.const_eval(b)?
            && self.const_eval(a)?.is_none()
        {
            let va = self.expr(a, None)?;
            let ta = self.val_type(&va);
            if matches!(self.types.int_kind(ta), Some(IntKind::Int | IntKind::I64)) {
                let (ra, _) = self.materialize(va, Some(ta), a.pos)?;
                let k = if *op == "<=" { k + 1 } else { k };
                return Ok(vec![self.emit(Op::JumpNotLtIK(ra, k as i64, 0))]);
            }
            let (ra, ta) = self.materialize(va, None, a.pos)?;
            let (rb, tb) = self.rvalue(b, Some(ta))?;
            let d = self.temp();
            self.binop(op, d, ra, rb, ta, tb, cond.pos)?;
            return Ok(vec![self.emit(Op::JumpIfNot(d, 0))]);
        }
        if let ExprKind::Binary(op @ ("<" | "<="), a, b) = &cond.kind {
            let va = self.expr(a, None)?;
            let vb = self.expr(b, None)?;
            let ta = self.val_type(&va);
            let tb = self.val_type(&vb);
            let t = if self.types.is_untyped(ta) { tb } else { ta };
            if matches!(self.types.int_kind(t), Some(IntKind::Int | IntKind::I64))
                && (self.types.int_kind(ta).is_some() && self.types.int_kind(tb).is_some())
            {
                let ra = self.materialize(va, Some(t), a.pos)?.0;
                let rb = self.materialize(vb, Some(t), b.pos)?.0;
                let j = if *op == "<" {
                    self.emit(Op::JumpNotLtI(ra, rb, 0))
                } else {
                    self.emit(Op::JumpNotLeI(ra, rb, 0))
                };
                return Ok(vec![j]);
            }
            let ra = self.materialize(va, Some(t), a.pos)?;
            let rb = self.materialize(vb, Some(t), b.pos)?;
            let d = self.temp();
            self.binop(op, d, ra.0, rb.0, ra.1, rb.1, cond.pos)?;
            return Ok(vec![self.emit(Op::JumpIfNot(d, 0))]);
        }
        let (c, t) = self.expr_reg(cond, Some(ids::BOOL))?;
        if !self.types.is_bool(t) {
            return err(
                cond.pos,
                "non-boolean condition in if statement".to_string(),
            );
        }
        Ok(vec![self.emit(Op::JumpIfNot(c, 0))])
    }

    fn for_stmt(
        &mut self,
        init: &Option<Box<Stmt>>,
        cond: &Option<Expr>,
        post: &Option<Box<Stmt>>,
        body: &[Stmt],
        label: Option<String>,
    ) -> R<()> {
        self.push_scope();
        if let Some(i) = init {
            self.stmt(i)?;
        }
        let loop_vars: Vec<Reg> = self.f().scopes.last().map_or(Vec::new(), |s| {
            s.names
                .iter()
                .filter_map(|(_, s, ..)| {
                    if let Sym::Local {
                        reg, boxed: true, ..
                    } = s
                    {
                        Some(*reg)
                    } else {
                        None
                    }
                })
                .collect()
        });
        // The condition is tested at the bottom, by the back-edge itself: one
        // instruction per iteration for `i < n`.
        let to_cond = cond.as_ref().map(|_| self.emit(Op::Jump(0)));
        let top = self.here();
        let exits: Vec<usize> = Vec::new();
        self.f().loops.push(Loop {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: true,
        });
        self.push_scope();
        self.block(body)?;
        self.pop_scope()?;
        let lp = self.f().loops.pop().unwrap_or_else(|| unreachable!());
        let cont = self.here();
        for c in lp.continues {
            self.patch(c, cont);
        }
        // Go 1.22: each iteration has its own copy of an escaping loop variable.
        for r in loop_vars {
            let t = self.temp();
            self.emit(Op::LoadCell(t, r));
            self.emit(Op::NewCell(r, t));
        }
        if let Some(p) = post {
            self.stmt(p)?;
        }
        match (cond, to_cond) {
            (Some(c), Some(j)) => {
                let h = self.here();
                self.patch(j, h);
                self.loop_cond(c, top)?;
            }
            _ => {
                self.emit(Op::Loop(top));
            }
        }
        let end = self.here();
        for j in exits.into_iter().chain(lp.breaks) {
            self.patch(j, end);
        }
        self.pop_scope()
    }

    fn range(
        &mut self,
        k: Option<&Expr>,
        v: Option<&Expr>,
        define: bool,
        x: &Expr,
        body: &[Stmt],
        label: Option<String>,
    ) -> R<()> {
        self.push_scope();
        let xv = self.expr(x, None)?;
        let xt = self.val_type(&xv);
        let (mut xr, _) = self.materialize(xv, None, x.pos)?;
        let under = self.types.under(xt).clone();
        if matches!(under, Type::Array(..)) && v.is_some() {
            // Ranging over an array with its values ranges over a copy, as in Go: the
            // loop's writes to the array do not show in the values.
            let d = self.temp();
            self.emit(Op::Copy(d, xr, xt));
            xr = d;
        }
        let (kt, vt) = match &under {
            Type::Int(_) | Type::Untyped("int") => (self.types.default_type(xt), None),
            Type::Slice(e) | Type::Array(_, e) => (ids::INT, Some(*e)),
            Type::Ptr(p) => match self.types.under(*p) {
                Type::Array(_, e) => (ids::INT, Some(*e)),
                _ => return err(x.pos, format!("cannot range over {}", short(x))),
            },
            Type::String | Type::Untyped("string") => (ids::INT, Some(ids::INT32)),
            Type::Map(k, v) => (*k, Some(*v)),
            Type::Chan(dir, e) => {
                self.channel_way(x, xt, *dir, Way::Range)?;
                (*e, None)
            }
            _ => {
                return err(
                    x.pos,
                    format!(
                        "cannot range over {} (variable of type {})",
                        short(x),
                        self.types.name(xt)
                    ),
                );
            }
        };
        let is_chan = matches!(under, Type::Chan(..));
        let is_int = matches!(under, Type::Int(_) | Type::Untyped("int"));
        if let Some(v) = v
            && vt.is_none()
        {
            return err(
                v.start(),
                format!(
                    "range over {} (variable of type {}) permits only one iteration variable",
                    short(x),
                    self.types.name(xt)
                ),
            );
        }
        let state = self.temps(3);
        let kd = self.temp();
        let vd = self.temp();
        let top;
        let exit;
        if is_int {
            self.emit(Op::Int(state, 0));
            self.emit(Op::Move(state + 1, xr));
            top = self.here();
            exit = self.emit(Op::JumpNotLtI(state, state + 1, 0));
            self.emit(Op::Move(kd, state));
        } else if is_chan {
            top = self.here();
            self.emit(Op::Recv(kd, xr, true));
            exit = self.emit(Op::JumpIfNot(kd + 1, 0));
        } else {
            self.emit(Op::RangeInit(state, xr));
            top = self.here();
            exit = self.emit(Op::RangeNext(state, kd, vd, 0));
        }
        self.push_scope();
        for (e, src, t) in [(k, kd, kt), (v, vd, vt.unwrap_or(ids::INT))] {
            let Some(e) = e else { continue };
            if define {
                if let ExprKind::Ident(n) = &e.kind {
                    if n != "_" {
                        let r = self.temp();
                        if self.is_aggregate(t) {
                            self.emit(Op::Copy(r, src, t));
                        } else {
                            self.emit(Op::Move(r, src));
                        }
                        self.declare_var(n, r, t, e.pos, false)?;
                    }
                } else {
                    return err(e.pos, "non-name on left side of :=");
                }
            } else {
                let p = self.place(e)?;
                self.store(&p, src);
            }
        }
        self.f().loops.push(Loop {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: true,
        });
        self.push_scope();
        self.block(body)?;
        self.pop_scope()?;
        self.pop_scope()?;
        let lp = self.f().loops.pop().unwrap_or_else(|| unreachable!());
        let cont = self.here();
        for c in lp.continues {
            self.patch(c, cont);
        }
        if is_int {
            self.emit(Op::AddIK(state, state, 1));
        }
        self.emit(Op::Loop(top));
        let end = self.here();
        self.patch(exit, end);
        for j in lp.breaks {
            self.patch(j, end);
        }
        self.pop_scope()
    }

    fn switch(
        &mut self,
        init: &Option<Box<Stmt>>,
        tag: &Option<Expr>,
        cases: &[Case],
        label: Option<String>,
    ) -> R<()> {
        self.push_scope();
        if let Some(i) = init {
            self.stmt(i)?;
        }
        let tagv = match tag {
            Some(t) => {
                let v = self.expr(t, None)?;
                let ty = self.types.default_type(self.val_type(&v));
                let (r, ty) = self.materialize(v, Some(ty), t.pos)?;
                Some((r, ty))
            }
            None => None,
        };
        // Tests first, in order, each jumping to its body; then the bodies.
        let mut body_jumps: Vec<Vec<usize>> = Vec::new();
        let mut default = None;
        // The constant cases so far: Go refuses one twice.
        let mut seen = Vec::new();
        for (ci, c) in cases.iter().enumerate() {
            let mut js = Vec::new();
            match &c.exprs {
                None => default = Some(ci),
                Some(es) => {
                    for e in es {
                        self.f().line = e.pos.line;
                        let hit = match tagv {
                            Some((tr, tt)) => {
                                if let Some((v, _)) = self.const_eval(e)? {
                                    if seen.contains(&v) {
                                        return err(
                                            e.start(),
                                            format!(
                                                "duplicate case {} (constant of type {}) in expression switch",
                                                short(e),
                                                self.types.name(tt)
                                            ),
                                        );
                                    }
                                    seen.push(v);
                                }
                                let (er, et) = self.rvalue(e, Some(tt))?;
                                let d = self.temp();
                                self.binop("==", d, tr, er, tt, et, e.pos)?;
                                d
                            }
                            None => self.expr_reg(e, Some(ids::BOOL))?.0,
                        };
                        js.push(self.emit(Op::JumpIf(hit, 0)));
                    }
                }
            }
            body_jumps.push(js);
        }
        let to_default = self.emit(Op::Jump(0));
        self.f().loops.push(Loop {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: false,
        });
        let mut ends = Vec::new();
        let mut fall: Option<usize> = None;
        for (ci, c) in cases.iter().enumerate() {
            let h = self.here();
            for j in &body_jumps[ci] {
                self.patch(*j, h);
            }
            if default == Some(ci) {
                self.patch(to_default, h);
            }
            if let Some(f) = fall.take() {
                self.patch(f, h);
            }
            self.push_scope();
            self.block(&c.body)?;
            self.pop_scope()?;
            if c.fallthrough {
                if ci + 1 == cases.len() {
                    return err(c.pos, "cannot fallthrough final case in switch");
                }
                fall = Some(self.emit(Op::Jump(0)));
            } else {
                ends.push(self.emit(Op::Jump(0)));
            }
        }
        let end = self.here();
        if default.is_none() {
            self.patch(to_default, end);
        }
        let lp = self.f().loops.pop().unwrap_or_else(|| unreachable!());
        for j in ends.into_iter().chain(lp.breaks) {
            self.patch(j, end);
        }
        self.pop_scope()
    }

    fn type_switch(
        &mut self,
        bind: &Option<String>,
        x: &Expr,
        cases: &[(Option<Vec<TypeExpr>>, Vec<Stmt>, Pos)],
        label: Option<String>,
    ) -> R<()> {
        self.push_scope();
        let (xr, xt) = self.expr_reg(x, None)?;
        if !self.types.is_interface(xt) {
            return err(
                x.pos,
                format!(
                    "{} (variable of type {}) is not an interface",
                    short(x),
                    self.types.name(xt)
                ),
            );
        }
        let dt = self.temp();
        self.emit(Op::DynType(dt, xr));
        let mut body_jumps = Vec::new();
        let mut case_types = Vec::new();
        let mut default = None;
        for (ci, (ts, _, _)) in cases.iter().enumerate() {
            let mut js = Vec::new();
            let mut single = None;
            match ts {
                None => default = Some(ci),
                Some(ts) => {
                    for te in ts {
                        let tid: i64 = match te {
                            TypeExpr::Name(None, n, _) if n == "nil" => -1,
                            _ => self.resolve_type(te)? as i64,
                        };
                        if ts.len() == 1 && tid >= 0 {
                            single = Some(tid as TypeId);
                        }
                        if tid >= 0 && self.types.is_interface(tid as TypeId) {
                            // An interface case matches the values whose method set has
                            // the interface's methods.
                            let k = self.temps(2);
                            self.emit(Op::Assert(k, xr, tid as TypeId, true));
                            js.push(self.emit(Op::JumpIf(k + 1, 0)));
                            continue;
                        }
                        let k = self.temp();
                        self.emit(Op::Int(k, tid));
                        let d = self.temp();
                        self.emit(Op::Bin(BinOp::Eq, d, dt, k));
                        js.push(self.emit(Op::JumpIf(d, 0)));
                    }
                }
            }
            body_jumps.push(js);
            case_types.push(single);
        }
        let to_default = self.emit(Op::Jump(0));
        self.f().loops.push(Loop {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: false,
        });
        let mut ends = Vec::new();
        for (ci, (_, body, pos)) in cases.iter().enumerate() {
            let h = self.here();
            for j in &body_jumps[ci] {
                self.patch(*j, h);
            }
            if default == Some(ci) {
                self.patch(to_default, h);
            }
            self.push_scope();
            if let Some(b) = bind {
                let r = self.temp();
                let t = match case_types[ci] {
                    Some(t) => {
                        self.emit(Op::Assert(r, xr, t, false));
                        t
                    }
                    _ => {
                        self.emit(Op::Move(r, xr));
                        xt
                    }
                };
                self.declare_var(b, r, t, *pos, true)?;
            }
            self.block(body)?;
            self.pop_scope()?;
            ends.push(self.emit(Op::Jump(0)));
        }
        let end = self.here();
        if default.is_none() {
            self.patch(to_default, end);
        }
        let lp = self.f().loops.pop().unwrap_or_else(|| unreachable!());
        for j in ends.into_iter().chain(lp.breaks) {
            self.patch(j, end);
        }
        self.pop_scope()
    }

    fn select(&mut self, cases: &[crate::ast::SelectCase], label: Option<String>) -> R<()> {
        let mut table = SelectTable {
            cases: Vec::new(),
            default: false,
        };
        // Per case: how its body starts (what to bind).
        enum Bind<'a> {
            None,
            Define(&'a [(String, Pos)], Reg, TypeId),
            Assign(&'a [Expr], Reg),
        }
        let mut binds = Vec::new();
        let mut order = Vec::new();
        for c in cases {
            let Some(comm) = &c.comm else {
                table.default = true;
                order.push(None);
                continue;
            };
            self.f().line = comm.pos.line;
            let (recv_expr, bind) = match &comm.kind {
                StmtKind::Send(ch, v) => {
                    let (cr, ct) = self.expr_reg(ch, None)?;
                    let et = match self.types.under(ct) {
                        Type::Chan(dir, e) => {
                            self.channel_way(ch, ct, *dir, Way::Send)?;
                            *e
                        }
                        _ => return err(ch.pos, "send to non-channel"),
                    };
                    let (vr, _) = self.rvalue(v, Some(et))?;
                    let keep = self.temp();
                    self.emit(Op::Move(keep, vr));
                    table.cases.push(crate::bytecode::SelectCase {
                        chan: cr,
                        send: Some(keep),
                        recv: None,
                    });
                    order.push(Some(table.cases.len() - 1));
                    binds.push(Bind::None);
                    continue;
                }
                StmtKind::Expr(e) => (e, 0),
                StmtKind::Define(_, vals) if vals.len() == 1 => (&vals[0], 1),
                StmtKind::Assign(_, "", vals) if vals.len() == 1 => (&vals[0], 2),
                _ => return err(comm.pos, "select case must be receive, send or assign recv"),
            };
            let ch = match &recv_expr.kind {
                ExprKind::Unary("<-", ch) => ch,
                _ => {
                    return err(
                        recv_expr.pos,
                        "select case must be receive, send or assign recv",
                    );
                }
            };
            let (cr, ct) = self.expr_reg(ch, None)?;
            let et = match self.types.under(ct) {
                Type::Chan(dir, e) => {
                    self.channel_way(ch, ct, *dir, Way::Recv)?;
                    *e
                }
                _ => return err(ch.pos, "receive from non-channel"),
            };
            let d = self.temps(2);
            table.cases.push(crate::bytecode::SelectCase {
                chan: cr,
                send: None,
                recv: Some((d, true)),
            });
            order.push(Some(table.cases.len() - 1));
            binds.push(match (&comm.kind, bind) {
                (StmtKind::Define(names, _), 1) => Bind::Define(names, d, et),
                (StmtKind::Assign(lhs, _, _), 2) => Bind::Assign(lhs, d),
                _ => Bind::None,
            });
        }
        let sel = self.temp();
        let idx = self.selects.len() as u32;
        self.selects.push(table.clone());
        self.emit(Op::Select(idx, sel));
        let mut jumps = Vec::new();
        for (ci, o) in order.iter().enumerate() {
            let k = self.temp();
            self.emit(Op::Int(k, o.map_or(table.cases.len() as i64, |i| i as i64)));
            let d = self.temp();
            self.emit(Op::Bin(BinOp::Eq, d, sel, k));
            jumps.push((ci, self.emit(Op::JumpIf(d, 0))));
        }
        let none = self.emit(Op::Jump(0));
        self.f().loops.push(Loop {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: false,
        });
        let mut ends = vec![none];
        let mut bi = binds.into_iter();
        for (ci, c) in cases.iter().enumerate() {
            let h = self.here();
            for (cj, j) in &jumps {
                if *cj == ci {
                    self.patch(*j, h);
                }
            }
            self.push_scope();
            if order[ci].is_some() {
                match bi.next() {
                    Some(Bind::Define(names, d, et)) => {
                        for (i, (n, p)) in names.iter().enumerate() {
                            if n == "_" {
                                continue;
                            }
                            let r = self.temp();
                            self.emit(Op::Move(r, d + i as u32));
                            self.declare_var(n, r, if i == 0 { et } else { ids::BOOL }, *p, false)?;
                        }
                    }
                    Some(Bind::Assign(lhs, d)) => {
                        for (i, l) in lhs.iter().enumerate() {
                            let p = self.place(l)?;
                            self.store(&p, d + i as u32);
                        }
                    }
                    _ => {}
                }
            }
            self.block(&c.body)?;
            self.pop_scope()?;
            ends.push(self.emit(Op::Jump(0)));
        }
        let end = self.here();
        let lp = self.f().loops.pop().unwrap_or_else(|| unreachable!());
        for j in ends.into_iter().chain(lp.breaks) {
            self.patch(j, end);
        }
        Ok(())
    }

    fn ret(&mut self, vals: &[Expr], pos: Pos) -> R<()> {
        let results = self.f().results.clone();
        if vals.is_empty() {
            let named = self.f().named_results.clone();
            if !results.is_empty() && named.is_empty() {
                return err(pos, "not enough return values\n\thave ()");
            }
            return self.named_return(named, pos);
        }
        if vals.len() == 1 && results.len() > 1 {
            let v = self.expr(&vals[0], None)?;
            if let Val::Multi(b, ts) = v
                && ts.len() == results.len()
            {
                self.emit(Op::Return(b, ts.len() as u32, 0));
                return Ok(());
            }
            return err(vals[0].start(), "not enough return values");
        }
        if vals.len() != results.len() {
            // Go points at the first extra value, or at the last one.
            return if vals.len() > results.len() {
                err(vals[results.len()].start(), "too many return values")
            } else {
                err(vals[vals.len() - 1].start(), "not enough return values")
            };
        }
        let named = self.f().named_results.clone();
        if let ([v], [t], true) = (vals, &results[..], named.is_empty()) {
            // One result returns from where it was computed.
            let (r, _) = self.rvalue(v, Some(*t))?;
            self.emit(Op::Return(r, 1, 0));
            return Ok(());
        }
        let base = self.temps(vals.len() as u32);
        for (i, (v, t)) in vals.iter().zip(&results).enumerate() {
            self.rvalue_into(v, Some(*t), base + i as u32)?;
        }
        if !named.is_empty() {
            // Results go to the named variables first: deferred calls may change them.
            for (i, s) in named.iter().enumerate() {
                let p = self.sym_place(s.clone(), pos)?;
                self.store(&p, base + i as u32);
            }
            return self.named_return(named, pos);
        }
        self.emit(Op::Return(base, results.len() as u32, 0));
        Ok(())
    }

    /// Loads the named results and returns them; the VM re-runs the loads after each
    /// deferred call, which may have changed them.
    fn named_return(&mut self, named: Vec<Sym>, pos: Pos) -> R<()> {
        let base = self.temps(named.len() as u32);
        let start = self.here();
        for (i, s) in named.iter().enumerate() {
            let p = self.sym_place(s.clone(), pos)?;
            let r = self.load(&p);
            self.emit(Op::Move(base + i as u32, r));
        }
        let back = self.here() - start;
        self.emit(Op::Return(base, named.len() as u32, back));
        Ok(())
    }

    // ---- expressions ----

    fn val_type(&self, v: &Val) -> TypeId {
        match v {
            Val::Reg(_, t) | Val::Const(_, t) => *t,
            Val::Multi(_, ts) => ts.first().copied().unwrap_or(ids::VOID),
        }
    }

    /// Whether values of `t` are objects the VM shares by reference and copies on
    /// assignment, passing and return (Go's value semantics): structs, arrays, and the
    /// `sync` and `sync/atomic` types (a `WaitGroup` passed by value is a copy, as in Go).
    /// Refuses a receive from (or range over) a send-only channel, and a send to or a
    /// close of a receive-only one, with Go's message at the channel's position.
    fn channel_way(
        &self,
        ch: &Expr,
        ct: TypeId,
        dir: ChanDir,
        way: Way,
    ) -> Result<(), CompileError> {
        let what = format!("{} (variable of type {})", short(ch), self.types.name(ct));
        let refused = match way {
            Way::Recv if !dir.can_recv() => {
                format!("invalid operation: cannot receive from send-only channel {what}")
            }
            Way::Range if !dir.can_recv() => {
                format!("cannot range over {what} (receive from send-only channel)")
            }
            Way::Send if !dir.can_send() => {
                format!("invalid operation: cannot send to receive-only channel {what}")
            }
            Way::Close if !dir.can_send() => {
                format!("invalid operation: cannot close receive-only channel {what}")
            }
            _ => return Ok(()),
        };
        err(ch.start(), refused)
    }

    fn is_aggregate(&self, t: TypeId) -> bool {
        matches!(
            self.types.under(t),
            Type::Struct(_)
                | Type::Array(..)
                | Type::Builtin(
                    Builtin::WaitGroup
                        | Builtin::Mutex
                        | Builtin::RWMutex
                        | Builtin::Once
                        | Builtin::AtomicInt(_)
                        | Builtin::AtomicBool
                        | Builtin::Builder
                )
        )
    }

    /// An index, a slice bound or a `make` size: a value of any integer type (an untyped
    /// constant becomes an `int`), in a register as the VM keeps every integer.
    fn int_operand(&mut self, e: &Expr, what: &str) -> R<Reg> {
        let v = self.expr(e, None)?;
        let t = self.val_type(&v);
        let want = if self.types.is_untyped(t) {
            ids::INT
        } else {
            t
        };
        let (r, t) = self.materialize(v, Some(want), e.start())?;
        if self.types.int_kind(t).is_none() {
            return err(
                e.start(),
                format!(
                    "invalid argument: {what} {} (variable of type {}) must be integer",
                    short(e),
                    self.types.name(t)
                ),
            );
        }
        Ok(r)
    }

    /// A value to store or pass: structs and arrays copied, constants converted to `want`.
    fn rvalue(&mut self, e: &Expr, want: Option<TypeId>) -> R<(Reg, TypeId)> {
        let v = self.expr(e, want)?;
        if let Val::Multi(_, ts) = &v
            && ts.len() != 1
        {
            return err(
                e.start(),
                format!(
                    "multiple-value {} (value of type {}) in single-value context",
                    short(e),
                    self.types.name(self.types.intern_tuple(ts))
                ),
            );
        }
        let (r, t) = self.materialize(v, want, e.start())?;
        let fresh = matches!(e.kind, ExprKind::Composite(..) | ExprKind::Call(..));
        let r = if !fresh && self.is_aggregate(t) {
            let d = self.temp();
            self.emit(Op::Copy(d, r, t));
            d
        } else {
            r
        };
        match want {
            Some(w) => {
                if t == ids::UNIL && !self.types.assignable(t, w) {
                    return err(
                        e.start(),
                        format!("cannot use nil as {} value", self.types.name(w)),
                    );
                }
                if !self.types.assignable(t, w) && !self.types.is_untyped(t) {
                    return err(
                        e.start(),
                        format!(
                            "cannot use {} (variable of type {}) as {} value",
                            short(e),
                            self.types.name(t),
                            self.types.name(w)
                        ),
                    );
                }
                if let Some(why) = self.not_implemented(t, w) {
                    return err(
                        e.start(),
                        format!(
                            "cannot use {} (value of type {}) as {} value: {why}",
                            short(e),
                            self.types.name(t).replace("main.", ""),
                            self.types.name(w).replace("main.", "")
                        ),
                    );
                }
                let r = self.convert_reg(r, t, w)?;
                Ok((r, w))
            }
            None => Ok((r, t)),
        }
    }

    /// Why a value of concrete type `t` cannot be an `iface`, in Go's words, if it cannot:
    /// a method missing from its method set (a pointer receiver's method is not in a
    /// value's).
    fn not_implemented(&self, t: TypeId, iface: TypeId) -> Option<String> {
        let Type::Interface(ms) = self.types.under(iface) else {
            return None;
        };
        if self.types.is_interface(t) || self.types.is_untyped(t) {
            return None;
        }
        let (base, is_ptr) = match self.types.get(t) {
            Type::Ptr(b) => (*b, true),
            _ => (t, false),
        };
        // Go's messages name the program's own types without their package.
        let (tn, iname) = (
            self.types.name(t).replace("main.", ""),
            self.types.name(iface).replace("main.", ""),
        );
        for (name, _) in ms {
            match self.methods.get(&(base, name.clone())) {
                Some(&(_, ptr)) if ptr && !is_ptr => {
                    return Some(format!(
                        "{tn} does not implement {iname} (method {name} has pointer receiver)"
                    ));
                }
                Some(_) => {}
                None if (t == ids::ERRSTR && name == "Error")
                    || (t == ids::DURATION && name == "String") => {}
                None => {
                    return Some(format!(
                        "{tn} does not implement {iname} (missing method {name})"
                    ));
                }
            }
        }
        None
    }

    /// Converts a register of type `from` for storing as `to` (boxing into interfaces).
    fn convert_reg(&mut self, r: Reg, from: TypeId, to: TypeId) -> R<Reg> {
        if self.types.is_interface(to) && !self.types.is_interface(from) && from != ids::UNIL {
            let d = self.temp();
            let dt = self.types.default_type(from);
            self.emit(Op::ToIface(d, r, dt));
            return Ok(d);
        }
        if self.types.is_float(to)
            && self.types.int_kind(from).is_some()
            && self.types.is_untyped(from)
        {
            let d = self.temp();
            self.emit(Op::IntToFloat(d, r));
            return Ok(d);
        }
        Ok(r)
    }

    fn expr_reg(&mut self, e: &Expr, want: Option<TypeId>) -> R<(Reg, TypeId)> {
        let v = self.expr(e, want)?;
        if let Val::Multi(b, ts) = &v {
            if ts.len() == 1 {
                return Ok((*b, ts[0]));
            }
            return err(
                e.start(),
                format!("multiple-value {} in single-value context", short(e)),
            );
        }
        self.materialize(v, want, e.start())
    }

    fn materialize(&mut self, v: Val, want: Option<TypeId>, pos: Pos) -> R<(Reg, TypeId)> {
        match v {
            Val::Reg(r, t) => Ok((r, t)),
            Val::Multi(b, ts) => Ok((b, ts.first().copied().unwrap_or(ids::VOID))),
            Val::Const(c, t) => {
                let target = match want {
                    Some(w) if self.types.is_untyped(t) && !self.types.is_interface(w) => w,
                    _ => self.types.default_type(t),
                };
                let c = self.convert_const(c, t, target, pos)?;
                let d = self.temp();
                match c {
                    CVal::Int(i) => self.emit(Op::Int(d, i as i64)),
                    CVal::Float(f) => {
                        let k = self.konst(Value::Float(f));
                        self.emit(Op::Const(d, k))
                    }
                    CVal::Bool(b) => {
                        let k = self.konst(Value::Bool(b));
                        self.emit(Op::Const(d, k))
                    }
                    CVal::Str(s) => {
                        let k = self.konst(Value::Str(s));
                        self.emit(Op::Const(d, k))
                    }
                };
                Ok((d, target))
            }
        }
    }

    fn convert_const(&mut self, c: CVal, from: TypeId, to: TypeId, pos: Pos) -> R<CVal> {
        if self.types.is_interface(to) {
            return Ok(c);
        }
        Ok(match (c, self.types.under(to).clone()) {
            (CVal::Int(i), Type::Int(k)) => {
                if !k.fits(i) {
                    return err(
                        pos,
                        format!(
                            "cannot use {i} ({}) as {} value in assignment (overflows)",
                            crate::check::describe_const(&self.types, from),
                            self.types.name(to)
                        ),
                    );
                }
                CVal::Int(i)
            }
            (CVal::Float(f), Type::Int(k)) => {
                if f.fract() != 0.0 {
                    return err(
                        pos,
                        format!(
                            "cannot use {f} (untyped float constant) as {} value in assignment (truncated)",
                            self.types.name(to)
                        ),
                    );
                }
                if !k.fits(f as i128) {
                    return err(pos, "constant overflows");
                }
                CVal::Int(f as i128)
            }
            (CVal::Int(i), Type::Float64) => CVal::Float(i as f64),
            (CVal::Int(i), Type::Float32) => CVal::Float(f64::from(i as f32)),
            (CVal::Float(f), Type::Float32) if f.abs() > f32::MAX as f64 => {
                return err(
                    pos,
                    format!(
                        "cannot use {f:e} (untyped float constant) as {} value in assignment (overflows)",
                        self.types.name(to)
                    ),
                );
            }
            // A float32 constant is rounded to float32's precision, as Go rounds it.
            (CVal::Float(f), Type::Float32) => CVal::Float(f64::from(f as f32)),
            (c @ CVal::Float(_), Type::Float64) => c,
            (c @ CVal::Bool(_), Type::Bool) => c,
            (c @ CVal::Str(_), Type::String) => c,
            (c, Type::Untyped(_)) => c,
            (c, _) => {
                let shown = match &c {
                    CVal::Int(i) => i.to_string(),
                    CVal::Float(f) => f.to_string(),
                    CVal::Bool(b) => b.to_string(),
                    CVal::Str(s) => format!("{s:?}"),
                };
                return err(
                    pos,
                    format!(
                        "cannot use {shown} ({}) as {} value",
                        crate::check::describe_const(&self.types, from),
                        self.types.name(to)
                    ),
                );
            }
        })
    }

    /// The value and type of a constant expression, or `None` if `e` is not one. A
    /// typed float32 constant is rounded to float32 at each step, as Go's checker rounds
    /// a typed constant to its type.
    fn const_eval(&mut self, e: &Expr) -> R<Option<(CVal, TypeId)>> {
        Ok(match self.const_eval_exact(e)? {
            Some((CVal::Float(f), t)) if matches!(self.types.under(t), Type::Float32) => {
                Some((CVal::Float(f64::from(f as f32)), t))
            }
            folded => folded,
        })
    }

    fn const_eval_exact(&mut self, e: &Expr) -> R<Option<(CVal, TypeId)>> {
        Ok(match &e.kind {
            ExprKind::Int(v) => Some((CVal::Int(*v as i128), ids::UINT_C)),
            ExprKind::Float(v) => Some((CVal::Float(*v), ids::UFLOAT)),
            ExprKind::Char(c) => Some((CVal::Int(*c as i128), ids::URUNE)),
            ExprKind::Str(s) => Some((CVal::Str(Arc::from(s.as_str())), ids::USTRING)),
            ExprKind::Paren(x) => self.const_eval(x)?,
            ExprKind::Ident(n) if n == "iota" && self.iota.is_some() => {
                Some((CVal::Int(self.iota.unwrap_or(0) as i128), ids::UINT_C))
            }
            ExprKind::Ident(n) => match self.lookup(n, e.pos) {
                Ok(Sym::Const { val, ty }) => Some((val, ty)),
                _ => None,
            },
            ExprKind::Selector(p, n) => match &p.kind {
                ExprKind::Ident(pk) if self.imports.contains_key(pk) && self.is_pkg(pk, e.pos) => {
                    pkg_const(pk, n)
                }
                _ => None,
            },
            ExprKind::Unary(op, x) => match (self.const_eval(x)?, *op) {
                (Some((CVal::Int(i), t)), "-") => Some((CVal::Int(-i), t)),
                (Some((CVal::Float(f), t)), "-") => Some((CVal::Float(-f), t)),
                (Some(v), "+") => Some(v),
                (Some((CVal::Bool(b), t)), "!") => Some((CVal::Bool(!b), t)),
                (Some((CVal::Int(i), t)), "^") => {
                    let r = !i;
                    Some((
                        CVal::Int(match self.types.int_kind(t) {
                            Some(k) if k.unsigned() && !self.types.is_untyped(t) => {
                                k.wrap(r as i64) as i128
                                    & if k == IntKind::Uint || k == IntKind::U64 {
                                        u64::MAX as i128
                                    } else {
                                        i128::MAX
                                    }
                            }
                            _ => r,
                        }),
                        t,
                    ))
                }
                _ => None,
            },
            ExprKind::Binary(op, a, b) => {
                let (Some((x, tx)), Some((y, ty))) = (self.const_eval(a)?, self.const_eval(b)?)
                else {
                    return Ok(None);
                };
                let t = if self.types.is_untyped(tx) {
                    if self.types.is_untyped(ty) {
                        // The "larger" kind wins: float > rune > int.
                        let rank = |t: TypeId| match t {
                            ids::UFLOAT => 3,
                            ids::URUNE => 2,
                            _ => 1,
                        };
                        if rank(tx) >= rank(ty) { tx } else { ty }
                    } else {
                        ty
                    }
                } else {
                    tx
                };
                let t = if matches!(*op, "<<" | ">>") { tx } else { t };
                let as_f = |v: &CVal| match v {
                    CVal::Int(i) => *i as f64,
                    CVal::Float(f) => *f,
                    _ => 0.0,
                };
                let is_float = self.types.is_float(t)
                    || matches!((&x, &y), (CVal::Float(_), _) | (_, CVal::Float(_)))
                        && !matches!(*op, "<<" | ">>");
                let cmp = matches!(*op, "==" | "!=" | "<" | "<=" | ">" | ">=");
                match (&x, &y) {
                    (CVal::Str(p), CVal::Str(q)) => match *op {
                        "+" => Some((CVal::Str(Arc::from(format!("{p}{q}"))), t)),
                        "==" => Some((CVal::Bool(p == q), ids::UBOOL)),
                        "!=" => Some((CVal::Bool(p != q), ids::UBOOL)),
                        "<" => Some((CVal::Bool(p < q), ids::UBOOL)),
                        ">" => Some((CVal::Bool(p > q), ids::UBOOL)),
                        _ => None,
                    },
                    (CVal::Bool(p), CVal::Bool(q)) => match *op {
                        "&&" => Some((CVal::Bool(*p && *q), t)),
                        "||" => Some((CVal::Bool(*p || *q), t)),
                        "==" => Some((CVal::Bool(p == q), ids::UBOOL)),
                        "!=" => Some((CVal::Bool(p != q), ids::UBOOL)),
                        _ => None,
                    },
                    _ if is_float => {
                        let (p, q) = (as_f(&x), as_f(&y));
                        if *op == "/" && q == 0.0 {
                            return err(b.start(), "invalid operation: division by zero");
                        }
                        let r = match *op {
                            "+" => p + q,
                            "-" => p - q,
                            "*" => p * q,
                            "/" => p / q,
                            _ if cmp => {
                                let b = match *op {
                                    "==" => p == q,
                                    "!=" => p != q,
                                    "<" => p < q,
                                    "<=" => p <= q,
                                    ">" => p > q,
                                    _ => p >= q,
                                };
                                return Ok(Some((CVal::Bool(b), ids::UBOOL)));
                            }
                            _ => return Ok(None),
                        };
                        // Go's constants are exact; ours are float64. Sums and products of
                        // short decimals are rounded to 15 digits, so 0.1 + 0.2 is 0.3 as in Go.
                        let r = if matches!(*op, "+" | "-" | "*") && r.is_finite() {
                            let short: f64 = format!("{r:.14e}").parse().unwrap_or(r);
                            let shown = format!("{r:e}");
                            let noisy = shown.contains("0000") || shown.contains("9999");
                            if noisy && (short - r).abs() <= r.abs() * 4e-16 {
                                short
                            } else {
                                r
                            }
                        } else {
                            r
                        };
                        Some((CVal::Float(r), t))
                    }
                    (CVal::Int(p), CVal::Int(q)) => {
                        let (p, q) = (*p, *q);
                        if matches!(*op, "/" | "%") && q == 0 {
                            return err(b.start(), "invalid operation: division by zero");
                        }
                        let r = match *op {
                            "+" => p + q,
                            "-" => p - q,
                            "*" => p.checked_mul(q).unwrap_or(0),
                            "/" => p / q,
                            "%" => p % q,
                            "&" => p & q,
                            "|" => p | q,
                            "^" => p ^ q,
                            "&^" => p & !q,
                            "<<" => {
                                if q > 100 {
                                    return err(e.pos, "shift count too large");
                                }
                                p << q
                            }
                            ">>" => p >> q.min(127),
                            _ if cmp => {
                                let b = match *op {
                                    "==" => p == q,
                                    "!=" => p != q,
                                    "<" => p < q,
                                    "<=" => p <= q,
                                    ">" => p > q,
                                    _ => p >= q,
                                };
                                return Ok(Some((CVal::Bool(b), ids::UBOOL)));
                            }
                            _ => return Ok(None),
                        };
                        if let (Some(k), false) = (self.types.int_kind(t), self.types.is_untyped(t))
                            && !k.fits(r)
                        {
                            let t = self.types.name(t);
                            return err(
                                e.start(),
                                format!("{} (constant {r} of type {t}) overflows {t}", short(e)),
                            );
                        }
                        Some((CVal::Int(r), t))
                    }
                    _ => None,
                }
            }
            ExprKind::Call(f, args, false) if args.len() == 1 => {
                // Conversions of constants: int64(5), time.Duration(3), float64(2).
                let ty = match &f.kind {
                    ExprKind::Ident(n) => match self.lookup(n, f.pos) {
                        Ok(Sym::Type(t)) => Some(t),
                        _ => None,
                    },
                    ExprKind::Selector(p, n)
                        if matches!(&p.kind, ExprKind::Ident(x) if x == "time")
                            && n == "Duration" =>
                    {
                        // A use of the package, as any other.
                        self.used_pkgs.insert("time".into());
                        Some(ids::DURATION)
                    }
                    _ => None,
                };
                match ty {
                    Some(t)
                        if matches!(
                            self.types.under(t),
                            Type::Int(_)
                                | Type::Float64
                                | Type::Float32
                                | Type::String
                                | Type::Bool
                        ) =>
                    {
                        match self.const_eval(&args[0])? {
                            Some((CVal::Int(i), _)) if self.types.is_string(t) => Some((
                                CVal::Str(Arc::from(
                                    char::from_u32(i as u32).unwrap_or('\u{FFFD}').to_string(),
                                )),
                                t,
                            )),
                            Some((c, ct)) => {
                                let c = match (c, self.types.int_kind(t)) {
                                    (CVal::Float(f), Some(_)) if !self.types.is_untyped(ct) => {
                                        CVal::Int(f as i128)
                                    }
                                    (c, _) => c,
                                };
                                Some((self.convert_const(c, ct, t, args[0].start())?, t))
                            }
                            None => None,
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        })
    }

    fn is_pkg(&mut self, name: &str, pos: Pos) -> bool {
        matches!(self.lookup(name, pos), Ok(Sym::Pkg(_)))
    }

    fn field_index(&self, st: TypeId, name: &str) -> Option<(u32, TypeId)> {
        match self.types.under(st) {
            Type::Struct(fs) => fs
                .iter()
                .position(|(n, _)| n == name)
                .map(|i| (i as u32, fs[i].1)),
            _ => None,
        }
    }

    /// The embedded fields to go through to reach field or method `name` of struct type
    /// `st` (or of what it points to) when `st` has no field or method of that name itself,
    /// as (field index, field type) from the outside in: the shallowest one, as Go
    /// promotes it, or `None` when there is none or two at the same depth.
    fn promoted_path(&self, st: TypeId, name: &str) -> Option<Vec<(u32, TypeId)>> {
        let deref = |t: TypeId| match self.types.under(t) {
            Type::Ptr(p) => *p,
            _ => t,
        };
        let has = |t: TypeId| {
            self.field_index(t, name).is_some()
                || self.methods.contains_key(&(t, name.to_string()))
                || matches!(self.types.under(t), Type::Builtin(b) if builtin_has_method(*b, name))
        };
        let mut level = vec![(deref(st), Vec::new())];
        while !level.is_empty() {
            let mut next = Vec::new();
            let mut found = Vec::new();
            for (t, path) in level {
                let under = self.types.underlying(t);
                let Type::Struct(fs) = self.types.get(under) else {
                    continue;
                };
                for (i, (_, ft)) in fs.iter().enumerate() {
                    if !self.embedded.contains(&(under, i as u32)) {
                        continue;
                    }
                    let mut p: Vec<(u32, TypeId)> = path.clone();
                    p.push((i as u32, *ft));
                    if has(deref(*ft)) {
                        found.push(p);
                    } else {
                        next.push((deref(*ft), p));
                    }
                }
            }
            match found.len() {
                0 => level = next,
                1 => return found.pop(),
                _ => return None,
            }
        }
        None
    }

    /// Where member `name` of `x` (of type `xt`, maybe a pointer) is: `x` itself when its
    /// type has a field or method of that name or none is promoted, else the embedded
    /// field it is promoted from; as (register, its type, the type pointed to or itself).
    fn member_of(&mut self, x: Reg, xt: TypeId, name: &str) -> (Reg, TypeId, TypeId) {
        let pointee = |c: &Self, t: TypeId| match c.types.under(t) {
            Type::Ptr(p) => *p,
            _ => t,
        };
        let st = pointee(self, xt);
        if self.field_index(st, name).is_some()
            || self.methods.contains_key(&(st, name.to_string()))
        {
            return (x, xt, st);
        }
        match self.promoted_path(st, name) {
            Some(path) => {
                let (r, t) = self.through(x, &path);
                (r, t, pointee(self, t))
            }
            None => (x, xt, st),
        }
    }

    /// Goes through the embedded fields `path` from `x` (a struct or a pointer to one).
    fn through(&mut self, mut x: Reg, path: &[(u32, TypeId)]) -> (Reg, TypeId) {
        let mut t = ids::VOID;
        for &(i, ft) in path {
            let d = self.temp();
            self.emit(Op::Field(d, x, i));
            (x, t) = (d, ft);
        }
        (x, t)
    }

    fn expr(&mut self, e: &Expr, want: Option<TypeId>) -> R<Val> {
        if let Some((c, t)) = self.const_eval(e)? {
            return Ok(Val::Const(c, t));
        }
        match &e.kind {
            ExprKind::Ident(n) => {
                let sym = self.lookup(n, e.pos)?;
                Ok(match sym {
                    Sym::Local {
                        reg,
                        ty,
                        boxed: false,
                    } => Val::Reg(reg, ty),
                    Sym::Local {
                        reg,
                        ty,
                        boxed: true,
                    } => {
                        let d = self.temp();
                        self.emit(Op::LoadCell(d, reg));
                        Val::Reg(d, ty)
                    }
                    Sym::Cap { idx, ty } => {
                        let d = self.temp();
                        self.emit(Op::LoadCap(d, idx));
                        self.emit(Op::LoadCell(d, d));
                        Val::Reg(d, ty)
                    }
                    Sym::Global { idx, ty } => {
                        let d = self.temp();
                        self.emit(Op::LoadGlobal(d, idx));
                        Val::Reg(d, ty)
                    }
                    Sym::Func { id, ty } => {
                        let d = self.temp();
                        self.emit(Op::Closure(d, id, Box::new([])));
                        Val::Reg(d, ty)
                    }
                    Sym::Nil => {
                        let d = self.temp();
                        self.emit(Op::Zero(d, ids::UNIL));
                        Val::Reg(d, ids::UNIL)
                    }
                    Sym::Const { val, ty } => Val::Const(val, ty),
                    Sym::Type(_) => return err(e.pos, format!("{n} (type) is not an expression")),
                    Sym::Pkg(_) => {
                        return err(e.pos, format!("use of package {n} without selector"));
                    }
                    Sym::Builtin(_) => {
                        return err(e.pos, format!("{n} (built-in function) must be called"));
                    }
                })
            }
            ExprKind::Paren(x) => self.expr(x, want),
            ExprKind::FuncLit(sig, body, end) => self.func_lit(sig, body, e.pos, *end),
            ExprKind::Unary("&", x) => self.addr_of(x, e.pos),
            ExprKind::Unary("<-", ch) => {
                let (c, ct) = self.expr_reg(ch, None)?;
                let et = match self.types.under(ct) {
                    Type::Chan(dir, t) => {
                        self.channel_way(ch, ct, *dir, Way::Recv)?;
                        *t
                    }
                    _ => {
                        return err(
                            e.pos,
                            format!(
                                "invalid operation: cannot receive from non-channel {}",
                                short(ch)
                            ),
                        );
                    }
                };
                let d = self.temps(2);
                self.emit(Op::Recv(d, c, false));
                Ok(Val::Reg(d, et))
            }
            ExprKind::Unary(op, x) => {
                let (r, t) = self.expr_reg(x, want)?;
                let d = self.temp();
                match *op {
                    "-" => self.emit(Op::Neg(d, r)),
                    "+" => self.emit(Op::Move(d, r)),
                    "!" => self.emit(Op::Not(d, r)),
                    _ => self.emit(Op::BitNot(
                        d,
                        r,
                        self.types.int_kind(t).unwrap_or(IntKind::Int),
                    )),
                };
                if *op == "-"
                    && let Some(k) = self.types.int_kind(t)
                    && k != IntKind::Int
                    && k != IntKind::I64
                {
                    self.emit(Op::Wrap(d, k));
                }
                Ok(Val::Reg(d, t))
            }
            ExprKind::Binary(op @ ("&&" | "||"), a, b) => {
                let d = self.temp();
                let (ra, _) = self.expr_reg(a, Some(ids::BOOL))?;
                self.emit(Op::Move(d, ra));
                let j = if *op == "&&" {
                    self.emit(Op::JumpIfNot(d, 0))
                } else {
                    self.emit(Op::JumpIf(d, 0))
                };
                let (rb, _) = self.expr_reg(b, Some(ids::BOOL))?;
                self.emit(Op::Move(d, rb));
                let h = self.here();
                self.patch(j, h);
                Ok(Val::Reg(d, ids::BOOL))
            }
            ExprKind::Binary(op @ ("+" | "-"), a, b)
                if let Some((CVal::Int(k), _)) = self.const_eval(b)?
                    && self.const_eval(a)?.is_none() =>
            {
                let va = self.expr(a, None)?;
                let _ = self.val_type(&va);
                let (ra, ta) = self.materialize(va, None, a.pos)?;
                let d = self.temp();
                if matches!(self.types.int_kind(ta), Some(IntKind::Int | IntKind::I64))
                    && k.abs() < i64::MAX as i128
                {
                    self.emit(Op::AddIK(
                        d,
                        ra,
                        if *op == "+" { k as i64 } else { -(k as i64) },
                    ));
                    return Ok(Val::Reg(d, ta));
                }
                let (rb, tb) = self.rvalue(b, Some(ta))?;
                let rt = self.binop(op, d, ra, rb, ta, tb, e.pos)?;
                Ok(Val::Reg(d, rt))
            }
            ExprKind::Binary(op, a, b) => {
                let shift = matches!(*op, "<<" | ">>");
                let va = self.expr(a, if shift { want } else { None })?;
                let ta = self.val_type(&va);
                let vb = self.expr(
                    b,
                    if shift || self.types.is_untyped(ta) {
                        None
                    } else {
                        Some(ta)
                    },
                )?;
                let tb = self.val_type(&vb);
                let t = if shift {
                    if self.types.is_untyped(ta) {
                        want.filter(|w| self.types.int_kind(*w).is_some())
                            .unwrap_or(ids::INT)
                    } else {
                        ta
                    }
                } else if self.types.is_untyped(ta) && !self.types.is_untyped(tb) {
                    tb
                } else if !self.types.is_untyped(ta) {
                    ta
                } else {
                    self.types
                        .default_type(if ta == ids::UFLOAT || tb == ids::UFLOAT {
                            ids::UFLOAT
                        } else {
                            ta
                        })
                };
                let mismatched = |types: &Types, ta: TypeId, tb: TypeId| {
                    err(
                        e.start(),
                        format!(
                            "invalid operation: {} (mismatched types {} and {})",
                            short(e),
                            types.name(ta),
                            types.name(tb)
                        ),
                    )
                };
                // Untyped constants of different kinds (`"-" * 20`): the numeric kinds mix.
                let numeric = |t: TypeId| matches!(t, ids::UINT_C | ids::UFLOAT | ids::URUNE);
                if !shift
                    && self.types.is_untyped(ta)
                    && self.types.is_untyped(tb)
                    && ta != tb
                    && !(numeric(ta) && numeric(tb))
                {
                    return mismatched(&self.types, ta, tb);
                }
                let (ra, ta2) = self.materialize(va, Some(t), a.pos)?;
                let (rb, tb2) = self.materialize(
                    vb,
                    if shift {
                        Some(self.types.default_type(tb))
                    } else {
                        Some(t)
                    },
                    b.pos,
                )?;
                if !shift && !self.types.assignable(tb2, ta2) && !self.types.assignable(ta2, tb2) {
                    return mismatched(&self.types, ta2, tb2);
                }
                // An integer divided by a constant zero, as Go refuses it.
                if matches!(*op, "/" | "%")
                    && self.types.int_kind(ta2).is_some()
                    && let Some((CVal::Int(0), _)) = self.const_eval(b)?
                {
                    return err(b.start(), "invalid operation: division by zero");
                }
                let d = self.temp();
                let rt = self.binop(op, d, ra, rb, ta2, tb2, e.pos)?;
                Ok(Val::Reg(d, rt))
            }
            ExprKind::Call(..) => self.call(e, CallMode::Normal),
            ExprKind::Selector(x, name) => self.selector(x, name, e.pos),
            ExprKind::Index(x, i) => {
                let (xr, xt) = self.expr_reg(x, None)?;
                let under = self.types.under(xt).clone();
                let (et, is_map) = match under {
                    Type::Slice(t) | Type::Array(_, t) => (t, false),
                    Type::String => (ids::UINT8, false),
                    Type::Map(kt, vt) => {
                        let (kr, _) = self.rvalue(i, Some(kt))?;
                        let d = self.temp();
                        self.emit(Op::MapGet(d, xr, kr, vt));
                        return Ok(Val::Reg(d, vt));
                    }
                    Type::Ptr(p) => match self.types.under(p).clone() {
                        Type::Array(_, t) => (t, false),
                        _ => {
                            return err(
                                e.pos,
                                format!("invalid operation: cannot index {}", short(x)),
                            );
                        }
                    },
                    _ => {
                        return err(
                            e.pos,
                            format!(
                                "invalid operation: cannot index {} (variable of type {})",
                                short(x),
                                self.types.name(xt)
                            ),
                        );
                    }
                };
                let _ = is_map;
                if let (Some((CVal::Int(c), _)), Type::Array(n, _)) =
                    (self.const_eval(i)?, self.types.under(xt).clone())
                    && (c < 0 || c as u64 >= n)
                {
                    return err(
                        i.pos,
                        format!("invalid argument: index {c} out of bounds [0:{n}]"),
                    );
                }
                let ir = self.int_operand(i, "index")?;
                let d = self.temp();
                self.emit(Op::Index(d, xr, ir));
                Ok(Val::Reg(d, et))
            }
            ExprKind::Slice(x, lo, hi, max) => {
                let (xr, xt) = self.expr_reg(x, None)?;
                let rt = match self.types.under(xt).clone() {
                    Type::Array(_, e) => self.types.intern(Type::Slice(e)),
                    Type::Ptr(p) => match self.types.under(p).clone() {
                        Type::Array(_, e) => self.types.intern(Type::Slice(e)),
                        _ => return err(e.pos, "cannot slice"),
                    },
                    Type::String | Type::Untyped("string") => ids::STRING,
                    Type::Slice(_) => xt,
                    _ => {
                        return err(
                            e.pos,
                            format!(
                                "cannot slice {} (variable of type {})",
                                short(x),
                                self.types.name(xt)
                            ),
                        );
                    }
                };
                let l = match lo {
                    Some(l) => self.int_operand(l, "index")?,
                    None => {
                        let r = self.temp();
                        self.emit(Op::Zero(r, ids::UNIL));
                        r
                    }
                };
                let h = match hi {
                    Some(h) => self.int_operand(h, "index")?,
                    None => {
                        let r = self.temp();
                        self.emit(Op::Zero(r, ids::UNIL));
                        r
                    }
                };
                let m = match max {
                    Some(m) => self.int_operand(m, "index")?,
                    None => {
                        let r = self.temp();
                        self.emit(Op::Zero(r, ids::UNIL));
                        r
                    }
                };
                let d = self.temp();
                self.emit(Op::SliceOf(d, xr, l, h, m));
                Ok(Val::Reg(d, if self.types.is_string(xt) { xt } else { rt }))
            }
            ExprKind::Deref(p) => {
                let (pr, pt) = self.expr_reg(p, None)?;
                let t = match self.types.under(pt) {
                    Type::Ptr(t) => *t,
                    _ => {
                        return err(
                            e.pos,
                            format!("invalid operation: cannot indirect {}", short(p)),
                        );
                    }
                };
                let d = self.temp();
                self.emit(Op::Load(d, pr));
                Ok(Val::Reg(d, t))
            }
            ExprKind::Composite(te, elems) => {
                let t = match (te, want) {
                    (Some(te), _) => self.composite_type(te, elems.len(), elems)?,
                    (None, Some(w)) => w,
                    (None, None) => {
                        return err(e.pos, "invalid composite literal type: missing type");
                    }
                };
                self.composite(t, elems, e.pos)
            }
            ExprKind::TypeAssert(x, te) => {
                let (xr, xt) = self.expr_reg(x, None)?;
                if !self.types.is_interface(xt) {
                    return err(
                        x.pos,
                        format!(
                            "invalid operation: {} (variable of type {}) is not an interface",
                            short(x),
                            self.types.name(xt)
                        ),
                    );
                }
                let t = self.resolve_type(te)?;
                let d = self.temps(2);
                self.emit(Op::Assert(d, xr, t, false));
                Ok(Val::Reg(d, t))
            }
            ExprKind::Type(_) => err(e.pos, "type is not an expression"),
            ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Char(_) | ExprKind::Str(_) => {
                unreachable!()
            }
        }
    }

    fn composite_type(
        &mut self,
        te: &TypeExpr,
        n: usize,
        elems: &[(Option<Expr>, Expr)],
    ) -> R<TypeId> {
        let _ = n;
        if let TypeExpr::Array(None, et) = te {
            let et = self.resolve_type(et)?;
            let mut i = 0u64;
            let mut most = 0;
            for (k, _) in elems {
                if let Some(k) = k
                    && let Some((CVal::Int(v), _)) = self.const_eval(k)?
                {
                    i = v as u64;
                }
                i += 1;
                most = most.max(i);
            }
            return Ok(self.types.intern(Type::Array(most, et)));
        }
        self.resolve_type(te)
    }

    #[allow(clippy::too_many_arguments)]
    fn binop(
        &mut self,
        op: &str,
        d: Reg,
        a: Reg,
        b: Reg,
        ta: TypeId,
        tb: TypeId,
        pos: Pos,
    ) -> R<TypeId> {
        let t = ta;
        let kind = self.types.int_kind(t);
        let uns = kind.is_some_and(|k| k.unsigned());
        let is_str = self.types.is_string(t);
        let is_num = kind.is_some() || self.types.is_float(t);
        let bop = match op {
            "+" if is_num || is_str => BinOp::Add,
            "-" if is_num => BinOp::Sub,
            "*" if is_num => BinOp::Mul,
            "/" if is_num => {
                if uns {
                    BinOp::UDiv
                } else {
                    BinOp::Div
                }
            }
            "%" if kind.is_some() => {
                if uns {
                    BinOp::URem
                } else {
                    BinOp::Rem
                }
            }
            "&" if kind.is_some() => BinOp::And,
            "|" if kind.is_some() => BinOp::Or,
            "^" if kind.is_some() => BinOp::Xor,
            "&^" if kind.is_some() => BinOp::AndNot,
            "<<" if kind.is_some() => BinOp::Shl,
            ">>" if kind.is_some() => {
                if uns {
                    BinOp::UShr
                } else {
                    BinOp::Shr
                }
            }
            "==" | "!=" => {
                let simple = is_num
                    || is_str
                    || self.types.is_bool(t)
                    || matches!(self.types.under(t), Type::Chan(..) | Type::Untyped("nil"));
                let nil_cmp = ta == ids::UNIL || tb == ids::UNIL;
                if !nil_cmp && !self.types.comparable(t) {
                    return err(
                        pos,
                        "invalid operation: cannot compare (slice, map or func can only be compared to nil)".to_string(),
                    );
                }
                if simple && !nil_cmp {
                    self.emit(Op::Bin(
                        if op == "==" { BinOp::Eq } else { BinOp::Ne },
                        d,
                        a,
                        b,
                    ));
                } else {
                    let (a, b) = if self.types.is_interface(ta)
                        && !self.types.is_interface(tb)
                        && tb != ids::UNIL
                    {
                        (a, self.convert_reg(b, tb, ta)?)
                    } else if self.types.is_interface(tb)
                        && !self.types.is_interface(ta)
                        && ta != ids::UNIL
                    {
                        (self.convert_reg(a, ta, tb)?, b)
                    } else {
                        (a, b)
                    };
                    let by_identity = matches!(self.types.under(t), Type::Ptr(_));
                    self.emit(Op::Equal(d, a, b, by_identity));
                    if op == "!=" {
                        self.emit(Op::Not(d, d));
                    }
                }
                return Ok(ids::BOOL);
            }
            "<" | "<=" | ">" | ">=" if is_num || is_str => {
                let c = match (op, uns) {
                    ("<", false) => BinOp::Lt,
                    ("<=", false) => BinOp::Le,
                    (">", false) => BinOp::Gt,
                    (">=", false) => BinOp::Ge,
                    ("<", true) => BinOp::ULt,
                    ("<=", true) => BinOp::ULe,
                    (">", true) => BinOp::UGt,
                    _ => BinOp::UGe,
                };
                if c == BinOp::Lt && kind.is_some() {
                    self.emit(Op::LtI(d, a, b));
                } else {
                    self.emit(Op::Bin(c, d, a, b));
                }
                return Ok(ids::BOOL);
            }
            _ => {
                return err(
                    pos,
                    format!(
                        "invalid operation: operator {op} not defined on operand of type {}",
                        self.types.name(t)
                    ),
                );
            }
        };
        match (bop, kind) {
            (BinOp::Add, Some(_)) => self.emit(Op::AddI(d, a, b)),
            (BinOp::Sub, Some(_)) => self.emit(Op::SubI(d, a, b)),
            _ => self.emit(Op::Bin(bop, d, a, b)),
        };
        if let Some(k) = kind
            && !matches!(
                k,
                IntKind::Int | IntKind::I64 | IntKind::Uint | IntKind::U64 | IntKind::Uintptr
            )
        {
            self.emit(Op::Wrap(d, k));
        }
        if matches!(self.types.under(t), Type::Float32) {
            self.emit(Op::RoundF32(d));
        }
        Ok(t)
    }

    fn addr_of(&mut self, x: &Expr, pos: Pos) -> R<Val> {
        match &x.kind {
            ExprKind::Composite(..) => {
                let (r, t) = self.expr_reg(x, None)?;
                let pt = self.types.intern(Type::Ptr(t));
                if self.is_aggregate(t) || matches!(self.types.under(t), Type::Builtin(_)) {
                    return Ok(Val::Reg(r, pt));
                }
                let d = self.temp();
                self.emit(Op::NewCell(d, r));
                Ok(Val::Reg(d, pt))
            }
            ExprKind::Paren(inner) => self.addr_of(inner, pos),
            _ => {
                let place = self.place(x)?;
                if let Place::Local(r, _) | Place::Cell(r, _) = &place {
                    let _ = r;
                    if let ExprKind::Ident(n) = &x.kind {
                        let _ = self.lookup(n, x.pos);
                    }
                }
                let t = Self::place_type(&place);
                let pt = self.types.intern(Type::Ptr(t));
                // Structs, arrays and sync objects are shared objects: their pointer is the object.
                if self.is_aggregate(t) || matches!(self.types.under(t), Type::Builtin(_)) {
                    let r = self.load(&place);
                    return Ok(Val::Reg(r, pt));
                }
                let d = self.temp();
                match place {
                    Place::Cell(c, _) => {
                        self.emit(Op::Move(d, c));
                    }
                    Place::Global(i, _) => {
                        self.emit(Op::AddrGlobal(d, i));
                    }
                    Place::Index(a, i, _) => {
                        self.emit(Op::AddrIndex(d, a, i));
                    }
                    Place::Field(o, i, _) => {
                        self.emit(Op::AddrField(d, o, i));
                    }
                    Place::Deref(p, _) => {
                        self.emit(Op::Move(d, p));
                    }
                    Place::Local(..) => {
                        return err(pos, format!("cannot take the address of {} here", short(x)));
                    }
                    Place::Map(..) => {
                        return err(
                            pos,
                            format!(
                                "invalid operation: cannot take address of {} (map index expression)",
                                short(x)
                            ),
                        );
                    }
                    Place::Blank => return err(pos, "cannot use _ as value"),
                }
                Ok(Val::Reg(d, pt))
            }
        }
    }

    fn composite(&mut self, t: TypeId, elems: &[(Option<Expr>, Expr)], pos: Pos) -> R<Val> {
        match self.types.under(t).clone() {
            Type::Struct(fields) => {
                let base = self.temps(fields.len() as u32);
                let keyed = elems.first().is_some_and(|(k, _)| k.is_some());
                if !keyed && !elems.is_empty() && elems.len() != fields.len() {
                    return err(
                        pos,
                        format!(
                            "too {} values in struct literal of type {}",
                            if elems.len() < fields.len() {
                                "few"
                            } else {
                                "many"
                            },
                            self.types.name(t)
                        ),
                    );
                }
                let mut set = vec![false; fields.len()];
                for (i, (k, v)) in elems.iter().enumerate() {
                    let fi = if keyed {
                        match k.as_ref().map(|k| &k.kind) {
                            Some(ExprKind::Ident(n)) => {
                                match fields.iter().position(|(f, _)| f == n) {
                                    Some(fi) => fi,
                                    None => {
                                        return err(
                                            k.as_ref().map_or(pos, |k| k.pos),
                                            format!(
                                                "unknown field {n} in struct literal of type {}",
                                                self.types.name(t)
                                            ),
                                        );
                                    }
                                }
                            }
                            _ => {
                                return err(
                                    v.pos,
                                    "mixture of field:value and value elements in struct literal",
                                );
                            }
                        }
                    } else {
                        i
                    };
                    self.rvalue_into(v, Some(fields[fi].1), base + fi as u32)?;
                    set[fi] = true;
                }
                for (fi, s) in set.iter().enumerate() {
                    if !s {
                        self.emit(Op::Zero(base + fi as u32, fields[fi].1));
                    }
                }
                let d = self.temp();
                self.emit(Op::NewStruct(d, t, Some(base)));
                Ok(Val::Reg(d, t))
            }
            Type::Slice(et) | Type::Array(_, et) => {
                let is_array = matches!(self.types.under(t), Type::Array(..));
                let n = match self.types.under(t) {
                    Type::Array(n, _) => *n as usize,
                    _ => {
                        // Indexed elements set the length.
                        let mut i = 0usize;
                        let mut most = 0;
                        for (k, _) in elems {
                            if let Some(k) = k
                                && let Some((CVal::Int(v), _)) = self.const_eval(k)?
                            {
                                i = v as usize;
                            }
                            i += 1;
                            most = most.max(i);
                        }
                        most
                    }
                };
                if n > 1 << 20 {
                    return err(pos, "composite literal too large");
                }
                let base = self.temps(n as u32);
                for i in 0..n {
                    self.emit(Op::Zero(base + i as u32, et));
                }
                let mut i = 0usize;
                for (k, v) in elems {
                    if let Some(k) = k {
                        match self.const_eval(k)? {
                            Some((CVal::Int(v), _)) => i = v as usize,
                            _ => return err(k.pos, "index must be non-negative integer constant"),
                        }
                    }
                    if i >= n {
                        return err(v.pos, format!("index {i} out of bounds [0:{n}]"));
                    }
                    self.rvalue_into(v, Some(et), base + i as u32)?;
                    i += 1;
                }
                let d = self.temp();
                self.emit(Op::SliceLit(d, t, base, n as u32));
                let _ = is_array;
                Ok(Val::Reg(d, t))
            }
            Type::Map(kt, vt) => {
                let d = self.temp();
                self.emit(Op::MakeMap(d, t));
                // The constant keys so far: Go refuses one twice.
                let mut seen = Vec::new();
                for (k, v) in elems {
                    let Some(k) = k else {
                        return err(v.pos, "missing key in map literal");
                    };
                    if let Some((c, _)) = self.const_eval(k)? {
                        if seen.contains(&c) {
                            return err(
                                k.start(),
                                format!("duplicate key {} in map literal", short(k)),
                            );
                        }
                        seen.push(c);
                    }
                    let (kr, _) = self.rvalue(k, Some(kt))?;
                    let (vr, _) = self.rvalue(v, Some(vt))?;
                    self.emit(Op::MapSet(d, kr, vr));
                }
                Ok(Val::Reg(d, t))
            }
            Type::Ptr(inner) => {
                // An elided &T in a nested literal.
                let v = self.composite(inner, elems, pos)?;
                match v {
                    Val::Reg(r, _) => Ok(Val::Reg(r, t)),
                    v => Ok(v),
                }
            }
            // `sync.WaitGroup{}`, `&sync.Mutex{}`: the zero value.
            Type::Builtin(_) if elems.is_empty() && self.is_aggregate(t) => {
                let d = self.temp();
                self.emit(Op::Zero(d, t));
                Ok(Val::Reg(d, t))
            }
            _ => err(
                pos,
                format!("invalid composite literal type {}", self.types.name(t)),
            ),
        }
    }

    fn func_lit(&mut self, sig: &FuncSig, body: &[Stmt], pos: Pos, end: Pos) -> R<Val> {
        let (params, results, variadic) = self.sig_types(sig)?;
        let fty = self
            .types
            .intern(Type::Func(params.clone(), results.clone(), variadic));
        let parent = self.f();
        parent.closures += 1;
        let name = format!("{}.func{}", parent.func.name, parent.closures);
        let mut esc = HashSet::new();
        escapes_in(body, &self.addr_methods, &mut esc);
        let id = self.funcs.len() as u32;
        self.funcs.push(Func::default());
        self.begin_fn(name.clone(), esc);
        self.f().line = pos.line;
        let names = sig.params.iter().map(|p| (p.name.clone(), p.pos)).collect();
        self.body(names, params, sig, results, body, end)?;
        let st = self.fs.pop().unwrap_or_else(|| unreachable!());
        let caps = st.caps.clone();
        self.funcs[id as usize] = st.func;
        let mut regs = Vec::new();
        for c in caps {
            match c {
                Sym::Local { reg, .. } => regs.push(reg),
                Sym::Cap { idx, .. } => {
                    let r = self.temp();
                    self.emit(Op::LoadCap(r, idx));
                    regs.push(r);
                }
                _ => unreachable!(),
            }
        }
        let d = self.temp();
        self.emit(Op::Closure(d, id, regs.into_boxed_slice()));
        Ok(Val::Reg(d, fty))
    }

    /// Refuses `pkg.name` for a lower-case name, as Go does (`undefined: fmt.println`).
    fn exported(pkg: &str, name: &str, dot: Pos) -> R<()> {
        if name.starts_with(|c: char| c.is_lowercase()) {
            return err(
                crate::ast::selected_name(dot),
                format!("undefined: {pkg}.{name}"),
            );
        }
        Ok(())
    }

    fn selector(&mut self, x: &Expr, name: &str, pos: Pos) -> R<Val> {
        if let ExprKind::Ident(p) = &x.kind
            && let Ok(Sym::Pkg(pkg)) = self.lookup(p, x.pos)
        {
            Self::exported(p, name, pos)?;
            if let Some(f) = crate::library::find(pkg, name)
                && let Some((sig, body)) = library_func_value(pkg, f, pos)
            {
                // `strings.ToUpper` as a value: a function literal that calls it.
                return self.func_lit(&sig, &body, pos, pos);
            }
            if let ("os", "Stdout" | "Stderr") = (pkg, name) {
                // The two files a program may write to, told apart by their number.
                let file = self.types.intern(Type::Builtin(Builtin::File));
                let d = self.temp();
                self.emit(Op::Int(d, if name == "Stdout" { 1 } else { 2 }));
                return Ok(Val::Reg(d, file));
            }
            return err(
                pos,
                format!("{pkg}.{name} is not supported here (only calls of it)"),
            );
        }
        if let ExprKind::Ident(t) = &x.kind
            && let Ok(Sym::Type(_)) = self.lookup(t, x.pos)
        {
            return err(
                x.pos,
                format!("method expressions ({t}.{name}) are not supported here"),
            );
        }
        let (xr, xt) = self.expr_reg(x, None)?;
        let (xr, xt, st) = self.member_of(xr, xt, name);
        if let Some((i, ft)) = self.field_index(st, name) {
            let d = self.temp();
            self.emit(Op::Field(d, xr, i));
            return Ok(Val::Reg(d, ft));
        }
        // A method value.
        if let Some(&(fid, ptr)) = self.methods.get(&(st, name.to_string())) {
            let fty = self.method_type(fid, st);
            let recv = if !ptr && self.is_aggregate(st) {
                let c = self.temp();
                self.emit(Op::Copy(c, xr, st));
                c
            } else {
                xr
            };
            let d = self.temp();
            self.emit(Op::Bind(d, fid, recv));
            return Ok(Val::Reg(d, fty));
        }
        // A method value of an interface value: its dynamic type's method, bound now.
        if let Type::Interface(ms) = self.types.under(xt)
            && let Some(&(_, mty)) = ms.iter().find(|(n, _)| n == name)
        {
            let ni = self.name_idx(name);
            let d = self.temp();
            self.emit(Op::BindIface(d, ni, xr));
            return Ok(Val::Reg(d, mty));
        }
        self.no_member(x, name, xt, pos)
    }

    /// Go's error for `x.name` where `x`'s type has no such field or method, at the name
    /// (`dot` is the selector's position).
    fn no_member<T>(&self, x: &Expr, name: &str, xt: TypeId, dot: Pos) -> R<T> {
        err(
            crate::ast::selected_name(dot),
            format!(
                "{}.{name} undefined (type {} has no field or method {name})",
                short(x),
                self.types.name(xt).replace("main.", "")
            ),
        )
    }

    fn method_type(&mut self, fid: u32, _recv: TypeId) -> TypeId {
        let (p, r, v) = self.sigs.get(&fid).cloned().unwrap_or_default();
        self.types.intern(Type::Func(p, r, v))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CallMode {
    Normal,
    Go,
    Defer,
}

fn pkg_const(pkg: &str, name: &str) -> Option<(CVal, TypeId)> {
    let dur = |n: i128| Some((CVal::Int(n), ids::DURATION));
    match (pkg, name) {
        ("time", "Nanosecond") => dur(1),
        ("time", "Microsecond") => dur(1_000),
        ("time", "Millisecond") => dur(1_000_000),
        ("time", "Second") => dur(1_000_000_000),
        ("time", "Minute") => dur(60_000_000_000),
        ("time", "Hour") => dur(3_600_000_000_000),
        ("math", "Pi") => Some((CVal::Float(std::f64::consts::PI), ids::UFLOAT)),
        ("math", "E") => Some((CVal::Float(std::f64::consts::E), ids::UFLOAT)),
        ("math", "MaxInt64" | "MaxInt") => Some((CVal::Int(i64::MAX as i128), ids::UINT_C)),
        ("math", "MinInt64" | "MinInt") => Some((CVal::Int(i64::MIN as i128), ids::UINT_C)),
        ("math", "MaxInt32") => Some((CVal::Int(i32::MAX as i128), ids::UINT_C)),
        ("math", "MinInt32") => Some((CVal::Int(i32::MIN as i128), ids::UINT_C)),
        ("math", "MaxUint32") => Some((CVal::Int(u32::MAX as i128), ids::UINT_C)),
        ("math", "MaxFloat64") => Some((CVal::Float(f64::MAX), ids::UFLOAT)),
        ("math", "SmallestNonzeroFloat64") => Some((CVal::Float(f64::from_bits(1)), ids::UFLOAT)),
        ("math", "Sqrt2") => Some((CVal::Float(std::f64::consts::SQRT_2), ids::UFLOAT)),
        ("math", "Ln2") => Some((CVal::Float(std::f64::consts::LN_2), ids::UFLOAT)),
        ("math", "Ln10") => Some((CVal::Float(std::f64::consts::LN_10), ids::UFLOAT)),
        ("math", "Log2E") => Some((CVal::Float(std::f64::consts::LOG2_E), ids::UFLOAT)),
        ("math", "Log10E") => Some((CVal::Float(std::f64::consts::LOG10_E), ids::UFLOAT)),
        ("math", "Phi") => Some((CVal::Float(1.618_033_988_749_895), ids::UFLOAT)),
        ("math", "MaxInt8") => Some((CVal::Int(i8::MAX as i128), ids::UINT_C)),
        ("math", "MinInt8") => Some((CVal::Int(i8::MIN as i128), ids::UINT_C)),
        ("math", "MaxInt16") => Some((CVal::Int(i16::MAX as i128), ids::UINT_C)),
        ("math", "MinInt16") => Some((CVal::Int(i16::MIN as i128), ids::UINT_C)),
        ("math", "MaxUint8") => Some((CVal::Int(u8::MAX as i128), ids::UINT_C)),
        ("math", "MaxUint16") => Some((CVal::Int(u16::MAX as i128), ids::UINT_C)),
        ("math", "MaxUint64" | "MaxUint") => Some((CVal::Int(u64::MAX as i128), ids::UINT_C)),
        _ => None,
    }
}

fn universe(name: &str, types: &mut Types) -> Option<Sym> {
    use IntKind::*;
    let int = |k: IntKind, types: &mut Types| Some(Sym::Type(types.intern(Type::Int(k))));
    match name {
        "int" => int(Int, types),
        "int8" => int(I8, types),
        "int16" => int(I16, types),
        "int32" | "rune" => int(I32, types),
        "int64" => int(I64, types),
        "uint" => int(Uint, types),
        "uint8" | "byte" => int(U8, types),
        "uint16" => int(U16, types),
        "uint32" => int(U32, types),
        "uint64" => int(U64, types),
        "uintptr" => int(Uintptr, types),
        "float64" => Some(Sym::Type(ids::FLOAT64)),
        "float32" => Some(Sym::Type(types.intern(Type::Float32))),
        "bool" => Some(Sym::Type(ids::BOOL)),
        "string" => Some(Sym::Type(ids::STRING)),
        "any" => Some(Sym::Type(ids::ANY)),
        "error" => Some(Sym::Type(ids::ERROR)),
        "true" => Some(Sym::Const {
            val: CVal::Bool(true),
            ty: ids::UBOOL,
        }),
        "false" => Some(Sym::Const {
            val: CVal::Bool(false),
            ty: ids::UBOOL,
        }),
        "nil" => Some(Sym::Nil),
        "len" => Some(Sym::Builtin("len")),
        "cap" => Some(Sym::Builtin("cap")),
        "append" => Some(Sym::Builtin("append")),
        "make" => Some(Sym::Builtin("make")),
        "new" => Some(Sym::Builtin("new")),
        "delete" => Some(Sym::Builtin("delete")),
        "copy" => Some(Sym::Builtin("copy")),
        "panic" => Some(Sym::Builtin("panic")),
        "recover" => Some(Sym::Builtin("recover")),
        "print" => Some(Sym::Builtin("print")),
        "println" => Some(Sym::Builtin("println")),
        "close" => Some(Sym::Builtin("close")),
        "min" => Some(Sym::Builtin("min")),
        "max" => Some(Sym::Builtin("max")),
        "complex" | "real" | "imag" | "complex128" | "complex64" => None,
        _ => None,
    }
}

/// A library function as a function value, `func(p0 T0, ...) R { return pkg.F(p0, ...) }`,
/// written as syntax; `None` for those whose signature has a type the program may not be
/// able to name (`time.Duration` without importing time, `...any`).
fn library_func_value(
    pkg: &str,
    f: &crate::library::Func,
    pos: Pos,
) -> Option<(FuncSig, Vec<Stmt>)> {
    use crate::library::Ty;
    let name = |n: &str| TypeExpr::Name(None, n.into(), pos);
    let ty = |t: &Ty| -> Option<TypeExpr> {
        Some(match t {
            Ty::Int => name("int"),
            Ty::Int32 => name("int32"),
            Ty::Int64 => name("int64"),
            Ty::Uint64 => name("uint64"),
            Ty::Float => name("float64"),
            Ty::Bool => name("bool"),
            Ty::Str => name("string"),
            Ty::Rune => name("rune"),
            Ty::Byte => name("byte"),
            Ty::Error => name("error"),
            Ty::Strs => TypeExpr::Slice(Box::new(name("string"))),
            Ty::Ints => TypeExpr::Slice(Box::new(name("int"))),
            Ty::Floats => TypeExpr::Slice(Box::new(name("float64"))),
            _ => return None,
        })
    };
    if f.variadic {
        return None;
    }
    let field = |n: Option<String>, t: TypeExpr| Field {
        name: n,
        ty: t,
        pos,
    };
    let params = f
        .params
        .iter()
        .enumerate()
        .map(|(i, t)| Some(field(Some(format!("p{i}")), ty(t)?)))
        .collect::<Option<Vec<_>>>()?;
    let results = f
        .results
        .iter()
        .map(|t| Some(field(None, ty(t)?)))
        .collect::<Option<Vec<_>>>()?;
    let ident = |n: &str| Expr {
        kind: ExprKind::Ident(n.into()),
        pos,
    };
    let call = Expr {
        kind: ExprKind::Call(
            Box::new(Expr {
                kind: ExprKind::Selector(Box::new(ident(pkg)), f.name.into()),
                pos,
            }),
            (0..params.len()).map(|i| ident(&format!("p{i}"))).collect(),
            false,
        ),
        pos,
    };
    let body = if results.is_empty() {
        StmtKind::Expr(call)
    } else {
        StmtKind::Return(vec![call])
    };
    Some((
        FuncSig {
            params,
            variadic: false,
            results,
        },
        vec![Stmt { kind: body, pos }],
    ))
}

/// A short rendering of an expression for messages.
/// What a statement or expression does with a channel, for [`Compiler::channel_way`].
#[derive(Clone, Copy)]
enum Way {
    Send,
    Recv,
    Range,
    Close,
}

fn short(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(n) => n.clone(),
        ExprKind::Int(v) => v.to_string(),
        ExprKind::Float(v) => v.to_string(),
        ExprKind::Str(s) => format!("{s:?}"),
        ExprKind::Char(c) => format!("{c:?}"),
        ExprKind::Selector(x, n) => format!("{}.{n}", short(x)),
        ExprKind::Call(f, args, _) => format!(
            "{}({})",
            short(f),
            args.iter().map(short).collect::<Vec<_>>().join(", ")
        ),
        ExprKind::Index(x, i) => format!("{}[{}]", short(x), short(i)),
        ExprKind::Binary(op, a, b) => format!("{} {op} {}", short(a), short(b)),
        ExprKind::Unary(op, x) => format!("{op}{}", short(x)),
        ExprKind::Paren(x) => format!("({})", short(x)),
        ExprKind::Deref(x) => format!("*{}", short(x)),
        ExprKind::Composite(Some(TypeExpr::Name(_, n, _)), _) => format!("{n}{{…}}"),
        _ => "expression".into(),
    }
}

fn terminates(body: &[Stmt]) -> bool {
    match body.last().map(|s| &s.kind) {
        Some(StmtKind::Return(_) | StmtKind::Goto(_)) => true,
        Some(StmtKind::Expr(Expr {
            kind: ExprKind::Call(f, _, _),
            ..
        })) => matches!(&f.kind, ExprKind::Ident(n) if n == "panic"),
        Some(StmtKind::For(_, None, _, b)) => !has_break(b),
        Some(StmtKind::Block(b)) => terminates(b),
        Some(StmtKind::If(_, _, t, Some(e))) => {
            terminates(t) && terminates(std::slice::from_ref(e))
        }
        Some(StmtKind::Switch(_, _, cases)) => {
            cases.iter().any(|c| c.exprs.is_none())
                && cases
                    .iter()
                    .all(|c| (terminates(&c.body) || c.fallthrough) && !has_break(&c.body))
        }
        Some(StmtKind::TypeSwitch(_, _, cases)) => {
            cases.iter().any(|(ts, ..)| ts.is_none())
                && cases
                    .iter()
                    .all(|(_, body, _)| terminates(body) && !has_break(body))
        }
        Some(StmtKind::Select(cases)) => cases.iter().all(|c| terminates(&c.body)),
        Some(StmtKind::Labeled(_, s)) => terminates(std::slice::from_ref(s)),
        _ => false,
    }
}

fn has_break(b: &[Stmt]) -> bool {
    b.iter().any(|s| match &s.kind {
        StmtKind::Break(None) => true,
        StmtKind::Block(b) => has_break(b),
        StmtKind::If(_, _, t, e) => {
            has_break(t)
                || e.as_ref()
                    .is_some_and(|e| has_break(std::slice::from_ref(e)))
        }
        _ => false,
    })
}

impl Types {
    /// The id of a tuple of types.
    pub fn intern_tuple(&self, ts: &[TypeId]) -> TypeId {
        let _ = ts;
        ids::VOID
    }
}

impl Compiler {
    /// Places `args` in consecutive registers from a new base, converted to `params`
    /// (variadic extras packed in a slice unless spread); returns the base.
    fn args(
        &mut self,
        args: &[Expr],
        params: &[TypeId],
        variadic: bool,
        spread: bool,
        pos: Pos,
        extra_first: Option<Reg>,
    ) -> R<Reg> {
        let n = params.len() as u32;
        let base = self.temps(n.max(1));
        let mut i = 0u32;
        if let Some(r) = extra_first {
            self.emit(Op::Move(base, r));
            i = 1;
        }
        let fixed = if variadic { n - 1 } else { n };
        // f(g()) with g returning several values.
        if args.len() == 1
            && (fixed - i > 1 || variadic && !spread)
            && matches!(args[0].kind, ExprKind::Call(..))
        {
            let v = self.expr(&args[0], None)?;
            let (b, ts) = match v {
                Val::Multi(b, ts) if ts.len() != 1 => (b, ts),
                Val::Multi(b, ts) => (b, ts),
                v => {
                    let _ = self.val_type(&v);
                    let (r, t) = self.materialize(v, None, pos)?;
                    (r, vec![t])
                }
            };
            let nf = (fixed - i) as usize;
            if ts.len() < nf || !variadic && ts.len() != nf {
                return err(
                    pos,
                    format!(
                        "{} arguments in call",
                        if ts.len() < nf {
                            "not enough"
                        } else {
                            "too many"
                        }
                    ),
                );
            }
            for (k, t) in ts.iter().take(nf).enumerate() {
                let r = self.convert_reg(b + k as u32, *t, params[(i as usize) + k])?;
                self.emit(Op::Move(base + i + k as u32, r));
            }
            if variadic {
                let st = params[fixed as usize];
                let et = match self.types.under(st) {
                    Type::Slice(e) => *e,
                    _ => unreachable!(),
                };
                let extra = &ts[nf..];
                let eb = self.temps(extra.len() as u32);
                for (k, t) in extra.iter().enumerate() {
                    let r = self.convert_reg(b + (nf + k) as u32, *t, et)?;
                    self.emit(Op::Move(eb + k as u32, r));
                }
                if extra.is_empty() {
                    self.emit(Op::Zero(base + fixed, ids::UNIL));
                } else {
                    self.emit(Op::SliceLit(base + fixed, st, eb, extra.len() as u32));
                }
            }
            return Ok(base);
        }
        let nargs = args.len() as u32 + i;
        if (!variadic || spread) && nargs != n || variadic && !spread && nargs < fixed {
            // Go points at the first extra argument, else the last one, else the call.
            let at = if nargs > n {
                args[(n - i) as usize].start()
            } else {
                args.last().map_or(pos, Expr::start)
            };
            return err(
                at,
                format!(
                    "{} arguments in call",
                    if nargs < n { "not enough" } else { "too many" }
                ),
            );
        }
        for a in args.iter().take((fixed - i) as usize) {
            self.rvalue_into(a, Some(params[i as usize]), base + i)?;
            i += 1;
        }
        if variadic {
            let st = params[fixed as usize];
            if spread {
                self.rvalue_into(&args[args.len() - 1], Some(st), base + fixed)?;
            } else {
                let et = match self.types.under(st) {
                    Type::Slice(e) => *e,
                    _ => unreachable!(),
                };
                let extra = &args[(fixed - if extra_first.is_some() { 1 } else { 0 }) as usize..];
                let eb = self.temps(extra.len() as u32);
                for (k, a) in extra.iter().enumerate() {
                    self.rvalue_into(a, Some(et), eb + k as u32)?;
                }
                if extra.is_empty() {
                    self.emit(Op::Zero(base + fixed, ids::UNIL));
                } else {
                    self.emit(Op::SliceLit(base + fixed, st, eb, extra.len() as u32));
                }
            }
        }
        Ok(base)
    }

    fn finish(
        &mut self,
        mode: CallMode,
        callee: Callee,
        base: Reg,
        nargs: u32,
        results: Vec<TypeId>,
        pos: Pos,
    ) -> R<Val> {
        match mode {
            CallMode::Go => {
                if matches!(callee, Callee::Block(_)) {
                    return err(
                        pos,
                        "go of a library function is not supported here; wrap it: go func() { ... }()",
                    );
                }
                self.emit(Op::Go(callee, base, nargs));
                Ok(Val::Multi(base, Vec::new()))
            }
            CallMode::Defer => {
                self.emit(Op::Defer(callee, base, nargs));
                Ok(Val::Multi(base, Vec::new()))
            }
            CallMode::Normal => {
                match callee {
                    Callee::Func(f) => self.emit(Op::Call(f, base)),
                    Callee::Value => self.emit(Op::CallValue(base, base + 1)),
                    Callee::Iface(n) => self.emit(Op::CallIface(n, base)),
                    Callee::Native(n, s) => self.emit(Op::Native(n, base, nargs, s)),
                    Callee::Block(b) => self.emit(Op::Block(b, base)),
                };
                let _ = pos;
                let f = self.f();
                f.func.nregs = f.func.nregs.max(base + results.len() as u32 + 1);
                f.next = f.next.max(base + results.len() as u32);
                if results.len() == 1 {
                    return Ok(Val::Reg(base, results[0]));
                }
                Ok(Val::Multi(base, results))
            }
        }
    }

    fn native(
        &mut self,
        mode: CallMode,
        n: Native,
        args: &[Expr],
        params: &[TypeId],
        variadic: bool,
        spread: bool,
        results: &[TypeId],
        pos: Pos,
    ) -> R<Val> {
        let base = self.args(args, params, variadic, spread, pos, None)?;
        // Natives receive variadic extras unpacked when not spread.
        self.finish(
            mode,
            Callee::Native(n, spread || variadic),
            base,
            params.len() as u32,
            results.to_vec(),
            pos,
        )
    }

    fn call(&mut self, e: &Expr, mode: CallMode) -> R<Val> {
        let ExprKind::Call(f, args, spread) = &e.kind else {
            unreachable!()
        };
        // Go reports a call's errors where the call begins.
        let pos = e.start();
        let spread = *spread;
        // Conversions.
        if let Some(t) = self.as_type(f)? {
            if mode != CallMode::Normal {
                return err(pos, "expression in go/defer must be function call");
            }
            if args.len() != 1 {
                return err(
                    pos,
                    format!(
                        "wrong argument count in conversion to {}",
                        self.types.name(t)
                    ),
                );
            }
            return self.conversion(t, &args[0], pos);
        }
        match &f.kind {
            ExprKind::Ident(name) => match self.lookup(name, f.pos)? {
                Sym::Builtin(b) => return self.builtin(b, args, spread, mode, pos),
                Sym::Func { id, ty } => {
                    let Type::Func(params, results, variadic) = self.types.get(ty).clone() else {
                        unreachable!()
                    };
                    let base = self.args(args, &params, variadic, spread, pos, None)?;
                    return self.finish(
                        mode,
                        Callee::Func(id),
                        base,
                        params.len() as u32,
                        results,
                        pos,
                    );
                }
                _ => {}
            },
            ExprKind::Paren(inner) => {
                let call = Expr {
                    kind: ExprKind::Call(inner.clone(), args.clone(), spread),
                    pos,
                };
                return self.call(&call, mode);
            }
            ExprKind::Selector(x, name) => {
                if let ExprKind::Ident(p) = &x.kind
                    && let Ok(Sym::Pkg(pkg)) = self.lookup(p, x.pos)
                {
                    Self::exported(p, name, f.pos)?;
                    return self.pkg_call(pkg, name, args, spread, mode, pos);
                }
                if let Some(v) = self.method_call(f, args, spread, mode, pos)? {
                    return Ok(v);
                }
            }
            _ => {}
        }
        // A function value.
        let (fr, ft) = self.expr_reg(f, None)?;
        let Type::Func(params, results, variadic) = self.types.under(ft).clone() else {
            return err(
                pos,
                format!(
                    "invalid operation: cannot call non-function {} (variable of type {})",
                    short(f),
                    self.types.name(ft)
                ),
            );
        };
        // The function value sits just below its arguments.
        let fb = self.temp();
        self.emit(Op::Move(fb, fr));
        let base = self.args(args, &params, variadic, spread, pos, None)?;
        if base != fb + 1 {
            return err(pos, "internal: call layout");
        }
        match mode {
            CallMode::Normal => self
                .finish(mode, Callee::Value, fb, 0, results, pos)
                .map(|v| match v {
                    Val::Reg(_, t) => Val::Reg(fb + 1, t),
                    Val::Multi(_, ts) => Val::Multi(fb + 1, ts),
                    v => v,
                }),
            _ => self.finish(
                mode,
                Callee::Value,
                fb,
                params.len() as u32 + 1,
                results,
                pos,
            ),
        }
    }

    fn as_type(&mut self, f: &Expr) -> R<Option<TypeId>> {
        Ok(match &f.kind {
            ExprKind::Type(te) => Some(self.resolve_type(te)?),
            ExprKind::Paren(x) => self.as_type(x)?,
            ExprKind::Ident(n) => match self.lookup(n, f.pos) {
                Ok(Sym::Type(t)) => Some(t),
                _ => None,
            },
            ExprKind::Selector(p, n) => match &p.kind {
                ExprKind::Ident(pk) if self.is_pkg(pk, p.pos) => {
                    let t = self.lib_type(pk, n);
                    if t.is_some() {
                        self.used_pkgs.insert(pk.clone());
                    }
                    t
                }
                _ => None,
            },
            ExprKind::Deref(x) => match self.as_type(x)? {
                Some(t) => Some(self.types.intern(Type::Ptr(t))),
                None => None,
            },
            _ => None,
        })
    }

    fn conversion(&mut self, t: TypeId, arg: &Expr, pos: Pos) -> R<Val> {
        if let Some((c, ct)) = self.const_eval(arg)?
            && (matches!(
                self.types.under(t),
                Type::Int(_) | Type::Float64 | Type::Float32 | Type::Bool
            ) || (self.types.is_string(t) && !matches!(c, CVal::Int(_))))
        {
            let c = match (c, self.types.int_kind(t)) {
                (CVal::Float(f), Some(_)) if !self.types.is_untyped(ct) => CVal::Int(f as i128),
                (c, _) => c,
            };
            let c = self.convert_const(c, ct, t, pos)?;
            return Ok(Val::Const(c, t));
        }
        let (r, from) = self.expr_reg(arg, None)?;
        if from == ids::UNIL && self.types.assignable(from, t) {
            // `[]int(nil)`: the nil of the type.
            let d = self.temp();
            self.emit(Op::Zero(d, t));
            return Ok(Val::Reg(d, t));
        }
        let from = self.types.default_type(from);
        let d = self.temp();
        let tu = self.types.under(t).clone();
        let fu = self.types.under(from).clone();
        match (&tu, &fu) {
            (Type::Int(k), Type::Int(_)) => {
                self.emit(Op::Move(d, r));
                self.emit(Op::Wrap(d, *k));
            }
            (Type::Int(k), Type::Float64 | Type::Float32) => {
                self.emit(Op::FloatToInt(d, r, *k));
            }
            (Type::Float64 | Type::Float32, Type::Int(_)) => {
                self.emit(Op::IntToFloat(d, r));
                if tu == Type::Float32 {
                    self.emit(Op::RoundF32(d));
                }
            }
            (Type::Float64 | Type::Float32, Type::Float64 | Type::Float32) => {
                self.emit(Op::Move(d, r));
                if tu == Type::Float32 && fu == Type::Float64 {
                    self.emit(Op::RoundF32(d));
                }
            }
            (Type::String, Type::Int(_)) => {
                self.emit(Op::RuneToStr(d, r));
            }
            (Type::String, Type::Slice(e)) if self.types.int_kind(*e) == Some(IntKind::U8) => {
                self.emit(Op::BytesToStr(d, r));
            }
            (Type::String, Type::Slice(e)) if self.types.int_kind(*e) == Some(IntKind::I32) => {
                self.emit(Op::RunesToStr(d, r));
            }
            (Type::Slice(e), Type::String) if self.types.int_kind(*e) == Some(IntKind::U8) => {
                self.emit(Op::StrToBytes(d, r));
            }
            (Type::Slice(e), Type::String) if self.types.int_kind(*e) == Some(IntKind::I32) => {
                self.emit(Op::StrToRunes(d, r));
            }
            (Type::Interface(_), _) => {
                let r = self.convert_reg(r, from, t)?;
                self.emit(Op::Move(d, r));
            }
            _ if self.types.underlying(t) == self.types.underlying(from) => {
                if self.is_aggregate(t) {
                    self.emit(Op::Copy(d, r, t));
                } else {
                    self.emit(Op::Move(d, r));
                }
            }
            _ => {
                return err(
                    pos,
                    format!(
                        "cannot convert {} (variable of type {}) to type {}",
                        short(arg),
                        self.types.name(from),
                        self.types.name(t)
                    ),
                );
            }
        }
        Ok(Val::Reg(d, t))
    }

    fn builtin(
        &mut self,
        b: &str,
        args: &[Expr],
        spread: bool,
        mode: CallMode,
        pos: Pos,
    ) -> R<Val> {
        let want_args = |n: usize| -> R<()> {
            if args.len() < n {
                return err(
                    pos,
                    format!(
                        "not enough arguments for {b}() (expected {n}, found {})",
                        args.len()
                    ),
                );
            }
            Ok(())
        };
        if mode != CallMode::Normal && !matches!(b, "panic" | "close" | "print" | "println") {
            // `defer close(ch)` and friends go through a wrapper closure in Go; here only
            // these few are allowed.
            return err(
                pos,
                format!("defer/go of built-in {b} is not supported here"),
            );
        }
        match b {
            "len" | "cap" => {
                want_args(1)?;
                if let Some((CVal::Str(s), _)) = self.const_eval(&args[0])? {
                    return Ok(Val::Const(CVal::Int(s.len() as i128), ids::UINT_C));
                }
                let (r, t) = self.expr_reg(&args[0], None)?;
                if let Type::Array(n, _) = self.types.under(t) {
                    return Ok(Val::Const(CVal::Int(*n as i128), ids::UINT_C));
                }
                if !matches!(
                    self.types.under(t),
                    Type::String | Type::Slice(_) | Type::Map(..) | Type::Chan(..) | Type::Ptr(_)
                ) {
                    return err(
                        args[0].pos,
                        format!(
                            "invalid argument: {} (variable of type {}) for built-in {b}",
                            short(&args[0]),
                            self.types.name(t)
                        ),
                    );
                }
                let d = self.temp();
                self.emit(if b == "len" {
                    Op::Len(d, r)
                } else {
                    Op::Cap(d, r)
                });
                Ok(Val::Reg(d, ids::INT))
            }
            "append" => {
                want_args(1)?;
                let (s, st) = self.expr_reg(&args[0], None)?;
                let et = match self.types.under(st) {
                    Type::Slice(e) => *e,
                    _ => {
                        return err(
                            args[0].pos,
                            format!(
                                "invalid argument: {} (variable of type {}) is not a slice",
                                short(&args[0]),
                                self.types.name(st)
                            ),
                        );
                    }
                };
                let d = self.temp();
                if spread {
                    let (o, ot) = self.expr_reg(&args[1], None)?;
                    let _ = ot;
                    self.emit(Op::AppendSpread(d, s, o, et));
                } else {
                    let base = self.temps(args.len() as u32);
                    for (i, a) in args[1..].iter().enumerate() {
                        self.rvalue_into(a, Some(et), base + i as u32)?;
                    }
                    self.emit(Op::Append(d, s, base, args.len() as u32 - 1, et));
                }
                Ok(Val::Reg(d, st))
            }
            "make" => {
                want_args(1)?;
                let t = match self.as_type(&args[0])? {
                    Some(t) => t,
                    None => return err(args[0].pos, format!("{} is not a type", short(&args[0]))),
                };
                let d = self.temp();
                match self.types.under(t).clone() {
                    Type::Slice(_) => {
                        if args.len() < 2 {
                            return err(
                                pos,
                                format!(
                                    "invalid operation: make({}) expects 2 or 3 arguments; found 1",
                                    self.types.name(t)
                                ),
                            );
                        }
                        let l = self.int_operand(&args[1], "index")?;
                        let c = if args.len() > 2 {
                            self.int_operand(&args[2], "index")?
                        } else {
                            l
                        };
                        self.emit(Op::MakeSlice(d, t, l, c));
                    }
                    Type::Map(..) => {
                        self.emit(Op::MakeMap(d, t));
                    }
                    Type::Chan(..) => {
                        let c = if args.len() > 1 {
                            self.int_operand(&args[1], "buffer size")?
                        } else {
                            let r = self.temp();
                            self.emit(Op::Int(r, 0));
                            r
                        };
                        self.emit(Op::MakeChan(d, t, c));
                    }
                    _ => {
                        return err(
                            args[0].pos,
                            format!(
                                "invalid argument: cannot make {}; type must be slice, map, or channel",
                                self.types.name(t)
                            ),
                        );
                    }
                }
                Ok(Val::Reg(d, t))
            }
            "new" => {
                want_args(1)?;
                let t = match self.as_type(&args[0])? {
                    Some(t) => t,
                    None => return err(args[0].pos, format!("{} is not a type", short(&args[0]))),
                };
                let pt = self.types.intern(Type::Ptr(t));
                let d = self.temp();
                if self.is_aggregate(t) || matches!(self.types.under(t), Type::Builtin(_)) {
                    self.emit(Op::Zero(d, t));
                } else {
                    self.emit(Op::NewPtr(d, t));
                }
                Ok(Val::Reg(d, pt))
            }
            "delete" => {
                want_args(2)?;
                let (m, mt) = self.expr_reg(&args[0], None)?;
                let Type::Map(kt, _) = self.types.under(mt).clone() else {
                    return err(args[0].pos, "invalid argument: not a map");
                };
                let (k, _) = self.rvalue(&args[1], Some(kt))?;
                self.emit(Op::MapDelete(m, k));
                Ok(Val::Multi(0, Vec::new()))
            }
            "copy" => {
                want_args(2)?;
                let (a, _) = self.expr_reg(&args[0], None)?;
                let (b, _) = self.expr_reg(&args[1], None)?;
                let d = self.temp();
                self.emit(Op::CopySlice(d, a, b));
                Ok(Val::Reg(d, ids::INT))
            }
            "panic" => {
                want_args(1)?;
                let (r, _) = self.rvalue(&args[0], Some(ids::ANY))?;
                if mode == CallMode::Normal {
                    self.emit(Op::Panic(r));
                    return Ok(Val::Multi(0, Vec::new()));
                }
                err(pos, "defer/go of panic is not supported here")
            }
            "recover" => {
                let d = self.temp();
                self.emit(Op::Recover(d));
                Ok(Val::Reg(d, ids::ANY))
            }
            "close" => {
                want_args(1)?;
                let (c, ct) = self.expr_reg(&args[0], None)?;
                let Type::Chan(dir, _) = *self.types.under(ct) else {
                    return err(
                        args[0].pos,
                        format!("invalid operation: non-chan argument {}", short(&args[0])),
                    );
                };
                self.channel_way(&args[0], ct, dir, Way::Close)?;
                match mode {
                    CallMode::Normal => {
                        self.emit(Op::Close(c));
                        Ok(Val::Multi(0, Vec::new()))
                    }
                    _ => {
                        let base = self.temp();
                        self.emit(Op::Move(base, c));
                        self.finish(
                            mode,
                            Callee::Native(Native::CloseChan, false),
                            base,
                            1,
                            vec![],
                            pos,
                        )
                    }
                }
            }
            "min" | "max" => {
                want_args(1)?;
                let mut ty = None;
                let mut vals = Vec::new();
                for a in args {
                    let v = self.expr(a, None)?;
                    let t = self.val_type(&v);
                    if !self.types.is_untyped(t) {
                        ty = Some(t);
                    }
                    vals.push(v);
                }
                let t = ty.unwrap_or_else(|| self.val_type(&vals[0]));
                let t = self.types.default_type(t);
                let base = self.temps(vals.len() as u32);
                for (i, v) in vals.into_iter().enumerate() {
                    let (r, _) = self.materialize(v, Some(t), pos)?;
                    self.emit(Op::Move(base + i as u32, r));
                }
                let d = self.temp();
                self.emit(Op::MinMax(d, base, args.len() as u32, b == "max"));
                Ok(Val::Reg(d, t))
            }
            "print" | "println" => {
                // Go's print builtins write to stderr.
                let params = vec![ids::ANY; args.len()];
                let base = self.args(args, &params, false, false, pos, None)?;
                let _ = base;
                err(
                    pos,
                    format!("built-in {b} is not supported here; use fmt.Println"),
                )
            }
            _ => err(pos, format!("{b} is not supported here")),
        }
    }

    fn pkg_call(
        &mut self,
        pkg: &str,
        name: &str,
        args: &[Expr],
        spread: bool,
        mode: CallMode,
        pos: Pos,
    ) -> R<Val> {
        match (pkg, name) {
            ("time", "Sleep") => {
                let base = self.args(args, &[ids::DURATION], false, false, pos, None)?;
                return self.finish(mode, Callee::Block(Blocking::Sleep), base, 1, vec![], pos);
            }
            ("runtime", "Gosched") => {
                let base = self.args(args, &[], false, false, pos, None)?;
                return self.finish(mode, Callee::Block(Blocking::Gosched), base, 0, vec![], pos);
            }
            ("os", "Exit") => return err(pos, "os.Exit is not supported here"),
            _ => {}
        }
        let Some(func) = crate::library::find(pkg, name) else {
            return err(pos, format!("{pkg}.{name} is not supported here"));
        };
        let params: Vec<TypeId> = func.params.iter().map(|t| self.lib_ty(*t)).collect();
        let results: Vec<TypeId> = func.results.iter().map(|t| self.lib_ty(*t)).collect();
        let (n, variadic) = (func.native, func.variadic);
        self.native(mode, n, args, &params, variadic, spread, &results, pos)
    }

    /// `x.M(args)`: methods of named types, of the library's objects, of interfaces.
    /// A call of `sel`, a selector `x.name`, as a method; `None` when `name` is a field.
    fn method_call(
        &mut self,
        sel: &Expr,
        args: &[Expr],
        spread: bool,
        mode: CallMode,
        pos: Pos,
    ) -> R<Option<Val>> {
        let ExprKind::Selector(x, name) = &sel.kind else {
            unreachable!()
        };
        let (x, name, at) = (&**x, name.as_str(), sel.pos);
        let xv = self.expr(x, None)?;
        let (xr, xt) = self.materialize(xv, None, x.pos)?;
        // A method of an embedded field the program did not declare (`sync.Mutex`'s
        // `Lock`) is called on that field.
        let (xr, xt, st) = self.member_of(xr, xt, name);
        if self.field_index(st, name).is_some() {
            return Ok(None);
        }
        if let Some(&(fid, ptr)) = self.methods.get(&(st, name.to_string())) {
            let recv_t = if ptr {
                self.types.intern(Type::Ptr(st))
            } else {
                st
            };
            // The function's type, from its declaration: params after the receiver.
            let fty = self.func_sig_of(fid);
            let (params, results, variadic) = fty;
            let recv = if ptr {
                if matches!(self.types.under(xt), Type::Ptr(_)) || self.is_aggregate(st) {
                    xr
                } else {
                    // &x of a non-struct named variable.
                    match self.addr_of(x, pos)? {
                        Val::Reg(r, _) => r,
                        _ => xr,
                    }
                }
            } else if matches!(self.types.under(xt), Type::Ptr(_)) && !self.is_aggregate(st) {
                let d = self.temp();
                self.emit(Op::Load(d, xr));
                d
            } else if self.is_aggregate(st) {
                let d = self.temp();
                self.emit(Op::Copy(d, xr, st));
                d
            } else {
                xr
            };
            let _ = recv_t;
            let mut all = vec![recv_t];
            all.extend(params);
            let base = self.args(args, &all, variadic, spread, pos, Some(recv))?;
            return Ok(Some(self.finish(
                mode,
                Callee::Func(fid),
                base,
                all.len() as u32,
                results,
                pos,
            )?));
        }
        use Native::*;
        let bt = match self.types.under(st) {
            Type::Builtin(b) => Some(*b),
            _ => None,
        };
        let native = |n: Native, ps: Vec<TypeId>, rs: Vec<TypeId>| Some((Some(n), None, ps, rs));
        let blocking = |b: Blocking| Some((None, Some(b), vec![], vec![]));
        let spec: Option<(Option<Native>, Option<Blocking>, Vec<TypeId>, Vec<TypeId>)> =
            match (bt, name) {
                (Some(Builtin::WaitGroup), "Add") => native(WgAdd, vec![ids::INT], vec![]),
                (Some(Builtin::WaitGroup), "Done") => native(WgDone, vec![], vec![]),
                (Some(Builtin::WaitGroup), "Wait") => blocking(Blocking::WgWait),
                (Some(Builtin::Mutex | Builtin::RWMutex), "Lock") => blocking(Blocking::Lock),
                (Some(Builtin::Mutex), "Unlock") => native(Unlock, vec![], vec![]),
                (Some(Builtin::RWMutex), "Unlock") => native(RwUnlock, vec![], vec![]),
                (Some(Builtin::Mutex), "TryLock") => native(TryLock, vec![], vec![ids::BOOL]),
                (Some(Builtin::RWMutex), "RLock") => blocking(Blocking::RLock),
                (Some(Builtin::RWMutex), "RUnlock") => native(RUnlock, vec![], vec![]),
                (Some(Builtin::AtomicInt(k)), _) => {
                    let t = self.types.intern(Type::Int(k));
                    atomic_method(name, t)
                        .map(|(op, ps, rs)| (Some(Atomic(op, AtomicWord::Int(k))), None, ps, rs))
                }
                (Some(Builtin::AtomicBool), _) => atomic_method(name, ids::BOOL)
                    .filter(|(op, ..)| *op != AtomicOp::Add)
                    .map(|(op, ps, rs)| (Some(Atomic(op, AtomicWord::Bool)), None, ps, rs)),
                (Some(Builtin::Builder), "WriteString") => {
                    native(BuilderWrite, vec![ids::STRING], vec![ids::INT, ids::ERROR])
                }
                (Some(Builtin::Builder), "WriteRune") => {
                    native(BuilderWrite, vec![ids::INT32], vec![ids::INT, ids::ERROR])
                }
                (Some(Builtin::Builder), "WriteByte") => {
                    native(BuilderWrite, vec![ids::UINT8], vec![ids::ERROR])
                }
                (Some(Builtin::Builder), "String") => {
                    native(BuilderString, vec![], vec![ids::STRING])
                }
                (Some(Builtin::Builder), "Len") => native(BuilderLen, vec![], vec![ids::INT]),
                (Some(Builtin::Builder), "Reset") => native(BuilderReset, vec![], vec![]),
                (Some(Builtin::Builder), "Grow") => native(BuilderReset, vec![ids::INT], vec![]),
                (Some(Builtin::Rand), "Intn") => native(RIntn, vec![ids::INT], vec![ids::INT]),
                (Some(Builtin::Rand), "Int") => native(RInt, vec![], vec![ids::INT]),
                (Some(Builtin::Rand), "Float64") => native(RFloat, vec![], vec![ids::FLOAT64]),
                (Some(Builtin::Time), "Sub") => {
                    let tt = self.types.intern(Type::Builtin(Builtin::Time));
                    native(TimeSub, vec![tt], vec![ids::DURATION])
                }
                (Some(Builtin::Time), "Add") => {
                    let tt = self.types.intern(Type::Builtin(Builtin::Time));
                    native(TimeAdd, vec![ids::DURATION], vec![tt])
                }
                (Some(Builtin::Time), "Unix" | "UnixMilli" | "UnixNano") => {
                    let n = match name {
                        "Unix" => TimeUnix,
                        "UnixMilli" => TimeUnixMilli,
                        _ => TimeUnixNano,
                    };
                    native(n, vec![], vec![ids::INT64])
                }
                (Some(Builtin::Time), "Before" | "After" | "Equal") => {
                    let tt = self.types.intern(Type::Builtin(Builtin::Time));
                    let n = match name {
                        "Before" => TimeBefore,
                        "After" => TimeAfter,
                        _ => TimeEqual,
                    };
                    native(n, vec![tt], vec![ids::BOOL])
                }
                (Some(Builtin::Once), "Do") => {
                    let fty = self.types.intern(Type::Func(Vec::new(), Vec::new(), false));
                    if mode != CallMode::Normal {
                        return err(pos, "go/defer of Once.Do is not supported here");
                    }
                    let base = self.args(args, &[st, fty], false, false, pos, Some(xr))?;
                    self.emit(Op::OnceDo(base));
                    return Ok(Some(Val::Multi(base, Vec::new())));
                }
                _ if self.types.name(st) == "time.Ticker" && name == "Stop" => {
                    native(TimerStop, vec![], vec![])
                }
                _ if self.types.name(st) == "time.Timer" && name == "Stop" => {
                    native(TimerStop, vec![], vec![ids::BOOL])
                }
                _ if st == ids::DURATION => match name {
                    "String" => native(DurString, vec![], vec![ids::STRING]),
                    "Seconds" => native(DurSeconds, vec![], vec![ids::FLOAT64]),
                    "Milliseconds" => native(DurMillis, vec![], vec![ids::INT64]),
                    "Microseconds" => native(DurMicros, vec![], vec![ids::INT64]),
                    "Nanoseconds" => native(DurNanos, vec![], vec![ids::INT64]),
                    "Minutes" => native(DurMinutes, vec![], vec![ids::FLOAT64]),
                    "Hours" => native(DurHours, vec![], vec![ids::FLOAT64]),
                    "Round" => native(DurRound, vec![ids::DURATION], vec![ids::DURATION]),
                    "Truncate" => native(DurTruncate, vec![ids::DURATION], vec![ids::DURATION]),
                    _ => None,
                },
                _ => None,
            };
        if let Some((n, b, ps, rs)) = spec {
            let mut all = vec![st];
            all.extend(ps);
            let base = self.args(args, &all, false, false, pos, Some(xr))?;
            let callee = match (n, b) {
                (Some(n), _) => Callee::Native(n, false),
                (_, Some(b)) => Callee::Block(b),
                _ => unreachable!(),
            };
            return Ok(Some(self.finish(
                mode,
                callee,
                base,
                all.len() as u32,
                rs,
                pos,
            )?));
        }
        if let Type::Interface(ms) = self.types.under(xt).clone() {
            let Some((_, mty)) = ms.iter().find(|(n, _)| n == name) else {
                return self.no_member(x, name, xt, at);
            };
            let Type::Func(params, results, variadic) = self.types.get(*mty).clone() else {
                unreachable!()
            };
            let mut all = vec![xt];
            all.extend(params);
            let base = self.args(args, &all, variadic, spread, pos, Some(xr))?;
            let ni = self.name_idx(name);
            return Ok(Some(self.finish(
                mode,
                Callee::Iface(ni),
                base,
                all.len() as u32,
                results,
                pos,
            )?));
        }
        self.no_member(x, name, xt, at)
    }

    fn func_sig_of(&mut self, fid: u32) -> (Vec<TypeId>, Vec<TypeId>, bool) {
        self.sigs.get(&fid).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn func(src: &str, name: &str) -> Func {
        let file = crate::parser::parse(crate::lexer::lex(src).unwrap()).unwrap();
        let code = compile_file(&file).unwrap();
        code.funcs.into_iter().find(|f| f.name == name).unwrap()
    }

    #[test]
    fn an_argument_is_computed_into_its_register_and_a_result_returned_where_it_is() {
        let fib = func(
            "package main\nimport \"fmt\"\nfunc fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}\nfunc main() { fmt.Println(fib(3)) }\n",
            "main.fib",
        );
        let moves = fib
            .code
            .iter()
            .filter(|op| matches!(op, Op::Move(..)))
            .count();
        assert_eq!(moves, 0, "{:?}", fib.code);
        assert!(matches!(fib.code[1], Op::Return(0, 1, 0)), "{:?}", fib.code);
    }

    #[test]
    fn a_counting_loops_step_and_back_edge_are_one_instruction() {
        let main = func(
            "package main\nimport \"fmt\"\nfunc main() {\n\tn, sum := 10, 0\n\tfor i := 0; i < 100; i++ {\n\t\tsum += i\n\t}\n\tfor j := 0; j < n; j += 2 {\n\t\tsum += j\n\t}\n\tfmt.Println(sum)\n}\n",
            "main.main",
        );
        let code = &main.code;
        let k = code
            .iter()
            .position(|op| matches!(op, Op::StepLoopLtIK(_, 1, 100, _)))
            .unwrap_or_else(|| panic!("{code:?}"));
        // The plain back-edge stays right after it, for the loop's entry and exit.
        assert!(matches!(code[k + 1], Op::LoopLtIK(_, 100, _)), "{code:?}");
        let r = code
            .iter()
            .position(|op| matches!(op, Op::StepLoopLtI(_, 2, _, _)))
            .unwrap_or_else(|| panic!("{code:?}"));
        assert!(matches!(code[r + 1], Op::LoopLtI(..)), "{code:?}");
        assert!(
            !code.iter().any(|op| matches!(op, Op::AddIK(..))),
            "{code:?}"
        );
    }
}
