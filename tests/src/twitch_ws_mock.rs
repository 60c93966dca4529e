//! A mock Twitch EventSub WebSocket server that behaves as twitch-cli's `twitch event websocket
//! start-server` does (see `shared/protocols/twitch-eventsub.md` b.6), on a real loopback socket:
//!
//! - `/ws`: a welcome at connect, a keepalive on a fixed ticker (not reset by notifications), WebSocket
//!   pings, close 4001 on any data frame from the client;
//! - [`MockTwitch::reconnect`]: a new server generation; every client of the old one gets a
//!   `session_reconnect` whose URL carries `reconnect_id`, keepalives stop on the old connection, and after
//!   the grace time the old server closes its clients with 4004. Connecting with the `reconnect_id` gets a
//!   welcome with a **new** session id and the old session's subscriptions; a `reconnect_id` used twice or
//!   unknown is closed with 4007;
//! - [`MockTwitch::close`] sends any close code; [`MockTwitch::silence`] stops everything on a connection
//!   (the keepalive-loss case); strict mode closes a session without subscription with 4003;
//! - `/eventsub/subscriptions`: `POST` creates a subscription (202; 400 without `Client-Id`, for a
//!   non-websocket transport or an unknown session; 409 for a type and version the session already has).
//!
//! Notifications ([`MockTwitch::notify`]) go to every open connection whose session holds a subscription,
//! so around a switch the old and the new connection both get them: the client must deduplicate. With
//! [`MockConfig::resend_on_reconnect`] the last notification the old session got is sent again on the new
//! connection right after its welcome, as Twitch may.

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// How the mock behaves.
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// `keepalive_timeout_seconds` in the welcome.
    pub keepalive_seconds: u64,
    /// How often keepalives are sent (twitch-cli: the timeout itself; may be shorter).
    pub keepalive_period: Duration,
    /// How often a WebSocket ping is sent (twitch-cli: 5 s).
    pub ping_period: Duration,
    /// How long the old server waits after a `session_reconnect` before closing with 4004 (Twitch: 30 s).
    pub reconnect_grace: Duration,
    /// Strict mode: close a session with 4003 if it has no subscription this long after its welcome.
    pub require_subscription: Option<Duration>,
    /// Send the old session's last notification again on the new connection after its welcome.
    pub resend_on_reconnect: bool,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            keepalive_seconds: 1,
            keepalive_period: Duration::from_millis(500),
            ping_period: Duration::from_millis(300),
            reconnect_grace: Duration::from_secs(3),
            require_subscription: None,
            resend_on_reconnect: true,
        }
    }
}

enum Command {
    Send(String),
    Close(u16),
    Keepalive(bool),
    Silence,
}

#[derive(Debug, Clone)]
struct Subscription {
    id: String,
    kind: String,
    version: String,
    condition: Value,
}

struct Conn {
    generation: u32,
    commands: mpsc::UnboundedSender<Command>,
    subscriptions: Vec<Subscription>,
    last_notification: Option<String>,
    open: bool,
    silenced: bool,
}

#[derive(Default)]
struct Shared {
    generation: u32,
    next_client: u32,
    conns: BTreeMap<String, Conn>,
    used_reconnect_ids: HashSet<String>,
    /// Every close code the server sent, in order, with the session id.
    closes_sent: Vec<(String, u16)>,
    subscriptions_created: usize,
    welcomes: usize,
    data_frames_from_clients: usize,
    resent: usize,
    pongs: usize,
}

struct Inner {
    addr: SocketAddr,
    /// The runtime the server runs on: the methods may be called from outside it.
    runtime: tokio::runtime::Handle,
    config: MockConfig,
    shared: Mutex<Shared>,
}

/// A running mock server; it stops when the runtime does.
#[derive(Clone)]
pub struct MockTwitch {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for MockTwitch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockTwitch").field("addr", &self.inner.addr).finish()
    }
}

/// What the mock knows of one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// The session id (`<server>_<client>`).
    pub id: String,
    /// The server generation it belongs to (one per [`MockTwitch::reconnect`]).
    pub generation: u32,
    /// How many subscriptions it holds.
    pub subscriptions: usize,
    /// Whether its connection is open.
    pub open: bool,
}

impl MockTwitch {
    /// Binds `127.0.0.1:0` and serves on the current runtime; the methods may be called from any thread.
    pub async fn start(config: MockConfig) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let runtime = tokio::runtime::Handle::current();
        let inner = Arc::new(Inner { addr, runtime, config, shared: Mutex::new(Shared::default()) });
        let app = Router::new()
            .route("/ws", any(upgrade))
            .route("/eventsub/subscriptions", post(create_subscription))
            .with_state(inner.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { inner }
    }

    /// `ws://127.0.0.1:PORT/ws`.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.inner.addr)
    }

    /// `http://127.0.0.1:PORT`: the API base for `/eventsub/subscriptions`.
    pub fn api_base(&self) -> String {
        format!("http://{}", self.inner.addr)
    }

    fn shared(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.inner.shared.lock().unwrap()
    }

    /// Every session so far, by id.
    pub fn sessions(&self) -> Vec<SessionInfo> {
        self.shared()
            .conns
            .iter()
            .map(|(id, c)| SessionInfo {
                id: id.clone(),
                generation: c.generation,
                subscriptions: c.subscriptions.len(),
                open: c.open,
            })
            .collect()
    }

    /// The open, not silenced session of the current generation holding a subscription, if exactly one.
    pub fn live_session(&self) -> Option<String> {
        let shared = self.shared();
        let live: Vec<_> = shared
            .conns
            .iter()
            .filter(|(_, c)| c.open && !c.silenced && c.generation == shared.generation && !c.subscriptions.is_empty())
            .map(|(id, _)| id.clone())
            .collect();
        if live.len() == 1 { live.into_iter().next() } else { None }
    }

    /// Waits until `live_session` names a session other than `not`, for at most `timeout`.
    pub async fn wait_live(&self, not: Option<&str>, timeout: Duration) -> String {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if let Some(id) = self.live_session().filter(|id| Some(id.as_str()) != not) {
                return id;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no live subscribed session within {timeout:?}: {:?}",
                self.sessions()
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Sends notification `n` (a `channel.raid` with `viewers: n`, message id `m-{n}`) to every open
    /// connection holding a subscription; returns to how many.
    pub fn notify(&self, n: u64) -> usize {
        let mut shared = self.shared();
        let mut sent = 0;
        for (id, conn) in shared.conns.iter_mut().filter(|(_, c)| c.open && !c.silenced && !c.subscriptions.is_empty())
        {
            let text = notification(n, id);
            conn.last_notification = Some(text.clone());
            if conn.commands.send(Command::Send(text)).is_ok() {
                sent += 1;
            }
        }
        sent
    }

    /// Sends a text frame as is to a session.
    pub fn send_raw(&self, session_id: &str, text: &str) {
        if let Some(conn) = self.shared().conns.get(session_id) {
            let _ = conn.commands.send(Command::Send(text.to_owned()));
        }
    }

    /// `twitch event websocket reconnect`: a new server generation; clients of the old one are told to move.
    pub fn reconnect(&self) {
        let mut shared = self.shared();
        let old = shared.generation;
        shared.generation += 1;
        let addr = self.inner.addr;
        let mut moved = Vec::new();
        for (id, conn) in shared.conns.iter().filter(|(_, c)| c.open && c.generation == old) {
            let url = format!("ws://{addr}/ws?reconnect_id={id}");
            let _ = conn.commands.send(Command::Send(reconnect_frame(id, &url)));
            let _ = conn.commands.send(Command::Keepalive(false));
            moved.push(conn.commands.clone());
        }
        let grace = self.inner.config.reconnect_grace;
        self.inner.runtime.spawn(async move {
            tokio::time::sleep(grace).await;
            for commands in moved {
                let _ = commands.send(Command::Close(4004));
            }
        });
    }

    /// Sends one session a `session_reconnect` to `url` as given (e.g. a `reconnect_id` the server will
    /// refuse with 4007).
    pub fn reconnect_to(&self, session_id: &str, url: &str) {
        self.send_raw(session_id, &reconnect_frame(session_id, url));
    }

    /// `twitch event websocket close --reason=CODE` (any code, 4004 included, unlike twitch-cli).
    pub fn close(&self, session_id: &str, code: u16) {
        if let Some(conn) = self.shared().conns.get(session_id) {
            let _ = conn.commands.send(Command::Close(code));
        }
    }

    /// Stops every frame and ping on a session's connection (no close): the client must notice the silence.
    pub fn silence(&self, session_id: &str) {
        let mut shared = self.shared();
        if let Some(conn) = shared.conns.get_mut(session_id) {
            conn.silenced = true;
            let _ = conn.commands.send(Command::Silence);
        }
    }

    /// Every close code sent, with its session id, in order.
    pub fn closes_sent(&self) -> Vec<(String, u16)> {
        self.shared().closes_sent.clone()
    }

    /// How many subscriptions were created through the REST endpoint.
    pub fn subscriptions_created(&self) -> usize {
        self.shared().subscriptions_created
    }

    /// How many welcomes were sent.
    pub fn welcomes(&self) -> usize {
        self.shared().welcomes
    }

    /// How many notifications were sent again on a new connection after a reconnect.
    pub fn resent(&self) -> usize {
        self.shared().resent
    }

    /// How many pongs clients sent (answers to the mock's pings).
    pub fn pongs(&self) -> usize {
        self.shared().pongs
    }

    /// How many data frames clients sent (each answered with 4001).
    pub fn data_frames_from_clients(&self) -> usize {
        self.shared().data_frames_from_clients
    }
}

/// A `channel.raid` notification frame for `session_id`.
pub fn notification(n: u64, session_id: &str) -> String {
    json!({
        "metadata": {
            "message_id": format!("m-{n}"),
            "message_type": "notification",
            "message_timestamp": "2026-01-01T00:00:00.123456789Z",
            "subscription_type": "channel.raid",
            "subscription_version": "1",
        },
        "payload": {
            "subscription": {
                "id": "7297f7eb-3bf5-461f-8ae6-7cd7781ebce3", "status": "enabled", "type": "channel.raid",
                "version": "1", "cost": 0, "condition": {"to_broadcaster_user_id": "1337"},
                "transport": {"method": "websocket", "session_id": session_id},
                "created_at": "2026-01-01T00:00:00Z",
            },
            "event": {
                "from_broadcaster_user_id": "1234", "from_broadcaster_user_login": "cool_user",
                "from_broadcaster_user_name": "Cool_User", "to_broadcaster_user_id": "1337",
                "to_broadcaster_user_login": "cooler_user", "to_broadcaster_user_name": "Cooler_User",
                "viewers": n,
            },
        },
    })
    .to_string()
}

fn metadata(kind: &str) -> Value {
    json!({
        "message_id": uuidish(),
        "message_type": kind,
        "message_timestamp": "2026-01-01T00:00:00.5Z",
    })
}

fn welcome_frame(session_id: &str, keepalive: u64) -> String {
    json!({
        "metadata": metadata("session_welcome"),
        "payload": {"session": {
            "id": session_id, "status": "connected", "keepalive_timeout_seconds": keepalive,
            "reconnect_url": null, "connected_at": "2026-01-01T00:00:00Z",
        }},
    })
    .to_string()
}

fn reconnect_frame(session_id: &str, url: &str) -> String {
    json!({
        "metadata": metadata("session_reconnect"),
        "payload": {"session": {
            "id": session_id, "status": "reconnecting", "keepalive_timeout_seconds": null,
            "reconnect_url": url, "connected_at": "2026-01-01T00:00:00Z",
        }},
    })
    .to_string()
}

fn keepalive_frame() -> String {
    json!({"metadata": metadata("session_keepalive"), "payload": {}}).to_string()
}

fn uuidish() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("00000000-0000-4000-8000-{:012x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

fn close_reason(code: u16) -> &'static str {
    match code {
        4000 => "internal server error",
        4001 => "sent inbound traffic",
        4002 => "failed ping pong",
        4003 => "connection unused",
        4004 => "client reconnect grace time expired",
        4005 => "network timeout",
        4006 => "network error",
        4007 => "invalid reconnect",
        _ => "client disconnected",
    }
}

async fn upgrade(State(inner): State<Arc<Inner>>, RawQuery(query): RawQuery, ws: WebSocketUpgrade) -> Response {
    let reconnect_id = query.as_deref().unwrap_or("").split('&').find_map(|pair| pair.strip_prefix("reconnect_id="));
    let reconnect_id = reconnect_id.map(str::to_owned);
    ws.on_upgrade(move |socket| serve(inner, socket, reconnect_id)).into_response()
}

/// Registers a new session (copying subscriptions when reconnecting); `Err` for an invalid reconnect.
fn register(
    inner: &Inner,
    reconnect_id: Option<&str>,
    commands: mpsc::UnboundedSender<Command>,
) -> Result<(String, Option<String>), ()> {
    let mut shared = inner.shared.lock().unwrap();
    let (subscriptions, resend) = match reconnect_id {
        None => (Vec::new(), None),
        Some(old) => {
            if !shared.used_reconnect_ids.insert(old.to_owned()) {
                return Err(());
            }
            let conn = shared.conns.get(old).ok_or(())?;
            (conn.subscriptions.clone(), conn.last_notification.clone())
        }
    };
    shared.next_client += 1;
    let id = format!("{:08x}_{:08x}", shared.generation + 0xe411_cc1e, shared.next_client);
    let generation = shared.generation;
    shared.welcomes += 1;
    shared.conns.insert(
        id.clone(),
        Conn { generation, commands, subscriptions, last_notification: None, open: true, silenced: false },
    );
    let resend = resend.filter(|_| inner.config.resend_on_reconnect);
    shared.resent += usize::from(resend.is_some());
    Ok((id, resend))
}

async fn send_close(socket: &mut WebSocket, inner: &Inner, session_id: &str, code: u16) {
    inner.shared.lock().unwrap().closes_sent.push((session_id.to_owned(), code));
    let frame = CloseFrame { code, reason: close_reason(code).into() };
    let _ = socket.send(Message::Close(Some(frame))).await;
    // Give the client a moment to answer the close, then drop the connection.
    let _ = tokio::time::timeout(Duration::from_millis(500), async { while let Some(Ok(_)) = socket.recv().await {} })
        .await;
}

async fn serve(inner: Arc<Inner>, mut socket: WebSocket, reconnect_id: Option<String>) {
    let (commands, mut received) = mpsc::unbounded_channel();
    let (session_id, resend) = match register(&inner, reconnect_id.as_deref(), commands) {
        Ok(registered) => registered,
        Err(()) => {
            send_close(&mut socket, &inner, reconnect_id.as_deref().unwrap_or("?"), 4007).await;
            return;
        }
    };
    let config = inner.config.clone();
    if socket.send(Message::Text(welcome_frame(&session_id, config.keepalive_seconds).into())).await.is_err() {
        return;
    }
    if let Some(text) = resend {
        let _ = socket.send(Message::Text(text.into())).await;
    }
    let start = tokio::time::Instant::now();
    let mut keepalive = tokio::time::interval_at(start + config.keepalive_period, config.keepalive_period);
    let mut ping = tokio::time::interval_at(start + config.ping_period, config.ping_period);
    let mut unused_deadline = config.require_subscription.map(|d| start + d);
    let (mut keepalive_on, mut silenced) = (true, false);
    loop {
        let unused = async {
            match unused_deadline {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            message = socket.recv() => match message {
                Some(Ok(Message::Text(_) | Message::Binary(_))) => {
                    inner.shared.lock().unwrap().data_frames_from_clients += 1;
                    send_close(&mut socket, &inner, &session_id, 4001).await;
                    break;
                }
                Some(Ok(Message::Pong(_))) => inner.shared.lock().unwrap().pongs += 1,
                Some(Ok(Message::Ping(_))) => {}
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
            },
            command = received.recv() => match command {
                Some(Command::Send(text)) => {
                    if !silenced && socket.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Some(Command::Close(code)) => {
                    send_close(&mut socket, &inner, &session_id, code).await;
                    break;
                }
                Some(Command::Keepalive(on)) => keepalive_on = on,
                Some(Command::Silence) => silenced = true,
                None => break,
            },
            _ = keepalive.tick() => {
                if keepalive_on && !silenced && socket.send(Message::Text(keepalive_frame().into())).await.is_err() {
                    break;
                }
            }
            _ = ping.tick() => {
                if !silenced && socket.send(Message::Ping(Bytes::from_static(b"mock"))).await.is_err() {
                    break;
                }
            }
            () = unused => {
                let has = inner.shared.lock().unwrap().conns.get(&session_id).is_some_and(|c| !c.subscriptions.is_empty());
                if !has {
                    send_close(&mut socket, &inner, &session_id, 4003).await;
                    break;
                }
                unused_deadline = None; // checked once, as twitch-cli does
            }
        }
    }
    mark_closed(&inner, &session_id);
}

fn mark_closed(inner: &Inner, session_id: &str) {
    if let Some(conn) = inner.shared.lock().unwrap().conns.get_mut(session_id) {
        conn.open = false;
    }
}

fn error(status: StatusCode, message: &str) -> Response {
    let body = json!({"error": status.canonical_reason(), "status": status.as_u16(), "message": message});
    (status, [("content-type", "application/json; charset=utf-8")], body.to_string()).into_response()
}

async fn create_subscription(State(inner): State<Arc<Inner>>, headers: HeaderMap, body: Bytes) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, "error validating json");
    };
    if headers.get("client-id").is_none() {
        // twitch-cli answers HTTP 400 with a 401 body here.
        let body = json!({"error": "Unauthorized", "status": 401, "message": "Client-Id header required"});
        return (StatusCode::BAD_REQUEST, body.to_string()).into_response();
    }
    if body["transport"]["method"] != "websocket" {
        return error(StatusCode::BAD_REQUEST, "transport.method must be websocket");
    }
    let session_id = body["transport"]["session_id"].as_str().unwrap_or_default().to_owned();
    let (Some(kind), Some(version)) = (body["type"].as_str(), body["version"].as_str()) else {
        return error(StatusCode::BAD_REQUEST, "type and version are required");
    };
    let mut shared = inner.shared.lock().unwrap();
    let Some(conn) = shared.conns.get_mut(&session_id) else {
        return error(StatusCode::BAD_REQUEST, "non-existent session_id");
    };
    if conn.subscriptions.iter().any(|s| s.kind == kind && s.version == version) {
        return error(StatusCode::CONFLICT, "subscription already exists");
    }
    let subscription = Subscription {
        id: format!("sub-{}", uuidish()),
        kind: kind.to_owned(),
        version: version.to_owned(),
        condition: body["condition"].clone(),
    };
    let data = json!({
        "id": subscription.id, "status": "enabled", "type": subscription.kind, "version": subscription.version,
        "created_at": "2026-01-01T00:00:00Z", "cost": 0, "condition": subscription.condition,
        "transport": {"method": "websocket", "session_id": session_id, "connected_at": "2026-01-01T00:00:00Z"},
    });
    conn.subscriptions.push(subscription);
    shared.subscriptions_created += 1;
    let body = json!({"data": [data], "total": 0, "max_total_cost": 10, "total_cost": 0});
    (StatusCode::ACCEPTED, [("content-type", "application/json; charset=utf-8")], body.to_string()).into_response()
}
