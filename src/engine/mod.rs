//! The role-matrix engine: the operator's topology in, the placement of every Kasm role out.
//!
//! Pure Rust over plain data. It must never use leptos, web-sys, a clock or randomness, so that
//! every rule is tested natively with `cargo test`.

pub mod access;
pub mod capacity;
pub mod chart;
pub mod edit;
pub mod findings;
pub mod history;
pub mod names;
pub mod plan;
pub mod reservation;
pub mod rules;
pub mod sizing;
pub mod topology;

pub use access::{IssuerKind, Publishing, PublishingKind, Tls};
pub use chart::{CHART_VERSION, DATABASE_DELETION_UP_TO, KASM_VERSION};
pub use edit::{Applied, CapacityFigure, Edit, EditError, SessionType, ZoneChoice};
pub use findings::{Fault, Finding, Setting, Severity, ZoneFault};
pub use history::{History, Step};
pub use plan::{plan, Plan, RolePlan, Totals, ZonePlan};
pub use rules::{Facts, Placement, Remark, Role, Source, ZoneKind};
pub use topology::{
    is_dns_name, yaml_misreads, LimitError, Topology, YamlMisreading, Zone, MAX_DOMAIN_BYTES,
    MAX_NAME_BYTES, MAX_ZONES,
};
