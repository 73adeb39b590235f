//! Allocate a month, or export it as an instance.

use super::Ctx;
use crate::alloc::{self, Assignment, Instance, SolveOptions, SolveReport, Window};
use crate::error::{Error, Result};
use crate::model::Month;
use crate::model::{BookingStatus, Troubles, What};
use crate::publish::PublishReport;
use crate::schedule::{self, MonthInput};
use crate::store::{Batch, Counter};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{HashMap, HashSet};
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
    /// Commit moves and releases of confirmed appointments that still hold (see
    /// [`Allocation::held_back`]); without it they are held back.
    pub yes: bool,
    /// The [`allocation_version`] a preview was made at: a confirm is refused
    /// ([`crate::error::Refusal::MonthChanged`], naming what changed) when what the
    /// allocation reads changed since, and nothing is applied.
    pub expect_version: Option<String>,
    /// With a shared interpreter pool that cannot be reached: book only the interpreters not
    /// in the pool (as of the last sync) instead of refusing; the commit claims nothing and
    /// the next sync (`soudan pool reconcile`) claims the holds.
    pub without_pool: bool,
}

/// The outcome of [`allocate`].
#[derive(Debug)]
pub struct Allocation {
    pub month: Month,
    /// The agencies and interpreters the month was allocated with: what the changes are told
    /// with (names, not ids).
    pub agencies: Vec<crate::model::Agency>,
    pub interpreters: Vec<crate::model::Interpreter>,
    pub report: SolveReport,
    pub changes: schedule::Changes,
    /// Requests in the month's instance.
    pub requests: usize,
    /// `None` for a dry run.
    pub published: Option<PublishReport>,
    /// Moves and releases of confirmed appointments that could still happen as planned,
    /// which the best month would make (`--replan`) but which were not committed because
    /// [`AllocateOptions::yes`] was not given: a resident's date is their appointment, so
    /// it changes only when a person says so. Empty with `yes`, and when nothing such
    /// was proposed. What was committed instead keeps these bookings where they are.
    pub held_back: Vec<schedule::Change>,
    /// Allocated without the interpreter pool (unreachable, `without_pool`): the time of
    /// the last sync, whose list of shared interpreters was left out.
    pub without_pool: Option<DateTime<Utc>>,
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

/// The version of what an allocation reads (requests, bookings, interpreters, agencies with
/// their sessions' patterns, the center with its closed days and lead time, pins, weights):
/// `part:hash` pairs, one short hash of the stored records per part, so that a stale confirm
/// can say which part changed ([`changed_parts`]).
pub fn allocation_version(ctx: &Ctx) -> Result<String> {
    fn hash<T: serde::Serialize>(value: &T) -> Result<String> {
        let bytes = crate::codec::encode(value).map_err(|e| Error::internal("encode", e))?;
        Ok(crate::secret::hex(&crate::secret::sha256(&bytes)[..6]))
    }
    let store = ctx.store();
    let parts = [
        ("requests", hash(&store.requests()?)?),
        ("bookings", hash(&store.bookings()?)?),
        ("interpreters", hash(&store.interpreters()?)?),
        ("agencies", hash(&store.agencies()?)?),
        (
            "center",
            hash(&(ctx.center()?, store.closed_days()?, store.lead_days()?))?,
        ),
        ("pins", hash(&store.pins()?)?),
        ("weights", hash(&store.weights()?)?),
    ];
    Ok(parts
        .iter()
        .map(|(k, v)| format!("{k}:{v}"))
        .collect::<Vec<_>>()
        .join(","))
}

/// The parts (`requests`, `bookings`, ...) in which two [`allocation_version`]s differ; a
/// version that does not read as one differs in every part.
pub fn changed_parts(old: &str, new: &str) -> Vec<String> {
    let read = |v: &str| -> HashMap<String, String> {
        v.split(',')
            .filter_map(|p| p.split_once(':'))
            .map(|(k, h)| (k.to_string(), h.to_string()))
            .collect()
    };
    let (old, new_parts) = (read(old), read(new));
    new.split(',')
        .filter_map(|p| p.split_once(':'))
        .map(|(k, _)| k)
        .filter(|k| old.get(*k) != new_parts.get(*k))
        .map(str::to_string)
        .collect()
}

/// How often an allocation is solved again when another center of the interpreter pool took
/// an interpreter between this one's solve and its claim.
const POOL_ROUNDS: usize = 8;

/// Builds, solves and (unless a dry run) commits one month: bookings placed, moved and
/// released, request statuses, history, and why each waiting request waits.
///
/// With a shared interpreter pool, other centers' holds are unavailability for this center's
/// interpreters; a claim refused because another center took an interpreter meanwhile is
/// solved again without those times, up to [`POOL_ROUNDS`] rounds (nothing is committed by a
/// refused round).
pub fn allocate(
    ctx: &Ctx,
    month: Month,
    options: AllocateOptions,
    now: DateTime<Utc>,
) -> Result<Allocation> {
    if let Some(expected) = &options.expect_version {
        let parts = changed_parts(expected, &allocation_version(ctx)?);
        if !parts.is_empty() {
            return Err(crate::error::Refusal::MonthChanged {
                month: month.to_string(),
                parts,
            }
            .into());
        }
    }

    let read = super::pool::busy(ctx, month, now, options.without_pool)?;
    let mut busy = read.busy();
    let mut round = 0;
    loop {
        round += 1;
        match allocate_once(ctx, month, &options, now, &busy, &read) {
            Err(e) => match super::pool::taken(&e) {
                Some(taken) if round < POOL_ROUNDS => busy.extend(taken),
                Some(_) => return Err(super::pool::taken_refusal(ctx, &e).unwrap_or(e)),
                None => return Err(e),
            },
            ok => return ok,
        }
    }
}

fn allocate_once(
    ctx: &Ctx,
    month: Month,
    options: &AllocateOptions,
    now: DateTime<Utc>,
    busy: &[super::pool::Busy],
    read: &super::pool::PoolRead,
) -> Result<Allocation> {
    let mut input = month_input(ctx, now)?;
    let offline = match read {
        super::pool::PoolRead::Offline { cache } => Some(cache),
        _ => None,
    };
    // Troubled bookings inside the lead time are repaired first (schedule::repair says why a
    // pass of its own); the solve then sees the repaired month and may re-place what was
    // released.
    let clock = ctx.clock(now)?;
    let troubles = Troubles::find(
        &input.center,
        &input.agencies,
        &input.interpreters,
        &input.requests,
        &input.bookings,
        Some(&clock),
    );
    let repairs = schedule::repair(&input, &troubles, &clock);
    repairs.apply(&mut input);
    let counter = ctx.store().counter(Counter::Bookings)?;
    let run = |input: &MonthInput| -> Result<_> {
        let mut plan = schedule::build(input, month, options.replan);
        super::pool::carve(&mut plan.instance, busy);
        if let Some(cache) = offline {
            super::pool::restrict_shared(ctx, &mut plan.instance, &cache.shared, &input.bookings)?;
        }
        let report = solve(&plan, &booked_dates(input, month), options, month)?;
        let mut changes = schedule::plan_changes(input, &plan, &report.solution, now, counter);
        merge_repairs(&mut changes, repairs.clone());
        Ok((plan, report, changes))
    };
    let (mut plan, mut report, mut changes) = run(&input)?;
    let mut held_back = Vec::new();
    // Only a replan moves appointments that still hold (without it they are kept wherever
    // they still fit), so only then is there something to hold back: the month is solved
    // again with those bookings pinned where they are, which also keeps whatever the first
    // solve would have put into their places.
    // Pinning what one solve proposed can make the next propose another such change (the
    // walk-in takes the next resident's place instead): solve again until none is left. Each
    // round pins at least one booking more, so this ends.
    if options.replan && !options.yes {
        let mut keep = input.clone();
        loop {
            // A booking pinned already and still moved is one whose place no longer fits
            // (a pin that cannot bind): that change is needed and is committed.
            let proposed: Vec<(String, schedule::Change)> = changes
                .changes
                .iter()
                .filter_map(|c| unasked(c, &troubles).map(|b| (b.number.clone(), c.clone())))
                .filter(|(n, _)| !keep.pinned.contains(n))
                .collect();
            if proposed.is_empty() {
                break;
            }
            for (number, change) in proposed {
                keep.pinned.insert(number);
                held_back.push(change);
            }
            (plan, report, changes) = run(&keep)?;
        }
    }
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
            // A booking whose session was cancelled is told released then (and kept until
            // now so the residents hear "rearranging"); its release here is the same one,
            // logged once.
            if let Some(What::Released { booking, .. }) = &e.what
                && already_released(ctx.store(), &e.request, booking)?
            {
                continue;
            }
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
        super::pool::keep_cache(&mut batch, read)?;
        Some(match offline {
            Some(cache) => ctx.commit_without_pool(batch, &cache.shared, now)?,
            None => ctx.commit(batch, now)?,
        })
    };
    Ok(Allocation {
        month,
        requests: plan.instance.requests.len(),
        report,
        changes,
        published,
        held_back,
        without_pool: offline.map(|c| c.synced),
        agencies: input.agencies,
        interpreters: input.interpreters,
    })
}

/// The confirmed booking `c` moves to another time or session, or releases, while it can
/// still happen as planned (not in `troubles`): a change the resident would not expect.
/// Another interpreter in the same slot is not one (the appointment stands).
fn unasked<'a>(c: &'a schedule::Change, troubles: &Troubles) -> Option<&'a crate::model::Booking> {
    match c {
        schedule::Change::Moved { from, to }
            if from.status == BookingStatus::Confirmed
                && (&from.session, from.start) != (&to.session, to.start) =>
        {
            Some(from)
        }
        schedule::Change::Released { booking, .. } => Some(booking),
        _ => None,
    }
    .filter(|b| !troubles.contains(&b.number))
}

/// Puts the repairs in front of the solve's changes: a substitute is a move to the same slot
/// with another interpreter; a released booking the solve placed again is one move from the
/// old place to the new (same number); one it could not place is a release. Records: the
/// repairs' first, the solve's after (a later put of the same booking wins in the batch).
fn merge_repairs(changes: &mut schedule::Changes, repairs: schedule::Repairs) {
    let mut front = Vec::new();
    for r in repairs.repairs {
        match r {
            schedule::Repair::Substitute { from, to }
            | schedule::Repair::OtherSlot { from, to } => {
                front.push(schedule::Change::Moved { from, to });
            }
            schedule::Repair::Released {
                booking, reason, ..
            } => {
                let placed = changes.changes.iter().position(|c| {
                    matches!(c, schedule::Change::Placed { booking: b } if b.number == booking.number)
                });
                changes.changes.retain(|c| {
                    !matches!(c, schedule::Change::Waiting { request, .. } if *request == booking.request)
                });
                match placed {
                    Some(i) => {
                        let schedule::Change::Placed { booking: to } = changes.changes.remove(i)
                        else {
                            continue;
                        };
                        let mut from = booking;
                        from.status = BookingStatus::Confirmed;
                        front.push(schedule::Change::Moved { from, to });
                    }
                    None => front.push(schedule::Change::Released { booking, reason }),
                }
            }
        }
    }
    front.append(&mut changes.changes);
    changes.changes = front;
    let mut bookings = repairs.bookings;
    bookings.append(&mut changes.bookings);
    changes.bookings = bookings;
    let mut requests = repairs.requests;
    requests.append(&mut changes.requests);
    changes.requests = requests;
    let mut events = repairs.events;
    events.append(&mut changes.events);
    changes.events = events;
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
///
/// Among the confirmed residents the first solve cannot keep in their slot, the same day comes
/// before a later day, and a later day before an earlier one ([`same_day_first`]).
fn solve(
    plan: &schedule::Plan,
    dates: &HashMap<String, NaiveDate>,
    options: &AllocateOptions,
    month: Month,
) -> Result<SolveReport> {
    let run = |instance: &Instance| {
        alloc::solve(
            instance,
            &SolveOptions {
                time_limit: options.time_limit,
                preferred: plan.preferred.clone(),
                progress: options.progress.clone(),
                ..SolveOptions::default()
            },
        )
        .map_err(|source| Error::Instance {
            what: format!("the data for {month}"),
            source: Box::new(source),
        })
    };
    let booked: HashSet<&str> = plan.preferred.iter().map(|a| a.request.as_str()).collect();
    if options.replan || booked.is_empty() {
        return run(&plan.instance);
    }
    let mut first = plan.instance.clone();
    first.requests.retain(|r| booked.contains(r.id.as_str()));
    let kept = run(&first)?;
    let kept = same_day_first(plan, &first, kept.solution.assignments, dates, month, &run)?;
    let mut second = plan.instance.clone();
    second.pinned = kept;
    run(&second)
}

/// When a confirmed resident cannot keep their slot, where they go next: on their
/// appointment's day if possible, else a later day, else any day. For a resident the date is
/// the appointment; the allocator alone would pick by weight and then by interpreter cost,
/// which may prefer another date.
///
/// `kept` is the first solve's placement of the booked residents. Those it kept in their slot
/// stay pinned; the moved ones are placed again in three rounds, their windows cut to the same
/// day, then to later days of the month, then as they were, each round pinning what the rounds
/// before placed. If the rounds place less weight than the first solve did (one resident's
/// same-day place taking the only place of another), the first solve's placement is kept.
fn same_day_first(
    plan: &schedule::Plan,
    first: &Instance,
    kept: Vec<Assignment>,
    dates: &HashMap<String, NaiveDate>,
    month: Month,
    run: &dyn Fn(&Instance) -> Result<SolveReport>,
) -> Result<Vec<Assignment>> {
    let preferred: HashMap<&str, (&str, i64)> = plan
        .preferred
        .iter()
        .map(|a| (a.request.as_str(), (a.session.as_str(), a.slot)))
        .collect();
    let is_moved = |a: &Assignment| {
        dates.contains_key(&a.request)
            && preferred.get(a.request.as_str()) != Some(&(a.session.as_str(), a.slot))
    };
    let (moved, mut fixed): (Vec<Assignment>, Vec<Assignment>) =
        kept.iter().cloned().partition(|a| is_moved(a));
    if moved.is_empty() {
        return Ok(kept);
    }
    let weight: HashMap<&str, i64> = first
        .requests
        .iter()
        .map(|r| (r.id.as_str(), r.weight))
        .collect();
    let total = |v: &[Assignment]| -> i64 {
        v.iter()
            .map(|a| weight.get(a.request.as_str()).copied().unwrap_or(0))
            .sum()
    };
    let month_end = month.next().first_day();
    let mut rest: HashSet<String> = moved.iter().map(|a| a.request.clone()).collect();
    for round in [Round::SameDay, Round::Later, Round::Any] {
        if rest.is_empty() {
            break;
        }
        let placed: HashSet<&str> = fixed.iter().map(|a| a.request.as_str()).collect();
        let mut inst = first.clone();
        inst.requests
            .retain(|r| rest.contains(&r.id) || placed.contains(r.id.as_str()));
        inst.pinned = fixed.clone();
        for r in inst.requests.iter_mut().filter(|r| rest.contains(&r.id)) {
            let Some(&day) = dates.get(&r.id) else {
                continue;
            };
            let range = match round {
                Round::SameDay => Some((day, day.succ_opt().unwrap_or(day))),
                Round::Later => Some((day.succ_opt().unwrap_or(day), month_end)),
                Round::Any => None,
            };
            if let Some((from, to)) = range {
                r.windows = Some(clip(r.windows.take(), from, to));
            }
        }
        let report = run(&inst)?;
        for a in report.solution.assignments {
            if rest.remove(&a.request) {
                fixed.push(a);
            }
        }
    }
    if total(&fixed) < total(&kept) {
        return Ok(kept);
    }
    Ok(fixed)
}

#[derive(Clone, Copy)]
enum Round {
    SameDay,
    Later,
    Any,
}

/// `windows` (local `YYYY-MM-DDTHH:MM:SS`, `None` = any time) cut to the days `from..to`.
/// The fixed-width local format orders as text, so the cut is a string comparison.
fn clip(windows: Option<Vec<Window>>, from: NaiveDate, to: NaiveDate) -> Vec<Window> {
    let lo = format!("{from}T00:00:00");
    let hi = format!("{to}T00:00:00");
    let all = vec![Window {
        start: lo.clone(),
        end: hi.clone(),
    }];
    windows
        .unwrap_or(all)
        .into_iter()
        .filter_map(|w| {
            let start = w.start.max(lo.clone());
            let end = w.end.min(hi.clone());
            (start < end).then_some(Window { start, end })
        })
        .collect()
}

/// The appointment day of every request with a confirmed booking this month.
fn booked_dates(input: &MonthInput, month: Month) -> HashMap<String, NaiveDate> {
    input
        .bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Confirmed && Month::of(b.start.date()) == month)
        .map(|b| (b.request.clone(), b.start.date()))
        .collect()
}

/// The month as an allocation instance (confirmed bookings as pins, or as preferences with
/// `replan`, which the exchange format leaves out).
///
/// Sessions closed at `now` (past, or within the center's lead time) are left out, as
/// [`allocate`] leaves them out.
pub fn instance(ctx: &Ctx, month: Month, replan: bool, now: DateTime<Utc>) -> Result<Instance> {
    Ok(schedule::build(&month_input(ctx, now)?, month, replan).instance)
}

/// Whether booking `number`'s last history event about where it is, is its release (with no
/// placement or move since): `agency cancel-session` logs that and keeps the booking, which
/// the next allocation then releases for good.
fn already_released(store: &crate::store::Store, request: &str, number: &str) -> Result<bool> {
    for e in store.history(request)?.into_iter().rev() {
        match e.what {
            Some(What::Released { booking, .. }) if booking == number => return Ok(true),
            Some(
                What::Placed { booking, .. }
                | What::Replaced { booking, .. }
                | What::Moved { booking, .. }
                | What::Pinned { booking, .. }
                | What::Unpinned { booking, .. },
            ) if booking == number => return Ok(false),
            _ => {}
        }
    }
    Ok(false)
}
