//! The chart's rules (and the planner's own few) that a topology can break, judged once.
//!
//! [`Topology::faults`] finds each broken rule as a [`Fault`], one case per rule; the page's
//! findings, the exports' refusals and the API say it with [`Fault::message`], one sentence per
//! case; "Check my values" (`crate::values`) places the same faults at the keys and lines of the
//! file they came from. Pure data, like the rest of the engine.

use serde::Serialize;

use super::access::{is_namespace_name, Publishing, PublishingKind, Tls};
use super::chart::CHART_VERSION;
use super::names::{is_dns_label, is_dns_name, MAX_DOMAIN_BYTES, MAX_NAME_BYTES};
use super::topology::{
    chart_object_name, yaml_misreads, zone_label, Topology, YamlMisreading, MAX_CHART_ZONE_NAME,
    MAX_CHART_ZONE_NAME_ELSEWHERE, MAX_ZONES,
};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The topology cannot be deployed as it stands (exports refuse it).
    Error,
    /// Deployable, but worth a second look.
    Warning,
}

/// Something the operator should know about the topology, as the page and the API say it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The zone it concerns, by position, if any.
    pub zone: Option<usize>,
    /// A short sentence saying what is wrong and what to do.
    pub message: String,
}

/// A deployment setting that names a Kubernetes object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Setting {
    /// The Ingress's `ingressClassName`.
    IngressClass,
    /// The Gateway an HTTPRoute attaches to.
    Gateway,
    /// The namespace that Gateway is in.
    GatewayNamespace,
    /// The TLS Secret.
    TlsSecret,
    /// The cert-manager issuer.
    Issuer,
}

impl Setting {
    /// As a message names it.
    fn what(self) -> &'static str {
        match self {
            Setting::IngressClass => "the ingress class name",
            Setting::Gateway => "the Gateway name",
            Setting::GatewayNamespace => "the Gateway's namespace",
            Setting::TlsSecret => "the TLS secret name",
            Setting::Issuer => "the cert-manager issuer name",
        }
    }

    /// Whether its value in `topology` is a name Kubernetes takes for it.
    fn fits(self, topology: &Topology) -> bool {
        let value = self.value(topology);
        match self {
            Setting::GatewayNamespace => is_namespace_name(value),
            _ => is_dns_name(value),
        }
    }

    /// Its value in `topology`.
    fn value(self, topology: &Topology) -> &str {
        match (self, &topology.publishing, &topology.tls) {
            (Setting::IngressClass, Publishing::Ingress { class }, _) => class,
            (Setting::Gateway, Publishing::HttpRoute { gateway, .. }, _) => gateway,
            (Setting::GatewayNamespace, Publishing::HttpRoute { namespace, .. }, _) => namespace,
            (Setting::TlsSecret, _, Tls::Secret { name }) => name,
            (Setting::Issuer, _, Tls::CertManager { issuer, .. }) => issuer,
            _ => "",
        }
    }
}

/// One broken rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// No zone at all.
    NoZones,
    /// More than [`MAX_ZONES`].
    TooManyZones,
    /// A rule one zone breaks; the zone by its position in the topology.
    Zone(usize, ZoneFault),
    /// A base domain that is not a DNS name.
    BaseDomainNotDnsName,
    /// A base domain YAML reads as something else.
    BaseDomainMisread(YamlMisreading),
    /// A setting that is empty or not a Kubernetes name.
    SettingNotAName(Setting),
    /// A publisher that serves one zone, with several.
    OneZonePublisher,
}

/// A rule one zone breaks. An earlier zone it meets is named by its position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ZoneFault {
    /// No name.
    Unnamed,
    /// A name longer than [`MAX_NAME_BYTES`].
    NameTooLong,
    /// A name an earlier zone has too.
    SameName(usize),
    /// A name that is not a lowercase DNS label.
    NameNotDnsLabel,
    /// A name YAML reads as something else.
    NameMisread(YamlMisreading),
    /// A name too long for the RDP HTTPS gateway's StatefulSet ([`MAX_CHART_ZONE_NAME`]).
    NameTooLongInPrimaryRegion,
    /// A name too long for the proxy's port names and labels ([`MAX_CHART_ZONE_NAME_ELSEWHERE`]).
    NameTooLongForProxy,
    /// `<zone>.<base domain>` longer than a hostname may be.
    MadeHostnameTooLong,
    /// A name that the chart's object names make the same as an earlier zone's.
    SameObjectName(usize),
    /// No sessions (a warning).
    NoSessions,
    /// A lone zone's own hostname, which the chart does not use (a warning).
    HostnameUnused,
    /// An own hostname that is not a DNS name.
    HostnameNotDnsName,
    /// An own hostname YAML reads as something else.
    HostnameMisread(YamlMisreading),
    /// Reached at the hostname of an earlier zone.
    SameHostname(usize),
    /// A region with spaces at an end or control characters.
    RegionUntrimmed,
}

impl Fault {
    /// Error or warning.
    pub fn severity(self) -> Severity {
        match self {
            Fault::Zone(_, ZoneFault::NoSessions | ZoneFault::HostnameUnused) => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The zone it concerns, if any.
    pub fn zone(self) -> Option<usize> {
        match self {
            Fault::Zone(zone, _) => Some(zone),
            _ => None,
        }
    }

    /// What is wrong and what to do, in one sentence, naming the zones of `topology` (the
    /// topology the fault was found in).
    pub fn message(self, topology: &Topology) -> String {
        let zones = &topology.zones;
        let domain = &topology.base_domain;
        match self {
            Fault::Zone(index, fault) => fault.message(topology, index),
            Fault::NoZones => "add at least one zone: the first zone is the primary zone".to_owned(),
            Fault::TooManyZones => format!(
                "{} zones is more than the planner handles; keep at most {MAX_ZONES}",
                zones.len()
            ),
            Fault::BaseDomainNotDnsName => format!("the base domain \u{201c}{domain}\u{201d} is not a DNS name such as kasm.example.com (lowercase labels of a-z, 0-9, '-', joined by dots): hostnames made from it would not resolve, so the Helm values and checklist wait until it is one"),
            Fault::BaseDomainMisread(misread) => format!("the base domain \u{201c}{domain}\u{201d} reads as {} to YAML, not as a name: the chart writes publicAddr into its manifests; start it with a letter", misread.noun()),
            Fault::SettingNotAName(setting) => {
                let (what, value) = (setting.what(), setting.value(topology));
                match (setting, value.is_empty()) {
                    (Setting::GatewayNamespace, true) => "the Gateway's namespace is empty: name the namespace the Gateway is in".to_owned(),
                    (Setting::GatewayNamespace, false) => format!("{what} \u{201c}{value}\u{201d} is not a namespace name (a DNS label: a-z, 0-9, '-')"),
                    (_, true) => format!("{what} is empty: give it a name"),
                    (_, false) => format!("{what} \u{201c}{value}\u{201d} is not a Kubernetes name (lowercase a-z, 0-9, '-' and '.', starting and ending with a letter or digit)"),
                }
            }
            Fault::OneZonePublisher => {
                let count = zones.len();
                match topology.publishing.kind() {
                    PublishingKind::LoadBalancer => format!("a LoadBalancer Service publishes one zone only and the chart refuses it together with kasmZones; with {count} zones choose Ingress or OpenShift Route"),
                    _ => format!("a Gateway API HTTPRoute in chart {CHART_VERSION} publishes publicAddr only, so the additional zones' hostnames would lead nowhere; with {count} zones choose Ingress or OpenShift Route"),
                }
            }
        }
    }

    /// The finding the page and the API show for it.
    pub fn finding(self, topology: &Topology) -> Finding {
        Finding {
            severity: self.severity(),
            zone: self.zone(),
            message: self.message(topology),
        }
    }
}

impl ZoneFault {
    /// [`Fault::message`] for the zone at `index`.
    fn message(self, topology: &Topology, index: usize) -> String {
        let zones = &topology.zones;
        let label = zone_label(zones, index);
        let (name, hostname) = zones.get(index).map_or(("", ""), |zone| {
            (zone.name.as_str(), zone.hostname.as_str())
        });
        let object_length = || chart_object_name(name).len();
        let domain = &topology.base_domain;
        match self {
            ZoneFault::Unnamed => format!("{} has no name: give every zone a name", label),
            ZoneFault::NameTooLong => format!(
                "the name of zone {} is {} bytes long; shorten it to at most {MAX_NAME_BYTES}",
                index + 1,
                name.len()
            ),
            ZoneFault::SameName(first) => format!(
                "zones {} and {} are both named \u{201c}{}\u{201d}: zone names must be unique",
                first + 1,
                index + 1,
                label
            ),
            ZoneFault::NameNotDnsLabel => format!("\u{201c}{}\u{201d} is not a lowercase DNS label (a-z, 0-9, '-', not at either end): the chart makes the zone's hostname and Kubernetes objects from it, so the Helm values and checklist wait until it is renamed", label),
            ZoneFault::NameMisread(misread) => format!("\u{201c}{}\u{201d} would reach the chart's manifests or the database as {}, not a name: the chart writes zone names unquoted into its manifests and the database's seed, where YAML reads them; start it with a letter, and avoid y, n, yes, no, on, off, true, false, null, numbers and dates such as 2024-01-01", label, misread.noun()),
            ZoneFault::NameTooLongInPrimaryRegion => format!("\u{201c}{}\u{201d} is {} characters as the chart writes it: in the primary zone's region the chart names a StatefulSet kasm-rdp-https-gateway-<zone>, and Kubernetes keeps a StatefulSet's name to 52, so zone names there are at most {MAX_CHART_ZONE_NAME}", label, object_length()),
            ZoneFault::NameTooLongForProxy => format!("\u{201c}{}\u{201d} is {} characters as the chart writes it: the chart names the proxy Service's ports kasm-proxy-<zone>-svc-8443 and labels its settings kasm-proxy-settings-<zone>, each at most 63, so zone names are at most {MAX_CHART_ZONE_NAME_ELSEWHERE}", label, object_length()),
            ZoneFault::MadeHostnameTooLong => {
                format!("the hostname of {label}, {label}.<base domain>, is {} bytes; a hostname is at most {MAX_DOMAIN_BYTES}: shorten the name or the base domain", name.len() + 1 + domain.len())
            }
            ZoneFault::SameObjectName(first) => format!(
                "zones {} and {} (\u{201c}{}\u{201d} and \u{201c}{}\u{201d}) give the same Kubernetes name \u{201c}{}\u{201d} in the chart, which joins runs of '-': rename one",
                first + 1,
                index + 1,
                zone_label(zones, first),
                label,
                chart_object_name(name)
            ),
            ZoneFault::NoSessions => format!("{} serves no sessions: only its App role is deployed; tick container or RDP/VNC sessions", label),
            ZoneFault::HostnameUnused => format!("a lone zone is reached at the base domain, so its hostname \u{201c}{}\u{201d} is not used: set the base domain to it if that is where users go", hostname),
            ZoneFault::HostnameNotDnsName => format!("the hostname of {}, \u{201c}{}\u{201d}, is not a DNS name (lowercase labels of a-z, 0-9, '-', joined by dots, at most {MAX_DOMAIN_BYTES} bytes): its Ingress rule and certificate would not work, so the Helm values and checklist wait until it is one", label, hostname),
            ZoneFault::HostnameMisread(misread) => format!("the hostname of {}, \u{201c}{}\u{201d}, reads as {} to YAML, not as a name: start it with a letter", label, hostname, misread.noun()),
            ZoneFault::SameHostname(first) => format!(
                "zones {} and {} are both reached at \u{201c}{}\u{201d}: each zone needs its own hostname, or users of one land in the other",
                first + 1,
                index + 1,
                topology.hostname(index)
            ),
            ZoneFault::RegionUntrimmed => format!("the region of {} has spaces at an end or control characters: the chart compares regions exactly, so remove them", label),
        }
    }
}

/// For each of `names`, the position where that name first appears (its own when it is the
/// first): sorted once, so a long list costs n log n.
fn first_of<'a>(names: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut order: Vec<(&str, usize)> = names.zip(0..).collect();
    order.sort_unstable();
    let mut first = vec![0; order.len()];
    let mut group = (None, 0);
    for (name, index) in order {
        if group.0 != Some(name) {
            group = (Some(name), index);
        }
        first[index] = group.1;
    }
    first
}

impl Topology {
    /// Every rule this topology breaks: errors first, then warnings, each in zone order.
    pub fn faults(&self) -> Vec<Fault> {
        let mut found = Vec::new();
        if self.zones.is_empty() {
            found.push(Fault::NoZones);
        }
        if self.zones.len() > MAX_ZONES {
            found.push(Fault::TooManyZones);
        }
        self.name_faults(&mut found);
        if !is_dns_name(&self.base_domain) {
            found.push(Fault::BaseDomainNotDnsName);
        } else if let Some(misread) = yaml_misreads(&self.base_domain) {
            found.push(Fault::BaseDomainMisread(misread));
        }
        self.setting_faults(&mut found);
        self.hostname_faults(&mut found);
        for (index, zone) in self.zones.iter().enumerate() {
            let region = zone.region.as_str();
            if region.trim() != region || region.chars().any(char::is_control) {
                found.push(Fault::Zone(index, ZoneFault::RegionUntrimmed));
            }
        }
        for (index, zone) in self.zones.iter().enumerate() {
            if !zone.container_sessions && !zone.rdp_vnc_sessions {
                found.push(Fault::Zone(index, ZoneFault::NoSessions));
            }
        }
        if self.zones.len() == 1 && self.zones.first().is_some_and(|z| !z.hostname.is_empty()) {
            found.push(Fault::Zone(0, ZoneFault::HostnameUnused));
        }
        found
    }

    /// Every error and warning for this topology, errors first, in zone order.
    pub fn findings(&self) -> Vec<Finding> {
        self.faults()
            .into_iter()
            .map(|fault| fault.finding(self))
            .collect()
    }

    /// Whether the topology has any error (as opposed to warnings only).
    pub fn has_errors(&self) -> bool {
        self.faults()
            .iter()
            .any(|fault| fault.severity() == Severity::Error)
    }

    /// The first broken rule of each zone's name, in zone order.
    fn name_faults(&self, found: &mut Vec<Fault>) {
        // Where each name, and each name as the chart writes it, first appears.
        let object_names: Vec<String> = self
            .zones
            .iter()
            .map(|zone| chart_object_name(&zone.name))
            .collect();
        let first_named = first_of(self.zones.iter().map(|zone| zone.name.as_str()));
        let first_object = first_of(object_names.iter().map(String::as_str));
        // A lone zone is the chart's `default` zone: its name reaches no manifest.
        let several = self.zones.len() > 1;
        for (index, zone) in self.zones.iter().enumerate() {
            let first = first_named[index];
            let length = object_names[index].len();
            let fault = if zone.name.trim().is_empty() {
                Some(ZoneFault::Unnamed)
            } else if zone.name.len() > MAX_NAME_BYTES {
                Some(ZoneFault::NameTooLong)
            } else if first < index {
                Some(ZoneFault::SameName(first))
            } else if !is_dns_label(&zone.name) {
                Some(ZoneFault::NameNotDnsLabel)
            } else if let Some(misread) = yaml_misreads(&zone.name).filter(|_| several) {
                Some(ZoneFault::NameMisread(misread))
            } else if several && self.in_primary_region(index) && length > MAX_CHART_ZONE_NAME {
                Some(ZoneFault::NameTooLongInPrimaryRegion)
            } else if several && length > MAX_CHART_ZONE_NAME_ELSEWHERE {
                Some(ZoneFault::NameTooLongForProxy)
            } else if several
                && zone.hostname.is_empty()
                && zone.name.len() + 1 + self.base_domain.len() > MAX_DOMAIN_BYTES
            {
                Some(ZoneFault::MadeHostnameTooLong)
            } else {
                let first = first_object[index];
                (first < index).then_some(ZoneFault::SameObjectName(first))
            };
            if let Some(fault) = fault {
                found.push(Fault::Zone(index, fault));
            }
        }
    }

    /// Settings that do not fit the chart: names that are no Kubernetes names, and a publisher
    /// that serves one zone when there are several.
    fn setting_faults(&self, found: &mut Vec<Fault>) {
        let publisher: &[Setting] = match &self.publishing {
            Publishing::Ingress { class } if !class.is_empty() => &[Setting::IngressClass],
            Publishing::HttpRoute { .. } => &[Setting::Gateway, Setting::GatewayNamespace],
            _ => &[],
        };
        let several = self.zones.len() > 1;
        let one_zone = several && !self.publishing.kind().serves_additional_zones();
        let tls = match self.tls {
            Tls::Secret { .. } => Setting::TlsSecret,
            Tls::CertManager { .. } => Setting::Issuer,
        };
        for &setting in publisher {
            if !setting.fits(self) {
                found.push(Fault::SettingNotAName(setting));
            }
        }
        if one_zone {
            found.push(Fault::OneZonePublisher);
        }
        if !tls.fits(self) {
            found.push(Fault::SettingNotAName(tls));
        }
    }

    /// The zones' own hostnames: each a DNS name, and no two zones reached at one hostname (the
    /// Ingress or Route would send both to one zone). A lone zone's is not used at all.
    fn hostname_faults(&self, found: &mut Vec<Fault>) {
        if self.zones.len() < 2 {
            return;
        }
        let hostnames = self.hostnames();
        let first_reached = first_of(hostnames.iter().map(String::as_str));
        for (index, zone) in self.zones.iter().enumerate() {
            let first = first_reached[index];
            if !zone.hostname.is_empty() && !is_dns_name(&zone.hostname) {
                found.push(Fault::Zone(index, ZoneFault::HostnameNotDnsName));
            } else if let Some(misread) = yaml_misreads(&zone.hostname) {
                found.push(Fault::Zone(index, ZoneFault::HostnameMisread(misread)));
            } else if first < index {
                found.push(Fault::Zone(index, ZoneFault::SameHostname(first)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::topology::LimitError;
    use crate::engine::{IssuerKind, Zone};

    fn with(publishing: Publishing, tls: Tls, zones: usize) -> Topology {
        Topology {
            publishing,
            tls,
            ..Topology::of(
                (0..zones)
                    .map(|i| Zone::new(&format!("z{i}"), true, false))
                    .collect(),
            )
        }
    }

    fn messages(topology: &Topology) -> Vec<String> {
        topology.findings().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn default_settings_fit_the_chart_for_any_number_of_zones() {
        for zones in [1, 2, 50] {
            assert!(with(Publishing::default(), Tls::default(), zones)
                .faults()
                .is_empty());
            assert!(with(Publishing::Route, Tls::default(), zones)
                .faults()
                .is_empty());
        }
    }

    #[test]
    fn one_zone_publishers_are_refused_with_several_zones() {
        let gateway = Publishing::HttpRoute {
            gateway: "public".into(),
            namespace: "gateways".into(),
        };
        for publishing in [Publishing::LoadBalancer, gateway] {
            assert!(with(publishing.clone(), Tls::default(), 1)
                .faults()
                .is_empty());
            let two = with(publishing, Tls::default(), 2);
            assert_eq!(two.faults(), [Fault::OneZonePublisher]);
            assert!(messages(&two)[0].contains("with 2 zones choose Ingress or OpenShift Route"));
        }
    }

    #[test]
    fn setting_names_must_be_kubernetes_names() {
        let bad_tls = Tls::CertManager {
            issuer: "Lets Encrypt".into(),
            issuer_kind: IssuerKind::ClusterIssuer,
        };
        let found = messages(&with(Publishing::default(), bad_tls, 1));
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("the cert-manager issuer name \u{201c}Lets Encrypt\u{201d}"));
        let empty = Tls::Secret {
            name: String::new(),
        };
        assert_eq!(
            messages(&with(Publishing::default(), empty, 1)),
            ["the TLS secret name is empty: give it a name"]
        );
        let bad_gateway = Publishing::HttpRoute {
            gateway: "gw.example".into(),
            namespace: "a.b".into(),
        };
        let topology = with(bad_gateway, Tls::default(), 1);
        assert_eq!(
            topology.faults(),
            [Fault::SettingNotAName(Setting::GatewayNamespace)]
        );
        assert!(messages(&topology)[0].contains("namespace \u{201c}a.b\u{201d}"));
        let no_namespace = Publishing::HttpRoute {
            gateway: "gw".into(),
            namespace: String::new(),
        };
        assert_eq!(
            messages(&with(no_namespace, Tls::default(), 1)),
            ["the Gateway's namespace is empty: name the namespace the Gateway is in"]
        );
        let class = Publishing::Ingress {
            class: "nginx$(id)".into(),
        };
        assert_eq!(
            with(class, Tls::default(), 1).faults(),
            [Fault::SettingNotAName(Setting::IngressClass)]
        );
    }

    #[test]
    fn first_of_gives_where_each_name_first_appears() {
        let names = ["b", "a", "b", "", "a", "b", ""];
        assert_eq!(first_of(names.into_iter()), [0, 1, 0, 3, 1, 0, 3]);
        assert!(first_of(std::iter::empty()).is_empty());
        // Hostnames met three times name the first zone each time.
        let mut topology = Topology::of(
            (0..3)
                .map(|i| Zone::new(&format!("z{i}"), true, false).with_hostname("vdi.example.com"))
                .collect(),
        );
        assert_eq!(
            topology.faults(),
            [
                Fault::Zone(1, ZoneFault::SameHostname(0)),
                Fault::Zone(2, ZoneFault::SameHostname(0)),
            ]
        );
        topology.zones[0].hostname.clear();
        assert_eq!(
            topology.faults(),
            [Fault::Zone(2, ZoneFault::SameHostname(1))]
        );
    }

    /// Each fault names its own zone, and its severity and zone are what the finding says.
    #[test]
    fn findings_are_the_faults_said() {
        let mut topology = Topology::of(vec![
            Zone::new("a", true, false),
            Zone::new("a", false, false).with_hostname("Bad_Host.example"),
            Zone::new("2024-01-01", true, true),
            Zone::new("c", true, false).with_region(" r"),
        ]);
        topology.publishing = Publishing::LoadBalancer;
        let faults = topology.faults();
        assert_eq!(
            faults,
            [
                Fault::Zone(1, ZoneFault::SameName(0)),
                Fault::Zone(2, ZoneFault::NameMisread(YamlMisreading::Date)),
                Fault::OneZonePublisher,
                Fault::Zone(1, ZoneFault::HostnameNotDnsName),
                Fault::Zone(3, ZoneFault::RegionUntrimmed),
                Fault::Zone(1, ZoneFault::NoSessions),
            ]
        );
        for (fault, finding) in faults.iter().zip(topology.findings()) {
            assert_eq!(finding.severity, fault.severity());
            assert_eq!(finding.zone, fault.zone());
            if let Some(zone) = finding.zone {
                let label = zone_label(&topology.zones, zone);
                assert!(finding.message.contains(&label), "{finding:?}");
            }
        }
        assert!(topology.has_errors());
    }

    #[test]
    fn a_zones_own_hostname_must_be_a_dns_name_and_its_own() {
        let mut topology = Topology::default();
        topology.zones[1].hostname = "Lab_Zone.example.com".to_owned();
        let errors = severities(&topology);
        assert!(errors[0].1.contains("is not a DNS name"), "{errors:?}");
        topology.zones[1].hostname = "primary.kasm.example.com".to_owned();
        let errors = severities(&topology);
        assert!(
            errors[0].1.starts_with("zones 1 and 2 are both reached at"),
            "{errors:?}"
        );
        topology.zones[1].hostname = "vdi.example.net".to_owned();
        assert!(!topology.has_errors());
        assert_eq!(
            topology.hostnames(),
            ["primary.kasm.example.com", "vdi.example.net"]
        );
        // A lone zone is reached at the base domain: its own hostname is not used, and said so.
        let mut lone = Topology::of(vec![
            Zone::new("only", true, false).with_hostname("x.example")
        ]);
        assert_eq!(lone.hostnames(), ["kasm.example.com"]);
        assert_eq!(severities(&lone)[0].0, Severity::Warning);
        lone.zones[0].hostname = "h".repeat(MAX_DOMAIN_BYTES + 1);
        assert!(lone.check_limits().is_err());
    }

    fn severities(topology: &Topology) -> Vec<(Severity, String)> {
        topology
            .findings()
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect()
    }

    #[test]
    fn default_topology_is_clean() {
        assert!(Topology::default().findings().is_empty());
        assert_eq!(Topology::default().check_limits(), Ok(()));
    }

    #[test]
    fn no_zones_is_refused() {
        let empty = Topology::of(vec![]);
        assert!(empty.has_errors());
        assert_eq!(empty.check_limits(), Err(LimitError::NoZones));
    }

    #[test]
    fn empty_and_duplicate_names_are_errors() {
        let topology = Topology::of(vec![
            Zone::new("a", true, false),
            Zone::new("", true, false),
            Zone::new("a", false, true),
        ]);
        let found = severities(&topology);
        assert!(found.contains(&(
            Severity::Error,
            "zone 2 has no name: give every zone a name".to_owned()
        )));
        assert!(found.contains(&(
            Severity::Error,
            "zones 1 and 3 are both named \u{201c}a\u{201d}: zone names must be unique".to_owned()
        )));
    }

    #[test]
    fn non_dns_names_are_errors_that_name_the_zone_and_the_rule() {
        for name in [
            "EU-West",
            "eu_west",
            "-a",
            "a-",
            "zone one",
            "zone\u{e9}",
            "eu$(id)",
        ] {
            let topology = Topology::of(vec![Zone::new(name, true, false)]);
            let found = topology.findings();
            assert_eq!(found.len(), 1, "{name}");
            assert_eq!(found[0].severity, Severity::Error, "{name}");
            assert!(
                found[0].message.starts_with(&format!(
                    "\u{201c}{name}\u{201d} is not a lowercase DNS label"
                )),
                "{name}"
            );
        }
        for name in ["a", "eu-west-1", "0zone", &"z".repeat(63)] {
            assert!(is_dns_label(name), "{name}");
        }
        assert!(!is_dns_label(&"z".repeat(64)));
    }

    #[test]
    fn names_that_meet_in_the_charts_object_names_collide() {
        assert_eq!(chart_object_name("eu_west"), "eu-west");
        assert_eq!(chart_object_name("EU--West!!1"), "eu-west-1");
        let topology = Topology::of(vec![
            Zone::new("a--b", true, false),
            Zone::new("c", true, false),
            Zone::new("a-b", true, false),
        ]);
        assert_eq!(
            severities(&topology),
            vec![(
                Severity::Error,
                "zones 1 and 3 (\u{201c}a--b\u{201d} and \u{201c}a-b\u{201d}) give the same Kubernetes name \u{201c}a-b\u{201d} in the chart, which joins runs of '-': rename one".to_owned()
            )]
        );
    }

    #[test]
    fn a_base_domain_that_is_not_a_dns_name_is_an_error() {
        for domain in [
            "",
            "Kasm.Example.com",
            "kasm..example",
            "a b.com",
            "x$(id).io",
        ] {
            let topology = Topology {
                base_domain: domain.to_owned(),
                ..Topology::default()
            };
            let found = severities(&topology);
            assert_eq!(found.len(), 1, "{domain}");
            assert_eq!(found[0].0, Severity::Error);
            assert!(found[0].1.starts_with(&format!(
                "the base domain \u{201c}{domain}\u{201d} is not a DNS name"
            )));
        }
    }

    #[test]
    fn a_zone_without_sessions_warns() {
        let topology = Topology::of(vec![Zone::new("idle", false, false)]);
        assert_eq!(
            severities(&topology),
            vec![(
                Severity::Warning,
                "idle serves no sessions: only its App role is deployed; tick container or RDP/VNC sessions".to_owned()
            )]
        );
    }

    #[test]
    fn limits_are_enforced_at_their_edges() {
        let names = |n: usize| {
            Topology::of(
                (0..n)
                    .map(|i| Zone::new(&format!("z{i}"), true, false))
                    .collect(),
            )
        };
        assert_eq!(names(MAX_ZONES).check_limits(), Ok(()));
        assert!(names(MAX_ZONES).findings().is_empty());
        assert_eq!(
            names(MAX_ZONES + 1).check_limits(),
            Err(LimitError::TooManyZones(MAX_ZONES + 1))
        );
        let long = Topology::of(vec![Zone::new(
            &"\u{e9}".repeat(MAX_NAME_BYTES / 2),
            true,
            false,
        )]);
        assert_eq!(long.check_limits(), Ok(()));
        let too_long = Topology::of(vec![Zone::new(
            &"a".repeat(MAX_NAME_BYTES + 1),
            true,
            false,
        )]);
        assert_eq!(
            too_long.check_limits(),
            Err(LimitError::NameTooLong {
                zone: 1,
                bytes: MAX_NAME_BYTES + 1
            })
        );
        assert!(too_long.has_errors());
    }
}
