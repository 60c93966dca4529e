#![no_main]
// The input framing and the invariants checked are documented in receiver_core::fuzz::twitch.
libfuzzer_sys::fuzz_target!(|data: &[u8]| receiver_core::fuzz::twitch(data));
