//! Go's tokens, with automatic semicolon insertion, each at a line and column counted in
//! bytes from 1, as Go reports positions.

use crate::CompileError;

/// A position in the source: line and byte column, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Byte column, from 1.
    pub col: u32,
}

/// A token's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// An identifier.
    Ident(String),
    /// An integer literal's value.
    Int(u64),
    /// A floating-point literal.
    Float(f64),
    /// A rune literal.
    Char(char),
    /// A string literal, unquoted.
    Str(String),
    /// A keyword.
    Kw(&'static str),
    /// An operator or punctuation.
    Op(&'static str),
    /// `;`, written or inserted at a line end.
    Semi,
    /// The end of the source.
    Eof,
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Where it starts.
    pub pos: Pos,
}

const KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

// Longest first, so that the first match is the longest.
const OPS: &[&str] = &[
    "<<=", ">>=", "&^=", "...", "&&", "||", "<-", "++", "--", "==", "!=", "<=", ">=", ":=", "+=",
    "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "&^", "+", "-", "*", "/", "%", "&", "|",
    "^", "<", ">", "=", "!", "(", ")", "[", "]", "{", "}", ",", ";", ".", ":", "~",
];

fn err(pos: Pos, message: impl Into<String>) -> CompileError {
    CompileError {
        line: pos.line,
        col: pos.col,
        message: message.into(),
    }
}

/// Splits `src` into tokens, inserting semicolons where Go does.
pub fn lex(src: &str) -> Result<Vec<Token>, CompileError> {
    let b = src.as_bytes();
    let mut out: Vec<Token> = Vec::new();
    let (mut i, mut line, mut line_start) = (0usize, 1u32, 0usize);
    let needs_semi = |out: &Vec<Token>| match out.last().map(|t| &t.tok) {
        Some(Tok::Ident(_) | Tok::Int(_) | Tok::Float(_) | Tok::Char(_) | Tok::Str(_)) => true,
        Some(Tok::Kw(k)) => matches!(*k, "break" | "continue" | "fallthrough" | "return"),
        Some(Tok::Op(o)) => matches!(*o, "++" | "--" | ")" | "]" | "}"),
        _ => false,
    };
    while i < b.len() {
        let c = b[i];
        let pos = Pos {
            line,
            col: (i - line_start) as u32 + 1,
        };
        if c == b'\n' {
            if needs_semi(&out) {
                out.push(Token {
                    tok: Tok::Semi,
                    pos,
                });
            }
            i += 1;
            line += 1;
            line_start = i;
            continue;
        }
        if c == b' ' || c == b'\t' || c == b'\r' {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut had_newline = false;
            i += 2;
            loop {
                if i + 1 >= b.len() {
                    return Err(err(pos, "comment not terminated"));
                }
                if b[i] == b'*' && b[i + 1] == b'/' {
                    i += 2;
                    break;
                }
                if b[i] == b'\n' {
                    had_newline = true;
                    line += 1;
                    line_start = i + 1;
                }
                i += 1;
            }
            if had_newline && needs_semi(&out) {
                out.push(Token {
                    tok: Tok::Semi,
                    pos,
                });
            }
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80) {
                i += 1;
            }
            let word = &src[start..i];
            let tok = match KEYWORDS.iter().find(|k| **k == word) {
                Some(k) => Tok::Kw(k),
                None => Tok::Ident(word.to_string()),
            };
            out.push(Token { tok, pos });
            continue;
        }
        if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let start = i;
            let radix = if c == b'0' && matches!(b.get(i + 1), Some(b'x' | b'X')) {
                i += 2;
                16
            } else if c == b'0' && matches!(b.get(i + 1), Some(b'b' | b'B')) {
                i += 2;
                2
            } else if c == b'0' && matches!(b.get(i + 1), Some(b'o' | b'O')) {
                i += 2;
                8
            } else {
                10
            };
            let mut is_float = false;
            while i < b.len() {
                let d = b[i];
                if d.is_ascii_hexdigit() && (radix == 16 || d.is_ascii_digit()) || d == b'_' {
                    i += 1;
                } else if radix == 10 && d == b'.' {
                    is_float = true;
                    i += 1;
                } else if radix == 10 && (d == b'e' || d == b'E') {
                    is_float = true;
                    i += 1;
                    if matches!(b.get(i), Some(b'+' | b'-')) {
                        i += 1;
                    }
                } else {
                    break;
                }
            }
            let text: String = src[start..i].chars().filter(|&c| c != '_').collect();
            let tok = if is_float {
                Tok::Float(
                    text.parse()
                        .map_err(|_| err(pos, format!("invalid number {text}")))?,
                )
            } else {
                let digits = if radix == 10 { &text[..] } else { &text[2..] };
                let (digits, radix) = if radix == 10 && digits.len() > 1 && digits.starts_with('0')
                {
                    (&digits[1..], 8)
                } else {
                    (digits, radix)
                };
                match u64::from_str_radix(digits, radix) {
                    Ok(v) => Tok::Int(v),
                    Err(_) => {
                        return Err(err(
                            pos,
                            format!(
                                "cannot use {text} (untyped int constant) as int value (overflows)"
                            ),
                        ));
                    }
                }
            };
            out.push(Token { tok, pos });
            continue;
        }
        if c == b'"' {
            i += 1;
            // Bytes, since byte escapes may spell out a character ("\xe4\xb8\x96").
            let mut bytes = Vec::new();
            loop {
                match b.get(i) {
                    None | Some(b'\n') => return Err(err(pos, "string literal not terminated")),
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(b'\\') => {
                        let (ch, n) = escape(src, i, pos, b'"')?;
                        match ch {
                            Escaped::Char(c) => {
                                bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes())
                            }
                            Escaped::Byte(v) => bytes.push(v),
                        }
                        i += n;
                    }
                    Some(_) => {
                        let ch = src[i..].chars().next().unwrap_or('\0');
                        bytes.extend_from_slice(&b[i..i + ch.len_utf8()]);
                        i += ch.len_utf8();
                    }
                }
            }
            // The VM's strings are UTF-8 text: one that is not is refused, not altered.
            let s = String::from_utf8(bytes).map_err(|_| {
                err(
                    pos,
                    "strings that are not valid UTF-8 are not supported here",
                )
            })?;
            out.push(Token {
                tok: Tok::Str(s),
                pos,
            });
            continue;
        }
        if c == b'`' {
            i += 1;
            let start = i;
            while i < b.len() && b[i] != b'`' {
                if b[i] == b'\n' {
                    line += 1;
                    line_start = i + 1;
                }
                i += 1;
            }
            if i >= b.len() {
                return Err(err(pos, "raw string literal not terminated"));
            }
            let s = src[start..i].replace('\r', "");
            i += 1;
            out.push(Token {
                tok: Tok::Str(s),
                pos,
            });
            continue;
        }
        if c == b'\'' {
            i += 1;
            let ch = match b.get(i) {
                Some(b'\\') => {
                    let (ch, n) = escape(src, i, pos, b'\'')?;
                    i += n;
                    match ch {
                        Escaped::Char(c) => c,
                        Escaped::Byte(v) => v as char,
                    }
                }
                Some(b'\'') | Some(b'\n') | None => {
                    return Err(err(
                        pos,
                        "empty rune literal or unescaped ' in rune literal",
                    ));
                }
                Some(_) => {
                    let ch = src[i..].chars().next().unwrap_or('\0');
                    i += ch.len_utf8();
                    ch
                }
            };
            if b.get(i) != Some(&b'\'') {
                return Err(err(pos, "rune literal not terminated"));
            }
            i += 1;
            out.push(Token {
                tok: Tok::Char(ch),
                pos,
            });
            continue;
        }
        match OPS.iter().find(|o| src[i..].starts_with(**o)) {
            Some(&";") => {
                out.push(Token {
                    tok: Tok::Semi,
                    pos,
                });
                i += 1;
            }
            Some(o) => {
                out.push(Token {
                    tok: Tok::Op(o),
                    pos,
                });
                i += o.len();
            }
            None => {
                let ch = src[i..].chars().next().unwrap_or('\0');
                return Err(err(pos, format!("invalid character {ch:?} in source")));
            }
        }
    }
    let pos = Pos {
        line,
        col: (i - line_start) as u32 + 1,
    };
    if needs_semi(&out) {
        out.push(Token {
            tok: Tok::Semi,
            pos,
        });
    }
    out.push(Token { tok: Tok::Eof, pos });
    Ok(out)
}

enum Escaped {
    Char(char),
    Byte(u8),
}

fn escape(src: &str, i: usize, pos: Pos, quote: u8) -> Result<(Escaped, usize), CompileError> {
    let b = src.as_bytes();
    let c = *b
        .get(i + 1)
        .ok_or_else(|| err(pos, "escape sequence not terminated"))?;
    let simple = match c {
        b'n' => Some('\n'),
        b't' => Some('\t'),
        b'r' => Some('\r'),
        b'\\' => Some('\\'),
        b'a' => Some('\x07'),
        b'b' => Some('\x08'),
        b'f' => Some('\x0c'),
        b'v' => Some('\x0b'),
        _ if c == quote => Some(c as char),
        _ => None,
    };
    if let Some(ch) = simple {
        return Ok((Escaped::Char(ch), 2));
    }
    let hex = |n: usize| -> Result<u32, CompileError> {
        let digits = src
            .get(i + 2..i + 2 + n)
            .ok_or_else(|| err(pos, "escape sequence not terminated"))?;
        u32::from_str_radix(digits, 16)
            .map_err(|_| err(pos, "invalid character in escape sequence"))
    };
    match c {
        b'x' => Ok((Escaped::Byte(hex(2)? as u8), 4)),
        b'u' => Ok((
            Escaped::Char(
                char::from_u32(hex(4)?)
                    .ok_or_else(|| err(pos, "escape is invalid Unicode code point"))?,
            ),
            6,
        )),
        b'U' => Ok((
            Escaped::Char(
                char::from_u32(hex(8)?)
                    .ok_or_else(|| err(pos, "escape is invalid Unicode code point"))?,
            ),
            10,
        )),
        b'0'..=b'7' => {
            let digits = src
                .get(i + 1..i + 4)
                .ok_or_else(|| err(pos, "escape sequence not terminated"))?;
            let v = u32::from_str_radix(digits, 8).map_err(|_| err(pos, "invalid octal escape"))?;
            Ok((Escaped::Byte(v as u8), 4))
        }
        _ => Err(err(pos, "unknown escape sequence")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        lex(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn semicolons_are_inserted_after_a_line_ending_in_an_identifier_or_bracket() {
        let toks = kinds("x := f(1)\nreturn\n}");
        assert_eq!(toks.iter().filter(|t| **t == Tok::Semi).count(), 3);
    }

    #[test]
    fn positions_are_lines_and_byte_columns() {
        let toks = lex("package main\n\tx := \"é\" + y").unwrap();
        let y = toks
            .iter()
            .find(|t| t.tok == Tok::Ident("y".into()))
            .unwrap();
        assert_eq!(y.pos, Pos { line: 2, col: 14 });
    }

    #[test]
    fn literals_decode() {
        assert_eq!(
            kinds("0x1F 1_000 1.5 'a' \"a\\tb\" `r\\n`")[..6],
            [
                Tok::Int(31),
                Tok::Int(1000),
                Tok::Float(1.5),
                Tok::Char('a'),
                Tok::Str("a\tb".into()),
                Tok::Str("r\\n".into())
            ]
        );
    }

    #[test]
    fn unterminated_strings_are_errors() {
        assert!(lex("\"abc").is_err());
    }
}
