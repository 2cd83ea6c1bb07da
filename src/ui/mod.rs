//! The pages: a thin Leptos layer that lets the user edit a topology and shows what the engine
//! computes from it. No placement rule lives here. Three WebAssembly modules are built from it,
//! one folder each: `planner/` (the page), `tools/` (its export and embed panels and downloads,
//! loaded on demand) and `embed/` (the read-only embed for docs pages). The files at this level
//! are what more than one of them uses; `protocol.rs` is what the planner and the tools say to
//! each other.

mod browser;
mod dom;
pub mod embed;
pub mod placement_table;
pub mod planner;
pub mod protocol;
mod said;
pub mod tools;

use leptos::prelude::*;
pub use planner::app::App;

/// Mounts the planner into the page's `<body>`.
pub fn mount() {
    // What web/boot.js showed while the module loaded (the default topology's first screen, or
    // the header and a line saying which topology comes) gives way in this same task, so no
    // frame (and no observer) sees it beside the planner.
    if let Some(stand_in) = document().get_element_by_id("first-screen") {
        stand_in.remove();
    }
    // Tells web/boot.js, should anything throw after this, not to put the stand-in back.
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-planner", "mounted");
    }
    leptos::mount::mount_to_body(App);
}

/// Mounts the read-only embed (its own module, `src/embed.rs`) into the page's `<body>`, with
/// the options its query gives.
pub fn mount_embed() {
    let query = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    let (options, warnings) = crate::share::embed::parse_options(&query);
    for warning in warnings {
        web_sys::console::warn_1(&warning.into());
    }
    leptos::mount::mount_to_body(move || view! { <embed::EmbedApp options=options /> });
}
