//! clap's own words in Japanese: `--help` headings and what a mistyped command line gets
//! (src/cli/usage.rs), driven through the real binary. Each refusal must say what was wrong
//! in the catalogue's words, keep clap's data (the typed word, its suggestion, the valid
//! values), point at `soudan <command> --help`, and exit 1 ("bad usage" in README's table).

use crate::common::{soudan, text};
use std::path::Path;
use std::process::Output;

/// clap's English frame, none of which may reach a Japanese reader.
const CLAP_ENGLISH: [&str; 8] = [
    "error:",
    "Usage:",
    "For more information",
    "tip:",
    "found",
    "Print this message",
    "[OPTIONS]",
    "<COMMAND>",
];

fn run(db: &Path, args: &[&str]) -> Output {
    soudan(db).args(args).output()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A refused command line: exit 1, nothing on stdout, the Japanese sentence and every piece
/// of clap's data on stderr, none of clap's English.
fn refused_ja(args: &[&str], sentence: &str, data: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&tmp.path().join("db"), args);
    assert_eq!(o.status.code(), Some(1), "{args:?}\n{}", text(&o));
    assert!(stdout(&o).is_empty(), "{args:?}\n{}", text(&o));
    let err = stderr(&o);
    assert!(err.contains(sentence), "{args:?} lacks {sentence:?}\n{err}");
    for d in data {
        assert!(err.contains(d), "{args:?} lacks {d:?}\n{err}");
    }
    for english in CLAP_ENGLISH {
        assert!(!err.contains(english), "{args:?} keeps {english:?}\n{err}");
    }
    // The database is never opened for a command line that does not parse.
    assert!(
        !tmp.path().join("db").exists(),
        "{args:?} created the database"
    );
    err
}

#[test]
fn mistyped_command_names_it_and_clap_suggestion() {
    let err = refused_ja(
        &["reqest", "list"],
        "というコマンドはありません",
        &["「reqest」", "もしかして", "「request」", "soudan --help"],
    );
    assert!(err.starts_with("エラー: "), "{err}");
}

#[test]
fn unknown_argument_names_it_and_the_similar_one() {
    refused_ja(
        &["request", "add", "--fo", "x.toml"],
        "という引数はこのコマンドにはありません",
        &[
            "「--fo」",
            "「--from」",
            "使い方: soudan request add",
            "`soudan request add --help`",
        ],
    );
}

#[test]
fn invalid_value_lists_the_valid_values() {
    refused_ja(
        &["report", "--month", "2026-12", "--table", "agences"],
        "は指定できません",
        &[
            "--table",
            "「agences」",
            "指定できる値",
            "「agencies」",
            "「no-interpreter」",
            "`soudan report --help`",
        ],
    );
}

#[test]
fn value_that_does_not_parse_says_why_in_japanese() {
    refused_ja(
        &["gen", "--seed", "abc"],
        "整数ではありません",
        &["--seed", "「abc」", "`soudan gen --help`"],
    );
    refused_ja(
        &["report", "--month", "2026-13"],
        "月として読めません",
        &["--month", "「2026-13」", "YYYY-MM"],
    );
    refused_ja(
        &[
            "interpreter",
            "unavailable",
            "staff-ne-01",
            "--from",
            "2026-02-30",
        ],
        "その日付はありません",
        &["--from", "「2026-02-30」"],
    );
    refused_ja(
        &["--lang", "klingon", "status"],
        "soudan の知らない言語です",
        &["「klingon」", "ja-x-easy"],
    );
}

#[test]
fn missing_required_arguments_are_listed() {
    refused_ja(
        &["interpreter", "unavailable"],
        "次の引数を指定してください",
        &[
            "--from <FROM>",
            "<ID>",
            "`soudan interpreter unavailable --help`",
        ],
    );
}

#[test]
fn wrong_number_of_values_gives_both_counts() {
    refused_ja(
        &["ics", "--feed", "agency"],
        "には値が 2 個必要ですが、1 個でした",
        &["--feed", "`soudan ics --help`"],
    );
}

#[test]
fn an_option_given_twice_is_explained() {
    refused_ja(
        &["report", "--month", "2026-12", "--month", "2026-11"],
        "は1回だけ指定できます",
        &["--month"],
    );
}

#[test]
fn missing_subcommand_lists_the_commands() {
    // `--db` given, so clap does not fall back to showing the help: it names the parent.
    let err = refused_ja(
        &[],
        "の後にコマンドを指定してください",
        &["使えるコマンド", "「request」", "「allocate」"],
    );
    assert!(err.contains("「soudan」"), "{err}");
    refused_ja(
        &["request"],
        "「soudan request」の後にコマンドを指定してください",
        &["「add」", "「cancel」", "`soudan request --help`"],
    );
}

#[test]
fn a_bare_group_shows_its_help_with_a_japanese_first_line() {
    // clap shows the help instead of an error only when nothing at all follows the group:
    // no `--db`, and no `SOUDAN_NOW` either (an environment value counts as given), so the
    // common builder (which sets both) cannot be used here.
    let tmp = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_soudan"))
        .arg("request")
        .current_dir(tmp.path())
        .env_remove("SOUDAN_NOW")
        .env_remove("SOUDAN_DB")
        .env_remove("SOUDAN_LANG")
        .output()
        .unwrap();
    // Still a usage error (exit 1), the help on stderr.
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = stderr(&o);
    for needle in [
        "「soudan request」だけでは何をするか決まりません",
        "使い方: soudan request",
        "コマンド:",
        "cancel",
    ] {
        assert!(err.contains(needle), "lacks {needle:?}\n{err}");
    }
    for english in CLAP_ENGLISH {
        assert!(!err.contains(english), "keeps {english:?}\n{err}");
    }
    assert!(!tmp.path().join("soudan.db").exists());
}

#[test]
fn english_on_request() {
    for (how, args) in [
        ("--lang en", vec!["--lang", "en", "request", "add", "--fo"]),
        ("SOUDAN_LANG", vec!["request", "add", "--fo"]),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let o = soudan(&tmp.path().join("db"))
            .env("SOUDAN_LANG", "en")
            .args(&args)
            .output();
        assert_eq!(o.status.code(), Some(1), "{how}\n{}", text(&o));
        let err = stderr(&o);
        for needle in [
            "This command has no argument '--fo'",
            "Did you mean: '--from'",
            "Usage: soudan request add",
            "`soudan request add --help`",
        ] {
            assert!(err.contains(needle), "{how}: lacks {needle:?}\n{err}");
        }
        assert!(
            !err.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
            "{how}: Japanese left\n{err}"
        );
    }
}

#[test]
fn help_headings_are_japanese_and_help_exits_0_on_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let o = run(&db, &["--help"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = stdout(&o);
    for heading in [
        "使い方: soudan [オプション] <コマンド>",
        "コマンド:",
        "オプション:",
    ] {
        assert!(out.contains(heading), "lacks {heading:?}\n{out}");
    }
    // clap's `[env: …]`/`[default: …]` and the generated `help` subcommand, reworded.
    assert!(out.contains("[環境変数: SOUDAN_DB]"), "{out}");
    assert!(out.contains("[既定: soudan.db]"), "{out}");
    assert!(
        out.contains("この説明、または指定したコマンドの説明を表示する"),
        "{out}"
    );
    for english in
        CLAP_ENGLISH
            .iter()
            .chain(&["Commands:", "Options:", "Arguments:", "[default:", "[env:"])
    {
        assert!(!out.contains(english), "keeps {english:?}\n{out}");
    }

    // A command with positionals and possible values.
    let o = run(&db, &["report", "--help"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = stdout(&o);
    assert!(out.contains("選べる値: "), "{out}");
    assert!(!out.contains("possible values"), "{out}");
    let o = run(&db, &["booking", "pin", "--help"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(out.contains("引数:"), "{out}");

    let o = run(&db, &["--lang", "en", "--help"]);
    let out = stdout(&o);
    assert!(
        out.contains("Usage: soudan") && out.contains("Commands:"),
        "{out}"
    );
    assert!(!db.exists(), "--help opened the database");
}

#[test]
fn help_subcommand_shows_the_same_help_as_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let flag = run(&db, &["request", "add", "--help"]);
    assert_eq!(flag.status.code(), Some(0), "{}", text(&flag));
    for args in [
        vec!["help", "request", "add"],
        vec!["request", "help", "add"],
    ] {
        let o = run(&db, &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}\n{}", text(&o));
        assert_eq!(stdout(&o), stdout(&flag), "{args:?}");
    }
    refused_ja(
        &["help", "nope"],
        "「nope」というコマンドはありません",
        &["soudan --help"],
    );
}

#[test]
fn version_exits_0_on_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&tmp.path().join("db"), &["--version"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(stdout(&o).starts_with("soudan "), "{}", text(&o));
    assert!(stderr(&o).is_empty());
}

#[test]
fn a_dash_word_where_a_value_is_expected_gets_clap_tip_reworded() {
    refused_ja(
        &["history", "--x"],
        "を値として渡すには",
        &[
            "「--x」",
            "「-- --x」",
            "使い方: soudan history",
            "`soudan history --help`",
        ],
    );
}

/// `gen --shape` / `--scale` with a name it does not know: the reason in the catalogue's
/// words with the names it takes, not the parser's English (`unknown shape "nonsense":
/// expected plain, regional, …`).
#[test]
fn an_unknown_gen_shape_or_scale_is_said_in_japanese() {
    let e = refused_ja(
        &["gen", "--scale", "sendai", "--shape", "nonsense"],
        "月の形の名前ではありません",
        &[
            "nonsense",
            "plain",
            "regional",
            "mixed",
            "soudan gen --help",
        ],
    );
    for english in ["unknown shape", "expected"] {
        assert!(!e.contains(english), "{e}");
    }
    let e = refused_ja(
        &["gen", "--scale", "huge"],
        "規模の名前ではありません",
        &["huge", "sendai", "national"],
    );
    assert!(!e.contains("unknown scale"), "{e}");
}
