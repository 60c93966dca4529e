//! Agones Relay HTTP (Octops/agones-relay-http): Kubernetes `GameServer` and `Fleet` changes, one request per
//! watch event, the HTTP method saying what happened.
//!
//! | method | event types | what is sent |
//! |---|---|---|
//! | `POST` | `gameserver.events.added`, `fleet.events.added` | the object, in a JSON envelope |
//! | `PUT` | `gameserver.events.updated`, `fleet.events.updated` | the old and the new object, in the envelope |
//! | `DELETE` | `gameserver.events.deleted`, `fleet.events.deleted` | only the query `?event_type=…&name=…&namespace=…` |
//!
//! The POST/PUT envelope is `{"body":{"header":{"headers":{"event_source","event_type"}},"message":{"source",
//! "type","message":{"body": OBJECT | {"old_obj","new_obj"}}}}}`. The event type is read from
//! `body.header.headers.event_type`, falling back to `body.message.type`, and must agree with the method. The
//! objects are kept whole as [`RawJson`], with a typed view of the fields applications act on ([`GameServer`],
//! [`Fleet`]). A DELETE carries no object: its body is garbage (the single byte `n`, chunked, labelled
//! `application/json`) and is never read.
//!
//! # What the relay does and does not do
//!
//! - **No authentication of its own.** The relay has no auth code and signs nothing. Go's HTTP client sends
//!   HTTP Basic when the configured URL holds `user:pass@` (`http://relay:pa%40ss@host/agones` sends
//!   `Authorization: Basic cmVsYXk6cGFAc3M=`), so use [`Auth::basic`] with the percent-decoded password, or a
//!   secret path segment with [`Auth::unauthenticated`] behind a cluster-internal address. **Avoid a query
//!   secret** (`?token=…`): for DELETE the relay appends its own `?event_type=…` to the URL, giving two `?`.
//!   This source repairs that (see below), but a URL secret also ends up in access logs.
//! - **No delivery id, no timestamp.** [`DeliveryMeta::id`](crate::DeliveryMeta::id) is
//!   `"<metadata.uid>/<metadata.resourceVersion>"` of the (new) object (`None` for a DELETE), and
//!   [`DeliveryMeta::timestamp`](crate::DeliveryMeta::timestamp) is always `None`.
//! - **Retries only on transport errors**: 5 attempts, 5 s apart, 15 s timeout each. The response status is
//!   ignored: a 4xx or 5xx is not retried, the event is simply lost. Answer with a 2xx quickly.
//! - **Duplicates by design.** Every sync period (35 s by default, 15 s in the relay's manifest) the relay
//!   re-sends every object as an update whose old and new objects are the same
//!   ([`DeliveryMeta::resync`](crate::DeliveryMeta::resync), [`Update::is_resync`]); every relay restart
//!   re-sends every existing object as added. So never drop a delivery because its id was seen before: treat
//!   each event as the current state of the object (upsert by `uid`), idempotently.
//! - **No ordering.** Three workers per method and separate queues for add, update and delete: an update can
//!   arrive before its add, a delete before the last update. `resourceVersion` is opaque in Kubernetes
//!   (compare it for equality only).
//! - **Bodies over 32 KiB are cut** at exactly [`RELAY_TRUNCATION_BYTES`]: such a body is answered with
//!   [`Error::TruncatedBody`], not a generic malformed-body error. The event is lost either way.
//! - **The duplicated `?` of DELETE.** With a configured URL `http://h/agones?token=abc`, the relay requests
//!   `/agones?token=abc?event_type=gameserver.events.deleted&name=…&namespace=…`. A standard parser sees
//!   `token = "abc?event_type=gameserver.events.deleted"` and no `event_type`. For DELETE this source splits
//!   the query at its last literal `?` (the relay's own part is form-encoded and never holds one), reads the
//!   event from the part after it, and checks credentials against the repaired query
//!   `token=abc&event_type=…`.
//!
//! Event types this version does not model (another kind, another action) arrive as [`Event::Unknown`] with
//! the whole body, never as an error; a known event type sent with the wrong method is a `400`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::time::SystemTime;

use serde::de::{self, Deserializer, IgnoredAny};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::auth::Auth;
use crate::delivery::{Delivery, DeliveryMeta, Received};
use crate::error::Error;
use crate::incoming::Incoming;
use crate::json::{RawJson, open_enum};
use crate::query;
use crate::source::{Limits, Source, SourceKind, check_method_and_size, limit_accessors, limit_builders};
use crate::timestamp::Timestamp;
use crate::walk::{Cursor, once};

/// The size at which the relay cuts POST/PUT bodies: a body of exactly this many bytes that is not valid
/// JSON was truncated by the sender ([`Error::TruncatedBody`]).
///
/// The relay's `Payload.Read` copies the JSON into the caller's buffer once and reports the end of the body,
/// and Go's body copy uses a 32 KiB buffer, so only the first 32,768 bytes are ever sent.
pub const RELAY_TRUNCATION_BYTES: usize = 32 * 1024;

/// The Agones Relay HTTP source: how its requests are authenticated, and its body limit.
///
/// ```
/// use receiver_core::{AgonesRelay, Auth, Incoming, Source, agones};
///
/// // The relay is configured with `--on-event-url=http://relay:pa%40ss@receiver:8080/agones`.
/// let source = AgonesRelay::new(Auth::basic([("relay", "pa@ss")])?);
/// let headers = [("Authorization", "Basic cmVsYXk6cGFAc3M="), ("Content-Type", "application/json")];
/// let incoming = Incoming::new("DELETE", &headers, b"n")
///     .with_query("event_type=gameserver.events.deleted&name=simple-udp-7jcpl-5qrbc&namespace=default");
/// let delivery = source.receive(&incoming)?.into_delivery();
/// let agones::Event::GameServerDeleted(deleted) = &delivery.event else { panic!("not a delete") };
/// assert_eq!(deleted.name, "simple-udp-7jcpl-5qrbc");
/// assert_eq!(delivery.meta.id, None); // a DELETE carries no object, so no uid/resourceVersion
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct AgonesRelay {
    auth: Auth,
    limits: Limits,
}

impl AgonesRelay {
    /// An Agones relay source authenticated by `auth`: [`Auth::basic`] for a `user:pass@` URL, a header if a
    /// proxy in front of the receiver adds one, or [`Auth::unauthenticated`] on a trusted network.
    pub fn new(auth: Auth) -> Self {
        Self { auth, limits: Limits::default() }
    }

    limit_builders!();
}

impl Source for AgonesRelay {
    type Event = Event;

    fn kind(&self) -> SourceKind {
        SourceKind::AgonesRelay
    }

    limit_accessors!();

    fn auth_description(&self) -> String {
        self.auth.description()
    }

    fn receive_at(&self, incoming: &Incoming<'_>, _now: SystemTime) -> Result<Received<Event>, Error> {
        check_method_and_size(SourceKind::AgonesRelay, self.limits.max_body_bytes, incoming)?;
        let event = if incoming.method() == "DELETE" {
            let query = DeleteQuery::split(incoming.query());
            match query.repaired() {
                Some(repaired) => self.auth.check(&incoming.with_query(&repaired))?,
                None => self.auth.check(incoming)?,
            }
            query.into_event()?
        } else {
            self.auth.check(incoming)?;
            Event::from_body(incoming.method(), incoming.body())?
        };
        let mut meta = DeliveryMeta::new(SourceKind::AgonesRelay);
        meta.id = event.version_id();
        meta.resync = event.is_resync();
        Ok(Received::Event(Delivery::new(meta, event)))
    }
}

// ----- Events ----------------------------------------------------------------------------------------------

/// One relay request: an object added, updated (or resynced), or deleted.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// An update holds two full objects; boxing them would cost allocations per event and noisier patterns.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// `gameserver.events.added` (`POST`): a GameServer was created, or the relay (re)started and lists it.
    GameServerAdded(GameServer),
    /// `gameserver.events.updated` (`PUT`): a GameServer changed, or a periodic resync ([`Update::is_resync`]).
    GameServerUpdated(Update<GameServer>),
    /// `gameserver.events.deleted` (`DELETE`): a GameServer is gone; only its name and namespace are sent.
    GameServerDeleted(Deleted),
    /// `fleet.events.added` (`POST`): a Fleet was created, or the relay (re)started and lists it.
    FleetAdded(Fleet),
    /// `fleet.events.updated` (`PUT`): a Fleet changed, or a periodic resync ([`Update::is_resync`]).
    FleetUpdated(Update<Fleet>),
    /// `fleet.events.deleted` (`DELETE`): a Fleet is gone; only its name and namespace are sent.
    FleetDeleted(Deleted),
    /// An event type this version does not model, with what was sent.
    Unknown(UnknownEvent),
}

impl Event {
    /// Parses a relay request without authentication (see [`AgonesRelay`] for that): the method (`POST`,
    /// `PUT` or `DELETE`), the query string (read for DELETE only, without its leading `?`) and the body
    /// (ignored for DELETE).
    pub fn from_request(method: &str, query: &str, body: &[u8]) -> Result<Self, Error> {
        if method == "DELETE" { DeleteQuery::split(query).into_event() } else { Self::from_body(method, body) }
    }

    /// The event type, e.g. `gameserver.events.added`; for an unknown event, as sent.
    pub fn event_type(&self) -> &str {
        match self {
            Self::GameServerAdded(_) => "gameserver.events.added",
            Self::GameServerUpdated(_) => "gameserver.events.updated",
            Self::GameServerDeleted(_) => "gameserver.events.deleted",
            Self::FleetAdded(_) => "fleet.events.added",
            Self::FleetUpdated(_) => "fleet.events.updated",
            Self::FleetDeleted(_) => "fleet.events.deleted",
            Self::Unknown(unknown) => &unknown.event_type,
        }
    }

    /// The metadata of the object sent (the new one for an update); `None` for a delete or an unknown event.
    pub fn metadata(&self) -> Option<&ObjectMeta> {
        match self {
            Self::GameServerAdded(gs) => Some(gs.metadata()),
            Self::GameServerUpdated(update) => Some(update.new.metadata()),
            Self::FleetAdded(fleet) => Some(fleet.metadata()),
            Self::FleetUpdated(update) => Some(update.new.metadata()),
            Self::GameServerDeleted(_) | Self::FleetDeleted(_) | Self::Unknown(_) => None,
        }
    }

    /// Whether this is an update that changes nothing: a periodic resync (see [`Update::is_resync`]).
    pub fn is_resync(&self) -> bool {
        match self {
            Self::GameServerUpdated(update) => update.is_resync(),
            Self::FleetUpdated(update) => update.is_resync(),
            _ => false,
        }
    }

    /// `"<uid>/<resourceVersion>"` of the object sent, when it has both.
    fn version_id(&self) -> Option<String> {
        let meta = self.metadata()?;
        (!meta.uid.is_empty() && !meta.resource_version.is_empty())
            .then(|| format!("{}/{}", meta.uid, meta.resource_version))
    }

    /// A POST or PUT body: in one pass when it has the relay's usual shape ([`one_pass`]), else through
    /// serde, which also gives every error.
    fn from_body(method: &str, body: &[u8]) -> Result<Self, Error> {
        match one_pass(method, body) {
            Some(event) => Ok(event),
            None => Self::from_body_by_serde(method, body),
        }
    }

    /// A POST or PUT body, read with serde: the envelope with the object raw, then the typed view of the
    /// object from that raw (two passes over an object, three for an update's pair).
    pub(crate) fn from_body_by_serde(method: &str, body: &[u8]) -> Result<Self, Error> {
        let payload = match serde_json::from_slice::<Payload<'_>>(body) {
            Ok(payload) => payload,
            Err(err) => return Self::unparsed(method, body, err),
        };
        let envelope = payload.body;
        let Some(event_type) = envelope.event_type() else {
            return Err(Error::MalformedBody(
                "no event type: neither `body.header.headers.event_type` nor `body.message.type` is set".into(),
            ));
        };
        let Some((kind, action)) = classify(&event_type) else {
            return Ok(Self::Unknown(UnknownEvent::from_body(event_type, method, body)?));
        };
        if action.method() != method {
            return Err(inconsistent(&event_type, action, method));
        }
        let object = envelope.object().ok_or_else(|| {
            Error::MalformedBody(format!("`{event_type}` without an object at `body.message.message.body`"))
        })?;
        Ok(match (kind, action) {
            (Kind::GameServer, Action::Added) => Self::GameServerAdded(parse_object(object, "")?),
            (Kind::Fleet, Action::Added) => Self::FleetAdded(parse_object(object, "")?),
            (Kind::GameServer, Action::Updated) => Self::GameServerUpdated(parse_update(object)?),
            (Kind::Fleet, Action::Updated) => Self::FleetUpdated(parse_update(object)?),
            // `action.method() == method` and a body is never read for DELETE.
            (_, Action::Deleted) => return Err(inconsistent(&event_type, action, method)),
        })
    }

    /// A POST or PUT body that is not the envelope: truncated by the relay, an unknown event in another
    /// envelope, or garbage.
    fn unparsed(method: &str, body: &[u8], err: serde_json::Error) -> Result<Self, Error> {
        if body.len() == RELAY_TRUNCATION_BYTES && serde_json::from_slice::<IgnoredAny>(body).is_err() {
            return Err(Error::TruncatedBody(Cow::Borrowed(
                "the body is exactly 32768 bytes of invalid JSON: the Agones relay truncates POST/PUT bodies \
                 over 32 KiB (known relay bug in its Payload.Read); the event is lost, keep objects smaller \
                 (e.g. drop the kubectl last-applied-configuration annotation) or patch the relay",
            )));
        }
        match unknown_event_type(body) {
            Some(event_type) => Ok(Self::Unknown(UnknownEvent::from_body(event_type, method, body)?)),
            None => Err(Error::malformed(err)),
        }
    }
}

/// An update: the object before and after the change.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Update<T> {
    /// The object before the change (`old_obj`).
    pub old: T,
    /// The object after the change (`new_obj`).
    pub new: T,
}

/// Reads `{old_obj, new_obj}`.
fn parse_update<T: Object>(body: &RawValue) -> Result<Update<T>, Error> {
    let pair = serde_json::from_str::<UpdateBody<'_>>(body.get())
        .map_err(|e| Error::MalformedBody(format!("`body.message.message.body` of an update: {e}")))?;
    Ok(Update { old: parse_object(pair.old_obj, ".old_obj")?, new: parse_object(pair.new_obj, ".new_obj")? })
}

impl Update<GameServer> {
    /// Whether old and new have the same (non-empty) `resourceVersion`: a periodic resync of an unchanged
    /// object, not a change.
    pub fn is_resync(&self) -> bool {
        same_version(self.old.metadata(), self.new.metadata())
    }
}

impl Update<Fleet> {
    /// Whether old and new have the same (non-empty) `resourceVersion`: a periodic resync of an unchanged
    /// object, not a change.
    pub fn is_resync(&self) -> bool {
        same_version(self.old.metadata(), self.new.metadata())
    }
}

fn same_version(old: &ObjectMeta, new: &ObjectMeta) -> bool {
    !new.resource_version.is_empty() && old.resource_version == new.resource_version
}

/// A deleted object: the relay sends its name and namespace, not its last state.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    /// `metadata.name` of the deleted object.
    pub name: String,
    /// `metadata.namespace` of the deleted object.
    pub namespace: String,
}

/// An event type this version does not model (another kind of object, another action), as sent.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownEvent {
    /// The event type as sent (the envelope's, or the DELETE query's `event_type`).
    pub event_type: String,
    /// The HTTP method it came with.
    pub method: String,
    /// The whole body, verbatim; `None` for a DELETE, whose body is never read.
    pub raw: Option<RawJson>,
    /// For a DELETE, the query's `name`, if present.
    pub name: Option<String>,
    /// For a DELETE, the query's `namespace`, if present.
    pub namespace: Option<String>,
}

impl UnknownEvent {
    fn from_body(event_type: String, method: &str, body: &[u8]) -> Result<Self, Error> {
        let raw = serde_json::from_slice::<&RawValue>(body).map(RawJson::from_raw).map_err(Error::malformed)?;
        Ok(Self { event_type, method: method.to_owned(), raw: Some(raw), name: None, namespace: None })
    }
}

// ----- Objects ---------------------------------------------------------------------------------------------

/// The part of a Kubernetes object's `metadata` this crate reads; the rest is in the object's raw JSON.
///
/// Only `name` and `namespace` are required. Everything else defaults when absent or `null`: empty strings
/// and maps, `0`, `None` (Kubernetes omits empty fields).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`.
    pub namespace: String,
    /// `metadata.uid`: the object's identity, stable for its lifetime (a new object of the same name gets
    /// another). Empty if absent.
    #[serde(default, deserialize_with = "null_default")]
    pub uid: String,
    /// `metadata.resourceVersion`: changes on every write. Opaque: compare it for equality only. Empty if
    /// absent.
    #[serde(default, deserialize_with = "null_default")]
    pub resource_version: String,
    /// `metadata.generation`: bumped when the spec changes (not the status).
    #[serde(default, deserialize_with = "null_default")]
    pub generation: i64,
    /// `metadata.creationTimestamp`.
    #[serde(default)]
    pub creation_timestamp: Option<Timestamp>,
    /// `metadata.deletionTimestamp`: set once deletion has been requested.
    #[serde(default)]
    pub deletion_timestamp: Option<Timestamp>,
    /// `metadata.labels`; members of a Fleet carry `agones.dev/fleet` and `agones.dev/gameserverset`.
    #[serde(default, deserialize_with = "null_default")]
    pub labels: BTreeMap<String, String>,
    /// `metadata.annotations`, e.g. `agones.dev/sdk-version`.
    #[serde(default, deserialize_with = "null_default")]
    pub annotations: BTreeMap<String, String>,
}

/// The label Agones puts on every GameServer of a Fleet, naming the Fleet.
pub const FLEET_LABEL: &str = "agones.dev/fleet";

/// The label Agones puts on every GameServer of a GameServerSet, naming the set.
pub const GAME_SERVER_SET_LABEL: &str = "agones.dev/gameserverset";

/// The objects an event can carry. Implemented by [`GameServer`] and [`Fleet`] only.
trait Object: Sized {
    /// Derives the typed view from the raw object and keeps both.
    fn from_raw_json(raw: RawJson) -> Result<Self, serde_json::Error>;

    /// Reads the typed view where the cursor is, and keeps the text it was read from.
    fn read(cursor: &mut Cursor<'_>) -> Option<Self>;
}

fn parse_object<T: Object>(raw: &RawValue, path: &str) -> Result<T, Error> {
    T::from_raw_json(RawJson::from_raw(raw))
        .map_err(|e| Error::MalformedBody(format!("`body.message.message.body{path}`: {e}")))
}

/// An Agones `GameServer` (`agones.dev/v1`): a typed view of the fields applications act on, and the whole
/// object as sent.
///
/// The typed view is deliberately partial and read-only: everything else (`spec`, `ownerReferences`,
/// counters, lists, …) is in [`GameServer::raw`], which [`RawJson::deserialize`] reads into a type of your
/// own. The view ignores fields it does not know even under the `deny-unknown-fields` feature, because it
/// reads a small part of a large, growing object.
///
/// It serializes as the object's JSON, verbatim; deserializing reads the JSON and derives the view again,
/// so a round trip is lossless and the view always agrees with [`GameServer::raw`].
///
/// ```
/// use receiver_core::agones::{GameServer, GameServerState};
///
/// let gs = GameServer::from_json(r#"{"metadata":{"name":"gs-1","namespace":"default","uid":"u1",
///     "resourceVersion":"42","labels":{"agones.dev/fleet":"simple-udp"}},
///     "status":{"state":"Ready","address":"10.0.0.7","ports":[{"name":"default","port":7654}],"players":null}}"#)?;
/// assert_eq!(gs.state(), Some(&GameServerState::Ready));
/// assert_eq!(gs.fleet_name(), Some("simple-udp"));
/// assert_eq!(gs.status().ports[0].port, 7654);
/// assert_eq!(gs.status().players, None);
/// assert!(gs.raw().get().contains(r#""address":"10.0.0.7""#));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub struct GameServer {
    metadata: ObjectMeta,
    status: GameServerStatus,
    raw: RawJson,
}

/// What [`GameServer`] reads from the object.
#[derive(Deserialize)]
struct GameServerView {
    metadata: ObjectMeta,
    #[serde(default, deserialize_with = "null_default")]
    status: GameServerStatus,
}

impl GameServer {
    /// Reads a GameServer object from its JSON (no envelope: the object itself, e.g. the `message` of an
    /// Agones event-broadcaster message). Requires `metadata.name` and `metadata.namespace`.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        Self::from_raw_json(RawJson::from_raw(serde_json::from_str::<&RawValue>(json)?))
    }

    /// The object's metadata (typed view).
    pub fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }

    /// The object's `status` (typed view).
    pub fn status(&self) -> &GameServerStatus {
        &self.status
    }

    /// The whole object, as sent.
    pub fn raw(&self) -> &RawJson {
        &self.raw
    }

    /// The whole object, as sent.
    pub fn into_raw(self) -> RawJson {
        self.raw
    }

    /// `metadata.name`.
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// `metadata.namespace`.
    pub fn namespace(&self) -> &str {
        &self.metadata.namespace
    }

    /// `metadata.uid`; empty if absent.
    pub fn uid(&self) -> &str {
        &self.metadata.uid
    }

    /// `metadata.resourceVersion`; empty if absent.
    pub fn resource_version(&self) -> &str {
        &self.metadata.resource_version
    }

    /// `status.state`; `None` if absent or empty (a GameServer the controller has not seen yet).
    pub fn state(&self) -> Option<&GameServerState> {
        self.status.state.as_ref()
    }

    /// The Fleet this GameServer belongs to, from its `agones.dev/fleet` label.
    pub fn fleet_name(&self) -> Option<&str> {
        self.metadata.labels.get(FLEET_LABEL).map(String::as_str)
    }

    /// The GameServerSet this GameServer belongs to, from its `agones.dev/gameserverset` label.
    pub fn game_server_set_name(&self) -> Option<&str> {
        self.metadata.labels.get(GAME_SERVER_SET_LABEL).map(String::as_str)
    }

    /// Whether deletion has been requested (`metadata.deletionTimestamp` is set).
    pub fn is_being_deleted(&self) -> bool {
        self.metadata.deletion_timestamp.is_some()
    }

    /// The port published under `name` in `status.ports` (e.g. `default`).
    pub fn port(&self, name: &str) -> Option<i32> {
        self.status.ports.iter().find(|p| p.name == name).map(|p| p.port)
    }
}

impl Object for GameServer {
    fn from_raw_json(raw: RawJson) -> Result<Self, serde_json::Error> {
        let view = serde_json::from_str::<GameServerView>(raw.get())?;
        Ok(Self { metadata: view.metadata, status: view.status, raw })
    }

    fn read(cursor: &mut Cursor<'_>) -> Option<Self> {
        let (view, text) = cursor.value::<GameServerView>()?;
        Some(Self { metadata: view.metadata, status: view.status, raw: RawJson::from_read_span(text) })
    }
}

impl Serialize for GameServer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for GameServer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <RawJson as Deserialize>::deserialize(deserializer)?;
        Self::from_raw_json(raw).map_err(de::Error::custom)
    }
}

/// A GameServer's `status` (typed view). Absent or `null` lists read as empty.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GameServerStatus {
    /// `status.state`; `None` if absent or empty.
    #[serde(default, deserialize_with = "state_or_none")]
    pub state: Option<GameServerState>,
    /// `status.address`: the address players connect to; empty until the GameServer is scheduled.
    #[serde(default, deserialize_with = "null_default")]
    pub address: String,
    /// `status.addresses`: every address of the node (newer Agones); empty when absent or `null`.
    #[serde(default, deserialize_with = "null_default")]
    pub addresses: Vec<NodeAddress>,
    /// `status.nodeName`: the Kubernetes node; empty until scheduled.
    #[serde(default, deserialize_with = "null_default")]
    pub node_name: String,
    /// `status.ports`: the published ports; empty while `null` (before port allocation).
    #[serde(default, deserialize_with = "null_default")]
    pub ports: Vec<GameServerPort>,
    /// `status.players`: player tracking; `None` when the PlayerTracking feature is off (`null`).
    #[serde(default)]
    pub players: Option<PlayerStatus>,
    /// `status.reservedUntil`: when a `Reserved` GameServer returns to `Ready`.
    #[serde(default)]
    pub reserved_until: Option<Timestamp>,
}

open_enum! {
    /// `status.state` of a GameServer (agones v1.40.0's constants); values of other versions are kept.
    pub enum GameServerState {
        /// Waiting for a dynamic host port.
        PortAllocation = "PortAllocation",
        /// The Pod is being created.
        Creating = "Creating",
        /// The Pod is created, not yet scheduled.
        Starting = "Starting",
        /// The Pod is scheduled on a node; address and ports are known.
        Scheduled = "Scheduled",
        /// The game server called the SDK's `Ready()`; Agones is about to mark it `Ready`.
        RequestReady = "RequestReady",
        /// Ready to be allocated.
        Ready = "Ready",
        /// Shutting down (the game server called `Shutdown()`, or it is being removed).
        Shutdown = "Shutdown",
        /// Something went wrong creating it.
        Error = "Error",
        /// Failed its health checks.
        Unhealthy = "Unhealthy",
        /// Reserved by the SDK's `Reserve()`: not allocatable, not scaled down.
        Reserved = "Reserved",
        /// Allocated to a game session.
        Allocated = "Allocated",
    }
}

/// One entry of `status.addresses` (a Kubernetes `NodeAddress`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeAddress {
    /// `type`: `InternalIP`, `ExternalIP`, `Hostname`, … (Kubernetes adds values; kept as sent).
    #[serde(rename = "type", default, deserialize_with = "null_default")]
    pub address_type: String,
    /// `address`.
    #[serde(default, deserialize_with = "null_default")]
    pub address: String,
}

/// One entry of `status.ports`: a published port.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GameServerPort {
    /// The port's name from the spec, e.g. `default`.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The port on `status.address` (Go `int32`).
    #[serde(default, deserialize_with = "null_default")]
    pub port: i32,
}

/// `status.players` of a GameServer (PlayerTracking).
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerStatus {
    /// Connected players.
    #[serde(default, deserialize_with = "null_default")]
    pub count: i64,
    /// Player capacity.
    #[serde(default, deserialize_with = "null_default")]
    pub capacity: i64,
    /// Connected player ids; empty when `null`.
    #[serde(default, deserialize_with = "null_default")]
    pub ids: Vec<String>,
}

/// An Agones `Fleet` (`agones.dev/v1`): a typed view of its metadata and replica counts, and the whole
/// object as sent.
///
/// As for [`GameServer`], the view is partial and read-only (unknown fields are ignored even under the
/// `deny-unknown-fields` feature), the object serializes as its JSON verbatim, and deserializing derives the
/// view again from it.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub struct Fleet {
    metadata: ObjectMeta,
    spec: FleetSpec,
    status: FleetStatus,
    raw: RawJson,
}

/// What [`Fleet`] reads from the object.
#[derive(Deserialize)]
struct FleetView {
    metadata: ObjectMeta,
    #[serde(default, deserialize_with = "null_default")]
    spec: FleetSpec,
    #[serde(default, deserialize_with = "null_default")]
    status: FleetStatus,
}

impl Fleet {
    /// Reads a Fleet object from its JSON (the object itself, no envelope). Requires `metadata.name` and
    /// `metadata.namespace`.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        Self::from_raw_json(RawJson::from_raw(serde_json::from_str::<&RawValue>(json)?))
    }

    /// The object's metadata (typed view).
    pub fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }

    /// The object's `spec` (typed view).
    pub fn spec(&self) -> &FleetSpec {
        &self.spec
    }

    /// The object's `status` (typed view).
    pub fn status(&self) -> &FleetStatus {
        &self.status
    }

    /// The whole object, as sent.
    pub fn raw(&self) -> &RawJson {
        &self.raw
    }

    /// The whole object, as sent.
    pub fn into_raw(self) -> RawJson {
        self.raw
    }

    /// `metadata.name`.
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// `metadata.namespace`.
    pub fn namespace(&self) -> &str {
        &self.metadata.namespace
    }

    /// `metadata.uid`; empty if absent.
    pub fn uid(&self) -> &str {
        &self.metadata.uid
    }

    /// `metadata.resourceVersion`; empty if absent.
    pub fn resource_version(&self) -> &str {
        &self.metadata.resource_version
    }
}

impl Object for Fleet {
    fn from_raw_json(raw: RawJson) -> Result<Self, serde_json::Error> {
        let view = serde_json::from_str::<FleetView>(raw.get())?;
        Ok(Self { metadata: view.metadata, spec: view.spec, status: view.status, raw })
    }

    fn read(cursor: &mut Cursor<'_>) -> Option<Self> {
        let (view, text) = cursor.value::<FleetView>()?;
        Some(Self { metadata: view.metadata, spec: view.spec, status: view.status, raw: RawJson::from_read_span(text) })
    }
}

impl Serialize for Fleet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Fleet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <RawJson as Deserialize>::deserialize(deserializer)?;
        Self::from_raw_json(raw).map_err(de::Error::custom)
    }
}

/// A Fleet's `spec` (typed view).
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetSpec {
    /// `spec.replicas`: the desired number of GameServers.
    #[serde(default, deserialize_with = "null_default")]
    pub replicas: i32,
}

/// A Fleet's `status` (typed view).
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetStatus {
    /// `status.replicas`: GameServers in the Fleet.
    #[serde(default, deserialize_with = "null_default")]
    pub replicas: i32,
    /// `status.readyReplicas`: GameServers `Ready`.
    #[serde(default, deserialize_with = "null_default")]
    pub ready_replicas: i32,
    /// `status.reservedReplicas`: GameServers `Reserved`.
    #[serde(default, deserialize_with = "null_default")]
    pub reserved_replicas: i32,
    /// `status.allocatedReplicas`: GameServers `Allocated`.
    #[serde(default, deserialize_with = "null_default")]
    pub allocated_replicas: i32,
    /// `status.players`: aggregated player tracking; `None` when absent (PlayerTracking off).
    #[serde(default)]
    pub players: Option<FleetPlayers>,
}

/// `status.players` of a Fleet: totals over its GameServers.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetPlayers {
    /// Connected players.
    #[serde(default, deserialize_with = "null_default")]
    pub count: i64,
    /// Player capacity.
    #[serde(default, deserialize_with = "null_default")]
    pub capacity: i64,
}

/// `T`'s default for `null` (Go writes `null` for nil slices and maps without `omitempty`).
fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// A GameServer state; `null` and `""` (not set yet) are `None`.
fn state_or_none<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<GameServerState>, D::Error> {
    let state = Option::<GameServerState>::deserialize(deserializer)?;
    Ok(state.filter(|s| !s.as_str().is_empty()))
}

// ----- Wire format -----------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    GameServer,
    Fleet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Added,
    Updated,
    Deleted,
}

impl Action {
    /// The method the relay sends this action with.
    fn method(self) -> &'static str {
        match self {
            Self::Added => "POST",
            Self::Updated => "PUT",
            Self::Deleted => "DELETE",
        }
    }
}

/// The six event types the relay sends; anything else is unknown.
fn classify(event_type: &str) -> Option<(Kind, Action)> {
    let (kind, action) = if let Some(action) = event_type.strip_prefix("gameserver.") {
        (Kind::GameServer, action)
    } else if let Some(action) = event_type.strip_prefix("fleet.") {
        (Kind::Fleet, action)
    } else {
        return None;
    };
    let action = match action {
        "events.added" => Action::Added,
        "events.updated" => Action::Updated,
        "events.deleted" => Action::Deleted,
        _ => return None,
    };
    Some((kind, action))
}

fn inconsistent(event_type: &str, action: Action, method: &str) -> Error {
    let message = format!("event type `{event_type}` is sent with {}, not {method}", action.method());
    if method == "DELETE" { Error::InvalidQuery(message.into()) } else { Error::MalformedBody(message) }
}

/// `{"body": <envelope>}` (`broker.Payload`).
#[derive(Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
struct Payload<'a> {
    #[serde(borrow)]
    body: Envelope<'a>,
}

/// `events.Envelope`: the headers and the event.
#[derive(Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
struct Envelope<'a> {
    #[serde(default)]
    header: Option<Header>,
    #[serde(default, borrow)]
    message: Option<RelayEvent<'a>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
struct Header {
    #[serde(default)]
    headers: Option<HeaderValues>,
}

/// `header.headers`, a Go `map[string]string` holding these two keys.
#[derive(Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
struct HeaderValues {
    #[serde(default, rename = "event_source")]
    _event_source: Option<IgnoredAny>,
    #[serde(default)]
    event_type: Option<String>,
}

/// `GameServerEvent` / `FleetEvent`.
#[derive(Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
struct RelayEvent<'a> {
    #[serde(default, rename = "source")]
    _source: Option<IgnoredAny>,
    #[serde(default, rename = "type")]
    event_type: Option<String>,
    #[serde(default, borrow)]
    message: Option<EventMessage<'a>>,
}

/// `events.EventMessage`: the object, or `{old_obj, new_obj}`.
#[derive(Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
struct EventMessage<'a> {
    #[serde(default, borrow)]
    body: Option<&'a RawValue>,
}

/// The body of an update.
#[derive(Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
struct UpdateBody<'a> {
    #[serde(borrow)]
    old_obj: &'a RawValue,
    #[serde(borrow)]
    new_obj: &'a RawValue,
}

impl<'a> Envelope<'a> {
    /// `header.headers.event_type`, else `message.type`; an empty string counts as absent.
    fn event_type(&self) -> Option<String> {
        let from_header = self.header.as_ref().and_then(|h| h.headers.as_ref()).and_then(|h| h.event_type.as_ref());
        let from_message = self.message.as_ref().and_then(|m| m.event_type.as_ref());
        from_header.filter(|t| !t.is_empty()).or(from_message.filter(|t| !t.is_empty())).cloned()
    }

    /// `message.message.body`, unless absent or `null`.
    fn object(&self) -> Option<&'a RawValue> {
        self.message.as_ref()?.message.as_ref()?.body
    }
}

/// Reads a relay body of the usual shape in one pass: `{"body":{"header":{…},"message":{…}}}` with the
/// header first (the relay sorts keys) naming a known event type that matches `method`, and the object (or
/// the update's `old_obj` and `new_obj`) typed where it is, its text kept from the same pass ([`Cursor`]).
///
/// Any other body, any unexpected key, duplicate or value, is `None`, and [`Event::from_body_by_serde`]
/// decides: this accepts only bodies the serde path accepts, with the same event (the `agones_one_pass`
/// fuzz target holds it to that). An update of two ~3 KB GameServers was read three times by serde: the
/// envelope with the objects raw, the update's pair raw, then each object's typed view.
pub(crate) fn one_pass(method: &str, body: &[u8]) -> Option<Event> {
    let text = std::str::from_utf8(body).ok()?;
    let mut cursor = Cursor::new(text);
    let mut event = None;
    cursor.object(|cursor, key| match key {
        "body" => once(&mut event, envelope_one_pass(cursor, method)?),
        _ => None,
    })?;
    cursor.at_end().then_some(())?;
    event
}

/// `{"header":{…},"message":{…}}`, header first.
fn envelope_one_pass(cursor: &mut Cursor<'_>, method: &str) -> Option<Event> {
    let (mut class, mut event) = (None, None);
    cursor.object(|cursor, key| match key {
        "header" if class.is_none() => {
            let (header, _) = cursor.value::<Header>()?;
            let event_type = header.headers?.event_type.filter(|t| !t.is_empty())?;
            let (kind, action) = classify(&event_type)?;
            (action.method() == method).then_some(())?;
            class = Some((kind, action));
            Some(())
        }
        "message" => once(&mut event, relay_event_one_pass(cursor, class?)?),
        _ => None,
    })?;
    event
}

/// `{"message":{"body":…},"source":…,"type":…}`: the source and type are read as serde would, and ignored
/// (the header named the type).
fn relay_event_one_pass(cursor: &mut Cursor<'_>, (kind, action): (Kind, Action)) -> Option<Event> {
    let (mut source, mut event_type, mut event) = (None, None, None);
    cursor.object(|cursor, key| match key {
        "source" => once(&mut source, cursor.value::<Option<IgnoredAny>>()?.0),
        "type" => once(&mut event_type, cursor.value::<Option<String>>()?.0),
        "message" => {
            let mut object = None;
            cursor.object(|cursor, key| match key {
                "body" => once(&mut object, object_one_pass(cursor, kind, action)?),
                _ => None,
            })?;
            once(&mut event, object?)
        }
        _ => None,
    })?;
    event
}

/// The object of an added event, or the `{old_obj, new_obj}` of an update.
fn object_one_pass(cursor: &mut Cursor<'_>, kind: Kind, action: Action) -> Option<Event> {
    match (kind, action) {
        (Kind::GameServer, Action::Added) => Some(Event::GameServerAdded(GameServer::read(cursor)?)),
        (Kind::Fleet, Action::Added) => Some(Event::FleetAdded(Fleet::read(cursor)?)),
        (Kind::GameServer, Action::Updated) => Some(Event::GameServerUpdated(update_one_pass(cursor)?)),
        (Kind::Fleet, Action::Updated) => Some(Event::FleetUpdated(update_one_pass(cursor)?)),
        (_, Action::Deleted) => None,
    }
}

fn update_one_pass<T: Object>(cursor: &mut Cursor<'_>) -> Option<Update<T>> {
    let (mut old, mut new) = (None, None);
    cursor.object(|cursor, key| match key {
        "old_obj" => once(&mut old, T::read(cursor)?),
        "new_obj" => once(&mut new, T::read(cursor)?),
        _ => None,
    })?;
    Some(Update { old: old?, new: new? })
}

/// The event type of a body that is valid JSON but not the envelope this version reads, if it names an
/// event type this version does not know (read leniently, the error path only).
fn unknown_event_type(body: &[u8]) -> Option<String> {
    let value = serde_json::from_slice::<serde_json::Value>(body).ok()?;
    let event_type = ["/body/header/headers/event_type", "/body/message/type"]
        .iter()
        .filter_map(|pointer| value.pointer(pointer).and_then(serde_json::Value::as_str))
        .find(|t| !t.is_empty())?;
    classify(event_type).is_none().then(|| event_type.to_owned())
}

/// A DELETE's query string, split where the relay appended its own query to a URL that had one.
struct DeleteQuery<'q> {
    /// The query of the URL configured at the relay, when it had one (the duplicated-`?` bug).
    configured: Option<&'q str>,
    /// What the relay appended: `event_type=…&name=…&namespace=…`, form-encoded by Go's `url.Values`.
    relay: &'q str,
}

impl<'q> DeleteQuery<'q> {
    /// Splits at the last literal `?`: Go's `url.Values.Encode` escapes `?`, so the relay's part never holds
    /// one, while the configured part may.
    fn split(query: &'q str) -> Self {
        match query.rsplit_once('?') {
            Some((configured, relay)) => Self { configured: Some(configured), relay },
            None => Self { configured: None, relay: query },
        }
    }

    /// The query as it should have been, for the credential check; `None` when nothing needs repairing.
    fn repaired(&self) -> Option<String> {
        self.configured.map(|configured| format!("{configured}&{}", self.relay))
    }

    fn into_event(self) -> Result<Event, Error> {
        let (mut event_type, mut name, mut namespace) = (None, None, None);
        for (key, value) in query::pairs(self.relay) {
            let slot = match key.as_ref() {
                "event_type" => &mut event_type,
                "name" => &mut name,
                "namespace" => &mut namespace,
                _ => continue,
            };
            if slot.is_none() && !value.is_empty() {
                *slot = Some(value.into_owned());
            }
        }
        let event_type = event_type.ok_or(Error::InvalidQuery(Cow::Borrowed(
            "a DELETE needs `event_type` in the query (the relay sends `?event_type=…&name=…&namespace=…`)",
        )))?;
        let Some((kind, action)) = classify(&event_type) else {
            return Ok(Event::Unknown(UnknownEvent {
                event_type,
                method: "DELETE".to_owned(),
                raw: None,
                name,
                namespace,
            }));
        };
        if action != Action::Deleted {
            return Err(inconsistent(&event_type, action, "DELETE"));
        }
        let missing =
            |param: &str| Error::InvalidQuery(format!("`{event_type}` without `{param}` in the query").into());
        let deleted = Deleted {
            name: name.ok_or_else(|| missing("name"))?,
            namespace: namespace.ok_or_else(|| missing("namespace"))?,
        };
        Ok(match kind {
            Kind::GameServer => Event::GameServerDeleted(deleted),
            Kind::Fleet => Event::FleetDeleted(deleted),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_are_classified_exactly() {
        assert_eq!(classify("gameserver.events.added"), Some((Kind::GameServer, Action::Added)));
        assert_eq!(classify("fleet.events.deleted"), Some((Kind::Fleet, Action::Deleted)));
        assert_eq!(classify("gameserver.events.update"), None); // the broadcaster's stale 2020 spelling
        assert_eq!(classify("gameserverset.events.added"), None);
        assert_eq!(classify("GameServer.events.added"), None);
        assert_eq!(classify(""), None);
    }

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/../fixtures/agones-relay-http/{name}.json", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The one pass agrees with serde, object text included, on every relay fixture, as sent and compact.
    #[test]
    fn the_one_pass_reads_every_relay_fixture_as_serde_does() {
        for (name, method) in [
            ("gameserver-onadd", "POST"),
            ("gameserver-onupdate", "PUT"),
            ("fleet-onadd", "POST"),
            ("fleet-onupdate", "PUT"),
        ] {
            let body = fixture(name);
            let compact = serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&body).unwrap()).unwrap();
            for body in [body, compact] {
                let fast = one_pass(method, &body).unwrap_or_else(|| panic!("{name}: not read in one pass"));
                assert_eq!(fast, Event::from_body_by_serde(method, &body).unwrap(), "{name}");
                let object = fast.metadata().map(|_| ()).and(match &fast {
                    Event::GameServerAdded(gs) => Some(gs.raw().get()),
                    Event::GameServerUpdated(update) => Some(update.new.raw().get()),
                    Event::FleetAdded(fleet) => Some(fleet.raw().get()),
                    Event::FleetUpdated(update) => Some(update.new.raw().get()),
                    _ => None,
                });
                let object = object.unwrap();
                assert!(object.starts_with('{') && object.ends_with('}'), "{name}: {object}");
                assert!(std::str::from_utf8(&body).unwrap().contains(object), "{name}: the text as sent");
            }
        }
    }

    /// Shapes the one pass leaves to serde, which still reads them (or refuses them) as before.
    #[test]
    fn the_one_pass_declines_what_it_does_not_expect() {
        let update = String::from_utf8(fixture("gameserver-onupdate")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&update).unwrap();
        let (header, message) = (value["body"]["header"].to_string(), value["body"]["message"].to_string());
        let declined = [
            // The message before the header: the type is not known when the object comes.
            format!(r#"{{"body":{{"message":{message},"header":{header}}}}}"#),
            // No header: the type is the message's.
            format!(r#"{{"body":{{"message":{message}}}}}"#),
            // A key this version does not read.
            format!(r#"{{"body":{{"header":{header},"message":{message},"extra":1}}}}"#),
            // The header twice.
            update.replacen(r#""header": {"#, r#""header": {}, "header": {"#, 1),
        ];
        for body in &declined {
            assert_eq!(one_pass("PUT", body.as_bytes()), None, "{body}");
        }
        // serde reads the first two, the third unless unknown keys are refused, and refuses the duplicate.
        for body in &declined[..2] {
            assert!(matches!(Event::from_body("PUT", body.as_bytes()), Ok(Event::GameServerUpdated(_))), "{body}");
        }
        let extra = Event::from_body("PUT", declined[2].as_bytes());
        assert_eq!(extra.is_err(), cfg!(feature = "deny-unknown-fields"), "{extra:?}");
        assert!(Event::from_body("PUT", declined[3].as_bytes()).is_err());
        // The wrong method, an unknown type, trailing bytes: declined, and serde answers.
        assert_eq!(one_pass("POST", update.as_bytes()), None);
        assert!(Event::from_body("POST", update.as_bytes()).is_err());
        let unknown = update.replace("gameserver.events.updated", "gameserver.events.renamed");
        assert_eq!(one_pass("PUT", unknown.as_bytes()), None);
        assert!(matches!(Event::from_body("PUT", unknown.as_bytes()), Ok(Event::Unknown(_))));
        assert_eq!(one_pass("PUT", format!("{update} x").as_bytes()), None);
        assert!(Event::from_body("PUT", format!("{update} x").as_bytes()).is_err());
    }

    /// serde_json skips unknown values without a nesting limit and reads each object's view from its own
    /// text in both paths: deep nesting is read alike.
    #[test]
    fn deeply_nested_unknown_fields_are_read_alike() {
        let update = String::from_utf8(fixture("gameserver-onupdate")).unwrap();
        for levels in [10, 127, 128, 129, 300] {
            let deep = format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
            let body = update.replacen(r#""spec": {"#, &format!(r#""deep": {deep}, "spec": {{"#), 1);
            let fast = one_pass("PUT", body.as_bytes()).unwrap();
            assert_eq!(fast, Event::from_body_by_serde("PUT", body.as_bytes()).unwrap(), "{levels}");
        }
    }

    #[test]
    fn delete_queries_are_split_at_the_last_question_mark() {
        let plain = DeleteQuery::split("event_type=fleet.events.deleted&name=f&namespace=default");
        assert_eq!((plain.configured, plain.repaired()), (None, None));
        let bug = DeleteQuery::split("token=a?b?event_type=fleet.events.deleted&name=f&namespace=default");
        assert_eq!(bug.configured, Some("token=a?b"));
        assert_eq!(bug.relay, "event_type=fleet.events.deleted&name=f&namespace=default");
        assert_eq!(query::param(&bug.repaired().unwrap(), "token").as_deref(), Some("a?b"));
        // A configured URL ending in a bare `?` (`http://h/agones?`).
        let bare = DeleteQuery::split("?event_type=fleet.events.deleted&name=f&namespace=default");
        assert_eq!(bare.configured, Some(""));
    }
}
