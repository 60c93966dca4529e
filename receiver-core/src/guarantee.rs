//! Delivery guarantees, decided once for every adapter: how a verified delivery reaches the handler
//! (deduplicated or not), and what the sender is answered for each outcome.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use crate::adapter::after_handler;
use crate::dedupe::{Claim, ClaimToken, DedupeStore, StoreError, dedupe_key, dedupes_by_default};
use crate::delivery::{Delivery, Received};
use crate::event::Event;
use crate::handler::{BoxError, Handler, HandlerFuture};
use crate::reply::Reply;
use crate::source::SourceKind;

/// How long a claim holds by default: longer than any handler should run. Past it, a claim whose holder
/// vanished (a crashed replica) is taken over by the sender's next retry.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(5 * 60);

/// How long a handled id is remembered by default: 15 minutes, beyond the 10 minutes after which the
/// Twitch source refuses a message as a replay, so every duplicate Twitch can still send is recognised.
pub const DEFAULT_KEEP: Duration = Duration::from_secs(15 * 60);

/// What to do when the deduplication store cannot answer (Redis unreachable, a full memory store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StoreUnavailable {
    /// Answer `503` with `Retry-After` and do not run the handler: a sender that retries (Twitch) delivers
    /// again later, and nothing is ever handled twice. The default.
    #[default]
    FailClosed,
    /// Run the handler without deduplication and log a warning: nothing is refused, but a duplicate that
    /// arrives meanwhile is handled again.
    FailOpen,
}

/// When the handler runs: before the answer, or on a queue's workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Inline,
    Queued { capacity: usize, workers: usize },
}

/// Whether and where a source's deliveries are deduplicated.
#[derive(Clone, Default)]
enum DedupeChoice {
    /// The source's default: the endpoints' shared in-memory store for Twitch EventSub and Khan, none for
    /// the others.
    #[default]
    Default,
    Off,
    Store(Arc<dyn DedupeStore>),
}

/// How the deliveries of one source reach the application: deduplicated or not, and in which store.
///
/// Given per source to the adapters (`Endpoints::source_with` in `receiver-axum` and `receiver-actix`).
/// The default ([`DeliveryOptions::inline`]): the handler runs before the sender is answered, and Twitch
/// EventSub and Khan deliveries are deduplicated by their id in an in-memory store shared by every source of
/// one `Endpoints`. Agones Relay, accweb and Sonoran CAD deliveries are never deduplicated: they have no
/// delivery id (Agones repeats its object versions on purpose, with every resync).
///
/// What the sender is answered, whatever the source:
///
/// | outcome | answer | handler |
/// |---|---|---|
/// | first delivery, handler `Ok` | the source's success reply ([`SourceKind::success_reply`]) | ran once |
/// | first delivery, handler `Err` or panicked | `500`; the claim is released, so a retry is handled | ran, failed |
/// | duplicate of a handled delivery | the source's success reply; reported as a duplicate | not run |
/// | duplicate while the first is being handled | `503`, `Retry-After: 1` ([`Reply::in_flight`]) | not run |
/// | store unavailable, fail closed (default) | `503`, `Retry-After: 5` ([`Reply::store_unavailable`]) | not run |
/// | store unavailable, fail open | as if not deduplicated; a warning is logged | runs |
///
/// Per sender: Twitch retries any non-2xx, so an in-flight duplicate or a store outage is delivered again
/// later and handled exactly once. Khan never retries: its deliveries are answered like Twitch's, but a `503`
/// or `500` means the event is lost for Khan (Khan only logs it); an in-flight duplicate of a Khan id comes
/// from a second hook URL of the same event, whose first delivery decides. Agones, accweb and Sonoran CAD are
/// never deduplicated: their handler runs for every delivery.
#[derive(Clone)]
pub struct DeliveryOptions {
    mode: Mode,
    dedupe: DedupeChoice,
    store_unavailable: StoreUnavailable,
    lease: Duration,
    keep: Duration,
}

impl DeliveryOptions {
    /// The default: the handler runs before the answer; deduplication as the source's default.
    pub fn inline() -> Self {
        Self {
            mode: Mode::Inline,
            dedupe: DedupeChoice::Default,
            store_unavailable: StoreUnavailable::FailClosed,
            lease: DEFAULT_LEASE,
            keep: DEFAULT_KEEP,
        }
    }

    /// Queued: verify, claim (when deduplicated), put the delivery on a bounded in-process queue of
    /// `capacity` deliveries and answer the source's success reply at once; workers run the handler. For
    /// senders with tight timeouts (accweb 100 ms, Khan 500 ms). A full queue answers [`Reply::queue_full`]
    /// (`503`, `Retry-After: 1`) and keeps nothing: no delivery is accepted and then dropped. A handler that
    /// fails cannot change the answer any more: it is logged and its claim released. Graceful shutdown
    /// (`Endpoints::shutdown` in the adapters) stops accepting, drains the queue and reports what it could
    /// not finish. Four workers unless [`DeliveryOptions::workers`] says otherwise.
    pub fn queued(capacity: usize) -> Self {
        Self { mode: Mode::Queued { capacity: capacity.max(1), workers: 4 }, ..Self::inline() }
    }

    /// How many handlers a queued source runs at once (at least 1; no effect inline).
    #[must_use]
    pub fn workers(self, workers: usize) -> Self {
        match self.mode {
            Mode::Queued { capacity, .. } => Self { mode: Mode::Queued { capacity, workers: workers.max(1) }, ..self },
            Mode::Inline => self,
        }
    }

    /// Deduplicates in `store` (a `RedisStore` for several replicas, or a [`MemoryStore`](crate::MemoryStore)
    /// of one's own). Only sources with a delivery id (Twitch EventSub, Khan) are deduplicated; for the
    /// others the store is ignored.
    #[must_use]
    pub fn dedupe(self, store: impl DedupeStore) -> Self {
        self.dedupe_in(Arc::new(store))
    }

    /// [`DeliveryOptions::dedupe`] with a store shared with other sources or `Endpoints`.
    #[must_use]
    pub fn dedupe_in(self, store: Arc<dyn DedupeStore>) -> Self {
        Self { dedupe: DedupeChoice::Store(store), ..self }
    }

    /// Hands every delivery to the handler, duplicates included.
    #[must_use]
    pub fn without_dedupe(self) -> Self {
        Self { dedupe: DedupeChoice::Off, ..self }
    }

    /// What to do when the store cannot answer (default [`StoreUnavailable::FailClosed`]).
    #[must_use]
    pub fn on_store_unavailable(self, choice: StoreUnavailable) -> Self {
        Self { store_unavailable: choice, ..self }
    }

    /// How long a claim holds before another delivery of the same id may take it over (default
    /// [`DEFAULT_LEASE`]); make it longer than the handler can take.
    #[must_use]
    pub fn lease(self, lease: Duration) -> Self {
        Self { lease, ..self }
    }

    /// How long a handled id is remembered (default [`DEFAULT_KEEP`]).
    #[must_use]
    pub fn keep(self, keep: Duration) -> Self {
        Self { keep, ..self }
    }
}

impl Default for DeliveryOptions {
    fn default() -> Self {
        Self::inline()
    }
}

impl fmt::Debug for DeliveryOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dedupe: &dyn fmt::Debug = match &self.dedupe {
            DedupeChoice::Default => &"source default",
            DedupeChoice::Off => &"off",
            DedupeChoice::Store(store) => store,
        };
        f.debug_struct("DeliveryOptions")
            .field("mode", &self.mode)
            .field("dedupe", dedupe)
            .field("store_unavailable", &self.store_unavailable)
            .field("lease", &self.lease)
            .field("keep", &self.keep)
            .finish()
    }
}

/// What became of one delivery, beside the reply.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// The handler ran and returned `Ok`.
    Handled,
    /// The handler returned an error or panicked (answered `500`).
    Failed,
    /// A duplicate of a delivery already handled: acknowledged, the handler not run.
    Duplicate,
    /// A duplicate of a delivery still being handled: answered [`Reply::in_flight`], the handler not run.
    InFlight,
    /// The store could not answer and fails closed: answered [`Reply::store_unavailable`].
    StoreUnavailable,
    /// Queued mode: put on the queue and acknowledged; the handler runs later.
    Queued,
    /// Queued mode: the queue was full (or shutting down): answered [`Reply::queue_full`], nothing kept.
    QueueFull,
}

/// The reply to send and what became of the delivery.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The answer for the sender.
    pub reply: Reply,
    /// What happened.
    pub disposition: Disposition,
}

/// A function told of every duplicate delivery acknowledged without running the handler: the source and
/// the delivery (for the printer, metrics, logs).
pub type DuplicateObserver = dyn Fn(&Delivery) + Send + Sync;

/// Where a router tells the application about duplicates (`Endpoints::on_duplicate` in both adapters).
#[derive(Default)]
pub struct DuplicateHook(Mutex<Option<Arc<DuplicateObserver>>>);

impl DuplicateHook {
    /// Sets (or replaces) the observer.
    pub fn set(&self, observer: impl Fn(&Delivery) + Send + Sync + 'static) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(Arc::new(observer));
        }
    }

    /// Tells the observer, if there is one. The observer runs outside the lock.
    pub fn notify(&self, delivery: &Delivery) {
        let observer = self.0.lock().ok().and_then(|slot| slot.clone());
        if let Some(observer) = observer {
            observer(delivery);
        }
    }
}

impl fmt::Debug for DuplicateHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = self.0.lock().map(|slot| slot.is_some()).unwrap_or(false);
        f.debug_tuple("DuplicateHook").field(&if set { "set" } else { "unset" }).finish()
    }
}

/// One mounted source's delivery path, as the adapters run it: [`DeliveryOptions`] resolved for the
/// source, and the whole decision table (claim → handler → complete or release; duplicates; store outages).
///
/// Runtime-agnostic: [`Pipeline::deliver`] is a plain future; the adapters poll it once and move it into a task
/// of its own if it has to wait, so a sender that hangs up cannot cancel the handler, or the claim's
/// completion or release, half way.
pub struct Pipeline {
    kind: SourceKind,
    mode: Mode,
    store: Option<Arc<dyn DedupeStore>>,
    store_unavailable: StoreUnavailable,
    lease: Duration,
    keep: Duration,
}

impl Pipeline {
    /// The path of a source of `kind` configured with `options`; `default_store` is the store the source
    /// uses when it deduplicates by default (one in-memory store shared by the sources of one `Endpoints`).
    pub fn new(kind: SourceKind, options: DeliveryOptions, default_store: &Arc<dyn DedupeStore>) -> Self {
        let store = match options.dedupe {
            DedupeChoice::Off => None,
            DedupeChoice::Default => dedupes_by_default(kind).then(|| Arc::clone(default_store)),
            DedupeChoice::Store(store) => dedupes_by_default(kind).then_some(store),
        };
        let (store_unavailable, lease, keep, mode) =
            (options.store_unavailable, options.lease, options.keep, options.mode);
        Self { kind, mode, store, store_unavailable, lease, keep }
    }

    /// Which source it serves.
    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    /// Whether its deliveries are deduplicated.
    pub fn dedupes(&self) -> bool {
        self.store.is_some()
    }

    /// Takes one verified delivery to the handler as the options say, and decides the answer (inline mode:
    /// [`Pipeline::admit`], then [`Pipeline::run`]). A delivery the protocol answers itself (the Twitch
    /// verification challenge) is never deduplicated: every challenge gets its challenge back. Duplicates
    /// are told to `duplicates`.
    pub async fn deliver(
        &self,
        handler: &dyn Handler,
        received: impl Into<Prepared>,
        duplicates: &DuplicateHook,
    ) -> Outcome {
        match self.admit(received, duplicates).await {
            Admission::Run(job) => self.run(handler, job).await,
            Admission::Answer(outcome) => outcome,
        }
    }

    /// The first half of a delivery: claims its id, when deduplicated. Either the handler is to run
    /// ([`Admission::Run`]: now, or on a queue's worker) or the sender is answered at once (a duplicate, an
    /// in-flight duplicate, a store outage).
    pub async fn admit(&self, received: impl Into<Prepared>, duplicates: &DuplicateHook) -> Admission {
        let kind = self.kind;
        let Prepared(parts) = received.into();
        let key = match (&self.store, parts.protocol) {
            (Some(store), false) => dedupe_key(&parts.delivery.meta).map(|key| (store, key)),
            _ => None,
        };
        let Some((store, key)) = key else { return Admission::Run(Job { parts, claim: None }) };
        let answer = match store.claim(&key, self.lease).await {
            Ok(Claim::Claimed(token)) => {
                return Admission::Run(Job { parts, claim: Some((key, token)) });
            }
            Ok(Claim::Done) => {
                log_duplicate(kind, &key, "already handled");
                duplicates.notify(&parts.delivery);
                Outcome { reply: parts.success, disposition: Disposition::Duplicate }
            }
            Ok(Claim::InFlight) => {
                log_duplicate(kind, &key, "still being handled");
                Outcome { reply: Reply::in_flight(), disposition: Disposition::InFlight }
            }
            Err(error) => match self.store_unavailable {
                StoreUnavailable::FailClosed => {
                    log_store_error(kind, &key, &error, "refused with 503 (fail closed)");
                    Outcome { reply: Reply::store_unavailable(), disposition: Disposition::StoreUnavailable }
                }
                StoreUnavailable::FailOpen => {
                    log_store_error(kind, &key, &error, "handled without deduplication (fail open)");
                    return Admission::Run(Job { parts, claim: None });
                }
            },
        };
        Admission::Answer(answer)
    }

    /// The second half: runs the handler (a panic included), then completes the claim (handler `Ok`) or
    /// releases it (so the sender's retry is handled).
    pub async fn run(&self, handler: &dyn Handler, job: Job) -> Outcome {
        let Job { parts, claim } = job;
        let outcome = run(handler, self.kind, parts).await;
        let Some((key, token)) = claim else { return outcome };
        let Some(store) = &self.store else { return outcome };
        let transition = match outcome.disposition {
            Disposition::Handled => store.complete(&key, token, self.keep).await,
            _ => store.release(&key, token).await,
        };
        match transition {
            Ok(true) => {}
            Ok(false) => log_store_error(self.kind, &key, &StoreError::new("the claim had expired"), "lease too short"),
            Err(error) => log_store_error(self.kind, &key, &error, "claim left to expire after its lease"),
        }
        outcome
    }

    /// Gives a job back without running it (a full queue, a shutdown): releases its claim and answers
    /// [`Reply::queue_full`].
    pub async fn refuse(&self, job: Job) -> Outcome {
        if let (Some((key, token)), Some(store)) = (&job.claim, &self.store) {
            if let Err(error) = store.release(key, *token).await {
                log_store_error(self.kind, key, &error, "claim left to expire after its lease");
            }
        }
        Outcome { reply: Reply::queue_full(), disposition: Disposition::QueueFull }
    }

    /// The mode: `None` inline, `Some((capacity, workers))` queued.
    pub fn queued(&self) -> Option<(usize, usize)> {
        match self.mode {
            Mode::Inline => None,
            Mode::Queued { capacity, workers } => Some((capacity, workers)),
        }
    }
}

/// What [`Pipeline::admit`] decided.
#[derive(Debug)]
pub enum Admission {
    /// Run the handler with this job ([`Pipeline::run`]), or queue it.
    Run(Job),
    /// Answer the sender with this; the handler is not run.
    Answer(Outcome),
}

/// A verified delivery made ready for [`Pipeline::deliver`] or [`Pipeline::admit`]: the event boxed once,
/// with the answer its success earns.
///
/// Adapters convert a [`Received`] with `Prepared::from` *before* they build the future that delivers it,
/// so that the future, and every future inside it, carries one pointer instead of the ~900-byte event and
/// its replies (moving the event through those futures was a quarter of the adapters' overhead over a bare
/// endpoint; profiled). The box stays under 1 KiB, below glibc's large-chunk path.
#[derive(Debug)]
pub struct Prepared(Box<Parts>);

/// What a [`Prepared`] holds, in one allocation.
#[derive(Debug)]
struct Parts {
    delivery: Delivery,
    /// Whether `success` is the reply the protocol requires (the Twitch challenge), not the source's
    /// ordinary success reply: such a delivery is never deduplicated.
    protocol: bool,
    success: Reply,
}

impl<E: Into<Event>> From<Received<E>> for Prepared {
    fn from(received: Received<E>) -> Self {
        let kind = received.delivery().meta.source;
        let (delivery, protocol, success) = match received {
            Received::Event(delivery) => (delivery, false, kind.success_reply()),
            Received::Reply { reply, delivery } => (delivery, true, reply),
        };
        Self(Box::new(Parts { delivery: delivery.into_any(), protocol, success }))
    }
}

impl Prepared {
    /// The delivery.
    pub fn delivery(&self) -> &Delivery {
        &self.0.delivery
    }
}

/// A delivery admitted to the handler, with its claim if deduplicated.
#[derive(Debug)]
pub struct Job {
    parts: Box<Parts>,
    claim: Option<(String, ClaimToken)>,
}

impl Job {
    /// The delivery.
    pub fn delivery(&self) -> &Delivery {
        &self.parts.delivery
    }

    /// What the sender is answered when the handler succeeds, or at once when the job is queued: the
    /// source's success reply, or the reply its protocol requires.
    pub fn success_reply(&self) -> &Reply {
        &self.parts.success
    }

    /// The answer to a queued job, sent at once: [`Job::success_reply`].
    pub fn queued_outcome(&self) -> Outcome {
        Outcome { reply: self.parts.success.clone(), disposition: Disposition::Queued }
    }
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pipeline")
            .field("kind", &self.kind)
            .field("mode", &self.mode)
            .field("store", &self.store)
            .field("store_unavailable", &self.store_unavailable)
            .finish()
    }
}

/// Runs the handler, a panic included, and maps its result to the answer.
async fn run(handler: &dyn Handler, kind: SourceKind, parts: Box<Parts>) -> Outcome {
    let (id, success, started) = start(handler, parts);
    let result = match started {
        Ok(future) => CatchUnwind(future).await,
        Err(panic) => Err(panic),
    };
    let reply = after_handler(kind, id.as_deref(), success, result);
    let disposition = if (200..300).contains(&reply.status) { Disposition::Handled } else { Disposition::Failed };
    Outcome { reply, disposition }
}

/// Calls the handler with the delivery, a panic in the call itself (before the handler's future exists)
/// caught as well. Not async on purpose: the ~900-byte delivery is unboxed here, never inside a future.
fn start(handler: &dyn Handler, parts: Box<Parts>) -> (Option<String>, Reply, Result<HandlerFuture, String>) {
    let Parts { delivery, success, .. } = *parts;
    // The id is only read to log a failure: not copied when nothing would log it.
    #[cfg(feature = "tracing")]
    let id = if tracing::enabled!(target: "receiver", tracing::Level::ERROR) { delivery.meta.id.clone() } else { None };
    #[cfg(not(feature = "tracing"))]
    let id = None;
    let started =
        std::panic::catch_unwind(AssertUnwindSafe(|| handler.call(delivery))).map_err(|panic| panic_message(&*panic));
    (id, success, started)
}

/// A future whose panic is turned into `Err(message)`.
struct CatchUnwind(HandlerFuture);

impl Future for CatchUnwind {
    type Output = Result<Result<(), BoxError>, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let future = &mut self.0;
        match std::panic::catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(result)) => Poll::Ready(Ok(result)),
            Err(panic) => Poll::Ready(Err(panic_message(&*panic))),
        }
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned())
}

fn log_duplicate(kind: SourceKind, key: &str, what: &str) {
    #[cfg(feature = "tracing")]
    tracing::info!(target: "receiver", source = %kind, key, "duplicate delivery, {what}: handler not run");
    #[cfg(not(feature = "tracing"))]
    let _ = (kind, key, what);
}

fn log_store_error(kind: SourceKind, key: &str, error: &StoreError, what: &str) {
    #[cfg(feature = "tracing")]
    tracing::warn!(target: "receiver", source = %kind, key, error = %error, "deduplication store: {what}");
    #[cfg(not(feature = "tracing"))]
    let _ = (kind, key, error, what);
}

impl Reply {
    /// `503`, `Retry-After: <seconds>`, `text/plain` `body`: refused for now, to be sent again later.
    pub fn retry_later(retry_after_seconds: u32, body: &'static str) -> Self {
        let mut reply = Self::text(body);
        reply.status = 503;
        reply.headers.push(("retry-after", Cow::Owned(retry_after_seconds.to_string())));
        reply
    }

    /// The answer to a duplicate that arrives while the first delivery of its id is being handled: `503`,
    /// `Retry-After: 1`. Not a success, so a sender that retries (Twitch) delivers it again and finds it
    /// handled, or handles it then if the first attempt failed.
    pub fn in_flight() -> Self {
        Self::retry_later(1, "this delivery is being handled; retry later")
    }

    /// The answer when the deduplication store cannot answer and fails closed: `503`, `Retry-After: 5`.
    pub fn store_unavailable() -> Self {
        Self::retry_later(5, "temporarily unavailable; retry later")
    }

    /// The answer when a queue is full: `503`, `Retry-After: 1`. Nothing was accepted.
    pub fn queue_full() -> Self {
        Self::retry_later(1, "too many deliveries at once; retry later")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::MemoryStore;

    fn block_on<F: Future>(future: F) -> F::Output {
        struct Noop;
        impl std::task::Wake for Noop {
            fn wake(self: Arc<Self>) {}
        }
        let waker = Arc::new(Noop).into();
        let mut cx = Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
        }
    }

    /// A Khan delivery with `id`, relabelled as Twitch's (the pipeline only reads the source and the id).
    fn twitch(id: &str) -> Received<Event> {
        let mut received = khan(id);
        if let Received::Event(delivery) = &mut received {
            delivery.meta.source = SourceKind::TwitchEventSub;
        }
        received
    }

    fn khan(id: &str) -> Received<Event> {
        use crate::{Auth, Incoming, Khan, Source};
        let body = format!(r#"{{"type":13,"id":"{id}","timestamp":"2021-12-08T16:33:55-03:00"}}"#);
        let source = Khan::new(Auth::unauthenticated());
        source.receive(&Incoming::post(&[("a", "b")], body.as_bytes())).unwrap().into_any()
    }

    #[test]
    fn a_prepared_delivery_stays_under_glibc_large_chunk_size() {
        // 1 KiB and more goes down glibc's large-chunk path (and `malloc_consolidate`) on every request:
        // measured under load as ~0.1 us per request. A larger event type needs boxing somewhere else.
        assert!(size_of::<Parts>() + 16 < 1024, "{} bytes", size_of::<Parts>());
    }

    #[test]
    fn the_decision_table() {
        let store: Arc<dyn DedupeStore> = Arc::new(MemoryStore::new());
        let pipeline = Pipeline::new(SourceKind::TwitchEventSub, DeliveryOptions::inline(), &store);
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        let fail_first = move |_: Delivery| {
            let n = counted.fetch_add(1, Ordering::SeqCst);
            std::future::ready(if n == 0 { Err::<(), BoxError>("first fails".into()) } else { Ok(()) })
        };
        let hook = DuplicateHook::default();
        let seen = Arc::new(AtomicUsize::new(0));
        let seen_in_hook = Arc::clone(&seen);
        hook.set(move |_| {
            seen_in_hook.fetch_add(1, Ordering::SeqCst);
        });
        let first = block_on(pipeline.deliver(&fail_first, twitch("m"), &hook));
        assert_eq!((first.reply.status, first.disposition), (500, Disposition::Failed));
        let retry = block_on(pipeline.deliver(&fail_first, twitch("m"), &hook));
        assert_eq!((retry.reply.status, retry.disposition), (204, Disposition::Handled));
        let duplicate = block_on(pipeline.deliver(&fail_first, twitch("m"), &hook));
        assert_eq!((duplicate.reply.status, duplicate.disposition), (204, Disposition::Duplicate));
        assert_eq!((calls.load(Ordering::SeqCst), seen.load(Ordering::SeqCst)), (2, 1));

        let token = match store.claim_at_now("twitch-eventsub:busy") {
            Claim::Claimed(token) => token,
            other => panic!("{other:?}"),
        };
        let busy = block_on(pipeline.deliver(&fail_first, twitch("busy"), &hook));
        assert_eq!((busy.reply.status, busy.disposition), (503, Disposition::InFlight));
        assert_eq!(busy.reply.headers, [("retry-after", Cow::Borrowed("1"))]);
        let _ = token;
    }

    #[test]
    fn a_panicking_handler_releases_its_claim() {
        let store: Arc<dyn DedupeStore> = Arc::new(MemoryStore::new());
        let pipeline = Pipeline::new(SourceKind::TwitchEventSub, DeliveryOptions::inline(), &store);
        let panics = |_: Delivery| -> std::future::Ready<Result<(), BoxError>> { panic!("bug") };
        let outcome = block_on(pipeline.deliver(&panics, twitch("p"), &DuplicateHook::default()));
        assert_eq!(outcome.reply.status, 500);
        let ok = |_: Delivery| std::future::ready(Ok::<(), BoxError>(()));
        let outcome = block_on(pipeline.deliver(&ok, twitch("p"), &DuplicateHook::default()));
        assert_eq!(outcome.disposition, Disposition::Handled);
    }

    #[derive(Debug)]
    struct Down;
    impl DedupeStore for Down {
        fn claim<'a>(&'a self, _: &'a str, _: Duration) -> crate::StoreFuture<'a, Claim> {
            Box::pin(std::future::ready(Err(StoreError::new("down"))))
        }
        fn complete<'a>(&'a self, _: &'a str, _: ClaimToken, _: Duration) -> crate::StoreFuture<'a, bool> {
            Box::pin(std::future::ready(Err(StoreError::new("down"))))
        }
        fn release<'a>(&'a self, _: &'a str, _: ClaimToken) -> crate::StoreFuture<'a, bool> {
            Box::pin(std::future::ready(Err(StoreError::new("down"))))
        }
    }

    #[test]
    fn a_store_outage_fails_closed_or_open() {
        let default: Arc<dyn DedupeStore> = Arc::new(MemoryStore::new());
        let ok = |_: Delivery| std::future::ready(Ok::<(), BoxError>(()));
        let closed = Pipeline::new(SourceKind::Khan, DeliveryOptions::inline().dedupe(Down), &default);
        let outcome = block_on(closed.deliver(&ok, khan("k"), &DuplicateHook::default()));
        assert_eq!((outcome.reply.status, outcome.disposition), (503, Disposition::StoreUnavailable));
        assert_eq!(outcome.reply.headers, [("retry-after", Cow::Borrowed("5"))]);
        let open = Pipeline::new(
            SourceKind::Khan,
            DeliveryOptions::inline().dedupe(Down).on_store_unavailable(StoreUnavailable::FailOpen),
            &default,
        );
        let outcome = block_on(open.deliver(&ok, khan("k"), &DuplicateHook::default()));
        assert_eq!(outcome.disposition, Disposition::Handled);
    }

    #[test]
    fn only_sources_with_an_id_are_deduplicated() {
        let default: Arc<dyn DedupeStore> = Arc::new(MemoryStore::new());
        for kind in SourceKind::ALL {
            let pipeline = Pipeline::new(kind, DeliveryOptions::inline(), &default);
            assert_eq!(pipeline.dedupes(), matches!(kind, SourceKind::TwitchEventSub | SourceKind::Khan), "{kind}");
            assert!(!Pipeline::new(kind, DeliveryOptions::inline().without_dedupe(), &default).dedupes());
        }
    }

    trait ClaimNow {
        fn claim_at_now(&self, key: &str) -> Claim;
    }
    impl ClaimNow for Arc<dyn DedupeStore> {
        fn claim_at_now(&self, key: &str) -> Claim {
            block_on(self.claim(key, DEFAULT_LEASE)).unwrap()
        }
    }
}
