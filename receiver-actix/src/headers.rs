//! actix-web's header map as the core's [`Headers`], without copying it.

use actix_web::http::header::HeaderMap;
use receiver_core::{HEADER_SCAN_LIMIT, Headers};

/// An actix-web [`HeaderMap`] read through the core's [`Headers`] trait, borrowed, never copied.
///
/// actix-web 4 is built on `http` 0.2, so the core's impl for the `http` 1.x `HeaderMap` does not apply; this
/// local newtype bridges the two. Lookups are case-insensitive and give the first value, as the trait asks.
///
/// ```
/// use actix_web::test::TestRequest;
/// use receiver_actix::ActixHeaders;
/// use receiver_core::{HEADER_SCAN_LIMIT, Headers};
///
/// let request = TestRequest::post().insert_header(("X-Token", "abc")).to_http_request();
/// assert_eq!(ActixHeaders(request.headers()).get("x-token"), Some(&b"abc"[..]));
/// assert_eq!(ActixHeaders(request.headers()).get("X-Token"), Some(&b"abc"[..]));
/// assert_eq!(ActixHeaders(request.headers()).get("x-other"), None);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ActixHeaders<'a>(pub &'a HeaderMap);

impl Headers for ActixHeaders<'_> {
    fn get(&self, name: &str) -> Option<&[u8]> {
        self.0.get(name).map(|value| value.as_bytes())
    }
}

/// A request's headers as the receiver reads them.
///
/// A delivery looks up about ten names. `HeaderMap::get(&str)` builds a `HeaderName` on every call
/// (allocating for each non-standard name) and walking actix's map is slow (profiled under load: 0.7 µs per
/// Twitch delivery), so an ordinary request's headers are collected once into pairs and scanned; a request
/// with more than [`HEADER_SCAN_LIMIT`] names goes through the map.
pub(crate) enum RequestHeaders<'a> {
    Pairs(Vec<(&'a str, &'a [u8])>),
    Map(ActixHeaders<'a>),
}

impl<'a> RequestHeaders<'a> {
    pub(crate) fn new(map: &'a HeaderMap) -> Self {
        if map.len_keys() <= HEADER_SCAN_LIMIT {
            Self::Pairs(map.iter().map(|(name, value)| (name.as_str(), value.as_bytes())).collect())
        } else {
            Self::Map(ActixHeaders(map))
        }
    }
}

impl Headers for RequestHeaders<'_> {
    fn get(&self, name: &str) -> Option<&[u8]> {
        match self {
            Self::Pairs(pairs) => Headers::get(pairs.as_slice(), name),
            Self::Map(map) => map.get(name),
        }
    }

    fn visit<'h>(&'h self, visit: &mut dyn FnMut(&'h str, &'h [u8])) -> bool {
        match self {
            Self::Pairs(pairs) => Headers::visit(pairs.as_slice(), visit),
            // Walking actix's map is what collecting the pairs avoids: ask by name instead.
            Self::Map(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn pairs_and_map_answer_alike_first_value_any_case() {
        let small = TestRequest::post()
            .insert_header(("X-Token", "abc"))
            .append_header(("X-Two", "first"))
            .append_header(("X-Two", "second"))
            .to_http_request();
        let mut large = TestRequest::post()
            .insert_header(("X-Token", "abc"))
            .append_header(("X-Two", "first"))
            .append_header(("X-Two", "second"));
        for i in 0..=HEADER_SCAN_LIMIT {
            large = large.insert_header((format!("x-filler-{i}"), "f"));
        }
        let large = large.to_http_request();
        let (pairs, map) = (RequestHeaders::new(small.headers()), RequestHeaders::new(large.headers()));
        assert!(matches!(pairs, RequestHeaders::Pairs(_)) && matches!(map, RequestHeaders::Map(_)));
        for headers in [&pairs, &map] {
            assert_eq!(headers.get("x-token"), Some(&b"abc"[..]));
            assert_eq!(headers.get("X-TOKEN"), Some(&b"abc"[..]));
            assert_eq!(headers.get("x-two"), Some(&b"first"[..]));
            assert_eq!(headers.get("x-three"), None);
        }
        let mut seen = Vec::new();
        assert!(pairs.visit(&mut |name, value| seen.push((name, value))));
        seen.sort(); // actix's map walks its names in hash order
        assert_eq!(seen, [("x-token", &b"abc"[..]), ("x-two", b"first"), ("x-two", b"second")]);
        assert!(!map.visit(&mut |_, _| unreachable!("a large map is asked by name")));
    }
}
