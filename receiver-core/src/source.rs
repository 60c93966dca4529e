//! What every source has in common: its kind, its limits, and the `Source` trait adapters drive.

use std::fmt;
use std::time::SystemTime;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::adapter::{HeadRefusal, content_length, head_refusal};
use crate::delivery::Received;
use crate::error::{ConfigError, Error};
use crate::event::Event;
use crate::headers::Headers;
use crate::incoming::Incoming;

/// The default body limit of every source: 1 MiB.
///
/// The largest real bodies are accweb live snapshots and Agones updates (two full objects), a few KiB to
/// tens of KiB; 1 MiB leaves room and still bounds what an anonymous caller can make the receiver buffer.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// The default time a source allows for its body to arrive once the request head is in: 30 s.
///
/// Senders push small bodies on short timeouts of their own (accweb 100 ms, Khan 500 ms, Agones 15 s); a body
/// still incomplete after this long comes from a stalled or hostile client, and waiting longer would only
/// hold a task and a connection.
pub const DEFAULT_BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How many bytes of a body refused as too large an adapter reads and throws away before answering `413`.
///
/// A server that closes a connection while the client is still sending makes the kernel reset it, and the
/// client then loses the `413` it was sent. Reading the rest of a modestly oversized body (never keeping it)
/// lets the sender see why it was refused; a body larger still is cut off, so no one can make the receiver
/// read without bound. Both adapters use this same figure.
pub const OVERSIZE_DRAIN_BYTES: usize = 1024 * 1024;

/// How long an adapter keeps draining a refused body ([`OVERSIZE_DRAIN_BYTES`]) before it answers anyway, so
/// that a sender that stalls mid-body cannot hold the request open.
pub const OVERSIZE_DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(1);

/// The five senders this crate understands.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// accweb, the Assetto Corsa Competizione server manager.
    Accweb,
    /// Sonoran CAD push events.
    SonoranCad,
    /// Khan, the clan and player service by topfreegames.
    Khan,
    /// Agones Relay HTTP (Octops), relaying GameServer and Fleet changes.
    AgonesRelay,
    /// Twitch EventSub, webhook transport.
    TwitchEventSub,
}

impl SourceKind {
    /// All sources, in documentation order.
    pub const ALL: [SourceKind; 5] =
        [Self::Accweb, Self::SonoranCad, Self::Khan, Self::AgonesRelay, Self::TwitchEventSub];

    /// A short stable name: `accweb`, `sonoran-cad`, `khan`, `agones-relay`, `twitch-eventsub`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Accweb => "accweb",
            Self::SonoranCad => "sonoran-cad",
            Self::Khan => "khan",
            Self::AgonesRelay => "agones-relay",
            Self::TwitchEventSub => "twitch-eventsub",
        }
    }

    /// The path the adapters mount the source at unless told otherwise.
    ///
    /// Sonoran CAD's path is fixed by the sender; the others send to whatever URL is configured there.
    pub fn default_path(self) -> &'static str {
        match self {
            Self::Accweb => "/callback",
            Self::SonoranCad => "/sonorancad/event",
            Self::Khan => "/khan",
            Self::AgonesRelay => "/agones",
            Self::TwitchEventSub => "/eventsub",
        }
    }

    /// The HTTP methods the sender uses; anything else is answered `405` with these in `Allow`.
    pub fn allowed_methods(self) -> &'static [&'static str] {
        match self {
            Self::AgonesRelay => &["POST", "PUT", "DELETE"],
            _ => &["POST"],
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A configured source: turns one [`Incoming`] request into a verified, typed delivery.
///
/// Implemented by [`Accweb`](crate::Accweb), [`SonoranCad`](crate::SonoranCad), [`Khan`](crate::Khan),
/// [`AgonesRelay`](crate::AgonesRelay) and [`TwitchEventSub`](crate::TwitchEventSub). Adapters are generic over
/// it; the order of checks in every implementation is: method, body size, credentials, then parsing, so an
/// unauthenticated caller never reaches the JSON parser (except for Sonoran CAD, whose key is in the body).
pub trait Source: fmt::Debug + Send + Sync + 'static {
    /// The source's own event enum.
    type Event: Into<Event> + Clone + fmt::Debug + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static;

    /// Which sender this is.
    fn kind(&self) -> SourceKind;

    /// The largest body accepted, in bytes. Adapters enforce it while reading, before buffering.
    fn max_body_bytes(&self) -> usize;

    /// How long adapters wait for the whole body once the request head is in; past it the request is
    /// answered [`Error::BodyTimeout`] (408) and the connection freed. [`DEFAULT_BODY_TIMEOUT`] unless the
    /// source was built `with_body_timeout`.
    fn body_timeout(&self) -> std::time::Duration {
        DEFAULT_BODY_TIMEOUT
    }

    /// How requests are authenticated, in words, for start-up banners and logs (never the secrets).
    fn auth_description(&self) -> String;

    /// Verifies and parses one request as of `now`. Pure: no clock, no I/O.
    fn receive_at(&self, incoming: &Incoming<'_>, now: SystemTime) -> Result<Received<Self::Event>, Error>;

    /// [`Source::receive_at`] with the system clock: the one place the core reads the time.
    fn receive(&self, incoming: &Incoming<'_>) -> Result<Received<Self::Event>, Error> {
        self.receive_at(incoming, SystemTime::now())
    }

    /// The checks an adapter makes before it reads the body: the method, and the declared body length
    /// (`Content-Length`, when sent) against [`Source::max_body_bytes`]. A body sent without a length
    /// (chunked) is limited while it is read. [`Source::receive_at`] makes the same checks again.
    fn check_head(&self, method: &str, headers: &dyn Headers) -> Result<(), HeadRefusal> {
        check_head(self.kind(), self.max_body_bytes(), method, content_length(headers))
            .map_err(|error| head_refusal(error, headers))
    }
}

fn check_head(kind: SourceKind, max_body_bytes: usize, method: &str, body_length: Option<u64>) -> Result<(), Error> {
    let allowed = kind.allowed_methods();
    if !allowed.contains(&method) {
        return Err(Error::MethodNotAllowed { method: method.to_owned(), allowed });
    }
    let limit = u64::try_from(max_body_bytes).unwrap_or(u64::MAX);
    if body_length.is_some_and(|length| length > limit) {
        return Err(Error::BodyTooLarge { limit: max_body_bytes });
    }
    Ok(())
}

/// The request limits every built-in source has: how large a body may be, and how long it may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    pub(crate) max_body_bytes: usize,
    pub(crate) body_timeout: std::time::Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_body_bytes: DEFAULT_MAX_BODY_BYTES, body_timeout: DEFAULT_BODY_TIMEOUT }
    }
}

/// The limit builders of a source with a `limits: Limits` field, for its inherent `impl`.
macro_rules! limit_builders {
    () => {
        /// The same source with another body limit (default
        /// [`DEFAULT_MAX_BODY_BYTES`](crate::DEFAULT_MAX_BODY_BYTES)).
        pub fn with_max_body_bytes(self, max_body_bytes: usize) -> Result<Self, $crate::ConfigError> {
            let max_body_bytes = $crate::source::check_body_limit(max_body_bytes)?;
            Ok(Self { limits: $crate::source::Limits { max_body_bytes, ..self.limits }, ..self })
        }

        /// The same source allowing `timeout` for a body to arrive (default
        /// [`DEFAULT_BODY_TIMEOUT`](crate::DEFAULT_BODY_TIMEOUT)).
        #[must_use]
        pub fn with_body_timeout(self, timeout: std::time::Duration) -> Self {
            Self { limits: $crate::source::Limits { body_timeout: timeout, ..self.limits }, ..self }
        }
    };
}

/// [`Source::max_body_bytes`] and [`Source::body_timeout`] of a source with a `limits: Limits` field.
macro_rules! limit_accessors {
    () => {
        fn max_body_bytes(&self) -> usize {
            self.limits.max_body_bytes
        }

        fn body_timeout(&self) -> std::time::Duration {
            self.limits.body_timeout
        }
    };
}

pub(crate) use {limit_accessors, limit_builders};

/// The checks every source makes first: the method, then the body size.
pub(crate) fn check_method_and_size(
    kind: SourceKind,
    max_body_bytes: usize,
    incoming: &Incoming<'_>,
) -> Result<(), Error> {
    let length = u64::try_from(incoming.body().len()).unwrap_or(u64::MAX);
    check_head(kind, max_body_bytes, incoming.method(), Some(length))
}

pub(crate) fn check_body_limit(max_body_bytes: usize) -> Result<usize, ConfigError> {
    if max_body_bytes == 0 { Err(ConfigError::ZeroBodyLimit) } else { Ok(max_body_bytes) }
}
