//! Reads the timeline benchmark's output (`tests/bench/timeline.mjs`): the redraw times
//! it prints for each run size and gesture.

/// The redraws of one gesture on a run of one size.
#[derive(Debug, Clone, PartialEq)]
pub struct Redraws {
    /// Spans in the run.
    pub spans: u64,
    /// The gesture: `fit` (hovering at fit), `zoom`, `pan` or `tasks` (the task view).
    pub phase: String,
    /// How many redraws were timed.
    pub n: usize,
    /// Their median, in ms.
    pub median_ms: f64,
    /// Their 95th percentile, in ms.
    pub p95_ms: f64,
    /// The longest, in ms.
    pub max_ms: f64,
}

/// Every gesture's redraws in `output`, e.g. from the lines
/// `100,000 spans (report arrived …)` and
/// `  fit   40 redraws: median 3.21 ms, p95 4.00 ms, max 5.00 ms; long tasks: none`.
pub fn parse(output: &str) -> Vec<Redraws> {
    let mut spans = None;
    let mut found = Vec::new();
    for line in output.lines() {
        if let Some((count, _)) = line.split_once(" spans (")
            && !line.starts_with(' ')
        {
            spans = count.replace(',', "").trim().parse().ok();
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let number = |i: usize| {
            words
                .get(i)
                .and_then(|w| w.trim_end_matches([',', ';']).parse::<f64>().ok())
        };
        if let (Some(spans), [phase, n, "redraws:", "median", ..]) = (spans, words.as_slice())
            && let (Some(median), Some(p95), Some(max)) = (number(4), number(7), number(10))
            && let Ok(n) = n.parse()
        {
            found.push(Redraws {
                spans,
                phase: (*phase).to_owned(),
                n,
                median_ms: median,
                p95_ms: p95,
                max_ms: max,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_gesture_of_each_size() {
        let output = "\n100,000 spans (report arrived and drawn 812 ms after Run; 100,000 spans)\n\
            \x20 longest main-thread task from Run to the finished run drawn: 61.00 ms (long tasks: 61.00 ms)\n\
            \x20 fit   40 redraws: median 3.21 ms, p95 4.00 ms, max 5.50 ms; long tasks: none\n\
            \x20 zoom  40 redraws: median 2.00 ms, p95 3.00 ms, max 3.10 ms; long tasks: none\n\
            \n1,000,000 spans (report arrived and drawn 5000 ms after Run; …)\n\
            \x20 tasks  38 redraws: median 12.50 ms, p95 20.00 ms, max 31.25 ms; long tasks: 52.00 ms\n";
        let redraws = parse(output);
        assert_eq!(redraws.len(), 3);
        assert_eq!(
            redraws[0],
            Redraws {
                spans: 100_000,
                phase: "fit".into(),
                n: 40,
                median_ms: 3.21,
                p95_ms: 4.0,
                max_ms: 5.5,
            }
        );
        assert_eq!(redraws[1].phase, "zoom");
        assert_eq!(
            (redraws[2].spans, redraws[2].n, redraws[2].max_ms),
            (1_000_000, 38, 31.25)
        );
    }

    #[test]
    fn ignores_lines_it_does_not_know() {
        assert!(parse("fit 40 redraws: median 1 ms, p95 2 ms, max 3 ms").is_empty());
        assert!(parse("10 spans (x)\n  fit many redraws: median ?").is_empty());
    }
}
