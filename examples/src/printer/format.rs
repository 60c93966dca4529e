//! What the printer writes: one line per delivery, per refusal, per route at start, and the summary.
//!
//! Every function here is pure (the time and whether to colour are arguments), so the lines can be tested.
//!
//! Human-readable delivery line (stdout):
//!
//! ```text
//! 14:03:07.123Z accweb  instance_live_new_lap id=- driver="Jane Doe" lap=2:22.665 car=#69
//! ```
//!
//! JSON delivery line (`--json`, stdout), keys in this order:
//!
//! ```text
//! {"source":"accweb","kind":"instance_live_new_lap","id":null,"timestamp":"…","received_at":"…","resync":false,"event":{"NewLap":{…}}}
//! ```
//!
//! `event` is the source's own typed event (`accweb::Event`, `sonoran::Event`, `khan::Event`,
//! `agones::Event`, `twitch::Message`) as its `Serialize` writes it; `twitch` (message type, retry,
//! subscription type and version) is added for Twitch deliveries.

use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use receiver_core::{Delivery, Event, SourceKind, Timestamp, accweb, agones, khan, sonoran, twitch};
use serde::Serialize;

use super::SourceName;
use super::config::{Credentials, Route};

/// ANSI styles, written only when colouring.
mod style {
    pub(super) const DIM: &str = "\x1b[2m";
    pub(super) const BOLD: &str = "\x1b[1m";
    pub(super) const CYAN: &str = "\x1b[36m";
    pub(super) const RED: &str = "\x1b[1;31m";
    pub(super) const YELLOW: &str = "\x1b[33m";
    pub(super) const RESET: &str = "\x1b[0m";
}

/// `text` in `style` when `color`, else as it is.
fn paint(color: bool, style: &str, text: &str) -> String {
    if color { format!("{style}{text}{}", style::RESET) } else { text.to_owned() }
}

/// The UTC time of day, to the millisecond: `14:03:07.123Z`.
pub fn time_of_day(at: SystemTime) -> String {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let secs = since.as_secs() % 86_400;
    format!("{:02}:{:02}:{:02}.{:03}Z", secs / 3600, secs / 60 % 60, secs % 60, since.subsec_millis())
}

/// The printer's name of the source a delivery or refusal comes from.
pub fn source_name(kind: SourceKind) -> &'static str {
    SourceName::from_kind(kind).map_or_else(|| kind.name(), SourceName::as_str)
}

/// A lap or sector time as `M:SS.mmm`.
pub fn lap_time(time: Duration) -> String {
    let millis = time.as_millis();
    format!("{}:{:02}.{:03}", millis / 60_000, millis / 1000 % 60, millis % 1000)
}

/// `key=value` pairs (or a bare `key` for a flag); a value with spaces, quotes or nothing in it is quoted.
#[derive(Debug, Default)]
struct Fields(Vec<(&'static str, Option<String>)>);

impl Fields {
    fn add(&mut self, key: &'static str, value: impl ToString) -> &mut Self {
        self.0.push((key, Some(value.to_string())));
        self
    }

    fn opt(&mut self, key: &'static str, value: Option<impl ToString>) -> &mut Self {
        if let Some(value) = value {
            self.add(key, value);
        }
        self
    }

    fn flag(&mut self, key: &'static str, set: bool) -> &mut Self {
        if set {
            self.0.push((key, None));
        }
        self
    }

    fn render(&self) -> String {
        let mut out = String::new();
        for (key, value) in &self.0 {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(key);
            let Some(value) = value else { continue };
            out.push('=');
            if value.is_empty() || value.chars().any(|c| c.is_whitespace() || c == '"' || c.is_control()) {
                let _ = write!(out, "{value:?}");
            } else {
                out.push_str(value);
            }
        }
        out
    }
}

fn ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

fn raw_size(raw: &receiver_core::RawJson) -> String {
    format!("{}B", raw.get().len())
}

/// The few fields that matter for an event, as `key=value` text.
pub fn details(event: &Event) -> String {
    let mut fields = Fields::default();
    match event {
        Event::Accweb(event) => accweb_details(event, &mut fields),
        Event::SonoranCad(event) => sonoran_details(event, &mut fields),
        Event::Khan(event) => khan_details(event, &mut fields),
        Event::Agones(event) => agones_details(event, &mut fields),
        Event::Twitch(message) => twitch_details(message, &mut fields),
        _ => {}
    }
    fields.render()
}

fn accweb_details(event: &accweb::Event, f: &mut Fields) {
    use accweb::Event as E;
    match event {
        E::InstanceStarted(instance) | E::InstanceStopped(instance) => {
            f.add("server", &instance.instance_name).add("track", &instance.track);
        }
        E::NewDriver(live) | E::NewDamageZone(live) => {
            let d = &live.data;
            f.add("driver", &d.player_name).add("car", format!("#{}", d.race_number)).add("model", d.car_model);
        }
        E::RemoveConnection(live) => {
            f.add("driver", &live.data.player_name);
        }
        E::NewLap(live) => {
            let lap = &live.data;
            f.add("driver", &lap.player_name)
                .add("lap", lap.lap_time().map_or_else(|| "invalid".to_owned(), lap_time))
                .opt("position", lap.position)
                .add("car", format!("#{}", lap.race_number))
                .flag("cut", lap.has_cut)
                .flag("in-lap", lap.in_lap)
                .flag("out-lap", lap.out_lap);
        }
        E::SessionPhaseChanged(live) => {
            f.add("session", &live.data.session).add("phase", &live.data.phase).add("remaining", live.data.remaining);
        }
        E::SessionChanged(live) => {
            f.add("sessions", format!("{} -> {}", live.data.old_session, live.data.session))
                .add("cars", live.data.live.len());
        }
        E::ResetingRaceWeekend(live) => {
            f.add("cars", live.data.live.len());
        }
        E::Unknown(unknown) => {
            f.add("raw", raw_size(&unknown.raw));
        }
        _ => {}
    }
}

fn sonoran_details(event: &sonoran::Event, f: &mut Fields) {
    use sonoran::Event as E;
    match event {
        E::Call911(call) => {
            let call = &call.call;
            f.add("call", call.call_id)
                .opt("caller", call.caller.as_deref())
                .opt("location", call.location.as_deref())
                .flag("emergency", call.is_emergency == Some(true));
        }
        E::Remove911(removed) => {
            f.add("calls", ids(&removed.call_ids));
        }
        E::DispatchNew(change) | E::DispatchEdit(change) => {
            let call = &change.dispatch;
            f.add("call", call.call_id)
                .opt("title", call.title.as_deref())
                .opt("address", call.address.as_deref())
                .add("units", ids(&call.idents));
        }
        E::DispatchClosed(closed) => {
            f.add("calls", ids(&closed.call_ids));
        }
        E::DispatchNote(note) => {
            f.add("call", note.call_id).opt("note", note.note.content.as_deref());
        }
        E::DispatchUnitAttach(attachment) | E::DispatchUnitDetach(attachment) => {
            f.add("call", attachment.call_id).add("units", ids(attachment.units()));
        }
        E::DispatchToggleBodycam(toggle) => {
            f.add("unit", toggle.ident).add("bodycam", if toggle.state { "on" } else { "off" });
        }
        E::UnitLogin(login) => {
            let unit = &login.unit;
            let data = unit.data.as_ref();
            f.add("unit", unit.id)
                .opt("number", data.and_then(|d| d.unit_num.as_deref()))
                .opt("name", data.and_then(|d| d.name.as_deref()))
                .opt("status", unit.status);
        }
        E::UnitLogout(logout) => {
            f.add("unit", logout.ident_id);
        }
        E::UnitStatus(status) => {
            match &status.units {
                Some(units) if !units.is_empty() => {
                    let list = units
                        .iter()
                        .map(|u| format!("{}:{}", u.id, u.status.map_or_else(|| "?".to_owned(), |s| s.to_string())))
                        .collect::<Vec<_>>();
                    f.add("units", list.join(","));
                }
                _ => {
                    f.add("units", ids(&status.ident_ids)).opt("status", status.status);
                }
            };
        }
        E::UnitUpdate(update) => {
            f.add("units", update.units.iter().map(|u| u.id.to_string()).collect::<Vec<_>>().join(","));
        }
        E::UnitPanic(panic) => {
            f.add("units", panic.idents().map(|id| id.to_string()).collect::<Vec<_>>().join(","))
                .add("panic", panic.is_panic);
        }
        E::UnitGroupAdd(add) => {
            let mut units = add.ident_ids.to_vec();
            units.extend(add.ident_id);
            f.add("group", &add.group_name).add("units", ids(&units));
        }
        E::UnitGroupRemove(remove) => {
            f.add("group", &remove.group_name).add("unit", remove.ident_id);
        }
        E::UnitGroupChangeName(rename) => {
            f.add("group", format!("{} -> {}", rename.old_name, rename.new_name));
        }
        E::StreetSignUpdated(signs) => {
            f.add("signs", ids(&signs.sign_data.ids)).opt("text", signs.sign_data.text1.as_deref());
        }
        E::Tone(tone) => {
            f.add("targets", tone.play_tones_to.len()).add("url", &tone.url);
        }
        E::CharSelected(selected) => {
            f.add("account", &selected.acc_id).add("character", &selected.id);
        }
        E::CommunityLinkVerified(link) => {
            f.add("user", &link.community_user_id);
        }
        E::PagerReborn(page) => {
            f.add("nature", &page.nature).add("addresses", page.addresses.join(",")).add("body", &page.body);
        }
        E::StationAlert(alert) => {
            let stations = alert.locations.iter().map(|l| l.name.as_str()).collect::<Vec<_>>();
            f.add("stations", stations.join(",")).opt("message", alert.message.as_deref());
        }
        E::PrintRecord(print) => {
            f.add("unit", print.ident_id).add("url", &print.url);
        }
        E::GetLogs(logs) => {
            f.add("log_key", &logs.log_key);
        }
        E::Unknown(unknown) => {
            let size = unknown.data.as_ref().map_or(0, |data| data.get().len());
            f.add("raw", format!("{size}B")).add("extra_fields", unknown.extra.len());
        }
        _ => {}
    }
}

fn khan_details(event: &khan::Event, f: &mut Fields) {
    use khan::Event as E;
    f.add("type", event.type_name());
    match event {
        E::GameUpdated(game) => {
            f.add("game", &game.name);
        }
        E::PlayerCreated(player) | E::PlayerUpdated(player) => {
            f.add("player", &player.name).add("game", &player.game_id);
        }
        E::ClanCreated(change) | E::ClanUpdated(change) => {
            f.add("clan", &change.clan.name).add("owner", &change.clan.owner_public_id);
        }
        E::ClanLeft(change) | E::ClanOwnershipTransferred(change) => {
            f.add("clan", &change.clan.name)
                .add("previous_owner", &change.previous_owner.name)
                .opt("new_owner", change.new_owner.as_ref().map(|owner| &owner.name))
                .flag("deleted", change.is_deleted);
        }
        E::MembershipApplicationCreated(change)
        | E::MembershipPromoted(change)
        | E::MembershipDemoted(change)
        | E::MembershipLeft(change) => {
            f.add("clan", &change.clan.name)
                .add("player", &change.player.name)
                .add("level", &change.player.membership_level)
                .add("by", &change.requestor.name);
        }
        E::MembershipApproved(decision) | E::MembershipDenied(decision) => {
            f.add("clan", &decision.clan.name).add("player", &decision.player.name).add("by", &decision.requestor.name);
        }
        E::Unknown(unknown) => {
            f.add("raw", raw_size(&unknown.raw));
        }
        _ => {}
    }
}

fn agones_details(event: &agones::Event, f: &mut Fields) {
    use agones::Event as E;
    let game_server = |f: &mut Fields, gs: &agones::GameServer| {
        f.add("name", gs.name())
            .add("namespace", gs.namespace())
            .opt("state", gs.state())
            .opt("fleet", gs.fleet_name());
    };
    match event {
        E::GameServerAdded(gs) => game_server(f, gs),
        E::GameServerUpdated(update) => {
            game_server(f, &update.new);
            if update.old.state() != update.new.state() {
                f.opt("was", update.old.state());
            }
            f.flag("resync", update.is_resync());
        }
        E::FleetAdded(fleet) => {
            f.add("name", fleet.name())
                .add("namespace", fleet.namespace())
                .add("replicas", fleet.spec().replicas)
                .add("ready", fleet.status().ready_replicas);
        }
        E::FleetUpdated(update) => {
            let fleet = &update.new;
            f.add("name", fleet.name())
                .add("namespace", fleet.namespace())
                .add("replicas", fleet.spec().replicas)
                .add("ready", fleet.status().ready_replicas)
                .add("allocated", fleet.status().allocated_replicas)
                .flag("resync", update.is_resync());
        }
        E::GameServerDeleted(deleted) | E::FleetDeleted(deleted) => {
            f.add("name", &deleted.name).add("namespace", &deleted.namespace);
        }
        E::Unknown(unknown) => {
            f.add("method", &unknown.method)
                .opt("name", unknown.name.as_deref())
                .opt("namespace", unknown.namespace.as_deref())
                .add("raw", unknown.raw.as_ref().map_or_else(|| "0B".to_owned(), raw_size));
        }
        _ => {}
    }
}

fn twitch_details(message: &twitch::Message, f: &mut Fields) {
    use twitch::Event as E;
    match message {
        twitch::Message::Notification(notification) => match &notification.event {
            E::ChannelFollowV2(follow) => {
                f.add("user", &follow.user_login);
            }
            E::StreamOnlineV1(online) => {
                f.add("broadcaster", &online.broadcaster_user_login).add("type", &online.stream_type);
            }
            E::StreamOfflineV1(offline) => {
                f.add("broadcaster", &offline.broadcaster_user_login);
            }
            E::ChannelSubscribeV1(sub) => {
                f.add("user", &sub.user_login).add("tier", &sub.tier).flag("gift", sub.is_gift);
            }
            E::ChannelSubscriptionEndV1(end) => {
                f.add("user", &end.user_login).add("tier", &end.tier);
            }
            E::ChannelSubscriptionGiftV1(gift) => {
                f.add("user", gift.user_login.as_deref().unwrap_or("anonymous"))
                    .add("total", gift.total)
                    .add("tier", &gift.tier);
            }
            E::ChannelSubscriptionMessageV1(resub) => {
                f.add("user", &resub.user_login).add("tier", &resub.tier).add("months", resub.cumulative_months);
            }
            E::ChannelCheerV1(cheer) => {
                f.add("user", cheer.user_login.as_deref().unwrap_or("anonymous")).add("bits", cheer.bits);
            }
            E::ChannelRaidV1(raid) => {
                f.add("from", &raid.from_broadcaster_user_login)
                    .add("viewers", raid.viewers)
                    .add("to", &raid.to_broadcaster_user_login);
            }
            E::ChannelPointsCustomRewardRedemptionAddV1(redemption) => {
                f.add("user", &redemption.user_login).add("reward", &redemption.reward.title);
            }
            E::ChannelUpdateV2(update) => {
                f.add("title", &update.title).add("category", &update.category_name);
            }
            E::ChannelBanV1(ban) => {
                f.add("user", &ban.user_login).add("reason", &ban.reason).flag("permanent", ban.is_permanent);
            }
            E::ChannelUnbanV1(unban) => {
                f.add("user", &unban.user_login);
            }
            E::ChannelPollBeginV1(poll) => {
                f.add("title", &poll.title).add("choices", poll.choices.len());
            }
            E::ChannelHypeTrainBeginV2(train) => {
                f.add("level", train.level).add("total", train.total);
            }
            E::UserAuthorizationRevokeV1(revoke) => {
                f.add("user", &revoke.user_id).opt("login", revoke.user_login.as_deref());
            }
            E::Unknown(unknown) => {
                f.add("version", &unknown.version).add("raw", raw_size(&unknown.raw));
            }
            _ => {}
        },
        twitch::Message::Revocation(revocation) => {
            f.add("reason", revocation.reason()).add("subscription", &revocation.subscription.kind);
        }
        twitch::Message::Verification(verification) => {
            f.flag("challenge answered", true).add("subscription", &verification.subscription.kind);
        }
        twitch::Message::Unknown(unknown) => {
            f.add("raw", raw_size(&unknown.raw));
        }
        _ => {}
    }
}

/// One human-readable line for a delivery (no newline).
pub fn human_line(delivery: &Delivery, at: SystemTime, color: bool) -> String {
    let meta = &delivery.meta;
    let mut line = format!(
        "{} {} {} {}",
        paint(color, style::DIM, &time_of_day(at)),
        paint(color, style::CYAN, &format!("{:<7}", source_name(meta.source))),
        paint(color, style::BOLD, &delivery.event.kind()),
        paint(color, style::DIM, &format!("id={}", meta.id.as_deref().unwrap_or("-"))),
    );
    let details = details(&delivery.event);
    if !details.is_empty() {
        line.push(' ');
        line.push_str(&details);
    }
    if let Some(retry) = meta.twitch.as_ref().and_then(|t| t.retry).filter(|&retry| retry > 0) {
        let _ = write!(line, " retry={retry}");
    }
    line
}

/// The line of a duplicate delivery, acknowledged without running the handler: the delivery's line, marked.
pub fn human_duplicate(delivery: &Delivery, at: SystemTime, color: bool) -> String {
    let marker = paint(color, style::DIM, "duplicate: already handled, acknowledged, not handled again");
    format!("{} {marker}", human_line(delivery, at, color))
}

/// The JSON object of a duplicate: the delivery's, with `"duplicate":true` first.
pub fn json_duplicate(delivery: &Delivery, at: SystemTime) -> String {
    let line = json_line(delivery, at);
    match line.strip_prefix('{') {
        Some(rest) => format!("{{\"duplicate\":true,{rest}"),
        None => line,
    }
}

#[derive(Serialize)]
struct JsonDelivery<'a, E: Serialize> {
    source: &'a str,
    kind: &'a str,
    id: Option<&'a str>,
    timestamp: Option<String>,
    received_at: String,
    resync: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    twitch: Option<&'a twitch::TwitchMeta>,
    event: &'a E,
}

/// One JSON object for a delivery (no newline); see the module documentation for its keys.
pub fn json_line(delivery: &Delivery, at: SystemTime) -> String {
    fn line<E: Serialize>(delivery: &Delivery, at: SystemTime, event: &E) -> String {
        let meta = &delivery.meta;
        let value = JsonDelivery {
            source: source_name(meta.source),
            kind: &delivery.event.kind(),
            id: meta.id.as_deref(),
            timestamp: meta.timestamp.map(|t| t.to_string()),
            received_at: Timestamp::from_system_time(at).to_string(),
            resync: meta.resync,
            twitch: meta.twitch.as_ref(),
            event,
        };
        serde_json::to_string(&value).unwrap_or_else(|err| {
            let error = serde_json::json!({
                "source": source_name(meta.source),
                "kind": delivery.event.kind(),
                "id": meta.id,
                "event": null,
                "error": format!("the event could not be serialized: {err}"),
            });
            error.to_string()
        })
    }
    match &delivery.event {
        Event::Accweb(event) => line(delivery, at, event),
        Event::SonoranCad(event) => line(delivery, at, event),
        Event::Khan(event) => line(delivery, at, event),
        Event::Agones(event) => line(delivery, at, event),
        Event::Twitch(message) => line(delivery, at, message),
        other => line(delivery, at, other),
    }
}

/// A refused request, human-readable (stderr).
pub fn human_refusal(source: Option<&str>, status: u16, reason: &str, at: SystemTime, color: bool) -> String {
    format!(
        "{} {} {} {} {reason}",
        paint(color, style::DIM, &time_of_day(at)),
        paint(color, style::RED, "REJECTED"),
        paint(color, style::CYAN, &format!("{:<7}", source.unwrap_or("-"))),
        paint(color, style::BOLD, &status.to_string()),
    )
}

#[derive(Serialize)]
struct JsonRefusal<'a> {
    rejected: bool,
    source: Option<&'a str>,
    status: u16,
    reason: &'a str,
    received_at: String,
}

/// A refused request as JSON (stderr): `{"rejected":true,"source":…,"status":…,"reason":…,"received_at":…}`;
/// `source` is `null` for a request to a path no source is mounted at.
pub fn json_refusal(source: Option<&str>, status: u16, reason: &str, at: SystemTime) -> String {
    let refusal = JsonRefusal {
        rejected: true,
        source,
        status,
        reason,
        received_at: Timestamp::from_system_time(at).to_string(),
    };
    to_json(&refusal)
}

/// Serializes a value that cannot fail to serialize (plain strings and numbers); `{}` if it ever did.
fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_owned())
}

/// The counts of one source, for the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Deliveries handed to the printer.
    pub delivered: u64,
    /// Requests refused.
    pub rejected: u64,
}

/// The one-line summary at shutdown, human-readable (stderr). `unrouted` counts requests to no endpoint.
pub fn human_summary(signal: &str, counts: &[(SourceName, Counts)], unrouted: u64) -> String {
    let mut parts: Vec<String> =
        counts.iter().map(|(name, c)| format!("{name} {} delivered / {} rejected", c.delivered, c.rejected)).collect();
    if unrouted > 0 {
        parts.push(format!("{unrouted} to no endpoint"));
    }
    let (delivered, rejected) = counts.iter().fold((0, 0), |(d, r), (_, c)| (d + c.delivered, r + c.rejected));
    format!("stopped on {signal}: {}; total {delivered} delivered / {rejected} rejected", parts.join(", "))
}

/// The per-source counts as a JSON object, in source order.
struct PerSource<'a>(&'a [(SourceName, Counts)]);

impl Serialize for PerSource<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, counts)| (name.as_str(), counts)))
    }
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    summary: PerSource<'a>,
    unrouted: u64,
    signal: &'a str,
}

/// The summary as JSON (stderr): `{"summary":{"accweb":{"delivered":1,"rejected":0},…},"unrouted":0,"signal":…}`.
pub fn json_summary(signal: &str, counts: &[(SourceName, Counts)], unrouted: u64) -> String {
    to_json(&JsonSummary { summary: PerSource(counts), unrouted, signal })
}

/// The first line: `listening on http://ADDR`.
pub fn listening_line(addr: std::net::SocketAddr) -> String {
    format!("listening on http://{addr}")
}

/// One start-up line for a route, human-readable: source, methods and path, the core's description of its
/// authentication, the development secret when a default is in use, and a loud marker when unauthenticated.
pub fn human_route(route: &Route, auth: &str, addr: std::net::SocketAddr, color: bool) -> String {
    let methods = route.source.kind().allowed_methods().join(",");
    let mut line = format!(
        "  {} {:<15} {:<18} {auth}",
        paint(color, style::CYAN, &format!("{:<7}", route.source)),
        methods,
        route.path
    );
    if route.credentials == Credentials::Unauthenticated {
        let warning = "!!! UNAUTHENTICATED: anyone who can reach this port can post events !!!";
        let _ = write!(line, "  {}", paint(color, style::RED, warning));
    } else if route.dev_default {
        let hint = route.credentials.sender_hint();
        let mut text = format!("[dev default: {hint}");
        if matches!(route.credentials, Credentials::Basic(_)) {
            let _ = write!(text, "; sender URL http://{hint}@{addr}{}", route.path);
        }
        text.push(']');
        let _ = write!(line, "  {}", paint(color, style::YELLOW, &text));
    }
    line
}

#[derive(Serialize)]
struct JsonRoute<'a> {
    route: &'a str,
    source: &'a str,
    methods: &'a [&'a str],
    auth: &'a str,
    authenticated: bool,
    dev_secret: Option<String>,
}

/// One start-up line for a route, as JSON (stderr with `--json`):
/// `{"route":…,"source":…,"methods":[…],"auth":…,"authenticated":…,"dev_secret":…}`.
pub fn json_route(route: &Route, auth: &str) -> String {
    to_json(&JsonRoute {
        route: &route.path,
        source: route.source.as_str(),
        methods: route.source.kind().allowed_methods(),
        auth,
        authenticated: route.credentials != Credentials::Unauthenticated,
        dev_secret: route.dev_default.then(|| route.credentials.sender_hint()),
    })
}

/// A line about the Twitch EventSub WebSocket session (`--twitch-ws`), human-readable (stderr):
/// `14:03:07.123Z twitch-ws welcome session=… …`.
pub fn human_ws(what: &str, detail: &str, at: SystemTime, color: bool) -> String {
    format!(
        "{} {} {} {detail}",
        paint(color, style::DIM, &time_of_day(at)),
        paint(color, style::CYAN, "twitch-ws"),
        paint(color, style::BOLD, what)
    )
}

#[derive(Serialize)]
struct JsonWs<'a> {
    twitch_ws: &'a str,
    detail: &'a str,
    at: String,
}

/// The same as JSON (stderr with `--json`): `{"twitch_ws":"welcome","detail":…,"at":…}`.
pub fn json_ws(what: &str, detail: &str, at: SystemTime) -> String {
    to_json(&JsonWs { twitch_ws: what, detail, at: Timestamp::from_system_time(at).to_string() })
}

/// The closing line of the human banner, when development defaults are in use.
pub fn dev_warning(color: bool) -> String {
    paint(
        color,
        style::YELLOW,
        "development secrets are printed above: fine on this machine, never on a reachable server \
         (configure your own with --help)",
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use receiver_core::{Accweb, AgonesRelay, Auth, Incoming, Khan, SonoranCad, Source, TwitchEventSub};
    use serde_json::Value;

    use super::*;

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures").join(path)).unwrap()
    }

    /// 2024-06-06T15:43:53.838Z.
    fn at() -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(1_717_688_633_838)
    }

    fn accweb(path: &str) -> Delivery {
        let source = Accweb::new(Auth::header("X-Token", ["t"]).unwrap());
        let headers = [("X-Token", "t")];
        source.receive_at(&Incoming::post(&headers, &fixture(path)), at()).unwrap().into_delivery().into_any()
    }

    fn sonoran(path: &str) -> Delivery {
        let body = fixture(path);
        let source = SonoranCad::unauthenticated();
        source.receive_at(&Incoming::post(&receiver_core::NoHeaders, &body), at()).unwrap().into_delivery().into_any()
    }

    fn khan(body: &str) -> Delivery {
        let source = Khan::new(Auth::unauthenticated());
        source
            .receive_at(&Incoming::post(&receiver_core::NoHeaders, body.as_bytes()), at())
            .unwrap()
            .into_delivery()
            .into_any()
    }

    fn agones(method: &str, path: &str) -> Delivery {
        let source = AgonesRelay::new(Auth::unauthenticated());
        let body = fixture(path);
        source
            .receive_at(&Incoming::new(method, &receiver_core::NoHeaders, &body), at())
            .unwrap()
            .into_delivery()
            .into_any()
    }

    fn twitch(message_type: &str, path: &str) -> Delivery {
        let body = fixture(path);
        let (id, timestamp) = ("msg-1", "2024-06-06T15:43:50Z");
        let secret = "a-test-secret-value";
        let signature = twitch::signature_header(&secret.try_into().unwrap(), id, timestamp, &body);
        let headers = [
            ("Twitch-Eventsub-Message-Id", id),
            ("Twitch-Eventsub-Message-Timestamp", timestamp),
            ("Twitch-Eventsub-Message-Signature", signature.as_str()),
            ("Twitch-Eventsub-Message-Type", message_type),
            ("Twitch-Eventsub-Message-Retry", "1"),
        ];
        let source = TwitchEventSub::new([secret]).unwrap();
        source.receive_at(&Incoming::post(&headers, &body), at()).unwrap().into_delivery().into_any()
    }

    fn human(delivery: &Delivery) -> String {
        human_line(delivery, at(), false)
    }

    fn json(delivery: &Delivery) -> Value {
        serde_json::from_str(&json_line(delivery, at())).unwrap()
    }

    #[test]
    fn accweb_lines() {
        let lap = accweb("accweb/instance_live_new_lap.json");
        assert_eq!(
            human(&lap),
            r#"15:43:53.838Z accweb  instance_live_new_lap id=- driver="fox suckfoxwaifu" lap=2:22.665 car=#69"#
        );
        let line = json(&lap);
        assert_eq!(line["source"], "accweb");
        assert_eq!(line["kind"], "instance_live_new_lap");
        assert_eq!(line["id"], Value::Null);
        assert_eq!(line["timestamp"], "2024-06-06T15:43:53.838493715Z");
        assert_eq!(line["received_at"], "2024-06-06T15:43:53.838Z");
        assert_eq!(line["resync"], false);
        assert_eq!(line["event"]["NewLap"]["data"]["lapTimeMS"], 142_665);
        assert!(line.get("twitch").is_none());
        // The event round-trips through the core's own type.
        let event: accweb::Event = serde_json::from_value(line["event"].clone()).unwrap();
        assert_eq!(Event::Accweb(event), lap.event);

        assert!(
            human(&accweb("accweb/instance_live_new_driver.json")).contains("instance_live_new_driver id=- driver=")
        );
        let sessions = human(&accweb("accweb/instance_live_session_changed.json"));
        assert!(sessions.contains("sessions=\""), "{sessions}");
        assert!(sessions.contains(" -> "), "{sessions}");
        let source = Accweb::new(Auth::unauthenticated());
        let body = br#"{"eventName":"instance_new","x":1}"#;
        let unknown = source
            .receive_at(&Incoming::post(&receiver_core::NoHeaders, body), at())
            .unwrap()
            .into_delivery()
            .into_any();
        assert!(human(&unknown).ends_with("instance_new id=- raw=34B"), "{}", human(&unknown));
    }

    #[test]
    fn sonoran_lines() {
        let call = sonoran("sonorancad/docs-EVENT_911.data-array.json");
        assert_eq!(
            human(&call),
            r#"15:43:53.838Z sonoran EVENT_911 id=- call=1234 caller="John Doe" location="1234 E Hawick Ave" emergency"#
        );
        let line = json(&call);
        assert_eq!((line["source"].as_str(), line["kind"].as_str()), (Some("sonoran"), Some("EVENT_911")));
        assert_eq!(line["event"]["Call911"]["call"]["caller"], "John Doe");
        assert!(!line.to_string().contains("YOUR_API_KEY"), "the key is never kept");
        let status = human(&sonoran("sonorancad/docs-EVENT_UNIT_STATUS.data-array.json"));
        assert!(status.ends_with("EVENT_UNIT_STATUS id=- units=1 status=0"), "{status}");
    }

    const KHAN_CLAN_LEFT: &str = r#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":1,"metadata":{},"name":"My Clan","publicID":"clan-1"},"gameID":"my-game","id":"0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11","isDeleted":true,"newOwner":null,"previousOwner":{"membershipCount":0,"metadata":{},"name":"Alice","ownershipCount":0,"publicID":"p-alice"},"timestamp":"2021-12-08T19:33:55Z","type":5}"#;

    #[test]
    fn khan_lines() {
        let left = khan(KHAN_CLAN_LEFT);
        assert_eq!(
            human(&left),
            r#"15:43:53.838Z khan    5 id=0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11 type=ClanLeft clan="My Clan" previous_owner=Alice deleted"#
        );
        let line = json(&left);
        assert_eq!(line["kind"], "5");
        assert_eq!(line["id"], "0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11");
        assert_eq!(line["timestamp"], "2021-12-08T19:33:55Z");
        assert_eq!(line["event"]["ClanLeft"]["clan"]["name"], "My Clan");
    }

    #[test]
    fn agones_lines() {
        let added = agones("POST", "agones-relay-http/gameserver-onadd.json");
        let line = human(&added);
        assert!(line.contains("gameserver.events.added id="), "{line}");
        assert!(line.contains("name=simple-udp-7jcpl-5qrbc namespace=default"), "{line}");
        let updated = human(&agones("PUT", "agones-relay-http/gameserver-onupdate.json"));
        assert!(updated.contains("gameserver.events.updated") && updated.contains("state="), "{updated}");
        let fleet = human(&agones("PUT", "agones-relay-http/fleet-onupdate.json"));
        assert!(
            fleet.contains("fleet.events.updated") && fleet.contains("name=simple-udp namespace=default replicas=2"),
            "{fleet}"
        );
        let json_line = json(&agones("PUT", "agones-relay-http/fleet-onupdate.json"));
        assert_eq!(json_line["source"], "agones");
        assert_eq!(json_line["kind"], "fleet.events.updated");
        assert!(json_line["id"].is_string());
        assert!(json_line["resync"].is_boolean());

        let source = AgonesRelay::new(Auth::unauthenticated());
        let delete = Incoming::new("DELETE", &receiver_core::NoHeaders, b"")
            .with_query("event_type=gameserver.events.deleted&name=gs-1&namespace=default");
        let deleted = source.receive_at(&delete, at()).unwrap().into_delivery().into_any();
        assert!(human(&deleted).ends_with("gameserver.events.deleted id=- name=gs-1 namespace=default"));
    }

    #[test]
    fn twitch_lines() {
        let follow = twitch("notification", "twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json");
        let line = human(&follow);
        assert!(line.starts_with("15:43:53.838Z twitch  channel.follow id=msg-1 user="), "{line}");
        assert!(line.ends_with(" retry=1"), "{line}");
        let value = json(&follow);
        assert_eq!(value["source"], "twitch");
        assert_eq!(value["kind"], "channel.follow");
        assert_eq!(value["id"], "msg-1");
        assert_eq!(value["timestamp"], "2024-06-06T15:43:50Z");
        assert_eq!(value["twitch"]["message_type"], "notification");
        assert!(value["event"]["Notification"]["event"]["ChannelFollowV2"]["user_login"].is_string());

        let cheer =
            human(&twitch("notification", "twitch-eventsub/webhook-notification-channel.cheer.v1.twitch_api.json"));
        assert!(cheer.contains("channel.cheer") && cheer.contains(" bits="), "{cheer}");
        let raid =
            human(&twitch("notification", "twitch-eventsub/webhook-notification-channel.raid.v1.twitch_api.json"));
        assert!(raid.contains(" from=") && raid.contains(" viewers="), "{raid}");
        let sub =
            human(&twitch("notification", "twitch-eventsub/webhook-notification-channel.subscribe.v1.twitch_api.json"));
        assert!(sub.contains(" tier=1000"), "{sub}");
        let revoked =
            human(&twitch("revocation", "twitch-eventsub/webhook-revocation-channel.follow.v1.twitch_api.json"));
        assert!(revoked.contains("revocation id=msg-1 reason=authorization_revoked"), "{revoked}");
        let challenge = twitch(
            "webhook_callback_verification",
            "twitch-eventsub/webhook-verification-channel.follow.v1.twitch_api.json",
        );
        let line = human(&challenge);
        assert!(
            line.contains("webhook_callback_verification id=msg-1 challenge answered subscription=channel.follow"),
            "{line}"
        );
        let chat = twitch("notification", "twitch-eventsub/webhook-notification-channel.follow.signed-body.json");
        assert!(human(&chat).contains("channel.follow id=msg-1 version=1 raw="), "{}", human(&chat));
    }

    #[test]
    fn colour_only_when_asked() {
        let lap = accweb("accweb/instance_live_new_lap.json");
        assert!(!human_line(&lap, at(), false).contains('\x1b'));
        assert!(human_line(&lap, at(), true).contains("\x1b[36maccweb "));
        assert!(human_refusal(Some("khan"), 403, "x", at(), true).contains("\x1b[1;31mREJECTED"));
    }

    #[test]
    fn refusals_and_summary() {
        let reason = "wrong credentials: the secret header matches no configured secret";
        assert_eq!(
            human_refusal(Some("accweb"), 403, reason, at(), false),
            format!("15:43:53.838Z REJECTED accweb  403 {reason}")
        );
        let line = json_refusal(Some("accweb"), 403, reason, at());
        assert!(line.starts_with(r#"{"rejected":true,"source":"accweb","status":403,"reason":"#), "{line}");
        let value: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["rejected"], true);
        assert_eq!(value["source"], "accweb");
        assert_eq!(value["status"], 403);
        assert_eq!(value["reason"], reason);

        let counts = [
            (SourceName::Accweb, Counts { delivered: 2, rejected: 1 }),
            (SourceName::Twitch, Counts { delivered: 0, rejected: 3 }),
        ];
        assert_eq!(
            human_summary("SIGINT", &counts, 0),
            "stopped on SIGINT: accweb 2 delivered / 1 rejected, twitch 0 delivered / 3 rejected; \
             total 2 delivered / 4 rejected"
        );
        let line = json_summary("SIGTERM", &counts, 1);
        assert!(line.starts_with(r#"{"summary":{"accweb":{"delivered":2,"rejected":1},"twitch":"#), "{line}");
        let value: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["summary"]["twitch"]["rejected"], 3);
        assert_eq!(value["unrouted"], 1);
    }

    #[test]
    fn routes_show_auth_dev_secrets_and_unauthenticated_loudly() {
        use super::super::config::{Args, FileConfig, Settings};
        let addr: std::net::SocketAddr = "127.0.0.1:3000".parse().unwrap();
        let args = Args { allow_unauthenticated: vec![SourceName::Agones], ..Args::default() };
        let settings = Settings::resolve(&args, &FileConfig::default()).unwrap();
        let [accweb, _, khan, agones, _] = settings.routes.as_slice() else { panic!("five routes") };
        let line = human_route(accweb, "header `x-accweb-token` (1 secret)", addr, false);
        assert_eq!(
            line,
            "  accweb  POST            /callback          header `x-accweb-token` (1 secret)  \
             [dev default: X-Accweb-Token: dev-accweb-token]"
        );
        let line = human_route(khan, "HTTP Basic (1 user/password pair)", addr, false);
        assert!(line.ends_with("sender URL http://khan:dev-khan-password@127.0.0.1:3000/khan]"), "{line}");
        let line = human_route(agones, "NONE: unauthenticated, anyone can post events", addr, false);
        assert!(line.contains("POST,PUT,DELETE") && line.contains("!!! UNAUTHENTICATED"), "{line}");
        let value: Value = serde_json::from_str(&json_route(agones, "NONE")).unwrap();
        assert_eq!((value["authenticated"].as_bool(), value["dev_secret"].is_null()), (Some(false), true));
        let value: Value = serde_json::from_str(&json_route(accweb, "header")).unwrap();
        assert_eq!(value["dev_secret"], "X-Accweb-Token: dev-accweb-token");
        assert_eq!(listening_line(addr), "listening on http://127.0.0.1:3000");
    }

    #[test]
    fn small_helpers() {
        assert_eq!(lap_time(Duration::from_millis(142_665)), "2:22.665");
        assert_eq!(lap_time(Duration::from_millis(59_001)), "0:59.001");
        assert_eq!(time_of_day(UNIX_EPOCH), "00:00:00.000Z");
        assert_eq!(source_name(SourceKind::TwitchEventSub), "twitch");
        let mut fields = Fields::default();
        fields.add("a", "x y").add("b", "").add("c", "q\"").flag("d", true).flag("e", false);
        assert_eq!(fields.render(), r#"a="x y" b="" c="q\"" d"#);
    }
}
