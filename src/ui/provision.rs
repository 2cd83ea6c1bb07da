//! "What to provision": per zone, the external components to build, worded as the seed's
//! "Choosing What to Deploy" column, and the totals.

use leptos::prelude::*;

use super::state::use_planner;

/// The provisioning summary and totals.
#[component]
pub fn ProvisionSummary() -> impl IntoView {
    let planner = use_planner();
    let zones = move || {
        planner.plan.with(|plan| {
            plan.zones
                .iter()
                .map(|zone| {
                    let kind = if zone.primary {
                        "primary zone"
                    } else {
                        "additional zone"
                    };
                    view! {
                        <li>
                            <span class="zone-name">{zone.name.clone()}</span>
                            <span class="kind">{format!(" ({kind}): ")}</span>
                            <span class="components">{zone.provision_summary()}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let totals = move || planner.plan.with(|plan| plan.totals);
    view! {
        <section class="provision" aria-labelledby="provision-heading">
            <h2 id="provision-heading">"What to provision"</h2>
            <p class="hint">"Outside the cluster, per zone:"</p>
            <ul class="per-zone">{zones}</ul>
            <h3>"Totals"</h3>
            <dl class="totals">
                <dt>"App instances in the cluster (Helm)"</dt>
                <dd>{move || totals().apps_in_cluster}</dd>
                <dt>"Agent pools (Docker hosts, external)"</dt>
                <dd>{move || totals().agent_pools}</dd>
                <dt>"Connection Proxy hosts (external)"</dt>
                <dd>{move || totals().connection_proxies}</dd>
                <dt>"Dedicated Proxy hosts (external, chosen)"</dt>
                <dd>{move || totals().dedicated_proxies}</dd>
                <dt>"Zones that could add a Dedicated Proxy"</dt>
                <dd>{move || totals().optional_dedicated_proxies}</dd>
            </dl>
        </section>
    }
}
