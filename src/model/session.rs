//! Sessions and the one slot rule.
//!
//! Every module that needs a slot's time (the allocator's instance, `schedule::plan_changes`,
//! the feeds, `soudan check`, `agency list`, the report) asks a [`Session`] derived here, so
//! they cannot disagree. The rule, the same as the allocation format's
//! (`docs/allocation-format.md`, "Time policy"), matters only in zones with DST:
//!
//! - the session's local start and end become instants under the shared local-time policy
//!   ([`super::resolve_local`]: a time in an autumn fold is its first occurrence, a time in a
//!   spring gap is read with the offset before the gap);
//! - slots are laid in **absolute time** from that start: slot `k` is
//!   `[start + k·len, start + (k+1)·len)`, and the session has
//!   `⌊(end − start) / len⌋` slots, so every slot lasts exactly `slot_minutes` and DTEND is
//!   never before DTSTART;
//! - a slot's *local* times are the wall clock at those instants. They always exist (a gap
//!   is skipped: 01:30 is followed by 03:00), but inside a fold they can be ambiguous, so local
//!   times are for display and change detection only; an instant is always taken from the
//!   session and slot ([`Session::slot_instants`]), never re-resolved from a local time.

use super::{
    Agency, ClosedDays, ClosedReason, Mode, Month, OnClosed, SessionPattern, resolve_local,
};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;

/// Slot lengths a session may have, in minutes: the one bound for agencies.toml and
/// `agency add-session` alike.
pub const SLOT_MINUTES: std::ops::RangeInclusive<u32> = 5..=480;

/// Booths a session may have (agencies.toml and `agency add-session`).
pub const BOOTHS: std::ops::RangeInclusive<u32> = 1..=50;

/// One concrete consultation day of one agency, split into slots × booths.
///
/// Sessions are derived from the agency's patterns, never stored: the agency record is the
/// single source of truth, and a cancelled date simply stops producing its session (bookings
/// that pointed at it then become infeasible and are re-placed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// `<agency>-<YYYY-MM-DD>`, or `<agency>-<YYYY-MM-DD>-<HHMM>` when the agency has more
    /// than one session that day.
    pub id: String,
    pub agency: String,
    /// Local start and end as the pattern says them (center zone).
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub slot_minutes: u32,
    pub booths: u32,
    pub modes: Vec<Mode>,
    /// The center zone the local times are in.
    pub tz: Tz,
}

impl Session {
    /// The instant the session starts (the start of slot 0).
    pub fn start_instant(&self) -> DateTime<Utc> {
        resolve_local(self.tz, self.start)
    }

    /// The instant the session ends (its slots end at or before it).
    pub fn end_instant(&self) -> DateTime<Utc> {
        resolve_local(self.tz, self.end)
    }

    /// ⌊(end − start) / slot_minutes⌋ in absolute time; 0 for `slot_minutes = 0` or an end
    /// at or before the start.
    pub fn slot_count(&self) -> u32 {
        if self.slot_minutes == 0 {
            return 0;
        }
        let minutes = (self.end_instant() - self.start_instant())
            .num_minutes()
            .max(0);
        u32::try_from(minutes / i64::from(self.slot_minutes)).unwrap_or(0)
    }

    /// Start and end instants of slot `k` (laid in absolute time from the session start).
    pub fn slot_instants(&self, k: u32) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = self.start_instant();
        // Checked all the way: damaged data (huge slot lengths) must not panic.
        let at = |n: i64| {
            i64::from(self.slot_minutes)
                .checked_mul(n)
                .and_then(TimeDelta::try_minutes)
                .and_then(|d| start.checked_add_signed(d))
                .unwrap_or(start)
        };
        (at(i64::from(k)), at(i64::from(k) + 1))
    }

    /// Local start and end of slot `k` (wall clock in the center's zone at
    /// [`Session::slot_instants`]); what a booking stores and what people are shown.
    pub fn slot_times(&self, k: u32) -> (NaiveDateTime, NaiveDateTime) {
        let (a, b) = self.slot_instants(k);
        (
            a.with_timezone(&self.tz).naive_local(),
            b.with_timezone(&self.tz).naive_local(),
        )
    }

    pub fn date(&self) -> NaiveDate {
        self.start.date()
    }
}

/// The date of the `week`-th `weekday` of `month` (`week` = -1 for the last).
pub fn nth_weekday(month: Month, week: i8, weekday: Weekday) -> Option<NaiveDate> {
    let matching: Vec<NaiveDate> = month.days().filter(|d| d.weekday() == weekday).collect();
    match week {
        -1 => matching.last().copied(),
        1..=5 => matching.get(usize::try_from(week - 1).ok()?).copied(),
        _ => None,
    }
}

/// The day pattern `p` holds its session in `month`: its `week`-th `weekday`, or when that
/// is a closed day, what its `on_closed` says (none, or the soonest following open day of the
/// same month).
pub fn pattern_date(p: &SessionPattern, month: Month, closed: &ClosedDays) -> Option<NaiveDate> {
    let d = nth_weekday(month, p.week, p.weekday)?;
    if !closed.is_closed(d) {
        return Some(d);
    }
    match p.on_closed {
        OnClosed::Skip => None,
        OnClosed::NextOpen => closed.next_open_day(d).filter(|n| month.contains(*n)),
    }
}

/// All sessions of `agency` in `month`: patterns plus extras, minus cancelled dates, ordered
/// by start time. `tz` is the center's zone, in which the patterns' times are meant.
///
/// A pattern never makes a session on a day in `closed`: its `on_closed` says whether that
/// month's session is skipped or moves to the next open day (only within the month; past
/// its end the session is skipped). An extra session on a closed day is kept (someone added
/// it on purpose, or an import carried it): `check` names it ([`sessions_on_closed_days`])
/// and the public outputs never offer it.
pub fn sessions_for_month(
    agency: &Agency,
    month: Month,
    tz: Tz,
    closed: &ClosedDays,
) -> Vec<Session> {
    struct Raw {
        date: NaiveDate,
        start: NaiveTime,
        end: NaiveTime,
        slot_minutes: u32,
        booths: u32,
        modes: Vec<Mode>,
    }
    let mut raw: Vec<Raw> = Vec::new();
    for p in &agency.patterns {
        if let Some(date) = pattern_date(p, month, closed) {
            raw.push(Raw {
                date,
                start: p.start,
                end: p.end,
                slot_minutes: p.slot_minutes,
                booths: p.booths,
                modes: p.modes.clone(),
            });
        }
    }
    for e in agency.extras.iter().filter(|e| month.contains(e.date)) {
        raw.push(Raw {
            date: e.date,
            start: e.start,
            end: e.end,
            slot_minutes: e.slot_minutes,
            booths: e.booths,
            modes: e.modes.clone(),
        });
    }
    raw.retain(|r| !agency.cancelled.contains(&r.date));
    raw.sort_by_key(|r| (r.date, r.start));
    raw.dedup_by_key(|r| (r.date, r.start));
    let mut sessions = Vec::with_capacity(raw.len());
    for r in &raw {
        let same_day = raw.iter().filter(|o| o.date == r.date).count();
        let id = if same_day > 1 {
            format!("{}-{}-{}", agency.id, r.date, r.start.format("%H%M"))
        } else {
            format!("{}-{}", agency.id, r.date)
        };
        sessions.push(Session {
            id,
            agency: agency.id.clone(),
            start: r.date.and_time(r.start),
            end: r.date.and_time(r.end),
            slot_minutes: r.slot_minutes,
            booths: r.booths,
            modes: r.modes.clone(),
            tz,
        });
    }
    sessions
}

/// The sessions of `agency` on or after `from` that fall on a day in `closed`, with why the
/// center is closed that day. Only extra sessions can (a pattern skips or moves), so only the
/// months holding an extra on a closed day are looked at.
pub fn sessions_on_closed_days(
    agency: &Agency,
    tz: Tz,
    closed: &ClosedDays,
    from: NaiveDate,
) -> Vec<(Session, ClosedReason)> {
    let mut months: Vec<Month> = agency
        .extras
        .iter()
        .filter(|e| e.date >= from && closed.is_closed(e.date))
        .map(|e| Month::of(e.date))
        .collect();
    months.sort();
    months.dedup();
    months
        .into_iter()
        .flat_map(|m| sessions_for_month(agency, m, tz, closed))
        .filter(|s| s.date() >= from)
        .filter_map(|s| closed.reason(s.date()).map(|r| (s, r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency() -> Agency {
        Agency {
            id: "immigration".into(),
            name_ja: "仙台出入国在留管理局".into(),
            name_en: "Sendai Regional Immigration Services Bureau".into(),
            topics: vec!["residence".into()],
            languages: vec!["ja".into()],
            show_personal_details: false,
            patterns: vec![SessionPatternFixture::second_saturday()],
            extras: vec![],
            cancelled: vec![],
        }
    }

    struct SessionPatternFixture;
    impl SessionPatternFixture {
        fn second_saturday() -> super::super::SessionPattern {
            super::super::SessionPattern {
                week: 2,
                weekday: Weekday::Sat,
                start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
                slot_minutes: 45,
                booths: 2,
                modes: Mode::ALL.to_vec(),
                on_closed: OnClosed::Skip,
            }
        }
    }

    #[test]
    fn second_saturday_of_december_2026() {
        let m: Month = "2026-12".parse().unwrap();
        let s = sessions_for_month(&agency(), m, Tz::Asia__Tokyo, &ClosedDays::default());
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].id, "immigration-2026-12-12");
        assert_eq!(s[0].slot_count(), 4);
        assert_eq!(s[0].slot_times(3).1.to_string(), "2026-12-12 16:00:00");
    }

    #[test]
    fn cancelled_and_last_week() {
        let m: Month = "2026-12".parse().unwrap();
        let mut a = agency();
        a.cancelled
            .push(NaiveDate::from_ymd_opt(2026, 12, 12).unwrap());
        assert!(sessions_for_month(&a, m, Tz::Asia__Tokyo, &ClosedDays::default()).is_empty());
        assert_eq!(
            nth_weekday(m, -1, Weekday::Sat),
            NaiveDate::from_ymd_opt(2026, 12, 26)
        );
        assert_eq!(nth_weekday(m, 5, Weekday::Mon), None);
    }

    fn dates(a: &Agency, m: &str, closed: &ClosedDays) -> Vec<String> {
        sessions_for_month(a, m.parse().unwrap(), Tz::Asia__Tokyo, closed)
            .iter()
            .map(|s| s.date().to_string())
            .collect()
    }

    #[test]
    fn a_pattern_on_a_holiday_skips_or_moves_to_the_next_open_day() {
        // 2nd Monday of January 2027 is 1/11, 成人の日.
        let mut a = agency();
        a.patterns[0].week = 2;
        a.patterns[0].weekday = Weekday::Mon;
        let closed = ClosedDays::default();
        assert!(dates(&a, "2027-01", &closed).is_empty());
        a.patterns[0].on_closed = OnClosed::NextOpen;
        assert_eq!(dates(&a, "2027-01", &closed), ["2027-01-12"]);
        // A center open on holidays keeps the date.
        let open = ClosedDays {
            national_holidays: false,
            ..ClosedDays::default()
        };
        assert_eq!(dates(&a, "2027-01", &open), ["2027-01-11"]);
    }

    #[test]
    fn the_year_end_closure_moves_or_drops_pattern_sessions() {
        // 1st Saturday of January 2027 is 1/2 (年末年始): the next open day is Monday 1/4.
        let mut a = agency();
        a.patterns[0].week = 1;
        let closed = ClosedDays {
            national_holidays: false,
            ..ClosedDays::default()
        };
        assert!(dates(&a, "2027-01", &closed).is_empty());
        a.patterns[0].on_closed = OnClosed::NextOpen;
        assert_eq!(dates(&a, "2027-01", &closed), ["2027-01-04"]);
        // Last Tuesday of December 2026 is 12/29: the next open day is in January, so none.
        a.patterns[0].week = -1;
        a.patterns[0].weekday = Weekday::Tue;
        assert!(dates(&a, "2026-12", &closed).is_empty());
        // Without the closure it stays.
        assert_eq!(dates(&a, "2026-12", &ClosedDays::never()), ["2026-12-29"]);
    }

    #[test]
    fn an_extra_session_on_a_closed_day_is_kept() {
        let mut a = agency();
        a.patterns.clear();
        let p = SessionPatternFixture::second_saturday();
        a.extras.push(super::super::ExtraSession {
            date: NaiveDate::from_ymd_opt(2027, 1, 2).unwrap(),
            start: p.start,
            end: p.end,
            slot_minutes: p.slot_minutes,
            booths: p.booths,
            modes: p.modes,
        });
        assert_eq!(dates(&a, "2027-01", &ClosedDays::default()), ["2027-01-02"]);
    }

    #[test]
    fn sessions_on_closed_days_are_the_extras_from_the_given_day() {
        let p = SessionPatternFixture::second_saturday();
        let extra = |date: NaiveDate| super::super::ExtraSession {
            date,
            start: p.start,
            end: p.end,
            slot_minutes: p.slot_minutes,
            booths: p.booths,
            modes: p.modes.clone(),
        };
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
        let mut a = agency();
        // 1/2 in the year-end closure, 1/11 成人の日 (a national holiday), 1/20 open.
        a.extras = vec![extra(d(1, 2)), extra(d(1, 11)), extra(d(1, 20))];
        let closed = ClosedDays::default();
        let found: Vec<(String, ClosedReason)> =
            sessions_on_closed_days(&a, Tz::Asia__Tokyo, &closed, d(1, 1))
                .into_iter()
                .map(|(s, r)| (s.id, r))
                .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0],
            ("immigration-2027-01-02".into(), ClosedReason::YearEnd)
        );
        assert!(matches!(&found[1], (id, ClosedReason::Holiday(h))
            if id == "immigration-2027-01-11" && h.name_ja == "成人の日"));
        // From 1/3 on, 1/2 is past; with holidays open, 1/11 is fine too.
        let open = ClosedDays {
            national_holidays: false,
            ..ClosedDays::default()
        };
        assert!(sessions_on_closed_days(&a, Tz::Asia__Tokyo, &open, d(1, 3)).is_empty());
    }
}
