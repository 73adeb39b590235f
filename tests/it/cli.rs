//! Drives the real `soudan` binary against real databases in temp dirs.

use crate::common::{run as soudan, text, tiny};

#[test]
fn demo_loads_the_sample_into_an_empty_database() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let o = soudan(&db, &["demo", "--no-serve", "--month", "2026-12"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(t.contains("内蔵の仙台サンプル（2026-12）"), "{t}");
    assert!(t.contains("機関: 5"), "{t}");
    assert!(t.contains("24言語に対応"), "{t}");
    assert!(t.contains("申込: 80件"), "{t}");
    // A second run keeps the data instead of loading it twice.
    let o = soudan(&db, &["demo", "--no-serve", "--month", "2026-12"]);
    let t = text(&o);
    assert!(t.contains("すでにデータがあります"), "{t}");
    assert!(t.contains("申込: 80件"), "{t}");
}

#[test]
fn broken_csv_row_is_refused_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let ok = soudan(&db, &["import", tiny().to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    let before = soudan(&db, &["status"]);

    let broken = crate::common::copy_folder(&tiny(), &tmp.path().join("broken"));
    let mut requests = std::fs::read_to_string(broken.join("requests.csv")).unwrap();
    requests.push_str("R-0005,2026-11-06T10:00,Test,090,zz,NP,留学,residence,,video,,,normal,x,\n");
    std::fs::write(broken.join("requests.csv"), requests).unwrap();
    // English: the texts checked are the English catalogue's.
    let o = soudan(&db, &["--lang", "en", "import", broken.to_str().unwrap()]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("requests.csv:6: language: `zz` is not a language code"),
        "{t}"
    );
    assert!(t.contains("nothing was imported"), "{t}");
    let after = soudan(&db, &["status"]);
    assert_eq!(after.stdout, before.stdout, "{}", text(&after));
}

#[test]
fn data_survives_reopening() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    assert_eq!(
        soudan(&db, &["import", tiny().to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let first = soudan(&db, &["status"]);
    let second = soudan(&db, &["status"]);
    assert!(String::from_utf8_lossy(&first.stdout).contains("申込: 4件（待ち 4件）"));
    assert_eq!(first.stdout, second.stdout);
    let store = soudan::store::Store::open(&db, "test").unwrap();
    assert_eq!(store.requests().unwrap().len(), 4);
    assert_eq!(store.interpreters().unwrap().len(), 3);
}

#[test]
fn a_database_in_use_names_its_holder() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    let _held = soudan::store::Store::open(&db, "soudan allocate --month 2026-12").unwrap();
    let o = soudan(&db, &["--lang", "en", "status"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains(&format!("in use by pid {}", std::process::id())),
        "{t}"
    );
    assert!(t.contains("soudan allocate --month 2026-12"), "{t}");
    assert!(!t.contains("could not acquire lock"), "{t}");
}

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    assert_eq!(soudan(&db, &["no-such-command"]).status.code(), Some(1));
    let help = soudan(&db, &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("終了コード"));
    assert_eq!(
        soudan(&db, &["demo", "--month", "2026-13"]).status.code(),
        Some(1)
    );
}

#[test]
fn request_add_from_a_file_uses_the_importer_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    assert_eq!(
        soudan(&db, &["import", tiny().to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let file = tmp.path().join("intake.toml");
    std::fs::write(
        &file,
        "language = \"ne\"\ntopic = \"residence\"\nnationality = \"NP\"\nresidence_status = \"留学\"\nmodes = [\"video\", \"phone\"]\nwindows = \"sat 13:00-16:00\"\nsummary = \"在留期間更新の相談。\"\n",
    )
    .unwrap();
    let o = soudan(
        &db,
        &[
            "request",
            "add",
            "--from",
            file.to_str().unwrap(),
            "--priority",
            "high",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("R-0005 を受け付けました（ネパール語、在留資格、優先度 高）"),
        "{}",
        text(&o)
    );
    let store = soudan::store::Store::open(&db, "test").unwrap();
    let r = store.request("R-0005").unwrap().unwrap();
    assert_eq!(r.modes.len(), 2);
    assert_eq!(r.intake.residence_status, "留学");
    drop(store);
    // A bad field is refused with the importer's message, naming the file and field.
    std::fs::write(
        &file,
        "language = \"ne\"\ntopic = \"residence\"\nnationality = \"NP\"\ndeadline = \"someday\"\n",
    )
    .unwrap();
    let o = soudan(
        &db,
        &[
            "--lang",
            "en",
            "request",
            "add",
            "--from",
            file.to_str().unwrap(),
        ],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("intake.toml: deadline: `someday` is not a date"),
        "{t}"
    );
}
