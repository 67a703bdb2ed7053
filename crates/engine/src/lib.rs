//! The engine of the Interleave playground.
//!
//! It holds the experiments (claims about concurrency and parallelism that are run for
//! real), the trace model (spans on per-worker timelines), and the analysis that turns a
//! run's measurements into speedups and a verdict. It knows nothing of the browser: the
//! wasm runtime, the native runner and the tests all drive it through [`run`] inside a
//! rayon pool whose threads are the run's workers, and give it a [`Clock`].

pub mod analysis;
pub mod budget;
pub mod chrome_trace;
pub mod clock;
pub mod distributed;
pub mod embed;
pub mod experiment;
pub mod params;
pub mod settings;
pub mod shard;
pub mod stats;
pub mod stop;
pub mod stream;
pub mod tasks;
pub mod trace;

mod experiments;
mod kernels;
pub mod matrix;
pub mod measure;

#[cfg(not(target_arch = "wasm32"))]
pub mod native;

pub use clock::Clock;
pub use experiment::{
    Backend, ExperimentId, Judgement, RunReport, RunRequest, VariantReport, Verdict, run,
};
pub use measure::warm_up;
pub use trace::{Span, SpanKind};
