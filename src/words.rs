//! How the planner's texts count things (`1 zone`, `2 zones`, never `2 zone(s)`) and end their
//! sentences. Pure text.

/// `count` and the noun, plural when the count is not one. The nouns the planner counts take
/// an `s` ("Agent pool", "Connection Proxy host", "zone", "finding"), except the few below.
pub fn count(count: usize, noun: &str) -> String {
    if count == 1 {
        return format!("1 {noun}");
    }
    let plural = match noun {
        "Dedicated Proxy" => "Dedicated Proxies".to_owned(),
        "Connection Proxy" => "Connection Proxies".to_owned(),
        noun => format!("{noun}s"),
    };
    format!("{count} {plural}")
}

/// `text` ending as a sentence: a full stop added unless it ends in one, or in `?` or `!`.
pub fn sentence(text: &str) -> String {
    if text.ends_with(['.', '?', '!']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

#[cfg(test)]
mod tests {
    use super::{count, sentence};

    #[test]
    fn a_sentence_ends_once() {
        assert_eq!(sentence("is it another chart?"), "is it another chart?");
        assert_eq!(sentence("line 3"), "line 3.");
        assert_eq!(sentence("done."), "done.");
    }

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "zone"), "1 zone");
        assert_eq!(count(0, "zone"), "0 zones");
        assert_eq!(count(2, "Agent pool"), "2 Agent pools");
        assert_eq!(count(3, "Connection Proxy"), "3 Connection Proxies");
    }
}
