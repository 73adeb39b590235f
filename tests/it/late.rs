//! Late in the month (issue 21, item 6): overdue requests and "nothing left this month"
//! reasons, decided at the clock by `report::waiting_lines` and shown the same way by
//! `report`, `request list`/`show`, `check` and the view.

use crate::common;

const LATE: &str = "2026-12-29T10:00:00+09:00";

fn late(db: &std::path::Path, args: &[&str]) -> String {
    let o = common::soudan(db)
        .args(args)
        .env("SOUDAN_NOW", LATE)
        .output();
    assert_eq!(
        o.status.code(),
        Some(0),
        "soudan {args:?}\n{}",
        common::text(&o)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn late_in_the_month_requests_are_overdue_and_pointed_at_next_month() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let folder = common::sample();
    late(
        &db,
        &["import", folder.to_str().unwrap(), "--month", "2026-12"],
    );
    let json: serde_json::Value = serde_json::from_str(&late(
        &db,
        &["report", "--month", "2026-12", "--format", "json"],
    ))
    .unwrap();
    let waiting = json["waiting"].as_array().unwrap();
    assert!(!waiting.is_empty());
    let mut overdue = Vec::new();
    for w in waiting {
        // Every December session has started or is inside the two-day lead time on 12/29.
        assert_eq!(w["reason"], "no_session_left_this_month", "{w}");
        let next = w["next_date"].as_str().expect("a session next month");
        assert!(next.starts_with("2027-01"), "{w}");
        let is_overdue = w["deadline"].as_str().is_some_and(|d| d < "2026-12-29");
        assert_eq!(w["overdue"], is_overdue, "{w}");
        if is_overdue {
            overdue.push(w["request"].as_str().unwrap().to_string());
        }
    }
    assert!(!overdue.is_empty(), "the sample has deadlines before 12/29");
    // The Japanese texts: the table, request list/show, check.
    let text = late(&db, &["report", "--month", "2026-12"]);
    assert!(
        !text.contains("この相談分野を扱う機関の相談日がありません"),
        "{text}"
    );
    assert!(text.contains("来月いちばん早いのは"), "{text}");
    let first = &overdue[0];
    let show = late(&db, &["request", "show", first]);
    assert!(show.contains("期限切れ"), "{show}");
    assert!(
        show.contains(&format!("soudan request cancel {first}")),
        "{show}"
    );
    let list = late(&db, &["request", "list", "--status", "waiting"]);
    for line in list.lines().skip(1) {
        let id = line.split_whitespace().next().unwrap();
        assert_eq!(
            line.contains("期限切れ"),
            overdue.iter().any(|o| o == id),
            "{line}"
        );
    }
    let check = late(&db, &["check"]);
    for o in &overdue {
        assert!(
            check
                .lines()
                .any(|l| l.contains(o.as_str()) && l.contains("期限")),
            "{o} not warned:\n{check}"
        );
    }
    // The view: overdue rows marked, the new reason group present.
    let out = tmp.path().join("view.html");
    late(
        &db,
        &["view", "--month", "2026-12", "--out", out.to_str().unwrap()],
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("data-reason=\"no_session_left_this_month\""));
    for o in &overdue {
        assert!(
            html.contains(&format!("data-request=\"{o}\" class=\"overdue urgent\"")),
            "{o}"
        );
    }
    // Two months earlier nothing is overdue and the stored reason stands.
    let early = common::ok(&db, &["report", "--month", "2026-12", "--format", "json"]);
    let early: serde_json::Value = serde_json::from_str(&early).unwrap();
    for w in early["waiting"].as_array().unwrap() {
        assert_eq!(w["overdue"], false, "{w}");
        assert_ne!(w["reason"], "no_session_left_this_month", "{w}");
    }
}
