//! The page's frame: header, the editor beside the results, and the footer with the source.

use leptos::prelude::*;

use super::browser;
use super::diagram::TopologyDiagram;
use super::editor::ZoneEditor;
use super::embed_panel::EmbedPanel;
use super::export_panel::ExportPanel;
use super::findings::Findings;
use super::placement_table::PlacementTable;
use super::provision::ProvisionSummary;
use super::share_panel::{
    follow_address_bar, sync_link_and_storage, undo_shortcuts, SharePanel, SharedBanner,
};
use super::state::Planner;
use crate::share::open;

/// The whole planner page.
#[component]
pub fn App() -> impl IntoView {
    let saved = browser::saved_link().and_then(|link| crate::share::decode(&link).ok());
    provide_context(Planner::new(open(&browser::fragment(), saved)));
    sync_link_and_storage();
    undo_shortcuts();
    follow_address_bar();
    view! {
        <header class="top">
            <h1>"Kasm Topology Planner"</h1>
            <p class="tagline">
                "For your zones and session types: what the Kasm Workspaces Helm chart deploys, and what you build outside the cluster."
            </p>
        </header>
        <SharedBanner />
        <main class="layout">
            <ZoneEditor />
            <div class="results">
                <Findings />
                <PlacementTable />
                <TopologyDiagram />
                <ProvisionSummary />
                <SharePanel />
                <ExportPanel />
                <EmbedPanel />
            </div>
        </main>
        <footer class="bottom">
            <p>
                "Rules from the Kasm Workspaces 1.19.0 documentation, \u{201c}Kubernetes Deployment Options\u{201d}. Check commands and values against the Kasm docs for your version."
            </p>
        </footer>
    }
}
