#![no_main]
// The script encoding and the invariants checked are documented in receiver_core::fuzz::twitch_session.
libfuzzer_sys::fuzz_target!(|data: &[u8]| receiver_core::fuzz::twitch_session(data));
