//! The placement table as Markdown and as CSV, with the same rows and cells as the page.

use super::markdown_text;
use crate::engine::{plan, Role, Topology};

/// The columns, as on the page.
const HEADER: [&str; 5] = [
    "Zone",
    "App",
    "Connection Proxy",
    "Dedicated Proxy",
    "Agent",
];

fn rows(topology: &Topology) -> Vec<(String, bool, [String; 4])> {
    plan(topology)
        .zones
        .into_iter()
        .map(|zone| {
            let cells = Role::ALL.map(|role| zone.role(role).cell_text());
            (zone.name, zone.primary, cells)
        })
        .collect()
}

/// The table as a Markdown (GFM) table; the primary zone is marked as on the page.
pub fn markdown(topology: &Topology) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        HEADER.join(" | "),
        " --- |".repeat(HEADER.len())
    );
    for (name, primary, cells) in rows(topology) {
        let marker = if primary { " (primary zone)" } else { "" };
        out.push_str(&format!(
            "| {}{marker} | {} |\n",
            markdown_text(&name),
            cells.join(" | ")
        ));
    }
    out
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. A field that
/// a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The table as CSV: a header row, then one row per zone with a "Primary" column.
pub fn csv(topology: &Topology) -> String {
    let mut out = String::from("Zone,Primary,App,Connection Proxy,Dedicated Proxy,Agent\r\n");
    for (name, primary, cells) in rows(topology) {
        let mut fields = vec![
            csv_field(&name),
            (if primary { "yes" } else { "no" }).to_owned(),
        ];
        fields.extend(cells.iter().map(|cell| csv_field(cell)));
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}
