//! A selected range of time: how long it is and what ran in it, block by block.

use interleave_engine::analysis::format_count;

use super::axis::range_label;
use super::lanes::Lanes;

/// What ran in one block during the selection.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockSummary {
    /// How many spans reach into the selection.
    pub spans: usize,
    /// The distinct tasks of those spans, ascending.
    pub tasks: Vec<u32>,
    /// The share of lane time in the selection that some span covered, 0 to 1.
    pub busy: f64,
}

/// What ran in each block between `from_ns` and `to_ns` (from each variant's start).
pub fn summarise(lanes: &Lanes, from_ns: f64, to_ns: f64) -> Vec<BlockSummary> {
    lanes
        .blocks
        .iter()
        .map(|block| {
            let (from, to) = (
                block.origin_ns as f64 + from_ns,
                block.origin_ns as f64 + to_ns,
            );
            let mut seen: Vec<bool> = Vec::new();
            let (mut spans, mut busy_ns) = (0, 0.0);
            for (index, lane) in block.lanes.iter().enumerate() {
                if lane.waiting {
                    continue; // Waits hold no worker: not the busy time of the range.
                }
                let lane_spans = block.spans(index);
                // Covered time is the union of the lane's spans, clipped to the range:
                // spans come by start, so a running end is enough to merge overlaps.
                let mut covered_to = from;
                for span in &lane_spans[lane.visible(lane_spans, from, to)] {
                    let (start, end) = (span.start_ns as f64, span.end_ns as f64);
                    if end <= from || start >= to {
                        continue;
                    }
                    spans += 1;
                    let task = span.task as usize;
                    if seen.len() <= task {
                        seen.resize(task + 1, false);
                    }
                    seen[task] = true;
                    let (start, end) = (start.max(covered_to), end.min(to));
                    if end > start {
                        busy_ns += end - start;
                        covered_to = end;
                    }
                }
            }
            let busy_lanes = block.lanes.iter().filter(|l| !l.waiting).count();
            let lane_time = (to - from) * busy_lanes as f64;
            BlockSummary {
                spans,
                tasks: (0..seen.len() as u32)
                    .filter(|&t| seen[t as usize])
                    .collect(),
                busy: if lane_time > 0.0 {
                    (busy_ns / lane_time).min(1.0)
                } else {
                    0.0
                },
            }
        })
        .collect()
}

/// A few tasks by number, many by count: "tasks 0, 1", "task 3", "12 tasks".
fn tasks_text(tasks: &[u32]) -> String {
    match tasks {
        [] => "no task".into(),
        [one] => format!("task {one}"),
        few if few.len() <= 6 => format!(
            "tasks {}",
            few.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        many => format!("{} tasks", format_count(many.len() as u64)),
    }
}

/// The selection in words: its range and length, then per block how many spans of
/// which tasks ran in it and how busy the lanes were.
pub fn describe(lanes: &Lanes, from_ns: f64, to_ns: f64) -> Vec<String> {
    let (from_ns, to_ns) = (from_ns.min(to_ns), from_ns.max(to_ns));
    let mut lines = vec![format!("Selected {}", range_label(from_ns, to_ns))];
    for (block, summary) in lanes.blocks.iter().zip(summarise(lanes, from_ns, to_ns)) {
        lines.push(if summary.spans == 0 {
            format!("{}: nothing ran.", block.id)
        } else {
            format!(
                "{}: {} span{} of {}, lanes {:.0} % busy.",
                block.id,
                format_count(summary.spans as u64),
                if summary.spans == 1 { "" } else { "s" },
                tasks_text(&summary.tasks),
                summary.busy * 100.0
            )
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::timeline::lanes::tests::{report, span};

    #[test]
    fn counts_spans_tasks_and_busy_time_in_the_range() {
        // Origin 1,000 ns. Worker 0: task 0 for 0..400, task 1 for 500..1000 (overlapping
        // task 2 at 600..700); worker 1 idle.
        let lanes = Lanes::workers(&report(
            2,
            vec![
                span(0, 0, 1_000, 1_400),
                span(0, 1, 1_500, 2_000),
                span(0, 2, 1_600, 1_700),
            ],
        ));
        let all = summarise(&lanes, 0.0, 1_000.0);
        assert_eq!(all[0].spans, 3);
        assert_eq!(all[0].tasks, vec![0, 1, 2]);
        assert!((all[0].busy - 900.0 / 2_000.0).abs() < 1e-9);
        let part = summarise(&lanes, 300.0, 550.0);
        assert_eq!((part[0].spans, part[0].tasks.clone()), (2, vec![0, 1]));
        assert!((part[0].busy - 150.0 / 500.0).abs() < 1e-9);
        let lines = describe(&lanes, 550.0, 300.0);
        assert_eq!(lines[0], "Selected 300 ns – 550 ns (250 ns)");
        assert_eq!(lines[1], "demo: 2 spans of tasks 0, 1, lanes 30 % busy.");
    }

    #[test]
    fn many_tasks_are_counted_not_listed() {
        assert_eq!(tasks_text(&[1, 2, 3, 4, 5, 6, 7]), "7 tasks");
        assert_eq!(tasks_text(&[3]), "task 3");
        assert_eq!(tasks_text(&[]), "no task");
    }
}
