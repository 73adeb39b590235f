//! Pure RFC 5545 rendering from a small, neutral calendar model.
//!
//! The feed logic ([`crate::feeds`]) decides *what* goes into a calendar and fills in
//! [`IcsCalendar`]; this module decides *how* it is written. Events are built with the
//! `icalendar` crate, and its output is then repaired where the crate falls short (see
//! `/work/shared/notes/dependencies.md` §4):
//!
//! - text is sanitised first ([`text::sanitize`]): CR and control characters would otherwise
//!   pass through raw;
//! - a VTIMEZONE is generated for every TZID used ([`vtimezone`]) and spliced in before the
//!   first VEVENT (the crate generates none and corrupts a re-serialised one);
//! - every line is unfolded and folded again ([`fold`]), because the crate's last
//!   continuation line can be 76 octets;
//! - free text (names, summaries, descriptions, locations) never goes through the crate: its
//!   line folding looks up each fold point with `chars().nth(..)`, which is quadratic in the
//!   line length (a 3 MB description took minutes). The crate gets a short placeholder
//!   ([`Texts`]); after rendering, each placeholder is replaced by the sanitised, escaped text
//!   in one linear pass, and our own [`fold`] folds the result.
//!
//! Output is deterministic: UID and DTSTAMP are always set (the crate otherwise fills them
//! with a random UUID and the current time), and nothing depends on hash-map order. The same
//! input therefore gives byte-identical output, which strong ETags rely on.

pub mod fold;
pub mod text;
pub mod vtimezone;

use chrono::{DateTime, LocalResult, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::{
    Calendar, CalendarDateTime, Class, Component, Event, EventLike, EventStatus, Property,
};
use std::collections::BTreeMap;

/// PRODID of every calendar soudan writes.
pub const PRODID: &str = "-//soudan//consultation feeds//EN";

/// One calendar (one feed body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsCalendar {
    /// Display name (NAME and X-WR-CALNAME).
    pub name: String,
    /// The zone clients should display the calendar in (X-WR-TIMEZONE).
    pub timezone: Tz,
    /// How often clients should refresh (REFRESH-INTERVAL and X-PUBLISHED-TTL), in minutes.
    pub refresh_minutes: u32,
    /// Write `METHOD:PUBLISH` (what subscription feeds conventionally carry).
    pub method_publish: bool,
    pub events: Vec<IcsEvent>,
}

/// One VEVENT. Times are absolute instants; `tz` only says how to *show* them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    /// Stable identity across renders and moves.
    pub uid: String,
    /// Increases whenever time, place or status changes.
    pub sequence: u32,
    /// DTSTAMP and LAST-MODIFIED (written in UTC).
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The zone DTSTART/DTEND are written in (`TZID=` plus a VTIMEZONE).
    pub tz: Tz,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    pub status: IcsStatus,
    pub categories: Vec<String>,
    /// TRANSP:TRANSPARENT (does not block free/busy), e.g. for session blocks.
    pub transparent: bool,
    /// CLASS:PRIVATE, a hint for clients that share calendars onwards.
    pub private: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IcsStatus {
    Confirmed,
    /// Not final: e.g. a booking being rescheduled (STATUS:TENTATIVE).
    Tentative,
    Cancelled,
}

/// How a zoned instant is written: `TZID=<zone>:<local>` when the local time is
/// unambiguous in that zone, otherwise UTC (`...Z`). An instant inside an autumn fold has a
/// local time that occurs twice; RFC 5545 reads such a time as its first occurrence, which
/// would be wrong for the second, so UTC is the only exact form for those.
pub fn event_time(instant: DateTime<Utc>, tz: Tz) -> CalendarDateTime {
    let local = instant.with_timezone(&tz).naive_local();
    match tz.from_local_datetime(&local) {
        LocalResult::Single(_) => CalendarDateTime::WithTimezone {
            date_time: local,
            tzid: tz.name().to_owned(),
        },
        _ => CalendarDateTime::Utc(instant),
    }
}

fn duration_value(minutes: u32) -> String {
    if minutes > 0 && minutes.is_multiple_of(60) {
        format!("PT{}H", minutes / 60)
    } else {
        format!("PT{}M", minutes.max(1))
    }
}

/// Free text held back from the `icalendar` crate (see the module doc): the crate sees
/// `\u{1}<n>\u{1}`, which sanitised text cannot contain (C0 controls are removed) and which
/// the crate's escaping leaves alone.
#[derive(Default)]
struct Texts(Vec<String>);

impl Texts {
    const MARK: char = '\u{1}';

    /// Placeholder for `value`, which must already be sanitised.
    fn hold(&mut self, value: String) -> String {
        self.0.push(value);
        format!("{m}{}{m}", self.0.len() - 1, m = Self::MARK)
    }

    /// Replaces every placeholder in `rendered` by its text, escaped as RFC 5545 TEXT
    /// (`\\`, `\;`, `\,`, `\n`). One pass over the output.
    fn splice(&self, rendered: &str) -> String {
        let mut out =
            String::with_capacity(rendered.len() + self.0.iter().map(String::len).sum::<usize>());
        let mut rest = rendered;
        while let Some(at) = rest.find(Self::MARK) {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let Some(end) = after.find(Self::MARK) else {
                out.push_str(&rest[at..]);
                return out;
            };
            match after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|n| self.0.get(n))
            {
                Some(value) => escape_text_into(value, &mut out),
                None => out.push_str(&rest[at..at + 1 + end + 1]),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// RFC 5545 §3.3.11 TEXT escaping, the same as the `icalendar` crate's.
fn escape_text_into(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

fn build_event(e: &IcsEvent, texts: &mut Texts) -> Event {
    use text::{sanitize, sanitize_line};
    let mut ev = Event::new();
    ev.uid(&sanitize_line(&e.uid))
        .timestamp(e.stamp)
        .last_modified(e.stamp)
        .sequence(e.sequence)
        .starts(event_time(e.start, e.tz))
        .ends(event_time(e.end, e.tz))
        .summary(&texts.hold(sanitize_line(&e.summary)))
        .status(match e.status {
            IcsStatus::Confirmed => EventStatus::Confirmed,
            IcsStatus::Tentative => EventStatus::Tentative,
            IcsStatus::Cancelled => EventStatus::Cancelled,
        })
        .add_property(
            "TRANSP",
            if e.transparent {
                "TRANSPARENT"
            } else {
                "OPAQUE"
            },
        );
    if !e.description.is_empty() {
        ev.description(&texts.hold(sanitize(&e.description)));
    }
    if let Some(loc) = &e.location {
        ev.location(&texts.hold(sanitize_line(loc)));
    }
    if !e.categories.is_empty() {
        ev.categories(e.categories.iter().map(|c| sanitize_line(c)));
    }
    if e.private {
        ev.class(Class::Private);
    }
    ev.done()
}

/// The zones used by events and the instant range each must cover.
fn zones_used(events: &[IcsEvent]) -> BTreeMap<&'static str, (Tz, DateTime<Utc>, DateTime<Utc>)> {
    let mut zones: BTreeMap<&'static str, (Tz, DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
    for e in events {
        // Only zones actually written as TZID need a definition.
        let uses_tzid = [e.start, e.end]
            .iter()
            .any(|t| matches!(event_time(*t, e.tz), CalendarDateTime::WithTimezone { .. }));
        if !uses_tzid {
            continue;
        }
        let (lo, hi) = (e.start.min(e.end), e.start.max(e.end));
        zones
            .entry(e.tz.name())
            .and_modify(|z| {
                z.1 = z.1.min(lo);
                z.2 = z.2.max(hi);
            })
            .or_insert((e.tz, lo, hi));
    }
    zones
}

/// Renders a complete VCALENDAR: CRLF line endings, lines of at most 75 octets, one
/// VTIMEZONE per TZID used, no BOM. Deterministic.
pub fn render(cal: &IcsCalendar) -> String {
    let mut c = Calendar::empty();
    c.append_property(Property::new("VERSION", "2.0"));
    c.append_property(Property::new("PRODID", PRODID));
    c.append_property(Property::new("CALSCALE", "GREGORIAN"));
    if cal.method_publish {
        c.append_property(Property::new("METHOD", "PUBLISH"));
    }
    let mut texts = Texts::default();
    c.name(&texts.hold(text::sanitize_line(&cal.name)));
    c.timezone(cal.timezone);
    let refresh = duration_value(cal.refresh_minutes);
    c.append_property(
        Property::new("REFRESH-INTERVAL", &refresh)
            .add_parameter("VALUE", "DURATION")
            .done(),
    );
    c.append_property(Property::new("X-PUBLISHED-TTL", &refresh));
    for e in &cal.events {
        c.push(build_event(e, &mut texts));
    }
    let raw = texts.splice(&fold::unfold(&c.to_string()));

    let mut zones = String::new();
    for (tz, first, last) in zones_used(&cal.events).into_values() {
        let (from, to) = vtimezone::window(first, last);
        zones.push_str(&vtimezone::vtimezone(tz, from, to));
    }
    let at = raw
        .find("BEGIN:VEVENT\r\n")
        .or_else(|| raw.rfind("END:VCALENDAR"))
        .unwrap_or(raw.len());
    let mut spliced = String::with_capacity(raw.len() + zones.len());
    spliced.push_str(&raw[..at]);
    spliced.push_str(&zones);
    spliced.push_str(&raw[at..]);
    fold::fold(&spliced)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
            .and_utc()
    }

    fn cal(events: Vec<IcsEvent>) -> IcsCalendar {
        IcsCalendar {
            name: "テスト\r\nfeed".into(),
            timezone: Tz::Asia__Tokyo,
            refresh_minutes: 60,
            method_publish: true,
            events,
        }
    }

    fn event(tz: Tz, start: DateTime<Utc>) -> IcsEvent {
        IcsEvent {
            uid: "b-1@soudan".into(),
            sequence: 2,
            stamp: utc(2026, 11, 1, 0, 0),
            start,
            end: start + chrono::TimeDelta::minutes(45),
            tz,
            summary: format!("相談 {}", "長い件名".repeat(20)),
            description: "line1\r\nline2\u{7}; a, b\\".into(),
            location: Some("Sendai".into()),
            status: IcsStatus::Confirmed,
            categories: vec!["a,b".into()],
            transparent: false,
            private: true,
        }
    }

    #[test]
    fn well_formed_and_deterministic() {
        let c = cal(vec![
            event(Tz::Asia__Tokyo, utc(2026, 12, 12, 4, 0)),
            event(Tz::America__New_York, utc(2027, 3, 13, 4, 0)),
        ]);
        let a = render(&c);
        assert_eq!(a, render(&c));
        assert!(a.starts_with("BEGIN:VCALENDAR\r\n") && a.ends_with("END:VCALENDAR\r\n"));
        for line in a.split_terminator("\r\n") {
            assert!(line.len() <= 75, "{line}");
            assert!(!line.contains('\r') && !line.contains('\n'));
        }
        assert_eq!(a.matches("BEGIN:VTIMEZONE").count(), 2);
        assert!(a.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"));
        assert!(a.contains("DTSTART;TZID=America/New_York:20270312T230000\r\n"));
        let unfolded = fold::unfold(&a);
        assert!(unfolded.contains("DESCRIPTION:line1\\nline2\\; a\\, b\\\\\r\n"));
        let parsed: icalendar::Calendar = a.parse().expect("parses");
        assert_eq!(parsed.events().count(), 2);
    }

    #[test]
    fn fold_instants_are_written_in_utc() {
        // 2026-11-01 01:30 EST (06:30Z) is the second 01:30 in New York.
        let t = utc(2026, 11, 1, 6, 30);
        assert!(matches!(
            event_time(t, Tz::America__New_York),
            CalendarDateTime::Utc(_)
        ));
        let out = render(&cal(vec![IcsEvent {
            end: t + chrono::TimeDelta::minutes(15),
            ..event(Tz::America__New_York, t)
        }]));
        assert!(out.contains("DTSTART:20261101T063000Z\r\n"));
        assert!(!out.contains("BEGIN:VTIMEZONE"));
    }

    /// Guards the linear text path: a long description with every escaped character and
    /// text that looks like a placeholder come back exactly, in lines of at most 75 octets.
    #[test]
    fn long_text_is_spliced_escaped_and_folded() {
        let long = format!("{}\n1\u{1}0\u{1}2", "相談;a,b\\c ".repeat(20_000));
        let out = render(&cal(vec![IcsEvent {
            description: long.clone(),
            summary: "\u{1}0\u{1}".into(),
            ..event(Tz::Asia__Tokyo, utc(2026, 12, 12, 4, 0))
        }]));
        assert!(!out.contains('\u{1}'));
        assert!(out.split_terminator("\r\n").all(|l| l.len() <= 75));
        let parsed: icalendar::Calendar = out.parse().expect("parses");
        let ev = parsed.events().next().expect("one event");
        // Control characters are removed by sanitising, so "\u{1}0\u{1}" is plain "0".
        assert_eq!(
            ev.get_description(),
            Some(long.replace('\u{1}', "").as_str())
        );
        assert_eq!(ev.get_summary(), Some("0"));
    }
}
