//! The tools module: the export and embed panels, built as their own WebAssembly module
//! (`src/tools.rs`) that the page loads when the user first opens one of them (see
//! `super::lazy_tools`). Here they follow a mirror of the page's topology, kept current by the
//! page's [`TOPOLOGY_EVENT`]; an import goes back to the page as an [`IMPORT_EVENT`].

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::embed_panel::EmbedSnippets;
use super::export_panel::ExportPanel;
use super::lazy_tools::{link_of, send_link, EDIT_EVENT, IMPORT_EVENT, OPEN_EVENT, TOPOLOGY_EVENT};
use crate::engine::{Applied, Edit, Topology};
use crate::share::{decode, encode};

/// The page's topology as the tools see it.
#[derive(Clone, Copy)]
pub(crate) struct Mirror {
    /// The topology on the page.
    pub(crate) topology: RwSignal<Topology>,
}

impl Mirror {
    /// Sends a topology to the page to open, as one undoable step there.
    pub(crate) fn import(&self, topology: &Topology) {
        send_link(IMPORT_EVENT, &encode(topology));
    }

    /// Sends a topology read from a values file to the page, which shows it as it shows a
    /// shared link: the user's own topology kept aside, one undoable step.
    pub(crate) fn open(&self, topology: &Topology) {
        send_link(OPEN_EVENT, &encode(topology));
    }

    /// Sends a change of the deployment settings to the page, which makes it an edit there; the
    /// mirror follows when the page sends the result. Says whether a name was cut to fit.
    pub(crate) fn edit(&self, edit: Edit) -> bool {
        let mut next = self.topology.get_untracked();
        let applied = next.apply(&edit);
        if applied.is_ok() {
            send_link(EDIT_EVENT, &encode(&next));
        }
        applied == Ok(Applied::SettingCut)
    }
}

thread_local! {
    /// The one mirror both panels share, made by the first mount.
    static MIRROR: Cell<Option<Mirror>> = const { Cell::new(None) };
}

/// The mirror, made on first use from `link` and then kept current by the page's events.
fn mirror(link: &str) -> Mirror {
    if let Some(mirror) = MIRROR.with(Cell::get) {
        return mirror;
    }
    let topology = RwSignal::new(decode(link).unwrap_or_default());
    let mirror = Mirror { topology };
    let follow = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Some(Ok(next)) = link_of(&event).as_deref().map(decode) {
            if topology.with_untracked(|shown| *shown != next) {
                topology.set(next);
            }
        }
    });
    let _ =
        window().add_event_listener_with_callback(TOPOLOGY_EVENT, follow.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    follow.forget();
    MIRROR.with(|cell| cell.set(Some(mirror)));
    mirror
}

/// Reads the mirror from context.
pub(crate) fn use_mirror() -> Mirror {
    expect_context::<Mirror>()
}

/// Mounts `panel` into `host`, following the page's topology (first `link`).
fn mount_panel<V: IntoView + 'static>(host: web_sys::HtmlElement, link: &str, panel: fn() -> V) {
    let mirror = mirror(link);
    leptos::mount::mount_to(host, move || {
        provide_context(mirror);
        panel()
    })
    .forget();
}

/// Mounts the export formats and the JSON import into `host`.
pub fn mount_export(host: web_sys::HtmlElement, link: &str) {
    mount_panel(host, link, || view! { <ExportPanel /> });
}

/// Offers the diagram of `link` as an SVG file; whether the browser took it.
pub fn download_svg(link: &str) -> bool {
    super::diagram_file::download_svg(link)
}

/// Offers the diagram of `link` as a PNG file; calls `done` with whether it worked.
pub fn download_png(link: &str, done: js_sys::Function) {
    super::diagram_file::download_png(link, move |saved| {
        let _ = done.call1(&wasm_bindgen::JsValue::NULL, &saved.into());
    });
}

/// Mounts the docs-page snippets into `host`.
pub fn mount_embed(host: web_sys::HtmlElement, link: &str) {
    mount_panel(host, link, || view! { <EmbedSnippets /> });
}
