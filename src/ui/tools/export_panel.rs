//! The export panel of the tools module: one tab per export format with copy and download, and
//! the JSON import. The texts come from `crate::export`; this only shows and moves them. The page
//! keeps the section, its heading and the base domain (see `crate::ui::planner::app`).

use leptos::prelude::*;

use super::mirror::use_mirror;
use super::paste::PasteOrFile;
use super::settings::{PublishingSettings, TlsSettings};
use crate::engine::Topology;
use crate::export::json::import;
use crate::export::{render, Format, CHART_VERSION, KASM_VERSION};
use crate::ui::dom::{copy_to_clipboard, download};
use crate::ui::said::Said;

/// The tabs, their actions and the import.
#[component]
pub fn ExportPanel() -> impl IntoView {
    let planner = use_mirror();
    let selected = RwSignal::new(0usize);
    let format = move || Format::ALL[selected.get() % Format::ALL.len()];
    let rendered = Memo::new(move |_| planner.topology.with(|topology| render(format(), topology)));
    let refused = move || rendered.with(Result::is_err);
    let text = move || rendered.with(|r| r.clone().unwrap_or_default());
    let current = move || rendered.with_untracked(|r| r.clone().unwrap_or_default());
    let reasons = move || {
        rendered.with(|r| match r {
            Ok(_) => Vec::new(),
            Err(refusal) => refusal.reasons.clone(),
        })
    };
    // What became of copying or saving, about the tab and the topology it was for.
    let status = Said::<(usize, Topology), String>::new();
    let shown = move || (selected.get_untracked(), planner.topology.get_untracked());

    let focus_tab = move |index: usize| {
        selected.set(index);
        crate::ui::dom::focus_after_render(format!("export-tab-{index}"));
    };
    let on_tab_key = move |ev: leptos::ev::KeyboardEvent| {
        let count = Format::ALL.len();
        let now = selected.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" => (now + 1) % count,
            "ArrowLeft" => (now + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        focus_tab(next);
    };
    let copy = move |_| {
        let about = shown();
        copy_to_clipboard(&current(), move |copied| {
            status.say(
                about,
                if copied {
                    format!("{} copied to the clipboard.", format().title())
                } else {
                    crate::ui::dom::select_text("export-text-pre");
                    "Copying was refused: the text is selected, press Ctrl+C to copy it.".to_owned()
                },
            );
        });
    };
    let save = move |_| {
        let format = format();
        let saved = download(format.file_name(), format.media_type(), &current());
        status.say(
            shown(),
            if saved {
                format!("Downloading {}.", format.file_name())
            } else {
                "The browser refused the download: copy the text instead.".to_owned()
            },
        );
    };

    view! {
        <fieldset class="settings">
            <legend>"How users reach the cluster"</legend>
            <PublishingSettings />
            <TlsSettings />
        </fieldset>
        <p class="hint">
            {format!("Helm values and checklist for the kasm-helm chart {CHART_VERSION} (Kasm Workspaces {KASM_VERSION}).")}
        </p>
        <div role="tablist" aria-label="Export format" class="tabs" on:keydown=on_tab_key>
                {Format::ALL
                    .iter()
                    .enumerate()
                    .map(|(index, tab)| {
                        view! {
                            <button
                                type="button"
                                role="tab"
                                id=format!("export-tab-{index}")
                                aria-controls="export-text"
                                aria-selected=move || (selected.get() == index).to_string()
                                tabindex=move || if selected.get() == index { "0" } else { "-1" }
                                on:click=move |_| selected.set(index)
                            >
                                {tab.title()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div
                role="tabpanel"
                id="export-text"
                aria-labelledby=move || format!("export-tab-{}", selected.get())
            >
                <Show
                    when=move || !refused()
                    fallback=move || {
                        view! {
                            <div class="refused" role="alert">
                                <p>
                                    {move || format!("No {} until these are fixed: what it would write would not install, or could run as a command.", format().title())}
                                </p>
                                <ul>
                                    {move || reasons().into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}
                                </ul>
                                <p>"The tables and the JSON are still available."</p>
                            </div>
                        }
                    }
                >
                    <pre class="export-text" id="export-text-pre" tabindex="0">{text}</pre>
                </Show>
                <div class="export-actions">
                    <button type="button" disabled=refused on:click=copy>
                        "Copy"
                    </button>
                    <button type="button" disabled=refused on:click=save>
                        {move || format!("Download {}", format().file_name())}
                    </button>
                    <span role="status" class="export-status">
                        {move || {
                            let now = (selected.get(), planner.topology.get());
                            status.about(&now).unwrap_or_default()
                        }}
                    </span>
                </div>
            </div>
        <ImportJson />
        <super::values_panel::CheckValues />
    }
}

/// Paste or load a topology as JSON; a bad one is answered and changes nothing.
#[component]
fn ImportJson() -> impl IntoView {
    let planner = use_mirror();
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let apply = move |text: Result<String, String>| match text.map(|text| import(&text)) {
        Ok(Ok(topology)) => {
            let zones = topology.zones.len();
            planner.import(&topology);
            outcome.set(Some(Ok(format!(
                "Imported a topology of {}.",
                crate::words::count(zones, "zone")
            ))));
        }
        Ok(Err(error)) => outcome.set(Some(Err(format!("Nothing was imported: {error}.")))),
        Err(why) => outcome.set(Some(Err(format!("Nothing was imported: {why}.")))),
    };
    view! {
        <div class="import">
            <h3>"Import"</h3>
            <PasteOrFile
                id="import-json"
                label="Topology JSON"
                placeholder="Paste a topology exported as JSON"
                rows="4"
                button="Import JSON"
                file_label="Load JSON file"
                accept=".json,application/json"
                max_bytes=crate::export::json::MAX_IMPORT_BYTES
                on_text=Callback::new(apply)
            />
            {move || match outcome.get() {
                Some(Ok(message)) => view! { <p role="status" class="import-ok">{message}</p> }.into_any(),
                Some(Err(message)) => view! { <p role="alert" class="import-error">{message}</p> }.into_any(),
                None => ().into_any(),
            }}
        </div>
    }
}
