//! The shared interpreter pool (issue 25) against a real PostgreSQL.
//!
//! Each test gets its own throw-away cluster ([`Pg`]): `initdb` in a temporary folder, a free
//! loopback port, `pg_ctl start`, and `pg_ctl stop -m immediate` when the test ends. The
//! binaries are looked for in `/usr/lib/postgresql/*/bin` (Debian's `postgresql` package; 15
//! on this project's machines) and on `PATH`. `initdb` refuses to run as root, so as root the
//! cluster runs as the `postgres` user that package creates (`runuser -u postgres`, the
//! folder handed to that user), or `nobody` without it. With `SOUDAN_TEST_PG=URL` the tests
//! that only need a server use that one instead, a fresh database each. Without PostgreSQL
//! the tests say so loudly and pass, except under `CI`, where they fail: `.ci/run` installs
//! `postgresql`.
//!
//! What is checked: three centers allocating at the same moment over many rounds never hold
//! one interpreter twice (from the pool table, from every center's bookings and from every
//! center's interpreter feeds); SIGKILL of `allocate` at named points (after the claim,
//! after the local commit) and at random moments never leaves a double booking, and
//! reconciliation leaves exactly the holds of the local bookings, with `soudan check` clean;
//! a stopped server refuses cleanly and changes nothing, and `allocate
//! --without-pool-interpreters` then books only the interpreters no other center has; an
//! interpreter's published feed shows the other centers' holds as busy blocks without
//! details, its agency and coordinator feeds nothing of them.

use crate::common;
use crate::feeds_fixture::check::{ParsedEvent, parse_events};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use soudan::feeds::Lang;
use soudan::model::BookingStatus;
use soudan::model::FeedKind;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const MONTH: &str = "2026-12";

/// The bin folder of PostgreSQL's server programs, if installed.
fn pg_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    found.sort();
    if let Some(b) = found.pop() {
        return Some(b);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|p| p.join("initdb").is_file() && p.join("pg_ctl").is_file())
}

/// Says loudly that the tests cannot run; panics under CI, which must be able to.
fn available(why: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{why}; CI must install it: apt-get install postgresql");
    }
    eprintln!(
        "\nWARNING: pool tests SKIPPED: {why}\n         install PostgreSQL (apt-get install postgresql) or set SOUDAN_TEST_PG=URL"
    );
}

/// A throw-away PostgreSQL cluster (or a database on `SOUDAN_TEST_PG`).
struct Pg {
    url: String,
    /// `Some` for our own cluster: its folder, bin folder and the user it runs as.
    own: Option<(tempfile::TempDir, PathBuf, Option<&'static str>)>,
    port: u16,
}

impl Pg {
    /// A server for a test: `SOUDAN_TEST_PG` if set (and `own` not required), else our own.
    fn start(own: bool) -> Option<Pg> {
        if !own && let Ok(admin) = std::env::var("SOUDAN_TEST_PG") {
            return Some(Pg::on(&admin));
        }
        let Some(bin) = pg_bin() else {
            available("PostgreSQL's initdb/pg_ctl were not found");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let root = unsafe { libc::geteuid() } == 0;
        let user = root.then(|| {
            if Command::new("id")
                .arg("postgres")
                .output()
                .is_ok_and(|o| o.status.success())
            {
                "postgres"
            } else {
                "nobody"
            }
        });
        if let Some(u) = user {
            let ok = Command::new("chown")
                .args(["-R", u, dir.path().to_str().unwrap()])
                .status()
                .unwrap()
                .success();
            assert!(ok, "chown the cluster folder to {u}");
        }
        let run = |program: &str, args: &[&str]| -> std::process::Output {
            let program = bin.join(program);
            let mut c = match user {
                Some(u) => {
                    let mut c = Command::new("runuser");
                    c.args(["-u", u, "--"]).arg(&program);
                    c
                }
                None => Command::new(&program),
            };
            c.args(args).current_dir(dir.path()).output().unwrap()
        };
        let data = dir.path().join("data");
        let data_s = data.to_str().unwrap().to_string();
        let o = run(
            "initdb",
            &[
                "-D",
                &data_s,
                "-U",
                "soudan",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        assert!(o.status.success(), "initdb: {}", common::text(&o));
        let port = free_port();
        let opts = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50",
            dir.path().display()
        );
        let log = dir.path().join("log");
        let o = run(
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
        assert!(o.status.success(), "pg_ctl start: {}", common::text(&o));
        Some(Pg {
            // The password is ignored (trust) but must never be printed.
            url: format!("postgres://soudan:pw-secret-123@127.0.0.1:{port}/postgres"),
            own: Some((dir, bin, user)),
            port,
        })
    }

    /// A fresh database on the server at `admin`.
    fn on(admin: &str) -> Pg {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "soudan_test_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let mut c = postgres::Client::connect(admin, postgres::NoTls).expect("SOUDAN_TEST_PG");
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin);
        Pg {
            url: format!("{base}/{name}"),
            own: None,
            port: 0,
        }
    }

    fn pg_ctl(&self, args: &[&str]) -> std::process::Output {
        let (dir, bin, user) = self.own.as_ref().expect("our own cluster");
        let data = dir.path().join("data");
        let mut c = match user {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(bin.join("pg_ctl"));
                c
            }
            None => Command::new(bin.join("pg_ctl")),
        };
        c.arg("-D").arg(&data).args(args).output().unwrap()
    }

    /// Stops the server at once (as a crash would).
    fn stop(&self) {
        let o = self.pg_ctl(&["-m", "immediate", "-w", "stop"]);
        assert!(o.status.success(), "pg_ctl stop: {}", common::text(&o));
    }

    /// Starts it again after [`Pg::stop`].
    fn restart(&self) {
        let (dir, _, _) = self.own.as_ref().unwrap();
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50",
            self.port,
            dir.path().display()
        );
        let log = dir.path().join("log");
        let o = self.pg_ctl(&["-o", &opts, "-w", "-l", log.to_str().unwrap(), "start"]);
        assert!(o.status.success(), "pg_ctl start: {}", common::text(&o));
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        if self.own.is_some() {
            let _ = self.pg_ctl(&["-m", "immediate", "-w", "stop"]);
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
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

/// A hold as (center, booking uid, interpreter, start, end, leased).
type Row = (String, String, String, DateTime<Utc>, DateTime<Utc>, bool);

fn holds(pg: &Pg) -> Vec<Row> {
    holds_of(&mut pg.client())
}

/// [`holds`] over a connection open already.
fn holds_of(client: &mut postgres::Client) -> Vec<Row> {
    client
        .query(
            "SELECT center, booking_uid, interpreter, lower(during), upper(during), \
                    lease_until IS NOT NULL FROM soudan_pool_holds",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
        .collect()
}

/// (interpreter, start, end, who) overlapping pairs of different `who`.
fn doubles<W: PartialEq + std::fmt::Debug + Clone>(
    mut v: Vec<(String, DateTime<Utc>, DateTime<Utc>, W)>,
) -> Vec<String> {
    v.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut out = Vec::new();
    for (i, a) in v.iter().enumerate() {
        for b in &v[i + 1..] {
            if b.0 != a.0 || b.1 >= a.2 {
                break;
            }
            if a.3 != b.3 {
                out.push(format!("{a:?} and {b:?}"));
            }
        }
    }
    out
}

/// Holds of different centers that overlap for one interpreter.
fn pool_doubles(rows: &[Row]) -> Vec<String> {
    doubles(
        rows.iter()
            .map(|r| (r.2.clone(), r.3, r.4, r.0.clone()))
            .collect(),
    )
}

fn tokyo(t: NaiveDateTime) -> DateTime<Utc> {
    chrono_tz::Asia::Tokyo
        .from_local_datetime(&t)
        .earliest()
        .unwrap()
        .to_utc()
}

/// The clock every test command runs at ([`common::TEST_NOW`]).
fn test_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(common::TEST_NOW)
        .unwrap()
        .to_utc()
}

/// A center's confirmed bookings with interpreters, as (uid, interpreter, start, end).
fn local(db: &Path) -> Vec<(String, String, DateTime<Utc>, DateTime<Utc>)> {
    local_of(
        &common::bookings_by_number(db)
            .into_values()
            .collect::<Vec<_>>(),
    )
}

/// [`local`] of bookings read already.
fn local_of(bookings: &[soudan::model::Booking]) -> Local {
    bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .filter_map(|b| {
            Some((
                format!("{}.interpreter@soudan", b.number),
                b.interpreter.clone()?,
                tokyo(b.start),
                tokyo(b.end),
            ))
        })
        .collect()
}

/// A center's confirmed bookings with interpreters, see [`local`].
type Local = Vec<(String, String, DateTime<Utc>, DateTime<Utc>)>;

/// Bookings of different centers that overlap for one interpreter.
fn local_doubles(locals: &[(String, Local)]) -> Vec<String> {
    doubles(
        locals
            .iter()
            .flat_map(|(c, l)| l.iter().map(|(_, i, s, e)| (i.clone(), *s, *e, c.clone())))
            .collect(),
    )
}

fn locals(dbs: &[(String, PathBuf)]) -> Vec<(String, Local)> {
    dbs.iter().map(|(c, db)| (c.clone(), local(db))).collect()
}

/// A center's published feed (its current snapshot, what `soudan serve` hands out).
fn published(db: &Path, kind: FeedKind, id: &str, lang: Lang) -> String {
    let snap = soudan::publish::read_current(&soudan::publish::feeds_dir(db)).unwrap();
    let f = snap
        .feeds
        .into_iter()
        .find(|f| f.kind == kind && f.id == id && f.lang == lang)
        .unwrap_or_else(|| panic!("{kind}/{id}/{lang} published in {}", db.display()));
    String::from_utf8(f.body).unwrap()
}

/// Whether a feed event is a busy block (another center's hold) rather than a booking.
fn is_busy(e: &ParsedEvent) -> bool {
    e.uid.starts_with("busy.")
}

/// Every center's published interpreter feeds, parsed with the icalendar crate: bookings of
/// different centers never overlap for one interpreter; a busy block (another center's
/// hold, shown without details) never overlaps a booking of its own feed, and is a hold
/// of another center in the pool (`rows`). Returns the problems.
fn feed_doubles(dbs: &[(String, PathBuf)], interpreters: &[&str], rows: &[Row]) -> Vec<String> {
    let mut all = Vec::new();
    let mut problems = Vec::new();
    for (c, db) in dbs {
        for i in interpreters {
            let events = parse_events(&published(db, FeedKind::Interpreter, i, Lang::Ja));
            let (busy, bookings): (Vec<_>, Vec<_>) = events.iter().partition(|e| is_busy(e));
            for e in &bookings {
                if e.status.as_deref() == Some("CONFIRMED") {
                    all.push((i.to_string(), e.start, e.end, c.clone()));
                }
            }
            for b in &busy {
                if let Some(e) = bookings.iter().find(|e| e.start < b.end && b.start < e.end) {
                    problems.push(format!("{c}/{i}: busy block {b:?} over its booking {e:?}"));
                }
                if !rows
                    .iter()
                    .any(|r| &r.0 != c && r.2 == *i && r.3 == b.start && r.4 == b.end)
                {
                    problems.push(format!(
                        "{c}/{i}: busy block {b:?} is no other center's hold"
                    ));
                }
            }
        }
    }
    assert!(!all.is_empty(), "the interpreter feeds show bookings");
    problems.extend(doubles(all));
    problems
}

/// Imports the tiny fixture into `db` and joins it to the pool as `center`.
fn center(pg: &Pg, db: &Path, center: &str) {
    common::ok(db, &["import", common::tiny().to_str().unwrap()]);
    let out = common::ok(db, &["pool", "join", &pg.url, "--center", center]);
    assert!(!out.contains("pw-secret-123"), "password shown: {out}");
    assert!(out.contains("***"), "{out}");
}

/// A temporary folder in memory (`/dev/shm`) where there is one: the many rounds of the
/// concurrency test create and delete thousands of small files (database copies, feed
/// snapshots), which on a disk file system cost more than the allocations themselves.
fn memory_tempdir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(t) = tempfile::Builder::new()
            .prefix("soudan-pool-")
            .tempdir_in(shm)
    {
        return t;
    }
    tempfile::tempdir().unwrap()
}

fn rounds(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Three centers, the same interpreters and sessions: every round all three allocate the
/// month at the same moment from an empty pool, so they race for the same slots.
#[test]
fn three_centers_allocating_at_once_never_book_an_interpreter_twice() {
    let Some(pg) = Pg::start(false) else { return };
    let tmp = memory_tempdir();
    let init = common::ok(tmp.path(), &["pool", "init", &pg.url]);
    assert!(!init.contains("pw-secret-123"), "{init}");
    // Idempotent.
    common::ok(tmp.path(), &["pool", "init", &pg.url]);
    let names = ["city", "prefecture", "town"];
    let templates: Vec<PathBuf> = names
        .iter()
        .map(|n| {
            let t = tmp.path().join(format!("template-{n}"));
            center(&pg, &t, n);
            t
        })
        .collect();
    let dbs: Vec<(String, PathBuf)> = names
        .iter()
        .map(|n| (n.to_string(), tmp.path().join(n)))
        .collect();
    // The 200 rounds (SOUDAN_POOL_ROUNDS to change; BENCHMARKS.md has the time).
    let n = rounds("SOUDAN_POOL_ROUNDS", 200);
    let started = Instant::now();
    let mut contested = 0;
    let mut admin = pg.client();
    for round in 0..n {
        // Every center starts the round with no bookings, and the pool with no holds.
        admin
            .batch_execute("DELETE FROM soudan_pool_holds")
            .unwrap();
        std::thread::scope(|s| {
            for ((_, db), t) in dbs.iter().zip(&templates) {
                s.spawn(|| copy_dir(t, db));
            }
        });
        // The first and the last round run the real binary, three processes; the others
        // call the same use case in this process (three threads, three databases, three
        // PostgreSQL connections), which is what makes 200 rounds affordable.
        let binary = round == 0 || round + 1 == n;
        let locals = if binary {
            let children: Vec<_> = dbs
                .iter()
                .map(|(_, db)| {
                    let mut c = common::soudan(db)
                        .args(["--lang", "en", "allocate", "--month", MONTH])
                        .command();
                    c.stdout(std::process::Stdio::null())
                        .stderr(std::process::Stdio::piped());
                    c.spawn().unwrap()
                })
                .collect();
            for c in children {
                let o = c.wait_with_output().unwrap();
                assert_eq!(
                    o.status.code(),
                    Some(0),
                    "round {round}: {}",
                    common::text(&o)
                );
            }
            locals(&dbs)
        } else {
            let start = std::sync::Arc::new(std::sync::Barrier::new(dbs.len()));
            let threads: Vec<_> = dbs
                .iter()
                .map(|(c, db)| {
                    let (c, db, start) = (c.clone(), db.clone(), start.clone());
                    std::thread::spawn(move || {
                        let ctx = soudan::ops::Ctx::open(&db, "pool test").unwrap();
                        start.wait();
                        let month = MONTH.parse().unwrap();
                        soudan::ops::allocate(&ctx, month, Default::default(), test_now())
                            .unwrap_or_else(|e| panic!("round {round}: {c}: {e}"));
                        (c, local_of(&ctx.store().bookings().unwrap()))
                    })
                })
                .collect();
            threads.into_iter().map(|t| t.join().unwrap()).collect()
        };
        let rows = holds_of(&mut admin);
        assert!(
            rows.iter().all(|r| !r.5),
            "round {round}: leases left: {rows:?}"
        );
        let d = pool_doubles(&rows);
        assert!(d.is_empty(), "round {round}: pool double bookings {d:?}");
        let d = local_doubles(&locals);
        assert!(d.is_empty(), "round {round}: local double bookings {d:?}");
        // Every local booking with an interpreter has its hold, and no hold more.
        for (c, l) in &locals {
            let mut want: Vec<_> = l
                .iter()
                .map(|(u, i, s, e)| (c.clone(), u.clone(), i.clone(), *s, *e))
                .collect();
            let mut have: Vec<_> = rows
                .iter()
                .filter(|r| &r.0 == c)
                .map(|r| (r.0.clone(), r.1.clone(), r.2.clone(), r.3, r.4))
                .collect();
            want.sort();
            have.sort();
            assert_eq!(want, have, "round {round}: {c}'s holds");
        }
        // The three all want the one Chinese interpreter: each got a different slot.
        let zh: Vec<_> = rows.iter().filter(|r| r.2 == "staff-zh-01").collect();
        assert_eq!(zh.len(), 3, "round {round}: {rows:?}");
        if zh.iter().any(|r| r.3 != zh[0].3) {
            contested += 1;
        }
        if binary || round % 10 == 0 {
            let d = feed_doubles(
                &dbs,
                &["staff-zh-01", "remote-ne-01", "remote-pt-01"],
                &rows,
            );
            assert!(d.is_empty(), "round {round}: feed double bookings {d:?}");
        }
    }
    assert_eq!(
        contested, n,
        "every round placed the shared interpreter three times apart"
    );
    eprintln!(
        "pool: {n} rounds of 3 concurrent allocations in {:?}",
        started.elapsed()
    );
    // Status names the centers, never the password.
    let status = common::ok(&dbs[0].1, &["pool", "status"]);
    for c in names {
        assert!(status.contains(c), "{status}");
    }
    assert!(!status.contains("pw-secret-123"), "{status}");
}

/// SplitMix64: seeded kill moments.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// After reconciliation the pool holds exactly this center's bookings, confirmed.
fn assert_reconciled(pg: &Pg, c: &str, db: &Path, when: &str) {
    let out = common::ok(db, &["pool", "reconcile"]);
    assert!(!out.contains("pw-secret-123"), "{out}");
    let rows = holds(pg);
    let mut want: Vec<_> = local(db)
        .into_iter()
        .map(|(u, i, s, e)| (u, i, s, e, false))
        .collect();
    let mut have: Vec<_> = rows
        .iter()
        .filter(|r| r.0 == c)
        .map(|r| (r.1.clone(), r.2.clone(), r.3, r.4, r.5))
        .collect();
    want.sort();
    have.sort();
    assert_eq!(want, have, "{when}: {c}'s holds after reconcile ({out})");
}

/// `allocate` killed after its claim, after its local commit, and at random moments.
#[test]
fn killed_allocations_leave_no_double_booking_and_no_lost_hold() {
    let Some(pg) = Pg::start(false) else { return };
    let tmp = tempfile::tempdir().unwrap();
    common::ok(tmp.path(), &["pool", "init", &pg.url]);
    let names = ["city", "prefecture"];
    let templates: Vec<PathBuf> = names
        .iter()
        .map(|n| {
            let t = tmp.path().join(format!("template-{n}"));
            center(&pg, &t, n);
            t
        })
        .collect();
    let dbs: Vec<(String, PathBuf)> = names
        .iter()
        .map(|n| (n.to_string(), tmp.path().join(n)))
        .collect();
    for ((_, db), t) in dbs.iter().zip(&templates) {
        copy_dir(t, db);
    }
    let kills = rounds("SOUDAN_POOL_KILLS", 300);
    let mut rng = Rng(0x0090_0125);
    let mut killed = [0usize; 3];
    // Whether a center may hold bookings (its last run committed, or was killed at random).
    let mut maybe_booked = [false; 2];
    let mut i = 0;
    while killed.iter().sum::<usize>() < kills {
        i += 1;
        let which = (rng.next() % 2) as usize;
        let (c, db) = &dbs[which];
        // A center whose month is booked: reconcile, check it matches, start it afresh.
        if maybe_booked[which] && !local(db).is_empty() {
            assert_reconciled(&pg, c, db, &format!("iteration {i}"));
            copy_dir(&templates[which], db);
        }
        let how = rng.next() % 3;
        let mut cmd = common::soudan(db)
            .args(["allocate", "--month", MONTH])
            .quiet();
        match how {
            0 => cmd = cmd.env("SOUDAN_FAULT_POINT", "pool-after-claim"),
            1 => cmd = cmd.env("SOUDAN_FAULT_POINT", "pool-after-commit"),
            _ => {}
        }
        let mut child = cmd.spawn();
        let status = if how == 2 {
            std::thread::sleep(Duration::from_millis(rng.next() % 250));
            let _ = child.kill();
            child.wait().unwrap()
        } else {
            child.wait().unwrap()
        };
        if status.signal() == Some(libc::SIGKILL) {
            killed[how as usize] += 1;
        } else {
            assert_eq!(status.code(), Some(0), "iteration {i}: allocate");
        }
        maybe_booked[which] = how != 0 || status.signal() != Some(libc::SIGKILL);
        // At every moment: no interpreter held twice (the pool, each run), none booked twice
        // (the centers' databases, every few runs: opening them is the slow part).
        let rows = holds(&pg);
        let d = pool_doubles(&rows);
        assert!(d.is_empty(), "iteration {i}: pool double bookings {d:?}");
        if how < 2 && status.signal() == Some(libc::SIGKILL) {
            // Killed between the two stores: the claim is there, leased, not confirmed.
            assert!(
                rows.iter().any(|r| &r.0 == c && r.5),
                "iteration {i}: no leased hold after a kill at point {how}: {rows:?}"
            );
        }
        if i % 8 == 0 {
            let d = local_doubles(&locals(&dbs));
            assert!(d.is_empty(), "iteration {i}: local double bookings {d:?}");
        }
        assert!(
            i < kills * 4,
            "too few kills landed: {killed:?} in {i} runs"
        );
    }
    eprintln!("pool: kills after claim / after commit / at random: {killed:?} in {i} runs");
    assert!(killed[0] > 0 && killed[1] > 0, "{killed:?}");
    for (c, db) in &dbs {
        assert_reconciled(&pg, c, db, "the end");
        let o = common::run(db, &["check"]);
        assert_eq!(o.status.code(), Some(0), "check {c}: {}", common::text(&o));
    }
    assert!(pool_doubles(&holds(&pg)).is_empty());
}

/// The server stops: commits that need the pool are refused and change nothing; once it is
/// back, the same command goes through.
#[test]
fn a_stopped_pool_refuses_cleanly_and_changes_nothing() {
    let Some(pg) = Pg::start(true) else { return };
    let tmp = tempfile::tempdir().unwrap();
    common::ok(tmp.path(), &["pool", "init", &pg.url]);
    let db = tmp.path().join("city");
    let other = tmp.path().join("town");
    center(&pg, &db, "city");
    center(&pg, &other, "town");
    common::ok(&other, &["allocate", "--month", MONTH]);
    let before = common::bookings_by_number(&db);
    // An allocation that claimed and died before its local commit, the server then gone:
    // its claim stays leased in the stopped server, the database has nothing of it.
    let o = common::soudan(&db)
        .args(["allocate", "--month", MONTH])
        .env("SOUDAN_FAULT_POINT", "pool-after-claim")
        .output();
    assert_eq!(
        o.status.signal(),
        Some(libc::SIGKILL),
        "{}",
        common::text(&o)
    );
    assert!(holds(&pg).iter().any(|r| r.0 == "city" && r.5));
    assert_eq!(common::bookings_by_number(&db), before);
    pg.stop();
    // allocate: refused before anything is solved or written.
    let o = common::run(&db, &["allocate", "--month", MONTH]);
    common::assert_refused(&o, "接続できません");
    assert!(
        !common::text(&o).contains("pw-secret-123"),
        "{}",
        common::text(&o)
    );
    assert_eq!(common::bookings_by_number(&db), before);
    // A cancellation of a booked request (the release needs the pool) in the other center.
    let booked = common::bookings_by_number(&other);
    let o = common::run(&other, &["--lang", "en", "request", "cancel", "R-0001"]);
    common::assert_refused(&o, "cannot be reached");
    assert_eq!(
        common::bookings_by_number(&other),
        booked,
        "nothing half-written"
    );
    let o = common::run(&db, &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::text(&o));
    // Read-only commands still work without the pool.
    common::ok(&db, &["request", "list"]);
    pg.restart();
    common::ok(&db, &["allocate", "--month", MONTH]);
    assert_reconciled(&pg, "city", &db, "after the restart");
    assert_reconciled(&pg, "town", &other, "after the restart");
    let rows = holds(&pg);
    assert!(pool_doubles(&rows).is_empty(), "{rows:?}");
    assert!(rows.iter().all(|r| !r.5), "{rows:?}");
    assert_eq!(
        rows.iter().filter(|r| r.0 == "city").count(),
        local(&db).len()
    );
}

/// Two centers share an interpreter; the other center books it: this center's interpreter
/// feed shows one busy block at that time, without any detail of the other's booking, and
/// its agency and coordinator feeds show nothing of it.
#[test]
fn an_interpreters_feed_shows_the_other_centers_holds_as_busy_blocks() {
    use icalendar::{Component, EventLike};
    let Some(pg) = Pg::start(false) else { return };
    let tmp = tempfile::tempdir().unwrap();
    common::ok(tmp.path(), &["pool", "init", &pg.url]);
    let a = tmp.path().join("city");
    let b = tmp.path().join("town");
    center(&pg, &a, "city");
    center(&pg, &b, "town");
    common::ok(&b, &["allocate", "--month", MONTH]);
    let theirs: Vec<_> = local(&b)
        .into_iter()
        .filter(|(_, i, _, _)| i == "staff-zh-01")
        .collect();
    assert_eq!(theirs.len(), 1, "town booked the Chinese interpreter once");
    let (uid, _, start, end) = theirs[0].clone();
    let number = uid.split('.').next().unwrap().to_string();
    // The next sync of the city (here by hand) caches the hold and publishes.
    common::ok(&a, &["pool", "reconcile"]);
    let details = [
        number.as_str(),
        "town",
        "中国語",
        "Chinese",
        "在留",
        "Residence",
        "仙台",
        "Sendai",
    ];
    let mut uids = Vec::new();
    for lang in [Lang::Ja, Lang::En] {
        let body = published(&a, FeedKind::Interpreter, "staff-zh-01", lang);
        let events = parse_events(&body);
        let busy: Vec<_> = events.iter().filter(|e| is_busy(e)).collect();
        assert_eq!(busy.len(), 1, "{lang}: {events:?}");
        assert_eq!(events.len(), 1, "the city has no bookings yet: {events:?}");
        let e = busy[0];
        assert_eq!((e.start, e.end), (start, end), "{e:?}");
        let title = if lang == Lang::Ja {
            "予定あり"
        } else {
            "Busy"
        };
        assert_eq!(e.summary, title);
        assert_eq!(e.description, "", "no description");
        assert_eq!(e.status.as_deref(), Some("CONFIRMED"));
        let cal: icalendar::Calendar = body.parse().unwrap();
        let ev = cal.events().next().unwrap();
        assert_eq!(ev.property_value("TRANSP"), Some("OPAQUE"));
        assert_eq!(ev.get_location(), None, "no location");
        // Nothing of the other center's booking in the event's text.
        let text = body.split("BEGIN:VEVENT").nth(1).unwrap();
        for d in details {
            assert!(!text.contains(d), "{d:?} in the busy block: {text}");
        }
        uids.push(e.uid.clone());
        // The interpreters town did not book elsewhere at that time show nothing more.
        for i in ["remote-ne-01", "remote-pt-01"] {
            let n = local(&b).iter().filter(|(_, x, _, _)| x == i).count();
            let busy = parse_events(&published(&a, FeedKind::Interpreter, i, lang))
                .into_iter()
                .filter(is_busy)
                .count();
            assert_eq!(busy, n, "{i}");
        }
    }
    assert_eq!(uids[0], uids[1], "one UID in both languages");
    // The agency and coordinator feeds of the city show nothing of it.
    let snap = soudan::publish::read_current(&soudan::publish::feeds_dir(&a)).unwrap();
    for f in snap
        .feeds
        .iter()
        .filter(|f| f.kind != FeedKind::Interpreter)
    {
        let body = String::from_utf8(f.body.clone()).unwrap();
        let events = parse_events(&body);
        assert!(
            events
                .iter()
                .all(|e| !is_busy(e) && !e.uid.starts_with("B-")),
            "{}/{}: {events:?}",
            f.kind,
            f.id
        );
    }
    // The city allocates: its bookings keep clear of the busy block, which stays, under
    // the same UID.
    common::ok(&a, &["allocate", "--month", MONTH]);
    let events = parse_events(&published(
        &a,
        FeedKind::Interpreter,
        "staff-zh-01",
        Lang::Ja,
    ));
    let busy: Vec<_> = events.iter().filter(|e| is_busy(e)).collect();
    assert_eq!(busy.len(), 1, "{events:?}");
    assert_eq!(busy[0].uid, uids[0], "a stable UID");
    let own: Vec<_> = events.iter().filter(|e| e.uid.starts_with("B-")).collect();
    assert_eq!(own.len(), 1, "{events:?}");
    assert!(own[0].end <= start || own[0].start >= end, "{events:?}");
    let rows = holds(&pg);
    let d = feed_doubles(
        &[("city".into(), a.clone()), ("town".into(), b.clone())],
        &["staff-zh-01"],
        &rows,
    );
    assert!(d.is_empty(), "{d:?}");
    // Out of the pool, the block goes.
    common::ok(&a, &["pool", "leave"]);
    let events = parse_events(&published(
        &a,
        FeedKind::Interpreter,
        "staff-zh-01",
        Lang::Ja,
    ));
    assert!(events.iter().all(|e| !is_busy(e)), "{events:?}");
}

/// The pool stops: `allocate` refuses and names `--without-pool-interpreters`; with it, only
/// the interpreters no other center has are booked (as of the last sync), the outcome says
/// so, nothing is claimed; without any sync ever, it refuses; once the pool is back,
/// `soudan pool reconcile` claims what was booked.
#[test]
fn without_the_pool_only_interpreters_outside_it_are_booked() {
    let Some(pg) = Pg::start(true) else { return };
    let tmp = tempfile::tempdir().unwrap();
    common::ok(tmp.path(), &["pool", "init", &pg.url]);
    // The city has a Chinese interpreter of its own; the other two it shares with the town.
    let folder = common::copy_folder(&common::tiny(), &tmp.path().join("city-folder"));
    let csv = folder.join("interpreters.csv");
    let text = std::fs::read_to_string(&csv)
        .unwrap()
        .replace("staff-zh-01", "city-zh-01");
    std::fs::write(&csv, text).unwrap();
    let db = tmp.path().join("city");
    common::ok(&db, &["import", folder.to_str().unwrap()]);
    common::ok(&db, &["pool", "join", &pg.url, "--center", "city"]);
    let town = tmp.path().join("town");
    center(&pg, &town, "town");
    common::ok(&town, &["allocate", "--month", MONTH]);
    // The city's last sync: it learns which of its interpreters are shared.
    common::ok(&db, &["pool", "reconcile"]);
    let never = tmp.path().join("never");
    copy_dir(&db, &never);
    pg.stop();
    let before = common::bookings_by_number(&db);
    let o = common::run(&db, &["allocate", "--month", MONTH]);
    common::assert_refused(&o, "接続できません");
    common::assert_refused(&o, "--without-pool-interpreters");
    assert_eq!(common::bookings_by_number(&db), before);
    // A database that never synced cannot know which interpreters are shared.
    {
        let store = soudan::store::Store::open(&never, "test").unwrap();
        let mut batch = soudan::store::Batch::new();
        batch.delete(soudan::store::Table::Meta, soudan::store::POOL_CACHE_KEY);
        store.commit(batch).unwrap();
    }
    let o = common::run(
        &never,
        &["allocate", "--month", MONTH, "--without-pool-interpreters"],
    );
    common::assert_refused(&o, "一度もプールと照合していない");
    assert!(common::bookings_by_number(&never).is_empty());
    // With the option: the city's own interpreter is booked, the shared ones are not.
    let out = common::ok(
        &db,
        &["allocate", "--month", MONTH, "--without-pool-interpreters"],
    );
    assert!(out.contains("プールの通訳者"), "{out}");
    assert!(out.contains("soudan pool reconcile"), "{out}");
    assert!(out.contains("照合時点"), "{out}");
    assert!(!out.contains("pw-secret-123"), "{out}");
    let booked = local(&db);
    assert_eq!(
        booked.iter().map(|b| b.1.as_str()).collect::<Vec<_>>(),
        vec!["city-zh-01"],
        "{booked:?}"
    );
    let all = common::bookings_by_number(&db);
    assert!(
        all.values()
            .any(|b| b.status == BookingStatus::Confirmed && b.interpreter.is_none()),
        "the booking without interpreter is made too: {all:?}"
    );
    let o = common::run(&db, &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::text(&o));
    // Nothing was claimed: the city has no hold in the pool yet.
    pg.restart();
    assert!(holds(&pg).iter().all(|r| r.0 != "city"));
    // Back: the next sync claims what was booked meanwhile.
    assert_reconciled(&pg, "city", &db, "after the pool came back");
    assert!(pool_doubles(&holds(&pg)).is_empty());
    assert!(
        local_doubles(&locals(&[
            ("city".into(), db.clone()),
            ("town".into(), town.clone())
        ]))
        .is_empty()
    );
}
