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
        String::from_utf8_lossy(&o.stdout).contains("変更はありません"),
        "{}",
        text(&o)
    );
}

/// A tiny folder whose requests.csv has `received` = `value` on line 2 (R-0001).
fn tiny_with_received(tmp: &Path, value: &str) -> PathBuf {
    let dir = crate::common::copy_folder(&crate::common::tiny(), &tmp.join("case"));
    let csv = std::fs::read_to_string(dir.join("requests.csv")).unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    cells[1] = value.to_string();
    lines[1] = cells.join(",");
    std::fs::write(dir.join("requests.csv"), lines.join("\r\n") + "\r\n").unwrap();
    dir
}

/// Issue 13's own example is now read; an ambiguous order is refused, in Japanese by
/// default and in English with `--lang en` or SOUDAN_LANG, with the accepted forms, and the
/// `file:line: field:` prefix as in the file.
#[test]
fn ambiguous_dates_are_refused_in_the_readers_language() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let dir = tiny_with_received(tmp.path(), "2026/10/01 9:00");
    let o = soudan(&db).arg("import").arg(&dir).output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let dir = tiny_with_received(tmp.path(), "12/01/2026 9:00");
    let prefix = format!(
        "{}/requests.csv:2: received: `12/01/2026 9:00` ",
        dir.display()
    );
    let ja = soudan(&db).arg("import").arg(&dir).output();
    assert_eq!(ja.status.code(), Some(1));
    let err = String::from_utf8_lossy(&ja.stderr);
    assert!(
        err.starts_with("エラー: 問題が 1 件見つかりました。何も取り込んでいません:\n"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{prefix}は「月/日」とも「日/月」とも読めます")),
        "{err}"
    );
    assert!(err.contains("2026年12月1日"), "{err}");
    for en in [
        soudan(&db)
            .args(["--lang", "en", "import"])
            .arg(&dir)
            .output(),
        soudan(&db)
            .env("SOUDAN_LANG", "en-US")
            .arg("import")
            .arg(&dir)
            .output(),
    ] {
        assert_eq!(en.status.code(), Some(1));
        let err = String::from_utf8_lossy(&en.stderr);
        assert!(
            err.starts_with("error: 1 problem found; nothing was imported:\n"),
            "{err}"
        );
        assert!(
            err.contains(&format!("{prefix}can be read as month/day or as day/month")),
            "{err}"
        );
    }
    assert!(
        !db.join("conf").exists()
            || soudan::store::Store::open(&db, "test")
                .unwrap()
                .center()
                .unwrap()
                .is_none()
    );
}

/// Refusals from the use cases and the store are told in Japanese with what to do.
#[test]
fn refusals_are_told_in_japanese_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let o = soudan(&db)
        .arg("import")
        .arg(crate::common::tiny())
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = soudan(&db).args(["request", "cancel", "R-9999"]).output();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("エラー: 申込 R-9999 はありません。`soudan request list`"),
        "{err}"
    );
    let o = soudan(&db)
        .args(["--lang", "en", "request", "cancel", "R-9999"])
        .output();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("error: no request R-9999; `soudan request list`"),
        "{err}"
    );

    // The database held by another process: the lock holder and what to do.
    let store = soudan::store::Store::open(&db, "soudan serve (test)").unwrap();
    let o = soudan(&db).arg("status").output();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("使用中です"), "{err}");
    assert!(err.contains("やり直してください"), "{err}");
    drop(store);
}

/// `request edit` shares the importer's parsers: what staff type in Japanese is read too.
#[test]
fn request_edit_reads_excel_jp_forms() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let o = soudan(&db)
        .arg("import")
        .arg(crate::common::tiny())
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = soudan(&db)
        .args([
            "request",
            "edit",
            "R-0001",
            "--windows",
            "日；２０２６／１２／１９（土） 13:00～16:00",
            "--modes",
            "対面、電話",
        ])
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let store = soudan::store::Store::open(&db, "test").unwrap();
    let r = store.request("R-0001").unwrap().unwrap();
    use soudan::model::{Mode, RequestWindow};
    assert_eq!(r.modes, vec![Mode::InPerson, Mode::Phone]);
    let t = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    assert_eq!(
        r.windows,
        Some(vec![
            RequestWindow::Weekly {
                day: chrono::Weekday::Sun,
                times: None
            },
            RequestWindow::Date {
                date: chrono::NaiveDate::from_ymd_opt(2026, 12, 19).unwrap(),
                times: Some((t(13), t(16)))
            },
        ])
    );
}

/// What Japanese Excel's "CSV" save makes of a text: CP932 (Shift_JIS) with CRLF, every
/// character CP932 cannot hold written as `?`.
fn as_excel_cp932(text: &str) -> Vec<u8> {
    let lossy: String = text
        .trim_start_matches('\u{feff}')
        .chars()
        .map(|c| {
            let mut buf = [0u8; 4];
            let (_, _, unmappable) = encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buf));
            if unmappable { '?' } else { c }
        })
        .collect();
    let crlf = lossy.replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&crlf);
    assert!(!unmappable);
    bytes.into_owned()
}

/// Issue 22: a CP932 round trip through Excel turned `Inês` into `In?s`, and the re-import
/// took it as a change made in the folder (「フォルダーで変更」). Now the stored text is kept
/// and a warning names the file, line and field, in Japanese and in English.
#[test]
fn cp932_question_marks_keep_the_stored_text_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let dir = tmp.path().join("folder");
    let o = soudan(&db)
        .arg("init")
        .arg(&dir)
        .args(["--month", "2026-12"])
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // A resident's name CP932 cannot hold either (R-0001, line 2).
    let requests = std::fs::read_to_string(dir.join("requests.csv")).unwrap();
    assert!(requests.contains(",Wang Xiaoming,"));
    std::fs::write(
        dir.join("requests.csv"),
        requests.replacen(",Wang Xiaoming,", ",Wáng Xiǎomíng,", 1),
    )
    .unwrap();
    let o = soudan(&db).arg("import").arg(&dir).output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // The coordinator opens both CSV files in Excel and saves them as "CSV".
    for f in ["interpreters.csv", "requests.csv"] {
        let t = std::fs::read_to_string(dir.join(f)).unwrap();
        std::fs::write(dir.join(f), as_excel_cp932(&t)).unwrap();
    }
    let folder = dir.display().to_string();
    for round in 0..2 {
        // Twice: the second re-import of the same file warns again.
        let o = soudan(&db).arg("import").arg(&dir).output();
        assert_eq!(o.status.code(), Some(0), "round {round}: {}", text(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            out.contains(&format!(
                "警告: {folder}/interpreters.csv:22: name: 通訳者 remote-pt-02 の `Inês Carvalho` \
                 をそのまま残しました（ファイルでは `In?s Carvalho`）"
            )),
            "round {round}: {out}"
        );
        assert!(
            out.contains(&format!(
                "警告: {folder}/requests.csv:2: name: 相談 R-0001 の `Wáng Xiǎomíng` \
                 をそのまま残しました（ファイルでは `W?ng Xi?om?ng`）"
            )),
            "round {round}: {out}"
        );
        assert!(
            out.contains("「CSV UTF-8 (コンマ区切り)」で保存してください"),
            "{out}"
        );
        assert!(!out.contains("フォルダーで変更"), "round {round}: {out}");
        assert!(!out.contains("In?s Carvalho →"), "{out}");
        let store = soudan::store::Store::open(&db, "test").unwrap();
        let ines = store.interpreter("remote-pt-02").unwrap().unwrap();
        assert_eq!(ines.name, "Inês Carvalho");
        assert_eq!(
            store.interpreter("remote-tr-01").unwrap().unwrap().name,
            "Elif Yıldız"
        );
        let r1 = store.request("R-0001").unwrap().unwrap();
        assert_eq!(r1.contact.name, "Wáng Xiǎomíng");
    }
    // In English, and a dry run with nothing but these warnings changes nothing.
    let o = soudan(&db)
        .args(["--lang", "en", "import", "--dry-run"])
        .arg(&dir)
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!(
            "warning: {folder}/interpreters.csv:22: name: kept interpreter remote-pt-02's \
             `Inês Carvalho` (the file has `In?s Carvalho`)"
        )),
        "{out}"
    );
    assert!(out.contains("save as \"CSV UTF-8"), "{out}");
    assert!(out.contains("nothing to change"), "{out}");
}
