//! A YAML document as a tree that remembers where each node stands in the text, read with
//! saphyr-parser's events (a YAML 1.2 parser: anchors, aliases, block scalars, flow
//! collections, comments and quoting are its business, not ours).
//!
//! The tree is built here, not by a loader, so that what a hostile file can cost is bounded:
//! the text's size, the nesting depth, and the nodes that aliases expand to (a "billion laughs"
//! file is refused after [`MAX_NODES`], long before it fills memory). Positions are byte offsets
//! into the text, for the merge that rewrites only the planner's keys.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};

/// Largest values file read, in bytes. The chart's own `values.yaml` with every comment is under
/// 100 KB; a megabyte leaves room for any real file and refuses a pasted log at once.
pub const MAX_VALUES_BYTES: usize = 1024 * 1024;
/// Most nodes a document may hold once aliases are expanded, as Helm would expand them.
pub const MAX_NODES: usize = 100_000;
/// Deepest nesting of mappings and sequences.
pub const MAX_DEPTH: usize = 64;

/// Where something is in the text: line and column, both counted from 1 as editors show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Why a text is not a YAML document this planner reads: what, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// Where the problem is, if at a place.
    pub at: Option<Position>,
    /// What is wrong, as a sentence's end.
    pub message: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

/// What a node holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A scalar's text, and whether it was written plain (unquoted, so `true` or `123` in it
    /// are a boolean or a number to Helm).
    Scalar {
        /// The scalar's value.
        text: String,
        /// Written without quotes or block indicators.
        plain: bool,
    },
    /// A sequence's items.
    Sequence(Vec<Node>),
    /// A mapping's entries, in the order written.
    Mapping(Vec<(Node, Node)>),
}

/// A node and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// What it holds.
    pub kind: Kind,
    /// Byte offsets of its text: from its first character to past its last.
    pub start: usize,
    /// See [`Node::start`].
    pub end: usize,
    /// Where it starts, as line and column.
    pub position: Position,
    /// It carries an anchor (`&name`) that an alias elsewhere repeats: changing it would change
    /// those places too.
    pub anchored: bool,
    /// Its anchor's number in the document (0: none).
    anchor: usize,
    /// It stands where an alias (`*name`) was written: its text is the alias, not the content.
    pub alias: bool,
    /// A flow collection (`{…}` or `[…]`) rather than a block one.
    pub flow: bool,
    /// Nodes in it, itself included: what expanding it once more costs.
    pub size: usize,
}

impl Node {
    /// The scalar's text, if it is a scalar; `None` for a null (`~`, `null` or nothing, plain).
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, plain: true }
                if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL") =>
            {
                None
            }
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether it is a null: nothing written, `~` or `null`.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { plain: true, .. }) && self.as_str().is_none()
    }

    /// The boolean a plain scalar means to Helm, which reads YAML 1.1 (`true`, `yes`, `on`, `y`
    /// and their opposites, in their cases); `None` for anything else.
    pub fn as_bool(&self) -> Option<bool> {
        let Kind::Scalar { text, plain: true } = &self.kind else {
            return None;
        };
        // go-yaml v2's resolver, which Helm's values reader uses.
        const TRUE: [&str; 11] = [
            "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y",
        ];
        const FALSE: [&str; 11] = [
            "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N",
        ];
        if TRUE.contains(&text.as_str()) {
            Some(true)
        } else if FALSE.contains(&text.as_str()) {
            Some(false)
        } else {
            None
        }
    }

    /// Whether a Go template's `if` takes it as true, as the chart reads `primary` and
    /// `enabled`: false, 0, null and "" are false; any other scalar, even the string "false", and
    /// any non-empty collection are true.
    pub fn truthy(&self) -> bool {
        match &self.kind {
            Kind::Scalar { text, plain } => match self.as_bool() {
                Some(on) => on,
                None if self.is_null() => false,
                None if *plain => text.parse::<f64>().map_or(!text.is_empty(), |n| n != 0.0),
                None => !text.is_empty(),
            },
            Kind::Sequence(items) => !items.is_empty(),
            Kind::Mapping(entries) => !entries.is_empty(),
        }
    }

    /// The mapping's entries, if it is one.
    pub fn entries(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The sequence's items, if it is one.
    pub fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The entry under `key` written in this mapping itself (not through a merge key).
    pub fn own_entry(&self, key: &str) -> Option<&(Node, Node)> {
        self.entries()?
            .iter()
            .find(|(name, _)| name.as_str() == Some(key))
    }

    /// The value under `key`, written here or brought in by a merge key (`<<: *defaults`),
    /// which Helm's YAML reader honours; what is written here wins.
    pub fn get(&self, key: &str) -> Option<&Node> {
        if let Some((_, value)) = self.own_entry(key) {
            return Some(value);
        }
        let (_, merged) = self.own_entry("<<")?;
        match &merged.kind {
            Kind::Mapping(_) => merged.get(key),
            Kind::Sequence(items) => items.iter().find_map(|item| item.get(key)),
            Kind::Scalar { .. } => None,
        }
    }

    /// The node at a dotted path of mapping keys (`certificate.certManager.enabled`).
    pub fn at(&self, path: &str) -> Option<&Node> {
        path.split('.').try_fold(self, |node, key| node.get(key))
    }

    /// Whether two nodes hold the same data, however written (quoting, flow or block, order
    /// of a mapping's keys).
    pub fn same_data(&self, other: &Node) -> bool {
        match (&self.kind, &other.kind) {
            (Kind::Scalar { .. }, Kind::Scalar { .. }) => match (self.as_bool(), other.as_bool()) {
                // `yes` and `true` are one boolean to Helm.
                (Some(a), Some(b)) => a == b,
                _ => self.as_str() == other.as_str() && self.as_bool() == other.as_bool(),
            },
            (Kind::Sequence(a), Kind::Sequence(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.same_data(b))
            }
            (Kind::Mapping(a), Kind::Mapping(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(key, value)| {
                        key.as_str()
                            .and_then(|key| other.own_entry(key))
                            .is_some_and(|(_, theirs)| value.same_data(theirs))
                    })
            }
            _ => false,
        }
    }

    /// What kind of node it is, as a message says it.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => "empty",
            Kind::Scalar { .. } => "a scalar",
            Kind::Sequence(_) => "a list",
            Kind::Mapping(_) => "a mapping",
        }
    }
}

/// Offsets of each character in the text, for turning the parser's character positions into
/// byte offsets; empty when the text is ASCII (they are the same).
struct Offsets(Vec<usize>);

impl Offsets {
    fn of(text: &str) -> Self {
        if text.is_ascii() {
            Offsets(Vec::new())
        } else {
            Offsets(
                text.char_indices()
                    .map(|(at, _)| at)
                    .chain([text.len()])
                    .collect(),
            )
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.0.is_empty() {
            char_index
        } else {
            self.0
                .get(char_index)
                .or(self.0.last())
                .copied()
                .unwrap_or(0)
        }
    }
}

fn position(span: &Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

fn scan_error(error: &ScanError) -> YamlError {
    let mark = error.marker();
    YamlError {
        at: Some(Position {
            line: mark.line(),
            column: mark.col() + 1,
        }),
        message: format!("this is not valid YAML ({})", error.info()),
    }
}

/// Past the node properties (`&anchor`, `!tag`, and the blanks after them) that start at
/// `start`, staying before `end` (a property with nothing after it keeps its place).
fn past_properties(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    while matches!(bytes.get(at), Some(b'&' | b'!')) {
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
    }
    if at <= end && text.is_char_boundary(at) {
        at
    } else {
        start
    }
}

/// Past the closing quote of the quoted scalar that starts at `start`: `"` ends at a `"` no
/// backslash escapes, `'` at a `'` not doubled.
fn quoted_end(text: &str, start: usize) -> Option<usize> {
    let quote = *text.as_bytes().get(start)?;
    let bytes = text.as_bytes();
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if quote == b'"' => at += 2,
            b'\'' if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 2,
            byte if byte == quote => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

/// Where the `|` or `>` of the block scalar whose text starts at `start` stands: on the line
/// before its text, the last indicator followed only by chomping and indentation digits.
fn block_indicator(text: &str, start: usize) -> Option<usize> {
    // The header is the last line before the text that is not blank.
    let mut content_line = text[..start].rfind('\n')?;
    let mut header_start = text[..content_line]
        .rfind('\n')
        .map_or(0, |newline| newline + 1);
    while text[header_start..content_line].trim().is_empty() && header_start > 0 {
        content_line = header_start - 1;
        header_start = text[..content_line]
            .rfind('\n')
            .map_or(0, |newline| newline + 1);
    }
    let header = &text[header_start..content_line];
    let comment = header
        .char_indices()
        .find(|&(at, c)| c == '#' && at > 0 && header[..at].ends_with([' ', '\t']))
        .map_or(header.len(), |(at, _)| at);
    header[..comment]
        .char_indices()
        .rev()
        .find(|&(at, c)| {
            matches!(c, '|' | '>')
                && header[at + 1..comment]
                    .trim_start_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit())
                    .trim()
                    .is_empty()
        })
        .map(|(at, _)| header_start + at)
}

/// A collection being read: its first node's place, and what it holds so far.
struct Open {
    start: usize,
    position: Position,
    anchor: usize,
    flow: bool,
    items: Vec<Node>,
    mapping: bool,
    size: usize,
}

/// Reads `text` as one YAML document. An empty text is a null document.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    if text.len() > MAX_VALUES_BYTES {
        return Err(YamlError {
            at: None,
            message: format!(
                "the text is {} bytes, more than any values file ({MAX_VALUES_BYTES} at most); check that it is the right file",
                text.len()
            ),
        });
    }
    // Line breaks are "\n" or "\r\n"; a lone "\r" (old Mac files) would hide a line from the
    // edits, which find lines by "\n".
    if let Some(at) = text
        .match_indices('\r')
        .map(|(at, _)| at)
        .find(|&at| !text[at..].starts_with("\r\n"))
    {
        let line = text[..at].matches('\n').count() + 1;
        let column = text[..at]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        return Err(YamlError {
            at: Some(Position { line, column }),
            message: "a line ends in a lone carriage return (\\r): save the file with \\n or \\r\\n line breaks".to_owned(),
        });
    }
    let offsets = Offsets::of(text);
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    // Anchors that an alias repeats.
    let mut used: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut total = 0usize;
    let mut document: Option<Node> = None;
    let mut documents = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|error| scan_error(&error))?;
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index());
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        at: Some(position(&span)),
                        message: "a second YAML document starts here; a values file is one document (split it, and open each on its own)".to_owned(),
                    });
                }
                continue;
            }
            Event::Scalar(value, style, anchor, _) => {
                // The parser's span of a quoted scalar runs on over a comment after it, and a
                // block scalar's starts at its text, past the `|` or `>`: the node's own text is
                // what an edit replaces.
                // An anchor or a tag (`&name`, `!!str`) before it is not its text either.
                let start = past_properties(text, start, end);
                let (start, end) = match style {
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => (
                        start,
                        quoted_end(text, start)
                            .filter(|&at| at <= end)
                            .unwrap_or(end),
                    ),
                    ScalarStyle::Literal | ScalarStyle::Folded => {
                        // Its text ends with its last line; the parser's span may run on into
                        // the next line's indentation.
                        let end = match text[start..end].rfind('\n') {
                            Some(last) if !text[start..end].ends_with('\n') => start + last + 1,
                            _ => end,
                        };
                        (block_indicator(text, start).unwrap_or(start), end)
                    }
                    // An empty value stands right after its key's colon.
                    ScalarStyle::Plain if value.is_empty() && text[start..].starts_with(':') => {
                        (start + 1, start + 1)
                    }
                    ScalarStyle::Plain => (start, end),
                };
                let node = Node {
                    kind: Kind::Scalar {
                        text: value.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                    start,
                    end,
                    position: position(&span),
                    anchored: false,
                    anchor,
                    alias: false,
                    flow: false,
                    size: 1,
                };
                if anchor != 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::Alias(anchor) => {
                let Some(target) = anchors.get(&anchor) else {
                    return Err(YamlError {
                        at: Some(position(&span)),
                        message: "this alias names no anchor defined before it".to_owned(),
                    });
                };
                if total + target.size > MAX_NODES {
                    return Err(YamlError {
                        at: Some(position(&span)),
                        message: format!("its aliases expand to more than {MAX_NODES} nodes, far more than any values file (a \u{201c}billion laughs\u{201d} file?); nothing was read"),
                    });
                }
                let mut node = target.clone();
                node.start = start;
                node.end = end;
                node.position = position(&span);
                node.alias = true;
                node.anchor = 0;
                used.insert(anchor);
                node
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        at: Some(position(&span)),
                        message: format!(
                            "it nests deeper than {MAX_DEPTH} levels, which no values file does"
                        ),
                    });
                }
                total += 1;
                let mapping = matches!(event, Event::MappingStart(..));
                let start = past_properties(text, start, end.max(start));
                let flow = matches!(text.as_bytes().get(start), Some(b'[' | b'{'));
                stack.push(Open {
                    start,
                    position: position(&span),
                    anchor,
                    flow,
                    items: Vec::new(),
                    mapping,
                    size: 1,
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = stack.pop() else {
                    continue;
                };
                let last_end = open.items.last().map_or(open.start, |item| item.end);
                let end = if open.flow {
                    end.max(last_end)
                } else {
                    last_end
                };
                let kind = if open.mapping {
                    let mut entries = Vec::with_capacity(open.items.len() / 2);
                    let mut items = open.items.into_iter();
                    while let (Some(key), Some(value)) = (items.next(), items.next()) {
                        if let Some(name) = key.as_str() {
                            if entries
                                .iter()
                                .any(|(seen, _): &(Node, Node)| seen.as_str() == Some(name))
                            {
                                return Err(YamlError {
                                    at: Some(key.position),
                                    message: format!("the key \u{201c}{name}\u{201d} is given twice in one mapping: Helm takes the last and silently drops the first, so which one you meant is unclear; keep one and open the file again"),
                                });
                            }
                        }
                        entries.push((key, value));
                    }
                    Kind::Mapping(entries)
                } else {
                    Kind::Sequence(open.items)
                };
                let node = Node {
                    kind,
                    start: open.start,
                    end,
                    position: open.position,
                    anchored: false,
                    anchor: open.anchor,
                    alias: false,
                    flow: open.flow,
                    size: open.size,
                };
                if open.anchor != 0 {
                    anchors.insert(open.anchor, node.clone());
                }
                node
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => continue,
        };
        let closes = matches!(node.kind, Kind::Sequence(_) | Kind::Mapping(_)) && !node.alias;
        if !closes {
            total += node.size;
        }
        if total > MAX_NODES {
            return Err(YamlError {
                at: Some(node.position),
                message: if used.is_empty() {
                    format!("it holds more than {MAX_NODES} nodes, far more than any values file; nothing was read")
                } else {
                    format!("it holds more than {MAX_NODES} nodes once its aliases are expanded, far more than any values file (a \u{201c}billion laughs\u{201d} file?); nothing was read")
                },
            });
        }
        match stack.last_mut() {
            Some(open) => {
                open.size += node.size;
                open.items.push(node);
            }
            None => document = Some(node),
        }
    }
    let mut document = document.unwrap_or(Node {
        kind: Kind::Scalar {
            text: String::new(),
            plain: true,
        },
        start: 0,
        end: 0,
        position: Position { line: 1, column: 1 },
        anchored: false,
        anchor: 0,
        alias: false,
        flow: false,
        size: 1,
    });
    mark_shared(&mut document, &used);
    Ok(document)
}

/// Marks the nodes whose anchors aliases repeat (not the copies at the aliases themselves).
fn mark_shared(node: &mut Node, used: &std::collections::HashSet<usize>) {
    if node.alias {
        return;
    }
    node.anchored = used.contains(&node.anchor);
    match &mut node.kind {
        Kind::Sequence(items) => items.iter_mut().for_each(|item| mark_shared(item, used)),
        Kind::Mapping(entries) => entries.iter_mut().for_each(|(key, value)| {
            mark_shared(key, used);
            mark_shared(value, used);
        }),
        Kind::Scalar { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_know_where_they_stand() {
        let text = "a: 1\nb:\n  c: \"x\"\n  d: [1, 2]\n";
        let root = parse(text).unwrap();
        let c = root.at("b.c").unwrap();
        assert_eq!(c.as_str(), Some("x"));
        assert_eq!(&text[c.start..c.end], "\"x\"");
        assert_eq!(c.position, Position { line: 3, column: 6 });
        let d = root.at("b.d").unwrap();
        assert!(d.flow);
        assert_eq!(&text[d.start..d.end], "[1, 2]");
    }

    #[test]
    fn a_scalars_span_is_its_own_text() {
        let text =
            "a: \"dq\"  # c\nb: 'it''s'  # c\nc: |-  # keep\n  lit\n  x\nd: >\n  fold\ne: x\n";
        let root = parse(text).unwrap();
        let slice = |key: &str| {
            let node = root.at(key).unwrap();
            &text[node.start..node.end]
        };
        assert_eq!(slice("a"), "\"dq\"");
        assert_eq!(slice("b"), "'it''s'");
        assert_eq!(root.at("b").unwrap().as_str(), Some("it's"));
        assert_eq!(slice("c"), "|-  # keep\n  lit\n  x\n");
        assert_eq!(slice("d"), ">\n  fold\n");
        assert_eq!(slice("e"), "x");
    }

    #[test]
    fn byte_offsets_hold_past_non_ascii_text() {
        let text = "# é\u{1f600}\nname: \"zoné\"\nnext: b\n";
        let root = parse(text).unwrap();
        let next = root.at("next").unwrap();
        assert_eq!(&text[next.start..next.end], "b");
        assert_eq!(root.at("name").unwrap().as_str(), Some("zoné"));
    }

    #[test]
    fn merge_keys_and_aliases_read_as_helm_reads_them() {
        let text = "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nagain: *b\n";
        let root = parse(text).unwrap();
        assert_eq!(root.at("use.x").unwrap().as_str(), Some("1"));
        assert_eq!(root.at("use.y").unwrap().as_str(), Some("3"));
        assert!(root.at("again").unwrap().alias);
        assert_eq!(root.at("again.y").unwrap().as_str(), Some("2"));
    }

    #[test]
    fn hostile_documents_are_refused_with_a_place() {
        let mut laughs = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            laughs.push_str(&format!(
                "{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"
            ));
        }
        let error = parse(&laughs).unwrap_err();
        assert!(error.message.contains("billion laughs"), "{error}");
        assert!(error.at.is_some());
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(parse(&deep).unwrap_err().message.contains("deeper"));
        let twice = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(twice.at, Some(Position { line: 3, column: 1 }));
        let broken = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(broken.to_string().starts_with("line "), "{broken}");
        assert!(parse("a: 1\n---\nb: 2\n")
            .unwrap_err()
            .message
            .contains("second YAML document"));
        let huge = "a".repeat(MAX_VALUES_BYTES + 1);
        assert!(parse(&huge).unwrap_err().message.contains("bytes"));
    }

    #[test]
    fn helm_reads_yaml_1_1_booleans() {
        let root = parse("a: yes\nb: \"yes\"\nc: Off\nd: maybe\n").unwrap();
        assert_eq!(root.at("a").unwrap().as_bool(), Some(true));
        assert_eq!(root.at("b").unwrap().as_bool(), None);
        assert_eq!(root.at("c").unwrap().as_bool(), Some(false));
        assert_eq!(root.at("d").unwrap().as_bool(), None);
    }
}
