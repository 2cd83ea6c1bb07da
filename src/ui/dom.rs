//! Small, failure-tolerant helpers over the browser: each returns quietly when the browser
//! refuses, because none of these is worth breaking the page for.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves keyboard focus to the element with this id once the next frame has rendered, so an
/// element that a reactive update is about to create or move is there to take it.
pub(crate) fn focus_after_render(id: String) {
    leptos::prelude::request_animation_frame(move || {
        let Some(element) = leptos::prelude::document().get_element_by_id(&id) else {
            return;
        };
        // A diagram box is an SVG element, which is not an HTMLElement but focuses all the same.
        let _ = match element.dyn_into::<web_sys::HtmlElement>() {
            Ok(html) => html.focus(),
            Err(element) => match element.dyn_into::<web_sys::SvgElement>() {
                Ok(svg) => svg.focus(),
                Err(_) => Ok(()),
            },
        };
    });
}

/// Copies `text` to the clipboard; `done` hears whether the browser allowed it. On a page served
/// over plain HTTP `navigator.clipboard` does not exist at all: that is a refusal too, so the
/// caller's "select and press Ctrl+C" fallback shows.
pub(crate) fn copy_to_clipboard(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(navigator) = web_sys::window().map(|window| window.navigator()) else {
        return done(false);
    };
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).unwrap_or_default();
    if !clipboard.is_object() {
        return done(false);
    }
    let promise = navigator.clipboard().write_text(text);
    leptos::task::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

/// Selects the text of the element `id` (a text field, or any element's contents), for the
/// user to copy with Ctrl+C where the browser refused to copy it.
pub(crate) fn select_text(id: &str) {
    let Some(element) = leptos::prelude::document().get_element_by_id(id) else {
        return;
    };
    if let Some(field) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        field.select();
    } else if let Some(field) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        field.select();
    } else if let Ok(Some(selection)) = leptos::prelude::window().get_selection() {
        let _ = selection.select_all_children(&element);
    }
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

/// How long a download's object URL outlives its click: Firefox and Safari start the download
/// after the click returns, so revoking at once cancels it; a minute covers a slow disk prompt.
const DOWNLOAD_URL_LIFETIME_MS: i32 = 60_000;

/// Offers `blob` as a file download named `file_name`; `false` when the browser refuses.
pub(crate) fn save_blob(file_name: &str, blob: &web_sys::Blob) -> bool {
    let attempt = || -> Option<()> {
        let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
        let anchor = leptos::prelude::document()
            .create_element("a")
            .ok()?
            .dyn_into::<web_sys::HtmlAnchorElement>()
            .ok()?;
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
        let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                revoke.unchecked_ref(),
                DOWNLOAD_URL_LIFETIME_MS,
            )
            .ok()?;
        Some(())
    };
    attempt().is_some()
}

/// Offers `text` as a file download named `file_name`; `false` when the browser refuses.
pub(crate) fn download(file_name: &str, media_type: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&format!("{media_type};charset=utf-8"));
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .is_ok_and(|blob| save_blob(file_name, &blob))
}

/// Marks, among the elements under `root` that match `selector` (each with a `data-zone`), those
/// of zone `hovered` with the class `hovered`, and clears the mark from the others.
pub(crate) fn mark_zone(root: &web_sys::Element, selector: &str, hovered: Option<usize>) {
    let Ok(marked) = root.query_selector_all(selector) else {
        return;
    };
    for i in 0..marked.length() {
        if let Some(element) = marked
            .item(i)
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
        {
            let zone = element
                .get_attribute("data-zone")
                .and_then(|zone| zone.parse::<usize>().ok());
            let _ = element
                .class_list()
                .toggle_with_force("hovered", zone.is_some() && zone == hovered);
        }
    }
}

/// The zone (its `data-zone` index) of the element an event happened on, if it is in one.
pub(crate) fn zone_under(ev: &web_sys::Event) -> Option<usize> {
    closest_with(ev, "data-zone")?
        .get_attribute("data-zone")?
        .parse()
        .ok()
}

/// The element under an event that carries `attribute`, if any.
pub(crate) fn closest_with(ev: &web_sys::Event, attribute: &str) -> Option<web_sys::Element> {
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(&format!("[{attribute}]"))
        .ok()?
}

/// Keeps the `hovered` mark on the elements matching `selector` under `root` in step with the
/// zone pointed at (`hovered`), also after what `redrawn` tracks has written them anew.
pub(crate) fn mark_hovered_zone(
    hovered: RwSignal<Option<usize>>,
    redrawn: impl Fn() + 'static,
    selector: &'static str,
    root: impl Fn() -> Option<web_sys::Element> + 'static,
) {
    Effect::new(move |_| {
        let zone = hovered.get();
        redrawn();
        if let Some(root) = root() {
            mark_zone(&root, selector, zone);
        }
    });
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `kasmPatch` of web/boot.js, which starts every page: makes the children of `container`
    /// show `markup` (`crate::diagram::svg::Pieces`), rewriting only the elements that changed
    /// since its last call on that container, and all of them the first time.
    #[wasm_bindgen(js_name = kasmPatch)]
    pub(crate) fn patch(container: &web_sys::Element, markup: &str);
}

/// Keeps `room` at the width of `element`'s content, in CSS pixels rounded down to a multiple
/// of 8 (so a window dragged wider redraws the diagram a few times, not at every pixel), from
/// now on for as long as the page lives.
pub(crate) fn watch_width(element: &web_sys::Element, room: RwSignal<Option<i32>>) {
    let measured = element.clone();
    let measure = move || {
        let width = measured.client_width() / 8 * 8;
        if width > 0 && room.get_untracked() != Some(width) {
            room.set(Some(width));
        }
    };
    measure();
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(measure);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(element);
        // Dropped, the observer would be collected and the diagram would stop following.
        std::mem::forget(observer);
    }
    callback.forget();
}
