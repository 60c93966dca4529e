//! The tokio code both adapters share: the bounded in-process queue of the Queued delivery mode
//! ([`DeliveryOptions::queued`](receiver_core::DeliveryOptions::queued)), [`deliver_to_completion`], how every
//! verified delivery is taken to the handler, and [`within`], the time limit on reading a request body.
//!
//! **What this crate does not do:** it decides nothing. What is deduplicated, what a duplicate or a full
//! queue is answered, is `receiver-core`'s [`Pipeline`]; this crate only holds admitted jobs and runs them.
//!
//! The workers run on a thread of their own, with a current-thread tokio runtime (every driver the
//! application's tokio features enable), started with the first delivery: they do not depend on the web
//! framework's runtime or workers, and survive its shutdown until [`Queues::shutdown`] has drained them.

use std::collections::BTreeMap;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::{Duration, Instant};

use receiver_core::{
    Admission, DuplicateHook, Handler, Job, Outcome, Pipeline, Prepared, Reply, SourceKind, after_handler,
};
use tokio::sync::mpsc;

type Pending = Arc<Mutex<BTreeMap<u64, (SourceKind, Option<String>)>>>;

/// [`tokio::time::timeout`], except that a `future` ready on its first poll is never timed: no clock read
/// and no timer armed. The adapters read request bodies through it, and a body that arrived with its head
/// (the common case: small webhook bodies) is then read at no cost; one still arriving gets `after` from
/// that first poll.
pub async fn within<F: Future>(after: Duration, future: F) -> Result<F::Output, tokio::time::error::Elapsed> {
    let mut future = pin!(future);
    if let Poll::Ready(output) = std::future::poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await {
        return Ok(output);
    }
    tokio::time::timeout(after, future).await
}

/// Who a router's deliveries go to: the application's handler and the observer of duplicates, shared by every
/// route of one router.
pub struct Recipient {
    /// Runs every delivery.
    pub handler: Arc<dyn Handler>,
    /// Told of each duplicate the dedupe store answered without running the handler.
    pub on_duplicate: Arc<DuplicateHook>,
}

impl std::fmt::Debug for Recipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recipient").finish_non_exhaustive()
    }
}

impl Recipient {
    /// `handler`, with no duplicate observer yet.
    pub fn new(handler: impl Handler) -> Self {
        Self { handler: Arc::new(handler), on_duplicate: Arc::default() }
    }
}

/// Takes one verified delivery to the handler — inline through `pipeline`, or onto `queue` when the source
/// is queued — and gives the sender's answer: what both adapters' routers do with every delivery.
///
/// A sender hanging up makes the framework drop the request's future; that must not cut the claim, the
/// handler or the claim's completion half way. So the delivery is polled once, here: a handler that finishes
/// without waiting (the common case) has then run to the end, since a future can only be dropped between
/// polls. One that has to wait is moved, before this future yields, into a task of its own that finishes
/// it whatever happens to the request. A panic the pipeline does not catch (a dedupe store's, say) answers
/// [`Reply::handler_failed`] either way. Convert the delivery with `Prepared::from` before calling: the
/// future then carries one pointer, not the event.
pub async fn deliver_to_completion(
    pipeline: Arc<Pipeline>,
    queue: Option<Arc<DeliveryQueue>>,
    recipient: &Recipient,
    received: Prepared,
) -> Reply {
    let kind = pipeline.kind();
    let (handler, duplicates) = (Arc::clone(&recipient.handler), Arc::clone(&recipient.on_duplicate));
    let mut delivery: Pin<Box<dyn Future<Output = Outcome> + Send>> = Box::pin(async move {
        match queue {
            Some(queue) => queue.submit(received, &duplicates).await,
            None => pipeline.deliver(&*handler, received, &duplicates).await,
        }
    });
    let first =
        std::future::poll_fn(|cx| Poll::Ready(catch_unwind(AssertUnwindSafe(|| delivery.as_mut().poll(cx))))).await;
    let outcome = match first {
        Ok(Poll::Ready(outcome)) => Ok(outcome),
        // Nothing awaits between the pending poll and the spawn: the task owns the delivery from here on.
        Ok(Poll::Pending) => tokio::spawn(delivery).await.map_err(|panic| panic.to_string()),
        Err(panic) => Err(panic_message(&*panic)),
    };
    match outcome {
        Ok(outcome) => outcome.reply,
        Err(panic) => after_handler(kind, None, kind.success_reply(), Err(panic)),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let text = panic.downcast_ref::<&str>().copied().or_else(|| panic.downcast_ref::<String>().map(String::as_str));
    format!("panicked: {}", text.unwrap_or("a panic"))
}

/// One queued source's queue and workers.
pub struct DeliveryQueue {
    pipeline: Arc<Pipeline>,
    handler: Arc<dyn Handler>,
    capacity: usize,
    workers: usize,
    sender: Mutex<Sender>,
    pending: Pending,
    next: AtomicU64,
}

enum Sender {
    NotStarted,
    Running(mpsc::Sender<(u64, Job)>),
    Closed,
}

impl DeliveryQueue {
    /// The queue of a source whose `pipeline` is queued (`capacity` deliveries, `workers` at once); the
    /// workers start with the first delivery.
    pub fn new(pipeline: Arc<Pipeline>, handler: Arc<dyn Handler>, capacity: usize, workers: usize) -> Self {
        Self {
            pipeline,
            handler,
            capacity: capacity.max(1),
            workers: workers.max(1),
            sender: Mutex::new(Sender::NotStarted),
            pending: Arc::default(),
            next: AtomicU64::new(0),
        }
    }

    /// Admits one verified delivery ([`Pipeline::admit`]: duplicates and outages are answered at once) and
    /// queues it: the source's success reply when it was queued, [`Reply::queue_full`] when the queue is full
    /// or shutting down (its claim released: nothing accepted is dropped).
    ///
    /// [`Reply::queue_full`]: receiver_core::Reply::queue_full
    pub async fn submit(&self, received: impl Into<Prepared>, duplicates: &DuplicateHook) -> Outcome {
        let job = match self.pipeline.admit(received, duplicates).await {
            Admission::Run(job) => job,
            Admission::Answer(outcome) => return outcome,
        };
        let Some(sender) = self.sender() else { return self.pipeline.refuse(job).await };
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let meta = &job.delivery().meta;
        if let Ok(mut pending) = self.pending.lock() {
            pending.insert(id, (meta.source, meta.id.clone()));
        }
        let accepted = job.queued_outcome();
        match sender.try_send((id, job)) {
            Ok(()) => accepted,
            Err(refused) => {
                self.forget(id);
                let (mpsc::error::TrySendError::Full((_, job)) | mpsc::error::TrySendError::Closed((_, job))) = refused;
                self.pipeline.refuse(job).await
            }
        }
    }

    /// How many deliveries are queued or being handled.
    pub fn pending(&self) -> usize {
        self.pending.lock().map(|p| p.len()).unwrap_or(0)
    }

    fn forget(&self, id: u64) {
        if let Ok(mut pending) = self.pending.lock() {
            pending.remove(&id);
        }
    }

    /// The sender, starting the workers the first time; `None` once shut down.
    fn sender(&self) -> Option<mpsc::Sender<(u64, Job)>> {
        let mut sender = self.sender.lock().ok()?;
        if let Sender::NotStarted = *sender {
            let (tx, rx) = mpsc::channel(self.capacity);
            self.start(rx);
            *sender = Sender::Running(tx);
        }
        match &*sender {
            Sender::Running(tx) => Some(tx.clone()),
            Sender::NotStarted | Sender::Closed => None,
        }
    }

    fn start(&self, receiver: mpsc::Receiver<(u64, Job)>) {
        let (pipeline, handler, pending, workers) =
            (Arc::clone(&self.pipeline), Arc::clone(&self.handler), Arc::clone(&self.pending), self.workers);
        let spawned =
            std::thread::Builder::new().name(format!("receiver-queue-{}", pipeline.kind())).spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                    Ok(runtime) => runtime,
                    Err(_) => return,
                };
                runtime.block_on(async move {
                    let receiver = Arc::new(tokio::sync::Mutex::new(receiver));
                    let tasks: Vec<_> = (0..workers)
                        .map(|_| {
                            let (receiver, pipeline, handler, pending) = (
                                Arc::clone(&receiver),
                                Arc::clone(&pipeline),
                                Arc::clone(&handler),
                                Arc::clone(&pending),
                            );
                            tokio::spawn(async move {
                                loop {
                                    let next = receiver.lock().await.recv().await;
                                    let Some((id, job)) = next else { break };
                                    // Failures and panics are logged by the pipeline, the claim released.
                                    let _ = pipeline.run(&*handler, job).await;
                                    if let Ok(mut pending) = pending.lock() {
                                        pending.remove(&id);
                                    }
                                }
                            })
                        })
                        .collect();
                    for task in tasks {
                        let _ = task.await;
                    }
                });
            });
        // Without a thread the receiver is dropped with the closure: every send fails and is answered 503.
        drop(spawned);
    }

    /// Stops accepting (every later delivery is answered 503) and lets the workers finish the queue.
    fn close(&self) {
        if let Ok(mut sender) = self.sender.lock() {
            *sender = Sender::Closed;
        }
    }

    fn unfinished(&self) -> Vec<(SourceKind, Option<String>)> {
        self.pending.lock().map(|p| p.values().cloned().collect()).unwrap_or_default()
    }
}

impl std::fmt::Debug for DeliveryQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeliveryQueue")
            .field("source", &self.pipeline.kind())
            .field("capacity", &self.capacity)
            .field("workers", &self.workers)
            .field("pending", &self.pending())
            .finish()
    }
}

/// The queues of one `Endpoints`, for graceful shutdown. Cloning shares them; queues of sources mounted
/// later are included.
#[derive(Debug, Clone, Default)]
pub struct Queues(Arc<Mutex<Vec<Arc<DeliveryQueue>>>>);

/// What a shutdown could not finish.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShutdownReport {
    /// The deliveries still queued or being handled when the time ran out: source and delivery id. They
    /// were acknowledged to their senders: log them, or replay them from elsewhere.
    pub unfinished: Vec<(SourceKind, Option<String>)>,
}

impl ShutdownReport {
    /// Whether everything accepted was handled.
    pub fn is_complete(&self) -> bool {
        self.unfinished.is_empty()
    }
}

impl Queues {
    /// Adds a queue.
    pub fn push(&self, queue: Arc<DeliveryQueue>) {
        if let Ok(mut queues) = self.0.lock() {
            queues.push(queue);
        }
    }

    /// How many deliveries are queued or being handled, over every queue.
    pub fn pending(&self) -> usize {
        self.all().iter().map(|q| q.pending()).sum()
    }

    fn all(&self) -> Vec<Arc<DeliveryQueue>> {
        self.0.lock().map(|q| q.clone()).unwrap_or_default()
    }

    /// Graceful shutdown: stops accepting (later deliveries are answered `503` with `Retry-After`), waits up
    /// to `timeout` for the queues to drain, and reports what was still unfinished. Call it once the server
    /// stopped taking connections, from any tokio runtime.
    pub async fn shutdown(&self, timeout: Duration) -> ShutdownReport {
        let queues = self.all();
        for queue in &queues {
            queue.close();
        }
        let started = Instant::now();
        while queues.iter().any(|q| q.pending() > 0) && started.elapsed() < timeout {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        ShutdownReport { unfinished: queues.iter().flat_map(|q| q.unfinished()).collect() }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::atomic::AtomicUsize;

    use receiver_core::{
        Auth, Claim, ClaimToken, DedupeStore, Delivery, DeliveryOptions, Incoming, Khan, MemoryStore, Source,
        StoreFuture,
    };

    use super::*;

    fn khan(id: &str) -> Prepared {
        let body = format!(r#"{{"type":13,"id":"{id}","timestamp":"2021-12-08T16:33:55-03:00"}}"#);
        let source = Khan::new(Auth::unauthenticated());
        Prepared::from(source.receive(&Incoming::post(&[("a", "b")], body.as_bytes())).unwrap())
    }

    fn pipeline(options: DeliveryOptions) -> Arc<Pipeline> {
        let store: Arc<dyn DedupeStore> = Arc::new(MemoryStore::new());
        Arc::new(Pipeline::new(SourceKind::Khan, options, &store))
    }

    /// A handler that counts the deliveries it finished, after `wait`.
    fn counting(wait: Duration) -> (Arc<dyn Handler>, Arc<AtomicUsize>) {
        let done = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&done);
        let handler = move |_: Delivery| {
            let counter = Arc::clone(&counter);
            async move {
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
                counter.fetch_add(1, Ordering::SeqCst);
                Ok::<(), std::convert::Infallible>(())
            }
        };
        (Arc::new(handler), done)
    }

    #[tokio::test]
    async fn a_handler_that_does_not_wait_is_answered_at_once() {
        let (handler, done) = counting(Duration::ZERO);
        let recipient = Recipient { handler, on_duplicate: Arc::default() };
        let reply = deliver_to_completion(pipeline(DeliveryOptions::inline()), None, &recipient, khan("a")).await;
        assert_eq!((reply.status, done.load(Ordering::SeqCst)), (204, 1));
    }

    #[tokio::test]
    async fn a_waiting_handler_finishes_after_the_sender_hung_up() {
        let (handler, done) = counting(Duration::from_millis(50));
        let recipient = Recipient { handler, on_duplicate: Arc::default() };
        let delivery = deliver_to_completion(pipeline(DeliveryOptions::inline()), None, &recipient, khan("b"));
        // The framework drops the request's future when the sender hangs up: here, after its first poll.
        assert!(tokio::time::timeout(Duration::from_millis(5), delivery).await.is_err());
        assert_eq!(done.load(Ordering::SeqCst), 0, "still waiting");
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(done.load(Ordering::SeqCst), 1, "finished in its own task");
    }

    /// A dedupe store that panics in `claim`, at once or after waiting once.
    #[derive(Debug)]
    struct PanickingStore {
        after_waiting: bool,
    }

    impl DedupeStore for PanickingStore {
        fn claim<'a>(&'a self, _key: &'a str, _lease: Duration) -> StoreFuture<'a, Claim> {
            let after_waiting = self.after_waiting;
            Box::pin(async move {
                if after_waiting {
                    tokio::task::yield_now().await;
                }
                panic!("the store broke")
            })
        }

        fn complete<'a>(&'a self, _key: &'a str, _token: ClaimToken, _keep: Duration) -> StoreFuture<'a, bool> {
            Box::pin(async { Ok(true) })
        }

        fn release<'a>(&'a self, _key: &'a str, _token: ClaimToken) -> StoreFuture<'a, bool> {
            Box::pin(async { Ok(true) })
        }
    }

    #[tokio::test]
    async fn a_panic_outside_the_handler_answers_500_whether_or_not_it_waited_first() {
        for after_waiting in [false, true] {
            let (handler, done) = counting(Duration::ZERO);
            let options = DeliveryOptions::inline().dedupe(PanickingStore { after_waiting });
            let recipient = Recipient { handler, on_duplicate: Arc::default() };
            let reply = deliver_to_completion(pipeline(options), None, &recipient, khan("c")).await;
            assert_eq!(reply, Reply::handler_failed(), "after waiting: {after_waiting}");
            assert_eq!(done.load(Ordering::SeqCst), 0);
        }
    }
}
