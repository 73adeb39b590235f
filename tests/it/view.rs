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
    // A bad output path (under a file, so no folder can be made) is a refusal, not a crash.
    let under_a_file = out.join("x.html");
    let o = run(
        &db,
        &[
            "view",
            "--month",
            MONTH,
            "--out",
            under_a_file.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let _ = soudan;
}

use crate::common::http::serve;

/// GET over loopback: (status, lowercased headers without `date`, body bytes).
fn get(port: u16, path: &str, headers: &[(&str, &str)]) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let a = crate::common::http::get(port, path, headers);
    let headers = a.headers.into_iter().filter(|(k, _)| k != "date").collect();
    (a.status, headers, a.body)
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[test]
fn served_view_is_the_published_one_behind_the_coordinator_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let listed = ok(&db, &["feeds", "list", "--base-url", "http://x"]);
    let feed = listed
        .lines()
        .find_map(|l| {
            let mut p = l.split_whitespace();
            (p.next()? == "coordinator").then_some(())?;
            p.nth(1)?.strip_prefix("http://x").map(str::to_string)
        })
        .expect("a coordinator feed");
    let base = feed.strip_suffix(".ics").unwrap();
    // `feeds list` names the view's URL too.
    assert!(
        listed.contains(&format!("月間ビュー（center）: http://x{base}/view.html")),
        "{listed}"
    );
    let view_path = format!("{base}/view.html?month={MONTH}");

    // What publish wrote: one view per month and language, the server's answer is that body.
    let snap = soudan::publish::read_current(&soudan::publish::feeds_dir(&db)).unwrap();
    let published = snap
        .views
        .iter()
        .find(|v| v.month == MONTH && v.lang == soudan::feeds::Lang::Ja)
        .expect("the month's view is published");
    let published_html = String::from_utf8(published.body.clone()).unwrap();
    let rep = report(&db);
    assert_eq!(
        published_html.matches("data-session=").count() as u64,
        rep["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["sessions"].as_u64().unwrap())
            .sum::<u64>()
    );

    let server = serve(&db);
    let (status, h, body) = get(server.port, &view_path, &[]);
    assert_eq!(status, 200);
    assert_eq!(body, published.body, "served body is the published one");
    assert_eq!(header(&h, "content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(header(&h, "cache-control"), Some("no-store"));
    assert_eq!(
        header(&h, "content-security-policy"),
        Some("default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    );
    let etag = header(&h, "etag").unwrap().to_string();
    assert_eq!(etag, format!("\"{}\"", published.etag));

    // Revalidation, English, and the default month (the first published: this month).
    let (status, _, body) = get(server.port, &view_path, &[("If-None-Match", &etag)]);
    assert_eq!(status, 304);
    assert!(body.is_empty());
    let (status, _, body) = get(server.port, &format!("{view_path}&lang=en"), &[]);
    assert_eq!(status, 200);
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("<html lang=\"en\">")
    );
    let (status, _, _) = get(server.port, &format!("{base}/view.html"), &[]);
    assert_eq!(status, 200);

    // Wrong secret, unknown month, unknown id: exactly the answer of a wrong feed secret.
    let wrong_feed = get(server.port, &feed.replace(".ics", "x.ics"), &[]);
    assert_eq!(wrong_feed.0, 404);
    let (dir, secret) = base.rsplit_once('/').unwrap();
    for path in [
        format!("{dir}/{secret}x/view.html?month={MONTH}"),
        format!("{base}/view.html?month=1999-01"),
        format!("/feeds/coordinator/nobody/{secret}/view.html"),
        format!("{base}/other.html"),
    ] {
        let answer = get(server.port, &path, &[]);
        assert_eq!(answer, wrong_feed, "{path}");
    }

    // Rotating the coordinator secret takes the view down with the feed (no restart).
    let id = dir.rsplit('/').next().unwrap();
    ok(&db, &["feeds", "rotate", "coordinator", id]);
    let start = std::time::Instant::now();
    while get(server.port, &view_path, &[]).0 != 404 {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "the view still answers at the rotated-out secret"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}
