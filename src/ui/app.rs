//! The page's frame: header, the editor beside the results, and the footer with the source.

use leptos::prelude::*;

use super::editor::ZoneEditor;
use super::findings::Findings;
use super::placement_table::PlacementTable;
use super::provision::ProvisionSummary;
use super::state::Planner;
use crate::engine::Topology;

/// The whole planner page.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Planner::new(Topology::default()));
    view! {
        <header class="top">
            <h1>"Kasm Topology Planner"</h1>
            <p class="tagline">
                "For your zones and session types: what the Kasm Workspaces Helm chart deploys, and what you build outside the cluster."
            </p>
        </header>
        <main class="layout">
            <ZoneEditor />
            <div class="results">
                <Findings />
                <PlacementTable />
                <ProvisionSummary />
            </div>
        </main>
        <footer class="bottom">
            <p>
                "Rules from the Kasm Workspaces 1.19.0 documentation, \u{201c}Kubernetes Deployment Options\u{201d}. Check commands and values against the Kasm docs for your version."
            </p>
        </footer>
    }
}
