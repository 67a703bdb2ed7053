//! The timeline: each variant's lanes (one per worker, or one per task) on one shared,
//! zoomable time axis.
//!
//! The component only wires the browser to plain logic: DOM events become calls on
//! [`interaction::Interaction`], and every change asks for one animation frame, which
//! paints the canvas ([`draw`]), places the tooltip and, when the toolbar or the
//! selection's summary must change, re-renders. The parts, one job each:
//!
//! - [`lanes`]: what is shown, as blocks of lanes (the worker and the task view);
//! - [`layout`]: where blocks, lanes, plot and axis go on the canvas;
//! - [`viewport`]: the visible range, zooming and panning;
//! - [`axis`]: ticks and their units; [`lod`]: spans to bars, merged below a pixel;
//! - [`kinds`]: how each kind of span looks; [`hit`]: the span under the pointer;
//! - [`select`]: what ran in a selected range; [`export`]: PNG and CSV.

mod axis;
mod draw;
mod export;
mod hit;
mod interaction;
mod kinds;
mod lanes;
mod layout;
mod lod;
mod select;
mod viewport;

use std::cell::RefCell;
use std::rc::Rc;

use interleave_engine::embed::TimelineView;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, PointerEvent, ResizeObserver, WheelEvent};
use yew::prelude::*;

pub use export::{download_png, file_name, spans_csv};

use crate::live::ShownRun;

use draw::{Painter, Scene};
use interaction::{Interaction, Outcome, Pointer};
use lanes::{BlockCache, Lanes, Pool};
use layout::Layout;
use viewport::{Viewport, wheel_delta_px};

/// The User Timing measure every redraw records (see `tests/bench/timeline.mjs`).
const DRAW_MEASURE: &str = "interleave-timeline-draw";

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The run to draw: finished, or the variants measured so far.
    pub run: ShownRun,
    /// The view it opens with.
    #[prop_or_default]
    pub view: TimelineView,
    /// The canvas element, for a parent that saves it as an image.
    #[prop_or_default]
    pub canvas: NodeRef,
    /// Told when the reader switches the view, so links and the embed snippet keep it.
    #[prop_or_default]
    pub on_view: Callback<TimelineView>,
}

/// Which view of the run the timeline shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// One lane per worker: what kept each worker busy.
    Workers,
    /// One lane per task: when each task ran, where, and what it waited for.
    Tasks,
}

impl From<TimelineView> for Mode {
    fn from(view: TimelineView) -> Self {
        match view {
            TimelineView::Workers => Mode::Workers,
            TimelineView::Tasks => Mode::Tasks,
        }
    }
}

impl Mode {
    fn lanes(self, run: &ShownRun, cache: &mut BlockCache) -> Lanes {
        let variants = run.variants();
        match self {
            Mode::Workers => {
                let pool = Pool {
                    workers: run.workers(),
                    cores: run.cores(),
                };
                Lanes::worker_view(&variants, pool, cache)
            }
            Mode::Tasks => Lanes::task_view(&variants, cache),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Mode::Workers => "workers",
            Mode::Tasks => "tasks",
        }
    }
}

/// What the DOM shows of the state besides the canvas: re-render when it changes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Shown {
    width: f64,
    view: Viewport,
    selection: Option<(f64, f64)>,
    selecting: bool,
    highlight: Option<u32>,
}

/// The state the event handlers and the animation frames share.
struct Live {
    run: ShownRun,
    lanes: Rc<Lanes>,
    layout: Layout,
    state: Interaction,
    painter: Option<Painter>,
    frame_pending: bool,
    shown: Option<Shown>,
}

impl Live {
    fn new(run: ShownRun, lanes: Rc<Lanes>) -> Self {
        Self {
            run,
            layout: Layout::new(&lanes.shape(), 0.0),
            state: Interaction::new(lanes.full_ns),
            lanes,
            painter: None,
            frame_pending: false,
            shown: None,
        }
    }

    /// Shows `lanes` of `run`. A new run starts with all of it in view and nothing
    /// picked; another view of the same run, or more of a run drawn while it goes, keeps
    /// the range (all of the run, if it showed all), selection and highlight.
    fn show(&mut self, run: &ShownRun, lanes: Rc<Lanes>) {
        if Rc::ptr_eq(&self.lanes, &lanes) {
            return;
        }
        self.layout = Layout::new(&lanes.shape(), self.layout.width);
        if self.run == *run {
            self.state.hover = None;
        } else if run.continues(&self.run) {
            self.run = run.clone();
            self.state.regrow(lanes.full_ns);
        } else {
            self.run = run.clone();
            self.state = Interaction::new(lanes.full_ns);
        }
        self.lanes = lanes;
    }

    fn shown(&self) -> Shown {
        Shown {
            width: self.layout.width,
            view: self.state.view,
            selection: self.state.selection,
            selecting: self.state.selecting(),
            highlight: self.state.highlight,
        }
    }
}

/// Hands out animation frames: at most one pending, however many events arrive.
#[derive(Clone)]
struct Frames {
    live: Rc<RefCell<Live>>,
    canvas: NodeRef,
    tip: NodeRef,
    rerender: UseForceUpdateHandle,
}

impl Frames {
    /// A handler for events of type `E` that runs `act` on the shared state, then
    /// cancels the event's default action and asks for a frame as the outcome says.
    fn handler<E>(
        &self,
        act: impl Fn(&mut Interaction, &Lanes, &Layout, &E) -> Outcome + 'static,
    ) -> Callback<E>
    where
        E: AsRef<Event> + 'static,
    {
        let frames = self.clone();
        Callback::from(move |event: E| {
            let outcome = {
                let mut live = frames.live.borrow_mut();
                let Live {
                    lanes,
                    layout,
                    state,
                    ..
                } = &mut *live;
                act(state, lanes, layout, &event)
            };
            let event: &Event = event.as_ref();
            if outcome.handled && event.cancelable() {
                event.prevent_default();
            }
            frames.apply(outcome);
        })
    }

    /// Acts on an input's outcome.
    fn apply(&self, outcome: Outcome) {
        if outcome.changed {
            self.request();
        }
    }

    /// Asks for a frame unless one is pending.
    fn request(&self) {
        {
            let mut live = self.live.borrow_mut();
            if live.frame_pending {
                return;
            }
            live.frame_pending = true;
        }
        let frames = self.clone();
        let callback = Closure::once_into_js(move || frames.frame());
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(callback.unchecked_ref());
        }
    }

    /// Paints, places the tooltip, and re-renders the DOM around the canvas if needed.
    fn frame(&self) {
        let mut guard = self.live.borrow_mut();
        let live = &mut *guard;
        live.frame_pending = false;
        let Some(canvas) = self.canvas.cast::<HtmlCanvasElement>() else {
            return;
        };
        if live.layout.width <= 0.0 {
            return;
        }
        if live.painter.as_ref().is_none_or(|p| *p.canvas() != canvas) {
            live.painter = Painter::new(canvas);
        }
        if let Some(painter) = &mut live.painter {
            let scene = Scene {
                lanes: &live.lanes,
                layout: &live.layout,
                view: live.state.view,
                hover: live.state.hover.as_ref().map(|h| &h.picked),
                highlight: live.state.highlight,
                selection: live.state.selection,
            };
            let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
            measured(|| painter.paint(&scene, ratio));
        }
        if let Some(tip) = self.tip.cast::<HtmlElement>() {
            place_tooltip(&tip, live);
        }
        let shown = live.shown();
        if live.shown != Some(shown) {
            live.shown = Some(shown);
            drop(guard);
            self.rerender.force_update();
        }
    }
}

/// Runs `paint` between User Timing marks, so benchmarks and the browser's performance
/// panel see how long each redraw took.
fn measured(paint: impl FnOnce()) {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = format!("{DRAW_MEASURE}-start");
    if let Some(p) = &performance {
        let _ = p.mark(&start);
    }
    paint();
    if let Some(p) = &performance {
        p.clear_measures_with_measure_name(DRAW_MEASURE);
        let _ = p.measure_with_start_mark(DRAW_MEASURE, &start);
        p.clear_marks_with_mark_name(&start);
    }
}

/// Shows the hovered span's details next to the pointer, inside the canvas's box.
fn place_tooltip(tip: &HtmlElement, live: &Live) {
    let Some(hover) = &live.state.hover else {
        tip.set_hidden(true);
        return;
    };
    let span = &hover.picked.span;
    tip.set_text_content(Some(&hit::describe(&live.lanes, &hover.picked).join("\n")));
    for (name, value) in [
        ("data-task", span.task.to_string()),
        ("data-worker", span.worker.to_string()),
        ("data-start-ns", span.start_ns.to_string()),
        ("data-end-ns", span.end_ns.to_string()),
    ] {
        let _ = tip.set_attribute(name, &value);
    }
    tip.set_hidden(false);
    let (width, height) = (
        f64::from(tip.offset_width()),
        f64::from(tip.offset_height()),
    );
    let mut left = hover.x + 14.0;
    if left + width > live.layout.width {
        left = (hover.x - 14.0 - width).max(0.0);
    }
    let mut top = hover.y + 16.0;
    if top + height > live.layout.height {
        top = (hover.y - 12.0 - height).max(0.0);
    }
    let style = tip.style();
    let _ = style.set_property("left", &format!("{left}px"));
    let _ = style.set_property("top", &format!("{top}px"));
}

/// A pointer event as the interaction sees it.
fn pointer(event: &PointerEvent) -> Pointer {
    Pointer {
        id: event.pointer_id(),
        x: f64::from(event.offset_x()),
        y: f64::from(event.offset_y()),
        shift: event.shift_key(),
        touch: event.pointer_type() == "touch",
    }
}

/// One block of lanes per variant, one lane per worker, on one zoomable time axis, with
/// a toolbar, a tooltip, a legend and a selection summary.
#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let stage = use_node_ref();
    let tip = use_node_ref();
    let canvas = props.canvas.clone();
    let mode = use_state(|| Mode::from(props.view));
    // The host page can ask for another view (`set-view`): follow it when it changes.
    {
        let mode = mode.clone();
        use_effect_with(props.view, move |view| {
            if *mode != Mode::from(*view) {
                mode.set(Mode::from(*view));
            }
        });
    }
    // Each variant is laid out once, as it arrives, however often the run is redrawn.
    let cache = use_mut_ref(BlockCache::default);
    let lanes = use_memo((props.run.clone(), *mode), move |(run, mode)| {
        mode.lanes(run, &mut cache.borrow_mut())
    });
    let live = use_mut_ref(|| Live::new(props.run.clone(), lanes.clone()));
    live.borrow_mut().show(&props.run, lanes.clone());
    let frames = Frames {
        live: live.clone(),
        canvas: canvas.clone(),
        tip: tip.clone(),
        rerender: use_force_update(),
    };

    // Follow the stage's width, so the canvas is redrawn crisp at any size.
    {
        let stage = stage.clone();
        let frames = frames.clone();
        use_effect_with((), move |_| {
            let element: Option<HtmlElement> = stage.cast();
            let observer = element.and_then(|element| {
                let measured = element.clone();
                let resize = move || {
                    let width = f64::from(measured.client_width());
                    let mut live = frames.live.borrow_mut();
                    if width > 0.0 && width != live.layout.width {
                        live.layout = Layout::new(&live.lanes.shape(), width);
                        drop(live);
                        frames.request();
                    }
                };
                resize();
                let on_resize = Closure::<dyn FnMut()>::new(resize);
                let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
                observer.observe(&element);
                Some((observer, on_resize))
            });
            move || {
                if let Some((observer, _closure)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    {
        let frames = frames.clone();
        // By address: comparing the lanes themselves would compare every span.
        use_effect_with(Rc::as_ptr(&lanes) as usize, move |_| frames.request());
    }

    // Inputs: each becomes a call on the interaction, then maybe a frame.
    let on_wheel = frames.handler(|state, lanes, layout, e: &WheelEvent| {
        let page = layout.plot.width;
        let dx = wheel_delta_px(e.delta_x(), e.delta_mode(), page);
        let dy = wheel_delta_px(e.delta_y(), e.delta_mode(), page);
        state.wheel(lanes, layout, f64::from(e.offset_x()), dx, dy)
    });
    let on_key = frames.handler(|state, lanes, layout, e: &KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return Outcome::default();
        }
        state.key(lanes, layout, &e.key())
    });
    let on_down = frames.handler(|state, _, layout, e: &PointerEvent| {
        if e.button() != 0 {
            return Outcome::default();
        }
        let p = pointer(e);
        if let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
            let _ = target.set_pointer_capture(p.id);
        }
        state.pointer_down(layout, p)
    });
    let on_move = frames.handler(|state, lanes, layout, e: &PointerEvent| {
        state.pointer_move(lanes, layout, pointer(e))
    });
    let on_up = frames.handler(|state, lanes, layout, e: &PointerEvent| {
        state.pointer_up(lanes, layout, pointer(e))
    });
    let on_cancel =
        frames.handler(|state, _, _, e: &PointerEvent| state.pointer_cancel(pointer(e)));
    let on_leave = frames.handler(|state, _, _, e: &PointerEvent| state.pointer_leave(pointer(e)));
    let zoom_in =
        frames.handler(|state, lanes, layout, _: &MouseEvent| state.zoom(lanes, layout, 2.0));
    let zoom_out =
        frames.handler(|state, lanes, layout, _: &MouseEvent| state.zoom(lanes, layout, 0.5));
    let fit = frames.handler(|state, lanes, layout, _: &MouseEvent| state.fit(lanes, layout));
    let to_selection = frames
        .handler(|state, lanes, layout, _: &MouseEvent| state.zoom_to_selection(lanes, layout));
    let clear_selection = frames.handler(|state, _, _, _: &MouseEvent| state.clear_selection());
    let mode_button = |to: Mode, label: &'static str| {
        let mode = mode.clone();
        let on_view = props.on_view.clone();
        let view = match to {
            Mode::Workers => TimelineView::Workers,
            Mode::Tasks => TimelineView::Tasks,
        };
        html! {
            <button type="button" aria-pressed={(*mode == to).to_string()}
                onclick={Callback::from(move |_: MouseEvent| {
                    mode.set(to);
                    on_view.emit(view);
                })}>{ label }</button>
        }
    };

    let live = live.borrow();
    let (view, layout) = (live.state.view, &live.layout);
    let run = &props.run;
    let (drawn, workers) = (live.lanes.blocks.len(), run.workers());
    let range = axis::range_label(view.start_ns, view.end_ns);
    let label = format!(
        "Timeline of {drawn} variants{} on {workers} worker{}, one lane per {}, showing \
         {range}; the table of spans below lists every bar.",
        if run.report().is_some() {
            ""
        } else {
            " measured so far"
        },
        if workers == 1 { "" } else { "s" },
        if *mode == Mode::Workers {
            "worker"
        } else {
            "task"
        },
    );
    let lane_tops: Vec<&[f64]> = layout.blocks.iter().map(|b| b.lanes.as_slice()).collect();
    let origins: Vec<u64> = live.lanes.blocks.iter().map(|b| b.origin_ns).collect();
    let selection = live
        .state
        .selection
        .filter(|_| !live.state.selecting())
        .map(|(a, b)| select::describe(&live.lanes, a, b));
    html! {
        <div class="timeline">
            <div class="timeline-toolbar" role="toolbar" aria-label="Timeline view">
                <span class="timeline-modes" role="group" aria-label="One lane per">
                    { mode_button(Mode::Workers, "Workers") }
                    { mode_button(Mode::Tasks, "Tasks") }
                </span>
                <button type="button" aria-label="Zoom out" title="Zoom out (−)"
                    disabled={view.is_fit()} onclick={zoom_out}>{ "−" }</button>
                <button type="button" aria-label="Zoom in" title="Zoom in (+)"
                    disabled={!view.can_zoom_in()} onclick={zoom_in}>{ "+" }</button>
                <button type="button" title="Show the whole run (0)"
                    disabled={view.is_fit()} onclick={fit}>{ "Fit" }</button>
                <span class="timeline-range" id="timeline-range">{ range }</span>
            </div>
            <div class="timeline-stage" ref={stage}>
                <canvas id="timeline" ref={canvas} tabindex="0" role="img" aria-label={label}
                    aria-describedby="timeline-keys"
                    data-lanes={workers.to_string()}
                    data-mode={mode.name()}
                    data-variants-drawn={drawn.to_string()}
                    data-live={run.report().is_none().to_string()}
                    data-view-start-ns={view.start_ns.to_string()}
                    data-view-end-ns={view.end_ns.to_string()}
                    data-plot-left={layout.plot.left.to_string()}
                    data-plot-width={layout.plot.width.to_string()}
                    data-lane-height={layout.lane_height.to_string()}
                    data-lane-tops={serde_json::to_string(&lane_tops).unwrap_or_default()}
                    data-block-origins-ns={serde_json::to_string(&origins).unwrap_or_default()}
                    data-highlight-task={live.state.highlight.map(|t| t.to_string())}
                    onwheel={on_wheel}
                    onkeydown={on_key}
                    onpointerdown={on_down}
                    onpointermove={on_move}
                    onpointerup={on_up}
                    onpointercancel={on_cancel}
                    onpointerleave={on_leave} />
                <div class="timeline-tip" id="timeline-tip" role="tooltip" ref={tip} hidden=true />
            </div>
            if let Some(lines) = selection {
                <div class="timeline-selection" id="timeline-selection">
                    <p>
                        <strong>{ &lines[0] }</strong>
                        { for lines[1..].iter().map(|line| html! { <><br />{ line }</> }) }
                    </p>
                    <button type="button" onclick={to_selection}>{ "Zoom to selection" }</button>
                    <button type="button" onclick={clear_selection}>{ "Clear" }</button>
                </div>
            }
            <ul class="timeline-legend" aria-label="Legend">
                { for live.lanes.kinds.iter().map(|kind| html! {
                    <li>
                        <span class={classes!("timeline-swatch", kind.look.swatch())}
                            aria-hidden="true"></span>
                        { &kind.label }
                    </li>
                }) }
                if live.lanes.has_lifetimes() {
                    <li>
                        <span class="timeline-swatch runnable" aria-hidden="true"></span>
                        { "runnable (waiting for a worker)" }
                    </li>
                }
                <li><span class="timeline-swatch idle" aria-hidden="true"></span>{ "idle" }</li>
                if let Some(task) = live.state.highlight {
                    <li>{ format!("task {task} highlighted: click it again, or press Escape, to clear") }</li>
                }
            </ul>
            <p class="help" id="timeline-keys">
                { "Wheel or + and − zoom, drag or ← → pan, 0 fits; Shift+drag selects a range; \
                   click a bar to highlight its task. Tasks shows one lane per task: when it \
                   ran, and its waits, which leave the worker free." }
            </p>
        </div>
    }
}
