//! The seed's three tables and its note, asserted row by row against the engine.
//!
//! The rows come from `tests/fixtures/seed-tables.tsv`, a verbatim transcription of the Kasm
//! 1.19.0 page. The page itself stands beside the repository (`../shared/seed/`), and the fixture
//! and every reason the rules quote are checked against it word for word: a table row must be a
//! whole line of the page. CI has the page, so there (`CI` set) a missing page fails the test; a
//! clone without it checks the fixture alone and says so.

// Test code: a panic here is a failed assertion with its reason.
#![allow(clippy::panic)]

use kasm_topology_planner::engine::{plan, rules::RULES, Placement, Role, Topology, Zone};

const FIXTURE: &str = include_str!("fixtures/seed-tables.tsv");
const BOOLS: [bool; 2] = [false, true];

fn rows(table: &str) -> Vec<Vec<&'static str>> {
    FIXTURE
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter(|cells| cells[0] == table)
        .map(|cells| cells[1..].to_vec())
        .collect()
}

fn role_named(name: &str) -> Role {
    Role::ALL
        .into_iter()
        .find(|role| role.name() == name)
        .unwrap_or_else(|| panic!("no role named {name}"))
}

fn yes(cell: &str) -> bool {
    match cell {
        "Yes" => true,
        "No" => false,
        other => panic!("not Yes/No: {other}"),
    }
}

fn seed_page() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/kubernetes-deployment-options.txt"
    );
    let page = std::fs::read_to_string(path).ok();
    if page.is_none() && std::env::var_os("CI").is_some() {
        panic!("the seed page {path} is required in CI and is missing");
    }
    page
}

#[test]
fn fixture_has_every_row_of_the_three_tables() {
    assert_eq!(rows("single").len(), 4);
    assert_eq!(rows("multi").len(), 4);
    assert_eq!(rows("choosing").len(), 4);
}

#[test]
fn fixture_and_quoted_reasons_match_the_seed_page() {
    let Some(page) = seed_page() else {
        eprintln!("seed page not beside the repository; fixture checked on its own");
        return;
    };
    // The page's tables lost their cell borders in the text copy: a row is its cells run
    // together, on a line of its own.
    let lines: Vec<&str> = page.lines().map(str::trim_end).collect();
    for table in ["single", "multi", "choosing"] {
        for row in rows(table) {
            let joined = row.concat();
            assert!(
                lines.contains(&joined.as_str()),
                "{table} row is not a line of the seed: {joined}"
            );
        }
    }
    // The chart's own rows quote the chart, not the page (tests/regions.rs checks those).
    for rule in RULES.iter().filter(|rule| !rule.source.is_chart()) {
        assert!(
            page.contains(rule.reason),
            "reason not quoted verbatim: {}",
            rule.reason
        );
    }
    for role in Role::ALL {
        assert!(page.contains(&format!("Includes: {}", role.includes())));
    }
}

/// Single-zone table: for one zone, whatever its sessions, the chart deploys App, Connection
/// Proxy and Dedicated Proxy; the Agent is never in the chart and must be provisioned separately
/// when the zone runs container sessions.
#[test]
fn single_zone_table() {
    for row in rows("single") {
        let role = role_named(row[0]);
        let deployed_by_helm = yes(row[1]);
        assert_eq!(role.chart_note(), row[2], "notes column for {role:?}");
        for containers in BOOLS {
            for rdp in BOOLS {
                for dedicated in BOOLS {
                    let zone = Zone::new("only", containers, rdp).with_dedicated_proxy(dedicated);
                    let topology = Topology::of(vec![zone]);
                    let placed = plan(&topology).zones[0].role(role).placement;
                    assert_eq!(
                        placed == Placement::Helm,
                        deployed_by_helm,
                        "{role:?} c={containers} r={rdp}"
                    );
                    if !deployed_by_helm {
                        let expected = if containers {
                            Placement::External
                        } else {
                            Placement::NotNeeded
                        };
                        assert_eq!(placed, expected, "{role:?} c={containers}");
                    }
                }
            }
        }
    }
}

/// What a cell of the multi-zone table says about a zone with these sessions.
fn expected_from_multi_cell(cell: &str, containers: bool, rdp: bool, dedicated: bool) -> Placement {
    if cell.starts_with("Helm (in cluster") {
        return Placement::Helm;
    }
    let needed = match cell {
        // The primary-zone column says only "External" for the Agent; the note says when.
        "External" | "External — deploy if supporting container sessions" => containers,
        "External — deploy if supporting RDP/VNC" => rdp,
        "External — deploy for container session performance" => {
            return match (containers, dedicated) {
                (false, _) => Placement::NotNeeded,
                (true, true) => Placement::External,
                (true, false) => Placement::Optional,
            };
        }
        other => panic!("unknown multi-zone cell: {other}"),
    };
    if needed {
        Placement::External
    } else {
        Placement::NotNeeded
    }
}

/// Multi-zone table: every role, for the primary zone and for an additional zone, under every
/// combination of both zones' session types and Dedicated Proxy choices.
#[test]
fn multi_zone_table() {
    for row in rows("multi") {
        let role = role_named(row[0]);
        for (pc, pr, pd) in combinations() {
            for (ac, ar, ad) in combinations() {
                let topology = Topology::of(vec![
                    Zone::new("first", pc, pr).with_dedicated_proxy(pd),
                    Zone::new("second", ac, ar).with_dedicated_proxy(ad),
                    Zone::new("third", ac, ar).with_dedicated_proxy(ad),
                ]);
                let planned = plan(&topology);
                assert_eq!(
                    planned.zones[0].role(role).placement,
                    expected_from_multi_cell(row[1], pc, pr, pd),
                    "primary {role:?} c={pc} r={pr} d={pd}"
                );
                for additional in &planned.zones[1..] {
                    let placed = additional.role(role);
                    let expected = expected_from_multi_cell(row[2], ac, ar, ad);
                    assert_eq!(
                        placed.placement, expected,
                        "additional {role:?} c={ac} r={ar} d={ad}"
                    );
                    if placed.placement == Placement::External || role == Role::App {
                        assert_eq!(placed.reason, row[2], "the cell is the reason");
                    }
                }
            }
        }
    }
}

fn combinations() -> impl Iterator<Item = (bool, bool, bool)> {
    BOOLS.into_iter().flat_map(|c| {
        BOOLS
            .into_iter()
            .flat_map(move |r| BOOLS.into_iter().map(move |d| (c, r, d)))
    })
}

/// "Choosing What to Deploy": each row is the provisioning line of an additional zone with those
/// session types (no Dedicated Proxy chosen yet), word for word.
#[test]
fn choosing_what_to_deploy_table() {
    for row in rows("choosing") {
        let (containers, rdp) = (yes(row[0]), yes(row[1]));
        for primary_containers in BOOLS {
            let topology = Topology::of(vec![
                Zone::new("primary", primary_containers, true),
                Zone::new("extra", containers, rdp),
            ]);
            assert_eq!(
                plan(&topology).zones[1].provision_summary(),
                row[2],
                "c={containers} r={rdp}"
            );
        }
    }
}

/// The note: Agents in every zone with container sessions, the primary included; the Dedicated
/// Proxy optional, with traffic through the App role's built-in proxy without it.
#[test]
fn the_note() {
    let topology = Topology::of(vec![
        Zone::new("primary", true, false),
        Zone::new("near", true, false),
        Zone::new("far", true, false).with_dedicated_proxy(true),
    ]);
    let planned = plan(&topology);
    for zone in &planned.zones {
        assert_eq!(
            zone.role(Role::Agent).placement,
            Placement::External,
            "{}",
            zone.name
        );
    }
    assert_eq!(planned.zones[0].provision_summary(), "Agent");
    let near = planned.zones[1].role(Role::DedicatedProxy);
    assert_eq!(near.placement, Placement::Optional);
    assert!(near
        .reason
        .contains("routes through the App role's built-in proxy"));
    assert_eq!(
        planned.zones[2].role(Role::DedicatedProxy).placement,
        Placement::External
    );
    assert_eq!(
        planned.zones[2].provision_summary(),
        "Agent, Dedicated Proxy"
    );
    assert_eq!(planned.totals.agent_pools, 3);
    assert_eq!(planned.totals.dedicated_proxies, 1);
    assert_eq!(planned.totals.optional_dedicated_proxies, 1);
    assert_eq!(planned.totals.apps_in_cluster, 3);
}

#[test]
fn primary_chart_roles_without_their_sessions_are_marked_idle() {
    let topology = Topology::of(vec![Zone::new("primary", false, false)]);
    let planned = plan(&topology);
    let zone = &planned.zones[0];
    assert_eq!(
        zone.role(Role::ConnectionProxy).cell_text(),
        "Helm (idle: this zone runs no RDP/VNC sessions)"
    );
    assert_eq!(
        zone.role(Role::DedicatedProxy).cell_text(),
        "Helm (idle: this zone runs no container sessions)"
    );
    assert_eq!(zone.role(Role::App).cell_text(), "Helm");
    assert_eq!(zone.provision_summary(), "None");
}
