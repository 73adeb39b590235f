//! When the month goes wrong (issue 21): disruptions played through the real binary with a
//! moving clock, each followed by `allocate`, then the store is asked whether any booking
//! still cannot happen as planned (`model::Troubles`, the one rule every output reads).
//!
//! The Sendai sample month (2026-12) is imported and allocated on 12-02; then, the day before
//! an affected session (inside the two-day lead time), an interpreter falls ill for a week or
//! a session is cancelled, and `allocate` runs. Afterwards every affected booking is either
//! confirmed somewhere that holds (no trouble, `check` clean) or cancelled with its request
//! waiting; nothing is confirmed in the cancelled session.
//!
//! Before the repair pass (`schedule::repair`) the illness and the cancellation inside the
//! lead time were left untouched by `allocate`: the affected bookings stayed confirmed.

use crate::common;
use soudan::model::{Booking, BookingStatus, RequestStatus, Troubles};
use soudan::store::{Batch, Store};
use std::collections::BTreeMap;
use std::path::PathBuf;

const EARLY: &str = "2026-12-02T09:00:00+09:00";

struct Month {
    _tmp: tempfile::TempDir,
    db: PathBuf,
    /// The coordinator folder the month was imported from (edited to re-import).
    folder: PathBuf,
}

impl Month {
    fn new() -> Month {
        let tmp = tempfile::tempdir().unwrap();
        let folder = common::copy_folder(&common::sample(), &tmp.path().join("folder"));
        let m = Month {
            db: tmp.path().join("db"),
            folder: folder.clone(),
            _tmp: tmp,
        };
        m.ok(
            EARLY,
            &["import", folder.to_str().unwrap(), "--month", "2026-12"],
        );
        m.ok(EARLY, &["allocate", "--month", "2026-12"]);
        m
    }

    fn ok(&self, now: &str, args: &[&str]) -> String {
        let o = common::soudan(&self.db)
            .args([&["--lang", "en"], args].concat())
            .env("SOUDAN_NOW", now)
            .output();
        assert_eq!(
            o.status.code(),
            Some(0),
            "soudan {args:?}\n{}",
            common::text(&o)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    fn bookings(&self) -> BTreeMap<String, Booking> {
        common::bookings_by_number(&self.db)
    }

    /// The bookings that still need rearranging at `now`, by the one rule.
    fn troubles(&self, now: &str) -> Troubles {
        common::troubles(&self.db, now)
    }

    fn request_status(&self, id: &str) -> RequestStatus {
        let store = Store::open(&self.db, "test").unwrap();
        store
            .requests()
            .unwrap()
            .into_iter()
            .find(|r| r.id == id)
            .unwrap()
            .status
    }

    /// Every booking in `affected` is now confirmed and holds, or cancelled with its request
    /// waiting; nothing needs rearranging any more and `check` is clean.
    fn assert_repaired(&self, now: &str, affected: &[Booking]) -> (usize, usize) {
        let troubles = self.troubles(now);
        assert!(troubles.is_empty(), "still needs rearranging: {troubles:?}");
        let after = self.bookings();
        let (mut kept, mut waiting) = (0, 0);
        for b in affected {
            let a = &after[&b.number];
            match a.status {
                BookingStatus::Confirmed => kept += 1,
                BookingStatus::Cancelled => {
                    assert_eq!(self.request_status(&a.request), RequestStatus::Waiting);
                    waiting += 1;
                }
            }
        }
        self.ok(now, &["check"]);
        (kept, waiting)
    }
}

impl Month {
    /// Every output tells the same about each booking of `affected` that needs rearranging
    /// at `now`: `request show` and `request list`, `check` (naming it and the repair),
    /// `report` (its 要対応 table), the month view (listed first, its own state), the call
    /// list (the resident is to be told), the slip's `.ics` and the agency's feed (both read
    /// with the `icalendar` parser: never CONFIRMED at the old time). Returns how many of
    /// `affected` need rearranging.
    fn assert_every_output_says_rearranging(&self, now: &str, affected: &[Booking]) -> usize {
        let troubles = self.troubles(now);
        let troubled: Vec<&Booking> = affected
            .iter()
            .filter(|b| troubles.contains(&b.number))
            .collect();
        let month = affected.first().map_or("2026-12".to_string(), |b| {
            b.start.format("%Y-%m").to_string()
        });
        let check = self.ok(now, &["check"]);
        let list = self.ok(now, &["request", "list"]);
        let calls = self.ok(now, &["contact", "list"]);
        let report: serde_json::Value =
            serde_json::from_str(&self.ok(now, &["report", "--format", "json", "--month", &month]))
                .unwrap();
        let in_report: Vec<&str> = report["rearranging"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["booking"].as_str().unwrap())
            .collect();
        let view_file = self.db.with_file_name("view.html");
        self.ok(
            now,
            &[
                "view",
                "--month",
                &month,
                "--out",
                view_file.to_str().unwrap(),
            ],
        );
        let view = std::fs::read_to_string(&view_file).unwrap();
        let section = view.find("id=\"trouble\"").expect("the view lists them");
        assert!(
            section < view.find("id=\"calendar\"").unwrap(),
            "listed first"
        );
        for b in &troubled {
            let n = &b.number;
            let show = self.ok(now, &["request", "show", &b.request]);
            assert!(
                show.contains("needs rearranging"),
                "request show {n}: {show}"
            );
            assert!(
                list.lines()
                    .any(|l| l.starts_with(&b.request) && l.contains("needs rearranging")),
                "request list {n}: {list}"
            );
            assert!(
                check.contains(&format!("booking {n} (")) && check.contains("soudan allocate"),
                "check {n}: {check}"
            );
            assert!(in_report.contains(&n.as_str()), "report {n}: {in_report:?}");
            assert!(
                view.contains(&format!("data-state=\"trouble\" data-booking=\"{n}\"")),
                "view {n}"
            );
            assert!(
                calls.lines().any(|l| l.contains(&format!("{n}:"))),
                "call list {n}: {calls}"
            );
            let slip = self.ok(now, &["slip", n, "--format", "ics"]);
            let status = event_status(&slip, n);
            assert_ne!(status.as_deref(), Some("CONFIRMED"), "slip {n}: {slip}");
            let feed = self.ok(now, &["ics", "--feed", "agency", &b.agency]);
            assert_eq!(
                event_status(&feed, n).as_deref(),
                Some("TENTATIVE"),
                "agency feed {n}"
            );
        }
        troubled.len()
    }
}

/// STATUS of the event for booking `number` in an `.ics` body, read by the `icalendar` parser.
fn event_status(body: &str, number: &str) -> Option<String> {
    use icalendar::{Calendar, CalendarComponent, Component};
    let cal: Calendar = body.parse().expect("the .ics parses");
    cal.components.iter().find_map(|c| match c {
        CalendarComponent::Event(e) if e.get_uid().is_some_and(|u| u.contains(number)) => {
            e.properties().get("STATUS").map(|p| p.value().to_string())
        }
        _ => None,
    })
}

/// The earliest date with confirmed interpreted bookings, and one of those interpreters.
fn interpreted_day(m: &Month) -> (chrono::NaiveDate, String) {
    let b = m
        .bookings()
        .into_values()
        .filter(|b| b.status == BookingStatus::Confirmed && b.interpreter.is_some())
        .filter(|b| b.start.date() >= chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap())
        .min_by_key(|b| (b.start, b.number.clone()))
        .expect("the sample has interpreted bookings");
    (b.start.date(), b.interpreter.unwrap())
}

fn day_before(d: chrono::NaiveDate, days: i64) -> String {
    format!("{}T09:00:00+09:00", d - chrono::TimeDelta::days(days))
}

#[test]
fn an_interpreter_ill_from_tomorrow_gets_a_substitute_inside_the_lead_time() {
    let m = Month::new();
    let (day, ill) = interpreted_day(&m);
    let now = day_before(day, 1);
    let to = (day + chrono::TimeDelta::days(6)).to_string();
    // A substitute: a second interpreter like the ill one (same languages, modes, hours).
    {
        let store = Store::open(&m.db, "test").unwrap();
        let mut sub = store
            .interpreters()
            .unwrap()
            .into_iter()
            .find(|i| i.id == ill)
            .unwrap();
        sub.id = "sub-01".into();
        sub.name = "Substitute".into();
        let mut batch = Batch::new();
        batch.put_interpreter(&sub).unwrap();
        store.commit(batch).unwrap();
    }
    let affected: Vec<Booking> = m
        .bookings()
        .into_values()
        .filter(|b| b.status == BookingStatus::Confirmed && b.interpreter.as_ref() == Some(&ill))
        .filter(|b| b.start.date() >= day && b.start.date() <= day + chrono::TimeDelta::days(6))
        .collect();
    assert!(!affected.is_empty());
    m.ok(
        &now,
        &[
            "interpreter",
            "unavailable",
            &ill,
            "--from",
            &day.to_string(),
            "--to",
            &to,
        ],
    );
    assert!(
        m.assert_every_output_says_rearranging(&now, &affected) > 0,
        "the illness makes bookings need rearranging"
    );
    let said = m.ok(&now, &["allocate", "--month", "2026-12"]);
    let (kept, _) = m.assert_repaired(&now, &affected);
    // On the day inside the lead time a substitute was found (the sample has several
    // interpreters per language) and the booking kept its slot.
    let after = m.bookings();
    let on_day: Vec<&Booking> = affected.iter().filter(|b| b.start.date() == day).collect();
    assert!(
        on_day.iter().any(|b| {
            let a = &after[&b.number];
            a.status == BookingStatus::Confirmed
                && a.start == b.start
                && a.interpreter.is_some()
                && a.interpreter != Some(ill.clone())
        }),
        "no substitute inside the lead time: {said}"
    );
    assert!(kept > 0);
    // A resident hears that it holds, with the substitute; and since nobody had called yet
    // to say "do not come", that line is gone: one call, not two that contradict.
    let calls = m.ok(&now, &["contact", "list"]);
    for b in &on_day {
        let a = &after[&b.number];
        if a.status == BookingStatus::Confirmed && a.start == b.start {
            let told: Vec<&str> = calls
                .lines()
                .filter(|l| l.contains(&format!("{}:", b.number)))
                .collect();
            assert!(
                told.iter().any(|l| l.contains("as planned")),
                "{} restored but not told: {calls}",
                b.number
            );
            assert!(
                !told.iter().any(|l| l.contains("needs rearranging")),
                "{} told both not to come and to come: {calls}",
                b.number
            );
        }
    }
    for b in &affected {
        assert!(
            said.contains(&b.number),
            "the repair of {} is told: {said}",
            b.number
        );
    }
}

#[test]
fn an_ill_interpreter_without_a_substitute_sends_the_residents_back_to_waiting() {
    let m = Month::new();
    let (day, ill) = interpreted_day(&m);
    let now = day_before(day, 1);
    let to = (day + chrono::TimeDelta::days(6)).to_string();
    let store = Store::open(&m.db, "test").unwrap();
    let languages = store
        .interpreters()
        .unwrap()
        .into_iter()
        .find(|i| i.id == ill)
        .unwrap()
        .languages;
    // Everybody who speaks one of the ill interpreter's languages is ill too.
    let all: Vec<String> = store
        .interpreters()
        .unwrap()
        .into_iter()
        .filter(|i| i.languages.iter().any(|l| languages.contains(l)))
        .map(|i| i.id)
        .collect();
    drop(store);
    let affected: Vec<Booking> = m
        .bookings()
        .into_values()
        .filter(|b| b.status == BookingStatus::Confirmed && b.start.date() == day)
        .filter(|b| b.interpreter.as_ref().is_some_and(|i| all.contains(i)))
        .collect();
    assert!(!affected.is_empty());
    for id in &all {
        m.ok(
            &now,
            &[
                "interpreter",
                "unavailable",
                id,
                "--from",
                &day.to_string(),
                "--to",
                &to,
            ],
        );
    }
    assert!(m.assert_every_output_says_rearranging(&now, &affected) > 0);
    m.ok(&now, &["allocate", "--month", "2026-12"]);
    let (_, waiting) = m.assert_repaired(&now, &affected);
    assert!(waiting > 0, "inside the lead time nobody could take them");
    // Every resident sent back to waiting is on the call list as waiting again, not as a
    // cancellation.
    let calls = m.ok(&now, &["contact", "list"]);
    let after = m.bookings();
    for b in &affected {
        if after[&b.number].status == BookingStatus::Cancelled {
            let mine: Vec<&str> = calls
                .lines()
                .filter(|l| l.contains(&format!("{}:", b.number)))
                .collect();
            assert!(
                mine.iter().any(|l| l.contains("waiting again")),
                "{} is not on the call list as waiting again: {calls}",
                b.number
            );
            assert!(!mine.iter().any(|l| l.contains("is cancelled")), "{calls}");
        }
    }
}

/// A session cancelled `days` before: nothing stays confirmed in it.
fn cancelled_before(days: i64) {
    let m = Month::new();
    let (day, _) = interpreted_day(&m);
    let now = day_before(day, days);
    let affected: Vec<Booking> = m
        .bookings()
        .into_values()
        .filter(|b| b.status == BookingStatus::Confirmed && b.start.date() == day)
        .collect();
    let agency = affected[0].agency.clone();
    let affected: Vec<Booking> = affected
        .into_iter()
        .filter(|b| b.agency == agency)
        .collect();
    m.ok(
        &now,
        &[
            "agency",
            "cancel-session",
            &agency,
            "--date",
            &day.to_string(),
        ],
    );
    assert_eq!(
        m.assert_every_output_says_rearranging(&now, &affected),
        affected.len(),
        "every booking of the cancelled session needs rearranging"
    );
    m.ok(&now, &["allocate", "--month", "2026-12"]);
    m.assert_repaired(&now, &affected);
    let after = m.bookings();
    for b in &affected {
        let a = &after[&b.number];
        assert!(
            a.status != BookingStatus::Confirmed || a.session != b.session,
            "{} still confirmed in the cancelled session",
            b.number
        );
    }
}

#[test]
fn a_session_cancelled_the_day_before() {
    cancelled_before(1);
}

#[test]
fn a_session_cancelled_two_days_before() {
    cancelled_before(2);
}

#[test]
fn a_session_cancelled_ten_days_before() {
    cancelled_before(10);
}

/// A booth lost the day before: the bureau's afternoon session of 12/12 goes from 3 booths to 2
/// in a re-import. The import is refused, naming the bookings in the third booth; with
/// `--force` every output says they need rearranging, and `allocate` repairs them.
/// Before the fix the re-import was taken silently and `check` called the bookings damage
/// (exit 2: "in booth 3 of a session with 2 booths"), never a rearrangement.
#[test]
fn a_booth_lost_the_day_before() {
    let m = Month::new();
    let now = "2026-12-11T09:00:00+09:00";
    let path = m.folder.join("agencies.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let afternoon = text.find("start = \"13:00\"").unwrap();
    let booths = afternoon + text[afternoon..].find("booths = 3").unwrap();
    let edited = format!("{}booths = 2{}", &text[..booths], &text[booths + 10..]);
    std::fs::write(&path, edited).unwrap();
    let affected: Vec<Booking> = m
        .bookings()
        .into_values()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .filter(|b| b.session == "immigration-2026-12-12-1300" && b.booth == 3)
        .collect();
    assert!(!affected.is_empty());
    let folder = m.folder.to_str().unwrap();
    let o = common::soudan(&m.db)
        .args(["--lang", "en", "import", folder, "--month", "2026-12"])
        .env("SOUDAN_NOW", now)
        .output();
    assert_eq!(o.status.code(), Some(1), "{}", common::text(&o));
    for b in &affected {
        assert!(common::text(&o).contains(&b.number), "{}", common::text(&o));
    }
    m.ok(now, &["import", folder, "--month", "2026-12", "--force"]);
    assert_eq!(
        m.assert_every_output_says_rearranging(now, &affected),
        affected.len()
    );
    m.ok(now, &["allocate", "--month", "2026-12"]);
    m.assert_repaired(now, &affected);
}

/// A holiday in the agency's pattern: the center starts closing on national holidays, and
/// labour's 3rd-Sunday session of 2027-03-21 (春分の日) is booked. The pattern skips the day,
/// the bookings need rearranging everywhere, and `allocate` re-places or releases them.
#[test]
fn a_national_holiday_closes_a_booked_pattern_day() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = common::copy_folder(&common::sample(), &tmp.path().join("folder"));
    let m = Month {
        db: tmp.path().join("db"),
        folder: folder.clone(),
        _tmp: tmp,
    };
    let early = "2027-03-02T09:00:00+09:00";
    let f = folder.to_str().unwrap();
    m.ok(early, &["import", f, "--month", "2027-03"]);
    m.ok(early, &["allocate", "--month", "2027-03"]);
    let affected: Vec<Booking> = m
        .bookings()
        .into_values()
        .filter(|b| b.status == BookingStatus::Confirmed && b.agency == "labour")
        .filter(|b| b.start.date() == chrono::NaiveDate::from_ymd_opt(2027, 3, 21).unwrap())
        .collect();
    assert!(!affected.is_empty(), "the sample books labour on 3/21");
    let center = folder.join("center.toml");
    let text = std::fs::read_to_string(&center).unwrap();
    assert!(text.contains("national_holidays = false"));
    std::fs::write(
        &center,
        text.replace("national_holidays = false", "national_holidays = true"),
    )
    .unwrap();
    let now = "2027-03-10T09:00:00+09:00";
    m.ok(now, &["import", f, "--month", "2027-03", "--force"]);
    assert_eq!(
        m.assert_every_output_says_rearranging(now, &affected),
        affected.len()
    );
    m.ok(now, &["allocate", "--month", "2027-03"]);
    m.assert_repaired(now, &affected);
    let after = m.bookings();
    assert!(affected.iter().all(|b| {
        let a = &after[&b.number];
        a.status != BookingStatus::Confirmed || a.start.date() != b.start.date()
    }));
}

/// Regression (found playing the month): a one-off session added on a day that already has
/// one renamed the existing session (`labour-…` → `labour-…-1300`), so all its bookings read
/// as "session gone" and every output told the residents not to come. Now the bookings follow
/// the new id in the same commit: nothing needs rearranging, nobody is on the call list for
/// it, and the new session takes bookings of its own.
#[test]
fn a_one_off_session_on_a_booked_day_leaves_its_bookings_as_they_were() {
    let m = Month::new();
    let (day, _) = interpreted_day(&m);
    let now = day_before(day, 10);
    let before = m.bookings();
    let booked: Vec<&Booking> = before
        .values()
        .filter(|b| b.status == BookingStatus::Confirmed && b.start.date() == day)
        .collect();
    let agency = booked[0].agency.clone();
    let calls_before = m.ok(&now, &["contact", "list"]);
    m.ok(
        &now,
        &[
            "agency",
            "add-session",
            &agency,
            "--date",
            &day.to_string(),
            "--start",
            "19:00",
            "--end",
            "20:30",
            "--booths",
            "1",
        ],
    );
    assert!(m.troubles(&now).is_empty(), "{:?}", m.troubles(&now));
    let after = m.bookings();
    for b in booked.iter().filter(|b| b.agency == agency) {
        let a = &after[&b.number];
        assert_eq!(a.status, BookingStatus::Confirmed, "{}", b.number);
        assert_eq!(
            (a.start, a.booth, a.sequence),
            (b.start, b.booth, b.sequence)
        );
        assert_ne!(
            a.session, b.session,
            "{} follows the renamed session",
            b.number
        );
        assert!(
            a.session.starts_with(&b.session),
            "{} → {}",
            b.session,
            a.session
        );
    }
    let check = m.ok(&now, &["check"]);
    assert!(!check.contains("rearrang"), "{check}");
    assert_eq!(m.ok(&now, &["contact", "list"]), calls_before);
}

/// A booking whose interpreter fell ill, then moved by hand to another slot with another
/// interpreter: the call list tells the old appointment with the interpreting it had and the
/// interpreter who can no longer take it. Before the fix it read `…（通訳不要） から …` — the
/// lost interpreter had cleared the booking's mode, which reads as "no interpreter needed".
#[test]
fn the_call_list_names_the_interpreter_a_moved_booking_lost() {
    let m = Month::new();
    let (day, ill) = interpreted_day(&m);
    let now = day_before(day, 1);
    let ill_name = {
        let store = Store::open(&m.db, "test").unwrap();
        let mut sub = store
            .interpreters()
            .unwrap()
            .into_iter()
            .find(|i| i.id == ill)
            .unwrap();
        let ill_name = sub.name.clone();
        sub.id = "sub-01".into();
        sub.name = "Substitute Sato".into();
        sub.max_per_day = None;
        let mut batch = Batch::new();
        batch.put_interpreter(&sub).unwrap();
        store.commit(batch).unwrap();
        ill_name
    };
    let b = m
        .bookings()
        .into_values()
        .filter(|b| b.status == BookingStatus::Confirmed && b.interpreter.as_deref() == Some(&ill))
        .find(|b| b.start.date() == day)
        .unwrap();
    m.ok(
        &now,
        &[
            "interpreter",
            "unavailable",
            &ill,
            "--from",
            &(day - chrono::TimeDelta::days(1)).to_string(),
            "--to",
            &day.to_string(),
        ],
    );
    assert!(m.troubles(&now).contains(&b.number));
    // Moved by hand, with the substitute, into a one-off session of its agency a week later
    // (the resident said they can come any day).
    {
        let store = Store::open(&m.db, "test").unwrap();
        let mut r = store.request(&b.request).unwrap().unwrap();
        (r.windows, r.deadline) = (None, None);
        let mut batch = Batch::new();
        batch.put_request(&r).unwrap();
        store.commit(batch).unwrap();
    }
    let later = day + chrono::TimeDelta::days(7);
    m.ok(
        &now,
        &[
            "agency",
            "add-session",
            &b.agency,
            "--date",
            &later.to_string(),
            "--start",
            "16:00",
            "--end",
            "17:00",
            "--booths",
            "1",
        ],
    );
    let store = Store::open(&m.db, "test").unwrap();
    let sessions = soudan::model::sessions_for_month(
        &store.agency(&b.agency).unwrap().unwrap(),
        soudan::model::Month::new(2026, 12).unwrap(),
        soudan::model::parse_tz("Asia/Tokyo").unwrap(),
        &store.closed_days().unwrap(),
    );
    drop(store);
    let moved = sessions
        .iter()
        .filter(|s| s.date() == later && s.start.time().to_string() == "16:00:00")
        .flat_map(|s| (1..=s.slot_count()).map(move |n| format!("{}/{n}", s.id)))
        .any(|to| {
            let o = common::soudan(&m.db)
                .args(["booking", "move", &b.number, "--to", &to])
                .args(["--interpreter", "sub-01"])
                .env("SOUDAN_NOW", &now)
                .output();
            o.status.success()
        });
    assert!(moved, "{} could be moved somewhere", b.number);
    let o = common::soudan(&m.db)
        .args(["contact", "list"])
        .env("SOUDAN_NOW", &now)
        .output();
    let calls = String::from_utf8(o.stdout).unwrap();
    let line = calls
        .lines()
        .find(|l| l.contains(&format!("{}:", b.number)) && l.contains("に変更"))
        .unwrap_or_else(|| panic!("the move is on the call list: {calls}"));
    assert!(!line.contains("通訳不要"), "{line}");
    assert!(
        line.contains(&ill_name),
        "names the lost interpreter: {line}"
    );
}

/// `agency cancel-session` then `allocate`: each booking of the cancelled session is told
/// once. Before, the cancel logged 解除 (session cancelled) and kept the booking for the
/// repair; the allocation that could not re-place it logged a second 解除, and the call list
/// held both "session cancelled, being rearranged" and "waiting again" for the same booking.
#[test]
fn a_cancelled_session_then_allocate_releases_each_booking_once() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let sample = common::sample();
    common::ok(
        &db,
        &["import", sample.to_str().unwrap(), "--month", "2026-12"],
    );
    common::ok(&db, &["allocate", "--month", "2026-12"]);
    let on_day: Vec<Booking> = common::bookings_by_number(&db)
        .into_values()
        .filter(|b| {
            b.agency == "labour"
                && b.start.date().to_string() == "2026-12-10"
                && b.status == BookingStatus::Confirmed
        })
        .collect();
    assert!(!on_day.is_empty(), "the sample books labour on 12-10");
    common::ok(
        &db,
        &["agency", "cancel-session", "labour", "--date", "2026-12-10"],
    );
    common::ok(&db, &["allocate", "--month", "2026-12"]);
    let after = common::bookings_by_number(&db);
    let released: Vec<&Booking> = on_day
        .iter()
        .filter(|b| after[&b.number].status == BookingStatus::Cancelled)
        .collect();
    assert!(!released.is_empty(), "some could not be re-placed");
    let contacts = common::ok(&db, &["contact", "list"]);
    for b in released {
        let lines = contacts
            .lines()
            .filter(|l| l.trim_start().starts_with(&format!("{}:", b.number)))
            // The new booking not yet told (sample month, nobody called yet) stays beside.
            .filter(|l| !l.contains("新しい予約"))
            .count();
        assert_eq!(lines, 1, "{} told once:\n{contacts}", b.number);
        let history = common::ok(&db, &["history", &b.request]);
        let releases = history
            .lines()
            .filter(|l| l.contains("解除") && l.contains(&b.number))
            .count();
        assert_eq!(releases, 1, "{} released once:\n{history}", b.number);
    }
}
