//! Month view benchmarks: rendering the Sendai sample month after allocation, and a
//! national-scale generated month (~20,000 bookings, 3,000 waiting requests).
//!
//! Run: `cargo bench --bench view`. Targets: Sendai < 50 ms, national < 1 s. Only
//! `soudan::view::render` is timed; reading the store is not.

use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use soudan::alloc::Reason;
use soudan::i18n::Lang;
use soudan::model::*;
use soudan::ops::{self, AllocateOptions, Ctx, ViewSource};
use soudan::view::{self, ViewOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::hint::black_box;

/// The Sendai sample for 2026-12, allocated, read back as the CLI reads it.
fn sendai() -> (ViewSource, BTreeMap<String, String>, Month) {
    let month: Month = "2026-12".parse().unwrap();
    let now = "2026-11-15T00:00:00Z".parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ctx = Ctx::open(&dir.path().join("db"), "bench").unwrap();
    ops::load_sample(&ctx, month, now).unwrap();
    ops::allocate(&ctx, month, AllocateOptions::default(), now).unwrap();
    let source = ops::view_source(&ctx, now).unwrap();
    let reasons = ctx.store().reasons(month).unwrap();
    (source, reasons, month)
}

const LANGS: [&str; 25] = [
    "zh", "vi", "ne", "ko", "tl", "pt", "id", "my", "th", "en", "es", "si", "bn", "ur", "mn", "uz",
    "km", "fr", "ru", "uk", "hi", "fa", "ar", "tr", "ja",
];

/// 100 agencies with a session every weekday (09:00-17:00, 60-minute slots, two booths:
/// 35,200 places), 20,000 of them booked, 3,000 requests waiting, 300 interpreters.
fn national() -> (ViewSource, BTreeMap<String, String>, Month) {
    let month: Month = "2026-12".parse().unwrap();
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let weekdays: Vec<NaiveDate> = month
        .days()
        .filter(|d| d.weekday().num_days_from_monday() < 5)
        .collect();
    let topics: Vec<Topic> = (0..10)
        .map(|i| Topic {
            id: format!("topic{i}"),
            name_ja: format!("相談{i}"),
            name_en: format!("Topic {i}"),
        })
        .collect();
    let agencies: Vec<Agency> = (0..100)
        .map(|a| Agency {
            id: format!("ag{a:03}"),
            name_ja: format!("機関{a}"),
            name_en: format!("Agency {a}"),
            topics: vec![format!("topic{}", a % 10)],
            languages: vec!["ja".into()],
            show_personal_details: false,
            patterns: vec![],
            extras: weekdays
                .iter()
                .map(|d| ExtraSession {
                    date: *d,
                    start: t(9),
                    end: t(17),
                    slot_minutes: 60,
                    booths: 2,
                    modes: Mode::ALL.to_vec(),
                })
                .collect(),
            cancelled: vec![],
        })
        .collect();
    let interpreters: Vec<Interpreter> = (0..300)
        .map(|i| Interpreter {
            id: format!("int{i:03}"),
            name: format!("Interpreter {i}"),
            languages: vec![LANGS[i % 24].into()],
            modes: Mode::ALL.to_vec(),
            timezone: "Asia/Tokyo".into(),
            weekly: vec![],
            dates_off: vec![],
            extra_windows: vec![],
            max_per_day: None,
            cost: Costs::default(),
        })
        .collect();
    let now = Utc::now();
    let request = |k: usize, status| Request {
        id: format!("R{k:06}"),
        received: weekdays[0].and_time(t(8)),
        language: LANGS[k % 25].into(),
        topic: format!("topic{}", k % 10),
        agency: None,
        modes: Mode::ALL.to_vec(),
        windows: None,
        deadline: k.is_multiple_of(3).then(|| weekdays[k % weekdays.len()]),
        priority: Priority::Normal,
        intake: Intake {
            nationality: "VN".into(),
            residence_status: "技能実習".into(),
            summary: "給料の未払いについて相談したい。".into(),
            tried: "なし".into(),
        },
        contact: Contact {
            name: format!("Resident {k}"),
            contact: "090-0000-0000".into(),
        },
        status,
    };
    let mut requests = Vec::new();
    let mut bookings = Vec::new();
    let mut k = 0;
    'fill: for d in &weekdays {
        for a in &agencies {
            for slot in 0..8u32 {
                for booth in 1..=2u32 {
                    if k == 20_000 {
                        break 'fill;
                    }
                    requests.push(request(k, RequestStatus::Booked));
                    bookings.push(Booking {
                        number: format!("B-{k:05}"),
                        request: format!("R{k:06}"),
                        session: format!("{}-{d}", a.id),
                        agency: a.id.clone(),
                        slot,
                        start: d.and_time(t(9 + slot)),
                        end: d.and_time(t(10 + slot)),
                        booth,
                        interpreter: Some(format!("int{:03}", k % 300)),
                        mode: Some(Mode::ALL[k % 3]),
                        sequence: 1,
                        status: BookingStatus::Confirmed,
                        created: now,
                        updated: now,
                    });
                    k += 1;
                }
            }
        }
    }
    let mut reasons = BTreeMap::new();
    for w in 0..3_000 {
        let k = 20_000 + w;
        requests.push(request(k, RequestStatus::Waiting));
        reasons.insert(
            format!("R{k:06}"),
            Reason::ALL[w % Reason::ALL.len()].code().to_string(),
        );
    }
    let source = ViewSource {
        center: Center {
            name_ja: "全国センター".into(),
            name_en: "National center".into(),
            address: "東京都".into(),
            timezone: "Asia/Tokyo".into(),
            languages: vec!["ja".into()],
            topics,
        },
        agencies,
        interpreters,
        requests,
        bookings,
        pins: (0..500)
            .map(|k| format!("B-{:05}", k * 40))
            .collect::<BTreeSet<_>>(),
        contacts: vec![],
        today: weekdays[0] - TimeDelta::days(10),
        tz: chrono_tz::Tz::Asia__Tokyo,
    };
    (source, reasons, month)
}

fn bench(c: &mut Criterion) {
    let opts = ViewOptions::new(Lang::Ja);
    let (source, reasons, month) = sendai();
    let data = source.month(month, &reasons);
    c.bench_function("view/sendai_month", |b| {
        b.iter(|| black_box(view::render(&data, &opts)))
    });
    let (source, reasons, month) = national();
    let data = source.month(month, &reasons);
    let (html, totals) = view::render_with_totals(&data, &opts);
    assert_eq!(totals.booked, 20_000);
    eprintln!(
        "national month: {} sessions, {} bookings, {} waiting, page {} bytes",
        totals.sessions,
        totals.booked,
        totals.waiting,
        html.len()
    );
    let mut group = c.benchmark_group("view");
    group.sample_size(10);
    group.bench_function("national_month_20k", |b| {
        b.iter(|| black_box(view::render(&data, &opts)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
