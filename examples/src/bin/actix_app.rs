//! An actix-web app that already has routes of its own (a page, a health check) and adds the receiver's
//! endpoints: four sources through `Endpoints`, and accweb through a handler of its own that uses the
//! `Verified` extractor and keeps a lap board, served as JSON at `GET /laps`.
//!
//! ```text
//! cargo run -p receiver-examples --bin actix_app           # listens on 127.0.0.1:3002
//! cargo run -p receiver-examples --bin trigger -- accweb instance_live_new_lap --to http://127.0.0.1:3002/callback
//! curl http://127.0.0.1:3002/laps
//! ```

use actix_web::{App, HttpResponse, HttpServer, web};
use receiver_actix::{Endpoints, Verified};
use receiver_core::{Accweb, AgonesRelay, Auth, Delivery, Khan, SonoranCad, TwitchEventSub};
use receiver_examples::dev;
use receiver_examples::laps::LapBoard;

/// accweb's callbacks, handled here rather than by `Endpoints`: the extractor verifies and parses, this
/// handler does something with the event. The source comes from the app data (`web::Data<Accweb>`).
async fn accweb_callback(laps: web::Data<LapBoard>, Verified(delivery): Verified<Accweb>) -> HttpResponse {
    laps.record(&delivery.event);
    HttpResponse::NoContent().finish()
}

async fn lap_board(laps: web::Data<LapBoard>) -> HttpResponse {
    HttpResponse::Ok().json(laps.snapshot())
}

async fn other_events(delivery: Delivery) -> Result<(), std::convert::Infallible> {
    println!("{} {} {:?}", delivery.meta.source, delivery.event.kind(), delivery.meta.id);
    Ok(())
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listen = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3002".to_owned());
    let accweb = web::Data::new(Accweb::new(Auth::header(dev::ACCWEB_HEADER.0, [dev::ACCWEB_HEADER.1])?));
    let laps = web::Data::new(LapBoard::default());
    let events = Endpoints::new(other_events)
        .source(SonoranCad::new([dev::SONORAN_KEY])?)
        .source(Khan::new(Auth::basic([dev::KHAN_BASIC])?))
        .source(AgonesRelay::new(Auth::basic([dev::AGONES_BASIC])?))
        .source(TwitchEventSub::new([dev::TWITCH_SECRET])?);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(accweb.clone())
            .app_data(laps.clone())
            .route("/", web::get().to(|| async { "my game server dashboard" }))
            .route("/health", web::get().to(|| async { "ok" }))
            .route("/callback", web::post().to(accweb_callback))
            .route("/laps", web::get().to(lap_board))
            .configure(events.configure())
    })
    .bind(&listen)?;
    println!("actix app on http://{}", server.addrs().first().map_or_else(|| listen.clone(), ToString::to_string));
    server.run().await?;
    Ok(())
}
