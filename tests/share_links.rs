//! Share links: golden links that must open forever, and properties of the codec over generated
//! topologies and arbitrary strings.

// Test code: a panic here is a failed assertion with its reason.
#![allow(clippy::panic)]

use kasm_topology_planner::engine::capacity::{DeploymentSize, Shape};
use kasm_topology_planner::engine::{
    plan, IssuerKind, Publishing, Role, Tls, Topology, Zone, MAX_NAME_BYTES, MAX_ZONES,
};
use kasm_topology_planner::share::{decode, encode, MAX_LINK_BYTES};

const GOLDEN: &str = include_str!("fixtures/golden-links.tsv");

struct Golden {
    link: &'static str,
    topology: Topology,
    table: Vec<Vec<&'static str>>,
}

fn golden() -> Vec<Golden> {
    GOLDEN
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let (link, domain, zones, table, settings) = match cells[..] {
                [link, domain, zones, table] => (link, domain, zones, table, ""),
                [link, domain, zones, table, settings] => (link, domain, zones, table, settings),
                _ => panic!("golden line has not four or five cells: {line}"),
            };
            let zones = zones
                .split(" | ")
                .map(|zone| {
                    let (flags, name) = zone.split_once(':').unwrap_or_else(|| panic!("{zone}"));
                    Zone::new(name, flags.contains('c'), flags.contains('r'))
                        .with_dedicated_proxy(flags.contains('d'))
                })
                .collect();
            let mut topology = Topology::of(zones);
            topology.base_domain = domain.to_owned();
            for setting in settings.split(" ; ").filter(|s| !s.is_empty()) {
                apply_setting(&mut topology, setting);
            }
            Golden {
                link,
                topology,
                table: table
                    .split(" | ")
                    .map(|row| row.split(',').collect())
                    .collect(),
            }
        })
        .collect()
}

/// A golden line's setting, in the fixture's own words (see its header).
fn apply_setting(topology: &mut Topology, setting: &str) {
    let (key, value) = setting
        .split_once('=')
        .unwrap_or_else(|| panic!("{setting}"));
    let parts: Vec<&str> = value.split(':').collect();
    match (key, parts.as_slice()) {
        ("publishing", ["route"]) => topology.publishing = Publishing::Route,
        ("publishing", ["load_balancer"]) => topology.publishing = Publishing::LoadBalancer,
        ("publishing", ["ingress", class]) => {
            topology.publishing = Publishing::Ingress {
                class: (*class).to_owned(),
            }
        }
        ("publishing", ["http_route", gateway, namespace]) => {
            topology.publishing = Publishing::HttpRoute {
                gateway: (*gateway).to_owned(),
                namespace: (*namespace).to_owned(),
            }
        }
        ("regions", _) => {
            for (zone, region) in topology.zones.iter_mut().zip(value.split(',')) {
                zone.region = region.to_owned();
            }
        }
        ("hostnames", _) => {
            for (zone, hostname) in topology.zones.iter_mut().zip(value.split(',')) {
                zone.hostname = hostname.to_owned();
            }
        }
        ("tls", ["secret", name]) => {
            topology.tls = Tls::Secret {
                name: (*name).to_owned(),
            }
        }
        ("tls", [kind, issuer]) => {
            topology.tls = Tls::CertManager {
                issuer: (*issuer).to_owned(),
                issuer_kind: IssuerKind::from_name(kind).unwrap_or_else(|| panic!("{kind}")),
            }
        }
        ("peaks", _) => {
            let peak = |text: &str| {
                (text != "-").then(|| text.parse().unwrap_or_else(|_| panic!("{text}")))
            };
            for (zone, peaks) in topology.zones.iter_mut().zip(value.split(',')) {
                let (container, rdp) = peaks.split_once('/').unwrap_or_else(|| panic!("{peaks}"));
                zone.peak_container_sessions = peak(container);
                zone.peak_rdp_vnc_sessions = peak(rdp);
            }
        }
        ("capacity", _) => {
            for item in value.split(',') {
                let parts: Vec<&str> = item.split(':').collect();
                let number =
                    |text: &str| -> u64 { text.parse().unwrap_or_else(|_| panic!("{text}")) };
                let capacity = &mut topology.capacity;
                match parts.as_slice() {
                    ["host", cores, bytes] => {
                        capacity.host = Some(Shape {
                            millicores: number(cores),
                            bytes: number(bytes),
                        })
                    }
                    ["image", cores, bytes] => {
                        capacity.image = Some(Shape {
                            millicores: number(cores),
                            bytes: number(bytes),
                        })
                    }
                    ["cores_override", cores] => capacity.cores_override = Some(number(cores)),
                    ["memory_override", bytes] => capacity.memory_override = Some(number(bytes)),
                    ["spares", count] => capacity.spares = number(count),
                    ["size", size] => {
                        capacity.size = DeploymentSize::ALL.into_iter().find(|s| s.key() == *size)
                    }
                    _ => panic!("unknown capacity figure {item}"),
                }
            }
        }
        _ => panic!("unknown golden setting {setting}"),
    }
}

#[test]
fn golden_links_open_to_their_topology_and_table() {
    let entries = golden();
    assert!(entries.len() >= 7);
    for entry in entries {
        let topology = decode(entry.link).unwrap_or_else(|e| panic!("{}: {e}", entry.link));
        assert_eq!(topology, entry.topology, "{}", entry.link);
        let words: Vec<Vec<&str>> = plan(&topology)
            .zones
            .iter()
            .map(|zone| {
                Role::ALL
                    .iter()
                    .map(|r| zone.role(*r).placement.label())
                    .collect()
            })
            .collect();
        assert_eq!(words, entry.table, "{}", entry.link);
        // The planner writes format 4, or 5 for a topology with capacity figures; what it writes
        // opens to the same topology, and a link already in that format is written back to
        // itself.
        let written = encode(&topology);
        let format = if topology.has_capacity() { "5." } else { "4." };
        assert!(written.starts_with(format), "{written}");
        assert_eq!(decode(&written).as_ref(), Ok(&topology), "{written}");
        if entry.link.starts_with(format) {
            assert_eq!(written, entry.link);
        }
    }
}

mod common;
use common::Lcg;

const PIECES: &[&str] = &[
    "a", "z", "0", "9", "-", ".", "~", "!", "%", "#", " ", "A", "é", "日", "😀", "\u{202e}", "<",
    "\0", "P", "T",
];

fn generated_topology(rng: &mut Lcg) -> Topology {
    let count = 1 + rng.below(MAX_ZONES);
    let zones = (0..count)
        .map(|_| {
            let mut name = String::new();
            for _ in 0..rng.below(20) {
                let piece = rng.pick(PIECES);
                if name.len() + piece.len() <= MAX_NAME_BYTES {
                    name.push_str(piece);
                }
            }
            let flags = rng.below(8);
            let mut region = String::new();
            for _ in 0..rng.below(4) {
                let piece = rng.pick(PIECES);
                if region.len() + piece.len() <= 32 {
                    region.push_str(piece);
                }
            }
            Zone::new(&name, flags & 1 != 0, flags & 2 != 0)
                .with_dedicated_proxy(flags & 4 != 0)
                .with_region(&region)
        })
        .collect();
    let mut topology = Topology::of(zones);
    if rng.below(3) == 0 {
        topology.base_domain = rng
            .pick(&["kasm.acme.io", "Kasm.Example", "", "a.b.c"])
            .to_owned();
    }
    let name = |rng: &mut Lcg| -> String { (0..rng.below(6)).map(|_| rng.pick(PIECES)).collect() };
    topology.publishing = match rng.below(5) {
        0 => Publishing::Route,
        1 => Publishing::LoadBalancer,
        2 => Publishing::HttpRoute {
            gateway: name(rng),
            namespace: name(rng),
        },
        _ => Publishing::Ingress { class: name(rng) },
    };
    topology.tls = match rng.below(3) {
        0 => Tls::Secret { name: name(rng) },
        kind => Tls::CertManager {
            issuer: name(rng),
            issuer_kind: if kind == 1 {
                IssuerKind::Issuer
            } else {
                IssuerKind::ClusterIssuer
            },
        },
    };
    topology
}

#[test]
fn encode_then_decode_gives_back_the_same_topology() {
    for seed in 0..2000 {
        let topology = generated_topology(&mut Lcg(seed));
        let link = encode(&topology);
        assert!(link.len() <= MAX_LINK_BYTES, "seed {seed}");
        assert_eq!(decode(&link), Ok(topology), "seed {seed}: {link}");
    }
}

#[test]
fn decoding_arbitrary_strings_returns_a_value_or_an_error() {
    const ALPHABET: &[&str] = &[
        "1", "2", ".", "!", "~", "%", "%7E", "%F", "0", "3", "7", "8", "a", "Z", "_", "-", "#",
        "é", " ", "!P", "!T", "!R", "i", "r", "l", "g", "s", "c", "C",
    ];
    for seed in 0..20_000 {
        let mut rng = Lcg(seed);
        let mut text: String = (0..rng.below(40)).map(|_| rng.pick(ALPHABET)).collect();
        if seed % 2 == 0 {
            // Mutations of a valid link reach deeper than noise does.
            let valid = encode(&generated_topology(&mut rng));
            let cut = rng.below(valid.len() + 1);
            text = format!("{}{}{}", &valid[..cut], text, &valid[cut..]);
        }
        if let Ok(topology) = decode(&text) {
            assert_eq!(topology.check_limits(), Ok(()), "seed {seed}: {text}");
            assert_eq!(decode(&encode(&topology)), Ok(topology), "seed {seed}");
        }
    }
}
