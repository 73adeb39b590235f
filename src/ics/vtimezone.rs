//! VTIMEZONE generation from chrono-tz.
//!
//! The `icalendar` crate writes `DTSTART;TZID=...` but no VTIMEZONE, and RFC 5545 requires
//! one for every TZID used. chrono-tz has no public transitions API, so transitions are found
//! by scanning the window hour by hour and bisecting each change of offset to the second.
//! Each transition becomes one explicit observance (no RRULE): longer than a rule-based
//! definition, but exactly what the zone database says for the window, including zones
//! that changed their rules (e.g. America/Sao_Paulo dropped DST in 2019).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use std::fmt::Write as _;

/// The rules in force at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observance {
    /// Total offset from UTC in seconds (local minus UTC).
    pub offset: i32,
    /// Whether daylight saving time is in effect.
    pub dst: bool,
    /// Alphabetic abbreviation (e.g. `EDT`); `None` for numeric ones like `+0545`.
    pub abbreviation: Option<String>,
}

/// A change of observance at `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub at: DateTime<Utc>,
    pub from: Observance,
    pub to: Observance,
}

/// The observance of `tz` at the UTC instant `utc`.
pub fn observance_at(tz: Tz, utc: NaiveDateTime) -> Observance {
    let off = tz.offset_from_utc_datetime(&utc);
    let abbreviation = off
        .abbreviation()
        .filter(|a| !a.is_empty() && a.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_owned);
    Observance {
        offset: off.fix().local_minus_utc(),
        dst: !off.dst_offset().is_zero(),
        abbreviation,
    }
}

/// DTSTART of the first observance of every VTIMEZONE.
const INITIAL_DTSTART: &str = "19700101T000000";

const SCAN_STEP: TimeDelta = TimeDelta::hours(1);

/// Every transition of `tz` in `[from, to)`, in order.
pub fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let mut out = Vec::new();
    let mut t = from.naive_utc();
    let end = to.naive_utc();
    let mut current = observance_at(tz, t);
    while t < end {
        let next = (t + SCAN_STEP).min(end);
        let seen = observance_at(tz, next);
        if seen == current {
            t = next;
            continue;
        }
        // Bisect (t, next] to the first second with a different observance.
        let (mut lo, mut hi) = (t, next);
        while hi - lo > TimeDelta::seconds(1) {
            let mid = lo + TimeDelta::seconds((hi - lo).num_seconds() / 2);
            if observance_at(tz, mid) == current {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let to_obs = observance_at(tz, hi);
        out.push(Transition {
            at: hi.and_utc(),
            from: current,
            to: to_obs.clone(),
        });
        current = to_obs;
        t = hi;
    }
    out
}

/// The window a VTIMEZONE covers for events spanning `[first, last]`: from 1 January of the
/// first event's year to 1 January after the last one's (UTC, one day of margin each side).
/// Whole years keep the definition stable while bookings move within a year.
pub fn window(first: DateTime<Utc>, last: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let jan1 = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .unwrap_or_default()
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
    };
    (
        jan1(first.year()) - TimeDelta::days(1),
        jan1(last.year() + 1) + TimeDelta::days(1),
    )
}

fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn local(at: DateTime<Utc>, offset: i32) -> String {
    (at.naive_utc() + TimeDelta::seconds(i64::from(offset)))
        .format("%Y%m%dT%H%M%S")
        .to_string()
}

fn observance_block(out: &mut String, start: &str, from: &Observance, to: &Observance) {
    let kind = if to.dst { "DAYLIGHT" } else { "STANDARD" };
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "BEGIN:{kind}\r\nDTSTART:{start}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
        format_offset(from.offset),
        format_offset(to.offset)
    );
    if let Some(name) = &to.abbreviation {
        let _ = write!(out, "TZNAME:{name}\r\n");
    }
    let _ = write!(out, "END:{kind}\r\n");
}

/// A VTIMEZONE component (CRLF lines, unfolded) for `tz` valid over `[from, to)`.
///
/// The first observance starts at `from` with the offset then in force; each transition
/// adds one observance whose DTSTART is the transition written in the *old* local time,
/// as RFC 5545 §3.6.5 requires.
pub fn vtimezone(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(512);
    let _ = write!(out, "BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    // The first observance states the offset in force at the window start. Its DTSTART is
    // the conventional 1970-01-01 rather than the window start, so that a client asking
    // about slightly earlier times still finds a definition.
    let initial = observance_at(tz, from.naive_utc());
    observance_block(&mut out, INITIAL_DTSTART, &initial, &initial);
    for tr in transitions(tz, from, to) {
        observance_block(&mut out, &local(tr.at, tr.from.offset), &tr.from, &tr.to);
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
            .and_utc()
    }

    #[test]
    fn new_york_2026() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let tr = transitions(ny, utc(2026, 1, 1, 0), utc(2027, 1, 1, 0));
        assert_eq!(tr.len(), 2);
        assert_eq!(tr[0].at, utc(2026, 3, 8, 7));
        assert_eq!(tr[0].to.abbreviation.as_deref(), Some("EDT"));
        assert_eq!(tr[1].at, utc(2026, 11, 1, 6));
        let v = vtimezone(ny, utc(2026, 1, 1, 0), utc(2027, 1, 1, 0));
        assert!(v.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\n"
        ));
        assert!(v.contains("DTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500"));
    }

    #[test]
    fn fixed_and_numeric_zones() {
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        let v = vtimezone(tokyo, utc(2026, 1, 1, 0), utc(2027, 1, 1, 0));
        assert_eq!(v.matches("BEGIN:STANDARD").count(), 1);
        assert!(v.contains("TZOFFSETTO:+0900\r\nTZNAME:JST"));
        let ktm: Tz = "Asia/Kathmandu".parse().unwrap();
        let v = vtimezone(ktm, utc(2026, 1, 1, 0), utc(2027, 1, 1, 0));
        assert!(v.contains("TZOFFSETTO:+0545\r\n") && !v.contains("TZNAME"));
        assert_eq!(format_offset(-(3600 + 75)), "-010115");
    }
}
