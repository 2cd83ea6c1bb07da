//! Kasm Topology Planner: for a list of Kasm Workspaces zones and their session types, where the
//! Helm chart places each role and what must be built outside the cluster.
//!
//! The engine, the share-link codec and the exports are plain Rust, tested natively; the `ui`
//! module (WebAssembly only) renders what they compute.

pub mod diagram;
pub mod engine;
pub mod export;
pub mod report;
pub mod share;
pub mod values;
pub mod words;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod ui;
