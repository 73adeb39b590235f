//! A center in a zone with DST (America/New_York), through the real CLI: sessions over the
//! autumn fold (2026-11-01) and the spring gap (2027-03-14) are allocated, `soudan check`
//! finds the database sound, every booking is in the agency feed, and the feed's instants
//! are the allocator's (slot rule: slots laid in absolute time from the session's start).
//!
//! Expected instants are written by hand from the zone's rules (EDT = UTC−4, EST = UTC−5;
//! the fold repeats 01:00–02:00 on 2026-11-01, the gap skips 02:00–03:00 on 2027-03-14).

use crate::common::{self, text};
use crate::feeds_fixture::check;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use soudan::alloc::time as alloc_time;
use soudan::model::{BookingStatus, Month, parse_tz, sessions_for_month};
use soudan::schedule::{self, MonthInput};
use soudan::store::Store;
use std::path::{Path, PathBuf};

/// The clock of every command here: before both transitions, so their sessions are still open
/// to booking (allocation only uses sessions after now plus the center's lead time).
const NOW: &str = "2026-10-01T09:00:00-04:00";

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    // English words in the assertions below (`4 slots × 1 booth`).
    common::soudan(db)
        .args(args)
        .env("SOUDAN_NOW", NOW)
        .env("SOUDAN_LANG", "en")
        .output()
}

/// Standard output then standard error of a command that must succeed.
fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert_eq!(o.status.code(), Some(0), "soudan {args:?}\n{}", text(&o));
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const CENTER: &str = r#"[center]
name_ja = "テストセンター"
name_en = "Test Center (New York)"
address = "New York"
timezone = "America/New_York"
languages = ["en"]

[[topic]]
id = "estate"
name_ja = "相続"
name_en = "Inheritance"
"#;

/// Sunday sessions over both transitions: the 1st Sunday of November 2026 (fold) and the
/// 2nd Sunday of March 2027 (gap).
const AGENCIES: &str = r#"[[agency]]
id = "scriveners"
name_ja = "司法書士会"
name_en = "Judicial Scriveners"
topics = ["estate"]
languages = ["en"]
extra = [{ date = "2027-03-14", start = "01:00", end = "04:00", slot_minutes = 30, booths = 1 }]

[[agency.session]]
week = 1
weekday = "sun"
start = "00:30"
end = "03:00"
slot_minutes = 45
booths = 1
modes = ["in_person", "video", "phone"]
"#;

const INTERPRETERS: &str = "id,name,languages,modes,timezone,weekly,dates_off,extra_windows,max_per_day,cost_in_person,cost_video,cost_phone\n";

fn folder(dir: &Path, requests: usize) -> PathBuf {
    folder_with(dir, requests, "en", "")
}

/// `requests` requests in `language`; `interpreter_rows` appended to interpreters.csv.
fn folder_with(dir: &Path, requests: usize, language: &str, interpreter_rows: &str) -> PathBuf {
    let f = dir.join("in");
    std::fs::create_dir_all(&f).unwrap();
    std::fs::write(f.join("center.toml"), CENTER).unwrap();
    std::fs::write(f.join("agencies.toml"), AGENCIES).unwrap();
    std::fs::write(
        f.join("interpreters.csv"),
        format!("{INTERPRETERS}{interpreter_rows}"),
    )
    .unwrap();
    let mut csv = String::from(
        "id,received,name,contact,language,nationality,residence_status,topic,agency,modes,windows,deadline,priority,summary,tried\n",
    );
    for k in 1..=requests {
        csv.push_str(&format!(
            "R-{k:04},2026-10-0{}T10:00,Test {k},090-0000-{k:04},{language},US,永住者,estate,,in_person,,,normal,相続の相談 {k},\n",
            1 + k % 9
        ));
    }
    std::fs::write(f.join("requests.csv"), csv).unwrap();
    f
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
        .and_utc()
}

/// Allocates `month`, checks, and compares the agency feed with the stored bookings and the
/// hand-written slot starts (one per slot, in order).
fn allocate_and_compare(
    db: &Path,
    month: &str,
    session: &str,
    expected_starts: &[DateTime<Utc>],
    minutes: i64,
) {
    ok(db, &["allocate", "--month", month]);
    let o = run(db, &["check"]);
    assert_eq!(o.status.code(), Some(0), "check\n{}", text(&o));

    let store = Store::open(db, "dst test").unwrap();
    let center = store.center().unwrap().unwrap();
    let tz: Tz = parse_tz(&center.timezone).unwrap();
    let bookings: Vec<_> = store
        .bookings()
        .unwrap()
        .into_iter()
        .filter(|b| b.status == BookingStatus::Confirmed && b.session == session)
        .collect();
    let month: Month = month.parse().unwrap();
    // The allocator's own view of the same month (its time module, its slot arithmetic).
    let input = MonthInput {
        center: center.clone(),
        agencies: store.agencies().unwrap(),
        interpreters: store.interpreters().unwrap(),
        requests: store.requests().unwrap(),
        bookings: store.bookings().unwrap(),
        weights: store.weights().unwrap(),
        open_from: None,
        pinned: Default::default(),
    };
    drop(store);
    let plan = schedule::build(&input, month, false);
    let alloc_session = plan
        .instance
        .sessions
        .iter()
        .find(|s| s.id == session)
        .expect("session in the instance");
    let alloc_start = alloc_time::instant(tz, &alloc_session.start).unwrap();
    let alloc_end = alloc_time::instant(tz, &alloc_session.end).unwrap();
    let alloc_slots = (alloc_end - alloc_start) / (i64::from(alloc_session.slot_minutes) * 60);
    assert_eq!(
        alloc_slots as usize,
        expected_starts.len(),
        "allocator's slot count"
    );
    assert_eq!(
        bookings.len(),
        expected_starts.len(),
        "every slot is booked"
    );
    let model = sessions_for_month(&input.agencies[0], month, tz, &input.center.closed)
        .into_iter()
        .find(|s| s.id == session)
        .unwrap();
    assert_eq!(
        model.slot_count() as usize,
        expected_starts.len(),
        "model's slot count"
    );

    let feed = ok(db, &["ics", "--feed", "agency", "scriveners"]);
    let events = check::parse_events(&feed);
    for b in &bookings {
        let k = b.slot as usize;
        let alloc_at = alloc_start + (k as i64) * i64::from(alloc_session.slot_minutes) * 60;
        assert_eq!(
            expected_starts[k].timestamp(),
            alloc_at,
            "allocator slot {k}"
        );
        let ev = events
            .iter()
            .find(|e| e.uid.starts_with(&format!("{}.", b.number)))
            .unwrap_or_else(|| panic!("booking {} is in the agency feed\n{feed}", b.number));
        assert_eq!(ev.start, expected_starts[k], "DTSTART of slot {k}");
        assert_eq!(
            ev.end,
            expected_starts[k] + TimeDelta::minutes(minutes),
            "DTEND of slot {k}"
        );
        assert!(ev.end > ev.start);
        // The stored local times are the wall clock at the slot's instants, times that exist.
        assert_eq!(b.start, ev.start.with_timezone(&tz).naive_local());
        assert_eq!(b.end, ev.end.with_timezone(&tz).naive_local());
    }

    // `agency list` shows the slot count the allocator used.
    let list = ok(db, &["agency", "list", "--month", &month.to_string()]);
    let line = list
        .lines()
        .find(|l| l.contains(session))
        .unwrap_or_else(|| panic!("{session} listed\n{list}"));
    assert!(
        line.contains(&format!("{} slots × 1 booth,", expected_starts.len())),
        "{line}"
    );
}

#[test]
fn sessions_over_the_autumn_fold_and_spring_gap_agree_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    // Enough requests to fill every slot: 4 in November; 3 (on 2027-03-07) + 4 in March.
    let input = folder(tmp.path(), 12);
    ok(&db, &["import", input.to_str().unwrap()]);

    // 2026-11-01 00:30 EDT (04:30Z) to 03:00 EST (08:00Z): 210 minutes, four 45-minute
    // slots at 04:30Z, 05:15Z, 06:00Z (the second 01:00) and 06:45Z.
    allocate_and_compare(
        &db,
        "2026-11",
        "scriveners-2026-11-01",
        &[
            utc(2026, 11, 1, 4, 30),
            utc(2026, 11, 1, 5, 15),
            utc(2026, 11, 1, 6, 0),
            utc(2026, 11, 1, 6, 45),
        ],
        45,
    );
    // 2027-03-14 01:00 EST (06:00Z) to 04:00 EDT (08:00Z): 120 minutes, four 30-minute
    // slots at 01:00, 01:30, 03:00 and 03:30 local; nothing at 02:00 or 02:30.
    allocate_and_compare(
        &db,
        "2027-03",
        "scriveners-2027-03-14",
        &[
            utc(2027, 3, 14, 6, 0),
            utc(2027, 3, 14, 6, 30),
            utc(2027, 3, 14, 7, 0),
            utc(2027, 3, 14, 7, 30),
        ],
        30,
    );
}

/// One interpreter in consecutive fold slots: slot 1 is 01:15 EDT–01:00 EST and slot 2 is
/// 01:00–01:45 EST in local time, which overlap on the wall clock but not in absolute time;
/// `check` must compare instants and find no double booking.
#[test]
fn an_interpreter_in_consecutive_fold_slots_is_not_double_booked() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let input = folder_with(
        tmp.path(),
        4,
        "vi",
        "ny-vi-01,Test Nguyen,vi,in_person,America/New_York,sun 00:00-24:00,,,,1,1,1\n",
    );
    ok(&db, &["import", input.to_str().unwrap()]);
    ok(&db, &["allocate", "--month", "2026-11"]);
    let store = Store::open(&db, "dst test").unwrap();
    let booked: Vec<u32> = store
        .bookings()
        .unwrap()
        .iter()
        .filter(|b| {
            b.status == BookingStatus::Confirmed && b.interpreter.as_deref() == Some("ny-vi-01")
        })
        .map(|b| b.slot)
        .collect();
    drop(store);
    assert!(
        booked.contains(&1) && booked.contains(&2),
        "slots {booked:?}"
    );
    let o = run(&db, &["check"]);
    assert_eq!(o.status.code(), Some(0), "check\n{}", text(&o));
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("重なっています"),
        "{}",
        text(&o)
    );
}
