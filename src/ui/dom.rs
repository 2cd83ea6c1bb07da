//! Small, failure-tolerant helpers over the browser: each returns quietly when the browser
//! refuses, because none of these is worth breaking the page for.

use wasm_bindgen::JsCast;

/// Moves keyboard focus to the element with this id once the next frame has rendered, so an
/// element that a reactive update is about to create or move is there to take it.
pub(crate) fn focus_after_render(id: String) {
    leptos::prelude::request_animation_frame(move || {
        let element = leptos::prelude::document()
            .get_element_by_id(&id)
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}
