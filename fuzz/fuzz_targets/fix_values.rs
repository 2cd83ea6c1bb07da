//! Any bytes as a values file, fixed for the topology it opens to and for the planner's default:
//! "Fix and export" must give a file or say why, and never panic; a fixed file must open again,
//! and fixing it a second time must change nothing.
#![no_main]

use kasm_topology_planner::engine::Topology;
use kasm_topology_planner::values::{fix, open};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(opened) = open(&text) else {
        return;
    };
    for topology in [opened.topology, Topology::default()] {
        if let Ok(fixed) = fix(&text, &topology) {
            assert!(open(&fixed.text).is_ok(), "a fixed file does not open again");
            let again = fix(&fixed.text, &topology).expect("a fixed file can be fixed again");
            assert_eq!(again.text, fixed.text, "fixing twice changed the file");
            assert!(again.diff.is_empty(), "fixing twice has a diff");
        }
    }
});
