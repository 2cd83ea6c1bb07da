//! Embed mode: the diagram and/or the placement table, read-only, for docs pages. A good guest:
//! it never touches localStorage, opens no dialog and never changes its own URL or history; it
//! tells its parent its height whenever that changes.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::diagram::layout::{layout_to_fit, WIDE_FROM};
use crate::diagram::svg;
use crate::engine::plan;
use crate::share::embed::{EmbedOptions, PageScheme, Theme};
use crate::share::{encode, open};
use crate::ui::browser;
use crate::ui::placement_table::PlacementTable;

/// The message an embed posts to its parent: `{ type: "kasm-topology:resize", height }`.
fn resize_message(height: i32) -> js_sys::Object {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"kasm-topology:resize".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    message
}

/// Posts the embed's content height to the parent window: once mounted, when the page has loaded
/// (stylesheet and fonts), and whenever the content resizes. It measures the content, not the
/// document: a document is never shorter than its frame, so it could not shrink. It does not wait
/// for an animation frame, which browsers withhold from off-screen cross-origin frames.
fn report_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let Ok(Some(content)) = leptos::prelude::document().query_selector("main.embed") else {
        return;
    };
    let measured = content.clone();
    let last = std::cell::Cell::new(-1);
    let post = move || {
        // Whole pixels, rounded up, so the frame never cuts the last line.
        let height = measured.get_bounding_client_rect().height().ceil() as i32;
        if height != last.get() {
            last.set(height);
            let _ = parent.post_message(&resize_message(height), "*");
        }
    };
    post();
    // One callback for both the observer and the load event; it lives as long as the page.
    let callback = Closure::<dyn FnMut()>::new(post);
    let _ = window.add_event_listener_with_callback("load", callback.as_ref().unchecked_ref());
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&content);
        // Dropping the observer's handle would let the browser collect it, and the embed would
        // stop reporting its height.
        std::mem::forget(observer);
    }
    callback.forget();
}

/// Gives the embed a colour scheme (the stylesheet's `data-theme`).
fn set_scheme(scheme: PageScheme) {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-theme", scheme.word());
    }
}

/// Follows the scheme of the page the embed is in: `{ type: "kasm-topology:theme", theme }`
/// messages, from the parent window only (`embed.js` posts one when the page's palette
/// changes). Any origin may frame an embed, so the message is checked for its source and its
/// words, not its origin; all it can do is pick light or dark.
fn follow_the_page() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let listener =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            // Compared as values: the parent's window is of another realm, where `instanceof
            // Window` (what a checked cast asks) is false.
            let from_parent = event.source().map(wasm_bindgen::JsValue::from)
                == Some(wasm_bindgen::JsValue::from(parent.clone()));
            let data = event.data();
            let field = |name: &str| {
                js_sys::Reflect::get(&data, &name.into())
                    .ok()
                    .and_then(|value| value.as_string())
            };
            if from_parent && field("type").as_deref() == Some("kasm-topology:theme") {
                if let Some(scheme) = field("theme").as_deref().and_then(PageScheme::from_word) {
                    set_scheme(scheme);
                }
            }
        });
    let _ = window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    listener.forget();
}

/// The read-only embed.
#[component]
pub fn EmbedApp(
    /// What to show and how, from the embed URL.
    options: EmbedOptions,
) -> impl IntoView {
    let fragment = browser::fragment();
    let opening = open(&fragment, None);
    // An embed with no topology in its link has nothing to show but why.
    let error = opening.error.as_ref().map(ToString::to_string).or_else(|| {
        fragment
            .trim()
            .is_empty()
            .then(|| "it holds no topology (the part after # is empty)".to_owned())
    });
    // The embed shows one topology, read-only: its plan, its link and the zone pointed at are
    // all it keeps (no history, notices or saving; it never reads or writes storage).
    let topology = opening.shown;
    let planned = {
        let planned = plan(&topology);
        Memo::new_with_compare(move |_| planned.clone(), |_, _| true)
    };
    let hovered = RwSignal::new(None::<usize>);
    match options.theme {
        Theme::Light => set_scheme(PageScheme::Light),
        Theme::Dark => set_scheme(PageScheme::Dark),
        Theme::Auto => {}
        Theme::Page(at_load) => {
            if let Some(scheme) = at_load {
                set_scheme(scheme);
            }
            follow_the_page();
        }
    }
    let link = encode(&topology);
    // The frame's width: the diagram takes the shape that fits the docs column. Guessed from the
    // page's width (less the embed's padding and the frame's border) for the first drawing, so
    // that the first height the embed reports is already right: a frame out of view may report
    // no other until the reader scrolls to it. Measured once the frame is there.
    let guess = leptos::prelude::document()
        .document_element()
        .map(|page| page.client_width() - 18);
    let room = RwSignal::new(guess.filter(|width| *width > 0));
    let narrow = options.narrow;
    let diagram = move || {
        let room = room.get().unwrap_or(WIDE_FROM);
        let room = if narrow {
            room.min(WIDE_FROM - 1)
        } else {
            room
        };
        planned.with_untracked(|plan| {
            svg::render(&layout_to_fit(&topology, plan, room), svg::Use::Page)
        })
    };
    let frame: NodeRef<leptos::html::Div> = NodeRef::new();
    frame.on_load(move |frame| crate::ui::dom::watch_width(&frame, room));
    // A link that does not open shows only why: never a default topology that the reader could
    // take for the one meant, nor a way into the planner with it.
    let shown = error.is_none();
    let page = view! {
        <main class="embed">
            {options.title.map(|title| view! { <h1 class="embed-title">{title}</h1> })}
            {error.map(|error| {
                view! {
                    <p role="alert" class="errors">
                        {format!("This topology link could not be opened: {error}.")}
                    </p>
                }
            })}
            {(shown && options.show.diagram()).then(|| view! { <div class="diagram-frame embed-diagram" node_ref=frame inner_html=diagram></div> })}
            {(shown && options.show.table()).then(|| view! { <PlacementTable plan=planned hovered=hovered /> })}
            {shown.then(|| view! {
                <p class="embed-open">
                    <a href=format!("index.html#{link}") target="_blank" rel="noopener">
                        "Open in planner"
                    </a>
                </p>
            })}
        </main>
    };
    // Effects run once the view is in the document, in the order they were made: this one after
    // the table's, which writes its rows, so that the first height reported holds them.
    Effect::new(move |_| report_height());
    page
}
