//! From a kasm-helm values file to the planner's topology, and what in the file will break.
//!
//! Chart facts (kasmtech/kasm-helm, the chart of `engine::CHART_VERSION`: `charts/kasm-helm/values.yaml` and
//! `values.schema.json` at bdf28c4b, `templates/_helpers.tpl` at 3a8a3cb6):
//! - with `kasmZones` empty the chart runs one zone named `default`, reached at `publicAddr`
//!   (`kasm.zones`: `list (dict "name" "default")`);
//! - a zone's name is `name`, or its `zone_name` alias when `name` is not set; its hostname is
//!   `proxy_hostname`, or the deprecated `proxyAddress` (`kasm.zoneProxyHostname`: `default
//!   .proxyAddress .proxy_hostname`), and the render fails when neither is set;
//! - the zone marked `primary: true` is primary, the first one when none is, and more than one
//!   fails the render (`kasm.primaryZone`);
//! - `proxyService.type` defaults to `LoadBalancer`, the publishers (`ingress`, `route`,
//!   `httpRoute`) to disabled, `certificate.secretName` to empty and `certManager.enabled` to
//!   false.
//!
//! Unknown keys are never reported: the chart has hundreds, and a values file may hold keys of
//! newer charts.

use super::resources::{self, chart_figures};
use super::yaml::{parse, Kind, Node, Position, YamlError};
use crate::engine::capacity::{Capacity, DeploymentSize};
use crate::engine::reservation::ChartOverrides;
use crate::engine::{
    is_dns_name, Fault, IssuerKind, Publishing, PublishingKind, Setting, Severity, Tls, Topology,
    Zone, ZoneFault, CHART_VERSION, KASM_VERSION,
};

/// Top-level keys of the chart (`values.yaml` at bdf28c4b) that no generic chart has: a file
/// with none of them is not a kasm-helm values file. (`ingress`, `affinity`, `serviceAccount`
/// and the like are in every chart `helm create` makes.)
const KASM_KEYS: [&str; 14] = [
    "publicAddr",
    "kasmZones",
    "kasmConfig",
    "kasmSecrets",
    "proxyService",
    "directRdpService",
    "useImageTags",
    "dbManagement",
    "upstreamAuth",
    "deploymentSize",
    "nginxResolver",
    "trustedCaBundle",
    "isOpenshift",
    "tlsRoute",
];

/// The name the chart gives its one zone when `kasmZones` is empty.
pub const DEFAULT_ZONE: &str = "default";

/// Where a finding's rule is written in Kasm's chart, for the reader to check.
pub mod source {
    /// The `proxyService` comment in the chart's values and the fail in its external Service.
    pub const LOAD_BALANCER_ZONES: &str = concat!("kasm-helm ", crate::chart_version!(), " values.yaml, proxyService: \u{201c}if you wish to deploy a multi-zone Kasm \u{2026} you MUST use either a Route or an Ingress and set the proxyService.type to ClusterIP\u{201d}; templates/proxy-service-external.yaml fails the install");
    /// The `kasmZones` comment in the chart's values.
    pub const NOTHING_PUBLISHES: &str = concat!("kasm-helm ", crate::chart_version!(), " values.yaml, kasmZones: \u{201c}you MUST use a valid ingress configuration\u{201d}; proxyService.type ClusterIP renders no external Service");
    /// The chart's checks of its publishers.
    pub const TWO_PUBLISHERS: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/route.yaml refuses a Route beside an Ingress, and templates/_validation.tpl (kasm.validateFrontDoorExposure) an HTTPRoute or a TLSRoute beside any other: \u{201c}Only one proxy exposure method may be enabled\u{201d}");
    /// The chart's HTTPRoute, which names publicAddr alone.
    pub const HTTPROUTE_ONE_ZONE: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/httproute.yaml: the HTTPRoute's hostnames are publicAddr alone; values.yaml, kasmZones: \u{201c}you MUST use a valid ingress configuration\u{201d}");
    /// The README's required values.
    pub const PUBLIC_ADDR: &str = "kasm-helm README.md, Configuration: \u{201c}Two values are required to install \u{2014} publicAddr \u{2026} and certificate.secretName\u{201d}";
    /// A section given as null.
    pub const NULL_SECTION: &str = concat!("kasm-helm ", crate::chart_version!(), " values.yaml gives each section its defaults; a null in a values file replaces them, and the templates read keys of the section");
    /// A Gateway route without a Gateway to attach to.
    pub const NO_PARENT: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/_validation.tpl fails an enabled httpRoute or tlsRoute with empty parentRefs; values.yaml, httpRoute.parentRefs: \u{201c}The route attaches to nothing, and the proxy stays unreachable, if this is left empty\u{201d}");
    /// The chart's one zone when kasmZones is empty.
    pub const LONE_ZONE: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/_helpers.tpl, kasm.zones: with kasmZones empty the chart runs one zone, list (dict \"name\" \"default\"), reached at publicAddr");
    /// The TLSRoute, which the planner does not plan.
    pub const TLS_ROUTE: &str = concat!("kasm-helm ", crate::chart_version!(), " values.yaml, tlsRoute (Gateway API TLS passthrough); templates/_validation.tpl, kasm.validateFrontDoorExposure");
    /// The cert-manager note in the chart's values and the README's prerequisites.
    pub const NO_TLS: &str = concat!("kasm-helm ", crate::chart_version!(), " values.yaml, certificate.certManager: \u{201c}If you do not enable cert-manager, you must generate your own certificates and add them as a Kubernetes secret\u{201d}; README.md, Prerequisites; templates/proxy-deployment.yaml mounts the Secret as a required volume");
    /// The chart's `proxy_hostname` description and what the hostname becomes.
    pub const HOSTNAME: &str = concat!("kasm-helm ", crate::chart_version!(), " values.yaml, kasmZones: \u{201c}Each zone's proxy_hostname is used to build the ingress/route/certificate hostnames for that zone\u{201d}");
    /// The chart's helper that fails without a hostname.
    pub const NO_HOSTNAME: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/_helpers.tpl, kasm.zoneProxyHostnameRequired: \u{201c}'proxy_hostname' (or deprecated 'proxyAddress') must be set\u{201d}");
    /// The chart's zone-name normalisation.
    pub const NORMALISED: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/_helpers.tpl, kasm.zoneName: regexReplaceAll \"[^a-zA-Z0-9]+\" \u{2026} \"-\" | lower");
    /// Where the chart writes the settings that name Kubernetes objects.
    pub const OBJECT_NAME: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/ingress.yaml (ingressClassName), templates/cert-manager-certificate.yaml (issuerRef.name), templates/proxy-deployment.yaml (the certificate Secret's volume) and templates/httproute.yaml (parentRefs) write each as the name of a Kubernetes object");
    /// Where the chart compares regions.
    pub const REGION: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/_helpers.tpl, kasm.isInPrimaryRegion: eq $zone.region_name $primaryZone.region_name");
    /// Where the chart writes zone names unquoted.
    pub const UNQUOTED: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/db-preseed-secret.yaml writes zone_name: {{ $zone.name }} unquoted into the database's seed, templates/manager-deployment.yaml value: {{ $zone.name }}");
    /// The chart's primary-zone helper.
    pub const PRIMARY: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/_helpers.tpl, kasm.primaryZone: \u{201c}at most one zone may be primary\u{201d}; values.yaml, kasmZones");
    /// The schema's description of `proxyAddress`.
    pub const DEPRECATED: &str = concat!("kasm-helm ", crate::chart_version!(), " values.schema.json, kasmZones.proxyAddress: \u{201c}Deprecated. Use proxy_hostname instead\u{201d}");
    /// How the chart renders a Route's TLS and port.
    pub const ROUTE_TLS: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/route.yaml: targetPort 8443 when route.backendProtocol is https, else 8080; spec.tls only \u{201c}with .Values.route.tls\u{201d} (values.yaml: tls: {}), termination defaulting to edge; templates/proxy-configmaps.yaml: nginx serves TLS on 8443, plain HTTP on 8080");
    /// The chart's pod security context and its OpenShift switch.
    pub const IS_OPENSHIFT: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/_helpers.tpl, kasm.securityContext: runAsUser, runAsGroup and fsGroup \u{201c}if not .Values.isOpenshift\u{201d}; values.yaml, isOpenshift: \u{201c}remove Pod and Container security ID values and allow OpenShift to dynamically set them\u{201d}");
    /// The chart's resolver lookup.
    pub const NGINX_RESOLVER: &str = concat!("kasm-helm ", crate::chart_version!(), " templates/_helpers.tpl, kasm.nginxResolver: nginxResolver, else the ClusterIP of kube-system/kube-dns, else 127.0.0.11; values.yaml, nginxResolver");
    /// The README's versioning rule and the chart's changelog.
    pub const VERSION: &str = concat!("kasm-helm README.md, Versioning: \u{201c}Always use the chart version that matches the Kasm Workspaces version you are deploying\u{201d}; charts/kasm-helm/CHANGELOG.md lists 1.1190.0 to ", crate::chart_version!());
}

/// Something in a values file that will not work, or not as the operator may think.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValuesFinding {
    /// Error (the install fails or the zones cannot be reached) or warning.
    pub severity: Severity,
    /// The key it concerns, as a dotted path (`kasmZones[1].proxyAddress`).
    pub key: String,
    /// Where the key stands, when it is in the file.
    pub at: Option<Position>,
    /// What happens on a real cluster, and what the planner's fix does.
    pub message: String,
    /// Where Kasm's chart says so.
    pub source: &'static str,
    /// A rule the plan the file opens as still breaks (a name, a hostname, a region, the base
    /// domain or a setting's name: nothing the fix can choose for the user): the page's findings
    /// say it, at this key, until the user changes it there.
    pub in_plan: bool,
}

/// A values file, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    /// The topology it describes, with what the planner's fix chooses where the file cannot
    /// work (an Ingress where nothing can publish the zones, a TLS Secret where there is none).
    /// Session types are not in values files: every zone starts with container sessions.
    pub topology: Topology,
    /// What in the file will break: what is about the file itself (zones in the file's order,
    /// then publishing, TLS and the chart version), then the chart's rules the topology it
    /// describes breaks ([`Topology::faults`]), each at its key.
    pub findings: Vec<ValuesFinding>,
    /// The zones came from `kasmZones` (false: the chart's one `default` zone).
    pub from_kasm_zones: bool,
    /// The replicas and resources the file sets instead of the chart's presets; its
    /// `deploymentSize` is the topology's chosen size.
    pub overrides: ChartOverrides,
}

fn at(node: Option<&Node>) -> Option<Position> {
    node.map(|node| node.position)
}

fn error(message: String, node: Option<&Node>) -> YamlError {
    YamlError {
        at: at(node),
        message,
    }
}

/// A scalar's text, where a string is expected; refuses a mapping or a list with its place.
fn text(node: Option<&Node>, key: &str) -> Result<Option<String>, YamlError> {
    match node {
        None => Ok(None),
        Some(node) => match &node.kind {
            Kind::Scalar { .. } => Ok(node.as_str().map(str::to_owned)),
            _ => Err(error(
                format!(
                    "{key} is {}, where the chart expects a string",
                    node.kind_name()
                ),
                Some(node),
            )),
        },
    }
}

/// A boolean key: Helm's YAML 1.1 booleans, and `"true"` in quotes, which the chart's `if`
/// also takes as set (any non-empty string is true in a template).
fn enabled(node: Option<&Node>) -> bool {
    node.is_some_and(Node::truthy)
}

/// A zone entry's name as the chart takes it (`default .zone_name .name`): `name`, or
/// `zone_name` when `name` is missing or empty.
pub(super) fn zone_name(item: &Node) -> Option<&str> {
    [item.get("name"), item.get("zone_name")]
        .into_iter()
        .flatten()
        .filter_map(Node::as_str)
        .find(|name| !name.is_empty())
}

/// A zone as `kasmZones` holds it.
struct ZoneEntry<'a> {
    node: &'a Node,
    name: String,
    hostname: Option<String>,
    primary: bool,
    region: String,
}

fn zone_entry<'a>(node: &'a Node, index: usize) -> Result<ZoneEntry<'a>, YamlError> {
    let key = format!("kasmZones[{index}]");
    if node.entries().is_none() {
        return Err(error(
            format!("{key} is {}, where the chart expects a zone (a mapping with name and proxy_hostname)", node.kind_name()),
            Some(node),
        ));
    }
    // The chart takes each with sprig's `default`: an empty one counts as not given.
    let given = |found: Option<String>| found.filter(|value| !value.is_empty());
    // A name or alias that is not a string is refused with its place; then the chart's rule.
    text(node.get("name"), &format!("{key}.name"))?;
    text(node.get("zone_name"), &format!("{key}.zone_name"))?;
    let name = zone_name(node).map(str::to_owned).ok_or_else(|| {
        error(
            format!("{key} has no name (name, or zone_name): the chart cannot name its objects"),
            Some(node),
        )
    })?;
    let hostname = match given(text(
        node.get("proxy_hostname"),
        &format!("{key}.proxy_hostname"),
    )?) {
        Some(host) => Some(host),
        None => given(text(
            node.get("proxyAddress"),
            &format!("{key}.proxyAddress"),
        )?),
    };
    Ok(ZoneEntry {
        node,
        name,
        hostname,
        primary: enabled(node.get("primary")),
        region: text(node.get("region_name"), &format!("{key}.region_name"))?.unwrap_or_default(),
    })
}

/// Byte ranges of the scalars that run over several lines (block scalars, folded quotes):
/// a `#` line inside one is text, not a comment.
fn multi_line_scalars(text: &str, node: &Node, out: &mut Vec<(usize, usize)>) {
    match &node.kind {
        Kind::Scalar { .. } if !node.alias && text[node.start..node.end].contains('\n') => {
            out.push((node.start, node.end));
        }
        Kind::Scalar { .. } => {}
        Kind::Sequence(items) => items
            .iter()
            .for_each(|item| multi_line_scalars(text, item, out)),
        Kind::Mapping(entries) => entries
            .iter()
            .for_each(|(_, value)| multi_line_scalars(text, value, out)),
    }
}

/// The chart versions (such as `1.1190.x`) that comments about the chart name, with their lines: a
/// comment that says "chart", "kasm-helm" or "--version" beside the number. A comment that
/// only mentions a version ("upgraded from 1.1181.0") is not one.
fn chart_versions(text: &str, root: &Node) -> Vec<(usize, String)> {
    let mut inside = Vec::new();
    multi_line_scalars(text, root, &mut inside);
    inside.sort_unstable();
    // Whether `at` is inside one of them: the last that starts at or before it (they nest not).
    let in_scalar = |at: usize| {
        let next = inside.partition_point(|&(start, _)| start <= at);
        next > 0 && at < inside[next - 1].1
    };
    let mut found = Vec::new();
    let mut at = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let line_start = at;
        at += line.len();
        let Some(comment) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let about_chart = ["chart", "kasm-helm", "--version"]
            .iter()
            .any(|word| comment.contains(word));
        if !about_chart || in_scalar(line_start) {
            continue;
        }
        for word in comment.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
            let word = word.trim_matches('.');
            let parts: Vec<&str> = word.split('.').collect();
            if parts.len() == 3
                && parts[0] == "1"
                && parts[1].len() == 4
                && parts[1].starts_with("11")
                && parts.iter().all(|part| part.parse::<u32>().is_ok())
            {
                found.push((index + 1, word.to_owned()));
            }
        }
    }
    found
}

/// The name this planner gave a lone zone, from the comment its values file carries for it
/// (`(this plan calls it "hq")`, the name a YAML double-quoted scalar): the chart itself calls
/// that zone `default`, so without the comment the name would be lost on the way back.
fn planned_name(text: &str) -> Option<String> {
    const MARK: &str = crate::export::helm::LONE_ZONE_NAME_MARK;
    let line = text
        .lines()
        .find(|line| line.trim_start().starts_with('#') && line.contains(MARK))?;
    let quoted = &line[line.find(MARK)? + MARK.len()..];
    // The quoted name ends at the first '"' that no backslash escapes.
    let mut escaped = false;
    let end = quoted.char_indices().skip(1).find_map(|(at, c)| {
        let closes = c == '"' && !escaped;
        escaped = c == '\\' && !escaped;
        closes.then_some(at + 1)
    })?;
    match parse(&quoted[..end]).ok()?.kind {
        Kind::Scalar { text, .. } if !text.is_empty() => Some(text),
        _ => None,
    }
}

/// Whether chart version `a` is older than `b` (both `1.MINOR.PATCH`).
fn older(a: &str, b: &str) -> bool {
    let parts = |v: &str| -> Vec<u32> { v.split('.').filter_map(|p| p.parse().ok()).collect() };
    parts(a) < parts(b)
}

/// Reads a values file: the topology it describes and what will break. Refuses, with the place,
/// anything that is not a kasm-helm values file.
pub fn open(text_in: &str) -> Result<Opened, YamlError> {
    let source = text_in.trim_start_matches('\u{feff}');
    if source.trim().is_empty() {
        return Err(error(
            "nothing to open: paste a kasm-helm values file (my-values.yaml), or choose one"
                .to_owned(),
            None,
        ));
    }
    let root = parse(source)?;
    let Some(entries) = root.entries() else {
        return Err(error(
            format!("the document is {}; a values file is a mapping of keys such as publicAddr and kasmZones", root.kind_name()),
            Some(&root),
        ));
    };
    if root.get("format").and_then(Node::as_str) == Some(crate::export::json::JSON_FORMAT) {
        return Err(error(
            "this is the planner's own topology JSON, not Helm values: open it with Import JSON"
                .to_owned(),
            Some(&root),
        ));
    }
    if !entries
        .iter()
        .any(|(key, _)| key.as_str().is_some_and(|key| KASM_KEYS.contains(&key)))
    {
        let first = entries
            .iter()
            .filter_map(|(key, _)| key.as_str())
            .take(3)
            .collect::<Vec<_>>()
            .join(", ");
        return Err(error(
            format!("none of its keys ({first}\u{2026}) is one of the kasm-helm chart's (publicAddr, kasmZones, proxyService, certificate\u{2026}): is it the values of another chart?"),
            Some(&root),
        ));
    }
    let mut findings = Vec::new();
    let mut finding = |severity, key: &str, node: Option<&Node>, message: String, source| {
        findings.push(ValuesFinding {
            severity,
            key: key.to_owned(),
            at: at(node),
            message,
            source,
            in_plan: false,
        });
    };

    let public_addr = text(root.get("publicAddr"), "publicAddr")?.unwrap_or_default();
    if public_addr.is_empty() {
        finding(
            Severity::Error,
            "publicAddr",
            root.get("publicAddr"),
            "publicAddr is empty: the chart needs the address users reach Kasm at; the planner's fix uses kasm.example.com, so set the base domain".to_owned(),
            source::PUBLIC_ADDR,
        );
    }
    let base_domain = if public_addr.is_empty() {
        crate::engine::topology::DEFAULT_BASE_DOMAIN.to_owned()
    } else {
        public_addr
    };

    // The zones, in the file's order, then the primary moved to the front.
    let kasm_zones = root.get("kasmZones");
    let items: &[Node] = match kasm_zones {
        None => &[],
        Some(node) if node.is_null() => &[],
        Some(node) => node.items().ok_or_else(|| {
            error(
                format!(
                    "kasmZones is {}, where the chart expects a list of zones",
                    node.kind_name()
                ),
                Some(node),
            )
        })?,
    };
    let entries = items
        .iter()
        .enumerate()
        .map(|(index, node)| zone_entry(node, index))
        .collect::<Result<Vec<_>, _>>()?;
    let primaries: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].primary).collect();
    if primaries.len() > 1 {
        let names: Vec<String> = primaries
            .iter()
            .map(|&i| format!("\u{201c}{}\u{201d}", entries[i].name))
            .collect();
        finding(
            Severity::Error,
            &format!("kasmZones[{}].primary", primaries[1]),
            entries[primaries[1]].node.get("primary"),
            format!("{} zones are marked primary: true ({}): the chart refuses to install; the planner's fix keeps the first one primary", primaries.len(), names.join(", ")),
            source::PRIMARY,
        );
    }
    if let [only] = entries.as_slice() {
        finding(
            Severity::Warning,
            "kasmZones",
            kasm_zones,
            format!("one zone, \u{201c}{}\u{201d}, written in kasmZones: the planner plans a lone zone as the chart's default zone, reached at publicAddr, so Fix and export empties kasmZones; on a fresh install the zone is then named default, and an existing install would see its zone renamed, so keep your kasmZones there", only.name),
            source::LONE_ZONE,
        );
    }
    let primary = primaries.first().copied().unwrap_or(0);
    let several = entries.len() > 1;
    let mut zones = Vec::with_capacity(entries.len().max(1));
    for (index, entry) in entries.iter().enumerate() {
        let key = format!("kasmZones[{index}]");
        if entry.node.get("proxy_hostname").is_none() && entry.node.get("proxyAddress").is_some() {
            finding(
                Severity::Warning,
                &format!("{key}.proxyAddress"),
                entry.node.get("proxyAddress"),
                format!("zone \u{201c}{}\u{201d} names its hostname with proxyAddress, which the chart keeps only as a deprecated alias; the fix writes proxy_hostname", entry.name),
                source::DEPRECATED,
            );
        }
        // A lone zone is written as the chart's `default` zone by the fix, reached at
        // publicAddr: the plan keeps no hostname for it, so the file's is checked here.
        let fix_reaches = if several {
            format!("{}.{base_domain}", entry.name)
        } else {
            format!("publicAddr ({base_domain}) as the chart's default zone")
        };
        let hostname = match &entry.hostname {
            None => {
                finding(
                    Severity::Error,
                    &format!("{key}.proxy_hostname"),
                    Some(entry.node),
                    format!("zone \u{201c}{}\u{201d} has no proxy_hostname: the chart refuses to install; the planner's fix reaches it at {fix_reaches}", entry.name),
                    source::NO_HOSTNAME,
                );
                String::new()
            }
            Some(host) => {
                if !several && !is_dns_name(host) {
                    finding(
                        Severity::Error,
                        &format!("{key}.proxy_hostname"),
                        entry
                            .node
                            .get("proxy_hostname")
                            .or(entry.node.get("proxyAddress")),
                        format!("the hostname of zone \u{201c}{}\u{201d}, \u{201c}{host}\u{201d}, is not a DNS name (lowercase labels of a-z, 0-9 and '-', joined by dots): its Ingress rule and certificate would not work while the file keeps this kasmZones entry; the planner's fix reaches the zone at {fix_reaches}", entry.name),
                        source::HOSTNAME,
                    );
                }
                // The planner's own hostname for the zone needs no keeping.
                if !several || *host == format!("{}.{base_domain}", entry.name) {
                    String::new()
                } else {
                    host.clone()
                }
            }
        };
        zones.push(Zone {
            name: entry.name.clone(),
            container_sessions: true,
            rdp_vnc_sessions: false,
            dedicated_proxy: false,
            // A lone zone's region reaches no manifest (the chart compares regions between
            // zones), and the planner writes none.
            region: if several {
                entry.region.clone()
            } else {
                String::new()
            },
            hostname,
            peak_container_sessions: None,
            peak_rdp_vnc_sessions: None,
        });
    }
    // Which kasmZones entry each zone of the plan is.
    let mut order: Vec<usize> = (0..zones.len()).collect();
    if primary > 0 && primary < zones.len() {
        let zone = zones.remove(primary);
        zones.insert(0, zone);
        order.remove(primary);
        order.insert(0, primary);
    }
    let from_kasm_zones = !zones.is_empty();
    if zones.is_empty() {
        let name = planned_name(source).unwrap_or_else(|| DEFAULT_ZONE.to_owned());
        zones.push(Zone::new(&name, true, false));
    }

    // Sections the templates read keys of: given as null, Helm drops the chart's defaults.
    for (section, read) in [
        ("proxyService", "proxyService.type"),
        ("ingress", "ingress.enabled"),
        ("route", "route.enabled"),
        ("httpRoute", "httpRoute.enabled"),
        ("tlsRoute", "tlsRoute.enabled"),
        (
            "certificate",
            "certificate.secretName and certificate.certManager",
        ),
        ("database", "database.storage"),
        ("kasmConfig", "kasmConfig.generatePreseed"),
    ] {
        if let Some((key, _)) = root.own_entry(section).filter(|(_, value)| value.is_null()) {
            finding(
                Severity::Error,
                section,
                Some(key),
                format!("{section} is given with nothing under it (null): Helm then drops the chart's defaults for it, and the templates that read {read} fail to render; the fix writes the section in full, or as {{}} to keep the chart's defaults"),
                source::NULL_SECTION,
            );
        }
    }
    let publishing = publishing(&root, entries.len(), &mut finding)?;
    let tls = tls(&root, &mut finding)?;
    version_findings(source, &root, &mut finding);
    let (size, overrides, said) = chart_figures(&root);
    for (severity, key, node, message) in said {
        finding(severity, &key, node, message, resources::SOURCE);
    }

    // The chart's rules, judged by the engine on the topology as the file has it, each placed
    // at its key. Of those the fix changes only the publisher (one that serves one zone, with
    // its Gateway names); the rest stay in the plan, and the page says them.
    let mut topology = Topology {
        zones,
        base_domain,
        publishing,
        tls,
        // Small is the chart's default, the same as no size written: only a larger one is a
        // choice the plan keeps.
        capacity: Capacity {
            size: size.filter(|size| *size != DeploymentSize::Small),
            ..Capacity::default()
        },
    };
    // First the limits, so that no time goes into judging a file the planner will not open.
    topology.check_limits().map_err(|limit| {
        error(
            format!("the zones are over the planner's limits: {limit}"),
            kasm_zones,
        )
    })?;
    let written: Vec<(Fault, String)> = topology
        .faults()
        .into_iter()
        .map(|fault| (fault, fault.message(&topology)))
        .collect();
    // What the fix says about what it changes.
    let fix = match topology.publishing.kind() {
        PublishingKind::LoadBalancer => "the planner's fix enables an Ingress of the cluster's default class (proxyService.type is LoadBalancer when it is not set; choose an OpenShift Route under Published by if that is your platform)",
        _ => "the planner's fix enables an Ingress of the cluster's default class instead of the HTTPRoute (choose an OpenShift Route under Published by if that is your platform)",
    };
    if topology.zones.len() > 1 && !topology.publishing.kind().serves_additional_zones() {
        topology.publishing = Publishing::default();
    }
    let left = topology.faults();
    for (fault, message) in written {
        let (key, node, source) = place(fault, &root, &entries, &order);
        let in_plan = left.contains(&fault);
        findings.push(ValuesFinding {
            severity: fault.severity(),
            key,
            at: at(node),
            message: if in_plan {
                message
            } else {
                format!("{message}; {fix}")
            },
            source,
            in_plan,
        });
    }
    Ok(Opened {
        topology,
        findings,
        from_kasm_zones,
        overrides,
    })
}

/// Where in the file a broken rule stands: its key, its node, and where the chart says so.
/// `order` gives the kasmZones entry of each zone of the plan.
fn place<'a>(
    fault: Fault,
    root: &'a Node,
    entries: &[ZoneEntry<'a>],
    order: &[usize],
) -> (String, Option<&'a Node>, &'static str) {
    let zone = fault.zone().and_then(|zone| {
        let index = *order.get(zone)?;
        Some((index, entries.get(index)?.node))
    });
    let Some((index, node)) = zone else {
        let (key, source) = match fault {
            Fault::BaseDomainNotDnsName | Fault::BaseDomainMisread(_) => {
                ("publicAddr", source::HOSTNAME)
            }
            Fault::SettingNotAName(Setting::IngressClass) => {
                ("ingress.ingressClassName", source::OBJECT_NAME)
            }
            Fault::SettingNotAName(Setting::Gateway) => {
                ("httpRoute.parentRefs[0].name", source::OBJECT_NAME)
            }
            Fault::SettingNotAName(Setting::GatewayNamespace) => {
                ("httpRoute.parentRefs[0].namespace", source::OBJECT_NAME)
            }
            Fault::SettingNotAName(Setting::TlsSecret) => {
                ("certificate.secretName", source::OBJECT_NAME)
            }
            Fault::SettingNotAName(Setting::Issuer) => {
                ("certificate.certManager.issuerName", source::OBJECT_NAME)
            }
            Fault::OneZonePublisher if root.at("httpRoute.enabled").is_some_and(Node::truthy) => {
                ("httpRoute.enabled", source::HTTPROUTE_ONE_ZONE)
            }
            Fault::OneZonePublisher => ("proxyService.type", source::LOAD_BALANCER_ZONES),
            _ => ("kasmZones", source::LONE_ZONE),
        };
        let node = match key {
            "httpRoute.parentRefs[0].name" | "httpRoute.parentRefs[0].namespace" => root
                .at("httpRoute.parentRefs")
                .and_then(Node::items)
                .and_then(<[Node]>::first)
                .and_then(|parent| parent.get(key.rsplit('.').next().unwrap_or_default())),
            _ => root.at(key),
        };
        return (key.to_owned(), node, source);
    };
    let named = |field: &'static str| node.get(field).map(|_| field);
    let (field, source) = match fault {
        Fault::Zone(
            _,
            ZoneFault::HostnameNotDnsName
            | ZoneFault::HostnameMisread(_)
            | ZoneFault::SameHostname(_)
            | ZoneFault::MadeHostnameTooLong,
        ) => (
            named("proxy_hostname").or(named("proxyAddress")),
            source::HOSTNAME,
        ),
        Fault::Zone(_, ZoneFault::RegionUntrimmed) => (named("region_name"), source::REGION),
        Fault::Zone(_, ZoneFault::NameMisread(_)) => {
            (named("name").or(named("zone_name")), source::UNQUOTED)
        }
        // Not in a file the reader opens (every zone runs container sessions, and a lone zone
        // keeps no hostname), placed at the zone all the same.
        Fault::Zone(_, ZoneFault::NoSessions | ZoneFault::HostnameUnused) => {
            (None, source::HOSTNAME)
        }
        _ => (named("name").or(named("zone_name")), source::NORMALISED),
    };
    match field {
        Some(field) => (
            format!("kasmZones[{index}].{field}"),
            node.get(field),
            source,
        ),
        None => (format!("kasmZones[{index}]"), Some(node), source),
    }
}

type Report<'a> = dyn FnMut(Severity, &str, Option<&Node>, String, &'static str) + 'a;

/// What publishes the proxy, as the file has it, or the planner's fix where nothing can.
fn publishing(root: &Node, zones: usize, finding: &mut Report) -> Result<Publishing, YamlError> {
    let service = root.at("proxyService.type");
    let service_type =
        text(service, "proxyService.type")?.unwrap_or_else(|| "LoadBalancer".to_owned());
    let mut publishers = Vec::new();
    if enabled(root.at("ingress.enabled")) {
        publishers.push((
            "ingress.enabled",
            Publishing::Ingress {
                class: text(
                    root.at("ingress.ingressClassName"),
                    "ingress.ingressClassName",
                )?
                .unwrap_or_default(),
            },
        ));
    }
    if enabled(root.at("route.enabled")) {
        publishers.push(("route.enabled", Publishing::Route));
    }
    if enabled(root.at("httpRoute.enabled")) {
        let parent = root
            .at("httpRoute.parentRefs")
            .and_then(Node::items)
            .and_then(<[Node]>::first);
        let gateway = text(
            parent.and_then(|p| p.get("name")),
            "httpRoute.parentRefs[0].name",
        )?
        .unwrap_or_default();
        let namespace = text(
            parent.and_then(|p| p.get("namespace")),
            "httpRoute.parentRefs[0].namespace",
        )?
        .unwrap_or_default();
        publishers.push((
            "httpRoute.enabled",
            Publishing::HttpRoute { gateway, namespace },
        ));
    }
    for route in ["httpRoute", "tlsRoute"] {
        let refs = root.at(&format!("{route}.parentRefs"));
        if enabled(root.at(&format!("{route}.enabled")))
            && refs.and_then(Node::items).is_none_or(<[Node]>::is_empty)
        {
            finding(
                Severity::Error,
                &format!("{route}.parentRefs"),
                refs.or(root.at(&format!("{route}.enabled"))),
                format!("{route} is enabled with no parentRefs: the chart refuses to install, as the route would attach to no Gateway; name the Gateway (the planner's Published by asks for it)"),
                source::NO_PARENT,
            );
        }
    }
    let tls_route = enabled(root.at("tlsRoute.enabled"));
    if tls_route {
        // Not a publisher the planner plans: counted, so two are reported, and turned off.
        publishers.push(("tlsRoute.enabled", Publishing::default()));
    }
    if let [(_, _), (second, _), ..] = publishers.as_slice() {
        finding(
            Severity::Error,
            second,
            root.at(second),
            format!("{} publishers are enabled ({}): the chart refuses to install with more than one; the planner's fix keeps the first", publishers.len(), publishers.iter().map(|(key, _)| *key).collect::<Vec<_>>().join(", ")),
            source::TWO_PUBLISHERS,
        );
    }
    if tls_route && publishers.len() == 1 {
        finding(
            Severity::Warning,
            "tlsRoute.enabled",
            root.at("tlsRoute.enabled"),
            "a Gateway API TLSRoute (TLS passthrough) publishes the proxy, which the planner does not plan: the fix turns it off and enables an Ingress of the cluster's default class; keep your file as it is if the TLSRoute is what you want".to_owned(),
            source::TLS_ROUTE,
        );
    }
    let load_balancer = service_type == "LoadBalancer";
    let chosen = match publishers.into_iter().next() {
        Some((key, publisher)) => {
            if load_balancer {
                finding(
                    Severity::Error,
                    "proxyService.type",
                    service,
                    format!("proxyService.type is LoadBalancer (the chart's default when it is not set) while {key} publishes the proxy: the chart refuses the two together; the fix sets ClusterIP"),
                    source::LOAD_BALANCER_ZONES,
                );
            }
            publisher
        }
        None if load_balancer => Publishing::LoadBalancer,
        None => {
            finding(
                Severity::Error,
                "proxyService.type",
                service,
                format!("proxyService.type is {service_type} and no Ingress, Route or HTTPRoute is enabled: nothing publishes the proxy outside the cluster, so no user can reach Kasm; the planner's fix enables an Ingress of the cluster's default class"),
                source::NOTHING_PUBLISHES,
            );
            Publishing::default()
        }
    };
    if chosen == Publishing::Route {
        openshift(root, finding)?;
    }
    if zones == 1 && chosen == Publishing::LoadBalancer {
        finding(
            Severity::Error,
            "proxyService.type",
            service,
            "proxyService.type is LoadBalancer (the chart's default when it is not set) with a kasmZones entry: the chart refuses LoadBalancer with any kasmZones; the planner's fix writes the one zone as the chart's default zone, without kasmZones".to_owned(),
            source::LOAD_BALANCER_ZONES,
        );
    }
    Ok(chosen)
}

/// What OpenShift Routes need beyond `route.enabled` (see `crate::export::helm`): TLS through
/// to the proxy's certificate, the pods' user left to OpenShift, and a DNS Service nginx can
/// reach.
fn openshift(root: &Node, finding: &mut Report) -> Result<(), YamlError> {
    let tls = root.at("route.tls");
    let termination = text(root.at("route.tls.termination"), "route.tls.termination")?;
    let https = text(root.at("route.backendProtocol"), "route.backendProtocol")?.as_deref()
        == Some("https");
    match termination.as_deref() {
        None if tls.and_then(Node::entries).is_none_or(<[(Node, Node)]>::is_empty) => finding(
            Severity::Error,
            "route.tls",
            tls.or(root.at("route.enabled")),
            "route.tls is empty, so the chart renders every Route without TLS: users reach Kasm over plain HTTP; the fix passes TLS through the router to the proxy's own certificate".to_owned(),
            source::ROUTE_TLS,
        ),
        Some("passthrough") if !https => finding(
            Severity::Error,
            "route.backendProtocol",
            root.at("route.backendProtocol").or(tls),
            "route.tls.termination is passthrough but route.backendProtocol is not https: the router passes TLS to the proxy's plain-HTTP port 8080, and no connection succeeds; the fix sets https (port 8443, where the proxy serves its certificate)".to_owned(),
            source::ROUTE_TLS,
        ),
        Some("passthrough") => {}
        _ => finding(
            Severity::Warning,
            "route.tls.termination",
            root.at("route.tls.termination").or(tls),
            "the Routes terminate TLS at the router (edge, the chart's default termination, or reencrypt), with the router's certificate unless route.tls.certificate is set: the router's default wildcard covers one label under its own apps domain, not each zone's hostname; the fix passes TLS through to the proxy's certificate instead".to_owned(),
            source::ROUTE_TLS,
        ),
    }
    let openshift = root.at("isOpenshift");
    if !enabled(openshift) {
        finding(
            Severity::Error,
            "isOpenshift",
            openshift.or(root.at("route.enabled")),
            "isOpenshift is not true, so the chart pins every pod to user and group 1000 (70 for the database), which OpenShift's default restricted-v2 SCC refuses: the pods are never created; the fix sets isOpenshift: true".to_owned(),
            source::IS_OPENSHIFT,
        );
    }
    let resolver = root.at("nginxResolver");
    if text(resolver, "nginxResolver")?.is_none_or(|r| r.is_empty()) {
        finding(
            Severity::Error,
            "nginxResolver",
            resolver.or(root.at("route.enabled")),
            "nginxResolver is empty, so the chart looks for kube-system/kube-dns, which OpenShift does not have, and gives nginx 127.0.0.11, where no pod has a resolver: the proxy cannot resolve the services it forwards to; the fix names OpenShift's DNS Service".to_owned(),
            source::NGINX_RESOLVER,
        );
    }
    Ok(())
}

/// Where the certificate comes from, or the planner's fix where nothing provides one.
fn tls(root: &Node, finding: &mut Report) -> Result<Tls, YamlError> {
    if enabled(root.at("certificate.certManager.enabled")) {
        let issuer = text(
            root.at("certificate.certManager.issuerName"),
            "certificate.certManager.issuerName",
        )?
        .unwrap_or_default();
        let kind = text(
            root.at("certificate.certManager.issuerKind"),
            "certificate.certManager.issuerKind",
        )?;
        let issuer_kind = match kind.as_deref() {
            Some("ClusterIssuer") => IssuerKind::ClusterIssuer,
            // The chart's Certificate falls back to `Issuer` (`default "Issuer"`).
            _ => IssuerKind::Issuer,
        };
        return Ok(Tls::CertManager {
            issuer,
            issuer_kind,
        });
    }
    match text(root.at("certificate.secretName"), "certificate.secretName")? {
        Some(name) if !name.is_empty() => Ok(Tls::Secret { name }),
        _ => {
            finding(
                Severity::Error,
                "certificate.secretName",
                root.at("certificate.secretName").or(root.get("certificate")),
                format!("no TLS source: certificate.secretName is empty and cert-manager is not enabled, so the proxy pods wait for a Secret nothing creates and never start (chart {CHART_VERSION} has no self-signed fallback); the planner's fix names the Secret kasm-tls, which the checklist creates"),
                source::NO_TLS,
            );
            Ok(Tls::default())
        }
    }
}

/// A values file written for an older chart: a comment that names one, or images of an older
/// Kasm (`useImageTags`).
fn version_findings(text: &str, root: &Node, finding: &mut Report) {
    if let Some((line, version)) = chart_versions(text, root)
        .into_iter()
        .find(|(_, version)| older(version, CHART_VERSION))
    {
        finding(
            Severity::Warning,
            "chart version",
            None,
            format!("a comment on line {line} says the file is for chart {version}, older than {CHART_VERSION}, the newest 1.19 chart: install with --version {CHART_VERSION} (the planner's checklist does) after reading the chart's CHANGELOG between them, and update the comment"),
            source::VERSION,
        );
    }
    if let Some(tag) = root.get("useImageTags").and_then(Node::as_str) {
        let release: Vec<u32> = tag
            .split(['.', '-'])
            .take(2)
            .filter_map(|part| part.parse().ok())
            .collect();
        if release.len() == 2 && release < vec![1, 19] {
            finding(
                Severity::Warning,
                "useImageTags",
                root.get("useImageTags"),
                format!("useImageTags is \u{201c}{tag}\u{201d}, images of an older Kasm than the {KASM_VERSION} that chart {CHART_VERSION} is for: use the chart that matches those images, or 1.19 images with this chart"),
                source::VERSION,
            );
        }
    }
}
