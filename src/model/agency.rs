use super::Mode;
use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// A partner organisation that sends specialists to consultation days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    /// Slug used in session ids and feed URLs.
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    /// Topic ids (from the center's vocabulary) this agency's specialists handle.
    pub topics: Vec<String>,
    /// Languages its specialists speak; requests in these need no interpreter.
    pub languages: Vec<String>,
    /// Whether this agency's feed may carry names and contact details. Off unless a
    /// coordinator turns it on: consultees are vulnerable people.
    pub show_personal_details: bool,
    pub patterns: Vec<SessionPattern>,
    pub extras: Vec<ExtraSession>,
    pub cancelled: Vec<NaiveDate>,
}

/// A recurring monthly session, e.g. "2nd Saturday 13:00-16:00, 45-minute slots, 2 booths".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPattern {
    /// 1..=5 for the nth weekday of the month, -1 for the last.
    pub week: i8,
    pub weekday: Weekday,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub slot_minutes: u32,
    pub booths: u32,
    pub modes: Vec<Mode>,
}

/// A one-off session on a given date, in addition to the patterns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraSession {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub slot_minutes: u32,
    pub booths: u32,
    pub modes: Vec<Mode>,
}
