//! Excel-JP input (issue 13): `tests/fixtures/excel-jp/` is the Sendai sample as Japanese
//! Excel and an IME leave it (CP932 + CRLF requests, UTF-8-with-BOM interpreters, slashed
//! and 年月日/令和 dates, `9:00:00`, 曜日, full-width digits and separators; written by its
//! `generate.py`). It must mean exactly what the sample means.

use crate::common::{sample, soudan, text};
use soudan::model::Month;
use std::path::{Path, PathBuf};

fn excel_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/excel-jp")
}

#[test]
fn excel_jp_folder_means_what_the_sample_means() {
    let month: Month = "2026-12".parse().unwrap();
    let excel =
        soudan::import::load_dir(&excel_dir(), Some(month)).unwrap_or_else(|e| panic!("{e}"));
    let sample = soudan::import::load_dir(&sample(), Some(month)).unwrap();
    assert_eq!(excel.requests.len(), 80);
    assert_eq!(excel.requests, sample.requests);
    assert_eq!(excel.interpreters, sample.interpreters);
    assert_eq!(excel.agencies, sample.agencies);
    assert_eq!(
        excel.shift_jis_files.len(),
        1,
        "{:?}",
        excel.shift_jis_files
    );
    // Era dates are reported as read, at their line (CRLF: the line an editor shows).
    let notes: Vec<String> = excel.notes.iter().map(ToString::to_string).collect();
    let r4 = format!(
        "{}/requests.csv:5: received: 令和8年10月3日 10時15分 → 2026-10-03T10:15",
        excel_dir().display()
    );
    assert!(notes.contains(&r4), "{notes:#?}");
    assert!(
        excel.notes.iter().all(|n| n.written.contains("令和")),
        "only era dates are worth a note here: {notes:#?}"
    );
}

#[test]
fn dry_run_shows_how_era_dates_were_read() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let o = soudan(&db)
        .args(["import", "--dry-run", "--month", "2026-12"])
        .arg(excel_dir())
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("requests.csv:5: received: 令和8年10月3日 10時15分 → 2026-10-03T10:15"),
        "{out}"
    );
    // The real import gives the same database content as the sample's.
    let o = soudan(&db)
        .args(["import", "--month", "2026-12"])
        .arg(excel_dir())
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = soudan(&db)
        .args(["import", "--dry-run", "--month", "2026-12"])
        .arg(sample())
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("nothing to change"),
        "{}",
        text(&o)
    );
}
