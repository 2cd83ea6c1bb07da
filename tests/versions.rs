//! The versions the planner targets are named once, in `src/engine/chart.rs`: every other text
//! that names one (citations, headers, the page's footer) is built from its constants, so a new
//! chart or Kasm release is one edit there.

#![allow(clippy::expect_used)]

use std::fs;
use std::path::Path;

use kasm_topology_planner::engine::{CHART_VERSION, DATABASE_DELETION_UP_TO, KASM_VERSION};

mod common;

#[test]
fn no_version_literal_outside_the_one_file_that_names_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let home = root.join("src/engine/chart.rs");
    let files = common::source_files();
    assert!(files.len() > 40, "read {} files", files.len());
    assert!(files.contains(&home));
    let mut found = Vec::new();
    for file in files.iter().filter(|file| **file != home) {
        let text = fs::read_to_string(file).expect("a source file reads as UTF-8");
        for (number, line) in text.lines().enumerate() {
            for version in [CHART_VERSION, KASM_VERSION, DATABASE_DELETION_UP_TO] {
                if line.contains(version) {
                    found.push(format!(
                        "{}:{}: {}",
                        file.display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "name the version with the constants of src/engine/chart.rs:\n{}",
        found.join("\n")
    );
    // The one file names each.
    let chart = fs::read_to_string(&home).expect("chart.rs reads");
    for version in [CHART_VERSION, KASM_VERSION] {
        assert!(
            chart.contains(&format!("\"{version}\"")),
            "{version} in chart.rs"
        );
    }
}

#[test]
fn the_texts_that_name_the_versions_still_name_them() {
    use kasm_topology_planner::engine::{Topology, Zone};
    use kasm_topology_planner::export::{render, Format};
    let topology = Topology::of(vec![Zone::new("primary", true, true)]);
    let values = render(Format::HelmValues, &topology).expect("a one-zone topology exports");
    assert!(
        values.contains(&format!(
            "kasm-helm chart {CHART_VERSION} (Kasm Workspaces {KASM_VERSION})"
        )),
        "{values}"
    );
    let checklist = render(Format::Checklist, &topology).expect("a one-zone topology exports");
    assert!(checklist.contains(&format!(
        "from the Kasm Workspaces {KASM_VERSION} documentation"
    )));
    assert!(checklist.contains(&format!("--version {CHART_VERSION}")));
}
