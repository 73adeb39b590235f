//! The center's notion of "now": which sessions are history, which are too close to book, and
//! which are open to the allocator.
//!
//! There is one clock reading per command (the CLI's `--now`, default the system clock); this
//! module only interprets it in the center's zone. Why a lead time: the intake sheet must reach
//! the specialist before the consultation day, so a booking made on the morning of the day (or
//! the day before) is worthless even though the slot is technically in the future.

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
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.local.date()
    }

    /// True when something starting at `start` (center wall clock) has started: history.
    pub fn is_past(&self, start: NaiveDateTime) -> bool {
        start < self.local
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
}
