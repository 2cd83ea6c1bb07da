//! Errors and warnings about the topology, and the latest notice about an edit, in live regions
//! so that screen readers announce them as they appear.

use leptos::prelude::*;

use super::state::use_planner;
use crate::engine::Severity;

/// The list of findings of one severity.
fn messages(severity: Severity) -> impl Fn() -> Vec<String> + Copy {
    let planner = use_planner();
    move || {
        planner.plan.with(|plan| {
            plan.findings
                .iter()
                .filter(|finding| finding.severity == severity)
                .map(|finding| finding.message.clone())
                .collect()
        })
    }
}

/// Errors (an alert), warnings (a status) and the latest edit notice.
#[component]
pub fn Findings() -> impl IntoView {
    let planner = use_planner();
    let errors = messages(Severity::Error);
    let warnings = messages(Severity::Warning);
    let list = |items: Vec<String>| {
        items
            .into_iter()
            .map(|message| view! { <li>{message}</li> })
            .collect_view()
    };
    view! {
        <div class="findings">
            <div role="alert" class="errors" class:empty=move || errors().is_empty() && planner.notice.with(Option::is_none)>
                {move || planner.notice.get().map(|notice| view! { <p class="notice">{notice}</p> })}
                <ul>{move || list(errors())}</ul>
            </div>
            <div role="status" class="warnings" class:empty=move || warnings().is_empty()>
                <ul>{move || list(warnings())}</ul>
            </div>
        </div>
    }
}
