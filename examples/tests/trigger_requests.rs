//! Every request the trigger can build, verified in process by the core's sources configured with the
//! development defaults: no network.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::time::{Duration, SystemTime};

use receiver_core::{
    AgonesRelay, Auth, Error, Incoming, Khan, Received, SonoranCad, Source, SourceKind, Timestamp, TwitchEventSub,
    accweb, agones, khan, sonoran, twitch,
};
use receiver_examples::dev;
use receiver_examples::trigger::{Answer, Expect, Request, Trigger, TriggerError, events};

fn build(args: &[&str]) -> Request {
    build_at(args, SystemTime::now())
}

fn build_at(args: &[&str], now: SystemTime) -> Request {
    let trigger = Trigger::from_args(std::iter::once("trigger").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("trigger {args:?}: {e}"));
    trigger.build(now).unwrap()
}

fn usage_error(args: &[&str]) -> String {
    match Trigger::from_args(std::iter::once("trigger").chain(args.iter().copied())) {
        Err(TriggerError::Usage(message)) => message,
        other => panic!("trigger {args:?}: expected a usage error, got {other:?}"),
    }
}

fn twitch_source() -> TwitchEventSub {
    TwitchEventSub::new([dev::TWITCH_SECRET]).unwrap()
}

fn accweb_source() -> receiver_core::Accweb {
    receiver_core::Accweb::new(Auth::header(dev::ACCWEB_HEADER.0, [dev::ACCWEB_HEADER.1]).unwrap())
}

fn sonoran_source() -> SonoranCad {
    SonoranCad::new([dev::SONORAN_KEY]).unwrap()
}

fn khan_source() -> Khan {
    Khan::new(Auth::basic([dev::KHAN_BASIC]).unwrap())
}

fn agones_source() -> AgonesRelay {
    AgonesRelay::new(Auth::basic([dev::AGONES_BASIC]).unwrap())
}

fn receive<S: Source>(source: &S, request: &Request) -> Result<Received<S::Event>, Error> {
    source.receive_at(&request.incoming(), SystemTime::now())
}

fn default_url(kind: SourceKind) -> String {
    format!("http://{}{}", dev::LISTEN, kind.default_path())
}

#[test]
fn every_twitch_type_is_signed_like_twitch_cli_and_parses_typed() {
    let types = &events()[0];
    assert_eq!(types.0, SourceKind::TwitchEventSub);
    // One real fixture per subscription type that has one; every one of them is typed.
    assert!(types.1.iter().all(|kind| twitch::TYPED.iter().any(|(typed, _)| typed == kind)), "{:?}", types.1);
    for kind in &types.1 {
        let request = build(&["twitch", kind]);
        assert_eq!((request.method, request.url.as_str()), ("POST", default_url(SourceKind::TwitchEventSub).as_str()));
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.header("twitch-eventsub-message-retry"), Some("0"));
        assert_eq!(request.header("twitch-eventsub-message-type"), Some("notification"));
        assert_eq!(request.header("twitch-eventsub-subscription-type"), Some(*kind));
        assert!(request.header("user-agent").is_some_and(|ua| ua.starts_with("twitch-cli/")));
        assert_eq!(request.header("Twitch-Eventsub-Message-Id"), request.id.as_deref());
        assert!(is_compact(&request.body), "{kind}: compact JSON");
        assert_eq!(request.expect, Expect::Success);

        let received = receive(&twitch_source(), &request).unwrap_or_else(|e| panic!("{kind}: {e}"));
        let Received::Event(delivery) = received else { panic!("{kind}: a reply") };
        assert_eq!(delivery.meta.id, request.id);
        let twitch::Message::Notification(notification) = &delivery.event else { panic!("{kind}: not a notification") };
        assert_eq!(notification.event.subscription_type(), *kind);
        assert!(!matches!(notification.event, twitch::Event::Unknown(_)), "{kind}: Unknown");
        assert_eq!(notification.subscription.transport.callback.as_deref(), Some(request.url.as_str()));
        // Fresh: created_at is the signed timestamp, and every id differs from the fixture's.
        let sent_at = request.header("twitch-eventsub-message-timestamp").unwrap();
        assert_eq!(notification.subscription.created_at.to_string(), sent_at);
        assert_ne!(notification.subscription.id, "f1c2a387-161a-49f9-a165-0f21d7a4e1c4");
    }
}

#[test]
fn twitch_event_times_are_moved_to_now_keeping_their_distances() {
    let now = "2030-01-02T03:04:05.5Z".parse::<Timestamp>().unwrap().to_system_time();
    let request = build_at(&["twitch", "channel.poll.begin"], now);
    let delivery = twitch_source().receive_at(&request.incoming(), now).unwrap().into_delivery();
    let twitch::Message::Notification(notification) = delivery.event else { panic!() };
    let twitch::Event::ChannelPollBeginV1(poll) = notification.event else { panic!() };
    assert_eq!(poll.started_at.to_string(), "2030-01-02T03:04:05.5Z");
    assert!(poll.ends_at.to_system_time() > poll.started_at.to_system_time());

    let request = build_at(&["twitch", "channel.follow"], now);
    let body = String::from_utf8(request.body).unwrap();
    assert!(body.contains(r#""followed_at":"2030-01-02T03:04:05.5Z""#), "{body}");
}

#[test]
fn a_wrong_secret_is_refused() {
    let request = build(&["twitch", "channel.follow", "--secret", "not-the-dev-secret"]);
    let err = receive(&twitch_source(), &request).unwrap_err();
    assert!(matches!(err, Error::BadSignature), "{err:?}");
    assert_eq!(err.status_code(), 403);
}

#[test]
fn a_timestamp_two_hours_old_is_signed_sent_and_refused_as_too_old() {
    let stale = Timestamp::from_system_time(SystemTime::now() - Duration::from_secs(2 * 3600)).to_string();
    let request = build(&["twitch", "stream.online", "--timestamp", &stale]);
    assert_eq!(request.header("twitch-eventsub-message-timestamp"), Some(stale.as_str()));
    let err = receive(&twitch_source(), &request).unwrap_err();
    assert!(matches!(err, Error::TimestampTooOld { .. }), "{err:?}");
    assert_eq!(err.status_code(), 403);
    // The same request is accepted as of its own time: only its age is wrong, not its signature.
    let then = stale.parse::<Timestamp>().unwrap().to_system_time();
    assert!(twitch_source().receive_at(&request.incoming(), then).is_ok());
    assert!(usage_error(&["twitch", "stream.online", "--timestamp", "yesterday"]).contains("--timestamp"));
}

#[test]
fn repeat_id_keeps_the_message_id_and_fresh_ids_otherwise() {
    let trigger = Trigger::from_args(["trigger", "twitch", "channel.cheer", "--repeat-id", "--count", "3"]).unwrap();
    assert_eq!(trigger.count(), 3);
    let (a, b) = (trigger.build(SystemTime::now()).unwrap(), trigger.build(SystemTime::now()).unwrap());
    assert_eq!(a.id, b.id);
    assert!(receive(&twitch_source(), &b).is_ok(), "still signed correctly");

    let trigger = Trigger::from_args(["trigger", "twitch", "channel.cheer", "--repeat-id", "my-id"]).unwrap();
    let delivery = receive(&twitch_source(), &trigger.build(SystemTime::now()).unwrap()).unwrap().into_delivery();
    assert_eq!(delivery.meta.id.as_deref(), Some("my-id"));

    let trigger = Trigger::from_args(["trigger", "twitch", "channel.cheer"]).unwrap();
    assert_ne!(trigger.build(SystemTime::now()).unwrap().id, trigger.build(SystemTime::now()).unwrap().id);

    let trigger = Trigger::from_args(["trigger", "khan", "PlayerCreated", "--repeat-id"]).unwrap();
    let (a, b) = (trigger.build(SystemTime::now()).unwrap(), trigger.build(SystemTime::now()).unwrap());
    assert_eq!(a.id, b.id);
    assert_eq!(receive(&khan_source(), &b).unwrap().into_delivery().meta.id, a.id);
}

#[test]
fn revocation_sends_the_status_and_no_event() {
    let request = build(&["twitch", "channel.follow", "--revocation", "authorization_revoked"]);
    assert_eq!(request.header("twitch-eventsub-message-type"), Some("revocation"));
    assert!(!String::from_utf8_lossy(&request.body).contains(r#""event""#));
    let delivery = receive(&twitch_source(), &request).unwrap().into_delivery();
    let twitch::Message::Revocation(revocation) = &delivery.event else { panic!("{:?}", delivery.event) };
    assert_eq!(revocation.reason(), &twitch::SubscriptionStatus::AuthorizationRevoked);
    assert_eq!(revocation.subscription.kind, "channel.follow");
}

#[test]
fn challenge_is_answered_by_the_core_with_what_the_checker_accepts() {
    let request = build(&["twitch", "channel.subscribe", "--challenge"]);
    assert_eq!(request.header("twitch-eventsub-message-type"), Some("webhook_callback_verification"));
    let Expect::Challenge(challenge) = &request.expect else { panic!("{:?}", request.expect) };
    let received = receive(&twitch_source(), &request).unwrap();
    let Received::Reply { reply, delivery } = received else { panic!("no reply") };
    let twitch::Message::Verification(verification) = &delivery.event else { panic!() };
    assert_eq!(&verification.challenge, challenge);
    assert_eq!(verification.subscription.status, twitch::SubscriptionStatus::WebhookCallbackVerificationPending);
    let answer = Answer::new(reply.status, reply.content_type, reply.body);
    assert_eq!(request.expect.check(&answer), Ok(()));
    // A fresh challenge every time.
    assert_ne!(build(&["twitch", "channel.subscribe", "--challenge"]).expect, request.expect);
}

#[test]
fn the_challenge_checker_is_as_strict_as_verify_subscription() {
    let expect = Expect::Challenge("abc-123".into());
    assert_eq!(expect.check(&Answer::new(200, Some("text/plain; charset=utf-8"), "abc-123")), Ok(()));
    assert_eq!(expect.check(&Answer::new(200, Some("text/plain"), "abc-123")), Ok(()));
    for (bad, why) in [
        (Answer::new(200, Some("application/json"), r#""abc-123""#), "JSON-quoted"),
        (Answer::new(200, Some("text/plain; charset=utf-8"), r#""abc-123""#), "quoted body"),
        (Answer::new(200, Some("text/plain; charset=utf-8"), "abc-123\n"), "trailing newline"),
        (Answer::new(200, None, "abc-123"), "missing Content-Type"),
        (Answer::new(200, Some("text/html; charset=utf-8"), "abc-123"), "text/html (Express' res.send)"),
        (Answer::new(204, None, ""), "204"),
        (Answer::new(204, Some("text/plain"), "abc-123"), "204 even with the body"),
    ] {
        assert!(expect.check(&bad).is_err(), "{why} accepted");
    }
    assert!(Expect::Success.check(&Answer::new(204, None, "")).is_ok());
    assert!(Expect::Success.check(&Answer::new(200, Some("text/plain"), "ok")).is_ok());
    assert!(Expect::Success.check(&Answer::new(403, Some("text/plain"), "forbidden")).is_err());
    assert!(Expect::Success.check(&Answer::new(301, None, "")).is_err());
}

#[test]
fn every_accweb_event_is_compact_fresh_and_authenticated_by_its_header() {
    let names = &events()[1].1;
    assert_eq!(names.len(), 9);
    for name in names {
        let before = SystemTime::now() - Duration::from_secs(1);
        let request = build(&["accweb", name]);
        assert_eq!((request.method, request.url.as_str()), ("POST", default_url(SourceKind::Accweb).as_str()));
        assert_eq!(request.header("content-type"), Some("application/json; charset=utf-8"));
        assert_eq!(request.header(dev::ACCWEB_HEADER.0), Some(dev::ACCWEB_HEADER.1));
        assert!(is_compact(&request.body), "{name}: compact JSON");
        assert!(request.body.starts_with(format!(r#"{{"eventName":"{name}","timestamp":""#).as_bytes()));
        let delivery = receive(&accweb_source(), &request).unwrap_or_else(|e| panic!("{name}: {e}")).into_delivery();
        assert_eq!(delivery.event.name(), *name);
        assert!(!matches!(delivery.event, accweb::Event::Unknown(_)), "{name}");
        assert!(delivery.meta.timestamp.unwrap().to_system_time() >= before, "{name}: fresh timestamp");
    }
    // Short names, and a wrong header is refused.
    assert_eq!(build(&["accweb", "new-lap"]).event, "instance_live_new_lap");
    assert_eq!(build(&["accweb", "started"]).event, "instance_started");
    let wrong = build(&["accweb", "new_lap", "--header", "x-accweb-token:guess"]);
    assert_eq!(wrong.header("X-Accweb-Token"), Some("guess"));
    assert_eq!(receive(&accweb_source(), &wrong).unwrap_err().status_code(), 403);
    let bearer = build(&["accweb", "stopped", "--header", "authorization: Bearer xyz"]);
    assert_eq!(bearer.headers.iter().find(|(n, _)| n == "Authorization").map(|(_, v)| v.as_str()), Some("Bearer xyz"));
    assert!(usage_error(&["accweb", "instance_exploded"]).contains("instance_live_new_lap"));
    assert!(usage_error(&["accweb", "new_lap", "--header", "novalue"]).contains("NAME:VALUE"));
}

#[test]
fn every_sonoran_type_carries_the_key_and_an_object() {
    let types = &events()[2].1;
    assert_eq!(types.len(), 20);
    for kind in types {
        let request = build(&["sonoran", kind]);
        assert_eq!((request.method, request.url.as_str()), ("POST", "http://127.0.0.1:3000/sonorancad/event"));
        let body = String::from_utf8(request.body.clone()).unwrap();
        assert!(body.starts_with(&format!(r#"{{"key":"{}","type":"{kind}","data":{{"#, dev::SONORAN_KEY)), "{body}");
        let delivery = receive(&sonoran_source(), &request).unwrap_or_else(|e| panic!("{kind}: {e}")).into_delivery();
        assert_eq!(delivery.event.event_type(), *kind);
        assert!(!matches!(delivery.event, sonoran::Event::Unknown(_)), "{kind}");
    }
    assert_eq!(build(&["sonoran", "911"]).event, "EVENT_911");
    assert_eq!(build(&["sonoran", "unit-status"]).event, "EVENT_UNIT_STATUS");
    let wrong = build(&["sonoran", "EVENT_TONE", "--key", "guess"]);
    assert_eq!(receive(&sonoran_source(), &wrong).unwrap_err().status_code(), 403);
}

#[test]
fn every_khan_type_is_go_marshalled_with_a_fresh_uuid_and_basic() {
    for code in 0..13u8 {
        let number = code.to_string();
        let request = build(&["khan", &number]);
        assert_eq!((request.method, request.url.as_str()), ("POST", default_url(SourceKind::Khan).as_str()));
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.header("user-agent"), Some("Go-http-client/1.1"));
        assert!(request.header("authorization").is_some_and(|a| a.starts_with("Basic ")));
        assert_keys_sorted(&String::from_utf8(request.body.clone()).unwrap());
        let delivery = receive(&khan_source(), &request).unwrap_or_else(|e| panic!("{code}: {e}")).into_delivery();
        assert_eq!(delivery.event.type_code(), i64::from(code));
        assert!(!matches!(delivery.event, khan::Event::Unknown(_)), "{code}");
        let id = delivery.meta.id.clone().unwrap();
        assert_eq!(Some(&id), request.id.as_ref());
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4', "UUID v4: {id}");
        let timestamp = delivery.meta.timestamp.unwrap();
        assert_eq!(timestamp.subsec_nanos(), 0, "RFC 3339 in whole seconds");
        assert!(!timestamp.to_string().contains('.'));
        // By name too.
        let name = delivery.event.type_name();
        assert_eq!(build(&["khan", name]).event, format!("{code} {name}"));
    }
    assert_eq!(build(&["khan", "clan-left"]).event, "5 ClanLeft");
    assert_eq!(build(&["khan", "MembershipLeftHook"]).event, "12 MembershipLeft");
    assert!(usage_error(&["khan", "13"]).contains("12 MembershipLeft"));
    let wrong = build(&["khan", "1", "--basic", "khan:guess"]);
    assert_eq!(receive(&khan_source(), &wrong).unwrap_err().status_code(), 403);
}

/// No whitespace outside strings, no trailing newline: what Go's `json.Marshal` writes.
fn is_compact(body: &[u8]) -> bool {
    let (mut in_string, mut escaped) = (false, false);
    for &byte in body {
        match (in_string, escaped, byte) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') | (false, _, b'"') => in_string = !in_string,
            (false, _, b' ' | b'\n' | b'\r' | b'\t') => return false,
            _ => {}
        }
    }
    serde_json::from_slice::<serde_json::Value>(body).is_ok()
}

/// Go's `json.Marshal` of a map: keys sorted at every level, no whitespace.
fn assert_keys_sorted(body: &str) {
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    // serde_json's map is sorted (no `preserve_order` in this workspace): re-serialising gives the same bytes
    // exactly when the body's keys were sorted and compact.
    assert_eq!(serde_json::to_string(&value).unwrap(), body);
}

#[test]
fn khan_token_goes_in_the_url_query() {
    let request = build(&["khan", "ClanCreated", "--token", "t0k en/+"]);
    assert_eq!(request.url, "http://127.0.0.1:3000/khan?token=t0k+en%2F%2B");
    assert_eq!(request.header("authorization"), None);
    let source = Khan::new(Auth::query_token("token", ["t0k en/+"]).unwrap());
    let delivery = receive(&source, &request).unwrap().into_delivery();
    assert!(matches!(delivery.event, khan::Event::ClanCreated(_)));
    let with_query = build(&["khan", "1", "--token", "abc", "--to", "http://h:1/k?x=1"]);
    assert_eq!(with_query.url, "http://h:1/k?x=1&token=abc");
    assert!(usage_error(&["khan", "1", "--token", "abc", "--basic", "a:b"]).contains("cannot be used"));
}

#[test]
fn every_agones_event_uses_the_relays_method_envelope_and_basic() {
    for (kind, flag) in [("gameserver", "gameserver"), ("fleet", "fleet")] {
        let added = build(&["agones", "added", "--kind", flag]);
        assert_eq!(added.method, "POST");
        let body = String::from_utf8(added.body.clone()).unwrap();
        let prefix = format!(
            r#"{{"body":{{"header":{{"headers":{{"event_source":"OnAdd","event_type":"{kind}.events.added"}}}},"message":{{"source":"OnAdd","type":"{kind}.events.added","message":{{"body":{{"#
        );
        assert!(body.starts_with(&prefix), "{body}");
        let delivery = receive(&agones_source(), &added).unwrap().into_delivery();
        assert_eq!(delivery.event.event_type(), format!("{kind}.events.added"));
        assert_eq!(delivery.meta.id, added.id);
        assert!(matches!(delivery.event, agones::Event::GameServerAdded(_) | agones::Event::FleetAdded(_)));

        let updated = build(&["agones", "updated", "--kind", flag, "--name", "renamed", "--namespace", "games"]);
        assert_eq!(updated.method, "PUT");
        let delivery = receive(&agones_source(), &updated).unwrap().into_delivery();
        let meta = delivery.event.metadata().unwrap();
        assert_eq!((meta.name.as_str(), meta.namespace.as_str()), ("renamed", "games"));
        assert!(matches!(delivery.event, agones::Event::GameServerUpdated(_) | agones::Event::FleetUpdated(_)));

        let deleted = build(&["agones", "deleted", "--kind", flag, "--name", "gs 1", "--namespace", "default"]);
        assert_eq!((deleted.method, deleted.body.as_slice()), ("DELETE", &b"n"[..]));
        assert_eq!(deleted.query(), format!("event_type={kind}.events.deleted&name=gs+1&namespace=default"));
        let delivery = receive(&agones_source(), &deleted).unwrap().into_delivery();
        let (agones::Event::GameServerDeleted(gone) | agones::Event::FleetDeleted(gone)) = &delivery.event else {
            panic!("{:?}", delivery.event)
        };
        assert_eq!((gone.name.as_str(), gone.namespace.as_str()), ("gs 1", "default"));
    }
    // The gameserver fixture's update is a resync (same resourceVersion); the fleet's is a real change.
    let resync = receive(&agones_source(), &build(&["agones", "updated"])).unwrap().into_delivery();
    assert!(resync.meta.resync);
    // Defaults: the fixture's names.
    assert!(build(&["agones", "deleted", "--kind", "fleet"]).url.ends_with("name=simple-udp&namespace=default"));
}

#[test]
fn agones_delete_keeps_the_relays_double_question_mark_and_header_auth_works() {
    let request = build(&["agones", "deleted", "--to", "http://h:1/agones?token=abc", "--header", "X-Relay-Token:abc"]);
    assert_eq!(
        request.url,
        "http://h:1/agones?token=abc?event_type=gameserver.events.deleted&name=simple-udp-7jcpl-5qrbc&namespace=default"
    );
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.header("x-relay-token"), Some("abc"));
    let by_query = AgonesRelay::new(Auth::query_token("token", ["abc"]).unwrap());
    assert!(matches!(receive(&by_query, &request).unwrap().into_delivery().event, agones::Event::GameServerDeleted(_)));
    let by_header = AgonesRelay::new(Auth::header("X-Relay-Token", ["abc"]).unwrap());
    assert!(receive(&by_header, &request).is_ok());
    assert_eq!(receive(&agones_source(), &request).unwrap_err().status_code(), 401);
}

#[test]
fn body_file_is_sent_exactly_and_still_authenticated() {
    let dir = std::env::temp_dir().join(format!("trigger-body-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("follow.json");
    let fixture = include_bytes!("../../fixtures/twitch-eventsub/webhook-notification-channel.follow.signed-body.json");
    std::fs::write(&file, fixture).unwrap();
    let path = file.to_str().unwrap();

    let request = build(&["twitch", "channel.follow", "--version", "1", "--body", path]);
    assert_eq!(request.body, fixture);
    let delivery = receive(&twitch_source(), &request).unwrap().into_delivery();
    let twitch::Message::Notification(notification) = delivery.event else { panic!() };
    assert_eq!(notification.event.version(), "1"); // retired v1: delivered raw

    let khan_body = br#"{"gameID":"g","id":"11111111-2222-4333-8444-555555555555","membershipCount":0,"metadata":{},"name":"A","ownershipCount":0,"publicID":"p","timestamp":"2021-12-08T19:33:55Z","type":1}"#;
    std::fs::write(&file, khan_body).unwrap();
    let request = build(&["khan", "1", "--body", path]);
    assert_eq!(request.body, khan_body);
    assert_eq!(request.id.as_deref(), Some("11111111-2222-4333-8444-555555555555"));
    assert!(receive(&khan_source(), &request).is_ok());

    let challenge_body =
        include_bytes!("../../fixtures/twitch-eventsub/webhook-verification-channel.subscribe.signed-body.json");
    std::fs::write(&file, challenge_body).unwrap();
    let request = build(&["twitch", "channel.subscribe", "--challenge", "--body", path]);
    assert_eq!(request.expect, Expect::Challenge("11535768-497e-14ec-8197-ba2cb5341a01".into()));
    assert!(matches!(receive(&twitch_source(), &request).unwrap(), Received::Reply { .. }));

    assert!(usage_error(&["accweb", "started", "--body", "/nonexistent/trigger-body"]).contains("--body"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_say_what_is_known() {
    assert!(usage_error(&["twitch", "channel.nope"]).contains("channel.follow"));
    assert!(usage_error(&["twitch", "channel.follow", "--secret", ""]).contains("--secret"));
    assert!(usage_error(&["twitch", "channel.follow", "--count", "0"]).contains("--count"));
    assert!(usage_error(&["twitch", "channel.follow", "--to", "https://example.com/x"]).contains("https"));
    assert!(usage_error(&["twitch", "channel.follow", "--to", "not a url"]).contains("--to"));
    assert!(usage_error(&["agones", "removed"]).contains("added"));
    assert_eq!(
        build(&["twitch", "stream.offline", "--to", "http://10.0.0.1:8080/hooks/twitch?x=1"]).url,
        "http://10.0.0.1:8080/hooks/twitch?x=1"
    );
}

#[test]
fn incoming_reads_what_the_request_sends() {
    let request = build(&["agones", "deleted"]);
    let incoming: Incoming<'_> = request.incoming();
    assert_eq!(incoming.method(), "DELETE");
    assert_eq!(incoming.query(), request.query());
    assert_eq!(incoming.body(), b"n");
}
