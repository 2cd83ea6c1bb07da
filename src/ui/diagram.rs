//! The diagram in the page: the SVG from `crate::diagram`, with keyboard and pointer handled by
//! delegation on its frame (a role box opens the details panel; pointing at a zone highlights it
//! here and in the table), a switch that highlights one kind of traffic, and the downloads.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::dom::{closest_with, download, focus_after_render, mark_hovered_zone, zone_under};
use super::state::use_planner;
use crate::diagram::{layout, svg, Part, Traffic};
use crate::engine::ZoneChoice;
use crate::report;

/// The diagram, its highlight switch, downloads and the details panel.
#[component]
pub fn TopologyDiagram() -> impl IntoView {
    let planner = use_planner();
    let diagram = Memo::new(move |_| {
        planner
            .topology
            .with(|topology| planner.plan.with(|plan| layout(topology, plan)))
    });
    let markup = Memo::new(move |_| diagram.with(svg::render));
    let selected = RwSignal::new(None::<String>);
    let highlight = RwSignal::new(None::<Traffic>);
    let frame: NodeRef<leptos::html::Div> = NodeRef::new();

    // Pointing at a zone, here or in the table, marks its lane.
    mark_hovered_zone(planner.hovered_zone, markup, ".lane", move || {
        frame.get().map(Into::into)
    });
    // The highlighted path and the selected box are marked on the SVG itself.
    Effect::new(move |_| {
        markup.track();
        let Some(frame) = frame.get() else { return };
        let Ok(Some(svg)) = frame.query_selector("svg") else {
            return;
        };
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
        if let Some(id) = selected.get() {
            if let Ok(Some(b)) = frame.query_selector(&format!("#box-{id}")) {
                let _ = b.class_list().add_1("selected");
            }
        }
    });

    let open = move |ev: &web_sys::Event| {
        if let Some(element) = closest_with(ev, "data-box") {
            if element.has_attribute("tabindex") {
                selected.set(element.get_attribute("data-box"));
                focus_after_render("details-heading".into());
            }
        }
    };
    let hover = move |ev: web_sys::Event| planner.point_at(zone_under(&ev));
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if matches!(ev.key().as_str(), "Enter" | " ") {
            ev.prevent_default();
            open(&ev);
        }
    };
    let on_focus = move |ev: leptos::ev::FocusEvent| hover(ev.into());

    let download_svg = move |_| {
        download(
            "kasm-topology.svg",
            "image/svg+xml",
            &markup.get_untracked(),
        );
    };
    let download_png = move |_| {
        let (width, height) = diagram.with_untracked(|d| (d.width, d.height + 34));
        save_png(&markup.get_untracked(), width, height);
    };

    view! {
        <section class="diagram" aria-labelledby="diagram-heading">
            <div class="diagram-head">
                <h2 id="diagram-heading">"Diagram"</h2>
                <div class="diagram-actions">
                    <button type="button" on:click=download_svg>"Download SVG"</button>
                    <button type="button" on:click=download_png>"Download PNG"</button>
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
            <p class="hint">"Tab to a role and press Enter, or click it, for the reason and the zone's choices."</p>
            <div
                class="diagram-frame"
                node_ref=frame
                inner_html=move || markup.get()
                on:click=move |ev| open(&ev)
                on:keydown=on_key
                on:mouseover=move |ev| hover(ev.into())
                on:mouseleave=move |_| planner.point_at(None)
                on:focusin=on_focus
            ></div>
            <RoleDetails selected=selected diagram=diagram />
        </section>
    }
}

/// The details of the selected role box: placement and why, what it includes, what to provision,
/// and the zone's choices, editable here. Written by `crate::report`; its controls are handled
/// by delegation.
#[component]
fn RoleDetails(
    /// The id of the selected box, if any.
    selected: RwSignal<Option<String>>,
    /// The diagram as laid out for the current topology.
    diagram: Memo<crate::diagram::Diagram>,
) -> impl IntoView {
    let planner = use_planner();
    // The selected box, as (zone, role), while it is still drawn.
    let chosen = Memo::new(move |_| {
        let id = selected.get()?;
        diagram.with(|d| {
            let b = d.boxes.iter().find(|b| b.id == id)?;
            match (b.zone, b.part) {
                (Some(zone), Part::Role(role)) => Some((zone, role)),
                _ => None,
            }
        })
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
        if let Some(id) = selected.get_untracked() {
            focus_after_render(format!("box-{id}"));
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

/// Draws the SVG at twice its size on a canvas and downloads it as PNG.
fn save_png(svg_text: &str, width: i32, height: i32) {
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let url = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        js_sys::encode_uri_component(svg_text)
    );
    let loaded = image.clone();
    let onload = Closure::once_into_js(move || {
        let canvas = document()
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        let Some(canvas) = canvas else { return };
        canvas.set_width(u32::try_from(width * 2).unwrap_or(0));
        canvas.set_height(u32::try_from(height * 2).unwrap_or(0));
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
        let Some(context) = context else { return };
        let _ = context.scale(2.0, 2.0);
        let _ = context.draw_image_with_html_image_element(&loaded, 0.0, 0.0);
        if let Ok(data) = canvas.to_data_url_with_type("image/png") {
            if let Ok(anchor) = document().create_element("a").and_then(|a| {
                a.dyn_into::<web_sys::HtmlAnchorElement>()
                    .map_err(Into::into)
            }) {
                anchor.set_href(&data);
                anchor.set_download("kasm-topology.png");
                anchor.click();
            }
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&url);
}
