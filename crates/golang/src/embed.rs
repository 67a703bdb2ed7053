//! Promoted methods: a struct type gets the methods of the fields it embeds (`type Dog
//! struct { Animal }` has `Animal`'s methods), and with them satisfies interfaces. Each
//! promoted method becomes a method of its own, written here as syntax and compiled like
//! the program's methods: `func (r Dog) Speak() string { return r.Animal.Speak() }`. The
//! compiler, the method table and interface calls then need nothing new.
//!
//! Which methods are promoted follows Go's rules: a field or method of the outer type
//! hides a promoted one of the same name, a shallower one hides a deeper one, and two at
//! the same depth cancel each other out (using that name is then an error, as in Go). A
//! method of `*E` embedded as `E` is promoted to `*T` only; embedded as `*E`, all of
//! `E`'s methods are promoted to `T`.

use std::collections::{HashMap, HashSet};

use crate::ast::{Expr, ExprKind, Field, File, FuncDecl, FuncSig, Stmt, StmtKind, TypeExpr};

/// The receiver's name in a promoted method: not a name a program can declare a
/// conflicting parameter with, since the wrapper's parameters are named `p0`, `p1`, ...
const RECV: &str = "recv";

/// One method of a type: its name and signature, and whether its receiver is a pointer.
#[derive(Clone)]
struct Method<'f> {
    /// Its name.
    name: &'f str,
    /// Its signature.
    sig: &'f FuncSig,
    /// Where it is declared.
    pos: crate::lexer::Pos,
    /// Whether it is in the method set of `*T` only.
    ptr: bool,
}

/// The methods promoted to the program's struct types, as declarations to compile beside
/// the program's own.
pub fn promoted_methods(file: &File) -> Vec<FuncDecl> {
    // Each type's own fields (names) and embedded fields (type name, by pointer).
    let mut fields: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut embeds: HashMap<&str, Vec<(String, bool)>> = HashMap::new();
    for d in &file.decls {
        if let StmtKind::Type(name, TypeExpr::Struct(fs)) = &d.kind {
            let names = fields.entry(name).or_default();
            for f in fs {
                match &f.name {
                    Some(n) => {
                        names.insert(n.clone());
                    }
                    None => {
                        if let Some((field, local, ptr)) = embedded_name(&f.ty) {
                            names.insert(field.clone());
                            if local {
                                embeds.entry(name).or_default().push((field, ptr));
                            }
                        }
                    }
                }
            }
        }
    }
    // Each type's method set, its own methods first.
    let mut sets: HashMap<String, HashMap<String, Option<Method>>> = HashMap::new();
    for fd in &file.funcs {
        if let Some(recv) = &fd.recv {
            let (t, ptr) = match &recv.ty {
                TypeExpr::Ptr(b) => (b.as_ref(), true),
                t => (t, false),
            };
            if let TypeExpr::Name(None, n, _) = t {
                sets.entry(n.clone()).or_default().insert(
                    fd.name.clone(),
                    Some(Method {
                        name: &fd.name,
                        sig: &fd.sig,
                        pos: fd.pos,
                        ptr,
                    }),
                );
            }
        }
    }
    // An interface type's methods, which a struct embedding it gets (a decorator).
    for d in &file.decls {
        if let StmtKind::Type(name, TypeExpr::Interface(ms, _)) = &d.kind {
            let set = sets.entry(name.clone()).or_default();
            for (m, sig) in ms {
                set.insert(
                    m.clone(),
                    Some(Method {
                        name: m,
                        sig,
                        pos: d.pos,
                        ptr: false,
                    }),
                );
            }
        }
    }
    let mut out = Vec::new();
    // One depth a round: what a round promotes was a method at the depth before.
    loop {
        let before = sets.clone();
        let mut added = false;
        for (outer, embedded) in &embeds {
            let own = sets.get(*outer).cloned().unwrap_or_default();
            // What each name would be promoted from, field by field.
            let mut found: HashMap<&str, Vec<(&Option<Method>, &str, bool)>> = HashMap::new();
            for (field, by_ptr) in embedded {
                for (name, m) in before.get(field.as_str()).into_iter().flatten() {
                    if !own.contains_key(name) && !fields[outer].contains(name) {
                        found.entry(name).or_default().push((m, field, *by_ptr));
                    }
                }
            }
            let set = sets.entry(outer.to_string()).or_default();
            for (name, from) in found {
                added = true;
                let promoted = match from.as_slice() {
                    [(Some(m), field, by_ptr)] => {
                        let ptr = m.ptr && !by_ptr;
                        out.push(wrapper(outer, field, ptr, m));
                        Some(Method { ptr, ..m.clone() })
                    }
                    // Two at the same depth (here or further in): neither is promoted.
                    _ => None,
                };
                set.insert(name.to_string(), promoted);
            }
        }
        if !added {
            return out;
        }
    }
}

/// An embedded field's name (its type's name), whether that type is the program's own
/// (and so may have methods to promote), and whether it is embedded by pointer.
pub fn embedded_name(ty: &TypeExpr) -> Option<(String, bool, bool)> {
    let (t, ptr) = match ty {
        TypeExpr::Ptr(b) => (b.as_ref(), true),
        t => (t, false),
    };
    match t {
        TypeExpr::Name(pkg, n, _) => Some((n.clone(), pkg.is_none(), ptr)),
        _ => None,
    }
}

/// `func (recv outer) name(p0 T0, ...) results { return recv.field.name(p0, ...) }`.
fn wrapper(outer: &str, field: &str, ptr: bool, inner: &Method) -> FuncDecl {
    let pos = inner.pos;
    let ident = |n: &str| Expr {
        kind: ExprKind::Ident(n.to_string()),
        pos,
    };
    let recv_ty = TypeExpr::Name(None, outer.to_string(), pos);
    let params: Vec<Field> = inner
        .sig
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| Field {
            name: Some(format!("p{i}")),
            ty: p.ty.clone(),
            pos,
        })
        .collect();
    let args = (0..params.len()).map(|i| ident(&format!("p{i}"))).collect();
    let callee = Expr {
        kind: ExprKind::Selector(
            Box::new(Expr {
                kind: ExprKind::Selector(Box::new(ident(RECV)), field.to_string()),
                pos,
            }),
            inner.name.to_string(),
        ),
        pos,
    };
    let call = Expr {
        kind: ExprKind::Call(Box::new(callee), args, inner.sig.variadic),
        pos,
    };
    let results: Vec<Field> = inner
        .sig
        .results
        .iter()
        .map(|r| Field {
            name: None,
            ty: r.ty.clone(),
            pos,
        })
        .collect();
    let body = if results.is_empty() {
        StmtKind::Expr(call)
    } else {
        StmtKind::Return(vec![call])
    };
    FuncDecl {
        name: inner.name.to_string(),
        recv: Some(Field {
            name: Some(RECV.into()),
            ty: if ptr {
                TypeExpr::Ptr(Box::new(recv_ty))
            } else {
                recv_ty
            },
            pos,
        }),
        sig: FuncSig {
            params,
            variadic: inner.sig.variadic,
            results,
        },
        body: vec![Stmt { kind: body, pos }],
        pos,
        end: pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn promoted(src: &str) -> Vec<(String, String)> {
        let file = crate::parser::parse(crate::lexer::lex(src).unwrap()).unwrap();
        let mut out: Vec<(String, String)> = promoted_methods(&file)
            .iter()
            .map(|f| {
                let recv = match &f.recv.as_ref().unwrap().ty {
                    TypeExpr::Ptr(b) => match b.as_ref() {
                        TypeExpr::Name(_, n, _) => format!("*{n}"),
                        _ => unreachable!(),
                    },
                    TypeExpr::Name(_, n, _) => n.clone(),
                    _ => unreachable!(),
                };
                (recv, f.name.clone())
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn methods_are_promoted_by_go_rules() {
        let src = "package main
type A struct{}
func (A) Hello() {}
func (*A) Set() {}
func (A) Shadowed() {}
type B struct{}
func (B) Hello() {}
type Both struct { A; B }
type One struct { A; Shadowed int }
type ByPtr struct { *A }
type Deep struct { One }
func main() {}
";
        // Both: Hello is ambiguous, so only A's Set and Shadowed come through; One's
        // field Shadowed hides A's method; Deep gets One's promoted methods in turn.
        let mut want = [
            ("*Both", "Set"),
            ("*Deep", "Set"),
            ("*One", "Set"),
            ("Both", "Shadowed"),
            ("ByPtr", "Hello"),
            ("ByPtr", "Set"),
            ("ByPtr", "Shadowed"),
            ("Deep", "Hello"),
            ("One", "Hello"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()));
        want.sort();
        assert_eq!(promoted(src), want);
    }
}
