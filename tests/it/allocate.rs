//! `soudan allocate` against a real database: feasible, stable, all-or-nothing.

use soudan::alloc::{self, Assignment, Objective, Solution, Unassigned};
use soudan::model::{BookingStatus, EventKind, Month, RequestStatus};
use soudan::schedule::{self, MonthInput};
use soudan::store::Store;
use std::path::Path;

use crate::common;

fn ok(db: &Path, args: &[&str]) -> String {
    // The assertions read the English words; `cli_ja` tests the Japanese default.
    let o = common::soudan(db)
        .args(args)
        .env("SOUDAN_LANG", "en")
        .output();
    assert_eq!(
        o.status.code(),
        Some(0),
        "soudan {args:?}\n{}",
        common::text(&o)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sample_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    ok(
        &db,
        &[
            "import",
            common::sample().to_str().unwrap(),
            "--month",
            "2026-12",
        ],
    );
    (tmp, db)
}

/// The stored bookings of a month, checked as a solution of the month's instance.
fn check_store(db: &Path, month: Month) -> usize {
    let store = Store::open(db, "test").unwrap();
    let input = MonthInput {
        center: store.center().unwrap().unwrap(),
        agencies: store.agencies().unwrap(),
        interpreters: store.interpreters().unwrap(),
        requests: store.requests().unwrap(),
        bookings: store.bookings().unwrap(),
        weights: store.weights().unwrap(),
        open_from: None,
        pinned: Default::default(),
    };
    let mut plan = schedule::build(&input, month, true);
    let confirmed: Vec<_> = input
        .bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .collect();
    let assignments: Vec<Assignment> = confirmed
        .iter()
        .map(|b| schedule::assignment_of(b))
        .collect();
    // Every booked request is booked once and marked booked; the rest wait.
    for r in &input.requests {
        let n = confirmed.iter().filter(|b| b.request == r.id).count();
        assert!(n <= 1, "{} has {n} bookings", r.id);
        assert_eq!(n == 1, r.status == RequestStatus::Booked, "{}", r.id);
    }
    let booked: Vec<String> = assignments.iter().map(|a| a.request.clone()).collect();
    let unassigned = plan
        .instance
        .requests
        .iter()
        .filter(|r| !booked.contains(&r.id))
        .map(|r| Unassigned {
            request: r.id.clone(),
            reason: alloc::Reason::Capacity,
        })
        .collect();
    plan.instance.pinned.clear();
    let mut solution = Solution {
        format: alloc::SOLUTION_FORMAT.into(),
        assignments,
        unassigned,
        objective: Objective::default(),
    };
    // Recompute the objective the checker expects.
    let weight: i64 = plan
        .instance
        .requests
        .iter()
        .filter(|r| booked.contains(&r.id))
        .map(|r| r.weight)
        .sum();
    let cost: i64 = solution
        .assignments
        .iter()
        .filter_map(|a| {
            let i = plan
                .instance
                .interpreters
                .iter()
                .find(|i| Some(&i.id) == a.interpreter.as_ref())?;
            Some(i.cost.of(a.mode?))
        })
        .sum();
    solution.objective = Objective { weight, cost };
    let violations = alloc::check(&plan.instance, &solution);
    assert!(violations.is_empty(), "{violations:#?}");
    confirmed.len()
}

#[test]
fn allocation_is_feasible_stable_and_dry_run_writes_nothing() {
    let (_tmp, db) = sample_db();
    let month: Month = "2026-12".parse().unwrap();
    let dry = ok(&db, &["allocate", "--month", "2026-12", "--dry-run"]);
    assert!(dry.contains("dry run: nothing was written"), "{dry}");
    assert_eq!(check_store(&db, month), 0);

    let first = ok(&db, &["allocate", "--month", "2026-12"]);
    assert!(
        first.contains(
            "waiting  R-0053: no interpreter speaks the language (no_interpreter_for_language)"
        ),
        "{first}"
    );
    let placed = check_store(&db, month);
    assert!(placed >= 60, "{first}");
    let before = Store::open(&db, "test").unwrap().bookings().unwrap();

    // Re-running moves nothing: every booking stays exactly as it was.
    let second = ok(&db, &["allocate", "--month", "2026-12"]);
    assert!(
        second.contains("0 new, 0 moved, 0 new interpreter, 0 released"),
        "{second}"
    );
    let after = Store::open(&db, "test").unwrap().bookings().unwrap();
    assert_eq!(before, after);

    let history = Store::open(&db, "test").unwrap().history("R-0001").unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[1].kind, EventKind::Placed);
}
