//! Twitch EventSub over WebSocket for tokio: a client that keeps one EventSub session alive across
//! Twitch's reconnects and lost connections, and yields every notification once, in order, as a
//! [`Stream`](futures_core::Stream) of typed events.
//!
//! **What this crate does not do:** it makes no decision of its own about the protocol. Keepalive
//! deadlines, `session_reconnect`, deduplication by message id, close codes and backoff are all
//! [`receiver_core::twitch::session::WsSession`], a sans-IO state machine tested with a hand-advanced clock;
//! this crate only opens and closes the connections it is told to, feeds it frames and the time, and sleeps
//! until its next deadline. It does not create subscriptions by itself (your hook does, optionally with
//! [`Subscriber`]), sends nothing on a connection but pongs and close frames (Twitch closes a connection
//! that sends data), stores nothing, and does not replay events lost while no session existed: Twitch has
//! no replay. Without the `rustls` feature it speaks `ws://` only (a local mock such as
//! `twitch event websocket start-server`); enable `rustls` for `wss://eventsub.wss.twitch.tv/ws` and
//! `https://api.twitch.tv`.
//!
//! What comes out of the stream ([`WsEvent`]):
//!
//! - [`WsEvent::Welcome`]: a fresh session: the subscription hook ([`TwitchWsClientBuilder::on_welcome`])
//!   has been started with its id. Twitch closes a session without subscriptions after about 10 s.
//! - [`WsEvent::Moved`]: a `session_reconnect` completed; the subscriptions carried over, nothing to do.
//! - [`WsEvent::Delivery`]: a notification or revocation, as the same
//!   [`Delivery`](receiver_core::Delivery) type the webhook path produces.
//! - [`WsEvent::Disconnected`], [`WsEvent::Malformed`]: for logs; the session handles them.
//!
//! An `Err` ends the stream when [`WsError::is_terminal`] (the session stopped: a close code that forbids
//! reconnecting, or too many failed attempts); a failed subscription hook is reported and the stream goes
//! on.
//!
//! ```no_run
//! use futures_util::StreamExt;
//! use receiver_ws::{Subscriber, SubscriptionRequest, TwitchWsClient, WsEvent};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // twitch-cli's mock: `twitch event websocket start-server`; Twitch: wss://eventsub.wss.twitch.tv/ws
//! let subscriber = Subscriber::new("http://127.0.0.1:8080", "my-client-id", "my-user-token");
//! let mut events = TwitchWsClient::builder("ws://127.0.0.1:8080/ws")
//!     .on_welcome(move |session_id| {
//!         let subscriber = subscriber.clone();
//!         async move {
//!             let follow = SubscriptionRequest::new("channel.follow", "2")
//!                 .condition("broadcaster_user_id", "1234")
//!                 .condition("moderator_user_id", "1234");
//!             subscriber.subscribe(&session_id, &follow).await.map(drop)
//!         }
//!     })
//!     .connect();
//! while let Some(event) = events.next().await {
//!     match event? {
//!         WsEvent::Delivery(delivery) => println!("{:?}: {:?}", delivery.meta.id, delivery.event),
//!         other => eprintln!("{other}"),
//!     }
//! }
//! # Ok(())
//! # }
//! ```

mod client;
mod connection;
mod subscribe;

pub use crate::client::{TwitchWsClient, TwitchWsClientBuilder, TwitchWsStream, WsError, WsEvent};
pub use crate::subscribe::{SubscribeError, Subscriber, SubscriptionRequest, TWITCH_API_BASE};
pub use receiver_core::twitch::session::{CloseReason, NextStep, SessionConfig, StopReason};

/// Twitch's EventSub WebSocket URL (needs the `rustls` feature).
pub const TWITCH_EVENTSUB_WS_URL: &str = "wss://eventsub.wss.twitch.tv/ws";

/// Installs ring as the process's rustls crypto provider unless one already is (the `rustls` feature).
pub(crate) fn install_crypto_provider() {
    #[cfg(feature = "rustls")]
    {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            // Another thread may win the race; either provider is fine.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
    }
}
