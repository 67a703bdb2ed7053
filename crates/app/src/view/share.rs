//! Share and Embed: a link to the current settings, and an iframe snippet for tutorials.

use yew::prelude::*;

/// Props of [`Share`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The query string of the current settings.
    pub query: String,
}

/// The page's own origin, e.g. `http://127.0.0.1:8080`.
fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The snippet a tutorial author pastes to embed the current experiment.
pub fn snippet(query: &str) -> String {
    format!(
        "<iframe src=\"{}/{query}&embed=1\" title=\"Interleave experiment\" width=\"100%\" \
         height=\"640\" style=\"border:0\" loading=\"lazy\" allow=\"cross-origin-isolated\"></iframe>",
        origin()
    )
}

/// Copies a link to the current settings, or shows the embed snippet.
#[function_component]
pub fn Share(props: &ShareProps) -> Html {
    let copied = use_state(|| false);
    let show_embed = use_state(|| false);
    let link = format!("{}/{}", origin(), props.query);
    let on_share = {
        let (copied, link) = (copied.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&link);
                copied.set(true);
            }
        })
    };
    let on_embed = {
        let show_embed = show_embed.clone();
        Callback::from(move |_: MouseEvent| show_embed.set(!*show_embed))
    };
    html! {
        <div class="share">
            <div class="actions">
                <button id="share" onclick={on_share}>{ "Share" }</button>
                <button id="embed" onclick={on_embed} aria-expanded={show_embed.to_string()}>{ "Embed" }</button>
                if *copied {
                    <span class="help" role="status">{ "Link copied: it opens these settings." }</span>
                }
            </div>
            if *show_embed {
                <div class="embed-snippet">
                    <label for="embed-code">{ "Paste this into your page:" }</label>
                    <textarea id="embed-code" readonly=true rows="3" value={snippet(&props.query)} />
                    <p class="help">
                        { "For shared memory inside the frame, the host page must be cross-origin isolated: send " }
                        <code>{ "Cross-Origin-Opener-Policy: same-origin" }</code>
                        { " and " }
                        <code>{ "Cross-Origin-Embedder-Policy: require-corp" }</code>
                        { " with your page (the playground already sends " }
                        <code>{ "Cross-Origin-Resource-Policy: cross-origin" }</code>
                        { "). Without them the frame still runs real threads, on the message-passing \
                           backend; experiments whose tasks share memory say so and link here. Add " }
                        <code>{ "&autorun=1" }</code>
                        { " to run on load, " }
                        <code>{ "&theme=dark" }</code>
                        { " or " }
                        <code>{ "light" }</code>
                        { " to fix the colours. The frame also takes commands by postMessage (see the README)." }
                    </p>
                </div>
            }
        </div>
    }
}
