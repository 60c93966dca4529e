//! Khan: `POST`, compact JSON with keys sorted at every level (Go's `json.Marshal` of a map), a fresh UUID v4
//! `id` and an RFC 3339 `timestamp` in whole seconds; HTTP Basic from a `user:pass@` hook URL or a token
//! templated into the URL (khan.md §2, §5, §7).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use receiver_core::{SourceKind, Timestamp};
use serde_json::{Value, json};

use super::cli::KhanArgs;
use super::json::Json;
use super::{
    Expect, GO_USER_AGENT, Request, TriggerError, basic_authorization, body_or, parse_basic, payload_error,
    query_escape, usage, uuid_v4,
};

/// The 13 hook types of Khan's `models/hook.go`, by code (the Go constants without the `Hook` suffix).
pub(crate) const NAMES: [&str; 13] = [
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

/// The hook code for a number (`5`) or a name in any spelling (`ClanLeft`, `ClanLeftHook`, `clan-left`).
pub(crate) fn code_of(text: &str) -> Option<u8> {
    if let Ok(code) = text.trim().parse::<u8>() {
        return (usize::from(code) < NAMES.len()).then_some(code);
    }
    let squash = |s: &str| s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    let wanted = squash(text);
    let wanted = wanted.strip_suffix("hook").unwrap_or(&wanted);
    NAMES.iter().position(|name| squash(name) == wanted).and_then(|at| u8::try_from(at).ok())
}

#[derive(Debug)]
enum Credentials {
    Basic(String),
    Token(String),
}

/// A resolved `trigger khan`.
#[derive(Debug)]
pub(crate) struct Plan {
    code: u8,
    credentials: Credentials,
    repeat_id: Option<String>,
    url: String,
    file: Option<Vec<u8>>,
}

impl Plan {
    pub(crate) fn new(args: &KhanArgs, url: String, file: Option<Vec<u8>>) -> Result<Self, TriggerError> {
        let code = code_of(&args.event).ok_or_else(|| {
            let known: Vec<String> = NAMES.iter().enumerate().map(|(code, name)| format!("{code} {name}")).collect();
            usage(format!("unknown Khan hook type {:?}; known: {}", args.event, known.join(", ")))
        })?;
        let credentials = match &args.token {
            Some(token) => Credentials::Token(token.clone()),
            None => {
                let (user, password) = parse_basic("--basic", &args.basic)?;
                Credentials::Basic(basic_authorization(&user, &password))
            }
        };
        let repeat_id = args.repeat_id.as_ref().map(|id| if id.is_empty() { uuid_v4() } else { id.clone() });
        Ok(Self { code, credentials, repeat_id, url, file })
    }

    pub(crate) fn build(&self, now: SystemTime) -> Result<Request, TriggerError> {
        let id = self.repeat_id.clone().unwrap_or_else(uuid_v4);
        let body = body_or(self.file.as_ref(), || {
            // Khan's `time.Now().Format(time.RFC3339)`: whole seconds (here in UTC).
            let seconds = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let timestamp = Timestamp::from_system_time(UNIX_EPOCH + Duration::from_secs(seconds));
            let mut body = Json::from(payload(self.code));
            body.set("type", Json::Number(self.code.into()));
            body.set("id", Json::from(id.as_str()));
            body.set("timestamp", Json::from(timestamp.to_string()));
            body.sort_keys();
            body.to_compact().map(String::into_bytes).map_err(payload_error)
        })?;
        // With --body, the id the receiver sees is the file's.
        let id = match &self.file {
            Some(bytes) => std::str::from_utf8(bytes)
                .ok()
                .and_then(|text| Json::parse(text).ok())
                .and_then(|json| json.get("id").and_then(Json::as_str).map(str::to_owned)),
            None => Some(id),
        };
        let mut headers = vec![
            ("User-Agent".to_owned(), GO_USER_AGENT.to_owned()),
            ("Content-Type".to_owned(), "application/json".to_owned()),
        ];
        let mut url = self.url.clone();
        match &self.credentials {
            Credentials::Basic(authorization) => headers.push(("Authorization".to_owned(), authorization.clone())),
            Credentials::Token(token) => {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str("token=");
                url.push_str(&query_escape(token));
            }
        }
        let name = NAMES.get(usize::from(self.code)).copied().unwrap_or("Unknown");
        Ok(Request {
            source: SourceKind::Khan,
            event: format!("{} {name}", self.code),
            id,
            method: "POST",
            url,
            headers,
            body,
            expect: Expect::Success,
        })
    }
}

/// The event's own keys (khan.md §7), without `type`, `id` and `timestamp`: a game `dev-game`, a clan
/// `clan-1` owned by Alice, Bob applying, joining, being promoted and leaving.
fn payload(code: u8) -> Value {
    let game = "dev-game";
    let alice = json!({"publicID": "p-alice", "name": "Alice", "metadata": {"level": 12}, "membershipCount": 1, "ownershipCount": 1});
    let bob = json!({"publicID": "p-bob", "name": "Bob", "metadata": {}, "membershipCount": 0, "ownershipCount": 0});
    let member = |level: &str, memberships: i64| json!({"publicID": "p-bob", "name": "Bob", "metadata": {}, "membershipCount": memberships, "ownershipCount": 0, "membershipLevel": level});
    let clan_with_owner = json!({"publicID": "clan-1", "name": "My Clan", "membershipCount": 1, "ownerPublicID": "p-alice",
        "metadata": {"region": "eu"}, "allowApplication": true, "autoJoin": false});
    let clan = |members: i64| {
        json!({"publicID": "clan-1", "name": "My Clan", "membershipCount": members, "metadata": {"region": "eu"},
            "allowApplication": true, "autoJoin": false})
    };
    let message = "Please accept me";
    match code {
        0 => json!({"publicID": game, "name": "Dev Game", "membershipLevels": {"Member": 1, "Elder": 2, "CoLeader": 3},
            "metadata": {}, "minLevelToAcceptApplication": 2, "minLevelToCreateInvitation": 2, "minLevelToRemoveMember": 2,
            "minLevelOffsetToRemoveMember": 1, "minLevelOffsetToPromoteMember": 1, "minLevelOffsetToDemoteMember": 1,
            "maxMembers": 50, "maxClansPerPlayer": 1, "cooldownAfterDeny": 30, "cooldownAfterDelete": 30,
            "cooldownBeforeApply": 3600, "cooldownBeforeInvite": 0, "maxPendingInvites": 20}),
        1 | 2 => json!({"gameID": game, "publicID": "p-alice", "name": "Alice", "metadata": {"level": 12},
            "membershipCount": 0, "ownershipCount": 0}),
        3 | 4 => json!({"gameID": game, "clan": clan_with_owner}),
        5 | 6 => json!({"gameID": game, "clan": clan(1), "previousOwner": alice,
            "newOwner": {"publicID": "p-bob", "name": "Bob", "metadata": {}, "membershipCount": 1, "ownershipCount": 1},
            "isDeleted": false}),
        7 => {
            json!({"gameID": game, "clan": clan(1), "player": member("Member", 0), "requestor": bob, "message": message})
        }
        8 => json!({"gameID": game, "clan": clan(2), "player": member("Member", 1), "requestor": alice, "creator": bob,
            "message": message}),
        9 => json!({"gameID": game, "clan": clan(1), "player": member("Member", 0), "requestor": alice, "creator": bob,
            "message": message}),
        10 => {
            json!({"gameID": game, "clan": clan(2), "player": member("Elder", 1), "requestor": alice, "message": message})
        }
        11 => {
            json!({"gameID": game, "clan": clan(2), "player": member("Member", 1), "requestor": alice, "message": message})
        }
        _ => json!({"gameID": game, "clan": clan(1), "player": member("Member", 0),
            "requestor": {"publicID": "p-bob", "name": "Bob", "metadata": {}, "membershipCount": 0, "ownershipCount": 0}}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        assert_eq!(code_of("5"), Some(5));
        assert_eq!(code_of("ClanLeft"), Some(5));
        assert_eq!(code_of("ClanLeftHook"), Some(5));
        assert_eq!(code_of("clan-left"), Some(5));
        assert_eq!(code_of("membership_left"), Some(12));
        assert_eq!(code_of("13"), None);
        assert_eq!(code_of("nope"), None);
    }
}
