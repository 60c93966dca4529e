//! Delivery guarantees, proved over real sockets against both adapters, with a real `redis-server`: no event
//! handled twice (concurrent duplicates, retries, two replicas on one Redis), none lost (a failed handler's
//! retry is handled; a Redis outage is answered 503 and the retries are handled once Redis is back; a sender
//! that hangs up does not cancel the handler).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use receiver_core::{BoxError, Claim, ClaimToken, DedupeStore, Delivery, DeliveryOptions, Handler, StoreUnavailable};
use receiver_redis::RedisStore;
use receiver_tests::redis_server::RedisServer;
use receiver_tests::{TestRequest, agones_update, khan_hook, sources, twitch_challenge, twitch_notification};

/// What the shared handler did, per delivery id (Agones: its `uid/resourceVersion`).
#[derive(Clone, Default)]
struct Counter {
    /// Handler calls started.
    attempts: Arc<Mutex<HashMap<String, usize>>>,
    /// Handler calls that finished with `Ok`.
    handled: Arc<Mutex<HashMap<String, usize>>>,
    /// Duplicates the endpoints reported (`on_duplicate`).
    duplicates: Arc<Mutex<Vec<String>>>,
}

#[derive(Clone, Copy, Default)]
struct Behaviour {
    /// How long each call takes.
    delay: Duration,
    /// Whether the first call for each id fails.
    fail_first: bool,
}

impl Counter {
    fn handler(&self, behaviour: Behaviour) -> impl Handler {
        let counter = self.clone();
        move |delivery: Delivery| {
            let counter = counter.clone();
            async move {
                let id = delivery.meta.id.clone().unwrap_or_default();
                let attempt = {
                    let mut attempts = counter.attempts.lock().unwrap();
                    let n = attempts.entry(id.clone()).or_default();
                    *n += 1;
                    *n
                };
                tokio::time::sleep(behaviour.delay).await;
                if behaviour.fail_first && attempt == 1 {
                    return Err::<(), BoxError>("the first attempt fails".into());
                }
                *counter.handled.lock().unwrap().entry(id).or_default() += 1;
                Ok(())
            }
        }
    }

    fn attempts(&self, id: &str) -> usize {
        self.attempts.lock().unwrap().get(id).copied().unwrap_or(0)
    }

    fn handled(&self, id: &str) -> usize {
        self.handled.lock().unwrap().get(id).copied().unwrap_or(0)
    }

    fn duplicates(&self) -> usize {
        self.duplicates.lock().unwrap().len()
    }

    fn on_duplicate(&self) -> impl Fn(&Delivery) + Send + Sync + 'static {
        let duplicates = Arc::clone(&self.duplicates);
        move |delivery| duplicates.lock().unwrap().push(delivery.meta.id.clone().unwrap_or_default())
    }

    /// Waits up to 5 s for `id` to be handled `n` times.
    async fn wait_handled(&self, id: &str, n: usize) {
        let started = Instant::now();
        while self.handled(id) < n && started.elapsed() < Duration::from_secs(5) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Adapter {
    Axum,
    Actix,
}

const ADAPTERS: [Adapter; 2] = [Adapter::Axum, Adapter::Actix];

/// The options each deduplicating source is mounted with; Agones always gets the default.
#[derive(Clone, Default)]
struct Mount {
    twitch: DeliveryOptions,
    khan: DeliveryOptions,
}

/// A receiver served on `127.0.0.1:0`.
struct Server {
    base: String,
    address: String,
    client: reqwest::Client,
    queues: receiver_axum::Queues,
}

/// What a sender sees.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Answer {
    status: u16,
    retry_after: Option<String>,
}

impl Server {
    async fn start(adapter: Adapter, counter: &Counter, behaviour: Behaviour, mount: Mount) -> Self {
        let s = sources();
        let (address, queues) = match adapter {
            Adapter::Axum => {
                let endpoints = receiver_axum::Endpoints::new(counter.handler(behaviour))
                    .source_with(s.twitch, mount.twitch)
                    .source_with(s.khan, mount.khan)
                    .source(s.agones)
                    .on_duplicate(counter.on_duplicate());
                let queues = endpoints.queues();
                let app = endpoints.into_router::<()>();
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                let address = listener.local_addr().unwrap();
                tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
                (address, queues)
            }
            Adapter::Actix => {
                let endpoints = receiver_actix::Endpoints::new(counter.handler(behaviour))
                    .source_with(s.twitch, mount.twitch)
                    .source_with(s.khan, mount.khan)
                    .source(s.agones)
                    .on_duplicate(counter.on_duplicate());
                let queues = endpoints.queues();
                let (address_tx, address_rx) = std::sync::mpsc::channel();
                std::thread::spawn(move || {
                    actix_web::rt::System::new().block_on(async move {
                        let server =
                            actix_web::HttpServer::new(move || actix_web::App::new().configure(endpoints.configure()))
                                .workers(2)
                                .bind(("127.0.0.1", 0))
                                .unwrap();
                        address_tx.send(server.addrs()[0]).unwrap();
                        server.run().await.unwrap();
                    });
                });
                (address_rx.recv().unwrap(), queues)
            }
        };
        let (base, address) = (format!("http://{address}"), address.to_string());
        Self { base, address, client: reqwest::Client::new(), queues }
    }

    async fn send(&self, request: &TestRequest) -> Answer {
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap();
        let mut builder = self.client.request(method, format!("{}{}", self.base, request.uri));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let response = builder.body(request.body.clone()).send().await.unwrap();
        let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
        Answer { status: response.status().as_u16(), retry_after }
    }

    /// Sends `request` as a retrying sender does (Twitch): again after every `503` (with `Retry-After`) or
    /// `500`, a little later, until a 2xx; gives up after 15 s. Returns how many tries it took.
    async fn send_until_accepted(&self, request: &TestRequest) -> usize {
        let started = Instant::now();
        for tries in 1.. {
            let answer = self.send(request).await;
            match answer.status {
                200..=299 => return tries,
                503 => assert!(answer.retry_after.is_some(), "a 503 without Retry-After"),
                500 => {}
                other => panic!("not a retryable status: {other}"),
            }
            assert!(started.elapsed() < Duration::from_secs(15), "still refused after 15 s: {answer:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        unreachable!()
    }
}

fn twitch_id(request: &TestRequest) -> String {
    request.headers.iter().find(|(n, _)| n == "Twitch-Eventsub-Message-Id").unwrap().1.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_deliveries_of_one_twitch_id_run_the_handler_once() {
    for adapter in ADAPTERS {
        let counter = Counter::default();
        let behaviour = Behaviour { delay: Duration::from_millis(300), fail_first: false };
        let server = Arc::new(Server::start(adapter, &counter, behaviour, Mount::default()).await);
        let request = twitch_notification("concurrent-1");
        let sends: Vec<_> = (0..50)
            .map(|_| {
                let (server, request) = (Arc::clone(&server), request.clone());
                tokio::spawn(async move { server.send(&request).await })
            })
            .collect();
        let mut answers = Vec::new();
        for send in sends {
            answers.push(send.await.unwrap());
        }
        let accepted = answers.iter().filter(|a| a.status == 204).count();
        let in_flight = answers.iter().filter(|a| a.status == 503 && a.retry_after.as_deref() == Some("1")).count();
        assert_eq!(accepted + in_flight, 50, "{adapter:?}: only 204 or 503 + Retry-After: {answers:?}");
        assert!(accepted >= 1, "{adapter:?}");
        assert_eq!((counter.attempts("concurrent-1"), counter.handled("concurrent-1")), (1, 1), "{adapter:?}");
        // Twitch sends each refused one again: all acknowledged as duplicates, the handler still ran once.
        for _ in 0..in_flight {
            assert_eq!(server.send_until_accepted(&request).await, 1, "{adapter:?}");
        }
        assert_eq!(counter.attempts("concurrent-1"), 1, "{adapter:?}");
        assert_eq!(counter.duplicates(), accepted - 1 + in_flight, "{adapter:?}: every duplicate reported");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_that_fails_first_is_handled_exactly_once_on_the_retry() {
    for adapter in ADAPTERS {
        let counter = Counter::default();
        let behaviour = Behaviour { delay: Duration::ZERO, fail_first: true };
        let server = Server::start(adapter, &counter, behaviour, Mount::default()).await;
        for (request, id) in [
            (twitch_notification("retry-1"), "retry-1".to_owned()),
            (khan_hook("0f0f0f0f-0000-4000-8000-000000000001"), "0f0f0f0f-0000-4000-8000-000000000001".to_owned()),
        ] {
            assert_eq!(server.send(&request).await.status, 500, "{adapter:?} {id}: the handler failed");
            assert_eq!(server.send(&request).await.status, 204, "{adapter:?} {id}: the retry is handled");
            assert_eq!(server.send(&request).await.status, 204, "{adapter:?} {id}: a later duplicate is acknowledged");
            assert_eq!((counter.attempts(&id), counter.handled(&id)), (2, 1), "{adapter:?} {id}");
        }
        assert_eq!(counter.duplicates(), 2, "{adapter:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agones_is_never_deduplicated_and_dedupe_can_be_turned_off() {
    for adapter in ADAPTERS {
        let counter = Counter::default();
        let mount = Mount { twitch: DeliveryOptions::inline().without_dedupe(), ..Mount::default() };
        let server = Server::start(adapter, &counter, Behaviour::default(), mount).await;
        let update = agones_update();
        assert_eq!(server.send(&update).await.status, 204);
        assert_eq!(server.send(&update).await.status, 204);
        let handled: usize = counter.handled.lock().unwrap().values().sum();
        assert_eq!(handled, 2, "{adapter:?}: a resync repeats the same object version on purpose");
        let twitch = twitch_notification("no-dedupe");
        assert_eq!(server.send(&twitch).await.status, 204);
        assert_eq!(server.send(&twitch).await.status, 204);
        assert_eq!(counter.handled("no-dedupe"), 2, "{adapter:?}");
        assert_eq!(counter.duplicates(), 0);
    }
}

/// Sends `request` over a raw socket and hangs up 50 ms later, without reading the answer.
fn send_and_hang_up(address: &str, request: &TestRequest) {
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    let mut head = format!("{} {} HTTP/1.1\r\nHost: {address}\r\n", request.method, request.uri);
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", request.body.len()));
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&request.body).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    drop(stream);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sender_that_hangs_up_does_not_cancel_the_handler() {
    for adapter in ADAPTERS {
        let counter = Counter::default();
        // Long enough that the sender is surely gone first, even on a loaded machine.
        let behaviour = Behaviour { delay: Duration::from_secs(1), fail_first: false };
        let server = Server::start(adapter, &counter, behaviour, Mount::default()).await;
        let request = twitch_notification("hang-up-1");
        let (address, sent) = (server.address.clone(), request.clone());
        tokio::task::spawn_blocking(move || send_and_hang_up(&address, &sent)).await.unwrap();
        assert_eq!(counter.handled("hang-up-1"), 0, "{adapter:?}: the sender left before the handler finished");
        counter.wait_handled("hang-up-1", 1).await;
        assert_eq!(counter.handled("hang-up-1"), 1, "{adapter:?}: the handler completed anyway");
        // And its completion was recorded: Twitch's retry (it saw no answer) is a duplicate.
        assert_eq!(server.send(&request).await.status, 204, "{adapter:?}");
        assert_eq!(counter.attempts("hang-up-1"), 1, "{adapter:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_redis_store_follows_the_contract() {
    let redis = RedisServer::start();
    let store = RedisStore::connect(&redis.url()).await.unwrap();
    let lease = Duration::from_secs(60);
    let Claim::Claimed(token) = store.claim("k", lease).await.unwrap() else { panic!("not claimed") };
    assert_eq!(store.claim("k", lease).await.unwrap(), Claim::InFlight);
    assert!(!store.release("k", ClaimToken::new(token.get() ^ 1)).await.unwrap(), "another token cannot release");
    assert!(!store.complete("k", ClaimToken::new(token.get() ^ 1), lease).await.unwrap());
    assert!(store.complete("k", token, lease).await.unwrap());
    assert_eq!(store.claim("k", lease).await.unwrap(), Claim::Done);
    assert!(!store.release("k", token).await.unwrap(), "a completed id is not released");

    let Claim::Claimed(stale) = store.claim("short", Duration::from_millis(100)).await.unwrap() else { panic!() };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let Claim::Claimed(fresh) = store.claim("short", lease).await.unwrap() else { panic!("the lease expired") };
    assert!(!store.complete("short", stale, lease).await.unwrap(), "a stale holder cannot complete");
    assert!(store.release("short", fresh).await.unwrap());
    assert!(matches!(store.claim("short", lease).await.unwrap(), Claim::Claimed(_)), "released: claimable");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_receivers_on_one_redis_handle_each_id_once() {
    let redis = RedisServer::start();
    let counter = Counter::default();
    let behaviour = Behaviour { delay: Duration::from_millis(50), fail_first: false };
    let mount = || {
        let store: Arc<dyn DedupeStore> = Arc::new(RedisStore::open(&redis.url()).unwrap());
        Mount {
            twitch: DeliveryOptions::inline().dedupe_in(Arc::clone(&store)),
            khan: DeliveryOptions::inline().dedupe_in(store),
        }
    };
    // Two replicas: an axum one and an actix one, each with its own connection to the same Redis.
    let a = Arc::new(Server::start(Adapter::Axum, &counter, behaviour, mount()).await);
    let b = Arc::new(Server::start(Adapter::Actix, &counter, behaviour, mount()).await);
    let ids: Vec<String> = (0..20).map(|n| format!("replicas-{n}")).collect();
    let mut sends = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        let request = twitch_notification(id);
        // At once to both, then again to each, alternating which goes first.
        let (first, second) = if n % 2 == 0 { (&a, &b) } else { (&b, &a) };
        for server in [first, second, second, first] {
            let (server, request) = (Arc::clone(server), request.clone());
            sends.push(tokio::spawn(async move { server.send_until_accepted(&request).await }));
        }
    }
    for send in sends {
        send.await.unwrap();
    }
    for id in &ids {
        assert_eq!((counter.attempts(id), counter.handled(id)), (1, 1), "{id}");
    }
    assert_eq!(counter.duplicates(), ids.len() * 3, "every other delivery was acknowledged as a duplicate");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_stopped_mid_run_fails_closed_and_every_event_is_handled_once_it_is_back() {
    let mut redis = RedisServer::start();
    for adapter in ADAPTERS {
        let counter = Counter::default();
        let store: Arc<dyn DedupeStore> = Arc::new(RedisStore::open(&redis.url()).unwrap());
        let mount = Mount { twitch: DeliveryOptions::inline().dedupe_in(store), ..Mount::default() };
        let server = Server::start(adapter, &counter, Behaviour::default(), mount).await;
        let before: Vec<TestRequest> =
            (0..5).map(|n| twitch_notification(&format!("{adapter:?}-before-{n}"))).collect();
        for request in &before {
            assert_eq!(server.send(request).await.status, 204);
        }
        redis.stop();
        let during: Vec<TestRequest> =
            (0..5).map(|n| twitch_notification(&format!("{adapter:?}-during-{n}"))).collect();
        for request in &during {
            let answer = server.send(request).await;
            assert_eq!(answer, Answer { status: 503, retry_after: Some("5".into()) }, "{adapter:?}: fail closed");
            assert_eq!(counter.attempts(&twitch_id(request)), 0, "{adapter:?}: not handled while Redis is down");
        }
        redis.restart();
        for request in &during {
            server.send_until_accepted(request).await;
        }
        for request in before.iter().chain(&during) {
            let id = twitch_id(request);
            assert_eq!((counter.attempts(&id), counter.handled(&id)), (1, 1), "{adapter:?} {id}");
        }
        for request in &during {
            assert_eq!(server.send(request).await.status, 204, "{adapter:?}: a duplicate after the outage");
        }
        assert_eq!(counter.duplicates(), during.len(), "{adapter:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_can_fail_open() {
    let mut redis = RedisServer::start();
    let counter = Counter::default();
    let options = DeliveryOptions::inline()
        .dedupe(RedisStore::open(&redis.url()).unwrap())
        .on_store_unavailable(StoreUnavailable::FailOpen);
    let mount = Mount { twitch: options, ..Mount::default() };
    let server = Server::start(Adapter::Axum, &counter, Behaviour::default(), mount).await;
    redis.stop();
    assert_eq!(server.send(&twitch_notification("open-1")).await.status, 204);
    assert_eq!(counter.handled("open-1"), 1, "handled without deduplication, a warning logged");
}

fn khan_id(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_mode_refuses_a_burst_beyond_the_queue_with_503_and_drains_on_shutdown() {
    for adapter in ADAPTERS {
        let counter = Counter::default();
        let behaviour = Behaviour { delay: Duration::from_millis(50), fail_first: false };
        let mount = Mount { khan: DeliveryOptions::queued(5).workers(1), ..Mount::default() };
        let server = Arc::new(Server::start(adapter, &counter, behaviour, mount).await);
        let sends: Vec<_> = (0..40)
            .map(|n| {
                let server = Arc::clone(&server);
                tokio::spawn(async move { (n, server.send(&khan_hook(&khan_id(n))).await) })
            })
            .collect();
        let (mut accepted, mut refused) = (Vec::new(), Vec::new());
        for send in sends {
            let (n, answer) = send.await.unwrap();
            match answer {
                Answer { status: 204, retry_after: None } => accepted.push(khan_id(n)),
                Answer { status: 503, retry_after: Some(after) } if after == "1" => refused.push(khan_id(n)),
                other => panic!("{adapter:?}: {other:?}"),
            }
        }
        assert!(!refused.is_empty(), "{adapter:?}: a burst of 40 overflows a queue of 5 with one slow worker");
        assert!(accepted.len() >= 5, "{adapter:?}: {} accepted", accepted.len());
        let report = server.queues.shutdown(Duration::from_secs(10)).await;
        assert!(report.is_complete(), "{adapter:?}: {report:?}");
        for id in &accepted {
            assert_eq!(counter.handled(id), 1, "{adapter:?}: {id} was accepted, so it is handled");
        }
        for id in &refused {
            assert_eq!(counter.attempts(id), 0, "{adapter:?}: {id} was refused, so the sender still has it");
        }
        // Refused ones may be sent again until shutdown; after it, every delivery is refused, retryably.
        let late = server.send(&khan_hook(&khan_id(99))).await;
        assert_eq!(late, Answer { status: 503, retry_after: Some("1".into()) }, "{adapter:?}");
        assert_eq!(counter.attempts(&khan_id(99)), 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shutdown_that_runs_out_of_time_reports_what_it_did_not_finish() {
    let counter = Counter::default();
    let behaviour = Behaviour { delay: Duration::from_millis(400), fail_first: false };
    let mount = Mount { khan: DeliveryOptions::queued(10).workers(1), ..Mount::default() };
    let server = Server::start(Adapter::Axum, &counter, behaviour, mount).await;
    for n in 0..3 {
        assert_eq!(server.send(&khan_hook(&khan_id(n))).await.status, 204, "queued, answered at once");
    }
    let report = server.queues.shutdown(Duration::from_millis(100)).await;
    assert!(!report.is_complete());
    let unfinished: Vec<_> = report.unfinished.iter().map(|(_, id)| id.clone().unwrap()).collect();
    assert_eq!(unfinished, [khan_id(0), khan_id(1), khan_id(2)], "still queued or running when time ran out");
    for n in 0..3 {
        counter.wait_handled(&khan_id(n), 1).await;
        assert_eq!(counter.handled(&khan_id(n)), 1, "the workers keep going after the report");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeated_challenge_is_answered_with_its_challenge_every_time() {
    for adapter in ADAPTERS {
        let counter = Counter::default();
        let server = Server::start(adapter, &counter, Behaviour::default(), Mount::default()).await;
        let challenge = twitch_challenge("challenge-1");
        for _ in 0..2 {
            let response = server
                .client
                .post(format!("{}/eventsub", server.base))
                .headers((&challenge.headers.iter().cloned().collect::<HashMap<_, _>>()).try_into().unwrap())
                .body(challenge.body.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 200, "{adapter:?}");
            let expected = serde_json::from_slice::<serde_json::Value>(&challenge.body).unwrap()["challenge"].clone();
            assert_eq!(response.text().await.unwrap(), expected.as_str().unwrap(), "{adapter:?}: the raw challenge");
        }
        assert_eq!(counter.duplicates(), 0, "{adapter:?}: a challenge is never a duplicate");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_deliveries_are_deduplicated_too() {
    for adapter in ADAPTERS {
        let counter = Counter::default();
        let behaviour = Behaviour { delay: Duration::from_millis(300), fail_first: false };
        let mount = Mount { twitch: DeliveryOptions::queued(10), ..Mount::default() };
        let server = Server::start(adapter, &counter, behaviour, mount).await;
        let request = twitch_notification("queued-1");
        assert_eq!(server.send(&request).await.status, 204, "{adapter:?}: queued, answered at once");
        let again = server.send(&request).await;
        assert_eq!(again, Answer { status: 503, retry_after: Some("1".into()) }, "{adapter:?}: still queued");
        counter.wait_handled("queued-1", 1).await;
        assert_eq!(server.send(&request).await.status, 204, "{adapter:?}: handled: a duplicate");
        assert_eq!((counter.attempts("queued-1"), counter.duplicates()), (1, 1), "{adapter:?}");
        assert!(server.queues.shutdown(Duration::from_secs(5)).await.is_complete());
    }
}
