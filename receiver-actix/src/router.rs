//! Endpoints that mount configured sources and call one handler with every delivery.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, Route, dev, web};
use receiver_core::{
    DedupeStore, Delivery, DeliveryOptions, Error, Handler, MemoryStore, Pipeline, Prepared, RefusalHook, Source,
    SourceKind,
};

use receiver_queue::{DeliveryQueue, Queues, Recipient};

use crate::extract::{Rejection, receive};
use crate::response::reply_response;

/// Mounts sources at their paths and calls an async [`Handler`] with each verified delivery.
///
/// [`Endpoints::configure`] registers the routes in an actix-web [`App`](actix_web::App) (or a
/// [`Scope`](actix_web::Scope)) next to the application's own, through `App::configure`. Every method reaches
/// the source (a wrong one is answered `405` by the core, with `Allow`); a sender that hangs up cannot cancel
/// the handler half way (one that waits finishes in a task of its own) and a panic answers `500` while the
/// server keeps serving.
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
/// Cloning is cheap (the sources and the handler are shared), and `configure` borrows: `HttpServer` builds
/// one `App` per worker thread, each calling `configure` again.
///
/// ```
/// use actix_web::{App, HttpResponse, web};
/// use receiver_actix::Endpoints;
/// use receiver_core::{Accweb, Auth, Delivery, TwitchEventSub};
///
/// async fn on_event(delivery: Delivery) -> Result<(), std::convert::Infallible> {
///     println!("{:?}: {:?}", delivery.meta.source, delivery.event);
///     Ok(())
/// }
///
/// let events = Endpoints::new(on_event)
///     .source(Accweb::new(Auth::bearer(["accweb-token"])?)) // at /callback
///     .source_at("/hooks/twitch", TwitchEventSub::new(["a-twitch-secret"])?);
/// let app = App::new().route("/health", web::get().to(HttpResponse::Ok)).configure(events.configure());
/// # Ok::<(), receiver_core::ConfigError>(())
/// ```
#[derive(Clone)]
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

#[derive(Clone)]
struct Mounted {
    path: String,
    kind: SourceKind,
    auth: String,
    route: Arc<dyn Fn() -> Route + Send + Sync>,
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

    /// Mounts `source` at `path` (starting with `/`).
    ///
    /// # Panics
    ///
    /// When a source is already mounted at `path` (actix-web would silently route everything to the first).
    #[must_use]
    pub fn source_at<S: Source>(self, path: impl Into<String>, source: S) -> Self {
        self.source_at_with(path, source, DeliveryOptions::default())
    }

    /// Mounts `source` at `path`, delivered as `options` say.
    ///
    /// # Panics
    ///
    /// When a source is already mounted at `path`.
    #[must_use]
    pub fn source_at_with<S: Source>(mut self, path: impl Into<String>, source: S, options: DeliveryOptions) -> Self {
        let path = path.into();
        assert!(self.mounted.iter().all(|m| m.path != path), "two sources mounted at {path}");
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
        let route = Arc::new(move || {
            let (source, shared, pipeline, queue) =
                (Arc::clone(&source), Arc::clone(&shared), Arc::clone(&pipeline), queue.clone());
            // No method guard: every method reaches the core, which answers a wrong one.
            web::route().to(move |request: HttpRequest, payload: web::Payload| {
                let (source, shared, pipeline) = (Arc::clone(&source), Arc::clone(&shared), Arc::clone(&pipeline));
                serve(source, shared, pipeline, queue.clone(), request, payload.into_inner())
            })
        });
        self.mounted.push(Mounted { path, kind, auth, route });
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

    /// The routes, for `App::configure` (or `Scope::configure`, under a prefix).
    pub fn configure(&self) -> impl FnOnce(&mut web::ServiceConfig) + use<> {
        let mounted = self.mounted.clone();
        move |config| {
            for m in mounted {
                config.route(&m.path, (m.route)());
            }
        }
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
    request: HttpRequest,
    payload: dev::Payload,
) -> Result<HttpResponse, Rejection> {
    let received = receive(&*source, &request, payload).await.inspect_err(|rejection| {
        if let Rejection::Refused { source, error } = rejection {
            shared.on_refusal.notify(*source, error);
        }
    })?;
    // Hang-up proof (receiver-queue): polled once here, moved into a task of its own if it has to wait, so
    // a disconnect cannot cut the claim, the handler or its completion half way. Boxed first.
    let reply =
        receiver_queue::deliver_to_completion(pipeline, queue, &shared.recipient, Prepared::from(received)).await;
    Ok(reply_response(reply))
}
