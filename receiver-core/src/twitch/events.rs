//! Typed EventSub event payloads, one struct per subscription type and version.
//!
//! To type another subscription: add its struct below and one line to the `eventsub!` table at the end.
//! Everything not in the table arrives as [`Event::Unknown`] with the event JSON kept verbatim.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::json::{RawJson, open_enum};
use crate::timestamp::Timestamp;
use crate::twitch::Subscription;

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

/// A poll choice as sent when the poll begins.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct PollChoice {
    /// The choice id.
    pub id: String,
    /// The choice text.
    pub title: String,
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
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        self.raw.deserialize()
    }
}

/// A webhook notification body with a typed event: `{"subscription": …, "event": …}`.
#[derive(Deserialize)]
pub(crate) struct WireNotification<E> {
    pub(crate) subscription: Subscription,
    pub(crate) event: E,
}

/// The body of a notification whose type is not in the table: the event (or batch) kept raw.
#[derive(Deserialize)]
struct WireUnknown<'a> {
    subscription: Subscription,
    #[serde(borrow, default)]
    event: Option<&'a RawValue>,
    #[serde(borrow, default)]
    events: Option<&'a RawValue>,
}

fn null_json() -> RawJson {
    RawJson::from_raw(&serde_json::from_str::<Box<RawValue>>("null").unwrap_or_else(|_| unreachable!()))
}

/// Generates [`Event`], its per-variant subscription type and version, and the dispatch from a
/// `(type, version)` pair to the right payload struct. One line per typed subscription.
macro_rules! eventsub {
    ( $( $(#[$doc:meta])* $variant:ident => $kind:literal, $version:literal; )* ) => {
        /// The event of a notification, typed by subscription type and version.
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub enum Event {
            $( $(#[$doc])* $variant($variant), )*
            /// A subscription type or version not typed here: kept raw, delivered all the same.
            Unknown(UnknownEvent),
        }

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
            /// payloads that arrive without their envelope).
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
        }

        /// Parses a whole notification body in one pass, its event typed by `(kind, version)`.
        pub(crate) fn parse_notification(
            kind: &str,
            version: &str,
            body: &[u8],
        ) -> Result<(Subscription, Event), serde_json::Error> {
            #[deny(unreachable_patterns)]
            match (kind, version) {
                $( ($kind, $version) => {
                    let wire: WireNotification<$variant> = serde_json::from_slice(body)?;
                    Ok((wire.subscription, Event::$variant(wire.event)))
                } )*
                _ => {
                    let wire: WireUnknown<'_> = serde_json::from_slice(body)?;
                    let raw = wire.event.or(wire.events).map_or_else(null_json, RawJson::from_raw);
                    let unknown = UnknownEvent { subscription_type: kind.to_owned(), version: version.to_owned(), raw };
                    Ok((wire.subscription, Event::Unknown(unknown)))
                }
            }
        }

        /// Every typed `(subscription type, version)`, in table order.
        pub const TYPED: &[(&str, &str)] = &[ $( ($kind, $version), )* ];
    };
}

eventsub! {
    /// `channel.follow` v2.
    ChannelFollowV2 => "channel.follow", "2";
    /// `stream.online` v1.
    StreamOnlineV1 => "stream.online", "1";
    /// `stream.offline` v1.
    StreamOfflineV1 => "stream.offline", "1";
    /// `channel.subscribe` v1.
    ChannelSubscribeV1 => "channel.subscribe", "1";
    /// `channel.subscription.end` v1.
    ChannelSubscriptionEndV1 => "channel.subscription.end", "1";
    /// `channel.subscription.gift` v1.
    ChannelSubscriptionGiftV1 => "channel.subscription.gift", "1";
    /// `channel.subscription.message` v1.
    ChannelSubscriptionMessageV1 => "channel.subscription.message", "1";
    /// `channel.cheer` v1.
    ChannelCheerV1 => "channel.cheer", "1";
    /// `channel.raid` v1.
    ChannelRaidV1 => "channel.raid", "1";
    /// `channel.channel_points_custom_reward_redemption.add` v1.
    ChannelPointsCustomRewardRedemptionAddV1 => "channel.channel_points_custom_reward_redemption.add", "1";
    /// `channel.update` v2.
    ChannelUpdateV2 => "channel.update", "2";
    /// `channel.ban` v1.
    ChannelBanV1 => "channel.ban", "1";
    /// `channel.unban` v1.
    ChannelUnbanV1 => "channel.unban", "1";
    /// `channel.poll.begin` v1.
    ChannelPollBeginV1 => "channel.poll.begin", "1";
    /// `channel.hype_train.begin` v2.
    ChannelHypeTrainBeginV2 => "channel.hype_train.begin", "2";
    /// `user.authorization.revoke` v1.
    UserAuthorizationRevokeV1 => "user.authorization.revoke", "1";
}
