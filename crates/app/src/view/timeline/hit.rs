//! What is under the pointer: the span at a point of the canvas, and how to describe it
//! in the tooltip.

use interleave_engine::analysis::format_duration_ns;
use interleave_engine::trace::Span;

use super::lanes::Lanes;
use super::layout::Layout;
use super::viewport::Viewport;

/// How far from a span (in CSS pixels) the pointer may be and still pick it, so that
/// hairline spans can be pointed at.
const TOLERANCE_PX: f64 = 3.0;

/// A span picked on the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Picked {
    /// Its block.
    pub block: usize,
    /// Its lane in the block.
    pub lane: usize,
    /// The span.
    pub span: Span,
}

/// The span drawn at (`x`, `y`), if any: among the spans of the lane at `y` within a few
/// pixels of `x`, the shortest one under the pointer, else the nearest.
pub fn span_at(lanes: &Lanes, layout: &Layout, view: &Viewport, x: f64, y: f64) -> Option<Picked> {
    if !layout.in_plot(x) {
        return None;
    }
    let (block, lane) = layout.lane_at(y)?;
    let b = lanes.blocks.get(block)?;
    let scale = view.scale(layout.plot).for_origin(b.origin_ns);
    let at = scale.ns(x);
    let tolerance = TOLERANCE_PX / scale.px_per_ns;
    let spans = b.spans(lane);
    let range = b.lanes[lane].visible(spans, at - tolerance, at + tolerance);
    let distance = |s: &Span| {
        let (start, end) = (s.start_ns as f64, s.end_ns as f64);
        if at < start {
            start - at
        } else if at > end {
            at - end
        } else {
            0.0
        }
    };
    spans[range]
        .iter()
        .filter(|s| distance(s) <= tolerance)
        .min_by(|a, b| {
            distance(a)
                .total_cmp(&distance(b))
                .then(a.duration_ns().cmp(&b.duration_ns()))
        })
        .map(|&span| Picked { block, lane, span })
}

/// The tooltip's lines for a picked span: task, worker and kind (and the line a wait
/// began at, where known); start (from its variant's start) and duration; the variant.
pub fn describe(lanes: &Lanes, picked: &Picked) -> Vec<String> {
    let block = &lanes.blocks[picked.block];
    let span = &picked.span;
    // A wait that says where it began (a Go program's line) says it.
    let at = if span.line > 0 {
        format!(" at line {}", span.line)
    } else {
        String::new()
    };
    vec![
        format!(
            "task {} · worker {} · {}{at}",
            span.task,
            span.worker,
            lanes.kinds.label(span.kind)
        ),
        format!(
            "start {} · duration {}",
            format_duration_ns(span.start_ns.saturating_sub(block.origin_ns)),
            format_duration_ns(span.duration_ns())
        ),
        block.id.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::timeline::lanes::tests::{report, span};

    fn setup() -> (Lanes, Layout, Viewport) {
        // Origin 1,000 ns; a long span, then a 1 ns one far away, on worker 0.
        let lanes = Lanes::workers(&report(
            2,
            vec![
                span(0, 4, 1_000, 6_000),
                span(0, 5, 9_000, 9_001),
                span(1, 6, 2_000, 3_000),
            ],
        ));
        let layout = Layout::new(&lanes.shape(), 1104.0);
        let view = Viewport::fit(lanes.full_ns);
        (lanes, layout, view)
    }

    #[test]
    fn picks_the_span_under_the_pointer() {
        let (lanes, layout, view) = setup();
        let lane_y = layout.blocks[0].lanes[0] + 5.0;
        let x = view.scale(layout.plot).x(2_500.0);
        let picked = span_at(&lanes, &layout, &view, x, lane_y).unwrap();
        assert_eq!((picked.block, picked.lane, picked.span.task), (0, 0, 4));
        let lines = describe(&lanes, &picked);
        assert_eq!(lines[0], "task 4 · worker 0 · compute");
        assert_eq!(lines[1], "start 0 ns · duration 5.00 µs");
        let lower = layout.blocks[0].lanes[1] + 5.0;
        let x = view.scale(layout.plot).x(1_500.0);
        assert_eq!(
            span_at(&lanes, &layout, &view, x, lower).unwrap().span.task,
            6
        );
    }

    #[test]
    fn a_wait_says_the_line_it_began_at() {
        let (lanes, layout, view) = setup();
        let lane_y = layout.blocks[0].lanes[0] + 5.0;
        let x = view.scale(layout.plot).x(2_500.0);
        let mut picked = span_at(&lanes, &layout, &view, x, lane_y).unwrap();
        picked.span.kind = interleave_engine::trace::SpanKind::ChannelWait;
        picked.span.line = 12;
        let first = &describe(&lanes, &picked)[0];
        assert!(first.ends_with(" at line 12"), "{first}");
    }

    #[test]
    fn a_hairline_span_can_be_picked_a_pixel_away() {
        let (lanes, layout, view) = setup();
        let lane_y = layout.blocks[0].lanes[0] + 5.0;
        let x = view.scale(layout.plot).x(8_000.0) - 2.0;
        assert_eq!(
            span_at(&lanes, &layout, &view, x, lane_y)
                .unwrap()
                .span
                .task,
            5
        );
    }

    #[test]
    fn nothing_is_picked_in_gaps_or_labels() {
        let (lanes, layout, view) = setup();
        let lane_y = layout.blocks[0].lanes[0] + 5.0;
        let gap = view.scale(layout.plot).x(6_000.0);
        assert_eq!(span_at(&lanes, &layout, &view, gap, lane_y), None);
        assert_eq!(span_at(&lanes, &layout, &view, 20.0, lane_y), None);
        assert_eq!(span_at(&lanes, &layout, &view, 500.0, 1.0), None);
    }
}
