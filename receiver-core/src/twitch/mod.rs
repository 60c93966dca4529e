//! Twitch EventSub over webhooks: signed `POST`s carrying notifications, revocations and the verification
//! challenge.
//!
//! Every request is checked in this order: method and size, the `Twitch-Eventsub-Message-Signature`
//! (HMAC-SHA256 over message id ‖ timestamp ‖ raw body, against every configured secret), then the
//! timestamp's freshness (default ±10 minutes), and only then is the body parsed. The message kind comes from
//! the `Twitch-Eventsub-Message-Type` header, never from the keys of the body.
//!
//! WebSocket frames carry the same payloads: see [`ws::Frame::parse`], and [`session::WsSession`] for the
//! sans-IO session (keepalive, reconnect, exactly-once delivery) that yields them as the same [`Delivery`]s.
//!
//! Replays inside the window are not detected here: a replayed message carries the same
//! [`DeliveryMeta::id`](crate::DeliveryMeta::id), which is the deduplication key.
//!
//! Every notification's event is typed by its subscription type and version ([`Event`]; [`TypedEvent`] says
//! which type, version and condition each payload struct belongs to), or kept raw as [`Event::Unknown`].
//! Conditions stay a map in [`Subscription::condition`], read into their typed struct on demand with
//! [`Notification::typed_condition`] or [`Notification::condition`].
#![doc = include_str!("coverage.md")]

mod conditions;
mod events;
pub mod session;
mod verify;
pub mod ws;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

pub use self::conditions::*;
pub use self::events::*;
pub use self::verify::signature_header;
use self::verify::{SIGNATURE_HEADER, Verifier, check_freshness, parse_signature};
use crate::delivery::{Delivery, DeliveryMeta, Received};
use crate::error::{ConfigError, Error};
use crate::headers::lookup;
use crate::incoming::Incoming;
use crate::json::{RawJson, open_enum};
use crate::reply::Reply;
use crate::secret::{Secret, collect_secrets};
use crate::source::{Limits, Source, SourceKind, check_method_and_size, limit_accessors, limit_builders};
use crate::timestamp::Timestamp;

/// Header names, lowercase.
pub mod header {
    /// The message id: the same on every re-delivery of a message.
    pub const MESSAGE_ID: &str = "twitch-eventsub-message-id";
    /// How many times Twitch has retried this message.
    pub const MESSAGE_RETRY: &str = "twitch-eventsub-message-retry";
    /// `notification`, `webhook_callback_verification` or `revocation`.
    pub const MESSAGE_TYPE: &str = "twitch-eventsub-message-type";
    /// `sha256=` and the hex HMAC-SHA256.
    pub const MESSAGE_SIGNATURE: &str = super::SIGNATURE_HEADER;
    /// When Twitch sent the message (RFC 3339); signed.
    pub const MESSAGE_TIMESTAMP: &str = "twitch-eventsub-message-timestamp";
    /// The subscription type, e.g. `channel.follow`.
    pub const SUBSCRIPTION_TYPE: &str = "twitch-eventsub-subscription-type";
    /// The subscription version, e.g. `2`.
    pub const SUBSCRIPTION_VERSION: &str = "twitch-eventsub-subscription-version";
}

/// How far a message's timestamp may be from `now`, either way, by default: Twitch's 10 minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(600);

/// The Twitch EventSub webhook source: the subscription secrets and the timestamp tolerance.
///
/// Several secrets can be active at once: while subscriptions are moved to a new secret, deliveries signed
/// with the old one still verify. Each secret is keyed into HMAC-SHA256 once, here.
///
/// ```
/// use receiver_core::TwitchEventSub;
/// use std::time::Duration;
///
/// let source = TwitchEventSub::new(["new-secret-value", "old-secret-value"])?
///     .with_tolerance(Duration::from_secs(300));
/// assert!(TwitchEventSub::new(["short"]).is_err()); // Twitch secrets are 10 to 100 bytes
/// # let _ = source;
/// # Ok::<(), receiver_core::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct TwitchEventSub {
    verifier: Verifier,
    tolerance: Duration,
    limits: Limits,
}

impl TwitchEventSub {
    /// A source verifying against these subscription secrets (10 to 100 bytes each, as Twitch requires).
    pub fn new<S>(secrets: impl IntoIterator<Item = S>) -> Result<Self, ConfigError>
    where
        S: TryInto<Secret, Error: Into<ConfigError>>,
    {
        let secrets = collect_secrets(secrets)?;
        Ok(Self { verifier: Verifier::new(&secrets)?, tolerance: DEFAULT_TOLERANCE, limits: Limits::default() })
    }

    /// The same source accepting timestamps up to `tolerance` before or after `now`.
    #[must_use]
    pub fn with_tolerance(self, tolerance: Duration) -> Self {
        Self { tolerance, ..self }
    }

    limit_builders!();

    /// The timestamp tolerance.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }
}

impl Source for TwitchEventSub {
    type Event = Message;

    fn kind(&self) -> SourceKind {
        SourceKind::TwitchEventSub
    }

    limit_accessors!();

    fn auth_description(&self) -> String {
        let n = self.verifier.len();
        format!(
            "HMAC-SHA256 signature ({n} secret{}), timestamp within ±{:?}",
            if n == 1 { "" } else { "s" },
            self.tolerance
        )
    }

    fn receive_at(&self, incoming: &Incoming<'_>, now: SystemTime) -> Result<Received<Message>, Error> {
        check_method_and_size(SourceKind::TwitchEventSub, self.limits.max_body_bytes, incoming)?;
        let [signature, id, timestamp_bytes, message_type, retry, subscription_type, subscription_version] = lookup(
            incoming.headers(),
            &[
                header::MESSAGE_SIGNATURE,
                header::MESSAGE_ID,
                header::MESSAGE_TIMESTAMP,
                header::MESSAGE_TYPE,
                header::MESSAGE_RETRY,
                header::SUBSCRIPTION_TYPE,
                header::SUBSCRIPTION_VERSION,
            ],
        );
        let signature = signature.ok_or(Error::MissingCredentials("a Twitch-Eventsub-Message-Signature header"))?;
        let signature = parse_signature(signature)?;
        let id = id.ok_or(Error::MissingHeader(header::MESSAGE_ID))?;
        let timestamp_bytes = timestamp_bytes.ok_or(Error::MissingHeader(header::MESSAGE_TIMESTAMP))?;
        let body = incoming.body();
        if !self.verifier.verify(id, timestamp_bytes, body, &signature) {
            return Err(Error::BadSignature);
        }

        // Authentic from here on.
        let timestamp = Timestamp::parse_bytes(timestamp_bytes).map_err(|_| Error::InvalidHeader {
            name: header::MESSAGE_TIMESTAMP,
            reason: "not an RFC 3339 timestamp".into(),
        })?;
        check_freshness(timestamp, now, self.tolerance)?;
        let twitch = TwitchMeta::from_headers(
            utf8(message_type),
            utf8(retry),
            utf8(subscription_type),
            utf8(subscription_version),
        )?;
        let message = Message::from_webhook(&twitch, incoming.body())?;
        let meta = DeliveryMeta {
            id: Some(std::str::from_utf8(id).map_or_else(|_| String::from_utf8_lossy(id).into_owned(), str::to_owned)),
            timestamp: Some(timestamp),
            twitch: Some(twitch),
            ..DeliveryMeta::new(SourceKind::TwitchEventSub)
        };
        // The ~700-byte message is moved as few times as possible: the reply is read through a reference.
        let challenge = match &message {
            Message::Verification(verification) => Some(Reply::text(verification.challenge.as_bytes())),
            _ => None,
        };
        Ok(match challenge {
            Some(reply) => Received::Reply { reply, delivery: Delivery::new(meta, message) },
            None => Received::Event(Delivery::new(meta, message)),
        })
    }
}

open_enum! {
    /// The kind of a webhook message (`Twitch-Eventsub-Message-Type`).
    pub enum MessageType {
        /// An event.
        Notification = "notification",
        /// The challenge sent when a subscription is created.
        WebhookCallbackVerification = "webhook_callback_verification",
        /// A subscription was revoked.
        Revocation = "revocation",
    }
}

/// What Twitch's headers say about a webhook delivery.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwitchMeta {
    /// `Twitch-Eventsub-Message-Type`.
    pub message_type: MessageType,
    /// `Twitch-Eventsub-Message-Retry`: how often Twitch retried; informational (twitch-cli always sends 0).
    /// `None` when absent or not a number.
    pub retry: Option<u32>,
    /// `Twitch-Eventsub-Subscription-Type`, when sent (borrowed from the crate's own table when the type and
    /// version are typed ones, so the usual delivery does not allocate it).
    pub subscription_type: Option<Cow<'static, str>>,
    /// `Twitch-Eventsub-Subscription-Version`, when sent.
    pub subscription_version: Option<Cow<'static, str>>,
}

impl TwitchMeta {
    /// The metadata from the values of the message type, retry, subscription type and version headers (each
    /// `None` when absent or not UTF-8).
    fn from_headers(
        message_type: Option<&str>,
        retry: Option<&str>,
        subscription_type: Option<&str>,
        subscription_version: Option<&str>,
    ) -> Result<Self, Error> {
        let message_type = message_type.map(MessageType::from).ok_or(Error::MissingHeader(header::MESSAGE_TYPE))?;
        let (subscription_type, subscription_version) = subscription_names(subscription_type, subscription_version);
        Ok(Self {
            message_type,
            retry: retry.and_then(|v| v.trim().parse().ok()),
            subscription_type,
            subscription_version,
        })
    }
}

/// A header value as UTF-8, `None` when absent or not UTF-8.
fn utf8(value: Option<&[u8]>) -> Option<&str> {
    value.and_then(|v| std::str::from_utf8(v).ok())
}

/// The subscription type and version as metadata: the table's static names for a typed pair, copies
/// otherwise.
pub(crate) fn subscription_names(
    kind: Option<&str>,
    version: Option<&str>,
) -> (Option<Cow<'static, str>>, Option<Cow<'static, str>>) {
    if let Some((kind, version)) = kind.zip(version).and_then(|(kind, version)| static_names(kind, version)) {
        return (Some(Cow::Borrowed(kind)), Some(Cow::Borrowed(version)));
    }
    (kind.map(|k| Cow::Owned(k.to_owned())), version.map(|v| Cow::Owned(v.to_owned())))
}

/// One EventSub message.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)] // see `Event`
pub enum Message {
    /// An event of a subscription.
    Notification(Notification),
    /// A subscription was revoked; no more notifications will come for it.
    Revocation(Revocation),
    /// Twitch verifies a new webhook subscription; answered with the challenge by the core.
    Verification(VerificationRequest),
    /// A message type this version does not know, with the body kept verbatim.
    Unknown(UnknownMessage),
}

impl Message {
    /// Parses a webhook body whose authenticity is established, by its message type header.
    #[inline(always)]
    fn from_webhook(meta: &TwitchMeta, body: &[u8]) -> Result<Self, Error> {
        Ok(match &meta.message_type {
            MessageType::Notification => Self::Notification(Notification::from_webhook(
                meta.subscription_type.as_deref(),
                meta.subscription_version.as_deref(),
                body,
            )?),
            MessageType::Revocation => Self::Revocation(serde_json::from_slice(body).map_err(Error::malformed)?),
            MessageType::WebhookCallbackVerification => {
                Self::Verification(serde_json::from_slice(body).map_err(Error::malformed)?)
            }
            MessageType::Unknown(other) => Self::Unknown(UnknownMessage {
                message_type: other.clone(),
                raw: RawJson::from_raw(serde_json::from_slice::<&RawValue>(body).map_err(Error::malformed)?),
            }),
        })
    }

    /// The subscription the message is about; `None` for an unknown message type.
    pub fn subscription(&self) -> Option<&Subscription> {
        match self {
            Self::Notification(n) => Some(&n.subscription),
            Self::Revocation(r) => Some(&r.subscription),
            Self::Verification(v) => Some(&v.subscription),
            Self::Unknown(_) => None,
        }
    }
}

/// A notification: the subscription and its typed event.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    /// The subscription that produced the event.
    pub subscription: Subscription,
    /// The event.
    pub event: Event,
}

impl Notification {
    /// The subscription's condition, typed by the event's subscription type ([`TypedEvent::Condition`]);
    /// [`TypedCondition::Unknown`] for an untyped event. An error when the condition lacks a key its type
    /// requires (the event itself is delivered all the same: conditions are read on demand).
    ///
    /// ```
    /// use receiver_core::twitch::{TypedCondition, ws::{Frame, FrameMessage}};
    ///
    /// let frame = Frame::parse(r#"{"metadata":{"message_id":"m","message_type":"notification","message_timestamp":"2026-01-01T00:00:00Z","subscription_type":"channel.raid","subscription_version":"1"},"payload":{"subscription":{"id":"s","status":"enabled","type":"channel.raid","version":"1","cost":0,"condition":{"to_broadcaster_user_id":"1337"},"transport":{"method":"websocket","session_id":"x"},"created_at":"2026-01-01T00:00:00Z"},"event":{"from_broadcaster_user_id":"1234","from_broadcaster_user_login":"cool_user","from_broadcaster_user_name":"Cool_User","to_broadcaster_user_id":"1337","to_broadcaster_user_login":"cooler_user","to_broadcaster_user_name":"Cooler_User","viewers":9001}}}"#)?;
    /// let FrameMessage::Notification(note) = frame.message else { panic!() };
    /// let TypedCondition::Raid(raid) = note.typed_condition()? else { panic!() };
    /// assert_eq!(raid.to_broadcaster_user_id.as_deref(), Some("1337"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn typed_condition(&self) -> Result<TypedCondition, serde_json::Error> {
        self.event.typed_condition(&self.subscription.condition)
    }

    /// The subscription's condition read as `C`: a condition struct of this module (see the event's
    /// [`TypedEvent::Condition`]) or a type of the application's own.
    ///
    /// ```
    /// # use receiver_core::twitch::{ChannelRaidV1, RaidCondition, TypedEvent, ws::{Frame, FrameMessage}};
    /// # let frame = Frame::parse(r#"{"metadata":{"message_id":"m","message_type":"notification","message_timestamp":"2026-01-01T00:00:00Z","subscription_type":"channel.raid","subscription_version":"1"},"payload":{"subscription":{"id":"s","status":"enabled","type":"channel.raid","version":"1","cost":0,"condition":{"to_broadcaster_user_id":"1337"},"transport":{"method":"websocket","session_id":"x"},"created_at":"2026-01-01T00:00:00Z"},"event":{"from_broadcaster_user_id":"1234","from_broadcaster_user_login":"cool_user","from_broadcaster_user_name":"Cool_User","to_broadcaster_user_id":"1337","to_broadcaster_user_login":"cooler_user","to_broadcaster_user_name":"Cooler_User","viewers":9001}}}"#)?;
    /// # let FrameMessage::Notification(note) = frame.message else { panic!() };
    /// let raid: <ChannelRaidV1 as TypedEvent>::Condition = note.condition()?;
    /// let same: RaidCondition = note.condition()?;
    /// assert_eq!(raid, same);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn condition<C: serde::de::DeserializeOwned>(&self) -> Result<C, serde_json::Error> {
        self.subscription.condition.parse()
    }

    /// Parses a notification body, its event typed by subscription type and version.
    ///
    /// The type and version come from the headers when present, which lets the body be parsed in one pass,
    /// and must then agree with the body's `subscription`; without them the body is read twice.
    #[inline(always)]
    fn from_webhook(kind: Option<&str>, version: Option<&str>, body: &[u8]) -> Result<Self, Error> {
        let (Some(kind), Some(version)) = (kind, version) else {
            let (kind, version) = subscription_kind(body)?;
            return parse_notification(&kind, &version, body).map_err(Error::malformed);
        };
        let mismatch = |body_kind: &str, body_version: &str| Error::InvalidHeader {
            name: header::SUBSCRIPTION_TYPE,
            reason: format!("headers say {kind} v{version}, the body's subscription says {body_kind} v{body_version}")
                .into(),
        };
        match parse_notification(kind, version, body) {
            Ok(notification)
                if notification.subscription.kind != kind || notification.subscription.version != version =>
            {
                Err(mismatch(&notification.subscription.kind, &notification.subscription.version))
            }
            Ok(notification) => Ok(notification),
            // The body may have failed to parse as the type the headers name because it is another type:
            // say so rather than "malformed".
            Err(err) => match subscription_kind(body) {
                Ok((body_kind, body_version)) if body_kind != kind || body_version != version => {
                    Err(mismatch(&body_kind, &body_version))
                }
                _ => Err(Error::malformed(err)),
            },
        }
    }
}

/// The body's `subscription.type` and `.version`, read without parsing the event.
fn subscription_kind(body: &[u8]) -> Result<(String, String), Error> {
    #[derive(Deserialize)]
    struct Probe {
        subscription: KindVersion,
    }
    #[derive(Deserialize)]
    struct KindVersion {
        #[serde(rename = "type")]
        kind: String,
        version: String,
    }
    let probe: Probe = serde_json::from_slice(body).map_err(Error::malformed)?;
    Ok((probe.subscription.kind, probe.subscription.version))
}

/// A revoked subscription; its `status` says why.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Revocation {
    /// The subscription, with the revocation reason as its status.
    pub subscription: Subscription,
}

impl Revocation {
    /// Why the subscription was revoked.
    pub fn reason(&self) -> &SubscriptionStatus {
        &self.subscription.status
    }
}

/// The challenge Twitch sends when a webhook subscription is created.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct VerificationRequest {
    /// The value to answer with, verbatim.
    pub challenge: String,
    /// The subscription being created (status `webhook_callback_verification_pending`).
    pub subscription: Subscription,
}

/// A message type this version does not know.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownMessage {
    /// The `Twitch-Eventsub-Message-Type` as sent.
    pub message_type: String,
    /// The body, verbatim.
    pub raw: RawJson,
}

/// An EventSub subscription, as embedded in every message.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Subscription {
    /// The subscription id.
    pub id: String,
    /// The status; for a revocation, the reason.
    pub status: SubscriptionStatus,
    /// The subscription type, e.g. `channel.follow`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The version, e.g. `2`; compare it as a string (`beta` exists).
    pub version: String,
    /// The cost against the application's limit; absent in old twitch-cli output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<i64>,
    /// The condition the subscription was created with (all values are strings on the wire).
    pub condition: Condition,
    /// How notifications are delivered.
    pub transport: Transport,
    /// When the subscription was created.
    pub created_at: Timestamp,
}

/// A subscription's condition: the keys depend on the subscription type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Condition(pub BTreeMap<String, serde_json::Value>);

impl Condition {
    /// A condition value as a string, e.g. `condition.get("broadcaster_user_id")`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(serde_json::Value::as_str)
    }
}

/// How a subscription's notifications are delivered.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Transport {
    /// `webhook`, `websocket` or `conduit`.
    pub method: TransportMethod,
    /// Webhook: the callback URL (twitch-cli sends the string `"null"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<String>,
    /// WebSocket: the session id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// Conduit: the conduit id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conduit_id: Option<String>,
    /// WebSocket: when the session connected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_at: Option<Timestamp>,
    /// WebSocket: when the session disconnected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disconnected_at: Option<Timestamp>,
}

open_enum! {
    /// A subscription transport method.
    pub enum TransportMethod {
        /// HTTPS webhook.
        Webhook = "webhook",
        /// A WebSocket session.
        Websocket = "websocket",
        /// A conduit.
        Conduit = "conduit",
    }
}

open_enum! {
    /// A subscription's status; on a revocation, the reason it was revoked.
    pub enum SubscriptionStatus {
        /// Active.
        Enabled = "enabled",
        /// Waiting for the webhook to answer the challenge.
        WebhookCallbackVerificationPending = "webhook_callback_verification_pending",
        /// The webhook failed the challenge.
        WebhookCallbackVerificationFailed = "webhook_callback_verification_failed",
        /// The webhook failed to answer notifications too often.
        NotificationFailuresExceeded = "notification_failures_exceeded",
        /// The user revoked the authorization.
        AuthorizationRevoked = "authorization_revoked",
        /// The moderator was removed.
        ModeratorRemoved = "moderator_removed",
        /// The user no longer exists.
        UserRemoved = "user_removed",
        /// The user was banned from the channel's chat.
        ChatUserBanned = "chat_user_banned",
        /// The subscription type and version is no longer supported.
        VersionRemoved = "version_removed",
        /// A beta subscription type is under maintenance.
        BetaMaintenance = "beta_maintenance",
        /// The client closed the WebSocket.
        WebsocketDisconnected = "websocket_disconnected",
        /// The client did not answer a ping.
        WebsocketFailedPingPong = "websocket_failed_ping_pong",
        /// The client sent something other than a pong.
        WebsocketReceivedInboundTraffic = "websocket_received_inbound_traffic",
        /// No subscription was created in time.
        WebsocketConnectionUnused = "websocket_connection_unused",
        /// Twitch had an internal error.
        WebsocketInternalError = "websocket_internal_error",
        /// A network timeout.
        WebsocketNetworkTimeout = "websocket_network_timeout",
        /// A network error.
        WebsocketNetworkError = "websocket_network_error",
        /// The client did not reconnect in time after a reconnect message.
        WebsocketFailedToReconnect = "websocket_failed_to_reconnect",
        /// The conduit was deleted.
        ConduitDeleted = "conduit_deleted",
    }
}
