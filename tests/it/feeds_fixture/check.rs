//! Checks every feed body must pass, shared by the render, publish and server tests.
//! Events are parsed with the `icalendar` crate; zoned times are turned into instants twice:
//! through the VTIMEZONE in the file (our own small evaluator) and through chrono-tz, and
//! both must agree.

use chrono::{DateTime, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::{CalendarDateTime, Component, DatePerhapsTime};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct ParsedEvent {
    pub uid: String,
    pub sequence: Option<u32>,
    pub status: Option<String>,
    pub summary: String,
    pub description: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub tzid: Option<String>,
}

/// One observance of a VTIMEZONE: from `onset` (UTC) the offset is `to` seconds.
#[derive(Debug, Clone)]
struct Obs {
    onset: NaiveDateTime,
    to: i32,
}

fn parse_offset(s: &str) -> i32 {
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits = &s[1..];
    let h: i32 = digits[0..2].parse().unwrap();
    let m: i32 = digits[2..4].parse().unwrap();
    let sec: i32 = if digits.len() == 6 {
        digits[4..6].parse().unwrap()
    } else {
        0
    };
    sign * (h * 3600 + m * 60 + sec)
}

fn unfold(body: &str) -> String {
    body.replace("\r\n ", "").replace("\r\n\t", "")
}

/// Observances per TZID, from the VTIMEZONEs in the body. A yearly `RRULE`
/// (`FREQ=YEARLY;BYMONTH=m;BYDAY=nDD`, n = 1..4 or -1) is expanded here, independently of
/// the code under test, for 40 years from its DTSTART.
fn vtimezones(body: &str) -> BTreeMap<String, Vec<Obs>> {
    let mut zones: BTreeMap<String, Vec<Obs>> = BTreeMap::new();
    let mut tzid = None;
    let (mut start, mut from, mut to, mut rule) = (None, None, None, None::<String>);
    for line in unfold(body).split("\r\n") {
        if let Some(v) = line.strip_prefix("TZID:") {
            tzid = Some(v.to_owned());
        } else if tzid.is_some() && line.starts_with("DTSTART:") {
            start = Some(NaiveDateTime::parse_from_str(&line[8..], "%Y%m%dT%H%M%S").unwrap());
        } else if let Some(v) = line.strip_prefix("TZOFFSETFROM:") {
            from = Some(parse_offset(v));
        } else if let Some(v) = line.strip_prefix("TZOFFSETTO:") {
            to = Some(parse_offset(v));
        } else if let Some(v) = line.strip_prefix("RRULE:") {
            rule = Some(v.to_owned());
        } else if line == "END:STANDARD" || line == "END:DAYLIGHT" {
            let (s, f, t) = (
                start.take().unwrap(),
                from.take().unwrap(),
                to.take().unwrap(),
            );
            let onsets = match rule.take() {
                None => vec![s],
                Some(r) => expand_yearly(&r, s),
            };
            for local in onsets {
                zones.entry(tzid.clone().unwrap()).or_default().push(Obs {
                    onset: local - TimeDelta::seconds(i64::from(f)),
                    to: t,
                });
            }
        } else if line == "END:VTIMEZONE" {
            tzid = None;
        }
    }
    for obs in zones.values_mut() {
        obs.sort_by_key(|o| o.onset);
    }
    zones
}

/// Local onsets of `FREQ=YEARLY;BYMONTH=m;BYDAY=nDD` from `start` (its first onset).
fn expand_yearly(rule: &str, start: NaiveDateTime) -> Vec<NaiveDateTime> {
    use chrono::{Datelike, NaiveDate, Weekday};
    let parts: BTreeMap<&str, &str> = rule
        .split(';')
        .map(|p| p.split_once('=').expect("RRULE part"))
        .collect();
    assert_eq!(parts.get("FREQ"), Some(&"YEARLY"), "{rule}");
    assert_eq!(parts.len(), 3, "only FREQ, BYMONTH, BYDAY expected: {rule}");
    let month: u32 = parts["BYMONTH"].parse().unwrap();
    let byday = parts["BYDAY"];
    let (n, day) = byday.split_at(byday.len() - 2);
    let n: i32 = n.parse().unwrap();
    let weekday = match day {
        "SU" => Weekday::Sun,
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        other => panic!("BYDAY {other}"),
    };
    let mut out = Vec::new();
    for y in start.year()..start.year() + 40 {
        let days: Vec<NaiveDate> = (1..=31)
            .filter_map(|d| NaiveDate::from_ymd_opt(y, month, d))
            .filter(|d| d.weekday() == weekday)
            .collect();
        let date = if n > 0 {
            days[(n - 1) as usize]
        } else {
            days[days.len() - 1]
        };
        let onset = date.and_time(start.time());
        if onset >= start {
            out.push(onset);
        }
    }
    assert_eq!(
        out.first(),
        Some(&start),
        "DTSTART is the rule's first onset: {rule}"
    );
    out
}

fn offset_at(obs: &[Obs], utc: NaiveDateTime) -> Option<i32> {
    obs.iter().rev().find(|o| o.onset <= utc).map(|o| o.to)
}

/// The instant a local time denotes according to the file's VTIMEZONE (earliest match).
fn local_to_utc(obs: &[Obs], local: NaiveDateTime) -> Option<NaiveDateTime> {
    let mut found = None;
    for (i, o) in obs.iter().enumerate() {
        let t = local - TimeDelta::seconds(i64::from(o.to));
        let next = obs.get(i + 1).map(|n| n.onset);
        if o.onset <= t && next.is_none_or(|n| t < n) {
            found = Some(found.map_or(t, |f: NaiveDateTime| f.min(t)));
        }
    }
    found
}

/// RFC 5545 shape: CRLF only, no bare CR/LF, lines of at most 75 octets, no BOM, one
/// VCALENDAR, every TZID defined by a VTIMEZONE, no floating DTSTART/DTEND.
pub fn check_structure(body: &str) {
    assert!(!body.starts_with('\u{feff}'), "BOM");
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"), "start");
    assert!(body.ends_with("END:VCALENDAR\r\n"), "end");
    assert_eq!(body.matches("BEGIN:VCALENDAR").count(), 1);
    let bytes = body.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}");
        }
        if *b == b'\n' {
            assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at {i}");
        }
    }
    for line in body.split_terminator("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
        assert!(!line.is_empty());
    }
    let zones = vtimezones(body);
    let mut in_vtimezone = false;
    for line in unfold(body).split("\r\n") {
        match line {
            "BEGIN:VTIMEZONE" => in_vtimezone = true,
            "END:VTIMEZONE" => in_vtimezone = false,
            _ => {}
        }
        let is_time = line.starts_with("DTSTART") || line.starts_with("DTEND");
        if !is_time || in_vtimezone {
            continue;
        }
        if let Some(p) = line.find("TZID=") {
            let tzid = &line[p + 5..line.find(':').unwrap()];
            assert!(zones.contains_key(tzid), "no VTIMEZONE for {tzid}");
        } else {
            assert!(line.ends_with('Z'), "floating time: {line}");
        }
    }
}

/// Parses the events with the `icalendar` crate and resolves their times to instants,
/// checking the file's VTIMEZONE against chrono-tz on the way.
pub fn parse_events(body: &str) -> Vec<ParsedEvent> {
    check_structure(body);
    let zones = vtimezones(body);
    let cal: icalendar::Calendar = body.parse().expect("icalendar parses the feed");
    let resolve = |dt: DatePerhapsTime| -> (DateTime<Utc>, Option<String>) {
        match dt {
            DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => (t, None),
            DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
                let obs = zones.get(&tzid).expect("VTIMEZONE for TZID");
                let via_file = local_to_utc(obs, date_time)
                    .expect("local time covered")
                    .and_utc();
                let tz: Tz = tzid.parse().expect("IANA name");
                let via_tz = tz
                    .from_local_datetime(&date_time)
                    .single()
                    .expect("unambiguous");
                assert_eq!(
                    via_file, via_tz,
                    "VTIMEZONE and chrono-tz disagree for {tzid} {date_time}"
                );
                let file_offset = offset_at(obs, via_file.naive_utc()).unwrap();
                let tz_offset = tz
                    .offset_from_utc_datetime(&via_file.naive_utc())
                    .fix()
                    .local_minus_utc();
                assert_eq!(file_offset, tz_offset, "offset of {tzid} at {via_file}");
                (via_file, Some(tzid))
            }
            other => panic!("floating or all-day time: {other:?}"),
        }
    };
    cal.events()
        .map(|e| {
            let (start, tzid) = resolve(e.get_start().expect("DTSTART"));
            let (end, _) = resolve(e.get_end().expect("DTEND"));
            ParsedEvent {
                uid: e.get_uid().expect("UID").to_owned(),
                sequence: e.get_sequence(),
                status: e.property_value("STATUS").map(str::to_owned),
                summary: e.get_summary().unwrap_or_default().to_owned(),
                description: e.get_description().unwrap_or_default().to_owned(),
                start,
                end,
                tzid,
            }
        })
        .collect()
}
