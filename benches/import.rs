//! Import at city scale: 100,000 requests (about 36 MB of CSV) read and validated
//! (`import::load_dir`), and read, validated and committed into a fresh store
//! (`load_dir` + `import::apply`, what `soudan import` does before publishing).
//!
//! Run: `cargo bench --bench import`. Target (issue 10): the whole import under 3 s and
//! 300 MB RSS; peak memory is measured on the CLI (see BENCHMARKS.md), criterion measures time.

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
                ops::import(&ctx, &data, "", ops::ImportOptions::default(), Utc::now()).unwrap();
            assert_eq!(done.summary.requests_new, REQUESTS);
            drop(ctx);
            std::fs::remove_dir_all(&db).unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
