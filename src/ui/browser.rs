//! The planner's only contact with the browser's storage and address bar: the link fragment and
//! the user's saved topology. Every call tolerates a browser that refuses (storage disabled, a
//! sandboxed frame): the page then works without it.

use wasm_bindgen::JsValue;

/// The key the user's own topology is saved under, as a share link (versioned, compact).
pub(crate) const SAVED_TOPOLOGY_KEY: &str = "kasm-topology-planner:topology";

/// The link fragment, without `#`; empty when there is none.
pub(crate) fn fragment() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

/// Puts `link` in the address bar without adding a history entry.
pub(crate) fn replace_fragment(link: &str) {
    if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{link}")));
    }
}

/// The page's address without query or fragment.
pub(crate) fn page_address() -> String {
    web_sys::window()
        .map(|window| window.location())
        .and_then(|location| {
            let origin = location.origin().ok()?;
            let path = location.pathname().ok()?;
            Some(format!("{origin}{path}"))
        })
        .unwrap_or_default()
}

/// The page's address with `link` as its fragment: what "Share link" holds.
pub(crate) fn url_with_fragment(link: &str) -> String {
    format!("{}#{link}", page_address())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// What the browser holds of the user's saved topology.
pub(crate) enum Saved {
    /// Nothing saved yet.
    Nothing,
    /// A saved link (which may or may not read as a topology).
    Link(String),
    /// The browser refuses storage: disabled, or a private mode that throws.
    Unavailable,
}

/// The user's saved topology link, or why there is none.
pub(crate) fn saved() -> Saved {
    match storage().map(|storage| storage.get_item(SAVED_TOPOLOGY_KEY)) {
        Some(Ok(Some(link))) => Saved::Link(link),
        Some(Ok(None)) => Saved::Nothing,
        Some(Err(_)) | None => Saved::Unavailable,
    }
}

/// Saves the user's topology link; `false` when the browser refuses (storage off or full).
pub(crate) fn save_link(link: &str) -> bool {
    storage().is_some_and(|storage| storage.set_item(SAVED_TOPOLOGY_KEY, link).is_ok())
}
