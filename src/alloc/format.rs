//! Exchange format v1: serde types for `soudan-instance/1` and
//! `soudan-solution/1` (see `docs/allocation-format.md`).
//!
//! Times and time zones are kept as the strings found in the JSON so that a
//! bad value is reported by [`Instance::validate`] with the field and the id
//! that carry it, rather than as an anonymous serde error. Unknown fields are
//! rejected so that a typo (`"deadine"`) is an error instead of a silently
//! ignored constraint. Field order in the structs is the serialisation order,
//! which makes output deterministic.

use serde::{Deserialize, Serialize};

use super::error::InstanceError;
use super::explain::Reason;

/// Value of the `format` field of an instance.
pub const INSTANCE_FORMAT: &str = "soudan-instance/1";
/// Value of the `format` field of a solution.
pub const SOLUTION_FORMAT: &str = "soudan-solution/1";

/// How a consultation is held: the domain's own type, whose serde spelling (`in_person`,
/// `video`, `phone`) is the exchange format's.
pub use crate::model::Mode;

/// A month of specialist consultation days to allocate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// Always [`INSTANCE_FORMAT`].
    pub format: String,
    /// `YYYY-MM`; informational (slots outside the month are still used).
    pub month: String,
    /// IANA zone of the center: session times, windows, deadlines, `max_per_day` dates.
    pub timezone: String,
    /// Languages the center's own staff speak: no interpreter needed for these.
    pub center_languages: Vec<String>,
    pub agencies: Vec<Agency>,
    pub sessions: Vec<Session>,
    pub interpreters: Vec<Interpreter>,
    pub requests: Vec<Request>,
    /// Assignments fixed by staff; see the pin rules in the format doc.
    #[serde(default)]
    pub pinned: Vec<Assignment>,
}

/// A specialist agency (immigration bureau, labour office, bar association…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    pub id: String,
    /// Topics its specialists can answer.
    pub topics: Vec<String>,
    /// Languages its specialists speak: no interpreter needed for these.
    pub languages: Vec<String>,
}

/// One consultation day (or half day) of an agency at the center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub id: String,
    pub agency: String,
    /// Local time in the instance time zone.
    pub start: String,
    /// Local time in the instance time zone.
    pub end: String,
    pub slot_minutes: u32,
    /// Places per slot.
    pub booths: u32,
    /// Modes the session can host.
    pub modes: Vec<Mode>,
}

/// A local `{start, end}` interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub start: String,
    pub end: String,
}

/// Cost of using an interpreter in each mode (0 when absent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    #[serde(default)]
    pub in_person: i64,
    #[serde(default)]
    pub video: i64,
    #[serde(default)]
    pub phone: i64,
}

impl Cost {
    /// Cost of one mode.
    pub fn of(&self, mode: Mode) -> i64 {
        match mode {
            Mode::InPerson => self.in_person,
            Mode::Video => self.video,
            Mode::Phone => self.phone,
        }
    }
}

/// A (possibly remote) interpreter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interpreter {
    pub id: String,
    pub languages: Vec<String>,
    pub modes: Vec<Mode>,
    /// IANA zone in which `availability` is written.
    pub timezone: String,
    pub availability: Vec<Window>,
    /// Assignments per date (in the instance time zone); `None` = unlimited.
    #[serde(default)]
    pub max_per_day: Option<u32>,
    #[serde(default)]
    pub cost: Cost,
}

/// A resident's consultation request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub id: String,
    pub language: String,
    pub topic: String,
    /// If set, only sessions of this agency qualify.
    #[serde(default)]
    pub agency: Option<String>,
    /// Modes the resident accepts (only relevant when an interpreter is needed).
    pub modes: Vec<Mode>,
    /// `None` = any time; `Some([])` = never.
    #[serde(default)]
    pub windows: Option<Vec<Window>>,
    /// Local time; the slot must end at or before it.
    #[serde(default)]
    pub deadline: Option<String>,
    /// Importance; must be positive.
    pub weight: i64,
}

/// One placed request (also the shape of a pin).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub request: String,
    pub session: String,
    /// Slot index within the session. Signed so that a pin naming slot -1 is
    /// reported as "not binding" instead of failing the whole parse.
    pub slot: i64,
    #[serde(default)]
    pub interpreter: Option<String>,
    #[serde(default)]
    pub mode: Option<Mode>,
}

/// A request that could not be placed, with the binding reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unassigned {
    pub request: String,
    pub reason: Reason,
}

/// `W` (total weight assigned) and `C` (total interpreter cost).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub weight: i64,
    pub cost: i64,
}

/// The allocator's answer; assignments and unassigned requests are listed in
/// the order of `requests` in the instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Solution {
    /// Always [`SOLUTION_FORMAT`].
    pub format: String,
    pub assignments: Vec<Assignment>,
    pub unassigned: Vec<Unassigned>,
    pub objective: Objective,
}

impl Solution {
    /// Deterministic pretty JSON (struct field order, list order as stored).
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and integers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Instance {
    /// Deterministic pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Parses and validates an instance. JSON errors carry serde_json's line and
/// column; semantic errors name the field and id (see [`InstanceError`]).
pub fn parse_instance(json: &str) -> Result<Instance, InstanceError> {
    let inst: Instance = serde_json::from_str(json).map_err(|e| InstanceError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    inst.validate()?;
    Ok(inst)
}

/// Parses a solution (no validation against an instance: use [`super::check`]).
pub fn parse_solution(json: &str) -> Result<Solution, InstanceError> {
    serde_json::from_str(json).map_err(|e| InstanceError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}
