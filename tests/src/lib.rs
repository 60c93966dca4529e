//! The conformance suite: one table of cases, run against every adapter, in process and over a socket.
//!
//! **What this crate does not do:** it tests no adapter by itself. Each adapter's test file builds its app
//! with [`sources`] and a [`Recorder`] handler, implements [`Harness`] (send one request, get the response),
//! and calls [`run_suite`]; the outcomes of every run are then compared byte for byte.
//!
//! Cases are data: a request, the expected status, content type, `Allow` header and body, and what the
//! handler must have been given. Twitch cases are signed when the table is built, with the current time,
//! because the adapters read the clock.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod twitch_ws_mock;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

pub mod redis_server;

use receiver_core::{
    Accweb, AgonesRelay, Auth, BoxError, Delivery, Event, Incoming, Khan, Secret, SonoranCad, Source, SourceKind,
    Timestamp, TwitchEventSub, accweb, agones, khan, sonoran, twitch,
};

/// The body limit every source is configured with here (small, so oversize cases stay cheap).
pub const LIMIT: usize = 64 * 1024;
/// The accweb bearer tokens: current and previous (rotation).
pub const ACCWEB_TOKENS: [&str; 2] = ["accweb-current", "accweb-previous"];
/// The Sonoran CAD keys: the fixtures' placeholder and a rotated one.
pub const SONORAN_KEYS: [&str; 2] = ["YOUR_API_KEY", "NEXT_API_KEY"];
/// The Twitch secrets: current and previous.
pub const TWITCH_SECRETS: [&str; 2] = ["twitch-current-secret", "twitch-previous-secret"];
/// Basic credentials accepted by Khan and Agones.
pub const BASIC: [(&str, &str); 2] = [("relay", "pa@ss"), ("relay", "next-pass")];
/// `Authorization` for `BASIC[0]`, as Go's client sends it for `http://relay:pa%40ss@host/…`.
pub const BASIC_HEADER: &str = "Basic cmVsYXk6cGFAc3M=";
/// `Authorization` for `BASIC[1]`.
pub const BASIC_HEADER_ROTATED: &str = "Basic cmVsYXk6bmV4dC1wYXNz";
/// The second path accweb is mounted at, to prove paths can be chosen.
pub const CUSTOM_ACCWEB_PATH: &str = "/custom/accweb";

/// The five sources as every harness mounts them.
#[derive(Debug)]
pub struct Sources {
    /// At `/callback` and [`CUSTOM_ACCWEB_PATH`].
    pub accweb: Accweb,
    /// At `/sonorancad/event`.
    pub sonoran: SonoranCad,
    /// At `/khan`.
    pub khan: Khan,
    /// At `/agones`.
    pub agones: AgonesRelay,
    /// At `/eventsub`.
    pub twitch: TwitchEventSub,
    /// At [`KHAN_TOKEN_PATH`]: Khan authenticated by a URL token instead.
    pub khan_token: Khan,
}

/// Where the Khan source authenticated by a URL token is mounted.
pub const KHAN_TOKEN_PATH: &str = "/khan/token";
/// Its token.
pub const KHAN_TOKEN: &str = "s3cret token";
/// How long every source here waits for a body (short, so the stalled-body test is quick).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(2);

/// The sources, configured with rotated secrets and [`LIMIT`].
pub fn sources() -> Sources {
    let limits = |s: Khan| s.with_max_body_bytes(LIMIT).unwrap().with_body_timeout(BODY_TIMEOUT);
    Sources {
        accweb: Accweb::new(Auth::bearer(ACCWEB_TOKENS).unwrap())
            .with_max_body_bytes(LIMIT)
            .unwrap()
            .with_body_timeout(BODY_TIMEOUT),
        sonoran: SonoranCad::new(SONORAN_KEYS)
            .unwrap()
            .with_max_body_bytes(LIMIT)
            .unwrap()
            .with_body_timeout(BODY_TIMEOUT),
        khan: limits(Khan::new(Auth::basic(BASIC).unwrap())),
        agones: AgonesRelay::new(Auth::basic(BASIC).unwrap())
            .with_max_body_bytes(LIMIT)
            .unwrap()
            .with_body_timeout(BODY_TIMEOUT),
        twitch: TwitchEventSub::new(TWITCH_SECRETS)
            .unwrap()
            .with_max_body_bytes(LIMIT)
            .unwrap()
            .with_body_timeout(BODY_TIMEOUT),
        khan_token: limits(Khan::new(Auth::query_token("token", [KHAN_TOKEN]).unwrap())),
    }
}

/// Records what the application's handler is given. The handler fails for an accweb instance named
/// `FAIL` and panics for one named `PANIC`, so the suite can check those answers too.
#[derive(Debug, Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Delivery>>>, Arc<Mutex<Vec<(SourceKind, u16)>>>);

impl Recorder {
    /// The handler to give the adapter's router.
    pub fn handler(&self) -> impl Fn(Delivery) -> std::future::Ready<Result<(), BoxError>> + Send + Sync + 'static {
        let recorded = Arc::clone(&self.0);
        move |delivery: Delivery| {
            let name = match &delivery.event {
                Event::Accweb(event) => event.instance().map(|i| i.instance_name.clone()),
                _ => None,
            };
            recorded.lock().unwrap().push(delivery);
            match name.as_deref() {
                Some("FAIL") => std::future::ready(Err("the application refused it".into())),
                Some("PANIC") => panic!("a bug in the application's handler"),
                _ => std::future::ready(Ok(())),
            }
        }
    }

    /// Takes what was recorded since the last call.
    pub fn take(&self) -> Vec<Delivery> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }

    /// The observer to give the router's `on_refusal`: records each refusal's source and status.
    pub fn refusal_observer(&self) -> impl Fn(SourceKind, &receiver_core::Error) + Send + Sync + 'static {
        let refusals = Arc::clone(&self.1);
        move |source, error| refusals.lock().unwrap().push((source, error.status_code()))
    }

    /// Takes the refusals observed since the last call.
    pub fn take_refusals(&self) -> Vec<(SourceKind, u16)> {
        std::mem::take(&mut *self.1.lock().unwrap())
    }
}

/// One request, framework-neutral.
#[derive(Debug, Clone)]
pub struct TestRequest {
    /// The method.
    pub method: &'static str,
    /// The path and query, e.g. `/agones?event_type=…`.
    pub uri: String,
    /// The headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// One response, framework-neutral: what must be byte-identical between adapters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResponse {
    /// The status.
    pub status: u16,
    /// The `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The `Allow` header, if any.
    pub allow: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// What the handler must have been given for a case.
#[derive(Debug, Clone, Copy)]
pub enum Delivered {
    /// Nothing.
    Nothing,
    /// One delivery, for which the check holds.
    One(fn(&Delivery) -> bool),
}

/// One case of the table.
#[derive(Debug, Clone)]
pub struct Case {
    /// A unique name.
    pub name: String,
    /// The request.
    pub request: TestRequest,
    /// The expected status.
    pub status: u16,
    /// The expected `Content-Type`.
    pub content_type: Option<&'static str>,
    /// The expected `Allow`.
    pub allow: Option<&'static str>,
    /// The expected body.
    pub body: Vec<u8>,
    /// What the handler must have been given.
    pub delivered: Delivered,
}

/// An adapter under test.
pub trait Harness {
    /// Sends one request and returns the response.
    fn send(&self, request: &TestRequest) -> impl Future<Output = TestResponse>;
    /// The recorder its handler writes to.
    fn recorder(&self) -> &Recorder;
}

/// Runs every case against `harness`, asserting each; returns the responses by case name, for comparing
/// adapters with each other.
pub async fn run_suite(harness: &impl Harness) -> BTreeMap<String, TestResponse> {
    let mut responses = BTreeMap::new();
    let mut failures = Vec::new();
    harness.recorder().take();
    harness.recorder().take_refusals();
    for case in cases() {
        let response = harness.send(&case.request).await;
        let delivered = harness.recorder().take();
        let refusals = harness.recorder().take_refusals();
        let refused_ok = match case.status {
            400..=499 => matches!(refusals.as_slice(), [(_, status)] if *status == case.status),
            _ => refusals.is_empty(),
        };
        if !refused_ok {
            failures.push(format!("{}: the refusal observer saw {refusals:?}", case.name));
        }
        let expected = TestResponse {
            status: case.status,
            content_type: case.content_type.map(str::to_owned),
            allow: case.allow.map(str::to_owned),
            body: case.body.clone(),
        };
        if response != expected {
            failures.push(format!("{}: expected {expected:?}\n   got {response:?}", case.name));
        }
        let delivered_ok = match (case.delivered, delivered.as_slice()) {
            (Delivered::Nothing, []) => true,
            (Delivered::One(check), [one]) => check(one),
            _ => false,
        };
        if !delivered_ok {
            failures.push(format!("{}: handler got {delivered:?}", case.name));
        }
        responses.insert(case.name, response);
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
    responses
}

fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/../fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn fixtures_in(folder: &str) -> Vec<String> {
    let dir = format!("{}/../fixtures/{folder}", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

const TEXT: Option<&str> = Some("text/plain; charset=utf-8");

struct Table(Vec<Case>);

impl Table {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        name: impl Into<String>,
        method: &'static str,
        uri: impl Into<String>,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
        status: u16,
        body_expected: impl Into<Vec<u8>>,
        delivered: Delivered,
    ) -> &mut Case {
        let content_type = match status {
            204 => None,
            _ => TEXT,
        };
        let allow = None;
        self.0.push(Case {
            name: name.into(),
            request: TestRequest {
                method,
                uri: uri.into(),
                headers: headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
                body: body.into(),
            },
            status,
            content_type,
            allow,
            body: body_expected.into(),
            delivered,
        });
        self.0.last_mut().unwrap()
    }
}

/// The error body the core gives for `body` sent to `source` (for serde messages, too long to spell out).
fn core_error<S: Source>(source: &S, method: &str, headers: &[(&str, &str)], query: &str, body: &[u8]) -> Vec<u8> {
    let incoming = Incoming::new(method, &headers, body).with_query(query);
    source.receive(&incoming).expect_err("the case expects an error").to_reply().body
}

/// The whole table.
pub fn cases() -> Vec<Case> {
    let mut t = Table(Vec::new());
    accweb_cases(&mut t);
    sonoran_cases(&mut t);
    khan_cases(&mut t);
    agones_cases(&mut t);
    twitch_cases(&mut t);
    cross_cutting_cases(&mut t);
    hostile_cases(&mut t);
    t.0
}

const NOTHING: Delivered = Delivered::Nothing;
const OVERSIZE: &str = "body is larger than the limit of 65536 bytes";

fn accweb_cases(t: &mut Table) {
    let bearer = format!("Bearer {}", ACCWEB_TOKENS[0]);
    let auth = [("Content-Type", "application/json; charset=utf-8"), ("Authorization", bearer.as_str())];
    for name in fixtures_in("accweb") {
        t.add(
            format!("accweb {name}"),
            "POST",
            "/callback",
            &auth,
            fixture(&format!("accweb/{name}")),
            204,
            "",
            Delivered::One(|d| matches!(&d.event, Event::Accweb(e) if !matches!(e, accweb::Event::Unknown(_)))),
        );
    }
    let lap = fixture("accweb/wire-a232104-instance_live_new_lap.compact.json");
    let previous = format!("Bearer {}", ACCWEB_TOKENS[1]);
    t.add(
        "accweb rotated token",
        "POST",
        "/callback",
        &[("Authorization", previous.as_str())],
        lap.clone(),
        204,
        "",
        Delivered::One(|d| matches!(&d.event, Event::Accweb(accweb::Event::NewLap(l)) if l.data.position == Some(2))),
    );
    t.add(
        "accweb at a chosen path",
        "POST",
        CUSTOM_ACCWEB_PATH,
        &auth,
        lap.clone(),
        204,
        "",
        Delivered::One(|d| d.meta.timestamp.is_some()),
    );
    t.add("accweb without credentials", "POST", "/callback", &[], lap.clone(), 401, "unauthorized", NOTHING);
    t.add(
        "accweb wrong token",
        "POST",
        "/callback",
        &[("Authorization", "Bearer nope")],
        lap.clone(),
        403,
        "forbidden",
        NOTHING,
    );
    let s = sources();
    for (name, body) in [
        ("accweb malformed JSON", b"{\"eventName\":}".to_vec()),
        ("accweb truncated JSON", lap[..lap.len() / 2].to_vec()),
        ("accweb empty body", Vec::new()),
        ("accweb missing data", br#"{"eventName":"instance_live_new_lap","timestamp":"2026-01-01T00:00:00Z","instanceId":"x","instanceName":"n","track":"spa","udpPort":1,"tcpPort":2,"nrDrivers":0}"#.to_vec()),
    ] {
        let expected = core_error(&s.accweb, "POST", &auth, "", &body);
        t.add(name, "POST", "/callback", &auth, body, 400, expected, NOTHING);
    }
    t.add("accweb oversized", "POST", "/callback", &auth, vec![b' '; LIMIT + 1], 413, OVERSIZE, NOTHING);
    t.add(
        "accweb GET",
        "GET",
        "/callback",
        &auth,
        "",
        405,
        "method GET is not accepted here; allowed: POST",
        NOTHING,
    )
    .allow = Some("POST");
    let unknown =
        br#"{"eventName":"instance_live_new_flag","timestamp":"2026-01-01T00:00:00Z","data":{"flag":"yellow"}}"#;
    t.add("accweb unknown event", "POST", "/callback", &auth, unknown.to_vec(), 204, "", Delivered::One(|d| {
        matches!(&d.event, Event::Accweb(accweb::Event::Unknown(u)) if u.event_name == "instance_live_new_flag" && u.raw.get().contains("yellow"))
    }));
    let named = |name: &str| {
        String::from_utf8(fixture("accweb/wire-a232104-instance_started.compact.json"))
            .unwrap()
            .replace("Server name (by accweb)", name)
    };
    t.add(
        "accweb handler fails",
        "POST",
        "/callback",
        &auth,
        named("FAIL"),
        500,
        "internal error",
        Delivered::One(|_| true),
    );
    t.add(
        "accweb handler panics",
        "POST",
        "/callback",
        &auth,
        named("PANIC"),
        500,
        "internal error",
        Delivered::One(|_| true),
    );
    t.add("accweb after a panic", "POST", "/callback", &auth, named("fine again"), 204, "", Delivered::One(|_| true));
}

fn sonoran_cases(t: &mut Table) {
    let json = [("Content-Type", "application/json")];
    for name in fixtures_in("sonorancad") {
        t.add(
            format!("sonoran {name}"),
            "POST",
            "/sonorancad/event",
            &json,
            fixture(&format!("sonorancad/{name}")),
            200,
            "ok",
            Delivered::One(|d| matches!(&d.event, Event::SonoranCad(e) if !matches!(e, sonoran::Event::Unknown(_)))),
        );
    }
    let tone = String::from_utf8(fixture("sonorancad/docs-EVENT_TONE.json")).unwrap();
    t.add(
        "sonoran type in lower case",
        "POST",
        "/sonorancad/event",
        &json,
        tone.replace("EVENT_TONE", "event_tone"),
        200,
        "ok",
        Delivered::One(|d| matches!(&d.event, Event::SonoranCad(sonoran::Event::Tone(_)))),
    );
    t.add(
        "sonoran rotated key",
        "POST",
        "/sonorancad/event",
        &json,
        tone.replace("YOUR_API_KEY", SONORAN_KEYS[1]),
        200,
        "ok",
        Delivered::One(|_| true),
    );
    t.add(
        "sonoran wrong key",
        "POST",
        "/sonorancad/event",
        &json,
        tone.replace("YOUR_API_KEY", "stolen"),
        403,
        "forbidden",
        NOTHING,
    );
    t.add(
        "sonoran wrong key, garbage data",
        "POST",
        "/sonorancad/event",
        &json,
        r#"{"key":"stolen","type":"EVENT_TONE","data":[1,2,3]}"#,
        403,
        "forbidden",
        NOTHING,
    );
    t.add(
        "sonoran missing key",
        "POST",
        "/sonorancad/event",
        &json,
        r#"{"type":"EVENT_TONE","data":{}}"#,
        401,
        "unauthorized",
        NOTHING,
    );
    t.add(
        "sonoran unknown type",
        "POST",
        "/sonorancad/event",
        &json,
        r#"{"key":"YOUR_API_KEY","type":"EVENT_FUTURE","data":{"x":1}}"#,
        200,
        "ok",
        Delivered::One(
            |d| matches!(&d.event, Event::SonoranCad(sonoran::Event::Unknown(u)) if u.event_type == "EVENT_FUTURE"),
        ),
    );
    let s = sources();
    for (name, body) in
        [("sonoran malformed JSON", b"{\"key\":\"YOUR_API_KEY\",".to_vec()), ("sonoran empty body", Vec::new())]
    {
        let expected = core_error(&s.sonoran, "POST", &json, "", &body);
        t.add(name, "POST", "/sonorancad/event", &json, body, 400, expected, NOTHING);
    }
    t.add(
        "sonoran PUT",
        "PUT",
        "/sonorancad/event",
        &json,
        tone,
        405,
        "method PUT is not accepted here; allowed: POST",
        NOTHING,
    )
    .allow = Some("POST");
}

/// Khan bodies as Go's `json.Marshal` writes them (constructed from khan.md §7 and §9, not captured).
const KHAN_CLAN_LEFT: &str = r#"{"clan":{"allowApplication":true,"autoJoin":false,"membershipCount":1,"metadata":{"x":1},"name":"My Clan","publicID":"clan-1"},"gameID":"my-game","id":"0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11","isDeleted":true,"newOwner":null,"previousOwner":{"membershipCount":0,"metadata":{},"name":"Alice","ownershipCount":0,"publicID":"p-alice"},"timestamp":"2021-12-08T19:33:55Z","type":5}"#;
const KHAN_PLAYER_CREATED: &str = r#"{"gameID":"my-game","id":"6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b","membershipCount":0,"metadata":{"level":1},"name":"Bob","ownershipCount":0,"publicID":"p-bob","timestamp":"2021-12-08T16:33:55-03:00","type":1}"#;

fn khan_cases(t: &mut Table) {
    let go =
        [("Content-Type", "application/json"), ("Authorization", BASIC_HEADER), ("User-Agent", "Go-http-client/1.1")];
    t.add(
        "khan clan left",
        "POST",
        "/khan",
        &go,
        KHAN_CLAN_LEFT,
        204,
        "",
        Delivered::One(|d| {
            d.meta.id.as_deref() == Some("0b9a5e86-1d3c-4c1e-9f5a-2b8f9d6f1a11")
                && matches!(&d.event, Event::Khan(khan::Event::ClanLeft(c)) if c.is_deleted && c.new_owner.is_none())
        }),
    );
    t.add(
        "khan player created",
        "POST",
        "/khan",
        &go,
        KHAN_PLAYER_CREATED,
        204,
        "",
        Delivered::One(|d| {
            matches!(&d.event, Event::Khan(khan::Event::PlayerCreated(_)))
                && d.meta.timestamp.is_some_and(|ts| ts.offset_minutes() == -180)
        }),
    );
    t.add(
        "khan rotated password",
        "POST",
        "/khan",
        &[("Authorization", BASIC_HEADER_ROTATED)],
        KHAN_PLAYER_CREATED,
        204,
        "",
        Delivered::One(|_| true),
    );
    t.add("khan without credentials", "POST", "/khan", &[], KHAN_PLAYER_CREATED, 401, "unauthorized", NOTHING);
    t.add(
        "khan wrong password",
        "POST",
        "/khan",
        &[("Authorization", "Basic cmVsYXk6d3Jvbmc=")],
        KHAN_PLAYER_CREATED,
        403,
        "forbidden",
        NOTHING,
    );
    t.add(
        "khan unknown type",
        "POST",
        "/khan",
        &go,
        KHAN_PLAYER_CREATED.replace(r#""type":1"#, r#""type":13"#),
        204,
        "",
        Delivered::One(|d| matches!(&d.event, Event::Khan(khan::Event::Unknown(u)) if u.type_code == 13)),
    );
    let s = sources();
    let body = KHAN_PLAYER_CREATED.replace(r#""type":1"#, r#""type":"1""#);
    let expected = core_error(&s.khan, "POST", &go, "", body.as_bytes());
    t.add("khan type as a string", "POST", "/khan", &go, body, 400, expected, NOTHING);
}

fn agones_cases(t: &mut Table) {
    let go = [("Content-Type", "application/json"), ("Authorization", BASIC_HEADER)];
    for (name, method) in [
        ("gameserver-onadd", "POST"),
        ("gameserver-onupdate", "PUT"),
        ("fleet-onadd", "POST"),
        ("fleet-onupdate", "PUT"),
    ] {
        t.add(
            format!("agones {name}"),
            method,
            "/agones",
            &go,
            fixture(&format!("agones-relay-http/{name}.json")),
            204,
            "",
            Delivered::One(|d| {
                matches!(&d.event, Event::Agones(e) if !matches!(e, agones::Event::Unknown(_))) && d.meta.id.is_some()
            }),
        );
    }
    t.add(
        "agones DELETE with its one-byte body",
        "DELETE",
        "/agones?event_type=gameserver.events.deleted&name=gs-1&namespace=default",
        &go,
        "n",
        204,
        "",
        Delivered::One(|d| matches!(&d.event, Event::Agones(agones::Event::GameServerDeleted(x)) if x.name == "gs-1")),
    );
    t.add(
        "agones DELETE of a fleet",
        "DELETE",
        "/agones?event_type=fleet.events.deleted&name=f&namespace=games",
        &go,
        "n",
        204,
        "",
        Delivered::One(|d| matches!(&d.event, Event::Agones(agones::Event::FleetDeleted(x)) if x.namespace == "games")),
    );
    t.add(
        "agones DELETE with the duplicated ?",
        "DELETE",
        "/agones?tenant=eu?event_type=gameserver.events.deleted&name=gs-2&namespace=default",
        &go,
        "n",
        204,
        "",
        Delivered::One(|d| matches!(&d.event, Event::Agones(agones::Event::GameServerDeleted(x)) if x.name == "gs-2")),
    );
    let s = sources();
    let add = fixture("agones-relay-http/gameserver-onadd.json");
    let expected = core_error(&s.agones, "PUT", &go, "", &add);
    t.add("agones added sent with PUT", "PUT", "/agones", &go, add.clone(), 400, expected, NOTHING);
    let mut truncated = String::from_utf8(fixture("agones-relay-http/gameserver-onupdate.json")).unwrap();
    while truncated.len() < 40_000 {
        truncated = truncated.replacen("\"agones.dev/sdk-version\": \"1.9.0\"", "\"agones.dev/sdk-version\": \"1.9.0\", \"pad\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"", 1);
    }
    let truncated = truncated.as_bytes()[..32 * 1024].to_vec();
    let expected = core_error(&s.agones, "PUT", &go, "", &truncated);
    assert!(String::from_utf8_lossy(&expected).contains("32"), "{}", String::from_utf8_lossy(&expected));
    t.add("agones body cut at 32 KiB", "PUT", "/agones", &go, truncated, 400, expected, NOTHING);
    t.add("agones without credentials", "POST", "/agones", &[], add.clone(), 401, "unauthorized", NOTHING);
    t.add(
        "agones PATCH",
        "PATCH",
        "/agones",
        &go,
        add,
        405,
        "method PATCH is not accepted here; allowed: POST, PUT, DELETE",
        NOTHING,
    )
    .allow = Some("POST, PUT, DELETE");
}

/// Twitch headers for `body`, signed with `secret` at `sent`, with the subscription headers when the body
/// names its subscription (hostile bodies may not).
fn twitch_headers(secret: &str, message_type: &str, body: &[u8], sent: SystemTime) -> Vec<(String, String)> {
    twitch_headers_with_id("0b8f6ae3-11b5-4dbc-0d59-3f4f1a2e6c7b", secret, message_type, body, sent)
}

fn twitch_headers_with_id(
    id: &str,
    secret: &str,
    message_type: &str,
    body: &[u8],
    sent: SystemTime,
) -> Vec<(String, String)> {
    let timestamp = Timestamp::from_system_time(sent).to_string();
    let signature = twitch::signature_header(&Secret::new(secret).unwrap(), id, &timestamp, body);
    let mut headers: Vec<(String, String)> = [
        ("Content-Type", "application/json"),
        ("Twitch-Eventsub-Message-Id", id),
        ("Twitch-Eventsub-Message-Retry", "0"),
        ("Twitch-Eventsub-Message-Type", message_type),
        ("Twitch-Eventsub-Message-Signature", signature.as_str()),
        ("Twitch-Eventsub-Message-Timestamp", timestamp.as_str()),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v.to_owned()))
    .collect();
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        for (name, key) in
            [("Twitch-Eventsub-Subscription-Type", "type"), ("Twitch-Eventsub-Subscription-Version", "version")]
        {
            if let Some(text) = value["subscription"][key].as_str() {
                headers.push((name.to_owned(), text.to_owned()));
            }
        }
    }
    headers
}

fn twitch_case(
    t: &mut Table,
    name: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    status: u16,
    expected: impl Into<Vec<u8>>,
    delivered: Delivered,
) {
    let refs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    t.add(name, "POST", "/eventsub", &refs, body, status, expected, delivered);
}

fn twitch_cases(t: &mut Table) {
    let now = SystemTime::now();
    for name in fixtures_in("twitch-eventsub")
        .into_iter()
        .filter(|n| n.starts_with("webhook-notification-") && n.contains(".twitch_api"))
    {
        let body = fixture(&format!("twitch-eventsub/{name}"));
        let headers = twitch_headers(TWITCH_SECRETS[0], "notification", &body, now);
        twitch_case(
            t,
            format!("twitch {name}"),
            headers,
            body,
            204,
            "",
            Delivered::One(
                |d| matches!(&d.event, Event::Twitch(twitch::Message::Notification(n)) if !matches!(n.event, twitch::Event::Unknown(_))),
            ),
        );
    }
    let follow = fixture("twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json");
    let challenge = fixture("twitch-eventsub/webhook-verification-channel.subscribe.signed-body.json");
    let headers = twitch_headers(TWITCH_SECRETS[0], "webhook_callback_verification", &challenge, now);
    twitch_case(
        t,
        "twitch verification challenge".into(),
        headers,
        challenge,
        200,
        "11535768-497e-14ec-8197-ba2cb5341a01",
        Delivered::One(|d| matches!(&d.event, Event::Twitch(twitch::Message::Verification(_)))),
    );
    let revocation = fixture("twitch-eventsub/webhook-revocation-channel.follow.v1.twitch_api.json");
    let headers = twitch_headers(TWITCH_SECRETS[0], "revocation", &revocation, now);
    twitch_case(
        t,
        "twitch revocation".into(),
        headers,
        revocation,
        204,
        "",
        Delivered::One(
            |d| matches!(&d.event, Event::Twitch(twitch::Message::Revocation(r)) if r.reason() == &twitch::SubscriptionStatus::AuthorizationRevoked),
        ),
    );
    let headers = twitch_headers(TWITCH_SECRETS[1], "notification", &follow, now);
    twitch_case(
        t,
        "twitch rotated secret".into(),
        headers,
        follow.clone(),
        204,
        "",
        Delivered::One(|d| d.meta.id.is_some()),
    );
    let headers = twitch_headers("someone-elses-secret", "notification", &follow, now);
    twitch_case(t, "twitch bad signature".into(), headers, follow.clone(), 403, "forbidden", NOTHING);
    let mut headers = twitch_headers(TWITCH_SECRETS[0], "notification", &follow, now);
    headers.retain(|(n, _)| n != "Twitch-Eventsub-Message-Signature");
    twitch_case(t, "twitch missing signature".into(), headers, follow.clone(), 401, "unauthorized", NOTHING);
    let stale = now - Duration::from_secs(11 * 60);
    twitch_case(
        t,
        "twitch 11 minutes old".into(),
        twitch_headers(TWITCH_SECRETS[0], "notification", &follow, stale),
        follow.clone(),
        403,
        "forbidden",
        NOTHING,
    );
    let future = now + Duration::from_secs(11 * 60);
    twitch_case(
        t,
        "twitch 11 minutes ahead".into(),
        twitch_headers(TWITCH_SECRETS[0], "notification", &follow, future),
        follow.clone(),
        403,
        "forbidden",
        NOTHING,
    );
    let mut headers = twitch_headers(TWITCH_SECRETS[0], "notification", &follow, now);
    let mut tampered = follow.clone();
    tampered[10] ^= 1;
    headers.retain(|(n, _)| !n.starts_with("Twitch-Eventsub-Subscription"));
    twitch_case(t, "twitch tampered body".into(), headers, tampered, 403, "forbidden", NOTHING);
    let chat = fixture("twitch-eventsub/ws-payload-notification-channel.chat.message.v1.twitch_api.json");
    let headers = twitch_headers(TWITCH_SECRETS[0], "notification", &chat, now);
    twitch_case(
        t,
        "twitch type not typed yet".into(),
        headers,
        chat,
        204,
        "",
        Delivered::One(
            |d| matches!(&d.event, Event::Twitch(twitch::Message::Notification(n)) if matches!(&n.event, twitch::Event::Unknown(u) if u.subscription_type == "channel.chat.message")),
        ),
    );
    let headers = twitch_headers(TWITCH_SECRETS[0], "notification", &follow, now);
    let refs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    t.add(
        "twitch GET",
        "GET",
        "/eventsub",
        &refs,
        "",
        405,
        "method GET is not accepted here; allowed: POST",
        NOTHING,
    )
    .allow = Some("POST");
}

fn cross_cutting_cases(t: &mut Table) {
    // A declared length over the limit is refused before the body is read, whatever the body.
    let json = [("Content-Type", "application/json")];
    t.add("sonoran oversized", "POST", "/sonorancad/event", &json, vec![b' '; LIMIT + 1], 413, OVERSIZE, NOTHING);
    t.add("twitch oversized", "POST", "/eventsub", &json, vec![b' '; LIMIT + 1], 413, OVERSIZE, NOTHING);
    t.add("agones oversized", "PUT", "/agones", &json, vec![b' '; LIMIT + 1], 413, OVERSIZE, NOTHING);
    t.add("khan oversized", "POST", "/khan", &json, vec![b' '; LIMIT + 1], 413, OVERSIZE, NOTHING);
}

/// The bad-input catalogue: hostile or broken requests, each with the exact answer.
fn hostile_cases(t: &mut Table) {
    let s = sources();
    let now = SystemTime::now();
    let follow = fixture("twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json");
    let signed = |body: &[u8]| twitch_headers(TWITCH_SECRETS[0], "notification", body, now);
    let with = |headers: &[(String, String)], name: &str, value: &str| -> Vec<(String, String)> {
        let mut headers: Vec<_> = headers.iter().filter(|(n, _)| n != name).cloned().collect();
        headers.push((name.to_owned(), value.to_owned()));
        headers
    };
    let without = |headers: &[(String, String)], name: &str| -> Vec<(String, String)> {
        headers.iter().filter(|(n, _)| n != name).cloned().collect()
    };
    let refs = |headers: &[(String, String)]| -> Vec<(String, String)> { headers.to_vec() };

    // --- Twitch headers: missing, duplicated, oversized, malformed signatures, far timestamps.
    let good = signed(&follow);
    let signature = good.iter().find(|(n, _)| n == "Twitch-Eventsub-Message-Signature").unwrap().1.clone();
    for (name, value) in [
        ("empty signature", String::new()),
        ("signature without its prefix", signature.trim_start_matches("sha256=").to_owned()),
        ("signature with another algorithm", signature.replace("sha256=", "sha1=")),
        ("signature one hex digit short", signature[..signature.len() - 1].to_owned()),
        ("signature one hex digit long", format!("{signature}0")),
        ("signature not hex", format!("sha256={}", "zz".repeat(32))),
        ("signature of 8 KiB", format!("sha256={}", "ab".repeat(4096))),
        ("signature with spaces", format!("sha256= {}", &signature[7..])),
        (
            "signature of another body",
            twitch::signature_header(&Secret::new(TWITCH_SECRETS[0]).unwrap(), "x", "y", b"{}"),
        ),
    ] {
        let headers = with(&good, "Twitch-Eventsub-Message-Signature", &value);
        twitch_case(t, format!("hostile twitch {name}"), refs(&headers), follow.clone(), 403, "forbidden", NOTHING);
    }
    let mut duplicated = good.clone();
    duplicated.push(("Twitch-Eventsub-Message-Signature".into(), "sha256=garbage".into()));
    twitch_case(
        t,
        "hostile twitch a second signature header after the good one".into(),
        duplicated,
        follow.clone(),
        204,
        "",
        Delivered::One(|_| true),
    );
    let mut garbage_first = without(&good, "Twitch-Eventsub-Message-Signature");
    garbage_first.insert(0, ("Twitch-Eventsub-Message-Signature".into(), "sha256=garbage".into()));
    garbage_first.push(("Twitch-Eventsub-Message-Signature".into(), signature.clone()));
    twitch_case(
        t,
        "hostile twitch a garbage signature header before the good one".into(),
        garbage_first,
        follow.clone(),
        403,
        "forbidden",
        NOTHING,
    );
    for (header, message) in [
        ("Twitch-Eventsub-Message-Id", "missing required header `twitch-eventsub-message-id`"),
        ("Twitch-Eventsub-Message-Timestamp", "missing required header `twitch-eventsub-message-timestamp`"),
    ] {
        twitch_case(
            t,
            format!("hostile twitch without {header}"),
            without(&good, header),
            follow.clone(),
            400,
            message,
            NOTHING,
        );
    }
    twitch_case(
        t,
        "hostile twitch without a message type".into(),
        without(&good, "Twitch-Eventsub-Message-Type"),
        follow.clone(),
        400,
        "missing required header `twitch-eventsub-message-type`",
        NOTHING,
    );
    for (name, when) in [
        ("from 1970", SystemTime::UNIX_EPOCH + Duration::from_secs(1)),
        ("a year ago", now - Duration::from_secs(365 * 86_400)),
        ("a year ahead", now + Duration::from_secs(365 * 86_400)),
    ] {
        twitch_case(
            t,
            format!("hostile twitch timestamp {name}"),
            twitch_headers(TWITCH_SECRETS[0], "notification", &follow, when),
            follow.clone(),
            403,
            "forbidden",
            NOTHING,
        );
    }
    // Authentic but unreadable timestamps: the signature covers them, so they are 400, not 403.
    for (name, stamp) in
        [("not RFC 3339", "yesterday"), ("without a zone", "2026-11-22T12:00:00"), ("month 13", "2026-13-01T00:00:00Z")]
    {
        let mut headers = with(&good, "Twitch-Eventsub-Message-Timestamp", stamp);
        let id = "0b8f6ae3-11b5-4dbc-0d59-3f4f1a2e6c7b";
        let signature = twitch::signature_header(&Secret::new(TWITCH_SECRETS[0]).unwrap(), id, stamp, &follow);
        headers = with(&headers, "Twitch-Eventsub-Message-Signature", &signature);
        twitch_case(
            t,
            format!("hostile twitch signed timestamp {name}"),
            headers,
            follow.clone(),
            400,
            "invalid header `twitch-eventsub-message-timestamp`: not an RFC 3339 timestamp",
            NOTHING,
        );
    }
    let mut offset = twitch_headers(TWITCH_SECRETS[0], "notification", &follow, now);
    let local = {
        let stamp = Timestamp::from_system_time(now);
        let seconds = stamp.unix_seconds() + 14 * 3600;
        let shifted =
            Timestamp::from_system_time(SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap()));
        shifted.to_string().replace('Z', "+14:00")
    };
    let signature = twitch::signature_header(
        &Secret::new(TWITCH_SECRETS[0]).unwrap(),
        "0b8f6ae3-11b5-4dbc-0d59-3f4f1a2e6c7b",
        &local,
        &follow,
    );
    offset = with(&offset, "Twitch-Eventsub-Message-Timestamp", &local);
    offset = with(&offset, "Twitch-Eventsub-Message-Signature", &signature);
    twitch_case(
        t,
        "hostile twitch timestamp now, written at +14:00".into(),
        offset,
        follow.clone(),
        204,
        "",
        Delivered::One(|_| true),
    );
    let headers = with(&good, "Twitch-Eventsub-Subscription-Type", "channel.raid");
    let expected = "invalid header `twitch-eventsub-subscription-type`: headers say channel.raid v2, the body's subscription says channel.follow v2";
    twitch_case(
        t,
        "hostile twitch type header contradicts the body".into(),
        headers,
        follow.clone(),
        400,
        expected,
        NOTHING,
    );

    // --- Twitch bodies, authentic: malformed in every way.
    let follow_text = String::from_utf8(follow.clone()).unwrap();
    let twitch_bodies: Vec<(&str, Vec<u8>)> = vec![
        ("non-UTF-8", [&follow[..20], &[0xff, 0xfe][..], &follow[20..]].concat()),
        ("nested 10000 deep", format!("{{\"subscription\":{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes()),
        ("with a UTF-8 BOM", [&[0xef, 0xbb, 0xbf][..], &follow[..]].concat()),
        ("with trailing garbage", [&follow[..], b" {}"].concat()),
        ("a duplicated event key", follow_text.replacen("\"event\": {", "\"event\": {}, \"event\": {", 1).into_bytes()),
        (
            "a huge number",
            follow_text.replacen("\"cost\": 0", "\"cost\": 123456789012345678901234567890", 1).into_bytes(),
        ),
        ("null", b"null".to_vec()),
        ("a string", b"\"event\"".to_vec()),
        ("an empty object", b"{}".to_vec()),
    ];
    for (name, body) in twitch_bodies {
        let mut headers = signed(&body);
        if name == "non-UTF-8"
            || name == "nested 10000 deep"
            || name == "null"
            || name == "a string"
            || name == "an empty object"
        {
            // No subscription to read the type headers from: send the follow's, so the body is what is judged.
            headers = with(&headers, "Twitch-Eventsub-Subscription-Type", "channel.follow");
            headers = with(&headers, "Twitch-Eventsub-Subscription-Version", "2");
        }
        let refs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let expected = core_error(&s.twitch, "POST", &refs, "", &body);
        twitch_case(t, format!("hostile twitch body {name}"), headers, body, 400, expected, NOTHING);
    }

    // --- accweb bodies.
    let bearer = format!("Bearer {}", ACCWEB_TOKENS[0]);
    let accweb_auth = [("Authorization", bearer.as_str())];
    let started = String::from_utf8(fixture("accweb/wire-a232104-instance_started.compact.json")).unwrap();
    let accweb_bodies: Vec<(&str, Vec<u8>)> = vec![
        (
            "non-UTF-8",
            started
                .replacen("Server name", "Server \u{fffd}name", 1)
                .replace('\u{fffd}', "\u{1}")
                .into_bytes()
                .into_iter()
                .map(|b| if b == 1 { 0xff } else { b })
                .collect(),
        ),
        (
            "nested 10000 deep",
            format!(
                "{{\"eventName\":\"instance_live_new_lap\",\"data\":{}{}}}",
                "[".repeat(10_000),
                "]".repeat(10_000)
            )
            .into_bytes(),
        ),
        ("a port too large", started.replace("\"udpPort\":9601", "\"udpPort\":70000").into_bytes()),
        (
            "a number of 40 digits",
            started.replace("\"nrDrivers\":4", "\"nrDrivers\":1234567890123456789012345678901234567890").into_bytes(),
        ),
        ("a float where an integer goes", started.replace("\"nrDrivers\":4", "\"nrDrivers\":4.5").into_bytes()),
        (
            "a number as instance id",
            started.replace("\"instanceId\":\"1714097074\"", "\"instanceId\":1714097074").into_bytes(),
        ),
        (
            "a duplicated timestamp",
            started.replace("\"instanceId\"", "\"timestamp\":\"2026-01-01T00:00:00Z\",\"instanceId\"").into_bytes(),
        ),
        ("an array", b"[{\"eventName\":\"instance_started\"}]".to_vec()),
        ("an event name that is a number", b"{\"eventName\":5}".to_vec()),
        ("whitespace only", b"   \n ".to_vec()),
    ];
    for (name, body) in accweb_bodies {
        let expected = core_error(&s.accweb, "POST", &accweb_auth, "", &body);
        t.add(format!("hostile accweb body {name}"), "POST", "/callback", &accweb_auth, body, 400, expected, NOTHING);
    }
    let long_name = started.replace("Server name (by accweb)", &"é".repeat(20_000));
    t.add("hostile accweb a 40 KB server name", "POST", "/callback", &accweb_auth, long_name, 204, "", Delivered::One(|d| {
        matches!(&d.event, Event::Accweb(e) if e.instance().is_some_and(|i| i.instance_name.chars().count() == 20_000))
    }));
    t.add(
        "hostile accweb lower-case bearer scheme",
        "POST",
        "/callback",
        &[("Authorization", &format!("bearer {}", ACCWEB_TOKENS[0]))],
        started.clone(),
        204,
        "",
        Delivered::One(|_| true),
    );
    t.add(
        "hostile accweb bearer without a token",
        "POST",
        "/callback",
        &[("Authorization", "Bearer")],
        started.clone(),
        401,
        "unauthorized",
        NOTHING,
    );
    t.add(
        "hostile accweb basic instead of bearer",
        "POST",
        "/callback",
        &[("Authorization", BASIC_HEADER)],
        started.clone(),
        401,
        "unauthorized",
        NOTHING,
    );
    t.add(
        "hostile accweb token of another source",
        "POST",
        "/callback",
        &[("Authorization", &format!("Bearer {}", TWITCH_SECRETS[0]))],
        started.clone(),
        403,
        "forbidden",
        NOTHING,
    );
    t.add(
        "hostile accweb OPTIONS",
        "OPTIONS",
        "/callback",
        &accweb_auth,
        "",
        405,
        "method OPTIONS is not accepted here; allowed: POST",
        NOTHING,
    )
    .allow = Some("POST");
    t.add(
        "hostile accweb lower-case method",
        "post",
        "/callback",
        &accweb_auth,
        started.clone(),
        405,
        "method post is not accepted here; allowed: POST",
        NOTHING,
    )
    .allow = Some("POST");

    // --- Sonoran CAD: the key of every wrong JSON type, bodies of every wrong shape.
    let tone = String::from_utf8(fixture("sonorancad/docs-EVENT_TONE.json")).unwrap();
    for (name, key) in [
        ("a number", "12345"),
        ("null", "null"),
        ("an array", "[\"YOUR_API_KEY\"]"),
        ("an object", "{\"key\":\"YOUR_API_KEY\"}"),
        ("true", "true"),
    ] {
        let body = tone.replace("\"YOUR_API_KEY\"", key);
        t.add(
            format!("hostile sonoran key {name}"),
            "POST",
            "/sonorancad/event",
            &[],
            body,
            401,
            "unauthorized",
            NOTHING,
        );
    }
    t.add(
        "hostile sonoran key in other case, exact mode",
        "POST",
        "/sonorancad/event",
        &[],
        tone.replace("YOUR_API_KEY", "your_api_key"),
        403,
        "forbidden",
        NOTHING,
    );
    t.add(
        "hostile sonoran two keys, the second right",
        "POST",
        "/sonorancad/event",
        &[],
        tone.replacen("\"key\": \"YOUR_API_KEY\"", "\"key\": \"wrong\", \"key\": \"YOUR_API_KEY\"", 1),
        403,
        "forbidden",
        NOTHING,
    );
    let sonoran_bodies: Vec<(&str, Vec<u8>)> = vec![
        ("non-UTF-8", [&tone.as_bytes()[..30], &[0xc3, 0x28][..], &tone.as_bytes()[30..]].concat()),
        ("nested 10000 deep", format!("{{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_TONE\",\"data\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes()),
        ("a type that is a number", b"{\"key\":\"YOUR_API_KEY\",\"type\":7,\"data\":{}}".to_vec()),
        ("a huge call id", b"{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_DISPATCH_NOTE\",\"data\":{\"callId\":99999999999999999999999,\"note\":{}}}".to_vec()),
        ("data with two elements", b"{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":[{\"identId\":1},{\"identId\":2}]}".to_vec()),
        ("two types", b"{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_TONE\",\"type\":\"EVENT_911\",\"data\":{}}".to_vec()),
    ];
    for (name, body) in sonoran_bodies {
        let expected = core_error(&s.sonoran, "POST", &[], "", &body);
        t.add(format!("hostile sonoran body {name}"), "POST", "/sonorancad/event", &[], body, 400, expected, NOTHING);
    }

    // --- Khan: URL tokens repeated, encoded, of another source; bodies of wrong shapes.
    let player = KHAN_PLAYER_CREATED;
    for (name, query, status, answer) in [
        ("the token percent-encoded", "?token=s3cret%20token", 204, ""),
        ("the token with + for the space", "?token=s3cret+token", 204, ""),
        ("the token first of two", "?token=s3cret+token&token=wrong", 204, ""),
        ("the token second of two", "?token=wrong&token=s3cret+token", 403, "forbidden"),
        ("the token with a wrong escape", "?token=s3cret%2", 403, "forbidden"),
        ("no token", "?id=1", 401, "unauthorized"),
        ("the token in another parameter", "?s3cret+token", 401, "unauthorized"),
    ] {
        let delivered = if status == 204 { Delivered::One(|_| true) } else { NOTHING };
        t.add(
            format!("hostile khan {name}"),
            "POST",
            format!("{KHAN_TOKEN_PATH}{query}"),
            &[],
            player,
            status,
            answer,
            delivered,
        );
    }
    t.add(
        "hostile khan the token sent as Basic",
        "POST",
        KHAN_TOKEN_PATH,
        &[("Authorization", BASIC_HEADER)],
        player,
        401,
        "unauthorized",
        NOTHING,
    );
    t.add(
        "hostile khan Basic with invalid base64",
        "POST",
        "/khan",
        &[("Authorization", "Basic %%%")],
        player,
        403,
        "forbidden",
        NOTHING,
    );
    t.add(
        "hostile khan Basic with nothing after it",
        "POST",
        "/khan",
        &[("Authorization", "Basic")],
        player,
        401,
        "unauthorized",
        NOTHING,
    );
    let go = [("Authorization", BASIC_HEADER)];
    let khan_bodies: Vec<(&str, Vec<u8>)> = vec![
        (
            "non-UTF-8",
            player.replace("Bob", "B\u{1}b").into_bytes().into_iter().map(|b| if b == 1 { 0x80 } else { b }).collect(),
        ),
        (
            "nested 10000 deep",
            format!("{{\"metadata\":{}{},\"type\":1}}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
        ),
        ("a type of 400 digits", player.replace("\"type\":1", &format!("\"type\":{}", "9".repeat(400))).into_bytes()),
        ("a negative count", player.replace("\"membershipCount\":0", "\"membershipCount\":-1").into_bytes()),
        ("two types", player.replace("\"type\":1", "\"type\":1,\"type\":2").into_bytes()),
    ];
    for (name, body) in khan_bodies {
        match s.khan.receive(&Incoming::post(&go, &body)) {
            Err(_) => {
                let expected = core_error(&s.khan, "POST", &go, "", &body);
                t.add(format!("hostile khan body {name}"), "POST", "/khan", &go, body, 400, expected, NOTHING);
            }
            // A negative count is a number like any other: delivered as sent.
            Ok(_) => {
                t.add(
                    format!("hostile khan body {name}"),
                    "POST",
                    "/khan",
                    &go,
                    body,
                    204,
                    "",
                    Delivered::One(|_| true),
                );
            }
        }
    }

    // --- Agones: queries repeated or encoded, bodies of wrong shapes, credentials of another source.
    let relay = [("Authorization", BASIC_HEADER)];
    for (name, query, status, check) in [
        (
            "an encoded name",
            "event_type=gameserver.events.deleted&name=gs%2D%31&namespace=default",
            204,
            Delivered::One(
                |d| matches!(&d.event, Event::Agones(agones::Event::GameServerDeleted(x)) if x.name == "gs-1"),
            ),
        ),
        (
            "the event type twice",
            "event_type=fleet.events.deleted&event_type=gameserver.events.deleted&name=f&namespace=d",
            204,
            Delivered::One(|d| matches!(&d.event, Event::Agones(agones::Event::FleetDeleted(_)))),
        ),
        (
            "an unknown kind",
            "event_type=gameserverset.events.deleted&name=s&namespace=d",
            204,
            Delivered::One(|d| matches!(&d.event, Event::Agones(agones::Event::Unknown(_)))),
        ),
    ] {
        t.add(
            format!("hostile agones DELETE with {name}"),
            "DELETE",
            format!("/agones?{query}"),
            &relay,
            "n",
            status,
            "",
            check,
        );
    }
    for (name, query) in [
        ("an empty name", "event_type=gameserver.events.deleted&name=&namespace=default"),
        ("no query", ""),
        ("an added event type", "event_type=gameserver.events.added&name=x&namespace=d"),
    ] {
        let expected = core_error(&s.agones, "DELETE", &relay, query, b"n");
        let uri = if query.is_empty() { "/agones".to_owned() } else { format!("/agones?{query}") };
        t.add(format!("hostile agones DELETE with {name}"), "DELETE", uri, &relay, "n", 400, expected, NOTHING);
    }
    let add = String::from_utf8(fixture("agones-relay-http/gameserver-onadd.json")).unwrap();
    let agones_bodies: Vec<(&str, Vec<u8>)> = vec![
        (
            "non-UTF-8",
            add.replacen("simple-udp", "simple\u{1}udp", 1)
                .into_bytes()
                .into_iter()
                .map(|b| if b == 1 { 0xfe } else { b })
                .collect(),
        ),
        ("nested 10000 deep", format!("{{\"body\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes()),
        ("an object without a name", add.replace("\"name\": \"simple-udp-7jcpl-5qrbc\",", "").into_bytes()),
        ("two bodies", format!("{{\"body\":{{}},{}", &add.trim_start()[1..]).into_bytes()),
    ];
    for (name, body) in agones_bodies {
        let expected = core_error(&s.agones, "POST", &relay, "", &body);
        t.add(format!("hostile agones body {name}"), "POST", "/agones", &relay, body, 400, expected, NOTHING);
    }

    // --- Every source's credentials presented to another source's endpoint.
    let follow_headers = good.clone();
    let twitch_refs: Vec<(&str, &str)> = follow_headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    t.add(
        "hostile cross twitch headers to accweb",
        "POST",
        "/callback",
        &twitch_refs,
        started.clone(),
        401,
        "unauthorized",
        NOTHING,
    );
    t.add(
        "hostile cross accweb token to twitch",
        "POST",
        "/eventsub",
        &accweb_auth,
        follow.clone(),
        401,
        "unauthorized",
        NOTHING,
    );
    t.add("hostile cross accweb token to khan", "POST", "/khan", &accweb_auth, player, 401, "unauthorized", NOTHING);
    t.add("hostile cross sonoran body to khan", "POST", "/khan", &[], tone.clone(), 401, "unauthorized", NOTHING);
    t.add(
        "hostile cross khan basic to sonoran",
        "POST",
        "/sonorancad/event",
        &[("Authorization", BASIC_HEADER)],
        r#"{"type":"EVENT_TONE","data":{}}"#,
        401,
        "unauthorized",
        NOTHING,
    );
    t.add(
        "hostile cross twitch body to agones",
        "POST",
        "/agones",
        &relay,
        follow.clone(),
        400,
        core_error(&s.agones, "POST", &relay, "", &follow),
        NOTHING,
    );
    t.add("hostile cross agones basic to accweb", "POST", "/callback", &relay, started, 401, "unauthorized", NOTHING);
}

/// A Twitch `channel.follow` notification with message id `id`, signed now with the current secret, for
/// `/eventsub`: what Twitch sends again, byte for byte, when it re-delivers.
pub fn twitch_notification(id: &str) -> TestRequest {
    let body = fixture("twitch-eventsub/webhook-notification-channel.follow.v2.twitch_api.json");
    let headers = twitch_headers_with_id(id, TWITCH_SECRETS[0], "notification", &body, SystemTime::now());
    TestRequest { method: "POST", uri: "/eventsub".into(), headers, body }
}

/// A Twitch verification challenge with message id `id`, signed now, for `/eventsub`.
pub fn twitch_challenge(id: &str) -> TestRequest {
    let body = fixture("twitch-eventsub/webhook-verification-channel.subscribe.signed-body.json");
    let headers =
        twitch_headers_with_id(id, TWITCH_SECRETS[0], "webhook_callback_verification", &body, SystemTime::now());
    TestRequest { method: "POST", uri: "/eventsub".into(), headers, body }
}

/// A Khan `player created` hook with event id `id`, for `/khan`.
pub fn khan_hook(id: &str) -> TestRequest {
    let body = KHAN_PLAYER_CREATED.replace("6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", id).into_bytes();
    let headers = vec![("Authorization".to_owned(), BASIC_HEADER.to_owned())];
    TestRequest { method: "POST", uri: "/khan".into(), headers, body }
}

/// An Agones GameServer update (the same object version every time), for `/agones`.
pub fn agones_update() -> TestRequest {
    let body = fixture("agones-relay-http/gameserver-onupdate.json");
    let headers = vec![("Authorization".to_owned(), BASIC_HEADER.to_owned())];
    TestRequest { method: "PUT", uri: "/agones".into(), headers, body }
}
