//! Input that must not hurt: `request add --from` of special files, terminal escape sequences
//! in stored names, formula-leading cells in `report --format csv`, huge text fields.

use crate::common::{self, ok, run, text, tiny};
use soudan::store::{Batch, Store};
use std::path::Path;

fn tiny_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("soudan.db");
    ok(&db, &["import", tiny().to_str().unwrap()]);
    db
}

#[test]
fn request_add_from_dev_zero_or_a_fifo_is_refused_without_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tiny_db(tmp.path());
    let zero = tmp.path().join("intake.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let o = run(&db, &["request", "add", "--from", zero.to_str().unwrap()]);
    common::assert_refused(&o, "not a regular file (a device)");
    let fifo = tmp.path().join("pipe.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let o = run(&db, &["request", "add", "--from", fifo.to_str().unwrap()]);
    common::assert_refused(&o, "not a regular file (a pipe)");
}

#[test]
fn request_add_from_a_non_intake_file_does_not_echo_it() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tiny_db(tmp.path());
    let o = run(&db, &["request", "add", "--from", "/etc/passwd"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("root:"), "{stderr}");
}

#[test]
fn request_show_contact_neutralises_terminal_escapes() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tiny_db(tmp.path());
    // Stored by an older version (import now refuses control characters).
    {
        let store = Store::open(&db, "test").unwrap();
        let mut r = store.request("R-0001").unwrap().unwrap();
        r.contact.name = "Li\u{1b}]0;owned\u{7}\u{1b}[2J".into();
        r.intake.summary = "line 1\nline 2\u{9b}31m".into();
        let mut batch = Batch::new();
        batch.put_request(&r).unwrap();
        store.commit(batch).unwrap();
    }
    let out = ok(&db, &["request", "show", "R-0001", "--contact"]);
    assert!(
        !out.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{out:?}"
    );
    assert!(out.contains("Li\\u{1b}]0;owned\\u{7}\\u{1b}[2J"), "{out}");
    assert!(out.contains("line 1\nline 2\\u{9b}31m"), "{out}");
}

#[test]
fn report_csv_cells_cannot_start_a_formula() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = crate::common::copy_folder(&tiny(), &tmp.path().join("in"));
    let requests = std::fs::read_to_string(tiny().join("requests.csv"))
        .unwrap()
        .replace("R-0004,", "-R4,");
    std::fs::write(dir.join("requests.csv"), requests).unwrap();
    let db = tmp.path().join("soudan.db");
    ok(&db, &["import", dir.to_str().unwrap()]);
    let csv = ok(&db, &["report", "--month", "2026-12", "--format", "csv"]);
    assert!(csv.contains("'-R4"), "{csv}");
    for line in csv.lines() {
        for cell in line.split(',') {
            assert!(
                !cell.trim_matches('"').starts_with(['=', '+', '-', '@']),
                "{line}"
            );
        }
    }
}

#[test]
fn a_huge_center_address_is_refused_quickly_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = crate::common::copy_folder(&tiny(), &tmp.path().join("in"));
    let center = std::fs::read_to_string(tiny().join("center.toml"))
        .unwrap()
        .replace("仙台市青葉区", &"仙".repeat(300_000));
    std::fs::write(dir.join("center.toml"), center).unwrap();
    let db = tmp.path().join("soudan.db");
    let o = run(&db, &["--lang", "en", "import", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("center.toml:5: address: is longer than 500 characters (300000 in all)"),
        "{}",
        text(&o)
    );
}
