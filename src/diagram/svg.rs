//! The diagram as SVG text. The same markup is shown in the page and downloaded: its stylesheet
//! is embedded and scoped to `.kasm-diagram`, and reads the page's colour variables with light
//! fallbacks, so the page can theme it and a downloaded file looks the same on its own.

use super::layout::{column_headings, BoxShape, Diagram, Part, Traffic, HEADING_Y, ZONE_HUES};
use crate::engine::Placement;

/// The diagram's stylesheet. Colours fall back to the light theme outside the page.
pub const STYLE: &str = "\
.kasm-diagram{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;font-size:12px}\
.kasm-diagram .bg{fill:var(--surface,#fff)}\
.kasm-diagram text{fill:var(--text,#1b1f24)}\
.kasm-diagram .heading{font-weight:700;font-size:13px}\
.kasm-diagram .entry{font-size:11px;fill:var(--helm-fg,#0a4a8c)}\
.kasm-diagram .lane-label{font-weight:700}\
.kasm-diagram .lane>rect{stroke:none}\
.kasm-diagram .hue-0>rect{fill:var(--zone-0,#eef4fb)}.kasm-diagram .hue-1>rect{fill:var(--zone-1,#f3f8ee)}\
.kasm-diagram .hue-2>rect{fill:var(--zone-2,#fbf3ec)}.kasm-diagram .hue-3>rect{fill:var(--zone-3,#f5effa)}\
.kasm-diagram .hue-4>rect{fill:var(--zone-4,#ecf8f7)}.kasm-diagram .hue-5>rect{fill:var(--zone-5,#fbf0f3)}\
.kasm-diagram .hue-6>rect{fill:var(--zone-6,#f7f6e9)}.kasm-diagram .hue-7>rect{fill:var(--zone-7,#eef0f3)}\
.kasm-diagram .lane.hovered>rect{stroke:var(--accent,#0b5fb3);stroke-width:2}\
.kasm-diagram .boundary{fill:none;stroke:var(--helm-fg,#0a4a8c);stroke-width:2;stroke-dasharray:10 4}\
.kasm-diagram .box>rect{fill:var(--surface,#fff);stroke:var(--border-strong,#7b8794);stroke-width:1.5}\
.kasm-diagram .placement-helm>rect{fill:var(--helm-bg,#e3effc);stroke:var(--helm-fg,#0a4a8c)}\
.kasm-diagram .placement-external>rect{fill:var(--external-bg,#fdebd3);stroke:var(--external-fg,#7a3e00)}\
.kasm-diagram .placement-optional>rect{fill:var(--optional-bg,#f3f0fb);stroke:var(--optional-fg,#4b3a8a);stroke-dasharray:6 4}\
.kasm-diagram .t1{font-weight:700}.kasm-diagram .t2{font-size:11px;fill:var(--muted,#55606d)}\
.kasm-diagram .box[tabindex]{cursor:pointer}.kasm-diagram .t2{pointer-events:none}\
.kasm-diagram .box:focus{outline:none}.kasm-diagram .box:focus>rect,.kasm-diagram .box.selected>rect{stroke:var(--focus,#0b5fb3);stroke-width:3}\
.kasm-diagram .conn{fill:none;stroke-width:2}\
.kasm-diagram .web{stroke:var(--path-web,#6b7280);color:var(--path-web,#6b7280)}\
.kasm-diagram .container{stroke:var(--path-container,#1565c0);color:var(--path-container,#1565c0)}\
.kasm-diagram .rdp{stroke:var(--path-rdp,#b45309);color:var(--path-rdp,#b45309)}\
.kasm-diagram .database{stroke:var(--path-database,#7b3fb5);color:var(--path-database,#7b3fb5);stroke-dasharray:2 3}\
.kasm-diagram .conn.dashed{stroke-dasharray:6 4}\
.kasm-diagram .conn-label{font-size:10px;fill:var(--muted,#55606d)}\
.kasm-diagram .arrow{fill:currentColor;stroke:none}\
.kasm-diagram[data-highlight=web] .conn:not(.web),.kasm-diagram[data-highlight=container] .conn:not(.container),\
.kasm-diagram[data-highlight=rdp] .conn:not(.rdp),.kasm-diagram[data-highlight=database] .conn:not(.database){opacity:.12}\
.kasm-diagram[data-highlight] .conn{stroke-width:3}\
";

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 has no place for most control characters, nor for U+FFFE and U+FFFF,
            // even escaped: a file holding one is not well-formed.
            c if (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{fffe}' | '\u{ffff}') =>
            {
                out.push('\u{fffd}')
            }
            c => out.push(c),
        }
    }
    out
}

fn placement_class(placement: Option<Placement>) -> &'static str {
    match placement {
        Some(Placement::Helm) => "placement-helm",
        Some(Placement::External) => "placement-external",
        Some(Placement::Optional) => "placement-optional",
        Some(Placement::NotNeeded) | None => "placement-none",
    }
}

/// How a role box takes part in the page: `Some(true)` is the diagram's one tab stop (the rest
/// are reached with the arrow keys), `Some(false)` a button reached by arrow, `None` not
/// interactive at all (the embed, and every box that is not a role).
fn write_box(out: &mut String, b: &BoxShape, tab_stop: Option<bool>) {
    let r = b.rect;
    let zone = b
        .zone
        .map(|z| format!(" data-zone=\"{z}\""))
        .unwrap_or_default();
    let focus = match tab_stop {
        Some(first) => {
            if first {
                " tabindex=\"0\" role=\"button\" aria-haspopup=\"dialog\""
            } else {
                " tabindex=\"-1\" role=\"button\" aria-haspopup=\"dialog\""
            }
        }
        None => " role=\"img\"",
    };
    let x = r.x + super::layout::TEXT_PADDING;
    // A role box's own text is its title, which begins its accessible name ("Agent" in "Agent,
    // zone eu-west, External"), as WCAG 2.5.3 asks; the second line is drawn beside it, hidden
    // from assistive technology, which hears the placement in the name.
    out.push_str(&format!(
        "<g class=\"box {}\" id=\"box-{}\" data-box=\"{}\"{zone}{focus} aria-label=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/><text class=\"t1\" x=\"{x}\" y=\"{}\">{}</text></g><text class=\"t2\" aria-hidden=\"true\" x=\"{x}\" y=\"{}\">{}</text>",
        placement_class(b.placement),
        b.id,
        b.id,
        xml_escape(&b.name),
        r.x,
        r.y,
        r.w,
        r.h,
        r.y + 17,
        xml_escape(&b.title),
        r.y + 33,
        xml_escape(&b.subtitle),
    ));
}

/// The diagram as a standalone SVG document (no XML declaration, so it can also be inlined).
/// `interactive`: its role boxes are buttons that open their details, one tab stop for them all
/// (the planner); otherwise pictures only (the embed).
pub fn render(diagram: &Diagram, interactive: bool) -> String {
    let first_role = diagram
        .boxes
        .iter()
        .find(|b| matches!(b.part, Part::Role(_)))
        .map(|b| b.id.as_str());
    let zone_count = diagram.lanes.len();
    let (w, h) = (diagram.width, diagram.height + 34);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"kasm-diagram\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"group\" aria-labelledby=\"diagram-title\" aria-describedby=\"diagram-desc\">"
    );
    out.push_str(&format!(
        "<title id=\"diagram-title\">Kasm Workspaces topology: {}</title>",
        crate::words::count(zone_count, "zone")
    ));
    let names = |inside: bool| {
        diagram
            .boxes
            .iter()
            .filter(|b| b.in_cluster == inside && matches!(b.part, Part::Role(_)))
            .map(|b| b.name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    out.push_str(&format!(
        "<desc id=\"diagram-desc\">Users reach the cluster through: {}. In the Kubernetes cluster (Helm chart): {}. Outside the cluster: {}.</desc>",
        xml_escape(&diagram.entry),
        xml_escape(&names(true)),
        xml_escape(&{
            let outside = names(false);
            if outside.is_empty() { "nothing".to_owned() } else { outside }
        })
    ));
    out.push_str("<style>");
    out.push_str(STYLE);
    out.push_str("</style><defs>");
    for traffic in Traffic::ALL {
        out.push_str(&format!(
            "<marker id=\"arrow-{0}\" class=\"{0}\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path class=\"arrow\" d=\"M0 0L8 4L0 8z\"/></marker>",
            traffic.key()
        ));
    }
    out.push_str(&format!(
        "</defs><rect class=\"bg\" width=\"{w}\" height=\"{h}\"/><g aria-hidden=\"true\">"
    ));
    for lane in &diagram.lanes {
        let r = lane.rect;
        out.push_str(&format!(
            "<g class=\"lane hue-{}\" data-zone=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/><text class=\"lane-label\" x=\"{}\" y=\"{}\">{}<title>{}</title></text></g>",
            lane.hue % ZONE_HUES,
            lane.zone,
            r.x,
            r.y,
            r.w,
            r.h,
            r.x + 8,
            r.y + 15,
            xml_escape(&lane.label),
            xml_escape(&lane.full_name),
        ));
    }
    for (x, heading) in column_headings() {
        out.push_str(&format!(
            "<text class=\"heading\" x=\"{x}\" y=\"{HEADING_Y}\">{heading}</text>"
        ));
    }
    let c = diagram.cluster;
    out.push_str(&format!(
        "<rect class=\"boundary\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\"/>",
        c.x, c.y, c.w, c.h
    ));
    // The entry point, just above the boundary it leads through.
    out.push_str(&format!(
        "<text class=\"entry\" x=\"{}\" y=\"{}\">{}</text>",
        c.x + 10,
        c.y - 5,
        xml_escape(&super::layout::fit(
            &format!("Entry: {}", diagram.entry),
            c.w - 20
        ))
    ));
    for connector in &diagram.connectors {
        let points: Vec<String> = connector
            .points
            .iter()
            .map(|(x, y)| format!("{x},{y}"))
            .collect();
        let key = connector.traffic.key();
        let dashed = if connector.dashed { " dashed" } else { "" };
        out.push_str(&format!(
            "<polyline class=\"conn {key}{dashed}\" points=\"{}\" marker-end=\"url(#arrow-{key})\"/>",
            points.join(" ")
        ));
        if let (Some(label), Some(&(x, y))) = (&connector.label, connector.points.get(1)) {
            // Beside the connector's first bend, under the line it runs along.
            out.push_str(&format!(
                "<text class=\"conn-label\" x=\"{}\" y=\"{}\">{}</text>",
                x + 6,
                y + 11,
                xml_escape(label)
            ));
        }
    }
    out.push_str("</g>");
    for (inside, label) in [
        (true, "Kubernetes cluster (Helm chart)"),
        (false, "Outside the cluster"),
    ] {
        out.push_str(&format!("<g role=\"group\" aria-label=\"{label}\">"));
        for b in diagram.boxes.iter().filter(|b| b.in_cluster == inside) {
            let tab_stop = (interactive && matches!(b.part, Part::Role(_)))
                .then(|| first_role == Some(b.id.as_str()));
            write_box(&mut out, b, tab_stop);
        }
        out.push_str("</g>");
    }
    // The legend, along the bottom.
    let y = diagram.height + 12;
    let mut x = 24;
    out.push_str("<g class=\"legend\" aria-hidden=\"true\">");
    for traffic in Traffic::ALL {
        let key = traffic.key();
        out.push_str(&format!(
            "<polyline class=\"conn {key}\" points=\"{x},{y} {},{y}\" marker-end=\"url(#arrow-{key})\"/><text x=\"{}\" y=\"{}\">{}</text>",
            x + 28,
            x + 34,
            y + 4,
            traffic.label()
        ));
        x += 40 + super::layout::text_width(traffic.label());
    }
    out.push_str(&format!(
        "<rect class=\"box placement-optional\" x=\"{x}\" y=\"{}\" width=\"24\" height=\"14\" rx=\"3\" style=\"fill:var(--optional-bg,#f3f0fb);stroke:var(--optional-fg,#4b3a8a);stroke-dasharray:4 3\"/><text x=\"{}\" y=\"{}\">dashed: optional, not chosen</text></g></svg>",
        y - 7,
        x + 30,
        y + 4
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::layout::layout;
    use crate::engine::{plan, Topology, Zone};

    #[test]
    fn names_are_escaped_and_every_role_box_is_named() {
        let topology = Topology::of(vec![
            Zone::new("<script>alert(1)</script>", true, true),
            Zone::new("a&b\"c'\u{7}", true, false),
        ]);
        let svg = render(&layout(&topology, &plan(&topology)), true);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(svg.contains("a&amp;b&quot;c&apos;\u{fffd}"));
        assert_eq!(
            xml_escape("x\u{fffe}\u{ffff}\u{1}"),
            "x\u{fffd}\u{fffd}\u{fffd}"
        );
        assert_eq!(svg.matches("role=\"button\"").count(), 7);
        assert_eq!(svg.matches("tabindex=\"0\"").count(), 1, "one tab stop");
        assert_eq!(svg.matches("tabindex=\"-1\"").count(), 6);
        let read_only = render(&layout(&topology, &plan(&topology)), false);
        assert!(!read_only.contains("tabindex=\"") && !read_only.contains("role=\"button\""));
        assert!(svg.contains("aria-label=\"Agent, zone a&amp;b&quot;c&apos;\u{fffd}, External\""));
    }
}
