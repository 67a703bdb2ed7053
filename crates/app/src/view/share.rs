//! Share and Embed: a link to the current settings, and an iframe snippet for tutorials.

use yew::prelude::*;

/// Props of [`Share`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The query string of the current settings.
    pub query: String,
    /// The experiment's title, which names the frame for screen readers.
    pub title: AttrValue,
}

/// The page's own origin, e.g. `http://127.0.0.1:8080`.
fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The snippet a tutorial author pastes to embed the current experiment: the iframe,
/// named after the experiment (two frames on one page are told apart), which posts its
/// height (`height=auto`), and the three lines of script that size the iframe to it.
pub fn snippet(query: &str, title: &str) -> String {
    let origin = origin();
    let title = title
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        "<iframe src=\"{origin}/{query}&embed=1&height=auto\" title=\"Interleave: {title}\" \
         width=\"100%\" height=\"640\" style=\"border:0\" loading=\"lazy\" \
         allow=\"cross-origin-isolated\"></iframe>\n\
         <script>\n\
         addEventListener('message', (e) => {{ if (e.origin !== '{origin}' || e.data?.type !== 'resize') return;\n  \
         for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = `${{e.data.height}}px`;\n\
         }});\n\
         </script>"
    )
}

/// A click handler that copies `text` to the clipboard and sets `copied`, which shows
/// the "copied" line beside the button.
fn copy_on_click(text: String, copied: UseStateHandle<bool>) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&text);
            copied.set(true);
        }
    })
}

/// Copies a link to the current settings, or shows the embed snippet.
#[function_component]
pub fn Share(props: &ShareProps) -> Html {
    let copied = use_state(|| false);
    let show_embed = use_state(|| false);
    let link = format!("{}/{}", origin(), props.query);
    let on_share = copy_on_click(link, copied.clone());
    let on_embed = {
        let show_embed = show_embed.clone();
        Callback::from(move |_: MouseEvent| show_embed.set(!*show_embed))
    };
    let code = snippet(&props.query, &props.title);
    let snippet_copied = use_state(|| false);
    let on_copy = copy_on_click(code.clone(), snippet_copied.clone());
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
                    <textarea id="embed-code" readonly=true rows="7" value={code} />
                    <div class="actions">
                        <button id="copy-embed" onclick={on_copy}>{ "Copy" }</button>
                        if *snippet_copied {
                            <span class="help" role="status">{ "Copied." }</span>
                        }
                    </div>
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
                        { " to fix the colours, " }
                        <code>{ "&lock=1" }</code>
                        { " to keep the reader on this experiment, " }
                        <code>{ "&caption=…" }</code>
                        { " for a line of your own above it and " }
                        <code>{ "&view=tasks" }</code>
                        { " for one timeline lane per task. The script sizes the frame to its content \
                           (height=auto); the frame also takes commands by postMessage (see the README)." }
                    </p>
                </div>
            }
        </div>
    }
}
