//! "What to provision": per zone, the external components to build, worded as the seed's
//! "Choosing What to Deploy" column, and the totals, as written by `crate::report`.

use leptos::prelude::*;

use super::editor::control_id;
use crate::report;
use crate::ui::dom::patch;
use crate::ui::planner::state::use_planner;

/// The provisioning summary and totals. After each change of the plan the HTML written from it
/// outside the table and the diagram is brought up to date here, each part rewritten only where
/// it changed (an edit changes a zone or two, and rewriting fifty would make the browser lay all
/// of them out again): this section's items and totals, and each zone's placement line in the
/// editor (on a phone the table is screens below the zone's choices).
#[component]
pub fn ProvisionSummary() -> impl IntoView {
    let planner = use_planner();
    let section: NodeRef<leptos::html::Section> = NodeRef::new();
    Effect::new(move |_| {
        planner.plan.with(|plan| {
            if let Some(section) = section.get() {
                let (pieces, zones) = report::provision_pieces(plan);
                patch(&section, &pieces.0);
                if let Ok(Some(list)) = section.query_selector(".per-zone") {
                    patch(&list, &zones.0);
                }
            }
            for zone in &plan.zones {
                let html = report::placement_line(zone);
                if let Some(line) = document()
                    .get_element_by_id(&control_id(zone.index, "placement"))
                    .filter(|line| line.inner_html() != html)
                {
                    line.set_inner_html(&html);
                }
            }
        })
    });
    view! { <section class="provision" aria-labelledby="provision-heading" node_ref=section></section> }
}
