//! The actix-web adapter in process (`init_service` + `call_service`): extractor, rejection, endpoints, limits,
//! handler failures. Case for case the same as `receiver-axum/tests/axum.rs`, with the same expected bytes.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::test::{TestRequest, call_service, init_service, read_body};
use actix_web::web::{self, Bytes};
use actix_web::{App, FromRequest};
use receiver_actix::{Endpoints, Verified};
use receiver_core::{Accweb, Auth, Delivery, Error, Event, Secret, SonoranCad, TwitchEventSub, accweb, twitch};

const TOKEN: &str = "accweb-token";

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn accweb() -> Accweb {
    Accweb::new(Auth::bearer([TOKEN]).unwrap())
}

fn lap_request(uri: &str) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header((header::AUTHORIZATION, format!("Bearer {TOKEN}")))
        .set_payload(fixture("accweb/wire-a232104-instance_live_new_lap.compact.json"))
}

async fn parts(response: ServiceResponse<impl MessageBody>) -> (StatusCode, Option<String>, String) {
    let status = response.status();
    let content_type = response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned());
    let body = read_body(response).await;
    (status, content_type, String::from_utf8(body.to_vec()).unwrap())
}

/// The application's own state, next to the sources in the app data.
struct Greeting(&'static str);

async fn custom_app() -> impl Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error> {
    async fn lap(greeting: web::Data<Greeting>, Verified(delivery): Verified<Accweb>) -> String {
        match delivery.event {
            accweb::Event::NewLap(lap) => format!("{} {} {:?}", greeting.0, lap.data.player_name, lap.data.position),
            other => other.name().to_owned(),
        }
    }
    async fn twitch(Verified(delivery): Verified<TwitchEventSub>) -> String {
        format!("{:?}", delivery.meta.id)
    }
    let twitch_source = TwitchEventSub::new(["HELLOabc2321"]).unwrap().with_tolerance(Duration::MAX);
    init_service(
        App::new()
            .app_data(web::Data::new(accweb()))
            .app_data(web::Data::new(twitch_source))
            .app_data(web::Data::new(Greeting("lap:")))
            .route("/lap", web::post().to(lap))
            .route("/twitch", web::post().to(twitch)),
    )
    .await
}

#[actix_web::test]
async fn the_extractor_delivers_a_typed_event_from_app_data() {
    let app = custom_app().await;
    let (status, _, body) = parts(call_service(&app, lap_request("/lap").to_request()).await).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "lap: fox suckfoxwaifu Some(2)"));
}

#[actix_web::test]
async fn the_extractor_refuses_with_the_cores_answer() {
    let app = custom_app().await;
    let request = TestRequest::post().uri("/lap").set_payload("{}").to_request();
    let (status, content_type, body) = parts(call_service(&app, request).await).await;
    assert_eq!(
        (status, content_type.as_deref(), body.as_str()),
        (StatusCode::UNAUTHORIZED, Some("text/plain; charset=utf-8"), "unauthorized")
    );
}

#[actix_web::test]
async fn the_rejection_tells_status_body_and_error() {
    let (request, mut payload) =
        TestRequest::post().app_data(web::Data::new(accweb())).set_payload("{}").to_http_parts();
    let rejection = Verified::<Accweb>::from_request(&request, &mut payload).await.unwrap_err();
    assert_eq!((rejection.status(), rejection.body_text().as_str()), (StatusCode::UNAUTHORIZED, "unauthorized"));
    assert!(matches!(rejection.error(), Some(Error::MissingCredentials(_))));
    assert!(rejection.to_string().starts_with("accweb request refused: missing credentials"));
}

#[actix_web::test]
async fn a_source_missing_from_the_app_data_answers_500() {
    let app = init_service(App::new().route("/lap", web::post().to(|_: Verified<Accweb>| async { "never" }))).await;
    let (status, content_type, body) = parts(call_service(&app, lap_request("/lap").to_request()).await).await;
    assert_eq!(
        (status, content_type.as_deref(), body.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, Some("text/plain; charset=utf-8"), "internal error")
    );
}

#[actix_web::test]
async fn the_extractor_answers_the_twitch_challenge_itself() {
    let vector: serde_json::Value =
        serde_json::from_slice(&fixture("twitch-eventsub/webhook-signature-vector-2.verification.twitch_api.json"))
            .unwrap();
    let mut request = TestRequest::post().uri("/twitch").set_payload(vector["body"].as_str().unwrap().to_owned());
    for (name, value) in vector["headers"].as_object().unwrap() {
        request = request.insert_header((name.as_str(), value.as_str().unwrap()));
    }
    let app = custom_app().await;
    let (status, content_type, body) = parts(call_service(&app, request.to_request()).await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.unwrap().starts_with("text/plain"));
    assert_eq!(body, vector["expected_challenge_response"].as_str().unwrap());
    assert_eq!(body, "11535768-497e-14ec-8197-ba2cb5341a01");
}

fn counting_endpoints(calls: Arc<AtomicUsize>) -> Endpoints {
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
}

#[actix_web::test]
async fn the_endpoints_answer_each_sender_as_it_expects() {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = init_service(App::new().configure(counting_endpoints(Arc::clone(&calls)).configure())).await;
    let (status, content_type, body) = parts(call_service(&app, lap_request("/callback").to_request()).await).await;
    assert_eq!((status, content_type, body.as_str()), (StatusCode::NO_CONTENT, None, ""));

    let sonoran = TestRequest::post().uri("/sonorancad/event").set_payload(fixture("sonorancad/docs-EVENT_TONE.json"));
    let (status, content_type, body) = parts(call_service(&app, sonoran.to_request()).await).await;
    assert_eq!(
        (status, content_type.as_deref(), body.as_str()),
        (StatusCode::OK, Some("text/plain; charset=utf-8"), "ok")
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[actix_web::test]
async fn wrong_methods_get_405_with_allow_and_no_body_is_read() {
    let app = init_service(App::new().configure(counting_endpoints(Arc::new(AtomicUsize::new(0))).configure())).await;
    let response = call_service(&app, TestRequest::get().uri("/callback").to_request()).await;
    assert_eq!(response.headers().get(header::ALLOW).unwrap(), "POST");
    let (status, content_type, body) = parts(response).await;
    assert_eq!(
        (status, content_type.as_deref(), body.as_str()),
        (
            StatusCode::METHOD_NOT_ALLOWED,
            Some("text/plain; charset=utf-8"),
            "method GET is not accepted here; allowed: POST"
        )
    );
}

#[actix_web::test]
async fn oversized_bodies_get_413_declared_or_streamed() {
    let app = init_service(App::new().configure(counting_endpoints(Arc::new(AtomicUsize::new(0))).configure())).await;
    // Declared: refused from the header, before reading.
    let declared =
        TestRequest::post().uri("/callback").set_payload("{}").insert_header((header::CONTENT_LENGTH, "5000000"));
    assert_eq!(call_service(&app, declared.to_request()).await.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Streamed without a length: cut off as soon as it passes the limit. The stream never ends, so reading
    // it to the end would hang: the timeout turns that into a failure.
    let (mut sender, payload) = actix_http::h1::Payload::create(false);
    for _ in 0..3 {
        sender.feed_data(Bytes::from(vec![b' '; 600]));
    }
    let streamed = TestRequest::post()
        .uri("/callback")
        .insert_header((header::AUTHORIZATION, format!("Bearer {TOKEN}")))
        .to_request();
    assert!(streamed.head().headers.get(header::CONTENT_LENGTH).is_none());
    let (streamed, _) = streamed.replace_payload(actix_web::dev::Payload::from(payload));
    let response = actix_web::rt::time::timeout(Duration::from_secs(10), call_service(&app, streamed)).await.unwrap();
    let (status, content_type, body) = parts(response).await;
    assert_eq!(
        (status, content_type.as_deref(), body.as_str()),
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            Some("text/plain; charset=utf-8"),
            "body is larger than the limit of 1000 bytes"
        )
    );
    drop(sender);
}

#[actix_web::test]
async fn a_failing_or_panicking_handler_answers_500_and_the_server_goes_on() {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = init_service(App::new().configure(counting_endpoints(Arc::clone(&calls)).configure())).await;
    for (body, status) in [
        (fixture("accweb/instance_stopped.json"), StatusCode::INTERNAL_SERVER_ERROR),
        (fixture("accweb/instance_started.json"), StatusCode::INTERNAL_SERVER_ERROR),
        (fixture("accweb/instance_live_new_driver.json"), StatusCode::NO_CONTENT),
    ] {
        let request = TestRequest::post()
            .uri("/callback")
            .insert_header((header::AUTHORIZATION, format!("Bearer {TOKEN}")))
            .set_payload(body);
        let (got, _, text) = parts(call_service(&app, request.to_request()).await).await;
        assert_eq!(got, status, "{text}");
        if got == StatusCode::INTERNAL_SERVER_ERROR {
            assert_eq!(text, "internal error");
        }
    }
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[actix_web::test]
async fn mounted_routes_are_listed_for_banners() {
    let endpoints = Endpoints::new(|_: Delivery| async { Ok::<(), std::io::Error>(()) })
        .source(accweb())
        .source_at("/hooks/twitch", TwitchEventSub::new([Secret::new("a-twitch-secret").unwrap()]).unwrap());
    let mounted: Vec<_> = endpoints.mounted().map(|(path, kind, _)| (path.to_owned(), kind)).collect();
    assert_eq!(mounted.len(), 2);
    assert_eq!(mounted[1], ("/hooks/twitch".to_owned(), receiver_core::SourceKind::TwitchEventSub));
    let _app = init_service(App::new().configure(endpoints.configure())).await;
    let _ = twitch::DEFAULT_TOLERANCE;
}
