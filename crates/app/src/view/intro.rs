//! The page's opening picture: the teaching material's coffee shop, told in a few lines
//! and run for real ([`COFFEE_SHOP`]). An order is a task, brewing a wait that frees the
//! worker, making the drink computing, and a barista a worker.

use interleave_engine::measure::plural;
use interleave_engine::presets::COFFEE_SHOP;
use yew::prelude::*;

/// Props of [`Intro`].
#[derive(Properties, PartialEq)]
pub struct IntroProps {
    /// Whether a run or a batch is going.
    pub busy: bool,
    /// Whether the page can run the coffee shop's experiment.
    pub runnable: bool,
    /// The cores the page measured: a barista per core.
    pub cores: u32,
    /// Runs the coffee shop.
    pub on_run: Callback<()>,
}

/// The coffee shop, and a button that serves its orders on this machine.
#[function_component]
pub fn Intro(props: &IntroProps) -> Html {
    let baristas = COFFEE_SHOP.workers.on(props.cores);
    let orders = COFFEE_SHOP
        .params
        .iter()
        .find(|(key, _)| *key == "tasks")
        .map_or(0, |(_, n)| *n);
    let on_click = props.on_run.reform(|_: MouseEvent| ());
    html! {
        <section class="intro" aria-labelledby="intro-title">
            <h2 id="intro-title">{ "One barista, many orders" }</h2>
            <p>
                { "A barista takes an order, starts the coffee brewing, and takes the next \
                   order while it brews: several orders are under way at once, with one pair \
                   of hands. That is concurrency, the structure of the work. A second barista \
                   makes a second drink at the same moment: that is parallelism, a property of \
                   how the work is carried out." }
            </p>
            <p>
                { format!(
                    "Here an order is a task, brewing is a wait that frees its worker, making \
                     the drink is computing, and a barista is a worker: a Web Worker, a real \
                     thread. The shop serves {} three ways: one order after another; by one \
                     barista, who takes the next order while the last one brews; and by {}. \
                     The results show who did what, and when.",
                    plural(orders, "order"),
                    plural(baristas, "barista"),
                ) }
            </p>
            <div class="actions">
                <button id="coffee-shop" class="primary" onclick={on_click}
                    disabled={props.busy || !props.runnable}>
                    { format!("Serve {}", plural(orders, "order")) }
                </button>
            </div>
        </section>
    }
}
