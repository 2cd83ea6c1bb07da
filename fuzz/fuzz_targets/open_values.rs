//! Any bytes as a pasted or chosen values file: opening must return a topology within the
//! planner's limits, or an error with its place, and never panic (the reader slices the text at
//! the parser's positions, where a wrong character-to-byte mapping would abort the module).
#![no_main]

use kasm_topology_planner::values::open;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(opened) = open(&text) {
        assert!(opened.topology.check_limits().is_ok());
    }
});
