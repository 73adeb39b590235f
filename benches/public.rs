//! What the public site adds to every commit: rendering `index.html` (seven languages, 15 QR
//! codes) and the 42 public calendars of the Sendai sample ([`soudan::ops::public_files`]),
//! which `Ctx::publish` does after the feeds.
//!
//! Run: `cargo bench --bench public`.

use criterion::{Criterion, criterion_group, criterion_main};
use soudan::model::Month;
use soudan::ops::{PublicInputs, public_files};
use soudan::public::PublicSettings;
use std::hint::black_box;

fn inputs() -> PublicInputs {
    let set = soudan::sample::load(Month::new(2026, 12).unwrap()).unwrap();
    PublicInputs {
        center: set.center,
        agencies: set.agencies,
        interpreters: set.interpreters,
        bookings: Vec::new(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 10, 15).unwrap(),
        settings: PublicSettings {
            base_url: "https://soudan.example.org".into(),
            phone: Some("022-000-0000".into()),
            booking_url: None,
        },
    }
}

fn bench(c: &mut Criterion) {
    let inputs = inputs();
    c.bench_function("public_files (sample, 3 months, 7 languages)", |b| {
        b.iter(|| black_box(public_files(black_box(&inputs)).unwrap()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
