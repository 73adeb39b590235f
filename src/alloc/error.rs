//! Typed errors for instances that cannot be solved.
//!
//! Every variant names the offending field and id so that a person editing an
//! instance by hand (or the lead's database export) can find the culprit
//! without reading the solver.

use thiserror::Error;

/// Why an instance was rejected. An invalid instance never yields a solution.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InstanceError {
    /// The text is not valid JSON, or does not have the v1 shape.
    /// `line`/`column` come from serde_json (1-based).
    #[error("invalid instance JSON at line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// `format` is not `soudan-instance/1`.
    #[error("unsupported format {found:?}: expected \"soudan-instance/1\"")]
    Format { found: String },
    /// `month` is not `YYYY-MM`.
    #[error("invalid month {value:?}: expected YYYY-MM")]
    Month { value: String },
    /// Two objects of one kind share an id.
    #[error("duplicate {kind} id {id:?}")]
    DuplicateId { kind: &'static str, id: String },
    /// A request or session names an agency that is not in `agencies`.
    #[error("{kind} {id:?} names unknown agency {agency:?}")]
    UnknownAgency {
        kind: &'static str,
        id: String,
        agency: String,
    },
    /// `weight` must be at least 1 (and at most [`crate::alloc::MAX_WEIGHT`]).
    #[error("request {id:?}: weight {weight} must be positive")]
    NonPositiveWeight { id: String, weight: i64 },
    /// `weight` above [`crate::alloc::MAX_WEIGHT`]; the limit keeps all sums exact in i64.
    #[error("request {id:?}: weight {weight} exceeds the limit {limit}")]
    WeightTooLarge { id: String, weight: i64, limit: i64 },
    /// An interpreter `cost` entry is negative.
    #[error("interpreter {id:?}: cost.{mode} = {cost} must not be negative")]
    NegativeCost {
        id: String,
        mode: &'static str,
        cost: i64,
    },
    /// An interpreter `cost` entry above [`crate::alloc::MAX_COST`].
    #[error("interpreter {id:?}: cost.{mode} = {cost} exceeds the limit {limit}")]
    CostTooLarge {
        id: String,
        mode: &'static str,
        cost: i64,
        limit: i64,
    },
    /// A time zone name that the IANA database (chrono-tz) does not know.
    #[error("{kind} {id:?}: unknown time zone {value:?} in field {field}")]
    TimeZone {
        kind: &'static str,
        id: String,
        field: &'static str,
        value: String,
    },
    /// A local time that is not `YYYY-MM-DDTHH:MM[:SS]`.
    #[error(
        "{kind} {id:?}: invalid local time {value:?} in field {field} (expected YYYY-MM-DDTHH:MM:SS)"
    )]
    Time {
        kind: &'static str,
        id: String,
        field: &'static str,
        value: String,
    },
    /// An interval (session, window or availability) that ends before it starts.
    #[error("{kind} {id:?}: {field} ends before it starts ({start} > {end})")]
    EndBeforeStart {
        kind: &'static str,
        id: String,
        field: &'static str,
        start: String,
        end: String,
    },
    /// `slot_minutes` must be at least 1.
    #[error("session {id:?}: slot_minutes must be at least 1")]
    SlotMinutes { id: String },
    /// A session with more slots than [`crate::alloc::MAX_SLOTS_PER_SESSION`].
    #[error("session {id:?}: {slots} slots exceed the limit {limit}")]
    TooManySlots { id: String, slots: i64, limit: i64 },
    /// A session with more booths than [`crate::alloc::MAX_BOOTHS`].
    #[error("session {id:?}: booths = {booths} exceeds the limit {limit}")]
    TooManyBooths { id: String, booths: u32, limit: u32 },
}
