//! soudan (相談): scheduling engine for one-stop consultation centers for foreign residents.
//!
//! See `ARCHITECTURE.md` for the module map and how data flows from intake to feed.

pub mod alloc;
pub mod backup;
pub mod cli;
pub mod codec;
pub mod console;
pub mod error;
pub mod fault;
pub mod feeds;
pub mod fsio;
pub mod html;
pub mod i18n;
pub mod ics;
pub mod import;
pub mod input;
pub mod integrity;
pub mod limit;
pub mod model;
pub mod ops;
pub mod password;
pub mod plan;
pub mod pool;
pub mod public;
pub mod publish;
pub mod report;
pub mod sample;
pub mod schedule;
pub mod secret;
pub mod server;
pub mod slip;
pub mod store;
pub mod view;
pub mod words;

pub use error::{Error, Result};
