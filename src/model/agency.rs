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
    /// What happens when the pattern's date is a closed day. Not part of the agency record
    /// (older databases were written without it): the store keeps the agency's list under the
    /// meta key `on_closed/<agency>` and fills it in when it reads the agency.
    #[serde(skip)]
    pub on_closed: OnClosed,
}

/// What a monthly pattern does when its date is a day the center is closed (agencies.toml
/// `on_closed`; [`crate::model::ClosedDays`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnClosed {
    /// `skip`: no session from this pattern that month (the default: the specialist agreed to
    /// that weekday, not another).
    #[default]
    Skip,
    /// `next_open`: the session moves to the soonest following open day (any weekday, same
    /// times), if that day is still in the same month; past the month's end it is skipped,
    /// so a month never gets a session of another month's pattern.
    NextOpen,
}

impl OnClosed {
    pub fn code(self) -> &'static str {
        match self {
            OnClosed::Skip => "skip",
            OnClosed::NextOpen => "next_open",
        }
    }

    pub fn from_code(code: &str) -> Option<OnClosed> {
        match code {
            "skip" => Some(OnClosed::Skip),
            "next_open" => Some(OnClosed::NextOpen),
            _ => None,
        }
    }
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
