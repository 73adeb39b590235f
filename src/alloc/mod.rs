//! Allocation core: assigns consultation requests to (session, slot,
//! interpreter, mode) for one month.
//!
//! Pure library: no I/O, no printing, no global state. The exchange format,
//! time policy, feasibility and pin rules, objective, reason codes and the
//! method are documented in `docs/allocation-format.md`.
//!
//! * [`parse_instance`] / [`Instance::validate`] – read and validate;
//! * [`solve`] – allocate (lexicographic: max W, then min C), with a proven
//!   upper bound on W;
//! * [`check`] – independent feasibility checker for any solution;
//! * [`gen::generate`] – reproducible synthetic instances ([`sweep`] and
//!   [`shapes`]: other shapes, with knobs).

mod bound;
mod check;
mod error;
mod exact;
mod explain;
mod format;
pub mod r#gen;
mod matching;
mod mip;
mod pins;
mod prepare;
pub mod rng;
mod search;
pub mod shapes;
mod solve;
mod state;
pub mod sweep;
pub mod time;
mod validate;

pub use check::{Checker, Fault, Rule, Violation, check};
pub use error::InstanceError;
pub use explain::Reason;
pub use format::{
    Agency, Assignment, Cost, INSTANCE_FORMAT, Instance, Interpreter, Mode, Objective, Request,
    SOLUTION_FORMAT, Session, Solution, Unassigned, Window, parse_instance, parse_solution,
};
pub use r#gen::{Scale, generate};
pub use shapes::{Shape, generate_shape};
pub use solve::{
    EXACT_THREADS, LNS_PATIENCE, LNS_THREADS, Phase, Progress, ProgressFn, SolveOptions,
    SolveReport, SolveStats, solve,
};
pub use sweep::{Knobs, generate_knobs};
pub use validate::{MAX_BOOTHS, MAX_COST, MAX_SLOTS_PER_SESSION, MAX_WEIGHT};
