//! Issue 10 item 4: `soudan solve` on hostile inputs refuses with a clear message (exit 1)
//! instead of aborting or reading forever, and memory does not follow the `booths` number.

use std::io::Write;
use std::process::Stdio;

use crate::common::{self, text};
use crate::support_alloc;
use soudan::alloc::{InstanceError, MAX_BOOTHS, parse_instance};

fn solve_cmd(args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    let mut child = common::without_db().arg("solve").args(args).command();
    let mut child = child
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run soudan");
    {
        let mut pipe = child.stdin.take().expect("stdin");
        if let Some(bytes) = stdin {
            // The child may refuse before reading everything; a broken pipe is fine.
            let _ = pipe.write_all(bytes);
        }
    }
    child.wait_with_output().expect("wait")
}

fn month_with_booths(booths: u32) -> String {
    let mut inst = support_alloc::tiny(3, 6);
    for s in &mut inst.sessions {
        s.booths = booths;
    }
    inst.to_json()
}

#[test]
fn booths_above_the_limit_are_a_clear_instance_error() {
    let err = parse_instance(&month_with_booths(u32::MAX)).unwrap_err();
    assert!(
        matches!(
            err,
            InstanceError::TooManyBooths {
                booths: u32::MAX,
                limit: MAX_BOOTHS,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("booths"), "{err}");
    assert!(parse_instance(&month_with_booths(MAX_BOOTHS)).is_ok());
}

#[test]
fn solve_refuses_booths_4294967295_with_exit_1_instead_of_aborting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("month.json");
    std::fs::write(&path, month_with_booths(u32::MAX)).unwrap();
    let o = solve_cmd(&[path.to_str().unwrap()], None);
    common::assert_refused(&o, "booths");
}

/// At the limit, the slot capacity is clamped to the requests that could use the slot,
/// so the solve is as cheap as with a handful of booths (and W equals the exhaustive one).
#[test]
fn many_booths_solve_like_few_booths() {
    for seed in 0..20 {
        let mut inst = support_alloc::tiny(seed, 6);
        for s in &mut inst.sessions {
            s.booths = MAX_BOOTHS;
        }
        let rep = support_alloc::solve_checked(&inst);
        let (w, c) = support_alloc::exhaustive(&inst);
        assert_eq!(
            (rep.solution.objective.weight, rep.solution.objective.cost),
            (w, c),
            "seed {seed}"
        );
    }
}

#[test]
fn solve_refuses_dev_zero_instead_of_reading_until_memory_runs_out() {
    let o = solve_cmd(&["/dev/zero"], None);
    common::assert_refused(&o, "普通のファイルではありません");
}

#[test]
fn solve_refuses_non_utf8_stdin_with_exit_1() {
    let o = solve_cmd(&["-"], Some(b"{\"format\": \"\xff\xfe\"}"));
    common::assert_refused(&o, "UTF-8");
}

#[test]
fn solve_refuses_a_non_utf8_file_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.json");
    std::fs::write(&path, b"{\"format\": \"caf\xe9\"}").unwrap();
    let o = solve_cmd(&[path.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

/// The live status line is for terminals only: with stderr piped (scripts, logs, CI) only
/// the final summary is printed.
#[test]
fn solve_prints_no_progress_line_when_stderr_is_piped() {
    let path = format!(
        "{}/tests/fixtures/alloc/sendai-58-conflicting-pins.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = solve_cmd(&[&path, "--out", "/dev/null"], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("solving:"), "{err}");
    assert!(!err.contains('\r'), "{err}");
    assert!(err.contains("W 849"), "{err}");
    // Regression: the rename over `--out /dev/null` (as root) left a regular file there.
    use std::os::unix::fs::FileTypeExt;
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(null.file_type().is_char_device(), "{null:?}");
}
