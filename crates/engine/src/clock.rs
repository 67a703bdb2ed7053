//! The time source every measurement in a run is taken from.

/// A clock shared by all workers of a run, in nanoseconds since an arbitrary epoch.
///
/// All workers must read the same timeline: in the browser that is
/// `performance.timeOrigin + performance.now()`, natively a monotonic clock. Span
/// timestamps from different workers are only comparable because of this.
pub trait Clock: Sync {
    /// The current time in nanoseconds since the clock's epoch.
    fn now_ns(&self) -> u64;
}

/// The native monotonic clock, for the native runner and the engine's tests.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy)]
pub struct MonotonicClock {
    epoch: std::time::Instant,
}

#[cfg(not(target_arch = "wasm32"))]
impl MonotonicClock {
    /// A clock whose epoch is now.
    #[allow(clippy::disallowed_methods)] // Native only: this is the one place time is read.
    pub fn new() -> Self {
        Self {
            epoch: std::time::Instant::now(),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Default for MonotonicClock {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Clock for MonotonicClock {
    fn now_ns(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}
