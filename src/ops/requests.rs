//! Record and cancel requests; read a request's history.

use super::Ctx;
use crate::error::{Error, Refusal, Result};
use crate::import;
use crate::input;
use crate::model::{
    Booked, Booking, BookingStatus, Event, Place, Release, Request, RequestStatus, What, parse_tz,
};
use crate::publish::PublishReport;
use crate::store::Batch;
use chrono::{DateTime, Utc};

/// What [`request_add`] recorded.
#[derive(Debug)]
pub struct Recorded {
    pub request: Request,
    /// Readings worth confirming (a 令和 date, a two-digit year), as `import` reports them.
    pub notes: Vec<import::ImportNote>,
    pub published: PublishReport,
}

/// Records a new request from intake fields (names as in requests.csv). `source` names where
/// the fields came from in messages. Defaults: the next free `R-NNNN` id, received `now` (center
/// time), every mode. The request waits for the next allocation.
pub fn request_add(
    ctx: &Ctx,
    source: &str,
    mut fields: Vec<(String, String)>,
    now: DateTime<Utc>,
) -> Result<Recorded> {
    let center = ctx.center()?;
    let agencies = ctx.store().agencies()?;
    let requests = ctx.store().requests()?;
    let has = |fields: &Vec<(String, String)>, name: &str| {
        fields
            .iter()
            .any(|(k, v)| k == name && !v.trim().is_empty())
    };
    if !has(&fields, "id") {
        fields.retain(|(k, _)| k != "id");
        fields.push(("id".into(), next_request_id(&requests)));
    }
    if !has(&fields, "received") {
        fields.retain(|(k, _)| k != "received");
        let tz = parse_tz(&center.timezone).map_err(Error::Refused)?;
        let local = now.with_timezone(&tz).naive_local();
        fields.push((
            "received".into(),
            local.format("%Y-%m-%dT%H:%M").to_string(),
        ));
    }
    if !has(&fields, "modes") {
        fields.retain(|(k, _)| k != "modes");
        fields.push(("modes".into(), "in_person;video;phone".into()));
    }
    for required in ["language", "topic", "nationality"] {
        if !has(&fields, required) {
            return Err(Refusal::MissingField {
                source: source.to_string(),
                field: required.to_string(),
                flag: required.replace('_', "-"),
            }
            .into());
        }
    }
    let (request, notes) = import::request_from_fields_noted(source, &fields, &center, &agencies)
        .map_err(|errors| Error::Invalid {
        what: "recorded",
        errors,
    })?;
    if requests.iter().any(|r| r.id == request.id) {
        return Err(Refusal::RequestExists {
            source: source.to_string(),
            id: request.id.clone(),
        }
        .into());
    }
    let mut batch = Batch::new();
    batch.put_request(&request)?;
    batch.log(Event::typed(
        now,
        &request.id,
        What::Received {
            imported: false,
            language: request.language.clone(),
            topic: request.topic.clone(),
            priority: request.priority,
        },
    ));
    let published = ctx.commit(batch, now)?;
    Ok(Recorded {
        request,
        notes,
        published,
    })
}

/// The next `R-NNNN` after the highest one in use.
fn next_request_id(requests: &[Request]) -> String {
    let next = requests
        .iter()
        .filter_map(|r| r.id.strip_prefix("R-")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    format!("R-{next:04}")
}

/// One intake field as staff type it (`ベトナム語`, `労働`, `1/20`) in the form requests.csv
/// stores (`vi`, `labour`, `2027-01-20`): the one reading for the CLI's flags and the
/// console's intake form. Other fields pass through; the intake reader checks them.
pub fn intake_field(ctx: &Ctx, name: &str, value: &str, now: DateTime<Utc>) -> Result<String> {
    if value.trim().is_empty() {
        return Ok(value.to_string());
    }
    Ok(match name {
        "language" => input::language(value)?,
        "topic" => match ctx.store().center()? {
            Some(center) => input::topic(value, &center.topics)?,
            None => value.to_string(),
        },
        // A month and day alone is the coming one; a full date goes to the intake reader as
        // typed, which notes how it read a 令和 or two-digit year.
        "deadline" => match value.parse::<input::InputDate>() {
            Ok(input::InputDate::MonthDay { .. }) => {
                input::date_text(value, ctx.today(now)?, "--deadline")?
            }
            _ => value.to_string(),
        },
        _ => value.to_string(),
    })
}

/// What [`request_cancel`] did.
#[derive(Debug)]
pub struct Cancelled {
    pub request: String,
    /// The bookings released, described (`B-00001 (session 13:00)`).
    pub released: Vec<String>,
    /// Confirmed bookings that had started, described like `released`: history, kept as they
    /// were (only when the request also had one not yet started; see [`request_cancel`]).
    pub kept: Vec<String>,
    pub published: PublishReport,
}

/// Cancels a request: its confirmed booking is cancelled (leaving every feed, or shown as
/// cancelled where a feed asks for it) and its place frees up for the next allocation.
///
/// A booking that has started is history ([`crate::model::Clock::is_history`]): the resident
/// came, or did not, and the agency's calendar and the month report keep it. So a request
/// whose only confirmed booking has started is refused
/// ([`Refusal::ConsultationTookPlace`], saying what to do instead: a new request), and of a
/// request with bookings on both sides of `now` only those not yet started are released; the
/// request then stays booked (by its past booking), the cancellation in its history.
///
/// `reason` and `referred_to` (where the resident was sent instead, e.g. another counter) are
/// recorded in the request's history.
pub fn request_cancel(
    ctx: &Ctx,
    id: &str,
    reason: Option<&str>,
    referred_to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Cancelled> {
    let store = ctx.store();
    let mut r = store
        .request(id)?
        .ok_or_else(|| Error::from(Refusal::UnknownRequest { id: id.to_string() }))?;
    if r.status == RequestStatus::Cancelled {
        return Err(Refusal::RequestAlreadyCancelled { id: r.id.clone() }.into());
    }
    let clock = ctx.clock(now)?;
    let (history, live): (Vec<Booking>, Vec<Booking>) = store
        .bookings()?
        .into_iter()
        .filter(|b| b.request == r.id && b.status == BookingStatus::Confirmed)
        .partition(|b| clock.is_history(b));
    if live.is_empty()
        && let Some(b) = history.first()
    {
        return Err(took_place(&r.id, b));
    }
    let describe =
        |b: &Booking| format!("{} ({} {})", b.number, b.session, b.start.format("%H:%M"));
    let mut batch = Batch::new();
    let mut released = Vec::new();
    let mut released_at = Vec::new();
    for mut b in live {
        b.status = BookingStatus::Cancelled;
        b.sequence += 1;
        b.updated = now;
        released.push(describe(&b));
        released_at.push(Booked::of(&b));
        batch.put_booking(&b)?;
    }
    let kept: Vec<String> = history.iter().map(describe).collect();
    if kept.is_empty() {
        r.status = RequestStatus::Cancelled;
        batch.put_request(&r)?;
    }
    let typed = |t: Option<&str>| t.map(str::trim).filter(|s| !s.is_empty()).map(String::from);
    batch.log(Event::typed(
        now,
        &r.id,
        What::Cancelled {
            released: released_at,
            kept: history.iter().map(Booked::of).collect(),
            reason: typed(reason),
            referred_to: typed(referred_to),
        },
    ));
    let published = ctx.commit(batch, now)?;
    Ok(Cancelled {
        request: r.id,
        released,
        kept,
        published,
    })
}

/// The refusal for changing request `id`, whose booking `b` has started.
fn took_place(id: &str, b: &Booking) -> Error {
    Refusal::ConsultationTookPlace {
        id: id.to_string(),
        number: b.number.clone(),
        start: b.start,
    }
    .into()
}

/// The history of one request, oldest first.
pub fn history(ctx: &Ctx, id: &str) -> Result<Vec<Event>> {
    if ctx.store().request(id)?.is_none() {
        return Err(Refusal::UnknownRequest { id: id.to_string() }.into());
    }
    Ok(ctx.store().history(id)?)
}

/// What [`request_edit`] did.
#[derive(Debug)]
pub struct Edited {
    pub request: Request,
    /// Names of the fields that changed.
    pub changed: Vec<String>,
    /// A confirmed booking the new details no longer fit: released, to be re-placed.
    pub released: Option<String>,
    pub published: PublishReport,
}

/// Changes intake fields of a request (names as in requests.csv), validated with the
/// importer's rules; refused once its booking has started (the consultation is history, see
/// [`request_cancel`]). Its confirmed, not yet started booking is checked against the new
/// details with the allocator's rules: it stays (SEQUENCE + 1, so feeds show the new intake)
/// or, if it no longer fits, is released to be re-placed (same number). Weights follow at the
/// next allocation, which computes them from the request.
pub fn request_edit(
    ctx: &Ctx,
    id: &str,
    changes: Vec<(String, String)>,
    now: DateTime<Utc>,
) -> Result<Edited> {
    let store = ctx.store();
    let old = store
        .request(id)?
        .ok_or_else(|| Error::from(Refusal::UnknownRequest { id: id.to_string() }))?;
    if old.status == RequestStatus::Cancelled {
        return Err(Refusal::RequestCancelled { id: id.to_string() }.into());
    }
    // The intake is what the agency's calendar event and the month report show of a
    // consultation: once it has started, changing it would rewrite history.
    let clock = ctx.clock(now)?;
    let bookings = store.bookings()?;
    if let Some(b) = bookings.iter().find(|b| {
        b.request == old.id && b.status == BookingStatus::Confirmed && clock.is_history(b)
    }) {
        return Err(took_place(&old.id, b));
    }
    if changes.iter().any(|(k, v)| k == "id" && v != id) {
        return Err(Refusal::IdCannotChange.into());
    }
    let mut fields = crate::import::request_fields(&old);
    let mut changed = Vec::new();
    for (k, v) in changes {
        if let Some(f) = fields.iter_mut().find(|(name, _)| *name == k) {
            if f.1 != v {
                changed.push(k.clone());
            }
            f.1 = v;
        } else {
            fields.push((k, v));
        }
    }
    let center = ctx.center()?;
    let mut new = import::request_from_fields("command line", &fields, &center, &store.agencies()?)
        .map_err(|errors| Error::Invalid {
            what: "changed",
            errors,
        })?;
    new.status = old.status;
    if new == old {
        return Err(Refusal::NothingToChange { id: id.to_string() }.into());
    }
    let mut batch = Batch::new();
    let mut released = None;
    let booking = bookings.into_iter().find(|b| {
        b.request == old.id && b.status == BookingStatus::Confirmed && !clock.is_history(b)
    });
    if let Some(mut b) = booking {
        let mut input = super::allocate::month_input(ctx, now)?;
        input.open_from = Some(clock.local);
        for r in &mut input.requests {
            if r.id == new.id {
                *r = new.clone();
            }
        }
        let month = crate::model::Month::of(b.start.date());
        let plan = crate::schedule::build(&input, month, true);
        let broken =
            super::bookings::violations(&input, &plan, month, crate::schedule::assignment_of(&b));
        b.sequence += 1;
        b.updated = now;
        if !broken.is_empty() {
            b.status = BookingStatus::Cancelled;
            new.status = RequestStatus::Waiting;
            released = Some(b.number.clone());
            batch.log(Event::typed(
                now,
                &new.id,
                What::Released {
                    booking: b.number.clone(),
                    at: Place::of(&b),
                    why: Release::NoLongerFits,
                },
            ));
        }
        batch.put_booking(&b)?;
    }
    batch.put_request(&new)?;
    batch.log(Event::typed(
        now,
        &new.id,
        What::Edited {
            fields: changed.clone(),
        },
    ));
    let published = ctx.commit(batch, now)?;
    Ok(Edited {
        request: new,
        changed,
        released,
        published,
    })
}
