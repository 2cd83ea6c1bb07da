//! A small, strict JSON reader and string writer for the topology document: no floats, a depth
//! limit, and errors that name the line and column. Written for this one document so that the
//! page carries no general-purpose JSON library.

/// Deepest nesting read. The topology document is three levels deep; a pasted `[[[[...` of any
/// depth is refused before it can exhaust the stack.
const MAX_DEPTH: usize = 16;

/// A parsed JSON value. Numbers are kept as their text: the document needs only small integers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, in document order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The kind of value, for messages: "a string", "an array", ...
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    /// "line L, column C: what", for the position the reader is at.
    fn error(&self, what: &str) -> String {
        let before = &self.text[..self.at.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("line {line}, column {column}: {what}")
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), String> {
        self.skip_space();
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, String> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.skip_space();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("the text ends where a value should be")),
        }
    }

    /// Skips ASCII digits; says how many there were.
    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, RFC 8259 section 6, and nothing
    /// more: `1.2.3`, `1e5e5` and `1+1` end in text no number may hold.
    fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        let mut well_formed = true;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        if self.peek() == Some(b'0') {
            self.at += 1;
        } else {
            well_formed &= self.digits() > 0;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            well_formed &= self.digits() > 0;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            well_formed &= self.digits() > 0;
        }
        // A number runs into the next token only through a separator or white space.
        well_formed &= !matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
        );
        if well_formed {
            Ok(Value::Number(self.text[start..self.at].to_owned()))
        } else {
            self.at = start;
            Err(self.error("this number is not valid JSON"))
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.text.get(self.at..self.at + 4).unwrap_or_default();
        match u32::from_str_radix(digits, 16) {
            Ok(code) if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.at += 4;
                Ok(code)
            }
            _ => Err(self.error("expected four hex digits after \\u")),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            let rest = &self.text[self.at..];
            let Some(c) = rest.chars().next() else {
                return Err(self.error("a string is not closed"));
            };
            self.at += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let escape = self.peek();
                    self.at += 1;
                    match escape {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let high = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&high)
                                && self.text[self.at..].starts_with("\\u")
                            {
                                self.at += 2;
                                let low = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&low) {
                                    return Err(self.error("a \\u surrogate pair is broken"));
                                }
                                0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
                            } else {
                                high
                            };
                            out.push(
                                char::from_u32(code)
                                    .ok_or_else(|| self.error("a \\u escape names no character"))?,
                            );
                        }
                        _ => {
                            self.at -= 1;
                            return Err(self.error("unknown escape in a string"));
                        }
                    }
                }
                c if u32::from(c) < 0x20 => {
                    return Err(self.error("a control character in a string must be escaped"));
                }
                c => out.push(c),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        self.at += 1;
        let mut members: Vec<(String, Value)> = Vec::new();
        // The names so far, for a duplicate check that stays linear in a large paste.
        let mut names = std::collections::HashSet::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a field name in double quotes"));
            }
            let key_at = self.at;
            let key = self.string()?;
            if !names.insert(key.clone()) {
                self.at = key_at;
                return Err(self.error(&format!("the field \u{201c}{key}\u{201d} appears twice")));
            }
            self.expect(b':', "expected ':' after a field name")?;
            let value = self.value(depth + 1)?;
            members.push((key, value));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }
}

/// Parses one JSON value that makes up the whole text.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut reader = Reader { text, at: 0 };
    let value = reader.value(0)?;
    reader.skip_space();
    if reader.at < text.len() {
        return Err(reader.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

/// A JSON string literal for `text`, quotes included.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_json_allows() {
        assert_eq!(
            parse(r#" { "a": [true, false, null, -1.5e3, "x\u00e9\ud83d\ude00\n"], "b": {} } "#),
            Ok(Value::Object(vec![
                (
                    "a".into(),
                    Value::Array(vec![
                        Value::Bool(true),
                        Value::Bool(false),
                        Value::Null,
                        Value::Number("-1.5e3".into()),
                        Value::String("x\u{e9}\u{1f600}\n".into()),
                    ])
                ),
                ("b".into(), Value::Object(vec![])),
            ]))
        );
    }

    #[test]
    fn refuses_what_json_does_not_allow_and_says_where() {
        let cases = [
            ("", "line 1, column 1: the text ends"),
            ("{", "line 1, column 2: expected a field name"),
            ("{\"a\" 1}", "line 1, column 6: expected ':'"),
            ("[1,]", "line 1, column 4: expected a value"),
            ("[1 2]", "line 1, column 4: expected ',' or ']'"),
            (
                "{\"a\":1,\n\"a\":2}",
                "line 2, column 1: the field \u{201c}a\u{201d} appears twice",
            ),
            ("\"\\x\"", "unknown escape"),
            ("\"\\ud800\\u0041\"", "surrogate pair is broken"),
            ("\"a\nb\"", "control character"),
            ("01", "not valid JSON"),
            ("1.", "not valid JSON"),
            ("1.2.3", "line 1, column 1: this number is not valid JSON"),
            ("1e5e5", "not valid JSON"),
            ("1+1", "not valid JSON"),
            ("[1-2]", "line 1, column 2: this number is not valid JSON"),
            ("-", "not valid JSON"),
            ("-01", "not valid JSON"),
            ("1e", "not valid JSON"),
            ("1.e5", "not valid JSON"),
            (".5", "expected a value"),
            ("tru", "expected a value"),
            ("{} x", "unexpected text"),
            ("\"open", "not closed"),
        ];
        for (text, message) in cases {
            let error = parse(text).expect_err(text);
            assert!(error.contains(message), "{text:?}: {error}");
        }
        let deep = "[".repeat(100_000);
        assert!(parse(&deep)
            .expect_err("deep")
            .contains("nested too deeply"));
    }

    #[test]
    fn numbers_as_json_writes_them() {
        for text in ["0", "-0", "0.5", "1E+2", "-12.5e-3", "10"] {
            assert_eq!(parse(text), Ok(Value::Number(text.to_owned())), "{text}");
        }
        assert_eq!(
            parse("[1,-2]"),
            Ok(Value::Array(vec![
                Value::Number("1".into()),
                Value::Number("-2".into())
            ]))
        );
    }

    #[test]
    fn a_large_object_is_read_and_its_duplicate_found() {
        let fields: Vec<String> = (0..20_000).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}}}", fields.join(","));
        assert!(text.len() > 250_000);
        assert!(matches!(parse(&text), Ok(Value::Object(members)) if members.len() == 20_000));
        let duplicated = format!("{{{}, \"k19999\": 0}}", fields.join(","));
        assert!(parse(&duplicated)
            .expect_err("duplicate")
            .contains("the field \u{201c}k19999\u{201d} appears twice"));
    }

    #[test]
    fn quoting_round_trips() {
        for text in [
            "",
            "plain",
            "q\"b\\s/",
            "\u{0}\u{1f}\u{7f}\n\r\t\u{8}\u{c}",
            "\u{2028}\u{1f600}",
        ] {
            assert_eq!(parse(&quote(text)), Ok(Value::String(text.to_owned())));
        }
    }
}
