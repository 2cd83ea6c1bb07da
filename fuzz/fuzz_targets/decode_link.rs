//! Any bytes as a link fragment: decoding must return a topology within the limits, or an error,
//! and never panic; a decoded topology must survive encode and decode unchanged.
#![no_main]

use kasm_topology_planner::share::{decode, encode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(topology) = decode(&text) {
        assert!(topology.check_limits().is_ok());
        assert_eq!(decode(&encode(&topology)), Ok(topology));
    }
});
