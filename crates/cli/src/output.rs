//! What the runner prints: the catalogue for `list`, and a run as the page shows it.

use interleave_engine::analysis::{format_count, format_duration_ns};
use interleave_engine::budget;
use interleave_engine::experiment::speedup_text;
use interleave_engine::params::{reported_cores, worker_bounds};
use interleave_engine::{ExperimentId, RunReport, RunRequest, VariantReport};

/// The width prose (claims, verdicts) is wrapped to.
const WIDTH: usize = 88;

/// `text` broken into lines of at most `width` characters at spaces, each line after
/// `first` opening with `indent`. Words longer than a line are left whole.
fn wrap(text: &str, first: &str, indent: &str, width: usize) -> String {
    let mut out = String::from(first);
    let mut column = first.chars().count();
    let mut at_line_start = true;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if !at_line_start && column + 1 + len > width {
            out.push('\n');
            out.push_str(indent);
            column = indent.chars().count();
            at_line_start = true;
        }
        if !at_line_start {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
        at_line_start = false;
    }
    out
}

/// The catalogue: every experiment with its claim and parameters, and the worker bounds
/// on a machine with `cores` cores.
pub fn catalogue(cores: u32) -> String {
    let (min, max) = worker_bounds(cores);
    let mut lines = vec![
        format!(
            "--workers: {min} to {max} (twice the {} core{} here), default {}",
            reported_cores(cores),
            if reported_cores(cores) == 1 { "" } else { "s" },
            reported_cores(cores)
        ),
        format!(
            "A run estimated to need more than {} MB of memory is refused, naming the \
             parameter to lower.",
            budget::CAP_BYTES / budget::MB
        ),
    ];
    for &experiment in ExperimentId::ALL {
        let info = experiment.info();
        lines.push(String::new());
        lines.push(format!("{}  {}", info.slug, info.title));
        lines.push(wrap(info.claim, "  ", "  ", WIDTH));
        let key_width = info.params.iter().map(|p| p.key.len()).max().unwrap_or(0);
        for spec in info.params {
            lines.push(format!(
                "  --param {:<key_width$}  {}: {} to {}, default {}",
                spec.key,
                spec.label,
                format_count(spec.min),
                format_count(spec.max),
                format_count(spec.default),
            ));
        }
    }
    lines.join("\n")
}

/// What is about to run: the experiment, its claim, the workers and the parameters.
pub fn heading(request: &RunRequest) -> String {
    let experiment = request.experiment;
    let params: Vec<String> = request
        .params
        .iter()
        .map(|(key, value)| format!("{key} = {}", format_count(*value)))
        .collect();
    let mut settings = format!(
        "{} worker thread{}, {} core{}",
        request.workers,
        if request.workers == 1 { "" } else { "s" },
        request.cores,
        if request.cores == 1 { "" } else { "s" },
    );
    if !params.is_empty() {
        settings.push_str("; ");
        settings.push_str(&params.join(", "));
    }
    [
        format!("{} ({})", experiment.title(), experiment.slug()),
        wrap(experiment.claim(), "Claim: ", "       ", WIDTH),
        settings,
    ]
    .join("\n")
}

/// A variant's wall time as the table shows it: with the range of its repeats when it
/// is their median.
fn wall_text(variant: &VariantReport) -> String {
    let wall = format_duration_ns(variant.wall_ns);
    match variant.repeats_text() {
        Some(repeats) => format!("{wall} ({repeats})"),
        None => wall,
    }
}

/// The run's numbers as the page shows them: a table of the variants (label, wall time,
/// speedup over each variant's own baseline, value), whether the values are correct, the
/// verdict.
pub fn report(report: &RunReport) -> String {
    let variants: Vec<&VariantReport> = report.variants.iter().collect();
    let header = [
        "Variant".to_owned(),
        "Wall time".to_owned(),
        "Speedup over its baseline".to_owned(),
        report.request.experiment.info().value_name.to_owned(),
    ];
    let rows: Vec<[String; 4]> = variants
        .iter()
        .enumerate()
        .map(|(index, v)| {
            [
                v.label.clone(),
                wall_text(v),
                speedup_text(&variants, index),
                format_count(v.value),
            ]
        })
        .collect();
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |row: &[String; 4]| {
        let [label, wall, speed, value] = row;
        let [w0, w1, w2, w3] = widths;
        format!("{label:<w0$}  {wall:>w1$}  {speed:>w2$}  {value:>w3$}")
    };
    let mut lines = vec![line(&header)];
    lines.extend(rows.iter().map(line));
    lines.push(String::new());
    lines.push(match report.expected_value {
        Some(expected) if report.values_correct() => format!(
            "Values: correct; every variant computed {}.",
            format_count(expected)
        ),
        Some(expected) => format!(
            "Values: WRONG; a variant's answer differs from the correct {}!",
            format_count(expected)
        ),
        None => "Values: this experiment has no single correct answer to check.".into(),
    });
    if let Some(free) = report.free_cores_text() {
        lines.push(format!("Cores free while it ran: {free} (measured)."));
    }
    let judgement = report.verdict.judgement.slug().replace('_', " ");
    lines.push(wrap(
        &report.verdict.text,
        &format!("Verdict ({judgement}): "),
        "  ",
        WIDTH,
    ));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_engine::{VariantReport, Verdict};

    fn variant(id: &str, label: &str, wall_ns: u64, value: u64) -> VariantReport {
        VariantReport {
            id: id.into(),
            label: label.into(),
            tasks: 1,
            start_ns: 0,
            wall_ns,
            value,
            spans: vec![],
            task_records: vec![],
            task_labels: vec![],
            trials: 0,
            baseline: None,
            walls_ns: vec![],
        }
    }

    fn sample(expected_value: Option<u64>, last_value: u64) -> RunReport {
        RunReport {
            request: RunRequest::new(ExperimentId::Sum, 2, 2).bounded(),
            workers: 2,
            backend: Default::default(),
            free_cores: None,
            runtime_memory_bytes: None,
            variants: vec![
                variant(
                    "sequential",
                    "Sequential: 1 task on 1 worker",
                    200_000_000,
                    10,
                ),
                VariantReport {
                    baseline: Some("sequential".into()),
                    ..variant("concurrent", "Concurrent", 0, 10)
                },
                VariantReport {
                    baseline: Some("sequential".into()),
                    ..variant(
                        "parallel",
                        "Parallel: 2 tasks on 2 workers",
                        100_000_000,
                        last_value,
                    )
                },
            ],
            expected_value,
            verdict: Verdict::judged(true, "It was twice as fast.".into()),
        }
    }

    #[test]
    fn the_table_is_aligned_with_the_page_numbers() {
        let text = report(&sample(Some(10), 10));
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("Variant "), "{text}");
        assert!(lines[0].ends_with("Sum"), "{text}");
        assert!(
            lines[1].contains("200 ms") && lines[1].contains("baseline"),
            "{text}"
        );
        assert!(lines[2].contains('–'), "no time, so no speedup: {text}");
        assert!(
            lines[3].contains("100 ms") && lines[3].contains("2.00× vs row 1"),
            "{text}"
        );
        // Every row has the same width in characters, so the columns line up.
        let widths: Vec<usize> = lines[..4].iter().map(|l| l.chars().count()).collect();
        assert!(widths.iter().all(|&w| w == widths[0]), "{text}");
        assert!(text.contains("Values: correct; every variant computed 10."));
        assert!(text.contains("Verdict (supports): This run supports the claim."));
    }

    #[test]
    fn wrong_and_unknown_values_are_said_plainly() {
        assert!(report(&sample(Some(10), 11)).contains("Values: WRONG"));
        assert!(report(&sample(None, 11)).contains("no single correct answer"));
    }

    #[test]
    fn heading_names_the_settings() {
        let mut request = RunRequest::new(ExperimentId::Sum, 1, 1).bounded();
        request.params.insert("n".into(), 1_000_000);
        let text = heading(&request);
        assert!(text.starts_with("Sum: sequential, concurrent, parallel (sum)"));
        assert!(
            text.contains("1 worker thread, 1 core; n = 1,000,000"),
            "{text}"
        );
    }

    #[test]
    fn catalogue_lists_every_experiment_and_parameter() {
        let text = catalogue(4);
        assert!(text.starts_with("--workers: 1 to 8 (twice the 4 cores here), default 4"));
        assert!(text.contains("more than 512 MB of memory is refused"));
        for &experiment in ExperimentId::ALL {
            assert!(text.contains(experiment.slug()));
            assert!(text.contains(experiment.title()));
            for spec in experiment.params() {
                assert!(text.contains(&format!("--param {}", spec.key)));
                assert!(text.contains(&format!("default {}", format_count(spec.default))));
            }
        }
    }

    #[test]
    fn wrapping_keeps_lines_short_and_words_whole() {
        let text = "one two three four five six seven eight nine ten";
        let wrapped = wrap(text, "> ", "  ", 16);
        assert_eq!(
            wrapped,
            "> one two three\n  four five six\n  seven eight\n  nine ten"
        );
        assert_eq!(wrap("unbreakable", ">", " ", 4), ">unbreakable");
    }
}
