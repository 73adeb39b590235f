//! Integrity check, backup and restore.
//!
//! The backup format lives in [`crate::backup`]; these are the use cases around it.

use super::Ctx;
use crate::error::Result;
use crate::integrity::{self, Finding, Records, Severity};
use crate::publish::PublishReport;
use crate::store::{Counter, Table};
use chrono::{DateTime, Utc};
use std::path::Path;

/// What [`check`] found.
#[derive(Debug)]
pub struct Checked {
    /// Records that do not decode: (table, key, error).
    pub damaged: Vec<(Table, String, String)>,
    pub findings: Vec<Finding>,
    /// Waiting requests whose deadline has passed at `now` (`report::is_overdue`): warnings,
    /// (request, deadline), worded by the CLI.
    pub overdue: Vec<(String, chrono::NaiveDate)>,
    /// Confirmed bookings that cannot happen as planned ([`crate::model::Troubles`]): warnings
    /// until repaired, (booking, request, start, trouble), in time order.
    pub troubles: Vec<(String, String, chrono::NaiveDateTime, crate::model::Trouble)>,
    /// Sessions from today on that fall on a day the center is closed (an extra session
    /// imported or added on one; `model::sessions_on_closed_days`): warnings, worded by the CLI.
    pub on_closed_days: Vec<ClosedSession>,
    pub requests: usize,
    pub bookings: usize,
}

/// A session on a closed day, as `check` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedSession {
    pub session: String,
    pub agency: String,
    pub date: chrono::NaiveDate,
    pub reason: crate::model::ClosedReason,
}

impl Checked {
    /// True when nothing is damaged and no finding is an error (warnings are fine).
    pub fn is_sound(&self) -> bool {
        self.damaged.is_empty() && self.errors() == 0
    }

    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }
}

/// Checks every record decodes, then the cross-record rules of [`integrity::check_at`] (run
/// only on a database whose records all decode) at `now`, so bookings that are history are
/// not sent to `allocate` for what allocation leaves alone.
pub fn check(ctx: &Ctx, now: DateTime<Utc>) -> Result<Checked> {
    let store = ctx.store();
    let damaged = store.damaged_values()?;
    let today = ctx.today(now)?;
    let overdue = store
        .requests()?
        .iter()
        .filter(|r| crate::report::is_overdue(r, today))
        .filter_map(|r| Some((r.id.clone(), r.deadline?)))
        .collect();
    let troubles = if damaged.is_empty() {
        let found = ctx.troubles(now)?;
        let mut list: Vec<_> = store
            .bookings()?
            .into_iter()
            .filter_map(|b| {
                let t = found.get(&b.number)?.clone();
                Some((b.number, b.request, b.start, t))
            })
            .collect();
        list.sort_by(|a, b| (a.2, &a.0).cmp(&(b.2, &b.0)));
        list
    } else {
        Vec::new()
    };
    // Read only from sound records (like the findings below).
    let on_closed_days = if damaged.is_empty() {
        let (tz, closed) = (ctx.zone()?, store.closed_days()?);
        store
            .agencies()?
            .iter()
            .flat_map(|a| crate::model::sessions_on_closed_days(a, tz, &closed, today))
            .map(|(s, reason)| ClosedSession {
                date: s.date(),
                session: s.id,
                agency: s.agency,
                reason,
            })
            .collect()
    } else {
        Vec::new()
    };
    let findings = if damaged.is_empty() {
        integrity::check_at(
            &Records {
                center: store.center()?.as_ref(),
                agencies: &store.agencies()?,
                interpreters: &store.interpreters()?,
                requests: &store.requests()?,
                bookings: &store.bookings()?,
                subscriptions: &store.subscriptions()?,
                booking_counter: store.counter(Counter::Bookings)?,
            },
            Some(now),
        )
    } else {
        Vec::new()
    };
    Ok(Checked {
        damaged,
        findings,
        overdue,
        troubles,
        on_closed_days,
        requests: store.table_len(Table::Requests)?,
        bookings: store.table_len(Table::Bookings)?,
    })
}

/// What [`backup`] wrote.
#[derive(Debug)]
pub struct BackedUp {
    pub records: usize,
    pub bytes: usize,
}

/// Writes a backup of the whole database to `file` (atomically replaced); [`crate::backup`]
/// owns the format.
pub fn backup(ctx: &Ctx, file: &Path, now: DateTime<Utc>) -> Result<BackedUp> {
    let (records, bytes) = crate::backup::write_file(ctx.store(), file, now)?;
    Ok(BackedUp { records, bytes })
}

/// What [`restore`] did.
#[derive(Debug)]
pub struct Restored {
    pub records: usize,
    /// When the backup was written (as recorded in it).
    pub created: String,
    /// `None` when the backup holds no center (nothing to publish).
    pub published: Option<PublishReport>,
}

/// Restores `file` into the database, all or nothing: the whole backup is read, verified and
/// decoded, written into a staging copy that is checked, and only then swapped in
/// ([`crate::backup::restore`]); on any failure the data stays as it was. Refused when the
/// database already holds data unless `force`. Takes the context by value because the swap
/// closes and reopens the database; returns the reopened one.
pub fn restore(ctx: Ctx, file: &Path, force: bool, now: DateTime<Utc>) -> Result<(Ctx, Restored)> {
    let verified = crate::backup::read_file(file)?;
    let Ctx { store, dir, actor } = ctx;
    let store = crate::backup::restore(store, &verified, force)?;
    let ctx = Ctx { store, dir, actor };
    let published = if ctx.store().is_empty()? {
        None
    } else {
        Some(ctx.publish(now)?)
    };
    let restored = Restored {
        records: verified.records(),
        created: verified.created,
        published,
    };
    Ok((ctx, restored))
}
