//! Seeded sweeps over the knob generator (`soudan::alloc::sweep`): months shaped unlike
//! the generator the allocator was tuned on (weight spread, mixed slot grids, booths 1-4,
//! scarce interpreters, DST inside the month, broken pins).
//!
//! * tiny months (5-7 requests), every knob mix: W and C equal the exhaustive optimum of
//!   `support_alloc` (written independently of the library), and both are reported proven;
//! * sendai-sized months (40-80 requests): feasible by the independent checker, W proven
//!   optimal by the solver's own bound, C proven, deterministic.
//!
//! The full sweep (hundreds of months, city scale, timing per knob) is the benchmark
//! `SOUDAN_ALLOC_SWEEP=1 cargo bench --bench alloc`; these are the small samples CI runs.

use crate::support_alloc::*;
use soudan::alloc::{Knobs, SolveOptions, generate_knobs, solve};

#[test]
fn tiny_knob_months_match_the_exhaustive_optimum() {
    let mut with_interpreters = 0;
    for seed in 0..48u64 {
        let knobs = if seed < 16 {
            Knobs::presets()[seed as usize % 8].1
        } else {
            Knobs::random(seed)
        };
        let n = 5 + (seed % 3) as usize;
        let inst = generate_knobs(n, seed, knobs);
        let rep = solve_checked(&inst);
        let (w, c) = exhaustive(&inst);
        assert_eq!(
            (rep.solution.objective.weight, rep.solution.objective.cost),
            (w, c),
            "seed {seed} {knobs:?}: allocator vs exhaustive\n{}",
            inst.to_json()
        );
        assert!(rep.optimal && rep.cost_optimal, "seed {seed}: not proven");
        assert_eq!(rep.bound_weight, w, "seed {seed}");
        with_interpreters += usize::from(
            rep.solution
                .assignments
                .iter()
                .any(|a| a.interpreter.is_some()),
        );
    }
    assert!(
        with_interpreters >= 10,
        "only {with_interpreters} months used interpreters"
    );
}

#[test]
fn sendai_sized_knob_months_are_proven_optimal_in_w_and_c() {
    let mut unproven = Vec::new();
    for seed in 0..12u64 {
        let knobs = Knobs::random(1_000 + seed);
        let n = 40 + (seed as usize * 7) % 41;
        let inst = generate_knobs(n, 1_000 + seed, knobs);
        let rep = solve_checked(&inst);
        assert!(rep.bound_weight >= rep.solution.objective.weight);
        if !(rep.optimal && rep.cost_optimal) {
            unproven.push((seed, knobs, rep.solution.objective, rep.bound_weight));
        }
        let again = solve(&inst, &SolveOptions::default()).expect("valid");
        assert_eq!(
            again.solution, rep.solution,
            "seed {seed}: not deterministic"
        );
    }
    assert!(unproven.is_empty(), "not proven: {unproven:?}");
}

/// Broken pins of every kind are reported and never applied; the month still solves.
#[test]
fn broken_pins_are_reported_not_applied() {
    let knobs = Knobs {
        bad_pins: true,
        ..Knobs::default()
    };
    let inst = generate_knobs(60, 7, knobs);
    let rep = solve_checked(&inst);
    let reasons: Vec<&str> = rep
        .pins_not_binding
        .iter()
        .map(|(_, why)| why.as_str())
        .collect();
    for needle in ["same request", "unknown session", "out of range"] {
        assert!(
            reasons.iter().any(|r| r.contains(needle)),
            "no pin released for {needle:?}: {reasons:?}"
        );
    }
    assert_eq!(
        binding_pins(&inst).len() + rep.pins_not_binding.len(),
        inst.pinned.len()
    );
}
