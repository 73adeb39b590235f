use super::{Mode, Request, RequestStatus};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// A request placed in a session slot, with its interpreter if one is needed.
///
/// `number` is the public identity (it is what feeds and agencies see, and the feed UID is
/// derived from it), so it never changes when the booking moves; `sequence` increases on
/// every change of time, place, interpreter or status so calendar clients pick changes up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub number: String,
    pub request: String,
    pub session: String,
    pub agency: String,
    pub slot: u32,
    /// Local start and end of the slot (center zone), as published: kept with the booking so a
    /// later change to the agency's pattern shows up as a move, not as a silent shift.
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// 1-based booth within the slot.
    pub booth: u32,
    pub interpreter: Option<String>,
    pub mode: Option<Mode>,
    pub sequence: u32,
    pub status: BookingStatus,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BookingStatus {
    Confirmed,
    Cancelled,
}

impl Booking {
    /// Makes this new placement the next version of `old`: same number (so the same calendar
    /// UID), same creation time, SEQUENCE one higher. Calendars then show a move, never a
    /// deletion and a new event.
    pub fn continues(&mut self, old: &Booking) {
        self.number = old.number.clone();
        self.created = old.created;
        self.sequence = old.sequence + 1;
    }
}

impl BookingStatus {
    pub fn code(self) -> &'static str {
        match self {
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Cancelled => "cancelled",
        }
    }
}

/// True for a booking released by the allocator whose request still waits to be placed
/// again: it keeps its number when re-placed, and until then feeds show it as being
/// rescheduled. (A request cancelled by the coordinator is `Cancelled`, not waiting.)
pub fn is_rescheduling(b: &Booking, r: &Request) -> bool {
    b.status == BookingStatus::Cancelled && r.status == RequestStatus::Waiting
}
