//! "Fix and export": the operator's values file with the planner's keys rewritten for a
//! topology and every other byte kept (their keys, comments, order, quoting and anchors), and
//! a unified diff of what changed.
//!
//! The planner owns the keys its own values file writes ([`OWNED`]); their values come from
//! [`crate::export::helm::values`], read back with the same YAML reader, so the merge can
//! never say something the planner's own file would not. Edits are made to the text at the
//! positions the parser reports: a scalar is replaced where it stands, a missing key is written
//! after its mapping's last entry at that mapping's indentation, and a key the planner no longer
//! uses is set back to the chart's default (never deleted: an emptied mapping would read as null
//! and wipe the chart's defaults under it). Zones in `kasmZones` are matched by name and edited
//! key by key, so a zone's other keys (`upstream_auth_address`, `allow_origin_domain`…) stay.
//!
//! Where the text cannot be kept: comments inside a value the planner replaces whole (a new
//! zone, `httpRoute.parentRefs`, an empty `kasmZones`) are not carried over, and a planner key
//! written inline (`{…}`), through an alias, or under an anchor that aliases repeat is refused
//! with its place, to be changed by hand.

use std::collections::BTreeMap;

use super::diff::TextEdit;
use super::read::{open, zone_name};
use super::yaml::{parse, Kind, Node, YamlError};
use crate::engine::{Topology, Zone};
use crate::export::{render, Format};

/// A chart default the merge writes back for a planner key the plan no longer uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ChartDefault {
    /// `false`.
    False,
    /// `""`.
    Empty,
    /// `[]`.
    EmptyList,
}

impl ChartDefault {
    /// As YAML.
    fn yaml(self) -> &'static str {
        match self {
            ChartDefault::False => "false",
            ChartDefault::Empty => "\"\"",
            ChartDefault::EmptyList => "[]",
        }
    }

    /// Whether `node` already says it.
    fn holds(self, node: &Node) -> bool {
        node.is_null()
            || match self {
                ChartDefault::False => node.as_bool() == Some(false),
                ChartDefault::Empty => node.as_str().unwrap_or_default().is_empty(),
                ChartDefault::EmptyList => node.items().is_some_and(<[Node]>::is_empty),
            }
    }
}

/// What a planner key becomes when the planner's file does not write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unused {
    /// Set back to the chart's default.
    Default(ChartDefault),
    /// Left as the user wrote it: harmless without the key that enables it.
    Kept,
}

/// The keys the planner owns, and what each becomes when the plan does not use it. Defaults
/// from kasm-helm `CHART_VERSION` `charts/kasm-helm/values.yaml` (bdf28c4b).
const OWNED: [(&str, Unused); 20] = [
    ("publicAddr", Unused::Kept),
    // What a Route needs on OpenShift (see `crate::export::helm`): left as they are for another
    // publisher, where they change nothing the plan relies on (an OpenShift cluster may use an
    // Ingress too).
    ("isOpenshift", Unused::Kept),
    ("nginxResolver", Unused::Kept),
    ("proxyService.type", Unused::Kept),
    ("ingress.enabled", Unused::Default(ChartDefault::False)),
    (
        "ingress.ingressClassName",
        Unused::Default(ChartDefault::Empty),
    ),
    ("route.enabled", Unused::Default(ChartDefault::False)),
    ("route.backendProtocol", Unused::Kept),
    // Written whole: the planner's passthrough has no certificate or key beside it.
    ("route.tls", Unused::Kept),
    ("httpRoute.enabled", Unused::Default(ChartDefault::False)),
    (
        "httpRoute.parentRefs",
        Unused::Default(ChartDefault::EmptyList),
    ),
    // A TLSRoute is a publisher the planner does not plan; beside another the chart refuses it.
    ("tlsRoute.enabled", Unused::Default(ChartDefault::False)),
    (
        "certificate.secretName",
        Unused::Default(ChartDefault::Empty),
    ),
    (
        "certificate.certManager.enabled",
        Unused::Default(ChartDefault::False),
    ),
    ("certificate.certManager.issuerName", Unused::Kept),
    ("certificate.certManager.issuerKind", Unused::Kept),
    ("certificate.certManager.addWildCard", Unused::Kept),
    ("database.storage.retentionPolicy.whenDeleted", Unused::Kept),
    ("kasmConfig.generatePreseed", Unused::Kept),
    ("kasmZones", Unused::Default(ChartDefault::EmptyList)),
];

/// The zone keys the planner owns inside each `kasmZones` entry.
const ZONE_KEYS: [&str; 4] = ["name", "proxy_hostname", "primary", "region_name"];

/// Zone keys the planner reads and rewrites: its own, and the aliases it replaces.
const ZONE_KEYS_READ: [&str; 6] = [
    "name",
    "zone_name",
    "proxy_hostname",
    "proxyAddress",
    "primary",
    "region_name",
];

/// The first key the planner does not own in these zones, and its zone's name.
fn lost_key(items: &[Node]) -> Option<(&Node, String)> {
    items.iter().find_map(|item| {
        let key = item.entries()?.iter().find(|(key, _)| {
            key.as_str()
                .is_none_or(|key| !ZONE_KEYS_READ.contains(&key) && key != "<<")
        })?;
        Some((&key.0, zone_name(item).unwrap_or("(no name)").to_owned()))
    })
}

/// Whether a user's zone entry already says what the planner's says of its keys (the user's may
/// hold more, and no longer the deprecated hostname alias).
fn same_zone(theirs: &Node, ours: &Node) -> bool {
    theirs.get("proxyAddress").is_none_or(|_| {
        theirs
            .get("proxy_hostname")
            .and_then(Node::as_str)
            .is_some_and(|host| !host.is_empty())
    }) && ZONE_KEYS
        .iter()
        .all(|key| match (theirs.get(key), ours.get(key)) {
            (_, _) if *key == "primary" => {
                theirs.get(key).is_some_and(Node::truthy) == ours.get(key).is_some_and(Node::truthy)
            }
            (_, _) if *key == "name" => zone_name(theirs) == zone_name(ours),
            (Some(a), Some(b)) => a.same_data(b),
            (None, None) => true,
            (Some(a), None) => a.as_str().unwrap_or_default().is_empty(),
            (None, Some(_)) => false,
        })
}

/// Where a sequence item's lines start: at its dash, which may stand on a line of its own
/// (after a comment, even).
fn dash(text: &str, item: &Node) -> usize {
    let mut before = &text[..item.start];
    loop {
        let line_at = before.rfind('\n').map_or(0, |newline| newline + 1);
        let line = &before[line_at..];
        // The line without its comment.
        let code = line
            .char_indices()
            .find(|&(at, c)| c == '#' && (at == 0 || line[..at].ends_with([' ', '\t'])))
            .map_or(line, |(at, _)| &line[..at]);
        let code = code.trim_end();
        if code.ends_with('-') {
            return line_at + code.len() - 1;
        }
        if !code.trim().is_empty() || line_at == 0 {
            return item.start;
        }
        before = &before[..line_at - 1];
    }
}

/// Lines for a branch the user's file does not have: `segments` nested from `column`, the last
/// one holding `value`.
fn nested(segments: &[&str], column: usize, value: &str) -> String {
    let mut out = String::new();
    for (depth, segment) in segments.iter().enumerate() {
        let indent = " ".repeat(column + 2 * depth);
        if depth + 1 == segments.len() {
            out.push_str(&format!("{indent}{segment}: {value}\n"));
        } else {
            out.push_str(&format!("{indent}{segment}:\n"));
        }
    }
    out
}

/// The fixed file and what changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The operator's file with the planner's keys fixed.
    pub text: String,
    /// A unified diff from the operator's file to the fixed one; empty when nothing changed.
    pub diff: String,
    /// The planner keys that changed, in the order of [`OWNED`].
    pub changed: Vec<String>,
}

/// Why no fixed file was written; the operator's file is untouched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeError {
    /// The operator's file could not be read (see [`super::open`]).
    Unreadable(YamlError),
    /// The planner writes no values for this topology yet; holds its reasons.
    Refused(Vec<String>),
    /// A planner key is written in a way the merge cannot edit in place; holds where and why.
    CannotEdit(YamlError),
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Unreadable(error) => write!(f, "{error}"),
            MergeError::Refused(reasons) => write!(
                f,
                "the planner writes no values for this topology until these are fixed: {}",
                reasons.join("; ")
            ),
            MergeError::CannotEdit(error) => write!(f, "{error}"),
        }
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |newline| newline + 1)
}

/// Past the end of the line holding the character before `at` (its newline included).
fn line_end(text: &str, at: usize) -> usize {
    if at == 0 || text[..at].ends_with('\n') {
        return at;
    }
    text[at..]
        .find('\n')
        .map_or(text.len(), |newline| at + newline + 1)
}

fn column(text: &str, at: usize) -> usize {
    at - line_start(text, at)
}

/// The edit that writes `written` in place of the scalar (or inline value) `value`. A block
/// scalar (`|`) runs to the next key's line: its last line break stays, so that key keeps its
/// line. An empty value stands right after its key's colon: it gets a space before it.
fn scalar_edit(text: &str, value: &Node, written: String) -> TextEdit {
    let old = &text[value.start..value.end];
    let body = old.trim_end();
    let end = if old[body.len()..].contains('\n') {
        value.start + body.len()
    } else {
        value.end
    };
    let text = if value.start == value.end {
        format!(" {written}")
    } else {
        written
    };
    TextEdit {
        start: value.start,
        end,
        text,
    }
}

/// `block` (whole lines, its first key at column `from`) moved to column `to`.
fn reindent(block: &str, from: usize, to: usize) -> String {
    let mut out = String::with_capacity(block.len());
    for line in block.split_inclusive('\n') {
        if line.trim().is_empty() {
            out.push_str(line);
        } else if to >= from {
            out.push_str(&" ".repeat(to - from));
            out.push_str(line);
        } else {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            out.push_str(&line[spaces.min(from - to)..]);
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn cannot(node: &Node, message: String) -> MergeError {
    MergeError::CannotEdit(YamlError {
        at: Some(node.position),
        message,
    })
}

/// The lines of a mapping entry: from its key's line to past its value's last line.
fn entry_lines(text: &str, entry: &(Node, Node)) -> (usize, usize) {
    let end = entry.1.end.max(entry.0.end);
    (line_start(text, entry.0.start), line_end(text, end))
}

/// Why a value shared through an anchor or an alias is not changed.
fn shared_refusal(node: &Node, key: &str) -> MergeError {
    cannot(node, format!("{key} is shared through a YAML anchor or alias, so the planner cannot change it without changing the other places that use it: write it out in full, or change it by hand"))
}

/// The entries of a mapping the merge walks into.
fn editable<'a>(node: &'a Node, key: &str) -> Result<&'a [(Node, Node)], MergeError> {
    match &node.kind {
        Kind::Mapping(entries) => Ok(entries),
        _ => Err(cannot(
            node,
            format!(
                "{key} is {}, where the chart expects a mapping",
                node.kind_name()
            ),
        )),
    }
}

/// Where a new entry goes in a block mapping: past its last entry's lines, and at which column.
fn insertion_point(text: &str, entries: &[(Node, Node)], parent_column: usize) -> (usize, usize) {
    match entries.last() {
        Some(last) => (entry_lines(text, last).1, column(text, entries[0].0.start)),
        None => (text.len(), parent_column),
    }
}

/// The merge of one file: the text, our file, and the edits so far.
struct Merge<'a> {
    text: &'a str,
    ours_text: &'a str,
    ours: Node,
    edits: Vec<TextEdit>,
    changed: Vec<String>,
}

impl Merge<'_> {
    fn edit(&mut self, key: &str, start: usize, end: usize, text: String) {
        if self.text[start..end] != text {
            self.edits.push(TextEdit { start, end, text });
            if !self.changed.iter().any(|seen| seen == key) {
                self.changed.push(key.to_owned());
            }
        }
    }

    /// Replaces a scalar (or an inline value) where it stands. A block scalar (`|`) spans lines
    /// up to the next key; its line break stays, so that key stays on its own line.
    fn scalar(&mut self, key: &str, value: &Node, written: String) {
        let edit = scalar_edit(self.text, value, written);
        self.edit(key, edit.start, edit.end, edit.text);
    }

    /// Our entry for a dotted path (its key and value nodes), if our file writes it.
    fn our_entry(&self, path: &str) -> Option<&(Node, Node)> {
        let (parent, last) = match path.rsplit_once('.') {
            Some((parent, last)) => (self.ours.at(parent)?, last),
            None => (&self.ours, path),
        };
        parent.own_entry(last)
    }

    /// Our entry's lines, moved to `column`.
    fn our_lines(&self, path: &str, column_to: usize) -> Option<String> {
        let entry = self.our_entry(path)?;
        let (start, end) = entry_lines(self.ours_text, entry);
        Some(reindent(
            &self.ours_text[start..end],
            column(self.ours_text, entry.0.start),
            column_to,
        ))
    }

    /// Makes the user's `path` what ours is (or the chart's default when ours does not write
    /// it), writing in place.
    fn owned(&mut self, root: &Node, path: &str, unused: Unused) -> Result<(), MergeError> {
        // Even a key the plan leaves alone is walked to: a section on its way given as null is
        // given back its defaults.
        // Walk the user's mappings down the path as far as they are written.
        let segments: Vec<&str> = path.split('.').collect();
        let Some(mut entries) = root.entries() else {
            return Ok(());
        };
        let mut node = root;
        let mut parent_column = 0;
        // A mapping on the way that an alias repeats (or that is an alias): nothing in it can
        // change without changing the other places too.
        let mut shared: Option<(&Node, String)> = None;
        for (depth, segment) in segments.iter().enumerate() {
            let Some(entry) = entries
                .iter()
                .find(|(key, _)| key.as_str() == Some(segment))
            else {
                // Not written here. A merge key may bring the same value; otherwise add ours
                // (the whole missing branch) after the mapping's entries.
                let rest = segments[depth..].join(".");
                let branch = segments[..=depth].join(".");
                let brought = node.at(&rest);
                let needed = match (self.our_entry(path), unused) {
                    (Some((_, ours)), _) => !brought.is_some_and(|value| value.same_data(ours)),
                    (None, Unused::Default(default)) => {
                        brought.is_some_and(|value| !default.holds(value))
                    }
                    (None, Unused::Kept) => false,
                };
                if !needed || self.changed.iter().any(|seen| seen == &branch) {
                    return Ok(());
                }
                if let Some((node, key)) = shared {
                    return Err(shared_refusal(node, &key));
                }
                if node.flow {
                    return Err(cannot(node, format!("{} is written inline ({{\u{2026}}}) and needs {segment}; the planner adds keys to block mappings only: write it as a block, or add the key by hand", segments[..depth].join("."))));
                }
                // A mapping a merge key brings would be replaced whole by the key written here
                // (merge keys are shallow), losing what it brought beside the planner's key.
                if let Some(brought) = node.get(segment).filter(|value| value.entries().is_some()) {
                    return Err(cannot(brought, format!("{branch} comes from a merge key (<<), and writing {path} here would replace all of it: write {branch} out in full, or change {path} by hand")));
                }
                let (at, column_to) = insertion_point(self.text, entries, parent_column);
                let lines = match unused {
                    _ if self.our_entry(&branch).is_some() => {
                        self.our_lines(&branch, column_to).unwrap_or_default()
                    }
                    Unused::Default(default) => {
                        nested(&segments[depth..], column_to, default.yaml())
                    }
                    Unused::Kept => return Ok(()),
                };
                self.insert(&branch, at, lines);
                return Ok(());
            };
            parent_column = column(self.text, entry.0.start) + 2;
            let value = &entry.1;
            if shared.is_none() && (value.anchored || value.alias) {
                shared = Some((value, segments[..=depth].join(".")));
            }
            if depth + 1 == segments.len() {
                let before = self.edits.len();
                self.key(path, entry, unused)?;
                return match shared {
                    Some((node, key)) if self.edits.len() > before => {
                        Err(shared_refusal(node, &key))
                    }
                    _ => Ok(()),
                };
            }
            if value.is_null() {
                // `ingress:` with nothing under it, which drops the chart's defaults: write the
                // branch in full under the key.
                let branch = segments[..=depth].join(".");
                if self.changed.iter().any(|seen| seen == &branch) {
                    return Ok(());
                }
                let column_to = column(self.text, entry.0.start);
                // Ours for the whole section when ours writes it; otherwise `{}`, which gives the
                // chart's defaults back.
                let lines = match self.our_lines(&branch, column_to) {
                    Some(ours) => Some(ours),
                    None => Some(format!("{}{segment}: {{}}\n", " ".repeat(column_to))),
                };
                if let Some(lines) = lines {
                    if let Some((node, key)) = shared {
                        return Err(shared_refusal(node, &key));
                    }
                    let (start, end) = entry_lines(self.text, entry);
                    self.edit(&branch, start, end, lines);
                }
                return Ok(());
            }
            entries = editable(value, &segments[..=depth].join("."))?;
            node = value;
        }
        Ok(())
    }

    /// The planner key `path` itself, written in the user's file as `entry`.
    fn key(&mut self, path: &str, entry: &(Node, Node), unused: Unused) -> Result<(), MergeError> {
        let value = &entry.1;
        match self.our_entry(path).map(|(_, ours)| ours.clone()) {
            Some(_) if path == "kasmZones" => self.zones(entry)?,
            Some(ours) if ours.same_data(value) => {}
            Some(ours)
                if matches!(ours.kind, Kind::Scalar { .. })
                    && matches!(value.kind, Kind::Scalar { .. }) =>
            {
                let written = self.ours_text[ours.start..ours.end].to_owned();
                self.scalar(path, value, written);
            }
            Some(_) => {
                let (start, end) = entry_lines(self.text, entry);
                let lines = self
                    .our_lines(path, column(self.text, entry.0.start))
                    .unwrap_or_default();
                self.edit(path, start, end, lines);
            }
            None => {
                let Unused::Default(default) = unused else {
                    return Ok(());
                };
                if default.holds(value) {
                    return Ok(());
                }
                if path == "kasmZones" {
                    // One zone: the chart's default zone, with no kasmZones to hold such keys.
                    if let Some((key, zone)) = lost_key(value.items().unwrap_or_default()) {
                        return Err(cannot(key, format!("the plan has one zone, which the chart runs as its default zone without kasmZones, and zone {zone} holds {}, which would be lost: keep kasmZones by hand, or plan more than one zone", key.as_str().unwrap_or("a key"))));
                    }
                }
                if matches!(value.kind, Kind::Scalar { .. }) || value.flow || value.alias {
                    self.scalar(path, value, default.yaml().to_owned());
                } else {
                    // A block value: the key keeps its line, the value goes.
                    let (start, end) = entry_lines(self.text, entry);
                    let indent = " ".repeat(column(self.text, entry.0.start));
                    let key = path.rsplit('.').next().unwrap_or(path);
                    self.edit(
                        path,
                        start,
                        end,
                        format!("{indent}{key}: {}\n", default.yaml()),
                    );
                }
            }
        }
        Ok(())
    }

    /// Inserts whole lines at `at`, on a line of their own.
    fn insert(&mut self, key: &str, at: usize, mut lines: String) {
        if at > 0 && !self.text[..at].ends_with('\n') {
            lines.insert(0, '\n');
        }
        self.edit(key, at, at, lines);
    }

    /// `kasmZones`: the zones in the plan's order, each user entry of the same name edited key
    /// by key (its other keys and comments stay), new zones as the planner writes them.
    fn zones(&mut self, entry: &(Node, Node)) -> Result<(), MergeError> {
        let value = &entry.1;
        let ours_zones = self.ours.get("kasmZones").cloned();
        if value.alias || value.anchored {
            // Shared with another place: left as it is when it already says the plan.
            if ours_zones
                .as_ref()
                .is_some_and(|ours| same_zones(value, ours))
            {
                return Ok(());
            }
            return Err(shared_refusal(value, "kasmZones"));
        }
        let items = match (&value.kind, value.flow) {
            (Kind::Sequence(items), false) if !items.is_empty() => items,
            _ => {
                // Empty or inline: ours replaces it whole, unless that would lose a zone's keys
                // the planner does not own.
                if let Some((key, zone)) = lost_key(value.items().unwrap_or_default()) {
                    return Err(cannot(key, format!("kasmZones is written inline ([\u{2026}]), and zone {zone} in it holds {}, which the planner does not write: write kasmZones as a block list and open the file again, so that the planner can keep that key", key.as_str().unwrap_or("a key"))));
                }
                let (start, end) = entry_lines(self.text, entry);
                let lines = self
                    .our_lines("kasmZones", column(self.text, entry.0.start))
                    .unwrap_or_default();
                self.edit("kasmZones", start, end, lines);
                return Ok(());
            }
        };
        let starts: Vec<usize> = items
            .iter()
            .map(|item| line_start(self.text, dash(self.text, item)))
            .collect();
        let dash_column = column(self.text, dash(self.text, &items[0]));
        let region_end = line_end(self.text, items.last().map_or(value.end, |item| item.end));
        let region_start = starts[0];
        let ours_items: Vec<Node> = ours_zones
            .as_ref()
            .and_then(Node::items)
            .map(<[Node]>::to_vec)
            .unwrap_or_default();
        let ours_dash = ours_items.first().map_or(2, |item| {
            column(self.ours_text, item.start).saturating_sub(2)
        });
        // A zone as the planner writes it, moved to the user's dash column.
        let ours_lines = |ours_item: &Node| {
            let start = line_start(self.ours_text, ours_item.start);
            let end = line_end(self.ours_text, ours_item.end);
            reindent(&self.ours_text[start..end], ours_dash, dash_column)
        };
        let mut used = vec![false; items.len()];
        let mut out = String::new();
        for ours_item in &ours_items {
            let name = ours_item
                .get("name")
                .and_then(Node::as_str)
                .unwrap_or_default();
            let found = items
                .iter()
                .enumerate()
                .position(|(index, item)| !used[index] && zone_name(item) == Some(name));
            let Some(index) = found else {
                out.push_str(&ours_lines(ours_item));
                continue;
            };
            used[index] = true;
            let item = &items[index];
            let end = starts.get(index + 1).copied().unwrap_or(region_end);
            if same_zone(item, ours_item) {
                // Nothing of the planner's to change: the entry stays as written.
                out.push_str(&self.text[starts[index]..end]);
            } else if item.alias || item.anchored {
                return Err(shared_refusal(item, &format!("zone {name}")));
            } else if item.flow {
                if let Some((key, _)) = lost_key(std::slice::from_ref(item)) {
                    return Err(cannot(key, format!("zone {name} is written inline ({{\u{2026}}}) and holds {}, which the planner does not write: write it as a block and open the file again", key.as_str().unwrap_or("a key"))));
                }
                out.push_str(&ours_lines(ours_item));
            } else {
                out.push_str(&self.zone_item(item, ours_item, starts[index], end)?);
            }
        }
        // A zone the plan no longer has goes, but not a key of it the planner does not own.
        let dropped: Vec<Node> = items
            .iter()
            .zip(&used)
            .filter(|(_, used)| !**used)
            .map(|(item, _)| item.clone())
            .collect();
        if let Some((key, zone)) = lost_key(&dropped) {
            return Err(cannot(key, format!("zone {zone} is not in the plan (renamed or removed), and it holds {}, which the planner does not write: Fix and export does not drop it; keep the zone's name in the plan, or move or remove the key by hand", key.as_str().unwrap_or("a key"))));
        }
        if !region_end_ends_line(self.text, region_end) {
            out.pop();
        }
        self.edit("kasmZones", region_start, region_end, out);
        Ok(())
    }

    /// One user zone entry (its lines `start..end`), with the planner's zone keys set to ours.
    fn zone_item(
        &self,
        item: &Node,
        ours: &Node,
        start: usize,
        end: usize,
    ) -> Result<String, MergeError> {
        let entries = editable(item, "a kasmZones entry")?;
        let key_column = column(self.text, entries[0].0.start);
        let mut edits: Vec<TextEdit> = Vec::new();
        for key in ZONE_KEYS {
            let ours_value = ours.own_entry(key).map(|(_, value)| value);
            let theirs = item.own_entry(key).or_else(|| {
                (key == "proxy_hostname")
                    .then(|| item.own_entry("proxyAddress"))
                    .flatten()
            });
            match (theirs, ours_value) {
                (Some((their_key, their_value)), Some(ours_value)) => {
                    let written = &self.ours_text[ours_value.start..ours_value.end];
                    if their_key.as_str() != Some(key) {
                        // proxyAddress becomes proxy_hostname, keeping its place.
                        let value = scalar_edit(self.text, their_value, String::new());
                        edits.push(TextEdit {
                            start: their_key.start,
                            end: value.end,
                            text: format!("{key}: {written}"),
                        });
                    } else if !their_value.same_data(ours_value) {
                        edits.push(scalar_edit(self.text, their_value, written.to_owned()));
                    }
                }
                (None, Some(ours_value)) => {
                    let at = line_end(
                        self.text,
                        entries.last().map_or(item.end, |e| e.1.end.max(e.0.end)),
                    );
                    let written = &self.ours_text[ours_value.start..ours_value.end];
                    edits.push(TextEdit {
                        start: at,
                        end: at,
                        text: format!("{}{key}: {written}\n", " ".repeat(key_column)),
                    });
                }
                (Some((their_key, their_value)), None) => {
                    // primary on a zone that is no longer primary; a region taken away.
                    let default = if key == "primary" { "false" } else { "\"\"" };
                    // The chart reads primary as a template's `if` does: "false" is true.
                    let is_default = if key == "primary" {
                        !their_value.truthy()
                    } else {
                        their_value.as_str().unwrap_or_default().is_empty()
                    };
                    if !is_default && their_key.as_str() == Some(key) {
                        edits.push(scalar_edit(self.text, their_value, default.to_owned()));
                    }
                }
                (None, None) => {}
            }
        }
        // A proxyAddress beside a proxy_hostname is dead weight the chart ignores: leave it.
        // Applied from the last; insertions at one place keep the order they were made in.
        let mut text = self.text[start..end].to_owned();
        let mut ordered: Vec<(usize, TextEdit)> = edits.into_iter().enumerate().collect();
        ordered.sort_by_key(|(index, edit)| std::cmp::Reverse((edit.start, *index)));
        for (_, edit) in ordered {
            let inside = start <= edit.start && edit.start <= edit.end && edit.end <= end;
            if !inside {
                return Err(cannot(
                    item,
                    "a change to this zone fell outside its lines; change its keys by hand"
                        .to_owned(),
                ));
            }
            text.replace_range(edit.start - start..edit.end - start, &edit.text);
        }
        Ok(text)
    }
}

fn region_end_ends_line(text: &str, at: usize) -> bool {
    at == 0 || text[..at].ends_with('\n')
}

/// Whether a block scalar (`|`, `>`) runs to `end` of `text`, the end of the file.
fn ends_in_block_scalar(node: &Node, text: &str, end: usize) -> bool {
    match &node.kind {
        Kind::Scalar { .. } => {
            !node.alias
                && node.end >= end
                && matches!(text.as_bytes().get(node.start), Some(b'|' | b'>'))
        }
        Kind::Sequence(items) => items
            .last()
            .is_some_and(|item| ends_in_block_scalar(item, text, end)),
        Kind::Mapping(entries) => entries
            .last()
            .is_some_and(|(_, value)| ends_in_block_scalar(value, text, end)),
    }
}

/// Applies sorted, non-overlapping edits; `None` if two overlap.
fn apply(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for edit in edits {
        if edit.start < at || edit.end < edit.start || edit.end > text.len() {
            return None;
        }
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.text);
        at = edit.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Whether two topologies say the same in a values file: all but the session types and the
/// Dedicated Proxy choices, which values files do not hold.
fn same_in_values(a: &Topology, b: &Topology) -> bool {
    // A lone zone is the chart's `default` zone: its name and region reach no manifest.
    let lone = a.zones.len() == 1 && b.zones.len() == 1;
    let values_part = |zone: &Zone| {
        if lone {
            (String::new(), String::new())
        } else {
            (zone.name.clone(), zone.region.clone())
        }
    };
    a.base_domain == b.base_domain
        && a.publishing == b.publishing
        && a.tls == b.tls
        && a.hostnames() == b.hostnames()
        && a.zones
            .iter()
            .map(values_part)
            .eq(b.zones.iter().map(values_part))
}

/// The operator's `original` values with the planner's keys set for `topology`, and the diff.
pub fn fix(original: &str, topology: &Topology) -> Result<Merged, MergeError> {
    let ours_text = render(Format::HelmValues, topology)
        .map_err(|refused| MergeError::Refused(refused.reasons))?;
    // The file must open as values at all (another chart's file, a bomb: refused here).
    open(original).map_err(MergeError::Unreadable)?;
    // The edits are made on the text without its byte-order mark and with a last line break,
    // then moved back onto the file as it is.
    let bom = if original.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = &original[bom..];
    let newline = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let working = if body.is_empty() || body.ends_with('\n') {
        body.to_owned()
    } else {
        format!("{body}{newline}")
    };
    let root = parse(&working).map_err(MergeError::Unreadable)?;
    let ours = parse(&ours_text).map_err(MergeError::Unreadable)?;
    let mut merge = Merge {
        text: &working,
        ours_text: &ours_text,
        ours,
        edits: Vec::new(),
        changed: Vec::new(),
    };
    for (path, unused) in OWNED {
        merge.owned(&root, path, unused)?;
    }
    let (changed, ours) = (merge.changed, merge.ours);
    let mut ends_line = body.is_empty() || body.ends_with('\n');
    let mut made = merge.edits;
    // In the file's order; insertions at one place deepest first (a key added inside the last
    // section before a section added after it), else in the order made (the sort is stable).
    let indent = |text: &str| {
        let line = text.trim_start_matches(['\r', '\n']);
        line.len() - line.trim_start_matches(' ').len()
    };
    made.sort_by_key(|edit| (edit.start, std::cmp::Reverse(indent(&edit.text))));
    let mut edits: Vec<TextEdit> = made
        .into_iter()
        .map(|edit| {
            // The planner writes "\n"; a file of "\r\n" lines gets those.
            let mut text = edit.text;
            if newline == "\r\n" {
                text = text.replace("\r\n", "\n").replace('\n', "\r\n");
            }
            // Past the line break the working text added: after the file's last byte, which
            // the first such edit ends with a line break.
            if edit.start > body.len() && !ends_line {
                text.insert_str(0, newline);
            }
            if edit.end > body.len() {
                ends_line = text.ends_with('\n');
            }
            TextEdit {
                start: bom + edit.start.min(body.len()),
                end: bom + edit.end.min(body.len()),
                text,
            }
        })
        .collect();
    // A block scalar that ends the file without a line break would take one into its value
    // from anything written after it.
    if !body.ends_with('\n')
        && edits.iter().any(|edit| edit.start >= bom + body.len())
        && ends_in_block_scalar(&root, &working, body.len())
    {
        return Err(MergeError::CannotEdit(YamlError {
            at: None,
            message: "the file ends inside a block scalar (| or >) with no line break after it, and the planner's keys go after it: add a line break at the end and open the file again".to_owned(),
        }));
    }
    // A file that ended without a line break still does.
    if !body.is_empty() && !body.ends_with('\n') {
        if let Some(last) = edits
            .iter_mut()
            .rev()
            .find(|edit| edit.end == bom + body.len())
        {
            if last.text.ends_with('\n') {
                last.text
                    .truncate(last.text.trim_end_matches(['\r', '\n']).len());
            }
        }
    }
    let cannot_edit = |message: String| MergeError::CannotEdit(YamlError { at: None, message });
    let text = apply(original, &edits).ok_or_else(|| {
        cannot_edit("two of the planner's changes fell on one place in the file; change the planner's keys by hand".to_owned())
    })?;
    read_back(&root, &text, &ours, topology).map_err(|why| {
        cannot_edit(format!(
            "the fixed file did not read back as the plan ({why}); change the planner's keys by hand"
        ))
    })?;
    let changes = super::diff::line_changes(original, &edits);
    let diff = super::diff::unified(
        original,
        &changes,
        "my-values.yaml",
        "my-values.yaml (fixed)",
    );
    Ok(Merged {
        text,
        diff,
        changed,
    })
}

/// Checks the fixed file `text` as Helm will read it: the topology, and every planner key, as
/// the planner's own file (`ours`) has them (or at the chart's default where the plan does not
/// use one), and every other key as the user's file (`before`) has it.
fn read_back(before: &Node, text: &str, ours: &Node, topology: &Topology) -> Result<(), String> {
    let reopened = open(text).map_err(|error| error.to_string())?;
    if !same_in_values(&reopened.topology, topology) {
        return Err("its zones, hostnames or settings differ".to_owned());
    }
    if let Some(error) = reopened
        .findings
        .iter()
        .find(|finding| finding.severity == crate::engine::Severity::Error)
    {
        return Err(format!("{}: {}", error.key, error.message));
    }
    let fixed = parse(text).map_err(|error| error.to_string())?;
    for (path, unused) in OWNED {
        let theirs = fixed.at(path);
        let right = match (ours.at(path), unused) {
            (Some(ours), _) if path == "kasmZones" => {
                theirs.is_some_and(|theirs| same_zones(theirs, ours))
            }
            (Some(ours), _) => theirs.is_some_and(|theirs| theirs.same_data(ours)),
            (None, Unused::Default(default)) => theirs.is_none_or(|theirs| default.holds(theirs)),
            (None, Unused::Kept) => true,
        };
        if !right {
            return Err(format!("{path} is not what the plan says"));
        }
    }
    // Everything else, as Helm reads it (merge keys applied), is as it was.
    let (mut was, mut is) = (BTreeMap::new(), BTreeMap::new());
    other_leaves(before, "", &mut was);
    other_leaves(&fixed, "", &mut is);
    if let Some((path, _)) = was
        .iter()
        .find(|(path, value)| is.get(*path) != Some(value))
    {
        return Err(format!("{path} would change, and it is not the planner's"));
    }
    if let Some((path, _)) = is.iter().find(|(path, _)| !was.contains_key(*path)) {
        return Err(format!("{path} would appear, and it is not the planner's"));
    }
    Ok(())
}

/// The values of a document that are not the planner's, by path, as Helm reads them: merge keys
/// applied, a zone's keys under its name (a zone the plan drops is refused before), null
/// sections of the planner's keys left out (the fix fills them in).
fn other_leaves(node: &Node, path: &str, out: &mut BTreeMap<String, String>) {
    let owned = |path: &str| OWNED.iter().any(|(key, _)| *key == path);
    let holds_owned = |path: &str| {
        OWNED
            .iter()
            .any(|(key, _)| key.starts_with(&format!("{path}.")))
    };
    if owned(path) && path != "kasmZones" {
        return;
    }
    if path == "kasmZones" {
        for item in node.items().unwrap_or_default() {
            let zone = zone_name(item).unwrap_or_default();
            for (key, value) in effective_entries(item) {
                if !ZONE_KEYS_READ.contains(&key) {
                    other_leaves(value, &format!("kasmZones[{zone}].{key}"), out);
                }
            }
        }
        return;
    }
    match &node.kind {
        Kind::Mapping(_) => {
            for (key, value) in effective_entries(node) {
                let child = if path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{path}.{key}")
                };
                other_leaves(value, &child, out);
            }
        }
        Kind::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                other_leaves(item, &format!("{path}[{index}]"), out);
            }
        }
        Kind::Scalar { .. } if node.is_null() && holds_owned(path) => {}
        Kind::Scalar { text, .. } => {
            let value = node
                .as_bool()
                .map_or_else(|| text.clone(), |on| on.to_string());
            out.insert(path.to_owned(), value);
        }
    }
}

/// A mapping's entries as Helm reads them: its own, then those a merge key (`<<`) brings that it
/// does not write itself.
fn effective_entries(node: &Node) -> Vec<(&str, &Node)> {
    let mut entries: Vec<(&str, &Node)> = node
        .entries()
        .unwrap_or_default()
        .iter()
        .filter_map(|(key, value)| Some((key.as_str()?, value)))
        .filter(|(key, _)| *key != "<<")
        .collect();
    if let Some((_, merged)) = node.own_entry("<<") {
        let sources: Vec<&Node> = match &merged.kind {
            Kind::Sequence(items) => items.iter().collect(),
            _ => vec![merged],
        };
        for source in sources {
            for (key, value) in effective_entries(source) {
                if !entries.iter().any(|(seen, _)| *seen == key) {
                    entries.push((key, value));
                }
            }
        }
    }
    entries
}

/// Whether two `kasmZones` lists say the same of the planner's zone keys, zone by zone.
fn same_zones(theirs: &Node, ours: &Node) -> bool {
    match (theirs.items(), ours.items()) {
        (Some(theirs), Some(ours)) => {
            theirs.len() == ours.len() && theirs.iter().zip(ours).all(|(a, b)| same_zone(a, b))
        }
        _ => false,
    }
}
