//! Feeds that read at a glance (issue 13): titles that lead with number, language and
//! mode; urgent and deadline marks; "no interpreter needed" vs "interpreter X" vs "being
//! arranged"; interpreter events with booth or how to join; names instead of codes; the
//! past-bookings window; one yearly VTIMEZONE rule pair for regular DST zones; `?lang=`
//! with BCP 47 tags on the real server; `feeds list --lang en`.

use crate::common::{assert_refused, ok, soudan as cli, tiny};
use crate::feeds_fixture::check::{ParsedEvent, parse_events};
use crate::feeds_fixture::*;
use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Component, EventLike};
use soudan::feeds::{self, FeedSet, Lang, RenderedFeed};
use soudan::model::{BookingStatus, FeedKind, FeedSubscription, Priority};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn render(w: &World) -> FeedSet {
    let set = feeds::render_all(&w.data(), &w.subscriptions).expect("renders");
    assert!(set.failed.is_empty(), "{:?}", set.failed);
    set
}

fn feed<'a>(set: &'a FeedSet, kind: FeedKind, id: &str, lang: Lang) -> &'a RenderedFeed {
    set.feeds
        .iter()
        .find(|f| f.kind == kind && f.id == id && f.lang == lang)
        .unwrap_or_else(|| panic!("feed {kind}/{id}/{lang}"))
}

fn event<'a>(evs: &'a [ParsedEvent], number: &str) -> &'a ParsedEvent {
    evs.iter()
        .find(|e| e.uid.starts_with(&format!("{number}.")))
        .unwrap_or_else(|| {
            panic!(
                "{number} in {:?}",
                evs.iter().map(|e| &e.uid).collect::<Vec<_>>()
            )
        })
}

fn events_of(set: &FeedSet, kind: FeedKind, id: &str, lang: Lang) -> Vec<ParsedEvent> {
    parse_events(&feed(set, kind, id, lang).body)
}

/// LOCATION of the event with `uid`, through the `icalendar` crate's parser.
fn location(f: &RenderedFeed, number: &str) -> Option<String> {
    let cal: icalendar::Calendar = f.body.parse().expect("parses");
    cal.events()
        .find(|e| {
            e.get_uid()
                .is_some_and(|u| u.starts_with(&format!("{number}.")))
        })
        .and_then(|e| e.get_location().map(str::to_owned))
}

#[test]
fn agency_titles_lead_with_number_language_mode_then_short_topic_and_marks() {
    let mut w = world();
    let r2 = w.requests.iter_mut().find(|r| r.id == "R2").unwrap();
    r2.priority = Priority::Urgent;
    r2.deadline = NaiveDate::from_ymd_opt(2027, 3, 20);
    let set = render(&w);

    let ja = events_of(&set, FeedKind::Agency, "immigration", Lang::Ja);
    let b2 = event(&ja, "B-0002");
    assert_eq!(
        b2.summary,
        "【至急】[B-0002] スペイン語（通訳・映像） 在留資格 期限3/20"
    );
    assert!(
        b2.description
            .starts_with("予約番号: B-0002\n至急: はい\n期限: 2027-03-20\n"),
        "{}",
        b2.description
    );
    // Names, not codes: nationality and (in English) the residence status.
    assert!(
        b2.description.contains("国籍: ベトナム"),
        "{}",
        b2.description
    );
    assert!(!b2.description.contains("国籍: VN"));
    let en = events_of(&set, FeedKind::Agency, "immigration", Lang::En);
    let b2 = event(&en, "B-0002");
    assert_eq!(
        b2.summary,
        "[URGENT] [B-0002] Spanish (interp. video) Residence due 3/20"
    );
    assert!(b2.description.contains("Nationality: Vietnam"));
    assert!(b2.description.contains("(技術・人文知識・国際業務)"));
    assert!(
        b2.description
            .contains("Agency: Sendai Regional Immigration Services Bureau")
    );

    // An English speaker at an agency that speaks English: said so, and confirmed.
    let b9 = event(&ja, "B-0009");
    assert_eq!(b9.summary, "[B-0009] 英語（通訳不要） 在留資格");
    assert_eq!(b9.status.as_deref(), Some("CONFIRMED"));
    assert!(b9.description.contains("通訳: 不要"), "{}", b9.description);
    let b9 = event(&en, "B-0009");
    assert!(
        b9.description.contains("Interpreter: not needed"),
        "{}",
        b9.description
    );

    // An interpreter assigned, in person.
    let b1 = event(&ja, "B-0001");
    assert_eq!(b1.summary, "[B-0001] ベトナム語（通訳・対面） 在留資格");
    assert!(
        b1.description.contains("通訳: staff-vi（対面）"),
        "{}",
        b1.description
    );
    assert_eq!(b1.status.as_deref(), Some("CONFIRMED"));
}

#[test]
fn a_lost_interpreter_is_tentative_and_marked_never_a_silent_none() {
    let mut w = world();
    // B-0001 (Vietnamese, at an agency that speaks ja and en) loses its interpreter.
    let b = w.booking_mut("B-0001");
    b.interpreter = None;
    b.mode = None;
    let set = render(&w);
    for (kind, id) in [
        (FeedKind::Agency, "immigration"),
        (FeedKind::Coordinator, "center"),
    ] {
        let ja = events_of(&set, kind, id, Lang::Ja);
        let b1 = event(&ja, "B-0001");
        assert_eq!(b1.status.as_deref(), Some("TENTATIVE"), "{kind}");
        assert!(
            b1.summary.starts_with("【通訳手配中】[B-0001] ベトナム語 "),
            "{}",
            b1.summary
        );
        assert!(
            b1.description.contains("通訳: 手配中"),
            "{}",
            b1.description
        );
        let en = events_of(&set, kind, id, Lang::En);
        let b1 = event(&en, "B-0001");
        assert!(
            b1.summary
                .starts_with("[Interpreter pending] [B-0001] Vietnamese "),
            "{}",
            b1.summary
        );
        assert!(
            b1.description.contains("Interpreter: being arranged"),
            "{}",
            b1.description
        );
    }
    let vi = events_of(&set, FeedKind::Interpreter, "staff-vi", Lang::Ja);
    assert!(vi.iter().all(|e| !e.uid.starts_with("B-0001.")));
    // A cancelled booking without interpreter is just cancelled, not "pending".
    let b = w.booking_mut("B-0001");
    b.status = BookingStatus::Cancelled;
    w.subscription_mut(FeedKind::Coordinator, "center")
        .show_cancelled = true;
    let set = render(&w);
    let ja = events_of(&set, FeedKind::Coordinator, "center", Lang::Ja);
    let b1 = event(&ja, "B-0001");
    assert_eq!(b1.status.as_deref(), Some("CANCELLED"));
    assert!(b1.summary.starts_with("【取消】[B-0001]"), "{}", b1.summary);
}

#[test]
fn interpreter_events_carry_the_number_the_booth_and_how_to_join() {
    let mut w = world();
    let set = render(&w);
    let vi = feed(&set, FeedKind::Interpreter, "staff-vi", Lang::Ja);
    let b1 = event(&parse_events(&vi.body), "B-0001").clone();
    assert_eq!(
        b1.summary,
        "[B-0001] 通訳 ベトナム語 ブース1 仙台出入国在留管理局"
    );
    assert!(b1.description.contains("ブース: 1"));
    assert!(location(vi, "B-0001").unwrap().ends_with("ブース1"));
    let ny = feed(&set, FeedKind::Interpreter, "remote-es-nyc", Lang::Ja);
    let evs = parse_events(&ny.body);
    let b4 = event(&evs, "B-0004");
    assert_eq!(
        b4.summary,
        "[B-0004] 通訳 スペイン語 電話 仙台出入国在留管理局"
    );
    assert!(
        b4.description
            .contains("参加方法: 開始時刻にセンターから登録の電話番号へお電話します"),
        "{}",
        b4.description
    );
    let b2 = event(&evs, "B-0002");
    assert!(
        b2.description.contains("参加方法: センターのビデオ会議室"),
        "{}",
        b2.description
    );
    // The intake never reaches interpreters.
    for f in set.feeds.iter().filter(|f| f.kind == FeedKind::Interpreter) {
        for secret in [
            "在留資格",
            "Residence status",
            "国籍",
            "Nationality",
            "Visa renewal",
            "Family visa",
        ] {
            assert!(!f.body.contains(secret), "{secret} in {}/{}", f.id, f.lang);
        }
    }

    // The center's own phone and video room, once set.
    w.options.phone = Some("022-265-2471".into());
    w.options.video_room = Some("https://meet.example.org/soudan".into());
    let set = render(&w);
    let ny = feed(&set, FeedKind::Interpreter, "remote-es-nyc", Lang::En);
    let evs = parse_events(&ny.body);
    assert_eq!(
        event(&evs, "B-0004").summary,
        "[B-0004] Interpreting Spanish phone Sendai Regional Immigration Services Bureau"
    );
    assert!(
        event(&evs, "B-0004")
            .description
            .contains("How to join: the center calls you from 022-265-2471 at the start time")
    );
    assert_eq!(
        location(ny, "B-0004").as_deref(),
        Some("the center calls you from 022-265-2471 at the start time")
    );
    assert_eq!(
        location(ny, "B-0002").as_deref(),
        Some("https://meet.example.org/soudan")
    );
}

fn numbers(set: &FeedSet) -> Vec<String> {
    let mut n: Vec<String> = events_of(set, FeedKind::Coordinator, "center", Lang::Ja)
        .iter()
        .filter_map(|e| number_of_uid(&e.uid).map(str::to_owned))
        .collect();
    n.sort();
    n
}

#[test]
fn feeds_keep_a_window_of_past_bookings_and_every_future_one() {
    let mut w = world();
    let all = numbers(&render(&w));
    assert_eq!(all.len(), 11, "{all:?}");
    // 1 March 2027, default 90 days: from 1 December 2026. B-0006 (1 November) drops out.
    w.now = "2027-03-01T00:00:00Z".parse().unwrap();
    let n = numbers(&render(&w));
    assert!(!n.contains(&"B-0006".to_owned()), "{n:?}");
    assert!(
        n.contains(&"B-0001".to_owned()),
        "12 December is inside: {n:?}"
    );
    assert_eq!(n.len(), all.len() - 1);
    // 30 days: December is gone; March and April (future) stay.
    w.options.window_days = 30;
    let n = numbers(&render(&w));
    assert_eq!(n, ["B-0002", "B-0003", "B-0004", "B-0005"], "{n:?}");
    // A century: everything, and no overflow.
    w.options.window_days = soudan::ops::MAX_WINDOW_DAYS;
    assert_eq!(numbers(&render(&w)), all);
    w.options.window_days = u32::MAX;
    assert_eq!(numbers(&render(&w)), all);
}

/// `n` ≥ 1 yearly rule pairs: (DAYLIGHT blocks, STANDARD blocks, RRULE lines).
fn dst_blocks(body: &str) -> (usize, usize, usize) {
    (
        body.matches("BEGIN:DAYLIGHT").count(),
        body.matches("BEGIN:STANDARD").count(),
        body.matches("RRULE:FREQ=YEARLY;").count(),
    )
}

fn kyiv_world() -> World {
    let mut w = world();
    let mut kyiv = w
        .interpreters
        .iter()
        .find(|i| i.id == "remote-pt-lis")
        .unwrap()
        .clone();
    kyiv.id = "remote-uk-kyiv".into();
    kyiv.timezone = "Europe/Kyiv".into();
    w.interpreters.push(kyiv);
    let mut sub: FeedSubscription = w
        .subscription(FeedKind::Interpreter, "remote-pt-lis")
        .clone();
    sub.id = "remote-uk-kyiv".into();
    sub.secret = secret_for(FeedKind::Interpreter, "remote-uk-kyiv");
    w.subscriptions.push(sub);
    // B-0003 (13 March 2027, before the EU switch) goes to Kyiv; Lisbon keeps B-0005.
    w.booking_mut("B-0003").interpreter = Some("remote-uk-kyiv".into());
    w
}

#[test]
fn dst_interpreter_feeds_carry_one_rule_pair_and_the_coordinators_instants() {
    let w = kyiv_world();
    let set = render(&w);
    let coordinator: BTreeMap<String, (DateTime<Utc>, DateTime<Utc>)> =
        events_of(&set, FeedKind::Coordinator, "center", Lang::Ja)
            .into_iter()
            .map(|e| (number_of_uid(&e.uid).unwrap().to_owned(), (e.start, e.end)))
            .collect();
    for (id, zone) in [
        ("remote-es-nyc", "America/New_York"),
        ("remote-pt-lis", "Europe/Lisbon"),
        ("remote-uk-kyiv", "Europe/Kyiv"),
    ] {
        for lang in Lang::STAFF {
            let f = feed(&set, FeedKind::Interpreter, id, lang);
            assert_eq!(f.body.matches("BEGIN:VTIMEZONE").count(), 1, "{id}");
            assert!(f.body.contains(&format!("TZID:{zone}\r\n")));
            assert_eq!(dst_blocks(&f.body), (1, 1, 2), "{id}:\n{}", f.body);
            // parse_events resolves every time through the file's VTIMEZONE (expanding the
            // rules) and cross-checks it with chrono-tz.
            let evs = parse_events(&f.body);
            assert!(!evs.is_empty(), "{id}");
            for e in &evs {
                let n = number_of_uid(&e.uid).unwrap();
                assert_eq!(Some(&(e.start, e.end)), coordinator.get(n), "{n} in {id}");
            }
        }
    }
    let ny = feed(&set, FeedKind::Interpreter, "remote-es-nyc", Lang::Ja);
    assert!(
        ny.body
            .contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n")
    );
    assert!(
        ny.body
            .contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n")
    );
    let kyiv = feed(&set, FeedKind::Interpreter, "remote-uk-kyiv", Lang::Ja);
    assert!(kyiv.body.contains(
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300\r\n"
    ));
    // Tokyo has no DST: one STANDARD, no rule.
    let tokyo = feed(&set, FeedKind::Interpreter, "staff-vi", Lang::Ja);
    assert_eq!(dst_blocks(&tokyo.body), (0, 1, 0));
    let center = feed(&set, FeedKind::Coordinator, "center", Lang::Ja);
    assert_eq!(dst_blocks(&center.body), (0, 1, 0));
}

/// The same instants through PyPI `icalendar`, resolving times with the files' own
/// VTIMEZONEs (the `tests/ics_check.py` of `ics_python`). Skipped loudly without python3 and
/// the package, except under CI.
#[test]
fn python_icalendar_reads_the_rule_pairs_at_the_coordinators_instants() {
    let ready = std::process::Command::new("python3")
        .args(["-c", "import icalendar"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install python3 icalendar"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr().lock(),
            "\nWARNING: feeds_glance SKIPPED the Python iCalendar check (no python3 icalendar)"
        );
        return;
    }
    let w = kyiv_world();
    let set = render(&w);
    let coordinator: BTreeMap<String, (DateTime<Utc>, DateTime<Utc>)> =
        events_of(&set, FeedKind::Coordinator, "center", Lang::Ja)
            .into_iter()
            .map(|e| (number_of_uid(&e.uid).unwrap().to_owned(), (e.start, e.end)))
            .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut files = serde_json::Map::new();
    for id in [
        "remote-es-nyc",
        "remote-pt-lis",
        "remote-uk-kyiv",
        "staff-vi",
    ] {
        let f = feed(&set, FeedKind::Interpreter, id, Lang::En);
        let name = format!("{id}.ics");
        std::fs::write(dir.path().join(&name), &f.body).unwrap();
        let mut uids = serde_json::Map::new();
        for e in parse_events(&f.body) {
            let (start, end) = coordinator[number_of_uid(&e.uid).unwrap()];
            uids.insert(
                e.uid.clone(),
                serde_json::json!({"start": start.to_rfc3339(), "end": end.to_rfc3339()}),
            );
        }
        files.insert(name, serde_json::Value::Object(uids));
    }
    std::fs::write(
        dir.path().join("expected.json"),
        serde_json::to_vec(&serde_json::json!({ "files": files })).unwrap(),
    )
    .unwrap();
    let out = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ics_check.py"))
        .arg(dir.path())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("4 files") && text.contains("0 failures"),
        "{text}"
    );
}

async fn get(addr: SocketAddr, target: &str) -> (u16, String, Vec<u8>) {
    let fut = async {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let req = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).await.unwrap();
        buf
    };
    let buf = tokio::time::timeout(Duration::from_secs(30), fut)
        .await
        .expect("answer in time");
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&buf[..split]).to_ascii_lowercase();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, buf[split + 4..].to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lang_takes_bcp47_tags_and_refuses_unknown_ones_only_to_the_secret_holder() {
    let w = world();
    let set = render(&w);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("feeds");
    soudan::publish::publish(&dir, &set.feeds, utc(2026, 11, 28, 10, 0)).unwrap();
    let options = soudan::server::ServerOptions {
        poll_interval: Duration::from_millis(100),
        shutdown_timeout: Duration::from_secs(5),
        ..soudan::server::ServerOptions::default()
    };
    let bound = soudan::server::Server::bind("127.0.0.1:0".parse().unwrap(), &dir, options)
        .await
        .unwrap();
    let addr = bound.local_addr();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bound.run(async {
        let _ = rx.await;
    }));

    let secret = &w.subscription(FeedKind::Agency, "bar").secret;
    let path = format!("/feeds/agency/bar/{secret}.ics");
    let ja = feed(&set, FeedKind::Agency, "bar", Lang::Ja)
        .body
        .as_bytes();
    let en = feed(&set, FeedKind::Agency, "bar", Lang::En)
        .body
        .as_bytes();
    for (query, body, code) in [
        ("", ja, "ja"),
        ("?lang=ja-JP", ja, "ja"),
        ("?lang=en", en, "en"),
        ("?lang=en-US", en, "en"),
        ("?lang=EN_gb", en, "en"),
        // Resident languages read the staff language they map to.
        ("?lang=zh-Hans", en, "en"),
        ("?lang=ja-x-easy", ja, "ja"),
    ] {
        let (status, head, got) = get(addr, &format!("{path}{query}")).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(got, body, "{query}");
        assert!(
            head.contains(&format!("\r\ncontent-language: {code}\r\n")),
            "{query}: {head}"
        );
    }
    // Unknown language, right secret: 400 naming the accepted ones.
    let (status, _, body) = get(addr, &format!("{path}?lang=fr")).await;
    assert_eq!(status, 400);
    let body = String::from_utf8(body).unwrap();
    assert!(
        body.contains("lang=ja") && body.contains("lang=en"),
        "{body}"
    );
    // Wrong secret: the same 404 whatever the language.
    let wrong = format!("/feeds/agency/bar/{}x.ics", secret);
    let (a, _, a_body) = get(addr, &format!("{wrong}?lang=fr")).await;
    let (b, _, b_body) = get(addr, &wrong).await;
    assert_eq!((a, &a_body), (404, &b_body));
    assert_eq!(b, 404);

    let _ = tx.send(());
    tokio::time::timeout(Duration::from_secs(30), task)
        .await
        .expect("stops")
        .unwrap()
        .unwrap();
}

#[test]
fn feeds_list_speaks_the_global_lang_and_options_are_set_and_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    ok(&db, &["import", tiny().to_str().unwrap()]);
    let ja = ok(&db, &["feeds", "list", "--base-url", "http://x"]);
    let feed_lines = |out: &str| -> (Vec<String>, Vec<String>) {
        out.lines()
            .filter(|l| l.contains("http://x/feeds/"))
            .map(str::to_string)
            .partition(|l| !l.contains("/view.html"))
    };
    let (urls, views) = feed_lines(&ja);
    assert!(!urls.is_empty(), "{ja}");
    assert!(urls.iter().all(|l| l.ends_with(".ics")), "{ja}");
    assert!(
        views.len() == 1 && views[0].ends_with("/view.html"),
        "the coordinator's month view: {ja}"
    );
    let en = ok(
        &db,
        &["--lang", "en-US", "feeds", "list", "--base-url", "http://x"],
    );
    let (urls, views) = feed_lines(&en);
    assert!(!urls.is_empty(), "{en}");
    assert!(urls.iter().all(|l| l.ends_with(".ics?lang=en")), "{en}");
    assert!(
        views.len() == 1 && views[0].ends_with("/view.html?lang=en"),
        "{en}"
    );

    let shown = ok(&db, &["--lang", "en", "feeds", "options"]);
    assert!(
        shown.contains(
            "90 days of past bookings; phone sessions: (default); video sessions: (default)"
        ),
        "{shown}"
    );
    let shown_ja = ok(&db, &["feeds", "options"]);
    assert!(shown_ja.contains("過去 90 日分"), "{shown_ja}");
    let set = ok(
        &db,
        &[
            "--lang",
            "en",
            "feeds",
            "options",
            "--window-days",
            "30",
            "--phone",
            "022-265-2471",
        ],
    );
    assert!(
        set.contains("30 days of past bookings; phone sessions: 022-265-2471"),
        "{set}"
    );
    assert!(ok(&db, &["feeds", "options"]).contains("過去 30 日分"));
    assert_refused(
        &cli(&db)
            .args(["feeds", "options", "--window-days", "99999"])
            .output(),
        "--window-days",
    );
    assert_refused(
        &cli(&db)
            .args(["feeds", "options", "--phone", "a\u{7}b"])
            .output(),
        "--phone",
    );
    let reset = ok(&db, &["feeds", "options", "--phone", ""]);
    assert!(reset.contains("電話通訳: （既定）"), "{reset}");
}

/// What a month grid shows (about 30 characters) names the booking and its language in
/// every agency and coordinator event, marks included. English words are longer
/// (`[Rescheduling] [URGENT] [B-0008] Vietnamese` is 43): 45 there.
#[test]
fn the_first_thirty_characters_name_the_booking_and_its_language() {
    let mut w = world();
    let r8 = w.requests.iter_mut().find(|r| r.id == "R8").unwrap();
    r8.priority = Priority::Urgent;
    let set = render(&w);
    let mut checked = 0;
    for f in set.feeds.iter().filter(|f| f.kind != FeedKind::Interpreter) {
        for e in parse_events(&f.body) {
            let Some(number) = number_of_uid(&e.uid).filter(|n| n.starts_with("B-")) else {
                continue;
            };
            let request = w
                .bookings
                .iter()
                .find(|b| b.number == number)
                .and_then(|b| w.requests.iter().find(|r| r.id == b.request))
                .unwrap();
            let language = soudan::model::language(&request.language).unwrap();
            let name = if f.lang == Lang::Ja {
                language.name_ja
            } else {
                language.name_en
            };
            let width = if f.lang == Lang::Ja { 30 } else { 45 };
            let head: String = e.summary.chars().take(width).collect();
            assert!(
                head.contains(&format!("[{number}]")) && head.contains(name),
                "{}/{}: {}",
                f.id,
                f.lang,
                e.summary
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked}");
}
