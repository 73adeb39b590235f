//! The use cases called directly, as a month view or an HTTP API would call them: `now` is
//! injected, every committing use case publishes, outcomes are typed and refusals carry
//! exit code 1.

use crate::common::tiny;
use chrono::{DateTime, Utc};
use soudan::import;
use soudan::model::{EventKind, Month, RequestStatus};
use soudan::ops::{self, AllocateOptions, Ctx};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn imported(now: DateTime<Utc>) -> (tempfile::TempDir, Ctx, String) {
    let tmp = tempfile::tempdir().unwrap();
    let ctx = Ctx::open(&tmp.path().join("soudan.db"), "test").unwrap();
    let data = import::load_dir(&tiny(), None).unwrap();
    let done = ops::import(
        &ctx,
        data.clone(),
        "tiny/",
        ops::ImportOptions::default(),
        now,
    )
    .unwrap();
    assert_eq!(done.summary.requests_new, 4);
    let version = done.published.expect("published").outcome.version;
    (tmp, ctx, version)
}

#[test]
fn history_records_the_injected_now_and_every_commit_publishes() {
    let (t1, t2, t3) = (
        at("2026-11-20T01:00:00Z"),
        at("2026-11-21T02:00:00Z"),
        at("2026-11-22T03:00:00Z"),
    );
    let (_tmp, ctx, v1) = imported(t1);
    let month: Month = "2026-12".parse().unwrap();

    let dry = AllocateOptions {
        dry_run: true,
        ..AllocateOptions::default()
    };
    let preview = ops::allocate(&ctx, month, dry, t2).unwrap();
    assert!(preview.published.is_none());
    assert!(!preview.changes.bookings.is_empty());
    assert!(
        ctx.store().bookings().unwrap().is_empty(),
        "a dry run wrote"
    );

    let done = ops::allocate(&ctx, month, AllocateOptions::default(), t2).unwrap();
    let placed = done.report.solution.assignments.len();
    assert_eq!(ctx.store().bookings().unwrap().len(), placed);
    let v2 = done.published.unwrap().outcome.version;
    assert_ne!(v2, v1, "the allocation was not published");

    let booked = ctx
        .store()
        .requests()
        .unwrap()
        .into_iter()
        .find(|r| r.status == RequestStatus::Booked)
        .expect("the tiny fixture places something");
    let cancelled = ops::request_cancel(&ctx, &booked.id, None, None, t3).unwrap();
    assert_eq!(cancelled.released.len(), 1);
    assert_ne!(cancelled.published.outcome.version, v2);
    let story: Vec<(EventKind, DateTime<Utc>)> = ops::history(&ctx, &booked.id)
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.at))
        .collect();
    assert_eq!(
        story,
        [
            (EventKind::Received, t1),
            (EventKind::Placed, t2),
            (EventKind::Cancelled, t3)
        ]
    );

    let again = ops::request_cancel(&ctx, &booked.id, None, None, t3).unwrap_err();
    assert_eq!(again.code(), 1, "{again}");
    let unknown = ops::history(&ctx, "R-9999").unwrap_err();
    assert_eq!(unknown.code(), 1, "{unknown}");
}

#[test]
fn request_add_takes_its_defaults_from_now_in_the_center_zone() {
    let (_tmp, ctx, _) = imported(at("2026-11-20T01:00:00Z"));
    let fields = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    // 15:30 UTC on the 30th is 00:30 on the 1st in Tokyo.
    let now = at("2026-11-30T15:30:00Z");
    let recorded = ops::request_add(
        &ctx,
        "test",
        fields(&[
            ("language", "vi"),
            ("topic", "labour"),
            ("nationality", "VN"),
        ]),
        now,
    )
    .unwrap();
    assert_eq!(recorded.request.id, "R-0005");
    assert_eq!(recorded.request.received.to_string(), "2026-12-01 00:30:00");
    assert_eq!(recorded.request.status, RequestStatus::Waiting);

    let missing = ops::request_add(&ctx, "test", fields(&[("language", "vi")]), now).unwrap_err();
    assert_eq!(missing.code(), 1);
    assert!(missing.to_string().contains("topic: missing"), "{missing}");
    assert_eq!(ctx.store().requests().unwrap().len(), 5, "a refusal wrote");
}

#[test]
fn feed_inputs_show_the_months_around_now() {
    let (_tmp, ctx, _) = imported(at("2026-11-20T01:00:00Z"));
    // 2027-01-31 20:00 UTC is already February in Tokyo.
    let inputs = ctx.feed_inputs(at("2027-01-31T20:00:00Z")).unwrap();
    let months: Vec<String> = inputs
        .session_months
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(months, ["2027-02", "2027-03", "2027-04"]);
}
