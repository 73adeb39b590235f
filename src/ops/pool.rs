//! The shared interpreter pool's use cases (issue 25) and the hook every commit goes through.
//!
//! A center joins with `soudan pool join URL --center ID`: the URL, the center id and a
//! random token naming this database are kept in meta `pool` (a versioned enum). From then on
//! every commit that writes bookings ([`super::Ctx::commit_noting`]) goes
//!
//! 1. **claim** ([`claim`]): the batch's confirmed bookings with an interpreter, as they will
//!    be after the commit, claimed in ONE PostgreSQL transaction with a lease
//!    ([`crate::pool::LEASE`]); idempotent by the booking's calendar UID; nothing released;
//! 2. **local commit** (sled, flushed);
//! 3. **confirm** ([`confirm`]): the pool's holds of this center made equal to the local
//!    confirmed bookings (leases of committed claims cleared, holds the commit gave up
//!    released, anything missing claimed).
//!
//! A kill before 1 changes nothing; between 1 and 2 leaves leased holds with no local booking,
//! which bind no other center after the lease and which this center's next commit or
//! `soudan pool reconcile` releases; between 2 and 3 leaves committed bookings whose holds are
//! leased (and the old holds of moved bookings still held: the center holds more than it
//! needs, never less), which the next sync confirms. Another center can never get an
//! interpreter this center has committed, except when this center is killed between 2 and 3
//! and stays down longer than the lease: the next sync then re-claims, or reports the booking
//! ([`crate::pool::Synced::taken`]), never drops it.
//!
//! Without meta `pool` none of this runs: no connection, no change.

use super::Ctx;
use crate::alloc::{Instance, Window};
use crate::error::{Error, Refusal, Result};
use crate::model::{Booking, BookingStatus, BusyBlock, FeedKind, Month, parse_tz, resolve_local};
use crate::pool::{self, Pool, PoolError, Synced, Want};
use crate::store::{Batch, POOL_CACHE_KEY, POOL_KEY, Table};
use chrono::{DateTime, Duration as Days, Utc};
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// How a center reaches the pool: kept in meta `pool`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolSettings {
    /// The PostgreSQL URL (with its password: never shown, see [`pool::redact`]).
    pub url: String,
    /// This center's id in the pool.
    pub center: String,
    /// A random token naming this database, so a second database cannot join as the same
    /// center by mistake.
    pub token: String,
}

impl PoolSettings {
    /// The URL as messages show it.
    pub fn shown_url(&self) -> String {
        pool::redact(&self.url)
    }
}

/// Meta `pool`, by version like the other meta records.
#[derive(Debug, Serialize, Deserialize)]
enum StoredPool {
    V0,
    V1(PoolSettings),
}

/// What the last successful sync with the pool saw: kept in meta `pool_cache` so that
/// publishing (pure, no PostgreSQL) can show the other centers' holds in the interpreter
/// feeds, and so that an allocation while the pool is down knows which interpreters are in
/// the pool (`--without-pool-interpreters`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolCache {
    /// When that sync was (the command's clock).
    pub synced: DateTime<Utc>,
    /// This center's interpreter ids that another center of the pool registered too.
    pub shared: Vec<String>,
    /// Other centers' holds of this center's interpreters from [`CACHE_PAST`] before
    /// `synced` to [`CACHE_AHEAD`] after it: interpreter, start and end only.
    pub busy: Vec<BusyBlock>,
}

/// Meta `pool_cache`, by version like meta `pool`.
#[derive(Debug, Serialize, Deserialize)]
enum StoredPoolCache {
    V0,
    V1(PoolCache),
}

/// How far back the cache keeps other centers' holds (a feed shows recent past too).
pub const CACHE_PAST: Days = Days::days(3);
/// How far ahead the cache keeps other centers' holds (the months a center allocates).
pub const CACHE_AHEAD: Days = Days::days(100);

/// The cache of the last sync, if any.
pub fn pool_cache(ctx: &Ctx) -> Result<Option<PoolCache>> {
    Ok(match ctx.store().pool_cache::<StoredPoolCache>()? {
        Some(StoredPoolCache::V1(c)) => Some(c),
        _ => None,
    })
}

/// The busy blocks the interpreter feeds show: from the cache, only while this database is
/// in a pool.
pub(super) fn cached_busy(ctx: &Ctx) -> Result<Vec<BusyBlock>> {
    if pool_settings(ctx)?.is_none() {
        return Ok(Vec::new());
    }
    Ok(pool_cache(ctx)?.map(|c| c.busy).unwrap_or_default())
}

/// Registers this center's interpreters in the pool and reads what the cache keeps.
fn refresh(ctx: &Ctx, p: &mut Pool, now: DateTime<Utc>) -> Result<PoolCache> {
    let ids: Vec<String> = ctx
        .store()
        .interpreters()?
        .into_iter()
        .map(|i| i.id)
        .collect();
    let view = p.refresh(&ids, now - CACHE_PAST, now + CACHE_AHEAD)?;
    let mut busy: Vec<BusyBlock> = view
        .busy
        .into_iter()
        .map(|(interpreter, start, end)| BusyBlock {
            interpreter,
            start,
            end,
        })
        .collect();
    busy.sort();
    busy.dedup();
    Ok(PoolCache {
        synced: now,
        shared: view.shared,
        busy,
    })
}

fn put_cache(batch: &mut Batch, cache: &PoolCache) -> Result<()> {
    batch.put(
        Table::Meta,
        POOL_CACHE_KEY,
        &StoredPoolCache::V1(cache.clone()),
    )?;
    Ok(())
}

/// Commits `cache` alone (after a sync that is not part of a commit of bookings).
fn store_cache(ctx: &Ctx, cache: &PoolCache) -> Result<()> {
    let mut batch = Batch::new();
    put_cache(&mut batch, cache)?;
    ctx.store().commit(batch)?;
    Ok(())
}

/// Publishes the feeds after the cache changed (nothing for an empty database).
fn publish(ctx: &Ctx, now: DateTime<Utc>) -> Result<Option<crate::publish::PublishReport>> {
    if ctx.store().center()?.is_none() {
        return Ok(None);
    }
    ctx.publish(now).map(Some)
}

/// This center's pool settings, if it joined one.
pub fn pool_settings(ctx: &Ctx) -> Result<Option<PoolSettings>> {
    Ok(match ctx.store().pool_settings::<StoredPool>()? {
        Some(StoredPool::V1(s)) => Some(s),
        _ => None,
    })
}

fn connect(s: &PoolSettings) -> Result<Pool> {
    Ok(Pool::connect(&s.url, &s.center)?)
}

/// `soudan pool init URL`: creates (or checks) the pool schema. Needs no center database.
pub fn pool_init(url: &str) -> Result<()> {
    Ok(pool::init(url)?)
}

/// What `pool join` did.
#[derive(Debug)]
pub struct Joined {
    pub settings: PoolSettings,
    pub synced: Synced,
    /// `None` for an empty database (nothing to publish).
    pub published: Option<crate::publish::PublishReport>,
}

/// `soudan pool join URL --center ID`: registers this database as center `center`, keeps the
/// settings, and claims the holds of its confirmed bookings (a reconciliation).
pub fn pool_join(ctx: &Ctx, url: &str, center: &str, now: DateTime<Utc>) -> Result<Joined> {
    let center = center.trim();
    if center.is_empty() || center.len() > 64 || center.chars().any(char::is_control) {
        return Err(Refusal::PoolCenterId {
            center: center.to_string(),
        }
        .into());
    }
    let token = match pool_settings(ctx)? {
        Some(s) if s.center == center => s.token,
        Some(s) => {
            return Err(Refusal::PoolOtherCenter { center: s.center }.into());
        }
        None => super::new_secret()?,
    };
    let settings = PoolSettings {
        url: url.to_string(),
        center: center.to_string(),
        token,
    };
    let mut p = connect(&settings)?;
    p.join(&settings.token)?;
    let synced = p.sync(&wants(ctx, &ctx.store().bookings()?)?)?;
    let cache = refresh(ctx, &mut p, now)?;
    let mut batch = Batch::new();
    batch.put(Table::Meta, POOL_KEY, &StoredPool::V1(settings.clone()))?;
    put_cache(&mut batch, &cache)?;
    ctx.store().commit(batch)?;
    // The interpreter feeds now show the other centers' holds.
    let published = publish(ctx, now)?;
    Ok(Joined {
        settings,
        synced,
        published,
    })
}

/// `soudan pool leave`: this center's holds are released and its settings removed.
pub fn pool_leave(ctx: &Ctx, now: DateTime<Utc>) -> Result<Option<(PoolSettings, u64)>> {
    let Some(s) = pool_settings(ctx)? else {
        return Ok(None);
    };
    let released = connect(&s)?.leave()?;
    let mut batch = Batch::new();
    batch.delete(Table::Meta, POOL_KEY);
    batch.delete(Table::Meta, POOL_CACHE_KEY);
    ctx.store().commit(batch)?;
    // The interpreter feeds no longer show other centers' holds.
    publish(ctx, now)?;
    Ok(Some((s, released)))
}

/// What `pool status` shows.
#[derive(Debug)]
pub struct PoolStatus {
    pub settings: PoolSettings,
    pub centers: Vec<pool::CenterStatus>,
}

pub fn pool_status(ctx: &Ctx) -> Result<Option<PoolStatus>> {
    let Some(s) = pool_settings(ctx)? else {
        return Ok(None);
    };
    let centers = connect(&s)?.status()?;
    Ok(Some(PoolStatus {
        settings: s,
        centers,
    }))
}

/// `soudan pool reconcile`: the pool's holds of this center made equal to the local confirmed
/// bookings, both ways. `None` without a pool.
pub fn pool_reconcile(ctx: &Ctx, now: DateTime<Utc>) -> Result<Option<Synced>> {
    let Some(s) = pool_settings(ctx)? else {
        return Ok(None);
    };
    let mut p = connect(&s)?;
    let synced = p.sync(&wants(ctx, &ctx.store().bookings()?)?)?;
    let cache = refresh(ctx, &mut p, now)?;
    store_cache(ctx, &cache)?;
    publish(ctx, now)?;
    Ok(Some(synced))
}

/// Every pool hold (all centers), for tests and diagnostics.
pub fn pool_holds(ctx: &Ctx) -> Result<Vec<pool::Hold>> {
    match pool_settings(ctx)? {
        Some(s) => Ok(connect(&s)?.holds()?),
        None => Ok(Vec::new()),
    }
}

/// The hold `b` needs, if any: a confirmed booking with an interpreter.
fn want(b: &Booking, tz: chrono_tz::Tz) -> Option<Want> {
    if b.status != BookingStatus::Confirmed {
        return None;
    }
    let interpreter = b.interpreter.clone()?;
    Some(Want {
        booking_uid: crate::feeds::booking_uid(FeedKind::Interpreter, &b.number),
        interpreter,
        start: resolve_local(tz, b.start),
        end: resolve_local(tz, b.end),
        mode: b.mode.map(|m| m.code()).unwrap_or("").to_string(),
    })
}

fn wants(ctx: &Ctx, bookings: &[Booking]) -> Result<Vec<Want>> {
    let tz = ctx.zone()?;
    Ok(bookings.iter().filter_map(|b| want(b, tz)).collect())
}

/// A claim made before a local commit, to be confirmed after it.
pub(super) struct Claimed {
    pool: Pool,
    at: Instant,
    /// The command's clock (the cache's window).
    now: DateTime<Utc>,
}

/// Step 1 of a commit with a pool: claims the holds of the batch's bookings as they will be
/// after it (first releasing what a killed earlier command left, so this center's own orphans
/// never stand in its way). `None` without a pool or when the batch writes no booking.
pub(super) fn claim(ctx: &Ctx, batch: &Batch, now: DateTime<Utc>) -> Result<Option<Claimed>> {
    if !batch.writes(Table::Bookings) {
        return Ok(None);
    }
    let Some(s) = pool_settings(ctx)? else {
        return Ok(None);
    };
    let mut p = connect(&s)?;
    let stored = ctx.store().bookings()?;
    // (The cache of other centers' holds is refreshed once, by `confirm`, before the feeds
    // are published: not here as well.)
    p.sync(&wants(ctx, &stored)?)?;
    let written = wants(ctx, &batch.bookings_written())?;
    p.claim(&written)?;
    crate::fault::point("pool-after-claim");
    Ok(Some(Claimed {
        pool: p,
        at: Instant::now(),
        now,
    }))
}

/// Whether a claim made at `at` is still safely inside its lease for the local commit.
pub(super) fn still_leased(c: &Claimed) -> Result<()> {
    if c.at.elapsed() > pool::LEASE / 2 {
        return Err(Error::Damaged(
            "the interpreter pool's claim outlived half its lease before the local commit; \
             nothing was committed: try again"
                .into(),
        ));
    }
    Ok(())
}

/// Step 3: after the local commit, the pool follows the database (claims confirmed, given-up
/// holds released). A failure here leaves the claims leased: logged, and repaired by the next
/// commit or `soudan pool reconcile`.
pub(super) fn confirm(ctx: &Ctx, claimed: Option<Claimed>) {
    let Some(mut c) = claimed else { return };
    crate::fault::point("pool-after-commit");
    let result = ctx
        .store()
        .bookings()
        .map_err(Error::from)
        .and_then(|b| wants(ctx, &b))
        .and_then(|w| c.pool.sync(&w).map_err(Error::from))
        .and_then(|s| {
            // The feeds published next show what the other centers hold now.
            let cache = refresh(ctx, &mut c.pool, c.now)?;
            store_cache(ctx, &cache)?;
            Ok(s)
        });
    match result {
        Ok(s) if s.taken.is_empty() => {}
        Ok(s) => tracing::warn!(
            taken = s.taken.len(),
            "interpreter pool: bookings whose interpreter another center holds; run `soudan pool reconcile`"
        ),
        Err(e) => tracing::warn!(
            error = %e,
            "interpreter pool: claims not confirmed; the next commit or `soudan pool reconcile` does"
        ),
    }
}

/// A time an interpreter is busy at another center: the allocator keeps them out of it. The
/// same three fields the feeds show ([`BusyBlock`]).
pub type Busy = BusyBlock;

/// What an allocation knows of the pool before it solves.
pub(super) enum PoolRead {
    /// No pool: everything as without one.
    None,
    /// The pool answered: other centers' holds around the month (unavailability), and the
    /// cache this allocation's commit keeps.
    Online { busy: Vec<Busy>, cache: PoolCache },
    /// The pool cannot be reached and `--without-pool-interpreters` was given: the cache of
    /// the last sync says which interpreters are in the pool; they are not booked anew.
    Offline { cache: PoolCache },
}

impl PoolRead {
    /// The times the allocator must keep interpreters out of.
    pub(super) fn busy(&self) -> Vec<Busy> {
        match self {
            PoolRead::None => Vec::new(),
            PoolRead::Online { busy, .. } => busy.clone(),
            // The last sync's holds too: an interpreter shared since then is still kept out
            // of them.
            PoolRead::Offline { cache } => cache.busy.clone(),
        }
    }
}

/// Other centers' holds around `month` (nothing without a pool), and what the cache keeps.
/// Read only in the pool (besides registering this center's interpreter ids): this center's
/// own holds never stand in its way (the constraint compares centers), and the commit's
/// claim settles them first.
///
/// The pool unreachable: refused ([`Refusal::PoolUnreachableAllocate`], naming the option),
/// or with `without_pool` the last sync's cache ([`PoolRead::Offline`]), refused when there
/// never was one ([`Refusal::PoolNeverSynced`]: which interpreters are shared is unknown).
pub(super) fn busy(
    ctx: &Ctx,
    month: Month,
    now: DateTime<Utc>,
    without_pool: bool,
) -> Result<PoolRead> {
    let Some(s) = pool_settings(ctx)? else {
        return Ok(PoolRead::None);
    };
    let online = (|| -> Result<(Vec<Busy>, PoolCache)> {
        let mut p = connect(&s)?;
        let from = month
            .first_day()
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
            - Days::days(2);
        let to = month
            .next()
            .first_day()
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
            + Days::days(2);
        let busy = p
            .busy(from, to)?
            .into_iter()
            .map(|h| Busy {
                interpreter: h.interpreter,
                start: h.start,
                end: h.end,
            })
            .collect();
        Ok((busy, refresh(ctx, &mut p, now)?))
    })();
    match online {
        Ok((busy, cache)) => Ok(PoolRead::Online { busy, cache }),
        Err(Error::Pool(PoolError::Unreachable { url, source })) => {
            if !without_pool {
                return Err(Refusal::PoolUnreachableAllocate {
                    url,
                    detail: source.to_string(),
                }
                .into());
            }
            match pool_cache(ctx)? {
                Some(cache) => Ok(PoolRead::Offline { cache }),
                None => Err(Refusal::PoolNeverSynced.into()),
            }
        }
        Err(e) => Err(e),
    }
}

/// Puts what the cache keeps into an allocation's batch (an online read).
pub(super) fn keep_cache(batch: &mut Batch, read: &PoolRead) -> Result<()> {
    match read {
        PoolRead::Online { cache, .. } => put_cache(batch, cache),
        _ => Ok(()),
    }
}

/// Without the pool: the shared interpreters keep only the times this center already
/// holds them for (its confirmed bookings, held in the pool since the last sync), so the
/// allocation books none of them anew; the others are booked as usual.
pub(super) fn restrict_shared(
    ctx: &Ctx,
    instance: &mut Instance,
    shared: &[String],
    bookings: &[Booking],
) -> Result<()> {
    let tz = ctx.zone()?;
    for i in &mut instance.interpreters {
        if !shared.contains(&i.id) {
            continue;
        }
        let Ok(itz) = parse_tz(&i.timezone) else {
            i.availability.clear();
            continue;
        };
        let fmt = |t| local_stamp(t, itz);
        let held: Vec<(String, String)> = bookings
            .iter()
            .filter_map(|b| want(b, tz))
            .filter(|w| w.interpreter == i.id)
            .map(|w| (fmt(w.start), fmt(w.end)))
            .collect();
        let mut out = Vec::new();
        for w in &i.availability {
            for (lo, hi) in &held {
                let start = w.start.clone().max(lo.clone());
                let end = w.end.clone().min(hi.clone());
                if start < end {
                    out.push(Window { start, end });
                }
            }
        }
        out.sort_by(|a, b| (&a.start, &a.end).cmp(&(&b.start, &b.end)));
        out.dedup();
        i.availability = out;
    }
    Ok(())
}

/// The last check before an offline commit: no booking the batch writes puts a shared
/// interpreter at a time this center does not already hold it for.
pub(super) fn offline_check(ctx: &Ctx, batch: &Batch, shared: &[String]) -> Result<()> {
    let tz = ctx.zone()?;
    let held: std::collections::HashSet<(String, DateTime<Utc>, DateTime<Utc>)> = ctx
        .store()
        .bookings()?
        .iter()
        .filter_map(|b| want(b, tz))
        .map(|w| (w.interpreter, w.start, w.end))
        .collect();
    for w in batch.bookings_written().iter().filter_map(|b| want(b, tz)) {
        if shared.contains(&w.interpreter)
            && !held.contains(&(w.interpreter.clone(), w.start, w.end))
        {
            return Err(Error::Damaged(format!(
                "an allocation without the interpreter pool would book the shared interpreter \
                 {} anew; nothing was committed",
                w.interpreter
            )));
        }
    }
    Ok(())
}

/// The times another center took, from a refused claim (for the next round of allocation).
pub(super) fn taken(e: &Error) -> Option<Vec<Busy>> {
    match e {
        Error::Pool(PoolError::Taken(t)) => Some(
            t.iter()
                .map(|t| Busy {
                    interpreter: t.interpreter.clone(),
                    start: t.start,
                    end: t.end,
                })
                .collect(),
        ),
        _ => None,
    }
}

/// The pool's first taken hold, as a refusal in names and local times.
pub(super) fn taken_refusal(ctx: &Ctx, e: &Error) -> Option<Error> {
    let Error::Pool(PoolError::Taken(t)) = e else {
        return None;
    };
    let t = t.first()?;
    let tz = ctx.zone().ok()?;
    let name = ctx
        .store()
        .interpreter(&t.interpreter)
        .ok()
        .flatten()
        .map(|i| i.name)
        .unwrap_or_else(|| t.interpreter.clone());
    Some(Error::from(crate::error::Refusal::PoolTaken {
        interpreter: name,
        start: t
            .start
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        center: t.by.clone(),
    }))
}

/// `t` as the instance writes an interpreter's windows: local time in their zone.
fn local_stamp(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz)
        .naive_local()
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// Removes `busy` from the interpreters' availability in `instance`: the allocator then never
/// places them where another center holds them.
pub(super) fn carve(instance: &mut Instance, busy: &[Busy]) {
    if busy.is_empty() {
        return;
    }
    for i in &mut instance.interpreters {
        let Ok(tz) = parse_tz(&i.timezone) else {
            continue;
        };
        let fmt = |t| local_stamp(t, tz);
        for b in busy.iter().filter(|b| b.interpreter == i.id) {
            let (lo, hi) = (fmt(b.start), fmt(b.end));
            let mut out = Vec::with_capacity(i.availability.len() + 1);
            for w in i.availability.drain(..) {
                if w.end <= lo || w.start >= hi {
                    out.push(w);
                    continue;
                }
                if w.start < lo {
                    out.push(Window {
                        start: w.start.clone(),
                        end: lo.clone(),
                    });
                }
                if w.end > hi {
                    out.push(Window {
                        start: hi.clone(),
                        end: w.end,
                    });
                }
            }
            i.availability = out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carving_cuts_busy_times_out_of_availability() {
        let w = |s: &str, e: &str| Window {
            start: s.into(),
            end: e.into(),
        };
        let mut inst: Instance = serde_json::from_value(serde_json::json!({
            "format": crate::alloc::INSTANCE_FORMAT,
            "month": "2026-12",
            "timezone": "Asia/Tokyo",
            "center_languages": ["ja"],
            "agencies": [], "sessions": [], "requests": [], "pinned": [],
            "interpreters": [{
                "id": "i1", "languages": ["ne"], "modes": ["video"], "timezone": "Asia/Tokyo",
                "availability": [{"start": "2026-12-12T09:00:00", "end": "2026-12-12T17:00:00"}]
            }]
        }))
        .unwrap();
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        carve(
            &mut inst,
            &[Busy {
                interpreter: "i1".into(),
                start: t("2026-12-12T13:00:00+09:00"),
                end: t("2026-12-12T13:45:00+09:00"),
            }],
        );
        assert_eq!(
            inst.interpreters[0].availability,
            vec![
                w("2026-12-12T09:00:00", "2026-12-12T13:00:00"),
                w("2026-12-12T13:45:00", "2026-12-12T17:00:00")
            ]
        );
    }
}
