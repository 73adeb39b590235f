//! Issue 13: the CLI speaks Japanese by default and English on request; human output shows
//! names, sentences, local times without seconds and slots counted from 1; the report's CSV
//! files open in Excel.

use crate::common::{self, assert_refused, ok, run, soudan, text, tiny};
use soudan::alloc::Reason;
use soudan::model::BookingStatus;
use soudan::store::Store;
use std::path::{Path, PathBuf};

/// The Sendai sample imported for 2026-12 and allocated.
fn sample_db(tmp: &Path) -> PathBuf {
    let db = tmp.join("soudan.db");
    ok(
        &db,
        &[
            "import",
            common::sample().to_str().unwrap(),
            "--month",
            "2026-12",
        ],
    );
    ok(&db, &["allocate", "--month", "2026-12"]);
    db
}

fn has_japanese(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A reason code may appear only in parentheses after its sentence, never alone.
fn assert_no_bare_codes(out: &str) {
    for r in Reason::ALL {
        let code = r.code();
        for (i, _) in out.match_indices(code) {
            let before = &out[..i];
            assert!(
                before.ends_with('（') || before.ends_with('('),
                "bare reason code {code} in:\n{out}"
            );
        }
    }
}

#[test]
fn the_main_commands_speak_japanese_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let allocate = ok(&db, &["allocate", "--month", "2026-12", "--dry-run"]);
    for (args, needle) in [
        (vec!["status"], "機関"),
        (vec!["request", "list"], "受付日時"),
        (vec!["request", "show", "R-0002"], "相談分野"),
        (vec!["report", "--month", "2026-12"], "月次報告"),
        (vec!["agency", "list", "--month", "2026-12"], "枠 ×"),
        (vec!["interpreter", "list", "--month", "2026-12"], "通訳者"),
        (vec!["contact", "list"], "連絡が必要な相談者"),
        (vec!["history", "R-0002"], "受付"),
    ] {
        let out = ok(&db, &args);
        assert!(out.contains(needle), "{args:?}: no {needle}:\n{out}");
        assert_no_bare_codes(&out);
    }
    assert!(allocate.contains("件中"), "{allocate}");
    assert_no_bare_codes(&allocate);
    let report = ok(&db, &["report", "--month", "2026-12"]);
    // Reasons as sentences, agency and language names instead of ids and codes.
    assert!(report.contains("この言語の通訳者がいません"), "{report}");
    assert!(report.contains("仙台弁護士会"), "{report}");
    assert!(report.contains("スワヒリ語"), "{report}");
    assert!(!report.contains("utilisation"), "{report}");
    assert!(has_japanese(&ok(&db, &["--help"])));
}

#[test]
fn english_on_request_by_flag_environment_or_center() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let flag = ok(&db, &["--lang", "en", "report", "--month", "2026-12"]);
    assert!(flag.contains("Report 2026-12"), "{flag}");
    assert!(flag.contains("Sendai Bar Association"), "{flag}");
    assert!(
        flag.contains("no interpreter speaks the language"),
        "{flag}"
    );
    assert!(!has_japanese(flag.lines().nth(3).unwrap()), "{flag}");
    let env = soudan(&db)
        .args(["request", "show", "R-0002"])
        .env("SOUDAN_LANG", "en-US")
        .output();
    let env = text(&env);
    assert!(env.contains("received") && env.contains("Nepali"), "{env}");
    let help = soudan(&db)
        .args(["allocate", "--help"])
        .env("SOUDAN_LANG", "en")
        .output();
    assert!(text(&help).contains("seconds"), "{}", text(&help));
    let help_ja = ok(&db, &["allocate", "--help"]);
    assert!(help_ja.contains("秒"), "{help_ja}");

    // center.toml `language = "en"`: English without a flag; the flag still wins.
    let dir = crate::common::copy_folder(&tiny(), &tmp.path().join("en-center"));
    let center = std::fs::read_to_string(dir.join("center.toml")).unwrap();
    let center = center.replace(
        "languages = [\"ja\"]",
        "languages = [\"ja\"]\nlanguage = \"en\"",
    );
    std::fs::write(dir.join("center.toml"), &center).unwrap();
    let en_db = tmp.path().join("en.db");
    ok(&en_db, &["import", dir.to_str().unwrap()]);
    let status = ok(&en_db, &["status"]);
    assert!(status.contains("agencies: 2"), "{status}");
    let status = ok(&en_db, &["--lang", "ja", "status"]);
    assert!(status.contains("機関: 2"), "{status}");

    // A language that is not a staff language is refused with its line.
    std::fs::write(
        dir.join("center.toml"),
        center.replace("language = \"en\"", "language = \"xx\""),
    )
    .unwrap();
    let o = run(
        &tmp.path().join("bad.db"),
        &["import", dir.to_str().unwrap()],
    );
    assert_refused(&o, "center.toml:8: language:");
}

#[test]
fn history_is_local_time_without_seconds_and_slots_count_from_one() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let history = ok(&db, &["history", "R-0002"]);
    assert!(!history.contains("UTC"), "{history}");
    // TEST_NOW is 2026-10-15 09:00 in Japan (00:00 UTC): the center's wall clock, no seconds.
    assert!(history.contains("2026年10月15日(木) 09:00 "), "{history}");
    assert!(!history.contains("09:00:00"), "{history}");

    let booking = Store::open(&db, "test")
        .unwrap()
        .bookings()
        .unwrap()
        .into_iter()
        .find(|b| b.request == "R-0002" && b.status == BookingStatus::Confirmed)
        .expect("R-0002 is booked");
    let show = ok(&db, &["request", "show", "R-0002"]);
    let want = format!("第{}枠", booking.slot + 1);
    assert!(
        show.contains(&want),
        "stored index {}: {show}",
        booking.slot
    );
    let en = ok(&db, &["--lang", "en", "request", "show", "R-0002"]);
    assert!(en.contains(&format!("slot {} ", booking.slot + 1)), "{en}");
    // The nationality as a country name, the intake's code after it.
    assert!(show.contains("ネパール（NP）"), "{show}");
    assert!(en.contains("Nepal (NP)"), "{en}");
    // Times without seconds, as a range.
    let start = booking.start.format("%H:%M").to_string();
    assert!(show.contains(&format!("{start}-")), "{show}");
    // The history detail counts from 1 as well, in Japanese.
    assert!(
        history.contains(&format!("枠{} ブース", booking.slot + 1)),
        "{history}"
    );
}

#[test]
fn report_csv_files_open_in_excel() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let out = tmp.path().join("report");
    ok(
        &db,
        &[
            "report",
            "--month",
            "2026-12",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    for name in soudan::report::TABLES {
        let bytes = std::fs::read(out.join(format!("{name}.csv"))).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name}.csv has no BOM");
        let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
        let headers = reader.headers().unwrap().clone();
        assert!(
            has_japanese(&headers[0]) || has_japanese(&headers[1]),
            "{name}: {headers:?}"
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert!(rows.iter().all(|r| r.len() == headers.len()), "{name}");
    }
    let agencies = std::fs::read_to_string(out.join("agencies.csv")).unwrap();
    assert!(agencies.contains("bar,仙台弁護士会,"), "{agencies}");
    let waiting = std::fs::read_to_string(out.join("waiting.csv")).unwrap();
    assert!(
        waiting.contains("スワヒリ語") && waiting.contains("no_interpreter_for_language"),
        "{waiting}"
    );
    // One table on stdout, with its BOM too.
    let o = run(
        &db,
        &[
            "report",
            "--month",
            "2026-12",
            "--format",
            "csv",
            "--table",
            "languages",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(o.stdout.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ネパール語"));
}

/// Regression (found playing the coordinator): after `interpreter unavailable`, allocate
/// printed the lost interpreter's bookings as `通訳者 通訳なし → X`, which reads as "no
/// interpreter needed". They were being arranged.
#[test]
fn a_replaced_interpreter_was_being_arranged_not_unneeded() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let lost = ok(
        &db,
        &[
            "interpreter",
            "unavailable",
            "staff-vi-01",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-31",
        ],
    );
    assert!(lost.contains("B-"), "staff-vi-01 had bookings: {lost}");
    let out = ok(&db, &["allocate", "--month", "2026-12"]);
    let changes: Vec<&str> = out.lines().filter(|l| l.contains(" → ")).collect();
    assert!(!changes.is_empty(), "{out}");
    assert!(changes.iter().all(|l| !l.contains("通訳なし →")), "{out}");
    assert!(changes.iter().any(|l| l.contains("手配中 →")), "{out}");
}

/// `soudan contact done` takes the ids as a coordinator types them (`C-1`, `2`, `C-0003` for
/// the printed C-00001 …), several in one call, all or nothing; `contact list --all` counts
/// only those still to call and says how many done ones it shows. Before the fix `C-8` was
/// refused as unknown, a second id was a usage error, and `--all` counted done items as
/// still to call.
#[test]
fn contact_done_takes_ids_as_typed_and_several_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let ids = |out: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.starts_with("C-"))
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    let list = ok(&db, &["contact", "list"]);
    let before = ids(&list);
    assert!(before.len() >= 5, "{list}");
    assert!(before.contains(&"C-00001".to_string()), "{list}");
    let said = ok(&db, &["contact", "done", "C-1"]);
    assert!(said.contains("C-00001"), "{said}");
    let said = ok(&db, &["contact", "done", "2", "C-0003"]);
    assert!(
        said.contains("C-00002") && said.contains("C-00003"),
        "{said}"
    );
    assert_refused(&run(&db, &["contact", "done", "C-00001"]), "C-00001");
    // All or nothing: an unknown id among them marks none.
    assert_refused(&run(&db, &["contact", "done", "C-4", "C-99999"]), "C-99999");
    let open = ids(&ok(&db, &["contact", "list"]));
    assert_eq!(open.len(), before.len() - 3);
    assert!(open.contains(&"C-00004".to_string()));
    let all = ok(&db, &["contact", "list", "--all"]);
    let head = all.lines().next().unwrap();
    assert!(head.contains(&format!("{}人", open.len())), "{head}");
    assert!(head.contains("3件"), "{head}");
    assert_eq!(ids(&all).len(), before.len());
}

/// Names where codes were: the month view's booking cells and tables name the language
/// (中国語 · 対面, not `zh · 対面`), `request edit` names the fields it changed and the field
/// of a value it cannot read as the form does (来られる時間（--windows）, not `command line:
/// windows:`).
#[test]
fn the_view_and_request_edit_name_languages_and_fields() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let view = tmp.path().join("view.html");
    ok(
        &db,
        &[
            "view",
            "--month",
            "2026-12",
            "--out",
            view.to_str().unwrap(),
        ],
    );
    let html = std::fs::read_to_string(&view).unwrap();
    assert!(
        html.contains("<br>中国語 · "),
        "language names in the cells"
    );
    assert!(
        !html.contains("<br>zh · "),
        "no language codes in the cells"
    );
    let o = run(&db, &["request", "edit", "R-3", "--windows", "xx"]);
    assert_refused(&o, "来られる時間（--windows）");
    assert!(!text(&o).contains("command line"), "{}", text(&o));
    let said = ok(&db, &["request", "edit", "R-3", "--deadline", "2027/1/30"]);
    assert!(said.contains("（期限）"), "{said}");
    // `interpreter unavailable` names the interpreter, the ID beside the name.
    let said = ok(
        &db,
        &[
            "interpreter",
            "unavailable",
            "staff-vi-02",
            "--from",
            "12/30",
        ],
    );
    assert!(said.starts_with("Tran Minh Duc (staff-vi-02) は"), "{said}");
}

/// Interpreters abroad, their substitutes' clocks and the report name a zone as people say
/// it (フィリピン時間（UTC+8）), never the IANA name alone; English says it in English.
#[test]
fn time_zones_are_named_as_people_say_them_not_iana() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let bare = |out: &str, what: &str| {
        for iana in [
            "Asia/Manila",
            "America/Sao_Paulo",
            "Asia/Tokyo",
            "Europe/Lisbon",
        ] {
            for (i, _) in out.match_indices(iana) {
                let before = &out[..i];
                assert!(
                    before.ends_with('（') || before.ends_with('('),
                    "bare IANA name {iana} in {what}:\n{out}"
                );
            }
        }
    };
    let list = ok(&db, &["interpreter", "list", "--month", "2026-12"]);
    bare(&list, "interpreter list");
    assert!(list.contains("フィリピン時間（UTC+8）"), "{list}");
    assert!(list.contains("サンパウロ時間（UTC-3）"), "{list}");
    let en = ok(
        &db,
        &["--lang", "en", "interpreter", "list", "--month", "2026-12"],
    );
    bare(&en, "interpreter list --lang en");
    assert!(en.contains("Philippine time (UTC+8)"), "{en}");
    let status = ok(&db, &["status"]);
    bare(&status, "status");
    assert!(status.contains("日本時間（UTC+9）"), "{status}");
    let report = ok(&db, &["report", "--month", "2026-12"]);
    bare(&report, "report");
    assert!(report.contains("フィリピン時間（UTC+8）"), "{report}");
    // Substitutes of every booking: an interpreter abroad shows their clock by zone name.
    let store = Store::open(&db, "test").unwrap();
    let numbers: Vec<String> = store
        .bookings()
        .unwrap()
        .into_iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .map(|b| b.number)
        .collect();
    drop(store);
    let mut abroad = false;
    for n in numbers.iter().take(12) {
        let out = ok(&db, &["booking", "substitutes", n]);
        bare(&out, "booking substitutes");
        abroad |= out.contains("時間（UTC");
    }
    assert!(abroad, "no substitute showed a zone name");
}

/// An interpreter taken out of the folder (re-import with --force) still reads by name in
/// the history and `request show` of the requests they had: never their id alone.
#[test]
fn history_names_an_interpreter_taken_out_of_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let f = common::copy_folder(&common::sample(), &tmp.path().join("folder"));
    let db = tmp.path().join("db");
    let folder = f.to_str().unwrap();
    ok(&db, &["import", folder, "--month", "2026-12"]);
    ok(&db, &["allocate", "--month", "2026-12"]);
    let store = Store::open(&db, "test").unwrap();
    let b = store
        .bookings()
        .unwrap()
        .into_iter()
        .find(|b| b.status == BookingStatus::Confirmed && b.interpreter.is_some())
        .unwrap();
    let gone = b.interpreter.clone().unwrap();
    let name = store.interpreter(&gone).unwrap().unwrap().name;
    drop(store);
    common::remove_interpreter_rows(&f, &[&gone]);
    ok(&db, &["import", folder, "--month", "2026-12", "--force"]);
    ok(&db, &["allocate", "--month", "2026-12"]);
    // (Since stop 24 an interpreter taken out of the folder is no longer booked, so the
    // request is booked again with someone else: `request show` shows that booking, the
    // history tells the old one by name.)
    for args in [
        vec!["history", b.request.as_str()],
        vec!["request", "show", &b.request],
    ] {
        let out = ok(&db, &args);
        if args[0] == "history" {
            assert!(out.contains(&name), "{args:?}: {out}");
        }
        for (i, _) in out.match_indices(gone.as_str()) {
            assert!(
                out[..i].ends_with('(') || out[..i].ends_with('（'),
                "bare id {gone} in {args:?}: {out}"
            );
        }
    }
}
