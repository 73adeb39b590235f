//! Import at city scale: 100,000 requests (about 36 MB of CSV) read and validated
//! (`import::load_dir`), and read, validated and committed into a fresh store
//! (`load_dir` + `import::apply`, what `soudan import` does before publishing).
//!
//! Run: `cargo bench --bench import`. Target (issue 10): the whole import under 3 s and
//! 300 MB RSS. Criterion measures the time in-process; `cli_import_100k_requests` runs the
//! real `soudan import` (release binary) into a new database a few times and prints its wall
//! time and peak RSS (`getrusage` of the child), the figures the target is about.

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use soudan::import;
use soudan::ops;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

const REQUESTS: usize = 100_000;

/// The tiny test center with `n` requests of realistic length (Japanese intake texts).
fn folder(dir: &Path, n: usize) -> PathBuf {
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
    let out = dir.join("city");
    std::fs::create_dir_all(&out).unwrap();
    for f in ["center.toml", "agencies.toml", "interpreters.csv"] {
        std::fs::copy(tiny.join(f), out.join(f)).unwrap();
    }
    let langs = ["zh", "ne", "pt", "vi", "en"];
    let mut csv = String::from(
        "id,received,name,contact,language,nationality,residence_status,topic,agency,modes,windows,deadline,priority,summary,tried\n",
    );
    for k in 0..n {
        let topic = if k % 3 == 0 { "labour" } else { "residence" };
        writeln!(
            csv,
            "R-{k:06},2026-11-0{}T10:00,Test Person {k},090-{:04}-0001,{},VN,技能実習,{topic},,in_person;video;phone,sat 13:00-16:00,2026-12-20,normal,\"在留期間の更新について相談したい。会社の書類がそろわない。家族の扶養についても聞きたい。\",入管のウェブサイトを確認した。行政書士にも電話した。",
            1 + k % 9,
            k % 10_000,
            langs[k % langs.len()]
        )
        .unwrap();
    }
    std::fs::write(out.join("requests.csv"), csv).unwrap();
    out
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = folder(tmp.path(), REQUESTS);
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(30));
    g.bench_function("load_100k_requests", |b| {
        b.iter(|| black_box(import::load_dir(&dir, None).expect("valid folder")))
    });
    let mut run = 0;
    g.bench_function("load_and_commit_100k_requests", |b| {
        b.iter(|| {
            run += 1;
            let db = tmp.path().join(format!("db-{run}"));
            let data = import::load_dir(&dir, None).expect("valid folder");
            let ctx = ops::Ctx::open(&db, "bench").unwrap();
            let done =
                ops::import(&ctx, data, "", ops::ImportOptions::default(), Utc::now()).unwrap();
            assert_eq!(done.summary.requests_new, REQUESTS);
            drop(ctx);
            std::fs::remove_dir_all(&db).unwrap();
        })
    });
    g.finish();
    cli_peak(tmp.path(), &dir);
}

/// Runs `soudan --db NEW import DIR` three times; prints each run's wall time and the largest
/// peak RSS of the child processes so far (`ru_maxrss` of `RUSAGE_CHILDREN`, which is a
/// maximum over every child waited for: the first figure is the first run's own peak).
fn cli_peak(tmp: &Path, dir: &Path) {
    for run in 0..3 {
        let db = tmp.join(format!("cli-{run}"));
        let started = std::time::Instant::now();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_soudan"))
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg(dir)
            .env("SOUDAN_NOW", "2026-11-10T09:00:00+09:00")
            .output()
            .expect("soudan runs");
        let wall = started.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // SAFETY: getrusage only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
        assert_eq!(rc, 0);
        println!(
            "import/cli_import_100k_requests run {}: wall {:.2} s, peak RSS so far {} MB (target < 3 s, < 300 MB)",
            run + 1,
            wall.as_secs_f64(),
            usage.ru_maxrss / 1024
        );
        std::fs::remove_dir_all(&db).unwrap();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
