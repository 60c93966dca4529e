#![no_main]
// The input framing and the invariants checked are documented in receiver_core::fuzz::sonoran.
libfuzzer_sys::fuzz_target!(|data: &[u8]| receiver_core::fuzz::sonoran(data));
