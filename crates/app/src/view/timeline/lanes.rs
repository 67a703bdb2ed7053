//! What the timeline shows, as blocks of lanes, one block per variant: the worker view
//! (one lane per worker) and the task view (one lane per task).
//!
//! Everything that draws, hit-tests or summarises works on [`Lanes`], so a view is a
//! constructor, not another timeline. Each block keeps its own copy of the spans it draws,
//! ordered lane by lane, so a lane is a contiguous, sorted slice however the view groups
//! them.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use interleave_engine::VariantReport;
use interleave_engine::analysis::{format_duration_ns, utilisation};
use interleave_engine::measure::plural;
use interleave_engine::trace::Span;

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
    /// Whether it is the worker view's lane of waits that hold no worker (parked, or for
    /// a lock, a channel or a permit): time of tasks, not of a worker.
    pub waiting: bool,
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
            waiting: false,
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
    /// The kinds of those spans.
    kinds: Kinds,
    /// What each task does, where the engine recorded it (a pipeline's "read", a Go
    /// program's function), by task id.
    names: HashMap<u32, String>,
}

impl Block {
    /// The spans of lane `lane`, sorted by start.
    pub fn spans(&self, lane: usize) -> &[Span] {
        &self.spans[self.lanes[lane].range.clone()]
    }

    /// The text on a bar of task `task`: what it does where that was recorded (a
    /// pipeline's "read", a goroutine's "g7 main.sumRange"), else "task 3".
    pub fn bar_text(&self, task: u32) -> String {
        match self.names.get(&task) {
            Some(name) => name.clone(),
            None => format!("task {task}"),
        }
    }
}

/// What each task of `variant` does, by task id, where the engine recorded it.
fn task_names(variant: &VariantReport) -> HashMap<u32, String> {
    variant
        .task_records
        .iter()
        .filter_map(|r| Some((r.task, variant.task_labels.get(r.label as usize)?.clone())))
        .collect()
}

/// The workers a run had and the cores they shared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pool {
    /// Worker threads: the worker view's lanes.
    pub workers: u32,
    /// The machine's cores, as the page measured them.
    pub cores: u32,
}

/// A run laid out as blocks of lanes, with the kinds of spans they draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Lanes {
    /// One block per variant, in the order they ran (shared with the [`BlockCache`]).
    pub blocks: Vec<Rc<Block>>,
    /// The kinds of span drawn.
    pub kinds: Kinds,
    /// The longest block: the length of the shared time axis.
    pub full_ns: f64,
}

impl Lanes {
    /// The worker view: one block per variant, one lane per worker, showing what kept
    /// each worker busy. Waits that leave the worker free (a parked task) belong to the
    /// task, not the worker, and are left out.
    #[cfg(test)]
    pub fn workers(report: &interleave_engine::RunReport) -> Self {
        let variants: Vec<&VariantReport> = report.variants.iter().collect();
        let pool = Pool {
            workers: report.workers,
            cores: report.request.cores,
        };
        Self::worker_view(&variants, pool, &mut BlockCache::default())
    }

    /// The worker view of `variants` run on `pool`, taking from `cache` the blocks it
    /// laid out before.
    pub fn worker_view(variants: &[&VariantReport], pool: Pool, cache: &mut BlockCache) -> Self {
        Self::of(cache.blocks(variants, Some(pool.workers), |v| worker_block(v, pool)))
    }

    /// The task view: one block per variant, one lane per task (tasks share lanes when
    /// there are many), showing when each task ran, on which worker, and waited.
    #[cfg(test)]
    pub fn tasks(report: &interleave_engine::RunReport) -> Self {
        let variants: Vec<&VariantReport> = report.variants.iter().collect();
        Self::task_view(&variants, &mut BlockCache::default())
    }

    /// The task view of `variants`, taking from `cache` the blocks it laid out before.
    pub fn task_view(variants: &[&VariantReport], cache: &mut BlockCache) -> Self {
        Self::of(cache.blocks(variants, None, task_block))
    }

    fn of(blocks: Vec<Rc<Block>>) -> Self {
        let full_ns = blocks.iter().map(|b| b.length_ns).fold(1.0, f64::max);
        let kinds = Kinds::union(blocks.iter().map(|b| &b.kinds));
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

/// What tells one variant's block from another's: a run drawn while it goes and its
/// final report have the same variants (the same spans, received once), and another run
/// differs in its times to the nanosecond.
#[derive(Clone, Debug, PartialEq)]
struct BlockKey {
    /// The worker count of the worker view; none for the task view.
    workers: Option<u32>,
    index: usize,
    id: String,
    label: String,
    start_ns: u64,
    wall_ns: u64,
    spans: usize,
    tasks: usize,
}

impl BlockKey {
    fn new(index: usize, variant: &VariantReport, workers: Option<u32>) -> Self {
        Self {
            workers,
            index,
            id: variant.id.clone(),
            label: variant.label.clone(),
            start_ns: variant.start_ns,
            wall_ns: variant.traced_wall_ns(),
            spans: variant.spans.len(),
            tasks: variant.task_records.len(),
        }
    }

    /// Whether the key is of the same variant, in either view.
    fn same_variant(&self, other: &BlockKey) -> bool {
        BlockKey {
            workers: other.workers,
            ..self.clone()
        } == *other
    }
}

/// The blocks the timeline laid out for the run it shows, in both views, so that each
/// variant is laid out once: as it arrives while the run goes, not again for each
/// variant after it, nor for the final report.
#[derive(Debug, Default)]
pub struct BlockCache {
    entries: Vec<(BlockKey, Rc<Block>)>,
}

impl BlockCache {
    /// The blocks of `variants` (worker view on `workers`, or task view), those laid out
    /// before taken from the cache, the others by `lay_out`. The cache then keeps only
    /// blocks of these variants.
    fn blocks(
        &mut self,
        variants: &[&VariantReport],
        workers: Option<u32>,
        lay_out: impl Fn(&VariantReport) -> Block,
    ) -> Vec<Rc<Block>> {
        let keys: Vec<BlockKey> = variants
            .iter()
            .enumerate()
            .map(|(index, v)| BlockKey::new(index, v, workers))
            .collect();
        self.entries
            .retain(|(key, _)| keys.iter().any(|k| k.same_variant(key)));
        keys.into_iter()
            .zip(variants)
            .map(|(key, variant)| {
                if let Some((_, block)) = self.entries.iter().find(|(k, _)| *k == key) {
                    return block.clone();
                }
                let block = Rc::new(lay_out(variant));
                self.entries.push((key, block.clone()));
                block
            })
            .collect()
    }
}

/// A variant's worker lanes, and under them, where its tasks waited without holding a
/// worker, one lane of those waits: so that waiting shows in the worker view too (the
/// I/O lesson is that the waits overlap while the workers are free). The engine hands
/// spans over ordered by worker, then start (`trace::merge`); filtering keeps that order.
///
/// A variant whose spans are on more worker lanes than the machine has cores says so in
/// its heading: its lanes are threads taking turns on the cores, not that many at once.
fn worker_block(variant: &VariantReport, pool: Pool) -> Block {
    let workers = pool.workers;
    let mut spans: Vec<Span> = Vec::with_capacity(variant.spans.len());
    spans.extend(
        variant
            .spans
            .iter()
            .filter(|s| s.kind.occupies_worker())
            .copied(),
    );
    debug_assert!(spans.is_sorted_by_key(|s| (s.worker, s.start_ns)));
    let busy = utilisation(&spans, workers, variant.traced_wall_ns());
    let on_workers = spans.len();
    let mut waits: Vec<Span> = variant
        .spans
        .iter()
        .filter(|s| !s.kind.occupies_worker())
        .copied()
        .collect();
    waits.sort_by_key(|s| s.start_ns);
    spans.append(&mut waits);
    let mut lanes: Vec<Lane> = (0..workers)
        .map(|worker| {
            let from = spans[..on_workers].partition_point(|s| s.worker < worker);
            let to = spans[..on_workers].partition_point(|s| s.worker <= worker);
            Lane::new(
                format!("worker {worker}"),
                format!("w{worker}"),
                Some(busy[worker as usize]),
                &spans,
                from..to,
            )
        })
        .collect();
    if spans.len() > on_workers {
        let mut lane = Lane::new(
            "waiting".into(),
            "wait".into(),
            None,
            &spans,
            on_workers..spans.len(),
        );
        lane.waiting = true;
        lanes.push(lane);
    }
    let used = (0..workers)
        .filter(|&w| spans[..on_workers].iter().any(|s| s.worker == w))
        .count() as u32;
    let shared = if used > pool.cores {
        format!(
            " · {used} threads sharing {}: at most {} ran at once",
            plural(pool.cores, "core"),
            pool.cores
        )
    } else {
        String::new()
    };
    Block {
        title: format!(
            "{} · {}{shared}",
            variant.label,
            format_duration_ns(variant.traced_wall_ns())
        ),
        id: variant.id.clone(),
        origin_ns: variant.start_ns,
        length_ns: variant.traced_wall_ns() as f64,
        lanes,
        kinds: Kinds::of(&spans),
        spans,
        names: task_names(variant),
    }
}

/// A variant's task lanes: its tasks (from the engine's task records when it kept them,
/// else from the spans) in order, grouped into at most [`MAX_TASK_LANES`] lanes.
fn task_block(variant: &VariantReport) -> Block {
    let names = task_names(variant);
    let mut ids: Vec<u32> = if variant.task_records.is_empty() {
        variant.spans.iter().map(|s| s.task).collect()
    } else {
        variant.task_records.iter().map(|r| r.task).collect()
    };
    ids.sort_unstable();
    ids.dedup();
    let per_lane = ids.len().div_ceil(MAX_TASK_LANES).max(1);
    // Each span goes to its lane's bucket in one pass, and each bucket is sorted by start
    // on its own: a lane's spans arrive as a few runs already in order (one per worker),
    // which a stable sort merges in about linear time. One sort of all the spans by lane
    // and start took 200 ms for a million spans.
    let lane_of: HashMap<u32, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, &task)| (task, i / per_lane))
        .collect();
    let mut buckets = vec![Vec::new(); ids.len().div_ceil(per_lane)];
    for span in &variant.spans {
        if let Some(&lane) = lane_of.get(&span.task) {
            buckets[lane].push(*span);
        }
    }
    let mut ends = Vec::with_capacity(buckets.len());
    let mut spans: Vec<Span> = Vec::with_capacity(buckets.iter().map(Vec::len).sum());
    for mut bucket in buckets {
        bucket.sort_by_key(|s| s.start_ns);
        spans.append(&mut bucket);
        ends.push(spans.len());
    }
    let wall = variant.traced_wall_ns().max(1) as f64;
    let lanes = ids
        .chunks(per_lane)
        .enumerate()
        .map(|(index, group)| {
            let (from, to) = (index.checked_sub(1).map_or(0, |i| ends[i]), ends[index]);
            let running: u64 = spans[from..to]
                .iter()
                .filter(|s| s.kind.occupies_worker())
                .map(Span::duration_ns)
                .sum();
            let (first, last) = (group[0], group[group.len() - 1]);
            // A task's lane is named by what it does where the engine recorded it: the
            // pipeline's "read", "transform", "write", the race's "sale" and "booker".
            let named = names.get(&first).filter(|_| first == last);
            let (label, short_label) = if let Some(name) = named {
                // Short, to fit the gutter with the lane's busy share.
                (format!("t{first} {name}"), format!("t{first}"))
            } else if first == last {
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
            format_duration_ns(variant.traced_wall_ns())
        ),
        id: variant.id.clone(),
        origin_ns: variant.start_ns,
        length_ns: variant.traced_wall_ns() as f64,
        lanes,
        kinds: Kinds::of(&spans),
        spans,
        names,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use interleave_engine::RunReport;
    use interleave_engine::trace::SpanKind;

    /// Two workers on two cores.
    const TWO: Pool = Pool {
        workers: 2,
        cores: 2,
    };

    /// A computing span on `worker` of `task` from `start_ns` to `end_ns`.
    pub fn span(worker: u32, task: u32, start_ns: u64, end_ns: u64) -> Span {
        Span {
            worker,
            task,
            kind: SpanKind::Compute,
            start_ns,
            end_ns,
            line: 0,
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
        assert_eq!(lanes.shape(), vec![4], "3 workers and the waits");
        let block = &lanes.blocks[0];
        assert_eq!(block.spans(0).len(), 2);
        assert!(block.spans(1).is_empty());
        assert_eq!(
            block.spans(2).len(),
            1,
            "the parked wait is not on the worker's lane"
        );
        assert!(block.lanes[3].waiting);
        assert_eq!(block.spans(3), [parked], "it is on the waiting lane");
        assert_eq!(block.spans(2)[0].task, 1);
        assert_eq!(lanes.full_ns, 2_000.0);
        assert_eq!(block.lanes[0].busy, Some(0.45));
        assert_eq!(
            lanes.kinds.iter().count(),
            2,
            "computing, and the parked wait"
        );
    }

    #[test]
    fn more_busy_lanes_than_cores_are_said_to_share_them() {
        let spans = vec![
            span(0, 0, 1_000, 2_000),
            span(1, 1, 1_000, 2_000),
            span(2, 2, 1_000, 2_000),
        ];
        let variants: Vec<VariantReport> = report(3, spans).variants;
        let on = |cores| {
            let pool = Pool { workers: 3, cores };
            let lanes = Lanes::worker_view(&[&variants[0]], pool, &mut BlockCache::default());
            lanes.blocks[0].title.clone()
        };
        assert!(
            on(2).ends_with("3 threads sharing 2 cores: at most 2 ran at once"),
            "{}",
            on(2)
        );
        assert!(!on(4).contains("sharing"), "{}", on(4));
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
        assert_eq!(block.lanes[1].label, "task 1", "no label was recorded");
        report.variants[0].task_labels = vec!["read".into()];
        let named = Lanes::tasks(&report);
        assert_eq!(named.blocks[0].lanes[1].label, "t1 read");
        assert_eq!(named.blocks[0].bar_text(1), "read", "its bars say so too");
        assert_eq!(block.bar_text(1), "task 1");
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
    fn each_variant_is_laid_out_once_while_the_run_grows_and_when_it_ends() {
        let run = report(2, vec![span(0, 0, 1_000, 1_500), span(1, 1, 1_000, 1_200)]);
        let first = run.variants[0].clone();
        let second = VariantReport {
            id: "second".into(),
            start_ns: 2_000,
            ..first.clone()
        };
        let mut cache = BlockCache::default();
        let one = Lanes::worker_view(&[&first], TWO, &mut cache);
        let two = Lanes::worker_view(&[&first, &second], TWO, &mut cache);
        assert!(Rc::ptr_eq(&one.blocks[0], &two.blocks[0]));
        let tasks = Lanes::task_view(&[&first, &second], &mut cache);
        // The final report: the same variants, their spans copied.
        let (a, b) = (first.clone(), second.clone());
        let last = Lanes::worker_view(&[&a, &b], TWO, &mut cache);
        assert!(Rc::ptr_eq(&two.blocks[1], &last.blocks[1]));
        let again = Lanes::task_view(&[&a, &b], &mut cache);
        assert!(Rc::ptr_eq(&tasks.blocks[0], &again.blocks[0]));
        assert_eq!(
            last,
            Lanes::workers(&RunReport {
                variants: vec![a, b],
                ..run.clone()
            })
        );
        // Another run is laid out afresh, and the old blocks are let go.
        let other = VariantReport {
            wall_ns: first.wall_ns + 1,
            ..first.clone()
        };
        let fresh = Lanes::worker_view(&[&other], TWO, &mut cache);
        assert!(!Rc::ptr_eq(&fresh.blocks[0], &one.blocks[0]));
        assert_eq!(cache.entries.len(), 1);
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
