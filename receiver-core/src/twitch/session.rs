//! The EventSub WebSocket session, sans-IO: a state machine fed with what arrived on each connection and
//! `now`, answering with [`Action`]s for its driver.
//!
//! **What this module does not do:** it opens no socket, reads no clock, sleeps nowhere and draws no random
//! number of its own (the backoff jitter comes from a seeded generator in [`SessionConfig::jitter_seed`]).
//! The driver (`receiver-ws` for tokio) opens and closes connections when told to, feeds every text frame
//! to [`WsSession::handle_frame`], every end of a connection to [`WsSession::handle_close`], calls
//! [`WsSession::handle_timeout`] when [`WsSession::poll_timeout`] is due, and drains
//! [`WsSession::poll_action`] after each call. Time is any monotonic [`Instant`] the driver passes in, so a
//! test advances it by hand.
//!
//! What the session guarantees, following Twitch's WebSocket documentation:
//!
//! - **Welcome.** The first welcome of a fresh session yields [`Action::CreateSubscriptions`]; its
//!   `keepalive_timeout_seconds` sets the keepalive deadline.
//! - **Keepalive.** Every frame (of any kind) moves the connection's deadline to now + keepalive timeout +
//!   [`SessionConfig::keepalive_grace`]. Past it, the connection is closed and a fresh one opened to the
//!   original URL; its welcome asks for subscriptions again (they do not survive a lost session).
//! - **`session_reconnect`.** A second connection is opened to `reconnect_url` exactly as given; the old one
//!   stays open and keeps delivering until the new one's welcome, then it is closed. Subscriptions carry
//!   over: the new welcome yields [`Action::SessionMoved`], never [`Action::CreateSubscriptions`].
//! - **Exactly once, in order.** Notifications and revocations are delivered in arrival order, each
//!   `message_id` once: the last [`SessionConfig::dedupe_capacity`] ids are remembered (across connections,
//!   so a message Twitch sends on both sides of a switch is delivered once). Frames arriving on a connection
//!   the session has closed are ignored.
//! - **Close codes.** Each end of a connection is a [`CloseReason`] whose [`CloseReason::next_step`] is
//!   either a fresh reconnect (with exponential backoff and jitter, at most
//!   [`SessionConfig::max_reconnect_attempts`] in a row without a welcome) or [`Action::Stop`].
//! - **Malformed frames** yield [`Action::Malformed`] and change nothing else.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use receiver_core::twitch::session::{Action, SessionConfig, WsSession};
//!
//! let start = Instant::now(); // any monotonic value: the session never reads the clock
//! let mut session = WsSession::new("wss://eventsub.wss.twitch.tv/ws", SessionConfig::default(), start);
//! let Some(Action::Connect { conn, url, .. }) = session.poll_action() else { panic!() };
//! assert_eq!(url, "wss://eventsub.wss.twitch.tv/ws");
//! let welcome = r#"{"metadata":{"message_id":"w","message_type":"session_welcome","message_timestamp":"2026-01-01T00:00:00Z"},"payload":{"session":{"id":"AQoQ","status":"connected","keepalive_timeout_seconds":10,"reconnect_url":null,"connected_at":"2026-01-01T00:00:00Z"}}}"#;
//! session.handle_frame(conn, welcome, start + Duration::from_millis(50));
//! assert!(matches!(session.poll_action(), Some(Action::CreateSubscriptions { session_id }) if session_id == "AQoQ"));
//! // Silence past 10 s + the grace: the connection is dead.
//! assert_eq!(session.poll_timeout(), Some(start + Duration::from_millis(50) + Duration::from_secs(10) + SessionConfig::default().keepalive_grace));
//! ```

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::time::{Duration, Instant};

use super::ws::{Frame, FrameMessage, FrameMetadata};
use super::{Message, MessageType, TwitchMeta, UnknownMessage, subscription_names};
use crate::delivery::{Delivery, DeliveryMeta};
use crate::error::Error;
use crate::source::SourceKind;

/// How long Twitch keeps the old connection open after a `session_reconnect` (it then closes it with 4004).
pub const RECONNECT_GRACE: Duration = Duration::from_secs(30);

/// The session's settings. The defaults suit Twitch; tests shorten the durations.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionConfig {
    /// Added to the welcome's `keepalive_timeout_seconds` before a silent connection counts as dead
    /// (twitch-cli's mock sends its keepalives exactly at the timeout; default 3 s).
    pub keepalive_grace: Duration,
    /// How long a new connection may take to be welcomed, connecting included (default 15 s).
    pub welcome_timeout: Duration,
    /// How many message ids are remembered for deduplication (default 4096): a duplicate is recognised while
    /// fewer than this many other messages arrived since the original. Twitch re-sends around a reconnect,
    /// a few messages apart.
    pub dedupe_capacity: usize,
    /// The delay before the first reconnect after a session was lost; it doubles with each further attempt
    /// without a welcome (default 500 ms). Each delay is jittered: a random value between half and all of it.
    pub backoff_initial: Duration,
    /// The longest delay between reconnect attempts (default 30 s).
    pub backoff_max: Duration,
    /// How many fresh connection attempts in a row (the first one included) may end without a welcome
    /// before the session gives up with [`StopReason::GaveUp`] (default 10). A welcome resets the count;
    /// `0` or `1` means no retry at all.
    pub max_reconnect_attempts: u32,
    /// The seed of the jitter generator (a driver passes a random one; tests a fixed one).
    pub jitter_seed: u64,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            keepalive_grace: Duration::from_secs(3),
            welcome_timeout: Duration::from_secs(15),
            dedupe_capacity: 4096,
            backoff_initial: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            max_reconnect_attempts: 10,
            jitter_seed: 0x5eed_cafe_f00d_d00d,
        }
    }
}

/// Identifies one connection of the session: during a reconnect the old and the new one differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConnId(pub u64);

impl fmt::Display for ConnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Why a connection is opened.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectKind {
    /// The first connection, to the base URL.
    Initial,
    /// Twitch's `session_reconnect`: to its `reconnect_url`; subscriptions carry over.
    Reconnect,
    /// After a lost session, to the base URL again; subscriptions must be created again.
    Recover,
}

/// Why a connection ended: a close code Twitch sent, or something the session or driver noticed.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CloseReason {
    /// 4000: Twitch had an internal error.
    InternalServerError,
    /// 4001: the client sent something other than a pong.
    SentInboundTraffic,
    /// 4002: the client did not answer a ping.
    FailedPingPong,
    /// 4003: no subscription was created in time after the welcome.
    ConnectionUnused,
    /// 4004: the old connection was not closed within 30 s of a `session_reconnect`.
    ReconnectGraceTimeExpired,
    /// 4005: a transient network timeout.
    NetworkTimeout,
    /// 4006: a transient network error.
    NetworkError,
    /// 4007: the reconnect URL was invalid (used twice, or too late).
    InvalidReconnect,
    /// Any other close code, e.g. 1000 (normal) or 1001 (going away).
    Other(u16),
    /// The connection ended without a close frame (TCP reset, EOF; WebSocket's 1006).
    Lost,
    /// Nothing arrived for longer than the keepalive timeout plus the grace.
    KeepaliveTimeout,
    /// A new connection was not welcomed within [`SessionConfig::welcome_timeout`].
    WelcomeTimeout,
    /// The connection could not be opened (DNS, TCP, TLS or the WebSocket handshake).
    ConnectFailed,
}

/// What to do after a connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Connect again to the base URL and create the subscriptions again.
    Reconnect,
    /// Reconnecting would not help: stop and report the reason.
    Stop,
}

impl CloseReason {
    /// The reason for a WebSocket close code.
    pub fn from_code(code: u16) -> Self {
        match code {
            4000 => Self::InternalServerError,
            4001 => Self::SentInboundTraffic,
            4002 => Self::FailedPingPong,
            4003 => Self::ConnectionUnused,
            4004 => Self::ReconnectGraceTimeExpired,
            4005 => Self::NetworkTimeout,
            4006 => Self::NetworkError,
            4007 => Self::InvalidReconnect,
            1006 => Self::Lost,
            other => Self::Other(other),
        }
    }

    /// The close code, for the reasons that are one.
    pub fn code(self) -> Option<u16> {
        Some(match self {
            Self::InternalServerError => 4000,
            Self::SentInboundTraffic => 4001,
            Self::FailedPingPong => 4002,
            Self::ConnectionUnused => 4003,
            Self::ReconnectGraceTimeExpired => 4004,
            Self::NetworkTimeout => 4005,
            Self::NetworkError => 4006,
            Self::InvalidReconnect => 4007,
            Self::Other(code) => code,
            Self::Lost | Self::KeepaliveTimeout | Self::WelcomeTimeout | Self::ConnectFailed => return None,
        })
    }

    /// What to do when the session's live connection ends for this reason.
    ///
    /// Stop for the three reasons reconnecting would only repeat: 4001 (this client sends nothing but pongs,
    /// so inbound traffic is a bug to report, not to retry), 4003 (the application did not subscribe in
    /// time: a new session would be closed the same way) and 4007 (the reconnect URL was refused: the
    /// reconnect handshake is broken). Everything else, transient or unknown, is a fresh reconnect with
    /// backoff. A 4004 on a connection already replaced by a `session_reconnect` is expected and ignored.
    pub fn next_step(self) -> NextStep {
        match self {
            Self::SentInboundTraffic | Self::ConnectionUnused | Self::InvalidReconnect => NextStep::Stop,
            _ => NextStep::Reconnect,
        }
    }
}

impl fmt::Display for CloseReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::InternalServerError => "4000 internal server error",
            Self::SentInboundTraffic => "4001 client sent inbound traffic",
            Self::FailedPingPong => "4002 client failed ping-pong",
            Self::ConnectionUnused => "4003 connection unused: no subscription created in time",
            Self::ReconnectGraceTimeExpired => "4004 reconnect grace time expired",
            Self::NetworkTimeout => "4005 network timeout",
            Self::NetworkError => "4006 network error",
            Self::InvalidReconnect => "4007 invalid reconnect",
            Self::Other(code) => return write!(f, "closed with code {code}"),
            Self::Lost => "connection lost without a close frame",
            Self::KeepaliveTimeout => "no frame within the keepalive timeout",
            Self::WelcomeTimeout => "no welcome within the welcome timeout",
            Self::ConnectFailed => "could not connect",
        };
        f.write_str(text)
    }
}

/// Why the session stopped.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// The connection ended for a reason whose [`CloseReason::next_step`] is [`NextStep::Stop`].
    Closed(CloseReason),
    /// `attempts` connections in a row failed before a welcome; `last` is how the last one ended.
    GaveUp {
        /// The attempts made.
        attempts: u32,
        /// How the last one ended.
        last: CloseReason,
    },
    /// [`WsSession::shutdown`] was called.
    Shutdown,
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Closed(reason) => write!(f, "session closed: {reason}"),
            Self::GaveUp { attempts, last } => {
                write!(f, "gave up after {attempts} failed connection attempts, the last: {last}")
            }
            Self::Shutdown => f.write_str("shut down"),
        }
    }
}

/// What the driver must do, or hand to the application, in order.
#[non_exhaustive]
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // see `receiver_core::Event`
pub enum Action {
    /// Open connection `conn` to `url`, exactly as given; report its frames and its end with `conn`.
    Connect {
        /// The new connection's id.
        conn: ConnId,
        /// Where to connect.
        url: String,
        /// Why.
        kind: ConnectKind,
    },
    /// Close connection `conn` (normal closure); anything it still sends is ignored.
    Close {
        /// The connection.
        conn: ConnId,
    },
    /// A fresh session was welcomed: create the subscriptions for `session_id` now (Twitch closes an unused
    /// session with 4003 after about 10 s).
    CreateSubscriptions {
        /// The session id to put in each subscription's transport.
        session_id: String,
    },
    /// A `session_reconnect` completed: the new connection's welcome arrived and the old one is closed.
    /// Subscriptions carried over: create none.
    SessionMoved {
        /// The session id now (twitch-cli's mock issues a new one; Twitch keeps it).
        session_id: String,
    },
    /// A notification, revocation or unknown message, once, in arrival order.
    Deliver(Delivery<Message>),
    /// A connection ended; informational, what follows is decided by the session.
    Disconnected {
        /// The connection.
        conn: ConnId,
        /// Why.
        reason: CloseReason,
    },
    /// A frame could not be parsed; it is skipped, the session goes on.
    Malformed {
        /// The connection it came on.
        conn: ConnId,
        /// What was wrong with it.
        error: Error,
    },
    /// The session is over; no further action will come.
    Stop(StopReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Connecting or connected, waiting for the welcome until the deadline.
    AwaitingWelcome { deadline: Instant },
    /// Welcomed; dead past the deadline.
    Open { deadline: Instant },
    /// A `session_reconnect` arrived on it: it delivers until the new connection's welcome, then is closed;
    /// Twitch stops its keepalives, so its deadline is the reconnect grace.
    Draining { deadline: Instant },
}

#[derive(Debug, Clone)]
struct Conn {
    id: ConnId,
    kind: ConnectKind,
    phase: Phase,
}

impl Conn {
    fn deadline(&self) -> Instant {
        match self.phase {
            Phase::AwaitingWelcome { deadline } | Phase::Open { deadline } | Phase::Draining { deadline } => deadline,
        }
    }
}

/// The message ids seen last, at most `capacity` of them.
#[derive(Debug, Clone)]
struct Seen {
    capacity: usize,
    order: VecDeque<String>,
    set: HashSet<String>,
}

impl Seen {
    /// Records `id`; `false` when it was already there.
    fn insert(&mut self, id: &str) -> bool {
        if self.set.contains(id) {
            return false;
        }
        if self.capacity == 0 {
            return true;
        }
        while self.order.len() >= self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        self.order.push_back(id.to_owned());
        self.set.insert(id.to_owned());
        true
    }
}

/// The session state machine. See the [module documentation](self).
#[derive(Debug)]
pub struct WsSession {
    base_url: String,
    config: SessionConfig,
    /// The connection that delivers: welcomed (or, right after a start or loss, awaiting its welcome).
    primary: Option<Conn>,
    /// The connection to a `reconnect_url`, awaiting its welcome.
    pending: Option<Conn>,
    /// A fresh connection waiting for its backoff delay.
    scheduled: Option<(Instant, ConnectKind)>,
    /// Failed attempts since the last welcome.
    attempts: u32,
    session_id: Option<String>,
    keepalive: Duration,
    next_conn: u64,
    seen: Seen,
    actions: VecDeque<Action>,
    stopped: bool,
    rng: u64,
}

impl WsSession {
    /// A session for `base_url` (e.g. `wss://eventsub.wss.twitch.tv/ws`, optionally with
    /// `?keepalive_timeout_seconds=N`); its first action connects there.
    pub fn new(base_url: impl Into<String>, config: SessionConfig, now: Instant) -> Self {
        let seen = Seen { capacity: config.dedupe_capacity, order: VecDeque::new(), set: HashSet::new() };
        let rng = config.jitter_seed | 1;
        let mut session = Self {
            base_url: base_url.into(),
            config,
            primary: None,
            pending: None,
            scheduled: None,
            attempts: 0,
            session_id: None,
            keepalive: Duration::from_secs(10),
            next_conn: 0,
            seen,
            actions: VecDeque::new(),
            stopped: false,
            rng,
        };
        let url = session.base_url.clone();
        session.open(ConnectKind::Initial, url, now);
        session
    }

    /// The next thing to do, in order; `None` when nothing is left until the next input.
    pub fn poll_action(&mut self) -> Option<Action> {
        self.actions.pop_front()
    }

    /// When [`handle_timeout`](Self::handle_timeout) must be called next, if ever.
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.stopped {
            return None;
        }
        [
            self.primary.as_ref().map(Conn::deadline),
            self.pending.as_ref().map(Conn::deadline),
            self.scheduled.map(|s| s.0),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// The current session id: from the last welcome, `None` before the first one.
    pub fn session_id(&self) -> Option<&str> {
        self.session_id.as_deref()
    }

    /// The base URL fresh connections go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The settings.
    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    /// `true` once [`Action::Stop`] was emitted.
    pub fn is_stopped(&self) -> bool {
        self.stopped
    }

    /// One text frame arrived on `conn`.
    pub fn handle_frame(&mut self, conn: ConnId, text: &str, now: Instant) {
        if self.stopped || !self.is_live(conn) {
            return; // a connection the session closed: ignored
        }
        let frame = match Frame::parse(text) {
            Ok(frame) => frame,
            Err(error) => {
                self.touch(conn, now);
                self.actions.push_back(Action::Malformed { conn, error });
                return;
            }
        };
        let Frame { metadata, message } = frame;
        match message {
            FrameMessage::Welcome(session) => self.welcome(conn, session.id, session.keepalive_timeout_seconds, now),
            FrameMessage::Reconnect(session) => {
                self.touch(conn, now);
                match session.reconnect_url {
                    Some(url) => self.reconnect(conn, url, now),
                    None => self.actions.push_back(Action::Malformed {
                        conn,
                        error: Error::MalformedBody("session_reconnect without a reconnect_url".into()),
                    }),
                }
            }
            FrameMessage::Keepalive => self.touch(conn, now),
            FrameMessage::Notification(note) => {
                self.touch(conn, now);
                self.deliver(metadata, MessageType::Notification, Message::Notification(note));
            }
            FrameMessage::Revocation(revocation) => {
                self.touch(conn, now);
                self.deliver(metadata, MessageType::Revocation, Message::Revocation(revocation));
            }
            FrameMessage::Unknown(raw) => {
                self.touch(conn, now);
                let message_type = metadata.message_type.as_str().to_owned();
                let unknown = Message::Unknown(UnknownMessage { message_type: message_type.clone(), raw });
                self.deliver(metadata, MessageType::Unknown(message_type), unknown);
            }
        }
    }

    /// Connection `conn` ended: `code` is the close frame's code, `None` without a close frame.
    pub fn handle_close(&mut self, conn: ConnId, code: Option<u16>, now: Instant) {
        let reason = code.map_or(CloseReason::Lost, CloseReason::from_code);
        self.ended(conn, reason, now);
    }

    /// Connection `conn` could not be opened.
    pub fn handle_connect_failed(&mut self, conn: ConnId, now: Instant) {
        self.ended(conn, CloseReason::ConnectFailed, now);
    }

    /// The time [`poll_timeout`](Self::poll_timeout) named has come (calling it early or late is harmless).
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.stopped {
            return;
        }
        if let Some(conn) = self.pending.as_ref().filter(|c| c.deadline() <= now).map(|c| c.id) {
            self.close(conn);
            self.ended(conn, CloseReason::WelcomeTimeout, now);
        }
        if let Some(conn) = self.primary.as_ref().filter(|c| c.deadline() <= now) {
            let (id, reason) = match conn.phase {
                Phase::AwaitingWelcome { .. } => (conn.id, CloseReason::WelcomeTimeout),
                Phase::Open { .. } | Phase::Draining { .. } => (conn.id, CloseReason::KeepaliveTimeout),
            };
            self.close(id);
            self.ended(id, reason, now);
        }
        if let Some((_, kind)) = self.scheduled.filter(|s| s.0 <= now) {
            self.scheduled = None;
            self.open(kind, self.base_url.clone(), now);
        }
    }

    /// Closes every connection and stops.
    pub fn shutdown(&mut self) {
        if self.stopped {
            return;
        }
        for conn in [self.pending.take(), self.primary.take()].into_iter().flatten() {
            self.actions.push_back(Action::Close { conn: conn.id });
        }
        self.stop(StopReason::Shutdown);
    }

    fn is_live(&self, conn: ConnId) -> bool {
        self.primary.as_ref().is_some_and(|c| c.id == conn) || self.pending.as_ref().is_some_and(|c| c.id == conn)
    }

    fn conn_mut(&mut self, conn: ConnId) -> Option<&mut Conn> {
        if self.primary.as_ref().is_some_and(|c| c.id == conn) {
            self.primary.as_mut()
        } else {
            self.pending.as_mut().filter(|c| c.id == conn)
        }
    }

    /// Any frame proves the connection alive.
    fn touch(&mut self, conn: ConnId, now: Instant) {
        let deadline = now + self.keepalive + self.config.keepalive_grace;
        if let Some(Conn { phase: Phase::Open { deadline: d }, .. }) = self.conn_mut(conn) {
            *d = deadline;
        }
    }

    fn welcome(&mut self, conn: ConnId, session_id: String, keepalive: Option<u64>, now: Instant) {
        if let Some(seconds) = keepalive {
            self.keepalive = Duration::from_secs(seconds);
        }
        let deadline = now + self.keepalive + self.config.keepalive_grace;
        self.attempts = 0;
        self.session_id = Some(session_id.clone());
        if self.pending.as_ref().is_some_and(|c| c.id == conn) {
            // The reconnect completed: the new connection takes over, the old one is closed.
            if let Some(old) = self.primary.take() {
                self.close(old.id);
            }
            self.primary = self.pending.take().map(|c| Conn { phase: Phase::Open { deadline }, ..c });
            self.actions.push_back(Action::SessionMoved { session_id });
            return;
        }
        let Some(primary) = self.primary.as_mut().filter(|c| c.id == conn) else { return };
        let first = matches!(primary.phase, Phase::AwaitingWelcome { .. });
        primary.phase = Phase::Open { deadline };
        if !first {
            return; // a second welcome on an open connection: the session id is updated, nothing else
        }
        match primary.kind {
            // The old connection died before the new one's welcome: the session still moved.
            ConnectKind::Reconnect => self.actions.push_back(Action::SessionMoved { session_id }),
            ConnectKind::Initial | ConnectKind::Recover => {
                self.actions.push_back(Action::CreateSubscriptions { session_id });
            }
        }
    }

    fn reconnect(&mut self, conn: ConnId, url: String, now: Instant) {
        if self.pending.is_some() || self.primary.as_ref().is_none_or(|c| c.id != conn) {
            return; // already reconnecting, or asked by the connection being replaced: once is enough
        }
        if let Some(primary) = self.primary.as_mut() {
            primary.phase = Phase::Draining { deadline: now + RECONNECT_GRACE + self.config.keepalive_grace };
        }
        let id = self.next_id();
        let deadline = now + self.config.welcome_timeout;
        self.pending = Some(Conn { id, kind: ConnectKind::Reconnect, phase: Phase::AwaitingWelcome { deadline } });
        self.actions.push_back(Action::Connect { conn: id, url, kind: ConnectKind::Reconnect });
    }

    fn deliver(&mut self, metadata: FrameMetadata, message_type: MessageType, message: Message) {
        if !self.seen.insert(&metadata.message_id) {
            return;
        }
        let (subscription_type, subscription_version) =
            subscription_names(metadata.subscription_type.as_deref(), metadata.subscription_version.as_deref());
        let twitch = TwitchMeta { message_type, retry: None, subscription_type, subscription_version };
        let meta = DeliveryMeta {
            id: Some(metadata.message_id),
            timestamp: Some(metadata.message_timestamp),
            twitch: Some(twitch),
            ..DeliveryMeta::new(SourceKind::TwitchEventSub)
        };
        self.actions.push_back(Action::Deliver(Delivery::new(meta, message)));
    }

    fn close(&mut self, conn: ConnId) {
        self.actions.push_back(Action::Close { conn });
    }

    fn ended(&mut self, conn: ConnId, reason: CloseReason, now: Instant) {
        if self.stopped {
            return;
        }
        if self.pending.as_ref().is_some_and(|c| c.id == conn) {
            // The reconnect failed; the old connection still delivers until Twitch closes it (4004), and
            // that loss starts a fresh session.
            self.pending = None;
            self.actions.push_back(Action::Disconnected { conn, reason });
            if reason.next_step() == NextStep::Stop {
                self.shutdown_with(StopReason::Closed(reason));
            }
            return;
        }
        let Some(primary) = self.primary.take_if(|c| c.id == conn) else {
            return; // a connection already given up: its end changes nothing
        };
        self.actions.push_back(Action::Disconnected { conn, reason });
        let draining = matches!(primary.phase, Phase::Draining { .. });
        if let Some(pending) = self.pending.take() {
            // The old connection ended before the new one's welcome: the new one carries the session on.
            self.primary = Some(pending);
            return;
        }
        if draining && reason == CloseReason::ReconnectGraceTimeExpired {
            // The reconnect failed and Twitch gave up on the old connection: start over below.
        } else if reason.next_step() == NextStep::Stop {
            self.shutdown_with(StopReason::Closed(reason));
            return;
        }
        let welcomed = !matches!(primary.phase, Phase::AwaitingWelcome { .. });
        let kind = if welcomed || primary.kind == ConnectKind::Recover || self.session_id.is_some() {
            ConnectKind::Recover
        } else {
            ConnectKind::Initial
        };
        if self.attempts >= self.config.max_reconnect_attempts {
            self.shutdown_with(StopReason::GaveUp { attempts: self.attempts, last: reason });
            return;
        }
        let delay = self.backoff();
        self.scheduled = Some((now + delay, kind));
        if delay.is_zero() {
            self.handle_timeout(now);
        }
    }

    /// Opens a fresh connection (an attempt counted towards the limit).
    fn open(&mut self, kind: ConnectKind, url: String, now: Instant) {
        self.attempts = self.attempts.saturating_add(1);
        let id = self.next_id();
        let deadline = now + self.config.welcome_timeout;
        self.primary = Some(Conn { id, kind, phase: Phase::AwaitingWelcome { deadline } });
        self.actions.push_back(Action::Connect { conn: id, url, kind });
    }

    fn next_id(&mut self) -> ConnId {
        let id = ConnId(self.next_conn);
        self.next_conn += 1;
        id
    }

    /// The delay after `self.attempts` failed attempts in a row (0 after a welcomed session was lost):
    /// `initial · 2^attempts`, at most `max`, then a random value between half and all of it.
    fn backoff(&mut self) -> Duration {
        let exponent = self.attempts.min(20);
        let full = self.config.backoff_initial.saturating_mul(1 << exponent).min(self.config.backoff_max);
        // xorshift64: enough to spread reconnecting clients apart.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let fraction = (self.rng >> 11) as f64 / (1u64 << 53) as f64;
        full.mul_f64(0.5 + fraction / 2.0)
    }

    fn shutdown_with(&mut self, reason: StopReason) {
        for conn in [self.pending.take(), self.primary.take()].into_iter().flatten() {
            self.actions.push_back(Action::Close { conn: conn.id });
        }
        self.stop(reason);
    }

    fn stop(&mut self, reason: StopReason) {
        self.scheduled = None;
        self.stopped = true;
        self.actions.push_back(Action::Stop(reason));
    }
}
