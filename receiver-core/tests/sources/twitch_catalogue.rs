//! Twitch EventSub, the whole catalogue: every subscription type and version twitch-cli can trigger
//! (twitch-eventsub.md §c.1) parses typed with asserted values, over a signed webhook and as a WebSocket
//! notification frame (equal events), round-trips through serde, and has its condition typed. Unknown types
//! and versions keep their raw JSON; new fields and unknown enumeration values do not break parsing. The
//! coverage list in the crate docs (`src/twitch/coverage.md`) is checked against the `eventsub!` table.
//!
//! Fixtures cover the types that have a real payload in `fixtures/twitch-eventsub/`. Every other payload
//! here is CONSTRUCTED (not captured): built from the field lists of twitch-cli's generators
//! (`twitchdev/twitch-cli` `internal/models/*.go`, `internal/events/types/**`; shape `Cli`: callback
//! `"null"`, `cost` last, as the CLI marshals it) or of Twitch's reference as carried in
//! `twitch-rs/twitch_api` `src/eventsub/**` (shape `Twitch`), with values of our own. Each case says where its
//! fields come from.

use std::collections::{BTreeMap, BTreeSet};

use receiver_core::twitch::{
    self, ChannelFollowV2, Event, GoalType, Message, ModeratorCondition, Notification, OutcomeColor, PollStatus,
    PredictionStatus, RedemptionStatus, Tier, TypedCondition, TypedEvent, UnbanRequestStatus,
    ws::{Frame, FrameMessage},
};
use receiver_core::{Incoming, Source};
use serde_json::value::RawValue;

use crate::common::{assert_round_trip, at, deliver, fixture, fixtures_in};
use crate::twitch::{SECRET, SENT, signed, source};

/// Where a constructed payload's fields come from, which also decides its envelope.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    /// twitch-cli's generator: `"callback":"null"`, `cost` after `created_at`.
    Cli,
    /// Twitch's reference example layout: an https callback, `cost` before `condition`.
    Twitch,
}

/// A constructed notification: the condition and the event (for `drop.entitlement.grant`, the `events`
/// array) as JSON text.
struct Case {
    name: &'static str,
    kind: &'static str,
    version: &'static str,
    shape: Shape,
    condition: &'static str,
    event: &'static str,
}

impl Case {
    /// The webhook notification body.
    fn body(&self) -> String {
        self.body_as(self.version, self.event)
    }

    fn body_as(&self, version: &str, event: &str) -> String {
        let (kind, condition) = (self.kind, self.condition);
        let key = if kind == "drop.entitlement.grant" { "events" } else { "event" };
        match self.shape {
            Shape::Cli => format!(
                r#"{{"subscription":{{"id":"7a3c2b8e-9d0f-4e21-8a55-1c2d3e4f5a6b","status":"enabled","type":"{kind}","version":"{version}","condition":{condition},"transport":{{"method":"webhook","callback":"null"}},"created_at":"{SENT}","cost":0}},"{key}":{event}}}"#
            ),
            Shape::Twitch => format!(
                r#"{{"subscription":{{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","type":"{kind}","version":"{version}","status":"enabled","cost":0,"condition":{condition},"transport":{{"method":"webhook","callback":"https://example.com/webhooks/callback"}},"created_at":"2024-05-01T10:11:12.634234626Z"}},"{key}":{event}}}"#
            ),
        }
    }
}

macro_rules! case {
    ($name:ident, $kind:literal, $version:literal, $shape:ident, $condition:literal, $event:literal) => {
        Case {
            name: stringify!($name),
            kind: $kind,
            version: $version,
            shape: Shape::$shape,
            condition: $condition,
            event: $event,
        }
    };
}

/// Every constructed payload. CONSTRUCTED from field tables, not captured; sources per case.
const CASES: &[Case] = &[
    // twitch-cli internal/models/ad_break.go, internal/events/types/ad_break/ad_break_begin.go.
    case!(
        AD_BREAK_BEGIN_CLI,
        "channel.ad_break.begin",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","requester_user_id":"5678","requester_user_login":"testFromUser","requester_user_name":"testFromUser","duration_seconds":60,"is_automatic":false,"started_at":"2026-11-22T14:00:00.123456789Z"}"#
    ),
    // Twitch's example as twitch_api channel/ad_break/begin.rs describes it: number and flag as strings.
    case!(
        AD_BREAK_BEGIN_TWITCH,
        "channel.ad_break.begin",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4100"}"#,
        r#"{"duration_seconds":"90","started_at":"2024-05-01T10:11:12.634234626Z","is_automatic":"true","broadcaster_user_id":"4100","broadcaster_user_login":"ad_streamer","broadcaster_user_name":"Ad_Streamer","requester_user_id":"4100","requester_user_login":"ad_streamer","requester_user_name":"Ad_Streamer"}"#
    ),
    // twitch-cli internal/events/types/authorization_grant/grant.go (reuses the revoke model).
    case!(
        AUTHORIZATION_GRANT_CLI,
        "user.authorization.grant",
        "1",
        Cli,
        r#"{"client_id":"hof5gwx0su6owfnys0nyan9c87zr6t"}"#,
        r#"{"user_id":"5678","user_login":"testFromUser","user_name":"testFromUser","client_id":"hof5gwx0su6owfnys0nyan9c87zr6t"}"#
    ),
    // twitch-cli internal/models/redemption.go (add and update share it).
    case!(
        REDEMPTION_UPDATE_CLI,
        "channel.channel_points_custom_reward_redemption.update",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"1d8f6a2c-3b4e-4f50-8a61-7b2c9d0e1f32","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","user_id":"5678","user_login":"testFromUser","user_name":"testFromUser","user_input":"Test Input From CLI","status":"fulfilled","reward":{"id":"a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d","title":"Test Reward from CLI","cost":150,"prompt":"Redeem Your Test Reward from CLI"},"redeemed_at":"2026-11-22T14:00:00.123456789Z"}"#
    ),
    // Twitch's reference fields (as the redemption add fixture), with a reward_id condition.
    case!(
        REDEMPTION_UPDATE_TWITCH,
        "channel.channel_points_custom_reward_redemption.update",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4100","reward_id":"5c9a0f1e-2d3b-4c5a-8e7f-0a1b2c3d4e5f"}"#,
        r#"{"id":"9e8d7c6b-5a49-4838-a726-1504f3e2d1c0","broadcaster_user_id":"4100","broadcaster_user_login":"points_host","broadcaster_user_name":"Points_Host","user_id":"4200","user_login":"redeemer","user_name":"Redeemer","user_input":"play the song","status":"canceled","reward":{"id":"5c9a0f1e-2d3b-4c5a-8e7f-0a1b2c3d4e5f","title":"Song request","cost":500,"prompt":"Name a song"},"redeemed_at":"2024-05-01T10:15:00.17106713Z"}"#
    ),
    // twitch-cli internal/models/reward.go, internal/events/types/channel_points_reward/reward_event.go.
    case!(
        REWARD_ADD_CLI,
        "channel.channel_points_custom_reward.add",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r##"{"id":"e7a1b2c3-d4e5-4f60-8172-93a4b5c6d7e8","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","is_enabled":true,"is_paused":false,"is_in_stock":true,"title":"Test Reward from CLI","cost":150,"prompt":"Redeem Your Test Reward from CLI","is_user_input_required":true,"should_redemptions_skip_request_queue":false,"cooldown_expires_at":"2026-11-22T14:00:00.123456789Z","redemptions_redeemed_current_stream":0,"max_per_stream":{"is_enabled":true,"value":100},"max_per_user_per_stream":{"is_enabled":true,"value":100},"global_cooldown":{"is_enabled":true,"seconds":300},"background_color":"#c0ffee","image":{"url_1x":"https://static-cdn.jtvnw.net/image-1.png","url_2x":"https://static-cdn.jtvnw.net/image-2.png","url_4x":"https://static-cdn.jtvnw.net/image-4.png"},"default_image":{"url_1x":"https://static-cdn.jtvnw.net/default-1.png","url_2x":"https://static-cdn.jtvnw.net/default-2.png","url_4x":"https://static-cdn.jtvnw.net/default-4.png"}}"##
    ),
    // twitch_api channel_points_custom_reward/add.rs fields ("same as update"); nulls where Twitch allows them; the reward_id
    // condition as a number, as in one of Twitch's examples (twitch_api remove.rs FIXME).
    case!(
        REWARD_UPDATE_TWITCH,
        "channel.channel_points_custom_reward.update",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4100","reward_id":12345}"#,
        r##"{"id":"12345","broadcaster_user_id":"4100","broadcaster_user_login":"points_host","broadcaster_user_name":"Points_Host","is_enabled":false,"is_paused":true,"is_in_stock":false,"title":"Hydrate","cost":250,"prompt":"Make me drink water","is_user_input_required":false,"should_redemptions_skip_request_queue":true,"cooldown_expires_at":null,"redemptions_redeemed_current_stream":null,"max_per_stream":{"is_enabled":false,"value":0},"max_per_user_per_stream":{"is_enabled":false,"value":0},"global_cooldown":{"is_enabled":false,"seconds":0},"background_color":"#00E5CB","image":null,"default_image":{"url_1x":"https://static-cdn.jtvnw.net/custom-reward-images/default-1.png","url_2x":"https://static-cdn.jtvnw.net/custom-reward-images/default-2.png","url_4x":"https://static-cdn.jtvnw.net/custom-reward-images/default-4.png"}}"##
    ),
    // twitch_api channel_points_custom_reward/remove.rs fields.
    case!(
        REWARD_REMOVE_TWITCH,
        "channel.channel_points_custom_reward.remove",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4100","reward_id":"777"}"#,
        r##"{"id":"777","broadcaster_user_id":"4100","broadcaster_user_login":"points_host","broadcaster_user_name":"Points_Host","is_enabled":true,"is_paused":false,"is_in_stock":true,"title":"Emote only 1 min","cost":1000,"prompt":"Chat goes emote only","is_user_input_required":false,"should_redemptions_skip_request_queue":false,"cooldown_expires_at":"2024-05-01T10:20:00.123Z","redemptions_redeemed_current_stream":7,"max_per_stream":{"is_enabled":true,"value":10},"max_per_user_per_stream":{"is_enabled":true,"value":1},"global_cooldown":{"is_enabled":true,"seconds":600},"background_color":"#9146FF","image":{"url_1x":"https://static-cdn.jtvnw.net/custom-reward-images/777-1.png","url_2x":"https://static-cdn.jtvnw.net/custom-reward-images/777-2.png","url_4x":"https://static-cdn.jtvnw.net/custom-reward-images/777-4.png"},"default_image":{"url_1x":"https://static-cdn.jtvnw.net/custom-reward-images/default-1.png","url_2x":"https://static-cdn.jtvnw.net/custom-reward-images/default-2.png","url_4x":"https://static-cdn.jtvnw.net/custom-reward-images/default-4.png"}}"##
    ),
    // twitch-cli internal/events/types/channel_update_v1/channel_update.go.
    case!(
        CHANNEL_UPDATE_V1_CLI,
        "channel.update",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","title":"Example title from the CLI!","language":"en","category_id":"509658","category_name":"Just Chatting","is_mature":false}"#
    ),
    // twitch-cli internal/models/charity.go, internal/events/types/charity/charity_event.go (donate: no
    // description or website, `broadcaster_user_*`).
    case!(
        CHARITY_DONATE_CLI,
        "channel.charity_campaign.donate",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"campaign_id":"c0ffee00-1111-4222-8333-444455556666","id":"d0d0d0d0-1111-4222-8333-444455556666","broadcaster_user_id":"1234","broadcaster_user_name":"testBroadcaster","broadcaster_user_login":"testBroadcaster","user_id":"5678","user_name":"testFromUser","user_login":"testFromUser","charity_name":"Example Charity","charity_logo":"https://abc.cloudfront.net/ppgf/1000/100.png","amount":{"value":10000,"decimal_places":2,"currency":"USD"}}"#
    ),
    // Twitch's reference (twitch_api charity_campaign/donate.rs): `broadcaster_id`, `_login`, `_name`.
    case!(
        CHARITY_DONATE_TWITCH,
        "channel.charity_campaign.donate",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4300"}"#,
        r#"{"id":"don-7781","campaign_id":"camp-42","broadcaster_id":"4300","broadcaster_name":"GoodCause","broadcaster_login":"goodcause","user_id":"4301","user_login":"kind_viewer","user_name":"Kind_Viewer","charity_name":"Water for All","charity_description":"Clean water projects","charity_logo":"https://abc.cloudfront.net/ppgf/1000/100.png","charity_website":"https://water.example.org","amount":{"value":2500,"decimal_places":2,"currency":"EUR"}}"#
    ),
    // twitch-cli charity_event.go (start: description and website, started_at).
    case!(
        CHARITY_START_CLI,
        "channel.charity_campaign.start",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"c0ffee00-1111-4222-8333-444455556666","broadcaster_user_id":"1234","broadcaster_user_name":"testBroadcaster","broadcaster_user_login":"testBroadcaster","charity_name":"Example Charity","charity_description":"Example Description","charity_logo":"https://abc.cloudfront.net/ppgf/1000/100.png","charity_website":"https://www.example.com","current_amount":{"value":0,"decimal_places":2,"currency":"USD"},"target_amount":{"value":1500000,"decimal_places":2,"currency":"USD"},"started_at":"2026-11-22T14:00:00.123456789Z"}"#
    ),
    // Twitch's reference (twitch_api charity_campaign/progress.rs).
    case!(
        CHARITY_PROGRESS_TWITCH,
        "channel.charity_campaign.progress",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4300"}"#,
        r#"{"id":"camp-42","broadcaster_id":"4300","broadcaster_name":"GoodCause","broadcaster_login":"goodcause","charity_name":"Water for All","charity_description":"Clean water projects","charity_logo":"https://abc.cloudfront.net/ppgf/1000/100.png","charity_website":"https://water.example.org","current_amount":{"value":52500,"decimal_places":2,"currency":"EUR"},"target_amount":{"value":100000,"decimal_places":2,"currency":"EUR"}}"#
    ),
    // twitch-cli charity_event.go (stop: description, website, stopped_at).
    case!(
        CHARITY_STOP_CLI,
        "channel.charity_campaign.stop",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"c0ffee00-1111-4222-8333-444455556666","broadcaster_user_id":"1234","broadcaster_user_name":"testBroadcaster","broadcaster_user_login":"testBroadcaster","charity_name":"Example Charity","charity_description":"Example Description","charity_logo":"https://abc.cloudfront.net/ppgf/1000/100.png","charity_website":"https://www.example.com","current_amount":{"value":1450000,"decimal_places":2,"currency":"USD"},"target_amount":{"value":1500000,"decimal_places":2,"currency":"USD"},"stopped_at":"2026-11-22T14:00:00.123456789Z"}"#
    ),
    // twitch-eventsub.md §a.4/§c.2: twitch-cli's anonymous cheer has `""` user fields.
    case!(
        CHEER_ANONYMOUS_CLI,
        "channel.cheer",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"is_anonymous":true,"user_id":"","user_login":"","user_name":"","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","message":"This is a test event.","bits":100}"#
    ),
    // Twitch's reference: `null` user fields when anonymous.
    case!(
        CHEER_ANONYMOUS_TWITCH,
        "channel.cheer",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4400"}"#,
        r#"{"is_anonymous":true,"user_id":null,"user_login":null,"user_name":null,"broadcaster_user_id":"4400","broadcaster_user_login":"bits_host","broadcaster_user_name":"Bits_Host","message":"Cheer500 from nobody","bits":500}"#
    ),
    // twitch-cli internal/models/drops.go, internal/events/types/drop/drop.go (a batch of two, `--count 2`).
    case!(
        DROP_GRANT_CLI,
        "drop.entitlement.grant",
        "1",
        Cli,
        r#"{"organization_id":"5678","category_id":"1234","campaign_id":"f0e1d2c3-b4a5-4968-8776-655443322110"}"#,
        r#"[{"id":"0a1b2c3d-0001-4e5f-8a9b-0c1d2e3f4a5b","data":{"entitlement_id":"e0000001-aaaa-4bbb-8ccc-dddddddddddd","benefit_id":"b0000001-aaaa-4bbb-8ccc-dddddddddddd","campaign_id":"f0e1d2c3-b4a5-4968-8776-655443322110","organization_id":"5678","created_at":"2026-11-22T14:00:00.123456789Z","user_id":"1234","user_name":"testBroadcaster","user_login":"testBroadcaster","category_id":"1234","category_name":"Special Events"}},{"id":"0a1b2c3d-0002-4e5f-8a9b-0c1d2e3f4a5b","data":{"entitlement_id":"e0000002-aaaa-4bbb-8ccc-dddddddddddd","benefit_id":"b0000001-aaaa-4bbb-8ccc-dddddddddddd","campaign_id":"f0e1d2c3-b4a5-4968-8776-655443322110","organization_id":"5678","created_at":"2026-11-22T14:00:00.123456789Z","user_id":"87654321","user_name":"testBroadcaster","user_login":"testBroadcaster","category_id":"1234","category_name":"Special Events"}}]"#
    ),
    // twitch-cli internal/models/transactions.go; twitch_api extension/bits_transaction/create.rs.
    case!(
        EXTENSION_TRANSACTION_CLI,
        "extension.bits_transaction.create",
        "1",
        Cli,
        r#"{"extension_client_id":"ext0client0id0000000000000000"}"#,
        r#"{"id":"tx-0f1e2d3c","extension_client_id":"ext0client0id0000000000000000","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","user_name":"testFromUser","user_login":"testFromUser","user_id":"5678","product":{"name":"Test Trigger Item from CLI","sku":"testItemSku","bits":100,"in_development":true}}"#
    ),
    // twitch-eventsub.md §d: the derived CLI-shaped follow (v2; the condition's moderator is the follower).
    case!(
        FOLLOW_V2_CLI,
        "channel.follow",
        "2",
        Cli,
        r#"{"broadcaster_user_id":"1234","moderator_user_id":"5678"}"#,
        r#"{"user_id":"5678","user_login":"testFromUser","user_name":"testFromUser","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","followed_at":"2026-03-11T17:51:16.5Z"}"#
    ),
    // twitch-eventsub.md §c.2: twitch-cli's anonymous gift sends a placeholder gifter.
    case!(
        GIFT_ANONYMOUS_CLI,
        "channel.subscription.gift",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"user_id":"274598607","user_login":"ananonymousgifter","user_name":"ananonymousgifter","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","total":5,"tier":"1000","cumulative_total":null,"is_anonymous":true}"#
    ),
    // Twitch's reference (twitch_api models null): anonymous gifter fields `null`.
    case!(
        GIFT_ANONYMOUS_TWITCH,
        "channel.subscription.gift",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4500"}"#,
        r#"{"user_id":null,"user_login":null,"user_name":null,"broadcaster_user_id":"4500","broadcaster_user_login":"sub_host","broadcaster_user_name":"Sub_Host","total":10,"tier":"2000","cumulative_total":null,"is_anonymous":true}"#
    ),
    // twitch-cli internal/models/goal.go, internal/events/types/goal/goal_event.go (type `follower`).
    case!(
        GOAL_BEGIN_CLI,
        "channel.goal.begin",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"7a3c2b8e-9d0f-4e21-8a55-1c2d3e4f5a6b","broadcaster_user_id":"1234","broadcaster_user_name":"testBroadcaster","broadcaster_user_login":"testBroadcaster","type":"follower","description":"","current_amount":42,"target_amount":500,"started_at":"2026-11-22T14:00:00.123456789Z"}"#
    ),
    // twitch_api channel/goal/progress.rs fields.
    case!(
        GOAL_PROGRESS_TWITCH,
        "channel.goal.progress",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4600"}"#,
        r#"{"id":"goal-12","broadcaster_user_id":"4600","broadcaster_user_name":"Goal_Host","broadcaster_user_login":"goal_host","type":"subscription_count","description":"Road to 100 subs","current_amount":64,"target_amount":100,"started_at":"2024-05-01T10:11:12.17106713Z"}"#
    ),
    // twitch-cli goal_event.go (end: `is_achieved`, `ended_at` without fraction).
    case!(
        GOAL_END_CLI,
        "channel.goal.end",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"7a3c2b8e-9d0f-4e21-8a55-1c2d3e4f5a6b","broadcaster_user_id":"1234","broadcaster_user_name":"testBroadcaster","broadcaster_user_login":"testBroadcaster","type":"follower","description":"","is_achieved":true,"current_amount":100,"target_amount":100,"started_at":"2026-11-22T14:00:00.123456789Z","ended_at":"2026-11-23T14:00:00Z"}"#
    ),
    // twitch-cli internal/models/hype_train.go (v1, begin: no level, `last_contribution`).
    case!(
        HYPE_TRAIN_BEGIN_V1_CLI,
        "channel.hype_train.begin",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","total":684,"progress":684,"goal":7283,"top_contributions":[{"total":421,"type":"bits","user_id":"33601467","user_name":"cli_user1","user_login":"cli_user1"},{"total":263,"type":"subscription","user_id":"86424018","user_name":"cli_user2","user_login":"cli_user2"}],"last_contribution":{"total":263,"type":"subscription","user_id":"86424018","user_name":"cli_user2","user_login":"cli_user2"},"started_at":"2026-11-22T14:00:00.123456789Z","expires_at":"2026-11-22T14:05:00.123456789Z"}"#
    ),
    // twitch_api channel/hypetrain/begin.rs (v1 with `id` and `level`) plus Twitch's `is_golden_kappa_train`.
    case!(
        HYPE_TRAIN_BEGIN_V1_TWITCH,
        "channel.hype_train.begin",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4700"}"#,
        r#"{"id":"2c9dQhvBVvNLQ0aJ6Nm4T1bBZPi","broadcaster_user_id":"4700","broadcaster_user_login":"hype_host","broadcaster_user_name":"Hype_Host","total":300,"progress":300,"goal":1800,"top_contributions":[{"user_id":"4701","user_login":"big_cheerer","user_name":"Big_Cheerer","type":"bits","total":300}],"last_contribution":{"user_id":"4701","user_login":"big_cheerer","user_name":"Big_Cheerer","type":"bits","total":300},"level":1,"started_at":"2024-05-01T10:11:12.17106713Z","expires_at":"2024-05-01T10:16:12.17106713Z","is_golden_kappa_train":false}"#
    ),
    // twitch-cli hype_train.go (v1, progress: level set).
    case!(
        HYPE_TRAIN_PROGRESS_V1_CLI,
        "channel.hype_train.progress",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","level":3,"total":912,"progress":112,"goal":6541,"top_contributions":[{"total":512,"type":"bits","user_id":"33601467","user_name":"cli_user1","user_login":"cli_user1"},{"total":400,"type":"other","user_id":"86424018","user_name":"cli_user2","user_login":"cli_user2"}],"last_contribution":{"total":400,"type":"other","user_id":"86424018","user_name":"cli_user2","user_login":"cli_user2"},"started_at":"2026-11-22T14:00:00.123456789Z","expires_at":"2026-11-22T14:05:00.123456789Z"}"#
    ),
    // twitch-cli hype_train.go (v1, end: no goal/progress/expires_at, `last_contribution` still sent).
    case!(
        HYPE_TRAIN_END_V1_CLI,
        "channel.hype_train.end",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","level":4,"total":977,"top_contributions":[{"total":577,"type":"bits","user_id":"33601467","user_name":"cli_user1","user_login":"cli_user1"},{"total":400,"type":"subscription","user_id":"86424018","user_name":"cli_user2","user_login":"cli_user2"}],"last_contribution":{"total":400,"type":"subscription","user_id":"86424018","user_name":"cli_user2","user_login":"cli_user2"},"started_at":"2026-11-22T13:55:00.123456789Z","ended_at":"2026-11-22T14:00:00.123456789Z","cooldown_ends_at":"2026-11-22T15:00:00.123456789Z"}"#
    ),
    // twitch_api channel/hypetrain/end.rs (v1, no `last_contribution`) plus `is_golden_kappa_train`.
    case!(
        HYPE_TRAIN_END_V1_TWITCH,
        "channel.hype_train.end",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4700"}"#,
        r#"{"id":"2c9dQhvBVvNLQ0aJ6Nm4T1bBZPi","broadcaster_user_id":"4700","broadcaster_user_login":"hype_host","broadcaster_user_name":"Hype_Host","level":5,"total":9100,"top_contributions":[{"user_id":"4701","user_login":"big_cheerer","user_name":"Big_Cheerer","type":"bits","total":5000},{"user_id":"4702","user_login":"gifter","user_name":"Gifter","type":"subscription","total":2500}],"started_at":"2024-05-01T10:11:12.17106713Z","ended_at":"2024-05-01T10:41:12.17106713Z","cooldown_ends_at":"2024-05-01T11:41:12.17106713Z","is_golden_kappa_train":true}"#
    ),
    // Twitch's v2 reference (twurple EventSubChannelHypeTrainProgressV2EventData; twitch-cli
    // HypeTrainEventSubEventV2): a shared train.
    case!(
        HYPE_TRAIN_PROGRESS_V2_TWITCH,
        "channel.hype_train.progress",
        "2",
        Twitch,
        r#"{"broadcaster_user_id":"4700"}"#,
        r#"{"id":"3dAk8vYq0pLrT7sZ2wXcV5bN1mH","broadcaster_user_id":"4700","broadcaster_user_login":"hype_host","broadcaster_user_name":"Hype_Host","total":2500,"progress":700,"goal":2200,"top_contributions":[{"user_id":"4702","user_login":"gifter","user_name":"Gifter","type":"subscription","total":1500}],"shared_train_participants":[{"broadcaster_user_id":"4700","broadcaster_user_login":"hype_host","broadcaster_user_name":"Hype_Host"},{"broadcaster_user_id":"4800","broadcaster_user_login":"co_streamer","broadcaster_user_name":"Co_Streamer"}],"level":2,"started_at":"2024-05-01T10:11:12.17106713Z","expires_at":"2024-05-01T10:21:12.17106713Z","is_shared_train":true,"type":"golden_kappa"}"#
    ),
    // twitch-cli internal/events/types/hype_train_v2 (end: no goal/progress/expires_at, participants null).
    case!(
        HYPE_TRAIN_END_V2_CLI,
        "channel.hype_train.end",
        "2",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","total":512,"top_contributions":[{"total":300,"type":"bits","user_id":"33601467","user_name":"cli_user1","user_login":"cli_user1"},{"total":212,"type":"subscription","user_id":"86424018","user_name":"cli_user2","user_login":"cli_user2"}],"shared_train_participants":null,"level":2,"started_at":"2026-11-22T13:55:00.123456789Z","ended_at":"2026-11-22T14:00:00.123456789Z","cooldown_ends_at":"2026-11-22T15:00:00.123456789Z","is_shared_train":false,"type":"regular"}"#
    ),
    // Twitch's v2 reference (twurple EventSubChannelHypeTrainEndV2EventData).
    case!(
        HYPE_TRAIN_END_V2_TWITCH,
        "channel.hype_train.end",
        "2",
        Twitch,
        r#"{"broadcaster_user_id":"4700"}"#,
        r#"{"id":"3dAk8vYq0pLrT7sZ2wXcV5bN1mH","broadcaster_user_id":"4700","broadcaster_user_login":"hype_host","broadcaster_user_name":"Hype_Host","total":12000,"top_contributions":[{"user_id":"4702","user_login":"gifter","user_name":"Gifter","type":"subscription","total":4000}],"shared_train_participants":[{"broadcaster_user_id":"4700","broadcaster_user_login":"hype_host","broadcaster_user_name":"Hype_Host"},{"broadcaster_user_id":"4800","broadcaster_user_login":"co_streamer","broadcaster_user_name":"Co_Streamer"}],"level":6,"started_at":"2024-05-01T10:11:12.17106713Z","ended_at":"2024-05-01T10:51:12.17106713Z","cooldown_ends_at":"2024-05-01T11:51:12.17106713Z","is_shared_train":true,"type":"treasure"}"#
    ),
    // twitch-cli internal/models/moderator_change.go.
    case!(
        MODERATOR_ADD_CLI,
        "channel.moderator.add",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"user_id":"5678","user_login":"testFromUser","user_name":"testFromUser","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster"}"#
    ),
    case!(
        MODERATOR_REMOVE_CLI,
        "channel.moderator.remove",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"user_id":"5678","user_login":"testFromUser","user_name":"testFromUser","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster"}"#
    ),
    // twitch-cli internal/models/poll.go, internal/events/types/poll/poll.go (progress: votes, ends_at).
    case!(
        POLL_PROGRESS_CLI,
        "channel.poll.progress",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","title":"Pineapple on pizza?","choices":[{"id":"c1","title":"Yes but choice 1","bits_votes":0,"channel_points_votes":5,"votes":12},{"id":"c2","title":"Yes but choice 2","bits_votes":0,"channel_points_votes":2,"votes":9}],"bits_voting":{"is_enabled":true,"amount_per_vote":10},"channel_points_voting":{"is_enabled":true,"amount_per_vote":500},"started_at":"2026-11-22T14:00:00.123456789Z","ends_at":"2026-11-22T14:15:00.123456789Z"}"#
    ),
    // twitch-cli poll.go (end: status `completed`, ended_at).
    case!(
        POLL_END_CLI,
        "channel.poll.end",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","title":"Pineapple on pizza?","choices":[{"id":"c1","title":"Yes but choice 1","bits_votes":0,"channel_points_votes":7,"votes":20},{"id":"c2","title":"Yes but choice 2","bits_votes":0,"channel_points_votes":3,"votes":11}],"bits_voting":{"is_enabled":true,"amount_per_vote":10},"channel_points_voting":{"is_enabled":true,"amount_per_vote":500},"status":"completed","started_at":"2026-11-22T14:00:00.123456789Z","ended_at":"2026-11-22T14:15:00.123456789Z"}"#
    ),
    // twitch-cli internal/models/prediction.go, internal/events/types/prediction/prediction.go.
    case!(
        PREDICTION_BEGIN_CLI,
        "channel.prediction.begin",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"p-1","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","title":"Will the developer finish this program?","outcomes":[{"id":"o-yes","title":"yes","color":"blue"},{"id":"o-no","title":"no","color":"pink"}],"started_at":"2026-11-22T14:00:00.123456789Z","locks_at":"2026-11-22T14:10:00.123456789Z"}"#
    ),
    // prediction.go (progress: counts, top predictors with `channel_points_won` null).
    case!(
        PREDICTION_PROGRESS_CLI,
        "channel.prediction.progress",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"p-1","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","title":"Will the developer finish this program?","outcomes":[{"id":"o-yes","title":"yes","color":"blue","users":1,"channel_points":1200,"top_predictors":[{"user_id":"29817465","user_login":"testLogin","user_name":"testLogin","channel_points_won":null,"channel_points_used":1200}]},{"id":"o-no","title":"no","color":"pink","users":2,"channel_points":700,"top_predictors":[{"user_id":"10432765","user_login":"testLogin","user_name":"testLogin","channel_points_won":null,"channel_points_used":400},{"user_id":"10432766","user_login":"testLogin","user_name":"testLogin","channel_points_won":null,"channel_points_used":300}]}],"started_at":"2026-11-22T14:00:00.123456789Z","locks_at":"2026-11-22T14:10:00.123456789Z"}"#
    ),
    // prediction.go (lock: `locked_at`; the CLI already fills `channel_points_won`).
    case!(
        PREDICTION_LOCK_CLI,
        "channel.prediction.lock",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"p-1","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","title":"Will the developer finish this program?","outcomes":[{"id":"o-yes","title":"yes","color":"blue","users":1,"channel_points":1200,"top_predictors":[{"user_id":"29817465","user_login":"testLogin","user_name":"testLogin","channel_points_won":2400,"channel_points_used":1200}]},{"id":"o-no","title":"no","color":"pink","users":1,"channel_points":400,"top_predictors":[{"user_id":"10432765","user_login":"testLogin","user_name":"testLogin","channel_points_won":0,"channel_points_used":400}]}],"started_at":"2026-11-22T14:00:00.123456789Z","locked_at":"2026-11-22T14:10:00.123456789Z"}"#
    ),
    // prediction.go (end: winning outcome, status `resolved`).
    case!(
        PREDICTION_END_CLI,
        "channel.prediction.end",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"id":"p-1","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","title":"Will the developer finish this program?","winning_outcome_id":"o-yes","outcomes":[{"id":"o-yes","title":"yes","color":"blue","users":1,"channel_points":1200,"top_predictors":[{"user_id":"29817465","user_login":"testLogin","user_name":"testLogin","channel_points_won":2400,"channel_points_used":1200}]},{"id":"o-no","title":"no","color":"pink","users":1,"channel_points":400,"top_predictors":[{"user_id":"10432765","user_login":"testLogin","user_name":"testLogin","channel_points_won":0,"channel_points_used":400}]}],"status":"resolved","started_at":"2026-11-22T14:00:00.123456789Z","ended_at":"2026-11-22T14:10:00.123456789Z"}"#
    ),
    // Twitch's reference: a canceled prediction has no winner (`null`) and nothing won.
    case!(
        PREDICTION_END_CANCELED_TWITCH,
        "channel.prediction.end",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"4900"}"#,
        r#"{"id":"pred-77","broadcaster_user_id":"4900","broadcaster_user_login":"predictor_host","broadcaster_user_name":"Predictor_Host","title":"First boss first try?","winning_outcome_id":null,"outcomes":[{"id":"yes-1","title":"Yes","color":"blue","users":3,"channel_points":900,"top_predictors":[{"user_id":"4901","user_login":"optimist","user_name":"Optimist","channel_points_won":null,"channel_points_used":500}]},{"id":"no-2","title":"No","color":"pink","users":0,"channel_points":0,"top_predictors":[]}],"status":"canceled","started_at":"2024-05-01T10:11:12.17106713Z","ended_at":"2024-05-01T10:13:12.17106713Z"}"#
    ),
    // twitch-cli internal/models/shield_mode.go, internal/events/types/shield_mode/shield_mode.go.
    case!(
        SHIELD_MODE_BEGIN_CLI,
        "channel.shield_mode.begin",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234","moderator_user_id":"5678"}"#,
        r#"{"broadcaster_user_id":"1234","broadcaster_user_name":"testBroadcaster","broadcaster_user_login":"testBroadcaster","moderator_user_id":"5678","moderator_user_name":"testFromUser","moderator_user_login":"testFromUser","started_at":"2026-11-22T13:50:00.123456789Z"}"#
    ),
    case!(
        SHIELD_MODE_END_CLI,
        "channel.shield_mode.end",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234","moderator_user_id":"5678"}"#,
        r#"{"broadcaster_user_id":"1234","broadcaster_user_name":"testBroadcaster","broadcaster_user_login":"testBroadcaster","moderator_user_id":"5678","moderator_user_name":"testFromUser","moderator_user_login":"testFromUser","ended_at":"2026-11-22T14:00:00.123456789Z"}"#
    ),
    // twitch-cli internal/models/shoutout.go, internal/events/types/shoutout/shoutout.go.
    case!(
        SHOUTOUT_CREATE_CLI,
        "channel.shoutout.create",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"5678","moderator_user_id":"3502151007"}"#,
        r#"{"broadcaster_user_id":"5678","broadcaster_user_name":"testFromUser","broadcaster_user_login":"testFromUser","to_broadcaster_user_id":"1234","to_broadcaster_user_name":"testBroadcaster","to_broadcaster_user_login":"testBroadcaster","moderator_user_id":"3502151007","moderator_user_name":"TrustedUser123","moderator_user_login":"trusteduser123","viewer_count":860,"started_at":"2026-11-22T14:00:00.123456789Z","cooldown_ends_at":"2026-11-22T14:02:00.123456789Z","target_cooldown_ends_at":"2026-11-22T15:00:00.123456789Z"}"#
    ),
    case!(
        SHOUTOUT_RECEIVE_CLI,
        "channel.shoutout.receive",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234","moderator_user_id":"3502151007"}"#,
        r#"{"broadcaster_user_id":"1234","broadcaster_user_name":"testBroadcaster","broadcaster_user_login":"testBroadcaster","from_broadcaster_user_id":"5678","from_broadcaster_user_name":"testFromUser","from_broadcaster_user_login":"testFromUser","viewer_count":860,"started_at":"2026-11-22T14:00:00.123456789Z"}"#
    ),
    // twitch-eventsub.md §c.2: twitch-cli's stream.offline has no `id`.
    case!(
        STREAM_OFFLINE_CLI,
        "stream.offline",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster"}"#
    ),
    // twitch-eventsub.md §c.2: twitch-cli `--anonymous` sends `streak_months` null.
    case!(
        SUBSCRIPTION_MESSAGE_ANONYMOUS_CLI,
        "channel.subscription.message",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234"}"#,
        r#"{"user_id":"5678","user_login":"testFromUser","user_name":"testFromUser","broadcaster_user_id":"1234","broadcaster_user_login":"testBroadcaster","broadcaster_user_name":"testBroadcaster","tier":"1000","message":{"text":"Hello from the Twitch CLI! twitchdevLeek","emotes":[{"begin":26,"end":39,"id":"304456816"}]},"cumulative_months":12,"streak_months":null,"duration_months":1}"#
    ),
    // twitch-cli internal/models/unban_requests.go, internal/events/types/unban_requests (create: no `id`).
    case!(
        UNBAN_REQUEST_CREATE_CLI,
        "channel.unban_request.create",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234","moderator_user_id":"5678"}"#,
        r#"{"broadcaster_user_id":"1234","broadcaster_user_login":"testbroadcaster","broadcaster_user_name":"testBroadcaster","user_id":"5678","user_login":"testfromuser","user_name":"testFromUser","text":"Please unban me!","created_at":"2026-11-22T13:30:00.123456789Z"}"#
    ),
    // twitch_api unban_request/create.rs fields.
    case!(
        UNBAN_REQUEST_CREATE_TWITCH,
        "channel.unban_request.create",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"5000","moderator_user_id":"5001"}"#,
        r#"{"id":"ur-314","broadcaster_user_id":"5000","broadcaster_user_login":"strict_host","broadcaster_user_name":"Strict_Host","user_id":"5002","user_login":"sorry_user","user_name":"Sorry_User","text":"I was wrong, sorry","created_at":"2024-05-01T09:00:00.634234626Z"}"#
    ),
    // twitch-cli unban_requests.go (resolve: a moderator, `approved`).
    case!(
        UNBAN_REQUEST_RESOLVE_CLI,
        "channel.unban_request.resolve",
        "1",
        Cli,
        r#"{"broadcaster_user_id":"1234","moderator_user_id":"5678"}"#,
        r#"{"id":"4b3a2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c1d","broadcaster_user_id":"1234","broadcaster_user_login":"testbroadcaster","broadcaster_user_name":"testBroadcaster","moderator_user_id":"71165381","moderator_user_login":"71165381","moderator_user_name":"71165381","user_id":"5678","user_login":"testfromuser","user_name":"testFromUser","resolution_text":"We forgive you","status":"approved"}"#
    ),
    // twitch_api unban_request/resolve.rs: withdrawn by the user, so no moderator and no text (`null`).
    case!(
        UNBAN_REQUEST_RESOLVE_TWITCH,
        "channel.unban_request.resolve",
        "1",
        Twitch,
        r#"{"broadcaster_user_id":"5000","moderator_user_id":"5001"}"#,
        r#"{"id":"ur-314","broadcaster_user_id":"5000","broadcaster_user_login":"strict_host","broadcaster_user_name":"Strict_Host","moderator_user_id":null,"moderator_user_login":null,"moderator_user_name":null,"user_id":"5002","user_login":"sorry_user","user_name":"Sorry_User","resolution_text":null,"status":"canceled"}"#
    ),
    // twitch-cli internal/models/user_update.go, internal/events/types/user/user_update.go (no email).
    case!(
        USER_UPDATE_CLI,
        "user.update",
        "1",
        Cli,
        r#"{"user_id":"1234"}"#,
        r#"{"user_id":"1234","user_login":"testBroadcaster","user_name":"testBroadcaster","description":""}"#
    ),
    // twitch_api user/update.rs plus Twitch's `email_verified`.
    case!(
        USER_UPDATE_TWITCH,
        "user.update",
        "1",
        Twitch,
        r#"{"user_id":"5100"}"#,
        r#"{"user_id":"5100","user_login":"renamed_user","user_name":"Renamed_User","email":"renamed@example.org","email_verified":true,"description":"Speedruns on Sundays"}"#
    ),
];

fn case(name: &str) -> &'static Case {
    CASES.iter().find(|case| case.name == name).unwrap_or_else(|| panic!("no case {name}"))
}

/// A WebSocket notification frame carrying `body` as its payload.
fn frame(kind: &str, version: &str, body: &str) -> String {
    format!(
        r#"{{"metadata":{{"message_id":"befa7b53-d79d-478f-86b9-120f112b044e","message_type":"notification","message_timestamp":"{SENT}","subscription_type":"{kind}","subscription_version":"{version}"}},"payload":{body}}}"#
    )
}

/// Delivers `body` as a signed webhook notification (the delivery round-trips through serde in `deliver`).
fn webhook(body: &[u8]) -> Notification {
    let headers = signed(SECRET, "notification", body);
    let delivery = deliver(&source(), &Incoming::post(&headers, body), at(SENT));
    let Message::Notification(notification) = delivery.event else { panic!("{:?}", delivery.event) };
    notification
}

/// Parses `body` as a WebSocket notification frame, round-tripping the frame through serde.
fn websocket(kind: &str, version: &str, body: &str) -> Notification {
    let frame = Frame::parse(&frame(kind, version, body)).unwrap_or_else(|e| panic!("{kind} v{version} frame: {e}"));
    assert_round_trip(&frame);
    let FrameMessage::Notification(notification) = frame.message else { panic!("{:?}", frame.message) };
    notification
}

/// The checks every typed payload passes: typed over the webhook, an equal notification over a WebSocket
/// frame, the same event from the bare event JSON, and a typed condition. Returns the notification.
fn check_typed(kind: &str, version: &str, body: &str) -> Notification {
    let hook = webhook(body.as_bytes());
    assert_eq!((hook.subscription.kind.as_str(), hook.subscription.version.as_str()), (kind, version));
    assert_eq!((hook.event.subscription_type(), hook.event.version()), (kind, version));
    assert!(!matches!(hook.event, Event::Unknown(_)), "{kind} v{version} is not typed: {:?}", hook.event);
    assert_eq!(websocket(kind, version, body), hook, "{kind} v{version}: webhook and WebSocket differ");

    let raw = event_raw(body);
    assert_eq!(Event::from_event_json(kind, version, &raw).unwrap(), hook.event, "{kind} v{version}");

    let condition = hook.typed_condition().unwrap_or_else(|e| panic!("{kind} v{version} condition: {e}"));
    assert!(!matches!(condition, TypedCondition::Unknown(_)), "{kind} v{version}: {condition:?}");
    assert_round_trip(&condition);
    hook
}

/// Checks a constructed case and returns its event.
fn typed(name: &str) -> Event {
    let case = case(name);
    check_typed(case.kind, case.version, &case.body()).event
}

/// The `event` (or `events`) member of a notification body, byte for byte.
fn event_raw(body: &str) -> String {
    let members: BTreeMap<String, &RawValue> = serde_json::from_str(body).unwrap();
    members.get("event").or_else(|| members.get("events")).map(|raw| raw.get().to_owned()).unwrap()
}

#[test]
fn every_payload_is_typed_the_same_over_webhook_and_websocket() {
    for case in CASES {
        let note = check_typed(case.kind, case.version, &case.body());
        assert!(
            format!("{:?}", note.subscription.transport.callback).contains(match case.shape {
                Shape::Cli => "\"null\"",
                Shape::Twitch => "https://",
            }),
            "{}",
            case.name
        );
    }
    // The typed fixtures too (the retired channel.follow v1 is checked in `unknown_types_and_versions_…`).
    let fixtures: Vec<String> = fixtures_in("twitch-eventsub")
        .into_iter()
        .filter(|name| name.starts_with("webhook-notification-") && name.contains(".twitch_api."))
        .collect();
    assert_eq!(fixtures.len(), 16);
    for name in fixtures {
        let body = String::from_utf8(fixture(&format!("twitch-eventsub/{name}"))).unwrap();
        let (kind, version) = kind_version(&body);
        check_typed(&kind, &version, &body);
    }
}

fn kind_version(body: &str) -> (String, String) {
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    let sub = &value["subscription"];
    (sub["type"].as_str().unwrap().to_owned(), sub["version"].as_str().unwrap().to_owned())
}

#[test]
fn every_cli_trigger_is_typed() {
    // twitch-eventsub.md §c.1, one (type, version) per row and alias, channel.follow at v2 only.
    const CLI: &[(&str, &str)] = &[
        ("channel.ad_break.begin", "1"),
        ("user.authorization.grant", "1"),
        ("user.authorization.revoke", "1"),
        ("channel.ban", "1"),
        ("channel.unban", "1"),
        ("channel.channel_points_custom_reward_redemption.add", "1"),
        ("channel.channel_points_custom_reward_redemption.update", "1"),
        ("channel.channel_points_custom_reward.add", "1"),
        ("channel.channel_points_custom_reward.update", "1"),
        ("channel.channel_points_custom_reward.remove", "1"),
        ("channel.update", "1"),
        ("channel.update", "2"),
        ("channel.charity_campaign.donate", "1"),
        ("channel.charity_campaign.start", "1"),
        ("channel.charity_campaign.progress", "1"),
        ("channel.charity_campaign.stop", "1"),
        ("channel.cheer", "1"),
        ("drop.entitlement.grant", "1"),
        ("extension.bits_transaction.create", "1"),
        ("channel.follow", "2"),
        ("channel.subscription.gift", "1"),
        ("channel.goal.begin", "1"),
        ("channel.goal.progress", "1"),
        ("channel.goal.end", "1"),
        ("channel.hype_train.begin", "1"),
        ("channel.hype_train.progress", "1"),
        ("channel.hype_train.end", "1"),
        ("channel.moderator.add", "1"),
        ("channel.moderator.remove", "1"),
        ("channel.poll.begin", "1"),
        ("channel.poll.progress", "1"),
        ("channel.poll.end", "1"),
        ("channel.prediction.begin", "1"),
        ("channel.prediction.progress", "1"),
        ("channel.prediction.lock", "1"),
        ("channel.prediction.end", "1"),
        ("channel.raid", "1"),
        ("channel.shield_mode.begin", "1"),
        ("channel.shield_mode.end", "1"),
        ("channel.shoutout.create", "1"),
        ("channel.shoutout.receive", "1"),
        ("stream.offline", "1"),
        ("stream.online", "1"),
        ("channel.subscribe", "1"),
        ("channel.subscription.end", "1"),
        ("channel.subscription.message", "1"),
        ("channel.unban_request.create", "1"),
        ("channel.unban_request.resolve", "1"),
        ("user.update", "1"),
    ];
    let typed: BTreeSet<(&str, &str)> = twitch::TYPED.iter().copied().collect();
    assert_eq!(typed.len(), twitch::TYPED.len(), "no row twice");
    for pair in CLI {
        assert!(typed.contains(pair), "{pair:?} is not typed");
    }
    // Beyond the CLI: hype train v2, as Twitch documents it.
    let extra: Vec<_> = typed.difference(&CLI.iter().copied().collect()).copied().collect();
    assert_eq!(
        extra,
        [("channel.hype_train.begin", "2"), ("channel.hype_train.end", "2"), ("channel.hype_train.progress", "2")]
    );
    assert!(!typed.contains(&("channel.follow", "1")), "channel.follow v1 is retired");
    assert_eq!(twitch::TYPED.len(), 52);
}

#[test]
fn the_coverage_list_matches_the_eventsub_table() {
    let doc = include_str!("../../src/twitch/coverage.md");
    let mut typed_rows = BTreeSet::new();
    let mut rows = 0;
    for line in doc.lines().filter(|line| line.starts_with("| `")) {
        rows += 1;
        let cells: Vec<&str> = line.split(" | ").map(|cell| cell.trim_matches(|c| c == '|' || c == ' ')).collect();
        let [kind, version, typed_as, condition, covered, _source] = cells[..] else { panic!("{line}") };
        let kind = kind.trim_matches('`');
        let variant = between(typed_as, "[`", "`]").filter(|v| *v != "Event::Unknown");
        if let Some(variant) = variant {
            assert!(typed_rows.insert((kind.to_owned(), version.to_owned())), "{kind} v{version} listed twice");
            assert!(twitch::TYPED.contains(&(kind, version)), "{kind} v{version} is listed typed, not in TYPED");
            let condition = between(condition, "[`", "`]").unwrap_or_else(|| panic!("{line}: no condition"));
            assert!(condition.ends_with("Condition"), "{line}");
            for (how, name) in covered_by(covered) {
                let body = match how {
                    "fixture" => String::from_utf8(fixture(&format!("twitch-eventsub/{name}"))).unwrap(),
                    "constructed" => {
                        let case = case(name);
                        assert_eq!((case.kind, case.version), (kind, version), "{name}");
                        case.body()
                    }
                    other => panic!("{line}: covered by {other}?"),
                };
                let note = check_typed(kind, version, &body);
                let debug = format!("{:?}", note.event);
                assert!(debug.starts_with(&format!("{variant}(")), "{line}: {name} parses as {debug}");
                let typed_condition = format!("{:?}", note.typed_condition().unwrap());
                let condition_variant = condition.trim_end_matches("Condition");
                assert!(typed_condition.starts_with(&format!("{condition_variant}(")), "{line}: {typed_condition}");
            }
        } else {
            assert!(!twitch::TYPED.contains(&(kind, version)), "{kind} v{version} is typed, listed untyped");
            for (_, name) in covered_by(covered) {
                let body = fixture(&format!("twitch-eventsub/{name}"));
                assert!(matches!(webhook(&body).event, Event::Unknown(_)), "{name}");
            }
        }
    }
    let table: BTreeSet<(String, String)> =
        twitch::TYPED.iter().map(|(kind, version)| ((*kind).to_owned(), (*version).to_owned())).collect();
    assert_eq!(typed_rows, table, "every row of the eventsub! table is listed, and nothing else");
    assert_eq!(rows, twitch::TYPED.len() + 1, "plus the retired channel.follow v1");
    // Every constructed case is named in the list.
    for case in CASES {
        assert!(doc.contains(&format!("constructed `{}`", case.name)), "{} is not in the coverage list", case.name);
    }
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text.get(start..)?.find(close)? + start;
    text.get(start..end)
}

/// `fixture `x`, constructed `Y`` → `[("fixture", "x"), ("constructed", "Y")]`.
fn covered_by(cell: &str) -> Vec<(&str, &str)> {
    let items: Vec<(&str, &str)> = cell
        .split(", ")
        .map(|item| {
            let (how, name) = item.split_once(' ').unwrap_or_else(|| panic!("{cell}"));
            (how, name.trim_matches('`'))
        })
        .collect();
    assert!(!items.is_empty(), "{cell}");
    items
}

#[test]
fn conditions_are_typed_per_subscription_type() {
    // Statically, through the table's third column.
    let follow = webhook(&fixture("twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json"));
    let condition: <ChannelFollowV2 as TypedEvent>::Condition = follow.condition().unwrap();
    let same: ModeratorCondition = follow.condition().unwrap();
    assert_eq!(condition, same);
    assert_eq!((condition.broadcaster_user_id.as_str(), condition.moderator_user_id.as_str()), ("1337", "1337"));
    assert_eq!((ChannelFollowV2::SUBSCRIPTION_TYPE, ChannelFollowV2::VERSION), ("channel.follow", "2"));

    // Dynamically, by the event's subscription type.
    let raid = webhook(&fixture("twitch-eventsub/webhook-notification-channel.raid.v1.twitch_api.json"));
    let TypedCondition::Raid(raid) = raid.typed_condition().unwrap() else { panic!() };
    assert_eq!((raid.from_broadcaster_user_id, raid.to_broadcaster_user_id.as_deref()), (None, Some("1337")));

    let drop = webhook(case("DROP_GRANT_CLI").body().as_bytes());
    let TypedCondition::Drop(drop) = drop.typed_condition().unwrap() else { panic!() };
    assert_eq!(drop.organization_id, "5678");
    assert_eq!(drop.campaign_id.as_deref(), Some("f0e1d2c3-b4a5-4968-8776-655443322110"));

    // A reward id written as a number (one of Twitch's examples) reads as the string.
    let update = webhook(case("REWARD_UPDATE_TWITCH").body().as_bytes());
    let TypedCondition::Reward(reward) = update.typed_condition().unwrap() else { panic!() };
    assert_eq!((reward.broadcaster_user_id.as_str(), reward.reward_id.as_deref()), ("4100", Some("12345")));
    let redemption = case("REDEMPTION_UPDATE_CLI");
    let TypedCondition::Reward(reward) = webhook(redemption.body().as_bytes()).typed_condition().unwrap() else {
        panic!()
    };
    assert_eq!(reward.reward_id, None);

    let revoke = webhook(&fixture("twitch-eventsub/webhook-notification-user.authorization.revoke.v1.twitch_api.json"));
    let TypedCondition::Client(client) = revoke.typed_condition().unwrap() else { panic!() };
    assert_eq!(client.client_id, "crq72vsaoijkc83xx42hz6i37");

    // An untyped event keeps its condition as a map.
    let chat = webhook(&fixture("twitch-eventsub/ws-payload-notification-channel.chat.message.v1.twitch_api.json"));
    let TypedCondition::Unknown(map) = chat.typed_condition().unwrap() else { panic!() };
    assert_eq!(map.get("user_id"), Some("2914196"));

    // A condition missing a key its type needs is an error when asked for, never when parsing.
    let stripped = redemption.body().replace(r#""condition":{"broadcaster_user_id":"1234"}"#, r#""condition":{}"#);
    let note = webhook(stripped.as_bytes());
    assert!(matches!(note.event, Event::ChannelPointsCustomRewardRedemptionUpdateV1(_)));
    assert!(note.typed_condition().unwrap_err().to_string().contains("broadcaster_user_id"));
}

#[test]
fn unknown_types_and_versions_keep_the_raw_event_verbatim() {
    // An unknown type (channel.chat.message is not triggerable by twitch-cli, so not typed here).
    let chat =
        String::from_utf8(fixture("twitch-eventsub/ws-payload-notification-channel.chat.message.v1.twitch_api.json"))
            .unwrap();
    // Known types at unknown versions: an event object, and the drop batch.
    let goal_v2 = case("GOAL_BEGIN_CLI").body_as("2", case("GOAL_BEGIN_CLI").event);
    let drop_v2 = case("DROP_GRANT_CLI").body_as("2", case("DROP_GRANT_CLI").event);
    let follow_v1 =
        String::from_utf8(fixture("twitch-eventsub/webhook-notification-channel.follow.signed-body.json")).unwrap();
    for body in [&chat, &goal_v2, &drop_v2, &follow_v1] {
        let (kind, version) = kind_version(body);
        let hook = webhook(body.as_bytes());
        let Event::Unknown(unknown) = &hook.event else { panic!("{kind} v{version}: {:?}", hook.event) };
        assert_eq!((unknown.subscription_type.as_str(), unknown.version.as_str()), (kind.as_str(), version.as_str()));
        assert_eq!(unknown.raw.get(), event_raw(body), "{kind} v{version}: the raw JSON, byte for byte");
        assert_eq!(websocket(&kind, &version, body), hook, "{kind} v{version}");
        assert_eq!(Event::from_event_json(&kind, &version, &event_raw(body)).unwrap(), hook.event);
        assert!(matches!(hook.typed_condition().unwrap(), TypedCondition::Unknown(_)));
    }
}

#[cfg(not(feature = "deny-unknown-fields"))]
#[test]
fn new_fields_never_break_parsing() {
    for case in CASES {
        let event = match case.event.strip_prefix('{') {
            Some(rest) => format!(r#"{{"added_by_twitch_later":{{"nested":[1,null]}},{rest}"#),
            // The drop batch: a new field inside each entitlement's data.
            None => case.event.replace(r#""data":{"#, r#""data":{"added_by_twitch_later":true,"#),
        };
        let plain = check_typed(case.kind, case.version, &case.body());
        let extended = check_typed(case.kind, case.version, &case.body_as(case.version, &event));
        assert_eq!(extended.event, plain.event, "{}", case.name);
    }
}

#[test]
fn unknown_enumeration_values_are_kept() {
    let swaps = [
        ("POLL_END_CLI", r#""status":"completed""#, r#""status":"moderated""#),
        ("PREDICTION_BEGIN_CLI", r#""color":"pink""#, r#""color":"green""#),
        ("PREDICTION_END_CLI", r#""status":"resolved""#, r#""status":"refunded""#),
        ("UNBAN_REQUEST_RESOLVE_CLI", r#""status":"approved""#, r#""status":"expired""#),
        ("REDEMPTION_UPDATE_CLI", r#""status":"fulfilled""#, r#""status":"on_hold""#),
        ("GIFT_ANONYMOUS_TWITCH", r#""tier":"2000""#, r#""tier":"4000""#),
    ];
    for (name, from, to) in swaps {
        let case = case(name);
        assert!(case.event.contains(from), "{name}");
        let event = case.event.replace(from, to);
        let note = check_typed(case.kind, case.version, &case.body_as(case.version, &event));
        let debug = format!("{:?}", note.event);
        let value = to.rsplit('"').nth(1).unwrap();
        assert!(debug.contains(&format!("Unknown(\"{value}\")")), "{name}: {debug}");
        assert!(serde_json::to_string(&note.event).unwrap().contains(to), "{name}: written back as received");
    }
    let Event::ChannelGoalBeginV1(goal) = typed("GOAL_BEGIN_CLI") else { panic!() };
    assert_eq!(goal.goal_type, GoalType::Unknown("follower".into()), "twitch-cli's undocumented goal type");
}

#[test]
fn ad_break_authorization_grant_user_update() {
    let Event::ChannelAdBreakBeginV1(e) = typed("AD_BREAK_BEGIN_CLI") else { panic!() };
    assert_eq!((e.duration_seconds, e.is_automatic, e.requester_user_login.as_str()), (60, false, "testFromUser"));
    assert_eq!(e.started_at.to_string(), "2026-11-22T14:00:00.123456789Z");
    // Twitch's example writes the number and the flag as strings.
    let Event::ChannelAdBreakBeginV1(e) = typed("AD_BREAK_BEGIN_TWITCH") else { panic!() };
    assert_eq!((e.duration_seconds, e.is_automatic, e.broadcaster_user_name.as_str()), (90, true, "Ad_Streamer"));
    // ...and the older `timestamp` name of `started_at`.
    let case = case("AD_BREAK_BEGIN_TWITCH");
    let renamed = case.event.replace(r#""started_at""#, r#""timestamp""#);
    assert_eq!(
        check_typed(case.kind, case.version, &case.body_as("1", &renamed)).event,
        Event::ChannelAdBreakBeginV1(e)
    );

    let Event::UserAuthorizationGrantV1(e) = typed("AUTHORIZATION_GRANT_CLI") else { panic!() };
    assert_eq!(
        (e.client_id.as_str(), e.user_id.as_str(), e.user_login.as_str()),
        ("hof5gwx0su6owfnys0nyan9c87zr6t", "5678", "testFromUser")
    );

    let Event::UserUpdateV1(e) = typed("USER_UPDATE_CLI") else { panic!() };
    assert_eq!((e.email, e.email_verified, e.description.as_str()), (None, None, ""));
    let Event::UserUpdateV1(e) = typed("USER_UPDATE_TWITCH") else { panic!() };
    assert_eq!(
        (e.email.as_deref(), e.email_verified, e.user_name.as_str()),
        (Some("renamed@example.org"), Some(true), "Renamed_User")
    );
}

#[test]
fn channel_points_rewards_and_redemption_updates() {
    let Event::ChannelPointsCustomRewardRedemptionUpdateV1(e) = typed("REDEMPTION_UPDATE_CLI") else { panic!() };
    assert_eq!(
        (e.status, e.reward.cost, e.user_input.as_str()),
        (RedemptionStatus::Fulfilled, 150, "Test Input From CLI")
    );
    let Event::ChannelPointsCustomRewardRedemptionUpdateV1(e) = typed("REDEMPTION_UPDATE_TWITCH") else { panic!() };
    assert_eq!((e.status, e.reward.title.as_str()), (RedemptionStatus::Canceled, "Song request"));

    let Event::ChannelPointsCustomRewardAddV1(e) = typed("REWARD_ADD_CLI") else { panic!() };
    assert_eq!((e.cost, e.title.as_str(), e.background_color.as_str()), (150, "Test Reward from CLI", "#c0ffee"));
    assert_eq!((e.max_per_stream.value, e.global_cooldown.seconds), (100, 300));
    assert_eq!(e.image.unwrap().url_4x, "https://static-cdn.jtvnw.net/image-4.png");
    assert_eq!((e.redemptions_redeemed_current_stream, e.cooldown_expires_at.is_some()), (Some(0), true));

    let Event::ChannelPointsCustomRewardUpdateV1(e) = typed("REWARD_UPDATE_TWITCH") else { panic!() };
    assert_eq!((e.image, e.cooldown_expires_at, e.redemptions_redeemed_current_stream), (None, None, None));
    assert!(e.is_paused && !e.is_in_stock && e.should_redemptions_skip_request_queue);
    assert!(e.default_image.unwrap().url_1x.ends_with("default-1.png"));

    let Event::ChannelPointsCustomRewardRemoveV1(e) = typed("REWARD_REMOVE_TWITCH") else { panic!() };
    assert_eq!(
        (e.id.as_str(), e.redemptions_redeemed_current_stream, e.max_per_user_per_stream.value),
        ("777", Some(7), 1)
    );
    assert_eq!(e.cooldown_expires_at.unwrap().to_string(), "2024-05-01T10:20:00.123Z");
}

#[test]
fn channel_update_v1_and_v2() {
    let Event::ChannelUpdateV1(e) = typed("CHANNEL_UPDATE_V1_CLI") else { panic!() };
    assert_eq!(
        (e.title.as_str(), e.category_id.as_str(), e.is_mature),
        ("Example title from the CLI!", "509658", false)
    );
    let body =
        String::from_utf8(fixture("twitch-eventsub/webhook-notification-channel.update.v2.twitch_api.json")).unwrap();
    assert!(matches!(check_typed("channel.update", "2", &body).event, Event::ChannelUpdateV2(_)));
}

#[test]
fn charity_campaigns_in_both_spellings() {
    let Event::ChannelCharityCampaignDonateV1(cli) = typed("CHARITY_DONATE_CLI") else { panic!() };
    assert_eq!((cli.broadcaster_user_id.as_str(), cli.user_login.as_str()), ("1234", "testFromUser"));
    assert_eq!((cli.amount.value, cli.amount.decimal_places, cli.amount.currency.as_str()), (10000, 2, "USD"));
    assert_eq!((cli.charity_description, cli.charity_website), (None, None));

    // Twitch's reference spells the broadcaster `broadcaster_id` / `_login` / `_name`.
    let Event::ChannelCharityCampaignDonateV1(docs) = typed("CHARITY_DONATE_TWITCH") else { panic!() };
    assert_eq!(
        (docs.broadcaster_user_id.as_str(), docs.broadcaster_user_login.as_str(), docs.broadcaster_user_name.as_str()),
        ("4300", "goodcause", "GoodCause")
    );
    assert_eq!(
        (docs.campaign_id.as_str(), docs.charity_website.as_deref()),
        ("camp-42", Some("https://water.example.org"))
    );
    assert!(serde_json::to_string(&docs).unwrap().contains(r#""broadcaster_user_id":"4300""#), "written one way");

    let Event::ChannelCharityCampaignStartV1(e) = typed("CHARITY_START_CLI") else { panic!() };
    assert_eq!((e.current_amount.value, e.target_amount.value), (0, 1_500_000));
    assert_eq!(e.charity_description.as_deref(), Some("Example Description"));
    let Event::ChannelCharityCampaignProgressV1(e) = typed("CHARITY_PROGRESS_TWITCH") else { panic!() };
    assert_eq!(
        (e.broadcaster_user_name.as_str(), e.current_amount.value, e.target_amount.currency.as_str()),
        ("GoodCause", 52500, "EUR")
    );
    let Event::ChannelCharityCampaignStopV1(e) = typed("CHARITY_STOP_CLI") else { panic!() };
    assert_eq!((e.current_amount.value, e.stopped_at.to_string().as_str()), (1_450_000, SENT));
}

#[test]
fn anonymous_cheers_and_gifts_and_cli_differences() {
    // twitch-cli: `""`; Twitch: `null`. Both parse; each is kept as sent.
    let Event::ChannelCheerV1(e) = typed("CHEER_ANONYMOUS_CLI") else { panic!() };
    assert_eq!(
        (e.is_anonymous, e.user_id.as_deref(), e.user_login.as_deref(), e.bits),
        (true, Some(""), Some(""), 100)
    );
    let Event::ChannelCheerV1(e) = typed("CHEER_ANONYMOUS_TWITCH") else { panic!() };
    assert_eq!((e.is_anonymous, e.user_id, e.user_name, e.bits), (true, None, None, 500));

    let Event::ChannelSubscriptionGiftV1(e) = typed("GIFT_ANONYMOUS_CLI") else { panic!() };
    assert_eq!(
        (e.user_login.as_deref(), e.cumulative_total, e.total, e.tier),
        (Some("ananonymousgifter"), None, 5, Tier::Tier1)
    );
    let Event::ChannelSubscriptionGiftV1(e) = typed("GIFT_ANONYMOUS_TWITCH") else { panic!() };
    assert_eq!((e.user_id, e.cumulative_total, e.tier), (None, None, Tier::Tier2));

    // stream.offline without `id` (twitch-cli) and with it (the fixture).
    let Event::StreamOfflineV1(e) = typed("STREAM_OFFLINE_CLI") else { panic!() };
    assert_eq!((e.id, e.broadcaster_user_id.as_str()), (None, "1234"));

    let Event::ChannelSubscriptionMessageV1(e) = typed("SUBSCRIPTION_MESSAGE_ANONYMOUS_CLI") else { panic!() };
    assert_eq!(
        (e.cumulative_months, e.streak_months, e.message.emotes.unwrap()[0].id.as_str()),
        (12, None, "304456816")
    );

    // The follow v2 twitch-cli sends (twitch-eventsub.md §d), and its `"callback":"null"`.
    let case = case("FOLLOW_V2_CLI");
    let note = check_typed(case.kind, case.version, &case.body());
    assert_eq!(note.subscription.transport.callback.as_deref(), Some("null"));
    assert_eq!(note.subscription.cost, Some(0));
    let Event::ChannelFollowV2(e) = note.event else { panic!() };
    assert_eq!((e.user_id.as_str(), e.followed_at.to_string().as_str()), ("5678", "2026-03-11T17:51:16.5Z"));
}

#[test]
fn drop_entitlement_grant_is_a_batch() {
    let Event::DropEntitlementGrantV1(batch) = typed("DROP_GRANT_CLI") else { panic!() };
    assert_eq!(batch.events.len(), 2);
    let first = &batch.events[0];
    assert_eq!(first.id, "0a1b2c3d-0001-4e5f-8a9b-0c1d2e3f4a5b");
    assert_eq!((first.data.category_name.as_str(), first.data.organization_id.as_str()), ("Special Events", "5678"));
    assert_eq!(first.data.created_at.to_string(), "2026-11-22T14:00:00.123456789Z");
    assert_eq!(batch.events[1].data.user_id, "87654321");
    // Serialized, the variant holds the array, as the bare batch is the `events` array.
    assert!(
        serde_json::to_string(&Event::DropEntitlementGrantV1(batch))
            .unwrap()
            .starts_with(r#"{"DropEntitlementGrantV1":[{"id""#)
    );
    // A body with `event` instead of `events` is not a drop notification.
    let case = case("DROP_GRANT_CLI");
    let wrong = case.body().replace(r#""events":"#, r#""event":"#);
    let headers = signed(SECRET, "notification", wrong.as_bytes());
    let err = source().receive_at(&Incoming::post(&headers, wrong.as_bytes()), at(SENT)).unwrap_err();
    assert_eq!(err.status_code(), 400);
}

#[test]
fn extension_bits_transaction() {
    let Event::ExtensionBitsTransactionCreateV1(e) = typed("EXTENSION_TRANSACTION_CLI") else { panic!() };
    assert_eq!((e.extension_client_id.as_str(), e.user_id.as_str()), ("ext0client0id0000000000000000", "5678"));
    assert_eq!((e.product.sku.as_str(), e.product.bits, e.product.in_development), ("testItemSku", 100, true));
}

#[test]
fn goals() {
    let Event::ChannelGoalBeginV1(e) = typed("GOAL_BEGIN_CLI") else { panic!() };
    assert_eq!((e.current_amount, e.target_amount, e.description.as_str()), (42, 500, ""));
    let Event::ChannelGoalProgressV1(e) = typed("GOAL_PROGRESS_TWITCH") else { panic!() };
    assert_eq!(
        (e.goal_type, e.current_amount, e.description.as_str()),
        (GoalType::SubscriptionCount, 64, "Road to 100 subs")
    );
    let Event::ChannelGoalEndV1(e) = typed("GOAL_END_CLI") else { panic!() };
    assert_eq!((e.is_achieved, e.current_amount, e.ended_at.to_string().as_str()), (true, 100, "2026-11-23T14:00:00Z"));
}

#[test]
fn hype_trains_v1_as_twitch_cli_sends_them() {
    let Event::ChannelHypeTrainBeginV1(e) = typed("HYPE_TRAIN_BEGIN_V1_CLI") else { panic!() };
    assert_eq!((e.id.as_str(), e.level, e.total, e.progress, e.goal), ("", None, 684, 684, 7283));
    assert_eq!((e.last_contribution.user_login.as_str(), e.last_contribution.total), ("cli_user2", 263));
    assert_eq!(e.top_contributions[0].contribution_type, "bits");
    let Event::ChannelHypeTrainBeginV1(e) = typed("HYPE_TRAIN_BEGIN_V1_TWITCH") else { panic!() };
    assert_eq!((e.level, e.is_golden_kappa_train), (Some(1), Some(false)));

    let Event::ChannelHypeTrainProgressV1(e) = typed("HYPE_TRAIN_PROGRESS_V1_CLI") else { panic!() };
    assert_eq!((e.level, e.progress, e.top_contributions[1].contribution_type.as_str()), (3, 112, "other"));

    let Event::ChannelHypeTrainEndV1(e) = typed("HYPE_TRAIN_END_V1_CLI") else { panic!() };
    assert_eq!((e.level, e.total, e.last_contribution.map(|c| c.total)), (4, 977, Some(400)));
    assert_eq!(e.cooldown_ends_at.to_string(), "2026-11-22T15:00:00.123456789Z");
    let Event::ChannelHypeTrainEndV1(e) = typed("HYPE_TRAIN_END_V1_TWITCH") else { panic!() };
    assert_eq!((e.last_contribution, e.is_golden_kappa_train, e.level), (None, Some(true), 5));
}

#[test]
fn hype_trains_v2_as_twitch_documents_them() {
    let Event::ChannelHypeTrainProgressV2(e) = typed("HYPE_TRAIN_PROGRESS_V2_TWITCH") else { panic!() };
    assert_eq!(
        (e.level, e.progress, e.goal, e.is_shared_train, e.train_type.as_str()),
        (2, 700, 2200, true, "golden_kappa")
    );
    let participants = e.shared_train_participants.unwrap();
    assert_eq!(participants[1].broadcaster_user_login, "co_streamer");

    let Event::ChannelHypeTrainEndV2(e) = typed("HYPE_TRAIN_END_V2_CLI") else { panic!() };
    assert_eq!(
        (e.shared_train_participants, e.is_shared_train, e.train_type.as_str(), e.level),
        (None, false, "regular", 2)
    );
    let Event::ChannelHypeTrainEndV2(e) = typed("HYPE_TRAIN_END_V2_TWITCH") else { panic!() };
    assert_eq!(
        (e.total, e.train_type.as_str(), e.shared_train_participants.map(|p| p.len())),
        (12000, "treasure", Some(2))
    );
    assert_eq!(e.ended_at.to_string(), "2024-05-01T10:51:12.17106713Z");

    let body =
        String::from_utf8(fixture("twitch-eventsub/webhook-notification-channel.hype_train.begin.v2.twitch_api.json"))
            .unwrap();
    assert!(matches!(check_typed("channel.hype_train.begin", "2", &body).event, Event::ChannelHypeTrainBeginV2(_)));
}

#[test]
fn moderators_shield_mode_and_shoutouts() {
    let Event::ChannelModeratorAddV1(e) = typed("MODERATOR_ADD_CLI") else { panic!() };
    assert_eq!((e.user_id.as_str(), e.broadcaster_user_id.as_str()), ("5678", "1234"));
    let Event::ChannelModeratorRemoveV1(e) = typed("MODERATOR_REMOVE_CLI") else { panic!() };
    assert_eq!(e.user_login, "testFromUser");

    let Event::ChannelShieldModeBeginV1(e) = typed("SHIELD_MODE_BEGIN_CLI") else { panic!() };
    assert_eq!(
        (e.moderator_user_id.as_str(), e.started_at.to_string().as_str()),
        ("5678", "2026-11-22T13:50:00.123456789Z")
    );
    let Event::ChannelShieldModeEndV1(e) = typed("SHIELD_MODE_END_CLI") else { panic!() };
    assert_eq!(e.ended_at.to_string(), SENT);

    let Event::ChannelShoutoutCreateV1(e) = typed("SHOUTOUT_CREATE_CLI") else { panic!() };
    assert_eq!(
        (e.to_broadcaster_user_id.as_str(), e.moderator_user_login.as_str(), e.viewer_count),
        ("1234", "trusteduser123", 860)
    );
    assert_eq!(e.target_cooldown_ends_at.to_string(), "2026-11-22T15:00:00.123456789Z");
    let Event::ChannelShoutoutReceiveV1(e) = typed("SHOUTOUT_RECEIVE_CLI") else { panic!() };
    assert_eq!((e.from_broadcaster_user_login.as_str(), e.viewer_count), ("testFromUser", 860));
}

#[test]
fn polls() {
    let Event::ChannelPollProgressV1(e) = typed("POLL_PROGRESS_CLI") else { panic!() };
    let votes: Vec<_> = e.choices.iter().map(|c| (c.votes, c.channel_points_votes, c.bits_votes)).collect();
    assert_eq!(votes, [(Some(12), Some(5), Some(0)), (Some(9), Some(2), Some(0))]);
    assert_eq!(
        (e.channel_points_voting.amount_per_vote, e.ends_at.to_string().as_str()),
        (500, "2026-11-22T14:15:00.123456789Z")
    );
    let Event::ChannelPollEndV1(e) = typed("POLL_END_CLI") else { panic!() };
    assert_eq!((e.status, e.choices[0].votes), (PollStatus::Completed, Some(20)));
    // The begin fixture's choices carry no votes.
    let body = String::from_utf8(fixture("twitch-eventsub/webhook-notification-channel.poll.begin.v1.twitch_api.json"))
        .unwrap();
    let Event::ChannelPollBeginV1(e) = check_typed("channel.poll.begin", "1", &body).event else { panic!() };
    assert!(e.choices.iter().all(|c| c.votes.is_none() && c.bits_votes.is_none()));
}

#[test]
fn predictions() {
    let Event::ChannelPredictionBeginV1(e) = typed("PREDICTION_BEGIN_CLI") else { panic!() };
    assert_eq!((e.outcomes[0].color.clone(), e.outcomes[1].color.clone()), (OutcomeColor::Blue, OutcomeColor::Pink));
    assert!(e.outcomes.iter().all(|o| o.users.is_none() && o.top_predictors.is_none()));
    let Event::ChannelPredictionProgressV1(e) = typed("PREDICTION_PROGRESS_CLI") else { panic!() };
    let no = &e.outcomes[1];
    assert_eq!((no.users, no.channel_points), (Some(2), Some(700)));
    let predictors = no.top_predictors.as_ref().unwrap();
    assert_eq!((predictors[0].channel_points_won, predictors[0].channel_points_used), (None, 400));
    let Event::ChannelPredictionLockV1(e) = typed("PREDICTION_LOCK_CLI") else { panic!() };
    assert_eq!(e.locked_at.to_string(), "2026-11-22T14:10:00.123456789Z");
    let Event::ChannelPredictionEndV1(e) = typed("PREDICTION_END_CLI") else { panic!() };
    assert_eq!((e.status, e.winning_outcome_id.as_deref()), (PredictionStatus::Resolved, Some("o-yes")));
    assert_eq!(e.outcomes[0].top_predictors.as_ref().unwrap()[0].channel_points_won, Some(2400));
    let Event::ChannelPredictionEndV1(e) = typed("PREDICTION_END_CANCELED_TWITCH") else { panic!() };
    assert_eq!((e.status, e.winning_outcome_id), (PredictionStatus::Canceled, None));
    assert_eq!(e.outcomes[1].top_predictors.as_deref(), Some(&[][..]));
}

#[test]
fn unban_requests() {
    let Event::ChannelUnbanRequestCreateV1(e) = typed("UNBAN_REQUEST_CREATE_CLI") else { panic!() };
    assert_eq!((e.id, e.text.as_str(), e.user_login.as_str()), (None, "Please unban me!", "testfromuser"));
    let Event::ChannelUnbanRequestCreateV1(e) = typed("UNBAN_REQUEST_CREATE_TWITCH") else { panic!() };
    assert_eq!(
        (e.id.as_deref(), e.created_at.to_string().as_str()),
        (Some("ur-314"), "2024-05-01T09:00:00.634234626Z")
    );

    let Event::ChannelUnbanRequestResolveV1(e) = typed("UNBAN_REQUEST_RESOLVE_CLI") else { panic!() };
    assert_eq!(
        (e.status, e.moderator_user_id.as_deref(), e.resolution_text.as_deref()),
        (UnbanRequestStatus::Approved, Some("71165381"), Some("We forgive you"))
    );
    let Event::ChannelUnbanRequestResolveV1(e) = typed("UNBAN_REQUEST_RESOLVE_TWITCH") else { panic!() };
    assert_eq!(
        (e.status, e.moderator_user_id, e.moderator_user_login, e.resolution_text),
        (UnbanRequestStatus::Canceled, None, None, None)
    );
}
