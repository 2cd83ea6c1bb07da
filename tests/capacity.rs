//! The capacity table as an operator takes it away: the CSV read back by a real CSV parser, the
//! figures worked by hand from the kasm-helm 1.1190.7 presets (`templates/_helpers.tpl`,
//! `replicas.preset` and `resources.preset`) and Kasm's default workspace reservation (2 cores,
//! 2,768,000,000 bytes, kasm-install-wizard `index.js`), not from the planner's code.

#![allow(clippy::panic, clippy::unwrap_used)]

use kasm_topology_planner::engine::capacity::Shape;
use kasm_topology_planner::engine::{Topology, Zone};
use kasm_topology_planner::export::{render, Format};

/// Two zones, small (10 + 3 = 13 sessions, "Up to 10-15 sessions"), 6-core 16 GB hosts and one
/// spare: 6 / 2 = 3 sessions per Agent by CPU, 16 / 2.768 = 5 by memory, so CPU binds; hq needs
/// 10 / 3 = 3.3 -> 4 + 1 spare = 5 hosts, branch 3 / 3 = 1 + 1 = 2.
///
/// Requests at small: every zone's api, manager and proxy, 500m/512Mi each = 1,500m/1,536Mi.
/// hq (the primary zone, alone in its region) adds guac 1000m/512Mi + sidecar 500m/256Mi,
/// rdp-gateway and rdp-https-gateway 500m/512Mi + 500m/256Mi each, and the database
/// 750m/512Mi: 1,500 + 1,500 + 1,000 + 1,000 + 750 = 5,750m; 1,536 + 768 + 768 + 768 + 512 =
/// 4,352Mi (4.25 GiB). Limits: api and manager 500m/1Gi, proxy 500m/512Mi = 1,500m/2,560Mi;
/// hq: 2,560 + (1,024 + 256) + 768 + 768 + 512 = 5,888Mi (5.75 GiB).
#[test]
fn the_capacity_csv_reads_back_with_the_figures_worked_by_hand() {
    let mut topology = Topology::of(vec![
        Zone::new("hq", true, true),
        Zone::new("branch, east", true, false),
    ]);
    topology.zones[0].peak_container_sessions = Some(10);
    topology.zones[1].peak_container_sessions = Some(3);
    topology.capacity.host = Some(Shape {
        millicores: 6_000,
        bytes: 16_000_000_000,
    });
    topology.capacity.spares = 1;
    let text = render(Format::CapacityCsv, &topology).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "Zone",
            "Peak container sessions",
            "Peak RDP/VNC sessions",
            "Agent hosts",
            "Sessions per Agent",
            "Cluster requests",
            "Cluster limits",
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let expected = [
        [
            "hq",
            "10",
            "not given",
            "5 (1 spare)",
            "3 (CPU binds)",
            "5.75 CPU, 4.25 GiB",
            "5.75 CPU, 5.75 GiB",
        ],
        [
            "branch, east",
            "3",
            "not run",
            "2 (1 spare)",
            "3 (CPU binds)",
            "1.5 CPU, 1.5 GiB",
            "1.5 CPU, 2.5 GiB",
        ],
        [
            "Total",
            "13",
            "0",
            "7",
            "",
            "7.25 CPU, 5.75 GiB",
            "7.25 CPU, 8.25 GiB",
        ],
    ];
    assert_eq!(rows, expected.map(|row| row.map(str::to_owned).to_vec()));

    let markdown = render(Format::CapacityMarkdown, &topology).unwrap();
    assert!(markdown.contains(
        "- deploymentSize: small \u{2014} \u{201c}Up to 10-15 sessions\u{201d} (kasm-helm 1.1190.7 values.yaml); automatic, from 13 peak concurrent sessions"
    ));
    assert!(
        markdown.contains("<https://www.kasmweb.com/docs/latest/how_to/sizing_operations.html>")
    );
}

/// Fifty zones at large (chosen), no regions: only the primary zone is in the primary region.
/// Per zone api, manager (3 x 500m/1Gi) and proxy (3 x 500m/512Mi) = 4,500m/7,680Mi; the
/// primary adds guac 3 x (2000m/1Gi + 1000m/512Mi), rdp-gateway 1 x (1500m/512Mi +
/// 1000m/512Mi), rdp-https-gateway 3 x the same and the database 4000m/8Gi = 23,000m/16,896Mi.
/// Total 248,000m (248 CPU) and 400,896Mi (391.5 GiB). Limits: api and manager 3 x 2Gi,
/// proxy 3 x 1Gi = 15,360Mi per zone (768,000Mi for 50); the primary adds guac 3 x (4Gi +
/// 512Mi), rdp-gateway 512Mi + 512Mi, rdp-https-gateway 3 x 1Gi and the database 8Gi = 26,112Mi:
/// 794,112Mi (775.5 GiB).
#[test]
fn fifty_zones_large_in_the_table() {
    let mut topology = Topology::of(
        (0..50)
            .map(|i| Zone::new(&format!("z{i}"), true, false))
            .collect(),
    );
    topology.capacity.size = Some(kasm_topology_planner::engine::capacity::DeploymentSize::Large);
    let text = render(Format::CapacityCsv, &topology).unwrap();
    let last = text.lines().last().unwrap();
    assert_eq!(
        last,
        "Total,0,0,0,,\"248 CPU, 391.5 GiB\",\"248 CPU, 775.5 GiB\""
    );
}

/// "Check my values" says what a file asks of the cluster: one zone at medium with the proxy at
/// 3 replicas and Guacamole turned off. By hand: api and manager 2 x 500m/512Mi, proxy 3 x
/// 500m/512Mi, rdp-gateway 1000m/512Mi + 500m/384Mi, rdp-https-gateway 2 x the same, the
/// database 1500m/2Gi: 9,500m (9.5 CPU) and 8,320Mi (8.13 GiB); volumes: the database's 8 GiB.
#[test]
fn a_values_file_says_what_it_asks_of_the_cluster() {
    let opened = kasm_topology_planner::values::open(
        "publicAddr: kasm.example.com\ndeploymentSize: medium\ncomponents:\n  proxy:\n    replicas: 3\n  guac:\n    enabled: false\n",
    )
    .unwrap();
    let said =
        kasm_topology_planner::export::capacity::implied(&opened.topology, &opened.overrides);
    assert!(
        said.starts_with("What this file asks of the cluster, at deploymentSize medium, with its own replicas or resources for proxy, guac turned off: requests 9.5 CPU, 8.13 GiB,"),
        "{said}"
    );
    assert!(said.contains("volumes 8 GiB."), "{said}");
}

/// The capacity Markdown read by a CommonMark parser (with GFM tables): one table whose rows are
/// the zones and the totals, a zone name with Markdown's characters shown as typed, and the
/// sizing guide as a link.
#[test]
fn the_capacity_markdown_reads_back_as_a_table_and_a_link() {
    use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
    let mut topology = Topology::of(vec![
        Zone::new("hq", true, true),
        Zone::new("a|b*c", true, false),
    ]);
    topology.zones[0].peak_container_sessions = Some(4);
    let markdown = render(Format::CapacityMarkdown, &topology).unwrap();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut links = Vec::new();
    let mut in_cell = false;
    for event in Parser::new_ext(&markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableRow | Tag::TableHead) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => {
                in_cell = true;
                if let Some(row) = rows.last_mut() {
                    row.push(String::new());
                }
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::Text(text) if in_cell => {
                if let Some(cell) = rows.last_mut().and_then(|row| row.last_mut()) {
                    cell.push_str(&text);
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url,
                ..
            }) => links.push(dest_url.to_string()),
            _ => {}
        }
    }
    let names: Vec<&str> = rows.iter().map(|row| row[0].as_str()).collect();
    assert_eq!(names, ["Zone", "hq (primary zone)", "a|b*c", "Total"]);
    assert!(rows.iter().all(|row| row.len() == 7), "{rows:?}");
    assert_eq!(rows[1][3], "give the Agent host");
    // Limits at small, as in the CSV test above: 5.75 CPU, 5.75 GiB and 1.5 CPU, 2.5 GiB.
    assert_eq!(rows[3][6], "7.25 CPU, 8.25 GiB");
    assert_eq!(
        links,
        ["https://www.kasmweb.com/docs/latest/how_to/sizing_operations.html"]
    );
}
