//! Who could interpret one booking's slot instead of its interpreter: the one rule behind
//! `allocate`'s repair ([`super::repair`], which takes the first), `soudan booking
//! substitutes` (the whole ranked list, with why and why not) and `agency move-session`
//! (a substitute in the new session when the booking's own interpreter is not free then).
//!
//! An interpreter fits when they speak the request's language, work in a mode both the
//! request and the session accept (the cheapest such mode for them), one of their
//! availability windows covers the slot in their own zone, they have no other confirmed
//! booking overlapping it, and they stay within their daily maximum (counted in their own
//! zone). Ranked: those who fit by cost of that mode, then by id; those who do not after
//! them, by why not, then by id. Interpreters who do not speak the language are not listed.

use crate::model::{
    Booking, Interpreter, Mode, Month, Request, Session, covers, parse_tz, resolve_local,
};
use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

/// The slot to be interpreted.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'a> {
    /// The booking being placed there: its own record never counts as a clash.
    pub number: &'a str,
    /// Its present interpreter, not listed as their own substitute.
    pub current: Option<&'a str>,
    pub session: &'a Session,
    /// 0-based slot of `session`.
    pub slot: u32,
    pub request: &'a Request,
}

/// Why an interpreter who speaks the language cannot take the slot.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unfit {
    /// Already booked then (`number` overlaps the slot).
    Busy { number: String },
    /// Their daily maximum is reached that day (their own date).
    MaxReached { count: usize, max: u32 },
    /// A day off that day (their own date).
    DayOff,
    /// No availability window covers the slot (their own zone).
    NotAvailable,
    /// No mode the request, the session and they all accept.
    NoCommonMode,
}

impl Unfit {
    /// Stable code (`substitutes-unfit-<code>` in the catalogue).
    pub fn code(&self) -> &'static str {
        match self {
            Unfit::Busy { .. } => "busy",
            Unfit::MaxReached { .. } => "max-reached",
            Unfit::DayOff => "day-off",
            Unfit::NotAvailable => "not-available",
            Unfit::NoCommonMode => "no-common-mode",
        }
    }
}

/// How an interpreter who fits would take the slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    pub mode: Mode,
    /// Their cost for `mode`.
    pub cost: u32,
    /// The slot's start on their own clock, and their zone.
    pub local_start: NaiveDateTime,
    pub zone: String,
    /// Their confirmed bookings that day (their own date), without this one.
    pub that_day: usize,
    pub max_per_day: Option<u32>,
}

/// One interpreter and whether they can take the slot.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub interpreter: &'a Interpreter,
    pub verdict: Result<Fit, Unfit>,
}

/// Every interpreter who speaks the language (but the present one), ranked best first;
/// `live` is the confirmed bookings as they stand (the slot's own booking may be among them).
pub fn substitutes<'a>(
    interpreters: &'a [Interpreter],
    live: &[Booking],
    want: Wanted<'_>,
    tz: Tz,
) -> Vec<Candidate<'a>> {
    let mut out: Vec<Candidate<'a>> = interpreters
        .iter()
        .filter(|i| Some(i.id.as_str()) != want.current && i.speaks(&want.request.language))
        .map(|i| Candidate {
            interpreter: i,
            verdict: judge(i, live, want, tz),
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |c: &Candidate<'a>| match &c.verdict {
            Ok(f) => (0, f.cost, None),
            Err(u) => (1, 0, Some(u.clone())),
        };
        (key(a), &a.interpreter.id).cmp(&(key(b), &b.interpreter.id))
    });
    out
}

/// The first of [`substitutes`] when they fit: the interpreter and the mode.
pub fn best_substitute<'a>(
    interpreters: &'a [Interpreter],
    live: &[Booking],
    want: Wanted<'_>,
    tz: Tz,
) -> Option<(&'a Interpreter, Mode)> {
    substitutes(interpreters, live, want, tz)
        .into_iter()
        .next()
        .and_then(|c| c.verdict.ok().map(|f| (c.interpreter, f.mode)))
}

fn judge(i: &Interpreter, live: &[Booking], want: Wanted<'_>, tz: Tz) -> Result<Fit, Unfit> {
    let session = want.session;
    let (start, end) = session.slot_instants(want.slot);
    let (local_start, local_end) = session.slot_times(want.slot);
    let own = parse_tz(&i.timezone).ok();
    let day_in = |t: NaiveDateTime| -> Option<NaiveDate> {
        Some(resolve_local(tz, t).with_timezone(&own?).date_naive())
    };
    let mode = i
        .modes
        .iter()
        .filter(|m| want.request.modes.contains(m) && session.modes.contains(m))
        .min_by_key(|m| (i.cost.of(**m), m.to_string()))
        .copied()
        .ok_or(Unfit::NoCommonMode)?;
    if !covers(i, start, end, Month::of(local_start.date())) {
        let off = [day_in(local_start), day_in(local_end)]
            .into_iter()
            .flatten()
            .any(|d| i.dates_off.contains(&d));
        return Err(if off {
            Unfit::DayOff
        } else {
            Unfit::NotAvailable
        });
    }
    let theirs: Vec<&Booking> = live
        .iter()
        .filter(|o| o.number != want.number && o.interpreter.as_deref() == Some(i.id.as_str()))
        .filter(|o| o.status == crate::model::BookingStatus::Confirmed)
        .collect();
    if let Some(o) = theirs
        .iter()
        .find(|o| o.start < local_end && local_start < o.end)
    {
        return Err(Unfit::Busy {
            number: o.number.clone(),
        });
    }
    let day = day_in(local_start);
    let that_day = theirs.iter().filter(|o| day_in(o.start) == day).count();
    if let Some(max) = i.max_per_day
        && that_day >= max as usize
    {
        return Err(Unfit::MaxReached {
            count: that_day,
            max,
        });
    }
    let local_start = match own {
        Some(own) => start.with_timezone(&own).naive_local(),
        None => local_start,
    };
    Ok(Fit {
        mode,
        cost: i.cost.of(mode),
        local_start,
        zone: i.timezone.clone(),
        that_day,
        max_per_day: i.max_per_day,
    })
}
