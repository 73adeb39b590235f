//! The bad-input corpus: every broken coordinator folder is refused with exactly the expected
//! `file:line: field: message` lines, exit code 1, and the database unchanged.
//!
//! Each folder under `tests/bad_input/` holds the files that differ from
//! `tests/fixtures/tiny/` and `expected.txt` (standard error, with `{dir}` for the folder).
//! Cases that would be unwieldy as files (50 MB, Shift_JIS, binary) are generated below.

use crate::common::soudan;
use soudan::store::Store;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// A database holding the tiny fixture, and its raw content.
fn base_db(tmp: &Path) -> (PathBuf, Vec<u8>) {
    let db = tmp.join("soudan.db");
    let o = soudan(&db)
        .arg("import")
        .arg(root().join("tests/fixtures/tiny"))
        .output();
    assert_eq!(o.status.code(), Some(0));
    (db.clone(), snapshot(&db))
}

fn snapshot(db: &Path) -> Vec<u8> {
    let store = Store::open(db, "test").unwrap();
    format!("{:?}", store.export_raw().unwrap()).into_bytes()
}

/// A copy of the tiny fixture with `files` written over it.
fn folder(tmp: &Path, files: &[(String, Vec<u8>)]) -> PathBuf {
    let dir = crate::common::copy_folder(&root().join("tests/fixtures/tiny"), &tmp.join("case"));
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
    // The expected files hold the English frame (`error: `): the messages are compared
    // exactly, and the frame's language is not what these tests are about.
    let o = soudan(&db)
        .arg("import")
        .arg(&dir)
        .env("SOUDAN_LANG", "en")
        .output();
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
fn file_over_the_64_mb_limit() {
    let mut big = std::fs::read(root().join("tests/fixtures/tiny/requests.csv")).unwrap();
    let row = b"R-9999,2026-11-06T10:00,X,0,zh,CN,x,residence,,video,,,normal,padding padding padding padding padding padding,\n";
    while big.len() < 65 * 1024 * 1024 {
        big.extend_from_slice(row);
    }
    let got = refused(&[("requests.csv".into(), big)]);
    assert_eq!(
        got,
        "error: 1 problem found; nothing was imported:\n{dir}/requests.csv: too large (the limit is 64 MB): is this the right file?\n"
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

/// Like [`refused`], but `setup` may put special files (symlinks, FIFOs) into the folder.
fn refused_after(setup: impl FnOnce(&Path)) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let (db, before) = base_db(tmp.path());
    let dir = folder(tmp.path(), &[]);
    setup(&dir);
    // The expected files hold the English frame (`error: `): the messages are compared
    // exactly, and the frame's language is not what these tests are about.
    let o = soudan(&db)
        .arg("import")
        .arg(&dir)
        .env("SOUDAN_LANG", "en")
        .output();
    let stderr = String::from_utf8_lossy(&o.stderr).replace(&dir.display().to_string(), "{dir}");
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(snapshot(&db), before, "the database changed:\n{stderr}");
    stderr
}

/// The tiny requests with an unknown language on its 5th line (R-0004).
fn requests_with_error_on_line_5() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/tiny/requests.csv"))
        .unwrap()
        .replace(
            "R-0004,2026-11-05T14:00,Test Yamada,090-0000-0004,ja,",
            "R-0004,2026-11-05T14:00,山田,090-0000-0004,xx,",
        )
}

const LINE_5: &str = "error: 1 problem found; nothing was imported:\n{dir}/requests.csv:5: language: `xx` is not a language code (expected an ISO 639 code such as ta or fil, or other:<name>; `soudan languages` lists the usual ones)\n";

#[test]
fn crlf_cr_only_and_bom_cp932_files_report_the_right_line() {
    let lf = requests_with_error_on_line_5();
    let crlf = lf.replace('\n', "\r\n");
    let cr = lf.replace('\n', "\r");
    assert_eq!(
        refused(&[("requests.csv".into(), crlf.clone().into_bytes())]),
        LINE_5,
        "CRLF"
    );
    assert_eq!(
        refused(&[("requests.csv".into(), cr.into_bytes())]),
        LINE_5,
        "CR only"
    );
    let bom = [&[0xEF, 0xBB, 0xBF][..], crlf.as_bytes()].concat();
    assert_eq!(
        refused(&[("requests.csv".into(), bom)]),
        LINE_5,
        "BOM + CRLF"
    );
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&crlf);
    assert!(!unmappable);
    assert_eq!(
        refused(&[("requests.csv".into(), sjis.into_owned())]),
        LINE_5,
        "CP932 + CRLF"
    );
    // A CRLF TOML file: the error names the key's own line.
    let agencies = std::fs::read_to_string(root().join("tests/fixtures/tiny/agencies.toml"))
        .unwrap()
        .replace("booths = 1", "booths = \"one\"")
        .replace('\n', "\r\n");
    let got = refused(&[("agencies.toml".into(), agencies.into_bytes())]);
    assert!(
        got.contains("{dir}/agencies.toml:32: booths: invalid type: string \"one\""),
        "{got}"
    );
}

#[test]
fn a_symlink_to_etc_passwd_is_refused_without_echoing_it() {
    let got = refused_after(|dir| {
        std::fs::remove_file(dir.join("requests.csv")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.join("requests.csv")).unwrap();
    });
    assert!(!got.contains("root"), "{got}");
    assert_eq!(
        got,
        "error: 1 problem found; nothing was imported:\n{dir}/requests.csv:1: header: the first line is not the header row of this file (expected: id,received,name,contact,language,nationality,residence_status,topic,agency,modes,windows,deadline,priority,summary,tried); is this the right file?\n"
    );
}

#[test]
fn dev_zero_and_fifo_are_refused_without_reading() {
    let got = refused_after(|dir| {
        std::fs::remove_file(dir.join("center.toml")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.join("center.toml")).unwrap();
        std::fs::remove_file(dir.join("agencies.toml")).unwrap();
        let fifo = std::ffi::CString::new(dir.join("agencies.toml").to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid C string.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    });
    assert_eq!(
        got,
        "error: 2 problems found; nothing was imported:\n{dir}/center.toml: not a regular file (a pipe or device): put a file saved from Excel or a text editor here\n{dir}/agencies.toml: not a regular file (a pipe or device): put a file saved from Excel or a text editor here\n"
    );
}

#[test]
fn binary_file() {
    let got = refused(&[(
        "center.toml".into(),
        vec![0x00, 0xff, 0xfe, 0x81, 0x00, 0x9f],
    )]);
    assert!(
        got.contains("{dir}/center.toml: not UTF-8 or Shift_JIS text"),
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
                    Ok::<_, String>(bytes.clone())
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
