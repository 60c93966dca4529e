//! Integration tests of every source on the real fixtures in `/fixtures` (provenance in
//! `fixtures/SOURCES.md`). One test binary, one module per source.
//!
//! Run with `--features deny-unknown-fields` to turn any field the models do not know into a failure.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

mod accweb;
mod agones;
mod khan;
mod sonoran;
mod twitch;
mod twitch_catalogue;
mod twitch_session;
