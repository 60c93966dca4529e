//! The conformance table against every adapter, in process and over a real socket, and the proof that all
//! runs answered byte for byte the same.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use axum::Router;
use axum::body::{Body, to_bytes};
use receiver_actix::Endpoints as ActixEndpoints;
use receiver_axum::Endpoints;
use receiver_core::DeliveryOptions;
use receiver_tests::{
    CUSTOM_ACCWEB_PATH, Harness, KHAN_TOKEN_PATH, Recorder, TestRequest, TestResponse, cases, run_suite, sources,
};
use tower::ServiceExt;

/// The table sends the same Twitch message id and Khan ids again and again on purpose (each case expects its
/// own delivery): deduplication is off here, and proved in `tests/tests/delivery.rs`.
fn no_dedupe() -> DeliveryOptions {
    DeliveryOptions::inline().without_dedupe()
}

fn axum_app(recorder: &Recorder) -> Router {
    let s = sources();
    let custom = sources().accweb;
    Endpoints::new(recorder.handler())
        .source(s.accweb)
        .source_at(CUSTOM_ACCWEB_PATH, custom)
        .source(s.sonoran)
        .source_with(s.khan, no_dedupe())
        .source(s.agones)
        .source_with(s.twitch, no_dedupe())
        .source_at_with(KHAN_TOKEN_PATH, s.khan_token, no_dedupe())
        .on_refusal(recorder.refusal_observer())
        .into_router()
}

struct AxumInProcess {
    app: Router,
    recorder: Recorder,
}

impl Harness for AxumInProcess {
    async fn send(&self, request: &TestRequest) -> TestResponse {
        let mut builder = axum::http::Request::builder().method(request.method).uri(&request.uri);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let response = self.app.clone().oneshot(builder.body(Body::from(request.body.clone())).unwrap()).await.unwrap();
        let header =
            |name| response.headers().get(name).map(|v: &axum::http::HeaderValue| v.to_str().unwrap().to_owned());
        let (status, content_type, allow) = (response.status().as_u16(), header("content-type"), header("allow"));
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        TestResponse { status, content_type, allow, body }
    }

    fn recorder(&self) -> &Recorder {
        &self.recorder
    }
}

/// Any adapter served on `127.0.0.1:0`, reached with a real HTTP client.
struct OverSocket {
    base: String,
    client: reqwest::Client,
    recorder: Recorder,
}

impl Harness for OverSocket {
    async fn send(&self, request: &TestRequest) -> TestResponse {
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap();
        let mut builder = self.client.request(method, format!("{}{}", self.base, request.uri));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let response = builder.body(request.body.clone()).send().await.unwrap();
        let header =
            |name| response.headers().get(name).map(|v: &reqwest::header::HeaderValue| v.to_str().unwrap().to_owned());
        let (status, content_type, allow) = (response.status().as_u16(), header("content-type"), header("allow"));
        let body = response.bytes().await.unwrap().to_vec();
        TestResponse { status, content_type, allow, body }
    }

    fn recorder(&self) -> &Recorder {
        &self.recorder
    }
}

async fn axum_over_socket() -> OverSocket {
    let recorder = Recorder::default();
    let app = axum_app(&recorder);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    OverSocket { base, client: reqwest::Client::new(), recorder }
}

fn actix_endpoints(recorder: &Recorder) -> ActixEndpoints {
    let s = sources();
    ActixEndpoints::new(recorder.handler())
        .source(s.accweb)
        .source_at(CUSTOM_ACCWEB_PATH, sources().accweb)
        .source(s.sonoran)
        .source_with(s.khan, no_dedupe())
        .source(s.agones)
        .source_with(s.twitch, no_dedupe())
        .source_at_with(KHAN_TOKEN_PATH, s.khan_token, no_dedupe())
        .on_refusal(recorder.refusal_observer())
}

struct ActixInProcess<Svc> {
    service: Svc,
    recorder: Recorder,
}

impl<Svc> Harness for ActixInProcess<Svc>
where
    Svc: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse,
            Error = actix_web::Error,
        >,
{
    async fn send(&self, request: &TestRequest) -> TestResponse {
        let method = actix_web::http::Method::from_bytes(request.method.as_bytes()).unwrap();
        let mut builder = actix_web::test::TestRequest::default().method(method).uri(&request.uri);
        for (name, value) in &request.headers {
            builder = builder.append_header((name.as_str(), value.as_str()));
        }
        let response =
            actix_web::test::call_service(&self.service, builder.set_payload(request.body.clone()).to_request()).await;
        let header = |name| {
            response.headers().get(name).map(|v: &actix_web::http::header::HeaderValue| v.to_str().unwrap().to_owned())
        };
        let (status, content_type, allow) = (response.status().as_u16(), header("content-type"), header("allow"));
        let body = actix_web::test::read_body(response).await.to_vec();
        TestResponse { status, content_type, allow, body }
    }

    fn recorder(&self) -> &Recorder {
        &self.recorder
    }
}

/// Runs the table against actix in process, on an actix system of its own (actix services are not `Send`).
fn actix_in_process() -> BTreeMap<String, TestResponse> {
    std::thread::spawn(|| {
        actix_web::rt::System::new().block_on(async {
            let recorder = Recorder::default();
            let endpoints = actix_endpoints(&recorder);
            let service = actix_web::test::init_service(actix_web::App::new().configure(endpoints.configure())).await;
            run_suite(&ActixInProcess { service, recorder }).await
        })
    })
    .join()
    .unwrap()
}

/// Serves the actix app on `127.0.0.1:0` from a thread of its own; returns the harness to reach it.
fn actix_over_socket() -> OverSocket {
    let recorder = Recorder::default();
    let endpoints = actix_endpoints(&recorder);
    let (address_tx, address_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = actix_web::HttpServer::new(move || actix_web::App::new().configure(endpoints.configure()))
                .workers(1)
                .bind(("127.0.0.1", 0))
                .unwrap();
            address_tx.send(server.addrs()[0]).unwrap();
            server.run().await.unwrap();
        });
    });
    let address = address_rx.recv().unwrap();
    OverSocket { base: format!("http://{address}"), client: reqwest::Client::new(), recorder }
}

/// Asserts two runs answered every case identically.
fn assert_same(a: (&str, &BTreeMap<String, TestResponse>), b: (&str, &BTreeMap<String, TestResponse>)) {
    assert_eq!(a.1.len(), b.1.len());
    let differing: Vec<&String> = a.1.keys().filter(|case| a.1.get(*case) != b.1.get(*case)).collect();
    assert!(differing.is_empty(), "{} and {} differ on {differing:?}", a.0, b.0);
}

#[test]
fn the_table_is_large_and_its_names_unique() {
    let cases = cases();
    let names: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), cases.len(), "case names must be unique");
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let hostile = cases.iter().filter(|c| c.name.starts_with("hostile")).count();
    assert!(hostile >= 80, "the bad-input catalogue has only {hostile} cases");
    eprintln!("{} cases, {hostile} of them hostile", cases.len());
    for source in ["accweb", "sonoran", "khan", "agones", "twitch"] {
        assert!(cases.iter().filter(|c| c.name.starts_with(source)).count() >= 7, "{source}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_adapter_passes_the_table_and_answers_alike() {
    let recorder = Recorder::default();
    let in_process = run_suite(&AxumInProcess { app: axum_app(&recorder), recorder: recorder.clone() }).await;
    let socket = run_suite(&axum_over_socket().await).await;
    let actix = tokio::task::spawn_blocking(actix_in_process).await.unwrap();
    let actix_socket = run_suite(&actix_over_socket()).await;
    assert_same(("axum in process", &in_process), ("axum over a socket", &socket));
    assert_same(("axum in process", &in_process), ("actix in process", &actix));
    assert_same(("axum in process", &in_process), ("actix over a socket", &actix_socket));
}

/// Sends a request head promising 100 bytes, then 12 of them, then nothing; returns the raw answer, how long
/// it took, and whether the server then closed the connection.
fn stall(address: &str) -> (String, std::time::Duration, bool) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(15))).unwrap();
    let head = format!(
        "POST /callback HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\nContent-Length: 100\r\n\r\n{{\"eventName\"",
        receiver_tests::ACCWEB_TOKENS[0]
    );
    let started = std::time::Instant::now();
    stream.write_all(head.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let closed = stream.read_to_end(&mut answer).is_ok();
    (String::from_utf8_lossy(&answer).into_owned(), started.elapsed(), closed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_never_finishes_times_out_and_frees_the_connection() {
    let axum = axum_over_socket().await;
    let actix = actix_over_socket();
    for (name, harness) in [("axum", &axum), ("actix", &actix)] {
        let address = harness.base.trim_start_matches("http://").to_owned();
        let (answer, elapsed, closed) = tokio::task::spawn_blocking(move || stall(&address)).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 408"), "{name}: {answer}");
        assert!(answer.ends_with("the body did not arrive within 2s"), "{name}: {answer}");
        let timeout = receiver_tests::BODY_TIMEOUT;
        assert!(elapsed >= timeout && elapsed < timeout * 3, "{name}: answered after {elapsed:?}");
        assert!(closed, "{name}: the connection is freed");
        assert_eq!(harness.recorder.take_refusals(), [(receiver_core::SourceKind::Accweb, 408)], "{name}");
    }
}
