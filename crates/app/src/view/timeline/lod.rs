//! Level of detail: turning a lane's visible spans into bars to paint, with the number of
//! bars bounded by the lane's width in pixels rather than by its number of spans.
//!
//! A span at least a column wide becomes its own bar. Narrower spans that start in the
//! same column (one device pixel) are merged into one density bar, as opaque as the share
//! of the column they cover and in the colour of the widest of them, so a million spans
//! cost a few thousand rectangles and the picture still shows where work was dense.
//! Neighbouring density bars that would look the same are joined into one, so a lane
//! densely busy with one task is one rectangle, not one per pixel.

use interleave_engine::trace::Span;

use super::kinds::{Kinds, Look};
use super::viewport::Scale;

/// One rectangle to paint in a lane, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    /// Left edge, clipped to the plot.
    pub x: f64,
    /// Width, at least one column.
    pub width: f64,
    /// The task it shows (the widest one, for a density bar).
    pub task: u32,
    /// How it is drawn.
    pub look: Look,
    /// Opacity, 0 to 1: 1 for a span of its own; for a density bar, the share of its
    /// columns it covers, rounded up to a quarter (so even one tiny span shows, and
    /// neighbours of similar density join).
    pub alpha: f64,
    /// Whether the bar is one span of its own (rather than several merged).
    pub single: bool,
    /// Whether its left edge is the span's real start (not clipped by the plot's edge).
    pub starts_here: bool,
}

/// The opacities a density bar can have: 1/4, 2/4, 3/4 and 4/4.
const DENSITY_LEVELS: f64 = 4.0;

/// The horizontal area bars are clipped to and the width of a column, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Columns {
    /// Left edge of the plot.
    pub left: f64,
    /// Right edge of the plot.
    pub right: f64,
    /// Width of one column: one device pixel, `1 / devicePixelRatio`.
    pub width: f64,
}

/// A density bar being filled.
struct Pending {
    column: f64,
    covered: f64,
    widest: f64,
    task: u32,
    look: Look,
}

impl Pending {
    /// Appends the density bar, or widens the previous one if it is its twin and touches
    /// it.
    fn flush(&self, columns: &Columns, out: &mut Vec<Bar>) {
        let share = (self.covered / columns.width).min(1.0);
        // Rounded up, less a hair, so that a share of exactly a half stays a half.
        let alpha = (share * DENSITY_LEVELS - 1e-9).ceil().max(1.0) / DENSITY_LEVELS;
        let x = self.column * columns.width;
        if let Some(last) = out.last_mut()
            && !last.single
            && (last.task, last.look, last.alpha) == (self.task, self.look, alpha)
            && (last.x + last.width - x).abs() < 1e-6
        {
            last.width += columns.width;
            return;
        }
        out.push(Bar {
            x,
            width: columns.width,
            task: self.task,
            look: self.look,
            alpha,
            single: false,
            starts_here: true,
        });
    }
}

/// Appends to `out` the bars for `spans` (one lane's visible spans, sorted by start) drawn
/// with `scale`.
pub fn bars(spans: &[Span], scale: &Scale, columns: &Columns, kinds: &Kinds, out: &mut Vec<Bar>) {
    let mut pending: Option<Pending> = None;
    for span in spans {
        let x0 = scale.x(span.start_ns as f64);
        let x1 = scale.x(span.end_ns as f64);
        if x1 <= columns.left || x0 >= columns.right {
            continue;
        }
        let look = kinds.look(span.kind);
        if x1 - x0 >= columns.width {
            if let Some(p) = pending.take() {
                p.flush(columns, out);
            }
            let left = x0.max(columns.left);
            out.push(Bar {
                x: left,
                width: x1.min(columns.right) - left,
                task: span.task,
                look,
                alpha: 1.0,
                single: true,
                starts_here: x0 >= columns.left,
            });
            continue;
        }
        let column = (x0.max(columns.left) / columns.width).floor();
        let width = x1 - x0;
        match &mut pending {
            Some(p) if p.column == column => {
                p.covered += width;
                if width > p.widest {
                    (p.widest, p.task, p.look) = (width, span.task, look);
                }
            }
            _ => {
                if let Some(p) = pending.take() {
                    p.flush(columns, out);
                }
                pending = Some(Pending {
                    column,
                    covered: width,
                    widest: width,
                    task: span.task,
                    look,
                });
            }
        }
    }
    if let Some(p) = pending {
        p.flush(columns, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::timeline::lanes::tests::span;
    use crate::view::timeline::viewport::{Plot, Viewport};

    const COLUMNS: Columns = Columns {
        left: 0.0,
        right: 1000.0,
        width: 1.0,
    };

    fn draw(spans: &[Span], full_ns: f64) -> Vec<Bar> {
        let scale = Viewport::fit(full_ns).scale(Plot {
            left: 0.0,
            width: 1000.0,
        });
        let mut out = Vec::new();
        bars(spans, &scale, &COLUMNS, &Kinds::of(spans), &mut out);
        out
    }

    #[test]
    fn wide_spans_are_bars_of_their_own() {
        let out = draw(&[span(0, 1, 0, 100), span(0, 2, 100, 300)], 1000.0);
        assert_eq!(out.len(), 2);
        assert_eq!((out[1].x, out[1].width, out[1].task), (100.0, 200.0, 2));
        assert!(out.iter().all(|b| b.single && b.alpha == 1.0));
    }

    #[test]
    fn a_million_spans_make_at_most_one_bar_per_column() {
        // A million 1 ns spans with 1 ns gaps, over 2 ms drawn 1000 px wide.
        let spans: Vec<Span> = (0..1_000_000u64)
            .map(|i| span(0, (i % 7) as u32, 2 * i, 2 * i + 1))
            .collect();
        let out = draw(&spans, 2_000_000.0);
        assert!(out.len() <= 1000 && out.len() > 900, "{} bars", out.len());
        assert_eq!(out.iter().map(|b| b.width).sum::<f64>(), 1000.0);
        for bar in &out {
            assert!(!bar.single);
            // Half of each column is covered.
            assert_eq!(bar.alpha, 0.5);
        }
    }

    #[test]
    fn a_lane_dense_with_one_task_is_one_bar() {
        let spans: Vec<Span> = (0..100_000u64)
            .map(|i| span(0, 3, 10 * i, 10 * i + 9))
            .collect();
        let out = draw(&spans, 1_000_000.0);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].x, out[0].width, out[0].task), (0.0, 1000.0, 3));
    }

    #[test]
    fn spans_outside_the_plot_are_dropped_and_edges_clipped() {
        let scale = Viewport::fit(1000.0).zoom_at(500.0, 2.0).scale(Plot {
            left: 0.0,
            width: 1000.0,
        });
        let spans = [
            span(0, 0, 0, 100),
            span(0, 1, 200, 400),
            span(0, 2, 900, 950),
        ];
        let mut out = Vec::new();
        bars(&spans, &scale, &COLUMNS, &Kinds::of(&spans), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].x, out[0].width, out[0].starts_here),
            (0.0, 300.0, false)
        );
    }

    #[test]
    fn a_density_bar_takes_the_widest_spans_task() {
        let out = draw(
            &[span(0, 1, 0, 1), span(0, 2, 2, 8), span(0, 3, 8, 9)],
            10_000.0,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].task, 2);
    }
}
