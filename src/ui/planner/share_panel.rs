//! Sharing: the link field with its copy button, the banner shown over someone else's topology,
//! a link pasted into the address bar, and the undo shortcuts. Saving is `super::keeping`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::browser;
use crate::ui::dom::copy_to_clipboard;
use crate::ui::planner::state::use_planner;

/// Undo on Ctrl+Z, redo on Ctrl+Shift+Z or Ctrl+Y (Cmd on macOS), anywhere on the page: the
/// planner's history includes every key typed in a name, so it replaces those fields' own undo.
/// A text area (the JSON to import) keeps the browser's undo: its text is not in the history.
pub(crate) fn undo_shortcuts() {
    let planner = use_planner();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        let in_text_area = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .is_some();
        if in_text_area {
            return;
        }
        match (ev.key().to_ascii_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => planner.undo(),
            ("z", true) | ("y", false) => planner.redo(),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
}

/// Opens a link pasted into the address bar of the open page.
pub(crate) fn follow_address_bar() {
    let planner = use_planner();
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let fragment = browser::fragment();
        if planner.link.with_untracked(|link| fragment != *link) {
            let _ = planner.open_link(&fragment);
        }
    });
    on_cleanup(move || handle.remove());
}

/// The "Undo" and "Redo" buttons.
#[component]
pub fn UndoRedo() -> impl IntoView {
    let planner = use_planner();
    view! {
        <div class="undo-redo">
            <button
                type="button"
                aria-keyshortcuts="Control+Z"
                title="Undo (Ctrl+Z)"
                disabled=move || !planner.can_undo()
                on:click=move |_| planner.undo()
            >
                "Undo"
            </button>
            <button
                type="button"
                aria-keyshortcuts="Control+Shift+Z"
                title="Redo (Ctrl+Shift+Z)"
                disabled=move || !planner.can_redo()
                on:click=move |_| planner.redo()
            >
                "Redo"
            </button>
        </div>
    }
}

/// Shown while someone else's topology is on screen, with the two ways out.
#[component]
pub fn SharedBanner() -> impl IntoView {
    let planner = use_planner();
    let shown = move || planner.own_kept.with(Option::is_some);
    move || {
        shown().then(|| view! {
            <div class="banner" role="region" aria-label="Shared topology">
                <p>
                    <strong>"You are looking at a shared topology."</strong>
                    " Your own topology is kept as it was; changes made here are not saved unless you keep this one."
                </p>
                <div class="banner-actions">
                    <button type="button" class="primary-action" on:click=move |_| planner.keep_shared()>
                        "Keep this topology"
                    </button>
                    <button type="button" on:click=move |_| planner.back_to_own()>
                        "Back to my topology"
                    </button>
                </div>
            </div>
        })
    }
}

/// The "Share link" field and "Copy link" button.
#[component]
pub fn SharePanel() -> impl IntoView {
    let planner = use_planner();
    let url = Memo::new(move |_| planner.link.with(|link| browser::url_with_fragment(link)));
    // The link the last copy was of, and whether the browser refused it: the status line says
    // so while that link is on show, and a new topology makes it untrue without a reset.
    let copied = RwSignal::new(None::<String>);
    let refused = RwSignal::new(false);
    let field: NodeRef<leptos::html::Input> = NodeRef::new();
    let copy = move |_| {
        let link = url.get_untracked();
        copy_to_clipboard(&link.clone(), move |done| {
            if !done {
                if let Some(input) = field.get_untracked() {
                    input.select();
                }
            }
            refused.set(!done);
            copied.set(Some(link));
        });
    };
    let status = move || {
        let shown = url.with(|now| copied.with(|copied| copied.as_ref() == Some(now)));
        match (shown, refused.get()) {
            (false, _) => "",
            (true, false) => "Link copied to the clipboard.",
            (true, true) => "Copying was refused: the link is selected, press Ctrl+C to copy it.",
        }
    };
    view! {
        <section class="share" aria-labelledby="share-heading">
            <h2 id="share-heading">"Share"</h2>
            <p class="hint">"The link holds the whole topology; whoever opens it sees these zones."</p>
            <div class="share-row">
                <label for="share-link" class="visually-hidden">"Share link"</label>
                <input
                    id="share-link"
                    node_ref=field
                    type="text"
                    readonly
                    prop:value=move || url.get()
                    on:focus=move |ev| {
                        if let Some(input) = ev
                            .target()
                            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
                        {
                            input.select();
                        }
                    }
                />
                <button type="button" class="primary-action" on:click=copy>
                    "Copy link"
                </button>
            </div>
            <p class="copied" role="status">{status}</p>
        </section>
    }
}
