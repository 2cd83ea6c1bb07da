//! "Embed": ready-to-paste snippets for a docs page (a plain iframe, and the script form that
//! sizes itself), each with a copy button. The page keeps the section and its button (see
//! `super::app`); the snippets come with the tools module.

use leptos::prelude::*;

use super::dom::copy_to_clipboard;
use super::tools::use_mirror;
use crate::share::encode;

/// The folder the planner is served from, with a trailing slash.
fn planner_base() -> String {
    let page = super::browser::page_address();
    match page.rfind('/') {
        Some(cut) => page[..=cut].to_owned(),
        None => page.to_owned(),
    }
}

/// The snippets for the topology on screen.
#[component]
pub fn EmbedSnippets() -> impl IntoView {
    let planner = use_mirror();
    let snippets = Memo::new(move |_| {
        let link = planner.topology.with(encode);
        let base = planner_base();
        [
            (
                "Iframe",
                format!(
                    "<iframe src=\"{base}embed.html#{link}\" title=\"Kasm Workspaces topology\" style=\"width:100%;height:560px;border:0\" loading=\"lazy\" sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox\"></iframe>"
                ),
            ),
            (
                "Script (sizes itself)",
                format!(
                    "<div data-kasm-topology=\"{link}\" data-show=\"both\" data-theme=\"auto\"></div>\n<script src=\"{base}embed.js\" async></script>"
                ),
            ),
        ]
    });
    let status = RwSignal::new(String::new());
    view! {
                <p class="hint">
                    "A read-only diagram and table of this topology that stays current with the rules. The script form fits its height to the content."
                </p>
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
                                                        super::dom::select_text(&field);
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
    }
}
