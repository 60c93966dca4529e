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
}

impl<H: Headers + ?Sized> Headers for &H {
    fn get(&self, name: &str) -> Option<&[u8]> {
        (**self).get(name)
    }
}

impl<N: AsRef<str>, V: AsRef<[u8]>> Headers for [(N, V)] {
    fn get(&self, name: &str) -> Option<&[u8]> {
        self.iter().find(|(n, _)| n.as_ref().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
}

impl<N: AsRef<str>, V: AsRef<[u8]>, const K: usize> Headers for [(N, V); K] {
    fn get(&self, name: &str) -> Option<&[u8]> {
        Headers::get(self.as_slice(), name)
    }
}

impl<N: AsRef<str>, V: AsRef<[u8]>> Headers for Vec<(N, V)> {
    fn get(&self, name: &str) -> Option<&[u8]> {
        Headers::get(self.as_slice(), name)
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
            self.iter().find(|(n, _)| n.as_str().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_bytes())
        } else {
            http::HeaderMap::get(self, name).map(http::HeaderValue::as_bytes)
        }
    }
}

/// No headers at all: for sources that read nothing from headers, and for tests.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHeaders;

impl Headers for NoHeaders {
    fn get(&self, _name: &str) -> Option<&[u8]> {
        None
    }
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
