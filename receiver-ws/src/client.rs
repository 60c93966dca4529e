//! The client: a task running the sans-IO session over real connections, and the stream it feeds.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::future::Future;
use std::hash::BuildHasher;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use receiver_core::twitch::session::{Action, CloseReason, ConnId, SessionConfig, StopReason, WsSession};
use receiver_core::{BoxError, Delivery, twitch};
use tokio::sync::{mpsc, oneshot};

use crate::connection::{self, ConnEvent};

type Hook = Arc<dyn Fn(String) -> Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send>> + Send + Sync>;

/// Entry point: [`TwitchWsClient::builder`].
#[derive(Debug, Clone, Copy)]
pub struct TwitchWsClient;

impl TwitchWsClient {
    /// A client for `url`: Twitch's [`TWITCH_EVENTSUB_WS_URL`](crate::TWITCH_EVENTSUB_WS_URL) (optionally
    /// with `?keepalive_timeout_seconds=N`, 10 to 600), or a mock's, e.g. `ws://127.0.0.1:8080/ws`.
    pub fn builder(url: impl Into<String>) -> TwitchWsClientBuilder {
        TwitchWsClientBuilder { url: url.into(), config: SessionConfig::default(), hook: None, buffer: 256 }
    }
}

/// Configures a client; [`connect`](Self::connect) starts it.
pub struct TwitchWsClientBuilder {
    url: String,
    config: SessionConfig,
    hook: Option<Hook>,
    buffer: usize,
}

impl fmt::Debug for TwitchWsClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TwitchWsClientBuilder")
            .field("url", &self.url)
            .field("config", &self.config)
            .field("hook", &self.hook.as_ref().map(|_| "set"))
            .field("buffer", &self.buffer)
            .finish()
    }
}

impl TwitchWsClientBuilder {
    /// Called with the session id after each fresh welcome (the first one, and after every lost session),
    /// never after a `session_reconnect`: create the subscriptions there. It runs in a task of its own while
    /// frames keep being read; an error is yielded as [`WsError::Subscribe`] and the stream goes on.
    #[must_use]
    pub fn on_welcome<F, Fut, E>(mut self, hook: F) -> Self
    where
        F: Fn(String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: Into<BoxError>,
    {
        self.hook = Some(Arc::new(move |session_id| {
            let future = hook(session_id);
            Box::pin(async move { future.await.map_err(Into::into) })
        }));
        self
    }

    /// Silence tolerated beyond the welcome's `keepalive_timeout_seconds` before the connection counts as
    /// dead (default 3 s).
    #[must_use]
    pub fn keepalive_grace(mut self, grace: Duration) -> Self {
        self.config.keepalive_grace = grace;
        self
    }

    /// How long a new connection may take to be welcomed, connecting included (default 15 s).
    #[must_use]
    pub fn welcome_timeout(mut self, timeout: Duration) -> Self {
        self.config.welcome_timeout = timeout;
        self
    }

    /// The reconnect backoff: the first delay and the longest (default 500 ms and 30 s). Each delay doubles
    /// the previous one and is jittered to between half and all of it.
    #[must_use]
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.config.backoff_initial = initial;
        self.config.backoff_max = max;
        self
    }

    /// How many connection attempts in a row may fail before the stream ends with [`WsError::GaveUp`]
    /// (default 10; a welcome resets the count).
    #[must_use]
    pub fn max_reconnect_attempts(mut self, attempts: u32) -> Self {
        self.config.max_reconnect_attempts = attempts;
        self
    }

    /// How many message ids are remembered to drop duplicates (default 4096).
    #[must_use]
    pub fn dedupe_capacity(mut self, capacity: usize) -> Self {
        self.config.dedupe_capacity = capacity;
        self
    }

    /// How many events may wait for the consumer (default 256); connections keep being read meanwhile.
    #[must_use]
    pub fn buffer(mut self, events: usize) -> Self {
        self.buffer = events.max(1);
        self
    }

    /// Starts the client in a tokio task (call it inside a runtime). Dropping the stream closes the
    /// connections and ends the task.
    pub fn connect(self) -> TwitchWsStream {
        crate::install_crypto_provider();
        let mut config = self.config;
        config.jitter_seed = RandomState::new().hash_one(Instant::now());
        let (sender, receiver) = mpsc::channel(self.buffer);
        let session = WsSession::new(self.url, config, Instant::now());
        tokio::spawn(Driver::new(session, self.hook, sender).run());
        TwitchWsStream { receiver, done: false }
    }
}

/// What the stream yields.
#[non_exhaustive]
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // see `receiver_core::Event`
pub enum WsEvent {
    /// A fresh session: create subscriptions for `session_id` (the hook has been started with it).
    Welcome {
        /// The session id.
        session_id: String,
    },
    /// A `session_reconnect` completed: subscriptions carried over.
    Moved {
        /// The session id now.
        session_id: String,
    },
    /// A notification or revocation, once, in arrival order.
    Delivery(Delivery<twitch::Message>),
    /// A connection ended; the session reconnects if the reason allows.
    Disconnected {
        /// Why.
        reason: CloseReason,
        /// What the connection reported, if anything (an I/O or handshake error).
        detail: Option<String>,
    },
    /// A frame that could not be parsed was skipped.
    Malformed(receiver_core::Error),
}

impl fmt::Display for WsEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Welcome { session_id } => write!(f, "session {session_id} welcomed: create subscriptions"),
            Self::Moved { session_id } => write!(f, "session moved to {session_id}: subscriptions carried over"),
            Self::Delivery(delivery) => write!(f, "delivery {}", delivery.meta.id.as_deref().unwrap_or("-")),
            Self::Disconnected { reason, detail: Some(detail) } => write!(f, "disconnected: {reason} ({detail})"),
            Self::Disconnected { reason, detail: None } => write!(f, "disconnected: {reason}"),
            Self::Malformed(error) => write!(f, "malformed frame skipped: {error}"),
        }
    }
}

/// What ends the stream, or a failed subscription hook.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum WsError {
    /// Connections kept failing: `attempts` in a row without a welcome.
    #[error("gave up after {attempts} failed connection attempts; the last: {last}{}", detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    GaveUp {
        /// The attempts made.
        attempts: u32,
        /// How the last one ended.
        last: CloseReason,
        /// The last connection error reported, if any.
        detail: Option<String>,
    },
    /// Twitch closed the session for a reason reconnecting would only repeat (4001, 4003, 4007).
    #[error("session closed by the server: {0}")]
    Closed(CloseReason),
    /// The subscription hook failed; the session goes on (Twitch closes it with 4003 if it stays unused).
    #[error("creating subscriptions failed: {0}")]
    Subscribe(#[source] BoxError),
}

impl WsError {
    /// `true` when the stream ends after this error.
    pub fn is_terminal(&self) -> bool {
        !matches!(self, Self::Subscribe(_))
    }
}

/// The events of a running client; see the [crate documentation](crate).
#[derive(Debug)]
pub struct TwitchWsStream {
    receiver: mpsc::Receiver<Result<WsEvent, WsError>>,
    done: bool,
}

impl futures_core::Stream for TwitchWsStream {
    type Item = Result<WsEvent, WsError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        let item = std::task::ready!(self.receiver.poll_recv(cx));
        if item.as_ref().is_none_or(|item| item.as_ref().is_err_and(WsError::is_terminal)) {
            self.done = true;
        }
        Poll::Ready(item)
    }
}

struct Conn {
    close: oneshot::Sender<()>,
}

/// The task: owns the session and the connections' close handles.
struct Driver {
    session: WsSession,
    hook: Option<Hook>,
    output: mpsc::Sender<Result<WsEvent, WsError>>,
    conns: HashMap<ConnId, Conn>,
    conn_events: mpsc::UnboundedSender<ConnEvent>,
    conn_receiver: mpsc::UnboundedReceiver<ConnEvent>,
    hook_results: mpsc::UnboundedSender<BoxError>,
    hook_receiver: mpsc::UnboundedReceiver<BoxError>,
    last_error: Option<String>,
}

impl Driver {
    fn new(session: WsSession, hook: Option<Hook>, output: mpsc::Sender<Result<WsEvent, WsError>>) -> Self {
        let (conn_events, conn_receiver) = mpsc::unbounded_channel();
        let (hook_results, hook_receiver) = mpsc::unbounded_channel();
        Self {
            session,
            hook,
            output,
            conns: HashMap::new(),
            conn_events,
            conn_receiver,
            hook_results,
            hook_receiver,
            last_error: None,
        }
    }

    async fn run(mut self) {
        loop {
            if !self.perform().await {
                break;
            }
            let deadline = self.session.poll_timeout().map(tokio::time::Instant::from_std);
            let sleep = async {
                match deadline {
                    Some(deadline) => tokio::time::sleep_until(deadline).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                biased;
                event = self.conn_receiver.recv() => match event {
                    Some(event) => self.handle(event),
                    None => break, // unreachable: `self` holds a sender
                },
                Some(error) = self.hook_receiver.recv() => {
                    if self.output.send(Err(WsError::Subscribe(error))).await.is_err() {
                        break;
                    }
                }
                () = sleep => self.session.handle_timeout(Instant::now()),
                () = self.output.closed() => break,
            }
        }
        self.session.shutdown();
        while let Some(action) = self.session.poll_action() {
            if let Action::Close { conn } = action {
                self.close(conn);
            }
        }
    }

    fn handle(&mut self, event: ConnEvent) {
        let now = Instant::now();
        match event {
            ConnEvent::Frame(conn, text) => self.session.handle_frame(conn, &text, now),
            ConnEvent::Closed(conn, code, detail) => {
                self.conns.remove(&conn);
                self.last_error = detail;
                self.session.handle_close(conn, code, now);
            }
            ConnEvent::Failed(conn, error) => {
                self.conns.remove(&conn);
                self.last_error = Some(error);
                self.session.handle_connect_failed(conn, now);
            }
        }
    }

    /// Carries out the session's actions; `false` when the client is done (stopped, or nobody listens).
    async fn perform(&mut self) -> bool {
        while let Some(action) = self.session.poll_action() {
            let item = match action {
                Action::Connect { conn, url, .. } => {
                    let (close, closed) = oneshot::channel();
                    self.conns.insert(conn, Conn { close });
                    tokio::spawn(connection::run(conn, url, self.conn_events.clone(), closed));
                    continue;
                }
                Action::Close { conn } => {
                    self.close(conn);
                    continue;
                }
                Action::CreateSubscriptions { session_id } => {
                    if let Some(hook) = &self.hook {
                        let future = hook(session_id.clone());
                        let results = self.hook_results.clone();
                        tokio::spawn(async move {
                            if let Err(error) = future.await {
                                let _ = results.send(error);
                            }
                        });
                    }
                    Ok(WsEvent::Welcome { session_id })
                }
                Action::SessionMoved { session_id } => Ok(WsEvent::Moved { session_id }),
                Action::Deliver(delivery) => Ok(WsEvent::Delivery(delivery)),
                Action::Disconnected { reason, .. } => {
                    let detail = match reason {
                        CloseReason::Lost | CloseReason::ConnectFailed => self.last_error.clone(),
                        _ => None,
                    };
                    Ok(WsEvent::Disconnected { reason, detail })
                }
                Action::Malformed { error, .. } => Ok(WsEvent::Malformed(error)),
                Action::Stop(reason) => {
                    let error = match reason {
                        StopReason::Closed(reason) => WsError::Closed(reason),
                        StopReason::GaveUp { attempts, last } => {
                            WsError::GaveUp { attempts, last, detail: self.last_error.take() }
                        }
                        // Only this task shuts the session down, after the loop.
                        _ => return false,
                    };
                    // Close what the stop asked to close before reporting.
                    while let Some(action) = self.session.poll_action() {
                        if let Action::Close { conn } = action {
                            self.close(conn);
                        }
                    }
                    let _ = self.output.send(Err(error)).await;
                    return false;
                }
                _ => continue,
            };
            if self.output.send(item).await.is_err() {
                return false;
            }
        }
        true
    }

    fn close(&mut self, conn: ConnId) {
        if let Some(conn) = self.conns.remove(&conn) {
            let _ = conn.close.send(());
        }
    }
}
