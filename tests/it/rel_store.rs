//! Issue 10 part A: restore never replaces good data with a bad backup, bad backup files are
//! refused without reading them whole, an interrupted restore leaves either the old or the
//! new data, and an interrupted `feeds rotate` never leaves the old URL serving.
//!
//! Kill points are named with `SOUDAN_FAULT_POINT` (see `src/fault.rs`): the process sends
//! itself SIGKILL exactly there.

use crate::common::{self, ok, run, text, tiny};
use soudan::backup::{Contents, MAGIC};
use soudan::server::{Server, ServerOptions};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

/// A database with the tiny fixture imported and allocated.
fn allocated(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name);
    ok(
        &db,
        &["import", tiny().to_str().unwrap(), "--month", "2026-12"],
    );
    ok(&db, &["allocate", "--month", "2026-12"]);
    db
}

fn run_at_fault(db: &Path, point: &str, args: &[&str]) -> Output {
    common::soudan(db)
        .args(args)
        .env("SOUDAN_FAULT_POINT", point)
        .output()
}

fn killed(o: &Output) -> bool {
    o.status.signal() == Some(9)
}

/// Standard output of a successful command.
fn stdout(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert_eq!(o.status.code(), Some(0), "soudan {args:?}\n{}", text(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What `status` and `request list` print: the data as a coordinator sees it.
fn visible(db: &Path) -> String {
    format!(
        "{}{}",
        stdout(db, &["status"]),
        stdout(db, &["request", "list"])
    )
}

/// The backup's contents with `edit` applied, sealed again with a valid checksum.
fn tampered(backup: &Path, out: &Path, edit: impl FnOnce(&mut Contents)) {
    let bytes = std::fs::read(backup).unwrap();
    let rest = bytes.strip_prefix(MAGIC).unwrap();
    let mut c = Contents::from_body(backup, rest).unwrap();
    edit(&mut c);
    std::fs::write(out, c.to_bytes().unwrap()).unwrap();
}

fn table<'a>(c: &'a mut Contents, name: &str) -> &'a mut Vec<(Vec<u8>, Vec<u8>)> {
    &mut c.tables.iter_mut().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn restore_refuses_damaged_backup_with_valid_checksum_and_keeps_data() {
    let tmp = tempfile::tempdir().unwrap();
    let db = allocated(tmp.path(), "a.db");
    let good = tmp.path().join("good.backup");
    ok(&db, &["backup", good.to_str().unwrap()]);
    let bad = tmp.path().join("bad.backup");
    tampered(&good, &bad, |c| {
        let rows = table(c, "requests");
        let value = &mut rows[0].1;
        value.truncate(value.len() / 2);
    });
    // Something to lose: the live data differs from the backup.
    ok(
        &db,
        &[
            "request",
            "add",
            "--language",
            "vi",
            "--topic",
            "labour",
            "--nationality",
            "VN",
            "--received",
            "2026-11-20T10:00",
        ],
    );
    let before = visible(&db);
    let o = run(&db, &["restore", "--force", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("読めないレコードが 1件"), "{err}");
    assert!(err.contains("何も復元していません"), "{err}");
    assert_eq!(visible(&db), before, "the live data changed");
    ok(&db, &["check"]);
    assert!(!db.join("sled.staging").exists());
}

#[test]
fn restore_refuses_backup_whose_data_does_not_hold_together_and_keeps_data() {
    let tmp = tempfile::tempdir().unwrap();
    let db = allocated(tmp.path(), "a.db");
    let good = tmp.path().join("good.backup");
    ok(&db, &["backup", good.to_str().unwrap()]);
    let bad = tmp.path().join("orphan.backup");
    // Every record decodes, but bookings point at requests that are gone.
    tampered(&good, &bad, |c| table(c, "requests").clear());
    let before = visible(&db);
    let o = run(&db, &["restore", "--force", bad.to_str().unwrap()]);
    common::assert_refused(&o, "つじつまが合いません");
    assert_eq!(visible(&db), before);
}

#[test]
fn restore_force_replaces_the_data_with_a_good_backup() {
    let tmp = tempfile::tempdir().unwrap();
    let db = allocated(tmp.path(), "a.db");
    let good = tmp.path().join("good.backup");
    ok(&db, &["backup", good.to_str().unwrap()]);
    let expected = visible(&db);
    ok(&db, &["request", "cancel", "R-0001"]);
    assert_ne!(visible(&db), expected);
    let o = run(&db, &["restore", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "without --force: {}", text(&o));
    ok(&db, &["restore", "--force", good.to_str().unwrap()]);
    assert_eq!(visible(&db), expected);
    ok(&db, &["check"]);
    assert!(!db.join("sled.previous").exists());
    assert!(!db.join("sled.staging").exists());
}

#[test]
fn restore_of_dev_zero_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("a.db");
    let o = run(&db, &["restore", "/dev/zero"]);
    common::assert_refused(&o, "普通のファイルではありません");
}

#[test]
fn restore_of_a_huge_file_with_a_wrong_header_is_refused_by_its_header() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("a.db");
    let huge = tmp.path().join("huge.backup");
    // 3 GiB, sparse: reading it whole would take seconds and 3 GiB of memory.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    let o = run(&db, &["restore", huge.to_str().unwrap()]);
    common::assert_refused(&o, "soudan のバックアップではありません");
}

#[test]
fn restore_killed_between_renames_keeps_the_old_data() {
    let tmp = tempfile::tempdir().unwrap();
    let db = allocated(tmp.path(), "a.db");
    let backup = tmp.path().join("b.backup");
    ok(&db, &["backup", backup.to_str().unwrap()]);
    ok(&db, &["request", "cancel", "R-0001"]);
    let before = visible(&db);
    let o = run_at_fault(
        &db,
        "restore-between-renames",
        &["restore", "--force", backup.to_str().unwrap()],
    );
    assert!(killed(&o), "{}", text(&o));
    assert!(
        !db.join("sled").exists(),
        "the kill fell between the renames"
    );
    let first = ok(&db, &["status"]);
    assert!(
        first.contains("interrupted restore was rolled back"),
        "{first}"
    );
    assert_eq!(visible(&db), before);
    ok(&db, &["check"]);
}

#[test]
fn restore_killed_after_the_swap_keeps_the_new_data_and_the_old_in_quarantine() {
    let tmp = tempfile::tempdir().unwrap();
    let db = allocated(tmp.path(), "a.db");
    let backup = tmp.path().join("b.backup");
    ok(&db, &["backup", backup.to_str().unwrap()]);
    let expected = visible(&db);
    ok(&db, &["request", "cancel", "R-0001"]);
    let o = run_at_fault(
        &db,
        "restore-after-swap",
        &["restore", "--force", backup.to_str().unwrap()],
    );
    assert!(killed(&o), "{}", text(&o));
    let first = ok(&db, &["status"]);
    assert!(first.contains("into quarantine"), "{first}");
    assert_eq!(visible(&db), expected);
    let quarantined: Vec<_> = std::fs::read_dir(db.join("quarantine"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        quarantined.iter().any(|n| n == "sled.previous"),
        "{quarantined:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Rotation

/// A feed server on an ephemeral loopback port, polling every 20 ms.
struct Serving {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Serving {
    fn start(db: &Path) -> Serving {
        let feeds = db.join("feeds");
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let options = ServerOptions {
                    poll_interval: Duration::from_millis(20),
                    failure_limit: None,
                    ..ServerOptions::default()
                };
                let bound = Server::bind("127.0.0.1:0".parse().unwrap(), feeds, options)
                    .await
                    .unwrap();
                addr_tx.send(bound.local_addr()).unwrap();
                bound
                    .run(async {
                        let _ = stop_rx.await;
                    })
                    .await
                    .unwrap();
            });
        });
        Serving {
            addr: addr_rx.recv().unwrap(),
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// The status code of `GET path`.
    fn status(&self, path: &str) -> u16 {
        let mut s = TcpStream::connect(self.addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out.split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    }

    /// Waits until `GET path` answers `code` (the server polls every 20 ms; 20 s allows for
    /// a loaded machine). False if it never does.
    fn becomes(&self, path: &str, code: u16) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.status(path) == code {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The path of the `immigration` agency feed, from `feeds list`.
fn immigration_path(db: &Path) -> String {
    let out = ok(db, &["feeds", "list", "--base-url", "http://h"]);
    let line = out
        .lines()
        .find(|l| l.starts_with("agency") && l.contains("immigration"))
        .unwrap_or_else(|| panic!("no immigration feed in\n{out}"));
    let url = line.split_whitespace().last().unwrap();
    url.strip_prefix("http://h")
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string()
}

const ROTATE: [&str; 4] = ["feeds", "rotate", "agency", "immigration"];

#[test]
fn rotate_killed_after_commit_never_serves_old_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let db = allocated(tmp.path(), "a.db");
    let old = immigration_path(&db);
    let server = Serving::start(&db);
    assert!(server.becomes(&old, 200), "the old URL works before");
    let o = run_at_fault(&db, "rotate-after-commit", &ROTATE);
    assert!(killed(&o), "{}", text(&o));
    // No other command has published since: the old secret must stop by itself.
    assert!(server.becomes(&old, 404), "the old URL still works");
    let new = immigration_path(&db); // `feeds list` publishes the new secret
    assert_ne!(new, old);
    assert!(server.becomes(&new, 200), "the new URL works");
    assert_eq!(server.status(&old), 404);
}

#[test]
fn rotate_killed_after_revoke_never_serves_old_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let db = allocated(tmp.path(), "a.db");
    let old = immigration_path(&db);
    let server = Serving::start(&db);
    assert!(server.becomes(&old, 200));
    let o = run_at_fault(&db, "rotate-after-revoke", &ROTATE);
    assert!(killed(&o), "{}", text(&o));
    assert!(server.becomes(&old, 404), "the old URL still works");
    // The store still holds the revoked secret: publishing must keep it dark, and the
    // coordinator is told to rotate again rather than shown a dead URL.
    let list = ok(&db, &["feeds", "list", "--base-url", "http://h"]);
    assert!(
        list.contains("`soudan feeds rotate agency immigration`"),
        "{list}"
    );
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(server.status(&old), 404);
    let out = ok(&db, &ROTATE);
    assert!(out.contains("/feeds/agency/immigration/"), "{out}");
    let new = immigration_path(&db);
    assert!(server.becomes(&new, 200));
    assert_eq!(server.status(&old), 404);
}

#[test]
fn rotate_stops_the_old_url_and_serves_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let db = allocated(tmp.path(), "a.db");
    let old = immigration_path(&db);
    let server = Serving::start(&db);
    assert!(server.becomes(&old, 200));
    ok(&db, &ROTATE);
    let new = immigration_path(&db);
    assert!(server.becomes(&new, 200));
    assert_eq!(server.status(&old), 404);
    // Other feeds are untouched.
    let list = ok(&db, &["feeds", "list", "--base-url", "http://h"]);
    assert!(!list.contains("revoked"), "{list}");
}

/// The guide's first backup: `soudan backup バックアップ/2027-02-16.backup` where the folder
/// does not exist yet. Before the fix that was an internal error (exit 2, English); the
/// folder is now made, and the backup restores.
#[test]
fn backup_into_a_folder_that_does_not_exist_yet_makes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let db = allocated(tmp.path(), "a.db");
    let file = tmp
        .path()
        .join("バックアップ")
        .join("月末")
        .join("2026-12.backup");
    let said = ok(&db, &["backup", file.to_str().unwrap()]);
    assert!(file.is_file(), "{said}");
    assert!(said.contains("バックアップしました"), "{said}");
    let copy = tmp.path().join("copy.db");
    ok(&copy, &["restore", file.to_str().unwrap()]);
    assert_eq!(visible(&copy), visible(&db));
}

/// A restore into a database that holds data is refused in Japanese (the default), saying
/// what to do; a restore tells when the backup was written on the center's clock (Asia/Tokyo,
/// the test clock is 09:00 there), not in UTC. Before the fix the refusal was the English
/// `… already holds data; give --force …` and the time `2026-10-15T00:00:00Z`.
#[test]
fn restore_speaks_japanese_and_tells_the_centers_time() {
    let tmp = tempfile::tempdir().unwrap();
    let db = allocated(tmp.path(), "a.db");
    let file = tmp.path().join("a.backup");
    ok(&db, &["backup", file.to_str().unwrap()]);
    let o = run(&db, &["restore", file.to_str().unwrap()]);
    common::assert_refused(&o, "すでにデータがあります");
    let err = text(&o);
    assert!(err.contains("--force"), "{err}");
    assert!(!err.contains("already holds"), "{err}");
    let said = ok(&db, &["restore", "--force", file.to_str().unwrap()]);
    assert!(
        said.contains("2026年10月15日(木) 9:00") || said.contains("2026年10月15日(木) 09:00"),
        "{said}"
    );
    assert!(!said.contains('Z'), "{said}");
}
