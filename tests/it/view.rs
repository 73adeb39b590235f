//! The coordinator's month view (`soudan view`, `view.html` in the snapshot): rendered from
//! the Sendai sample after allocation, checked in a real headless Chromium against the store.

use crate::browser;
use crate::common::{ok, run, soudan};
use serde_json::Value;
use std::path::Path;

const MONTH: &str = "2026-11";
/// A resident name that exists nowhere else: it must not leak without --personal-details.
const MARKER: &str = "Zyxwvut Marker-Qqq";

/// A database with the Sendai sample allocated for [`MONTH`], plus one planted request
/// carrying [`MARKER`] as the resident's name (placed or waiting, it shows in the view).
fn sample_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("db");
    ok(&db, &["demo", "--no-serve", "--month", MONTH]);
    ok(
        &db,
        &[
            "request",
            "add",
            "--name",
            MARKER,
            "--contact",
            "090-0000-0000",
            "--language",
            "ne",
            "--nationality",
            "NP",
            "--residence-status",
            "Engineer",
            "--summary",
            "wage dispute",
            "--tried",
            "none",
            "--topic",
            "labour",
            "--modes",
            "phone",
        ],
    );
    ok(&db, &["allocate", "--month", MONTH]);
    db
}

fn report(db: &Path) -> Value {
    let text = ok(db, &["report", "--month", MONTH, "--format", "json"]);
    serde_json::from_str(&text).expect("report json")
}

#[test]
fn month_view_matches_the_store_in_a_real_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let out = tmp.path().join("month.html");
    ok(
        &db,
        &["view", "--month", MONTH, "--out", out.to_str().unwrap()],
    );
    let html = std::fs::read_to_string(&out).unwrap();
    let rep = report(&db);
    let sessions: u64 = rep["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["sessions"].as_u64().unwrap())
        .sum();
    let booked: u64 = rep["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["booked"].as_u64().unwrap())
        .sum();
    let waiting = rep["waiting"].as_array().unwrap().len();
    assert!(
        sessions > 0 && booked > 0 && waiting > 0,
        "sample has all three"
    );

    // Privacy: no resident name unless asked; the markup has no external reference.
    assert!(
        !html.contains(MARKER),
        "a resident name leaked into the view"
    );
    assert!(
        browser::external_references(&html).is_empty(),
        "{:?}",
        browser::external_references(&html)
    );
    assert!(html.contains("<html lang=\"ja\">"));
    for reason in rep["waiting"].as_array().unwrap() {
        let code = reason["reason"].as_str().unwrap();
        assert!(html.contains(&format!("data-reason=\"{code}\"")), "{code}");
    }

    let Some(b) = browser::browser() else { return };
    let counts = b.evaluate(
        &out,
        "({sessions: document.querySelectorAll('[data-session]').length, \
          bookings: document.querySelectorAll('[data-booking]').length, \
          requests: document.querySelectorAll('[data-request]').length, \
          charts: document.querySelectorAll('svg title').length >= 4 ? document.querySelectorAll('figure svg').length : -1, \
          h1: document.querySelectorAll('h1').length, \
          text: document.body.innerText})",
    );
    let counts: Value = serde_json::from_str(&counts).unwrap();
    assert_eq!(counts["sessions"].as_u64().unwrap(), sessions);
    assert_eq!(counts["bookings"].as_u64().unwrap(), booked);
    assert_eq!(counts["requests"].as_u64().unwrap() as usize, waiting);
    assert_eq!(counts["charts"].as_i64().unwrap(), 4);
    assert_eq!(counts["h1"].as_u64().unwrap(), 1);
    let text = counts["text"].as_str().unwrap();
    let tofu = browser::uncovered_chars(text);
    assert!(tofu.is_empty(), "characters without a glyph: {tofu:?}");
    let png = tmp.path().join("view.png");
    b.screenshot(out.to_str().unwrap(), &png, 1400, 1000);
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
    if let Ok(keep) = std::env::var("SOUDAN_VIEW_SCREENSHOT") {
        std::fs::copy(&png, keep).unwrap();
    }
    let pdf = tmp.path().join("view.pdf");
    b.print_pdf(out.to_str().unwrap(), &pdf);
    let (w, h) = browser::pdf_page_size(&pdf);
    assert!(w > h, "printed landscape: {w}x{h}");
}

#[test]
fn personal_details_and_english_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let out = tmp.path().join("p.html");
    ok(
        &db,
        &[
            "--lang",
            "en",
            "view",
            "--month",
            MONTH,
            "--personal-details",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(MARKER), "asked for names, got none");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Waiting list"));
    // A bad output path is a refusal, not a crash, and leaves nothing behind.
    let o = run(
        &db,
        &["view", "--month", MONTH, "--out", "/nonexistent-dir/x.html"],
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let _ = soudan;
}
