//! The pure entry point of every source against its floor, measured side by side in one run.
//!
//! The floor is what no receiver can avoid: the HMAC-SHA256 the sender requires (where it signs) plus a
//! typed `serde_json` parse of the same bytes into structs with the same fields. The protocol floor adds what
//! the sender's protocol obliges every receiver to do besides: Twitch's headers, signature decoding and
//! freshness window; the credential check of accweb, Khan and Sonoran CAD. Read the ratios, not the absolute
//! times (the machines are shared and noisy).
//!
//! ```text
//! cargo bench -p receiver-core --bench receive
//! ```

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use receiver_core::agones::{GameServerStatus, ObjectMeta};
use receiver_core::sonoran::Call911;
use receiver_core::twitch::{self, ChannelFollowV2, ChannelHypeTrainBeginV2, ChannelPollBeginV1, Subscription};
use receiver_core::{
    Accweb, AgonesRelay, Auth, Incoming, Khan, NoHeaders, Received, Secret, SonoranCad, Source, Timestamp,
    TwitchEventSub, accweb, agones, khan, sonoran,
};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

const SECRET: &str = "bench-secret-0123456789";
const ID: &str = "f1c2a387-161a-49f9-a165-0f21d7a4e1c4";
const SENT: &str = "2026-11-22T15:00:00.123456789Z";

fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/../fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Removes the whitespace between JSON tokens, keeping key order: the compact form senders put on the wire.
fn compact(json: &[u8]) -> Vec<u8> {
    let (mut out, mut in_string, mut escaped) = (Vec::with_capacity(json.len()), false, false);
    for &b in json {
        if in_string {
            out.push(b);
            (in_string, escaped) = match (escaped, b) {
                (true, _) => (true, false),
                (false, b'\\') => (true, true),
                (false, b'"') => (false, false),
                _ => (true, false),
            };
        } else if !b.is_ascii_whitespace() {
            in_string = b == b'"';
            out.push(b);
        }
    }
    out
}

fn now() -> SystemTime {
    SENT.parse::<Timestamp>().unwrap().to_system_time() + Duration::from_secs(2)
}

/// A hand-written receiver doing the protocol's own per-message work: [`twitch_protocol_floor`], and for the
/// sources that sign nothing, the floor plus their credential check.
type ProtocolFloor<'a> = dyn Fn(&Incoming<'_>, SystemTime) + 'a;

/// Measures `receive` beside `floor` (and, for Twitch, the protocol's floor) in one group named after the
/// body and its size.
fn pair<S: Source>(
    c: &mut Criterion,
    name: &str,
    source: &S,
    incoming: &Incoming<'_>,
    check: impl Fn(&S::Event) -> bool,
    floor: impl Fn(&[u8]),
    protocol_floor: Option<&ProtocolFloor<'_>>,
) {
    // What is measured must be a real, typed delivery.
    match source.receive_at(incoming, now()) {
        Ok(Received::Event(delivery)) => assert!(check(&delivery.event), "{name}: {:?}", delivery.event),
        other => panic!("{name}: {other:?}"),
    }
    let mut group = c.benchmark_group(format!("{name}_{}B", incoming.body().len()));
    // The clock is read once: parsing `SENT` on every iteration would be charged to the receiver alone.
    let now = now();
    group.bench_function("receiver", |b| b.iter(|| black_box(source.receive_at(black_box(incoming), now))));
    group.bench_function("floor", |b| b.iter(|| floor(black_box(incoming.body()))));
    if let Some(protocol_floor) = protocol_floor {
        group.bench_function("protocol_floor", |b| b.iter(|| protocol_floor(black_box(incoming), now)));
    }
    group.finish();
}

/// The Twitch floor plus what the protocol obliges every receiver to do per message besides the HMAC and
/// the parse (twitch-eventsub.md): read the id, timestamp, type and signature headers, decode the signature
/// from hex, check it in constant time, parse the timestamp and check it is within ten minutes, and keep the
/// id (it is the deduplication key). Written by hand, as a receiver without any model would.
fn twitch_protocol_floor<E: for<'de> Deserialize<'de>>(keyed: &Hmac<Sha256>, incoming: &Incoming<'_>, now: SystemTime) {
    let headers = incoming.headers();
    let header = |name: &str| headers.get(name).unwrap();
    let id = header("twitch-eventsub-message-id");
    let sent = header("twitch-eventsub-message-timestamp");
    let signature = header("twitch-eventsub-message-signature");
    black_box(header("twitch-eventsub-message-type"));
    let mut expected = [0u8; 32];
    let hex = &signature[7..];
    let digit = |b: u8| (b as char).to_digit(16).unwrap() as u8;
    for (i, byte) in expected.iter_mut().enumerate() {
        *byte = digit(hex[2 * i]) << 4 | digit(hex[2 * i + 1]);
    }
    let mut mac = keyed.clone();
    mac.update(id);
    mac.update(sent);
    mac.update(incoming.body());
    mac.verify_slice(&expected).unwrap();
    let sent = Timestamp::parse(std::str::from_utf8(sent).unwrap()).unwrap().to_system_time();
    let age = now.duration_since(sent).unwrap_or_default();
    assert!(age <= Duration::from_secs(600));
    black_box(String::from_utf8(id.to_vec()).unwrap());
    black_box(serde_json::from_slice::<TwitchFloor<E>>(incoming.body()).unwrap());
}

/// The HMAC half of the Twitch floor: keyed once, cloned per message, as the receiver does.
fn hmac(keyed: &Hmac<Sha256>, body: &[u8]) {
    let mut mac = keyed.clone();
    mac.update(ID.as_bytes());
    mac.update(SENT.as_bytes());
    mac.update(body);
    black_box(mac.finalize().into_bytes());
}

fn twitch_headers(body: &[u8], kind: &str, version: &str) -> Vec<(String, String)> {
    let signature = twitch::signature_header(&Secret::new(SECRET).unwrap(), ID, SENT, body);
    [
        ("Content-Type", "application/json"),
        ("Twitch-Eventsub-Message-Id", ID),
        ("Twitch-Eventsub-Message-Retry", "0"),
        ("Twitch-Eventsub-Message-Type", "notification"),
        ("Twitch-Eventsub-Message-Signature", signature.as_str()),
        ("Twitch-Eventsub-Message-Timestamp", SENT),
        ("Twitch-Eventsub-Subscription-Type", kind),
        ("Twitch-Eventsub-Subscription-Version", version),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v.to_owned()))
    .collect()
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct TwitchFloor<E> {
    subscription: Subscription,
    event: E,
}

/// A chat message as a typed floor would read it (the model keeps `channel.chat.message` raw, untyped).
#[derive(Deserialize)]
#[allow(dead_code)]
struct ChatMessage {
    broadcaster_user_id: String,
    broadcaster_user_login: String,
    broadcaster_user_name: String,
    chatter_user_id: String,
    chatter_user_login: String,
    chatter_user_name: String,
    message_id: String,
    message: serde_json::Value,
    color: String,
    badges: Vec<BTreeMap<String, String>>,
    message_type: String,
}

/// `channel.poll.begin` with `choices` choices: the 8 KB and 64 KB bodies.
fn poll_body(choices: usize) -> Vec<u8> {
    let fixture = String::from_utf8(compact(&fixture(
        "twitch-eventsub/webhook-notification-channel.poll.begin.v1.twitch_api.json",
    )))
    .unwrap();
    let list: Vec<String> = (0..choices)
        .map(|i| format!(r#"{{"id":"choice-{i:06}","title":"Option number {i} of a long poll"}}"#))
        .collect();
    let start = fixture.find(r#""choices":["#).unwrap() + r#""choices":["#.len();
    let end = start + fixture[start..].find(']').unwrap();
    format!("{}{}{}", &fixture[..start], list.join(","), &fixture[end..]).into_bytes()
}

fn twitch(c: &mut Criterion) {
    let source = TwitchEventSub::new([SECRET]).unwrap();
    let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    let notification = |event: &twitch::Event| match event {
        twitch::Event::Unknown(_) => "unknown",
        _ => "typed",
    };
    let typed =
        |m: &twitch::Message| matches!(m, twitch::Message::Notification(n) if notification(&n.event) == "typed");

    let follow = compact(&fixture("twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json"));
    let headers = twitch_headers(&follow, "channel.follow", "2");
    let protocol = |incoming: &Incoming<'_>, now| twitch_protocol_floor::<ChannelFollowV2>(&keyed, incoming, now);
    let floor = |body: &[u8]| {
        hmac(&keyed, body);
        black_box(serde_json::from_slice::<TwitchFloor<ChannelFollowV2>>(body).unwrap());
    };
    pair(c, "twitch_follow", &source, &Incoming::post(&headers, &follow), typed, floor, Some(&protocol));

    let hype = {
        let body =
            compact(&fixture("twitch-eventsub/webhook-notification-channel.hype_train.begin.v2.twitch_api.json"));
        let second = r#",{"user_id":"456","user_login":"kappa","user_name":"Kappa","type":"subscription","total":45}]"#;
        String::from_utf8(body)
            .unwrap()
            .replacen(r#""total":50}]"#, &format!(r#""total":50}}{second}"#), 1)
            .into_bytes()
    };
    let headers = twitch_headers(&hype, "channel.hype_train.begin", "2");
    let protocol =
        |incoming: &Incoming<'_>, now| twitch_protocol_floor::<ChannelHypeTrainBeginV2>(&keyed, incoming, now);
    let floor = |body: &[u8]| {
        hmac(&keyed, body);
        black_box(serde_json::from_slice::<TwitchFloor<ChannelHypeTrainBeginV2>>(body).unwrap());
    };
    pair(c, "twitch_hype_train", &source, &Incoming::post(&headers, &hype), typed, floor, Some(&protocol));

    let chat = compact(&fixture("twitch-eventsub/ws-payload-notification-channel.chat.message.v1.twitch_api.json"));
    let headers = twitch_headers(&chat, "channel.chat.message", "1");
    let unknown =
        |m: &twitch::Message| matches!(m, twitch::Message::Notification(n) if notification(&n.event) == "unknown");
    let floor = |body: &[u8]| {
        hmac(&keyed, body);
        black_box(serde_json::from_slice::<TwitchFloor<ChatMessage>>(body).unwrap());
    };
    pair(c, "twitch_chat_message_untyped", &source, &Incoming::post(&headers, &chat), unknown, floor, None);

    for choices in [115, 960] {
        let poll = poll_body(choices);
        let headers = twitch_headers(&poll, "channel.poll.begin", "1");
        let protocol =
            |incoming: &Incoming<'_>, now| twitch_protocol_floor::<ChannelPollBeginV1>(&keyed, incoming, now);
        let floor = |body: &[u8]| {
            hmac(&keyed, body);
            black_box(serde_json::from_slice::<TwitchFloor<ChannelPollBeginV1>>(body).unwrap());
        };
        pair(c, "twitch_poll", &source, &Incoming::post(&headers, &poll), typed, floor, Some(&protocol));
    }
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct AccwebFloor {
    event_name: String,
    timestamp: Timestamp,
    instance_id: String,
    instance_name: String,
    track: String,
    udp_port: u16,
    tcp_port: u16,
    nr_drivers: i64,
    data: accweb::NewLap,
}

fn accweb(c: &mut Criterion) {
    let body = fixture("accweb/wire-a232104-instance_live_new_lap.compact.json");
    let headers = [("Content-Type", "application/json; charset=utf-8"), ("X-Accweb-Token", "accweb-bench-token")];
    let source = Accweb::new(Auth::header("X-Accweb-Token", ["accweb-bench-token"]).unwrap());
    // accweb signs nothing: its floor is the typed parse alone; its protocol floor adds the header secret,
    // read and compared in constant time as a hand-written receiver would.
    let protocol = |incoming: &Incoming<'_>, _now| {
        let token = incoming.headers().get("x-accweb-token").unwrap();
        assert!(bool::from(token.ct_eq(b"accweb-bench-token")));
        black_box(serde_json::from_slice::<AccwebFloor>(incoming.body()).unwrap());
    };
    pair(
        c,
        "accweb_lap",
        &source,
        &Incoming::post(&headers, &body),
        |e| matches!(e, accweb::Event::NewLap(_)),
        |body| {
            black_box(serde_json::from_slice::<AccwebFloor>(body).unwrap());
        },
        Some(&protocol),
    );
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct SonoranFloor {
    key: String,
    #[serde(rename = "type")]
    kind: String,
    data: Call911,
}

fn sonoran(c: &mut Criterion) {
    // The docs' EVENT_911 example, with `data` as the object the CAD sends (the docs wrap it in an array).
    let docs = String::from_utf8(compact(&fixture("sonorancad/docs-EVENT_911.data-array.json"))).unwrap();
    let body = docs.replacen(r#""data":[{"#, r#""data":{"#, 1).replacen("}]}", "}}", 1).into_bytes();
    let source = SonoranCad::new(["YOUR_API_KEY"]).unwrap();
    // The key is in the body: the floor is the parse alone; the protocol floor adds the key's
    // constant-time check.
    let protocol = |incoming: &Incoming<'_>, _now| {
        let parsed = serde_json::from_slice::<SonoranFloor>(incoming.body()).unwrap();
        assert!(bool::from(parsed.key.as_bytes().ct_eq(b"YOUR_API_KEY")));
        black_box(parsed);
    };
    pair(
        c,
        "sonoran_911",
        &source,
        &Incoming::post(&NoHeaders, &body),
        |e| matches!(e, sonoran::Event::Call911(_)),
        |body| {
            black_box(serde_json::from_slice::<SonoranFloor>(body).unwrap());
        },
        Some(&protocol),
    );
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct KhanFloor {
    clan: serde_json::Value,
    #[serde(rename = "gameID")]
    game_id: String,
    id: String,
    #[serde(rename = "isDeleted")]
    is_deleted: bool,
    #[serde(rename = "newOwner")]
    new_owner: Option<khan::PlayerRef>,
    #[serde(rename = "previousOwner")]
    previous_owner: khan::PlayerRef,
    timestamp: Timestamp,
    #[serde(rename = "type")]
    kind: i64,
}

fn khan(c: &mut Criterion) {
    let body = br#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":1,"metadata":{"x":1},"name":"My Clan","publicID":"clan-1"},"gameID":"my-game","id":"0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11","isDeleted":true,"newOwner":null,"previousOwner":{"membershipCount":0,"metadata":{},"name":"Alice","ownershipCount":0,"publicID":"p-alice"},"timestamp":"2021-12-08T19:33:55Z","type":5}"#;
    let headers = [("Authorization", "Basic a2hhbjpzM2NyZXQ=")];
    let source = Khan::new(Auth::basic([("khan", "s3cret")]).unwrap());
    // Khan signs nothing; the protocol floor adds the Basic credentials (the Authorization header compared in
    // constant time with the expected one, the cheapest correct check).
    let protocol = |incoming: &Incoming<'_>, _now| {
        let authorization = incoming.headers().get("authorization").unwrap();
        assert!(bool::from(authorization.ct_eq(b"Basic a2hhbjpzM2NyZXQ=")));
        black_box(serde_json::from_slice::<KhanFloor>(incoming.body()).unwrap());
    };
    pair(
        c,
        "khan_clan_left",
        &source,
        &Incoming::post(&headers, body),
        |e| matches!(e, khan::Event::ClanLeft(_)),
        |body| {
            black_box(serde_json::from_slice::<KhanFloor>(body).unwrap());
        },
        Some(&protocol),
    );
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct AgonesFloor {
    body: AgonesEnvelope,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct AgonesEnvelope {
    header: AgonesHeader,
    message: AgonesMessage,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct AgonesHeader {
    headers: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct AgonesMessage {
    source: String,
    #[serde(rename = "type")]
    kind: String,
    message: AgonesBody,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct AgonesBody {
    body: AgonesUpdate,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct AgonesUpdate {
    old_obj: GameServerFloor,
    new_obj: GameServerFloor,
}

/// The fields the model types, read in one pass (the model also keeps the whole object raw).
#[derive(Deserialize)]
#[allow(dead_code)]
struct GameServerFloor {
    metadata: ObjectMeta,
    status: GameServerStatus,
}

fn agones(c: &mut Criterion) {
    let body = fixture("agones-relay-http/gameserver-onupdate.json");
    let headers = [("Authorization", "Basic YWdvbmVzOnMzY3JldA==")];
    let source = AgonesRelay::new(Auth::basic([("agones", "s3cret")]).unwrap());
    let incoming = Incoming::new("PUT", &headers, &body);
    pair(
        c,
        "agones_gameserver_update",
        &source,
        &incoming,
        |e| matches!(e, agones::Event::GameServerUpdated(_)),
        |body| {
            black_box(serde_json::from_slice::<AgonesFloor>(body).unwrap());
        },
        None,
    );
}

/// The two HMAC-SHA256 backends (the default `hmac` + `sha2`, and `ring` behind the `ring` feature) on the
/// Twitch message (id ‖ timestamp ‖ body) at the sizes the issue names: which one is the floor's.
fn hmac_backends(c: &mut Criterion) {
    let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, SECRET.as_bytes());
    for size in [300, 1_000, 8_192, 65_536] {
        let body = vec![b'x'; size];
        let mut check = keyed.clone();
        check.update(ID.as_bytes());
        check.update(SENT.as_bytes());
        check.update(&body);
        let mut context = ring::hmac::Context::with_key(&ring_key);
        context.update(ID.as_bytes());
        context.update(SENT.as_bytes());
        context.update(&body);
        assert_eq!(check.finalize().into_bytes().as_slice(), context.sign().as_ref(), "the backends disagree");

        let mut group = c.benchmark_group(format!("hmac_sha256_{size}B"));
        group.bench_function("hmac_sha2", |b| b.iter(|| hmac(&keyed, black_box(&body))));
        group.bench_function("ring", |b| {
            b.iter(|| {
                let mut context = ring::hmac::Context::with_key(&ring_key);
                context.update(ID.as_bytes());
                context.update(SENT.as_bytes());
                context.update(black_box(&body));
                black_box(context.sign());
            });
        });
        group.finish();
    }
}

criterion_group!(benches, twitch, accweb, sonoran, khan, agones, hmac_backends);
criterion_main!(benches);
