//! Choosing a place by hand: the valid free places for a confirmed booking (a move) or a
//! waiting request (placing it now, at the counter), with the interpreters who fit each, best
//! first ([`move_choices`]); and booking a waiting request at the chosen place
//! ([`request_place`]).
//!
//! **One rule.** A choice is listed exactly when the check of `booking move` accepts it
//! ([`super::bookings::hand_target`]: the month built as an allocation instance, only what the
//! placement adds to the month's confirmed bookings counts, [`MonthCheck`]). The list builds
//! that check once per month and asks it about each candidate; it only skips candidates the
//! check refuses anyway, in three steps that are cheap: a place (session, slot) that the check
//! refuses without an interpreter for another reason than the missing interpreter (full,
//! topic or agency, the resident's times or deadline) is refused with any interpreter too; an
//! interpreter who does not speak the language, or a mode not all three accept, is a
//! violation of its own. Every remaining candidate is asked of the check, whole.

use super::Ctx;
use super::bookings::{MonthCheck, MoveTo, free_booth, hand_input, hand_target};
use crate::alloc::{Assignment, Fault};
use crate::error::{Error, Refusal, Result};
use crate::model::{
    Agency, Booking, BookingStatus, Event, Interpreter, Mode, Month, Place, Request, RequestStatus,
    Session, What,
};
use crate::publish::PublishReport;
use crate::schedule;
use crate::store::{Batch, Counter};
use chrono::{DateTime, NaiveDateTime, Utc};
use std::collections::HashMap;

/// How many months the list looks at: this month (of today, in the center's zone) and the
/// next two, like the agencies' feeds.
pub const CHOICE_MONTHS: usize = 3;

/// What the choices are for.
#[derive(Debug, Clone, Copy)]
pub enum ChoicesFor<'a> {
    /// A confirmed booking (or a released one whose request waits again): a move.
    Booking(&'a str),
    /// A waiting request without a booking to move: placing it.
    Request(&'a str),
}

/// One valid place with one way to interpret it.
#[derive(Debug, Clone)]
pub struct Choice {
    pub session: Session,
    /// 0-based.
    pub slot: u32,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// `None`: no interpreter (the request needs none there).
    pub interpreter: Option<Interpreter>,
    pub mode: Option<Mode>,
    /// The interpreter's confirmed bookings that month, this one not counted.
    pub load: usize,
}

impl Choice {
    /// The choice as a form value: `SESSION/N/INTERPRETER/MODE` (N counted from 1 as in
    /// `booking move --to SESSION/N`, interpreter and mode empty for none).
    pub fn key(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.session.id,
            self.slot + 1,
            self.interpreter.as_ref().map_or("", |i| i.id.as_str()),
            self.mode.map_or("", |m| m.code())
        )
    }

    /// Where to, as [`super::booking_move`] and [`request_place`] take it.
    pub fn to(&self) -> MoveTo {
        MoveTo {
            place: Some((self.session.id.clone(), self.slot)),
            interpreter: Some(
                self.interpreter
                    .as_ref()
                    .map_or_else(String::new, |i| i.id.clone()),
            ),
            mode: self.mode,
        }
    }
}

/// Reads a form value made by [`Choice::key`]; `None` when it is not one.
pub fn parse_choice(value: &str) -> Option<MoveTo> {
    let mut parts = value.trim().splitn(2, '/');
    let session = parts.next()?.to_string();
    let rest = parts.next()?;
    let (slot, rest) = rest.split_once('/')?;
    let (interpreter, mode) = rest.rsplit_once('/')?;
    let slot: u32 = slot.parse().ok()?;
    if session.is_empty() || slot == 0 {
        return None;
    }
    let mode = if mode.is_empty() {
        None
    } else {
        Some(mode.parse::<Mode>().ok()?)
    };
    Some(MoveTo {
        place: Some((session, slot - 1)),
        interpreter: Some(interpreter.to_string()),
        mode,
    })
}

/// The valid places for a booking or request, best first.
#[derive(Debug)]
pub struct Choices {
    pub request: Request,
    /// The booking being moved (`ChoicesFor::Booking`).
    pub booking: Option<Booking>,
    pub choices: Vec<Choice>,
    pub months: Vec<Month>,
    /// For names.
    pub agencies: Vec<Agency>,
    pub interpreters: Vec<Interpreter>,
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

fn request(ctx: &Ctx, id: &str) -> Result<Request> {
    ctx.store()
        .request(id)?
        .ok_or_else(|| Error::from(Refusal::UnknownRequest { id: id.to_string() }))
}

/// The booking `request_place` and `move_choices` move instead of making a new one: a
/// released booking of a waiting request keeps its number for life.
fn released_of(ctx: &Ctx, r: &Request) -> Result<Option<Booking>> {
    Ok(ctx
        .store()
        .bookings()?
        .into_iter()
        .filter(|b| b.request == r.id && crate::model::is_rescheduling(b, r))
        .max_by_key(|b| b.updated))
}

/// Whether a violation says only that an interpreter is missing (or not wanted): the
/// place itself holds.
fn about_interpreter_only(f: &Fault) -> bool {
    matches!(
        f,
        Fault::InterpreterNeeded { .. } | Fault::InterpreterNotNeeded { .. }
    )
}

/// Every valid free place for booking or request `what` in the next [`CHOICE_MONTHS`] months,
/// each with every interpreter and mode that fits (or none where the request needs none),
/// ranked: earliest first, then in person before video before phone, then the interpreter
/// with the fewest bookings that month. The booking's own place, interpreter and mode is not
/// a choice. Reads only.
pub fn move_choices(ctx: &Ctx, what: ChoicesFor<'_>, now: DateTime<Utc>) -> Result<Choices> {
    let clock = ctx.clock(now)?;
    let (request, moving) = match what {
        ChoicesFor::Booking(number) => {
            let b = booking(ctx, number)?;
            let r = request(ctx, &b.request)?;
            if b.status != BookingStatus::Confirmed && !crate::model::is_rescheduling(&b, &r) {
                return Err(Refusal::BookingCancelled {
                    number: b.number.clone(),
                    status: r.status.code().to_string(),
                }
                .into());
            }
            if b.status == BookingStatus::Confirmed && clock.is_history(&b) {
                return Err(Refusal::BookingPast {
                    number: b.number.clone(),
                    start: b.start,
                }
                .into());
            }
            (r, Some(b))
        }
        ChoicesFor::Request(id) => {
            let r = request(ctx, id)?;
            if r.status != RequestStatus::Waiting {
                return Err(Refusal::RequestNotWaiting {
                    id: r.id.clone(),
                    status: r.status.code().to_string(),
                }
                .into());
            }
            (r, None)
        }
    };
    let input = hand_input(ctx, &request.id, now)?;
    let this = Month::of(clock.today());
    let mut months = vec![this];
    while months.len() < CHOICE_MONTHS {
        let last = months[months.len() - 1];
        months.push(last.next());
    }
    let speakers: Vec<&Interpreter> = input
        .interpreters
        .iter()
        .filter(|i| i.languages.contains(&request.language))
        .collect();
    let mut choices = Vec::new();
    for &month in &months {
        let plan = schedule::build(&input, month, true);
        let check = MonthCheck::new(&input, &plan, month, &[request.id.as_str()]);
        // Each interpreter's confirmed bookings this month, the moving one not counted.
        let mut load: HashMap<&str, usize> = HashMap::new();
        for b in input
            .bookings
            .iter()
            .filter(|b| b.status == BookingStatus::Confirmed && month.contains(b.start.date()))
        {
            if b.request != request.id
                && let Some(i) = &b.interpreter
            {
                *load.entry(i.as_str()).or_default() += 1;
            }
        }
        for session in &plan.sessions {
            for slot in 0..session.slot_count() {
                let at = |interpreter: Option<&Interpreter>, mode: Option<Mode>| Assignment {
                    request: request.id.clone(),
                    session: session.id.clone(),
                    slot: i64::from(slot),
                    interpreter: interpreter.map(|i| i.id.clone()),
                    mode,
                };
                let bare = check.added_violations(vec![at(None, None)]);
                if bare.iter().any(|v| !about_interpreter_only(&v.fault)) {
                    continue;
                }
                let (start, end) = session.slot_times(slot);
                let choice = |interpreter: Option<&Interpreter>, mode: Option<Mode>| Choice {
                    session: session.clone(),
                    slot,
                    start,
                    end,
                    interpreter: interpreter.cloned(),
                    mode,
                    load: interpreter.map_or(0, |i| load.get(i.id.as_str()).copied().unwrap_or(0)),
                };
                if bare.is_empty() {
                    // Needs no interpreter here.
                    choices.push(choice(None, None));
                    continue;
                }
                for i in &speakers {
                    for mode in Mode::ALL {
                        if !(i.modes.contains(&mode)
                            && session.modes.contains(&mode)
                            && request.modes.contains(&mode))
                        {
                            continue;
                        }
                        if check
                            .added_violations(vec![at(Some(i), Some(mode))])
                            .is_empty()
                        {
                            choices.push(choice(Some(i), Some(mode)));
                        }
                    }
                }
            }
        }
    }
    if let Some(b) = moving
        .as_ref()
        .filter(|b| b.status == BookingStatus::Confirmed)
    {
        choices.retain(|c| {
            !(c.session.id == b.session
                && c.slot == b.slot
                && c.interpreter.as_ref().map(|i| &i.id) == b.interpreter.as_ref()
                && c.mode == b.mode)
        });
    }
    choices.sort_by(|a, b| {
        (
            a.start,
            a.mode.map_or(0, Mode::index),
            a.load,
            a.interpreter.as_ref().map(|i| i.id.as_str()),
            &a.session.id,
        )
            .cmp(&(
                b.start,
                b.mode.map_or(0, Mode::index),
                b.load,
                b.interpreter.as_ref().map(|i| i.id.as_str()),
                &b.session.id,
            ))
    });
    Ok(Choices {
        request,
        booking: moving,
        choices,
        months,
        agencies: input.agencies,
        interpreters: input.interpreters,
    })
}

/// What [`request_place`] did.
#[derive(Debug)]
pub struct Placed {
    pub booking: Booking,
    /// The booking it continues (a released one: same number), if any.
    pub was: Option<Booking>,
    pub published: PublishReport,
}

/// Books waiting request `id` at `to` (a place chosen from [`move_choices`]), checked like
/// `booking move` (the same check), pinned: a coordinator's decision, which allocations keep.
/// A request whose booking was released keeps that booking's number (its calendar event
/// comes back, SEQUENCE + 1); otherwise a new number. History: the allocator's placement
/// event (`Placed` / `Replaced`), with the staff member who placed it. One commit, then
/// published.
pub fn request_place(ctx: &Ctx, id: &str, to: MoveTo, now: DateTime<Utc>) -> Result<Placed> {
    let r = request(ctx, id)?;
    if r.status != RequestStatus::Waiting {
        return Err(Refusal::RequestNotWaiting {
            id: r.id.clone(),
            status: r.status.code().to_string(),
        }
        .into());
    }
    if to.place.is_none() {
        return Err(Refusal::NoOpenSession {
            session: String::new(),
        }
        .into());
    }
    let was = released_of(ctx, &r)?;
    // A released booking keeps its interpreter only if the choice says so.
    let target = hand_target(ctx, &r, None, &to, now)?;
    let (start, end) = target.session.slot_times(target.slot);
    let booth = free_booth(
        &target.input.bookings,
        &target.session.id,
        target.slot,
        None,
    );
    let mut booking = Booking {
        number: String::new(),
        request: r.id.clone(),
        session: target.session.id.clone(),
        agency: target.session.agency.clone(),
        slot: target.slot,
        start,
        end,
        booth,
        interpreter: target.interpreter.clone(),
        mode: target.mode,
        sequence: 0,
        status: BookingStatus::Confirmed,
        created: now,
        updated: now,
    };
    let mut batch = Batch::new();
    let event = match &was {
        Some(old) => {
            booking.continues(old);
            booking.updated = now;
            What::Replaced {
                booking: booking.number.clone(),
                at: Place::of(&booking),
                was: Place::of(old),
            }
        }
        None => {
            let n = ctx.store().counter(Counter::Bookings)? + 1;
            batch.put_counter(Counter::Bookings, n)?;
            booking.number = format!("B-{n:05}");
            What::Placed {
                booking: booking.number.clone(),
                at: Place::of(&booking),
            }
        }
    };
    batch.put_booking(&booking)?;
    batch.put_request(&Request {
        status: RequestStatus::Booked,
        ..r.clone()
    })?;
    let mut pins = ctx.store().pins()?;
    pins.insert(booking.number.clone());
    batch.put_pins(&pins)?;
    batch.log(Event::typed(now, &r.id, event));
    let published = ctx.commit(batch, now)?;
    Ok(Placed {
        booking,
        was,
        published,
    })
}

/// Whether `booking move` (for a booking) or [`request_place`] (for a waiting request) would
/// accept `to`, by the same check, changing nothing: `Ok` or the refusal it would give.
pub fn hand_place_check(
    ctx: &Ctx,
    what: ChoicesFor<'_>,
    to: &MoveTo,
    now: DateTime<Utc>,
) -> Result<()> {
    match what {
        ChoicesFor::Booking(number) => {
            let b = booking(ctx, number)?;
            let r = request(ctx, &b.request)?;
            hand_target(ctx, &r, Some(&b), to, now).map(|_| ())
        }
        ChoicesFor::Request(id) => {
            let r = request(ctx, id)?;
            hand_target(ctx, &r, None, to, now).map(|_| ())
        }
    }
}
