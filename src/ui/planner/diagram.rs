//! The diagram in the page: the SVG from `crate::diagram`, with keyboard and pointer handled by
//! delegation on its frame (a role box opens the details panel; pointing at a zone highlights it
//! here and in the table), a switch that highlights one kind of traffic, and the downloads.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::lazy_tools::{download_picture, Picture};
use crate::diagram::layout::role_box_id;
use crate::diagram::layout::{layout_to_fit, WIDE_FROM};
use crate::diagram::svg::element_id;
use crate::diagram::{svg, Diagram, Direction, Part, Traffic};
use crate::engine::{Role, Topology, ZoneChoice};
use crate::report;
use crate::ui::dom::{
    closest_with, focus_after_render, mark_hovered_zone, mark_zone, patch, watch_width, zone_under,
};
use crate::ui::planner::state::use_planner;

/// A role whose details are open: its zone by name, and the role.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Selected {
    zone: String,
    role: Role,
}

impl Selected {
    /// The role of the box `id`, by its zone's name.
    fn of(diagram: &Diagram, topology: &Topology, id: &str) -> Option<Selected> {
        let b = diagram.boxes.iter().find(|b| b.id == id)?;
        match (b.zone, b.part) {
            (Some(zone), Part::Role(role)) => Some(Selected {
                zone: topology.zones.get(zone)?.name.clone(),
                role,
            }),
            _ => None,
        }
    }

    /// Its box in `diagram`, if its zone (named so by exactly one zone) and that role's box are
    /// drawn.
    fn box_id(&self, diagram: &Diagram, topology: &Topology) -> Option<String> {
        let mut named = topology
            .zones
            .iter()
            .enumerate()
            .filter(|(_, z)| z.name == self.zone);
        let (zone, _) = named.next()?;
        if named.next().is_some() {
            return None;
        }
        let id = role_box_id(self.role, zone);
        diagram.boxes.iter().any(|b| b.id == id).then_some(id)
    }
}

/// Makes the box `id` the diagram's one tab stop; the first role box when `id` is not drawn
/// (any more), so the keyboard can always reach the diagram.
fn move_tab_stop(frame: &web_sys::HtmlDivElement, id: &str) {
    let Ok(boxes) = frame.query_selector_all("[data-box][tabindex]") else {
        return;
    };
    let boxes: Vec<web_sys::Element> = (0..boxes.length())
        .filter_map(|i| {
            boxes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        })
        .collect();
    let drawn = boxes
        .iter()
        .any(|b| b.get_attribute("data-box").as_deref() == Some(id));
    for (index, b) in boxes.iter().enumerate() {
        let stop = if drawn {
            b.get_attribute("data-box").as_deref() == Some(id)
        } else {
            index == 0
        };
        let _ = b.set_attribute("tabindex", if stop { "0" } else { "-1" });
    }
}

/// Makes the SVG in `frame` show `drawing`: its size set, and its head and each group patched
/// with what changed (the first time, written).
fn show(frame: &web_sys::Element, drawing: &svg::Drawing) -> Option<web_sys::Element> {
    if frame.first_element_child().is_none() {
        frame.set_inner_html(&drawing.root());
    }
    let root = frame.first_element_child()?;
    let (w, h) = drawing.size;
    let view_box = format!("0 0 {w} {h}");
    if root.get_attribute("viewBox").as_deref() != Some(view_box.as_str()) {
        let _ = root.set_attribute("viewBox", &view_box);
        let _ = root.set_attribute("width", &w.to_string());
        let _ = root.set_attribute("height", &h.to_string());
    }
    patch(&root, &drawing.children());
    // The groups are the root's last children.
    let mut group = root.last_element_child();
    for pieces in drawing.groups.iter().rev() {
        let shown = group?;
        patch(&shown, &pieces.0);
        group = shown.previous_element_sibling();
    }
    Some(root)
}

/// The diagram, its highlight switch, downloads and the details panel.
#[component]
pub fn TopologyDiagram() -> impl IntoView {
    let planner = use_planner();
    // The frame's width, once measured: the diagram takes the shape that fits it.
    let room = RwSignal::new(None::<i32>);
    // Redrawn whenever the plan or the room changes; what the page shows is patched with what
    // changed (comparing the layouts themselves would cost more code than it saves).
    let diagram = Memo::new_with_compare(
        move |_| {
            let room = room.get().unwrap_or(WIDE_FROM);
            planner.topology.with(|topology| {
                planner
                    .plan
                    .with(|plan| layout_to_fit(topology, plan, room))
            })
        },
        |_, _| true,
    );
    // The role whose details are open, by its zone's name: the box of whichever zone stands at a
    // position is another zone after a reorder.
    let selected = RwSignal::new(None::<Selected>);
    // The diagram's one tab stop: the box last focused, kept across redraws.
    let tab_stop: StoredValue<Option<String>> = StoredValue::new(None);
    let highlight = RwSignal::new(None::<Traffic>);
    let closed_note = RwSignal::new(String::new());
    let frame: NodeRef<leptos::html::Div> = NodeRef::new();
    frame.on_load(move |frame| watch_width(&frame, room));

    // The drawing on show, patched: a click rewrites only the elements it changed (a dozen of
    // 1,700 at fifty zones), so the browser styles and lays out only those. Then the highlighted
    // path and the selected box are marked on the SVG itself.
    Effect::new(move |_| {
        let Some(frame) = frame.get() else { return };
        let drawing = diagram.with(|d| svg::drawing(d, svg::Use::Planner));
        let Some(svg) = show(&frame, &drawing) else {
            return;
        };
        // A lane just written gets the mark of the zone pointed at here, whichever of this and
        // the marking below runs first after an edit.
        mark_zone(&frame, ".lane", planner.hovered_zone.get_untracked());
        let _ = match highlight.get() {
            Some(traffic) => svg.set_attribute("data-highlight", traffic.key()),
            None => svg.remove_attribute("data-highlight"),
        };
        if let Ok(boxes) = frame.query_selector_all(".box.selected") {
            for i in 0..boxes.length() {
                if let Some(b) = boxes
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = b.class_list().remove_1("selected");
                }
            }
        }
        let shown = selected.with(|s| {
            s.as_ref()
                .and_then(|s| diagram.with(|d| planner.topology.with(|t| s.box_id(d, t))))
        });
        if let Some(id) = shown {
            if let Ok(Some(b)) = frame.query_selector(&format!("#{}", element_id(&id))) {
                let _ = b.class_list().add_1("selected");
            }
        }
        if let Some(id) = tab_stop.get_value() {
            move_tab_stop(&frame, &id);
        }
    });
    // Pointing at a zone, here or in the table, marks its lane.
    mark_hovered_zone(
        planner.hovered_zone,
        move || diagram.track(),
        ".lane",
        move || frame.get().map(Into::into),
    );

    let open = move |ev: &web_sys::Event| {
        if let Some(element) = closest_with(ev, "data-box") {
            let id = element.get_attribute("data-box").unwrap_or_default();
            let chosen = diagram
                .with_untracked(|d| planner.topology.with_untracked(|t| Selected::of(d, t, &id)));
            if chosen.is_some() {
                selected.set(chosen);
                focus_after_render("details-heading".into());
            }
        }
    };
    let hover = move |ev: web_sys::Event| planner.point_at(zone_under(&ev));
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        // Alt+Left is the browser's Back, Ctrl+Home the page's top: keys with modifiers pass.
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let direction = match ev.key().as_str() {
            "Enter" | " " => {
                ev.prevent_default();
                return open(&ev);
            }
            "ArrowLeft" => Direction::Back,
            "ArrowRight" => Direction::Forward,
            "ArrowUp" => Direction::Up,
            "ArrowDown" => Direction::Down,
            "Home" => Direction::First,
            "End" => Direction::Last,
            _ => return,
        };
        let Some(from) = closest_with(&ev, "data-box").and_then(|e| e.get_attribute("data-box"))
        else {
            return;
        };
        ev.prevent_default();
        let to =
            diagram.with_untracked(|d| d.next_role_box(&from, direction).map(|b| b.id.clone()));
        if let (Some(to), Some(frame)) = (to, frame.get_untracked()) {
            move_tab_stop(&frame, &to);
            tab_stop.set_value(Some(to.clone()));
            // The box is drawn already: focus it now, in the same turn as the key.
            if let Ok(Some(element)) = frame.query_selector(&format!("#{}", element_id(&to))) {
                if let Ok(svg) = element.dyn_into::<web_sys::SvgElement>() {
                    let _ = svg.focus();
                }
            }
        }
    };
    let on_focus = move |ev: leptos::ev::FocusEvent| {
        if let Some(id) = closest_with(&ev, "data-box").and_then(|e| e.get_attribute("data-box")) {
            if let Some(frame) = frame.get_untracked() {
                move_tab_stop(&frame, &id);
            }
            tab_stop.set_value(Some(id));
        }
        hover(ev.into());
    };

    // The downloads are drawn by the tools module (see `super::lazy_tools`), which the first
    // one loads: a first visit carries no file-making code.
    let saving = RwSignal::new(String::new());
    let save = move |picture: Picture| {
        saving.set(format!("Drawing {}\u{2026}", picture.file_name()));
        let link = planner.link.get_untracked();
        leptos::task::spawn_local(async move {
            saving.set(match download_picture(picture, link).await {
                Ok(true) => format!("Downloading {}.", picture.file_name()),
                Ok(false) => picture.refused().to_owned(),
                Err(message) => message,
            });
        });
    };

    view! {
        <section class="diagram" aria-labelledby="diagram-heading">
            <div class="diagram-head">
                <h2 id="diagram-heading" tabindex="-1">"Diagram"</h2>
                <div class="diagram-actions">
                    <button type="button" on:click=move |_| save(Picture::Svg)>"Download SVG"</button>
                    <button type="button" on:click=move |_| save(Picture::Png)>"Download PNG"</button>
                    <span class="hint" role="status">{move || saving.get()}</span>
                </div>
            </div>
            <fieldset class="highlight">
                <legend>"Highlight a path"</legend>
                <label>
                    <input type="radio" name="highlight" prop:checked=move || highlight.get().is_none() on:change=move |_| highlight.set(None) />
                    "All"
                </label>
                {Traffic::ALL
                    .iter()
                    .map(|traffic| {
                        let traffic = *traffic;
                        view! {
                            <label>
                                <input
                                    type="radio"
                                    name="highlight"
                                    prop:checked=move || highlight.get() == Some(traffic)
                                    on:change=move |_| highlight.set(Some(traffic))
                                />
                                {traffic.label()}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <p class="hint">"Tab into the diagram, move between roles with the arrow keys, and press Enter, or click a role, for the reason and the zone's choices."</p>
            <div
                class="diagram-frame"
                node_ref=frame
                on:click=move |ev| open(&ev)
                on:keydown=on_key
                on:mouseover=move |ev| hover(ev.into())
                on:mouseleave=move |_| planner.point_at(None)
                on:focusin=on_focus
            ></div>
            <RoleDetails selected=selected diagram=diagram closed_note=closed_note />
            <p class="visually-hidden" role="status">{move || closed_note.get()}</p>
        </section>
    }
}

/// The details of the selected role box: placement and why, what it includes, what to provision,
/// and the zone's choices, editable here. Written by `crate::report`; its controls are handled
/// by delegation.
#[component]
fn RoleDetails(
    /// The role whose details are open, if any.
    selected: RwSignal<Option<Selected>>,
    /// The diagram as laid out for the current topology.
    diagram: Memo<crate::diagram::Diagram>,
    /// Where the panel says why it closed by itself.
    closed_note: RwSignal<String>,
) -> impl IntoView {
    let planner = use_planner();
    // The selected role, as (zone position, role), while its box is still drawn.
    let chosen = Memo::new(move |_| {
        let selection = selected.get()?;
        diagram.with(|d| {
            let id = planner.topology.with(|t| selection.box_id(d, t))?;
            let b = d.boxes.iter().find(|b| b.id == id)?;
            b.zone.map(|zone| (zone, selection.role))
        })
    });
    // A box that is no longer drawn (its zone removed or renamed, or the session that needed it
    // unticked) closes its details: said aloud, and focus goes to its zone's App, or to the
    // diagram, rather than to nowhere.
    Effect::new(move |_| {
        let gone = chosen.with(Option::is_none);
        let Some(selection) = selected.get_untracked() else {
            return;
        };
        if !gone {
            return;
        }
        selected.set(None);
        closed_note.set(format!(
            "The details of the {} of zone {} closed: it is no longer drawn.",
            selection.role.name(),
            selection.zone
        ));
        // Focus moves only if it was in the panel (or lost with it): typing in the editor that
        // renamed or removed the zone keeps its place.
        let focus_was_here = document().active_element().is_none_or(|active| {
            active.closest(".details").ok().flatten().is_some() || active.tag_name() == "BODY"
        });
        if focus_was_here {
            let app = planner.topology.with_untracked(|t| {
                t.zones
                    .iter()
                    .position(|z| z.name == selection.zone)
                    .map(|zone| element_id(&role_box_id(Role::App, zone)))
            });
            focus_after_render(app.unwrap_or_else(|| "diagram-heading".to_owned()));
        }
    });
    let markup = move || {
        let (zone, role) = chosen.get()?;
        let topology_zone = planner.topology.with(|t| t.zones.get(zone).cloned())?;
        planner.plan.with(|plan| {
            plan.zones
                .get(zone)
                .map(|zone_plan| report::role_details(&topology_zone, zone_plan, role))
        })
    };
    let close = move || {
        if let Some((zone, role)) = chosen.get_untracked() {
            focus_after_render(element_id(&role_box_id(role, zone)));
        }
        selected.set(None);
    };
    let on_change = move |ev: web_sys::Event| {
        let (Some((zone, _)), Some(input)) = (
            chosen.get_untracked(),
            closest_with(&ev, "data-choice")
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()),
        ) else {
            return;
        };
        if let Some(choice) = input
            .get_attribute("data-choice")
            .and_then(|key| ZoneChoice::from_key(&key))
        {
            planner.edit(choice.edit(zone, input.checked()));
            // The panel is written afresh; the checkbox the user pressed keeps the focus.
            focus_after_render(report::choice_id(choice));
        }
    };
    let open = move || chosen.with(Option::is_some);
    move || {
        open().then(|| {
            view! {
            <div
                class="details"
                role="dialog"
                aria-modal="false"
                aria-labelledby="details-heading"
                inner_html=move || markup().unwrap_or_default()
                on:change=on_change
                on:click=move |ev| {
                    if closest_with(&ev, "data-action").is_some() {
                        close();
                    }
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        close();
                    }
                }
            ></div>
            }
        })
    }
}
