//! Output files: a missing output folder is created (issue 22), and printable public outputs
//! made with a test base URL carry a 「試し刷り」 mark and a warning.

use crate::common::{ok, sample};
use std::path::Path;

/// A fresh database with the Sendai sample imported for December 2026 and allocated.
fn sample_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("db");
    ok(
        &db,
        &["import", sample().to_str().unwrap(), "--month", "2026-12"],
    );
    ok(&db, &["allocate", "--month", "2026-12"]);
    db
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn missing_output_folders_are_created() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());

    let page = tmp.path().join("sub/dir/index.html");
    ok(&db, &["public", "page", "--out", s(&page)]);
    assert!(page.is_file(), "public page not written to {page:?}");

    let view = tmp.path().join("views/2026/12/month.html");
    ok(&db, &["view", "--month", "2026-12", "--out", s(&view)]);
    assert!(view.is_file(), "view not written to {view:?}");

    let ctx = soudan::ops::Ctx::open(&db, "test").unwrap();
    let booking = ctx.store().bookings().unwrap()[0].number.clone();
    drop(ctx);
    let slip = tmp.path().join("slips/new/one.html");
    ok(&db, &["slip", &booking, "--preview", "--out", s(&slip)]);
    assert!(slip.is_file(), "slip not written to {slip:?}");
}

/// Runs `public poster --lang ja` for December into `path`; returns (file, stderr).
fn poster(db: &Path, path: &Path) -> (String, String) {
    let o = crate::common::run(
        db,
        &[
            "--lang",
            "ja",
            "public",
            "poster",
            "--month",
            "2026-12",
            "--out",
            s(path),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", crate::common::text(&o));
    (
        std::fs::read_to_string(path).unwrap(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_poster_with_a_test_base_url_is_marked_as_a_proof_until_a_real_one_is_set() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());

    let (html, stderr) = poster(&db, &tmp.path().join("proof.html"));
    assert!(html.contains("class=\"proof\""), "no proof mark:\n{html}");
    assert!(html.contains("試し刷り"), "mark not worded");
    assert!(
        html.contains("127.0.0.1"),
        "the poster points at the default address"
    );
    assert!(stderr.contains("試し刷り"), "no warning: {stderr}");
    assert!(
        stderr.contains("soudan public set --base-url"),
        "the warning does not say what to do: {stderr}"
    );

    ok(
        &db,
        &["public", "set", "--base-url", "https://example.org/soudan"],
    );
    let (html, stderr) = poster(&db, &tmp.path().join("real.html"));
    assert!(html.contains("https://example.org/soudan/public/ja.ics"));
    assert!(
        !html.contains("試し刷り"),
        "a real poster is marked:\n{html}"
    );
    assert!(
        !stderr.contains("試し刷り"),
        "warned for a real base URL: {stderr}"
    );
}
