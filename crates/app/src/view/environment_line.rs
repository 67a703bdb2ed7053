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
    /// Whether the page is embedded: then a missing shared memory takes one line, not a
    /// paragraph, and only experiments that need it say more.
    #[prop_or_default]
    pub compact: bool,
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
                { format!(" · {} ", env.cores_text()) }
                <button type="button" class="link" id="measure-cores" onclick={Callback::from(|_: MouseEvent| Environment::measure_cores_again())}
                    title="Measure how many cores run at once again (reloads the page)">
                    { "measure again" }
                </button>
                { format!(" · timer resolution {:.0} µs{pool}", env.timer_step_us) }
            </p>
            if !env.shared_memory && props.compact {
                <p class="notice compact" role="status" id="not-isolated">
                    { "No shared memory in this frame: runs use the message-passing backend                        (real threads, without a shared lock, channel or array). " }
                    <a href={props.full_url.clone()} target="_blank" rel="noopener">{ "Open in its own tab" }</a>
                </p>
            } else if !env.shared_memory {
                <div class="notice" role="status" id="not-isolated">
                    <p>
                        <strong>{ if env.isolated {
                            "This browser offers no shared memory to WebAssembly (SharedArrayBuffer                              or shared wasm memories are missing), although the page is cross-origin                              isolated. "
                        } else {
                            "This page is not cross-origin isolated, so the browser withholds shared memory. "
                        } }</strong>
                        { "Runs use the message-passing backend instead: each worker is a separate \
                           Web Worker with its own copy of the engine, given its share of the work and \
                           sending its spans back by message. They are real threads, running in \
                           parallel; what they cannot do is share a lock, a channel or an array, so \
                           the experiments built on those need an isolated page." }
                    </p>
                    <p>{ shared_memory_advice(&env, &props.full_url) }</p>
                </div>
            }
        </>
    }
}

/// How to get shared memory, from where the page is; `full_url` opens the playground
/// with the same settings in a tab of its own.
pub fn shared_memory_advice(env: &Environment, full_url: &AttrValue) -> Html {
    if env.shared_memory {
        html! { "This page asked for message passing (backend=message in its address);                  without it, the page uses shared memory." }
    } else if env.isolated {
        html! { "A browser with WebAssembly threads (a current Chrome, Edge, Firefox or                  Safari with default settings) runs it." }
    } else if env.framed {
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
                { " (./x serve does); in Chromium 137 and later, so does " }
                <code>{ "Document-Isolation-Policy: isolate-and-credentialless" }</code>
                { ", even in a frame of a page that sends neither." }
            </>
        }
    }
}
