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
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut in_block = false;
    let mut blocks = 0;
    for event in Parser::new(text) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                panic!("{name:?}: HTML in the checklist: {html}")
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_block = true;
                blocks += 1;
            }
            Event::End(TagEnd::CodeBlock) => in_block = false,
            Event::Text(text) if in_block => {
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

#[test]
fn names_the_chart_would_misread_or_overflow_are_refused() {
    let fifty_one = "z".repeat(51);
    for (name, region, rule) in [
        ("yes", "", "as a number, a boolean or null"),
        ("null", "", "as a number, a boolean or null"),
        ("123", "", "as a number, a boolean or null"),
        ("1e3", "", "as a number, a boolean or null"),
        ("12e-3", "", "as a number, a boolean or null"),
        ("0x1f", "", "as a number, a boolean or null"),
        ("0o17", "", "as a number, a boolean or null"),
        (
            "a-zone-name-of-thirty-letters0",
            "r",
            "zone names there are at most 29",
        ),
        (fifty_one.as_str(), "", "zone names are at most 50"),
    ] {
        let topology = Topology::of(vec![
            Zone::new("hq", true, false).with_region("r"),
            Zone::new(name, true, false).with_region(region),
        ]);
        let refused = render(Format::HelmValues, &topology).expect_err(name);
        assert!(
            refused.reasons.iter().any(|r| r.contains(rule)),
            "{name}: {refused:?}"
        );
    }
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
    let fifty = "z".repeat(50);
    for fine in [
        "a",
        "eu-west-1",
        "no-vpn",
        "1st-floor",
        "2a",
        "a-zone-name-of-thirty-letters0",
        fifty.as_str(),
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
