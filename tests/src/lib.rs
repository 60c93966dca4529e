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

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

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
}

/// The sources, configured with rotated secrets and [`LIMIT`].
pub fn sources() -> Sources {
    Sources {
        accweb: Accweb::new(Auth::bearer(ACCWEB_TOKENS).unwrap()).with_max_body_bytes(LIMIT).unwrap(),
        sonoran: SonoranCad::new(SONORAN_KEYS).unwrap().with_max_body_bytes(LIMIT).unwrap(),
        khan: Khan::new(Auth::basic(BASIC).unwrap()).with_max_body_bytes(LIMIT).unwrap(),
        agones: AgonesRelay::new(Auth::basic(BASIC).unwrap()).with_max_body_bytes(LIMIT).unwrap(),
        twitch: TwitchEventSub::new(TWITCH_SECRETS).unwrap().with_max_body_bytes(LIMIT).unwrap(),
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

/// Twitch headers for `body`, signed with `secret` at `sent`.
fn twitch_headers(secret: &str, message_type: &str, body: &[u8], sent: SystemTime) -> Vec<(String, String)> {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap();
    let (kind, version) =
        (value["subscription"]["type"].as_str().unwrap(), value["subscription"]["version"].as_str().unwrap());
    let id = "0b8f6ae3-11b5-4dbc-0d59-3f4f1a2e6c7b";
    let timestamp = Timestamp::from_system_time(sent).to_string();
    let signature = twitch::signature_header(&Secret::new(secret).unwrap(), id, &timestamp, body);
    [
        ("Content-Type", "application/json"),
        ("Twitch-Eventsub-Message-Id", id),
        ("Twitch-Eventsub-Message-Retry", "0"),
        ("Twitch-Eventsub-Message-Type", message_type),
        ("Twitch-Eventsub-Message-Signature", signature.as_str()),
        ("Twitch-Eventsub-Message-Timestamp", timestamp.as_str()),
        ("Twitch-Eventsub-Subscription-Type", kind),
        ("Twitch-Eventsub-Subscription-Version", version),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v.to_owned()))
    .collect()
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
