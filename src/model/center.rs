use super::holidays::{Holiday, holiday};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The one-stop center that runs the specialist consultation days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Center {
    pub name_ja: String,
    pub name_en: String,
    pub address: String,
    /// IANA zone of the counter; sessions, request windows and deadlines are in it.
    pub timezone: String,
    /// Languages the specialist table works in without an interpreter (at least `ja`).
    pub languages: Vec<String>,
    /// The topic vocabulary agencies and requests refer to.
    pub topics: Vec<Topic>,
    /// The days the center is closed. Not part of the `center` record itself (older databases
    /// were written without it): the store keeps it under the meta key `closed_days` and
    /// fills it in when it reads the center (the default for a database without the key).
    #[serde(skip)]
    pub closed: ClosedDays,
}

/// The days the center is closed (center.toml `[closed]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedDays {
    /// The year-end closure as (month, day) of its first and last day, e.g. 12/29 to 1/3;
    /// `None` when the center stays open over the new year.
    pub year_end: Option<((u32, u32), (u32, u32))>,
    /// Whether national holidays close the center.
    pub national_holidays: bool,
    /// The center's own closed dates.
    pub dates: Vec<NaiveDate>,
}

impl ClosedDays {
    /// Nothing closed: what every soudan before closed days knew. A database written then
    /// reads as this, so upgrading never makes a booked session vanish (its bookings would
    /// need rearranging overnight); the center's next import of center.toml sets the days.
    pub fn none() -> Self {
        ClosedDays {
            year_end: None,
            national_holidays: false,
            dates: Vec::new(),
        }
    }
}

/// The default year-end closure, 12/29 to 1/3.
pub const YEAR_END: ((u32, u32), (u32, u32)) = ((12, 29), (1, 3));

impl Default for ClosedDays {
    /// What most Japanese public offices do: closed 12/29–1/3 and on national holidays.
    fn default() -> Self {
        ClosedDays {
            year_end: Some(YEAR_END),
            national_holidays: true,
            dates: Vec::new(),
        }
    }
}

/// Why the center is closed on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedReason {
    /// The year-end closure (年末年始).
    YearEnd,
    /// A national holiday.
    Holiday(Holiday),
    /// One of the center's own closed dates.
    Center,
}

impl ClosedDays {
    /// A center that never closes (for tests and what-ifs).
    pub fn never() -> Self {
        ClosedDays {
            year_end: None,
            national_holidays: false,
            dates: Vec::new(),
        }
    }

    /// Why the center is closed on `date`, or `None` when it is open.
    pub fn reason(&self, date: NaiveDate) -> Option<ClosedReason> {
        if self.dates.contains(&date) {
            return Some(ClosedReason::Center);
        }
        if let Some((from, to)) = self.year_end {
            let md = (date.month(), date.day());
            let inside = if from <= to {
                from <= md && md <= to
            } else {
                md >= from || md <= to
            };
            if inside {
                return Some(ClosedReason::YearEnd);
            }
        }
        if self.national_holidays
            && let Some(h) = holiday(date)
        {
            return Some(ClosedReason::Holiday(h));
        }
        None
    }

    pub fn is_closed(&self, date: NaiveDate) -> bool {
        self.reason(date).is_some()
    }

    /// The first open day after `date` (at most a year on; `None` if every day is closed).
    pub fn next_open_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        let mut d = date;
        for _ in 0..366 {
            d = d.succ_opt()?;
            if !self.is_closed(d) {
                return Some(d);
            }
        }
        None
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
}

impl Center {
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn year_end_closure_spans_the_new_year() {
        let c = ClosedDays::default();
        for day in [
            d(2026, 12, 29),
            d(2026, 12, 31),
            d(2027, 1, 1),
            d(2027, 1, 3),
        ] {
            assert_eq!(c.reason(day), Some(ClosedReason::YearEnd), "{day}");
        }
        assert!(!c.is_closed(d(2026, 12, 28)));
        assert!(!c.is_closed(d(2027, 1, 4)));
        assert_eq!(c.next_open_day(d(2026, 12, 29)), Some(d(2027, 1, 4)));
        let open_at_new_year = ClosedDays {
            year_end: None,
            ..ClosedDays::default()
        };
        // 1/1 is still a national holiday.
        assert!(matches!(
            open_at_new_year.reason(d(2027, 1, 1)),
            Some(ClosedReason::Holiday(_))
        ));
        assert!(!open_at_new_year.is_closed(d(2026, 12, 30)));
    }

    #[test]
    fn holidays_close_only_when_set_and_own_dates_always() {
        let mut c = ClosedDays {
            national_holidays: false,
            ..ClosedDays::default()
        };
        assert!(!c.is_closed(d(2027, 1, 11)));
        c.dates.push(d(2027, 1, 20));
        assert_eq!(c.reason(d(2027, 1, 20)), Some(ClosedReason::Center));
        c.national_holidays = true;
        assert!(
            matches!(c.reason(d(2027, 1, 11)), Some(ClosedReason::Holiday(h)) if h.name_ja == "成人の日")
        );
        assert!(!ClosedDays::never().is_closed(d(2027, 1, 1)));
    }
}
