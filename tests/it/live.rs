//! The whole loop with real processes: `soudan serve` runs while coordinators import,
//! allocate, cancel and rotate secrets; the feeds follow within seconds, parsed with a real
//! iCalendar parser. Loopback only.

use icalendar::{Calendar, CalendarComponent, Component};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::http::serve;
use crate::common::{ok as soudan, tiny};

/// GET over loopback: (status, headers lowercased, body).
fn get(port: u16, path: &str, headers: &[(&str, &str)]) -> (u16, BTreeMap<String, String>, String) {
    let a = crate::common::http::get(port, path, headers);
    let text = a.text();
    (a.status, a.headers.into_iter().collect(), text)
}

/// UID → (SEQUENCE, SUMMARY) of every event in a feed, parsed with the icalendar crate.
fn events(body: &str) -> BTreeMap<String, (u32, String)> {
    let cal: Calendar = body.parse().expect("the feed parses");
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .filter(|e| e.get_uid().is_some_and(|u| u.starts_with("B-")))
        .map(|e| {
            (
                e.get_uid().unwrap().to_string(),
                (
                    e.get_sequence().unwrap_or(0),
                    e.get_summary().unwrap_or("").to_string(),
                ),
            )
        })
        .collect()
}

/// Polls `path` until `pred` holds on its body (the server picks snapshots up within ~1 s).
fn eventually(port: u16, path: &str, pred: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, _, body) = get(port, path, &[]);
        if status == 200 && pred(&body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "feed did not change:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn feed_paths(db: &Path) -> BTreeMap<(String, String), String> {
    soudan(db, &["feeds", "list", "--base-url", "http://x"])
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let (kind, id, url) = (parts.next()?, parts.next()?, parts.next()?);
            let path = url.strip_prefix("http://x")?;
            Some(((kind.to_string(), id.to_string()), path.to_string()))
        })
        .collect()
}

#[test]
fn feeds_follow_the_coordinators_work_while_the_server_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    soudan(&db, &["import", tiny().to_str().unwrap()]);
    let server = serve(&db);
    let paths = feed_paths(&db);
    for path in paths.values() {
        let secret = path.rsplit('/').next().unwrap().trim_end_matches(".ics");
        for line in &server.printed {
            assert!(
                !line.contains(secret),
                "the server printed a secret: {line}"
            );
        }
    }
    let coord = paths[&("coordinator".to_string(), "center".to_string())].clone();
    let immigration = paths[&("agency".to_string(), "immigration".to_string())].clone();

    // Before any allocation: valid, empty calendars.
    let body = eventually(server.port, &coord, |b| b.contains("BEGIN:VCALENDAR"));
    assert!(events(&body).is_empty());

    // Allocate while the server runs: no lock errors, bookings appear.
    soudan(&db, &["allocate", "--month", "2026-12"]);
    let body = eventually(server.port, &coord, |b| events(b).len() >= 3);
    let first = events(&body);
    assert!(first.values().all(|(seq, _)| *seq == 0), "{first:?}");

    // The same ETag now answers 304; an old one gets the new body.
    let (_, headers, _) = get(server.port, &coord, &[]);
    let etag = headers["etag"].clone();
    let (status, _, body304) = get(server.port, &coord, &[("If-None-Match", &etag)]);
    assert_eq!((status, body304.as_str()), (304, ""));

    // A resident cancels: the booking leaves every feed; nothing else changes.
    let store = soudan::store::Store::open(&db, "test").unwrap();
    let victim = store
        .bookings()
        .unwrap()
        .into_iter()
        .find(|b| b.request == "R-0002")
        .expect("R-0002 booked");
    drop(store);
    soudan(&db, &["request", "cancel", "R-0002"]);
    let uid = format!("{}.coordinator@soudan", victim.number);
    let body = eventually(server.port, &coord, |b| !events(b).contains_key(&uid));
    let after = events(&body);
    for (u, v) in &after {
        assert_eq!(
            first.get(u),
            Some(v),
            "{u} changed though only {uid} was cancelled"
        );
    }
    let (status, _, _) = get(server.port, &coord, &[("If-None-Match", &etag)]);
    assert_eq!(status, 200, "a stale ETag must not get 304 after a change");
    let agency_uid = format!("{}.agency@soudan", victim.number);
    eventually(server.port, &immigration, |b| {
        !events(b).contains_key(&agency_uid)
    });

    // A new request and an allocation while serving: it appears with a new UID.
    soudan(
        &db,
        &[
            "request",
            "add",
            "--language",
            "en",
            "--topic",
            "residence",
            "--nationality",
            "US",
        ],
    );
    soudan(&db, &["allocate", "--month", "2026-12"]);
    let body = eventually(server.port, &coord, |b| events(b).len() > after.len());
    for (u, v) in &after {
        assert_eq!(
            events(&body).get(u),
            Some(v),
            "{u} moved in an incremental allocation"
        );
    }

    // Rotating a secret: the old URL stops working, the new one works.
    let out = soudan(
        &db,
        &[
            "feeds",
            "rotate",
            "agency",
            "immigration",
            "--base-url",
            "http://x",
        ],
    );
    let new_path = out
        .lines()
        .find_map(|l| l.strip_prefix("http://x"))
        .unwrap()
        .to_string();
    assert_ne!(new_path, immigration);
    eventually(server.port, &new_path, |b| b.contains("BEGIN:VCALENDAR"));
    let (status, _, _) = get(server.port, &immigration, &[]);
    assert_eq!(status, 404);

    // The same 404 for an unknown feed, and health is reported.
    let (status, _, _) = get(
        server.port,
        "/feeds/agency/embassy/00000000000000000000000000000000.ics",
        &[],
    );
    assert_eq!(status, 404);
    let (status, _, health) = get(server.port, "/healthz", &[]);
    assert_eq!(status, 200, "{health}");
}

#[test]
fn ics_command_prints_a_parseable_feed_without_personal_data() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    soudan(&db, &["import", tiny().to_str().unwrap()]);
    soudan(&db, &["allocate", "--month", "2026-12"]);
    for (kind, id) in [
        ("agency", "immigration"),
        ("interpreter", "remote-ne-01"),
        ("coordinator", "center"),
    ] {
        let body = soudan(&db, &["ics", "--feed", kind, id]);
        assert!(
            !events(&body).is_empty() || kind == "interpreter",
            "{kind} {id}:\n{body}"
        );
        for secret in ["Test Gurung", "090-0000-0002", "Test Li"] {
            assert!(!body.contains(secret), "{kind} {id} leaks {secret}");
        }
    }
    let en = soudan(
        &db,
        &["ics", "--feed", "agency", "immigration", "--lang", "en"],
    );
    assert!(en.contains("Booking"), "{en}");
}

#[test]
fn cancelled_bookings_stay_as_cancelled_only_where_a_feed_opted_in() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("soudan.db");
    soudan(&db, &["import", tiny().to_str().unwrap()]);
    soudan(&db, &["allocate", "--month", "2026-12"]);
    let store = soudan::store::Store::open(&db, "test").unwrap();
    let b = store
        .bookings()
        .unwrap()
        .into_iter()
        .find(|b| b.request == "R-0002")
        .expect("R-0002 booked");
    drop(store);
    soudan(
        &db,
        &[
            "feeds",
            "set",
            "agency",
            "immigration",
            "--show-cancelled",
            "true",
        ],
    );
    soudan(&db, &["request", "cancel", "R-0002"]);
    let agency = soudan(&db, &["ics", "--feed", "agency", "immigration"]);
    let cal: Calendar = agency.parse().unwrap();
    let event = cal
        .components
        .iter()
        .find_map(|c| match c {
            CalendarComponent::Event(e)
                if e.get_uid() == Some(&format!("{}.agency@soudan", b.number)) =>
            {
                Some(e.clone())
            }
            _ => None,
        })
        .expect("the opted-in feed keeps the cancelled booking");
    assert_eq!(event.get_sequence(), Some(b.sequence + 1));
    assert!(agency.contains("STATUS:CANCELLED"));
    let coordinator = soudan(&db, &["ics", "--feed", "coordinator", "center"]);
    assert!(!events(&coordinator).contains_key(&format!("{}.coordinator@soudan", b.number)));
    // Personal details: only where agencies.toml turns them on, following every import.
    assert!(!agency.contains("Test Li"));
    let folder = crate::common::copy_folder(&tiny(), &tmp.path().join("folder"));
    let agencies = std::fs::read_to_string(folder.join("agencies.toml"))
        .unwrap()
        .replacen(
            "languages = [\"ja\", \"en\"]",
            "languages = [\"ja\", \"en\"]\nshow_personal_details = true",
            1,
        );
    std::fs::write(folder.join("agencies.toml"), agencies).unwrap();
    soudan(&db, &["import", folder.to_str().unwrap()]);
    let agency = soudan(&db, &["ics", "--feed", "agency", "immigration"]);
    assert!(agency.contains("Test Li"), "{agency}");
    let labour = soudan(&db, &["ics", "--feed", "agency", "labour"]);
    assert!(!labour.contains("Test Yamada"), "{labour}");
}
