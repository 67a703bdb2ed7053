//! The engine of the Interleave playground.
//!
//! It holds the experiments (claims about concurrency and parallelism that are run for
//! real), the task scheduler, the trace model (spans on per-worker timelines), and the
//! analysis that turns a run's measurements into speedups and a verdict. It knows nothing
//! of the browser: the wasm runtimes, the native runner and the tests all drive it through
//! its two backends ([`shared_memory`], [`distributed`]) and give it a [`Clock`].
//!
//! The modules form layers, each using only those below it (`ARCHITECTURE.md` draws them,
//! and `./x test` fails on an import cycle):
//!
//! 1. leaves: [`clock`], [`trace`], [`shard`], [`stop`], [`params`], [`analysis`],
//!    [`stats`], the kernels;
//! 2. the task scheduler, [`tasks`];
//! 3. measuring and describing: [`measure`], [`footprint`], [`variant`], [`experiment`];
//! 4. the experiments and their [`catalogue`], with the run request, and how a run
//!    repeats them ([`repetition`]);
//! 5. [`budget`], [`report`], and the backends: [`shared_memory`], [`distributed`];
//! 6. what crosses boundaries: [`stream`], [`chrome_trace`], [`matrix`], [`settings`], [`program`],
//!    [`embed`], and [`native`] for the command line and the tests.

pub mod analysis;
pub mod budget;
pub mod catalogue;
pub mod chrome_trace;
pub mod clock;
pub mod distributed;
pub mod embed;
mod execute;
pub mod experiment;
mod experiments;
pub mod footprint;
mod kernels;
pub mod matrix;
pub mod measure;
pub mod params;
pub mod presets;
pub mod program;
pub mod repetition;
pub mod report;
pub mod settings;
pub mod shard;
pub mod shared_memory;
pub mod stats;
pub mod stop;
pub mod stream;
pub mod tasks;
pub mod trace;
pub mod traps;
pub mod variant;

#[cfg(not(target_arch = "wasm32"))]
pub mod native;

pub use catalogue::{ExperimentId, RunRequest};
pub use clock::Clock;
pub use experiment::{Judgement, VariantReport, Verdict};
pub use measure::warm_up;
pub use report::{Backend, RunReport};
pub use shared_memory::run;
pub use trace::{Span, SpanKind};
