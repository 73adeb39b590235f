//! Allocate a month, or export it as an instance.

use super::Ctx;
use crate::alloc::{self, Instance, SolveOptions, SolveReport};
use crate::error::{Error, Result};
use crate::model::Month;
use crate::publish::PublishReport;
use crate::schedule::{self, MonthInput};
use crate::store::{Batch, Counter};
use chrono::{DateTime, Utc};
use std::time::Duration;

/// How to allocate.
#[derive(Debug, Clone, Default)]
pub struct AllocateOptions {
    /// Let confirmed bookings move (among the best allocations, the one moving the fewest).
    pub replan: bool,
    /// Compute and return the changes without writing anything.
    pub dry_run: bool,
    /// Stop improving after this long (the solution stays feasible).
    pub time_limit: Option<Duration>,
    /// Called as the solver goes (phase, W, bound, gap); the caller decides where it shows.
    pub progress: Option<alloc::ProgressFn>,
}

/// The outcome of [`allocate`].
#[derive(Debug)]
pub struct Allocation {
    pub month: Month,
    pub report: SolveReport,
    pub changes: schedule::Changes,
    /// Requests in the month's instance.
    pub requests: usize,
    /// `None` for a dry run.
    pub published: Option<PublishReport>,
}

pub(super) fn month_input(ctx: &Ctx, now: DateTime<Utc>) -> Result<MonthInput> {
    let store = ctx.store();
    let clock = ctx.clock(now)?;
    Ok(MonthInput {
        open_from: Some(clock.open_from),
        pinned: store.pins()?,
        center: ctx.center()?,
        agencies: store.agencies()?,
        interpreters: store.interpreters()?,
        requests: store.requests()?,
        bookings: store.bookings()?,
        weights: store.weights()?,
    })
}

/// Builds, solves and (unless a dry run) commits one month: bookings placed, moved and
/// released, request statuses, history, and why each waiting request waits.
pub fn allocate(
    ctx: &Ctx,
    month: Month,
    options: AllocateOptions,
    now: DateTime<Utc>,
) -> Result<Allocation> {
    let input = month_input(ctx, now)?;
    let plan = schedule::build(&input, month, options.replan);
    let report = solve(&plan, &options, month)?;
    let changes = schedule::plan_changes(
        &input,
        &plan,
        &report.solution,
        now,
        ctx.store().counter(Counter::Bookings)?,
    );
    let published = if options.dry_run {
        None
    } else {
        let mut batch = Batch::new();
        for b in &changes.bookings {
            batch.put_booking(b)?;
        }
        for r in &changes.requests {
            batch.put_request(r)?;
        }
        for e in &changes.events {
            batch.log(e.clone());
        }
        batch.put_counter(Counter::Bookings, changes.booking_counter)?;
        let reasons = report
            .solution
            .unassigned
            .iter()
            .map(|u| (u.request.clone(), u.reason.code().to_string()))
            .collect();
        batch.put_reasons(month, &reasons)?;
        Some(ctx.commit(batch, now)?)
    };
    Ok(Allocation {
        month,
        requests: plan.instance.requests.len(),
        report,
        changes,
        published,
    })
}

/// Solves the month: appointments first.
///
/// Without `replan`, two solves. The first holds only the requests with a confirmed booking
/// this month: they are placed keeping as many appointments as possible (exactly, or in the
/// same slot with another suitable interpreter in any mode they accept; see
/// [`SolveOptions::preferred`]). Their places are then pinned and the second solve fills the
/// rest with waiting requests. Why: the allocator maximises the total weight first, so in one
/// solve it could move a confirmed resident to another date to fit one more new request in
/// their slot; for a resident the date and time *are* the appointment. With `replan` one
/// solve: the coordinator asked for the best month, moving as few bookings as possible.
fn solve(plan: &schedule::Plan, options: &AllocateOptions, month: Month) -> Result<SolveReport> {
    let run = |instance: &Instance| {
        alloc::solve(
            instance,
            &SolveOptions {
                time_limit: options.time_limit,
                preferred: plan.preferred.clone(),
                progress: options.progress.clone(),
            },
        )
        .map_err(|source| Error::Instance {
            what: format!("the data for {month}"),
            source: Box::new(source),
        })
    };
    let booked: std::collections::HashSet<&str> =
        plan.preferred.iter().map(|a| a.request.as_str()).collect();
    if options.replan || booked.is_empty() {
        return run(&plan.instance);
    }
    let mut first = plan.instance.clone();
    first.requests.retain(|r| booked.contains(r.id.as_str()));
    let kept = run(&first)?;
    let mut second = plan.instance.clone();
    second.pinned = kept.solution.assignments;
    run(&second)
}

/// The month as an allocation instance (confirmed bookings as pins, or as preferences with
/// `replan`, which the exchange format leaves out).
///
/// Sessions closed at `now` (past, or within the center's lead time) are left out, as
/// [`allocate`] leaves them out.
pub fn instance(ctx: &Ctx, month: Month, replan: bool, now: DateTime<Utc>) -> Result<Instance> {
    Ok(schedule::build(&month_input(ctx, now)?, month, replan).instance)
}
