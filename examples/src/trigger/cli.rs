//! The trigger's command line.
//!
//! ```text
//! trigger twitch  <SUBSCRIPTION_TYPE> [--version V] [--secret S] [--timestamp RFC3339] [--repeat-id [ID]]
//!                                     [--revocation STATUS | --challenge]
//! trigger accweb  <EVENT_NAME>        [--header NAME:VALUE]
//! trigger sonoran <TYPE>              [--key KEY]
//! trigger khan    <NUMBER|NAME>       [--basic USER:PASS | --token TOKEN] [--repeat-id [ID]]
//! trigger agones  <added|updated|deleted> [--kind gameserver|fleet] [--name N] [--namespace NS]
//!                                     [--basic USER:PASS | --header NAME:VALUE]
//! common: [--to URL] [--count N] [--body FILE] [--print]
//! ```

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use receiver_core::SourceKind;

use crate::dev;

/// Sends realistic, authenticated events of every source to a receiver and checks its answers.
///
/// Defaults match the printer's development defaults, so `trigger twitch channel.follow` works against
/// `cargo run --bin printer` with no flags. Exit code: 0 when every answer was what a well-behaved receiver
/// returns (2xx; for --challenge 200, text/plain and the exact challenge), 1 when one was not, 2 for usage
/// errors, 3 when the receiver could not be reached.
#[derive(Debug, Parser)]
#[command(name = "trigger", version, max_term_width = 110)]
pub struct Cli {
    /// The source to imitate.
    #[command(subcommand)]
    pub command: Command,
}

/// One subcommand per source.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Twitch EventSub: a signed notification (or revocation, or verification challenge), as twitch-cli's
    /// `event trigger` / `event verify-subscription` send it.
    Twitch(TwitchArgs),
    /// accweb: a server-manager callback, with accweb's static header.
    Accweb(AccwebArgs),
    /// Sonoran CAD: a push event, the API key in the body.
    Sonoran(SonoranArgs),
    /// Khan: a clan/player webhook, HTTP Basic or a URL token.
    Khan(KhanArgs),
    /// Agones Relay HTTP: a GameServer or Fleet added (POST), updated (PUT) or deleted (DELETE).
    Agones(AgonesArgs),
}

impl Command {
    /// The options every source has.
    pub fn common(&self) -> &Common {
        match self {
            Self::Twitch(args) => &args.common,
            Self::Accweb(args) => &args.common,
            Self::Sonoran(args) => &args.common,
            Self::Khan(args) => &args.common,
            Self::Agones(args) => &args.common,
        }
    }

    /// The source the subcommand imitates.
    pub fn source(&self) -> SourceKind {
        match self {
            Self::Twitch(_) => SourceKind::TwitchEventSub,
            Self::Accweb(_) => SourceKind::Accweb,
            Self::Sonoran(_) => SourceKind::SonoranCad,
            Self::Khan(_) => SourceKind::Khan,
            Self::Agones(_) => SourceKind::AgonesRelay,
        }
    }
}

/// "Events: …" for a subcommand's help.
fn known_events(kind: SourceKind) -> String {
    let names = super::events().into_iter().find(|(source, _)| *source == kind).map(|(_, names)| names);
    let names = names.unwrap_or_default();
    match kind {
        SourceKind::Khan => {
            let numbered: Vec<String> = names.iter().enumerate().map(|(code, name)| format!("{code} {name}")).collect();
            format!("Hook types: {}", numbered.join(", "))
        }
        SourceKind::AgonesRelay => format!("Event types: {}", names.join(", ")),
        _ => format!("Events: {}", names.join(", ")),
    }
}

/// Options of every source.
#[derive(Debug, Args)]
pub struct Common {
    /// Where to send: a full http:// URL (query included). Default: http://127.0.0.1:3000 and the source's
    /// default path (/eventsub, /callback, /sonorancad/event, /khan, /agones).
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,
    /// Send N requests, one after the other (fresh ids each time unless --repeat-id).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub count: u32,
    /// Send this file's bytes as the body instead of building one (still authenticated: Twitch signs it,
    /// Khan and Agones send their credentials; for Sonoran the key is whatever the file holds).
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,
    /// Print each request (method, URL, headers, body) before its answer.
    #[arg(long)]
    pub print: bool,
}

/// `trigger twitch`.
#[derive(Debug, Args)]
#[command(after_help = known_events(SourceKind::TwitchEventSub))]
pub struct TwitchArgs {
    /// The subscription type, e.g. channel.follow, stream.online (every type with a fixture).
    #[arg(value_name = "SUBSCRIPTION_TYPE")]
    pub event: String,
    /// The subscription version to send (default: the fixture's, e.g. 2 for channel.follow). The payload
    /// stays the fixture's.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// The subscription secret to sign with.
    #[arg(long, value_name = "SECRET", default_value = dev::TWITCH_SECRET)]
    pub secret: String,
    /// Sign and send this Twitch-Eventsub-Message-Timestamp (RFC 3339) instead of now, e.g. to test a stale
    /// delivery; also used for the body's times.
    #[arg(long, value_name = "RFC3339")]
    pub timestamp: Option<String>,
    /// Send the same message id in every request (this one, or one generated once), to test deduplication.
    #[arg(long, value_name = "ID", num_args = 0..=1, default_missing_value = "")]
    pub repeat_id: Option<String>,
    /// Send a `revocation` message with this subscription status (e.g. authorization_revoked) and no event.
    #[arg(long, value_name = "STATUS", conflicts_with = "challenge")]
    pub revocation: Option<String>,
    /// Send a `webhook_callback_verification` with a random challenge and check the reply the way
    /// `twitch event verify-subscription` does: 200, text/plain, body exactly the challenge.
    #[arg(long)]
    pub challenge: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: Common,
}

/// `trigger accweb`.
#[derive(Debug, Args)]
#[command(after_help = known_events(SourceKind::Accweb))]
pub struct AccwebArgs {
    /// The eventName: instance_started, instance_live_new_lap … (the `instance_` / `instance_live_` prefix
    /// may be left out: new_lap).
    #[arg(value_name = "EVENT_NAME")]
    pub event: String,
    /// The static header accweb's config sends.
    #[arg(long, value_name = "NAME:VALUE", default_value_t = format!("{}:{}", dev::ACCWEB_HEADER.0, dev::ACCWEB_HEADER.1))]
    pub header: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: Common,
}

/// `trigger sonoran`.
#[derive(Debug, Args)]
#[command(after_help = known_events(SourceKind::SonoranCad))]
pub struct SonoranArgs {
    /// The push event type: EVENT_911, EVENT_UNIT_STATUS … (any case; the EVENT_ prefix may be left out).
    #[arg(value_name = "TYPE")]
    pub event: String,
    /// The community API key to put in the body's `key`.
    #[arg(long, value_name = "KEY", default_value = dev::SONORAN_KEY)]
    pub key: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: Common,
}

/// `trigger khan`.
#[derive(Debug, Args)]
#[command(after_help = known_events(SourceKind::Khan))]
pub struct KhanArgs {
    /// The hook type: its number 0-12 or its Go constant name (ClanLeft, ClanLeftHook, clan-left …).
    #[arg(value_name = "NUMBER|NAME")]
    pub event: String,
    /// HTTP Basic credentials, as from a `http://user:pass@host/…` hook URL.
    #[arg(long, value_name = "USER:PASS", default_value_t = format!("{}:{}", dev::KHAN_BASIC.0, dev::KHAN_BASIC.1))]
    pub basic: String,
    /// Put this token in the URL's query parameter `token` instead of sending Basic credentials.
    #[arg(long, value_name = "TOKEN", conflicts_with = "basic")]
    pub token: Option<String>,
    /// Send the same `id` in every request (this one, or one generated once), to test deduplication.
    #[arg(long, value_name = "ID", num_args = 0..=1, default_missing_value = "")]
    pub repeat_id: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: Common,
}

/// What happened to the Agones object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AgonesAction {
    /// `POST`: the object was created (or listed at relay start).
    Added,
    /// `PUT`: the object changed (or was resynced), old and new object.
    Updated,
    /// `DELETE`: the object is gone; body `n`, name and namespace in the query.
    Deleted,
}

/// Which Agones object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AgonesKind {
    /// A GameServer.
    #[value(name = "gameserver")]
    GameServer,
    /// A Fleet.
    Fleet,
}

/// `trigger agones`.
#[derive(Debug, Args)]
#[command(after_help = known_events(SourceKind::AgonesRelay))]
pub struct AgonesArgs {
    /// What happened to the object.
    #[arg(value_enum, value_name = "ACTION")]
    pub action: AgonesAction,
    /// Which kind of object.
    #[arg(long, value_enum, default_value = "gameserver")]
    pub kind: AgonesKind,
    /// metadata.name of the object (default: the fixture's).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// metadata.namespace of the object (default: the fixture's, `default`).
    #[arg(long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,
    /// HTTP Basic credentials, as from a `http://user:pass@host/…` relay URL.
    #[arg(long, value_name = "USER:PASS", default_value_t = format!("{}:{}", dev::AGONES_BASIC.0, dev::AGONES_BASIC.1))]
    pub basic: String,
    /// Send this header instead of Basic credentials (e.g. one a proxy in front of the receiver adds).
    #[arg(long, value_name = "NAME:VALUE", conflicts_with = "basic")]
    pub header: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: Common,
}
