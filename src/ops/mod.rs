//! The use cases: one function per thing a coordinator does.
//!
//! Each takes a [`Ctx`] (the open database and its data directory), its input and `now`,
//! decides what changes, builds one [`Batch`], commits it, publishes the feeds, and returns a
//! typed outcome for the caller to print. The CLI parses arguments, calls one of these and
//! prints; a server-side page or an HTTP API calls the same functions. Why one layer: the
//! decisions (which bookings lose an interpreter, what a cancellation frees, which months the
//! feeds show) then exist once, and every change follows the same commit-then-publish path.
//!
//! `now` is an argument, never read here: the caller owns the clock, so tests and a future
//! time-aware allocation can pass any instant. Dates that depend on "today" are taken in the
//! center's zone ([`Ctx::today`]).

mod allocate;
mod bookings;
pub mod change;
mod contacts;
mod feeds;
mod hand;
mod import;
mod maintenance;
mod moves;
mod people;
mod plan;
mod pool;
mod public;
mod reconcile;
mod renames;
mod requests;
mod slip;
mod staff;
mod view;

pub use allocate::{
    AllocateOptions, Allocation, allocate, allocation_version, changed_parts, instance,
};
pub use bookings::{MoveTo, Moved, Pinned, booking_move, booking_pin};
pub use contacts::{ContactLine, contact_done, contact_list, contacts_done};
pub use feeds::{
    FeedOptionChanges, FeedSettings, MAX_WINDOW_DAYS, list_feeds, rotate_feed, set_feed,
    set_feed_options,
};
pub use hand::{
    NotMoved, SessionMoveOptions, SessionMoved, Substitutes, booking_substitutes, session_move,
};
pub use import::{ImportOptions, Imported, Initialised, import, init_folder, load_sample};
pub use maintenance::{BackedUp, Checked, ClosedSession, Restored, backup, check, restore};
pub use moves::{
    CHOICE_MONTHS, Choice, Choices, ChoicesFor, Placed, hand_place_check, move_choices,
    parse_choice, request_place,
};
pub use people::{
    NewSession, SessionAdded, SessionCancelled, Unavailable, interpreter_set,
    interpreter_unavailable, session_add, session_cancel,
};
pub use plan::{plan_base, plan_history};
pub use pool::{
    Busy, Joined, PoolSettings, PoolStatus, pool_holds, pool_init, pool_join, pool_leave,
    pool_reconcile, pool_settings, pool_status,
};
pub use public::{MAX_PUBLIC_URL, PublicInputs, public_files, public_set, publish_public};
pub use reconcile::{ImportBase, Reconciled, reconcile};
pub use requests::{
    Cancelled, Edited, Recorded, history, intake_field, request_add, request_cancel, request_edit,
};
pub use slip::{Slip, SlipOptions, slip, slips_issued};
pub use staff::{
    Staff, staff_add, staff_authenticate, staff_current, staff_list, staff_passwd, staff_remove,
};
pub use view::{PUBLISHED_WAITING_ROWS, ViewSource, render_view, view_source};

use crate::error::{Error, Result};
use crate::feeds::FeedInputs;
use crate::model::{
    BookingStatus, Center, Clock, FeedSubscription, Month, Request, Troubles, parse_tz,
};
use crate::publish::{self, PublishReport};
use crate::store::{Batch, Store};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::path::{Path, PathBuf};

/// An open data directory: the database (held exclusively while this lives) and where its
/// feeds are published.
pub struct Ctx {
    store: Store,
    dir: PathBuf,
    /// The console's staff member this context acts for: every history event it commits
    /// names them. `None` for the CLI.
    actor: Option<String>,
}

impl Ctx {
    /// Opens (creating if needed) the data directory `dir`; `command` is recorded in the lock
    /// so a second process can say who holds the database.
    pub fn open(dir: &Path, command: &str) -> Result<Ctx> {
        Ok(Ctx {
            store: Store::open(dir, command)?,
            dir: dir.to_path_buf(),
            actor: None,
        })
    }

    /// [`Ctx::open`], waiting up to `wait` for another command to let go of the database
    /// (the console does, so a CLI command running meanwhile delays a page, not refuses it).
    pub fn open_waiting(dir: &Path, command: &str, wait: std::time::Duration) -> Result<Ctx> {
        Ok(Ctx {
            store: Store::open_waiting(dir, command, wait)?,
            dir: dir.to_path_buf(),
            actor: None,
        })
    }

    /// This context, acting for the staff member `name` (the console): the history of
    /// everything it commits says who did it.
    pub fn acting_as(mut self, name: &str) -> Ctx {
        self.actor = Some(name.to_string());
        self
    }

    /// Read access for queries (lists, reports). Writes go through the use cases.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Gives the database back (closing it), for commands that go on without it (`serve`).
    pub fn close(self) {}

    /// The center, or the refusal every use case gives on an empty database.
    pub fn center(&self) -> Result<Center> {
        self.store
            .center()?
            .ok_or_else(|| Error::from(crate::error::Refusal::EmptyDatabase))
    }

    /// The center's zone, in which agency patterns and booking times are meant (UTC for an
    /// empty database, which has no agencies or bookings either).
    pub fn zone(&self) -> Result<chrono_tz::Tz> {
        match self.store.center()? {
            Some(c) => parse_tz(&c.timezone).map_err(Error::Refused),
            None => Ok(chrono_tz::Tz::UTC),
        }
    }

    /// `now` seen from the center: its wall clock and which sessions are open to booking
    /// (center.toml's `lead_days`).
    pub fn clock(&self, now: DateTime<Utc>) -> Result<Clock> {
        let tz = parse_tz(&self.center()?.timezone).map_err(Error::Refused)?;
        Ok(Clock::new(now, tz, self.store.lead_days()?))
    }

    /// The bookings that need rearranging at `now` ([`Troubles`]: the one rule every output
    /// and the repair read). An empty database has none.
    pub fn troubles(&self, now: DateTime<Utc>) -> Result<Troubles> {
        let store = self.store();
        let Some(center) = store.center()? else {
            return Ok(Troubles::default());
        };
        let clock = self.clock(now)?;
        Ok(Troubles::find(
            &center,
            &store.agencies()?,
            &store.interpreters()?,
            &store.requests()?,
            &store.bookings()?,
            Some(&clock),
        ))
    }

    /// Today's date in the center's zone.
    pub fn today(&self, now: DateTime<Utc>) -> Result<NaiveDate> {
        let tz = parse_tz(&self.center()?.timezone).map_err(Error::Refused)?;
        Ok(now.with_timezone(&tz).date_naive())
    }

    /// Commits `batch` (all or nothing, durable on return), then publishes the feeds so
    /// subscribers see the change. A failed publish leaves the commit in place and says so
    /// ([`Error::Publish`]); the next committing command publishes again.
    ///
    /// The call list follows every booking the batch places, moves, releases or cancels
    /// ([`contacts`]), in the same commit.
    pub fn commit(&self, batch: Batch, now: DateTime<Utc>) -> Result<PublishReport> {
        self.commit_noting(batch, Vec::new(), now)
    }

    /// [`Ctx::commit`], also adding `notes` (booking, what to tell the resident) to the call
    /// list: for changes the bookings themselves do not show (a cancelled session).
    pub fn commit_noting(
        &self,
        batch: Batch,
        notes: Vec<(crate::model::Booking, crate::model::ContactChange)>,
        now: DateTime<Utc>,
    ) -> Result<PublishReport> {
        self.commit_with(batch, notes, None, now)
    }

    /// [`Ctx::commit`] while the interpreter pool cannot be reached
    /// (`allocate --without-pool-interpreters`): no claim; the batch must book none of the
    /// `shared` interpreters anew ([`pool::offline_check`]). The next sync claims the holds.
    pub(super) fn commit_without_pool(
        &self,
        batch: Batch,
        shared: &[String],
        now: DateTime<Utc>,
    ) -> Result<PublishReport> {
        self.commit_with(batch, Vec::new(), Some(shared), now)
    }

    fn commit_with(
        &self,
        mut batch: Batch,
        notes: Vec<(crate::model::Booking, crate::model::ContactChange)>,
        offline_shared: Option<&[String]>,
        now: DateTime<Utc>,
    ) -> Result<PublishReport> {
        renames::follow(self, &mut batch)?;
        contacts::derive(self, &mut batch, notes, now)?;
        if let Some(by) = &self.actor {
            batch.stamp_events(by);
        }
        // With a shared interpreter pool: claim in PostgreSQL, commit here, then confirm
        // (`ops::pool` has the order and why a kill between any two steps is safe). Without
        // one, `claim` is `None` and nothing else happens.
        let claimed = match offline_shared {
            None => pool::claim(self, &batch, now)?,
            Some(shared) => {
                pool::offline_check(self, &batch, shared)?;
                None
            }
        };
        if let Some(c) = &claimed {
            pool::still_leased(c)?;
        }
        self.store.commit(batch)?;
        pool::confirm(self, claimed);
        self.publish(now)
    }

    /// Renders every feed from the database and publishes a snapshot.
    pub fn publish(&self, now: DateTime<Utc>) -> Result<PublishReport> {
        let inputs = self.feed_inputs(now)?;
        let views = view::published_views(self, &inputs.subscriptions, now)?;
        let report = publish::render_and_publish_with_views(
            &publish::feeds_dir(&self.dir),
            &inputs.data(),
            &inputs.subscriptions,
            &views,
            now,
        )
        .map_err(Error::Publish)?;
        // The public page and calendars (no secrets, no bookings) go out with every publish.
        publish_public(self, now)?;
        Ok(report)
    }

    /// Everything feeds are rendered from, read in one go.
    pub fn feed_inputs(&self, now: DateTime<Utc>) -> Result<FeedInputs> {
        let center = self
            .store
            .center()?
            .ok_or(crate::error::Refusal::EmptyDatabase)?;
        let bookings = self.store.bookings()?;
        let tz = parse_tz(&center.timezone).map_err(Error::Refused)?;
        let today = now.with_timezone(&tz).date_naive();
        Ok(FeedInputs {
            session_months: session_months(today, &bookings),
            now,
            options: {
                // The center's own phone (center.toml, for slips) is how a phone session is
                // joined unless `feeds options --phone` says otherwise.
                let mut o = self.store.feed_options()?;
                let phone = self.store.center_info()?.phone;
                if o.phone.is_none() && !phone.trim().is_empty() {
                    o.phone = Some(phone.trim().to_owned());
                }
                o
            },
            center,
            agencies: self.store.agencies()?,
            interpreters: self.store.interpreters()?,
            requests: self.booked_requests(&bookings)?,
            bookings,
            subscriptions: self.store.subscriptions()?,
            busy: pool::cached_busy(self)?,
        })
    }
}

impl Ctx {
    /// The requests `bookings` belong to, each once: all the feeds read of requests (they
    /// show bookings). Reading only these keeps publishing after an import of 100,000
    /// requests, none booked yet, from decoding all of them (about a second and 100 MB).
    fn booked_requests(&self, bookings: &[crate::model::Booking]) -> Result<Vec<Request>> {
        let ids: std::collections::BTreeSet<&str> =
            bookings.iter().map(|b| b.request.as_str()).collect();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(r) = self.store.request(id)? {
                out.push(r);
            }
        }
        Ok(out)
    }
}

/// The months agency feeds show session blocks for: this month (of `today`), the next two,
/// and every month holding a confirmed booking.
pub fn session_months(today: NaiveDate, bookings: &[crate::model::Booking]) -> Vec<Month> {
    let this = Month::of(today);
    let mut months = vec![this, this.next(), this.next().next()];
    months.extend(
        bookings
            .iter()
            .filter(|b| b.status == BookingStatus::Confirmed)
            .map(|b| Month::of(b.start.date())),
    );
    months.sort();
    months.dedup();
    months
}

/// The month after `now`'s, the default month of most commands. UTC is close enough to pick
/// a default (the month boundary differs from the center's by hours).
pub fn next_month(now: DateTime<Utc>) -> Month {
    let today = now.date_naive();
    Month::new(today.year(), today.month())
        .unwrap_or_else(|| Month::of(today))
        .next()
}

/// A feed's secret URL under `base`.
pub fn feed_url(base: &str, s: &FeedSubscription) -> String {
    format!("{}.ics", feed_root(base, s))
}

/// The month view behind a coordinator subscription's secret (`server` route `view.html`).
pub fn view_url(base: &str, s: &FeedSubscription) -> String {
    format!("{}/view.html", feed_root(base, s))
}

fn feed_root(base: &str, s: &FeedSubscription) -> String {
    format!(
        "{}/feeds/{}/{}/{}",
        base.trim_end_matches('/'),
        s.kind.code(),
        s.id,
        s.secret
    )
}

/// A fresh feed secret.
fn new_secret() -> Result<String> {
    crate::secret::new_secret().map_err(Error::Random)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_months_follow_today_and_bookings() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let months = session_months(today, &[]);
        let names: Vec<String> = months.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["2026-11", "2026-12", "2027-01"]);
    }

    #[test]
    fn next_month_wraps_the_year() {
        let now = DateTime::parse_from_rfc3339("2026-12-15T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(next_month(now).to_string(), "2027-01");
    }
}
