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
//! 2. otherwise another slot (or booth) of the same session that has not started: free, in
//!    the resident's windows and before their deadline, with an interpreter where the
//!    language needs one (the same rule, so their own interpreter when free then); the
//!    nearest in time first (the resident was coming that day);
//! 3. otherwise the booking is released and the request waits again; the solve that follows
//!    then places it in the month's open sessions if it can (the same booking number comes
//!    back: the agency's next session this month first, as same-day and later days go
//!    first), else it stays on the call list. The next month's sessions are not tried here:
//!    `soudan agency move-session` moves a cancelled session's bookings to any later one.
//!
//! Troubled bookings outside the lead time are left to the solve, which already treats a pin
//! that stopped being feasible as a preference. Nothing started is touched (history is never
//! in [`Troubles`]), nothing is moved into a started slot.

use super::MonthInput;
use crate::alloc::Reason;
use crate::model::{
    Booking, BookingStatus, Clock, Event, Month, Place, Release, Request, RequestStatus, Session,
    Trouble, Troubles, What, parse_tz, sessions_for_month,
};
use std::collections::HashMap;

/// One repair of one troubled booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// Same slot, another interpreter.
    Substitute { from: Booking, to: Booking },
    /// Another slot or booth of the same session.
    OtherSlot { from: Booking, to: Booking },
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
    /// Records that `b` now stands as `to` (same number): its history, the record to store,
    /// the live bookings the next repairs see, and the repair itself (`kind`).
    fn moved(
        &mut self,
        live: &mut [Booking],
        b: &Booking,
        to: Booking,
        now: chrono::DateTime<chrono::Utc>,
        kind: impl FnOnce(Booking, Booking) -> Repair,
    ) {
        self.events.push(Event::typed(
            now,
            &b.request,
            What::Moved {
                booking: b.number.clone(),
                from: Place::of(b),
                to: Place::of(&to),
                by_hand: false,
            },
        ));
        if let Some(l) = live.iter_mut().find(|l| l.number == b.number) {
            *l = to.clone();
        }
        self.bookings.push(to.clone());
        self.repairs.push(kind(b.clone(), to));
    }

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
        if substitute.is_none()
            && let (Some(s), Some(r)) = (&session, request)
            && let Some(to) = other_slot(input, &live, b, s, r, tz, clock)
        {
            out.moved(&mut live, b, to, now, |from, to| Repair::OtherSlot {
                from,
                to,
            });
            continue;
        }
        match substitute {
            Some((interpreter, mode)) => {
                let mut to = b.clone();
                to.interpreter = Some(interpreter.id.clone());
                to.mode = Some(mode);
                to.sequence += 1;
                to.updated = now;
                out.moved(&mut live, b, to, now, |from, to| Repair::Substitute {
                    from,
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
                out.events.push(Event::typed(
                    now,
                    &b.request,
                    What::Released {
                        booking: b.number.clone(),
                        at: Place::of(b),
                        why: Release::Unplaced {
                            reason: reason.code().to_string(),
                        },
                    },
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

/// Another place in `session` for `b` (step 2 of the module doc): the slots not started,
/// nearest to the booked time first, each in its first free booth; `None` when none fits.
fn other_slot(
    input: &MonthInput,
    live: &[Booking],
    b: &Booking,
    session: &Session,
    request: &Request,
    tz: chrono_tz::Tz,
    clock: &Clock,
) -> Option<Booking> {
    let agency = input.agencies.iter().find(|a| a.id == b.agency)?;
    let needs = input.center.needs_interpreter(agency, &request.language);
    if !needs && b.mode.is_some_and(|m| !session.modes.contains(&m)) {
        return None;
    }
    let windows = request.windows_in(Month::of(session.date()));
    let mut slots: Vec<u32> = (0..session.slot_count()).collect();
    slots.sort_by_key(|&k| ((session.slot_times(k).0 - b.start).num_minutes().abs(), k));
    for k in slots {
        let (start, end) = session.slot_times(k);
        if session.slot_instants(k).0 <= clock.now
            || request.deadline.is_some_and(|d| start.date() > d)
            || windows
                .as_ref()
                .is_some_and(|ws| !ws.iter().any(|w| w.start <= start && end <= w.end))
        {
            continue;
        }
        let taken = |booth: u32| {
            live.iter().any(|o| {
                o.number != b.number && o.session == session.id && o.slot == k && o.booth == booth
            })
        };
        let Some(booth) = (1..=session.booths).find(|&x| !taken(x) && (k, x) != (b.slot, b.booth))
        else {
            continue;
        };
        let (interpreter, mode) = if needs {
            let want = super::Wanted {
                number: &b.number,
                current: None,
                session,
                slot: k,
                request,
            };
            let Some((i, m)) = super::best_substitute(&input.interpreters, live, want, tz) else {
                continue;
            };
            (Some(i.id.clone()), Some(m))
        } else {
            (None, b.mode)
        };
        let mut to = b.clone();
        to.slot = k;
        to.booth = booth;
        to.start = start;
        to.end = end;
        to.interpreter = interpreter;
        to.mode = mode;
        to.sequence += 1;
        to.updated = clock.now;
        return Some(to);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Mode, WeightPolicy};
    use chrono::{TimeDelta, TimeZone};

    /// The bar association's first January session, a Japanese-speaking resident booked in
    /// a booth the session no longer has (`SlotGone`), and a clock the day before (inside the
    /// lead time). `fill` confirmed bookings of others occupy slot 0 from booth 1 on.
    fn month(fill: u32) -> (MonthInput, Booking, Clock) {
        let data = crate::sample::load(Month::new(2027, 1).unwrap()).unwrap();
        let tz = parse_tz(&data.center.timezone).unwrap();
        let agency = data
            .agencies
            .iter()
            .find(|a| a.id == "bar")
            .unwrap()
            .clone();
        let s = sessions_for_month(
            &agency,
            Month::new(2027, 1).unwrap(),
            tz,
            &data.center.closed,
        )
        .into_iter()
        .find(|s| s.slot_count() >= 2)
        .unwrap();
        let mut requests = Vec::new();
        let mut bookings = Vec::new();
        let now = tz
            .from_local_datetime(&(s.start - TimeDelta::days(1)))
            .unwrap()
            .to_utc();
        for i in 0..=fill {
            let mut r = data.requests[i as usize].clone();
            r.id = format!("R-9{i:03}");
            r.language = "ja".into();
            r.windows = None;
            r.deadline = None;
            r.modes = vec![Mode::InPerson];
            r.topic = agency.topics[0].clone();
            r.status = RequestStatus::Booked;
            let (start, end) = s.slot_times(0);
            bookings.push(Booking {
                number: format!("B-9{i:04}"),
                request: r.id.clone(),
                session: s.id.clone(),
                agency: agency.id.clone(),
                slot: 0,
                start,
                end,
                // The troubled one (i = 0) sits in a booth past the session's last.
                booth: if i == 0 { s.booths + 1 } else { i },
                interpreter: None,
                mode: None,
                status: BookingStatus::Confirmed,
                sequence: 0,
                created: now,
                updated: now,
            });
            requests.push(r);
        }
        let input = MonthInput {
            center: data.center.clone(),
            agencies: vec![agency],
            interpreters: data.interpreters.clone(),
            requests,
            bookings: bookings.clone(),
            weights: WeightPolicy::default(),
            open_from: None,
            pinned: Default::default(),
        };
        (input, bookings[0].clone(), Clock::new(now, tz, 2))
    }

    fn repaired(fill: u32) -> (Booking, Vec<Repair>) {
        let (input, b, clock) = month(fill);
        let troubles = Troubles::find(
            &input.center,
            &input.agencies,
            &input.interpreters,
            &input.requests,
            &input.bookings,
            Some(&clock),
        );
        assert_eq!(troubles.get(&b.number), Some(&Trouble::SlotGone));
        (b, repair(&input, &troubles, &clock).repairs)
    }

    #[test]
    fn a_lost_booth_goes_to_a_free_booth_of_the_same_slot() {
        let (b, repairs) = repaired(0);
        match repairs.as_slice() {
            [Repair::OtherSlot { from, to }] => {
                assert_eq!(from.number, b.number);
                assert_eq!((to.slot, to.booth, to.start), (0, 1, b.start));
                assert_eq!(to.sequence, b.sequence + 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_full_slot_sends_the_booking_to_the_nearest_free_slot() {
        let (input, ..) = month(0);
        let booths = input.bookings[0].booth - 1;
        let (b, repairs) = repaired(booths);
        match repairs.as_slice() {
            [Repair::OtherSlot { to, .. }] => {
                assert_eq!(to.slot, 1, "the next slot, the nearest in time");
                assert!(to.start > b.start);
            }
            other => panic!("{other:?}"),
        }
    }
}
