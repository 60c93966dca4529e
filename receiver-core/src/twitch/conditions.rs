//! Typed subscription conditions: one struct per condition shape, shared by the subscription types that use it.
//!
//! The wire keeps a condition as an object of strings whose keys depend on the subscription type, and
//! [`Subscription::condition`](super::Subscription::condition) keeps it as that map, so a notification parses
//! in one pass whatever its condition says. Each typed event names its condition type
//! ([`TypedEvent::Condition`](super::TypedEvent::Condition), the third column of the `eventsub!` table), and
//! [`Notification::typed_condition`](super::Notification::typed_condition) or
//! [`Notification::condition`](super::Notification::condition) read the map into it on demand.
//!
//! Shapes: Twitch's subscription-type reference as carried in twitch_api's `src/eventsub/**` condition structs,
//! and twitch-cli's `internal/models/eventsub.go` `EventsubCondition` (the keys the CLI fills in).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::Condition;

/// `{broadcaster_user_id}`: most channel and stream subscriptions.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct BroadcasterCondition {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
}

/// `{broadcaster_user_id, moderator_user_id}`: subscriptions a moderator of the channel authorizes
/// (`channel.follow` v2, shield mode, shoutouts, unban requests).
///
/// twitch-cli's `channel.follow` mock puts the follower's id in `moderator_user_id`; the value is kept as sent.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ModeratorCondition {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// The id of the moderator (or the broadcaster) who authorized the subscription.
    pub moderator_user_id: String,
}

/// `channel.raid`: one of the two sides is set.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct RaidCondition {
    /// Raids this broadcaster starts; `None` when the subscription is for raids received (Twitch may also send
    /// the unused side as `""`, kept as sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_broadcaster_user_id: Option<String>,
    /// Raids this broadcaster receives; `None` when the subscription is for raids started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_broadcaster_user_id: Option<String>,
}

/// `{broadcaster_user_id, reward_id?}`: reward updates and removals, redemptions.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct RewardCondition {
    /// The broadcaster's user id.
    pub broadcaster_user_id: String,
    /// Only this reward; `None` for every reward of the channel. Read from a string or, as in one of Twitch's
    /// examples, a number.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "opt_id")]
    pub reward_id: Option<String>,
}

/// `{client_id}`: `user.authorization.grant` and `.revoke`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ClientCondition {
    /// The application's client id.
    pub client_id: String,
}

/// `{user_id}`: `user.update`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct UserCondition {
    /// The user's id.
    pub user_id: String,
}

/// `{organization_id, category_id?, campaign_id?}`: `drop.entitlement.grant`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct DropCondition {
    /// The organization that owns the game.
    pub organization_id: String,
    /// Only entitlements of this game category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
    /// Only entitlements of this campaign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
}

/// `{extension_client_id}`: `extension.bits_transaction.create`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "deny-unknown-fields", serde(deny_unknown_fields))]
pub struct ExtensionCondition {
    /// The extension's client id.
    pub extension_client_id: String,
}

/// Defines [`TypedCondition`] with one variant per condition struct, and the conversions into it.
macro_rules! typed_condition {
    ( $( $(#[$doc:meta])* $variant:ident($ty:ident), )* ) => {
        /// A subscription's condition, typed by the subscription type of its notification.
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub enum TypedCondition {
            $( $(#[$doc])* $variant($ty), )*
            /// The condition of a subscription type or version not typed here, as received.
            Unknown(Condition),
        }

        $(
            impl From<$ty> for TypedCondition {
                fn from(condition: $ty) -> Self {
                    Self::$variant(condition)
                }
            }
        )*
    };
}

typed_condition! {
    /// See [`BroadcasterCondition`].
    Broadcaster(BroadcasterCondition),
    /// See [`ModeratorCondition`].
    Moderator(ModeratorCondition),
    /// See [`RaidCondition`].
    Raid(RaidCondition),
    /// See [`RewardCondition`].
    Reward(RewardCondition),
    /// See [`ClientCondition`].
    Client(ClientCondition),
    /// See [`UserCondition`].
    User(UserCondition),
    /// See [`DropCondition`].
    Drop(DropCondition),
    /// See [`ExtensionCondition`].
    Extension(ExtensionCondition),
}

/// An optional id written as a string or as an integer (`null` or absent is `None`).
fn opt_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct Id;
    impl Visitor<'_> for Id {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an id as a string or an integer, or null")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
    }
    deserializer.deserialize_any(Id)
}

impl Condition {
    /// Reads the condition into a typed condition struct (or any type of the application's own).
    ///
    /// ```
    /// # use receiver_core::twitch::{Condition, RaidCondition};
    /// let condition: Condition = serde_json::from_str(r#"{"to_broadcaster_user_id":"1337"}"#).unwrap();
    /// let raid: RaidCondition = condition.parse().unwrap();
    /// assert_eq!(raid.to_broadcaster_user_id.as_deref(), Some("1337"));
    /// ```
    pub fn parse<C: de::DeserializeOwned>(&self) -> Result<C, serde_json::Error> {
        let map: serde_json::Map<String, serde_json::Value> =
            self.0.iter().map(|(key, value)| (key.clone(), value.clone())).collect();
        C::deserialize(serde_json::Value::Object(map))
    }
}
