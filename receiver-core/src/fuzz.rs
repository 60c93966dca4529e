//! Fuzzing entry points (feature `fuzz`): one function per target, shared by the `cargo fuzz` targets in
//! `fuzz/` and by the test that replays their corpus on every CI run.
//!
//! Each takes arbitrary bytes, builds a request from them with valid credentials where the sender
//! authenticates (so the fuzzer reaches the parsers, not only the credential check), and calls the pure entry
//! point. Nothing may panic; a delivery that comes out must survive a JSON round trip unchanged; an error must
//! carry one of the documented statuses.

#![allow(missing_docs, clippy::missing_panics_doc)]

use std::time::{Duration, SystemTime};

use crate::twitch::ws::Frame;
use crate::{
    Accweb, AgonesRelay, Auth, Delivery, Error, Incoming, Khan, Received, Secret, SonoranCad, Source, Timestamp,
    TwitchEventSub, twitch,
};

/// The secrets the targets configure.
pub const TOKEN: &str = "fuzz-token";
/// The Twitch secret.
pub const TWITCH_SECRET: &str = "fuzz-twitch-secret";
/// When the Twitch target says it signed, and the instant it receives at.
pub const SENT: &str = "2026-11-22T12:00:00.5Z";

/// Reads framing bytes off the front of a fuzz input.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        first
    }

    /// A chunk whose length is the next byte.
    fn chunk(&mut self) -> &'a [u8] {
        let len = usize::from(self.byte()).min(self.0.len());
        let (chunk, rest) = self.0.split_at(len);
        self.0 = rest;
        chunk
    }

    fn rest(self) -> &'a [u8] {
        self.0
    }
}

fn now() -> SystemTime {
    Timestamp::parse(SENT).map(|t| t.to_system_time()).unwrap_or(SystemTime::UNIX_EPOCH) + Duration::from_secs(1)
}

/// The invariants of any outcome.
fn check<E>(outcome: Result<Received<E>, Error>)
where
    E: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    match outcome {
        Ok(received) => {
            let delivery: Delivery<E> = received.into_delivery();
            let json = serde_json::to_string(&delivery).expect("a delivery serializes");
            let back: Delivery<E> = serde_json::from_str(&json).expect("a delivery deserializes");
            assert_eq!(back, delivery, "a delivery must survive a JSON round trip: {json}");
        }
        Err(error) => {
            assert!(matches!(error.status_code(), 400 | 401 | 403 | 405 | 413), "{error:?}");
            let _ = (error.public_message(), error.to_string(), error.to_reply());
        }
    }
}

fn method(selector: u8) -> &'static str {
    match selector % 6 {
        0 => "POST",
        1 => "PUT",
        2 => "DELETE",
        3 => "GET",
        4 => "PATCH",
        _ => "post",
    }
}

/// accweb: the body as sent, with the right header most of the time.
pub fn accweb(data: &[u8]) {
    let mut input = Input(data);
    let authenticated = input.byte() % 8 != 0;
    let source = Accweb::new(Auth::header("X-Token", [TOKEN]).expect("valid"));
    let headers: &[(&str, &str)] = if authenticated { &[("x-token", TOKEN)] } else { &[] };
    check(source.receive_at(&Incoming::post(&headers, input.rest()), now()));
}

/// Sonoran CAD: the body as sent, checked against the key `fuzz-token` or not at all.
pub fn sonoran(data: &[u8]) {
    let mut input = Input(data);
    let source = match input.byte() % 3 {
        0 => SonoranCad::new([TOKEN]).expect("valid"),
        1 => SonoranCad::new([TOKEN]).expect("valid").with_case_insensitive_keys(),
        _ => SonoranCad::unauthenticated(),
    };
    let body = input.rest();
    check(source.receive_at(&Incoming::post(&crate::NoHeaders, body), now()));
    let _ = source.receive_push_event(body);
}

/// Khan: the body as sent, with a query string; no authentication, or a URL token.
pub fn khan(data: &[u8]) {
    let mut input = Input(data);
    let with_token = input.byte() % 2 == 0;
    let query = String::from_utf8_lossy(input.chunk()).into_owned();
    let auth = if with_token { Auth::query_token("token", [TOKEN]).expect("valid") } else { Auth::unauthenticated() };
    let incoming = Incoming::post(&crate::NoHeaders, input.rest()).with_query(&query);
    check(Khan::new(auth).receive_at(&incoming, now()));
}

/// Agones Relay HTTP: any method, a query string, the body.
pub fn agones(data: &[u8]) {
    let mut input = Input(data);
    let method = method(input.byte());
    let query = String::from_utf8_lossy(input.chunk()).into_owned();
    let incoming = Incoming::new(method, &crate::NoHeaders, input.rest()).with_query(&query);
    check(AgonesRelay::new(Auth::unauthenticated()).receive_at(&incoming, now()));
}

/// The Agones one-pass reader against the serde path: POST or PUT (first byte), the body. Whatever the one
/// pass accepts, serde must accept as the very same event (text of the objects included); what it declines
/// is left to serde, which `agones` covers.
pub fn agones_one_pass(data: &[u8]) {
    let mut input = Input(data);
    let method = if input.byte() % 2 == 0 { "POST" } else { "PUT" };
    let body = input.rest();
    if let Some(fast) = crate::agones::one_pass(method, body) {
        match crate::agones::Event::from_body_by_serde(method, body) {
            Ok(slow) => assert_eq!(fast, slow, "the one pass and serde disagree"),
            Err(error) => panic!("the one pass accepted what serde refuses: {error:?}"),
        }
    }
}

/// Twitch EventSub webhook: the body, signed correctly, with a message type and optional subscription type
/// and version headers taken from the input.
pub fn twitch(data: &[u8]) {
    let mut input = Input(data);
    let message_type = match input.byte() % 5 {
        0 | 1 => "notification",
        2 => "webhook_callback_verification",
        3 => "revocation",
        _ => "something_new",
    };
    let kind = String::from_utf8_lossy(input.chunk()).into_owned();
    let version = String::from_utf8_lossy(input.chunk()).into_owned();
    let body = input.rest();
    let Ok(secret) = Secret::new(TWITCH_SECRET) else { return };
    let id = "0b8f6ae3-11b5-4dbc-0d59-3f4f1a2e6c7b";
    let signature = twitch::signature_header(&secret, id, SENT, body);
    let mut headers = vec![
        ("twitch-eventsub-message-id", id),
        ("twitch-eventsub-message-timestamp", SENT),
        ("twitch-eventsub-message-signature", signature.as_str()),
        ("twitch-eventsub-message-type", message_type),
    ];
    if !kind.is_empty() {
        headers.push(("twitch-eventsub-subscription-type", &kind));
        headers.push(("twitch-eventsub-subscription-version", &version));
    }
    let Ok(source) = TwitchEventSub::new([secret]) else { return };
    check(source.receive_at(&Incoming::post(&headers, body), now()));
}

/// Twitch EventSub with every header from the input: the signature and timestamp parsers, unauthenticated.
pub fn twitch_headers(data: &[u8]) {
    let mut input = Input(data);
    let id = input.chunk();
    let timestamp = input.chunk();
    let signature = input.chunk();
    let message_type = input.chunk();
    let headers = [
        ("twitch-eventsub-message-id", id),
        ("twitch-eventsub-message-timestamp", timestamp),
        ("twitch-eventsub-message-signature", signature),
        ("twitch-eventsub-message-type", message_type),
    ];
    let Ok(source) = TwitchEventSub::new([TWITCH_SECRET]) else { return };
    check(source.receive_at(&Incoming::post(&headers, input.rest()), now()));
    if let Ok(text) = std::str::from_utf8(timestamp) {
        if let Ok(parsed) = Timestamp::parse(text) {
            assert_eq!(Timestamp::parse(&parsed.to_string()), Ok(parsed), "{text}");
        }
    }
}

/// A Twitch EventSub WebSocket text frame.
pub fn twitch_frame(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(frame) = Frame::parse(&text) {
        let json = serde_json::to_string(&frame).expect("a frame serializes");
        let back: Frame = serde_json::from_str(&json).expect("a frame deserializes");
        assert_eq!(back, frame, "{json}");
    }
}

/// The WebSocket session (`twitch::session::WsSession`) driven by a script decoded from `data`, one operation
/// per byte (the next bytes are its arguments): a notification with one of 64 message ids, a frame of
/// arbitrary text, a welcome, a `session_reconnect` (to an arbitrary URL), a keepalive, a close with an
/// arbitrary code, a failed connection, or time passing. Whatever happens: no panic, no message id delivered
/// twice, never more than two connections open, nothing after a stop, and a pending deadline whenever the
/// session is not stopped.
pub fn twitch_session(data: &[u8]) {
    use std::collections::HashSet;
    use std::time::{Duration, Instant};

    use crate::twitch::session::{Action, ConnId, SessionConfig, WsSession};

    let frame = |message_type: &str, id: &str, payload: &str| {
        format!(
            r#"{{"metadata":{{"message_id":"{id}","message_type":"{message_type}","message_timestamp":"2026-01-01T00:00:00Z"{extra}}},"payload":{payload}}}"#,
            extra = if message_type == "notification" {
                r#","subscription_type":"channel.raid","subscription_version":"1""#
            } else {
                ""
            }
        )
    };
    let session_payload = |id: &str, status: &str, url: &str| {
        format!(
            r#"{{"session":{{"id":"{id}","status":"{status}","keepalive_timeout_seconds":10,"reconnect_url":{url},"connected_at":"2026-01-01T00:00:00Z"}}}}"#
        )
    };
    let raid = r#"{"subscription":{"id":"s","status":"enabled","type":"channel.raid","version":"1","cost":0,"condition":{"to_broadcaster_user_id":"1"},"transport":{"method":"websocket","session_id":"x"},"created_at":"2026-01-01T00:00:00Z"},"event":{"from_broadcaster_user_id":"2","from_broadcaster_user_login":"a","from_broadcaster_user_name":"A","to_broadcaster_user_id":"1","to_broadcaster_user_login":"b","to_broadcaster_user_name":"B","viewers":3}}"#;

    // `SessionConfig` is non-exhaustive: it can only be changed after `default()`.
    #[allow(clippy::field_reassign_with_default)]
    let config = {
        let mut config = SessionConfig::default();
        config.max_reconnect_attempts = 1_000;
        config
    };
    let mut now = Instant::now();
    let mut session = WsSession::new("ws://fuzz.invalid/ws", config, now);
    let (mut conns, mut open) = (Vec::<ConnId>::new(), HashSet::<ConnId>::new());
    let (mut delivered, mut stopped) = (HashSet::<String>::new(), false);
    let mut bytes = data.iter().copied();
    loop {
        while let Some(action) = session.poll_action() {
            assert!(!stopped, "an action after Stop: {action:?}");
            match action {
                Action::Connect { conn, .. } => {
                    assert!(!conns.contains(&conn), "a reused connection id");
                    conns.push(conn);
                    open.insert(conn);
                }
                Action::Close { conn } | Action::Disconnected { conn, .. } => {
                    open.remove(&conn);
                }
                Action::Deliver(delivery) => {
                    let id = delivery.meta.id.clone().unwrap_or_default();
                    assert!(delivered.insert(id.clone()), "message {id} delivered twice");
                }
                Action::Stop(_) => stopped = true,
                _ => {}
            }
            assert!(open.len() <= 2, "more than two connections open: {open:?}");
        }
        assert_eq!(session.is_stopped(), stopped);
        assert_eq!(session.poll_timeout().is_some(), !stopped);
        let Some(op) = bytes.next() else { break };
        let arg = bytes.next().unwrap_or(0);
        let conn = conns.get(usize::from(arg) % conns.len().max(1)).copied().unwrap_or(ConnId(0));
        match op % 8 {
            0 => session.handle_frame(conn, &frame("notification", &format!("m-{}", arg % 64), raid), now),
            1 => {
                let text: Vec<u8> = bytes.by_ref().take(usize::from(arg)).collect();
                session.handle_frame(conn, &String::from_utf8_lossy(&text), now);
            }
            2 => session.handle_frame(
                conn,
                &frame(
                    "session_welcome",
                    &format!("w-{arg}"),
                    &session_payload(&format!("s{arg}"), "connected", "null"),
                ),
                now,
            ),
            3 => {
                let url: Vec<u8> = bytes.by_ref().take(usize::from(arg % 16)).collect();
                let url = serde_json::to_string(&format!("ws://{}", String::from_utf8_lossy(&url))).unwrap_or_default();
                let payload = session_payload("old", "reconnecting", &url);
                session.handle_frame(conn, &frame("session_reconnect", &format!("r-{arg}"), &payload), now);
            }
            4 => session.handle_frame(conn, &frame("session_keepalive", &format!("k-{arg}"), "{}"), now),
            5 => {
                let code = u16::from_be_bytes([arg, bytes.next().unwrap_or(0)]);
                session.handle_close(conn, (code != 0).then_some(code), now);
            }
            6 => session.handle_connect_failed(conn, now),
            _ => {
                now += Duration::from_millis(u64::from(arg) * 250);
                session.handle_timeout(now);
            }
        }
    }
}

/// A fuzz target.
pub type Target = fn(&[u8]);

/// Every target, by the name of its folder in `fuzz/corpus`.
pub const TARGETS: &[(&str, Target)] = &[
    ("accweb", accweb),
    ("sonoran", sonoran),
    ("khan", khan),
    ("agones", agones),
    ("agones_one_pass", agones_one_pass),
    ("twitch", twitch),
    ("twitch_headers", twitch_headers),
    ("twitch_frame", twitch_frame),
    ("twitch_session", twitch_session),
];
