//! A coordinator's month driven through the real binary against a real database.

use crate::common;

use soudan::model::{BookingStatus, RequestStatus};
use soudan::store::Store;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Output;

struct Db {
    _tmp: tempfile::TempDir,
    path: PathBuf,
}

impl Db {
    fn sample() -> Db {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("soudan.db");
        let db = Db { _tmp: tmp, path };
        db.ok(&[
            "import",
            common::sample().to_str().unwrap(),
            "--month",
            "2026-12",
        ]);
        db
    }

    fn run(&self, args: &[&str]) -> Output {
        // A behaviour test whose assertions read the English words (issue 13: Japanese is the
        // default; `cli_ja` tests the Japanese output).
        common::soudan(&self.path)
            .args(args)
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

    fn store(&self) -> Store {
        Store::open(&self.path, "test").unwrap()
    }

    /// After every step: the integrity check passes, the parsed coordinator and agency feeds
    /// hold exactly the confirmed bookings with their SEQUENCE, and the report agrees with
    /// the store.
    fn check_clean(&self) {
        let t = self.ok(&["check"]);
        assert!(t.contains(" 0 error(s)"), "{t}");
        let store = self.store();
        let bookings = store.bookings().unwrap();
        let requests = store.requests().unwrap();
        let waiting = requests
            .iter()
            .filter(|r| r.status == RequestStatus::Waiting)
            .count();
        drop(store);
        // Feeds show confirmed bookings and released ones still being rescheduled.
        let shown = |b: &soudan::model::Booking| {
            b.status == BookingStatus::Confirmed
                || requests
                    .iter()
                    .any(|r| r.id == b.request && soudan::model::is_rescheduling(b, r))
        };
        let in_feeds: HashMap<String, u32> = bookings
            .iter()
            .filter(|b| shown(b))
            .map(|b| (format!("{}.coordinator@soudan", b.number), b.sequence))
            .collect();
        let confirmed: HashMap<String, u32> = bookings
            .iter()
            .filter(|b| b.status == BookingStatus::Confirmed)
            .map(|b| (format!("{}.coordinator@soudan", b.number), b.sequence))
            .collect();
        let feed = self.ok(&["ics", "--feed", "coordinator", "center"]);
        assert_eq!(feed_events(&feed), in_feeds, "coordinator feed vs store");
        let immigration: HashMap<String, u32> = bookings
            .iter()
            .filter(|b| shown(b) && b.agency == "immigration")
            .map(|b| (format!("{}.agency@soudan", b.number), b.sequence))
            .collect();
        let feed = self.ok(&["ics", "--feed", "agency", "immigration"]);
        assert_eq!(feed_events(&feed), immigration, "agency feed vs store");
        let report: serde_json::Value =
            serde_json::from_str(&self.ok(&["report", "--month", "2026-12", "--format", "json"]))
                .unwrap();
        let booked: u64 = report["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["booked"].as_u64().unwrap())
            .sum();
        assert_eq!(booked as usize, confirmed.len(), "report vs store");
        assert_eq!(report["waiting"].as_array().unwrap().len(), waiting);
    }

    /// Confirmed bookings by request.
    fn confirmed(&self) -> HashMap<String, soudan::model::Booking> {
        self.store()
            .bookings()
            .unwrap()
            .into_iter()
            .filter(|b| b.status == BookingStatus::Confirmed)
            .map(|b| (b.request.clone(), b))
            .collect()
    }
}

/// UID → SEQUENCE of the booking events of a feed, parsed with the icalendar crate.
fn feed_events(body: &str) -> HashMap<String, u32> {
    use icalendar::{Calendar, CalendarComponent, Component};
    let cal: Calendar = body.parse().expect("feed parses");
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .filter_map(|e| {
            let uid = e.get_uid()?;
            uid.starts_with("B-")
                .then(|| (uid.to_string(), e.get_sequence().unwrap_or(0)))
        })
        .collect()
}

#[test]
fn a_month_of_changes_moves_only_what_must_move() {
    let db = Db::sample();
    db.ok(&["allocate", "--month", "2026-12"]);
    db.check_clean();
    let first = db.confirmed();
    assert!(first.len() >= 60);

    // New requests arrive: an incremental allocation never moves a confirmed booking.
    db.ok(&[
        "request",
        "add",
        "--language",
        "vi",
        "--topic",
        "labour",
        "--nationality",
        "VN",
        "--residence-status",
        "技能実習",
        "--summary",
        "残業代が支払われない。",
        "--priority",
        "urgent",
    ]);
    let out = db.ok(&["allocate", "--month", "2026-12"]);
    assert!(
        out.contains(" 0 moved, 0 new interpreter, 0 released"),
        "{out}"
    );
    let second = db.confirmed();
    for (r, b) in &first {
        assert_eq!(second.get(r), Some(b), "{r} changed:\n{out}");
    }
    db.check_clean();

    // A resident cancels: the booking is cancelled with a higher sequence, the request too.
    let (victim, booking) = first
        .iter()
        .min_by_key(|(r, _)| r.as_str())
        .map(|(r, b)| (r.clone(), b.clone()))
        .unwrap();
    db.ok(&["request", "cancel", &victim]);
    let store = db.store();
    assert_eq!(
        store.request(&victim).unwrap().unwrap().status,
        RequestStatus::Cancelled
    );
    let cancelled = store
        .bookings()
        .unwrap()
        .into_iter()
        .find(|b| b.number == booking.number)
        .unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(cancelled.sequence, booking.sequence + 1);
    drop(store);
    db.check_clean();

    // An interpreter falls ill on the immigration day: their bookings lose them at once, and
    // the next allocation re-places them, keeping booking numbers.
    let busy = second
        .values()
        .filter(|b| {
            b.interpreter.as_deref() == Some("staff-zh-01")
                && b.start.date().to_string() == "2026-12-12"
        })
        .map(|b| b.number.clone())
        .collect::<Vec<_>>();
    assert!(!busy.is_empty());
    db.ok(&[
        "interpreter",
        "unavailable",
        "staff-zh-01",
        "--from",
        "2026-12-12",
    ]);
    let out = db.ok(&["allocate", "--month", "2026-12"]);
    let after = db.confirmed();
    assert!(
        after
            .values()
            .all(|b| !(b.interpreter.as_deref() == Some("staff-zh-01")
                && b.start.date().to_string() == "2026-12-12")),
        "{out}"
    );
    for b in db.store().bookings().unwrap() {
        if busy.contains(&b.number) {
            assert!(b.sequence >= 1, "{} not re-sequenced", b.number);
            // Other Chinese interpreters are free that day: the resident keeps the slot.
            let was = second.values().find(|x| x.number == b.number).unwrap();
            assert_eq!((&b.session, b.slot), (&was.session, was.slot), "{out}");
            assert!(b.interpreter.is_some(), "{out}");
        }
    }
    db.check_clean();

    // The immigration bureau adds a session: waiting residence requests fill it; nothing
    // confirmed moves.
    for _ in 0..3 {
        db.ok(&[
            "request",
            "add",
            "--language",
            "zh",
            "--topic",
            "residence",
            "--nationality",
            "CN",
            "--residence-status",
            "留学",
            "--summary",
            "就職に伴う在留資格変更。",
            "--windows",
            "2026-12-26",
        ]);
    }
    let before = db.confirmed();
    db.ok(&[
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
    let out = db.ok(&["allocate", "--month", "2026-12"]);
    assert!(
        out.contains(" 0 moved, 0 new interpreter, 0 released"),
        "{out}"
    );
    let after = db.confirmed();
    assert!(after.len() > before.len(), "{out}");
    assert!(
        after
            .values()
            .any(|b| b.session == "immigration-2026-12-26"),
        "{out}"
    );
    for (r, b) in &before {
        assert_eq!(after.get(r), Some(b));
    }
    db.check_clean();

    // History tells the story of the cancelled request.
    let h = db.ok(&["history", &victim]);
    assert!(
        h.contains("received") && h.contains("placed") && h.contains("cancelled"),
        "{h}"
    );
}

#[test]
fn cancelled_session_releases_and_replaces() {
    let db = Db::sample();
    db.ok(&["allocate", "--month", "2026-12"]);
    db.ok(&[
        "agency",
        "cancel-session",
        "scriveners",
        "--date",
        "2026-12-05",
    ]);
    let warn = db.ok(&["check"]);
    assert!(warn.contains("needs rearranging"), "{warn}");
    let out = db.ok(&["allocate", "--month", "2026-12"]);
    assert!(out.contains("released"), "{out}");
    assert!(
        db.confirmed()
            .values()
            .all(|b| b.session != "scriveners-2026-12-05")
    );
    db.check_clean();
    let report = db.ok(&["report", "--month", "2026-12", "--format", "csv"]);
    assert!(
        report.contains("scriveners,Miyagi Gyoseishoshi Lawyers Association,0,0,0,0.0"),
        "{report}"
    );
}

#[test]
fn backup_restores_the_whole_database() {
    let db = Db::sample();
    db.ok(&["allocate", "--month", "2026-12"]);
    let file = db.path.with_extension("bak");
    db.ok(&["backup", file.to_str().unwrap()]);
    let copy = db.path.with_extension("copy");
    let restore = common::run(&copy, &["restore", file.to_str().unwrap()]);
    assert_eq!(restore.status.code(), Some(0));
    let a = db.store().export_raw().unwrap();
    let b = Store::open(&copy, "test").unwrap().export_raw().unwrap();
    assert_eq!(a, b);
    // A damaged backup is refused and changes nothing.
    let mut bytes = std::fs::read(&file).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0xff;
    std::fs::write(&file, &bytes).unwrap();
    let o = db.run(&["restore", "--force", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("damaged or cut short"));
    assert_eq!(db.store().export_raw().unwrap(), a);
}

#[test]
fn check_reports_damage() {
    let db = Db::sample();
    db.ok(&["allocate", "--month", "2026-12"]);
    {
        let store = db.store();
        let mut b = store.bookings().unwrap().into_iter().next().unwrap();
        b.number = "B-99999".into();
        b.booth = 1;
        let mut batch = soudan::store::Batch::new();
        batch.put_booking(&b).unwrap();
        store.commit(batch).unwrap();
    }
    let o = db.run(&["check"]);
    let t = String::from_utf8_lossy(&o.stdout).to_string();
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("above the booking counter"), "{t}");
    assert!(t.contains("has 2 confirmed booking(s)"), "{t}");
}
