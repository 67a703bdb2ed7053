//! The experiments of the catalogue, one module each.

pub mod amdahl;
pub mod cpu_bound;
pub mod memory;
pub mod race;
pub mod sum;
