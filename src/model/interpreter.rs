use super::{LocalWindow, Mode, Month};
use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta, Weekday};
use serde::{Deserialize, Serialize};

/// An interpreter: center staff at the counter or a remote interpreter anywhere in the world.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interpreter {
    pub id: String,
    /// Personal data: shown to coordinators, never in feeds other than the interpreter's own.
    pub name: String,
    pub languages: Vec<String>,
    pub modes: Vec<Mode>,
    /// The interpreter's own IANA zone: their availability is written in it.
    pub timezone: String,
    pub weekly: Vec<WeeklyWindow>,
    pub dates_off: Vec<NaiveDate>,
    pub extra_windows: Vec<DateWindow>,
    pub max_per_day: Option<u32>,
    pub cost: Costs,
}

/// Every `day` from `start` to `end` (local, own zone). `end` may be 24:00, stored as
/// `end_of_day = true` because `NaiveTime` has no 24:00.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyWindow {
    pub day: Weekday,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub end_of_day: bool,
}

/// A window on one date (local, own zone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateWindow {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub end_of_day: bool,
}

/// What the center pays per assignment in each mode (relative units).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Costs {
    pub in_person: u32,
    pub video: u32,
    pub phone: u32,
}

impl Costs {
    pub fn of(&self, mode: Mode) -> u32 {
        match mode {
            Mode::InPerson => self.in_person,
            Mode::Video => self.video,
            Mode::Phone => self.phone,
        }
    }
}

fn window(date: NaiveDate, start: NaiveTime, end: NaiveTime, end_of_day: bool) -> LocalWindow {
    let end = if end_of_day {
        date.and_time(NaiveTime::MIN) + TimeDelta::days(1)
    } else {
        date.and_time(end)
    };
    LocalWindow {
        start: date.and_time(start),
        end,
    }
}

impl Interpreter {
    pub fn speaks(&self, language: &str) -> bool {
        self.languages.iter().any(|l| l == language)
    }

    /// Availability windows in the interpreter's own zone covering `month` (in the center's
    /// zone), one day either side so that zone differences never cut a window off.
    pub fn availability(&self, month: Month) -> Vec<LocalWindow> {
        let first = month.first_day() - TimeDelta::days(1);
        let last = month.next().first_day();
        let mut out = Vec::new();
        for date in first.iter_days().take_while(|d| *d <= last) {
            if self.dates_off.contains(&date) {
                continue;
            }
            for w in self.weekly.iter().filter(|w| w.day == date.weekday()) {
                out.push(window(date, w.start, w.end, w.end_of_day));
            }
            for w in self.extra_windows.iter().filter(|w| w.date == date) {
                out.push(window(date, w.start, w.end, w.end_of_day));
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_skips_days_off_and_adds_extras() {
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        let d = |day| NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
        let i = Interpreter {
            id: "remote-ne-01".into(),
            name: "Test".into(),
            languages: vec!["ne".into()],
            modes: vec![Mode::Video],
            timezone: "Asia/Kathmandu".into(),
            weekly: vec![WeeklyWindow {
                day: Weekday::Sat,
                start: t(9),
                end: t(0),
                end_of_day: true,
            }],
            dates_off: vec![d(12)],
            extra_windows: vec![DateWindow {
                date: d(13),
                start: t(8),
                end: t(10),
                end_of_day: false,
            }],
            max_per_day: None,
            cost: Costs::default(),
        };
        let w = i.availability("2026-12".parse().unwrap());
        // Saturdays of Dec 2026: 5, 12 (off), 19, 26; plus the extra on the 13th.
        assert_eq!(w.len(), 4);
        assert!(w.iter().all(|w| w.start.date() != d(12)));
        assert_eq!(w[2].start, d(19).and_time(t(9)));
        assert_eq!(w[2].end, d(20).and_time(t(0)));
        assert_eq!(w[1].start, d(13).and_time(t(8)));
    }
}
