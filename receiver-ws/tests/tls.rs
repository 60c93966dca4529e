//! With the `rustls` feature, `wss://` and `https://` go through rustls: against a local server that speaks
//! plain text, the failure is rustls's handshake error, not "TLS support not compiled in". (Run by
//! `scripts/test` with `--features rustls`; nothing here reaches the internet.)

#![cfg(feature = "rustls")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::error::Error as _;
use std::time::Duration;

use futures_util::StreamExt;
use receiver_ws::{CloseReason, Subscriber, SubscriptionRequest, TwitchWsClient, WsError, WsEvent};
use tokio::io::AsyncWriteExt;

/// A server that answers every connection with plain HTTP text: a TLS client fails its handshake.
async fn plain_text_server() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let _ = socket.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n").await;
        }
    });
    addr
}

#[tokio::test]
async fn wss_urls_are_attempted_over_tls() {
    let addr = plain_text_server().await;
    let mut stream = TwitchWsClient::builder(format!("wss://{addr}/ws"))
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
        .max_reconnect_attempts(1)
        .connect();
    let Some(Ok(WsEvent::Disconnected { reason: CloseReason::ConnectFailed, detail: Some(detail) })) =
        stream.next().await
    else {
        panic!("expected a failed connection")
    };
    // rustls's own words for a server that answered in plain text.
    assert!(detail.contains("received corrupt message"), "{detail}");
    assert!(matches!(stream.next().await, Some(Err(WsError::GaveUp { attempts: 1, .. }))));
}

#[tokio::test]
async fn https_api_bases_are_attempted_over_tls() {
    let addr = plain_text_server().await;
    let subscriber = Subscriber::new(format!("https://{addr}"), "id", "token");
    let error = subscriber.subscribe("s", &SubscriptionRequest::new("channel.raid", "1")).await.unwrap_err();
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        chain.push_str(&format!(" / {inner}"));
        source = inner.source();
    }
    assert!(chain.contains("received corrupt message"), "{chain}");
}
