//! The placement table: one row per zone, one column per role, each cell starting with where the
//! role lives. It is also the text alternative to the diagram, so it carries every fact. Its rows
//! are written by `crate::report`; pointing at a row marks the zone here and in the diagram.

use leptos::prelude::*;

use super::dom::{mark_zone, patch, zone_under};
use crate::engine::Plan;
use crate::report;

/// The table of role placements, with a switch that shows the reason in every cell. It needs
/// only the plan and the zone pointed at, so the planner and the read-only embed both show it.
#[component]
pub fn PlacementTable(
    /// The plan the table shows.
    plan: Memo<Plan>,
    /// The zone pointed at, here or elsewhere (the diagram), marked in the table.
    hovered: RwSignal<Option<usize>>,
) -> impl IntoView {
    let show_reasons = RwSignal::new(false);
    let body: NodeRef<leptos::html::Tbody> = NodeRef::new();
    // The rows on show, patched: a click rewrites only the rows it changed. Then the zone
    // pointed at is marked, also in rows just written.
    Effect::new(move |_| {
        let rows = plan.with(|plan| report::placement_rows(plan, show_reasons.get()));
        let zone = hovered.get();
        if let Some(body) = body.get() {
            patch(&body, &rows.0);
            mark_zone(&body, "tr", zone);
        }
    });
    let point_at = move |zone: Option<usize>| {
        if hovered.get_untracked() != zone {
            hovered.set(zone);
        }
    };
    view! {
        <section class="placement" aria-labelledby="placement-caption">
            <div class="table-tools">
                <p class="legend-line">
                    <span class="cell helm">"Helm"</span>
                    " in the cluster · "
                    <span class="cell external">"External"</span>
                    " build it · "
                    <span class="cell optional">"Optional"</span>
                    " may add · "
                    <span class="cell not-needed">"Not needed"</span>
                </p>
                <label>
                    <input type="checkbox" bind:checked=show_reasons />
                    "Show reasons"
                </label>
            </div>
            <div class="table-frame">
                <table>
                    <caption id="placement-caption">"Role placement"</caption>
                    <thead>
                        <tr inner_html=report::table_head()></tr>
                    </thead>
                    <tbody
                        node_ref=body
                        on:mouseover=move |ev| point_at(zone_under(&ev))
                        on:mouseleave=move |_| point_at(None)
                    ></tbody>
                </table>
            </div>
        </section>
    }
}
