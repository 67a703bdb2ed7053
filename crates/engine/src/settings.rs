//! A page's settings from untrusted key-value pairs (a URL query, later an embedding
//! page's message), validated in one place so every entry point bounds them alike.

use std::collections::BTreeMap;

use crate::catalogue::ExperimentId;
use crate::params::parse_workers;

pub use crate::params::MAX_PAIRS;

/// Settings after validation: every value within its bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The experiment to show.
    pub experiment: ExperimentId,
    /// The worker count.
    pub workers: u32,
    /// Parameter values by key, each within its bounds.
    pub params: BTreeMap<String, u64>,
    /// What was changed or ignored and why, in words for the page.
    pub notes: Vec<String>,
}

/// Text from outside, cut to a length that is safe to show in a note.
fn shown(text: &str) -> String {
    let mut cut: String = text.chars().take(24).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

/// Validates `pairs` (keys `experiment`, `workers`, and the experiment's parameters) for
/// a browser that reports `cores` cores. Unknown keys are ignored; bad values are
/// replaced or clamped, each with a note.
pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>, cores: u32) -> Settings {
    let mut pairs: Vec<(&str, &str)> = pairs.into_iter().take(MAX_PAIRS + 1).collect();
    let mut notes = Vec::new();
    if pairs.len() > MAX_PAIRS {
        pairs.truncate(MAX_PAIRS);
        notes.push(format!(
            "Only the first {MAX_PAIRS} settings in the address were read."
        ));
    }
    // The first occurrence of a key wins, as `URLSearchParams.get` does.
    let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let experiment = match get("experiment") {
        None => ExperimentId::Sum,
        Some(slug) => ExperimentId::from_slug(slug).unwrap_or_else(|| {
            notes.push(format!(
                "There is no experiment \"{}\"; showing {}.",
                shown(slug),
                ExperimentId::Sum.title()
            ));
            ExperimentId::Sum
        }),
    };
    let workers = match get("workers") {
        None => experiment.default_workers(cores),
        Some(raw) => {
            let checked = parse_workers(raw, cores);
            notes.extend(checked.note);
            checked.value
        }
    };
    let mut seen = Vec::new();
    let params_raw = pairs.iter().copied().filter(|(k, _)| {
        let first = !seen.contains(k);
        seen.push(*k);
        first && *k != "experiment" && *k != "workers"
    });
    let (params, param_notes) = experiment.check_params(params_raw);
    notes.extend(param_notes);
    let mut unknown: Vec<String> = Vec::new();
    for (key, _) in &pairs {
        let known = ["experiment", "workers"].contains(key)
            || crate::embed::OPTION_KEYS.contains(key)
            || params.contains_key(*key);
        let shown = format!("\"{}\"", shown(key));
        if !known && !unknown.contains(&shown) {
            unknown.push(shown);
        }
    }
    if !unknown.is_empty() {
        let listed = unknown
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = unknown.len().saturating_sub(5);
        notes.push(format!(
            "{} has no setting {listed}{}; ignored.",
            experiment.title(),
            if more > 0 {
                format!(" (and {more} more)")
            } else {
                String::new()
            }
        ));
    }
    Settings {
        experiment,
        workers,
        params,
        notes,
    }
}

/// The query string of settings, e.g. `?experiment=sum&workers=2&n=100`: what the page
/// writes into its address, so that a copied link reproduces them. Reading it back with
/// [`from_pairs`] gives the same settings without a note; it needs no escaping, being
/// made of slugs, parameter keys and whole numbers.
pub fn query(experiment: ExperimentId, workers: u32, params: &BTreeMap<String, u64>) -> String {
    let mut query = format!("?experiment={}&workers={workers}", experiment.slug());
    for (key, value) in params {
        query += &format!("&{key}={value}");
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_gives_the_defaults() {
        let settings = from_pairs([], 4);
        assert_eq!(settings.experiment, ExperimentId::Sum);
        assert_eq!(settings.workers, 4);
        assert_eq!(settings.params, ExperimentId::Sum.check_params([]).0);
        assert!(settings.notes.is_empty());
    }

    #[test]
    fn bad_values_are_replaced_with_notes() {
        let settings = from_pairs(
            [("experiment", "nope"), ("workers", "999"), ("n", "abc")],
            2,
        );
        assert_eq!(settings.experiment, ExperimentId::Sum);
        assert_eq!(settings.workers, 4);
        assert_eq!(settings.notes.len(), 3, "{:?}", settings.notes);
    }

    #[test]
    fn the_first_of_repeated_keys_wins() {
        let settings = from_pairs(
            [
                ("n", "5000"),
                ("n", "7000"),
                ("workers", "1"),
                ("workers", "2"),
            ],
            2,
        );
        assert_eq!(settings.params["n"], 5_000);
        assert_eq!(settings.workers, 1);
    }

    #[test]
    fn the_query_names_the_experiment_workers_and_every_parameter() {
        let settings = from_pairs([("experiment", "race"), ("workers", "3")], 2);
        assert_eq!(
            query(settings.experiment, settings.workers, &settings.params),
            "?experiment=race&workers=3&trials=2000&window=500"
        );
    }

    #[test]
    fn an_overflowing_number_is_quoted_as_typed() {
        let settings = from_pairs([("n", "99999999999999999999999999")], 2);
        assert_eq!(settings.notes.len(), 1);
        assert!(
            settings.notes[0].starts_with("n = 999999999999999999999999… is above the maximum"),
            "{:?}",
            settings.notes
        );
        assert!(!settings.notes[0].contains("18446744073709551615"));
    }

    #[test]
    fn unknown_keys_and_pairs_past_the_limit_get_a_note() {
        let settings = from_pairs(
            [
                ("experiment", "sum"),
                ("tasks", "4"),
                ("embed", "1"),
                ("frob", "x"),
            ],
            2,
        );
        let expected = format!(
            "{} has no setting \"tasks\", \"frob\"; ignored.",
            ExperimentId::Sum.title()
        );
        assert_eq!(settings.notes, [expected]);
        let many: Vec<(String, String)> = (0..70)
            .map(|i| ("n".to_owned(), format!("{}", 1_000_000 + i)))
            .collect();
        let settings = from_pairs(many.iter().map(|(k, v)| (k.as_str(), v.as_str())), 2);
        assert_eq!(
            settings.notes,
            ["Only the first 64 settings in the address were read."]
        );
    }

    #[test]
    fn long_hostile_text_is_cut_in_notes() {
        let slug = "<script>".repeat(1_000);
        let settings = from_pairs([("experiment", slug.as_str())], 2);
        assert!(settings.notes[0].len() < 120);
    }
}
