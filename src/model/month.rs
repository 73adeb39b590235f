use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A calendar month, the unit of scheduling (`YYYY-MM`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a month: expected YYYY-MM, e.g. 2026-12")]
pub struct MonthParseError(pub String);

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        // Constructed through `new`/`of`/`from_str`, which validate; a hand-built invalid
        // value falls back to the epoch rather than panicking.
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn next(self) -> Month {
        Month::of(self.first_day() + Months::new(1))
    }

    pub fn prev(self) -> Month {
        Month::of(self.first_day() - Months::new(1))
    }

    /// Every date of the month, in order.
    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        let first = self.first_day();
        first
            .iter_days()
            .take_while(move |d| d.month() == first.month())
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Month::of(date) == self
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = MonthParseError;
    /// A month as staff write it: `2027-01`, `2027-1`, `2027/1`, `2027年1月` (full-width
    /// digits too).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || MonthParseError(s.to_string());
        let plain: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                '／' => '/',
                '－' => '-',
                c => c,
            })
            .collect();
        let (y, m) = plain
            .strip_suffix('月')
            .and_then(|x| x.split_once('年'))
            .or_else(|| plain.split_once('-'))
            .or_else(|| plain.split_once('/'))
            .ok_or_else(err)?;
        let (y, m) = (y.trim(), m.trim());
        let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4 || !(1..=2).contains(&m.len()) || !digits(y) || !digits(m) {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let month: u32 = m.parse().map_err(|_| err())?;
        Month::new(year, month).ok_or_else(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_walks() {
        let m: Month = "2026-12".parse().unwrap();
        assert_eq!(m.days().count(), 31);
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.prev().to_string(), "2026-11");
        assert!("2026-13".parse::<Month>().is_err());
        assert!("26-12".parse::<Month>().is_err());
        assert_eq!("2027-02".parse::<Month>().unwrap().days().count(), 28);
        for typed in [
            "2027-01",
            "2027-1",
            "2027/1",
            "2027年1月",
            "２０２７年１月",
            " 2027/01 ",
        ] {
            assert_eq!(
                typed.parse::<Month>().unwrap().to_string(),
                "2027-01",
                "{typed}"
            );
        }
        for bad in [
            "2027",
            "2027-",
            "2027-001",
            "2027年13月",
            "2027-1-2",
            "2027/+1",
        ] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }
}
