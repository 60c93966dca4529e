//! Twitch EventSub WebSocket frames: `{"metadata": …, "payload": …}` text frames, parsed into the same
//! notification and subscription types as the webhook path.
//!
//! This is the parser only. Frames are not signed (the TLS connection to Twitch authenticates them); the
//! session rules (keepalive deadline, reconnect, deduplication across the switch) are the sans-IO
//! [`WsSession`](super::session::WsSession), which parses each text frame with [`Frame::parse`].

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{Notification, Revocation, parse_notification};
use crate::error::Error;
use crate::json::{RawJson, open_enum};
use crate::timestamp::Timestamp;

open_enum! {
    /// The kind of a WebSocket frame (`metadata.message_type`).
    pub enum FrameType {
        /// The first frame of a session.
        SessionWelcome = "session_welcome",
        /// Sent when nothing else was sent for `keepalive_timeout_seconds`.
        SessionKeepalive = "session_keepalive",
        /// An event.
        Notification = "notification",
        /// Twitch asks the client to move to `reconnect_url`.
        SessionReconnect = "session_reconnect",
        /// A subscription was revoked.
        Revocation = "revocation",
    }
}

/// One WebSocket text frame.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// The frame's metadata.
    pub metadata: FrameMetadata,
    /// What the frame says.
    pub message: FrameMessage,
}

/// The `metadata` of a frame.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct FrameMetadata {
    /// The message id; a re-sent message keeps it (deduplicate on it, also across a reconnect).
    pub message_id: String,
    /// The frame kind.
    pub message_type: FrameType,
    /// When Twitch sent the frame.
    pub message_timestamp: Timestamp,
    /// Notification and revocation frames: the subscription type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_type: Option<String>,
    /// Notification and revocation frames: the subscription version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_version: Option<String>,
}

/// What a frame says.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)] // see `receiver_core::Event`
pub enum FrameMessage {
    /// The session is open: create subscriptions now (Twitch closes an unused session).
    Welcome(Session),
    /// Nothing happened; the connection is alive.
    Keepalive,
    /// An event, typed as on the webhook path.
    Notification(Notification),
    /// Connect to `session.reconnect_url`, keep this connection until the new one's welcome arrives.
    Reconnect(Session),
    /// A subscription was revoked.
    Revocation(Revocation),
    /// A frame type this version does not know, with its payload verbatim.
    Unknown(RawJson),
}

/// A WebSocket session, from a welcome or reconnect frame.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Session {
    /// The session id: opaque, pass it to subscription requests as is.
    pub id: String,
    /// `connected` or `reconnecting`.
    pub status: String,
    /// Seconds of silence after which the connection is dead; `None` (`null`) on a reconnect frame.
    #[serde(default)]
    pub keepalive_timeout_seconds: Option<u64>,
    /// Where to reconnect, verbatim; `None` (`null`) on a welcome frame.
    #[serde(default)]
    pub reconnect_url: Option<String>,
    /// When the session connected.
    pub connected_at: Timestamp,
    /// Undocumented, seen as `null` on real welcome frames; kept when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_url: Option<String>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
struct WireFrame<'a> {
    metadata: FrameMetadata,
    #[serde(borrow)]
    payload: &'a RawValue,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
struct WireSession {
    session: Session,
}

impl Frame {
    /// Parses one text frame.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let wire: WireFrame<'_> = serde_json::from_str(text).map_err(Error::malformed)?;
        let payload = wire.payload.get();
        let metadata = wire.metadata;
        let message = match &metadata.message_type {
            FrameType::SessionWelcome => FrameMessage::Welcome(session(payload)?),
            FrameType::SessionReconnect => FrameMessage::Reconnect(session(payload)?),
            FrameType::SessionKeepalive => FrameMessage::Keepalive,
            FrameType::Revocation => FrameMessage::Revocation(serde_json::from_str(payload).map_err(Error::malformed)?),
            FrameType::Notification => {
                let (kind, version) =
                    match (metadata.subscription_type.as_deref(), metadata.subscription_version.as_deref()) {
                        (Some(kind), Some(version)) => (kind, version),
                        _ => {
                            return Err(Error::MalformedBody(
                                "notification frame without metadata.subscription_type and _version".into(),
                            ));
                        }
                    };
                FrameMessage::Notification(
                    parse_notification(kind, version, payload.as_bytes()).map_err(Error::malformed)?,
                )
            }
            FrameType::Unknown(_) => FrameMessage::Unknown(RawJson::from_raw(wire.payload)),
        };
        Ok(Self { metadata, message })
    }
}

fn session(payload: &str) -> Result<Session, Error> {
    serde_json::from_str::<WireSession>(payload).map(|wire| wire.session).map_err(Error::malformed)
}
