//! Hand repair, one booking at a time (issue 21, item 3), through the real binary: `booking
//! move` when other bookings are already broken, `booking substitutes`, and `agency
//! move-session` (with `--dry-run`).
//!
//! The Sendai sample month (2026-12) is imported and allocated on 12-02, as in the disruption
//! suite; the disruption (an interpreter ill, a session cancelled) comes the day before the
//! affected day, inside the two-day lead time, where `allocate` would not place new intakes.

use crate::common;
use soudan::model::{Booking, BookingStatus, Troubles};
use soudan::store::{Batch, Store};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;

const EARLY: &str = "2026-12-02T09:00:00+09:00";

struct Month {
    _tmp: tempfile::TempDir,
    db: PathBuf,
}

impl Month {
    fn new() -> Month {
        let tmp = tempfile::tempdir().unwrap();
        let folder = common::copy_folder(&common::sample(), &tmp.path().join("folder"));
        let m = Month {
            db: tmp.path().join("db"),
            _tmp: tmp,
        };
        m.ok(
            EARLY,
            &["import", folder.to_str().unwrap(), "--month", "2026-12"],
        );
        m.ok(EARLY, &["allocate", "--month", "2026-12"]);
        m
    }

    fn run(&self, now: &str, args: &[&str]) -> Output {
        common::soudan(&self.db)
            .args(args)
            .env("SOUDAN_NOW", now)
            .output()
    }

    /// Runs (Japanese, the default), asserts success, returns standard output.
    fn ok(&self, now: &str, args: &[&str]) -> String {
        let o = self.run(now, args);
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

    /// Every table of the store, raw.
    fn raw(&self) -> Vec<(soudan::store::Table, soudan::store::RawRows)> {
        Store::open(&self.db, "test").unwrap().export_raw().unwrap()
    }

    fn troubles(&self, now: &str) -> Troubles {
        common::troubles(&self.db, now)
    }
}

fn day_before(d: chrono::NaiveDate, days: i64) -> String {
    format!("{}T09:00:00+09:00", d - chrono::TimeDelta::days(days))
}

fn confirmed(m: &Month) -> Vec<Booking> {
    m.bookings()
        .into_values()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .filter(|b| b.start.date() >= chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap())
        .collect()
}

/// The interpreter with the most bookings from 12-05 on, and the date of their first one.
fn busiest_interpreter(m: &Month) -> (String, chrono::NaiveDate) {
    let mut by: BTreeMap<String, Vec<Booking>> = BTreeMap::new();
    for b in confirmed(m) {
        if let Some(i) = b.interpreter.clone() {
            by.entry(i).or_default().push(b);
        }
    }
    let (id, bs) = by
        .into_iter()
        .max_by_key(|(id, bs)| (bs.len(), std::cmp::Reverse(id.clone())))
        .expect("the sample has interpreted bookings");
    let first = bs.iter().map(|b| b.start.date()).min().unwrap();
    (id, first)
}

/// A second interpreter like `like` (same languages, modes, hours), no daily maximum.
fn add_substitute(m: &Month, like: &str, id: &str) {
    let store = Store::open(&m.db, "test").unwrap();
    let mut sub = store
        .interpreters()
        .unwrap()
        .into_iter()
        .find(|i| i.id == like)
        .unwrap();
    sub.id = id.into();
    sub.name = "Substitute Sato".into();
    sub.max_per_day = None;
    let mut batch = Batch::new();
    batch.put_interpreter(&sub).unwrap();
    store.commit(batch).unwrap();
}

/// An interpreter ill from tomorrow to the end of the month strands all their bookings;
/// moving one of them to a substitute is accepted although the others are still stranded.
/// Before the fix `booking move` checked the whole month like an allocation and refused
/// (`R-…: needs an interpreter and a mode`) because of the other stranded bookings.
#[test]
fn a_move_is_not_refused_because_other_bookings_are_already_broken() {
    let m = Month::new();
    let (ill, day) = busiest_interpreter(&m);
    add_substitute(&m, &ill, "sub-01");
    let now = day_before(day, 1);
    m.ok(
        &now,
        &[
            "interpreter",
            "unavailable",
            &ill,
            // From the day before in their own zone (a remote interpreter's date may be
            // behind the center's).
            "--from",
            &(day - chrono::TimeDelta::days(1)).to_string(),
            "--to",
            "2026-12-31",
        ],
    );
    let mut stranded: Vec<String> = m
        .troubles(&now)
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert!(
        stranded.len() >= 2,
        "the illness strands several bookings: {stranded:?}"
    );
    let before = m.bookings();
    stranded.sort_by_key(|n| (before[n].start, n.clone()));
    let first = before[&stranded[0]].clone();
    // The coordinator repairs the day before the first stranded booking (inside the lead
    // time, where `allocate` places no new intake).
    let now = day_before(first.start.date(), 1);

    // The move of the first, to the substitute, in its own slot (no --to).
    let said = m.ok(
        &now,
        &["booking", "move", &first.number, "--interpreter", "sub-01"],
    );
    assert!(said.contains(&first.number), "{said}");
    let after = m.bookings();
    let moved = &after[&first.number];
    assert_eq!(moved.interpreter.as_deref(), Some("sub-01"));
    assert_eq!((moved.start, moved.booth), (first.start, first.booth));
    assert!(moved.mode.is_some());
    // The booth as staff know it, the interpreter by name after it: before, the line read
    // `ブース1（sub-01）`, the interpreter's id looking like the booth's.
    assert!(
        said.contains(&format!("ブース{}、通訳 Substitute Sato", moved.booth)),
        "{said}"
    );
    assert!(
        !said.contains(&format!("ブース{}（", moved.booth)),
        "{said}"
    );
    // The others are untouched and still need rearranging; the moved one no longer does.
    let troubles = m.troubles(&now);
    assert!(!troubles.contains(&first.number));
    for n in &stranded[1..] {
        assert_eq!(after[n], before[n], "{n} was not part of the move");
        assert!(troubles.contains(n), "{n} is still stranded");
    }

    // A move that makes something worse is still refused, and changes nothing: the ill
    // interpreter back onto a stranded booking.
    let other = &stranded[1];
    let raw = m.raw();
    let o = m.run(&now, &["booking", "move", other, "--interpreter", &ill]);
    common::assert_refused(&o, other);
    assert_eq!(m.raw(), raw, "a refused move changes nothing");
    // And into a slot that is already full: every booth of the moved booking's slot taken.
    let full = after
        .values()
        .filter(|b| b.status == BookingStatus::Confirmed && b.number != *other)
        .find(|b| {
            let n = after
                .values()
                .filter(|o| {
                    o.status == BookingStatus::Confirmed
                        && o.session == b.session
                        && o.slot == b.slot
                })
                .count();
            n >= 2 && b.start.date() > day
        });
    if let Some(f) = full {
        let store = Store::open(&m.db, "test").unwrap();
        let booths = soudan::model::sessions_for_month(
            &store.agency(&f.agency).unwrap().unwrap(),
            soudan::model::Month::of(f.start.date()),
            soudan::model::parse_tz("Asia/Tokyo").unwrap(),
            &store.closed_days().unwrap(),
        )
        .into_iter()
        .find(|s| s.id == f.session)
        .unwrap()
        .booths as usize;
        drop(store);
        let taken = after
            .values()
            .filter(|o| {
                o.status == BookingStatus::Confirmed && o.session == f.session && o.slot == f.slot
            })
            .count();
        if taken >= booths {
            let to = format!("{}/{}", f.session, f.slot + 1);
            let o = m.run(&now, &["booking", "move", other, "--to", &to]);
            assert_eq!(o.status.code(), Some(1), "{}", common::text(&o));
            assert_eq!(m.raw(), raw);
        }
    }
}

/// `booking substitutes` ranks who can take a stranded booking's slot, names first, with the
/// command to use one; the ill interpreter is among those who cannot, with why. Its first
/// suggestion, run as printed, repairs the booking.
#[test]
fn substitutes_are_ranked_with_why_and_the_printed_command_works() {
    let m = Month::new();
    let (ill, day) = busiest_interpreter(&m);
    add_substitute(&m, &ill, "sub-01");
    let now = day_before(day, 1);
    m.ok(
        &now,
        &[
            "interpreter",
            "unavailable",
            &ill,
            "--from",
            &day.to_string(),
            "--to",
            &day.to_string(),
        ],
    );
    let number = m
        .troubles(&now)
        .iter()
        .map(|(n, _)| n.to_string())
        .next()
        .expect("a stranded booking");
    let ja = m.ok(&now, &["booking", "substitutes", &number]);
    assert!(ja.contains("Substitute Sato（sub-01）"), "{ja}");
    assert!(ja.contains("代わりの通訳者"), "{ja}");
    let store = Store::open(&m.db, "test").unwrap();
    let ill_name = store.interpreter(&ill).unwrap().unwrap().name;
    drop(store);
    let line = ja
        .lines()
        .find(|l| l.contains(&format!("（{ill}）")))
        .unwrap_or_else(|| panic!("the ill interpreter is listed: {ja}"));
    assert!(line.contains(&ill_name) && line.contains("休み"), "{line}");
    // Slots are counted from 1 as staff read them.
    let b = m.bookings()[&number].clone();
    assert!(ja.contains(&format!("第{}枠", b.slot + 1)), "{ja}");
    let en = m.ok(&now, &["--lang", "en", "booking", "substitutes", &number]);
    assert!(
        en.contains("day off") && en.contains("Substitute interpreters"),
        "{en}"
    );
    // The first suggestion, run as printed.
    let command = ja
        .lines()
        .find_map(|l| {
            l.split_once("soudan booking move ")
                .map(|(_, c)| c.to_string())
        })
        .unwrap_or_else(|| panic!("a command to use: {ja}"));
    let args: Vec<&str> = ["booking", "move"]
        .into_iter()
        .chain(command.split_whitespace())
        .collect();
    m.ok(&now, &args);
    let after = m.bookings()[&number].clone();
    assert!(after.interpreter.is_some() && after.interpreter.as_deref() != Some(ill.as_str()));
    assert_eq!(after.start, b.start);
    assert!(!m.troubles(&now).contains(&number));
    // Unknown and past bookings are refused.
    common::assert_refused(
        &m.run(&now, &["booking", "substitutes", "B-99999"]),
        "B-99999",
    );
}

/// The earliest session date (12-05 on) and its agency with the most confirmed bookings.
fn busiest_session(m: &Month) -> (String, chrono::NaiveDate, Vec<Booking>) {
    let mut by: BTreeMap<(String, chrono::NaiveDate), Vec<Booking>> = BTreeMap::new();
    for b in confirmed(m) {
        by.entry((b.agency.clone(), b.start.date()))
            .or_default()
            .push(b);
    }
    let ((agency, date), bs) = by
        .into_iter()
        .max_by_key(|((_, d), bs)| (bs.len(), std::cmp::Reverse(*d)))
        .unwrap();
    (agency, date, bs)
}

/// A session cancelled the day before; `--dry-run` prints the plan and changes nothing;
/// then the move itself puts the bookings in the agency's next session, one commit, the
/// residents on the call list with the new date, and their slips (HTML and `.ics`) show it.
#[test]
fn a_cancelled_sessions_bookings_move_to_the_next_session() {
    let m = Month::new();
    let (agency, date, affected) = busiest_session(&m);
    assert!(affected.len() >= 2, "{affected:?}");
    let now = day_before(date, 1);
    m.ok(
        &now,
        &[
            "agency",
            "cancel-session",
            &agency,
            "--date",
            &date.to_string(),
        ],
    );
    assert!(
        affected
            .iter()
            .all(|b| m.troubles(&now).contains(&b.number))
    );

    let raw = m.raw();
    let plan = m.ok(
        &now,
        &[
            "agency",
            "move-session",
            &agency,
            "--date",
            &date.to_string(),
            "--dry-run",
        ],
    );
    assert_eq!(m.raw(), raw, "a dry run changes nothing:\n{plan}");
    assert!(plan.contains("試し"), "{plan}");
    for b in &affected {
        assert!(
            plan.contains(&b.number),
            "{} is in the plan: {plan}",
            b.number
        );
    }

    let done = m.ok(
        &now,
        &[
            "agency",
            "move-session",
            &agency,
            "--date",
            &date.to_string(),
        ],
    );
    let after = m.bookings();
    let moved: Vec<&Booking> = affected
        .iter()
        .map(|b| &after[&b.number])
        .filter(|a| a.start.date() != date)
        .collect();
    assert!(!moved.is_empty(), "some bookings moved: {done}");
    let to = moved[0].start.date();
    assert!(to > date);
    for a in &moved {
        assert_eq!(a.status, BookingStatus::Confirmed);
        assert_eq!(a.start.date(), to, "all to the same next session");
        assert_eq!(a.agency, agency);
    }
    // The plan printed by the dry run is what was done.
    for a in &moved {
        assert!(plan.contains(&a.number) && done.contains(&a.number));
        // The booth, then the interpreter as a phrase of its own (not `ブース1（id）`).
        assert!(!done.contains(&format!("ブース{}（", a.booth)), "{done}");
        if a.interpreter.is_some() {
            assert!(
                done.contains(&format!("ブース{}、通訳 ", a.booth)),
                "{done}"
            );
        }
    }
    // Nothing moved needs rearranging; those that stayed are listed with why.
    let troubles = m.troubles(&now);
    for b in &affected {
        let a = &after[&b.number];
        if a.start.date() == date {
            assert!(done.contains("移せない予約"), "{done}");
            assert!(troubles.contains(&a.number));
        } else {
            assert!(!troubles.contains(&a.number), "{} holds", a.number);
            assert!(a.sequence > b.sequence);
        }
    }
    // No two bookings in one booth of one slot, no interpreter twice at once.
    let live: Vec<&Booking> = after
        .values()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .collect();
    for x in &live {
        for y in &live {
            if x.number < y.number {
                assert!(
                    !(x.session == y.session && x.slot == y.slot && x.booth == y.booth),
                    "{} and {} share a booth",
                    x.number,
                    y.number
                );
                if x.interpreter.is_some() && x.interpreter == y.interpreter {
                    assert!(
                        x.end <= y.start || y.end <= x.start,
                        "{} and {} share an interpreter at once",
                        x.number,
                        y.number
                    );
                }
            }
        }
    }
    m.ok(&now, &["check"]);

    // The call list tells each moved resident the new date.
    let calls = m.ok(&now, &["--lang", "en", "contact", "list"]);
    for a in &moved {
        let mine: Vec<&str> = calls.lines().filter(|l| l.contains(&a.number)).collect();
        assert!(
            !mine.is_empty(),
            "{} is on the call list: {calls}",
            a.number
        );
    }
    // The slip shows the new date, HTML and .ics.
    let a = moved[0];
    let html = m.ok(&now, &["slip", &a.number, "--preview"]);
    assert!(
        html.contains(&format!(
            "{}月{}日",
            chrono::Datelike::month(&to),
            chrono::Datelike::day(&to)
        )),
        "the slip shows {to}: {html}"
    );
    let ics = m.ok(&now, &["slip", &a.number, "--format", "ics", "--preview"]);
    let cal: icalendar::Calendar = ics.parse().unwrap();
    assert_eq!(cal.events().count(), 1);
    let stamp = a.start.format("%Y%m%dT%H%M%S").to_string();
    assert!(ics.contains(&format!(":{stamp}")), "DTSTART {stamp}: {ics}");
    assert!(ics.contains("STATUS:CONFIRMED"), "{ics}");

    // Again: nothing is left to move from a date without bookings, or to the same date.
    let o = m.run(
        &now,
        &[
            "agency",
            "move-session",
            &agency,
            "--date",
            &date.to_string(),
            "--to",
            &date.to_string(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", common::text(&o));
}

/// Refusals say what to do instead and change nothing.
#[test]
fn move_session_refusals_say_what_to_do() {
    let m = Month::new();
    let now = EARLY;
    let raw = m.raw();
    let o = m.run(
        now,
        &["agency", "move-session", "nobody", "--date", "2026-12-10"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", common::text(&o));
    let (agency, date, _) = busiest_session(&m);
    // A date with no bookings of the agency.
    let empty = (1..28)
        .map(|d| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap())
        .find(|d| {
            d > &chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
                && !m
                    .bookings()
                    .values()
                    .any(|b| b.agency == agency && b.start.date() == *d)
        })
        .unwrap();
    let o = m.run(
        now,
        &[
            "agency",
            "move-session",
            &agency,
            "--date",
            &empty.to_string(),
        ],
    );
    common::assert_refused(&o, "soudan agency list");
    // A --to date without a session of the agency.
    let store = Store::open(&m.db, "test").unwrap();
    let sessions = soudan::model::sessions_for_month(
        &store.agency(&agency).unwrap().unwrap(),
        soudan::model::Month::new(2026, 12).unwrap(),
        soudan::model::parse_tz("Asia/Tokyo").unwrap(),
        &store.closed_days().unwrap(),
    );
    drop(store);
    let empty = (3..28)
        .map(|d| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap())
        .find(|d| !sessions.iter().any(|s| s.date() == *d))
        .unwrap();
    let o = m.run(
        now,
        &[
            "agency",
            "move-session",
            &agency,
            "--date",
            &date.to_string(),
            "--to",
            &empty.to_string(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", common::text(&o));
    assert_eq!(m.raw(), raw, "refusals change nothing");
}

/// The guide's finding: `booking move --to SESSION/N` without `--interpreter` keeps the
/// booking's interpreter, and a move into the next month was not checked at all (the request,
/// booked in December, was not part of January's instance), so an interpreter who does not
/// work that day stayed on the booking and the resident would have come for nothing. The
/// move is refused and changes nothing.
#[test]
fn a_move_to_another_month_keeping_an_interpreter_who_is_off_that_day_is_refused() {
    let m = Month::new();
    let store = Store::open(&m.db, "test").unwrap();
    let interpreters = store.interpreters().unwrap();
    let january = soudan::model::Month::new(2027, 1).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    let (from, to) = (
        day.and_hms_opt(13, 0, 0).unwrap(),
        day.and_hms_opt(13, 45, 0).unwrap(),
    );
    drop(store);
    // A December scriveners booking whose interpreter (in the center's zone) does not work on
    // Monday 4 January, the scriveners' first January session.
    let b = confirmed(&m)
        .into_iter()
        .filter(|b| b.agency == "scriveners")
        .find(|b| {
            let Some(i) = interpreters
                .iter()
                .find(|i| Some(&i.id) == b.interpreter.as_ref())
            else {
                return false;
            };
            i.timezone == "Asia/Tokyo"
                && !i
                    .availability(january)
                    .iter()
                    .any(|w| w.start <= from && to <= w.end)
        })
        .expect("the sample has a scriveners booking whose interpreter is off on a Monday");
    let raw = m.raw();
    let o = m.run(
        EARLY,
        &[
            "booking",
            "move",
            &b.number,
            "--to",
            "scriveners-2027-01-04/1",
        ],
    );
    common::assert_refused(&o, &b.number);
    assert_eq!(m.raw(), raw, "a refused move changes nothing");
}

/// Sets request `id`'s deadline and windows straight in the store (the intake as taken).
fn set_times(
    m: &Month,
    id: &str,
    deadline: Option<chrono::NaiveDate>,
    windows: Option<Vec<soudan::model::RequestWindow>>,
) {
    let store = Store::open(&m.db, "test").unwrap();
    let mut r = store.request(id).unwrap().unwrap();
    r.deadline = deadline;
    r.windows = windows;
    let mut batch = Batch::new();
    batch.put_request(&r).unwrap();
    store.commit(batch).unwrap();
}

/// The guide's February: a session's bookings moved to the agency's session of the next
/// month, where one resident's deadline has passed and another can come only on the
/// cancelled day. Before the fix the target month's check did not know the moved requests
/// (booked in another month, they were not in its instance: `unknown request`, a line the
/// hand check does not read), so both were moved without a word; they now stay, each with
/// why, and the others move.
#[test]
fn move_session_to_another_month_keeps_deadlines_and_windows() {
    let m = Month::new();
    let (agency, date, affected) = busiest_session(&m);
    assert!(affected.len() >= 3, "{affected:?}");
    let (late, windowed) = (&affected[0], &affected[1]);
    set_times(&m, &late.request, Some(date), None);
    set_times(
        &m,
        &windowed.request,
        None,
        Some(vec![soudan::model::RequestWindow::Date {
            date,
            times: None,
        }]),
    );
    let now = day_before(date, 1);
    m.ok(
        &now,
        &[
            "agency",
            "cancel-session",
            &agency,
            "--date",
            &date.to_string(),
        ],
    );
    // The agency's first session in January.
    let store = Store::open(&m.db, "test").unwrap();
    let to = soudan::model::sessions_for_month(
        &store.agency(&agency).unwrap().unwrap(),
        soudan::model::Month::new(2027, 1).unwrap(),
        soudan::model::parse_tz("Asia/Tokyo").unwrap(),
        &store.closed_days().unwrap(),
    )
    .into_iter()
    .map(|s| s.date())
    .min()
    .expect("the agency has January sessions");
    drop(store);
    let args = [
        "agency",
        "move-session",
        &agency,
        "--date",
        &date.to_string(),
        "--to",
        &to.to_string(),
    ];
    let done = m.ok(&now, &args);
    let after = m.bookings();
    for b in [late, windowed] {
        assert_eq!(
            after[&b.number].start.date(),
            date,
            "{} stays: {done}",
            b.number
        );
        let line = done
            .lines()
            .find(|l| l.contains(&b.number))
            .unwrap_or_else(|| panic!("{} is reported: {done}", b.number));
        assert!(!line.contains("→"), "{} is not moved: {line}", b.number);
    }
    let line = |n: &str| done.lines().find(|l| l.contains(n)).unwrap().to_string();
    assert!(line(&late.number).contains("期限"), "{done}");
    assert!(line(&windowed.number).contains("来られる"), "{done}");
    // They stay for rearranging (the call list has them), the others moved to January.
    let troubles = m.troubles(&now);
    assert!(troubles.contains(&late.number) && troubles.contains(&windowed.number));
    assert!(
        affected[2..]
            .iter()
            .any(|b| after[&b.number].start.date() == to),
        "the others move: {done}"
    );
}

/// `soudan check` warns about a confirmed booking after its request's deadline or outside the
/// times the resident can come (a deadline corrected after booking, an old move), naming the
/// booking and the deadline; before the fix it said nothing.
#[test]
fn check_warns_about_bookings_outside_windows_or_after_the_deadline() {
    let m = Month::new();
    let bs = confirmed(&m);
    let (late, windowed) = (&bs[0], &bs[1]);
    let day_before_it = late.start.date() - chrono::TimeDelta::days(1);
    set_times(&m, &late.request, Some(day_before_it), None);
    let other_day = windowed.start.date() + chrono::TimeDelta::days(1);
    set_times(
        &m,
        &windowed.request,
        None,
        Some(vec![soudan::model::RequestWindow::Date {
            date: other_day,
            times: None,
        }]),
    );
    let o = m.run(EARLY, &["check"]);
    let out = common::text(&o);
    let line = |n: &str| {
        out.lines()
            .find(|l| l.contains(n))
            .unwrap_or_else(|| panic!("check names {n}: {out}"))
            .to_string()
    };
    assert!(line(&late.number).contains("期限"), "{out}");
    assert!(
        line(&late.number).contains(&format!(
            "{}月{}日",
            chrono::Datelike::month(&day_before_it),
            chrono::Datelike::day(&day_before_it)
        )),
        "{out}"
    );
    assert!(line(&windowed.number).contains("来られる"), "{out}");
    // Warnings, not damage: the exit code is that of a check with warnings only.
    assert_ne!(o.status.code(), Some(2), "{out}");
}
