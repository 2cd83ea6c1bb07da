//! The versions the planner targets, named once: the Kasm Workspaces release whose docs give the
//! rules, and the kasm-helm chart whose region rule (`rules.rs`), refusals (`access.rs`,
//! `topology.rs`), values and checklist it follows. Every text that names one is built from
//! these (`tests/versions.rs` fails on a literal anywhere else in `src/`).

/// The chart version as a literal, for `concat!` in the texts that name it.
#[macro_export]
macro_rules! chart_version {
    () => {
        "1.1190.7"
    };
}

/// The Kasm Workspaces version as a literal, for `concat!` in the texts that name it.
#[macro_export]
macro_rules! kasm_version {
    () => {
        "1.19.0"
    };
}

/// The newest 1.19 chart (kasmtech/kasm-helm `charts/kasm-helm/Chart.yaml` at commit 3a8a3cb6:
/// `version: 1.1190.7`, `appVersion: 1.19.0`). 1.1190.4 fixed images that pulled a develop tag.
pub const CHART_VERSION: &str = chart_version!();

/// The Kasm Workspaces release the chart installs (its `appVersion`), and whose docs page
/// "Kubernetes Deployment Options" the rules come from.
pub const KASM_VERSION: &str = kasm_version!();

/// The newest chart whose database a later Kasm upgrade can delete unless
/// `database.storage.retentionPolicy.whenDeleted` is `Retain` (the chart's CHANGELOG, "Known
/// Issues in Earlier Releases": "1.1190.7 and earlier, upgrading Kasm to a new version can
/// delete the database"). A fact about the bug, not the version targeted.
pub const DATABASE_DELETION_UP_TO: &str = "1.1190.7";
