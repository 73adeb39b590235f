//! The Sendai sample, compiled into the binary so `soudan demo` works from any directory.
//!
//! The same files live in `fixtures/sendai/`, where coordinators can read and copy them.

use crate::import::{self, Dataset, ImportErrors};
use crate::model::Month;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// The month the sample's dates are written for (its center.toml's `reference_month`).
pub const REFERENCE_MONTH: Month = Month {
    year: 2026,
    month: 12,
};

const FILES: [(&str, &str); 4] = [
    (
        import::CENTER_FILE,
        include_str!("../fixtures/sendai/center.toml"),
    ),
    (
        import::AGENCIES_FILE,
        include_str!("../fixtures/sendai/agencies.toml"),
    ),
    (
        import::INTERPRETERS_FILE,
        include_str!("../fixtures/sendai/interpreters.csv"),
    ),
    (
        import::REQUESTS_FILE,
        include_str!("../fixtures/sendai/requests.csv"),
    ),
];

/// The sample with its dates moved to `month`.
pub fn load(month: Month) -> Result<Dataset, ImportErrors> {
    import::load(
        "sample/",
        |name| {
            FILES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| text.as_bytes().to_vec())
                .ok_or_else(|| format!("{name} is not part of the built-in sample"))
        },
        Some(month),
    )
}

/// The lines of center.toml that make the sample a sample: the `reference_month` and the
/// comment explaining it. [`folder`] leaves them out.
const REFERENCE_LINES: [&str; 3] = [
    "# Absolute dates in this sample folder are written for the reference month below and are",
    "# shifted by whole weeks to the month being scheduled (see docs/data-format.md).",
    "reference_month = \"2026-12\"",
];

/// Columns holding dates the sample shift moves (see [`crate::import::load`]).
const INTERPRETER_DATE_COLUMNS: [&str; 2] = ["dates_off", "extra_windows"];
const REQUEST_DATE_COLUMNS: [&str; 3] = ["received", "deadline", "windows"];

/// The sample as a coordinator's own folder for `month` (`soudan init`): its four files with
/// the dates the sample shift would move already moved (by the same whole weeks,
/// [`import::shift_days`]) and without `reference_month`, so they are read as written and
/// importing them gives what importing the sample for `month` gives. Closed days and
/// cancelled sessions keep their dates, as the shift does. `header` (a comment, one line per
/// line, without `#`) is put at the top of each file. The CSV files get a byte-order mark, so
/// Japanese Excel opens them as UTF-8.
/// `now` is the clock of the command: no request is received after it ([`weeks_back`]).
pub fn folder(
    month: Month,
    header: &str,
    now: DateTime<Utc>,
) -> Result<Vec<(&'static str, Vec<u8>)>, csv::Error> {
    let days = import::shift_days(REFERENCE_MONTH, month);
    let back = load(month).map_or(0, |data| 7 * weeks_back(&data, now));
    let comment: String = header.lines().map(|l| format!("# {l}\n")).collect();
    let mut out = Vec::new();
    for (name, text) in FILES {
        let bytes = match name {
            import::CENTER_FILE => {
                let kept: Vec<&str> = text
                    .lines()
                    .filter(|l| !REFERENCE_LINES.contains(l))
                    .collect();
                format!("{comment}{}\n", kept.join("\n")).into_bytes()
            }
            import::AGENCIES_FILE => {
                let lines: Vec<String> = text.lines().map(|l| agencies_line(l, days)).collect();
                format!("{comment}{}\n", lines.join("\n")).into_bytes()
            }
            import::INTERPRETERS_FILE => csv_shifted(text, &INTERPRETER_DATE_COLUMNS, days, 0)?,
            _ => csv_shifted(text, &REQUEST_DATE_COLUMNS, days, back)?,
        };
        out.push((name, bytes));
    }
    Ok(out)
}

/// A line of agencies.toml with its one-off session dates moved: comments and `cancelled`
/// (days the agency cannot come, real dates) stay as they are.
fn agencies_line(line: &str, days: i64) -> String {
    let code = line.split(" #").next().unwrap_or(line);
    let trimmed = code.trim_start();
    if trimmed.starts_with('#') || trimmed.starts_with("cancelled") {
        return line.to_string();
    }
    format!("{}{}", shift_dates(code, days), &line[code.len()..])
}

/// The sample for `month` with its requests' received dates moved back by whole weeks
/// ([`weeks_back`]) so that none is after `now`: shifted to a month ahead, the sample's
/// requests of the month before would otherwise be "received" in the future (`soudan demo`
/// in December for January). Whole weeks keep each request's weekday and time, and the
/// order and spacing of the intake.
pub fn load_at(month: Month, now: DateTime<Utc>) -> Result<Dataset, ImportErrors> {
    let mut data = load(month)?;
    let back = TimeDelta::weeks(weeks_back(&data, now));
    for r in &mut data.requests {
        r.received -= back;
    }
    Ok(data)
}

/// How many whole weeks the latest received date of `data` must move back to be at or
/// before `now` on the center's clock (0 when none is after it).
pub fn weeks_back(data: &Dataset, now: DateTime<Utc>) -> i64 {
    let Ok(tz) = crate::model::parse_tz(&data.center.timezone) else {
        return 0;
    };
    let local = now.with_timezone(&tz).naive_local();
    match data.requests.iter().map(|r| r.received).max() {
        Some(latest) if latest > local => {
            let over = (latest - local).num_minutes();
            let week = 7 * 24 * 60;
            (over + week - 1) / week
        }
        _ => 0,
    }
}

/// A CSV file with the dates of `columns` moved by `days` (`received` by `days - back`), as
/// UTF-8 with a byte-order mark.
fn csv_shifted(text: &str, columns: &[&str], days: i64, back: i64) -> Result<Vec<u8>, csv::Error> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers()?.clone();
    let shifted: Vec<Option<i64>> = headers
        .iter()
        .map(|h| {
            columns
                .contains(&h)
                .then_some(if h == "received" { days - back } else { days })
        })
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(&headers)?;
    for record in reader.records() {
        let record = record?;
        let cells: Vec<String> = record
            .iter()
            .zip(&shifted)
            .map(|(cell, moved)| match moved {
                Some(d) => shift_dates(cell, *d),
                None => cell.to_string(),
            })
            .collect();
        writer.write_record(&cells)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// `s` with every ISO date (`2026-12-12`, not part of a longer number) moved by `days`.
fn shift_dates(s: &str, days: i64) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let candidate = s.get(i..i + 10).filter(|c| {
            let b = c.as_bytes();
            b.iter().enumerate().all(|(k, ch)| {
                if k == 4 || k == 7 {
                    *ch == b'-'
                } else {
                    ch.is_ascii_digit()
                }
            })
        });
        let bounded = (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 10).is_none_or(|b| !b.is_ascii_digit());
        if let Some(date) = candidate
            .filter(|_| bounded)
            .and_then(|c| c.parse::<NaiveDate>().ok())
            .and_then(|d| d.checked_add_signed(TimeDelta::days(days)))
        {
            out.push_str(&date.format("%Y-%m-%d").to_string());
            i += 10;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or_default();
        out.push(c);
        i += c.len_utf8().max(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_month_is_center_tomls() {
        let center = FILES[0].1;
        assert!(center.contains(&format!("reference_month = \"{REFERENCE_MONTH}\"")));
        for l in REFERENCE_LINES {
            assert!(center.lines().any(|x| x == l), "{l}");
        }
    }

    #[test]
    fn iso_dates_move_and_nothing_else() {
        assert_eq!(
            shift_dates("2026-12-12 13:00-16:00; sat; 2026-12-31T09:00", 28),
            "2027-01-09 13:00-16:00; sat; 2027-01-28T09:00"
        );
        assert_eq!(shift_dates("090-0000-0101", 28), "090-0000-0101");
        assert_eq!(shift_dates("12026-12-12", 28), "12026-12-12");
        assert_eq!(shift_dates("在留 2026-02-30", 7), "在留 2026-02-30");
    }

    /// `soudan demo` / `init` in December for January: the sample's intake moved to the
    /// month before January ends after "now"; moved back by whole weeks, nothing is received
    /// after the clock, order, weekday and time of day kept; a clock after all of it moves
    /// nothing.
    #[test]
    fn no_sample_request_is_received_after_the_clock() {
        let month: Month = "2027-01".parse().unwrap();
        let now: DateTime<Utc> = "2026-12-07T23:15:00Z".parse().unwrap();
        let as_shifted = load(month).unwrap();
        let local = now
            .with_timezone(&crate::model::parse_tz("Asia/Tokyo").unwrap())
            .naive_local();
        assert!(
            as_shifted.requests.iter().any(|r| r.received > local),
            "the shift alone puts some in the future"
        );
        let data = load_at(month, now).unwrap();
        assert!(data.requests.iter().all(|r| r.received <= local));
        let latest = data.requests.iter().map(|r| r.received).max().unwrap();
        assert!(
            local - latest < TimeDelta::weeks(1),
            "moved no more than needed"
        );
        for (a, b) in as_shifted.requests.iter().zip(&data.requests) {
            let moved = a.received - b.received;
            assert_eq!(moved.num_seconds() % (7 * 86_400), 0);
            assert_eq!(
                moved,
                as_shifted.requests[0].received - data.requests[0].received
            );
        }
        let later: DateTime<Utc> = "2027-03-01T00:00:00Z".parse().unwrap();
        assert_eq!(weeks_back(&as_shifted, later), 0);
        assert_eq!(load_at(month, later).unwrap().requests, as_shifted.requests);
    }

    /// The folder `soudan init` writes means what the sample means for that month, read
    /// without any shift, and keeps no `reference_month`.
    #[test]
    fn the_init_folder_is_the_sample_for_its_month() {
        for month in ["2027-01", "2026-12", "2027-06", "2026-03"] {
            let month: Month = month.parse().unwrap();
            // Ten days before the month, as a coordinator prepares it: the sample's latest
            // requests would be received after that.
            let now = (month.first_day() - TimeDelta::days(10))
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc();
            let files = folder(month, "header line\nsecond", now).unwrap();
            let center = String::from_utf8(files[0].1.clone()).unwrap();
            assert!(center.starts_with("# header line\n# second\n"), "{center}");
            assert!(!center.contains("reference_month"), "{center}");
            let read = import::load(
                "init/",
                |name| {
                    files
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, b)| b.clone())
                        .ok_or_else(|| name.to_string())
                },
                Some(month),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            let sample = load_at(month, now).unwrap();
            assert!(weeks_back(&load(month).unwrap(), now) > 0, "{month}");
            assert_eq!(read.shifted_days, 0);
            assert!(read.reference_month.is_none());
            assert_eq!(read.center, sample.center);
            assert_eq!(read.agencies, sample.agencies, "{month}");
            assert_eq!(read.interpreters, sample.interpreters, "{month}");
            assert_eq!(read.requests, sample.requests, "{month}");
            assert_eq!(read.weights, sample.weights);
            assert_eq!(read.lead_days, sample.lead_days);
            assert_eq!(read.center_info, sample.center_info);
            assert_eq!(read.language, sample.language);
        }
    }

    /// Closed days are calendar days: the bar's session cancelled for the year-end closure
    /// stays on 2026-12-29 in any month (it moved to 2027-01-26 and cancelled a real one).
    #[test]
    fn cancelled_sessions_and_closed_days_keep_their_dates() {
        let january = load("2027-01".parse().unwrap()).unwrap();
        assert_eq!(january.shifted_days, 28);
        let bar = january.agencies.iter().find(|a| a.id == "bar").unwrap();
        assert_eq!(bar.cancelled, ["2026-12-29".parse::<NaiveDate>().unwrap()]);
        let labour = january.agencies.iter().find(|a| a.id == "labour").unwrap();
        assert_eq!(
            labour.extras[0].date,
            "2027-01-07".parse::<NaiveDate>().unwrap()
        );
        assert!(january.center.closed.year_end.is_some());
        let names: Vec<&str> = january.shifted.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(
            names,
            [
                "sample/agencies.toml",
                "sample/interpreters.csv",
                "sample/requests.csv"
            ]
        );
        assert_eq!(january.shifted[2].rows, 80);
    }
}
