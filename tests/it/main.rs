//! soudan's integration tests: one test binary (`cargo test --test it`), one module per topic.
//!
//! Why one binary: each integration-test binary links the whole crate with tokio, warp and
//! sled; twenty of them took most of a cold `cargo test`. Modules share the helpers below
//! ([`common`] runs the `soudan` binary; [`support_alloc`] checks allocations independently;
//! [`feeds_fixture`] builds feed inputs). Filter with `cargo test --test it MODULE::`.

mod browser;
mod common;
mod feeds_fixture;
mod support_alloc;

mod alloc_dst;
mod alloc_format;
mod alloc_gen;
mod alloc_limits;
mod alloc_optimal;
mod alloc_pins;
mod alloc_quality;
mod alloc_reasons;
mod alloc_regressions;
mod alloc_slot_pref;
mod alloc_sweep;
mod alloc_threads;
mod allocate;
mod architecture;
mod bad_input;
mod clap_words;
mod cli;
mod cli_ja;
mod closed_days;
mod console;
mod console_browser;
mod console_pages;
mod crash;
mod disruption;
mod dst;
mod excel;
mod feeds_glance;
mod feeds_publish;
mod feeds_render;
mod guide_docs;
mod hand_repair;
mod ics_props;
mod ics_python;
mod import;
mod import_words;
mod init;
mod input_safety;
mod late;
mod live;
mod month;
mod ops;
mod outputs;
mod past;
mod plain_input;
mod plain_words;
mod plan;
mod pool;
mod public;
mod rel_store;
mod same_day;
mod schema;
mod server_http;
mod slip;
mod view;
mod workflow;
