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

/// A run's clock: a [`Clock`] read relative to the run's origin, so every span of a run
/// is in nanoseconds since the run began.
///
/// It is `Copy` and its clock `'static` so that tasks of the task scheduler, which outlive
/// any one stack frame, can read it too.
#[derive(Clone, Copy)]
pub struct RunClock {
    clock: &'static dyn Clock,
    origin: u64,
}

impl RunClock {
    /// A run clock whose origin is now.
    pub fn starting_now(clock: &'static dyn Clock) -> Self {
        Self::with_origin(clock, clock.now_ns())
    }

    /// A run clock whose origin is `origin` on `clock`: engines that share a run but not
    /// a memory agree on it, so their spans land on one timeline.
    pub fn with_origin(clock: &'static dyn Clock, origin: u64) -> Self {
        Self { clock, origin }
    }

    /// Nanoseconds since the run's origin.
    pub fn now(&self) -> u64 {
        self.clock.now_ns().saturating_sub(self.origin)
    }
}
