//! The read-only embed (`embed.html`, what docs pages frame) as its own module, without the
//! planner's editor: the boot script loads it instead of the planner, so an embed carries no
//! editor and the planner no embed.
// In the browser the module starts from `start`, without std's `main` machinery (see
// src/main.rs).
#![cfg_attr(target_arch = "wasm32", no_main)]

/// Mounts the embed once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    kasm_topology_planner::ui::mount_embed();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the embed runs in a browser: build it with scripts/build (see README.md)");
}
