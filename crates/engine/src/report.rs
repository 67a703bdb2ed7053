//! What a run measured, whichever backend ran it: the [`RunReport`] the page draws and
//! exports, and the [`Backend`] it names.

use serde::{Deserialize, Serialize};

use crate::catalogue::RunRequest;
use crate::experiment::{SweepMeasure, VariantReport, Verdict};

/// How the workers of a run worked together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    /// Threads over one shared memory: a rayon pool of OS threads natively, of Web
    /// Workers over a shared wasm memory in a cross-origin isolated page.
    #[default]
    SharedMemory,
    /// Separate Web Workers, each with its own engine and memory, given work and
    /// returning spans by message: what a page without cross-origin isolation can have.
    MessagePassing,
}

impl Backend {
    /// Its name in URLs, file names and exports (`shared-memory`, `message-passing`), the
    /// same as in the wire types.
    pub fn slug(self) -> &'static str {
        match self {
            Backend::SharedMemory => "shared-memory",
            Backend::MessagePassing => "message-passing",
        }
    }

    /// Its name on the page.
    pub fn label(self) -> &'static str {
        match self {
            Backend::SharedMemory => "shared memory",
            Backend::MessagePassing => "message passing",
        }
    }
}

/// Everything a run measured: what the page shows and the trace export is made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// The request as it was run, after clamping.
    pub request: RunRequest,
    /// The number of worker threads the pool really had.
    pub workers: u32,
    /// How the workers worked together.
    #[serde(default)]
    pub backend: Backend,
    /// The variants, in the order they ran.
    pub variants: Vec<VariantReport>,
    /// The expected answer, when the experiment knows it in closed form.
    pub expected_value: Option<u64>,
    /// The verdict on the claim.
    pub verdict: Verdict,
    /// How many cores the workers really had at once while the run went, measured
    /// before each variant of every round: the lower quartile of those readings, the
    /// cores of the run's busiest quarter ([`crate::measure::free_cores`], or on the
    /// message-passing backend each engine's [`crate::measure::running_share`] of one
    /// window added up); `None` where it was not measured (a run from a trace file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_cores: Option<f64>,
    /// Bytes of wasm memory the runtime's instance held after the run, where it runs in
    /// one (the page shows it, and a test checks that runs do not make it grow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_memory_bytes: Option<u64>,
}

impl RunReport {
    /// The variant whose wall time a sweep records, if the experiment has one.
    pub fn sweep_variant(&self) -> Option<&VariantReport> {
        match self.request.experiment.info().sweep {
            SweepMeasure::Variant(id) => self.variants.iter().find(|v| v.id == id),
            SweepMeasure::LastVariant => self.variants.last(),
            SweepMeasure::None => None,
        }
    }

    /// The wall time a sweep records for this run, if the experiment has one.
    pub fn sweep_time_ns(&self) -> Option<u64> {
        self.sweep_variant().map(|v| v.wall_ns)
    }

    /// How busy the workers were during the swept variant, from 0 to 1: the mean over the
    /// pool's workers of the share of its wall time each spent in busy spans.
    pub fn sweep_utilisation(&self) -> Option<f64> {
        let variant = self.sweep_variant()?;
        let shares =
            crate::analysis::utilisation(&variant.spans, self.workers, variant.traced_wall_ns());
        (!shares.is_empty()).then(|| shares.iter().sum::<f64>() / shares.len() as f64)
    }

    /// The cores free while it ran, beside the cores its workers could use: "1.9 of 2";
    /// `None` where they were not measured.
    pub fn free_cores_text(&self) -> Option<String> {
        let cores = self.workers.min(self.request.cores).max(1);
        self.free_cores.map(|free| format!("{free:.1} of {cores}"))
    }

    /// Whether every variant computed the expected answer.
    pub fn values_correct(&self) -> bool {
        self.variants
            .iter()
            .all(|v| self.expected_value.is_none_or(|e| e == v.value))
    }
}
