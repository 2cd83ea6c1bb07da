//! "Check my values", in the export panel of the tools module: open an existing kasm-helm
//! values file (paste or file), see the topology it describes on the page and what in it will
//! break, then "Fix and export" the same file with only the planner's keys changed, and the
//! diff. Reading, findings and the merge are `crate::values`; this shows and moves them.

use leptos::prelude::*;

use super::mirror::use_mirror;
use super::paste::PasteOrFile;
use crate::engine::{Severity, Topology};
use crate::ui::dom::{copy_to_clipboard, download};
use crate::ui::said::Said;
use crate::values::yaml::MAX_VALUES_BYTES;
use crate::values::{fix, open, Merged, ValuesFinding};
use crate::words::{count, sentence};

/// What opening the last values file gave.
#[derive(Clone, PartialEq)]
struct Checked {
    /// The file as opened, for the merge.
    text: String,
    /// What will break in it.
    findings: Vec<ValuesFinding>,
    /// The opening's summary.
    summary: String,
    /// What the file asks of the cluster (`crate::export::capacity::implied`).
    implied: String,
}

/// Paste or choose a values file; its topology opens on the page, its findings show here, and
/// "Fix and export" writes the merged file.
#[component]
pub fn CheckValues() -> impl IntoView {
    let planner = use_mirror();
    let checked = RwSignal::new(None::<Checked>);
    let problem = RwSignal::new(None::<String>);
    // A fixed file is about the plan and the file it was made from: a change on the page, or
    // another file, takes it away.
    let merged = Said::<(Topology, String), Result<Merged, String>>::new();
    let made_from = move || {
        (
            planner.topology.get(),
            checked.with(|c| c.as_ref().map(|c| c.text.clone()).unwrap_or_default()),
        )
    };
    let status = RwSignal::new(String::new());

    let apply = move |text: String| match open(&text) {
        Ok(opened) => {
            let zones = opened.topology.zones.len();
            // What the plan keeps (a name, a hostname, a setting's name) is said once, in the
            // page's findings, with its place in the file; the rest is about the file, listed
            // here.
            let (in_plan, findings): (Vec<ValuesFinding>, Vec<ValuesFinding>) = opened
                .findings
                .into_iter()
                .partition(|finding| finding.in_plan);
            let errors = |list: &[ValuesFinding]| {
                list.iter()
                    .filter(|finding| finding.severity == Severity::Error)
                    .count()
            };
            let origin = if opened.from_kasm_zones {
                format!("{} from kasmZones", count(zones, "zone"))
            } else {
                "the chart's single zone (kasmZones is empty)".to_owned()
            };
            let verdict = match (findings.len(), errors(&findings)) {
                (0, _) => String::new(),
                (all, 0) => format!(" {} below.", count(all, "warning")),
                (all, errors) => format!(" {errors} of the {all} findings below will break the install or the zones; the plan on the page has the planner's fix for each."),
            };
            let kept = match (in_plan.len(), errors(&in_plan)) {
                (0, _) if findings.is_empty() => " Nothing in it will break.".to_owned(),
                (0, _) => String::new(),
                (1, 1) => " 1 error in the page's findings needs a change in the zone editor or the settings before Fix and export; it shows there with its key and line in this file.".to_owned(),
                (all, 0) => format!(" {} about the plan itself {} in the page's findings, with {} key and line in this file.", count(all, "warning"), if all == 1 { "shows" } else { "show" }, if all == 1 { "its" } else { "their" }),
                (all, errors) => format!(" {} in the page's findings ({}) need a change in the zone editor or the settings before Fix and export; they show there with their keys and lines in this file.", count(all, "finding"), count(errors, "error")),
            };
            let places = in_plan
                .iter()
                .map(|finding| {
                    let at = finding.at.map(|at| format!(", {at}")).unwrap_or_default();
                    format!(
                        "{}\t{}{at}",
                        crate::report::one_line(&finding.message),
                        finding.key
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            checked.set(Some(Checked {
                text,
                findings,
                summary: format!("Opened {origin}.{verdict}{kept} Session types are not in a values file: every zone starts with container sessions ticked, so tick what each zone runs in the zone editor; the rest of the plan stays as read."),
                implied: crate::export::capacity::implied(&opened.topology, &opened.overrides),
            }));
            problem.set(None);
            planner.open(&opened.topology, &places);
        }
        Err(error) => problem.set(Some(format!(
            "Nothing was opened: {} Your topology is unchanged.",
            sentence(&error.to_string())
        ))),
    };
    let fix_and_export = move |_| {
        let Some(original) = checked.with_untracked(|c| c.as_ref().map(|c| c.text.clone())) else {
            return;
        };
        let topology = planner.topology.get_untracked();
        let result = fix(&original, &topology).map_err(|error| format!("No fixed file: {error}."));
        status.set(String::new());
        merged.say((topology, original), result);
    };
    let fixed_text = move || {
        untrack(|| merged.about(&made_from()))
            .and_then(Result::ok)
            .map(|merged: Merged| merged.text)
    };
    let copy = move |_| {
        let Some(text) = fixed_text() else { return };
        copy_to_clipboard(&text, move |copied| {
            status.set(if copied {
                "The fixed values file is copied to the clipboard.".to_owned()
            } else {
                crate::ui::dom::select_text("values-fixed");
                "Copying was refused: the text is selected, press Ctrl+C to copy it.".to_owned()
            });
        });
    };
    let save = move |_| {
        let Some(text) = fixed_text() else { return };
        status.set(if download("my-values.yaml", "application/yaml", &text) {
            "Downloading my-values.yaml.".to_owned()
        } else {
            "The browser refused the download: copy the text instead.".to_owned()
        });
    };

    let findings = move || {
        checked.with(|c| {
            c.as_ref()
                .map(|c| c.findings.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|finding| {
                    let (class, word) = match finding.severity {
                        Severity::Error => ("finding error", "Error"),
                        Severity::Warning => ("finding warning", "Warning"),
                    };
                    let place = finding.at.map(|at| format!(" ({at})")).unwrap_or_default();
                    view! {
                        <li class=class>
                            <strong>{format!("{word}: {}", finding.key)}</strong>
                            {place}
                            " \u{2014} "
                            {finding.message}
                            <br />
                            <small>{format!("Source: {}", finding.source)}</small>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let result = move || {
        merged.about(&made_from()).map(|result| match result {
            Ok(merged) if merged.diff.is_empty() => view! {
                <p role="status" class="import-ok">
                    "The file already has the planner's keys as the plan says: nothing to change."
                </p>
            }
            .into_any(),
            Ok(merged) => {
                let changed = merged.changed.join(", ");
                view! {
                    <p class="hint">
                        {format!("Changed only the planner's keys ({changed}); every other key, comment and the order are kept. kasmZones entries keep their other keys; comments inside a value the planner writes whole are not carried over.")}
                    </p>
                    <h4 id="values-diff-title">"Changes"</h4>
                    <pre class="export-text diff" tabindex="0" aria-labelledby="values-diff-title">
                        {merged.diff}
                    </pre>
                    <h4 id="values-fixed-title">"Fixed values file"</h4>
                    <pre class="export-text" id="values-fixed" tabindex="0" aria-labelledby="values-fixed-title">
                        {merged.text}
                    </pre>
                    <div class="export-actions">
                        <button type="button" on:click=copy>"Copy fixed values"</button>
                        <button type="button" on:click=save>"Download fixed my-values.yaml"</button>
                        <span role="status" class="export-status">{move || status.get()}</span>
                    </div>
                }
                .into_any()
            }
            Err(message) => view! { <p role="alert" class="import-error">{message}</p> }.into_any(),
        })
    };

    view! {
        <div class="import values">
            <h3>"Check my values"</h3>
            <p class="hint">
                "Open an existing my-values.yaml for the kasm-helm chart: its zones open here, with what in it will break on a cluster."
            </p>
            <PasteOrFile
                id="open-values"
                label="Values file (YAML)"
                placeholder="Paste a kasm-helm values file"
                rows="6"
                button="Open values"
                file_label="Open a values file"
                accept=".yaml,.yml,application/yaml,text/yaml"
                max_bytes=MAX_VALUES_BYTES
                on_text=Callback::new(move |text: Result<String, String>| match text {
                    Ok(text) => apply(text),
                    Err(why) => problem.set(Some(format!("Nothing was opened: {why}. Your topology is unchanged."))),
                })
            />
            {move || problem.get().map(|message| view! { <p role="alert" class="import-error">{message}</p> })}
            {move || {
                checked
                    .with(|c| c.as_ref().map(|c| (c.summary.clone(), c.implied.clone())))
                    .map(|(summary, implied)| {
                        view! {
                            <p role="status" class="import-ok">{summary}</p>
                            <p class="implied">{implied}</p>
                            <ul class="findings" aria-label="Findings in the values file">
                                {findings}
                            </ul>
                            <p class="hint">
                                "Fix and export writes the plan on the page (with the session types you tick) into this file."
                            </p>
                            <button type="button" on:click=fix_and_export>
                                "Fix and export"
                            </button>
                            {result}
                        }
                    })
            }}
        </div>
    }
}
