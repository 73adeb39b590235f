//! A bounded load run of the feed server over loopback, with a writer publishing new
//! snapshots while the clients read.
//!
//! ```text
//! cargo bench --bench load                          # 10 s, 100 clients, 50 agencies
//! SOUDAN_LOAD_SECS=30 cargo bench --bench load      # the run in BENCHMARKS.md
//! ```
//!
//! What it does:
//! - builds a world of `SOUDAN_LOAD_AGENCIES` (50) agencies with 100 confirmed bookings each,
//!   subscribes each agency, renders every feed (ja and en) and publishes the snapshot;
//! - starts the real server (`Server::bind` on 127.0.0.1:0, `ServerOptions::default()`, so
//!   the 500 ms poll interval and the failure limit are the production ones) on its own
//!   2-worker runtime, as `soudan serve` does;
//! - runs `SOUDAN_LOAD_CLIENTS` (100) keep-alive HTTP/1.1 clients on a second 2-worker
//!   runtime; client `i` fetches feed `i mod (2 × agencies)` (ja, then en) in a loop, with
//!   no pause, for `SOUDAN_LOAD_SECS` seconds (default 10, at most 600) or until
//!   `SOUDAN_LOAD_MAX_REQUESTS` requests in all (default 5,000,000);
//! - meanwhile a writer thread changes one booking of every agency and publishes, every
//!   `SOUDAN_LOAD_PUBLISH_SECS` seconds (default 3), so that every feed gets a new ETag; it
//!   stops 3 s before the end so its last publish can still be seen;
//! - records every request's latency and, per client, when it first saw each ETag.
//!
//! With `SOUDAN_LOAD_CONDITIONAL=1` the clients revalidate with `If-None-Match` and the
//! last ETag they saw, so most answers are 304s, as with calendar clients that honour
//! ETags.
//!
//! **Staleness** of a publish for a client is the time from the publish returning (the new
//! `current` is in place) to that client's first response carrying the new ETag. The
//! documented bound is the poll interval plus 1 s of margin (loading a snapshot, a request
//! in flight, a busy machine).
//!
//! It exits with a failure if any request failed, if a client never saw a publish, or if a
//! staleness exceeded the bound. Without `--bench` (as under `cargo test --benches`) it does
//! a 2-second smoke run with 10 clients and 5 agencies that checks only for errors.

use chrono::{NaiveDate, NaiveTime, TimeDelta, Utc};
use soudan::feeds::{self, FeedInputs, Lang, RenderedFeed};
use soudan::model::*;
use soudan::publish;
use soudan::server::{Server, ServerOptions};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const BOOKINGS_PER_AGENCY: usize = 100;

#[derive(Debug, Clone)]
struct Config {
    secs: u64,
    clients: usize,
    agencies: usize,
    publish_every: Duration,
    max_requests: u64,
    /// Clients revalidate with `If-None-Match` (mostly 304s), as calendar clients that
    /// honour ETags do.
    conditional: bool,
    enforce_staleness: bool,
}

fn env_num(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a whole number")),
        Err(_) => default,
    }
}

impl Config {
    fn from_env() -> Config {
        let bench = std::env::args().any(|a| a == "--bench");
        if !bench {
            return Config {
                secs: 2,
                clients: 10,
                agencies: 5,
                publish_every: Duration::from_millis(700),
                max_requests: 200_000,
                conditional: false,
                enforce_staleness: false,
            };
        }
        Config {
            secs: env_num("SOUDAN_LOAD_SECS", 10).clamp(4, 600),
            clients: env_num("SOUDAN_LOAD_CLIENTS", 100).clamp(1, 1_000) as usize,
            agencies: env_num("SOUDAN_LOAD_AGENCIES", 50).clamp(1, 500) as usize,
            publish_every: Duration::from_secs(env_num("SOUDAN_LOAD_PUBLISH_SECS", 3).max(1)),
            max_requests: env_num("SOUDAN_LOAD_MAX_REQUESTS", 5_000_000).max(1),
            conditional: env_num("SOUDAN_LOAD_CONDITIONAL", 0) != 0,
            enforce_staleness: true,
        }
    }
}

/// The generated data, as the feeds take it.
type World = FeedInputs;

/// `agencies` agencies, each with sessions on three days (8 one-hour slots x 5 booths) and
/// 100 confirmed bookings with intake text, as a busy month looks.
fn world(agencies: usize) -> World {
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let days = BOOKINGS_PER_AGENCY.div_ceil(40);
    let now = Utc::now();
    let interpreters: Vec<Interpreter> = ["Asia/Tokyo", "America/Sao_Paulo", "Asia/Manila"]
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
    let mut all_agencies = Vec::with_capacity(agencies);
    let mut requests = Vec::new();
    let mut bookings = Vec::new();
    let mut subscriptions = Vec::new();
    for a in 0..agencies {
        let id = format!("agency-{a:03}");
        let extras = (0..days)
            .map(|d| ExtraSession {
                date: first + TimeDelta::days(d as i64),
                start: t(9),
                end: t(17),
                slot_minutes: 60,
                booths: 5,
                modes: Mode::ALL.to_vec(),
            })
            .collect();
        all_agencies.push(Agency {
            id: id.clone(),
            name_ja: format!("相談機関{a}"),
            name_en: format!("Agency {a}"),
            topics: vec!["residence".into()],
            languages: vec!["ja".into()],
            show_personal_details: false,
            patterns: vec![],
            extras,
            cancelled: vec![],
        });
        for k in 0..BOOKINGS_PER_AGENCY {
            let (day, rest) = (k / 40, k % 40);
            let (slot, booth) = (rest / 5, rest % 5 + 1);
            let date = first + TimeDelta::days(day as i64);
            let rid = format!("R{a}-{k}");
            requests.push(Request {
                id: rid.clone(),
                received: date.and_time(t(8)),
                language: "pt".into(),
                topic: "residence".into(),
                agency: Some(id.clone()),
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
                    name: format!("Resident {a}-{k}"),
                    contact: "090-0000-0000".into(),
                },
                status: RequestStatus::Booked,
            });
            bookings.push(Booking {
                number: format!("B-{a:03}-{k:03}"),
                request: rid,
                session: format!("{id}-{date}"),
                agency: id.clone(),
                slot: slot as u32,
                start: date.and_time(t(9 + slot as u32)),
                end: date.and_time(t(10 + slot as u32)),
                booth: booth as u32,
                interpreter: Some(format!("int-{}", k % 3)),
                mode: Some(Mode::Video),
                sequence: 1,
                status: BookingStatus::Confirmed,
                created: now,
                updated: now,
            });
        }
        subscriptions.push(FeedSubscription {
            kind: FeedKind::Agency,
            id,
            secret: publish::generate_secret().unwrap(),
            personal_details: false,
            show_cancelled: false,
            session_blocks: false,
        });
    }
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
        agencies: all_agencies,
        interpreters,
        requests,
        bookings,
        subscriptions,
        session_months: Vec::new(),
        // The earliest clock: every generated booking is inside the feeds' window.
        now: chrono::DateTime::<chrono::Utc>::MIN_UTC,
        options: feeds::FeedOptions::default(),
        busy: Vec::new(),
    }
}

fn render(w: &World) -> Vec<RenderedFeed> {
    let set = feeds::render_all(&w.data(), &w.subscriptions).unwrap();
    assert!(
        set.skipped.is_empty(),
        "bookings skipped: {:?}",
        set.skipped
    );
    for f in &set.feeds {
        assert_eq!(f.events, BOOKINGS_PER_AGENCY, "{}/{}", f.id, f.lang);
    }
    set.feeds
}

/// One publish as the clients should see it.
struct Published {
    version: String,
    /// When `publish` returned (it replaces `current`, then fsyncs and prunes old versions).
    done: Instant,
    /// Feed index (as the clients number them) -> ETag.
    etags: Vec<String>,
}

/// The feeds clients fetch, in client order: every agency in ja, then every agency in en.
fn feed_order(w: &World) -> Vec<(String, Lang, String)> {
    let mut v = Vec::new();
    for lang in [Lang::Ja, Lang::En] {
        for s in &w.subscriptions {
            v.push((s.id.clone(), lang, s.secret.clone()));
        }
    }
    v
}

fn etags_in_order(order: &[(String, Lang, String)], feeds: &[RenderedFeed]) -> Vec<String> {
    let by_key: HashMap<(&str, Lang), &str> = feeds
        .iter()
        .map(|f| ((f.id.as_str(), f.lang), f.etag.as_str()))
        .collect();
    order
        .iter()
        .map(|(id, lang, _)| by_key[&(id.as_str(), *lang)].to_owned())
        .collect()
}

/// What one client measured.
#[derive(Default)]
struct ClientLog {
    feed: usize,
    latencies_us: Vec<u32>,
    /// Answers with a body (200); the others were 304.
    full: u64,
    errors: u64,
    /// (when first seen, quoted ETag), in order.
    seen: Vec<(Instant, String)>,
}

struct Conn {
    r: BufReader<TcpStream>,
    body: Vec<u8>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> std::io::Result<Conn> {
        let s = TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        Ok(Conn {
            r: BufReader::new(s),
            body: Vec::new(),
        })
    }

    /// One request; returns (status, ETag header).
    async fn get(&mut self, request: &[u8]) -> std::io::Result<(u16, Option<String>)> {
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_owned());
        self.r.get_mut().write_all(request).await?;
        let mut line = String::new();
        if self.r.read_line(&mut line).await? == 0 {
            return Err(bad("closed"));
        }
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("status line"))?;
        let (mut len, mut etag) = (0usize, None);
        loop {
            line.clear();
            if self.r.read_line(&mut line).await? == 0 {
                return Err(bad("closed in headers"));
            }
            if line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().map_err(|_| bad("content-length"))?;
                } else if k.eq_ignore_ascii_case("etag") {
                    etag = Some(v.trim().to_owned());
                }
            }
        }
        self.body.resize(len, 0);
        self.r.read_exact(&mut self.body).await?;
        Ok((status, etag))
    }
}

async fn client(
    addr: SocketAddr,
    feed: usize,
    path: String,
    conditional: bool,
    deadline: Instant,
    budget: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
) -> ClientLog {
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    let mut log = ClientLog {
        feed,
        ..ClientLog::default()
    };
    let mut conn: Option<Conn> = None;
    while Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
        if budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| b.checked_sub(1))
            .is_err()
        {
            break;
        }
        let c = match conn.as_mut() {
            Some(c) => c,
            None => match Conn::open(addr).await {
                Ok(c) => conn.insert(c),
                Err(_) => {
                    log.errors += 1;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        let started = Instant::now();
        match c.get(request.as_bytes()).await {
            Ok((status @ (200 | 304), Some(etag))) if status == 200 || conditional => {
                let now = Instant::now();
                log.full += u64::from(status == 200);
                log.latencies_us
                    .push(u32::try_from((now - started).as_micros()).unwrap_or(u32::MAX));
                if log.seen.last().is_none_or(|(_, e)| *e != etag) {
                    if conditional {
                        request = format!(
                            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: {etag}\r\n\r\n"
                        );
                    }
                    log.seen.push((now, etag));
                }
            }
            Ok(_) | Err(_) => {
                log.errors += 1;
                conn = None;
            }
        }
    }
    log
}

fn percentile(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(us: u32) -> String {
    format!("{:.2} ms", f64::from(us) / 1000.0)
}

fn rusage() -> (Duration, u64) {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (tv(u.ru_utime) + tv(u.ru_stime), u.ru_maxrss as u64)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// The writer: every `every`, move one booking of every agency forward in sequence and
/// publish; returns one record per publish.
fn writer(
    mut w: World,
    dir: &Path,
    order: &[(String, Lang, String)],
    every: Duration,
    until: Instant,
) -> (Vec<Published>, Vec<(Duration, Duration)>) {
    let mut published = Vec::new();
    let mut costs = Vec::new();
    let mut round = 0usize;
    let mut next = Instant::now() + every;
    // Bounded by time and by count.
    while round < 10_000 {
        let wait = next.saturating_duration_since(Instant::now());
        if Instant::now() + wait >= until {
            break;
        }
        std::thread::sleep(wait);
        next += every;
        round += 1;
        let started = Instant::now();
        let stamp = Utc::now();
        for a in 0..w.agencies.len() {
            let b = &mut w.bookings[a * BOOKINGS_PER_AGENCY + round % BOOKINGS_PER_AGENCY];
            b.sequence += 1;
            b.updated = stamp;
        }
        let feeds = render(&w);
        let rendered = Instant::now();
        let out = publish::publish(dir, &feeds, stamp).unwrap();
        let done = Instant::now();
        assert!(out.published && out.changed == feeds.len(), "{out:?}");
        costs.push((rendered - started, done - rendered));
        published.push(Published {
            version: out.version,
            done,
            etags: etags_in_order(order, &feeds),
        });
    }
    (published, costs)
}

/// Polls `current` every 2 ms until `until` and records when each version became current:
/// the instant staleness is measured from (to within the polling step).
fn watch_current(dir: &Path, until: Instant) -> HashMap<String, Instant> {
    let mut seen = HashMap::new();
    let mut last = None;
    while Instant::now() < until {
        if let Ok(Some(v)) = publish::current_version(dir)
            && last.as_ref() != Some(&v)
        {
            seen.entry(v.clone()).or_insert_with(Instant::now);
            last = Some(v);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    seen
}

fn main() {
    let cfg = Config::from_env();
    let started_load = loadavg();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    eprintln!(
        "load run: {} s, {} clients, {} agencies ({} feeds), publish every {:?}, at most {} requests; {} cores, load average {}",
        cfg.secs,
        cfg.clients,
        cfg.agencies,
        cfg.agencies * 2,
        cfg.publish_every,
        cfg.max_requests,
        cores,
        started_load
    );
    let w = world(cfg.agencies);
    let order = feed_order(&w);
    let tmp = tempfile::tempdir().unwrap();
    let dir = publish::feeds_dir(tmp.path());
    let t = Instant::now();
    let initial = render(&w);
    let render_time = t.elapsed();
    publish::publish(&dir, &initial, Utc::now()).unwrap();
    let body_bytes: Vec<usize> = initial.iter().map(|f| f.body.len()).collect();
    eprintln!(
        "feeds: {} bodies of {}..{} bytes ({} events each); first render {:?}",
        body_bytes.len(),
        body_bytes.iter().min().unwrap(),
        body_bytes.iter().max().unwrap(),
        BOOKINGS_PER_AGENCY,
        render_time
    );
    let initial_etags = etags_in_order(&order, &initial);

    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("server")
        .enable_all()
        .build()
        .unwrap();
    let options = ServerOptions::default();
    let poll = options.poll_interval;
    let (addr, stop_server, server_task) = server_rt.block_on(async {
        let bound = Server::bind("127.0.0.1:0".parse().unwrap(), &dir, options)
            .await
            .unwrap();
        let addr = bound.local_addr();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(bound.run(async {
            let _ = rx.await;
        }));
        (addr, tx, task)
    });

    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("client")
        .enable_all()
        .build()
        .unwrap();
    let begin = Instant::now();
    let deadline = begin + Duration::from_secs(cfg.secs);
    let writer_until = deadline - Duration::from_secs(3).min(Duration::from_secs(cfg.secs) / 2);
    let budget = Arc::new(AtomicU64::new(cfg.max_requests));
    let stop = Arc::new(AtomicBool::new(false));
    let handles: Vec<_> = (0..cfg.clients)
        .map(|i| {
            let feed = i % order.len();
            let (id, lang, secret) = &order[feed];
            let q = if *lang == Lang::En { "?lang=en" } else { "" };
            let path = format!("/feeds/agency/{id}/{secret}.ics{q}");
            client_rt.spawn(client(
                addr,
                feed,
                path,
                cfg.conditional,
                deadline,
                Arc::clone(&budget),
                Arc::clone(&stop),
            ))
        })
        .collect();
    let watch_dir = dir.clone();
    let watcher = std::thread::spawn(move || watch_current(&watch_dir, deadline));
    let writer_order = order.clone();
    let writer_dir = dir.clone();
    let every = cfg.publish_every;
    let writer =
        std::thread::spawn(move || writer(w, &writer_dir, &writer_order, every, writer_until));
    let logs: Vec<ClientLog> = client_rt.block_on(async {
        let mut logs = Vec::new();
        for h in handles {
            logs.push(h.await.unwrap());
        }
        logs
    });
    let elapsed = begin.elapsed();
    stop.store(true, Ordering::Relaxed);
    let (published, publish_costs) = writer.join().unwrap();
    let became_current = watcher.join().unwrap();
    let (cpu, max_rss_kb) = rusage();
    let _ = stop_server.send(());
    server_rt.block_on(async {
        let _ = tokio::time::timeout(Duration::from_secs(10), server_task).await;
    });

    // Throughput and latency.
    let mut lat: Vec<u32> = logs
        .iter()
        .flat_map(|l| l.latencies_us.iter().copied())
        .collect();
    lat.sort_unstable();
    let ok = lat.len() as u64;
    let errors: u64 = logs.iter().map(|l| l.errors).sum();
    let rps = ok as f64 / elapsed.as_secs_f64();
    let bytes: u64 = logs
        .iter()
        .map(|l| l.full * body_bytes[l.feed % body_bytes.len()] as u64)
        .sum();

    // Staleness: per publish and client, from the moment `current` named the new version
    // to the first response with that publish's ETag for the client's feed.
    let mut stale: Vec<Duration> = Vec::new();
    let mut per_publish_max: Vec<Duration> = Vec::new();
    let mut missed = 0usize;
    let mut after_return = 0usize;
    for p in &published {
        let Some(&current_at) = became_current.get(&p.version) else {
            missed += logs.len();
            continue;
        };
        let mut worst = Duration::ZERO;
        for l in &logs {
            let want = format!("\"{}\"", p.etags[l.feed]);
            match l.seen.iter().find(|(_, e)| *e == want) {
                Some((t, _)) => {
                    after_return += usize::from(*t > p.done);
                    let d = t.saturating_duration_since(current_at);
                    worst = worst.max(d);
                    stale.push(d);
                }
                None => missed += 1,
            }
        }
        per_publish_max.push(worst);
    }
    stale.sort_unstable();
    let initial_seen = logs
        .iter()
        .filter(|l| {
            l.seen
                .first()
                .is_some_and(|(_, e)| *e == format!("\"{}\"", initial_etags[l.feed]))
        })
        .count();
    let bound = poll + Duration::from_secs(1);
    let max_stale = stale.last().copied().unwrap_or_default();
    let pct = |p: f64| {
        if stale.is_empty() {
            Duration::ZERO
        } else {
            stale[((stale.len() - 1) as f64 * p).round() as usize]
        }
    };
    let median_max = |mut v: Vec<Duration>| {
        v.sort_unstable();
        (
            v.get(v.len() / 2).copied().unwrap_or_default(),
            v.last().copied().unwrap_or_default(),
        )
    };
    let render_cost = median_max(publish_costs.iter().map(|c| c.0).collect());
    let publish_cost = median_max(publish_costs.iter().map(|c| c.1).collect());

    println!("== feed server load run ==");
    println!(
        "config: {} s, {} keep-alive clients{}, {} agency feeds x 2 languages, publish every {:?}, poll interval {:?}",
        cfg.secs,
        cfg.clients,
        if cfg.conditional {
            " revalidating with If-None-Match"
        } else {
            " with plain GETs"
        },
        cfg.agencies,
        cfg.publish_every,
        poll
    );
    println!(
        "machine: {cores} cores; load average before {started_load}, after {}",
        loadavg()
    );
    let full: u64 = logs.iter().map(|l| l.full).sum();
    println!(
        "requests: {ok} ok ({full} x 200, {} x 304), {errors} errors, {:.1} s -> {rps:.0} req/s, {:.1} MB/s of bodies",
        ok - full,
        elapsed.as_secs_f64(),
        bytes as f64 / elapsed.as_secs_f64() / 1e6
    );
    println!(
        "latency: p50 {}, p90 {}, p99 {}, max {}",
        ms(percentile(&lat, 0.50)),
        ms(percentile(&lat, 0.90)),
        ms(percentile(&lat, 0.99)),
        ms(lat.last().copied().unwrap_or(0))
    );
    println!(
        "publishes: {} (render all feeds: median {:?}, max {:?}; publish with fsyncs: median {:?}, max {:?})",
        published.len(),
        render_cost.0,
        render_cost.1,
        publish_cost.0,
        publish_cost.1
    );
    println!(
        "staleness over {} (publish, client) pairs: p50 {:?}, p99 {:?}, max {:?}; worst per publish {:?}; missed {missed}; bound {:?}",
        stale.len(),
        pct(0.5),
        pct(0.99),
        max_stale,
        per_publish_max,
        bound
    );
    println!(
        "(publish, client) pairs first served after publish() returned: {after_return}/{} (the rest were served while it was still fsyncing and pruning)",
        stale.len()
    );
    println!(
        "clients that first saw the initial snapshot: {initial_seen}/{}",
        logs.len()
    );
    println!(
        "process (server + clients + writer): {:.1} CPU-s in {:.1} s wall ({:.0} % of one core), max RSS {} MB",
        cpu.as_secs_f64(),
        elapsed.as_secs_f64(),
        100.0 * cpu.as_secs_f64() / elapsed.as_secs_f64(),
        max_rss_kb / 1024
    );

    let mut failed = Vec::new();
    if errors > 0 {
        failed.push(format!("{errors} failed requests"));
    }
    if ok == 0 {
        failed.push("no successful request".into());
    }
    if cfg.enforce_staleness {
        if published.is_empty() {
            failed.push("no publish happened during the run".into());
        }
        if missed > 0 {
            failed.push(format!(
                "{missed} (publish, client) pairs never saw the new ETag"
            ));
        }
        if max_stale > bound {
            failed.push(format!("staleness {max_stale:?} over the bound {bound:?}"));
        }
    }
    if failed.is_empty() {
        println!("result: PASS");
    } else {
        println!("result: FAIL: {}", failed.join("; "));
        std::process::exit(1);
    }
}
