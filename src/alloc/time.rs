//! Local wall-clock time → absolute instant, with a fixed policy for the two
//! DST anomalies, so every comparison in the allocator is on instants.
//!
//! Policy (documented in `docs/allocation-format.md`):
//! * a local time that occurs twice (autumn fold) means its **first** occurrence;
//! * a local time that does not exist (spring gap) is read with the UTC offset
//!   in force **just before** the gap (02:30 on a New York spring-forward day
//!   is 02:30 EST = 07:30 UTC).

use chrono::{LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// Seconds since the Unix epoch.
pub type Instant = i64;

/// Parses an IANA zone name.
pub fn parse_tz(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

/// Parses `YYYY-MM-DDTHH:MM:SS` (seconds optional, no offset).
pub fn parse_local(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
}

/// Resolves a local time in `tz` to an instant using the fold/gap policy above, which is the
/// domain's own ([`crate::model::try_resolve_local`]): feeds and the allocator must agree.
/// `None` only for times at the very edge of chrono's range.
pub fn resolve(tz: Tz, local: NaiveDateTime) -> Option<Instant> {
    crate::model::try_resolve_local(tz, local).map(|t| t.timestamp())
}

/// Parses and resolves in one step.
pub fn instant(tz: Tz, s: &str) -> Option<Instant> {
    resolve(tz, parse_local(s)?)
}

/// Day number (days since 0001-01-01, proleptic Gregorian) of `t` in `tz`;
/// used for `max_per_day`, which counts per date in the instance zone.
pub fn local_day(tz: Tz, t: Instant) -> i64 {
    use chrono::Datelike;
    match tz.timestamp_opt(t, 0) {
        LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => {
            i64::from(dt.date_naive().num_days_from_ce())
        }
        LocalResult::None => t.div_euclid(86_400),
    }
}

/// Local wall-clock rendering of an instant (for generated instances and messages).
pub fn format_local(tz: Tz, t: Instant) -> String {
    match tz.timestamp_opt(t, 0) {
        LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => {
            dt.naive_local().format("%Y-%m-%dT%H:%M:%S").to_string()
        }
        LocalResult::None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Instant {
        parse_local(s).map(|t| t.and_utc().timestamp()).unwrap_or(0)
    }

    #[test]
    fn gap_uses_offset_before() {
        let ny: Tz = "America/New_York".parse().unwrap();
        // 2027-03-14 02:30 does not exist in New York; EST (-5) applies.
        assert_eq!(
            instant(ny, "2027-03-14T02:30:00"),
            Some(utc("2027-03-14T07:30:00"))
        );
    }

    #[test]
    fn fold_uses_first_occurrence() {
        let ny: Tz = "America/New_York".parse().unwrap();
        // 2027-11-07 01:30 happens twice; first is EDT (-4).
        assert_eq!(
            instant(ny, "2027-11-07T01:30:00"),
            Some(utc("2027-11-07T05:30:00"))
        );
    }

    #[test]
    fn kathmandu_offset() {
        let k: Tz = "Asia/Kathmandu".parse().unwrap();
        assert_eq!(
            instant(k, "2026-12-12T09:00:00"),
            Some(utc("2026-12-12T03:15:00"))
        );
    }
}
