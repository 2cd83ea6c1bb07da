//! The page's frame: header, the editor beside the results, the sections whose panels load on
//! demand (export, embed), and the footer with the source.

use leptos::prelude::*;

use super::diagram::TopologyDiagram;
use super::editor::ZoneEditor;
use super::findings::Findings;
use super::keeping::{keep_in_step, KeepingBanner};
use super::lazy_tools::{connect_tools, LazyPanel, Panel};
use super::provision::ProvisionSummary;
use super::share_panel::{follow_address_bar, undo_shortcuts, SharePanel, SharedBanner};
use crate::engine::Edit;
use crate::share::open;
use crate::ui::browser;
use crate::ui::placement_table::PlacementTable;
use crate::ui::planner::state::{Keeping, Planner};

/// The whole planner page.
#[component]
pub fn App() -> impl IntoView {
    // The saved topology is the user's own; one this planner cannot read is left untouched, and
    // nothing is saved over it until the user chooses.
    let (own, keeping) = match browser::saved() {
        browser::Saved::Nothing => (None, Keeping::Saving),
        browser::Saved::Unavailable => (None, Keeping::Unavailable),
        browser::Saved::Link(link) => match crate::share::decode(&link) {
            Ok(own) => (Some(own), Keeping::Saving),
            Err(error) => (None, Keeping::Unreadable(error.to_string())),
        },
    };
    let planner = Planner::new(open(&browser::fragment(), own), keeping);
    provide_context(planner);
    keep_in_step();
    undo_shortcuts();
    follow_address_bar();
    connect_tools();
    view! {
        <header class="top">
            <h1>{crate::report::TITLE}</h1>
            <p class="tagline">{crate::report::TAGLINE}</p>
        </header>
        <SharedBanner />
        <KeepingBanner />
        <main class="layout">
            <ZoneEditor />
            <div class="results">
                <Findings />
                <PlacementTable plan=planner.plan hovered=planner.hovered_zone />
                <TopologyDiagram />
                <ProvisionSummary />
                <CapacitySection />
                <SharePanel />
                <ExportSection />
                <EmbedSection />
            </div>
        </main>
        <footer class="bottom">
            <p>
                {concat!("Rules from the Kasm Workspaces ", crate::kasm_version!(), " documentation, \u{201c}Kubernetes Deployment Options\u{201d}. Check commands and values against the Kasm docs for your version.")}
            </p>
        </footer>
    }
}

/// A section's heading (`heading_id`, `heading`) beside the button (`label`) that opens and
/// closes the frame `controls`.
fn head_with_disclosure(
    heading_id: &'static str,
    heading: &'static str,
    label: &'static str,
    controls: &'static str,
    open: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="diagram-head">
            <h2 id=heading_id>{heading}</h2>
            <button
                type="button"
                aria-expanded=move || open.get().to_string()
                aria-controls=controls
                on:click=move |_| open.update(|open| *open = !*open)
            >
                {label}
            </button>
        </div>
    }
}

/// "Export": the base domain the exports use, and the formats and import, which load on first
/// opening.
#[component]
fn ExportSection() -> impl IntoView {
    let planner = crate::ui::planner::state::use_planner();
    let open = RwSignal::new(false);
    view! {
        <section class="export" aria-labelledby="export-heading">
            {head_with_disclosure("export-heading", "Export", "Export formats", "export-tools", open)}
            <div class="field domain-field">
                <label for="base-domain">"Base domain"</label>
                <input
                    id="base-domain"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="base-domain-hint"
                    prop:value=move || planner.topology.with(|t| t.base_domain.clone())
                    on:input=move |ev| {
                        planner.edit(Edit::SetBaseDomain(event_target_value(&ev)));
                    }
                />
                <span class="hint" id="base-domain-hint">
                    {move || {
                        planner
                            .topology
                            .with(|t| match t.zones.get(1) {
                                Some(zone) if !zone.name.is_empty() => {
                                    format!(
                                        "The public address; zone {} is reached at {}.<base domain> unless it has a hostname of its own.",
                                        zone.name,
                                        zone.name,
                                    )
                                }
                                Some(_) => "The public address; each additional zone is reached at <zone>.<base domain> unless it has a hostname of its own.".to_owned(),
                                None => "The public address, where users reach the only zone.".to_owned(),
                            })
                    }}
                </span>
            </div>

            <p class="hint">"How users reach the cluster and its TLS certificate; Helm values, a provisioning checklist, the table as Markdown or CSV, and JSON; import a topology, or check a values file you already have (Check my values)."</p>
            <LazyPanel panel=Panel::Export id="export-tools" open=open />
        </section>
    }
}

/// "Capacity": the deployment's figures and the capacity table, which load on first opening. A
/// topology that has capacity figures (a link, a values file with a size) opens it.
#[component]
fn CapacitySection() -> impl IntoView {
    let planner = crate::ui::planner::state::use_planner();
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        if planner.topology.with(crate::engine::Topology::has_capacity) && !open.get_untracked() {
            open.set(true);
        }
    });
    view! {
        <section class="capacity" aria-labelledby="capacity-heading">
            {head_with_disclosure("capacity-heading", "Capacity", "Capacity figures", "capacity-tools", open)}
            <p class="hint">"From each zone's peak sessions and your Agent host: Agent hosts per zone, deploymentSize, and the CPU and memory the chart reserves in the cluster."</p>
            <LazyPanel panel=Panel::Capacity id="capacity-tools" open=open />
        </section>
    }
}

/// "Embed in a docs page": the snippets load on first opening.
#[component]
fn EmbedSection() -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <section class="embed-panel" aria-labelledby="embed-heading">
            {head_with_disclosure("embed-heading", "Embed in a docs page", "Embed", "embed-snippets", open)}
            <LazyPanel panel=Panel::Embed id="embed-snippets" open=open />
        </section>
    }
}
