//! Replays every file of the fuzz corpus (`fuzz/corpus/<target>/`) through its target, on stable, on every
//! CI run: what the fuzzers found and was fixed stays fixed. The fuzzers themselves run with
//! `scripts/fuzz SECONDS`.

#![cfg(feature = "fuzz")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use receiver_core::fuzz::TARGETS;

#[test]
fn every_corpus_file_runs_through_its_target_without_a_finding() {
    let root = format!("{}/../fuzz/corpus", env!("CARGO_MANIFEST_DIR"));
    for (name, target) in TARGETS {
        let folder = format!("{root}/{name}");
        let files: Vec<_> =
            std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{folder}: {e}")).map(|e| e.unwrap().path()).collect();
        assert!(!files.is_empty(), "{folder} has no corpus");
        for file in files {
            // A fuzzer running at the same time replaces corpus files: one gone since the listing is skipped.
            let data = match std::fs::read(&file) {
                Ok(data) => data,
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
                Err(err) => panic!("{}: {err}", file.display()),
            };
            if let Err(panic) = std::panic::catch_unwind(|| target(&data)) {
                std::panic::resume_unwind(Box::new(format!(
                    "{}: {:?}",
                    file.display(),
                    panic.downcast_ref::<String>()
                )));
            }
        }
    }
}
