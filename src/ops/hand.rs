//! Hand repair: who could interpret one booking instead ([`booking_substitutes`]), and moving
//! every booking of a (cancelled) session to another session of the agency at once
//! ([`session_move`]).
//!
//! Both read the same rules as the allocator: the substitutes are
//! [`schedule::substitutes`] (the rule `allocate`'s repair takes the first of), and a moved
//! booking is checked like [`super::booking_move`] ([`MonthCheck`]: only what the moved
//! bookings add to the month counts, never what other bookings already break).

use super::Ctx;
use super::bookings::MonthCheck;
use crate::alloc::{Assignment, Rule};
use crate::error::{Error, Refusal, Result};
use crate::model::{
    Agency, Booking, BookingStatus, Event, Interpreter, Mode, Month, Place, Request, RequestStatus,
    Session, What, parse_tz, sessions_for_month,
};
use crate::publish::PublishReport;
use crate::schedule::{self, Fit, Unfit, Wanted};
use crate::store::Batch;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::collections::HashMap;

/// The substitutes for one booking's slot, ranked (best first).
#[derive(Debug)]
pub struct Substitutes {
    pub booking: Booking,
    pub request: Request,
    pub session: Session,
    /// Every interpreter who speaks the language, but the booking's own: those who fit first.
    pub candidates: Vec<(Interpreter, std::result::Result<Fit, Unfit>)>,
}

fn confirmed_booking(ctx: &Ctx, number: &str, now: DateTime<Utc>) -> Result<(Booking, Request)> {
    let b = ctx
        .store()
        .bookings()?
        .into_iter()
        .find(|b| b.number == number)
        .ok_or_else(|| {
            Error::from(Refusal::UnknownBooking {
                number: number.to_string(),
            })
        })?;
    let request = ctx.store().request(&b.request)?.ok_or_else(|| {
        Error::from(Refusal::UnknownRequest {
            id: b.request.clone(),
        })
    })?;
    if b.status != BookingStatus::Confirmed {
        return Err(Refusal::BookingCancelled {
            number: number.to_string(),
            status: request.status.code().to_string(),
        }
        .into());
    }
    if ctx.clock(now)?.is_history(&b) {
        return Err(Refusal::BookingPast {
            number: number.to_string(),
            start: b.start,
        }
        .into());
    }
    Ok((b, request))
}

/// The interpreters who could take booking `number`'s slot instead of its interpreter, ranked
/// with why (and those who cannot, with why not). Reads only.
pub fn booking_substitutes(ctx: &Ctx, number: &str, now: DateTime<Utc>) -> Result<Substitutes> {
    let (b, request) = confirmed_booking(ctx, number, now)?;
    let center = ctx.center()?;
    let tz = parse_tz(&center.timezone).map_err(Error::Refused)?;
    let store = ctx.store();
    let session = store
        .agency(&b.agency)?
        .and_then(|a| {
            sessions_for_month(&a, Month::of(b.start.date()), tz, &center.closed)
                .into_iter()
                .find(|s| s.id == b.session)
        })
        .filter(|s| b.slot < s.slot_count() && s.slot_times(b.slot) == (b.start, b.end))
        .ok_or_else(|| {
            Error::from(Refusal::NoSlotForSubstitutes {
                number: number.to_string(),
            })
        })?;
    let interpreters = store.interpreters()?;
    let live = store.bookings()?;
    let candidates = schedule::substitutes(
        &interpreters,
        &live,
        Wanted {
            number: &b.number,
            current: b.interpreter.as_deref(),
            session: &session,
            slot: b.slot,
            request: &request,
        },
        tz,
    )
    .into_iter()
    .map(|c| (c.interpreter.clone(), c.verdict))
    .collect();
    Ok(Substitutes {
        booking: b,
        request,
        session,
        candidates,
    })
}

/// How `agency move-session` is run.
#[derive(Debug, Clone, Default)]
pub struct SessionMoveOptions {
    /// The date to move to; `None`: the agency's next session after the date moved from.
    pub to: Option<NaiveDate>,
    /// Work out the plan and change nothing.
    pub dry_run: bool,
}

/// Why a booking of the session stays where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotMoved {
    /// Every slot of the new session is full.
    Full,
    /// The free slots are outside the times the resident said they can come.
    Times,
    /// The new date is after the resident's deadline (the date it must take place by).
    Deadline(NaiveDate),
    /// A slot was free, but neither their interpreter nor a substitute then.
    NoInterpreter,
    /// Another rule (the checker's line).
    Other(String),
}

impl NotMoved {
    /// Stable code (`cli-move-session-why-<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            NotMoved::Full => "full",
            NotMoved::Times => "times",
            NotMoved::Deadline(_) => "deadline",
            NotMoved::NoInterpreter => "no-interpreter",
            NotMoved::Other(_) => "other",
        }
    }

    /// Which of two reasons says more (a free slot without an interpreter says more than a
    /// full session).
    fn rank(&self) -> u8 {
        match self {
            NotMoved::Full => 0,
            NotMoved::Other(_) => 1,
            NotMoved::Times => 2,
            NotMoved::Deadline(_) => 3,
            NotMoved::NoInterpreter => 4,
        }
    }
}

/// What [`session_move`] did (or, for a dry run, would do).
#[derive(Debug)]
pub struct SessionMoved {
    pub agency: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// (as it was, as it is now), in the old slot order.
    pub moved: Vec<(Booking, Booking)>,
    /// Bookings left where they were, with why.
    pub not_moved: Vec<(Booking, NotMoved)>,
    /// `None` for a dry run, or when nothing could be moved (nothing was committed).
    pub published: Option<PublishReport>,
}

/// Moves every confirmed booking of `agency_id` on `date` (typically a session cancelled with
/// `agency cancel-session`) to the agency's next session, or the one on `options.to`: the same
/// slot order where the new session allows it, each booking keeping its interpreter when they
/// are free then, else the best substitute ([`schedule::substitutes`]), else it stays where it
/// is and is reported with why. All moves are one commit (history, pins and the call list
/// with it: the residents are told the new date); the moved bookings are pinned like any hand
/// move. A dry run works out the same plan and changes nothing.
pub fn session_move(
    ctx: &Ctx,
    agency_id: &str,
    date: NaiveDate,
    options: SessionMoveOptions,
    now: DateTime<Utc>,
) -> Result<SessionMoved> {
    let store = ctx.store();
    let agency = store.agency(agency_id)?.ok_or_else(|| {
        Error::from(Refusal::UnknownAgency {
            id: agency_id.to_string(),
        })
    })?;
    let clock = ctx.clock(now)?;
    let tz = ctx.zone()?;
    let mut source: Vec<Booking> = store
        .bookings()?
        .into_iter()
        .filter(|b| {
            b.status == BookingStatus::Confirmed
                && b.agency == agency.id
                && b.start.date() == date
                && !clock.is_history(b)
        })
        .collect();
    if source.is_empty() {
        return Err(Refusal::NothingToMoveOnDate {
            agency: agency.id.clone(),
            date: date.to_string(),
        }
        .into());
    }
    source.sort_by(|a, b| (a.start, a.booth, &a.number).cmp(&(b.start, b.booth, &b.number)));
    let closed = store.closed_days()?;
    let to = target_date(&agency, date, options.to, &clock, tz, &closed)?;
    let mut input = super::allocate::month_input(ctx, now)?;
    // Like a hand move: only the past is closed (a coordinator may book within the lead time).
    input.open_from = Some(clock.local);
    // The moving requests are in the target month's instance as if waiting, as for a hand
    // move (`bookings::hand_input`): a move into another month is checked too.
    for r in input
        .requests
        .iter_mut()
        .filter(|r| source.iter().any(|b| b.request == r.id))
    {
        r.status = RequestStatus::Waiting;
    }
    let month = Month::of(to);
    // A request booked in another month is not in this month's instance, and the checker
    // reads an assignment of an unknown request as nothing but `unknown request` (a line the
    // hand check does not count): its windows and deadline would go unchecked. Taken as
    // waiting, it is in the instance with its windows of this month and its deadline.
    let from_elsewhere: Vec<String> = source
        .iter()
        .map(|b| b.request.clone())
        .filter(|r| {
            !input.bookings.iter().any(|o| {
                o.request == *r
                    && o.status == BookingStatus::Confirmed
                    && month.contains(o.start.date())
            })
        })
        .collect();
    for r in input.requests.iter_mut() {
        if r.status == RequestStatus::Booked && from_elsewhere.contains(&r.id) {
            r.status = RequestStatus::Waiting;
        }
    }
    let plan = schedule::build(&input, month, true);
    let sessions: Vec<&Session> = plan
        .sessions
        .iter()
        .filter(|s| s.agency == agency.id && s.date() == to)
        .collect();
    if sessions.is_empty() {
        return Err(Refusal::NoSessionOnDate {
            agency: agency.id.clone(),
            date: to.to_string(),
        }
        .into());
    }
    let slots: Vec<(&Session, u32)> = sessions
        .iter()
        .flat_map(|s| (0..s.slot_count()).map(move |k| (*s, k)))
        .collect();
    let leaving: Vec<&str> = source.iter().map(|b| b.request.as_str()).collect();
    let check = MonthCheck::new(&input, &plan, month, &leaving);
    let requests: HashMap<&str, &Request> =
        input.requests.iter().map(|r| (r.id.as_str(), r)).collect();
    // The confirmed bookings as they stand while moving (moved ones count at once).
    let mut live: Vec<Booking> = input
        .bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Confirmed && !leaving.contains(&b.request.as_str()))
        .cloned()
        .collect();
    let mut placed: Vec<Assignment> = Vec::new();
    let mut moved = Vec::new();
    let mut not_moved = Vec::new();
    for b in &source {
        let Some(request) = requests.get(b.request.as_str()).copied() else {
            not_moved.push((
                b.clone(),
                NotMoved::Other(format!("unknown request {}", b.request)),
            ));
            continue;
        };
        let needs = input.center.needs_interpreter(&agency, &request.language);
        let mut why: Option<NotMoved> = None;
        let mut found = None;
        // The booking's own slot index first, then later ones, then earlier ones.
        let k = (b.slot as usize).min(slots.len().saturating_sub(1));
        let order = (k..slots.len()).chain((0..k).rev());
        'slots: for n in order {
            let (session, slot) = slots[n];
            let taken: Vec<u32> = live
                .iter()
                .filter(|o| o.session == session.id && o.slot == slot)
                .map(|o| o.booth)
                .collect();
            if taken.len() >= session.booths as usize {
                note(&mut why, NotMoved::Full);
                continue;
            }
            for (interpreter, mode) in
                options_for(b, request, session, slot, needs, &input, &live, tz)
            {
                let a = Assignment {
                    request: b.request.clone(),
                    session: session.id.clone(),
                    slot: i64::from(slot),
                    interpreter: interpreter.clone(),
                    mode,
                };
                let mut extra = placed.clone();
                extra.push(a.clone());
                let added = check.added(extra);
                if added.is_empty() {
                    let booth = (1..).find(|n| !taken.contains(n)).unwrap_or(1);
                    found = Some((session, slot, booth, interpreter, mode, a));
                    break 'slots;
                }
                note(
                    &mut why,
                    classify(&added, request, session.slot_times(slot).1),
                );
            }
        }
        match found {
            Some((session, slot, booth, interpreter, mode, a)) => {
                let (start, end) = session.slot_times(slot);
                let new = Booking {
                    session: session.id.clone(),
                    agency: session.agency.clone(),
                    slot,
                    start,
                    end,
                    booth,
                    interpreter,
                    mode,
                    sequence: b.sequence + 1,
                    status: BookingStatus::Confirmed,
                    updated: now,
                    ..b.clone()
                };
                placed.push(a);
                live.push(new.clone());
                moved.push((b.clone(), new));
            }
            None => not_moved.push((b.clone(), why.unwrap_or(NotMoved::Full))),
        }
    }
    let published = if options.dry_run || moved.is_empty() {
        None
    } else {
        let mut batch = Batch::new();
        let mut pins = store.pins()?;
        for (old, new) in &moved {
            batch.put_booking(new)?;
            if let Some(r) = requests.get(new.request.as_str())
                && r.status != RequestStatus::Booked
            {
                let mut r = (*r).clone();
                r.status = RequestStatus::Booked;
                batch.put_request(&r)?;
            }
            pins.insert(new.number.clone());
            batch.log(Event::typed(
                now,
                &new.request,
                What::Moved {
                    booking: new.number.clone(),
                    from: Place::of(old),
                    to: Place::of(new),
                    by_hand: true,
                },
            ));
        }
        batch.put_pins(&pins)?;
        Some(ctx.commit(batch, now)?)
    };
    Ok(SessionMoved {
        agency: agency.id,
        from: date,
        to,
        moved,
        not_moved,
        published,
    })
}

/// Keeps the reason that says more.
fn note(why: &mut Option<NotMoved>, new: NotMoved) {
    if why.as_ref().is_none_or(|w| new.rank() > w.rank()) {
        *why = Some(new);
    }
}

/// What the checker's lines about one tried place mean for the resident.
/// `end`: the tried slot's end, local (after the deadline or not).
fn classify(added: &[(Rule, String)], request: &Request, end: NaiveDateTime) -> NotMoved {
    let any = |rule: Rule| added.iter().any(|(r, _)| *r == rule);
    if any(Rule::Slot) {
        NotMoved::Full
    } else if let Some(d) = request
        .deadline
        .filter(|_| any(Rule::Time) && request.deadline_end().is_some_and(|e| end > e))
    {
        NotMoved::Deadline(d)
    } else if any(Rule::Time) {
        NotMoved::Times
    } else if any(Rule::Interpreter) {
        NotMoved::NoInterpreter
    } else {
        NotMoved::Other(
            added
                .iter()
                .map(|(_, m)| m.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
}

/// The interpreters to try for `b` in `session`'s `slot`, in order: its own (in its mode if
/// it still fits, else their cheapest that fits), then the best substitute; none when the
/// language needs no interpreter and it had none.
#[allow(clippy::too_many_arguments)]
fn options_for(
    b: &Booking,
    request: &Request,
    session: &Session,
    slot: u32,
    needs: bool,
    input: &schedule::MonthInput,
    live: &[Booking],
    tz: chrono_tz::Tz,
) -> Vec<(Option<String>, Option<Mode>)> {
    let mut out = Vec::new();
    if let Some(i) = b
        .interpreter
        .as_deref()
        .and_then(|id| input.interpreters.iter().find(|i| i.id == id))
    {
        let fits = |m: &Mode| {
            i.modes.contains(m) && session.modes.contains(m) && request.modes.contains(m)
        };
        let mode = b.mode.filter(fits).or_else(|| {
            i.modes
                .iter()
                .filter(|m| fits(m))
                .min_by_key(|m| (i.cost.of(**m), m.to_string()))
                .copied()
        });
        if mode.is_some() {
            out.push((Some(i.id.clone()), mode));
        }
    } else if !needs {
        out.push((None, None));
    }
    if needs {
        let want = Wanted {
            number: &b.number,
            current: b.interpreter.as_deref(),
            session,
            slot,
            request,
        };
        if let Some((i, m)) = schedule::best_substitute(&input.interpreters, live, want, tz) {
            out.push((Some(i.id.clone()), Some(m)));
        }
    }
    if out.is_empty() {
        // Nobody to try: judged as it is, so the reason names the interpreter.
        out.push((b.interpreter.clone(), b.mode));
    }
    out
}

/// The date to move to: `to` when given (checked), else the agency's first date after
/// `date` with a session that has not started, this month or the next three.
fn target_date(
    agency: &Agency,
    date: NaiveDate,
    to: Option<NaiveDate>,
    clock: &crate::model::Clock,
    tz: chrono_tz::Tz,
    closed: &crate::model::ClosedDays,
) -> Result<NaiveDate> {
    if let Some(to) = to {
        if to == date {
            return Err(Refusal::MoveSessionSameDate {
                date: to.to_string(),
            }
            .into());
        }
        let sessions: Vec<Session> = sessions_for_month(agency, Month::of(to), tz, closed)
            .into_iter()
            .filter(|s| s.date() == to)
            .collect();
        if sessions.is_empty() {
            return Err(Refusal::NoSessionOnDate {
                agency: agency.id.clone(),
                date: to.to_string(),
            }
            .into());
        }
        if let Some(s) = sessions.iter().find(|s| clock.is_past(s.start)) {
            return Err(Refusal::NoOpenSession {
                session: s.id.clone(),
            }
            .into());
        }
        return Ok(to);
    }
    let mut month = Month::of(date);
    for _ in 0..4 {
        let mut sessions = sessions_for_month(agency, month, tz, closed);
        sessions.sort_by_key(|s| s.start);
        if let Some(s) = sessions
            .iter()
            .find(|s| s.date() > date && !clock.is_past(s.start))
        {
            return Ok(s.date());
        }
        month = month.next();
    }
    Err(Refusal::NoNextSession {
        agency: agency.id.clone(),
        date: date.to_string(),
    }
    .into())
}
