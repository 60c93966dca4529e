//! A verified delivery: the typed event and what the sender said about it.

use serde::{Deserialize, Serialize};

use crate::event::Event;
use crate::reply::Reply;
use crate::source::SourceKind;
use crate::timestamp::Timestamp;
use crate::twitch::TwitchMeta;

/// An authenticated, parsed delivery: the event and its delivery metadata.
///
/// `E` is the source's own event type when the delivery comes from one [`Source`](crate::Source), or the
/// top-level [`Event`] after [`Delivery::into_any`]. Both serialize, so a verified delivery can be queued and
/// read back (JSON; raw JSON kept for unknown events is stored verbatim).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery<E = Event> {
    /// What the sender said about the delivery, beside the event itself.
    pub meta: DeliveryMeta,
    /// The typed event.
    pub event: E,
}

impl<E> Delivery<E> {
    pub(crate) fn new(meta: DeliveryMeta, event: E) -> Self {
        Self { meta, event }
    }

    /// The same delivery with the event wrapped in the top-level [`Event`] enum.
    pub fn into_any(self) -> Delivery<Event>
    where
        E: Into<Event>,
    {
        Delivery { meta: self.meta, event: self.event.into() }
    }
}

/// Delivery metadata: the sender's identifiers and timestamps, not part of the event itself.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryMeta {
    /// Which sender delivered it.
    pub source: SourceKind,
    /// The sender's id for this delivery, where it has one:
    ///
    /// - Twitch: the `Twitch-Eventsub-Message-Id` (the same on a re-delivery: a deduplication key);
    /// - Khan: the body's `id`, one UUID per event, shared by every hook URL it goes to;
    /// - Agones Relay: `"<metadata.uid>/<metadata.resourceVersion>"` of the (new) object. Resyncs repeat it
    ///   on purpose, so it orders and identifies object versions; it is not a deduplication key. A DELETE
    ///   carries no object, so it has none;
    /// - accweb and Sonoran CAD send no id.
    pub id: Option<String>,
    /// When the sender says it sent the event: Twitch's `Twitch-Eventsub-Message-Timestamp`, accweb's and
    /// Khan's body `timestamp` (Khan's is when the event was queued). Sonoran CAD and Agones send none.
    pub timestamp: Option<Timestamp>,
    /// Twitch EventSub's own headers; `None` for the other sources.
    pub twitch: Option<TwitchMeta>,
    /// `true` for an Agones update whose old and new objects have the same `resourceVersion`: the relay's
    /// periodic resync re-sends the full state without any change. Always `false` for other events.
    pub resync: bool,
}

impl DeliveryMeta {
    pub(crate) fn new(source: SourceKind) -> Self {
        Self { source, id: None, timestamp: None, twitch: None, resync: false }
    }
}

/// What a source makes of a request that passed every check.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub enum Received<E = Event> {
    /// A delivery for the application; answer it with a 2xx.
    Event(Delivery<E>),
    /// A delivery the sender's protocol answers with this exact reply (the Twitch verification challenge).
    /// `delivery` says what it was, for logging or for the application to record.
    Reply {
        /// The response to send, as it is.
        reply: Reply,
        /// The delivery that asked for it.
        delivery: Delivery<E>,
    },
}

impl<E> Received<E> {
    /// The delivery, whichever the variant.
    pub fn delivery(&self) -> &Delivery<E> {
        match self {
            Self::Event(delivery) | Self::Reply { delivery, .. } => delivery,
        }
    }

    /// The delivery, whichever the variant.
    pub fn into_delivery(self) -> Delivery<E> {
        match self {
            Self::Event(delivery) | Self::Reply { delivery, .. } => delivery,
        }
    }

    /// The reply the sender requires, if any.
    pub fn reply(&self) -> Option<&Reply> {
        match self {
            Self::Event(_) => None,
            Self::Reply { reply, .. } => Some(reply),
        }
    }

    /// The same outcome with the event wrapped in the top-level [`Event`] enum.
    pub fn into_any(self) -> Received<Event>
    where
        E: Into<Event>,
    {
        match self {
            Self::Event(delivery) => Received::Event(delivery.into_any()),
            Self::Reply { reply, delivery } => Received::Reply { reply, delivery: delivery.into_any() },
        }
    }
}
