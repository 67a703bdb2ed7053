//! A run as the runtimes send it to the page: each variant as soon as it is measured,
//! its spans in compact chunks, and at the end the report without the spans the page
//! already has.
//!
//! A run can have a million spans. As JSON objects they take the page's main thread most
//! of a second to read in one go, which freezes it. So spans travel as plain numbers
//! (six per span, in a `Float64Array` the browser hands over without copying), in chunks
//! of at most [`CHUNK_SPANS`], each read in its own turn of the page's event loop; the
//! rest of a variant, and the report, are small JSON.
//!
//! The messages, in order, for each variant `index` of `total`: zero or more
//! `{type: "spans", id, index, spans}` (a chunk of [`encode`]d spans), then
//! `{type: "variant", id, index, total, variant}` (JSON of the variant
//! [`without_spans`]); after the last, `{type: "result", id, report}` (JSON of the report
//! [`without_spans`](lean_report)). The page puts each report back together with
//! [`restore_spans`].

use crate::experiment::VariantReport;
use crate::report::RunReport;
use crate::trace::{Span, SpanKind};

/// The most spans one message carries: decoding them takes the page a few milliseconds.
pub const CHUNK_SPANS: usize = 50_000;

/// Numbers per span: worker, task, kind (its position in [`SpanKind::ALL`]), start and
/// end in nanoseconds since the run's origin, and the line a wait began at (0 for none).
pub const FIELDS: usize = 6;

/// The largest integer a double holds exactly (2⁵³), in nanoseconds about 104 days:
/// longer than any run.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// Spans as numbers, [`FIELDS`] per span.
pub fn encode(spans: &[Span]) -> Vec<f64> {
    let mut numbers = Vec::with_capacity(spans.len() * FIELDS);
    for span in spans {
        let kind = SpanKind::ALL
            .iter()
            .position(|&k| k == span.kind)
            .unwrap_or(0);
        numbers.extend([
            f64::from(span.worker),
            f64::from(span.task),
            kind as f64,
            span.start_ns as f64,
            span.end_ns as f64,
            f64::from(span.line),
        ]);
    }
    numbers
}

/// The spans of a variant as encoded chunks of at most [`CHUNK_SPANS`] spans each.
pub fn chunks(spans: &[Span]) -> impl Iterator<Item = Vec<f64>> + '_ {
    spans.chunks(CHUNK_SPANS).map(encode)
}

/// Reads one [`encode`]d chunk, appending its spans to `out`; refuses numbers that are
/// not whole spans of known kinds with times in range, leaving `out` as it was.
pub fn decode_into(numbers: &[f64], out: &mut Vec<Span>) -> Result<(), String> {
    if !numbers.len().is_multiple_of(FIELDS) {
        return Err(format!(
            "{} numbers are not whole spans of {FIELDS}",
            numbers.len()
        ));
    }
    // A cast saturates and truncates: a number survives the round trip only if it was
    // already a whole number in range (NaN does not).
    let u32_of = |x: f64| Some(x as u32).filter(|&v| f64::from(v) == x);
    let ns_of = |x: f64| Some(x as u64).filter(|&v| v as f64 == x && x <= EXACT);
    let before = out.len();
    out.reserve_exact(numbers.len() / FIELDS);
    for (at, fields) in numbers.chunks_exact(FIELDS).enumerate() {
        let span = (|| {
            let kind = u32_of(fields[2]).and_then(|k| SpanKind::ALL.get(k as usize))?;
            let (start_ns, end_ns) = (ns_of(fields[3])?, ns_of(fields[4])?);
            (start_ns <= end_ns).then_some(Span {
                worker: u32_of(fields[0])?,
                task: u32_of(fields[1])?,
                kind: *kind,
                start_ns,
                end_ns,
                line: u32_of(fields[5])?,
            })
        })();
        match span {
            Some(span) => out.push(span),
            None => {
                out.truncate(before);
                return Err(format!("span {at} of the chunk is malformed: {fields:?}"));
            }
        }
    }
    Ok(())
}

/// A variant without its spans: what the `variant` message carries.
pub fn without_spans(variant: &VariantReport) -> VariantReport {
    VariantReport {
        id: variant.id.clone(),
        label: variant.label.clone(),
        tasks: variant.tasks,
        start_ns: variant.start_ns,
        wall_ns: variant.wall_ns,
        value: variant.value,
        spans: Vec::new(),
        task_records: variant.task_records.clone(),
        task_labels: variant.task_labels.clone(),
        trials: variant.trials,
        baseline: variant.baseline.clone(),
        walls_ns: variant.walls_ns.clone(),
    }
}

/// The report with every variant's spans left out: what the `result` message carries,
/// the page having had the spans with each variant.
pub fn lean_report(mut report: RunReport) -> RunReport {
    for variant in &mut report.variants {
        variant.spans = Vec::new();
    }
    report
}

/// Puts back into a [`lean_report`] the spans the page received with each variant
/// (`received(index)`); a variant that kept its spans, or whose spans did not come,
/// stays as it is.
pub fn restore_spans(report: &mut RunReport, mut received: impl FnMut(usize) -> Option<Vec<Span>>) {
    for (index, variant) in report.variants.iter_mut().enumerate() {
        if variant.spans.is_empty()
            && let Some(spans) = received(index)
        {
            variant.spans = spans;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(count: u32) -> Vec<Span> {
        (0..count)
            .map(|i| Span {
                worker: i % 3,
                task: i * 7,
                kind: SpanKind::ALL[i as usize % SpanKind::ALL.len()],
                start_ns: u64::from(i) * 1_000 + 1_700_000_000_000,
                end_ns: u64::from(i) * 1_000 + 1_700_000_000_500,
                line: i % 5,
            })
            .collect()
    }

    #[test]
    fn chunks_round_trip_every_span_and_kind() {
        let all = spans(CHUNK_SPANS as u32 * 2 + 3);
        let chunks: Vec<Vec<f64>> = chunks(&all).collect();
        assert_eq!(chunks.len(), 3);
        assert!(chunks.iter().all(|c| c.len() <= CHUNK_SPANS * FIELDS));
        let mut back = Vec::new();
        for chunk in &chunks {
            decode_into(chunk, &mut back).unwrap();
        }
        assert_eq!(back, all);
    }

    #[test]
    fn malformed_chunks_are_refused_whole() {
        let mut out = spans(2);
        for bad in [
            vec![0.0; 5],
            vec![0.0, 0.0, 7.0, 0.0, 1.0, 0.0],
            vec![0.0, 0.0, 0.0, 5.0, 1.0, 0.0],
            vec![-1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
            vec![0.5, 0.0, 0.0, 0.0, 1.0, 0.0],
            vec![0.0, 0.0, 0.0, 0.0, 1.0, -3.0],
            vec![0.0, 0.0, 0.0, 0.0, f64::NAN, 0.0],
            vec![0.0, 0.0, 0.0, 0.0, 1e300, 0.0],
            vec![4_294_967_296.0, 0.0, 0.0, 0.0, 1.0, 0.0],
            vec![0.0, 0.0, 0.0, 0.0, EXACT * 2.0, 0.0],
            [encode(&spans(3)), vec![0.0, 0.0, 99.0, 0.0, 1.0, 0.0]].concat(),
        ] {
            assert!(decode_into(&bad, &mut out).is_err(), "{bad:?}");
            assert_eq!(out, spans(2), "nothing of a refused chunk is kept");
        }
    }

    #[test]
    fn a_lean_report_gets_its_spans_back() {
        let variant = VariantReport {
            id: "a".into(),
            spans: spans(5),
            ..VariantReport::default()
        };
        let report = RunReport {
            request: crate::RunRequest::new(crate::ExperimentId::Sum, 2, 2),
            workers: 2,
            backend: crate::Backend::SharedMemory,
            free_cores: None,
            runtime_memory_bytes: None,
            variants: vec![variant.clone(), variant.clone()],
            expected_value: None,
            verdict: crate::Verdict::undecided(String::new()),
        };
        let mut lean = lean_report(report.clone());
        assert!(lean.variants.iter().all(|v| v.spans.is_empty()));
        assert_eq!(without_spans(&variant), lean.variants[0]);
        restore_spans(&mut lean, |_| Some(spans(5)));
        assert_eq!(lean, report);
    }
}
