//! VTIMEZONE generation from chrono-tz.
//!
//! The `icalendar` crate writes `DTSTART;TZID=...` but no VTIMEZONE, and RFC 5545 requires
//! one for every TZID used. chrono-tz has no public transitions API, so transitions are found
//! by scanning the window hour by hour and bisecting each change of offset to the second.
//!
//! Two forms:
//! - **a yearly rule pair** (one STANDARD and one DAYLIGHT observance with
//!   `RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..`) when the zone's transitions follow a regular
//!   rule: the same month, weekday ordinal (`2SU`, `-1SU`), local time and offsets every
//!   year. Outlook folds any VTIMEZONE into one such pair anyway, so a zone written as one
//!   observance per transition loses nothing there, but costs 6 blocks per year of feed
//!   elsewhere. Regularity is not assumed from the zone's name: the rule is derived from
//!   chrono-tz's transitions and accepted only if it regenerates every one of them, over
//!   the window and at least five years from its start ([`yearly_rule`]);
//! - **exact transitions** otherwise: one explicit observance per transition, exactly what
//!   the zone database says for the window, including zones that changed their rules (e.g.
//!   America/Sao_Paulo dropped DST in 2019).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

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

/// One observance of a yearly rule: transitions into `to` happen every year in `month`, on
/// the `ordinal`-th `weekday` (-1 = last), at `local` wall-clock time of the old offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearlyRule {
    pub from: Observance,
    pub to: Observance,
    pub month: u32,
    pub weekday: chrono::Weekday,
    pub ordinal: i8,
    pub local: chrono::NaiveTime,
    /// The first transition of the checked range: the observance's DTSTART.
    pub first: DateTime<Utc>,
}

impl YearlyRule {
    /// The transition of year `y` by this rule (UTC), if the date exists.
    fn onset(&self, y: i32) -> Option<DateTime<Utc>> {
        let date = if self.ordinal > 0 {
            NaiveDate::from_weekday_of_month_opt(y, self.month, self.weekday, self.ordinal as u8)?
        } else {
            let (ny, nm) = if self.month == 12 {
                (y + 1, 1)
            } else {
                (y, self.month + 1)
            };
            let mut d = NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()?;
            while d.weekday() != self.weekday {
                d = d.pred_opt()?;
            }
            d
        };
        let local = date.and_time(self.local);
        Some((local - TimeDelta::seconds(i64::from(self.from.offset))).and_utc())
    }

    fn byday(&self) -> String {
        let day = match self.weekday {
            chrono::Weekday::Mon => "MO",
            chrono::Weekday::Tue => "TU",
            chrono::Weekday::Wed => "WE",
            chrono::Weekday::Thu => "TH",
            chrono::Weekday::Fri => "FR",
            chrono::Weekday::Sat => "SA",
            chrono::Weekday::Sun => "SU",
        };
        format!("{}{day}", self.ordinal)
    }
}

/// The range a yearly rule is checked over for a VTIMEZONE valid over `[from, to)`: from a
/// year before (so the observance in force at `from` has its onset inside) to at least five
/// years after `from` (so one year's coincidence, e.g. 25 October being both the 4th and
/// the last Sunday, cannot pass for a rule).
fn rule_range(from: DateTime<Utc>, to: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = from - TimeDelta::days(366);
    (start, to.max(from + TimeDelta::days(5 * 366)))
}

/// The zone's yearly STANDARD and DAYLIGHT rules over `[from, to)` (see [`rule_range`]), if
/// its transitions there are exactly those two rules, every year. `None` for a zone without
/// transitions, with irregular ones, or with rules that changed in the range.
pub fn yearly_rule(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Option<[YearlyRule; 2]> {
    let (start, end) = rule_range(from, to);
    let all = transitions(tz, start, end);
    let mut rules: Vec<YearlyRule> = Vec::with_capacity(2);
    for dst in [true, false] {
        let kind: Vec<&Transition> = all.iter().filter(|t| t.to.dst == dst).collect();
        let first = *kind.first()?;
        let local_of =
            |t: &Transition| t.at.naive_utc() + TimeDelta::seconds(i64::from(t.from.offset));
        let l = local_of(first);
        let (month, weekday, time) = (l.month(), l.weekday(), l.time());
        // The ordinal: the n-th weekday if every year agrees on it, else the last one if
        // every year's is the last of its month.
        let nth = |d: NaiveDate| ((d.day() - 1) / 7 + 1) as i8;
        let is_last = |d: NaiveDate| d + TimeDelta::days(7) > last_of_month(d);
        let dates: Vec<NaiveDate> = kind.iter().map(|t| local_of(t).date()).collect();
        let ordinal = if nth(dates[0]) < 5 && dates.iter().all(|d| nth(*d) == nth(dates[0])) {
            nth(dates[0])
        } else if dates.iter().all(|d| is_last(*d)) {
            -1
        } else {
            return None;
        };
        let rule = YearlyRule {
            from: first.from.clone(),
            to: first.to.clone(),
            month,
            weekday,
            ordinal,
            local: time,
            first: first.at,
        };
        // The rule must regenerate exactly these transitions, with the same offsets.
        let generated: Vec<DateTime<Utc>> = (start.year()..=end.year())
            .filter_map(|y| rule.onset(y))
            .filter(|t| *t >= start && *t < end)
            .collect();
        let actual: Vec<DateTime<Utc>> = kind.iter().map(|t| t.at).collect();
        if generated != actual || kind.iter().any(|t| t.from != rule.from || t.to != rule.to) {
            return None;
        }
        rules.push(rule);
    }
    let standard = rules.pop()?;
    let daylight = rules.pop()?;
    // The two rules must hand over to each other.
    if daylight.from != standard.to || standard.from != daylight.to {
        return None;
    }
    Some([daylight, standard])
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// A VTIMEZONE component (CRLF lines, unfolded) for `tz` valid over `[from, to)`: the
/// yearly rule pair when the zone follows one ([`yearly_rule`]), exact transitions
/// otherwise ([`vtimezone_exact`]).
pub fn vtimezone(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    // Finding a rule scans at least six years of the zone hour by hour; every interpreter
    // feed in a zone asks for the same whole-year window on every publish, so the result
    // is kept (it depends on nothing else). Bounded: cleared when full.
    type Cache = Mutex<HashMap<(Tz, i64, i64), String>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    const MAX_ENTRIES: usize = 1024;
    let key = (tz, from.timestamp(), to.timestamp());
    let cache = CACHE.get_or_init(Cache::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let out = vtimezone_uncached(tz, from, to);
    if let Ok(mut c) = cache.lock() {
        if c.len() >= MAX_ENTRIES {
            c.clear();
        }
        c.insert(key, out.clone());
    }
    out
}

fn vtimezone_uncached(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let Some(rules) = yearly_rule(tz, from, to) else {
        return vtimezone_exact(tz, from, to);
    };
    let mut out = String::with_capacity(512);
    let _ = write!(out, "BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    let mut rules = rules;
    rules.sort_by_key(|r| r.first);
    for r in &rules {
        let kind = if r.to.dst { "DAYLIGHT" } else { "STANDARD" };
        let _ = write!(
            out,
            "BEGIN:{kind}\r\nDTSTART:{}\r\nRRULE:FREQ=YEARLY;BYMONTH={};BYDAY={}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
            local(r.first, r.from.offset),
            r.month,
            r.byday(),
            format_offset(r.from.offset),
            format_offset(r.to.offset)
        );
        if let Some(name) = &r.to.abbreviation {
            let _ = write!(out, "TZNAME:{name}\r\n");
        }
        let _ = write!(out, "END:{kind}\r\n");
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

/// A VTIMEZONE with one explicit observance per transition of `[from, to)`.
///
/// The first observance starts at `from` with the offset then in force; each transition
/// adds one observance whose DTSTART is the transition written in the *old* local time,
/// as RFC 5545 §3.6.5 requires.
pub fn vtimezone_exact(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
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
        let v = vtimezone_exact(ny, utc(2026, 1, 1, 0), utc(2027, 1, 1, 0));
        assert!(v.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\n"
        ));
        assert!(v.contains("DTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500"));
    }

    fn block_count(v: &str) -> (usize, usize, usize) {
        (
            v.matches("BEGIN:DAYLIGHT").count(),
            v.matches("BEGIN:STANDARD").count(),
            v.matches("RRULE:").count(),
        )
    }

    #[test]
    fn regular_zones_get_one_yearly_rule_pair() {
        let (from, to) = (utc(2026, 1, 1, 0), utc(2028, 1, 1, 0));
        let ny = vtimezone("America/New_York".parse().unwrap(), from, to);
        assert_eq!(block_count(&ny), (1, 1, 2), "{ny}");
        assert!(ny.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20250309T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\n"
        ), "{ny}");
        assert!(ny.contains(
            "BEGIN:STANDARD\r\nDTSTART:20251102T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\n"
        ), "{ny}");
        let lis = vtimezone("Europe/Lisbon".parse().unwrap(), from, to);
        assert_eq!(block_count(&lis), (1, 1, 2), "{lis}");
        assert!(lis.contains("DTSTART:20250330T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100"), "{lis}");
        assert!(
            lis.contains(
                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000"
            ),
            "{lis}"
        );
        let kyiv = vtimezone("Europe/Kyiv".parse().unwrap(), from, to);
        assert_eq!(block_count(&kyiv), (1, 1, 2), "{kyiv}");
        assert!(kyiv.contains("DTSTART:20250330T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300"), "{kyiv}");
        // The southern hemisphere: DST starts in October, ends in April.
        let syd = vtimezone("Australia/Sydney".parse().unwrap(), from, to);
        assert!(
            syd.contains(
                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\r\nTZOFFSETFROM:+1000\r\nTZOFFSETTO:+1100"
            ),
            "{syd}"
        );
    }

    #[test]
    fn irregular_or_changed_zones_keep_exact_transitions() {
        // The US rules changed in 2007: no single rule covers 2005-2011.
        let ny: Tz = "America/New_York".parse().unwrap();
        assert!(yearly_rule(ny, utc(2006, 1, 1, 0), utc(2007, 1, 1, 0)).is_none());
        let v = vtimezone(ny, utc(2006, 1, 1, 0), utc(2007, 1, 1, 0));
        assert_eq!(v.matches("RRULE").count(), 0);
        assert!(
            v.contains("DTSTART:20060402T020000"),
            "first Sunday of April, 2006"
        );
        // No DST at all: one STANDARD, no rule.
        for zone in ["Asia/Tokyo", "America/Sao_Paulo"] {
            let tz: Tz = zone.parse().unwrap();
            let v = vtimezone(tz, utc(2026, 1, 1, 0), utc(2027, 1, 1, 0));
            assert_eq!(block_count(&v), (0, 1, 0), "{zone}: {v}");
        }
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
