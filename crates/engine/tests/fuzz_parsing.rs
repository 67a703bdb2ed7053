//! Property tests of everything the engine reads from outside: experiment parameters, the
//! page's settings in its URL, the embed options, the host page's messages and the run
//! requests the runtimes parse. Whatever arrives, nothing panics, every value taken is
//! within its documented bounds, what was changed carries a note, and the settings the
//! page writes into its URL read back the same.
//!
//! Each property prints how many inputs it ran; see them with
//! `cargo test -p interleave-engine --test fuzz_parsing -- --nocapture`.

use std::cell::Cell;
use std::collections::BTreeMap;

use interleave_engine::budget::{self, CAP_BYTES};
use interleave_engine::embed::{HostCommand, Theme, options, parse_command};
use interleave_engine::params::{self, parse_bounded, parse_workers, reported_cores};
use interleave_engine::repetition::Repeat;
use interleave_engine::settings::{MAX_PAIRS, from_pairs, query};
use interleave_engine::{Backend, ExperimentId, RunRequest};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRunner};
use serde_json::Value;

/// Runs `property` on `cases` inputs drawn from `strategy`, fails with the smallest input
/// that breaks it, and prints how many inputs ran.
fn fuzz<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let config = Config {
        cases,
        failure_persistence: None,
        // Much quicker than the default ChaCha in a debug build, and random enough here.
        rng_algorithm: RngAlgorithm::XorShift,
        ..Config::default()
    };
    let ran = Cell::new(0u32);
    let result = TestRunner::new(config).run(&strategy, |input| {
        ran.set(ran.get() + 1);
        property(input)
    });
    if let Err(failure) = result {
        panic!("{name}: {failure}");
    }
    assert_eq!(ran.get(), cases, "{name}: every case ran once");
    println!("fuzzed {name}: {cases} inputs");
}

/// Strings matching the regular expression `pattern`, which is parsed once, here (a
/// pattern given as a bare string is parsed again for every value).
fn matching(pattern: &str) -> impl Strategy<Value = String> + use<> {
    proptest::string::string_regex(pattern).expect("a valid pattern")
}

/// Arbitrary text of up to `max` characters: mostly printable ASCII, where the parsers'
/// cases lie, and any other character too (a surrogate stands for U+FFFD). Quicker in a
/// debug build than the pattern `.{0,max}`.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u32>(), 0..=max).prop_map(|codes| {
        codes
            .into_iter()
            .map(|code| {
                let code = if code % 4 == 0 {
                    (code >> 2) % 0x11_0000
                } else {
                    0x20 + (code >> 2) % 0x5f
                };
                char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect()
    })
}

/// What a piece of text should read as where a whole number is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// A whole number (numbers past `u64::MAX` read as `u64::MAX`: above every bound).
    Number(u64),
    /// Not a whole number: the default is used, with a note.
    NotANumber,
    /// Arbitrary text, of no known reading.
    Unknown,
}

/// Text for a field, with how it should read: numbers of every size and spelling, words
/// the page knows, junk, and arbitrary text.
fn raw() -> BoxedStrategy<(String, Reading)> {
    let words = prop::sample::select(vec![
        "", "sum", "race", "lock", "true", "false", "yes", "light", "dark", "auto", "shared",
        "message", "tasks", "-3", "1e9", "4.5", "0x10", "<script>", "½",
    ]);
    prop_oneof![
        any::<u64>().prop_map(|n| (n.to_string(), Reading::Number(n))),
        (0u64..2_000_000).prop_map(|n| (n.to_string(), Reading::Number(n))),
        (0u64..300).prop_map(|n| (n.to_string(), Reading::Number(n))),
        // Digits grouped as people write them, with spaces around.
        (
            any::<u64>(),
            prop::sample::select(vec!['_', ',', ' ']),
            matching(" {0,2}")
        )
            .prop_map(|(n, separator, pad)| {
                let digits = n.to_string();
                let mut grouped = String::new();
                for (i, c) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i) % 3 == 0 {
                        grouped.push(separator);
                    }
                    grouped.push(c);
                }
                (format!("{pad}{grouped}{pad}"), Reading::Number(n))
            }),
        matching("[1-9][0-9]{20,40}").prop_map(|digits| (digits, Reading::Number(u64::MAX))),
        words.prop_map(|w| (w.to_owned(), Reading::NotANumber)),
        (
            matching("[0-9]{0,6}"),
            matching("[a-zA-Z.+-]"),
            matching("[0-9a-z]{0,6}")
        )
            .prop_map(|(a, junk, b)| (format!("{a}{junk}{b}"), Reading::NotANumber)),
        text(40).prop_map(|text| (text, Reading::Unknown)),
    ]
    .boxed()
}

/// The keys a query may hold besides `experiment`: the worker count, the embed options,
/// every experiment's parameters, and anything else.
fn key() -> BoxedStrategy<String> {
    let mut known = vec!["workers", "embed", "autorun", "theme", "backend"];
    for &experiment in ExperimentId::ALL {
        known.extend(experiment.params().iter().map(|spec| spec.key));
    }
    known.sort_unstable();
    known.dedup();
    prop_oneof![
        5 => prop::sample::select(known).prop_map(str::to_owned),
        1 => text(12),
    ]
    .boxed()
}

/// The value of an `experiment` key: a slug, nearly one, or anything.
fn slug() -> BoxedStrategy<String> {
    let slugs: Vec<&str> = ExperimentId::ALL.iter().map(|e| e.slug()).collect();
    prop_oneof![
        3 => prop::sample::select(slugs).prop_map(str::to_owned),
        1 => matching("[a-z-]{0,16}"),
        1 => text(30),
    ]
    .boxed()
}

/// One key-value pair of a query, with how its value reads as a number.
fn pair() -> BoxedStrategy<(String, String, Reading)> {
    prop_oneof![
        1 => slug().prop_map(|slug| ("experiment".to_owned(), slug, Reading::Unknown)),
        8 => (key(), raw()).prop_map(|(key, (value, reading))| (key, value, reading)),
    ]
    .boxed()
}

/// The pairs of a query: usually a few, sometimes more than are read.
fn pairs() -> impl Strategy<Value = Vec<(String, String, Reading)>> {
    prop_oneof![
        39 => prop::collection::vec(pair(), 0..8),
        1 => prop::collection::vec(pair(), MAX_PAIRS - 4..MAX_PAIRS + 8),
    ]
}

/// The pairs as `(key, value)` text, as the parsers take them.
fn texts(pairs: &[(String, String, Reading)]) -> impl Iterator<Item = (&str, &str)> {
    pairs.iter().map(|(k, v, _)| (k.as_str(), v.as_str()))
}

/// The first of the read pairs with `key`, as the page reads a query.
fn first<'a>(
    pairs: &'a [(String, String, Reading)],
    key: &str,
) -> Option<&'a (String, String, Reading)> {
    pairs.iter().take(MAX_PAIRS).find(|(k, _, _)| k == key)
}

/// Whether one of `notes` is about `key`.
fn noted(notes: &[String], key: &str) -> bool {
    notes
        .iter()
        .any(|note| note.starts_with(&format!("{key} = ")))
}

/// Checks a value read from text reading `reading` against bounds `min..=max`: a number
/// is clamped, with a note if it had to move; anything else gives `default`, with a note.
fn check_reading(
    what: &str,
    (value, has_note): (u64, bool),
    reading: Reading,
    (min, max, default): (u64, u64, u64),
) -> Result<(), TestCaseError> {
    prop_assert!((min..=max).contains(&value), "{what} = {value}");
    match reading {
        Reading::Number(n) => {
            prop_assert_eq!(value, n.clamp(min, max), "{}", what);
            prop_assert_eq!(has_note, !(min..=max).contains(&n), "{}", what);
        }
        Reading::NotANumber => {
            prop_assert_eq!(value, default, "{}", what);
            prop_assert!(has_note, "{what}: no note");
        }
        Reading::Unknown => {}
    }
    Ok(())
}

#[test]
fn parameter_text_is_clamped_or_replaced_with_a_note() {
    let bounds = (0u64..1_000, 0u64..1_000_000, any::<prop::sample::Index>())
        .prop_map(|(min, span, at)| (min, min + span, min + at.index(span as usize + 1) as u64));
    fuzz(
        "parameter text",
        50_000,
        (raw(), bounds),
        |((text, reading), (min, max, default))| {
            let checked = parse_bounded("x", &text, min, max, default);
            check_reading(
                "x",
                (checked.value, checked.note.is_some()),
                reading,
                (min, max, default),
            )
        },
    );
}

#[test]
fn worker_counts_are_bounded_for_any_core_count() {
    fuzz(
        "worker counts",
        50_000,
        (raw(), any::<u32>()),
        |((text, reading), cores)| {
            let checked = parse_workers(&text, cores);
            let (min, max) = params::worker_bounds(cores);
            prop_assert!(max <= 2 * params::MAX_REPORTED_CORES);
            check_reading(
                "workers",
                (u64::from(checked.value), checked.note.is_some()),
                reading,
                (
                    u64::from(min),
                    u64::from(max),
                    u64::from(reported_cores(cores)),
                ),
            )
        },
    );
}

#[test]
fn every_experiment_checks_any_parameter_text() {
    let experiment = prop::sample::select(ExperimentId::ALL);
    fuzz(
        "experiment parameters",
        20_000,
        (experiment, prop::collection::vec(pair(), 0..10)),
        |(experiment, pairs)| {
            let (values, notes) = experiment.check_params(texts(&pairs));
            prop_assert_eq!(values.len(), experiment.params().len());
            for spec in experiment.params() {
                // A later value for a key wins, as on the command line.
                let given = pairs.iter().rev().find(|(k, _, _)| k == spec.key);
                let reading = given.map_or(Reading::Number(spec.default), |p| p.2);
                check_reading(
                    spec.key,
                    (values[spec.key], noted(&notes, spec.key)),
                    reading,
                    (spec.min, spec.max, spec.default),
                )?;
            }
            Ok(())
        },
    );
}

#[test]
fn settings_from_any_query_are_within_bounds_with_notes() {
    fuzz(
        "settings from a query",
        20_000,
        (pairs(), any::<u32>()),
        |(pairs, cores)| {
            let settings = from_pairs(texts(&pairs), cores);
            let slug = first(&pairs, "experiment").map(|p| p.1.as_str());
            let named = slug.and_then(ExperimentId::from_slug);
            prop_assert_eq!(settings.experiment, named.unwrap_or(ExperimentId::Sum));
            prop_assert_eq!(
                slug.is_some() && named.is_none(),
                settings
                    .notes
                    .iter()
                    .any(|n| n.starts_with("There is no experiment")),
            );
            let (min, max) = params::worker_bounds(cores);
            // Missing, the workers are the experiment's own default (oversubscription
            // starts above the cores); unreadable, the cores, as GOMAXPROCS defaults to.
            let missing = settings.experiment.default_workers(cores);
            let workers =
                first(&pairs, "workers").map_or(Reading::Number(u64::from(missing)), |p| p.2);
            check_reading(
                "workers",
                (
                    u64::from(settings.workers),
                    noted(&settings.notes, "workers"),
                ),
                workers,
                (
                    u64::from(min),
                    u64::from(max),
                    u64::from(reported_cores(cores)),
                ),
            )?;
            let specs = settings.experiment.params();
            prop_assert_eq!(settings.params.len(), specs.len());
            for spec in specs {
                let reading =
                    first(&pairs, spec.key).map_or(Reading::Number(spec.default), |p| p.2);
                check_reading(
                    spec.key,
                    (settings.params[spec.key], noted(&settings.notes, spec.key)),
                    reading,
                    (spec.min, spec.max, spec.default),
                )?;
            }
            for note in &settings.notes {
                prop_assert!(note.chars().count() < 200, "note too long: {}", note);
            }
            Ok(())
        },
    );
}

#[test]
fn settings_written_to_the_url_read_back_the_same() {
    fuzz(
        "settings round trip",
        20_000,
        (pairs(), any::<u32>()),
        |(pairs, cores)| {
            let settings = from_pairs(texts(&pairs), cores);
            let written = query(settings.experiment, settings.workers, &settings.params);
            // Nothing in it needs escaping, so a browser reads back exactly these pairs.
            prop_assert!(
                written
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "?&=_-".contains(c)),
                "{}",
                written
            );
            let Some(body) = written.strip_prefix('?') else {
                return Err(TestCaseError::fail(format!("no leading ?: {written}")));
            };
            let read: Vec<(&str, &str)> =
                body.split('&').filter_map(|p| p.split_once('=')).collect();
            let again = from_pairs(read.iter().copied(), cores);
            prop_assert_eq!(again.experiment, settings.experiment);
            prop_assert_eq!(again.workers, settings.workers);
            prop_assert_eq!(&again.params, &settings.params);
            prop_assert!(again.notes.is_empty(), "{:?}", again.notes);
            Ok(())
        },
    );
}

#[test]
fn embed_options_from_any_query_fall_back_with_notes() {
    fuzz("embed options", 20_000, pairs(), |pairs| {
        let (opts, notes) = options(texts(&pairs));
        let value = |key| first(&pairs, key).map(|p| p.1.as_str());
        let mut bad = 0;
        for (key, got) in [("embed", opts.embed), ("autorun", opts.autorun)] {
            let wanted = match value(key) {
                None | Some("0" | "false" | "") => false,
                Some("1" | "true") => true,
                Some(_) => {
                    bad += 1;
                    false
                }
            };
            prop_assert_eq!(got, wanted, "{}", key);
        }
        let theme = match value("theme") {
            None | Some("auto") => Theme::Auto,
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            Some(_) => {
                bad += 1;
                Theme::Auto
            }
        };
        prop_assert_eq!(opts.theme, theme);
        let backend = match value("backend") {
            None | Some("auto") => None,
            Some("shared") => Some(Backend::SharedMemory),
            Some("message") => Some(Backend::MessagePassing),
            Some(_) => {
                bad += 1;
                None
            }
        };
        prop_assert_eq!(opts.backend, backend);
        prop_assert!(notes.len() >= bad, "{:?}", notes);
        prop_assert!(notes.iter().all(|n| n.chars().count() < 120), "{:?}", notes);
        Ok(())
    });
}

/// Arbitrary JSON whose objects favour `keys` and whose strings favour `words`.
fn json(keys: &[&'static str], words: &[&'static str]) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        (0u64..20).prop_map(Value::from),
        prop::sample::select(words.to_vec()).prop_map(Value::from),
        text(40).prop_map(Value::String),
    ];
    let keys = keys.to_vec();
    leaf.prop_recursive(2, 24, 8, move |inner| {
        let key = prop_oneof![
            3 => prop::sample::select(keys.clone()).prop_map(str::to_owned),
            1 => text(40),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..20)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// `value` with up to three fields set to arbitrary JSON (`junk`) or removed; a field is
/// picked from `fields`, where `outer/inner` names a field of the object in `outer`.
fn mutated(
    value: impl Strategy<Value = Value>,
    fields: Vec<String>,
    junk: impl Strategy<Value = Value>,
) -> impl Strategy<Value = Value> {
    let change = (prop::sample::select(fields), prop::option::of(junk));
    (value, prop::collection::vec(change, 0..3)).prop_map(|(mut value, changes)| {
        for (path, replacement) in changes {
            let (object, field) = match path.split_once('/') {
                Some((outer, inner)) => (value.get_mut(outer), inner),
                None => (Some(&mut value), path.as_str()),
            };
            if let Some(Value::Object(fields)) = object {
                match replacement {
                    Some(junk) => fields.insert(field.to_owned(), junk),
                    None => fields.remove(field),
                };
            }
        }
        value
    })
}

#[test]
fn host_messages_of_any_shape_are_refused_or_bounded() {
    let words = ["run", "stop", "set-workers", "set-params", "set-code"];
    let fields = [
        "interleave",
        "type",
        "workers",
        "params",
        "params/n",
        "params/tasks",
        "code",
    ];
    let sent = command().prop_map(|(_, mut message)| {
        message["interleave"] = Value::from(1);
        message
    });
    let message = prop_oneof![
        json(&fields, &words),
        mutated(
            sent,
            fields.map(String::from).to_vec(),
            json(&fields, &words)
        ),
    ];
    let accepted = Cell::new(0u32);
    fuzz("host messages", 10_000, message, |message| {
        accepted.set(accepted.get() + u32::from(parse_command(&message).is_ok()));
        match parse_command(&message) {
            Ok(HostCommand::SetParams(params)) => {
                prop_assert!(params.len() <= 16);
                for (key, value) in &params {
                    prop_assert!(key.chars().count() <= 32 && value.len() <= 32);
                }
            }
            Ok(HostCommand::SetWorkers(text)) => prop_assert!(text.len() <= 32),
            Ok(HostCommand::SetExperiment(slug)) => prop_assert!(slug.len() <= 32),
            Ok(HostCommand::SetCode(code)) => {
                prop_assert!(code.len() <= interleave_engine::program::MAX_SOURCE_BYTES)
            }
            Ok(
                HostCommand::Hello
                | HostCommand::Run
                | HostCommand::Stop
                | HostCommand::SetView(_)
                | HostCommand::SetTheme(_)
                | HostCommand::GetState,
            ) => {}
            Err(reason) => prop_assert!(reason.len() < 120, "{}", reason),
        }
        Ok(())
    });
    // Near-misses of real messages make up half the inputs: many are still commands.
    assert!(accepted.get() > 1_000, "only {} accepted", accepted.get());
}

/// A command as a host page would send it, and the message that carries it.
fn command() -> impl Strategy<Value = (HostCommand, Value)> {
    let short = prop_oneof![matching("[a-z_]{1,12}"), matching("[0-9]{1,12}")];
    prop_oneof![
        Just((HostCommand::Run, serde_json::json!({"type": "run"}))),
        Just((HostCommand::Stop, serde_json::json!({"type": "stop"}))),
        Just((HostCommand::Hello, serde_json::json!({"type": "hello"}))),
        any::<String>().prop_map(|code| (
            HostCommand::SetCode(code.clone()),
            serde_json::json!({"type": "set-code", "code": code}),
        )),
        any::<u32>().prop_map(|n| (
            HostCommand::SetWorkers(n.to_string()),
            serde_json::json!({"type": "set-workers", "workers": n}),
        )),
        prop::collection::btree_map(matching("[a-z_]{1,12}"), (any::<u32>(), short), 0..=16)
            .prop_map(|params| {
                let mut sent = serde_json::Map::new();
                let mut read = BTreeMap::new();
                for (key, (number, text)) in params {
                    // Numbers and short strings are both taken as a control's text.
                    if number % 2 == 0 {
                        sent.insert(key.clone(), Value::from(number));
                        read.insert(key, number.to_string());
                    } else {
                        sent.insert(key.clone(), Value::from(text.clone()));
                        read.insert(key, text);
                    }
                }
                (
                    HostCommand::SetParams(read),
                    serde_json::json!({"type": "set-params", "params": sent}),
                )
            }),
    ]
}

#[test]
fn well_formed_host_messages_are_read_as_sent() {
    fuzz(
        "well-formed host messages",
        20_000,
        command(),
        |(command, mut message)| {
            message["interleave"] = Value::from(1);
            prop_assert_eq!(parse_command(&message), Ok(command));
            Ok(())
        },
    );
}

/// Checks what the engine makes of a run request from anywhere: clamped into bounds, and
/// either within the memory budget or refused with advice that fits.
fn check_request(request: &RunRequest) -> Result<(), TestCaseError> {
    let bounded = request.bounded();
    prop_assert_eq!(
        &bounded.bounded(),
        &bounded,
        "clamping twice changes nothing"
    );
    let (min, max) = params::worker_bounds(request.cores);
    prop_assert!((min..=max).contains(&bounded.workers));
    let specs = bounded.experiment.params();
    prop_assert_eq!(bounded.params.len(), specs.len());
    for spec in specs {
        prop_assert!((spec.min..=spec.max).contains(&bounded.params[spec.key]));
    }
    let json = serde_json::to_string(&bounded).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(
        serde_json::from_str::<RunRequest>(&json).ok(),
        Some(bounded.clone())
    );
    match budget::check(request) {
        Ok(estimate) => {
            prop_assert!(estimate.bytes <= CAP_BYTES);
            prop_assert_eq!(estimate, budget::estimate(request));
        }
        Err(refusal) => {
            prop_assert!(budget::estimate(request).bytes > CAP_BYTES);
            prop_assert!(
                refusal.starts_with(bounded.experiment.title()),
                "{}",
                refusal
            );
            prop_assert!(refusal.contains("512 MB"), "{}", refusal);
            // "Lower "<label>" (<key>) to <value> or less.": that value fits.
            let advice = refusal
                .rsplit_once(") to ")
                .and_then(|(before, value)| Some((before.rsplit_once(" (")?.1, value)));
            let Some((key, value)) = advice else {
                return Err(TestCaseError::fail(format!("no advice: {refusal}")));
            };
            let value: u64 = value
                .trim_end_matches(" or less.")
                .replace(',', "")
                .parse()
                .map_err(|_| TestCaseError::fail(format!("no number: {refusal}")))?;
            let mut lowered = bounded.clone();
            lowered.params.insert(key.to_owned(), value);
            prop_assert!(budget::check(&lowered).is_ok(), "{}", refusal);
        }
    }
    Ok(())
}

/// A run request with any numbers: parameters the experiment has and others, of any size.
fn run_request() -> impl Strategy<Value = RunRequest> {
    let number = prop_oneof![any::<u64>(), 0u64..2_000_000, Just(u64::MAX)];
    let params = prop::collection::btree_map(key(), number, 0..6);
    (
        prop::sample::select(ExperimentId::ALL),
        any::<u32>(),
        any::<u32>(),
        params,
        prop::sample::select(&[Repeat::UntilSettled, Repeat::Once][..]),
    )
        .prop_map(|(experiment, workers, cores, params, repeat)| RunRequest {
            experiment,
            workers,
            cores,
            params,
            repeat,
        })
}

#[test]
fn any_run_request_is_bounded_and_within_the_memory_budget_or_refused() {
    fuzz("run requests", 20_000, run_request(), |request| {
        check_request(&request)
    });
}

#[test]
fn run_requests_parsed_from_any_json_are_bounded_or_refused() {
    let slugs: Vec<&'static str> = ExperimentId::ALL.iter().map(|e| e.slug()).collect();
    let mut keys = vec!["experiment", "workers", "cores", "params"];
    for &experiment in ExperimentId::ALL {
        keys.extend(experiment.params().iter().map(|spec| spec.key));
    }
    // The request's own fields, and each parameter inside its `params`.
    let fields = keys
        .iter()
        .map(|&key| match key {
            "experiment" | "workers" | "cores" | "params" => key.to_owned(),
            parameter => format!("params/{parameter}"),
        })
        .collect();
    let sent =
        run_request().prop_map(|request| serde_json::to_value(request).expect("a request is JSON"));
    let text = prop_oneof![
        2 => mutated(sent, fields, json(&keys, &slugs)).prop_map(|value| value.to_string()),
        1 => json(&keys, &slugs).prop_map(|value| value.to_string()),
        1 => text(80),
    ];
    let accepted = Cell::new(0u32);
    fuzz("run request JSON", 10_000, text, |text| {
        // The runtimes parse the page's request with exactly this call.
        if let Ok(request) = serde_json::from_str::<RunRequest>(&text) {
            accepted.set(accepted.get() + 1);
            check_request(&request)?;
        }
        Ok(())
    });
    // Near-misses of real requests make up half the inputs: many are still requests.
    assert!(accepted.get() > 1_000, "only {} accepted", accepted.get());
}
