//! What the timeline shows, as blocks of lanes, one block per variant: the worker view
//! (one lane per worker) and the task view (one lane per task).
//!
//! Everything that draws, hit-tests or summarises works on [`Lanes`], so a view is a
//! constructor, not another timeline. Each block keeps its own copy of the spans it draws,
//! ordered lane by lane, so a lane is a contiguous, sorted slice however the view groups
//! them.

use std::ops::Range;

use interleave_engine::analysis::{format_duration_ns, utilisation};
use interleave_engine::trace::Span;
use interleave_engine::{RunReport, VariantReport};

use super::kinds::Kinds;

/// At most this many lanes per block in the task view: more tasks share lanes, which
/// then show how dense the work was rather than unreadable hairlines.
const MAX_TASK_LANES: usize = 32;

/// The time a task existed, from its creation to its end: between its spans it was
/// runnable, waiting for a worker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lifetime {
    /// The task.
    pub task: u32,
    /// When it was created, in ns since the run's origin.
    pub created_ns: u64,
    /// When it finished.
    pub finished_ns: u64,
}

/// One lane: a run of a block's spans, sorted by start.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// Its name at the lane's head, e.g. "worker 1".
    pub label: String,
    /// The same, short, for narrow screens: "w1".
    pub short_label: String,
    /// Share of the variant's wall time the lane kept a worker busy, 0 to 1; none for a
    /// lane shared by many tasks, where an average says little.
    pub busy: Option<f64>,
    /// In the task view, the lane's task's lifetime when the engine recorded it.
    pub lifetime: Option<Lifetime>,
    /// Where its spans are in the block's spans.
    range: Range<usize>,
    /// For each of the lane's spans, the latest end of it and every span before it: the
    /// key for finding the first span that reaches into a range, even when spans overlap.
    max_end: Vec<u64>,
}

impl Lane {
    /// A lane over `spans[range]`, which must be sorted by start.
    fn new(
        label: String,
        short_label: String,
        busy: Option<f64>,
        spans: &[Span],
        range: Range<usize>,
    ) -> Self {
        let mut latest = 0;
        let max_end = spans[range.clone()]
            .iter()
            .map(|s| {
                latest = latest.max(s.end_ns);
                latest
            })
            .collect();
        Self {
            label,
            short_label,
            busy,
            lifetime: None,
            range,
            max_end,
        }
    }

    /// The positions (in the lane's spans) of the spans that may reach into
    /// `from_ns..to_ns`, times since the run's origin: two binary searches, so drawing
    /// a narrow view of a long lane skips everything outside it.
    pub fn visible(&self, lane_spans: &[Span], from_ns: f64, to_ns: f64) -> Range<usize> {
        let start = self.max_end.partition_point(|&end| (end as f64) < from_ns);
        let end = lane_spans.partition_point(|s| (s.start_ns as f64) <= to_ns);
        start..end.max(start)
    }
}

/// The lanes of one variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// Its heading, e.g. "Parallel: 2 tasks on 2 workers · 105 ms".
    pub title: String,
    /// The variant's id, e.g. `parallel`: short enough for summaries.
    pub id: String,
    /// When the variant started, in ns since the run's origin: its time zero.
    pub origin_ns: u64,
    /// The variant's wall time: its lanes end here.
    pub length_ns: f64,
    /// Its lanes, top to bottom.
    pub lanes: Vec<Lane>,
    /// The spans it draws, lane after lane.
    spans: Vec<Span>,
}

impl Block {
    /// The spans of lane `lane`, sorted by start.
    pub fn spans(&self, lane: usize) -> &[Span] {
        &self.spans[self.lanes[lane].range.clone()]
    }
}

/// A run laid out as blocks of lanes, with the kinds of spans they draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Lanes {
    /// One block per variant, in the order they ran.
    pub blocks: Vec<Block>,
    /// The kinds of span drawn.
    pub kinds: Kinds,
    /// The longest block: the length of the shared time axis.
    pub full_ns: f64,
}

impl Lanes {
    /// The worker view: one block per variant, one lane per worker, showing what kept
    /// each worker busy. Waits that leave the worker free (a parked task) belong to the
    /// task, not the worker, and are left out.
    pub fn workers(report: &RunReport) -> Self {
        Self::of(
            report
                .variants
                .iter()
                .map(|v| worker_block(v, report.workers))
                .collect(),
        )
    }

    /// The task view: one block per variant, one lane per task (tasks share lanes when
    /// there are many), showing when each task ran, on which worker, and waited.
    pub fn tasks(report: &RunReport) -> Self {
        Self::of(report.variants.iter().map(task_block).collect())
    }

    fn of(blocks: Vec<Block>) -> Self {
        let full_ns = blocks.iter().map(|b| b.length_ns).fold(1.0, f64::max);
        let kinds = Kinds::of(blocks.iter().flat_map(|b| &b.spans));
        Self {
            blocks,
            kinds,
            full_ns,
        }
    }

    /// How many lanes each block has, top to bottom.
    pub fn shape(&self) -> Vec<usize> {
        self.blocks.iter().map(|b| b.lanes.len()).collect()
    }

    /// Whether some lane shows a task's lifetime.
    pub fn has_lifetimes(&self) -> bool {
        self.blocks
            .iter()
            .any(|b| b.lanes.iter().any(|l| l.lifetime.is_some()))
    }
}

/// A variant's worker lanes. The engine hands spans over ordered by worker, then start
/// (`trace::merge`); filtering keeps that order.
fn worker_block(variant: &VariantReport, workers: u32) -> Block {
    let spans: Vec<Span> = variant
        .spans
        .iter()
        .filter(|s| s.kind.occupies_worker())
        .copied()
        .collect();
    debug_assert!(spans.is_sorted_by_key(|s| (s.worker, s.start_ns)));
    let busy = utilisation(&spans, workers, variant.wall_ns);
    let lanes = (0..workers)
        .map(|worker| {
            let from = spans.partition_point(|s| s.worker < worker);
            let to = spans.partition_point(|s| s.worker <= worker);
            Lane::new(
                format!("worker {worker}"),
                format!("w{worker}"),
                Some(busy[worker as usize]),
                &spans,
                from..to,
            )
        })
        .collect();
    Block {
        title: format!(
            "{} · {}",
            variant.label,
            format_duration_ns(variant.wall_ns)
        ),
        id: variant.id.clone(),
        origin_ns: variant.start_ns,
        length_ns: variant.wall_ns as f64,
        lanes,
        spans,
    }
}

/// A variant's task lanes: its tasks (from the engine's task records when it kept them,
/// else from the spans) in order, grouped into at most [`MAX_TASK_LANES`] lanes.
fn task_block(variant: &VariantReport) -> Block {
    let mut ids: Vec<u32> = if variant.task_records.is_empty() {
        variant.spans.iter().map(|s| s.task).collect()
    } else {
        variant.task_records.iter().map(|r| r.task).collect()
    };
    ids.sort_unstable();
    ids.dedup();
    let per_lane = ids.len().div_ceil(MAX_TASK_LANES).max(1);
    let lane_of = |task: u32| {
        ids.binary_search(&task)
            .map_or(usize::MAX, |i| i / per_lane)
    };
    let mut spans: Vec<Span> = variant
        .spans
        .iter()
        .filter(|s| lane_of(s.task) != usize::MAX)
        .copied()
        .collect();
    spans.sort_by_cached_key(|s| (lane_of(s.task), s.start_ns));
    let wall = variant.wall_ns.max(1) as f64;
    let lanes = ids
        .chunks(per_lane)
        .enumerate()
        .map(|(index, group)| {
            let from = spans.partition_point(|s| lane_of(s.task) < index);
            let to = spans.partition_point(|s| lane_of(s.task) <= index);
            let running: u64 = spans[from..to]
                .iter()
                .filter(|s| s.kind.occupies_worker())
                .map(Span::duration_ns)
                .sum();
            let (first, last) = (group[0], group[group.len() - 1]);
            let (label, short_label) = if first == last {
                (format!("task {first}"), format!("t{first}"))
            } else {
                (format!("tasks {first}–{last}"), format!("t{first}–{last}"))
            };
            let busy = (first == last).then(|| (running as f64 / wall).min(1.0));
            let mut lane = Lane::new(label, short_label, busy, &spans, from..to);
            lane.lifetime = variant
                .task_records
                .iter()
                .find(|r| first == last && r.task == first)
                .map(|r| Lifetime {
                    task: r.task,
                    created_ns: r.created_ns,
                    finished_ns: r.finished_ns,
                });
            lane
        })
        .collect();
    Block {
        title: format!(
            "{} · {}",
            variant.label,
            format_duration_ns(variant.wall_ns)
        ),
        id: variant.id.clone(),
        origin_ns: variant.start_ns,
        length_ns: variant.wall_ns as f64,
        lanes,
        spans,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use interleave_engine::trace::SpanKind;

    /// A computing span on `worker` of `task` from `start_ns` to `end_ns`.
    pub fn span(worker: u32, task: u32, start_ns: u64, end_ns: u64) -> Span {
        Span {
            worker,
            task,
            kind: SpanKind::Compute,
            start_ns,
            end_ns,
        }
    }

    /// A run of one variant, `demo`, starting at 1,000 ns with `spans` on `workers`.
    pub fn report(workers: u32, mut spans: Vec<Span>) -> RunReport {
        spans.sort_by_key(|s| (s.worker, s.start_ns));
        let end = spans.iter().map(|s| s.end_ns).max().unwrap_or(1_000);
        // From JSON, so fields the engine adds with defaults need no change here.
        serde_json::from_value(serde_json::json!({
            "request": { "experiment": "sum", "workers": workers, "cores": workers },
            "workers": workers,
            "variants": [{
                "id": "demo", "label": "Demo", "tasks": 3, "start_ns": 1_000,
                "wall_ns": end - 1_000, "value": 0, "spans": spans,
            }],
            "expected_value": null,
            "verdict": { "judgement": "undecided", "text": "" },
        }))
        .expect("a valid report")
    }

    #[test]
    fn one_lane_per_worker_with_its_busy_spans() {
        let parked = Span {
            kind: SpanKind::ParkedWait,
            ..span(2, 0, 1_000, 3_000)
        };
        let lanes = Lanes::workers(&report(
            3,
            vec![
                span(0, 0, 1_000, 1_500),
                span(2, 1, 1_000, 2_000),
                span(0, 2, 1_600, 2_000),
                parked,
            ],
        ));
        assert_eq!(lanes.shape(), vec![3]);
        let block = &lanes.blocks[0];
        assert_eq!(block.spans(0).len(), 2);
        assert!(block.spans(1).is_empty());
        assert_eq!(
            block.spans(2).len(),
            1,
            "the parked wait is not on the worker's lane"
        );
        assert_eq!(block.spans(2)[0].task, 1);
        assert_eq!(lanes.full_ns, 2_000.0);
        assert_eq!(block.lanes[0].busy, Some(0.45));
        assert_eq!(lanes.kinds.iter().count(), 1);
    }

    #[test]
    fn one_lane_per_task_with_its_waits_and_lifetime() {
        let parked = Span {
            kind: SpanKind::ParkedWait,
            ..span(0, 1, 1_100, 1_900)
        };
        let mut report = report(
            2,
            vec![
                span(0, 0, 1_000, 1_500),
                span(1, 1, 1_000, 1_100),
                parked,
                span(0, 1, 1_900, 2_000),
            ],
        );
        report.variants[0].task_records = serde_json::from_value(serde_json::json!([
            { "task": 0, "label": 0, "created_ns": 1_000, "finished_ns": 1_500 },
            { "task": 1, "label": 0, "created_ns": 1_000, "finished_ns": 2_000 },
        ]))
        .unwrap();
        let lanes = Lanes::tasks(&report);
        let block = &lanes.blocks[0];
        assert_eq!(lanes.shape(), vec![2]);
        assert_eq!(block.lanes[1].label, "task 1");
        assert_eq!(
            block.spans(1).len(),
            3,
            "task 1 ran on two workers and waited"
        );
        assert_eq!(block.lanes[1].busy, Some(0.2), "it ran 200 of 1,000 ns");
        assert_eq!(block.lanes[1].lifetime.unwrap().finished_ns, 2_000);
        assert!(lanes.has_lifetimes());
        assert_eq!(
            lanes.kinds.iter().count(),
            2,
            "computing and the parked wait"
        );
    }

    #[test]
    fn many_tasks_share_lanes() {
        let spans = (0..100)
            .map(|t| span(t % 2, t, 1_000 + u64::from(t), 1_010 + u64::from(t)))
            .collect();
        let lanes = Lanes::tasks(&report(2, spans));
        let block = &lanes.blocks[0];
        assert_eq!(block.lanes.len(), 25);
        assert_eq!(block.lanes[0].label, "tasks 0–3");
        assert_eq!(block.lanes[0].busy, None);
        assert_eq!(block.spans(24).len(), 4);
        assert!(block.spans(0).is_sorted_by_key(|s| s.start_ns));
        assert!(!lanes.has_lifetimes());
    }

    #[test]
    fn visible_finds_spans_reaching_into_the_range_even_when_they_overlap() {
        // A long span holding a short one, then two more.
        let spans = vec![
            span(0, 0, 0, 1_000),
            span(0, 1, 100, 200),
            span(0, 2, 1_100, 1_200),
            span(0, 3, 1_300, 1_400),
        ];
        let lanes = Lanes::workers(&report(1, spans));
        let block = &lanes.blocks[0];
        let (lane, s) = (&block.lanes[0], block.spans(0));
        assert_eq!(lane.visible(s, 500.0, 600.0), 0..2);
        assert_eq!(lane.visible(s, 1_050.0, 1_150.0), 2..3);
        assert_eq!(lane.visible(s, 1_210.0, 1_290.0), 3..3);
        assert_eq!(lane.visible(s, 5_000.0, 6_000.0), 4..4);
        assert_eq!(lane.visible(s, 0.0, 5_000.0), 0..4);
    }
}
