//! The axum adapter in process (`oneshot`): extractor, rejection, router, limits, handler failures.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::FromRef;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use axum::routing::post;
use receiver_axum::{Endpoints, Verified};
use receiver_core::{Accweb, Auth, Delivery, Event, Secret, SonoranCad, TwitchEventSub, accweb, twitch};
use tower::ServiceExt;

const TOKEN: &str = "accweb-token";

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn accweb() -> Accweb {
    Accweb::new(Auth::bearer([TOKEN]).unwrap())
}

fn lap_request(uri: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(fixture("accweb/wire-a232104-instance_live_new_lap.compact.json")))
        .unwrap()
}

async fn parts(response: Response) -> (StatusCode, Option<String>, String) {
    let status = response.status();
    let content_type = response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned());
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, content_type, String::from_utf8(body.to_vec()).unwrap())
}

#[derive(Clone, FromRef)]
struct AppState {
    accweb: Arc<Accweb>,
    twitch: Arc<TwitchEventSub>,
}

fn custom_app() -> Router {
    async fn lap(Verified(delivery): Verified<Accweb>) -> String {
        match delivery.event {
            accweb::Event::NewLap(lap) => format!("{} {:?}", lap.data.player_name, lap.data.position),
            other => other.name().to_owned(),
        }
    }
    async fn twitch(Verified(delivery): Verified<TwitchEventSub>) -> String {
        format!("{:?}", delivery.meta.id)
    }
    let state = AppState {
        accweb: Arc::new(accweb()),
        twitch: Arc::new(TwitchEventSub::new(["HELLOabc2321"]).unwrap().with_tolerance(std::time::Duration::MAX)),
    };
    Router::new().route("/lap", post(lap)).route("/twitch", post(twitch)).with_state(state)
}

#[tokio::test]
async fn the_extractor_delivers_a_typed_event_from_state() {
    let (status, _, body) = parts(custom_app().oneshot(lap_request("/lap")).await.unwrap()).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "fox suckfoxwaifu Some(2)"));
}

#[tokio::test]
async fn the_extractor_refuses_with_the_cores_answer() {
    let request = Request::post("/lap").body(Body::from("{}")).unwrap();
    let (status, content_type, body) = parts(custom_app().oneshot(request).await.unwrap()).await;
    assert_eq!(
        (status, content_type.as_deref(), body.as_str()),
        (StatusCode::UNAUTHORIZED, Some("text/plain; charset=utf-8"), "unauthorized")
    );
}

#[tokio::test]
async fn the_extractor_answers_the_twitch_challenge_itself() {
    let body = fixture("twitch-eventsub/webhook-verification-channel.subscribe.signed-body.json");
    let request = Request::post("/twitch")
        .header("Twitch-Eventsub-Message-Id", "8d8fa82b-9792-79da-4e11-a6fa58a7a582")
        .header("Twitch-Eventsub-Message-Timestamp", "2022-02-06T04:03:24.2726598Z")
        .header(
            "Twitch-Eventsub-Message-Signature",
            "sha256=091f6a5c74fba820f2d50e9d0c5e7650556ee009375af2cc662e610e670bc412",
        )
        .header("Twitch-Eventsub-Message-Type", "webhook_callback_verification")
        .body(Body::from(body))
        .unwrap();
    let (status, content_type, body) = parts(custom_app().oneshot(request).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.unwrap().starts_with("text/plain"));
    assert_eq!(body, "11535768-497e-14ec-8197-ba2cb5341a01");
}

fn counting_router(calls: Arc<AtomicUsize>) -> Router {
    Endpoints::new(move |delivery: Delivery| {
        let calls = Arc::clone(&calls);
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            match &delivery.event {
                Event::Accweb(accweb::Event::InstanceStopped(_)) => Err("the application failed".into()),
                Event::Accweb(accweb::Event::InstanceStarted(_)) => panic!("handler bug"),
                _ => Ok::<(), Box<dyn std::error::Error + Send + Sync>>(()),
            }
        }
    })
    .source(accweb().with_max_body_bytes(1000).unwrap())
    .source(SonoranCad::new(["YOUR_API_KEY"]).unwrap())
    .into_router()
}

#[tokio::test]
async fn the_router_answers_each_sender_as_it_expects() {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = counting_router(Arc::clone(&calls));
    let (status, content_type, body) = parts(app.clone().oneshot(lap_request("/callback")).await.unwrap()).await;
    assert_eq!((status, content_type, body.as_str()), (StatusCode::NO_CONTENT, None, ""));

    let sonoran =
        Request::post("/sonorancad/event").body(Body::from(fixture("sonorancad/docs-EVENT_TONE.json"))).unwrap();
    let (status, _, body) = parts(app.oneshot(sonoran).await.unwrap()).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn wrong_methods_get_405_with_allow_and_no_body_is_read() {
    let app = counting_router(Arc::new(AtomicUsize::new(0)));
    let response = app.oneshot(Request::get("/callback").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.headers()[header::ALLOW], "POST");
    assert_eq!(parts(response).await.0, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn oversized_bodies_get_413_declared_or_streamed() {
    let app = counting_router(Arc::new(AtomicUsize::new(0)));
    // Declared: refused from the header, before reading.
    let declared = Request::post("/callback").header(header::CONTENT_LENGTH, "5000000").body(Body::from("{}")).unwrap();
    assert_eq!(app.clone().oneshot(declared).await.unwrap().status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Streamed without a length: cut off as soon as it passes the limit.
    let chunks = chunked(vec![vec![b' '; 600], vec![b' '; 600], vec![b' '; 600]]);
    let streamed =
        Request::post("/callback").header(header::AUTHORIZATION, format!("Bearer {TOKEN}")).body(chunks).unwrap();
    let (status, _, body) = parts(app.oneshot(streamed).await.unwrap()).await;
    assert_eq!((status, body.as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "body is larger than the limit of 1000 bytes"));
}

/// A body sent in chunks, with no declared length (as a chunked upload).
fn chunked(chunks: Vec<Vec<u8>>) -> Body {
    struct Chunks(std::collections::VecDeque<Vec<u8>>);
    impl http_body::Body for Chunks {
        type Data = axum::body::Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
            std::task::Poll::Ready(self.0.pop_front().map(|chunk| Ok(http_body::Frame::data(chunk.into()))))
        }
    }
    Body::new(Chunks(chunks.into()))
}

#[tokio::test]
async fn a_failing_or_panicking_handler_answers_500_and_the_server_goes_on() {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = counting_router(Arc::clone(&calls));
    for (body, status) in [
        (fixture("accweb/instance_stopped.json"), StatusCode::INTERNAL_SERVER_ERROR),
        (fixture("accweb/instance_started.json"), StatusCode::INTERNAL_SERVER_ERROR),
        (fixture("accweb/instance_live_new_driver.json"), StatusCode::NO_CONTENT),
    ] {
        let request = Request::post("/callback")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::from(body))
            .unwrap();
        let (got, _, text) = parts(app.clone().oneshot(request).await.unwrap()).await;
        assert_eq!(got, status, "{text}");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn mounted_routes_are_listed_for_banners() {
    let endpoints = Endpoints::new(|_: Delivery| async { Ok::<(), std::io::Error>(()) })
        .source(accweb())
        .source_at("/hooks/twitch", TwitchEventSub::new([Secret::new("a-twitch-secret").unwrap()]).unwrap());
    let mounted: Vec<_> = endpoints.mounted().map(|(path, kind, _)| (path.to_owned(), kind)).collect();
    assert_eq!(mounted.len(), 2);
    assert_eq!(mounted[1], ("/hooks/twitch".to_owned(), receiver_core::SourceKind::TwitchEventSub));
    let _: Router = endpoints.into_router();
    let _ = twitch::DEFAULT_TOLERANCE;
}
