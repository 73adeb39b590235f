use super::fmt_local;
use crate::alloc::{self, Assignment, Instance};
use crate::model::{
    Agency, Booking, BookingStatus, Center, Interpreter, Month, Request, RequestStatus, Session,
    WeightPolicy, parse_tz, sessions_for_month,
};
use chrono::NaiveDateTime;
use std::collections::BTreeSet;

/// What the store holds, as far as one month's allocation is concerned.
#[derive(Debug, Clone)]
pub struct MonthInput {
    pub center: Center,
    pub agencies: Vec<Agency>,
    pub interpreters: Vec<Interpreter>,
    pub requests: Vec<Request>,
    pub bookings: Vec<Booking>,
    pub weights: WeightPolicy,
    /// Sessions starting before this local time (center zone) are closed: history or too close
    /// to book ([`crate::model::Clock::open_from`]). They and the requests booked in them are
    /// left out of the instance, so nothing is placed in, moved into or moved out of them.
    /// `None`: every session of the month is open (what-if instances, tests).
    pub open_from: Option<NaiveDateTime>,
    /// Booking numbers a coordinator pinned: binding even in replan mode.
    pub pinned: BTreeSet<String>,
}

/// An instance ready to solve, with what is needed to read its solution back.
#[derive(Debug, Clone)]
pub struct Plan {
    pub month: Month,
    pub instance: Instance,
    /// The confirmed bookings as soft preferences: in replan mode they are all the allocator
    /// has (move as few as possible); in incremental mode they matter for pins that are no
    /// longer binding.
    pub preferred: Vec<Assignment>,
    pub sessions: Vec<Session>,
}

/// A booking as an allocation assignment (the shape of a pin or preference).
pub fn assignment_of(b: &Booking) -> Assignment {
    Assignment {
        request: b.request.clone(),
        session: b.session.clone(),
        slot: i64::from(b.slot),
        interpreter: b.interpreter.clone(),
        mode: b.mode,
    }
}

/// Confirmed bookings whose slot lies in `month`.
pub(crate) fn month_bookings(bookings: &[Booking], month: Month) -> Vec<&Booking> {
    bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Confirmed && month.contains(b.start.date()))
        .collect()
}

/// Builds the allocation instance for `month`.
///
/// Requests: every waiting request, and every request booked in this month (booked elsewhere
/// or cancelled ones are left out). Confirmed bookings of the month become pins (`replan =
/// false`: nothing agencies already see moves unless it became infeasible) and always soft
/// preferences (`replan = true`: anything may move, but among the best allocations the one
/// keeping most bookings in place is chosen).
pub fn build(input: &MonthInput, month: Month, replan: bool) -> Plan {
    // An unknown zone makes the allocator reject the instance (it validates `timezone`), so
    // the sessions derived under the UTC stand-in are never used.
    let tz = parse_tz(&input.center.timezone).unwrap_or(chrono_tz::Tz::UTC);
    let open = |t: NaiveDateTime| input.open_from.is_none_or(|from| t >= from);
    let sessions: Vec<Session> = input
        .agencies
        .iter()
        .flat_map(|a| sessions_for_month(a, month, tz, &input.center.closed))
        .filter(|s| open(s.start))
        .collect();
    // A booking in a closed session is history (or too close to change): its request stays
    // out of the instance, so the allocator neither moves it nor books it twice.
    let (booked, closed): (Vec<&Booking>, Vec<&Booking>) = month_bookings(&input.bookings, month)
        .into_iter()
        .partition(|b| open(b.start));
    let in_month = |r: &Request| booked.iter().any(|b| b.request == r.id);
    let in_closed = |r: &Request| closed.iter().any(|b| b.request == r.id);
    let requests: Vec<alloc::Request> = input
        .requests
        .iter()
        .filter(|r| match r.status {
            RequestStatus::Waiting => true,
            RequestStatus::Booked => in_month(r) && !in_closed(r),
            RequestStatus::Cancelled => false,
        })
        .map(|r| alloc::Request {
            id: r.id.clone(),
            language: r.language.clone(),
            topic: r.topic.clone(),
            agency: r.agency.clone(),
            modes: r.modes.clone(),
            windows: r.windows_in(month).map(|ws| {
                ws.into_iter()
                    .map(|w| alloc::Window {
                        start: fmt_local(w.start),
                        end: fmt_local(w.end),
                    })
                    .collect()
            }),
            deadline: r.deadline_end().map(fmt_local),
            weight: input.weights.weight(r, month),
        })
        .collect();
    let pins: Vec<Assignment> = booked.iter().map(|b| assignment_of(b)).collect();
    let instance = Instance {
        format: alloc::INSTANCE_FORMAT.to_string(),
        month: month.to_string(),
        timezone: input.center.timezone.clone(),
        center_languages: input.center.languages.clone(),
        agencies: input
            .agencies
            .iter()
            .map(|a| alloc::Agency {
                id: a.id.clone(),
                topics: a.topics.clone(),
                languages: a.languages.clone(),
            })
            .collect(),
        sessions: sessions
            .iter()
            .map(|s| alloc::Session {
                id: s.id.clone(),
                agency: s.agency.clone(),
                start: fmt_local(s.start),
                // A session whose end resolves before its start (it starts in a spring gap
                // and ends inside the hour the gap skipped) has no slots under the slot rule;
                // an empty interval says so instead of an "ends before it starts" error.
                end: fmt_local(if s.end_instant() < s.start_instant() {
                    s.start
                } else {
                    s.end
                }),
                slot_minutes: s.slot_minutes,
                booths: s.booths,
                modes: s.modes.clone(),
            })
            .collect(),
        interpreters: input
            .interpreters
            .iter()
            .map(|i| alloc::Interpreter {
                id: i.id.clone(),
                languages: i.languages.clone(),
                modes: i.modes.clone(),
                timezone: i.timezone.clone(),
                availability: i
                    .availability(month)
                    .into_iter()
                    .map(|w| alloc::Window {
                        start: fmt_local(w.start),
                        end: fmt_local(w.end),
                    })
                    .collect(),
                max_per_day: i.max_per_day,
                cost: alloc::Cost {
                    in_person: i64::from(i.cost.in_person),
                    video: i64::from(i.cost.video),
                    phone: i64::from(i.cost.phone),
                },
            })
            .collect(),
        requests,
        // Coordinator pins (`booking pin`) bind in both modes.
        pinned: if replan {
            booked
                .iter()
                .filter(|b| input.pinned.contains(&b.number))
                .map(|b| assignment_of(b))
                .collect()
        } else {
            pins.clone()
        },
    };
    // Preferences in both modes: binding pins are fixed anyway, but a pin that stopped being
    // binding (its interpreter became unavailable, its session was cancelled) then still
    // steers the allocator towards keeping the booking where it was. A booking whose
    // interpreter was released has no interpreter, which the allocator reads as "same session
    // and slot, any suitable interpreter".
    Plan {
        month,
        instance,
        preferred: pins,
        sessions,
    }
}
