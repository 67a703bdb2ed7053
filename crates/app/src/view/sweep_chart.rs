//! The sweep's two charts on a canvas: speedup and efficiency against worker count.
//!
//! Drawn with the canvas 2D API rather than a charting library: plotters measures text
//! through DOM elements with inline styles, which the page's Content-Security-Policy
//! forbids, and it added about 50 KB (gzip) to the UI for two small charts.

use interleave_engine::analysis::nice_step;
use interleave_engine::stats::SweepPoint;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Which quantity a chart plots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Speedup over 1 worker, with the ideal line and the fitted Amdahl curve.
    Speedup,
    /// Speedup divided by the worker count.
    Efficiency,
}

const MEASURED: &str = "#2f6fde";
const FITTED: &str = "#e15759";
const IDEAL: &str = "#8a8a93";
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 40.0;

/// The theme's text colour, read from the page's CSS.
fn text_colour(canvas: &HtmlCanvasElement) -> String {
    web_sys::window()
        .and_then(|w| w.get_computed_style(canvas).ok().flatten())
        .and_then(|s| s.get_property_value("--fg").ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "#1d1d1f".into())
}

/// Draws one chart of `points` for worker counts 1..=`max_workers` on a machine with
/// `cores` cores, `css_width` CSS pixels wide; `fit` is the fitted serial fraction.
pub fn draw(
    canvas: &HtmlCanvasElement,
    quantity: Quantity,
    points: &[SweepPoint],
    fit: Option<f64>,
    (max_workers, cores): (u32, u32),
    css_width: f64,
) {
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let css_height = (css_width * 0.5).clamp(200.0, 320.0);
    canvas.set_width((css_width * ratio) as u32);
    canvas.set_height((css_height * ratio) as u32);
    let style = canvas.style();
    let _ = style.set_property("width", &format!("{css_width}px"));
    let _ = style.set_property("height", &format!("{css_height}px"));
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, css_width, css_height);
    let text = text_colour(canvas);

    let max_k = f64::from(max_workers.max(2));
    let value = |p: &SweepPoint, time_ns: f64| {
        let speedup = points.first().map_or(1.0, |b| b.summary.median_ns) / time_ns;
        match quantity {
            Quantity::Speedup => speedup,
            Quantity::Efficiency => speedup / f64::from(p.workers),
        }
    };
    let top_value = points
        .iter()
        .map(|p| value(p, p.summary.min_ns.max(1) as f64))
        .fold(
            match quantity {
                Quantity::Speedup => max_k,
                Quantity::Efficiency => 1.0,
            },
            f64::max,
        );
    let y_max = top_value * 1.08;
    let (plot_w, plot_h) = (css_width - LEFT - RIGHT, css_height - TOP - BOTTOM);
    let x_of = |k: f64| LEFT + (k - 0.5) / max_k * plot_w;
    let y_of = |v: f64| TOP + plot_h - v / y_max * plot_h;

    // Title, axes, ticks.
    ctx.set_font("600 13px system-ui, sans-serif");
    ctx.set_fill_style_str(&text);
    ctx.set_text_align("left");
    ctx.set_text_baseline("middle");
    let title = match quantity {
        Quantity::Speedup => "Speedup over 1 worker",
        Quantity::Efficiency => "Parallel efficiency: speedup ÷ workers",
    };
    let _ = ctx.fill_text(title, LEFT, 12.0);
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_stroke_style_str("rgba(127,127,127,0.3)");
    ctx.set_line_width(1.0);
    let step = nice_step(y_max / 5.0);
    let mut tick = 0.0;
    ctx.set_text_align("right");
    while tick <= y_max {
        let y = y_of(tick).round() + 0.5;
        line(&ctx, (LEFT, y), (LEFT + plot_w, y));
        let label = match quantity {
            Quantity::Speedup => format!("{tick:.1}×"),
            Quantity::Efficiency => format!("{:.0} %", tick * 100.0),
        };
        let _ = ctx.fill_text(&label, LEFT - 6.0, y);
        tick += step;
    }
    ctx.set_text_align("center");
    for k in 1..=max_workers {
        let x = x_of(f64::from(k));
        let _ = ctx.fill_text(&k.to_string(), x, TOP + plot_h + 12.0);
    }
    let _ = ctx.fill_text("workers", LEFT + plot_w / 2.0, TOP + plot_h + 28.0);

    // Where the workers start to share cores.
    if cores < max_workers {
        let x = x_of(f64::from(cores) + 0.5);
        ctx.set_stroke_style_str(IDEAL);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&4.0.into(), &4.0.into()));
        line(&ctx, (x, TOP), (x, TOP + plot_h));
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        ctx.set_fill_style_str(IDEAL);
        ctx.set_text_align("left");
        let _ = ctx.fill_text("more workers than cores →", x + 4.0, TOP + 8.0);
    }

    // The ideal, and the fitted Amdahl curve on the speedup chart.
    let curve = |f: &dyn Fn(f64) -> f64, colour: &str| {
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(2.0);
        ctx.begin_path();
        for i in 0..=100 {
            let k = 1.0 + (max_k - 1.0) * f64::from(i) / 100.0;
            let (x, y) = (x_of(k), y_of(f(k)));
            if i == 0 {
                ctx.move_to(x, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        ctx.stroke();
    };
    let usable = |k: f64| k.min(f64::from(cores.max(1)));
    let mut legend = vec![];
    match quantity {
        Quantity::Speedup => {
            curve(&|k| k, IDEAL);
            legend.push((IDEAL, "ideal: k workers, k× faster".to_owned()));
            if let Some(s) = fit {
                curve(&|k| 1.0 / (s + (1.0 - s) / usable(k)), FITTED);
                legend.push((FITTED, format!("Amdahl, fitted s = {:.0} %", s * 100.0)));
            }
        }
        Quantity::Efficiency => {
            curve(&|_| 1.0, IDEAL);
            legend.push((IDEAL, "ideal: 100 %".to_owned()));
        }
    }

    // Measured medians as dots, the range of the runs as whiskers.
    ctx.set_stroke_style_str(MEASURED);
    ctx.set_fill_style_str(MEASURED);
    for p in points {
        let x = x_of(f64::from(p.workers));
        line(
            &ctx,
            (x, y_of(value(p, p.summary.max_ns.max(1) as f64))),
            (x, y_of(value(p, p.summary.min_ns.max(1) as f64))),
        );
        ctx.begin_path();
        let _ = ctx.arc(
            x,
            y_of(value(p, p.summary.median_ns)),
            4.0,
            0.0,
            std::f64::consts::TAU,
        );
        ctx.fill();
    }
    legend.push((
        MEASURED,
        "measured: median, whisker from min to max".to_owned(),
    ));

    // The legend inside the plot, where the data is not: top left for speedup (which
    // rises to the right), bottom left for efficiency (which starts at the top).
    ctx.set_text_align("left");
    for (i, (colour, label)) in legend.iter().enumerate() {
        let y = match quantity {
            Quantity::Speedup => TOP + 10.0 + 16.0 * i as f64,
            Quantity::Efficiency => TOP + plot_h - 10.0 - 16.0 * (legend.len() - 1 - i) as f64,
        };
        ctx.set_fill_style_str(colour);
        ctx.fill_rect(LEFT + 10.0, y - 2.0, 14.0, 4.0);
        ctx.set_fill_style_str(&text);
        let _ = ctx.fill_text(label, LEFT + 30.0, y);
    }
}

fn line(ctx: &CanvasRenderingContext2d, from: (f64, f64), to: (f64, f64)) {
    ctx.begin_path();
    ctx.move_to(from.0, from.1);
    ctx.line_to(to.0, to.1);
    ctx.stroke();
}
