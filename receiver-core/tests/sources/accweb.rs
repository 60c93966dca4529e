//! accweb: the 9 wiki examples and the 4 exact bodies of accweb's HEAD code.

use std::time::Duration;

use receiver_core::accweb::{Event, Instance};
use receiver_core::{Accweb, Auth, ConfigError, Error, Incoming, Source};

use crate::common::{at, deliver, fixture, fixtures_in, reject};

const NOW: &str = "2026-11-22T15:00:00Z";

fn source() -> Accweb {
    Accweb::new(Auth::header("X-Accweb-Token", ["current-token", "previous-token"]).unwrap())
}

/// Sends `body` as accweb does, with the current token.
fn receive(body: &[u8]) -> Event {
    let headers = [("Content-Type", "application/json; charset=utf-8"), ("X-Accweb-Token", "current-token")];
    deliver(&source(), &Incoming::post(&headers, body), at(NOW)).event
}

fn receive_fixture(name: &str) -> Event {
    receive(&fixture(&format!("accweb/{name}")))
}

fn wiki_instance(event: &Event) -> &Instance {
    let instance = event.instance().expect("a known event has an instance");
    assert_eq!(instance.instance_id, "1714097074");
    assert_eq!(instance.instance_name, "Server name (by accweb)");
    assert_eq!((instance.udp_port, instance.tcp_port), (9600, 9600));
    instance
}

#[test]
fn every_fixture_parses_into_a_known_event() {
    let names = fixtures_in("accweb");
    assert_eq!(names.len(), 13);
    for name in names {
        let event = receive_fixture(&name);
        let expected = name.trim_start_matches("wire-a232104-").split('.').next().unwrap();
        assert_eq!(event.name(), expected, "{name}");
        assert!(!matches!(event, Event::Unknown(_)), "{name}");
    }
}

#[test]
fn instance_started_and_stopped() {
    let event = receive_fixture("instance_started.json");
    let Event::InstanceStarted(instance) = &event else { panic!("{event:?}") };
    assert_eq!(instance.track, "barcelona");
    assert_eq!(instance.nr_drivers, 0);
    assert_eq!(instance.timestamp.to_string(), "2024-06-06T16:08:03.056223682Z");
    wiki_instance(&event);

    let event = receive_fixture("instance_stopped.json");
    assert!(matches!(event, Event::InstanceStopped(ref i) if i.track == "barcelona"));

    // HEAD's exact bytes: no `data` key at all, udpPort distinct from tcpPort.
    let event = receive_fixture("wire-a232104-instance_started.compact.json");
    let Event::InstanceStarted(instance) = &event else { panic!("{event:?}") };
    assert_eq!((instance.udp_port, instance.tcp_port, instance.nr_drivers), (9601, 9600, 4));
    assert_eq!(instance.timestamp.to_string(), "2026-11-22T14:39:14.803935444Z");
}

#[test]
fn new_lap_from_the_wiki_has_no_position() {
    let event = receive_fixture("instance_live_new_lap.json");
    let Event::NewLap(lap) = &event else { panic!("{event:?}") };
    wiki_instance(&event);
    assert_eq!(lap.instance.nr_drivers, 4);
    let lap = &lap.data;
    assert_eq!(lap.player_name, "fox suckfoxwaifu");
    assert_eq!(lap.player_id, "S99999999999999999");
    assert_eq!((lap.car_id, lap.race_number, lap.car_model), (1003, 69, 24));
    assert_eq!(lap.position, None);
    assert_eq!(lap.lap_time(), Some(Duration::from_millis(142_665)));
    assert_eq!(lap.timestamp_ms, 72_956_232);
    assert_eq!(lap.fuel, 20);
    assert_eq!(
        lap.sector_times(),
        [Some(Duration::from_millis(41_567)), Some(Duration::from_millis(63_557)), Some(Duration::from_millis(37_540))]
    );
    assert!(!lap.has_cut && !lap.in_lap && !lap.out_lap && !lap.session_over);
}

#[test]
fn new_lap_from_heads_wire_bytes_has_a_position() {
    let event = receive_fixture("wire-a232104-instance_live_new_lap.compact.json");
    let Event::NewLap(lap) = &event else { panic!("{event:?}") };
    assert_eq!(lap.data.position, Some(2));
    assert_eq!(lap.data.s3, "0:37:540");
    assert_eq!(lap.instance.timestamp.subsec_nanos(), 806_065_285);
}

#[test]
fn driver_connection_and_damage_events() {
    let event = receive_fixture("instance_live_new_driver.json");
    let Event::NewDriver(live) = &event else { panic!("{event:?}") };
    assert_eq!((live.data.player_name.as_str(), live.data.car_id, live.data.race_number), ("m suneo", 1005, 82));
    assert_eq!(live.data.car_model, 30);
    assert_eq!(live.instance.nr_drivers, 5);

    let event = receive_fixture("instance_live_remove_connection.json");
    let Event::RemoveConnection(live) = &event else { panic!("{event:?}") };
    assert_eq!(live.data.player_name, "m suneo");

    let event = receive_fixture("instance_live_new_damage_zone.json");
    let Event::NewDamageZone(live) = &event else { panic!("{event:?}") };
    assert_eq!(
        (live.data.player_name.as_str(), live.data.car_id, live.data.race_number),
        ("Mika azantzinen", 1008, 888)
    );
}

#[test]
fn session_phase_changed() {
    let event = receive_fixture("instance_live_session_phase_changed.json");
    let Event::SessionPhaseChanged(live) = &event else { panic!("{event:?}") };
    assert_eq!((live.data.session.as_str(), live.data.phase.as_str(), live.data.remaining), ("Race", "session", 20));
}

#[test]
fn live_snapshots_key_cars_by_id_and_hide_the_no_time_sentinel() {
    for name in ["instance_live_reseting_race_weekend.json", "instance_live_session_changed.json"] {
        let event = receive_fixture(name);
        let live = match &event {
            Event::ResetingRaceWeekend(snapshot) => &snapshot.data.live,
            Event::SessionChanged(change) => {
                assert_eq!((change.data.old_session.as_str(), change.data.session.as_str()), ("Qualifying", "Race"));
                &change.data.live
            }
            other => panic!("{other:?}"),
        };
        let car = &live[&1001];
        assert_eq!((car.race_number, car.car_model, car.position, car.nr_laps), (999, 22, 3, 9));
        assert_eq!(car.current_driver.player_name, "Joe Siffert");
        assert_eq!(car.best_lap(), Some(Duration::from_millis(141_967)));
        assert_eq!(car.laps.len(), 1);
        assert_eq!(car.laps[0].s1_ms, 502_442);
        assert_eq!(car.laps[0].sector_times()[0], Some(Duration::from_millis(502_442)));
        // currLap.lapTimeMS is 2147483647: "no valid time", not a 24-day lap.
        assert_eq!(car.curr_lap.lap_time_ms, 2_147_483_647);
        assert_eq!(car.curr_lap.lap_time(), None);
    }
}

#[test]
fn heads_reset_snapshot_includes_an_empty_car() {
    let event = receive_fixture("wire-a232104-instance_live_reseting_race_weekend.compact.json");
    let Event::ResetingRaceWeekend(snapshot) = &event else { panic!("{event:?}") };
    assert_eq!(snapshot.data.live.keys().copied().collect::<Vec<_>>(), [1001, 1002]);
    let empty = &snapshot.data.live[&1002];
    assert!(empty.drivers.is_empty() && empty.laps.is_empty());
    assert_eq!(empty.current_driver.player_id, "");
    assert_eq!((empty.best_lap(), empty.last_lap(), empty.curr_lap.lap_time()), (None, None, None));
    assert_eq!(empty.curr_lap.sector_times(), [None, None, None]);
}

#[test]
fn session_changed_on_an_empty_server() {
    let event = receive_fixture("wire-a232104-instance_live_session_changed.empty-live.compact.json");
    let Event::SessionChanged(change) = &event else { panic!("{event:?}") };
    assert!(change.data.live.is_empty());
    assert_eq!(change.data.old_session, "Practice");
}

#[test]
fn metadata_carries_the_accweb_timestamp_and_no_id() {
    let body = fixture("accweb/wire-a232104-instance_live_new_lap.compact.json");
    let headers = [("x-accweb-token", "previous-token")]; // the rotated-out secret still works
    let delivery = deliver(&source(), &Incoming::post(&headers, &body), at(NOW));
    assert_eq!(delivery.meta.source, receiver_core::SourceKind::Accweb);
    assert_eq!(delivery.meta.id, None);
    assert_eq!(delivery.meta.timestamp.unwrap().to_string(), "2026-11-22T14:39:14.806065285Z");
}

#[test]
fn an_unknown_event_name_is_delivered_with_its_raw_body() {
    let body = br#"{"eventName":"instance_live_new_flag","timestamp":"2026-01-01T00:00:00Z","instanceId":"a","data":{"flag":"yellow","x":[1,2.50]}}"#;
    let event = receive(body);
    let Event::Unknown(unknown) = &event else { panic!("{event:?}") };
    assert_eq!(unknown.event_name, "instance_live_new_flag");
    assert_eq!(unknown.raw.get().as_bytes(), body);
    assert_eq!(event.timestamp().unwrap().to_string(), "2026-01-01T00:00:00Z");
    assert_eq!(event.instance(), None);

    // Even when its envelope is not the one accweb uses today.
    let odd = br#"{"eventName":"instance_future","udpPort":"not a number"}"#;
    assert!(matches!(receive(odd), Event::Unknown(ref u) if u.event_name == "instance_future"));
}

#[test]
fn data_before_event_name_still_parses() {
    let body = br#"{"data":{"session":"Race","phase":"session","remaining":20},"eventName":"instance_live_session_phase_changed","timestamp":"2024-06-06T16:07:58Z","instanceId":"x","instanceName":"n","track":"spa","udpPort":1,"tcpPort":2,"nrDrivers":0}"#;
    assert!(matches!(receive(body), Event::SessionPhaseChanged(ref l) if l.data.remaining == 20));
}

#[test]
fn credentials_are_required_and_compared_exactly() {
    let body = fixture("accweb/wire-a232104-instance_started.compact.json");
    let now = at(NOW);
    let err = reject(&source(), &Incoming::post(&[("Content-Type", "application/json")], &body), now);
    assert_eq!((err.status_code(), err.public_message().as_ref()), (401, "unauthorized"));
    let err = reject(&source(), &Incoming::post(&[("X-Accweb-Token", "current-token ")], &body), now);
    assert_eq!((err.status_code(), err.public_message().as_ref()), (403, "forbidden"));
    assert!(matches!(err, Error::WrongCredentials(_)));

    let open = Accweb::new(Auth::unauthenticated());
    assert!(open.receive_at(&Incoming::post(&[("a", "b")], &body), now).is_ok());
    assert!(open.auth_description().contains("unauthenticated"));
    assert_eq!(Auth::header("X-Accweb-Token", [""]).unwrap_err(), ConfigError::EmptySecret);
}

#[test]
fn bad_requests_get_typed_errors() {
    let token = [("X-Accweb-Token", "current-token")];
    let now = at(NOW);
    let lap = fixture("accweb/wire-a232104-instance_live_new_lap.compact.json");
    let cases: Vec<(Incoming<'_>, u16, &str)> = vec![
        (Incoming::new("GET", &token, b""), 405, "method GET"),
        (Incoming::post(&token, b""), 400, "malformed body"),
        (Incoming::post(&token, b"{\"eventName\":"), 400, "malformed body"),
        (Incoming::post(&token, &lap[..lap.len() - 10]), 400, "malformed body"),
        (Incoming::post(&token, b"[1,2]"), 400, "malformed body"),
        (Incoming::post(&token, br#"{"timestamp":"2024-06-06T16:07:58Z"}"#), 400, "missing field `eventName`"),
        (
            Incoming::post(&token, br#"{"eventName":"instance_live_new_lap","timestamp":"2024-06-06T16:07:58Z","instanceId":"x","instanceName":"n","track":"spa","udpPort":1,"tcpPort":2,"nrDrivers":0}"#),
            400,
            "missing field `data`",
        ),
        (
            Incoming::post(&token, br#"{"eventName":"instance_started","timestamp":"yesterday","instanceId":"x","instanceName":"n","track":"spa","udpPort":1,"tcpPort":2,"nrDrivers":0}"#),
            400,
            "RFC 3339",
        ),
        (
            Incoming::post(&token, br#"{"eventName":"instance_started","eventName":"instance_stopped"}"#),
            400,
            "duplicate field",
        ),
    ];
    for (incoming, status, message) in cases {
        let err = reject(&source(), &incoming, now);
        assert_eq!(err.status_code(), status, "{err}");
        assert!(err.public_message().contains(message), "{err}");
    }
    let small = source().with_max_body_bytes(100).unwrap();
    let err = reject(&small, &Incoming::post(&token, &lap), now);
    assert_eq!((err.status_code(), err), (413, Error::BodyTooLarge { limit: 100 }));
    assert_eq!(source().with_max_body_bytes(0).unwrap_err(), ConfigError::ZeroBodyLimit);
}
