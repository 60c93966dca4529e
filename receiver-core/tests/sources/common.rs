//! Helpers shared by the source tests.

use std::fmt::Debug;
use std::time::{Duration, SystemTime};

use receiver_core::{Delivery, Error, Event, Incoming, Received, Source, Timestamp};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A fixture's bytes, exactly as stored.
pub(crate) fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/../fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("fixture {full}: {e}"))
}

/// Every fixture file in a folder, sorted by name.
pub(crate) fn fixtures_in(folder: &str) -> Vec<String> {
    let dir = format!("{}/../fixtures/{folder}", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// The instant an RFC 3339 string names.
pub(crate) fn at(text: &str) -> SystemTime {
    text.parse::<Timestamp>().unwrap().to_system_time()
}

/// `at(text)` plus `secs` seconds.
pub(crate) fn after(text: &str, secs: u64) -> SystemTime {
    at(text) + Duration::from_secs(secs)
}

/// Serializes to JSON and back, and asserts the value is unchanged; returns the JSON.
pub(crate) fn assert_round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("serialize");
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("deserialize {json}: {e}"));
    assert_eq!(&back, value, "JSON round trip changed the value");
    json
}

/// Receives a request at `now`, expecting an event (not a reply); round-trips the delivery through serde,
/// as the event and as the top-level `Event`.
pub(crate) fn deliver<S: Source>(source: &S, incoming: &Incoming<'_>, now: SystemTime) -> Delivery<S::Event> {
    match source.receive_at(incoming, now) {
        Ok(Received::Event(delivery)) => {
            assert_round_trip(&delivery);
            let any: Delivery<Event> = delivery.clone().into_any();
            assert_round_trip(&any);
            assert_eq!(any.event.source(), source.kind());
            delivery
        }
        Ok(other) => panic!("expected an event, got {other:?}"),
        Err(err) => panic!("expected an event, got the error {err}"),
    }
}

/// Receives a request at `now`, expecting an error; returns it.
pub(crate) fn reject<S: Source>(source: &S, incoming: &Incoming<'_>, now: SystemTime) -> Error {
    match source.receive_at(incoming, now) {
        Ok(received) => panic!("expected an error, got {received:?}"),
        Err(err) => err,
    }
}
