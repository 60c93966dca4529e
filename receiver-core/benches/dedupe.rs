//! What deduplication adds to a delivery, with the in-memory store: a new id (claim, then complete), a
//! duplicate (one claim that finds it done), and the whole pipeline with and without deduplication around a
//! handler that does nothing, so the difference is the overhead a delivery pays.
//!
//! ```text
//! cargo bench -p receiver-core --bench dedupe
//! cargo bench -p receiver-core --bench dedupe_memory   # bytes per live id, 1 million ids
//! ```

#![allow(clippy::unwrap_used)]

use std::future::Future;
use std::hint::black_box;
use std::sync::Arc;
use std::task::{Context, Poll, Wake};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use receiver_core::{
    Auth, BoxError, Claim, DedupeStore, Delivery, DeliveryOptions, Disposition, DuplicateHook, Event, Incoming, Khan,
    MemoryStore, Pipeline, Received, Source,
};

const LEASE: Duration = Duration::from_secs(300);
const KEEP: Duration = Duration::from_secs(900);

/// Polls a future that never waits (the memory store's, a no-op handler's) to completion.
fn ready<F: Future>(future: F) -> F::Output {
    struct Noop;
    impl Wake for Noop {
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

fn khan(id: &str) -> Received<Event> {
    let body = format!(r#"{{"type":13,"id":"{id}","timestamp":"2021-12-08T16:33:55-03:00"}}"#);
    Khan::new(Auth::unauthenticated()).receive(&Incoming::post(&[("a", "b")], body.as_bytes())).unwrap().into_any()
}

fn store(c: &mut Criterion) {
    let mut group = c.benchmark_group("memory_store");
    let store = MemoryStore::new();
    let mut n = 0_u64;
    group.bench_function("claim_complete_new_id", |b| {
        b.iter(|| {
            n += 1;
            let key = format!("twitch-eventsub:{n:032x}");
            let Claim::Claimed(token) = store.claim_at(&key, LEASE, 0).unwrap() else { panic!("not new") };
            assert!(store.complete_at(&key, token, KEEP, 0).unwrap());
        })
    });
    // A store of its own: the one above evicted its oldest ids once a million were in.
    let store = MemoryStore::new();
    let done = "twitch-eventsub:00000000000000000000000000000001";
    let Claim::Claimed(token) = store.claim_at(done, LEASE, 0).unwrap() else { panic!("not new") };
    store.complete_at(done, token, KEEP, 0).unwrap();
    group.bench_function("duplicate", |b| {
        b.iter(|| assert_eq!(store.claim_at(black_box(done), LEASE, 1).unwrap(), Claim::Done))
    });
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    let handler = |_: Delivery| std::future::ready(Ok::<(), BoxError>(()));
    let default: Arc<dyn DedupeStore> = Arc::new(MemoryStore::new());
    let hook = DuplicateHook::default();
    let template = khan("00000000-0000-4000-8000-000000000000");
    let plain = Pipeline::new(receiver_core::SourceKind::Khan, DeliveryOptions::inline().without_dedupe(), &default);
    group.bench_function("deliver_without_dedupe", |b| {
        b.iter(|| assert_eq!(ready(plain.deliver(&handler, template.clone(), &hook)).disposition, Disposition::Handled))
    });
    let deduped = Pipeline::new(receiver_core::SourceKind::Khan, DeliveryOptions::inline(), &default);
    let mut n = 0_u64;
    group.bench_function("deliver_dedupe_new_id", |b| {
        b.iter(|| {
            n += 1;
            let mut received = template.clone();
            if let Received::Event(delivery) = &mut received {
                delivery.meta.id = Some(format!("{n:032x}"));
            }
            assert_eq!(ready(deduped.deliver(&handler, received, &hook)).disposition, Disposition::Handled);
        })
    });
    group.bench_function("deliver_duplicate", |b| {
        b.iter(|| {
            let outcome = ready(deduped.deliver(&handler, template.clone(), &hook));
            assert!(matches!(outcome.disposition, Disposition::Duplicate | Disposition::Handled));
        })
    });
    group.finish();
}

criterion_group!(benches, store, pipeline);
criterion_main!(benches);
