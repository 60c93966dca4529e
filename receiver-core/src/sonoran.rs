//! Sonoran CAD push events: one JSON object `{"key", "type", "data"}` per event, `POST`ed to
//! `/sonorancad/event`, re-posted by the FiveM resource's forwarder, or received as the argument of the SignalR
//! `pushEvent` method.
//!
//! **What this source does:** it checks the body's `key` against the community API key(s) in constant time,
//! as soon as `key` has been read and before `data` is parsed, then parses `data` in the same pass into the
//! typed payload named by `type` (matched case-insensitively, like the vendor's receiver). Types this version
//! does not know are delivered as [`Event::Unknown`] with `data` verbatim.
//!
//! **What it does not do, and what to know:**
//!
//! - **The key travels in clear text.** The CAD posts to `http://<mapIp>:<listenerPort>`: the community's
//!   master CAD API key (the same one that calls the CAD API) crosses the network unencrypted in every event.
//!   Prefer the websocket delivery ([`SonoranCad::receive_push_event`]) or keep the listener on a private
//!   network.
//! - **The key is in the body**, so unlike the other sources an unauthenticated caller reaches the JSON parser
//!   (bounded by [`Source::max_body_bytes`]). A wrong key is rejected as soon as it is read; a body whose
//!   `key` comes last is read (not typed) to the end first.
//! - **Forwarding copies the key.** The FiveM resource's `pushEventForwardUrl` re-posts the body unchanged,
//!   key included: whoever receives forwards holds the master API key.
//! - **No id, no timestamp, no signature, no retry** are known: [`DeliveryMeta`] has
//!   neither id nor timestamp, replays cannot be detected, and nothing says what the CAD does with a slow or
//!   failed answer. Answer quickly (the vendor's receiver always answers `200` with a short text) and process
//!   the event asynchronously.
//! - The key never appears in an [`Event`], its `Debug` output, its serialization, or an error message.
//!
//! Shapes follow the vendor's production receiver where its docs disagree: `data` is an object, but the
//! docs' one-element arrays are accepted too; id lists may be a scalar ([`IdList`]); ids may be numbers or
//! numeric strings. Integer enumerations (unit status, page, dispatch origin/status/priority, tone target
//! type) stay integers because communities customise them; their default labels are documented on the
//! fields.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::time::SystemTime;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::delivery::{Delivery, DeliveryMeta, Received};
use crate::error::{ConfigError, Error};
use crate::incoming::Incoming;
use crate::json::{IdList, RawJson, lenient_i64, lenient_opt_i64, object_or_single_element, open_enum};
use crate::secret::{Secret, TokenSet, collect_secrets};
use crate::source::{Limits, Source, SourceKind, check_method_and_size, limit_accessors, limit_builders};

/// Free-form JSON object fields (`metaData`, unknown top-level fields).
pub type JsonMap = BTreeMap<String, serde_json::Value>;

/// The Sonoran CAD source: the accepted API keys, how they are compared, and the body limit.
///
/// ```
/// use receiver_core::{Incoming, NoHeaders, SonoranCad, Source, sonoran};
///
/// let source = SonoranCad::new(["current-api-key", "previous-api-key"])?;
/// let body = br#"{"key":"current-api-key","type":"EVENT_UNIT_LOGOUT","data":{"identId":12}}"#;
/// let delivery = source.receive(&Incoming::post(&NoHeaders, body))?.into_delivery();
/// assert!(matches!(delivery.event, sonoran::Event::UnitLogout(ref l) if l.ident_id == 12));
///
/// let wrong = br#"{"key":"guess","type":"EVENT_UNIT_LOGOUT","data":{"identId":12}}"#;
/// assert_eq!(source.receive(&Incoming::post(&NoHeaders, wrong)).unwrap_err().status_code(), 403);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct SonoranCad {
    keys: Keys,
    limits: Limits,
}

/// The configured keys, only in the comparable form of [`TokenSet`].
#[derive(Debug, Clone)]
enum Keys {
    Unauthenticated,
    Checked {
        /// The keys as given.
        exact: TokenSet,
        /// The ASCII-upper-cased keys, for the FiveM-compatible mode.
        upper: TokenSet,
        count: usize,
        case_insensitive: bool,
    },
}

/// Why the body's `key` was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AuthFailure {
    Missing,
    NotAString,
    Wrong,
}

impl AuthFailure {
    fn into_error(self) -> Error {
        match self {
            Self::Missing => Error::MissingCredentials("the API key in the body field `key`"),
            Self::NotAString => Error::MissingCredentials("the API key as a string in the body field `key`"),
            Self::Wrong => Error::WrongCredentials("the body field `key`"),
        }
    }
}

impl Keys {
    fn check(&self, presented: Option<&str>) -> Result<(), AuthFailure> {
        match self {
            Self::Unauthenticated => Ok(()),
            Self::Checked { exact, upper, case_insensitive, .. } => {
                let presented = presented.ok_or(AuthFailure::NotAString)?;
                let accepted = if *case_insensitive {
                    upper.contains_uppercased(presented.as_bytes())
                } else {
                    exact.contains(presented.as_bytes())
                };
                if accepted { Ok(()) } else { Err(AuthFailure::Wrong) }
            }
        }
    }
}

impl SonoranCad {
    /// A source accepting any of these community API keys in the body's `key`, compared exactly.
    ///
    /// Several keys can be active at once, so a key can be rotated without losing events. An empty list is
    /// [`ConfigError::NoSecrets`], an empty key [`ConfigError::EmptySecret`].
    pub fn new<S>(keys: impl IntoIterator<Item = S>) -> Result<Self, ConfigError>
    where
        S: TryInto<Secret, Error: Into<ConfigError>>,
    {
        let secrets = collect_secrets(keys)?;
        Ok(Self {
            keys: Keys::Checked {
                exact: TokenSet::exact(&secrets),
                upper: TokenSet::uppercase(&secrets),
                count: secrets.len(),
                case_insensitive: false,
            },
            limits: Limits::default(),
        })
    }

    /// **No authentication at all: the body's `key` is not checked, anyone who can reach the endpoint can
    /// post events.**
    ///
    /// The named opt-in for a receiver that sits behind something else that authenticates (or on a
    /// network nobody else can reach). Start-up banners should print [`Source::auth_description`], which
    /// says so loudly. The `key` field is still never kept.
    pub fn unauthenticated() -> Self {
        Self { keys: Keys::Unauthenticated, limits: Limits::default() }
    }

    /// The same source comparing keys ASCII-case-insensitively, as the vendor's FiveM receiver does (it
    /// upper-cases both sides), for parity with a FiveM setup. The default is an exact comparison: with this
    /// option a key that differs from a configured one only in letter case is accepted too.
    #[must_use]
    pub fn with_case_insensitive_keys(self) -> Self {
        let keys = match self.keys {
            Keys::Checked { exact, upper, count, .. } => Keys::Checked { exact, upper, count, case_insensitive: true },
            Keys::Unauthenticated => Keys::Unauthenticated,
        };
        Self { keys, ..self }
    }

    limit_builders!();

    /// Whether the body's `key` is checked at all.
    pub fn is_authenticated(&self) -> bool {
        matches!(self.keys, Keys::Checked { .. })
    }

    /// Checks and parses the argument of the SignalR `pushEvent` method: the same JSON as the HTTP body,
    /// `key` included, either as the object itself or as a JSON string holding it (the CAD sends both).
    ///
    /// No method or size check applies: the websocket client has already read the message.
    ///
    /// ```
    /// use receiver_core::{SonoranCad, sonoran};
    ///
    /// let source = SonoranCad::new(["my-api-key"])?;
    /// let argument = r#""{\"key\":\"my-api-key\",\"type\":\"EVENT_UNIT_STATUS\",\"data\":{\"units\":[]}}""#;
    /// let delivery = source.receive_push_event(argument.as_bytes())?;
    /// assert_eq!(delivery.event.event_type(), "EVENT_UNIT_STATUS");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn receive_push_event(&self, json: &[u8]) -> Result<Delivery<Event>, Error> {
        let first = json.iter().find(|b| !b.is_ascii_whitespace());
        let event = if first == Some(&b'"') {
            let inner: String = serde_json::from_slice(json).map_err(Error::malformed)?;
            self.parse(inner.as_bytes())?
        } else {
            self.parse(json)?
        };
        Ok(Delivery::new(DeliveryMeta::new(SourceKind::SonoranCad), event))
    }

    /// Checks the key and parses the body in one pass.
    fn parse(&self, body: &[u8]) -> Result<Event, Error> {
        let context = Context { keys: &self.keys, auth: Cell::new(None), data_of: Cell::new(None) };
        let mut de = serde_json::Deserializer::from_slice(body);
        // The envelope is read into `wire` in place: the parsed event (~400 bytes) is not moved through
        // serde's return values on its way out.
        let mut wire = Wire::new(&self.keys);
        match EnvelopeSeed(&context, &mut wire).deserialize(&mut de).and_then(|()| de.end()) {
            Ok(()) => wire.into_event(),
            Err(err) => Err(context.error(&err)),
        }
    }
}

impl Source for SonoranCad {
    type Event = Event;

    fn kind(&self) -> SourceKind {
        SourceKind::SonoranCad
    }

    limit_accessors!();

    fn auth_description(&self) -> String {
        match &self.keys {
            Keys::Unauthenticated => {
                "NONE: unauthenticated, anyone can post events (the body's `key` is not checked)".to_owned()
            }
            Keys::Checked { count, case_insensitive, .. } => format!(
                "API key in the body field `key` ({count} key{}, {})",
                if *count == 1 { "" } else { "s" },
                if *case_insensitive { "ASCII case-insensitive" } else { "exact match" }
            ),
        }
    }

    fn receive_at(&self, incoming: &Incoming<'_>, _now: SystemTime) -> Result<Received<Event>, Error> {
        check_method_and_size(SourceKind::SonoranCad, self.limits.max_body_bytes, incoming)?;
        let event = self.parse(incoming.body())?;
        Ok(Received::Event(Delivery::new(DeliveryMeta::new(SourceKind::SonoranCad), event)))
    }
}

// ----- Events ----------------------------------------------------------------------------------------------

/// One Sonoran CAD push event, by its `type`.
///
/// Old type names map to their current variant: `EVENT_DISPATCH_CLOSE` (with `data.callId`) to
/// [`Event::DispatchClosed`], `EVENT_UNIT_ATTACH` / `EVENT_UNIT_DETACH` to
/// [`Event::DispatchUnitAttach`] / [`Event::DispatchUnitDetach`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Events are moved a few times per delivery; boxing the large ones would cost an allocation per event.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// `EVENT_911`: a 911 / emergency call was placed, in the CAD or through the API.
    Call911(Call911),
    /// `EVENT_REMOVE_911`: 911 calls were removed.
    Remove911(Remove911),
    /// `EVENT_DISPATCH_NEW`: a dispatch call was created (not sent for API-made changes).
    DispatchNew(DispatchChange),
    /// `EVENT_DISPATCH_EDIT`: a dispatch call was modified (not sent for API-made changes).
    DispatchEdit(DispatchChange),
    /// `EVENT_DISPATCH_CLOSED` (formerly `EVENT_DISPATCH_CLOSE`): dispatch calls were closed.
    DispatchClosed(DispatchClosed),
    /// `EVENT_DISPATCH_NOTE`: a note was added to a dispatch call.
    DispatchNote(DispatchNote),
    /// `EVENT_DISPATCH_UNIT_ATTACH` (formerly `EVENT_UNIT_ATTACH`): units were attached to a call.
    DispatchUnitAttach(UnitAttachment),
    /// `EVENT_DISPATCH_UNIT_DETACH` (formerly `EVENT_UNIT_DETACH`): units were detached from a call.
    DispatchUnitDetach(UnitAttachment),
    /// `EVENT_DISPATCH_TOGGLE_BODYCAM`: a unit's bodycam was toggled.
    DispatchToggleBodycam(ToggleBodycam),
    /// `EVENT_UNIT_LOGIN`: a unit logged in.
    UnitLogin(UnitLogin),
    /// `EVENT_UNIT_LOGOUT`: a unit logged off.
    UnitLogout(UnitLogout),
    /// `EVENT_UNIT_STATUS`: units' status changed.
    UnitStatus(UnitStatus),
    /// `EVENT_UNIT_UPDATE` (undocumented, read by the vendor's receiver): units changed.
    UnitUpdate(UnitUpdate),
    /// `EVENT_UNIT_PANIC`: units' panic state changed (not sent for API-made changes).
    UnitPanic(UnitPanic),
    /// `EVENT_UNIT_GROUP_ADD`: a unit was added to a unit group.
    UnitGroupAdd(UnitGroupAdd),
    /// `EVENT_UNIT_GROUP_REMOVE`: a unit was removed from a unit group.
    UnitGroupRemove(UnitGroupRemove),
    /// `EVENT_UNIT_GROUP_CHANGE_NAME`: a unit group was renamed.
    UnitGroupChangeName(UnitGroupChangeName),
    /// `EVENT_RECORD_ADD`: a custom record was added (not sent for API-made changes).
    RecordAdd(RecordChange),
    /// `EVENT_RECORD_EDIT`: a custom record was edited (not sent for API-made changes).
    RecordEdit(RecordChange),
    /// `EVENT_RECORD_REMOVE`: a custom record was removed (not sent for API-made changes).
    RecordRemove(RecordChange),
    /// `EVENT_STREETSIGN_UPDATED`: street signs were updated from the CAD.
    StreetSignUpdated(StreetSignUpdated),
    /// `EVENT_TONE`: a tone was played from the tone board.
    Tone(Tone),
    /// `EVENT_CHAR_SELECTED`: a user selected a character on the civilian page.
    CharSelected(CharacterSelected),
    /// `EVENT_COMMUNITY_LINK_VERIFIED`: an in-game user identifier was linked to a CAD account.
    CommunityLinkVerified(CommunityLinkVerified),
    /// `EVENT_NEW_CALLOUT`: an ERS callout was created.
    NewCallout(NewCallout),
    /// `EVENT_PAGER_REBORN`: an Inferno pager page was sent.
    PagerReborn(PagerReborn),
    /// `EVENT_STATION_ALERT`: a station alert was sent.
    StationAlert(StationAlert),
    /// `EVENT_PRINT_RECORD` (undocumented, read by the vendor's record printer): a unit printed a record.
    PrintRecord(PrintRecord),
    /// `GET_LOGS` (undocumented): the CAD asks the game server for its support logs.
    GetLogs(GetLogs),
    /// A `type` this version does not know, kept as received (without the key).
    Unknown(UnknownEvent),
}

impl Event {
    /// The event's `type`: the canonical wire name (`EVENT_DISPATCH_CLOSED` for an old
    /// `EVENT_DISPATCH_CLOSE`), or for an unknown event the name as sent.
    pub fn event_type(&self) -> &str {
        match self {
            Self::Call911(_) => "EVENT_911",
            Self::Remove911(_) => "EVENT_REMOVE_911",
            Self::DispatchNew(_) => "EVENT_DISPATCH_NEW",
            Self::DispatchEdit(_) => "EVENT_DISPATCH_EDIT",
            Self::DispatchClosed(_) => "EVENT_DISPATCH_CLOSED",
            Self::DispatchNote(_) => "EVENT_DISPATCH_NOTE",
            Self::DispatchUnitAttach(_) => "EVENT_DISPATCH_UNIT_ATTACH",
            Self::DispatchUnitDetach(_) => "EVENT_DISPATCH_UNIT_DETACH",
            Self::DispatchToggleBodycam(_) => "EVENT_DISPATCH_TOGGLE_BODYCAM",
            Self::UnitLogin(_) => "EVENT_UNIT_LOGIN",
            Self::UnitLogout(_) => "EVENT_UNIT_LOGOUT",
            Self::UnitStatus(_) => "EVENT_UNIT_STATUS",
            Self::UnitUpdate(_) => "EVENT_UNIT_UPDATE",
            Self::UnitPanic(_) => "EVENT_UNIT_PANIC",
            Self::UnitGroupAdd(_) => "EVENT_UNIT_GROUP_ADD",
            Self::UnitGroupRemove(_) => "EVENT_UNIT_GROUP_REMOVE",
            Self::UnitGroupChangeName(_) => "EVENT_UNIT_GROUP_CHANGE_NAME",
            Self::RecordAdd(_) => "EVENT_RECORD_ADD",
            Self::RecordEdit(_) => "EVENT_RECORD_EDIT",
            Self::RecordRemove(_) => "EVENT_RECORD_REMOVE",
            Self::StreetSignUpdated(_) => "EVENT_STREETSIGN_UPDATED",
            Self::Tone(_) => "EVENT_TONE",
            Self::CharSelected(_) => "EVENT_CHAR_SELECTED",
            Self::CommunityLinkVerified(_) => "EVENT_COMMUNITY_LINK_VERIFIED",
            Self::NewCallout(_) => "EVENT_NEW_CALLOUT",
            Self::PagerReborn(_) => "EVENT_PAGER_REBORN",
            Self::StationAlert(_) => "EVENT_STATION_ALERT",
            Self::PrintRecord(_) => "EVENT_PRINT_RECORD",
            Self::GetLogs(_) => "GET_LOGS",
            Self::Unknown(unknown) => &unknown.event_type,
        }
    }
}

/// `EVENT_911`: a new 911 / emergency call.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Call911 {
    /// The call.
    pub call: EmergencyCall,
    /// The caller's API ids (e.g. `Steam:1234`); only when the call was placed in the CAD, not through the API.
    #[serde(default)]
    pub api_ids: Option<Vec<String>>,
    /// The caller's linked in-game user identifier (e.g. `license:abc123`).
    #[serde(default)]
    pub community_user_id: Option<String>,
    /// The caller's linked in-game user identifiers.
    #[serde(default)]
    pub community_user_ids: Option<Vec<String>>,
    /// The caller's identities, as the vendor's receiver reads them first (shape not documented).
    #[serde(default)]
    pub identities: Option<serde_json::Value>,
    /// Custom metadata *beside* `call`, where the docs put it; see [`Call911::meta_data`].
    #[serde(default)]
    pub meta_data: Option<JsonMap>,
}

impl Call911 {
    /// The call's custom metadata, wherever it was sent: inside `call` (where the vendor's receiver reads it)
    /// or beside it (where the docs show it).
    pub fn meta_data(&self) -> Option<&JsonMap> {
        self.call.meta_data.as_ref().or(self.meta_data.as_ref())
    }
}

/// The call of an `EVENT_911`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct EmergencyCall {
    /// The 911 call id.
    #[serde(deserialize_with = "lenient_i64")]
    pub call_id: i64,
    /// `true` for an emergency call, `false` for a civil one.
    #[serde(default)]
    pub is_emergency: Option<bool>,
    /// The caller's name.
    #[serde(default)]
    pub caller: Option<String>,
    /// Where the call comes from.
    #[serde(default)]
    pub location: Option<String>,
    /// What the caller says.
    #[serde(default)]
    pub description: Option<String>,
    /// Custom metadata (arbitrary JSON values: `postal`, `plate`, `silentAlert`, `x`/`y`/`z`, …), where the
    /// vendor's receiver reads it.
    #[serde(default)]
    pub meta_data: Option<JsonMap>,
}

/// `EVENT_REMOVE_911`: removed 911 calls.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Remove911 {
    /// The removed 911 call ids.
    pub call_ids: IdList,
}

/// `EVENT_DISPATCH_NEW` and `EVENT_DISPATCH_EDIT`: a dispatch call as it now is.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct DispatchChange {
    /// The unit identifier that caused the event.
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub event_origin_ident: Option<i64>,
    /// The dispatch call.
    pub dispatch: DispatchCall,
}

/// A dispatch call.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct DispatchCall {
    /// The dispatch call id.
    #[serde(deserialize_with = "lenient_i64")]
    pub call_id: i64,
    /// How the call came in. Default labels: `0` CALLER, `1` RADIO DISPATCH, `2` OBSERVED, `3` WALK UP.
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub origin: Option<i64>,
    /// The call status. Default labels: `0` PENDING, `1` ACTIVE, `2` CLOSED.
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub status: Option<i64>,
    /// The priority: `1`, `2` or `3`.
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub priority: Option<i64>,
    /// The block number.
    #[serde(default)]
    pub block: Option<String>,
    /// The address.
    #[serde(default)]
    pub address: Option<String>,
    /// The postal code.
    #[serde(default)]
    pub postal: Option<String>,
    /// The title, e.g. `Traffic Stop`.
    #[serde(default)]
    pub title: Option<String>,
    /// The code, e.g. `10-39 - Traffic Stop`.
    #[serde(default)]
    pub code: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The notes: `""` in the docs, a list of note objects in the vendor receiver's cache; kept as sent.
    #[serde(default)]
    pub notes: Option<serde_json::Value>,
    /// The attached unit identifier ids.
    #[serde(default)]
    pub idents: IdList,
    /// Custom metadata, e.g. `origin911`: the 911 call the dispatch call was created from.
    #[serde(default)]
    pub meta_data: Option<JsonMap>,
}

/// `EVENT_DISPATCH_CLOSED`: closed dispatch calls.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct DispatchClosed {
    /// The unit identifier that caused the event.
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub event_origin_ident: Option<i64>,
    /// The closed dispatch call ids (the old `EVENT_DISPATCH_CLOSE` sent one `callId`, read here as a list of
    /// one).
    #[serde(alias = "callId")]
    pub call_ids: IdList,
}

/// `EVENT_DISPATCH_NOTE`: a note added to a dispatch call.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct DispatchNote {
    /// The dispatch call id.
    #[serde(deserialize_with = "lenient_i64")]
    pub call_id: i64,
    /// The note.
    pub note: Note,
}

/// A dispatch call note.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Note {
    /// When, as the CAD shows it, e.g. `12:00:00`.
    #[serde(default)]
    pub time: Option<String>,
    /// Who wrote it, e.g. a unit number `A-10`.
    #[serde(default)]
    pub label: Option<String>,
    /// The note type, e.g. `text`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The text.
    #[serde(default)]
    pub content: Option<String>,
}

/// `EVENT_DISPATCH_UNIT_ATTACH` and `EVENT_DISPATCH_UNIT_DETACH`: units attached to or detached from a call.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UnitAttachment {
    /// The unit identifier that caused the event.
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub event_origin_ident: Option<i64>,
    /// One unit identifier id; see [`UnitAttachment::units`].
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub ident: Option<i64>,
    /// Several unit identifier ids; see [`UnitAttachment::units`].
    #[serde(default)]
    pub idents: IdList,
    /// The dispatch call id.
    #[serde(deserialize_with = "lenient_i64")]
    pub call_id: i64,
}

impl UnitAttachment {
    /// The units concerned, as the vendor's receiver reads them: `idents` when sent, else `ident`.
    pub fn units(&self) -> &[i64] {
        if self.idents.is_empty() { self.ident.as_slice() } else { &self.idents }
    }
}

/// `EVENT_DISPATCH_TOGGLE_BODYCAM`: a bodycam toggled.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ToggleBodycam {
    /// The unit identifier id (the docs show it as a string, `"1"`).
    #[serde(deserialize_with = "lenient_i64")]
    pub ident: i64,
    /// The requested bodycam state: `true` on, `false` off.
    pub state: bool,
}

/// `EVENT_UNIT_LOGIN`: a unit logged in.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UnitLogin {
    /// The unit.
    pub unit: Unit,
    /// Whether the unit is a dispatcher.
    #[serde(default)]
    pub is_dispatch: Option<bool>,
    /// Whether the unit dispatches itself.
    #[serde(default)]
    pub self_dispatch: Option<bool>,
}

/// A unit (an active "identifier"), as `get_active_units` returns it.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Unit {
    /// The unit identifier id.
    #[serde(deserialize_with = "lenient_i64")]
    pub id: i64,
    /// The account UUID.
    #[serde(default)]
    pub acc_id: Option<String>,
    /// The unit status. Default labels: `0` UNAVAILABLE, `1` BUSY, `2` AVAILABLE, `3` ENROUTE, `4` ON_SCENE
    /// (communities customise them).
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub status: Option<i64>,
    /// Whether the unit's panic button is on.
    #[serde(default)]
    pub is_panic: Option<bool>,
    /// The unit's location.
    #[serde(default)]
    pub location: Option<String>,
    /// The unit's area of patrol.
    #[serde(default)]
    pub aop: Option<String>,
    /// Whether the unit is a dispatcher.
    #[serde(default)]
    pub is_dispatch: Option<bool>,
    /// The unit's details.
    #[serde(default)]
    pub data: Option<UnitData>,
}

/// A unit's details.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UnitData {
    /// The account's API ids (e.g. `STEAM:1234`).
    #[serde(default)]
    pub api_ids: Option<Vec<String>>,
    /// Legacy first API id.
    #[serde(default, rename = "apiId1")]
    pub api_id1: Option<String>,
    /// Legacy second API id.
    #[serde(default, rename = "apiId2")]
    pub api_id2: Option<String>,
    /// The linked in-game user identifier (e.g. `license:abc123`).
    #[serde(default)]
    pub community_user_id: Option<String>,
    /// The linked in-game user identifiers.
    #[serde(default)]
    pub community_user_ids: Option<Vec<String>>,
    /// The unit number, e.g. `A-10`.
    #[serde(default)]
    pub unit_num: Option<String>,
    /// The officer's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The district.
    #[serde(default)]
    pub district: Option<String>,
    /// The department.
    #[serde(default)]
    pub department: Option<String>,
    /// The subdivision.
    #[serde(default)]
    pub subdivision: Option<String>,
    /// The rank.
    #[serde(default)]
    pub rank: Option<String>,
    /// The unit group's name.
    #[serde(default)]
    pub group: Option<String>,
    /// The CAD page the unit is on. Default labels: `0` POLICE, `1` FIRE, `2` EMS, `3` DISPATCH.
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub page: Option<i64>,
}

/// `EVENT_UNIT_LOGOUT`: a unit logged off.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UnitLogout {
    /// The unit identifier id.
    #[serde(deserialize_with = "lenient_i64")]
    pub ident_id: i64,
}

/// `EVENT_UNIT_STATUS`: a status change, sent in one of two forms: the changed units as full objects
/// (`units`), or their ids and the new status (`identIds` + `status`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UnitStatus {
    /// The changed units with their new status (the newer form; may be empty).
    #[serde(default)]
    pub units: Option<Vec<Unit>>,
    /// The changed unit identifier ids (the older form; a scalar in the docs).
    #[serde(default)]
    pub ident_ids: IdList,
    /// The new status of `ident_ids`. Default labels: `0` UNAVAILABLE, `1` BUSY, `2` AVAILABLE, `3`
    /// ENROUTE, `4` ON_SCENE (communities customise them).
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub status: Option<i64>,
}

/// `EVENT_UNIT_UPDATE`: changed units.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UnitUpdate {
    /// The changed units.
    pub units: Vec<Unit>,
}

/// `EVENT_UNIT_PANIC`: panic state changes.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UnitPanic {
    /// The unit identifier ids; see [`UnitPanic::idents`].
    #[serde(default)]
    pub ident_ids: IdList,
    /// A single unit identifier id (legacy form); see [`UnitPanic::idents`].
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub ident_id: Option<i64>,
    /// The new panic state (absent reads as `false`, as in the vendor's receiver).
    #[serde(default)]
    pub is_panic: bool,
}

impl UnitPanic {
    /// Every unit concerned: `identIds`, then the legacy `identId`.
    pub fn idents(&self) -> impl Iterator<Item = i64> + '_ {
        self.ident_ids.iter().copied().chain(self.ident_id)
    }
}

/// `EVENT_UNIT_GROUP_ADD`: a unit added to a unit group.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UnitGroupAdd {
    /// The unit identifier id added.
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub ident_id: Option<i64>,
    /// The group's unit identifier ids; per the docs only sent when the group is being renamed.
    #[serde(default)]
    pub ident_ids: IdList,
    /// The group's name.
    pub group_name: String,
}

/// `EVENT_UNIT_GROUP_REMOVE`: a unit removed from a unit group.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UnitGroupRemove {
    /// The unit identifier id removed.
    #[serde(deserialize_with = "lenient_i64")]
    pub ident_id: i64,
    /// The group's name.
    pub group_name: String,
}

/// `EVENT_UNIT_GROUP_CHANGE_NAME`: a renamed unit group.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UnitGroupChangeName {
    /// The group's unit identifier ids.
    #[serde(default)]
    pub ident_ids: IdList,
    /// The former name.
    pub old_name: String,
    /// The new name.
    pub new_name: String,
}

/// `EVENT_RECORD_ADD`, `EVENT_RECORD_EDIT` and `EVENT_RECORD_REMOVE`: a custom record.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct RecordChange {
    /// The record, in the community's custom-records format (free-form).
    pub record: serde_json::Value,
}

/// `EVENT_STREETSIGN_UPDATED`: street signs updated.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct StreetSignUpdated {
    /// The signs and their text.
    pub sign_data: SignData,
}

/// The signs of an `EVENT_STREETSIGN_UPDATED` and their new text.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct SignData {
    /// The sign ids.
    #[serde(default)]
    pub ids: IdList,
    /// First line.
    #[serde(default)]
    pub text1: Option<String>,
    /// Second line.
    #[serde(default)]
    pub text2: Option<String>,
    /// Third line.
    #[serde(default)]
    pub text3: Option<String>,
}

/// `EVENT_TONE`: a tone played from the tone board.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Tone {
    /// The tone's audio URL.
    pub url: String,
    /// Who the tone was played to.
    #[serde(default)]
    pub play_tones_to: Vec<ToneTarget>,
}

/// One target of a tone.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ToneTarget {
    /// The target type: `0` all active units, `1` a dispatch call id, `2` an agency, `3` a department, `4` a
    /// subdivision, `5` a unit identifier, `6` a unit group.
    #[serde(rename = "type", deserialize_with = "lenient_i64")]
    pub kind: i64,
    /// The target for `kind`: a number (a call id) or a name (a department).
    pub value: NumberOrString,
    /// The target as the CAD shows it.
    #[serde(default)]
    pub label: Option<String>,
}

/// A value the sender writes as a number or a string depending on context (tone targets, character ids).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NumberOrString {
    /// A JSON integer.
    Number(i64),
    /// A JSON string.
    String(String),
}

impl NumberOrString {
    /// The integer: a number, or a string holding one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Number(n) => Some(*n),
            Self::String(s) => s.trim().parse().ok(),
        }
    }

    /// The string, when it was sent as one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Number(_) => None,
            Self::String(s) => Some(s),
        }
    }
}

impl fmt::Display for NumberOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::String(s) => f.write_str(s),
        }
    }
}

impl Serialize for NumberOrString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Number(n) => serializer.serialize_i64(*n),
            Self::String(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for NumberOrString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NumberOrString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumberOrString, E> {
                Ok(NumberOrString::Number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumberOrString, E> {
                i64::try_from(v).map(NumberOrString::Number).map_err(|_| E::custom(format!("{v} is out of range")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumberOrString, E> {
                // JavaScript senders may write 12.0; accept integral floats only.
                #[allow(clippy::cast_possible_truncation)]
                let truncated = v as i64;
                #[allow(clippy::cast_precision_loss)]
                if truncated as f64 == v {
                    Ok(NumberOrString::Number(truncated))
                } else {
                    Err(E::custom(format!("{v} is not an integer")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NumberOrString, E> {
                Ok(NumberOrString::String(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<NumberOrString, E> {
                Ok(NumberOrString::String(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// `EVENT_CHAR_SELECTED`: a character selected on the civilian page.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct CharacterSelected {
    /// The user account's SSO GUID.
    pub acc_id: String,
    /// The character: its numeric record id, or a DB sync key string (Steam hex, license, …).
    pub id: NumberOrString,
}

/// `EVENT_COMMUNITY_LINK_VERIFIED`: an in-game user identifier linked to a CAD account.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct CommunityLinkVerified {
    /// The in-game user identifier (e.g. `license:abc123`).
    pub community_user_id: String,
    /// The CAD account's UUID.
    #[serde(default)]
    pub account_uuid: Option<String>,
}

/// `EVENT_NEW_CALLOUT`: an ERS callout.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct NewCallout {
    /// The callout, kept as sent: the docs show `calloutLocations`, `pedWeaponData`, `pedChanceTo…` at this
    /// level, while the vendor's ERS integration reads `callout.data.CalloutLocations`.
    pub callout: serde_json::Value,
}

open_enum! {
    /// The nature of an Inferno pager page.
    pub enum PagerNature {
        /// `Emergency`.
        Emergency = "Emergency",
        /// `NonEmergency`.
        NonEmergency = "NonEmergency",
        /// `Administrative`.
        Administrative = "Administrative",
    }
}

/// `EVENT_PAGER_REBORN`: an Inferno pager page.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct PagerReborn {
    /// The paged addresses, e.g. `FIRE-1`.
    #[serde(default)]
    pub addresses: Vec<String>,
    /// The paged unit identifier ids.
    #[serde(default)]
    pub ident_ids: IdList,
    /// The page's nature.
    pub nature: PagerNature,
    /// The message.
    pub body: String,
}

/// `EVENT_STATION_ALERT`: a station alert.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct StationAlert {
    /// The alerted stations.
    #[serde(default)]
    pub locations: Vec<StationLocation>,
    /// The text-to-speech message, or base64 audio.
    #[serde(default)]
    pub message: Option<String>,
    /// Light colours, e.g. `blue`.
    #[serde(default)]
    pub colors: Vec<String>,
    /// The tone: a name, or the URL of hosted audio.
    #[serde(default)]
    pub tone: Option<String>,
}

/// A station of a station alert and its doors.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct StationLocation {
    /// The station's name.
    pub name: String,
    /// Doors to open.
    #[serde(default)]
    pub open: Vec<String>,
    /// Doors to close.
    #[serde(default)]
    pub close: Vec<String>,
}

/// `EVENT_PRINT_RECORD`: a unit printed a record.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct PrintRecord {
    /// The unit identifier id that printed.
    #[serde(deserialize_with = "lenient_i64")]
    pub ident_id: i64,
    /// The PDF's URL.
    pub url: String,
}

/// `GET_LOGS`: the CAD asks for the game server's support logs.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetLogs {
    /// The top-level `logKey` that identifies the support request.
    pub log_key: String,
    /// `data`, verbatim, if any (`None` when absent or `null`).
    pub data: Option<RawJson>,
}

/// A push event of a `type` this version does not know.
///
/// The API key is never kept: only `type`, `data` and the other top-level fields.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnknownEvent {
    /// The `type` exactly as sent (not upper-cased).
    pub event_type: String,
    /// `data`, verbatim (`None` when absent or `null`).
    pub data: Option<RawJson>,
    /// Every other top-level field except `key`, `type` and `data`.
    pub extra: JsonMap,
}

// ----- Wire format -----------------------------------------------------------------------------------------

/// Push event types with a typed `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DataKind {
    Call911,
    Remove911,
    DispatchNew,
    DispatchEdit,
    DispatchClosed,
    DispatchNote,
    UnitAttach,
    UnitDetach,
    ToggleBodycam,
    UnitLogin,
    UnitLogout,
    UnitStatus,
    UnitUpdate,
    UnitPanic,
    GroupAdd,
    GroupRemove,
    GroupChangeName,
    RecordAdd,
    RecordEdit,
    RecordRemove,
    StreetSign,
    Tone,
    CharSelected,
    LinkVerified,
    NewCallout,
    PagerReborn,
    StationAlert,
    PrintRecord,
}

/// What a known `type` needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Data(DataKind),
    GetLogs,
}

impl Kind {
    /// The kind of an upper-case type name, current or old.
    fn from_upper(name: &str) -> Option<Self> {
        use DataKind as D;
        Some(Self::Data(match name {
            "EVENT_911" => D::Call911,
            "EVENT_REMOVE_911" => D::Remove911,
            "EVENT_DISPATCH_NEW" => D::DispatchNew,
            "EVENT_DISPATCH_EDIT" => D::DispatchEdit,
            "EVENT_DISPATCH_CLOSED" | "EVENT_DISPATCH_CLOSE" => D::DispatchClosed,
            "EVENT_DISPATCH_NOTE" => D::DispatchNote,
            "EVENT_DISPATCH_UNIT_ATTACH" | "EVENT_UNIT_ATTACH" => D::UnitAttach,
            "EVENT_DISPATCH_UNIT_DETACH" | "EVENT_UNIT_DETACH" => D::UnitDetach,
            "EVENT_DISPATCH_TOGGLE_BODYCAM" => D::ToggleBodycam,
            "EVENT_UNIT_LOGIN" => D::UnitLogin,
            "EVENT_UNIT_LOGOUT" => D::UnitLogout,
            "EVENT_UNIT_STATUS" => D::UnitStatus,
            "EVENT_UNIT_UPDATE" => D::UnitUpdate,
            "EVENT_UNIT_PANIC" => D::UnitPanic,
            "EVENT_UNIT_GROUP_ADD" => D::GroupAdd,
            "EVENT_UNIT_GROUP_REMOVE" => D::GroupRemove,
            "EVENT_UNIT_GROUP_CHANGE_NAME" => D::GroupChangeName,
            "EVENT_RECORD_ADD" => D::RecordAdd,
            "EVENT_RECORD_EDIT" => D::RecordEdit,
            "EVENT_RECORD_REMOVE" => D::RecordRemove,
            "EVENT_STREETSIGN_UPDATED" => D::StreetSign,
            "EVENT_TONE" => D::Tone,
            "EVENT_CHAR_SELECTED" => D::CharSelected,
            "EVENT_COMMUNITY_LINK_VERIFIED" => D::LinkVerified,
            "EVENT_NEW_CALLOUT" => D::NewCallout,
            "EVENT_PAGER_REBORN" => D::PagerReborn,
            "EVENT_STATION_ALERT" => D::StationAlert,
            "EVENT_PRINT_RECORD" => D::PrintRecord,
            "GET_LOGS" => return Some(Self::GetLogs),
            _ => return None,
        }))
    }

    /// The kind of a type name in any ASCII case, as the vendor's receiver matches it.
    fn from_name(name: &str) -> Option<Self> {
        match Self::from_upper(name) {
            None if name.bytes().any(|b| b.is_ascii_lowercase()) => Self::from_upper(&name.to_ascii_uppercase()),
            kind => kind,
        }
    }
}

impl DataKind {
    /// The canonical type name, for error messages.
    fn name(self) -> &'static str {
        match self {
            Self::Call911 => "EVENT_911",
            Self::Remove911 => "EVENT_REMOVE_911",
            Self::DispatchNew => "EVENT_DISPATCH_NEW",
            Self::DispatchEdit => "EVENT_DISPATCH_EDIT",
            Self::DispatchClosed => "EVENT_DISPATCH_CLOSED",
            Self::DispatchNote => "EVENT_DISPATCH_NOTE",
            Self::UnitAttach => "EVENT_DISPATCH_UNIT_ATTACH",
            Self::UnitDetach => "EVENT_DISPATCH_UNIT_DETACH",
            Self::ToggleBodycam => "EVENT_DISPATCH_TOGGLE_BODYCAM",
            Self::UnitLogin => "EVENT_UNIT_LOGIN",
            Self::UnitLogout => "EVENT_UNIT_LOGOUT",
            Self::UnitStatus => "EVENT_UNIT_STATUS",
            Self::UnitUpdate => "EVENT_UNIT_UPDATE",
            Self::UnitPanic => "EVENT_UNIT_PANIC",
            Self::GroupAdd => "EVENT_UNIT_GROUP_ADD",
            Self::GroupRemove => "EVENT_UNIT_GROUP_REMOVE",
            Self::GroupChangeName => "EVENT_UNIT_GROUP_CHANGE_NAME",
            Self::RecordAdd => "EVENT_RECORD_ADD",
            Self::RecordEdit => "EVENT_RECORD_EDIT",
            Self::RecordRemove => "EVENT_RECORD_REMOVE",
            Self::StreetSign => "EVENT_STREETSIGN_UPDATED",
            Self::Tone => "EVENT_TONE",
            Self::CharSelected => "EVENT_CHAR_SELECTED",
            Self::LinkVerified => "EVENT_COMMUNITY_LINK_VERIFIED",
            Self::NewCallout => "EVENT_NEW_CALLOUT",
            Self::PagerReborn => "EVENT_PAGER_REBORN",
            Self::StationAlert => "EVENT_STATION_ALERT",
            Self::PrintRecord => "EVENT_PRINT_RECORD",
        }
    }
}

/// Parses `data` straight into the payload of its kind, as an object or a one-element array, and stores the
/// event in the slot (in place: not moved back through serde's return values).
struct DataSeed<'s>(DataKind, &'s mut Option<Event>);

impl<'de> DeserializeSeed<'de> for DataSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        use object_or_single_element as data;
        let DataSeed(kind, slot) = self;
        *slot = Some(match kind {
            DataKind::Call911 => Event::Call911(data(d)?),
            DataKind::Remove911 => Event::Remove911(data(d)?),
            DataKind::DispatchNew => Event::DispatchNew(data(d)?),
            DataKind::DispatchEdit => Event::DispatchEdit(data(d)?),
            DataKind::DispatchClosed => Event::DispatchClosed(data(d)?),
            DataKind::DispatchNote => Event::DispatchNote(data(d)?),
            DataKind::UnitAttach => Event::DispatchUnitAttach(data(d)?),
            DataKind::UnitDetach => Event::DispatchUnitDetach(data(d)?),
            DataKind::ToggleBodycam => Event::DispatchToggleBodycam(data(d)?),
            DataKind::UnitLogin => Event::UnitLogin(data(d)?),
            DataKind::UnitLogout => Event::UnitLogout(data(d)?),
            DataKind::UnitStatus => Event::UnitStatus(data(d)?),
            DataKind::UnitUpdate => Event::UnitUpdate(data(d)?),
            DataKind::UnitPanic => Event::UnitPanic(data(d)?),
            DataKind::GroupAdd => Event::UnitGroupAdd(data(d)?),
            DataKind::GroupRemove => Event::UnitGroupRemove(data(d)?),
            DataKind::GroupChangeName => Event::UnitGroupChangeName(data(d)?),
            DataKind::RecordAdd => Event::RecordAdd(data(d)?),
            DataKind::RecordEdit => Event::RecordEdit(data(d)?),
            DataKind::RecordRemove => Event::RecordRemove(data(d)?),
            DataKind::StreetSign => Event::StreetSignUpdated(data(d)?),
            DataKind::Tone => Event::Tone(data(d)?),
            DataKind::CharSelected => Event::CharSelected(data(d)?),
            DataKind::LinkVerified => Event::CommunityLinkVerified(data(d)?),
            DataKind::NewCallout => Event::NewCallout(data(d)?),
            DataKind::PagerReborn => Event::PagerReborn(data(d)?),
            DataKind::StationAlert => Event::StationAlert(data(d)?),
            DataKind::PrintRecord => Event::PrintRecord(data(d)?),
        });
        Ok(())
    }
}

/// What one parse needs and what it learns on failure: an auth failure found inside the visitor is recorded
/// here and surfaces as a serde error, which [`Context::error`] maps back to the typed [`Error`].
struct Context<'a> {
    keys: &'a Keys,
    auth: Cell<Option<AuthFailure>>,
    /// Set while `data` is being parsed into its type, so a failure can name the event type.
    data_of: Cell<Option<DataKind>>,
}

impl Context<'_> {
    fn error(&self, err: &serde_json::Error) -> Error {
        match (self.auth.get(), self.data_of.get()) {
            (Some(failure), _) => failure.into_error(),
            (None, Some(kind)) => data_error(kind, err),
            (None, None) => Error::malformed(err),
        }
    }
}

fn data_error(kind: DataKind, err: &serde_json::Error) -> Error {
    Error::MalformedBody(format!("invalid `data` for {}: {err}", kind.name()))
}

/// A field whose value is a string or something else (`key`, `type`): never a type error, so an envelope
/// problem never hides an authentication failure.
enum StringField<'de> {
    String(Cow<'de, str>),
    Other,
}

impl<'de> Deserialize<'de> for StringField<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StringField<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(StringField::String(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StringField::String(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(StringField::String(Cow::Owned(v)))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(StringField::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(StringField::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(StringField::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(StringField::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(StringField::Other)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(StringField::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                de::IgnoredAny.visit_seq(seq).map(|_| StringField::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                de::IgnoredAny.visit_map(map).map(|_| StringField::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// A top-level field name, borrowed when it has no escapes.
struct FieldName<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldName<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// The envelope as read in one pass. The key itself is never stored: only whether it was accepted.
struct Wire<'de> {
    key_accepted: bool,
    /// `None`: absent; `Some(None)`: not a string.
    type_name: Option<Option<Cow<'de, str>>>,
    kind: Option<Kind>,
    /// `data` parsed into its type: the key was accepted and the type known when it came.
    parsed: Option<Event>,
    /// `data` kept raw: it came before `key` or `type`, or its type is unknown.
    raw: Option<&'de RawValue>,
    extra: JsonMap,
}

impl Wire<'_> {
    fn new(keys: &Keys) -> Self {
        Wire {
            key_accepted: matches!(keys, Keys::Unauthenticated),
            type_name: None,
            kind: None,
            parsed: None,
            raw: None,
            extra: JsonMap::new(),
        }
    }
}

/// Reads the envelope into the [`Wire`], checking the key the moment it is read.
struct EnvelopeSeed<'c, 'k, 'w, 'de>(&'c Context<'k>, &'w mut Wire<'de>);

impl<'de> DeserializeSeed<'de> for EnvelopeSeed<'_, '_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_, '_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Sonoran CAD push event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let EnvelopeSeed(context, wire) = self;
        let mut key_seen = false;
        while let Some(FieldName(name)) = map.next_key()? {
            match name.as_ref() {
                "key" => {
                    if key_seen {
                        return Err(de::Error::duplicate_field("key"));
                    }
                    key_seen = true;
                    if matches!(context.keys, Keys::Unauthenticated) {
                        map.next_value::<de::IgnoredAny>()?;
                        continue;
                    }
                    let presented = match map.next_value::<StringField<'de>>()? {
                        StringField::String(key) => Some(key),
                        StringField::Other => None,
                    };
                    if let Err(failure) = context.keys.check(presented.as_deref()) {
                        // Stop here: nothing after a wrong key is read, let alone parsed.
                        context.auth.set(Some(failure));
                        return Err(de::Error::custom("the push event's key was refused"));
                    }
                    wire.key_accepted = true;
                }
                "type" => {
                    if wire.type_name.is_some() {
                        return Err(de::Error::duplicate_field("type"));
                    }
                    let name = match map.next_value::<StringField<'de>>()? {
                        StringField::String(name) => Some(name),
                        StringField::Other => None,
                    };
                    wire.kind = name.as_deref().and_then(Kind::from_name);
                    wire.type_name = Some(name);
                }
                "data" => {
                    if wire.parsed.is_some() || wire.raw.is_some() {
                        return Err(de::Error::duplicate_field("data"));
                    }
                    match (wire.key_accepted, wire.kind) {
                        (true, Some(Kind::Data(kind))) => {
                            context.data_of.set(Some(kind));
                            map.next_value_seed(DataSeed(kind, &mut wire.parsed))?;
                            context.data_of.set(None);
                        }
                        _ => wire.raw = Some(map.next_value()?),
                    }
                }
                _ => {
                    // Top-level fields beside the envelope are legitimate (`logKey` of `GET_LOGS`).
                    let name = name.into_owned();
                    if wire.extra.contains_key(&name) {
                        return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
                    }
                    let value = map.next_value::<serde_json::Value>()?;
                    wire.extra.insert(name, value);
                }
            }
        }
        Ok(())
    }
}

impl Wire<'_> {
    fn into_event(self) -> Result<Event, Error> {
        if !self.key_accepted {
            return Err(AuthFailure::Missing.into_error());
        }
        let event_type = match self.type_name {
            None => return Err(Error::MalformedBody("missing field `type`".into())),
            Some(None) => return Err(Error::MalformedBody("field `type` is not a string".into())),
            Some(Some(name)) => name,
        };
        match self.kind {
            Some(Kind::Data(kind)) => {
                let mut parsed = self.parsed;
                if let (None, Some(raw)) = (&parsed, self.raw) {
                    let mut de = serde_json::Deserializer::from_str(raw.get());
                    DataSeed(kind, &mut parsed).deserialize(&mut de).map_err(|err| data_error(kind, &err))?;
                }
                let Some(mut event) = parsed else {
                    return Err(Error::MalformedBody(format!("missing field `data` for {}", kind.name())));
                };
                group_add_ids_from_top_level(&mut event, &self.extra);
                Ok(event)
            }
            Some(Kind::GetLogs) => {
                let mut extra = self.extra;
                match extra.remove("logKey") {
                    Some(serde_json::Value::String(log_key)) => {
                        Ok(Event::GetLogs(GetLogs { log_key, data: raw_data(self.raw) }))
                    }
                    _ => Err(Error::MalformedBody("GET_LOGS without a string `logKey`".into())),
                }
            }
            None => Ok(Event::Unknown(UnknownEvent {
                event_type: event_type.into_owned(),
                data: raw_data(self.raw),
                extra: self.extra,
            })),
        }
    }
}

/// The vendor's receiver reads a group-add's `identId`/`identIds` from the top level of the body, not from
/// `data` where the docs put them (sonoran-cad.md §5). Where `data` lacks them, take them from the top level,
/// so the ids are not lost whichever place the CAD uses.
fn group_add_ids_from_top_level(event: &mut Event, extra: &JsonMap) {
    let Event::UnitGroupAdd(add) = event else { return };
    let ids = |name: &str| extra.get(name).and_then(|value| IdList::deserialize(value).ok());
    if add.ident_id.is_none() {
        add.ident_id = ids("identId").and_then(|list| list.first().copied());
    }
    if add.ident_ids.is_empty() {
        if let Some(list) = ids("identIds") {
            add.ident_ids = list;
        }
    }
}

/// `data` kept verbatim, `null` and absent alike as `None`.
fn raw_data(data: Option<&RawValue>) -> Option<RawJson> {
    data.filter(|raw| raw.get() != "null").map(RawJson::from_raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_match_in_any_case_and_old_names_map_to_current_kinds() {
        assert_eq!(Kind::from_name("EVENT_911"), Some(Kind::Data(DataKind::Call911)));
        assert_eq!(Kind::from_name("event_911"), Some(Kind::Data(DataKind::Call911)));
        assert_eq!(Kind::from_name("Get_Logs"), Some(Kind::GetLogs));
        assert_eq!(Kind::from_name("EVENT_DISPATCH_CLOSE"), Some(Kind::Data(DataKind::DispatchClosed)));
        assert_eq!(Kind::from_name("EVENT_UNIT_ATTACH"), Some(Kind::Data(DataKind::UnitAttach)));
        assert_eq!(Kind::from_name("EVENT_UNIT_LOCATION"), None);
    }

    #[test]
    fn keys_compare_exactly_unless_told_otherwise() {
        let source = SonoranCad::new(["Key-One"]).unwrap();
        assert_eq!(source.keys.check(Some("Key-One")), Ok(()));
        assert_eq!(source.keys.check(Some("KEY-ONE")), Err(AuthFailure::Wrong));
        assert_eq!(source.keys.check(None), Err(AuthFailure::NotAString));
        let source = source.with_case_insensitive_keys();
        assert_eq!(source.keys.check(Some("key-one")), Ok(()));
        assert_eq!(source.keys.check(Some("key-two")), Err(AuthFailure::Wrong));
        assert_eq!(SonoranCad::unauthenticated().keys.check(None), Ok(()));
    }
}
