//! Parsers for the small field syntaxes of the coordinator files (times, weekly windows,
//! lists). Each returns a message that completes "`field`: ..." in an error line.

use crate::model::{DateWindow, Mode, RequestWindow, WeeklyWindow, weekday_from_code};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// `HH:MM`; `24:00` is accepted only where `allow_24` (ends of windows).
/// Returns the time and whether it was 24:00.
pub fn time(s: &str, allow_24: bool) -> Result<(NaiveTime, bool), String> {
    let s = s.trim();
    if allow_24 && s == "24:00" {
        return Ok((NaiveTime::MIN, true));
    }
    NaiveTime::parse_from_str(s, "%H:%M")
        .map(|t| (t, false))
        .map_err(|_| format!("`{s}` is not a time (expected HH:MM, e.g. 13:00)"))
}

pub fn date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date (expected YYYY-MM-DD, e.g. 2026-12-12)"))
}

pub fn datetime(s: &str) -> Result<NaiveDateTime, String> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .map_err(|_| {
            format!(
                "`{s}` is not a date and time (expected YYYY-MM-DDTHH:MM, e.g. 2026-11-20T10:15)"
            )
        })
}

/// Splits a `;`-separated list, dropping empty items.
pub fn list(s: &str) -> Vec<&str> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

pub fn modes(s: &str) -> Result<Vec<Mode>, String> {
    let mut out: Vec<Mode> = Vec::new();
    for item in list(s) {
        let m: Mode = item.parse()?;
        if !out.contains(&m) {
            out.push(m);
        }
    }
    if out.is_empty() {
        return Err("at least one mode is needed (in_person, video, phone)".into());
    }
    out.sort();
    Ok(out)
}

/// `HH:MM-HH:MM` with start before end (end may be 24:00).
fn time_range(s: &str) -> Result<(NaiveTime, NaiveTime, bool), String> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| format!("`{s}` is not a time range (expected HH:MM-HH:MM)"))?;
    let (start, _) = time(a, false)?;
    let (end, end_of_day) = time(b, true)?;
    if !end_of_day && end <= start {
        return Err(format!("`{s}`: the end is not after the start"));
    }
    Ok((start, end, end_of_day))
}

/// `mon`, `mon-fri` or `sat,sun`.
fn days(s: &str) -> Result<Vec<Weekday>, String> {
    let bad = |d: &str| format!("`{d}` is not a day (expected mon, tue, wed, thu, fri, sat, sun)");
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim) {
        if let Some((a, b)) = part.split_once('-') {
            let a = weekday_from_code(a).ok_or_else(|| bad(a))?;
            let b = weekday_from_code(b).ok_or_else(|| bad(b))?;
            let mut d = a;
            loop {
                out.push(d);
                if d == b {
                    break;
                }
                d = d.succ();
            }
        } else {
            out.push(weekday_from_code(part).ok_or_else(|| bad(part))?);
        }
    }
    Ok(out)
}

/// `mon-fri 09:00-17:00; sat 10:00-16:00`.
pub fn weekly(s: &str) -> Result<Vec<WeeklyWindow>, String> {
    let mut out = Vec::new();
    for item in list(s) {
        let (d, t) = item.split_once(char::is_whitespace).ok_or_else(|| {
            format!("`{item}` is not a weekly window (expected e.g. `mon-fri 09:00-17:00`)")
        })?;
        let (start, end, end_of_day) = time_range(t.trim())?;
        for day in days(d)? {
            out.push(WeeklyWindow {
                day,
                start,
                end,
                end_of_day,
            });
        }
    }
    Ok(out)
}

/// `2026-12-13 09:00-12:00; ...`.
pub fn date_windows(s: &str) -> Result<Vec<DateWindow>, String> {
    let mut out = Vec::new();
    for item in list(s) {
        let (d, t) = item.split_once(char::is_whitespace).ok_or_else(|| {
            format!("`{item}` is not a dated window (expected e.g. `2026-12-13 09:00-12:00`)")
        })?;
        let (start, end, end_of_day) = time_range(t.trim())?;
        out.push(DateWindow {
            date: date(d)?,
            start,
            end,
            end_of_day,
        });
    }
    Ok(out)
}

pub fn dates(s: &str) -> Result<Vec<NaiveDate>, String> {
    list(s).into_iter().map(date).collect()
}

/// A resident's windows: `sat`, `sat 13:00-17:00`, `2026-12-12`, `2026-12-12 13:00-16:00`.
/// An empty field means any time.
pub fn request_windows(s: &str) -> Result<Option<Vec<RequestWindow>>, String> {
    let items = list(s);
    if items.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for item in items {
        let (head, tail) = match item.split_once(char::is_whitespace) {
            Some((h, t)) => (h, Some(t.trim())),
            None => (item, None),
        };
        let times = match tail {
            Some(t) => {
                let (start, end, end_of_day) = time_range(t)?;
                if end_of_day {
                    return Err(format!("`{item}`: use 23:59 rather than 24:00 here"));
                }
                Some((start, end))
            }
            None => None,
        };
        if let Some(day) = weekday_from_code(head) {
            out.push(RequestWindow::Weekly { day, times });
        } else if head.len() == 10 && head.as_bytes()[4] == b'-' {
            out.push(RequestWindow::Date {
                date: date(head)?,
                times,
            });
        } else {
            return Err(format!(
                "`{item}` is not a window (expected `sat`, `sat 13:00-17:00`, `2026-12-12` or `2026-12-12 13:00-16:00`)"
            ));
        }
    }
    Ok(Some(out))
}

/// Length limits of free-text fields, in characters (documented in `docs/data-format.md`).
/// Why limits: every text ends up in feeds, reports and terminals; a 10 MB "summary" is a
/// pasted file, not an intake note, and would make every feed render carry it.
pub mod limit {
    /// Names of people, centers, agencies and topics.
    pub const NAME: usize = 200;
    /// Phone number or e-mail address.
    pub const CONTACT: usize = 200;
    /// Residence status, nationality-like short labels.
    pub const LABEL: usize = 100;
    /// Postal address of the center.
    pub const ADDRESS: usize = 500;
    /// Intake texts (`summary`, `tried`).
    pub const INTAKE: usize = 4000;
}

/// A free-text value of at most `max` characters. Control characters are refused (a NUL or
/// an escape sequence in a name is damage, not content), except line breaks and TAB where
/// `multiline` (intake texts written in several lines of a quoted CSV field). `required`
/// refuses an empty value.
pub fn text(s: &str, max: usize, multiline: bool, required: bool) -> Result<String, String> {
    let s = s.trim();
    if required && s.is_empty() {
        return Err("is empty (required)".into());
    }
    // Counting stops at max + 1: the length check itself stays cheap on a huge value.
    let n = s.chars().take(max + 1).count();
    if n > max {
        return Err(format!(
            "is longer than {max} characters ({} in all)",
            s.chars().count()
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\t')))
    {
        return Err(format!(
            "contains the control character U+{:04X}; remove it",
            u32::from(c)
        ));
    }
    Ok(s.to_string())
}

/// A non-negative integer no larger than `max`; empty gives `None`.
pub fn number(s: &str, max: u32) -> Result<Option<u32>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i64>() {
        Ok(n) if n < 0 => Err(format!("`{s}` is negative")),
        Ok(n) if n > i64::from(max) => Err(format!("`{s}` is too large (at most {max})")),
        Ok(n) => Ok(Some(n as u32)),
        Err(_) => Err(format!("`{s}` is not a whole number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_windows() {
        let w = weekly("mon-fri 09:00-17:00; sat,sun 10:00-24:00").unwrap();
        assert_eq!(w.len(), 7);
        assert!(w[6].end_of_day);
        assert!(weekly("fri-mon 09:00-10:00").unwrap().len() == 4);
        assert!(weekly("mon 17:00-09:00").is_err());
        assert!(weekly("funday 09:00-10:00").is_err());
        assert!(weekly("mon").is_err());
    }

    #[test]
    fn request_window_forms() {
        let w = request_windows("sat; sun 13:00-17:00; 2026-12-12; 2026-12-19 10:00-12:00")
            .unwrap()
            .unwrap();
        assert_eq!(w.len(), 4);
        assert_eq!(request_windows("  ").unwrap(), None);
        assert!(request_windows("someday").is_err());
        assert!(request_windows("2026-13-01").is_err());
    }

    #[test]
    fn text_limits_and_controls() {
        assert_eq!(text(" a b ", 3, false, true).unwrap(), "a b");
        assert!(text("", 3, false, true).unwrap_err().contains("empty"));
        assert_eq!(text("", 3, false, false).unwrap(), "");
        assert!(
            text("相談相談", 3, false, false)
                .unwrap_err()
                .contains("longer than 3 characters (4 in all)")
        );
        assert!(
            text("a\u{0}b", 9, false, false)
                .unwrap_err()
                .contains("U+0000")
        );
        assert!(
            text("a\nb", 9, false, false)
                .unwrap_err()
                .contains("U+000A")
        );
        assert_eq!(text("a\nb\tc", 9, true, false).unwrap(), "a\nb\tc");
        assert!(text("a\u{1b}[2J", 9, true, false).is_err());
    }

    #[test]
    fn numbers() {
        assert_eq!(number("", 5).unwrap(), None);
        assert_eq!(number("3", 5).unwrap(), Some(3));
        assert!(number("-1", 5).unwrap_err().contains("negative"));
        assert!(number("99999999999", 5).unwrap_err().contains("too large"));
        assert!(number("x", 5).is_err());
        assert_eq!(
            modes("phone;video;phone").unwrap(),
            vec![Mode::Video, Mode::Phone]
        );
        assert!(modes("").is_err());
    }
}
