use super::{Agency, Mode, Month};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use serde::{Deserialize, Serialize};

/// One concrete consultation day of one agency, split into slots × booths.
///
/// Sessions are derived from the agency's patterns, never stored: the agency record is the
/// single source of truth, and a cancelled date simply stops producing its session (bookings
/// that pointed at it then become infeasible and are re-placed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// `<agency>-<YYYY-MM-DD>`, or `<agency>-<YYYY-MM-DD>-<HHMM>` when the agency has more
    /// than one session that day.
    pub id: String,
    pub agency: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub slot_minutes: u32,
    pub booths: u32,
    pub modes: Vec<Mode>,
}

impl Session {
    pub fn slot_count(&self) -> u32 {
        if self.slot_minutes == 0 {
            return 0;
        }
        let minutes = (self.end - self.start).num_minutes().max(0);
        u32::try_from(minutes / i64::from(self.slot_minutes)).unwrap_or(0)
    }

    /// Local start and end of slot `k` (wall clock in the center's zone).
    pub fn slot_times(&self, k: u32) -> (NaiveDateTime, NaiveDateTime) {
        let len = TimeDelta::minutes(i64::from(self.slot_minutes));
        let start = self.start + len * k as i32;
        (start, start + len)
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

/// All sessions of `agency` in `month`: patterns plus extras, minus cancelled dates, ordered
/// by start time.
pub fn sessions_for_month(agency: &Agency, month: Month) -> Vec<Session> {
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
        if let Some(date) = nth_weekday(month, p.week, p.weekday) {
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
        });
    }
    sessions
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
            }
        }
    }

    #[test]
    fn second_saturday_of_december_2026() {
        let m: Month = "2026-12".parse().unwrap();
        let s = sessions_for_month(&agency(), m);
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
        assert!(sessions_for_month(&a, m).is_empty());
        assert_eq!(
            nth_weekday(m, -1, Weekday::Sat),
            NaiveDate::from_ymd_opt(2026, 12, 26)
        );
        assert_eq!(nth_weekday(m, 5, Weekday::Mon), None);
    }
}
