//! The Rust servers `scripts/compare` puts side by side (issue 8), each on one worker thread so that the
//! comparison is per server core:
//!
//! | `--kind` | what it does per request |
//! |---|---|
//! | `axum-bare` | axum: read the body, `serde_json` into a typed Twitch `channel.ban` notification, answer 200 |
//! | `axum-receiver` | receiver-axum's Twitch endpoint: head checks, HMAC, freshness, typed parse, handler, 204 |
//! | `actix-bare` | the same as `axum-bare` on actix-web |
//! | `actix-receiver` | receiver-actix's Twitch endpoint |
//!
//! ```text
//! bench_server --kind axum-bare|axum-receiver|actix-bare|actix-receiver [--listen 127.0.0.1:3000]
//! ```
//!
//! Every server answers on `/eventsub` and stops on SIGTERM or Ctrl-C.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use receiver_core::twitch::{ChannelBanV1, Subscription};
use receiver_core::{Delivery, DeliveryOptions, TwitchEventSub};
use receiver_examples::printer::shutdown_signal;
use receiver_examples::{dev, flag_value};
use serde::Deserialize;

/// The typed parse the bare endpoints do: what any Rust receiver of this notification must at least do.
#[derive(Deserialize)]
#[allow(dead_code)]
struct BanNotification {
    subscription: Subscription,
    event: ChannelBanV1,
}

fn bare_parse(body: &[u8]) -> bool {
    serde_json::from_slice::<BanNotification>(body).is_ok()
}

/// wrk repeats one signed message: with the default dedupe (Twitch message ids, in memory) every request
/// after the first would be a duplicate that skips the handler. The comparison measures the full path; the
/// dedupe's own cost is measured apart (`cargo bench -p receiver-core --bench dedupe`).
fn every_delivery() -> DeliveryOptions {
    DeliveryOptions::inline().without_dedupe()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let kind = flag_value("--kind").ok_or("--kind axum-bare|axum-receiver|actix-bare|actix-receiver")?;
    let listen = flag_value("--listen").unwrap_or_else(|| dev::LISTEN.to_owned());
    let delivered = Arc::new(AtomicU64::new(0));
    match kind.as_str() {
        "axum-bare" | "axum-receiver" => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
            .block_on(serve_axum(&listen, kind == "axum-receiver", Arc::clone(&delivered)))?,
        "actix-bare" | "actix-receiver" => actix_web::rt::System::new().block_on(serve_actix(
            &listen,
            kind == "actix-receiver",
            Arc::clone(&delivered),
        ))?,
        other => return Err(format!("unknown --kind {other}").into()),
    }
    eprintln!("{{\"delivered\":{}}}", delivered.load(Ordering::Relaxed));
    Ok(())
}

fn count(delivered: Arc<AtomicU64>) -> impl receiver_core::Handler {
    move |_delivery: Delivery| {
        delivered.fetch_add(1, Ordering::Relaxed);
        std::future::ready(Ok::<(), std::convert::Infallible>(()))
    }
}

async fn serve_axum(listen: &str, receiver: bool, delivered: Arc<AtomicU64>) -> Result<(), Box<dyn std::error::Error>> {
    use axum::http::StatusCode;
    let app: axum::Router = if receiver {
        receiver_axum::Endpoints::new(count(delivered))
            .source_at_with("/eventsub", TwitchEventSub::new([dev::TWITCH_SECRET])?, every_delivery())
            .into_router()
    } else {
        axum::Router::new().route(
            "/eventsub",
            axum::routing::post(move |body: axum::body::Bytes| {
                let delivered = Arc::clone(&delivered);
                async move {
                    if bare_parse(&body) {
                        delivered.fetch_add(1, Ordering::Relaxed);
                        StatusCode::OK
                    } else {
                        StatusCode::BAD_REQUEST
                    }
                }
            }),
        )
    };
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!("listening on http://{} (axum)", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            shutdown_signal().await;
        })
        .await?;
    Ok(())
}

async fn serve_actix(
    listen: &str,
    receiver: bool,
    delivered: Arc<AtomicU64>,
) -> Result<(), Box<dyn std::error::Error>> {
    use actix_web::{HttpResponse, web};
    let endpoints = if receiver {
        Some(receiver_actix::Endpoints::new(count(Arc::clone(&delivered))).source_at_with(
            "/eventsub",
            TwitchEventSub::new([dev::TWITCH_SECRET])?,
            every_delivery(),
        ))
    } else {
        None
    };
    let server = actix_web::HttpServer::new(move || {
        let app = actix_web::App::new();
        match &endpoints {
            Some(endpoints) => app.configure(endpoints.configure()),
            None => {
                let delivered = Arc::clone(&delivered);
                app.route(
                    "/eventsub",
                    web::post().to(move |body: web::Bytes| {
                        let delivered = Arc::clone(&delivered);
                        async move {
                            if bare_parse(&body) {
                                delivered.fetch_add(1, Ordering::Relaxed);
                                HttpResponse::Ok().finish()
                            } else {
                                HttpResponse::BadRequest().finish()
                            }
                        }
                    }),
                )
            }
        }
    })
    .workers(1)
    .disable_signals()
    .bind(listen)?;
    println!("listening on http://{} (actix)", server.addrs().first().map_or_else(String::new, ToString::to_string));
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(async move {
        shutdown_signal().await;
        handle.stop(true).await;
    });
    server.await?;
    Ok(())
}
