//! Parsers for the small field syntaxes of the coordinator files (dates, times, weekly
//! windows, lists, numbers). Each returns a [`Msg`] that completes "`field`: ..." in an
//! error line.
//!
//! **Excel-JP.** Coordinators keep these files in Excel, and Japanese Excel rewrites what it
//! recognises: `2026-12-20` becomes `2026/12/20`, a time gains seconds (`9:00:00`), an IME
//! left in full-width mode types `２０２６／１２／２０` or `；`, and staff write weekdays as `土`
//! or `土曜日`, dates as `2026年12月20日` or `令和8年12月20日`. Every field parser first
//! [`normalise`]s its value (full-width ASCII to ASCII, the ideographic space to a space, `、`
//! to a list comma) and then accepts those forms; free texts (names, intake) are never
//! normalised, since they are shown as written. A form with two readings (`12/01/2026`) is
//! refused with the forms that are accepted; a reading worth a second look (a two-digit
//! year, an era date) is accepted and reported as a note, `written → read`.

use super::error::Msg;
use crate::model::{
    DateWindow, Mode, RequestWindow, WeeklyWindow, weekday_code, weekday_from_code,
};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use std::borrow::Cow;

/// Readings worth confirming, as `(written, read as)`; see [`super::ImportNote`].
pub type Notes = Vec<(String, String)>;

/// The field `s`, trimmed, with the characters a Japanese IME or Excel types in place of
/// ASCII mapped back (the compatibility part of NFKC that matters for these fields):
/// full-width ASCII U+FF01–U+FF5E, the ideographic space, `、` (a list comma), wave dashes
/// and Unicode dashes/minus (range dashes), `㋿`/`㍻` (era ligatures). Pure ASCII is returned
/// as is, without a copy.
pub fn normalise(s: &str) -> Cow<'_, str> {
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{FF01}'..='\u{FF5E}' => {
                out.push(char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c));
            }
            '\u{3000}' => out.push(' '),
            '、' => out.push(','),
            '〜' => out.push('~'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '㋿' => out.push_str("令和"),
            '㍻' => out.push_str("平成"),
            '㍼' => out.push_str("昭和"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A weekday: `sat`, `Sat`, `Saturday`, `土`, `土曜`, `土曜日`, also in brackets (`(土)`).
pub fn weekday(s: &str) -> Option<Weekday> {
    let s = s.trim();
    let s = s
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(s)
        .trim();
    if let Some(d) = weekday_from_code(s) {
        return Some(d);
    }
    const DAYS: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    const EN: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    const JA: [char; 7] = ['月', '火', '水', '木', '金', '土', '日'];
    let lower = s.to_ascii_lowercase();
    if lower.len() >= 3
        && let Some(i) = EN.iter().position(|n| n.starts_with(&lower))
    {
        return Some(DAYS[i]);
    }
    let first = s.chars().next()?;
    let rest = &s[first.len_utf8()..];
    if matches!(rest, "" | "曜" | "曜日") {
        return JA.iter().position(|&c| c == first).map(|i| DAYS[i]);
    }
    None
}

/// Hours, minutes and seconds of `9:00`, `09:00`, `9:00:00`, `9時`, `9時30分`, optionally
/// after `午前`/`午後` (12-hour clock).
fn clock(s: &str) -> Option<(u32, u32, u32)> {
    let s = s.trim();
    let (pm, s) = if let Some(r) = s.strip_prefix("午後") {
        (Some(true), r.trim())
    } else if let Some(r) = s.strip_prefix("午前") {
        (Some(false), r.trim())
    } else {
        (None, s)
    };
    let num = |x: &str| -> Option<u32> {
        (!x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit()))
            .then(|| x.parse().ok())
            .flatten()
    };
    let (h, m, sec) = if let Some((h, rest)) = s.split_once('時') {
        let m = match rest.strip_suffix('分') {
            Some(m) => num(m)?,
            None if rest.is_empty() => 0,
            None if rest == "半" => 30,
            None => return None,
        };
        (num(h)?, m, 0)
    } else {
        let mut parts = s.split(':');
        let h = num(parts.next()?)?;
        let m = parts.next()?;
        if m.len() != 2 {
            return None;
        }
        let m = num(m)?;
        let sec = match parts.next() {
            Some(x) if x.len() == 2 => num(x)?,
            Some(_) => return None,
            None => 0,
        };
        if parts.next().is_some() {
            return None;
        }
        (h, m, sec)
    };
    let h = match pm {
        Some(true) if h < 12 => h + 12,
        Some(true) if h == 12 => 12,
        Some(false) if h == 12 => 0,
        Some(false) if h < 12 => h,
        Some(_) => return None,
        None => h,
    };
    (m < 60 && sec < 60 && h <= 24).then_some((h, m, sec))
}

/// `HH:MM` (also `9:00`, Excel's `9:00:00`, `9時30分`, full-width digits); `24:00` is
/// accepted only where `allow_24` (ends of windows). Returns the time and whether it was
/// 24:00.
pub fn time(s: &str, allow_24: bool) -> Result<(NaiveTime, bool), Msg> {
    let raw = s.trim();
    let s = normalise(raw);
    let bad = || Msg::new("import-not-time").arg("value", raw);
    let (h, m, sec) = clock(&s).ok_or_else(bad)?;
    if sec != 0 {
        return Err(Msg::new("import-time-seconds").arg("value", raw));
    }
    if h == 24 {
        return if allow_24 && m == 0 {
            Ok((NaiveTime::MIN, true))
        } else {
            Err(bad())
        };
    }
    NaiveTime::from_hms_opt(h, m, 0)
        .map(|t| (t, false))
        .ok_or_else(bad)
}

/// A date, without notes (see [`date_noted`]).
pub fn date(s: &str) -> Result<NaiveDate, Msg> {
    date_noted(s, &mut Notes::new())
}

/// A date: `2026-12-20`, `2026/12/20`, `2026.12.20`, `20261220`, `2026年12月20日`,
/// `令和8年12月20日` (`令和元年`), `R8.12.20`, two-digit years `26/12/20` (read as 20YY),
/// any of them followed by the weekday in brackets (`2026/12/20(日)`, which must match).
/// Refused: other eras, and day-month orders that cannot be told apart (`12/01/2026`).
/// Readings from an era or a two-digit year are added to `notes`.
pub fn date_noted(s: &str, notes: &mut Notes) -> Result<NaiveDate, Msg> {
    let raw = s.trim();
    let s = normalise(raw);
    let not_date = || Msg::new("import-not-date").arg("value", raw);
    let (body, written_day) = match s.strip_suffix(')').and_then(|x| x.rsplit_once('(')) {
        Some((body, day)) => (body.trim(), Some(weekday(day).ok_or_else(not_date)?)),
        None => (s.as_ref(), None),
    };
    let (date, noted) = date_body(body, raw)?;
    if let Some(day) = written_day
        && day != date.weekday()
    {
        return Err(Msg::new("import-weekday-mismatch")
            .arg("value", raw)
            .arg("date", date)
            .arg("weekday", weekday_code(date.weekday())));
    }
    if noted {
        notes.push((raw.to_string(), date.to_string()));
    }
    Ok(date)
}

/// First day of 令和 (Reiwa): 令和元年5月1日.
const REIWA_FIRST: (i32, u32, u32) = (2019, 5, 1);

/// Year, month and day of `Y年M月D日` (spaces allowed; `元` for year 1 where `era`).
fn kanji_ymd(s: &str, era: bool) -> Option<(i32, u32, u32)> {
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.trim().strip_suffix('日')?;
    let y = y.trim();
    let y = if era && y == "元" {
        1
    } else {
        digits(y, if era { 1..=2 } else { 4..=4 })?
    };
    Some((
        i32::try_from(y).ok()?,
        digits(m.trim(), 1..=2)?,
        digits(d.trim(), 1..=2)?,
    ))
}

/// `s` as a number if it is all ASCII digits, with a length in `len`.
fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// The date `body` (normalised, weekday removed) and whether the reading is worth a note.
fn date_body(body: &str, raw: &str) -> Result<(NaiveDate, bool), Msg> {
    let not_date = || Msg::new("import-not-date").arg("value", raw);
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).ok_or_else(not_date);
    for era in ["平成", "昭和", "大正", "明治"] {
        if body.starts_with(era) {
            return Err(Msg::new("import-date-era").arg("value", raw));
        }
    }
    let reiwa = |y: i32, m: u32, d: u32| {
        let date = ymd(2018 + y, m, d)?;
        let first = NaiveDate::from_ymd_opt(REIWA_FIRST.0, REIWA_FIRST.1, REIWA_FIRST.2);
        if Some(date) < first || y < 1 {
            return Err(Msg::new("import-date-before-reiwa").arg("value", raw));
        }
        Ok((date, true))
    };
    if let Some(rest) = body.strip_prefix("令和") {
        let (y, m, d) = kanji_ymd(rest, true).ok_or_else(not_date)?;
        return reiwa(y, m, d);
    }
    let parts: Vec<&str> = body.split(['-', '/', '.']).collect();
    // R8.12.20 (and H31.4.30, S64.1.7: other eras, refused).
    if let Some(first) = parts.first()
        && parts.len() == 3
        && let Some(letter) = first.chars().next()
        && letter.is_ascii_alphabetic()
        && let Some(y) = digits(&first[1..], 1..=2)
    {
        let (m, d) = (digits(parts[1], 1..=2), digits(parts[2], 1..=2));
        return match (letter.to_ascii_uppercase(), m, d) {
            ('R', Some(m), Some(d)) => reiwa(y as i32, m, d),
            ('H' | 'S' | 'T' | 'M', Some(_), Some(_)) => {
                Err(Msg::new("import-date-era").arg("value", raw))
            }
            _ => Err(not_date()),
        };
    }
    if body.contains('年') {
        let (y, m, d) = kanji_ymd(body, false).ok_or_else(not_date)?;
        return Ok((ymd(y, m, d)?, false));
    }
    if parts.len() == 3 {
        let short = |p: &str| digits(p, 1..=2);
        let (a, b, c) = (parts[0], parts[1], parts[2]);
        if let (Some(y), Some(m), Some(d)) = (digits(a, 4..=4), short(b), short(c)) {
            return Ok((ymd(y as i32, m, d)?, false));
        }
        if short(a).is_some() && short(b).is_some() && digits(c, 4..=4).is_some() {
            return Err(Msg::new("import-date-ambiguous").arg("value", raw));
        }
        if let (Some(y), Some(m), Some(d)) = (digits(a, 2..=2), short(b), short(c)) {
            return Ok((ymd(2000 + y as i32, m, d)?, true));
        }
        return Err(not_date());
    }
    if let Some(n) = digits(body, 8..=8) {
        return Ok((ymd((n / 10_000) as i32, n / 100 % 100, n % 100)?, true));
    }
    Err(not_date())
}

/// A date and a time: `2026-12-20T09:00`, `2026/12/20 9:00`, `2026/12/20 9:00:00`,
/// `令和8年12月20日 9時`, `2026年12月20日(日)9:30`: any date of [`date_noted`], then a time
/// (seconds allowed), after a `T`, a space, or straight after the `日` or `)` of the date.
pub fn datetime_noted(s: &str, notes: &mut Notes) -> Result<NaiveDateTime, Msg> {
    let raw = s.trim();
    let s = normalise(raw);
    let bad = || Msg::new("import-not-datetime").arg("value", raw);
    let (d, t) = if let Some((d, t)) = s.rsplit_once(char::is_whitespace) {
        (d, t)
    } else if let Some((d, t)) = s.split_once('T').filter(|(d, _)| !d.is_empty()) {
        (d, t)
    } else {
        let at = s
            .char_indices()
            .filter(|(_, c)| matches!(c, '日' | ')'))
            .map(|(i, c)| i + c.len_utf8())
            .next_back()
            .ok_or_else(bad)?;
        (&s[..at], &s[at..])
    };
    let mut date_notes = Notes::new();
    // A refusal of the date part quotes the whole value, as written.
    let date = date_noted(d, &mut date_notes).map_err(|e| match e {
        Msg::Key {
            key: "import-not-date",
            ..
        } => bad(),
        Msg::Key { key, args } => Msg::Key {
            key,
            args: args
                .into_iter()
                .map(|(n, v)| (n, if n == "value" { raw.to_string() } else { v }))
                .collect(),
        },
        e => e,
    })?;
    let (h, m, sec) = clock(t).ok_or_else(bad)?;
    let at = date.and_hms_opt(h, m, sec).ok_or_else(bad)?;
    if !date_notes.is_empty() {
        notes.push((raw.to_string(), at.format("%Y-%m-%dT%H:%M").to_string()));
    }
    Ok(at)
}

/// Splits a list on `;` and `,` (after [`normalise`]: also `；`, `，`, `、`), dropping
/// empty items.
pub fn list(s: &str) -> Vec<String> {
    normalise(s)
        .split([';', ','])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// A mode: the codes, or the words staff write (`対面`, `ビデオ`, `オンライン`, `電話`).
fn mode(item: &str) -> Result<Mode, Msg> {
    match item.to_ascii_lowercase().as_str() {
        "in_person" | "in-person" | "対面" | "来所" => Ok(Mode::InPerson),
        "video" | "ビデオ" | "オンライン" => Ok(Mode::Video),
        "phone" | "電話" => Ok(Mode::Phone),
        _ => Err(Msg::new("import-not-mode").arg("value", item)),
    }
}

pub fn modes(s: &str) -> Result<Vec<Mode>, Msg> {
    let mut out: Vec<Mode> = Vec::new();
    for item in list(s) {
        let m = mode(&item)?;
        if !out.contains(&m) {
            out.push(m);
        }
    }
    if out.is_empty() {
        return Err(Msg::new("import-modes-empty"));
    }
    out.sort();
    Ok(out)
}

/// `HH:MM-HH:MM` (or `~`, `〜`) with start before end (end may be 24:00).
fn time_range(s: &str) -> Result<(NaiveTime, NaiveTime, bool), Msg> {
    let (a, b) = s
        .split_once(['-', '~'])
        .ok_or_else(|| Msg::new("import-not-time-range").arg("value", s))?;
    let (start, _) = time(a, false)?;
    let (end, end_of_day) = time(b, true)?;
    if !end_of_day && end <= start {
        return Err(Msg::new("import-end-not-after-start").arg("value", s));
    }
    Ok((start, end, end_of_day))
}

/// `mon`, `mon-fri`, `sat,sun`, `月~金`, `土,日`.
fn days(s: &str) -> Result<Vec<Weekday>, Msg> {
    let day = |d: &str| weekday(d).ok_or_else(|| Msg::new("import-not-day").arg("value", d));
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim) {
        if let Some((a, b)) = part.split_once(['-', '~']) {
            let a = day(a.trim())?;
            let b = day(b.trim())?;
            let mut d = a;
            loop {
                out.push(d);
                if d == b {
                    break;
                }
                d = d.succ();
            }
        } else {
            out.push(day(part)?);
        }
    }
    Ok(out)
}

/// `mon-fri 09:00-17:00; sat 10:00-16:00` (also `月~金 9:00~17:00、土 10:00~16:00`). A comma
/// separates days (`sat,sun 10:00-16:00`) or windows: a part without a time joins the next.
pub fn weekly(s: &str) -> Result<Vec<WeeklyWindow>, Msg> {
    let mut out = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for item in list(s) {
        let Some((d, t)) = item.split_once(char::is_whitespace) else {
            pending.push(item);
            continue;
        };
        pending.push(d.to_string());
        let d = std::mem::take(&mut pending).join(",");
        let (start, end, end_of_day) = time_range(t.trim())?;
        for day in days(&d)? {
            out.push(WeeklyWindow {
                day,
                start,
                end,
                end_of_day,
            });
        }
    }
    if !pending.is_empty() {
        return Err(Msg::new("import-not-weekly-window").arg("value", pending.join(",")));
    }
    Ok(out)
}

/// `2026-12-13 09:00-12:00; ...` (any date form of [`date_noted`]).
pub fn date_windows(s: &str, notes: &mut Notes) -> Result<Vec<DateWindow>, Msg> {
    let mut out = Vec::new();
    for item in list(s) {
        let (d, t) = item
            .rsplit_once(char::is_whitespace)
            .ok_or_else(|| Msg::new("import-not-dated-window").arg("value", &item))?;
        let (start, end, end_of_day) = time_range(t.trim())?;
        out.push(DateWindow {
            date: date_noted(d, notes)?,
            start,
            end,
            end_of_day,
        });
    }
    Ok(out)
}

pub fn dates(s: &str, notes: &mut Notes) -> Result<Vec<NaiveDate>, Msg> {
    list(s).iter().map(|d| date_noted(d, notes)).collect()
}

/// A resident's windows: `sat`, `sat 13:00-17:00`, `2026-12-12`, `2026-12-12 13:00-16:00`
/// (any weekday or date form: `土`, `土曜日 13:00~17:00`, `2026/12/12(土)`). An empty field
/// means any time.
pub fn request_windows(s: &str, notes: &mut Notes) -> Result<Option<Vec<RequestWindow>>, Msg> {
    let items = list(s);
    if items.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for item in items {
        // The time range is the last word when it has a digit and a dash.
        let (head, tail) = match item.rsplit_once(char::is_whitespace) {
            Some((h, t)) if t.contains(['-', '~']) => (h.trim(), Some(t.trim())),
            _ => (item.as_str(), None),
        };
        let times = match tail {
            Some(t) => {
                let (start, end, end_of_day) = time_range(t)?;
                if end_of_day {
                    return Err(Msg::new("import-window-no-24").arg("value", &item));
                }
                Some((start, end))
            }
            None => None,
        };
        if let Some(day) = weekday(head) {
            out.push(RequestWindow::Weekly { day, times });
        } else if head.starts_with(|c: char| c.is_ascii_digit() || "令平昭大明RHSTM".contains(c))
        {
            out.push(RequestWindow::Date {
                date: date_noted(head, notes)?,
                times,
            });
        } else {
            return Err(Msg::new("import-not-window").arg("value", &item));
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
/// refuses an empty value. Not normalised: a name is kept as written.
pub fn text(s: &str, max: usize, multiline: bool, required: bool) -> Result<String, Msg> {
    let s = s.trim();
    if required && s.is_empty() {
        return Err(Msg::new("import-empty"));
    }
    // Counting stops at max + 1: the length check itself stays cheap on a huge value.
    let n = s.chars().take(max + 1).count();
    if n > max {
        return Err(Msg::new("import-too-long")
            .arg("max", max)
            .arg("count", s.chars().count()));
    }
    if let Some(c) = s
        .chars()
        .find(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\t')))
    {
        return Err(
            Msg::new("import-control-character").arg("code", format!("U+{:04X}", u32::from(c)))
        );
    }
    Ok(s.to_string())
}

/// A non-negative integer no larger than `max`; empty gives `None`. Excel-JP's currency
/// format is accepted: `¥5,000`, `5,000円` (commas only in groups of three).
pub fn number(s: &str, max: u32) -> Result<Option<u32>, Msg> {
    let raw = s.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let n = normalise(raw);
    let n = n
        .trim_start_matches(['¥', '\u{FFE5}'])
        .trim_end_matches('円')
        .trim();
    let grouped = n.contains(',') && {
        let mut groups = n.trim_start_matches('-').split(',');
        groups.next().is_some_and(|g| (1..=3).contains(&g.len())) && groups.all(|g| g.len() == 3)
    };
    let n: Cow<str> = if grouped {
        Cow::Owned(n.replace(',', ""))
    } else {
        Cow::Borrowed(n)
    };
    match n.parse::<i64>() {
        Ok(n) if n < 0 => Err(Msg::new("import-negative").arg("value", raw)),
        Ok(n) if n > i64::from(max) => Err(Msg::new("import-too-large")
            .arg("value", raw)
            .arg("max", max)),
        Ok(n) => Ok(Some(n as u32)),
        Err(_) => Err(Msg::new("import-not-number").arg("value", raw)),
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
        let w = request_windows(
            "sat; sun 13:00-17:00; 2026-12-12; 2026-12-19 10:00-12:00",
            &mut Notes::new(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(w.len(), 4);
        assert_eq!(request_windows("  ", &mut Notes::new()).unwrap(), None);
        assert!(request_windows("someday", &mut Notes::new()).is_err());
        assert!(request_windows("2026-13-01", &mut Notes::new()).is_err());
    }

    #[test]
    fn text_limits_and_controls() {
        assert_eq!(text(" a b ", 3, false, true).unwrap(), "a b");
        assert!(
            text("", 3, false, true)
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        assert_eq!(text("", 3, false, false).unwrap(), "");
        assert!(
            text("相談相談", 3, false, false)
                .unwrap_err()
                .to_string()
                .contains("longer than 3 characters (4 in all)")
        );
        assert!(
            text("a\u{0}b", 9, false, false)
                .unwrap_err()
                .to_string()
                .contains("U+0000")
        );
        assert!(
            text("a\nb", 9, false, false)
                .unwrap_err()
                .to_string()
                .contains("U+000A")
        );
        assert_eq!(text("a\nb\tc", 9, true, false).unwrap(), "a\nb\tc");
        assert!(text("a\u{1b}[2J", 9, true, false).is_err());
    }

    #[test]
    fn numbers() {
        assert_eq!(number("", 5).unwrap(), None);
        assert_eq!(number("3", 5).unwrap(), Some(3));
        assert!(
            number("-1", 5)
                .unwrap_err()
                .to_string()
                .contains("negative")
        );
        assert!(
            number("99999999999", 5)
                .unwrap_err()
                .to_string()
                .contains("too large")
        );
        assert!(number("x", 5).is_err());
        assert_eq!(
            modes("phone;video;phone").unwrap(),
            vec![Mode::Video, Mode::Phone]
        );
        assert!(modes("").is_err());
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn excel_jp_dates() {
        let want = d(2026, 12, 20);
        for s in [
            "2026-12-20",
            "2026/12/20",
            "2026.12.20",
            "２０２６／１２／２０",
            "2026年12月20日",
            "2026 年 12 月 20 日",
            "2026/12/20(日)",
            "2026年12月20日（日曜日）",
            " 2026/12/20 ",
        ] {
            let mut notes = Notes::new();
            assert_eq!(date_noted(s, &mut notes).unwrap(), want, "{s}");
            assert!(notes.is_empty(), "{s}: {notes:?}");
        }
        for s in [
            "令和8年12月20日",
            "R8.12.20",
            "r8/12/20",
            "㋿8年12月20日",
            "26/12/20",
        ] {
            let mut notes = Notes::new();
            assert_eq!(date_noted(s, &mut notes).unwrap(), want, "{s}");
            assert_eq!(
                notes,
                vec![(s.trim().to_string(), "2026-12-20".to_string())]
            );
        }
        assert_eq!(date("令和元年5月1日").unwrap(), d(2019, 5, 1));
        assert_eq!(date("2026/1/5").unwrap(), d(2026, 1, 5));
        let key = |s: &str| date(s).unwrap_err().key();
        assert_eq!(key("令和元年4月30日"), Some("import-date-before-reiwa"));
        assert_eq!(key("平成31年4月1日"), Some("import-date-era"));
        assert_eq!(key("H31.4.1"), Some("import-date-era"));
        assert_eq!(key("12/01/2026"), Some("import-date-ambiguous"));
        assert_eq!(key("2026/12/20(土)"), Some("import-weekday-mismatch"));
        for bad in [
            "2026/02/30",
            "12/20",
            "tomorrow",
            "2026年13月1日",
            "2026/12/20(x)",
        ] {
            assert_eq!(key(bad), Some("import-not-date"), "{bad}");
        }
    }

    #[test]
    fn excel_jp_times_and_datetimes() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        for (s, want) in [
            ("9:00", t(9, 0)),
            ("09:00", t(9, 0)),
            ("9:00:00", t(9, 0)),
            ("９：３０", t(9, 30)),
            ("9時", t(9, 0)),
            ("13時30分", t(13, 30)),
            ("午後1:00", t(13, 0)),
        ] {
            assert_eq!(time(s, false).unwrap(), (want, false), "{s}");
        }
        assert_eq!(time("24:00", true).unwrap(), (NaiveTime::MIN, true));
        assert!(time("24:00", false).is_err());
        assert_eq!(
            time("9:00:30", false).unwrap_err().key(),
            Some("import-time-seconds")
        );
        assert!(time("9:0", false).is_err());
        let at = d(2026, 10, 1).and_hms_opt(9, 0, 0).unwrap();
        for s in [
            "2026/10/01 9:00",
            "2026/10/1 9:00:00",
            "2026-10-01T09:00",
            "2026-10-01 09:00",
            "2026年10月1日 9時",
            "2026年10月1日(木)9:00",
            "２０２６／１０／０１　９：００",
        ] {
            let mut notes = Notes::new();
            assert_eq!(datetime_noted(s, &mut notes).unwrap(), at, "{s}");
            assert!(notes.is_empty(), "{s}");
        }
        let mut notes = Notes::new();
        assert_eq!(
            datetime_noted("令和8年10月1日 9:00", &mut notes).unwrap(),
            at
        );
        assert_eq!(notes[0].1, "2026-10-01T09:00");
        let mut notes = Notes::new();
        assert_eq!(
            datetime_noted("2026/10/01", &mut notes).unwrap_err().key(),
            Some("import-not-datetime")
        );
    }

    #[test]
    fn excel_jp_weekdays_lists_and_windows() {
        for s in ["土", "土曜", "土曜日", "Sat", "SATURDAY", "sat", "(土)"] {
            assert_eq!(weekday(s), Some(Weekday::Sat), "{s}");
        }
        assert_eq!(weekday("日"), Some(Weekday::Sun));
        assert_eq!(weekday("sa"), None);
        assert_eq!(list("zh；en、vi，ne"), vec!["zh", "en", "vi", "ne"]);
        assert_eq!(
            modes("ビデオ；電話").unwrap(),
            vec![Mode::Video, Mode::Phone]
        );
        let w = weekly("月〜金 9:00〜17:00、土,日 10:00-24:00").unwrap();
        assert_eq!(w.len(), 7);
        assert_eq!(w[5].day, Weekday::Sat);
        assert!(w[6].end_of_day);
        let mut notes = Notes::new();
        let w = request_windows("日；土曜日 13:00～17:00、2026/12/19(土)", &mut notes)
            .unwrap()
            .unwrap();
        assert_eq!(
            w,
            vec![
                RequestWindow::Weekly {
                    day: Weekday::Sun,
                    times: None
                },
                RequestWindow::Weekly {
                    day: Weekday::Sat,
                    times: Some((
                        NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
                        NaiveTime::from_hms_opt(17, 0, 0).unwrap()
                    ))
                },
                RequestWindow::Date {
                    date: d(2026, 12, 19),
                    times: None
                },
            ]
        );
        assert_eq!(number("¥5,000", 10_000).unwrap(), Some(5000));
        assert_eq!(number("１２", 50).unwrap(), Some(12));
        assert_eq!(number("3000円", 10_000).unwrap(), Some(3000));
        assert!(number("5,00", 10_000).is_err());
    }

    proptest::proptest! {
        /// Any date, written in each accepted form, reads back as itself.
        #[test]
        fn every_form_reads_back(days in 0i64..(366 * 30)) {
            let date = d(2019, 5, 1) + chrono::TimeDelta::days(days);
            let (y, m, day) = (date.year(), date.month(), date.day());
            let wd = ["月", "火", "水", "木", "金", "土", "日"]
                [date.weekday().num_days_from_monday() as usize];
            let era = y - 2018;
            let era_year = if era == 1 { "元".to_string() } else { era.to_string() };
            let full: String = format!("{y}/{m:02}/{day:02}")
                .chars()
                .map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap())
                .collect();
            let forms = [
                format!("{y}-{m:02}-{day:02}"),
                format!("{y}/{m}/{day}"),
                format!("{y}.{m}.{day}"),
                format!("{y}{m:02}{day:02}"),
                format!("{y}年{m}月{day}日"),
                format!("{y}/{m}/{day}({wd})"),
                format!("令和{era_year}年{m}月{day}日"),
                format!("R{era}.{m}.{day}"),
                format!("{:02}/{m:02}/{day:02}", y % 100),
                full,
            ];
            for f in &forms {
                proptest::prop_assert_eq!(date_noted(f, &mut Notes::new()).ok(), Some(date), "{}", f);
            }
        }
    }

    /// Every key the import code uses exists in Japanese and English, and the two differ.
    #[test]
    fn every_import_message_is_in_japanese_and_english() {
        use crate::i18n::{self, Lang};
        let sources = [
            include_str!("fields.rs"),
            include_str!("csv_files.rs"),
            include_str!("toml_files.rs"),
            include_str!("error.rs"),
            include_str!("mod.rs"),
        ];
        let mut keys = std::collections::BTreeSet::new();
        for src in sources {
            for part in src.split("Msg::new(\"").skip(1) {
                keys.insert(part.split('"').next().unwrap_or_default().to_string());
            }
        }
        assert!(keys.len() > 30, "{keys:?}");
        for key in keys {
            assert!(i18n::has(Lang::Ja, &key), "{key} missing in ja");
            assert!(i18n::has(Lang::En, &key), "{key} missing in en");
            assert_ne!(
                i18n::message(Lang::Ja, &key, None),
                i18n::message(Lang::En, &key, None),
                "{key}"
            );
        }
    }
}
