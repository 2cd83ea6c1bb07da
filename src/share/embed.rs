//! Embed options, read from the query string of an embed URL such as
//! `embed.html?theme=dark&show=diagram&title=Our%20rollout#1.3primary.1eu-west` (and, as links
//! made before the embed had its own page, `index.html?embed&theme=dark…`).
//! Unknown or bad options are reported as warnings and left at their defaults: an embed never
//! breaks over an option.

use super::codec::percent_decode;

/// Longest title shown, in characters: a heading, not a paragraph.
pub const MAX_TITLE_CHARS: usize = 120;

/// The embed's colour scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the reader's preference.
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
    /// Follow the page the embed is in: `embed.js` tells it the page's scheme when it loads and
    /// whenever the page's palette changes (a `{ type: "kasm-topology:theme", theme }` message
    /// from the parent window). Holds the page's scheme at load, if `embed.js` gave it
    /// (`page-light`, `page-dark`); until a message comes, `page` alone follows the reader.
    Page(Option<PageScheme>),
}

/// A page's colour scheme, as `embed.js` reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageScheme {
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl PageScheme {
    /// From the words `embed.js` posts: `light` or `dark`.
    pub fn from_word(word: &str) -> Option<PageScheme> {
        match word {
            "light" => Some(PageScheme::Light),
            "dark" => Some(PageScheme::Dark),
            _ => None,
        }
    }

    /// As the `data-theme` attribute the stylesheet reads.
    pub fn word(self) -> &'static str {
        match self {
            PageScheme::Light => "light",
            PageScheme::Dark => "dark",
        }
    }
}

/// What the embed shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    /// The diagram only.
    Diagram,
    /// The placement table only.
    Table,
    /// Both, the diagram first.
    Both,
}

impl Show {
    /// Whether the diagram is shown.
    pub fn diagram(self) -> bool {
        matches!(self, Show::Diagram | Show::Both)
    }
    /// Whether the table is shown.
    pub fn table(self) -> bool {
        matches!(self, Show::Table | Show::Both)
    }
}

/// The options of an embed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOptions {
    /// Colour scheme.
    pub theme: Theme,
    /// What to show.
    pub show: Show,
    /// A title above the embed, if any.
    pub title: Option<String>,
    /// The diagram always takes its narrow shape (`shape=narrow`), whatever the width: an
    /// iframe of fixed height then fits its content at every width. Otherwise (`shape=fit`)
    /// the diagram takes the shape that fits its width.
    pub narrow: bool,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            theme: Theme::Auto,
            show: Show::Both,
            title: None,
            narrow: false,
        }
    }
}

/// The embed's options from a query string (with or without its `?`), and a warning for each
/// option that was ignored. `embed` itself (in `index.html?embed` links) is allowed and means
/// nothing more.
pub fn parse_options(query: &str) -> (EmbedOptions, Vec<String>) {
    let query = query.strip_prefix('?').unwrap_or(query);
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode(&key.replace('+', " ")),
                percent_decode(&value.replace('+', " ")),
            )
        })
        .collect();
    let mut options = EmbedOptions::default();
    let mut warnings = Vec::new();
    for (key, value) in pairs {
        match key.as_str() {
            "embed" => {}
            "theme" => match value.as_str() {
                "auto" => options.theme = Theme::Auto,
                "light" => options.theme = Theme::Light,
                "dark" => options.theme = Theme::Dark,
                "page" => options.theme = Theme::Page(None),
                "page-light" => options.theme = Theme::Page(Some(PageScheme::Light)),
                "page-dark" => options.theme = Theme::Page(Some(PageScheme::Dark)),
                _ => warnings.push(format!("embed option theme={value} ignored: use light, dark, auto or page")),
            },
            "show" => match value.as_str() {
                "diagram" => options.show = Show::Diagram,
                "table" => options.show = Show::Table,
                "both" => options.show = Show::Both,
                _ => warnings.push(format!("embed option show={value} ignored: use diagram, table or both")),
            },
            "shape" => match value.as_str() {
                "narrow" => options.narrow = true,
                "fit" => options.narrow = false,
                _ => warnings.push(format!("embed option shape={value} ignored: use fit or narrow")),
            },
            "title" => {
                let title: String = value.chars().filter(|c| !c.is_control()).take(MAX_TITLE_CHARS).collect();
                let title = title.trim();
                options.title = (!title.is_empty()).then(|| title.to_owned());
            }
            other => warnings.push(format!("unknown embed option \u{201c}{other}\u{201d} ignored: the options are theme, show, title and shape")),
        }
    }
    (options, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_options_are_the_defaults() {
        assert_eq!(parse_options(""), (EmbedOptions::default(), Vec::new()));
        // `embed` itself, from `index.html?embed` links, means nothing more.
        assert_eq!(
            parse_options("embed=1"),
            (EmbedOptions::default(), Vec::new())
        );
    }

    #[test]
    fn reads_every_option() {
        for query in [
            "?theme=dark&show=diagram&title=Our+rollout%20%E2%9C%93&shape=narrow",
            "?embed&theme=dark&show=diagram&shape=narrow&title=Our+rollout%20%E2%9C%93",
        ] {
            let (options, warnings) = parse_options(query);
            assert_eq!(
                options,
                EmbedOptions {
                    theme: Theme::Dark,
                    show: Show::Diagram,
                    title: Some("Our rollout \u{2713}".into()),
                    narrow: true,
                }
            );
            assert!(warnings.is_empty());
        }
    }

    #[test]
    fn bad_options_warn_and_keep_their_defaults() {
        let (options, warnings) =
            parse_options("?theme=neon&show=all&colour=red&title=%00%01&shape=round");
        assert_eq!(options, EmbedOptions::default());
        assert_eq!(warnings.len(), 4);
        assert!(warnings[0].contains("theme=neon"));
        assert!(warnings[2].contains("\u{201c}colour\u{201d}"));
        assert!(warnings[3].contains("shape=round"));
        assert!(!parse_options("?shape=narrow&shape=fit").0.narrow);
        let (options, warnings) = parse_options("?theme=page-dark");
        assert_eq!(options.theme, Theme::Page(Some(PageScheme::Dark)));
        assert!(warnings.is_empty());
        assert_eq!(parse_options("theme=page").0.theme, Theme::Page(None));
        let long = format!("?title={}", "t".repeat(500));
        assert_eq!(parse_options(&long).0.title.unwrap().len(), MAX_TITLE_CHARS);
    }
}
