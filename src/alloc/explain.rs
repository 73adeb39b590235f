//! Reason codes for unassigned requests.
//!
//! The reason is the first filter, in the fixed order below, after which the
//! request has no place left. Filters are judged on the instance alone
//! (ignoring other requests); a request that survives every filter but is
//! still unassigned gets `capacity`.
//!
//! 1. `no_session_for_topic` – no session with at least one slot and one booth
//!    whose agency covers the topic (and is the named agency, if any);
//! 2. `deadline_before_sessions` – every such slot ends after the deadline;
//! 3. `outside_windows` – no remaining slot lies inside one of the windows;
//! 4. `no_interpreter_for_language` – every remaining slot needs an
//!    interpreter and no interpreter speaks the language;
//! 5. `mode_not_possible` – no interpreter of the language offers a mode that
//!    both the request and the session accept;
//! 6. `no_interpreter_available` – no such interpreter is available (or
//!    allowed by `max_per_day`) during any remaining slot;
//! 7. `capacity` – places existed, but booths or interpreter time were used
//!    by pins or by the requests that were assigned.

use serde::{Deserialize, Serialize};

use super::validate::Resolved;

/// Why a request is unassigned. The JSON spelling is [`Reason::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    NoSessionForTopic,
    DeadlineBeforeSessions,
    OutsideWindows,
    NoInterpreterForLanguage,
    ModeNotPossible,
    NoInterpreterAvailable,
    Capacity,
}

impl Reason {
    /// Every code, in filter order.
    pub const ALL: [Reason; 7] = [
        Reason::NoSessionForTopic,
        Reason::DeadlineBeforeSessions,
        Reason::OutsideWindows,
        Reason::NoInterpreterForLanguage,
        Reason::ModeNotPossible,
        Reason::NoInterpreterAvailable,
        Reason::Capacity,
    ];

    /// The fixed code string used in solutions.
    pub fn code(self) -> &'static str {
        match self {
            Reason::NoSessionForTopic => "no_session_for_topic",
            Reason::DeadlineBeforeSessions => "deadline_before_sessions",
            Reason::OutsideWindows => "outside_windows",
            Reason::NoInterpreterForLanguage => "no_interpreter_for_language",
            Reason::ModeNotPossible => "mode_not_possible",
            Reason::NoInterpreterAvailable => "no_interpreter_available",
            Reason::Capacity => "capacity",
        }
    }

    /// One-line explanation for people.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::NoSessionForTopic => "no session of an agency covering the topic",
            Reason::DeadlineBeforeSessions => "every suitable slot ends after the deadline",
            Reason::OutsideWindows => "no suitable slot inside the request's windows",
            Reason::NoInterpreterForLanguage => "no interpreter speaks the language",
            Reason::ModeNotPossible => "no interpreter mode acceptable to request and session",
            Reason::NoInterpreterAvailable => "no interpreter available during a suitable slot",
            Reason::Capacity => "all suitable places were taken by other bookings",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The binding reason for request `r` (see the module docs for the order).
pub(crate) fn explain(rv: &Resolved<'_>, r: usize) -> Reason {
    let inst = rv.inst;
    let mut slots: Vec<(usize, i64, i64)> = Vec::new();
    for (s, sess) in inst.sessions.iter().enumerate() {
        if sess.booths == 0 || !rv.topic_ok(r, s) {
            continue;
        }
        for k in 0..rv.sessions[s].nslots {
            let (a, b) = rv.slot_interval(s, k);
            slots.push((s, a, b));
        }
    }
    if slots.is_empty() {
        return Reason::NoSessionForTopic;
    }
    slots.retain(|&(_, _, b)| rv.deadline_ok(r, b));
    if slots.is_empty() {
        return Reason::DeadlineBeforeSessions;
    }
    slots.retain(|&(_, a, b)| rv.windows_ok(r, a, b));
    if slots.is_empty() {
        return Reason::OutsideWindows;
    }
    if slots.iter().any(|&(s, _, _)| !rv.needs_interpreter(r, s)) {
        return Reason::Capacity;
    }
    let speakers: Vec<usize> = (0..inst.interpreters.len())
        .filter(|&i| rv.speaks(i, r))
        .collect();
    if speakers.is_empty() {
        return Reason::NoInterpreterForLanguage;
    }
    let rm = rv.requests[r].modes;
    let mode_ok = |s: usize, i: usize| rm & rv.sessions[s].modes & rv.interps[i].modes != 0;
    if !slots
        .iter()
        .any(|&(s, _, _)| speakers.iter().any(|&i| mode_ok(s, i)))
    {
        return Reason::ModeNotPossible;
    }
    let avail = slots.iter().any(|&(s, a, b)| {
        speakers
            .iter()
            .any(|&i| mode_ok(s, i) && rv.interps[i].max_per_day > 0 && rv.available(i, a, b))
    });
    if !avail {
        return Reason::NoInterpreterAvailable;
    }
    Reason::Capacity
}
