//! Drawing a run on a canvas: variant blocks of worker lanes over one time axis.

use interleave_engine::analysis::{format_duration_ns, utilisation};
use interleave_engine::{RunReport, VariantReport};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Width of the lane labels on the left, in CSS pixels.
const GUTTER: f64 = 104.0;
const RIGHT_PAD: f64 = 18.0;
const HEADER_H: f64 = 22.0;
const LANE_H: f64 = 18.0;
const LANE_GAP: f64 = 4.0;
const BLOCK_GAP: f64 = 14.0;
const AXIS_H: f64 = 28.0;

/// Task colours (Tableau 10), distinct in light and dark themes; task i takes i mod 10.
const TASK_COLOURS: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// The colour of a task's spans.
pub fn task_colour(task: u32) -> &'static str {
    TASK_COLOURS[task as usize % TASK_COLOURS.len()]
}

/// The theme's colours, read from CSS custom properties on the canvas.
struct Theme {
    text: String,
    muted: String,
    lane: String,
    grid: String,
}

impl Theme {
    fn read(canvas: &HtmlCanvasElement) -> Self {
        let style = web_sys::window().and_then(|w| w.get_computed_style(canvas).ok().flatten());
        let get = |name: &str, fallback: &str| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.to_owned())
        };
        Self {
            text: get("--fg", "#1d1d1f"),
            muted: get("--muted", "#6b6b70"),
            lane: get("--lane", "rgba(127,127,127,0.12)"),
            grid: get("--grid", "rgba(127,127,127,0.25)"),
        }
    }
}

/// A tick step of 1, 2 or 5 times a power of ten, near `raw`.
fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    let residual = raw / magnitude;
    let nice = if residual <= 1.0 {
        1.0
    } else if residual <= 2.0 {
        2.0
    } else if residual <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// The unit for axis labels spanning `max_ns`, as (nanoseconds per unit, name).
fn axis_unit(max_ns: f64) -> (f64, &'static str) {
    if max_ns < 1e3 {
        (1.0, "ns")
    } else if max_ns < 1e6 {
        (1e3, "µs")
    } else if max_ns < 1e9 {
        (1e6, "ms")
    } else {
        (1e9, "s")
    }
}

fn block_height(workers: u32) -> f64 {
    HEADER_H + f64::from(workers) * (LANE_H + LANE_GAP)
}

/// Draws `report` on `canvas` at `css_width` CSS pixels wide, sharp at any pixel ratio.
pub fn draw(canvas: &HtmlCanvasElement, report: &RunReport, css_width: f64) {
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let theme = Theme::read(canvas);
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let blocks = report.variants.len() as f64;
    let css_height =
        4.0 + blocks * block_height(report.workers) + (blocks - 1.0).max(0.0) * BLOCK_GAP + AXIS_H;
    canvas.set_width((css_width * ratio) as u32);
    canvas.set_height((css_height * ratio) as u32);
    let style = canvas.style();
    let _ = style.set_property("width", &format!("{css_width}px"));
    let _ = style.set_property("height", &format!("{css_height}px"));
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, css_width, css_height);
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_baseline("middle");

    let max_ns = report
        .variants
        .iter()
        .map(|v| v.wall_ns)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let plot_w = (css_width - GUTTER - RIGHT_PAD).max(10.0);
    let x_of = |ns: f64| GUTTER + ns / max_ns * plot_w;

    // Ticks first, as a grid behind the lanes.
    let (unit_ns, unit) = axis_unit(max_ns);
    let step = nice_step(max_ns / (plot_w / 90.0).max(1.0));
    let axis_y = css_height - AXIS_H;
    ctx.set_stroke_style_str(&theme.grid);
    ctx.set_line_width(1.0);
    let mut tick = 0.0;
    while tick <= max_ns * 1.0001 {
        let x = x_of(tick).round() + 0.5;
        ctx.begin_path();
        ctx.move_to(x, 4.0);
        ctx.line_to(x, axis_y + 4.0);
        ctx.stroke();
        ctx.set_fill_style_str(&theme.muted);
        ctx.set_text_align("center");
        let value = tick / unit_ns;
        let text = if value.fract().abs() < 1e-9 {
            format!("{value:.0} {unit}")
        } else {
            format!("{} {unit}", trim_zeros(&format!("{value:.3}")))
        };
        let _ = ctx.fill_text(&text, x, axis_y + 14.0);
        tick += step;
    }

    let mut top = 4.0;
    for variant in &report.variants {
        draw_variant(
            &ctx,
            &theme,
            variant,
            report.workers,
            top,
            &x_of,
            plot_w / max_ns,
        );
        top += block_height(report.workers) + BLOCK_GAP;
    }
}

fn trim_zeros(text: &str) -> &str {
    text.trim_end_matches('0').trim_end_matches('.')
}

/// One variant: a header line, then one lane per worker with its spans.
fn draw_variant(
    ctx: &CanvasRenderingContext2d,
    theme: &Theme,
    variant: &VariantReport,
    workers: u32,
    top: f64,
    x_of: &dyn Fn(f64) -> f64,
    px_per_ns: f64,
) {
    ctx.set_text_align("left");
    ctx.set_fill_style_str(&theme.text);
    ctx.set_font("600 12px system-ui, sans-serif");
    let _ = ctx.fill_text(
        &format!(
            "{} · {}",
            variant.label,
            format_duration_ns(variant.wall_ns)
        ),
        4.0,
        top + HEADER_H / 2.0,
    );
    ctx.set_font("12px system-ui, sans-serif");
    let busy = utilisation(&variant.spans, workers, variant.wall_ns);
    for worker in 0..workers {
        let y = top + HEADER_H + f64::from(worker) * (LANE_H + LANE_GAP);
        ctx.set_fill_style_str(&theme.lane);
        ctx.fill_rect(
            x_of(0.0),
            y,
            x_of(variant.wall_ns as f64) - x_of(0.0),
            LANE_H,
        );
        ctx.set_fill_style_str(&theme.muted);
        let _ = ctx.fill_text(
            &format!("worker {worker} {:>3.0}%", busy[worker as usize] * 100.0),
            4.0,
            y + LANE_H / 2.0,
        );
    }
    // Worker lanes show what kept each worker busy; parked waits belong to their task.
    for span in variant.spans.iter().filter(|s| s.kind.occupies_worker()) {
        let y = top + HEADER_H + f64::from(span.worker) * (LANE_H + LANE_GAP);
        let x = x_of((span.start_ns - variant.start_ns) as f64);
        // At least one pixel, so even the shortest span is visible.
        let w = (span.duration_ns() as f64 * px_per_ns).max(1.0);
        ctx.set_fill_style_str(task_colour(span.task));
        ctx.fill_rect(x, y, w, LANE_H);
        if w > 3.0 {
            // A hairline at each span's start shows where turns change hands.
            ctx.set_fill_style_str(&theme.lane);
            ctx.fill_rect(x, y, 1.0, LANE_H);
        }
        if w > 46.0 {
            ctx.set_fill_style_str("#ffffff");
            let _ = ctx.fill_text(&format!("task {}", span.task), x + 5.0, y + LANE_H / 2.0);
        }
    }
}
