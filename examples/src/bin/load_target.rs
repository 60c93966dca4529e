//! The receiver `scripts/load` puts under load: Twitch EventSub and accweb on the development defaults,
//! on either adapter, counting outcomes instead of printing them (printing would measure the terminal), and
//! optionally panicking in the handler once every N deliveries, to show a panic costs one 500 and nothing
//! else.
//!
//! ```text
//! load_target --adapter axum|actix [--listen 127.0.0.1:3000] [--panic-every N]
//! ```
//!
//! On SIGTERM or Ctrl-C it prints one JSON line on stderr: deliveries, refusals by status, panics.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use receiver_core::{Accweb, Auth, Delivery, DeliveryOptions, Error, Handler, SourceKind, TwitchEventSub};
use receiver_examples::printer::shutdown_signal;
use receiver_examples::{dev, flag_value};

#[derive(Default)]
struct Tally {
    delivered: AtomicU64,
    panics: AtomicU64,
    refused: Mutex<BTreeMap<u16, u64>>,
}

impl Tally {
    fn json(&self) -> String {
        let refused = self.refused.lock().map(|r| r.clone()).unwrap_or_default();
        serde_json::json!({
            "delivered": self.delivered.load(Ordering::Relaxed),
            "handler_panics": self.panics.load(Ordering::Relaxed),
            "refused": refused,
        })
        .to_string()
    }
}

fn handler(tally: Arc<Tally>, panic_every: u64) -> impl Handler {
    move |_delivery: Delivery| {
        let n = tally.delivered.fetch_add(1, Ordering::Relaxed) + 1;
        if panic_every > 0 && n.is_multiple_of(panic_every) {
            tally.panics.fetch_add(1, Ordering::Relaxed);
            panic!("load_target: the injected panic of delivery {n}");
        }
        std::future::ready(Ok::<(), std::convert::Infallible>(()))
    }
}

fn observer(tally: Arc<Tally>) -> impl Fn(SourceKind, &Error) + Send + Sync + 'static {
    move |_source, error| {
        if let Ok(mut refused) = tally.refused.lock() {
            *refused.entry(error.status_code()).or_default() += 1;
        }
    }
}

fn sources() -> Result<(TwitchEventSub, Accweb), receiver_core::ConfigError> {
    Ok((
        TwitchEventSub::new([dev::TWITCH_SECRET])?,
        Accweb::new(Auth::header(dev::ACCWEB_HEADER.0, [dev::ACCWEB_HEADER.1])?),
    ))
}

/// wrk repeats one signed message: with the default dedupe every request after the first would be answered
/// as a duplicate without reaching the handler. Under load the point is the full path, every time.
fn every_delivery() -> DeliveryOptions {
    DeliveryOptions::inline().without_dedupe()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Panics are counted; their messages would only flood the output.
    std::panic::set_hook(Box::new(|_| {}));
    let adapter = flag_value("--adapter").unwrap_or_else(|| "axum".to_owned());
    let listen = flag_value("--listen").unwrap_or_else(|| dev::LISTEN.to_owned());
    let panic_every: u64 = flag_value("--panic-every").map_or(Ok(0), |n| n.parse())?;
    let tally = Arc::new(Tally::default());
    match adapter.as_str() {
        "axum" => tokio::runtime::Runtime::new()?.block_on(serve_axum(&listen, Arc::clone(&tally), panic_every))?,
        "actix" => actix_web::rt::System::new().block_on(serve_actix(&listen, Arc::clone(&tally), panic_every))?,
        other => return Err(format!("--adapter is axum or actix, not {other}").into()),
    }
    eprintln!("{}", tally.json());
    Ok(())
}

async fn serve_axum(listen: &str, tally: Arc<Tally>, panic_every: u64) -> Result<(), Box<dyn std::error::Error>> {
    let (twitch, accweb) = sources()?;
    let app: axum::Router = receiver_axum::Endpoints::new(handler(Arc::clone(&tally), panic_every))
        .source_with(twitch, every_delivery())
        .source(accweb)
        .on_refusal(observer(tally))
        .into_router();
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!("listening on http://{} (axum)", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            shutdown_signal().await;
        })
        .await?;
    Ok(())
}

async fn serve_actix(listen: &str, tally: Arc<Tally>, panic_every: u64) -> Result<(), Box<dyn std::error::Error>> {
    let (twitch, accweb) = sources()?;
    let endpoints = receiver_actix::Endpoints::new(handler(Arc::clone(&tally), panic_every))
        .source_with(twitch, every_delivery())
        .source(accweb)
        .on_refusal(observer(tally));
    let server = actix_web::HttpServer::new(move || actix_web::App::new().configure(endpoints.configure()))
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
