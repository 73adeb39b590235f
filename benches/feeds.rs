//! Feed benchmarks: rendering a 10,000-booking feed, and requests per second through the
//! real server over loopback for a cached feed (200) and a revalidation (304).
//!
//! Run: `cargo bench --bench feeds`. The HTTP benches keep one keep-alive connection and
//! send requests one after another, so they measure per-request server cost, not
//! concurrency; criterion bounds the count by its time budget.

use chrono::{NaiveDate, NaiveTime, TimeDelta, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use soudan::feeds::{self, FeedInputs, Lang};
use soudan::model::*;
use soudan::publish;
use soudan::server::{Server, ServerOptions};
use std::hint::black_box;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The generated data, as the feeds take it.
type World = FeedInputs;

/// One agency with a session every day (8 one-hour slots x 5 booths = 40 bookings a day),
/// `n` bookings spread over as many days as needed, interpreters in five zones.
fn world(n: usize) -> World {
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let days = n.div_ceil(40);
    let extras = (0..days)
        .map(|i| ExtraSession {
            date: first + TimeDelta::days(i as i64),
            start: t(9),
            end: t(17),
            slot_minutes: 60,
            booths: 5,
            modes: Mode::ALL.to_vec(),
        })
        .collect();
    let zones = [
        "Asia/Tokyo",
        "America/New_York",
        "Europe/Lisbon",
        "America/Sao_Paulo",
        "Asia/Kathmandu",
    ];
    let interpreters = zones
        .iter()
        .enumerate()
        .map(|(i, z)| Interpreter {
            id: format!("int-{i}"),
            name: format!("Interpreter {i}"),
            languages: vec!["pt".into()],
            modes: Mode::ALL.to_vec(),
            timezone: (*z).into(),
            weekly: vec![],
            dates_off: vec![],
            extra_windows: vec![],
            max_per_day: None,
            cost: Costs::default(),
        })
        .collect();
    let mut requests = Vec::with_capacity(n);
    let mut bookings = Vec::with_capacity(n);
    let now = Utc::now();
    for k in 0..n {
        let (day, rest) = (k / 40, k % 40);
        let (slot, booth) = (rest / 5, rest % 5 + 1);
        let date = first + TimeDelta::days(day as i64);
        requests.push(Request {
            id: format!("R{k}"),
            received: date.and_time(t(8)),
            language: "pt".into(),
            topic: "residence".into(),
            agency: None,
            modes: Mode::ALL.to_vec(),
            windows: None,
            deadline: None,
            priority: Priority::Normal,
            intake: Intake {
                nationality: "BR".into(),
                residence_status: "定住者".into(),
                summary: "在留期間の更新について相談したい。勤務先が変わった。".into(),
                tried: "市役所に相談済み".into(),
            },
            contact: Contact {
                name: format!("Resident {k}"),
                contact: "090-0000-0000".into(),
            },
            status: RequestStatus::Booked,
        });
        bookings.push(Booking {
            number: format!("B-{k:05}"),
            request: format!("R{k}"),
            session: format!("imm-{date}"),
            agency: "imm".into(),
            slot: slot as u32,
            start: date.and_time(t(9 + slot as u32)),
            end: date.and_time(t(10 + slot as u32)),
            booth: booth as u32,
            interpreter: Some(format!("int-{}", k % 5)),
            mode: Some(Mode::Video),
            sequence: 1,
            status: BookingStatus::Confirmed,
            created: now,
            updated: now,
        });
    }
    let sub = |kind, id: &str| FeedSubscription {
        kind,
        id: id.into(),
        secret: publish::generate_secret().unwrap(),
        personal_details: false,
        show_cancelled: false,
        session_blocks: false,
    };
    World {
        center: Center {
            name_ja: "仙台多文化共生センター".into(),
            name_en: "Sendai Multicultural Center".into(),
            address: "宮城県仙台市青葉区".into(),
            timezone: "Asia/Tokyo".into(),
            languages: vec!["ja".into()],
            topics: vec![Topic {
                id: "residence".into(),
                name_ja: "在留手続".into(),
                name_en: "Residence procedures".into(),
            }],
            closed: soudan::model::ClosedDays::never(),
        },
        agencies: vec![Agency {
            id: "imm".into(),
            name_ja: "仙台出入国在留管理局".into(),
            name_en: "Sendai Regional Immigration Services Bureau".into(),
            topics: vec!["residence".into()],
            languages: vec!["ja".into()],
            show_personal_details: false,
            patterns: vec![],
            extras,
            cancelled: vec![],
        }],
        interpreters,
        requests,
        bookings,
        subscriptions: vec![
            sub(FeedKind::Agency, "imm"),
            sub(FeedKind::Interpreter, "int-1"),
        ],
        session_months: Vec::new(),
        // Before the first booking: everything is in the window.
        now: first.and_time(NaiveTime::MIN).and_utc(),
        options: feeds::FeedOptions::default(),
        busy: Vec::new(),
    }
}

fn render(c: &mut Criterion) {
    let w = world(10_000);
    let agency = &w.subscriptions[0];
    let size = feeds::render_feed(&w.data(), agency, Lang::Ja)
        .unwrap()
        .body
        .len();
    eprintln!("agency feed with 10,000 bookings: {size} bytes");
    let mut g = c.benchmark_group("render");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("agency_feed_10000_bookings", |b| {
        b.iter(|| {
            let f = feeds::render_feed(&w.data(), agency, Lang::Ja).unwrap();
            assert_eq!(f.events, 10_000);
            black_box(f.body.len())
        })
    });
    g.bench_function("interpreter_feed_2000_of_10000_bookings_new_york", |b| {
        b.iter(|| {
            black_box(
                feeds::render_feed(&w.data(), &w.subscriptions[1], Lang::En)
                    .unwrap()
                    .body
                    .len(),
            )
        })
    });
    g.finish();
}

/// A busy year: 40 bookings a day for 365 days (14,600), published on the day after the
/// last one. Prints each feed's size with every booking (the window switched off, as before
/// the window existed) and with the default 90-day window, then times the windowed render.
/// `cargo bench --bench feeds -- busy_year` (the sizes do not depend on the profile).
fn busy_year(c: &mut Criterion) {
    let mut w = world(365 * 40);
    let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    w.now = (first + TimeDelta::days(365))
        .and_time(NaiveTime::MIN)
        .and_utc();
    let sizes = |w: &World| -> Vec<(String, usize, usize)> {
        let set = feeds::render_all(&w.data(), &w.subscriptions).unwrap();
        set.feeds
            .iter()
            .filter(|f| f.lang == Lang::Ja)
            .map(|f| (format!("{}/{}", f.kind, f.id), f.body.len(), f.events))
            .collect()
    };
    w.options.window_days = soudan::ops::MAX_WINDOW_DAYS;
    let before = sizes(&w);
    w.options.window_days = feeds::DEFAULT_WINDOW_DAYS;
    let after = sizes(&w);
    for ((name, b, be), (_, a, ae)) in before.iter().zip(&after) {
        eprintln!(
            "busy year, {name} (ja): all bookings {b} bytes ({be} events); 90-day window {a} bytes ({ae} events)"
        );
    }
    let mut g = c.benchmark_group("busy_year");
    g.sample_size(10);
    g.bench_function("agency_feed_90_day_window", |b| {
        b.iter(|| {
            black_box(
                feeds::render_feed(&w.data(), &w.subscriptions[0], Lang::Ja)
                    .unwrap()
                    .body
                    .len(),
            )
        })
    });
    g.finish();
}

/// One event whose description is 3 MB of text (a pasted file; far above the import limits,
/// but a damaged or older store may hold it). Rendering must stay linear: the `icalendar`
/// crate's own line folding took minutes on this (issue 10, item 5).
fn long_text(c: &mut Criterion) {
    use soudan::ics::{self, IcsCalendar, IcsEvent, IcsStatus};
    let start = NaiveDate::from_ymd_opt(2026, 12, 12)
        .unwrap()
        .and_hms_opt(4, 0, 0)
        .unwrap()
        .and_utc();
    let cal = IcsCalendar {
        name: "long text".into(),
        timezone: chrono_tz::Tz::Asia__Tokyo,
        refresh_minutes: 60,
        method_publish: true,
        events: vec![IcsEvent {
            uid: "b-1@soudan".into(),
            sequence: 0,
            stamp: start,
            start,
            end: start + TimeDelta::minutes(45),
            tz: chrono_tz::Tz::Asia__Tokyo,
            summary: "相談".repeat(1000),
            description: "相談;a,b\\c\n".repeat(250_000),
            location: None,
            status: IcsStatus::Confirmed,
            categories: vec![],
            transparent: false,
            private: false,
        }],
    };
    let mut g = c.benchmark_group("render");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(cal.events[0].description.len() as u64));
    g.bench_function("one_event_3mb_description", |b| {
        b.iter(|| black_box(ics::render(&cal).len()))
    });
    g.finish();
}

/// A keep-alive HTTP/1.1 connection sending GETs one after another.
struct Conn {
    r: BufReader<TcpStream>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> Conn {
        Conn {
            r: BufReader::new(TcpStream::connect(addr).await.unwrap()),
        }
    }

    /// Sends one request and returns (status, body length).
    async fn get(&mut self, request: &[u8]) -> (u16, usize) {
        self.r.get_mut().write_all(request).await.unwrap();
        let mut line = String::new();
        self.r.read_line(&mut line).await.unwrap();
        let status: u16 = line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut len = 0usize;
        loop {
            line.clear();
            self.r.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0u8; len];
        self.r.read_exact(&mut body).await.unwrap();
        (status, len)
    }
}

fn http(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // A realistic feed: one agency with 100 bookings (about 100 kB).
    let w = world(100);
    let set = feeds::render_all(&w.data(), &w.subscriptions).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    publish::publish(tmp.path(), &set.feeds, Utc::now()).unwrap();
    let agency = set
        .feeds
        .iter()
        .find(|f| f.kind == FeedKind::Agency && f.lang == Lang::Ja)
        .unwrap();
    eprintln!(
        "served agency feed: 100 events, {} bytes",
        agency.body.len()
    );
    let path = format!("/feeds/agency/imm/{}.ics", w.subscriptions[0].secret);
    let (addr, stop) = rt.block_on(async {
        let bound = Server::bind(
            "127.0.0.1:0".parse().unwrap(),
            tmp.path(),
            ServerOptions::default(),
        )
        .await
        .unwrap();
        let addr = bound.local_addr();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(bound.run(async {
            let _ = rx.await;
        }));
        (addr, tx)
    });
    let plain = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    let conditional = format!(
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \"{}\"\r\n\r\n",
        agency.etag
    );
    let mut g = c.benchmark_group("http_loopback");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Elements(1));
    for (name, req, want, size) in [
        (
            "get_200_cached_feed",
            plain.as_bytes(),
            200,
            agency.body.len(),
        ),
        ("get_304_if_none_match", conditional.as_bytes(), 304, 0),
    ] {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let mut conn = Conn::open(addr).await;
                    let start = Instant::now();
                    for _ in 0..iters {
                        let (status, len) = conn.get(req).await;
                        assert_eq!((status, len), (want, size));
                    }
                    start.elapsed()
                })
            })
        });
    }
    g.finish();
    let _ = stop.send(());
}

criterion_group!(benches, render, busy_year, long_text, http);
criterion_main!(benches);
