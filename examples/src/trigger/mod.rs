//! The trigger: a sender simulator for all five sources, what `twitch event trigger` is for Twitch.
//!
//! `trigger <source> <event>` builds a realistic payload from the fixtures and the typed models,
//! authenticates it the way that sender does, sends it and checks the answer is what a well-behaved receiver
//! returns. Everything but the socket lives here, so every request can be checked without a network:
//!
//! - [`cli::Cli`] is the command line (clap);
//! - [`Trigger::new`] resolves it (event names, secrets, the URL, a `--body` file) or says why not
//!   ([`TriggerError::Usage`]);
//! - [`Trigger::build`] makes one [`Request`] as of a given instant: method, URL with query, headers, body,
//!   and what answer to [`Expect`];
//! - [`send`] sends one request, [`run`] sends all of them and prints one line per answer.
//!
//! | source | method | authentication | body |
//! |---|---|---|---|
//! | Twitch EventSub | `POST` | `Twitch-Eventsub-Message-Signature`: HMAC-SHA256 over id ‖ timestamp ‖ body | fixture, fresh ids and times |
//! | accweb | `POST` | the static header from accweb's config | fixture, fresh `timestamp`, compact, Go field order |
//! | Sonoran CAD | `POST` | the API key in the body's `key` | fixture, `data` as an object |
//! | Khan | `POST` | HTTP Basic (`user:pass@` hook URL) or `?token=` in the URL | built from khan.md §7, keys sorted |
//! | Agones Relay HTTP | `POST` / `PUT` / `DELETE` | HTTP Basic (`user:pass@` relay URL) or a header | fixture objects in the relay envelope; DELETE: `n` + query |

pub mod cli;

mod accweb;
mod agones;
mod ids;
mod json;
mod khan;
mod sonoran;
mod twitch;

use std::fmt;
use std::io::Write;
use std::time::{Duration, SystemTime};

use receiver_core::{Incoming, SourceKind};

use self::cli::{Cli, Command};
pub use self::ids::uuid_v4;

/// The `User-Agent` Go's `net/http` client sends: accweb, Khan and the Agones relay are Go programs.
pub const GO_USER_AGENT: &str = "Go-http-client/1.1";

/// How long [`send`] waits for an answer, as twitch-cli does.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The event names each source can build, for help texts and tests: `(source, names)`.
pub fn events() -> [(SourceKind, Vec<&'static str>); 5] {
    [
        (SourceKind::TwitchEventSub, twitch::subscription_types().map(|(kind, _)| kind).collect()),
        (SourceKind::Accweb, accweb::event_names().collect()),
        (SourceKind::SonoranCad, sonoran::event_types().collect()),
        (SourceKind::Khan, khan::NAMES.to_vec()),
        (SourceKind::AgonesRelay, agones::EVENT_TYPES.to_vec()),
    ]
}

/// One request, as it goes on the wire, and what a well-behaved receiver answers to it.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The source it imitates.
    pub source: SourceKind,
    /// What was sent, in the sender's words: `channel.follow`, `instance_live_new_lap`, `EVENT_911`,
    /// `5 ClanLeft`, `gameserver.events.deleted`; Twitch adds the message type when it is not a notification.
    pub event: String,
    /// The delivery id the receiver will see, where the sender has one (Twitch message id, Khan `id`,
    /// Agones `uid/resourceVersion` or `namespace/name` for a delete).
    pub id: Option<String>,
    /// `POST`, `PUT` or `DELETE`.
    pub method: &'static str,
    /// The full URL, query included.
    pub url: String,
    /// The headers, names spelled as the sender spells them (Go canonical form).
    pub headers: Vec<(String, String)>,
    /// The body, byte for byte.
    pub body: Vec<u8>,
    /// What answer is well-behaved.
    pub expect: Expect,
}

impl Request {
    /// The query string (after the first `?`, without it); empty when there is none.
    pub fn query(&self) -> &str {
        self.url.split_once('?').map_or("", |(_, query)| query)
    }

    /// The first header of that name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The request as `receiver-core` sees it, to verify it in process.
    pub fn incoming(&self) -> Incoming<'_> {
        Incoming::new(self.method, &self.headers, &self.body).with_query(self.query())
    }
}

/// What a well-behaved receiver answers.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// A delivery: any 2xx.
    Success,
    /// A Twitch `webhook_callback_verification`: `200`, media type `text/plain` (parameters such as
    /// `charset=utf-8` allowed) and the body exactly this challenge, as `twitch event verify-subscription`
    /// checks (which accepts any 2xx; Twitch's docs ask for `200`).
    Challenge(String),
}

/// What the receiver answered.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// An answer from its parts.
    pub fn new(status: u16, content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Self {
        Self { status, content_type: content_type.map(str::to_owned), body: body.into() }
    }
}

impl Expect {
    /// Whether `answer` is what a well-behaved receiver returns; if not, why.
    pub fn check(&self, answer: &Answer) -> Result<(), String> {
        match self {
            Self::Success if (200..300).contains(&answer.status) => Ok(()),
            Self::Success => Err(format!("expected a 2xx status, got {}", answer.status)),
            Self::Challenge(challenge) => {
                let mut problems = Vec::new();
                if answer.status != 200 {
                    problems.push(format!("expected status 200, got {}", answer.status));
                }
                match answer.content_type.as_deref().map(media_type) {
                    None => problems.push("no Content-Type, expected text/plain".to_owned()),
                    Some(media) if media != "text/plain" => {
                        problems.push(format!("Content-Type media type is {media:?}, expected \"text/plain\""));
                    }
                    Some(_) => {}
                }
                if answer.body != challenge.as_bytes() {
                    problems.push(format!(
                        "body is {:?}, expected exactly the challenge {challenge:?}",
                        String::from_utf8_lossy(&answer.body)
                    ));
                }
                if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
            }
        }
    }
}

/// The media type of a `Content-Type` value, lowercase, without parameters (as Go's
/// `mime.ParseMediaType` reads it).
fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Why the trigger cannot build what was asked.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriggerError {
    /// The arguments do not make sense (unknown event, bad `NAME:VALUE`, unreadable `--body` …): exit 2.
    Usage(String),
    /// A payload could not be built from its fixture: a bug in the trigger.
    Payload(String),
}

impl fmt::Display for TriggerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(message) => f.write_str(message),
            Self::Payload(message) => write!(f, "could not build the payload (a bug in the trigger): {message}"),
        }
    }
}

impl std::error::Error for TriggerError {}

pub(crate) fn usage(message: impl Into<String>) -> TriggerError {
    TriggerError::Usage(message.into())
}

pub(crate) fn payload_error(error: impl fmt::Display) -> TriggerError {
    TriggerError::Payload(error.to_string())
}

/// A resolved command line: ready to build requests.
#[derive(Debug)]
pub struct Trigger {
    plan: Plan,
    count: u32,
    print: bool,
}

#[derive(Debug)]
enum Plan {
    Twitch(twitch::Plan),
    Accweb(accweb::Plan),
    Sonoran(sonoran::Plan),
    Khan(khan::Plan),
    Agones(agones::Plan),
}

impl Trigger {
    /// Resolves the command line: the event, the credentials, the URL, the `--body` file.
    pub fn new(cli: &Cli) -> Result<Self, TriggerError> {
        let common = cli.command.common();
        let kind = cli.command.source();
        let url = target_url(common.to.as_deref(), kind)?;
        let body = match &common.body {
            Some(path) => {
                Some(std::fs::read(path).map_err(|e| usage(format!("cannot read --body {}: {e}", path.display())))?)
            }
            None => None,
        };
        let plan = match &cli.command {
            Command::Twitch(args) => Plan::Twitch(twitch::Plan::new(args, url, body)?),
            Command::Accweb(args) => Plan::Accweb(accweb::Plan::new(args, url, body)?),
            Command::Sonoran(args) => Plan::Sonoran(sonoran::Plan::new(args, url, body)?),
            Command::Khan(args) => Plan::Khan(khan::Plan::new(args, url, body)?),
            Command::Agones(args) => Plan::Agones(agones::Plan::new(args, url, body)?),
        };
        Ok(Self { plan, count: common.count, print: common.print })
    }

    /// Parses `args` (the program name first) and resolves them: for tests and scripts. Clap's own errors
    /// (`--help` included) come back as [`TriggerError::Usage`] with clap's message.
    pub fn from_args<I, T>(args: I) -> Result<Self, TriggerError>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::Parser;
        let cli = Cli::try_parse_from(args).map_err(|e| usage(e.to_string()))?;
        Self::new(&cli)
    }

    /// One request as of `now`: fresh ids (unless `--repeat-id`), fresh timestamps (unless `--timestamp`).
    pub fn build(&self, now: SystemTime) -> Result<Request, TriggerError> {
        match &self.plan {
            Plan::Twitch(plan) => plan.build(now),
            Plan::Accweb(plan) => plan.build(now),
            Plan::Sonoran(plan) => plan.build(),
            Plan::Khan(plan) => plan.build(now),
            Plan::Agones(plan) => plan.build(),
        }
    }

    /// How many requests to send (`--count`).
    pub fn count(&self) -> u32 {
        self.count
    }
}

/// `--to`, or `http://` + [`dev::LISTEN`](crate::dev::LISTEN) + the source's default path.
fn target_url(to: Option<&str>, kind: SourceKind) -> Result<String, TriggerError> {
    let Some(to) = to else {
        return Ok(format!("http://{}{}", crate::dev::LISTEN, kind.default_path()));
    };
    let url = reqwest::Url::parse(to).map_err(|e| usage(format!("--to {to:?} is not a URL: {e}")))?;
    match url.scheme() {
        "http" => Ok(to.to_owned()),
        "https" => Err(usage("--to: https is not supported by the trigger (it is built without TLS); use http://")),
        other => Err(usage(format!("--to: unsupported scheme {other:?}; use http://"))),
    }
}

/// `NAME:VALUE` (spaces around the value trimmed), the name checked against HTTP's token characters and
/// put in Go's canonical form (`x-accweb-token` → `X-Accweb-Token`), as Go's `http.Header.Add` does.
pub(crate) fn parse_header(flag: &str, text: &str) -> Result<(String, String), TriggerError> {
    let (name, value) = text.split_once(':').ok_or_else(|| usage(format!("{flag} {text:?}: expected NAME:VALUE")))?;
    let (name, value) = (name.trim(), value.trim());
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return Err(usage(format!("{flag} {text:?}: {name:?} is not a header name")));
    }
    if value.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
        return Err(usage(format!("{flag}: the value of {name} holds control characters")));
    }
    Ok((canonical_header_name(name), value.to_owned()))
}

/// Go's `CanonicalMIMEHeaderKey`: the first letter and every letter after a `-` upper case, the rest lower.
pub(crate) fn canonical_header_name(name: &str) -> String {
    let mut upper = true;
    name.chars()
        .map(|c| {
            let out = if upper { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() };
            upper = c == '-';
            out
        })
        .collect()
}

/// `USER:PASS` for HTTP Basic.
pub(crate) fn parse_basic(flag: &str, text: &str) -> Result<(String, String), TriggerError> {
    let (user, password) = text.split_once(':').ok_or_else(|| usage(format!("{flag}: expected USER:PASS")))?;
    Ok((user.to_owned(), password.to_owned()))
}

/// The `Authorization` value Go's client sends for a `user:pass@` URL.
pub(crate) fn basic_authorization(user: &str, password: &str) -> String {
    receiver_core::basic_authorization(user, password)
}

/// Go's `url.QueryEscape`: unreserved characters kept, space as `+`, everything else `%XX`.
pub(crate) fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(byte)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The `--body` file, checked to be there: `Some(bytes)` replaces the built payload.
pub(crate) fn body_or(
    file: Option<&Vec<u8>>,
    build: impl FnOnce() -> Result<Vec<u8>, TriggerError>,
) -> Result<Vec<u8>, TriggerError> {
    match file {
        Some(bytes) => Ok(bytes.clone()),
        None => build(),
    }
}

/// Why a request could not be sent (connection refused, timeout, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError(pub String);

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SendError {}

/// The HTTP client the trigger sends with: 10 s timeout, no redirects followed (like twitch-cli), header
/// names in Go's canonical case on the wire.
pub fn client() -> Result<reqwest::Client, SendError> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .http1_title_case_headers()
        .build()
        .map_err(|e| SendError(chain(&e)))
}

/// Sends one request and reads the whole answer.
pub async fn send(client: &reqwest::Client, request: &Request) -> Result<Answer, SendError> {
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|e| SendError(e.to_string()))?;
    let mut builder = client.request(method, &request.url).body(request.body.clone());
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    // The URL is printed beside the error already; reqwest's message would repeat it.
    let response = builder.send().await.map_err(|e| SendError(chain(&e.without_url())))?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let body = response.bytes().await.map_err(|e| SendError(chain(&e.without_url())))?.to_vec();
    Ok(Answer { status, content_type, body })
}

/// An error and its sources on one line: reqwest's own message alone does not say "connection refused".
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// What a run did.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Requests answered.
    pub answered: u32,
    /// Answers that were well-behaved.
    pub well_behaved: u32,
    /// Set when a request could not be sent; the run stops there.
    pub unreachable: Option<String>,
}

impl Summary {
    /// The exit code: `0` every answer well-behaved, `1` some answer was not, `3` the receiver could not
    /// be reached. (`2` is for usage errors, before anything is sent.)
    pub fn exit_code(&self) -> u8 {
        if self.unreachable.is_some() {
            3
        } else if self.well_behaved == self.answered {
            0
        } else {
            1
        }
    }
}

/// Sends `--count` requests one after the other and writes one line per answer, then a verdict line.
pub async fn run(trigger: &Trigger, client: &reqwest::Client, out: &mut dyn Write) -> Result<Summary, TriggerError> {
    let mut summary = Summary { answered: 0, well_behaved: 0, unreachable: None };
    for _ in 0..trigger.count {
        let request = trigger.build(SystemTime::now())?;
        if trigger.print {
            print_request(&request, out);
        }
        let what = describe(&request);
        match send(client, &request).await {
            Ok(answer) => {
                summary.answered += 1;
                let verdict = request.expect.check(&answer);
                let body = String::from_utf8_lossy(&answer.body);
                match verdict {
                    Ok(()) => {
                        summary.well_behaved += 1;
                        let _ = writeln!(out, "{what} → {} {body:?}", answer.status);
                    }
                    Err(why) => {
                        let _ = writeln!(out, "{what} → {} {body:?}  ✗ {why}", answer.status);
                    }
                }
            }
            Err(error) => {
                let _ = writeln!(out, "{what} → could not send to {}: {error}", request.url);
                summary.unreachable = Some(error.0);
                break;
            }
        }
    }
    let verdict = match (&summary.unreachable, summary.answered - summary.well_behaved) {
        (Some(_), _) => "FAILED: the receiver could not be reached".to_owned(),
        (None, 0) => format!("ok: {} of {} answers well-behaved", summary.well_behaved, summary.answered),
        (None, bad) => format!("FAILED: {bad} of {} answers not well-behaved", summary.answered),
    };
    let _ = writeln!(out, "{verdict}");
    Ok(summary)
}

/// `twitch channel.follow id=…`
fn describe(request: &Request) -> String {
    let source = match request.source {
        SourceKind::TwitchEventSub => "twitch",
        SourceKind::SonoranCad => "sonoran",
        SourceKind::AgonesRelay => "agones",
        other => other.name(),
    };
    match &request.id {
        Some(id) => format!("{source} {} id={id}", request.event),
        None => format!("{source} {}", request.event),
    }
}

fn print_request(request: &Request, out: &mut dyn Write) {
    let _ = writeln!(out, "> {} {}", request.method, request.url);
    for (name, value) in &request.headers {
        let _ = writeln!(out, "> {name}: {value}");
    }
    let _ = writeln!(out, ">");
    let _ = writeln!(out, "{}", String::from_utf8_lossy(&request.body));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_write_what_go_writes() {
        assert_eq!(basic_authorization("khan", "dev-khan-password"), "Basic a2hhbjpkZXYta2hhbi1wYXNzd29yZA==");
        assert_eq!(query_escape("a b/c?d&e=é"), "a+b%2Fc%3Fd%26e%3D%C3%A9");
        assert_eq!(canonical_header_name("x-accweb-TOKEN"), "X-Accweb-Token");
        assert_eq!(
            parse_header("--header", "authorization: Bearer xyz").unwrap(),
            ("Authorization".into(), "Bearer xyz".into())
        );
        assert!(parse_header("--header", "no colon").is_err());
        assert!(parse_header("--header", "bad name:x").is_err());
        assert_eq!(media_type("Text/Plain ; charset=utf-8"), "text/plain");
    }
}
