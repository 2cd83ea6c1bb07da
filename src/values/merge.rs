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

use super::read::open;
use super::yaml::{parse, Kind, Node, YamlError};
use crate::engine::{Topology, Zone};
use crate::export::{render, Format};

/// What a planner key becomes when the planner's file does not write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unused {
    /// Set back to the chart's default, written as this YAML.
    Default(&'static str),
    /// Left as the user wrote it: harmless without the key that enables it.
    Kept,
}

/// The keys the planner owns, and what each becomes when the plan does not use it. Defaults
/// from kasm-helm 1.1190.7 `charts/kasm-helm/values.yaml` (bdf28c4b).
const OWNED: [(&str, Unused); 15] = [
    ("publicAddr", Unused::Kept),
    ("proxyService.type", Unused::Kept),
    ("ingress.enabled", Unused::Default("false")),
    ("ingress.ingressClassName", Unused::Default("\"\"")),
    ("route.enabled", Unused::Default("false")),
    ("httpRoute.enabled", Unused::Default("false")),
    ("httpRoute.parentRefs", Unused::Default("[]")),
    ("certificate.secretName", Unused::Default("\"\"")),
    ("certificate.certManager.enabled", Unused::Default("false")),
    ("certificate.certManager.issuerName", Unused::Kept),
    ("certificate.certManager.issuerKind", Unused::Kept),
    ("certificate.certManager.addWildCard", Unused::Kept),
    ("database.storage.retentionPolicy.whenDeleted", Unused::Kept),
    ("kasmConfig.generatePreseed", Unused::Kept),
    ("kasmZones", Unused::Default("[]")),
];

/// The zone keys the planner owns inside each `kasmZones` entry.
const ZONE_KEYS: [&str; 4] = ["name", "proxy_hostname", "primary", "region_name"];

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

/// One change to the text: replace `start..end` with `text`.
#[derive(Clone, Debug)]
struct Edit {
    start: usize,
    end: usize,
    text: String,
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

/// A mapping the merge may write into: not an alias, and no anchor that aliases repeat.
fn editable<'a>(node: &'a Node, key: &str) -> Result<&'a [(Node, Node)], MergeError> {
    if node.alias || node.anchored {
        return Err(cannot(node, format!("{key} is shared through a YAML anchor or alias, so the planner cannot change it without changing the other places that use it: write it out in full, or change it by hand")));
    }
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
    edits: Vec<Edit>,
    changed: Vec<String>,
}

impl Merge<'_> {
    fn edit(&mut self, key: &str, start: usize, end: usize, text: String) {
        if self.text[start..end] != text {
            self.edits.push(Edit { start, end, text });
            if !self.changed.iter().any(|seen| seen == key) {
                self.changed.push(key.to_owned());
            }
        }
    }

    /// Replaces a scalar (or an inline value) where it stands. A block scalar (`|`) spans lines
    /// up to the next key; its line break stays, so that key stays on its own line.
    fn scalar(&mut self, key: &str, value: &Node, written: String) {
        let old = &self.text[value.start..value.end];
        let body = old.trim_end();
        let replace_to = if old[body.len()..].contains('\n') {
            value.start + body.len()
        } else {
            value.end
        };
        self.edit(key, value.start, replace_to, written);
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
        let ours_has = self.our_entry(path).is_some();
        if !ours_has && unused == Unused::Kept {
            return Ok(());
        }
        // Walk the user's mappings down the path as far as they are written.
        let segments: Vec<&str> = path.split('.').collect();
        let mut node = root;
        let mut parent_column = 0;
        for (depth, segment) in segments.iter().enumerate() {
            let here = segments[..depth].join(".");
            let entries = if depth == 0 {
                match &node.kind {
                    Kind::Mapping(entries) => entries.as_slice(),
                    _ => return Ok(()),
                }
            } else {
                if node.is_null() {
                    // `ingress:` with nothing under it: write ours under the key.
                    if !ours_has {
                        return Ok(());
                    }
                    let prefix = segments[..depth].join(".");
                    return self.replace_entry_value_with_ours(root, &prefix, path);
                }
                editable(node, &here)?
            };
            let Some(entry) = entries
                .iter()
                .find(|(key, _)| key.as_str() == Some(segment))
            else {
                // Not written: add ours (the whole missing branch) after the mapping's entries.
                if !ours_has {
                    return Ok(());
                }
                let branch = segments[..=depth].join(".");
                if self.changed.iter().any(|seen| seen == &branch) {
                    return Ok(());
                }
                if node.flow {
                    return Err(cannot(node, format!("{} is written inline ({{\u{2026}}}) and needs {segment}; the planner adds keys to block mappings only: write it as a block, or add the key by hand", segments[..depth].join("."))));
                }
                let (at, column_to) = insertion_point(self.text, entries, parent_column);
                let mut lines = self.our_lines(&branch, column_to).unwrap_or_default();
                if at > 0 && !self.text[..at].ends_with('\n') {
                    lines.insert(0, '\n');
                }
                self.edit(&branch, at, at, lines);
                return Ok(());
            };
            parent_column = column(self.text, entry.0.start) + 2;
            if depth + 1 < segments.len() {
                node = &entry.1;
                continue;
            }
            // The key itself.
            let value = &entry.1;
            if value.anchored {
                return Err(cannot(value, format!("{path} carries an anchor that other keys repeat, so the planner cannot change it alone: write the value out in full, or change it by hand")));
            }
            if path == "kasmZones" && ours_has {
                return self.zones(entry);
            }
            match self.our_entry(path).map(|(_, value)| value.clone()) {
                Some(ours)
                    if matches!(ours.kind, Kind::Scalar { .. })
                        && matches!(value.kind, Kind::Scalar { .. }) =>
                {
                    if !ours.same_data(value) {
                        let written = self.ours_text[ours.start..ours.end].to_owned();
                        self.scalar(path, value, written);
                    }
                }
                Some(ours) if ours.same_data(value) => {}
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
                    let is_default = match default {
                        "false" => value.as_bool() == Some(false) || value.is_null(),
                        "[]" => value.items().is_some_and(<[Node]>::is_empty) || value.is_null(),
                        _ => value.as_str().unwrap_or_default().is_empty(),
                    };
                    if !is_default {
                        // Replace the value, keeping the key and any comment after it.
                        if matches!(value.kind, Kind::Scalar { .. }) || value.flow || value.alias {
                            self.scalar(path, value, default.to_owned());
                        } else {
                            let (start, end) = entry_lines(self.text, entry);
                            let indent = " ".repeat(column(self.text, entry.0.start));
                            self.edit(path, start, end, format!("{indent}{segment}: {default}\n"));
                        }
                    }
                }
            }
            return Ok(());
        }
        Ok(())
    }

    /// The user's `prefix` key holds nothing: ours for it replaces the whole entry.
    fn replace_entry_value_with_ours(
        &mut self,
        root: &Node,
        prefix: &str,
        path: &str,
    ) -> Result<(), MergeError> {
        if self.changed.iter().any(|seen| seen == prefix) {
            return Ok(());
        }
        let (parent, last) = match prefix.rsplit_once('.') {
            Some((parent, last)) => (root.at(parent), last),
            None => (Some(root), prefix),
        };
        let Some(entry) = parent.and_then(|parent| parent.own_entry(last)) else {
            return Ok(());
        };
        let (start, end) = entry_lines(self.text, entry);
        let Some(lines) = self.our_lines(prefix, column(self.text, entry.0.start)) else {
            return Ok(());
        };
        let _ = path;
        self.edit(prefix, start, end, lines);
        Ok(())
    }

    /// `kasmZones`: the zones in the plan's order, each user entry of the same name edited key
    /// by key (its other keys and comments stay), new zones as the planner writes them.
    fn zones(&mut self, entry: &(Node, Node)) -> Result<(), MergeError> {
        let value = &entry.1;
        let items = match (&value.kind, value.flow || value.alias) {
            (Kind::Sequence(items), false) if !items.is_empty() => items,
            _ => {
                // Empty, inline or an alias: ours replaces it whole.
                let (start, end) = entry_lines(self.text, entry);
                let lines = self
                    .our_lines("kasmZones", column(self.text, entry.0.start))
                    .unwrap_or_default();
                self.edit("kasmZones", start, end, lines);
                return Ok(());
            }
        };
        // Where each user item's lines start (at its dash) and end.
        let dash = |item: &Node| {
            let before = &self.text[..item.start];
            let trimmed = before.trim_end_matches([' ', '\n', '\r', '\t']);
            if trimmed.ends_with('-') {
                trimmed.len() - 1
            } else {
                item.start
            }
        };
        let starts: Vec<usize> = items
            .iter()
            .map(|item| line_start(self.text, dash(item)))
            .collect();
        let dash_column = column(self.text, dash(&items[0]));
        let region_end = line_end(self.text, items.last().map_or(value.end, |item| item.end));
        let region_start = starts[0];
        let ours_items: Vec<Node> = self
            .ours
            .get("kasmZones")
            .and_then(Node::items)
            .map(<[Node]>::to_vec)
            .unwrap_or_default();
        let ours_dash = ours_items.first().map_or(2, |item| {
            column(self.ours_text, item.start).saturating_sub(2)
        });
        let mut used = vec![false; items.len()];
        let mut out = String::new();
        for ours_item in &ours_items {
            let name = ours_item
                .get("name")
                .and_then(Node::as_str)
                .unwrap_or_default();
            let found = items.iter().enumerate().position(|(index, item)| {
                !used[index]
                    && !item.flow
                    && !item.alias
                    && !item.anchored
                    && item
                        .get("name")
                        .or(item.get("zone_name"))
                        .and_then(Node::as_str)
                        == Some(name)
            });
            match found {
                Some(index) => {
                    used[index] = true;
                    let end = starts.get(index + 1).copied().unwrap_or(region_end);
                    out.push_str(&self.zone_item(&items[index], ours_item, starts[index], end)?);
                }
                None => {
                    let start = line_start(self.ours_text, ours_item.start);
                    let end = line_end(self.ours_text, ours_item.end);
                    out.push_str(&reindent(
                        &self.ours_text[start..end],
                        ours_dash,
                        dash_column,
                    ));
                }
            }
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
        let mut edits: Vec<Edit> = Vec::new();
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
                        edits.push(Edit {
                            start: their_key.start,
                            end: their_value.end,
                            text: format!("{key}: {written}"),
                        });
                    } else if !their_value.same_data(ours_value) {
                        edits.push(Edit {
                            start: their_value.start,
                            end: their_value.end,
                            text: written.to_owned(),
                        });
                    }
                }
                (None, Some(ours_value)) => {
                    let at = line_end(
                        self.text,
                        entries.last().map_or(item.end, |e| e.1.end.max(e.0.end)),
                    );
                    let written = &self.ours_text[ours_value.start..ours_value.end];
                    edits.push(Edit {
                        start: at,
                        end: at,
                        text: format!("{}{key}: {written}\n", " ".repeat(key_column)),
                    });
                }
                (Some((their_key, their_value)), None) => {
                    // primary on a zone that is no longer primary; a region taken away.
                    let default = if key == "primary" { "false" } else { "\"\"" };
                    let is_default = if key == "primary" {
                        their_value.as_bool() != Some(true)
                    } else {
                        their_value.as_str().unwrap_or_default().is_empty()
                    };
                    if !is_default && their_key.as_str() == Some(key) {
                        edits.push(Edit {
                            start: their_value.start,
                            end: their_value.end,
                            text: default.to_owned(),
                        });
                    }
                }
                (None, None) => {}
            }
        }
        // A proxyAddress beside a proxy_hostname is dead weight the chart ignores: leave it.
        let mut text = self.text[start..end].to_owned();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        edits.sort_by_key(|edit| std::cmp::Reverse(edit.start));
        for edit in edits {
            let (from, to) = (edit.start - start, edit.end - start);
            if to <= text.len() && from <= to {
                text.replace_range(from..to, &edit.text);
            }
        }
        Ok(text)
    }
}

fn region_end_ends_line(text: &str, at: usize) -> bool {
    at == 0 || text[..at].ends_with('\n')
}

/// Applies sorted, non-overlapping edits; `None` if two overlap.
fn apply(text: &str, edits: &[(usize, usize, String)]) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for (start, end, replacement) in edits {
        if *start < at || end < start || *end > text.len() {
            return None;
        }
        out.push_str(&text[at..*start]);
        out.push_str(replacement);
        at = *end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Whether two topologies say the same in a values file: all but the session types and the
/// Dedicated Proxy choices, which values files do not hold.
fn same_in_values(a: &Topology, b: &Topology) -> bool {
    let values_part = |zone: &Zone| (zone.name.clone(), zone.region.clone());
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
    let original = original.trim_start_matches('\u{feff}');
    // The file must open as values at all (another chart's file, a bomb: refused here).
    open(original).map_err(MergeError::Unreadable)?;
    let root = parse(original).map_err(MergeError::Unreadable)?;
    let ours = parse(&ours_text).map_err(MergeError::Unreadable)?;
    let mut merge = Merge {
        text: original,
        ours_text: &ours_text,
        ours,
        edits: Vec::new(),
        changed: Vec::new(),
    };
    for (path, unused) in OWNED {
        merge.owned(&root, path, unused)?;
    }
    let changed = merge.changed;
    let mut edits: Vec<(usize, usize, String)> = merge
        .edits
        .into_iter()
        .map(|edit| (edit.start, edit.end, edit.text))
        .collect();
    // Insertions at one place keep the order they were made in.
    edits.sort_by_key(|edit| edit.0);
    let text = apply(original, &edits).ok_or_else(|| {
        MergeError::CannotEdit(YamlError {
            at: None,
            message: "two of the planner's changes fell on one place in the file; change the planner's keys by hand".to_owned(),
        })
    })?;
    // The fixed file must read back as the plan, or it is not given out.
    let check = open(&text).map_err(|error| {
        MergeError::CannotEdit(YamlError {
            at: error.at,
            message: format!(
                "the fixed file did not read back ({}); change the planner's keys by hand",
                error.message
            ),
        })
    })?;
    if !same_in_values(&check.topology, topology) {
        return Err(MergeError::CannotEdit(YamlError {
            at: None,
            message: "the fixed file did not read back as the plan (a key the planner owns may be repeated through a merge key); change the planner's keys by hand".to_owned(),
        }));
    }
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
