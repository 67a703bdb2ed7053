//! The experiments of the catalogue, one module each.

pub mod amdahl;
pub mod bounded;
pub mod cpu_bound;
pub mod granularity;
pub mod interleaving;
pub mod io_bound;
pub mod lock_contention;
pub mod memory;
pub mod mixed;
pub mod oversubscription;
pub mod pipeline;
pub mod race;
pub mod sum;
pub mod throughput;
