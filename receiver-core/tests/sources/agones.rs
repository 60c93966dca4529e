//! Agones Relay HTTP: the relay's 4 example bodies (POST/PUT), the 3 broadcaster GameServer objects, and
//! DELETE requests built as the relay sends them (body `n`, everything in the query).

use receiver_core::agones::{Event, Fleet, GameServer, GameServerState, RELAY_TRUNCATION_BYTES};
use receiver_core::{AgonesRelay, Auth, ConfigError, Delivery, Error, Incoming, NoHeaders, Source, SourceKind};
use serde_json::value::RawValue;

use crate::common::{at, deliver, fixture, reject};

const NOW: &str = "2020-10-12T16:30:00Z";

/// The headers Go's client sends for every relay request (chunked, so no `Content-Length`).
const RELAY_HEADERS: [(&str, &str); 4] = [
    ("User-Agent", "Go-http-client/1.1"),
    ("Transfer-Encoding", "chunked"),
    ("Content-Type", "application/json"),
    ("Accept-Encoding", "gzip"),
];

fn open() -> AgonesRelay {
    AgonesRelay::new(Auth::unauthenticated())
}

fn send(method: &str, query: &str, body: &[u8]) -> Delivery<Event> {
    deliver(&open(), &Incoming::new(method, &RELAY_HEADERS, body).with_query(query), at(NOW))
}

fn send_fixture(method: &str, name: &str) -> Delivery<Event> {
    send(method, "", &fixture(&format!("agones-relay-http/{name}")))
}

fn refuse(method: &str, query: &str, body: &[u8]) -> Error {
    reject(&open(), &Incoming::new(method, &RELAY_HEADERS, body).with_query(query), at(NOW))
}

/// The bare GameServer in a broadcaster Pub/Sub message (`message`), as raw JSON text.
fn broadcaster_object(name: &str) -> GameServer {
    #[derive(serde::Deserialize)]
    struct Message<'a> {
        #[serde(borrow)]
        message: &'a RawValue,
    }
    let bytes = fixture(&format!("agones-relay-http/{name}"));
    let message: Message<'_> = serde_json::from_slice(&bytes).unwrap();
    GameServer::from_json(message.message.get()).unwrap()
}

#[test]
fn gameserver_added() {
    let delivery = send_fixture("POST", "gameserver-onadd.json");
    assert_eq!(delivery.meta.source, SourceKind::AgonesRelay);
    assert_eq!(delivery.meta.id.as_deref(), Some("61a7780c-2e89-4ab1-9455-196dc24f196c/278179"));
    assert_eq!((delivery.meta.timestamp, delivery.meta.resync), (None, false));
    let event = &delivery.event;
    assert_eq!(event.event_type(), "gameserver.events.added");
    let Event::GameServerAdded(gs) = event else { panic!("{event:?}") };
    assert_eq!(gs.name(), "simple-udp-7jcpl-5qrbc");
    assert_eq!(gs.namespace(), "default");
    assert_eq!(gs.uid(), "61a7780c-2e89-4ab1-9455-196dc24f196c");
    assert_eq!(gs.resource_version(), "278179");
    assert_eq!(gs.metadata().generation, 1);
    assert_eq!(gs.metadata().creation_timestamp.unwrap().to_string(), "2020-10-12T16:27:01Z");
    assert_eq!(gs.metadata().deletion_timestamp, None);
    assert!(!gs.is_being_deleted());
    assert_eq!(gs.state(), Some(&GameServerState::PortAllocation));
    assert_eq!(gs.fleet_name(), Some("simple-udp"));
    assert_eq!(gs.game_server_set_name(), Some("simple-udp-7jcpl"));
    assert_eq!(gs.metadata().annotations["agones.dev/sdk-version"], "1.9.0");
    // Before port allocation: `"ports": null`, `"address": ""`, no `addresses` key at all.
    let status = gs.status();
    assert!(status.ports.is_empty() && status.addresses.is_empty());
    assert_eq!((status.address.as_str(), status.node_name.as_str()), ("", ""));
    assert_eq!(status.reserved_until, None);
    let players = status.players.as_ref().unwrap();
    assert_eq!((players.count, players.capacity), (0, 0));
    assert!(players.ids.is_empty()); // `"ids": null`
    // The whole object is kept, with what the view does not model.
    assert!(gs.raw().get().contains("selfLink"));
    assert_eq!(gs.raw().to_value()["spec"]["ports"][0]["containerPort"], 7654);
    assert_eq!(event.metadata().map(|m| m.name.as_str()), Some("simple-udp-7jcpl-5qrbc"));
}

#[test]
fn gameserver_updated_by_a_resync() {
    let delivery = send_fixture("PUT", "gameserver-onupdate.json");
    assert!(delivery.meta.resync);
    assert_eq!(delivery.meta.id.as_deref(), Some("038142be-5d0e-40d7-8e7b-8c44b9de6a7e/277937"));
    let Event::GameServerUpdated(update) = &delivery.event else { panic!("{:?}", delivery.event) };
    assert!(update.is_resync() && delivery.event.is_resync());
    assert_eq!(update.old, update.new);
    assert_eq!((update.old.resource_version(), update.new.resource_version()), ("277937", "277937"));
    let gs = &update.new;
    assert_eq!(gs.name(), "simple-udp-7jcpl-kq267");
    assert_eq!(gs.metadata().generation, 6);
    assert_eq!(gs.state(), Some(&GameServerState::Ready));
    assert_eq!(gs.status().address, "192.168.0.11");
    assert_eq!(gs.status().node_name, "arena.local");
    assert_eq!(gs.port("default"), Some(7006));
    assert_eq!(gs.port("other"), None);
    assert_eq!(gs.status().ports[0].name, "default");
    assert!(gs.metadata().annotations["agones.dev/ready-container-id"].starts_with("docker://db24ed91"));
    assert_eq!(gs.fleet_name(), Some("simple-udp"));
}

#[test]
fn fleet_added_without_players() {
    let delivery = send_fixture("POST", "fleet-onadd.json");
    assert_eq!(delivery.meta.id.as_deref(), Some("6c89275a-33d4-45e8-80c3-a97e282b6d50/278326"));
    assert!(!delivery.meta.resync);
    let Event::FleetAdded(fleet) = &delivery.event else { panic!("{:?}", delivery.event) };
    assert_eq!(delivery.event.event_type(), "fleet.events.added");
    assert_eq!((fleet.name(), fleet.namespace()), ("simple-udp", "default"));
    assert_eq!(fleet.uid(), "6c89275a-33d4-45e8-80c3-a97e282b6d50");
    assert_eq!(fleet.resource_version(), "278326");
    assert_eq!(fleet.metadata().generation, 1);
    assert!(fleet.metadata().labels.is_empty());
    assert!(fleet.metadata().annotations["kubectl.kubernetes.io/last-applied-configuration"].contains("\"Fleet\""));
    assert_eq!(fleet.spec().replicas, 2);
    let status = fleet.status();
    assert_eq!(
        (status.replicas, status.ready_replicas, status.reserved_replicas, status.allocated_replicas),
        (0, 0, 0, 0)
    );
    assert_eq!(status.players, None); // no `status.players` key in this example
    assert_eq!(fleet.raw().to_value()["spec"]["strategy"]["type"], "RollingUpdate");
}

#[test]
fn fleet_updated_for_real() {
    let delivery = send_fixture("PUT", "fleet-onupdate.json");
    assert!(!delivery.meta.resync);
    assert_eq!(delivery.meta.id.as_deref(), Some("42a08aac-6bb0-4f1a-8713-34b0681fb24e/277905"));
    let Event::FleetUpdated(update) = &delivery.event else { panic!("{:?}", delivery.event) };
    assert!(!update.is_resync() && !delivery.event.is_resync());
    assert_eq!((update.old.resource_version(), update.new.resource_version()), ("277880", "277905"));
    assert_eq!((update.old.status().replicas, update.new.status().replicas), (0, 2));
    assert_eq!((update.old.spec().replicas, update.new.spec().replicas), (2, 2));
    let players = update.new.status().players.as_ref().unwrap();
    assert_eq!((players.count, players.capacity), (0, 0));
    assert!(update.new.raw().get().contains("selfLink"));
    assert_eq!(delivery.event.metadata().unwrap().resource_version, "277905");
}

#[test]
fn objects_serialize_as_their_raw_json_and_derive_the_view_again() {
    let Event::GameServerAdded(gs) = send_fixture("POST", "gameserver-onadd.json").event else { panic!() };
    let json = serde_json::to_string(&gs).unwrap();
    assert_eq!(json, gs.raw().get());
    let back: GameServer = serde_json::from_str(&json).unwrap();
    assert_eq!(back, gs);
    assert_eq!(back.state(), Some(&GameServerState::PortAllocation));

    // Deserializing checks the view like parsing does.
    assert!(serde_json::from_str::<GameServer>(r#"{"metadata":{"namespace":"default"}}"#).is_err());
    assert!(
        serde_json::from_str::<Fleet>(r#"{"metadata":{"name":"f","namespace":"d"},"spec":{"replicas":"x"}}"#).is_err()
    );

    // A minimal object: only name and namespace are required.
    let fleet = Fleet::from_json(r#" {"metadata":{"name":"f","namespace":"d","labels":null}} "#).unwrap();
    assert_eq!((fleet.uid(), fleet.resource_version(), fleet.spec().replicas), ("", "", 0));
    assert_eq!(fleet.raw().get(), r#"{"metadata":{"name":"f","namespace":"d","labels":null}}"#);
    let gs = GameServer::from_json(r#"{"metadata":{"name":"g","namespace":"d"},"status":{"state":""}}"#).unwrap();
    assert_eq!(gs.state(), None);
    let gs = GameServer::from_json(
        r#"{"metadata":{"name":"g","namespace":"d"},"status":{"state":"Draining","addresses":[{"type":"InternalIP","address":"10.0.0.1"}],"players":{"count":1,"capacity":8,"ids":["p1"]}}}"#,
    )
    .unwrap();
    assert_eq!(gs.state(), Some(&GameServerState::Unknown("Draining".into())));
    assert_eq!(gs.status().addresses[0].address_type, "InternalIP");
    assert_eq!(gs.status().addresses[0].address, "10.0.0.1");
    assert_eq!(gs.status().players.as_ref().unwrap().ids, ["p1"]);
}

#[test]
fn broadcaster_messages_hold_valid_gameserver_objects() {
    let added = broadcaster_object("broadcaster-pubsub-2020-add-gameserver.json");
    assert_eq!((added.name(), added.namespace()), ("simple-udp-agones", "default"));
    assert_eq!(added.uid(), "9be8db9b-95fe-11ea-ab97-0242ac110002");
    assert_eq!(added.resource_version(), "1178858");
    assert_eq!(added.state(), Some(&GameServerState::PortAllocation));
    assert_eq!(added.status().players, None); // `"players": null`: PlayerTracking off
    assert!(added.status().ports.is_empty());
    assert_eq!(added.fleet_name(), None);

    let updated = broadcaster_object("broadcaster-pubsub-2020-update-gameserver.json");
    assert_eq!(updated.state(), Some(&GameServerState::Ready));
    assert_eq!(updated.metadata().generation, 6);
    assert_eq!((updated.status().address.as_str(), updated.port("default")), ("172.17.0.2", Some(7412)));
    assert_eq!(updated.status().node_name, "agones-cluster-control-plane");
    let value = updated.raw().to_value();
    assert_eq!((value["kind"].as_str(), value["apiVersion"].as_str()), (Some("GameServer"), Some("agones.dev/v1")));

    let deleted = broadcaster_object("broadcaster-pubsub-2020-delete-gameserver.json");
    assert_eq!(deleted.state(), Some(&GameServerState::Ready));
    assert_eq!(deleted.metadata().deletion_timestamp.unwrap().to_string(), "2020-05-14T16:22:40Z");
    assert!(deleted.is_being_deleted());
    assert_eq!(deleted.resource_version(), "1179413");
    assert_eq!(deleted.raw().to_value()["metadata"]["deletionGracePeriodSeconds"], 0);
}

#[test]
fn deletes_come_from_the_query_and_ignore_the_body() {
    let query = "event_type=gameserver.events.deleted&name=simple-udp-7jcpl-5qrbc&namespace=default";
    let delivery = send("DELETE", query, b"n"); // what the relay sends: the single byte `n`, chunked
    assert_eq!((delivery.meta.id.clone(), delivery.meta.resync), (None, false));
    assert_eq!(delivery.event.event_type(), "gameserver.events.deleted");
    assert_eq!(delivery.event.metadata(), None);
    let Event::GameServerDeleted(deleted) = &delivery.event else { panic!("{:?}", delivery.event) };
    assert_eq!((deleted.name.as_str(), deleted.namespace.as_str()), ("simple-udp-7jcpl-5qrbc", "default"));

    // Any body at all: empty, `null`, JSON that disagrees.
    for body in [&b""[..], b"null", br#"{"body":{"header":{"headers":{"event_type":"fleet.events.added"}}}}"#] {
        assert_eq!(send("DELETE", query, body).event, delivery.event);
    }

    let delivery = send("DELETE", "?event_type=fleet.events.deleted&name=simple-udp&namespace=game%2Dservers", b"n");
    let Event::FleetDeleted(deleted) = &delivery.event else { panic!("{:?}", delivery.event) };
    assert_eq!((deleted.name.as_str(), deleted.namespace.as_str()), ("simple-udp", "game-servers"));
}

#[test]
fn the_duplicated_question_mark_of_deletes_is_repaired() {
    // Configured URL `http://h/agones?token=abc`: the relay appends `?event_type=…` to it.
    let query = "token=abc?event_type=gameserver.events.deleted&name=x&namespace=default";
    let Event::GameServerDeleted(deleted) = send("DELETE", query, b"n").event else { panic!() };
    assert_eq!((deleted.name.as_str(), deleted.namespace.as_str()), ("x", "default"));

    // A URL token is checked against the repaired query, for DELETE and as-is for POST/PUT.
    let source = AgonesRelay::new(Auth::query_token("token", ["abc"]).unwrap());
    let incoming = Incoming::new("DELETE", &RELAY_HEADERS, b"n").with_query(query);
    assert!(matches!(deliver(&source, &incoming, at(NOW)).event, Event::GameServerDeleted(_)));
    let body = fixture("agones-relay-http/gameserver-onadd.json");
    let incoming = Incoming::new("POST", &RELAY_HEADERS, &body).with_query("token=abc");
    assert!(matches!(deliver(&source, &incoming, at(NOW)).event, Event::GameServerAdded(_)));
    let wrong = "token=abd?event_type=gameserver.events.deleted&name=x&namespace=default";
    let err = reject(&source, &Incoming::new("DELETE", &RELAY_HEADERS, b"n").with_query(wrong), at(NOW));
    assert_eq!(err.status_code(), 403);
    let err = reject(&source, &Incoming::new("DELETE", &RELAY_HEADERS, b"n").with_query(&query[10..]), at(NOW));
    assert_eq!(err.status_code(), 401);
}

#[test]
fn bad_delete_queries_are_400() {
    let cases = [
        ("event_type=gameserver.events.deleted&namespace=default", "without `name`"),
        ("event_type=gameserver.events.deleted&name=&namespace=default", "without `name`"),
        ("event_type=fleet.events.deleted&name=f", "without `namespace`"),
        ("name=x&namespace=default", "needs `event_type`"),
        ("token=abc?name=x&namespace=default", "needs `event_type`"),
        ("event_type=gameserver.events.added&name=x&namespace=default", "sent with POST, not DELETE"),
        ("", "needs `event_type`"),
    ];
    for (query, message) in cases {
        let err = refuse("DELETE", query, b"n");
        assert!(matches!(err, Error::InvalidQuery(_)), "{query}: {err}");
        assert_eq!(err.status_code(), 400);
        assert!(err.to_string().contains(message), "{query}: {err}");
    }
}

#[test]
fn unknown_event_types_are_delivered_not_refused() {
    let body = br#"{"body":{"header":{"headers":{"event_source":"OnAdd","event_type":"gameserverset.events.added"}},"message":{"source":"OnAdd","type":"gameserverset.events.added","message":{"body":{"metadata":{"name":"s"}}}}}}"#;
    let delivery = send("POST", "", body);
    assert_eq!((delivery.meta.id.clone(), delivery.meta.resync), (None, false));
    let Event::Unknown(unknown) = &delivery.event else { panic!("{:?}", delivery.event) };
    assert_eq!(delivery.event.event_type(), "gameserverset.events.added");
    assert_eq!((unknown.event_type.as_str(), unknown.method.as_str()), ("gameserverset.events.added", "POST"));
    assert_eq!(unknown.raw.as_ref().unwrap().get().as_bytes(), body);
    assert_eq!((unknown.name.as_deref(), unknown.namespace.as_deref()), (None, None));

    // A new action on a known kind, in an envelope shaped differently.
    let body = br#"{"body":{"message":{"type":"gameserver.events.allocated","message":[1,2]},"extra":true}}"#;
    let Event::Unknown(unknown) = send("PUT", "", body).event else { panic!() };
    assert_eq!((unknown.event_type.as_str(), unknown.method.as_str()), ("gameserver.events.allocated", "PUT"));

    // An unknown DELETE keeps what the query says; there is no body to keep.
    let query = "event_type=gameserverset.events.deleted&name=s&namespace=default";
    let Event::Unknown(unknown) = send("DELETE", query, b"n").event else { panic!() };
    assert_eq!((unknown.event_type.as_str(), unknown.method.as_str()), ("gameserverset.events.deleted", "DELETE"));
    assert_eq!(
        (unknown.name.as_deref(), unknown.namespace.as_deref(), unknown.raw),
        (Some("s"), Some("default"), None)
    );
}

#[test]
fn the_event_type_falls_back_to_the_message_type() {
    let body = String::from_utf8(fixture("agones-relay-http/fleet-onadd.json")).unwrap();
    let without_header = body.replace(r#""event_type": "fleet.events.added""#, r#""event_type": """#);
    assert_ne!(without_header, body);
    assert!(matches!(send("POST", "", without_header.as_bytes()).event, Event::FleetAdded(_)));
}

#[test]
fn a_known_event_type_with_the_other_method_is_400() {
    for (method, name, expected) in [
        ("PUT", "gameserver-onadd.json", "`gameserver.events.added` is sent with POST, not PUT"),
        ("POST", "gameserver-onupdate.json", "`gameserver.events.updated` is sent with PUT, not POST"),
        ("POST", "fleet-onupdate.json", "`fleet.events.updated` is sent with PUT, not POST"),
        ("PUT", "fleet-onadd.json", "`fleet.events.added` is sent with POST, not PUT"),
    ] {
        let err = refuse(method, "", &fixture(&format!("agones-relay-http/{name}")));
        assert!(matches!(err, Error::MalformedBody(_)), "{err}");
        assert!(err.to_string().contains(expected), "{err}");
    }
    let body = br#"{"body":{"header":{"headers":{"event_type":"gameserver.events.deleted"}}}}"#;
    assert!(refuse("POST", "", body).to_string().contains("sent with DELETE, not POST"));
}

#[test]
fn malformed_bodies_are_400() {
    let onadd = fixture("agones-relay-http/gameserver-onadd.json");
    let cases: [(&[u8], &str); 8] = [
        (b"", "malformed body"),
        (b"n", "malformed body"),
        (&onadd[..100], "malformed body"),
        (b"[1,2]", "malformed body"),
        (br#"{"body":{}}"#, "no event type"),
        (br#"{"body":{"header":{"headers":{"event_type":"gameserver.events.added"}}}}"#, "without an object"),
        (
            br#"{"body":{"header":{"headers":{"event_type":"gameserver.events.added"}},"message":{"message":{"body":{"metadata":{"name":"x"}}}}}}"#,
            "missing field `namespace`",
        ),
        (
            br#"{"body":{"header":{"headers":{"event_type":"gameserver.events.updated"}},"message":{"message":{"body":{"new_obj":{}}}}}}"#,
            "of an update",
        ),
    ];
    for (body, message) in cases {
        let method = if message == "of an update" { "PUT" } else { "POST" };
        let err = refuse(method, "", body);
        assert!(matches!(err, Error::MalformedBody(_)), "{err}");
        assert_eq!(err.status_code(), 400);
        assert!(err.public_message().contains(message), "{err}");
    }
}

/// A valid PUT envelope larger than 32 KiB: the resync example with a large annotation on the new object.
fn large_update() -> Vec<u8> {
    let mut value: serde_json::Value =
        serde_json::from_slice(&fixture("agones-relay-http/gameserver-onupdate.json")).unwrap();
    value["body"]["message"]["message"]["body"]["new_obj"]["metadata"]["annotations"]["example.com/big"] =
        "x".repeat(40_000).into();
    serde_json::to_vec(&value).unwrap()
}

#[test]
fn bodies_cut_at_32_kib_are_reported_as_truncated_by_the_relay() {
    let full = large_update();
    assert!(full.len() > RELAY_TRUNCATION_BYTES);
    let Event::GameServerUpdated(update) = send("PUT", "", &full).event else { panic!() };
    assert_eq!(update.new.metadata().annotations["example.com/big"].len(), 40_000);

    let err = refuse("PUT", "", &full[..RELAY_TRUNCATION_BYTES]);
    assert!(matches!(err, Error::TruncatedBody(_)), "{err}");
    assert_eq!(err.status_code(), 400);
    let message = err.public_message();
    assert!(message.contains("Agones relay truncates") && message.contains("32 KiB"), "{message}");
    assert!(message.contains("known relay bug"), "{message}");

    // One byte shorter or longer is an ordinary malformed body.
    let err = refuse("PUT", "", &full[..RELAY_TRUNCATION_BYTES - 1]);
    assert!(matches!(err, Error::MalformedBody(_)), "{err}");

    // Exactly 32 KiB of valid JSON is a body like any other.
    let mut padded = fixture("agones-relay-http/gameserver-onupdate.json");
    padded.resize(RELAY_TRUNCATION_BYTES, b' ');
    assert!(send("PUT", "", &padded).meta.resync);
}

#[test]
fn basic_auth_as_go_sends_it_for_a_user_pass_url() {
    // `--on-event-url=http://user:pa%40ss@host/webhook`, then rotated to `user:next`.
    let source = AgonesRelay::new(Auth::basic([("user", "pa@ss"), ("user", "next")]).unwrap());
    assert_eq!(source.auth_description(), "HTTP Basic (2 user/password pairs)");
    let body = fixture("agones-relay-http/fleet-onadd.json");
    let with = |auth: &'static str| {
        let mut headers = RELAY_HEADERS.to_vec();
        headers.push(("Authorization", auth));
        headers
    };
    let now = at(NOW);

    let go = with("Basic dXNlcjpwYUBzcw==");
    assert!(matches!(deliver(&source, &Incoming::new("POST", &go, &body), now).event, Event::FleetAdded(_)));
    let delete = Incoming::new("DELETE", &go, b"n").with_query("event_type=fleet.events.deleted&name=f&namespace=d");
    assert!(matches!(deliver(&source, &delete, now).event, Event::FleetDeleted(_)));
    let rotated = with("Basic dXNlcjpuZXh0"); // user:next
    assert!(
        deliver(&source, &Incoming::new("PUT", &rotated, &fixture("agones-relay-http/fleet-onupdate.json")), now)
            .meta
            .id
            .is_some()
    );

    let wrong = with("Basic dXNlcjpwYXNz"); // user:pass
    let err = reject(&source, &Incoming::new("POST", &wrong, &body), now);
    assert_eq!((err.status_code(), err.public_message().as_ref()), (403, "forbidden"));
    let err = reject(&source, &Incoming::new("POST", &RELAY_HEADERS, &body), now);
    assert_eq!((err.status_code(), err.public_message().as_ref()), (401, "unauthorized"));
    // Credentials are checked before the body is read.
    let err = reject(&source, &Incoming::new("POST", &RELAY_HEADERS, b"garbage"), now);
    assert_eq!(err.status_code(), 401);
}

#[test]
fn methods_limits_and_headers() {
    let body = fixture("agones-relay-http/gameserver-onadd.json");
    for method in ["GET", "PATCH", "post"] {
        let err = refuse(method, "", &body);
        assert_eq!(err.status_code(), 405);
        assert_eq!(err.allowed_methods(), Some(&["POST", "PUT", "DELETE"][..]));
    }

    let small = open().with_max_body_bytes(1000).unwrap();
    let err = reject(&small, &Incoming::new("POST", &RELAY_HEADERS, &body), at(NOW));
    assert_eq!((err.status_code(), err), (413, Error::BodyTooLarge { limit: 1000 }));
    assert_eq!(open().with_max_body_bytes(0).unwrap_err(), ConfigError::ZeroBodyLimit);
    assert_eq!(open().max_body_bytes(), receiver_core::DEFAULT_MAX_BODY_BYTES);
    assert_eq!(open().kind(), SourceKind::AgonesRelay);

    // No Content-Length (chunked), any Content-Type or none at all.
    let text = [("Content-Type", "text/plain")];
    assert!(matches!(deliver(&open(), &Incoming::new("POST", &text, &body), at(NOW)).event, Event::GameServerAdded(_)));
    assert!(matches!(
        deliver(&open(), &Incoming::new("POST", &NoHeaders, &body), at(NOW)).event,
        Event::GameServerAdded(_)
    ));
}

#[test]
fn parsing_without_a_source() {
    let body = fixture("agones-relay-http/fleet-onupdate.json");
    let event = Event::from_request("PUT", "", &body).unwrap();
    assert_eq!(event.event_type(), "fleet.events.updated");
    let event = Event::from_request("DELETE", "event_type=fleet.events.deleted&name=f&namespace=d", b"n").unwrap();
    assert!(matches!(event, Event::FleetDeleted(ref d) if d.name == "f"));
    // The top-level event knows its source.
    let any: receiver_core::Event = event.into();
    assert_eq!(any.source(), SourceKind::AgonesRelay);
}
