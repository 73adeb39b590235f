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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BookingStatus, Costs, WeeklyWindow};
    use chrono::{NaiveTime, TimeZone, Utc, Weekday};

    fn tz() -> Tz {
        parse_tz("Asia/Tokyo").unwrap()
    }

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 1, 9)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    /// Saturday 2027-01-09 13:00-16:00, 30-minute slots, in person or by video.
    fn session() -> Session {
        Session {
            id: "bar-2027-01-09".into(),
            agency: "bar".into(),
            start: at(13, 0),
            end: at(16, 0),
            slot_minutes: 30,
            booths: 2,
            modes: vec![Mode::InPerson, Mode::Video],
            tz: tz(),
        }
    }

    fn interpreter(id: &str, modes: &[Mode], cost: u32) -> Interpreter {
        Interpreter {
            id: id.into(),
            name: format!("Name of {id}"),
            languages: vec!["zh".into()],
            modes: modes.to_vec(),
            timezone: "Asia/Tokyo".into(),
            weekly: vec![WeeklyWindow {
                day: Weekday::Sat,
                start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
                end_of_day: false,
            }],
            dates_off: Vec::new(),
            extra_windows: Vec::new(),
            max_per_day: None,
            cost: Costs {
                in_person: cost,
                video: cost + 1,
                phone: cost + 2,
            },
        }
    }

    fn request() -> Request {
        let data = crate::sample::load(Month::new(2027, 1).unwrap()).unwrap();
        let mut r = data.requests[0].clone();
        r.language = "zh".into();
        r.modes = Mode::ALL.to_vec();
        r
    }

    /// A confirmed booking of `interpreter` in slot `slot` of [`session`].
    fn booked(number: &str, interpreter: &str, slot: u32) -> Booking {
        let s = session();
        let (start, end) = s.slot_times(slot);
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        Booking {
            number: number.into(),
            request: format!("R-{number}"),
            session: s.id.clone(),
            agency: s.agency.clone(),
            slot,
            start,
            end,
            booth: 2,
            interpreter: Some(interpreter.into()),
            mode: Some(Mode::InPerson),
            sequence: 0,
            status: BookingStatus::Confirmed,
            created: now,
            updated: now,
        }
    }

    fn ranked(interpreters: &[Interpreter], live: &[Booking]) -> Vec<(String, Result<Fit, Unfit>)> {
        let (s, r) = (session(), request());
        substitutes(
            interpreters,
            live,
            Wanted {
                number: "B-1",
                current: Some("ill"),
                session: &s,
                slot: 1,
                request: &r,
            },
            tz(),
        )
        .into_iter()
        .map(|c| (c.interpreter.id.clone(), c.verdict))
        .collect()
    }

    #[test]
    fn the_cheapest_fitting_interpreter_comes_first_and_the_present_one_is_not_listed() {
        let all = [
            interpreter("ill", &[Mode::InPerson], 0),
            interpreter("b-dear", &[Mode::InPerson], 5),
            interpreter("a-cheap", &[Mode::Video, Mode::InPerson], 1),
            interpreter("c-same", &[Mode::InPerson], 1),
        ];
        let got = ranked(&all, &[]);
        let ids: Vec<&str> = got.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(ids, ["a-cheap", "c-same", "b-dear"]);
        let fit = got[0].1.as_ref().unwrap();
        assert_eq!((fit.mode, fit.cost), (Mode::InPerson, 1));
        assert_eq!(fit.local_start, at(13, 30));
        let (s, r) = (session(), request());
        let want = Wanted {
            number: "B-1",
            current: Some("ill"),
            session: &s,
            slot: 1,
            request: &r,
        };
        let best = best_substitute(&all, &[], want, tz()).map(|(i, m)| (i.id.as_str(), m));
        assert_eq!(best, Some(("a-cheap", Mode::InPerson)));
    }

    #[test]
    fn those_who_cannot_come_after_with_why_not() {
        let mut off = interpreter("off", &[Mode::InPerson], 0);
        off.dates_off
            .push(NaiveDate::from_ymd_opt(2027, 1, 9).unwrap());
        let mut full = interpreter("full", &[Mode::InPerson], 0);
        full.max_per_day = Some(1);
        let phone = interpreter("phone", &[Mode::Phone], 0);
        let mut late = interpreter("late", &[Mode::InPerson], 0);
        late.weekly[0].start = NaiveTime::from_hms_opt(15, 0, 0).unwrap();
        let mut other = interpreter("other-language", &[Mode::InPerson], 0);
        other.languages = vec!["vi".into()];
        let all = [
            off,
            full,
            phone,
            late,
            other,
            interpreter("busy", &[Mode::InPerson], 0),
            interpreter("fine", &[Mode::InPerson], 9),
        ];
        // "busy" has a booking overlapping slot 1; "full" one in slot 4 (its one a day);
        // the slot's own booking (B-1) never counts.
        let live = [
            booked("B-2", "busy", 1),
            booked("B-3", "full", 4),
            booked("B-1", "fine", 1),
        ];
        let got = ranked(&all, &live);
        let ids: Vec<&str> = got.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(ids, ["fine", "busy", "full", "off", "late", "phone"]);
        assert_eq!(
            got[1].1,
            Err(Unfit::Busy {
                number: "B-2".into()
            })
        );
        assert_eq!(got[2].1, Err(Unfit::MaxReached { count: 1, max: 1 }));
        assert_eq!(got[3].1, Err(Unfit::DayOff));
        assert_eq!(got[4].1, Err(Unfit::NotAvailable));
        assert_eq!(got[5].1, Err(Unfit::NoCommonMode));
        assert_eq!(got[0].1.as_ref().unwrap().that_day, 0);
    }
}
