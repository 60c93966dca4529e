//! Twitch EventSub: the two signature vectors, every webhook fixture (signed here with a test secret), the
//! freshness window, rotation, tampering, and the WebSocket frames.

use std::time::Duration;

use receiver_core::twitch::{
    self, Event, Message, MessageType, SubscriptionStatus, Tier, TransportMethod,
    ws::{Frame, FrameMessage, FrameType},
};
use receiver_core::{ConfigError, Error, Incoming, Received, Secret, Source, Timestamp, TwitchEventSub};
use serde::Deserialize;

use crate::common::{after, assert_round_trip, at, deliver, fixture, fixtures_in, reject};

pub(crate) const SECRET: &str = "test-secret-0123456789";
pub(crate) const ID: &str = "7a3c2b8e-9d0f-4e21-8a55-1c2d3e4f5a6b";
pub(crate) const SENT: &str = "2026-11-22T14:00:00.123456789Z";

pub(crate) fn source() -> TwitchEventSub {
    TwitchEventSub::new([SECRET]).unwrap()
}

/// The headers Twitch sends for `body`, signed with `secret`.
pub(crate) fn signed(secret: &str, message_type: &str, body: &[u8]) -> Vec<(String, String)> {
    #[derive(Deserialize)]
    struct Probe {
        subscription: KindVersion,
    }
    #[derive(Deserialize)]
    struct KindVersion {
        #[serde(rename = "type")]
        kind: String,
        version: String,
    }
    let sub = serde_json::from_slice::<Probe>(body).unwrap().subscription;
    let signature = twitch::signature_header(&Secret::new(secret).unwrap(), ID, SENT, body);
    [
        ("Content-Type", "application/json"),
        ("Twitch-Eventsub-Message-Id", ID),
        ("Twitch-Eventsub-Message-Retry", "0"),
        ("Twitch-Eventsub-Message-Type", message_type),
        ("Twitch-Eventsub-Message-Signature", &signature),
        ("Twitch-Eventsub-Message-Timestamp", SENT),
        ("Twitch-Eventsub-Subscription-Type", &sub.kind),
        ("Twitch-Eventsub-Subscription-Version", &sub.version),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v.to_owned()))
    .collect()
}

fn set(headers: &mut [(String, String)], name: &str, value: &str) {
    let slot = headers.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)).unwrap();
    slot.1 = value.to_owned();
}

fn remove(headers: &mut Vec<(String, String)>, name: &str) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
}

/// Signs and receives a notification fixture, returning its typed event.
fn notification(name: &str) -> Event {
    let body = fixture(&format!("twitch-eventsub/{name}"));
    let headers = signed(SECRET, "notification", &body);
    let delivery = deliver(&source(), &Incoming::post(&headers, &body), after(SENT, 1));
    assert_eq!(delivery.meta.id.as_deref(), Some(ID));
    let Message::Notification(notification) = delivery.event else { panic!("{:?}", delivery.event) };
    assert_eq!(notification.event.subscription_type(), notification.subscription.kind);
    assert_eq!(notification.event.version(), notification.subscription.version);
    notification.event
}

#[derive(Deserialize)]
struct Vector {
    secret: String,
    headers: std::collections::BTreeMap<String, String>,
    body: String,
    #[serde(default)]
    expected_challenge_response: Option<String>,
}

fn vector(name: &str) -> Vector {
    serde_json::from_slice(&fixture(&format!("twitch-eventsub/{name}"))).unwrap()
}

#[test]
fn signature_vector_1_notification_known_answer() {
    let v = vector("webhook-signature-vector.twitch_api.json");
    let body = fixture("twitch-eventsub/webhook-notification-channel.follow.signed-body.json");
    assert_eq!(v.body.as_bytes(), &body[..], "the wrapper and the byte-exact body agree");
    let signature = twitch::signature_header(
        &Secret::new(v.secret.as_str()).unwrap(),
        &v.headers["Twitch-Eventsub-Message-Id"],
        &v.headers["Twitch-Eventsub-Message-Timestamp"],
        &body,
    );
    assert_eq!(signature, "sha256=d10f5bd9474b7ac7bd7105eb79c2d52768b4d0cd2a135982c3bf5a1d59a78823");
    assert_eq!(signature, v.headers["Twitch-Eventsub-Message-Signature"]);

    let headers: Vec<(&String, &String)> = v.headers.iter().collect();
    let source = TwitchEventSub::new([v.secret.as_str()]).unwrap();
    let delivery = deliver(&source, &Incoming::post(&headers, &body), after("2021-02-19T23:47:00Z", 30));
    assert_eq!(delivery.meta.id.as_deref(), Some("ae2ff348-e102-16be-a3eb-6830c1bf38d2"));
    assert_eq!(delivery.meta.timestamp.unwrap().to_string(), "2021-02-19T23:47:00.8091512Z");
    let meta = delivery.meta.twitch.unwrap();
    assert_eq!((meta.message_type, meta.retry), (MessageType::Notification, Some(0)));
    assert_eq!(meta.subscription_type.as_deref(), Some("channel.follow"));
    // channel.follow v1 is retired (old twitch-cli output): delivered as Unknown, raw event intact.
    let Message::Notification(note) = delivery.event else { panic!() };
    assert_eq!(note.subscription.transport.callback.as_deref(), Some("null"));
    assert_eq!(note.subscription.cost, None);
    let Event::Unknown(unknown) = note.event else { panic!("{:?}", note.event) };
    assert_eq!((unknown.subscription_type.as_str(), unknown.version.as_str()), ("channel.follow", "1"));
    assert!(unknown.raw.get().starts_with(r#"{"user_id":"28408015","user_login":"testFromUser""#));
}

#[test]
fn signature_vector_2_verification_answers_the_raw_challenge() {
    let v = vector("webhook-signature-vector-2.verification.twitch_api.json");
    let body = fixture("twitch-eventsub/webhook-verification-channel.subscribe.signed-body.json");
    assert_eq!(v.body.as_bytes(), &body[..]);
    let headers: Vec<(&String, &String)> = v.headers.iter().collect();
    let source = TwitchEventSub::new([v.secret.as_str()]).unwrap();
    let received = source.receive_at(&Incoming::post(&headers, &body), after("2022-02-06T04:03:24Z", 5)).unwrap();
    let Received::Reply { reply, delivery } = received else { panic!("{received:?}") };
    assert_eq!(reply.status, 200);
    assert!(reply.content_type.is_some_and(|t| t.starts_with("text/plain")));
    assert_eq!(reply.body, v.expected_challenge_response.unwrap().as_bytes());
    assert_eq!(reply.body, b"11535768-497e-14ec-8197-ba2cb5341a01");
    let Message::Verification(verification) = &delivery.event else { panic!() };
    assert_eq!(verification.subscription.status, SubscriptionStatus::WebhookCallbackVerificationPending);
    assert_eq!(verification.subscription.condition.get("broadcaster_user_id"), Some("88525095"));
    assert_round_trip(&delivery);
}

#[test]
fn freshness_window_edges_with_an_injected_clock() {
    let body = fixture("twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json");
    let headers = signed(SECRET, "notification", &body);
    let incoming = Incoming::post(&headers, &body);
    let sent = at(SENT);
    let nanos = Duration::from_nanos(1);
    let ten_minutes = Duration::from_secs(600);

    assert!(source().receive_at(&incoming, sent + ten_minutes).is_ok(), "exactly 10 minutes old");
    assert!(source().receive_at(&incoming, sent - ten_minutes).is_ok(), "exactly 10 minutes ahead");
    let err = reject(&source(), &incoming, sent + ten_minutes + nanos);
    assert!(matches!(err, Error::TimestampTooOld { age, .. } if age == ten_minutes + nanos), "{err}");
    assert_eq!((err.status_code(), err.public_message().as_ref()), (403, "forbidden"));
    let err = reject(&source(), &incoming, sent - ten_minutes - nanos);
    assert!(matches!(err, Error::TimestampInFuture { ahead, .. } if ahead == ten_minutes + nanos), "{err}");
    assert_eq!(err.status_code(), 403);

    let strict = source().with_tolerance(Duration::from_secs(5));
    assert_eq!(strict.tolerance(), Duration::from_secs(5));
    assert!(strict.receive_at(&incoming, sent + Duration::from_secs(5)).is_ok());
    assert!(matches!(reject(&strict, &incoming, sent + Duration::from_secs(6)), Error::TimestampTooOld { .. }));
}

#[test]
fn rotation_accepts_old_and_new_secrets() {
    let body = fixture("twitch-eventsub/webhook-notification-channel.raid.v1.twitch_api.json");
    let rotating = TwitchEventSub::new(["new-secret-value", SECRET]).unwrap();
    for secret in ["new-secret-value", SECRET] {
        let headers = signed(secret, "notification", &body);
        assert!(rotating.receive_at(&Incoming::post(&headers, &body), at(SENT)).is_ok(), "{secret}");
    }
    let headers = signed("new-secret-value", "notification", &body);
    assert_eq!(reject(&source(), &Incoming::post(&headers, &body), at(SENT)), Error::BadSignature);
}

#[test]
fn a_flipped_byte_in_body_id_or_timestamp_fails() {
    let body = fixture("twitch-eventsub/webhook-notification-channel.cheer.v1.twitch_api.json");
    let headers = signed(SECRET, "notification", &body);
    let now = at(SENT);
    assert!(source().receive_at(&Incoming::post(&headers, &body), now).is_ok());

    for at_byte in [0, body.len() / 2, body.len() - 1] {
        let mut tampered = body.clone();
        tampered[at_byte] ^= 0x01;
        assert_eq!(reject(&source(), &Incoming::post(&headers, &tampered), now), Error::BadSignature);
    }
    for (name, value) in [
        ("Twitch-Eventsub-Message-Id", "7a3c2b8e-9d0f-4e21-8a55-1c2d3e4f5a6c"),
        ("Twitch-Eventsub-Message-Timestamp", "2026-11-22T14:00:00.123456788Z"),
        // The same instant written with another precision is another string: the signature covers the bytes.
        ("Twitch-Eventsub-Message-Timestamp", "2026-11-22T14:00:00.1234567890Z"),
    ] {
        let mut tampered = headers.clone();
        set(&mut tampered, name, value);
        assert_eq!(reject(&source(), &Incoming::post(&tampered, &body), now), Error::BadSignature, "{name}");
    }
    // Upper-case hex is the same signature.
    let mut upper = headers.clone();
    let signature = headers.iter().find(|(n, _)| n.ends_with("Signature")).unwrap().1.clone();
    set(&mut upper, "Twitch-Eventsub-Message-Signature", &signature.replace("sha256=", "").to_uppercase());
    let err = reject(&source(), &Incoming::post(&upper, &body), now);
    assert!(matches!(err, Error::MalformedSignature { .. }), "the prefix is required: {err}");
    set(&mut upper, "Twitch-Eventsub-Message-Signature", &format!("sha256={}", &signature[7..].to_uppercase()));
    assert!(source().receive_at(&Incoming::post(&upper, &body), now).is_ok());
}

#[test]
fn header_problems_get_typed_errors() {
    let body = fixture("twitch-eventsub/webhook-notification-stream.online.v1.twitch_api.json");
    let now = at(SENT);
    let good = signed(SECRET, "notification", &body);

    let mut h = good.clone();
    remove(&mut h, "Twitch-Eventsub-Message-Signature");
    let err = reject(&source(), &Incoming::post(&h, &body), now);
    assert_eq!((err.status_code(), err.public_message().as_ref()), (401, "unauthorized"));

    for bad in ["", "sha256=", "md5=abc", "sha256=xyz", "sha256=abcd", &format!("sha256={}", "0".repeat(66))] {
        let mut h = good.clone();
        set(&mut h, "Twitch-Eventsub-Message-Signature", bad);
        let err = reject(&source(), &Incoming::post(&h, &body), now);
        assert!(matches!(err, Error::MalformedSignature { .. }), "{bad:?}: {err}");
        assert_eq!(err.status_code(), 403);
    }

    for name in ["Twitch-Eventsub-Message-Id", "Twitch-Eventsub-Message-Timestamp"] {
        let mut h = good.clone();
        remove(&mut h, name);
        let err = reject(&source(), &Incoming::post(&h, &body), now);
        assert_eq!(err, Error::MissingHeader(Box::leak(name.to_ascii_lowercase().into_boxed_str())));
        assert_eq!(err.status_code(), 400);
    }

    // Authentic, but the timestamp is not RFC 3339.
    let mut h = good.clone();
    set(&mut h, "Twitch-Eventsub-Message-Timestamp", "yesterday");
    let signature = twitch::signature_header(&Secret::new(SECRET).unwrap(), ID, "yesterday", &body);
    set(&mut h, "Twitch-Eventsub-Message-Signature", &signature);
    let err = reject(&source(), &Incoming::post(&h, &body), now);
    assert!(matches!(err, Error::InvalidHeader { name: "twitch-eventsub-message-timestamp", .. }), "{err}");

    // Authentic, but no message type.
    let mut h = good.clone();
    remove(&mut h, "Twitch-Eventsub-Message-Type");
    assert_eq!(
        reject(&source(), &Incoming::post(&h, &body), now),
        Error::MissingHeader("twitch-eventsub-message-type")
    );

    // Authentic, but the subscription headers contradict the body.
    let mut h = good.clone();
    set(&mut h, "Twitch-Eventsub-Subscription-Type", "stream.offline");
    let err = reject(&source(), &Incoming::post(&h, &body), now);
    assert!(matches!(err, Error::InvalidHeader { name: "twitch-eventsub-subscription-type", .. }), "{err}");
    assert!(err.public_message().contains("stream.offline"));
    // Also when the body cannot even be read as the type the headers name.
    set(&mut h, "Twitch-Eventsub-Subscription-Type", "channel.follow");
    set(&mut h, "Twitch-Eventsub-Subscription-Version", "2");
    let err = reject(&source(), &Incoming::post(&h, &body), now);
    assert!(
        err.public_message().contains("headers say channel.follow v2, the body's subscription says stream.online v1"),
        "{err}"
    );

    let err = reject(&source(), &Incoming::new("GET", &good, &body), now);
    assert_eq!(err.allowed_methods(), Some(&["POST"][..]));
    let small = source().with_max_body_bytes(64).unwrap();
    assert_eq!(reject(&small, &Incoming::post(&good, &body), now), Error::BodyTooLarge { limit: 64 });
}

#[test]
fn malformed_but_authentic_bodies_are_400() {
    let now = at(SENT);
    let follow = fixture("twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json");
    let headers = signed(SECRET, "notification", &follow);
    for body in [&b""[..], b"{", b"[]", br#"{"subscription":{}}"#, &follow[..follow.len() - 3]] {
        let signature = twitch::signature_header(&Secret::new(SECRET).unwrap(), ID, SENT, body);
        let mut h = headers.clone();
        set(&mut h, "Twitch-Eventsub-Message-Signature", &signature);
        let err = reject(&source(), &Incoming::post(&h, body), now);
        assert!(matches!(err, Error::MalformedBody(_)), "{}: {err}", String::from_utf8_lossy(body));
        assert_eq!(err.status_code(), 400);
    }
}

#[test]
fn configuration_refuses_to_fail_open() {
    assert_eq!(TwitchEventSub::new(Vec::<&str>::new()).unwrap_err(), ConfigError::NoSecrets);
    assert_eq!(TwitchEventSub::new([""]).unwrap_err(), ConfigError::EmptySecret);
    assert_eq!(TwitchEventSub::new(["too-short"]).unwrap_err(), ConfigError::TwitchSecretLength(9));
    let debug = format!("{:?}", TwitchEventSub::new([SECRET]).unwrap());
    assert!(!debug.contains(SECRET) && debug.contains("REDACTED"), "{debug}");
    assert!(source().auth_description().contains("1 secret"));
}

#[test]
fn every_notification_fixture_is_typed() {
    let names: Vec<String> =
        fixtures_in("twitch-eventsub").into_iter().filter(|n| n.starts_with("webhook-notification-")).collect();
    assert_eq!(names.len(), 17);
    for name in &names {
        let event = notification(name);
        let typed = !matches!(event, Event::Unknown(_));
        // The one untyped notification is the retired channel.follow v1 of the signature vector.
        assert_eq!(typed, !name.ends_with("signed-body.json"), "{name}: {event:?}");
    }
    // 16 typed fixtures; the other 36 typed subscriptions are covered by constructed payloads in
    // `twitch_catalogue.rs` (no real payload exists for them).
    assert_eq!(twitch::TYPED.len(), 52);
}

#[test]
fn follow_online_offline() {
    let Event::ChannelFollowV2(e) = notification("webhook-notification-channel.follow.v2.twitch_api.json") else {
        panic!()
    };
    assert_eq!((e.user_login.as_str(), e.broadcaster_user_name.as_str()), ("cool_user", "Cooler_User"));
    assert_eq!(e.followed_at.to_string(), "2020-07-15T18:16:11.17106713Z");

    let Event::StreamOnlineV1(e) = notification("webhook-notification-stream.online.v1.twitch_api.json") else {
        panic!()
    };
    assert_eq!((e.id.as_str(), e.stream_type.clone()), ("9001", twitch::StreamType::Live));
    assert_eq!(e.started_at.to_string(), "2020-10-11T10:11:12.123Z");

    let Event::StreamOfflineV1(e) = notification("webhook-notification-stream.offline.v1.twitch_api.json") else {
        panic!()
    };
    assert_eq!((e.id.as_deref(), e.broadcaster_user_id.as_str()), (Some("9001"), "1337"));
}

#[test]
fn subscriptions_gifts_and_messages() {
    let Event::ChannelSubscribeV1(e) = notification("webhook-notification-channel.subscribe.v1.twitch_api.json") else {
        panic!()
    };
    assert_eq!((e.tier, e.is_gift, e.user_id.as_str()), (Tier::Tier1, false, "1234"));

    let event = notification("webhook-notification-channel.subscription.end.v1.twitch_api.json");
    let Event::ChannelSubscriptionEndV1(e) = event else { panic!() };
    assert_eq!(e.tier.as_str(), "1000");

    let event = notification("webhook-notification-channel.subscription.gift.v1.twitch_api.json");
    let Event::ChannelSubscriptionGiftV1(e) = event else { panic!() };
    assert_eq!((e.total, e.cumulative_total, e.is_anonymous), (2, Some(284), false));
    assert_eq!(e.user_login.as_deref(), Some("cool_user"));

    let event = notification("webhook-notification-channel.subscription.message.v1.twitch_api.json");
    let Event::ChannelSubscriptionMessageV1(e) = event else { panic!() };
    assert_eq!(e.message.text, "Love the stream! FevziGG");
    let emotes = e.message.emotes.unwrap();
    assert_eq!((emotes[0].begin, emotes[0].end, emotes[0].id.as_str()), (23, 30, "302976485"));
    assert_eq!((e.cumulative_months, e.streak_months, e.duration_months), (15, Some(1), 6));
}

#[test]
fn cheer_raid_redemption_update() {
    let Event::ChannelCheerV1(e) = notification("webhook-notification-channel.cheer.v1.twitch_api.json") else {
        panic!()
    };
    assert_eq!((e.bits, e.message.as_str(), e.is_anonymous), (1000, "pogchamp", false));
    assert_eq!(e.user_name.as_deref(), Some("Cool_User"));

    let Event::ChannelRaidV1(e) = notification("webhook-notification-channel.raid.v1.twitch_api.json") else {
        panic!()
    };
    assert_eq!(
        (e.from_broadcaster_user_login.as_str(), e.to_broadcaster_user_id.as_str(), e.viewers),
        ("cool_user", "1337", 9001)
    );

    let name = "webhook-notification-channel.channel_points_custom_reward_redemption.add.v1.twitch_api.json";
    let Event::ChannelPointsCustomRewardRedemptionAddV1(e) = notification(name) else { panic!() };
    assert_eq!((e.user_input.as_str(), e.status.clone()), ("pogchamp", twitch::RedemptionStatus::Unfulfilled));
    assert_eq!((e.reward.cost, e.reward.prompt.as_str()), (100, "reward prompt"));

    let Event::ChannelUpdateV2(e) = notification("webhook-notification-channel.update.v2.twitch_api.json") else {
        panic!()
    };
    assert_eq!(
        (e.category_name.as_str(), e.content_classification_labels.as_slice()),
        ("Grand Theft Auto", &["MatureGame".to_owned()][..])
    );
}

#[test]
fn moderation_poll_hype_train_authorization() {
    let Event::ChannelBanV1(e) = notification("webhook-notification-channel.ban.v1.twitch_api.json") else { panic!() };
    assert_eq!(
        (e.reason.as_str(), e.is_permanent, e.moderator_user_login.as_str()),
        ("Offensive language", false, "mod_user")
    );
    assert_eq!(e.ends_at.unwrap().to_string(), "2020-07-15T18:16:11.17106713Z");

    let Event::ChannelUnbanV1(e) = notification("webhook-notification-channel.unban.v1.twitch_api.json") else {
        panic!()
    };
    assert_eq!(e.moderator_user_id, "1339");

    let Event::ChannelPollBeginV1(e) = notification("webhook-notification-channel.poll.begin.v1.twitch_api.json")
    else {
        panic!()
    };
    assert_eq!(e.title, "Aren’t shoes just really hard socks?");
    assert_eq!(e.choices.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["Yeah!", "No!", "Maybe!"]);
    assert!(e.channel_points_voting.is_enabled && e.bits_voting.amount_per_vote == 10);

    let event = notification("webhook-notification-channel.hype_train.begin.v2.twitch_api.json");
    let Event::ChannelHypeTrainBeginV2(e) = event else { panic!() };
    assert_eq!((e.total, e.progress, e.goal, e.level, e.all_time_high_total), (137, 137, 500, 1, 2845));
    assert_eq!((e.top_contributions[0].contribution_type.as_str(), e.shared_train_participants), ("bits", None));
    assert_eq!(e.train_type, "regular");

    let event = notification("webhook-notification-user.authorization.revoke.v1.twitch_api.json");
    let Event::UserAuthorizationRevokeV1(e) = event else { panic!() };
    assert_eq!((e.client_id.as_str(), e.user_login.as_deref()), ("crq72vsaoijkc83xx42hz6i37", Some("cool_user")));
}

#[test]
fn revocation_and_verification_fixtures() {
    let body = fixture("twitch-eventsub/webhook-revocation-channel.follow.v1.twitch_api.json");
    let headers = signed(SECRET, "revocation", &body);
    let delivery = deliver(&source(), &Incoming::post(&headers, &body), at(SENT));
    let Message::Revocation(revocation) = &delivery.event else { panic!() };
    assert_eq!(revocation.reason(), &SubscriptionStatus::AuthorizationRevoked);
    assert_eq!(revocation.subscription.cost, Some(1));
    assert_eq!(revocation.subscription.transport.method, TransportMethod::Webhook);

    let body = fixture("twitch-eventsub/webhook-verification-channel.follow.v1.twitch_api.json");
    let headers = signed(SECRET, "webhook_callback_verification", &body);
    let received = source().receive_at(&Incoming::post(&headers, &body), at(SENT)).unwrap();
    assert_eq!(received.reply().unwrap().body, b"pogchamp-kappa-360noscope-vohiyo");
    assert_eq!(received.reply().unwrap().status, 200);
}

#[test]
fn the_message_kind_comes_from_the_header_not_the_body_keys() {
    // drop.entitlement.grant batches `events` and has no `event`: a notification all the same (typed at
    // v1, see `twitch_catalogue.rs`; kept raw at a version not typed).
    let body = br#"{"subscription":{"id":"s","status":"enabled","type":"drop.entitlement.grant","version":"9","condition":{"organization_id":"o"},"transport":{"method":"webhook","callback":"null"},"created_at":"2026-11-22T14:00:00Z","cost":0},"events":[{"id":"e1","data":{"entitlement_id":"x","user_id":"u"}}]}"#;
    let headers = signed(SECRET, "notification", body);
    let delivery = deliver(&source(), &Incoming::post(&headers, body), at(SENT));
    let Message::Notification(note) = delivery.event else { panic!() };
    let Event::Unknown(unknown) = note.event else { panic!() };
    assert_eq!(unknown.subscription_type, "drop.entitlement.grant");
    assert!(unknown.raw.get().starts_with(r#"[{"id":"e1""#));

    // An unknown message type is delivered with its body.
    let follow = fixture("twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json");
    let headers = signed(SECRET, "future_message_kind", &follow);
    let delivery = deliver(&source(), &Incoming::post(&headers, &follow), at(SENT));
    let Message::Unknown(unknown) = delivery.event else { panic!() };
    assert_eq!(unknown.message_type, "future_message_kind");
    // The JSON value verbatim; whitespace around it (the file's final newline) is not part of it.
    assert_eq!(unknown.raw.get().as_bytes(), follow.trim_ascii());
}

#[test]
fn unknown_types_and_versions_keep_the_raw_event_for_the_caller() {
    #[derive(Deserialize)]
    struct ChatMessage {
        chatter_user_login: String,
        message: ChatText,
    }
    #[derive(Deserialize)]
    struct ChatText {
        text: String,
    }
    // The chat message payload, as a webhook body.
    let payload = fixture("twitch-eventsub/ws-payload-notification-channel.chat.message.v1.twitch_api.json");
    let event = notification_from_body(&payload);
    let Event::Unknown(unknown) = event else { panic!() };
    let chat: ChatMessage = unknown.deserialize().unwrap();
    assert_eq!((chat.chatter_user_login.as_str(), chat.message.text.as_str()), ("viewer32", "Hi chat"));

    // A known type at an unknown version.
    let follow =
        String::from_utf8(fixture("twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json")).unwrap();
    let v3 = follow.replace(r#""version": "2""#, r#""version": "3""#);
    let Event::Unknown(unknown) = notification_from_body(v3.as_bytes()) else { panic!() };
    assert_eq!(unknown.version, "3");
    assert!(unknown.raw.get().contains("followed_at"));
}

fn notification_from_body(body: &[u8]) -> Event {
    let headers = signed(SECRET, "notification", body);
    let Message::Notification(n) = deliver(&source(), &Incoming::post(&headers, body), at(SENT)).event else {
        panic!()
    };
    n.event
}

#[test]
fn without_subscription_headers_the_body_decides() {
    let body = fixture("twitch-eventsub/webhook-notification-channel.raid.v1.twitch_api.json");
    let mut headers = signed(SECRET, "notification", &body);
    remove(&mut headers, "Twitch-Eventsub-Subscription-Type");
    remove(&mut headers, "Twitch-Eventsub-Subscription-Version");
    set(&mut headers, "Twitch-Eventsub-Message-Retry", "not a number");
    let delivery = deliver(&source(), &Incoming::post(&headers, &body), at(SENT));
    assert_eq!(delivery.meta.twitch.as_ref().unwrap().retry, None);
    let Message::Notification(n) = delivery.event else { panic!() };
    assert!(matches!(n.event, Event::ChannelRaidV1(ref e) if e.viewers == 9001));
}

#[test]
fn websocket_frames_parse_into_the_webhook_types() {
    let frame =
        |name: &str| Frame::parse(std::str::from_utf8(&fixture(&format!("twitch-eventsub/{name}"))).unwrap()).unwrap();

    let welcome = frame("ws-session_welcome.with-recovery_url.twitch_api.json");
    assert_eq!(welcome.metadata.message_type, FrameType::SessionWelcome);
    let FrameMessage::Welcome(session) = &welcome.message else { panic!() };
    assert_eq!((session.id.as_str(), session.keepalive_timeout_seconds), ("AQoQILE98gtqShGmLD7AM6yJThAB", Some(10)));
    assert_eq!((session.reconnect_url.as_deref(), session.recovery_url.as_deref()), (None, None));

    let keepalive = frame("ws-session_keepalive.twitch_api.json");
    assert_eq!(
        (keepalive.message.clone(), keepalive.metadata.message_id.as_str()),
        (FrameMessage::Keepalive, "8d8e0935-0e0c-479a-8fa2-ad4c02cef742")
    );

    let reconnect = frame("ws-session_reconnect.twitch_api.json");
    let FrameMessage::Reconnect(session) = &reconnect.message else { panic!() };
    assert_eq!((session.status.as_str(), session.keepalive_timeout_seconds), ("reconnecting", None));
    assert_eq!(session.reconnect_url.as_deref(), Some("wss://eventsub.wss.twitch.tv?..."));

    let revocation = frame("ws-revocation.twitch_api.json");
    let FrameMessage::Revocation(r) = &revocation.message else { panic!() };
    assert_eq!(r.reason(), &SubscriptionStatus::AuthorizationRevoked);
    assert_eq!(r.subscription.transport.session_id.as_deref(), Some("AQoQexAWVYKSTIu4ec_2VAxyuhAB"));

    let note = frame("ws-notification-channel.follow.twitch_api.json");
    let FrameMessage::Notification(n) = &note.message else { panic!() };
    assert_eq!(n.subscription.transport.method, TransportMethod::Websocket);
    assert!(matches!(n.event, Event::Unknown(ref u) if u.version == "1")); // channel.follow v1 is retired

    for f in [welcome, keepalive, reconnect, revocation, note] {
        assert_round_trip(&f);
    }
}

#[test]
fn a_webhook_notification_and_the_same_payload_over_websocket_are_equal() {
    let body = fixture("twitch-eventsub/webhook-notification-channel.subscription.message.v1.twitch_api.json");
    let webhook = notification("webhook-notification-channel.subscription.message.v1.twitch_api.json");
    let frame = format!(
        r#"{{"metadata":{{"message_id":"m","message_type":"notification","message_timestamp":"{SENT}","subscription_type":"channel.subscription.message","subscription_version":"1"}},"payload":{}}}"#,
        String::from_utf8(body).unwrap()
    );
    let FrameMessage::Notification(n) = Frame::parse(&frame).unwrap().message else { panic!() };
    assert_eq!(n.event, webhook);

    let chat =
        String::from_utf8(fixture("twitch-eventsub/ws-payload-notification-channel.chat.message.v1.twitch_api.json"))
            .unwrap();
    let frame = format!(
        r#"{{"metadata":{{"message_id":"m","message_type":"notification","message_timestamp":"{SENT}","subscription_type":"channel.chat.message","subscription_version":"1"}},"payload":{chat}}}"#
    );
    let FrameMessage::Notification(n) = Frame::parse(&frame).unwrap().message else { panic!() };
    assert_eq!(n.subscription.transport.session_id.as_deref(), Some("AgoQHR3s6Mb4T8GFB1l3DlPfiRIGY2VsbC1h"));

    let bad = r#"{"metadata":{"message_id":"m","message_type":"notification","message_timestamp":"2026-01-01T00:00:00Z"},"payload":{}}"#;
    assert_eq!(Frame::parse(bad).unwrap_err().status_code(), 400);
    assert_eq!(Frame::parse("not json").unwrap_err().status_code(), 400);
    let future = r#"{"metadata":{"message_id":"m","message_type":"session_paused","message_timestamp":"2026-01-01T00:00:00Z"},"payload":{"x":1}}"#;
    assert!(
        matches!(Frame::parse(future).unwrap().message, FrameMessage::Unknown(ref raw) if raw.get() == r#"{"x":1}"#)
    );
}

#[test]
fn timestamps_on_the_wire_keep_their_precision() {
    for text in ["2021-02-19T23:47:00.8091512Z", "2019-11-16T10:11:12.123Z", "2022-10-19T14:56:51.634234626Z"] {
        assert_eq!(text.parse::<Timestamp>().unwrap().to_string(), text);
    }
}

#[cfg(feature = "http")]
#[test]
fn an_http_header_map_is_read_without_copying() {
    let v = vector("webhook-signature-vector.twitch_api.json");
    let body = fixture("twitch-eventsub/webhook-notification-channel.follow.signed-body.json");
    let mut map = http::HeaderMap::new();
    for (name, value) in &v.headers {
        map.insert(http::HeaderName::from_bytes(name.as_bytes()).unwrap(), http::HeaderValue::from_str(value).unwrap());
    }
    let source = TwitchEventSub::new([v.secret.as_str()]).unwrap();
    let delivery = deliver(&source, &Incoming::post(&map, &body), after("2021-02-19T23:47:00Z", 1));
    assert_eq!(delivery.meta.id.as_deref(), Some("ae2ff348-e102-16be-a3eb-6830c1bf38d2"));
}

#[test]
fn notification_bodies_are_read_key_by_key_with_serde_s_answers() {
    // The body is read by a hand-written visitor (in place, for speed): it must give the derived struct's
    // answers for every shape of the envelope.
    let subscription = |kind: &str, version: &str| {
        format!(
            r#"{{"id":"s","status":"enabled","type":"{kind}","version":"{version}","condition":{{"broadcaster_user_id":"1"}},"transport":{{"method":"webhook","callback":"https://example.com"}},"created_at":"2026-11-22T14:00:00Z","cost":0}}"#
        )
    };
    let raid = r#"{"from_broadcaster_user_id":"1","from_broadcaster_user_login":"a","from_broadcaster_user_name":"A","to_broadcaster_user_id":"2","to_broadcaster_user_login":"b","to_broadcaster_user_name":"B","viewers":3}"#;
    let typed = subscription("channel.raid", "1");
    let untyped = subscription("channel.future", "7");
    // Signed for the type the body names where it names one (`signed` reads it from the body).
    let receive = |body: &str| {
        let mut headers = signed(SECRET, "notification", format!(r#"{{"subscription":{typed}}}"#).as_bytes());
        if body.contains("channel.future") {
            set(&mut headers, "Twitch-Eventsub-Subscription-Type", "channel.future");
            set(&mut headers, "Twitch-Eventsub-Subscription-Version", "7");
        }
        let signature = twitch::signature_header(&Secret::new(SECRET).unwrap(), ID, SENT, body.as_bytes());
        set(&mut headers, "Twitch-Eventsub-Message-Signature", &signature);
        source().receive_at(&Incoming::post(&headers, body.as_bytes()), at(SENT))
    };
    let event_of = |body: &str| match receive(body) {
        Ok(Received::Event(delivery)) => match delivery.event {
            Message::Notification(note) => note.event,
            other => panic!("{other:?}"),
        },
        other => panic!("{body}: {other:?}"),
    };
    let refusal = |body: &str| match receive(body) {
        Err(Error::MalformedBody(reason)) => reason,
        other => panic!("{body}: {other:?}"),
    };

    // Keys in any order, unknown keys and the key the type does not use (`events`) ignored.
    for body in [
        format!(r#"{{"subscription":{typed},"event":{raid}}}"#),
        format!(r#"{{"event":{raid},"extra":[1,{{"a":null}}],"subscription":{typed},"events":[]}}"#),
    ] {
        let Event::ChannelRaidV1(event) = event_of(&body) else { panic!("{body}") };
        assert_eq!(event.viewers, 3);
    }
    // An untyped pair keeps `event`, else `events`, else `null`.
    let Event::Unknown(unknown) = event_of(&format!(r#"{{"events":[1],"subscription":{untyped},"event":{{"x":1}}}}"#))
    else {
        panic!()
    };
    assert_eq!(unknown.raw.get(), r#"{"x":1}"#);
    let Event::Unknown(unknown) = event_of(&format!(r#"{{"subscription":{untyped},"events":[1]}}"#)) else { panic!() };
    assert_eq!(unknown.raw.get(), "[1]");
    let Event::Unknown(unknown) = event_of(&format!(r#"{{"subscription":{untyped}}}"#)) else { panic!() };
    assert_eq!(unknown.raw.get(), "null");

    // Refusals name the problem as serde does.
    for (body, expected) in [
        (format!(r#"{{"subscription":{typed}}}"#), "missing field `event`"),
        (format!(r#"{{"event":{raid}}}"#), "missing field `subscription`"),
        (format!(r#"{{"subscription":{typed},"event":{raid},"event":{raid}}}"#), "duplicate field `event`"),
        (
            format!(r#"{{"subscription":{typed},"subscription":{typed},"event":{raid}}}"#),
            "duplicate field `subscription`",
        ),
        (format!(r#"{{"subscription":{untyped},"events":1,"events":2}}"#), "duplicate field `events`"),
        (format!(r#"{{"subscription":{typed},"event":{{"viewers":"many"}}}}"#), "invalid type"),
        (format!(r#"{{"subscription":{typed},"event":{raid}}} trailing"#), "trailing characters"),
        (format!(r#"[{typed},{raid}]"#), "expected an EventSub notification object"),
    ] {
        let reason = refusal(&body);
        assert!(reason.contains(expected), "{body}: {reason}");
    }
}
