//! Generated instances (sendai and city only, to stay fast in debug builds)
//! and replanning with preferred assignments.

use std::collections::BTreeMap;

use crate::support_alloc::*;
use soudan::alloc::{Scale, SolveOptions, generate, solve};

#[test]
fn scale_names() {
    for s in Scale::ALL {
        assert_eq!(s.name().parse::<Scale>().unwrap(), s);
        assert_eq!(s.to_string(), s.name());
    }
    assert!("tokyo".parse::<Scale>().is_err());
}

#[test]
fn generated_instances_are_valid_reproducible_and_realistic() {
    for s in [Scale::Sendai, Scale::City, Scale::Metro] {
        let inst = generate(s, 11);
        inst.validate().unwrap();
        assert_eq!(inst, generate(s, 11));
        assert_ne!(inst, generate(s, 12));
    }
    let inst = generate(Scale::City, 3);
    assert!((250..=350).contains(&inst.requests.len()));
    let mut langs: BTreeMap<&str, usize> = BTreeMap::new();
    let mut topics: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &inst.requests {
        *langs.entry(&r.language).or_default() += 1;
        *topics.entry(&r.topic).or_default() += 1;
    }
    let mut by_lang: Vec<(usize, &str)> = langs.iter().map(|(l, n)| (*n, *l)).collect();
    by_lang.sort_unstable_by(|a, b| b.cmp(a));
    let top3: Vec<&str> = by_lang[..3].iter().map(|x| x.1).collect();
    for l in ["zh", "ne", "vi"] {
        assert!(top3.contains(&l), "top languages {top3:?}");
    }
    let top_topic = topics.iter().max_by_key(|(_, n)| **n).unwrap().0;
    assert_eq!(*top_topic, "residence");
    let zones: Vec<&str> = inst
        .interpreters
        .iter()
        .map(|i| i.timezone.as_str())
        .collect();
    for z in ["America/New_York", "Europe/Lisbon", "Asia/Kathmandu"] {
        assert!(zones.contains(&z), "no interpreter in {z}");
    }
    assert!(inst.requests.iter().any(|r| r.deadline.is_some()));
    assert!(!inst.pinned.is_empty());
    let national = generate(Scale::National, 1);
    assert!((19_000..=21_000).contains(&national.requests.len()));
    assert!((1_900..=2_100).contains(&national.interpreters.len()));
    assert_eq!(national.sessions.len(), 1_500);
    national.validate().unwrap();
}

#[test]
fn sendai_months_are_solved_to_proven_optimality() {
    for seed in 1..=4 {
        let inst = generate(Scale::Sendai, seed);
        let rep = solve_checked(&inst);
        assert!(
            rep.optimal,
            "seed {seed}: W {} bound {}",
            rep.solution.objective.weight, rep.bound_weight
        );
        let reasons = rep.solution.unassigned.len();
        assert!(reasons < inst.requests.len());
    }
}

#[test]
fn city_months_are_feasible_and_bounded() {
    for seed in 1..=2 {
        let inst = generate(Scale::City, seed);
        let rep = solve_checked(&inst);
        assert!(rep.stats.greedy_weight <= rep.solution.objective.weight);
        // Re-running does not reshuffle.
        let again = solve(&inst, &SolveOptions::default()).unwrap();
        assert_eq!(again.solution, rep.solution);
    }
}

#[test]
fn replanning_an_unchanged_month_keeps_every_booking() {
    let inst = generate(Scale::Sendai, 2);
    let first = solve_checked(&inst);
    let opts = SolveOptions {
        preferred: first.solution.assignments.clone(),
        ..Default::default()
    };
    let again = solve(&inst, &opts).unwrap();
    assert_eq!(again.solution, first.solution);
    assert_eq!(
        again.stats.kept_preferred as usize,
        first.solution.assignments.len() - pinned_count(&inst, &first)
    );
}

fn pinned_count(inst: &soudan::alloc::Instance, rep: &soudan::alloc::SolveReport) -> usize {
    inst.pinned.len() - rep.pins_not_binding.len()
}

#[test]
fn replanning_after_a_cancellation_moves_few_bookings() {
    let inst = generate(Scale::City, 1);
    let first = solve_checked(&inst);
    // Cancel the busiest session and add an urgent request.
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &first.solution.assignments {
        *count.entry(&a.session).or_default() += 1;
    }
    let busiest = count.iter().max_by_key(|(_, n)| **n).unwrap().0.to_string();
    let mut changed = inst.clone();
    changed.sessions.retain(|s| s.id != busiest);
    let mut urgent = changed.requests[0].clone();
    urgent.id = "R-URGENT".into();
    urgent.weight = 50;
    changed.requests.push(urgent);
    let preferred = first.solution.assignments.clone();
    let plain = solve_checked(&changed);
    let opts = SolveOptions {
        preferred: preferred.clone(),
        ..Default::default()
    };
    let replan = solve(&changed, &opts).unwrap();
    assert!(independent_check(&changed, &replan.solution).is_empty());
    let kept = replan
        .solution
        .assignments
        .iter()
        .filter(|a| preferred.contains(a))
        .count();
    let kept_plain = plain
        .solution
        .assignments
        .iter()
        .filter(|a| preferred.contains(a))
        .count();
    let survivable = preferred.iter().filter(|a| a.session != busiest).count();
    // Replanning keeps far more bookings than solving from scratch, and
    // nearly all of those whose session still exists.
    assert!(
        kept > kept_plain,
        "kept {kept} vs from scratch {kept_plain}"
    );
    assert!(kept * 10 >= survivable * 9, "kept {kept} of {survivable}");
    // W is not sacrificed for stability beyond what the search finds from scratch.
    assert!(replan.solution.objective.weight * 100 >= plain.solution.objective.weight * 99);
}
