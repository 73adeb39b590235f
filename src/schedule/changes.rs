use super::instance::{Plan, month_bookings};
use crate::alloc::{Reason, Solution};
use crate::model::{
    Booking, BookingStatus, Event, Place, Release, Request, RequestStatus, Session, What,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One thing an allocation did to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Placed { booking: Booking },
    Moved { from: Booking, to: Booking },
    Released { booking: Booking, reason: Reason },
    Waiting { request: String, reason: Reason },
}

/// Everything to write for one allocation, and the story to tell the coordinator.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub changes: Vec<Change>,
    pub unchanged: usize,
    /// Records to store, all in one commit.
    pub bookings: Vec<Booking>,
    pub requests: Vec<Request>,
    pub events: Vec<Event>,
    /// The booking counter after the new bookings.
    pub booking_counter: u64,
}

impl Changes {
    pub fn count(&self, f: impl Fn(&Change) -> bool) -> usize {
        self.changes.iter().filter(|c| f(c)).count()
    }
}

/// Turns `solution` into bookings, comparing with the month's confirmed bookings.
///
/// A request keeps its booking (number, booth, sequence) when it stays at the same place; a
/// moved booking keeps its number (so calendar UIDs stay stable) and gets `sequence + 1`; a
/// request that lost its place gets its booking cancelled (`sequence + 1`) and goes back to
/// waiting; when such a request is placed again its released booking comes back with the same
/// number (`sequence + 1`); only a first placement gets the next booking number.
pub fn plan_changes(
    input: &super::MonthInput,
    plan: &Plan,
    solution: &Solution,
    now: DateTime<Utc>,
    booking_counter: u64,
) -> Changes {
    let sessions: HashMap<&str, &Session> =
        plan.sessions.iter().map(|s| (s.id.as_str(), s)).collect();
    let requests: HashMap<&str, &Request> =
        input.requests.iter().map(|r| (r.id.as_str(), r)).collect();
    let current: HashMap<&str, &Booking> = month_bookings(&input.bookings, plan.month)
        .into_iter()
        .map(|b| (b.request.as_str(), b))
        .collect();
    // The latest released booking of each waiting request, to be re-used when it is placed.
    let mut released: HashMap<&str, &Booking> = HashMap::new();
    for b in &input.bookings {
        let waiting = requests
            .get(b.request.as_str())
            .is_some_and(|r| crate::model::is_rescheduling(b, r));
        if waiting && !current.contains_key(b.request.as_str()) {
            let e = released.entry(b.request.as_str()).or_insert(b);
            if (b.updated, b.sequence) > (e.updated, e.sequence) {
                *e = b;
            }
        }
    }
    let mut out = Changes {
        booking_counter,
        ..Changes::default()
    };
    // Booths already taken by bookings that stay put, per (session, slot).
    let mut taken: BTreeMap<(String, u32), BTreeSet<u32>> = BTreeMap::new();
    let mut staying: BTreeSet<&str> = BTreeSet::new();
    for a in &solution.assignments {
        if let Some(b) = current.get(a.request.as_str()) {
            let slot = u32::try_from(a.slot).unwrap_or(u32::MAX);
            if b.session == a.session
                && b.slot == slot
                && b.interpreter == a.interpreter
                && b.mode == a.mode
                && sessions
                    .get(a.session.as_str())
                    .is_some_and(|s| s.slot_times(slot) == (b.start, b.end))
            {
                staying.insert(b.request.as_str());
                taken
                    .entry((b.session.clone(), b.slot))
                    .or_default()
                    .insert(b.booth);
            }
        }
    }
    let event = |request: &str, what: What| Event::typed(now, request, what);
    for a in &solution.assignments {
        let request = a.request.as_str();
        if staying.contains(request) {
            out.unchanged += 1;
            continue;
        }
        let (Some(session), Ok(slot)) = (sessions.get(a.session.as_str()), u32::try_from(a.slot))
        else {
            // The allocator only returns existing sessions and slots; a solution that does
            // not is treated as leaving the request waiting rather than trusted.
            continue;
        };
        let (start, end) = session.slot_times(slot);
        let booths = taken.entry((a.session.clone(), slot)).or_default();
        let booth = (1..).find(|n| !booths.contains(n)).unwrap_or(1);
        booths.insert(booth);
        let mut booking = Booking {
            number: String::new(),
            request: request.to_string(),
            session: a.session.clone(),
            agency: session.agency.clone(),
            slot,
            start,
            end,
            booth,
            interpreter: a.interpreter.clone(),
            mode: a.mode,
            sequence: 0,
            status: BookingStatus::Confirmed,
            created: now,
            updated: now,
        };
        match current.get(request) {
            Some(old) => {
                booking.continues(old);
                out.events.push(event(
                    request,
                    What::Moved {
                        booking: booking.number.clone(),
                        from: Place::of(old),
                        to: Place::of(&booking),
                        by_hand: false,
                    },
                ));
                out.changes.push(Change::Moved {
                    from: (*old).clone(),
                    to: booking.clone(),
                });
            }
            None => {
                match released.get(request) {
                    // Released earlier and still waiting: the same booking comes back (same
                    // number, so the same calendar UID, and a higher SEQUENCE).
                    Some(old) => {
                        booking.continues(old);
                        out.events.push(event(
                            request,
                            What::Replaced {
                                booking: booking.number.clone(),
                                at: Place::of(&booking),
                                was: Place::of(old),
                            },
                        ));
                    }
                    None => {
                        out.booking_counter += 1;
                        booking.number = format!("B-{:05}", out.booking_counter);
                        out.events.push(event(
                            request,
                            What::Placed {
                                booking: booking.number.clone(),
                                at: Place::of(&booking),
                            },
                        ));
                    }
                }
                out.changes.push(Change::Placed {
                    booking: booking.clone(),
                });
                if let Some(r) = requests.get(request) {
                    out.requests.push(Request {
                        status: RequestStatus::Booked,
                        ..(*r).clone()
                    });
                }
            }
        }
        out.bookings.push(booking);
    }
    for u in &solution.unassigned {
        let request = u.request.as_str();
        match current.get(request) {
            Some(old) => {
                let mut cancelled = (*old).clone();
                cancelled.status = BookingStatus::Cancelled;
                cancelled.sequence += 1;
                cancelled.updated = now;
                out.events.push(event(
                    request,
                    What::Released {
                        booking: old.number.clone(),
                        at: Place::of(old),
                        why: Release::Unplaced {
                            reason: u.reason.code().to_string(),
                        },
                    },
                ));
                out.changes.push(Change::Released {
                    booking: cancelled.clone(),
                    reason: u.reason,
                });
                out.bookings.push(cancelled);
                if let Some(r) = requests.get(request) {
                    out.requests.push(Request {
                        status: RequestStatus::Waiting,
                        ..(*r).clone()
                    });
                }
            }
            None => out.changes.push(Change::Waiting {
                request: request.to_string(),
                reason: u.reason,
            }),
        }
    }
    out
}
