//! The placement table: one row per zone, one column per role, each cell starting with where the
//! role lives. It is also the text alternative to the diagram, so it carries every fact. Its rows
//! are written by `crate::report`; pointing at a row marks the zone here and in the diagram.

use leptos::prelude::*;

use super::dom::{mark_hovered_zone, zone_under};
use super::state::use_planner;
use crate::report;

/// The table of role placements, with a switch that shows the reason in every cell.
#[component]
pub fn PlacementTable() -> impl IntoView {
    let planner = use_planner();
    let show_reasons = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        let show = show_reasons.get();
        planner.plan.with(|plan| report::placement_rows(plan, show))
    });
    let body: NodeRef<leptos::html::Tbody> = NodeRef::new();
    mark_hovered_zone(planner.hovered_zone, rows, "tr", move || {
        body.get().map(Into::into)
    });
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
                        inner_html=move || rows.get()
                        on:mouseover=move |ev| planner.point_at(zone_under(&ev))
                        on:mouseleave=move |_| planner.point_at(None)
                    ></tbody>
                </table>
            </div>
        </section>
    }
}
