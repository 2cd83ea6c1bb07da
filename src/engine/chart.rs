//! The kasm-helm chart the planner targets, named once: its region rule (`rules.rs`), its refusals
//! (`access.rs`, `topology.rs`) and the exports all speak of this version.

/// The chart version as a literal, for `concat!` in the texts that name it.
#[macro_export]
macro_rules! chart_version {
    () => {
        "1.1190.7"
    };
}

/// The newest 1.19 chart (kasmtech/kasm-helm `charts/kasm-helm/Chart.yaml` at commit 3a8a3cb6:
/// `version: 1.1190.7`, `appVersion: 1.19.0`). 1.1190.4 fixed images that pulled a develop tag.
pub const CHART_VERSION: &str = chart_version!();

/// The newest chart whose database a later Kasm upgrade can delete unless
/// `database.storage.retentionPolicy.whenDeleted` is `Retain` (the chart's CHANGELOG, "Known
/// Issues in Earlier Releases": "1.1190.7 and earlier, upgrading Kasm to a new version can
/// delete the database"). A fact about the bug, not the version targeted.
pub const DATABASE_DELETION_UP_TO: &str = "1.1190.7";
