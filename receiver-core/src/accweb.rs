//! accweb, the Assetto Corsa Competizione server manager: `POST` callbacks, one per server event.
//!
//! accweb signs nothing. What it can send is a static header from its config (`headers:` per callback
//! client, names canonicalised by Go) or Basic credentials in the callback URL; configure the matching
//! [`Auth`]. It waits 100 ms by default and never retries, so answer at once with an empty 2xx (a
//! response body makes Go open a new connection per callback).
//!
//! The nine events share an envelope ([`Instance`]); the live ones add `data`. Go `int`s are `i64` here,
//! ports `u16`. Lap and sector times are kept as sent and also offered as [`Duration`]s, where the
//! sentinel `2147483647` ms ("no valid time") and `0` are `None`.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use crate::auth::Auth;
use crate::delivery::{Delivery, DeliveryMeta, Received};
use crate::error::Error;
use crate::incoming::Incoming;
use crate::json::RawJson;
use crate::source::{Limits, Source, SourceKind, check_method_and_size, limit_accessors, limit_builders};
use crate::timestamp::Timestamp;

/// The accweb source: how its requests are authenticated, and its body limit.
///
/// ```
/// use receiver_core::{Accweb, Auth, Incoming, Source, accweb};
///
/// let source = Accweb::new(Auth::header("X-Accweb-Token", ["s3cr3t"])?);
/// let body = br#"{"eventName":"instance_started","timestamp":"2026-11-22T14:39:14.8Z","instanceId":"1714097074","instanceName":"My server","track":"spa","udpPort":9601,"tcpPort":9600,"nrDrivers":0}"#;
/// let headers = [("X-Accweb-Token", "s3cr3t")];
/// let delivery = source.receive(&Incoming::post(&headers, body))?.into_delivery();
/// assert!(matches!(delivery.event, accweb::Event::InstanceStarted(ref i) if i.track == "spa"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Accweb {
    auth: Auth,
    limits: Limits,
}

impl Accweb {
    /// An accweb source authenticated by `auth` (usually [`Auth::header`] or [`Auth::bearer`]).
    pub fn new(auth: Auth) -> Self {
        Self { auth, limits: Limits::default() }
    }

    limit_builders!();
}

impl Source for Accweb {
    type Event = Event;

    fn kind(&self) -> SourceKind {
        SourceKind::Accweb
    }

    limit_accessors!();

    fn auth_description(&self) -> String {
        self.auth.description()
    }

    fn receive_at(&self, incoming: &Incoming<'_>, _now: SystemTime) -> Result<Received<Event>, Error> {
        check_method_and_size(SourceKind::Accweb, self.limits.max_body_bytes, incoming)?;
        self.auth.check(incoming)?;
        let event = Event::from_json(incoming.body())?;
        let mut meta = DeliveryMeta::new(SourceKind::Accweb);
        meta.timestamp = event.timestamp();
        Ok(Received::Event(Delivery::new(meta, event)))
    }
}

/// One accweb callback.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// `instance_started`: the ACC server process started.
    InstanceStarted(Instance),
    /// `instance_stopped`: the ACC server process exited (crashes and kills included).
    InstanceStopped(Instance),
    /// `instance_live_new_driver`: a driver connected to a car.
    NewDriver(Live<DriverCar>),
    /// `instance_live_remove_connection`: a known driver's connection was dropped.
    RemoveConnection(Live<Driver>),
    /// `instance_live_new_lap`: a car completed a lap.
    NewLap(Live<NewLap>),
    /// `instance_live_session_phase_changed`: the session moved to another phase.
    SessionPhaseChanged(Live<SessionPhase>),
    /// `instance_live_new_damage_zone`: a car's damage zones were updated; the driver is the car's current one.
    NewDamageZone(Live<DriverCar>),
    /// `instance_live_reseting_race_weekend` (sic): the race weekend resets; the snapshot is the state before.
    ResetingRaceWeekend(Live<LiveSnapshot>),
    /// `instance_live_session_changed`: a new session starts; the snapshot is the state before.
    SessionChanged(Live<SessionChange>),
    /// An event name this version does not know, with the whole body as received.
    Unknown(UnknownEvent),
}

impl Event {
    /// Parses an accweb callback body (no authentication: see [`Accweb`] for that).
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        // Read into `wire` in place: the parsed `data` is not moved back through serde's return values.
        let mut wire = Wire::default();
        let mut de = serde_json::Deserializer::from_slice(body);
        match WireVisitor(&mut wire).deserialize(&mut de).and_then(|()| de.end()) {
            Ok(()) => wire.into_event(body),
            Err(err) => match unknown_name(body) {
                // An authentic event we do not model is delivered, even if its envelope differs.
                Some(event_name) => Ok(Self::Unknown(UnknownEvent { event_name, raw: raw_body(body)? })),
                None => Err(Error::malformed(err)),
            },
        }
    }

    /// The wire name (`eventName`), e.g. `instance_live_new_lap`.
    pub fn name(&self) -> &str {
        match self {
            Self::InstanceStarted(_) => "instance_started",
            Self::InstanceStopped(_) => "instance_stopped",
            Self::NewDriver(_) => "instance_live_new_driver",
            Self::RemoveConnection(_) => "instance_live_remove_connection",
            Self::NewLap(_) => "instance_live_new_lap",
            Self::SessionPhaseChanged(_) => "instance_live_session_phase_changed",
            Self::NewDamageZone(_) => "instance_live_new_damage_zone",
            Self::ResetingRaceWeekend(_) => "instance_live_reseting_race_weekend",
            Self::SessionChanged(_) => "instance_live_session_changed",
            Self::Unknown(unknown) => &unknown.event_name,
        }
    }

    /// The server instance the event is about; `None` for an unknown event.
    pub fn instance(&self) -> Option<&Instance> {
        match self {
            Self::InstanceStarted(i) | Self::InstanceStopped(i) => Some(i),
            Self::NewDriver(l) | Self::NewDamageZone(l) => Some(&l.instance),
            Self::RemoveConnection(l) => Some(&l.instance),
            Self::NewLap(l) => Some(&l.instance),
            Self::SessionPhaseChanged(l) => Some(&l.instance),
            Self::ResetingRaceWeekend(l) => Some(&l.instance),
            Self::SessionChanged(l) => Some(&l.instance),
            Self::Unknown(_) => None,
        }
    }

    /// When accweb emitted the event (accweb's clock, UTC).
    pub fn timestamp(&self) -> Option<Timestamp> {
        match self {
            Self::Unknown(unknown) => {
                #[derive(Deserialize)]
                struct Stamp {
                    timestamp: Option<Timestamp>,
                }
                unknown.raw.deserialize::<Stamp>().ok().and_then(|s| s.timestamp)
            }
            _ => self.instance().map(|i| i.timestamp),
        }
    }
}

/// The envelope every accweb event carries.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Instance {
    /// When accweb emitted the event (UTC, 0 to 9 fractional digits).
    pub timestamp: Timestamp,
    /// The accweb instance id: a string, often Unix seconds at creation (`"1714097074"`), but any directory
    /// name since accweb 1.22.1. Never parse it as a number.
    pub instance_id: String,
    /// The ACC server name from `settings.json`.
    pub instance_name: String,
    /// The ACC track id, e.g. `spa`.
    pub track: String,
    /// The server's UDP port.
    pub udp_port: u16,
    /// The server's TCP port.
    pub tcp_port: u16,
    /// Connected clients (not cars); 0 right after start.
    pub nr_drivers: i64,
}

/// A live event: the instance envelope and the event's `data`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Live<T> {
    /// The envelope.
    pub instance: Instance,
    /// The event's `data` object.
    pub data: T,
}

/// A driver, as ACC logs them.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Driver {
    /// The driver's name as ACC prints it (any Unicode; empty for a car without a driver).
    #[serde(rename = "playerName")]
    pub player_name: String,
    /// The Steam id with ACC's `S` prefix, e.g. `S76561198000000000`; empty for a car without a driver.
    #[serde(rename = "playerID")]
    pub player_id: String,
}

/// A driver and the car they are in (`instance_live_new_driver`, `instance_live_new_damage_zone`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct DriverCar {
    /// The driver's name.
    #[serde(rename = "playerName")]
    pub player_name: String,
    /// The driver's Steam id (`S…`).
    #[serde(rename = "playerID")]
    pub player_id: String,
    /// ACC's car id (1001 and up).
    #[serde(rename = "carID")]
    pub car_id: i64,
    /// The car's race number.
    #[serde(rename = "raceNumber")]
    pub race_number: i64,
    /// ACC's car model id.
    #[serde(rename = "carModel")]
    pub car_model: i64,
}

/// A completed lap (`instance_live_new_lap`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct NewLap {
    /// The driver's name.
    #[serde(rename = "playerName")]
    pub player_name: String,
    /// The driver's Steam id (`S…`).
    #[serde(rename = "playerID")]
    pub player_id: String,
    /// ACC's car id.
    #[serde(rename = "carID")]
    pub car_id: i64,
    /// The car's race number.
    #[serde(rename = "raceNumber")]
    pub race_number: i64,
    /// ACC's car model id.
    #[serde(rename = "carModel")]
    pub car_model: i64,
    /// The lap time in ms as sent; see [`NewLap::lap_time`].
    #[serde(rename = "lapTimeMS")]
    pub lap_time_ms: i64,
    /// ACC's server clock in ms when the lap ended (not epoch time).
    #[serde(rename = "timestampMS")]
    pub timestamp_ms: i64,
    /// accweb's flags: +1 cut, +4 out lap, +8 in lap, +1024 session over (the booleans say the same).
    pub flags: i64,
    /// Fuel in whole litres.
    pub fuel: i64,
    /// The car's position after the lap. Sent by accweb since the event system's release; absent in the
    /// older examples of its wiki.
    #[serde(default)]
    pub position: Option<i64>,
    /// Sector 1 as ACC logs it, `M:SS:mmm`; see [`NewLap::sector_times`].
    pub s1: String,
    /// Sector 2, `M:SS:mmm`.
    pub s2: String,
    /// Sector 3, `M:SS:mmm`.
    pub s3: String,
    /// The lap had a track-limits cut.
    #[serde(rename = "hasCut")]
    pub has_cut: bool,
    /// An in-lap.
    #[serde(rename = "inLap")]
    pub in_lap: bool,
    /// An out-lap.
    #[serde(rename = "outLap")]
    pub out_lap: bool,
    /// The lap ended the session.
    #[serde(rename = "sessionOver")]
    pub session_over: bool,
}

impl NewLap {
    /// The lap time; `None` for ACC's "no valid time" sentinel `2147483647` ms (or a non-positive value).
    pub fn lap_time(&self) -> Option<Duration> {
        lap_duration(self.lap_time_ms)
    }

    /// The three sector times parsed from `s1`, `s2`, `s3`; `None` for an empty or unreadable one.
    pub fn sector_times(&self) -> [Option<Duration>; 3] {
        [sector_duration(&self.s1), sector_duration(&self.s2), sector_duration(&self.s3)]
    }
}

/// A session phase change (`instance_live_session_phase_changed`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct SessionPhase {
    /// The current session, e.g. `Practice`, `Qualifying`, `Race`.
    pub session: String,
    /// The new phase as ACC logs it, e.g. `session`.
    pub phase: String,
    /// Minutes remaining, from the last leaderboard line seen (0 before any).
    pub remaining: i64,
}

/// The live state of every car before a race weekend reset (`instance_live_reseting_race_weekend`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct LiveSnapshot {
    /// Cars by ACC car id (sent as string keys, `"1001"`); empty on an empty server.
    pub live: BTreeMap<i64, CarState>,
}

/// A session change and the live state of every car before it (`instance_live_session_changed`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct SessionChange {
    /// The session that ends.
    #[serde(rename = "oldSession")]
    pub old_session: String,
    /// The session that starts.
    pub session: String,
    /// Cars by ACC car id.
    pub live: BTreeMap<i64, CarState>,
}

/// One car in a live snapshot.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct CarState {
    /// The car's race number.
    #[serde(rename = "raceNumber")]
    pub race_number: i64,
    /// ACC's car model id.
    #[serde(rename = "carModel")]
    pub car_model: i64,
    /// Every driver of the car (empty when none).
    pub drivers: Vec<Driver>,
    /// The current driver; empty strings when the car has none.
    #[serde(rename = "currentDriver")]
    pub current_driver: Driver,
    /// Fuel in whole litres.
    pub fuel: i64,
    /// The car's position.
    pub position: i64,
    /// Laps completed.
    #[serde(rename = "nrLaps")]
    pub nr_laps: i64,
    /// Best lap in ms as sent; see [`CarState::best_lap`].
    #[serde(rename = "bestLapMS")]
    pub best_lap_ms: i64,
    /// Last lap in ms as sent; see [`CarState::last_lap`].
    #[serde(rename = "lastLapMS")]
    pub last_lap_ms: i64,
    /// ACC's server clock in ms at the last lap.
    #[serde(rename = "lastLapTimestampMS")]
    pub last_lap_timestamp_ms: i64,
    /// Completed laps.
    pub laps: Vec<LapState>,
    /// The lap in progress (`lapTimeMS` is usually the "no valid time" sentinel).
    #[serde(rename = "currLap")]
    pub curr_lap: LapState,
}

impl CarState {
    /// The best lap; `None` when there is no valid one yet.
    pub fn best_lap(&self) -> Option<Duration> {
        lap_duration(self.best_lap_ms)
    }

    /// The last lap; `None` when there is no valid one yet.
    pub fn last_lap(&self) -> Option<Duration> {
        lap_duration(self.last_lap_ms)
    }
}

/// A lap in a live snapshot, with sector times both as text and in ms.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct LapState {
    /// Index into the car's `drivers`.
    #[serde(rename = "driverIndex")]
    pub driver_index: i64,
    /// The lap time in ms as sent; see [`LapState::lap_time`].
    #[serde(rename = "lapTimeMS")]
    pub lap_time_ms: i64,
    /// ACC's server clock in ms.
    #[serde(rename = "timestampMS")]
    pub timestamp_ms: i64,
    /// accweb's flags (see [`NewLap::flags`]).
    pub flags: i64,
    /// Sector 1, `M:SS:mmm`, or empty when not reached.
    pub s1: String,
    /// Sector 1 in ms (0 when not reached).
    #[serde(rename = "s1MS")]
    pub s1_ms: i64,
    /// Sector 2, `M:SS:mmm`, or empty.
    pub s2: String,
    /// Sector 2 in ms.
    #[serde(rename = "s2MS")]
    pub s2_ms: i64,
    /// Sector 3, `M:SS:mmm`, or empty.
    pub s3: String,
    /// Sector 3 in ms.
    #[serde(rename = "s3MS")]
    pub s3_ms: i64,
    /// Fuel in whole litres.
    pub fuel: i64,
    /// The lap had a cut.
    #[serde(rename = "hasCut")]
    pub has_cut: bool,
    /// An in-lap.
    #[serde(rename = "inLap")]
    pub in_lap: bool,
    /// An out-lap.
    #[serde(rename = "outLap")]
    pub out_lap: bool,
    /// The lap ended the session.
    #[serde(rename = "sessionOver")]
    pub session_over: bool,
}

impl LapState {
    /// The lap time; `None` for the "no valid time" sentinel.
    pub fn lap_time(&self) -> Option<Duration> {
        lap_duration(self.lap_time_ms)
    }

    /// The sector times from the `sNMS` fields; `None` for a sector not reached (empty text).
    pub fn sector_times(&self) -> [Option<Duration>; 3] {
        let sector = |text: &str, ms: i64| if text.is_empty() { None } else { ms_duration(ms) };
        [sector(&self.s1, self.s1_ms), sector(&self.s2, self.s2_ms), sector(&self.s3, self.s3_ms)]
    }
}

/// An event name this version does not model.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownEvent {
    /// The `eventName` as sent.
    pub event_name: String,
    /// The whole body, verbatim.
    pub raw: RawJson,
}

/// ACC's "no valid lap time": `35791:23:647` in its log, `i32::MAX` ms.
const NO_VALID_TIME_MS: i64 = 2_147_483_647;

fn lap_duration(ms: i64) -> Option<Duration> {
    if ms == NO_VALID_TIME_MS { None } else { ms_duration(ms) }
}

fn ms_duration(ms: i64) -> Option<Duration> {
    u64::try_from(ms).ok().filter(|&ms| ms > 0).map(Duration::from_millis)
}

/// `M:SS:mmm` (colons, as ACC logs sectors) to a duration.
fn sector_duration(text: &str) -> Option<Duration> {
    let mut parts = text.split(':');
    let (minutes, seconds, millis) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let total =
        minutes.parse::<u64>().ok()? * 60_000 + seconds.parse::<u64>().ok()? * 1000 + millis.parse::<u64>().ok()?;
    Some(Duration::from_millis(total))
}

// ----- Wire format -----------------------------------------------------------------------------------------

/// Event names, as accweb sends them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Started,
    Stopped,
    NewDriver,
    RemoveConnection,
    NewLap,
    PhaseChanged,
    DamageZone,
    Reset,
    SessionChanged,
}

impl Kind {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "instance_started" => Self::Started,
            "instance_stopped" => Self::Stopped,
            "instance_live_new_driver" => Self::NewDriver,
            "instance_live_remove_connection" => Self::RemoveConnection,
            "instance_live_new_lap" => Self::NewLap,
            "instance_live_session_phase_changed" => Self::PhaseChanged,
            "instance_live_new_damage_zone" => Self::DamageZone,
            "instance_live_reseting_race_weekend" => Self::Reset,
            "instance_live_session_changed" => Self::SessionChanged,
            _ => return None,
        })
    }
}

/// A parsed `data` object.
enum Data {
    DriverCar(DriverCar),
    Driver(Driver),
    NewLap(NewLap),
    Phase(SessionPhase),
    Snapshot(LiveSnapshot),
    SessionChange(SessionChange),
    /// `data` of an event without one (`null`, or anything on started/stopped).
    Ignored,
}

/// Parses `data` straight into the right type for `kind` (one pass over the body) and stores it in the slot.
struct DataSeed<'s>(Kind, &'s mut Option<Data>);

impl<'de> DeserializeSeed<'de> for DataSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let DataSeed(kind, slot) = self;
        *slot = Some(match kind {
            Kind::Started | Kind::Stopped => {
                de::IgnoredAny::deserialize(d)?;
                Data::Ignored
            }
            Kind::NewDriver | Kind::DamageZone => Data::DriverCar(DriverCar::deserialize(d)?),
            Kind::RemoveConnection => Data::Driver(Driver::deserialize(d)?),
            Kind::NewLap => Data::NewLap(NewLap::deserialize(d)?),
            Kind::PhaseChanged => Data::Phase(SessionPhase::deserialize(d)?),
            Kind::Reset => Data::Snapshot(LiveSnapshot::deserialize(d)?),
            Kind::SessionChanged => Data::SessionChange(SessionChange::deserialize(d)?),
        });
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(field_identifier)]
enum Field {
    #[serde(rename = "eventName")]
    EventName,
    #[serde(rename = "timestamp")]
    Timestamp,
    #[serde(rename = "instanceId")]
    InstanceId,
    #[serde(rename = "instanceName")]
    InstanceName,
    #[serde(rename = "track")]
    Track,
    #[serde(rename = "udpPort")]
    UdpPort,
    #[serde(rename = "tcpPort")]
    TcpPort,
    #[serde(rename = "nrDrivers")]
    NrDrivers,
    #[serde(rename = "data")]
    Data,
    #[serde(other)]
    Other,
}

/// The body as read in one pass.
#[derive(Default)]
struct Wire<'de> {
    name: Option<Result<Kind, String>>,
    timestamp: Option<Timestamp>,
    instance_id: Option<String>,
    instance_name: Option<String>,
    track: Option<String>,
    udp_port: Option<u16>,
    tcp_port: Option<u16>,
    nr_drivers: Option<i64>,
    /// `data`, parsed into the type `eventName` names.
    data: Option<Data>,
    /// `data` seen before `eventName` (never the case on the wire): parsed once the name is known.
    deferred: Option<&'de RawValue>,
}

/// Reads the body into the [`Wire`].
struct WireVisitor<'w, 'de>(&'w mut Wire<'de>);

impl<'de> DeserializeSeed<'de> for WireVisitor<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

/// Stores a field's value, refusing a second occurrence of the same key.
fn set<T, E: de::Error>(slot: &mut Option<T>, value: T, field: &'static str) -> Result<(), E> {
    if slot.replace(value).is_some() {
        return Err(E::duplicate_field(field));
    }
    Ok(())
}

impl<'de> Visitor<'de> for WireVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an accweb event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let WireVisitor(wire) = self;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::EventName => {
                    let name: std::borrow::Cow<'de, str> = map.next_value::<CowStr<'de>>()?.0;
                    let kind = Kind::from_name(&name).ok_or_else(|| name.into_owned());
                    set(&mut wire.name, kind, "eventName")?;
                }
                Field::Timestamp => set(&mut wire.timestamp, map.next_value()?, "timestamp")?,
                Field::InstanceId => set(&mut wire.instance_id, map.next_value()?, "instanceId")?,
                Field::InstanceName => set(&mut wire.instance_name, map.next_value()?, "instanceName")?,
                Field::Track => set(&mut wire.track, map.next_value()?, "track")?,
                Field::UdpPort => set(&mut wire.udp_port, map.next_value()?, "udpPort")?,
                Field::TcpPort => set(&mut wire.tcp_port, map.next_value()?, "tcpPort")?,
                Field::NrDrivers => set(&mut wire.nr_drivers, map.next_value()?, "nrDrivers")?,
                Field::Data => {
                    if wire.data.is_some() || wire.deferred.is_some() {
                        return Err(de::Error::duplicate_field("data"));
                    }
                    match &wire.name {
                        Some(Ok(kind)) => map.next_value_seed(DataSeed(*kind, &mut wire.data))?,
                        _ => wire.deferred = Some(map.next_value::<&'de RawValue>()?),
                    }
                }
                Field::Other => {
                    if cfg!(feature = "deny-unknown-fields") {
                        return Err(de::Error::custom("unknown field in the accweb envelope"));
                    }
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A string borrowed from the input when it has no escapes.
struct CowStr<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<CowStr<'de>, E> {
                Ok(CowStr(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CowStr<'de>, E> {
                Ok(CowStr(std::borrow::Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

impl Wire<'_> {
    fn into_event(self, body: &[u8]) -> Result<Event, Error> {
        let kind = match self.name {
            None => return Err(Error::MalformedBody("missing field `eventName`".into())),
            Some(Err(event_name)) => return Ok(Event::Unknown(UnknownEvent { event_name, raw: raw_body(body)? })),
            Some(Ok(kind)) => kind,
        };
        let missing = |field: &str| Error::MalformedBody(format!("missing field `{field}`"));
        let instance = Instance {
            timestamp: self.timestamp.ok_or_else(|| missing("timestamp"))?,
            instance_id: self.instance_id.ok_or_else(|| missing("instanceId"))?,
            instance_name: self.instance_name.ok_or_else(|| missing("instanceName"))?,
            track: self.track.ok_or_else(|| missing("track"))?,
            udp_port: self.udp_port.ok_or_else(|| missing("udpPort"))?,
            tcp_port: self.tcp_port.ok_or_else(|| missing("tcpPort"))?,
            nr_drivers: self.nr_drivers.ok_or_else(|| missing("nrDrivers"))?,
        };
        let mut data = self.data;
        if let (None, Some(raw)) = (&data, self.deferred) {
            let mut de = serde_json::Deserializer::from_str(raw.get());
            DataSeed(kind, &mut data).deserialize(&mut de).map_err(Error::malformed)?;
        }
        Ok(match (kind, data.unwrap_or(Data::Ignored)) {
            (Kind::Started, _) => Event::InstanceStarted(instance),
            (Kind::Stopped, _) => Event::InstanceStopped(instance),
            (Kind::NewDriver, Data::DriverCar(d)) => Event::NewDriver(Live { instance, data: d }),
            (Kind::DamageZone, Data::DriverCar(d)) => Event::NewDamageZone(Live { instance, data: d }),
            (Kind::RemoveConnection, Data::Driver(d)) => Event::RemoveConnection(Live { instance, data: d }),
            (Kind::NewLap, Data::NewLap(d)) => Event::NewLap(Live { instance, data: d }),
            (Kind::PhaseChanged, Data::Phase(d)) => Event::SessionPhaseChanged(Live { instance, data: d }),
            (Kind::Reset, Data::Snapshot(d)) => Event::ResetingRaceWeekend(Live { instance, data: d }),
            (Kind::SessionChanged, Data::SessionChange(d)) => Event::SessionChanged(Live { instance, data: d }),
            _ => return Err(missing("data")),
        })
    }
}

/// The `eventName` of a body that failed to parse, if it names an event this version does not know.
fn unknown_name(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Name {
        #[serde(rename = "eventName")]
        event_name: String,
    }
    let name = serde_json::from_slice::<Name>(body).ok()?.event_name;
    Kind::from_name(&name).is_none().then_some(name)
}

fn raw_body(body: &[u8]) -> Result<RawJson, Error> {
    serde_json::from_slice::<&RawValue>(body).map(RawJson::from_raw).map_err(Error::malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_treat_the_sentinel_and_zero_as_no_time() {
        assert_eq!(lap_duration(142_665), Some(Duration::from_millis(142_665)));
        assert_eq!(lap_duration(2_147_483_647), None);
        assert_eq!(lap_duration(0), None);
        assert_eq!(lap_duration(-5), None);
        assert_eq!(sector_duration("0:41:567"), Some(Duration::from_millis(41_567)));
        assert_eq!(sector_duration("8:22:442"), Some(Duration::from_millis(502_442)));
        assert_eq!(sector_duration(""), None);
        assert_eq!(sector_duration("1:02"), None);
        assert_eq!(sector_duration("1:02:003:4"), None);
    }
}
