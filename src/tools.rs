//! The tools module: the export and embed panels and the diagram's downloads, which the planner
//! page loads the first time the user opens a panel or asks for a file. Its exports are what the
//! page calls.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

/// Mounts the export formats and the JSON import into `host`, for the topology `link`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn mount_export(host: web_sys::HtmlElement, link: String) {
    kasm_topology_planner::ui::tools::mount_export(host, &link);
}

/// Mounts the capacity figures and table into `host`, for the topology `link`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn mount_capacity(host: web_sys::HtmlElement, link: String) {
    kasm_topology_planner::ui::tools::mount_capacity(host, &link);
}

/// Mounts the docs-page snippets into `host`, for the topology `link`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn mount_embed(host: web_sys::HtmlElement, link: String) {
    kasm_topology_planner::ui::tools::mount_embed(host, &link);
}

/// Offers the diagram of the topology `link` as `kasm-topology.svg`; whether the browser took it.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn download_svg(link: String) -> bool {
    kasm_topology_planner::ui::tools::download_svg(&link)
}

/// Draws the diagram of the topology `link` as `kasm-topology.png`; calls `done` with whether
/// the browser took it.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn download_png(link: String, done: js_sys::Function) {
    kasm_topology_planner::ui::tools::download_png(&link, done);
}

fn main() {}
