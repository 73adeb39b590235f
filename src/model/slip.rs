//! What a resident's slip needs beyond the scheduling model, kept under meta keys of their
//! own (not in [`super::Center`], whose bincode layout older databases were written with).

use super::{Booking, BookingStatus, Mode};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// How residents reach the center: optional `[center]` fields of center.toml (`phone`,
/// `access`, `hours`). Empty when a folder does not give them (a database imported before
/// they existed reads as empty): the slip then tells the resident to ask at the counter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterInfo {
    /// The number residents call to cancel or change, as printed (e.g. `022-265-2471`).
    pub phone: String,
    /// How to get there, in Japanese (station, building, floor).
    pub access: String,
    /// Opening hours of the counter, as printed.
    pub hours: String,
}

/// The facts of the last slip handed to a resident for a booking (`slip/<number>` in meta):
/// what the resident holds on paper, so the next slip can say "changed: old → new" even
/// after several moves in between.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedSlip {
    pub booking: String,
    pub sequence: u32,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub agency: String,
    pub mode: Option<Mode>,
    pub status: BookingStatus,
    pub issued: DateTime<Utc>,
}

impl IssuedSlip {
    /// The record of a slip showing `b`, issued at `now`.
    pub fn of(b: &Booking, now: DateTime<Utc>) -> IssuedSlip {
        IssuedSlip {
            booking: b.number.clone(),
            sequence: b.sequence,
            start: b.start,
            end: b.end,
            agency: b.agency.clone(),
            mode: b.mode,
            status: b.status,
            issued: now,
        }
    }

    /// Would the resident holding this slip notice a difference from `b`? (time, specialist,
    /// interpreter mode or status; another interpreter in the same mode is not a change.)
    pub fn differs_from(&self, b: &Booking) -> bool {
        (self.start, self.end, &self.agency, self.mode, self.status)
            != (b.start, b.end, &b.agency, b.mode, b.status)
    }
}
