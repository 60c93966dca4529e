//! An axum app that already has routes of its own (a page, a health check) and adds the receiver's
//! endpoints: four sources through `Endpoints`, and accweb through a handler of its own that uses the
//! `Verified` extractor and keeps a lap board, served as JSON at `GET /laps`.
//!
//! ```text
//! cargo run -p receiver-examples --bin axum_app            # listens on 127.0.0.1:3001
//! cargo run -p receiver-examples --bin trigger -- accweb instance_live_new_lap --to http://127.0.0.1:3001/callback
//! curl http://127.0.0.1:3001/laps
//! ```

use std::sync::Arc;

use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use receiver_axum::{Endpoints, Verified};
use receiver_core::{Accweb, AgonesRelay, Auth, Delivery, Khan, SonoranCad, TwitchEventSub};
use receiver_examples::dev;
use receiver_examples::laps::LapBoard;

#[derive(Clone, FromRef)]
struct AppState {
    accweb: Arc<Accweb>,
    laps: Arc<LapBoard>,
}

/// accweb's callbacks, handled here rather than by `Endpoints`: the extractor verifies and parses, this
/// handler does something with the event. `Verified` reads the body, so it is the last argument.
async fn accweb_callback(State(laps): State<Arc<LapBoard>>, Verified(delivery): Verified<Accweb>) -> StatusCode {
    laps.record(&delivery.event);
    StatusCode::NO_CONTENT // what accweb expects: no body (see `SourceKind::success_reply`)
}

async fn lap_board(State(laps): State<Arc<LapBoard>>) -> Json<impl serde::Serialize> {
    Json(laps.snapshot())
}

async fn other_events(delivery: Delivery) -> Result<(), std::convert::Infallible> {
    println!("{} {} {:?}", delivery.meta.source, delivery.event.kind(), delivery.meta.id);
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listen = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3001".to_owned());
    let state = AppState {
        accweb: Arc::new(Accweb::new(Auth::header(dev::ACCWEB_HEADER.0, [dev::ACCWEB_HEADER.1])?)),
        laps: Arc::default(),
    };
    let events = Endpoints::new(other_events)
        .source(SonoranCad::new([dev::SONORAN_KEY])?)
        .source(Khan::new(Auth::basic([dev::KHAN_BASIC])?))
        .source(AgonesRelay::new(Auth::basic([dev::AGONES_BASIC])?))
        .source(TwitchEventSub::new([dev::TWITCH_SECRET])?);
    let app = Router::new()
        .route("/", get(|| async { "my game server dashboard" }))
        .route("/health", get(|| async { "ok" }))
        .route("/callback", post(accweb_callback))
        .route("/laps", get(lap_board))
        .with_state(state)
        .merge(events.into_router());
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("axum app on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
