//! One month of scheduling, between the store's model and the pure allocator.
//!
//! [`instance`] turns what the store holds into an allocation instance (the exchange format
//! of [`crate::alloc`]); [`changes`] turns the allocator's solution back into bookings and
//! says what changed. Neither does I/O: the CLI reads the store, calls these, and commits.

mod changes;
mod instance;
mod repair;
mod substitutes;

pub use changes::{Change, Changes, plan_changes};
pub use instance::{MonthInput, Plan, assignment_of, build};
pub use repair::{Repair, Repairs, repair};
pub use substitutes::{Candidate, Fit, Unfit, Wanted, best_substitute, substitutes};

use chrono::NaiveDateTime;

/// The exchange format's local-time spelling.
pub(crate) fn fmt_local(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}
