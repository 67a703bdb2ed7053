//! A program's output as the page shows it: stdout and stderr in one pane, a line at a
//! time, each with the goroutine that began it and when.

use interleave_engine::program::{Output, Stream};

/// One line of output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Where it went.
    pub stream: Stream,
    /// The goroutine whose write began it.
    pub goroutine: u32,
    /// When that write was, in ns since the run's origin.
    pub at_ns: u64,
    /// The text, without its newline.
    pub text: String,
}

/// The lines the pieces make, in the order written: pieces of one stream join until a
/// newline, as a terminal shows them; a piece of the other stream starts a line.
pub fn lines(pieces: &[Output]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut open = false;
    for piece in pieces {
        let text = piece.text.strip_suffix('\n').unwrap_or(&piece.text);
        match lines.last_mut() {
            Some(line) if open && line.stream == piece.stream => line.text.push_str(text),
            _ => lines.push(Line {
                stream: piece.stream,
                goroutine: piece.goroutine,
                at_ns: piece.at_ns,
                text: text.to_owned(),
            }),
        }
        open = !piece.text.ends_with('\n');
    }
    lines
}

/// Everything written to `stream`, as it was written.
pub fn text(pieces: &[Output], stream: Stream) -> String {
    pieces
        .iter()
        .filter(|p| p.stream == stream)
        .map(|p| p.text.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(stream: Stream, goroutine: u32, text: &str) -> Output {
        Output {
            stream,
            goroutine,
            at_ns: u64::from(goroutine) * 10,
            text: text.into(),
        }
    }

    #[test]
    fn pieces_join_into_lines_and_the_streams_stay_apart() {
        let pieces = [
            piece(Stream::Stdout, 1, "sum: "),
            piece(Stream::Stdout, 2, "42\n"),
            piece(Stream::Stdout, 1, "half"),
            piece(Stream::Stderr, 3, "panic: boom\n"),
            piece(Stream::Stdout, 1, "\n"),
        ];
        assert_eq!(
            lines(&pieces)
                .into_iter()
                .map(|l| (l.stream, l.goroutine, l.text))
                .collect::<Vec<_>>(),
            vec![
                (Stream::Stdout, 1, "sum: 42".to_owned()),
                (Stream::Stdout, 1, "half".to_owned()),
                (Stream::Stderr, 3, "panic: boom".to_owned()),
                (Stream::Stdout, 1, "".to_owned()),
            ]
        );
        assert_eq!(text(&pieces, Stream::Stdout), "sum: 42\nhalf\n");
        assert_eq!(text(&pieces, Stream::Stderr), "panic: boom\n");
    }
}
