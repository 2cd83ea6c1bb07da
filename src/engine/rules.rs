//! The seed's placement rules as one decision table, and the one rule of the chart it describes
//! that the seed does not mention.
//!
//! Each row reads: for this kind of zone and this role, when the zone's choices match, the role is
//! placed so, because of these words of the Kasm `KASM_VERSION` page "Kubernetes Deployment Options"
//! (quoted verbatim). Hold the table beside the seed and tick the rows off: the Helm chart tables
//! give the primary-zone and additional-zone rows, "Choosing What to Deploy" gives the conditions
//! for additional zones, and the note gives the Agent and Dedicated Proxy rows.
//!
//! The rows whose source is [`Source::Chart`] quote the kasm-helm chart
//! ([`super::CHART_VERSION`]) instead: an additional
//! zone that shares the primary zone's `region_name` gets Guacamole and the RDP gateways (the
//! Connection Proxy) from the chart. With no regions (the default) no zone matches them, and the
//! table gives the seed's answers exactly.
//! This module must never reach for the browser: it is plain data and one lookup.

use serde::Serialize;

/// The four Kasm service roles, in the seed's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// NGINX, API, Manager: the control plane of a zone.
    App,
    /// NGINX, Guacamole, RDP Gateway, RDP HTTPS Gateway: the gateway for RDP, VNC and SSH.
    ConnectionProxy,
    /// NGINX (kasm_proxy): a zone-local relay for container session traffic.
    DedicatedProxy,
    /// Docker runtime, Kasm Agent service, kasm_proxy: runs container sessions.
    Agent,
}

impl Role {
    /// Every role, in the order of the seed and of the placement table's columns.
    pub const ALL: [Role; 4] = [
        Role::App,
        Role::ConnectionProxy,
        Role::DedicatedProxy,
        Role::Agent,
    ];

    /// The role's name as the seed writes it.
    pub fn name(self) -> &'static str {
        match self {
            Role::App => "App",
            Role::ConnectionProxy => "Connection Proxy",
            Role::DedicatedProxy => "Dedicated Proxy",
            Role::Agent => "Agent",
        }
    }

    /// The single-zone table's "Notes" column: what the chart's instance of the role brings to the
    /// primary zone, or, for the Agent, that the chart does not deploy it.
    pub fn chart_note(self) -> &'static str {
        match self {
            Role::App => "API, Manager, built-in PostgreSQL",
            Role::ConnectionProxy => "Guacamole, RDP Gateway, RDP HTTPS Gateway",
            Role::DedicatedProxy => "Proxies KasmVNC traffic to Agents",
            Role::Agent => "Must be provisioned separately",
        }
    }

    /// What the role includes, from the seed's "Includes:" lines.
    pub fn includes(self) -> &'static str {
        match self {
            Role::App => "NGINX, API, Manager",
            Role::ConnectionProxy => "NGINX, Guacamole, RDP Gateway, RDP HTTPS Gateway",
            Role::DedicatedProxy => "NGINX (kasm_proxy)",
            Role::Agent => "Docker runtime, Kasm Agent service, kasm_proxy",
        }
    }
}

/// Where a role of a zone lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// In the Kubernetes cluster, deployed by the Helm chart.
    Helm,
    /// Outside the cluster, and needed: the operator builds it.
    External,
    /// Outside the cluster, and optional: the zone works without it.
    Optional,
    /// The zone does not need this role.
    NotNeeded,
}

impl Placement {
    /// The word the placement table starts its cell with.
    pub fn label(self) -> &'static str {
        match self {
            Placement::Helm => "Helm",
            Placement::External => "External",
            Placement::Optional => "Optional",
            Placement::NotNeeded => "Not needed",
        }
    }

    /// A short name for markup: the CSS classes that colour the placement in the table
    /// (`cell helm`) and the diagram (`placement-helm`) are made from it.
    pub fn key(self) -> &'static str {
        match self {
            Placement::Helm => "helm",
            Placement::External => "external",
            Placement::Optional => "optional",
            Placement::NotNeeded => "not-needed",
        }
    }

    /// Whether the operator builds this role outside the cluster (needed or optional).
    pub fn is_outside_cluster(self) -> bool {
        matches!(self, Placement::External | Placement::Optional)
    }
}

/// Which zone a rule speaks of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ZoneKind {
    /// The first zone in the list: the chart deploys the full set of roles for it.
    Primary,
    /// Every later zone: the chart deploys only its App role.
    Additional,
}

/// The part of the seed a rule's words come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// "What the Helm Chart Deploys", single-zone and multi-zone tables.
    HelmTables,
    /// "Choosing What to Deploy".
    ChoosingTable,
    /// The note under "Choosing What to Deploy".
    Note,
    /// The role's own description under "Service Roles".
    ServiceRoles,
    /// Not the seed: the kasm-helm chart's `templates/_helpers.tpl` ([`super::CHART_VERSION`]).
    Chart,
}

impl Source {
    /// The section of the seed page, for the "why" of a placement.
    pub fn title(self) -> &'static str {
        match self {
            Source::HelmTables => "What the Helm Chart Deploys",
            Source::ChoosingTable => "Choosing What to Deploy",
            Source::Note => "Choosing What to Deploy, note",
            Source::ServiceRoles => "Service Roles",
            Source::Chart => "templates/_helpers.tpl",
        }
    }

    /// The document the words come from: the seed page, or the chart.
    pub fn document(self) -> &'static str {
        match self {
            Source::Chart => concat!("kasm-helm chart ", crate::chart_version!()),
            _ => "Kasm docs",
        }
    }

    /// Whether the words are the chart's, not the seed's.
    pub fn is_chart(self) -> bool {
        self == Source::Chart
    }
}

/// A condition on one of the zone's choices: `None` matches either answer.
pub type Choice = Option<bool>;

/// When a rule applies to a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct When {
    /// The zone runs container sessions.
    pub container_sessions: Choice,
    /// The zone runs RDP/VNC sessions.
    pub rdp_vnc_sessions: Choice,
    /// The operator chose a Dedicated Proxy for the zone.
    pub dedicated_proxy: Choice,
    /// The zone shares the primary zone's non-empty region (the chart's primary region).
    pub primary_region: Choice,
}

/// What the planner adds to a placement when the seed's words alone would leave the operator
/// wondering: a role the chart deploys that the zone will not use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Remark {
    /// Nothing to add.
    None,
    /// Deployed by the chart, but idle: the zone has no sessions of the kind it serves.
    Idle(&'static str),
}

/// One row of the decision table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The kind of zone.
    pub zone: ZoneKind,
    /// The role placed.
    pub role: Role,
    /// The zone choices the row applies to.
    pub when: When,
    /// Where the role goes.
    pub placement: Placement,
    /// The seed's words that make it so, quoted verbatim.
    pub reason: &'static str,
    /// Where in the seed those words stand.
    pub source: Source,
    /// The planner's own remark, if any.
    pub remark: Remark,
}

const ANY: When = When {
    container_sessions: None,
    rdp_vnc_sessions: None,
    dedicated_proxy: None,
    primary_region: None,
};
const CONTAINERS: When = When {
    container_sessions: Some(true),
    ..ANY
};
const NO_CONTAINERS: When = When {
    container_sessions: Some(false),
    ..ANY
};
const RDP_VNC: When = When {
    rdp_vnc_sessions: Some(true),
    ..ANY
};
const NO_RDP_VNC: When = When {
    rdp_vnc_sessions: Some(false),
    ..ANY
};
const RDP_VNC_OWN_REGION: When = When {
    primary_region: Some(false),
    ..RDP_VNC
};
const NO_RDP_VNC_OWN_REGION: When = When {
    primary_region: Some(false),
    ..NO_RDP_VNC
};
const RDP_VNC_PRIMARY_REGION: When = When {
    primary_region: Some(true),
    ..RDP_VNC
};
const NO_RDP_VNC_PRIMARY_REGION: When = When {
    primary_region: Some(true),
    ..NO_RDP_VNC
};
const CONTAINERS_PROXY_CHOSEN: When = When {
    container_sessions: Some(true),
    dedicated_proxy: Some(true),
    ..ANY
};
const CONTAINERS_NO_PROXY_CHOSEN: When = When {
    container_sessions: Some(true),
    dedicated_proxy: Some(false),
    ..ANY
};

const fn rule(
    zone: ZoneKind,
    role: Role,
    when: When,
    placement: Placement,
    reason: &'static str,
    source: Source,
    remark: Remark,
) -> Rule {
    Rule {
        zone,
        role,
        when,
        placement,
        reason,
        source,
        remark,
    }
}

use Placement::{External, Helm, NotNeeded, Optional};
use Role::{Agent, App, ConnectionProxy, DedicatedProxy};
use Source::{Chart, ChoosingTable, HelmTables, Note, ServiceRoles};
use ZoneKind::{Additional, Primary};

/// The chart's `templates/_helpers.tpl`, verbatim: the comments of
/// `kasm.isInPrimaryRegion` and `kasm.primaryRegionZones`.
const IN_PRIMARY_REGION: &str = "A zone is in the primary region when: … It shares the same region_name as the primary zone (and region_name is non-empty). … Guac, RDP Gateway, and RDP HTTPS Gateway are only deployed in primary-region zones.";

/// The decision table. For each zone kind and role, exactly one row matches any zone
/// (a test checks every combination).
#[rustfmt::skip] // one row per line, so the table reads beside the seed
pub static RULES: &[Rule] = &[
    // Primary zone: "the Helm chart deploys the full set of roles for the primary zone".
    rule(Primary, App, ANY, Helm,
        "The Helm chart bundles the App, Connection Proxy, and Dedicated Proxy roles into the cluster.",
        HelmTables, Remark::None),
    rule(Primary, ConnectionProxy, RDP_VNC, Helm,
        "RDP and VNC sessions work immediately via the bundled Connection Proxy.",
        HelmTables, Remark::None),
    rule(Primary, ConnectionProxy, NO_RDP_VNC, Helm,
        "The Helm chart bundles the App, Connection Proxy, and Dedicated Proxy roles into the cluster.",
        HelmTables, Remark::Idle("idle: this zone runs no RDP/VNC sessions")),
    rule(Primary, DedicatedProxy, CONTAINERS, Helm,
        "Proxies KasmVNC traffic to Agents",
        HelmTables, Remark::None),
    rule(Primary, DedicatedProxy, NO_CONTAINERS, Helm,
        "The Helm chart bundles the App, Connection Proxy, and Dedicated Proxy roles into the cluster.",
        HelmTables, Remark::Idle("idle: this zone runs no container sessions")),
    rule(Primary, Agent, CONTAINERS, External,
        "Agents are required for any zone that runs container sessions, including the primary zone.",
        Note, Remark::None),
    rule(Primary, Agent, NO_CONTAINERS, NotNeeded,
        "The primary zone requires no external components unless you are adding Agents.",
        ChoosingTable, Remark::None),
    // Additional zones: "only the App role for each additional zone".
    rule(Additional, App, ANY, Helm,
        "Helm (in cluster, one per zone)",
        HelmTables, Remark::None),
    rule(Additional, ConnectionProxy, RDP_VNC_OWN_REGION, External,
        "External — deploy if supporting RDP/VNC",
        HelmTables, Remark::None),
    rule(Additional, ConnectionProxy, NO_RDP_VNC_OWN_REGION, NotNeeded,
        "It is the gateway for any non-Docker session type.",
        ServiceRoles, Remark::None),
    // The chart, not the seed: zones in the primary region get Guacamole and the RDP gateways.
    rule(Additional, ConnectionProxy, RDP_VNC_PRIMARY_REGION, Helm,
        IN_PRIMARY_REGION,
        Chart, Remark::None),
    rule(Additional, ConnectionProxy, NO_RDP_VNC_PRIMARY_REGION, Helm,
        IN_PRIMARY_REGION,
        Chart, Remark::Idle("idle: this zone runs no RDP/VNC sessions")),
    rule(Additional, DedicatedProxy, CONTAINERS_PROXY_CHOSEN, External,
        "External — deploy for container session performance",
        HelmTables, Remark::None),
    rule(Additional, DedicatedProxy, CONTAINERS_NO_PROXY_CHOSEN, Optional,
        "The Dedicated Proxy is optional: without it, container session traffic routes through the App role's built-in proxy rather than a zone-local relay — sessions work, but potentially with higher latency.",
        Note, Remark::None),
    rule(Additional, DedicatedProxy, NO_CONTAINERS, NotNeeded,
        "The Dedicated Proxy role is a standalone zone-local relay that directs end-users to the correct Kasm Agent for container sessions.",
        ServiceRoles, Remark::None),
    rule(Additional, Agent, CONTAINERS, External,
        "External — deploy if supporting container sessions",
        HelmTables, Remark::None),
    rule(Additional, Agent, NO_CONTAINERS, NotNeeded,
        "Agents are required for any zone that runs container sessions, including the primary zone.",
        Note, Remark::None),
];

fn choice_matches(choice: Choice, actual: bool) -> bool {
    choice.is_none_or(|wanted| wanted == actual)
}

/// What a rule may ask of a zone: its answers, and where it stands against the primary zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The zone runs container sessions.
    pub container_sessions: bool,
    /// The zone runs RDP/VNC sessions.
    pub rdp_vnc_sessions: bool,
    /// The operator chose a Dedicated Proxy for it.
    pub dedicated_proxy: bool,
    /// It shares the primary zone's non-empty region.
    pub primary_region: bool,
}

impl When {
    /// Whether a zone with these facts meets the condition.
    pub fn matches(self, facts: Facts) -> bool {
        choice_matches(self.container_sessions, facts.container_sessions)
            && choice_matches(self.rdp_vnc_sessions, facts.rdp_vnc_sessions)
            && choice_matches(self.dedicated_proxy, facts.dedicated_proxy)
            && choice_matches(self.primary_region, facts.primary_region)
    }
}

/// Stands in if the table ever missed a combination; the exhaustiveness test keeps it unused.
static UNMATCHED: Rule = rule(
    Additional,
    App,
    ANY,
    NotNeeded,
    "No rule of the Kasm docs matches this zone.",
    ServiceRoles,
    Remark::None,
);

/// The row of [`RULES`] that places `role` in a zone of kind `zone` with these facts.
pub fn decide(zone: ZoneKind, role: Role, facts: Facts) -> &'static Rule {
    RULES
        .iter()
        .find(|rule| rule.zone == zone && rule.role == role && rule.when.matches(facts))
        .unwrap_or(&UNMATCHED)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every combination of facts a zone can have.
    fn every_facts() -> Vec<Facts> {
        (0..16u8)
            .map(|bits| Facts {
                container_sessions: bits & 1 != 0,
                rdp_vnc_sessions: bits & 2 != 0,
                dedicated_proxy: bits & 4 != 0,
                primary_region: bits & 8 != 0,
            })
            .collect()
    }

    #[test]
    fn exactly_one_row_matches_every_combination() {
        for zone in [Primary, Additional] {
            for role in Role::ALL {
                for facts in every_facts() {
                    let matching = RULES
                        .iter()
                        .filter(|rule| {
                            rule.zone == zone && rule.role == role && rule.when.matches(facts)
                        })
                        .count();
                    assert_eq!(matching, 1, "{zone:?} {role:?} {facts:?}");
                }
            }
        }
    }

    #[test]
    fn every_row_is_reachable() {
        for (index, rule) in RULES.iter().enumerate() {
            let reached = every_facts()
                .into_iter()
                .any(|facts| std::ptr::eq(decide(rule.zone, rule.role, facts), rule));
            assert!(reached, "row {index} is shadowed");
        }
    }

    #[test]
    fn only_the_chart_rows_ask_about_regions() {
        for rule in RULES {
            assert_eq!(
                rule.when.primary_region.is_some(),
                rule.zone == Additional && rule.role == ConnectionProxy,
                "{rule:?}"
            );
            if rule.when.primary_region == Some(true) {
                assert_eq!(rule.source, Chart);
            } else {
                assert_ne!(rule.source, Chart, "{rule:?}");
            }
        }
    }
}
