//! axum 0.8 integration for `receiver-core`: an extractor and a router for verified push events.
//!
//! **What this crate does not do:** it verifies and parses nothing itself, and decides no status code: every
//! check, event type and response (status, content type, body) comes from `receiver-core`, which this
//! crate only translates to axum. It runs no server either; mount its router in yours.
//!
//! Two ways in:
//!
//! - [`Endpoints`]: mount every configured source at its default path (accweb `/callback`, Sonoran CAD
//!   `/sonorancad/event`, Khan `/khan`, Agones Relay `/agones`, Twitch EventSub `/eventsub`; each
//!   overridable) and have one async handler called with every typed event;
//! - [`Verified<S>`]: take a verified delivery of one source as the (last) argument of a handler of your own,
//!   its configuration coming from your state through `FromRef`.
//!
//! Bodies are read up to the source's limit ([`Source::max_body_bytes`], 1 MiB by default) and never
//! further: a larger body is answered `413` without being buffered. Refusals are logged through `tracing`
//! (target `receiver`) with the detail; the sender only gets the public message.
//!
//! [`Endpoints`] delivers with guarantees, configured per source with
//! [`DeliveryOptions`](receiver_core::DeliveryOptions): inline by default (the handler runs before the
//! answer, and a hang-up cannot cancel it) or queued (answered at once, a bounded queue, `503` with
//! `Retry-After` when full, drained by [`Queues::shutdown`]); Twitch EventSub and Khan deliveries
//! deduplicated by id, in memory by default or in Redis (`receiver-redis`) across replicas. The
//! [`Verified`] extractor only verifies: deduplication is then the application's.
//!
//! ```
//! use receiver_core::{Accweb, Auth, DeliveryOptions, Khan, MemoryStore, TwitchEventSub};
//!
//! let store = std::sync::Arc::new(MemoryStore::with_capacity(100_000)); // shared by Twitch and Khan
//! let (twitch, khan) = (DeliveryOptions::inline().dedupe_in(store.clone()), DeliveryOptions::inline().dedupe_in(store));
//! let events = receiver_axum::Endpoints::new(|_| async { Ok::<(), std::io::Error>(()) })
//!     // accweb gives up after 100 ms: answer first, handle on 2 workers, at most 1000 waiting.
//!     .source_with(Accweb::new(Auth::bearer(["t"])?), DeliveryOptions::queued(1000).workers(2))
//!     .source_with(TwitchEventSub::new(["a-twitch-secret"])?, twitch)
//!     .source_with(Khan::new(Auth::basic([("khan", "pw")])?), khan);
//! let queues = events.queues(); // at shutdown: queues.shutdown(timeout).await
//! # let _ = (events, queues);
//! # Ok::<(), receiver_core::ConfigError>(())
//! ```
//!
//! # Mount the router in an app that has routes of its own
//!
//! ```
//! use axum::{Router, routing::get};
//! use receiver_axum::Endpoints;
//! use receiver_core::{Auth, Delivery, Event, Khan, SonoranCad, TwitchEventSub};
//!
//! async fn on_event(delivery: Delivery) -> Result<(), std::io::Error> {
//!     match &delivery.event {
//!         Event::Twitch(message) => println!("twitch {:?}: {message:?}", delivery.meta.id),
//!         other => println!("{}: {other:?}", delivery.meta.source),
//!     }
//!     Ok(())
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let events = Endpoints::new(on_event)
//!     .source(TwitchEventSub::new(["a-subscription-secret"])?)
//!     .source(SonoranCad::new(["my-community-api-key"])?)
//!     .source_at("/hooks/khan", Khan::new(Auth::basic([("khan", "s3cret")])?));
//! for (path, source, auth) in events.mounted() {
//!     println!("{source} at {path}: {auth}");
//! }
//! let app: Router = Router::new()
//!     .route("/", get(|| async { "my app" }))
//!     .merge(events.into_router());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```
//!
//! # Use the extractor in a handler of your own
//!
//! ```
//! use std::sync::Arc;
//! use axum::{Json, Router, extract::{FromRef, State}, routing::post};
//! use receiver_axum::Verified;
//! use receiver_core::{TwitchEventSub, twitch};
//!
//! #[derive(Clone, FromRef)]
//! struct AppState {
//!     twitch: Arc<TwitchEventSub>,
//!     channel: Arc<str>,
//! }
//!
//! // `Verified` reads the body: it is the last argument. Verification challenges never reach the handler:
//! // the extractor answers them.
//! async fn twitch_events(State(channel): State<Arc<str>>, Verified(delivery): Verified<TwitchEventSub>) -> Json<String> {
//!     let summary = match delivery.event {
//!         twitch::Message::Notification(n) => format!("{channel}: {}", n.event.subscription_type()),
//!         other => format!("{channel}: {other:?}"),
//!     };
//!     Json(summary)
//! }
//!
//! let state = AppState { twitch: Arc::new(TwitchEventSub::new(["a-subscription-secret"])?), channel: "c".into() };
//! let app: Router = Router::new().route("/eventsub", post(twitch_events)).with_state(state);
//! # Ok::<(), receiver_core::ConfigError>(())
//! ```

mod extract;
mod response;
mod router;

// The public interface is:
pub use crate::extract::{Rejection, Verified};
pub use crate::router::Endpoints;
pub use receiver_core;
pub use receiver_core::{Delivery, Event, Handler, Source, SourceKind};
pub use receiver_queue::{Queues, ShutdownReport};
