//! The line that says what this browser allows: isolation, the backend, cores, the pool.

use interleave_engine::Backend;
use yew::prelude::*;

use crate::environment::Environment;
use crate::state::PoolStatus;

/// Props of [`EnvironmentLine`].
#[derive(Properties, PartialEq)]
pub struct EnvironmentLineProps {
    /// The browser's facts.
    pub env: Environment,
    /// How the page's runs use their workers.
    pub backend: Backend,
    /// The pool, to say how many workers are up.
    pub pool: PoolStatus,
    /// The full playground with the same settings, to open in a tab of its own.
    pub full_url: AttrValue,
}

/// Whether the workers share memory here, and if not, why and what that changes.
#[function_component]
pub fn EnvironmentLine(props: &EnvironmentLineProps) -> Html {
    let env = props.env;
    let pool = match props.pool {
        PoolStatus::None => String::new(),
        PoolStatus::Starting(k) => format!(" · starting {k} workers…"),
        PoolStatus::Ready { workers, start_ms } => {
            format!(
                " · pool of {workers} Web Worker{} ready in {start_ms:.0} ms",
                if workers == 1 { "" } else { "s" }
            )
        }
    };
    html! {
        <>
            <p class="environment" id="environment">
                { format!(
                    "Cross-origin isolated: {} · backend: ",
                    if env.isolated { "yes" } else { "no" },
                ) }
                <strong id="backend">{ props.backend.label() }</strong>
                { format!(
                    " · {} core{} reported by the browser · timer resolution {:.0} µs{pool}",
                    env.cores,
                    if env.cores == 1 { "" } else { "s" },
                    env.timer_step_us,
                ) }
            </p>
            if !env.isolated {
                <div class="notice" role="status" id="not-isolated">
                    <p>
                        <strong>{ "This page is not cross-origin isolated, so the browser withholds shared memory. " }</strong>
                        { "Runs use the message-passing backend instead: each worker is a separate \
                           Web Worker with its own copy of the engine, given its share of the work and \
                           sending its spans back by message. They are real threads, running in \
                           parallel; what they cannot do is share a lock, a channel or an array, so \
                           the experiments built on those need an isolated page." }
                    </p>
                    <p>{ isolation_advice(env.framed, &props.full_url) }</p>
                </div>
            }
        </>
    }
}

/// What makes the page isolated, from where it is; `full_url` opens the playground with
/// the same settings in a tab of its own.
pub fn isolation_advice(framed: bool, full_url: &AttrValue) -> Html {
    if framed {
        html! {
            <>
                { "The page that embeds this one does not send the headers that isolation needs. " }
                <a href={full_url.clone()} target="_blank" rel="noopener" class="open-own-tab">
                    { "Open the playground in its own tab" }
                </a>
                { " to get shared memory." }
            </>
        }
    } else {
        html! {
            <>
                { "A server makes a page isolated by sending " }
                <code>{ "Cross-Origin-Opener-Policy: same-origin" }</code>
                { " and " }
                <code>{ "Cross-Origin-Embedder-Policy: require-corp" }</code>
                { " (cargo xtask serve does)." }
            </>
        }
    }
}
