//! Finds planner links in documentation (Markdown or HTML): the `data-kasm-topology` attributes
//! of embeds, and any address whose fragment is a topology (`…#1.3primary.1eu-west`). What a
//! docs build checks with `kasm-topology check`. Pure text in, positions out.

/// A planner link found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundLink {
    /// The line it stands on, counted from 1.
    pub line: usize,
    /// The link as written (an address, or a fragment).
    pub link: String,
    /// Whether it is an embed's `data-kasm-topology` value rather than an address.
    pub embed: bool,
}

/// Characters that end a link in running text, Markdown or an HTML attribute.
fn ends_link(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '<' | '>' | '(' | ')' | '`' | '[' | ']' | '*'
        )
}

/// Whether `fragment` (after `#`) has a topology's shape: a format version, a dot, then a
/// digit (a zone's choices, perhaps a damaged one). A heading anchor such as `#1-introduction`
/// has not.
fn looks_like_topology(fragment: &str) -> bool {
    let digits = fragment.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &fragment.as_bytes()[digits..];
    digits > 0 && rest.first() == Some(&b'.') && rest.get(1).is_some_and(u8::is_ascii_digit)
}

/// The planner links on one line, as (where each starts, the link, whether an embed's).
fn links_on_line(line: &str) -> Vec<(usize, String, bool)> {
    let mut found = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    // Embeds: the attribute's whole value, whatever it holds.
    for quote in ['"', '\''] {
        let opening = format!("data-kasm-topology={quote}");
        let mut from = 0;
        while let Some(at) = line[from..].find(&opening) {
            let start = from + at + opening.len();
            let end = line[start..].find(quote).map_or(line.len(), |e| start + e);
            found.push((start, line[start..end].to_owned(), true));
            taken.push((start, end));
            from = end;
        }
    }
    // Addresses: from where the address starts to where the fragment ends.
    let mut from = 0;
    while let Some(at) = line[from..].find('#') {
        let hash = from + at;
        from = hash + 1;
        let inside_embed = taken.iter().any(|&(s, e)| (s..e).contains(&hash));
        if inside_embed || !looks_like_topology(&line[hash + 1..]) {
            continue;
        }
        let start = line[..hash]
            .char_indices()
            .rev()
            .find(|(_, c)| ends_link(*c))
            .map_or(0, |(at, c)| at + c.len_utf8());
        // A fragment alone counts only as a link's target (`](#…)`, `href="#…"`): "step #2.1"
        // in prose is no link.
        let target = line[..hash].ends_with(['(', '"', '\'', '=']);
        if start == hash && !target {
            continue;
        }
        let end = line[hash..]
            .find(ends_link)
            .map_or(line.len(), |e| hash + e);
        found.push((start, line[start..end].to_owned(), false));
        from = end;
    }
    found.sort_by_key(|(start, _, _)| *start);
    found
}

/// Every planner link in `text`, in order, with its line.
pub fn planner_links(text: &str) -> Vec<FoundLink> {
    text.lines()
        .enumerate()
        .flat_map(|(index, line)| {
            links_on_line(line)
                .into_iter()
                .map(move |(_, link, embed)| FoundLink {
                    line: index + 1,
                    link,
                    embed,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_addresses_and_embeds_but_not_anchors() {
        let text = "# Rollout\n\
            See [the plan](https://planner.example/#1.3primary.1eu-west) and [intro](#1-introduction).\n\
            <div data-kasm-topology=\"#2.1only!Pl\" data-show=\"table\"></div>\n\
            Bare: https://planner.example/index.html#1.9broken, and **https://p.example/#1.3b** too.\n\
            <iframe src='index.html?embed#1.3a.1b'></iframe> [here](#1.1c)\n\
            Step #2.1 of issue #12.3 is prose.\n";
        let found = planner_links(text);
        let pairs: Vec<(usize, &str)> = found.iter().map(|f| (f.line, f.link.as_str())).collect();
        assert_eq!(
            pairs,
            [
                (2, "https://planner.example/#1.3primary.1eu-west"),
                (3, "#2.1only!Pl"),
                (4, "https://planner.example/index.html#1.9broken,"),
                (4, "https://p.example/#1.3b"),
                (5, "index.html?embed#1.3a.1b"),
                (5, "#1.1c"),
            ]
        );
    }
}
