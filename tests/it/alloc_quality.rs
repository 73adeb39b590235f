//! Quality regressions of the allocator on generated instances (no time
//! limit, so the results are deterministic; timings are measured by
//! `benches/alloc.rs`, never asserted here).

use crate::support_alloc::*;
use soudan::alloc::{Scale, generate};

#[test]
fn sendai_and_city_months_are_proven_optimal_in_w() {
    for (scale, seeds) in [(Scale::Sendai, 1..=5u64), (Scale::City, 1..=3u64)] {
        for seed in seeds {
            let inst = generate(scale, seed);
            let rep = solve_checked(&inst);
            assert!(
                rep.optimal,
                "{scale} seed {seed}: W {} bound {}",
                rep.solution.objective.weight, rep.bound_weight
            );
            // The auction bound alone is a valid bound too.
            assert!(rep.stats.auction_bound >= rep.solution.objective.weight);
            assert!(rep.stats.auction_bound >= rep.bound_weight);
        }
    }
}

#[test]
fn tiny_time_limits_still_give_feasible_solutions_with_valid_bounds() {
    use soudan::alloc::{SolveOptions, check, solve};
    use std::time::Duration;
    let inst = generate(Scale::City, 3);
    let full = solve_checked(&inst);
    for ms in [0u64, 1, 5, 20] {
        let opts = SolveOptions {
            time_limit: Some(Duration::from_millis(ms)),
            ..Default::default()
        };
        let rep = solve(&inst, &opts).expect("valid");
        assert!(check(&inst, &rep.solution).is_empty(), "{ms} ms");
        assert!(
            independent_check(&inst, &rep.solution).is_empty(),
            "{ms} ms"
        );
        // Whatever was cut short, the bound stays a bound on the optimum.
        assert!(
            rep.bound_weight >= full.solution.objective.weight,
            "{ms} ms"
        );
        assert!(rep.solution.objective.weight <= full.solution.objective.weight);
    }
}

#[test]
fn replanning_an_unchanged_city_month_keeps_every_booking() {
    use soudan::alloc::{SolveOptions, solve};
    for seed in 1..=3u64 {
        let inst = generate(Scale::City, seed);
        let first = solve_checked(&inst);
        assert!(first.optimal);
        let opts = SolveOptions {
            preferred: first.solution.assignments.clone(),
            ..Default::default()
        };
        let again = solve(&inst, &opts).expect("valid");
        assert_eq!(again.solution, first.solution, "city seed {seed}");
    }
}
