//! What took place stays as it was: no command changes a booking whose slot has started
//! (`model::Clock::is_history`).
//!
//! The regression behind it: on the release binary with a moving clock, `soudan request cancel
//! R` run on 12-13 released R's booking of 12-12, a consultation that had taken place, and
//! with it its calendar event, the agency's record and its line in the month report.
//!
//! Every test plays the Sendai sample through the real binary: imported and allocated on
//! 12-02, then the clock moves to 12-13 10:00 (the immigration bureau's day, 12-12, is over;
//! the bar association's 12-19 is ahead) and one command runs. Afterwards every booking that
//! had started is exactly as before in the store, still CONFIRMED with the same SEQUENCE in
//! its agency's `.ics` (parsed by the `icalendar` crate), still counted in `report --format
//! json`, and `soudan check` finds no error. Refusals exit 1 and name the booking.

use crate::common;

use soudan::model::{Booking, BookingStatus, RequestStatus};
use soudan::store::{Batch, Store};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;

/// When the month is imported and allocated: 2026-12-02 09:00 in Sendai.
const EARLY: &str = "2026-12-02T09:00:00+09:00";
/// When the commands run: the day after the immigration bureau's sessions (12-12).
const LATER: &str = "2026-12-13T10:00:00+09:00";

/// `LATER` on the center's wall clock: bookings starting before it are history.
fn later_local() -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str("2026-12-13 10:00", "%Y-%m-%d %H:%M").unwrap()
}

/// One feed event: (STATUS, SEQUENCE, DTSTART text).
type Ev = (String, u32, String);

struct Past {
    _tmp: tempfile::TempDir,
    db: PathBuf,
    /// A copy of the Sendai folder, to re-import with changes.
    folder: String,
}

impl Past {
    /// The sample month, imported and allocated early (12-02).
    fn new() -> Past {
        let tmp = tempfile::tempdir().unwrap();
        let folder = crate::common::copy_folder(&common::sample(), &tmp.path().join("folder"));
        let p = Past {
            db: tmp.path().join("db"),
            folder: folder.to_str().unwrap().to_string(),
            _tmp: tmp,
        };
        p.ok_at(EARLY, &["import", &p.folder, "--month", "2026-12"]);
        p.ok_at(EARLY, &["allocate", "--month", "2026-12"]);
        p
    }

    fn run_at(&self, now: &str, args: &[&str]) -> Output {
        common::soudan(&self.db)
            .args([&["--lang", "en"], args].concat())
            .env("SOUDAN_NOW", now)
            .output()
    }

    fn ok_at(&self, now: &str, args: &[&str]) -> String {
        let o = self.run_at(now, args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "soudan {args:?}\n{}",
            common::text(&o)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    /// Runs `args` at `LATER`; it must succeed. Returns its standard output.
    fn ok(&self, args: &[&str]) -> String {
        self.ok_at(LATER, args)
    }

    /// Runs `args` at `LATER`; it must be refused (exit 1). Returns what it said.
    fn refused(&self, args: &[&str]) -> String {
        let o = self.run_at(LATER, args);
        assert_eq!(
            o.status.code(),
            Some(1),
            "soudan {args:?}\n{}",
            common::text(&o)
        );
        common::text(&o)
    }

    fn store(&self) -> Store {
        Store::open(&self.db, "test").unwrap()
    }

    fn bookings(&self) -> BTreeMap<String, Booking> {
        crate::common::bookings_by_number(&self.db)
    }

    /// Every booking whose slot started before `LATER`: the history to keep.
    fn history(&self) -> BTreeMap<String, Booking> {
        self.bookings()
            .into_iter()
            .filter(|(_, b)| b.start < later_local())
            .collect()
    }

    /// A confirmed booking that took place, with an interpreter (12-12 at the immigration
    /// bureau: most residents there need one).
    fn past(&self) -> Booking {
        self.bookings()
            .into_values()
            .find(|b| {
                b.status == BookingStatus::Confirmed
                    && b.agency == "immigration"
                    && b.interpreter.is_some()
                    && b.start < later_local()
            })
            .expect("the sample has interpreted bookings at the immigration bureau on 12-12")
    }

    /// A confirmed booking not yet started (12-19 onwards).
    fn future(&self) -> Booking {
        self.bookings()
            .into_values()
            .find(|b| {
                b.status == BookingStatus::Confirmed
                    && b.start.date() >= chrono::NaiveDate::from_ymd_opt(2026, 12, 19).unwrap()
            })
            .expect("the sample has bookings after 12-13")
    }

    /// The report's counts: bookings per agency, language and interpreter.
    fn report(&self) -> serde_json::Value {
        let v: serde_json::Value =
            serde_json::from_str(&self.ok(&["report", "--month", "2026-12", "--format", "json"]))
                .unwrap();
        serde_json::json!({
            "agencies": v["agencies"],
            "languages": v["languages"],
            "interpreters": v["interpreters"],
        })
    }

    /// Booking events of an agency's feed by UID, parsed by the `icalendar` crate.
    fn agency_feed(&self, agency: &str) -> BTreeMap<String, Ev> {
        use icalendar::{Calendar, CalendarComponent, Component};
        let body = self.ok(&["ics", "--feed", "agency", agency]);
        let cal: Calendar = body.parse().expect("feed parses");
        cal.components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .filter_map(|e| {
                let uid = e.get_uid()?.to_string();
                let prop = |name: &str| {
                    e.properties()
                        .get(name)
                        .map(|p| p.value().to_string())
                        .unwrap_or_default()
                };
                Some((
                    uid,
                    (
                        prop("STATUS"),
                        e.get_sequence().unwrap_or(0),
                        prop("DTSTART"),
                    ),
                ))
            })
            .collect()
    }

    /// What a past booking must still be after any command: as it was in the store, its
    /// request booked, CONFIRMED with its SEQUENCE at its time in the agency's calendar.
    fn assert_in_records(&self, b: &Booking) {
        let now = &self.bookings()[&b.number];
        assert_eq!(now, b, "{} changed in the store", b.number);
        let request = self.store().request(&b.request).unwrap().unwrap();
        assert_eq!(request.status, RequestStatus::Booked, "{}", b.request);
        let feed = self.agency_feed(&b.agency);
        let uid = format!("{}.agency@soudan", b.number);
        let (status, sequence, start) = feed
            .get(&uid)
            .unwrap_or_else(|| panic!("{uid} left the {} calendar: {feed:?}", b.agency));
        assert_eq!(status, "CONFIRMED", "{uid}");
        assert_eq!(*sequence, b.sequence, "{uid}");
        assert_eq!(start, &b.start.format("%Y%m%dT%H%M%S").to_string(), "{uid}");
    }

    /// After a command: every booking that had started (`before`) is unchanged in the store,
    /// the past one in its agency's calendar, the report counts the same (`report`), and
    /// `check` finds no error.
    fn assert_history_kept(
        &self,
        before: &BTreeMap<String, Booking>,
        past: &Booking,
        report: &serde_json::Value,
    ) {
        assert_eq!(&self.history(), before, "bookings that had started changed");
        self.assert_in_records(past);
        assert_eq!(&self.report(), report, "the month report changed");
        self.assert_check_clean();
    }

    /// The independent Python check (`tests/ics_check.py`, PyPI `icalendar` reading our
    /// VTIMEZONE) of an agency's feed: every event at its instants, the bookings' taken from
    /// the store (the center is in Asia/Tokyo), the session blocks' from the Rust parse.
    fn python_check(&self, agency: &str) {
        use icalendar::{Calendar, CalendarComponent, Component};
        if !crate::ics_python::require_python() {
            return;
        }
        let body = self.ok(&["ics", "--feed", "agency", agency]);
        let bookings = self.bookings();
        let utc = |local: chrono::NaiveDateTime| {
            soudan::model::resolve_local(chrono_tz::Asia::Tokyo, local).to_rfc3339()
        };
        let local =
            |text: String| chrono::NaiveDateTime::parse_from_str(&text, "%Y%m%dT%H%M%S").unwrap();
        let cal: Calendar = body.parse().expect("feed parses");
        let mut uids = serde_json::Map::new();
        for e in cal.components.iter().filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        }) {
            let uid = e.get_uid().unwrap().to_string();
            let prop = |name: &str| e.properties().get(name).unwrap().value().to_string();
            let (start, end) = match uid.strip_suffix(".agency@soudan") {
                Some(number) => (utc(bookings[number].start), utc(bookings[number].end)),
                None => (utc(local(prop("DTSTART"))), utc(local(prop("DTEND")))),
            };
            uids.insert(uid, serde_json::json!({"start": start, "end": end}));
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("agency.ics"), &body).unwrap();
        std::fs::write(
            dir.path().join("expected.json"),
            serde_json::to_vec(&serde_json::json!({"files": {"agency.ics": uids}})).unwrap(),
        )
        .unwrap();
        let (ok, out) = crate::ics_python::run_check(dir.path());
        assert!(
            ok && out.contains("0 failures"),
            "python check failed:\n{out}"
        );
    }

    fn assert_check_clean(&self) {
        let t = self.ok(&["check"]);
        assert!(t.contains(" 0 error(s)"), "{t}");
    }
}

#[test]
fn cancelling_a_request_whose_consultation_took_place_is_refused_and_keeps_it() {
    let m = Past::new();
    let (before, past, report) = (m.history(), m.past(), m.report());
    let t = m.refused(&["request", "cancel", &past.request, "--reason", "moved away"]);
    assert!(t.contains(&past.number), "{t}");
    assert!(t.contains(&past.request), "{t}");
    assert!(t.contains("request add"), "says what to do instead: {t}");
    // The default language says the same.
    let o = common::soudan(&m.db)
        .args(["request", "cancel", &past.request])
        .env("SOUDAN_NOW", LATER)
        .output();
    assert_eq!(o.status.code(), Some(1), "{}", common::text(&o));
    let ja = String::from_utf8(o.stderr).unwrap();
    assert!(
        ja.contains("すでに行われました") && ja.contains(&past.number),
        "{ja}"
    );
    m.assert_history_kept(&before, &past, &report);
    let history = m.ok(&["history", &past.request]);
    assert!(!history.contains("moved away"), "{history}");
}

#[test]
fn cancelling_a_request_releases_only_its_booking_not_yet_started() {
    let m = Past::new();
    let past = m.past();
    // A request booked on both sides of now (a state the commands do not make, so it is
    // written directly): the future booking of another request is given to the past one's
    // request, whose former owner goes back to waiting.
    let future = m.future();
    {
        let store = m.store();
        let mut owner = store.request(&future.request).unwrap().unwrap();
        owner.status = RequestStatus::Waiting;
        let moved = Booking {
            request: past.request.clone(),
            ..future.clone()
        };
        let mut batch = Batch::new();
        batch.put_booking(&moved).unwrap();
        batch.put_request(&owner).unwrap();
        store.commit(batch).unwrap();
    }
    let before = m.history();
    let t = m.ok(&["request", "cancel", &past.request]);
    assert!(t.contains(&future.number), "{t}");
    // The coordinator is told the booking that took place stays, and why.
    let kept = t
        .lines()
        .find(|l| l.contains(&past.number))
        .unwrap_or_else(|| panic!("no line about {}: {t}", past.number));
    assert!(kept.contains("stays as a record"), "{t}");
    assert!(
        !t.contains("cancelled"),
        "the request is not cancelled: {t}"
    );
    let after = m.bookings();
    assert_eq!(after[&future.number].status, BookingStatus::Cancelled);
    assert_eq!(after[&future.number].sequence, future.sequence + 1);
    assert_eq!(m.history(), before);
    // The request stays booked by the consultation that took place.
    m.assert_in_records(&past);
    let feed = m.agency_feed(&future.agency);
    let uid = format!("{}.agency@soudan", future.number);
    assert!(
        feed.get(&uid)
            .is_none_or(|(status, ..)| status == "CANCELLED"),
        "{uid}: {feed:?}"
    );
    let history = m.ok(&["history", &past.request]);
    assert!(history.contains(&past.number), "{history}");
    m.assert_check_clean();
}

#[test]
fn editing_a_request_whose_consultation_took_place_is_refused() {
    let m = Past::new();
    let (before, past, report) = (m.history(), m.past(), m.report());
    let request = m.store().request(&past.request).unwrap().unwrap();
    let t = m.refused(&[
        "request",
        "edit",
        &past.request,
        "--summary",
        "rewritten afterwards",
    ]);
    assert!(t.contains(&past.number), "{t}");
    assert_eq!(m.store().request(&past.request).unwrap().unwrap(), request);
    m.assert_history_kept(&before, &past, &report);
}

#[test]
fn moving_a_booking_that_took_place_is_refused() {
    let m = Past::new();
    let (before, past, report) = (m.history(), m.past(), m.report());
    let t = m.refused(&["booking", "move", &past.number, "--to", "bar-2026-12-19/4"]);
    assert!(t.contains(&past.number), "{t}");
    assert!(t.contains("history"), "{t}");
    m.assert_history_kept(&before, &past, &report);
}

#[test]
fn pinning_a_booking_that_took_place_is_refused() {
    let m = Past::new();
    let (before, past, report) = (m.history(), m.past(), m.report());
    let t = m.refused(&["booking", "pin", &past.number]);
    assert!(t.contains(&past.number), "{t}");
    assert!(!m.store().pins().unwrap().contains(&past.number));
    m.assert_history_kept(&before, &past, &report);
    // A booking not yet started can still be pinned.
    m.ok(&["booking", "pin", &m.future().number]);
}

#[test]
fn cancelling_a_session_day_that_took_place_is_refused() {
    let m = Past::new();
    let (before, past, report) = (m.history(), m.past(), m.report());
    let t = m.refused(&[
        "agency",
        "cancel-session",
        "immigration",
        "--date",
        "2026-12-12",
    ]);
    assert!(t.contains("immigration-2026-12-12"), "{t}");
    assert!(t.contains("booking move"), "says what to do instead: {t}");
    m.assert_history_kept(&before, &past, &report);
}

#[test]
fn cancelling_a_session_day_under_way_is_refused_and_keeps_its_bookings() {
    let m = Past::new();
    let all = m.bookings();
    // 12-12 14:00: the morning session is over, the afternoon one under way.
    let o = m.run_at(
        "2026-12-12T14:00:00+09:00",
        &[
            "agency",
            "cancel-session",
            "immigration",
            "--date",
            "2026-12-12",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", common::text(&o));
    assert_eq!(m.bookings(), all);
}

#[test]
fn a_day_off_in_the_past_keeps_the_bookings_that_took_place() {
    let m = Past::new();
    let (before, past, report) = (m.history(), m.past(), m.report());
    let interpreter = past.interpreter.clone().unwrap();
    m.ok(&[
        "interpreter",
        "unavailable",
        &interpreter,
        "--from",
        "2026-12-12",
        "--to",
        "2026-12-12",
    ]);
    m.assert_history_kept(&before, &past, &report);
    m.ok(&[
        "interpreter",
        "set",
        &interpreter,
        "--dates-off",
        "2026-12-05;2026-12-12",
    ]);
    m.assert_history_kept(&before, &past, &report);
    m.ok(&["allocate", "--month", "2026-12"]);
    m.assert_history_kept(&before, &past, &report);
}

#[test]
fn replanning_the_month_leaves_what_took_place() {
    let m = Past::new();
    let (before, past, report) = (m.history(), m.past(), m.report());
    m.ok(&["allocate", "--month", "2026-12", "--replan"]);
    assert_eq!(m.history(), before);
    m.assert_in_records(&past);
    m.assert_check_clean();
    // What replanning may change is the future's; the past's counts stay in the report.
    let now = m.report();
    let past_counts = |r: &serde_json::Value| {
        r["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["agency"] == "immigration")
            .cloned()
    };
    assert_eq!(past_counts(&now), past_counts(&report));
}

#[test]
fn a_reimport_that_drops_a_past_session_keeps_its_bookings() {
    let m = Past::new();
    let (before, past) = (m.history(), m.past());
    let languages = m.report()["languages"].clone();
    // The immigration bureau moves to the 4th Saturday, the bar association too: from the
    // folder's view the 12-12 sessions and the 12-19 one are gone.
    let path = PathBuf::from(&m.folder).join("agencies.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let (immigration, bar) = ("week = 2\nweekday = \"sat\"", "week = 3\nweekday = \"sat\"");
    assert_eq!(text.matches(immigration).count(), 2, "{text}");
    assert_eq!(text.matches(bar).count(), 1, "{text}");
    let fourth = "week = 4\nweekday = \"sat\"";
    let text = text.replace(immigration, fourth).replace(bar, fourth);
    std::fs::write(&path, text).unwrap();
    let args = ["import", m.folder.as_str(), "--month", "2026-12"];
    // Only the bar association's bookings (not yet started) are stranded.
    let t = m.refused(&args);
    let bar = m
        .bookings()
        .into_values()
        .find(|b| b.status == BookingStatus::Confirmed && b.agency == "bar")
        .expect("the sample has bookings at the bar association on 12-19");
    assert!(t.contains(&bar.number), "{t}");
    assert!(!t.contains(&past.number), "{t}");
    m.ok(&[&args[..], &["--force"]].concat());
    assert_eq!(m.history(), before);
    m.assert_in_records(&past);
    m.python_check("immigration");
    assert_eq!(m.report()["languages"], languages);
    m.assert_check_clean();
    // `check` sends the stranded bookings to `allocate`, not the ones that took place:
    // allocation leaves those alone, and they are sound as they are.
    let check = m.ok(&["check"]);
    assert!(check.contains(&bar.number), "{check}");
    for b in before.values() {
        assert!(!check.contains(&b.number), "{}: {check}", b.number);
    }
}

#[test]
fn a_reimport_with_a_past_day_off_keeps_the_bookings_that_took_place() {
    let m = Past::new();
    let (before, past, report) = (m.history(), m.past(), m.report());
    let interpreter = past.interpreter.clone().unwrap();
    let path = PathBuf::from(&m.folder).join("interpreters.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "dates_off").unwrap();
    let mut edited = 0;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let mut fields: Vec<String> = line.split(',').map(String::from).collect();
            if fields[0] == interpreter {
                assert_eq!(fields.len(), header.len(), "{line}");
                fields[column] = past.start.date().to_string();
                edited += 1;
            }
            fields.join(",")
        })
        .collect();
    assert_eq!(edited, 1, "{interpreter} in {text}");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    // Nothing not yet started is stranded, so no `--force` is needed; the day off is stored.
    m.ok(&["import", &m.folder, "--month", "2026-12"]);
    let stored = m.store().interpreter(&interpreter).unwrap().unwrap();
    assert!(stored.dates_off.contains(&past.start.date()), "{stored:?}");
    m.assert_history_kept(&before, &past, &report);
}
