//! The line that says what this browser allows: isolation, cores, the pool.

use yew::prelude::*;

use crate::environment::Environment;
use crate::state::PoolStatus;

/// Props of [`EnvironmentLine`].
#[derive(Properties, PartialEq)]
pub struct EnvironmentLineProps {
    /// The browser's facts.
    pub env: Environment,
    /// The pool, to say how many workers are up.
    pub pool: PoolStatus,
}

/// Whether threads are available here, and if not, why and what to do.
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
                    "Cross-origin isolated: {} · {} core{} reported by the browser · timer resolution {:.0} µs{pool}",
                    if env.isolated { "yes" } else { "no" },
                    env.cores,
                    if env.cores == 1 { "" } else { "s" },
                    env.timer_step_us,
                ) }
            </p>
            if !env.isolated {
                <div class="warning" role="alert" id="not-isolated">
                    <p><strong>{ "Threads are unavailable on this page." }</strong></p>
                    <p>
                        { "The page is not cross-origin isolated, so the browser withholds the \
                           shared memory that WebAssembly threads need, and no experiment can run \
                           on real workers here. A server makes a page isolated by sending the \
                           headers " }
                        <code>{ "Cross-Origin-Opener-Policy: same-origin" }</code>
                        { " and " }
                        <code>{ "Cross-Origin-Embedder-Policy: require-corp" }</code>
                        { " (cargo xtask serve does). Inside a frame, the host page must be isolated too." }
                    </p>
                    <p><a href={current_url()} target="_blank" rel="noopener">{ "Open the playground in its own tab" }</a></p>
                </div>
            }
        </>
    }
}

fn current_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_else(|| "/".into())
}
