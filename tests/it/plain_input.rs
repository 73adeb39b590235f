//! Issue 22: input as staff write it (languages and topics by name, slashed dates and months,
//! the coming `M/D`, booking and request numbers without their zeros, interpreters by name),
//! names in `interpreter list`, and slots counted from 1 in every refusal.

use crate::common::{self, assert_refused, bookings_by_number, ok, run, text};
use soudan::store::Store;
use std::path::{Path, PathBuf};

/// The Sendai sample imported for 2026-12 and allocated.
fn sample_db(tmp: &Path) -> PathBuf {
    let db = tmp.join("soudan.db");
    let sample = common::sample();
    ok(
        &db,
        &["import", sample.to_str().unwrap(), "--month", "2026/12"],
    );
    ok(&db, &["allocate", "--month", "2026年12月"]);
    db
}

fn stored_request(db: &Path, id: &str) -> soudan::model::Request {
    let store = Store::open(db, "test").unwrap();
    store.request(id).unwrap().expect("the request is stored")
}

#[test]
fn a_request_is_added_with_names_and_a_slashed_deadline() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let out = ok(
        &db,
        &[
            "request",
            "add",
            "--id",
            "R-9001",
            "--language",
            "ベトナム語",
            "--topic",
            "労働",
            "--nationality",
            "VN",
            "--deadline",
            "2027/1/20",
        ],
    );
    assert!(out.contains("R-9001"), "{out}");
    let r = stored_request(&db, "R-9001");
    assert_eq!(r.language, "vi");
    assert_eq!(r.topic, "labour");
    assert_eq!(
        r.deadline.map(|d| d.to_string()).as_deref(),
        Some("2027-01-20")
    );

    // A month and day alone is the coming one (the test clock is 2026-10-15, Asia/Tokyo).
    ok(
        &db,
        &[
            "request",
            "add",
            "--id",
            "R-9002",
            "--language",
            "Vietnamese",
            "--topic",
            "labour",
            "--nationality",
            "VN",
            "--deadline",
            "1/20",
        ],
    );
    let r = stored_request(&db, "R-9002");
    assert_eq!(
        r.deadline.map(|d| d.to_string()).as_deref(),
        Some("2027-01-20")
    );

    // `other:` with a known language is that language's code.
    ok(
        &db,
        &[
            "request",
            "add",
            "--id",
            "R-9003",
            "--language",
            "other:シンハラ",
            "--topic",
            "労働",
            "--nationality",
            "LK",
        ],
    );
    assert_eq!(stored_request(&db, "R-9003").language, "si");

    // A request by its number without zeros.
    let shown = ok(&db, &["request", "show", "r-9003"]);
    assert!(shown.contains("R-9003"), "{shown}");
}

#[test]
fn unknown_or_ambiguous_names_are_refused_with_what_would_be_understood() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let before = Store::open(&db, "test").unwrap().requests().unwrap().len();
    let add = |language: &str, topic: &str| {
        run(
            &db,
            &[
                "request",
                "add",
                "--language",
                language,
                "--topic",
                topic,
                "--nationality",
                "VN",
            ],
        )
    };
    assert_refused(&add("Vietnamse", "労働"), "ベトナム語 (vi) のことですか");
    assert_refused(&add("ウ", "労働"), "ウクライナ語 (uk)");
    let o = add("vi", "年金労働");
    assert_refused(&o, "相談分野「年金労働」はありません");
    assert_refused(
        &o,
        "労働（賃金・解雇・労働条件・労災・ハラスメント） (labour)",
    );
    let o = run(
        &db,
        &[
            "request",
            "add",
            "--language",
            "vi",
            "--topic",
            "labour",
            "--nationality",
            "VN",
            "--deadline",
            "2/30",
        ],
    );
    assert_refused(&o, "--deadline 2/30");
    let after = Store::open(&db, "test").unwrap().requests().unwrap().len();
    assert_eq!(before, after, "nothing recorded");
}

#[test]
fn interpreters_are_listed_and_named_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let list = ok(&db, &["interpreter", "list", "--month", "2026-12"]);
    assert!(list.contains("名前"), "{list}");
    let line = list
        .lines()
        .find(|l| l.starts_with("staff-zh-01"))
        .unwrap_or_else(|| panic!("{list}"));
    assert!(line.contains("Liu Mei"), "{line}");

    let out = ok(
        &db,
        &[
            "interpreter",
            "unavailable",
            "Liu Mei",
            "--from",
            "12/12",
            "--to",
            "12/13",
        ],
    );
    assert!(out.contains("staff-zh-01"), "{out}");
    let store = Store::open(&db, "test").unwrap();
    let liu = store
        .interpreters()
        .unwrap()
        .into_iter()
        .find(|i| i.id == "staff-zh-01")
        .unwrap();
    assert!(
        liu.dates_off.iter().any(|d| d.to_string() == "2026-12-12"),
        "{:?}",
        liu.dates_off
    );
    drop(store);
    assert_refused(
        &run(
            &db,
            &[
                "interpreter",
                "unavailable",
                "Nobody Here",
                "--from",
                "12/12",
            ],
        ),
        "Nobody Here",
    );
}

#[test]
fn a_booking_number_without_zeros_is_understood_and_slots_count_from_one() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let bookings = bookings_by_number(&db);
    let (number, booking) = bookings.iter().next().expect("the sample has bookings");
    let short = format!(
        "b-{}",
        number.trim_start_matches("B-").trim_start_matches('0')
    );
    assert_ne!(&short, number);
    let o = run(
        &db,
        &[
            "booking",
            "move",
            &short,
            "--to",
            &format!("{}/99", booking.session),
        ],
    );
    // Understood: the refusal is about the slot, not an unknown booking; counted from 1.
    assert_refused(&o, "の枠番号は 1〜");
    assert!(!text(&o).contains("0〜"), "{}", text(&o));
    let o = run(
        &db,
        &[
            "booking",
            "move",
            &short,
            "--to",
            &format!("{}/0", booking.session),
        ],
    );
    assert_refused(&o, "枠は 1 から数えます");
    let pinned = ok(&db, &["booking", "pin", &short]);
    assert!(pinned.contains(number.as_str()), "{pinned}");
}

/// A month and day without a year more than half a year ahead is said with its full date (the
/// test clock is 2026-10-15): `--deadline 5/1` is 2027-05-01, `--date 10/1` (meant as the
/// past 1st) 2027-10-01. A near one (`1/5`) says nothing. Before the fix they landed a year
/// ahead without a word.
#[test]
fn a_short_date_far_ahead_is_said_with_its_full_date() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let add = |id: &str, deadline: &str| {
        let o = run(
            &db,
            &[
                "request",
                "add",
                "--id",
                id,
                "--language",
                "ベトナム語",
                "--topic",
                "労働",
                "--nationality",
                "VN",
                "--deadline",
                deadline,
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        String::from_utf8(o.stderr).unwrap()
    };
    let far = add("R-9101", "5/1");
    assert!(far.contains("2027年5月1日"), "{far}");
    assert!(far.contains("半年以上先"), "{far}");
    assert!(far.contains("2026/5/1"), "suggests the year before: {far}");
    let near = add("R-9102", "1/5");
    assert!(!near.contains("半年以上先"), "{near}");
    let o = run(
        &db,
        &[
            "interpreter",
            "unavailable",
            "staff-vi-01",
            "--from",
            "10/1",
        ],
    );
    let said = text(&o);
    assert!(
        said.contains("2027年10月1日") && said.contains("半年以上先"),
        "{said}"
    );
}
