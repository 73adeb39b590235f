//! Databases written by an older soudan keep working: a schema-1 database (one sled record
//! per row, written by the binary of commit `ae27fee`, `tests/fixtures/schema1/`) is migrated
//! to blocks when opened, and every row it held is still there, unchanged.

use crate::common::{ok, soudan, text};
use soudan::backup;
use soudan::store::{Store, Table};
use std::path::{Path, PathBuf};

const THEN: &str = "2026-11-20T10:00:00+09:00";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema1")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of the schema-1 data folder.
fn old_database(tmp: &Path) -> PathBuf {
    let db = tmp.join("db");
    copy_dir(&fixture().join("db"), &db);
    db
}

/// The backup's tables without the rows that name the layout (the schema version).
fn logical_rows(
    tables: Vec<(Table, soudan::store::RawRows)>,
) -> Vec<(Table, soudan::store::RawRows)> {
    tables
        .into_iter()
        .map(|(t, rows)| {
            let rows = rows
                .into_iter()
                .filter(|(k, _)| !(t == Table::Meta && k.as_slice() == b"schema_version"))
                .collect();
            (t, rows)
        })
        .collect()
}

/// `now` seen through the fields `old` has: the old binary's report did not have the fields
/// added since (e.g. a waiting request's `overdue`), and a migration is judged on what both
/// binaries print. A field the old report had and the new one lost still shows as a difference.
fn as_old(now: &serde_json::Value, old: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match (now, old) {
        (Value::Object(n), Value::Object(o)) => Value::Object(
            n.iter()
                .filter_map(|(k, v)| o.get(k).map(|ov| (k.clone(), as_old(v, ov))))
                .collect(),
        ),
        (Value::Array(n), Value::Array(o)) if n.len() == o.len() => {
            Value::Array(n.iter().zip(o).map(|(v, ov)| as_old(v, ov)).collect())
        }
        _ => now.clone(),
    }
}

#[test]
fn a_schema_1_database_is_migrated_with_every_row_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let db = old_database(tmp.path());
    let checked = soudan(&db).env("SOUDAN_NOW", THEN).arg("check").output();
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));
    assert!(
        text(&checked).contains("申込 80件、予約 70件"),
        "{}",
        text(&checked)
    );

    // The same report as the old binary printed.
    let report = soudan(&db)
        .env("SOUDAN_NOW", THEN)
        .args(["report", "--format", "json", "--month", "2026-12"])
        .output();
    assert!(report.status.success(), "{}", text(&report));
    let then: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture().join("report-2026-12.json")).unwrap())
            .unwrap();
    let now: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(as_old(&now, &then), then);

    // Every logical row the old binary backed up, byte for byte, and no other.
    let old = backup::read_file(&fixture().join("backup")).unwrap();
    let store = Store::open(&db, "test").unwrap();
    let current = store.export_raw().unwrap();
    assert_eq!(logical_rows(current), logical_rows(old.tables));
    assert_eq!(store.table_len(Table::Requests).unwrap(), 80);
    assert!(store.history("R-0003").unwrap().len() >= 3);
}

#[test]
fn a_migrated_database_takes_new_work_and_reopens() {
    let tmp = tempfile::tempdir().unwrap();
    let db = old_database(tmp.path());
    let before = ok(&db, &["history", "R-0003"]);
    let calls_before = ok(&db, &["contact", "list", "--all"]);
    // The old binary stored what to tell residents as English sentences: still listed.
    assert!(calls_before.contains("new appointment"), "{calls_before}");
    let cancelled = ok(&db, &["request", "cancel", "R-0010"]);
    let number = cancelled
        .split_whitespace()
        .find(|w| w.starts_with("B-"))
        .unwrap_or_else(|| panic!("no booking freed: {cancelled}"));
    // The new change is typed and told in Japanese, beside the old sentences.
    let calls = ok(&db, &["contact", "list", "--all"]);
    assert!(
        calls
            .lines()
            .any(|l| l.contains(&format!("{number}: 予約 ")) && l.contains("取り消されました")),
        "{calls}"
    );
    assert_eq!(
        calls.lines().filter(|l| l.starts_with("C-")).count(),
        calls_before.lines().filter(|l| l.starts_with("C-")).count()
    );
    // Opened a second time: already schema 2, nothing to migrate, the new history kept.
    let after = ok(&db, &["history", "R-0010"]);
    assert!(after.lines().count() >= 2, "{after}");
    assert_eq!(ok(&db, &["history", "R-0003"]), before);
    let checked = soudan(&db).arg("check").output();
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));
}

#[test]
fn a_schema_1_backup_restores_into_blocks() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("restored");
    let file = fixture().join("backup");
    ok(&db, &["restore", file.to_str().unwrap()]);
    let old = backup::read_file(&file).unwrap();
    let store = Store::open(&db, "test").unwrap();
    assert_eq!(
        logical_rows(store.export_raw().unwrap()),
        logical_rows(old.tables)
    );
}

/// The upgrade is one commit: a command killed at any moment while it migrates (and then
/// cancels a request) leaves either the old data or the whole change, never a database that
/// does not open or a mix.
#[test]
fn a_kill_during_the_upgrade_leaves_the_old_data_or_the_new() {
    let tmp = tempfile::tempdir().unwrap();
    let args = ["request", "cancel", "R-0010"];
    let report = |db: &Path| {
        let checked = soudan(db).env("SOUDAN_NOW", THEN).arg("check").output();
        assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));
        let out = soudan(db)
            .env("SOUDAN_NOW", THEN)
            .args(["report", "--format", "json", "--month", "2026-12"])
            .output();
        assert!(out.status.success(), "{}", text(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let before: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture().join("report-2026-12.json")).unwrap())
            .unwrap();
    let full = tmp.path().join("full");
    copy_dir(&fixture().join("db"), &full);
    let started = std::time::Instant::now();
    let done = soudan(&full).env("SOUDAN_NOW", THEN).args(args).output();
    assert!(done.status.success(), "{}", text(&done));
    // The upgrade and the cancel commit early; publishing takes most of the run.
    let span = (started.elapsed().as_micros() as u64 / 3).max(1);
    let after = report(&full);
    assert_ne!(after, before);
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let (mut old, mut new, mut interrupted) = (0, 0, 0);
    for i in 0..30 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let db = tmp.path().join(format!("kill-{i}"));
        copy_dir(&fixture().join("db"), &db);
        let mut child = soudan(&db)
            .env("SOUDAN_NOW", THEN)
            .args(args)
            .quiet()
            .spawn();
        std::thread::sleep(std::time::Duration::from_micros(x % span));
        let _ = child.kill();
        if std::os::unix::process::ExitStatusExt::signal(&child.wait().unwrap()).is_some() {
            interrupted += 1;
        }
        let got = report(&db);
        if as_old(&got, &before) == before {
            old += 1;
        } else {
            assert_eq!(got, after, "kill {i} left a mix");
            new += 1;
        }
        std::fs::remove_dir_all(&db).unwrap();
    }
    assert_eq!(old + new, 30);
    assert!(interrupted > 0, "no kill hit a running command");
    eprintln!(
        "upgrade kills: {interrupted} of 30 interrupted; {old} left the old data, {new} the new"
    );
}
