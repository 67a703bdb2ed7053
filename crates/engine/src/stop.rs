//! Ending a run early from outside the engine: one flag for the whole process.
//!
//! A browser runs each pool worker until the code it is in returns; terminating the
//! runtime worker that owns the pool does not end a kernel in the middle of a long loop,
//! so without this flag a stopped run's workers went on computing (for seconds, on a
//! large sum) beside the next run's. The shared-memory runtime hands the page a view of
//! [`STOP`] in its wasm memory; the page sets it before it terminates the runtime, and the
//! kernels and the task scheduler's workers look at it between pieces of work (about a
//! millisecond apart) and return. What a stopped run computes after that is thrown away
//! with its workers, so nothing resets the flag: the next run has a new pool and a new
//! memory.
//!
//! It is a process-wide static rather than a value passed down because the kernels are
//! deep inside every experiment; natively nothing sets it but the test that checks it.

use std::sync::atomic::{AtomicU32, Ordering};

/// Nonzero once a stop was asked for. A `u32` (not a `bool`) so that JavaScript can set
/// it with `Atomics.store` on an `Int32Array` over the wasm memory.
pub static STOP: AtomicU32 = AtomicU32::new(0);

/// Asks every kernel and scheduler worker of this process to return as soon as it can.
pub fn request() {
    STOP.store(1, Ordering::Relaxed);
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    STOP.load(Ordering::Relaxed) != 0
}
