//! "What to provision": per zone, the external components to build, worded as the seed's
//! "Choosing What to Deploy" column, and the totals, as written by `crate::report`.

use leptos::prelude::*;

use super::editor::write_placement_lines;
use crate::report;
use crate::ui::dom::patch;
use crate::ui::planner::state::use_planner;

/// The provisioning summary and totals, patched where an edit changed them (an edit changes a
/// zone or two, and rewriting fifty items would make the browser lay all of them out again). The
/// same effect writes the editor's placement lines, which follow the plan the same way: one
/// effect for both keeps the module smaller.
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
            write_placement_lines(plan);
        })
    });
    view! { <section class="provision" aria-labelledby="provision-heading" node_ref=section></section> }
}
