//! Issue 22, the sample's date shift: `soudan init FOLDER --month M` writes a real folder for
//! a month (the sample's files, dates already there, no `reference_month`); an import that
//! shifts says which files and rows it moved; a request row that differs from the stored one
//! is refused naming its line, field and both values.

use crate::common::{copy_folder, ok, run, sample, soudan, text};
use std::path::Path;

/// At a clock after the sample's intake for these months, so the folder's received dates
/// are the sample's (an earlier clock moves them back: see
/// `init_and_demo_receive_nothing_after_the_clock`).
fn init(db: &Path, dir: &Path, month: &str) -> std::process::Output {
    soudan(db)
        .env("SOUDAN_NOW", "2027-01-04T09:00:00+09:00")
        .args(["init"])
        .arg(dir)
        .args(["--month", month])
        .output()
}

/// The init'ed folder gives the records the sample gives for that month, says what it wrote
/// and what to run next, and is never written over.
#[test]
fn init_writes_the_sample_for_a_month_and_imports_as_the_sample_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("センター");
    let (own, shifted) = (tmp.path().join("own.db"), tmp.path().join("sample.db"));
    // The month as staff write it.
    let o = init(&own, &dir, "2027年1月");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("2027年1月 用の相談窓口フォルダーを作りました"),
        "{out}"
    );
    for f in soudan::import::FILES {
        assert!(out.contains(&dir.join(f).display().to_string()), "{out}");
    }
    assert!(
        out.contains(&format!("次に: soudan import {}", dir.display())),
        "{out}"
    );
    // Japanese throughout: the only Latin words are file names, encodings and commands.
    let known: std::collections::BTreeSet<String> = [
        "center",
        "toml",
        "agencies",
        "interpreters",
        "requests",
        "csv",
        "shift_jis",
        "excel",
    ]
    .map(String::from)
    .into();
    let words = out.replace(&dir.display().to_string(), "");
    assert_eq!(
        crate::plain_words::english_words(&words, &known),
        Vec::<String>::new(),
        "{out}"
    );
    let center = std::fs::read_to_string(dir.join("center.toml")).unwrap();
    assert!(!center.contains("reference_month"), "{center}");
    // Excel opens the CSV files as UTF-8.
    let csv = std::fs::read(dir.join("requests.csv")).unwrap();
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]));

    let imported = ok(&own, &["import", &dir.display().to_string()]);
    assert!(!imported.contains("ずらしました"), "{imported}");
    let sample_import = ok(
        &shifted,
        &[
            "import",
            &sample().display().to_string(),
            "--month",
            "2027-01",
        ],
    );
    // The sample import says, per file, how many rows it moved, by how much, from where.
    let requests = format!(
        "注: {}/requests.csv: 80 件の日付を 28 日ずらしました（見本の 2026年12月 から 2027年1月 へ）",
        sample().display()
    );
    assert!(sample_import.contains(&requests), "{sample_import}");
    assert!(
        sample_import.contains(&format!(
            "{}/interpreters.csv: 3 件の日付を 28 日",
            sample().display()
        )),
        "{sample_import}"
    );
    assert!(sample_import.contains("soudan init"), "{sample_import}");
    let notes: String = sample_import
        .lines()
        .filter(|l| l.starts_with("注:"))
        .map(|l| l.replace(&sample().display().to_string(), "") + "\n")
        .collect();
    let mut known = known.clone();
    known.insert("reference_month".into());
    assert_eq!(
        crate::plain_words::english_words(&notes, &known),
        Vec::<String>::new(),
        "{notes}"
    );
    for cmd in [
        &["request", "list"][..],
        &["agency", "list", "--month", "2027-01"],
        &["interpreter", "list"],
        &["status"],
    ] {
        assert_eq!(ok(&own, cmd), ok(&shifted, cmd), "{cmd:?}");
    }
    // The bar's session cancelled for the year-end closure stays on 2026-12-29: January's
    // last Tuesday is held (the shift had moved the cancellation to 2027-01-26).
    let sessions = ok(&own, &["agency", "list", "--month", "2027-01"]);
    assert!(sessions.contains("bar-2027-01-26"), "{sessions}");
    let agencies = std::fs::read_to_string(dir.join("agencies.toml")).unwrap();
    assert!(
        agencies.contains("cancelled = [\"2026-12-29\"]"),
        "{agencies}"
    );
    assert!(agencies.contains("date = \"2027-01-07\""), "{agencies}");

    // Never over an existing folder's files, nor onto a file; nothing changes.
    let before = std::fs::read(dir.join("requests.csv")).unwrap();
    let again = init(&own, &dir, "2027-2");
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("すでにファイルがあります。上書きはしません"),
        "{err}"
    );
    assert_eq!(std::fs::read(dir.join("requests.csv")).unwrap(), before);
    let file = dir.join("center.toml");
    let o = init(&own, &file, "2027/2");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("フォルダーではなくファイルです"),
        "{}",
        text(&o)
    );
    let o = soudan(&own)
        .args(["--lang", "en", "init"])
        .arg(&dir)
        .output();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("already holds files"),
        "{}",
        text(&o)
    );
}

/// Issue 22: a copy of the sample imported for January, then `reference_month` removed,
/// gave 80 refusals that did not say which field differs. Each refusal now names the row's
/// line, the field and both values; nothing is imported.
#[test]
fn a_changed_request_row_is_refused_naming_field_and_values() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let dir = copy_folder(&sample(), &tmp.path().join("copy"));
    let folder = dir.display().to_string();
    ok(&db, &["import", &folder, "--month", "2027-01"]);
    let center = std::fs::read_to_string(dir.join("center.toml")).unwrap();
    let plain: String = center
        .lines()
        .filter(|l| !l.starts_with("reference_month"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("center.toml"), plain).unwrap();
    let before = ok(&db, &["request", "list"]);
    let o = run(&db, &["import", &folder]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    // R-0001 (line 2) was received 2026-10-01 09:00, stored 28 days later.
    assert!(
        err.contains(&format!(
            "{folder}/requests.csv:2: received: 相談 R-0001 はデータベースにあり、この項目が違います: \
             データベースでは `2026-10-29T09:00`、ファイルでは `2026-10-01T09:00`。"
        )),
        "{err}"
    );
    // R-0004 (line 5) has a deadline as well: one line per field that differs.
    assert!(
        err.contains(&format!(
            "{folder}/requests.csv:5: deadline: 相談 R-0004 はデータベースにあり、この項目が違います: \
             データベースでは `2027-01-12`、ファイルでは `2026-12-15`。"
        )),
        "{err}"
    );
    assert!(err.contains("soudan request edit R-0001"), "{err}");
    // Only dates differ, in every row: said once, with what to do.
    assert!(
        err.contains(&format!(
            "{folder}/requests.csv: 違うのは日付だけです（相談 80 件、どれもデータベースが 28 日後）"
        )),
        "{err}"
    );
    assert!(!err.contains("requests.csv:2: name:"), "{err}");
    assert_eq!(ok(&db, &["request", "list"]), before);

    // An edited text, and a field emptied, in English too.
    let csv = std::fs::read_to_string(dir.join("requests.csv")).unwrap();
    std::fs::write(dir.join("center.toml"), center).unwrap();
    let edited = csv
        .replacen("Wang Xiaoming,090-0000-0101", "Wang Xiao Ming,", 1)
        .replace("\r", "");
    std::fs::write(dir.join("requests.csv"), edited).unwrap();
    let o = soudan(&db)
        .args(["--lang", "en", "import"])
        .arg(&dir)
        .args(["--month", "2027-01"])
        .output();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(
            "{folder}/requests.csv:2: name: request R-0001 is in the database and this field differs: \
             the database has `Wang Xiaoming`, the file `Wang Xiao Ming`"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{folder}/requests.csv:2: contact: request R-0001 is in the database and this field differs: \
             the database has `090-0000-0101`, the file nothing"
        )),
        "{err}"
    );
    assert_eq!(err.matches("requests.csv:").count(), 2, "{err}");
    assert!(!err.contains("dates alone"), "{err}");
}

/// `soudan init` and `soudan demo` a few weeks before the month: the sample's intake, moved
/// to the month before, would end after the clock; no request may be received after it
/// (the clock of the command, `SOUDAN_NOW`).
#[test]
fn init_and_demo_receive_nothing_after_the_clock() {
    let tmp = tempfile::tempdir().unwrap();
    let now = "2026-12-07T09:00:00+09:00";
    let local = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let dir = tmp.path().join("folder");
    let own = tmp.path().join("own.db");
    let o = soudan(&own)
        .env("SOUDAN_NOW", now)
        .args(["init"])
        .arg(&dir)
        .args(["--month", "2027-01"])
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let demo = tmp.path().join("demo.db");
    let o = soudan(&demo)
        .env("SOUDAN_NOW", now)
        .args(["demo", "--no-serve", "--month", "2027-01"])
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = soudan(&own)
        .env("SOUDAN_NOW", now)
        .args(["import"])
        .arg(&dir)
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for db in [&own, &demo] {
        let store = soudan::store::Store::open(db, "test").unwrap();
        let requests = store.requests().unwrap();
        assert_eq!(requests.len(), 80);
        let late: Vec<_> = requests
            .iter()
            .filter(|r| r.received > local)
            .map(|r| (r.id.clone(), r.received))
            .collect();
        assert!(late.is_empty(), "received after {now}: {late:?}");
        // Moved no further than needed: the latest within a week before the clock.
        let latest = requests.iter().map(|r| r.received).max().unwrap();
        assert!(local - latest < chrono::TimeDelta::weeks(1), "{latest}");
    }
}
