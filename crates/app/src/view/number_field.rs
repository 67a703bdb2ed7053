//! A number input that keeps what the user is typing until they commit it, and shows
//! its value with digit grouping ("200,000,000"), which a `type="number"` input cannot.

use interleave_engine::analysis::format_count;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`NumberField`].
#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    /// The element's id, for its label.
    pub id: AttrValue,
    /// The value the state holds, shown whenever the user is not typing.
    pub value: u64,
    /// Called with the raw text when the user commits it (Enter, or leaving the field);
    /// the owner validates it.
    pub on_commit: Callback<String>,
    /// Whether the field is disabled.
    #[prop_or_default]
    pub disabled: bool,
    /// The id of the text that describes the field (its bounds), if any.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
}

/// A number field whose text survives re-renders while it is edited.
///
/// yew sets an input's `value` back to the one rendered at every re-render of its
/// component, and the page re-renders often (the pool becoming ready, each variant of a
/// run arriving): a field bound straight to the state lost what the user was typing.
/// This one shows the draft while there is one and the state's value otherwise.
#[function_component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    let draft = use_state(|| None::<String>);
    let on_input = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            draft.set(Some(input.value()));
        })
    };
    let on_change = {
        let (draft, on_commit) = (draft.clone(), props.on_commit.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_commit.emit(input.value());
            // From now on the field shows the value the owner made of it.
            draft.set(None);
        })
    };
    // Grouped digits read at a glance; the engine's parser accepts them back, with
    // underscores and spaces too.
    let shown = (*draft)
        .clone()
        .unwrap_or_else(|| format_count(props.value));
    html! {
        <input
            id={props.id.clone()}
            type="text"
            inputmode="numeric"
            autocomplete="off"
            spellcheck="false"
            class="number"
            value={shown}
            aria-describedby={props.described_by.clone()}
            oninput={on_input}
            onchange={on_change}
            disabled={props.disabled}
        />
    }
}
