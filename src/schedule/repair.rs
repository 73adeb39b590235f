//! Repair of confirmed bookings that cannot happen as planned, inside the lead time.
//!
//! The lead time ([`crate::model::Clock::open_from`]) keeps sessions starting soon out of the
//! allocation instance: it protects *new intakes* (the specialist needs time to read them).
//! A booking that already exists and needs rearranging ([`Troubles`]: its interpreter fell
//! ill, its session was cancelled the day before) would then never be repaired, and the
//! resident would come to a consultation that cannot take place.
//!
//! Why a separate pass and not the instance: the allocator's invariant is that the instance
//! holds only open sessions, in which anything may be placed; opening a closed session for a
//! few requests only would need a per-request session filter the exchange format does not
//! have. This pass is small, pure and deterministic (bookings in time and number order,
//! candidates by cost then id), and runs *before* the solve, so the solve sees its result:
//! 1. a substitute interpreter for the same slot, the first of [`super::substitutes`] (the
//!    rule `booking substitutes` lists: speaks the language, a mode the request accepts and
//!    the session offers, available in their own zone, no overlap with their other bookings,
//!    within their daily maximum; cheapest first);
//! 2. otherwise the booking is released and the request waits again; the solve that follows
//!    then places it in the month's open sessions if it can (the same booking number comes
//!    back), else it stays on the call list.
//!
//! Troubled bookings outside the lead time are left to the solve, which already treats a pin
//! that stopped being feasible as a preference. Nothing started is touched (history is never
//! in [`Troubles`]), nothing is moved into a started slot.

use super::MonthInput;
use crate::alloc::Reason;
use crate::model::{
    Booking, BookingStatus, Clock, Event, EventKind, Month, Request, RequestStatus, Trouble,
    Troubles, parse_tz, sessions_for_month,
};
use std::collections::HashMap;

/// One repair of one troubled booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// Same slot, another interpreter.
    Substitute { from: Booking, to: Booking },
    /// Released; the request waits again (the solve may place it).
    Released {
        booking: Booking,
        trouble: Trouble,
        reason: Reason,
    },
}

/// What [`repair`] decided, and the records to store for it.
#[derive(Debug, Clone, Default)]
pub struct Repairs {
    pub repairs: Vec<Repair>,
    pub bookings: Vec<Booking>,
    pub requests: Vec<Request>,
    pub events: Vec<Event>,
}

impl Repairs {
    /// `input` as it is after the repairs (what the solve must see).
    pub fn apply(&self, input: &mut MonthInput) {
        for b in &self.bookings {
            if let Some(old) = input.bookings.iter_mut().find(|o| o.number == b.number) {
                *old = b.clone();
            }
        }
        for r in &self.requests {
            if let Some(old) = input.requests.iter_mut().find(|o| o.id == r.id) {
                *old = r.clone();
            }
        }
    }
}

/// Repairs every booking in `troubles` that starts inside the lead time at `clock`.
pub fn repair(input: &MonthInput, troubles: &Troubles, clock: &Clock) -> Repairs {
    let tz = parse_tz(&input.center.timezone).unwrap_or(chrono_tz::Tz::UTC);
    let requests: HashMap<&str, &Request> =
        input.requests.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut todo: Vec<&Booking> = input
        .bookings
        .iter()
        .filter(|b| troubles.contains(&b.number) && !clock.is_open(b.start))
        .collect();
    todo.sort_by(|a, b| (a.start, &a.number).cmp(&(b.start, &b.number)));
    // The confirmed bookings as they stand while repairing (substitutes count at once).
    let mut live: Vec<Booking> = input
        .bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .cloned()
        .collect();
    let mut out = Repairs::default();
    for b in todo {
        let Some(trouble) = troubles.get(&b.number).cloned() else {
            continue;
        };
        let request = requests.get(b.request.as_str()).copied();
        let session = input
            .agencies
            .iter()
            .find(|a| a.id == b.agency)
            .and_then(|a| {
                sessions_for_month(a, Month::of(b.start.date()), tz, &input.center.closed)
                    .into_iter()
                    .find(|s| s.id == b.session)
            });
        let substitute = match (&session, request) {
            (Some(s), Some(r)) if trouble.is_interpreter() => super::best_substitute(
                &input.interpreters,
                &live,
                super::Wanted {
                    number: &b.number,
                    current: b.interpreter.as_deref(),
                    session: s,
                    slot: b.slot,
                    request: r,
                },
                tz,
            ),
            _ => None,
        };
        let now = clock.now;
        match substitute {
            Some((interpreter, mode)) => {
                let mut to = b.clone();
                to.interpreter = Some(interpreter.id.clone());
                to.mode = Some(mode);
                to.sequence += 1;
                to.updated = now;
                out.events.push(Event::new(
                    now,
                    &b.request,
                    EventKind::Moved,
                    format!(
                        "{} repaired ({}): interpreter {} -> {} {mode}",
                        b.number,
                        trouble.code(),
                        b.interpreter.as_deref().unwrap_or("-"),
                        interpreter.id
                    ),
                ));
                if let Some(l) = live.iter_mut().find(|l| l.number == b.number) {
                    *l = to.clone();
                }
                out.bookings.push(to.clone());
                out.repairs.push(Repair::Substitute {
                    from: b.clone(),
                    to,
                });
            }
            None => {
                let mut cancelled = b.clone();
                cancelled.status = BookingStatus::Cancelled;
                cancelled.sequence += 1;
                cancelled.updated = now;
                let reason = if trouble.is_interpreter() {
                    Reason::NoInterpreterAvailable
                } else {
                    Reason::Capacity
                };
                out.events.push(Event::new(
                    now,
                    &b.request,
                    EventKind::Released,
                    format!(
                        "{} released ({}): waiting again, {}",
                        b.number,
                        trouble.code(),
                        reason.describe()
                    ),
                ));
                live.retain(|l| l.number != b.number);
                out.bookings.push(cancelled.clone());
                if let Some(r) = request {
                    out.requests.push(Request {
                        status: RequestStatus::Waiting,
                        ..r.clone()
                    });
                }
                out.repairs.push(Repair::Released {
                    booking: cancelled,
                    trouble,
                    reason,
                });
            }
        }
    }
    out
}
