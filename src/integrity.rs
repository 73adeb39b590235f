//! `soudan check`: does the database hold together?
//!
//! Pure over loaded records, so the crash tests can run it after every kill. Errors mean
//! damage (a booking pointing nowhere, a slot over capacity, an interpreter in two places at
//! once, a request whose status disagrees with its bookings); warnings are states a
//! coordinator resolves with `soudan allocate` (a booking whose session was cancelled).

use crate::model::{
    Agency, Booking, BookingStatus, Center, Clock, FeedKind, FeedSubscription, Interpreter, Month,
    Request, RequestStatus, parse_tz, resolve_local, sessions_for_month,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One finding: typed (`what`, worded for staff by the CLI with names and slots from 1) and
/// as an English line (`message`, for logs and the crash tests).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    pub what: Check,
}

/// What a finding is about. Slots are the stored 0-based index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Check {
    CenterZone {
        zone: String,
    },
    MissingRequest {
        booking: String,
        request: String,
    },
    AboveCounter {
        booking: String,
        counter: u64,
    },
    MissingInterpreter {
        booking: String,
        interpreter: String,
    },
    MissingAgency {
        booking: String,
        agency: String,
    },
    BoothOutOfRange {
        booking: String,
        booth: u32,
        booths: u32,
    },
    SharedBooth {
        session: String,
        slot: u32,
    },
    DoubleBooked {
        interpreter: String,
        first: String,
        second: String,
    },
    StatusDisagrees {
        request: String,
        status: RequestStatus,
        confirmed: usize,
    },
    AgencyNoFeed {
        agency: String,
    },
    InterpreterNoFeed {
        interpreter: String,
    },
    /// A confirmed booking (not yet started) that ends after its request's deadline.
    AfterDeadline {
        booking: String,
        request: String,
        deadline: NaiveDate,
    },
    /// A confirmed booking (not yet started) outside every time its resident can come.
    OutsideWindows {
        booking: String,
        request: String,
    },
}

fn error(what: Check, message: String) -> Finding {
    Finding {
        severity: Severity::Error,
        message,
        what,
    }
}

fn warning(what: Check, message: String) -> Finding {
    Finding {
        severity: Severity::Warning,
        message,
        what,
    }
}

pub struct Records<'a> {
    /// The center (its zone places sessions in time); `None` for an empty database.
    pub center: Option<&'a Center>,
    pub agencies: &'a [Agency],
    pub interpreters: &'a [Interpreter],
    pub requests: &'a [Request],
    pub bookings: &'a [Booking],
    pub subscriptions: &'a [FeedSubscription],
    pub booking_counter: u64,
}

/// [`check_at`] without a clock: every booking is held to today's agency patterns.
pub fn check(r: &Records) -> Vec<Finding> {
    check_at(r, None)
}

/// The checks, at `now` when given: a confirmed booking that started before it is history
/// ([`Clock::is_history`]), which no command changes, so it is not reported for a session the
/// agency's pattern no longer has (or holds at other times, or with fewer slots or booths):
/// that is the pattern's change since, and `allocate` (the warning's advice) rightly leaves
/// such a booking alone.
pub fn check_at(r: &Records, now: Option<DateTime<Utc>>) -> Vec<Finding> {
    let mut out = Vec::new();
    let tz = match r.center.map(|c| parse_tz(&c.timezone)) {
        None => chrono_tz::Tz::UTC,
        Some(Ok(tz)) => tz,
        Some(Err(message)) => {
            out.push(error(
                Check::CenterZone {
                    zone: r.center.map(|c| c.timezone.clone()).unwrap_or_default(),
                },
                format!("center: {message}"),
            ));
            chrono_tz::Tz::UTC
        }
    };
    let closed = r.center.map(|c| c.closed.clone()).unwrap_or_default();
    let clock = now.map(|now| Clock::new(now, tz, 0));
    let history = |b: &Booking| clock.is_some_and(|c| c.is_history(b));
    let agencies: HashMap<&str, &Agency> = r.agencies.iter().map(|a| (a.id.as_str(), a)).collect();
    let requests: HashMap<&str, &Request> = r.requests.iter().map(|x| (x.id.as_str(), x)).collect();
    let interpreters: BTreeSet<&str> = r.interpreters.iter().map(|i| i.id.as_str()).collect();
    let confirmed: Vec<&Booking> = r
        .bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .collect();
    let mut per_slot: BTreeMap<(&str, u32), Vec<&Booking>> = BTreeMap::new();
    // Instants of confirmed bookings, from the slot rule where the session still has the
    // slot: a stored local time inside an autumn fold is ambiguous.
    let mut instants: HashMap<&str, (DateTime<Utc>, DateTime<Utc>)> = HashMap::new();
    let mut sessions_cache: HashMap<(String, Month), Vec<crate::model::Session>> = HashMap::new();
    for b in r.bookings {
        if !requests.contains_key(b.request.as_str()) {
            out.push(error(
                Check::MissingRequest {
                    booking: b.number.clone(),
                    request: b.request.clone(),
                },
                format!(
                    "booking {} points at missing request {}",
                    b.number, b.request
                ),
            ));
        }
        if let Some(n) = b
            .number
            .strip_prefix("B-")
            .and_then(|n| n.parse::<u64>().ok())
            && n > r.booking_counter
        {
            out.push(error(
                Check::AboveCounter {
                    booking: b.number.clone(),
                    counter: r.booking_counter,
                },
                format!(
                    "booking {} is above the booking counter {}",
                    b.number, r.booking_counter
                ),
            ));
        }
        if b.status != BookingStatus::Confirmed {
            continue;
        }
        if let Some(i) = &b.interpreter
            && !interpreters.contains(i.as_str())
        {
            out.push(error(
                Check::MissingInterpreter {
                    booking: b.number.clone(),
                    interpreter: i.clone(),
                },
                format!("booking {} points at missing interpreter {i}", b.number),
            ));
        }
        match agencies.get(b.agency.as_str()) {
            None => out.push(error(
                Check::MissingAgency {
                    booking: b.number.clone(),
                    agency: b.agency.clone(),
                },
                format!("booking {} points at missing agency {}", b.number, b.agency),
            )),
            Some(a) => {
                let month = Month::of(b.start.date());
                let sessions = sessions_cache
                    .entry((a.id.clone(), month))
                    .or_insert_with(|| sessions_for_month(a, month, tz, &closed));
                match sessions.iter().find(|s| s.id == b.session) {
                    // A session that is gone, or a slot that changed times, is not damage: the
                    // booking needs rearranging, which `soudan check` reports from
                    // model::Troubles (the one rule every output reads), with its repair.
                    None => {}
                    // The session changed shape since a consultation that took place: the
                    // pattern's change, not damage to the booking.
                    Some(s)
                        if (b.slot >= s.slot_count()
                            || s.slot_times(b.slot) != (b.start, b.end)
                            || b.booth > s.booths)
                            && history(b) => {}
                    // A slot or booth the pattern no longer has (fewer slots or booths since
                    // the booking) is the same: a rearrangement, reported from Troubles. Only
                    // booth 0, which no command writes, is damage.
                    Some(s) => {
                        if b.slot < s.slot_count() && s.slot_times(b.slot) == (b.start, b.end) {
                            instants.insert(b.number.as_str(), s.slot_instants(b.slot));
                        }
                        if b.slot < s.slot_count() && b.booth <= s.booths {
                            per_slot
                                .entry((b.session.as_str(), b.slot))
                                .or_default()
                                .push(b);
                        }
                        if b.booth == 0 {
                            out.push(error(
                                Check::BoothOutOfRange {
                                    booking: b.number.clone(),
                                    booth: b.booth,
                                    booths: s.booths,
                                },
                                format!(
                                    "booking {} is in booth 0 of session {}",
                                    b.number, b.session
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }
    for ((session, slot), list) in &per_slot {
        let booths: BTreeSet<u32> = list.iter().map(|b| b.booth).collect();
        if booths.len() != list.len() {
            out.push(error(
                Check::SharedBooth {
                    session: session.to_string(),
                    slot: *slot,
                },
                format!("two bookings share a booth in {session} slot {slot}"),
            ));
        }
    }
    let mut by_interpreter: BTreeMap<&str, Vec<&Booking>> = BTreeMap::new();
    for b in &confirmed {
        if let Some(i) = &b.interpreter {
            by_interpreter.entry(i.as_str()).or_default().push(b);
        }
    }
    let at = |b: &Booking| {
        instants.get(b.number.as_str()).copied().unwrap_or_else(|| {
            let start = resolve_local(tz, b.start);
            (start, resolve_local(tz, b.end).max(start))
        })
    };
    for (i, mut list) in by_interpreter {
        list.sort_by_key(|b| at(b));
        for pair in list.windows(2) {
            if at(pair[1]).0 < at(pair[0]).1 {
                out.push(error(
                    Check::DoubleBooked {
                        interpreter: i.to_string(),
                        first: pair[0].number.clone(),
                        second: pair[1].number.clone(),
                    },
                    format!(
                        "interpreter {i} is double-booked: {} and {} overlap",
                        pair[0].number, pair[1].number
                    ),
                ));
            }
        }
    }
    let mut confirmed_per_request: HashMap<&str, usize> = HashMap::new();
    for b in &confirmed {
        *confirmed_per_request.entry(b.request.as_str()).or_default() += 1;
    }
    for req in r.requests {
        let n = confirmed_per_request
            .get(req.id.as_str())
            .copied()
            .unwrap_or(0);
        let ok = match req.status {
            RequestStatus::Booked => n == 1,
            RequestStatus::Waiting | RequestStatus::Cancelled => n == 0,
        };
        if !ok {
            out.push(error(
                Check::StatusDisagrees {
                    request: req.id.clone(),
                    status: req.status,
                    confirmed: n,
                },
                format!(
                    "request {} is {} but has {n} confirmed booking(s)",
                    req.id,
                    req.status.code()
                ),
            ));
        }
    }
    // The resident's own times: a hand move or a deadline corrected after booking can leave a
    // booking on a day they cannot come; what took place is history, and is left alone.
    for b in &confirmed {
        let Some(req) = requests.get(b.request.as_str()) else {
            continue;
        };
        if history(b) {
            continue;
        }
        if let (Some(deadline), Some(end)) = (req.deadline, req.deadline_end())
            && b.end > end
        {
            out.push(warning(
                Check::AfterDeadline {
                    booking: b.number.clone(),
                    request: req.id.clone(),
                    deadline,
                },
                format!(
                    "booking {} of {} is after its deadline {deadline}",
                    b.number, req.id
                ),
            ));
        }
        if let Some(windows) = req.windows_in(Month::of(b.start.date()))
            && !windows.iter().any(|w| w.start <= b.start && b.end <= w.end)
        {
            out.push(warning(
                Check::OutsideWindows {
                    booking: b.number.clone(),
                    request: req.id.clone(),
                },
                format!(
                    "booking {} of {} is outside the times the resident can come",
                    b.number, req.id
                ),
            ));
        }
    }
    let has_feed =
        |kind: FeedKind, id: &str| r.subscriptions.iter().any(|s| s.kind == kind && s.id == id);
    for a in r.agencies {
        if !has_feed(FeedKind::Agency, &a.id) {
            out.push(warning(
                Check::AgencyNoFeed {
                    agency: a.id.clone(),
                },
                format!("agency {} has no calendar feed", a.id),
            ));
        }
    }
    for i in r.interpreters {
        if !has_feed(FeedKind::Interpreter, &i.id) {
            out.push(warning(
                Check::InterpreterNoFeed {
                    interpreter: i.id.clone(),
                },
                format!("interpreter {} has no calendar feed", i.id),
            ));
        }
    }
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.message.cmp(&b.message)));
    out
}
