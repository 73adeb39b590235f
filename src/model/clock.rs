//! The center's notion of "now": which sessions are history, which are too close to book, and
//! which are open to the allocator.
//!
//! There is one clock reading per command (the CLI's `--now`, default the system clock); this
//! module only interprets it in the center's zone. Why a lead time: the intake sheet must reach
//! the specialist before the consultation day, so a booking made on the morning of the day (or
//! the day before) is worthless even though the slot is technically in the future.

use super::{Booking, resolve_local};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;

/// Default `lead_days` of center.toml: a booking is made at least two calendar days before
/// the consultation day, so the intake can be sent to the specialist the day before.
pub const DEFAULT_LEAD_DAYS: u32 = 2;
/// Largest `lead_days` accepted: beyond two months the allocator could never fill next month.
pub const MAX_LEAD_DAYS: u32 = 60;

/// "Now" seen from the center.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The instant (UTC).
    pub now: DateTime<Utc>,
    /// The same instant on the center's wall clock.
    pub local: NaiveDateTime,
    /// Sessions starting before this local time are closed to new bookings and moves.
    pub open_from: NaiveDateTime,
    /// The center's zone, in which `local`, session and booking times are meant.
    pub tz: Tz,
}

impl Clock {
    /// `now` in the center's zone `tz`, with a booking lead of `lead_days` calendar days: the
    /// first bookable session starts on `today + lead_days` (and never before `now`, which
    /// matters only for `lead_days = 0`).
    pub fn new(now: DateTime<Utc>, tz: Tz, lead_days: u32) -> Clock {
        let local = now.with_timezone(&tz).naive_local();
        let first_day = local.date() + TimeDelta::days(i64::from(lead_days));
        let open_from = first_day.and_time(NaiveTime::MIN).max(local);
        Clock {
            now,
            local,
            open_from,
            tz,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.local.date()
    }

    /// True when something starting at `start` (center wall clock) has started: history.
    ///
    /// Compared as instants (under the local-time policy of [`resolve_local`]), not as wall
    /// clock texts: in an autumn fold the wall clock runs the same hour twice, and 01:15 of
    /// the second pass comes after 01:30 of the first.
    pub fn is_past(&self, start: NaiveDateTime) -> bool {
        resolve_local(self.tz, start) < self.now
    }

    /// True when booking `b` is history: its slot has started, so the consultation took place
    /// (or is under way, or the resident did not come; either way it happened as booked).
    ///
    /// The one rule every command follows (`request cancel`/`edit`, `booking move`/`pin`,
    /// `session cancel`, `interpreter unavailable`, `import`, the allocator through
    /// [`Clock::open_from`]): nothing changes a booking that is history, because its calendar
    /// event, the agency's record and the month report must keep it as it was. The slot's
    /// start, not the session's, is the line: a resident who calls at 14:00 to cancel 15:00
    /// did not have the consultation, while the session began at 13:00.
    pub fn is_history(&self, b: &Booking) -> bool {
        self.is_past(b.start)
    }

    /// True when the allocator may book or move anything into a slot starting at `start`.
    pub fn is_open(&self, start: NaiveDateTime) -> bool {
        start >= self.open_from
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn today_is_the_centers_date_not_utcs() {
        // 2026-12-01 20:00 UTC is already 12-02 05:00 in Sendai.
        let c = Clock::new(at("2026-12-01T20:00:00Z"), chrono_tz::Asia::Tokyo, 2);
        assert_eq!(c.today().to_string(), "2026-12-02");
        assert_eq!(c.open_from, local("2026-12-04 00:00"));
        assert!(c.is_past(local("2026-11-26 13:00")));
        assert!(!c.is_open(local("2026-12-03 13:00")));
        assert!(!c.is_past(local("2026-12-03 13:00")));
        assert!(c.is_open(local("2026-12-04 09:00")));
    }

    #[test]
    fn zero_lead_still_never_books_the_past() {
        let c = Clock::new(at("2026-12-02T01:00:00Z"), chrono_tz::Asia::Tokyo, 0);
        assert_eq!(c.open_from, local("2026-12-02 10:00"));
        assert!(!c.is_open(local("2026-12-02 09:00")));
        assert!(c.is_open(local("2026-12-02 10:30")));
    }

    #[test]
    fn a_slot_is_history_from_its_first_minute() {
        // 2026-12-12 13:00 in Sendai.
        let c = Clock::new(at("2026-12-12T04:00:00Z"), chrono_tz::Asia::Tokyo, 2);
        assert!(c.is_past(local("2026-12-12 12:59")));
        assert!(!c.is_past(local("2026-12-12 13:00")));
        let c = Clock::new(at("2026-12-12T04:00:01Z"), chrono_tz::Asia::Tokyo, 2);
        assert!(c.is_past(local("2026-12-12 13:00")));
    }

    #[test]
    fn the_second_pass_of_an_autumn_fold_follows_the_first() {
        // New York 2026-11-01: 01:00-02:00 runs twice. 01:15 of the second pass (EST,
        // 06:15 UTC) comes after 01:30 of the first (EDT, 05:30 UTC): a booking at 01:30,
        // read as its first occurrence, has started, although 01:30 > 01:15 on the wall.
        let c = Clock::new(at("2026-11-01T06:15:00Z"), chrono_tz::America::New_York, 0);
        assert_eq!(c.local, local("2026-11-01 01:15"));
        assert!(c.is_past(local("2026-11-01 01:30")));
        assert!(!c.is_past(local("2026-11-01 02:30")));
    }
}
