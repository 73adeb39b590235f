//! Pin rule (6): binding pins are kept unchanged; pins failing (2)–(5) or in
//! conflict are released and reported.

use crate::support_alloc::*;
use soudan::alloc::{Instance, Mode};

type Edit = Box<dyn Fn(&mut Instance)>;

fn two_requests() -> Instance {
    let mut inst = base();
    inst.requests.push(req("R-0002", "ne", 5));
    inst
}

fn reported(inst: &Instance) -> Vec<String> {
    let rep = solve_checked(inst);
    rep.pins_not_binding
        .into_iter()
        .map(|(_, why)| why)
        .collect()
}

#[test]
fn binding_pin_is_kept_even_when_more_expensive() {
    let mut inst = base();
    // Video costs 2, phone 1: without the pin the solver would take phone.
    let p = pin("R-0001", "imm-12", 2, Some("ne-01"), Some(Mode::Video));
    inst.pinned = vec![p.clone()];
    let rep = solve_checked(&inst);
    assert_eq!(rep.solution.assignments, vec![p]);
    assert_eq!(rep.solution.objective.cost, 2);
    inst.pinned.clear();
    assert_eq!(solve_checked(&inst).solution.objective.cost, 1);
}

#[test]
fn pin_without_interpreter_for_request_needing_none() {
    let mut inst = base();
    inst.requests[0].language = "en".into();
    let p = pin("R-0001", "imm-12", 3, None, None);
    inst.pinned = vec![p.clone()];
    let rep = solve_checked(&inst);
    assert!(rep.pins_not_binding.is_empty());
    assert_eq!(rep.solution.assignments, vec![p]);
}

#[test]
fn unknown_names_are_not_binding() {
    for (p, want) in [
        (
            pin("R-9", "imm-12", 0, Some("ne-01"), Some(Mode::Video)),
            "unknown request",
        ),
        (
            pin(
                "R-0001",
                "imm-cancelled",
                0,
                Some("ne-01"),
                Some(Mode::Video),
            ),
            "unknown session",
        ),
        (
            pin("R-0001", "imm-12", 4, Some("ne-01"), Some(Mode::Video)),
            "out of range",
        ),
        (
            pin("R-0001", "imm-12", -1, Some("ne-01"), Some(Mode::Video)),
            "out of range",
        ),
        (
            pin("R-0001", "imm-12", 0, Some("ne-99"), Some(Mode::Video)),
            "unknown interpreter",
        ),
    ] {
        let mut inst = base();
        inst.pinned = vec![p];
        let why = reported(&inst);
        assert_eq!(why.len(), 1);
        assert!(why[0].contains(want), "{why:?} should mention {want}");
        // The request is still placed by the solver.
        assert_eq!(solve_checked(&inst).solution.objective.weight, 10);
    }
}

#[test]
fn pins_breaking_rules_two_to_five_are_not_binding() {
    let ok = pin("R-0001", "imm-12", 0, Some("ne-01"), Some(Mode::Video));
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|i| i.sessions[0].booths = 0), "booths"),
        (Box::new(|i| i.requests[0].topic = "tax".into()), "topic"),
        (
            Box::new(|i| {
                i.agencies.push(i.agencies[0].clone());
                i.agencies[1].id = "other".into();
                i.requests[0].agency = Some("other".into());
            }),
            "topic",
        ),
        (
            Box::new(|i| {
                i.requests[0].windows =
                    Some(vec![win("2026-12-12T14:00:00", "2026-12-12T16:00:00")])
            }),
            "windows",
        ),
        (
            Box::new(|i| i.requests[0].deadline = Some("2026-12-12T13:30:00".into())),
            "deadline",
        ),
        (
            Box::new(|i| i.requests[0].language = "vi".into()),
            "does not speak",
        ),
        (
            Box::new(|i| i.requests[0].modes = vec![Mode::Phone]),
            "mode",
        ),
        (
            Box::new(|i| i.sessions[0].modes = vec![Mode::InPerson, Mode::Phone]),
            "mode",
        ),
        (
            Box::new(|i| {
                i.interpreters[0].availability =
                    vec![win("2026-12-12T10:00:00", "2026-12-12T12:30:00")]
            }),
            "not available",
        ),
        (
            Box::new(|i| i.interpreters[0].max_per_day = Some(0)),
            "max_per_day",
        ),
        (
            Box::new(|i| i.requests[0].language = "en".into()),
            "must be null",
        ),
    ];
    for (edit, want) in cases {
        let mut inst = base();
        edit(&mut inst);
        inst.pinned = vec![ok.clone()];
        let why = reported(&inst);
        assert_eq!(why.len(), 1, "{want}: {why:?}");
        assert!(why[0].contains(want), "{why:?} should mention {want}");
    }
    // A needed interpreter that is missing, or a missing mode.
    let mut inst = base();
    inst.pinned = vec![pin("R-0001", "imm-12", 0, None, None)];
    assert!(reported(&inst)[0].contains("none is named"));
    let mut inst = base();
    inst.pinned = vec![pin("R-0001", "imm-12", 0, Some("ne-01"), None)];
    assert!(reported(&inst)[0].contains("mode is null"));
}

#[test]
fn two_pins_of_one_request_are_both_released() {
    let mut inst = base();
    inst.pinned = vec![
        pin("R-0001", "imm-12", 0, Some("ne-01"), Some(Mode::Video)),
        pin("R-0001", "imm-12", 1, Some("ne-01"), Some(Mode::Phone)),
    ];
    let why = reported(&inst);
    assert_eq!(why.len(), 2);
    assert!(why.iter().all(|w| w.contains("same request")));
    // Released pins may still be placed anywhere: cheapest is phone.
    let rep = solve_checked(&inst);
    assert_eq!(
        rep.solution.objective,
        soudan::alloc::Objective {
            weight: 10,
            cost: 1
        }
    );
}

#[test]
fn overlapping_pins_of_one_interpreter_are_both_released() {
    let mut inst = two_requests();
    inst.pinned = vec![
        pin("R-0001", "imm-12", 1, Some("ne-01"), Some(Mode::Video)),
        pin("R-0002", "imm-12", 1, Some("ne-01"), Some(Mode::Video)),
    ];
    let why = reported(&inst);
    assert_eq!(why.len(), 2);
    assert!(why.iter().all(|w| w.contains("overlapping")));
    // Both can still be served, in different slots.
    assert_eq!(solve_checked(&inst).solution.objective.weight, 15);
    // Overlap across sessions with different slot grids, too.
    let mut inst = two_requests();
    let mut s2 = inst.sessions[0].clone();
    s2.id = "imm-12b".into();
    s2.start = "2026-12-12T13:30:00".into();
    s2.slot_minutes = 60;
    inst.sessions.push(s2);
    inst.pinned = vec![
        pin("R-0001", "imm-12", 0, Some("ne-01"), Some(Mode::Video)), // 13:00–13:45
        pin("R-0002", "imm-12b", 0, Some("ne-01"), Some(Mode::Video)), // 13:30–14:30
    ];
    assert_eq!(reported(&inst).len(), 2);
    // Adjacent (touching) slots do not overlap: both binding.
    inst.pinned[1] = pin("R-0002", "imm-12", 1, Some("ne-01"), Some(Mode::Video));
    assert!(reported(&inst).is_empty());
}

#[test]
fn more_pins_than_booths_are_all_released() {
    let mut inst = base();
    inst.sessions[0].booths = 1;
    inst.requests = vec![req("A", "en", 1), req("B", "en", 1)];
    inst.pinned = vec![
        pin("A", "imm-12", 0, None, None),
        pin("B", "imm-12", 0, None, None),
    ];
    let why = reported(&inst);
    assert_eq!(why.len(), 2);
    assert!(why.iter().all(|w| w.contains("booths")));
    inst.sessions[0].booths = 2;
    assert!(reported(&inst).is_empty());
}

#[test]
fn more_pins_per_day_than_max_per_day_are_released() {
    let mut inst = two_requests();
    inst.interpreters[0].max_per_day = Some(1);
    inst.pinned = vec![
        pin("R-0001", "imm-12", 0, Some("ne-01"), Some(Mode::Video)),
        pin("R-0002", "imm-12", 2, Some("ne-01"), Some(Mode::Video)),
    ];
    let why = reported(&inst);
    assert_eq!(why.len(), 2);
    assert!(why.iter().all(|w| w.contains("max_per_day")));
    // With the limit released both are still not both placeable: W = 10.
    assert_eq!(solve_checked(&inst).solution.objective.weight, 10);
}

#[test]
fn non_conflicting_pin_survives_next_to_released_ones() {
    let mut inst = two_requests();
    inst.requests.push(req("R-0003", "en", 1));
    inst.pinned = vec![
        pin("R-0001", "imm-12", 0, Some("ne-01"), Some(Mode::Video)),
        pin("R-0001", "imm-12", 1, Some("ne-01"), Some(Mode::Video)),
        pin("R-0003", "imm-12", 3, None, None),
    ];
    let rep = solve_checked(&inst);
    assert_eq!(rep.pins_not_binding.len(), 2);
    assert!(rep.solution.assignments.contains(&inst.pinned[2]));
}
