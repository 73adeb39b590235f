//! Every reason code, and the documented filter order.

use crate::support_alloc::*;
use soudan::alloc::{Instance, Mode, Reason};

fn reason_of(inst: &Instance, id: &str) -> Reason {
    let rep = solve_checked(inst);
    rep.solution
        .unassigned
        .iter()
        .find(|u| u.request == id)
        .map(|u| u.reason)
        .unwrap_or_else(|| panic!("{id} was assigned"))
}

#[test]
fn codes_are_fixed() {
    let codes: Vec<&str> = Reason::ALL.iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        [
            "no_session_for_topic",
            "deadline_before_sessions",
            "outside_windows",
            "no_interpreter_for_language",
            "mode_not_possible",
            "no_interpreter_available",
            "capacity"
        ]
    );
    for r in Reason::ALL {
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            format!("\"{}\"", r.code())
        );
        assert_eq!(r.to_string(), r.code());
        assert!(!r.describe().is_empty());
    }
}

#[test]
fn no_session_for_topic() {
    let mut inst = base();
    inst.requests[0].topic = "tax".into();
    assert_eq!(reason_of(&inst, "R-0001"), Reason::NoSessionForTopic);
    // A named agency without sessions counts the same.
    let mut inst = base();
    let mut a = inst.agencies[0].clone();
    a.id = "immigration-2".into();
    inst.agencies.push(a);
    inst.requests[0].agency = Some("immigration-2".into());
    assert_eq!(reason_of(&inst, "R-0001"), Reason::NoSessionForTopic);
}

#[test]
fn deadline_before_sessions() {
    let mut inst = base();
    inst.requests[0].deadline = Some("2026-12-12T13:30:00".into());
    assert_eq!(reason_of(&inst, "R-0001"), Reason::DeadlineBeforeSessions);
    // Deadline is checked before windows.
    inst.requests[0].windows = Some(vec![]);
    assert_eq!(reason_of(&inst, "R-0001"), Reason::DeadlineBeforeSessions);
    // A slot ending exactly at the deadline is fine.
    let mut inst = base();
    inst.requests[0].deadline = Some("2026-12-12T13:45:00".into());
    assert_eq!(solve_checked(&inst).solution.objective.weight, 10);
}

#[test]
fn outside_windows() {
    let mut inst = base();
    inst.requests[0].windows = Some(vec![]);
    assert_eq!(reason_of(&inst, "R-0001"), Reason::OutsideWindows);
    // Adjacent windows are not merged: 13:00–13:30 + 13:30–14:00 holds no 45-minute slot.
    inst.requests[0].windows = Some(vec![
        win("2026-12-12T13:00:00", "2026-12-12T13:30:00"),
        win("2026-12-12T13:30:00", "2026-12-12T14:00:00"),
    ]);
    assert_eq!(reason_of(&inst, "R-0001"), Reason::OutsideWindows);
}

#[test]
fn no_interpreter_for_language() {
    let mut inst = base();
    inst.requests[0].language = "km".into();
    assert_eq!(reason_of(&inst, "R-0001"), Reason::NoInterpreterForLanguage);
}

#[test]
fn mode_not_possible() {
    let mut inst = base();
    inst.requests[0].modes = vec![Mode::InPerson];
    assert_eq!(reason_of(&inst, "R-0001"), Reason::ModeNotPossible);
    let mut inst = base();
    inst.sessions[0].modes = vec![Mode::InPerson];
    assert_eq!(reason_of(&inst, "R-0001"), Reason::ModeNotPossible);
}

#[test]
fn no_interpreter_available() {
    let mut inst = base();
    inst.interpreters[0].availability = vec![win("2026-12-13T09:00:00", "2026-12-13T12:30:00")];
    assert_eq!(reason_of(&inst, "R-0001"), Reason::NoInterpreterAvailable);
    let mut inst = base();
    inst.interpreters[0].max_per_day = Some(0);
    assert_eq!(reason_of(&inst, "R-0001"), Reason::NoInterpreterAvailable);
}

#[test]
fn capacity_of_booths_and_interpreters() {
    let mut inst = base();
    inst.sessions[0].booths = 1;
    inst.requests = (0..5).map(|k| req(&format!("E{k}"), "en", 5 + k)).collect();
    // Four slots, one booth: the lightest request loses.
    assert_eq!(reason_of(&inst, "E0"), Reason::Capacity);
    let mut inst = base();
    inst.interpreters[0].max_per_day = Some(1);
    inst.requests.push(req("R-0002", "ne", 3));
    assert_eq!(reason_of(&inst, "R-0002"), Reason::Capacity);
    // Capacity also when pins took the places.
    let mut inst = base();
    inst.sessions[0].booths = 1;
    inst.sessions[0].end = "2026-12-12T13:45:00".into();
    inst.requests = vec![req("A", "en", 1), req("B", "en", 100)];
    inst.pinned = vec![pin("A", "imm-12", 0, None, None)];
    assert_eq!(reason_of(&inst, "B"), Reason::Capacity);
}
