//! Verifies and parses push events from game-server and community tools into typed events.
//!
//! **What this crate does not do:** it does no I/O. It opens no socket, reads no request, spawns no task
//! and runs no runtime (it defines the [`Handler`] and [`DedupeStore`] contracts and the [`Pipeline`] future
//! the adapters run); apart from [`Source::receive`], which reads the system clock once, and the
//! [`MemoryStore`], which reads the monotonic clock to expire ids, it does not even look at the time. Give it
//! one request (method, query string, headers through the [`Headers`] trait, the raw body) and `now`, and it
//! answers with exactly one of:
//!
//! - a verified [`Delivery`]: the typed [`Event`] and its [`DeliveryMeta`] (source, the sender's delivery
//!   id and timestamp, Twitch's retry count and subscription type/version, whether an Agones update is a
//!   resync);
//! - a [`Reply`] the sender's protocol requires, as data (the Twitch verification challenge);
//! - one [`Error`], which knows its HTTP status and what may be told to the sender.
//!
//! Delivery guarantees are decided here too, once for every adapter: [`DeliveryOptions`] per source, the
//! [`Pipeline`] that deduplicates Twitch EventSub and Khan deliveries by id in a [`DedupeStore`] (claim,
//! complete, release) and the [`Reply`] for every outcome (duplicate, in flight, store down).
//!
//! Serving HTTP is the adapters' job (`receiver-axum`, `receiver-actix`): they read the body with the
//! source's limit, call the core, and translate the result.
//!
//! Twitch EventSub over WebSocket has no request to answer: [`twitch::session::WsSession`] is its sans-IO
//! session (fed frames, close codes and `now`; answering with actions such as connect, close, create
//! subscriptions and deliver), run over real connections by `receiver-ws`. Its deliveries are the same
//! [`Delivery`] type as the webhook path's.
//!
//! | source | type | authentication |
//! |---|---|---|
//! | accweb | [`Accweb`] | [`Auth`]: a static header (`Auth::header`, `Auth::bearer`) or Basic |
//! | Sonoran CAD | [`SonoranCad`] | the API key in the body's `key`, several at once |
//! | Khan | [`Khan`] | [`Auth`]: HTTP Basic from a `user:pass@` hook URL, or a URL token |
//! | Agones Relay HTTP | [`AgonesRelay`] | [`Auth`]: HTTP Basic from a `user:pass@` URL, or a header |
//! | Twitch EventSub | [`TwitchEventSub`] | HMAC-SHA256 over id ‖ timestamp ‖ body, several secrets |
//!
//! A source that checks nothing must be built with [`Auth::unauthenticated`]; an empty secret is a
//! [`ConfigError`]. Secrets print as `[REDACTED]`, every comparison is constant-time.
//!
//! # Example
//!
//! Verify and parse a signed Twitch notification and an accweb lap, as of a given `now`:
//!
//! ```
//! use receiver_core::{Accweb, Auth, Event, Incoming, Source, Timestamp, TwitchEventSub, accweb, twitch};
//!
//! let twitch_source = TwitchEventSub::new(["secretabcd"])?;
//! let body = include_bytes!("../../fixtures/twitch-eventsub/webhook-notification-channel.follow.signed-body.json");
//! let headers = [
//!     ("Twitch-Eventsub-Message-Id", "ae2ff348-e102-16be-a3eb-6830c1bf38d2"),
//!     ("Twitch-Eventsub-Message-Timestamp", "2021-02-19T23:47:00.8091512Z"),
//!     ("Twitch-Eventsub-Message-Signature", "sha256=d10f5bd9474b7ac7bd7105eb79c2d52768b4d0cd2a135982c3bf5a1d59a78823"),
//!     ("Twitch-Eventsub-Message-Type", "notification"),
//! ];
//! let now = "2021-02-19T23:48:00Z".parse::<Timestamp>()?.to_system_time();
//! let delivery = twitch_source.receive_at(&Incoming::post(&headers, body), now)?.into_delivery();
//! assert_eq!(delivery.meta.id.as_deref(), Some("ae2ff348-e102-16be-a3eb-6830c1bf38d2"));
//! let twitch::Message::Notification(note) = &delivery.event else { panic!("not a notification") };
//! assert_eq!(note.event.subscription_type(), "channel.follow"); // v1 is retired: kept raw as Unknown
//!
//! let accweb_source = Accweb::new(Auth::bearer(["accweb-token"])?);
//! let body = include_bytes!("../../fixtures/accweb/wire-a232104-instance_live_new_lap.compact.json");
//! let headers = [("Authorization", "Bearer accweb-token")];
//! let delivery = accweb_source.receive_at(&Incoming::post(&headers, body), now)?.into_any();
//! let Event::Accweb(accweb::Event::NewLap(lap)) = &delivery.delivery().event else { panic!("not a lap") };
//! assert_eq!(lap.data.lap_time().map(|t| t.as_millis()), Some(142_665));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod adapter;
mod auth;
mod body;
mod dedupe;
mod delivery;
mod error;
mod event;
mod guarantee;
mod handler;
mod headers;
mod incoming;
mod json;
mod query;
mod reply;
mod secret;
mod source;
mod timestamp;
mod walk;

pub mod accweb;
pub mod agones;
pub mod khan;
pub mod sonoran;
pub mod twitch;

#[cfg(feature = "fuzz")]
#[doc(hidden)]
pub mod fuzz;

// The public interface is:
pub use crate::accweb::Accweb;
pub use crate::adapter::{HeadRefusal, RefusalHook, RefusalObserver, after_handler, content_length, log_refusal};
pub use crate::agones::AgonesRelay;
pub use crate::auth::{Auth, basic_authorization};
pub use crate::body::{BodyBuffer, CollectedBody};
pub use crate::dedupe::{
    Claim, ClaimToken, DedupeStore, MemoryStore, StoreError, StoreFuture, dedupe_key, dedupes_by_default,
};
pub use crate::delivery::{Delivery, DeliveryMeta, Received};
pub use crate::error::{ConfigError, Error};
pub use crate::event::Event;
pub use crate::guarantee::{
    Admission, DEFAULT_KEEP, DEFAULT_LEASE, DeliveryOptions, Disposition, DuplicateHook, DuplicateObserver, Job,
    Outcome, Pipeline, Prepared, StoreUnavailable,
};
pub use crate::handler::{BoxError, Handler, HandlerFuture};
pub use crate::headers::{HEADER_SCAN_LIMIT, Headers, NoHeaders};
pub use crate::incoming::Incoming;
pub use crate::json::{IdList, RawJson};
pub use crate::khan::Khan;
pub use crate::reply::{Reply, TEXT_PLAIN};
pub use crate::secret::Secret;
pub use crate::sonoran::SonoranCad;
pub use crate::source::{
    DEFAULT_BODY_TIMEOUT, DEFAULT_MAX_BODY_BYTES, OVERSIZE_DRAIN_BYTES, OVERSIZE_DRAIN_TIME, Source, SourceKind,
};
pub use crate::timestamp::{Timestamp, TimestampError};
pub use crate::twitch::TwitchEventSub;
