//! An optional helper for the subscription hook: `POST {api_base}/eventsub/subscriptions`.

use std::fmt;

use serde_json::{Map, Value, json};

/// Twitch's Helix API base (needs the `rustls` feature).
pub const TWITCH_API_BASE: &str = "https://api.twitch.tv/helix";

/// One subscription to create: type, version and condition (the transport is added by [`Subscriber`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRequest {
    /// The subscription type, e.g. `channel.follow`.
    pub kind: String,
    /// Its version, e.g. `2`.
    pub version: String,
    /// The condition; Twitch's values are all strings.
    pub condition: Map<String, Value>,
}

impl SubscriptionRequest {
    /// A subscription of this type and version, with an empty condition.
    pub fn new(kind: impl Into<String>, version: impl Into<String>) -> Self {
        Self { kind: kind.into(), version: version.into(), condition: Map::new() }
    }

    /// The same with one more condition key, e.g. `.condition("broadcaster_user_id", "1234")`.
    #[must_use]
    pub fn condition(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.condition.insert(key.into(), Value::String(value.into()));
        self
    }

    /// The request body for `session_id`.
    pub fn body(&self, session_id: &str) -> Value {
        json!({
            "type": self.kind,
            "version": self.version,
            "condition": self.condition,
            "transport": { "method": "websocket", "session_id": session_id },
        })
    }
}

/// Creates WebSocket subscriptions through the Helix API: Twitch's ([`Subscriber::twitch`]) or a mock's
/// (twitch-cli's `start-server` serves `/eventsub/subscriptions` beside `/ws`). Cheap to clone.
#[derive(Clone)]
pub struct Subscriber {
    api_base: String,
    client_id: String,
    token: String,
    http: reqwest::Client,
}

impl fmt::Debug for Subscriber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscriber")
            .field("api_base", &self.api_base)
            .field("client_id", &self.client_id)
            .field("token", &"[REDACTED]")
            .finish()
    }
}

/// Why a subscription was not created.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum SubscribeError {
    /// The request did not get an answer.
    #[error("POST {url}: {source}")]
    Request {
        /// Where it went.
        url: String,
        /// What failed.
        #[source]
        source: reqwest::Error,
    },
    /// The API refused it (e.g. 409: this session already has it; 400 with a reason in the body).
    #[error("POST {url}: {status}: {body}")]
    Refused {
        /// Where it went.
        url: String,
        /// The status.
        status: u16,
        /// The response body, as text.
        body: String,
    },
}

impl Subscriber {
    /// A subscriber for the API at `api_base` (e.g. `http://127.0.0.1:8080` for twitch-cli's mock, or
    /// [`TWITCH_API_BASE`]), sending `Client-Id: client_id` and `Authorization: Bearer token`.
    pub fn new(api_base: impl Into<String>, client_id: impl Into<String>, token: impl Into<String>) -> Self {
        crate::install_crypto_provider();
        let api_base = api_base.into().trim_end_matches('/').to_owned();
        Self { api_base, client_id: client_id.into(), token: token.into(), http: reqwest::Client::new() }
    }

    /// A subscriber for Twitch's Helix API (a user access token is required for WebSocket subscriptions).
    pub fn twitch(client_id: impl Into<String>, user_token: impl Into<String>) -> Self {
        Self::new(TWITCH_API_BASE, client_id, user_token)
    }

    /// Creates one subscription on `session_id`; the API's answer (`{"data":[{…}],…}`) on success.
    pub async fn subscribe(&self, session_id: &str, request: &SubscriptionRequest) -> Result<Value, SubscribeError> {
        let url = format!("{}/eventsub/subscriptions", self.api_base);
        let body = request.body(session_id).to_string();
        let response = self
            .http
            .post(&url)
            .header("Client-Id", &self.client_id)
            .header("Authorization", format!("Bearer {}", self.token))
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|source| SubscribeError::Request { url: url.clone(), source })?;
        let status = response.status();
        let text = response.text().await.map_err(|source| SubscribeError::Request { url: url.clone(), source })?;
        if !status.is_success() {
            return Err(SubscribeError::Refused { url, status: status.as_u16(), body: text });
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// Creates each subscription in turn; stops at the first refusal.
    pub async fn subscribe_all(
        &self,
        session_id: &str,
        requests: &[SubscriptionRequest],
    ) -> Result<Vec<Value>, SubscribeError> {
        let mut created = Vec::with_capacity(requests.len());
        for request in requests {
            created.push(self.subscribe(session_id, request).await?);
        }
        Ok(created)
    }
}
