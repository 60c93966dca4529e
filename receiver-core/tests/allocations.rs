//! Issue 8: a delivery allocates nothing proportional to the number of configured secrets. Every source is
//! built with one secret and with eight (the right one last, so all are tried) and receives the same real
//! request, accepted and refused; the number of allocations must not change.
//!
//! One test function on purpose: the allocation counter is global to the process, and tests in one binary
//! run on parallel threads.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::alloc::System;
use std::time::{Duration, SystemTime};

use receiver_core::{
    Accweb, AgonesRelay, Auth, Incoming, Khan, NoHeaders, Secret, SonoranCad, Source, Timestamp, TwitchEventSub,
    basic_authorization, twitch,
};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const SENT: &str = "2026-11-22T15:00:00.123456789Z";
const ID: &str = "f1c2a387-161a-49f9-a165-0f21d7a4e1c4";

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn now() -> SystemTime {
    SENT.parse::<Timestamp>().unwrap().to_system_time() + Duration::from_secs(2)
}

/// Allocations made by `receive` (warmed up once, so lazily initialised statics do not count).
fn allocations<S: Source>(source: &S, incoming: &Incoming<'_>, accepted: bool) -> usize {
    assert_eq!(source.receive_at(incoming, now()).is_ok(), accepted, "{:?}", source.receive_at(incoming, now()));
    let region = Region::new(GLOBAL);
    let outcome = source.receive_at(incoming, now());
    let change = region.change();
    drop(outcome);
    change.allocations + change.reallocations
}

fn decoys(right: &str) -> Vec<String> {
    (0..7).map(|i| format!("decoy-secret-number-{i}")).chain([right.to_owned()]).collect()
}

/// The same request against the source with one secret and with eight: equal allocation counts.
fn same_with_more_secrets<S: Source>(name: &str, one: &S, eight: &S, incoming: &Incoming<'_>, accepted: bool) {
    let (a, b) = (allocations(one, incoming, accepted), allocations(eight, incoming, accepted));
    assert_eq!(a, b, "{name} (accepted: {accepted}): {a} allocations with 1 secret, {b} with 8");
}

#[test]
fn no_source_allocates_more_per_request_for_more_secrets() {
    // Twitch EventSub: an HMAC per secret tried, over pre-keyed states.
    let secret = "twitch-secret-0123456789";
    let body = fixture("twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json");
    let signed = twitch::signature_header(&Secret::new(secret).unwrap(), ID, SENT, &body);
    let bad = twitch::signature_header(&Secret::new("not-the-right-secret").unwrap(), ID, SENT, &body);
    let headers = |signature: &str| {
        [
            ("Twitch-Eventsub-Message-Id", ID.to_owned()),
            ("Twitch-Eventsub-Message-Timestamp", SENT.to_owned()),
            ("Twitch-Eventsub-Message-Type", "notification".to_owned()),
            ("Twitch-Eventsub-Message-Signature", signature.to_owned()),
            ("Twitch-Eventsub-Subscription-Type", "channel.follow".to_owned()),
            ("Twitch-Eventsub-Subscription-Version", "2".to_owned()),
        ]
    };
    let (one, eight) = (TwitchEventSub::new([secret]).unwrap(), TwitchEventSub::new(decoys(secret)).unwrap());
    let (good, wrong) = (headers(&signed), headers(&bad));
    same_with_more_secrets("twitch", &one, &eight, &Incoming::post(&good, &body), true);
    same_with_more_secrets("twitch", &one, &eight, &Incoming::post(&wrong, &body), false);

    // accweb: a header token, compared as digests.
    let body = fixture("accweb/wire-a232104-instance_live_new_lap.compact.json");
    let token = "accweb-token-0123";
    let one = Accweb::new(Auth::header("X-Token", [token]).unwrap());
    let eight = Accweb::new(Auth::header("X-Token", decoys(token)).unwrap());
    same_with_more_secrets("accweb", &one, &eight, &Incoming::post(&[("X-Token", token)], &body), true);
    same_with_more_secrets("accweb", &one, &eight, &Incoming::post(&[("X-Token", "nope")], &body), false);

    // Sonoran CAD: the body key.
    let body = fixture("sonorancad/docs-EVENT_911.data-array.json");
    let (one, eight) = (SonoranCad::new(["YOUR_API_KEY"]).unwrap(), SonoranCad::new(decoys("YOUR_API_KEY")).unwrap());
    same_with_more_secrets("sonoran", &one, &eight, &Incoming::post(&NoHeaders, &body), true);
    let wrong = String::from_utf8(body).unwrap().replace("YOUR_API_KEY", "NOT_THE_KEY");
    same_with_more_secrets("sonoran", &one, &eight, &Incoming::post(&NoHeaders, wrong.as_bytes()), false);

    // Khan: HTTP Basic pairs.
    let body = br#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":1,"metadata":{},"name":"C","publicID":"c-1"},"gameID":"g","id":"0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11","isDeleted":true,"newOwner":null,"previousOwner":{"membershipCount":0,"metadata":{},"name":"A","ownershipCount":0,"publicID":"p"},"timestamp":"2021-12-08T19:33:55Z","type":5}"#;
    let pairs =
        |right: &str| decoys(right).into_iter().map(|password| ("khan".to_owned(), password)).collect::<Vec<_>>();
    let one = Khan::new(Auth::basic([("khan", "s3cret-password")]).unwrap());
    let eight = Khan::new(Auth::basic(pairs("s3cret-password")).unwrap());
    let good = [("Authorization", basic_authorization("khan", "s3cret-password"))];
    let wrong = [("Authorization", basic_authorization("khan", "guess"))];
    same_with_more_secrets("khan", &one, &eight, &Incoming::post(&good, body), true);
    same_with_more_secrets("khan", &one, &eight, &Incoming::post(&wrong, body), false);

    // Agones Relay HTTP: a header token on a 7 KB GameServer update.
    let body = fixture("agones-relay-http/gameserver-onupdate.json");
    let one = AgonesRelay::new(Auth::bearer(["relay-token-0123"]).unwrap());
    let eight = AgonesRelay::new(Auth::bearer(decoys("relay-token-0123")).unwrap());
    let good = [("Authorization", "Bearer relay-token-0123")];
    let wrong = [("Authorization", "Bearer guess")];
    same_with_more_secrets("agones", &one, &eight, &Incoming::new("PUT", &good, &body), true);
    same_with_more_secrets("agones", &one, &eight, &Incoming::new("PUT", &wrong, &body), false);
}
