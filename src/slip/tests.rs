use super::*;
use crate::model::{Contact, Intake, Priority, Topic};
use chrono::{NaiveDate, TimeZone};

fn center() -> Center {
    Center {
        name_ja: "仙台多文化共生センター".into(),
        name_en: "Sendai Multicultural Center".into(),
        address: "仙台市青葉区青葉山無番地（仙台国際センター交流棟1階）".into(),
        timezone: "Asia/Tokyo".into(),
        languages: vec!["ja".into()],
        topics: vec![Topic {
            id: "residence".into(),
            name_ja: "在留資格".into(),
            name_en: "Residence status".into(),
        }],
        closed: crate::model::ClosedDays::default(),
    }
}

fn agency() -> Agency {
    Agency {
        id: "immigration".into(),
        name_ja: "仙台出入国在留管理局".into(),
        name_en: "Sendai Regional Immigration Services Bureau".into(),
        topics: vec!["residence".into()],
        languages: vec!["ja".into(), "en".into()],
        show_personal_details: false,
        patterns: vec![],
        extras: vec![],
        cancelled: vec![],
    }
}

fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 12)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

fn request(language: &str, status: RequestStatus) -> Request {
    Request {
        id: "R-0001".into(),
        received: at(9, 0),
        language: language.into(),
        topic: "residence".into(),
        agency: None,
        modes: vec![Mode::InPerson],
        windows: None,
        deadline: None,
        priority: Priority::Normal,
        intake: Intake {
            nationality: "NP".into(),
            residence_status: "留学".into(),
            summary: "SECRET-SUMMARY".into(),
            tried: "SECRET-TRIED".into(),
        },
        contact: Contact {
            name: "Sita Gurung".into(),
            contact: "090-0000-0000".into(),
        },
        status,
    }
}

fn booking(status: BookingStatus) -> Booking {
    let t = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    Booking {
        number: "B-00012".into(),
        request: "R-0001".into(),
        session: "immigration-2026-12-12/1".into(),
        agency: "immigration".into(),
        slot: 2,
        start: at(13, 30),
        end: at(14, 0),
        booth: 1,
        interpreter: Some("staff-ne-01".into()),
        mode: Some(Mode::Video),
        sequence: 1,
        status,
        created: t,
        updated: t,
    }
}

struct Fixture {
    b: Booking,
    r: Request,
    a: Agency,
    c: Center,
    info: CenterInfo,
}

fn fixture(status: BookingStatus, rstatus: RequestStatus) -> Fixture {
    Fixture {
        b: booking(status),
        r: request("ne", rstatus),
        a: agency(),
        c: center(),
        info: CenterInfo {
            phone: "022-265-2471".into(),
            access: String::new(),
            hours: String::new(),
        },
    }
}

impl Fixture {
    fn input(&self, lang: Lang) -> SlipInput<'_> {
        SlipInput {
            booking: &self.b,
            request: &self.r,
            agency: Some(&self.a),
            center: &self.c,
            info: &self.info,
            previous: None,
            moved_before: false,
            lang,
            now: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
            personal: false,
            trouble: None,
        }
    }
}

#[test]
fn every_key_exists_in_every_language() {
    for lang in Lang::ALL {
        for key in KEYS {
            assert!(i18n::has(lang, key), "{key} missing in {}", lang.code());
        }
    }
}

#[test]
fn dates_carry_the_weekday_in_each_language() {
    let d = NaiveDate::from_ymd_opt(2026, 12, 12).unwrap();
    assert_eq!(date_text(Lang::Ja, d), "2026年12月12日（土）");
    assert_eq!(date_text(Lang::En, d), "Saturday, 12 December 2026");
    assert_eq!(date_text(Lang::Zh, d), "2026年12月12日（星期六）");
    assert_eq!(date_text(Lang::Ko, d), "2026년 12월 12일 (토요일)");
    assert_eq!(date_text(Lang::Vi, d), "Thứ Bảy, ngày 12 tháng 12 năm 2026");
    assert_eq!(date_text(Lang::Ne, d), "शनिबार, डिसेम्बर 12, 2026");
    assert_eq!(
        plain(&date_text(Lang::JaEasy, d)),
        "2026年(ねん)12月(がつ)12日(にち)（土曜日(どようび)）"
    );
}

#[test]
fn a_slip_has_the_facts_and_nothing_private() {
    let f = fixture(BookingStatus::Confirmed, RequestStatus::Booked);
    for lang in Lang::ALL {
        let html = render_html(&f.input(lang));
        assert_eq!(html.matches("B-00012").count(), 3, "{}", lang.code()); // title, top, bottom
        assert!(html.contains("datetime=\"2026-12-12T13:30\""));
        assert!(html.contains("13:30") && html.contains("14:00"));
        assert!(html.contains("022-265-2471"));
        for secret in ["Sita", "090-0000-0000", "SECRET", "staff-ne-01"] {
            assert!(!html.contains(secret), "{secret} in {}", lang.code());
        }
        let body = html.split_once("<body>").unwrap().1;
        assert!(!body.contains('{') && !body.contains("slip-"), "{body}");
    }
    let easy = render_html(&f.input(Lang::JaEasy));
    assert!(easy.contains("<ruby>相談<rt>そうだん</rt></ruby>"));
    let mut personal = f.input(Lang::En);
    personal.personal = true;
    assert!(render_html(&personal).contains("Sita Gurung"));
}

#[test]
fn data_is_escaped() {
    let mut f = fixture(BookingStatus::Confirmed, RequestStatus::Booked);
    f.a.name_en = "<script>x</script>".into();
    f.info.phone = "<b>1</b>".into();
    let html = render_html(&f.input(Lang::En));
    assert!(!html.contains("<script>") && !html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn interpreter_line_is_never_none() {
    let mut f = fixture(BookingStatus::Confirmed, RequestStatus::Booked);
    assert_eq!(
        interpreter_key(&f.input(Lang::En)),
        "slip-interpreter-video"
    );
    f.b.interpreter = None;
    f.b.mode = None;
    // Nepali needs one, and none is assigned: being arranged.
    assert_eq!(
        interpreter_key(&f.input(Lang::En)),
        "slip-interpreter-arranging"
    );
    f.r.language = "en".into();
    assert_eq!(
        interpreter_key(&f.input(Lang::En)),
        "slip-interpreter-not-needed"
    );
}

#[test]
fn notices_follow_status_and_the_last_slip() {
    let f = fixture(BookingStatus::Confirmed, RequestStatus::Booked);
    assert_eq!(f.input(Lang::En).notice(), Notice::None);
    let mut moved = f.input(Lang::En);
    moved.moved_before = true;
    assert_eq!(moved.notice(), Notice::Changed { from: None });
    let mut old = f.b.clone();
    old.start = at(10, 0);
    old.end = at(10, 30);
    let record = IssuedSlip::of(&old, f.input(Lang::En).now);
    let mut changed = f.input(Lang::En);
    changed.previous = Some(&record);
    assert!(matches!(
        changed.notice(),
        Notice::Changed { from: Some(_) }
    ));
    let html = render_html(&changed);
    assert!(html.contains("Your appointment has changed"));
    let (was, now) = html.split_once("datetime=\"2026-12-12T13:30\"").unwrap();
    assert!(was.contains("datetime=\"2026-12-12T10:00\"") && !now.contains("T10:00"));
    let same = IssuedSlip::of(&f.b, f.input(Lang::En).now);
    let mut unchanged = f.input(Lang::En);
    unchanged.previous = Some(&same);
    unchanged.moved_before = true;
    assert_eq!(unchanged.notice(), Notice::None);

    let c = fixture(BookingStatus::Cancelled, RequestStatus::Cancelled);
    let html = render_html(&c.input(Lang::Ja));
    assert!(html.contains("予約は取り消されました"));
    assert!(!html.contains("在留カード"), "no list of things to bring");
    let r = fixture(BookingStatus::Cancelled, RequestStatus::Waiting);
    assert_eq!(r.input(Lang::Ja).notice(), Notice::Rescheduling);
    assert!(render_ics(&r.input(Lang::Ja)).contains("STATUS:TENTATIVE"));
    assert!(render_ics(&c.input(Lang::Ja)).contains("STATUS:CANCELLED"));
}

#[test]
fn ics_is_one_event_in_the_center_zone() {
    let f = fixture(BookingStatus::Confirmed, RequestStatus::Booked);
    for lang in Lang::ALL {
        let text = render_ics(&f.input(lang));
        let cal: icalendar::Calendar = text.parse().expect("parses");
        assert_eq!(cal.events().count(), 1);
        assert!(text.contains("UID:B-00012.slip@soudan\r\n"));
        assert!(text.contains("SEQUENCE:1\r\n"));
        assert!(text.contains("DTSTART;TZID=Asia/Tokyo:20261212T133000\r\n"));
        assert!(text.contains("BEGIN:VTIMEZONE"));
        assert!(!text.contains("<ruby>") && !text.contains("Sita"));
    }
}

#[test]
fn plain_turns_furigana_into_brackets() {
    assert_eq!(
        plain("<ruby>相談<rt>そうだん</rt></ruby> &amp; x"),
        "相談(そうだん) & x"
    );
    assert_eq!(plain("a < b"), "a < b");
}

#[test]
fn without_a_phone_the_slip_sends_the_resident_to_the_counter() {
    // A database imported before center.toml had `phone` reads an empty CenterInfo.
    let mut f = fixture(BookingStatus::Confirmed, RequestStatus::Booked);
    f.info = CenterInfo::default();
    let html = render_html(&f.input(Lang::En));
    assert!(html.contains("tell the counter at Sendai Multicultural Center"));
    assert!(!html.contains("call the center"));
}
