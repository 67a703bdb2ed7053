//! Runs the page starts from its lessons rather than from the controls: the coffee shop
//! that opens the page, and each interview trap's run ([`crate::traps`]). A preset is an
//! experiment, the parameters it changes from their defaults, and a worker count that
//! follows the machine's cores; the page loads it into the controls and runs it, so
//! what it shows is a real run the reader can then change.

use std::collections::BTreeMap;

use crate::ExperimentId;

/// How many workers a preset's run gets, for a machine of some cores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresetWorkers {
    /// One per core (at least 2, so that there is parallelism to see).
    Cores,
    /// Twice the cores: oversubscribed.
    TwiceCores,
}

impl PresetWorkers {
    /// The worker count on a machine of `cores` cores, within the page's bounds.
    pub fn on(self, cores: u32) -> u32 {
        let wanted = match self {
            PresetWorkers::Cores => cores.max(2),
            PresetWorkers::TwiceCores => 2 * cores.max(1),
        };
        wanted.min(crate::params::worker_bounds(cores).1)
    }
}

/// An experiment with some parameters set, on a worker count that follows the cores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The experiment.
    pub experiment: ExperimentId,
    /// The parameters that differ from the experiment's defaults.
    pub params: &'static [(&'static str, u64)],
    /// How many workers the run gets.
    pub workers: PresetWorkers,
}

impl Preset {
    /// The run's parameters: the experiment's defaults with this preset's values, each
    /// checked against its bounds, and a note for any value that had to move (the tests
    /// keep that list empty).
    pub fn checked_params(&self) -> (BTreeMap<String, u64>, Vec<String>) {
        let raw: Vec<(&str, String)> = self
            .params
            .iter()
            .map(|(key, value)| (*key, value.to_string()))
            .collect();
        self.experiment
            .check_params(raw.iter().map(|(key, value)| (*key, value.as_str())))
    }
}

/// The teaching material's coffee shop, run for real: each order is a task that waits
/// for its coffee to brew (a parked wait, 60 ms) and then makes the drink (computing,
/// 60 rounds of fib(25), some 10 to 20 ms: enough for a second barista to show). One after another, then one barista (one worker) taking the next
/// order while the last one brews, then a barista per core.
pub const COFFEE_SHOP: Preset = Preset {
    experiment: ExperimentId::Mixed,
    params: &[("tasks", 4), ("wait_ms", 60), ("rounds", 60)],
    workers: PresetWorkers::Cores,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coffee_shop_sets_only_parameters_of_its_experiment_within_bounds() {
        let (checked, notes) = COFFEE_SHOP.checked_params();
        assert!(notes.is_empty(), "{notes:?}");
        for (key, value) in COFFEE_SHOP.params {
            assert_eq!(checked[*key], *value);
        }
        assert_eq!(PresetWorkers::Cores.on(1), 2);
        assert_eq!(PresetWorkers::TwiceCores.on(2), 4);
    }
}
