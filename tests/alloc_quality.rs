//! Quality regressions of the allocator on generated instances (no time
//! limit, so the results are deterministic; timings are measured by
//! `benches/alloc.rs`, never asserted here).

mod support_alloc;

use soudan::alloc::{Scale, generate};
use support_alloc::*;

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
