//! 200 simulated Sendai months (the default of `soudan plan`), each allocated by the real
//! allocator, on 2 threads. Goal: under 10 s on 2 cores.
//!
//! ```text
//! cargo bench --bench plan
//! ```
//!
//! The forecast comes from the built-in profile plus twelve months of history generated
//! from it (`plan::gen`), as in `tests/it/plan.rs`.

use criterion::{Criterion, criterion_group, criterion_main};
use soudan::model::Month;
use soudan::plan::{self, Adjust, Base, History, Profile};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let month: Month = "2026-12".parse().unwrap();
    let data = soudan::sample::load(month).unwrap();
    let base = Base {
        center: data.center.clone(),
        agencies: data.agencies.clone(),
        interpreters: data.interpreters.clone(),
        weights: data.weights,
    };
    let topics: Vec<String> = data.center.topics.iter().map(|t| t.id.clone()).collect();
    let mut months = Vec::new();
    let mut m = month;
    for _ in 0..12 {
        m = m.prev();
        months.push(m);
    }
    let profile = Profile::sendai();
    let history = History {
        requests: plan::r#gen::history(&profile, &topics, &months, 7)
            .into_iter()
            .map(|r| (Month::of(r.received.date()).next(), r))
            .collect(),
    };
    let forecast = plan::forecast(month, &profile, &history);
    let mut g = c.benchmark_group("plan");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("simulate 200 Sendai months, 2 threads", |b| {
        b.iter(|| {
            plan::simulate::simulate(&base, &forecast, &Adjust::default(), 200, 1, 2, None).unwrap()
        })
    });
    let limit = Some(Duration::from_millis(40));
    g.bench_function("simulate 200 Sendai months, 2 threads, 40 ms limit", |b| {
        b.iter(|| {
            plan::simulate::simulate(&base, &forecast, &Adjust::default(), 200, 1, 2, limit)
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
