//! Time policy: absolute instants, DST gaps and folds in interpreter zones,
//! `max_per_day` by instance-zone date.

use crate::support_alloc::*;
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use soudan::alloc::{Instance, Mode, Reason, time};

fn utc(s: &str) -> i64 {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .unwrap()
        .and_utc()
        .timestamp()
}

#[test]
fn policy_on_instants() {
    let ny: Tz = "America/New_York".parse().unwrap();
    let lis: Tz = "Europe/Lisbon".parse().unwrap();
    // Spring gaps: offset in force before the gap.
    assert_eq!(
        time::instant(ny, "2027-03-14T02:30:00"),
        Some(utc("2027-03-14T07:30:00"))
    );
    assert_eq!(
        time::instant(lis, "2027-03-28T01:30:00"),
        Some(utc("2027-03-28T01:30:00"))
    );
    // Autumn folds: first occurrence.
    assert_eq!(
        time::instant(ny, "2027-11-07T01:30:00"),
        Some(utc("2027-11-07T05:30:00"))
    );
    assert_eq!(
        time::instant(lis, "2027-10-31T01:30:00"),
        Some(utc("2027-10-31T00:30:00"))
    );
    // The independent test implementation agrees.
    for (tz, s) in [
        (ny, "2027-03-14T02:30:00"),
        (lis, "2027-03-28T01:30:00"),
        (ny, "2027-11-07T01:30:00"),
        (lis, "2027-10-31T01:30:00"),
        (ny, "2027-03-15T20:00:00"),
    ] {
        assert_eq!(time::instant(tz, s), Some(to_utc(tz, s)), "{s}");
    }
}

/// One session of `minutes` at `start` (Tokyo), one remote interpreter.
fn remote(month: &str, tz: &str, avail: (&str, &str), sessions: &[(&str, &str)]) -> Instance {
    let mut inst = base();
    inst.month = month.into();
    inst.sessions = sessions
        .iter()
        .enumerate()
        .map(|(k, (a, b))| {
            let mut s = base().sessions[0].clone();
            s.id = format!("s{k}");
            s.start = (*a).into();
            s.end = (*b).into();
            s.slot_minutes = 60;
            s
        })
        .collect();
    inst.interpreters[0].timezone = tz.into();
    inst.interpreters[0].availability = vec![win(avail.0, avail.1)];
    inst.interpreters[0].max_per_day = None;
    inst
}

fn placed_in(inst: &Instance) -> Option<String> {
    let rep = solve_checked(inst);
    rep.solution.assignments.first().map(|a| a.session.clone())
}

#[test]
fn new_york_spring_gap_start() {
    // 02:30 NY on 2027-03-14 does not exist: read as 02:30 EST = 16:30 JST.
    let avail = ("2027-03-14T02:30:00", "2027-03-14T05:00:00"); // end = 09:00Z = 18:00 JST
    let inst = remote(
        "2027-03",
        "America/New_York",
        avail,
        &[("2027-03-14T16:30:00", "2027-03-14T17:30:00")],
    );
    assert_eq!(placed_in(&inst).as_deref(), Some("s0"));
    let inst = remote(
        "2027-03",
        "America/New_York",
        avail,
        &[("2027-03-14T16:00:00", "2027-03-14T17:00:00")],
    );
    assert_eq!(placed_in(&inst), None);
    let rep = solve_checked(&inst);
    assert_eq!(
        rep.solution.unassigned[0].reason,
        Reason::NoInterpreterAvailable
    );
}

#[test]
fn lisbon_spring_gap_start() {
    // 01:30 Lisbon on 2027-03-28 does not exist: read as WET = 01:30Z = 10:30 JST.
    let avail = ("2027-03-28T01:30:00", "2027-03-28T04:00:00"); // 03:00Z = 12:00 JST
    let inst = remote(
        "2027-03",
        "Europe/Lisbon",
        avail,
        &[("2027-03-28T10:30:00", "2027-03-28T11:30:00")],
    );
    assert_eq!(placed_in(&inst).as_deref(), Some("s0"));
    let inst = remote(
        "2027-03",
        "Europe/Lisbon",
        avail,
        &[("2027-03-28T11:00:00", "2027-03-28T12:00:00")],
    );
    assert_eq!(placed_in(&inst).as_deref(), Some("s0"));
    let inst = remote(
        "2027-03",
        "Europe/Lisbon",
        avail,
        &[("2027-03-28T11:30:00", "2027-03-28T12:30:00")],
    );
    assert_eq!(placed_in(&inst), None);
}

#[test]
fn new_york_autumn_fold_start_is_first_occurrence() {
    // 01:30 NY on 2027-11-07 happens twice; the first (EDT) is 05:30Z = 14:30 JST.
    let avail = ("2027-11-07T01:30:00", "2027-11-07T03:00:00"); // EST: 08:00Z = 17:00 JST
    let inst = remote(
        "2027-11",
        "America/New_York",
        avail,
        &[("2027-11-07T14:30:00", "2027-11-07T15:30:00")],
    );
    assert_eq!(placed_in(&inst).as_deref(), Some("s0"));
}

#[test]
fn habitual_hours_shift_against_tokyo_after_dst() {
    // 20:00–23:00 in New York: EST on 03-12 (= 10:00–13:00 JST 03-13),
    // EDT on 03-15 (= 09:00–12:00 JST 03-16).
    let mut inst = remote(
        "2027-03",
        "America/New_York",
        ("2027-03-12T20:00:00", "2027-03-12T23:00:00"),
        &[
            ("2027-03-13T12:00:00", "2027-03-13T13:00:00"),
            ("2027-03-16T12:00:00", "2027-03-16T13:00:00"),
        ],
    );
    inst.interpreters[0]
        .availability
        .push(win("2027-03-15T20:00:00", "2027-03-15T23:00:00"));
    inst.requests.push(req("R-0002", "ne", 10));
    let rep = solve_checked(&inst);
    assert_eq!(rep.solution.assignments.len(), 1);
    assert_eq!(rep.solution.assignments[0].session, "s0");
    // Moving the second session one hour earlier makes it fit.
    inst.sessions[1].start = "2027-03-16T11:00:00".into();
    inst.sessions[1].end = "2027-03-16T12:00:00".into();
    assert_eq!(solve_checked(&inst).solution.assignments.len(), 2);
}

#[test]
fn max_per_day_counts_instance_zone_dates() {
    // One New York working day spans two Tokyo dates.
    let mut inst = remote(
        "2027-03",
        "America/New_York",
        ("2027-03-15T09:00:00", "2027-03-15T21:00:00"), // 22:00 JST 03-15 .. 10:00 JST 03-16
        &[
            ("2027-03-15T22:00:00", "2027-03-15T23:00:00"),
            ("2027-03-16T09:00:00", "2027-03-16T10:00:00"),
        ],
    );
    inst.interpreters[0].max_per_day = Some(1);
    inst.requests.push(req("R-0002", "ne", 10));
    assert_eq!(solve_checked(&inst).solution.assignments.len(), 2);
    // Both sessions on one Tokyo date: only one.
    inst.sessions[0].start = "2027-03-16T08:00:00".into();
    inst.sessions[0].end = "2027-03-16T09:00:00".into();
    assert_eq!(solve_checked(&inst).solution.assignments.len(), 1);
}

#[test]
fn slots_follow_absolute_time_across_instance_zone_gap() {
    // Instance in New York: a session over the spring gap has slots of real
    // length: 01:00 EST .. 04:00 EDT is 2 hours = 2 one-hour slots.
    let mut inst = base();
    inst.timezone = "America/New_York".into();
    inst.month = "2027-03".into();
    inst.sessions[0].start = "2027-03-14T01:00:00".into();
    inst.sessions[0].end = "2027-03-14T04:00:00".into();
    inst.sessions[0].slot_minutes = 60;
    inst.sessions[0].booths = 1;
    inst.interpreters.clear();
    inst.requests = (0..3).map(|k| req(&format!("E{k}"), "en", 1)).collect();
    let rep = solve_checked(&inst);
    assert_eq!(rep.solution.assignments.len(), 2);
    assert_eq!(rep.solution.unassigned.len(), 1);
    let _ = Mode::Video;
}
