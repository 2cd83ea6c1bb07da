//! The chart's region rule beside the seed's tables: kasm-helm 1.1190.7 deploys Guacamole and the
//! RDP gateways (the Connection Proxy) in every zone of the primary region, which the seed page
//! does not mention. Expected placements come from a reading of the chart's helper written here,
//! not from the engine; its words from `tests/fixtures/chart-regions.txt`.

// Test code: a panic here is a failed assertion with its reason.
#![allow(clippy::panic)]

use kasm_topology_planner::engine::{
    plan, rules::RULES, Placement, Role, Severity, Source, Topology, Zone,
};
use kasm_topology_planner::export::{render, Format};
use kasm_topology_planner::share::{decode, encode};

const CHART_WORDS: &str = include_str!("fixtures/chart-regions.txt");

/// `kasm.isInPrimaryRegion` as its comment states it: the primary zone, or a zone whose
/// non-empty region_name equals the primary zone's.
fn chart_in_primary_region(primary_region: &str, zone_index: usize, zone_region: &str) -> bool {
    zone_index == 0
        || (!primary_region.is_empty() && !zone_region.is_empty() && zone_region == primary_region)
}

const REGIONS: [&str; 3] = ["", "us-east", "eu-west"];

#[test]
fn every_region_combination_places_the_connection_proxy_as_the_chart_does() {
    for primary_region in REGIONS {
        for zone_region in REGIONS {
            for rdp in [false, true] {
                for containers in [false, true] {
                    let topology = Topology::of(vec![
                        Zone::new("hq", true, true).with_region(primary_region),
                        Zone::new("two", containers, rdp).with_region(zone_region),
                    ]);
                    let case =
                        format!("primary {primary_region:?}, zone {zone_region:?}, rdp {rdp}");
                    let planned = plan(&topology);
                    let proxy = planned.zones[1].role(Role::ConnectionProxy);
                    let in_region = chart_in_primary_region(primary_region, 1, zone_region);
                    let expected = match (in_region, rdp) {
                        (true, _) => Placement::Helm,
                        (false, true) => Placement::External,
                        (false, false) => Placement::NotNeeded,
                    };
                    assert_eq!(proxy.placement, expected, "{case}");
                    assert_eq!(proxy.source == Source::Chart, in_region, "{case}");
                    // Regions move nothing else: the other roles are the seed's answers.
                    let without = {
                        let mut plain = topology.clone();
                        plain.zones.iter_mut().for_each(|zone| zone.region.clear());
                        plan(&plain)
                    };
                    for role in [Role::App, Role::DedicatedProxy, Role::Agent] {
                        for zone in 0..2 {
                            assert_eq!(
                                planned.zones[zone].role(role),
                                without.zones[zone].role(role),
                                "{case} {role:?}"
                            );
                        }
                    }
                    assert_eq!(planned.zones[0], without.zones[0], "{case}: the primary");
                    // Where the seed and the chart disagree, one line says so, naming both.
                    let notes: Vec<String> = planned
                        .findings
                        .iter()
                        .filter(|f| {
                            f.severity == Severity::Warning && f.message.contains("kasm-helm")
                        })
                        .map(|f| f.message.clone())
                        .collect();
                    if in_region {
                        assert_eq!(notes.len(), 1, "{case}");
                        assert!(notes[0].contains("Kubernetes Deployment Options"));
                        assert!(notes[0].starts_with("for zones in the primary zone's region (two), the kasm-helm 1.1190.7 chart deploys the Connection Proxy"));
                    } else {
                        assert!(notes.is_empty(), "{case}: {notes:?}");
                    }
                }
            }
        }
    }
}

/// Regions are compared with the primary's only: two additional zones that share a region of
/// their own are both outside the primary region.
#[test]
fn zones_sharing_a_region_that_is_not_the_primarys_stay_outside_it() {
    let topology = Topology::of(vec![
        Zone::new("hq", true, true).with_region("us-east"),
        Zone::new("a", false, true).with_region("eu-west"),
        Zone::new("b", false, true).with_region("eu-west"),
        Zone::new("c", false, true),
    ]);
    let planned = plan(&topology);
    for zone in &planned.zones[1..] {
        assert_eq!(
            zone.role(Role::ConnectionProxy).placement,
            Placement::External,
            "{}",
            zone.name
        );
    }
    assert_eq!(planned.totals.connection_proxies, 3);
    assert_eq!(planned.totals.chart_connection_proxies, 0);
}

#[test]
fn the_chart_rows_quote_the_chart_word_for_word() {
    let chart_rows: Vec<_> = RULES.iter().filter(|rule| rule.source.is_chart()).collect();
    assert_eq!(chart_rows.len(), 2);
    let words: String = CHART_WORDS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.trim_start_matches("- "))
        .collect::<Vec<_>>()
        .join(" ");
    for rule in chart_rows {
        for piece in rule.reason.split(" \u{2026} ") {
            let piece = piece.trim_end_matches(" \u{2026}");
            assert!(words.contains(piece), "not the chart's words: {piece}");
        }
        assert_eq!(rule.role, Role::ConnectionProxy);
        assert_eq!(rule.placement, Placement::Helm);
    }
}

#[test]
fn a_zone_in_the_primary_region_leaves_the_checklist_and_joins_the_values() {
    let link = "2.3hq.2dmz.2branch.1lab!Rus-east.us-east.eu-west";
    let topology = decode(link).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decode(&encode(&topology)), Ok(topology.clone()));
    let planned = plan(&topology);
    assert_eq!(
        planned.totals.connection_proxies, 1,
        "only branch builds one"
    );
    assert_eq!(
        planned.totals.chart_connection_proxies, 1,
        "dmz gets the chart's"
    );
    let checklist = render(Format::Checklist, &topology).unwrap_or_else(|r| panic!("{r:?}"));
    let guac: Vec<&str> = checklist
        .lines()
        .filter(|line| line.contains("--role guac"))
        .collect();
    assert_eq!(guac.len(), 1, "{guac:?}");
    assert!(guac[0].ends_with("--server-zone branch"));
    assert!(checklist.contains(
        "a Connection Proxy for each of the 1 additional zone in the primary zone's region"
    ));
    let values: serde_yaml::Value =
        serde_yaml::from_str(&render(Format::HelmValues, &topology).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    let regions: Vec<Option<&str>> = values["kasmZones"]
        .as_sequence()
        .map(|zones| {
            zones
                .iter()
                .map(|z| z.get("region_name").and_then(|r| r.as_str()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        regions,
        [Some("us-east"), Some("us-east"), Some("eu-west"), None]
    );
}
