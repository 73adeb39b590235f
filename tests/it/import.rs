//! The importer against real files on disk: error reporting, all-or-nothing, Shift_JIS.

use soudan::import::{self, FILES};
use soudan::model::{Month, RequestWindow};
use soudan::ops::{self, Ctx};

use crate::common::tiny;

/// A copy of the tiny fixture in a temp dir, with `edit` applied to one file.
fn copy_with(edit: Option<(&str, &dyn Fn(String) -> String)>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for f in FILES {
        let mut text = std::fs::read_to_string(tiny().join(f)).unwrap();
        if let Some((name, e)) = edit
            && name == f
        {
            text = e(text);
        }
        std::fs::write(tmp.path().join(f), text).unwrap();
    }
    tmp
}

#[test]
fn tiny_fixture_loads() {
    let data = import::load_dir(&tiny(), None).unwrap();
    assert_eq!(data.agencies.len(), 2);
    assert_eq!(data.interpreters.len(), 3);
    assert_eq!(data.requests.len(), 4);
    assert_eq!(data.shifted_days, 0);
    let r2 = &data.requests[1];
    assert_eq!(r2.agency.as_deref(), Some("immigration"));
    assert!(matches!(
        r2.windows.as_deref(),
        Some([RequestWindow::Weekly { .. }])
    ));
    let labour = &data.agencies[1];
    assert_eq!(labour.extras.len(), 1);
    assert_eq!(
        labour.extras[0].slot_minutes, 60,
        "extra inherits the pattern"
    );
    assert_eq!(data.interpreters[2].weekly.len(), 2);
    assert!(data.interpreters[2].weekly[0].end_of_day);
}

#[test]
fn broken_row_names_file_line_and_field() {
    let tmp = copy_with(Some(("requests.csv", &|t: String| {
        t.replace("R-0003,2026-11-04T09:15", "R-0003,2026-11-31T09:15")
    })));
    let errs = import::load_dir(tmp.path(), None).unwrap_err();
    let text = errs.to_string();
    assert_eq!(errs.0.len(), 1, "{text}");
    let e = &errs.0[0];
    assert!(e.file.ends_with("requests.csv"), "{text}");
    assert_eq!(e.line, 4, "{text}");
    assert_eq!(e.field, "received", "{text}");
    assert!(
        text.contains("requests.csv:4: received: `2026-11-31T09:15` is not a date and time"),
        "{text}"
    );
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let tmp = copy_with(Some(("interpreters.csv", &|t: String| {
        t.replace("Asia/Kathmandu", "Asia/Katmandu2")
            .replace("zh;en", "zh;xx")
            .replace(",4,1,,1", ",-4,1,,1")
    })));
    let errs = import::load_dir(tmp.path(), None).unwrap_err();
    let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"timezone"), "{errs}");
    assert!(fields.contains(&"languages"), "{errs}");
    assert!(fields.contains(&"max_per_day"), "{errs}");
}

#[test]
fn wrong_column_count_and_unknown_references() {
    let tmp = copy_with(Some(("requests.csv", &|t: String| {
        t.replace("\"賃金未払い、3か月分。\"", "賃金未払い,3か月分。")
            .replace(",labour,labour,", ",labour,tax,")
    })));
    let errs = import::load_dir(tmp.path(), None).unwrap_err().to_string();
    assert!(
        errs.contains("requests.csv:4: row: row has 16 fields, the header has 15"),
        "{errs}"
    );
    assert!(
        errs.contains("requests.csv:5: agency: unknown agency `tax`"),
        "{errs}"
    );
}

#[test]
fn toml_errors_have_lines() {
    let tmp = copy_with(Some(("agencies.toml", &|t: String| {
        t.replacen("slot_minutes = 45", "slot_minutes = 240", 1)
    })));
    let errs = import::load_dir(tmp.path(), None).unwrap_err().to_string();
    assert!(
        errs.contains("agencies.toml:13: slot_minutes: a 240-minute slot is longer than the 180-minute session"),
        "{errs}"
    );
    let tmp = copy_with(Some(("center.toml", &|t: String| {
        t.replace("name_en = \"Test Center\"\n", "")
    })));
    let errs = import::load_dir(tmp.path(), None).unwrap_err().to_string();
    assert!(
        errs.contains("center.toml:") && errs.contains("name_en"),
        "{errs}"
    );
}

#[test]
fn shift_jis_csv_is_read() {
    let tmp = copy_with(None);
    let text = std::fs::read_to_string(tmp.path().join("requests.csv")).unwrap();
    let (sjis, _, bad) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!bad);
    std::fs::write(tmp.path().join("requests.csv"), &sjis).unwrap();
    let data = import::load_dir(tmp.path(), None).unwrap();
    assert_eq!(data.requests[0].intake.residence_status, "留学");
    assert_eq!(data.shift_jis_files.len(), 1);
}

#[test]
fn binary_garbage_is_refused_with_advice() {
    let tmp = copy_with(None);
    std::fs::write(
        tmp.path().join("interpreters.csv"),
        [0xffu8, 0xfe, 0x00, 0x81, 0x7f],
    )
    .unwrap();
    let errs = import::load_dir(tmp.path(), None).unwrap_err().to_string();
    assert!(
        errs.contains("interpreters.csv: not UTF-8 or Shift_JIS"),
        "{errs}"
    );
    assert!(errs.contains("CSV UTF-8"), "{errs}");
}

#[test]
fn failed_apply_changes_nothing_and_reopen_keeps_data() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let now = chrono::Utc::now();
    let data = import::load_dir(&tiny(), None).unwrap();
    {
        let ctx = Ctx::open(&db, "test").unwrap();
        let s = ops::import(&ctx, data.clone(), "", ops::ImportOptions::default(), now)
            .unwrap()
            .summary;
        assert_eq!(s.requests_new, 4);
        assert_eq!(s.feeds_created, 1 + 2 + 3);
    }
    // A conflicting re-import is refused and leaves everything as it was.
    let mut changed = data.clone();
    changed.requests[0].topic = "labour".into();
    changed.agencies[0].name_en = "Changed".into();
    {
        let ctx = Ctx::open(&db, "test").unwrap();
        let store = ctx.store();
        let before = store.requests().unwrap();
        let err = ops::import(&ctx, changed, "", ops::ImportOptions::default(), now).unwrap_err();
        assert_eq!(err.code(), 1, "a conflict is a refusal: {err}");
        let err = err.to_string();
        // The refusal names the row's field and both values.
        assert!(
            err.contains(": topic: request R-0001 is in the database and this field differs"),
            "{err}"
        );
        assert!(err.contains("`labour`"), "{err}");
        assert_eq!(store.requests().unwrap(), before);
        assert_eq!(
            store.agency("immigration").unwrap().unwrap().name_en,
            data.agencies[0].name_en
        );
    }
    // Same data again: idempotent.
    let ctx = Ctx::open(&db, "test").unwrap();
    let store = ctx.store();
    let s = ops::import(&ctx, data.clone(), "", ops::ImportOptions::default(), now)
        .unwrap()
        .summary;
    assert_eq!(
        (s.requests_new, s.requests_unchanged, s.feeds_created),
        (0, 4, 0)
    );
    assert_eq!(store.history("R-0002").unwrap().len(), 1);
}

#[test]
fn reference_month_shifts_by_whole_weeks() {
    let tmp = copy_with(Some(("center.toml", &|t: String| {
        format!("reference_month = \"2026-12\"\n{t}")
    })));
    let target: Month = "2027-03".parse().unwrap();
    let data = import::load_dir(tmp.path(), Some(target)).unwrap();
    assert_eq!(data.shifted_days, 91);
    let d = data.requests[1].deadline.unwrap();
    assert_eq!(d.to_string(), "2027-03-21");
    assert_eq!(chrono::Datelike::weekday(&d), chrono::Weekday::Sun);
}

/// Regression (stop 24): an interpreter taken out of interpreters.csv stayed bookable, and
/// `import --dry-run` said the folder was the same as the database. Now the import says they
/// left, keeps the record (names in history and bookings) without hours, strands their
/// confirmed bookings (refused, then forced), and no allocation books them again.
#[test]
fn an_interpreter_taken_out_of_the_folder_is_no_longer_booked() {
    use crate::common::{
        bookings_by_number, copy_folder, ok, remove_interpreter_rows, run, sample, text,
    };
    use soudan::model::BookingStatus;
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let dir = copy_folder(&sample(), &tmp.path().join("folder"));
    let folder = dir.to_str().unwrap();
    ok(&db, &["import", folder, "--month", "2026-12"]);
    ok(&db, &["allocate", "--month", "2026-12"]);
    let csv = std::fs::read_to_string(dir.join("interpreters.csv")).unwrap();
    let booked: std::collections::BTreeSet<String> = bookings_by_number(&db)
        .into_values()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .filter_map(|b| b.interpreter)
        .collect();
    let ids: Vec<String> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next().map(str::to_string))
        .collect();
    let idle = ids
        .iter()
        .find(|id| !booked.contains(*id))
        .expect("an idle one")
        .clone();
    let busy = ids
        .iter()
        .find(|id| booked.contains(*id))
        .expect("a booked one")
        .clone();

    // 1. One with no bookings: said, and kept without hours.
    remove_interpreter_rows(&dir, &[&idle]);
    let dry = ok(&db, &["import", folder, "--month", "2026-12", "--dry-run"]);
    assert!(dry.contains("フォルダーからなくなった"), "{dry}");
    // Named as staff know them, the id only in brackets.
    assert!(!dry.contains(&format!("{idle}（{idle}）")), "{dry}");
    assert!(!dry.contains("フォルダーはデータベースと同じです"), "{dry}");
    ok(&db, &["import", folder, "--month", "2026-12"]);
    let store = soudan::store::Store::open(&db, "test").unwrap();
    let kept = store.interpreter(&idle).unwrap().expect("the record stays");
    assert!(kept.weekly.is_empty() && kept.extra_windows.is_empty());
    drop(store);
    // Imported again unchanged: nothing more to say.
    let again = ok(&db, &["import", folder, "--month", "2026-12", "--dry-run"]);
    assert!(!again.contains("フォルダーからなくなった"), "{again}");

    // 2. One with bookings: the import is refused naming them, then forced; the next
    // allocation books nobody with them.
    remove_interpreter_rows(&dir, &[&busy]);
    let o = run(&db, &["import", folder, "--month", "2026-12"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let refused = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(refused.contains("何も取り込んでいません"), "{refused}");
    ok(&db, &["import", folder, "--month", "2026-12", "--force"]);
    ok(&db, &["allocate", "--month", "2026-12"]);
    let after = bookings_by_number(&db);
    for b in after
        .values()
        .filter(|b| b.status == BookingStatus::Confirmed)
    {
        let i = b.interpreter.as_deref();
        assert!(
            i != Some(idle.as_str()) && i != Some(busy.as_str()),
            "{b:?}"
        );
    }
    let check = ok(&db, &["check"]);
    assert!(check.contains("エラー 0件"), "{check}");
}
