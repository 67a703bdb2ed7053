//! What the visitor's gestures do to the timeline: the view, the span under the pointer,
//! the highlighted task and the selected range, as a state machine over plain numbers
//! (pointer positions in CSS pixels over the canvas), so it runs and is tested without a
//! browser. The component turns DOM events into these calls and acts on the [`Outcome`].

use super::hit::{Picked, span_at};
use super::lanes::Lanes;
use super::layout::Layout;
use super::viewport::{Viewport, wheel_zoom_factor};

/// How far a pressed pointer moves before a click becomes a drag, in CSS pixels.
const DRAG_SLOP_PX: f64 = 4.0;
/// How much one press of + or - zooms.
const KEY_ZOOM: f64 = 1.5;
/// How much of the view one arrow key pans.
const KEY_PAN: f64 = 0.1;

/// A pointer event, reduced to what the timeline needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pointer {
    /// The pointer's id (several touch points can be down at once).
    pub id: i32,
    /// Position over the canvas, in CSS pixels.
    pub x: f64,
    /// Position over the canvas, in CSS pixels.
    pub y: f64,
    /// Whether Shift is held: dragging then selects instead of panning.
    pub shift: bool,
    /// Whether it is a finger (no hover; a tap shows the tooltip).
    pub touch: bool,
}

/// What handling an input did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct Outcome {
    /// The input was used: the browser's default action (scrolling) should not happen.
    pub handled: bool,
    /// Something visible changed: the timeline needs a new frame.
    pub changed: bool,
}

impl Outcome {
    fn both(changed: bool) -> Self {
        Self {
            handled: changed,
            changed,
        }
    }
}

/// The span under the pointer, and where the pointer is (for the tooltip).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hover {
    /// The span.
    pub picked: Picked,
    /// Pointer position over the canvas.
    pub x: f64,
    /// Pointer position over the canvas.
    pub y: f64,
}

/// What a pressed pointer is doing.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Gesture {
    /// Nothing pressed.
    Idle,
    /// Pressed and not moved (yet): a click or a tap when released.
    Pressed { id: i32, x: f64, y: f64, ns: f64 },
    /// Dragging: instant `ns` stays under the pointer.
    Panning { id: i32, ns: f64 },
    /// Shift-dragging a selection from `from_ns`.
    Selecting { id: i32, from_ns: f64 },
    /// Two fingers: each one's instant stays under it.
    Pinching { a: (i32, f64), b: (i32, f64) },
}

/// The timeline's interactive state.
#[derive(Clone, Debug, PartialEq)]
pub struct Interaction {
    /// The visible range.
    pub view: Viewport,
    /// The span under the pointer (or last tapped).
    pub hover: Option<Hover>,
    /// The task whose spans stand out, after a click on one of them.
    pub highlight: Option<u32>,
    /// A selected range of time, from each variant's start.
    pub selection: Option<(f64, f64)>,
    gesture: Gesture,
    /// Pointers down, with their last x.
    down: Vec<(i32, f64)>,
}

impl Interaction {
    /// The state for a run `full_ns` long: all of it in view, nothing picked.
    pub fn new(full_ns: f64) -> Self {
        Self {
            view: Viewport::fit(full_ns),
            hover: None,
            highlight: None,
            selection: None,
            gesture: Gesture::Idle,
            down: Vec::new(),
        }
    }

    /// The run grew to `full_ns` (it is drawn while it goes): the view grows with it if
    /// it showed all of it, else it stays; the hovered span may have moved away.
    pub fn regrow(&mut self, full_ns: f64) {
        self.view = self.view.regrown(full_ns);
        self.hover = None;
    }

    /// Whether a selection is being dragged out right now.
    pub fn selecting(&self) -> bool {
        matches!(self.gesture, Gesture::Selecting { .. })
    }

    /// Sets the view; the hover follows so that the tooltip never describes a span that
    /// moved away from the pointer.
    fn set_view(&mut self, view: Viewport, lanes: &Lanes, layout: &Layout) -> Outcome {
        if view == self.view {
            return Outcome::default();
        }
        self.view = view;
        if let Some(hover) = self.hover {
            self.hover = span_at(lanes, layout, &self.view, hover.x, hover.y)
                .map(|picked| Hover { picked, ..hover });
        }
        Outcome::both(true)
    }

    /// The instant at pixel `x`, inside the run.
    fn ns_at(&self, layout: &Layout, x: f64) -> f64 {
        self.view
            .scale(layout.plot)
            .ns(x)
            .clamp(0.0, self.view.full_ns)
    }

    /// A wheel turn at `x`: vertical zooms around the pointer, horizontal pans. Returns
    /// unhandled when the view cannot change, so the page scrolls instead.
    pub fn wheel(
        &mut self,
        lanes: &Lanes,
        layout: &Layout,
        x: f64,
        dx_px: f64,
        dy_px: f64,
    ) -> Outcome {
        let view = if dx_px.abs() > dy_px.abs() {
            self.view.pan_by_share(dx_px / layout.plot.width)
        } else {
            let anchor = self.ns_at(
                layout,
                x.clamp(layout.plot.left, layout.plot.left + layout.plot.width),
            );
            self.view.zoom_at(anchor, wheel_zoom_factor(dy_px))
        };
        self.set_view(view, lanes, layout)
    }

    /// A key pressed while the canvas has focus: + and - (or W and S) zoom, the arrows
    /// (or A and D) pan, 0 fits, Escape clears the selection and the highlight.
    pub fn key(&mut self, lanes: &Lanes, layout: &Layout, key: &str) -> Outcome {
        let view = match key {
            "+" | "=" | "w" | "W" => self.view.zoom(KEY_ZOOM),
            "-" | "_" | "s" | "S" => self.view.zoom(1.0 / KEY_ZOOM),
            "ArrowLeft" | "a" | "A" => self.view.pan_by_share(-KEY_PAN),
            "ArrowRight" | "d" | "D" => self.view.pan_by_share(KEY_PAN),
            "0" => Viewport::fit(self.view.full_ns),
            "Escape" => {
                let changed = self.selection.is_some() || self.highlight.is_some();
                (self.selection, self.highlight) = (None, None);
                return Outcome::both(changed);
            }
            _ => return Outcome::default(),
        };
        Outcome {
            handled: true,
            ..self.set_view(view, lanes, layout)
        }
    }

    /// Zooms by `factor` around the middle (the toolbar's buttons).
    pub fn zoom(&mut self, lanes: &Lanes, layout: &Layout, factor: f64) -> Outcome {
        self.set_view(self.view.zoom(factor), lanes, layout)
    }

    /// Shows the whole run.
    pub fn fit(&mut self, lanes: &Lanes, layout: &Layout) -> Outcome {
        self.set_view(Viewport::fit(self.view.full_ns), lanes, layout)
    }

    /// Zooms to the selection, which stays selected.
    pub fn zoom_to_selection(&mut self, lanes: &Lanes, layout: &Layout) -> Outcome {
        match self.selection {
            Some((a, b)) => self.set_view(self.view.show(a, b), lanes, layout),
            None => Outcome::default(),
        }
    }

    /// Forgets the selection.
    pub fn clear_selection(&mut self) -> Outcome {
        Outcome::both(self.selection.take().is_some())
    }

    /// A pointer pressed on the canvas.
    pub fn pointer_down(&mut self, layout: &Layout, p: Pointer) -> Outcome {
        self.down.retain(|&(id, _)| id != p.id);
        self.down.push((p.id, p.x));
        let ns = self.ns_at(layout, p.x);
        self.gesture = match (self.gesture, self.down.as_slice()) {
            (_, [(a, ax), (b, bx)]) => Gesture::Pinching {
                a: (*a, self.ns_at(layout, *ax)),
                b: (*b, self.ns_at(layout, *bx)),
            },
            (Gesture::Idle, _) if p.shift => {
                self.selection = Some((ns, ns));
                Gesture::Selecting {
                    id: p.id,
                    from_ns: ns,
                }
            }
            (Gesture::Idle, _) => Gesture::Pressed {
                id: p.id,
                x: p.x,
                y: p.y,
                ns,
            },
            (busy, _) => busy,
        };
        // Not `handled`: the press may still focus the canvas.
        Outcome {
            handled: false,
            changed: self.selecting(),
        }
    }

    /// A pointer moved over the canvas (pressed or not).
    pub fn pointer_move(&mut self, lanes: &Lanes, layout: &Layout, p: Pointer) -> Outcome {
        if let Some(entry) = self.down.iter_mut().find(|(id, _)| *id == p.id) {
            entry.1 = p.x;
        }
        match self.gesture {
            Gesture::Pressed { id, x, y, ns } if id == p.id => {
                if (p.x - x).hypot(p.y - y) < DRAG_SLOP_PX {
                    return Outcome::default();
                }
                self.gesture = Gesture::Panning { id, ns };
                self.hover = None;
                let _ = self.set_view(self.view.pinned(layout.plot, ns, p.x), lanes, layout);
                // The hover went away, whether or not the view could move.
                Outcome::both(true)
            }
            Gesture::Panning { id, ns } if id == p.id => {
                self.set_view(self.view.pinned(layout.plot, ns, p.x), lanes, layout)
            }
            Gesture::Selecting { id, from_ns } if id == p.id => {
                self.selection = Some((from_ns, self.ns_at(layout, p.x)));
                Outcome::both(true)
            }
            Gesture::Pinching { a, b } => {
                let x_of = |id: i32| self.down.iter().find(|d| d.0 == id).map(|d| d.1);
                match (x_of(a.0), x_of(b.0)) {
                    (Some(ax), Some(bx)) => {
                        let view = self.view.pinned_twice(layout.plot, (a.1, ax), (b.1, bx));
                        self.set_view(view, lanes, layout)
                    }
                    _ => Outcome::default(),
                }
            }
            Gesture::Idle if !p.touch => {
                let hover = span_at(lanes, layout, &self.view, p.x, p.y).map(|picked| Hover {
                    picked,
                    x: p.x,
                    y: p.y,
                });
                let changed = hover != self.hover;
                self.hover = hover;
                Outcome {
                    handled: false,
                    changed,
                }
            }
            _ => Outcome::default(),
        }
    }

    /// A pointer released: ends a drag or a selection, or is a click (a tap) that
    /// highlights the task of the span under it and, for a finger, shows its tooltip.
    pub fn pointer_up(&mut self, lanes: &Lanes, layout: &Layout, p: Pointer) -> Outcome {
        self.down.retain(|&(id, _)| id != p.id);
        match self.gesture {
            Gesture::Pressed { id, .. } if id == p.id => {
                self.gesture = Gesture::Idle;
                let picked = span_at(lanes, layout, &self.view, p.x, p.y);
                let task = picked.map(|p| p.span.task);
                self.highlight = if task == self.highlight { None } else { task };
                if p.touch {
                    self.hover = picked.map(|picked| Hover {
                        picked,
                        x: p.x,
                        y: p.y,
                    });
                }
                Outcome::both(true)
            }
            Gesture::Selecting { id, from_ns } if id == p.id => {
                self.gesture = Gesture::Idle;
                let scale = self.view.scale(layout.plot);
                if (scale.x(from_ns) - p.x).abs() < DRAG_SLOP_PX {
                    self.selection = None;
                }
                Outcome::both(true)
            }
            Gesture::Pinching { a, b } => {
                // One finger left: the other one drags on from where it is.
                let (id, x) = match self.down.first() {
                    Some(&rest) => rest,
                    None => {
                        self.gesture = Gesture::Idle;
                        return Outcome::default();
                    }
                };
                let ns = if id == a.0 { a.1 } else { b.1 };
                self.gesture = Gesture::Panning { id, ns };
                self.set_view(self.view.pinned(layout.plot, ns, x), lanes, layout)
            }
            Gesture::Panning { id, .. } if id == p.id => {
                self.gesture = Gesture::Idle;
                Outcome::default()
            }
            _ => Outcome::default(),
        }
    }

    /// The browser took the pointer over (e.g. to scroll the page): forget the gesture.
    pub fn pointer_cancel(&mut self, p: Pointer) -> Outcome {
        self.down.retain(|&(id, _)| id != p.id);
        let was_selecting = self.selecting();
        self.gesture = Gesture::Idle;
        if was_selecting {
            self.selection = None;
        }
        Outcome::both(was_selecting)
    }

    /// The pointer left the canvas: a mouse's tooltip goes (a tapped one stays).
    pub fn pointer_leave(&mut self, p: Pointer) -> Outcome {
        if p.touch || self.gesture != Gesture::Idle {
            return Outcome::default();
        }
        Outcome {
            handled: false,
            changed: self.hover.take().is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::timeline::lanes::tests::{report, span};

    fn setup() -> (Lanes, Layout, Interaction) {
        let lanes = Lanes::workers(&report(
            2,
            vec![span(0, 0, 1_000, 5_000), span(1, 1, 3_000, 11_000)],
        ));
        let layout = Layout::new(&lanes.shape(), 1104.0);
        let state = Interaction::new(lanes.full_ns);
        (lanes, layout, state)
    }

    fn mouse(x: f64, y: f64) -> Pointer {
        Pointer {
            id: 1,
            x,
            y,
            shift: false,
            touch: false,
        }
    }

    #[test]
    fn the_wheel_zooms_around_the_pointer_and_fit_undoes_it() {
        let (lanes, layout, mut state) = setup();
        let x = 400.0;
        let before = state.view.scale(layout.plot).ns(x);
        let out = state.wheel(&lanes, &layout, x, 0.0, -200.0);
        assert!(out.handled && out.changed);
        assert!(state.view.range_ns() < 10_000.0);
        assert!((state.view.scale(layout.plot).ns(x) - before).abs() < 1e-6);
        // Zooming out at fit does nothing, so the page may scroll.
        let out = state.key(&lanes, &layout, "0");
        assert!(out.handled && state.view.is_fit());
        assert_eq!(
            state.wheel(&lanes, &layout, x, 0.0, 200.0),
            Outcome::default()
        );
    }

    #[test]
    fn keys_zoom_and_pan() {
        let (lanes, layout, mut state) = setup();
        assert!(state.key(&lanes, &layout, "+").changed);
        let range = state.view.range_ns();
        assert!((range - 10_000.0 / KEY_ZOOM).abs() < 1e-6);
        let start = state.view.start_ns;
        assert!(state.key(&lanes, &layout, "ArrowRight").changed);
        assert!((state.view.start_ns - start - range * KEY_PAN).abs() < 1e-6);
        assert_eq!(state.key(&lanes, &layout, "x"), Outcome::default());
    }

    #[test]
    fn dragging_pans_and_a_click_highlights_the_task() {
        let (lanes, layout, mut state) = setup();
        let _ = state.key(&lanes, &layout, "+");
        let y = layout.blocks[0].lanes[0] + 5.0;
        let x = state.view.scale(layout.plot).x(3_000.0);
        let _ = state.pointer_down(&layout, mouse(x, y));
        let _ = state.pointer_up(&lanes, &layout, mouse(x, y));
        assert_eq!(state.highlight, Some(0));
        let _ = state.pointer_down(&layout, mouse(x, y));
        let _ = state.pointer_up(&lanes, &layout, mouse(x, y));
        assert_eq!(
            state.highlight, None,
            "a second click on the task clears it"
        );

        let start = state.view.start_ns;
        let _ = state.pointer_down(&layout, mouse(x, y));
        let _ = state.pointer_move(&lanes, &layout, mouse(x - 100.0, y));
        let _ = state.pointer_up(&lanes, &layout, mouse(x - 100.0, y));
        assert!(
            state.view.start_ns > start,
            "dragging left shows later times"
        );
        assert_eq!(state.highlight, None, "a drag is not a click");
    }

    #[test]
    fn hovering_picks_the_span_and_leaving_forgets_it() {
        let (lanes, layout, mut state) = setup();
        let y = layout.blocks[0].lanes[1] + 5.0;
        let x = state.view.scale(layout.plot).x(5_000.0);
        assert!(state.pointer_move(&lanes, &layout, mouse(x, y)).changed);
        assert_eq!(state.hover.unwrap().picked.span.task, 1);
        assert!(state.pointer_leave(mouse(x, y)).changed);
        assert_eq!(state.hover, None);
    }

    #[test]
    fn shift_drag_selects_a_range() {
        let (lanes, layout, mut state) = setup();
        let scale = state.view.scale(layout.plot);
        let shift = |x| Pointer {
            shift: true,
            ..mouse(x, 30.0)
        };
        let _ = state.pointer_down(&layout, shift(scale.x(2_000.0)));
        assert!(state.selecting());
        let _ = state.pointer_move(&lanes, &layout, shift(scale.x(4_000.0)));
        let _ = state.pointer_up(&lanes, &layout, shift(scale.x(4_000.0)));
        let (a, b) = state.selection.unwrap();
        assert!((a - 2_000.0).abs() < 1e-6 && (b - 4_000.0).abs() < 1e-6);
        assert!(state.zoom_to_selection(&lanes, &layout).changed);
        assert!((state.view.range_ns() - 2_000.0).abs() < 1e-6);
        assert!(state.key(&lanes, &layout, "Escape").changed);
        assert_eq!(state.selection, None);
    }

    #[test]
    fn two_fingers_pinch_to_zoom() {
        let (lanes, layout, mut state) = setup();
        let finger = |id, x| Pointer {
            id,
            x,
            y: 30.0,
            shift: false,
            touch: true,
        };
        let _ = state.pointer_down(&layout, finger(1, 400.0));
        let _ = state.pointer_down(&layout, finger(2, 600.0));
        let _ = state.pointer_move(&lanes, &layout, finger(1, 300.0));
        let _ = state.pointer_move(&lanes, &layout, finger(2, 700.0));
        assert!((state.view.range_ns() - 5_000.0).abs() < 1e-6);
        let _ = state.pointer_up(&lanes, &layout, finger(2, 700.0));
        let _ = state.pointer_up(&lanes, &layout, finger(1, 300.0));
        assert_eq!(state.highlight, None);
    }
}
