//! The printer: a receiver that prints every delivery it authenticates, and every request it refuses.
//!
//! `cargo run --release --bin printer` listens on [`crate::dev::LISTEN`] with all five sources at their
//! default paths and the development secrets of [`crate::dev`], which it prints at start. [`config`] reads
//! the flags, environment variables and TOML file; [`format`](mod@format) writes the lines; [`run`] serves until Ctrl-C
//! or SIGTERM and prints a summary.
//!
//! What goes where:
//!
//! | stream | human (default) | `--json` |
//! |---|---|---|
//! | stdout, line 1 | `listening on http://ADDR` (the bound address: `--listen 127.0.0.1:0` shows the port) | the same |
//! | stdout, then | one line per route, then one line per delivery | one JSON object per delivery |
//! | stderr | one line per refused request; the summary at shutdown | the routes, refusals and summary as JSON objects |
//!
//! Every line is flushed as it is written, so a test can read the printer through a pipe.
//!
//! With `--twitch-ws URL` the printer also runs a `receiver-ws` client: its deliveries are printed exactly
//! as webhook ones (the same [`Delivery`] type, the same lines), the session's welcome, moves, disconnects
//! and subscription results go to stderr (`twitch-ws …` lines, or `{"twitch_ws":…}` with `--json`). When
//! the session stops for good (a close code that forbids reconnecting, or too many failed attempts), the
//! printer prints the summary and exits with an error.

pub mod config;
pub mod format;
mod websocket;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt;
use std::future::IntoFuture;
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::http::{Method, StatusCode, Uri};
use clap::ValueEnum;
use clap::builder::PossibleValue;
use receiver_axum::Endpoints;
use receiver_core::{
    Accweb, AgonesRelay, Auth, DedupeStore, Delivery, DeliveryOptions, Error as RequestError, Khan, SonoranCad,
    SourceKind, TwitchEventSub,
};
use receiver_redis::RedisStore;
use serde::{Deserialize, Serialize};

use self::config::{ConfigError, Credentials, Route, Settings};
use self::format::Counts;

/// A source, by the name the printer's options and JSON lines use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceName {
    /// accweb (`/callback`).
    Accweb,
    /// Sonoran CAD (`/sonorancad/event`).
    Sonoran,
    /// Khan (`/khan`).
    Khan,
    /// Agones Relay HTTP (`/agones`).
    Agones,
    /// Twitch EventSub (`/eventsub`).
    Twitch,
}

impl SourceName {
    /// Every source, in the order the printer mounts and lists them.
    pub const ALL: [Self; 5] = [Self::Accweb, Self::Sonoran, Self::Khan, Self::Agones, Self::Twitch];

    /// `accweb`, `sonoran`, `khan`, `agones` or `twitch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accweb => "accweb",
            Self::Sonoran => "sonoran",
            Self::Khan => "khan",
            Self::Agones => "agones",
            Self::Twitch => "twitch",
        }
    }

    /// The core's kind of this source.
    pub fn kind(self) -> SourceKind {
        match self {
            Self::Accweb => SourceKind::Accweb,
            Self::Sonoran => SourceKind::SonoranCad,
            Self::Khan => SourceKind::Khan,
            Self::Agones => SourceKind::AgonesRelay,
            Self::Twitch => SourceKind::TwitchEventSub,
        }
    }

    /// The printer's name of a core source kind; `None` for a kind this printer does not know.
    pub fn from_kind(kind: SourceKind) -> Option<Self> {
        Self::ALL.into_iter().find(|name| name.kind() == kind)
    }
}

impl fmt::Display for SourceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The values of `SOURCE` options: the names alone (the variants' documentation would make `--help` long).
impl ValueEnum for SourceName {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

/// The handler used to check a configuration: it is never called.
pub(crate) async fn discard(_: Delivery) -> Result<(), Infallible> {
    Ok(())
}

/// A route whose credentials do not fit its source (only possible for hand-made [`Settings`]).
fn mismatch(route: &Route) -> ConfigError {
    let reason = format!("{:?} credentials do not fit this source", route.credentials);
    ConfigError::Value { option: route.source.to_string(), reason }
}

/// The core's [`Auth`] for a source without a protocol of its own (accweb, Khan, Agones Relay).
fn auth(route: &Route) -> Result<Auth, ConfigError> {
    let core = |error| ConfigError::Core { name: route.source, error };
    match &route.credentials {
        Credentials::Unauthenticated => Ok(Auth::unauthenticated()),
        Credentials::Header { name, values } => Auth::header(name, values.iter().map(String::as_str)).map_err(core),
        Credentials::Basic(pairs) => Auth::basic(pairs.iter().map(|(user, password)| (user, password))).map_err(core),
        Credentials::QueryToken(tokens) => Auth::query_token("token", tokens.iter().map(String::as_str)).map_err(core),
        Credentials::ApiKeys(_) | Credentials::Secrets(_) => Err(mismatch(route)),
    }
}

/// Builds every enabled source of `settings` with the core and mounts it on `endpoints`; what the core
/// refuses (a short Twitch secret, a bad header name, a zero body limit) is a [`ConfigError`].
///
/// Twitch and Khan deliveries are deduplicated in `dedupe` when given (`--redis`), else in the endpoints'
/// in-memory store.
pub(crate) fn mount(
    settings: &Settings,
    mut endpoints: Endpoints,
    dedupe: Option<&Arc<dyn DedupeStore>>,
) -> Result<Endpoints, ConfigError> {
    let options = || match dedupe {
        Some(store) => DeliveryOptions::inline().dedupe_in(Arc::clone(store)),
        None => DeliveryOptions::inline(),
    };
    for route in &settings.routes {
        let core = |error| ConfigError::Core { name: route.source, error };
        let limit = settings.max_body_bytes;
        let path = route.path.as_str();
        endpoints = match route.source {
            SourceName::Accweb => {
                let source = limited(Accweb::new(auth(route)?), limit, Accweb::with_max_body_bytes);
                endpoints.source_at(path, source.map_err(core)?)
            }
            SourceName::Khan => {
                let source = limited(Khan::new(auth(route)?), limit, Khan::with_max_body_bytes);
                endpoints.source_at_with(path, source.map_err(core)?, options())
            }
            SourceName::Agones => {
                let source = limited(AgonesRelay::new(auth(route)?), limit, AgonesRelay::with_max_body_bytes);
                endpoints.source_at(path, source.map_err(core)?)
            }
            SourceName::Sonoran => {
                let source = match &route.credentials {
                    Credentials::ApiKeys(keys) => SonoranCad::new(keys.iter().map(String::as_str)).map_err(core)?,
                    Credentials::Unauthenticated => SonoranCad::unauthenticated(),
                    _ => return Err(mismatch(route)),
                };
                endpoints.source_at(path, limited(source, limit, SonoranCad::with_max_body_bytes).map_err(core)?)
            }
            SourceName::Twitch => {
                let mut source = match &route.credentials {
                    Credentials::Secrets(secrets) => {
                        TwitchEventSub::new(secrets.iter().map(String::as_str)).map_err(core)?
                    }
                    Credentials::Unauthenticated => return Err(ConfigError::TwitchUnauthenticated),
                    _ => return Err(mismatch(route)),
                };
                if let Some(tolerance) = settings.twitch_tolerance {
                    source = source.with_tolerance(tolerance);
                }
                let source = limited(source, limit, TwitchEventSub::with_max_body_bytes).map_err(core)?;
                endpoints.source_at_with(path, source, options())
            }
        };
    }
    Ok(endpoints)
}

/// `source` with the body limit, when one is set.
fn limited<S>(
    source: S,
    limit: Option<usize>,
    with: impl FnOnce(S, usize) -> Result<S, receiver_core::ConfigError>,
) -> Result<S, receiver_core::ConfigError> {
    match limit {
        Some(limit) => with(source, limit),
        None => Ok(source),
    }
}

/// Where the lines go, how they look, and the counts for the summary. Shared by the handler, the refusal
/// observer and the fallback; never fails (a closed stdout is ignored).
#[derive(Debug)]
pub struct Output {
    json: bool,
    stdout_color: bool,
    stderr_color: bool,
    counts: Mutex<Tally>,
}

#[derive(Debug, Default)]
struct Tally {
    per_source: BTreeMap<SourceName, Counts>,
    unrouted: u64,
}

impl Output {
    /// Output for `settings`: JSON or human lines, coloured only on a terminal (and without `NO_COLOR`).
    pub fn new(settings: &Settings) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        let tally = Tally {
            per_source: settings.routes.iter().map(|route| (route.source, Counts::default())).collect(),
            unrouted: 0,
        };
        Self {
            json: settings.json,
            stdout_color: !settings.json && !no_color && std::io::stdout().is_terminal(),
            stderr_color: !settings.json && !no_color && std::io::stderr().is_terminal(),
            counts: Mutex::new(tally),
        }
    }

    fn tally(&self) -> std::sync::MutexGuard<'_, Tally> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn stdout(line: &str) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }

    fn stderr(line: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{line}");
        let _ = err.flush();
    }

    /// Prints a delivery and counts it.
    pub fn delivered(&self, delivery: &Delivery) {
        let now = SystemTime::now();
        if let Some(name) = SourceName::from_kind(delivery.meta.source) {
            self.tally().per_source.entry(name).or_default().delivered += 1;
        }
        let line = if self.json {
            format::json_line(delivery, now)
        } else {
            format::human_line(delivery, now, self.stdout_color)
        };
        Self::stdout(&line);
    }

    /// Prints a duplicate delivery, acknowledged without running the handler (not counted as delivered again).
    pub fn duplicate(&self, delivery: &Delivery) {
        let now = SystemTime::now();
        let line = if self.json {
            format::json_duplicate(delivery, now)
        } else {
            format::human_duplicate(delivery, now, self.stdout_color)
        };
        Self::stdout(&line);
    }

    /// Prints a refused request with the detailed reason, and counts it.
    pub fn refused(&self, kind: SourceKind, error: &RequestError) {
        if let Some(name) = SourceName::from_kind(kind) {
            self.tally().per_source.entry(name).or_default().rejected += 1;
        }
        self.refusal(Some(format::source_name(kind)), error.status_code(), &error.to_string());
    }

    /// Prints a request to a path no source is mounted at, and counts it.
    pub fn unrouted(&self, method: &Method, uri: &Uri) {
        self.tally().unrouted += 1;
        self.refusal(None, 404, &format!("no endpoint at {method} {}", uri.path()));
    }

    fn refusal(&self, source: Option<&str>, status: u16, reason: &str) {
        let now = SystemTime::now();
        let line = if self.json {
            format::json_refusal(source, status, reason, now)
        } else {
            format::human_refusal(source, status, reason, now, self.stderr_color)
        };
        Self::stderr(&line);
    }

    /// Prints the first line (the bound address) and one line per route.
    pub fn banner(&self, addr: SocketAddr, settings: &Settings, endpoints: &Endpoints) {
        Self::stdout(&format::listening_line(addr));
        let mounted: BTreeMap<&str, &str> = endpoints.mounted().map(|(path, _, auth)| (path, auth)).collect();
        for route in &settings.routes {
            let auth = mounted.get(route.path.as_str()).copied().unwrap_or("?");
            if self.json {
                Self::stderr(&format::json_route(route, auth));
            } else {
                Self::stdout(&format::human_route(route, auth, addr, self.stdout_color));
            }
        }
        if !self.json && settings.routes.iter().any(|route| route.dev_default) {
            Self::stdout(&format::dev_warning(self.stdout_color));
        }
    }

    /// Prints a line about the `--twitch-ws` session (stderr).
    pub fn twitch_ws(&self, what: &str, detail: &str) {
        let now = SystemTime::now();
        let line = if self.json {
            format::json_ws(what, detail, now)
        } else {
            format::human_ws(what, detail, now, self.stderr_color)
        };
        Self::stderr(&line);
    }

    /// Prints the one-line summary (stderr).
    pub fn summary(&self, signal: &str) {
        let (counts, unrouted) = {
            let tally = self.tally();
            (tally.per_source.iter().map(|(name, counts)| (*name, *counts)).collect::<Vec<_>>(), tally.unrouted)
        };
        let line = if self.json {
            format::json_summary(signal, &counts, unrouted)
        } else {
            format::human_summary(signal, &counts, unrouted)
        };
        Self::stderr(&line);
    }
}

/// Why the printer stopped with an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The configuration was refused.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {error}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        error: std::io::Error,
    },
    /// The server failed.
    #[error("server error: {0}")]
    Serve(#[from] std::io::Error),
    /// The `--redis` URL was refused.
    #[error("--redis: {0}")]
    Redis(receiver_core::StoreError),
    /// The `--twitch-ws` session stopped for good.
    #[error("twitch-ws: {0}")]
    TwitchWs(String),
}

/// How long requests still in flight at Ctrl-C or SIGTERM may take before the printer stops anyway.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves `settings` until Ctrl-C or SIGTERM, then lets requests in flight finish (up to
/// [`SHUTDOWN_GRACE`]) and prints the summary.
pub async fn run(settings: Settings) -> Result<(), RunError> {
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .map_err(|error| RunError::Bind { addr: settings.listen, error })?;
    let addr = listener.local_addr()?;
    let output = Arc::new(Output::new(&settings));

    let handler = {
        let output = Arc::clone(&output);
        move |delivery: Delivery| {
            let output = Arc::clone(&output);
            async move {
                output.delivered(&delivery);
                Ok::<(), Infallible>(())
            }
        }
    };
    let observer = {
        let output = Arc::clone(&output);
        move |kind: SourceKind, error: &RequestError| output.refused(kind, error)
    };
    let duplicates = {
        let output = Arc::clone(&output);
        move |delivery: &Delivery| output.duplicate(delivery)
    };
    let store: Option<Arc<dyn DedupeStore>> = match &settings.redis {
        Some(url) => Some(Arc::new(RedisStore::open(url).map_err(RunError::Redis)?)),
        None => None,
    };
    let endpoints = Endpoints::new(handler).on_refusal(observer).on_duplicate(duplicates);
    let endpoints = mount(&settings, endpoints, store.as_ref())?;
    output.banner(addr, &settings, &endpoints);

    let fallback = {
        let output = Arc::clone(&output);
        move |method: Method, uri: Uri| {
            output.unrouted(&method, &uri);
            async { (StatusCode::NOT_FOUND, "no endpoint here\n") }
        }
    };
    let app: Router = endpoints.into_router().fallback(fallback);

    let (ws_failed_tx, ws_failed) = tokio::sync::oneshot::channel::<String>();
    if let Some(twitch_ws) = &settings.twitch_ws {
        tokio::spawn(websocket::run(twitch_ws.clone(), Arc::clone(&output), ws_failed_tx));
    }
    let ws_error = Arc::new(Mutex::new(None::<String>));
    let ws_stopped = {
        let ws_error = Arc::clone(&ws_error);
        async move {
            match ws_failed.await {
                Ok(error) => {
                    *ws_error.lock().unwrap_or_else(PoisonError::into_inner) = Some(error);
                }
                Err(_) => std::future::pending().await,
            }
        }
    };

    let (stopping, stopped) = tokio::sync::oneshot::channel::<&'static str>();
    let (signal_tx, signal_rx) = tokio::sync::oneshot::channel::<&'static str>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let signal = tokio::select! {
            signal = shutdown_signal() => signal,
            () = ws_stopped => "twitch-ws stop",
        };
        let _ = stopping.send(signal);
        let _ = signal_tx.send(signal);
    });
    let grace = async move {
        match stopped.await {
            Ok(_) => tokio::time::sleep(SHUTDOWN_GRACE).await,
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        served = server.into_future() => served?,
        () = grace => Output::stderr(&format!(
            "requests still in flight after {} s; stopping anyway",
            SHUTDOWN_GRACE.as_secs()
        )),
    }
    let signal = signal_rx.await.unwrap_or("server end");
    output.summary(signal);
    match ws_error.lock().unwrap_or_else(PoisonError::into_inner).take() {
        Some(error) => Err(RunError::TwitchWs(error)),
        None => Ok(()),
    }
}

/// Waits for Ctrl-C (SIGINT) or, on Unix, SIGTERM, and says which. Shared with the load and bench targets.
pub async fn shutdown_signal() -> &'static str {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => "SIGINT",
        () = terminate => "SIGTERM",
    }
}
