//! Whether a confirmed booking can still happen as planned: the one rule behind
//! "要再調整 / needs rearranging".
//!
//! A booking is made against the month as it was; afterwards a session is cancelled the day
//! before, an interpreter falls ill, a re-import removes a booth. The booking record itself
//! does not change (its number, time and place are what the resident was told), so every
//! output that shows it must ask here whether it can still take place. The slip, `request
//! show`/`list`, the month view, `report`, the feeds, `check`, the call list and `allocate`'s
//! repair all read [`Troubles`], so they cannot disagree.
//!
//! What this does not judge: bookings that took place ([`Clock::is_history`]: they happened as
//! booked), cancelled bookings, and damage that `check` reports as an error (a booking pointing
//! at an unknown request, two bookings of one interpreter at once).

use super::{
    Agency, Booking, BookingStatus, Center, Clock, Interpreter, Month, Request, Session, parse_tz,
    resolve_local, sessions_for_month,
};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::{BTreeMap, HashMap};

/// Why a confirmed booking that has not started cannot happen as planned.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trouble {
    /// The agency no longer holds the session (cancelled, or its pattern no longer makes it).
    SessionGone,
    /// The session is held, but not this slot at the published time, or not this booth.
    SlotGone,
    /// The booking's interpreter is no longer on the roster.
    InterpreterRemoved { interpreter: String },
    /// The booking's interpreter cannot take it: a day off, no availability window covering
    /// the slot (in their own zone), or no longer the language or the mode.
    InterpreterUnavailable { interpreter: String },
    /// The language needs an interpreter (neither the agency nor the center speaks it) and
    /// the booking has none: it lost its interpreter and nobody was found yet.
    NoInterpreter,
}

impl Trouble {
    /// Stable code for JSON, CSV and catalogue keys (`trouble-<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Trouble::SessionGone => "session_gone",
            Trouble::SlotGone => "slot_gone",
            Trouble::InterpreterRemoved { .. } => "interpreter_removed",
            Trouble::InterpreterUnavailable { .. } => "interpreter_unavailable",
            Trouble::NoInterpreter => "no_interpreter",
        }
    }

    /// True when the time and place still hold and only the interpreter is missing: the
    /// repair tries a substitute for the same slot first.
    pub fn is_interpreter(&self) -> bool {
        matches!(
            self,
            Trouble::InterpreterRemoved { .. }
                | Trouble::InterpreterUnavailable { .. }
                | Trouble::NoInterpreter
        )
    }
}

impl Center {
    /// Whether a request in `language` needs an interpreter at `agency`: neither the agency's
    /// specialists nor the center's table speak it (the allocation format's rule 5).
    pub fn needs_interpreter(&self, agency: &Agency, language: &str) -> bool {
        !agency.languages.iter().any(|l| l == language)
            && !self.languages.iter().any(|l| l == language)
    }
}

/// The bookings that need rearranging, by booking number. Built once per command from the
/// loaded records; lookups are then free.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Troubles {
    by_number: BTreeMap<String, Trouble>,
}

impl Troubles {
    /// Every confirmed booking that has not started at `clock` (all of them without a clock)
    /// and cannot happen as planned. Linear in the bookings: sessions are derived once per
    /// agency and month.
    pub fn find<'a>(
        center: &Center,
        agencies: &[Agency],
        interpreters: &[Interpreter],
        requests: impl IntoIterator<Item = &'a Request>,
        bookings: &[Booking],
        clock: Option<&Clock>,
    ) -> Troubles {
        let tz = parse_tz(&center.timezone).unwrap_or(Tz::UTC);
        let live: Vec<&Booking> = bookings
            .iter()
            .filter(|b| b.status == BookingStatus::Confirmed)
            .filter(|b| clock.is_none_or(|c| !c.is_history(b)))
            .collect();
        if live.is_empty() {
            return Troubles::default();
        }
        let wanted: HashMap<&str, ()> = live.iter().map(|b| (b.request.as_str(), ())).collect();
        let languages: HashMap<&str, &str> = requests
            .into_iter()
            .filter(|r| wanted.contains_key(r.id.as_str()))
            .map(|r| (r.id.as_str(), r.language.as_str()))
            .collect();
        let agencies_by_id: HashMap<&str, &Agency> =
            agencies.iter().map(|a| (a.id.as_str(), a)).collect();
        let interpreters_by_id: HashMap<&str, &Interpreter> =
            interpreters.iter().map(|i| (i.id.as_str(), i)).collect();
        let mut sessions: HashMap<(&str, Month), Vec<Session>> = HashMap::new();
        let mut by_number = BTreeMap::new();
        for b in live {
            let agency = agencies_by_id.get(b.agency.as_str()).copied();
            let month = Month::of(b.start.date());
            let session = agency.and_then(|a| {
                sessions
                    .entry((a.id.as_str(), month))
                    .or_insert_with(|| sessions_for_month(a, month, tz, &center.closed))
                    .iter()
                    .find(|s| s.id == b.session)
                    .cloned()
            });
            let language = languages.get(b.request.as_str()).copied();
            let trouble = judge(
                b,
                agency,
                session.as_ref(),
                language,
                center,
                &interpreters_by_id,
            );
            if let Some(t) = trouble {
                by_number.insert(b.number.clone(), t);
            }
        }
        Troubles { by_number }
    }

    /// Why booking `number` needs rearranging, if it does.
    pub fn get(&self, number: &str) -> Option<&Trouble> {
        self.by_number.get(number)
    }

    pub fn contains(&self, number: &str) -> bool {
        self.by_number.contains_key(number)
    }

    pub fn is_empty(&self) -> bool {
        self.by_number.is_empty()
    }

    pub fn len(&self) -> usize {
        self.by_number.len()
    }

    /// (booking number, trouble), in booking-number order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Trouble)> {
        self.by_number.iter().map(|(n, t)| (n.as_str(), t))
    }
}

fn judge(
    b: &Booking,
    agency: Option<&Agency>,
    session: Option<&Session>,
    language: Option<&str>,
    center: &Center,
    interpreters: &HashMap<&str, &Interpreter>,
) -> Option<Trouble> {
    let (Some(agency), Some(session)) = (agency, session) else {
        return Some(Trouble::SessionGone);
    };
    if b.slot >= session.slot_count()
        || session.slot_times(b.slot) != (b.start, b.end)
        || b.booth == 0
        || b.booth > session.booths
    {
        return Some(Trouble::SlotGone);
    }
    let Some(id) = b.interpreter.as_deref() else {
        // An unknown request is `check`'s error, not a rearrangement.
        let needs = language.is_some_and(|l| center.needs_interpreter(agency, l));
        return needs.then_some(Trouble::NoInterpreter);
    };
    let Some(interpreter) = interpreters.get(id) else {
        return Some(Trouble::InterpreterRemoved {
            interpreter: id.to_string(),
        });
    };
    let (start, end) = session.slot_instants(b.slot);
    let fits = language.is_none_or(|l| interpreter.speaks(l))
        && b.mode.is_some_and(|m| interpreter.modes.contains(&m))
        && covers(interpreter, start, end, Month::of(b.start.date()));
    (!fits).then(|| Trouble::InterpreterUnavailable {
        interpreter: id.to_string(),
    })
}

/// Whether one of `interpreter`'s availability windows (their own zone) covers `[start, end)`.
pub fn covers(
    interpreter: &Interpreter,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    month: Month,
) -> bool {
    let Ok(own) = parse_tz(&interpreter.timezone) else {
        return false;
    };
    interpreter
        .availability(month)
        .iter()
        .any(|w| resolve_local(own, w.start) <= start && end <= resolve_local(own, w.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mode;
    use chrono::TimeZone;

    fn sample() -> crate::import::Dataset {
        crate::sample::load(Month::new(2027, 1).unwrap()).unwrap()
    }

    /// A confirmed booking of `request` in slot 0, booth 1 of the first session of `agency`,
    /// with a fitting interpreter when one is needed.
    fn booking(data: &crate::import::Dataset, request: &Request) -> Option<Booking> {
        let tz = parse_tz(&data.center.timezone).unwrap();
        let month = Month::new(2027, 1).unwrap();
        for a in &data.agencies {
            if !a.topics.contains(&request.topic) {
                continue;
            }
            for s in sessions_for_month(a, month, tz, &data.center.closed) {
                let (start, end) = s.slot_times(0);
                let (from, to) = s.slot_instants(0);
                let needs = data.center.needs_interpreter(a, &request.language);
                let interpreter = if needs {
                    let Some(i) = data.interpreters.iter().find(|i| {
                        i.speaks(&request.language)
                            && i.modes.iter().any(|m| s.modes.contains(m))
                            && covers(i, from, to, month)
                    }) else {
                        continue;
                    };
                    let mode = *i.modes.iter().find(|m| s.modes.contains(m)).unwrap();
                    Some((i.id.clone(), mode))
                } else {
                    None
                };
                let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
                return Some(Booking {
                    number: "B-00001".into(),
                    request: request.id.clone(),
                    session: s.id.clone(),
                    agency: a.id.clone(),
                    slot: 0,
                    start,
                    end,
                    booth: 1,
                    interpreter: interpreter.as_ref().map(|(i, _)| i.clone()),
                    mode: interpreter.map(|(_, m)| m),
                    sequence: 0,
                    status: BookingStatus::Confirmed,
                    created: now,
                    updated: now,
                });
            }
        }
        None
    }

    fn find(data: &crate::import::Dataset, b: &Booking) -> Troubles {
        Troubles::find(
            &data.center,
            &data.agencies,
            &data.interpreters,
            &data.requests,
            std::slice::from_ref(b),
            None,
        )
    }

    /// A booking that needs an interpreter, with one, from the sample.
    fn interpreted(data: &crate::import::Dataset) -> Booking {
        data.requests
            .iter()
            .filter_map(|r| booking(data, r))
            .find(|b| b.interpreter.is_some())
            .expect("the sample has a request that needs an interpreter")
    }

    /// No false alarm: every booking the real allocator makes for the sample month holds.
    #[test]
    fn the_allocators_bookings_for_the_sample_month_all_hold() {
        let data = sample();
        let month = Month::new(2027, 1).unwrap();
        let input = crate::schedule::MonthInput {
            center: data.center.clone(),
            agencies: data.agencies.clone(),
            interpreters: data.interpreters.clone(),
            requests: data.requests.clone(),
            bookings: Vec::new(),
            weights: data.weights,
            open_from: None,
            pinned: Default::default(),
        };
        let plan = crate::schedule::build(&input, month, false);
        let report = crate::alloc::solve(&plan.instance, &Default::default()).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let changes = crate::schedule::plan_changes(&input, &plan, &report.solution, now, 0);
        assert!(changes.bookings.len() > 20, "{}", changes.bookings.len());
        let found = Troubles::find(
            &data.center,
            &data.agencies,
            &data.interpreters,
            &data.requests,
            &changes.bookings,
            None,
        );
        assert!(found.is_empty(), "{:?}", found);
    }

    #[test]
    fn a_booking_as_made_is_fine() {
        let data = sample();
        let b = interpreted(&data);
        assert!(find(&data, &b).is_empty(), "{:?}", find(&data, &b));
    }

    /// A day that becomes closed after the booking was made (a center closure added to
    /// center.toml, or national holidays turned on) removes the pattern's session: the booking
    /// is SessionGone, for the repair to handle, never silently dropped or shown as held.
    #[test]
    fn a_booking_on_a_day_that_becomes_closed_needs_rearranging() {
        let mut data = sample();
        data.center.closed = crate::model::ClosedDays::never();
        let b = interpreted(&data);
        assert!(find(&data, &b).is_empty());
        let agency = data.agencies.iter().find(|a| a.id == b.agency).unwrap();
        assert!(
            !agency.extras.iter().any(|e| e.date == b.start.date()),
            "a pattern session"
        );
        data.center.closed.dates.push(b.start.date());
        assert_eq!(find(&data, &b).get(&b.number), Some(&Trouble::SessionGone));
        // Moved to the next open day instead: still gone from the booked day.
        for p in &mut data
            .agencies
            .iter_mut()
            .find(|a| a.id == b.agency)
            .unwrap()
            .patterns
        {
            p.on_closed = crate::model::OnClosed::NextOpen;
        }
        assert_eq!(find(&data, &b).get(&b.number), Some(&Trouble::SessionGone));
    }

    #[test]
    fn a_cancelled_session_makes_its_bookings_need_rearranging() {
        let mut data = sample();
        let b = interpreted(&data);
        let agency = data.agencies.iter_mut().find(|a| a.id == b.agency).unwrap();
        agency.cancelled.push(b.start.date());
        agency.extras.retain(|e| e.date != b.start.date());
        assert_eq!(find(&data, &b).get(&b.number), Some(&Trouble::SessionGone));
    }

    #[test]
    fn a_lost_booth_or_a_moved_slot_is_slot_gone() {
        let data = sample();
        let mut b = interpreted(&data);
        b.booth = 99;
        assert_eq!(find(&data, &b).get(&b.number), Some(&Trouble::SlotGone));
        let mut b = interpreted(&data);
        b.start -= chrono::TimeDelta::minutes(15);
        assert_eq!(find(&data, &b).get(&b.number), Some(&Trouble::SlotGone));
    }

    #[test]
    fn an_ill_interpreter_or_a_lost_one_is_named() {
        let mut data = sample();
        let b = interpreted(&data);
        let id = b.interpreter.clone().unwrap();
        let i = data.interpreters.iter_mut().find(|i| i.id == id).unwrap();
        let own = parse_tz(&i.timezone).unwrap();
        let tz = parse_tz(&data.center.timezone).unwrap();
        i.dates_off
            .push(resolve_local(tz, b.start).with_timezone(&own).date_naive());
        assert_eq!(
            find(&data, &b).get(&b.number),
            Some(&Trouble::InterpreterUnavailable {
                interpreter: id.clone()
            })
        );
        data.interpreters.retain(|i| i.id != id);
        assert_eq!(
            find(&data, &b).get(&b.number),
            Some(&Trouble::InterpreterRemoved { interpreter: id })
        );
        let mut gone = b.clone();
        gone.interpreter = None;
        gone.mode = None;
        assert_eq!(
            find(&data, &gone).get(&b.number),
            Some(&Trouble::NoInterpreter)
        );
    }

    #[test]
    fn a_mode_the_interpreter_no_longer_works_in_is_unavailable() {
        let mut data = sample();
        let b = interpreted(&data);
        let id = b.interpreter.clone().unwrap();
        let i = data.interpreters.iter_mut().find(|i| i.id == id).unwrap();
        i.modes.retain(|m| Some(*m) != b.mode);
        if i.modes.is_empty() {
            i.modes.push(if b.mode == Some(Mode::Phone) {
                Mode::Video
            } else {
                Mode::Phone
            });
        }
        assert!(
            find(&data, &b)
                .get(&b.number)
                .is_some_and(Trouble::is_interpreter)
        );
    }

    #[test]
    fn history_and_cancelled_bookings_are_not_judged() {
        let mut data = sample();
        let b = interpreted(&data);
        for a in &mut data.agencies {
            a.cancelled.push(b.start.date());
            a.extras.retain(|e| e.date != b.start.date());
        }
        let tz = parse_tz(&data.center.timezone).unwrap();
        let after = resolve_local(tz, b.start) + chrono::TimeDelta::minutes(1);
        let clock = Clock::new(after, tz, 2);
        let found = Troubles::find(
            &data.center,
            &data.agencies,
            &data.interpreters,
            &data.requests,
            std::slice::from_ref(&b),
            Some(&clock),
        );
        assert!(found.is_empty());
        let mut cancelled = b.clone();
        cancelled.status = BookingStatus::Cancelled;
        assert!(find(&data, &cancelled).is_empty());
        assert!(find(&data, &b).contains(&b.number));
    }
}
