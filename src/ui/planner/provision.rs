//! "What to provision": per zone, the external components to build, worded as the seed's
//! "Choosing What to Deploy" column, and the totals, as written by `crate::report`.

use leptos::prelude::*;

use crate::report;
use crate::ui::planner::state::use_planner;

/// The provisioning summary and totals.
#[component]
pub fn ProvisionSummary() -> impl IntoView {
    let planner = use_planner();
    view! {
        <section
            class="provision"
            aria-labelledby="provision-heading"
            inner_html=move || planner.plan.with(report::provision)
        ></section>
    }
}
