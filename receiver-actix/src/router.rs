//! Endpoints that mount configured sources and call one handler with every delivery.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, Route, dev, web};
use receiver_core::{Error, Handler, RefusalHook, Source, SourceKind, after_handler};

use crate::extract::{Rejection, receive};
use crate::response::reply_response;

/// Mounts sources at their paths and calls an async [`Handler`] with each verified delivery.
///
/// [`Endpoints::configure`] registers the routes in an actix-web [`App`](actix_web::App) (or a
/// [`Scope`](actix_web::Scope)) next to the application's own, through `App::configure`. Every method reaches
/// the source (a wrong one is answered `405` by the core, with `Allow`); the handler runs in its own task, so
/// a sender that hangs up cannot cancel it half way and a panic answers `500` while the server keeps serving.
///
/// | outcome | answer |
/// |---|---|
/// | handler returned `Ok` | the sender's success reply ([`SourceKind::success_reply`]) |
/// | Twitch verification challenge, handler `Ok` | `200`, `text/plain`, the raw challenge |
/// | handler returned `Err` or panicked | `500` (logged; a retrying sender retries) |
/// | request refused | the core's status and public message (logged with the detail) |
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

/// What every route of one `Endpoints` shares: the handler and the refusal observer.
struct Shared {
    handler: Box<dyn Handler>,
    on_refusal: RefusalHook,
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
        let shared = Shared { handler: Box::new(handler), on_refusal: RefusalHook::default() };
        Self { shared: Arc::new(shared), mounted: Vec::new() }
    }

    /// Calls `observer` with every refused request and its detailed error (besides the `tracing` log), for
    /// metrics or a console; it must not block. A later call replaces the observer, for every route.
    #[must_use]
    pub fn on_refusal(self, observer: impl Fn(SourceKind, &Error) + Send + Sync + 'static) -> Self {
        self.shared.on_refusal.set(observer);
        self
    }

    /// Mounts `source` at its default path ([`SourceKind::default_path`]).
    #[must_use]
    pub fn source<S: Source>(self, source: S) -> Self {
        let path = source.kind().default_path();
        self.source_at(path, source)
    }

    /// Mounts `source` at `path` (starting with `/`).
    ///
    /// # Panics
    ///
    /// When a source is already mounted at `path` (actix-web would silently route everything to the first).
    #[must_use]
    pub fn source_at<S: Source>(mut self, path: impl Into<String>, source: S) -> Self {
        let path = path.into();
        assert!(self.mounted.iter().all(|m| m.path != path), "two sources mounted at {path}");
        let (kind, auth) = (source.kind(), source.auth_description());
        let (source, shared) = (Arc::new(source), Arc::clone(&self.shared));
        let route = Arc::new(move || {
            let (source, shared) = (Arc::clone(&source), Arc::clone(&shared));
            // No method guard: every method reaches the core, which answers a wrong one.
            web::route().to(move |request: HttpRequest, payload: web::Payload| {
                serve(Arc::clone(&source), Arc::clone(&shared), request, payload.into_inner())
            })
        });
        self.mounted.push(Mounted { path, kind, auth, route });
        self
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
    request: HttpRequest,
    payload: dev::Payload,
) -> Result<HttpResponse, Rejection> {
    let kind = source.kind();
    let received = receive(&*source, &request, payload).await.inspect_err(|rejection| {
        if let Rejection::Refused { source, error } = rejection {
            shared.on_refusal.notify(*source, error);
        }
    })?;
    let reply = received.reply().cloned().unwrap_or_else(|| kind.success_reply());
    let delivery = received.into_delivery();
    let id = delivery.meta.id.clone();
    // A task of its own: a disconnect cannot cancel the handler half way, and a panic stays in the task,
    // including one raised by the call itself, before the handler's future exists.
    let outcome = tokio::spawn(async move { shared.handler.call(delivery.into_any()).await }).await;
    Ok(reply_response(after_handler(kind, id.as_deref(), reply, outcome)))
}
