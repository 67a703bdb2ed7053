//! The Go editor: CodeMirror 6 (`www/vendor/codemirror.js`, loaded only when Go mode
//! opens, through `globalThis.interleave.goEditor` of `www/main.js`), with the compile
//! errors marked at their lines and listed under it, each a button to its line.

use std::cell::RefCell;
use std::rc::Rc;

use interleave_engine::program::Diagnostic;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A mounted editor (`GoEditor` of `www/vendor/codemirror.d.ts`).
    type EditorHandle;
    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &EditorHandle, text: &str);
    #[wasm_bindgen(method)]
    fn mark(this: &EditorHandle, errors: &JsValue);
    #[wasm_bindgen(method, js_name = focusLine)]
    fn focus_line(this: &EditorHandle, line: u32);
    #[wasm_bindgen(method)]
    fn destroy(this: &EditorHandle);
    /// Loads the editor's module (once) and mounts an editor in `host`.
    #[wasm_bindgen(catch, js_namespace = interleave, js_name = goEditor)]
    fn go_editor(
        host: &web_sys::HtmlElement,
        doc: &str,
        on_change: &js_sys::Function,
        on_run: &js_sys::Function,
        label: &str,
    ) -> Result<js_sys::Promise, JsValue>;
}

/// Props of [`GoEditor`].
#[derive(Properties, PartialEq)]
pub struct GoEditorProps {
    /// The program's text, as the page's state has it.
    pub source: Rc<str>,
    /// The errors to mark, from the last run that did not compile.
    pub errors: Vec<Diagnostic>,
    /// The text changed in the editor.
    pub on_change: Callback<String>,
    /// Ctrl-Enter (Cmd-Enter) was pressed in the editor: run the program.
    pub on_run: Callback<()>,
}

/// Where the editor is: loading, mounted, or failed to load.
#[derive(Default)]
struct Mounted {
    handle: Option<EditorHandle>,
    _on_change: Option<Closure<dyn FnMut(String)>>,
    _on_run: Option<Closure<dyn FnMut()>>,
}

/// The editor and the list of its errors.
#[function_component]
pub fn GoEditor(props: &GoEditorProps) -> Html {
    let host = use_node_ref();
    let mounted = use_mut_ref(Mounted::default);
    let failed = use_state(|| None::<String>);
    let latest = use_mut_ref(|| (props.source.clone(), props.errors.clone()));
    *latest.borrow_mut() = (props.source.clone(), props.errors.clone());
    {
        let (host, mounted, failed, latest) = (
            host.clone(),
            mounted.clone(),
            failed.clone(),
            latest.clone(),
        );
        let callbacks = (props.on_change.clone(), props.on_run.clone());
        use_effect_with((), move |_| {
            mount(&host, &mounted, failed, latest, callbacks);
            move || {
                if let Some(handle) = mounted.borrow_mut().handle.take() {
                    handle.destroy();
                }
            }
        });
    }
    {
        let mounted = mounted.clone();
        use_effect_with(
            (props.source.clone(), props.errors.clone()),
            move |(source, errors)| {
                if let Some(handle) = &mounted.borrow().handle {
                    show(handle, source, errors);
                }
            },
        );
    }
    let go_to = |line: u32| {
        let mounted = mounted.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(handle) = &mounted.borrow().handle {
                handle.focus_line(line);
            }
        })
    };
    html! {
        <div class="go-editor">
            <div class="editor-host" id="editor" ref={host}></div>
            if let Some(message) = &*failed {
                <p class="note" role="alert" id="editor-failed">{ message }</p>
            }
            if !props.errors.is_empty() {
                <ul class="compile-errors" id="compile-errors" aria-label="Compile errors">
                    { for props.errors.iter().map(|e| html! {
                        <li data-line={e.line.to_string()} data-col={e.col.to_string()}>
                            <button class="link" onclick={go_to(e.line)}>
                                { format!("prog.go:{}:{}", e.line, e.col) }
                            </button>
                            { format!(": {}", e.message) }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

/// Puts the page's text and errors into the editor.
fn show(handle: &EditorHandle, source: &str, errors: &[Diagnostic]) {
    handle.set_text(source);
    match serde_wasm_bindgen::to_value(errors) {
        Ok(errors) => handle.mark(&errors),
        Err(e) => web_sys::console::warn_1(&format!("the errors could not be marked: {e}").into()),
    }
}

/// Loads the editor and mounts it in `host`; once mounted it shows the text and errors
/// the page has then.
fn mount(
    host: &NodeRef,
    mounted: &Rc<RefCell<Mounted>>,
    failed: UseStateHandle<Option<String>>,
    latest: Rc<RefCell<(Rc<str>, Vec<Diagnostic>)>>,
    (on_change, on_run): (Callback<String>, Callback<()>),
) {
    let Some(element) = host.cast::<web_sys::HtmlElement>() else {
        return;
    };
    let changed = Closure::<dyn FnMut(String)>::new(move |text: String| on_change.emit(text));
    let run = Closure::<dyn FnMut()>::new(move || on_run.emit(()));
    let source = latest.borrow().0.clone();
    let promise = go_editor(
        &element,
        &source,
        changed.as_ref().unchecked_ref(),
        run.as_ref().unchecked_ref(),
        "Go program",
    );
    let mut slot = mounted.borrow_mut();
    slot._on_change = Some(changed);
    slot._on_run = Some(run);
    drop(slot);
    let mounted = mounted.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = match promise {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await,
            Err(error) => Err(error),
        };
        match loaded {
            Ok(handle) => {
                let handle: EditorHandle = handle.unchecked_into();
                // The page may have left Go mode while the editor loaded.
                if !element.is_connected() {
                    return handle.destroy();
                }
                let (source, errors) = latest.borrow().clone();
                show(&handle, &source, &errors);
                mounted.borrow_mut().handle = Some(handle);
            }
            Err(error) => failed.set(Some(format!(
                "The editor could not load ({}); reload the page to try again.",
                error.as_string().unwrap_or_else(|| format!("{error:?}"))
            ))),
        }
    });
}
