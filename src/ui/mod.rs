//! The page: a thin Leptos layer that lets the user edit a topology and shows what the engine
//! computes from it. No placement rule lives here.

pub mod app;
mod browser;
pub mod diagram;
mod dom;
pub mod editor;
pub mod embed;
pub mod embed_panel;
pub mod export_panel;
pub mod findings;
pub mod keeping;
pub mod lazy_tools;
pub mod placement_table;
pub mod provision;
pub mod settings;
pub mod share_panel;
mod state;
pub mod tools;
pub mod values_panel;

pub use app::App;
use leptos::prelude::*;

/// Mounts the planner, or the read-only embed when the URL asks for it (`?embed`), into the
/// page's `<body>`.
pub fn mount() {
    let query = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    match crate::share::embed::parse_query(&query) {
        Some((options, warnings)) => {
            for warning in warnings {
                web_sys::console::warn_1(&warning.into());
            }
            leptos::mount::mount_to_body(move || view! { <embed::EmbedApp options=options /> });
        }
        None => leptos::mount::mount_to_body(App),
    }
}
