//! Any bytes as a pasted or loaded JSON file: importing must return a topology within the limits,
//! or an error, and never panic; an imported topology must survive export and import unchanged.
#![no_main]

use kasm_topology_planner::export::json::{export, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(topology) = import(&text) {
        assert!(topology.check_limits().is_ok());
        assert_eq!(import(&export(&topology)), Ok(topology));
    }
});
