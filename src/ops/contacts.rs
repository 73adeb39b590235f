//! The call list: whom to tell about a change of their appointment, and by when.
//!
//! Every commit that places, moves, releases or cancels a booking adds the resident (one open
//! item per booking; see [`ContactItem`]). It is derived in [`Ctx::commit`] from the bookings
//! the batch writes, compared with the database before the commit, so no command can forget
//! it and the item is committed together with the change. Changes a resident does not notice
//! (another interpreter in the same slot and mode) add nothing; a session cancellation, which
//! leaves the booking where it was until it is re-placed, is noted by that command.

use super::Ctx;
use crate::error::Result;
use crate::model::Troubles;
use crate::model::{
    Appointment, Booking, BookingStatus, Clock, ContactChange, ContactItem, Place, Release, What,
};
use crate::store::{Batch, Table};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use std::collections::HashMap;

fn at(b: &Booking) -> Appointment {
    Appointment {
        start: b.start,
        agency: b.agency.clone(),
        mode: b.mode,
    }
}

/// What the resident must hear about `new` (written by this batch), and the appointments
/// concerned; `None` when nothing they would notice changed.
fn change(
    old: Option<&Booking>,
    new: &Booking,
    waiting: bool,
    clock: &Clock,
) -> Option<(ContactChange, Vec<NaiveDateTime>)> {
    let future = |b: &Booking| !clock.is_history(b);
    match (old, new.status) {
        (None, BookingStatus::Confirmed) => future(new).then(|| {
            (
                ContactChange::New {
                    number: new.number.clone(),
                    at: at(new),
                },
                vec![new.start],
            )
        }),
        (None, BookingStatus::Cancelled) => None,
        (Some(o), BookingStatus::Confirmed) if o.status == BookingStatus::Cancelled => future(new)
            .then(|| {
                (
                    ContactChange::Replaced {
                        number: new.number.clone(),
                        at: at(new),
                        was: at(o),
                    },
                    vec![new.start],
                )
            }),
        (Some(o), BookingStatus::Cancelled) if o.status == BookingStatus::Confirmed => future(o)
            .then(|| {
                let (number, at) = (o.number.clone(), at(o));
                let what = if waiting {
                    ContactChange::WaitingAgain { number, at }
                } else {
                    ContactChange::Cancelled { number, at }
                };
                (what, vec![o.start])
            }),
        (Some(o), BookingStatus::Confirmed) => {
            if !future(o) && !future(new) {
                None
            // By agency and start, not session id: the id of a session that stays can change
            // when another one is added that day (`ops::renames`).
            } else if (&o.agency, o.start) != (&new.agency, new.start) {
                Some((
                    ContactChange::Moved {
                        number: new.number.clone(),
                        from: at(o),
                        to: at(new),
                    },
                    vec![o.start, new.start],
                ))
            } else if new.mode.is_some() && o.mode.is_some() && o.mode != new.mode {
                Some((
                    ContactChange::ModeChanged {
                        number: new.number.clone(),
                        start: new.start,
                        mode: new.mode,
                        was: o.mode,
                    },
                    vec![new.start],
                ))
            } else {
                None
            }
        }
        (Some(_), BookingStatus::Cancelled) => None,
    }
}

/// Adds to `batch` the call-list items for the bookings it writes, and for `notes` (booking,
/// what to tell), merging into open items of the same booking.
pub(super) fn derive(
    ctx: &Ctx,
    batch: &mut Batch,
    notes: Vec<(Booking, ContactChange)>,
    now: DateTime<Utc>,
) -> Result<()> {
    let written = batch.bookings_written();
    // Closed days count as the roster does: a re-import that closes a session's day makes its
    // bookings unable to happen, and the residents are told at once, not at the next allocate.
    let roster = batch.writes(Table::Interpreters)
        || batch.writes(Table::Agencies)
        || batch.closed_days_written().is_some();
    if written.is_empty() && notes.is_empty() && !roster {
        return Ok(());
    }
    let Some(center) = ctx.store().center()? else {
        return Ok(());
    };
    let clock = ctx.clock(now)?;
    let before: HashMap<String, Booking> = ctx
        .store()
        .bookings()?
        .into_iter()
        .map(|b| (b.number.clone(), b))
        .collect();
    // Requests this batch sends back to waiting: their released booking is "waiting again".
    let waiting: std::collections::HashSet<String> = batch
        .requests_written()
        .into_iter()
        .filter(|r| r.status == crate::model::RequestStatus::Waiting)
        .map(|r| r.id)
        .collect();
    // A booking written twice in one batch (released by the repair, then placed again by the
    // solve) is told once, by its last version.
    let mut last: Vec<&Booking> = Vec::new();
    for b in written.iter().rev() {
        if !last.iter().any(|l| l.number == b.number) {
            last.push(b);
        }
    }
    last.reverse();
    let mut found: Vec<(Booking, ContactChange, Vec<NaiveDateTime>)> = last
        .into_iter()
        .filter_map(|b| {
            change(
                before.get(&b.number),
                b,
                waiting.contains(&b.request),
                &clock,
            )
            .map(|(what, when)| (b.clone(), what, when))
        })
        .collect();
    told_lost_interpreters(ctx, &before, &mut found)?;
    found.extend(
        notes
            .into_iter()
            .filter(|(b, _)| !clock.is_history(b))
            .map(|(b, what)| {
                let start = b.start;
                (b, what, vec![start])
            }),
    );
    found.extend(trouble_changes(
        ctx, batch, &center, &clock, &before, &found,
    )?);
    if found.is_empty() {
        return Ok(());
    }
    let mut items = ctx.store().contacts()?;
    let mut next = items
        .iter()
        .filter_map(|c| c.id.strip_prefix("C-")?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    let mut touched: Vec<usize> = Vec::new();
    for (b, what, when) in found {
        let earliest = when.iter().min().map_or(clock.today(), |t| t.date());
        let by = (earliest - TimeDelta::days(1)).max(clock.today());
        let open = items
            .iter()
            .position(|c| c.booking == b.number && c.done.is_none());
        let i = match open {
            Some(i) => {
                // The resident hears the booking's last state once: "waiting again" or
                // "cancelled" replaces the "session cancelled, being rearranged" still open
                // for it (a cancelled session, then the allocation that could not re-place).
                if matches!(
                    what,
                    ContactChange::WaitingAgain { .. } | ContactChange::Cancelled { .. }
                ) {
                    items[i].what.retain(|w| {
                        !matches!(
                            w,
                            ContactChange::SessionCancelled { number, .. }
                                | ContactChange::Rearranging { number, .. }
                                if *number == b.number
                        )
                    });
                }
                // Likewise "goes ahead as planned" replaces a "do not come" nobody has
                // told yet: one call, not two that contradict each other.
                if matches!(what, ContactChange::Restored { .. }) {
                    items[i].what.retain(|w| {
                        !matches!(
                            w,
                            ContactChange::Rearranging { number, .. } if *number == b.number
                        )
                    });
                }
                items[i].what.push(what);
                items[i].by = items[i].by.min(by);
                i
            }
            None => {
                next += 1;
                items.push(ContactItem {
                    id: format!("C-{next:05}"),
                    request: b.request.clone(),
                    booking: b.number.clone(),
                    what: vec![what],
                    by,
                    created: now,
                    done: None,
                });
                items.len() - 1
            }
        };
        if !touched.contains(&i) {
            touched.push(i);
        }
    }
    for i in touched {
        batch.put_contact(&items[i])?;
    }
    Ok(())
}

/// A booking that lost its interpreter (an illness, a day off: `people::lose_interpreter`)
/// has no interpreter and no mode left, which its old appointment would tell as "no
/// interpreter needed". Its history keeps what it had: a move says so and names the
/// interpreter who dropped out, a re-placement tells the old appointment with its mode.
fn told_lost_interpreters(
    ctx: &Ctx,
    before: &HashMap<String, Booking>,
    found: &mut [(Booking, ContactChange, Vec<NaiveDateTime>)],
) -> Result<()> {
    let mut interpreters = None;
    for (b, what, _) in found.iter_mut() {
        let Some(old) = before.get(&b.number) else {
            continue;
        };
        if old.interpreter.is_some()
            || !matches!(
                what,
                ContactChange::Moved { .. } | ContactChange::Replaced { .. }
            )
        {
            continue;
        }
        let Some(had) = lost_interpreter(ctx, &b.request, &b.number)? else {
            continue;
        };
        let Some(id) = had.interpreter.clone() else {
            continue;
        };
        let list = match &interpreters {
            Some(list) => list,
            None => interpreters.insert(ctx.store().interpreters()?),
        };
        let name = list
            .iter()
            .find(|i| i.id == id)
            .map_or(id, |i| i.name.clone());
        let mut from = at(old);
        from.mode = had.mode;
        *what = match std::mem::replace(what, ContactChange::Text(String::new())) {
            ContactChange::Moved { number, to, .. } => ContactChange::MovedLostInterpreter {
                number,
                from,
                to,
                interpreter: name,
            },
            ContactChange::Replaced { number, at, .. } => ContactChange::Replaced {
                number,
                at,
                was: from,
            },
            other => other,
        };
    }
    Ok(())
}

/// Where booking `number` was when it last lost its interpreter, if that is the last thing
/// its history tells about its interpreter (nothing placed or moved it with one since).
fn lost_interpreter(ctx: &Ctx, request: &str, number: &str) -> Result<Option<Place>> {
    for e in ctx.store().history(request)?.into_iter().rev() {
        match e.what {
            Some(What::Released {
                booking,
                at,
                why:
                    Release::InterpreterUnavailable { .. } | Release::InterpreterDayOffInImport { .. },
            }) if booking == number => return Ok(Some(at)),
            Some(
                What::Placed { booking, at }
                | What::Replaced { booking, at, .. }
                | What::Moved {
                    booking, to: at, ..
                },
            ) if booking == number && at.interpreter.is_some() => return Ok(None),
            _ => {}
        }
    }
    Ok(None)
}

/// What the batch does to bookings it may not write itself: an interpreter marked ill, a
/// re-imported roster or pattern can make a confirmed booking unable to happen as planned
/// ([`Troubles`], the rule every output reads), and a substitute can make it hold again.
/// The resident hears both: "do not come" and "come as planned". Bookings already told about
/// by this batch (`told`) are left to that change.
fn trouble_changes(
    ctx: &Ctx,
    batch: &Batch,
    center: &crate::model::Center,
    clock: &Clock,
    before: &HashMap<String, Booking>,
    told: &[(Booking, ContactChange, Vec<NaiveDateTime>)],
) -> Result<Vec<(Booking, ContactChange, Vec<NaiveDateTime>)>> {
    let store = ctx.store();
    let agencies = store.agencies()?;
    let interpreters = store.interpreters()?;
    let requests = store.requests()?;
    let bookings: Vec<Booking> = before.values().cloned().collect();
    let was = Troubles::find(
        center,
        &agencies,
        &interpreters,
        &requests,
        &bookings,
        Some(clock),
    );
    let agencies = batch.applied(Table::Agencies, agencies, |a| &a.id);
    let interpreters = batch.applied(Table::Interpreters, interpreters, |i| &i.id);
    let requests = batch.applied(Table::Requests, requests, |r| &r.id);
    let bookings = batch.applied(Table::Bookings, bookings, |b| &b.number);
    let center_after = batch
        .closed_days_written()
        .map(|closed| crate::model::Center {
            closed,
            ..center.clone()
        });
    let is = Troubles::find(
        center_after.as_ref().unwrap_or(center),
        &agencies,
        &interpreters,
        &requests,
        &bookings,
        Some(clock),
    );
    let mut out = Vec::new();
    for b in &bookings {
        if told.iter().any(|(t, _, _)| t.number == b.number) {
            continue;
        }
        let number = b.number.clone();
        if is.contains(&b.number) && !was.contains(&b.number) {
            // The appointment as the resident knows it: with the interpreter it had (the batch
            // may just have taken the interpreter and the mode away).
            let known = before.get(&b.number).unwrap_or(b);
            out.push((
                b.clone(),
                ContactChange::Rearranging {
                    number,
                    at: at(known),
                },
                vec![b.start],
            ));
        } else if was.contains(&b.number)
            && !is.contains(&b.number)
            && b.status == BookingStatus::Confirmed
            && before
                .get(&b.number)
                .is_some_and(|o| (&o.session, o.start) == (&b.session, b.start))
        {
            out.push((
                b.clone(),
                ContactChange::Restored { number, at: at(b) },
                vec![b.start],
            ));
        }
    }
    Ok(out)
}

/// One line of the call list, with what the coordinator needs to make the call.
#[derive(Debug, Clone)]
pub struct ContactLine {
    pub item: ContactItem,
    pub language: String,
    pub name: String,
    pub contact: String,
}

/// The call list: open items (all with `all`), in `month` if given (by the date they are
/// due), most urgent first.
pub fn contact_list(
    ctx: &Ctx,
    month: Option<crate::model::Month>,
    all: bool,
) -> Result<Vec<ContactLine>> {
    let requests: HashMap<String, crate::model::Request> = ctx
        .store()
        .requests()?
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    let mut out: Vec<ContactLine> = ctx
        .store()
        .contacts()?
        .into_iter()
        .filter(|c| all || c.done.is_none())
        .filter(|c| month.is_none_or(|m| m.contains(c.by)))
        .map(|item| {
            let r = requests.get(&item.request);
            ContactLine {
                language: r.map(|r| r.language.clone()).unwrap_or_default(),
                name: r.map(|r| r.contact.name.clone()).unwrap_or_default(),
                contact: r.map(|r| r.contact.contact.clone()).unwrap_or_default(),
                item,
            }
        })
        .collect();
    out.sort_by(|a, b| (a.item.by, &a.item.id).cmp(&(b.item.by, &b.item.id)));
    Ok(out)
}

/// Marks call-list item `id` done (the resident was told); the id as typed
/// ([`crate::input::contact_id`]: `C-8`, `8`, `C-00008`).
pub fn contact_done(ctx: &Ctx, id: &str, now: DateTime<Utc>) -> Result<ContactItem> {
    let mut done = contacts_done(ctx, &[id], now)?;
    Ok(done.remove(0))
}

/// Marks several call-list items done at once, as typed, all or nothing: an unknown id or one
/// already done refuses the whole call and changes nothing. One commit; the history of each
/// request records who was told about which booking.
pub fn contacts_done(ctx: &Ctx, ids: &[&str], now: DateTime<Utc>) -> Result<Vec<ContactItem>> {
    use crate::error::{Error, Refusal};
    let items = ctx.store().contacts()?;
    let mut chosen: Vec<ContactItem> = Vec::new();
    for typed in ids {
        let id = crate::input::contact_id(typed, items.iter().map(|c| c.id.as_str()));
        let item = items
            .iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::from(Refusal::UnknownContact { id: id.clone() }))?;
        if item.done.is_some() {
            return Err(Refusal::ContactAlreadyDone { id }.into());
        }
        if !chosen.iter().any(|c| c.id == item.id) {
            chosen.push(item.clone());
        }
    }
    let mut batch = Batch::new();
    for item in &mut chosen {
        item.done = Some(now);
        batch.put_contact(item)?;
        batch.log(crate::model::Event::typed(
            now,
            &item.request,
            crate::model::What::Contacted {
                booking: item.booking.clone(),
                contact: item.id.clone(),
            },
        ));
    }
    ctx.commit(batch, now)?;
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mode;
    use chrono::TimeZone;

    fn booking(start: &str, mode: Option<Mode>, status: BookingStatus) -> Booking {
        let start = NaiveDateTime::parse_from_str(start, "%Y-%m-%d %H:%M").unwrap();
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        Booking {
            number: "B-00001".into(),
            request: "R-0001".into(),
            session: format!("bar-{}", start.date()),
            agency: "bar".into(),
            slot: 0,
            start,
            end: start + TimeDelta::minutes(45),
            booth: 1,
            interpreter: mode.map(|_| "staff-zh-01".into()),
            mode,
            sequence: 0,
            status,
            created: t,
            updated: t,
        }
    }

    #[test]
    fn what_a_resident_notices() {
        let clock = Clock::new(
            Utc.with_ymd_and_hms(2026, 12, 2, 0, 0, 0).unwrap(),
            chrono_tz::Asia::Tokyo,
            2,
        );
        let c = BookingStatus::Confirmed;
        let x = BookingStatus::Cancelled;
        let a = booking("2026-12-19 13:00", Some(Mode::InPerson), c);
        // Placed, moved, cancelled: a call; the dates concerned decide "by".
        assert!(change(None, &a, false, &clock).is_some());
        let moved = booking("2026-12-26 13:00", Some(Mode::InPerson), c);
        let (what, when) = change(Some(&a), &moved, false, &clock).unwrap();
        assert_eq!(
            what,
            ContactChange::Moved {
                number: "B-00001".into(),
                from: at(&a),
                to: at(&moved)
            }
        );
        assert_eq!(when.len(), 2);
        let (what, _) = change(
            Some(&a),
            &booking("2026-12-19 13:00", None, x),
            false,
            &clock,
        )
        .unwrap();
        assert_eq!(
            what,
            ContactChange::Cancelled {
                number: "B-00001".into(),
                at: at(&a)
            }
        );
        // Another interpreter in the same slot and mode, or losing one: nothing to tell.
        let mut other = a.clone();
        other.interpreter = Some("remote-zh-01".into());
        assert!(change(Some(&a), &other, false, &clock).is_none());
        assert!(
            change(
                Some(&a),
                &booking("2026-12-19 13:00", None, c),
                false,
                &clock
            )
            .is_none()
        );
        // A different mode in the same slot (phone instead of in person): a call.
        let phone = booking("2026-12-19 13:00", Some(Mode::Phone), c);
        assert!(matches!(
            change(Some(&a), &phone, false, &clock).unwrap().0,
            ContactChange::ModeChanged {
                mode: Some(Mode::Phone),
                was: Some(Mode::InPerson),
                ..
            }
        ));
        // The past is history.
        let past = booking("2026-11-26 13:00", Some(Mode::InPerson), c);
        assert!(change(None, &past, false, &clock).is_none());
    }
}
