//! `import` and `request add` speak the coordinator's language: the change lines of a
//! re-import come from the catalogue (Japanese by default, English with `SOUDAN_LANG=en`),
//! name records by name, and group consecutive dates into one range per record and field;
//! `request add` shows the same reading notes (令和 dates) as `import`; and nothing in the
//! Japanese output of import, re-import and request add is an English word, only ids and
//! codes a coordinator types back.

use crate::common::{self, soudan, text};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A copy of the Sendai folder (to edit) and a database directory beside it.
struct Case {
    _tmp: tempfile::TempDir,
    db: PathBuf,
    folder: PathBuf,
}

impl Case {
    fn new() -> Case {
        let tmp = tempfile::tempdir().unwrap();
        let folder = crate::common::copy_folder(&common::sample(), &tmp.path().join("folder"));
        Case {
            db: tmp.path().join("db"),
            folder,
            _tmp: tmp,
        }
    }

    /// Runs soudan in `lang` (`None`: the default, Japanese), asserts success, returns stdout
    /// and stderr.
    fn ok(&self, lang: Option<&str>, args: &[&str]) -> String {
        let mut cmd = soudan(&self.db).args(args);
        if let Some(lang) = lang {
            cmd = cmd.env("SOUDAN_LANG", lang);
        }
        let o = cmd.output();
        assert_eq!(o.status.code(), Some(0), "soudan {args:?}\n{}", text(&o));
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    }

    fn import(&self, lang: Option<&str>, extra: &[&str]) -> String {
        let folder = self.folder.to_str().unwrap();
        let mut args = vec!["import", folder, "--month", "2026-12"];
        args.extend_from_slice(extra);
        self.ok(lang, &args)
    }

    /// Replaces the first `from` in the folder's `file` by `to`.
    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.folder.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// The interpreter's name as the folder gives it.
    fn interpreter_name(&self, id: &str) -> String {
        let data =
            soudan::import::load_dir(&self.folder, Some("2026-12".parse().unwrap())).unwrap();
        data.interpreters
            .iter()
            .find(|i| i.id == id)
            .unwrap_or_else(|| panic!("no interpreter {id}"))
            .name
            .clone()
    }
}

fn lines_with<'a>(out: &'a str, needle: &str) -> Vec<&'a str> {
    out.lines().filter(|l| l.contains(needle)).collect()
}

/// An 18-day `interpreter unavailable` is kept by a re-import that did not touch it, and
/// the re-import says so in ONE line per language: the interpreter's name, the range, who
/// made the change; no date is listed one by one.
#[test]
fn a_kept_absence_is_one_line_with_the_range_and_the_name() {
    let case = Case::new();
    case.import(None, &[]);
    case.ok(
        None,
        &[
            "interpreter",
            "unavailable",
            "staff-vi-01",
            "--from",
            "2026-12-14",
            "--to",
            "2026-12-31",
        ],
    );
    let name = case.interpreter_name("staff-vi-01");

    let ja = case.import(None, &["--dry-run"]);
    let lines = lines_with(&ja, "staff-vi-01");
    assert_eq!(lines.len(), 1, "{ja}");
    let line = lines[0];
    assert!(line.contains(&name), "{line}");
    assert!(line.contains("2026年12月14日～31日"), "{line}");
    assert!(line.contains("休み") && line.contains("コマンド"), "{line}");
    assert!(!line.contains("2026-12"), "ISO dates are for files: {line}");

    let en = case.import(Some("en"), &["--dry-run"]);
    let lines = lines_with(&en, "staff-vi-01");
    assert_eq!(lines.len(), 1, "{en}");
    let line = lines[0];
    assert!(line.contains(&name), "{line}");
    assert!(line.contains("14–31 Dec 2026"), "{line}");
    assert!(
        line.contains("days off") && line.contains("command line"),
        "{line}"
    );

    // The real re-import prints the same line and keeps all 18 days.
    let real = case.import(None, &[]);
    assert_eq!(
        lines_with(&real, "staff-vi-01"),
        lines_with(&ja, "staff-vi-01")
    );
    let store = soudan::store::Store::open(&case.db, "test").unwrap();
    let off = store.interpreter("staff-vi-01").unwrap().unwrap().dates_off;
    assert_eq!(off.len(), 18, "{off:?}");
}

/// Days off added in the folder and others added on the command line: one line for the
/// interpreter's days off, each outcome with its own ranges; two separate runs of days
/// become two ranges.
#[test]
fn folder_and_command_line_changes_of_one_field_share_its_line() {
    let case = Case::new();
    case.import(None, &[]);
    for (from, to) in [("2026-12-01", "2026-12-03"), ("2026-12-20", "2026-12-22")] {
        case.ok(
            None,
            &[
                "interpreter",
                "unavailable",
                "staff-vi-02",
                "--from",
                from,
                "--to",
                to,
            ],
        );
    }
    // The folder adds two consecutive days of its own.
    case.edit(
        "interpreters.csv",
        "staff-vi-02,Tran Minh Duc,vi;en,in_person;video;phone,Asia/Tokyo,mon-sat 09:00-17:00,,",
        "staff-vi-02,Tran Minh Duc,vi;en,in_person;video;phone,Asia/Tokyo,mon-sat 09:00-17:00,2026-12-10;2026-12-11,",
    );
    let ja = case.import(None, &["--dry-run"]);
    let lines = lines_with(&ja, "staff-vi-02");
    assert_eq!(lines.len(), 1, "{ja}");
    let line = lines[0];
    assert!(
        line.contains("2026年12月10日～11日 を追加（フォルダー）"),
        "{line}"
    );
    assert!(
        line.contains("2026年12月1日～3日、2026年12月20日～22日 はそのまま残します"),
        "{line}"
    );
    let en = case.import(Some("en"), &["--dry-run"]);
    let line = lines_with(&en, "staff-vi-02").concat();
    assert!(line.contains("adds 10–11 Dec 2026 (folder)"), "{line}");
    assert!(
        line.contains("keeps 1–3 Dec 2026, 20–22 Dec 2026"),
        "{line}"
    );
}

/// Words of ASCII letters in `out` that are neither ids or codes (they hold a digit, `-`,
/// `_`, `/`, `.` or `@`, or are in `allowed`) nor part of a path the test made.
fn english_words(out: &str, allowed: &BTreeSet<String>, paths: &[&Path]) -> Vec<String> {
    let mut out = out.to_string();
    for p in paths {
        out = out.replace(p.to_str().unwrap(), "");
    }
    out.split(|c: char| !(c.is_ascii_alphanumeric() || "-_/.@:".contains(c)))
        .map(|w| w.trim_matches(|c: char| ".:".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit() || "-_/.@".contains(c)))
        .filter(|w| !allowed.contains(*w))
        .map(str::to_string)
        .collect()
}

/// What a Japanese coordinator may see in ASCII: ids and codes they type back or find in
/// their files (agency ids, column names, command names, mode codes), people's names as
/// written in the folder, and the IANA zone names.
fn allowed_words(folder: &Path) -> BTreeSet<String> {
    let data = soudan::import::load_dir(folder, Some("2026-12".parse().unwrap())).unwrap();
    let mut allowed: BTreeSet<String> = [
        "soudan",
        "allocate",
        "import",
        "request",
        "dry",
        "run",
        "force",
        "CP932",
        "Shift_JIS",
        "Asia",
        "Tokyo",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for a in &data.agencies {
        allowed.insert(a.id.clone());
    }
    for i in &data.interpreters {
        allowed.extend(i.name.split_whitespace().map(str::to_string));
    }
    // Column names of requests.csv, as the file's header (and the reading notes) write them.
    let header = std::fs::read_to_string(folder.join("requests.csv")).unwrap();
    allowed.extend(
        header
            .lines()
            .next()
            .unwrap()
            .split(',')
            .map(|c| c.trim_start_matches('\u{feff}').to_string()),
    );
    allowed
}

/// Import into a new database, a re-import with changes of every kind (kept and taken from
/// the folder, fields and sets, new records), its dry run, and `request add` with a 令和 date:
/// no English word in the Japanese output.
#[test]
fn japanese_output_of_import_and_request_add_has_no_english_words() {
    let case = Case::new();
    let allowed = allowed_words(&case.folder);
    let paths = [case.folder.as_path(), case.db.as_path()];
    // The check itself finds what the old English lines said.
    assert_eq!(
        english_words(
            "  interpreter staff-vi-01 dates off: keeps 2026-12-14 (made on the command line)\nnote: requests.csv:4: received: 2026-12-01",
            &allowed,
            &paths
        ),
        [
            "interpreter",
            "dates",
            "off",
            "keeps",
            "made",
            "on",
            "the",
            "command",
            "line",
            "note"
        ]
    );
    let mut outputs = vec![case.import(None, &[])];
    case.ok(
        None,
        &[
            "interpreter",
            "unavailable",
            "staff-vi-01",
            "--from",
            "2026-12-14",
            "--to",
            "2026-12-31",
        ],
    );
    case.ok(
        None,
        &[
            "agency",
            "add-session",
            "immigration",
            "--date",
            "2026-12-26",
            "--start",
            "13:00",
            "--end",
            "16:00",
        ],
    );
    // Folder changes: fields, a set item, a new interpreter.
    case.edit(
        "agencies.toml",
        "show_personal_details = false",
        "show_personal_details = true",
    );
    case.edit(
        "interpreters.csv",
        "staff-vi-02,Tran Minh Duc,vi;en,in_person;video;phone,Asia/Tokyo,mon-sat 09:00-17:00,,,6,",
        "staff-vi-02,Tran Minh Duc,vi;en,in_person;video;phone,Asia/Tokyo,mon-sat 09:00-17:00,2026-12-10,,4,",
    );
    let csv = std::fs::read_to_string(case.folder.join("interpreters.csv")).unwrap();
    std::fs::write(
        case.folder.join("interpreters.csv"),
        format!(
            "{}staff-vi-09,Le Van Nam,vi,video;phone,Asia/Tokyo,sat 10:00-16:00,,,2,1,1,1\n",
            csv.trim_end_matches('\n').to_string() + "\n"
        ),
    )
    .unwrap();
    outputs.push(case.import(None, &["--dry-run"]));
    outputs.push(case.import(None, &[]));
    // Names the new interpreter too.
    let mut allowed = allowed;
    allowed.extend(["Le", "Van", "Nam"].map(String::from));

    let added = case.ok(
        None,
        &[
            "request",
            "add",
            "--language",
            "vi",
            "--nationality",
            "VN",
            "--topic",
            "residence",
            "--deadline",
            "令和8年12月20日",
        ],
    );
    outputs.push(added);
    for out in &outputs {
        let words = english_words(out, &allowed, &paths);
        assert!(words.is_empty(), "English words {words:?} in:\n{out}");
    }
    // The re-import did report each kind of change.
    let dry = &outputs[1];
    for needle in [
        "staff-vi-01",
        "staff-vi-02",
        "staff-vi-09",
        "（immigration）の臨時の相談枠: 2026年12月26日(土) 13:00-16:00 はそのまま残します",
        "（immigration）のフィードへの個人情報の表示: しない → する",
        "の1 日の上限: 6 → 4",
    ] {
        assert!(dry.contains(needle), "{needle} missing:\n{dry}");
    }
}

/// `request add` shows how it read a 令和 date, as `import` does: the same words
/// (`import-note`), in Japanese by default and in English, from flags and from `--from`.
#[test]
fn request_add_shows_the_reiwa_reading() {
    let case = Case::new();
    case.import(None, &[]);
    let base = [
        "request",
        "add",
        "--language",
        "ne",
        "--nationality",
        "NP",
        "--topic",
        "residence",
    ];
    let ja = case.ok(
        None,
        &[&base[..], &["--deadline", "令和8年12月20日"]].concat(),
    );
    let notes = lines_with(&ja, "令和8年12月20日");
    assert_eq!(notes.len(), 1, "{ja}");
    assert!(
        notes[0].starts_with("注: コマンドライン: deadline: 令和8年12月20日 → 2026-12-20"),
        "{ja}"
    );

    let en = case.ok(
        Some("en"),
        &[&base[..], &["--deadline", "令和8年12月21日"]].concat(),
    );
    assert!(
        en.contains("note: command line: deadline: 令和8年12月21日 → 2026-12-21"),
        "{en}"
    );

    let file = case.folder.join("intake.toml");
    std::fs::write(
        &file,
        "language = \"vi\"\nnationality = \"VN\"\ntopic = \"residence\"\nreceived = \"令和8年11月2日 10時15分\"\n",
    )
    .unwrap();
    let from = case.ok(None, &["request", "add", "--from", file.to_str().unwrap()]);
    assert!(
        from.contains(&format!(
            "注: {}: received: 令和8年11月2日 10時15分 → 2026-11-02T10:15",
            file.display()
        )),
        "{from}"
    );
    // A plain ISO date is nothing to confirm.
    let plain = case.ok(None, &[&base[..], &["--deadline", "2026-12-20"]].concat());
    assert!(!plain.contains("注:"), "{plain}");
}

/// Refusals that used to be English sentences built with `format!` are told in Japanese by
/// default and in English with `--lang en`, keeping the value the coordinator typed.
#[test]
fn refusals_are_told_in_the_readers_language() {
    let case = Case::new();
    case.import(None, &[]);
    let bad = case.folder.join("intake.toml");
    std::fs::write(&bad, "language = \"vi\"\ntopic = = \"residence\"\n").unwrap();
    let bad = bad.to_str().unwrap().to_string();
    let page = case.folder.join("page.html");
    let page = page.to_str().unwrap().to_string();
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["plan", "--month", "2026-12", "--samples", "0"],
            "--samples 0: 1～10000 の値にしてください",
            "--samples 0: give 1 to 10000",
        ),
        (
            vec!["plan", "--month", "2026-12", "--what-if", "add-session"],
            "--what-if `add-session`: 読めません",
            "--what-if `add-session`: expected add-session=AGENCY",
        ),
        (
            vec![
                "public",
                "page",
                "--out",
                &page,
                "--base-url",
                "ftp://example",
            ],
            "`ftp://example` は",
            "`ftp://example` is not an http(s) URL",
        ),
        (
            vec![
                "public",
                "set",
                "--base-url",
                "https://soudan.example",
                "--phone",
                "abc",
            ],
            "--phone: `abc` は電話番号ではありません",
            "--phone: `abc` is not a phone number",
        ),
        (
            vec!["public", "set", "--base-url", "ftp://example"],
            "--base-url: `ftp://example` は http:// か https://",
            "--base-url: `ftp://example` is not an http(s) URL",
        ),
        (
            vec!["request", "add", "--from", &bad],
            ":2: TOML または JSON として読めません",
            ":2: not TOML or JSON",
        ),
        (
            vec!["request", "list", "--status", "done"],
            "--status done: waiting（待ち）",
            "--status done: expected waiting, booked or cancelled",
        ),
        (
            vec!["booking", "move", "B-0001", "--to", "nowhere"],
            "--to nowhere: 相談枠ID/枠番号",
            "--to nowhere: expected SESSION/SLOT",
        ),
    ];
    for (args, ja, en) in cases {
        let o = soudan(&case.db).args(&args).output();
        common::assert_refused(&o, ja);
        let o = soudan(&case.db)
            .arg("--lang")
            .arg("en")
            .args(&args)
            .output();
        common::assert_refused(&o, en);
    }
}

/// A re-import that would strand confirmed bookings (an interpreter removed from the
/// folder, a booked day closed) is refused with names a coordinator knows: the booking
/// number, the agency's name, the date as `2026年12月5日(土)` and the time, the interpreter's
/// name; what to do; never the session's id or the interpreter's id alone.
#[test]
fn a_refused_import_names_the_stranded_bookings_people_and_sessions() {
    let case = Case::new();
    case.import(None, &[]);
    case.ok(None, &["allocate", "--month", "2026-12"]);
    let store = soudan::store::Store::open(&case.db, "test").unwrap();
    let agencies = store.agencies().unwrap();
    let interpreters = store.interpreters().unwrap();
    let bookings: Vec<_> = store
        .bookings()
        .unwrap()
        .into_iter()
        .filter(|b| b.status == soudan::model::BookingStatus::Confirmed)
        .collect();
    drop(store);
    // An interpreter with bookings leaves the folder.
    let gone = bookings
        .iter()
        .find_map(|b| b.interpreter.clone())
        .expect("a booking with an interpreter");
    let name = interpreters
        .iter()
        .find(|i| i.id == gone)
        .unwrap()
        .name
        .clone();
    crate::common::remove_interpreter_rows(&case.folder, &[&gone]);
    // And a day with bookings of another interpreter (or none) closes.
    let closed = bookings
        .iter()
        .find(|b| b.interpreter.as_deref() != Some(gone.as_str()))
        .unwrap();
    case.edit(
        "center.toml",
        "dates = []",
        &format!("dates = [\"{}\"]", closed.start.date()),
    );
    let folder = case.folder.to_str().unwrap();
    let o = soudan(&case.db)
        .args(["import", folder, "--month", "2026-12"])
        .output();
    assert_eq!(o.status.code(), Some(1), "refused\n{}", text(&o));
    let said = text(&o);
    assert!(said.contains(&name), "the interpreter by name: {said}");
    assert!(
        said.contains(&format!("通訳 {name} ({gone})")),
        "the id only beside the name: {said}"
    );
    let date = closed.start.date();
    let weekday = ["月", "火", "水", "木", "金", "土", "日"]
        [chrono::Datelike::weekday(&date).num_days_from_monday() as usize];
    let written = format!(
        "{}年{}月{}日({weekday}) {}",
        chrono::Datelike::year(&date),
        chrono::Datelike::month(&date),
        chrono::Datelike::day(&date),
        closed.start.format("%H:%M")
    );
    assert!(said.contains(&written), "{written} in: {said}");
    let agency = agencies.iter().find(|a| a.id == closed.agency).unwrap();
    assert!(said.contains(&agency.name_ja), "{said}");
    assert!(said.contains(&closed.number), "{said}");
    assert!(!said.contains(&closed.session), "no session id: {said}");
    assert!(said.contains("フォルダーに戻して"), "what to do: {said}");
    // In English, the same with the English agency name.
    let o = soudan(&case.db)
        .env("SOUDAN_LANG", "en")
        .args(["import", folder, "--month", "2026-12"])
        .output();
    let en = text(&o);
    assert!(en.contains(&agency.name_en) && en.contains(&name), "{en}");
    assert!(!en.contains(&closed.session), "{en}");
    // The dry run lists the same bookings in the same words.
    let dry = case.import(None, &["--dry-run"]);
    assert!(dry.contains(&format!("通訳 {name} ({gone})")), "{dry}");
    assert!(
        dry.contains(&written) && dry.contains(&agency.name_ja),
        "{dry}"
    );
    assert!(!dry.contains(&closed.session), "no session id: {dry}");
}
