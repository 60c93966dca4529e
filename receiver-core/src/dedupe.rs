//! Deduplication: the store contract (claim, complete, release), the in-memory store, and which id of which
//! source is a deduplication key.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher, RandomState};
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::delivery::DeliveryMeta;
use crate::handler::BoxError;
use crate::source::SourceKind;

/// The future a [`DedupeStore`] operation returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Proof of a claim: given by [`DedupeStore::claim`], needed to [`complete`](DedupeStore::complete) or
/// [`release`](DedupeStore::release) it, so a holder whose claim expired and was taken over cannot touch the
/// new holder's claim. Unique per claim of one key (a store picks it; Redis: 64 random bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimToken(u64);

impl ClaimToken {
    /// A token from a store's own number.
    pub fn new(value: u64) -> Self {
        Self(value)
    }

    /// The number, as the store gave it.
    pub fn get(self) -> u64 {
        self.0
    }
}

/// What [`DedupeStore::claim`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Nobody had the key (or its entry expired): it is now held under this token, for the lease.
    Claimed(ClaimToken),
    /// Another delivery of the same id holds the key and its handler has not finished.
    InFlight,
    /// A delivery of the same id was handled successfully (and the entry has not expired).
    Done,
}

/// A store that could not answer (Redis unreachable, a full memory store).
#[derive(Debug, thiserror::Error)]
#[error("the deduplication store failed: {0}")]
pub struct StoreError(#[source] BoxError);

impl StoreError {
    /// Wraps the store's own error.
    pub fn new(error: impl Into<BoxError>) -> Self {
        Self(error.into())
    }
}

/// Where the ids of deliveries being handled and handled are kept: the idempotency contract.
///
/// Three atomic transitions of one key:
///
/// - [`claim`](Self::claim): absent or expired → held (for `lease`), answering [`Claim::Claimed`]; held →
///   [`Claim::InFlight`]; completed → [`Claim::Done`]. Two concurrent claims of one key never both win, in
///   one process or, with a shared store (Redis), across replicas.
/// - [`complete`](Self::complete): held under `token` → completed, kept for `keep`. `Ok(false)` when the
///   claim was no longer this token's (it expired, and someone else may hold it).
/// - [`release`](Self::release): held under `token` → absent, so the sender's retry is processed.
///   `Ok(false)` when the claim was no longer this token's.
///
/// Implemented by [`MemoryStore`] (one process) and by `receiver-redis`'s `RedisStore` (several replicas).
/// The futures are boxed and need no particular runtime.
pub trait DedupeStore: fmt::Debug + Send + Sync + 'static {
    /// Claims `key` for `lease`.
    fn claim<'a>(&'a self, key: &'a str, lease: Duration) -> StoreFuture<'a, Claim>;
    /// Marks `key`, held under `token`, as handled, and keeps it for `keep`.
    fn complete<'a>(&'a self, key: &'a str, token: ClaimToken, keep: Duration) -> StoreFuture<'a, bool>;
    /// Gives up the claim on `key` held under `token`.
    fn release<'a>(&'a self, key: &'a str, token: ClaimToken) -> StoreFuture<'a, bool>;
}

/// The deduplication key of a delivery, if its source has one: `twitch-eventsub:<message id>` for Twitch
/// EventSub, `khan:<id>` for Khan; `None` for every other source.
///
/// Agones Relay deliveries carry no delivery id (the `uid/resourceVersion` they have repeats on purpose with
/// every resync and restart: deduplicating it would drop the resyncs), accweb and Sonoran CAD none at all.
pub fn dedupe_key(meta: &DeliveryMeta) -> Option<String> {
    match meta.source {
        SourceKind::TwitchEventSub | SourceKind::Khan => {
            meta.id.as_deref().filter(|id| !id.is_empty()).map(|id| format!("{}:{id}", meta.source.name()))
        }
        SourceKind::Accweb | SourceKind::SonoranCad | SourceKind::AgonesRelay => None,
    }
}

/// Whether deliveries of `kind` are deduplicated by default: Twitch EventSub and Khan, the two that send an
/// id per event.
pub fn dedupes_by_default(kind: SourceKind) -> bool {
    matches!(kind, SourceKind::TwitchEventSub | SourceKind::Khan)
}

/// The in-memory [`DedupeStore`]: the embedded default, for a receiver that runs as one process.
///
/// - **Bounded**: at most `capacity` ids (default [`MemoryStore::DEFAULT_CAPACITY`]). A claim that finds the
///   store full first drops expired entries, then the oldest completed one (its duplicate would then be
///   handled again: size the store for the ids a sender can repeat within `keep`); when every entry is
///   still in flight the claim fails with a [`StoreError`] (answered as a store outage).
/// - **O(1) per operation** (amortized): a hash map from a keyed 128-bit hash of the key (two SipHash
///   digests with per-store random keys; the key itself is not kept) to 16 bytes of state, and a FIFO queue of
///   completed entries in expiry order (every completion is kept for the same `keep`).
/// - **Expiry without a background thread**: each operation first drops the completed entries whose time
///   has passed, from the front of the queue; an expired claim is taken over by the next claim of its key.
///
/// About 93 bytes per live id: 93 MB resident for 1 million (`cargo bench -p receiver-core --bench
/// dedupe_memory`); a claim and completion of a new id take about 0.6 µs, a duplicate about 50 ns
/// (`--bench dedupe`). It reads the
/// monotonic clock ([`Instant`]) on each operation; [`MemoryStore::claim_at`] and friends take the time as a
/// number of milliseconds instead, for tests.
pub struct MemoryStore {
    inner: Mutex<Inner>,
    hashers: (RandomState, RandomState),
    epoch: Instant,
    capacity: usize,
}

/// The key's keyed 128-bit digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Digest(u64, u64);

impl Hash for Digest {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0);
    }
}

/// The digest is already a keyed hash: the map uses its first half as it is.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// One key's state: when it expires (ms since the store's epoch) and its token, the top bit set once
/// completed.
#[derive(Debug, Clone, Copy)]
struct Slot {
    expires: u64,
    token: u64,
}

const DONE: u64 = 1 << 63;

struct Inner {
    slots: HashMap<Digest, Slot, BuildHasherDefault<PassThrough>>,
    /// Completed entries, oldest first, with the expiry they were completed with.
    completed: VecDeque<(Digest, u64)>,
    next_token: u64,
}

impl MemoryStore {
    /// The default bound: one million ids (about 93 MB when full; memory is taken as ids arrive).
    pub const DEFAULT_CAPACITY: usize = 1_000_000;

    /// A store of at most [`MemoryStore::DEFAULT_CAPACITY`] ids. Memory is taken as ids arrive.
    pub fn new() -> Self {
        Self::with_capacity(Self::DEFAULT_CAPACITY)
    }

    /// A store of at most `capacity` ids (at least 1).
    pub fn with_capacity(capacity: usize) -> Self {
        let inner = Inner { slots: HashMap::default(), completed: VecDeque::new(), next_token: 1 };
        Self {
            inner: Mutex::new(inner),
            hashers: (RandomState::new(), RandomState::new()),
            epoch: Instant::now(),
            capacity: capacity.max(1),
        }
    }

    /// How many ids are held (in flight or completed, not yet dropped).
    pub fn len(&self) -> usize {
        self.lock().map(|inner| inner.slots.len()).unwrap_or(0)
    }

    /// Whether no id is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn digest(&self, key: &str) -> Digest {
        Digest(self.hashers.0.hash_one(key), self.hashers.1.hash_one(key))
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Inner>, StoreError> {
        self.inner.lock().map_err(|_| StoreError::new("the memory store's lock is poisoned"))
    }

    /// [`DedupeStore::claim`] as of `now` (milliseconds since the store was made).
    pub fn claim_at(&self, key: &str, lease: Duration, now: u64) -> Result<Claim, StoreError> {
        let digest = self.digest(key);
        let mut inner = self.lock()?;
        inner.expire(now);
        if let Some(slot) = inner.slots.get(&digest).filter(|slot| slot.expires > now) {
            return Ok(if slot.token & DONE != 0 { Claim::Done } else { Claim::InFlight });
        }
        if !inner.slots.contains_key(&digest) && inner.slots.len() >= self.capacity && !inner.evict_oldest() {
            return Err(StoreError::new(format!("the memory store is full: {} deliveries in flight", self.capacity)));
        }
        let token = inner.next_token;
        inner.next_token = (token + 1) & !DONE;
        inner.slots.insert(digest, Slot { expires: now.saturating_add(millis(lease)), token });
        Ok(Claim::Claimed(ClaimToken(token)))
    }

    /// [`DedupeStore::complete`] as of `now`.
    pub fn complete_at(&self, key: &str, token: ClaimToken, keep: Duration, now: u64) -> Result<bool, StoreError> {
        let digest = self.digest(key);
        let mut inner = self.lock()?;
        inner.expire(now);
        let Some(slot) = inner.slots.get_mut(&digest).filter(|slot| slot.token == token.0) else { return Ok(false) };
        let expires = now.saturating_add(millis(keep));
        *slot = Slot { expires, token: token.0 | DONE };
        inner.completed.push_back((digest, expires));
        Ok(true)
    }

    /// [`DedupeStore::release`] as of `now`.
    pub fn release_at(&self, key: &str, token: ClaimToken, now: u64) -> Result<bool, StoreError> {
        let digest = self.digest(key);
        let mut inner = self.lock()?;
        inner.expire(now);
        let held = inner.slots.get(&digest).is_some_and(|slot| slot.token == token.0);
        if held {
            inner.slots.remove(&digest);
        }
        Ok(held)
    }
}

impl Inner {
    /// Drops the completed entries whose time has passed (unless claimed again since).
    fn expire(&mut self, now: u64) {
        while let Some(&(digest, expires)) = self.completed.front() {
            if expires > now {
                break;
            }
            self.completed.pop_front();
            self.remove_if_unchanged(digest, expires);
        }
    }

    /// Drops the oldest completed entry, expired or not; `false` when there is none.
    fn evict_oldest(&mut self) -> bool {
        while let Some((digest, expires)) = self.completed.pop_front() {
            if self.remove_if_unchanged(digest, expires) {
                return true;
            }
        }
        false
    }

    fn remove_if_unchanged(&mut self, digest: Digest, expires: u64) -> bool {
        let unchanged = self.slots.get(&digest).is_some_and(|slot| slot.token & DONE != 0 && slot.expires == expires);
        if unchanged {
            self.slots.remove(&digest);
        }
        unchanged
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore").field("len", &self.len()).field("capacity", &self.capacity).finish()
    }
}

impl DedupeStore for MemoryStore {
    fn claim<'a>(&'a self, key: &'a str, lease: Duration) -> StoreFuture<'a, Claim> {
        let result = self.claim_at(key, lease, self.now());
        Box::pin(std::future::ready(result))
    }

    fn complete<'a>(&'a self, key: &'a str, token: ClaimToken, keep: Duration) -> StoreFuture<'a, bool> {
        let result = self.complete_at(key, token, keep, self.now());
        Box::pin(std::future::ready(result))
    }

    fn release<'a>(&'a self, key: &'a str, token: ClaimToken) -> StoreFuture<'a, bool> {
        let result = self.release_at(key, token, self.now());
        Box::pin(std::future::ready(result))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const LEASE: Duration = Duration::from_secs(60);
    const KEEP: Duration = Duration::from_secs(900);

    fn claimed(claim: Claim) -> ClaimToken {
        match claim {
            Claim::Claimed(token) => token,
            other => panic!("expected a claim, got {other:?}"),
        }
    }

    #[test]
    fn claim_complete_release_follow_the_contract() {
        let store = MemoryStore::new();
        let token = claimed(store.claim_at("a", LEASE, 0).unwrap());
        assert_eq!(store.claim_at("a", LEASE, 1).unwrap(), Claim::InFlight);
        assert!(store.complete_at("a", token, KEEP, 2).unwrap());
        assert_eq!(store.claim_at("a", LEASE, 3).unwrap(), Claim::Done);
        assert!(!store.release_at("a", token, 4).unwrap(), "a completed entry is not released");
        assert_eq!(store.claim_at("a", LEASE, 5).unwrap(), Claim::Done);

        let token = claimed(store.claim_at("b", LEASE, 0).unwrap());
        assert!(store.release_at("b", token, 1).unwrap());
        let again = claimed(store.claim_at("b", LEASE, 2).unwrap());
        assert_ne!(token, again);
        assert!(!store.release_at("b", token, 3).unwrap(), "the old token cannot release the new claim");
        assert_eq!(store.claim_at("b", LEASE, 4).unwrap(), Claim::InFlight);
    }

    #[test]
    fn entries_expire_and_a_stale_holder_cannot_complete() {
        let store = MemoryStore::new();
        let stale = claimed(store.claim_at("a", LEASE, 0).unwrap());
        let lease = millis(LEASE);
        let fresh = claimed(store.claim_at("a", LEASE, lease).unwrap());
        assert!(!store.complete_at("a", stale, KEEP, lease + 1).unwrap());
        assert!(store.complete_at("a", fresh, KEEP, lease + 2).unwrap());
        let gone = lease + 2 + millis(KEEP);
        assert_eq!(store.claim_at("a", LEASE, gone - 1).unwrap(), Claim::Done);
        assert_eq!(store.claim_at("b", LEASE, gone).unwrap(), Claim::Claimed(ClaimToken(3)));
        assert_eq!(store.len(), 1, "the expired entry was dropped by the next operation");
    }

    #[test]
    fn a_full_store_drops_the_oldest_completed_then_refuses() {
        let store = MemoryStore::with_capacity(2);
        for key in ["a", "b"] {
            let token = claimed(store.claim_at(key, LEASE, 0).unwrap());
            store.complete_at(key, token, KEEP, 0).unwrap();
        }
        claimed(store.claim_at("c", LEASE, 1).unwrap());
        assert_eq!(store.len(), 2);
        assert_eq!(store.claim_at("b", LEASE, 2).unwrap(), Claim::Done, "b is kept: a, the oldest, made room");
        claimed(store.claim_at("a", LEASE, 3).unwrap());
        assert!(store.claim_at("d", LEASE, 4).is_err(), "all in flight: full");
    }

    #[test]
    fn keys_are_chosen_per_source() {
        let mut meta = DeliveryMeta::new(SourceKind::TwitchEventSub);
        meta.id = Some("m-1".into());
        assert_eq!(dedupe_key(&meta).as_deref(), Some("twitch-eventsub:m-1"));
        meta.source = SourceKind::Khan;
        assert_eq!(dedupe_key(&meta).as_deref(), Some("khan:m-1"));
        for source in [SourceKind::AgonesRelay, SourceKind::Accweb, SourceKind::SonoranCad] {
            meta.source = source;
            assert_eq!(dedupe_key(&meta), None, "{source}");
            assert!(!dedupes_by_default(source));
        }
        meta.source = SourceKind::Khan;
        meta.id = None;
        assert_eq!(dedupe_key(&meta), None);
    }
}
