//! Optimality against exhaustive search on tiny random instances, and
//! property tests (feasibility, objective, binding pins, determinism) on
//! random small instances.

use crate::support_alloc::*;
use proptest::prelude::*;
use soudan::alloc::{SolveOptions, solve};

#[test]
fn matches_exhaustive_search_on_tiny_instances() {
    let mut nontrivial = 0;
    for seed in 0..400u64 {
        let inst = tiny(seed, 6);
        let rep = solve_checked(&inst);
        let (w, c) = exhaustive(&inst);
        assert_eq!(
            (rep.solution.objective.weight, rep.solution.objective.cost),
            (w, c),
            "seed {seed}: allocator {:?} vs exhaustive W={w} C={c}\n{}",
            rep.solution.objective,
            inst.to_json()
        );
        assert!(rep.optimal, "seed {seed}: tiny instance not proven optimal");
        assert!(rep.cost_optimal, "seed {seed}: tiny instance C not proven");
        assert_eq!(rep.bound_weight, w);
        assert!(
            rep.stats.auction_bound >= w,
            "seed {seed}: auction bound below W*"
        );
        if rep
            .solution
            .assignments
            .iter()
            .any(|a| a.interpreter.is_some())
        {
            nontrivial += 1;
        }
    }
    // The generator must exercise interpreters, not just booths.
    assert!(
        nontrivial > 50,
        "only {nontrivial} instances used interpreters"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn random_instances_solve_feasibly(seed in any::<u64>(), size in 1u64..14) {
        let inst = tiny(seed, size);
        let rep = solve(&inst, &SolveOptions::default()).expect("valid");
        let errs = independent_check(&inst, &rep.solution);
        prop_assert!(errs.is_empty(), "{:?}", errs);
        prop_assert!(soudan::alloc::check(&inst, &rep.solution).is_empty());
        // Every binding pin is in the solution unchanged; every other pin is reported.
        let binding = binding_pins(&inst);
        for p in &binding {
            prop_assert!(rep.solution.assignments.contains(p));
        }
        prop_assert_eq!(binding.len() + rep.pins_not_binding.len(), inst.pinned.len());
        prop_assert!(rep.solution.objective.weight <= rep.bound_weight);
        // Deterministic.
        let again = solve(&inst, &SolveOptions::default()).expect("valid");
        prop_assert_eq!(again.solution, rep.solution);
    }

    #[test]
    fn json_round_trip_of_random_instances(seed in any::<u64>()) {
        let inst = tiny(seed, 8);
        let parsed = soudan::alloc::parse_instance(&inst.to_json()).expect("valid");
        prop_assert_eq!(parsed, inst);
    }
}

/// Huge weights (up to the 10⁹ limit) and many booths: the auction works in
/// floating point; W must stay exact and the bound valid.
#[test]
fn huge_weights_and_booths_keep_w_exact_and_the_bound_valid() {
    for seed in 0..120u64 {
        let mut inst = tiny(seed, 6);
        for r in &mut inst.requests {
            r.weight = r.weight * 99_999_999 + (seed as i64 % 7);
        }
        if seed % 3 == 0 {
            for s in &mut inst.sessions {
                s.booths = s.booths * 1_000 + 1;
            }
        }
        let rep = solve_checked(&inst);
        let (w, _) = exhaustive(&inst);
        assert_eq!(rep.solution.objective.weight, w, "seed {seed}");
        assert!(rep.bound_weight >= w, "seed {seed}");
        assert!(rep.stats.auction_bound >= w, "seed {seed}");
    }
}
