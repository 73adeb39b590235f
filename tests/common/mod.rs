//! Helpers shared by the tests that drive the real `soudan` binary.
//!
//! Each test crate uses a different subset, hence the allowance.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The four-request fixture most tests start from.
pub fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny")
}

/// The Sendai sample folder.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sendai")
}

/// Runs `soudan --db DB ARGS...` with a clean environment.
pub fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_soudan"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SOUDAN_DB")
        .env_remove("RUST_LOG")
        .output()
        .expect("run soudan")
}

/// Exit status and both streams, for assertion messages.
pub fn text(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs soudan, asserts success, and returns stdout followed by stderr.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert_eq!(o.status.code(), Some(0), "soudan {args:?}\n{}", text(&o));
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
