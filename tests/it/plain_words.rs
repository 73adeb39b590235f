//! Issue 22, plain words: what a Japanese coordinator reads carries no English words
//! (history, check, the refusals of hand moves), OS errors say which file and what to do,
//! outputs make their folders, test prints are marked, and Excel's CP932 losses are warned.
//!
//! "No English words" is checked on real output: every ASCII word must be an ID, a code, a
//! number, a name from the database, or a word of a command the line tells staff to type.

use crate::common::{self, ok, run, text};
use soudan::model::BookingStatus;
use soudan::store::Store;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Words of commands and options a Japanese line may quote (`soudan allocate`,
/// `import --force`): what staff type, not prose.
const COMMAND_WORDS: &[&str] = &[
    "soudan",
    "import",
    "force",
    "allocate",
    "booking",
    "move",
    "pin",
    "unpin",
    "request",
    "edit",
    "cancel",
    "deadline",
    "substitutes",
    "session",
    "date",
    "dry-run",
    "dry",
    "run",
    "check",
    "history",
    "interpreter",
    "agency",
    "list",
    "show",
    "to",
    "mode",
    "public",
    "set",
    "base",
    "url",
    "lang",
    "en",
    "month",
    "yes",
    "replan",
    "in_person",
    "video",
    "phone",
    "out",
    "add",
    "session",
    "sessions",
    "cancel-session",
    "add-session",
    "unavailable",
    "contact",
    "done",
    "report",
    "view",
    "feeds",
    "restore",
    "backup",
    "help",
    "dry-run",
    "dry",
    "run",
    "init",
];

/// The imported sample (December 2026), allocated.
pub(crate) fn sample_db(tmp: &Path) -> PathBuf {
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

/// Every name and id the database knows (they may appear in Latin letters).
fn known_words(db: &Path) -> BTreeSet<String> {
    let store = Store::open(db, "test").unwrap();
    let mut words = BTreeSet::new();
    let mut add = |s: &str| {
        for w in s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')) {
            if !w.is_empty() {
                words.insert(w.to_ascii_lowercase());
            }
        }
    };
    for i in store.interpreters().unwrap() {
        add(&i.id);
        add(&i.name);
        i.languages.iter().for_each(|l| add(l));
    }
    for a in store.agencies().unwrap() {
        add(&a.id);
    }
    if let Some(c) = store.center().unwrap() {
        c.topics.iter().for_each(|t| add(&t.id));
        c.languages.iter().for_each(|l| add(l));
    }
    words
}

/// The English words of `text`: ASCII words that are not IDs, codes, numbers, names or
/// command words.
pub(crate) fn english_words(text: &str, known: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')) {
        let w = raw.trim_matches('-');
        if w.is_empty() || !w.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        // IDs and session ids: letters with digits (B-00008, labour-2026-12-20, staff-ko-01).
        if w.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let lower = w.to_ascii_lowercase();
        if known.contains(&lower)
            || COMMAND_WORDS.contains(&lower.as_str())
            || lower
                .split('-')
                .all(|p| known.contains(p) || COMMAND_WORDS.contains(&p))
        {
            continue;
        }
        out.push(w.to_string());
    }
    out
}

fn assert_no_english(what: &str, text: &str, known: &BTreeSet<String>) {
    let english = english_words(text, known);
    assert!(
        english.is_empty(),
        "{what}: English words {english:?} in Japanese output:\n{text}"
    );
}

#[test]
fn the_word_check_finds_english_and_lets_ids_and_names_through() {
    let known: BTreeSet<String> = ["liu", "mei", "labour"].map(String::from).into();
    assert_eq!(
        english_words("B-00008 placed at labour-2027-01-02 slot 1", &known),
        ["placed", "at", "slot"]
    );
    assert!(english_words("B-00008 を予約しました: 枠1（通訳 Liu Mei・対面）", &known).is_empty());
    assert!(english_words("soudan allocate --month 2027-01 を実行", &known).is_empty());
}

/// A history walked through every kind of event, in Japanese: names, dates as staff write
/// them, slots from 1, and not one English word. Before typed events it read
/// `B-00008 placed at scriveners-2026-12-05 slot 1 12-05 13:00 booth 1, staff-ko-01 in_person`.
#[test]
fn history_is_told_in_japanese_with_names() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let known = known_words(&db);
    let store_bookings = common::bookings_by_number(&db);
    let interpreters = Store::open(&db, "test").unwrap().interpreters().unwrap();
    let b = store_bookings
        .values()
        .find(|b| b.status == BookingStatus::Confirmed && b.interpreter.is_some())
        .expect("an interpreted booking")
        .clone();
    let who = b.interpreter.clone().unwrap();
    let name = interpreters
        .iter()
        .find(|i| i.id == who)
        .unwrap()
        .name
        .clone();

    // Pin, unpin, an edit, the interpreter's day off (released), a move by hand, a cancel.
    ok(&db, &["booking", "pin", &b.number]);
    let history = ok(&db, &["history", &b.request]);
    assert!(
        history.contains(&name),
        "the interpreter by name: {history}"
    );
    assert!(
        history.contains(&format!("枠{} ", b.slot + 1)),
        "slots from 1: {history}"
    );
    ok(&db, &["booking", "unpin", &b.number]);
    ok(
        &db,
        &[
            "request",
            "edit",
            &b.request,
            "--summary",
            "窓口で聞き直した内容",
        ],
    );
    ok(
        &db,
        &[
            "interpreter",
            "unavailable",
            &who,
            "--from",
            &b.start.date().to_string(),
        ],
    );
    // Moving it by hand to another slot of its session (the first one that is free).
    let session = b.session.clone();
    let moved = (1..=12).any(|slot| {
        let to = format!("{session}/{slot}");
        run(&db, &["booking", "move", &b.number, "--to", &to])
            .status
            .success()
    });
    ok(
        &db,
        &[
            "request",
            "cancel",
            &b.request,
            "--reason",
            "本人の希望",
            "--referred-to",
            "法テラス宮城",
        ],
    );
    let history = ok(&db, &["history", &b.request]);
    for word in [
        "受付",
        "予約しました",
        "固定しました",
        "固定を外しました",
        "修正しました",
        "相談内容",
        "解除しました",
        "取り消しました",
        "本人の希望",
        "法テラス宮城",
    ] {
        assert!(history.contains(word), "{word}: {history}");
    }
    if moved {
        assert!(history.contains("手作業で"), "{history}");
    }
    assert!(
        !history.contains(&format!("{who} ")),
        "no interpreter ID: {history}"
    );
    assert_no_english("history", &history, &known);

    // The same events in English with --lang en.
    let en = ok(&db, &["--lang", "en", "history", &b.request]);
    assert!(
        en.contains("pinned by hand") && en.contains("reason: 本人の希望"),
        "{en}"
    );
    assert!(en.contains(&name), "{en}");
}

/// A database written by an older soudan keeps its English history lines as they were,
/// beside new Japanese ones, and its backup still verifies.
#[test]
fn old_english_history_still_reads_beside_typed_events() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema1/db");
    copy_dir(&fixture, &db);
    let then = "2026-11-20T10:00:00+09:00";
    let at = |args: &[&str]| {
        let o = common::soudan(&db)
            .arg("--now")
            .arg(then)
            .args(args)
            .output();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let before = at(&["history", "R-0010"]);
    assert!(before.contains("placed at"), "old English kept: {before}");
    at(&["request", "cancel", "R-0010", "--reason", "本人の希望"]);
    let after = at(&["history", "R-0010"]);
    assert!(
        after.starts_with(&before),
        "old lines unchanged:\n{before}\n{after}"
    );
    let new_line = after.lines().last().unwrap();
    assert!(new_line.contains("取り消しました"), "{new_line}");
    // Backed up and read back: every record (old and typed events) decodes.
    let file = tmp.path().join("b.soudan");
    at(&["backup", file.to_str().unwrap()]);
    soudan::backup::read_file(&file).expect("the backup verifies");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `booking move` refused by the allocation check: Japanese, the interpreter by name, the
/// slot as typed (`/3` is 枠 3 in every line; the check used to say `slot 2`), no English.
#[test]
fn booking_move_refusals_are_japanese_with_names_and_slots_from_one() {
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let known = known_words(&db);
    let bookings = common::bookings_by_number(&db);
    let interpreters = Store::open(&db, "test").unwrap().interpreters().unwrap();
    // A booking moved onto every slot of every other booked session until the check refuses.
    let mut refused = None;
    'search: for b in bookings.values().filter(|b| b.interpreter.is_some()) {
        for other in bookings.values().filter(|o| o.session != b.session) {
            let to = format!("{}/{}", other.session, other.slot + 1);
            let o = run(&db, &["booking", "move", &b.number, "--to", &to]);
            let err = String::from_utf8_lossy(&o.stderr).into_owned();
            if o.status.code() == Some(1) && err.contains("に移せません") {
                refused = Some((b.clone(), to, other.slot + 1, err));
                break 'search;
            }
        }
    }
    let (b, to, slot, ja) = refused.expect("some move breaks the allocation rules");
    assert!(ja.contains(&format!("の枠 {slot}")), "{ja}");
    let who = b.interpreter.as_deref().unwrap();
    let name = &interpreters.iter().find(|i| i.id == who).unwrap().name;
    assert!(ja.contains(name.as_str()), "by name: {ja}");
    assert_no_english("booking move refusal", &ja, &known);
    for line in ja.lines().skip(1) {
        if let Some(rest) = line.split("の枠 ").nth(1) {
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            assert_eq!(n, slot.to_string(), "one slot numbering: {ja}");
        }
    }
    let en = run(
        &db,
        &["--lang", "en", "booking", "move", &b.number, "--to", &to],
    );
    let en = String::from_utf8_lossy(&en.stderr);
    assert!(
        en.contains("cannot move") && en.contains(name.as_str()),
        "{en}"
    );
}

/// `soudan check` on a damaged database: every finding in Japanese, interpreters by name,
/// slots from 1; English with `--lang en`.
#[test]
fn check_findings_are_japanese() {
    use soudan::store::Batch;
    let tmp = tempfile::tempdir().unwrap();
    let db = sample_db(tmp.path());
    let known = known_words(&db);
    let bookings = common::bookings_by_number(&db);
    let b = bookings
        .values()
        .find(|b| b.status == BookingStatus::Confirmed && b.interpreter.is_some())
        .unwrap()
        .clone();
    let other = bookings
        .values()
        .find(|o| o.request != b.request && o.status == BookingStatus::Confirmed)
        .unwrap()
        .clone();
    {
        // A second booking of another request in the same place (double-booked interpreter,
        // shared booth, a booked request with two bookings), one in a session that is gone.
        let store = Store::open(&db, "test").unwrap();
        let mut batch = Batch::new();
        batch
            .put_booking(&soudan::model::Booking {
                number: other.number.clone(),
                request: other.request.clone(),
                ..b.clone()
            })
            .unwrap();
        let twin = bookings
            .values()
            .find(|x| x.request != b.request && x.request != other.request)
            .unwrap();
        batch
            .put_booking(&soudan::model::Booking {
                session: format!("{}-2026-12-31", twin.agency),
                ..twin.clone()
            })
            .unwrap();
        store.commit(batch).unwrap();
    }
    let o = run(&db, &["check"]);
    let ja = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(ja.contains("重なっています"), "{}", text(&o));
    assert!(ja.contains("同じブース"), "{ja}");
    assert!(ja.contains("要再調整"), "{ja}");
    assert!(
        ja.contains(&format!("の枠 {} ", b.slot + 1)),
        "slots from 1: {ja}"
    );
    assert_no_english("check", &ja, &known);
    let en = run(&db, &["--lang", "en", "check"]);
    let en = String::from_utf8_lossy(&en.stdout);
    assert!(
        en.contains("double-booked") && en.contains("needs rearranging"),
        "{en}"
    );
}

/// A wrong folder is one Japanese message saying what happened and what to do (it was four
/// lines of `file: cannot read: No such file or directory (os error 2)`); a missing backup
/// file says so without the OS's English.
#[test]
fn os_errors_are_explained_once_in_japanese() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    // File names are names.
    let known: BTreeSet<String> = [
        "center",
        "toml",
        "agencies",
        "interpreters",
        "csv",
        "requests",
    ]
    .map(String::from)
    .into();
    let file = tmp.path().join("a-file.txt");
    std::fs::write(&file, "x").unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let missing = tmp.path().join("nowhere");
    for (dir, says) in [
        (&missing, "このフォルダーはありません"),
        (&file, "フォルダーではなくファイル"),
        (&empty, "取り込むファイルが一つもありません"),
    ] {
        let o = run(&db, &["import", dir.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(err.contains(says), "{err}");
        let lines: Vec<&str> = err
            .lines()
            .filter(|l| l.contains(dir.to_str().unwrap()))
            .collect();
        assert_eq!(lines.len(), 1, "one message per wrong folder: {err}");
        assert!(!err.contains("os error"), "{err}");
        assert_no_english(
            "import of a wrong folder",
            &err.replace(dir.to_str().unwrap(), ""),
            &known,
        );
        assert!(!db.exists(), "nothing written");
    }
    // A folder with one file missing: that file, and what to do.
    let partial = common::copy_folder(&common::sample(), &tmp.path().join("partial"));
    std::fs::remove_file(partial.join("interpreters.csv")).unwrap();
    let o = run(&db, &["import", partial.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "interpreters.csv: ありません。このフォルダーに interpreters.csv を置いてください"
        ),
        "{err}"
    );
    // A backup file that is not there.
    let o = run(
        &db,
        &["restore", tmp.path().join("none.bak").to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("none.bak はありません") && !err.contains("os error"),
        "{err}"
    );
}
