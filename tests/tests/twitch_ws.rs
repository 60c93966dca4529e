//! The real `receiver-ws` client against the mock Twitch EventSub WebSocket server, over loopback: events
//! in order, none lost and none repeated across reconnects, keepalive silence detected and recovered, and
//! every close code handled as specified.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::time::Duration;

use futures_util::StreamExt;
use receiver_core::twitch;
use receiver_tests::twitch_ws_mock::{MockConfig, MockTwitch};
use receiver_ws::{
    CloseReason, NextStep, SubscribeError, Subscriber, SubscriptionRequest, TwitchWsClient, TwitchWsStream, WsError,
    WsEvent,
};

/// Generous: the machine may be loaded; no test waits this long when things work.
const WAIT: Duration = Duration::from_secs(20);

fn raid() -> SubscriptionRequest {
    SubscriptionRequest::new("channel.raid", "1").condition("to_broadcaster_user_id", "1337")
}

/// A client of `mock` that subscribes to `channel.raid` after every fresh welcome, with short timings.
fn client(mock: &MockTwitch) -> TwitchWsStream {
    let subscriber = Subscriber::new(mock.api_base(), "test-client-id", "test-token");
    TwitchWsClient::builder(mock.ws_url())
        // The mock's welcome says 1 s and it sends every 500 ms: 1.5 s of slack before a false loss.
        .keepalive_grace(Duration::from_secs(1))
        .welcome_timeout(Duration::from_secs(5))
        .backoff(Duration::from_millis(10), Duration::from_millis(200))
        .on_welcome(move |session_id| {
            let subscriber = subscriber.clone();
            async move { subscriber.subscribe(&session_id, &raid()).await.map(drop) }
        })
        .connect()
}

/// What the test saw of a client.
#[derive(Default, Debug)]
struct Seen {
    viewers: Vec<u64>,
    welcomes: usize,
    moves: usize,
    disconnects: Vec<CloseReason>,
    revocations: usize,
}

impl Seen {
    fn record(&mut self, event: WsEvent) {
        match event {
            WsEvent::Welcome { .. } => self.welcomes += 1,
            WsEvent::Moved { .. } => self.moves += 1,
            WsEvent::Disconnected { reason, .. } => self.disconnects.push(reason),
            WsEvent::Delivery(delivery) => match delivery.event {
                twitch::Message::Notification(note) => {
                    let twitch::Event::ChannelRaidV1(raid) = note.event else { panic!("not a raid: {note:?}") };
                    self.viewers.push(u64::try_from(raid.viewers).unwrap());
                }
                twitch::Message::Revocation(_) => self.revocations += 1,
                other => panic!("unexpected {other:?}"),
            },
            WsEvent::Malformed(error) => panic!("malformed frame: {error}"),
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// Reads events into `seen` until `done(seen)` holds; panics on an error or after [`WAIT`].
async fn read_until(stream: &mut TwitchWsStream, seen: &mut Seen, done: impl Fn(&Seen) -> bool) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !done(seen) {
        let event =
            tokio::time::timeout_at(deadline, stream.next()).await.unwrap_or_else(|_| panic!("timed out: {seen:?}"));
        seen.record(event.expect("stream ended").expect("stream error"));
    }
}

/// The stream's next error, skipping events.
async fn next_error(stream: &mut TwitchWsStream, seen: &mut Seen) -> WsError {
    loop {
        match tokio::time::timeout(WAIT, stream.next()).await.expect("timed out") {
            Some(Ok(event)) => seen.record(event),
            Some(Err(error)) => return error,
            None => panic!("stream ended without an error"),
        }
    }
}

/// Twenty `session_reconnect`s and twenty keepalive losses, with events sent before, during and after
/// each: every event the mock sent to the client's session is delivered exactly once, in order, although
/// the mock sends some of them on both connections around each switch.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_reconnects_and_keepalive_losses_deliver_every_event_exactly_once() {
    const ROUNDS: usize = 20;
    let mock = MockTwitch::start(MockConfig::default()).await;
    let mut stream = client(&mock);
    let mut seen = Seen::default();
    let mut session = mock.wait_live(None, WAIT).await;
    let mut sent = 0u64;
    let mut duplicated_on_the_wire = 0;
    let (mut switches, mut recoveries) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        for _ in 0..3 {
            sent += 1;
            assert_eq!(mock.notify(sent), 1);
        }
        // Reconnect: one event goes to the old connection while the client moves.
        let switch_started = std::time::Instant::now();
        mock.reconnect();
        sent += 1;
        let to = mock.notify(sent); // the old connection, and the new one if it is already there
        assert!((1..=2).contains(&to));
        duplicated_on_the_wire += to - 1;
        read_until(&mut stream, &mut seen, |s| s.moves == round + 1).await;
        switches.push(switch_started.elapsed());
        let moved = mock.wait_live(Some(&session), WAIT).await;
        // Until the mock sees the old connection closed, events go to both connections.
        for _ in 0..2 {
            sent += 1;
            let to = mock.notify(sent);
            assert!((1..=2).contains(&to));
            duplicated_on_the_wire += to - 1;
        }
        read_until(&mut stream, &mut seen, |s| s.viewers.len() as u64 >= sent).await;

        // Keepalive loss: the connection goes silent, the client must notice, reconnect and resubscribe.
        let silence_started = std::time::Instant::now();
        mock.silence(&moved);
        session = mock.wait_live(Some(&moved), WAIT).await;
        read_until(&mut stream, &mut seen, |s| s.welcomes == round + 2).await;
        recoveries.push(silence_started.elapsed());
        sent += 1;
        assert_eq!(mock.notify(sent), 1);
        read_until(&mut stream, &mut seen, |s| s.viewers.len() as u64 >= sent).await;
    }
    // A last marker: anything repeated before it would have shown up by now.
    sent += 1;
    mock.notify(sent);
    read_until(&mut stream, &mut seen, |s| s.viewers.last() == Some(&sent)).await;

    let expected: Vec<u64> = (1..=sent).collect();
    assert_eq!(seen.viewers, expected, "every event once, in order");
    assert_eq!(seen.moves, ROUNDS);
    assert_eq!(seen.welcomes, ROUNDS + 1, "subscriptions recreated after each keepalive loss only");
    let keepalive_losses = seen.disconnects.iter().filter(|r| **r == CloseReason::KeepaliveTimeout).count();
    assert_eq!(keepalive_losses, ROUNDS);
    // One subscription per fresh session; none after a reconnect (the mock would answer 409 if asked).
    assert_eq!(mock.subscriptions_created(), ROUNDS + 1);
    assert_eq!(mock.data_frames_from_clients(), 0, "the client never sends data");
    assert_eq!(mock.resent(), ROUNDS, "each switch repeated a message on the new connection");
    println!(
        "{sent} events delivered once each; {ROUNDS} reconnects, {ROUNDS} keepalive losses, {} sessions; \
         {} re-sent on the new connection after a switch, {duplicated_on_the_wire} sent on two connections at once",
        mock.welcomes(),
        mock.resent()
    );
    // Timings, for information only (never asserted: the machine may be loaded).
    let summary = |label: &str, times: &mut Vec<Duration>| {
        times.sort();
        let mean = times.iter().sum::<Duration>() / u32::try_from(times.len()).unwrap();
        println!("{label}: min {:?}, mean {mean:?}, max {:?}", times[0], times[times.len() - 1]);
    };
    summary("session_reconnect to welcome on the new connection", &mut switches);
    summary("silence to a fresh welcome (1 s keepalive + 1 s grace)", &mut recoveries);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_close_code_is_handled_as_specified() {
    for code in 4000..=4007 {
        let reason = CloseReason::from_code(code);
        let mock = MockTwitch::start(MockConfig::default()).await;
        let mut stream = client(&mock);
        let mut seen = Seen::default();
        let session = mock.wait_live(None, WAIT).await;
        mock.notify(1);
        read_until(&mut stream, &mut seen, |s| s.viewers.len() == 1).await;
        mock.close(&session, code);
        match reason.next_step() {
            NextStep::Stop => {
                let error = next_error(&mut stream, &mut seen).await;
                assert!(matches!(error, WsError::Closed(r) if r == reason), "{code}: {error}");
                assert!(error.is_terminal());
                assert!(stream.next().await.is_none(), "{code}: the stream ends");
                assert!(error.to_string().contains(&code.to_string()), "{error}");
            }
            NextStep::Reconnect => {
                // A fresh session, subscriptions created again, events flow.
                mock.wait_live(Some(&session), WAIT).await;
                read_until(&mut stream, &mut seen, |s| s.welcomes == 2).await;
                mock.notify(2);
                read_until(&mut stream, &mut seen, |s| s.viewers.len() == 2).await;
                assert_eq!(seen.disconnects, [reason], "{code}");
                assert_eq!(seen.viewers, [1, 2]);
            }
        }
        assert_eq!(mock.closes_sent(), [(session.clone(), code)]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_old_server_closing_4004_after_the_switch_changes_nothing() {
    let config = MockConfig { reconnect_grace: Duration::from_millis(200), ..MockConfig::default() };
    let mock = MockTwitch::start(config).await;
    // A client that does not close the old connection itself would get the 4004; ours closes it first, so
    // the mock's 4004 finds nothing or an already-closed connection.
    let mut stream = client(&mock);
    let mut seen = Seen::default();
    let old = mock.wait_live(None, WAIT).await;
    mock.reconnect();
    read_until(&mut stream, &mut seen, |s| s.moves == 1).await;
    mock.wait_live(Some(&old), WAIT).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    mock.notify(1);
    read_until(&mut stream, &mut seen, |s| s.viewers.len() == 1).await;
    assert_eq!((seen.welcomes, seen.disconnects.len()), (1, 0), "{seen:?}");
    assert!(mock.closes_sent().is_empty(), "the client closed the old connection before the 4004");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnect_url_the_server_refuses_4007_stops_with_its_cause() {
    let mock = MockTwitch::start(MockConfig::default()).await;
    let mut stream = client(&mock);
    let mut seen = Seen::default();
    let session = mock.wait_live(None, WAIT).await;
    // A reconnect_id the server does not know: the new connection is closed with 4007 before any welcome.
    mock.reconnect_to(&session, &format!("{}?reconnect_id=unknown", mock.ws_url()));
    let error = next_error(&mut stream, &mut seen).await;
    assert!(matches!(error, WsError::Closed(CloseReason::InvalidReconnect)), "{error}");
    assert_eq!(seen.disconnects, [CloseReason::InvalidReconnect]);
    assert!(stream.next().await.is_none());
    assert_eq!(mock.closes_sent(), [("unknown".to_owned(), 4007)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_without_subscription_is_closed_4003_and_reported() {
    let config = MockConfig { require_subscription: Some(Duration::from_millis(300)), ..MockConfig::default() };
    let mock = MockTwitch::start(config).await;
    let mut stream = TwitchWsClient::builder(mock.ws_url()).connect(); // no subscription hook
    let mut seen = Seen::default();
    let error = next_error(&mut stream, &mut seen).await;
    assert!(matches!(error, WsError::Closed(CloseReason::ConnectionUnused)), "{error}");
    assert_eq!(seen.welcomes, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_hook_is_reported_and_the_session_goes_on() {
    let mock = MockTwitch::start(MockConfig::default()).await;
    let mut stream = TwitchWsClient::builder(mock.ws_url())
        .on_welcome(|_| async { Err::<(), _>(std::io::Error::other("no token")) })
        .connect();
    let mut seen = Seen::default();
    let error = next_error(&mut stream, &mut seen).await;
    assert!(matches!(&error, WsError::Subscribe(e) if e.to_string() == "no token"), "{error}");
    assert!(!error.is_terminal());
    let session = mock.sessions()[0].id.clone();
    mock.send_raw(&session, &receiver_tests::twitch_ws_mock::notification(5, &session));
    read_until(&mut stream, &mut seen, |s| s.viewers == [5]).await;
}

/// Twitch closes a connection that does not answer its pings; the connection task answers them even while
/// the application does not read the stream.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pings_are_answered_while_the_application_is_busy() {
    let config = MockConfig { ping_period: Duration::from_millis(50), ..MockConfig::default() };
    let mock = MockTwitch::start(config).await;
    let stream = client(&mock);
    mock.wait_live(None, WAIT).await;
    let before = mock.pongs();
    tokio::time::sleep(Duration::from_millis(600)).await; // not reading `stream`
    assert!(mock.pongs() > before, "no pong in 600 ms of 50 ms pings");
    drop(stream);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revocation_frame_is_delivered_as_an_event() {
    let mock = MockTwitch::start(MockConfig::default()).await;
    let mut stream = client(&mock);
    let mut seen = Seen::default();
    let session = mock.wait_live(None, WAIT).await;
    let revocation = std::fs::read_to_string(format!(
        "{}/../fixtures/twitch-eventsub/ws-revocation.twitch_api.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    mock.send_raw(&session, &revocation);
    mock.send_raw(&session, &revocation); // the same message id again
    mock.notify(1);
    read_until(&mut stream, &mut seen, |s| s.viewers.len() == 1).await;
    assert_eq!(seen.revocations, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_ends_in_a_clear_error_after_the_attempt_limit() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener); // nothing listens there now
    let mut stream = TwitchWsClient::builder(format!("ws://{addr}/ws"))
        .backoff(Duration::from_millis(5), Duration::from_millis(20))
        .max_reconnect_attempts(3)
        .connect();
    let mut seen = Seen::default();
    let error = next_error(&mut stream, &mut seen).await;
    let WsError::GaveUp { attempts, last, detail } = &error else { panic!("{error}") };
    assert_eq!((*attempts, *last), (3, CloseReason::ConnectFailed));
    assert!(detail.is_some(), "the connection error is kept: {error}");
    assert_eq!(seen.disconnects, [CloseReason::ConnectFailed; 3]);
    assert!(stream.next().await.is_none());
    println!("{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_subscribe_helper_speaks_the_mock_api() {
    let mock = MockTwitch::start(MockConfig::default()).await;
    let mut stream = TwitchWsClient::builder(mock.ws_url()).connect();
    let Some(Ok(WsEvent::Welcome { session_id })) = stream.next().await else { panic!() };
    let subscriber = Subscriber::new(format!("{}/", mock.api_base()), "id", "token");
    let created = subscriber.subscribe_all(&session_id, &[raid()]).await.unwrap();
    assert_eq!(created[0]["data"][0]["transport"]["session_id"], session_id.as_str());
    let again = subscriber.subscribe(&session_id, &raid()).await.unwrap_err();
    assert!(matches!(again, SubscribeError::Refused { status: 409, .. }), "{again}");
    let unknown = subscriber.subscribe("nope_nope", &raid()).await.unwrap_err();
    assert!(matches!(unknown, SubscribeError::Refused { status: 400, .. }), "{unknown}");
    assert!(!format!("{subscriber:?}").contains("token\""), "the token is redacted");
    assert_eq!(mock.subscriptions_created(), 1);
}
