//! The trigger against a real receiver over a real socket: `receiver_axum::Endpoints` with the development
//! defaults on a free port, one event per source, the challenge, and the answers a well-behaved receiver
//! gives (or refuses to give).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::{Arc, Mutex};

use receiver_axum::Endpoints;
use receiver_core::{Accweb, AgonesRelay, Auth, Delivery, Event, Khan, SonoranCad, TwitchEventSub, twitch};
use receiver_examples::dev;
use receiver_examples::trigger::{self, Summary, Trigger};

type Log = Arc<Mutex<Vec<Delivery>>>;

/// Serves every source with the development defaults; returns the base URL and the deliveries log.
async fn receiver() -> (String, Log) {
    let log: Log = Arc::default();
    let handler_log = Arc::clone(&log);
    let endpoints = Endpoints::new(move |delivery: Delivery| {
        let log = Arc::clone(&handler_log);
        async move {
            log.lock().unwrap().push(delivery);
            Ok::<(), std::io::Error>(())
        }
    })
    .source(Accweb::new(Auth::header(dev::ACCWEB_HEADER.0, [dev::ACCWEB_HEADER.1]).unwrap()))
    .source(SonoranCad::new([dev::SONORAN_KEY]).unwrap())
    .source(Khan::new(Auth::basic([dev::KHAN_BASIC]).unwrap()))
    .source(AgonesRelay::new(Auth::basic([dev::AGONES_BASIC]).unwrap()))
    .source(TwitchEventSub::new([dev::TWITCH_SECRET]).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, endpoints.into_router::<()>()).await.unwrap() });
    (format!("http://{address}"), log)
}

/// Runs `trigger <args> --to <base><path>` and returns its summary and output.
async fn run(base: &str, path: &str, args: &[&str]) -> (Summary, String) {
    let to = format!("{base}{path}");
    let argv = std::iter::once("trigger").chain(args.iter().copied()).chain(["--to", to.as_str()]);
    let trigger = Trigger::from_args(argv).unwrap();
    let client = trigger::client().unwrap();
    let mut out = Vec::new();
    let summary = trigger::run(&trigger, &client, &mut out).await.unwrap();
    let out = String::from_utf8(out).unwrap();
    println!("$ trigger {} --to {to}\n{out}", args.join(" "));
    (summary, out)
}

#[tokio::test]
async fn one_event_per_source_is_delivered_and_answered_well() {
    let (base, log) = receiver().await;
    let cases: [(&str, &[&str], &str); 9] = [
        ("/eventsub", &["twitch", "channel.follow"], "channel.follow"),
        ("/callback", &["accweb", "instance_live_new_lap"], "instance_live_new_lap"),
        ("/sonorancad/event", &["sonoran", "EVENT_911"], "EVENT_911"),
        ("/khan", &["khan", "ClanLeft"], "5"),
        ("/agones", &["agones", "added"], "gameserver.events.added"),
        ("/agones", &["agones", "updated", "--kind", "fleet"], "fleet.events.updated"),
        ("/agones", &["agones", "deleted", "--name", "gs-1"], "gameserver.events.deleted"),
        // The relay appends its own `?` to a URL that has a query already; the receiver repairs it.
        ("/agones?token=abc", &["agones", "deleted", "--kind", "fleet"], "fleet.events.deleted"),
        ("/eventsub", &["twitch", "channel.follow", "--revocation", "user_removed"], "revocation"),
    ];
    for (path, args, kind) in cases {
        let (summary, out) = run(&base, path, args).await;
        assert_eq!(summary.exit_code(), 0, "{args:?}: {out}");
        assert_eq!((summary.answered, summary.well_behaved), (1, 1));
        assert!(out.lines().last().unwrap().starts_with("ok: 1 of 1"), "{out}");
        let last = log.lock().unwrap().last().cloned().unwrap();
        assert_eq!(last.event.kind(), kind, "{args:?}");
    }
    // Sonoran's receiver answers 200 "ok", the others 204 without a body.
    let (_, out) = run(&base, "/sonorancad/event", &["sonoran", "unit_status"]).await;
    assert!(out.contains(r#"→ 200 "ok""#), "{out}");
    let (_, out) = run(&base, "/khan", &["khan", "0"]).await;
    assert!(out.contains(r#"→ 204 """#), "{out}");
    let deleted = log.lock().unwrap().iter().find(|d| d.event.kind() == "gameserver.events.deleted").cloned().unwrap();
    let Event::Agones(receiver_core::agones::Event::GameServerDeleted(gone)) = deleted.event else { panic!() };
    assert_eq!(gone.name, "gs-1");
}

#[tokio::test]
async fn the_challenge_is_answered_as_verify_subscription_expects() {
    let (base, log) = receiver().await;
    let (summary, out) = run(&base, "/eventsub", &["twitch", "stream.online", "--challenge"]).await;
    assert_eq!(summary.exit_code(), 0, "{out}");
    assert!(out.contains("stream.online webhook_callback_verification id="), "{out}");
    assert!(out.contains("→ 200 \""), "{out}");
    // The router shows the application the verification, then answers the challenge itself.
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    let Event::Twitch(twitch::Message::Verification(verification)) = &seen[0].event else { panic!("{seen:?}") };
    assert!(out.contains(&format!("→ 200 {:?}", verification.challenge)), "{out}");
}

#[tokio::test]
async fn refusals_and_unreachable_receivers_give_non_zero_exit_codes() {
    let (base, log) = receiver().await;
    let (summary, out) = run(&base, "/eventsub", &["twitch", "channel.follow", "--secret", "wrong-secret-1"]).await;
    assert_eq!(summary.exit_code(), 1, "{out}");
    assert!(out.contains(r#"→ 403 "forbidden"  ✗ expected a 2xx status, got 403"#), "{out}");
    assert!(out.lines().last().unwrap().starts_with("FAILED: 1 of 1"), "{out}");

    let stale = receiver_core::Timestamp::from_system_time(
        std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600),
    )
    .to_string();
    let (summary, out) = run(&base, "/eventsub", &["twitch", "channel.follow", "--timestamp", &stale]).await;
    assert_eq!(summary.exit_code(), 1, "{out}");
    assert!(out.contains("→ 403"), "{out}");

    // The challenge sent to an endpoint that is not Twitch's: refused, and not the challenge reply.
    let (summary, out) = run(&base, "/khan", &["twitch", "channel.follow", "--challenge"]).await;
    assert_eq!(summary.exit_code(), 1, "{out}");

    let (summary, out) = run(&base, "/agones", &["agones", "added", "--basic", "agones:guess"]).await;
    assert_eq!(summary.exit_code(), 1, "{out}");
    assert!(log.lock().unwrap().is_empty(), "nothing refused reached the handler");

    // Three deliveries of one id: all acknowledged, the handler runs once (the endpoints deduplicate Twitch).
    let (summary, out) = run(&base, "/eventsub", &["twitch", "channel.raid", "--count", "3", "--repeat-id"]).await;
    assert_eq!((summary.exit_code(), summary.answered), (0, 3), "{out}");
    let ids: Vec<_> = log.lock().unwrap().iter().map(|d| d.meta.id.clone().unwrap()).collect();
    assert_eq!(ids.len(), 1, "{out}");
    let first = log.lock().unwrap()[0].event.clone();
    assert!(matches!(first, Event::Twitch(twitch::Message::Notification(_))), "{first:?}");

    // Nothing listens on a port just released.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let (summary, out) =
        run(&format!("http://{closed}"), "/eventsub", &["twitch", "channel.follow", "--count", "2"]).await;
    assert_eq!(summary.exit_code(), 3, "{out}");
    assert_eq!(summary.answered, 0);
    assert!(out.contains("could not send to"), "{out}");
    assert!(out.to_lowercase().contains("connection refused"), "{out}");
}
