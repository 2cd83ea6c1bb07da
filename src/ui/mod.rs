//! The page: a thin Leptos layer that lets the user edit a topology and shows what the engine
//! computes from it. No placement rule lives here.

pub mod app;
mod browser;
pub mod diagram;
mod dom;
pub mod editor;
pub mod export_panel;
pub mod findings;
pub mod placement_table;
pub mod provision;
pub mod share_panel;
mod state;

pub use app::App;

/// Mounts the planner into the page's `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(App);
}
