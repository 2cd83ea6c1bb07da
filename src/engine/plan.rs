//! From a topology to a plan: every zone's four roles placed by the decision table, what to
//! provision outside the cluster per zone, and the totals.
//!
//! `plan` is total: it answers for any topology, even one with errors, so the page can always show
//! the user where their work stands. Findings travel with the plan.

use serde::Serialize;

use super::findings::{Finding, Severity};
use super::rules::{decide, Facts, Placement, Remark, Role, Rule, Source, ZoneKind};
use super::topology::{zone_label, Topology};
use super::{CHART_VERSION, KASM_VERSION};

/// The placement of one role in one zone, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RolePlan {
    /// The role placed.
    pub role: Role,
    /// Where it lives.
    pub placement: Placement,
    /// The seed's words behind the placement.
    pub reason: &'static str,
    /// Where those words stand in the seed.
    pub source: Source,
    /// The planner's own remark (an idle role from the chart).
    pub remark: Remark,
}

impl RolePlan {
    fn from_rule(rule: &Rule) -> Self {
        RolePlan {
            role: rule.role,
            placement: rule.placement,
            reason: rule.reason,
            source: rule.source,
            remark: rule.remark,
        }
    }

    /// The text of the placement table's cell: the placement word, then the remark if any.
    pub fn cell_text(&self) -> String {
        match self.remark {
            Remark::None => self.placement.label().to_owned(),
            Remark::Idle(why) => format!("{} ({why})", self.placement.label()),
        }
    }
}

/// Everything the plan says about one zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ZonePlan {
    /// The zone's position in the topology.
    pub index: usize,
    /// Its name, or "zone N" when it has none.
    pub name: String,
    /// Whether this is the primary zone.
    pub primary: bool,
    /// The four roles in [`Role::ALL`] order.
    pub roles: [RolePlan; 4],
}

impl ZonePlan {
    /// The placement of one role.
    pub fn role(&self, role: Role) -> &RolePlan {
        // `roles` is built in `Role::ALL` order, so a role's position is its index there.
        &self.roles[role as usize]
    }

    /// Roles the operator must build outside the cluster for this zone.
    pub fn external(&self) -> Vec<Role> {
        self.roles_placed(Placement::External)
    }

    /// Roles the operator may add outside the cluster for this zone.
    pub fn optional(&self) -> Vec<Role> {
        self.roles_placed(Placement::Optional)
    }

    fn roles_placed(&self, placement: Placement) -> Vec<Role> {
        // Agent first: the seed lists external components as "Agent, Connection Proxy; ...".
        [Role::Agent, Role::ConnectionProxy, Role::DedicatedProxy]
            .into_iter()
            .filter(|role| self.role(*role).placement == placement)
            .collect()
    }

    /// The zone's line of "What to provision", worded as the seed's "Choosing What to Deploy"
    /// column: "None", "Agent; Dedicated Proxy (optional — reduces latency)", and so on.
    pub fn provision_summary(&self) -> String {
        let names = |roles: Vec<Role>| roles.iter().map(|r| r.name()).collect::<Vec<_>>();
        let required = names(self.external());
        let optional: Vec<String> = names(self.optional())
            .into_iter()
            .map(|name| format!("{name} (optional — reduces latency)"))
            .collect();
        match (required.is_empty(), optional.is_empty()) {
            (true, true) => "None".to_owned(),
            (false, true) => required.join(", "),
            (true, false) => optional.join("; "),
            (false, false) => format!("{}; {}", required.join(", "), optional.join("; ")),
        }
    }
}

/// Counts over the whole topology.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// App instances the chart runs in the cluster: one per zone.
    pub apps_in_cluster: usize,
    /// Zones that need an external Agent pool.
    pub agent_pools: usize,
    /// External Connection Proxy hosts to build.
    pub connection_proxies: usize,
    /// Connection Proxies the chart runs for additional zones in the primary's region.
    pub chart_connection_proxies: usize,
    /// External Dedicated Proxy hosts the operator chose.
    pub dedicated_proxies: usize,
    /// Zones where a Dedicated Proxy could be added.
    pub optional_dedicated_proxies: usize,
}

/// The whole answer for a topology.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// One entry per zone, in topology order.
    pub zones: Vec<ZonePlan>,
    /// Counts over all zones.
    pub totals: Totals,
    /// Errors and warnings about the topology.
    pub findings: Vec<Finding>,
}

/// Places every role of every zone by the decision table.
pub fn plan(topology: &Topology) -> Plan {
    let zones: Vec<ZonePlan> = topology
        .zones
        .iter()
        .enumerate()
        .map(|(index, zone)| {
            let kind = if index == 0 {
                ZoneKind::Primary
            } else {
                ZoneKind::Additional
            };
            let facts = Facts {
                container_sessions: zone.container_sessions,
                rdp_vnc_sessions: zone.rdp_vnc_sessions,
                dedicated_proxy: zone.dedicated_proxy,
                primary_region: topology.in_primary_region(index),
            };
            let place = |role| RolePlan::from_rule(decide(kind, role, facts));
            ZonePlan {
                index,
                name: zone_label(&topology.zones, index),
                primary: index == 0,
                roles: Role::ALL.map(place),
            }
        })
        .collect();
    // Additional zones whose Connection Proxy the chart's own rule places, not the docs page.
    let chart_placed: Vec<&str> = zones
        .iter()
        .filter(|zone| !zone.primary && zone.role(Role::ConnectionProxy).source.is_chart())
        .map(|zone| zone.name.as_str())
        .collect();
    let mut findings = topology.findings();
    if !chart_placed.is_empty() {
        // Where the two documents disagree, one line says so, naming both.
        findings.push(Finding {
            severity: Severity::Warning,
            zone: None,
            message: format!(
                "for zones in the primary zone's region ({}), the kasm-helm {CHART_VERSION} chart deploys the Connection Proxy (Guacamole and the RDP gateways) in the cluster, where the Kasm {KASM_VERSION} docs page \u{201c}Kubernetes Deployment Options\u{201d} builds it outside the cluster or not at all: this plan follows the chart",
                chart_placed.join(", ")
            ),
        });
    }
    let count = |role: Role, placement: Placement| {
        zones
            .iter()
            .filter(|zone| zone.role(role).placement == placement)
            .count()
    };
    let totals = Totals {
        apps_in_cluster: count(Role::App, Placement::Helm),
        agent_pools: count(Role::Agent, Placement::External),
        connection_proxies: count(Role::ConnectionProxy, Placement::External),
        chart_connection_proxies: chart_placed.len(),
        dedicated_proxies: count(Role::DedicatedProxy, Placement::External),
        optional_dedicated_proxies: count(Role::DedicatedProxy, Placement::Optional),
    };
    Plan {
        zones,
        totals,
        findings,
    }
}
