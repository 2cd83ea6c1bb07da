//! The diagram as SVG text. The same markup is shown in the page and downloaded. Its stylesheet,
//! `style/diagram.css`, is scoped to `.kasm-diagram` and reads the page's colour variables with
//! light fallbacks: the build joins it to the pages' stylesheet and a file carries it, so the
//! page can theme the diagram and a downloaded file looks the same on its own.

use super::layout::{BoxShape, Diagram, Key, Part, Text, ZONE_HUES};
use crate::engine::Placement;

/// The diagram's stylesheet, as a file carries it (without the comment that opens it).
pub fn style() -> &'static str {
    let css = include_str!("../../style/diagram.css");
    css.split_once("*/")
        .map_or(css, |(_, rules)| rules.trim_start())
}

/// Where the SVG goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// A file of its own: it carries its stylesheet.
    File,
    /// A page that links `style/diagram.css` (an embed, the first screen): a picture.
    Page,
    /// The planner: its role boxes are buttons that open their details, one tab stop for them
    /// all.
    Planner,
}

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

/// The page's id of the box `id`: `box-app-0`.
pub fn element_id(id: &str) -> String {
    format!("box-{id}")
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
    // zone eu-west, External"), as WCAG 2.5.3 asks; the lines under it are drawn beside it,
    // hidden from assistive technology, which hears the placement in the name.
    out.push_str(&format!(
        "<g class=\"box placement-{}\" id=\"{}\" data-box=\"{}\"{zone}{focus} aria-label=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/><text class=\"t1\" x=\"{x}\" y=\"{}\">{}</text></g>",
        // The placement's key colours the box (`placement-helm`); `none` for a box that is not a
        // role's.
        b.placement.map_or("none", Placement::key),
        element_id(&b.id),
        b.id,
        xml_escape(&b.name),
        r.x,
        r.y,
        r.w,
        r.h,
        r.y + 17,
        xml_escape(b.title),
    ));
    for (line, y) in b.notes.iter().zip([r.y + 32, r.y + 46]) {
        if line.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<text class=\"t2\" aria-hidden=\"true\" x=\"{x}\" y=\"{y}\">{}</text>",
            xml_escape(line)
        ));
    }
}

/// A line of text of class `class`.
fn write_text(out: &mut String, class: &str, text: &Text) {
    out.push_str(&format!(
        "<text class=\"{class}\" x=\"{}\" y=\"{}\">{}</text>",
        text.x,
        text.y,
        xml_escape(&text.text)
    ));
}

/// The diagram as a standalone SVG document (no XML declaration, so it can also be inlined), for
/// the use `used`.
pub fn render(diagram: &Diagram, used: Use) -> String {
    let interactive = used == Use::Planner;
    let first_role = diagram
        .boxes
        .iter()
        .find(|b| matches!(b.part, Part::Role(_)))
        .map(|b| b.id.as_str());
    let zone_count = diagram.lanes.len();
    let (w, h) = (diagram.width, diagram.height);
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
        xml_escape(&diagram.entered_through),
        xml_escape(&names(true)),
        xml_escape(&{
            let outside = names(false);
            if outside.is_empty() { "nothing".to_owned() } else { outside }
        })
    ));
    if used == Use::File {
        out.push_str("<style>");
        out.push_str(style());
        out.push_str("</style>");
    }
    out.push_str("<defs>");
    for traffic in super::layout::Traffic::ALL {
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
            "<g class=\"lane hue-{}\" data-zone=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/></g>",
            lane.hue % ZONE_HUES,
            lane.zone,
            r.x,
            r.y,
            r.w,
            r.h,
        ));
    }
    for c in &diagram.cluster {
        out.push_str(&format!(
            "<rect class=\"boundary\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\"/>",
            c.x, c.y, c.w, c.h
        ));
    }
    // The entry point, at the top, where users come in.
    write_text(&mut out, "entry", &diagram.entry);
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
        for line in &connector.label {
            write_text(&mut out, "conn-label", line);
        }
    }
    // Over the lines that cross them, each on a halo of its lane's colour.
    for heading in &diagram.headings {
        write_text(&mut out, "heading", heading);
    }
    for caption in &diagram.captions {
        write_text(&mut out, "caption", caption);
    }
    for lane in &diagram.lanes {
        let r = lane.rect;
        out.push_str(&format!(
            "<text class=\"lane-label hue-{}\" data-zone=\"{}\" x=\"{}\" y=\"{}\">{}<title>{}</title></text>",
            lane.hue % ZONE_HUES,
            lane.zone,
            r.x + 8,
            r.y + 15,
            xml_escape(&lane.label),
            xml_escape(&lane.full_name),
        ));
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
    // The legend, under the lanes.
    out.push_str("<g class=\"legend\" aria-hidden=\"true\">");
    for (key, text) in &diagram.legend {
        let (x, y) = (text.x, text.y - 4);
        match key {
            Key::Traffic(traffic) => {
                let key = traffic.key();
                out.push_str(&format!(
                    "<polyline class=\"conn {key}\" points=\"{x},{y} {},{y}\" marker-end=\"url(#arrow-{key})\"/>",
                    x + 26
                ));
            }
            Key::Optional => out.push_str(&format!(
                "<rect x=\"{x}\" y=\"{}\" width=\"26\" height=\"14\" rx=\"3\"/>",
                y - 7
            )),
        }
        write_text(
            &mut out,
            "key",
            &Text {
                x: x + 32,
                ..text.clone()
            },
        );
    }
    out.push_str("</g></svg>");
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
        let svg = render(&layout(&topology, &plan(&topology)), Use::Planner);
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
        let read_only = render(&layout(&topology, &plan(&topology)), Use::File);
        assert!(
            read_only.contains("<style>.kasm-diagram{"),
            "a file carries its style"
        );
        assert!(
            !svg.contains("<style>"),
            "the page has it from its stylesheet"
        );
        assert!(!read_only.contains("tabindex=\"") && !read_only.contains("role=\"button\""));
        assert!(svg.contains("aria-label=\"Agent, zone a&amp;b&quot;c&apos;\u{fffd}, External\""));
    }
}
