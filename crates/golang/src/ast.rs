//! The syntax tree of a parsed program.

use crate::lexer::Pos;

/// A type as written.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// A name, maybe qualified (`int`, `sync.Mutex`).
    Name(Option<String>, String, Pos),
    /// `[]T`.
    Slice(Box<TypeExpr>),
    /// `[N]T` (the length an expression; `None` for `[...]T`).
    Array(Option<Box<Expr>>, Box<TypeExpr>),
    /// `map[K]V`.
    Map(Box<TypeExpr>, Box<TypeExpr>),
    /// `*T`.
    Ptr(Box<TypeExpr>),
    /// `chan T`, `<-chan T`, `chan<- T`.
    Chan(ChanDir, Box<TypeExpr>),
    /// `func(params) results`.
    Func(Box<FuncSig>),
    /// `struct { fields }`.
    Struct(Vec<Field>),
    /// `interface { methods; embedded interfaces }`.
    Interface(Vec<(String, FuncSig)>, Vec<TypeExpr>),
}

/// Which way a channel type lets values go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChanDir {
    /// `chan T`: send and receive.
    Both,
    /// `chan<- T`: send only.
    Send,
    /// `<-chan T`: receive only.
    Recv,
}

impl ChanDir {
    /// Whether a receive (`<-ch`, `range`, a receiving case) is allowed.
    pub fn can_recv(self) -> bool {
        self != ChanDir::Send
    }

    /// Whether a send (`ch <- v`, a sending case, `close`) is allowed.
    pub fn can_send(self) -> bool {
        self != ChanDir::Recv
    }
}

/// A struct field or a parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Its name, `None` when unnamed (an embedded field or an unnamed parameter).
    pub name: Option<String>,
    /// Its type.
    pub ty: TypeExpr,
    /// Where it is.
    pub pos: Pos,
}

/// A function's parameters and results.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncSig {
    /// Parameters.
    pub params: Vec<Field>,
    /// Whether the last parameter is `...T`.
    pub variadic: bool,
    /// Results.
    pub results: Vec<Field>,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What kind.
    pub kind: ExprKind,
    /// Where.
    pub pos: Pos,
}

impl Expr {
    /// Where the expression begins, where Go reports an error about it (`types2`'s
    /// `syntax.StartPos`); `pos` is the operator's, a call's `(`, an index's `[`, a
    /// selector's `.`.
    pub fn start(&self) -> Pos {
        match &self.kind {
            ExprKind::Binary(_, x, _)
            | ExprKind::Call(x, ..)
            | ExprKind::Selector(x, _)
            | ExprKind::Index(x, _)
            | ExprKind::Slice(x, ..)
            | ExprKind::TypeAssert(x, _) => x.start(),
            _ => self.pos,
        }
    }
}

/// Where the name of a selector `x.name` is, given the selector's position (its `.`):
/// Go reports a missing field or method there.
pub fn selected_name(dot: Pos) -> Pos {
    Pos {
        line: dot.line,
        col: dot.col + 1,
    }
}

/// An expression's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A name.
    Ident(String),
    /// An integer literal.
    Int(u64),
    /// A float literal.
    Float(f64),
    /// A rune literal.
    Char(char),
    /// A string literal.
    Str(String),
    /// `op x`.
    Unary(&'static str, Box<Expr>),
    /// `x op y`.
    Binary(&'static str, Box<Expr>, Box<Expr>),
    /// `f(args)`, `f(args...)`.
    Call(Box<Expr>, Vec<Expr>, bool),
    /// `x.name`.
    Selector(Box<Expr>, String),
    /// `x[i]`.
    Index(Box<Expr>, Box<Expr>),
    /// `x[lo:hi]` or `x[lo:hi:max]`.
    Slice(
        Box<Expr>,
        Option<Box<Expr>>,
        Option<Box<Expr>>,
        Option<Box<Expr>>,
    ),
    /// `*x`.
    Deref(Box<Expr>),
    /// `T{elems}`; the type is absent for elided types in nested literals.
    Composite(Option<TypeExpr>, Vec<(Option<Expr>, Expr)>),
    /// `func(...) {...}` and where its closing brace is.
    FuncLit(Box<FuncSig>, Vec<Stmt>, Pos),
    /// A type in expression position (`[]int` in a conversion, `make`'s argument).
    Type(TypeExpr),
    /// `x.(T)`.
    TypeAssert(Box<Expr>, Box<TypeExpr>),
    /// `(x)`.
    Paren(Box<Expr>),
}

/// A statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// What kind.
    pub kind: StmtKind,
    /// Where.
    pub pos: Pos,
}

/// A `case` of a `switch`: its expressions (empty for `default`) and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The expressions; `None` for `default`.
    pub exprs: Option<Vec<Expr>>,
    /// The statements.
    pub body: Vec<Stmt>,
    /// Where.
    pub pos: Pos,
    /// Whether it ends in `fallthrough`.
    pub fallthrough: bool,
}

/// A `case` of a `select`.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectCase {
    /// The communication; `None` for `default`.
    pub comm: Option<Box<Stmt>>,
    /// The statements.
    pub body: Vec<Stmt>,
    /// Where.
    pub pos: Pos,
}

/// A statement's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// An expression statement.
    Expr(Expr),
    /// `var names T = values`.
    Var(Vec<(String, Pos)>, Option<TypeExpr>, Vec<Expr>),
    /// `const` specs (names, type, values, iota).
    Const(Vec<(String, Pos)>, Option<TypeExpr>, Vec<Expr>, i64),
    /// `type Name T`.
    Type(String, TypeExpr),
    /// `lhs := rhs`.
    Define(Vec<(String, Pos)>, Vec<Expr>),
    /// `lhs op= rhs` (`op` empty for `=`).
    Assign(Vec<Expr>, &'static str, Vec<Expr>),
    /// `x++` / `x--`.
    IncDec(Expr, bool),
    /// `ch <- v`.
    Send(Expr, Expr),
    /// `{ ... }`.
    Block(Vec<Stmt>),
    /// `if init; cond { } else ...`.
    If(Option<Box<Stmt>>, Expr, Vec<Stmt>, Option<Box<Stmt>>),
    /// `for init; cond; post { }`.
    For(
        Option<Box<Stmt>>,
        Option<Expr>,
        Option<Box<Stmt>>,
        Vec<Stmt>,
    ),
    /// `for k, v := range x { }` (`define` true for `:=`).
    Range(Option<Expr>, Option<Expr>, bool, Expr, Vec<Stmt>),
    /// `switch init; tag { cases }`.
    Switch(Option<Box<Stmt>>, Option<Expr>, Vec<Case>),
    /// `switch v := x.(type) { }`: the bound name, the value, cases of types.
    TypeSwitch(
        Option<String>,
        Expr,
        Vec<(Option<Vec<TypeExpr>>, Vec<Stmt>, Pos)>,
    ),
    /// `select { }`.
    Select(Vec<SelectCase>),
    /// `return values`.
    Return(Vec<Expr>),
    /// `break label` (the label and where it is).
    Break(Option<(String, Pos)>),
    /// `continue label`.
    Continue(Option<(String, Pos)>),
    /// `goto label`.
    Goto(String),
    /// `label: stmt`.
    Labeled(String, Box<Stmt>),
    /// `go f(x)`.
    Go(Expr),
    /// `defer f(x)`.
    Defer(Expr),
    /// `;` alone.
    Empty,
}

/// A top-level function or method.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncDecl {
    /// Its name.
    pub name: String,
    /// The receiver, for a method.
    pub recv: Option<Field>,
    /// Parameters and results.
    pub sig: FuncSig,
    /// The statements.
    pub body: Vec<Stmt>,
    /// Where its name is.
    pub pos: Pos,
    /// Where its closing brace is (Go's "missing return" is there).
    pub end: Pos,
}

/// A parsed source file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    /// Imported paths and where.
    pub imports: Vec<(String, Pos)>,
    /// Top-level `var`, `const` and `type` declarations, in order.
    pub decls: Vec<Stmt>,
    /// Functions and methods.
    pub funcs: Vec<FuncDecl>,
}
