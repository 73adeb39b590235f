//! Helpers shared by the tests that drive the real `soudan` binary.
//!
//! [`soudan`] is the one way the tests run the binary: a clean environment (no `SOUDAN_DB`,
//! `SOUDAN_LANG` or `RUST_LOG` from the developer's shell), `--db` first, then the
//! arguments. Callers pick how to run it: `output()`, `spawn()` (servers, processes killed on
//! purpose), or `command()` to keep a `Command` for repeated spawns.
#![allow(dead_code)]

pub mod http;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The four-request fixture most tests start from.
pub fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny")
}

/// The Sendai sample folder.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sendai")
}

/// A copy of the coordinator folder `from` (its import files) in `to`, for tests that change
/// a file before importing; returns `to`.
pub fn copy_folder(from: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).unwrap();
    for f in soudan::import::FILES {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
    to.to_path_buf()
}

/// Takes the rows of interpreters `ids` out of `folder`'s interpreters.csv, as a coordinator
/// deletes them in Excel.
pub fn remove_interpreter_rows(folder: &Path, ids: &[&str]) {
    let path = folder.join("interpreters.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = csv
        .lines()
        .filter(|l| !ids.iter().any(|id| l.starts_with(&format!("{id},"))))
        .collect();
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
}

/// The bookings in the database `db`, by number (opens the store: no command may hold it).
pub fn bookings_by_number(db: &Path) -> std::collections::BTreeMap<String, soudan::model::Booking> {
    soudan::store::Store::open(db, "test")
        .unwrap()
        .bookings()
        .unwrap()
        .into_iter()
        .map(|b| (b.number.clone(), b))
        .collect()
}

/// A `soudan --db DB ...` invocation being built.
pub struct Soudan {
    cmd: Command,
}

/// Starts building `soudan --db DB`.
pub fn soudan(db: &Path) -> Soudan {
    without_db().arg("--db").arg(db)
}

/// The clock every test command runs at unless it sets `SOUDAN_NOW` itself: before the
/// months the fixtures use (2026-11 onwards), so the suite gives the same result on any day.
/// Allocation only uses sessions after now plus the center's lead time; with the real clock,
/// fixed months would drift into the past.
pub const TEST_NOW: &str = "2026-10-15T09:00:00+09:00";

/// Starts building `soudan` with no database (`solve`, `gen`: commands that never open one).
pub fn without_db() -> Soudan {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_soudan"));
    cmd.env_remove("SOUDAN_DB")
        .env_remove("RUST_LOG")
        // Japanese is the default the tests expect; a developer's own setting must not leak in.
        .env_remove("SOUDAN_LANG")
        .env("SOUDAN_NOW", TEST_NOW);
    Soudan { cmd }
}

impl Soudan {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Soudan {
        self.cmd.arg(arg);
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Soudan {
        self.cmd.args(args);
        self
    }

    /// Sets an environment variable for the run (e.g. `SOUDAN_FAULT_POINT`).
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Soudan {
        self.cmd.env(key, value);
        self
    }

    /// Discards both output streams (for processes killed on purpose).
    pub fn quiet(mut self) -> Soudan {
        self.cmd.stdout(Stdio::null()).stderr(Stdio::null());
        self
    }

    /// Pipes standard output (to read a server's address), discards standard error.
    pub fn piped_stdout(mut self) -> Soudan {
        self.cmd.stdout(Stdio::piped()).stderr(Stdio::null());
        self
    }

    /// Runs to completion, capturing both streams.
    pub fn output(mut self) -> Output {
        self.cmd.output().expect("run soudan")
    }

    pub fn spawn(mut self) -> Child {
        self.cmd.spawn().expect("start soudan")
    }

    /// The underlying command, for callers that spawn it many times.
    pub fn command(self) -> Command {
        self.cmd
    }
}

/// Runs `soudan --db DB ARGS...` with a clean environment.
pub fn run(db: &Path, args: &[&str]) -> Output {
    soudan(db).args(args).output()
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

/// Asserts a refusal: exit code 1, and `needle` in standard error.
pub fn assert_refused(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", text(o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(needle),
        "{}",
        text(o)
    );
}

/// The bookings of the database `db` that need rearranging at `now` (RFC 3339), by the one
/// rule every output reads (`model::Troubles`), with the center's lead time.
pub fn troubles(db: &Path, now: &str) -> soudan::model::Troubles {
    let store = soudan::store::Store::open(db, "test").unwrap();
    let center = store.center().unwrap().unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(now).unwrap().to_utc();
    let tz = soudan::model::parse_tz(&center.timezone).unwrap();
    let clock = soudan::model::Clock::new(now, tz, store.lead_days().unwrap());
    soudan::model::Troubles::find(
        &center,
        &store.agencies().unwrap(),
        &store.interpreters().unwrap(),
        &store.requests().unwrap(),
        &store.bookings().unwrap(),
        Some(&clock),
    )
}
