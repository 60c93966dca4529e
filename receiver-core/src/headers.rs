//! The header-lookup trait the core reads request headers through.

/// Read access to a request's headers, by name, case-insensitively.
///
/// The core never needs more than "the first value of this header". Taking a trait instead of a concrete
/// map lets every framework hand its own map over without copying it: axum 0.8 and hyper 1 use `http` 1.x
/// (implemented here behind the `http` feature), actix-web 4 uses `http` 0.2 (implemented in
/// `receiver-actix` with a local newtype).
///
/// Names passed by the core are always lowercase ASCII. Implementations must match them
/// case-insensitively, because senders spell them as they like (Go canonicalises `some-header` to
/// `Some-Header`).
///
/// # Example
///
/// A slice of pairs is a header map, convenient for tests and for frameworks without an impl:
///
/// ```
/// use receiver_core::Headers;
///
/// let headers = [("Content-Type", "application/json"), ("X-Token", "abc")];
/// assert_eq!(headers.get("x-token"), Some(&b"abc"[..]));
/// assert_eq!(headers.get("authorization"), None);
/// ```
pub trait Headers {
    /// The first value of the header `name` (lowercase ASCII), as raw bytes.
    fn get(&self, name: &str) -> Option<&[u8]>;

    /// Calls `visit` with every header's name and value, in the request's order, and returns `true`; or
    /// returns `false` without calling it, when walking the map is no cheaper than asking by name (the
    /// default).
    ///
    /// Optional: the core reads the several headers of one sender (Twitch's seven) in one pass through it
    /// where it can, and falls back to [`Headers::get`] for each name where it cannot. An implementation
    /// must give the same answers both ways: the first value of each name, names compared ignoring ASCII case.
    ///
    /// ```
    /// use receiver_core::Headers;
    ///
    /// let headers = [("X-One", "1"), ("x-two", "2")];
    /// let mut names = Vec::new();
    /// assert!(headers.visit(&mut |name, _value| names.push(name)));
    /// assert_eq!(names, ["X-One", "x-two"]);
    /// ```
    fn visit<'h>(&'h self, visit: &mut dyn FnMut(&'h str, &'h [u8])) -> bool {
        let _ = visit;
        false
    }
}

impl<H: Headers + ?Sized> Headers for &H {
    fn get(&self, name: &str) -> Option<&[u8]> {
        (**self).get(name)
    }

    fn visit<'h>(&'h self, visit: &mut dyn FnMut(&'h str, &'h [u8])) -> bool {
        (**self).visit(visit)
    }
}

impl<N: AsRef<str>, V: AsRef<[u8]>> Headers for [(N, V)] {
    fn get(&self, name: &str) -> Option<&[u8]> {
        self.iter().find(|(n, _)| same_name(n.as_ref(), name)).map(|(_, v)| v.as_ref())
    }

    fn visit<'h>(&'h self, visit: &mut dyn FnMut(&'h str, &'h [u8])) -> bool {
        for (name, value) in self {
            visit(name.as_ref(), value.as_ref());
        }
        true
    }
}

impl<N: AsRef<str>, V: AsRef<[u8]>, const K: usize> Headers for [(N, V); K] {
    fn get(&self, name: &str) -> Option<&[u8]> {
        Headers::get(self.as_slice(), name)
    }

    fn visit<'h>(&'h self, visit: &mut dyn FnMut(&'h str, &'h [u8])) -> bool {
        Headers::visit(self.as_slice(), visit)
    }
}

impl<N: AsRef<str>, V: AsRef<[u8]>> Headers for Vec<(N, V)> {
    fn get(&self, name: &str) -> Option<&[u8]> {
        Headers::get(self.as_slice(), name)
    }

    fn visit<'h>(&'h self, visit: &mut dyn FnMut(&'h str, &'h [u8])) -> bool {
        Headers::visit(self.as_slice(), visit)
    }
}

/// Up to this many header values, [`Headers`] for a header map compares names instead of hashing.
///
/// `HeaderMap::get(&str)` validates, lowercases and hashes the name on every call, and a delivery looks up
/// about ten names: on a request with a few dozen headers, comparing lengths and then bytes is cheaper
/// (profiled under load: the parse and hash were 2-3 % of the receiver's CPU). Larger maps use the hash.
pub const HEADER_SCAN_LIMIT: usize = 32;

#[cfg(feature = "http")]
impl Headers for http::HeaderMap {
    fn get(&self, name: &str) -> Option<&[u8]> {
        if self.len() <= HEADER_SCAN_LIMIT {
            self.iter().find(|(n, _)| same_name(n.as_str(), name)).map(|(_, v)| v.as_bytes())
        } else {
            http::HeaderMap::get(self, name).map(http::HeaderValue::as_bytes)
        }
    }

    fn visit<'h>(&'h self, visit: &mut dyn FnMut(&'h str, &'h [u8])) -> bool {
        for (name, value) in self {
            visit(name.as_str(), value.as_bytes());
        }
        true
    }
}

/// No headers at all: for sources that read nothing from headers, and for tests.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHeaders;

impl Headers for NoHeaders {
    fn get(&self, _name: &str) -> Option<&[u8]> {
        None
    }

    fn visit<'h>(&'h self, _visit: &mut dyn FnMut(&'h str, &'h [u8])) -> bool {
        true
    }
}

/// The first value of each of `names` (lowercase ASCII), read in one pass where the map can be walked
/// ([`Headers::visit`]) and by name otherwise. The same answers as [`Headers::get`] for each name.
pub(crate) fn lookup<'h, const N: usize>(headers: &'h dyn Headers, names: &[&str; N]) -> [Option<&'h [u8]>; N] {
    let mut found = [None; N];
    // The wanted names' lengths as a bit set (63 and longer share the last bit): most of a request's headers
    // are passed over on their length alone.
    let length_bit = |name: &str| 1u64 << name.len().min(63);
    let lengths = names.iter().fold(0u64, |mask, name| mask | length_bit(name));
    let walked = headers.visit(&mut |name, value| {
        if lengths & length_bit(name) == 0 {
            return;
        }
        for (wanted, slot) in names.iter().zip(found.iter_mut()) {
            if slot.is_none() && same_lowercase_name(name, wanted) {
                *slot = Some(value);
                return;
            }
        }
    });
    if !walked {
        for (wanted, slot) in names.iter().zip(found.iter_mut()) {
            *slot = headers.get(wanted);
        }
    }
    found
}

/// Whether two header names are the same, ASCII case ignored: what `eq_ignore_ascii_case` answers, eight
/// bytes at a time. The last byte is compared first: the names one sender uses share long prefixes
/// (`Twitch-Eventsub-Message-…`), so a scan over a request's headers rejects most of them there. Profiled:
/// the byte-at-a-time comparison was half the core's own cost on a small Twitch delivery.
#[inline]
fn same_name(candidate: &str, wanted: &str) -> bool {
    names_match(candidate, wanted, ascii_lowercase_word)
}

/// [`same_name`] when `wanted` is known to be lowercase: only `candidate` is lowercased.
#[inline]
fn same_lowercase_name(candidate: &str, wanted: &str) -> bool {
    names_match(candidate, wanted, |word| <[u8; 8]>::try_from(word).map_or(0, u64::from_le_bytes))
}

/// The comparison behind both: lengths, the last byte, then eight bytes at a time, `wanted`'s words read
/// through `wanted_word`.
#[inline(always)]
fn names_match(candidate: &str, wanted: &str, wanted_word: impl Fn(&[u8]) -> u64) -> bool {
    let (a, b) = (candidate.as_bytes(), wanted.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    match (a.last(), b.last()) {
        (Some(x), Some(y)) if !x.eq_ignore_ascii_case(y) => return false,
        _ => {}
    }
    let (mut a_words, mut b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    for (x, y) in (&mut a_words).zip(&mut b_words) {
        if ascii_lowercase_word(x) != wanted_word(y) {
            return false;
        }
    }
    a_words.remainder().eq_ignore_ascii_case(b_words.remainder())
}

/// Eight bytes read as one word, each ASCII capital letter made lowercase (SWAR): bit 7 of a byte is set in
/// `at_least_a` when it is `A` or above and in `above_z` when above `Z`; bytes over 0x7F are left alone.
#[inline]
fn ascii_lowercase_word(bytes: &[u8]) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = <[u8; 8]>::try_from(bytes).map_or(0, u64::from_le_bytes);
    let ascii = word & !HIGH;
    let at_least_a = ascii + 0x3f3f_3f3f_3f3f_3f3f;
    let above_z = ascii + 0x2525_2525_2525_2525;
    let capitals = at_least_a & !above_z & !word & HIGH;
    word | (capitals >> 2)
}

/// The first value of a header as UTF-8, or `None` when absent or not UTF-8.
pub(crate) fn header_str<'h>(headers: &'h dyn Headers, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| std::str::from_utf8(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_match_case_insensitively_and_return_the_first_value() {
        let headers = vec![("Some-Header", "one"), ("some-header", "two")];
        assert_eq!(headers.get("some-header"), Some(&b"one"[..]));
        assert_eq!(NoHeaders.get("some-header"), None);
    }

    #[test]
    fn names_of_one_length_differing_anywhere_are_told_apart() {
        let headers = [("Xome-Header", "first byte"), ("Some-Heades", "last byte"), ("SOME-HEADER", "it")];
        assert_eq!(headers.get("some-header"), Some(&b"it"[..]));
        assert_eq!(headers.get("some-headers"), None);
        assert!(same_name("Twitch-Eventsub-Message-Signature", "twitch-eventsub-message-signature"));
        assert!(!same_name("Twitch-Eventsub-Message-Signature", "Twitch-Eventsub-Message-Timestamp"));
        assert!(!same_name("a-b", "a_b"));
        assert!(same_name("X-ACCWEB-TOKEN-0123456789", "x-accweb-token-0123456789"));
        assert!(!same_name("X-ACCWEB-TOKEN-0123456789", "x-accweb-tokem-0123456789"));
    }

    #[test]
    fn the_word_comparison_agrees_with_eq_ignore_ascii_case_on_every_byte_pair() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let (x, y) =
                    ([b'q', a, b'-', 0xC3, b'Z', b'0', b'~', b'^'], [b'Q', b, b'-', 0xC3, b'z', b'0', b'~', b'^']);
                let words_equal = ascii_lowercase_word(&x) == ascii_lowercase_word(&y);
                assert_eq!(words_equal, a.eq_ignore_ascii_case(&b), "{a:#04x} {b:#04x}");
                // At every position of the word, and through `same_name`'s tail as well.
                let (x, y) = ([a; 8], [b; 8]);
                assert_eq!(ascii_lowercase_word(&x) == ascii_lowercase_word(&y), a.eq_ignore_ascii_case(&b));
            }
        }
    }

    /// A map that can only be asked by name: [`lookup`] falls back to `get`.
    struct ByNameOnly<'a>(&'a [(&'a str, &'a str)]);

    impl Headers for ByNameOnly<'_> {
        fn get(&self, name: &str) -> Option<&[u8]> {
            Headers::get(self.0, name)
        }
    }

    #[test]
    fn lookup_in_one_pass_answers_like_get_for_each_name() {
        let names = ["twitch-eventsub-message-id", "x-two", "x-absent", "twitch-eventsub-message-type", "a"];
        let requests: [&[(&str, &str)]; 4] = [
            &[
                ("Content-Type", "application/json"),
                ("x-two", "first"),
                ("Twitch-Eventsub-Message-Type", "notification"),
                ("X-TWO", "second"),
                ("twitch-eventsub-message-id", "m-1"),
                ("A", "a"),
                ("Twitch-Eventsub-Message-Id", "m-2"),
            ],
            &[("Twitch-Eventsub-Message-Typf", "near miss"), ("x-twO", "only")],
            // Longer than the length mask covers, and empty.
            &[(&"x".repeat(70), "long"), ("", "empty name")],
            &[],
        ];
        for request in requests {
            let expected = names.map(|name| Headers::get(request, name));
            assert_eq!(lookup(&request, &names), expected, "{request:?}");
            assert_eq!(lookup(&ByNameOnly(request), &names), expected, "{request:?}");
        }
        assert_eq!(lookup(&NoHeaders, &names), [None; 5]);
        let long = "x".repeat(70);
        assert_eq!(lookup(&[(long.as_str(), "v")], &[long.as_str()]), [Some(&b"v"[..])]);
    }

    #[cfg(feature = "http")]
    #[test]
    fn http_header_map_is_case_insensitive() {
        let mut map = http::HeaderMap::new();
        map.insert("Twitch-Eventsub-Message-Id", http::HeaderValue::from_static("abc"));
        map.append("x-two", http::HeaderValue::from_static("first"));
        map.append("x-two", http::HeaderValue::from_static("second"));
        assert_eq!(Headers::get(&map, "twitch-eventsub-message-id"), Some(&b"abc"[..]));
        assert_eq!(Headers::get(&map, "Twitch-EventSub-Message-Id"), Some(&b"abc"[..]));
        assert_eq!(Headers::get(&map, "x-two"), Some(&b"first"[..]));
        assert_eq!(Headers::get(&map, "x-three"), None);
        let names = ["twitch-eventsub-message-id", "x-two", "x-three"];
        assert_eq!(lookup(&map, &names), names.map(|name| Headers::get(&map, name)));
    }

    #[cfg(feature = "http")]
    #[test]
    fn large_http_header_maps_are_searched_by_hash_with_the_same_answers() {
        let mut map = http::HeaderMap::new();
        for i in 0..=HEADER_SCAN_LIMIT {
            map.insert(http::HeaderName::try_from(format!("x-filler-{i}")).unwrap(), http::HeaderValue::from(i));
        }
        map.append("x-two", http::HeaderValue::from_static("first"));
        map.append("x-two", http::HeaderValue::from_static("second"));
        assert!(map.len() > HEADER_SCAN_LIMIT);
        assert_eq!(Headers::get(&map, "X-Two"), Some(&b"first"[..]));
        assert_eq!(Headers::get(&map, "x-filler-3"), Some(&b"3"[..]));
        assert_eq!(Headers::get(&map, "x-three"), None);
    }
}
