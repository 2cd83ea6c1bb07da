//! "Check my values": operators' kasm-helm values files (tests/values/, and every golden values
//! file the planner writes) opened into a topology and findings, and fixed.
//!
//! Expected topologies and findings are written here from reading each file against the
//! chart's rules (kasm-helm 1.1190.7 values.yaml, values.schema.json, templates/_helpers.tpl),
//! not from the code. The fixed files are read back with serde_yaml, a second YAML parser, and
//! the diffs are applied with diffy, as patch would.

// Test code: a panic here is a failed assertion with its reason.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::type_complexity
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use kasm_topology_planner::engine::capacity::{Capacity, DeploymentSize};
use kasm_topology_planner::engine::{Severity, Topology};
use kasm_topology_planner::export::json;
use kasm_topology_planner::export::{render, Format};
use kasm_topology_planner::share::{decode, encode};
use kasm_topology_planner::values::{fix, open};
use serde_yaml::Value;

fn corpus(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/values")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Each file, the topology it describes (as its share link; every zone with container sessions
/// only, as the planner opens them), and the keys of its findings in order.
const OPENS: [(&str, &str, &[(Severity, &str)]); 22] = [
    (
        "single-zone.yaml",
        // The chart's one `default` zone, published by the LoadBalancer Service.
        "2.1default!kasm.acme.io!Pl!Tsacme-tls",
        &[],
    ),
    (
        "ingress-zones.yaml",
        "2.1hq.1eu-west!kasm.acme.io!Pinginx",
        &[],
    ),
    (
        "route-cert-manager.yaml",
        "2.1east.1west!kasm.apps.ocp.example.org!Pr!Rus-east.us-west!TCletsencrypt",
        // A Route with no route.tls is plain HTTP (templates/route.yaml), and without
        // nginxResolver the proxy looks for kube-system/kube-dns, absent on OpenShift.
        &[(Severity::Error, "route.tls"), (Severity::Error, "nginxResolver")],
    ),
    // templates/_helpers.tpl, kasm.securityContext: user 1000 unless isOpenshift.
    (
        "route-not-openshift.yaml",
        "2.1east.1west!kasm.apps.ocp.example.org!Pr",
        &[(Severity::Error, "isOpenshift")],
    ),
    // templates/route.yaml: port 8080 unless backendProtocol is https, so passthrough reaches
    // the proxy's plain-HTTP port.
    (
        "route-passthrough-http.yaml",
        "2.1east.1west!kasm.apps.ocp.example.org!Pr",
        &[(Severity::Error, "route.backendProtocol")],
    ),
    // Edge: the router's own certificate.
    (
        "route-edge.yaml",
        "2.1east.1west!kasm.apps.ocp.example.org!Pr",
        &[(Severity::Warning, "route.tls.termination")],
    ),
    (
        "gateway.yaml",
        // issuerKind not set: the chart's Certificate falls back to Issuer.
        "2.1default!kasm.example.net!Pgpublic-gw.gateways!Tcacme",
        &[],
    ),
    (
        "loadbalancer-zones.yaml",
        // proxyService.type not set is LoadBalancer, refused with kasmZones: the fix is an
        // Ingress, the planner's default publisher, so the link holds no publishing setting.
        "1.1zonea.1zoneb",
        &[(Severity::Error, "proxyService.type")],
    ),
    (
        "proxy-address.yaml",
        "1.1zonea.1zoneb",
        &[
            (Severity::Warning, "kasmZones[0].proxyAddress"),
            (Severity::Warning, "kasmZones[1].proxyAddress"),
            (Severity::Error, "proxyService.type"),
            (Severity::Error, "certificate.secretName"),
        ],
    ),
    (
        "custom-hostnames.yaml",
        // hq follows <zone>.<publicAddr>; branch and lab keep their own hostnames.
        "3.1hq.1branch.1lab!kasm.corp.example!H,vdi.branch.corp.example,lab-kasm.corp.example!Tscorp-tls",
        &[],
    ),
    (
        "collisions.yaml",
        "3.1~ZXVfd2VzdA.1eu-west!Heu-west-1.kasm.example.com,eu-west-2.kasm.example.com",
        // What is about the file first, then the chart's rules the topology breaks: eu_west is
        // no DNS label, and eu-west meets it in the chart's object names (kasm.zoneName).
        &[
            (Severity::Error, "kasmZones[1].primary"),
            (Severity::Error, "route.enabled"),
            (Severity::Error, "kasmZones[0].name"),
            (Severity::Error, "kasmZones[1].name"),
        ],
    ),
    (
        "not-a-hostname.yaml",
        "3.1hq.1lab!H,~TGFiX1pvbmUua2FzbS5leGFtcGxlLmNvbQ",
        &[(Severity::Error, "kasmZones[1].proxy_hostname")],
    ),
    (
        "anchors.yaml",
        // `enabled: yes` is true to Helm; the merge key brings allow_origin_domain, no zone key.
        "2.1hq.1dr!Pitraefik!R.eu-central",
        &[],
    ),
    (
        "comments.yaml",
        "2.1stage-a.1stage-b!kasm.staging.example.com!Pinginx!TCplatform-ca",
        &[(Severity::Warning, "chart version")],
    ),
    (
        "one-zone-entry.yaml",
        // One kasmZones entry: the plan's lone zone keeps its name.
        "1.1hq",
        &[(Severity::Warning, "kasmZones")],
    ),
    (
        "tls-route.yaml",
        // A TLSRoute is no publisher the planner plans: its fix is an Ingress.
        "1.1default",
        &[(Severity::Warning, "tlsRoute.enabled")],
    ),
    (
        "quoted-comments.yaml",
        "2.1hq.1dr!Pinginx!Tsold-tls",
        &[(Severity::Warning, "kasmZones[1].proxyAddress")],
    ),
    ("flow-zones.yaml", "1.1hq.1dr", &[]),
    (
        "no-final-newline.yaml",
        "3.1hq.1dr!H,other.example.org",
        &[],
    ),
    (
        "null-sections.yaml",
        "1.1hq.1dr",
        &[
            (Severity::Error, "ingress"),
            (Severity::Error, "route"),
            (Severity::Error, "proxyService.type"),
        ],
    ),
    ("merge-key-owned.yaml", "2.1hq.1dr!Pinginx", &[]),
    (
        "primary-second.yaml",
        // The zone marked primary comes first in the plan, whatever its place in the file.
        "3.1dc1.1dc2!kasm.example.com!H,dc2.example.org",
        &[(Severity::Warning, "useImageTags")],
    ),
];

#[test]
fn every_corpus_file_opens_as_the_chart_reads_it() {
    for (file, link, findings) in OPENS {
        let opened = open(&corpus(file)).unwrap_or_else(|error| panic!("{file}: {error}"));
        assert_eq!(
            opened.topology,
            decode(link).unwrap(),
            "{file}: opened as {}",
            encode(&opened.topology)
        );
        let found: Vec<(Severity, &str)> = opened
            .findings
            .iter()
            .map(|finding| (finding.severity, finding.key.as_str()))
            .collect();
        assert_eq!(found, findings.to_vec(), "{file}");
        for finding in &opened.findings {
            assert!(
                finding.source.contains("kasm-helm"),
                "{file}: {} names no source in Kasm's chart",
                finding.key
            );
            assert!(finding.message.len() > 40, "{file}: {}", finding.message);
        }
    }
}

/// A chart rule is judged once, by the engine: the file's finding for it is the page's finding
/// for the opened topology, word for word, placed at its key and line. What the plan keeps (a
/// name, a hostname) is marked in the plan; what the fix changes (a publisher) is not, and says
/// what the fix does.
#[test]
fn the_charts_rules_are_the_engines_placed_at_their_keys() {
    let page = |topology: &Topology| -> Vec<String> {
        topology.findings().into_iter().map(|f| f.message).collect()
    };
    // not-a-hostname.yaml: lab's proxy_hostname on line 12, after `proxy_hostname: `.
    let opened = open(&corpus("not-a-hostname.yaml")).unwrap();
    let [finding] = opened.findings.as_slice() else {
        panic!("{:?}", opened.findings)
    };
    assert!(finding.in_plan);
    assert_eq!(finding.key, "kasmZones[1].proxy_hostname");
    assert_eq!(finding.at.map(|at| (at.line, at.column)), Some((12, 21)));
    assert_eq!(
        page(&opened.topology),
        std::slice::from_ref(&finding.message)
    );
    assert!(finding.message.starts_with(
        "the hostname of lab, \u{201c}Lab_Zone.kasm.example.com\u{201d}, is not a DNS name"
    ));

    // collisions.yaml: both names stay in the plan, each at its own entry's name.
    let opened = open(&corpus("collisions.yaml")).unwrap();
    let placed: Vec<(&str, Option<usize>, bool)> = opened
        .findings
        .iter()
        .filter(|f| f.key.ends_with(".name"))
        .map(|f| (f.key.as_str(), f.at.map(|at| at.line), f.in_plan))
        .collect();
    assert_eq!(
        placed,
        [
            ("kasmZones[0].name", Some(11), true),
            ("kasmZones[1].name", Some(14), true)
        ]
    );
    let in_plan: Vec<String> = opened
        .findings
        .iter()
        .filter(|f| f.in_plan)
        .map(|f| f.message.clone())
        .collect();
    assert_eq!(in_plan, page(&opened.topology));

    // loadbalancer-zones.yaml: the fix publishes with an Ingress, so the page has nothing to
    // say; the file's finding is the engine's sentence and the fix.
    let opened = open(&corpus("loadbalancer-zones.yaml")).unwrap();
    let [finding] = opened.findings.as_slice() else {
        panic!("{:?}", opened.findings)
    };
    assert!(!finding.in_plan);
    assert!(page(&opened.topology).is_empty());
    assert!(finding.message.starts_with(
        "a LoadBalancer Service publishes one zone only and the chart refuses it together with kasmZones; with 2 zones choose Ingress or OpenShift Route; the planner's fix enables an Ingress"
    ));
    assert!(finding
        .source
        .contains("templates/proxy-service-external.yaml"));
}

/// Every other kind of chart rule lands at the key it is about, once.
#[test]
fn settings_names_and_regions_are_placed_at_their_keys() {
    let text = "publicAddr: Kasm.Example.com
proxyService:
  type: ClusterIP
ingress:
  enabled: true
  ingressClassName: Nginx Public
certificate:
  certManager:
    enabled: true
    issuerName: \"\"
kasmZones:
  - zone_name: hq
    proxy_hostname: hq.example.com
    region_name: \"us-east \"
  - name: \"yes\"
    proxy_hostname: dr.example.com
";
    let opened = open(text).unwrap();
    let placed: Vec<(&str, Option<usize>, bool)> = opened
        .findings
        .iter()
        .map(|f| (f.key.as_str(), f.at.map(|at| at.line), f.in_plan))
        .collect();
    assert_eq!(
        placed,
        [
            ("kasmZones[1].name", Some(15), true),
            ("publicAddr", Some(1), true),
            ("ingress.ingressClassName", Some(6), true),
            ("certificate.certManager.issuerName", Some(10), true),
            ("kasmZones[0].region_name", Some(14), true),
        ]
    );
    let page: Vec<String> = opened
        .topology
        .findings()
        .into_iter()
        .map(|f| f.message)
        .collect();
    let said: Vec<String> = opened.findings.iter().map(|f| f.message.clone()).collect();
    assert_eq!(said, page, "each said once, in the page's words");
    for finding in &opened.findings {
        assert!(finding.source.contains("kasm-helm"), "{}", finding.key);
    }
}

/// A lone kasmZones entry is planned as the chart's default zone, which keeps no hostname: a
/// hostname in it that is no DNS name is the file's own fault, said by the reader.
#[test]
fn a_lone_zones_hostname_is_checked_in_the_file() {
    let text = "publicAddr: kasm.example.com
proxyService:
  type: ClusterIP
ingress:
  enabled: true
certificate:
  secretName: kasm-tls
kasmZones:
  - name: hq
    proxy_hostname: Bad_Host!
";
    let opened = open(text).unwrap();
    let found: Vec<(Severity, &str, Option<usize>, bool)> = opened
        .findings
        .iter()
        .map(|f| {
            (
                f.severity,
                f.key.as_str(),
                f.at.map(|at| at.line),
                f.in_plan,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (Severity::Warning, "kasmZones", Some(9), false),
            (
                Severity::Error,
                "kasmZones[0].proxy_hostname",
                Some(10),
                false
            ),
        ]
    );
    assert!(opened.findings[1]
        .message
        .contains("\u{201c}Bad_Host!\u{201d}, is not a DNS name"));
    assert!(opened.topology.findings().is_empty());
}

/// Files and texts that are not kasm-helm values: refused with where and why.
#[test]
fn bad_input_is_refused_with_its_place_and_changes_nothing() {
    let five_megabytes = format!("publicAddr: kasm.example.com\n# {}\n", "x".repeat(5 << 20));
    let cases: [(String, Option<(usize, usize)>, &str); 9] = [
        (corpus("not-yaml.yaml"), Some((5, 9)), "not valid YAML"),
        // `helm create`'s scaffold has `ingress` and `affinity`, but nothing of Kasm's.
        (corpus("helm-create.yaml"), Some((2, 1)), "another chart"),
        (
            corpus("billion-laughs.yaml"),
            Some((6, 8)),
            "billion laughs",
        ),
        (corpus("another-chart.yaml"), Some((2, 1)), "another chart"),
        (corpus("planner-topology.json"), Some((1, 1)), "Import JSON"),
        (five_megabytes, None, "bytes, more than any values file"),
        ("   \n".to_owned(), None, "nothing to open"),
        ("- a\n- b\n".to_owned(), Some((1, 1)), "a list"),
        (
            "publicAddr: a.example\nkasmZones:\n  - proxy_hostname: x.example\n".to_owned(),
            Some((3, 5)),
            "has no name",
        ),
    ];
    for (text, at, message) in cases {
        let error = open(&text).expect_err(message);
        assert_eq!(
            error.at.map(|at| (at.line, at.column)),
            at,
            "{message}: {error}"
        );
        assert!(error.to_string().contains(message), "{error}");
        // The fix refuses the same text the same way.
        assert!(fix(&text, &Topology::default()).is_err());
    }
}

/// Every values file the planner writes opens to the topology it was written for (all but the
/// session types and Dedicated Proxy choices, which values files do not hold), with no finding,
/// and fixing it changes nothing.
#[test]
fn golden_values_files_open_to_their_topology_and_need_no_fix() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut count = 0;
    for entry in fs::read_dir(&golden).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(scenario) = name.strip_suffix(".values.yaml") else {
            continue;
        };
        let text = fs::read_to_string(&path).unwrap();
        let planned = json::import(
            &fs::read_to_string(golden.join(format!("{scenario}.topology.json"))).unwrap(),
        )
        .unwrap();
        let opened = open(&text).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(opened.findings.is_empty(), "{name}: {:?}", opened.findings);
        let mut expected = planned.clone();
        for (zone, opened_zone) in expected.zones.iter_mut().zip(&opened.topology.zones) {
            zone.container_sessions = opened_zone.container_sessions;
            zone.rdp_vnc_sessions = opened_zone.rdp_vnc_sessions;
            zone.dedicated_proxy = opened_zone.dedicated_proxy;
            // Peaks are not in a values file; the size they give is, as deploymentSize.
            zone.peak_container_sessions = None;
            zone.peak_rdp_vnc_sessions = None;
        }
        expected.capacity = Capacity {
            size: planned
                .size_choice()
                .map(|choice| choice.size())
                .filter(|size| *size != DeploymentSize::Small),
            ..Capacity::default()
        };
        assert_eq!(opened.topology, expected, "{name}");
        let fixed = fix(&text, &planned).unwrap();
        assert_eq!(fixed.text, text, "{name}");
        assert!(fixed.diff.is_empty() && fixed.changed.is_empty(), "{name}");
        count += 1;
    }
    assert!(count >= 10, "only {count} golden values files");
}

/// The planner's keys, as dotted paths, with `kasmZones` whole.
const PLANNER_KEYS: [&str; 20] = [
    "publicAddr",
    "isOpenshift",
    "nginxResolver",
    "route.backendProtocol",
    "route.tls",
    "tlsRoute.enabled",
    "proxyService.type",
    "ingress.enabled",
    "ingress.ingressClassName",
    "route.enabled",
    "httpRoute.enabled",
    "httpRoute.parentRefs",
    "certificate.secretName",
    "certificate.certManager.enabled",
    "certificate.certManager.issuerName",
    "certificate.certManager.issuerKind",
    "certificate.certManager.addWildCard",
    "database.storage.retentionPolicy.whenDeleted",
    "kasmConfig.generatePreseed",
    "kasmZones",
];

fn get<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |node, key| node.get(key))
}

/// Every leaf that is not a planner key, by path, as serde_yaml reads it.
fn other_keys(value: &Value, path: &str, out: &mut BTreeMap<String, Value>) {
    // A planner key, or a section of them given as null (which the fix fills in, or writes as
    // `{}` to give the chart's defaults back).
    let section_of_planner_keys = PLANNER_KEYS
        .iter()
        .any(|key| key.starts_with(&format!("{path}.")));
    let empty = value.is_null()
        || value
            .as_mapping()
            .is_some_and(serde_yaml::Mapping::is_empty);
    if PLANNER_KEYS.contains(&path) || (empty && section_of_planner_keys) {
        return;
    }
    match value {
        Value::Mapping(mapping) if !mapping.is_empty() => {
            for (key, value) in mapping {
                let key = key.as_str().unwrap_or("?");
                let path = if path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{path}.{key}")
                };
                other_keys(value, &path, out);
            }
        }
        _ => {
            out.insert(path.to_owned(), value.clone());
        }
    }
}

/// What Helm would see for a planner key: YAML 1.1 booleans (`yes`) as booleans.
fn helm_value(value: Option<&Value>) -> Option<Value> {
    match value {
        Some(Value::String(text)) if matches!(text.as_str(), "yes" | "on") => {
            Some(Value::Bool(true))
        }
        other => other.cloned(),
    }
}

/// A zone's planner keys, as the chart reads them.
fn zone_keys(zone: &Value) -> (Option<Value>, Option<Value>, bool, Option<Value>) {
    let hostname = zone
        .get("proxy_hostname")
        .or_else(|| zone.get("proxyAddress"))
        .cloned();
    let primary = zone.get("primary").and_then(Value::as_bool) == Some(true);
    let region = zone
        .get("region_name")
        .cloned()
        .filter(|region| region.as_str() != Some(""));
    (zone.get("name").cloned(), hostname, primary, region)
}

fn check_fix(file: &str, text: &str, topology: &Topology) {
    let fixed = fix(text, topology).unwrap_or_else(|error| panic!("{file}: {error}"));
    // Read as Helm reads them: merge keys (`<<: *defaults`) applied.
    let mut original: Value = serde_yaml::from_str(text).unwrap();
    original.apply_merge().unwrap();
    let mut merged: Value = serde_yaml::from_str(&fixed.text)
        .unwrap_or_else(|error| panic!("{file}: the fixed file is not YAML: {error}"));
    merged.apply_merge().unwrap();
    let ours: Value = serde_yaml::from_str(&render(Format::HelmValues, topology).unwrap()).unwrap();
    // The planner's keys are the planner's, as its own values file has them.
    for key in PLANNER_KEYS {
        if key == "kasmZones" {
            continue;
        }
        if let Some(value) = get(&ours, key) {
            assert_eq!(
                helm_value(get(&merged, key)),
                Some(value.clone()),
                "{file}: {key}"
            );
        }
    }
    let zones = |value: &Value| -> Vec<_> {
        get(value, "kasmZones")
            .and_then(Value::as_sequence)
            .map(|zones| zones.iter().map(zone_keys).collect())
            .unwrap_or_default()
    };
    assert_eq!(zones(&merged), zones(&ours), "{file}: kasmZones");
    // Everything else is as the user wrote it.
    let (mut before, mut after) = (BTreeMap::new(), BTreeMap::new());
    other_keys(&original, "", &mut before);
    other_keys(&merged, "", &mut after);
    assert_eq!(
        after, before,
        "{file}: keys the planner does not own changed"
    );
    // A zone's other keys stay with their zone.
    if let (Some(old), Some(new)) = (
        get(&original, "kasmZones").and_then(Value::as_sequence),
        get(&merged, "kasmZones").and_then(Value::as_sequence),
    ) {
        for zone in old {
            let Some(same) = new
                .iter()
                .find(|candidate| candidate.get("name") == zone.get("name"))
            else {
                continue;
            };
            for (key, value) in zone.as_mapping().unwrap() {
                let key = key.as_str().unwrap();
                if ![
                    "name",
                    "proxy_hostname",
                    "proxyAddress",
                    "primary",
                    "region_name",
                ]
                .contains(&key)
                {
                    assert_eq!(same.get(key), Some(value), "{file}: zone key {key}");
                }
            }
        }
    }
    // Every comment line stays.
    for line in text
        .lines()
        .filter(|line| line.trim_start().starts_with('#'))
    {
        assert!(
            fixed.text.contains(line),
            "{file}: lost the comment {line:?}"
        );
    }
    // The diff is a real unified diff from the original to the fixed file.
    if fixed.diff.is_empty() {
        assert_eq!(fixed.text, text, "{file}");
    } else {
        let patch = diffy::Patch::from_str(&fixed.diff).unwrap_or_else(|error| {
            panic!("{file}: the diff does not parse: {error}\n{}", fixed.diff)
        });
        assert_eq!(
            diffy::apply(text, &patch)
                .unwrap_or_else(|error| panic!("{file}: {error}\n{}", fixed.diff)),
            fixed.text,
            "{file}"
        );
    }
    // Fixing the fixed file changes nothing more, and it opens with no error.
    let again = fix(&fixed.text, topology).unwrap();
    assert_eq!(again.text, fixed.text, "{file}: a second fix changed it");
    let reopened = open(&fixed.text).unwrap();
    assert!(
        reopened
            .findings
            .iter()
            .all(|finding| finding.severity == Severity::Warning),
        "{file}: {:?}",
        reopened.findings
    );
}

#[test]
fn fix_and_export_changes_only_the_planners_keys() {
    for (file, _, _) in OPENS {
        let text = corpus(file);
        let topology = open(&text).unwrap().topology;
        if topology.has_errors() {
            // Names the chart would misread: the planner writes no values until they change.
            assert!(fix(&text, &topology).is_err(), "{file}");
            continue;
        }
        if file == "flow-zones.yaml" {
            // Inline zones holding keys the planner does not own: refused with the place,
            // rather than lost.
            let refused = fix(&text, &topology).unwrap_err().to_string();
            assert!(
                refused.starts_with("line 6, column 76: kasmZones is written inline"),
                "{refused}"
            );
            assert!(refused.contains("upstream_auth_address"), "{refused}");
            continue;
        }
        check_fix(file, &text, &topology);
    }
    // Values a merge key already brings need no override.
    let text = corpus("merge-key-owned.yaml");
    let fixed = fix(&text, &open(&text).unwrap().topology).unwrap();
    assert!(
        !fixed.changed.iter().any(|key| key.starts_with("ingress")),
        "{:?}",
        fixed.changed
    );
}

/// A value's comment, its quoting of other keys and its block scalars survive an edit.
#[test]
fn edits_keep_comments_after_values_and_replace_block_scalars_whole() {
    let text = corpus("quoted-comments.yaml");
    let mut topology = open(&text).unwrap().topology;
    topology.tls = kasm_topology_planner::engine::Tls::Secret {
        name: "new-tls".to_owned(),
    };
    let fixed = fix(&text, &topology).unwrap();
    assert!(
        fixed
            .text
            .contains("  secretName: \"new-tls\" # rotated yearly\n"),
        "{}",
        fixed.text
    );
    assert!(fixed
        .text
        .contains("publicAddr: kasm.example.com # the address\n"));
    check_fix("quoted-comments.yaml (new secret)", &text, &topology);
    // `secretName: >-` over two lines: replaced from its `>-`, read back as the new name.
    let text = corpus("anchors.yaml");
    let mut topology = open(&text).unwrap().topology;
    for tls in [
        kasm_topology_planner::engine::Tls::Secret {
            name: "other-tls".to_owned(),
        },
        kasm_topology_planner::engine::Tls::CertManager {
            issuer: "acme".to_owned(),
            issuer_kind: kasm_topology_planner::engine::IssuerKind::ClusterIssuer,
        },
    ] {
        topology.tls = tls;
        let fixed = fix(&text, &topology).unwrap();
        let value: Value = serde_yaml::from_str(&fixed.text).unwrap();
        let expected = match &topology.tls {
            kasm_topology_planner::engine::Tls::Secret { name } => name.as_str(),
            kasm_topology_planner::engine::Tls::CertManager { .. } => "",
        };
        assert_eq!(
            get(&value, "certificate.secretName").and_then(Value::as_str),
            Some(expected),
            "{}",
            fixed.text
        );
        assert!(fixed
            .text
            .contains("  config: |\n    # a literal block, not a comment of the file\n"));
    }
}

/// Line endings, a byte-order mark and a missing last line break are the file's, and stay.
#[test]
fn crlf_a_byte_order_mark_and_no_last_line_break_stay_as_they_were() {
    let plain = corpus("proxy-address.yaml");
    let topology = open(&plain).unwrap().topology;
    let crlf = plain.replace('\n', "\r\n");
    let fixed = fix(&crlf, &topology).unwrap();
    assert!(
        !fixed.text.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
    assert_eq!(
        fixed.text.replace("\r\n", "\n"),
        fix(&plain, &topology).unwrap().text
    );
    let bom = format!("\u{feff}{plain}");
    let fixed = fix(&bom, &topology).unwrap();
    assert!(fixed.text.starts_with('\u{feff}'));
    let patch = diffy::Patch::from_str(&fixed.diff).unwrap();
    assert_eq!(diffy::apply(&bom, &patch).unwrap(), fixed.text);
    let text = corpus("no-final-newline.yaml");
    let mut topology = open(&text).unwrap().topology;
    topology.zones[1].region = "eu".to_owned();
    check_fix("no-final-newline.yaml (a region)", &text, &topology);
    let fixed = fix(&text, &topology).unwrap();
    assert!(fixed
        .text
        .contains("    proxy_hostname: other.example.org\n    region_name: \"eu\"\n"));
    assert!(!fixed.text.contains("\n\n"), "no blank line appears");
}

#[test]
fn a_plan_edited_after_opening_merges_into_the_users_file() {
    let text = corpus("custom-hostnames.yaml");
    let mut topology = open(&text).unwrap().topology;
    // Another zone, a region, an OpenShift Route, the lab zone back at lab.<publicAddr>,
    // and hq and branch swapped (branch becomes primary).
    topology
        .zones
        .push(kasm_topology_planner::engine::Zone::new("dr", true, false).with_region("eu"));
    topology.zones[2].hostname.clear();
    topology.zones.swap(0, 1);
    topology.publishing = kasm_topology_planner::engine::Publishing::Route;
    check_fix("custom-hostnames.yaml (edited)", &text, &topology);
    let fixed = fix(&text, &topology).unwrap();
    assert!(fixed
        .text
        .contains("upstream_auth_address: auth.branch.corp.example"));
    assert!(fixed.changed.contains(&"kasmZones".to_owned()));
    assert!(fixed
        .diff
        .starts_with("--- my-values.yaml\n+++ my-values.yaml (fixed)\n@@ "));
}

#[test]
fn a_single_zone_file_grown_to_several_zones_gets_kasm_zones() {
    let text = corpus("single-zone.yaml");
    let mut topology = open(&text).unwrap().topology;
    topology.zones[0].name = "hq".to_owned();
    topology
        .zones
        .push(kasm_topology_planner::engine::Zone::new(
            "eu-west", true, false,
        ));
    // The LoadBalancer cannot serve two zones: the operator chooses an Ingress.
    topology.publishing = kasm_topology_planner::engine::Publishing::default();
    check_fix("single-zone.yaml (grown)", &text, &topology);
}

/// Files that once came out wrong, each with the plan it is fixed for: the fixed file must read
/// back as that plan with every other key kept (`check_fix`), or be refused with a place.
#[test]
fn tricky_files_merge_right_or_are_refused_with_their_place() {
    use kasm_topology_planner::engine::{IssuerKind, Publishing, Tls};
    let cert_manager = |topology: &mut Topology| {
        topology.tls = Tls::CertManager {
            issuer: "le".to_owned(),
            issuer_kind: IssuerKind::ClusterIssuer,
        };
    };
    let swap = |topology: &mut Topology| topology.zones.swap(0, 1);
    let nothing = |_: &mut Topology| {};
    let merged: [(&str, &str, &dyn Fn(&mut Topology)); 9] = [
        (
            // An anchored, quoted value; an `&` further on must not end it.
            "anchored quoted value",
            "proxyService:\n  type: &svc \"LoadBalancer\"\nupstreamAuth:\n  enabled: true\nextraContainers:\n  - command:\n      - |\n        run-agent &\ncertificate:\n  secretName: tls\n",
            &|t: &mut Topology| t.publishing = Publishing::default(),
        ),
        (
            // A quoted "true" is true to the chart: it must not stay on a zone no longer primary.
            "quoted primary",
            "publicAddr: k.example.com\nproxyService:\n  type: ClusterIP\ningress:\n  enabled: true\ncertificate:\n  secretName: tls\nkasmZones:\n  - name: a\n    proxy_hostname: a.k.example.com\n    primary: \"true\"\n  - name: b\n    proxy_hostname: b.k.example.com\n",
            &swap,
        ),
        (
            // A key added inside the last section goes before a section added after it.
            "insertions at the end",
            "publicAddr: kasm.example.com\ncertificate:\n  secretName: tls\n",
            &cert_manager,
        ),
        (
            "an empty value",
            "publicAddr:\nproxyService:\n  type: LoadBalancer\ncertificate:\n  secretName:\n",
            &nothing,
        ),
        (
            "a null certificate, fixed for cert-manager",
            "publicAddr: kasm.example.com\nproxyService:\n  type: LoadBalancer\ncertificate:\ndatabase:\n  storage:\n    retentionPolicy:\n      whenDeleted: Retain\n",
            &cert_manager,
        ),
        (
            "block scalars in a zone",
            "publicAddr: k.example.com\nproxyService:\n  type: ClusterIP\ningress:\n  enabled: true\ncertificate:\n  secretName: tls\nkasmZones:\n  - name: a\n    proxyAddress: >-\n      a.k.example.com\n    region_name: |-\n      eu\n  - name: b\n    proxy_hostname: b.k.example.com\n",
            &nothing,
        ),
        (
            "a dash with a comment",
            "publicAddr: k.example.com\nproxyService:\n  type: ClusterIP\ningress:\n  enabled: true\ncertificate:\n  secretName: tls\nkasmZones:\n  - # the first\n    name: a\n    proxy_hostname: a.k.example.com\n  - name: b\n    proxy_hostname: b.k.example.com\n",
            &swap,
        ),
        (
            // Empty names and hostnames count as not given, as sprig's `default` takes them.
            "empty strings",
            "publicAddr: k.example.com\nproxyService:\n  type: ClusterIP\ningress:\n  enabled: true\ncertificate:\n  secretName: tls\nkasmZones:\n  - name: \"\"\n    zone_name: a\n    proxy_hostname: a.k.example.com\n  - name: b\n    proxy_hostname: \"\"\n    proxyAddress: b2.example.org\n",
            &nothing,
        ),
        (
            "anchored zones that need nothing",
            "publicAddr: k.example.com\nproxyService:\n  type: ClusterIP\ningress:\n  enabled: true\ncertificate:\n  secretName: tls\nkasmZones:\n  - &hq\n    name: a\n    proxy_hostname: a.k.example.com\n    primary: true\n  - name: b\n    proxy_hostname: b.k.example.com\nextraLabels:\n  zone: *hq\n",
            &nothing,
        ),
    ];
    for (what, text, plan) in merged {
        let mut topology = open(text)
            .unwrap_or_else(|error| panic!("{what}: {error}"))
            .topology;
        plan(&mut topology);
        check_fix(what, text, &topology);
    }
    let empty = open("publicAddr: k.example.com\nkasmZones:\n  - name: \"\"\n    zone_name: a\n    proxy_hostname: a.k.example.com\n  - name: b\n    proxy_hostname: \"\"\n    proxyAddress: b2.example.org\n").unwrap();
    assert_eq!(
        empty.topology.zones[1].hostname, "b2.example.org",
        "an empty proxy_hostname gives way to proxyAddress"
    );
    assert_eq!(empty.topology.zones[0].name, "a");

    let refused: [(&str, &str, &dyn Fn(&mut Topology), (usize, usize), &str); 4] = [
        (
            // Merge keys are shallow: writing a key under a mapping one brings drops the rest.
            "a section a merge key brings",
            "x-db: &db\n  storage:\n    size: 50Gi\npublicAddr: k.example.com\nproxyService:\n  type: LoadBalancer\ncertificate:\n  secretName: tls\ndatabase:\n  <<: *db\n",
            &nothing,
            (3, 5),
            "comes from a merge key",
        ),
        (
            "a renamed zone that holds a key the planner does not write",
            "publicAddr: k.example.com\nproxyService:\n  type: ClusterIP\ningress:\n  enabled: true\ncertificate:\n  secretName: tls\nkasmZones:\n  - name: a\n    proxy_hostname: a.k.example.com\n  - name: b\n    proxy_hostname: b.k.example.com\n    upstream_auth_address: auth.example.org\n",
            &|t: &mut Topology| t.zones[1].name = "c".to_owned(),
            (13, 5),
            "zone b is not in the plan",
        ),
        (
            "one zone left, the other's key would be lost",
            "publicAddr: k.example.com\nproxyService:\n  type: ClusterIP\ningress:\n  enabled: true\ncertificate:\n  secretName: tls\nkasmZones:\n  - name: a\n    proxy_hostname: a.k.example.com\n    allow_origin_domain: example.org\n  - name: b\n    proxy_hostname: b.k.example.com\n",
            &|t: &mut Topology| {
                t.zones.remove(1);
            },
            (11, 5),
            "the plan has one zone",
        ),
        (
            "an alias shared by another key",
            "publicAddr: &pa k.example.com\nproxyService:\n  type: LoadBalancer\ncertificate:\n  secretName: tls\nextraLabels:\n  addr: *pa\n",
            &|t: &mut Topology| t.base_domain = "other.example.com".to_owned(),
            (1, 13),
            "shared through a YAML anchor",
        ),
    ];
    for (what, text, plan, at, message) in refused {
        let mut topology = open(text)
            .unwrap_or_else(|error| panic!("{what}: {error}"))
            .topology;
        plan(&mut topology);
        let error = fix(text, &topology).expect_err(what);
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!("line {}, column {}: ", at.0, at.1)),
            "{what}: {shown}"
        );
        assert!(shown.contains(message), "{what}: {shown}");
    }
    // A lone carriage return would hide a line from the edits: refused where it stands.
    let lone = open("publicAddr: a.example\rproxyService:\n  type: ClusterIP\n").unwrap_err();
    assert_eq!(lone.at.map(|at| (at.line, at.column)), Some((1, 22)));
    // A route with no Gateway to attach to is a finding.
    let unattached = open("publicAddr: k.example.com\nproxyService:\n  type: ClusterIP\nhttpRoute:\n  enabled: true\ncertificate:\n  secretName: tls\n").unwrap();
    assert!(unattached
        .findings
        .iter()
        .any(|finding| finding.key == "httpRoute.parentRefs"));
}

/// "Check my values" reads what the file asks of the cluster: its `deploymentSize` becomes the
/// plan's chosen size, its `components.*` replicas and resources (and `database.resources`)
/// replace the presets, and what the chart refuses is said at its key. Figures worked by hand
/// from kasm-helm's presets (templates/_helpers.tpl), one zone at medium, requests:
/// - api: its resources map replaces the preset whole, and its one CPU is not a quantity, so
///   it counts 0m/0Mi (and is a warning at its key);
/// - manager 2 x 500m/512Mi = 1,000m/1,024Mi; proxy at 3 replicas = 1,500m/1,536Mi;
/// - guac 2 x (main 1500m/512Mi + sidecar overridden to 250m/128Mi) = 3,500m/1,280Mi;
/// - rdp-gateway at the 2 replicas written (an error at its key) x (1000m/512Mi + 500m/384Mi)
///   = 3,000m/1,792Mi; rdp-https-gateway 2 x the same = 3,000m/1,792Mi;
/// - database.resources gives limits only, 2 CPU and 4Gi, which Kubernetes takes as the
///   requests: 2,000m/4,096Mi.
///
/// Total: 14,000m; 11,520Mi.
#[test]
fn a_values_file_implies_its_reservation() {
    use kasm_topology_planner::engine::reservation::Amount;
    let text = "\
publicAddr: kasm.example.com
deploymentSize: medium
components:
  proxy:
    replicas: 3
  guac:
    replicas: 0
    nginxSidecar:
      resources:
        requests: { cpu: 250m, memory: 128Mi }
        limits: { cpu: 250m, memory: 128Mi }
  rdpGateway:
    replicas: 2
  api:
    resources:
      requests: { cpu: lots }
database:
  resources:
    limits: { cpu: '2', memory: 4Gi }
";
    let opened = open(text).unwrap();
    assert_eq!(opened.topology.capacity.size, Some(DeploymentSize::Medium));
    let keys: Vec<(&str, Severity)> = opened
        .findings
        .iter()
        .map(|f| (f.key.as_str(), f.severity))
        .collect();
    assert!(
        keys.contains(&("components.rdpGateway.replicas", Severity::Error)),
        "{keys:?}"
    );
    assert!(
        keys.contains(&("components.api.resources.requests.cpu", Severity::Warning)),
        "{keys:?}"
    );
    let reserved = opened
        .topology
        .reservation_with(DeploymentSize::Medium, &opened.overrides);
    assert_eq!(
        reserved.total.requests,
        Amount {
            millicores: 14_000,
            mebibytes: 11_520,
        }
    );

    // A size outside the schema's enum is an error at its key; small is the chart's default.
    let wrong = open("publicAddr: kasm.example.com\ndeploymentSize: huge\n").unwrap();
    let size = wrong
        .findings
        .iter()
        .find(|f| f.key == "deploymentSize")
        .unwrap();
    assert_eq!(size.severity, Severity::Error);
    assert_eq!(size.at.map(|at| at.line), Some(2));
    assert_eq!(wrong.topology.capacity.size, None);
    let small = open("publicAddr: kasm.example.com\ndeploymentSize: small\n").unwrap();
    assert_eq!(small.topology.capacity.size, None);

    // Guacamole turned off renders no Guacamole pod and no recordings volume; the database's
    // volume is its pvcSize. Small presets, one zone: 5,750m less Guacamole's 1,000m + 500m.
    let off = open("publicAddr: kasm.example.com\ncomponents:\n  guac:\n    enabled: false\ndatabase:\n  storage:\n    pvcSize: 20\n").unwrap();
    let reserved = off
        .topology
        .reservation_with(DeploymentSize::Small, &off.overrides);
    assert_eq!(reserved.total.requests.millicores, 4_250);
    assert_eq!(reserved.volume_gib, 20);
}
