//! Hand corrections of bookings: move one, pin or unpin one.
//!
//! A coordinator's move goes through the same rules as the allocator: the month is built as an
//! allocation instance and the changed assignment, with every other confirmed booking of the
//! month, is checked by [`alloc::check`] (slot and booths, topic and agency, the resident's
//! windows and deadline, the interpreter's language, mode, availability and daily limit).
//! A moved booking is pinned: it is the coordinator's decision, and the allocator keeps it
//! (also with `--replan`) until `booking unpin`.

use super::Ctx;
use crate::alloc::{self, Assignment, Objective, Rule, SOLUTION_FORMAT, Solution};
use crate::alloc::{Fault, Violation};
use crate::error::{Error, Refusal, Result};
use crate::model::{Booking, BookingStatus, Event, Mode, Month, Place, What};
use crate::publish::PublishReport;
use crate::schedule;
use crate::store::Batch;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// Where to move a booking.
#[derive(Debug, Clone)]
pub struct MoveTo {
    /// Session id and 0-based slot; `None`: the booking's own (only the interpreter or the
    /// mode changes).
    pub place: Option<(String, u32)>,
    /// `None`: keep the booking's interpreter (if it still fits), `Some("")`: none.
    pub interpreter: Option<String>,
    pub mode: Option<Mode>,
}

/// What [`booking_move`] did.
#[derive(Debug)]
pub struct Moved {
    pub from: Booking,
    pub to: Booking,
    pub published: PublishReport,
}

fn booking(ctx: &Ctx, number: &str) -> Result<Booking> {
    ctx.store()
        .bookings()?
        .into_iter()
        .find(|b| b.number == number)
        .ok_or_else(|| {
            Error::from(Refusal::UnknownBooking {
                number: number.to_string(),
            })
        })
}

/// Moves booking `number` to another session, slot or interpreter, checked like an
/// allocation; the booking keeps its number (SEQUENCE + 1) and is pinned. A confirmed
/// booking that has started is history and is refused ([`crate::model::Clock::is_history`]);
/// nothing can be moved into a session that has started either.
pub fn booking_move(ctx: &Ctx, number: &str, to: MoveTo, now: DateTime<Utc>) -> Result<Moved> {
    let old = booking(ctx, number)?;
    let request = ctx.store().request(&old.request)?.ok_or_else(|| {
        Error::from(Refusal::UnknownRequest {
            id: old.request.clone(),
        })
    })?;
    let clock = ctx.clock(now)?;
    let rescheduling = crate::model::is_rescheduling(&old, &request);
    if old.status != BookingStatus::Confirmed && !rescheduling {
        return Err(Refusal::BookingCancelled {
            number: number.to_string(),
            status: request.status.code().to_string(),
        }
        .into());
    }
    if old.status == BookingStatus::Confirmed && clock.is_history(&old) {
        return Err(Refusal::BookingPast {
            number: number.to_string(),
            start: old.start,
        }
        .into());
    }
    let target = hand_target(ctx, &request, Some(&old), &to, now)?;
    let HandTarget {
        session,
        slot: to_slot,
        interpreter,
        mode,
        input,
    } = target;
    let (start, end) = session.slot_times(to_slot);
    let booth = free_booth(&input.bookings, &session.id, to_slot, Some(&old.number));
    let new = Booking {
        session: session.id.clone(),
        agency: session.agency.clone(),
        slot: to_slot,
        start,
        end,
        booth,
        interpreter,
        mode,
        sequence: old.sequence + 1,
        status: BookingStatus::Confirmed,
        updated: now,
        ..old.clone()
    };
    let mut batch = Batch::new();
    batch.put_booking(&new)?;
    if request.status != crate::model::RequestStatus::Booked {
        let mut r = request.clone();
        r.status = crate::model::RequestStatus::Booked;
        batch.put_request(&r)?;
    }
    let mut pins = ctx.store().pins()?;
    pins.insert(new.number.clone());
    batch.put_pins(&pins)?;
    batch.log(Event::typed(
        now,
        &new.request,
        What::Moved {
            booking: new.number.clone(),
            from: Place::of(&old),
            to: Place::of(&new),
            by_hand: true,
        },
    ));
    let published = ctx.commit(batch, now)?;
    Ok(Moved {
        from: old,
        to: new,
        published,
    })
}

/// Where a hand placement goes, once checked ([`hand_target`]).
pub(super) struct HandTarget {
    pub session: crate::model::Session,
    pub slot: u32,
    pub interpreter: Option<String>,
    pub mode: Option<Mode>,
    /// The month input it was checked against (the bookings as they stand).
    pub input: schedule::MonthInput,
}

/// The month input a hand placement of `request` is checked against: only the past is closed
/// (a coordinator may book within the lead time, the allocator does not), and the request is
/// in every month's instance as if waiting, wherever its booking is now. Without that, a move
/// into another month was checked against an instance without the request, which the checker
/// skips: an interpreter who does not work that day stayed on the booking.
pub(super) fn hand_input(
    ctx: &Ctx,
    request: &str,
    now: DateTime<Utc>,
) -> Result<schedule::MonthInput> {
    let clock = ctx.clock(now)?;
    let mut input = super::allocate::month_input(ctx, now)?;
    input.open_from = Some(clock.local);
    for r in input.requests.iter_mut().filter(|r| r.id == request) {
        r.status = crate::model::RequestStatus::Waiting;
    }
    Ok(input)
}

/// The mode a hand placement takes when none is given: `keep` (the booking's own) if all three
/// accept it, else the first that the interpreter, the session and the request all accept.
pub(super) fn hand_mode(
    i: &crate::model::Interpreter,
    session: &crate::model::Session,
    request: &crate::model::Request,
    keep: Option<Mode>,
) -> Option<Mode> {
    let fits =
        |m: &Mode| i.modes.contains(m) && session.modes.contains(m) && request.modes.contains(m);
    keep.filter(fits)
        .or_else(|| Mode::ALL.into_iter().find(fits))
}

/// Checks a hand placement of `request` (moving `old`, if any) at `to` like an allocation:
/// the one rule of `booking move`, `request place` and the console's list of choices
/// ([`super::move_choices`] lists exactly what this accepts).
pub(super) fn hand_target(
    ctx: &Ctx,
    request: &crate::model::Request,
    old: Option<&Booking>,
    to: &MoveTo,
    now: DateTime<Utc>,
) -> Result<HandTarget> {
    let input = hand_input(ctx, &request.id, now)?;
    let (to_session, to_slot) = match (&to.place, old) {
        (Some(p), _) => p.clone(),
        (None, Some(b)) => (b.session.clone(), b.slot),
        (None, None) => {
            return Err(Refusal::NoOpenSession {
                session: String::new(),
            }
            .into());
        }
    };
    let month = month_of_session(&input, &to_session)?;
    let plan = schedule::build(&input, month, true);
    let session = plan
        .sessions
        .iter()
        .find(|s| s.id == to_session)
        .ok_or_else(|| {
            Error::from(Refusal::NoOpenSession {
                session: to_session.to_string(),
            })
        })?;
    if to_slot >= session.slot_count() {
        return Err(Refusal::SlotOutOfRange {
            session: session.id.clone(),
            // Told as people count slots, from 1 (`--to SESSION/N`).
            last: session.slot_count(),
        }
        .into());
    }
    let interpreter = match &to.interpreter {
        None => old.and_then(|b| b.interpreter.clone()),
        Some(i) if i.is_empty() => None,
        Some(i) => Some(i.clone()),
    };
    let mode = match (&interpreter, to.mode) {
        (None, _) => None,
        (Some(_), Some(m)) => Some(m),
        (Some(id), None) => {
            let i = input
                .interpreters
                .iter()
                .find(|i| &i.id == id)
                .ok_or_else(|| Error::from(Refusal::UnknownInterpreter { id: id.to_string() }))?;
            hand_mode(i, session, request, old.and_then(|b| b.mode))
        }
    };
    let moved = Assignment {
        request: request.id.clone(),
        session: session.id.clone(),
        slot: i64::from(to_slot),
        interpreter: interpreter.clone(),
        mode,
    };
    let violations = violations(&input, &plan, month, moved);
    if !violations.is_empty() {
        let name = |id: &String| {
            input
                .interpreters
                .iter()
                .find(|i| &i.id == id)
                .map_or_else(|| id.clone(), |i| i.name.clone())
        };
        return Err(Refusal::CannotMove {
            number: old.map_or_else(|| request.id.clone(), |b| b.number.clone()),
            session: session.id.clone(),
            slot: to_slot + 1,
            interpreter: interpreter.as_ref().map(name),
            reasons: violations
                .into_iter()
                .map(|f| f.renaming_interpreters(name))
                .collect(),
        }
        .into());
    }
    let session = session.clone();
    drop(plan);
    Ok(HandTarget {
        session,
        slot: to_slot,
        interpreter,
        mode,
        input,
    })
}

/// The first free booth of a slot (booking `except` moving out of it counts as gone).
pub(super) fn free_booth(
    bookings: &[Booking],
    session: &str,
    slot: u32,
    except: Option<&str>,
) -> u32 {
    let taken: Vec<u32> = bookings
        .iter()
        .filter(|b| {
            b.status == BookingStatus::Confirmed
                && Some(b.number.as_str()) != except
                && b.session == session
                && b.slot == slot
        })
        .map(|b| b.booth)
        .collect();
    (1..).find(|n| !taken.contains(n)).unwrap_or(1)
}

/// What `assignment` breaks of the allocator's rules, among every other confirmed booking of
/// `month` in an open session; empty when it is feasible. Only what it adds counts: a
/// violation the other bookings already have without it (five bookings stranded by an ill
/// interpreter) is not the moved booking's ([`MonthCheck`]).
pub(super) fn violations(
    input: &schedule::MonthInput,
    plan: &schedule::Plan,
    month: Month,
    assignment: Assignment,
) -> Vec<Fault> {
    let leaving = [assignment.request.as_str()];
    MonthCheck::new(input, plan, month, &leaving)
        .added_violations(vec![assignment])
        .into_iter()
        .map(|v| v.fault)
        .collect()
}

/// A month's confirmed bookings (in open sessions) as the checker sees them, and what they
/// already break: assignments added to them are judged only by the violations they add.
/// Why a difference of the checker's lines: every line names what it is about and counts
/// (`3 assignments for 2 booths`, `overlapping assignments (R-1 and R-2)`), so a line the
/// added assignments make worse reads differently, and one they do not touch is unchanged.
pub(super) struct MonthCheck<'a> {
    checker: alloc::Checker<'a>,
    base: Vec<Assignment>,
    before: HashMap<String, usize>,
}

impl<'a> MonthCheck<'a> {
    /// The month without the bookings of the requests `leaving` (those being moved).
    pub(super) fn new(
        input: &schedule::MonthInput,
        plan: &'a schedule::Plan,
        month: Month,
        leaving: &[&str],
    ) -> MonthCheck<'a> {
        let open: HashSet<&str> = plan.sessions.iter().map(|s| s.id.as_str()).collect();
        let base: Vec<Assignment> = input
            .bookings
            .iter()
            .filter(|b| {
                b.status == BookingStatus::Confirmed
                    && !leaving.contains(&b.request.as_str())
                    && open.contains(b.session.as_str())
                    && month.contains(b.start.date())
            })
            .map(schedule::assignment_of)
            .collect();
        let checker = alloc::Checker::new(&plan.instance);
        let mut before = HashMap::new();
        for v in check_all(&checker, base.clone()) {
            // A damaged instance is never "already so": it refuses every move.
            if v.rule != Rule::Instance {
                *before.entry(v.message).or_insert(0) += 1;
            }
        }
        MonthCheck {
            checker,
            base,
            before,
        }
    }

    /// The violations `extra` adds to the month (rule, the checker's line).
    pub(super) fn added(&self, extra: Vec<Assignment>) -> Vec<(Rule, String)> {
        self.added_violations(extra)
            .into_iter()
            .map(|v| (v.rule, v.message))
            .collect()
    }

    /// The violations `extra` adds to the month, whole (with their typed fault).
    pub(super) fn added_violations(&self, extra: Vec<Assignment>) -> Vec<Violation> {
        let mut all = self.base.clone();
        all.extend(extra);
        let mut left = self.before.clone();
        check_all(&self.checker, all)
            .into_iter()
            .filter(|v| match left.get_mut(&v.message) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect()
    }
}

/// The checker's lines about where bookings are (not the objective or the request count).
fn check_all(checker: &alloc::Checker<'_>, assignments: Vec<Assignment>) -> Vec<Violation> {
    let solution = Solution {
        format: SOLUTION_FORMAT.to_string(),
        assignments,
        unassigned: Vec::new(),
        objective: Objective { weight: 0, cost: 0 },
    };
    checker
        .check(&solution)
        .into_iter()
        .filter(|v| {
            matches!(
                v.rule,
                Rule::Slot | Rule::Topic | Rule::Time | Rule::Interpreter | Rule::Instance
            ) || matches!(v.fault, Fault::UnknownRequest { .. })
        })
        .collect()
}

/// The month of a session id (`<agency>-<YYYY-MM-DD>[-HHMM]`), checked against the agencies.
fn month_of_session(input: &schedule::MonthInput, id: &str) -> Result<Month> {
    input
        .agencies
        .iter()
        .filter_map(|a| id.strip_prefix(&a.id)?.strip_prefix('-'))
        .filter_map(|rest| chrono::NaiveDate::parse_from_str(rest.get(..10)?, "%Y-%m-%d").ok())
        .map(Month::of)
        .next()
        .ok_or_else(|| Error::from(Refusal::NotASessionId { id: id.to_string() }))
}

/// What [`booking_pin`] did.
#[derive(Debug)]
pub struct Pinned {
    pub number: String,
    pub pinned: bool,
    pub published: PublishReport,
}

/// Pins (or unpins) a confirmed booking: a pinned booking stays where it is in every
/// allocation, `--replan` included. A booking that has started cannot be pinned
/// ([`crate::model::Clock::is_history`]).
pub fn booking_pin(ctx: &Ctx, number: &str, pin: bool, now: DateTime<Utc>) -> Result<Pinned> {
    let b = booking(ctx, number)?;
    if pin && b.status != BookingStatus::Confirmed {
        return Err(Refusal::PinNotConfirmed {
            number: number.to_string(),
        }
        .into());
    }
    // A pin steers allocations to come; a booking that has started is history, which no
    // allocation touches. Unpinning one stays possible: it only tidies the pin list.
    if pin && ctx.clock(now)?.is_history(&b) {
        return Err(Refusal::BookingPast {
            number: number.to_string(),
            start: b.start,
        }
        .into());
    }
    let mut pins = ctx.store().pins()?;
    let changed = if pin {
        pins.insert(b.number.clone())
    } else {
        pins.remove(&b.number)
    };
    if !changed {
        let number = number.to_string();
        return Err(if pin {
            Refusal::AlreadyPinned { number }
        } else {
            Refusal::NotPinned { number }
        }
        .into());
    }
    let mut batch = Batch::new();
    batch.put_pins(&pins)?;
    let (booking, at) = (b.number.clone(), Place::of(&b));
    batch.log(Event::typed(
        now,
        &b.request,
        if pin {
            What::Pinned { booking, at }
        } else {
            What::Unpinned { booking, at }
        },
    ));
    let published = ctx.commit(batch, now)?;
    Ok(Pinned {
        number: b.number,
        pinned: pin,
        published,
    })
}
