//! How much: the Agent hosts a zone needs for its peak of container sessions, and the chart's
//! `deploymentSize` for the deployment's peak.
//!
//! Kasm's sizing guide names the metric ("For all componenets, maximum concurrent Kasm sessions is
//! the metric that should be used when sizing") but publishes no formula. What Kasm documents is
//! its admission accounting (the Agent settings page, Kasm `KASM_VERSION`): each session reserves
//! its workspace image's cores and memory against the Agent's, or against its Cores Override and
//! Memory Override ("Instruct the system to treat the Agent as if it has this number of CPU
//! Cores. This is useful to tactically oversubscribe the Agent. 0 indicates no-override."), and
//! a session that fits nowhere gets "No Agent slots available". So the number of sessions an
//! Agent holds is derived here from that accounting, not quoted: the page says so.
//!
//! Pure arithmetic on whole numbers (thousandths of a core, bytes): no floating point, every
//! operation checked, so that no input a user types can overflow or divide by zero.

use serde::{Deserialize, Serialize};

/// A workspace image's reservation when nothing else is set: Kasm's installer gives every
/// workspace `cores: 2.0` and `memory: 2768000000` bytes (kasmtech/kasm-install-wizard
/// `index.js`).
pub const DEFAULT_IMAGE: Shape = Shape {
    millicores: 2_000,
    bytes: 2_768_000_000,
};

/// CPU and memory: an Agent host's, or what one session of a workspace image reserves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// CPU, in thousandths of a core (Kasm takes fractional cores such as 1.5).
    pub millicores: u64,
    /// Memory, in bytes.
    pub bytes: u64,
}

/// How Agent hosts are sized for a deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AgentSizing {
    /// One Agent host's cores and memory.
    pub host: Shape,
    /// What one session reserves ([`DEFAULT_IMAGE`] unless the operator's images differ).
    pub image: Shape,
    /// The Agent's Cores Override, if one is set: the cores Kasm counts instead of the host's.
    pub cores_override: Option<u64>,
    /// The Agent's Memory Override, if one is set: the bytes Kasm counts instead of the host's.
    pub memory_override: Option<u64>,
    /// Agents added to each zone beyond what its peak needs (the operator's choice).
    pub spares: u64,
}

/// Which of the Agent's resources runs out first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Binding {
    /// CPU: the cores run out first.
    Cpu,
    /// Memory runs out first.
    Memory,
    /// Both at once.
    Both,
}

/// A zone's Agents for its peak of container sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Agents {
    /// Sessions one Agent holds.
    pub sessions_per_agent: u64,
    /// What limits that number.
    pub binding: Binding,
    /// Agents the peak needs, with the spares.
    pub count: u64,
}

/// Why Agents cannot be counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SizingError {
    /// A host or image figure is zero; holds which.
    Zero(&'static str),
    /// One session needs more than an Agent has: not one session would start.
    ImageDoesNotFit,
    /// The figures are too large to count with.
    TooLarge,
}

impl std::fmt::Display for SizingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SizingError::Zero(what) => write!(f, "the {what} is zero; give a figure above 0"),
            SizingError::ImageDoesNotFit => write!(
                f,
                "one session reserves more than an Agent has, so Kasm would start none (\u{201c}No Agent slots available\u{201d}): use a larger host, a smaller image reservation, or an override"
            ),
            SizingError::TooLarge => write!(f, "the figures are too large to count with"),
        }
    }
}

impl AgentSizing {
    /// What Kasm counts for an Agent: the overrides where set (0 is no override, as in Kasm),
    /// else the host.
    pub fn counted(&self) -> Shape {
        Shape {
            millicores: self
                .cores_override
                .filter(|&cores| cores > 0)
                .unwrap_or(self.host.millicores),
            bytes: self
                .memory_override
                .filter(|&bytes| bytes > 0)
                .unwrap_or(self.host.bytes),
        }
    }

    /// Sessions one Agent holds: the lesser of its cores over the image's and its memory over
    /// the image's, each rounded down, and which of the two binds.
    pub fn sessions_per_agent(&self) -> Result<(u64, Binding), SizingError> {
        let agent = self.counted();
        for (figure, what) in [
            (agent.millicores, "Agent's CPU"),
            (agent.bytes, "Agent's memory"),
            (self.image.millicores, "image's CPU reservation"),
            (self.image.bytes, "image's memory reservation"),
        ] {
            if figure == 0 {
                return Err(SizingError::Zero(what));
            }
        }
        let by_cpu = agent.millicores / self.image.millicores;
        let by_memory = agent.bytes / self.image.bytes;
        let binding = match by_cpu.cmp(&by_memory) {
            std::cmp::Ordering::Less => Binding::Cpu,
            std::cmp::Ordering::Greater => Binding::Memory,
            std::cmp::Ordering::Equal => Binding::Both,
        };
        match by_cpu.min(by_memory) {
            0 => Err(SizingError::ImageDoesNotFit),
            sessions => Ok((sessions, binding)),
        }
    }

    /// The Agents a zone needs for `peak` concurrent container sessions: the peak over the
    /// sessions per Agent, rounded up, plus the spares.
    pub fn agents(&self, peak: u64) -> Result<Agents, SizingError> {
        let (sessions_per_agent, binding) = self.sessions_per_agent()?;
        let count = peak
            .div_ceil(sessions_per_agent)
            .checked_add(self.spares)
            .ok_or(SizingError::TooLarge)?;
        Ok(Agents {
            sessions_per_agent,
            binding,
            count,
        })
    }
}

/// The operator's capacity figures for the whole deployment (each zone's peaks are on the zone).
/// Every one is optional: a topology without any plans, links and exports as one did before
/// capacity was planned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// One Agent host's cores and memory; without it no Agents are counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<Shape>,
    /// What one session reserves, when the operator's images differ from [`DEFAULT_IMAGE`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Shape>,
    /// The Cores Override to set on each Agent (thousandths of a core), when oversubscribing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cores_override: Option<u64>,
    /// The Memory Override to set on each Agent (bytes), when oversubscribing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_override: Option<u64>,
    /// Agents added to each zone beyond what its peak needs.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub spares: u64,
    /// `deploymentSize` as the operator chose it; `None` is automatic, from the peak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<DeploymentSize>,
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

/// The most a capacity figure may be: far past any deployment (a thousand cores, a petabyte, a
/// million sessions), and small enough that no sum or product of them overflows.
pub const MAX_MILLICORES: u64 = 1_000_000;
/// See [`MAX_MILLICORES`]: memory, in bytes (10^15).
pub const MAX_BYTES: u64 = 1_000_000_000_000_000;
/// See [`MAX_MILLICORES`]: a zone's peak of sessions, or spare Agents.
pub const MAX_COUNT: u64 = 1_000_000;

impl Capacity {
    /// Whether no figure is given: the topology plans and links as without capacity.
    pub fn is_empty(&self) -> bool {
        *self == Capacity::default()
    }

    /// How Agents are sized, when the host is given.
    pub fn sizing(&self) -> Option<AgentSizing> {
        Some(AgentSizing {
            host: self.host?,
            image: self.image.unwrap_or(DEFAULT_IMAGE),
            cores_override: self.cores_override,
            memory_override: self.memory_override,
            spares: self.spares,
        })
    }

    /// The first figure past its limit, as (what, the limit as people write it).
    pub fn over_limit(&self) -> Option<(&'static str, &'static str)> {
        const CORES: (u64, &str) = (MAX_MILLICORES, "1000 cores");
        const MEMORY: (u64, &str) = (MAX_BYTES, "1000 TB");
        let figures = [
            ("Agent host's cores", self.host.map(|s| s.millicores), CORES),
            ("Agent host's memory", self.host.map(|s| s.bytes), MEMORY),
            (
                "image reservation's cores",
                self.image.map(|s| s.millicores),
                CORES,
            ),
            (
                "image reservation's memory",
                self.image.map(|s| s.bytes),
                MEMORY,
            ),
            ("Cores Override", self.cores_override, CORES),
            ("Memory Override", self.memory_override, MEMORY),
            (
                "number of spare Agents",
                Some(self.spares),
                (MAX_COUNT, "1,000,000"),
            ),
        ];
        figures
            .into_iter()
            .find(|(_, figure, (max, _))| figure.is_some_and(|figure| figure > *max))
            .map(|(what, _, (_, limit))| (what, limit))
    }
}

/// Cores as people write them, from thousandths: `8`, `1.5`, `0.25`.
pub fn cores_text(millicores: u64) -> String {
    let (whole, part) = (millicores / 1_000, millicores % 1_000);
    if part == 0 {
        return whole.to_string();
    }
    let part = format!("{part:03}");
    format!("{whole}.{}", part.trim_end_matches('0'))
}

/// Memory as people write it: in the largest unit it is a whole number of, decimal before binary
/// (`32 GB`, `2768 MB`, `16 GiB`), else in bytes.
pub fn memory_text(bytes: u64) -> String {
    MEMORY_UNITS
        .into_iter()
        .filter(|(_, size)| *size >= 1_000_000)
        .find(|(_, size)| bytes > 0 && bytes.is_multiple_of(*size))
        .map_or_else(
            || format!("{bytes} bytes"),
            |(name, size)| format!("{} {name}", bytes / size),
        )
}

/// The units a memory figure may be typed in, largest first, decimal before binary.
const MEMORY_UNITS: [(&str, u64); 14] = [
    ("TB", 1_000_000_000_000),
    ("TiB", 1 << 40),
    ("GB", 1_000_000_000),
    ("GiB", 1 << 30),
    ("MB", 1_000_000),
    ("MiB", 1 << 20),
    ("KB", 1_000),
    ("KiB", 1 << 10),
    // Kubernetes' spellings of the binary units.
    ("Ti", 1 << 40),
    ("Gi", 1 << 30),
    ("Mi", 1 << 20),
    ("Ki", 1 << 10),
    ("bytes", 1),
    ("B", 1),
];

/// Why a figure typed into a field is not taken; said at the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureError {
    /// Not a number the field takes; holds an example of one.
    NotANumber(&'static str),
    /// Below zero.
    Negative,
    /// Zero where a figure above zero is needed.
    Zero,
    /// Finer than the field counts (a thousandth of a core, a byte).
    TooFine,
    /// Past the limit, as people write it.
    TooLarge(&'static str),
}

impl std::fmt::Display for FigureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FigureError::NotANumber(example) => write!(f, "Not a figure: write it as {example}."),
            FigureError::Negative => write!(f, "Cannot be negative."),
            FigureError::Zero => write!(f, "Must be above 0."),
            FigureError::TooFine => {
                write!(f, "Too fine: cores count in thousandths, memory in bytes.")
            }
            FigureError::TooLarge(limit) => write!(f, "At most {limit}."),
        }
    }
}

/// A decimal figure (`12`, `1.5`, `1,000`) times `scale`, exactly; an error when it is not one
/// or is finer than a whole unit.
pub(crate) fn decimal(text: &str, scale: u64) -> Result<u64, FigureError> {
    let text: String = text.chars().filter(|c| !matches!(c, ',' | '_')).collect();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return Err(FigureError::NotANumber(""));
    }
    // Zeros at the end of a fraction change nothing; more than 30 places is finer than any
    // unit a field counts in.
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > 30 {
        return Err(FigureError::TooFine);
    }
    let mut value: u128 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        // Past 10^20 (a hundred million TB) the figure is over every limit anyway; the cap
        // keeps the product with any scale (at most 2^60) inside u128.
        value = (value * 10 + u128::from(b - b'0')).min(10u128.pow(20));
    }
    let denominator = 10u128.pow(u32::try_from(fraction.len()).unwrap_or(30));
    let scaled = value
        .checked_mul(u128::from(scale))
        .ok_or(FigureError::TooLarge(""))?;
    if !scaled.is_multiple_of(denominator) {
        return Err(FigureError::TooFine);
    }
    Ok(u64::try_from(scaled / denominator).unwrap_or(u64::MAX))
}

/// What a figure field holds, read: `Ok(None)` when empty.
fn read_figure(
    text: &str,
    example: &'static str,
    zero_allowed: bool,
    max: (u64, &'static str),
    read: impl Fn(&str) -> Result<u64, FigureError>,
) -> Result<Option<u64>, FigureError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.starts_with('-') {
        return Err(FigureError::Negative);
    }
    let value = read(text).map_err(|error| match error {
        FigureError::NotANumber(_) => FigureError::NotANumber(example),
        FigureError::TooLarge(_) => FigureError::TooLarge(max.1),
        other => other,
    })?;
    if value == 0 && !zero_allowed {
        return Err(FigureError::Zero);
    }
    if value > max.0 {
        return Err(FigureError::TooLarge(max.1));
    }
    Ok(Some(value))
}

/// A count typed by a user (a peak of sessions, spare Agents): a whole number, 0 or more.
pub fn read_count(text: &str) -> Result<Option<u64>, FigureError> {
    read_figure(
        text,
        "a whole number such as 40",
        true,
        (MAX_COUNT, "1,000,000"),
        |text| {
            decimal(text, 1).map_err(|error| match error {
                FigureError::TooFine => FigureError::NotANumber(""),
                other => other,
            })
        },
    )
}

/// Cores typed by a user (`8`, `1.5`), in thousandths; zero allowed where it means something
/// (an override of 0 is none, in Kasm).
pub fn read_cores(text: &str, zero_allowed: bool) -> Result<Option<u64>, FigureError> {
    read_figure(
        text,
        "cores such as 8 or 1.5",
        zero_allowed,
        (MAX_MILLICORES, "1000 cores"),
        |text| {
            // `8`, `8 cores`, `1 core`, and Kubernetes' `8000m`.
            let lower = text.to_ascii_lowercase();
            let number = lower
                .strip_suffix("cores")
                .or_else(|| lower.strip_suffix("core"))
                .unwrap_or(&lower)
                .trim_end();
            match number.strip_suffix('m') {
                Some(millicores) => decimal(millicores.trim_end(), 1),
                None => decimal(number, 1_000),
            }
        },
    )
}

/// Memory typed by a user, in bytes: a figure with a unit (`32 GB`, `16GiB`, `2768 MB`,
/// `2768000000 bytes`); a bare figure is in GB.
pub fn read_memory(text: &str, zero_allowed: bool) -> Result<Option<u64>, FigureError> {
    read_figure(
        text,
        "memory such as 32 GB, 16 GiB or 2768 MB",
        zero_allowed,
        (MAX_BYTES, "1000 TB"),
        |text| {
            let unit = MEMORY_UNITS.into_iter().find(|(name, _)| {
                text.len() > name.len()
                    && text.is_char_boundary(text.len() - name.len())
                    && text[text.len() - name.len()..].eq_ignore_ascii_case(name)
            });
            match unit {
                Some((name, size)) => decimal(text[..text.len() - name.len()].trim_end(), size),
                None => decimal(text, 1_000_000_000),
            }
        },
    )
}

/// The `deploymentSize` a topology is planned at, and how it was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SizeChoice {
    /// The operator chose it.
    Chosen(DeploymentSize),
    /// From the deployment's peak of concurrent sessions (every zone's container and RDP/VNC
    /// peaks added), by [`DeploymentSize::automatic`].
    Automatic(DeploymentSize, u64),
}

impl SizeChoice {
    /// The size.
    pub fn size(self) -> DeploymentSize {
        match self {
            SizeChoice::Chosen(size) | SizeChoice::Automatic(size, _) => size,
        }
    }

    /// The size the chart's presets are taken at: `choice`'s, or the chart's default, small.
    pub fn planned(choice: Option<SizeChoice>) -> DeploymentSize {
        choice.map_or(DeploymentSize::Small, SizeChoice::size)
    }
}

/// The chart's `deploymentSize`, which picks its replicas and resources presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeploymentSize {
    /// `small`, the chart's default.
    Small,
    /// `medium`.
    Medium,
    /// `large`.
    Large,
}

impl DeploymentSize {
    /// Every size, smallest first.
    pub const ALL: [DeploymentSize; 3] = [
        DeploymentSize::Small,
        DeploymentSize::Medium,
        DeploymentSize::Large,
    ];

    /// The value `deploymentSize` takes (values.schema.json: enum small, medium, large).
    pub fn key(self) -> &'static str {
        match self {
            DeploymentSize::Small => "small",
            DeploymentSize::Medium => "medium",
            DeploymentSize::Large => "large",
        }
    }

    /// The chart's own words for the size, quoted from the comment above `deploymentSize` in
    /// kasm-helm `CHART_VERSION` values.yaml (L2-7).
    pub fn label(self) -> &'static str {
        match self {
            DeploymentSize::Small => "Up to 10-15 sessions",
            DeploymentSize::Medium => "Up to 25-30 sessions",
            DeploymentSize::Large => "Up to 50+ sessions",
        }
    }

    /// The size for a deployment's peak of concurrent sessions. The chart labels its sizes but
    /// draws no line between them; this takes each label's upper figure as the line (small up
    /// to 15, medium up to 30, large above), which is the planner's reading, and says so.
    pub fn automatic(peak: u64) -> DeploymentSize {
        match peak {
            0..=15 => DeploymentSize::Small,
            16..=30 => DeploymentSize::Medium,
            _ => DeploymentSize::Large,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u64 = 1 << 30;

    #[test]
    fn figures_are_written_as_people_write_them() {
        let cores = [
            (8_000, "8"),
            (1_500, "1.5"),
            (250, "0.25"),
            (1, "0.001"),
            (0, "0"),
        ];
        for (millicores, text) in cores {
            assert_eq!(cores_text(millicores), text);
        }
        assert_eq!(memory_text(32_000_000_000), "32 GB");
        assert_eq!(memory_text(2_768_000_000), "2768 MB");
        assert_eq!(memory_text(2_000_000_000_000), "2 TB");
        assert_eq!(memory_text(GIB), "1 GiB");
        assert_eq!(memory_text(2_768_000_001), "2768000001 bytes");
        assert_eq!(memory_text(0), "0 bytes");
    }

    /// What a user types into a figure field, read or refused with the field's message.
    #[test]
    fn figures_typed_into_fields() {
        assert_eq!(read_count(""), Ok(None));
        assert_eq!(read_count(" 40 "), Ok(Some(40)));
        assert_eq!(read_count("1,000"), Ok(Some(1_000)));
        assert_eq!(read_count("0"), Ok(Some(0)));
        assert_eq!(read_count("-3"), Err(FigureError::Negative));
        assert!(matches!(
            read_count("forty"),
            Err(FigureError::NotANumber(_))
        ));
        assert!(matches!(read_count("2.5"), Err(FigureError::NotANumber(_))));
        assert_eq!(
            read_count("1000001"),
            Err(FigureError::TooLarge("1,000,000"))
        );
        assert_eq!(
            read_count("99999999999999999999999999999999999999999"),
            Err(FigureError::TooLarge("1,000,000"))
        );
        assert_eq!(read_cores("8", false), Ok(Some(8_000)));
        assert_eq!(read_cores("1.5", false), Ok(Some(1_500)));
        assert_eq!(read_cores(".25", false), Ok(Some(250)));
        assert_eq!(read_cores("12 cores", false), Ok(Some(12_000)));
        assert_eq!(read_cores("8 Cores", false), Ok(Some(8_000)));
        assert_eq!(read_cores("1 core", false), Ok(Some(1_000)));
        assert_eq!(read_cores("8000m", false), Ok(Some(8_000)));
        assert_eq!(read_cores("1500 m", false), Ok(Some(1_500)));
        assert_eq!(read_cores("0", false), Err(FigureError::Zero));
        assert_eq!(read_cores("0", true), Ok(Some(0)));
        assert_eq!(read_cores("0.0001", false), Err(FigureError::TooFine));
        assert_eq!(
            read_cores("1001", false),
            Err(FigureError::TooLarge("1000 cores"))
        );
        assert!(matches!(
            read_cores(".", false),
            Err(FigureError::NotANumber(_))
        ));
        assert!(matches!(
            read_cores("1.2.3", false),
            Err(FigureError::NotANumber(_))
        ));
        assert_eq!(read_memory("32", false), Ok(Some(32_000_000_000)));
        assert_eq!(read_memory("32 GB", false), Ok(Some(32_000_000_000)));
        assert_eq!(read_memory("16GiB", false), Ok(Some(16 * GIB)));
        assert_eq!(read_memory("32Gi", false), Ok(Some(32 * GIB)));
        assert_eq!(read_memory("512 Mi", false), Ok(Some(512 << 20)));
        // Past u128 once scaled: refused, never wrapped.
        assert_eq!(
            read_memory("340282366920938463463374608 TB", false),
            Err(FigureError::TooLarge("1000 TB"))
        );
        assert_eq!(
            read_memory("1.000000000000000000000000000000000 GB", false),
            Ok(Some(1_000_000_000))
        );
        assert_eq!(read_memory("1.5 gib", false), Ok(Some(GIB * 3 / 2)));
        assert_eq!(read_memory("2768 MB", false), Ok(Some(2_768_000_000)));
        assert_eq!(
            read_memory("2768000000 bytes", false),
            Ok(Some(2_768_000_000))
        );
        assert_eq!(read_memory("512 B", false), Ok(Some(512)));
        assert_eq!(read_memory("0.5 B", false), Err(FigureError::TooFine));
        assert_eq!(
            read_memory("1001 TB", false),
            Err(FigureError::TooLarge("1000 TB"))
        );
        assert!(matches!(
            read_memory("GB", false),
            Err(FigureError::NotANumber(_))
        ));
        assert!(matches!(
            read_memory("lots", false),
            Err(FigureError::NotANumber(_))
        ));
        assert!(matches!(
            read_memory("é", false),
            Err(FigureError::NotANumber(_))
        ));
        // Whatever is written is read back as the same figure.
        for bytes in [1, 512, 2_768_000_000, 16 * GIB, 32_000_000_000, 3 << 40] {
            assert_eq!(read_memory(&memory_text(bytes), false), Ok(Some(bytes)));
        }
        for millicores in [1, 250, 1_500, 8_000] {
            assert_eq!(
                read_cores(&cores_text(millicores), false),
                Ok(Some(millicores))
            );
        }
    }

    /// Whatever is typed, a field's reader answers without a panic, and a figure it takes is
    /// within its limit and written back as the same figure.
    #[test]
    fn any_text_typed_is_read_or_refused() {
        const PIECES: [&str; 16] = [
            "0",
            "7",
            "9",
            "123456789",
            "99999999999999999999",
            ".",
            ",",
            "_",
            "-",
            " ",
            "GB",
            "Gi",
            "m",
            "cores",
            "e",
            "\u{e9}",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let length = next() % 8;
            let text: String = (0..length)
                .filter_map(|_| usize::try_from(next() % 16).ok())
                .map(|at| PIECES[at])
                .collect();
            if let Ok(Some(count)) = read_count(&text) {
                assert!(count <= MAX_COUNT, "{text:?}");
            }
            if let Ok(Some(millicores)) = read_cores(&text, true) {
                assert!(millicores <= MAX_MILLICORES, "{text:?}");
                assert_eq!(
                    read_cores(&cores_text(millicores), true),
                    Ok(Some(millicores))
                );
            }
            if let Ok(Some(bytes)) = read_memory(&text, true) {
                assert!(bytes <= MAX_BYTES, "{text:?}");
                if bytes > 0 {
                    assert_eq!(read_memory(&memory_text(bytes), true), Ok(Some(bytes)));
                }
            }
        }
    }

    fn host(cores: u64, gib: u64) -> AgentSizing {
        AgentSizing {
            host: Shape {
                millicores: cores * 1_000,
                bytes: gib * GIB,
            },
            image: DEFAULT_IMAGE,
            cores_override: None,
            memory_override: None,
            spares: 0,
        }
    }

    /// Worked by hand from the default image (2 cores, 2,768,000,000 bytes).
    #[test]
    fn agents_per_zone_worked_by_hand() {
        // (host, peak, sessions per Agent, binding, Agents)
        let cases = [
            // 8 cores / 2 = 4; 16 GiB = 17,179,869,184 / 2,768,000,000 = 6.2 -> 6: CPU binds.
            (host(8, 16), 10, 4, Binding::Cpu, 3),
            // 16 / 2 = 8; 6 by memory: memory binds; 25 / 6 = 4.2 -> 5.
            (host(16, 16), 25, 6, Binding::Memory, 5),
            // 4 / 2 = 2; 8 GiB = 8,589,934,592 / 2,768,000,000 = 3.1 -> 3: CPU binds; 2 / 2 = 1.
            (host(4, 8), 2, 2, Binding::Cpu, 1),
            // 12 / 2 = 6; 16 GiB -> 6: both at once; exactly 12 sessions on 2 Agents.
            (host(12, 16), 12, 6, Binding::Both, 2),
            // No peak: no Agent.
            (host(8, 16), 0, 4, Binding::Cpu, 0),
        ];
        for (sizing, peak, per_agent, binding, count) in cases {
            assert_eq!(
                sizing.agents(peak),
                Ok(Agents {
                    sessions_per_agent: per_agent,
                    binding,
                    count
                }),
                "{sizing:?}, peak {peak}"
            );
        }
    }

    #[test]
    fn an_override_changes_the_answer_and_spares_add() {
        // A 16-core, 64 GiB host counted as 32 cores: 32 / 2 = 16; 68,719,476,736 /
        // 2,768,000,000 = 24.8 -> 24; CPU still binds, at 16 instead of 8.
        let mut sizing = host(16, 64);
        assert_eq!(sizing.sessions_per_agent(), Ok((8, Binding::Cpu)));
        sizing.cores_override = Some(32_000);
        assert_eq!(sizing.sessions_per_agent(), Ok((16, Binding::Cpu)));
        // 40 sessions: 40 / 16 = 2.5 -> 3, and one spare.
        sizing.spares = 1;
        assert_eq!(sizing.agents(40).map(|a| a.count), Ok(4));
        // Memory counted as 32 GiB: 34,359,738,368 / 2,768,000,000 = 12.4 -> 12 binds.
        sizing.memory_override = Some(32 * GIB);
        assert_eq!(sizing.sessions_per_agent(), Ok((12, Binding::Memory)));
        // 0 is no override, as in Kasm.
        sizing.cores_override = Some(0);
        assert_eq!(sizing.counted().millicores, 16_000);
    }

    #[test]
    fn an_image_larger_than_the_host_and_zeros_are_refused() {
        // 1 core cannot hold a 2-core session.
        assert_eq!(
            host(1, 64).sessions_per_agent(),
            Err(SizingError::ImageDoesNotFit)
        );
        // 2 GiB cannot hold 2,768,000,000 bytes.
        assert_eq!(host(8, 2).agents(5), Err(SizingError::ImageDoesNotFit));
        let mut zero = host(8, 16);
        zero.image.millicores = 0;
        assert_eq!(
            zero.agents(5),
            Err(SizingError::Zero("image's CPU reservation"))
        );
        assert!(SizingError::ImageDoesNotFit
            .to_string()
            .contains("No Agent slots available"));
        // The largest figures neither overflow nor panic.
        let mut huge = host(8, 16);
        huge.spares = u64::MAX;
        assert_eq!(huge.agents(u64::MAX), Err(SizingError::TooLarge));
    }

    /// Whatever the figures, the Agents hold the peak, and one more session never needs fewer.
    #[test]
    fn agents_always_cover_the_peak() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |below: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % below
        };
        for _ in 0..5_000 {
            let sizing = AgentSizing {
                host: Shape {
                    millicores: 1 + next(128_000),
                    bytes: 1 + next(1 << 40),
                },
                image: Shape {
                    millicores: 1 + next(8_000),
                    bytes: 1 + next(16 * GIB),
                },
                cores_override: Some(next(256_000)),
                memory_override: Some(next(1 << 41)),
                spares: next(3),
            };
            let peak = next(10_000);
            match (sizing.agents(peak), sizing.agents(peak + 1)) {
                (Ok(agents), Ok(more)) => {
                    let held = (agents.count - sizing.spares) * agents.sessions_per_agent;
                    assert!(held >= peak, "{sizing:?} {peak}: {agents:?}");
                    assert!(more.count >= agents.count);
                }
                (Err(error), Err(same)) => assert_eq!(error, same),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn the_automatic_size_follows_the_charts_labels() {
        for (peak, size) in [
            (0, DeploymentSize::Small),
            (15, DeploymentSize::Small),
            (16, DeploymentSize::Medium),
            (30, DeploymentSize::Medium),
            (31, DeploymentSize::Large),
            (5_000, DeploymentSize::Large),
        ] {
            assert_eq!(DeploymentSize::automatic(peak), size, "{peak}");
        }
        let keys: Vec<&str> = DeploymentSize::ALL.iter().map(|s| s.key()).collect();
        assert_eq!(keys, ["small", "medium", "large"]);
        assert!(DeploymentSize::Large.label().contains("50+"));
    }
}
