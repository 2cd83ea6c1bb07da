//! Properties of the plan over generated topologies: what must hold whatever the zones are.

// Test code: a panic here is a failed assertion with its reason.
#![allow(clippy::panic)]

use kasm_topology_planner::engine::{plan, Placement, Role, Topology, Zone, MAX_ZONES};

mod common;
use common::Lcg;

fn generate(seed: u64) -> Topology {
    let mut rng = Lcg(seed);
    let count = 1 + rng.below(MAX_ZONES);
    Topology::of(
        (0..count)
            .map(|i| {
                Zone::new(&format!("zone-{i}"), rng.flip(), rng.flip())
                    .with_dedicated_proxy(rng.flip())
            })
            .collect(),
    )
}

const CASES: u64 = 500;

#[test]
fn the_primary_gets_app_and_both_proxies_from_helm() {
    for seed in 0..CASES {
        let planned = plan(&generate(seed));
        let primary = &planned.zones[0];
        for role in [Role::App, Role::ConnectionProxy, Role::DedicatedProxy] {
            assert_eq!(primary.role(role).placement, Placement::Helm, "seed {seed}");
        }
    }
}

#[test]
fn no_additional_zone_gets_a_proxy_from_helm_but_every_zone_gets_its_app() {
    for seed in 0..CASES {
        let planned = plan(&generate(seed));
        for zone in &planned.zones {
            assert_eq!(
                zone.role(Role::App).placement,
                Placement::Helm,
                "seed {seed}"
            );
        }
        for zone in &planned.zones[1..] {
            for role in [Role::ConnectionProxy, Role::DedicatedProxy] {
                assert_ne!(zone.role(role).placement, Placement::Helm, "seed {seed}");
            }
        }
        assert_eq!(planned.totals.apps_in_cluster, planned.zones.len());
    }
}

#[test]
fn an_agent_is_external_exactly_when_the_zone_runs_container_sessions() {
    for seed in 0..CASES {
        let topology = generate(seed);
        let planned = plan(&topology);
        for (zone, zone_plan) in topology.zones.iter().zip(&planned.zones) {
            assert_eq!(
                zone_plan.role(Role::Agent).placement == Placement::External,
                zone.container_sessions,
                "seed {seed}"
            );
            assert_ne!(zone_plan.role(Role::Agent).placement, Placement::Helm);
        }
        let pools = topology
            .zones
            .iter()
            .filter(|z| z.container_sessions)
            .count();
        assert_eq!(planned.totals.agent_pools, pools, "seed {seed}");
    }
}

#[test]
fn reordering_changes_only_what_depends_on_the_primary() {
    for seed in 0..CASES {
        let topology = generate(seed);
        let mut rng = Lcg(seed ^ 0x5eed);
        let mut shuffled = topology.clone();
        for i in (1..shuffled.zones.len()).rev() {
            let j = rng.below(i + 1);
            shuffled.zones.swap(i, j);
        }
        let before = plan(&topology);
        let after = plan(&shuffled);
        for zone in &before.zones {
            let Some(moved) = after.zones.iter().find(|z| z.name == zone.name) else {
                panic!("zone {} lost in reordering", zone.name);
            };
            if zone.primary == moved.primary {
                assert_eq!(zone.roles, moved.roles, "seed {seed}, zone {}", zone.name);
                assert_eq!(zone.provision_summary(), moved.provision_summary());
            }
        }
        assert_eq!(before.totals.apps_in_cluster, after.totals.apps_in_cluster);
        assert_eq!(before.totals.agent_pools, after.totals.agent_pools);
    }
}

/// A zone's placements depend on its own answers and on whether it is the primary zone, never on
/// the other zones: each of 1,000 zones is placed as it would be alone beside a primary.
#[test]
fn a_zones_placements_depend_on_it_alone_even_among_many() {
    let many = Topology::of(
        (0..1000_usize)
            .map(|i| {
                Zone::new(&format!("z{i}"), i.is_multiple_of(2), i.is_multiple_of(3))
                    .with_dedicated_proxy(i.is_multiple_of(5))
            })
            .collect(),
    );
    let planned = plan(&many);
    assert_eq!(planned.zones.len(), 1000);
    for (index, zone) in many.zones.iter().enumerate().skip(1) {
        let alone = plan(&Topology::of(vec![
            Zone::new("first", false, false),
            zone.clone(),
        ]));
        assert_eq!(
            planned.zones[index].roles, alone.zones[1].roles,
            "zone {index}"
        );
    }
    let pools = many.zones.iter().filter(|z| z.container_sessions).count();
    assert_eq!(planned.totals.agent_pools, pools);
    assert!(many.has_errors(), "over the zone limit is reported");
}
