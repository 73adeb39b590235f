//! The interpreter pool (issue 25): claims per second, and a city month's allocation (the
//! Sendai sample, December) with and without the pool.
//!
//! Run: `cargo bench --bench pool`. Starts its own throw-away PostgreSQL cluster like
//! `tests/it/pool.rs` (initdb in a temporary folder, a loopback port; as root via
//! `runuser -u postgres`), or uses `SOUDAN_TEST_PG=URL`. Without PostgreSQL it says so and
//! measures nothing.

use chrono::{DateTime, Duration as Days, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use soudan::model::Month;
use soudan::ops::{self, AllocateOptions, Ctx};
use soudan::pool::{Pool, Want};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

fn now() -> DateTime<Utc> {
    "2026-11-15T00:00:00Z".parse().unwrap()
}

struct Cluster {
    url: String,
    _dir: Option<tempfile::TempDir>,
    stop: Option<(PathBuf, Option<&'static str>, PathBuf)>,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Some((bin, user, data)) = &self.stop {
            let mut c = match user {
                Some(u) => {
                    let mut c = Command::new("runuser");
                    c.args(["-u", u, "--"]).arg(bin.join("pg_ctl"));
                    c
                }
                None => Command::new(bin.join("pg_ctl")),
            };
            let _ = c
                .arg("-D")
                .arg(data)
                .args(["-m", "immediate", "stop"])
                .output();
        }
    }
}

fn cluster() -> Option<Cluster> {
    if let Ok(url) = std::env::var("SOUDAN_TEST_PG") {
        return Some(Cluster {
            url,
            _dir: None,
            stop: None,
        });
    }
    let mut bins: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file())
        .collect();
    bins.sort();
    let bin = bins.pop()?;
    let dir = tempfile::tempdir().unwrap();
    let user = (unsafe { libc::geteuid() } == 0).then_some("postgres");
    if let Some(u) = user {
        Command::new("chown")
            .args(["-R", u, dir.path().to_str().unwrap()])
            .status()
            .unwrap();
    }
    let run = |program: &str, args: &[&str]| {
        let mut c = match user {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(bin.join(program));
                c
            }
            None => Command::new(bin.join(program)),
        };
        let o = c.args(args).current_dir(dir.path()).output().unwrap();
        assert!(o.status.success(), "{program}: {o:?}");
    };
    let data = dir.path().join("data");
    let data_s = data.to_str().unwrap().to_string();
    run(
        "initdb",
        &["-D", &data_s, "-U", "soudan", "--auth=trust", "--no-sync"],
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // Durable like a real server (fsync on): a claim's cost is mostly its commit.
    let opts = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1",
        dir.path().display()
    );
    let log = dir.path().join("log");
    run(
        "pg_ctl",
        &[
            "-D",
            &data_s,
            "-o",
            &opts,
            "-w",
            "-l",
            log.to_str().unwrap(),
            "start",
        ],
    );
    Some(Cluster {
        url: format!("postgres://soudan@127.0.0.1:{port}/postgres"),
        _dir: Some(dir),
        stop: Some((bin, user, data)),
    })
}

fn bench(c: &mut Criterion) {
    let Some(pg) = cluster() else {
        eprintln!(
            "WARNING: benches/pool: no PostgreSQL (apt-get install postgresql); nothing measured"
        );
        return;
    };
    ops::pool_init(&pg.url).unwrap();
    let tmp = tempfile::tempdir().unwrap();

    // Claims per second: one booking per claim transaction (what a hand move costs), each
    // on its own time so none conflicts.
    let claimer = tmp.path().join("claimer");
    {
        let ctx = Ctx::open(&claimer, "bench").unwrap();
        ops::load_sample(&ctx, Month::new(2026, 12).unwrap(), now()).unwrap();
        ops::pool_join(&ctx, &pg.url, "claims", now()).unwrap();
    }
    let mut pool = Pool::connect(&pg.url, "claims").unwrap();
    let n = AtomicU64::new(0);
    let base = now();
    c.bench_function("pool claim (1 booking, 1 transaction)", |b| {
        b.iter(|| {
            let i = n.fetch_add(1, Ordering::Relaxed);
            let start = base + Days::minutes(45 * i as i64);
            pool.claim(&[Want {
                booking_uid: format!("B-{i}.interpreter@soudan"),
                interpreter: format!("bench-{}", i % 20),
                start,
                end: start + Days::minutes(45),
                mode: "video".into(),
            }])
            .unwrap();
        })
    });

    // A city month: the Sendai sample's December, allocated from nothing.
    let month = Month::new(2026, 12).unwrap();
    let template = tmp.path().join("template");
    {
        let ctx = Ctx::open(&template, "bench").unwrap();
        ops::load_sample(&ctx, month, now()).unwrap();
    }
    let fresh = AtomicU64::new(0);
    let copy = |joined: bool| {
        let i = fresh.fetch_add(1, Ordering::Relaxed);
        let db = tmp.path().join(format!("db-{i}"));
        copy_dir(&template, &db);
        if joined {
            // Every sample's center starts from an empty pool (outside the measurement).
            postgres::Client::connect(&pg.url, postgres::NoTls)
                .unwrap()
                .batch_execute("DELETE FROM soudan_pool_centers WHERE id LIKE 'city-%'")
                .unwrap();
            let ctx = Ctx::open(&db, "bench").unwrap();
            ops::pool_join(&ctx, &pg.url, &format!("city-{i}"), now()).unwrap();
        }
        db
    };
    let mut group = c.benchmark_group("city month allocation");
    group.sample_size(10);
    for joined in [false, true] {
        let name = if joined { "with pool" } else { "without pool" };
        group.bench_function(name, |b| {
            b.iter_batched(
                || copy(joined),
                |db| {
                    let ctx = Ctx::open(&db, "bench").unwrap();
                    let a = ops::allocate(&ctx, month, AllocateOptions::default(), now()).unwrap();
                    assert!(!a.changes.bookings.is_empty());
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
