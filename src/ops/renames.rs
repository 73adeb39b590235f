//! Session ids that change under a booking whose session did not.
//!
//! A session's id is `<agency>-<date>`, or `<agency>-<date>-<HHMM>` when the agency holds more
//! than one session that day. So adding a one-off session on a day that already has one (or
//! removing one of two) renames the session that stays, and its bookings, which name the old
//! id, would read as "session gone": residents would be told their consultation was cancelled
//! (found by playing the month: `agency add-session labour --date 2/21 --start 17:00` turned
//! `labour-2027-02-21` into `labour-2027-02-21-1300` and 11 bookings into 要再調整). Every
//! commit that writes agencies goes through [`follow`]: a confirmed booking whose session is
//! still held at the same times under a new id is rewritten to name the new id, in the same
//! batch. Nothing else about the booking changes (its number, times, booth, SEQUENCE), so no
//! feed, slip or call list sees a change.

use super::Ctx;
use crate::error::{Error, Result};
use crate::model::{Agency, BookingStatus, Month, parse_tz, sessions_for_month};
use crate::store::{Batch, Table};
use std::collections::{BTreeSet, HashMap};

pub(super) fn follow(ctx: &Ctx, batch: &mut Batch) -> Result<()> {
    if !batch.writes(Table::Agencies) {
        return Ok(());
    }
    let store = ctx.store();
    let Some(center) = store.center()? else {
        return Ok(());
    };
    let tz = parse_tz(&center.timezone).map_err(Error::Refused)?;
    let old: HashMap<String, Agency> = store
        .agencies()?
        .into_iter()
        .map(|a| (a.id.clone(), a))
        .collect();
    let mut new: HashMap<String, Agency> = HashMap::new();
    for a in batch.agencies_written() {
        new.insert(a.id.clone(), a);
    }
    // The bookings as they will be after this batch: stored, then the batch's own writes.
    let mut bookings: HashMap<String, crate::model::Booking> = store
        .bookings()?
        .into_iter()
        .map(|b| (b.number.clone(), b))
        .collect();
    for b in batch.bookings_written() {
        bookings.insert(b.number.clone(), b);
    }
    let mut renamed = Vec::new();
    for (id, after) in &new {
        let Some(before) = old.get(id) else { continue };
        let months: BTreeSet<Month> = bookings
            .values()
            .filter(|b| b.agency == *id && b.status == BookingStatus::Confirmed)
            .map(|b| Month::of(b.start.date()))
            .collect();
        let mut map: HashMap<String, String> = HashMap::new();
        for m in months {
            let now_held = sessions_for_month(after, m, tz, &center.closed);
            for s in sessions_for_month(before, m, tz, &center.closed) {
                if now_held.iter().any(|n| n.id == s.id) {
                    continue;
                }
                if let Some(n) = now_held
                    .iter()
                    .find(|n| (n.start, n.end) == (s.start, s.end))
                {
                    map.insert(s.id.clone(), n.id.clone());
                }
            }
        }
        for b in bookings.values() {
            if b.agency == *id
                && b.status == BookingStatus::Confirmed
                && let Some(to) = map.get(&b.session)
            {
                let mut b = b.clone();
                b.session = to.clone();
                renamed.push(b);
            }
        }
    }
    renamed.sort_by(|a, b| a.number.cmp(&b.number));
    for b in &renamed {
        batch.put_booking(b)?;
    }
    Ok(())
}
