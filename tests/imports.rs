//! No two files of the library import each other, directly or round a circle. Read from the
//! sources as text: every `crate::…` and `super::…` path (in `use` lines and in code) is an
//! import of the file that defines what it names. A folder's `mod.rs` is a front door: a path
//! that only passes through it (to a child, or to what it re-exports) is not an import of it.

#![allow(clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

mod common;

/// Every file of the library: its module path (`["ui", "tools", "mirror"]`) and its text, with
/// comments left out.
fn library() -> BTreeMap<Vec<String>, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).expect("lib.rs reads");
    let files = common::source_files();
    let mut modules = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src/");
        let mut path: Vec<String> = relative
            .with_extension("")
            .iter()
            .map(|part| part.to_string_lossy().into_owned())
            .collect();
        if path.last().is_some_and(|last| last == "mod") {
            path.pop();
        }
        // The binaries' roots (main.rs, cli.rs, …) are crates of their own.
        if path.len() == 1 && !lib.contains(&format!("mod {};", path[0])) || path == ["lib"] {
            continue;
        }
        let text = fs::read_to_string(&file).expect("a source reads");
        let code: String = text
            .lines()
            .map(|line| line.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        modules.insert(path, code);
    }
    modules
}

/// The names a file defines itself (not the ones it re-exports).
fn defined(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in code.lines() {
        let words: Vec<&str> = line
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '!'))
            .filter(|w| !w.is_empty())
            .collect();
        for pair in words.windows(2) {
            if matches!(
                pair[0],
                "fn" | "struct" | "enum" | "const" | "static" | "type" | "trait" | "macro_rules!"
            ) {
                names.insert(pair[1].to_owned());
            }
        }
    }
    names
}

/// The `crate::` and `super::` paths in `code`, with what braces hold spelled out.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut at = 0;
    while at < bytes.len() {
        let rest: String = bytes[at..bytes.len().min(at + 7)].iter().collect();
        let starts_word = at == 0 || !(bytes[at - 1].is_alphanumeric() || bytes[at - 1] == '_');
        if starts_word && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let end = bytes[at..]
                .iter()
                .position(|c| !(c.is_alphanumeric() || *c == '_' || *c == ':'))
                .map_or(bytes.len(), |n| at + n);
            let head: String = bytes[at..end].iter().collect();
            let head: Vec<String> = head
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if bytes.get(end) == Some(&'{') {
                // `use a::{b, c::d}`: one path per item, nested braces flattened.
                let close = bytes[end..]
                    .iter()
                    .scan(0, |depth, c| {
                        *depth += i32::from(*c == '{') - i32::from(*c == '}');
                        Some(*depth)
                    })
                    .position(|depth| depth == 0)
                    .map_or(bytes.len(), |n| end + n);
                let inner: String = bytes[end + 1..close].iter().collect();
                for item in inner.split([',', '{', '}']) {
                    let item = item.trim().split(" as ").next().unwrap_or("").trim();
                    if !item.is_empty() && item != "self" {
                        let mut path = head.clone();
                        path.extend(item.split("::").map(str::to_owned));
                        out.push(path);
                    }
                }
                at = close;
            } else {
                out.push(head);
                at = end;
            }
        }
        at += 1;
    }
    out
}

/// The file a path names something of, from the module `here`: the longest module the path
/// reaches, unless the path only passes through a `mod.rs` to a child or a re-export.
fn target(
    here: &[String],
    path: &[String],
    modules: &BTreeMap<Vec<String>, String>,
    defines: &BTreeMap<Vec<String>, BTreeSet<String>>,
) -> Option<Vec<String>> {
    let mut absolute: Vec<String> = Vec::new();
    let mut parts = path.iter().peekable();
    match parts.peek().map(|s| s.as_str()) {
        Some("crate") => {
            parts.next();
        }
        Some("super") => {
            absolute = here.to_vec();
            while parts.peek().map(|s| s.as_str()) == Some("super") {
                parts.next();
                absolute.pop();
            }
        }
        _ => return None,
    }
    let rest: Vec<String> = parts.cloned().collect();
    let mut found = None;
    for n in 0..rest.len() {
        let mut module = absolute.clone();
        module.extend(rest[..=n].iter().cloned());
        if modules.contains_key(&module) {
            found = Some((module, rest.get(n + 1).cloned()));
        } else {
            break;
        }
    }
    let (module, item) = match found {
        Some(found) => found,
        None => (absolute.clone(), rest.first().cloned()),
    };
    if !modules.contains_key(&module) {
        return None;
    }
    // Through a folder's front door to something it does not define itself: not an import.
    let is_folder = modules
        .keys()
        .any(|m| m.len() > module.len() && m.starts_with(&module));
    let own = item
        .as_ref()
        .is_some_and(|item| defines[&module].contains(item));
    (!is_folder || own).then_some(module)
}

#[test]
fn no_file_of_the_library_imports_one_that_imports_it_back() {
    let modules = library();
    assert!(modules.len() > 40, "read {} files", modules.len());
    let defines: BTreeMap<Vec<String>, BTreeSet<String>> = modules
        .iter()
        .map(|(module, code)| (module.clone(), defined(code)))
        .collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, code) in &modules {
        for path in paths(code) {
            if let Some(to) = target(module, &path, &modules, &defines) {
                if &to != module && !module.starts_with(&to) {
                    edges.entry(module.clone()).or_default().insert(to);
                }
            }
        }
    }
    // The tools panels reach the mirror, the planner's diagram the tools' loader: the reading
    // sees the imports it must.
    let edge = |from: &str, to: &str| {
        let split = |s: &str| s.split("::").map(str::to_owned).collect::<Vec<_>>();
        edges
            .get(&split(from))
            .is_some_and(|to_set| to_set.contains(&split(to)))
    };
    assert!(edge("ui::tools::export_panel", "ui::tools::mirror"));
    assert!(edge("ui::tools::export_panel", "ui::tools::values_panel"));
    assert!(edge("ui::planner::diagram", "ui::planner::lazy_tools"));
    assert!(edge("engine::access", "engine::names"));
    // A circle is a path from a file back to itself.
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(Vec<String>, Vec<String>)> =
            vec![(start.clone(), vec![start.join("::")])];
        while let Some((at, trail)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    panic!(
                        "an import circle: {} -> {}",
                        trail.join(" -> "),
                        next.join("::")
                    );
                }
                if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.join("::"));
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
}
