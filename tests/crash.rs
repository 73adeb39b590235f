//! Crash safety: `soudan import`, `allocate` and `request add` are killed with SIGKILL at
//! seeded random moments. After every kill the database opens, passes the integrity check,
//! and holds exactly the state before or after the interrupted command, never a mix.

#![cfg(unix)]

use soudan::integrity::{self, Records, Severity};
use soudan::store::{Store, Table};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const SEED: u64 = 0x50_0DA1;
const KILLS_PER_COMMAND: usize = 20;

/// SplitMix64: a seeded, dependency-free source of kill times.
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

mod common;
use common::tiny;

fn command(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_soudan"));
    c.arg("--db").arg(db).args(args);
    c.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

fn copy_dir(from: &Path, to: &Path) {
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

/// Everything that matters about the data, without timestamps and secrets (which differ
/// between two runs of the same command), after checking integrity.
fn state(db: &Path) -> String {
    let store = Store::open(db, "crash test").expect("the database opens after a kill");
    assert!(store.damaged_values().unwrap().is_empty(), "damaged values");
    let requests = store.requests().unwrap();
    let bookings = store.bookings().unwrap();
    let findings = integrity::check(&Records {
        center: store.center().unwrap().as_ref(),
        agencies: &store.agencies().unwrap(),
        interpreters: &store.interpreters().unwrap(),
        requests: &requests,
        bookings: &bookings,
        subscriptions: &store.subscriptions().unwrap(),
        booking_counter: store.counter("bookings").unwrap(),
    });
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "integrity errors after a kill: {errors:?}"
    );
    let mut s = String::new();
    s += &format!("center {}\n", store.center().unwrap().is_some());
    for r in &requests {
        s += &format!(
            "request {} {:?} {} {}\n",
            r.id, r.status, r.language, r.topic
        );
    }
    for b in &bookings {
        s += &format!(
            "booking {} {} {} {} {} {:?} {:?} {:?} {}\n",
            b.number,
            b.request,
            b.session,
            b.slot,
            b.booth,
            b.interpreter,
            b.mode,
            b.status,
            b.sequence
        );
    }
    let mut subs: Vec<String> = store
        .subscriptions()
        .unwrap()
        .iter()
        .map(|f| format!("{}/{}", f.kind, f.id))
        .collect();
    subs.sort();
    s += &format!("feeds {}\n", subs.join(","));
    s += &format!(
        "counters {} {} log {}\n",
        store.counter("bookings").unwrap(),
        store.counter("log").unwrap(),
        store.table_len(Table::Log)
    );
    s
}

/// Runs `args` on copies of `base`, killing it at random moments; returns how many kills
/// left the state before and after the command.
fn kill_repeatedly(base: &Path, args: &[&str], rng: &mut Rng, work: &Path) -> (usize, usize) {
    let before = state(base);
    // One uninterrupted run gives the "after" state and the command's duration.
    let full = work.join("full.db");
    copy_dir(base, &full);
    let t0 = Instant::now();
    assert!(command(&full, args).status().unwrap().success());
    let duration = t0.elapsed();
    let after = state(&full);
    assert_ne!(before, after, "{args:?} changed nothing");
    let (mut saw_before, mut saw_after) = (0, 0);
    for i in 0..KILLS_PER_COMMAND {
        let db = work.join(format!("kill-{i}.db"));
        copy_dir(base, &db);
        let span = (duration.as_micros() as u64 * 3 / 2).max(1);
        let delay = Duration::from_micros(rng.next() % span);
        let mut child = command(&db, args).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let got = state(&db);
        if got == before {
            saw_before += 1;
        } else if got == after {
            saw_after += 1;
        } else {
            panic!(
                "{args:?} killed after {delay:?} left a mixed state:\n--- got\n{got}\n--- before\n{before}\n--- after\n{after}"
            );
        }
        std::fs::remove_dir_all(&db).unwrap();
    }
    std::fs::remove_dir_all(&full).unwrap();
    (saw_before, saw_after)
}

#[test]
fn sigkill_at_random_moments_never_leaves_a_mix() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path();
    let mut rng = Rng(SEED);
    let tiny = tiny();

    let empty = work.join("empty.db");
    drop(Store::open(&empty, "setup").unwrap());
    let imported = work.join("imported.db");
    copy_dir(&empty, &imported);
    assert!(
        command(&imported, &["import", tiny.to_str().unwrap()])
            .status()
            .unwrap()
            .success()
    );
    let allocated = work.join("allocated.db");
    copy_dir(&imported, &allocated);
    assert!(
        command(&allocated, &["allocate", "--month", "2026-12"])
            .status()
            .unwrap()
            .success()
    );

    let mut totals = (0, 0);
    let runs: [(&Path, Vec<&str>); 3] = [
        (&empty, vec!["import", tiny.to_str().unwrap()]),
        (&imported, vec!["allocate", "--month", "2026-12"]),
        (
            &allocated,
            vec![
                "request",
                "add",
                "--id",
                "R-0100",
                "--language",
                "vi",
                "--topic",
                "labour",
                "--nationality",
                "VN",
                "--received",
                "2026-11-20T10:00",
            ],
        ),
    ];
    for (base, args) in &runs {
        let (b, a) = kill_repeatedly(base, args, &mut rng, work);
        eprintln!("{args:?}: {b} kills before the commit, {a} after");
        totals.0 += b;
        totals.1 += a;
    }
    assert_eq!(totals.0 + totals.1, 3 * KILLS_PER_COMMAND);
    // Kill times span 1.5 times an uninterrupted run, so both outcomes must have occurred;
    // otherwise the harness did not really interrupt commands mid-way.
    assert!(
        totals.0 > 0 && totals.1 > 0,
        "outcomes {totals:?} (seed {SEED})"
    );
}
