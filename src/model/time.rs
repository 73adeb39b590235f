//! Wall-clock time policy, shared by everything that turns a local time into an instant.
//!
//! Coordinators, residents and interpreters speak in local wall-clock times, each in their own
//! zone. Instants are compared in UTC. The two awkward cases follow the allocation exchange
//! format: a time that occurs twice (autumn fold) means its *first* occurrence; a time that
//! does not exist (spring gap) is read with the offset in force just before the gap, so 02:30
//! on a New York spring-forward day is 07:30 UTC.

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A half-open local wall-clock interval `[start, end)`, in a zone known from context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LocalWindow {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

/// Parses an IANA zone name, with an error that says what was expected.
pub fn parse_tz(name: &str) -> Result<Tz, String> {
    name.trim().parse::<Tz>().map_err(|_| {
        format!("unknown time zone `{name}` (expected an IANA name such as Asia/Tokyo)")
    })
}

/// The instant a local wall-clock time denotes in `tz`, under the policy above.
///
/// Total: at the very edge of chrono's range, where no offset can be applied, the local time is
/// read as UTC rather than failing. Use [`try_resolve_local`] to detect that case.
pub fn resolve_local(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    try_resolve_local(tz, local).unwrap_or_else(|| local.and_utc())
}

/// [`resolve_local`], or `None` at the very edge of chrono's date range.
pub fn try_resolve_local(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, second) => Some(first.min(second).with_timezone(&Utc)),
        LocalResult::None => {
            // In a gap: find the offset in force just before it by stepping back to a local
            // time that exists. Gaps in the tz database are at most a day long (Samoa 2011).
            let step = TimeDelta::minutes(15);
            let mut probe = local;
            for _ in 0..(26 * 4) {
                probe = probe.checked_sub_signed(step)?;
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    let offset = TimeDelta::seconds(i64::from(t.offset().fix().local_minus_utc()));
                    return Some(local.checked_sub_signed(offset)?.and_utc());
                }
            }
            None
        }
    }
}

pub fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

pub fn weekday_from_code(code: &str) -> Option<Weekday> {
    Some(match code.trim().to_ascii_lowercase().as_str() {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn gap_uses_offset_before_the_gap() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let t = resolve_local(ny, at(2027, 3, 14, 2, 30));
        assert_eq!(t, at(2027, 3, 14, 7, 30).and_utc());
    }

    #[test]
    fn fold_uses_first_occurrence() {
        let lisbon: Tz = "Europe/Lisbon".parse().unwrap();
        // 2026-10-25 01:30 occurs at 00:30 UTC (WEST) and 01:30 UTC (WET).
        let t = resolve_local(lisbon, at(2026, 10, 25, 1, 30));
        assert_eq!(t, at(2026, 10, 25, 0, 30).and_utc());
    }

    #[test]
    fn ordinary_times() {
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        assert_eq!(
            resolve_local(tokyo, at(2026, 12, 12, 13, 0)),
            at(2026, 12, 12, 4, 0).and_utc()
        );
        let ktm = parse_tz("Asia/Kathmandu").unwrap();
        assert_eq!(
            resolve_local(ktm, at(2026, 12, 12, 9, 45)),
            at(2026, 12, 12, 4, 0).and_utc()
        );
        assert!(parse_tz("Mars/Olympus").is_err());
    }
}
