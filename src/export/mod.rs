//! What the operator takes away: Helm values, a provisioning checklist, the placement table as
//! Markdown and CSV, and the topology as JSON (which can be imported again).
//!
//! Pure text from a topology and its plan; the page only shows, copies and downloads it. Kasm
//! facts (install commands, ports, chart keys) are from Kasm's public docs and repositories for
//! 1.19.x, and every export says to check them against the docs of the reader's version.

pub mod capacity;
pub mod checklist;
pub mod helm;
pub mod json;
pub mod json_value;
pub mod table;

use crate::engine::{Severity, Topology};

/// The kasm-helm chart the exports target (named once, in `crate::engine::chart`).
pub use crate::engine::{CHART_VERSION, KASM_VERSION};

/// The Helm release, and the namespace it goes into, that every command names. The chart's
/// Secret of tokens is `<release>-secrets`.
pub const RELEASE: &str = "kasm";

/// The chart's install command (kasmtech/kasm-helm `README.md`, "helm install kasm
/// oci://registry-1.docker.io/kasmweb/kasm-helm --version … --namespace kasm --create-namespace
/// -f my-values.yaml"), for [`CHART_VERSION`].
pub fn install_command() -> String {
    format!(
        "helm install {RELEASE} oci://registry-1.docker.io/kasmweb/kasm-helm --version {CHART_VERSION} --namespace {RELEASE} --create-namespace -f my-values.yaml"
    )
}

/// One export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// `my-values.yaml` for the kasm-helm chart.
    HelmValues,
    /// The provisioning checklist, Markdown.
    Checklist,
    /// The placement table, Markdown.
    TableMarkdown,
    /// The placement table, CSV.
    TableCsv,
    /// The capacity table, Markdown, with its notes.
    CapacityMarkdown,
    /// The capacity table, CSV.
    CapacityCsv,
    /// The topology, JSON.
    Json,
}

impl Format {
    /// Every format, in the order of the export panel's tabs.
    pub const ALL: [Format; 7] = [
        Format::HelmValues,
        Format::Checklist,
        Format::TableMarkdown,
        Format::TableCsv,
        Format::CapacityMarkdown,
        Format::CapacityCsv,
        Format::Json,
    ];

    /// The tab's name.
    pub fn title(self) -> &'static str {
        match self {
            Format::HelmValues => "Helm values",
            Format::Checklist => "Checklist",
            Format::TableMarkdown => "Table (Markdown)",
            Format::TableCsv => "Table (CSV)",
            Format::CapacityMarkdown => "Capacity (Markdown)",
            Format::CapacityCsv => "Capacity (CSV)",
            Format::Json => "JSON",
        }
    }

    /// The name a download is saved under.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::HelmValues => "my-values.yaml",
            Format::Checklist => "kasm-provisioning-checklist.md",
            Format::TableMarkdown => "kasm-role-placement.md",
            Format::TableCsv => "kasm-role-placement.csv",
            Format::CapacityMarkdown => "kasm-capacity.md",
            Format::CapacityCsv => "kasm-capacity.csv",
            Format::Json => "kasm-topology.json",
        }
    }

    /// The download's media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::HelmValues => "application/yaml",
            Format::Checklist | Format::TableMarkdown | Format::CapacityMarkdown => "text/markdown",
            Format::TableCsv | Format::CapacityCsv => "text/csv",
            Format::Json => "application/json",
        }
    }

    /// Whether a topology with errors (duplicate, empty or non-DNS names, a setting the chart
    /// refuses) can still be exported in this format: tables and JSON yes, so work can be kept;
    /// deployment files no.
    pub fn allows_errors(self) -> bool {
        !matches!(self, Format::HelmValues | Format::Checklist)
    }
}

/// Why a deployment file (Helm values, checklist) is not written for a topology: the errors in
/// it, each naming the zone or setting and the rule. Operators paste these files into a
/// cluster and a root shell, so a name the chart or a shell would misread never reaches them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The topology's errors, in the findings' order.
    pub reasons: Vec<String>,
}

/// The export of `topology` in `format`, or why it is refused.
pub fn render(format: Format, topology: &Topology) -> Result<String, Refused> {
    if !format.allows_errors() {
        let reasons: Vec<String> = topology
            .findings()
            .into_iter()
            .filter(|finding| finding.severity == Severity::Error)
            .map(|finding| finding.message)
            .collect();
        if !reasons.is_empty() {
            return Err(Refused { reasons });
        }
    }
    Ok(match format {
        Format::HelmValues => helm::values(topology),
        Format::Checklist => checklist::markdown(topology),
        Format::TableMarkdown => table::markdown(topology),
        Format::TableCsv => table::csv(topology),
        Format::CapacityMarkdown => capacity::markdown(topology),
        Format::CapacityCsv => capacity::csv(topology),
        Format::Json => json::export(topology),
    })
}

/// A zone name as Markdown text: backslash-escaped so that `*`, `|` or `<b>` in a name show as
/// typed instead of formatting the checklist.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>|~&".contains(c) {
            out.push('\\');
        }
        if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` as one word for a POSIX shell (bash, sh, zsh): as it is when it holds only characters
/// no shell treats specially, otherwise in single quotes, with each `'` written `'\''` and each
/// control character (a newline, say) as bash's `$'\xNN'`, so that nothing in it can end the
/// word, start a command substitution or a second line. The exports refuse names that would
/// need this; it stays so that a later rule change cannot turn a name into a command.
pub fn shell_word(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        return text.to_owned();
    }
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\'' => out.push_str("'\\''"),
            c if c.is_control() => {
                let mut bytes = [0u8; 4];
                out.push('\'');
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("$'\\x{byte:02x}'"));
                }
                out.push('\'');
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `text` as a Markdown code span that nothing in it can end: fenced by one backtick more than
/// its longest run of backticks, padded with a space where it starts or ends with one, and with
/// line breaks and other control characters shown as U+FFFD (a code span cannot hold a line
/// break without ending its paragraph's meaning).
pub fn code_span(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}
