//! Exports, checked against golden files for the seed's scenarios and parsed back with real YAML,
//! CSV and JSON parsers; imports of malformed JSON are answered with a message.

// Test code: a panic here is a failed assertion with its reason.
#![allow(clippy::panic, clippy::unwrap_used)]

use std::path::PathBuf;

use kasm_topology_planner::engine::capacity::{Capacity, DeploymentSize, Shape};
use kasm_topology_planner::engine::{plan, Role, Topology, Zone, MAX_ZONES};
use kasm_topology_planner::export::json::{import, ImportError};
use kasm_topology_planner::export::{render, Format};
use kasm_topology_planner::share::decode;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::HelmValues => "values.yaml",
        Format::Checklist => "checklist.md",
        Format::TableMarkdown => "table.md",
        Format::TableCsv => "table.csv",
        Format::CapacityMarkdown => "capacity.md",
        Format::CapacityCsv => "capacity.csv",
        Format::Json => "topology.json",
    }
}

fn scenarios() -> Vec<(String, Topology)> {
    std::fs::read_to_string(golden_dir().join("scenarios.tsv"))
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (name, link) = line.split_once('\t').unwrap();
            (
                name.to_owned(),
                decode(link).unwrap_or_else(|e| panic!("{name}: {e}")),
            )
        })
        .collect()
}

fn scenario(name: &str) -> Topology {
    scenarios()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, topology)| topology)
        .unwrap()
}

#[test]
fn exports_match_their_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for (name, topology) in scenarios() {
        // A scenario whose deployment files are refused keeps the reasons as its golden.
        let refused_path = golden_dir().join(format!("{name}.refused.txt"));
        for format in Format::ALL {
            // The capacity tables are kept for the scenarios with capacity figures; their
            // figures are checked by hand-worked cases in tests/capacity.rs.
            let capacity_table = matches!(format, Format::CapacityMarkdown | Format::CapacityCsv);
            if capacity_table && !topology.has_capacity() {
                continue;
            }
            let path = golden_dir().join(format!("{name}.{}", extension(format)));
            let text = match render(format, &topology) {
                Ok(text) => {
                    if !format.allows_errors() && !update {
                        assert!(
                            !refused_path.exists(),
                            "{name}: {refused_path:?} is for an export now written"
                        );
                    }
                    text
                }
                Err(refused) => {
                    assert!(!format.allows_errors(), "{name} {format:?}: {refused:?}");
                    assert!(
                        !path.exists(),
                        "{name}: {path:?} is for an export now refused"
                    );
                    let reasons = refused.reasons.join("\n") + "\n";
                    if update {
                        std::fs::write(&refused_path, &reasons).unwrap();
                    }
                    let golden = std::fs::read_to_string(&refused_path).unwrap_or_else(|_| {
                        panic!("missing {refused_path:?}: run with UPDATE_GOLDEN=1")
                    });
                    assert_eq!(reasons, golden, "{name} {format:?} is refused otherwise");
                    continue;
                }
            };
            if update {
                std::fs::write(&path, &text).unwrap();
            }
            let golden = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("missing {path:?}: run with UPDATE_GOLDEN=1"));
            assert_eq!(text, golden, "{name} {format:?} differs from {path:?}");
        }
    }
}

fn yaml(topology: &Topology) -> serde_yaml::Value {
    serde_yaml::from_str(&render(Format::HelmValues, topology).unwrap()).unwrap()
}

#[test]
fn helm_values_have_the_chart_structure_for_one_two_and_ten_zones() {
    let one = yaml(&scenario("single"));
    assert_eq!(one["publicAddr"], "kasm.example.com");
    assert!(
        one.get("kasmZones").is_none(),
        "one zone: the chart's own default zone"
    );

    for (name, count) in [("default", 2), ("ten", 10)] {
        let topology = scenario(name);
        let values = yaml(&topology);
        assert_eq!(values["proxyService"]["type"], "ClusterIP", "{name}");
        let zones = values["kasmZones"].as_sequence().unwrap();
        assert_eq!(zones.len(), count, "{name}");
        for (index, (entry, zone)) in zones.iter().zip(&topology.zones).enumerate() {
            assert_eq!(entry["name"], zone.name.as_str());
            assert_eq!(
                entry["proxy_hostname"],
                format!("{}.{}", zone.name, topology.base_domain).as_str()
            );
            let primary = entry.get("primary").and_then(serde_yaml::Value::as_bool);
            assert_eq!(primary, (index == 0).then_some(true), "{name} zone {index}");
        }
    }
}

#[test]
fn csv_parses_back_to_the_table() {
    let mut topology = scenario("choosing");
    topology.zones.push(Zone::new("a, \"b\"\nc", true, true));
    topology.zones.push(Zone::new("=HYPERLINK(1)", false, true));
    let text = render(Format::TableCsv, &topology).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "Zone",
            "Primary",
            "App",
            "Connection Proxy",
            "Dedicated Proxy",
            "Agent"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let planned = plan(&topology);
    assert_eq!(rows.len(), planned.zones.len());
    for (row, zone) in rows.iter().zip(&planned.zones) {
        let name = zone
            .name
            .strip_prefix('=')
            .map_or(zone.name.clone(), |rest| format!("'={rest}"));
        assert_eq!(
            &row[0], name,
            "a formula-like name is defused with a leading quote"
        );
        assert_eq!(&row[1], if zone.primary { "yes" } else { "no" });
        for (i, role) in Role::ALL.iter().enumerate() {
            assert_eq!(row[2 + i], zone.role(*role).cell_text());
        }
    }
}

#[test]
fn markdown_table_has_a_row_per_zone() {
    let text = render(Format::TableMarkdown, &scenario("default")).unwrap();
    assert_eq!(
        text,
        "| Zone | App | Connection Proxy | Dedicated Proxy | Agent |\n| --- | --- | --- | --- | --- |\n\
         | primary (primary zone) | Helm | Helm | Helm | External |\n\
         | eu-west | Helm | Not needed | Optional | External |\n"
    );
}

#[test]
fn a_version_written_as_a_decimal_is_still_that_version() {
    let text = render(Format::Json, &scenario("default")).unwrap();
    for written in ["1.0", "2.0", "2e0", "1"] {
        let document = text.replacen("\"version\": 2", &format!("\"version\": {written}"), 1);
        assert_eq!(import(&document), Ok(scenario("default")), "{written}");
    }
}

#[test]
fn json_round_trips_every_scenario() {
    for (name, topology) in scenarios() {
        let text = render(Format::Json, &topology).unwrap();
        assert_eq!(import(&text), Ok(topology.clone()), "{name}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["format"], "kasm-topology-planner");
        assert_eq!(
            value["zones"].as_array().unwrap().len(),
            topology.zones.len()
        );
    }
}

/// A zone's own hostname is written as `hostname`, in a version-3 document (a planner that knows
/// no hostnames calls it newer); without one the document stays version 2, as before.
#[test]
fn zone_hostnames_make_a_version_3_document() {
    let mut topology = scenario("default");
    let plain: serde_json::Value =
        serde_json::from_str(&render(Format::Json, &topology).unwrap()).unwrap();
    assert_eq!(plain["version"], 2);
    assert!(plain["zones"][1].get("hostname").is_none());
    topology.zones[1].hostname = "vdi.eu.example.net".to_owned();
    let text = render(Format::Json, &topology).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], 3);
    assert_eq!(value["zones"][1]["hostname"], "vdi.eu.example.net");
    assert_eq!(import(&text), Ok(topology.clone()));
    // The values and the checklist reach the zone at its own hostname.
    let values = render(Format::HelmValues, &topology).unwrap();
    assert!(
        values.contains("proxy_hostname: \"vdi.eu.example.net\""),
        "{values}"
    );
    let checklist = render(Format::Checklist, &topology).unwrap();
    assert!(checklist.contains("`vdi.eu.example.net`"));
    // A wildcard of the base domain does not cover it, so the checklist offers none.
    assert!(!checklist.contains("a wildcard"), "{checklist}");
}

/// Capacity figures are written in a version-4 document, read back the same, and agree with
/// what serde writes of the topology (which the JavaScript API hands out): a document the API
/// gives imports as it is.
#[test]
fn capacity_figures_make_a_version_4_document() {
    let mut topology = scenario("default");
    topology.zones[0].peak_container_sessions = Some(40);
    topology.zones[1].peak_rdp_vnc_sessions = Some(0);
    topology.capacity = Capacity {
        host: Some(Shape {
            millicores: 8_000,
            bytes: 32_000_000_000,
        }),
        image: None,
        cores_override: Some(16_000),
        memory_override: None,
        spares: 2,
        size: Some(DeploymentSize::Large),
    };
    let text = render(Format::Json, &topology).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], 4);
    assert_eq!(value["zones"][0]["peak_container_sessions"], 40);
    assert_eq!(value["zones"][1]["peak_rdp_vnc_sessions"], 0);
    assert!(value["zones"][1].get("peak_container_sessions").is_none());
    assert_eq!(
        value["capacity"],
        serde_json::json!({
            "host": { "millicores": 8000, "bytes": 32000000000_u64 },
            "cores_override": 16000,
            "spares": 2,
            "size": "large"
        })
    );
    assert_eq!(import(&text), Ok(topology.clone()));
    let by_serde = serde_json::to_string(&topology).unwrap();
    assert_eq!(import(&by_serde), Ok(topology.clone()));
    // Without figures the document is the one it was before capacity existed.
    let plain = render(Format::Json, &scenario("default")).unwrap();
    assert!(!plain.contains("capacity") && !plain.contains("peak_"));
    let bad: &[(&str, &str)] = &[
        (
            r#""capacity": { "spares": -1 }"#,
            "capacity.spares must be a whole number from 0, not -1",
        ),
        (
            r#""capacity": { "spares": 1.5 }"#,
            "capacity.spares must be a whole number from 0, not 1.5",
        ),
        (
            r#""capacity": { "host": { "millicores": 8000 } }"#,
            "capacity.host needs \u{201c}bytes\u{201d}",
        ),
        (
            r#""capacity": { "host": 8 }"#,
            "capacity.host must be an object, not a number",
        ),
        (
            r#""capacity": { "size": "huge" }"#,
            "capacity.size must be small, medium or large, not \u{201c}huge\u{201d}",
        ),
        (
            r#""capacity": { "cpu": 1 }"#,
            "capacity has an unknown field \u{201c}cpu\u{201d}",
        ),
        (
            r#""capacity": { "cores_override": "16" }"#,
            "capacity.cores_override must be a whole number, not a string",
        ),
        (
            r#""capacity": { "memory_override": 1000000000000000001 }"#,
            "Memory Override is over the planner's limit",
        ),
        (
            r#""capacity": { "spares": 99999999999999999999999 }"#,
            "capacity.spares must be a whole number from 0",
        ),
    ];
    let zone =
        r#""zones": [{ "name": "a", "container_sessions": true, "rdp_vnc_sessions": false }]"#;
    for (member, message) in bad {
        let text = format!("{{ {member}, {zone} }}");
        let error = import(&text).expect_err(&text).to_string();
        assert!(error.contains(message), "{message}: got {error}");
    }
    let peak = r#"{ "zones": [{ "name": "a", "container_sessions": true, "rdp_vnc_sessions": false, "peak_container_sessions": 1000001 }] }"#;
    let error = import(peak).expect_err(peak).to_string();
    assert!(
        error.contains("peak of sessions in a zone is over the planner's limit"),
        "{error}"
    );
}

/// `deploymentSize` is written only for a topology with capacity figures: the chosen size, or the
/// automatic one from the deployment's peak (kasm-helm values.yaml L2-7 labels the sizes "Up to
/// 10-15", "Up to 25-30", "Up to 50+" sessions; the planner takes 15 and 30 as the lines), each
/// with the chart's words in a comment.
#[test]
fn capacity_figures_write_deployment_size() {
    let size_of = |topology: &Topology| {
        let text = render(Format::HelmValues, topology).unwrap();
        let key = yaml(topology)["deploymentSize"].as_str().map(str::to_owned);
        (key, text)
    };
    let (key, text) = size_of(&scenario("default"));
    assert_eq!(key, None, "no figures: the chart's default stays");
    assert!(!text.contains("deploymentSize"));
    // (container and RDP/VNC peaks of the primary zone) -> size and label
    let cases = [
        (
            Some(15),
            None,
            "small",
            "Up to 10-15 sessions",
            "15 concurrent sessions",
        ),
        (
            Some(10),
            Some(6),
            "medium",
            "Up to 25-30 sessions",
            "16 concurrent sessions",
        ),
        (
            Some(30),
            Some(0),
            "medium",
            "Up to 25-30 sessions",
            "30 concurrent sessions",
        ),
        (
            Some(31),
            None,
            "large",
            "Up to 50+ sessions",
            "31 concurrent sessions",
        ),
        (
            None,
            Some(1),
            "small",
            "Up to 10-15 sessions",
            "1 concurrent session at",
        ),
    ];
    for (container, rdp, size, label, peak) in cases {
        let mut topology = scenario("default");
        topology.zones[0].peak_container_sessions = container;
        topology.zones[0].peak_rdp_vnc_sessions = rdp;
        // A figure on a session type the zone does not run counts for nothing.
        topology.zones[1].peak_rdp_vnc_sessions = Some(40);
        let (key, text) = size_of(&topology);
        assert_eq!(key.as_deref(), Some(size), "{text}");
        assert!(
            text.contains(&format!("\"{label}\" in the chart's words")),
            "{text}"
        );
        assert!(text.contains(&format!("from {peak}")), "{text}");
    }
    // A chosen size wins over the peaks, and is said to be chosen.
    let mut topology = scenario("default");
    topology.zones[0].peak_container_sessions = Some(100);
    topology.capacity.size = Some(DeploymentSize::Small);
    let (key, text) = size_of(&topology);
    assert_eq!(key.as_deref(), Some("small"));
    assert!(text.contains("chosen in the planner"), "{text}");
}

/// The checklist says how many Agent hosts of which shape each zone needs, worked by hand here
/// from Kasm's admission accounting (a session reserves its image's cores and memory against
/// the Agent's, or its overrides): sessions per Agent = min(cores / image cores, memory / image
/// memory), each rounded down; Agents = peak / that, rounded up, plus spares.
#[test]
fn the_checklist_counts_agent_hosts() {
    let agent_line = |capacity: Capacity, peak: u64| {
        let mut topology = scenario("default");
        topology.zones[1].peak_container_sessions = Some(peak);
        topology.capacity = capacity;
        let checklist = render(Format::Checklist, &topology).unwrap();
        let section = checklist
            .split("## Zone eu-west")
            .nth(1)
            .unwrap_or_default()
            .split("\n## ")
            .next()
            .unwrap_or_default()
            .to_owned();
        section
            .lines()
            .filter(|line| line.contains("Agent host") || line.contains("Override"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let host = |cores: u64, gb: u64| Shape {
        millicores: cores * 1_000,
        bytes: gb * 1_000_000_000,
    };
    let sized = |h: Shape| Capacity {
        host: Some(h),
        ..Capacity::default()
    };
    // CPU binds: 8 cores / 2 = 4 sessions, 32 GB / 2.768 GB = 11; 40 / 4 = 10 hosts.
    let lines = agent_line(sized(host(8, 32)), 40);
    assert!(
        lines[0].contains("**10 Agent hosts** of 8 cores and 32 GB of memory for a peak of 40"),
        "{lines:?}"
    );
    assert!(
        lines[0].contains("each holds 4 sessions") && lines[0].contains("CPU runs out first"),
        "{lines:?}"
    );
    assert!(
        lines[0].contains("reserves 2 cores and 2768 MB"),
        "{lines:?}"
    );
    // Memory binds: 64 cores / 2 = 32, 16 GB / 2.768 GB = 5; 12 / 5 = 3 hosts, and 2 spares.
    let lines = agent_line(
        Capacity {
            spares: 2,
            ..sized(host(64, 16))
        },
        12,
    );
    assert!(
        lines[0].contains("**5 Agent hosts**") && lines[0].contains("and 2 spares"),
        "{lines:?}"
    );
    assert!(
        lines[0].contains("each holds 5 sessions") && lines[0].contains("memory runs out first"),
        "{lines:?}"
    );
    // A Cores Override of 16 on the 8-core host: 16 / 2 = 8, memory 11; 40 / 8 = 5 hosts.
    let lines = agent_line(
        Capacity {
            cores_override: Some(16_000),
            ..sized(host(8, 32))
        },
        40,
    );
    assert!(
        lines[0].contains("**5 Agent hosts**") && lines[0].contains("each holds 8 sessions"),
        "{lines:?}"
    );
    assert!(
        lines[1].contains("**Cores Override** 16") && !lines[1].contains("Memory Override"),
        "{lines:?}"
    );
    // Both resources at 2 sessions: CPU and memory run out together.
    let lines = agent_line(
        Capacity {
            image: Some(host(4, 16)),
            ..sized(host(8, 32))
        },
        3,
    );
    assert!(
        lines[0].contains("**2 Agent hosts**") && lines[0].contains("run out together"),
        "{lines:?}"
    );
    // An image larger than the host: not counted, with Kasm's own words.
    let lines = agent_line(
        Capacity {
            image: Some(host(16, 2)),
            ..sized(host(8, 32))
        },
        40,
    );
    assert!(
        lines[0].contains("not counted") && lines[0].contains("No Agent slots available"),
        "{lines:?}"
    );
    // No host given, or no peak: no line.
    assert!(agent_line(Capacity::default(), 40).is_empty());
}

/// Our writer against a general JSON library: what serde_json writes, we read, and the other way.
#[test]
fn json_agrees_with_serde_json() {
    let mut topology = scenario("ten");
    topology.zones[0].name = "q\"\\\u{0}\u{1f}\u{2028}\u{1f600}\n".to_owned();
    let ours = render(Format::Json, &topology).unwrap();
    let theirs: serde_json::Value = serde_json::from_str(&ours).unwrap();
    assert_eq!(theirs["zones"][0]["name"], topology.zones[0].name.as_str());
    let rewritten = serde_json::to_string(&theirs).unwrap();
    assert_eq!(import(&rewritten), Ok(topology.clone()));
    let pretty = serde_json::to_string_pretty(&serde_json::json!({
        "zones": topology.zones, "base_domain": topology.base_domain
    }))
    .unwrap();
    assert_eq!(import(&pretty), Ok(topology));
}

#[test]
fn malformed_imports_are_answered_with_a_message() {
    let too_many = format!(
        "{{\"zones\": [{}]}}",
        vec![
            "{\"name\":\"z\",\"container_sessions\":true,\"rdp_vnc_sessions\":false}";
            MAX_ZONES + 1
        ]
        .join(",")
    );
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "nothing to import"),
        ("{".into(), "this is not a planner topology: line 1, column 2: expected a field name"),
        ("[1, 2]".into(), "the document must be an object, not an array"),
        ("not json".into(), "line 1, column 1: expected a value"),
        ("{\"zones\": []}".into(), "it has no zones"),
        (
            "{\"zones\": [{\"name\": \"a\", \"container_sessions\": \"yes\", \"rdp_vnc_sessions\": false}]}".into(),
            "zone 1.container_sessions must be true or false, not a string",
        ),
        (
            "{\"zones\": [{\"name\": 7, \"container_sessions\": true, \"rdp_vnc_sessions\": false}]}".into(),
            "zone 1.name must be a string, not a number",
        ),
        (
            "{\"zones\": [{\"name\": \"a\", \"rdp_vnc_sessions\": false}]}".into(),
            "zone 1 needs \u{201c}container_sessions\u{201d}",
        ),
        ("{\"zones\": [], \"colour\": \"red\"}".into(), "unknown field \u{201c}colour\u{201d}"),
        ("{\"zones\": {}}".into(), "zones must be an array, not an object"),
        ("{\"format\": \"helm\", \"zones\": []}".into(), "of the format \u{201c}helm\u{201d}"),
        ("{\"version\": 9, \"zones\": []}".into(), "saved by a newer planner (version 9"),
        ("{\"version\": 1e400, \"zones\": []}".into(), "saved by a newer planner (version 1e400"),
        ("{\"version\": 1.5, \"zones\": []}".into(), "version must be a whole number from 1, not 1.5"),
        ("{\"version\": 0, \"zones\": []}".into(), "version must be a whole number from 1, not 0"),
        ("{\"version\": 1.2.3, \"zones\": []}".into(), "line 1, column 13: this number is not valid JSON"),
        ("{\"version\": \"1\", \"zones\": []}".into(), "version must be a number, not a string"),
        (too_many, "it has 51 zones"),
        (
            format!("{{\"zones\": [{{\"name\": \"{}\", \"container_sessions\": true, \"rdp_vnc_sessions\": true}}]}}", "n".repeat(64)),
            "name of 64 bytes",
        ),
        (" ".repeat(300_000), "far more than a topology"),
    ];
    for (text, message) in cases {
        let error = import(&text).expect_err(&text).to_string();
        assert!(error.contains(message), "{message}: got {error}");
    }
    assert!(matches!(
        import(&" ".repeat(300_000)),
        Err(ImportError::TooLarge(300_000))
    ));
}
