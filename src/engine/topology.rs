//! The operator's input: an ordered list of zones, the first one primary.
//!
//! Owns the model, its limits and the checks that turn a topology into findings (errors and
//! warnings). Pure data: no browser, no clock, no randomness.

use serde::{Deserialize, Serialize};

use super::access::{self, Publishing, Tls};
use super::capacity::{Agents, Capacity, DeploymentSize, SizeChoice, SizingError, MAX_COUNT};
pub use super::names::{is_dns_label, is_dns_name, MAX_DOMAIN_BYTES, MAX_NAME_BYTES};

/// Most zones a topology may hold. Kasm deployments rarely have more than a handful of zones; 50
/// keeps the diagram legible and a share link short enough for a chat message.
pub const MAX_ZONES: usize = 50;

/// One Kasm zone as the operator describes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// The zone's name, as it will appear in `kasmZones` of the Helm values.
    pub name: String,
    /// The zone runs container (KasmVNC) sessions on Docker Agents.
    pub container_sessions: bool,
    /// The zone runs RDP/VNC sessions to external workloads.
    pub rdp_vnc_sessions: bool,
    /// The operator chooses to deploy a standalone Dedicated Proxy for this zone. Only additional
    /// zones with container sessions use it; the primary zone gets one from the chart.
    #[serde(default)]
    pub dedicated_proxy: bool,
    /// The zone's `region_name` in the chart's values; empty for none. An additional zone that
    /// shares the primary zone's region gets its Connection Proxy from the chart.
    #[serde(default)]
    pub region: String,
    /// The zone's `proxy_hostname` when it is not the planner's own `<zone>.<base domain>`
    /// (a values file written by hand may name any host); empty for the planner's own. Used only
    /// with several zones: a lone zone is reached at the base domain.
    #[serde(default)]
    pub hostname: String,
    /// The zone's peak of concurrent container sessions, if the operator gave it (the metric
    /// Kasm's sizing guide names for every component).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_container_sessions: Option<u64>,
    /// The zone's peak of concurrent RDP/VNC sessions, if the operator gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_rdp_vnc_sessions: Option<u64>,
}

impl Zone {
    /// A zone with the given name and session types and no Dedicated Proxy chosen.
    pub fn new(name: &str, container_sessions: bool, rdp_vnc_sessions: bool) -> Self {
        Zone {
            name: name.to_owned(),
            container_sessions,
            rdp_vnc_sessions,
            dedicated_proxy: false,
            region: String::new(),
            hostname: String::new(),
            peak_container_sessions: None,
            peak_rdp_vnc_sessions: None,
        }
    }

    /// The same zone with a Dedicated Proxy chosen or not.
    pub fn with_dedicated_proxy(mut self, chosen: bool) -> Self {
        self.dedicated_proxy = chosen;
        self
    }

    /// The same zone in a region (`region_name`), or in none with "".
    pub fn with_region(mut self, region: &str) -> Self {
        self.region = region.to_owned();
        self
    }

    /// The same zone reached at `hostname`, or at the planner's own `<zone>.<base domain>` with "".
    pub fn with_hostname(mut self, hostname: &str) -> Self {
        self.hostname = hostname.to_owned();
        self
    }
}

/// The base domain a new topology starts with: a name reserved for examples.
pub const DEFAULT_BASE_DOMAIN: &str = "kasm.example.com";

fn default_base_domain() -> String {
    DEFAULT_BASE_DOMAIN.to_owned()
}

/// Ordered zones, the first of them primary, and the domain their hostnames are made from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    /// The zones in the order of `kasmZones`, primary first.
    pub zones: Vec<Zone>,
    /// The deployment's public address (`publicAddr`); zone `eu-west` is reached at
    /// `eu-west.<base_domain>`.
    #[serde(default = "default_base_domain")]
    pub base_domain: String,
    /// What publishes the proxy outside the cluster.
    #[serde(default)]
    pub publishing: Publishing,
    /// Where the TLS certificate comes from.
    #[serde(default)]
    pub tls: Tls,
    /// The capacity figures for the whole deployment, if any.
    #[serde(default, skip_serializing_if = "Capacity::is_empty")]
    pub capacity: Capacity,
}

impl Topology {
    /// Whether the zone at `index` is in the primary region, as kasm-helm `CHART_VERSION` decides it
    /// (`templates/_helpers.tpl`, `kasm.isInPrimaryRegion`): it is the primary zone, or it
    /// shares a non-empty `region_name` with the primary zone.
    pub fn in_primary_region(&self, index: usize) -> bool {
        let region = |i: usize| self.zones.get(i).map_or("", |zone| zone.region.as_str());
        index == 0 || (!region(0).is_empty() && region(index) == region(0))
    }

    /// The hostname each zone is reached at, in order: a lone zone (the chart's `default` zone,
    /// no `kasmZones`) at the base domain itself; with several, each at its own hostname if it
    /// has one, otherwise at `<zone>.<base domain>` (its `proxy_hostname` in the values).
    pub fn hostnames(&self) -> Vec<String> {
        (0..self.zones.len()).map(|i| self.hostname(i)).collect()
    }

    /// The hostname the zone at `index` is reached at (see [`Topology::hostnames`]).
    pub fn hostname(&self, index: usize) -> String {
        match (self.zones.len(), self.zones.get(index)) {
            (2.., Some(zone)) if zone.hostname.is_empty() => {
                format!("{}.{}", zone.name, self.base_domain)
            }
            (2.., Some(zone)) => zone.hostname.clone(),
            _ => self.base_domain.clone(),
        }
    }

    /// Whether any capacity figure is given (a zone's peak, or a deployment figure): what makes
    /// the share link format 5 and the JSON document version 4.
    pub fn has_capacity(&self) -> bool {
        !self.capacity.is_empty()
            || self
                .zones
                .iter()
                .any(|z| z.peak_container_sessions.is_some() || z.peak_rdp_vnc_sessions.is_some())
    }

    /// The deployment's peak of concurrent sessions: every zone's container and RDP/VNC peaks
    /// added, only of the sessions a zone runs (a figure left on a session type that was
    /// unticked counts for nothing); `None` when no zone has one.
    pub fn peak_sessions(&self) -> Option<u64> {
        let mut given = self
            .zones
            .iter()
            .flat_map(|zone| {
                [
                    zone.peak_container_sessions
                        .filter(|_| zone.container_sessions),
                    zone.peak_rdp_vnc_sessions.filter(|_| zone.rdp_vnc_sessions),
                ]
            })
            .flatten()
            .peekable();
        given.peek()?;
        Some(given.fold(0, u64::saturating_add))
    }

    /// The `deploymentSize` to plan at: the operator's choice, or the automatic size when some
    /// zone has a peak given; `None` when neither, and the values leave the chart's default.
    pub fn size_choice(&self) -> Option<SizeChoice> {
        if let Some(size) = self.capacity.size {
            return Some(SizeChoice::Chosen(size));
        }
        let total = self.peak_sessions()?;
        Some(SizeChoice::Automatic(
            DeploymentSize::automatic(total),
            total,
        ))
    }

    /// The Agents the zone at `index` needs for its peak of container sessions: `None` unless
    /// it runs container sessions, has a peak given and the Agent host is given.
    pub fn agents(&self, index: usize) -> Option<Result<Agents, SizingError>> {
        let zone = self.zones.get(index)?;
        let peak = zone
            .peak_container_sessions
            .filter(|_| zone.container_sessions)?;
        Some(self.capacity.sizing()?.agents(peak))
    }

    /// A topology of these zones under the default base domain.
    pub fn of(zones: Vec<Zone>) -> Self {
        Topology {
            zones,
            base_domain: default_base_domain(),
            publishing: Publishing::default(),
            tls: Tls::default(),
            capacity: Capacity::default(),
        }
    }
}

impl Default for Topology {
    /// The first view: a primary zone with both session types and one additional zone with
    /// container sessions, which shows every kind of placement at once.
    fn default() -> Self {
        Topology::of(vec![
            Zone::new("primary", true, true),
            Zone::new("eu-west", true, false),
        ])
    }
}

/// Longest zone name the chart can deploy in the primary zone's region, as the chart writes it
/// (see [`chart_object_name`]). It names the RDP HTTPS gateway's StatefulSet
/// `kasm-rdp-https-gateway-<zone>` (release `kasm`; kasm-helm `CHART_VERSION`
/// `templates/rdp-https-gateway-statefulset.yaml` L15, the name from `kasm.name` in
/// `templates/_helpers.tpl` L317, never truncated), and Kubernetes keeps a StatefulSet's name to
/// 52 characters, since its pods' `controller-revision-hash` label adds 11 to it and a label
/// value is at most 63. 52 less the 23 of `kasm-rdp-https-gateway-` leaves 29. The next
/// tightest there is that Service's port name `kasm-rdp-https-gateway-<zone>-svc-9002`
/// (`templates/rdp-https-gateway-service.yaml` L19), 31.
pub const MAX_CHART_ZONE_NAME: usize = 29;

/// Longest zone name the chart can deploy outside the primary region, where no Guacamole or RDP
/// gateway is made: the proxy Service's port names `kasm-proxy-<zone>-svc-8080` and
/// `kasm-proxy-<zone>-svc-8443` (`templates/proxy-service.yaml` L17 and L20; a Service port
/// name is a DNS label, at most 63) and the label `app.kubernetes.io/name:
/// kasm-proxy-settings-<zone>` of the proxy's settings ConfigMap (`templates/proxy-configmaps.yaml`
/// L11, through `kasm.metadata`, `_helpers.tpl` L349 and L484; a label value is at most 63)
/// each add 20 characters to the zone, which leaves 43.
pub const MAX_CHART_ZONE_NAME_ELSEWHERE: usize = 43;

/// Longest region name, in bytes. Regions are short words (`us-east-1`); 32 keeps the largest
/// share link (50 zones, each with a 63-byte name and a region) under its limit.
pub const MAX_REGION_BYTES: usize = 32;

/// Words that YAML 1.1 reads as a boolean or null (go-yaml v2, which helm reads values and
/// manifests with, and PyYAML, which Kasm reads its seed data with), in the lowercase a DNS name
/// has.
const YAML_WORDS: [(&str, YamlMisreading); 9] = [
    ("y", YamlMisreading::Boolean),
    ("n", YamlMisreading::Boolean),
    ("yes", YamlMisreading::Boolean),
    ("no", YamlMisreading::Boolean),
    ("on", YamlMisreading::Boolean),
    ("off", YamlMisreading::Boolean),
    ("true", YamlMisreading::Boolean),
    ("false", YamlMisreading::Boolean),
    ("null", YamlMisreading::Null),
];

/// What a YAML reader takes a plain (unquoted) DNS name for when it is not a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum YamlMisreading {
    /// `yes`, `on`, `n`…
    Boolean,
    /// `null`.
    Null,
    /// `123`, `0x1f`, `0o17`, `0b101`, `1e3`, `1.5`, `1.5e-3`.
    Number,
    /// `2024-01-01`: a date to PyYAML (Kasm's seed data) and a timestamp tag to go-yaml v3 (yq,
    /// which merges the seed), and an error to PyYAML when the date does not exist
    /// (`2024-13-45`). go-yaml also resolves `2024-1-1` as a timestamp, though helm keeps it a
    /// string where it decodes into a map; refusing it too costs nothing.
    Date,
}

impl YamlMisreading {
    /// As a message says it: "a date".
    pub fn noun(self) -> &'static str {
        match self {
            YamlMisreading::Boolean => "a boolean",
            YamlMisreading::Null => "null",
            YamlMisreading::Number => "a number",
            YamlMisreading::Date => "a date",
        }
    }
}

/// What a DNS name (a zone name, a hostname) would be to a YAML reader that finds it unquoted,
/// if not a string. The chart writes zone names unquoted into its manifests (`zone_name: {{
/// $zone.name }}` in the database preseed, `templates/db-preseed-secret.yaml`, which yq merges
/// and Kasm reads; `value: {{ $zone.name }}` in `templates/manager-deployment.yaml`), so each
/// YAML reader on the way resolves it: go-yaml v2 in helm and Kubernetes (YAML 1.1 words, Go's
/// number syntax), yq's go-yaml v3 (timestamps `2006-1-2`), and Kasm's PyYAML (YAML 1.1:
/// timestamps `2006-01-02`). The union of what they resolve, for text made of a-z, 0-9, '-'
/// and '.': `1st-floor`, `2a`, `10.0.0.1` and `2024-01` stay strings.
pub fn yaml_misreads(name: &str) -> Option<YamlMisreading> {
    let digits =
        |text: &str, radix: u32| !text.is_empty() && text.chars().all(|c| c.is_digit(radix));
    let exponent = |text: &str| {
        let text = text.strip_prefix(['-', '+']).unwrap_or(text);
        digits(text, 10)
    };
    // `1`, `1.`, `1.5`: digits with at most one dot (go-yaml's and PyYAML's floats).
    let decimal = |text: &str| match text.split_once('.') {
        Some((whole, fraction)) => {
            digits(whole, 10) && (fraction.is_empty() || digits(fraction, 10))
        }
        None => digits(text, 10),
    };
    let number = decimal(name)
        || name.strip_prefix("0x").is_some_and(|rest| digits(rest, 16))
        || name.strip_prefix("0o").is_some_and(|rest| digits(rest, 8))
        || name.strip_prefix("0b").is_some_and(|rest| digits(rest, 2))
        || name
            .split_once('e')
            .is_some_and(|(mantissa, power)| decimal(mantissa) && exponent(power));
    // go-yaml tries `2006-1-2` on any plain scalar of four digits and a '-'; PyYAML's
    // timestamp pattern takes `[0-9]{4}-[0-9]{2}-[0-9]{2}`.
    let date = {
        let parts: Vec<&str> = name.split('-').collect();
        matches!(parts.as_slice(), [year, month, day]
            if year.len() == 4 && digits(year, 10)
                && (1..=2).contains(&month.len()) && digits(month, 10)
                && (1..=2).contains(&day.len()) && digits(day, 10))
    };
    if let Some((_, what)) = YAML_WORDS.iter().find(|(word, _)| *word == name) {
        Some(*what)
    } else if date {
        Some(YamlMisreading::Date)
    } else if number {
        Some(YamlMisreading::Number)
    } else {
        None
    }
}

/// The name the chart gives a zone's Kubernetes objects: runs of anything but ASCII letters and
/// digits become one '-', then lowercase (kasm-helm `CHART_VERSION` `templates/_helpers.tpl`,
/// `regexReplaceAll "[^a-zA-Z0-9]+"` then `lower`). `eu_west` and `eu-west` both become
/// `eu-west`, and so do `eu--west` and `eu-west`.
pub fn chart_object_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            in_run = false;
        } else if !in_run {
            out.push('-');
            in_run = true;
        }
    }
    out
}

/// How a zone is referred to in messages: its name, or its position when it has none.
pub fn zone_label(zones: &[Zone], index: usize) -> String {
    match zones.get(index) {
        Some(zone) if !zone.name.is_empty() => zone.name.clone(),
        _ => format!("zone {}", index + 1),
    }
}

/// Limits a decoder or importer enforces before the topology reaches the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitError {
    /// No zones at all.
    NoZones,
    /// More zones than [`MAX_ZONES`].
    TooManyZones(usize),
    /// A base domain longer than [`MAX_DOMAIN_BYTES`]; holds its length.
    DomainTooLong(usize),
    /// A deployment setting (a Secret, issuer, class, Gateway or namespace name) over its limit.
    SettingTooLong {
        /// What the setting is, as a message names it.
        what: &'static str,
        /// How many bytes it has.
        bytes: usize,
        /// The most it may have.
        max: usize,
    },
    /// A capacity figure past its limit (`crate::engine::capacity`).
    FigureTooLarge {
        /// What the figure is, as a message names it.
        what: &'static str,
        /// The most it may be, as people write it (`1000 cores`).
        limit: &'static str,
    },
    /// A name longer than [`MAX_NAME_BYTES`].
    NameTooLong {
        /// The zone's position, counted from 1.
        zone: usize,
        /// How many bytes its name has.
        bytes: usize,
    },
}

impl std::fmt::Display for LimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LimitError::NoZones => write!(f, "it has no zones; a topology needs at least one"),
            LimitError::TooManyZones(count) => {
                write!(
                    f,
                    "it has {count} zones; the planner handles at most {MAX_ZONES}"
                )
            }
            LimitError::DomainTooLong(bytes) => write!(
                f,
                "its base domain is {bytes} bytes; a domain is at most {MAX_DOMAIN_BYTES}"
            ),
            LimitError::FigureTooLarge { what, limit } => {
                write!(f, "its {what} is over the planner's limit of {limit}")
            }
            LimitError::SettingTooLong { what, bytes, max } => {
                write!(f, "its {what} is {bytes} bytes; it is at most {max}")
            }
            LimitError::NameTooLong { zone, bytes } => write!(
                f,
                "zone {zone} has a name of {bytes} bytes; names are at most {MAX_NAME_BYTES}"
            ),
        }
    }
}

impl Topology {
    /// Checks the hard limits (zone count, name length) that any topology entering the page from a
    /// link or a paste must meet. Duplicate or empty names are left to [`Topology::findings`], so
    /// that a user's unfinished work still round-trips.
    pub fn check_limits(&self) -> Result<(), LimitError> {
        if self.zones.is_empty() {
            return Err(LimitError::NoZones);
        }
        if self.zones.len() > MAX_ZONES {
            return Err(LimitError::TooManyZones(self.zones.len()));
        }
        if self.base_domain.len() > MAX_DOMAIN_BYTES {
            return Err(LimitError::DomainTooLong(self.base_domain.len()));
        }
        if let Some((what, bytes, max)) = access::over_limit(&self.publishing, &self.tls) {
            return Err(LimitError::SettingTooLong { what, bytes, max });
        }
        for (index, zone) in self.zones.iter().enumerate() {
            let bytes = zone.name.len();
            if bytes > MAX_NAME_BYTES {
                return Err(LimitError::NameTooLong {
                    zone: index + 1,
                    bytes,
                });
            }
            if zone.hostname.len() > MAX_DOMAIN_BYTES {
                return Err(LimitError::SettingTooLong {
                    what: "zone hostname",
                    bytes: zone.hostname.len(),
                    max: MAX_DOMAIN_BYTES,
                });
            }
            if zone.region.len() > MAX_REGION_BYTES {
                return Err(LimitError::SettingTooLong {
                    what: "region name",
                    bytes: zone.region.len(),
                    max: MAX_REGION_BYTES,
                });
            }
            let peaks = [zone.peak_container_sessions, zone.peak_rdp_vnc_sessions];
            if peaks.iter().flatten().any(|&peak| peak > MAX_COUNT) {
                return Err(LimitError::FigureTooLarge {
                    what: "peak of sessions in a zone",
                    limit: "1000000 sessions",
                });
            }
        }
        if let Some((what, limit)) = self.capacity.over_limit() {
            return Err(LimitError::FigureTooLarge { what, limit });
        }
        Ok(())
    }
}
