//! Saving something the page made (a trace, a table) as a file the visitor downloads.

use wasm_bindgen::{JsCast, JsValue};

/// Offers `blob` as a download named `filename`, through a temporary link.
pub fn download_blob(blob: &web_sys::Blob, filename: &str) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(filename);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}

/// Offers `text` as a download of type `mime` named `filename`; failures go to the
/// console, since there is nothing better the page can do about them.
pub fn download_text(text: &str, mime: &str, filename: &str) {
    let result = (|| {
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        download_blob(&blob, filename)
    })();
    if let Err(e) = result {
        web_sys::console::error_2(&"Interleave: the download failed:".into(), &e);
    }
}
