//! The printer's configuration: flags, environment variables, an optional TOML file, and the development
//! defaults of [`crate::dev`].
//!
//! Every setting is looked up in this order, the first that has it wins: a flag, its environment variable,
//! the TOML file (`--config FILE` or `RECEIVER_CONFIG`), the default. Credentials are taken per source from
//! the first of those layers that gives any for that source, so `--khan-token T` replaces a `khan-basic`
//! from the file and the development default alike. A source with no credentials anywhere uses its
//! development default, which the printer prints at start.
//!
//! Credential options are repeatable (several secrets at once, for rotation); their environment variables
//! hold a comma-separated list. [`FILE_HELP`] documents the file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};
use serde::{Deserialize, Deserializer};

use super::SourceName;
use crate::dev;

/// The shape of the configuration file, shown at the end of `--help`.
pub const FILE_HELP: &str = "\
CONFIGURATION FILE (--config FILE, or RECEIVER_CONFIG)
  TOML, every key optional; each key is the name of a flag above without its dashes. Flags and
  environment variables override the file. Lists may also be given as one string. Unknown keys are
  an error.

    listen = \"127.0.0.1:3000\"
    json = false
    max-body-bytes = 1048576
    twitch-secret = [\"a-new-secret-value\", \"the-old-secret-value\"]
    twitch-tolerance = 600
    sonoran-key = [\"community-api-key\"]
    accweb-header = [\"X-Accweb-Token:s3cret\"]
    khan-basic = [\"khan:password\"]      # or: khan-token = [\"token\"]
    agones-basic = [\"agones:password\"]  # or: agones-header = [\"X-Relay-Token:s3cret\"]
    allow-unauthenticated = []          # sources served with NO authentication (not twitch)
    disable = [\"khan\"]                  # sources not mounted; `enable` undoes a disable
    accweb-path = \"/callback\"           # also sonoran-path, khan-path, agones-path, twitch-path
    redis = \"redis://127.0.0.1:6379/\"   # dedupe Twitch and Khan in Redis (default: in memory)
    twitch-ws = \"ws://127.0.0.1:8080/ws\"  # also receive Twitch EventSub over WebSocket
    twitch-ws-subscribe = [\"channel.raid:1\"]            # created after each fresh welcome
    twitch-ws-condition = [\"to_broadcaster_user_id=1234\"]
    twitch-client-id = \"client-id\"      # also twitch-token, twitch-api-base

SOURCES: accweb, sonoran, khan, agones, twitch.
Without any credentials for a source, the printer uses its development default and prints it at start.";

/// The command line, with each option's environment variable read by clap (flag first, then variable).
///
/// Every field is `None` or empty when neither the flag nor its variable was given, so that
/// [`Settings::resolve`] can fall back to the file, then the default.
#[derive(Debug, Clone, Default, PartialEq, Parser)]
#[command(
    name = "printer",
    version,
    about = "Receives push events from accweb, Sonoran CAD, Khan, Agones Relay HTTP and Twitch EventSub, \
             authenticates them and prints one line per delivery.",
    long_about = "Receives push events from accweb, Sonoran CAD, Khan, Agones Relay HTTP and Twitch EventSub, \
                  authenticates them and prints one line per delivery (stdout); refused requests go to stderr \
                  with the reason. With no configuration it listens on 127.0.0.1:3000 with development secrets \
                  that it prints at start, and which the trigger uses too. Ctrl-C or SIGTERM stops it and prints \
                  a summary.\n\nPrecedence: flag > environment variable > config file > default. Environment \
                  variables of repeatable options hold a comma-separated list.",
    after_long_help = FILE_HELP
)]
pub struct Args {
    /// Read settings from this TOML file (its shape is at the end of --help)
    #[arg(long, env = "RECEIVER_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Address to listen on; port 0 picks a free one, which the first line printed gives
    /// [default: 127.0.0.1:3000]
    #[arg(long, env = "RECEIVER_LISTEN", value_name = "ADDR")]
    pub listen: Option<SocketAddr>,

    /// Print one JSON object per line instead of human-readable lines
    #[arg(
        long,
        env = "RECEIVER_JSON",
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        value_parser = BoolishValueParser::new()
    )]
    pub json: Option<bool>,

    /// Twitch EventSub subscription secret, 10 to 100 bytes (repeatable)
    #[arg(long, env = "RECEIVER_TWITCH_SECRET", hide_env_values = true, value_name = "SECRET")]
    pub twitch_secret: Vec<String>,

    /// Sonoran CAD community API key, sent in the body's `key` (repeatable)
    #[arg(long, env = "RECEIVER_SONORAN_KEY", hide_env_values = true, value_name = "KEY")]
    pub sonoran_key: Vec<String>,

    /// accweb: a static header its callback config sends, e.g. `X-Accweb-Token:s3cret` (repeatable, one
    /// header name)
    #[arg(long, env = "RECEIVER_ACCWEB_HEADER", hide_env_values = true, value_name = "NAME:VALUE")]
    pub accweb_header: Vec<String>,

    /// Khan: HTTP Basic from a hook URL `http://USER:PASS@host/khan`; the password may contain `:`
    /// (repeatable)
    #[arg(long, env = "RECEIVER_KHAN_BASIC", hide_env_values = true, value_name = "USER:PASS")]
    pub khan_basic: Vec<String>,

    /// Khan: a token in the hook URL's query parameter `token` (repeatable; instead of --khan-basic)
    #[arg(long, env = "RECEIVER_KHAN_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub khan_token: Vec<String>,

    /// Agones Relay HTTP: HTTP Basic from the relay URL `http://USER:PASS@host/agones` (repeatable)
    #[arg(long, env = "RECEIVER_AGONES_BASIC", hide_env_values = true, value_name = "USER:PASS")]
    pub agones_basic: Vec<String>,

    /// Agones Relay HTTP: a static header (repeatable, one header name; instead of --agones-basic)
    #[arg(long, env = "RECEIVER_AGONES_HEADER", hide_env_values = true, value_name = "NAME:VALUE")]
    pub agones_header: Vec<String>,

    /// Serve SOURCE with NO authentication: anyone who can reach it can post events (repeatable; not twitch;
    /// an error if credentials are given for it)
    #[arg(long, env = "RECEIVER_ALLOW_UNAUTHENTICATED", value_name = "SOURCE", value_delimiter = ',', value_enum)]
    pub allow_unauthenticated: Vec<SourceName>,

    /// Do not mount SOURCE (repeatable)
    #[arg(long, env = "RECEIVER_DISABLE", value_name = "SOURCE", value_delimiter = ',', value_enum)]
    pub disable: Vec<SourceName>,

    /// Mount SOURCE even if the config file disables it (repeatable)
    #[arg(long, env = "RECEIVER_ENABLE", value_name = "SOURCE", value_delimiter = ',', value_enum)]
    pub enable: Vec<SourceName>,

    /// Path of the accweb endpoint [default: /callback]
    #[arg(long, env = "RECEIVER_ACCWEB_PATH", value_name = "PATH")]
    pub accweb_path: Option<String>,

    /// Path of the Sonoran CAD endpoint [default: /sonorancad/event]
    #[arg(long, env = "RECEIVER_SONORAN_PATH", value_name = "PATH")]
    pub sonoran_path: Option<String>,

    /// Path of the Khan endpoint [default: /khan]
    #[arg(long, env = "RECEIVER_KHAN_PATH", value_name = "PATH")]
    pub khan_path: Option<String>,

    /// Path of the Agones Relay HTTP endpoint [default: /agones]
    #[arg(long, env = "RECEIVER_AGONES_PATH", value_name = "PATH")]
    pub agones_path: Option<String>,

    /// Path of the Twitch EventSub endpoint [default: /eventsub]
    #[arg(long, env = "RECEIVER_TWITCH_PATH", value_name = "PATH")]
    pub twitch_path: Option<String>,

    /// How far a Twitch message's timestamp may be from now, either way [default: 600]
    #[arg(long, env = "RECEIVER_TWITCH_TOLERANCE", value_name = "SECONDS")]
    pub twitch_tolerance: Option<u64>,

    /// Largest request body accepted by every source, in bytes [default: 1048576]
    #[arg(long, env = "RECEIVER_MAX_BODY_BYTES", value_name = "N")]
    pub max_body_bytes: Option<usize>,

    /// Deduplicate Twitch and Khan deliveries in this Redis (redis://host:port/), shared with other
    /// replicas, instead of in memory; while it is unreachable they are answered 503 [default: in memory]
    #[arg(long, env = "RECEIVER_REDIS", value_name = "URL")]
    pub redis: Option<String>,
    /// Also receive Twitch EventSub over WebSocket from URL: `ws://127.0.0.1:8080/ws` for `twitch event
    /// websocket start-server`; `wss://eventsub.wss.twitch.tv/ws` needs the printer built with `--features
    /// rustls`
    #[arg(long, env = "RECEIVER_TWITCH_WS", value_name = "URL")]
    pub twitch_ws: Option<String>,

    /// With --twitch-ws: create this subscription after each fresh welcome (repeatable; needs
    /// --twitch-client-id)
    #[arg(long, env = "RECEIVER_TWITCH_WS_SUBSCRIBE", value_name = "TYPE:VERSION", value_delimiter = ',')]
    pub twitch_ws_subscribe: Vec<String>,

    /// The condition of every --twitch-ws-subscribe subscription, e.g. `broadcaster_user_id=1234`
    /// (repeatable)
    #[arg(long, env = "RECEIVER_TWITCH_WS_CONDITION", value_name = "KEY=VALUE", value_delimiter = ',')]
    pub twitch_ws_condition: Vec<String>,

    /// The Client-Id header of subscription requests
    #[arg(long, env = "RECEIVER_TWITCH_CLIENT_ID", value_name = "ID")]
    pub twitch_client_id: Option<String>,

    /// The user access token of subscription requests (Twitch requires one; twitch-cli's mock does not)
    #[arg(long, env = "RECEIVER_TWITCH_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub twitch_token: Option<String>,

    /// Where subscriptions are created, `{URL}/eventsub/subscriptions` [default: `http://HOST:PORT` of a
    /// `ws://` URL (twitch-cli's mock), else `https://api.twitch.tv/helix`]
    #[arg(long, env = "RECEIVER_TWITCH_API_BASE", value_name = "URL")]
    pub twitch_api_base: Option<String>,
}

impl Args {
    /// Parses a command line (the first item is the program name), reading the environment variables of the
    /// options not given as flags. An environment variable of a repeatable credential option is split at
    /// commas; a flag is taken whole (it may contain commas).
    ///
    /// The error is clap's: `.exit()` prints it (or the help, or the version) and exits with clap's code.
    pub fn parse_from_argv<I, T>(argv: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let mut command = Self::command();
        let matches = command.try_get_matches_from_mut(argv)?;
        let mut args = Self::from_arg_matches(&matches).map_err(|err| err.format(&mut command))?;
        args.split_env_lists(&matches).map_err(|err| err.format(&mut command))?;
        Ok(args)
    }

    /// Splits the comma-separated lists of the credential options that came from their environment variable.
    fn split_env_lists(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        let lists: [(&str, &str, &mut Vec<String>); 7] = [
            ("twitch_secret", "RECEIVER_TWITCH_SECRET", &mut self.twitch_secret),
            ("sonoran_key", "RECEIVER_SONORAN_KEY", &mut self.sonoran_key),
            ("accweb_header", "RECEIVER_ACCWEB_HEADER", &mut self.accweb_header),
            ("khan_basic", "RECEIVER_KHAN_BASIC", &mut self.khan_basic),
            ("khan_token", "RECEIVER_KHAN_TOKEN", &mut self.khan_token),
            ("agones_basic", "RECEIVER_AGONES_BASIC", &mut self.agones_basic),
            ("agones_header", "RECEIVER_AGONES_HEADER", &mut self.agones_header),
        ];
        for (id, variable, values) in lists {
            if matches.value_source(id) == Some(ValueSource::EnvVariable) {
                *values = split_list(values, variable)
                    .map_err(|reason| clap::Error::raw(clap::error::ErrorKind::InvalidValue, reason + "\n"))?;
            }
        }
        Ok(())
    }
}

/// Splits every value at commas, trimming spaces; an empty item is an error (a stray comma, an empty
/// variable), never silently dropped.
fn split_list(values: &[String], variable: &str) -> Result<Vec<String>, String> {
    let mut items = Vec::new();
    for value in values {
        for item in value.split(',').map(str::trim) {
            if item.is_empty() {
                return Err(format!("{variable}: empty item in the comma-separated list"));
            }
            items.push(item.to_owned());
        }
    }
    Ok(items)
}

/// The TOML configuration file; every key is the name of a flag without its dashes ([`FILE_HELP`]).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FileConfig {
    /// `listen`.
    pub listen: Option<SocketAddr>,
    /// `json`.
    pub json: Option<bool>,
    /// `twitch-secret`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub twitch_secret: Vec<String>,
    /// `sonoran-key`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub sonoran_key: Vec<String>,
    /// `accweb-header`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub accweb_header: Vec<String>,
    /// `khan-basic`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub khan_basic: Vec<String>,
    /// `khan-token`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub khan_token: Vec<String>,
    /// `agones-basic`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub agones_basic: Vec<String>,
    /// `agones-header`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub agones_header: Vec<String>,
    /// `allow-unauthenticated`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub allow_unauthenticated: Vec<SourceName>,
    /// `disable`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub disable: Vec<SourceName>,
    /// `enable`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub enable: Vec<SourceName>,
    /// `accweb-path`.
    pub accweb_path: Option<String>,
    /// `sonoran-path`.
    pub sonoran_path: Option<String>,
    /// `khan-path`.
    pub khan_path: Option<String>,
    /// `agones-path`.
    pub agones_path: Option<String>,
    /// `twitch-path`.
    pub twitch_path: Option<String>,
    /// `twitch-tolerance`, in seconds.
    pub twitch_tolerance: Option<u64>,
    /// `max-body-bytes`.
    pub max_body_bytes: Option<usize>,
    /// `redis`.
    pub redis: Option<String>,
    /// `twitch-ws`.
    pub twitch_ws: Option<String>,
    /// `twitch-ws-subscribe`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub twitch_ws_subscribe: Vec<String>,
    /// `twitch-ws-condition`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub twitch_ws_condition: Vec<String>,
    /// `twitch-client-id`.
    pub twitch_client_id: Option<String>,
    /// `twitch-token`.
    pub twitch_token: Option<String>,
    /// `twitch-api-base`.
    pub twitch_api_base: Option<String>,
}

/// A list, or a single value standing for a list of one.
fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        One(T),
        Many(Vec<T>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

impl FileConfig {
    /// Parses the file's text.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// Reads and parses the file at `path`.
    pub fn read(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| ConfigError::File { path: path.to_owned(), reason: err.to_string() })?;
        Self::from_toml(&text).map_err(|err| ConfigError::File { path: path.to_owned(), reason: err.to_string() })
    }
}

/// A configuration the printer cannot start with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file cannot be read or parsed.
    #[error("config file {}: {reason}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A value of an option is unusable.
    #[error("{option}: {reason}")]
    Value {
        /// Where the value came from: the flag and its variable, or the file's key.
        option: String,
        /// What is wrong (never the secret itself).
        reason: String,
    },
    /// A source is allowed unauthenticated and given credentials.
    #[error(
        "{name}: --allow-unauthenticated {name} conflicts with the credentials given for it ({given}); \
         give one or the other"
    )]
    UnauthenticatedWithCredentials {
        /// The source.
        name: SourceName,
        /// Which credentials.
        given: String,
    },
    /// Twitch EventSub has no unauthenticated mode.
    #[error("twitch cannot be unauthenticated: every EventSub delivery is signed; give --twitch-secret instead")]
    TwitchUnauthenticated,
    /// Two authentication schemes for one source, which checks one.
    #[error("{name}: {first} and {second} are two ways to authenticate; a source checks one, give only one of them")]
    TwoSchemes {
        /// The source.
        name: SourceName,
        /// One option.
        first: String,
        /// The other.
        second: String,
    },
    /// Several header names for one source.
    #[error("{option}: every value must use the same header name (got `{first}` and `{second}`)")]
    HeaderNames {
        /// The option.
        option: String,
        /// One name.
        first: String,
        /// Another.
        second: String,
    },
    /// A source both enabled and disabled in one layer.
    #[error("{name} is both enabled and disabled ({origin})")]
    EnabledAndDisabled {
        /// The source.
        name: SourceName,
        /// Where: the command line and environment, or the file.
        origin: &'static str,
    },
    /// Every source is disabled.
    #[error("every source is disabled: nothing to listen for")]
    NothingEnabled,
    /// Two enabled sources on one path.
    #[error("{first} and {second} are both mounted at `{path}`; give one of them another path")]
    SamePath {
        /// The path.
        path: String,
        /// One source.
        first: SourceName,
        /// The other.
        second: SourceName,
    },
    /// The core refused a source's configuration.
    #[error("{name}: {error}")]
    Core {
        /// The source.
        name: SourceName,
        /// The core's reason.
        error: receiver_core::ConfigError,
    },
}

/// The resolved configuration the printer runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Where to listen.
    pub listen: SocketAddr,
    /// JSON lines instead of human-readable ones.
    pub json: bool,
    /// Every source's body limit; `None` for the core's default.
    pub max_body_bytes: Option<usize>,
    /// Twitch's timestamp tolerance; `None` for the core's default (10 minutes).
    pub twitch_tolerance: Option<Duration>,
    /// The enabled sources, in [`SourceName::ALL`] order.
    pub routes: Vec<Route>,
    /// The Redis that deduplicates Twitch and Khan deliveries; `None`: in memory.
    pub redis: Option<String>,
    /// Twitch EventSub over WebSocket, when `--twitch-ws` is given.
    pub twitch_ws: Option<TwitchWs>,
}

/// The `--twitch-ws` client's settings. `Debug` never shows the token.
#[derive(Clone, PartialEq, Eq)]
pub struct TwitchWs {
    /// The WebSocket URL.
    pub url: String,
    /// The subscriptions to create after each fresh welcome: (type, version).
    pub subscriptions: Vec<(String, String)>,
    /// Their condition: (key, value).
    pub condition: Vec<(String, String)>,
    /// The `Client-Id` of subscription requests.
    pub client_id: Option<String>,
    /// The bearer token of subscription requests.
    pub token: Option<String>,
    /// Where subscriptions are created.
    pub api_base: String,
}

impl std::fmt::Debug for TwitchWs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TwitchWs")
            .field("url", &self.url)
            .field("subscriptions", &self.subscriptions)
            .field("condition", &self.condition)
            .field("client_id", &self.client_id)
            .field("token", &self.token.as_ref().map(|_| "[REDACTED]"))
            .field("api_base", &self.api_base)
            .finish()
    }
}

/// The API base for a WebSocket URL: `http://HOST:PORT` of a `ws://` URL (twitch-cli serves the
/// subscription API beside `/ws`), Twitch's Helix API otherwise.
pub fn default_api_base(ws_url: &str) -> String {
    match ws_url.strip_prefix("ws://") {
        Some(rest) => format!("http://{}", rest.split(['/', '?']).next().unwrap_or(rest)),
        None => receiver_ws::TWITCH_API_BASE.to_owned(),
    }
}

impl TwitchWs {
    /// The `--twitch-ws*` options of `args` over those of `file`; `None` without a URL in either.
    fn resolve(args: &Args, file: &FileConfig) -> Result<Option<Self>, ConfigError> {
        let (layer, url) = match (&args.twitch_ws, &file.twitch_ws) {
            (Some(url), _) => (Layer::Args, url.clone()),
            (None, Some(url)) => (Layer::File, url.clone()),
            (None, None) => return Ok(None),
        };
        if !(url.starts_with("ws://") || url.starts_with("wss://")) {
            let reason = format!("`{url}` is not a ws:// or wss:// URL");
            return Err(ConfigError::Value { option: layer.name("twitch-ws"), reason });
        }
        let pick = |from_args: &[String], from_file: &[String], flag: &str| {
            if from_args.is_empty() {
                (Layer::File.name(flag), from_file.to_vec())
            } else {
                (Layer::Args.name(flag), from_args.to_vec())
            }
        };
        let split = |(option, values): (String, Vec<String>), separator: char| {
            values
                .iter()
                .map(|value| match value.split_once(separator) {
                    Some((key, value)) if !key.trim().is_empty() && !value.trim().is_empty() => {
                        Ok((key.trim().to_owned(), value.trim().to_owned()))
                    }
                    _ => Err(ConfigError::Value {
                        option: option.clone(),
                        reason: format!("`{value}`: expected two non-empty parts around `{separator}`"),
                    }),
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let subscriptions =
            split(pick(&args.twitch_ws_subscribe, &file.twitch_ws_subscribe, "twitch-ws-subscribe"), ':')?;
        let condition = split(pick(&args.twitch_ws_condition, &file.twitch_ws_condition, "twitch-ws-condition"), '=')?;
        let client_id = args.twitch_client_id.clone().or_else(|| file.twitch_client_id.clone());
        if !subscriptions.is_empty() && client_id.is_none() {
            let reason = "creating subscriptions needs a Client-Id: give --twitch-client-id".to_owned();
            return Err(ConfigError::Value { option: layer.name("twitch-ws-subscribe"), reason });
        }
        let api_base = match args.twitch_api_base.clone().or_else(|| file.twitch_api_base.clone()) {
            Some(base) => base,
            None => default_api_base(&url),
        };
        let token = args.twitch_token.clone().or_else(|| file.twitch_token.clone());
        Ok(Some(Self { url, subscriptions, condition, client_id, token, api_base }))
    }
}

/// One enabled source: where it is mounted and how it authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The source.
    pub source: SourceName,
    /// The path it is mounted at.
    pub path: String,
    /// Its credentials.
    pub credentials: Credentials,
    /// Whether the credentials are the development default of [`crate::dev`] (printed at start).
    pub dev_default: bool,
}

/// A source's credentials, as configured. `Debug` never shows the secrets.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// No authentication at all, by explicit choice (`--allow-unauthenticated`).
    Unauthenticated,
    /// A static header: its name and the accepted values.
    Header {
        /// The header's name.
        name: String,
        /// The accepted values.
        values: Vec<String>,
    },
    /// HTTP Basic: the accepted (user, password) pairs.
    Basic(Vec<(String, String)>),
    /// Tokens in the URL query parameter `token` (Khan).
    QueryToken(Vec<String>),
    /// Sonoran CAD's API keys.
    ApiKeys(Vec<String>),
    /// Twitch EventSub's subscription secrets.
    Secrets(Vec<String>),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unauthenticated => f.write_str("Unauthenticated"),
            Self::Header { name, values } => write!(f, "Header({name}, {} values [REDACTED])", values.len()),
            Self::Basic(pairs) => write!(f, "Basic({} pairs [REDACTED])", pairs.len()),
            Self::QueryToken(tokens) => write!(f, "QueryToken({} tokens [REDACTED])", tokens.len()),
            Self::ApiKeys(keys) => write!(f, "ApiKeys({} keys [REDACTED])", keys.len()),
            Self::Secrets(secrets) => write!(f, "Secrets({} secrets [REDACTED])", secrets.len()),
        }
    }
}

impl Credentials {
    /// The development default of `source` ([`crate::dev`]).
    pub fn dev_default(source: SourceName) -> Self {
        let pair = |(user, password): (&str, &str)| vec![(user.to_owned(), password.to_owned())];
        match source {
            SourceName::Accweb => {
                Self::Header { name: dev::ACCWEB_HEADER.0.to_owned(), values: vec![dev::ACCWEB_HEADER.1.to_owned()] }
            }
            SourceName::Sonoran => Self::ApiKeys(vec![dev::SONORAN_KEY.to_owned()]),
            SourceName::Khan => Self::Basic(pair(dev::KHAN_BASIC)),
            SourceName::Agones => Self::Basic(pair(dev::AGONES_BASIC)),
            SourceName::Twitch => Self::Secrets(vec![dev::TWITCH_SECRET.to_owned()]),
        }
    }

    /// The secret in the form a sender is configured with, for the start-up banner (development defaults
    /// only: configured secrets are never printed).
    pub fn sender_hint(&self) -> String {
        match self {
            Self::Unauthenticated => String::new(),
            Self::Header { name, values } => {
                values.iter().map(|value| format!("{name}: {value}")).collect::<Vec<_>>().join(", ")
            }
            Self::Basic(pairs) => {
                pairs.iter().map(|(user, pass)| format!("{user}:{pass}")).collect::<Vec<_>>().join(", ")
            }
            Self::QueryToken(tokens) => tokens.iter().map(|t| format!("?token={t}")).collect::<Vec<_>>().join(", "),
            Self::ApiKeys(values) | Self::Secrets(values) => values.join(", "),
        }
    }
}

/// Which layer a value came from, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    /// A flag or its environment variable.
    Args,
    /// The config file.
    File,
}

impl Layer {
    /// How to name option `flag` (without dashes) in this layer.
    fn name(self, flag: &str) -> String {
        match self {
            Self::Args => format!("--{flag} (or RECEIVER_{})", flag.replace('-', "_").to_ascii_uppercase()),
            Self::File => format!("config file key `{flag}`"),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::Args => "on the command line or in the environment",
            Self::File => "in the config file",
        }
    }
}

/// The credential options of one source in one layer: `(flag name, values)`.
type Given<'a> = Vec<(&'static str, &'a [String])>;

/// The credential options of `source` in a layer, non-empty ones only.
fn given<'a>(source: SourceName, lists: &CredentialLists<'a>) -> Given<'a> {
    let options: Vec<(&'static str, &'a [String])> = match source {
        SourceName::Accweb => vec![("accweb-header", lists.accweb_header)],
        SourceName::Sonoran => vec![("sonoran-key", lists.sonoran_key)],
        SourceName::Khan => vec![("khan-basic", lists.khan_basic), ("khan-token", lists.khan_token)],
        SourceName::Agones => vec![("agones-basic", lists.agones_basic), ("agones-header", lists.agones_header)],
        SourceName::Twitch => vec![("twitch-secret", lists.twitch_secret)],
    };
    options.into_iter().filter(|(_, values)| !values.is_empty()).collect()
}

/// The credential lists of one layer.
struct CredentialLists<'a> {
    twitch_secret: &'a [String],
    sonoran_key: &'a [String],
    accweb_header: &'a [String],
    khan_basic: &'a [String],
    khan_token: &'a [String],
    agones_basic: &'a [String],
    agones_header: &'a [String],
}

impl<'a> From<&'a Args> for CredentialLists<'a> {
    fn from(args: &'a Args) -> Self {
        Self {
            twitch_secret: &args.twitch_secret,
            sonoran_key: &args.sonoran_key,
            accweb_header: &args.accweb_header,
            khan_basic: &args.khan_basic,
            khan_token: &args.khan_token,
            agones_basic: &args.agones_basic,
            agones_header: &args.agones_header,
        }
    }
}

impl<'a> From<&'a FileConfig> for CredentialLists<'a> {
    fn from(file: &'a FileConfig) -> Self {
        Self {
            twitch_secret: &file.twitch_secret,
            sonoran_key: &file.sonoran_key,
            accweb_header: &file.accweb_header,
            khan_basic: &file.khan_basic,
            khan_token: &file.khan_token,
            agones_basic: &file.agones_basic,
            agones_header: &file.agones_header,
        }
    }
}

/// Splits `NAME:VALUE` at the first `:`; spaces around both are trimmed (`X-Token: abc` works).
pub fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text.split_once(':').ok_or("expected NAME:VALUE, there is no `:`")?;
    let (name, value) = (name.trim(), value.trim());
    if name.is_empty() {
        return Err("expected NAME:VALUE, the header name is empty".to_owned());
    }
    if value.is_empty() {
        return Err(format!("the value of header `{name}` is empty"));
    }
    Ok((name.to_owned(), value.to_owned()))
}

/// Splits `USER:PASS` at the first `:`, so the password may contain `:` (the user cannot, in HTTP Basic).
pub fn parse_basic(text: &str) -> Result<(String, String), String> {
    let (user, password) = text.split_once(':').ok_or("expected USER:PASS, there is no `:`")?;
    if password.is_empty() {
        return Err(format!("the password of user `{user}` is empty"));
    }
    Ok((user.to_owned(), password.to_owned()))
}

/// The credentials of one option's values.
fn credentials(flag: &str, values: &[String], layer: Layer) -> Result<Credentials, ConfigError> {
    let option = || layer.name(flag);
    let bad = |reason: String| ConfigError::Value { option: option(), reason };
    if let Some(index) = values.iter().position(|value| value.is_empty()) {
        return Err(bad(format!("value {} is empty", index + 1)));
    }
    Ok(match flag {
        "accweb-header" | "agones-header" => {
            let mut name: Option<String> = None;
            let mut accepted = Vec::new();
            for value in values {
                let (header, secret) = parse_header(value).map_err(bad)?;
                match &name {
                    Some(first) if !first.eq_ignore_ascii_case(&header) => {
                        return Err(ConfigError::HeaderNames {
                            option: option(),
                            first: first.clone(),
                            second: header,
                        });
                    }
                    Some(_) => {}
                    None => name = Some(header),
                }
                accepted.push(secret);
            }
            Credentials::Header { name: name.unwrap_or_default(), values: accepted }
        }
        "khan-basic" | "agones-basic" => {
            Credentials::Basic(values.iter().map(|value| parse_basic(value)).collect::<Result<_, _>>().map_err(bad)?)
        }
        "khan-token" => Credentials::QueryToken(values.to_vec()),
        "sonoran-key" => Credentials::ApiKeys(values.to_vec()),
        _ => Credentials::Secrets(values.to_vec()),
    })
}

/// A path to mount a source at: it must start with `/` and be a plain path (axum would read `{…}`, `*` and
/// `:` segments as captures, or refuse them).
pub fn check_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err(format!("`{path}` does not start with `/`"));
    }
    if let Some(c) = path.chars().find(|c| c.is_whitespace() || c.is_control() || "{}*?#".contains(*c)) {
        return Err(format!("`{path}` contains {c:?}; give a plain path"));
    }
    if path.split('/').any(|segment| segment.starts_with(':')) {
        return Err(format!("`{path}` has a segment starting with `:`; give a plain path"));
    }
    Ok(())
}

impl Settings {
    /// Reads the config file the arguments name, if any, and resolves the settings.
    pub fn load(args: &Args) -> Result<Self, ConfigError> {
        let file = match &args.config {
            Some(path) => FileConfig::read(path)?,
            None => FileConfig::default(),
        };
        Self::resolve(args, &file)
    }

    /// Resolves `args` (flags and environment) over `file` over the defaults, and checks the result the way
    /// the core will (secret lengths, header names, body limit), so a bad value stops the printer before it
    /// listens.
    pub fn resolve(args: &Args, file: &FileConfig) -> Result<Self, ConfigError> {
        let listen = match args.listen.or(file.listen) {
            Some(listen) => listen,
            None => dev::LISTEN.parse().map_err(|_| ConfigError::Value {
                option: "dev::LISTEN".to_owned(),
                reason: format!("`{}` is not an address", dev::LISTEN),
            })?,
        };
        let (layer, max_body_bytes) = match (args.max_body_bytes, file.max_body_bytes) {
            (Some(n), _) => (Layer::Args, Some(n)),
            (None, n) => (Layer::File, n),
        };
        if max_body_bytes == Some(0) {
            let reason = "the body limit must be at least one byte".to_owned();
            return Err(ConfigError::Value { option: layer.name("max-body-bytes"), reason });
        }

        let allow_unauthenticated = if args.allow_unauthenticated.is_empty() {
            &file.allow_unauthenticated
        } else {
            &args.allow_unauthenticated
        };
        let (arg_lists, file_lists) = (CredentialLists::from(args), CredentialLists::from(file));

        let mut routes: Vec<Route> = Vec::new();
        for source in SourceName::ALL {
            if !enabled(source, args, file)? {
                continue;
            }
            let (flag_path, file_path) = match source {
                SourceName::Accweb => (&args.accweb_path, &file.accweb_path),
                SourceName::Sonoran => (&args.sonoran_path, &file.sonoran_path),
                SourceName::Khan => (&args.khan_path, &file.khan_path),
                SourceName::Agones => (&args.agones_path, &file.agones_path),
                SourceName::Twitch => (&args.twitch_path, &file.twitch_path),
            };
            let path = match (flag_path, file_path) {
                (Some(path), _) => (Layer::Args, path.clone()),
                (None, Some(path)) => (Layer::File, path.clone()),
                (None, None) => (Layer::Args, source.kind().default_path().to_owned()),
            };
            let (layer, path) = path;
            check_path(&path).map_err(|reason| ConfigError::Value {
                option: layer.name(&format!("{}-path", source.as_str())),
                reason,
            })?;
            if let Some(other) = routes.iter().find(|route| route.path == path) {
                return Err(ConfigError::SamePath { path, first: other.source, second: source });
            }

            let (in_args, in_file) = (given(source, &arg_lists), given(source, &file_lists));
            let route = if allow_unauthenticated.contains(&source) {
                if source == SourceName::Twitch {
                    return Err(ConfigError::TwitchUnauthenticated);
                }
                if let Some((flag, _)) = in_args.first().or(in_file.first()) {
                    let layer = if in_args.is_empty() { Layer::File } else { Layer::Args };
                    return Err(ConfigError::UnauthenticatedWithCredentials {
                        name: source,
                        given: format!("{} {}", layer.name(flag), layer.describe()),
                    });
                }
                Route { source, path, credentials: Credentials::Unauthenticated, dev_default: false }
            } else {
                let (layer, options) = if in_args.is_empty() { (Layer::File, in_file) } else { (Layer::Args, in_args) };
                match options.as_slice() {
                    [] => Route { source, path, credentials: Credentials::dev_default(source), dev_default: true },
                    [(flag, values)] => {
                        Route { source, path, credentials: credentials(flag, values, layer)?, dev_default: false }
                    }
                    [(first, _), (second, _), ..] => {
                        return Err(ConfigError::TwoSchemes {
                            name: source,
                            first: layer.name(first),
                            second: layer.name(second),
                        });
                    }
                }
            };
            routes.push(route);
        }
        let twitch_ws = TwitchWs::resolve(args, file)?;
        if routes.is_empty() && twitch_ws.is_none() {
            return Err(ConfigError::NothingEnabled);
        }

        let settings = Self {
            listen,
            json: args.json.or(file.json).unwrap_or(false),
            max_body_bytes,
            twitch_tolerance: args.twitch_tolerance.or(file.twitch_tolerance).map(Duration::from_secs),
            routes,
            redis: args.redis.clone().or_else(|| file.redis.clone()),
            twitch_ws,
        };
        // Build every source once, so that what the core refuses is refused now.
        super::mount(&settings, receiver_axum::Endpoints::new(super::discard), None)?;
        Ok(settings)
    }
}

/// Whether `source` is mounted: the command line and environment first, then the file, then yes.
fn enabled(source: SourceName, args: &Args, file: &FileConfig) -> Result<bool, ConfigError> {
    for (layer, enable, disable) in
        [(Layer::Args, &args.enable, &args.disable), (Layer::File, &file.enable, &file.disable)]
    {
        match (enable.contains(&source), disable.contains(&source)) {
            (true, true) => return Err(ConfigError::EnabledAndDisabled { name: source, origin: layer.describe() }),
            (true, false) => return Ok(true),
            (false, true) => return Ok(false),
            (false, false) => {}
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(argv: &[&str]) -> Args {
        // The same parser as the binary's, without the process environment, so the tests do not depend on it.
        let command = Args::command().mut_args(|arg| arg.env(None));
        let matches = command.try_get_matches_from(std::iter::once("printer").chain(argv.iter().copied())).unwrap();
        Args::from_arg_matches(&matches).unwrap()
    }

    fn resolve(args: &Args, file: &FileConfig) -> Result<Settings, ConfigError> {
        Settings::resolve(args, file)
    }

    fn route(settings: &Settings, source: SourceName) -> &Route {
        settings.routes.iter().find(|route| route.source == source).unwrap()
    }

    #[test]
    fn twitch_ws_options_resolve_over_the_file_and_need_a_client_id_to_subscribe() {
        assert_eq!(resolve(&Args::default(), &FileConfig::default()).unwrap().twitch_ws, None);
        assert_eq!(default_api_base("ws://127.0.0.1:8080/ws"), "http://127.0.0.1:8080");
        assert_eq!(default_api_base("wss://eventsub.wss.twitch.tv/ws"), "https://api.twitch.tv/helix");

        let file = FileConfig::from_toml(
            "twitch-ws = \"ws://127.0.0.1:8080/ws\"\ntwitch-ws-subscribe = \"channel.raid:1\"\n\
             twitch-ws-condition = [\"to_broadcaster_user_id=1337\"]\ntwitch-client-id = \"file-id\"\n\
             twitch-token = \"file-token\"",
        )
        .unwrap();
        let ws = resolve(&args(&["--twitch-client-id", "flag-id"]), &file).unwrap().twitch_ws.unwrap();
        assert_eq!(ws.url, "ws://127.0.0.1:8080/ws");
        assert_eq!(ws.subscriptions, [("channel.raid".to_owned(), "1".to_owned())]);
        assert_eq!(ws.condition, [("to_broadcaster_user_id".to_owned(), "1337".to_owned())]);
        assert_eq!((ws.client_id.as_deref(), ws.api_base.as_str()), (Some("flag-id"), "http://127.0.0.1:8080"));
        assert!(!format!("{ws:?}").contains("file-token"), "the token is redacted");

        // Everything disabled but the WebSocket: allowed.
        let only_ws = args(&["--disable", "accweb,sonoran,khan,agones,twitch", "--twitch-ws", "ws://h:1/ws"]);
        assert!(resolve(&only_ws, &FileConfig::default()).unwrap().routes.is_empty());

        let errors = [
            (vec!["--twitch-ws", "http://127.0.0.1/ws"], "not a ws:// or wss:// URL"),
            (vec!["--twitch-ws", "ws://h/ws", "--twitch-ws-subscribe", "channel.raid:1"], "needs a Client-Id"),
            (vec!["--twitch-ws", "ws://h/ws", "--twitch-ws-subscribe", "channel.raid"], "two non-empty parts"),
        ];
        for (argv, expected) in errors {
            let error = resolve(&args(&argv), &FileConfig::default()).unwrap_err().to_string();
            assert!(error.contains(expected), "{argv:?}: {error}");
        }
    }

    #[test]
    fn defaults_are_the_dev_constants() {
        let settings = resolve(&Args::default(), &FileConfig::default()).unwrap();
        assert_eq!(settings.listen.to_string(), dev::LISTEN);
        assert!(!settings.json);
        assert_eq!(settings.max_body_bytes, None);
        assert_eq!(settings.twitch_tolerance, None);
        let sources: Vec<_> = settings.routes.iter().map(|r| (r.source, r.path.as_str(), r.dev_default)).collect();
        assert_eq!(
            sources,
            [
                (SourceName::Accweb, "/callback", true),
                (SourceName::Sonoran, "/sonorancad/event", true),
                (SourceName::Khan, "/khan", true),
                (SourceName::Agones, "/agones", true),
                (SourceName::Twitch, "/eventsub", true),
            ]
        );
        assert_eq!(
            route(&settings, SourceName::Accweb).credentials,
            Credentials::Header { name: dev::ACCWEB_HEADER.0.into(), values: vec![dev::ACCWEB_HEADER.1.into()] }
        );
        assert_eq!(
            route(&settings, SourceName::Sonoran).credentials,
            Credentials::ApiKeys(vec![dev::SONORAN_KEY.into()])
        );
        let basic = |(u, p): (&str, &str)| Credentials::Basic(vec![(u.into(), p.into())]);
        assert_eq!(route(&settings, SourceName::Khan).credentials, basic(dev::KHAN_BASIC));
        assert_eq!(route(&settings, SourceName::Agones).credentials, basic(dev::AGONES_BASIC));
        assert_eq!(
            route(&settings, SourceName::Twitch).credentials,
            Credentials::Secrets(vec![dev::TWITCH_SECRET.into()])
        );
        assert_eq!(route(&settings, SourceName::Twitch).credentials.sender_hint(), dev::TWITCH_SECRET);
        assert_eq!(route(&settings, SourceName::Accweb).credentials.sender_hint(), "X-Accweb-Token: dev-accweb-token");
    }

    #[test]
    fn flags_win_over_the_file_which_wins_over_defaults() {
        let file = FileConfig::from_toml(
            r#"
            listen = "127.0.0.1:4000"
            json = true
            accweb-path = "/from-file"
            khan-path = "/khan-from-file"
            twitch-tolerance = 60
            max-body-bytes = 1000
            sonoran-key = "file-key"
            "#,
        )
        .unwrap();
        let from_file = resolve(&Args::default(), &file).unwrap();
        assert_eq!(from_file.listen.to_string(), "127.0.0.1:4000");
        assert!(from_file.json);
        assert_eq!(route(&from_file, SourceName::Accweb).path, "/from-file");
        assert_eq!(route(&from_file, SourceName::Twitch).path, "/eventsub"); // default
        assert_eq!(from_file.twitch_tolerance, Some(Duration::from_secs(60)));
        assert_eq!(from_file.max_body_bytes, Some(1000));
        assert_eq!(route(&from_file, SourceName::Sonoran).credentials, Credentials::ApiKeys(vec!["file-key".into()]));
        assert!(!route(&from_file, SourceName::Sonoran).dev_default);

        let flags = args(&[
            "--listen=127.0.0.1:0",
            "--json=false",
            "--accweb-path",
            "/from-flag",
            "--twitch-tolerance",
            "5",
            "--max-body-bytes",
            "2000",
            "--sonoran-key",
            "flag-key-1",
            "--sonoran-key",
            "flag-key-2",
        ]);
        let from_flags = resolve(&flags, &file).unwrap();
        assert_eq!(from_flags.listen.port(), 0);
        assert!(!from_flags.json);
        assert_eq!(route(&from_flags, SourceName::Accweb).path, "/from-flag");
        assert_eq!(route(&from_flags, SourceName::Khan).path, "/khan-from-file");
        assert_eq!(from_flags.twitch_tolerance, Some(Duration::from_secs(5)));
        assert_eq!(from_flags.max_body_bytes, Some(2000));
        assert_eq!(
            route(&from_flags, SourceName::Sonoran).credentials,
            Credentials::ApiKeys(vec!["flag-key-1".into(), "flag-key-2".into()])
        );
        assert!(args(&["--json"]).json == Some(true));
    }

    /// clap reads a variable only for an option absent from the command line; what it read arrives in `Args`
    /// like a flag, and `Settings::resolve` puts it over the file. The variables themselves (names, comma
    /// lists, flag over variable) are checked against the real binary in `tests/printer.rs`.
    #[test]
    fn environment_values_split_at_commas_and_refuse_empty_items() {
        let value = |s: &str| vec![s.to_owned()];
        assert_eq!(split_list(&value("a, b,c"), "V").unwrap(), ["a", "b", "c"]);
        assert_eq!(split_list(&value("user:pa:ss"), "V").unwrap(), ["user:pa:ss"]);
        assert!(split_list(&value("a,,b"), "V").unwrap_err().contains("empty item"));
        assert!(split_list(&value(""), "V").is_err());
        // A flag keeps its commas.
        assert_eq!(args(&["--khan-basic", "khan:a,b"]).khan_basic, ["khan:a,b"]);
        // Source lists split at commas everywhere.
        assert_eq!(args(&["--disable", "khan,agones"]).disable, [SourceName::Khan, SourceName::Agones]);
        // Every option documents its variable.
        for arg in Args::command().get_arguments() {
            let id = arg.get_id().as_str();
            if id != "help" && id != "version" {
                let expected = format!("RECEIVER_{}", id.to_ascii_uppercase());
                assert_eq!(arg.get_env().and_then(|e| e.to_str()), Some(expected.as_str()), "{id}");
            }
        }
    }

    #[test]
    fn credential_values_parse_and_refuse_bad_ones() {
        assert_eq!(parse_header("X-Token:abc").unwrap(), ("X-Token".into(), "abc".into()));
        assert_eq!(parse_header("X-Token: a:b c ").unwrap(), ("X-Token".into(), "a:b c".into()));
        assert!(parse_header("no-colon").is_err());
        assert!(parse_header(":value").is_err());
        assert!(parse_header("X-Token:").is_err());
        assert_eq!(parse_basic("user:pa:ss").unwrap(), ("user".into(), "pa:ss".into()));
        assert_eq!(parse_basic(":only-password").unwrap(), (String::new(), "only-password".into()));
        assert!(parse_basic("user").is_err());
        assert!(parse_basic("user:").is_err());

        let settings = resolve(
            &args(&["--khan-basic", "k:p:w", "--khan-basic", "k:next", "--accweb-header", "X-A: one"]),
            &FileConfig::default(),
        )
        .unwrap();
        assert_eq!(
            route(&settings, SourceName::Khan).credentials,
            Credentials::Basic(vec![("k".into(), "p:w".into()), ("k".into(), "next".into())])
        );
        assert_eq!(
            route(&settings, SourceName::Accweb).credentials,
            Credentials::Header { name: "X-A".into(), values: vec!["one".into()] }
        );
        assert!(!route(&settings, SourceName::Khan).dev_default);
        assert!(route(&settings, SourceName::Agones).dev_default);

        let error = |argv: &[&str]| resolve(&args(argv), &FileConfig::default()).unwrap_err();
        let message = error(&["--khan-basic", "nocolon"]).to_string();
        assert!(message.starts_with("--khan-basic (or RECEIVER_KHAN_BASIC): expected USER:PASS"), "{message}");
        assert!(!message.contains("nocolon"), "the value is a secret: {message}");
        assert!(matches!(
            error(&["--agones-header", "X-A:1", "--agones-header", "X-B:2"]),
            ConfigError::HeaderNames { .. }
        ));
        assert!(matches!(error(&["--khan-basic", "a:b", "--khan-token", "t"]), ConfigError::TwoSchemes { .. }));
        assert!(matches!(
            error(&["--accweb-header", "bad name:x"]),
            ConfigError::Core { name: SourceName::Accweb, .. }
        ));
        let short = error(&["--twitch-secret", "short"]).to_string();
        assert!(short.starts_with("twitch: Twitch EventSub secrets are 10 to 100 bytes"), "{short}");
        assert!(matches!(error(&["--max-body-bytes", "0"]), ConfigError::Value { .. }));
        assert!(matches!(error(&["--khan-token", ""]), ConfigError::Value { .. }));
    }

    #[test]
    fn credentials_come_whole_from_the_first_layer_that_has_some() {
        let file = FileConfig::from_toml("khan-basic = [\"file:user\"]\nagones-header = \"X-Relay: r\"").unwrap();
        let settings = resolve(&args(&["--khan-token", "flag-token"]), &file).unwrap();
        // The flag's token replaces the file's Basic pair, without a two-schemes error.
        assert_eq!(route(&settings, SourceName::Khan).credentials, Credentials::QueryToken(vec!["flag-token".into()]));
        assert_eq!(
            route(&settings, SourceName::Agones).credentials,
            Credentials::Header { name: "X-Relay".into(), values: vec!["r".into()] }
        );
        let file_error = resolve(&Args::default(), &FileConfig::from_toml("khan-basic = \"nocolon\"").unwrap());
        assert!(file_error.unwrap_err().to_string().starts_with("config file key `khan-basic`: expected USER:PASS"));
    }

    #[test]
    fn allow_unauthenticated_is_explicit_and_conflicts_with_credentials() {
        let settings = resolve(&args(&["--allow-unauthenticated", "agones,sonoran"]), &FileConfig::default()).unwrap();
        assert_eq!(route(&settings, SourceName::Agones).credentials, Credentials::Unauthenticated);
        assert_eq!(route(&settings, SourceName::Sonoran).credentials, Credentials::Unauthenticated);
        assert!(!route(&settings, SourceName::Agones).dev_default);
        assert!(route(&settings, SourceName::Khan).dev_default);

        let conflict =
            resolve(&args(&["--allow-unauthenticated", "khan", "--khan-basic", "a:b"]), &FileConfig::default())
                .unwrap_err();
        assert_eq!(
            conflict,
            ConfigError::UnauthenticatedWithCredentials {
                name: SourceName::Khan,
                given: "--khan-basic (or RECEIVER_KHAN_BASIC) on the command line or in the environment".into()
            }
        );
        // Credentials in the file conflict too: unauthenticated never silently overrides a configured secret.
        let file = FileConfig::from_toml("sonoran-key = \"k\"").unwrap();
        let conflict = resolve(&args(&["--allow-unauthenticated", "sonoran"]), &file).unwrap_err();
        assert!(matches!(conflict, ConfigError::UnauthenticatedWithCredentials { name: SourceName::Sonoran, .. }));
        assert_eq!(
            resolve(&args(&["--allow-unauthenticated", "twitch"]), &FileConfig::default()),
            Err(ConfigError::TwitchUnauthenticated)
        );
        // A disabled source's settings do not matter.
        let disabled = args(&["--allow-unauthenticated", "twitch", "--disable", "twitch"]);
        assert!(resolve(&disabled, &FileConfig::default()).is_ok());
    }

    #[test]
    fn sources_can_be_disabled_moved_and_re_enabled() {
        let file = FileConfig::from_toml("disable = [\"khan\", \"agones\"]").unwrap();
        let names = |s: &Settings| s.routes.iter().map(|r| r.source).collect::<Vec<_>>();
        let settings = resolve(&Args::default(), &file).unwrap();
        assert_eq!(names(&settings), [SourceName::Accweb, SourceName::Sonoran, SourceName::Twitch]);
        let settings = resolve(&args(&["--enable", "khan", "--disable", "accweb"]), &file).unwrap();
        assert_eq!(names(&settings), [SourceName::Sonoran, SourceName::Khan, SourceName::Twitch]);

        let all = args(&["--disable", "accweb,sonoran,khan,agones,twitch"]);
        assert_eq!(resolve(&all, &FileConfig::default()), Err(ConfigError::NothingEnabled));
        let both = args(&["--disable", "khan", "--enable", "khan"]);
        assert!(matches!(resolve(&both, &FileConfig::default()), Err(ConfigError::EnabledAndDisabled { .. })));

        let same = args(&["--khan-path", "/hooks", "--agones-path", "/hooks"]);
        assert_eq!(
            resolve(&same, &FileConfig::default()),
            Err(ConfigError::SamePath { path: "/hooks".into(), first: SourceName::Khan, second: SourceName::Agones })
        );
        for bad in ["hooks", "/hooks/{id}", "/a/:b", "/a b", "/*rest"] {
            let error = resolve(&args(&["--twitch-path", bad]), &FileConfig::default()).unwrap_err();
            assert!(error.to_string().starts_with("--twitch-path (or RECEIVER_TWITCH_PATH): "), "{error}");
        }
    }

    #[test]
    fn the_file_mirrors_the_flags() {
        let file = FileConfig::from_toml(
            r#"
            listen = "0.0.0.0:8080"
            json = true
            max-body-bytes = 4096
            twitch-secret = ["a-new-secret-value", "the-old-secret-value"]
            twitch-tolerance = 300
            sonoran-key = ["k1"]
            accweb-header = ["X-Accweb-Token:s3cret"]
            khan-token = "t0k3n"
            agones-basic = ["agones:pa:ss"]
            allow-unauthenticated = []
            disable = ["sonoran"]
            enable = "khan"
            accweb-path = "/acc"
            sonoran-path = "/son"
            khan-path = "/kh"
            agones-path = "/ag"
            twitch-path = "/tw"
            "#,
        )
        .unwrap();
        assert_eq!(file.twitch_secret.len(), 2);
        assert_eq!(file.enable, [SourceName::Khan]);
        let settings = resolve(&Args::default(), &file).unwrap();
        assert_eq!(settings.listen.to_string(), "0.0.0.0:8080");
        assert_eq!(settings.routes.len(), 4);
        assert_eq!(
            route(&settings, SourceName::Agones).credentials,
            Credentials::Basic(vec![("agones".into(), "pa:ss".into())])
        );
        assert_eq!(route(&settings, SourceName::Twitch).path, "/tw");

        // The help's example is a valid file.
        let example: String = FILE_HELP
            .lines()
            .filter(|line| line.starts_with("    "))
            .map(|line| line.split('#').next().unwrap_or("").to_owned() + "\n")
            .collect();
        let example = FileConfig::from_toml(&example).unwrap();
        assert_eq!(example.khan_basic, ["khan:password"]);
        assert!(resolve(&Args::default(), &example).is_ok());

        assert!(FileConfig::from_toml("lisen = \"127.0.0.1:1\"").unwrap_err().to_string().contains("unknown field"));
        assert!(FileConfig::from_toml("disable = [\"kahn\"]").is_err());
        assert!(FileConfig::from_toml("listen = \"localhost\"").is_err());
        let missing = Settings::load(&Args { config: Some("/nonexistent/printer.toml".into()), ..Args::default() });
        assert!(matches!(missing, Err(ConfigError::File { .. })));
    }

    #[test]
    fn bad_flags_are_clap_errors_not_panics() {
        let command = || Args::command().mut_args(|arg| arg.env(None));
        for argv in [
            &["printer", "--listen", "nowhere"][..],
            &["printer", "--disable", "kahn"],
            &["printer", "--twitch-tolerance", "-1"],
            &["printer", "--json=maybe"],
            &["printer", "--unknown"],
        ] {
            let error = command().try_get_matches_from(argv).unwrap_err();
            assert_eq!(error.exit_code(), 2, "{argv:?}");
        }
        Args::command().debug_assert();
    }

    #[test]
    fn debug_never_shows_secrets() {
        let settings = resolve(&Args::default(), &FileConfig::default()).unwrap();
        let debug = format!("{settings:?}");
        for secret in
            [dev::TWITCH_SECRET, dev::SONORAN_KEY, dev::KHAN_BASIC.1, dev::AGONES_BASIC.1, dev::ACCWEB_HEADER.1]
        {
            assert!(!debug.contains(secret), "{debug}");
        }
    }
}
