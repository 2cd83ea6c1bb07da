//! The zone editor: one group per zone with its name, its session types and the buttons that
//! reorder or remove it. Every control has a visible label and works from the keyboard; focus
//! follows the zone a button moved.

use leptos::prelude::*;

use super::share_panel::UndoRedo;
use crate::engine::{topology::zone_label, Edit, Plan, Zone, ZoneChoice, MAX_ZONES};
use crate::ui::dom::focus_after_render;
use crate::ui::planner::state::use_planner;

/// The id of a control of the zone at `index`, for labels and for focus to land on.
fn control_id(index: usize, control: &str) -> String {
    format!("zone-{index}-{control}")
}

/// Writes each zone's placements under its choices (on a phone the table is screens below them),
/// after each change of the plan; only the lines that changed, since rewriting fifty would make
/// the browser lay all of them out again.
pub(crate) fn write_placement_lines(plan: &Plan) {
    for zone in &plan.zones {
        let html = crate::report::placement_line(zone);
        if let Some(line) = document()
            .get_element_by_id(&control_id(zone.index, "placement"))
            .filter(|line| line.inner_html() != html)
        {
            line.set_inner_html(&html);
        }
    }
}

/// The list of zones with an "Add zone" button.
#[component]
pub fn ZoneEditor() -> impl IntoView {
    let planner = use_planner();
    let count = Memo::new(move |_| planner.topology.with(|t| t.zones.len()));
    let add = move |_: leptos::ev::MouseEvent| {
        if let Some(index) = planner.edit(Edit::AddZone) {
            focus_after_render(control_id(index, "name"));
        }
    };
    view! {
        <section class="editor" aria-labelledby="editor-heading">
            <div class="editor-head">
                <h2 id="editor-heading">"Zones"</h2>
                <UndoRedo />
            </div>
            <p class="hint">"The first zone is the primary zone. Tick what each zone runs."</p>
            <p class="hint" id="region-hint">
                "Region: the chart's region_name. An additional zone in the primary zone's region gets its Connection Proxy from the chart."
            </p>
            <p class="hint" id="hostname-hint">
                "Hostname: the zone's proxy_hostname, where its users go; empty for <zone>.<base domain>."
            </p>
            <p class="hint">"Each zone's peak sessions, and the Agent hosts they need: under Capacity."</p>
            <For each=move || 0..count.get() key=|index| *index let:index>
                <ZoneFields index=index />
            </For>
            <button
                type="button"
                class="add"
                aria-describedby="add-zone-hint"
                disabled=move || { count.get() >= MAX_ZONES }
                on:click=add
            >
                "Add zone"
            </button>
            <span class="hint" id="add-zone-hint">
                {move || {
                    if count.get() >= MAX_ZONES {
                        format!("{MAX_ZONES} zones is the most the planner holds: remove one to add another.")
                    } else {
                        String::new()
                    }
                }}
            </span>
        </section>
    }
}

/// The fields of one zone: a group named after the zone.
#[component]
fn ZoneFields(
    /// The zone's position in the topology; the row shows whichever zone stands there.
    index: usize,
) -> impl IntoView {
    let planner = use_planner();
    let zone = Memo::new(move |_| {
        planner
            .topology
            .with(|t| t.zones.get(index).cloned())
            .unwrap_or_else(|| Zone::new("", false, false))
    });
    let count = Memo::new(move |_| planner.topology.with(|t| t.zones.len()));
    let legend = move || planner.topology.with(|t| zone_label(&t.zones, index));
    let primary = index == 0;

    // After an edit, focus goes to the same control of the zone where it now stands, or to
    // `fallback` when that control is disabled there (a zone moved to an end of the list).
    let edit_and_follow = move |edit: Edit, control: &'static str, fallback: &'static str| {
        if let Some(to) = planner.edit(edit) {
            let last = count.get_untracked().saturating_sub(1);
            let disabled = match control {
                "up" | "primary" => to == 0,
                "down" => to == last,
                _ => false,
            };
            focus_after_render(control_id(to, if disabled { fallback } else { control }));
        }
    };

    let name_id = control_id(index, "name");
    let region_id = control_id(index, "region");
    let hostname_id = control_id(index, "hostname");
    // Where the zone is reached when no hostname of its own is given.
    let usual_hostname = move || {
        planner.topology.with(|t| match t.zones.as_slice() {
            [_] => t.base_domain.clone(),
            zones => format!(
                "{}.{}",
                zones.get(index).map_or("", |zone| zone.name.as_str()),
                t.base_domain
            ),
        })
    };
    view! {
        <fieldset class="zone" class:primary=primary>
            <legend>{legend}</legend>
            {primary.then(|| view! { <span class="badge">"Primary zone"</span> })}
            <div class="field">
                <label for=name_id.clone()>"Zone name"</label>
                <input
                    id=name_id
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || zone.get().name
                    on:input=move |ev| {
                        planner.edit(Edit::Rename(index, event_target_value(&ev)));
                    }
                />
            </div>
            <div class="field region-field">
                <label for=region_id.clone()>"Region (optional)"</label>
                <input
                    id=region_id
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="region-hint"
                    prop:value=move || zone.get().region
                    on:input=move |ev| {
                        planner.edit(Edit::SetRegion(index, event_target_value(&ev)));
                    }
                />
            </div>
            <div class="field hostname-field">
                <label for=hostname_id.clone()>"Hostname (optional)"</label>
                <input
                    id=hostname_id
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="hostname-hint"
                    placeholder=usual_hostname
                    prop:value=move || zone.get().hostname
                    on:input=move |ev| {
                        planner.edit(Edit::SetHostname(index, event_target_value(&ev)));
                    }
                />
            </div>
            <div class="choices">
                {ZoneChoice::ALL
                    .into_iter()
                    .filter(|choice| choice.offered(index))
                    .map(|choice| view! { <Choice index=index choice=choice /> })
                    .collect_view()}
                {(!primary)
                    .then(|| {
                        view! {
                            <span class="hint" id=control_id(index, "dp-hint")>
                                {move || {
                                    if zone.get().container_sessions {
                                        "optional: a zone-local relay that reduces latency"
                                    } else {
                                        "used only with container sessions"
                                    }
                                }}
                            </span>
                        }
                    })}
            </div>
            // The effect of the choices above, where a phone shows it (see `ZoneEditor`).
            // Written now for a zone just added, whose line the plan's effect may have looked
            // for before it was here; kept in step by `write_placement_lines`.
            <p
                class="zone-placement"
                id=control_id(index, "placement")
                inner_html=planner
                    .plan
                    .with_untracked(|plan| plan.zones.get(index).map(crate::report::placement_line))
                    .unwrap_or_default()
            ></p>
            <div class="actions">
                <button
                    type="button"
                    id=control_id(index, "up")
                    disabled=move || index == 0
                    on:click=move |_| edit_and_follow(Edit::MoveUp(index), "up", "down")
                >
                    "Move up"
                </button>
                <button
                    type="button"
                    id=control_id(index, "down")
                    disabled=move || { index + 1 >= count.get() }
                    on:click=move |_| edit_and_follow(Edit::MoveDown(index), "down", "up")
                >
                    "Move down"
                </button>
                <button
                    type="button"
                    id=control_id(index, "primary")
                    disabled=primary
                    on:click=move |_| edit_and_follow(Edit::MakePrimary(index), "primary", "name")
                >
                    "Make primary"
                </button>
                <button
                    type="button"
                    id=control_id(index, "remove")
                    class="danger"
                    disabled=move || { count.get() <= 1 }
                    on:click=move |_| {
                        if let Some(to) = planner.edit(Edit::RemoveZone(index)) {
                            focus_after_render(control_id(to, "name"));
                        }
                    }
                >
                    "Remove zone"
                </button>
            </div>
        </fieldset>
    }
}

/// A labelled checkbox for one of a zone's choices. A Dedicated Proxy does nothing in a zone
/// without container sessions: its box is then dimmed, and the hint beside it says why.
#[component]
fn Choice(
    /// The zone's position.
    index: usize,
    /// The choice this box sets.
    choice: ZoneChoice,
) -> impl IntoView {
    let planner = use_planner();
    let zone_has = move |choice: ZoneChoice| {
        planner
            .topology
            .with(|t| t.zones.get(index).is_some_and(|zone| choice.is_on(zone)))
    };
    let proxy = choice == ZoneChoice::DedicatedProxy;
    view! {
        <label class:muted=move || proxy && !zone_has(ZoneChoice::ContainerSessions)>
            <input
                type="checkbox"
                aria-describedby=proxy.then(|| control_id(index, "dp-hint"))
                prop:checked=move || zone_has(choice)
                on:change=move |ev| {
                    planner.edit(choice.edit(index, event_target_checked(&ev)));
                }
            />
            {choice.label()}
        </label>
    }
}
