//! Errors and warnings about the topology, and the latest notice about an edit, in live regions
//! so that screen readers announce them as they appear: once typing has settled, not on every
//! key (a finding that quotes a name changes with each letter).

use std::time::Duration;

use leptos::prelude::*;

use crate::engine::Severity;
use crate::report;
use crate::ui::planner::state::use_planner;

/// How long the findings wait for typing to stop before they change.
const SETTLE: Duration = Duration::from_millis(400);

/// `source`, changing only once it has held still for [`SETTLE`].
fn settled(source: Memo<String>) -> ReadSignal<String> {
    let (shown, set_shown) = signal(source.get_untracked());
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    Effect::new(move |_| {
        let next = source.get();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let update = move || {
            if shown.try_with_untracked(|now| *now != next) == Some(true) {
                set_shown.try_set(next);
            }
        };
        pending.set_value(set_timeout_with_handle(update, SETTLE).ok());
    });
    shown
}

/// Errors (an alert), warnings (a status) and the latest edit notice.
#[component]
pub fn Findings() -> impl IntoView {
    let planner = use_planner();
    let findings = move |severity| {
        Memo::new(move |_| {
            let places = planner.places.get();
            planner
                .plan
                .with(|plan| report::findings(plan, severity, &places))
        })
    };
    let (errors, warnings) = (findings(Severity::Error), findings(Severity::Warning));
    let (errors, warnings) = (settled(errors), settled(warnings));
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
