//! Slot-level preferences (`SolveOptions::prefer_slot`): "same session and
//! slot, any suitable interpreter", counted in K below an exact preference
//! and never at the expense of W.

use crate::support_alloc::*;
use soudan::alloc::{Instance, Mode, SolveOptions, SolveReport, solve};

fn solve_opts(inst: &Instance, opts: &SolveOptions) -> SolveReport {
    let rep = solve(inst, opts).expect("valid instance");
    let errs = independent_check(inst, &rep.solution);
    assert!(errs.is_empty(), "independent checker: {errs:?}");
    assert!(soudan::alloc::check(inst, &rep.solution).is_empty());
    assert!(rep.solution.objective.weight <= rep.bound_weight);
    rep
}

/// `base()` plus a second Nepali interpreter with the same hours.
fn two_interpreters() -> Instance {
    let mut inst = base();
    let mut second = inst.interpreters[0].clone();
    second.id = "ne-02".into();
    inst.interpreters.push(second);
    inst
}

fn slot_of(rep: &SolveReport, request: &str) -> Option<(String, i64, Option<String>)> {
    rep.solution
        .assignments
        .iter()
        .find(|a| a.request == request)
        .map(|a| (a.session.clone(), a.slot, a.interpreter.clone()))
}

#[test]
fn interpreter_gone_keeps_the_slot_with_another_interpreter() {
    let mut inst = two_interpreters();
    // The booked interpreter is no longer available.
    inst.interpreters[0].availability.clear();
    let without = solve_opts(&inst, &SolveOptions::default());
    // Without a preference the allocator takes the first cheapest place (slot 0).
    assert_eq!(slot_of(&without, "R-0001").map(|x| x.1), Some(0));

    let opts = SolveOptions {
        preferred: vec![pin("R-0001", "imm-12", 2, Some("ne-01"), Some(Mode::Video))],
        ..Default::default()
    }
    .prefer_slot("R-0001", "imm-12", 2);
    let rep = solve_opts(&inst, &opts);
    assert_eq!(
        slot_of(&rep, "R-0001"),
        Some(("imm-12".to_string(), 2, Some("ne-02".to_string())))
    );
    assert_eq!(rep.stats.kept_preferred, 0);
    assert_eq!(rep.stats.kept_preferred_slots, 1);
    assert!(rep.optimal);
}

#[test]
fn exact_preference_counts_more_than_a_slot_preference() {
    let mut inst = two_interpreters();
    inst.sessions[0].booths = 1;
    inst.requests.push(req("R-0002", "ne", 10));
    // R-0001 exactly at slot 1 with ne-01; R-0002 only wants slot 1.
    let opts = SolveOptions {
        preferred: vec![pin("R-0001", "imm-12", 1, Some("ne-01"), Some(Mode::Video))],
        ..Default::default()
    }
    .prefer_slot("R-0002", "imm-12", 1);
    let rep = solve_opts(&inst, &opts);
    assert_eq!(
        slot_of(&rep, "R-0001"),
        Some(("imm-12".to_string(), 1, Some("ne-01".to_string())))
    );
    assert_ne!(slot_of(&rep, "R-0002").map(|x| x.1), Some(1));
    assert_eq!(rep.solution.objective.weight, 20);
    assert_eq!(rep.stats.kept_preferred, 1);
    assert_eq!(rep.stats.kept_preferred_slots, 0);
}

#[test]
fn slot_preference_never_costs_weight() {
    let mut inst = two_interpreters();
    inst.sessions[0].booths = 1;
    // R-0002 (heavy) fits only slot 2 (14:30–15:15); R-0001 prefers slot 2.
    let mut heavy = req("R-0002", "ne", 10);
    heavy.windows = Some(vec![win("2026-12-12T14:30:00", "2026-12-12T15:15:00")]);
    inst.requests[0].weight = 1;
    inst.requests.push(heavy);
    let opts = SolveOptions::default().prefer_slot("R-0001", "imm-12", 2);
    let rep = solve_opts(&inst, &opts);
    assert_eq!(rep.solution.objective.weight, 11);
    assert_eq!(slot_of(&rep, "R-0002").map(|x| x.1), Some(2));
    assert_eq!(rep.stats.kept_preferred_slots, 0);
    assert!(rep.optimal);
}

#[test]
fn preference_without_interpreter_is_exact_when_none_is_needed() {
    let mut inst = base();
    inst.requests[0].language = "en".into(); // the agency speaks English
    let opts = SolveOptions::default().prefer_slot("R-0001", "imm-12", 3);
    let rep = solve_opts(&inst, &opts);
    assert_eq!(
        slot_of(&rep, "R-0001"),
        Some(("imm-12".to_string(), 3, None))
    );
    assert_eq!(rep.stats.kept_preferred, 1);
    assert_eq!(rep.stats.kept_preferred_slots, 0);
}

#[test]
fn unknown_or_impossible_slot_preferences_are_ignored() {
    let inst = two_interpreters();
    let opts = SolveOptions::default()
        .prefer_slot("R-0001", "no-such-session", 0)
        .prefer_slot("R-0001", "imm-12", 99)
        .prefer_slot("R-9999", "imm-12", 0)
        .prefer_slot("R-0001", "imm-12", -1);
    let rep = solve_opts(&inst, &opts);
    assert_eq!(
        rep.solution,
        solve_opts(&inst, &SolveOptions::default()).solution
    );
    // Slot 3 (15:15–16:00) is outside every interpreter's hours: not met, still feasible.
    let rep = solve_opts(
        &inst,
        &SolveOptions::default().prefer_slot("R-0001", "imm-12", 3),
    );
    assert_eq!(rep.stats.kept_preferred_slots, 0);
    assert_eq!(rep.solution.objective.weight, 10);
}

#[test]
fn random_slot_preferences_stay_feasible_and_deterministic() {
    for seed in 0..120u64 {
        let inst = tiny(seed, 8);
        let base_rep = solve_opts(&inst, &SolveOptions::default());
        // Prefer, for every request, slot 0 of every session in turn.
        let mut opts = SolveOptions::default();
        for (i, r) in inst.requests.iter().enumerate() {
            if let Some(s) = inst.sessions.get(i % inst.sessions.len().max(1)) {
                opts = opts.prefer_slot(&r.id, &s.id, (i % 2) as i64);
            }
        }
        let rep = solve_opts(&inst, &opts);
        // W is first: preferences never lower it.
        assert_eq!(
            rep.solution.objective.weight, base_rep.solution.objective.weight,
            "seed {seed}"
        );
        assert_eq!(solve(&inst, &opts).expect("valid").solution, rep.solution);
    }
}
