//! The sans-IO EventSub WebSocket session, driven by hand: frames, close codes and a clock advanced by the
//! test. No socket, no sleep.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use receiver_core::twitch::session::{
    Action, CloseReason, ConnId, ConnectKind, NextStep, SessionConfig, StopReason, WsSession,
};
use receiver_core::twitch::{self, MessageType, SubscriptionStatus};
use receiver_core::{Delivery, SourceKind};

use crate::common::fixture;

const BASE: &str = "ws://127.0.0.1:8080/ws";
const GRACE: Duration = Duration::from_millis(500);
const KEEPALIVE: Duration = Duration::from_secs(10);

fn config() -> SessionConfig {
    let mut config = SessionConfig::default();
    config.keepalive_grace = GRACE;
    config.welcome_timeout = Duration::from_secs(5);
    config.backoff_initial = Duration::from_millis(100);
    config.backoff_max = Duration::from_secs(2);
    config.max_reconnect_attempts = 4;
    config.jitter_seed = 42;
    config
}

fn welcome(id: &str) -> String {
    format!(
        r#"{{"metadata":{{"message_id":"w-{id}","message_type":"session_welcome","message_timestamp":"2026-01-01T00:00:00Z"}},"payload":{{"session":{{"id":"{id}","status":"connected","keepalive_timeout_seconds":10,"reconnect_url":null,"connected_at":"2026-01-01T00:00:00Z"}}}}}}"#
    )
}

fn keepalive(n: u32) -> String {
    format!(
        r#"{{"metadata":{{"message_id":"k-{n}","message_type":"session_keepalive","message_timestamp":"2026-01-01T00:00:00Z"}},"payload":{{}}}}"#
    )
}

fn reconnect(url: &str) -> String {
    format!(
        r#"{{"metadata":{{"message_id":"r-{url}","message_type":"session_reconnect","message_timestamp":"2026-01-01T00:00:00Z"}},"payload":{{"session":{{"id":"old","status":"reconnecting","keepalive_timeout_seconds":null,"reconnect_url":"{url}","connected_at":"2026-01-01T00:00:00Z"}}}}}}"#
    )
}

/// A `channel.raid` notification whose `viewers` is `n`, with message id `m-{n}`.
fn note(n: u32) -> String {
    format!(
        r#"{{"metadata":{{"message_id":"m-{n}","message_type":"notification","message_timestamp":"2026-01-01T00:00:00Z","subscription_type":"channel.raid","subscription_version":"1"}},"payload":{{"subscription":{{"id":"s","status":"enabled","type":"channel.raid","version":"1","cost":0,"condition":{{"to_broadcaster_user_id":"1337"}},"transport":{{"method":"websocket","session_id":"x"}},"created_at":"2026-01-01T00:00:00Z"}},"event":{{"from_broadcaster_user_id":"1234","from_broadcaster_user_login":"a","from_broadcaster_user_name":"A","to_broadcaster_user_id":"1337","to_broadcaster_user_login":"b","to_broadcaster_user_name":"B","viewers":{n}}}}}}}"#
    )
}

/// The `viewers` of a delivered raid.
fn viewers(delivery: &Delivery<twitch::Message>) -> u32 {
    let twitch::Message::Notification(note) = &delivery.event else { panic!("not a notification: {delivery:?}") };
    let twitch::Event::ChannelRaidV1(raid) = &note.event else { panic!("not a raid: {note:?}") };
    u32::try_from(raid.viewers).unwrap()
}

/// A session and a hand-advanced clock.
struct Sim {
    session: WsSession,
    now: Instant,
}

impl Sim {
    fn new() -> Self {
        let now = Instant::now();
        Self { session: WsSession::new(BASE, config(), now), now }
    }

    fn advance(&mut self, by: Duration) {
        self.now += by;
    }

    fn drain(&mut self) -> Vec<Action> {
        std::iter::from_fn(|| self.session.poll_action()).collect()
    }

    fn frame(&mut self, conn: ConnId, text: &str) -> Vec<Action> {
        self.session.handle_frame(conn, text, self.now);
        self.drain()
    }

    fn close(&mut self, conn: ConnId, code: Option<u16>) -> Vec<Action> {
        self.session.handle_close(conn, code, self.now);
        self.drain()
    }

    /// Advances to the next timeout and handles it.
    fn fire(&mut self) -> Vec<Action> {
        let at = self.session.poll_timeout().expect("a timeout");
        self.now = self.now.max(at);
        self.session.handle_timeout(self.now);
        self.drain()
    }

    /// The first action must be a connect: its id and URL.
    fn expect_connect(actions: &[Action], kind: ConnectKind) -> (ConnId, String) {
        let found = actions.iter().find_map(|a| match a {
            Action::Connect { conn, url, kind: k } if *k == kind => Some((*conn, url.clone())),
            _ => None,
        });
        found.unwrap_or_else(|| panic!("no {kind:?} connect in {actions:?}"))
    }

    /// Starts and welcomes the first connection.
    fn welcomed() -> (Self, ConnId) {
        let mut sim = Self::new();
        let (conn, url) = Self::expect_connect(&sim.drain(), ConnectKind::Initial);
        assert_eq!(url, BASE);
        let actions = sim.frame(conn, &welcome("s1"));
        assert!(matches!(&actions[..], [Action::CreateSubscriptions { session_id }] if session_id == "s1"));
        (sim, conn)
    }
}

fn delivered(actions: &[Action]) -> Vec<u32> {
    actions.iter().filter_map(|a| if let Action::Deliver(d) = a { Some(viewers(d)) } else { None }).collect()
}

fn closes(actions: &[Action]) -> Vec<ConnId> {
    actions.iter().filter_map(|a| if let Action::Close { conn } = a { Some(*conn) } else { None }).collect()
}

#[test]
fn the_welcome_asks_for_subscriptions_and_sets_the_keepalive_deadline() {
    let (sim, _) = Sim::welcomed();
    assert_eq!(sim.session.session_id(), Some("s1"));
    assert_eq!(sim.session.poll_timeout(), Some(sim.now + KEEPALIVE + GRACE));
}

#[test]
fn notifications_are_delivered_in_order_as_the_webhook_delivery_type() {
    let (mut sim, conn) = Sim::welcomed();
    let mut got = Vec::new();
    for n in 1..=5 {
        got.extend(sim.frame(conn, &note(n)));
    }
    assert_eq!(delivered(&got), [1, 2, 3, 4, 5]);
    let Action::Deliver(first) = &got[0] else { panic!() };
    assert_eq!(first.meta.source, SourceKind::TwitchEventSub);
    assert_eq!(first.meta.id.as_deref(), Some("m-1"));
    let twitch = first.meta.twitch.as_ref().unwrap();
    assert_eq!(twitch.message_type, MessageType::Notification);
    assert_eq!(twitch.subscription_type.as_deref(), Some("channel.raid"));
    // The same shape as a webhook delivery: it converts into the top-level event.
    assert_eq!(first.clone().into_any().event.kind(), "channel.raid");
}

#[test]
fn a_repeated_message_id_is_delivered_once() {
    let (mut sim, conn) = Sim::welcomed();
    let mut got = sim.frame(conn, &note(1));
    got.extend(sim.frame(conn, &note(1)));
    got.extend(sim.frame(conn, &note(2)));
    assert_eq!(delivered(&got), [1, 2]);
}

#[test]
fn deduplication_memory_is_bounded_by_its_capacity() {
    let mut config = config();
    config.dedupe_capacity = 3;
    let now = Instant::now();
    let mut session = WsSession::new(BASE, config, now);
    let Some(Action::Connect { conn, .. }) = session.poll_action() else { panic!() };
    session.handle_frame(conn, &welcome("s"), now);
    for n in [1, 2, 3, 4, 1] {
        session.handle_frame(conn, &note(n), now);
    }
    let got: Vec<_> = std::iter::from_fn(|| session.poll_action()).collect();
    // Id 1 was forgotten after three newer ids: the fifth frame counts as new.
    assert_eq!(delivered(&got), [1, 2, 3, 4, 1]);
}

#[test]
fn a_revocation_is_delivered_as_an_event() {
    let (mut sim, conn) = Sim::welcomed();
    let text = String::from_utf8(fixture("twitch-eventsub/ws-revocation.twitch_api.json")).unwrap();
    let got = sim.frame(conn, &text);
    let [Action::Deliver(delivery)] = &got[..] else { panic!("{got:?}") };
    let twitch::Message::Revocation(revocation) = &delivery.event else { panic!() };
    assert_eq!(revocation.reason(), &SubscriptionStatus::AuthorizationRevoked);
    assert_eq!(delivery.meta.twitch.as_ref().unwrap().message_type, MessageType::Revocation);
}

#[test]
fn a_malformed_frame_is_reported_and_skipped() {
    let (mut sim, conn) = Sim::welcomed();
    let got = sim.frame(conn, "{not json");
    assert!(matches!(&got[..], [Action::Malformed { conn: c, .. }] if *c == conn));
    let got = sim.frame(conn, r#"{"metadata":{"message_id":"x","message_type":"notification","message_timestamp":"2026-01-01T00:00:00Z"},"payload":{}}"#);
    assert!(matches!(&got[..], [Action::Malformed { .. }]));
    assert_eq!(delivered(&sim.frame(conn, &note(7))), [7]);
}

#[test]
fn an_unknown_frame_type_is_delivered_raw() {
    let (mut sim, conn) = Sim::welcomed();
    let got = sim.frame(conn, r#"{"metadata":{"message_id":"u","message_type":"session_future","message_timestamp":"2026-01-01T00:00:00Z"},"payload":{"x":1}}"#);
    let [Action::Deliver(delivery)] = &got[..] else { panic!("{got:?}") };
    assert!(matches!(&delivery.event, twitch::Message::Unknown(u) if u.message_type == "session_future"));
}

#[test]
fn every_frame_resets_the_keepalive_deadline_and_silence_reconnects_and_resubscribes() {
    let (mut sim, conn) = Sim::welcomed();
    // Frames 9 s apart keep it alive for far longer than one timeout.
    for n in 1..=5 {
        sim.advance(Duration::from_secs(9));
        sim.session.handle_timeout(sim.now);
        assert!(sim.drain().is_empty());
        if n % 2 == 0 {
            sim.frame(conn, &keepalive(n))
        } else {
            sim.frame(conn, &note(n))
        };
    }
    let last = sim.now;
    assert_eq!(sim.session.poll_timeout(), Some(last + KEEPALIVE + GRACE));
    // Just before the deadline nothing happens; at it the connection is dead.
    sim.session.handle_timeout(last + KEEPALIVE + GRACE - Duration::from_millis(1));
    assert!(sim.drain().is_empty());
    let got = sim.fire();
    assert_eq!(closes(&got), [conn]);
    assert!(got.iter().any(|a| matches!(a, Action::Disconnected { reason: CloseReason::KeepaliveTimeout, .. })));
    // The reconnect waits for its backoff (at most the initial delay), then goes to the original URL.
    let wait = sim.session.poll_timeout().unwrap() - sim.now;
    assert!(wait >= Duration::from_millis(50) && wait <= Duration::from_millis(100), "{wait:?}");
    let (new, url) = Sim::expect_connect(&sim.fire(), ConnectKind::Recover);
    assert_eq!(url, BASE);
    // Frames of the dead connection are ignored from now on.
    assert!(sim.frame(conn, &note(99)).is_empty());
    let got = sim.frame(new, &welcome("s2"));
    assert!(matches!(&got[..], [Action::CreateSubscriptions { session_id }] if session_id == "s2"));
}

#[test]
fn a_session_reconnect_moves_without_losing_repeating_or_resubscribing() {
    let (mut sim, old) = Sim::welcomed();
    let url = "ws://127.0.0.1:9/ws?reconnect_id=abc&keepalive_timeout_seconds=10";
    let got = sim.frame(old, &reconnect(url));
    let (new, to) = Sim::expect_connect(&got, ConnectKind::Reconnect);
    assert_eq!(to, url, "the reconnect URL is used exactly as given");
    assert!(closes(&got).is_empty(), "the old connection stays open");

    // The old connection keeps delivering; the new one sends the same message again before its welcome.
    let mut seen = sim.frame(old, &note(1));
    seen.extend(sim.frame(old, &note(2)));
    seen.extend(sim.frame(new, &note(2)));
    seen.extend(sim.frame(new, &welcome("s2")));
    assert_eq!(closes(&seen), [old], "the old connection is closed once the new one is welcomed");
    assert!(seen.iter().any(|a| matches!(a, Action::SessionMoved { session_id } if session_id == "s2")));
    assert!(!seen.iter().any(|a| matches!(a, Action::CreateSubscriptions { .. })), "nothing is resubscribed");
    // After the switch: frames on the old connection are ignored, repeats on the new one deduplicated.
    seen.extend(sim.frame(old, &note(3)));
    seen.extend(sim.frame(new, &note(1)));
    seen.extend(sim.frame(new, &note(3)));
    seen.extend(sim.frame(new, &note(4)));
    assert_eq!(delivered(&seen), [1, 2, 3, 4]);
    // The old server's 4004 after the grace time is expected and changes nothing.
    assert!(sim.close(old, Some(4004)).is_empty());
    assert_eq!(sim.session.session_id(), Some("s2"));
    assert_eq!(sim.session.poll_timeout(), Some(sim.now + KEEPALIVE + GRACE));
}

#[test]
fn the_old_connection_does_not_need_keepalives_while_the_new_one_connects() {
    let (mut sim, old) = Sim::welcomed();
    let (new, _) = Sim::expect_connect(&sim.frame(old, &reconnect("ws://x/ws")), ConnectKind::Reconnect);
    // twitch-cli stops keepalives on the old socket: 12 s of silence is fine while the new one connects.
    sim.advance(Duration::from_secs(4));
    sim.frame(new, &welcome("s2"));
    sim.advance(Duration::from_secs(8));
    sim.session.handle_timeout(sim.now);
    assert!(sim.drain().is_empty());
}

#[test]
fn a_failed_reconnect_keeps_the_old_connection_until_twitch_closes_it() {
    let (mut sim, old) = Sim::welcomed();
    let (new, _) = Sim::expect_connect(&sim.frame(old, &reconnect("ws://x/ws")), ConnectKind::Reconnect);
    // The new connection is never welcomed.
    let got = sim.fire();
    assert_eq!(closes(&got), [new]);
    assert!(got.iter().any(|a| matches!(a, Action::Disconnected { reason: CloseReason::WelcomeTimeout, .. })));
    assert_eq!(delivered(&sim.frame(old, &note(1))), [1], "the old connection still delivers");
    // Twitch closes the old one with 4004: a fresh session, subscriptions created again.
    let got = sim.close(old, Some(4004));
    assert!(
        got.iter().any(|a| matches!(a, Action::Disconnected { reason: CloseReason::ReconnectGraceTimeExpired, .. }))
    );
    let (fresh, url) = Sim::expect_connect(&sim.fire(), ConnectKind::Recover);
    assert_eq!(url, BASE);
    assert!(matches!(&sim.frame(fresh, &welcome("s3"))[..], [Action::CreateSubscriptions { .. }]));
}

#[test]
fn the_old_connection_ending_first_hands_the_session_to_the_new_one() {
    let (mut sim, old) = Sim::welcomed();
    let (new, _) = Sim::expect_connect(&sim.frame(old, &reconnect("ws://x/ws")), ConnectKind::Reconnect);
    let got = sim.close(old, None);
    assert!(!got.iter().any(|a| matches!(a, Action::Connect { .. })), "no fresh connection: {got:?}");
    let got = sim.frame(new, &welcome("s2"));
    assert!(matches!(&got[..], [Action::SessionMoved { .. }]), "{got:?}");
}

#[test]
fn close_codes_map_to_typed_reasons_and_their_next_step() {
    let expected = [
        (4000, CloseReason::InternalServerError, NextStep::Reconnect),
        (4001, CloseReason::SentInboundTraffic, NextStep::Stop),
        (4002, CloseReason::FailedPingPong, NextStep::Reconnect),
        (4003, CloseReason::ConnectionUnused, NextStep::Stop),
        (4004, CloseReason::ReconnectGraceTimeExpired, NextStep::Reconnect),
        (4005, CloseReason::NetworkTimeout, NextStep::Reconnect),
        (4006, CloseReason::NetworkError, NextStep::Reconnect),
        (4007, CloseReason::InvalidReconnect, NextStep::Stop),
        (1000, CloseReason::Other(1000), NextStep::Reconnect),
        (1006, CloseReason::Lost, NextStep::Reconnect),
        (4999, CloseReason::Other(4999), NextStep::Reconnect),
    ];
    for (code, reason, step) in expected {
        assert_eq!(CloseReason::from_code(code), reason);
        assert_eq!(reason.next_step(), step, "{code}");
        if code != 1006 {
            assert_eq!(reason.code(), Some(code));
        }

        // And the session does what the step says.
        let (mut sim, conn) = Sim::welcomed();
        let got = sim.close(conn, Some(code));
        assert!(got.iter().any(|a| matches!(a, Action::Disconnected { reason: r, .. } if *r == reason)));
        match step {
            NextStep::Stop => {
                assert!(matches!(got.last(), Some(Action::Stop(StopReason::Closed(r))) if *r == reason), "{got:?}");
                assert!(sim.session.is_stopped() && sim.session.poll_timeout().is_none());
            }
            NextStep::Reconnect => {
                let (fresh, url) = Sim::expect_connect(&sim.fire(), ConnectKind::Recover);
                assert_eq!(url, BASE);
                assert!(matches!(&sim.frame(fresh, &welcome("again"))[..], [Action::CreateSubscriptions { .. }]));
            }
        }
    }
}

#[test]
fn failing_connections_back_off_then_give_up_after_the_limit() {
    let mut sim = Sim::new();
    let (mut conn, _) = Sim::expect_connect(&sim.drain(), ConnectKind::Initial);
    let mut waits = Vec::new();
    for _ in 1..4 {
        sim.session.handle_connect_failed(conn, sim.now);
        let got = sim.drain();
        assert!(got.iter().any(|a| matches!(a, Action::Disconnected { reason: CloseReason::ConnectFailed, .. })));
        waits.push(sim.session.poll_timeout().unwrap() - sim.now);
        conn = Sim::expect_connect(&sim.fire(), ConnectKind::Initial).0;
    }
    // Exponential, each jittered to between half and all of 100 ms · 2^n.
    for (n, wait) in waits.iter().enumerate() {
        let full = Duration::from_millis(100) * 2u32.pow(u32::try_from(n).unwrap() + 1);
        assert!(*wait >= full / 2 && *wait <= full, "attempt {n}: {wait:?} vs {full:?}");
    }
    sim.session.handle_connect_failed(conn, sim.now);
    let got = sim.drain();
    assert!(
        matches!(got.last(), Some(Action::Stop(StopReason::GaveUp { attempts: 4, last: CloseReason::ConnectFailed }))),
        "{got:?}"
    );
}

#[test]
fn a_welcome_resets_the_attempt_count() {
    let (mut sim, mut conn) = Sim::welcomed();
    // Ten losses, each followed by a welcome: never gives up although the limit is 4.
    for n in 0..10 {
        sim.close(conn, Some(4006));
        conn = Sim::expect_connect(&sim.fire(), ConnectKind::Recover).0;
        sim.session.handle_connect_failed(conn, sim.now);
        sim.drain();
        conn = Sim::expect_connect(&sim.fire(), ConnectKind::Recover).0;
        sim.frame(conn, &welcome(&format!("s{n}")));
    }
    assert!(!sim.session.is_stopped());
}

#[test]
fn a_connection_never_welcomed_is_retried() {
    let mut sim = Sim::new();
    let (conn, _) = Sim::expect_connect(&sim.drain(), ConnectKind::Initial);
    let got = sim.fire();
    assert_eq!(closes(&got), [conn]);
    assert!(got.iter().any(|a| matches!(a, Action::Disconnected { reason: CloseReason::WelcomeTimeout, .. })));
    let (again, _) = Sim::expect_connect(&sim.fire(), ConnectKind::Initial);
    assert_ne!(again, conn);
}

#[test]
fn shutdown_closes_every_connection_and_stops() {
    let (mut sim, old) = Sim::welcomed();
    let (new, _) = Sim::expect_connect(&sim.frame(old, &reconnect("ws://x/ws")), ConnectKind::Reconnect);
    sim.session.shutdown();
    let got = sim.drain();
    assert_eq!(closes(&got), [new, old]);
    assert!(matches!(got.last(), Some(Action::Stop(StopReason::Shutdown))));
    assert!(sim.frame(old, &note(1)).is_empty());
}

/// Twenty-five rounds, each a `session_reconnect` with duplicates on both sides of the switch and a
/// keepalive loss: every one of the events is delivered exactly once, in order.
#[test]
fn a_scripted_run_of_reconnects_and_keepalive_losses_delivers_every_event_once() {
    let (mut sim, mut conn) = Sim::welcomed();
    let mut got = Vec::new();
    let mut sent = 0;
    let (mut reconnects, mut losses, mut subscriptions) = (0, 0, 1);
    for round in 0..25 {
        for _ in 0..3 {
            sent += 1;
            got.extend(sim.frame(conn, &note(sent)));
        }
        let (new, _) =
            Sim::expect_connect(&sim.frame(conn, &reconnect(&format!("ws://x/ws?r={round}"))), ConnectKind::Reconnect);
        sent += 1;
        got.extend(sim.frame(conn, &note(sent)));
        got.extend(sim.frame(new, &note(sent))); // the same message on both connections
        let switch = sim.frame(new, &welcome(&format!("r{round}")));
        assert_eq!(closes(&switch), [conn]);
        got.extend(switch);
        got.extend(sim.frame(conn, &note(sent))); // late, on the closed connection
        reconnects += 1;
        conn = new;
        sent += 1;
        got.extend(sim.frame(conn, &note(sent)));
        // Silence: the keepalive deadline passes.
        let lost = sim.fire();
        assert_eq!(closes(&lost), [conn]);
        losses += 1;
        conn = Sim::expect_connect(&sim.fire(), ConnectKind::Recover).0;
        let welcomed = sim.frame(conn, &welcome(&format!("l{round}")));
        subscriptions += welcomed.iter().filter(|a| matches!(a, Action::CreateSubscriptions { .. })).count();
        got.extend(welcomed);
    }
    let expected: Vec<u32> = (1..=sent).collect();
    assert_eq!(delivered(&got), expected);
    assert_eq!((reconnects, losses, subscriptions), (25, 25, 26));
    assert!(!got.iter().any(|a| matches!(a, Action::Stop(_))));
}

/// One step of a random script against the session.
#[derive(Debug, Clone)]
enum Op {
    /// A notification with a new id on the connection `pick` chooses (live or long closed).
    New(u8),
    /// An earlier id again, on any connection.
    Repeat(u8, u16),
    /// A welcome.
    Welcome(u8),
    /// A `session_reconnect`.
    Reconnect(u8),
    /// A keepalive.
    Keepalive(u8),
    /// A close frame with one of the codes that matter, or none.
    Close(u8, u8),
    /// The connection could not be opened.
    ConnectFailed(u8),
    /// Bytes that are not a frame.
    Garbage(u8),
    /// Time passes (milliseconds), then the timeout is handled.
    Advance(u16),
}

fn op() -> impl proptest::strategy::Strategy<Value = Op> {
    use proptest::prelude::*;
    prop_oneof![
        4 => any::<u8>().prop_map(Op::New),
        2 => (any::<u8>(), any::<u16>()).prop_map(|(c, i)| Op::Repeat(c, i)),
        2 => any::<u8>().prop_map(Op::Welcome),
        1 => any::<u8>().prop_map(Op::Reconnect),
        1 => any::<u8>().prop_map(Op::Keepalive),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(c, k)| Op::Close(c, k)),
        1 => any::<u8>().prop_map(Op::ConnectFailed),
        1 => any::<u8>().prop_map(Op::Garbage),
        2 => (0u16..20_000).prop_map(Op::Advance),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever arrives in whatever order on whichever connection: no panic, no id delivered twice, never
    /// more than two connections open, a deadline whenever the session is not stopped, nothing after a stop.
    #[test]
    fn any_script_keeps_the_session_invariants(ops in proptest::collection::vec(op(), 1..80)) {
        const CODES: [Option<u16>; 12] =
            [None, Some(1000), Some(1001), Some(4000), Some(4001), Some(4002), Some(4003), Some(4004), Some(4005), Some(4006), Some(4007), Some(4999)];
        let mut config = config();
        config.max_reconnect_attempts = 1000;
        let mut now = Instant::now();
        let mut session = WsSession::new(BASE, config, now);
        let (mut conns, mut open) = (Vec::<ConnId>::new(), HashSet::<ConnId>::new());
        let (mut sent, mut delivered, mut stopped) = (0u32, HashSet::<u32>::new(), false);
        for op in ops {
            let pick = |c: u8, conns: &[ConnId]| conns.get(usize::from(c) % conns.len().max(1)).copied();
            match op {
                Op::New(c) => if let Some(conn) = pick(c, &conns) {
                    sent += 1;
                    session.handle_frame(conn, &note(sent), now);
                },
                Op::Repeat(c, i) => if let (Some(conn), true) = (pick(c, &conns), sent > 0) {
                    session.handle_frame(conn, &note(1 + u32::from(i) % sent), now);
                },
                Op::Welcome(c) => if let Some(conn) = pick(c, &conns) {
                    session.handle_frame(conn, &welcome(&format!("s{c}")), now);
                },
                Op::Reconnect(c) => if let Some(conn) = pick(c, &conns) {
                    session.handle_frame(conn, &reconnect(&format!("ws://x/ws?r={c}")), now);
                },
                Op::Keepalive(c) => if let Some(conn) = pick(c, &conns) {
                    session.handle_frame(conn, &keepalive(u32::from(c)), now);
                },
                Op::Close(c, k) => if let Some(conn) = pick(c, &conns) {
                    session.handle_close(conn, CODES[usize::from(k) % CODES.len()], now);
                },
                Op::ConnectFailed(c) => if let Some(conn) = pick(c, &conns) {
                    session.handle_connect_failed(conn, now);
                },
                Op::Garbage(c) => if let Some(conn) = pick(c, &conns) {
                    session.handle_frame(conn, "{\"metadata\":", now);
                },
                Op::Advance(ms) => {
                    now += Duration::from_millis(u64::from(ms));
                    session.handle_timeout(now);
                }
            }
            while let Some(action) = session.poll_action() {
                proptest::prop_assert!(!stopped, "an action after Stop: {action:?}");
                match action {
                    Action::Connect { conn, .. } => {
                        proptest::prop_assert!(!conns.contains(&conn), "a reused connection id");
                        conns.push(conn);
                        open.insert(conn);
                    }
                    Action::Close { conn } | Action::Disconnected { conn, .. } => {
                        open.remove(&conn);
                    }
                    Action::Deliver(delivery) => {
                        proptest::prop_assert!(delivered.insert(viewers(&delivery)), "delivered twice: {delivery:?}");
                    }
                    Action::Stop(_) => stopped = true,
                    _ => {}
                }
                proptest::prop_assert!(open.len() <= 2, "more than two connections: {open:?}");
            }
            proptest::prop_assert_eq!(session.is_stopped(), stopped);
            proptest::prop_assert_eq!(session.poll_timeout().is_some(), !stopped);
        }
    }
}
