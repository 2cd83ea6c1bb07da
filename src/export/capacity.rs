//! The capacity table: per zone its peaks, Agent hosts and what the chart reserves there, with
//! the totals, and the lines that say at which `deploymentSize`, what else the chart claims and
//! what Kasm has not published. The page's capacity panel, the Markdown and CSV tables and the
//! command line all write these same cells.

use super::markdown_text;
use super::table::csv_field;
use crate::engine::capacity::{
    cores_text, memory_text, Binding, DeploymentSize, SizeChoice, SizingError,
};
use crate::engine::reservation::{
    Amount, ChartOverrides, Component, DATABASE_VOLUME_GIB, GUAC_VOLUME_GIB,
};
use crate::engine::sizing::{cpu_text, mebibytes_text, CapacityPlan, ZoneCapacity};
use crate::engine::{Topology, CHART_VERSION};

/// Kasm's sizing guide, where what it has published (and not) stands.
pub const SIZING_GUIDE: &str = "https://www.kasmweb.com/docs/latest/how_to/sizing_operations.html";

/// The columns, as on the page.
pub const HEADER: [&str; 7] = [
    "Zone",
    "Peak container sessions",
    "Peak RDP/VNC sessions",
    "Agent hosts",
    "Sessions per Agent",
    "Cluster requests",
    "Cluster limits",
];

/// One row: a zone's, or the totals'.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The zone's name, or "Total".
    pub zone: String,
    /// Whether it is the primary zone.
    pub primary: bool,
    /// Whether it is the totals' row.
    pub total: bool,
    /// The cells after the zone's, in [`HEADER`] order.
    pub cells: [String; 6],
}

/// Both a zone's requests and its limits, as the table writes them: `13 CPU, 9.38 GiB`.
fn amount_text(amount: Amount) -> String {
    format!("{}, {}", cpu_text(amount), mebibytes_text(amount))
}

/// A peak as the table writes it.
fn peak_text(runs: bool, peak: Option<u64>) -> String {
    match (runs, peak) {
        (false, _) => "not run".to_owned(),
        (true, None) => "not given".to_owned(),
        (true, Some(peak)) => peak.to_string(),
    }
}

/// What an Agent-hosts cell says when the zone's Agents cannot be counted, and why.
fn agents_cells(topology: &Topology, zone: &ZoneCapacity) -> [String; 2] {
    let runs = topology
        .zones
        .get(zone.zone)
        .is_some_and(|z| z.container_sessions);
    match zone.agents {
        Some(Ok(agents)) => {
            let spares = topology.capacity.spares;
            let count = if spares > 0 {
                format!("{} ({spares} spare)", agents.count)
            } else {
                agents.count.to_string()
            };
            let binds = match agents.binding {
                Binding::Cpu => "CPU binds",
                Binding::Memory => "memory binds",
                Binding::Both => "CPU and memory bind",
            };
            [count, format!("{} ({binds})", agents.sessions_per_agent)]
        }
        Some(Err(error)) => [
            match error {
                SizingError::ImageDoesNotFit => "none: the image does not fit".to_owned(),
                SizingError::Zero(what) => format!("not counted: give the {what}"),
                SizingError::TooLarge => "not counted: too large".to_owned(),
            },
            "0".to_owned(),
        ],
        None if !runs => ["none needed".to_owned(), String::new()],
        None if zone.container_peak.is_none() => ["give the peak".to_owned(), String::new()],
        None => ["give the Agent host".to_owned(), String::new()],
    }
}

/// The rows of the table, zone by zone, then the totals.
pub fn rows(topology: &Topology, plan: &CapacityPlan) -> (Vec<Row>, Row) {
    let zones = plan
        .zones
        .iter()
        .filter_map(|zone| {
            let z = topology.zones.get(zone.zone)?;
            let [agents, per_agent] = agents_cells(topology, zone);
            Some(Row {
                zone: z.name.clone(),
                primary: zone.zone == 0,
                total: false,
                cells: [
                    peak_text(z.container_sessions, zone.container_peak),
                    peak_text(z.rdp_vnc_sessions, zone.rdp_vnc_peak),
                    agents,
                    per_agent,
                    amount_text(zone.reserved.requests),
                    amount_text(zone.reserved.limits),
                ],
            })
        })
        .collect();
    let sum = |peak: fn(&ZoneCapacity) -> Option<u64>| {
        plan.zones
            .iter()
            .filter_map(peak)
            .fold(0, u64::saturating_add)
            .to_string()
    };
    let total = Row {
        zone: "Total".to_owned(),
        primary: false,
        total: true,
        cells: [
            sum(|z| z.container_peak),
            sum(|z| z.rdp_vnc_peak),
            plan.agent_hosts.to_string(),
            String::new(),
            amount_text(plan.reservation.total.requests),
            amount_text(plan.reservation.total.limits),
        ],
    };
    (zones, total)
}

/// The lines under the table: the size and why, what else the chart asks of the cluster, and
/// where the figures come from.
pub fn notes(topology: &Topology, plan: &CapacityPlan) -> Vec<String> {
    let size = plan.size();
    let why = match plan.choice {
        Some(SizeChoice::Chosen(chosen)) => {
            // What the peaks would give, where it is larger: the chart's label says more.
            let peaks = topology.peak_sessions().unwrap_or(0);
            let fits = DeploymentSize::automatic(peaks);
            if fits > chosen {
                format!(
                    "chosen, below what the chart's labels give for {peaks} peak concurrent sessions ({})",
                    fits.key()
                )
            } else {
                "chosen".to_owned()
            }
        }
        Some(SizeChoice::Automatic(_, peak)) => format!(
            "automatic, from {peak} peak concurrent sessions (the chart labels its sizes but draws no line between them: the planner reads each label's upper figure as its line, small to 15, medium to 30)"
        ),
        None => "the chart's default: give each zone's peak for an automatic size".to_owned(),
    };
    let reservation = &plan.reservation;
    let mut notes = vec![
        format!(
            "deploymentSize: {} \u{2014} \u{201c}{}\u{201d} (kasm-helm {CHART_VERSION} values.yaml); {why}.",
            size.key(),
            size.label()
        ),
        format!(
            "Cluster figures: every pod the chart renders at {} (its replicas and resources presets, templates/_helpers.tpl), summed per zone; the database counts with the primary zone.",
            size.key()
        ),
        format!(
            "Largest pods: the most CPU one pod requests is {}, the most memory {}; a node must have that much free to schedule them.",
            cpu_text(reservation.largest_pod),
            mebibytes_text(reservation.largest_pod)
        ),
        format!(
            "Volumes claimed: {} GiB (the database's {DATABASE_VOLUME_GIB} GiB, and {GUAC_VOLUME_GIB} GiB for each Guacamole replica).",
            reservation.volume_gib
        ),
        format!(
            "Once, at install: the database's setup Job, requests {}, not counted above.",
            amount_text(reservation.setup_job.requests)
        ),
    ];
    if let Some(sizing) = topology.capacity.sizing() {
        let counted = sizing.counted();
        let host = sizing.host;
        let mut agent = format!(
            "an Agent host's {} cores and {}",
            cores_text(host.millicores),
            memory_text(host.bytes)
        );
        if counted != host {
            agent.push_str(&format!(
                ", counted as {} cores and {} (the Agent's Cores and Memory Override)",
                cores_text(counted.millicores),
                memory_text(counted.bytes)
            ));
        }
        notes.push(format!(
            "Agent hosts: each session reserves its image's {} cores and {} against {agent} (Kasm's admission accounting); sessions per Agent are the lesser of the two, rounded down. Derived by the planner, not a formula Kasm publishes.",
            cores_text(sizing.image.millicores),
            memory_text(sizing.image.bytes),
        ));
    }
    notes.push(format!(
        "Not published by Kasm, so not counted here: sessions per vCPU of the web app (API, Manager), a Connection Proxy's or Dedicated Proxy's cost per session, the database's size. See Kasm's Sizing and Deployment Guide: {SIZING_GUIDE}"
    ));
    notes
}

/// CPU in thousandths of a core and memory in MiB, for programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Figures {
    /// Thousandths of a core.
    pub millicores: u64,
    /// Mebibytes.
    pub mebibytes: u64,
}

impl From<Amount> for Figures {
    fn from(amount: Amount) -> Figures {
        Figures {
            millicores: amount.millicores,
            mebibytes: amount.mebibytes,
        }
    }
}

/// One zone's capacity, for programs (the JavaScript API).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ZoneFigures {
    /// The zone's name.
    pub name: String,
    /// Its peak of container sessions, where it runs them and one is given.
    pub container_peak: Option<u64>,
    /// Its peak of RDP/VNC sessions, likewise.
    pub rdp_vnc_peak: Option<u64>,
    /// Its Agent hosts, spares included, where they are counted.
    pub agent_hosts: Option<u64>,
    /// Sessions one Agent holds, where counted.
    pub sessions_per_agent: Option<u64>,
    /// What runs out first on an Agent: "cpu", "memory" or "both", where counted.
    pub binding: Option<&'static str>,
    /// Why Agents are not counted, where a host and a peak are given but they cannot be.
    pub agents_not_counted: Option<String>,
    /// What the chart's pods in the zone request.
    pub requests: Figures,
    /// Their limits.
    pub limits: Figures,
}

/// The capacity plan, for programs (the JavaScript API).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CapacityFigures {
    /// `deploymentSize`.
    pub size: &'static str,
    /// The chart's words for it.
    pub size_label: &'static str,
    /// How it was decided: "chosen", "automatic" or "default".
    pub size_from: &'static str,
    /// Per zone, in zone order.
    pub zones: Vec<ZoneFigures>,
    /// Every zone's Agent hosts.
    pub agent_hosts: u64,
    /// The requests of every pod the chart renders.
    pub requests: Figures,
    /// Their limits.
    pub limits: Figures,
    /// The most CPU one pod requests, and the most memory.
    pub largest_pod: Figures,
    /// The volumes claimed, in GiB.
    pub volume_gib: u64,
}

/// The capacity plan as plain figures.
pub fn figures(topology: &Topology) -> CapacityFigures {
    let plan = topology.capacity_plan();
    let size = plan.size();
    let reservation = &plan.reservation;
    CapacityFigures {
        size: size.key(),
        size_label: size.label(),
        size_from: match plan.choice {
            Some(SizeChoice::Chosen(_)) => "chosen",
            Some(SizeChoice::Automatic(..)) => "automatic",
            None => "default",
        },
        zones: plan
            .zones
            .iter()
            .map(|zone| ZoneFigures {
                name: topology
                    .zones
                    .get(zone.zone)
                    .map(|z| z.name.clone())
                    .unwrap_or_default(),
                container_peak: zone.container_peak,
                rdp_vnc_peak: zone.rdp_vnc_peak,
                agent_hosts: zone.agents.and_then(Result::ok).map(|a| a.count),
                sessions_per_agent: zone
                    .agents
                    .and_then(Result::ok)
                    .map(|a| a.sessions_per_agent),
                binding: zone.agents.and_then(Result::ok).map(|a| match a.binding {
                    Binding::Cpu => "cpu",
                    Binding::Memory => "memory",
                    Binding::Both => "both",
                }),
                agents_not_counted: zone.agents.and_then(Result::err).map(|e| e.to_string()),
                requests: zone.reserved.requests.into(),
                limits: zone.reserved.limits.into(),
            })
            .collect(),
        agent_hosts: plan.agent_hosts,
        requests: reservation.total.requests.into(),
        limits: reservation.total.limits.into(),
        largest_pod: reservation.largest_pod.into(),
        volume_gib: reservation.volume_gib,
    }
}

/// What a values file asks of the cluster, in one sentence: its size, which presets it
/// overrides, and the requests and limits of every pod the chart renders from it (the zones as
/// the file has them).
pub fn implied(topology: &Topology, overrides: &ChartOverrides) -> String {
    let size = topology.capacity.size.unwrap_or(DeploymentSize::Small);
    let reservation = topology.reservation_with(size, overrides);
    let mut own: Vec<&str> = Vec::new();
    let mut off: Vec<&str> = Vec::new();
    for (at, component) in Component::ALL.into_iter().enumerate() {
        if overrides.off[at] {
            off.push(component.key());
        } else if overrides.replicas[at].is_some()
            || overrides.resources[at].is_some()
            || overrides.sidecar[at].is_some()
        {
            own.push(component.key());
        }
    }
    let mut own = if own.is_empty() {
        String::new()
    } else {
        format!(
            ", with its own replicas or resources for {}",
            own.join(", ")
        )
    };
    if !off.is_empty() {
        own.push_str(&format!(", {} turned off", off.join(", ")));
    }
    if overrides.database_volume_gib.is_some() || overrides.guac_volume_gib.is_some() {
        own.push_str(", its own volume sizes");
    }
    format!(
        "What this file asks of the cluster, at deploymentSize {}{own}: requests {}, limits {}; the most CPU one pod requests is {}, the most memory {}; volumes {} GiB. (The Capacity table counts the chart's presets: the planner's values write no overrides.)",
        size.key(),
        amount_text(reservation.total.requests),
        amount_text(reservation.total.limits),
        cpu_text(reservation.largest_pod),
        mebibytes_text(reservation.largest_pod),
        reservation.volume_gib,
    )
}

/// The table as Markdown (GFM), then its notes as a list.
pub fn markdown(topology: &Topology) -> String {
    let plan = topology.capacity_plan();
    let (zones, total) = rows(topology, &plan);
    let mut out = format!(
        "| {} |\n|{}\n",
        HEADER.join(" | "),
        " --- |".repeat(HEADER.len())
    );
    for row in zones.iter().chain([&total]) {
        let marker = if row.primary { " (primary zone)" } else { "" };
        let name = if row.total {
            "**Total**".to_owned()
        } else {
            markdown_text(&row.zone)
        };
        out.push_str(&format!("| {name}{marker} | {} |\n", row.cells.join(" | ")));
    }
    out.push('\n');
    // The notes are the planner's own words and figures (no name a user typed): written as
    // they are, the guide's address as a link.
    for note in notes(topology, &plan) {
        let note = note.replace(SIZING_GUIDE, &format!("<{SIZING_GUIDE}>"));
        out.push_str(&format!("- {note}\n"));
    }
    out
}

/// The table as CSV: a header row, one row per zone, then the totals' row.
pub fn csv(topology: &Topology) -> String {
    let plan = topology.capacity_plan();
    let (zones, total) = rows(topology, &plan);
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for row in zones.iter().chain([&total]) {
        let mut fields = vec![csv_field(&row.zone)];
        fields.extend(row.cells.iter().map(|cell| csv_field(cell)));
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}
