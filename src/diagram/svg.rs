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
/// interactive at all (the embed, and every box that is not a role). The box and each line under
/// it are pieces of their own.
fn write_box(pieces: &mut Pieces, b: &BoxShape, tab_stop: Option<bool>) {
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
    pieces.push(format!(
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
        pieces.push(format!(
            "<text class=\"t2\" aria-hidden=\"true\" x=\"{x}\" y=\"{y}\">{}</text>",
            xml_escape(line)
        ));
    }
}

/// A line of text of class `class`.
fn text_element(class: &str, text: &Text) -> String {
    format!(
        "<text class=\"{class}\" x=\"{}\" y=\"{}\">{}</text>",
        text.x,
        text.y,
        xml_escape(&text.text)
    )
}

/// The groups under the SVG's root, after its head: the drawing behind the boxes (lanes,
/// boundary, lines and words, hidden from assistive technology), the boxes in the cluster, those
/// outside it, and the legend.
const GROUPS: [&str; 4] = [
    "<g aria-hidden=\"true\">",
    "<g role=\"group\" aria-label=\"Kubernetes cluster (Helm chart)\">",
    "<g role=\"group\" aria-label=\"Outside the cluster\">",
    "<g class=\"legend\" aria-hidden=\"true\">",
];

/// What ends each element's markup in `Pieces`: a control character, which `xml_escape` never
/// lets through, so no text can end a piece early.
pub const PIECE_END: char = '\u{1}';

/// Sibling elements' markup, each ended by `PIECE_END`, for the page to patch one by one
/// (`kasmPatch` in web/boot.js).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pieces(pub String);

impl Pieces {
    /// Adds an element's markup.
    pub fn push(&mut self, element: String) {
        self.0.push_str(&element);
        self.0.push(PIECE_END);
    }

    /// The elements' markup, joined.
    pub fn joined(&self) -> String {
        self.0.replace(PIECE_END, "")
    }
}

/// The diagram's SVG in the pieces the page patches: its size, the root's first children
/// (title, description, style, markers, background) and, for each of `GROUPS`, its elements in
/// order. Written out `whole`, it is the SVG document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawing {
    /// Width and height, in CSS pixels.
    pub size: (i32, i32),
    /// The root's children before the groups.
    pub head: Pieces,
    /// The elements of each of `GROUPS`.
    pub groups: [Pieces; 4],
}

impl Drawing {
    /// The root's open tag, with the size.
    fn open(&self) -> String {
        let (w, h) = self.size;
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"kasm-diagram\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"group\" aria-labelledby=\"diagram-title\" aria-describedby=\"diagram-desc\">"
        )
    }

    /// The root element with the size and none of its children.
    pub fn root(&self) -> String {
        self.open() + "</svg>"
    }

    /// The root's children: the head, then each of `GROUPS` empty (the page fills them one by
    /// one).
    pub fn children(&self) -> String {
        let mut children = self.head.clone();
        for open in GROUPS {
            children.push(format!("{open}</g>"));
        }
        children.0
    }

    /// The SVG document, whole.
    pub fn whole(&self) -> String {
        let mut out = self.open();
        out.push_str(&self.head.joined());
        for (open, pieces) in GROUPS.iter().zip(&self.groups) {
            out.push_str(open);
            out.push_str(&pieces.joined());
            out.push_str("</g>");
        }
        out.push_str("</svg>");
        out
    }
}

/// The diagram as a standalone SVG document (no XML declaration, so it can also be inlined), for
/// the use `used`.
pub fn render(diagram: &Diagram, used: Use) -> String {
    drawing(diagram, used).whole()
}

/// The diagram in pieces, for the use `used`.
pub fn drawing(diagram: &Diagram, used: Use) -> Drawing {
    let interactive = used == Use::Planner;
    let first_role = diagram
        .boxes
        .iter()
        .find(|b| matches!(b.part, Part::Role(_)))
        .map(|b| b.id.as_str());
    let zone_count = diagram.lanes.len();
    let (w, h) = (diagram.width, diagram.height);
    let mut head = Pieces::default();
    head.push(format!(
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
    head.push(format!(
        "<desc id=\"diagram-desc\">Users reach the cluster through: {}. In the Kubernetes cluster (Helm chart): {}. Outside the cluster: {}.</desc>",
        xml_escape(&diagram.entered_through),
        xml_escape(&names(true)),
        xml_escape(&{
            let outside = names(false);
            if outside.is_empty() { "nothing".to_owned() } else { outside }
        })
    ));
    if used == Use::File {
        head.push(format!("<style>{}</style>", style()));
    }
    let mut markers = String::from("<defs>");
    for traffic in super::layout::Traffic::ALL {
        markers.push_str(&format!(
            "<marker id=\"arrow-{0}\" class=\"{0}\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path class=\"arrow\" d=\"M0 0L8 4L0 8z\"/></marker>",
            traffic.key()
        ));
    }
    markers.push_str("</defs>");
    head.push(markers);
    head.push(format!("<rect class=\"bg\" width=\"{w}\" height=\"{h}\"/>"));

    let mut behind = Pieces::default();
    for lane in &diagram.lanes {
        let r = lane.rect;
        behind.push(format!(
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
        behind.push(format!(
            "<rect class=\"boundary\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\"/>",
            c.x, c.y, c.w, c.h
        ));
    }
    // The entry point, at the top, where users come in.
    behind.push(text_element("entry", &diagram.entry));
    for connector in &diagram.connectors {
        let points: Vec<String> = connector
            .points
            .iter()
            .map(|(x, y)| format!("{x},{y}"))
            .collect();
        let key = connector.traffic.key();
        let dashed = if connector.dashed { " dashed" } else { "" };
        behind.push(format!(
            "<polyline class=\"conn {key}{dashed}\" points=\"{}\" marker-end=\"url(#arrow-{key})\"/>",
            points.join(" ")
        ));
        for line in &connector.label {
            behind.push(text_element("conn-label", line));
        }
    }
    // Over the lines that cross them, each on a halo of its lane's colour.
    for heading in &diagram.headings {
        behind.push(text_element("heading", heading));
    }
    for caption in &diagram.captions {
        behind.push(text_element("caption", caption));
    }
    for lane in &diagram.lanes {
        let r = lane.rect;
        behind.push(format!(
            "<text class=\"lane-label hue-{}\" data-zone=\"{}\" x=\"{}\" y=\"{}\">{}<title>{}</title></text>",
            lane.hue % ZONE_HUES,
            lane.zone,
            r.x + 8,
            r.y + 15,
            xml_escape(&lane.label),
            xml_escape(&lane.full_name),
        ));
        if let Some(line) = &lane.capacity {
            behind.push(format!(
                // The label's halo on the lane's colour, in the notes' size and colour.
                "<text class=\"lane-label t2 hue-{}\" data-zone=\"{}\" x=\"{}\" y=\"{}\">{}</text>",
                lane.hue % ZONE_HUES,
                lane.zone,
                r.x + 8,
                r.y + 29,
                xml_escape(line),
            ));
        }
    }
    let boxes = |inside: bool| {
        let mut pieces = Pieces::default();
        for b in diagram.boxes.iter().filter(|b| b.in_cluster == inside) {
            let tab_stop = (interactive && matches!(b.part, Part::Role(_)))
                .then(|| first_role == Some(b.id.as_str()));
            write_box(&mut pieces, b, tab_stop);
        }
        pieces
    };
    let (inside, outside) = (boxes(true), boxes(false));
    // The legend, under the lanes.
    let mut legend = Pieces::default();
    for (key, text) in &diagram.legend {
        let (x, y) = (text.x, text.y - 4);
        legend.push(match key {
            Key::Traffic(traffic) => {
                let key = traffic.key();
                format!(
                    "<polyline class=\"conn {key}\" points=\"{x},{y} {},{y}\" marker-end=\"url(#arrow-{key})\"/>",
                    x + 26
                )
            }
            Key::Optional => format!(
                "<rect x=\"{x}\" y=\"{}\" width=\"26\" height=\"14\" rx=\"3\"/>",
                y - 7
            ),
        });
        legend.push(text_element(
            "key",
            &Text {
                x: x + 32,
                ..text.clone()
            },
        ));
    }
    Drawing {
        size: (w, h),
        head,
        groups: [behind, inside, outside, legend],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::layout::layout;
    use crate::engine::{plan, Topology, Zone};

    /// How many elements `markup` holds at its top level (a scan of its tags: the SVG has no
    /// comments, and its one stylesheet holds no `<`).
    fn top_level_elements(markup: &str) -> usize {
        let (mut depth, mut count) = (0i32, 0);
        for tag in markup.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or_default();
            if tag.starts_with('/') {
                depth -= 1;
            } else if tag.ends_with('/') {
                count += usize::from(depth == 0);
            } else {
                count += usize::from(depth == 0);
                depth += 1;
            }
            assert!(depth >= 0, "{markup}");
        }
        assert_eq!(depth, 0, "{markup}");
        count
    }

    #[test]
    fn every_piece_is_one_element_and_the_pieces_make_the_document() {
        // The page patches a group by counting its elements as pieces.
        let topologies = [
            Topology::of(vec![Zone::new("a", true, true)]),
            Topology::of(vec![
                Zone::new("primary", true, true),
                Zone::new("eu", false, true),
                Zone::new("us", true, false),
                Zone::new("ap", false, false),
            ]),
        ];
        for topology in &topologies {
            for used in [Use::File, Use::Page, Use::Planner] {
                let diagram = layout(topology, &plan(topology));
                let drawing = drawing(&diagram, used);
                let all = [drawing.head.0.clone(), drawing.children()]
                    .into_iter()
                    .chain(drawing.groups.iter().map(|g| g.0.clone()));
                for pieces in all {
                    assert!(pieces.is_empty() || pieces.ends_with(PIECE_END));
                    for piece in pieces.split_terminator(PIECE_END) {
                        assert_eq!(top_level_elements(piece), 1, "{piece}");
                    }
                }
                assert_eq!(top_level_elements(&drawing.root()), 1);
                let whole = render(&diagram, used);
                assert_eq!(drawing.whole(), whole);
                assert_eq!(top_level_elements(&whole), 1);
            }
        }
    }

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
