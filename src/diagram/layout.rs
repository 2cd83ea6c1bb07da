//! Where everything goes. One lane per zone, stacked top to bottom; one cluster boundary spans
//! every lane's in-cluster part; outside it, per lane, the hosts the operator builds. Connectors
//! are orthogonal polylines that run through free channels, so none crosses a box.
//!
//! ```text
//!  users      | Kubernetes cluster (Helm chart)   |   outside the cluster
//!             |          [PostgreSQL]             |
//!  [Browsers]-+-[App]----[Dedicated Proxy]--------+---[DP host]---[Agent pool]   row 1
//!             |   |      [Connection Proxy]-------+---[CP host]---[RDP targets]  row 2
//! ```

use crate::engine::{Placement, Plan, Role, Topology};

/// An axis-aligned rectangle in whole pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rect {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub w: i32,
    /// Height.
    pub h: i32,
}

impl Rect {
    /// The right edge.
    pub fn right(&self) -> i32 {
        self.x + self.w
    }
    /// The bottom edge.
    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }
    /// The vertical centre.
    pub fn cy(&self) -> i32 {
        self.y + self.h / 2
    }
    /// Whether the two share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
    /// Whether `other` lies wholly inside.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
    /// Whether a point lies on the border.
    pub fn on_edge(&self, (x, y): (i32, i32)) -> bool {
        let within_x = (self.x..=self.right()).contains(&x);
        let within_y = (self.y..=self.bottom()).contains(&y);
        (within_y && (x == self.x || x == self.right()))
            || (within_x && (y == self.y || y == self.bottom()))
    }
}

/// What a box stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// One of the four Kasm roles.
    Role(Role),
    /// The zone's users, in their browsers.
    Browsers,
    /// The RDP/VNC/SSH workloads the Connection Proxy reaches.
    Targets,
    /// The deployment's one built-in PostgreSQL database.
    Database,
}

/// One box of the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoxShape {
    /// A stable id, unique in the diagram: `app-0`, `agent-2`, `database`.
    pub id: String,
    /// The zone it belongs to, by position; `None` for the database.
    pub zone: Option<usize>,
    /// What it stands for.
    pub part: Part,
    /// Where the plan places it (roles and the database only).
    pub placement: Option<Placement>,
    /// Where it is drawn.
    pub rect: Rect,
    /// First line of its label.
    pub title: String,
    /// Second line of its label.
    pub subtitle: String,
    /// Whether it lies inside the cluster boundary.
    pub in_cluster: bool,
    /// Drawn dashed: optional, not chosen.
    pub dashed: bool,
    /// Its accessible name, such as "Agent, zone eu-west, External".
    pub name: String,
}

/// The kind of traffic a connector carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Traffic {
    /// Users' browsers to their zone's App.
    Web,
    /// Container (KasmVNC) sessions, to the Agents.
    Container,
    /// RDP/VNC sessions, through the Connection Proxy.
    RdpVnc,
    /// The App role to the database.
    Database,
}

impl Traffic {
    /// Every kind, in legend order.
    pub const ALL: [Traffic; 4] = [
        Traffic::Web,
        Traffic::Container,
        Traffic::RdpVnc,
        Traffic::Database,
    ];

    /// A short name, also the CSS class of its connectors.
    pub fn key(self) -> &'static str {
        match self {
            Traffic::Web => "web",
            Traffic::Container => "container",
            Traffic::RdpVnc => "rdp",
            Traffic::Database => "database",
        }
    }

    /// The legend's words.
    pub fn label(self) -> &'static str {
        match self {
            Traffic::Web => "Browsers to the zone's App",
            Traffic::Container => "Container sessions",
            Traffic::RdpVnc => "RDP/VNC sessions",
            Traffic::Database => "App to the database",
        }
    }
}

/// A line between two boxes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connector {
    /// The id of the box it starts on.
    pub from: String,
    /// The id of the box it ends on.
    pub to: String,
    /// What travels along it.
    pub traffic: Traffic,
    /// The polyline, first point on `from`'s border, last on `to`'s.
    pub points: Vec<(i32, i32)>,
    /// Drawn dashed: an optional path.
    pub dashed: bool,
    /// A short label drawn at its middle, if any.
    pub label: Option<String>,
}

/// The band of one zone across the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    /// The zone's position.
    pub zone: usize,
    /// The band.
    pub rect: Rect,
    /// The zone's label, cut to fit.
    pub label: String,
    /// The zone's full name, for its tooltip.
    pub full_name: String,
    /// Which of the zone colours it takes.
    pub hue: usize,
}

/// Everything the diagram draws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    /// Total width.
    pub width: i32,
    /// Total height.
    pub height: i32,
    /// The Kubernetes cluster boundary.
    pub cluster: Rect,
    /// What users enter the cluster through (an Ingress, a Route, ...), named on the boundary.
    pub entry: String,
    /// One lane per zone, in order.
    pub lanes: Vec<Lane>,
    /// Every box.
    pub boxes: Vec<BoxShape>,
    /// Every connector.
    pub connectors: Vec<Connector>,
}

/// How many distinct zone colours there are; zones past that reuse them, told apart by label.
pub const ZONE_HUES: usize = 8;

// Geometry, in pixels. Label widths are estimated at FONT_WIDTH per character of 12 px text,
// a bound for the system sans-serif fonts the SVG names.
const MARGIN: i32 = 16;
const HEADER: i32 = 40;
const DB_BAND: i32 = 60;
const LANE_GAP: i32 = 10;
const LANE_LABEL: i32 = 20;
const ROW: i32 = 48;
const ROW_GAP: i32 = 14;
const BOX_W: i32 = 156;
const BOX_H: i32 = 42;
const USERS_X: i32 = MARGIN + 8;
const CLUSTER_X: i32 = USERS_X + BOX_W + 28;
const APP_X: i32 = CLUSTER_X + 16;
const CHANNEL_X: i32 = APP_X + BOX_W + 12;
const CLUSTER_COL2_X: i32 = APP_X + BOX_W + 24;
const CLUSTER_W: i32 = CLUSTER_COL2_X + BOX_W + 16 - CLUSTER_X;
const EXTERNAL_X: i32 = CLUSTER_X + CLUSTER_W + 36;
const EXTERNAL_COL2_X: i32 = EXTERNAL_X + BOX_W + 36;
const WIDTH: i32 = EXTERNAL_COL2_X + BOX_W + MARGIN + 8;
/// Width of one character of box text, in tenths of a pixel (12 px text).
const FONT_WIDTH_TENTHS: i32 = 72;
/// Room left and right of a box's text.
pub const TEXT_PADDING: i32 = 8;

/// The estimated width of `text` at the diagram's font size.
pub fn text_width(text: &str) -> i32 {
    let chars = i32::try_from(text.chars().count()).unwrap_or(i32::MAX / FONT_WIDTH_TENTHS);
    (chars * FONT_WIDTH_TENTHS + 9) / 10
}

/// `text` cut with an ellipsis to fit `width` pixels.
pub fn fit(text: &str, width: i32) -> String {
    if text_width(text) <= width {
        return text.to_owned();
    }
    let mut out: String = String::new();
    for c in text.chars() {
        if text_width(&format!("{out}{c}\u{2026}")) > width {
            break;
        }
        out.push(c);
    }
    out.push('\u{2026}');
    out
}

fn placement_words(placement: Placement, dashed: bool) -> &'static str {
    match (placement, dashed) {
        (Placement::Helm, _) => "Helm",
        (Placement::External, _) => "External",
        (Placement::Optional, _) | (_, true) => "Optional (not chosen)",
        (Placement::NotNeeded, _) => "Not needed",
    }
}

struct Builder {
    boxes: Vec<BoxShape>,
    connectors: Vec<Connector>,
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        id: String,
        zone: Option<usize>,
        part: Part,
        placement: Option<Placement>,
        rect: Rect,
        title: &str,
        subtitle: &str,
        in_cluster: bool,
        name: String,
    ) -> String {
        let inner = rect.w - 2 * TEXT_PADDING;
        let dashed = placement == Some(Placement::Optional);
        self.boxes.push(BoxShape {
            id: id.clone(),
            zone,
            part,
            placement,
            rect,
            title: fit(title, inner),
            subtitle: fit(subtitle, inner),
            in_cluster,
            dashed,
            name,
        });
        id
    }

    fn rect_of(&self, id: &str) -> Rect {
        self.boxes.iter().find(|b| b.id == id).map_or(
            Rect {
                x: 0,
                y: 0,
                w: 0,
                h: 0,
            },
            |b| b.rect,
        )
    }

    fn connect(
        &mut self,
        from: &str,
        to: &str,
        traffic: Traffic,
        points: Vec<(i32, i32)>,
        dashed: bool,
        label: Option<&str>,
    ) {
        self.connectors.push(Connector {
            from: from.to_owned(),
            to: to.to_owned(),
            traffic,
            points,
            dashed,
            label: label.map(str::to_owned),
        });
    }

    /// A straight line from the right edge of `from` to the left edge of `to`, on `from`'s row.
    fn across(
        &mut self,
        from: &str,
        to: &str,
        traffic: Traffic,
        dashed: bool,
        label: Option<&str>,
    ) {
        let (a, b) = (self.rect_of(from), self.rect_of(to));
        self.connect(
            from,
            to,
            traffic,
            vec![(a.right(), a.cy()), (b.x, a.cy())],
            dashed,
            label,
        );
    }
}

/// Lays out the diagram for a topology and its plan.
pub fn layout(topology: &Topology, plan: &Plan) -> Diagram {
    let mut builder = Builder {
        boxes: Vec::new(),
        connectors: Vec::new(),
    };
    let lanes_top = MARGIN + HEADER + DB_BAND;
    let mut y = lanes_top;
    let mut lanes = Vec::new();
    let database = Rect {
        x: CLUSTER_COL2_X,
        y: MARGIN + HEADER + 6,
        w: BOX_W,
        h: BOX_H,
    };
    builder.add(
        "database".into(),
        None,
        Part::Database,
        Some(Placement::Helm),
        database,
        "PostgreSQL",
        "built-in database",
        true,
        "PostgreSQL database, built into the primary zone's App role, Helm".into(),
    );
    for (zone_plan, zone) in plan.zones.iter().zip(&topology.zones) {
        let index = zone_plan.index;
        let name = &zone_plan.name;
        let placed = |role: Role| zone_plan.role(role).placement;
        let has_row2 = zone_plan.primary || placed(Role::ConnectionProxy) != Placement::NotNeeded;
        let rows = if has_row2 { 2 } else { 1 };
        // A lane of one row still keeps room under it for the built-in proxy's path and label.
        let height = LANE_LABEL + rows * ROW + ROW_GAP + 8;
        let lane = Rect {
            x: MARGIN,
            y,
            w: WIDTH - 2 * MARGIN,
            h: height,
        };
        let primary_words = if zone_plan.primary {
            " \u{b7} primary zone"
        } else {
            ""
        };
        lanes.push(Lane {
            zone: index,
            rect: lane,
            label: fit(&format!("{name}{primary_words}"), CLUSTER_X - USERS_X - 12),
            full_name: format!("Zone {name}{primary_words}"),
            hue: index % ZONE_HUES,
        });
        let row1 = y + LANE_LABEL + (ROW - BOX_H) / 2;
        let row2 = row1 + ROW + ROW_GAP;
        let at = |x: i32, row: i32| Rect {
            x,
            y: row,
            w: BOX_W,
            h: BOX_H,
        };
        let role_box =
            |b: &mut Builder, role: Role, rect: Rect, title: &str, subtitle_extra: &str| {
                let placement = placed(role);
                let dashed = placement == Placement::Optional;
                let words = placement_words(placement, dashed);
                let subtitle = if subtitle_extra.is_empty() {
                    words.to_owned()
                } else {
                    format!("{words} \u{b7} {subtitle_extra}")
                };
                let id = format!("{}-{index}", role_key(role));
                b.add(
                    id,
                    Some(index),
                    Part::Role(role),
                    Some(placement),
                    rect,
                    title,
                    &subtitle,
                    placement == Placement::Helm,
                    format!("{}, zone {name}, {}", role.name(), placement.label()),
                )
            };

        let browsers = builder.add(
            format!("browsers-{index}"),
            Some(index),
            Part::Browsers,
            None,
            at(USERS_X, row1),
            "Browsers",
            "the zone's users",
            false,
            format!("Browsers, zone {name}"),
        );
        let app = role_box(
            &mut builder,
            Role::App,
            at(APP_X, row1),
            "App",
            "API, Manager",
        );
        builder.across(&browsers, &app, Traffic::Web, false, None);
        let app_rect = builder.rect_of(&app);
        builder.connect(
            &app,
            "database",
            Traffic::Database,
            vec![
                (app_rect.right(), app_rect.y + 8),
                (CHANNEL_X, app_rect.y + 8),
                (CHANNEL_X, database.cy()),
                (database.x, database.cy()),
            ],
            false,
            None,
        );

        // Container sessions: App, then a Dedicated Proxy where there is one, then the Agents.
        if zone.container_sessions {
            let agents = role_box(
                &mut builder,
                Role::Agent,
                at(EXTERNAL_COL2_X, row1),
                "Agent",
                "Docker host pool",
            );
            let proxy = match placed(Role::DedicatedProxy) {
                Placement::Helm => Some(role_box(
                    &mut builder,
                    Role::DedicatedProxy,
                    at(CLUSTER_COL2_X, row1),
                    "Dedicated Proxy",
                    "kasm_proxy",
                )),
                Placement::External | Placement::Optional => Some(role_box(
                    &mut builder,
                    Role::DedicatedProxy,
                    at(EXTERNAL_X, row1),
                    "Dedicated Proxy",
                    "host",
                )),
                Placement::NotNeeded => None,
            };
            let optional = placed(Role::DedicatedProxy) == Placement::Optional;
            if let Some(proxy) = &proxy {
                builder.across(&app, proxy, Traffic::Container, optional, None);
                builder.across(proxy, &agents, Traffic::Container, optional, None);
            }
            if proxy.is_none() || optional {
                // Through the App role's built-in proxy: under the first row, clear of its boxes.
                let (a, g) = (builder.rect_of(&app), builder.rect_of(&agents));
                let gap = a.bottom() + ROW_GAP / 2 + 3;
                builder.connect(
                    &app,
                    &agents,
                    Traffic::Container,
                    vec![
                        (a.right() - 20, a.bottom()),
                        (a.right() - 20, gap),
                        (g.x + 20, gap),
                        (g.x + 20, g.bottom()),
                    ],
                    false,
                    Some("via the App's built-in proxy"),
                );
            }
        } else if zone_plan.primary {
            role_box(
                &mut builder,
                Role::DedicatedProxy,
                at(CLUSTER_COL2_X, row1),
                "Dedicated Proxy",
                "idle",
            );
        }

        // RDP/VNC sessions: App, the Connection Proxy, the targets.
        if has_row2 {
            let external = placed(Role::ConnectionProxy) != Placement::Helm;
            let x = if external { EXTERNAL_X } else { CLUSTER_COL2_X };
            let subtitle = if zone.rdp_vnc_sessions {
                "Guacamole"
            } else {
                "idle"
            };
            let proxy = role_box(
                &mut builder,
                Role::ConnectionProxy,
                at(x, row2),
                "Connection Proxy",
                subtitle,
            );
            if zone.rdp_vnc_sessions {
                let p = builder.rect_of(&proxy);
                let a = builder.rect_of(&app);
                builder.connect(
                    &app,
                    &proxy,
                    Traffic::RdpVnc,
                    vec![(a.x + 40, a.bottom()), (a.x + 40, p.cy()), (p.x, p.cy())],
                    false,
                    None,
                );
                let targets = builder.add(
                    format!("targets-{index}"),
                    Some(index),
                    Part::Targets,
                    None,
                    at(EXTERNAL_COL2_X, row2),
                    "RDP/VNC/SSH targets",
                    "Windows, Linux hosts",
                    false,
                    format!("RDP, VNC and SSH targets, zone {name}"),
                );
                builder.across(&proxy, &targets, Traffic::RdpVnc, false, None);
            }
        }
        y += height + LANE_GAP;
    }
    let lanes_bottom = (y - LANE_GAP).max(lanes_top);
    let cluster = Rect {
        x: CLUSTER_X,
        y: MARGIN + HEADER - 4,
        w: CLUSTER_W,
        h: lanes_bottom - (MARGIN + HEADER - 4) + 6,
    };
    Diagram {
        width: WIDTH,
        height: lanes_bottom + MARGIN + 6,
        cluster,
        entry: topology.publishing.entry_label(),
        lanes,
        boxes: builder.boxes,
        connectors: builder.connectors,
    }
}

/// Where an arrow key moves among the role boxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The box before, in reading order (rows top to bottom, each left to right).
    Back,
    /// The box after, in reading order.
    Forward,
    /// The nearest box in the row above.
    Up,
    /// The nearest box in the row below.
    Down,
    /// The first box.
    First,
    /// The last box.
    Last,
}

impl Diagram {
    /// The role box an arrow key moves to from the box `from`, if any: the keyboard's way
    /// through the diagram, which is one tab stop.
    pub fn next_role_box(&self, from: &str, direction: Direction) -> Option<&BoxShape> {
        let mut roles: Vec<&BoxShape> = self
            .boxes
            .iter()
            .filter(|b| matches!(b.part, Part::Role(_)))
            .collect();
        roles.sort_by_key(|b| (b.rect.y, b.rect.x));
        match direction {
            Direction::First => return roles.first().copied(),
            Direction::Last => return roles.last().copied(),
            _ => {}
        }
        let at = roles.iter().position(|b| b.id == from)?;
        let here = roles[at].rect;
        let centre = |r: &Rect| (r.x + r.w / 2, r.cy());
        let nearest_in_row = |above: bool| {
            let row_y = roles
                .iter()
                .map(|b| b.rect.cy())
                .filter(|&y| if above { y < here.cy() } else { y > here.cy() })
                .reduce(|a, b| if above { a.max(b) } else { a.min(b) })?;
            roles
                .iter()
                .filter(|b| b.rect.cy() == row_y)
                .min_by_key(|b| (centre(&b.rect).0 - centre(&here).0).abs())
                .copied()
        };
        match direction {
            Direction::Back => at.checked_sub(1).and_then(|i| roles.get(i)).copied(),
            Direction::Forward => roles.get(at + 1).copied(),
            Direction::Up => nearest_in_row(true),
            Direction::Down => nearest_in_row(false),
            Direction::First | Direction::Last => None,
        }
    }
}

/// The id prefix of a role's boxes.
pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::App => "app",
        Role::ConnectionProxy => "connection-proxy",
        Role::DedicatedProxy => "dedicated-proxy",
        Role::Agent => "agent",
    }
}

/// Column headings: where each column's boxes live.
pub fn column_headings() -> [(i32, &'static str); 3] {
    [
        (USERS_X, "Users"),
        (CLUSTER_X + 10, "Kubernetes cluster (Helm chart)"),
        (EXTERNAL_X, "Outside the cluster: you build these"),
    ]
}

/// The y of the column headings' baseline.
pub const HEADING_Y: i32 = MARGIN + 14;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{plan, Zone, MAX_ZONES};

    fn generated(count: usize, seed: usize) -> Topology {
        Topology::of(
            (0..count)
                .map(|i| {
                    let bits = (i * 7 + seed * 3) % 8;
                    let name = if i % 5 == 4 {
                        format!("zone-with-a-rather-long-name-{i}-{}", "x".repeat(30))
                    } else {
                        format!("z{i}")
                    };
                    Zone::new(&name, bits & 1 != 0, bits & 2 != 0)
                        .with_dedicated_proxy(bits & 4 != 0)
                })
                .collect(),
        )
    }

    fn every_topology() -> impl Iterator<Item = Topology> {
        (1..=MAX_ZONES).flat_map(|count| (0..3).map(move |seed| generated(count, seed)))
    }

    #[test]
    fn no_two_boxes_overlap_and_every_box_is_in_the_drawing() {
        for topology in every_topology() {
            let diagram = layout(&topology, &plan(&topology));
            let page = Rect {
                x: 0,
                y: 0,
                w: diagram.width,
                h: diagram.height,
            };
            for (i, a) in diagram.boxes.iter().enumerate() {
                assert!(page.contains(&a.rect), "{} outside the drawing", a.id);
                for b in &diagram.boxes[i + 1..] {
                    assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.id, b.id);
                }
            }
        }
    }

    #[test]
    fn boxes_sit_on_the_right_side_of_the_cluster_boundary() {
        for topology in every_topology() {
            let diagram = layout(&topology, &plan(&topology));
            for b in &diagram.boxes {
                assert_eq!(diagram.cluster.contains(&b.rect), b.in_cluster, "{}", b.id);
                if !b.in_cluster {
                    assert!(
                        !diagram.cluster.overlaps(&b.rect),
                        "{} straddles the boundary",
                        b.id
                    );
                }
                if let Some(zone) = b.zone {
                    assert!(
                        diagram.lanes[zone].rect.contains(&b.rect),
                        "{} outside its lane",
                        b.id
                    );
                }
            }
        }
    }

    #[test]
    fn every_label_fits_inside_its_box() {
        for topology in every_topology() {
            let diagram = layout(&topology, &plan(&topology));
            for b in &diagram.boxes {
                for line in [&b.title, &b.subtitle] {
                    assert!(
                        text_width(line) + 2 * TEXT_PADDING <= b.rect.w,
                        "{}: {line}",
                        b.id
                    );
                }
            }
            for lane in &diagram.lanes {
                assert!(
                    text_width(&lane.label) <= CLUSTER_X - USERS_X - 12,
                    "{}",
                    lane.label
                );
            }
        }
    }

    #[test]
    fn every_connector_starts_and_ends_on_the_boxes_it_joins_and_crosses_none() {
        for topology in every_topology() {
            let diagram = layout(&topology, &plan(&topology));
            let find = |id: &str| diagram.boxes.iter().find(|b| b.id == id).map(|b| b.rect);
            for c in &diagram.connectors {
                let (Some(from), Some(to)) = (find(&c.from), find(&c.to)) else {
                    panic!("connector joins a missing box: {} to {}", c.from, c.to);
                };
                let (first, last) = (c.points[0], c.points[c.points.len() - 1]);
                assert!(
                    from.on_edge(first),
                    "{} to {}: starts off {}",
                    c.from,
                    c.to,
                    c.from
                );
                assert!(
                    to.on_edge(last),
                    "{} to {}: ends off {}",
                    c.from,
                    c.to,
                    c.to
                );
                for pair in c.points.windows(2) {
                    let (a, b) = (pair[0], pair[1]);
                    assert!(
                        a.0 == b.0 || a.1 == b.1,
                        "segments are horizontal or vertical"
                    );
                    let segment = Rect {
                        x: a.0.min(b.0),
                        y: a.1.min(b.1),
                        w: (a.0 - b.0).abs().max(1),
                        h: (a.1 - b.1).abs().max(1),
                    };
                    for other in &diagram.boxes {
                        if other.id != c.from && other.id != c.to {
                            let inner = Rect {
                                x: other.rect.x + 1,
                                y: other.rect.y + 1,
                                w: other.rect.w - 2,
                                h: other.rect.h - 2,
                            };
                            assert!(
                                !segment.overlaps(&inner),
                                "{} to {} crosses {}",
                                c.from,
                                c.to,
                                other.id
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_plan_decides_what_is_drawn_and_where() {
        for topology in every_topology() {
            let planned = plan(&topology);
            let diagram = layout(&topology, &planned);
            for zone in &planned.zones {
                for role in Role::ALL {
                    let placement = zone.role(role).placement;
                    let drawn = diagram
                        .boxes
                        .iter()
                        .find(|b| b.part == Part::Role(role) && b.zone == Some(zone.index));
                    let expected = match role {
                        Role::App => true,
                        Role::ConnectionProxy => zone.primary || placement != Placement::NotNeeded,
                        _ => placement != Placement::NotNeeded,
                    };
                    assert_eq!(drawn.is_some(), expected, "{role:?} in {}", zone.name);
                    if let Some(b) = drawn {
                        assert_eq!(b.in_cluster, placement == Placement::Helm);
                        assert_eq!(b.dashed, placement == Placement::Optional);
                        assert_eq!(
                            b.name,
                            format!("{}, zone {}, {}", role.name(), zone.name, placement.label())
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn lanes_follow_the_zones_in_order_and_hold_their_own_boxes() {
        for topology in every_topology() {
            let diagram = layout(&topology, &plan(&topology));
            assert_eq!(diagram.lanes.len(), topology.zones.len());
            for (index, lane) in diagram.lanes.iter().enumerate() {
                assert_eq!(lane.zone, index);
                if let Some(next) = diagram.lanes.get(index + 1) {
                    assert!(
                        lane.rect.bottom() < next.rect.y,
                        "lane {index} overlaps the next"
                    );
                }
            }
            for b in &diagram.boxes {
                if let Some(zone) = b.zone {
                    assert!(
                        diagram.lanes[zone].rect.contains(&b.rect),
                        "{} outside lane {zone}",
                        b.id
                    );
                }
            }
        }
    }

    #[test]
    fn arrow_keys_reach_every_role_box_and_stay_in_the_diagram() {
        for topology in every_topology() {
            let diagram = layout(&topology, &plan(&topology));
            let Some(first) = diagram
                .next_role_box("", Direction::First)
                .map(|b| b.id.clone())
            else {
                continue;
            };
            let roles = diagram
                .boxes
                .iter()
                .filter(|b| matches!(b.part, Part::Role(_)))
                .count();
            // Forward from the first visits each role box once, then stops; Back returns.
            let mut seen = vec![first.clone()];
            while let Some(next) =
                diagram.next_role_box(seen.last().unwrap_or(&first), Direction::Forward)
            {
                assert!(!seen.contains(&next.id), "{} twice", next.id);
                seen.push(next.id.clone());
            }
            assert_eq!(seen.len(), roles);
            let last = diagram
                .next_role_box(&first, Direction::Last)
                .map(|b| b.id.clone());
            assert_eq!(last.as_ref(), seen.last());
            assert_eq!(diagram.next_role_box(&first, Direction::Back), None);
            // Up and Down move to another row, never to the same one.
            for id in &seen {
                let here = diagram
                    .boxes
                    .iter()
                    .find(|b| &b.id == id)
                    .map(|b| b.rect.cy());
                for direction in [Direction::Up, Direction::Down] {
                    if let Some(to) = diagram.next_role_box(id, direction) {
                        let moved = to.rect.cy();
                        assert!(if direction == Direction::Up {
                            Some(moved) < here
                        } else {
                            Some(moved) > here
                        });
                    }
                }
            }
        }
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(fit("short", 100), "short");
        let cut = fit(&"w".repeat(63), 100);
        assert!(cut.ends_with('\u{2026}') && text_width(&cut) <= 100);
    }
}
