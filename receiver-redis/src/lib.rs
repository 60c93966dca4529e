//! A Redis [`DedupeStore`] for `receiver`: several receiver replicas behind a load balancer, sharing one
//! Redis, never run the handler twice for one delivery id.
//!
//! **What this crate does not do:** it receives nothing and decides no answer; it only keeps the claims. The
//! decision table (what a duplicate, an in-flight duplicate or an outage is answered) is `receiver-core`'s
//! [`DeliveryOptions`](receiver_core::DeliveryOptions), the same for every store.
//!
//! Each transition is one atomic Lua script, one round trip:
//!
//! - **claim**: `SET key "c:<token>" NX PX <lease>`; if the key existed, its state (`c:` in flight, `d:` done)
//!   is the answer. Two replicas claiming one id at once: Redis runs one script after the other, one wins.
//! - **complete**: `"c:<token>"` → `"d:<token>"` with `PX <keep>`, only if the key still holds this token's
//!   claim (a holder whose lease expired and was taken over changes nothing);
//! - **release**: `DEL`, under the same check.
//!
//! Tokens are 64 random bits per claim. Keys are `<prefix><source>:<id>`, the prefix `receiver:dedupe:` by
//! default. Connections go through the `redis` crate's `ConnectionManager`, which reconnects by itself; every
//! operation is bounded by a timeout ([`RedisStore::DEFAULT_TIMEOUT`]) so an unreachable Redis is answered
//! as an outage (`503`, fail closed, by default) instead of hanging the sender.
//!
//! ```no_run
//! use receiver_core::DeliveryOptions;
//! use receiver_redis::RedisStore;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Every replica: the same Redis. Give the options to `Endpoints::source_with` (axum or actix) for the
//! // Twitch EventSub and Khan sources.
//! let store = RedisStore::connect("redis://127.0.0.1:6379/").await?;
//! let options = DeliveryOptions::inline().dedupe(store);
//! # let _ = options; Ok(()) }
//! ```

use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use receiver_core::{Claim, ClaimToken, DedupeStore, StoreError, StoreFuture};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, Script};

const CLAIM: &str = r#"
if redis.call('SET', KEYS[1], 'c:' .. ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
local state = redis.call('GET', KEYS[1])
if state and string.sub(state, 1, 2) == 'd:' then return 2 end
return 1
"#;

const COMPLETE: &str = r#"
if redis.call('GET', KEYS[1]) == 'c:' .. ARGV[1] then
  redis.call('SET', KEYS[1], 'd:' .. ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"#;

const RELEASE: &str = r#"
if redis.call('GET', KEYS[1]) == 'c:' .. ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
"#;

/// The claims in Redis, shared by every replica that points at the same server (and prefix).
pub struct RedisStore {
    connection: ConnectionManager,
    prefix: String,
    timeout: Duration,
    scripts: [Script; 3],
    tokens: (RandomState, AtomicU64),
}

impl RedisStore {
    /// How long one operation may take before it counts as an outage: 1 s.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1);

    /// The key prefix unless told otherwise.
    pub const DEFAULT_PREFIX: &'static str = "receiver:dedupe:";

    /// A store on the Redis at `url` (`redis://host:port/db`, `rediss://` needs TLS features not enabled
    /// here). Connects lazily, on the first delivery, and reconnects by itself: a receiver starts even while
    /// Redis is down (its deduplicated sources answer `503` until Redis is back, unless they fail open).
    /// Must be called within a tokio runtime.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let client = Client::open(url).map_err(StoreError::new)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Self::DEFAULT_TIMEOUT))
            .set_response_timeout(Some(Self::DEFAULT_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500));
        let connection = ConnectionManager::new_lazy_with_config(client, config).map_err(StoreError::new)?;
        Ok(Self {
            connection,
            prefix: Self::DEFAULT_PREFIX.to_owned(),
            timeout: Self::DEFAULT_TIMEOUT,
            scripts: [Script::new(CLAIM), Script::new(COMPLETE), Script::new(RELEASE)],
            tokens: (RandomState::new(), AtomicU64::new(0)),
        })
    }

    /// [`RedisStore::open`], then a `PING`: fails now if Redis cannot be reached.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let store = Self::open(url)?;
        store.ping().await?;
        Ok(store)
    }

    /// The same store with keys under `prefix` (for several applications on one Redis).
    #[must_use]
    pub fn with_prefix(self, prefix: impl Into<String>) -> Self {
        Self { prefix: prefix.into(), ..self }
    }

    /// The same store with another operation timeout (default [`RedisStore::DEFAULT_TIMEOUT`]).
    #[must_use]
    pub fn with_timeout(self, timeout: Duration) -> Self {
        Self { timeout, ..self }
    }

    /// One `PING` round trip.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let mut connection = self.connection.clone();
        let ping = redis::cmd("PING");
        let pong = self.bounded(async move { ping.query_async::<String>(&mut connection).await }).await?;
        if pong == "PONG" { Ok(()) } else { Err(StoreError::new(format!("PING answered {pong}"))) }
    }

    fn token(&self) -> u64 {
        let count = self.tokens.1.fetch_add(1, Ordering::Relaxed);
        // Keyed per process: 64 bits no other replica can guess or repeat by chance.
        self.tokens.0.hash_one(count)
    }

    async fn bounded<T>(&self, operation: impl Future<Output = redis::RedisResult<T>>) -> Result<T, StoreError> {
        match tokio::time::timeout(self.timeout, operation).await {
            Ok(result) => result.map_err(StoreError::new),
            Err(_) => Err(StoreError::new(format!("Redis did not answer within {:?}", self.timeout))),
        }
    }

    async fn run(&self, script: usize, key: &str, token: u64, millis: Option<u64>) -> Result<i64, StoreError> {
        let Some(script) = self.scripts.get(script) else { return Err(StoreError::new("no such script")) };
        let mut invocation = script.key(format!("{}{key}", self.prefix));
        invocation.arg(token);
        if let Some(millis) = millis {
            invocation.arg(millis.max(1));
        }
        let mut connection = self.connection.clone();
        self.bounded(async move { invocation.invoke_async::<i64>(&mut connection).await }).await
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl DedupeStore for RedisStore {
    fn claim<'a>(&'a self, key: &'a str, lease: Duration) -> StoreFuture<'a, Claim> {
        Box::pin(async move {
            let token = self.token();
            match self.run(0, key, token, Some(millis(lease))).await? {
                0 => Ok(Claim::Claimed(ClaimToken::new(token))),
                2 => Ok(Claim::Done),
                _ => Ok(Claim::InFlight),
            }
        })
    }

    fn complete<'a>(&'a self, key: &'a str, token: ClaimToken, keep: Duration) -> StoreFuture<'a, bool> {
        Box::pin(async move { Ok(self.run(1, key, token.get(), Some(millis(keep))).await? == 1) })
    }

    fn release<'a>(&'a self, key: &'a str, token: ClaimToken) -> StoreFuture<'a, bool> {
        Box::pin(async move { Ok(self.run(2, key, token.get(), None).await? == 1) })
    }
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore").field("prefix", &self.prefix).field("timeout", &self.timeout).finish()
    }
}
