//! The share-link format, version 1: `1.3primary.1eu-west` is the default topology.
//!
//! ```text
//! link    = version *( "." zone ) [ "!" domain ]
//! version = "1"
//! zone    = flags text             ; flags: one digit 0-7, the sum of
//!                                  ;   1 container sessions, 2 RDP/VNC sessions,
//!                                  ;   4 Dedicated Proxy chosen
//! text    = plain / "~" base64url  ; plain: a-z 0-9 "-" (and "." in a domain);
//!                                  ; otherwise the UTF-8 bytes in unpadded base64url
//! domain  = text                   ; absent when it is the default, kasm.example.com
//! ```
//!
//! Decoding never panics: any string gives a topology within the planner's limits, or an error
//! saying what is wrong with the link.

use super::base64url;
use crate::engine::topology::{LimitError, DEFAULT_BASE_DOMAIN};
use crate::engine::{Topology, Zone};

/// The format this planner writes. Links of every earlier version must keep opening.
pub const FORMAT_VERSION: u32 = 1;

/// Longest link fragment decoded, in bytes. The largest topology the planner accepts (50 zones
/// of 63-byte names that all need base64url, and a 253-byte domain) encodes in under 4.7 KB;
/// anything past 8 KB is not one of ours, and some servers refuse longer URLs anyway.
pub const MAX_LINK_BYTES: usize = 8 * 1024;

const CONTAINER_SESSIONS: u8 = 1;
const RDP_VNC_SESSIONS: u8 = 2;
const DEDICATED_PROXY: u8 = 4;

/// Why a link could not be opened. Each message completes "this link could not be opened: …".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Longer than [`MAX_LINK_BYTES`].
    TooLong(usize),
    /// Does not start with a format version.
    NotATopology,
    /// Made by a newer planner.
    NewerVersion(String),
    /// A zone's part of the link is damaged; holds the zone's position (from 1) and the problem.
    DamagedZone(usize, &'static str),
    /// The domain part of the link is damaged.
    DamagedDomain(&'static str),
    /// Over the planner's limits.
    OverLimits(LimitError),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::TooLong(bytes) => write!(
                f,
                "it is {bytes} bytes long, more than any topology needs ({MAX_LINK_BYTES} at most); check that it was copied whole"
            ),
            LinkError::NotATopology => write!(
                f,
                "it holds no planner topology (a topology link ends in #1. and the zones); check that it was copied whole"
            ),
            LinkError::NewerVersion(version) => write!(
                f,
                "it was made by a newer planner (format {version}; this one reads format {FORMAT_VERSION}); open it in the newer planner"
            ),
            LinkError::DamagedZone(zone, problem) => {
                write!(f, "zone {zone} in it is damaged ({problem}); ask for a fresh link")
            }
            LinkError::DamagedDomain(problem) => {
                write!(f, "its base domain is damaged ({problem}); ask for a fresh link")
            }
            LinkError::OverLimits(limit) => write!(f, "{limit}"),
        }
    }
}

fn is_plain(text: &str, allow_dot: bool) -> bool {
    text.bytes().all(|b| {
        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || (allow_dot && b == b'.')
    })
}

fn encode_text(text: &str, allow_dot: bool, out: &mut String) {
    if is_plain(text, allow_dot) {
        out.push_str(text);
    } else {
        out.push('~');
        out.push_str(&base64url::encode(text.as_bytes()));
    }
}

fn decode_text(text: &str, allow_dot: bool) -> Result<String, &'static str> {
    match text.strip_prefix('~') {
        Some(encoded) => {
            let bytes = base64url::decode(encoded).ok_or("its name is not valid base64url")?;
            String::from_utf8(bytes).map_err(|_| "its name is not valid UTF-8")
        }
        None if is_plain(text, allow_dot) => Ok(text.to_owned()),
        None => Err("its name has characters a link never holds"),
    }
}

/// The link fragment (without `#`) for a topology.
pub fn encode(topology: &Topology) -> String {
    let mut out = FORMAT_VERSION.to_string();
    for zone in &topology.zones {
        let flags = u8::from(zone.container_sessions) * CONTAINER_SESSIONS
            + u8::from(zone.rdp_vnc_sessions) * RDP_VNC_SESSIONS
            + u8::from(zone.dedicated_proxy) * DEDICATED_PROXY;
        out.push('.');
        out.push(char::from(b'0' + flags));
        encode_text(&zone.name, false, &mut out);
    }
    if topology.base_domain != DEFAULT_BASE_DOMAIN {
        out.push('!');
        encode_text(&topology.base_domain, true, &mut out);
    }
    out
}

/// Undoes percent-encoding that a browser or chat app may have added (`%7E` for `~`); a `%` not
/// followed by two hex digits is left as it is, for the grammar to refuse.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |offset: usize| {
            bytes
                .get(i + offset)
                .and_then(|b| (*b as char).to_digit(16))
        };
        match (bytes[i], hex(1), hex(2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_zone(position: usize, part: &str) -> Result<Zone, LinkError> {
    let mut chars = part.chars();
    let flags = chars
        .next()
        .and_then(|c| c.to_digit(8))
        .ok_or(LinkError::DamagedZone(
            position,
            "its choices are not a digit from 0 to 7",
        ))? as u8;
    let name =
        decode_text(chars.as_str(), false).map_err(|why| LinkError::DamagedZone(position, why))?;
    Ok(Zone {
        name,
        container_sessions: flags & CONTAINER_SESSIONS != 0,
        rdp_vnc_sessions: flags & RDP_VNC_SESSIONS != 0,
        dedicated_proxy: flags & DEDICATED_PROXY != 0,
    })
}

/// Reads a link fragment (with or without its `#`) back into a topology within the planner's
/// limits.
pub fn decode(fragment: &str) -> Result<Topology, LinkError> {
    if fragment.len() > MAX_LINK_BYTES {
        return Err(LinkError::TooLong(fragment.len()));
    }
    let text = percent_decode(fragment.strip_prefix('#').unwrap_or(fragment));
    let text = text.trim();
    let (body, domain) = match text.split_once('!') {
        Some((body, domain)) => (body, Some(domain)),
        None => (text, None),
    };
    let mut parts = body.split('.');
    let version = parts.next().unwrap_or_default();
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LinkError::NotATopology);
    }
    if version != FORMAT_VERSION.to_string() {
        let newer = version.trim_start_matches('0').len() > 1 || version > "1";
        return Err(if newer {
            LinkError::NewerVersion(version.to_owned())
        } else {
            LinkError::NotATopology
        });
    }
    let zones = parts
        .enumerate()
        .map(|(index, part)| decode_zone(index + 1, part))
        .collect::<Result<Vec<_>, _>>()?;
    let base_domain = match domain {
        Some(domain) => decode_text(domain, true).map_err(LinkError::DamagedDomain)?,
        None => DEFAULT_BASE_DOMAIN.to_owned(),
    };
    let topology = Topology { zones, base_domain };
    topology.check_limits().map_err(LinkError::OverLimits)?;
    Ok(topology)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{MAX_NAME_BYTES, MAX_ZONES};

    #[test]
    fn the_default_link_is_short_and_readable() {
        let link = encode(&Topology::default());
        assert_eq!(link, "1.3primary.1eu-west");
        assert!(link.len() <= 40);
        assert_eq!(decode(&link), Ok(Topology::default()));
        assert_eq!(decode(&format!("#{link}")), Ok(Topology::default()));
    }

    #[test]
    fn ten_zones_of_eight_characters_fit_in_160() {
        let topology = Topology::of(
            (0..10)
                .map(|i| {
                    Zone::new(&format!("zone-{i:03}"), true, i % 2 == 0)
                        .with_dedicated_proxy(i % 3 == 0)
                })
                .collect(),
        );
        let link = encode(&topology);
        assert!(link.len() <= 160, "{} characters", link.len());
        assert_eq!(decode(&link), Ok(topology));
    }

    #[test]
    fn the_largest_topology_round_trips_under_the_limit() {
        let name = |i: usize| {
            let mut name = format!("{i:02}\u{1f600}");
            while name.len() + 4 <= MAX_NAME_BYTES {
                name.push('\u{1f600}');
            }
            while name.len() < MAX_NAME_BYTES {
                name.push('X');
            }
            name
        };
        let mut topology = Topology::of(
            (0..MAX_ZONES)
                .map(|i| Zone::new(&name(i), true, true).with_dedicated_proxy(true))
                .collect(),
        );
        topology.base_domain = format!("{}.{}", "\u{e9}".repeat(63), "a".repeat(126));
        assert_eq!(topology.check_limits(), Ok(()));
        let link = encode(&topology);
        assert!(link.len() <= MAX_LINK_BYTES, "{} bytes", link.len());
        assert_eq!(decode(&link), Ok(topology));
    }

    #[test]
    fn unusual_names_and_domains_round_trip() {
        for name in [
            "",
            "EU West",
            "zone.one",
            "~",
            "日本",
            "\u{202e}rtl",
            "<script>",
            "a!b",
            "%41",
        ] {
            let mut topology = Topology::of(vec![Zone::new(name, false, true)]);
            topology.base_domain = format!("{name}.example");
            let link = encode(&topology);
            assert!(
                link.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.~!".contains(&b)),
                "{link}"
            );
            assert_eq!(decode(&link), Ok(topology), "{name}");
        }
    }

    #[test]
    fn percent_encoded_links_still_open() {
        assert_eq!(decode("1.3primary.1eu%2Dwest"), Ok(Topology::default()));
        let shouty = Topology::of(vec![Zone::new("EU", true, false)]);
        assert_eq!(decode(&encode(&shouty).replace('~', "%7E")), Ok(shouty));
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let cases: &[(&str, &str)] = &[
            ("", "holds no planner topology"),
            ("hello", "holds no planner topology"),
            ("x1.3a", "holds no planner topology"),
            ("2.3a", "newer planner (format 2"),
            ("10.3a", "newer planner (format 10"),
            ("0.3a", "holds no planner topology"),
            ("1", "it has no zones"),
            (
                "1.9a",
                "zone 1 in it is damaged (its choices are not a digit",
            ),
            ("1.3a.", "zone 2 in it is damaged (its choices"),
            (
                "1.3a.1B",
                "zone 2 in it is damaged (its name has characters",
            ),
            (
                "1.3~Zh",
                "zone 1 in it is damaged (its name is not valid base64url)",
            ),
            (
                "1.3~_w",
                "zone 1 in it is damaged (its name is not valid UTF-8)",
            ),
            ("1.3a!~*", "base domain is damaged"),
        ];
        for (link, message) in cases {
            let error = decode(link).expect_err(link).to_string();
            assert!(error.contains(message), "{link}: {error}");
        }
        let too_many = format!("1{}", ".1z".repeat(MAX_ZONES + 1));
        assert_eq!(
            decode(&too_many),
            Err(LinkError::OverLimits(LimitError::TooManyZones(
                MAX_ZONES + 1
            )))
        );
        let long_name = format!("1.1{}", "a".repeat(MAX_NAME_BYTES + 1));
        assert!(matches!(decode(&long_name), Err(LinkError::OverLimits(_))));
        let huge = "1.1a".repeat(MAX_LINK_BYTES);
        assert_eq!(decode(&huge), Err(LinkError::TooLong(huge.len())));
    }
}
