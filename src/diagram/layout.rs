//! Where everything goes. One lane per zone, stacked top to bottom, in one of two shapes chosen
//! by the room the diagram has, so its text is never drawn smaller than it can be read.
//!
//! Wide (a file, a page): one cluster boundary spans every lane's in-cluster part; outside it,
//! per lane, the hosts the operator builds.
//!
//! ```text
//!  users      | Kubernetes cluster (Helm chart)   |   outside the cluster
//!             |          [PostgreSQL]             |
//!  [Browsers]-+-[App]----[Dedicated Proxy]--------+---[DP host]---[Agent pool]   row 1
//!             |   |      [Connection Proxy]-------+---[CP host]---[RDP targets]  row 2
//! ```
//!
//! Narrow (a docs column, a phone): two columns, the container path on the left and the RDP/VNC
//! path on the right; each lane has its own piece of the cluster boundary.
//!
//! ```text
//!  [Browsers]
//!  :-[App]----------[Connection Proxy]-: in the cluster
//!  :-[Dedicated Proxy]-----------------:
//!    [DP host]      [CP host]            you build these
//!    [Agent pool]   [RDP targets]
//! ```
//!
//! Connectors are orthogonal polylines that run through free channels, so none crosses a box.

use crate::engine::capacity::{Agents, SizeChoice, SizingError};
use crate::engine::reservation::Amount;
use crate::engine::sizing::{agent_hosts_text, cpu_text, mebibytes_text};
use crate::engine::{Placement, Plan, Remark, Role, Topology, ZonePlan};

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
    /// First line of its label, in bold. Every box is wide enough for its words (a test
    /// checks), so none is ever cut.
    pub title: &'static str,
    /// The lines under it: for a role, where it is placed, then what it is; an empty line is
    /// not drawn.
    pub notes: [&'static str; 2],
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
    /// Its words, a line each, placed clear of every box; often none.
    pub label: Vec<Text>,
}

/// A line of text drawn at a place: `x`, `y` are its start and baseline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// Left end.
    pub x: i32,
    /// Baseline.
    pub y: i32,
    /// The words.
    pub text: String,
}

/// One entry of the legend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A kind of traffic, drawn as its line.
    Traffic(Traffic),
    /// A dashed box: optional, not chosen.
    Optional,
}

impl Key {
    /// Every entry, in legend order.
    pub const ALL: [Key; 5] = [
        Key::Traffic(Traffic::Web),
        Key::Traffic(Traffic::Container),
        Key::Traffic(Traffic::RdpVnc),
        Key::Traffic(Traffic::Database),
        Key::Optional,
    ];

    /// The words beside its sample.
    pub fn label(self) -> &'static str {
        match self {
            Key::Traffic(traffic) => traffic.label(),
            Key::Optional => "dashed: optional, not chosen",
        }
    }

    /// How wide the entry is drawn: its sample, then its words.
    fn width(self) -> i32 {
        LEGEND_SAMPLE + note_width(self.label())
    }
}

/// The band of one zone across the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    /// The zone's position.
    pub zone: usize,
    /// The band.
    pub rect: Rect,
    /// The zone's label, whole where there is room, else shortened in its middle, so names
    /// that share a beginning still differ.
    pub label: String,
    /// The zone's full name, for its tooltip.
    pub full_name: String,
    /// Under the label, when the topology has capacity figures: the zone's Agent hosts and what
    /// the chart's pods there ask for (11 px).
    pub capacity: Option<String>,
    /// Which of the zone colours it takes.
    pub hue: usize,
}

/// Everything the diagram draws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    /// Total width.
    pub width: i32,
    /// Total height, the legend included.
    pub height: i32,
    /// The Kubernetes cluster boundary: one rectangle when wide, a piece per lane (and one for
    /// the database) when narrow.
    pub cluster: Vec<Rect>,
    /// What users enter the cluster through (an Ingress, a Route, ...).
    pub entered_through: String,
    /// The same, written at the top (11 px).
    pub entry: Text,
    /// The columns' headings (13 px, bold), when wide.
    pub headings: Vec<Text>,
    /// The captions of each lane's parts (11 px), when narrow.
    pub captions: Vec<Text>,
    /// One lane per zone, in order.
    pub lanes: Vec<Lane>,
    /// Every box.
    pub boxes: Vec<BoxShape>,
    /// Every connector.
    pub connectors: Vec<Connector>,
    /// The legend: each entry's sample starts at its point, on the line of its words.
    pub legend: Vec<(Key, Text)>,
}

/// How many distinct zone colours there are; zones past that reuse them, told apart by label.
pub const ZONE_HUES: usize = 8;

/// The least room, in CSS pixels, in which the wide shape is drawn: there its smallest text
/// (11 px) is drawn at 9.8 px or more.
pub const WIDE_FROM: i32 = 880;
/// The narrow shape's least width: both columns' boxes keep every label whole. In less room it
/// is scaled down, its 11 px text still 9 px or more in 278 px (a 320 px phone's docs column).
pub const NARROW_MIN: i32 = 338;
/// The narrow shape's greatest width; wider room centres it.
pub const NARROW_MAX: i32 = 720;

// Geometry, in pixels. Label widths are estimated at 0.6 em per character (7.2 px for the
// 12 px titles, 6.6 px for the 11 px notes), a bound for the system sans-serif fonts the SVG
// names.
const BOX_W: i32 = 156;
const BOX_H: i32 = 54;
const LANE_GAP: i32 = 10;
const LANE_LABEL: i32 = 20;
/// The capacity line under a lane's label.
const CAPACITY_LINE: i32 = 14;
const LEGEND_SAMPLE: i32 = 34;
const LEGEND_GAP: i32 = 16;
const LEGEND_LINE: i32 = 20;
/// Room left and right of a box's text.
pub const TEXT_PADDING: i32 = 8;

/// The estimated width of a bold 12 px `text` (titles, lane labels).
pub fn text_width(text: &str) -> i32 {
    width_at(text, 72)
}

/// The estimated width of an 11 px `text` (a box's notes, captions, the legend).
pub fn note_width(text: &str) -> i32 {
    width_at(text, 66)
}

/// Width of `text` at `tenths` tenths of a pixel per character.
fn width_at(text: &str, tenths: i32) -> i32 {
    let chars = i32::try_from(text.chars().count()).unwrap_or(i32::MAX / 100);
    (chars * tenths + 9) / 10
}

/// `text` cut at its end with an ellipsis to fit `width` pixels at `tenths` tenths of a pixel
/// a character.
fn fit_at(text: &str, width: i32, tenths: i32) -> String {
    if width_at(text, tenths) <= width {
        return text.to_owned();
    }
    // Whole characters, one of them the ellipsis.
    let keep = usize::try_from(width * 10 / tenths - 1).unwrap_or(0);
    text.chars().take(keep).chain(['\u{2026}']).collect()
}

/// `text` shortened in its middle to fit `width` pixels of 12 px text: its start and its end
/// stay, so `eu-west-frankfurt-1` and `eu-west-frankfurt-2` still differ.
pub fn fit_middle(text: &str, width: i32) -> String {
    if text_width(text) <= width {
        return text.to_owned();
    }
    // Whole characters at 7.2 px each, one of them the ellipsis; the rest split between the ends.
    let keep = usize::try_from(width * 10 / 72 - 1).unwrap_or(0);
    let (head, tail) = (keep - keep / 2, keep / 2);
    let tail_from = text.chars().count().saturating_sub(tail);
    let mut out = String::new();
    for (at, c) in text.chars().enumerate() {
        if at == head {
            out.push('\u{2026}');
        }
        if at < head || at >= tail_from {
            out.push(c);
        }
    }
    out
}

/// A role's placement, as its box's second line says it.
fn placement_words(placement: Placement) -> &'static str {
    match placement {
        Placement::Helm => "Helm",
        Placement::External => "External",
        Placement::Optional => "Optional (not chosen)",
        Placement::NotNeeded => "Not needed",
    }
}

/// Where a zone's box stands, in either shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Browsers,
    App,
    /// A Dedicated Proxy in the cluster (or idle in it).
    ProxyInCluster,
    /// A Connection Proxy in the cluster.
    GatewayInCluster,
    /// A Dedicated Proxy outside, required or optional.
    ProxyOutside,
    /// A Connection Proxy outside.
    GatewayOutside,
    Agents,
    Targets,
}

/// One box of a zone before it has a place.
struct Piece {
    slot: Slot,
    part: Part,
    placement: Option<Placement>,
    title: &'static str,
    notes: [&'static str; 2],
    name: String,
}

/// What a zone draws: its boxes and which paths join them.
struct ZoneDrawing {
    index: usize,
    pieces: Vec<Piece>,
    /// Container sessions through a Dedicated Proxy: `Some(optional)`, dashed when optional.
    proxy: Option<bool>,
    /// Container sessions through the App's own proxy (as well, where the proxy is optional).
    built_in: bool,
    /// RDP/VNC sessions reach their targets.
    rdp: bool,
}

impl ZoneDrawing {
    /// The zone's drawing, from what the plan says of it alone.
    fn of(zone_plan: &ZonePlan) -> ZoneDrawing {
        let index = zone_plan.index;
        let name = &zone_plan.name;
        let placed = |role: Role| zone_plan.role(role).placement;
        // What the plan says of the zone's sessions: Agents are placed for container sessions,
        // and a Connection Proxy the chart deploys for none is idle.
        let idle = |role: Role| matches!(zone_plan.role(role).remark, Remark::Idle(_));
        let container_sessions = placed(Role::Agent) != Placement::NotNeeded;
        let mut pieces = Vec::new();
        let mut role = |slot: Slot, role: Role, title: &'static str, what: &'static str| {
            let placement = placed(role);
            pieces.push(Piece {
                slot,
                part: Part::Role(role),
                placement: Some(placement),
                title,
                notes: [placement_words(placement), what],
                name: format!("{}, zone {name}, {}", role.name(), placement.label()),
            });
        };
        role(Slot::App, Role::App, "App", "API, Manager");
        let mut proxy = None;
        let mut built_in = false;
        if container_sessions {
            role(Slot::Agents, Role::Agent, "Agent", "Docker host pool");
            match placed(Role::DedicatedProxy) {
                Placement::Helm => {
                    role(
                        Slot::ProxyInCluster,
                        Role::DedicatedProxy,
                        "Dedicated Proxy",
                        "kasm_proxy",
                    );
                    proxy = Some(false);
                }
                placement @ (Placement::External | Placement::Optional) => {
                    role(
                        Slot::ProxyOutside,
                        Role::DedicatedProxy,
                        "Dedicated Proxy",
                        "a host you build",
                    );
                    let optional = placement == Placement::Optional;
                    proxy = Some(optional);
                    built_in = optional;
                }
                Placement::NotNeeded => built_in = true,
            }
        } else if zone_plan.primary {
            role(
                Slot::ProxyInCluster,
                Role::DedicatedProxy,
                "Dedicated Proxy",
                "idle",
            );
        }
        let gateway = placed(Role::ConnectionProxy);
        if zone_plan.primary || gateway != Placement::NotNeeded {
            let slot = if gateway == Placement::Helm {
                Slot::GatewayInCluster
            } else {
                Slot::GatewayOutside
            };
            let what = if idle(Role::ConnectionProxy) {
                "idle"
            } else {
                "Guacamole"
            };
            role(slot, Role::ConnectionProxy, "Connection Proxy", what);
        }
        let rdp = !idle(Role::ConnectionProxy)
            && pieces
                .iter()
                .any(|p| p.part == Part::Role(Role::ConnectionProxy));
        pieces.push(Piece {
            slot: Slot::Browsers,
            part: Part::Browsers,
            placement: None,
            title: "Browsers",
            notes: ["the zone's users", ""],
            name: format!("Browsers, zone {name}"),
        });
        if rdp {
            pieces.push(Piece {
                slot: Slot::Targets,
                part: Part::Targets,
                placement: None,
                title: "RDP/VNC/SSH targets",
                notes: ["Windows, Linux hosts", ""],
                name: format!("RDP, VNC and SSH targets, zone {name}"),
            });
        }
        ZoneDrawing {
            index,
            pieces,
            proxy,
            built_in,
            rdp,
        }
    }

    fn has(&self, slot: Slot) -> bool {
        self.pieces.iter().any(|p| p.slot == slot)
    }

    /// The id its box in `slot` has.
    fn id(&self, slot: Slot) -> String {
        let index = self.index;
        match slot {
            Slot::Browsers => format!("browsers-{index}"),
            Slot::Targets => format!("targets-{index}"),
            Slot::App => role_box_id(Role::App, index),
            Slot::ProxyInCluster | Slot::ProxyOutside => role_box_id(Role::DedicatedProxy, index),
            Slot::GatewayInCluster | Slot::GatewayOutside => {
                role_box_id(Role::ConnectionProxy, index)
            }
            Slot::Agents => role_box_id(Role::Agent, index),
        }
    }

    /// Its boxes, each at the place `at` gives its slot.
    /// The lane's paths: from, to, what travels, whether dashed (an optional Dedicated Proxy),
    /// and the route in the wide and in the narrow shape. `gateway` is where the RDP/VNC path's
    /// gateway stands; `channel` is where the built-in path runs around a Dedicated Proxy.
    fn paths(&self, gateway: Slot, channel: i32) -> Vec<Path> {
        use Route::*;
        let mut paths = vec![(Slot::Browsers, Slot::App, Traffic::Web, false, Across, Down)];
        let proxy = if self.has(Slot::ProxyInCluster) {
            Slot::ProxyInCluster
        } else {
            Slot::ProxyOutside
        };
        if let Some(optional) = self.proxy {
            paths.push((Slot::App, proxy, Traffic::Container, optional, Across, Down));
            paths.push((
                proxy,
                Slot::Agents,
                Traffic::Container,
                optional,
                Across,
                Down,
            ));
        }
        let built_in = self.proxy.map_or(Down, |_| Around(channel));
        if self.built_in {
            paths.push((
                Slot::App,
                Slot::Agents,
                Traffic::Container,
                false,
                Under,
                built_in,
            ));
        }
        if self.rdp {
            let narrow_route = if gateway == Slot::GatewayInCluster {
                Across
            } else {
                AcrossDown
            };
            paths.push((
                Slot::App,
                gateway,
                Traffic::RdpVnc,
                false,
                DownAcross,
                narrow_route,
            ));
            paths.push((gateway, Slot::Targets, Traffic::RdpVnc, false, Across, Down));
        }
        paths
    }

    fn boxes(&self, at: impl Fn(Slot) -> Rect) -> Vec<BoxShape> {
        self.pieces
            .iter()
            .map(|p| BoxShape {
                id: self.id(p.slot),
                zone: Some(self.index),
                part: p.part,
                placement: p.placement,
                rect: at(p.slot),
                title: p.title,
                notes: p.notes,
                in_cluster: p.placement == Some(Placement::Helm),
                dashed: p.placement == Some(Placement::Optional),
                name: p.name.clone(),
            })
            .collect()
    }
}

/// The database box, at `rect`.
fn database(rect: Rect) -> BoxShape {
    BoxShape {
        id: "database".into(),
        zone: None,
        part: Part::Database,
        placement: Some(Placement::Helm),
        rect,
        title: "PostgreSQL",
        notes: ["Helm", "built-in database"],
        in_cluster: true,
        dashed: false,
        name: "PostgreSQL database, built into the primary zone's App role, Helm".into(),
    }
}

/// How a connector runs from box `a` to box `b`.
#[derive(Clone, Copy)]
enum Route {
    /// Along `a`'s row, from its right edge to `b`'s left edge.
    Across,
    /// Down `a`'s column, 20 px in, from its bottom to `b`'s top.
    Down,
    /// Down from 40 px into `a`, then across to `b`'s left edge.
    DownAcross,
    /// Across from `a`'s middle to 20 px into `b`'s column, then down to its top.
    AcrossDown,
    /// Under `a`'s row, clear of its boxes, then up into `b`.
    Under,
    /// Out of `a`'s right edge, down the channel at this x, into `b`'s right edge: round the
    /// boxes of `a`'s column.
    Around(i32),
    /// Out of `a`'s side nearer this x, along it, into `b`'s left edge: the database's bus.
    Bus(i32),
}

impl Route {
    /// The polyline, first point on `a`'s border, last on `b`'s.
    fn points(self, a: Rect, b: Rect) -> Vec<(i32, i32)> {
        match self {
            Route::Across => vec![(a.right(), a.cy()), (b.x, a.cy())],
            Route::Down => vec![(a.x + 20, a.bottom()), (a.x + 20, b.y)],
            Route::DownAcross => vec![(a.x + 40, a.bottom()), (a.x + 40, b.cy()), (b.x, b.cy())],
            Route::AcrossDown => vec![(a.right(), a.cy()), (b.x + 20, a.cy()), (b.x + 20, b.y)],
            Route::Under => {
                let gap = a.bottom() + ROW_GAP / 2 + 3;
                vec![
                    (a.right() - 20, a.bottom()),
                    (a.right() - 20, gap),
                    (b.x + 20, gap),
                    (b.x + 20, b.bottom()),
                ]
            }
            Route::Around(x) => {
                let (top, bottom) = (a.bottom() - 10, b.y + 10);
                vec![(a.right(), top), (x, top), (x, bottom), (b.right(), bottom)]
            }
            Route::Bus(x) => {
                let side = if x > a.x { a.right() } else { a.x };
                vec![(side, a.y + 8), (x, a.y + 8), (x, b.cy()), (b.x, b.cy())]
            }
        }
    }
}

/// The words beside the path through the App's own proxy, a line each.
pub const BUILT_IN_PATH: [&str; 2] = ["via the App's", "built-in proxy"];

/// A zone's lane label: its name, shortened in the middle if need be, and whether it is the
/// primary zone, which always shows.
fn lane(index: usize, name: &str, primary: bool, rect: Rect) -> Lane {
    let primary_words = if primary { " \u{b7} primary zone" } else { "" };
    let room = rect.w - 16 - text_width(primary_words);
    Lane {
        zone: index,
        rect,
        label: format!("{}{primary_words}", fit_middle(name, room)),
        full_name: format!("Zone {name}{primary_words}"),
        capacity: None,
        hue: index % ZONE_HUES,
    }
}

/// The line under a lane's label when the topology has capacity figures: the zone's Agent
/// hosts (where they are counted) and its pods' requests, in fewer words where `room` is short.
fn lane_capacity(
    agents: Option<Result<Agents, SizingError>>,
    requests: Amount,
    room: i32,
) -> String {
    let (cpu, memory) = (cpu_text(requests), mebibytes_text(requests));
    let (long, short) = match agents {
        Some(Ok(agents)) => (
            format!("{} \u{b7} ", agent_hosts_text(agents.count)),
            format!("{} Agents \u{b7} ", agents.count),
        ),
        Some(Err(_)) => ("Agents not counted \u{b7} ".to_owned(), String::new()),
        None => (String::new(), String::new()),
    };
    let full = format!("{long}cluster requests {cpu}, {memory}");
    if note_width(&full) <= room {
        full
    } else {
        format!("{short}{cpu}, {memory}")
    }
}

/// A line of text.
fn text(x: i32, y: i32, words: &str) -> Text {
    Text {
        x,
        y,
        text: words.to_owned(),
    }
}

/// Lays out the diagram wide, as files and the API draw it.
pub fn layout(topology: &Topology, plan: &Plan) -> Diagram {
    draw(topology, plan, None)
}

/// Lays out the diagram for `room` CSS pixels of width: wide from [`WIDE_FROM`], else narrow.
pub fn layout_to_fit(topology: &Topology, plan: &Plan, room: i32) -> Diagram {
    draw(
        topology,
        plan,
        (room < WIDE_FROM).then(|| room.clamp(NARROW_MIN, NARROW_MAX)),
    )
}

// The wide shape's columns.
const MARGIN: i32 = 16;
const HEADER: i32 = 40;
const DB_BAND: i32 = 72;
const ROW: i32 = BOX_H + 8;
const ROW_GAP: i32 = 14;
const USERS_X: i32 = MARGIN + 8;
const CLUSTER_X: i32 = USERS_X + BOX_W + 28;
const APP_X: i32 = CLUSTER_X + 16;
const CHANNEL_X: i32 = APP_X + BOX_W + 12;
const CLUSTER_COL2_X: i32 = APP_X + BOX_W + 24;
const CLUSTER_W: i32 = CLUSTER_COL2_X + BOX_W + 16 - CLUSTER_X;
const EXTERNAL_X: i32 = CLUSTER_X + CLUSTER_W + 36;
const EXTERNAL_COL2_X: i32 = EXTERNAL_X + BOX_W + 36;
const WIDTH: i32 = EXTERNAL_COL2_X + BOX_W + MARGIN + 8;

// The narrow shape: two columns of boxes, a channel between them, the database's bus at left.
const N_MARGIN: i32 = 1;
const N_PAD: i32 = 7;
const N_GAP: i32 = 10;
const N_ROW_GAP: i32 = 18;
const N_BOX_MAX: i32 = 300;
/// Above a lane's first box in the cluster, and above its first box outside: a caption's line.
const CAPTION: i32 = 20;
/// The captions of a narrow lane's two parts.
pub const IN_CLUSTER: &str = "In the cluster (Helm chart)";
/// See [`IN_CLUSTER`].
pub const OUTSIDE: &str = "You build these";

/// A path of a lane: from, to, what travels, dashed, the route wide and narrow.
type Path = (Slot, Slot, Traffic, bool, Route, Route);

/// Where a lane puts the box of each slot: its top left corner.
type Place = Box<dyn Fn(Slot) -> (i32, i32)>;

/// Where a shape puts its columns of boxes: the same for every lane.
#[derive(Clone, Copy)]
struct Columns {
    /// The narrow shape's width, or `None` for the wide shape.
    narrow: Option<i32>,
    /// The narrow shape's left and right columns.
    left: i32,
    right: i32,
    /// A box's width.
    box_w: i32,
    /// The channel between the narrow shape's columns, where a built-in path runs around.
    channel: i32,
    /// Where the database's bus runs down.
    bus: i32,
    /// A narrow lane's width.
    lane_w: i32,
    /// The room above a lane's boxes for its label (and its capacity line).
    label_h: i32,
}

impl Columns {
    /// The columns of the wide shape (`narrow` is `None`) or of a narrow one `width` wide.
    fn of(narrow: Option<i32>, width: i32) -> Columns {
        let lane_w = width - 2 * N_MARGIN;
        let content = lane_w - 2 * N_PAD;
        let box_w = if narrow.is_some() {
            ((content - N_GAP) / 2).min(N_BOX_MAX)
        } else {
            BOX_W
        };
        // Centred, with the channel between them.
        let left = N_MARGIN + N_PAD + (content - 2 * box_w - N_GAP) / 2;
        Columns {
            narrow,
            left,
            right: left + box_w + N_GAP,
            box_w,
            channel: left + box_w + N_GAP / 2,
            bus: if narrow.is_some() {
                left - 6
            } else {
                CHANNEL_X
            },
            lane_w,
            label_h: LANE_LABEL,
        }
    }

    /// The piece of the cluster boundary around a narrow lane's boxes in the cluster.
    fn piece_of_cluster(&self, top: i32, bottom: i32) -> Rect {
        Rect {
            x: self.left - 3,
            y: top,
            w: 2 * self.box_w + N_GAP + 6,
            h: bottom - top,
        }
    }
}

/// What the lanes add to the drawing, each lane after the one before.
struct Drawn {
    lanes: Vec<Lane>,
    boxes: Vec<BoxShape>,
    connectors: Vec<Connector>,
    /// The pieces of the cluster boundary (narrow), or the one boundary (wide, added last).
    cluster: Vec<Rect>,
    captions: Vec<Text>,
}

/// Draws one zone's lane into `drawn`, from `y` down in the shape `columns` gives: its boxes and
/// paths, its piece of the cluster boundary and captions (narrow). Returns where it ends.
fn draw_lane(zone_plan: &ZonePlan, columns: &Columns, db: Rect, y: i32, drawn: &mut Drawn) -> i32 {
    let Columns {
        narrow,
        left,
        right,
        box_w,
        channel,
        bus,
        lane_w,
        label_h,
    } = *columns;
    let Drawn {
        lanes,
        boxes,
        connectors,
        cluster,
        captions,
    } = drawn;
    let drawing = ZoneDrawing::of(zone_plan);
    let has = |slot| drawing.has(slot);
    let gateway = if has(Slot::GatewayInCluster) {
        Slot::GatewayInCluster
    } else {
        Slot::GatewayOutside
    };
    // Where each slot's box goes, the lane's bottom, and where the built-in path's words go.
    let (place, bottom, words): (Place, i32, (i32, i32)) = match narrow {
        None => {
            let rows = if has(gateway) { 2 } else { 1 };
            let row1 = y + label_h + (ROW - BOX_H) / 2;
            let row2 = row1 + ROW + ROW_GAP;
            let at = move |slot| match slot {
                Slot::Browsers => (USERS_X, row1),
                Slot::App => (APP_X, row1),
                Slot::ProxyInCluster => (CLUSTER_COL2_X, row1),
                Slot::GatewayInCluster => (CLUSTER_COL2_X, row2),
                Slot::ProxyOutside => (EXTERNAL_X, row1),
                Slot::GatewayOutside => (EXTERNAL_X, row2),
                Slot::Agents => (EXTERNAL_COL2_X, row1),
                Slot::Targets => (EXTERNAL_COL2_X, row2),
            };
            // A lane of one row still keeps room under it for the built-in path.
            let bottom = y + label_h + rows * ROW + ROW_GAP + 8;
            // Between the App's row and the built-in path, right of the database's bus.
            (Box::new(at), bottom, (CHANNEL_X + 6, row1 + BOX_H / 2 + 13))
        }
        Some(_) => {
            let users = y + label_h + 2;
            let piece_top = users + BOX_H + 8;
            let row_app = piece_top + CAPTION;
            // The second row in the cluster holds a Dedicated Proxy there, or the built-in
            // path's words where it runs down the left column.
            let row_proxy = row_app + BOX_H + N_ROW_GAP;
            let second = has(Slot::ProxyInCluster) || drawing.built_in;
            let piece_bottom = if second { row_proxy } else { row_app } + BOX_H + 6;
            let first_out = has(Slot::ProxyOutside) || has(Slot::GatewayOutside);
            let last_out = has(Slot::Agents) || has(Slot::Targets);
            let row_out1 = piece_bottom + CAPTION;
            let row_out2 = row_out1 + if first_out { BOX_H + N_ROW_GAP } else { 0 };
            let bottom = match (first_out, last_out) {
                (_, true) => row_out2 + BOX_H,
                (true, false) => row_out1 + BOX_H,
                (false, false) => piece_bottom,
            } + 10;
            cluster.push(columns.piece_of_cluster(piece_top, piece_bottom));
            captions.push(text(left + 28, piece_top + 14, IN_CLUSTER));
            if first_out || last_out {
                captions.push(text(left + 28, piece_bottom + 15, OUTSIDE));
            }
            let at = move |slot| match slot {
                Slot::Browsers => (left, users),
                Slot::App => (left, row_app),
                Slot::GatewayInCluster => (right, row_app),
                Slot::ProxyInCluster => (left, row_proxy),
                Slot::ProxyOutside => (left, row_out1),
                Slot::GatewayOutside => (right, row_out1),
                Slot::Agents => (left, row_out2),
                Slot::Targets => (right, row_out2),
            };
            (Box::new(at), bottom, (left + 28, row_proxy + 22))
        }
    };
    let at = |slot| {
        let (x, y) = place(slot);
        Rect {
            x,
            y,
            w: box_w,
            h: BOX_H,
        }
    };
    lanes.push(lane(
        drawing.index,
        &zone_plan.name,
        zone_plan.primary,
        Rect {
            x: if narrow.is_some() { N_MARGIN } else { MARGIN },
            y,
            w: if narrow.is_some() {
                lane_w
            } else {
                WIDTH - 2 * MARGIN
            },
            h: bottom - y,
        },
    ));
    boxes.extend(drawing.boxes(at));

    let paths = drawing.paths(gateway, channel);
    let app = drawing.id(Slot::App);
    connectors.push(Connector {
        from: app.clone(),
        to: "database".into(),
        traffic: Traffic::Database,
        points: Route::Bus(bus).points(at(Slot::App), db),
        dashed: false,
        label: Vec::new(),
    });
    for (from, to, traffic, dashed, wide_route, narrow_route) in paths {
        let route = if narrow.is_some() {
            narrow_route
        } else {
            wide_route
        };
        let label = if (from, to) == (Slot::App, Slot::Agents) {
            BUILT_IN_PATH
                .iter()
                .zip(0..)
                .map(|(line, n)| text(words.0, words.1 + 13 * n, line))
                .collect()
        } else {
            Vec::new()
        };
        connectors.push(Connector {
            from: drawing.id(from),
            to: drawing.id(to),
            traffic,
            points: route.points(at(from), at(to)),
            dashed,
            label,
        });
    }
    bottom
}

/// The diagram wide (`narrow` is `None`) or narrow, `narrow` pixels wide.
fn draw(topology: &Topology, plan: &Plan, narrow: Option<i32>) -> Diagram {
    let width = narrow.unwrap_or(WIDTH);
    let mut columns = Columns::of(narrow, width);
    // A line under each lane's label, only when the operator gave capacity figures: every other
    // topology is drawn as before.
    let capacity = topology
        .has_capacity()
        .then(|| topology.reservation(SizeChoice::planned(topology.size_choice())));
    if capacity.is_some() {
        columns.label_h += CAPACITY_LINE;
    }
    let Columns { left, box_w, .. } = columns;
    let (db, mut y) = match narrow {
        None => (
            Rect {
                x: CLUSTER_COL2_X,
                y: MARGIN + HEADER + 6,
                w: BOX_W,
                h: BOX_H,
            },
            MARGIN + HEADER + DB_BAND,
        ),
        Some(_) => {
            let top = N_MARGIN + 20;
            (
                Rect {
                    x: left,
                    y: top + CAPTION,
                    w: box_w,
                    h: BOX_H,
                },
                top + CAPTION + BOX_H + 6 + LANE_GAP,
            )
        }
    };
    let lanes_top = y;
    let mut drawn = Drawn {
        lanes: Vec::new(),
        boxes: vec![database(db)],
        connectors: Vec::new(),
        cluster: Vec::new(),
        captions: Vec::new(),
    };
    if narrow.is_some() {
        drawn
            .cluster
            .push(columns.piece_of_cluster(db.y - CAPTION, db.bottom() + 6));
        drawn.captions.push(text(left + 28, db.y - 6, IN_CLUSTER));
    }
    for zone_plan in &plan.zones {
        y = draw_lane(zone_plan, &columns, db, y, &mut drawn) + LANE_GAP;
        if let (Some(lane), Some(zone)) = (
            drawn.lanes.last_mut(),
            capacity.as_ref().and_then(|c| c.zones.get(zone_plan.index)),
        ) {
            let agents = topology.agents(zone_plan.index);
            lane.capacity = Some(lane_capacity(agents, zone.total.requests, lane.rect.w - 16));
        }
    }
    let Drawn {
        lanes,
        boxes,
        connectors,
        mut cluster,
        captions,
    } = drawn;
    let (legend_left, legend_top) = match narrow {
        None => (USERS_X, y - LANE_GAP + 12),
        Some(_) => (left, y),
    };
    let mut legend = Vec::new();
    let (mut x, mut line) = (legend_left, legend_top + 12);
    for key in Key::ALL {
        if x > legend_left && x + key.width() > width - legend_left {
            x = legend_left;
            line += LEGEND_LINE;
        }
        legend.push((key, text(x, line, key.label())));
        x += key.width() + LEGEND_GAP;
    }
    let entered_through = topology.publishing.entry_label();
    let entry = format!("Entry: {entered_through}");
    let heading = |x: i32, words: &'static str| text(x, MARGIN + 14, words);
    let (entry, headings) = match narrow {
        None => {
            let boundary = Rect {
                x: CLUSTER_X,
                y: MARGIN + HEADER - 4,
                w: CLUSTER_W,
                h: (y - LANE_GAP).max(lanes_top) - (MARGIN + HEADER - 4) + 6,
            };
            cluster.push(boundary);
            (
                text(
                    boundary.x + 10,
                    boundary.y - 5,
                    &fit_at(&entry, boundary.w - 20, 66),
                ),
                vec![
                    heading(USERS_X, "Users"),
                    heading(CLUSTER_X + 10, "Kubernetes cluster (Helm chart)"),
                    heading(EXTERNAL_X, "Outside the cluster: you build these"),
                ],
            )
        }
        Some(_) => (
            text(
                left,
                N_MARGIN + 12,
                &fit_at(&entry, width - left - N_MARGIN, 66),
            ),
            Vec::new(),
        ),
    };
    Diagram {
        width,
        height: line + 8 + N_MARGIN + if narrow.is_some() { 0 } else { 5 },
        cluster,
        entered_through,
        entry,
        headings,
        captions,
        lanes,
        boxes,
        connectors,
        legend,
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

/// The id of the box of `role` in the zone at `zone`: `app-0`, `agent-2`. The one spelling of a
/// role box's id, here, in the page and in its details.
pub fn role_box_id(role: Role, zone: usize) -> String {
    format!("{}-{zone}", role_key(role))
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

    /// Every count of zones, three mixes each; every third zone shares the primary's region,
    /// where the chart deploys the Connection Proxy (idle without RDP/VNC sessions).
    fn every_topology() -> impl Iterator<Item = Topology> {
        (1..=MAX_ZONES).flat_map(|count| {
            (0..3).map(move |seed| {
                let mut topology = generated(count, seed);
                if seed == 2 {
                    for (i, zone) in topology.zones.iter_mut().enumerate() {
                        if i % 3 == 0 {
                            zone.region = "eu-central-1".into();
                        }
                    }
                }
                topology
            })
        })
    }

    /// Every shape: wide, and narrow at its least, a middle and its greatest width.
    const ROOMS: [i32; 5] = [WIDE_FROM, 200, NARROW_MIN, 517, 2000];

    /// Every topology in every shape.
    fn every_diagram() -> impl Iterator<Item = (Topology, Diagram)> {
        every_topology().flat_map(|topology| {
            let planned = plan(&topology);
            ROOMS
                .iter()
                .map(|&room| (topology.clone(), layout_to_fit(&topology, &planned, room)))
                .collect::<Vec<_>>()
        })
    }

    /// The box an 11 px line of text takes, roughly from its ascent to its descent.
    fn text_rect(text: &Text) -> Rect {
        Rect {
            x: text.x,
            y: text.y - 9,
            w: note_width(&text.text),
            h: 12,
        }
    }

    /// The thin box a connector's segment from `a` to `b` takes.
    fn segment((a, b): ((i32, i32), (i32, i32))) -> Rect {
        Rect {
            x: a.0.min(b.0),
            y: a.1.min(b.1),
            w: (a.0 - b.0).abs().max(1),
            h: (a.1 - b.1).abs().max(1),
        }
    }

    #[test]
    fn no_two_boxes_overlap_and_every_box_is_in_the_drawing() {
        for (_, diagram) in every_diagram() {
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

    /// With capacity figures, each lane's line fits inside its lane at every width the page or
    /// an embed draws, even with every figure at its largest, and no box moves into it.
    #[test]
    fn the_capacity_line_fits_its_lane() {
        use crate::engine::capacity::{Shape, MAX_BYTES, MAX_COUNT};
        for (mut topology, _) in every_diagram().take(40) {
            for zone in &mut topology.zones {
                zone.peak_container_sessions = Some(MAX_COUNT);
                zone.peak_rdp_vnc_sessions = Some(MAX_COUNT);
            }
            topology.capacity.host = Some(Shape {
                millicores: 1_000,
                bytes: MAX_BYTES,
            });
            topology.capacity.image = Some(Shape {
                millicores: 1,
                bytes: 1,
            });
            topology.capacity.spares = MAX_COUNT;
            let planned = plan(&topology);
            for room in ROOMS {
                let diagram = layout_to_fit(&topology, &planned, room);
                for lane in &diagram.lanes {
                    let line = lane.capacity.as_deref().unwrap_or_default();
                    assert!(!line.is_empty(), "zone {}: no capacity line", lane.zone);
                    assert!(
                        note_width(line) + 16 <= lane.rect.w,
                        "{line:?} wider than its lane at {room} px"
                    );
                    let under_label = lane.rect.y + 29 + 3;
                    for b in diagram.boxes.iter().filter(|b| b.zone == Some(lane.zone)) {
                        assert!(b.rect.y > under_label, "{} under the capacity line", b.id);
                    }
                }
            }
        }
    }

    #[test]
    fn boxes_sit_on_the_right_side_of_the_cluster_boundary() {
        for (_, diagram) in every_diagram() {
            for b in &diagram.boxes {
                let inside = diagram.cluster.iter().any(|c| c.contains(&b.rect));
                assert_eq!(inside, b.in_cluster, "{}", b.id);
                if !b.in_cluster {
                    assert!(
                        !diagram.cluster.iter().any(|c| c.overlaps(&b.rect)),
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
    fn every_label_fits_inside_its_box_whole() {
        for (topology, diagram) in every_diagram() {
            for b in &diagram.boxes {
                assert!(
                    text_width(b.title) + 2 * TEXT_PADDING <= b.rect.w,
                    "{}",
                    b.id
                );
                for line in &b.notes {
                    assert!(
                        note_width(line) + 2 * TEXT_PADDING <= b.rect.w,
                        "{}: {line}",
                        b.id
                    );
                }
                // Every box says all it has to say, in every shape.
                assert!(
                    !b.title.contains('\u{2026}')
                        && !b.notes.iter().any(|n| n.contains('\u{2026}')),
                    "{} is cut short: {} {:?}",
                    b.id,
                    b.title,
                    b.notes
                );
            }
            for (lane, zone) in diagram.lanes.iter().zip(&topology.zones) {
                assert!(
                    text_width(&lane.label) + 16 <= lane.rect.w,
                    "{}",
                    lane.label
                );
                if text_width(&lane.full_name) + 16 <= lane.rect.w {
                    assert!(
                        lane.label.starts_with(&zone.name),
                        "{} cut with room",
                        zone.name
                    );
                }
            }
        }
    }

    #[test]
    fn every_connector_starts_and_ends_on_the_boxes_it_joins_and_crosses_none() {
        for (_, diagram) in every_diagram() {
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
                    let segment = segment((a, b));
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
    fn the_drawing_reads_the_zones_sessions_from_the_plan_as_the_topology_has_them() {
        for topology in every_topology() {
            let planned = plan(&topology);
            for (zone_plan, zone) in planned.zones.iter().zip(&topology.zones) {
                let drawing = ZoneDrawing::of(zone_plan);
                let container = drawing.proxy.is_some() || drawing.built_in;
                assert_eq!(container, zone.container_sessions, "{}", zone.name);
                assert_eq!(drawing.rdp, zone.rdp_vnc_sessions, "{}", zone.name);
                assert_eq!(drawing.has(Slot::Targets), zone.rdp_vnc_sessions);
                assert_eq!(drawing.has(Slot::Agents), zone.container_sessions);
            }
        }
    }

    #[test]
    fn lanes_follow_the_zones_in_order_and_hold_their_own_boxes() {
        for (topology, diagram) in every_diagram() {
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
        for (_, diagram) in every_diagram() {
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
        assert_eq!(fit_at("short", 100, 72), "short");
        let cut = fit_at(&"w".repeat(63), 100, 72);
        assert!(cut.ends_with('\u{2026}') && text_width(&cut) <= 100);
        // Shortened in the middle, names that share a beginning still differ.
        let one = fit_middle("eu-west-frankfurt-datacentre-1", 120);
        let two = fit_middle("eu-west-frankfurt-datacentre-2", 120);
        assert!(one.contains('\u{2026}') && text_width(&one) <= 120, "{one}");
        assert_ne!(one, two);
        assert!(one.starts_with("eu-west") && one.ends_with("-1"), "{one}");
        for width in [0, 7, 20, 50] {
            assert!(text_width(&fit_middle(&"x".repeat(40), width)) <= width.max(22));
        }
    }

    #[test]
    fn words_captions_and_legend_stand_clear_of_boxes_and_lines_inside_the_drawing() {
        for (_, diagram) in every_diagram() {
            let page = Rect {
                x: 0,
                y: 0,
                w: diagram.width,
                h: diagram.height,
            };
            let labels = diagram.connectors.iter().flat_map(|c| c.label.iter());
            let clear: Vec<&Text> = labels.chain(&diagram.captions).collect();
            for text in &clear {
                let at = text_rect(text);
                assert!(page.contains(&at), "{} outside the drawing", text.text);
                for b in &diagram.boxes {
                    assert!(!at.overlaps(&b.rect), "{} covers {}", text.text, b.id);
                }
                for c in &diagram.connectors {
                    for pair in c.points.windows(2) {
                        assert!(
                            !at.overlaps(&segment((pair[0], pair[1]))),
                            "{} crosses the line from {} to {}",
                            text.text,
                            c.from,
                            c.to
                        );
                    }
                }
            }
            // The legend is whole: every entry, each inside the drawing and under the lanes.
            assert_eq!(diagram.legend.len(), Key::ALL.len());
            let lanes_end = diagram
                .lanes
                .iter()
                .map(|l| l.rect.bottom())
                .max()
                .unwrap_or(0);
            for (key, text) in &diagram.legend {
                let at = Rect {
                    w: key.width(),
                    ..text_rect(text)
                };
                assert!(page.contains(&at), "{} outside the drawing", text.text);
                assert!(at.y > lanes_end, "{} over a lane", text.text);
            }
            assert!(page.contains(&text_rect(&diagram.entry)));
        }
    }

    #[test]
    fn the_shape_fits_its_room_with_its_text_at_nine_pixels_or_more() {
        let topology = generated(4, 1);
        let planned = plan(&topology);
        for room in (280..1400).step_by(7) {
            let diagram = layout_to_fit(&topology, &planned, room);
            // Shown at its width, or scaled down to the room; never scaled up.
            let scale = f64::from(room.min(diagram.width)) / f64::from(diagram.width);
            if room >= 278 {
                assert!(
                    11.0 * scale >= 9.0,
                    "{room}px: 11px text drawn at {}",
                    11.0 * scale
                );
            }
            if (NARROW_MIN..WIDE_FROM).contains(&room) {
                assert!(
                    diagram.width <= room,
                    "{room}px room, {} drawn",
                    diagram.width
                );
            }
        }
        assert_eq!(
            layout_to_fit(&topology, &planned, WIDE_FROM),
            layout(&topology, &planned)
        );
    }
}
