//! A share of a step of work: which part one of several engines does when a run is spread
//! over engines that share no memory (the message-passing backend). A leaf, so that the
//! task scheduler can number its tasks by it without knowing of that backend.

use serde::{Deserialize, Serialize};

/// One of `count` engines sharing a step, this one being number `index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which share of the step this engine does, from 0; also its worker lane.
    pub index: u32,
    /// How many engines share the step.
    pub count: u32,
}

impl Shard {
    /// The whole of a step: what a shared-memory run does.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// The items of `0..items` that are this shard's: every `count`-th from `index`, so
    /// each shard gets an equal share of a list of equal tasks.
    pub fn share(self, items: u32) -> impl Iterator<Item = u32> {
        (self.index..items).step_by(self.count.max(1) as usize)
    }

    /// This shard's contiguous part of `lo..hi`, the parts of all shards covering it
    /// exactly and differing in length by at most one ([`crate::kernels::part`]).
    pub fn part(self, lo: u64, hi: u64) -> (u64, u64) {
        crate::kernels::part((lo, hi), u64::from(self.index), u64::from(self.count))
    }

    /// A task id unique across the shards, from this shard's own count of tasks.
    pub fn task_id(self, local: u32) -> u32 {
        local.saturating_mul(self.count).saturating_add(self.index)
    }
}
