//! Engine figures for `scripts/bench`: time to plan 50 and 1,000 zones, and share-link lengths,
//! printed as one JSON object.

use std::hint::black_box;
use std::time::Instant;

use kasm_topology_planner::engine::{plan, Topology, Zone, MAX_NAME_BYTES, MAX_ZONES};
use kasm_topology_planner::share::encode;

fn zones(count: usize, name: impl Fn(usize) -> String) -> Topology {
    Topology::of(
        (0..count)
            .map(|i| Zone::new(&name(i), i % 2 == 0, i % 3 == 0).with_dedicated_proxy(i % 5 == 0))
            .collect(),
    )
}

/// Median, min and max microseconds per plan over `rounds` rounds of `per_round` plans.
fn time_plan(topology: &Topology, rounds: usize, per_round: usize) -> (f64, f64, f64) {
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_round {
                black_box(plan(black_box(topology)));
            }
            start.elapsed().as_secs_f64() * 1e6 / per_round as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    (
        samples[samples.len() / 2],
        samples[0],
        samples[samples.len() - 1],
    )
}

fn main() {
    let fifty = zones(50, |i| format!("zone-{i:02}"));
    let thousand = zones(1000, |i| format!("zone-{i:04}"));
    let ten = zones(10, |i| format!("zone-{i:03}"));
    let largest = {
        let mut t = zones(MAX_ZONES, |i| {
            let mut name = format!("{i:02}");
            while name.len() + 4 <= MAX_NAME_BYTES {
                name.push('\u{1f600}');
            }
            name
        });
        t.base_domain = format!("{}.{}", "\u{e9}".repeat(63), "a".repeat(126));
        t
    };
    let (p50, p50_min, p50_max) = time_plan(&fifty, 21, 200);
    let (p1000, p1000_min, p1000_max) = time_plan(&thousand, 21, 10);
    println!(
        "{{\"plan_us\":{{\"zones_50\":{{\"median\":{p50:.2},\"min\":{p50_min:.2},\"max\":{p50_max:.2}}},\"zones_1000\":{{\"median\":{p1000:.2},\"min\":{p1000_min:.2},\"max\":{p1000_max:.2}}}}},\"link_chars\":{{\"default\":{},\"zones_10\":{},\"largest\":{}}}}}",
        encode(&Topology::default()).len(),
        encode(&ten).len(),
        encode(&largest).len()
    );
}
