//! The trace model: spans on per-worker timelines.

use serde::{Deserialize, Serialize};

/// What a worker was doing during a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    /// A task computing on the worker.
    Compute,
    /// A task holding its worker through a wait, like a thread stuck in a syscall.
    BlockingWait,
    /// A task computing while it holds a lock.
    LockHeld,
    /// A task parked in a wait (simulated I/O); its worker was free to run others.
    ParkedWait,
    /// A task parked until a lock was free.
    LockWait,
    /// A task parked on a full or empty channel.
    ChannelWait,
    /// A task parked until a semaphore gave it a permit.
    PermitWait,
}

impl SpanKind {
    /// Every kind, in a fixed order: a kind's position here is its code in the compact
    /// span encoding (`stream`).
    pub const ALL: [SpanKind; 7] = [
        SpanKind::Compute,
        SpanKind::BlockingWait,
        SpanKind::LockHeld,
        SpanKind::ParkedWait,
        SpanKind::LockWait,
        SpanKind::ChannelWait,
        SpanKind::PermitWait,
    ];

    /// Whether the span kept its worker busy. Worker lanes draw these; the others belong
    /// to the task alone (its worker was running other tasks meanwhile).
    pub fn occupies_worker(self) -> bool {
        matches!(
            self,
            SpanKind::Compute | SpanKind::BlockingWait | SpanKind::LockHeld
        )
    }
}

/// One interval on one worker's timeline: a task doing one kind of thing.
///
/// Times are nanoseconds since the run's origin (the moment the run started), so that
/// spans from every worker and every variant of a run share one time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Index of the worker (thread) the span ran on, from 0.
    pub worker: u32,
    /// The task the span belongs to, numbered from 0 within its variant.
    pub task: u32,
    /// What the worker was doing.
    pub kind: SpanKind,
    /// Start, in nanoseconds since the run's origin.
    pub start_ns: u64,
    /// End, in nanoseconds since the run's origin; never before `start_ns`.
    pub end_ns: u64,
    /// Where in its task's code a wait began, as the task's runtime numbers its code (a
    /// Go program's source line); 0 where nobody said.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub line: u32,
}

fn is_zero(line: &u32) -> bool {
    *line == 0
}

impl Span {
    /// How long the span lasted, in nanoseconds.
    pub fn duration_ns(&self) -> u64 {
        self.end_ns.saturating_sub(self.start_ns)
    }

    /// Whether two spans share some instant of time (touching ends do not count).
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start_ns < other.end_ns && other.start_ns < self.end_ns
    }
}

/// The spans one task recorded, in the order it recorded them.
///
/// Each task owns its buffer, so recording takes no lock and touches no shared cache
/// line; buffers are merged into a variant's trace when the tasks have joined.
#[derive(Debug, Default)]
pub struct SpanBuffer {
    spans: Vec<Span>,
}

impl SpanBuffer {
    /// A buffer with room for `capacity` spans, so recording does not allocate.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            spans: Vec::with_capacity(capacity),
        }
    }

    /// Appends a span.
    pub fn push(&mut self, span: Span) {
        self.spans.push(span);
    }

    /// The recorded spans.
    pub fn into_spans(self) -> Vec<Span> {
        self.spans
    }
}

/// Merges per-task buffers into one list ordered by worker, then start time.
///
/// The list is allocated at its exact length, so a variant keeps no spare room for
/// millions of spans (the memory [`budget`](crate::budget) counts on it).
pub fn merge(buffers: impl IntoIterator<Item = Vec<Span>>) -> Vec<Span> {
    let buffers: Vec<Vec<Span>> = buffers.into_iter().collect();
    let mut spans = Vec::with_capacity(buffers.iter().map(Vec::len).sum());
    for buffer in buffers {
        spans.extend(buffer);
    }
    spans.sort_by_key(|s| (s.worker, s.start_ns, s.task));
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(worker: u32, start_ns: u64, end_ns: u64) -> Span {
        Span {
            worker,
            task: 0,
            kind: SpanKind::Compute,
            start_ns,
            end_ns,
            line: 0,
        }
    }

    #[test]
    fn overlap_excludes_touching_ends() {
        assert!(span(0, 0, 10).overlaps(&span(1, 5, 15)));
        assert!(!span(0, 0, 10).overlaps(&span(1, 10, 15)));
        assert!(span(0, 0, 10).overlaps(&span(1, 2, 3)));
    }

    #[test]
    fn merge_orders_by_worker_then_start() {
        let merged = merge([vec![span(1, 5, 6), span(0, 9, 10)], vec![span(0, 1, 2)]]);
        let order: Vec<(u32, u64)> = merged.iter().map(|s| (s.worker, s.start_ns)).collect();
        assert_eq!(order, vec![(0, 1), (0, 9), (1, 5)]);
        assert_eq!(merged.capacity(), 3, "no spare room");
    }
}
