//! Source limits: what a program's text must be before it is lexed.

use crate::CompileError;

/// The largest program accepted, in bytes.
pub const MAX_SOURCE_BYTES: usize = 64 * 1024;

/// Checks a program's size; the text is already UTF-8 (a `&str`).
pub fn check(source: &str) -> Result<(), CompileError> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(CompileError {
            line: 1,
            col: 1,
            message: format!(
                "program is {} bytes; at most {} are accepted",
                source.len(),
                MAX_SOURCE_BYTES
            ),
        });
    }
    Ok(())
}

/// Decodes bytes as UTF-8, refusing other bytes with a message as Go's compiler gives.
pub fn decode(bytes: &[u8]) -> Result<&str, CompileError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let col = (before.len()
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)) as u32
            + 1;
        CompileError {
            line,
            col,
            message: "invalid UTF-8 encoding".into(),
        }
    })
}
