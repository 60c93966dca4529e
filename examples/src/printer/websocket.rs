//! The `--twitch-ws` client: a `receiver-ws` stream whose deliveries are printed as webhook ones.

use std::sync::Arc;

use futures_util::StreamExt;
use receiver_ws::{Subscriber, SubscriptionRequest, TwitchWsClient, WsError, WsEvent};
use tokio::sync::oneshot;

use super::Output;
use super::config::TwitchWs;

/// Runs the client until its stream ends; a terminal error is printed and sent to `failed`.
pub(super) async fn run(settings: TwitchWs, output: Arc<Output>, failed: oneshot::Sender<String>) {
    let mut builder = TwitchWsClient::builder(settings.url.clone());
    if !settings.subscriptions.is_empty() {
        let subscriber = Subscriber::new(
            settings.api_base.clone(),
            settings.client_id.clone().unwrap_or_default(),
            settings.token.clone().unwrap_or_default(),
        );
        let requests: Arc<[SubscriptionRequest]> = settings
            .subscriptions
            .iter()
            .map(|(kind, version)| {
                settings.condition.iter().fold(SubscriptionRequest::new(kind, version), |request, (key, value)| {
                    request.condition(key, value)
                })
            })
            .collect();
        let output = Arc::clone(&output);
        builder = builder.on_welcome(move |session_id| {
            let (subscriber, requests, output) = (subscriber.clone(), Arc::clone(&requests), Arc::clone(&output));
            async move {
                for request in requests.iter() {
                    subscriber.subscribe(&session_id, request).await?;
                    output.twitch_ws(
                        "subscribed",
                        &format!("{} v{} on session {session_id}", request.kind, request.version),
                    );
                }
                Ok::<(), receiver_ws::SubscribeError>(())
            }
        });
    }
    output.twitch_ws("connecting", &settings.url);
    let mut events = builder.connect();
    while let Some(event) = events.next().await {
        match event {
            Ok(WsEvent::Delivery(delivery)) => output.delivered(&delivery.into_any()),
            Ok(WsEvent::Welcome { session_id }) => {
                let detail = if settings.subscriptions.is_empty() {
                    format!(
                        "session={session_id}; no --twitch-ws-subscribe: create subscriptions for this session \
                         (Twitch closes an unused one after 10 s), or with twitch-cli's mock send events with \
                         `twitch event trigger channel.follow --transport=websocket`"
                    )
                } else {
                    format!("session={session_id}; creating {} subscription(s)", settings.subscriptions.len())
                };
                output.twitch_ws("welcome", &detail);
            }
            Ok(WsEvent::Moved { session_id }) => {
                output.twitch_ws("moved", &format!("session={session_id}; subscriptions carried over"));
            }
            Ok(WsEvent::Disconnected { reason, detail }) => {
                let detail = detail.map(|d| format!(" ({d})")).unwrap_or_default();
                output.twitch_ws("disconnected", &format!("{reason}{detail}"));
            }
            Ok(WsEvent::Malformed(error)) => output.twitch_ws("malformed", &error.to_string()),
            Ok(other) => output.twitch_ws("event", &other.to_string()),
            Err(error @ WsError::Subscribe(_)) => output.twitch_ws("subscribe-failed", &error.to_string()),
            Err(error) => {
                output.twitch_ws("stopped", &error.to_string());
                let _ = failed.send(error.to_string());
                return;
            }
        }
    }
}
