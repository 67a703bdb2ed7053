//! The visible time range and how it maps to pixels: zooming, panning and fitting.
//!
//! Pure arithmetic, so every gesture's maths can be read (and tested) on its own. Times are
//! nanoseconds from each variant's start, the shared axis all variants are drawn on.

/// The narrowest range one can zoom to: below this, browser clocks say nothing.
pub const MIN_RANGE_NS: f64 = 50.0;

/// The horizontal extent of the plot on the canvas, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plot {
    /// Left edge of the plot (the lane labels are to its left).
    pub left: f64,
    /// Width of the plot.
    pub width: f64,
}

/// The visible range of time, inside the whole run's range `0..full_ns`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// First visible instant.
    pub start_ns: f64,
    /// Last visible instant.
    pub end_ns: f64,
    /// The longest variant's length: what "fit" shows and how far one can pan.
    pub full_ns: f64,
}

impl Viewport {
    /// The whole run, `0..full_ns`.
    pub fn fit(full_ns: f64) -> Self {
        let full_ns = full_ns.max(MIN_RANGE_NS);
        Self {
            start_ns: 0.0,
            end_ns: full_ns,
            full_ns,
        }
    }

    /// The same view of a run now `full_ns` long (a run drawn while it goes): a view of
    /// all of it shows all of it still; a closer view stays where it was.
    pub fn regrown(&self, full_ns: f64) -> Self {
        if self.is_fit() {
            return Self::fit(full_ns);
        }
        Self::fit(full_ns).placed(self.start_ns, self.range_ns())
    }

    /// The length of the visible range.
    pub fn range_ns(&self) -> f64 {
        self.end_ns - self.start_ns
    }

    /// Whether the whole run is visible.
    pub fn is_fit(&self) -> bool {
        self.start_ns <= 0.0 && self.end_ns >= self.full_ns
    }

    /// Whether zooming in further is possible.
    pub fn can_zoom_in(&self) -> bool {
        self.range_ns() > MIN_RANGE_NS * 1.0001
    }

    /// The range `start..start + range`, narrowed to the allowed lengths and slid back
    /// inside the run.
    fn placed(&self, start_ns: f64, range_ns: f64) -> Self {
        let range_ns = range_ns.clamp(MIN_RANGE_NS.min(self.full_ns), self.full_ns);
        let start_ns = start_ns.clamp(0.0, self.full_ns - range_ns);
        Self {
            start_ns,
            end_ns: start_ns + range_ns,
            full_ns: self.full_ns,
        }
    }

    /// Zooms by `factor` (above 1 zooms in) keeping `anchor_ns` where it is on screen.
    pub fn zoom_at(&self, anchor_ns: f64, factor: f64) -> Self {
        let range = self.range_ns() / factor;
        let share = ((anchor_ns - self.start_ns) / self.range_ns()).clamp(0.0, 1.0);
        self.placed(anchor_ns - share * range, range)
    }

    /// Zooms by `factor` around the middle of the view.
    pub fn zoom(&self, factor: f64) -> Self {
        self.zoom_at((self.start_ns + self.end_ns) / 2.0, factor)
    }

    /// Moves the view later by `share` of its own width (negative moves earlier).
    pub fn pan_by_share(&self, share: f64) -> Self {
        self.placed(self.start_ns + share * self.range_ns(), self.range_ns())
    }

    /// The view showing `from_ns..to_ns` (in either order), e.g. a selection.
    pub fn show(&self, from_ns: f64, to_ns: f64) -> Self {
        self.placed(from_ns.min(to_ns), (to_ns - from_ns).abs())
    }

    /// The view that keeps its width and shows instant `ns` at pixel `x`: dragging.
    pub fn pinned(&self, plot: Plot, ns: f64, x: f64) -> Self {
        let px_per_ns = plot.width / self.range_ns();
        self.placed(ns - (x - plot.left) / px_per_ns, self.range_ns())
    }

    /// The view that shows instant `a.0` at pixel `a.1` and `b.0` at pixel `b.1`: a
    /// two-finger pinch, which zooms and pans at once. Falls back to dragging by `a`
    /// when the fingers are (nearly) on one spot.
    pub fn pinned_twice(&self, plot: Plot, a: (f64, f64), b: (f64, f64)) -> Self {
        let (dt, dx) = (b.0 - a.0, b.1 - a.1);
        if dt.abs() < f64::EPSILON || dx.abs() < 1.0 || dt.signum() != dx.signum() {
            return self.pinned(plot, a.0, a.1);
        }
        let range = plot.width * dt / dx;
        self.placed(a.0 - (a.1 - plot.left) * dt / dx, range)
    }

    /// The mapping from time to pixels for this view on `plot`.
    pub fn scale(&self, plot: Plot) -> Scale {
        Scale {
            left: plot.left,
            offset_ns: self.start_ns,
            px_per_ns: plot.width / self.range_ns(),
        }
    }
}

/// Maps instants to x positions: `x = left + (ns - offset_ns) * px_per_ns`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// The x of `offset_ns`.
    pub left: f64,
    /// The instant drawn at `left`.
    pub offset_ns: f64,
    /// Pixels per nanosecond.
    pub px_per_ns: f64,
}

impl Scale {
    /// The x of instant `ns`.
    pub fn x(&self, ns: f64) -> f64 {
        self.left + (ns - self.offset_ns) * self.px_per_ns
    }

    /// The instant at pixel `x`.
    pub fn ns(&self, x: f64) -> f64 {
        self.offset_ns + (x - self.left) / self.px_per_ns
    }

    /// The same mapping for times counted from `origin_ns` earlier: a variant's spans
    /// carry times since the run's origin, and the view counts from the variant's start.
    pub fn for_origin(&self, origin_ns: u64) -> Scale {
        Scale {
            offset_ns: self.offset_ns + origin_ns as f64,
            ..*self
        }
    }
}

/// How much one wheel event zooms: a mouse notch (100 px) is about 1.25 times.
pub fn wheel_zoom_factor(delta_y_px: f64) -> f64 {
    (-delta_y_px * 0.0022).exp()
}

/// A wheel event's delta in pixels, whatever unit (`delta_mode`) the browser used:
/// 0 pixels, 1 lines, 2 pages of `page_px`.
pub fn wheel_delta_px(delta: f64, delta_mode: u32, page_px: f64) -> f64 {
    match delta_mode {
        1 => delta * 16.0,
        2 => delta * page_px,
        _ => delta,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLOT: Plot = Plot {
        left: 100.0,
        width: 1000.0,
    };

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6 * b.abs().max(1.0)
    }

    #[test]
    fn a_growing_run_keeps_fit_or_keeps_the_closer_view() {
        let fit = Viewport::fit(1_000.0);
        assert_eq!(fit.regrown(3_000.0), Viewport::fit(3_000.0));
        let close = fit.show(200.0, 400.0);
        let grown = close.regrown(3_000.0);
        assert_eq!((grown.start_ns, grown.end_ns), (200.0, 400.0));
        assert_eq!(grown.full_ns, 3_000.0);
        let shrunk = fit.show(600.0, 1_000.0).regrown(800.0);
        assert_eq!((shrunk.start_ns, shrunk.end_ns), (400.0, 800.0));
    }

    #[test]
    fn zoom_keeps_the_anchor_on_the_same_pixel() {
        let view = Viewport::fit(10_000.0);
        let scale = view.scale(PLOT);
        let anchor = scale.ns(350.0);
        let zoomed = view.zoom_at(anchor, 4.0);
        assert!(close(zoomed.range_ns(), 2_500.0));
        assert!(close(zoomed.scale(PLOT).x(anchor), 350.0));
    }

    #[test]
    fn zoom_stops_at_the_run_and_at_the_minimum_range() {
        let view = Viewport::fit(10_000.0);
        assert_eq!(view.zoom(0.1), view);
        assert!(view.is_fit());
        let deep = view.zoom(1e9);
        assert!(close(deep.range_ns(), MIN_RANGE_NS));
        assert!(!deep.can_zoom_in());
        assert!(view.can_zoom_in());
    }

    #[test]
    fn panning_stays_inside_the_run() {
        let view = Viewport::fit(10_000.0).zoom_at(0.0, 10.0);
        assert!(close(view.start_ns, 0.0));
        let later = view.pan_by_share(0.5);
        assert!(close(later.start_ns, 500.0));
        let past_end = view.pan_by_share(1e6);
        assert!(close(past_end.end_ns, 10_000.0));
        assert!(close(view.pan_by_share(-3.0).start_ns, 0.0));
    }

    #[test]
    fn dragging_keeps_the_grabbed_instant_under_the_pointer() {
        let view = Viewport::fit(10_000.0).zoom(5.0);
        let grabbed = view.scale(PLOT).ns(600.0);
        let dragged = view.pinned(PLOT, grabbed, 500.0);
        assert!(close(dragged.scale(PLOT).x(grabbed), 500.0));
        assert!(close(dragged.range_ns(), view.range_ns()));
    }

    #[test]
    fn pinching_puts_both_fingers_instants_under_them() {
        let view = Viewport::fit(10_000.0);
        let scale = view.scale(PLOT);
        let (a, b) = (scale.ns(400.0), scale.ns(600.0));
        let spread = view.pinned_twice(PLOT, (a, 300.0), (b, 700.0));
        let scale = spread.scale(PLOT);
        assert!(close(scale.x(a), 300.0) && close(scale.x(b), 700.0));
        assert!(close(spread.range_ns(), view.range_ns() / 2.0));
        // Fingers on one spot only drag.
        assert!(close(
            view.pinned_twice(PLOT, (a, 400.0), (a, 400.0)).range_ns(),
            10_000.0
        ));
    }

    #[test]
    fn show_selects_a_range_in_either_order() {
        let view = Viewport::fit(10_000.0);
        let shown = view.show(4_000.0, 3_000.0);
        assert!(close(shown.start_ns, 3_000.0) && close(shown.end_ns, 4_000.0));
    }

    #[test]
    fn a_scale_from_another_origin_shifts_times() {
        let scale = Viewport::fit(1_000.0).scale(PLOT);
        let shifted = scale.for_origin(5_000);
        assert!(close(shifted.x(5_500.0), scale.x(500.0)));
    }

    #[test]
    fn wheel_deltas_become_pixels_and_factors() {
        assert_eq!(wheel_delta_px(3.0, 1, 800.0), 48.0);
        assert_eq!(wheel_delta_px(1.0, 2, 800.0), 800.0);
        assert!(wheel_zoom_factor(-100.0) > 1.2 && wheel_zoom_factor(100.0) < 0.85);
        assert!(close(
            wheel_zoom_factor(100.0) * wheel_zoom_factor(-100.0),
            1.0
        ));
    }
}
