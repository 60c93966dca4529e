//! HTTP responses described as data, so every adapter answers byte for byte the same.

use std::borrow::Cow;

use crate::error::Error;
use crate::source::SourceKind;

/// An HTTP response, as plain data: adapters copy status, headers and body out and add nothing.
///
/// Every answer a receiver gives is one: the reply a protocol requires (the Twitch verification challenge:
/// `200`, `text/plain`, the raw challenge), the success answer each sender expects
/// ([`SourceKind::success_reply`]), the answer to a rejected request ([`Error::to_reply`]) and to a failed
/// handler ([`Reply::handler_failed`]). Keeping them here is what makes the axum and actix adapters identical
/// on the wire.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type`, or `None` for a response without a body.
    pub content_type: Option<&'static str>,
    /// Other headers to send (e.g. `Allow` on a 405).
    pub headers: Vec<(&'static str, Cow<'static, str>)>,
    /// The body bytes, sent as they are.
    pub body: Vec<u8>,
}

/// The `Content-Type` of every text reply.
pub const TEXT_PLAIN: &str = "text/plain; charset=utf-8";

impl Reply {
    /// `200 OK`, `text/plain; charset=utf-8`, with `body` as given.
    pub fn text(body: impl Into<Vec<u8>>) -> Self {
        Self::text_with_status(200, body)
    }

    fn text_with_status(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self { status, content_type: Some(TEXT_PLAIN), headers: Vec::new(), body: body.into() }
    }

    /// `204 No Content`: no body, no `Content-Type`.
    pub fn no_content() -> Self {
        Self { status: 204, content_type: None, headers: Vec::new(), body: Vec::new() }
    }

    /// `500`, `internal error`: the application's handler failed or panicked, so a sender that retries will
    /// retry. The handler's error goes to the logs, never to the sender.
    pub fn handler_failed() -> Self {
        Self::text_with_status(500, "internal error")
    }
}

impl Error {
    /// The response to a rejected request: [`Error::status_code`], the [`Error::public_message`] as
    /// `text/plain`, and `Allow` on a 405.
    pub fn to_reply(&self) -> Reply {
        let mut reply = Reply::text_with_status(self.status_code(), self.public_message().into_owned());
        if let Some(allowed) = self.allowed_methods() {
            reply.headers.push(("allow", Cow::Owned(allowed.join(", "))));
        }
        reply
    }
}

impl SourceKind {
    /// What to answer a delivery the application accepted, as each sender expects it:
    ///
    /// | source | answer | why |
    /// |---|---|---|
    /// | accweb | `204`, no body | accweb gives up after 100 ms and never reads the body; any body makes Go open a new connection per callback |
    /// | Sonoran CAD | `200`, `text/plain`, `ok` | what the vendor's own receiver answers |
    /// | Khan | `204`, no body | Khan only checks the status is below 400 |
    /// | Agones Relay | `204`, no body | the relay ignores the answer |
    /// | Twitch EventSub | `204`, no body | any 2xx; Twitch's own sample answers 204 |
    ///
    /// The Twitch verification challenge is answered with its own [`Reply`], not this one.
    pub fn success_reply(self) -> Reply {
        match self {
            Self::SonoranCad => Reply::text("ok"),
            Self::Accweb | Self::Khan | Self::AgonesRelay | Self::TwitchEventSub => Reply::no_content(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_answer_their_status_and_public_message() {
        let reply = Error::MethodNotAllowed { method: "GET".into(), allowed: &["POST", "PUT", "DELETE"] }.to_reply();
        assert_eq!((reply.status, reply.content_type), (405, Some(TEXT_PLAIN)));
        assert_eq!(reply.headers, [("allow", Cow::Borrowed("POST, PUT, DELETE"))]);
        assert_eq!(reply.body, b"method GET is not accepted here; allowed: POST, PUT, DELETE");

        let reply = Error::BadSignature.to_reply();
        assert_eq!((reply.status, reply.body.as_slice(), reply.headers.len()), (403, &b"forbidden"[..], 0));
    }

    #[test]
    fn each_sender_gets_the_success_answer_it_expects() {
        assert_eq!(SourceKind::Accweb.success_reply(), Reply::no_content());
        assert_eq!(SourceKind::SonoranCad.success_reply().body, b"ok");
        assert!(SourceKind::ALL.iter().all(|kind| (200..300).contains(&kind.success_reply().status)));
        assert_eq!(Reply::handler_failed().status, 500);
    }
}
