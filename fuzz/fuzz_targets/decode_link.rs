//! Any bytes as a link fragment, as they are and closed by their end mark (so that mutations
//! reach a format-4 or -5 link's settings, which a wrong mark would refuse first): decoding must
//! return a topology within the limits, or an error, and never panic; a decoded topology must
//! survive encode and decode unchanged.
#![no_main]

use kasm_topology_planner::share::{decode, encode, seal};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for link in [text.to_string(), seal(&text)] {
        if let Ok(topology) = decode(&link) {
            assert!(topology.check_limits().is_ok());
            // One topology, one link, for the capacity figures of format 5: their sections are
            // the only spelling of those figures. (Names have other spellings, `~YQ` for `a`,
            // which earlier formats accepted and keep accepting.)
            let capacity = |link: &str| -> Vec<String> {
                link.split('!')
                    .filter(|section| section.starts_with(['S', 'K']))
                    .map(str::to_owned)
                    .collect()
            };
            let plain = !link.contains(['#', '%']) && link.trim() == link;
            if plain && link.starts_with("5.") {
                assert_eq!(capacity(&encode(&topology)), capacity(&link));
            }
            assert_eq!(decode(&encode(&topology)), Ok(topology));
        }
    }
});
