//! Starts the planner in the browser.

#[cfg(target_arch = "wasm32")]
fn main() {
    kasm_topology_planner::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the planner runs in a browser: build it with scripts/build (see README.md)");
}
