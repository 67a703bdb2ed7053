//! The timeline's spans as a table: the canvas's accessible twin.

use std::fmt::Write;
use std::rc::Rc;

use interleave_engine::RunReport;
use interleave_engine::analysis::format_duration_ns;
use yew::prelude::*;

/// The most rows the table shows; larger runs are summarised in the trace download.
const MAX_ROWS: usize = 2_000;

/// Props of [`SpanTable`].
#[derive(Properties)]
pub struct SpanTableProps {
    /// The run whose spans to list.
    pub report: Rc<RunReport>,
}

impl PartialEq for SpanTableProps {
    /// The same run, by address: comparing reports would compare every span.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

/// Every span of the run, for screen readers and for anyone who wants the numbers.
///
/// The table is written as HTML in one go rather than built node by node: two thousand
/// rows cost the page's main thread a few milliseconds that way, instead of most of a
/// hundred.
#[function_component]
pub fn SpanTable(props: &SpanTableProps) -> Html {
    let report = &props.report;
    let total: usize = report.variants.iter().map(|v| v.spans.len()).sum();
    // Keyed by address: comparing reports would compare every span.
    let table = {
        let report = report.clone();
        use_memo(Rc::as_ptr(&report) as usize, move |_| {
            Html::from_html_unchecked(table_html(&report).into())
        })
    };
    html! {
        <details class="span-table">
            <summary>{ format!("Spans as a table ({total})") }</summary>
            if total > MAX_ROWS {
                <p class="help">{ format!("Showing the first {MAX_ROWS}; the trace download has all {total}.") }</p>
            }
            { (*table).clone() }
        </details>
    }
}

/// The table of the first [`MAX_ROWS`] spans of `report`, as HTML.
fn table_html(report: &RunReport) -> String {
    let mut html = String::with_capacity(256 + MAX_ROWS * 200);
    html.push_str(
        "<table id=\"spans\"><thead><tr>\
         <th scope=\"col\">Variant</th><th scope=\"col\">Worker</th><th scope=\"col\">Task</th>\
         <th scope=\"col\">Start (from variant start)</th><th scope=\"col\">Duration</th>\
         </tr></thead><tbody>",
    );
    let rows = report
        .variants
        .iter()
        .flat_map(|v| v.spans.iter().map(move |s| (v, s)))
        .take(MAX_ROWS);
    for (variant, span) in rows {
        let id = escape(&variant.id);
        let _ = write!(
            html,
            "<tr data-variant=\"{id}\" data-worker=\"{}\" data-task=\"{}\" data-start-ns=\"{}\" \
             data-end-ns=\"{}\"><td>{id}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            span.worker,
            span.task,
            span.start_ns,
            span.end_ns,
            span.worker,
            span.task,
            escape(&format_duration_ns(
                span.start_ns.saturating_sub(variant.start_ns)
            )),
            escape(&format_duration_ns(span.duration_ns())),
        );
    }
    html.push_str("</tbody></table>");
    html
}

/// `text` safe inside an HTML element or a quoted attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run of one variant with three spans.
    fn test_report() -> RunReport {
        serde_json::from_value(serde_json::json!({
            "request": { "experiment": "sum", "workers": 2, "cores": 2 },
            "workers": 2,
            "variants": [{
                "id": "demo", "label": "Demo", "tasks": 3, "start_ns": 1_000,
                "wall_ns": 2_000, "value": 0,
                "spans": [
                    { "worker": 0, "task": 0, "kind": "compute", "start_ns": 1_000, "end_ns": 1_500 },
                    { "worker": 1, "task": 1, "kind": "compute", "start_ns": 1_100, "end_ns": 2_900 },
                    { "worker": 0, "task": 2, "kind": "parked_wait", "start_ns": 1_600, "end_ns": 3_000 },
                ],
            }],
            "expected_value": null,
            "verdict": { "judgement": "undecided", "text": "" },
        }))
        .expect("a valid report")
    }

    #[test]
    fn rows_carry_the_spans_numbers_and_escape_the_text() {
        let mut report = test_report();
        report.variants[0].id = "a<b>&\"c\"".into();
        let html = table_html(&report);
        let spans = &report.variants[0].spans;
        assert_eq!(html.matches("<tr data-variant").count(), spans.len());
        assert!(html.contains("data-variant=\"a&lt;b&gt;&amp;&quot;c&quot;\""));
        assert!(!html.contains("a<b>"));
        let first = spans[0];
        assert!(html.contains(&format!(
            "data-worker=\"{}\" data-task=\"{}\" data-start-ns=\"{}\" data-end-ns=\"{}\"",
            first.worker, first.task, first.start_ns, first.end_ns
        )));
        assert!(html.starts_with("<table id=\"spans\">") && html.ends_with("</table>"));
    }

    #[test]
    fn at_most_max_rows_are_listed() {
        let mut report = test_report();
        let span = report.variants[0].spans[0];
        report.variants[0].spans = vec![span; MAX_ROWS + 5];
        assert_eq!(
            table_html(&report).matches("<tr data-variant").count(),
            MAX_ROWS
        );
    }
}
