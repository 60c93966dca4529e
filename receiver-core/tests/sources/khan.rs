//! Khan: every hook type 0 to 12, authentication as Go's client sends it, and the error paths.
//!
//! There are no captured Khan bodies (khan.md §9: upstream has none in valid JSON). The bodies below are
//! **constructed** from khan.md §7 (the payload each handler builds) and §9 (the ClanLeft body is §9's,
//! verbatim), written exactly as Go's `json.Marshal` of a `map[string]interface{}` writes them: compact, keys
//! sorted at every level, `<`, `>` and `&` escaped as `\u003c`, `\u003e`, `\u0026`, other non-ASCII as raw
//! UTF-8. `constructed_bodies_are_what_go_json_marshal_writes` checks that form.

use receiver_core::khan::{Event, Member, PlayerRef};
use receiver_core::{Auth, ConfigError, Error, Incoming, Khan, Source, SourceKind, Timestamp};
use serde_json::json;

use crate::common::{at, deliver, reject};

const NOW: &str = "2021-12-08T19:40:00Z";

/// Type 0, GameUpdated: the game id is `publicID`, there is no `gameID`; the cooldowns and
/// `maxPendingInvites` the docs omit are there. Sent by a server in UTC-3.
const GAME_UPDATED: &str = r#"{"cooldownAfterDelete":3600,"cooldownAfterDeny":600,"cooldownBeforeApply":300,"cooldownBeforeInvite":0,"id":"5c0e9a55-2f4b-4d8e-9c61-7a3e2b1f0d42","maxClansPerPlayer":1,"maxMembers":50,"maxPendingInvites":20,"membershipLevels":{"CoLeader":3,"Elder":2,"Member":1},"metadata":{"season":4},"minLevelOffsetToDemoteMember":1,"minLevelOffsetToPromoteMember":1,"minLevelOffsetToRemoveMember":1,"minLevelToAcceptApplication":2,"minLevelToCreateInvitation":2,"minLevelToRemoveMember":2,"name":"My Game","publicID":"my-game","timestamp":"2021-12-08T16:33:55-03:00","type":0}"#;

/// Type 1, PlayerCreated: the player's keys at the top level; `&` in metadata escaped as Go does.
const PLAYER_CREATED: &str = r#"{"gameID":"my-game","id":"6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b","membershipCount":0,"metadata":{"avatar":"https://cdn.example/a.png?s=64\u0026v=2"},"name":"Alice","ownershipCount":0,"publicID":"p-alice","timestamp":"2021-12-08T19:33:55Z","type":1}"#;

/// Type 2, PlayerUpdated: the player after the update, a non-ASCII name as raw UTF-8.
const PLAYER_UPDATED: &str = r#"{"gameID":"my-game","id":"8d2e4b6a-1c3f-4a5e-b7d9-e1f20a3b4c5d","membershipCount":1,"metadata":{"level":12},"name":"Zoë","ownershipCount":1,"publicID":"p-zoe","timestamp":"2021-12-08T16:34:10-03:00","type":2}"#;

/// Type 3, ClanCreated: ClanA, with the `membershipCount` and `ownerPublicID` the docs omit.
const CLAN_CREATED: &str = r#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":1,"metadata":{},"name":"Os Lusíadas","ownerPublicID":"p-alice","publicID":"clan-1"},"gameID":"my-game","id":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","timestamp":"2021-12-08T19:34:00Z","type":3}"#;

/// Type 4, ClanUpdated: `<` and `&` in the name escaped as Go does.
const CLAN_UPDATED: &str = r#"{"clan":{"allowApplication":true,"autoJoin":true,"membershipCount":3,"metadata":{"region":"br"},"name":"Rock \u0026 Roll \u003c3","ownerPublicID":"p-alice","publicID":"clan-1"},"gameID":"my-game","id":"2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e","timestamp":"2021-12-08T19:34:05Z","type":4}"#;

/// Type 5, ClanLeft with the clan deleted: khan.md §9, verbatim.
const CLAN_LEFT: &str = r#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":1,"metadata":{"x":1},"name":"My Clan","publicID":"clan-1"},"gameID":"my-game","id":"0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11","isDeleted":true,"newOwner":null,"previousOwner":{"membershipCount":0,"metadata":{},"name":"Alice","ownershipCount":0,"publicID":"p-alice"},"timestamp":"2021-12-08T19:33:55Z","type":5}"#;

/// Type 6, ClanOwnershipTransferred: ClanB (no owner), `isDeleted: false` present (the docs omit it).
const CLAN_OWNERSHIP_TRANSFERRED: &str = r#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":3,"metadata":{"region":"br"},"name":"Rock \u0026 Roll \u003c3","publicID":"clan-1"},"gameID":"my-game","id":"3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f","isDeleted":false,"newOwner":{"membershipCount":1,"metadata":{},"name":"Bob","ownershipCount":1,"publicID":"p-bob"},"previousOwner":{"membershipCount":1,"metadata":{"level":12},"name":"Alice","ownershipCount":0,"publicID":"p-alice"},"timestamp":"2021-12-08T16:35:00-03:00","type":6}"#;

/// Type 7, MembershipApplicationCreated: Bob applies (requestor = player) with a message.
const MEMBERSHIP_APPLICATION_CREATED: &str = r#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":2,"metadata":{"region":"br"},"name":"Rock \u0026 Roll \u003c3","publicID":"clan-1"},"gameID":"my-game","id":"4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80","message":"Please accept me \u003c3","player":{"membershipCount":0,"membershipLevel":"Member","metadata":{},"name":"Bob","ownershipCount":0,"publicID":"p-bob"},"requestor":{"membershipCount":0,"metadata":{},"name":"Bob","ownershipCount":0,"publicID":"p-bob"},"timestamp":"2021-12-08T19:36:00Z","type":7}"#;

/// Type 8, MembershipApproved: Alice approves Bob's application; the message is the application's.
const MEMBERSHIP_APPROVED: &str = r#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":3,"metadata":{"region":"br"},"name":"Rock \u0026 Roll \u003c3","publicID":"clan-1"},"creator":{"membershipCount":1,"metadata":{},"name":"Bob","ownershipCount":0,"publicID":"p-bob"},"gameID":"my-game","id":"5e6f7a8b-9c0d-4e1f-a03b-4c5d6e7f8091","message":"Please accept me \u003c3","player":{"membershipCount":1,"membershipLevel":"Member","metadata":{},"name":"Bob","ownershipCount":0,"publicID":"p-bob"},"requestor":{"membershipCount":1,"metadata":{"level":12},"name":"Alice","ownershipCount":1,"publicID":"p-alice"},"timestamp":"2021-12-08T19:36:30Z","type":8}"#;

/// Type 9, MembershipDenied: Carol refuses Alice's invitation (requestor = player, creator = inviter), no
/// message.
const MEMBERSHIP_DENIED: &str = r#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":3,"metadata":{"region":"br"},"name":"Rock \u0026 Roll \u003c3","publicID":"clan-1"},"creator":{"membershipCount":1,"metadata":{"level":12},"name":"Alice","ownershipCount":1,"publicID":"p-alice"},"gameID":"my-game","id":"6f7a8b9c-0d1e-4f2a-b14c-5d6e7f8091a2","player":{"membershipCount":0,"membershipLevel":"Member","metadata":{},"name":"Carol","ownershipCount":0,"publicID":"p-carol"},"requestor":{"membershipCount":0,"metadata":{},"name":"Carol","ownershipCount":0,"publicID":"p-carol"},"timestamp":"2021-12-08T19:37:00Z","type":9}"#;

/// Type 10, MembershipPromoted: Bob is now an Elder; the original application's message comes along.
const MEMBERSHIP_PROMOTED: &str = r#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":3,"metadata":{"region":"br"},"name":"Rock \u0026 Roll \u003c3","publicID":"clan-1"},"gameID":"my-game","id":"7a8b9c0d-1e2f-4a3b-825d-6e7f8091a2b3","message":"Please accept me \u003c3","player":{"membershipCount":1,"membershipLevel":"Elder","metadata":{},"name":"Bob","ownershipCount":0,"publicID":"p-bob"},"requestor":{"membershipCount":1,"metadata":{"level":12},"name":"Alice","ownershipCount":1,"publicID":"p-alice"},"timestamp":"2021-12-08T19:38:00Z","type":10}"#;

/// Type 11, MembershipDemoted: back to Member, no message.
const MEMBERSHIP_DEMOTED: &str = r#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":3,"metadata":{"region":"br"},"name":"Rock \u0026 Roll \u003c3","publicID":"clan-1"},"gameID":"my-game","id":"8b9c0d1e-2f3a-4b4c-936e-7f8091a2b3c4","player":{"membershipCount":1,"membershipLevel":"Member","metadata":{},"name":"Bob","ownershipCount":0,"publicID":"p-bob"},"requestor":{"membershipCount":1,"metadata":{"level":12},"name":"Alice","ownershipCount":1,"publicID":"p-alice"},"timestamp":"2021-12-08T16:38:30-03:00","type":11}"#;

/// Type 12, MembershipLeft: Bob leaves on his own (requestor = player); never a message.
const MEMBERSHIP_LEFT: &str = r#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":2,"metadata":{"region":"br"},"name":"Rock \u0026 Roll \u003c3","publicID":"clan-1"},"gameID":"my-game","id":"9c0d1e2f-3a4b-4c5d-a47f-8091a2b3c4d5","player":{"membershipCount":0,"membershipLevel":"Member","metadata":{},"name":"Bob","ownershipCount":0,"publicID":"p-bob"},"requestor":{"membershipCount":0,"metadata":{},"name":"Bob","ownershipCount":0,"publicID":"p-bob"},"timestamp":"2021-12-08T19:39:00Z","type":12}"#;

/// All 13, in type order.
const ALL: [&str; 13] = [
    GAME_UPDATED,
    PLAYER_CREATED,
    PLAYER_UPDATED,
    CLAN_CREATED,
    CLAN_UPDATED,
    CLAN_LEFT,
    CLAN_OWNERSHIP_TRANSFERRED,
    MEMBERSHIP_APPLICATION_CREATED,
    MEMBERSHIP_APPROVED,
    MEMBERSHIP_DENIED,
    MEMBERSHIP_PROMOTED,
    MEMBERSHIP_DEMOTED,
    MEMBERSHIP_LEFT,
];

const NAMES: [&str; 13] = [
    "GameUpdated",
    "PlayerCreated",
    "PlayerUpdated",
    "ClanCreated",
    "ClanUpdated",
    "ClanLeft",
    "ClanOwnershipTransferred",
    "MembershipApplicationCreated",
    "MembershipApproved",
    "MembershipDenied",
    "MembershipPromoted",
    "MembershipDemoted",
    "MembershipLeft",
];

/// `base64("clans:old-pass")` and `base64("clans:new-pass")`: what Go's `req.SetBasicAuth` sends for
/// `http://clans:old-pass@…` and `http://clans:new-pass@…` (computed with `base64(1)`).
const BASIC_OLD: &str = "Basic Y2xhbnM6b2xkLXBhc3M=";
const BASIC_NEW: &str = "Basic Y2xhbnM6bmV3LXBhc3M=";

/// A source during a password rotation: the hook URLs still on the old password and those moved to the
/// new one are both accepted.
fn source() -> Khan {
    Khan::new(Auth::basic([("clans", "old-pass"), ("clans", "new-pass")]).unwrap())
}

/// The headers Go's client sends for a hook URL with userinfo (khan ≥ 4.4.0).
fn go_headers(authorization: &str) -> [(&str, &str); 5] {
    [
        ("Host", "receiver.example"),
        ("User-Agent", "Go-http-client/1.1"),
        ("Content-Type", "application/json"),
        ("Authorization", authorization),
        ("Accept-Encoding", "gzip"),
    ]
}

fn receive(body: &str) -> receiver_core::Delivery<Event> {
    deliver(&source(), &Incoming::post(&go_headers(BASIC_OLD), body.as_bytes()), at(NOW))
}

fn event(body: &str) -> Event {
    receive(body).event
}

/// `body` without the (dotted) `key`, re-marshalled as Go does.
fn without(body: &str, key: &str) -> String {
    let mut value: serde_json::Value = serde_json::from_str(body).unwrap();
    let mut target = &mut value;
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            assert!(target.as_object_mut().unwrap().remove(part).is_some(), "{key}");
        } else {
            target = &mut target[part];
        }
    }
    go_marshal(&value)
}

fn alice() -> PlayerRef {
    serde_json::from_value(
        json!({"membershipCount":1,"metadata":{"level":12},"name":"Alice","ownershipCount":1,"publicID":"p-alice"}),
    )
    .unwrap()
}

/// Go's `json.Marshal` of the same value: keys sorted (serde_json's map is a `BTreeMap`, byte order like
/// Go's), compact, HTML-safe escaping.
fn go_marshal(value: &serde_json::Value) -> String {
    serde_json::to_string(value).unwrap().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[test]
fn constructed_bodies_are_what_go_json_marshal_writes() {
    for body in ALL {
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(go_marshal(&value), body);
    }
}

#[test]
fn every_type_parses_into_its_variant_with_meta() {
    for (code, body) in ALL.iter().enumerate() {
        let delivery = receive(body);
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        let code = i64::try_from(code).unwrap();
        assert_eq!(delivery.event.type_code(), code, "{body}");
        assert_eq!(delivery.event.type_name(), NAMES[usize::try_from(code).unwrap()]);
        assert!(!matches!(delivery.event, Event::Unknown(_)));
        assert_eq!(delivery.event.game_id(), Some("my-game"));
        assert_eq!(delivery.meta.source, SourceKind::Khan);
        assert_eq!(delivery.meta.id.as_deref(), value["id"].as_str());
        assert_eq!(delivery.meta.timestamp.unwrap().to_string(), value["timestamp"].as_str().unwrap());
        assert_eq!(delivery.meta.twitch, None);
        assert!(!delivery.meta.resync);
        assert_eq!(Event::from_json(body.as_bytes()).unwrap(), delivery.event);
    }
}

#[test]
fn game_updated_carries_every_setting_and_no_game_id_key() {
    let delivery = receive(GAME_UPDATED);
    let Event::GameUpdated(game) = &delivery.event else { panic!("{:?}", delivery.event) };
    assert_eq!((game.public_id.as_str(), game.name.as_str()), ("my-game", "My Game"));
    assert_eq!(delivery.event.game_id(), Some("my-game"));
    assert_eq!(serde_json::Value::Object(game.membership_levels.clone()), json!({"CoLeader":3,"Elder":2,"Member":1}));
    assert_eq!(game.membership_levels["Elder"], 2);
    assert_eq!(game.metadata, json!({"season": 4}));
    assert_eq!(
        (game.min_level_to_accept_application, game.min_level_to_create_invitation, game.min_level_to_remove_member),
        (2, 2, 2)
    );
    assert_eq!(
        (
            game.min_level_offset_to_remove_member,
            game.min_level_offset_to_promote_member,
            game.min_level_offset_to_demote_member
        ),
        (1, 1, 1)
    );
    assert_eq!((game.max_members, game.max_clans_per_player), (50, 1));
    assert_eq!((game.cooldown_after_deny, game.cooldown_after_delete), (600, 3600));
    assert_eq!((game.cooldown_before_apply, game.cooldown_before_invite, game.max_pending_invites), (300, 0, 20));

    // The server's local offset is kept, and names the same instant as UTC.
    let stamp = delivery.meta.timestamp.unwrap();
    assert_eq!(stamp.to_string(), "2021-12-08T16:33:55-03:00");
    assert_eq!(stamp.offset_minutes(), -180);
    assert_eq!(stamp.to_system_time(), at("2021-12-08T19:33:55Z"));
    assert_eq!(delivery.meta.id.as_deref(), Some("5c0e9a55-2f4b-4d8e-9c61-7a3e2b1f0d42"));
}

#[test]
fn player_created_and_updated() {
    let delivery = receive(PLAYER_CREATED);
    let Event::PlayerCreated(player) = &delivery.event else { panic!("{:?}", delivery.event) };
    assert_eq!(
        (player.game_id.as_str(), player.public_id.as_str(), player.name.as_str()),
        ("my-game", "p-alice", "Alice")
    );
    assert_eq!((player.membership_count, player.ownership_count), (0, 0));
    // Go's `\u0026` is an `&` again.
    assert_eq!(player.metadata["avatar"], "https://cdn.example/a.png?s=64&v=2");
    let stamp = delivery.meta.timestamp.unwrap();
    assert_eq!((stamp.to_string().as_str(), stamp.offset_minutes()), ("2021-12-08T19:33:55Z", 0));

    let Event::PlayerUpdated(player) = event(PLAYER_UPDATED) else { panic!("not PlayerUpdated") };
    assert_eq!((player.public_id.as_str(), player.name.as_str()), ("p-zoe", "Zoë"));
    assert_eq!((player.membership_count, player.ownership_count), (1, 1));
    assert_eq!(player.metadata, json!({"level": 12}));
}

#[test]
fn clan_created_and_updated_have_the_owner() {
    let Event::ClanCreated(created) = event(CLAN_CREATED) else { panic!("not ClanCreated") };
    assert_eq!(created.game_id, "my-game");
    let clan = &created.clan;
    assert_eq!(
        (clan.public_id.as_str(), clan.name.as_str(), clan.owner_public_id.as_str()),
        ("clan-1", "Os Lusíadas", "p-alice")
    );
    assert_eq!((clan.membership_count, clan.allow_application, clan.auto_join), (1, true, false));
    assert_eq!(clan.metadata, json!({}));

    let Event::ClanUpdated(updated) = event(CLAN_UPDATED) else { panic!("not ClanUpdated") };
    assert_eq!(updated.clan.name, "Rock & Roll <3");
    assert_eq!((updated.clan.membership_count, updated.clan.auto_join), (3, true));
    assert_eq!(updated.clan.metadata["region"], "br");
}

#[test]
fn clan_left_with_the_clan_deleted_is_khan_md_section_9() {
    let delivery = receive(CLAN_LEFT);
    let Event::ClanLeft(left) = &delivery.event else { panic!("{:?}", delivery.event) };
    assert_eq!(left.game_id, "my-game");
    assert_eq!(
        (left.clan.public_id.as_str(), left.clan.name.as_str(), left.clan.membership_count),
        ("clan-1", "My Clan", 1)
    );
    assert_eq!(left.clan.metadata, json!({"x": 1}));
    assert_eq!((left.previous_owner.public_id.as_str(), left.previous_owner.name.as_str()), ("p-alice", "Alice"));
    assert_eq!((left.previous_owner.membership_count, left.previous_owner.ownership_count), (0, 0));
    assert_eq!(left.new_owner, None);
    assert!(left.is_deleted);
    assert_eq!(delivery.meta.id.as_deref(), Some("0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11"));
    assert_eq!(delivery.meta.timestamp, Some("2021-12-08T19:33:55Z".parse::<Timestamp>().unwrap()));
}

#[test]
fn ownership_transferred_has_a_new_owner_and_is_deleted_false() {
    let Event::ClanOwnershipTransferred(change) = event(CLAN_OWNERSHIP_TRANSFERRED) else { panic!("not type 6") };
    assert_eq!(change.clan.name, "Rock & Roll <3");
    assert_eq!(change.previous_owner.public_id, "p-alice");
    assert_eq!(change.previous_owner.ownership_count, 0);
    let new_owner = change.new_owner.expect("a new owner");
    assert_eq!((new_owner.public_id.as_str(), new_owner.ownership_count), ("p-bob", 1));
    assert!(!change.is_deleted);
}

#[test]
fn membership_application_created_with_its_message() {
    let Event::MembershipApplicationCreated(change) = event(MEMBERSHIP_APPLICATION_CREATED) else { panic!("not 7") };
    assert_eq!((change.game_id.as_str(), change.clan.public_id.as_str()), ("my-game", "clan-1"));
    assert_eq!((change.player.public_id.as_str(), change.player.membership_level.as_str()), ("p-bob", "Member"));
    assert_eq!(change.player.membership_count, 0);
    // An application: the requestor is the player.
    assert_eq!(change.requestor, change.player.to_player_ref());
    assert_eq!(change.message.as_deref(), Some("Please accept me <3"));
}

#[test]
fn membership_approved_and_denied_have_a_creator() {
    let Event::MembershipApproved(approved) = event(MEMBERSHIP_APPROVED) else { panic!("not 8") };
    assert_eq!(approved.player.public_id, "p-bob");
    assert_eq!(approved.player.membership_level, "Member");
    assert_eq!(approved.requestor, alice());
    assert_eq!(approved.creator.as_ref().map(|c| c.public_id.as_str()), Some("p-bob"));
    assert_eq!(approved.message.as_deref(), Some("Please accept me <3"));
    assert_eq!(approved.clan.membership_count, 3);

    let Event::MembershipDenied(denied) = event(MEMBERSHIP_DENIED) else { panic!("not 9") };
    assert_eq!(denied.player.name, "Carol");
    assert_eq!(denied.requestor.public_id, "p-carol");
    assert_eq!(denied.creator, Some(alice()));
    assert_eq!(denied.message, None);

    // Older Khan versions sent no `creator`: still delivered.
    let Event::MembershipApproved(old) = event(&without(MEMBERSHIP_APPROVED, "creator")) else { panic!("not 8") };
    assert_eq!((old.creator, old.player.public_id.as_str()), (None, "p-bob"));
}

#[test]
fn membership_promoted_demoted_and_left() {
    let Event::MembershipPromoted(promoted) = event(MEMBERSHIP_PROMOTED) else { panic!("not 10") };
    assert_eq!(promoted.player.membership_level, "Elder");
    assert_eq!(promoted.requestor, alice());
    assert_eq!(promoted.message.as_deref(), Some("Please accept me <3"));

    let delivery = receive(MEMBERSHIP_DEMOTED);
    let Event::MembershipDemoted(demoted) = &delivery.event else { panic!("not 11") };
    assert_eq!(demoted.player.membership_level, "Member");
    assert_eq!(demoted.message, None);
    assert_eq!(delivery.meta.timestamp.unwrap().offset_minutes(), -180);

    let Event::MembershipLeft(left) = event(MEMBERSHIP_LEFT) else { panic!("not 12") };
    let bob: Member = left.player.clone();
    assert_eq!((bob.public_id.as_str(), bob.membership_level.as_str(), bob.membership_count), ("p-bob", "Member", 0));
    assert_eq!(left.requestor, bob.to_player_ref()); // a voluntary leave
    assert_eq!(left.message, None);
    assert_eq!(left.clan.membership_count, 2);
}

#[test]
fn an_unknown_type_is_delivered_with_its_raw_body() {
    let body = r#"{"clan":{"publicID":"clan-1"},"gameID":"my-game","id":"a0d1e2f3-4b5c-4d6e-b580-91a2b3c4d5e6","reason":"banned","timestamp":"2021-12-08T19:39:30Z","type":13}"#;
    let delivery = receive(body);
    let Event::Unknown(unknown) = &delivery.event else { panic!("{:?}", delivery.event) };
    assert_eq!(unknown.type_code, 13);
    assert_eq!(unknown.raw.get(), body);
    assert_eq!(delivery.event.type_code(), 13);
    assert_eq!(delivery.event.type_name(), "Unknown");
    assert_eq!(delivery.event.game_id(), None);
    assert_eq!(delivery.meta.id.as_deref(), Some("a0d1e2f3-4b5c-4d6e-b580-91a2b3c4d5e6"));
    assert_eq!(delivery.meta.timestamp.unwrap().to_string(), "2021-12-08T19:39:30Z");

    // Whatever the rest of it looks like: fields of other shapes, no id, a negative code.
    let odd = r#"{"newOwner":"p-bob","player":[1,2],"timestamp":"not a time","type":99}"#;
    let delivery = receive(odd);
    assert!(matches!(delivery.event, Event::Unknown(ref u) if u.type_code == 99 && u.raw.get() == odd));
    assert_eq!((delivery.meta.id, delivery.meta.timestamp), (None, None));
    assert!(matches!(event(r#"{"type":-1}"#), Event::Unknown(ref u) if u.type_code == -1));
}

#[test]
fn metadata_keeps_nested_and_odd_json() {
    let body = r#"{"gameID":"my-game","id":"6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b","membershipCount":0,"metadata":{"big":1e+21,"empty":{},"flag":true,"half":1.5,"list":[1,"two",null,{"three":[3]}],"nested":{"a":{"b":{"c":"\u003cdeep\u003e"}}},"none":null,"text":"é ✓"},"name":"Alice","ownershipCount":0,"publicID":"p-alice","timestamp":"2021-12-08T19:33:55Z","type":1}"#;
    let Event::PlayerCreated(player) = event(body) else { panic!("not PlayerCreated") };
    let m = &player.metadata;
    assert_eq!(m["big"].as_f64(), Some(1e21));
    assert_eq!(m["half"], 1.5);
    assert_eq!(m["flag"], true);
    assert_eq!(m["empty"], json!({}));
    assert_eq!(m["list"], json!([1, "two", null, {"three": [3]}]));
    assert_eq!(m["nested"]["a"]["b"]["c"], "<deep>");
    assert!(m["none"].is_null());
    assert_eq!(m["text"], "é ✓");

    // `metadata: null` (Khan never rejects a nil map) is kept as null, in a player and in a clan.
    let null_metadata = PLAYER_CREATED
        .replace(r#""metadata":{"avatar":"https://cdn.example/a.png?s=64\u0026v=2"}"#, r#""metadata":null"#);
    let Event::PlayerCreated(player) = event(&null_metadata) else { panic!("not PlayerCreated") };
    assert!(player.metadata.is_null());
    let null_clan_metadata = CLAN_LEFT.replace(r#""metadata":{"x":1}"#, r#""metadata":null"#);
    let Event::ClanLeft(left) = event(&null_clan_metadata) else { panic!("not ClanLeft") };
    assert!(left.clan.metadata.is_null());
}

#[test]
fn basic_auth_as_go_sends_it_with_rotation() {
    let now = at(NOW);
    let body = CLAN_LEFT.as_bytes();
    for authorization in [BASIC_OLD, BASIC_NEW, "basic Y2xhbnM6bmV3LXBhc3M="] {
        assert!(matches!(
            deliver(&source(), &Incoming::post(&go_headers(authorization), body), now).event,
            Event::ClanLeft(_)
        ));
    }

    // base64("clans:wrong-pass"): the right user, a wrong password.
    let err = reject(&source(), &Incoming::post(&go_headers("Basic Y2xhbnM6d3JvbmctcGFzcw=="), body), now);
    assert_eq!((err.status_code(), err.public_message().as_ref()), (403, "forbidden"));
    assert!(matches!(err, Error::WrongCredentials(_)));

    let no_authorization = [("User-Agent", "Go-http-client/1.1"), ("Content-Type", "application/json")];
    let err = reject(&source(), &Incoming::post(&no_authorization, body), now);
    assert_eq!((err.status_code(), err.public_message().as_ref()), (401, "unauthorized"));
    assert!(matches!(err, Error::MissingCredentials(_)));

    // A percent-encoded password in the hook URL (http://khan:pa%40ss@…) is configured decoded; a URL with a
    // user and no password (http://khan@…) sends `khan:`.
    let percent = Khan::new(Auth::basic([("khan", "pa@ss")]).unwrap());
    assert!(percent.receive_at(&Incoming::post(&go_headers("Basic a2hhbjpwYUBzcw=="), body), now).is_ok());
    let user_only = Khan::new(Auth::basic([("khan", "")]).unwrap());
    assert!(user_only.receive_at(&Incoming::post(&go_headers("Basic a2hhbjo="), body), now).is_ok());
    assert!(source().auth_description().contains("HTTP Basic (2"));
}

#[test]
fn query_token_from_a_templated_hook_url() {
    // Registered as https://receiver.example/khan?token=s3cret+key%2F1&id={{id}}&clan={{clan.name}}: the token
    // is literal in the URL, the rest is filled in by Khan's templating with url.QueryEscape.
    let source = Khan::new(Auth::query_token("token", ["s3cret key/1", "next-token"]).unwrap());
    let headers = [("User-Agent", "Go-http-client/1.1"), ("Content-Type", "application/json")];
    let now = at(NOW);
    for query in [
        "token=s3cret+key%2F1&id=0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11&clan=My+Clan",
        "?id=0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11&token=s3cret%20key/1",
        "clan=Rock+%26+Roll+%3C3&token=next-token",
    ] {
        let incoming = Incoming::post(&headers, CLAN_LEFT.as_bytes()).with_query(query);
        assert!(matches!(deliver(&source, &incoming, now).event, Event::ClanLeft(_)), "{query}");
    }
    let wrong = Incoming::post(&headers, CLAN_LEFT.as_bytes()).with_query("token=s3cret+key&id=x");
    assert_eq!(reject(&source, &wrong, now).status_code(), 403);
    let missing = Incoming::post(&headers, CLAN_LEFT.as_bytes()).with_query("id=0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11");
    assert_eq!(reject(&source, &missing, now).status_code(), 401);
}

#[test]
fn no_content_type_is_required() {
    let now = at(NOW);
    // khan < 4.4.0 (fasthttp) set no Content-Type; fasthttp may have defaulted to a form type.
    let bare = [("Authorization", BASIC_OLD), ("User-Agent", "khan-4.3.0")];
    assert!(matches!(
        deliver(&source(), &Incoming::post(&bare, MEMBERSHIP_LEFT.as_bytes()), now).event,
        Event::MembershipLeft(_)
    ));
    let form = [("Authorization", BASIC_OLD), ("Content-Type", "application/x-www-form-urlencoded")];
    assert!(source().receive_at(&Incoming::post(&form, MEMBERSHIP_LEFT.as_bytes()), now).is_ok());
    let open = Khan::new(Auth::unauthenticated());
    assert!(open.receive_at(&Incoming::post(&[("x", "y")], PLAYER_CREATED.as_bytes()), now).is_ok());
    assert!(open.auth_description().contains("unauthenticated"));
}

#[test]
fn method_size_and_credentials_are_checked_before_the_body() {
    let now = at(NOW);
    let auth = go_headers(BASIC_OLD);
    for method in ["GET", "PUT", "DELETE"] {
        let err = reject(&source(), &Incoming::new(method, &auth, CLAN_LEFT.as_bytes()), now);
        assert_eq!((err.status_code(), err.allowed_methods()), (405, Some(&["POST"][..])));
    }
    // The method is checked first, even without credentials.
    assert_eq!(reject(&source(), &Incoming::new("GET", &[("a", "b")], b""), now).status_code(), 405);

    let small = source().with_max_body_bytes(100).unwrap();
    let err = reject(&small, &Incoming::post(&auth, CLAN_LEFT.as_bytes()), now);
    assert_eq!((err.status_code(), err), (413, Error::BodyTooLarge { limit: 100 }));
    assert_eq!(small.max_body_bytes(), 100);
    let exact = source().with_max_body_bytes(CLAN_LEFT.len()).unwrap();
    assert!(exact.receive_at(&Incoming::post(&auth, CLAN_LEFT.as_bytes()), now).is_ok());
    assert_eq!(source().with_max_body_bytes(0).unwrap_err(), ConfigError::ZeroBodyLimit);

    // A garbage body without credentials is refused for the credentials, not parsed.
    assert_eq!(reject(&source(), &Incoming::post(&[("a", "b")], b"{not json"), now).status_code(), 401);
}

#[test]
fn bad_bodies_get_400_naming_the_problem() {
    let now = at(NOW);
    let auth = go_headers(BASIC_OLD);
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "empty body, expected a JSON object"),
        (" \n".into(), "empty body, expected a JSON object"),
        ("{".into(), "malformed body"),
        (CLAN_LEFT[..CLAN_LEFT.len() - 12].into(), "malformed body"),
        ("[1,2]".into(), "expected a JSON object"),
        ("null".into(), "expected a JSON object"),
        ("5".into(), "expected a JSON object"),
        (format!("{CLAN_LEFT} trailing"), "malformed body"),
        (CLAN_LEFT.replace(r#""type":5"#, r#""type":"5""#), "expected an integer hook `type`"),
        (CLAN_LEFT.replace(r#""type":5"#, r#""type":5.0"#), "expected an integer hook `type`"),
        (without(CLAN_LEFT, "type"), "missing field `type`"),
        (
            without(MEMBERSHIP_APPLICATION_CREATED, "requestor"),
            "missing field `requestor` for Khan type 7 (MembershipApplicationCreated)",
        ),
        (without(GAME_UPDATED, "maxPendingInvites"), "missing field `maxPendingInvites` for Khan type 0 (GameUpdated)"),
        (without(PLAYER_UPDATED, "metadata"), "missing field `metadata` for Khan type 2 (PlayerUpdated)"),
        (without(CLAN_LEFT, "newOwner"), "missing field `newOwner` for Khan type 5 (ClanLeft)"),
        (
            without(CLAN_OWNERSHIP_TRANSFERRED, "isDeleted"),
            "missing field `isDeleted` for Khan type 6 (ClanOwnershipTransferred)",
        ),
        (
            without(CLAN_CREATED, "clan.ownerPublicID"),
            "missing field `clan.ownerPublicID` for Khan type 3 (ClanCreated)",
        ),
        (without(MEMBERSHIP_LEFT, "clan.autoJoin"), "missing field `clan.autoJoin` for Khan type 12 (MembershipLeft)"),
        (without(MEMBERSHIP_APPROVED, "player.membershipLevel"), "missing field `membershipLevel`"),
        (without(MEMBERSHIP_APPROVED, "player.membershipLevel"), "Khan type 8 (MembershipApproved)"),
        (without(PLAYER_CREATED, "id"), "missing field `id` for Khan type 1 (PlayerCreated)"),
        (without(PLAYER_CREATED, "timestamp"), "missing field `timestamp` for Khan type 1 (PlayerCreated)"),
        (PLAYER_CREATED.replace("2021-12-08T19:33:55Z", "2021-12-08T19:33:55"), "RFC 3339"),
        (PLAYER_CREATED.replace(r#""membershipCount":0"#, r#""membershipCount":"0""#), "invalid type"),
        (PLAYER_CREATED.replace(r#""id":"6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b""#, r#""id":42"#), "invalid type"),
        (CLAN_LEFT.replace(r#""newOwner":null"#, r#""newOwner":"p-bob""#), "invalid type"),
        (
            CLAN_LEFT.replace(r#""gameID":"my-game""#, r#""gameID":"my-game","gameID":"other""#),
            "duplicate field `gameID`",
        ),
    ];
    for (body, message) in cases {
        let err = reject(&source(), &Incoming::post(&auth, body.as_bytes()), now);
        assert_eq!(err.status_code(), 400, "{body}: {err}");
        assert!(matches!(err, Error::MalformedBody(_)), "{body}: {err:?}");
        assert!(err.public_message().contains(message), "{body}: {err}");
        assert!(Event::from_json(body.as_bytes()).is_err());
    }
}

/// Lenient models (what users get): fields Khan may add later, or the stale `success` of the docs, are
/// ignored; a `message` on type 12 (never sent today) is kept.
#[cfg(not(feature = "deny-unknown-fields"))]
#[test]
fn extra_fields_are_ignored_by_default() {
    let body = GAME_UPDATED.replace(r#""publicID":"my-game","#, r#""publicID":"my-game","success":true,"#);
    assert!(matches!(event(&body), Event::GameUpdated(ref g) if g.max_pending_invites == 20));
    let body = CLAN_CREATED.replace(r#""autoJoin":false,"#, r#""autoJoin":false,"gameID":"my-game","#);
    assert!(matches!(event(&body), Event::ClanCreated(ref c) if c.clan.owner_public_id == "p-alice"));
    let body =
        MEMBERSHIP_LEFT.replace(r#""membershipLevel":"Member","#, r#""approved":true,"membershipLevel":"Member","#);
    assert!(matches!(event(&body), Event::MembershipLeft(_)));
    let body = MEMBERSHIP_LEFT.replace(r#""id":"#, r#""message":"bye","id":"#);
    assert!(matches!(event(&body), Event::MembershipLeft(ref m) if m.message.as_deref() == Some("bye")));
    // A ClanB that carries an owner after all.
    let body = CLAN_LEFT.replace(r#""name":"My Clan","#, r#""name":"My Clan","ownerPublicID":"p-alice","#);
    assert!(matches!(event(&body), Event::ClanLeft(_)));
}

/// Strict models: anything outside khan.md §7's exact shape for the type is a 400.
#[cfg(feature = "deny-unknown-fields")]
#[test]
fn extra_fields_are_refused_in_strict_mode() {
    let now = at(NOW);
    let auth = go_headers(BASIC_OLD);
    let cases = [
        (
            GAME_UPDATED.replace(r#""publicID":"my-game","#, r#""publicID":"my-game","success":true,"#),
            "unknown field `success`",
        ),
        (
            CLAN_CREATED.replace(r#""autoJoin":false,"#, r#""autoJoin":false,"gameID":"my-game","#),
            "unknown field `gameID`",
        ),
        (
            MEMBERSHIP_LEFT.replace(r#""membershipLevel":"Member","#, r#""approved":true,"membershipLevel":"Member","#),
            "unknown field `approved`",
        ),
        (
            MEMBERSHIP_LEFT.replace(r#""id":"#, r#""message":"bye","id":"#),
            "unexpected field `message` for Khan type 12",
        ),
        (GAME_UPDATED.replace(r#""id":"#, r#""gameID":"my-game","id":"#), "unexpected field `gameID` for Khan type 0"),
        (
            CLAN_LEFT.replace(r#""name":"My Clan","#, r#""name":"My Clan","ownerPublicID":"p-alice","#),
            "unexpected field `clan.ownerPublicID` for Khan type 5",
        ),
    ];
    for (body, message) in cases {
        let err = reject(&source(), &Incoming::post(&auth, body.as_bytes()), now);
        assert_eq!(err.status_code(), 400, "{body}: {err}");
        assert!(err.to_string().contains(message), "{body}: {err}");
    }
    // An unknown type is still delivered, whatever its fields.
    let body = r#"{"extra":1,"type":13}"#;
    assert!(matches!(event(body), Event::Unknown(ref u) if u.raw.get() == body));
}
