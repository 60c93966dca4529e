#![no_main]
// The input framing and the invariant checked are documented in receiver_core::fuzz::agones_one_pass.
libfuzzer_sys::fuzz_target!(|data: &[u8]| receiver_core::fuzz::agones_one_pass(data));
