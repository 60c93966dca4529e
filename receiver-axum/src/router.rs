//! A router that mounts configured sources and calls one handler with every delivery.

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any};
use receiver_core::{
    DedupeStore, Delivery, DeliveryOptions, Error, Handler, MemoryStore, Pipeline, Prepared, RefusalHook, Source,
    SourceKind,
};

use receiver_queue::{DeliveryQueue, Queues, Recipient};

use crate::extract::{Rejection, receive};
use crate::response::reply_response;

/// Mounts sources at their paths and calls an async [`Handler`] with each verified delivery.
///
/// The result of [`Endpoints::into_router`] is an ordinary [`Router`], generic over the application's
/// state, to `merge` or `nest` into the application's own. Every method reaches the source (a wrong one is
/// answered `405` by the core, with `Allow`); a sender that hangs up cannot cancel the handler half way
/// (one that waits finishes in a task of its own) and a panic answers `500` while the server keeps serving.
///
/// | outcome | answer |
/// |---|---|
/// | handler returned `Ok` | the sender's success reply ([`SourceKind::success_reply`]) |
/// | Twitch verification challenge, handler `Ok` | `200`, `text/plain`, the raw challenge |
/// | handler returned `Err` or panicked | `500` (logged; a retrying sender retries); a dedupe claim is released |
/// | duplicate of a handled delivery (Twitch, Khan) | the success reply, handler not run, told to `on_duplicate` |
/// | duplicate while the first is being handled | `503`, `Retry-After: 1`, handler not run |
/// | dedupe store unavailable (fail closed, the default) | `503`, `Retry-After: 5`, handler not run |
/// | request refused | the core's status and public message (logged with the detail) |
///
/// Deduplication is per source ([`DeliveryOptions`], given to [`Endpoints::source_with`]): by default Twitch
/// EventSub and Khan deliveries are deduplicated by their id in an in-memory store shared by the sources of
/// one `Endpoints`; Agones Relay, accweb and Sonoran CAD never are. For several replicas, give every replica
/// a `receiver_redis::RedisStore` on the same Redis.
///
/// ```
/// use axum::{Router, routing::get};
/// use receiver_axum::Endpoints;
/// use receiver_core::{Accweb, Auth, Delivery, TwitchEventSub};
///
/// async fn on_event(delivery: Delivery) -> Result<(), std::convert::Infallible> {
///     println!("{:?}: {:?}", delivery.meta.source, delivery.event);
///     Ok(())
/// }
///
/// let events = Endpoints::new(on_event)
///     .source(Accweb::new(Auth::bearer(["accweb-token"])?)) // at /callback
///     .source_at("/hooks/twitch", TwitchEventSub::new(["a-twitch-secret"])?)
///     .into_router();
/// let app: Router = Router::new().route("/health", get(|| async { "ok" })).merge(events);
/// # Ok::<(), receiver_core::ConfigError>(())
/// ```
pub struct Endpoints {
    shared: Arc<Shared>,
    mounted: Vec<Mounted>,
}

/// What every route of one `Endpoints` shares: the handler, the observers, the default dedupe store.
struct Shared {
    recipient: Recipient,
    on_refusal: RefusalHook,
    default_store: Arc<dyn DedupeStore>,
    queues: Queues,
}

struct Mounted {
    path: String,
    kind: SourceKind,
    auth: String,
    route: MethodRouter,
}

impl Endpoints {
    /// No sources yet; every delivery will go to `handler`.
    pub fn new(handler: impl Handler) -> Self {
        let shared = Shared {
            recipient: Recipient::new(handler),
            on_refusal: RefusalHook::default(),
            default_store: Arc::new(MemoryStore::new()),
            queues: Queues::default(),
        };
        Self { shared: Arc::new(shared), mounted: Vec::new() }
    }

    /// Calls `observer` with every refused request and its detailed error (besides the `tracing` log), for
    /// metrics or a console; it must not block. A later call replaces the observer, for every route.
    #[must_use]
    pub fn on_refusal(self, observer: impl Fn(SourceKind, &Error) + Send + Sync + 'static) -> Self {
        self.shared.on_refusal.set(observer);
        self
    }

    /// Calls `observer` with every duplicate delivery acknowledged without running the handler (see
    /// [`DeliveryOptions`]); it must not block. A later call replaces the observer, for every route.
    #[must_use]
    pub fn on_duplicate(self, observer: impl Fn(&Delivery) + Send + Sync + 'static) -> Self {
        self.shared.recipient.on_duplicate.set(observer);
        self
    }

    /// Mounts `source` at its default path ([`SourceKind::default_path`]), with the default
    /// [`DeliveryOptions`]: inline, Twitch EventSub and Khan deduplicated in memory.
    #[must_use]
    pub fn source<S: Source>(self, source: S) -> Self {
        self.source_with(source, DeliveryOptions::default())
    }

    /// Mounts `source` at its default path, delivered as `options` say.
    #[must_use]
    pub fn source_with<S: Source>(self, source: S, options: DeliveryOptions) -> Self {
        let path = source.kind().default_path();
        self.source_at_with(path, source, options)
    }

    /// Mounts `source` at `path` (starting with `/`), with the default [`DeliveryOptions`]. Two sources on
    /// one path make [`Endpoints::into_router`] panic, as axum's `route` does.
    #[must_use]
    pub fn source_at<S: Source>(self, path: impl Into<String>, source: S) -> Self {
        self.source_at_with(path, source, DeliveryOptions::default())
    }

    /// Mounts `source` at `path`, delivered as `options` say.
    #[must_use]
    pub fn source_at_with<S: Source>(mut self, path: impl Into<String>, source: S, options: DeliveryOptions) -> Self {
        let (kind, auth) = (source.kind(), source.auth_description());
        let pipeline = Arc::new(Pipeline::new(kind, options, &self.shared.default_store));
        let queue = pipeline.queued().map(|(capacity, workers)| {
            let handler = Arc::clone(&self.shared.recipient.handler);
            Arc::new(DeliveryQueue::new(Arc::clone(&pipeline), handler, capacity, workers))
        });
        if let Some(queue) = &queue {
            self.shared.queues.push(Arc::clone(queue));
        }
        let (source, shared) = (Arc::new(source), Arc::clone(&self.shared));
        let route = any(move |request: Request| {
            serve(Arc::clone(&source), Arc::clone(&shared), Arc::clone(&pipeline), queue.clone(), request)
        });
        self.mounted.push(Mounted { path: path.into(), kind, auth, route });
        self
    }

    /// The queues of the sources mounted queued ([`DeliveryOptions::queued`]), for graceful shutdown: once the
    /// server stopped taking connections, [`Queues::shutdown`] drains them and reports what it could not
    /// finish. The handle also covers sources mounted after the call.
    pub fn queues(&self) -> Queues {
        self.shared.queues.clone()
    }

    /// What is mounted: path, source and how it authenticates, for start-up banners.
    pub fn mounted(&self) -> impl Iterator<Item = (&str, SourceKind, &str)> {
        self.mounted.iter().map(|m| (m.path.as_str(), m.kind, m.auth.as_str()))
    }

    /// The router, usable under any application state.
    pub fn into_router<St: Clone + Send + Sync + 'static>(self) -> Router<St> {
        self.mounted.into_iter().fold(Router::new(), |router, m| router.route(&m.path, m.route)).with_state(())
    }
}

impl std::fmt::Debug for Endpoints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.mounted.iter().map(|m| (&m.path, m.kind, &m.auth))).finish()
    }
}

async fn serve<S: Source>(
    source: Arc<S>,
    shared: Arc<Shared>,
    pipeline: Arc<Pipeline>,
    queue: Option<Arc<DeliveryQueue>>,
    request: Request,
) -> Response {
    let received = match receive(&*source, request).await {
        Ok(received) => received,
        Err(rejection) => {
            if let Rejection::Refused { source, error } = &rejection {
                shared.on_refusal.notify(*source, error);
            }
            return rejection.into_response();
        }
    };
    // Hang-up proof (receiver-queue): polled once here, moved into a task of its own if it has to wait, so
    // a disconnect cannot cut the claim, the handler or its completion half way. Boxed first.
    let reply =
        receiver_queue::deliver_to_completion(pipeline, queue, &shared.recipient, Prepared::from(received)).await;
    reply_response(reply)
}
