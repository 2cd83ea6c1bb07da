//! Errors and warnings about the topology, and the latest notice about an edit, in live regions
//! so that screen readers announce them as they appear.

use leptos::prelude::*;

use super::state::use_planner;
use crate::engine::Severity;
use crate::report;

/// Errors (an alert), warnings (a status) and the latest edit notice.
#[component]
pub fn Findings() -> impl IntoView {
    let planner = use_planner();
    let errors = Memo::new(move |_| {
        planner
            .plan
            .with(|plan| report::findings(plan, Severity::Error))
    });
    let warnings = Memo::new(move |_| {
        planner
            .plan
            .with(|plan| report::findings(plan, Severity::Warning))
    });
    view! {
        <div class="findings">
            <div role="alert" class="errors" class:empty=move || errors.with(String::is_empty) && planner.notice.with(Option::is_none)>
                {move || planner.notice.get().map(|notice| view! { <p class="notice">{notice}</p> })}
                <ul inner_html=move || errors.get()></ul>
            </div>
            <div role="status" class="warnings" class:empty=move || warnings.with(String::is_empty)>
                <ul inner_html=move || warnings.get()></ul>
            </div>
        </div>
    }
}
