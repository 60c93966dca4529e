//! The pure entry point against its floor, measured side by side in one run.
//!
//! The floor is what no receiver can avoid: the HMAC-SHA256 the sender requires (where it signs) plus a
//! typed `serde_json` parse of the same bytes into the same structs. The target is the receiver at most
//! 1.3x its floor.
//!
//! ```text
//! cargo bench -p receiver-core --bench receive
//! ```

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use receiver_core::twitch::{self, ChannelHypeTrainBeginV2, Subscription};
use receiver_core::{Accweb, Auth, Incoming, Received, Secret, Source, Timestamp, TwitchEventSub, accweb};
use serde::Deserialize;
use sha2::Sha256;

const SECRET: &str = "bench-secret-0123456789";

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

/// A ~1 KB notification: Twitch's `channel.hype_train.begin` v2 example with its usual second top
/// contribution (Twitch lists the top bits and the top subscription contributor), compact.
fn hype_train_body() -> Vec<u8> {
    let body = compact(&fixture("twitch-eventsub/webhook-notification-channel.hype_train.begin.v2.twitch_api.json"));
    let text = String::from_utf8(body).unwrap();
    let second = r#",{"user_id":"456","user_login":"kappa","user_name":"Kappa","type":"subscription","total":45}]"#;
    let text = text.replacen(r#""total":50}]"#, &format!(r#""total":50}}{second}"#), 1);
    assert!(text.contains(r#""type":"subscription""#));
    text.into_bytes()
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct TwitchFloor {
    subscription: Subscription,
    event: ChannelHypeTrainBeginV2,
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

fn twitch_notification(c: &mut Criterion) {
    let body = hype_train_body();
    let id = "f1c2a387-161a-49f9-a165-0f21d7a4e1c4";
    let timestamp = "2026-11-22T15:00:00.123456789Z";
    let signature = twitch::signature_header(&Secret::new(SECRET).unwrap(), id, timestamp, &body);
    let headers = [
        ("Content-Type", "application/json"),
        ("Twitch-Eventsub-Message-Id", id),
        ("Twitch-Eventsub-Message-Retry", "0"),
        ("Twitch-Eventsub-Message-Type", "notification"),
        ("Twitch-Eventsub-Message-Signature", signature.as_str()),
        ("Twitch-Eventsub-Message-Timestamp", timestamp),
        ("Twitch-Eventsub-Subscription-Type", "channel.hype_train.begin"),
        ("Twitch-Eventsub-Subscription-Version", "2"),
    ];
    let now = timestamp.parse::<Timestamp>().unwrap().to_system_time() + Duration::from_secs(2);
    let source = TwitchEventSub::new([SECRET]).unwrap();
    let incoming = Incoming::post(&headers, &body);

    // What is measured must be a real, typed delivery.
    match source.receive_at(&incoming, now) {
        Ok(Received::Event(delivery)) => match delivery.event {
            twitch::Message::Notification(n) => assert!(matches!(n.event, twitch::Event::ChannelHypeTrainBeginV2(_))),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();

    let mut group = c.benchmark_group(format!("twitch_hype_train_{}B", body.len()));
    group.bench_function("receiver", |b| b.iter(|| black_box(source.receive_at(black_box(&incoming), now))));
    group.bench_function("floor_hmac_plus_parse", |b| {
        b.iter(|| {
            let mut mac = keyed.clone();
            mac.update(id.as_bytes());
            mac.update(timestamp.as_bytes());
            mac.update(black_box(&body));
            let tag = mac.finalize().into_bytes();
            let parsed: TwitchFloor = serde_json::from_slice(black_box(&body)).unwrap();
            black_box((tag, parsed))
        })
    });
    group.finish();
}

fn accweb_lap(c: &mut Criterion) {
    let body = fixture("accweb/wire-a232104-instance_live_new_lap.compact.json");
    let headers = [("Content-Type", "application/json; charset=utf-8"), ("X-Accweb-Token", "accweb-bench-token")];
    let source = Accweb::new(Auth::header("X-Accweb-Token", ["accweb-bench-token"]).unwrap());
    let incoming = Incoming::post(&headers, &body);
    let now = SystemTime::now();
    match source.receive_at(&incoming, now) {
        Ok(Received::Event(delivery)) => assert!(matches!(delivery.event, accweb::Event::NewLap(_))),
        other => panic!("{other:?}"),
    }

    let mut group = c.benchmark_group(format!("accweb_lap_{}B", body.len()));
    group.bench_function("receiver", |b| b.iter(|| black_box(source.receive_at(black_box(&incoming), now))));
    // accweb signs nothing: its floor is the typed parse alone.
    group.bench_function("floor_parse", |b| {
        b.iter(|| black_box(serde_json::from_slice::<AccwebFloor>(black_box(&body)).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, twitch_notification, accweb_lap);
criterion_main!(benches);
