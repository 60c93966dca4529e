//! One pass over a JSON document's objects, serde_json reading every value: the members of an object one by
//! one, each value typed where it is, with the exact text it was read from.
//!
//! serde offers no position inside a document, so keeping a value raw *and* typed costs a second pass with
//! serde alone (a `RawValue`, then a parse of its text). This cursor walks only the punctuation of the
//! objects it is asked to open (`{`, keys, `:`, `,`, `}`) and hands each value to serde_json's
//! [`StreamDeserializer`](serde_json::StreamDeserializer), whose byte offset gives the value's text.
//!
//! It is deliberately narrow: keys are plain strings (no escapes, no control characters), and any input it
//! does not recognise makes it answer `None`. Its callers then take their ordinary serde path, which
//! decides, with its own errors: the cursor is a fast path for well-formed documents, never the judge of a
//! bad one. Every value it hands out was read by serde_json, so a span it returns is one valid JSON value.

use serde::Deserialize;

/// A position in a JSON text, between values.
pub(crate) struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Consumes `byte` after optional whitespace.
    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace();
        (self.peek() == Some(byte)).then(|| self.pos += 1)
    }

    /// A key and its colon: a string without escapes or control characters (`None` otherwise).
    fn key(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.pos;
        let rest = self.text.as_bytes().get(start..)?;
        let length = rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest.get(length) != Some(&b'"') {
            return None;
        }
        self.pos = start + length + 1;
        let key = self.text.get(start..start + length)?;
        self.eat(b':')?;
        Some(key)
    }

    /// Reads the next value as `T`, with the text it was read from (no surrounding whitespace).
    pub(crate) fn value<T: Deserialize<'a>>(&mut self) -> Option<(T, &'a str)> {
        self.skip_whitespace();
        let rest = self.text.get(self.pos..)?;
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        let value = stream.next()?.ok()?;
        let length = stream.byte_offset();
        let span = rest.get(..length)?;
        self.pos += length;
        Some((value, span))
    }

    /// Walks the members of the object that comes next, calling `member` with each key; `member` must read
    /// the value (with [`Cursor::value`] or a nested `object`). `None` as soon as anything is not as expected.
    pub(crate) fn object(&mut self, mut member: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Some(());
        }
        loop {
            let key = self.key()?;
            member(self, key)?;
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Whether only whitespace is left.
    pub(crate) fn at_end(&mut self) -> bool {
        self.skip_whitespace();
        self.pos == self.text.len()
    }
}

/// Sets `slot` once: `None` when it was already set (a duplicate key, left to the serde path to refuse).
pub(crate) fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    slot.replace(value).is_none().then_some(())
}

#[cfg(test)]
mod tests {
    use serde::de::IgnoredAny;

    use super::*;

    #[test]
    fn values_come_with_their_exact_text() {
        let text = " { \"a\" : {\"x\": [1, 2]} ,\"b\":\"s\", \"c\" :null } ";
        let mut cursor = Cursor::new(text);
        let mut seen = Vec::new();
        cursor
            .object(|cursor, key| {
                let (_, span) = cursor.value::<IgnoredAny>()?;
                seen.push((key, span));
                Some(())
            })
            .unwrap();
        assert!(cursor.at_end());
        assert_eq!(seen, [("a", "{\"x\": [1, 2]}"), ("b", "\"s\""), ("c", "null")]);
    }

    #[test]
    fn anything_unexpected_is_none() {
        let walk = |text: &str| {
            let mut cursor = Cursor::new(text);
            cursor.object(|cursor, _| cursor.value::<IgnoredAny>().map(drop)).filter(|()| cursor.at_end())
        };
        assert_eq!(walk("{}"), Some(()));
        assert_eq!(walk(r#"{"a":1}"#), Some(()));
        for bad in [
            r#"{"a":1"#,
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":}"#,
            r#"{"a\"b":1}"#,
            "{\"a\u{1}\":1}",
            r#"{"a":1} x"#,
            r#"{"a":01}"#,
            r#"["a"]"#,
            r#"{"a":"unterminated}"#,
            "",
        ] {
            assert_eq!(walk(bad), None, "{bad}");
        }
    }
}
