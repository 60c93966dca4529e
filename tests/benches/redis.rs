//! The Redis store's cost per delivery, against a real `redis-server` on loopback: a new id (claim, then
//! complete: two round trips, each one Lua script), and a duplicate (one claim). Run it on a quiet machine:
//! it measures round trips, which the other builds and the scheduler dominate.
//!
//! ```text
//! cargo bench -p receiver-tests --bench redis
//! ```

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use receiver_core::{Claim, DedupeStore};
use receiver_redis::RedisStore;
use receiver_tests::redis_server::RedisServer;

fn redis(c: &mut Criterion) {
    let server = RedisServer::start();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let store = runtime.block_on(RedisStore::connect(&server.url())).unwrap();
    let (lease, keep) = (Duration::from_secs(300), Duration::from_secs(900));
    let mut group = c.benchmark_group("redis_store");
    let mut n = 0_u64;
    group.bench_function("claim_complete_new_id", |b| {
        b.iter(|| {
            n += 1;
            let key = format!("twitch-eventsub:{n:032x}");
            runtime.block_on(async {
                let Claim::Claimed(token) = store.claim(&key, lease).await.unwrap() else { panic!("not new") };
                assert!(store.complete(&key, token, keep).await.unwrap());
            });
        })
    });
    group.bench_function("duplicate", |b| {
        b.iter(|| {
            let claim = runtime.block_on(store.claim("twitch-eventsub:00000000000000000000000000000001", lease));
            assert_eq!(claim.unwrap(), Claim::Done);
        })
    });
    group.bench_function("ping", |b| b.iter(|| runtime.block_on(store.ping()).unwrap()));
    group.finish();
}

criterion_group!(benches, redis);
criterion_main!(benches);
