//! Typed EventSub event payloads, one struct per subscription type and version.
//!
//! To type another subscription: add its struct below and one line to the `eventsub!` table at the end (the
//! struct, the subscription type and version, the condition type), and a row to `coverage.md`.
//! Everything not in the table arrives as [`Event::Unknown`] with the event JSON kept verbatim.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::json::{RawJson, open_enum};
use crate::timestamp::Timestamp;
use crate::twitch::conditions::{
    BroadcasterCondition, ClientCondition, DropCondition, ExtensionCondition, ModeratorCondition, RaidCondition,
    RewardCondition, TypedCondition, UserCondition,
};
use crate::twitch::{Condition, Notification, Subscription};

open_enum! {
    /// A subscription tier.
    pub enum Tier {
        /// Tier 1.
        Tier1 = "1000",
        /// Tier 2.
        Tier2 = "2000",
        /// Tier 3.
        Tier3 = "3000",
    }
}

open_enum! {
    /// The kind of a stream that went online.
    pub enum StreamType {
        /// A live stream.
        Live = "live",
        /// A playlist.
        Playlist = "playlist",
        /// A watch party.
        WatchParty = "watch_party",
        /// A premiere.
        Premiere = "premiere",
        /// A rerun.
        Rerun = "rerun",
    }
}

open_enum! {
    /// The state of a channel points redemption.
    pub enum RedemptionStatus {
        /// Not yet handled.
        Unfulfilled = "unfulfilled",
        /// Fulfilled.
        Fulfilled = "fulfilled",
        /// Canceled (points refunded).
        Canceled = "canceled",
        /// Twitch does not know.
        UnknownStatus = "unknown",
    }
}

open_enum! {
    /// What a creator goal counts. twitch-cli sends `follower`, which Twitch does not document: it arrives as
    /// `Unknown("follower")`.
    pub enum GoalType {
        /// Followers.
        Follow = "follow",
        /// Subscription points.
        Subscription = "subscription",
        /// Subscriptions.
        SubscriptionCount = "subscription_count",
        /// Subscription points of new subscriptions.
        NewSubscription = "new_subscription",
        /// New subscriptions.
        NewSubscriptionCount = "new_subscription_count",
        /// Bits cheered.
        NewBit = "new_bit",
        /// Users who cheered.
        NewCheerer = "new_cheerer",
    }
}

open_enum! {
    /// How a poll ended.
    pub enum PollStatus {
        /// It ran its time.
        Completed = "completed",
        /// It was archived.
        Archived = "archived",
        /// It was ended early.
        Terminated = "terminated",
    }
}

open_enum! {
    /// How a prediction ended.
    pub enum PredictionStatus {
        /// A winning outcome was chosen and points paid out.
        Resolved = "resolved",
        /// It was canceled and points refunded.
        Canceled = "canceled",
    }
}

open_enum! {
    /// The colour of a prediction outcome.
    pub enum OutcomeColor {
        /// Blue (the first outcome).
        Blue = "blue",
        /// Pink (the second outcome).
        Pink = "pink",
    }
}

open_enum! {
    /// How an unban request was resolved.
    pub enum UnbanRequestStatus {
        /// The user was unbanned.
        Approved = "approved",
        /// The user withdrew the request.
        Canceled = "canceled",
        /// The request was refused.
        Denied = "denied",
    }
}

/// `channel.follow` version 2: a user follows the broadcaster.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelFollowV2 {
    /// The follower's user id.
    pub user_id: String,
    /// The follower's login.
    pub user_login: String,
    /// The follower's display name.
    pub user_name: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// When the follow happened.
    pub followed_at: Timestamp,
}

/// `stream.online` version 1: the broadcaster went live.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct StreamOnlineV1 {
    /// The stream id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The kind of stream.
    #[serde(rename = "type")]
    pub stream_type: StreamType,
    /// When the stream started.
    pub started_at: Timestamp,
}

/// `stream.offline` version 1: the broadcaster stopped streaming.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct StreamOfflineV1 {
    /// The stream id: in Twitch's current examples, not sent by twitch-cli.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
}

/// `channel.subscribe` version 1: a user subscribes (gifted subscriptions included).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelSubscribeV1 {
    /// The subscriber's user id.
    pub user_id: String,
    /// The subscriber's login.
    pub user_login: String,
    /// The subscriber's display name.
    pub user_name: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The tier.
    pub tier: Tier,
    /// Whether the subscription is a gift.
    pub is_gift: bool,
}

/// `channel.subscription.end` version 1: a subscription ended. Same fields as [`ChannelSubscribeV1`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelSubscriptionEndV1 {
    /// The user id.
    pub user_id: String,
    /// The user's login.
    pub user_login: String,
    /// The user's display name.
    pub user_name: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The tier that ended.
    pub tier: Tier,
    /// Whether it was a gift.
    pub is_gift: bool,
}

/// `channel.subscription.gift` version 1: a user gives subscriptions.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelSubscriptionGiftV1 {
    /// The gifter's user id; `None` when anonymous (twitch-cli sends a placeholder user instead).
    #[serde(default)]
    pub user_id: Option<String>,
    /// The gifter's login; `None` when anonymous.
    #[serde(default)]
    pub user_login: Option<String>,
    /// The gifter's display name; `None` when anonymous.
    #[serde(default)]
    pub user_name: Option<String>,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// Subscriptions in this gift.
    pub total: i64,
    /// The tier.
    pub tier: Tier,
    /// The gifter's all-time total; `None` when anonymous or not shared.
    #[serde(default)]
    pub cumulative_total: Option<i64>,
    /// Whether the gifter is anonymous.
    pub is_anonymous: bool,
}

/// `channel.subscription.message` version 1: a user shares a resubscription message.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelSubscriptionMessageV1 {
    /// The subscriber's user id.
    pub user_id: String,
    /// The subscriber's login.
    pub user_login: String,
    /// The subscriber's display name.
    pub user_name: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The tier.
    pub tier: Tier,
    /// The message and its emotes.
    pub message: SubscriptionMessage,
    /// Total months subscribed.
    pub cumulative_months: i64,
    /// Consecutive months; `None` when the user does not share it.
    #[serde(default)]
    pub streak_months: Option<i64>,
    /// Months in the current subscription.
    pub duration_months: i64,
}

/// A resubscription message.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct SubscriptionMessage {
    /// The text.
    pub text: String,
    /// Emotes in the text, by position; `None` when Twitch sends `null` or nothing.
    #[serde(default)]
    pub emotes: Option<Vec<Emote>>,
}

/// An emote inside a message's text.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Emote {
    /// Index of the first character.
    pub begin: i64,
    /// Index of the last character.
    pub end: i64,
    /// The emote id.
    pub id: String,
}

/// `channel.cheer` version 1: a user cheers bits.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelCheerV1 {
    /// Whether the cheer is anonymous.
    pub is_anonymous: bool,
    /// The user id: `None` (Twitch) or `Some("")` (twitch-cli) when anonymous.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The user's login, as `user_id`.
    #[serde(default)]
    pub user_login: Option<String>,
    /// The user's display name, as `user_id`.
    #[serde(default)]
    pub user_name: Option<String>,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The cheer message.
    pub message: String,
    /// Bits cheered.
    pub bits: i64,
}

/// `channel.raid` version 1: a broadcaster raids another.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelRaidV1 {
    /// The raiding broadcaster's user id.
    pub from_broadcaster_user_id: String,
    /// The raiding broadcaster's login.
    pub from_broadcaster_user_login: String,
    /// The raiding broadcaster's display name.
    pub from_broadcaster_user_name: String,
    /// The raided broadcaster's user id.
    pub to_broadcaster_user_id: String,
    /// The raided broadcaster's login.
    pub to_broadcaster_user_login: String,
    /// The raided broadcaster's display name.
    pub to_broadcaster_user_name: String,
    /// Viewers in the raid.
    pub viewers: i64,
}

/// `channel.channel_points_custom_reward_redemption.add` version 1: a viewer redeems a custom reward.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelPointsCustomRewardRedemptionAddV1 {
    /// The redemption id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The viewer's user id.
    pub user_id: String,
    /// The viewer's login.
    pub user_login: String,
    /// The viewer's display name.
    pub user_name: String,
    /// What the viewer typed (empty when the reward takes no input).
    pub user_input: String,
    /// The redemption's state.
    pub status: RedemptionStatus,
    /// The reward.
    pub reward: Reward,
    /// When it was redeemed.
    pub redeemed_at: Timestamp,
}

/// A channel points reward, as embedded in a redemption.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct Reward {
    /// The reward id.
    pub id: String,
    /// The title.
    pub title: String,
    /// The cost in channel points.
    pub cost: i64,
    /// The prompt.
    pub prompt: String,
}

/// `channel.update` version 2: the broadcaster changed title, category or classification labels.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelUpdateV2 {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The stream title.
    pub title: String,
    /// The language (ISO 639-1, or `other`).
    pub language: String,
    /// The category id.
    pub category_id: String,
    /// The category name.
    pub category_name: String,
    /// Content classification labels, e.g. `MatureGame`.
    pub content_classification_labels: Vec<String>,
}

/// `channel.ban` version 1: a user is banned or timed out.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelBanV1 {
    /// The banned user's id.
    pub user_id: String,
    /// The banned user's login.
    pub user_login: String,
    /// The banned user's display name.
    pub user_name: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The moderator's user id.
    pub moderator_user_id: String,
    /// The moderator's login.
    pub moderator_user_login: String,
    /// The moderator's display name.
    pub moderator_user_name: String,
    /// The reason given.
    pub reason: String,
    /// When the ban happened.
    pub banned_at: Timestamp,
    /// When a timeout ends; `None` for a permanent ban.
    #[serde(default)]
    pub ends_at: Option<Timestamp>,
    /// Whether the ban is permanent.
    pub is_permanent: bool,
}

/// `channel.unban` version 1: a user is unbanned.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelUnbanV1 {
    /// The unbanned user's id.
    pub user_id: String,
    /// The unbanned user's login.
    pub user_login: String,
    /// The unbanned user's display name.
    pub user_name: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The moderator's user id.
    pub moderator_user_id: String,
    /// The moderator's login.
    pub moderator_user_login: String,
    /// The moderator's display name.
    pub moderator_user_name: String,
}

/// `channel.poll.begin` version 1: a poll starts.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelPollBeginV1 {
    /// The poll id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The question.
    pub title: String,
    /// The choices.
    pub choices: Vec<PollChoice>,
    /// Voting with bits (Twitch has disabled it; still sent).
    pub bits_voting: PollVoting,
    /// Voting with channel points.
    pub channel_points_voting: PollVoting,
    /// When the poll started.
    pub started_at: Timestamp,
    /// When the poll ends.
    pub ends_at: Timestamp,
}

/// A poll choice; the vote counts are sent from `channel.poll.progress` on, not when the poll begins.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct PollChoice {
    /// The choice id.
    pub id: String,
    /// The choice text.
    pub title: String,
    /// Votes cast with bits (Twitch has disabled bits voting; sent as `0`); `None` when the poll begins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bits_votes: Option<i64>,
    /// Votes cast with channel points; `None` when the poll begins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_points_votes: Option<i64>,
    /// All votes, channel points votes included; `None` when the poll begins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<i64>,
}

/// Whether extra votes can be bought, and at what price.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct PollVoting {
    /// Whether this kind of voting is on.
    pub is_enabled: bool,
    /// The price of one extra vote.
    pub amount_per_vote: i64,
}

/// `channel.hype_train.begin` version 2: a hype train starts.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelHypeTrainBeginV2 {
    /// The hype train id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// Points contributed in total.
    pub total: i64,
    /// Points toward the current level.
    pub progress: i64,
    /// Points needed for the next level.
    pub goal: i64,
    /// The top contributors.
    pub top_contributions: Vec<HypeTrainContribution>,
    /// Channels in a shared train; `None` (`null`) when not shared.
    #[serde(default)]
    pub shared_train_participants: Option<Vec<SharedTrainParticipant>>,
    /// The current level.
    pub level: i64,
    /// When the train started.
    pub started_at: Timestamp,
    /// When it ends unless fed.
    pub expires_at: Timestamp,
    /// Whether the train is shared between channels.
    pub is_shared_train: bool,
    /// `regular`, `golden_kappa` or `treasure`, kept as sent.
    #[serde(rename = "type")]
    pub train_type: String,
    /// The channel's all-time highest level.
    pub all_time_high_level: i64,
    /// The channel's all-time highest total.
    pub all_time_high_total: i64,
}

/// A top contribution to a hype train.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct HypeTrainContribution {
    /// The contributor's user id.
    pub user_id: String,
    /// The contributor's login.
    pub user_login: String,
    /// The contributor's display name.
    pub user_name: String,
    /// `bits`, `subscription` or `other`, kept as sent.
    #[serde(rename = "type")]
    pub contribution_type: String,
    /// The amount.
    pub total: i64,
}

/// A channel taking part in a shared hype train.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct SharedTrainParticipant {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
}

/// `user.authorization.revoke` version 1: a user revoked the application's authorization.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UserAuthorizationRevokeV1 {
    /// The application's client id.
    pub client_id: String,
    /// The user's id.
    pub user_id: String,
    /// The user's login; `None` if the user was deleted.
    #[serde(default)]
    pub user_login: Option<String>,
    /// The user's display name; `None` if the user was deleted.
    #[serde(default)]
    pub user_name: Option<String>,
}

/// `channel.update` version 1: the broadcaster changed title or category; v1 has `is_mature` where v2 has
/// classification labels.
///
/// Shape: twitch-cli `internal/events/types/channel_update_v1` (model `internal/models/channel_update.go`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelUpdateV1 {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The stream title.
    pub title: String,
    /// The language (ISO 639-1, or `other`).
    pub language: String,
    /// The category id.
    pub category_id: String,
    /// The category name.
    pub category_name: String,
    /// Whether the channel is marked mature.
    pub is_mature: bool,
}

/// `channel.ad_break.begin` version 1: a midroll ad break starts, run by hand or by Ads Manager.
///
/// Shape: twitch-cli `internal/models/ad_break.go`; Twitch's example as in twitch_api
/// `src/eventsub/channel/ad_break/begin.rs`, which writes the number and the flag as strings (`"60"`,
/// `"false"`): both spellings are read.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelAdBreakBeginV1 {
    /// The length of the break in seconds.
    #[serde(deserialize_with = "crate::json::lenient_i64")]
    pub duration_seconds: i64,
    /// When the break started (`timestamp` in older docs, read as well).
    #[serde(alias = "timestamp")]
    pub started_at: Timestamp,
    /// Whether Ads Manager scheduled the break.
    #[serde(deserialize_with = "lenient_bool")]
    pub is_automatic: bool,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// Who asked for the break (the broadcaster for an automatic one).
    pub requester_user_id: String,
    /// The requester's login.
    pub requester_user_login: String,
    /// The requester's display name.
    pub requester_user_name: String,
}

/// `user.authorization.grant` version 1: a user authorized the application.
///
/// Shape: twitch-cli `internal/events/types/authorization_grant` (it reuses the revoke model); Twitch's reference.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UserAuthorizationGrantV1 {
    /// The application's client id.
    pub client_id: String,
    /// The user's id.
    pub user_id: String,
    /// The user's login.
    pub user_login: String,
    /// The user's display name.
    pub user_name: String,
}

/// `user.update` version 1: a user updated their account.
///
/// Shape: Twitch's reference (twitch_api `src/eventsub/user/update.rs`); twitch-cli sends neither `email` nor
/// `email_verified` (`internal/models/user_update.go`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UserUpdateV1 {
    /// The user's id.
    pub user_id: String,
    /// The user's login.
    pub user_login: String,
    /// The user's display name.
    pub user_name: String,
    /// The email address: only with the `user:read:email` scope, and absent from twitch-cli's output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether Twitch verified the email address; absent from twitch-cli's output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// The channel description.
    pub description: String,
}

/// `channel.channel_points_custom_reward_redemption.update` version 1: a redemption was fulfilled or
/// canceled. Same fields as [`ChannelPointsCustomRewardRedemptionAddV1`].
///
/// Shape: twitch-cli `internal/models/redemption.go` (shared by add and update); Twitch's reference.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelPointsCustomRewardRedemptionUpdateV1 {
    /// The redemption id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The viewer's user id.
    pub user_id: String,
    /// The viewer's login.
    pub user_login: String,
    /// The viewer's display name.
    pub user_name: String,
    /// What the viewer typed (empty when the reward takes no input).
    pub user_input: String,
    /// The redemption's new state (`fulfilled` or `canceled`).
    pub status: RedemptionStatus,
    /// The reward.
    pub reward: Reward,
    /// When it was redeemed.
    pub redeemed_at: Timestamp,
}

/// Whether a per-stream limit is on, and its value.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct RewardMax {
    /// Whether the limit is on.
    pub is_enabled: bool,
    /// The limit.
    pub value: i64,
}

/// Whether a reward has a cooldown, and how long.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct GlobalCooldown {
    /// Whether the cooldown is on.
    pub is_enabled: bool,
    /// The cooldown in seconds.
    pub seconds: i64,
}

/// A reward image in three sizes.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct RewardImage {
    /// 28×28 pixels.
    pub url_1x: String,
    /// 56×56 pixels.
    pub url_2x: String,
    /// 112×112 pixels.
    pub url_4x: String,
}

/// Defines a custom reward event struct: `channel.channel_points_custom_reward.add`, `.update` and `.remove`
/// carry the same fields.
macro_rules! custom_reward_event {
    ( $(#[$doc:meta])* $name:ident ) => {
        $(#[$doc])*
        ///
        /// Shape: Twitch's reference (twitch_api `src/eventsub/channel/channel_points_custom_reward/*.rs`);
        /// twitch-cli `internal/models/reward.go` always sends an image and a cooldown time, Twitch may send
        /// `null` for both and for the redemption count.
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
        pub struct $name {
            /// The reward id.
            pub id: String,
            /// The broadcaster's user id.
            pub broadcaster_user_id: String,
            /// The broadcaster's login.
            pub broadcaster_user_login: String,
            /// The broadcaster's display name.
            pub broadcaster_user_name: String,
            /// Whether viewers see the reward.
            pub is_enabled: bool,
            /// Whether redeeming is paused.
            pub is_paused: bool,
            /// Whether the reward can be redeemed now.
            pub is_in_stock: bool,
            /// The title.
            pub title: String,
            /// The cost in channel points.
            pub cost: i64,
            /// The prompt.
            pub prompt: String,
            /// Whether the viewer must type something.
            pub is_user_input_required: bool,
            /// Whether redemptions skip the request queue (fulfilled at once).
            pub should_redemptions_skip_request_queue: bool,
            /// The per-stream limit.
            pub max_per_stream: RewardMax,
            /// The per-user per-stream limit.
            pub max_per_user_per_stream: RewardMax,
            /// The cooldown.
            pub global_cooldown: GlobalCooldown,
            /// The background colour, `#RRGGBB`.
            pub background_color: String,
            /// The custom image; `None` (`null`) when none was uploaded.
            #[serde(default)]
            pub image: Option<RewardImage>,
            /// The default image.
            #[serde(default)]
            pub default_image: Option<RewardImage>,
            /// When the cooldown ends; `None` (`null`) when the reward is not cooling down.
            #[serde(default)]
            pub cooldown_expires_at: Option<Timestamp>,
            /// Redemptions in the current stream; `None` (`null`) when the stream is offline or there is no
            /// per-stream limit.
            #[serde(default)]
            pub redemptions_redeemed_current_stream: Option<i64>,
        }
    };
}

custom_reward_event! {
    /// `channel.channel_points_custom_reward.add` version 1: a custom reward was created.
    ChannelPointsCustomRewardAddV1
}

custom_reward_event! {
    /// `channel.channel_points_custom_reward.update` version 1: a custom reward was changed.
    ChannelPointsCustomRewardUpdateV1
}

custom_reward_event! {
    /// `channel.channel_points_custom_reward.remove` version 1: a custom reward was deleted.
    ChannelPointsCustomRewardRemoveV1
}

/// An amount of money: `value` in the currency's smallest unit, e.g. `{"value": 10000, "decimal_places": 2,
/// "currency": "USD"}` is $100.00.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct CharityAmount {
    /// The amount times 10 to the power `decimal_places`.
    pub value: i64,
    /// Where the decimal point goes.
    pub decimal_places: i64,
    /// ISO 4217 currency code.
    pub currency: String,
}

/// `channel.charity_campaign.donate` version 1: a user donates to the broadcaster's charity campaign.
///
/// Shape: Twitch's reference writes the broadcaster as `broadcaster_id`, `broadcaster_login`,
/// `broadcaster_name` (twitch_api `src/eventsub/channel/charity_campaign/donate.rs`); twitch-cli
/// (`internal/models/charity.go`) and a second Twitch example write `broadcaster_user_*`. Both are read,
/// `broadcaster_user_*` is written. twitch-cli leaves out `charity_description` and `charity_website` here.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelCharityCampaignDonateV1 {
    /// The donation id.
    pub id: String,
    /// The campaign id.
    pub campaign_id: String,
    /// The broadcaster's user id (`broadcaster_id` in Twitch's reference).
    #[serde(alias = "broadcaster_id")]
    pub broadcaster_user_id: String,
    /// The broadcaster's login (`broadcaster_login` in Twitch's reference).
    #[serde(alias = "broadcaster_login")]
    pub broadcaster_user_login: String,
    /// The broadcaster's display name (`broadcaster_name` in Twitch's reference).
    #[serde(alias = "broadcaster_name")]
    pub broadcaster_user_name: String,
    /// The donor's user id.
    pub user_id: String,
    /// The donor's login.
    pub user_login: String,
    /// The donor's display name.
    pub user_name: String,
    /// The charity's name.
    pub charity_name: String,
    /// The charity's description; not sent by twitch-cli.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charity_description: Option<String>,
    /// The charity's logo (a 100×100 PNG).
    pub charity_logo: String,
    /// The charity's website; not sent by twitch-cli.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charity_website: Option<String>,
    /// The amount donated.
    pub amount: CharityAmount,
}

/// `channel.charity_campaign.start` version 1: a charity campaign starts. Broadcaster fields as in
/// [`ChannelCharityCampaignDonateV1`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelCharityCampaignStartV1 {
    /// The campaign id.
    pub id: String,
    /// The broadcaster's user id (`broadcaster_id` in Twitch's reference).
    #[serde(alias = "broadcaster_id")]
    pub broadcaster_user_id: String,
    /// The broadcaster's login (`broadcaster_login` in Twitch's reference).
    #[serde(alias = "broadcaster_login")]
    pub broadcaster_user_login: String,
    /// The broadcaster's display name (`broadcaster_name` in Twitch's reference).
    #[serde(alias = "broadcaster_name")]
    pub broadcaster_user_name: String,
    /// The charity's name.
    pub charity_name: String,
    /// The charity's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charity_description: Option<String>,
    /// The charity's logo (a 100×100 PNG).
    pub charity_logo: String,
    /// The charity's website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charity_website: Option<String>,
    /// Raised so far.
    pub current_amount: CharityAmount,
    /// The goal.
    pub target_amount: CharityAmount,
    /// When the campaign started.
    pub started_at: Timestamp,
}

/// `channel.charity_campaign.progress` version 1: a charity campaign raised money or changed its goal.
/// Broadcaster fields as in [`ChannelCharityCampaignDonateV1`]; twitch-cli leaves out description and website.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelCharityCampaignProgressV1 {
    /// The campaign id.
    pub id: String,
    /// The broadcaster's user id (`broadcaster_id` in Twitch's reference).
    #[serde(alias = "broadcaster_id")]
    pub broadcaster_user_id: String,
    /// The broadcaster's login (`broadcaster_login` in Twitch's reference).
    #[serde(alias = "broadcaster_login")]
    pub broadcaster_user_login: String,
    /// The broadcaster's display name (`broadcaster_name` in Twitch's reference).
    #[serde(alias = "broadcaster_name")]
    pub broadcaster_user_name: String,
    /// The charity's name.
    pub charity_name: String,
    /// The charity's description; not sent by twitch-cli.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charity_description: Option<String>,
    /// The charity's logo (a 100×100 PNG).
    pub charity_logo: String,
    /// The charity's website; not sent by twitch-cli.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charity_website: Option<String>,
    /// Raised so far.
    pub current_amount: CharityAmount,
    /// The goal.
    pub target_amount: CharityAmount,
}

/// `channel.charity_campaign.stop` version 1: a charity campaign ends. Broadcaster fields as in
/// [`ChannelCharityCampaignDonateV1`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelCharityCampaignStopV1 {
    /// The campaign id.
    pub id: String,
    /// The broadcaster's user id (`broadcaster_id` in Twitch's reference).
    #[serde(alias = "broadcaster_id")]
    pub broadcaster_user_id: String,
    /// The broadcaster's login (`broadcaster_login` in Twitch's reference).
    #[serde(alias = "broadcaster_login")]
    pub broadcaster_user_login: String,
    /// The broadcaster's display name (`broadcaster_name` in Twitch's reference).
    #[serde(alias = "broadcaster_name")]
    pub broadcaster_user_name: String,
    /// The charity's name.
    pub charity_name: String,
    /// The charity's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charity_description: Option<String>,
    /// The charity's logo (a 100×100 PNG).
    pub charity_logo: String,
    /// The charity's website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charity_website: Option<String>,
    /// Raised in total.
    pub current_amount: CharityAmount,
    /// The goal.
    pub target_amount: CharityAmount,
    /// When the campaign stopped.
    pub stopped_at: Timestamp,
}

/// `drop.entitlement.grant` version 1: a batch of Drop entitlements. The notification carries `events` (an
/// array) where every other type carries `event`; this is that array.
///
/// Shape: twitch-cli `internal/models/drops.go` and `internal/events/types/drop/drop.go`; Twitch's reference.
/// Webhook only.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// The value is the `events` array itself (unknown fields are checked in its elements).
#[serde(transparent)]
pub struct DropEntitlementGrantV1 {
    /// The entitlements, in the order sent.
    pub events: Vec<DropEntitlement>,
}

/// One entitlement of a [`DropEntitlementGrantV1`] batch.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct DropEntitlement {
    /// The event id: deduplicate on it (a batch may repeat an entitlement sent before).
    pub id: String,
    /// The entitlement.
    pub data: DropEntitlementData,
}

/// What a Drop entitlement grants, to whom.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct DropEntitlementData {
    /// The organization that owns the game.
    pub organization_id: String,
    /// The game category id.
    pub category_id: String,
    /// The game category name.
    pub category_name: String,
    /// The campaign id.
    pub campaign_id: String,
    /// The user's id.
    pub user_id: String,
    /// The user's display name.
    pub user_name: String,
    /// The user's login.
    pub user_login: String,
    /// The entitlement id.
    pub entitlement_id: String,
    /// The benefit (the item granted) id.
    pub benefit_id: String,
    /// When the entitlement was granted.
    pub created_at: Timestamp,
}

/// `extension.bits_transaction.create` version 1: a user spent bits in an extension.
///
/// Shape: twitch-cli `internal/models/transactions.go`; Twitch's reference (twitch_api
/// `src/eventsub/extension/bits_transaction/create.rs`). Webhook only.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ExtensionBitsTransactionCreateV1 {
    /// The transaction id.
    pub id: String,
    /// The extension's client id.
    pub extension_client_id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The buyer's user id.
    pub user_id: String,
    /// The buyer's login.
    pub user_login: String,
    /// The buyer's display name.
    pub user_name: String,
    /// What was bought.
    pub product: ExtensionProduct,
}

/// An extension product bought with bits.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ExtensionProduct {
    /// The product name.
    pub name: String,
    /// The product's SKU, unique within the extension.
    pub sku: String,
    /// The price in bits.
    pub bits: i64,
    /// Whether the product is in development.
    pub in_development: bool,
}

/// `channel.goal.begin` version 1: the broadcaster starts a creator goal.
///
/// Shape: Twitch's reference (twitch_api `src/eventsub/channel/goal/*.rs`); twitch-cli
/// `internal/models/goal.go` (it sends the undocumented goal type `follower`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelGoalBeginV1 {
    /// The goal id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// What the goal counts.
    #[serde(rename = "type")]
    pub goal_type: GoalType,
    /// The description (may be empty).
    pub description: String,
    /// The current value.
    pub current_amount: i64,
    /// The target value.
    pub target_amount: i64,
    /// When the goal was created.
    pub started_at: Timestamp,
}

/// `channel.goal.progress` version 1: a creator goal's value changed. Same fields as [`ChannelGoalBeginV1`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelGoalProgressV1 {
    /// The goal id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// What the goal counts.
    #[serde(rename = "type")]
    pub goal_type: GoalType,
    /// The description (may be empty).
    pub description: String,
    /// The current value.
    pub current_amount: i64,
    /// The target value.
    pub target_amount: i64,
    /// When the goal was created.
    pub started_at: Timestamp,
}

/// `channel.goal.end` version 1: a creator goal ended.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelGoalEndV1 {
    /// The goal id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// What the goal counts.
    #[serde(rename = "type")]
    pub goal_type: GoalType,
    /// The description (may be empty).
    pub description: String,
    /// Whether the goal was reached.
    pub is_achieved: bool,
    /// The final value.
    pub current_amount: i64,
    /// The target value.
    pub target_amount: i64,
    /// When the goal was created.
    pub started_at: Timestamp,
    /// When the goal ended.
    pub ended_at: Timestamp,
}

/// `channel.hype_train.begin` version 1, as twitch-cli generates it (Twitch now documents v2, see
/// [`ChannelHypeTrainBeginV2`]).
///
/// Shape: twitch-cli `internal/models/hype_train.go` (`HypeTrainEventSubEvent`) and Twitch's v1 reference
/// (twitch_api `src/eventsub/channel/hypetrain/begin.rs`). twitch-cli leaves `level` out when it begins;
/// Twitch's v1 sends it.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelHypeTrainBeginV1 {
    /// The hype train id (old twitch-cli versions send `""`).
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// Points contributed in total.
    pub total: i64,
    /// Points toward the current level.
    pub progress: i64,
    /// Points needed for the next level.
    pub goal: i64,
    /// The top contributors (at most one per contribution type).
    pub top_contributions: Vec<HypeTrainContribution>,
    /// The latest contribution.
    pub last_contribution: HypeTrainContribution,
    /// The starting level; not sent by twitch-cli.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<i64>,
    /// When the train started.
    pub started_at: Timestamp,
    /// When it ends unless fed.
    pub expires_at: Timestamp,
    /// Whether it is a Golden Kappa train; in Twitch's later v1 reference, not sent by twitch-cli.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_golden_kappa_train: Option<bool>,
}

/// `channel.hype_train.progress` version 1, as twitch-cli generates it. Shape as [`ChannelHypeTrainBeginV1`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelHypeTrainProgressV1 {
    /// The hype train id (old twitch-cli versions send `""`).
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The current level.
    pub level: i64,
    /// Points contributed in total.
    pub total: i64,
    /// Points toward the current level.
    pub progress: i64,
    /// Points needed for the next level.
    pub goal: i64,
    /// The top contributors (at most one per contribution type).
    pub top_contributions: Vec<HypeTrainContribution>,
    /// The latest contribution.
    pub last_contribution: HypeTrainContribution,
    /// When the train started.
    pub started_at: Timestamp,
    /// When it ends unless fed.
    pub expires_at: Timestamp,
    /// Whether it is a Golden Kappa train; in Twitch's later v1 reference, not sent by twitch-cli.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_golden_kappa_train: Option<bool>,
}

/// `channel.hype_train.end` version 1, as twitch-cli generates it. Shape as [`ChannelHypeTrainBeginV1`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelHypeTrainEndV1 {
    /// The hype train id (old twitch-cli versions send `""`).
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The level reached.
    pub level: i64,
    /// Points contributed in total.
    pub total: i64,
    /// The top contributors (at most one per contribution type).
    pub top_contributions: Vec<HypeTrainContribution>,
    /// The latest contribution: sent by twitch-cli, not in Twitch's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_contribution: Option<HypeTrainContribution>,
    /// When the train started.
    pub started_at: Timestamp,
    /// When the train ended.
    pub ended_at: Timestamp,
    /// When the next train can start.
    pub cooldown_ends_at: Timestamp,
    /// Whether it was a Golden Kappa train; in Twitch's later v1 reference, not sent by twitch-cli.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_golden_kappa_train: Option<bool>,
}

/// `channel.hype_train.progress` version 2: a hype train makes progress.
///
/// Shape: Twitch's v2 reference as modelled by twurple (`EventSubChannelHypeTrainProgressV2EventData`; the
/// begin v2 fixture for the common fields); twitch-cli `internal/models/hype_train.go`
/// (`HypeTrainEventSubEventV2`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelHypeTrainProgressV2 {
    /// The hype train id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// Points contributed in total.
    pub total: i64,
    /// Points toward the current level.
    pub progress: i64,
    /// Points needed for the next level.
    pub goal: i64,
    /// The top contributors.
    pub top_contributions: Vec<HypeTrainContribution>,
    /// Channels in a shared train; `None` (`null`) when not shared.
    #[serde(default)]
    pub shared_train_participants: Option<Vec<SharedTrainParticipant>>,
    /// The current level.
    pub level: i64,
    /// When the train started.
    pub started_at: Timestamp,
    /// When it ends unless fed.
    pub expires_at: Timestamp,
    /// Whether the train is shared between channels.
    pub is_shared_train: bool,
    /// `regular`, `golden_kappa` or `treasure`, kept as sent.
    #[serde(rename = "type")]
    pub train_type: String,
}

/// `channel.hype_train.end` version 2: a hype train ends. Shape as [`ChannelHypeTrainProgressV2`]
/// (twurple's `EventSubChannelHypeTrainEndV2EventData`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelHypeTrainEndV2 {
    /// The hype train id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// Points contributed in total.
    pub total: i64,
    /// The top contributors.
    pub top_contributions: Vec<HypeTrainContribution>,
    /// Channels in a shared train; `None` (`null`) when not shared.
    #[serde(default)]
    pub shared_train_participants: Option<Vec<SharedTrainParticipant>>,
    /// The level reached.
    pub level: i64,
    /// When the train started.
    pub started_at: Timestamp,
    /// When the train ended.
    pub ended_at: Timestamp,
    /// When the next train can start.
    pub cooldown_ends_at: Timestamp,
    /// Whether the train was shared between channels.
    pub is_shared_train: bool,
    /// `regular`, `golden_kappa` or `treasure`, kept as sent.
    #[serde(rename = "type")]
    pub train_type: String,
}

/// `channel.moderator.add` version 1: a user becomes a moderator of the channel.
///
/// Shape: twitch-cli `internal/models/moderator_change.go`; Twitch's reference.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelModeratorAddV1 {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The new moderator's user id.
    pub user_id: String,
    /// The new moderator's login.
    pub user_login: String,
    /// The new moderator's display name.
    pub user_name: String,
}

/// `channel.moderator.remove` version 1: a user is no longer a moderator. Same fields as
/// [`ChannelModeratorAddV1`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelModeratorRemoveV1 {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The former moderator's user id.
    pub user_id: String,
    /// The former moderator's login.
    pub user_login: String,
    /// The former moderator's display name.
    pub user_name: String,
}

/// `channel.poll.progress` version 1: votes were cast. The choices carry vote counts.
///
/// Shape: twitch-cli `internal/models/poll.go` and `internal/events/types/poll/poll.go`; Twitch's reference.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelPollProgressV1 {
    /// The poll id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The question.
    pub title: String,
    /// The choices, with their votes.
    pub choices: Vec<PollChoice>,
    /// Voting with bits (Twitch has disabled it; still sent).
    pub bits_voting: PollVoting,
    /// Voting with channel points.
    pub channel_points_voting: PollVoting,
    /// When the poll started.
    pub started_at: Timestamp,
    /// When the poll ends.
    pub ends_at: Timestamp,
}

/// `channel.poll.end` version 1: a poll ended. Shape as [`ChannelPollProgressV1`], with `status` and
/// `ended_at` instead of `ends_at`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelPollEndV1 {
    /// The poll id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The question.
    pub title: String,
    /// The choices, with their final votes.
    pub choices: Vec<PollChoice>,
    /// Voting with bits (Twitch has disabled it; still sent).
    pub bits_voting: PollVoting,
    /// Voting with channel points.
    pub channel_points_voting: PollVoting,
    /// How the poll ended.
    pub status: PollStatus,
    /// When the poll started.
    pub started_at: Timestamp,
    /// When the poll ended.
    pub ended_at: Timestamp,
}

/// A prediction outcome. Viewer counts and top predictors are sent from `channel.prediction.progress` on.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct PredictionOutcome {
    /// The outcome id.
    pub id: String,
    /// The outcome text.
    pub title: String,
    /// The outcome's colour.
    pub color: OutcomeColor,
    /// Viewers who predicted it; `None` when the prediction begins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<i64>,
    /// Channel points spent on it; `None` when the prediction begins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_points: Option<i64>,
    /// Up to ten users who spent the most on it; `None` when the prediction begins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_predictors: Option<Vec<TopPredictor>>,
}

/// A user who spent many channel points on an outcome.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct TopPredictor {
    /// The user's id.
    pub user_id: String,
    /// The user's login.
    pub user_login: String,
    /// The user's display name.
    pub user_name: String,
    /// Points won; `None` (`null`) until the prediction is resolved (`0` for a losing outcome).
    #[serde(default)]
    pub channel_points_won: Option<i64>,
    /// Points spent.
    pub channel_points_used: i64,
}

/// `channel.prediction.begin` version 1: a prediction starts.
///
/// Shape: twitch-cli `internal/models/prediction.go` and `internal/events/types/prediction/prediction.go`;
/// Twitch's reference.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelPredictionBeginV1 {
    /// The prediction id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The question.
    pub title: String,
    /// The outcomes (two to ten).
    pub outcomes: Vec<PredictionOutcome>,
    /// When the prediction started.
    pub started_at: Timestamp,
    /// When predicting closes.
    pub locks_at: Timestamp,
}

/// `channel.prediction.progress` version 1: users predicted. Same fields as [`ChannelPredictionBeginV1`],
/// the outcomes with counts.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelPredictionProgressV1 {
    /// The prediction id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The question.
    pub title: String,
    /// The outcomes, with counts and top predictors.
    pub outcomes: Vec<PredictionOutcome>,
    /// When the prediction started.
    pub started_at: Timestamp,
    /// When predicting closes.
    pub locks_at: Timestamp,
}

/// `channel.prediction.lock` version 1: predicting closed.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelPredictionLockV1 {
    /// The prediction id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The question.
    pub title: String,
    /// The outcomes, with counts and top predictors.
    pub outcomes: Vec<PredictionOutcome>,
    /// When the prediction started.
    pub started_at: Timestamp,
    /// When predicting closed.
    pub locked_at: Timestamp,
}

/// `channel.prediction.end` version 1: a prediction was resolved or canceled.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelPredictionEndV1 {
    /// The prediction id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The question.
    pub title: String,
    /// The winning outcome's id; `None` (`null` or absent) when canceled.
    #[serde(default)]
    pub winning_outcome_id: Option<String>,
    /// The outcomes, with counts and top predictors.
    pub outcomes: Vec<PredictionOutcome>,
    /// How it ended.
    pub status: PredictionStatus,
    /// When the prediction started.
    pub started_at: Timestamp,
    /// When it ended.
    pub ended_at: Timestamp,
}

/// `channel.shield_mode.begin` version 1: a moderator turns Shield Mode on.
///
/// Shape: twitch-cli `internal/models/shield_mode.go`; Twitch's reference.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelShieldModeBeginV1 {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The moderator's user id.
    pub moderator_user_id: String,
    /// The moderator's login.
    pub moderator_user_login: String,
    /// The moderator's display name.
    pub moderator_user_name: String,
    /// When Shield Mode was turned on.
    pub started_at: Timestamp,
}

/// `channel.shield_mode.end` version 1: a moderator turns Shield Mode off.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelShieldModeEndV1 {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The moderator's user id.
    pub moderator_user_id: String,
    /// The moderator's login.
    pub moderator_user_login: String,
    /// The moderator's display name.
    pub moderator_user_name: String,
    /// When Shield Mode was turned off.
    pub ended_at: Timestamp,
}

/// `channel.shoutout.create` version 1: the channel gives another broadcaster a shoutout.
///
/// Shape: twitch-cli `internal/models/shoutout.go`; Twitch's reference.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelShoutoutCreateV1 {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The user id of the broadcaster who got the shoutout.
    pub to_broadcaster_user_id: String,
    /// Their login.
    pub to_broadcaster_user_login: String,
    /// Their display name.
    pub to_broadcaster_user_name: String,
    /// The user id of the moderator who gave it.
    pub moderator_user_id: String,
    /// The moderator's login.
    pub moderator_user_login: String,
    /// The moderator's display name.
    pub moderator_user_name: String,
    /// Viewers who saw the shoutout.
    pub viewer_count: i64,
    /// When it was given.
    pub started_at: Timestamp,
    /// When the channel may give another shoutout.
    pub cooldown_ends_at: Timestamp,
    /// When the channel may shout out the same broadcaster again.
    pub target_cooldown_ends_at: Timestamp,
}

/// `channel.shoutout.receive` version 1: the channel got a shoutout from another broadcaster.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelShoutoutReceiveV1 {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The user id of the broadcaster who gave the shoutout.
    pub from_broadcaster_user_id: String,
    /// Their login.
    pub from_broadcaster_user_login: String,
    /// Their display name.
    pub from_broadcaster_user_name: String,
    /// Viewers who saw the shoutout.
    pub viewer_count: i64,
    /// When it was given.
    pub started_at: Timestamp,
}

/// `channel.unban_request.create` version 1: a banned user asks to be unbanned.
///
/// Shape: Twitch's reference (twitch_api `src/eventsub/channel/unban_request/create.rs`); twitch-cli
/// (`internal/models/unban_requests.go`) sends no `id`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelUnbanRequestCreateV1 {
    /// The unban request id; not sent by twitch-cli.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The banned user's id.
    pub user_id: String,
    /// The banned user's login.
    pub user_login: String,
    /// The banned user's display name.
    pub user_name: String,
    /// The request's message.
    pub text: String,
    /// When the request was made.
    pub created_at: Timestamp,
}

/// `channel.unban_request.resolve` version 1: an unban request was approved, denied or withdrawn.
///
/// Shape: Twitch's reference (twitch_api `src/eventsub/channel/unban_request/resolve.rs`); twitch-cli
/// `internal/models/unban_requests.go`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ChannelUnbanRequestResolveV1 {
    /// The unban request id.
    pub id: String,
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The broadcaster's login.
    pub broadcaster_user_login: String,
    /// The broadcaster's display name.
    pub broadcaster_user_name: String,
    /// The moderator who resolved it; `None` (`null`) when the user withdrew the request.
    #[serde(default)]
    pub moderator_user_id: Option<String>,
    /// The moderator's login.
    #[serde(default)]
    pub moderator_user_login: Option<String>,
    /// The moderator's display name.
    #[serde(default)]
    pub moderator_user_name: Option<String>,
    /// The banned user's id.
    pub user_id: String,
    /// The banned user's login.
    pub user_login: String,
    /// The banned user's display name.
    pub user_name: String,
    /// What the moderator wrote; `None` (`null` or absent) when nothing.
    #[serde(default)]
    pub resolution_text: Option<String>,
    /// The outcome.
    pub status: UnbanRequestStatus,
}

/// A boolean some examples write as a string (`"false"`).
fn lenient_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct Flag;
    impl Visitor<'_> for Flag {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a boolean, or \"true\" / \"false\"")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
            match v {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
            }
        }
    }
    deserializer.deserialize_any(Flag)
}

/// An event of a subscription type or version this version does not type, kept verbatim.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownEvent {
    /// The subscription type, e.g. `channel.chat.message`.
    pub subscription_type: String,
    /// The subscription version, e.g. `1`.
    pub version: String,
    /// The `event` object as received; for batched types without `event` (`drop.entitlement.grant`), the
    /// `events` array; `null` when the body has neither.
    pub raw: RawJson,
}

impl UnknownEvent {
    /// Reads the event into a type of the application's own.
    ///
    /// ```
    /// # use receiver_core::twitch::Event;
    /// #[derive(serde::Deserialize)]
    /// struct ChatMessage { chatter_user_login: String }
    ///
    /// let event = Event::from_event_json("channel.chat.message", "1", r#"{"chatter_user_login":"viewer32"}"#).unwrap();
    /// let Event::Unknown(unknown) = event else { unreachable!() };
    /// let chat: ChatMessage = unknown.deserialize().unwrap();
    /// assert_eq!(chat.chatter_user_login, "viewer32");
    /// ```
    pub fn deserialize<T: de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        self.raw.deserialize()
    }
}

/// A typed event payload: the subscription type and version it belongs to and the condition that
/// subscription is created with. Implemented by every payload struct of the table at the end of this file.
///
/// ```
/// use receiver_core::twitch::{ChannelFollowV2, ModeratorCondition, TypedEvent};
///
/// fn describe<E: TypedEvent>() -> String {
///     format!("{} v{}", E::SUBSCRIPTION_TYPE, E::VERSION)
/// }
/// assert_eq!(describe::<ChannelFollowV2>(), "channel.follow v2");
/// // The condition type is known statically:
/// let _: Option<<ChannelFollowV2 as TypedEvent>::Condition> = None::<ModeratorCondition>;
/// ```
pub trait TypedEvent: Serialize + de::DeserializeOwned + Into<Event> {
    /// The subscription type, e.g. `channel.follow`.
    const SUBSCRIPTION_TYPE: &'static str;
    /// The subscription version, e.g. `2`.
    const VERSION: &'static str;
    /// Whether a notification carries a batch under `events` instead of one `event` (only
    /// `drop.entitlement.grant`).
    const BATCHED: bool;
    /// The condition subscriptions of this type are created with.
    type Condition: Serialize + de::DeserializeOwned + Into<TypedCondition>;
}

/// The keys of a notification body: `{"subscription": …, "event": …}`, or `"events": […]` for a batch.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum NotificationKey {
    Subscription,
    Event,
    Events,
    #[serde(other)]
    Other,
}

/// A notification body as it is read, in place: the parsed subscription (~280 bytes) and event (up to ~400) are
/// written here rather than moved back through serde's return values, then moved once into the
/// [`Notification`](super::Notification).
struct NotificationParts<'a> {
    kind: &'a str,
    version: &'a str,
    /// `Some("event")` or `Some("events")`: the key a typed pair's payload comes under; `None` when untyped.
    typed_key: Option<&'static str>,
    subscription: Option<Subscription>,
    event: Option<Event>,
    /// An untyped pair's `event` and `events`, kept raw.
    raw_event: Option<&'a RawValue>,
    raw_events: Option<&'a RawValue>,
}

/// Parses a whole notification body in one pass, its event typed by `(kind, version)`.
pub(crate) fn parse_notification(kind: &str, version: &str, body: &[u8]) -> Result<Notification, serde_json::Error> {
    let mut parts = NotificationParts {
        kind,
        version,
        typed_key: typed_key(kind, version),
        subscription: None,
        event: None,
        raw_event: None,
        raw_events: None,
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    (&mut parts).deserialize(&mut de)?;
    de.end()?;
    let Some(subscription) = parts.subscription else {
        return Err(de::Error::missing_field("subscription"));
    };
    let event = match parts.event {
        Some(event) => event,
        None => Event::Unknown(UnknownEvent {
            subscription_type: kind.to_owned(),
            version: version.to_owned(),
            raw: parts.raw_event.or(parts.raw_events).map_or_else(null_json, RawJson::from_raw),
        }),
    };
    Ok(Notification { subscription, event })
}

impl<'de: 'a, 'a> DeserializeSeed<'de> for &mut NotificationParts<'a> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(NotificationVisitor(self, PhantomData))
    }
}

struct NotificationVisitor<'p, 'a, 'de>(&'p mut NotificationParts<'a>, PhantomData<&'de ()>);

impl<'de: 'a, 'a> Visitor<'de> for NotificationVisitor<'_, 'a, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an EventSub notification object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let parts = self.0;
        while let Some(key) = map.next_key::<NotificationKey>()? {
            let name = match key {
                NotificationKey::Subscription => {
                    if parts.subscription.is_some() {
                        return Err(de::Error::duplicate_field("subscription"));
                    }
                    parts.subscription = Some(map.next_value()?);
                    continue;
                }
                NotificationKey::Event => "event",
                NotificationKey::Events => "events",
                NotificationKey::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                    continue;
                }
            };
            match parts.typed_key {
                Some(typed) if typed == name => {
                    if parts.event.is_some() {
                        return Err(de::Error::duplicate_field(typed));
                    }
                    map.next_value_seed(TypedEventSeed {
                        kind: parts.kind,
                        version: parts.version,
                        slot: &mut parts.event,
                    })?;
                }
                // The key a typed pair does not use: ignored, as any other.
                Some(_) => {
                    map.next_value::<de::IgnoredAny>()?;
                }
                None => {
                    let slot = if name == "event" { &mut parts.raw_event } else { &mut parts.raw_events };
                    if slot.is_some() {
                        return Err(de::Error::duplicate_field(name));
                    }
                    *slot = Some(map.next_value::<&'de RawValue>()?);
                }
            }
        }
        if parts.subscription.is_none() {
            return Err(de::Error::missing_field("subscription"));
        }
        match parts.typed_key {
            Some(typed) if parts.event.is_none() => Err(de::Error::missing_field(typed)),
            _ => Ok(()),
        }
    }
}

/// Parses a typed pair's `event` (or batch) into the slot.
struct TypedEventSeed<'s> {
    kind: &'s str,
    version: &'s str,
    slot: &'s mut Option<Event>,
}

impl<'de> DeserializeSeed<'de> for TypedEventSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        deserialize_typed(self.kind, self.version, d, self.slot)
    }
}

fn null_json() -> RawJson {
    RawJson::from_raw(&serde_json::from_str::<Box<RawValue>>("null").unwrap_or_else(|_| unreachable!()))
}

/// `true` for a table row marked `batched`, `false` otherwise.
macro_rules! batched {
    () => {
        false
    };
    (batched) => {
        true
    };
}

/// Generates [`Event`], its per-variant subscription type and version, the dispatch from a `(type, version)`
/// pair to the right payload struct, each struct's [`TypedEvent`] impl (with its condition type), and
/// [`TYPED`]. One line per typed subscription: `Variant => "type", "version", ConditionType;`, with
/// `, batched` before the `;` for a notification that carries `events` instead of `event`.
macro_rules! eventsub {
    ( $( $(#[$doc:meta])* $variant:ident => $kind:literal, $version:literal, $condition:ty $(, $batched:ident)?; )* ) => {
        /// The event of a notification, typed by subscription type and version.
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        // Some payloads (custom rewards) are much larger than others; boxing them would cost an allocation per
        // event and make users' patterns noisier.
        #[allow(clippy::large_enum_variant)]
        pub enum Event {
            $( $(#[$doc])* $variant($variant), )*
            /// A subscription type or version not typed here: kept raw, delivered all the same.
            Unknown(UnknownEvent),
        }

        $(
            impl TypedEvent for $variant {
                const SUBSCRIPTION_TYPE: &'static str = $kind;
                const VERSION: &'static str = $version;
                const BATCHED: bool = batched!($($batched)?);
                type Condition = $condition;
            }

            impl From<$variant> for Event {
                fn from(event: $variant) -> Self {
                    Self::$variant(event)
                }
            }
        )*

        impl Event {
            /// The subscription type, e.g. `channel.follow`.
            pub fn subscription_type(&self) -> &str {
                match self {
                    $( Self::$variant(_) => $kind, )*
                    Self::Unknown(unknown) => &unknown.subscription_type,
                }
            }

            /// The subscription version, e.g. `2`.
            pub fn version(&self) -> &str {
                match self {
                    $( Self::$variant(_) => $version, )*
                    Self::Unknown(unknown) => &unknown.version,
                }
            }

            /// Parses the `event` object of a notification of this subscription type and version (for
            /// payloads that arrive without their envelope); for `drop.entitlement.grant`, the `events` array.
            pub fn from_event_json(kind: &str, version: &str, event: &str) -> Result<Self, serde_json::Error> {
                #[deny(unreachable_patterns)]
                match (kind, version) {
                    $( ($kind, $version) => serde_json::from_str(event).map(Self::$variant), )*
                    _ => Ok(Self::Unknown(UnknownEvent {
                        subscription_type: kind.to_owned(),
                        version: version.to_owned(),
                        raw: RawJson::from_raw(serde_json::from_str::<&RawValue>(event)?),
                    })),
                }
            }

            /// Reads a subscription's condition as the condition type of this event's subscription type.
            pub(crate) fn typed_condition(&self, condition: &Condition) -> Result<TypedCondition, serde_json::Error> {
                match self {
                    $( Self::$variant(_) => condition.parse::<$condition>().map(TypedCondition::from), )*
                    Self::Unknown(_) => Ok(TypedCondition::Unknown(condition.clone())),
                }
            }
        }

        /// The table's own copies of a typed `(kind, version)`, so metadata can name it without allocating.
        pub(crate) fn static_names(kind: &str, version: &str) -> Option<(&'static str, &'static str)> {
            #[deny(unreachable_patterns)]
            match (kind, version) {
                $( ($kind, $version) => Some(($kind, $version)), )*
                _ => None,
            }
        }

        /// The key a typed pair's payload comes under (`event`, or `events` for a batch); `None` if untyped.
        fn typed_key(kind: &str, version: &str) -> Option<&'static str> {
            #[deny(unreachable_patterns)]
            match (kind, version) {
                $( ($kind, $version) => Some(if batched!($($batched)?) { "events" } else { "event" }), )*
                _ => None,
            }
        }

        /// Parses the payload of a typed pair into the slot; the deserializer is left unread for an untyped
        /// pair (never called for one: see [`typed_key`]).
        fn deserialize_typed<'de, D: Deserializer<'de>>(
            kind: &str,
            version: &str,
            d: D,
            slot: &mut Option<Event>,
        ) -> Result<(), D::Error> {
            #[deny(unreachable_patterns)]
            match (kind, version) {
                $( ($kind, $version) => *slot = Some(Event::$variant(<$variant>::deserialize(d)?)), )*
                _ => return Err(de::Error::custom(format_args!("{kind} v{version} is not a typed subscription"))),
            }
            Ok(())
        }

        /// Every typed `(subscription type, version)`, in table order. The coverage list in the
        /// [module documentation](crate::twitch#coverage) says which fixture or test covers each.
        pub const TYPED: &[(&str, &str)] = &[ $( ($kind, $version), )* ];
    };
}

// The table: variant (= payload struct) => subscription type, version, condition type. Every row of
// twitch-cli's `event trigger` catalogue (twitch-eventsub.md §c.1), plus hype train v2 as Twitch documents it.
// `channel.follow` v1 is retired and stays `Unknown`.
eventsub! {
    /// `channel.ad_break.begin` v1.
    ChannelAdBreakBeginV1 => "channel.ad_break.begin", "1", BroadcasterCondition;
    /// `user.authorization.grant` v1.
    UserAuthorizationGrantV1 => "user.authorization.grant", "1", ClientCondition;
    /// `user.authorization.revoke` v1.
    UserAuthorizationRevokeV1 => "user.authorization.revoke", "1", ClientCondition;
    /// `channel.ban` v1.
    ChannelBanV1 => "channel.ban", "1", BroadcasterCondition;
    /// `channel.unban` v1.
    ChannelUnbanV1 => "channel.unban", "1", BroadcasterCondition;
    /// `channel.channel_points_custom_reward_redemption.add` v1.
    ChannelPointsCustomRewardRedemptionAddV1 => "channel.channel_points_custom_reward_redemption.add", "1", RewardCondition;
    /// `channel.channel_points_custom_reward_redemption.update` v1.
    ChannelPointsCustomRewardRedemptionUpdateV1 => "channel.channel_points_custom_reward_redemption.update", "1", RewardCondition;
    /// `channel.channel_points_custom_reward.add` v1.
    ChannelPointsCustomRewardAddV1 => "channel.channel_points_custom_reward.add", "1", BroadcasterCondition;
    /// `channel.channel_points_custom_reward.update` v1.
    ChannelPointsCustomRewardUpdateV1 => "channel.channel_points_custom_reward.update", "1", RewardCondition;
    /// `channel.channel_points_custom_reward.remove` v1.
    ChannelPointsCustomRewardRemoveV1 => "channel.channel_points_custom_reward.remove", "1", RewardCondition;
    /// `channel.update` v1.
    ChannelUpdateV1 => "channel.update", "1", BroadcasterCondition;
    /// `channel.update` v2.
    ChannelUpdateV2 => "channel.update", "2", BroadcasterCondition;
    /// `channel.charity_campaign.donate` v1.
    ChannelCharityCampaignDonateV1 => "channel.charity_campaign.donate", "1", BroadcasterCondition;
    /// `channel.charity_campaign.start` v1.
    ChannelCharityCampaignStartV1 => "channel.charity_campaign.start", "1", BroadcasterCondition;
    /// `channel.charity_campaign.progress` v1.
    ChannelCharityCampaignProgressV1 => "channel.charity_campaign.progress", "1", BroadcasterCondition;
    /// `channel.charity_campaign.stop` v1.
    ChannelCharityCampaignStopV1 => "channel.charity_campaign.stop", "1", BroadcasterCondition;
    /// `channel.cheer` v1.
    ChannelCheerV1 => "channel.cheer", "1", BroadcasterCondition;
    /// `drop.entitlement.grant` v1: a batch.
    DropEntitlementGrantV1 => "drop.entitlement.grant", "1", DropCondition, batched;
    /// `extension.bits_transaction.create` v1.
    ExtensionBitsTransactionCreateV1 => "extension.bits_transaction.create", "1", ExtensionCondition;
    /// `channel.follow` v2.
    ChannelFollowV2 => "channel.follow", "2", ModeratorCondition;
    /// `channel.subscription.gift` v1.
    ChannelSubscriptionGiftV1 => "channel.subscription.gift", "1", BroadcasterCondition;
    /// `channel.goal.begin` v1.
    ChannelGoalBeginV1 => "channel.goal.begin", "1", BroadcasterCondition;
    /// `channel.goal.progress` v1.
    ChannelGoalProgressV1 => "channel.goal.progress", "1", BroadcasterCondition;
    /// `channel.goal.end` v1.
    ChannelGoalEndV1 => "channel.goal.end", "1", BroadcasterCondition;
    /// `channel.hype_train.begin` v1 (twitch-cli).
    ChannelHypeTrainBeginV1 => "channel.hype_train.begin", "1", BroadcasterCondition;
    /// `channel.hype_train.progress` v1 (twitch-cli).
    ChannelHypeTrainProgressV1 => "channel.hype_train.progress", "1", BroadcasterCondition;
    /// `channel.hype_train.end` v1 (twitch-cli).
    ChannelHypeTrainEndV1 => "channel.hype_train.end", "1", BroadcasterCondition;
    /// `channel.hype_train.begin` v2.
    ChannelHypeTrainBeginV2 => "channel.hype_train.begin", "2", BroadcasterCondition;
    /// `channel.hype_train.progress` v2.
    ChannelHypeTrainProgressV2 => "channel.hype_train.progress", "2", BroadcasterCondition;
    /// `channel.hype_train.end` v2.
    ChannelHypeTrainEndV2 => "channel.hype_train.end", "2", BroadcasterCondition;
    /// `channel.moderator.add` v1.
    ChannelModeratorAddV1 => "channel.moderator.add", "1", BroadcasterCondition;
    /// `channel.moderator.remove` v1.
    ChannelModeratorRemoveV1 => "channel.moderator.remove", "1", BroadcasterCondition;
    /// `channel.poll.begin` v1.
    ChannelPollBeginV1 => "channel.poll.begin", "1", BroadcasterCondition;
    /// `channel.poll.progress` v1.
    ChannelPollProgressV1 => "channel.poll.progress", "1", BroadcasterCondition;
    /// `channel.poll.end` v1.
    ChannelPollEndV1 => "channel.poll.end", "1", BroadcasterCondition;
    /// `channel.prediction.begin` v1.
    ChannelPredictionBeginV1 => "channel.prediction.begin", "1", BroadcasterCondition;
    /// `channel.prediction.progress` v1.
    ChannelPredictionProgressV1 => "channel.prediction.progress", "1", BroadcasterCondition;
    /// `channel.prediction.lock` v1.
    ChannelPredictionLockV1 => "channel.prediction.lock", "1", BroadcasterCondition;
    /// `channel.prediction.end` v1.
    ChannelPredictionEndV1 => "channel.prediction.end", "1", BroadcasterCondition;
    /// `channel.raid` v1.
    ChannelRaidV1 => "channel.raid", "1", RaidCondition;
    /// `channel.shield_mode.begin` v1.
    ChannelShieldModeBeginV1 => "channel.shield_mode.begin", "1", ModeratorCondition;
    /// `channel.shield_mode.end` v1.
    ChannelShieldModeEndV1 => "channel.shield_mode.end", "1", ModeratorCondition;
    /// `channel.shoutout.create` v1.
    ChannelShoutoutCreateV1 => "channel.shoutout.create", "1", ModeratorCondition;
    /// `channel.shoutout.receive` v1.
    ChannelShoutoutReceiveV1 => "channel.shoutout.receive", "1", ModeratorCondition;
    /// `stream.offline` v1.
    StreamOfflineV1 => "stream.offline", "1", BroadcasterCondition;
    /// `stream.online` v1.
    StreamOnlineV1 => "stream.online", "1", BroadcasterCondition;
    /// `channel.subscribe` v1.
    ChannelSubscribeV1 => "channel.subscribe", "1", BroadcasterCondition;
    /// `channel.subscription.end` v1.
    ChannelSubscriptionEndV1 => "channel.subscription.end", "1", BroadcasterCondition;
    /// `channel.subscription.message` v1.
    ChannelSubscriptionMessageV1 => "channel.subscription.message", "1", BroadcasterCondition;
    /// `channel.unban_request.create` v1.
    ChannelUnbanRequestCreateV1 => "channel.unban_request.create", "1", ModeratorCondition;
    /// `channel.unban_request.resolve` v1.
    ChannelUnbanRequestResolveV1 => "channel.unban_request.resolve", "1", ModeratorCondition;
    /// `user.update` v1.
    UserUpdateV1 => "user.update", "1", UserCondition;
}
