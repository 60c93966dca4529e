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
