//! A recursive-descent parser for the subset; anything outside it is refused with
//! `<construct> is not supported here` at its position.

use crate::CompileError;
use crate::ast::*;
use crate::lexer::{Pos, Tok, Token};

/// Parses tokens into a file.
pub fn parse(tokens: Vec<Token>) -> Result<File, CompileError> {
    let mut p = Parser {
        toks: tokens,
        i: 0,
        no_lit: 0,
    };
    p.file()
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
    /// Above 0 in `if`/`for`/`switch` headers, where `T {` opens the block, not a literal.
    no_lit: u32,
}

type R<T> = Result<T, CompileError>;

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(s) => format!("name {s}"),
        Tok::Int(_) | Tok::Float(_) | Tok::Char(_) | Tok::Str(_) => "literal".into(),
        Tok::Kw(k) => format!("keyword {k}"),
        Tok::Op(o) => o.to_string(),
        Tok::Semi => "newline".into(),
        Tok::Eof => "EOF".into(),
    }
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.i].tok
    }
    fn peek_at(&self, n: usize) -> &Tok {
        &self.toks[(self.i + n).min(self.toks.len() - 1)].tok
    }
    fn pos(&self) -> Pos {
        self.toks[self.i].pos
    }
    fn bump(&mut self) -> Token {
        let t = self.toks[self.i].clone();
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
        t
    }
    fn is_op(&self, o: &str) -> bool {
        matches!(self.peek(), Tok::Op(x) if *x == o)
    }
    fn is_kw(&self, k: &str) -> bool {
        matches!(self.peek(), Tok::Kw(x) if *x == k)
    }
    fn eat_op(&mut self, o: &str) -> bool {
        if self.is_op(o) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn err<T>(&self, pos: Pos, msg: impl Into<String>) -> R<T> {
        Err(CompileError {
            line: pos.line,
            col: pos.col,
            message: msg.into(),
        })
    }
    fn unexpected<T>(&self, wanted: &str) -> R<T> {
        let t = describe(self.peek());
        self.err(
            self.pos(),
            format!("syntax error: unexpected {t}, expected {wanted}"),
        )
    }
    fn unsupported<T>(&self, pos: Pos, what: &str) -> R<T> {
        let verb = if what.ends_with('s') && !what.starts_with("a ") {
            "are"
        } else {
            "is"
        };
        self.err(pos, format!("{what} {verb} not supported here"))
    }
    fn expect_op(&mut self, o: &str) -> R<Pos> {
        let pos = self.pos();
        if self.eat_op(o) {
            Ok(pos)
        } else {
            self.unexpected(o)
        }
    }
    fn ident(&mut self) -> R<(String, Pos)> {
        let pos = self.pos();
        match self.peek().clone() {
            Tok::Ident(s) => {
                self.bump();
                Ok((s, pos))
            }
            _ => self.unexpected("name"),
        }
    }
    fn semi(&mut self) -> R<()> {
        match self.peek() {
            Tok::Semi => {
                self.bump();
                Ok(())
            }
            Tok::Op(")") | Tok::Op("}") | Tok::Eof => Ok(()),
            _ => {
                let t = describe(self.peek());
                self.err(
                    self.pos(),
                    format!("syntax error: unexpected {t} at end of statement"),
                )
            }
        }
    }

    fn file(&mut self) -> R<File> {
        let mut f = File::default();
        if !self.is_kw("package") {
            return self.err(
                self.pos(),
                "expected 'package', found ".to_string() + &describe(self.peek()),
            );
        }
        self.bump();
        let (name, pos) = self.ident()?;
        if name != "main" {
            return self.err(
                pos,
                "package must be main (a program is one file of package main)",
            );
        }
        self.semi()?;
        while self.is_kw("import") {
            self.bump();
            if self.eat_op("(") {
                while !self.is_op(")") {
                    let pos = self.pos();
                    match self.bump().tok {
                        Tok::Str(s) => f.imports.push((s, pos)),
                        _ => return self.err(pos, "syntax error: missing import path"),
                    }
                    self.semi()?;
                }
                self.bump();
            } else {
                let pos = self.pos();
                match self.bump().tok {
                    Tok::Str(s) => f.imports.push((s, pos)),
                    _ => return self.err(pos, "syntax error: missing import path"),
                }
            }
            self.semi()?;
        }
        loop {
            match self.peek() {
                Tok::Eof => break,
                Tok::Kw("func") => {
                    let d = self.func_decl()?;
                    f.funcs.push(d);
                }
                Tok::Kw("var" | "const" | "type") => {
                    let mut ds = self.decl()?;
                    f.decls.append(&mut ds);
                }
                Tok::Kw("import") => {
                    return self.err(
                        self.pos(),
                        "syntax error: imports must appear before other declarations",
                    );
                }
                _ => {
                    let t = describe(self.peek());
                    return self.err(self.pos(), format!("syntax error: non-declaration statement outside function body (found {t})"));
                }
            }
            self.semi()?;
        }
        Ok(f)
    }

    fn func_decl(&mut self) -> R<FuncDecl> {
        self.bump();
        let recv = if self.is_op("(") {
            self.bump();
            let rpos = self.pos();
            let (name, ty) = if self.is_op("*") {
                // `func (*T) m()`: a receiver without a name.
                (None, self.ty()?)
            } else {
                let (a, _) = self.ident()?;
                if self.is_op(")") {
                    (None, TypeExpr::Name(None, a, rpos))
                } else {
                    (Some(a), self.ty()?)
                }
            };
            self.expect_op(")")?;
            Some(Field {
                name,
                ty,
                pos: rpos,
            })
        } else {
            None
        };
        // At its name, where Go reports a declaration's errors.
        let (name, pos) = self.ident()?;
        if self.is_op("[") {
            return self.unsupported(self.pos(), "generic functions");
        }
        let sig = self.signature()?;
        if !self.is_op("{") {
            return self.err(self.pos(), format!("missing function body for {name}"));
        }
        let (body, end) = self.block_end()?;
        Ok(FuncDecl {
            name,
            recv,
            sig,
            body,
            pos,
            end,
        })
    }

    fn signature(&mut self) -> R<FuncSig> {
        let (params, variadic) = self.params()?;
        let results = if self.is_op("(") {
            let (r, v) = self.params()?;
            if v {
                return self.err(self.pos(), "can only use ... with final parameter in list");
            }
            r
        } else if self.starts_type() {
            let pos = self.pos();
            vec![Field {
                name: None,
                ty: self.ty()?,
                pos,
            }]
        } else {
            Vec::new()
        };
        Ok(FuncSig {
            params,
            variadic,
            results,
        })
    }

    fn starts_type(&self) -> bool {
        matches!(
            self.peek(),
            Tok::Ident(_)
                | Tok::Op("[" | "*" | "(" | "<-")
                | Tok::Kw("map" | "chan" | "func" | "struct" | "interface")
        )
    }

    /// `(a, b int, c string)` or `(int, string)`.
    fn params(&mut self) -> R<(Vec<Field>, bool)> {
        self.expect_op("(")?;
        // Entries: either a type alone, or a name followed by a type.
        let mut entries: Vec<(Option<(String, Pos)>, Option<TypeExpr>, Pos, bool)> = Vec::new();
        while !self.is_op(")") {
            let pos = self.pos();
            let mut dots = false;
            if let Tok::Ident(name) = self.peek().clone() {
                let next = self.peek_at(1).clone();
                if matches!(next, Tok::Op("," | ")")) {
                    self.bump();
                    entries.push((Some((name, pos)), None, pos, false));
                } else if matches!(next, Tok::Op(".")) {
                    let t = self.ty()?;
                    entries.push((None, Some(t), pos, false));
                } else {
                    self.bump();
                    if self.eat_op("...") {
                        dots = true;
                    }
                    let t = self.ty()?;
                    entries.push((Some((name, pos)), Some(t), pos, dots));
                }
            } else {
                if self.eat_op("...") {
                    dots = true;
                }
                let t = self.ty()?;
                entries.push((None, Some(t), pos, dots));
            }
            if !self.eat_op(",") {
                break;
            }
            while matches!(self.peek(), Tok::Semi) {
                self.bump();
            }
        }
        self.expect_op(")")?;
        let named = entries.iter().any(|e| e.0.is_some() && e.1.is_some());
        let variadic = entries.last().is_some_and(|e| e.3);
        let mut out = Vec::new();
        if named {
            let mut pending: Vec<(String, Pos)> = Vec::new();
            for (name, ty, pos, _) in entries {
                match (name, ty) {
                    (Some(n), None) => pending.push(n),
                    (Some(n), Some(t)) => {
                        for (pn, pp) in pending.drain(..) {
                            out.push(Field {
                                name: Some(pn),
                                ty: t.clone(),
                                pos: pp,
                            });
                        }
                        out.push(Field {
                            name: Some(n.0),
                            ty: t,
                            pos,
                        });
                    }
                    (None, _) => {
                        return self.err(pos, "syntax error: mixed named and unnamed parameters");
                    }
                }
            }
            if let Some((_, p)) = pending.first() {
                return self.err(*p, "syntax error: mixed named and unnamed parameters");
            }
        } else {
            for (name, ty, pos, _) in entries {
                let ty = match (name, ty) {
                    (_, Some(t)) => t,
                    (Some((n, p)), None) => TypeExpr::Name(None, n, p),
                    (None, None) => unreachable!(),
                };
                out.push(Field {
                    name: None,
                    ty,
                    pos,
                });
            }
        }
        Ok((out, variadic))
    }

    fn ty(&mut self) -> R<TypeExpr> {
        let pos = self.pos();
        match self.peek().clone() {
            Tok::Ident(name) => {
                self.bump();
                if self.is_op(".") {
                    self.bump();
                    let (sel, _) = self.ident()?;
                    return Ok(TypeExpr::Name(Some(name), sel, pos));
                }
                if self.is_op("[")
                    && self.no_lit == 0
                    && matches!(self.peek_at(1), Tok::Ident(_))
                    && matches!(self.peek_at(2), Tok::Op("]" | ","))
                {
                    return self.unsupported(pos, "generic types");
                }
                Ok(TypeExpr::Name(None, name, pos))
            }
            Tok::Op("(") => {
                self.bump();
                let t = self.ty()?;
                self.expect_op(")")?;
                Ok(t)
            }
            Tok::Op("*") => {
                self.bump();
                Ok(TypeExpr::Ptr(Box::new(self.ty()?)))
            }
            Tok::Op("[") => {
                self.bump();
                if self.eat_op("]") {
                    return Ok(TypeExpr::Slice(Box::new(self.ty()?)));
                }
                let len = if self.eat_op("...") {
                    None
                } else {
                    self.no_lit += 1;
                    let e = self.expr();
                    self.no_lit -= 1;
                    Some(Box::new(e?))
                };
                self.expect_op("]")?;
                Ok(TypeExpr::Array(len, Box::new(self.ty()?)))
            }
            Tok::Op("<-") => {
                self.bump();
                if !self.is_kw("chan") {
                    return self.unexpected("chan");
                }
                self.bump();
                Ok(TypeExpr::Chan(ChanDir::Recv, Box::new(self.ty()?)))
            }
            Tok::Kw("chan") => {
                self.bump();
                let dir = if self.eat_op("<-") {
                    ChanDir::Send
                } else {
                    ChanDir::Both
                };
                Ok(TypeExpr::Chan(dir, Box::new(self.ty()?)))
            }
            Tok::Kw("map") => {
                self.bump();
                self.expect_op("[")?;
                let k = self.ty()?;
                self.expect_op("]")?;
                Ok(TypeExpr::Map(Box::new(k), Box::new(self.ty()?)))
            }
            Tok::Kw("func") => {
                self.bump();
                Ok(TypeExpr::Func(Box::new(self.signature()?)))
            }
            Tok::Kw("struct") => {
                self.bump();
                self.expect_op("{")?;
                let mut fields = Vec::new();
                while !self.is_op("}") {
                    let fpos = self.pos();
                    if matches!(self.peek(), Tok::Op("*"))
                        || matches!(
                            self.peek_at(1),
                            Tok::Semi | Tok::Op("}" | ".") | Tok::Str(_)
                        )
                    {
                        // An embedded field: `T`, `*T`, `pkg.T`, `*pkg.T`.
                        let ty = self.ty()?;
                        if let Tok::Str(_) = self.peek() {
                            self.bump();
                        }
                        fields.push(Field {
                            name: None,
                            ty,
                            pos: fpos,
                        });
                        self.semi()?;
                        continue;
                    }
                    let mut names = vec![self.ident()?];
                    while self.eat_op(",") {
                        names.push(self.ident()?);
                    }
                    let t = self.ty()?;
                    if let Tok::Str(_) = self.peek() {
                        self.bump();
                    }
                    for (n, p) in names {
                        fields.push(Field {
                            name: Some(n),
                            ty: t.clone(),
                            pos: p,
                        });
                    }
                    self.semi()?;
                }
                self.bump();
                Ok(TypeExpr::Struct(fields))
            }
            Tok::Kw("interface") => {
                self.bump();
                self.expect_op("{")?;
                let mut methods = Vec::new();
                let mut embedded = Vec::new();
                while !self.is_op("}") {
                    let mpos = self.pos();
                    if matches!(self.peek_at(1), Tok::Op("(")) {
                        let (n, _) = self.ident()?;
                        methods.push((n, self.signature()?));
                    } else if matches!(self.peek(), Tok::Ident(_))
                        && matches!(self.peek_at(1), Tok::Semi | Tok::Op("}" | "."))
                    {
                        // An embedded interface: `Reader`, `fmt.Stringer`.
                        embedded.push(self.ty()?);
                    } else {
                        return self.unsupported(mpos, "type constraints");
                    }
                    self.semi()?;
                }
                self.bump();
                Ok(TypeExpr::Interface(methods, embedded))
            }
            _ => self.unexpected("type"),
        }
    }

    fn decl(&mut self) -> R<Vec<Stmt>> {
        let pos = self.pos();
        let kw = match self.bump().tok {
            Tok::Kw(k) => k,
            _ => unreachable!(),
        };
        let mut out = Vec::new();
        if self.eat_op("(") {
            let mut iota = 0;
            let mut last: Option<(Option<TypeExpr>, Vec<Expr>)> = None;
            while !self.is_op(")") {
                out.push(self.spec(kw, iota, &mut last)?);
                iota += 1;
                self.semi()?;
            }
            self.bump();
        } else {
            let mut last = None;
            out.push(self.spec(kw, 0, &mut last)?);
        }
        let _ = pos;
        Ok(out)
    }

    fn spec(
        &mut self,
        kw: &str,
        iota: i64,
        last: &mut Option<(Option<TypeExpr>, Vec<Expr>)>,
    ) -> R<Stmt> {
        let pos = self.pos();
        if kw == "type" {
            let (name, _) = self.ident()?;
            if self.is_op("[")
                && matches!(self.peek_at(1), Tok::Ident(_))
                && !matches!(self.peek_at(2), Tok::Op("]"))
            {
                return self.unsupported(self.pos(), "generic types");
            }
            if self.is_op("=") {
                return self.unsupported(self.pos(), "type aliases");
            }
            let t = self.ty()?;
            return Ok(Stmt {
                kind: StmtKind::Type(name, t),
                pos,
            });
        }
        let mut names = vec![self.ident()?];
        while self.eat_op(",") {
            names.push(self.ident()?);
        }
        let ty = if !self.is_op("=") && !matches!(self.peek(), Tok::Semi | Tok::Op(")")) {
            Some(self.ty()?)
        } else {
            None
        };
        if kw == "var" && ty.is_none() && !self.is_op("=") {
            return self.unexpected("type");
        }
        let values = if self.eat_op("=") {
            self.expr_list()?
        } else {
            Vec::new()
        };
        if kw == "const" {
            let (ty, values) = if values.is_empty() && ty.is_none() {
                match last {
                    Some((t, v)) => (t.clone(), v.clone()),
                    None => return self.err(pos, "missing init expr for const declaration"),
                }
            } else {
                *last = Some((ty.clone(), values.clone()));
                (ty, values)
            };
            return Ok(Stmt {
                kind: StmtKind::Const(names, ty, values, iota),
                pos,
            });
        }
        Ok(Stmt {
            kind: StmtKind::Var(names, ty, values),
            pos,
        })
    }

    fn block(&mut self) -> R<Vec<Stmt>> {
        Ok(self.block_end()?.0)
    }

    /// A block and where its closing brace is.
    fn block_end(&mut self) -> R<(Vec<Stmt>, Pos)> {
        self.expect_op("{")?;
        let saved = self.no_lit;
        self.no_lit = 0;
        let mut out = Vec::new();
        while !self.is_op("}") {
            if matches!(self.peek(), Tok::Eof) {
                self.no_lit = saved;
                return self.unexpected("}");
            }
            if matches!(self.peek(), Tok::Semi) {
                self.bump();
                continue;
            }
            out.push(self.stmt()?);
            self.semi()?;
        }
        let end = self.pos();
        self.bump();
        self.no_lit = saved;
        Ok((out, end))
    }

    fn stmt(&mut self) -> R<Stmt> {
        let pos = self.pos();
        let kind = match self.peek().clone() {
            Tok::Kw("var" | "const" | "type") => {
                let mut ds = self.decl()?;
                if ds.len() == 1 {
                    return Ok(ds.pop().unwrap_or(Stmt {
                        kind: StmtKind::Empty,
                        pos,
                    }));
                }
                StmtKind::Block(ds)
            }
            Tok::Op("{") => StmtKind::Block(self.block()?),
            Tok::Kw("if") => return self.if_stmt(),
            Tok::Kw("for") => return self.for_stmt(),
            Tok::Kw("switch") => return self.switch_stmt(),
            Tok::Kw("select") => return self.select_stmt(),
            Tok::Kw("return") => {
                self.bump();
                let vals = if matches!(self.peek(), Tok::Semi | Tok::Op("}")) {
                    Vec::new()
                } else {
                    self.expr_list()?
                };
                StmtKind::Return(vals)
            }
            Tok::Kw(k @ ("break" | "continue")) => {
                self.bump();
                let label = if let Tok::Ident(l) = self.peek().clone() {
                    let at = self.pos();
                    self.bump();
                    Some((l, at))
                } else {
                    None
                };
                if k == "break" {
                    StmtKind::Break(label)
                } else {
                    StmtKind::Continue(label)
                }
            }
            Tok::Kw("go") => {
                self.bump();
                StmtKind::Go(self.expr()?)
            }
            Tok::Kw("defer") => {
                self.bump();
                StmtKind::Defer(self.expr()?)
            }
            Tok::Kw("goto") => {
                self.bump();
                StmtKind::Goto(self.ident()?.0)
            }
            Tok::Kw("fallthrough") => return self.err(pos, "fallthrough statement out of place"),
            Tok::Ident(l) if matches!(self.peek_at(1), Tok::Op(":")) => {
                self.bump();
                self.bump();
                while matches!(self.peek(), Tok::Semi) {
                    self.bump();
                }
                if self.is_op("}") {
                    return Ok(Stmt {
                        kind: StmtKind::Labeled(
                            l,
                            Box::new(Stmt {
                                kind: StmtKind::Empty,
                                pos,
                            }),
                        ),
                        pos,
                    });
                }
                let s = self.stmt()?;
                StmtKind::Labeled(l, Box::new(s))
            }
            _ => return self.simple_stmt(),
        };
        Ok(Stmt { kind, pos })
    }

    fn simple_stmt(&mut self) -> R<Stmt> {
        let pos = self.pos();
        let lhs = self.expr_list()?;
        let kind = match self.peek().clone() {
            Tok::Op(":=") => {
                let define = self.pos();
                self.bump();
                let mut names = Vec::new();
                for e in &lhs {
                    match &e.kind {
                        ExprKind::Ident(n) => names.push((n.clone(), e.pos)),
                        _ => return self.err(e.pos, "non-name on left side of :="),
                    }
                }
                if self.is_kw("range") {
                    self.bump();
                    let x = self.expr()?;
                    let mut it = lhs.into_iter();
                    return Ok(Stmt {
                        kind: StmtKind::Range(it.next(), it.next(), true, x, Vec::new()),
                        pos,
                    });
                }
                // At its `:=`, as Go places an assignment (its "no new variables").
                return Ok(Stmt {
                    kind: StmtKind::Define(names, self.expr_list()?),
                    pos: define,
                });
            }
            Tok::Op(
                o @ ("=" | "+=" | "-=" | "*=" | "/=" | "%=" | "&=" | "|=" | "^=" | "<<=" | ">>="
                | "&^="),
            ) => {
                self.bump();
                if o == "=" && self.is_kw("range") {
                    self.bump();
                    let x = self.expr()?;
                    let mut it = lhs.into_iter();
                    return Ok(Stmt {
                        kind: StmtKind::Range(it.next(), it.next(), false, x, Vec::new()),
                        pos,
                    });
                }
                let op = if o == "=" { "" } else { &o[..o.len() - 1] };
                let op: &'static str = match op {
                    "" => "",
                    "+" => "+",
                    "-" => "-",
                    "*" => "*",
                    "/" => "/",
                    "%" => "%",
                    "&" => "&",
                    "|" => "|",
                    "^" => "^",
                    "<<" => "<<",
                    ">>" => ">>",
                    _ => "&^",
                };
                StmtKind::Assign(lhs, op, self.expr_list()?)
            }
            Tok::Op(o @ ("++" | "--")) => {
                self.bump();
                StmtKind::IncDec(
                    lhs.into_iter().next().unwrap_or_else(|| unreachable!()),
                    o == "++",
                )
            }
            Tok::Op("<-") => {
                self.bump();
                let v = self.expr()?;
                StmtKind::Send(lhs.into_iter().next().unwrap_or_else(|| unreachable!()), v)
            }
            _ => {
                if lhs.len() > 1 {
                    return self.unexpected(":= or = or comma");
                }
                StmtKind::Expr(lhs.into_iter().next().unwrap_or_else(|| unreachable!()))
            }
        };
        Ok(Stmt { kind, pos })
    }

    fn if_stmt(&mut self) -> R<Stmt> {
        let pos = self.pos();
        self.bump();
        self.no_lit += 1;
        let first = self.simple_stmt();
        let header = (|| {
            let first = first?;
            if matches!(self.peek(), Tok::Semi) {
                // `if x > 1` and `{` on the next line: Go reports the line's end.
                let semi = self.pos();
                self.bump();
                if self.is_op("{") {
                    return self.err(
                        semi,
                        "syntax error: unexpected newline, expecting { after if clause",
                    );
                }
                let cond = self.expr()?;
                Ok((Some(Box::new(first)), cond))
            } else {
                match first.kind {
                    StmtKind::Expr(e) => Ok((None, e)),
                    _ => self.err(pos, "cannot use assignment as value"),
                }
            }
        })();
        self.no_lit -= 1;
        let (init, cond) = header?;
        let then = self.block()?;
        let els = if self.is_kw("else") {
            self.bump();
            if self.is_kw("if") {
                Some(Box::new(self.if_stmt()?))
            } else {
                let p = self.pos();
                Some(Box::new(Stmt {
                    kind: StmtKind::Block(self.block()?),
                    pos: p,
                }))
            }
        } else {
            None
        };
        Ok(Stmt {
            kind: StmtKind::If(init, cond, then, els),
            pos,
        })
    }

    fn for_stmt(&mut self) -> R<Stmt> {
        let pos = self.pos();
        self.bump();
        if self.is_op("{") {
            let body = self.block()?;
            return Ok(Stmt {
                kind: StmtKind::For(None, None, None, body),
                pos,
            });
        }
        self.no_lit += 1;
        let header = self.for_header(pos);
        self.no_lit -= 1;
        let mut s = header?;
        let body = self.block()?;
        match &mut s.kind {
            StmtKind::For(_, _, _, b) | StmtKind::Range(_, _, _, _, b) => *b = body,
            _ => unreachable!(),
        }
        Ok(s)
    }

    fn for_header(&mut self, pos: Pos) -> R<Stmt> {
        if self.is_kw("range") {
            self.bump();
            let x = self.expr()?;
            return Ok(Stmt {
                kind: StmtKind::Range(None, None, false, x, Vec::new()),
                pos,
            });
        }
        let init = if matches!(self.peek(), Tok::Semi) {
            None
        } else {
            let s = self.simple_stmt()?;
            if let StmtKind::Range(..) = s.kind {
                return Ok(s);
            }
            if self.is_op("{") {
                return match s.kind {
                    StmtKind::Expr(e) => Ok(Stmt {
                        kind: StmtKind::For(None, Some(e), None, Vec::new()),
                        pos,
                    }),
                    _ => self.err(s.pos, "expected for loop condition"),
                };
            }
            Some(Box::new(s))
        };
        if !matches!(self.peek(), Tok::Semi) {
            return self.unexpected("{ after for clause");
        }
        self.bump();
        let cond = if matches!(self.peek(), Tok::Semi) {
            None
        } else {
            Some(self.expr()?)
        };
        if !matches!(self.peek(), Tok::Semi) {
            return self.unexpected("{ after for clause");
        }
        self.bump();
        let post = if self.is_op("{") {
            None
        } else {
            Some(Box::new(self.simple_stmt()?))
        };
        Ok(Stmt {
            kind: StmtKind::For(init, cond, post, Vec::new()),
            pos,
        })
    }

    fn switch_stmt(&mut self) -> R<Stmt> {
        let pos = self.pos();
        self.bump();
        self.no_lit += 1;
        let header = (|| -> R<(Option<Box<Stmt>>, Option<Stmt>)> {
            if self.is_op("{") {
                return Ok((None, None));
            }
            let first = if matches!(self.peek(), Tok::Semi) {
                None
            } else {
                Some(self.simple_stmt()?)
            };
            if matches!(self.peek(), Tok::Semi) {
                self.bump();
                let tag = if self.is_op("{") {
                    None
                } else {
                    Some(self.simple_stmt()?)
                };
                Ok((first.map(Box::new), tag))
            } else {
                Ok((None, first))
            }
        })();
        self.no_lit -= 1;
        let (init, tag) = header?;
        // A type switch: `switch v := x.(type)` or `switch x.(type)`.
        let type_switch = match &tag {
            Some(Stmt {
                kind: StmtKind::Define(names, vals),
                ..
            }) if vals.len() == 1 && is_type_guard(&vals[0]) => {
                Some((Some(names[0].0.clone()), vals[0].clone()))
            }
            Some(Stmt {
                kind: StmtKind::Expr(e),
                ..
            }) if is_type_guard(e) => Some((None, e.clone())),
            _ => None,
        };
        self.expect_op("{")?;
        if let Some((bind, guard)) = type_switch {
            if init.is_some() {
                return self.unsupported(pos, "a type switch with an init statement");
            }
            let x = match guard.kind {
                ExprKind::TypeAssert(x, _) => *x,
                _ => unreachable!(),
            };
            let mut cases = Vec::new();
            while !self.is_op("}") {
                let cpos = self.pos();
                let types = if self.is_kw("default") {
                    self.bump();
                    None
                } else if self.is_kw("case") {
                    self.bump();
                    let mut ts = vec![self.ty()?];
                    while self.eat_op(",") {
                        ts.push(self.ty()?);
                    }
                    Some(ts)
                } else {
                    return self.unexpected("case or default or }");
                };
                self.expect_op(":")?;
                let body = self.case_body()?;
                cases.push((types, body, cpos));
            }
            self.bump();
            return Ok(Stmt {
                kind: StmtKind::TypeSwitch(bind, x, cases),
                pos,
            });
        }
        let tag = match tag {
            None => None,
            Some(Stmt {
                kind: StmtKind::Expr(e),
                ..
            }) => Some(e),
            Some(s) => return self.err(s.pos, "switch expression must be an expression"),
        };
        let mut cases = Vec::new();
        while !self.is_op("}") {
            let cpos = self.pos();
            let exprs = if self.is_kw("default") {
                self.bump();
                None
            } else if self.is_kw("case") {
                self.bump();
                Some(self.expr_list()?)
            } else {
                return self.unexpected("case or default or }");
            };
            self.expect_op(":")?;
            let mut body = self.case_body()?;
            let fallthrough = matches!(
                body.last(),
                Some(Stmt {
                    kind: StmtKind::Labeled(l, _),
                    ..
                }) if l == "\u{0}fallthrough"
            );
            if fallthrough {
                body.pop();
            }
            cases.push(Case {
                exprs,
                body,
                pos: cpos,
                fallthrough,
            });
        }
        self.bump();
        Ok(Stmt {
            kind: StmtKind::Switch(init, tag, cases),
            pos,
        })
    }

    fn case_body(&mut self) -> R<Vec<Stmt>> {
        let mut body = Vec::new();
        while !self.is_kw("case") && !self.is_kw("default") && !self.is_op("}") {
            if matches!(self.peek(), Tok::Semi) {
                self.bump();
                continue;
            }
            if self.is_kw("fallthrough") {
                let pos = self.pos();
                self.bump();
                self.semi()?;
                // Marked for the switch to see; only valid last.
                body.push(Stmt {
                    kind: StmtKind::Labeled(
                        "\u{0}fallthrough".into(),
                        Box::new(Stmt {
                            kind: StmtKind::Empty,
                            pos,
                        }),
                    ),
                    pos,
                });
                continue;
            }
            body.push(self.stmt()?);
            self.semi()?;
        }
        Ok(body)
    }

    fn select_stmt(&mut self) -> R<Stmt> {
        let pos = self.pos();
        self.bump();
        self.expect_op("{")?;
        let mut cases = Vec::new();
        while !self.is_op("}") {
            let cpos = self.pos();
            let comm = if self.is_kw("default") {
                self.bump();
                None
            } else if self.is_kw("case") {
                self.bump();
                Some(Box::new(self.simple_stmt()?))
            } else {
                return self.unexpected("case or default or }");
            };
            self.expect_op(":")?;
            let body = self.case_body()?;
            cases.push(SelectCase {
                comm,
                body,
                pos: cpos,
            });
        }
        self.bump();
        Ok(Stmt {
            kind: StmtKind::Select(cases),
            pos,
        })
    }

    fn expr_list(&mut self) -> R<Vec<Expr>> {
        let mut v = vec![self.expr()?];
        while self.eat_op(",") {
            v.push(self.expr()?);
        }
        Ok(v)
    }

    fn expr(&mut self) -> R<Expr> {
        self.binary(1)
    }

    #[allow(clippy::while_let_loop)]
    fn binary(&mut self, min: u8) -> R<Expr> {
        let mut lhs = self.unary()?;
        loop {
            let (op, prec) = match self.peek() {
                Tok::Op(o) => match *o {
                    "||" => ("||", 1),
                    "&&" => ("&&", 2),
                    "==" | "!=" | "<" | "<=" | ">" | ">=" => (*o, 3),
                    "+" | "-" | "|" | "^" => (*o, 4),
                    "*" | "/" | "%" | "<<" | ">>" | "&" | "&^" => (*o, 5),
                    _ => break,
                },
                _ => break,
            };
            if prec < min {
                break;
            }
            let pos = self.pos();
            self.bump();
            let rhs = self.binary(prec + 1)?;
            lhs = Expr {
                kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                pos,
            };
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> R<Expr> {
        let pos = self.pos();
        match self.peek() {
            Tok::Op(o @ ("-" | "+" | "!" | "^" | "&" | "<-")) => {
                let o: &'static str = o;
                if o == "<-" && matches!(self.peek_at(1), Tok::Kw("chan")) {
                    return self.primary();
                }
                self.bump();
                let x = self.unary()?;
                Ok(Expr {
                    kind: ExprKind::Unary(o, Box::new(x)),
                    pos,
                })
            }
            Tok::Op("*") => {
                self.bump();
                let x = self.unary()?;
                Ok(Expr {
                    kind: ExprKind::Deref(Box::new(x)),
                    pos,
                })
            }
            _ => self.primary(),
        }
    }

    fn operand(&mut self) -> R<Expr> {
        let pos = self.pos();
        let kind = match self.peek().clone() {
            Tok::Int(v) => {
                self.bump();
                ExprKind::Int(v)
            }
            Tok::Float(v) => {
                self.bump();
                ExprKind::Float(v)
            }
            Tok::Char(c) => {
                self.bump();
                ExprKind::Char(c)
            }
            Tok::Str(s) => {
                self.bump();
                ExprKind::Str(s)
            }
            Tok::Ident(n) => {
                self.bump();
                ExprKind::Ident(n)
            }
            Tok::Op("(") => {
                self.bump();
                let saved = self.no_lit;
                self.no_lit = 0;
                let e = self.expr();
                self.no_lit = saved;
                let e = e?;
                self.expect_op(")")?;
                ExprKind::Paren(Box::new(e))
            }
            Tok::Kw("func") => {
                self.bump();
                let sig = self.signature()?;
                if self.is_op("{") {
                    let (body, end) = self.block_end()?;
                    ExprKind::FuncLit(Box::new(sig), body, end)
                } else {
                    ExprKind::Type(TypeExpr::Func(Box::new(sig)))
                }
            }
            Tok::Op("[" | "<-") | Tok::Kw("map" | "chan" | "struct" | "interface") => {
                ExprKind::Type(self.ty()?)
            }
            _ => return self.unexpected("expression"),
        };
        Ok(Expr { kind, pos })
    }

    fn primary(&mut self) -> R<Expr> {
        let mut x = self.operand()?;
        loop {
            let pos = self.pos();
            match self.peek() {
                Tok::Op(".") => {
                    self.bump();
                    if self.eat_op("(") {
                        if self.is_kw("type") {
                            self.bump();
                            self.expect_op(")")?;
                            x = Expr {
                                kind: ExprKind::TypeAssert(
                                    Box::new(x),
                                    Box::new(TypeExpr::Name(None, "type".into(), pos)),
                                ),
                                pos,
                            };
                            continue;
                        }
                        let t = self.ty()?;
                        self.expect_op(")")?;
                        x = Expr {
                            kind: ExprKind::TypeAssert(Box::new(x), Box::new(t)),
                            pos,
                        };
                        continue;
                    }
                    let (name, _) = self.ident()?;
                    x = Expr {
                        kind: ExprKind::Selector(Box::new(x), name),
                        pos,
                    };
                }
                Tok::Op("(") => {
                    self.bump();
                    let saved = self.no_lit;
                    self.no_lit = 0;
                    let mut args = Vec::new();
                    let mut dots = false;
                    let r = (|| {
                        while !self.is_op(")") {
                            args.push(self.expr()?);
                            if self.eat_op("...") {
                                dots = true;
                            }
                            while matches!(self.peek(), Tok::Semi) {
                                self.bump();
                            }
                            if !self.eat_op(",") {
                                break;
                            }
                            while matches!(self.peek(), Tok::Semi) {
                                self.bump();
                            }
                        }
                        Ok(())
                    })();
                    self.no_lit = saved;
                    r?;
                    self.expect_op(")")?;
                    x = Expr {
                        kind: ExprKind::Call(Box::new(x), args, dots),
                        pos,
                    };
                }
                Tok::Op("[") => {
                    self.bump();
                    let saved = self.no_lit;
                    self.no_lit = 0;
                    let r = (|| {
                        let lo = if self.is_op(":") {
                            None
                        } else {
                            Some(Box::new(self.expr()?))
                        };
                        if self.eat_op(":") {
                            let hi = if self.is_op("]") {
                                None
                            } else {
                                Some(Box::new(self.expr()?))
                            };
                            let max = if self.eat_op(":") {
                                if hi.is_none() {
                                    return self.err(
                                        self.pos(),
                                        "syntax error: middle index required in 3-index slice",
                                    );
                                }
                                Some(Box::new(self.expr()?))
                            } else {
                                None
                            };
                            Ok(ExprKind::Slice(Box::new(x.clone()), lo, hi, max))
                        } else {
                            if self.is_op(",") {
                                return self.unsupported(self.pos(), "generic instantiation");
                            }
                            match lo {
                                Some(i) => Ok(ExprKind::Index(Box::new(x.clone()), i)),
                                None => self.unexpected("operand"),
                            }
                        }
                    })();
                    self.no_lit = saved;
                    let kind = r?;
                    self.expect_op("]")?;
                    x = Expr { kind, pos };
                }
                Tok::Op("{")
                    if self.no_lit == 0
                        || !matches!(x.kind, ExprKind::Ident(_) | ExprKind::Selector(..)) =>
                {
                    let ty = match &x.kind {
                        ExprKind::Ident(n) => TypeExpr::Name(None, n.clone(), x.pos),
                        ExprKind::Selector(p, n) => match &p.kind {
                            ExprKind::Ident(pk) => {
                                TypeExpr::Name(Some(pk.clone()), n.clone(), x.pos)
                            }
                            _ => break,
                        },
                        ExprKind::Type(t) => t.clone(),
                        _ => break,
                    };
                    let elems = self.lit_body()?;
                    x = Expr {
                        kind: ExprKind::Composite(Some(ty), elems),
                        pos: x.pos,
                    };
                }
                _ => break,
            }
        }
        Ok(x)
    }

    #[allow(dead_code)]
    fn postfix_of(&mut self, x: Expr) -> R<Expr> {
        if self.is_op("{") {
            let ty = match x.kind {
                ExprKind::Type(t) => t,
                _ => return self.unexpected(", or )"),
            };
            let elems = self.lit_body()?;
            return Ok(Expr {
                kind: ExprKind::Composite(Some(ty), elems),
                pos: x.pos,
            });
        }
        if self.is_op("(") {
            // A conversion such as []byte(s).
            self.bump();
            let arg = self.expr()?;
            self.expect_op(")")?;
            return Ok(Expr {
                pos: x.pos,
                kind: ExprKind::Call(Box::new(x), vec![arg], false),
            });
        }
        self.unexpected(", or )")
    }

    fn lit_body(&mut self) -> R<Vec<(Option<Expr>, Expr)>> {
        self.expect_op("{")?;
        let saved = self.no_lit;
        self.no_lit = 0;
        let r = (|| {
            let mut elems = Vec::new();
            while !self.is_op("}") {
                let e = self.lit_elem()?;
                let pair = if self.eat_op(":") {
                    (Some(e), self.lit_elem()?)
                } else {
                    (None, e)
                };
                elems.push(pair);
                if !self.eat_op(",") {
                    while matches!(self.peek(), Tok::Semi) {
                        self.bump();
                    }
                    break;
                }
                while matches!(self.peek(), Tok::Semi) {
                    self.bump();
                }
            }
            Ok(elems)
        })();
        self.no_lit = saved;
        let elems = r?;
        if !self.is_op("}") {
            return self.unexpected("comma or }");
        }
        self.bump();
        Ok(elems)
    }

    fn lit_elem(&mut self) -> R<Expr> {
        if self.is_op("{") {
            let pos = self.pos();
            let elems = self.lit_body()?;
            return Ok(Expr {
                kind: ExprKind::Composite(None, elems),
                pos,
            });
        }
        self.expr()
    }
}

fn is_type_guard(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::TypeAssert(_, t) if matches!(&**t, TypeExpr::Name(None, n, _) if n == "type"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexer::lex;

    fn parse_src(src: &str) -> Result<File, CompileError> {
        parse(lex(src)?)
    }

    #[test]
    fn a_small_program_parses() {
        let f = parse_src(
            "package main\nimport \"fmt\"\ntype P struct{ x, y int }\nfunc main() {\n\tfor i := range 3 { if p := (P{1, 2}); p.x > i { fmt.Println(i) } }\n}\n",
        )
        .unwrap();
        assert_eq!(f.funcs.len(), 1);
        assert_eq!(f.imports[0].0, "fmt");
    }

    #[test]
    fn generics_are_refused_at_their_position() {
        let e = parse_src("package main\nfunc Map[T any](x T) T { return x }\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 9));
        assert_eq!(e.message, "generic functions are not supported here");
    }

    #[test]
    fn an_if_whose_brace_is_on_the_next_line_is_refused_at_the_line_end() {
        let e = parse_src("package main\nfunc main() {\n\tif x > 1\n\t{\n\t}\n}\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 10));
        assert_eq!(
            e.message,
            "syntax error: unexpected newline, expecting { after if clause"
        );
    }

    #[test]
    fn a_composite_literal_in_an_if_header_needs_parentheses() {
        assert!(parse_src("package main\nfunc main() { if x == (T{}) { } }\n").is_ok());
    }
}
