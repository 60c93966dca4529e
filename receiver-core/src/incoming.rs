//! One incoming delivery, as the core sees it.

use std::fmt;

use crate::headers::Headers;

/// One HTTP request, reduced to what the core reads: method, query string, headers and the raw body.
///
/// Adapters build it from their framework's request without copying anything; tests build it from
/// literals.
///
/// ```
/// use receiver_core::Incoming;
///
/// let headers = [("content-type", "application/json")];
/// let incoming = Incoming::new("DELETE", &headers, b"n")
///     .with_query("?event_type=fleet.events.deleted&name=f&namespace=default");
/// assert_eq!(incoming.query(), "event_type=fleet.events.deleted&name=f&namespace=default");
/// ```
#[derive(Clone, Copy)]
pub struct Incoming<'a> {
    method: &'a str,
    query: &'a str,
    headers: &'a dyn Headers,
    body: &'a [u8],
}

impl<'a> Incoming<'a> {
    /// A request with this method (`"POST"`, `"PUT"`, …), headers and raw body, and no query string.
    pub fn new(method: &'a str, headers: &'a dyn Headers, body: &'a [u8]) -> Self {
        Self { method, query: "", headers, body }
    }

    /// A `POST` request: what every source but Agones Relay sends.
    pub fn post(headers: &'a dyn Headers, body: &'a [u8]) -> Self {
        Self::new("POST", headers, body)
    }

    /// The same request with a query string (a leading `?` is ignored).
    #[must_use]
    pub fn with_query(self, query: &'a str) -> Self {
        Self { query: query.strip_prefix('?').unwrap_or(query), ..self }
    }

    /// The HTTP method, as sent.
    pub fn method(&self) -> &'a str {
        self.method
    }

    /// The query string without the leading `?`; empty when there is none.
    pub fn query(&self) -> &'a str {
        self.query
    }

    /// The request headers.
    pub fn headers(&self) -> &'a dyn Headers {
        self.headers
    }

    /// The raw body bytes, exactly as received.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }
}

impl fmt::Debug for Incoming<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Incoming")
            .field("method", &self.method)
            .field("query", &self.query)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}
