//! The tools module: the export and embed panels and the diagram's downloads, built as their
//! own WebAssembly module (`src/tools.rs`) that the page loads when the user first opens a panel
//! or asks for a file (see `crate::ui::planner::lazy_tools`). The panels follow a mirror of the
//! page's topology (`mirror`); the page and the tools talk through `crate::ui::protocol`.

pub mod capacity_panel;
pub mod diagram_file;
pub mod embed_panel;
pub mod export_panel;
pub mod figure_field;
pub mod mirror;
pub mod paste;
pub mod settings;
pub mod values_panel;

use leptos::prelude::*;

use capacity_panel::CapacityPanel;
use embed_panel::EmbedSnippets;
use export_panel::ExportPanel;
use mirror::mirror;

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
    diagram_file::download_svg(link)
}

/// Offers the diagram of `link` as a PNG file; calls `done` with whether it worked.
pub fn download_png(link: &str, done: js_sys::Function) {
    diagram_file::download_png(link, move |saved| {
        let _ = done.call1(&wasm_bindgen::JsValue::NULL, &saved.into());
    });
}

/// Mounts the capacity figures and the capacity table into `host`.
pub fn mount_capacity(host: web_sys::HtmlElement, link: &str) {
    mount_panel(host, link, || view! { <CapacityPanel /> });
}

/// Mounts the docs-page snippets into `host`.
pub fn mount_embed(host: web_sys::HtmlElement, link: &str) {
    mount_panel(host, link, || view! { <EmbedSnippets /> });
}
