//! Regression months from an independent generator (`tests/fixtures/alloc/`, copied from
//! the shared regression folder) on which an earlier allocator stopped short of the proven
//! optimum. The optima were proven by an independent CP-SAT model; W and C are recomputed
//! here by the independent checker of `support_alloc`, not taken from the solver.

use crate::support_alloc::*;
use soudan::alloc::{SolveReport, parse_instance};

fn solve_fixture(name: &str) -> (soudan::alloc::Instance, SolveReport) {
    let path = format!("{}/tests/fixtures/alloc/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture present");
    let inst = parse_instance(&text).expect("valid fixture");
    let rep = solve_checked(&inst);
    (inst, rep)
}

/// 58 requests, 7 sessions of 45-minute slots, 7 pins of which two of one request conflict
/// and two name an interpreter without the language: optimum W = 849 and, at that W, the
/// minimum C = 48 (both proven by CP-SAT). The allocator used to stop at W = 820.
#[test]
fn sendai_58_with_conflicting_pins_reaches_proven_w_849_and_c_48() {
    let (_inst, rep) = solve_fixture("sendai-58-conflicting-pins.json");
    let (w, c) = (rep.solution.objective.weight, rep.solution.objective.cost);
    assert_eq!(w, 849, "W; report {:?}", rep.solution.objective);
    assert_eq!(c, 48, "C at the optimal W");
    assert!(rep.optimal, "W not proven: bound {}", rep.bound_weight);
    assert!(rep.cost_optimal, "C not proven");
    // The pins that break the rules are reported, never applied.
    assert!(
        rep.pins_not_binding.len() >= 4,
        "{:?}",
        rep.pins_not_binding
    );
}

/// 293 requests, 27 sessions mixing 30/45/60-minute slots that overlap across sessions,
/// 18 pins (three not binding): optimum W = 5474 (proven by CP-SAT). The allocator used to
/// stop at W = 5464 with its bound at 5481.
#[test]
fn city_293_with_mixed_slot_grids_reaches_proven_w_5474() {
    let (_inst, rep) = solve_fixture("city-293-mixed-slots.json");
    let w = rep.solution.objective.weight;
    assert_eq!(w, 5474, "W; bound {}", rep.bound_weight);
    assert!(rep.optimal, "W not proven: bound {}", rep.bound_weight);
    assert_eq!(rep.bound_weight, 5474);
}

/// The built-in Sendai sample month (`soudan import fixtures/sendai --month 2026-12`, then
/// `soudan instance --month 2026-12`), which took 1.3 s before the MIP phase: W and C are
/// both proven, and the solution passes the independent checker.
#[test]
fn sendai_sample_month_is_proven_optimal_in_w_and_c() {
    let (_inst, rep) = solve_fixture("sendai-sample-2026-12.json");
    assert!(rep.optimal, "W not proven: bound {}", rep.bound_weight);
    assert!(rep.cost_optimal, "C not proven");
    assert!(!rep.solution.assignments.is_empty());
}
