//! What the operator takes away: Helm values, a provisioning checklist, the placement table as
//! Markdown and CSV, and the topology as JSON (which can be imported again).
//!
//! Pure text from a topology and its plan; the page only shows, copies and downloads it. Kasm
//! facts (install commands, ports, chart keys) are from Kasm's public docs and repositories for
//! 1.19.x, and every export says to check them against the docs of the reader's version.

pub mod checklist;
pub mod helm;
pub mod json;
pub mod json_value;
pub mod table;

use crate::engine::Topology;

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
    /// The topology, JSON.
    Json,
}

impl Format {
    /// Every format, in the order of the export panel's tabs.
    pub const ALL: [Format; 5] = [
        Format::HelmValues,
        Format::Checklist,
        Format::TableMarkdown,
        Format::TableCsv,
        Format::Json,
    ];

    /// The tab's name.
    pub fn title(self) -> &'static str {
        match self {
            Format::HelmValues => "Helm values",
            Format::Checklist => "Checklist",
            Format::TableMarkdown => "Table (Markdown)",
            Format::TableCsv => "Table (CSV)",
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
            Format::Json => "kasm-topology.json",
        }
    }

    /// The download's media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::HelmValues => "application/yaml",
            Format::Checklist | Format::TableMarkdown => "text/markdown",
            Format::TableCsv => "text/csv",
            Format::Json => "application/json",
        }
    }

    /// Whether a topology with errors (duplicate or empty names) can still be exported in this
    /// format: tables and JSON yes, so work can be kept; deployment files no.
    pub fn allows_errors(self) -> bool {
        matches!(
            self,
            Format::TableMarkdown | Format::TableCsv | Format::Json
        )
    }
}

/// The export of `topology` in `format`.
pub fn render(format: Format, topology: &Topology) -> String {
    match format {
        Format::HelmValues => helm::values(topology),
        Format::Checklist => checklist::markdown(topology),
        Format::TableMarkdown => table::markdown(topology),
        Format::TableCsv => table::csv(topology),
        Format::Json => json::export(topology),
    }
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

/// The hostname of a zone: `eu-west` under `kasm.example.com` is `eu-west.kasm.example.com`.
pub fn zone_hostname(zone_name: &str, base_domain: &str) -> String {
    format!("{zone_name}.{base_domain}")
}
