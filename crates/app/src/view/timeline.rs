//! The per-worker timeline component: a canvas that follows its container's width.

use std::rc::Rc;

use interleave_engine::RunReport;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{HtmlCanvasElement, HtmlElement, ResizeObserver};
use yew::prelude::*;

use crate::view::timeline_draw;

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The run to draw.
    pub report: Rc<RunReport>,
}

/// One lane per worker for each variant, on one shared time axis.
#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let wrapper = use_node_ref();
    let canvas = use_node_ref();
    let width = use_state(|| 0.0_f64);

    // Track the wrapper's width, so the canvas is redrawn crisp at any size.
    {
        let wrapper = wrapper.clone();
        let width = width.clone();
        use_effect_with((), move |_| {
            let element: Option<HtmlElement> = wrapper.cast();
            let observer = element.and_then(|element| {
                width.set(f64::from(element.client_width()));
                let measured = element.clone();
                let on_resize = Closure::<dyn FnMut()>::new(move || {
                    width.set(f64::from(measured.client_width()));
                });
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
        let canvas = canvas.clone();
        use_effect_with((props.report.clone(), *width), move |(report, width)| {
            if let Some(canvas) = canvas.cast::<HtmlCanvasElement>()
                && *width > 0.0
            {
                timeline_draw::draw(&canvas, report, *width);
            }
        });
    }

    let report = &props.report;
    let label = format!(
        "Timeline of {} variants on {} worker{}; the table of spans below lists every bar.",
        report.variants.len(),
        report.workers,
        if report.workers == 1 { "" } else { "s" }
    );
    html! {
        <div class="timeline" ref={wrapper}>
            <canvas id="timeline" ref={canvas} role="img" aria-label={label}
                data-lanes={report.workers.to_string()} />
        </div>
    }
}
