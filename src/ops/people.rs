//! Interpreters and agency sessions: the changes of a coordinator's month.

use super::{Ctx, new_secret};
use crate::error::{Error, Refusal, Result};
use crate::import;
use crate::model::{Appointment, Booking, ContactChange};
use crate::model::{
    BookingStatus, Event, ExtraSession, FeedKind, FeedSubscription, Interpreter, Mode, Month,
    Place, Release, What, parse_tz, resolve_local, sessions_for_month,
};
use crate::publish::PublishReport;
use crate::store::Batch;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// Adds an interpreter, or updates one: `changes` are fields as in interpreters.csv; fields
/// not given keep their stored value. A new interpreter gets a feed. Returns the interpreter
/// and whether it is new.
pub fn interpreter_set(
    ctx: &Ctx,
    id: &str,
    changes: &[(&str, String)],
    now: DateTime<Utc>,
) -> Result<(Interpreter, bool, PublishReport)> {
    let existing = ctx.store().interpreter(id)?;
    let mut fields = match &existing {
        Some(i) => import::interpreter_fields(i),
        None => vec![("id".to_string(), id.to_string())],
    };
    for (name, value) in changes {
        fields.retain(|(k, _)| k != name);
        fields.push((name.to_string(), value.clone()));
    }
    let interpreter =
        import::interpreter_from_fields("command line", &fields).map_err(|errors| {
            Error::Invalid {
                what: "changed",
                errors,
            }
        })?;
    let mut batch = Batch::new();
    batch.put_interpreter(&interpreter)?;
    let added = existing.is_none();
    if added {
        batch.put_subscription(&FeedSubscription::new(
            FeedKind::Interpreter,
            &interpreter.id,
            new_secret()?,
            false,
        ))?;
    }
    let published = ctx.commit(batch, now)?;
    Ok((interpreter, added, published))
}

/// What [`interpreter_unavailable`] did.
#[derive(Debug)]
pub struct Unavailable {
    pub interpreter: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Bookings that kept their slot but lost this interpreter, described.
    pub released: Vec<String>,
    /// Those of them within the lead time: `allocate` repairs them before its solve
    /// ([`crate::schedule::repair`]), so the coordinator is told to run it.
    pub by_hand: Vec<String>,
    pub published: PublishReport,
}

/// Marks an interpreter unavailable from `from` to `to` (dates in their own zone). Their
/// confirmed bookings on those dates keep the slot but lose the interpreter (and the mode),
/// so the next allocation re-places them, preferably in the same slot with someone else.
pub fn interpreter_unavailable(
    ctx: &Ctx,
    id: &str,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Unavailable> {
    if to < from {
        return Err(Refusal::RangeReversed {
            from: from.to_string(),
            to: to.to_string(),
        }
        .into());
    }
    if (to - from).num_days() > 366 {
        return Err(Refusal::RangeTooLong.into());
    }
    let center = ctx.center()?;
    let store = ctx.store();
    let mut interpreter = store
        .interpreter(id)?
        .ok_or_else(|| Error::from(Refusal::UnknownInterpreter { id: id.to_string() }))?;
    let center_tz = parse_tz(&center.timezone).map_err(Error::Refused)?;
    let clock = ctx.clock(now)?;
    let own_tz = parse_tz(&interpreter.timezone).map_err(Error::Refused)?;
    for d in from.iter_days().take_while(|d| *d <= to) {
        if !interpreter.dates_off.contains(&d) {
            interpreter.dates_off.push(d);
        }
    }
    interpreter.dates_off.sort();
    let mut batch = Batch::new();
    batch.put_interpreter(&interpreter)?;
    let mut released = Vec::new();
    let mut by_hand = Vec::new();
    for mut b in store.bookings()? {
        // A booking that has started is history: the day off does not rewrite it.
        if b.status != BookingStatus::Confirmed
            || b.interpreter.as_deref() != Some(id)
            || clock.is_history(&b)
        {
            continue;
        }
        let own_date = resolve_local(center_tz, b.start)
            .with_timezone(&own_tz)
            .date_naive();
        if own_date < from || own_date > to {
            continue;
        }
        lose_interpreter(
            &mut batch,
            &mut b,
            |interpreter| Release::InterpreterUnavailable { interpreter },
            now,
        )?;
        released.push(format!(
            "{} ({} {})",
            b.number,
            b.session,
            b.start.format("%H:%M")
        ));
        if !clock.is_open(b.start) {
            by_hand.push(b.number.clone());
        }
    }
    let published = ctx.commit(batch, now)?;
    Ok(Unavailable {
        interpreter: id.to_string(),
        from,
        to,
        released,
        by_hand,
        published,
    })
}

/// A one-off session to add; `None` fields default to the agency's first pattern.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub slot_minutes: Option<u32>,
    pub booths: Option<u32>,
    pub modes: Option<Vec<Mode>>,
}

/// What [`session_add`] did.
#[derive(Debug)]
pub struct SessionAdded {
    pub agency: String,
    pub session: ExtraSession,
    /// Why the center is closed that day, when it is: the session is added anyway (the
    /// coordinator may open on purpose), and `check` keeps naming it.
    pub closed: Option<crate::model::ClosedReason>,
    pub published: PublishReport,
}

/// Adds a one-off session to an agency (lifting a cancellation of that date, if any).
pub fn session_add(
    ctx: &Ctx,
    agency_id: &str,
    new: NewSession,
    now: DateTime<Utc>,
) -> Result<SessionAdded> {
    let mut agency = ctx.store().agency(agency_id)?.ok_or_else(|| {
        Error::from(Refusal::UnknownAgency {
            id: agency_id.to_string(),
        })
    })?;
    let first = agency.patterns.first();
    let slot_minutes = new
        .slot_minutes
        .or(first.map(|p| p.slot_minutes))
        .unwrap_or(30);
    let booths = new.booths.or(first.map(|p| p.booths)).unwrap_or(1);
    let modes = new
        .modes
        .unwrap_or_else(|| first.map_or(Mode::ALL.to_vec(), |p| p.modes.clone()));
    let session = ExtraSession {
        date: new.date,
        start: new.start,
        end: new.end,
        slot_minutes,
        booths,
        modes,
    };
    check_session_shape(&session)?;
    let clock = ctx.clock(now)?;
    if clock.is_past(new.date.and_time(new.start)) {
        return Err(Refusal::SessionInPast {
            date: new.date.to_string(),
            start: new.start.format("%H:%M").to_string(),
            now: clock.local.format("%Y-%m-%d %H:%M").to_string(),
        }
        .into());
    }
    agency.cancelled.retain(|d| *d != new.date);
    agency.extras.push(session.clone());
    let mut batch = Batch::new();
    batch.put_agency(&agency)?;
    let closed = ctx.store().closed_days()?.reason(session.date);
    let published = ctx.commit(batch, now)?;
    Ok(SessionAdded {
        agency: agency.id,
        session,
        closed,
        published,
    })
}

/// The bounds a session must keep (the same as agencies.toml's): it ends after it starts,
/// a slot fits in it, 1 to 50 booths, at least one mode.
fn check_session_shape(s: &ExtraSession) -> Result<()> {
    let (start, end) = (s.start, s.end);
    if end <= start {
        return Err(Refusal::EndNotAfterStart {
            start: start.format("%H:%M").to_string(),
            end: end.format("%H:%M").to_string(),
        }
        .into());
    }
    let minutes = (end - start).num_minutes();
    if !crate::model::SLOT_MINUTES.contains(&s.slot_minutes) || i64::from(s.slot_minutes) > minutes
    {
        return Err(Refusal::SlotDoesNotFit {
            slot: s.slot_minutes,
            minutes,
        }
        .into());
    }
    if !crate::model::BOOTHS.contains(&s.booths) || s.modes.is_empty() {
        return Err(Refusal::BoothsOrModes {
            min: *crate::model::BOOTHS.start(),
            max: *crate::model::BOOTHS.end(),
        }
        .into());
    }
    Ok(())
}

/// What [`session_cancel`] did.
#[derive(Debug)]
pub struct SessionCancelled {
    pub agency: String,
    pub date: NaiveDate,
    pub month: Month,
    /// Confirmed bookings in the cancelled sessions: the next allocation re-places them.
    pub affected: Vec<String>,
    pub published: PublishReport,
}

/// Cancels an agency's sessions on a date.
pub fn session_cancel(
    ctx: &Ctx,
    agency_id: &str,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<SessionCancelled> {
    let store = ctx.store();
    let mut agency = store.agency(agency_id)?.ok_or_else(|| {
        Error::from(Refusal::UnknownAgency {
            id: agency_id.to_string(),
        })
    })?;
    let month = Month::of(date);
    let sessions: Vec<_> = sessions_for_month(&agency, month, ctx.zone()?, &store.closed_days()?)
        .into_iter()
        .filter(|s| s.date() == date)
        .collect();
    if sessions.is_empty() {
        return Err(Refusal::NoSessionOnDate {
            agency: agency.id.clone(),
            date: date.to_string(),
        }
        .into());
    }
    let clock = ctx.clock(now)?;
    if let Some(started) = sessions.iter().find(|s| clock.is_past(s.start)) {
        return Err(Refusal::SessionStarted {
            session: started.id.clone(),
            start: started.start.format("%Y-%m-%d %H:%M").to_string(),
            now: clock.local.format("%Y-%m-%d %H:%M").to_string(),
        }
        .into());
    }
    let on_date: Vec<String> = sessions.into_iter().map(|s| s.id).collect();
    agency.extras.retain(|e| e.date != date);
    if !agency.cancelled.contains(&date) {
        agency.cancelled.push(date);
    }
    let mut batch = Batch::new();
    batch.put_agency(&agency)?;
    let mut affected = Vec::new();
    let mut notes = Vec::new();
    // The bookings stay (same number) and feeds show them as being rescheduled until the next
    // allocation re-places them; the higher SEQUENCE makes calendars pick that up.
    for mut b in store.bookings()? {
        if b.status != BookingStatus::Confirmed || !on_date.contains(&b.session) {
            continue;
        }
        b.sequence += 1;
        b.updated = now;
        batch.log(Event::typed(
            now,
            &b.request,
            What::Released {
                booking: b.number.clone(),
                at: Place::of(&b),
                why: Release::SessionCancelled,
            },
        ));
        batch.put_booking(&b)?;
        notes.push((
            b.clone(),
            ContactChange::SessionCancelled {
                number: b.number.clone(),
                at: Appointment {
                    start: b.start,
                    agency: b.agency.clone(),
                    mode: b.mode,
                },
            },
        ));
        affected.push(b.number);
    }
    let published = ctx.commit_noting(batch, notes, now)?;
    Ok(SessionCancelled {
        agency: agency.id,
        date,
        month,
        affected,
        published,
    })
}

/// A confirmed booking keeps its session and slot but loses its interpreter (`why`: a day
/// off, from the command line or an imported folder): SEQUENCE up, history written, booking
/// put into `batch`. The next allocation finds another interpreter for the same slot first.
pub(super) fn lose_interpreter(
    batch: &mut Batch,
    b: &mut Booking,
    why: fn(String) -> Release,
    now: DateTime<Utc>,
) -> Result<()> {
    let at = Place::of(b);
    let interpreter = b.interpreter.take().unwrap_or_default();
    b.mode = None;
    b.sequence += 1;
    b.updated = now;
    batch.log(Event::typed(
        now,
        &b.request,
        What::Released {
            booking: b.number.clone(),
            at,
            why: why(interpreter),
        },
    ));
    batch.put_booking(b)?;
    Ok(())
}
