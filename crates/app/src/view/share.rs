//! Share and Embed: a link to the current settings, and an iframe snippet for tutorials,
//! with the options an author picks (size to content, autorun, lock, theme, view,
//! caption) and a Copy button.

use interleave_engine::embed::{self, EmbedOptions, MAX_CAPTION, Panels, Theme, TimelineView};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`Share`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The query string of the current settings (experiment, workers, parameters).
    pub settings: String,
    /// The URL options the page was opened with: the shared link keeps them, and the
    /// snippet starts from its view and theme.
    pub options: EmbedOptions,
    /// The experiment's title, which names the frame for screen readers.
    pub title: AttrValue,
}

/// The page's own origin, e.g. `http://127.0.0.1:8080`.
fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The snippet a tutorial author pastes to embed the experiment of `settings` with
/// `options`: the iframe, named after the experiment (two frames on one page are told
/// apart), and, when it sizes itself (`height=auto`), the three lines of script that
/// size the iframe to what it posts.
pub fn snippet(settings: &str, options: &EmbedOptions, title: &str) -> String {
    let origin = origin();
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    let src = escape(&format!(
        "{origin}/{settings}{}",
        embed::query_suffix(options)
    ));
    let frame = format!(
        "<iframe src=\"{src}\" title=\"Interleave: {}\" width=\"100%\" height=\"640\" \
         style=\"border:0\" loading=\"lazy\" allow=\"cross-origin-isolated\"></iframe>",
        escape(title)
    );
    if !options.auto_height {
        return frame;
    }
    format!(
        "{frame}\n\
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

/// The embed options a tutorial's frame starts from: embedded, sized to its content,
/// with the page's backend, view and theme.
fn starting_options(page: &EmbedOptions) -> EmbedOptions {
    EmbedOptions {
        embed: true,
        autorun: false,
        theme: page.theme,
        backend: page.backend,
        view: page.view,
        auto_height: true,
        lock: false,
        caption: None,
        title: None,
        panels: Panels::ALL,
    }
}

/// Copies a link to the current settings, or shows the embed snippet and its options.
#[function_component]
pub fn Share(props: &ShareProps) -> Html {
    let copied = use_state(|| false);
    let show_embed = use_state(|| false);
    let link = format!(
        "{}/{}{}",
        origin(),
        props.settings,
        embed::query_suffix(&props.options)
    );
    let on_share = copy_on_click(link, copied.clone());
    let chosen = use_state(|| starting_options(&props.options));
    // Opened, the dialog starts from the page as it is now (the timeline's view too).
    let on_embed = {
        let (show_embed, chosen, page) =
            (show_embed.clone(), chosen.clone(), props.options.clone());
        Callback::from(move |_: MouseEvent| {
            if !*show_embed {
                chosen.set(starting_options(&page));
            }
            show_embed.set(!*show_embed);
        })
    };
    let code = snippet(&props.settings, &chosen, &props.title);
    let snippet_copied = use_state(|| false);
    let on_copy = copy_on_click(code.clone(), snippet_copied.clone());
    // Each option changes one field of the chosen options.
    let toggle = |set: fn(&mut EmbedOptions, bool)| {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*chosen).clone();
            set(&mut next, input.checked());
            chosen.set(next);
        })
    };
    let pick = |set: fn(&mut EmbedOptions, &str)| {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let mut next = (*chosen).clone();
            set(&mut next, &select.value());
            chosen.set(next);
        })
    };
    let on_caption = {
        let chosen = chosen.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let text: String = input.value().chars().take(MAX_CAPTION).collect();
            let mut next = (*chosen).clone();
            next.caption = (!text.trim().is_empty()).then_some(text);
            chosen.set(next);
        })
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
                    <fieldset class="embed-options">
                        <legend>{ "Options" }</legend>
                        <label><input type="checkbox" id="embed-auto-height" checked={chosen.auto_height}
                            onchange={toggle(|o, on| o.auto_height = on)} />{ " Size the frame to its content" }</label>
                        <label><input type="checkbox" id="embed-autorun" checked={chosen.autorun}
                            onchange={toggle(|o, on| o.autorun = on)} />{ " Run when the page loads" }</label>
                        <label><input type="checkbox" id="embed-lock" checked={chosen.lock}
                            onchange={toggle(|o, on| o.lock = on)} />{ " Keep the reader on this experiment" }</label>
                        <label>{ "Theme " }
                            <select id="embed-theme" onchange={pick(|o, v| o.theme = Theme::from_word(v).unwrap_or(Theme::Auto))}>
                                <option value="auto" selected={chosen.theme == Theme::Auto}>{ "as the reader's system" }</option>
                                <option value="light" selected={chosen.theme == Theme::Light}>{ "light" }</option>
                                <option value="dark" selected={chosen.theme == Theme::Dark}>{ "dark" }</option>
                            </select>
                        </label>
                        <label>{ "Timeline " }
                            <select id="embed-view" onchange={pick(|o, v| o.view = TimelineView::from_word(v).unwrap_or_default())}>
                                <option value="workers" selected={chosen.view == TimelineView::Workers}>{ "one lane per worker" }</option>
                                <option value="tasks" selected={chosen.view == TimelineView::Tasks}>{ "one lane per task" }</option>
                            </select>
                        </label>
                        <label>{ "Caption " }
                            <input type="text" id="embed-caption" maxlength={MAX_CAPTION.to_string()}
                                placeholder="a line of yours above the experiment" oninput={on_caption} />
                        </label>
                    </fieldset>
                    <label for="embed-code">{ "Paste this into your page:" }</label>
                    <textarea id="embed-code" readonly=true rows="7" value={code} />
                    <div class="actions">
                        <button id="copy-embed" onclick={on_copy}>{ "Copy" }</button>
                        if *snippet_copied {
                            <span class="help" role="status">{ "Copied." }</span>
                        }
                    </div>
                    <p class="help">
                        { "In Chrome and Edge the frame gets shared memory on any page. In other \
                           browsers it needs a host page that is cross-origin isolated: send " }
                        <code>{ "Cross-Origin-Opener-Policy: same-origin" }</code>
                        { " and " }
                        <code>{ "Cross-Origin-Embedder-Policy: require-corp" }</code>
                        { " with your page. Without shared memory the frame still runs real threads, \
                           on the message-passing backend; experiments whose tasks share memory say so \
                           and link here. The frame also takes commands by postMessage (see the README)." }
                    </p>
                </div>
            }
        </div>
    }
}
