//! What a run allocates, variant by variant, and the bytes that comes to at its peak:
//! what each variant declares ([`VariantLoad`]) and the experiment's own data add up to a
//! [`Footprint`], whose [`Footprint::estimate`] the memory budget ([`crate::budget`])
//! compares with its cap. It knows nothing of experiments, so they can use it.
//!
//! The numbers err on the high side: a span is counted even when a real run merges it
//! into its neighbour, so a run refused might just have fitted, but one accepted fits.

use std::mem::size_of;

use crate::tasks::{MAX_LIVE_TASKS, Recording, TaskRecord, feeder_waits};
use crate::trace::Span;

/// Bytes in a megabyte, as the page counts them (the memory experiment's "MB" too).
pub const MB: u64 = 1 << 20;

/// Copies of what a variant records that it holds at most while it records: each
/// worker's buffer grows by doubling, so it has room for up to twice what it holds, and
/// while it grows it briefly holds its old room too (3 in all); merging the buffers into
/// the variant's list holds them (up to 2) and the list (1). The list is then sorted,
/// with scratch room for half of it, after the buffers are gone. Once merged, a variant
/// keeps one copy of its spans.
const RECORDING_COPIES: u64 = 3;

/// Bytes of one task alive on the task scheduler: its header, its boxed future and its
/// place in the ready queue. The experiments' tasks measure about 100 bytes natively
/// (less in wasm, whose pointers are half as wide); 256 leaves room for bigger futures.
const TASK_BYTES: u64 = 256;

/// What one variant of an experiment records while it runs, at most.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VariantLoad {
    /// The spans it records.
    pub spans: u64,
    /// The tasks it spawns on the task scheduler; each leaves a task record.
    pub tasks: u64,
    /// The most of those tasks alive at once, each with its future.
    pub live_tasks: u64,
}

impl VariantLoad {
    /// A variant timed on the pool without the task scheduler, recording `spans` spans.
    pub fn pooled(spans: u64) -> Self {
        Self {
            spans,
            ..Self::default()
        }
    }

    /// A variant of `tasks` tasks on the task scheduler, all of which may be alive at once,
    /// recording `spans` spans between them.
    pub fn scheduled(tasks: u64, spans: u64) -> Self {
        Self {
            spans,
            tasks,
            live_tasks: tasks,
        }
    }

    /// A variant of `tasks` like tasks on the task scheduler, all of which may be alive at
    /// once, each recording at most `spans_each` spans (see [`task_spans`]).
    pub fn scheduled_each(tasks: impl Into<u64>, spans_each: u64) -> Self {
        let tasks = tasks.into();
        Self::scheduled(tasks, tasks * spans_each)
    }

    /// A variant of `items` tasks that a feeder spawns ([`crate::tasks::spawn_in_batches`]),
    /// each recording at most `spans_each` spans: they and the feeder are all recorded,
    /// but no more than [`MAX_LIVE_TASKS`] are alive at once.
    pub fn fed(items: u64, spans_each: u64) -> Self {
        let feeder = task_spans(feeder_waits(items), 0);
        Self {
            live_tasks: MAX_LIVE_TASKS.min(items + 1),
            ..Self::scheduled(items + 1, items * spans_each + feeder)
        }
    }
}

/// The spans a task on the task scheduler records at most, when it waits `waits` times
/// (parks, blocks, yields, or waits for a lock, a permit or a channel) and takes a lock
/// `locks` times.
///
/// Its turns on a worker alternate with its waits, so `waits` waits leave at most
/// `2 * waits + 1` spans; holding a lock splits a turn in three (before, held, after).
pub fn task_spans(waits: u64, locks: u64) -> u64 {
    2 * waits + 1 + 2 * locks
}

/// What a run allocates: the experiment's own data, alive for the whole run, and what
/// each of its variants records, in the order they run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Footprint {
    /// Bytes of the experiment's own data (the memory experiment's array).
    pub data_bytes: u64,
    /// One load per variant the run reports, in order.
    pub variants: Vec<VariantLoad>,
}

/// What a run is estimated to need, at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// Bytes allocated at the run's peak.
    pub bytes: u64,
    /// Spans its report carries.
    pub spans: u64,
}

impl Footprint {
    /// The memory this footprint needs at its peak.
    ///
    /// The peak is while some variant records: the experiment's data, the spans and the
    /// task records kept by the variants before it, and that variant's own spans, records
    /// and live tasks with the room their buffers take while they grow.
    pub fn estimate(&self) -> Estimate {
        let span = size_of::<Span>() as u64;
        let record = size_of::<TaskRecord>() as u64;
        let kept_records = Recording::default().max_task_records as u64;
        let mut kept = 0;
        let mut peak = 0;
        let mut spans = 0;
        for load in &self.variants {
            let recording = RECORDING_COPIES * load.spans * span
                + RECORDING_COPIES * load.tasks * record
                + load.live_tasks * TASK_BYTES;
            peak = peak.max(kept + recording);
            let records = if load.tasks <= kept_records {
                load.tasks
            } else {
                0
            };
            kept += load.spans * span + records * record;
            spans += load.spans;
        }
        Estimate {
            bytes: self.data_bytes + peak.max(kept),
            spans,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_spans_count_turns_waits_and_held_locks() {
        assert_eq!(task_spans(0, 0), 1);
        assert_eq!(task_spans(1, 0), 3);
        assert_eq!(task_spans(1, 1), 5);
    }
}
