//! The gallery: the Go programs of the seed texts (`crates/golang/gallery/*.go`), each
//! with what its header says (`// title:`, `// seed:`, `// shows:`, `// scaled:`,
//! `// note:`).

/// The gallery's files as (slug, source), listed by `build.rs`.
const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/gallery.rs"));

/// One program of the gallery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Its file name without `.go`.
    pub slug: &'static str,
    /// Its title (the slug where the header has none).
    pub title: &'static str,
    /// The seed text and section it is written after.
    pub seed: Option<&'static str>,
    /// What the text says it shows.
    pub shows: Option<&'static str>,
    /// How its sizes were scaled down, e.g. `1_000_000_000 -> 100_000_000`.
    pub scaled: Option<&'static str>,
    /// What was changed, e.g. `http.Get replaced by time.Sleep`.
    pub note: Option<&'static str>,
    /// The program.
    pub source: &'static str,
}

impl Example {
    /// Reads the header comments at the top of `source`.
    fn read(slug: &'static str, source: &'static str) -> Self {
        let mut example = Example {
            slug,
            title: slug,
            seed: None,
            shows: None,
            scaled: None,
            note: None,
            source,
        };
        let header = source
            .lines()
            .map_while(|line| line.strip_prefix("//"))
            .filter_map(|line| line.trim().split_once(':'));
        for (key, value) in header {
            let value = value.trim();
            match key.trim() {
                "title" => example.title = value,
                "seed" => example.seed = Some(value),
                "shows" => example.shows = Some(value),
                "scaled" => example.scaled = Some(value),
                "note" => example.note = Some(value),
                _ => {}
            }
        }
        example
    }
}

/// Every program of the gallery, in file-name order.
pub fn examples() -> impl Iterator<Item = Example> {
    FILES
        .iter()
        .map(|&(slug, source)| Example::read(slug, source))
}

/// The program Go mode opens on: the teaching material's first example (a sum split over
/// two goroutines and a channel), not the alphabetically first.
pub const OPENING: &str = "sum-two-goroutines";

/// The gallery's program `slug`, if there is one.
pub fn find(slug: &str) -> Option<Example> {
    examples().find(|e| e.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_read_up_to_the_first_line_that_is_not_a_comment() {
        let source = "// title: Summing with two goroutines\n// seed: concurrency.md, \"Channels\"\n\
                      // shows: total around 1 second\n// scaled: 1_000_000_000 -> 100_000_000\n\
                      package main\n// note: not in the header\n";
        let example = Example::read("sum", source);
        assert_eq!(example.title, "Summing with two goroutines");
        assert_eq!(example.seed, Some("concurrency.md, \"Channels\""));
        assert_eq!(example.shows, Some("total around 1 second"));
        assert_eq!(example.scaled, Some("1_000_000_000 -> 100_000_000"));
        assert_eq!(example.note, None);
        assert_eq!(Example::read("bare", "package main\n").title, "bare");
    }

    #[test]
    fn go_mode_opens_on_a_program_the_gallery_has() {
        assert_eq!(find(OPENING).map(|e| e.slug), Some(OPENING));
    }

    #[test]
    fn every_gallery_program_has_a_title_and_says_what_it_shows() {
        for example in examples() {
            assert_ne!(example.title, example.slug, "{} has no title", example.slug);
            assert!(
                example.shows.is_some(),
                "{} says nothing it shows",
                example.slug
            );
        }
    }
}
