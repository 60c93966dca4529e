//! Twitch EventSub, as twitch-cli's `event trigger` and `event verify-subscription` send it (twitch-eventsub.md
//! §a.5, §a.6).

use std::time::SystemTime;

use receiver_core::{Secret, SourceKind, Timestamp, twitch};

use super::cli::TwitchArgs;
use super::json::Json;
use super::{Expect, Request, TriggerError, body_or, payload_error, usage, uuid_v4};

/// twitch-cli's `User-Agent` is `twitch-cli/<version>`; this says which tool it really is.
pub(crate) const USER_AGENT: &str = "twitch-cli/receiver-trigger";

/// Header names as twitch-cli sends them (Go's canonical form).
mod header {
    pub(super) const MESSAGE_ID: &str = "Twitch-Eventsub-Message-Id";
    pub(super) const MESSAGE_RETRY: &str = "Twitch-Eventsub-Message-Retry";
    pub(super) const MESSAGE_TYPE: &str = "Twitch-Eventsub-Message-Type";
    pub(super) const MESSAGE_SIGNATURE: &str = "Twitch-Eventsub-Message-Signature";
    pub(super) const MESSAGE_TIMESTAMP: &str = "Twitch-Eventsub-Message-Timestamp";
    pub(super) const SUBSCRIPTION_TYPE: &str = "Twitch-Eventsub-Subscription-Type";
    pub(super) const SUBSCRIPTION_VERSION: &str = "Twitch-Eventsub-Subscription-Version";
}

/// One webhook notification fixture per subscription type: `(type, version, body)`.
const FIXTURES: &[(&str, &str, &str)] = &[
    (
        "channel.ban",
        "1",
        include_str!("../../../fixtures/twitch-eventsub/webhook-notification-channel.ban.v1.twitch_api.json"),
    ),
    (
        "channel.channel_points_custom_reward_redemption.add",
        "1",
        include_str!(
            "../../../fixtures/twitch-eventsub/webhook-notification-channel.channel_points_custom_reward_redemption.add.v1.twitch_api.json"
        ),
    ),
    (
        "channel.cheer",
        "1",
        include_str!("../../../fixtures/twitch-eventsub/webhook-notification-channel.cheer.v1.twitch_api.json"),
    ),
    (
        "channel.follow",
        "2",
        include_str!("../../../fixtures/twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json"),
    ),
    (
        "channel.hype_train.begin",
        "2",
        include_str!(
            "../../../fixtures/twitch-eventsub/webhook-notification-channel.hype_train.begin.v2.twitch_api.json"
        ),
    ),
    (
        "channel.poll.begin",
        "1",
        include_str!("../../../fixtures/twitch-eventsub/webhook-notification-channel.poll.begin.v1.twitch_api.json"),
    ),
    (
        "channel.raid",
        "1",
        include_str!("../../../fixtures/twitch-eventsub/webhook-notification-channel.raid.v1.twitch_api.json"),
    ),
    (
        "channel.subscribe",
        "1",
        include_str!("../../../fixtures/twitch-eventsub/webhook-notification-channel.subscribe.v1.twitch_api.json"),
    ),
    (
        "channel.subscription.end",
        "1",
        include_str!(
            "../../../fixtures/twitch-eventsub/webhook-notification-channel.subscription.end.v1.twitch_api.json"
        ),
    ),
    (
        "channel.subscription.gift",
        "1",
        include_str!(
            "../../../fixtures/twitch-eventsub/webhook-notification-channel.subscription.gift.v1.twitch_api.json"
        ),
    ),
    (
        "channel.subscription.message",
        "1",
        include_str!(
            "../../../fixtures/twitch-eventsub/webhook-notification-channel.subscription.message.v1.twitch_api.json"
        ),
    ),
    (
        "channel.unban",
        "1",
        include_str!("../../../fixtures/twitch-eventsub/webhook-notification-channel.unban.v1.twitch_api.json"),
    ),
    (
        "channel.update",
        "2",
        include_str!("../../../fixtures/twitch-eventsub/webhook-notification-channel.update.v2.twitch_api.json"),
    ),
    (
        "stream.offline",
        "1",
        include_str!("../../../fixtures/twitch-eventsub/webhook-notification-stream.offline.v1.twitch_api.json"),
    ),
    (
        "stream.online",
        "1",
        include_str!("../../../fixtures/twitch-eventsub/webhook-notification-stream.online.v1.twitch_api.json"),
    ),
    (
        "user.authorization.revoke",
        "1",
        include_str!(
            "../../../fixtures/twitch-eventsub/webhook-notification-user.authorization.revoke.v1.twitch_api.json"
        ),
    ),
];

/// Every subscription type the trigger can build, with its version.
pub(crate) fn subscription_types() -> impl Iterator<Item = (&'static str, &'static str)> {
    FIXTURES.iter().map(|&(kind, version, _)| (kind, version))
}

#[derive(Debug)]
enum Mode {
    Notification,
    Revocation(String),
    Challenge,
}

/// A resolved `trigger twitch`.
#[derive(Debug)]
pub(crate) struct Plan {
    kind: String,
    version: String,
    fixture: Option<&'static str>,
    secret: Secret,
    timestamp: Option<String>,
    repeat_id: Option<String>,
    mode: Mode,
    url: String,
    file: Option<Vec<u8>>,
    /// With `--challenge --body`: the file's challenge.
    file_challenge: Option<String>,
}

impl Plan {
    pub(crate) fn new(args: &TwitchArgs, url: String, file: Option<Vec<u8>>) -> Result<Self, TriggerError> {
        let fixture = FIXTURES.iter().find(|(kind, _, _)| *kind == args.event);
        if fixture.is_none() && file.is_none() {
            let known: Vec<_> = subscription_types().map(|(kind, _)| kind).collect();
            return Err(usage(format!(
                "no fixture for the Twitch subscription type {:?} (send your own with --body FILE); known: {}",
                args.event,
                known.join(", ")
            )));
        }
        let version = match (&args.version, fixture) {
            (Some(version), _) => version.clone(),
            (None, Some((_, version, _))) => (*version).to_owned(),
            (None, None) => "1".to_owned(),
        };
        let secret = Secret::new(args.secret.as_str()).map_err(|e| usage(format!("--secret: {e}")))?;
        if let Some(timestamp) = &args.timestamp {
            Timestamp::parse(timestamp).map_err(|e| usage(format!("--timestamp {timestamp:?}: {e}")))?;
        }
        let repeat_id = args.repeat_id.as_ref().map(|id| if id.is_empty() { uuid_v4() } else { id.clone() });
        let mode = match (&args.revocation, args.challenge) {
            (Some(status), _) => Mode::Revocation(status.clone()),
            (None, true) => Mode::Challenge,
            (None, false) => Mode::Notification,
        };
        let file_challenge =
            match (&mode, &file) {
                (Mode::Challenge, Some(bytes)) => Some(challenge_of(bytes).ok_or_else(|| {
                    usage("--challenge --body FILE: the file has no string `challenge` to expect back")
                })?),
                _ => None,
            };
        Ok(Self {
            kind: args.event.clone(),
            version,
            fixture: fixture.map(|(_, _, body)| *body),
            secret,
            timestamp: args.timestamp.clone(),
            repeat_id,
            mode,
            url,
            file,
            file_challenge,
        })
    }

    pub(crate) fn build(&self, now: SystemTime) -> Result<Request, TriggerError> {
        let id = self.repeat_id.clone().unwrap_or_else(uuid_v4);
        let timestamp = self.timestamp.clone().unwrap_or_else(|| Timestamp::from_system_time(now).to_string());
        let challenge = match (&self.mode, &self.file_challenge) {
            (Mode::Challenge, Some(challenge)) => Some(challenge.clone()),
            (Mode::Challenge, None) => Some(uuid_v4()),
            _ => None,
        };
        let body = body_or(self.file.as_ref(), || self.payload(&timestamp, challenge.as_deref()))?;
        let message_type = match self.mode {
            Mode::Notification => "notification",
            Mode::Revocation(_) => "revocation",
            Mode::Challenge => "webhook_callback_verification",
        };
        let signature = twitch::signature_header(&self.secret, &id, &timestamp, &body);
        let headers: Vec<(String, String)> = [
            ("User-Agent", USER_AGENT),
            ("Content-Type", "application/json"),
            (header::MESSAGE_RETRY, "0"),
            (header::MESSAGE_ID, &id),
            (header::SUBSCRIPTION_TYPE, &self.kind),
            (header::SUBSCRIPTION_VERSION, &self.version),
            (header::MESSAGE_TYPE, message_type),
            (header::MESSAGE_TIMESTAMP, &timestamp),
            (header::MESSAGE_SIGNATURE, &signature),
        ]
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
        let event = match &self.mode {
            Mode::Notification => self.kind.clone(),
            Mode::Revocation(status) => format!("{} revocation ({status})", self.kind),
            Mode::Challenge => format!("{} webhook_callback_verification", self.kind),
        };
        Ok(Request {
            source: SourceKind::TwitchEventSub,
            event,
            id: Some(id),
            method: "POST",
            url: self.url.clone(),
            headers,
            body,
            expect: challenge.map_or(Expect::Success, Expect::Challenge),
        })
    }

    /// The fixture with a fresh subscription id, the version, `created_at` and the event's times moved to
    /// `timestamp`, the callback set to the URL sent to; shaped for the message type.
    fn payload(&self, timestamp: &str, challenge: Option<&str>) -> Result<Vec<u8>, TriggerError> {
        let fixture = self.fixture.ok_or_else(|| payload_error("no fixture and no --body"))?;
        let mut message = Json::parse(fixture).map_err(payload_error)?;
        let at = Timestamp::parse(timestamp).map_err(payload_error)?.to_system_time();
        let mut subscription = message.remove("subscription").ok_or_else(|| payload_error("no subscription"))?;
        subscription.set("id", Json::from(uuid_v4()));
        subscription.set("version", Json::from(self.version.as_str()));
        subscription.set("created_at", Json::from(timestamp));
        if let Some(transport) = subscription.get_mut("transport") {
            transport.set("callback", Json::from(self.url.as_str()));
        }
        let message = match (&self.mode, challenge) {
            (Mode::Notification, _) => {
                subscription.set("status", Json::from("enabled"));
                let mut event = message.remove("event").ok_or_else(|| payload_error("no event"))?;
                move_times(&mut event, at);
                Json::Object(vec![("subscription".into(), subscription), ("event".into(), event)])
            }
            (Mode::Revocation(status), _) => {
                subscription.set("status", Json::from(status.as_str()));
                Json::Object(vec![("subscription".into(), subscription)])
            }
            (Mode::Challenge, challenge) => {
                subscription.set("status", Json::from("webhook_callback_verification_pending"));
                let challenge = Json::from(challenge.unwrap_or_default());
                Json::Object(vec![("challenge".into(), challenge), ("subscription".into(), subscription)])
            }
        };
        message.to_compact().map(String::into_bytes).map_err(payload_error)
    }
}

/// Moves every timestamp in the event so that the first one is `at` and the others keep their distance
/// to it (a poll still ends after it starts, a hype train still expires later).
fn move_times(event: &mut Json, at: SystemTime) {
    let mut anchor: Option<SystemTime> = None;
    event.for_each_string_mut(&mut |text| {
        let Ok(time) = Timestamp::parse(text).map(|t| t.to_system_time()) else { return };
        let first = *anchor.get_or_insert(time);
        let moved = match time.duration_since(first) {
            Ok(later) => at.checked_add(later),
            Err(earlier) => at.checked_sub(earlier.duration()),
        };
        if let Some(moved) = moved {
            *text = Timestamp::from_system_time(moved).to_string();
        }
    });
}

/// The `challenge` of a verification body.
fn challenge_of(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    Json::parse(text).ok()?.get("challenge")?.as_str().map(str::to_owned)
}
