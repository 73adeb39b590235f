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
