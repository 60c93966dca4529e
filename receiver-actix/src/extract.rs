//! The extractor, its rejection, and the one function both it and the router use to receive a request.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, dev};
use futures_core::Stream;
use receiver_core::{
    BodyBuffer, CollectedBody, Delivery, Error, Incoming, OVERSIZE_DRAIN_BYTES, OVERSIZE_DRAIN_TIME, Received, Reply,
    Source, SourceKind, log_refusal,
};

use crate::headers::RequestHeaders;
use crate::response::{reply_response, status};

/// A verified, typed delivery from the source `S`, as a handler argument.
///
/// The source's configuration comes from the app data, as a [`web::Data<S>`](Data): register it with
/// `App::new().app_data(web::Data::new(source))`. Without it every request is answered `500` and the
/// configuration error is logged (target `receiver`).
///
/// **This extractor consumes the body** (a signature covers it, and actix-web hands a request's payload out
/// once): no other argument of the handler may read the body.
///
/// When the request is refused, the handler is not called and the [`Rejection`] answers: the status and
/// public message of the core's [`Error`]. A delivery whose protocol requires a reply of its own (the Twitch
/// verification challenge) is answered by the rejection too: the handler only ever sees events.
///
/// ```
/// use actix_web::{App, web};
/// use receiver_actix::Verified;
/// use receiver_core::{Accweb, Auth, accweb};
///
/// async fn laps(Verified(delivery): Verified<Accweb>) -> &'static str {
///     if let accweb::Event::NewLap(lap) = delivery.event {
///         println!("{} did {:?}", lap.data.player_name, lap.data.lap_time());
///     }
///     "thanks"
/// }
///
/// let accweb = web::Data::new(Accweb::new(Auth::bearer(["token"])?));
/// let app = App::new().app_data(accweb).route("/callback", web::post().to(laps));
/// # Ok::<(), receiver_core::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Verified<S: Source>(pub Delivery<S::Event>);

impl<S: Source> FromRequest for Verified<S> {
    type Error = Rejection;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Rejection>>>>;

    fn from_request(request: &HttpRequest, payload: &mut dev::Payload) -> Self::Future {
        let (request, payload) = (request.clone(), payload.take());
        Box::pin(async move {
            let Some(source) = request.app_data::<Data<S>>().cloned() else {
                tracing::error!(
                    target: "receiver",
                    "no `web::Data<{}>` in the app data: register the source with `App::new().app_data(web::Data::new(source))`",
                    std::any::type_name::<S>(),
                );
                return Err(Rejection::Replied(Reply::handler_failed()));
            };
            match receive(&**source, &request, payload).await? {
                Received::Reply { reply, .. } => Err(Rejection::Replied(reply)),
                received => Ok(Self(received.into_delivery())),
            }
        })
    }
}

/// Why [`Verified`] did not produce a delivery; answers the request as the core describes it.
#[non_exhaustive]
#[derive(Debug)]
pub enum Rejection {
    /// The request was refused; the response carries the error's status and public message only.
    Refused {
        /// The source the request was sent to.
        source: SourceKind,
        /// Why; its `Display` has the detail, for logs.
        error: Error,
    },
    /// A reply given instead of a delivery: the one the sender's protocol requires (the Twitch verification
    /// challenge), or [`Reply::handler_failed`] when the source is missing from the app data (logged).
    Replied(Reply),
}

impl Rejection {
    /// The response's status.
    pub fn status(&self) -> StatusCode {
        status(&self.reply())
    }

    /// The response's body, as text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.reply().body).into_owned()
    }

    /// The core's error, when the request was refused.
    pub fn error(&self) -> Option<&Error> {
        match self {
            Self::Refused { error, .. } => Some(error),
            Self::Replied(_) => None,
        }
    }

    fn reply(&self) -> Reply {
        match self {
            Self::Refused { error, .. } => error.to_reply(),
            Self::Replied(reply) => reply.clone(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused { source, error } => write!(f, "{source} request refused: {error}"),
            Self::Replied(reply) => write!(f, "answered with a reply of its own (status {})", reply.status),
        }
    }
}

impl std::error::Error for Rejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error().map(|error| error as _)
    }
}

impl ResponseError for Rejection {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        reply_response(self.reply())
    }
}

/// Reads the body within the source's limit and hands the request to the core; logs a refusal.
pub(crate) async fn receive<S: Source>(
    source: &S,
    request: &HttpRequest,
    payload: dev::Payload,
) -> Result<Received<S::Event>, Rejection> {
    let kind = source.kind();
    let refuse = |error: Error| Rejection::Refused { source: kind, error: log_refusal(kind, error) };
    let headers = RequestHeaders::new(request.headers());
    if let Err(refusal) = source.check_head(request.method().as_str(), &headers) {
        drain(payload, refusal.drain).await;
        return Err(refuse(refusal.error));
    }
    let after = source.body_timeout();
    let body = match receiver_queue::within(after, read_limited(payload, source.max_body_bytes())).await {
        Ok(read) => read.map_err(refuse)?,
        Err(_) => return Err(refuse(Error::BodyTimeout { after })),
    };
    let incoming = Incoming::new(request.method().as_str(), &headers, body.as_ref()).with_query(request.query_string());
    source.receive(&incoming).map_err(refuse)
}

/// Collects the body chunk by chunk, failing as soon as it grows past `limit`: nothing larger is ever buffered.
async fn read_limited(mut payload: dev::Payload, limit: usize) -> Result<CollectedBody<Bytes>, Error> {
    let mut collected = BodyBuffer::new(limit);
    while let Some(chunk) = next_chunk(&mut payload).await {
        let chunk = chunk.map_err(|err| Error::MalformedBody(format!("the request body could not be read: {err}")))?;
        if let Err(too_large) = collected.push(chunk) {
            drain(payload, OVERSIZE_DRAIN_BYTES).await;
            return Err(too_large);
        }
    }
    Ok(collected.finish())
}

async fn next_chunk(payload: &mut dev::Payload) -> Option<Result<Bytes, actix_web::error::PayloadError>> {
    std::future::poll_fn(|cx| Pin::new(&mut *payload).poll_next(cx)).await
}

/// Reads and throws away up to `budget` more bytes, for at most [`OVERSIZE_DRAIN_TIME`], so the sender can
/// read the answer that follows.
async fn drain(mut payload: dev::Payload, mut budget: usize) {
    let discard = async move {
        while budget > 0 {
            match next_chunk(&mut payload).await {
                Some(Ok(chunk)) => budget = budget.saturating_sub(chunk.len()),
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(OVERSIZE_DRAIN_TIME, discard).await;
}
