//! Record and cancel requests; read a request's history.

use super::Ctx;
use crate::error::{Error, Result};
use crate::import;
use crate::model::{BookingStatus, Event, EventKind, Request, RequestStatus, parse_tz};
use crate::publish::PublishReport;
use crate::store::Batch;
use chrono::{DateTime, Utc};

/// What [`request_add`] recorded.
#[derive(Debug)]
pub struct Recorded {
    pub request: Request,
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
            return Err(Error::refused(format!(
                "{source}: {required}: missing (give --{} or put it in --from)",
                required.replace('_', "-")
            )));
        }
    }
    let request =
        import::request_from_fields(source, &fields, &center, &agencies).map_err(|errors| {
            Error::Invalid {
                what: "recorded",
                errors,
            }
        })?;
    if requests.iter().any(|r| r.id == request.id) {
        return Err(Error::refused(format!(
            "{source}: id: request {} already exists",
            request.id
        )));
    }
    let mut batch = Batch::new();
    batch.put_request(&request)?;
    batch.log(Event::new(
        now,
        &request.id,
        EventKind::Received,
        format!(
            "recorded ({} {}, {})",
            request.language, request.topic, request.priority
        ),
    ));
    let published = ctx.commit(batch, now)?;
    Ok(Recorded { request, published })
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

/// What [`request_cancel`] did.
#[derive(Debug)]
pub struct Cancelled {
    pub request: String,
    /// The bookings released, described (`B-00001 (session 13:00)`).
    pub released: Vec<String>,
    pub published: PublishReport,
}

/// Cancels a request: its confirmed booking is cancelled (leaving every feed, or shown as
/// cancelled where a feed asks for it) and its place frees up for the next allocation.
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
        .ok_or_else(|| Error::refused(format!("no request {id}")))?;
    if r.status == RequestStatus::Cancelled {
        return Err(Error::refused(format!(
            "request {} is already cancelled",
            r.id
        )));
    }
    let mut batch = Batch::new();
    let mut released = Vec::new();
    for mut b in store
        .bookings()?
        .into_iter()
        .filter(|b| b.request == r.id && b.status == BookingStatus::Confirmed)
    {
        b.status = BookingStatus::Cancelled;
        b.sequence += 1;
        b.updated = now;
        released.push(format!(
            "{} ({} {})",
            b.number,
            b.session,
            b.start.format("%H:%M")
        ));
        batch.put_booking(&b)?;
    }
    r.status = RequestStatus::Cancelled;
    batch.put_request(&r)?;
    batch.log(Event::new(now, &r.id, EventKind::Cancelled, {
        let mut detail = if released.is_empty() {
            "cancelled while waiting".to_string()
        } else {
            format!("cancelled; booking {} released", released.join(", "))
        };
        if let Some(why) = reason.map(str::trim).filter(|s| !s.is_empty()) {
            detail.push_str(&format!("; reason: {why}"));
        }
        if let Some(to) = referred_to.map(str::trim).filter(|s| !s.is_empty()) {
            detail.push_str(&format!("; referred to {to}"));
        }
        detail
    }));
    let published = ctx.commit(batch, now)?;
    Ok(Cancelled {
        request: r.id,
        released,
        published,
    })
}

/// The history of one request, oldest first.
pub fn history(ctx: &Ctx, id: &str) -> Result<Vec<Event>> {
    if ctx.store().request(id)?.is_none() {
        return Err(Error::refused(format!("no request {id}")));
    }
    Ok(ctx.store().history(id)?)
}
