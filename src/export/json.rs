//! The topology as JSON, and back: the format people keep in a repository and paste into the
//! planner again.
//!
//! ```json
//! { "format": "kasm-topology-planner", "version": 2, "base_domain": "kasm.example.com",
//!   "publishing": { "kind": "ingress", "class": "" },
//!   "tls": { "kind": "secret", "name": "kasm-tls" },
//!   "zones": [ { "name": "primary", "container_sessions": true,
//!                "rdp_vnc_sessions": true, "dedicated_proxy": false, "region": "" } ] }
//! ```
//! `format`, `version`, `base_domain`, `publishing`, `tls`, `dedicated_proxy`, `region` and
//! `hostname` may be left out. Version 1 documents (no `publishing` or `tls`) still import, with
//! the defaults. A zone's `hostname` (its own `proxy_hostname`, written only when it has one)
//! makes the document version 3, so that a planner that knows no hostnames says it is newer.
//! `publishing.kind` is `ingress` (with `class`), `route`, `load_balancer` or `http_route`
//! (with `gateway` and `namespace`); `tls.kind` is `secret` (with `name`) or `cert_manager`
//! (with `issuer` and `issuer_kind`, `Issuer` or `ClusterIssuer`).
//!
//! Capacity figures make the document version 4: a zone's `peak_container_sessions` and
//! `peak_rdp_vnc_sessions` (whole numbers), and `capacity` with any of `host` and `image`
//! (`{ "millicores": 8000, "bytes": 32000000000 }`), `cores_override` (thousandths of a core),
//! `memory_override` (bytes), `spares` and `size` (`small`, `medium` or `large`), as the
//! share link holds them (`docs/share-format.md`).

use super::json_value::{parse, quote, Value};
use crate::engine::capacity::{Capacity, DeploymentSize, Shape};
use crate::engine::topology::{LimitError, DEFAULT_BASE_DOMAIN};
use crate::engine::{IssuerKind, Publishing, PublishingKind, Tls, Topology, Zone};

/// What the `format` field of an export holds.
pub const JSON_FORMAT: &str = "kasm-topology-planner";
/// The newest version of the JSON document this planner writes; it reads every version up to it.
pub const JSON_VERSION: u32 = 4;
/// The version written when the topology has no capacity figure: what planners before capacity
/// read.
const JSON_VERSION_WITHOUT_CAPACITY: u32 = 3;
/// The version written when no zone has its own hostname: what planners before hostnames read.
const JSON_VERSION_WITHOUT_HOSTNAMES: u32 = 2;
/// Largest JSON accepted on import. The largest topology is under 10 KB as JSON; this leaves room
/// for generous indentation while refusing a pasted log file at once.
pub const MAX_IMPORT_BYTES: usize = 256 * 1024;

/// Why an import was refused; the planner's topology stays as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Nothing was pasted.
    Empty,
    /// Larger than [`MAX_IMPORT_BYTES`].
    TooLarge(usize),
    /// Not JSON, or not of the planner's shape; says where and what.
    Invalid(String),
    /// A JSON document of another program.
    OtherFormat(String),
    /// Written by a newer planner.
    NewerVersion(String),
    /// Over the planner's limits.
    OverLimits(LimitError),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Empty => write!(f, "nothing to import: paste the JSON of a topology, or choose a file"),
            ImportError::TooLarge(bytes) => write!(
                f,
                "the text is {bytes} bytes, far more than a topology ({MAX_IMPORT_BYTES} at most); check that it is a planner export"
            ),
            ImportError::Invalid(why) => write!(f, "this is not a planner topology: {why}"),
            ImportError::OtherFormat(format) => write!(
                f,
                "this JSON is of the format \u{201c}{format}\u{201d}, not a planner topology ({JSON_FORMAT})"
            ),
            ImportError::NewerVersion(version) => write!(
                f,
                "this topology was saved by a newer planner (version {version}; this one reads {JSON_VERSION})"
            ),
            ImportError::OverLimits(limit) => write!(f, "this topology is over the planner's limits: {limit}"),
        }
    }
}

/// The topology as a JSON document, two-space indented, ending in a newline.
pub fn export(topology: &Topology) -> String {
    let zones: Vec<String> = topology
        .zones
        .iter()
        .map(|zone| {
            let mut optional = String::new();
            for (key, value) in [("region", &zone.region), ("hostname", &zone.hostname)] {
                if !value.is_empty() {
                    optional.push_str(&format!(",\n      \"{key}\": {}", quote(value)));
                }
            }
            let peaks = [
                ("peak_container_sessions", zone.peak_container_sessions),
                ("peak_rdp_vnc_sessions", zone.peak_rdp_vnc_sessions),
            ];
            for (key, peak) in peaks {
                if let Some(peak) = peak {
                    optional.push_str(&format!(",\n      \"{key}\": {peak}"));
                }
            }
            format!(
                "    {{\n      \"name\": {},\n      \"container_sessions\": {},\n      \"rdp_vnc_sessions\": {},\n      \"dedicated_proxy\": {}{optional}\n    }}",
                quote(&zone.name),
                zone.container_sessions,
                zone.rdp_vnc_sessions,
                zone.dedicated_proxy,
            )
        })
        .collect();
    let version = if topology.has_capacity() {
        JSON_VERSION
    } else if topology.zones.iter().any(|zone| !zone.hostname.is_empty()) {
        JSON_VERSION_WITHOUT_CAPACITY
    } else {
        JSON_VERSION_WITHOUT_HOSTNAMES
    };
    let zones = if zones.is_empty() {
        "[]".to_owned()
    } else {
        format!("[\n{}\n  ]", zones.join(",\n"))
    };
    let capacity = if topology.capacity.is_empty() {
        String::new()
    } else {
        format!(",\n  \"capacity\": {}", capacity_object(&topology.capacity))
    };
    format!(
        "{{\n  \"format\": {},\n  \"version\": {version},\n  \"base_domain\": {},\n  \"publishing\": {},\n  \"tls\": {}{capacity},\n  \"zones\": {zones}\n}}\n",
        quote(JSON_FORMAT),
        quote(&topology.base_domain),
        publishing_object(&topology.publishing),
        tls_object(&topology.tls)
    )
}

/// `{ … }` on one line, with the capacity figures that are given.
fn capacity_object(capacity: &Capacity) -> String {
    let shape = |shape: Shape| {
        format!(
            "{{ \"millicores\": {}, \"bytes\": {} }}",
            shape.millicores, shape.bytes
        )
    };
    let mut members = Vec::new();
    if let Some(host) = capacity.host {
        members.push(format!("\"host\": {}", shape(host)));
    }
    if let Some(image) = capacity.image {
        members.push(format!("\"image\": {}", shape(image)));
    }
    if let Some(cores) = capacity.cores_override {
        members.push(format!("\"cores_override\": {cores}"));
    }
    if let Some(bytes) = capacity.memory_override {
        members.push(format!("\"memory_override\": {bytes}"));
    }
    if capacity.spares > 0 {
        members.push(format!("\"spares\": {}", capacity.spares));
    }
    if let Some(size) = capacity.size {
        members.push(format!("\"size\": {}", quote(size.key())));
    }
    format!("{{ {} }}", members.join(", "))
}

/// A whole number from 0 that must fit the planner's figures, if the field is there.
fn whole(members: &[(String, Value)], at: &str, name: &str) -> Result<Option<u64>, ImportError> {
    match field(members, name) {
        None => Ok(None),
        Some(Value::Number(number)) => number.parse::<u64>().map(Some).map_err(|_| {
            invalid(format!(
                "{at}.{name} must be a whole number from 0, not {number}"
            ))
        }),
        Some(other) => Err(invalid(format!(
            "{at}.{name} must be a whole number, not {}",
            other.kind()
        ))),
    }
}

/// The `capacity` object.
fn capacity(value: &Value) -> Result<Capacity, ImportError> {
    let at = "capacity";
    let members = fields(
        value,
        at,
        &[
            "host",
            "image",
            "cores_override",
            "memory_override",
            "spares",
            "size",
        ],
    )?;
    let shape = |name: &str| -> Result<Option<Shape>, ImportError> {
        let Some(value) = field(members, name) else {
            return Ok(None);
        };
        let at = format!("capacity.{name}");
        let members = fields(value, &at, &["millicores", "bytes"])?;
        let needed = |figure: Option<u64>, what: &str| {
            figure.ok_or_else(|| invalid(format!("{at} needs \u{201c}{what}\u{201d}")))
        };
        Ok(Some(Shape {
            millicores: needed(whole(members, &at, "millicores")?, "millicores")?,
            bytes: needed(whole(members, &at, "bytes")?, "bytes")?,
        }))
    };
    let size = match string_field(members, at, "size")? {
        None => None,
        Some(key) => Some(
            DeploymentSize::ALL
                .into_iter()
                .find(|size| size.key() == key)
                .ok_or_else(|| {
                    invalid(format!(
                        "capacity.size must be small, medium or large, not \u{201c}{key}\u{201d}"
                    ))
                })?,
        ),
    };
    Ok(Capacity {
        host: shape("host")?,
        image: shape("image")?,
        cores_override: whole(members, at, "cores_override")?,
        memory_override: whole(members, at, "memory_override")?,
        spares: whole(members, at, "spares")?.unwrap_or(0),
        size,
    })
}

/// `{ "kind": …, … }` on one line, for the publishing setting.
fn publishing_object(publishing: &Publishing) -> String {
    let kind = quote(publishing.kind().key());
    match publishing {
        Publishing::Ingress { class } => {
            format!("{{ \"kind\": {kind}, \"class\": {} }}", quote(class))
        }
        Publishing::HttpRoute { gateway, namespace } => format!(
            "{{ \"kind\": {kind}, \"gateway\": {}, \"namespace\": {} }}",
            quote(gateway),
            quote(namespace)
        ),
        Publishing::Route | Publishing::LoadBalancer => format!("{{ \"kind\": {kind} }}"),
    }
}

/// `{ "kind": …, … }` on one line, for the TLS setting.
fn tls_object(tls: &Tls) -> String {
    match tls {
        Tls::Secret { name } => format!("{{ \"kind\": \"secret\", \"name\": {} }}", quote(name)),
        Tls::CertManager {
            issuer,
            issuer_kind,
        } => format!(
            "{{ \"kind\": \"cert_manager\", \"issuer\": {}, \"issuer_kind\": {} }}",
            quote(issuer),
            quote(issuer_kind.name())
        ),
    }
}

/// A string field that must be there.
fn required_string(
    members: &[(String, Value)],
    at: &str,
    name: &str,
) -> Result<String, ImportError> {
    string_field(members, at, name)?
        .ok_or_else(|| invalid(format!("{at} needs \u{201c}{name}\u{201d}, a string")))
}

fn publishing(value: &Value) -> Result<Publishing, ImportError> {
    let at = "publishing";
    let members = fields(value, at, &["kind", "class", "gateway", "namespace"])?;
    let key = required_string(members, at, "kind")?;
    let kind = PublishingKind::from_key(&key).ok_or_else(|| {
        invalid(format!(
            "publishing.kind \u{201c}{key}\u{201d} is none of ingress, route, load_balancer, http_route"
        ))
    })?;
    let allowed: &[&str] = match kind {
        PublishingKind::Ingress => &["kind", "class"],
        PublishingKind::HttpRoute => &["kind", "gateway", "namespace"],
        PublishingKind::Route | PublishingKind::LoadBalancer => &["kind"],
    };
    fields(value, &format!("publishing of kind {key}"), allowed)?;
    Ok(match kind {
        PublishingKind::Ingress => Publishing::Ingress {
            class: string_field(members, at, "class")?.unwrap_or_default(),
        },
        PublishingKind::HttpRoute => Publishing::HttpRoute {
            gateway: required_string(members, at, "gateway")?,
            namespace: required_string(members, at, "namespace")?,
        },
        PublishingKind::Route => Publishing::Route,
        PublishingKind::LoadBalancer => Publishing::LoadBalancer,
    })
}

fn tls(value: &Value) -> Result<Tls, ImportError> {
    let at = "tls";
    let members = fields(value, at, &["kind", "name", "issuer", "issuer_kind"])?;
    match required_string(members, at, "kind")?.as_str() {
        "secret" => {
            fields(value, "tls of kind secret", &["kind", "name"])?;
            Ok(Tls::Secret {
                name: required_string(members, at, "name")?,
            })
        }
        "cert_manager" => {
            fields(
                value,
                "tls of kind cert_manager",
                &["kind", "issuer", "issuer_kind"],
            )?;
            let kind = required_string(members, at, "issuer_kind")?;
            Ok(Tls::CertManager {
                issuer: required_string(members, at, "issuer")?,
                issuer_kind: IssuerKind::from_name(&kind).ok_or_else(|| {
                    invalid(format!(
                        "tls.issuer_kind \u{201c}{kind}\u{201d} is neither Issuer nor ClusterIssuer"
                    ))
                })?,
            })
        }
        other => Err(invalid(format!(
            "tls.kind \u{201c}{other}\u{201d} is neither secret nor cert_manager"
        ))),
    }
}

fn invalid(why: String) -> ImportError {
    ImportError::Invalid(why)
}

/// The fields of an object, refusing any not in `known`.
fn fields<'a>(
    value: &'a Value,
    at: &str,
    known: &[&str],
) -> Result<&'a [(String, Value)], ImportError> {
    let Value::Object(members) = value else {
        return Err(invalid(format!(
            "{at} must be an object, not {}",
            value.kind()
        )));
    };
    if let Some((unknown, _)) = members
        .iter()
        .find(|(key, _)| !known.contains(&key.as_str()))
    {
        return Err(invalid(format!(
            "{at} has an unknown field \u{201c}{unknown}\u{201d} (known: {})",
            known.join(", ")
        )));
    }
    Ok(members)
}

fn field<'a>(members: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    members
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

fn string_field(
    members: &[(String, Value)],
    at: &str,
    name: &str,
) -> Result<Option<String>, ImportError> {
    match field(members, name) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(invalid(format!(
            "{at}.{name} must be a string, not {}",
            other.kind()
        ))),
    }
}

fn flag(members: &[(String, Value)], at: &str, name: &str) -> Result<Option<bool>, ImportError> {
    match field(members, name) {
        None => Ok(None),
        Some(Value::Bool(on)) => Ok(Some(*on)),
        Some(other) => Err(invalid(format!(
            "{at}.{name} must be true or false, not {}",
            other.kind()
        ))),
    }
}

fn zone(value: &Value, at: &str) -> Result<Zone, ImportError> {
    let members = fields(
        value,
        at,
        &[
            "name",
            "container_sessions",
            "rdp_vnc_sessions",
            "dedicated_proxy",
            "region",
            "hostname",
            "peak_container_sessions",
            "peak_rdp_vnc_sessions",
        ],
    )?;
    let required = |found: Option<bool>, name: &str| {
        found.ok_or_else(|| invalid(format!("{at} needs \u{201c}{name}\u{201d}: true or false")))
    };
    Ok(Zone {
        name: string_field(members, at, "name")?
            .ok_or_else(|| invalid(format!("{at} needs a \u{201c}name\u{201d}")))?,
        container_sessions: required(
            flag(members, at, "container_sessions")?,
            "container_sessions",
        )?,
        rdp_vnc_sessions: required(flag(members, at, "rdp_vnc_sessions")?, "rdp_vnc_sessions")?,
        dedicated_proxy: flag(members, at, "dedicated_proxy")?.unwrap_or(false),
        region: string_field(members, at, "region")?.unwrap_or_default(),
        hostname: string_field(members, at, "hostname")?.unwrap_or_default(),
        peak_container_sessions: whole(members, at, "peak_container_sessions")?,
        peak_rdp_vnc_sessions: whole(members, at, "peak_rdp_vnc_sessions")?,
    })
}

/// Reads a JSON document back into a topology within the planner's limits.
pub fn import(text: &str) -> Result<Topology, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(text.len()));
    }
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let document = parse(text).map_err(invalid)?;
    let members = fields(
        &document,
        "the document",
        &[
            "format",
            "version",
            "base_domain",
            "publishing",
            "tls",
            "capacity",
            "zones",
        ],
    )?;
    if let Some(format) = string_field(members, "the document", "format")? {
        if format != JSON_FORMAT {
            return Err(ImportError::OtherFormat(format));
        }
    }
    match field(members, "version") {
        None => {}
        Some(Value::Number(version)) => {
            // `2`, `2.0` and `2e0` are one version; a fraction or a negative is none.
            let number = version.parse::<f64>().unwrap_or(f64::NAN);
            // Past f64 (1e400) is newer than any planner, not a fraction.
            if number.is_infinite() && number > 0.0 {
                return Err(ImportError::NewerVersion(version.clone()));
            }
            if number.fract() != 0.0 || number < 1.0 {
                return Err(invalid(format!(
                    "the document's version must be a whole number from 1, not {version}"
                )));
            }
            if number > f64::from(JSON_VERSION) {
                return Err(ImportError::NewerVersion(version.clone()));
            }
        }
        Some(other) => {
            return Err(invalid(format!(
                "the document's version must be a number, not {}",
                other.kind()
            )))
        }
    }
    let zones = match field(members, "zones") {
        Some(Value::Array(zones)) => zones
            .iter()
            .enumerate()
            .map(|(index, value)| zone(value, &format!("zone {}", index + 1)))
            .collect::<Result<Vec<_>, _>>()?,
        Some(other) => {
            return Err(invalid(format!(
                "the document's zones must be an array, not {}",
                other.kind()
            )))
        }
        None => {
            return Err(invalid(
                "the document needs a \u{201c}zones\u{201d} array".to_owned(),
            ))
        }
    };
    let topology = Topology {
        zones,
        base_domain: string_field(members, "the document", "base_domain")?
            .unwrap_or_else(|| DEFAULT_BASE_DOMAIN.to_owned()),
        publishing: field(members, "publishing")
            .map(publishing)
            .transpose()?
            .unwrap_or_default(),
        tls: field(members, "tls")
            .map(tls)
            .transpose()?
            .unwrap_or_default(),
        capacity: field(members, "capacity")
            .map(capacity)
            .transpose()?
            .unwrap_or_default(),
    };
    topology.check_limits().map_err(ImportError::OverLimits)?;
    Ok(topology)
}
