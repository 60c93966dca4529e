//! Khan, the clan and player service by topfreegames: one `POST` per event to each hook URL registered for
//! the event's type.
//!
//! What Khan does and does not do, and what follows for a receiver:
//!
//! - **No signing.** Nothing identifies the sender but what the hook URL carries: HTTP Basic from a
//!   `http://user:pass@host/…` URL (Go's client sends it), or a token templated into the URL. Configure the
//!   matching [`Auth`] ([`Auth::basic`], [`Auth::query_token`]), or say [`Auth::unauthenticated`].
//! - **No retries, 500 ms timeout.** Khan posts once, waits 500 ms by default, logs the outcome and moves on:
//!   a slow or failed answer loses the event. Answer at once with a 2xx and process later.
//! - **`id` is the deduplication key.** Every body carries a UUID v4 `id`, generated once per event and sent
//!   to every hook URL of that event; it is [`DeliveryMeta::id`](crate::DeliveryMeta::id). The body's
//!   `timestamp` (when the event was queued, whole seconds, the Khan server's UTC offset) is
//!   [`DeliveryMeta::timestamp`](crate::DeliveryMeta::timestamp).
//! - **Hooks may fire for changes that were rolled back.** Several handlers (clan created, owner left,
//!   ownership transferred, membership created, approved, denied, left) queue the hook before their
//!   database commit; treat an event as a hint and read the current state from Khan when it matters.
//! - **No ordering.** Five workers send concurrently; events about the same clan can arrive in any order.
//!
//! Bodies are flat JSON objects from Go's `json.Marshal` of a map (keys sorted, so `type` comes near the
//! end). They are read in one pass into every field any type can have, then shaped by the integer `type`
//! (0 to 12, see [`Event`]). Khan sends no `Content-Type` before 4.4.0, so none is required. A `type` this
//! version does not model is delivered as [`Event::Unknown`] with the body kept verbatim.

use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Deserializer, Serialize, de};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::auth::Auth;
use crate::delivery::{Delivery, DeliveryMeta, Received};
use crate::error::Error;
use crate::incoming::Incoming;
use crate::json::RawJson;
use crate::source::{Limits, Source, SourceKind, check_method_and_size, limit_accessors, limit_builders};
use crate::timestamp::Timestamp;

/// The Khan source: how its requests are authenticated, and its body limit.
///
/// ```
/// use receiver_core::{Auth, Incoming, Khan, Source, khan};
///
/// // The hook was registered as http://khan:s3cret@receiver.example/khan
/// let source = Khan::new(Auth::basic([("khan", "s3cret")])?);
/// let body = br#"{"gameID":"my-game","id":"6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b","membershipCount":0,"metadata":{},"name":"Alice","ownershipCount":0,"publicID":"p-alice","timestamp":"2021-12-08T19:33:55Z","type":1}"#;
/// let headers = [("Authorization", "Basic a2hhbjpzM2NyZXQ=")];
/// let delivery = source.receive(&Incoming::post(&headers, body))?.into_delivery();
/// assert!(matches!(delivery.event, khan::Event::PlayerCreated(ref p) if p.name == "Alice"));
/// assert_eq!(delivery.meta.id.as_deref(), Some("6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Khan {
    auth: Auth,
    limits: Limits,
}

impl Khan {
    /// A Khan source authenticated by `auth`: [`Auth::basic`] for a `user:pass@` hook URL,
    /// [`Auth::query_token`] for a token in the hook URL, or [`Auth::unauthenticated`].
    pub fn new(auth: Auth) -> Self {
        Self { auth, limits: Limits::default() }
    }

    limit_builders!();
}

impl Source for Khan {
    type Event = Event;

    fn kind(&self) -> SourceKind {
        SourceKind::Khan
    }

    limit_accessors!();

    fn auth_description(&self) -> String {
        self.auth.description()
    }

    fn receive_at(&self, incoming: &Incoming<'_>, _now: SystemTime) -> Result<Received<Event>, Error> {
        check_method_and_size(SourceKind::Khan, self.limits.max_body_bytes, incoming)?;
        self.auth.check(incoming)?;
        let parsed = parse(incoming.body())?;
        let mut meta = DeliveryMeta::new(SourceKind::Khan);
        meta.id = parsed.id;
        meta.timestamp = parsed.timestamp;
        Ok(Received::Event(Delivery::new(meta, parsed.event)))
    }
}

/// One Khan hook, by its integer `type`.
///
/// The variants are named after Khan's Go constants (`models/hook.go`, without the `Hook` suffix); the
/// codes are in each variant's documentation and in [`Event::type_code`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// `0`: a game's settings were updated (`PUT /games/:gameID`; not sent on game creation).
    GameUpdated(GameUpdated),
    /// `1`: a player was created.
    PlayerCreated(Player),
    /// `2`: a player was updated: sent only when the player is new (the update upserts), its name changed,
    /// or a metadata key listed in the game's `playerHookFieldsWhitelist` changed.
    PlayerUpdated(Player),
    /// `3`: a clan was created.
    ClanCreated(ClanChanged),
    /// `4`: a clan was updated: sent only when its name, `allowApplication` or `autoJoin` changed, or a
    /// metadata key listed in the game's `clanHookFieldsWhitelist` changed.
    ClanUpdated(ClanChanged),
    /// `5`: the clan's owner left (Khan's docs: "Clan Owner Left"); the clan is deleted when nobody was
    /// left to take over ([`OwnershipChange::is_deleted`]).
    ClanLeft(OwnershipChange),
    /// `6`: the owner transferred the clan to another member.
    ClanOwnershipTransferred(OwnershipChange),
    /// `7`: a player applied to a clan or was invited to it. With an auto-join clan the application is
    /// approved at once and only this event is sent, no `MembershipApproved`.
    MembershipApplicationCreated(MembershipChange),
    /// `8`: an application or invitation was approved.
    MembershipApproved(MembershipDecision),
    /// `9`: an application or invitation was denied.
    MembershipDenied(MembershipDecision),
    /// `10`: a member was promoted; `player.membership_level` is the new level.
    MembershipPromoted(MembershipChange),
    /// `11`: a member was demoted; `player.membership_level` is the new level.
    MembershipDemoted(MembershipChange),
    /// `12`: a member left or was removed (`requestor` is the player on a voluntary leave); never has a
    /// `message`.
    MembershipLeft(MembershipChange),
    /// A `type` this version does not model, with the whole body as received.
    Unknown(UnknownEvent),
}

impl Event {
    /// Parses a Khan hook body (no authentication: see [`Khan`] for that).
    ///
    /// The body's `id` and `timestamp` are checked but not kept here; [`Khan`] returns them in the
    /// [`DeliveryMeta`].
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        parse(body).map(|parsed| parsed.event)
    }

    /// The hook type code as sent: `0` to `12`, or whatever an [`Event::Unknown`] carried.
    pub fn type_code(&self) -> i64 {
        match self.kind() {
            Ok(kind) => kind.code(),
            Err(unknown) => unknown.type_code,
        }
    }

    /// The type's name: the variant's name (`"ClanLeft"`), or `"Unknown"`.
    pub fn type_name(&self) -> &'static str {
        self.kind().map_or("Unknown", Kind::name)
    }

    /// The game the event belongs to: `gameID`, or `publicID` for [`Event::GameUpdated`] (which has no
    /// `gameID`); `None` for an unknown event.
    pub fn game_id(&self) -> Option<&str> {
        Some(match self {
            Self::GameUpdated(game) => &game.public_id,
            Self::PlayerCreated(player) | Self::PlayerUpdated(player) => &player.game_id,
            Self::ClanCreated(change) | Self::ClanUpdated(change) => &change.game_id,
            Self::ClanLeft(change) | Self::ClanOwnershipTransferred(change) => &change.game_id,
            Self::MembershipApplicationCreated(change)
            | Self::MembershipPromoted(change)
            | Self::MembershipDemoted(change)
            | Self::MembershipLeft(change) => &change.game_id,
            Self::MembershipApproved(decision) | Self::MembershipDenied(decision) => &decision.game_id,
            Self::Unknown(_) => return None,
        })
    }

    fn kind(&self) -> Result<Kind, &UnknownEvent> {
        Ok(match self {
            Self::GameUpdated(_) => Kind::GameUpdated,
            Self::PlayerCreated(_) => Kind::PlayerCreated,
            Self::PlayerUpdated(_) => Kind::PlayerUpdated,
            Self::ClanCreated(_) => Kind::ClanCreated,
            Self::ClanUpdated(_) => Kind::ClanUpdated,
            Self::ClanLeft(_) => Kind::ClanLeft,
            Self::ClanOwnershipTransferred(_) => Kind::ClanOwnershipTransferred,
            Self::MembershipApplicationCreated(_) => Kind::MembershipApplicationCreated,
            Self::MembershipApproved(_) => Kind::MembershipApproved,
            Self::MembershipDenied(_) => Kind::MembershipDenied,
            Self::MembershipPromoted(_) => Kind::MembershipPromoted,
            Self::MembershipDemoted(_) => Kind::MembershipDemoted,
            Self::MembershipLeft(_) => Kind::MembershipLeft,
            Self::Unknown(unknown) => return Err(unknown),
        })
    }
}

/// Type `0`: the game's new settings, echoing the update request (not read back from Khan's database).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct GameUpdated {
    /// The game's id (this event has no `gameID`).
    #[serde(rename = "publicID")]
    pub public_id: String,
    /// The game's name.
    pub name: String,
    /// Level name to level number, e.g. `{"Member": 1, "Elder": 2, "CoLeader": 3}`; the numbers are
    /// whatever the update request held.
    pub membership_levels: Map<String, Value>,
    /// The game's metadata, as sent (normally an object; `null` is possible).
    pub metadata: Value,
    /// The lowest level that may accept applications.
    pub min_level_to_accept_application: i64,
    /// The lowest level that may invite players.
    pub min_level_to_create_invitation: i64,
    /// The lowest level that may remove members.
    pub min_level_to_remove_member: i64,
    /// How many levels above a member one must be to remove them.
    pub min_level_offset_to_remove_member: i64,
    /// How many levels above a member one must be to promote them.
    pub min_level_offset_to_promote_member: i64,
    /// How many levels above a member one must be to demote them.
    pub min_level_offset_to_demote_member: i64,
    /// The most members a clan may have.
    pub max_members: i64,
    /// The most clans a player may belong to.
    pub max_clans_per_player: i64,
    /// Seconds before a player may apply again after a denial.
    pub cooldown_after_deny: i64,
    /// Seconds before a player may apply again after being removed.
    pub cooldown_after_delete: i64,
    /// Seconds between two applications of the same player.
    pub cooldown_before_apply: i64,
    /// Seconds between two invitations of the same player.
    pub cooldown_before_invite: i64,
    /// The most pending invitations a player may have (`0`: no limit).
    pub max_pending_invites: i64,
}

/// Types `1` and `2`: a player, at the top level of the body (Khan's `Player.Serialize`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Player {
    /// The game the player belongs to.
    #[serde(rename = "gameID")]
    pub game_id: String,
    /// The player's id in the game.
    #[serde(rename = "publicID")]
    pub public_id: String,
    /// The player's name (decrypted if Khan stores names encrypted).
    pub name: String,
    /// The player's metadata, as sent (normally an object; `null` is possible).
    pub metadata: Value,
    /// How many clans the player is a member of.
    pub membership_count: i64,
    /// How many clans the player owns.
    pub ownership_count: i64,
}

/// A player inside another event: [`Player`] without `gameID` (it is the event's).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct PlayerRef {
    /// The player's id in the game.
    #[serde(rename = "publicID")]
    pub public_id: String,
    /// The player's name.
    pub name: String,
    /// The player's metadata, as sent.
    pub metadata: Value,
    /// How many clans the player is a member of.
    pub membership_count: i64,
    /// How many clans the player owns.
    pub ownership_count: i64,
}

/// The player a membership event is about: a [`PlayerRef`] and the membership's level.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Member {
    /// The player's id in the game.
    #[serde(rename = "publicID")]
    pub public_id: String,
    /// The player's name.
    pub name: String,
    /// The player's metadata, as sent.
    pub metadata: Value,
    /// How many clans the player is a member of.
    pub membership_count: i64,
    /// How many clans the player owns.
    pub ownership_count: i64,
    /// The membership's level *name*, e.g. `"Member"`: a key of the game's
    /// [`membership_levels`](GameUpdated::membership_levels).
    pub membership_level: String,
}

impl Member {
    /// The same player without the level.
    pub fn to_player_ref(&self) -> PlayerRef {
        PlayerRef {
            public_id: self.public_id.clone(),
            name: self.name.clone(),
            metadata: self.metadata.clone(),
            membership_count: self.membership_count,
            ownership_count: self.ownership_count,
        }
    }
}

/// A clan as types `3` and `4` send it: with its owner.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ClanWithOwner {
    /// The clan's id in the game.
    #[serde(rename = "publicID")]
    pub public_id: String,
    /// The clan's name.
    pub name: String,
    /// How many members the clan has.
    pub membership_count: i64,
    /// The owner's player id. On [`Event::ClanUpdated`] it is the one named in the update request.
    #[serde(rename = "ownerPublicID")]
    pub owner_public_id: String,
    /// The clan's metadata, as sent (normally an object; `null` is possible).
    pub metadata: Value,
    /// Whether players may apply to the clan.
    pub allow_application: bool,
    /// Whether applications are approved at once.
    pub auto_join: bool,
}

/// A clan as types `5` to `12` send it (Khan's `Clan.Serialize`): without its owner.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Clan {
    /// The clan's id in the game.
    #[serde(rename = "publicID")]
    pub public_id: String,
    /// The clan's name.
    pub name: String,
    /// How many members the clan has.
    pub membership_count: i64,
    /// The clan's metadata, as sent (normally an object; `null` is possible).
    pub metadata: Value,
    /// Whether players may apply to the clan.
    pub allow_application: bool,
    /// Whether applications are approved at once.
    pub auto_join: bool,
}

/// Types `3` and `4`: a clan was created or updated.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ClanChanged {
    /// The game.
    #[serde(rename = "gameID")]
    pub game_id: String,
    /// The clan, with its owner.
    pub clan: ClanWithOwner,
}

/// Types `5` and `6`: the clan's owner changed, because the owner left or handed the clan over.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct OwnershipChange {
    /// The game.
    #[serde(rename = "gameID")]
    pub game_id: String,
    /// The clan.
    pub clan: Clan,
    /// The owner before.
    pub previous_owner: PlayerRef,
    /// The owner now; `None` (`null`) when the owner was the last member and the clan was deleted.
    pub new_owner: Option<PlayerRef>,
    /// Whether the clan was deleted (exactly when `new_owner` is `None`); always `false` on
    /// [`Event::ClanOwnershipTransferred`].
    pub is_deleted: bool,
}

/// Types `7`, `10`, `11` and `12`: a membership was created, promoted, demoted or ended.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct MembershipChange {
    /// The game.
    #[serde(rename = "gameID")]
    pub game_id: String,
    /// The clan.
    pub clan: Clan,
    /// The player whose membership it is, with the membership's level (after a promotion or demotion; of
    /// the ended membership on [`Event::MembershipLeft`]).
    pub player: Member,
    /// Who did it: the applicant or the inviter (`7`), the promoter or demoter, or who removed the member
    /// (the member itself on a voluntary leave).
    pub requestor: PlayerRef,
    /// The message of the application or invitation, when it had a non-empty one (never on `12`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Types `8` and `9`: an application or invitation was approved or denied.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct MembershipDecision {
    /// The game.
    #[serde(rename = "gameID")]
    pub game_id: String,
    /// The clan.
    pub clan: Clan,
    /// The player whose membership it is, with its level.
    pub player: Member,
    /// Who approved or denied (the player itself when accepting or refusing an invitation).
    pub requestor: PlayerRef,
    /// Who created the membership: the applicant or the inviter. Sent by Khan 5.x; optional so that
    /// older Khan versions' hooks are still delivered (khan.md §10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<PlayerRef>,
    /// The message of the original application or invitation, when it had a non-empty one (not anything
    /// sent with the approval or denial).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A hook `type` this version does not model.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownEvent {
    /// The `type` as sent.
    pub type_code: i64,
    /// The whole body, verbatim.
    pub raw: RawJson,
}

// ----- Wire format -----------------------------------------------------------------------------------------

/// The 13 hook types of `models/hook.go`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    GameUpdated,
    PlayerCreated,
    PlayerUpdated,
    ClanCreated,
    ClanUpdated,
    ClanLeft,
    ClanOwnershipTransferred,
    MembershipApplicationCreated,
    MembershipApproved,
    MembershipDenied,
    MembershipPromoted,
    MembershipDemoted,
    MembershipLeft,
}

impl Kind {
    fn from_code(code: i64) -> Option<Self> {
        Some(match code {
            0 => Self::GameUpdated,
            1 => Self::PlayerCreated,
            2 => Self::PlayerUpdated,
            3 => Self::ClanCreated,
            4 => Self::ClanUpdated,
            5 => Self::ClanLeft,
            6 => Self::ClanOwnershipTransferred,
            7 => Self::MembershipApplicationCreated,
            8 => Self::MembershipApproved,
            9 => Self::MembershipDenied,
            10 => Self::MembershipPromoted,
            11 => Self::MembershipDemoted,
            12 => Self::MembershipLeft,
            _ => return None,
        })
    }

    fn code(self) -> i64 {
        match self {
            Self::GameUpdated => 0,
            Self::PlayerCreated => 1,
            Self::PlayerUpdated => 2,
            Self::ClanCreated => 3,
            Self::ClanUpdated => 4,
            Self::ClanLeft => 5,
            Self::ClanOwnershipTransferred => 6,
            Self::MembershipApplicationCreated => 7,
            Self::MembershipApproved => 8,
            Self::MembershipDenied => 9,
            Self::MembershipPromoted => 10,
            Self::MembershipDemoted => 11,
            Self::MembershipLeft => 12,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::GameUpdated => "GameUpdated",
            Self::PlayerCreated => "PlayerCreated",
            Self::PlayerUpdated => "PlayerUpdated",
            Self::ClanCreated => "ClanCreated",
            Self::ClanUpdated => "ClanUpdated",
            Self::ClanLeft => "ClanLeft",
            Self::ClanOwnershipTransferred => "ClanOwnershipTransferred",
            Self::MembershipApplicationCreated => "MembershipApplicationCreated",
            Self::MembershipApproved => "MembershipApproved",
            Self::MembershipDenied => "MembershipDenied",
            Self::MembershipPromoted => "MembershipPromoted",
            Self::MembershipDemoted => "MembershipDemoted",
            Self::MembershipLeft => "MembershipLeft",
        }
    }

    /// The payload keys (besides `type`, `id`, `timestamp`) this type sends, as in khan.md §7.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Self::GameUpdated => &[
                "publicID",
                "name",
                "membershipLevels",
                "metadata",
                "minLevelToAcceptApplication",
                "minLevelToCreateInvitation",
                "minLevelToRemoveMember",
                "minLevelOffsetToRemoveMember",
                "minLevelOffsetToPromoteMember",
                "minLevelOffsetToDemoteMember",
                "maxMembers",
                "maxClansPerPlayer",
                "cooldownAfterDeny",
                "cooldownAfterDelete",
                "cooldownBeforeApply",
                "cooldownBeforeInvite",
                "maxPendingInvites",
            ],
            Self::PlayerCreated | Self::PlayerUpdated => {
                &["gameID", "publicID", "name", "metadata", "membershipCount", "ownershipCount"]
            }
            Self::ClanCreated | Self::ClanUpdated => &["gameID", "clan"],
            Self::ClanLeft | Self::ClanOwnershipTransferred => {
                &["gameID", "clan", "previousOwner", "newOwner", "isDeleted"]
            }
            Self::MembershipApplicationCreated | Self::MembershipPromoted | Self::MembershipDemoted => {
                &["gameID", "clan", "player", "requestor", "message"]
            }
            Self::MembershipApproved | Self::MembershipDenied => {
                &["gameID", "clan", "player", "requestor", "creator", "message"]
            }
            Self::MembershipLeft => &["gameID", "clan", "player", "requestor"],
        }
    }

    fn missing(self, field: &str) -> Error {
        Error::MalformedBody(format!("missing field `{field}` for {self}"))
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Khan type {} ({})", self.code(), self.name())
    }
}

/// A parsed body: the event and the envelope's `id` and `timestamp`.
struct Parsed {
    event: Event,
    id: Option<String>,
    timestamp: Option<Timestamp>,
}

fn parse(body: &[u8]) -> Result<Parsed, Error> {
    // serde's derived structs also read JSON arrays, by position; Khan only ever sends an object.
    match body.trim_ascii_start().first() {
        Some(b'{') => {}
        Some(_) => return Err(Error::MalformedBody("expected a JSON object".into())),
        None => return Err(Error::MalformedBody("empty body, expected a JSON object".into())),
    }
    // Not `from_slice`: it moves the ~1 KB wire struct once more on its way out.
    let mut de = serde_json::Deserializer::from_slice(body);
    match Wire::deserialize(&mut de).and_then(|wire| de.end().map(|()| wire)) {
        Ok(wire) => wire.into_parsed(body),
        Err(err) => not_parsed(body, err),
    }
}

/// A body that failed to parse: delivered as unknown when it names a type this version does not know.
#[cold]
fn not_parsed(body: &[u8], err: serde_json::Error) -> Result<Parsed, Error> {
    match envelope(body) {
        // An authentic event we do not model is delivered, whatever its other fields look like.
        Some(Envelope { type_code, id, timestamp }) => match Kind::from_code(type_code) {
            None => Ok(Parsed { event: unknown(type_code, body)?, id, timestamp }),
            Some(kind) => Err(Error::MalformedBody(format!("{err} (in a {kind} body)"))),
        },
        None => Err(Error::malformed(err)),
    }
}

fn unknown(type_code: i64, body: &[u8]) -> Result<Event, Error> {
    let raw = serde_json::from_slice::<&RawValue>(body).map(RawJson::from_raw).map_err(Error::malformed)?;
    Ok(Event::Unknown(UnknownEvent { type_code, raw }))
}

/// What a body that failed to parse still says about itself (only read on that error path).
struct Envelope {
    type_code: i64,
    id: Option<String>,
    timestamp: Option<Timestamp>,
}

fn envelope(body: &[u8]) -> Option<Envelope> {
    let object = serde_json::from_slice::<Map<String, Value>>(body).ok()?;
    let type_code = object.get("type")?.as_i64()?;
    let id = object.get("id").and_then(Value::as_str).map(str::to_owned);
    let timestamp = object.get("timestamp").and_then(Value::as_str).and_then(|t| Timestamp::parse(t).ok());
    Some(Envelope { type_code, id, timestamp })
}

/// Deserializes a field that is present, `null` included: absent is `None`, `null` is `Some(null)`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// The integer `type`, with an error that names it (`"type": "5"` is not Khan's).
fn type_code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    struct Code;
    impl de::Visitor<'_> for Code {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer hook `type`")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v).map(Some).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
        }
    }
    deserializer.deserialize_i64(Code)
}

/// Every top-level key any hook type sends, read in one pass; shaped by `type` afterwards.
#[derive(Deserialize)]
#[serde(rename = "KhanHook", rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
struct Wire {
    #[serde(rename = "type", default, deserialize_with = "type_code")]
    type_code: Option<i64>,
    id: Option<String>,
    timestamp: Option<Timestamp>,
    #[serde(rename = "gameID")]
    game_id: Option<String>,
    // Players (1, 2) and the game (0).
    #[serde(rename = "publicID")]
    public_id: Option<String>,
    name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    metadata: Option<Value>,
    membership_count: Option<i64>,
    ownership_count: Option<i64>,
    // The game (0).
    membership_levels: Option<Map<String, Value>>,
    min_level_to_accept_application: Option<i64>,
    min_level_to_create_invitation: Option<i64>,
    min_level_to_remove_member: Option<i64>,
    min_level_offset_to_remove_member: Option<i64>,
    min_level_offset_to_promote_member: Option<i64>,
    min_level_offset_to_demote_member: Option<i64>,
    max_members: Option<i64>,
    max_clans_per_player: Option<i64>,
    cooldown_after_deny: Option<i64>,
    cooldown_after_delete: Option<i64>,
    cooldown_before_apply: Option<i64>,
    cooldown_before_invite: Option<i64>,
    max_pending_invites: Option<i64>,
    // Clans and memberships (3 to 12).
    clan: Option<WireClan>,
    previous_owner: Option<PlayerRef>,
    #[serde(default, deserialize_with = "present")]
    new_owner: Option<Option<PlayerRef>>,
    is_deleted: Option<bool>,
    player: Option<Member>,
    requestor: Option<PlayerRef>,
    creator: Option<PlayerRef>,
    message: Option<String>,
}

/// A clan with the keys of both shapes: `ownerPublicID` is sent on 3 and 4 only.
#[derive(Deserialize)]
#[serde(rename = "Clan", rename_all = "camelCase")]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
struct WireClan {
    #[serde(rename = "publicID")]
    public_id: Option<String>,
    name: Option<String>,
    membership_count: Option<i64>,
    #[serde(rename = "ownerPublicID")]
    owner_public_id: Option<String>,
    #[serde(default, deserialize_with = "present")]
    metadata: Option<Value>,
    allow_application: Option<bool>,
    auto_join: Option<bool>,
}

impl WireClan {
    fn with_owner(self, kind: Kind) -> Result<ClanWithOwner, Error> {
        Ok(ClanWithOwner {
            public_id: self.public_id.ok_or_else(|| kind.missing("clan.publicID"))?,
            name: self.name.ok_or_else(|| kind.missing("clan.name"))?,
            membership_count: self.membership_count.ok_or_else(|| kind.missing("clan.membershipCount"))?,
            owner_public_id: self.owner_public_id.ok_or_else(|| kind.missing("clan.ownerPublicID"))?,
            metadata: self.metadata.ok_or_else(|| kind.missing("clan.metadata"))?,
            allow_application: self.allow_application.ok_or_else(|| kind.missing("clan.allowApplication"))?,
            auto_join: self.auto_join.ok_or_else(|| kind.missing("clan.autoJoin"))?,
        })
    }

    fn without_owner(self, kind: Kind) -> Result<Clan, Error> {
        if cfg!(feature = "deny-unknown-fields") && self.owner_public_id.is_some() {
            return Err(unexpected("clan.ownerPublicID", kind));
        }
        Ok(Clan {
            public_id: self.public_id.ok_or_else(|| kind.missing("clan.publicID"))?,
            name: self.name.ok_or_else(|| kind.missing("clan.name"))?,
            membership_count: self.membership_count.ok_or_else(|| kind.missing("clan.membershipCount"))?,
            metadata: self.metadata.ok_or_else(|| kind.missing("clan.metadata"))?,
            allow_application: self.allow_application.ok_or_else(|| kind.missing("clan.allowApplication"))?,
            auto_join: self.auto_join.ok_or_else(|| kind.missing("clan.autoJoin"))?,
        })
    }
}

fn unexpected(field: &str, kind: Kind) -> Error {
    Error::MalformedBody(format!("unexpected field `{field}` for {kind}"))
}

impl Wire {
    /// The payload keys present in the body, by wire name.
    fn present_keys(&self) -> [(&'static str, bool); 28] {
        [
            ("gameID", self.game_id.is_some()),
            ("publicID", self.public_id.is_some()),
            ("name", self.name.is_some()),
            ("metadata", self.metadata.is_some()),
            ("membershipCount", self.membership_count.is_some()),
            ("ownershipCount", self.ownership_count.is_some()),
            ("membershipLevels", self.membership_levels.is_some()),
            ("minLevelToAcceptApplication", self.min_level_to_accept_application.is_some()),
            ("minLevelToCreateInvitation", self.min_level_to_create_invitation.is_some()),
            ("minLevelToRemoveMember", self.min_level_to_remove_member.is_some()),
            ("minLevelOffsetToRemoveMember", self.min_level_offset_to_remove_member.is_some()),
            ("minLevelOffsetToPromoteMember", self.min_level_offset_to_promote_member.is_some()),
            ("minLevelOffsetToDemoteMember", self.min_level_offset_to_demote_member.is_some()),
            ("maxMembers", self.max_members.is_some()),
            ("maxClansPerPlayer", self.max_clans_per_player.is_some()),
            ("cooldownAfterDeny", self.cooldown_after_deny.is_some()),
            ("cooldownAfterDelete", self.cooldown_after_delete.is_some()),
            ("cooldownBeforeApply", self.cooldown_before_apply.is_some()),
            ("cooldownBeforeInvite", self.cooldown_before_invite.is_some()),
            ("maxPendingInvites", self.max_pending_invites.is_some()),
            ("clan", self.clan.is_some()),
            ("previousOwner", self.previous_owner.is_some()),
            ("newOwner", self.new_owner.is_some()),
            ("isDeleted", self.is_deleted.is_some()),
            ("player", self.player.is_some()),
            ("requestor", self.requestor.is_some()),
            ("creator", self.creator.is_some()),
            ("message", self.message.is_some()),
        ]
    }

    fn into_parsed(self, body: &[u8]) -> Result<Parsed, Error> {
        let type_code = self.type_code.ok_or_else(|| Error::MalformedBody("missing field `type`".into()))?;
        let Some(kind) = Kind::from_code(type_code) else {
            return Ok(Parsed { event: unknown(type_code, body)?, id: self.id, timestamp: self.timestamp });
        };
        if cfg!(feature = "deny-unknown-fields") {
            let allowed = kind.keys();
            if let Some((key, _)) = self.present_keys().into_iter().find(|(key, set)| *set && !allowed.contains(key)) {
                return Err(unexpected(key, kind));
            }
        }
        let need = |field: &'static str| kind.missing(field);
        let id = self.id.ok_or_else(|| need("id"))?;
        let timestamp = self.timestamp.ok_or_else(|| need("timestamp"))?;
        let event = match kind {
            Kind::GameUpdated => Event::GameUpdated(GameUpdated {
                public_id: self.public_id.ok_or_else(|| need("publicID"))?,
                name: self.name.ok_or_else(|| need("name"))?,
                membership_levels: self.membership_levels.ok_or_else(|| need("membershipLevels"))?,
                metadata: self.metadata.ok_or_else(|| need("metadata"))?,
                min_level_to_accept_application: self
                    .min_level_to_accept_application
                    .ok_or_else(|| need("minLevelToAcceptApplication"))?,
                min_level_to_create_invitation: self
                    .min_level_to_create_invitation
                    .ok_or_else(|| need("minLevelToCreateInvitation"))?,
                min_level_to_remove_member: self
                    .min_level_to_remove_member
                    .ok_or_else(|| need("minLevelToRemoveMember"))?,
                min_level_offset_to_remove_member: self
                    .min_level_offset_to_remove_member
                    .ok_or_else(|| need("minLevelOffsetToRemoveMember"))?,
                min_level_offset_to_promote_member: self
                    .min_level_offset_to_promote_member
                    .ok_or_else(|| need("minLevelOffsetToPromoteMember"))?,
                min_level_offset_to_demote_member: self
                    .min_level_offset_to_demote_member
                    .ok_or_else(|| need("minLevelOffsetToDemoteMember"))?,
                max_members: self.max_members.ok_or_else(|| need("maxMembers"))?,
                max_clans_per_player: self.max_clans_per_player.ok_or_else(|| need("maxClansPerPlayer"))?,
                cooldown_after_deny: self.cooldown_after_deny.ok_or_else(|| need("cooldownAfterDeny"))?,
                cooldown_after_delete: self.cooldown_after_delete.ok_or_else(|| need("cooldownAfterDelete"))?,
                cooldown_before_apply: self.cooldown_before_apply.ok_or_else(|| need("cooldownBeforeApply"))?,
                cooldown_before_invite: self.cooldown_before_invite.ok_or_else(|| need("cooldownBeforeInvite"))?,
                max_pending_invites: self.max_pending_invites.ok_or_else(|| need("maxPendingInvites"))?,
            }),
            Kind::PlayerCreated | Kind::PlayerUpdated => {
                let player = Player {
                    game_id: self.game_id.ok_or_else(|| need("gameID"))?,
                    public_id: self.public_id.ok_or_else(|| need("publicID"))?,
                    name: self.name.ok_or_else(|| need("name"))?,
                    metadata: self.metadata.ok_or_else(|| need("metadata"))?,
                    membership_count: self.membership_count.ok_or_else(|| need("membershipCount"))?,
                    ownership_count: self.ownership_count.ok_or_else(|| need("ownershipCount"))?,
                };
                if kind == Kind::PlayerCreated { Event::PlayerCreated(player) } else { Event::PlayerUpdated(player) }
            }
            Kind::ClanCreated | Kind::ClanUpdated => {
                let change = ClanChanged {
                    game_id: self.game_id.ok_or_else(|| need("gameID"))?,
                    clan: self.clan.ok_or_else(|| need("clan"))?.with_owner(kind)?,
                };
                if kind == Kind::ClanCreated { Event::ClanCreated(change) } else { Event::ClanUpdated(change) }
            }
            Kind::ClanLeft | Kind::ClanOwnershipTransferred => {
                let change = OwnershipChange {
                    game_id: self.game_id.ok_or_else(|| need("gameID"))?,
                    clan: self.clan.ok_or_else(|| need("clan"))?.without_owner(kind)?,
                    previous_owner: self.previous_owner.ok_or_else(|| need("previousOwner"))?,
                    new_owner: self.new_owner.ok_or_else(|| need("newOwner"))?,
                    is_deleted: self.is_deleted.ok_or_else(|| need("isDeleted"))?,
                };
                if kind == Kind::ClanLeft { Event::ClanLeft(change) } else { Event::ClanOwnershipTransferred(change) }
            }
            Kind::MembershipApproved | Kind::MembershipDenied => {
                let decision = MembershipDecision {
                    game_id: self.game_id.ok_or_else(|| need("gameID"))?,
                    clan: self.clan.ok_or_else(|| need("clan"))?.without_owner(kind)?,
                    player: self.player.ok_or_else(|| need("player"))?,
                    requestor: self.requestor.ok_or_else(|| need("requestor"))?,
                    creator: self.creator,
                    message: self.message,
                };
                if kind == Kind::MembershipApproved {
                    Event::MembershipApproved(decision)
                } else {
                    Event::MembershipDenied(decision)
                }
            }
            Kind::MembershipApplicationCreated
            | Kind::MembershipPromoted
            | Kind::MembershipDemoted
            | Kind::MembershipLeft => {
                let change = MembershipChange {
                    game_id: self.game_id.ok_or_else(|| need("gameID"))?,
                    clan: self.clan.ok_or_else(|| need("clan"))?.without_owner(kind)?,
                    player: self.player.ok_or_else(|| need("player"))?,
                    requestor: self.requestor.ok_or_else(|| need("requestor"))?,
                    message: self.message,
                };
                match kind {
                    Kind::MembershipApplicationCreated => Event::MembershipApplicationCreated(change),
                    Kind::MembershipPromoted => Event::MembershipPromoted(change),
                    Kind::MembershipDemoted => Event::MembershipDemoted(change),
                    _ => Event::MembershipLeft(change),
                }
            }
        };
        Ok(Parsed { event, id: Some(id), timestamp: Some(timestamp) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_round_trip() {
        for code in 0..=12 {
            let kind = Kind::from_code(code).unwrap();
            assert_eq!(kind.code(), code);
            assert!(kind.to_string().starts_with(&format!("Khan type {code} (")));
        }
        assert_eq!(Kind::from_code(13), None);
        assert_eq!(Kind::from_code(-1), None);
    }

    #[test]
    fn every_allowed_key_is_a_wire_key() {
        let wire: Wire = serde_json::from_str(r#"{"type":0}"#).unwrap();
        let known: Vec<&str> = wire.present_keys().iter().map(|(key, _)| *key).collect();
        for code in 0..=12 {
            for key in Kind::from_code(code).unwrap().keys() {
                assert!(known.contains(key), "{key}");
            }
        }
    }
}
