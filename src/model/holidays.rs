//! Japanese national holidays (国民の祝日), computed from the rules of the Act on National
//! Holidays (国民の祝日に関する法律) as in force since 2020:
//!
//! - fixed dates (元日 1/1, 建国記念の日 2/11, 天皇誕生日 2/23, 昭和の日 4/29, 憲法記念日 5/3,
//!   みどりの日 5/4, こどもの日 5/5, 山の日 8/11, 文化の日 11/3, 勤労感謝の日 11/23);
//! - Happy Monday holidays (成人の日: 2nd Monday of January, 海の日: 3rd Monday of July,
//!   敬老の日: 3rd Monday of September, スポーツの日: 2nd Monday of October);
//! - 春分の日 and 秋分の日 from the standard approximation of the equinoxes (valid 1980–2099;
//!   the Cabinet Office announces them each February for the next year, and the formula has
//!   agreed with every announcement in that range);
//! - 国民の休日: a day that is not a holiday but whose previous and next days are;
//! - 振替休日: a holiday on a Sunday makes the nearest following non-holiday day a holiday.
//!
//! Not modelled: the one-off laws (the 2019 enthronement days, the Olympic moves of 2020 and
//! 2021) and years outside 1980–2099, for which [`holidays`] returns nothing. Pure.

use chrono::{Datelike, NaiveDate, Weekday};

/// One national holiday, with its names for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name_ja: &'static str,
    pub name_en: &'static str,
}

/// The years the rules here are meant for (the equinox formula's range).
pub const YEARS: std::ops::RangeInclusive<i32> = 1980..=2099;

const FIXED: [(u32, u32, &str, &str); 10] = [
    (1, 1, "元日", "New Year's Day"),
    (2, 11, "建国記念の日", "National Foundation Day"),
    (2, 23, "天皇誕生日", "The Emperor's Birthday"),
    (4, 29, "昭和の日", "Showa Day"),
    (5, 3, "憲法記念日", "Constitution Memorial Day"),
    (5, 4, "みどりの日", "Greenery Day"),
    (5, 5, "こどもの日", "Children's Day"),
    (8, 11, "山の日", "Mountain Day"),
    (11, 3, "文化の日", "Culture Day"),
    (11, 23, "勤労感謝の日", "Labour Thanksgiving Day"),
];

const HAPPY_MONDAY: [(u32, u32, &str, &str); 4] = [
    (1, 2, "成人の日", "Coming of Age Day"),
    (7, 3, "海の日", "Marine Day"),
    (9, 3, "敬老の日", "Respect for the Aged Day"),
    (10, 2, "スポーツの日", "Sports Day"),
];

/// The day of the vernal (`autumn = false`) or autumnal equinox in March / September of
/// `year` (the approximation formula for 1980–2099).
fn equinox_day(year: i32, autumn: bool) -> u32 {
    let base = if autumn { 23.2488 } else { 20.8431 };
    let y = f64::from(year - 1980);
    let day = base + 0.242194 * y - f64::from((year - 1980).div_euclid(4));
    // 20..24 by construction in 1980..=2099.
    day.floor() as u32
}

/// All national holidays of `year`, in date order (empty outside [`YEARS`]).
pub fn holidays(year: i32) -> Vec<Holiday> {
    if !YEARS.contains(&year) {
        return Vec::new();
    }
    let date = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let mut days: Vec<Holiday> = Vec::new();
    for (m, d, ja, en) in FIXED {
        if let Some(date) = date(m, d) {
            days.push(Holiday {
                date,
                name_ja: ja,
                name_en: en,
            });
        }
    }
    for (m, week, ja, en) in HAPPY_MONDAY {
        if let Some(date) = NaiveDate::from_weekday_of_month_opt(year, m, Weekday::Mon, week as u8)
        {
            days.push(Holiday {
                date,
                name_ja: ja,
                name_en: en,
            });
        }
    }
    if let Some(d) = date(3, equinox_day(year, false)) {
        days.push(Holiday {
            date: d,
            name_ja: "春分の日",
            name_en: "Vernal Equinox Day",
        });
    }
    if let Some(d) = date(9, equinox_day(year, true)) {
        days.push(Holiday {
            date: d,
            name_ja: "秋分の日",
            name_en: "Autumnal Equinox Day",
        });
    }
    days.sort_by_key(|h| h.date);
    let is_base = |d: NaiveDate, days: &[Holiday]| days.iter().any(|h| h.date == d);
    // 国民の休日: between two holidays of the Act (Article 3-3).
    let mut between = Vec::new();
    for w in days.windows(2) {
        if let Some(mid) = w[0].date.succ_opt()
            && mid.succ_opt() == Some(w[1].date)
            && mid.weekday() != Weekday::Sun
        {
            between.push(Holiday {
                date: mid,
                name_ja: "国民の休日",
                name_en: "Citizens' Holiday",
            });
        }
    }
    days.extend(between);
    days.sort_by_key(|h| h.date);
    // 振替休日: the nearest following day that is not a holiday (Article 3-2).
    let mut substitutes = Vec::new();
    for h in days.iter().filter(|h| h.date.weekday() == Weekday::Sun) {
        let mut d = h.date;
        while let Some(next) = d.succ_opt() {
            d = next;
            if !is_base(d, &days) {
                break;
            }
        }
        if d.year() == year && !substitutes.iter().any(|s: &Holiday| s.date == d) {
            substitutes.push(Holiday {
                date: d,
                name_ja: "振替休日",
                name_en: "Substitute Holiday",
            });
        }
    }
    days.extend(substitutes);
    days.sort_by_key(|h| h.date);
    days
}

/// The national holiday on `date`, if it is one.
pub fn holiday(date: NaiveDate) -> Option<Holiday> {
    holidays(date.year()).into_iter().find(|h| h.date == date)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Cabinet Office's list (内閣府「国民の祝日について」), written out.
    const OFFICIAL: [(i32, &[(u32, u32)]); 3] = [
        (
            2025,
            &[
                (1, 1),
                (1, 13),
                (2, 11),
                (2, 23),
                (2, 24),
                (3, 20),
                (4, 29),
                (5, 3),
                (5, 4),
                (5, 5),
                (5, 6),
                (7, 21),
                (8, 11),
                (9, 15),
                (9, 23),
                (10, 13),
                (11, 3),
                (11, 23),
                (11, 24),
            ],
        ),
        (
            2026,
            &[
                (1, 1),
                (1, 12),
                (2, 11),
                (2, 23),
                (3, 20),
                (4, 29),
                (5, 3),
                (5, 4),
                (5, 5),
                (5, 6),
                (7, 20),
                (8, 11),
                (9, 21),
                (9, 22),
                (9, 23),
                (10, 12),
                (11, 3),
                (11, 23),
            ],
        ),
        (
            2027,
            &[
                (1, 1),
                (1, 11),
                (2, 11),
                (2, 23),
                (3, 21),
                (3, 22),
                (4, 29),
                (5, 3),
                (5, 4),
                (5, 5),
                (7, 19),
                (8, 11),
                (9, 20),
                (9, 23),
                (10, 11),
                (11, 3),
                (11, 23),
            ],
        ),
    ];

    #[test]
    fn holidays_2025_to_2027_are_the_official_list() {
        for (year, official) in OFFICIAL {
            let ours: Vec<(u32, u32)> = holidays(year)
                .iter()
                .map(|h| (h.date.month(), h.date.day()))
                .collect();
            assert_eq!(ours, official.to_vec(), "{year}");
        }
    }

    #[test]
    fn names_of_the_special_days() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(holiday(d(2026, 9, 22)).unwrap().name_ja, "国民の休日");
        assert_eq!(holiday(d(2026, 5, 6)).unwrap().name_ja, "振替休日");
        assert_eq!(
            holiday(d(2027, 3, 22)).unwrap().name_en,
            "Substitute Holiday"
        );
        assert_eq!(holiday(d(2027, 3, 21)).unwrap().name_ja, "春分の日");
        assert_eq!(holiday(d(2025, 9, 15)).unwrap().name_ja, "敬老の日");
        assert!(holiday(d(2026, 12, 29)).is_none());
        assert!(holidays(1979).is_empty());
    }
}
