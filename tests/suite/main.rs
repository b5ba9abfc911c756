//! The end-to-end tests, one module per capability, in one test binary: each file in
//! `tests/` would be a link of the whole crate of its own, the slowest part of
//! `cargo test` on two cores. The modules build fixture courses from `tests/fixtures/`
//! with the `prepress` binary, serve them over loopback and drive headless Chromium.

mod common;

mod accessibility;
mod anki;
mod anywhere;
mod bank;
mod browser;
mod build;
mod cache;
mod cards;
mod check_import;
mod diagrams;
mod guide;
mod hostile;
mod interface_strings;
mod knowledge;
mod languages;
mod live;
mod math;
mod mojibake_properties;
mod notes;
mod prep;
mod progress_view;
mod rehearse;
mod reliability;
mod scheduler;
mod screens;
mod serve;
mod sharing;
mod stemmers;
mod study;
