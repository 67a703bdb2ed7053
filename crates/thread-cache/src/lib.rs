//! A per-thread cache of small blocks in front of the system allocator, for the page's
//! shared-memory runtime.
//!
//! wasm32's allocator (std's dlmalloc) is one heap behind one spin lock: every
//! allocation and free of every Web Worker takes it. A goroutine spawned by `main` on one
//! worker and run on another costs a few allocations made on the first and freed on the
//! second, so at k = 2 the two workers take turns at that lock, its cache line passing
//! between the cores each time. This keeps, for each thread and each size class (16-byte
//! steps up to 256 bytes), a list of the blocks it freed, which its next allocations of
//! that size reuse without a lock; and it moves blocks between threads in batches of
//! [`BATCH`] through a shared depot per class, so a thread that frees more than it
//! allocates (a consumer) hands its surplus to one that allocates more than it frees (a
//! producer), one lock taken per batch. That is the shape of tcmalloc's thread caches and
//! central free lists, cut down to what this needs.
//!
//! Written by hand: no crate does this for `wasm32-unknown-unknown` with threads
//! (`lol_alloc` and `talc` put one lock around one heap; mimalloc needs a C toolchain for
//! wasm). Larger blocks, and blocks aligned to more than 16 bytes, go to the system
//! allocator as before. Small blocks are never given back to it, as dlmalloc in a wasm
//! memory, which cannot shrink, gives nothing back either; a thread that ends keeps what
//! it cached (the page's workers live as long as their pool).
#![feature(thread_local)]
// An allocator is raw memory: this crate is the one place of the project that needs it.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, UnsafeCell};
use std::hint::spin_loop;
use std::ptr::{self, null_mut};
use std::sync::atomic::{AtomicBool, Ordering::Acquire, Ordering::Relaxed, Ordering::Release};

/// Size classes are multiples of this, which is also their alignment.
const GRAIN: usize = 16;
/// Classes of 16, 32, ..., 256 bytes.
const CLASSES: usize = 16;
/// Blocks moved between a thread and the depot at once.
pub const BATCH: usize = 32;
/// A thread keeps at most this many free blocks of a class.
const KEEP: usize = 2 * BATCH;
/// The depot keeps at most this many batches of a class (8,192 blocks; all classes
/// together under 18 MB); more go back to the system allocator, so that a run that once
/// had a million small objects live does not keep their memory from a later run's large
/// ones.
const DEPOT_BATCHES: usize = 256;

/// The allocator: `#[global_allocator] static A: ThreadCache = ThreadCache;`.
pub struct ThreadCache;

/// One thread's free blocks of one class: a list linked through each block's first word.
struct Local {
    head: Cell<*mut u8>,
    len: Cell<usize>,
}

#[thread_local]
static LOCAL: [Local; CLASSES] = [const {
    Local {
        head: Cell::new(null_mut()),
        len: Cell::new(0),
    }
}; CLASSES];

/// Full batches of one class, shared: a stack linked through each batch's first block's
/// second word, under a spin lock (a worker may not block, and the page's main thread
/// cannot).
struct Depot {
    locked: AtomicBool,
    /// The top batch, and how many there are.
    top: UnsafeCell<(*mut u8, usize)>,
}

// SAFETY: `top` is only read or written while `locked` is held.
unsafe impl Sync for Depot {}

static DEPOTS: [Depot; CLASSES] = [const {
    Depot {
        locked: AtomicBool::new(false),
        top: UnsafeCell::new((null_mut(), 0)),
    }
}; CLASSES];

impl Depot {
    fn with<T>(&self, f: impl FnOnce(&mut (*mut u8, usize)) -> T) -> T {
        while self
            .locked
            .compare_exchange_weak(false, true, Acquire, Relaxed)
            .is_err()
        {
            while self.locked.load(Relaxed) {
                spin_loop();
            }
        }
        // SAFETY: the lock is held.
        let out = f(unsafe { &mut *self.top.get() });
        self.locked.store(false, Release);
        out
    }
}

/// A small layout's class.
fn class(layout: Layout) -> Option<usize> {
    let size = layout.size();
    (layout.align() <= GRAIN && size > 0 && size <= GRAIN * CLASSES).then(|| (size - 1) / GRAIN)
}

/// The layout the system allocator gives a block of class `c`.
fn class_layout(c: usize) -> Layout {
    // SAFETY: a multiple of 16 up to 256, aligned to 16.
    unsafe { Layout::from_size_align_unchecked((c + 1) * GRAIN, GRAIN) }
}

/// Word `i` of a free block (its next block, or for a batch's first block its next batch).
///
/// # Safety
/// `block` is a free block of at least two words.
unsafe fn word(block: *mut u8, i: usize) -> *mut *mut u8 {
    unsafe { block.cast::<*mut u8>().add(i) }
}

/// A block of class `c`: this thread's, else a batch from the depot, else the system's.
///
/// # Safety
/// As [`GlobalAlloc::alloc`].
unsafe fn take(c: usize) -> *mut u8 {
    let local = &LOCAL[c];
    let head = local.head.get();
    if !head.is_null() {
        // SAFETY: a block on the list is free and starts with its successor.
        local.head.set(unsafe { *word(head, 0) });
        local.len.set(local.len.get() - 1);
        return head;
    }
    let batch = DEPOTS[c].with(|(top, batches)| {
        let batch = *top;
        if !batch.is_null() {
            // SAFETY: a batch's first block holds the next batch in its second word.
            *top = unsafe { *word(batch, 1) };
            *batches -= 1;
        }
        batch
    });
    if batch.is_null() {
        // SAFETY: a non-zero size.
        return unsafe { System.alloc(class_layout(c)) };
    }
    // SAFETY: a batch is BATCH linked free blocks.
    local.head.set(unsafe { *word(batch, 0) });
    local.len.set(BATCH - 1);
    batch
}

/// Gives back a block of class `c` to this thread's list, first moving a batch of it to
/// the depot if it is full.
///
/// # Safety
/// As [`GlobalAlloc::dealloc`].
unsafe fn give(block: *mut u8, c: usize) {
    let local = &LOCAL[c];
    if local.len.get() == KEEP {
        let batch = local.head.get();
        let mut last = batch;
        for _ in 1..BATCH {
            // SAFETY: the list has KEEP > BATCH blocks.
            last = unsafe { *word(last, 0) };
        }
        // SAFETY: `last` is the batch's last block; cut the list after it.
        unsafe {
            local.head.set(*word(last, 0));
            *word(last, 0) = null_mut();
        }
        local.len.set(KEEP - BATCH);
        let kept = DEPOTS[c].with(|(top, batches)| {
            if *batches == DEPOT_BATCHES {
                return false;
            }
            // SAFETY: `batch` is free and ours until it is on the stack.
            unsafe { *word(batch, 1) = *top };
            *top = batch;
            *batches += 1;
            true
        });
        if !kept {
            let mut next = batch;
            while !next.is_null() {
                // SAFETY: each block of the batch came from the system with this layout.
                unsafe {
                    let block = next;
                    next = *word(block, 0);
                    System.dealloc(block, class_layout(c));
                }
            }
        }
    }
    // SAFETY: the block is free: link it in front.
    unsafe { *word(block, 0) = local.head.get() };
    local.head.set(block);
    local.len.set(local.len.get() + 1);
}

// SAFETY: small blocks come from the system allocator with their class's layout, which
// covers every size of the class and an alignment of 16, and go back only to a list of
// that class; others go to the system allocator directly.
unsafe impl GlobalAlloc for ThreadCache {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class(layout) {
            // SAFETY: as the caller's.
            Some(c) => unsafe { take(c) },
            None => unsafe { System.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        match class(layout) {
            // SAFETY: as the caller's: the block was allocated with this layout's class.
            Some(c) => unsafe { give(block, c) },
            None => unsafe { System.dealloc(block, layout) },
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller ensures the new size with this alignment is a valid layout.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class(layout), class(new)) {
            (None, None) => unsafe { System.realloc(block, layout, new_size) },
            (Some(a), Some(b)) if a == b => block,
            _ => {
                // SAFETY: as the caller's; the two blocks are distinct.
                unsafe {
                    let moved = self.alloc(new);
                    if !moved.is_null() {
                        ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                        self.dealloc(block, layout);
                    }
                    moved
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn layout(size: usize) -> Layout {
        Layout::from_size_align(size, 8).unwrap()
    }

    #[test]
    fn sizes_fall_in_their_classes_and_the_rest_passes_through() {
        assert_eq!(class(layout(1)), Some(0));
        assert_eq!(class(layout(16)), Some(0));
        assert_eq!(class(layout(17)), Some(1));
        assert_eq!(class(layout(256)), Some(15));
        assert_eq!(class(layout(257)), None);
        assert_eq!(class(Layout::from_size_align(32, 32).unwrap()), None);
    }

    #[test]
    fn a_freed_block_is_reused_by_the_same_thread() {
        // Its own thread, so that no other test's blocks are on its lists.
        std::thread::spawn(|| unsafe {
            let a = ThreadCache.alloc(layout(40));
            ThreadCache.dealloc(a, layout(40));
            let b = ThreadCache.alloc(layout(48));
            assert_eq!(a, b, "the same class: the block just freed");
            ThreadCache.dealloc(b, layout(48));
        })
        .join()
        .unwrap();
    }

    #[test]
    fn blocks_freed_on_one_thread_reach_another_in_batches_and_are_never_handed_out_twice() {
        // A producer allocates and fills blocks, a consumer checks and frees them, and
        // the producer's later allocations must come back from the consumer's frees
        // through the depot. No block may be live twice at once.
        const N: usize = 20_000;
        let (to_consumer, from_producer) = std::sync::mpsc::sync_channel::<(usize, usize)>(64);
        let consumer = std::thread::spawn(move || {
            for (block, tag) in from_producer {
                let block = block as *mut u8;
                unsafe {
                    assert!(
                        (0..56).all(|i| *block.add(i) == tag as u8),
                        "a block was reused while live"
                    );
                    ThreadCache.dealloc(block, layout(56));
                }
            }
        });
        let mut seen = HashSet::new();
        let mut reused = 0;
        for tag in 0..N {
            let block = unsafe { ThreadCache.alloc(layout(56)) };
            assert!(!block.is_null());
            assert_eq!(block as usize % GRAIN, 0);
            unsafe { ptr::write_bytes(block, tag as u8, 56) };
            if !seen.insert(block as usize) {
                reused += 1;
            }
            to_consumer.send((block as usize, tag)).unwrap();
        }
        drop(to_consumer);
        consumer.join().unwrap();
        assert!(
            reused > N / 2,
            "the producer reused only {reused} of {N} blocks"
        );
    }

    #[test]
    fn realloc_keeps_the_contents_across_classes_and_sizes() {
        unsafe {
            let a = ThreadCache.alloc(layout(24));
            ptr::write_bytes(a, 7, 24);
            let b = ThreadCache.realloc(a, layout(24), 30);
            assert_eq!(a, b, "the same class: the block stays");
            let c = ThreadCache.realloc(b, layout(30), 1000);
            assert!((0..24).all(|i| *c.add(i) == 7));
            let d = ThreadCache.realloc(c, layout(1000), 100);
            assert!((0..24).all(|i| *d.add(i) == 7));
            ThreadCache.dealloc(d, layout(100));
        }
    }

    #[test]
    fn the_depot_keeps_a_bounded_number_of_batches_and_frees_the_rest() {
        // Class 12 (193 to 208 bytes) is this test's alone.
        let size = 200;
        std::thread::spawn(move || unsafe {
            let blocks: Vec<_> = (0..20_000)
                .map(|_| ThreadCache.alloc(layout(size)))
                .collect();
            for &b in &blocks {
                ThreadCache.dealloc(b, layout(size));
            }
            let c = class(layout(size)).unwrap();
            assert_eq!(DEPOTS[c].with(|(_, batches)| *batches), DEPOT_BATCHES);
            assert!(LOCAL[c].len.get() <= KEEP);
            // Taking them again empties this thread's list, then the depot's batches.
            let again: Vec<_> = (0..20_000)
                .map(|_| ThreadCache.alloc(layout(size)))
                .collect();
            assert_eq!(DEPOTS[c].with(|(_, batches)| *batches), 0);
            for b in again {
                ThreadCache.dealloc(b, layout(size));
            }
        })
        .join()
        .unwrap();
    }
}
