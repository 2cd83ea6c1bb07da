//! The tools module: the export and embed panels, which the planner page loads the first time
//! the user opens one of them. Its exports are what the page calls.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

/// Mounts the export formats and the JSON import into `host`, for the topology `link`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn mount_export(host: web_sys::HtmlElement, link: String) {
    kasm_topology_planner::ui::tools::mount_export(host, &link);
}

/// Mounts the docs-page snippets into `host`, for the topology `link`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn mount_embed(host: web_sys::HtmlElement, link: String) {
    kasm_topology_planner::ui::tools::mount_embed(host, &link);
}

fn main() {}
