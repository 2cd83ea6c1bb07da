//! "Embed": ready-to-paste snippets for a docs page (a plain iframe, and the script form that
//! sizes itself), each with a copy button. The page keeps the section and its button (see
//! `super::app`); the snippets come with the tools module.

use leptos::prelude::*;

use wasm_bindgen::JsCast;

use super::mirror::use_mirror;
use crate::diagram::svg::xml_escape;
use crate::share::encode;
use crate::ui::dom::copy_to_clipboard;
use crate::ui::said::Said;

/// The folder the planner is served from, with a trailing slash.
fn planner_base() -> String {
    let page = crate::ui::browser::page_address();
    match page.rfind('/') {
        Some(cut) => page[..=cut].to_owned(),
        None => page.to_owned(),
    }
}

/// The height an iframe snippet gets until the preview has measured its topology.
const UNMEASURED_HEIGHT: i32 = 560;

/// The width, in CSS pixels, at which the iframe snippet's height is measured: a little over the
/// narrowest at which its diagram is drawn at full size, where the embed is tallest (measured:
/// the same height from 358 to 400 px for four zones). Narrower, the diagram is scaled down;
/// wider, the table and the legend take fewer lines. So the height fits every width, with some
/// room to spare in a wide column.
const MEASURED_AT: i32 = 366;

/// The measuring frame's height: more than the tallest embed (its reports are capped at 20,000).
const MEASURE_FRAME_HEIGHT: i32 = 24_000;

/// The query of an embed URL for these choices; `frame` says it is for a plain iframe, which
/// cannot follow the page (no script tells it the page's palette), so it follows the reader,
/// and which cannot change its height, so its diagram keeps its narrow shape at every width.
fn embed_query(show: &str, theme: &str, title: &str, frame: bool) -> String {
    let theme = if frame && theme == "page" {
        "auto"
    } else {
        theme
    };
    let shape = if frame { "&shape=narrow" } else { "" };
    let mut query = format!("?show={show}&theme={theme}{shape}");
    if !title.trim().is_empty() {
        query.push_str("&title=");
        query.push_str(
            &js_sys::encode_uri_component(title.trim())
                .as_string()
                .unwrap_or_default(),
        );
    }
    query
}

/// The snippets for the topology on screen, with the choices a docs author makes (what to
/// show, the theme, a title) and a live preview, whose measured height the iframe snippet
/// carries.
#[component]
pub fn EmbedSnippets() -> impl IntoView {
    let planner = use_mirror();
    let show = RwSignal::new("both".to_owned());
    let theme = RwSignal::new("page".to_owned());
    let title = RwSignal::new(String::new());
    // The preview's height, and the height of the same embed at `MEASURED_AT` pixels wide, each
    // about the page it was measured on: a change makes a new page, measured again.
    let measured = Said::<String, i32>::new();
    let tallest = Said::<String, i32>::new();
    let preview_src = Memo::new(move |_| {
        let link = planner.topology.with(encode);
        let query = embed_query(&show.get(), &theme.get(), &title.get(), true);
        format!("{}embed.html{query}#{link}", planner_base())
    });
    // The preview and the measuring frame report their heights as any embed does; only these
    // two frames are heard.
    let heard = window_event_listener(leptos::ev::message, move |event| {
        let data = event.data();
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
        if field("type").and_then(|value| value.as_string()).as_deref()
            != Some("kasm-topology:resize")
        {
            return;
        }
        // Within what embed.js accepts.
        let Some(height) = field("height").and_then(|value| value.as_f64()) else {
            return;
        };
        let height = height.clamp(80.0, 20_000.0).ceil() as i32;
        for (id, signal) in [("embed-preview", measured), ("embed-measure", tallest)] {
            let Some(frame) = leptos::prelude::document()
                .get_element_by_id(id)
                .and_then(|element| element.dyn_into::<web_sys::HtmlIFrameElement>().ok())
            else {
                continue;
            };
            // Compared as values: a frame's window is of another realm, where `instanceof
            // Window` (what a checked cast asks) is false.
            if frame.content_window().is_some_and(|from| {
                event.source().map(wasm_bindgen::JsValue::from)
                    == Some(wasm_bindgen::JsValue::from(from))
            }) {
                signal.say(preview_src.get_untracked(), height);
            }
        }
    });
    on_cleanup(move || heard.remove());
    let snippets = Memo::new(move |_| {
        let link = planner.topology.with(encode);
        let base = planner_base();
        let (show, theme, title) = (show.get(), theme.get(), title.get());
        let height = preview_src
            .with(|page| tallest.about(page))
            .unwrap_or(UNMEASURED_HEIGHT);
        let frame_query = embed_query(&show, &theme, &title, true);
        let title_attribute = if title.trim().is_empty() {
            String::new()
        } else {
            format!(" data-title=\"{}\"", xml_escape(title.trim()))
        };
        let frame_title = if title.trim().is_empty() {
            "Kasm Workspaces topology".to_owned()
        } else {
            xml_escape(title.trim())
        };
        [
            (
                "Iframe",
                format!(
                    "<iframe src=\"{base}embed.html{}#{link}\" title=\"{frame_title}\" style=\"width:100%;height:{height}px;border:0\" loading=\"lazy\" sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox\"></iframe>",
                    xml_escape(&frame_query)
                ),
            ),
            (
                "Script (sizes itself)",
                format!(
                    "<div data-kasm-topology=\"{link}\" data-show=\"{show}\" data-theme=\"{theme}\"{title_attribute}></div>\n<script src=\"{base}embed.js\" async></script>"
                ),
            ),
        ]
    });
    let status = RwSignal::new(String::new());
    view! {
                <p class="hint">
                    "A read-only diagram and table of this topology that stays current with the rules. The script form fits its height to the content and can follow the page's light or dark palette; the iframe keeps its diagram narrow and has a height that fits its content at every width."
                </p>
                <div class="embed-choices">
                    <div class="field">
                        <label for="embed-show">"Show"</label>
                        <select id="embed-show" on:change=move |ev| show.set(event_target_value(&ev))>
                            <option value="both" selected>"Diagram and table"</option>
                            <option value="diagram">"Diagram"</option>
                            <option value="table">"Table"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="embed-theme">"Theme"</label>
                        <select id="embed-theme" aria-describedby="embed-theme-hint" on:change=move |ev| theme.set(event_target_value(&ev))>
                            <option value="page" selected>"Follow the page"</option>
                            <option value="auto">"Reader's system setting"</option>
                            <option value="light">"Light"</option>
                            <option value="dark">"Dark"</option>
                        </select>
                        <span class="hint" id="embed-theme-hint">"Follow the page: the script form follows the docs site's palette toggle; a plain iframe follows the reader's system setting."</span>
                    </div>
                    <div class="field">
                        <label for="embed-title">"Title (optional)"</label>
                        <input id="embed-title" type="text" autocomplete="off" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                    </div>
                </div>
                {move || {
                    snippets
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(index, (name, code))| {
                            let id = format!("embed-snippet-{index}");
                            let copy_code = code.clone();
                            let field = id.clone();
                            view! {
                                <div class="snippet">
                                    <label for=id.clone()>{format!("{name} snippet")}</label>
                                    <textarea id=id readonly rows="3" spellcheck="false" prop:value=code></textarea>
                                    <button
                                        type="button"
                                        on:click=move |_| {
                                            let field = field.clone();
                                            copy_to_clipboard(&copy_code, move |done| {
                                                status.set(if done {
                                                    format!("{name} snippet copied to the clipboard.")
                                                } else {
                                                    {
                                                        crate::ui::dom::select_text(&field);
                                                        "Copying was refused: the snippet is selected, press Ctrl+C to copy it.".into()
                                                    }
                                                });
                                            });
                                        }
                                    >
                                        {format!("Copy {} snippet", name.split(' ').next().unwrap_or(name).to_ascii_lowercase())}
                                    </button>
                                </div>
                            }
                        })
                        .collect_view()
                }}
                <p role="status" class="export-status">{move || status.get()}</p>
                <h3 class="embed-preview-heading">"Preview"</h3>
                <iframe
                    id="embed-preview"
                    class="embed-preview"
                    title="Embed preview"
                    src=move || preview_src.get()
                    style=move || format!("height:{}px", preview_src.with(|page| measured.about(page)).unwrap_or(UNMEASURED_HEIGHT))
                    sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"
                ></iframe>
                // The same embed at a phone's width, unseen: the iframe snippet's height. Its frame
                // is taller than any embed, so no scrollbar ever narrows what it measures; the box
                // around it is empty, so the page does not grow with it.
                <div class="embed-measure">
                    <iframe
                        id="embed-measure"
                        title="Embed measured at a phone's width"
                        aria-hidden="true"
                        tabindex="-1"
                        src=move || preview_src.get()
                        style=format!("width:{MEASURED_AT}px;height:{MEASURE_FRAME_HEIGHT}px;border:0")
                        sandbox="allow-scripts allow-same-origin"
                    ></iframe>
                </div>
    }
}
