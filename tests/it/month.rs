//! A coordinator's December (issue 9), played through the real binary with an injected clock
//! that moves forward: nothing is placed in the past or within the lead time, past sessions
//! are history, a re-import after command-line changes reverts none of them (and `--dry-run`
//! shows the diff), a folder change that would strand confirmed bookings is refused unless
//! `--force`, and a booking that must be re-placed keeps its number and UID (higher SEQUENCE),
//! staying in the feeds as "being rescheduled" in the meantime. After every step: the store,
//! the parsed feeds and `soudan check` agree.

use crate::common;

use soudan::model::{Booking, BookingStatus, FeedKind, Request, is_rescheduling};
use soudan::store::Store;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;

/// A data directory, a copy of the Sendai folder, and the clock the next commands see.
struct Month {
    _tmp: tempfile::TempDir,
    db: PathBuf,
    folder: PathBuf,
    now: String,
}

/// One feed event: (status, sequence, local DTSTART text).
type Ev = (String, u32, String);

impl Month {
    fn new(now: &str) -> Month {
        let tmp = tempfile::tempdir().unwrap();
        let folder = crate::common::copy_folder(&common::sample(), &tmp.path().join("folder"));
        Month {
            db: tmp.path().join("db"),
            folder,
            _tmp: tmp,
            now: now.to_string(),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        // A behaviour test whose assertions read the English words (issue 13: Japanese is the
        // default; `cli_ja` tests the Japanese output).
        common::soudan(&self.db)
            .args(args)
            .env("SOUDAN_NOW", &self.now)
            .env("SOUDAN_LANG", "en")
            .output()
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "soudan {args:?}\n{}",
            common::text(&o)
        );
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    }

    /// Runs a command that must be refused; English (`--lang en`), as the checks read it.
    fn refused(&self, args: &[&str]) -> String {
        let o = self.run(&[&["--lang", "en"], args].concat());
        assert_eq!(
            o.status.code(),
            Some(1),
            "soudan {args:?}\n{}",
            common::text(&o)
        );
        common::text(&o)
    }

    fn import(&self, extra: &[&str]) -> String {
        let folder = self.folder.to_str().unwrap();
        let mut args = vec!["import", folder, "--month", "2026-12"];
        args.extend_from_slice(extra);
        self.ok(&args)
    }

    fn edit_agencies(&self, from: &str, to: &str) {
        let path = self.folder.join("agencies.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn store(&self) -> Store {
        Store::open(&self.db, "test").unwrap()
    }

    fn bookings(&self) -> BTreeMap<String, Booking> {
        crate::common::bookings_by_number(&self.db)
    }

    fn feed(&self, kind: &str, id: &str) -> BTreeMap<String, Ev> {
        parse_feed(&self.ok(&["ics", "--feed", kind, id, "--lang", "en"]))
    }

    /// After every step: `check` finds nothing wrong; the coordinator feed holds exactly the
    /// confirmed bookings and those being rescheduled, with the store's SEQUENCE, the latter
    /// (and bookings whose session is gone, and bookings that need an interpreter and have
    /// none: "interpreter being arranged") as TENTATIVE; no command warns about bookings
    /// left out of the feeds.
    fn check_all(&self) {
        let t = self.ok(&["check"]);
        assert!(t.contains(" 0 error(s)"), "{t}");
        let store = self.store();
        let requests: BTreeMap<String, Request> = store
            .requests()
            .unwrap()
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect();
        let agencies = store.agencies().unwrap();
        let center = store.center().unwrap().unwrap();
        let center_languages = center.languages.clone();
        drop(store);
        let mut expected = BTreeMap::new();
        for b in self.bookings().into_values() {
            let rescheduling = is_rescheduling(&b, &requests[&b.request]);
            if b.status != BookingStatus::Confirmed && !rescheduling {
                continue;
            }
            let agency = agencies.iter().find(|a| a.id == b.agency).unwrap();
            let in_session = soudan::model::sessions_for_month(
                agency,
                soudan::model::Month::of(b.start.date()),
                chrono_tz::Asia::Tokyo,
                &center.closed,
            )
            .iter()
            .any(|s| s.id == b.session);
            let language = &requests[&b.request].language;
            let pending = b.interpreter.is_none()
                && !center_languages.contains(language)
                && !agency.languages.contains(language);
            let status = if rescheduling || !in_session || pending {
                "TENTATIVE"
            } else {
                "CONFIRMED"
            };
            expected.insert(
                format!("{}.{}@soudan", b.number, FeedKind::Coordinator.code()),
                (
                    status.to_string(),
                    b.sequence,
                    b.start.format("%Y%m%dT%H%M%S").to_string(),
                ),
            );
        }
        let feed = self.feed("coordinator", "center");
        assert_eq!(feed, expected, "coordinator feed vs store");
        assert!(!t.contains("left out of the feeds"), "{t}");
    }
}

/// Booking events of a feed by UID: (STATUS, SEQUENCE, DTSTART local text).
fn parse_feed(body: &str) -> BTreeMap<String, Ev> {
    use icalendar::{Calendar, CalendarComponent, Component};
    let cal: Calendar = body.parse().expect("feed parses");
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .filter(|e| e.get_uid().is_some_and(|u| u.starts_with("B-")))
        .map(|e| {
            let start = e
                .properties()
                .get("DTSTART")
                .map(|p| p.value().to_string())
                .unwrap_or_default();
            let status = e
                .properties()
                .get("STATUS")
                .map(|p| p.value().to_string())
                .unwrap_or_default();
            (
                e.get_uid().unwrap().to_string(),
                (status, e.get_sequence().unwrap_or(0), start),
            )
        })
        .collect()
}

fn day(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(&format!("{s} 00:00"), "%Y-%m-%d %H:%M").unwrap()
}

fn confirmed(m: &Month) -> Vec<Booking> {
    m.bookings()
        .into_values()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .collect()
}

#[test]
fn a_coordinators_december() {
    // 2026-12-02 09:00 in Sendai.
    let mut m = Month::new("2026-12-02T09:00:00+09:00");
    m.import(&[]);
    m.check_all();
    // Anyone may walk in: Tamil (no interpreter) and a language without a code at hand.
    m.ok(&[
        "request",
        "add",
        "--language",
        "ta",
        "--topic",
        "residence",
        "--nationality",
        "LK",
    ]);
    m.ok(&[
        "request",
        "add",
        "--language",
        "other:Rohingya",
        "--topic",
        "residence",
        "--nationality",
        "MM",
        "--modes",
        "phone",
    ]);
    m.refused(&[
        "request",
        "add",
        "--language",
        "tamil",
        "--topic",
        "residence",
        "--nationality",
        "LK",
    ]);

    // 1. Nothing in the past: November is history, a session yesterday is refused.
    let nov = m.ok(&["allocate", "--month", "2026-11", "--dry-run"]);
    assert!(!nov.contains("placed "), "{nov}");
    let t = m.refused(&[
        "agency",
        "add-session",
        "bar",
        "--date",
        "2026-12-01",
        "--start",
        "09:00",
        "--end",
        "12:00",
    ]);
    assert!(t.contains("in the past"), "{t}");
    // December: only sessions from today + 2 days (center.toml's default lead time).
    m.ok(&["allocate", "--month", "2026-12"]);
    let first = confirmed(&m);
    assert!(first.len() > 40, "{}", first.len());
    assert!(first.iter().all(|b| b.start >= day("2026-12-04")));
    m.check_all();
    let report: serde_json::Value =
        serde_json::from_str(&m.ok(&["report", "--month", "2026-12", "--format", "json"])).unwrap();
    let routes = report["no_interpreter"].as_array().unwrap();
    let route = |l: &str| routes.iter().find(|r| r["language"] == l).cloned();
    let ta = route("ta").expect("ta counted");
    assert_eq!(
        (ta["requests"].as_u64(), ta["translation_device"].as_u64()),
        (Some(1), Some(1))
    );
    let ro = route("other:Rohingya").expect("other:Rohingya counted");
    assert_eq!(ro["three_way_phone"].as_u64(), Some(1));

    // 2. Command-line changes.
    let bar_19: Vec<String> = first
        .iter()
        .filter(|b| b.session == "bar-2026-12-19")
        .map(|b| b.number.clone())
        .collect();
    assert!(!bar_19.is_empty());
    let before = m.bookings();
    let t = m.ok(&["agency", "cancel-session", "bar", "--date", "2026-12-19"]);
    assert!(t.contains("Sendai Bar Association (bar)"), "{t}");
    // The bookings stay (same number), SEQUENCE up, shown as being rescheduled: no gap.
    let bar_feed = m.feed("agency", "bar");
    for n in &bar_19 {
        let (status, seq, _) = &bar_feed[&format!("{n}.agency@soudan")];
        assert_eq!(status, "TENTATIVE", "{n}");
        assert_eq!(*seq, before[n].sequence + 1, "{n}");
    }
    m.check_all();
    // Whom to call: every resident of the cancelled session, by the day before it.
    let calls = m.ok(&["contact", "list", "--month", "2026-12"]);
    for n in &bar_19 {
        let item = calls
            .lines()
            .find(|l| l.contains(&format!(" {n} ")))
            .unwrap_or_else(|| panic!("{n} not in the call list:\n{calls}"));
        assert!(item.contains("by Fri 18 Dec 2026"), "{item}");
    }
    assert!(
        calls.contains("is off (the agency cancelled the session)")
            && calls.contains("Sendai Bar Association"),
        "{calls}"
    );
    let first_item = calls
        .lines()
        .find(|l| l.starts_with("C-"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    m.ok(&["contact", "done", &first_item]);
    let calls = m.ok(&["contact", "list"]);
    assert!(!calls.contains(&first_item), "{calls}");
    assert!(
        m.ok(&["report", "--month", "2026-12"])
            .contains("residents to tell about a change")
    );
    m.ok(&[
        "agency",
        "add-session",
        "immigration",
        "--date",
        "2026-12-26",
        "--start",
        "13:00",
        "--end",
        "16:00",
    ]);
    let zh: Vec<String> = first
        .iter()
        .filter(|b| {
            b.interpreter.as_deref() == Some("staff-zh-01")
                && b.start.date() >= day("2026-12-12").date()
        })
        .map(|b| b.number.clone())
        .collect();
    assert!(!zh.is_empty());
    m.ok(&[
        "interpreter",
        "unavailable",
        "staff-zh-01",
        "--from",
        "2026-12-12",
        "--to",
        "2026-12-31",
    ]);
    m.check_all();

    // 3. A routine re-import with one unrelated change reverts none of them.
    m.edit_agencies(
        "show_personal_details = false",
        "show_personal_details = true",
    );
    let snapshot = m.bookings();
    let dry = m.import(&["--dry-run"]);
    assert!(dry.contains("dry run"), "{dry}");
    assert!(
        dry.contains("agency Sendai Bar Association (bar), cancelled dates: keeps Sat 19 Dec 2026 (added on the command line)"),
        "{dry}"
    );
    assert!(
        dry.contains("(immigration), one-off sessions: keeps Sat 26 Dec 2026 13:00-16:00 (added on the command line)"),
        "{dry}"
    );
    assert!(
        dry.contains("interpreter Liu Mei (staff-zh-01), days off: keeps 12–31 Dec 2026 (added on the command line)"),
        "{dry}"
    );
    assert!(
        dry.contains("(immigration), personal details in the feed: no → yes (folder)"),
        "{dry}"
    );
    let store = m.store();
    assert!(
        !store
            .subscription(FeedKind::Agency, "immigration")
            .unwrap()
            .unwrap()
            .personal_details,
        "a dry run writes nothing"
    );
    drop(store);
    m.import(&[]);
    let store = m.store();
    let bar = store.agency("bar").unwrap().unwrap();
    assert!(bar.cancelled.contains(&day("2026-12-19").date()));
    let imm = store.agency("immigration").unwrap().unwrap();
    assert!(
        imm.extras
            .iter()
            .any(|e| e.date == day("2026-12-26").date())
    );
    let staff = store.interpreter("staff-zh-01").unwrap().unwrap();
    assert!(staff.dates_off.contains(&day("2026-12-12").date()));
    assert!(
        store
            .subscription(FeedKind::Agency, "immigration")
            .unwrap()
            .unwrap()
            .personal_details
    );
    drop(store);
    assert_eq!(m.bookings(), snapshot, "a re-import touches no booking");
    m.check_all();

    // 4. A folder change that strands confirmed bookings is refused, then forced.
    let tax: Vec<String> = confirmed(&m)
        .into_iter()
        .filter(|b| b.session == "tax-2026-12-24")
        .map(|b| b.number)
        .collect();
    assert!(!tax.is_empty());
    m.edit_agencies(
        "topics = [\"tax\", \"business\", \"pension\"]\nlanguages = [\"ja\"]\n",
        "topics = [\"tax\", \"business\", \"pension\"]\nlanguages = [\"ja\"]\ncancelled = [\"2026-12-24\"]\n",
    );
    let folder = m.folder.to_str().unwrap().to_string();
    let t = m.refused(&["import", &folder, "--month", "2026-12"]);
    assert!(t.contains("nothing was imported"), "{t}");
    assert!(tax.iter().all(|n| t.contains(n.as_str())), "{t}");
    // Each stranded booking with its request, session and time as staff write it.
    // (by the agency's name, never the session id; every line indented alike)
    assert!(
        t.contains("\n  booking ") && !t.contains("\nbooking "),
        "{t}"
    );
    assert!(
        t.contains("Tohoku Certified Public Tax Accountants' Association Thu 24 Dec 2026 1"),
        "{t}"
    );
    assert!(!t.contains("tax-2026-12-24"), "{t}");
    assert_eq!(m.bookings(), snapshot, "a refused import writes nothing");
    let forced = m.import(&["--force"]);
    assert!(tax.iter().all(|n| forced.contains(n.as_str())), "{forced}");
    m.check_all();

    // 5. A week later: allocation re-places what must move, keeping numbers; the past and
    // the lead time are left alone.
    m.now = "2026-12-09T09:00:00+09:00".into();
    let t = m.refused(&[
        "agency",
        "cancel-session",
        "scriveners",
        "--date",
        "2026-12-05",
    ]);
    assert!(t.contains("history"), "{t}");
    let before = m.bookings();
    m.ok(&["allocate", "--month", "2026-12"]);
    let after = m.bookings();
    for (n, b) in &before {
        // History (started before now) and the lead time (before 12-11) do not change.
        if b.start < day("2026-12-11") {
            assert_eq!(&after[n], b, "{n} is closed and must not change");
        }
    }
    for b in after.values() {
        if !before.contains_key(&b.number) {
            assert!(
                b.start >= day("2026-12-11"),
                "{} placed at {}",
                b.number,
                b.start
            );
        }
    }
    // Minimal disruption: the confirmed bookings that lost staff-zh-01 keep their slot with
    // another interpreter (same number, same time).
    for n in &zh {
        let (old, new) = (&snapshot[n], &after[n]);
        if new.status == BookingStatus::Confirmed {
            assert_eq!((new.start, &new.session), (old.start, &old.session), "{n}");
            assert_ne!(new.interpreter.as_deref(), Some("staff-zh-01"));
            assert!(new.sequence > old.sequence);
        }
    }
    // Bar and tax have no other December session: their bookings are released, and stay in
    // the feeds as being rescheduled (check_all checks the TENTATIVE events).
    let released: Vec<&String> = bar_19
        .iter()
        .chain(&tax)
        .filter(|n| after[*n].status == BookingStatus::Cancelled)
        .collect();
    assert!(!released.is_empty());
    m.check_all();
    // A new bar session: the released bookings come back with their numbers.
    m.ok(&[
        "agency",
        "add-session",
        "bar",
        "--date",
        "2026-12-26",
        "--start",
        "13:00",
        "--end",
        "16:00",
        "--booths",
        "3",
    ]);
    let before = after;
    m.ok(&["allocate", "--month", "2026-12"]);
    let after = m.bookings();
    // No released request got a second booking number.
    for n in &released {
        let request = &before[*n].request;
        let numbers: Vec<&String> = after
            .values()
            .filter(|b| &b.request == request)
            .map(|b| &b.number)
            .collect();
        assert_eq!(numbers, [*n], "{request}");
    }
    // Identity: a re-placed booking has the same number, UID and a higher SEQUENCE.
    let coord = m.feed("coordinator", "center");
    let mut replaced = 0;
    for n in bar_19.iter().chain(&tax) {
        let b = &after[n];
        if b.status == BookingStatus::Confirmed && b.session != before[n].session {
            replaced += 1;
            let (status, seq, _) = &coord[&format!("{n}.coordinator@soudan")];
            assert_eq!(status, "CONFIRMED");
            assert!(*seq > before[n].sequence);
        }
    }
    assert!(replaced > 0, "some released booking was re-placed");
    let calls = m.ok(&["contact", "list"]);
    for n in bar_19.iter().chain(&tax) {
        if after[n].status == BookingStatus::Confirmed && after[n].session != before[n].session {
            assert!(
                calls.contains(&format!("{n}: new appointment"))
                    || calls.contains(&format!("{n}: moved")),
                "{n}\n{calls}"
            );
        }
    }
    let t = m.ok(&["check"]);
    // The only warnings are overdue waiting requests (their deadline passed): nothing to send
    // to `allocate`.
    let warnings: Vec<&str> = t.lines().filter(|l| l.starts_with("warning")).collect();
    assert!(
        warnings
            .iter()
            .all(|l| l.contains("still waiting after its deadline")),
        "{t}"
    );
    assert!(t.contains(&format!("{} warning(s)", warnings.len())), "{t}");
    m.check_all();
    // Re-allocating changes nothing.
    let again = m.ok(&["allocate", "--month", "2026-12"]);
    assert!(
        again.contains("0 new, 0 moved, 0 new interpreter, 0 released"),
        "{again}"
    );
    assert_eq!(m.bookings(), after);
    // 6. Hand corrections, through the allocator's rules.
    // An intake edit: the booking stays, SEQUENCE up so feeds carry the new intake; the
    // folder's unchanged row is still "already present" at the next import.
    let edited = confirmed(&m)
        .into_iter()
        .find(|b| b.start >= day("2026-12-11"))
        .unwrap();
    m.ok(&[
        "request",
        "edit",
        &edited.request,
        "--summary",
        "updated at the counter",
    ]);
    let b = m.bookings()[&edited.number].clone();
    assert_eq!(
        (b.status, b.sequence),
        (BookingStatus::Confirmed, edited.sequence + 1)
    );
    assert_eq!(
        m.store()
            .request(&edited.request)
            .unwrap()
            .unwrap()
            .intake
            .summary,
        "updated at the counter"
    );
    assert!(
        m.ok(&["history", &edited.request])
            .contains("edited by hand: summary")
    );
    let t = m.import(&["--force"]);
    assert!(t.contains("0 new requests"), "{t}");
    assert_eq!(
        m.store()
            .request(&edited.request)
            .unwrap()
            .unwrap()
            .intake
            .summary,
        "updated at the counter",
        "a re-import keeps the edit"
    );
    m.check_all();
    let t = m.refused(&["booking", "move", &zh[0], "--to", "scriveners-2026-12-05/1"]);
    assert!(t.contains("has started"), "{t}");
    let free_slot = |m: &Month| {
        let used = |k: u32| {
            m.bookings()
                .values()
                .filter(|b| {
                    b.status == BookingStatus::Confirmed
                        && b.session == "immigration-2026-12-26"
                        && b.slot == k
                })
                .count()
        };
        (0..6)
            .find(|k| used(*k) < 2)
            .expect("a free booth on 12-26")
    };
    let slot = free_slot(&m);
    let candidates: Vec<Booking> = confirmed(&m)
        .into_iter()
        .filter(|b| {
            b.agency == "immigration"
                && b.interpreter.is_none()
                && b.session != "immigration-2026-12-26"
                && b.start >= day("2026-12-11")
        })
        .collect();
    let to = format!("immigration-2026-12-26/{}", slot + 1);
    let moved = candidates
        .iter()
        .find(|b| {
            m.run(&["booking", "move", &b.number, "--to", &to])
                .status
                .success()
        })
        .expect("some booking can move to 12-26")
        .clone();
    let now_moved = m.bookings()[&moved.number].clone();
    assert_eq!(now_moved.session, "immigration-2026-12-26");
    assert_eq!(now_moved.sequence, moved.sequence + 1);
    let coord = m.feed("coordinator", "center");
    let (_, seq, start) = &coord[&format!("{}.coordinator@soudan", moved.number)];
    assert_eq!(*seq, now_moved.sequence);
    assert!(start.starts_with("20261226T"), "{start}");
    let h = m.ok(&["history", &moved.request]);
    assert!(
        h.contains("moved by hand") && h.contains("and pinned"),
        "{h}"
    );
    m.check_all();
    // Pinned: a replan keeps it.
    m.ok(&["allocate", "--month", "2026-12", "--replan"]);
    assert_eq!(
        m.bookings()[&moved.number].session,
        "immigration-2026-12-26"
    );
    m.ok(&["booking", "unpin", &moved.number]);
    assert!(m.ok(&["history", &moved.request]).contains("unpinned"));
    m.refused(&["booking", "unpin", &moved.number]);
    // A cancellation with a reason and a referral.
    m.ok(&[
        "request",
        "cancel",
        &moved.request,
        "--reason",
        "resolved by phone",
        "--referred-to",
        "Houterasu Miyagi",
    ]);
    let h = m.ok(&["history", &moved.request]);
    assert!(
        h.contains("reason: resolved by phone") && h.contains("referred to Houterasu Miyagi"),
        "{h}"
    );
    assert_eq!(m.bookings()[&moved.number].status, BookingStatus::Cancelled);
    assert!(
        !m.feed("coordinator", "center")
            .contains_key(&format!("{}.coordinator@soudan", moved.number))
    );
    m.check_all();

    // History tells the story of a re-placed booking.
    if let Some(n) = bar_19
        .iter()
        .find(|n| after[*n].status == BookingStatus::Confirmed)
    {
        let h = m.ok(&["history", &after[n].request]);
        assert!(
            h.contains("the agency cancelled the session") && h.contains("booked again"),
            "{h}"
        );
    }
}

/// The case: a confirmed resident loses their interpreter while another interpreter
/// of the language could take their slot by phone, and a new request wants that very slot.
/// Appointments come first: the resident keeps date and time (phone interpreting), the new
/// request waits; it does not get the slot by moving the resident to another date.
#[test]
fn a_confirmed_resident_keeps_the_appointment_not_the_interpreter() {
    let mut m = Month::new("2026-12-02T09:00:00+09:00");
    let w = |name: &str, text: &str| std::fs::write(m.folder.join(name), text).unwrap();
    w(
        "center.toml",
        "[center]\nname_ja = \"テスト\"\nname_en = \"Test\"\naddress = \"仙台\"\ntimezone = \"Asia/Tokyo\"\nlanguages = [\"ja\"]\n\n[[topic]]\nid = \"residence\"\nname_ja = \"在留資格\"\nname_en = \"Residence\"\n",
    );
    let session = |week: u8| {
        format!(
            "[[agency.session]]\nweek = {week}\nweekday = \"sat\"\nstart = \"13:00\"\nend = \"13:45\"\nslot_minutes = 45\nbooths = 2\nmodes = [\"in_person\", \"phone\"]\n\n"
        )
    };
    w(
        "agencies.toml",
        &format!(
            "[[agency]]\nid = \"immigration\"\nname_ja = \"入管\"\nname_en = \"Immigration\"\ntopics = [\"residence\"]\nlanguages = [\"ja\"]\n\n{}{}",
            session(2),
            session(4)
        ),
    );
    w(
        "interpreters.csv",
        "id,name,languages,modes,timezone,weekly,dates_off,extra_windows,max_per_day,cost_in_person,cost_video,cost_phone\n\
         staff-zh-01,Staff,zh,in_person;phone,Asia/Tokyo,sat 09:00-17:00,,,4,1,,1\n\
         phone-zh-02,Phone,zh,phone,Asia/Tokyo,sat 09:00-17:00,,,4,,,5\n",
    );
    w(
        "requests.csv",
        "id,received,name,contact,language,nationality,residence_status,topic,agency,modes,windows,deadline,priority,summary,tried\n\
         R-0001,2026-11-02T10:00,Li,090,zh,CN,留学,residence,,in_person;phone,,,normal,x,\n",
    );
    m.import(&[]);
    m.ok(&["allocate", "--month", "2026-12"]);
    let first = m.bookings().into_values().next().unwrap();
    assert_eq!(first.interpreter.as_deref(), Some("staff-zh-01"));
    let date = first.start.date().to_string();
    m.ok(&["interpreter", "unavailable", "staff-zh-01", "--from", &date]);
    m.ok(&[
        "request",
        "add",
        "--language",
        "zh",
        "--topic",
        "residence",
        "--nationality",
        "CN",
        "--modes",
        "phone",
        "--windows",
        &date,
    ]);
    m.ok(&["allocate", "--month", "2026-12"]);
    let after = m.bookings();
    let b = &after[&first.number];
    assert_eq!(b.status, BookingStatus::Confirmed);
    assert_eq!(
        (b.start, &b.session),
        (first.start, &first.session),
        "same appointment"
    );
    assert_eq!(b.interpreter.as_deref(), Some("phone-zh-02"));
    assert!(b.sequence > first.sequence);
    assert_eq!(after.len(), 1, "the new request waits: {after:?}");
    m.check_all();

    // The day before, within the lead time: losing the phone interpreter too leaves nobody
    // who speaks Chinese that day. A hand move to that slot is refused (checked like an
    // allocation); `allocate` repairs what it can inside the lead time, and here it can only
    // move it to another session or put it back to waiting, never leave it "confirmed".
    m.now = format!("{}T09:00:00+09:00", first.start.date().pred_opt().unwrap());
    let t = m.ok(&["interpreter", "unavailable", "phone-zh-02", "--from", &date]);
    assert!(
        t.contains("within the lead time") && t.contains(&first.number),
        "{t}"
    );
    let to = format!("{}/1", first.session);
    let t = m.refused(&[
        "booking",
        "move",
        &first.number,
        "--to",
        &to,
        "--interpreter",
        "staff-zh-01",
    ]);
    // The interpreter by name.
    let name = m.store().interpreter("staff-zh-01").unwrap().unwrap().name;
    assert!(t.contains(&format!("interpreter {name} ")), "{t}");
    let repaired = m.ok(&["allocate", "--month", "2026-12"]);
    // Released from the slot nobody can interpret, then placed by the same run in the
    // agency's next session (the 26th), same number, with the interpreter who is back.
    assert!(repaired.contains("1 moved"), "{repaired}");
    let b = &m.bookings()[&first.number];
    assert_eq!(b.status, BookingStatus::Confirmed, "{repaired}");
    assert!(b.start.date() > first.start.date(), "{repaired}");
    assert_eq!(b.interpreter.as_deref(), Some("staff-zh-01"));
    let calls = m.ok(&["contact", "list"]);
    assert!(calls.contains(&first.number), "{calls}");
    m.check_all();
}

/// Issue 21's case: a replan would move a confirmed resident (R-0001, 12/12) to 12/26 to seat
/// an urgent walk-in whose deadline only 12/12 meets. Without `--yes` the move is listed and
/// held back: the resident keeps the appointment, nothing about them reaches the call list,
/// and the walk-in waits. With `--yes` both happen and the resident is on the call list with
/// the new date. Before the hold-back the replan moved R-0001 without asking.
#[test]
fn a_replan_moves_a_confirmed_appointment_only_when_told_yes() {
    let m = Month::new("2026-12-02T09:00:00+09:00");
    let w = |name: &str, text: &str| std::fs::write(m.folder.join(name), text).unwrap();
    w(
        "center.toml",
        "[center]\nname_ja = \"テスト\"\nname_en = \"Test\"\naddress = \"仙台\"\ntimezone = \"Asia/Tokyo\"\nlanguages = [\"ja\"]\n\n[[topic]]\nid = \"residence\"\nname_ja = \"在留資格\"\nname_en = \"Residence\"\n",
    );
    let session = |week: u8| {
        format!(
            "[[agency.session]]\nweek = {week}\nweekday = \"sat\"\nstart = \"13:00\"\nend = \"13:45\"\nslot_minutes = 45\nbooths = 1\nmodes = [\"in_person\"]\n\n"
        )
    };
    w(
        "agencies.toml",
        &format!(
            "[[agency]]\nid = \"immigration\"\nname_ja = \"入管\"\nname_en = \"Immigration\"\ntopics = [\"residence\"]\nlanguages = [\"ja\"]\n\n{}{}",
            session(2),
            session(4)
        ),
    );
    w(
        "interpreters.csv",
        "id,name,languages,modes,timezone,weekly,dates_off,extra_windows,max_per_day,cost_in_person,cost_video,cost_phone\n",
    );
    w(
        "requests.csv",
        "id,received,name,contact,language,nationality,residence_status,topic,agency,modes,windows,deadline,priority,summary,tried\n\
         R-0001,2026-11-02T10:00,Ito,090,ja,JP,永住者,residence,,in_person,2026-12-12,,normal,x,\n",
    );
    m.import(&[]);
    m.ok(&["allocate", "--month", "2026-12"]);
    let first = m.bookings().into_values().next().unwrap();
    assert_eq!(first.session, "immigration-2026-12-12");
    m.ok(&["contact", "done", "C-00001"]);
    // The resident's windows widen (they can come any Saturday now), and an urgent walk-in
    // can only come on the 12th.
    m.ok(&[
        "request",
        "edit",
        &first.request,
        "--windows",
        "sat 09:00-17:00",
    ]);
    m.ok(&[
        "request",
        "add",
        "--language",
        "ja",
        "--topic",
        "residence",
        "--nationality",
        "JP",
        "--modes",
        "in_person",
        "--windows",
        "2026-12-12",
        "--priority",
        "urgent",
        "--deadline",
        "2026-12-13",
    ]);
    let before = m.bookings();
    let said = m.ok(&["allocate", "--month", "2026-12", "--replan"]);
    assert!(
        said.contains("Held back 1 changes") && said.contains(&first.number),
        "{said}"
    );
    assert!(said.contains("--replan --yes"), "{said}");
    let after = m.bookings();
    assert_eq!(after[&first.number], before[&first.number], "{said}");
    assert_eq!(after.len(), 1, "the walk-in waits: {said}");
    let calls = m.ok(&["contact", "list"]);
    assert!(!calls.contains(&first.number), "{calls}");
    m.check_all();

    let said = m.ok(&["allocate", "--month", "2026-12", "--replan", "--yes"]);
    assert!(!said.contains("Held back"), "{said}");
    let after = m.bookings();
    assert_eq!(
        after[&first.number].session, "immigration-2026-12-26",
        "{said}"
    );
    assert_eq!(after.len(), 2, "the walk-in is placed on the 12th: {said}");
    let calls = m.ok(&["contact", "list"]);
    assert!(
        calls
            .lines()
            .any(|l| l.contains(&format!("{}:", first.number)) && l.contains("26")),
        "{calls}"
    );
    m.check_all();
}

/// The sample's January: an urgent walk-in on 1/12 whom a replan would seat by releasing a
/// confirmed resident of 1/17. Held back, pinning that resident made the next solve release
/// another one (R-0072 after R-0071) without asking. Without `--yes`, no booking that still
/// holds is released or moved, however many solves that takes.
#[test]
fn a_replan_without_yes_releases_nobody_not_even_the_next_resident() {
    let m = Month::new("2026-12-20T09:00:00+09:00");
    let folder = m.folder.to_str().unwrap().to_string();
    m.ok(&["import", &folder, "--month", "2027-01"]);
    m.ok(&["allocate", "--month", "2027-01"]);
    let before = m.bookings();
    let mut m = m;
    m.now = "2027-01-12T09:00:00+09:00".into();
    m.ok(&[
        "request",
        "add",
        "--language",
        "vi",
        "--topic",
        "labour",
        "--nationality",
        "VN",
        "--modes",
        "in_person",
        "--windows",
        "sun 13:00-16:00",
        "--priority",
        "urgent",
        "--deadline",
        "2027-01-20",
    ]);
    let said = m.ok(&["allocate", "--month", "2027-01", "--replan"]);
    let after = m.bookings();
    for (n, b) in &before {
        let a = &after[n];
        assert_eq!(
            (a.status, &a.session, a.start),
            (b.status, &b.session, b.start),
            "{n} changed without --yes: {said}"
        );
    }
    m.check_all();
}
