//! The exports an operator pastes into a cluster and a root shell, read back by real parsers:
//! the Helm values by a YAML parser against the chart's documented keys, the checklist by a
//! CommonMark parser, its command lines by a shell-words splitter and by bash itself.

// Test code: a panic here is a failed assertion with its reason.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use kasm_topology_planner::engine::{
    plan, IssuerKind, Publishing, PublishingKind, Tls, Topology, Zone,
};
use kasm_topology_planner::export::{checklist, helm, render, Format, CHART_VERSION};
use serde_yaml::Value;

/// What a documented value may hold.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Text,
    Flag,
    List,
    OneOf(&'static [&'static str]),
}

use Kind::{Flag, List, OneOf, Text};

/// The chart keys the planner may write, with their types, read from kasm-helm 1.1190.7:
/// `charts/kasm-helm/README.md` (values table, commit 3a8a3cb6) and `values.schema.json`
/// (commit bdf28c4b, which the README's links point to). Written here by hand from those files,
/// so a key the chart does not document fails this test.
const CHART_KEYS: &[(&str, Kind)] = &[
    ("publicAddr", Text),
    // schema: "enum": ["ClusterIP", "LoadBalancer", "NodePort"]
    (
        "proxyService.type",
        OneOf(&["ClusterIP", "LoadBalancer", "NodePort"]),
    ),
    ("ingress.enabled", Flag),
    ("ingress.ingressClassName", Text),
    ("route.enabled", Flag),
    // values.yaml L140-143: "Valid values: http or https"; schema enum ["http", "https"]
    ("route.backendProtocol", OneOf(&["http", "https"])),
    // schema: route.tls.termination and insecureEdgeTerminationPolicy are strings; the values
    // are OpenShift's (Route spec.tls: edge, passthrough, reencrypt; None, Allow, Redirect)
    (
        "route.tls.termination",
        OneOf(&["edge", "passthrough", "reencrypt"]),
    ),
    (
        "route.tls.insecureEdgeTerminationPolicy",
        OneOf(&["None", "Allow", "Redirect"]),
    ),
    // values.yaml L45-47, `isOpenshift: false`; L53-65, `nginxResolver: ""`
    ("isOpenshift", Flag),
    ("nginxResolver", Text),
    ("httpRoute.enabled", Flag),
    ("httpRoute.parentRefs", List),
    ("certificate.secretName", Text),
    ("certificate.certManager.enabled", Flag),
    ("certificate.certManager.issuerName", Text),
    // no enum in the schema; the Certificate template defaults it to "Issuer", and the chart's
    // tests/values/certmanager.yaml uses "ClusterIssuer"
    (
        "certificate.certManager.issuerKind",
        OneOf(&["Issuer", "ClusterIssuer"]),
    ),
    ("certificate.certManager.addWildCard", Flag),
    ("database.storage.retentionPolicy.whenDeleted", Text),
    // README `kasmConfig.generatePreseed` (boolean, default false); templates/db-preseed-secret.yaml
    ("kasmConfig.generatePreseed", Flag),
    ("kasmZones", List),
];

/// The keys of a `kasmZones` entry the planner may write (schema `kasmZones.items`).
const ZONE_KEYS: &[(&str, Kind)] = &[
    ("name", Text),
    ("proxy_hostname", Text),
    ("primary", Flag),
    ("region_name", Text),
];

/// A Gateway API ParentReference as `httpRoute.parentRefs` passes it to the HTTPRoute.
const PARENT_REF_KEYS: &[(&str, Kind)] = &[("name", Text), ("namespace", Text)];

fn check_kind(path: &str, value: &Value, kind: Kind) {
    let fits = match kind {
        Text => value.is_string(),
        Flag => value.is_bool(),
        List => value.is_sequence(),
        OneOf(allowed) => value.as_str().is_some_and(|v| allowed.contains(&v)),
    };
    assert!(fits, "{path} is {value:?}, not {kind:?}");
}

/// Every leaf of `value` must be a documented key of the right type.
fn check_documented(prefix: &str, value: &Value, keys: &[(&str, Kind)]) {
    let Value::Mapping(map) = value else {
        panic!("{prefix} is not a mapping: {value:?}")
    };
    for (key, child) in map {
        let key = key.as_str().expect("keys are strings");
        let path = if prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{prefix}.{key}")
        };
        match keys.iter().find(|(known, _)| *known == path) {
            Some((_, kind)) => {
                check_kind(&path, child, *kind);
                let items = match path.as_str() {
                    "kasmZones" => Some(ZONE_KEYS),
                    "httpRoute.parentRefs" => Some(PARENT_REF_KEYS),
                    _ => None,
                };
                if let (Some(items), Some(list)) = (items, child.as_sequence()) {
                    for item in list {
                        check_documented("", item, items);
                    }
                }
            }
            None if child.is_mapping() => check_documented(&path, child, keys),
            None => panic!("{path} is not a documented key of chart {CHART_VERSION}"),
        }
    }
}

/// A DNS name, checked here independently of the engine: labels of 1-63 of a-z, 0-9, '-', not
/// at either end, joined by dots, at most 253 bytes.
fn is_hostname(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// How a Route terminates TLS, as the chart renders `spec.tls`.
#[derive(Debug, PartialEq, Eq)]
enum RouteTls {
    /// The router serves its own certificate (edge, or re-encrypt).
    AtTheRouter,
    /// TLS passes through to the proxy's nginx.
    Passthrough,
}

/// What kasm-helm 1.1190.7's templates make of a values file, for the settings the planner
/// writes, each from the chart's lines (values.yaml at bdf28c4b for the defaults):
/// - `templates/route.yaml` L18-19: `targetPort` 8443 when `route.backendProtocol` is
///   `https`, else 8080 (`_helpers.tpl` L80-81, `http: 8080`, `https: 8443`); L21-39:
///   `spec.tls` only `with .Values.route.tls` (values.yaml L151, `tls: {}`), `termination`
///   defaulting to `edge`, `insecureEdgeTerminationPolicy` only when set;
/// - `templates/proxy-configmaps.yaml` L18-22: nginx listens `8443 ssl` with the chart's
///   certificate; L46: 8080 is plain HTTP;
/// - `_helpers.tpl` L733-744 (3a8a3cb6): `runAsUser`, `runAsGroup`, `fsGroup` unless
///   `isOpenshift` (values.yaml L47, default false);
/// - `_helpers.tpl` L43-54: nginx's `resolver` is `nginxResolver`, else the ClusterIP of
///   `kube-system/kube-dns`, else 127.0.0.11.
struct ChartView<'a> {
    route_port: u16,
    route_tls: Option<RouteTls>,
    route_http: Option<&'a str>,
    fixed_user: bool,
    resolver: &'a str,
}

impl<'a> ChartView<'a> {
    fn of(values: &'a Value) -> Self {
        let route = values.get("route");
        let https = route
            .and_then(|r| r.get("backendProtocol"))
            .and_then(Value::as_str)
            == Some("https");
        let tls = route
            .and_then(|r| r.get("tls"))
            .filter(|tls| tls.as_mapping().is_some_and(|map| !map.is_empty()));
        let route_tls = tls.map(|tls| {
            match tls
                .get("termination")
                .and_then(Value::as_str)
                .unwrap_or("edge")
            {
                "passthrough" => RouteTls::Passthrough,
                _ => RouteTls::AtTheRouter,
            }
        });
        let resolver = values
            .get("nginxResolver")
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty())
            .unwrap_or("kube-system/kube-dns");
        ChartView {
            route_port: if https { 8443 } else { 8080 },
            route_tls,
            route_http: tls
                .and_then(|tls| tls.get("insecureEdgeTerminationPolicy"))
                .and_then(Value::as_str),
            fixed_user: values.get("isOpenshift").and_then(Value::as_bool) != Some(true),
            resolver,
        }
    }
}

fn publishers() -> Vec<Publishing> {
    vec![
        Publishing::default(),
        Publishing::Ingress {
            class: "nginx".into(),
        },
        Publishing::Route,
        Publishing::LoadBalancer,
        Publishing::HttpRoute {
            gateway: "public-gw".into(),
            namespace: "gateways".into(),
        },
    ]
}

fn tls_sources() -> Vec<Tls> {
    vec![
        Tls::default(),
        Tls::Secret {
            name: "wildcard.acme".into(),
        },
        Tls::CertManager {
            issuer: "letsencrypt".into(),
            issuer_kind: IssuerKind::ClusterIssuer,
        },
        Tls::CertManager {
            issuer: "acme".into(),
            issuer_kind: IssuerKind::Issuer,
        },
    ]
}

fn topology(zones: usize, publishing: &Publishing, tls: &Tls) -> Topology {
    let names = ["hq", "eu-west", "ap-south-1"];
    let mut topology = Topology::of(
        (0..zones)
            .map(|i| Zone::new(names[i], i != 2, i != 1).with_dedicated_proxy(i == 1))
            .collect(),
    );
    topology.base_domain = "kasm.acme.io".into();
    topology.zones[0].region = "us-east".into();
    topology.publishing = publishing.clone();
    topology.tls = tls.clone();
    topology
}

fn flag(values: &Value, path: &str) -> bool {
    let mut value = values;
    for part in path.split('.') {
        match value.get(part) {
            Some(next) => value = next,
            None => return false,
        }
    }
    value.as_bool() == Some(true)
}

#[test]
fn values_for_every_publisher_and_tls_source_follow_the_chart() {
    for zones in [1, 3] {
        for publishing in publishers() {
            for tls in tls_sources() {
                let topology = topology(zones, &publishing, &tls);
                let case = format!("{zones} zone(s), {publishing:?}, {tls:?}");
                let result = render(Format::HelmValues, &topology);
                if zones > 1 && !publishing.kind().serves_additional_zones() {
                    let refused = result.expect_err(&case);
                    assert!(
                        refused
                            .reasons
                            .iter()
                            .any(|r| r.contains("with 3 zones choose Ingress or OpenShift Route")),
                        "{case}: {refused:?}"
                    );
                    continue;
                }
                let text = result.unwrap_or_else(|r| panic!("{case}: {r:?}"));
                assert!(
                    text.contains(&format!("kasm-helm chart {CHART_VERSION}")),
                    "{case}"
                );
                let values: Value = serde_yaml::from_str(&text).unwrap();
                check_documented("", &values, CHART_KEYS);

                // The publisher is on, and it is the only one.
                let service = values["proxyService"]["type"].as_str().unwrap();
                let enabled: Vec<&str> = ["ingress", "route", "httpRoute"]
                    .into_iter()
                    .filter(|key| flag(&values, &format!("{key}.enabled")))
                    .collect();
                let expected = match publishing.kind() {
                    PublishingKind::Ingress => vec!["ingress"],
                    PublishingKind::Route => vec!["route"],
                    PublishingKind::HttpRoute => vec!["httpRoute"],
                    PublishingKind::LoadBalancer => vec![],
                };
                assert_eq!(enabled, expected, "{case}");
                // The chart's rules: ClusterIP needs a publisher, or nothing reaches the proxy;
                // a LoadBalancer goes with no zones list and no other publisher.
                match service {
                    "ClusterIP" => assert_eq!(enabled.len(), 1, "{case}"),
                    "LoadBalancer" => {
                        assert!(
                            enabled.is_empty() && values.get("kasmZones").is_none(),
                            "{case}"
                        )
                    }
                    other => panic!("{case}: proxyService.type {other}"),
                }
                if values.get("kasmZones").is_some() {
                    assert_eq!(service, "ClusterIP", "{case}");
                }
                match &publishing {
                    Publishing::Ingress { class } if !class.is_empty() => {
                        assert_eq!(values["ingress"]["ingressClassName"], class.as_str())
                    }
                    Publishing::Ingress { .. } => {
                        assert!(values["ingress"].get("ingressClassName").is_none())
                    }
                    Publishing::HttpRoute { gateway, namespace } => {
                        let refs = values["httpRoute"]["parentRefs"].as_sequence().unwrap();
                        assert_eq!(refs.len(), 1, "{case}");
                        assert_eq!(refs[0]["name"], gateway.as_str());
                        assert_eq!(refs[0]["namespace"], namespace.as_str());
                    }
                    Publishing::Route | Publishing::LoadBalancer => {}
                }

                // What the chart's templates make of the values, per publisher.
                let chart = ChartView::of(&values);
                if publishing.kind() == PublishingKind::Route {
                    assert_eq!(chart.route_port, 8443, "{case}");
                    assert_eq!(chart.route_tls, Some(RouteTls::Passthrough), "{case}");
                    assert_eq!(chart.route_http, Some("Redirect"), "{case}");
                    assert!(!chart.fixed_user, "{case}");
                    assert_eq!(
                        chart.resolver, "dns-default.openshift-dns.svc.cluster.local",
                        "{case}"
                    );
                } else {
                    // Not OpenShift: the chart's own user and its kube-dns lookup stand.
                    assert!(chart.fixed_user, "{case}");
                    assert_eq!(chart.resolver, "kube-system/kube-dns", "{case}");
                    assert!(values.get("route").is_none(), "{case}");
                }

                // The TLS source is set.
                let certificate = &values["certificate"];
                match &tls {
                    Tls::Secret { name } => {
                        assert_eq!(certificate["secretName"], name.as_str(), "{case}");
                        assert!(!flag(&values, "certificate.certManager.enabled"), "{case}");
                    }
                    Tls::CertManager {
                        issuer,
                        issuer_kind,
                    } => {
                        assert!(flag(&values, "certificate.certManager.enabled"), "{case}");
                        let manager = &certificate["certManager"];
                        assert_eq!(manager["issuerName"], issuer.as_str());
                        assert_eq!(manager["issuerKind"], issuer_kind.name());
                        assert!(certificate.get("secretName").is_none(), "{case}");
                    }
                }

                // With zones, the database is seeded with them (their hostnames) at install.
                assert_eq!(
                    flag(&values, "kasmConfig.generatePreseed"),
                    zones > 1,
                    "{case}"
                );
                // The database survives a later Kasm upgrade.
                assert_eq!(
                    values["database"]["storage"]["retentionPolicy"]["whenDeleted"],
                    "Retain"
                );

                // Hostnames are DNS names; the primary is marked once, first.
                assert!(
                    is_hostname(values["publicAddr"].as_str().unwrap()),
                    "{case}"
                );
                match values.get("kasmZones").and_then(Value::as_sequence) {
                    None => assert_eq!(zones, 1, "{case}"),
                    Some(list) => {
                        assert_eq!(list.len(), zones);
                        for (index, (entry, zone)) in list.iter().zip(&topology.zones).enumerate() {
                            assert_eq!(entry["name"], zone.name.as_str());
                            let host = entry["proxy_hostname"].as_str().unwrap();
                            assert!(is_hostname(host), "{case}: {host}");
                            assert_eq!(host, format!("{}.kasm.acme.io", zone.name));
                            assert_eq!(flag(entry, "primary"), index == 0, "{case}");
                        }
                    }
                }
            }
        }
    }
}

/// The command lines of a checklist: the lines inside its ```sh blocks.
fn command_lines(markdown: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            inside = trimmed.len() > 3 && trimmed.trim_start_matches('`') == "sh";
            continue;
        }
        if inside {
            lines.push(trimmed.to_owned());
        }
    }
    lines
}

/// The YAML documents of a checklist, as a CommonMark parser reads its ```yaml blocks, each
/// parsed by a YAML reader.
fn yaml_documents(markdown: &str) -> Vec<Value> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut documents = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if &*info == "yaml" => {
                current = Some(String::new());
            }
            Event::Text(text) => {
                if let Some(current) = current.as_mut() {
                    current.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(text) = current.take() {
                    documents.push(
                        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}")),
                    );
                }
            }
            _ => {}
        }
    }
    documents
}

fn value_after<'a>(words: &'a [String], flag: &str) -> Option<&'a str> {
    words
        .iter()
        .position(|word| word == flag)
        .and_then(|at| words.get(at + 1))
        .map(String::as_str)
}

#[test]
fn every_connection_proxy_registers_into_its_own_zone() {
    for publishing in [Publishing::default(), Publishing::Route] {
        for tls in tls_sources() {
            let mut topology = topology(3, &publishing, &tls);
            topology.zones.push(Zone::new("dmz-2", true, true));
            let text = render(Format::Checklist, &topology).unwrap();
            let planned = plan(&topology);
            let commands: Vec<Vec<String>> = command_lines(&text)
                .iter()
                .map(|line| shell_words::split(line).unwrap_or_else(|e| panic!("{line}: {e}")))
                .collect();
            let guac: Vec<&Vec<String>> = commands
                .iter()
                .filter(|words| value_after(words, "--role") == Some("guac"))
                .collect();
            assert_eq!(guac.len(), planned.totals.connection_proxies);
            let rdp_zones: Vec<&Zone> = topology.zones[1..]
                .iter()
                .filter(|zone| zone.rdp_vnc_sessions)
                .collect();
            assert_eq!(guac.len(), rdp_zones.len());
            for (words, zone) in guac.iter().zip(rdp_zones) {
                assert_eq!(
                    value_after(words, "--server-zone"),
                    Some(zone.name.as_str())
                );
                let host = format!("{}.kasm.acme.io", zone.name);
                assert_eq!(value_after(words, "--api-hostname"), Some(host.as_str()));
            }
            // The install command pins the chart and names the release's namespace.
            let helm = commands
                .iter()
                .find(|words| words.first().map(String::as_str) == Some("helm"))
                .unwrap();
            assert_eq!(value_after(helm, "--version"), Some(CHART_VERSION));
            assert_eq!(value_after(helm, "--namespace"), Some("kasm"));
        }
    }
}

#[test]
fn the_checklist_makes_the_tls_secret_and_follows_up_a_dedicated_proxy() {
    let topology = topology(3, &Publishing::default(), &Tls::default());
    let text = render(Format::Checklist, &topology).unwrap();
    let commands: Vec<Vec<String>> = command_lines(&text)
        .iter()
        .map(|line| shell_words::split(line).unwrap())
        .collect();
    let secret = commands
        .iter()
        .find(|words| words.starts_with(&["kubectl".into(), "create".into(), "secret".into()]))
        .expect("a step creates the TLS secret");
    assert_eq!(secret[3..5], ["tls".to_owned(), "kasm-tls".to_owned()]);
    // eu-west has container sessions and a chosen Dedicated Proxy, and no RDP/VNC.
    let proxy = commands
        .iter()
        .find(|words| value_after(words, "--role") == Some("proxy"))
        .unwrap();
    assert_eq!(
        value_after(proxy, "--api-hostname"),
        Some("eu-west.kasm.acme.io")
    );
    assert!(!proxy.contains(&"--no-start".to_owned()));
    for step in [
        "**Proxy Hostname** `DEDICATED_PROXY_HOST`, **Upstream Auth Address** `eu-west.kasm.acme.io`",
        "Ports: users reach it on HTTPS 443",
        "## Upgrading Kasm later",
        "`dbManagement.initialize: false` and `dbManagement.upgrade.enable: true`",
        "### Zone eu-west",
        "Creating a secure connection...",
        "checked in and **enabled**",
    ] {
        assert!(text.contains(step), "missing: {step}");
    }
    // With RDP/VNC in the same zone: --no-start, the kasmguac blocks, the RDP proxy hostname.
    let mut both = topology.clone();
    both.zones[1].rdp_vnc_sessions = true;
    let text = render(Format::Checklist, &both).unwrap();
    let proxy_line = command_lines(&text)
        .into_iter()
        .find(|line| line.contains("--role proxy"))
        .unwrap();
    assert!(proxy_line.ends_with("--no-start"), "{proxy_line}");
    assert!(text.contains("`kasmguac` location blocks"));
    assert!(text.contains("**RDP HTTPS Proxy Hostname** `DEDICATED_PROXY_HOST`"));
    assert!(text.contains("different VM from any Connection Proxy"));
}

/// Names an attacker could put in a share link, meant to become commands or Markdown.
const HOSTILE: &[&str] = &[
    "eu$(touch CANARY)",
    "eu`touch CANARY`",
    "a'b\"c",
    "x; touch CANARY",
    "new\nline",
    "tab\there",
    "`code` | *bold* <b>x</b>",
    "```",
    "sp ace",
    "$HOME",
];

fn hostile_topology(name: &str) -> Topology {
    let mut topology = Topology::of(vec![
        Zone::new("hq", true, true),
        Zone::new(name, true, true).with_dedicated_proxy(true),
    ]);
    topology.base_domain = format!("{name}.example");
    topology
}

#[test]
fn hostile_names_refuse_the_deployment_files_but_keep_the_tables() {
    for name in HOSTILE {
        let topology = hostile_topology(name);
        for format in Format::ALL {
            let result = render(format, &topology);
            if format.allows_errors() {
                assert!(result.is_ok(), "{format:?} for {name:?}");
            } else {
                let refused = result.expect_err(name);
                assert!(
                    refused
                        .reasons
                        .iter()
                        .any(|r| r.contains("is not a lowercase DNS label")),
                    "{name:?}: {refused:?}"
                );
                assert!(refused.reasons.iter().any(|r| r.contains("base domain")));
            }
        }
    }
    // Names that differ but meet in the chart's object names.
    let collide = Topology::of(vec![
        Zone::new("hq", true, false),
        Zone::new("eu--west", true, false),
        Zone::new("eu-west", true, false),
    ]);
    let refused = render(Format::HelmValues, &collide).unwrap_err();
    assert!(refused.reasons[0].contains("same Kubernetes name \u{201c}eu-west\u{201d}"));
}

/// The arguments bash itself gives a command line: the line's program is replaced by a
/// function that prints its arguments, NUL-separated. Run in a scratch folder, so a name that
/// did run a command would leave its `CANARY` file there.
fn bash_arguments(line: &str, folder: &std::path::Path) -> Vec<String> {
    let words = line.split_once(' ').map_or("", |(_, rest)| rest);
    let script =
        format!("args() {{ for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }}; args {words}");
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(folder)
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{line}: {output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .split_terminator('\0')
        .map(str::to_owned)
        .collect()
}

/// How a code span shows a text: control characters as U+FFFD.
fn shown(text: &str) -> String {
    text.replace(|c: char| c.is_control(), "\u{fffd}")
}

/// The checklist read back by a CommonMark parser: no HTML gets through, every code block is one
/// of its ```sh blocks and holds one line, and each of `spans` is a code span, whole.
fn check_markdown(text: &str, name: &str, spans: &[String]) {
    use pulldown_cmark::CodeBlockKind;
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut in_command = false;
    let mut blocks = 0;
    let mut yaml = Vec::new();
    for event in Parser::new(text) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                panic!("{name:?}: HTML in the checklist: {html}")
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if &*info == "yaml" => {
                yaml.push(String::new());
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                assert_eq!(kind, CodeBlockKind::Fenced("sh".into()), "{name:?}");
                in_command = true;
                blocks += 1;
            }
            Event::End(TagEnd::CodeBlock) => in_command = false,
            Event::Text(text) if in_command => {
                assert_eq!(text.lines().count(), 1, "{name:?}: {text:?}");
            }
            _ => {}
        }
    }
    assert_eq!(
        blocks,
        command_lines(text).len(),
        "{name:?}: a name opened or closed a code block"
    );
    assert_eq!(
        yaml.len(),
        yaml_documents(text).len(),
        "{name:?}: a name opened or closed a YAML block"
    );
    let found: Vec<String> = Parser::new(text)
        .filter_map(|event| match event {
            Event::Code(code) => Some(code.into_string()),
            _ => None,
        })
        .collect();
    for span in spans {
        assert!(found.contains(span), "{name:?}: {span:?} not in {found:?}");
    }
}

#[test]
fn hostile_setting_names_are_refused_and_stay_quoted() {
    let folder = std::env::temp_dir().join(format!("kasm-settings-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    for name in HOSTILE {
        let mut topology = Topology::of(vec![
            Zone::new("hq", true, false),
            Zone::new("eu", true, false),
        ]);
        topology.publishing = Publishing::Ingress {
            class: (*name).to_owned(),
        };
        topology.tls = Tls::Secret {
            name: (*name).to_owned(),
        };
        let refused = render(Format::Checklist, &topology).expect_err(name);
        assert!(
            refused
                .reasons
                .iter()
                .any(|r| r.starts_with("the ingress class name")),
            "{refused:?}"
        );
        assert!(
            refused
                .reasons
                .iter()
                .any(|r| r.starts_with("the TLS secret name")),
            "{refused:?}"
        );
        let text = checklist::markdown(&topology);
        let secret = command_lines(&text)
            .into_iter()
            .find(|line| line.starts_with("kubectl create secret tls"))
            .unwrap();
        let words = bash_arguments(&secret, &folder);
        assert_eq!(
            words[..4],
            ["create", "secret", "tls", name].map(str::to_owned),
            "{secret}"
        );
        check_markdown(&text, name, &[shown(name)]);

        topology.tls = Tls::CertManager {
            issuer: (*name).to_owned(),
            issuer_kind: IssuerKind::Issuer,
        };
        topology.zones.truncate(1);
        topology.publishing = Publishing::HttpRoute {
            gateway: (*name).to_owned(),
            namespace: (*name).to_owned(),
        };
        let refused = render(Format::HelmValues, &topology).expect_err(name);
        for what in [
            "the Gateway name",
            "the Gateway's namespace",
            "the cert-manager issuer name",
        ] {
            assert!(
                refused.reasons.iter().any(|r| r.starts_with(what)),
                "{what}: {refused:?}"
            );
        }
        let values: Value = serde_yaml::from_str(&helm::values(&topology)).unwrap();
        assert_eq!(values["httpRoute"]["parentRefs"][0]["name"], *name);
        assert_eq!(values["certificate"]["certManager"]["issuerName"], *name);
        check_markdown(&checklist::markdown(&topology), name, &[shown(name)]);
        assert!(!folder.join("CANARY").exists(), "{name:?} ran a command");
    }
    let _ = std::fs::remove_dir_all(&folder);
}

/// The chart's name limits at their boundaries, for release `kasm`: the zone's region (`r` is
/// the primary zone's), the longest name that renders, and the name it writes that one more
/// character breaks, with the Kubernetes limit on it. Every name and label the chart derives
/// from a zone uses the zone as `kasm.zoneName` writes it (`_helpers.tpl` L123-124 at 3a8a3cb6)
/// and is never truncated.
const NAME_LIMITS: &[(&str, usize, &str, usize)] = &[
    // templates/rdp-https-gateway-statefulset.yaml L15: a StatefulSet's name is at most 52, its
    // pods' controller-revision-hash label adds 11 and a label value is at most 63.
    ("r", 29, "kasm-rdp-https-gateway-{}", 52),
    // templates/proxy-service.yaml L20: a Service port name is a DNS label, at most 63.
    ("", 43, "kasm-proxy-{}-svc-8443", 63),
    // templates/proxy-configmaps.yaml L11 via _helpers.tpl L349, L484: a label value.
    ("", 43, "kasm-proxy-settings-{}", 63),
];

#[test]
fn zone_names_are_refused_exactly_where_the_chart_would_fail() {
    for &(region, longest, pattern, limit) in NAME_LIMITS {
        let written = |zone: &str| pattern.replace("{}", zone);
        let fits = "z".repeat(longest);
        let over = "z".repeat(longest + 1);
        assert_eq!(written(&fits).len(), limit, "{pattern}");
        assert_eq!(written(&over).len(), limit + 1, "{pattern}");
        // An additional zone, and (in the primary region) the primary zone itself.
        let mut cases = vec![(1, vec!["hq", fits.as_str()], vec!["hq", over.as_str()])];
        if region == "r" {
            cases.push((0, vec![fits.as_str(), "b"], vec![over.as_str(), "b"]));
        }
        for (index, good, bad) in cases {
            let zones = |names: &[&str]| {
                let mut topology = Topology::of(
                    names
                        .iter()
                        .map(|name| Zone::new(name, true, true))
                        .collect(),
                );
                topology.zones[0].region = "r".into();
                topology.zones[1].region = region.into();
                topology
            };
            let case = format!("{pattern}, zone {index}");
            render(Format::HelmValues, &zones(&good)).unwrap_or_else(|r| panic!("{case}: {r:?}"));
            let refused = render(Format::HelmValues, &zones(&bad)).expect_err(&case);
            assert!(
                refused
                    .reasons
                    .iter()
                    .any(|r| r.contains(&format!("at most {longest}"))),
                "{case}: {refused:?}"
            );
        }
    }
    // The limits hold for the name as the chart writes it: a run of '-' is one.
    let doubled = format!("{}--{}", "z".repeat(21), "z".repeat(21));
    assert_eq!(doubled.len(), 44);
    let topology = Topology::of(vec![
        Zone::new("hq", true, false),
        Zone::new(&doubled, true, false),
    ]);
    assert!(render(Format::HelmValues, &topology).is_ok(), "{doubled}");
}

#[test]
fn names_the_chart_would_misread_or_overflow_are_refused() {
    for (name, rule) in [
        ("yes", "as a boolean"),
        ("on", "as a boolean"),
        ("null", "as null"),
        ("123", "as a number"),
        ("1e3", "as a number"),
        ("12e-3", "as a number"),
        ("0x1f", "as a number"),
        ("0o17", "as a number"),
        ("2024-01-01", "as a date"),
        ("2024-1-1", "as a date"),
        ("2024-13-45", "as a date"),
    ] {
        let topology = Topology::of(vec![
            Zone::new("hq", true, false),
            Zone::new(name, true, false),
        ]);
        let refused = render(Format::HelmValues, &topology).expect_err(name);
        assert!(
            refused.reasons.iter().any(|r| r.contains(rule)),
            "{name}: {refused:?}"
        );
    }
    // Hostnames and the base domain that YAML reads as numbers.
    let mut topology = Topology::of(vec![
        Zone::new("hq", true, false),
        Zone::new("eu", true, false).with_hostname("1.5"),
    ]);
    let refused = render(Format::HelmValues, &topology).expect_err("1.5");
    assert!(refused.reasons[0].contains("\u{201c}1.5\u{201d}, reads as a number"));
    topology.zones[1].hostname.clear();
    topology.base_domain = "1.5e3".into();
    let refused = render(Format::HelmValues, &topology).expect_err("1.5e3");
    assert!(
        refused
            .reasons
            .iter()
            .any(|r| r.contains("reads as a number")),
        "{refused:?}"
    );
    let mut long_host = Topology::of(vec![
        Zone::new("hq", true, false),
        Zone::new("eu", true, false),
    ]);
    long_host.base_domain = format!("{}.example", "d".repeat(60)).repeat(4);
    long_host.base_domain.truncate(251);
    let refused = render(Format::HelmValues, &long_host).expect_err("hostname");
    assert!(
        refused
            .reasons
            .iter()
            .any(|r| r.contains("a hostname is at most 253")),
        "{refused:?}"
    );
    let forty_three = "z".repeat(43);
    for fine in [
        "a",
        "eu-west-1",
        "no-vpn",
        "1st-floor",
        "2a",
        "2024-01",
        "2024-01-01x",
        "a-zone-name-of-thirty-letters0",
        forty_three.as_str(),
    ] {
        let topology = Topology::of(vec![
            Zone::new("hq", true, false),
            Zone::new(fine, true, false),
        ]);
        assert!(render(Format::HelmValues, &topology).is_ok(), "{fine}");
    }
    // A lone zone is the chart's `default`: its own name reaches no manifest.
    for lone in ["on", "123", "a-zone-name-of-thirty-letters0"] {
        let topology = Topology::of(vec![Zone::new(lone, true, false)]);
        assert!(render(Format::HelmValues, &topology).is_ok(), "{lone}");
    }
    // A region with spaces at an end would not match the primary's in the chart.
    let spaced = Topology::of(vec![
        Zone::new("hq", true, false).with_region("us-east"),
        Zone::new("dmz", false, true).with_region("us-east "),
    ]);
    let refused = render(Format::HelmValues, &spaced).expect_err("spaced region");
    assert!(refused
        .reasons
        .iter()
        .any(|r| r.starts_with("the region of dmz has spaces")));
}

#[test]
fn hostile_names_never_reach_a_command_or_break_out_of_markdown() {
    // The writer itself, below the refusal: every value still quoted for the shell and for
    // Markdown, so that no later rule change can turn a name into a command.
    let folder = std::env::temp_dir().join(format!("kasm-checklist-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    for name in HOSTILE {
        let topology = hostile_topology(name);
        let host = format!("{name}.{name}.example");
        let text = checklist::markdown(&topology);
        let lines = command_lines(&text);
        let guac = lines.iter().find(|l| l.contains("--role guac")).unwrap();
        let proxy = lines.iter().find(|l| l.contains("--role proxy")).unwrap();
        for line in [guac, proxy] {
            let words = bash_arguments(line, &folder);
            assert_eq!(
                value_after(&words, "--api-hostname"),
                Some(host.as_str()),
                "{line}"
            );
        }
        let words = bash_arguments(guac, &folder);
        assert_eq!(value_after(&words, "--server-zone"), Some(*name), "{guac}");
        if !name.chars().any(char::is_control) {
            // shell-words agrees where it can read the line (it has no $'…' quoting).
            let split = shell_words::split(guac).unwrap();
            assert_eq!(value_after(&split, "--server-zone"), Some(*name));
        }
        assert!(!folder.join("CANARY").exists(), "{name:?} ran a command");

        let shown_host = host.replace(|c: char| c.is_control(), "\u{fffd}");
        check_markdown(&text, name, &[shown(name), shown_host]);
    }
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn helm_quoting_keeps_misreadable_names_strings() {
    let topology = Topology::of(vec![
        Zone::new("yes", true, false),
        Zone::new("123", true, false),
        Zone::new("a: b # c", true, false),
        Zone::new("\"quoted\" \\ back", true, false),
        Zone::new("new\nline\u{fffe}", true, false),
    ]);
    let values: Value = serde_yaml::from_str(&helm::values(&topology)).unwrap();
    let names: Vec<&str> = values["kasmZones"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|zone| zone["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "yes",
            "123",
            "a: b # c",
            "\"quoted\" \\ back",
            "new\nline\u{fffe}"
        ]
    );
}

/// The words of each command line, as bash gives them to the program.
fn checklist_commands(text: &str, folder: &std::path::Path) -> Vec<Vec<String>> {
    command_lines(text)
        .iter()
        .map(|line| {
            let words = shell_words::split(line).unwrap_or_else(|e| panic!("{line}: {e}"));
            // A pipeline is bash's to run, not a command's words (the token reads).
            if !words.iter().any(|word| word == "|") {
                assert_eq!(bash_arguments(line, folder), words[1..], "{line}");
            }
            words
        })
        .collect()
}

fn words(line: &str) -> Vec<String> {
    line.split(' ').map(str::to_owned).collect()
}

#[test]
fn openshift_gets_its_dns_and_an_scc_for_the_preseed_container() {
    let folder = std::env::temp_dir().join(format!("kasm-openshift-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    for tls in tls_sources() {
        let topology = topology(2, &Publishing::Route, &tls);
        let text = render(Format::Checklist, &topology).unwrap();
        check_markdown(&text, "route", &[]);
        let commands = checklist_commands(&text, &folder);
        let at = |line: &str| commands.iter().position(|c| *c == words(line));
        let scc = at("oc adm policy add-scc-to-user nonroot-v2 -z default --namespace kasm")
            .unwrap_or_else(|| panic!("{tls:?}: no SCC step in {commands:?}"));
        // The RoleBinding it makes needs the namespace: made by a command before it, or by
        // the Issuer step's own words.
        let namespace = at("kubectl create namespace kasm");
        match &tls {
            Tls::CertManager {
                issuer_kind: IssuerKind::Issuer,
                ..
            } => {
                assert!(text.contains("create the namespace first: `kubectl create namespace kasm`"))
            }
            _ => assert!(namespace.is_some_and(|n| n < scc), "{tls:?}: {commands:?}"),
        }
        let helm = commands.iter().position(|c| c[0] == "helm").unwrap();
        assert!(scc < helm, "the SCC is granted before the install");
        assert!(at("oc get service dns-default --namespace openshift-dns").is_some());
        assert!(text.contains("`termination: passthrough`"));
        assert!(text.contains("runs as user 1000 even with `isOpenshift: true`"));
    }
    // One zone: no preseed, so no container with a fixed user.
    let one = render(
        Format::Checklist,
        &topology(1, &Publishing::Route, &Tls::default()),
    )
    .unwrap();
    assert!(!one.contains("add-scc-to-user"));
    assert!(one.contains("oc get service dns-default"));
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn a_gateway_serves_the_plans_certificate_from_its_listener() {
    let folder = std::env::temp_dir().join(format!("kasm-gateway-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    for namespace in ["gateways", "kasm"] {
        for tls in tls_sources() {
            let publishing = Publishing::HttpRoute {
                gateway: "public-gw".into(),
                namespace: namespace.into(),
            };
            let topology = topology(1, &publishing, &tls);
            let case = format!("{namespace}, {tls:?}");
            let text = render(Format::Checklist, &topology).unwrap();
            check_markdown(&text, &case, &[]);
            let secret = match &tls {
                Tls::Secret { name } => name.clone(),
                // templates/ingress.yaml and proxy-deployment.yaml: `certificate.secretName |
                // default (include "kasm.name" (list . "cert-manager" "secret"))`
                Tls::CertManager { .. } => "kasm-cert-manager".to_owned(),
            };
            let documents = yaml_documents(&text);
            let listener = &documents[0]["listeners"][0];
            assert_eq!(listener["protocol"], "HTTPS", "{case}");
            assert_eq!(listener["port"], 443, "{case}");
            assert_eq!(listener["hostname"], "kasm.acme.io", "{case}");
            assert_eq!(listener["tls"]["mode"], "Terminate", "{case}");
            let reference = &listener["tls"]["certificateRefs"][0];
            assert_eq!(reference["kind"], "Secret", "{case}");
            assert_eq!(reference["name"], secret.as_str(), "{case}");
            assert_eq!(reference["namespace"], "kasm", "{case}");
            assert_eq!(
                listener["allowedRoutes"]["namespaces"]["selector"]["matchLabels"]
                    ["kubernetes.io/metadata.name"],
                "kasm",
                "{case}"
            );
            let commands = checklist_commands(&text, &folder);
            let applies = commands.contains(&words("kubectl apply -f kasm-gateway-tls.yaml"));
            if namespace == "kasm" {
                assert_eq!(
                    documents.len(),
                    1,
                    "{case}: no grant needed in one namespace"
                );
                assert!(!applies, "{case}");
                continue;
            }
            // Gateway API: a Gateway reads a Secret of another namespace only with a
            // ReferenceGrant in the Secret's namespace, from Gateways of its namespace.
            let grant = &documents[1];
            assert_eq!(grant["apiVersion"], "gateway.networking.k8s.io/v1beta1");
            assert_eq!(grant["kind"], "ReferenceGrant");
            assert_eq!(grant["metadata"]["namespace"], "kasm", "{case}");
            let from = &grant["spec"]["from"][0];
            assert_eq!(from["group"], "gateway.networking.k8s.io");
            assert_eq!(from["kind"], "Gateway");
            assert_eq!(from["namespace"], namespace, "{case}");
            let to = &grant["spec"]["to"][0];
            assert_eq!(to["group"], "");
            assert_eq!(to["kind"], "Secret");
            assert_eq!(to["name"], secret.as_str(), "{case}");
            assert!(applies, "{case}");
            assert!(text.contains("Save this as `kasm-gateway-tls.yaml`"));
        }
    }
    let _ = std::fs::remove_dir_all(&folder);
}

/// Names to try on YAML readers: every DNS name of up to four characters over an alphabet that
/// makes numbers, words and dates, and the longer forms those take.
fn yaml_candidates() -> Vec<String> {
    let alphabet = ['0', '1', '9', 'e', 'x', 'o', 'b', 'n', 'y', '-', '.'];
    let mut names: Vec<String> = vec![String::new()];
    let mut all = Vec::new();
    for _ in 0..4 {
        names = names
            .iter()
            .flat_map(|name| alphabet.iter().map(move |c| format!("{name}{c}")))
            .collect();
        all.extend(names.iter().cloned());
    }
    for extra in [
        "yes",
        "no",
        "on",
        "off",
        "true",
        "false",
        "null",
        "2024-01-01",
        "2024-1-1",
        "2024-13-45",
        "2024-01",
        "2024-01-01x",
        "0x1f",
        "0o17",
        "0b101",
        "12e-3",
        "1.5e3",
        "1.5e-3",
        "10.0.0.1",
        "1st-floor",
        "0777",
        "1e10",
        "eu-west",
        "123",
        "1.5",
    ] {
        all.push(extra.to_owned());
    }
    all.retain(|name| kasm_topology_planner::engine::is_dns_name(name));
    all
}

/// Which of `names` PyYAML, a YAML 1.1 reader (Kasm's seed data is read in Python), does not
/// read back as that string when a template writes it unquoted as `zone_name: NAME`.
fn pyyaml_misreads(names: &[String]) -> Vec<String> {
    let script = "import sys, json, yaml\n\
        out = []\n\
        for name in json.load(sys.stdin):\n\
        \x20   try:\n\
        \x20       value = yaml.safe_load('zone_name: ' + name)['zone_name']\n\
        \x20   except Exception:\n\
        \x20       value = None\n\
        \x20   if value != name:\n\
        \x20       out.append(name)\n\
        json.dump(out, sys.stdout)\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (scripts/setup test installs PyYAML)");
    {
        use std::io::Write;
        let stdin = child.stdin.as_mut().unwrap();
        stdin
            .write_all(serde_json::to_string(names).unwrap().as_bytes())
            .unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "PyYAML is needed (scripts/setup test installs it): {}",
        String::from_utf8_lossy(&output.stdout)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn every_name_the_planner_writes_stays_a_string_to_yaml_readers() {
    use kasm_topology_planner::engine::yaml_misreads;
    let names = yaml_candidates();
    assert!(names.len() > 10_000, "{}", names.len());
    let misread = pyyaml_misreads(&names);
    // PyYAML is not a yes-man: it does misread some of them.
    for expected in [
        "yes",
        "null",
        "123",
        "2024-01-01",
        "1.5",
        "0x1f",
        "2024-13-45",
    ] {
        assert!(
            misread.iter().any(|name| name == expected),
            "PyYAML read {expected} as a string"
        );
    }
    // Whatever a YAML 1.1 reader (PyYAML) or a YAML 1.2 reader (serde_yaml) would not keep a
    // string, the planner refuses. (go-yaml v2 in helm reads more as non-strings, `y`, `n`,
    // `0o17`, `1e3`, `2024-1-1`: those are refused by the rules written from its resolver.)
    for name in &names {
        let serde: Value = serde_yaml::from_str(&format!("zone_name: {name}")).unwrap();
        if misread.contains(name) || !serde["zone_name"].is_string() {
            assert!(
                yaml_misreads(name).is_some(),
                "{name:?} is misread but allowed"
            );
        }
    }
    for name in ["y", "n", "0o17", "1e3", "2024-1-1"] {
        assert!(yaml_misreads(name).is_some(), "{name}");
    }
    // And names the planner allows do stay strings, for a zone and in a hostname.
    let allowed: Vec<String> = names
        .iter()
        .filter(|name| yaml_misreads(name).is_none())
        .cloned()
        .collect();
    assert!(allowed.len() > names.len() / 2);
    assert!(pyyaml_misreads(&allowed).is_empty());
}
