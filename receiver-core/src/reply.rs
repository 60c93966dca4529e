//! Replies a sender's protocol requires, described as data.

/// An HTTP response the sender's protocol requires, as plain data: adapters copy the three fields out.
///
/// Today there is one: the answer to a Twitch `webhook_callback_verification`, `200`, `text/plain`, with
/// the raw challenge as the body (no JSON quoting, no newline), which is what Twitch and
/// `twitch event verify-subscription` check.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type` header value.
    pub content_type: &'static str,
    /// The body bytes, sent as they are.
    pub body: Vec<u8>,
}

impl Reply {
    /// `200 OK`, `text/plain; charset=utf-8`, with `body` as given.
    pub fn text(body: impl Into<Vec<u8>>) -> Self {
        Self { status: 200, content_type: "text/plain; charset=utf-8", body: body.into() }
    }
}
