//! Property tests for the ICS writer: whatever text coordinators and residents type
//! (control characters, CR, long lines, any script), the output is valid RFC 5545 shape and
//! the `icalendar` parser reads back exactly the sanitised text.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use icalendar::{Component, EventLike};
use proptest::prelude::*;
use soudan::ics::{self, IcsCalendar, IcsEvent, IcsStatus, text};

fn calendar(
    summary: &str,
    description: &str,
    location: &str,
    start: DateTime<Utc>,
    tz: Tz,
) -> IcsCalendar {
    IcsCalendar {
        name: summary.to_owned(),
        timezone: tz,
        refresh_minutes: 60,
        method_publish: true,
        events: vec![IcsEvent {
            uid: format!("{summary}@x"),
            sequence: 0,
            stamp: start,
            start,
            end: start + TimeDelta::minutes(45),
            tz,
            summary: summary.to_owned(),
            description: description.to_owned(),
            location: Some(location.to_owned()),
            status: IcsStatus::Confirmed,
            categories: vec![location.to_owned()],
            transparent: false,
            private: false,
        }],
    }
}

fn tricky_text() -> impl Strategy<Value = String> {
    // Mostly printable with plenty of escapes, breaks, controls and multi-byte characters.
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            2 => Just('相'),
            1 => Just('😀'),
            1 => Just('é'),
            1 => prop_oneof![Just(','), Just(';'), Just('\\'), Just(':'), Just('"')],
            1 => prop_oneof![Just('\r'), Just('\n'), Just('\t'), Just('\u{0}'), Just('\u{7}'), Just('\u{7f}')],
            1 => Just(' '),
        ],
        0..300,
    )
    .prop_map(|v| v.into_iter().collect())
}

const ZONES: [Tz; 5] = [
    Tz::Asia__Tokyo,
    Tz::America__New_York,
    Tz::Europe__Lisbon,
    Tz::America__Sao_Paulo,
    Tz::Australia__Lord_Howe,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn any_text_renders_valid_and_round_trips(
        summary in tricky_text(),
        description in tricky_text(),
        location in tricky_text(),
        minutes in 0i64..(3 * 366 * 24 * 60),
        zone in 0usize..ZONES.len(),
    ) {
        let start = "2026-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap()
            + TimeDelta::minutes(minutes / 15 * 15);
        let tz = ZONES[zone];
        let body = ics::render(&calendar(&summary, &description, &location, start, tz));
        let bytes = body.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\r' { prop_assert_eq!(bytes.get(i + 1), Some(&b'\n')); }
            if *b == b'\n' { prop_assert!(i > 0 && bytes[i - 1] == b'\r'); }
            prop_assert!(*b >= 0x20 || *b == b'\r' || *b == b'\n' || *b == b'\t', "control byte {b}");
        }
        for line in body.split_terminator("\r\n") {
            prop_assert!(line.len() <= 75);
        }
        let cal: icalendar::Calendar = body.parse().unwrap();
        let ev = cal.events().next().unwrap();
        let want_summary = text::sanitize_line(&summary);
        let want_description = text::sanitize(&description);
        prop_assert_eq!(ev.get_summary().unwrap_or_default(), want_summary.as_str());
        if !want_description.is_empty() {
            prop_assert_eq!(ev.get_description().unwrap_or_default(), want_description.as_str());
        }
        prop_assert_eq!(ev.get_location().unwrap_or_default(), text::sanitize_line(&location));
        // The written time is the same instant.
        let written = match ev.get_start().unwrap() {
            icalendar::DatePerhapsTime::DateTime(dt) => dt.try_into_utc(),
            _ => None,
        };
        prop_assert_eq!(written, Some(start));
        prop_assert_eq!(ics::render(&calendar(&summary, &description, &location, start, tz)), body);
    }
}
