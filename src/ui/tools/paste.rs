//! A text to open, pasted or chosen as a file: what the JSON import and "Check my values" share.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A text to open, pasted or chosen as a file: the textarea, its button and the file picker.
/// `on_text` gets the text, or why a file could not be read (too large, unreadable).
#[component]
pub(crate) fn PasteOrFile(
    /// The textarea's id.
    id: &'static str,
    /// The textarea's label.
    label: &'static str,
    /// The textarea's placeholder.
    placeholder: &'static str,
    /// The textarea's rows.
    rows: &'static str,
    /// The button that opens the pasted text.
    button: &'static str,
    /// The file picker's label.
    file_label: &'static str,
    /// The file types offered.
    accept: &'static str,
    /// Largest file read, in bytes; a larger one is refused unread.
    max_bytes: usize,
    /// What to do with the text, or with why there is none.
    on_text: Callback<Result<String, String>>,
) -> impl IntoView {
    let pasted = RwSignal::new(String::new());
    let load_file = move |ev: leptos::ev::Event| {
        let file = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else { return };
        if file.size() > max_bytes as f64 {
            on_text.run(Err(format!(
                "the file is {} bytes, more than {max_bytes}",
                file.size()
            )));
            return;
        }
        let promise = file.text();
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(text) => on_text.run(Ok(text.as_string().unwrap_or_default())),
                Err(_) => on_text.run(Err("the file could not be read".into())),
            }
        });
    };
    view! {
        <label for=id>{label}</label>
        <textarea
            id=id
            rows=rows
            spellcheck="false"
            placeholder=placeholder
            prop:value=move || pasted.get()
            on:input=move |ev| pasted.set(event_target_value(&ev))
        ></textarea>
        <div class="export-actions">
            <button type="button" on:click=move |_| on_text.run(Ok(pasted.get_untracked()))>
                {button}
            </button>
            <label class="file-button">
                {file_label}
                <input type="file" accept=accept on:change=load_file />
            </label>
        </div>
    }
}
