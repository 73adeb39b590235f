//! Exchange format: parsing, validation errors, round trips.

use crate::support_alloc::*;
use soudan::alloc::{InstanceError, Mode, parse_instance, parse_solution, solve};

const EXAMPLE: &str = r#"{
  "format": "soudan-instance/1",
  "month": "2026-12",
  "timezone": "Asia/Tokyo",
  "center_languages": ["ja"],
  "agencies": [{"id": "immigration", "topics": ["residence"], "languages": ["ja", "en"]}],
  "sessions": [{"id": "immigration-2026-12-12", "agency": "immigration",
                "start": "2026-12-12T13:00:00", "end": "2026-12-12T16:00:00",
                "slot_minutes": 45, "booths": 2, "modes": ["in_person", "video", "phone"]}],
  "interpreters": [{"id": "ne-01", "languages": ["ne", "hi"], "modes": ["video", "phone"],
                    "timezone": "Asia/Kathmandu",
                    "availability": [{"start": "2026-12-12T09:00:00", "end": "2026-12-12T12:30:00"}],
                    "max_per_day": 4, "cost": {"in_person": 3, "video": 2, "phone": 1}}],
  "requests": [{"id": "R-0001", "language": "ne", "topic": "residence", "agency": null,
                "modes": ["in_person", "video", "phone"], "windows": null,
                "deadline": "2026-12-20T00:00:00", "weight": 10}],
  "pinned": [{"request": "R-0001", "session": "immigration-2026-12-12", "slot": 0,
              "interpreter": "ne-01", "mode": "video"}]
}"#;

#[test]
fn example_parses_solves_and_round_trips() {
    let inst = parse_instance(EXAMPLE).expect("example is valid");
    let rep = solve_checked(&inst);
    // The pin is binding: 13:00 JST = 09:15 in Kathmandu, inside 09:00–12:30.
    assert!(rep.pins_not_binding.is_empty());
    assert_eq!(rep.solution.assignments, inst.pinned);
    assert_eq!(rep.solution.objective.weight, 10);
    assert_eq!(rep.solution.objective.cost, 2);
    let again = parse_instance(&inst.to_json()).unwrap();
    assert_eq!(again, inst);
    let sol = parse_solution(&rep.solution.to_json()).unwrap();
    assert_eq!(sol, rep.solution);
    let v: serde_json::Value = serde_json::from_str(&rep.solution.to_json()).unwrap();
    assert_eq!(v["format"], "soudan-solution/1");
    assert_eq!(v["assignments"][0]["mode"], "video");
    assert_eq!(v["objective"]["weight"], 10);
}

#[test]
fn solution_json_shape_for_unassigned() {
    let mut inst = base();
    inst.requests = vec![req("R-0002", "km", 3)];
    let rep = solve_checked(&inst);
    let v: serde_json::Value = serde_json::from_str(&rep.solution.to_json()).unwrap();
    assert_eq!(v["unassigned"][0]["request"], "R-0002");
    assert_eq!(v["unassigned"][0]["reason"], "no_interpreter_for_language");
    assert_eq!(v["objective"]["cost"], 0);
}

#[test]
fn syntax_error_has_line_and_column() {
    let err = parse_instance("{\n  \"format\": \"soudan-instance/1\",\n  oops\n}").unwrap_err();
    match err {
        InstanceError::Json { line, column, .. } => {
            assert_eq!(line, 3);
            assert!(column > 0);
        }
        e => panic!("unexpected {e:?}"),
    }
}

#[test]
fn malformed_inputs_are_errors_not_panics() {
    for text in [
        "",
        "null",
        "[]",
        "{}",
        "{\"format\": 1}",
        &EXAMPLE.replace("\"weight\": 10", "\"weight\": 1e400"),
        &EXAMPLE.replace("\"weight\": 10", "\"weight\": 99999999999999999999999"),
        &EXAMPLE.replace("\"booths\": 2", "\"booths\": -1"),
        &EXAMPLE.replace("\"video\", \"phone\"]}]", "\"fax\"]}]"),
        &EXAMPLE.replace("\"month\"", "\"mnth\""),
        &EXAMPLE.replace("\"deadline\":", "\"deadine\":"),
    ] {
        assert!(parse_instance(text).is_err(), "accepted: {text}");
    }
}

fn err_of(f: impl FnOnce(&mut soudan::alloc::Instance)) -> InstanceError {
    let mut inst = base();
    f(&mut inst);
    let e = inst.validate().expect_err("should be invalid");
    // solve refuses too, with the same error, and never panics.
    assert_eq!(solve(&inst, &Default::default()).unwrap_err(), e);
    assert!(!e.to_string().is_empty());
    e
}

#[test]
fn invalid_instances() {
    assert!(matches!(
        err_of(|i| i.format = "soudan-instance/2".into()),
        InstanceError::Format { .. }
    ));
    assert!(matches!(
        err_of(|i| i.month = "2026-13".into()),
        InstanceError::Month { .. }
    ));
    assert!(matches!(
        err_of(|i| i.month = "December".into()),
        InstanceError::Month { .. }
    ));
    assert!(matches!(
        err_of(|i| i.timezone = "Asia/Sendai".into()),
        InstanceError::TimeZone {
            kind: "instance",
            ..
        }
    ));
    assert!(matches!(
        err_of(|i| i.interpreters[0].timezone = "Mars/Olympus".into()),
        InstanceError::TimeZone {
            kind: "interpreter",
            ..
        }
    ));
    let e = err_of(|i| i.agencies.push(i.agencies[0].clone()));
    assert_eq!(
        e,
        InstanceError::DuplicateId {
            kind: "agency",
            id: "immigration".into()
        }
    );
    assert!(matches!(
        err_of(|i| i.sessions.push(i.sessions[0].clone())),
        InstanceError::DuplicateId {
            kind: "session",
            ..
        }
    ));
    assert!(matches!(
        err_of(|i| i.interpreters.push(i.interpreters[0].clone())),
        InstanceError::DuplicateId {
            kind: "interpreter",
            ..
        }
    ));
    assert!(matches!(
        err_of(|i| i.requests.push(i.requests[0].clone())),
        InstanceError::DuplicateId {
            kind: "request",
            ..
        }
    ));
    assert_eq!(
        err_of(|i| i.requests[0].agency = Some("tax".into())),
        InstanceError::UnknownAgency {
            kind: "request",
            id: "R-0001".into(),
            agency: "tax".into()
        }
    );
    assert!(matches!(
        err_of(|i| i.sessions[0].agency = "tax".into()),
        InstanceError::UnknownAgency {
            kind: "session",
            ..
        }
    ));
    assert_eq!(
        err_of(|i| i.requests[0].weight = 0),
        InstanceError::NonPositiveWeight {
            id: "R-0001".into(),
            weight: 0
        }
    );
    assert!(matches!(
        err_of(|i| i.requests[0].weight = -5),
        InstanceError::NonPositiveWeight { .. }
    ));
    assert!(matches!(
        err_of(|i| i.requests[0].weight = i64::MAX),
        InstanceError::WeightTooLarge { .. }
    ));
    assert_eq!(
        err_of(|i| i.interpreters[0].cost.video = -1),
        InstanceError::NegativeCost {
            id: "ne-01".into(),
            mode: "video",
            cost: -1
        }
    );
    assert!(matches!(
        err_of(|i| i.interpreters[0].cost.phone = i64::MAX),
        InstanceError::CostTooLarge { .. }
    ));
    assert!(matches!(
        err_of(|i| i.sessions[0].start = "2026-12-12 13:00".into()),
        InstanceError::Time {
            kind: "session",
            field: "start",
            ..
        }
    ));
    assert!(matches!(
        err_of(|i| i.requests[0].deadline = Some("tomorrow".into())),
        InstanceError::Time {
            kind: "request",
            field: "deadline",
            ..
        }
    ));
    assert!(matches!(
        err_of(|i| i.sessions[0].end = "2026-12-12T12:00:00".into()),
        InstanceError::EndBeforeStart {
            kind: "session",
            ..
        }
    ));
    assert!(matches!(
        err_of(|i| i.interpreters[0].availability[0].end = "2026-12-11T00:00:00".into()),
        InstanceError::EndBeforeStart {
            kind: "interpreter",
            field: "availability",
            ..
        }
    ));
    assert!(matches!(
        err_of(|i| i.requests[0].windows =
            Some(vec![win("2026-12-12T15:00:00", "2026-12-12T14:00:00")])),
        InstanceError::EndBeforeStart {
            kind: "request",
            field: "windows",
            ..
        }
    ));
    assert!(matches!(
        err_of(|i| i.sessions[0].slot_minutes = 0),
        InstanceError::SlotMinutes { .. }
    ));
    assert!(matches!(
        err_of(|i| {
            i.sessions[0].slot_minutes = 1;
            i.sessions[0].end = "2027-12-12T16:00:00".into();
        }),
        InstanceError::TooManySlots { .. }
    ));
}

#[test]
fn documented_edge_cases_are_valid() {
    // Slot longer than the session: zero slots, request unassigned.
    let mut inst = base();
    inst.sessions[0].slot_minutes = 240;
    let rep = solve_checked(&inst);
    assert_eq!(rep.solution.unassigned.len(), 1);
    assert_eq!(
        rep.solution.unassigned[0].reason.code(),
        "no_session_for_topic"
    );
    // Empty session (start == end), empty lists, zero booths.
    let mut inst = base();
    inst.sessions[0].end = inst.sessions[0].start.clone();
    solve_checked(&inst);
    let mut inst = base();
    inst.sessions[0].booths = 0;
    solve_checked(&inst);
    let mut inst = base();
    inst.agencies.clear();
    inst.sessions.clear();
    inst.interpreters.clear();
    inst.requests.clear();
    let rep = solve_checked(&inst);
    assert!(rep.solution.assignments.is_empty() && rep.optimal);
    // Seconds are optional in local times; `pinned` may be omitted.
    let text = EXAMPLE.replace("T13:00:00", "T13:00");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut obj = v.as_object().unwrap().clone();
    obj.remove("pinned");
    let inst = parse_instance(&serde_json::to_string(&obj).unwrap()).unwrap();
    assert!(inst.pinned.is_empty());
    assert_eq!(inst.sessions[0].modes[0], Mode::InPerson);
}

#[test]
fn serialisation_is_deterministic() {
    let inst = soudan::alloc::generate(soudan::alloc::Scale::Sendai, 7);
    let a = solve(&inst, &Default::default())
        .unwrap()
        .solution
        .to_json();
    let b = solve(&inst, &Default::default())
        .unwrap()
        .solution
        .to_json();
    assert_eq!(a, b);
    assert_eq!(
        inst.to_json(),
        soudan::alloc::generate(soudan::alloc::Scale::Sendai, 7).to_json()
    );
}
