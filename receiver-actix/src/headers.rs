//! actix-web's header map as the core's [`Headers`], without copying it.

use actix_web::http::header::HeaderMap;
use receiver_core::{HEADER_SCAN_LIMIT, Headers};

/// An actix-web [`HeaderMap`] read through the core's [`Headers`] trait, borrowed, never copied.
///
/// actix-web 4 is built on `http` 0.2, so the core's impl for the `http` 1.x `HeaderMap` does not apply; this
/// local newtype bridges the two. Lookups are case-insensitive and give the first value, as the trait asks.
/// On an ordinary request they compare names rather than call `HeaderMap::get(&str)`, which builds a
/// `HeaderName` (allocating for every non-standard name) on each call ([`HEADER_SCAN_LIMIT`]).
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
        if self.0.len() <= HEADER_SCAN_LIMIT {
            self.0.iter().find(|(n, _)| n.as_str().eq_ignore_ascii_case(name)).map(|(_, value)| value.as_bytes())
        } else {
            self.0.get(name).map(|value| value.as_bytes())
        }
    }
}
