//! Painting a [`Scene`] on the canvas: axis and grid, block headings, lanes, bars (in
//! batches of one style, so the number of canvas calls stays small), hover, selection.
//!
//! The decisions (where, which bars, which ticks) are made by the pure modules; this one
//! only turns them into canvas calls.

use std::collections::BTreeMap;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasPattern, CanvasRenderingContext2d, HtmlCanvasElement};

use super::axis::ticks;
use super::hit::Picked;
use super::kinds::Look;
use super::lanes::Lanes;
use super::layout::Layout;
use super::lod::{Bar, Columns, bars};
use super::viewport::Viewport;

/// Task colours (Tableau 10), distinct in light and dark themes; task i takes i mod 10.
const TASK_COLOURS: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];
/// The label colour that reads on each task colour.
const TEXT_ON: [&str; 10] = [
    "#ffffff", "#1d1d1f", "#ffffff", "#ffffff", "#1d1d1f", "#1d1d1f", "#ffffff", "#1d1d1f",
    "#ffffff", "#1d1d1f",
];
/// Opacity of the spans of other tasks while one task is highlighted.
const DIMMED: f64 = 0.22;
/// Bars at least this wide get a "task N" label.
const LABEL_MIN_PX: f64 = 46.0;

/// Everything one frame shows.
pub struct Scene<'a> {
    /// The run's lanes.
    pub lanes: &'a Lanes,
    /// Where things go.
    pub layout: &'a Layout,
    /// The visible range.
    pub view: Viewport,
    /// The span under the pointer, outlined.
    pub hover: Option<&'a Picked>,
    /// The task whose spans stand out (the others are dimmed).
    pub highlight: Option<u32>,
    /// A selected range of time, shaded.
    pub selection: Option<(f64, f64)>,
}

/// The theme's colours, read from CSS custom properties on the canvas.
struct Theme {
    text: String,
    muted: String,
    lane: String,
    grid: String,
    card: String,
    accent: String,
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
            card: get("--card", "#ffffff"),
            accent: get("--accent", "#2f6fde"),
        }
    }
}

/// Rectangles that share one style, painted with one path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Style {
    look: Look,
    colour: usize,
    /// Opacity in eighths.
    alpha: u8,
}

/// The canvas and what painting it keeps between frames.
pub struct Painter {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// The stripes of blocking waits, made for one background colour.
    hatch: Option<(String, CanvasPattern)>,
    bars: Vec<Bar>,
}

impl Painter {
    /// A painter for `canvas`, if it has a 2D context.
    pub fn new(canvas: HtmlCanvasElement) -> Option<Self> {
        let ctx = canvas
            .get_context("2d")
            .ok()
            .flatten()?
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        Some(Self {
            canvas,
            ctx,
            hatch: None,
            bars: Vec::new(),
        })
    }

    /// The canvas painted on.
    pub fn canvas(&self) -> &HtmlCanvasElement {
        &self.canvas
    }

    /// Paints `scene` at `ratio` device pixels per CSS pixel.
    pub fn paint(&mut self, scene: &Scene, ratio: f64) {
        let layout = scene.layout;
        self.fit_canvas(layout, ratio);
        let theme = Theme::read(&self.canvas);
        let ctx = &self.ctx;
        let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, layout.width, layout.height);
        ctx.set_global_alpha(1.0);
        ctx.set_text_baseline("middle");
        self.paint_axis(scene, &theme);
        for b in 0..scene.lanes.blocks.len() {
            self.paint_block_frame(scene, &theme, b);
        }
        self.paint_lifetimes(scene);
        self.paint_bars(scene, &theme, ratio);
        self.paint_selection(scene, &theme);
        self.paint_hover(scene, &theme);
    }

    /// Sizes the canvas's pixels for `layout` at `ratio`, only when they changed (a new
    /// size clears the canvas and costs an allocation).
    fn fit_canvas(&self, layout: &Layout, ratio: f64) {
        let (w, h) = (
            (layout.width * ratio).round() as u32,
            (layout.height * ratio).round() as u32,
        );
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
            let style = self.canvas.style();
            let _ = style.set_property("width", &format!("{}px", layout.width));
            let _ = style.set_property("height", &format!("{}px", layout.height));
        }
    }

    /// Tick lines behind the lanes and their labels under the last block.
    fn paint_axis(&self, scene: &Scene, theme: &Theme) {
        let (ctx, layout, view) = (&self.ctx, scene.layout, &scene.view);
        let scale = view.scale(layout.plot);
        let min_gap = if layout.compact { 72.0 } else { 96.0 };
        let ticks = ticks(view.start_ns, view.end_ns, layout.plot.width, min_gap);
        let (top, bottom) = layout.lanes_span();
        ctx.set_stroke_style_str(&theme.grid);
        ctx.set_line_width(1.0);
        ctx.begin_path();
        for tick in &ticks {
            let x = scale.x(tick.ns).round() + 0.5;
            ctx.move_to(x, top);
            ctx.line_to(x, bottom + 4.0);
        }
        ctx.stroke();
        ctx.set_font("11px system-ui, sans-serif");
        ctx.set_fill_style_str(&theme.muted);
        ctx.set_text_align("center");
        for tick in &ticks {
            let half = self
                .ctx
                .measure_text(&tick.label)
                .map_or(20.0, |m| m.width() / 2.0);
            let x = scale
                .x(tick.ns)
                .clamp(half + 1.0, layout.width - half - 1.0);
            let _ = ctx.fill_text(&tick.label, x, layout.axis_top + 12.0);
        }
    }

    /// A block's heading, its lanes' backgrounds up to the variant's end, and the lane
    /// labels with their utilisation.
    fn paint_block_frame(&self, scene: &Scene, theme: &Theme, b: usize) {
        let (ctx, layout) = (&self.ctx, scene.layout);
        let block = &scene.lanes.blocks[b];
        let place = &layout.blocks[b];
        ctx.set_text_align("left");
        ctx.set_fill_style_str(&theme.text);
        ctx.set_font("600 12px system-ui, sans-serif");
        let _ = ctx.fill_text(
            &self.fitted(&block.title, layout.width - 8.0),
            4.0,
            place.top + layout.header_height / 2.0,
        );
        let scale = scene.view.scale(layout.plot);
        let right = layout.plot.left + layout.plot.width;
        let x0 = scale.x(0.0).max(layout.plot.left);
        let x1 = scale.x(block.length_ns).min(right);
        ctx.set_fill_style_str(&theme.lane);
        if x1 > x0 {
            for &top in &place.lanes {
                ctx.fill_rect(x0, top, x1 - x0, layout.lane_height);
            }
        }
        if layout.lane_height < 9.0 {
            return;
        }
        let font_px = layout.lane_height.clamp(9.0, 12.0);
        ctx.set_font(&format!("{font_px}px system-ui, sans-serif"));
        ctx.set_fill_style_str(&theme.muted);
        for (lane, &top) in block.lanes.iter().zip(&place.lanes) {
            let name = if layout.compact {
                &lane.short_label
            } else {
                &lane.label
            };
            let text = match lane.busy {
                Some(busy) => format!("{name} {:>3.0}%", busy * 100.0),
                None => name.clone(),
            };
            let _ = ctx.fill_text(
                &self.fitted(&text, layout.plot.left - 8.0),
                4.0,
                top + layout.lane_height / 2.0,
            );
        }
    }

    /// `text`, cut short with an ellipsis if it is wider than `max_width` in the current
    /// font.
    fn fitted(&self, text: &str, max_width: f64) -> String {
        let width = |t: &str| self.ctx.measure_text(t).map_or(0.0, |m| m.width());
        if width(text) <= max_width {
            return text.to_owned();
        }
        let chars: Vec<char> = text.chars().collect();
        // The longest prefix that fits with its ellipsis, by bisection.
        let (mut fits, mut too_long) = (0, chars.len());
        while too_long - fits > 1 {
            let mid = (fits + too_long) / 2;
            let candidate: String = chars[..mid].iter().chain(['…'].iter()).collect();
            if width(&candidate) <= max_width {
                fits = mid;
            } else {
                too_long = mid;
            }
        }
        let kept: String = chars[..fits].iter().collect();
        format!("{}…", kept.trim_end())
    }

    /// A thin line through each task lane from the task's creation to its end: where no
    /// bar covers it, the task was runnable, waiting for a worker.
    fn paint_lifetimes(&self, scene: &Scene) {
        let (ctx, layout) = (&self.ctx, scene.layout);
        let right = layout.plot.left + layout.plot.width;
        let scale = scene.view.scale(layout.plot);
        for (block, place) in scene.lanes.blocks.iter().zip(&layout.blocks) {
            let lane_scale = scale.for_origin(block.origin_ns);
            for (lane, &top) in block.lanes.iter().zip(&place.lanes) {
                let Some(life) = lane.lifetime else {
                    continue;
                };
                let x0 = lane_scale.x(life.created_ns as f64).max(layout.plot.left);
                let x1 = lane_scale.x(life.finished_ns as f64).min(right);
                if x1 <= x0 {
                    continue;
                }
                let dim = scene.highlight.is_some_and(|t| t != life.task);
                ctx.set_global_alpha(if dim { DIMMED } else { 1.0 });
                ctx.set_fill_style_str(TASK_COLOURS[life.task as usize % TASK_COLOURS.len()]);
                let thickness = (layout.lane_height / 6.0).clamp(1.0, 2.0);
                ctx.fill_rect(
                    x0,
                    top + (layout.lane_height - thickness) / 2.0,
                    x1 - x0,
                    thickness,
                );
            }
        }
        ctx.set_global_alpha(1.0);
    }

    /// Every lane's visible spans, through the level-of-detail pass, in style batches;
    /// then the hairlines at span starts and the task labels of wide bars.
    fn paint_bars(&mut self, scene: &Scene, theme: &Theme, ratio: f64) {
        let layout = scene.layout;
        let columns = Columns {
            left: layout.plot.left,
            right: layout.plot.left + layout.plot.width,
            width: 1.0 / ratio,
        };
        let scale = scene.view.scale(layout.plot);
        let mut batches: BTreeMap<Style, Vec<[f64; 4]>> = BTreeMap::new();
        let mut starts: Vec<[f64; 4]> = Vec::new();
        let mut labels: Vec<(f64, Bar, usize)> = Vec::new();
        let height = layout.lane_height;
        for (b, block) in scene.lanes.blocks.iter().enumerate() {
            let lane_scale = scale.for_origin(block.origin_ns);
            let (from, to) = (lane_scale.ns(columns.left), lane_scale.ns(columns.right));
            for (l, lane) in block.lanes.iter().enumerate() {
                let spans = block.spans(l);
                let visible = lane.visible(spans, from, to);
                self.bars.clear();
                bars(
                    &spans[visible],
                    &lane_scale,
                    &columns,
                    &scene.lanes.kinds,
                    &mut self.bars,
                );
                let top = layout.blocks[b].lanes[l];
                for bar in &self.bars {
                    let dim = scene.highlight.is_some_and(|t| t != bar.task);
                    let mut alpha = bar.alpha * if dim { DIMMED } else { 1.0 };
                    if !bar.single && !bar.look.is_work() {
                        alpha *= 0.5;
                    }
                    let style = Style {
                        look: if bar.single { bar.look } else { Look::Solid },
                        colour: bar.task as usize % TASK_COLOURS.len(),
                        alpha: (alpha * 8.0).round().clamp(1.0, 8.0) as u8,
                    };
                    batches
                        .entry(style)
                        .or_default()
                        .push([bar.x, top, bar.width, height]);
                    if bar.single && bar.starts_here && bar.width > 3.0 {
                        starts.push([bar.x, top, 1.0, height]);
                    }
                    if bar.single && bar.width >= LABEL_MIN_PX && !dim && height >= 12.0 {
                        labels.push((top, *bar, b));
                    }
                }
            }
        }
        for (style, rects) in &batches {
            self.fill_batch(style, rects, theme);
        }
        let ctx = &self.ctx;
        ctx.set_global_alpha(0.85);
        ctx.set_fill_style_str(&theme.card);
        fill_rects(ctx, &starts);
        ctx.set_global_alpha(1.0);
        ctx.set_font("11px system-ui, sans-serif");
        ctx.set_text_align("left");
        for (top, bar, block) in labels {
            // On a solid bar, the colour that reads on it; on a wait, the page's text.
            ctx.set_fill_style_str(if bar.look.is_work() {
                TEXT_ON[bar.task as usize % TEXT_ON.len()]
            } else {
                &theme.text
            });
            let _ = ctx.fill_text_with_max_width(
                &scene.lanes.blocks[block].bar_text(bar.task),
                bar.x + 5.0,
                top + height / 2.0,
                bar.width - 8.0,
            );
        }
    }

    /// Paints rectangles of one style.
    fn fill_batch(&mut self, style: &Style, rects: &[[f64; 4]], theme: &Theme) {
        let colour = TASK_COLOURS[style.colour];
        let alpha = f64::from(style.alpha) / 8.0;
        self.ctx.set_fill_style_str(colour);
        match style.look {
            Look::Solid => {
                self.ctx.set_global_alpha(alpha);
                fill_rects(&self.ctx, rects);
            }
            Look::Held => {
                self.ctx.set_global_alpha(alpha);
                fill_rects(&self.ctx, rects);
                self.ctx.set_fill_style_str(&theme.text);
                self.ctx.set_global_alpha(alpha * 0.6);
                let bands: Vec<[f64; 4]> = rects.iter().map(|r| [r[0], r[1], r[2], 3.0]).collect();
                fill_rects(&self.ctx, &bands);
            }
            Look::Hatched => {
                self.ctx.set_global_alpha(alpha);
                fill_rects(&self.ctx, rects);
                if let Some(pattern) = self.hatch(&theme.card) {
                    self.ctx.set_fill_style_canvas_pattern(&pattern);
                    fill_rects(&self.ctx, rects);
                }
            }
            Look::Faint => {
                self.ctx.set_global_alpha(alpha * 0.3);
                fill_rects(&self.ctx, rects);
            }
            Look::Outlined(stroke) => {
                self.ctx.set_global_alpha(alpha * 0.15);
                fill_rects(&self.ctx, rects);
                self.ctx.set_global_alpha(alpha);
                self.ctx.set_stroke_style_str(colour);
                self.ctx.set_line_width(1.5);
                let pattern: js_sys::Array =
                    stroke.pattern().iter().map(|&d| JsValue::from(d)).collect();
                let _ = self.ctx.set_line_dash(&pattern);
                self.ctx.begin_path();
                for r in rects {
                    self.ctx
                        .rect(r[0] + 0.75, r[1] + 0.75, (r[2] - 1.5).max(0.5), r[3] - 1.5);
                }
                self.ctx.stroke();
                let _ = self.ctx.set_line_dash(&js_sys::Array::new());
            }
        }
        self.ctx.set_global_alpha(1.0);
    }

    /// The diagonal stripes laid over blocking waits, in the card's colour so the task's
    /// colour shows between them; made once per background colour.
    fn hatch(&mut self, background: &str) -> Option<CanvasPattern> {
        if let Some((made_for, pattern)) = &self.hatch
            && made_for == background
        {
            return Some(pattern.clone());
        }
        let document = web_sys::window()?.document()?;
        let tile: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
        tile.set_width(6);
        tile.set_height(6);
        let ctx: CanvasRenderingContext2d = tile.get_context("2d").ok()??.dyn_into().ok()?;
        ctx.set_stroke_style_str(background);
        ctx.set_line_width(1.6);
        ctx.begin_path();
        ctx.move_to(-1.0, 7.0);
        ctx.line_to(7.0, -1.0);
        ctx.move_to(5.0, 7.0);
        ctx.line_to(7.0, 5.0);
        ctx.move_to(-1.0, 1.0);
        ctx.line_to(1.0, -1.0);
        ctx.stroke();
        let pattern = self
            .ctx
            .create_pattern_with_html_canvas_element(&tile, "repeat")
            .ok()??;
        self.hatch = Some((background.to_owned(), pattern.clone()));
        Some(pattern)
    }

    /// The selected range, shaded over every block, with its edges.
    fn paint_selection(&self, scene: &Scene, theme: &Theme) {
        let Some((a, b)) = scene.selection else {
            return;
        };
        let (ctx, layout) = (&self.ctx, scene.layout);
        let scale = scene.view.scale(layout.plot);
        let right = layout.plot.left + layout.plot.width;
        let x0 = scale.x(a.min(b)).clamp(layout.plot.left, right);
        let x1 = scale.x(a.max(b)).clamp(layout.plot.left, right);
        let (top, bottom) = layout.lanes_span();
        ctx.set_fill_style_str(&theme.accent);
        ctx.set_global_alpha(0.14);
        ctx.fill_rect(x0, top, (x1 - x0).max(1.0), bottom - top);
        ctx.set_global_alpha(1.0);
        ctx.set_stroke_style_str(&theme.accent);
        ctx.set_line_width(1.0);
        ctx.begin_path();
        for x in [x0, x1] {
            ctx.move_to(x.round() + 0.5, top);
            ctx.line_to(x.round() + 0.5, bottom);
        }
        ctx.stroke();
    }

    /// An outline around the span under the pointer.
    fn paint_hover(&self, scene: &Scene, theme: &Theme) {
        let Some(picked) = scene.hover else {
            return;
        };
        let (ctx, layout) = (&self.ctx, scene.layout);
        let (Some(block), Some(place)) = (
            scene.lanes.blocks.get(picked.block),
            layout.blocks.get(picked.block),
        ) else {
            return;
        };
        let Some(&top) = place.lanes.get(picked.lane) else {
            return;
        };
        let scale = scene.view.scale(layout.plot).for_origin(block.origin_ns);
        let right = layout.plot.left + layout.plot.width;
        let x0 = scale
            .x(picked.span.start_ns as f64)
            .clamp(layout.plot.left, right);
        let x1 = scale
            .x(picked.span.end_ns as f64)
            .clamp(layout.plot.left, right);
        ctx.set_stroke_style_str(&theme.text);
        ctx.set_line_width(1.5);
        ctx.stroke_rect(
            x0 - 1.0,
            top - 1.0,
            (x1 - x0) + 2.0,
            layout.lane_height + 2.0,
        );
    }
}

/// Fills `rects` (x, y, width, height) with the current style, as one path.
fn fill_rects(ctx: &CanvasRenderingContext2d, rects: &[[f64; 4]]) {
    if rects.is_empty() {
        return;
    }
    ctx.begin_path();
    for r in rects {
        ctx.rect(r[0], r[1], r[2], r[3]);
    }
    ctx.fill();
}
