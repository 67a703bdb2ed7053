//! Property tests: whatever a URL or an embedding page sends, settings stay in bounds.

use interleave_engine::ExperimentId;
use interleave_engine::embed::{HostCommand, options, parse_command};
use interleave_engine::params::{parse_bounded, worker_bounds};
use interleave_engine::settings::from_pairs;
use proptest::prelude::*;
use serde_json::Value;

/// Keys the settings know, plus anything else.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("experiment".to_owned()),
        Just("workers".to_owned()),
        Just("n".to_owned()),
        Just("tasks".to_owned()),
        Just("rounds".to_owned()),
        Just("serial_percent".to_owned()),
        Just("trials".to_owned()),
        ".{0,12}",
    ]
}

/// Values: numbers of every size, slugs, and arbitrary text.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        "[0-9_, ]{0,30}",
        Just("sum".to_owned()),
        Just("amdahl".to_owned()),
        ".{0,40}",
    ]
}

/// Arbitrary JSON, biased towards the shapes of host messages.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(Value::from(1)),
        prop_oneof![
            Just("run"),
            Just("stop"),
            Just("set-workers"),
            Just("set-params")
        ]
        .prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 48, 8, |inner| {
        let key = prop_oneof![
            Just("interleave".to_owned()),
            Just("type".to_owned()),
            Just("workers".to_owned()),
            Just("params".to_owned()),
            ".{0,40}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..20)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn settings_are_always_within_bounds(
        pairs in prop::collection::vec((key(), value()), 0..12),
        cores in any::<u32>(),
    ) {
        let settings = from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), cores);
        let (min, max) = worker_bounds(cores);
        prop_assert!((min..=max).contains(&settings.workers));
        let specs = settings.experiment.params();
        prop_assert_eq!(settings.params.len(), specs.len());
        for spec in specs {
            let value = settings.params[spec.key];
            prop_assert!((spec.min..=spec.max).contains(&value), "{} = {}", spec.key, value);
        }
        for note in &settings.notes {
            prop_assert!(note.chars().count() < 200, "note too long: {}", note);
        }
    }

    #[test]
    fn parsing_never_leaves_the_bounds(raw in ".{0,64}", min in 0u64..1_000, span in 0u64..1_000_000) {
        let max = min + span;
        let checked = parse_bounded("x", &raw, min, max, min);
        prop_assert!((min..=max).contains(&checked.value));
    }

    #[test]
    fn every_experiment_accepts_any_parameter_text(
        index in 0usize..64,
        pairs in prop::collection::vec((key(), value()), 0..8),
    ) {
        let experiment = ExperimentId::ALL[index % ExperimentId::ALL.len()];
        let (values, _) = experiment.check_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        for spec in experiment.params() {
            prop_assert!((spec.min..=spec.max).contains(&values[spec.key]));
        }
    }
}

proptest! {
    // Arbitrary JSON is costly to generate: fewer cases, still thousands of messages.
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    #[test]
    fn host_messages_never_panic_and_accepted_ones_are_bounded(message in json()) {
        match parse_command(&message) {
            Ok(HostCommand::SetParams(params)) => {
                prop_assert!(params.len() <= 16);
                for (key, value) in &params {
                    prop_assert!(key.chars().count() <= 32 && value.len() <= 32);
                }
            }
            Ok(HostCommand::SetWorkers(text)) => prop_assert!(text.len() <= 32),
            Ok(_) => {}
            Err(reason) => prop_assert!(reason.len() < 120, "{}", reason),
        }
    }

    #[test]
    fn embed_options_never_panic(pairs in prop::collection::vec((key(), value()), 0..12)) {
        let (_, notes) = options(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        prop_assert!(notes.iter().all(|n| n.len() < 120));
    }
}
