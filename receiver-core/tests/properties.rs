//! Properties that hold for every input, checked with proptest: tampering is always caught, valid
//! deliveries always round-trip, nothing panics, and no secret ever shows in `Debug` or `Display`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::{Duration, SystemTime};

use proptest::prelude::*;
use receiver_core::{
    Accweb, AgonesRelay, Auth, Delivery, Incoming, Khan, Received, Secret, SonoranCad, Source, Timestamp,
    TwitchEventSub, accweb, twitch,
};

const SECRET: &str = "property-secret-0123";
const ID: &str = "0b8f6ae3-11b5-4dbc-0d59-3f4f1a2e6c7b";
const SENT: &str = "2026-11-22T12:00:00.123456789Z";

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn now() -> SystemTime {
    SENT.parse::<Timestamp>().unwrap().to_system_time() + Duration::from_secs(1)
}

const TWITCH_BODIES: [&str; 4] = [
    "twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json",
    "twitch-eventsub/webhook-notification-channel.cheer.v1.twitch_api.json",
    "twitch-eventsub/webhook-revocation-channel.follow.v1.twitch_api.json",
    "twitch-eventsub/webhook-verification-channel.follow.v1.twitch_api.json",
];

/// The four signed parts of a Twitch delivery.
#[derive(Debug, Clone, Copy)]
enum Part {
    Body,
    Id,
    Timestamp,
    Signature,
}

fn receive_twitch(id: &[u8], timestamp: &[u8], signature: &[u8], body: &[u8]) -> bool {
    let headers = [
        ("twitch-eventsub-message-id", id),
        ("twitch-eventsub-message-timestamp", timestamp),
        ("twitch-eventsub-message-signature", signature),
        ("twitch-eventsub-message-type", &b"notification"[..]),
    ];
    TwitchEventSub::new([SECRET]).unwrap().receive_at(&Incoming::post(&headers, body), now()).is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_single_byte_change_to_a_signed_twitch_delivery_is_rejected(
        fixture_index in 0..TWITCH_BODIES.len(),
        part in prop_oneof![Just(Part::Body), Just(Part::Id), Just(Part::Timestamp), Just(Part::Signature)],
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let body = fixture(TWITCH_BODIES[fixture_index]);
        let signature = twitch::signature_header(&Secret::new(SECRET).unwrap(), ID, SENT, &body);
        let (mut id, mut timestamp, mut signature, mut body) =
            (ID.as_bytes().to_vec(), SENT.as_bytes().to_vec(), signature.into_bytes(), body);
        prop_assert!(receive_twitch(&id, &timestamp, &signature, &body), "the untouched delivery is accepted");
        let original_signature = signature.clone();
        let target = match part {
            Part::Body => &mut body,
            Part::Id => &mut id,
            Part::Timestamp => &mut timestamp,
            Part::Signature => &mut signature,
        };
        let at = position.index(target.len());
        target[at] ^= flip;
        // Hex is case-insensitive: flipping the case of a hex letter of the signature is the same signature.
        let same_signature = matches!(part, Part::Signature)
            && signature.eq_ignore_ascii_case(&original_signature);
        prop_assume!(!same_signature);
        prop_assert!(!receive_twitch(&id, &timestamp, &signature, &body), "{part:?} byte {at} ^ {flip:#04x} accepted");
    }

    #[test]
    fn any_valid_accweb_lap_round_trips(
        name in "\\PC{0,40}",
        player in "S[0-9]{1,20}",
        car in 1000i64..2000,
        lap in prop_oneof![Just(2_147_483_647i64), 0i64..10_000_000],
        position in proptest::option::of(0i64..100),
        flags in any::<i64>(),
        nanos in 0u32..1_000_000_000,
        secs in 0u64..4_000_000_000,
    ) {
        let timestamp = Timestamp::from_system_time(SystemTime::UNIX_EPOCH + Duration::new(secs, nanos)).to_string();
        let mut data = serde_json::json!({
            "playerName": name, "playerID": player, "carID": car, "raceNumber": 7, "carModel": 30,
            "lapTimeMS": lap, "timestampMS": 1, "flags": flags, "fuel": 3, "s1": "0:41:567", "s2": "", "s3": "x",
            "hasCut": false, "inLap": true, "outLap": false, "sessionOver": false,
        });
        if let Some(position) = position {
            data["position"] = position.into();
        }
        let body = serde_json::to_vec(&serde_json::json!({
            "eventName": "instance_live_new_lap", "timestamp": timestamp, "instanceId": name, "instanceName": name,
            "track": "spa", "udpPort": 9601, "tcpPort": 9600, "nrDrivers": 1, "data": data,
        })).unwrap();
        let source = Accweb::new(Auth::unauthenticated());
        let delivery = source.receive_at(&Incoming::post(&receiver_core::NoHeaders, &body), now()).unwrap().into_delivery();
        let accweb::Event::NewLap(lap_event) = &delivery.event else { panic!("{:?}", delivery.event) };
        prop_assert_eq!(&lap_event.data.player_name, &name);
        prop_assert_eq!(lap_event.data.position, position);
        prop_assert_eq!(lap_event.instance.timestamp.to_string(), timestamp);
        let json = serde_json::to_string(&delivery).unwrap();
        prop_assert_eq!(serde_json::from_str::<Delivery<accweb::Event>>(&json).unwrap(), delivery);
    }

    #[test]
    fn any_valid_twitch_follow_round_trips(user in "\\PC{0,30}", login in "[a-z0-9_]{1,25}", secs in 0u64..4_000_000_000) {
        let followed = Timestamp::from_system_time(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)).to_string();
        let body = serde_json::to_vec(&serde_json::json!({
            "subscription": {"id": "s", "status": "enabled", "type": "channel.follow", "version": "2", "cost": 0,
                "condition": {"broadcaster_user_id": "1"}, "transport": {"method": "webhook", "callback": "null"},
                "created_at": followed},
            "event": {"user_id": "9", "user_login": login, "user_name": user, "broadcaster_user_id": "1",
                "broadcaster_user_login": "b", "broadcaster_user_name": "B", "followed_at": followed},
        })).unwrap();
        let signature = twitch::signature_header(&Secret::new(SECRET).unwrap(), ID, SENT, &body);
        let headers = [
            ("twitch-eventsub-message-id", ID),
            ("twitch-eventsub-message-timestamp", SENT),
            ("twitch-eventsub-message-signature", signature.as_str()),
            ("twitch-eventsub-message-type", "notification"),
        ];
        let source = TwitchEventSub::new([SECRET]).unwrap();
        let delivery = source.receive_at(&Incoming::post(&headers, &body), now()).unwrap().into_delivery();
        let twitch::Message::Notification(note) = &delivery.event else { panic!() };
        let twitch::Event::ChannelFollowV2(follow) = &note.event else { panic!() };
        prop_assert_eq!(&follow.user_name, &user);
        let json = serde_json::to_string(&delivery).unwrap();
        prop_assert_eq!(serde_json::from_str::<Delivery<twitch::Message>>(&json).unwrap(), delivery);
    }

    #[test]
    fn no_request_makes_any_source_panic(
        method in prop_oneof![
            Just("POST".to_owned()),
            Just("PUT".to_owned()),
            Just("DELETE".to_owned()),
            Just("GET".to_owned()),
            "[A-Z]{0,8}",
        ],
        query in "\\PC{0,40}",
        headers in proptest::collection::vec(("[a-zA-Z-]{1,40}", proptest::collection::vec(any::<u8>(), 0..80)), 0..8),
        body in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let incoming = Incoming::new(&method, &headers, &body).with_query(&query);
        let basic = Auth::basic([("u", "p")]).unwrap();
        let _ = Accweb::new(Auth::unauthenticated()).receive_at(&incoming, now());
        let _ = Accweb::new(Auth::bearer([SECRET]).unwrap()).receive_at(&incoming, now());
        let _ = SonoranCad::unauthenticated().receive_at(&incoming, now());
        let _ = SonoranCad::new([SECRET]).unwrap().receive_at(&incoming, now());
        let _ = Khan::new(Auth::unauthenticated()).receive_at(&incoming, now());
        let _ = Khan::new(Auth::query_token("token", [SECRET]).unwrap()).receive_at(&incoming, now());
        let _ = AgonesRelay::new(Auth::unauthenticated()).receive_at(&incoming, now());
        let _ = AgonesRelay::new(basic).receive_at(&incoming, now());
        let _ = TwitchEventSub::new([SECRET]).unwrap().receive_at(&incoming, now());
        let text = String::from_utf8_lossy(&body);
        let _ = Timestamp::parse(&text);
        let _ = twitch::ws::Frame::parse(&text);
        let _ = accweb::Event::from_json(&body);
        let _ = twitch::Event::from_event_json(&query, &method, &text);
    }

    #[test]
    fn no_secret_shows_in_debug_or_display(secret in "[A-Za-z0-9]{12,40}", user in "[a-z]{1,10}") {
        let configs = [
            format!("{:?}", Secret::new(secret.as_str()).unwrap()),
            format!("{:?}", Accweb::new(Auth::header("X-Token", [secret.as_str()]).unwrap())),
            format!("{:?}", Accweb::new(Auth::bearer([secret.as_str()]).unwrap())),
            format!("{:?}", Khan::new(Auth::basic([(user.as_str(), secret.as_str())]).unwrap())),
            format!("{:?}", Khan::new(Auth::query_token("token", [secret.as_str()]).unwrap())),
            format!("{:?}", AgonesRelay::new(Auth::basic([(user.as_str(), secret.as_str())]).unwrap())),
            format!("{:?}", SonoranCad::new([secret.as_str()]).unwrap()),
            format!("{:?}", SonoranCad::new([secret.as_str()]).unwrap().with_case_insensitive_keys()),
            format!("{:?}", TwitchEventSub::new([secret.as_str()]).unwrap()),
            Accweb::new(Auth::header("X-Token", [secret.as_str()]).unwrap()).auth_description(),
            SonoranCad::new([secret.as_str()]).unwrap().auth_description(),
            TwitchEventSub::new([secret.as_str()]).unwrap().auth_description(),
        ];
        for text in &configs {
            prop_assert!(!text.contains(&secret), "{text}");
        }
        // Errors for requests that present the secret wrongly, or nearly right, never echo it either.
        let near = format!("{secret}x");
        let sonoran_body = format!(r#"{{"key":"{near}","type":"EVENT_TONE","data":{{}}}}"#);
        let errors = [
            Accweb::new(Auth::header("X-Token", [secret.as_str()]).unwrap())
                .receive_at(&Incoming::post(&[("x-token", near.as_str())], b"{}"), now()),
            Accweb::new(Auth::header("X-Token", [secret.as_str()]).unwrap())
                .receive_at(&Incoming::post(&[("x-token", secret.as_str())], b"{not json"), now()),
        ];
        for outcome in errors {
            let error = outcome.unwrap_err();
            for text in [format!("{error:?}"), error.to_string(), error.public_message().into_owned()] {
                prop_assert!(!text.contains(&secret), "{text}");
            }
        }
        let outcome: Result<Received<_>, _> =
            SonoranCad::new([secret.as_str()]).unwrap().receive_at(&Incoming::post(&receiver_core::NoHeaders, sonoran_body.as_bytes()), now());
        let error = outcome.unwrap_err();
        for text in [format!("{error:?}"), error.to_string()] {
            prop_assert!(!text.contains(&secret), "{text}");
        }
    }
}
