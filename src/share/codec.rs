//! The share-link format: `4.3primary.1eu-west!EUbpb` is the default topology.
//!
//! ```text
//! link    = version *( "." zone ) [ "!" domain ] *( "!" setting ) [ "!" end ]
//! version = "1" / "2" / "3" / "4" / "5" ; 1: no settings; 2: settings; 3: zone hostnames
//!                                  ;   among them; 4: any of these, and the end mark;
//!                                  ;   5: capacity figures (at least one) too
//! zone    = flags text             ; flags: one digit 0-7, the sum of
//!                                  ;   1 container sessions, 2 RDP/VNC sessions,
//!                                  ;   4 Dedicated Proxy chosen
//! text    = plain / "~" base64url  ; plain: a-z 0-9 "-" (and "." in a domain or a
//!                                  ; Kubernetes name); otherwise the UTF-8 bytes in
//!                                  ; unpadded base64url
//! domain  = text                   ; absent when it is the default, kasm.example.com
//! setting = "P" publishing / "T" tls / "R" regions / "H" hostnames
//!         / "S" peaks / "K" capacity ; each at most once, absent when default; from
//!                                  ;   version 5 in the order P R H T S K
//! peaks, capacity                  ; see docs/share-format.md (version 5)
//! publishing = "i" text            ; Ingress of this class (empty: the cluster default)
//!            / "r" / "l"           ; OpenShift Route / LoadBalancer Service
//!            / "g" text "." text   ; Gateway API HTTPRoute: Gateway name, namespace
//! tls     = "s" text               ; an existing Secret of this name
//!         / "c" text / "C" text    ; cert-manager Issuer / ClusterIssuer of this name
//! regions = text *( "." text )     ; each zone's region_name in order ("" for none);
//!                                  ; zones past the last one given have none
//! hostnames = text *( "," text )   ; each zone's own proxy_hostname in order ("" for
//!                                  ; <zone>.<domain>); zones past the last one given
//!                                  ; have none. From version 3
//! end     = "E" 4base64url         ; from version 4, and there required: 24 bits of the FNV-1a
//!                                  ;   hash of all before its "!"
//! ```
//!
//! The planner writes version 4, or 5 for a topology with capacity figures. Links of versions
//! 1 to 3 open as they always did; a link of version 4 or 5 whose end mark is missing or does not match (cut short anywhere, or changed by hand)
//! is refused, where a version-1 link cut inside a name would open a zone with a shorter name.
//!
//! Decoding never panics: any string gives a topology within the planner's limits, or an error
//! saying what is wrong with the link.

use super::base64url;
use crate::engine::capacity::{Capacity, DeploymentSize, Shape};
use crate::engine::topology::{LimitError, DEFAULT_BASE_DOMAIN};
use crate::engine::{IssuerKind, Publishing, Tls, Topology, Zone};

/// The newest format this planner writes and reads: every link it writes ends in its end mark.
/// Links of every earlier version must keep opening.
pub const FORMAT_VERSION: u32 = 5;
/// The first format whose links may hold deployment settings.
const SETTINGS_VERSION: u32 = 2;
/// The first format whose links may hold zone hostnames.
const HOSTNAMES_VERSION: u32 = 3;
/// The first format whose links end in an end mark, so that a link cut anywhere is refused
/// rather than read as a shorter topology.
const END_MARK_VERSION: u32 = 4;
/// The first format whose links may hold capacity figures (each zone's peaks, the deployment's
/// Agent host and image). A topology without any is written in [`END_MARK_VERSION`], so its link
/// is the one it had before, and planners that read that format open it.
const CAPACITY_VERSION: u32 = 5;

/// The key of the end mark, the last `!`-section of a link from [`END_MARK_VERSION`] on. No
/// setting starts with it.
const END_KEY: char = 'E';
/// Characters of base64url after [`END_KEY`]: 24 bits of a hash of all that comes before, so
/// that a link cut inside its end mark, or changed by hand, is told apart from a whole one (a
/// random change passes one time in 16.7 million).
const END_MARK_CHARS: usize = 4;

/// `body` closed by its end mark: the link a planner would write for it. For tools and tests
/// that build links by hand (the fuzzer reaches a format-5 link's settings only through it).
pub fn seal(body: &str) -> String {
    format!("{body}!{}", end_mark(body))
}

/// The end mark of a link whose text before it is `body`: `E` and 24 bits of the body's 32-bit
/// FNV-1a hash, in base64url. A hash, not a cipher: it tells a whole link from a cut one.
fn end_mark(body: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let hash = body.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    let mut out = String::with_capacity(1 + END_MARK_CHARS);
    out.push(END_KEY);
    for index in (0..END_MARK_CHARS).rev() {
        out.push(char::from(ALPHABET[((hash >> (6 * index)) & 63) as usize]));
    }
    out
}

/// Longest link fragment decoded, in bytes. The largest topology the planner accepts (50 zones
/// of 63-byte names, regions and 253-byte hostnames that all need base64url, a 253-byte domain
/// and the longest settings, every capacity figure at its largest) encodes in 25.5 KB; anything past 32 KB is not one of ours. A
/// fragment never reaches a server, and browsers keep URLs of megabytes.
pub const MAX_LINK_BYTES: usize = 32 * 1024;

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
    /// A deployment setting in the link is damaged; holds its key letter and the problem.
    DamagedSetting(char, &'static str),
    /// A link of a format with an end mark whose end mark is missing or does not match what
    /// comes before it: cut short, or changed.
    CutShort,
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
            LinkError::DamagedSetting(key, problem) => {
                let what = match key {
                    'P' => "publishing",
                    'T' => "TLS",
                    'R' => "regions",
                    'H' => "hostnames",
                    'S' => "peak sessions",
                    'K' => "capacity",
                    _ => "unknown",
                };
                write!(f, "its {what} setting is damaged ({problem}); ask for a fresh link")
            }
            LinkError::CutShort => write!(
                f,
                "it ends early or was changed: a whole link ends in !E and four characters that match the rest; copy it whole, or ask for a fresh link"
            ),
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

/// A setting that gives each zone a text in order (regions, hostnames): `!` and its key, then
/// the texts up to the last that is not empty, joined by `separator`; nothing when all are
/// empty. [`per_zone`] reads it back.
fn encode_per_zone(out: &mut String, key: char, separator: char, allow_dot: bool, texts: &[&str]) {
    let Some(last) = texts.iter().rposition(|text| !text.is_empty()) else {
        return;
    };
    out.push('!');
    out.push(key);
    for (index, text) in texts[..=last].iter().enumerate() {
        if index > 0 {
            out.push(separator);
        }
        encode_text(text, allow_dot, out);
    }
}

/// The `!`-sections after the domain for the topology's non-default settings.
fn encode_settings(topology: &Topology) -> String {
    let mut out = String::new();
    if topology.publishing != Publishing::default() {
        out.push_str("!P");
        match &topology.publishing {
            Publishing::Ingress { class } => {
                out.push('i');
                encode_text(class, true, &mut out);
            }
            Publishing::Route => out.push('r'),
            Publishing::LoadBalancer => out.push('l'),
            Publishing::HttpRoute { gateway, namespace } => {
                out.push('g');
                encode_text(gateway, true, &mut out);
                out.push('.');
                encode_text(namespace, false, &mut out);
            }
        }
    }
    let regions: Vec<&str> = topology.zones.iter().map(|z| z.region.as_str()).collect();
    encode_per_zone(&mut out, 'R', '.', false, &regions);
    let hostnames: Vec<&str> = topology.zones.iter().map(|z| z.hostname.as_str()).collect();
    encode_per_zone(&mut out, 'H', ',', true, &hostnames);
    if topology.tls != Tls::default() {
        out.push_str("!T");
        let (key, name) = match &topology.tls {
            Tls::Secret { name } => ('s', name),
            Tls::CertManager {
                issuer,
                issuer_kind: IssuerKind::Issuer,
            } => ('c', issuer),
            Tls::CertManager {
                issuer,
                issuer_kind: IssuerKind::ClusterIssuer,
            } => ('C', issuer),
        };
        out.push(key);
        encode_text(name, true, &mut out);
    }
    out
}

/// Memory in a link: bytes, or megabytes (10^6 bytes, as Kasm's image settings count them)
/// followed by `M` when it is a whole number of them.
fn encode_memory(bytes: u64, out: &mut String) {
    if bytes.is_multiple_of(1_000_000) && bytes > 0 {
        out.push_str(&format!("{}M", bytes / 1_000_000));
    } else {
        out.push_str(&bytes.to_string());
    }
}

/// The `!S` and `!K` sections for the topology's capacity figures, if it has any.
fn encode_capacity(topology: &Topology, out: &mut String) {
    let peaks: Vec<String> = topology
        .zones
        .iter()
        .map(|zone| {
            let mut peak = zone
                .peak_container_sessions
                .map(|n| n.to_string())
                .unwrap_or_default();
            if let Some(rdp) = zone.peak_rdp_vnc_sessions {
                peak.push_str(&format!("r{rdp}"));
            }
            peak
        })
        .collect();
    if let Some(last) = peaks.iter().rposition(|peak| !peak.is_empty()) {
        out.push_str("!S");
        out.push_str(&peaks[..=last].join("."));
    }
    let capacity = &topology.capacity;
    if capacity.is_empty() {
        return;
    }
    out.push_str("!K");
    for (key, shape) in [('h', capacity.host), ('i', capacity.image)] {
        if let Some(shape) = shape {
            out.push_str(&format!("{key}{}x", shape.millicores));
            encode_memory(shape.bytes, out);
        }
    }
    if let Some(cores) = capacity.cores_override {
        out.push_str(&format!("c{cores}"));
    }
    if let Some(bytes) = capacity.memory_override {
        out.push('m');
        encode_memory(bytes, out);
    }
    if capacity.spares > 0 {
        out.push_str(&format!("s{}", capacity.spares));
    }
    if let Some(size) = capacity.size {
        out.push('d');
        out.push_str(&size.key()[..1]);
    }
}

/// The link fragment (without `#`) for a topology, end mark last: in [`CAPACITY_VERSION`] when
/// it has capacity figures, otherwise in [`END_MARK_VERSION`], the link it had before they
/// existed.
pub fn encode(topology: &Topology) -> String {
    let version = if topology.has_capacity() {
        CAPACITY_VERSION
    } else {
        END_MARK_VERSION
    };
    let mut out = version.to_string();
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
    out.push_str(&encode_settings(topology));
    encode_capacity(topology, &mut out);
    let mark = end_mark(&out);
    out.push('!');
    out.push_str(&mark);
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
        region: String::new(),
        hostname: String::new(),
        peak_container_sessions: None,
        peak_rdp_vnc_sessions: None,
    })
}

/// The format version a link starts with, if it is one this planner reads.
fn read_version(version: &str) -> Result<u32, LinkError> {
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LinkError::NotATopology);
    }
    // Leading zeros are not a version any planner wrote; past u32 is newer than any.
    if version.starts_with('0') {
        return Err(LinkError::NotATopology);
    }
    match version.parse::<u32>() {
        Ok(number @ 1..=FORMAT_VERSION) => Ok(number),
        _ => Err(LinkError::NewerVersion(version.to_owned())),
    }
}

/// A setting that gives each zone a text in order (regions, hostnames), separated by
/// `separator`: at most one per zone, and never ending in an empty one, which the writer stops
/// before (one topology, one link).
fn per_zone(
    texts: &str,
    separator: char,
    allow_dot: bool,
    zones: usize,
) -> Result<Vec<String>, &'static str> {
    let parts: Vec<&str> = texts.split(separator).collect();
    if parts.len() > zones {
        return Err("it names more zones than there are");
    }
    if parts.last().is_some_and(|last| matches!(*last, "" | "~")) {
        return Err("it ends in an empty one, which no planner writes");
    }
    parts
        .into_iter()
        .map(|part| decode_text(part, allow_dot))
        .collect()
}

/// A count in a link: decimal digits, without leading zeros.
fn count(digits: &str) -> Result<u64, &'static str> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("a figure is not a number");
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return Err("a figure starts with 0, which no planner writes");
    }
    digits.parse().map_err(|_| "a figure is too large")
}

/// Memory in a link: bytes, or megabytes followed by `M` ([`encode_memory`]).
fn memory(text: &str) -> Result<u64, &'static str> {
    match text.strip_suffix('M') {
        Some(megabytes) => count(megabytes)?
            .checked_mul(1_000_000)
            .filter(|&bytes| bytes > 0)
            .ok_or("a memory figure is out of range"),
        None => match count(text)? {
            bytes if bytes > 0 && bytes.is_multiple_of(1_000_000) => {
                Err("a memory figure of whole megabytes is written with M")
            }
            bytes => Ok(bytes),
        },
    }
}

/// Each zone's peaks (`!S`): entries in zone order, `.` between them, each the container peak
/// and `r` and the RDP/VNC peak, either left out; never ending in an empty one.
fn decode_peaks(text: &str, zones: &mut [Zone]) -> Result<(), &'static str> {
    let entries: Vec<&str> = text.split('.').collect();
    if entries.len() > zones.len() {
        return Err("it names more zones than there are");
    }
    if entries.last().is_some_and(|last| last.is_empty()) {
        return Err("it ends in an empty one, which no planner writes");
    }
    for (zone, entry) in zones.iter_mut().zip(entries) {
        let (container, rdp) = match entry.split_once('r') {
            Some((container, rdp)) => (container, Some(rdp)),
            None => (entry, None),
        };
        zone.peak_container_sessions = (!container.is_empty())
            .then(|| count(container))
            .transpose()?;
        zone.peak_rdp_vnc_sessions = rdp.map(count).transpose()?;
    }
    Ok(())
}

/// The deployment's capacity figures (`!K`): items in a fixed order, each a key letter and its
/// value, each at most once: `h` the Agent host and `i` the image (cores in thousandths, `x`,
/// memory), `c` the Cores Override, `m` the Memory Override, `s` spare Agents, `d` the size
/// (`s`, `m` or `l`).
fn decode_capacity(text: &str) -> Result<Capacity, &'static str> {
    const ORDER: &str = "hicmsd";
    let mut capacity = Capacity::default();
    let mut rest = text;
    let mut last = None;
    if rest.is_empty() {
        return Err("it is empty");
    }
    while let Some(key) = rest.chars().next() {
        let position = ORDER
            .find(key)
            .ok_or("it holds a figure this planner does not know")?;
        if last.is_some_and(|last| position <= last) {
            return Err("its figures are out of order, or one is given twice");
        }
        last = Some(position);
        // A size is one letter; every other value is digits, `x` and `M`.
        let value_end = if key == 'd' {
            rest[1..].chars().next().map_or(1, |c| 1 + c.len_utf8())
        } else {
            rest[1..]
                .find(|c: char| !(c.is_ascii_digit() || c == 'x' || c == 'M'))
                .map_or(rest.len(), |end| end + 1)
        };
        let value = &rest[1..value_end];
        rest = &rest[value_end..];
        let shape = |value: &str| -> Result<Shape, &'static str> {
            let (cores, bytes) = value.split_once('x').ok_or("a shape has no memory")?;
            Ok(Shape {
                millicores: count(cores)?,
                bytes: memory(bytes)?,
            })
        };
        match key {
            'h' => capacity.host = Some(shape(value)?),
            'i' => capacity.image = Some(shape(value)?),
            'c' => capacity.cores_override = Some(count(value)?),
            'm' => capacity.memory_override = Some(memory(value)?),
            's' => {
                capacity.spares = count(value)?;
                if capacity.spares == 0 {
                    return Err("no spare Agents is never written");
                }
            }
            _ => {
                capacity.size = Some(match value {
                    "s" => DeploymentSize::Small,
                    "m" => DeploymentSize::Medium,
                    "l" => DeploymentSize::Large,
                    _ => return Err("the size is not s, m or l"),
                })
            }
        }
    }
    Ok(capacity)
}

/// One `!`-setting of a link from version 2 on: its key letter, then its value.
fn decode_setting(
    setting: &str,
    version: u32,
    topology: &mut Topology,
) -> Result<(), &'static str> {
    let mut chars = setting.chars();
    let (key, kind) = (chars.next(), chars.next());
    let rest = chars.as_str();
    let text = |allow_dot| decode_text(rest, allow_dot);
    match (key, kind) {
        (Some('P'), Some('i')) => {
            topology.publishing = Publishing::Ingress { class: text(true)? };
        }
        (Some('P'), Some('r')) if rest.is_empty() => topology.publishing = Publishing::Route,
        (Some('P'), Some('l')) if rest.is_empty() => topology.publishing = Publishing::LoadBalancer,
        (Some('P'), Some('g')) => {
            let (gateway, namespace) = rest
                .rsplit_once('.')
                .ok_or("the Gateway has no namespace")?;
            topology.publishing = Publishing::HttpRoute {
                gateway: decode_text(gateway, true)?,
                namespace: decode_text(namespace, false)?,
            };
        }
        (Some('T'), Some('s')) => topology.tls = Tls::Secret { name: text(true)? },
        (Some('T'), Some(kind @ ('c' | 'C'))) => {
            topology.tls = Tls::CertManager {
                issuer: text(true)?,
                issuer_kind: if kind == 'c' {
                    IssuerKind::Issuer
                } else {
                    IssuerKind::ClusterIssuer
                },
            };
        }
        (Some('R'), None) => return Err("the regions setting is empty"),
        (Some('R'), Some(_)) => {
            let regions = per_zone(&setting[1..], '.', false, topology.zones.len())?;
            for (zone, region) in topology.zones.iter_mut().zip(regions) {
                zone.region = region;
            }
        }
        (Some('H'), _) if version < HOSTNAMES_VERSION => {
            return Err("hostnames are only in newer links")
        }
        (Some('H'), None) => return Err("the hostnames setting is empty"),
        (Some('H'), Some(_)) => {
            let hostnames = per_zone(&setting[1..], ',', true, topology.zones.len())?;
            for (zone, hostname) in topology.zones.iter_mut().zip(hostnames) {
                zone.hostname = hostname;
            }
        }
        (Some('S' | 'K'), _) if version < CAPACITY_VERSION => {
            return Err("capacity figures are only in newer links")
        }
        (Some('S'), _) => decode_peaks(&setting[1..], &mut topology.zones)?,
        (Some('K'), _) => topology.capacity = decode_capacity(&setting[1..])?,
        _ => return Err("this planner knows no such setting"),
    }
    Ok(())
}

/// The topology part of what a user pastes: after the `#` of a whole address, or all of it.
pub fn link_fragment(link: &str) -> &str {
    link.split_once('#').map_or(link, |(_, fragment)| fragment)
}

/// Reads a link fragment (with or without its `#`) back into a topology within the planner's
/// limits.
pub fn decode(fragment: &str) -> Result<Topology, LinkError> {
    if fragment.len() > MAX_LINK_BYTES {
        return Err(LinkError::TooLong(fragment.len()));
    }
    let text = percent_decode(fragment.strip_prefix('#').unwrap_or(fragment));
    let text = text.trim();
    let version = read_version(text.split(['.', '!']).next().unwrap_or_default())?;
    let text = if version >= END_MARK_VERSION {
        // The end mark is the last section, and it must be the mark of all before it.
        match text.rsplit_once('!') {
            Some((body, mark)) if mark == end_mark(body) => body,
            _ => return Err(LinkError::CutShort),
        }
    } else {
        text
    };
    let mut sections = text.split('!');
    let body = sections.next().unwrap_or_default();
    let mut parts = body.split('.');
    parts.next();
    let zones = parts
        .enumerate()
        .map(|(index, part)| decode_zone(index + 1, part))
        .collect::<Result<Vec<_>, _>>()?;
    let mut topology = Topology::of(zones);
    // A section that starts with a capital letter is a setting; plain text and base64url
    // (after "~") never do, so the domain, when present, is the one before them.
    let mut seen = String::new();
    // From format 5 the settings come in the one order the encoder writes them.
    const SETTING_ORDER: &str = "PRHTSK";
    let mut last_setting = None;
    for (index, section) in sections.enumerate() {
        let key = section.chars().next().filter(char::is_ascii_uppercase);
        match key {
            None if index == 0 => {
                topology.base_domain =
                    decode_text(section, true).map_err(LinkError::DamagedDomain)?;
            }
            Some(_) if version < SETTINGS_VERSION => {
                return Err(LinkError::DamagedDomain(
                    "it has a second part, which only newer links hold",
                ))
            }
            Some(key)
                if version >= CAPACITY_VERSION
                    && SETTING_ORDER
                        .find(key)
                        .is_some_and(|at| last_setting.is_some_and(|last| at <= last)) =>
            {
                return Err(LinkError::DamagedSetting(
                    key,
                    "the settings are out of order, or one is given twice, which no planner writes",
                ))
            }
            Some(key) if !seen.contains(key) => {
                seen.push(key);
                last_setting = SETTING_ORDER.find(key).or(last_setting);
                decode_setting(section, version, &mut topology)
                    .map_err(|why| LinkError::DamagedSetting(key, why))?;
            }
            Some(key) => return Err(LinkError::DamagedSetting(key, "it is given twice")),
            None => {
                return Err(LinkError::DamagedDomain(
                    "it comes after a setting, or twice",
                ))
            }
        }
    }
    if version == CAPACITY_VERSION && !topology.has_capacity() {
        return Err(LinkError::DamagedSetting(
            'K',
            "a format-5 link holds capacity figures (!S or !K), and this one has none",
        ));
    }
    topology.check_limits().map_err(LinkError::OverLimits)?;
    Ok(topology)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::capacity::{MAX_BYTES, MAX_COUNT, MAX_MILLICORES};
    use crate::engine::topology::MAX_REGION_BYTES;
    use crate::engine::{MAX_DOMAIN_BYTES, MAX_NAME_BYTES, MAX_ZONES};

    #[test]
    fn the_default_link_is_short_and_readable() {
        let link = encode(&Topology::default());
        assert_eq!(
            link,
            format!("4.3primary.1eu-west!{}", end_mark("4.3primary.1eu-west"))
        );
        assert!(link.len() <= 40);
        // Links of the formats before the end mark open as they always did.
        assert_eq!(decode("1.3primary.1eu-west"), Ok(Topology::default()));
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
        // Every name at its limit, all needing base64url: zones, regions, domain and settings.
        let mut topology = Topology::of(
            (0..MAX_ZONES)
                .map(|i| {
                    Zone::new(&name(i), true, true)
                        .with_dedicated_proxy(true)
                        .with_region(&"\u{e9}".repeat(MAX_REGION_BYTES / 2))
                        .with_hostname(&"\u{e9}".repeat(MAX_DOMAIN_BYTES / 2))
                })
                .collect(),
        );
        topology.base_domain = format!("{}.{}", "\u{e9}".repeat(63), "a".repeat(126));
        let long = "\u{e9}".repeat(MAX_DOMAIN_BYTES / 2);
        topology.publishing = Publishing::HttpRoute {
            gateway: long.clone(),
            namespace: "\u{e9}".repeat(31),
        };
        topology.tls = Tls::CertManager {
            issuer: long,
            issuer_kind: IssuerKind::ClusterIssuer,
        };
        // And every capacity figure at its largest, memory in bytes (the longer form).
        for zone in &mut topology.zones {
            zone.peak_container_sessions = Some(MAX_COUNT);
            zone.peak_rdp_vnc_sessions = Some(MAX_COUNT);
        }
        let largest = Shape {
            millicores: MAX_MILLICORES,
            bytes: MAX_BYTES - 1,
        };
        topology.capacity = Capacity {
            host: Some(largest),
            image: Some(largest),
            cores_override: Some(MAX_MILLICORES),
            memory_override: Some(MAX_BYTES - 1),
            spares: MAX_COUNT,
            size: Some(DeploymentSize::Large),
        };
        assert_eq!(topology.check_limits(), Ok(()));
        let link = encode(&topology);
        assert!(link.len() <= MAX_LINK_BYTES, "{} bytes", link.len());
        println!("the largest link: {} bytes", link.len());
        assert_eq!(decode(&link), Ok(topology));
    }

    #[test]
    fn hostnames_are_read_from_version_3_on() {
        let mut topology = Topology::default();
        topology.zones[1].hostname = "vdi.eu.example.net".to_owned();
        let link = encode(&topology);
        assert!(
            link.starts_with("4.3primary.1eu-west!H,vdi.eu.example.net!E"),
            "{link}"
        );
        assert_eq!(decode(&link), Ok(topology.clone()));
        assert_eq!(
            decode("3.3primary.1eu-west!H,vdi.eu.example.net"),
            Ok(topology.clone())
        );
        topology.zones[0].hostname = "Kasm.Example.COM".to_owned();
        assert_eq!(decode(&encode(&topology)), Ok(topology));
        // A version-2 link never holds hostnames; trailing or surplus ones are damage.
        for damaged in [
            "2.3primary.1eu-west!H,a.example",
            "3.3primary.1eu-west!Ha.example,",
            "3.3primary.1eu-west!Ha,b,c",
            "3.3primary.1eu-west!H",
            "3.3primary.1eu-west!Ha!Hb",
        ] {
            assert!(
                matches!(decode(damaged), Err(LinkError::DamagedSetting('H', _))),
                "{damaged}: {:?}",
                decode(damaged)
            );
        }
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
    fn a_link_cut_anywhere_or_changed_is_refused() {
        let mut topology = Topology::of(vec![
            Zone::new("hq", true, true),
            Zone::new("EU West", true, false).with_region("eu"),
        ]);
        topology.zones[0].region = "eu".to_owned();
        topology.base_domain = "kasm.acme.io".to_owned();
        topology.tls = Tls::CertManager {
            issuer: "letsencrypt".to_owned(),
            issuer_kind: IssuerKind::ClusterIssuer,
        };
        let link = encode(&topology);
        assert_eq!(decode(&link), Ok(topology));
        // Every cut, inside a name, a setting or the end mark itself, is refused as one.
        for end in 1..link.len() {
            let cut = &link[..end];
            match decode(cut) {
                Err(LinkError::CutShort) => {}
                other => panic!("{cut}: {other:?}"),
            }
        }
        // A change by hand is caught too: one character of the name.
        let changed = link.replacen("hq", "hr", 1);
        assert_eq!(decode(&changed), Err(LinkError::CutShort));
        // Percent-escapes that tools add do not break the mark.
        assert!(decode(&link.replace('~', "%7E")).is_ok());
    }

    /// Four zones with capacity figures: the operator's peaks in three, an Agent host of 8 cores
    /// and 32 GB, images of 1.5 cores and Kasm's default memory, one spare, size medium.
    fn with_capacity() -> Topology {
        let mut topology = Topology::of(vec![
            Zone::new("a", true, false),
            Zone::new("b", true, true),
            Zone::new("c", true, false),
            Zone::new("d", false, true),
        ]);
        topology.zones[0].peak_container_sessions = Some(40);
        topology.zones[1].peak_container_sessions = Some(25);
        topology.zones[1].peak_rdp_vnc_sessions = Some(10);
        topology.zones[3].peak_rdp_vnc_sessions = Some(5);
        topology.capacity = Capacity {
            host: Some(Shape {
                millicores: 8_000,
                bytes: 32_000_000_000,
            }),
            image: Some(Shape {
                millicores: 1_500,
                bytes: 2_768_000_000,
            }),
            cores_override: None,
            memory_override: None,
            spares: 1,
            size: Some(DeploymentSize::Medium),
        };
        topology
    }

    #[test]
    fn capacity_figures_make_a_version_5_link_and_round_trip() {
        let topology = with_capacity();
        let link = encode(&topology);
        // Written out by hand from the grammar in docs/share-format.md.
        let body = "5.1a.3b.1c.2d!S40.25r10..r5!Kh8000x32000Mi1500x2768Ms1dm";
        let (written, mark) = link.rsplit_once('!').unwrap_or_default();
        assert_eq!(written, body);
        assert!(mark.starts_with('E') && mark.len() == 5, "{link}");
        assert_eq!(decode(&link), Ok(topology.clone()));
        // Without capacity the same zones make the link they made before capacity existed.
        let mut plain = topology.clone();
        plain.capacity = Capacity::default();
        for zone in &mut plain.zones {
            zone.peak_container_sessions = None;
            zone.peak_rdp_vnc_sessions = None;
        }
        assert!(encode(&plain).starts_with("4.1a.3b.1c.2d!E"));
        // One figure alone is enough for version 5; overrides and memory in bytes too.
        let mut one = plain.clone();
        one.zones[2].peak_container_sessions = Some(0);
        assert!(
            encode(&one).starts_with("5.1a.3b.1c.2d!S..0!E"),
            "{}",
            encode(&one)
        );
        let mut overrides = plain;
        overrides.capacity.cores_override = Some(16_000);
        overrides.capacity.memory_override = Some(64_000_000_001);
        let link = encode(&overrides);
        assert!(
            link.starts_with("5.1a.3b.1c.2d!Kc16000m64000000001!E"),
            "{link}"
        );
        assert_eq!(decode(&link), Ok(overrides));
        // Cut anywhere, it is refused.
        let link = encode(&topology);
        for end in 1..link.len() {
            assert_eq!(
                decode(&link[..end]),
                Err(LinkError::CutShort),
                "{}",
                &link[..end]
            );
        }
    }

    #[test]
    fn damaged_capacity_figures_are_refused_with_the_reason() {
        // Each body gets its own end mark, so that what is refused is the figure, not the cut.
        let cases: &[(&str, &str)] = &[
            ("4.3a!S5", "peak sessions setting is damaged (capacity figures are only in newer links)"),
            ("4.3a!Kh1x1", "capacity setting is damaged (capacity figures are only in newer links)"),
            ("5.3a!S5.6", "peak sessions setting is damaged (it names more zones than there are)"),
            ("5.3a.1b!S5.", "peak sessions setting is damaged (it ends in an empty one"),
            ("5.3a!S05", "peak sessions setting is damaged (a figure starts with 0"),
            ("5.3a!Sx", "peak sessions setting is damaged (a figure is not a number)"),
            ("5.3a!Sr", "peak sessions setting is damaged (a figure is not a number)"),
            ("5.3a!S99999999999999999999", "peak sessions setting is damaged (a figure is too large)"),
            ("5.3a!S1000001", "peak of sessions in a zone is over the planner's limit of 1000000 sessions"),
            ("5.3a!K", "capacity setting is damaged (it is empty)"),
            ("5.3a!Kq1", "capacity setting is damaged (it holds a figure this planner does not know)"),
            ("5.3a!Ks1h1x1M", "capacity setting is damaged (its figures are out of order"),
            ("5.3a!Ks1s2", "capacity setting is damaged (its figures are out of order, or one is given twice)"),
            ("5.3a!Kh8000", "capacity setting is damaged (a shape has no memory)"),
            ("5.3a!Kh8000x5000000", "capacity setting is damaged (a memory figure of whole megabytes is written with M)"),
            ("5.3a!Kh8000x0M", "capacity setting is damaged (a memory figure is out of range)"),
            ("5.3a!Ks0", "capacity setting is damaged (no spare Agents is never written)"),
            ("5.3a!Kdx", "capacity setting is damaged (the size is not s, m or l)"),
            ("5.3a!Kd", "capacity setting is damaged (the size is not s, m or l)"),
            ("5.3a!Kh1000001x1M", "Agent host's cores is over the planner's limit of 1000 cores"),
            ("5.3a!Km1000000001M", "Memory Override is over the planner's limit of 1000 TB"),
            ("5.3a", "capacity setting is damaged (a format-5 link holds capacity figures (!S or !K), and this one has none)"),
            ("5.3a!Pr", "capacity setting is damaged (a format-5 link holds capacity figures"),
            ("5.3a!S5!Pr", "publishing setting is damaged (the settings are out of order"),
            ("5.3a!Kdm!S5", "peak sessions setting is damaged (the settings are out of order"),
            ("5.3a!S5!S5", "peak sessions setting is damaged (the settings are out of order, or one is given twice"),
        ];
        for (body, expected) in cases {
            let link = format!("{body}!{}", end_mark(body));
            let message = match decode(&link) {
                Err(error) => error.to_string(),
                Ok(topology) => panic!("{body} opened: {topology:?}"),
            };
            assert!(message.contains(expected), "{body}: {message}");
        }
    }

    #[test]
    fn random_capacity_figures_round_trip() {
        // A small generator, so that the test needs no crate and repeats exactly.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        };
        for _ in 0..2_000 {
            let zones = 1 + next(6) as usize;
            let mut topology = Topology::of(
                (0..zones)
                    .map(|i| Zone::new(&format!("z{i}"), next(2) == 0, next(2) == 0))
                    .collect(),
            );
            for zone in &mut topology.zones {
                zone.peak_container_sessions = (next(3) > 0).then(|| next(MAX_COUNT + 1));
                zone.peak_rdp_vnc_sessions = (next(3) > 0).then(|| next(MAX_COUNT + 1));
            }
            let memory = |next: &mut dyn FnMut(u64) -> u64| match next(3) {
                0 => next(MAX_BYTES + 1),
                1 => next(MAX_BYTES / 1_000_000 + 1) * 1_000_000,
                _ => 2_768_000_000,
            };
            let shape = |next: &mut dyn FnMut(u64) -> u64| Shape {
                millicores: next(MAX_MILLICORES + 1),
                bytes: memory(next),
            };
            topology.capacity = Capacity {
                host: (next(2) == 0).then(|| shape(&mut next)),
                image: (next(2) == 0).then(|| shape(&mut next)),
                cores_override: (next(3) == 0).then(|| next(MAX_MILLICORES + 1)),
                memory_override: (next(3) == 0).then(|| memory(&mut next)),
                spares: if next(2) == 0 { next(MAX_COUNT + 1) } else { 0 },
                size: [
                    None,
                    Some(DeploymentSize::Small),
                    Some(DeploymentSize::Large),
                ][next(3) as usize],
            };
            let link = encode(&topology);
            assert_eq!(decode(&link), Ok(topology.clone()), "{link}");
            assert_eq!(link.starts_with("5."), topology.has_capacity(), "{link}");
        }
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let cases: &[(&str, &str)] = &[
            ("", "holds no planner topology"),
            ("hello", "holds no planner topology"),
            ("x1.3a", "holds no planner topology"),
            ("6.3a", "newer planner (format 6"),
            ("4.3a", "ends early or was changed"),
            ("99999999999.3a", "newer planner (format 99999999999"),
            ("1.3a!Pr", "base domain is damaged (it has a second part"),
            (
                "2.3a!Px",
                "publishing setting is damaged (this planner knows no such setting)",
            ),
            ("2.3a!Prx", "publishing setting is damaged"),
            (
                "2.3a!Pgname",
                "publishing setting is damaged (the Gateway has no namespace)",
            ),
            (
                "2.3a!Pr!Pl",
                "publishing setting is damaged (it is given twice)",
            ),
            (
                "2.3a!Tx",
                "TLS setting is damaged (this planner knows no such setting)",
            ),
            (
                "2.3a!TsA",
                "TLS setting is damaged (its name has characters",
            ),
            ("2.3a!Qr", "unknown setting is damaged"),
            (
                "2.3a!Rx.y",
                "regions setting is damaged (it names more zones than there are)",
            ),
            (
                "2.3a!RX",
                "regions setting is damaged (its name has characters",
            ),
            (
                "2.3a!R",
                "regions setting is damaged (the regions setting is empty)",
            ),
            (
                "2.3a.3b!R.",
                "regions setting is damaged (it ends in an empty one",
            ),
            (
                "2.3a!R~",
                "regions setting is damaged (it ends in an empty one",
            ),
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
