//! A unified diff (as `diff -u` writes it, which `patch` and `git apply` read) from a text and
//! the whole-line changes made to it. The merge knows exactly which lines it changed, so the
//! diff is built from them rather than searched for: linear in the file, and it shows only
//! what the planner did.

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// One change: the original's lines `first..first + old` (counted from 0) become `new`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineChange {
    /// The first original line replaced (or where lines are inserted), from 0.
    pub first: usize,
    /// How many original lines are replaced.
    pub old: usize,
    /// The lines written instead, each with its newline (the last may lack one).
    pub new: Vec<String>,
}

/// An edit of a text: bytes `start..end` become `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// Where the replaced bytes start.
    pub start: usize,
    /// Past the replaced bytes (`start` for an insertion).
    pub end: usize,
    /// What stands there instead.
    pub text: String,
}

/// `(byte range, replacement)` edits of `text`, sorted and non-overlapping, as whole-line
/// changes: each widened to the lines it touches, and edits on one line joined.
pub fn line_changes(text: &str, edits: &[TextEdit]) -> Vec<LineChange> {
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let line_end = |at: usize| {
        if at == 0 || text[..at].ends_with('\n') {
            at
        } else {
            text[at..]
                .find('\n')
                .map_or(text.len(), |newline| at + newline + 1)
        }
    };
    // Whole-line ranges, and the edits that fall in each (edits on one line share a range).
    let mut groups: Vec<(usize, usize, Vec<&TextEdit>)> = Vec::new();
    for edit in edits {
        let from = line_start(edit.start);
        let to = line_end(edit.end).max(from);
        match groups.last_mut() {
            Some((_, last_to, members)) if from < *last_to => {
                *last_to = (*last_to).max(to);
                members.push(edit);
            }
            _ => groups.push((from, to, vec![edit])),
        }
    }
    let chunks = groups.into_iter().map(|(from, to, members)| {
        let mut new = String::new();
        let mut at = from;
        for edit in members {
            new.push_str(&text[at..edit.start]);
            new.push_str(&edit.text);
            at = edit.end;
        }
        new.push_str(&text[at.min(to)..to]);
        (from, to, new)
    });
    let mut changes = Vec::new();
    for (from, to, new) in chunks {
        let old: Vec<&str> = text[from..to].split_inclusive('\n').collect();
        let new: Vec<&str> = new.split_inclusive('\n').collect();
        let first = text[..from].matches('\n').count();
        changes.extend(line_diff(&old, &new, first));
    }
    changes
}

/// The changes from `old` to `new` (lines), the first at line `first` of the file: the lines
/// both keep (their longest common subsequence) are context, not change. A chunk too large
/// for the table is one change.
fn line_diff(old: &[&str], new: &[&str], first: usize) -> Vec<LineChange> {
    const MOST_CELLS: usize = 1 << 20;
    let whole = || LineChange {
        first,
        old: old.len(),
        new: new.iter().map(|line| (*line).to_owned()).collect(),
    };
    if (old.len() + 1) * (new.len() + 1) > MOST_CELLS {
        return vec![whole()];
    }
    // common[i][j]: the longest common subsequence of old[i..] and new[j..].
    let width = new.len() + 1;
    let mut common = vec![0u32; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i * width + j] = if old[i] == new[j] {
                common[(i + 1) * width + j + 1] + 1
            } else {
                common[(i + 1) * width + j].max(common[i * width + j + 1])
            };
        }
    }
    let mut changes: Vec<LineChange> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut open: Option<LineChange> = None;
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            changes.extend(open.take());
            i += 1;
            j += 1;
            continue;
        }
        let change = open.get_or_insert_with(|| LineChange {
            first: first + i,
            old: 0,
            new: Vec::new(),
        });
        if j < new.len()
            && (i == old.len() || common[i * width + j + 1] >= common[(i + 1) * width + j])
        {
            change.new.push(new[j].to_owned());
            j += 1;
        } else {
            change.old += 1;
            i += 1;
        }
    }
    changes.extend(open);
    changes
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// The unified diff of `changes` to `text`, between files named `from` and `to`; empty when
/// there are no changes.
pub fn unified(text: &str, changes: &[LineChange], from: &str, to: &str) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // Group changes whose context would touch into hunks.
    let mut hunks: Vec<Vec<&LineChange>> = Vec::new();
    for change in changes {
        match hunks.last_mut() {
            Some(hunk)
                if hunk
                    .last()
                    .is_some_and(|last| last.first + last.old + 2 * CONTEXT >= change.first) =>
            {
                hunk.push(change)
            }
            _ => hunks.push(vec![change]),
        }
    }
    let mut out = format!("--- {from}\n+++ {to}\n");
    // How far new line numbers run ahead of old ones before each hunk.
    let mut shift: isize = 0;
    for hunk in hunks {
        let (Some(first), Some(last)) = (hunk.first(), hunk.last()) else {
            continue;
        };
        let start = first.first.saturating_sub(CONTEXT);
        let end = (last.first + last.old + CONTEXT).min(lines.len());
        let mut body = String::new();
        let (mut old_count, mut new_count) = (0usize, 0usize);
        let mut at = start;
        for change in &hunk {
            for line in &lines[at.min(lines.len())..change.first.min(lines.len())] {
                push_line(&mut body, ' ', line);
                old_count += 1;
                new_count += 1;
            }
            for line in
                &lines[change.first.min(lines.len())..(change.first + change.old).min(lines.len())]
            {
                push_line(&mut body, '-', line);
                old_count += 1;
            }
            for line in &change.new {
                push_line(&mut body, '+', line);
                new_count += 1;
            }
            at = change.first + change.old;
        }
        for line in &lines[at.min(lines.len())..end.max(at).min(lines.len())] {
            push_line(&mut body, ' ', line);
            old_count += 1;
            new_count += 1;
        }
        let new_start = (start as isize + shift).max(0) as usize;
        // An empty side is numbered by the line before it, as diff -u does.
        let number = |begin: usize, count: usize| {
            if count == 0 {
                format!("{begin},0")
            } else {
                format!("{},{count}", begin + 1)
            }
        };
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            number(start, old_count),
            number(new_start, new_count)
        ));
        out.push_str(&body);
        shift += new_count as isize - old_count as isize;
    }
    out
}
