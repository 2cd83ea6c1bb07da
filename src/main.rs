//! Starts the planner in the browser.
// In the browser the module starts from `start`, without std's `main` machinery (its runtime
// set-up and the flushing of a stdout the page does not have), which would otherwise bring std's
// I/O error texts into every first visit.
#![cfg_attr(target_arch = "wasm32", no_main)]

/// Mounts the planner once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    kasm_topology_planner::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the planner runs in a browser: build it with scripts/build (see README.md)");
}
