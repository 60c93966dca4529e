//! The extractor, its rejection, and the one function both it and the router use to receive a request.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use receiver_core::{
    BodyBuffer, CollectedBody, Delivery, Error, Incoming, OVERSIZE_DRAIN_BYTES, OVERSIZE_DRAIN_TIME, Received, Reply,
    Source, SourceKind, log_refusal,
};

use crate::response::reply_response;

/// A verified, typed delivery from the source `S`, as a handler argument.
///
/// The source's configuration comes from the router's state: the state must give an `Arc<S>` through
/// [`FromRef`], so it composes with the application's own state (`#[derive(FromRef)]` on a struct with an
/// `Arc<TwitchEventSub>` field, for instance).
///
/// **This extractor consumes the body** (a signature covers it), so it must be the **last argument** of the
/// handler, as with axum's `Json` or `Bytes`.
///
/// When the request is refused, the handler is not called and the [`Rejection`] answers: the status and
/// public message of the core's [`Error`]. A delivery whose protocol requires a reply of its own (the Twitch
/// verification challenge) is answered by the rejection too: the handler only ever sees events.
///
/// ```
/// use std::sync::Arc;
/// use axum::{Router, extract::FromRef, routing::post};
/// use receiver_axum::Verified;
/// use receiver_core::{Accweb, Auth, accweb};
///
/// #[derive(Clone, FromRef)]
/// struct AppState {
///     accweb: Arc<Accweb>,
///     greeting: &'static str,
/// }
///
/// // Last argument: it reads the body.
/// async fn laps(Verified(delivery): Verified<Accweb>) {
///     if let accweb::Event::NewLap(lap) = delivery.event {
///         println!("{} did {:?}", lap.data.player_name, lap.data.lap_time());
///     }
/// }
///
/// let state = AppState { accweb: Arc::new(Accweb::new(Auth::bearer(["token"])?)), greeting: "hi" };
/// let app: Router = Router::new().route("/callback", post(laps)).with_state(state);
/// # Ok::<(), receiver_core::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Verified<S: Source>(pub Delivery<S::Event>);

impl<St, S> FromRequest<St> for Verified<S>
where
    St: Send + Sync,
    S: Source,
    Arc<S>: FromRef<St>,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &St) -> Result<Self, Rejection> {
        let source = Arc::<S>::from_ref(state);
        match receive(&*source, request).await? {
            Received::Reply { reply, .. } => Err(Rejection::Replied(reply)),
            received => Ok(Self(received.into_delivery())),
        }
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
    /// The sender's protocol required this reply (the Twitch verification challenge), already given.
    Replied(Reply),
}

impl Rejection {
    /// The response's status.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.reply().status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
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

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        reply_response(self.reply())
    }
}

/// Reads the body within the source's limit and hands the request to the core; logs a refusal.
pub(crate) async fn receive<S: Source>(source: &S, request: Request) -> Result<Received<S::Event>, Rejection> {
    let kind = source.kind();
    let refuse = |error: Error| Rejection::Refused { source: kind, error: log_refusal(kind, error) };
    let (parts, body) = request.into_parts();
    if let Err(refusal) = source.check_head(parts.method.as_str(), &parts.headers) {
        drain(body, refusal.drain).await;
        return Err(refuse(refusal.error));
    }
    let after = source.body_timeout();
    let body = match receiver_queue::within(after, read_limited(body, source.max_body_bytes())).await {
        Ok(read) => read.map_err(refuse)?,
        Err(_) => return Err(refuse(Error::BodyTimeout { after })),
    };
    let incoming =
        Incoming::new(parts.method.as_str(), &parts.headers, body.as_ref()).with_query(parts.uri.query().unwrap_or(""));
    source.receive(&incoming).map_err(refuse)
}

/// Collects the body, failing as soon as it grows past `limit`: nothing larger is ever buffered.
async fn read_limited(mut body: Body, limit: usize) -> Result<CollectedBody<Bytes>, Error> {
    let mut collected = BodyBuffer::new(limit);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|err| Error::MalformedBody(format!("the request body could not be read: {err}")))?;
        let Ok(data) = frame.into_data() else { continue };
        if let Err(too_large) = collected.push(data) {
            drain(body, OVERSIZE_DRAIN_BYTES).await;
            return Err(too_large);
        }
    }
    Ok(collected.finish())
}

/// Reads and throws away up to `budget` more bytes, for at most [`OVERSIZE_DRAIN_TIME`], so the sender can
/// read the answer that follows.
async fn drain(mut body: Body, mut budget: usize) {
    let discard = async move {
        while budget > 0 {
            match body.frame().await {
                Some(Ok(frame)) => budget = budget.saturating_sub(frame.data_ref().map_or(0, |data| data.len())),
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(OVERSIZE_DRAIN_TIME, discard).await;
}
