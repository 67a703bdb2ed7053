//! Taking the timeline away: the current view as a PNG, every span as CSV.

use std::fmt::Write;

use interleave_engine::RunReport;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::kinds::Kinds;
use crate::view::download::download_blob;

/// The name of a download of `report` as `extension`, naming the backend it ran on:
/// "interleave-sum-2w-shared-memory.csv".
pub fn file_name(report: &RunReport, extension: &str) -> String {
    format!(
        "interleave-{}-{}w-{}.{extension}",
        report.request.experiment.slug(),
        report.workers,
        report.backend.slug()
    )
}

/// A CSV field, quoted when it needs to be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Every span of `report`, one row each, in the order of the page's table of spans:
/// variant, worker, task, kind, start_ns, end_ns, duration_ns (times since the run's
/// origin, as in the table's data attributes and the trace).
pub fn spans_csv(report: &RunReport) -> String {
    let rows: usize = report.variants.iter().map(|v| v.spans.len()).sum();
    let mut csv = String::with_capacity(64 + rows * 48);
    csv.push_str("variant,worker,task,kind,start_ns,end_ns,duration_ns,backend\n");
    let backend = report.backend.slug();
    for variant in &report.variants {
        let id = field(&variant.id);
        let kinds = Kinds::of(&variant.spans);
        for span in &variant.spans {
            let _ = writeln!(
                csv,
                "{id},{},{},{},{},{},{},{backend}",
                span.worker,
                span.task,
                kinds.get(span.kind).map_or("", |k| k.name.as_str()),
                span.start_ns,
                span.end_ns,
                span.duration_ns()
            );
        }
    }
    csv
}

/// Saves what `canvas` shows as a PNG named `filename`, on the page's card colour (the
/// canvas itself is transparent, which image viewers show black or chequered).
pub fn download_png(canvas: &HtmlCanvasElement, filename: &str) {
    let background = web_sys::window()
        .and_then(|w| w.get_computed_style(canvas).ok().flatten())
        .and_then(|s| s.get_property_value("--card").ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "#ffffff".into());
    if let Err(e) = png(canvas, &background, filename.to_owned()) {
        web_sys::console::error_2(&"Interleave: the PNG could not be made:".into(), &e);
    }
}

fn png(canvas: &HtmlCanvasElement, background: &str, filename: String) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let flat: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    flat.set_width(canvas.width());
    flat.set_height(canvas.height());
    let ctx: CanvasRenderingContext2d =
        flat.get_context("2d")?.ok_or("no 2D context")?.dyn_into()?;
    ctx.set_fill_style_str(background);
    ctx.fill_rect(0.0, 0.0, f64::from(flat.width()), f64::from(flat.height()));
    ctx.draw_image_with_html_canvas_element(canvas, 0.0, 0.0)?;
    let saved = Closure::once_into_js(move |blob: JsValue| {
        let result = blob
            .dyn_into::<web_sys::Blob>()
            .map_err(|_| JsValue::from("the canvas gave no image"))
            .and_then(|blob| download_blob(&blob, &filename));
        if let Err(e) = result {
            web_sys::console::error_2(&"Interleave: the PNG download failed:".into(), &e);
        }
    });
    flat.to_blob_with_type(saved.unchecked_ref(), "image/png")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::timeline::lanes::tests::{report, span};

    #[test]
    fn one_row_per_span_with_its_numbers() {
        let report = report(2, vec![span(1, 7, 1_000, 1_250), span(0, 3, 1_100, 1_200)]);
        let csv = spans_csv(&report);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines,
            [
                "variant,worker,task,kind,start_ns,end_ns,duration_ns,backend",
                "demo,0,3,compute,1100,1200,100,shared-memory",
                "demo,1,7,compute,1000,1250,250,shared-memory",
            ]
        );
        assert_eq!(
            file_name(&report, "csv"),
            "interleave-sum-2w-shared-memory.csv"
        );
    }

    #[test]
    fn fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("plain"), "plain");
    }
}
