//! Where things go on the canvas: the lane labels' gutter, the plot, each block's heading
//! and lanes, the axis. Computed from the blocks' sizes and the canvas's width only, so
//! the drawing, the hit testing and the browser tests all agree on it.

use super::viewport::Plot;

/// Space above the first block.
const TOP: f64 = 4.0;
/// A block's heading.
const HEADER_H: f64 = 22.0;
/// Space between blocks.
const BLOCK_GAP: f64 = 10.0;
/// The axis labels under the last block.
const AXIS_H: f64 = 24.0;
/// Lanes are this tall while there are few of them.
const LANE_H: f64 = 18.0;
/// The height all lanes together may take before each lane gets thinner.
const LANES_BUDGET: f64 = 720.0;
/// Below this canvas width the gutter shrinks and lane labels are abbreviated.
const COMPACT_BELOW: f64 = 480.0;

/// One block's place: its heading's top and its lanes' tops.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockBox {
    /// Top of the heading.
    pub top: f64,
    /// Top of each lane.
    pub lanes: Vec<f64>,
}

/// The canvas's layout, in CSS pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Canvas width.
    pub width: f64,
    /// Canvas height.
    pub height: f64,
    /// Where time is drawn.
    pub plot: Plot,
    /// Height of every lane.
    pub lane_height: f64,
    /// Space between lanes.
    pub lane_gap: f64,
    /// Height of a block's heading.
    pub header_height: f64,
    /// The blocks, top to bottom.
    pub blocks: Vec<BlockBox>,
    /// Top of the axis labels.
    pub axis_top: f64,
    /// Whether the canvas is narrow: short labels, small gutter.
    pub compact: bool,
}

impl Layout {
    /// The layout of blocks with `shape[i]` lanes each on a canvas `width` wide.
    pub fn new(shape: &[usize], width: f64) -> Self {
        let compact = width < COMPACT_BELOW;
        let gutter = if compact { 60.0 } else { 104.0 };
        let right_pad = if compact { 8.0 } else { 16.0 };
        let lanes: usize = shape.iter().sum();
        let lane_height = (LANES_BUDGET / lanes.max(1) as f64)
            .clamp(4.0, LANE_H)
            .floor();
        let lane_gap = if lane_height >= 12.0 { 4.0 } else { 1.0 };
        let mut top = TOP;
        let blocks = shape
            .iter()
            .map(|&count| {
                let block = BlockBox {
                    top,
                    lanes: (0..count)
                        .map(|i| top + HEADER_H + i as f64 * (lane_height + lane_gap))
                        .collect(),
                };
                top += HEADER_H + count as f64 * (lane_height + lane_gap) + BLOCK_GAP;
                block
            })
            .collect();
        let axis_top = top - BLOCK_GAP + 2.0;
        Self {
            width,
            height: axis_top + AXIS_H,
            plot: Plot {
                left: gutter,
                width: (width - gutter - right_pad).max(10.0),
            },
            lane_height,
            lane_gap,
            header_height: HEADER_H,
            blocks,
            axis_top,
            compact,
        }
    }

    /// The lane (block, lane) at height `y`, counting half the gap around each lane as
    /// the lane's, so thin lanes are easy to point at.
    pub fn lane_at(&self, y: f64) -> Option<(usize, usize)> {
        let half_gap = self.lane_gap / 2.0;
        self.blocks.iter().enumerate().find_map(|(b, block)| {
            block
                .lanes
                .iter()
                .position(|&top| y >= top - half_gap && y < top + self.lane_height + half_gap)
                .map(|lane| (b, lane))
        })
    }

    /// Whether `x` is over the plot (not the labels).
    pub fn in_plot(&self, x: f64) -> bool {
        x >= self.plot.left && x <= self.plot.left + self.plot.width
    }

    /// The top of the first lane and the bottom of the last: where the plot has lanes.
    pub fn lanes_span(&self) -> (f64, f64) {
        (TOP, self.axis_top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_stack_with_their_lanes() {
        let layout = Layout::new(&[1, 2], 1000.0);
        assert_eq!(layout.blocks[0].lanes, vec![26.0]);
        assert_eq!(layout.blocks[1].top, 26.0 + 22.0 + 10.0);
        assert_eq!(layout.blocks[1].lanes, vec![80.0, 102.0]);
        assert_eq!(layout.plot.left + layout.plot.width, 1000.0 - 16.0);
        assert!(!layout.compact);
        assert!(layout.height > 102.0 + 18.0);
    }

    #[test]
    fn a_narrow_canvas_is_compact_and_many_lanes_get_thinner() {
        let layout = Layout::new(&[64, 64, 64], 320.0);
        assert!(layout.compact);
        assert_eq!(layout.plot.left, 60.0);
        assert!(layout.lane_height < 18.0 && layout.lane_height >= 4.0);
        assert!(layout.height < 1400.0);
    }

    #[test]
    fn lane_at_finds_the_lane_under_the_pointer() {
        let layout = Layout::new(&[1, 2], 1000.0);
        assert_eq!(layout.lane_at(30.0), Some((0, 0)));
        assert_eq!(layout.lane_at(101.0), Some((1, 1)));
        assert_eq!(layout.lane_at(10.0), None);
        assert!(layout.in_plot(500.0) && !layout.in_plot(50.0));
    }
}
