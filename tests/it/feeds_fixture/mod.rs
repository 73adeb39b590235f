//! A small but awkward world shared by the feed, publish, python and server tests: a Sendai
//! center, two agencies, interpreters in DST zones (Lisbon, New York, São Paulo) and fixed
//! ones (Tokyo, Kathmandu), tricky text, a cancelled booking, a booking whose session is gone,
//! and one whose interpreter-local time falls in New York's autumn fold.
//!
//! Expected instants are written by hand (Tokyo is UTC+9 all year), not computed with the
//! code under test.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc, Weekday};
use soudan::feeds::FeedInputs;
use soudan::model::*;
use std::collections::BTreeMap;

/// The library's feed inputs, with helpers for tests that edit them.
pub struct World(pub FeedInputs);

impl std::ops::Deref for World {
    type Target = FeedInputs;
    fn deref(&self) -> &FeedInputs {
        &self.0
    }
}

impl std::ops::DerefMut for World {
    fn deref_mut(&mut self) -> &mut FeedInputs {
        &mut self.0
    }
}

impl World {
    pub fn subscription(&self, kind: FeedKind, id: &str) -> &FeedSubscription {
        self.subscriptions
            .iter()
            .find(|s| s.kind == kind && s.id == id)
            .expect("subscription")
    }

    pub fn subscription_mut(&mut self, kind: FeedKind, id: &str) -> &mut FeedSubscription {
        self.subscriptions
            .iter_mut()
            .find(|s| s.kind == kind && s.id == id)
            .expect("subscription")
    }

    /// Moves a booking the way allocation does: new session and slot, the slot's times
    /// (from the model's session derivation), a higher sequence.
    pub fn move_booking(&mut self, number: &str, session: &str, slot: u32) {
        let agency_id = self.booking_mut(number).agency.clone();
        let agency = self.agencies.iter().find(|a| a.id == agency_id).unwrap();
        let date =
            NaiveDate::parse_from_str(&session[agency_id.len() + 1..][..10], "%Y-%m-%d").unwrap();
        let tz = parse_tz(&self.center.timezone).expect("fixture zone");
        let s = sessions_for_month(agency, Month::of(date), tz, &self.center.closed)
            .into_iter()
            .find(|s| s.id == session)
            .expect("session exists");
        let (start, end) = s.slot_times(slot);
        let b = self.booking_mut(number);
        b.session = session.into();
        b.slot = slot;
        b.start = start;
        b.end = end;
        b.sequence += 1;
    }

    pub fn booking_mut(&mut self, number: &str) -> &mut Booking {
        self.bookings
            .iter_mut()
            .find(|b| b.number == number)
            .expect("booking")
    }
}

pub fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A Tokyo wall-clock time as an instant (JST = UTC+9, no DST).
pub fn jst(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
    d(y, m, day).and_time(t(h, min)).and_utc() - TimeDelta::hours(9)
}

pub fn utc(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
    d(y, m, day).and_time(t(h, min)).and_utc()
}

/// The secret of a subscription in this world (fixed so URLs are predictable in tests).
pub fn secret_for(kind: FeedKind, id: &str) -> String {
    let seed = format!("{kind}/{id}");
    let mut out = String::new();
    for (i, b) in seed.bytes().cycle().take(32).enumerate() {
        out.push(char::from(b"0123456789abcdef"[(usize::from(b) + i) % 16]));
    }
    out
}

pub const RESIDENT_NAMES: [&str; 3] = ["NGUYEN Van An", "SILVA Maria", "GARCIA Lopez Juan"];
pub const RESIDENT_CONTACT: &str = "090-1234-5678";

fn interpreter(id: &str, name: &str, lang: &str, tz: &str) -> Interpreter {
    Interpreter {
        id: id.into(),
        name: name.into(),
        languages: vec![lang.into()],
        modes: Mode::ALL.to_vec(),
        timezone: tz.into(),
        // Available around the clock in their own zone: these feeds test rendering, and an
        // interpreter with no window could take nothing (model::Troubles would rightly mark
        // every booking of theirs as needing rearranging).
        weekly: {
            use chrono::Weekday::*;
            [Mon, Tue, Wed, Thu, Fri, Sat, Sun]
        }
        .map(|day| soudan::model::WeeklyWindow {
            day,
            start: t(0, 0),
            end: t(0, 0),
            end_of_day: true,
        })
        .to_vec(),
        dates_off: vec![],
        extra_windows: vec![],
        max_per_day: None,
        cost: Costs::default(),
    }
}

fn request(id: &str, lang: &str, topic: &str, name: &str, summary: &str) -> Request {
    Request {
        id: id.into(),
        received: d(2026, 11, 20).and_time(t(10, 0)),
        language: lang.into(),
        topic: topic.into(),
        agency: None,
        modes: Mode::ALL.to_vec(),
        windows: None,
        deadline: None,
        priority: Priority::Normal,
        intake: Intake {
            nationality: "VN".into(),
            residence_status: "技術・人文知識・国際業務".into(),
            summary: summary.into(),
            tried: "入管に電話; 回答待ち, 書類あり".into(),
        },
        contact: Contact {
            name: name.into(),
            contact: RESIDENT_CONTACT.into(),
        },
        status: RequestStatus::Booked,
    }
}

#[allow(clippy::too_many_arguments)]
fn booking(
    number: &str,
    request: &str,
    agency: &str,
    session: &str,
    slot: u32,
    booth: u32,
    interpreter: Option<&str>,
    mode: Option<Mode>,
) -> Booking {
    Booking {
        number: number.into(),
        request: request.into(),
        session: session.into(),
        agency: agency.into(),
        slot,
        // Filled in from the hand-written table by `world()`.
        start: NaiveDateTime::MIN,
        end: NaiveDateTime::MIN,
        booth,
        interpreter: interpreter.map(Into::into),
        mode,
        sequence: 1,
        status: BookingStatus::Confirmed,
        created: utc(2026, 11, 21, 1, 2),
        updated: utc(2026, 11, 22, 3, 4),
    }
}

pub fn world() -> World {
    let center = Center {
        name_ja: "仙台多文化共生センター".into(),
        name_en: "Sendai Multicultural Center".into(),
        address: "宮城県仙台市青葉区, 1-2-3".into(),
        timezone: "Asia/Tokyo".into(),
        languages: vec!["ja".into()],
        topics: vec![
            Topic {
                id: "residence".into(),
                name_ja: "在留手続".into(),
                name_en: "Residence procedures".into(),
            },
            Topic {
                id: "labour".into(),
                name_ja: "労働".into(),
                name_en: "Labour".into(),
            },
        ],
        closed: soudan::model::ClosedDays::never(),
    };
    let agencies = vec![
        Agency {
            id: "immigration".into(),
            name_ja: "仙台出入国在留管理局".into(),
            name_en: "Sendai Regional Immigration Services Bureau".into(),
            topics: vec!["residence".into()],
            languages: vec!["ja".into(), "en".into()],
            show_personal_details: true,
            patterns: vec![SessionPattern {
                week: 2,
                weekday: Weekday::Sat,
                start: t(13, 0),
                end: t(16, 0),
                slot_minutes: 45,
                booths: 2,
                modes: Mode::ALL.to_vec(),
                on_closed: Default::default(),
            }],
            extras: vec![],
            cancelled: vec![],
        },
        Agency {
            id: "bar".into(),
            name_ja: "仙台弁護士会".into(),
            name_en: "Sendai Bar Association".into(),
            topics: vec!["labour".into()],
            languages: vec!["ja".into()],
            show_personal_details: false,
            patterns: vec![SessionPattern {
                week: -1,
                weekday: Weekday::Sat,
                start: t(10, 0),
                end: t(12, 0),
                slot_minutes: 60,
                booths: 1,
                modes: Mode::ALL.to_vec(),
                on_closed: Default::default(),
            }],
            extras: vec![ExtraSession {
                date: d(2026, 11, 1),
                start: t(15, 0),
                end: t(17, 0),
                slot_minutes: 30,
                booths: 1,
                modes: vec![Mode::Video],
            }],
            cancelled: vec![],
        },
    ];
    let interpreters = vec![
        interpreter("staff-vi", "佐藤 ベトナム語通訳", "vi", "Asia/Tokyo"),
        interpreter(
            "remote-es-nyc",
            "Ana Interpreter NYC",
            "es",
            "America/New_York",
        ),
        interpreter(
            "remote-pt-lis",
            "João Interpreter Lisboa",
            "pt",
            "Europe/Lisbon",
        ),
        interpreter(
            "remote-pt-sao",
            "Paula Interpreter SP",
            "pt",
            "America/Sao_Paulo",
        ),
        interpreter(
            "remote-ne-ktm",
            "Ram Interpreter KTM",
            "ne",
            "Asia/Kathmandu",
        ),
    ];
    let long = "在留期間の更新について、勤務先が変わったため必要書類が分からない。".repeat(4);
    let requests = vec![
        request("R1", "vi", "residence", RESIDENT_NAMES[0], &long),
        request(
            "R2",
            "es",
            "residence",
            RESIDENT_NAMES[2],
            "Visa renewal; employer changed, needs advice\r\nSecond line\u{7} with a bell\rand CR",
        ),
        request(
            "R3",
            "pt",
            "residence",
            RESIDENT_NAMES[1],
            "Permanent residence application",
        ),
        request("R4", "es", "residence", "LOPEZ Ana", "Family visa"),
        request("R5", "pt", "labour", "COSTA Pedro", "Unpaid wages"),
        request("R6", "es", "labour", "PEREZ Luis", "Dismissal"),
        request("R7", "pt", "residence", "SOUZA Bia", "Cancelled one"),
        request("R8", "vi", "residence", "TRAN Thi B", "Session gone"),
        request(
            "R9",
            "en",
            "residence",
            "SMITH John",
            "English speaker, no interpreter",
        ),
        request("R10", "ne", "labour", "GURUNG Hari", "Overtime"),
        request("R11", "pt", "labour", "LIMA Rosa", "Contract"),
    ];
    use Mode::*;
    let mut bookings = vec![
        booking(
            "B-0001",
            "R1",
            "immigration",
            "immigration-2026-12-12",
            0,
            1,
            Some("staff-vi"),
            Some(InPerson),
        ),
        booking(
            "B-0002",
            "R2",
            "immigration",
            "immigration-2027-03-13",
            0,
            1,
            Some("remote-es-nyc"),
            Some(Video),
        ),
        booking(
            "B-0003",
            "R3",
            "immigration",
            "immigration-2027-03-13",
            1,
            2,
            Some("remote-pt-lis"),
            Some(Video),
        ),
        booking(
            "B-0004",
            "R4",
            "immigration",
            "immigration-2027-04-10",
            3,
            1,
            Some("remote-es-nyc"),
            Some(Phone),
        ),
        booking(
            "B-0005",
            "R5",
            "bar",
            "bar-2027-03-27",
            1,
            1,
            Some("remote-pt-lis"),
            Some(Video),
        ),
        booking(
            "B-0006",
            "R6",
            "bar",
            "bar-2026-11-01",
            1,
            1,
            Some("remote-es-nyc"),
            Some(Video),
        ),
        booking(
            "B-0007",
            "R7",
            "immigration",
            "immigration-2026-12-12",
            2,
            1,
            Some("remote-pt-sao"),
            Some(Video),
        ),
        booking(
            "B-0008",
            "R8",
            "immigration",
            "immigration-2026-12-19",
            0,
            1,
            Some("staff-vi"),
            Some(InPerson),
        ),
        booking(
            "B-0009",
            "R9",
            "immigration",
            "immigration-2026-12-12",
            1,
            2,
            None,
            None,
        ),
        booking(
            "B-0010",
            "R10",
            "bar",
            "bar-2026-12-26",
            0,
            1,
            Some("remote-ne-ktm"),
            Some(Video),
        ),
        booking(
            "B-0011",
            "R11",
            "bar",
            "bar-2026-12-26",
            1,
            1,
            Some("remote-pt-sao"),
            Some(Video),
        ),
    ];
    // Stored local times (JST) of each booking, from the hand-written instants.
    let expected = expected_instants();
    for b in &mut bookings {
        let (start, end) = expected
            .get(b.number.as_str())
            .copied()
            // B-0008's session does not exist; its stored times are what it was booked at.
            .unwrap_or((jst(2026, 12, 19, 13, 0), jst(2026, 12, 19, 13, 45)));
        b.start = (start + TimeDelta::hours(9)).naive_utc();
        b.end = (end + TimeDelta::hours(9)).naive_utc();
    }
    bookings[6].status = BookingStatus::Cancelled;
    bookings[6].sequence = 3;
    let mut subscriptions = vec![
        sub(FeedKind::Agency, "immigration", true, false, true),
        sub(FeedKind::Agency, "bar", false, false, false),
        sub(FeedKind::Coordinator, "center", true, true, false),
    ];
    for i in &interpreters {
        subscriptions.push(sub(FeedKind::Interpreter, &i.id, false, false, false));
    }
    World(FeedInputs {
        center,
        agencies,
        interpreters,
        requests,
        bookings,
        subscriptions,
        session_months: vec!["2026-12".parse().unwrap(), "2027-01".parse().unwrap()],
        // Before every booking (the earliest is 1 November 2026): the window keeps them all.
        now: "2026-10-01T00:00:00Z".parse().unwrap(),
        options: soudan::feeds::FeedOptions::default(),
        busy: Vec::new(),
    })
}

fn sub(
    kind: FeedKind,
    id: &str,
    personal_details: bool,
    show_cancelled: bool,
    session_blocks: bool,
) -> FeedSubscription {
    FeedSubscription {
        kind,
        id: id.into(),
        secret: secret_for(kind, id),
        personal_details,
        show_cancelled,
        session_blocks,
    }
}

/// Hand-computed instants of every placeable booking: number -> (start, end).
pub fn expected_instants() -> BTreeMap<&'static str, (DateTime<Utc>, DateTime<Utc>)> {
    BTreeMap::from([
        // Its session does not exist: shown at its booked times, as being rescheduled.
        (
            "B-0008",
            (jst(2026, 12, 19, 13, 0), jst(2026, 12, 19, 13, 45)),
        ),
        (
            "B-0001",
            (jst(2026, 12, 12, 13, 0), jst(2026, 12, 12, 13, 45)),
        ),
        (
            "B-0002",
            (jst(2027, 3, 13, 13, 0), jst(2027, 3, 13, 13, 45)),
        ),
        (
            "B-0003",
            (jst(2027, 3, 13, 13, 45), jst(2027, 3, 13, 14, 30)),
        ),
        (
            "B-0004",
            (jst(2027, 4, 10, 15, 15), jst(2027, 4, 10, 16, 0)),
        ),
        ("B-0005", (jst(2027, 3, 27, 11, 0), jst(2027, 3, 27, 12, 0))),
        (
            "B-0006",
            (jst(2026, 11, 1, 15, 30), jst(2026, 11, 1, 16, 0)),
        ),
        (
            "B-0007",
            (jst(2026, 12, 12, 14, 30), jst(2026, 12, 12, 15, 15)),
        ),
        (
            "B-0009",
            (jst(2026, 12, 12, 13, 45), jst(2026, 12, 12, 14, 30)),
        ),
        (
            "B-0010",
            (jst(2026, 12, 26, 10, 0), jst(2026, 12, 26, 11, 0)),
        ),
        (
            "B-0011",
            (jst(2026, 12, 26, 11, 0), jst(2026, 12, 26, 12, 0)),
        ),
    ])
}

/// Hand-computed session blocks of the immigration agency for the fixture's months
/// (second Saturday, 13:00-16:00 JST): uid -> (start, end).
pub fn expected_immigration_sessions() -> BTreeMap<&'static str, (DateTime<Utc>, DateTime<Utc>)> {
    BTreeMap::from([
        (
            "session.immigration-2026-12-12@soudan",
            (jst(2026, 12, 12, 13, 0), jst(2026, 12, 12, 16, 0)),
        ),
        (
            "session.immigration-2027-01-09@soudan",
            (jst(2027, 1, 9, 13, 0), jst(2027, 1, 9, 16, 0)),
        ),
    ])
}

/// The booking number in a UID written by the feeds (`<number>.<kind>@soudan`).
pub fn number_of_uid(uid: &str) -> Option<&str> {
    uid.split_once('.').map(|(n, _)| n)
}

pub mod check;
