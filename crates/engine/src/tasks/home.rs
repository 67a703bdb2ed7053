//! Finished tasks go back to the worker that spawned them, to be freed there.
//!
//! When one worker spawns and another runs (a feeder and a thief), freeing each task on
//! the worker that ran it makes the allocator hand memory back across cores: glibc takes
//! the spawning thread's arena lock, which the spawner holds for its next allocation
//! (measured: a tenth of a 2-worker run's time went to waking threads blocked on that
//! lock), and wasm's allocator has one lock for every thread. So a worker keeps the tasks
//! it finished for another in a batch and hands over [`HOME_BATCH`] at a time; the home
//! worker collects them now and then and drops them on its own thread, as Go's Ps keep
//! free lists of their own goroutines (`gfput`, `gfget` in `runtime/proc.go`) and
//! mimalloc frees a block remotely by sending it to its owner.

use std::sync::Mutex;

use super::executor::lock;
use super::padded::Padded;
use super::task::TaskRef;

/// How many finished tasks a worker gathers for another before it hands them over.
pub(crate) const HOME_BATCH: usize = 64;

/// Each worker's inbox of finished tasks it spawned and others ran.
pub(crate) struct Homes {
    inboxes: Box<[Padded<Mutex<Vec<TaskRef>>>]>,
}

impl Homes {
    /// Empty inboxes for `workers` workers.
    pub(crate) fn new(workers: usize) -> Self {
        Self {
            inboxes: (0..workers.max(1))
                .map(|_| Padded(Mutex::new(Vec::new())))
                .collect(),
        }
    }

    /// Takes what the others sent worker `slot`, to be dropped on its thread; nothing if
    /// another worker is handing over a batch right now (it is taken next time).
    pub(crate) fn collect(&self, slot: usize) -> Vec<TaskRef> {
        match self.inboxes[slot].try_lock() {
            Ok(mut inbox) => std::mem::take(&mut *inbox),
            Err(_) => Vec::new(),
        }
    }

    /// Takes every task still in an inbox: the run is over, and they hold the run.
    pub(crate) fn take_all(&self) -> Vec<TaskRef> {
        self.inboxes
            .iter()
            .flat_map(|inbox| std::mem::take(&mut *lock(inbox)))
            .collect()
    }
}

/// One worker's batches of finished tasks, one for each other worker.
pub(crate) struct Outgoing {
    batches: Vec<Vec<TaskRef>>,
}

impl Outgoing {
    /// No batch yet, on a run of `workers` workers.
    pub(crate) fn new(workers: usize) -> Self {
        Self {
            batches: (0..workers.max(1)).map(|_| Vec::new()).collect(),
        }
    }

    /// Worker `slot` finished `task`: it goes home if another worker of the run spawned
    /// it, else it is dropped here.
    pub(crate) fn finished(&mut self, task: TaskRef, slot: usize, homes: &Homes) {
        let Some(home) = task.header().home.filter(|&h| h != slot) else {
            return;
        };
        let Some(batch) = self.batches.get_mut(home) else {
            return;
        };
        batch.push(task);
        if batch.len() >= HOME_BATCH {
            lock(&homes.inboxes[home]).append(batch);
        }
    }
}
