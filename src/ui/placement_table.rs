//! The placement table: one row per zone, one column per role, each cell starting with where the
//! role lives. It is also the text alternative to the diagram, so it carries every fact.

use leptos::prelude::*;

use super::state::use_planner;
use crate::engine::{Placement, Role, RolePlan};

/// The CSS class that colours a cell by its placement.
fn placement_class(placement: Placement) -> &'static str {
    match placement {
        Placement::Helm => "cell helm",
        Placement::External => "cell external",
        Placement::Optional => "cell optional",
        Placement::NotNeeded => "cell not-needed",
    }
}

/// The "why" of a placement in words: the seed's sentence and where it stands.
fn why(role_plan: &RolePlan) -> String {
    format!(
        "{} (Kasm docs, {})",
        role_plan.reason,
        role_plan.source.title()
    )
}

/// The table of role placements, with a switch that shows the reason in every cell.
#[component]
pub fn PlacementTable() -> impl IntoView {
    let planner = use_planner();
    let show_reasons = RwSignal::new(false);
    let rows = move || {
        planner.plan.with(|plan| {
            plan.zones
                .iter()
                .map(|zone| {
                    let cells = Role::ALL
                        .iter()
                        .map(|role| {
                            let role_plan = zone.role(*role).clone();
                            let reason = why(&role_plan);
                            let title = reason.clone();
                            view! {
                                <td class=placement_class(role_plan.placement) title=title>
                                    <span class="word">{role_plan.cell_text()}</span>
                                    <Show when=move || show_reasons.get()>
                                        <span class="why">{reason.clone()}</span>
                                    </Show>
                                </td>
                            }
                        })
                        .collect_view();
                    let index = zone.index;
                    view! {
                        <tr
                            class:hovered=move || planner.hovered_zone.get() == Some(index)
                            on:mouseenter=move |_| planner.hovered_zone.set(Some(index))
                            on:mouseleave=move |_| planner.hovered_zone.set(None)
                        >
                            <th scope="row">
                                {zone.name.clone()}
                                {zone.primary.then(|| view! { <span class="badge">" (primary zone)"</span> })}
                            </th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        })
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
                        <tr>
                            <th scope="col">"Zone"</th>
                            {Role::ALL
                                .iter()
                                .map(|role| view! { <th scope="col">{role.name()}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
