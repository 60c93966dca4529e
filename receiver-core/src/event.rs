//! The top-level event: one variant per source.

use serde::{Deserialize, Serialize};

use crate::source::SourceKind;
use crate::{accweb, agones, khan, sonoran, twitch};

/// An event from any source.
///
/// Each source has its own `#[non_exhaustive]` enum with an `Unknown` variant that keeps the raw JSON, so
/// an authentic event of a type this version does not model is still delivered.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Events are moved a few times per delivery; boxing the large ones would cost an allocation per event and
// make users' patterns noisier.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// From accweb.
    Accweb(accweb::Event),
    /// From Agones Relay HTTP.
    Agones(agones::Event),
    /// From Khan.
    Khan(khan::Event),
    /// From Sonoran CAD.
    SonoranCad(sonoran::Event),
    /// From Twitch EventSub.
    Twitch(twitch::Message),
}

impl Event {
    /// The sender's own discriminator, as a string: accweb's `eventName`, Sonoran CAD's `type`, Khan's
    /// integer `type` (`"5"`), Agones' `event_type`, and for Twitch the subscription type of a notification
    /// (`channel.follow`) or else the message type (`revocation`, `webhook_callback_verification`, …).
    ///
    /// ```
    /// use receiver_core::{Event, accweb};
    /// let event = Event::from(accweb::Event::from_json(br#"{"eventName":"instance_started","timestamp":"2026-01-01T00:00:00Z","instanceId":"1","instanceName":"n","track":"spa","udpPort":1,"tcpPort":2,"nrDrivers":0}"#).unwrap());
    /// assert_eq!(event.kind(), "instance_started");
    /// ```
    pub fn kind(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            Self::Accweb(event) => Cow::Borrowed(event.name()),
            Self::Agones(event) => Cow::Borrowed(event.event_type()),
            Self::Khan(event) => Cow::Owned(event.type_code().to_string()),
            Self::SonoranCad(event) => Cow::Borrowed(event.event_type()),
            Self::Twitch(twitch::Message::Notification(notification)) => {
                Cow::Borrowed(notification.event.subscription_type())
            }
            Self::Twitch(twitch::Message::Revocation(_)) => Cow::Borrowed("revocation"),
            Self::Twitch(twitch::Message::Verification(_)) => Cow::Borrowed("webhook_callback_verification"),
            Self::Twitch(twitch::Message::Unknown(unknown)) => Cow::Borrowed(&unknown.message_type),
        }
    }

    /// Which source the event comes from.
    pub fn source(&self) -> SourceKind {
        match self {
            Self::Accweb(_) => SourceKind::Accweb,
            Self::Agones(_) => SourceKind::AgonesRelay,
            Self::Khan(_) => SourceKind::Khan,
            Self::SonoranCad(_) => SourceKind::SonoranCad,
            Self::Twitch(_) => SourceKind::TwitchEventSub,
        }
    }
}

impl From<accweb::Event> for Event {
    fn from(event: accweb::Event) -> Self {
        Self::Accweb(event)
    }
}

impl From<agones::Event> for Event {
    fn from(event: agones::Event) -> Self {
        Self::Agones(event)
    }
}

impl From<khan::Event> for Event {
    fn from(event: khan::Event) -> Self {
        Self::Khan(event)
    }
}

impl From<sonoran::Event> for Event {
    fn from(event: sonoran::Event) -> Self {
        Self::SonoranCad(event)
    }
}

impl From<twitch::Message> for Event {
    fn from(message: twitch::Message) -> Self {
        Self::Twitch(message)
    }
}
