//! The console beside the CLI (issue 23): how many home pages and intakes a second the
//! console answers when every request opens the database, and how long a CLI command waits
//! for the database while the console is busy.
//!
//! Run: `cargo bench --bench console`. Calls `Console::handle` directly (no sockets: what is
//! measured is the console's own work, opening the database included); the wait is measured
//! from a second thread opening the database as a CLI command does while a first thread
//! answers home pages back to back, and is printed as median / p99 / max.

use criterion::{Criterion, criterion_group, criterion_main};
use soudan::console::{Console, ConsoleOptions, Method, Request, SESSION_COOKIE};
use soudan::model::{Month, Role};
use soudan::ops::{self, AllocateOptions, Ctx};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-11-15T00:00:00Z".parse().unwrap()
}

fn request(
    method: Method,
    path: &str,
    cookies: &[(String, String)],
    form: Vec<(String, String)>,
) -> Request {
    Request {
        method,
        path: path.into(),
        query: Vec::new(),
        cookies: cookies.to_vec(),
        form,
        client: None,
    }
}

/// A sample database allocated for December, a coordinator, and a logged-in session:
/// the console, its cookies and the CSRF token.
fn setup(dir: &Path) -> (Console, Vec<(String, String)>, String) {
    let db = dir.join("db");
    {
        let ctx = Ctx::open(&db, "bench").unwrap();
        let month: Month = "2026-12".parse().unwrap();
        ops::load_sample(&ctx, month, now()).unwrap();
        ops::allocate(&ctx, month, AllocateOptions::default(), now()).unwrap();
        ops::staff_add(&ctx, "佐藤", Role::Coordinator, "bench password", now()).unwrap();
    }
    let console = Console::new(
        db,
        ConsoleOptions {
            now: Some(now()),
            ..ConsoleOptions::default()
        },
    );
    let login = console.handle(&request(Method::Get, "/login", &[], Vec::new()));
    let cookie = |r: &soudan::console::Response, name: &str| {
        r.headers
            .iter()
            .filter(|(n, _)| *n == "set-cookie")
            .find_map(|(_, v)| {
                v.strip_prefix(&format!("{name}="))?
                    .split(';')
                    .next()
                    .map(str::to_string)
            })
            .unwrap()
    };
    let login_token = cookie(&login, "soudan_login");
    let jar = vec![("soudan_login".to_string(), login_token.clone())];
    let done = console.handle(&request(
        Method::Post,
        "/login",
        &jar,
        vec![
            ("csrf".into(), login_token),
            ("user".into(), "佐藤".into()),
            ("password".into(), "bench password".into()),
        ],
    ));
    assert_eq!(done.status, 303, "login");
    let jar = vec![(SESSION_COOKIE.to_string(), cookie(&done, SESSION_COOKIE))];
    let home = console.handle(&request(Method::Get, "/requests/new", &jar, Vec::new()));
    let html = String::from_utf8(home.body).unwrap();
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    (console, jar, csrf)
}

fn intake(csrf: &str, i: usize) -> Vec<(String, String)> {
    [
        ("csrf", csrf.to_string()),
        ("name", format!("山田 花子 {i}")),
        ("contact", "090-0000-0000".into()),
        ("language", "ネパール語".into()),
        ("nationality", "NP".into()),
        ("residence_status", "家族滞在".into()),
        ("topic", "labour".into()),
        ("priority", "normal".into()),
        ("modes", "in_person".into()),
        ("day_sat", "1".into()),
        ("from_sat", "10:00".into()),
        ("to_sat", "16:00".into()),
        ("summary", "残業代が支払われない。".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (console, jar, csrf) = setup(dir.path());
    let mut g = c.benchmark_group("console");
    g.sample_size(30).measurement_time(Duration::from_secs(8));
    g.bench_function("home page (open, read, render, close)", |b| {
        b.iter(|| {
            let r = console.handle(&request(Method::Get, "/", &jar, Vec::new()));
            assert_eq!(r.status, 200);
            black_box(r.body.len())
        })
    });
    let mut i = 0;
    g.bench_function("intake POST (open, check, commit, publish, close)", |b| {
        b.iter(|| {
            i += 1;
            let r = console.handle(&request(Method::Post, "/requests", &jar, intake(&csrf, i)));
            assert_eq!(r.status, 303, "{}", String::from_utf8_lossy(&r.body));
            black_box(r.status)
        })
    });
    g.finish();

    // The wait a CLI command sees while the console answers home pages back to back.
    let console = Arc::new(console);
    let stop = Arc::new(AtomicBool::new(false));
    let busy = {
        let (console, stop, jar) = (Arc::clone(&console), Arc::clone(&stop), jar.clone());
        std::thread::spawn(move || {
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) {
                let r = console.handle(&request(Method::Get, "/", &jar, Vec::new()));
                assert_eq!(r.status, 200);
                n += 1;
            }
            n
        })
    };
    let db = dir.path().join("db");
    let mut waits = Vec::new();
    let started = Instant::now();
    while waits.len() < 200 {
        let t = Instant::now();
        let ctx = Ctx::open_waiting(&db, "soudan request list", Duration::ZERO).unwrap();
        waits.push(t.elapsed());
        drop(ctx);
        std::thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, Ordering::Relaxed);
    let pages = busy.join().unwrap();
    waits.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "CLI open while the console is busy: {} opens, {} home pages meanwhile ({:.0}/s); wait median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        waits.len(),
        pages,
        f64::from(pages) / started.elapsed().as_secs_f64(),
        ms(waits[waits.len() / 2]),
        ms(waits[waits.len() * 99 / 100]),
        ms(*waits.last().unwrap()),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
