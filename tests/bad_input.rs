//! The bad-input corpus: every broken coordinator folder is refused with exactly the expected
//! `file:line: field: message` lines, exit code 1, and the database unchanged.
//!
//! Each folder under `tests/bad_input/` holds the files that differ from
//! `tests/fixtures/tiny/` and `expected.txt` (standard error, with `{dir}` for the folder).
//! Cases that would be unwieldy as files (50 MB, Shift_JIS, binary) are generated below.

use soudan::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// A database holding the tiny fixture, and its raw content.
fn base_db(tmp: &Path) -> (PathBuf, Vec<u8>) {
    let db = tmp.join("soudan.db");
    let o = Command::new(env!("CARGO_BIN_EXE_soudan"))
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(root().join("tests/fixtures/tiny"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    (db.clone(), snapshot(&db))
}

fn snapshot(db: &Path) -> Vec<u8> {
    let store = Store::open(db, "test").unwrap();
    format!("{:?}", store.export_raw().unwrap()).into_bytes()
}

/// A copy of the tiny fixture with `files` written over it.
fn folder(tmp: &Path, files: &[(String, Vec<u8>)]) -> PathBuf {
    let dir = tmp.join("case");
    std::fs::create_dir_all(&dir).unwrap();
    for f in soudan::import::FILES {
        std::fs::copy(root().join("tests/fixtures/tiny").join(f), dir.join(f)).unwrap();
    }
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    dir
}

/// Imports `files` over the tiny fixture into a database holding it; returns stderr with
/// the folder replaced by `{dir}`, after checking exit code 1 and an unchanged database.
fn refused(files: &[(String, Vec<u8>)]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let (db, before) = base_db(tmp.path());
    let dir = folder(tmp.path(), files);
    let o = Command::new(env!("CARGO_BIN_EXE_soudan"))
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).replace(&dir.display().to_string(), "{dir}");
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(snapshot(&db), before, "the database changed:\n{stderr}");
    stderr
}

#[test]
fn corpus() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("tests/bad_input"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "corpus went missing");
    for case in cases {
        let mut files = Vec::new();
        for e in std::fs::read_dir(&case).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if name != "expected.txt" {
                files.push((name, std::fs::read(&p).unwrap()));
            }
        }
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let got = refused(&files);
        assert_eq!(got, expected, "case {}", case.display());
        for line in got.lines().skip(1) {
            let parts: Vec<&str> = line.splitn(4, ':').collect();
            assert_eq!(parts.len(), 4, "not file:line: field: message: {line}");
            assert!(parts[1].parse::<usize>().is_ok(), "no line number: {line}");
        }
    }
}

#[test]
fn fifty_megabyte_file() {
    let mut big = std::fs::read(root().join("tests/fixtures/tiny/requests.csv")).unwrap();
    let row = b"R-9999,2026-11-06T10:00,X,0,zh,CN,x,residence,,video,,,normal,padding padding padding padding padding padding,\n";
    while big.len() < 50 * 1024 * 1024 {
        big.extend_from_slice(row);
    }
    let got = refused(&[("requests.csv".into(), big)]);
    assert_eq!(
        got,
        "error: 1 problem found; nothing was imported:\n{dir}/requests.csv: file: too large (50.0 MB; the limit is 20 MB): is this the right file?\n"
    );
}

#[test]
fn shift_jis_rows_are_read_and_their_errors_reported() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/tiny/requests.csv"))
        .unwrap()
        .replace(
            "R-0004,2026-11-05T14:00,Test Yamada,090-0000-0004,ja,",
            "R-0004,2026-11-05T14:00,山田,090-0000-0004,日本語,",
        );
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    let got = refused(&[("requests.csv".into(), sjis.into_owned())]);
    assert_eq!(
        got,
        "error: 1 problem found; nothing was imported:\n{dir}/requests.csv:5: language: `日本語` is not a language code (expected an ISO 639 code such as ta or fil, or other:<name>; `soudan languages` lists the usual ones)\n"
    );
}

#[test]
fn binary_file() {
    let got = refused(&[(
        "center.toml".into(),
        vec![0x00, 0xff, 0xfe, 0x81, 0x00, 0x9f],
    )]);
    assert!(
        got.contains("{dir}/center.toml: file: not UTF-8 or Shift_JIS text"),
        "{got}"
    );
}

mod properties {
    use proptest::prelude::*;
    use soudan::import;

    fn tiny(name: &str) -> String {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/tiny")
                .join(name),
        )
        .unwrap()
    }

    /// Loads the tiny folder with `name` replaced by `bytes`, in memory.
    fn load_with(name: &str, bytes: Vec<u8>) -> Result<import::Dataset, import::ImportErrors> {
        import::load(
            "t/",
            |f| {
                if f == name {
                    Ok(bytes.clone())
                } else {
                    Ok(tiny(f).into_bytes())
                }
            },
            Some("2026-12".parse().unwrap()),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Arbitrary bytes in any file: never a panic; an error always names the file.
        #[test]
        fn arbitrary_bytes_never_panic(file in 0usize..4, bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let name = import::FILES[file];
            if let Err(e) = load_with(name, bytes) {
                prop_assert!(!e.0.is_empty());
                for err in &e.0 {
                    prop_assert!(err.file.starts_with("t/"));
                }
            }
        }

        /// Mutating one character of a valid file: never a panic, and every error line has the
        /// documented shape.
        #[test]
        fn one_character_mutations(file in 0usize..4, pos in any::<prop::sample::Index>(), c in any::<char>()) {
            let name = import::FILES[file];
            let mut text: Vec<char> = tiny(name).chars().collect();
            let i = pos.index(text.len());
            text[i] = c;
            let text: String = text.into_iter().collect();
            if let Err(e) = load_with(name, text.into_bytes()) {
                for err in &e.0 {
                    let line = err.to_string();
                    prop_assert!(line.starts_with("t/"), "{}", line);
                    prop_assert!(!err.field.is_empty(), "{}", line);
                }
            }
        }

        /// Arbitrary JSON-ish text as an allocation instance: never a panic.
        #[test]
        fn instance_reader_never_panics(text in ".{0,300}") {
            let _ = soudan::alloc::parse_instance(&text);
        }
    }
}
