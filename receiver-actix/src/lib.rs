//! actix-web 4 integration for `receiver-core`: an extractor and endpoints for verified push events.
//!
//! **What this crate does not do:** it verifies and parses nothing itself, and decides no status code: every
//! check, event type and response (status, content type, body) comes from `receiver-core`, which this
//! crate only translates to actix-web, so it answers byte for byte as `receiver-axum` does. It runs no
//! server either; mount its endpoints in yours.
//!
//! Two ways in:
//!
//! - [`Endpoints`]: mount every configured source at its default path (accweb `/callback`, Sonoran CAD
//!   `/sonorancad/event`, Khan `/khan`, Agones Relay `/agones`, Twitch EventSub `/eventsub`; each
//!   overridable) and have one async handler called with every typed event;
//! - [`Verified<S>`]: take a verified delivery of one source as an argument of a handler of your own, its
//!   configuration coming from the app data as a `web::Data<S>`.
//!
//! Bodies are read up to the source's limit ([`Source::max_body_bytes`], 1 MiB by default) and never
//! further: a larger body is answered `413` without being buffered (actix-web's `PayloadConfig` plays no
//! part). Refusals are logged through `tracing` (target `receiver`) with the detail; the sender only gets
//! the public message.
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
//! let events = receiver_actix::Endpoints::new(|_| async { Ok::<(), std::io::Error>(()) })
//!     // accweb gives up after 100 ms: answer first, handle on 2 workers, at most 1000 waiting.
//!     .source_with(Accweb::new(Auth::bearer(["t"])?), DeliveryOptions::queued(1000).workers(2))
//!     .source_with(TwitchEventSub::new(["a-twitch-secret"])?, twitch)
//!     .source_with(Khan::new(Auth::basic([("khan", "pw")])?), khan);
//! let queues = events.queues(); // at shutdown: queues.shutdown(timeout).await
//! # let _ = (events, queues);
//! # Ok::<(), receiver_core::ConfigError>(())
//! ```
//!
//! # Mount the endpoints in an app that has routes of its own
//!
//! ```
//! use actix_web::{App, HttpServer, web};
//! use receiver_actix::Endpoints;
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
//! // One `App` per worker thread: `configure` borrows, the sources and the handler are shared.
//! HttpServer::new(move || {
//!     App::new().route("/", web::get().to(|| async { "my app" })).configure(events.configure())
//! })
//! .bind(("127.0.0.1", 3000))?
//! .run()
//! .await?;
//! # Ok(()) }
//! ```
//!
//! # Use the extractor in a handler of your own
//!
//! ```
//! use actix_web::{App, web};
//! use receiver_actix::Verified;
//! use receiver_core::{TwitchEventSub, twitch};
//!
//! struct AppState {
//!     channel: String,
//! }
//!
//! // `Verified` reads the body, as `web::Json` would. Verification challenges never reach the handler: the
//! // extractor answers them.
//! async fn twitch_events(state: web::Data<AppState>, Verified(delivery): Verified<TwitchEventSub>) -> String {
//!     match delivery.event {
//!         twitch::Message::Notification(n) => format!("{}: {}", state.channel, n.event.subscription_type()),
//!         other => format!("{}: {other:?}", state.channel),
//!     }
//! }
//!
//! let twitch = web::Data::new(TwitchEventSub::new(["a-subscription-secret"])?);
//! let state = web::Data::new(AppState { channel: "c".into() });
//! let app = App::new().app_data(twitch).app_data(state).route("/eventsub", web::post().to(twitch_events));
//! # Ok::<(), receiver_core::ConfigError>(())
//! ```

mod extract;
mod headers;
mod response;
mod router;

// The public interface is:
pub use crate::extract::{Rejection, Verified};
pub use crate::headers::ActixHeaders;
pub use crate::router::Endpoints;
pub use receiver_core;
pub use receiver_core::{Delivery, Event, Handler, Source, SourceKind};
pub use receiver_queue::{Queues, ShutdownReport};
