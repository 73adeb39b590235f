//! The shared interpreter pool (issue 25): the only code that talks to PostgreSQL.
//!
//! Several centers each keep their own sled database; the phone and video interpreters they
//! share are booked through one PostgreSQL database that holds, per booking with an
//! interpreter, only what the rule needs: interpreter id, time range, mode, center id, the
//! booking's calendar UID and a lease. The rule "one interpreter, one consultation at a time"
//! is the table's exclusion constraint (`interpreter WITH =, during WITH &&, center WITH <>`),
//! so two centers that claim the same interpreter at overlapping times cannot both commit,
//! whatever the timing: PostgreSQL makes the second wait for the first and then refuses it
//! (SQLSTATE 23P01). Within one center the center's own database (one writer, the allocator
//! and `soudan check`) already keeps an interpreter to one booking at a time; leaving the
//! center's own holds out of the constraint (`center WITH <>`) lets a commit claim a booking's
//! new time before it lets go of the old one (the old hold is released only after the local
//! commit), which is what makes a crash between the two stores safe (ARCHITECTURE.md).
//!
//! Why this shape: a home-made lock service would need its own crash and race argument; the
//! constraint is PostgreSQL's, and transactions that lose a race (40001, 40P01) are retried as
//! PostgreSQL documents. Nothing here knows sled, bookings or the allocator: `ops::pool` turns
//! bookings into [`Want`]s and back.
//!
//! The URL's password is never printed: [`redact`] is what every message shows.

use chrono::{DateTime, Utc};
use postgres::error::SqlState;
use postgres::{Client, NoTls};
use std::time::Duration;

/// The pool schema this soudan writes and reads (`soudan_pool_meta`, key `schema`).
/// 1: centers and holds. 2: `soudan_pool_interpreters` (which center has which interpreter
/// ids, so a center knows which of its interpreters are shared); `soudan pool init` upgrades.
pub const SCHEMA_VERSION: i32 = 2;

/// How long a claim stays valid without the local commit that confirms it: a process killed
/// between the two leaves holds that other centers ignore after this, and that its own center
/// releases at its next commit or `soudan pool reconcile`.
pub const LEASE: Duration = Duration::from_secs(120);

/// How often a transaction that lost a race (serialization failure, deadlock) is tried again.
const RETRIES: u32 = 20;

const SCHEMA: &str = "
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE IF NOT EXISTS soudan_pool_meta (
    key text PRIMARY KEY,
    value text NOT NULL
);
CREATE TABLE IF NOT EXISTS soudan_pool_centers (
    id text PRIMARY KEY,
    token text NOT NULL,
    joined timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS soudan_pool_holds (
    center text NOT NULL REFERENCES soudan_pool_centers (id) ON DELETE CASCADE,
    booking_uid text NOT NULL,
    interpreter text NOT NULL,
    during tstzrange NOT NULL,
    mode text NOT NULL,
    -- NULL: confirmed by the center's local commit; else a claim valid until then.
    lease_until timestamptz NULL,
    PRIMARY KEY (center, booking_uid, interpreter, during),
    CONSTRAINT soudan_pool_one_interpreter_at_a_time
        EXCLUDE USING gist (interpreter WITH =, during WITH &&, center WITH <>)
);
-- Schema 2: every center's interpreter ids, registered at each sync. An interpreter two
-- centers registered is shared: in the pool.
CREATE TABLE IF NOT EXISTS soudan_pool_interpreters (
    center text NOT NULL REFERENCES soudan_pool_centers (id) ON DELETE CASCADE,
    interpreter text NOT NULL,
    PRIMARY KEY (center, interpreter)
);
CREATE INDEX IF NOT EXISTS soudan_pool_interpreters_by_id
    ON soudan_pool_interpreters (interpreter);
";

/// What can go wrong with the pool. `ops` turns these into refusals in the reader's language.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// The server cannot be reached (or the connection broke): nothing was changed there.
    #[error("the interpreter pool at {url} cannot be reached: {source}")]
    Unreachable {
        url: String,
        #[source]
        source: postgres::Error,
    },
    /// `pool init` was never run on this database.
    #[error("the database at {url} has no soudan pool (run `soudan pool init`)")]
    NoSchema { url: String },
    /// A newer soudan made this pool.
    #[error("the pool at {url} has schema {found}; this soudan knows {SCHEMA_VERSION}")]
    NewerSchema { url: String, found: i32 },
    /// An older soudan made this pool: `soudan pool init` upgrades it.
    #[error("the pool at {url} has schema {found}; run `soudan pool init` to upgrade it")]
    OlderSchema { url: String, found: i32 },
    /// The URL does not parse.
    #[error("not a PostgreSQL URL: {0}")]
    BadUrl(String),
    /// Another database joined under this center id.
    #[error("center id {0} is used by another soudan database")]
    CenterTaken(String),
    /// This center has not joined (or left meanwhile).
    #[error("center {0} is not in the pool")]
    NotJoined(String),
    /// Holds another center has: the claim was not made (nothing changed in the pool).
    #[error("interpreters taken by another center: {0:?}")]
    Taken(Vec<Taken>),
    /// Any other database error.
    #[error("interpreter pool: {0}")]
    Db(#[source] postgres::Error),
}

/// A hold the center wants: one booking with an interpreter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Want {
    pub booking_uid: String,
    pub interpreter: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub mode: String,
}

/// A hold as the pool has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub center: String,
    pub booking_uid: String,
    pub interpreter: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub mode: String,
    /// `None`: confirmed.
    pub lease_until: Option<DateTime<Utc>>,
}

/// A wanted hold that another center's hold overlaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub booking_uid: String,
    pub interpreter: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The center holding it.
    pub by: String,
}

/// What a center learns from the pool at a sync ([`Pool::refresh`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    /// This center's interpreter ids that another center registered too: in the pool.
    pub shared: Vec<String>,
    /// Other centers' live holds of this center's interpreters in the window asked, as
    /// (interpreter, start, end): no center, no booking.
    pub busy: Vec<(String, DateTime<Utc>, DateTime<Utc>)>,
}

/// One center in `pool status`.
#[derive(Debug, Clone)]
pub struct CenterStatus {
    pub id: String,
    pub joined: DateTime<Utc>,
    pub confirmed: i64,
    pub leased: i64,
    pub expired: i64,
}

/// What a reconciliation did.
#[derive(Debug, Clone, Default)]
pub struct Synced {
    /// Leased holds whose booking is committed locally: confirmed now.
    pub confirmed: usize,
    /// Holds with no local booking (or a stale time): released.
    pub released: usize,
    /// Local bookings that had no hold and got one.
    pub claimed: usize,
    /// Local bookings whose interpreter another center holds meanwhile: reported, kept.
    pub taken: Vec<Taken>,
}

/// `url` with its password replaced by `***` (URL form `postgres://user:pw@host/db` and
/// key-value form `password=pw`): what messages and logs show.
pub fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        let (auth, tail) = match rest.find(['/', '?']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let auth = match auth.rsplit_once('@') {
            Some((user, host)) => match user.split_once(':') {
                Some((name, _)) => format!("{name}:***@{host}"),
                None => format!("{user}@{host}"),
            },
            None => auth.to_string(),
        };
        let tail = tail
            .split('&')
            .map(|p| match p.split_once("password=") {
                Some((head, _)) => format!("{head}password=***"),
                None => p.to_string(),
            })
            .collect::<Vec<_>>()
            .join("&");
        return format!("{scheme}://{auth}{tail}");
    }
    url.split_whitespace()
        .map(|kv| {
            if kv.starts_with("password=") {
                "password=***".to_string()
            } else {
                kv.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn config(url: &str) -> Result<postgres::Config, PoolError> {
    let mut c: postgres::Config = url.parse().map_err(|_| PoolError::BadUrl(redact(url)))?;
    if c.get_connect_timeout().is_none() {
        c.connect_timeout(Duration::from_secs(5));
    }
    Ok(c)
}

/// Whether `e` means the server is gone rather than a statement failed.
fn unreachable(e: &postgres::Error) -> bool {
    if e.code().is_some() {
        return false;
    }
    if e.is_closed() {
        return true;
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.is::<std::io::Error>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// Creates, upgrades or checks the pool schema at `url`. Idempotent. An older schema is
/// upgraded in one transaction (version 1 → 2: the `soudan_pool_interpreters` table, which
/// `SCHEMA` creates if missing); a newer one is refused.
pub fn init(url: &str) -> Result<(), PoolError> {
    let mut client = connect_raw(url)?;
    let err = |e| wrap(url, e);
    let mut tx = client.transaction().map_err(err)?;
    // One initialisation at a time (two centers running `pool init` at once).
    tx.execute("SELECT pg_advisory_xact_lock(2025122501)", &[])
        .map_err(err)?;
    let found: Option<i32> = tx
        .query_one("SELECT to_regclass('soudan_pool_meta') IS NOT NULL", &[])
        .map_err(err)?
        .get::<_, bool>(0)
        .then(|| {
            tx.query_opt(
                "SELECT value FROM soudan_pool_meta WHERE key = 'schema'",
                &[],
            )
        })
        .transpose()
        .map_err(err)?
        .flatten()
        .and_then(|r| r.get::<_, String>(0).parse().ok());
    if let Some(found) = found
        && found > SCHEMA_VERSION
    {
        return Err(PoolError::NewerSchema {
            url: redact(url),
            found,
        });
    }
    tx.batch_execute(SCHEMA).map_err(err)?;
    tx.execute(
        "INSERT INTO soudan_pool_meta (key, value) VALUES ('schema', $1) \
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        &[&SCHEMA_VERSION.to_string()],
    )
    .map_err(err)?;
    tx.commit().map_err(err)?;
    schema_check(&mut client, url)
}

fn wrap(url: &str, e: postgres::Error) -> PoolError {
    if unreachable(&e) {
        PoolError::Unreachable {
            url: redact(url),
            source: e,
        }
    } else {
        PoolError::Db(e)
    }
}

fn connect_raw(url: &str) -> Result<Client, PoolError> {
    config(url)?
        .connect(NoTls)
        .map_err(|e| PoolError::Unreachable {
            url: redact(url),
            source: e,
        })
}

fn schema_check(client: &mut Client, url: &str) -> Result<(), PoolError> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('soudan_pool_meta') IS NOT NULL \
             AND to_regclass('soudan_pool_holds') IS NOT NULL",
            &[],
        )
        .map_err(|e| wrap(url, e))?
        .get(0);
    if !exists {
        return Err(PoolError::NoSchema { url: redact(url) });
    }
    let row = client
        .query_opt(
            "SELECT value FROM soudan_pool_meta WHERE key = 'schema'",
            &[],
        )
        .map_err(|e| wrap(url, e))?;
    let found: i32 = row
        .and_then(|r| r.get::<_, String>(0).parse().ok())
        .unwrap_or(0);
    if found > SCHEMA_VERSION {
        return Err(PoolError::NewerSchema {
            url: redact(url),
            found,
        });
    }
    if found < 1 {
        return Err(PoolError::NoSchema { url: redact(url) });
    }
    if found < SCHEMA_VERSION {
        return Err(PoolError::OlderSchema {
            url: redact(url),
            found,
        });
    }
    Ok(())
}

/// A connection to the pool, as one center.
pub struct Pool {
    client: Client,
    url: String,
    center: String,
}

impl Pool {
    /// Connects as `center` and checks the schema.
    pub fn connect(url: &str, center: &str) -> Result<Pool, PoolError> {
        let mut client = connect_raw(url)?;
        schema_check(&mut client, url)?;
        Ok(Pool {
            client,
            url: url.to_string(),
            center: center.to_string(),
        })
    }

    pub fn center(&self) -> &str {
        &self.center
    }

    fn err(&self, e: postgres::Error) -> PoolError {
        wrap(&self.url, e)
    }

    /// Runs `f` in one transaction, again while it loses a race (40001, 40P01).
    fn transact<T>(
        &mut self,
        mut f: impl FnMut(&mut postgres::Transaction<'_>, &str) -> Result<T, TxError>,
    ) -> Result<T, PoolError> {
        let center = self.center.clone();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = (|| {
                let mut tx = self.client.transaction()?;
                let out = f(&mut tx, &center)?;
                tx.commit()?;
                Ok(out)
            })();
            match result {
                Ok(v) => return Ok(v),
                Err(TxError::Pool(e)) => return Err(e),
                Err(TxError::Pg(e)) => {
                    let retry = matches!(
                        e.code(),
                        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE
                            || *c == SqlState::T_R_DEADLOCK_DETECTED
                    );
                    if !retry || attempt >= RETRIES {
                        return Err(self.err(e));
                    }
                    // A short, growing, jittered pause: the winner finishes meanwhile.
                    let jitter = u64::from(std::process::id() % 7) + u64::from(attempt);
                    std::thread::sleep(Duration::from_millis(5 * jitter));
                }
            }
        }
    }

    /// Registers this center under `token` (the local database's own random id). Refused if
    /// another database joined with this id.
    pub fn join(&mut self, token: &str) -> Result<(), PoolError> {
        let token = token.to_string();
        self.transact(|tx, center| {
            tx.execute(
                "INSERT INTO soudan_pool_centers (id, token) VALUES ($1, $2) \
                 ON CONFLICT (id) DO NOTHING",
                &[&center, &token],
            )?;
            let have: String = tx
                .query_one(
                    "SELECT token FROM soudan_pool_centers WHERE id = $1",
                    &[&center],
                )?
                .get(0);
            if have != token {
                return Err(TxError::Pool(PoolError::CenterTaken(center.to_string())));
            }
            Ok(())
        })
    }

    /// Takes this center out of the pool: its holds go with it.
    pub fn leave(&mut self) -> Result<u64, PoolError> {
        self.transact(|tx, center| {
            let n = tx.execute(
                "DELETE FROM soudan_pool_holds WHERE center = $1",
                &[&center],
            )?;
            tx.execute(
                "DELETE FROM soudan_pool_interpreters WHERE center = $1",
                &[&center],
            )?;
            tx.execute("DELETE FROM soudan_pool_centers WHERE id = $1", &[&center])?;
            Ok(n)
        })
    }

    /// Other centers' live holds (confirmed, or leased and not expired) overlapping
    /// `from..to`: when this center's interpreters are busy elsewhere.
    pub fn busy(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Hold>, PoolError> {
        let rows = self
            .client
            .query(
                "SELECT center, booking_uid, interpreter, lower(during), upper(during), mode, \
                        lease_until \
                 FROM soudan_pool_holds \
                 WHERE center <> $1 AND (lease_until IS NULL OR lease_until > now()) \
                   AND during && tstzrange($2, $3, '[)') \
                 ORDER BY interpreter, lower(during)",
                &[&self.center, &from, &to],
            )
            .map_err(|e| self.err(e))?;
        Ok(rows.iter().map(hold_of).collect())
    }

    /// Registers `interpreters` as this center's interpreter ids (replacing what it
    /// registered before) and reads which of them another center registered too, and the
    /// other centers' live holds of them overlapping `from..to`. One transaction.
    pub fn refresh(
        &mut self,
        interpreters: &[String],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<View, PoolError> {
        let ids: Vec<String> = interpreters.to_vec();
        self.transact(|tx, center| {
            joined(tx, center)?;
            tx.execute(
                "DELETE FROM soudan_pool_interpreters \
                 WHERE center = $1 AND NOT (interpreter = ANY($2))",
                &[&center, &ids],
            )?;
            tx.execute(
                "INSERT INTO soudan_pool_interpreters (center, interpreter) \
                 SELECT $1, i FROM unnest($2::text[]) AS i \
                 ON CONFLICT (center, interpreter) DO NOTHING",
                &[&center, &ids],
            )?;
            let shared = tx
                .query(
                    "SELECT DISTINCT interpreter FROM soudan_pool_interpreters \
                     WHERE center <> $1 AND interpreter = ANY($2) ORDER BY interpreter",
                    &[&center, &ids],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let busy = tx
                .query(
                    "SELECT interpreter, lower(during), upper(during) FROM soudan_pool_holds \
                     WHERE center <> $1 AND interpreter = ANY($2) \
                       AND (lease_until IS NULL OR lease_until > now()) \
                       AND during && tstzrange($3, $4, '[)') \
                     ORDER BY interpreter, lower(during)",
                    &[&center, &ids, &from, &to],
                )?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect();
            Ok(View { shared, busy })
        })
    }

    /// Every hold in the pool (all centers): for `pool status` and the tests.
    pub fn holds(&mut self) -> Result<Vec<Hold>, PoolError> {
        let rows = self
            .client
            .query(
                "SELECT center, booking_uid, interpreter, lower(during), upper(during), mode, \
                        lease_until \
                 FROM soudan_pool_holds ORDER BY interpreter, lower(during), center",
                &[],
            )
            .map_err(|e| self.err(e))?;
        Ok(rows.iter().map(hold_of).collect())
    }

    /// The centers with their counts of holds.
    pub fn status(&mut self) -> Result<Vec<CenterStatus>, PoolError> {
        let rows = self
            .client
            .query(
                "SELECT c.id, c.joined, \
                    count(h.center) FILTER (WHERE h.center IS NOT NULL AND h.lease_until IS NULL), \
                    count(h.center) FILTER (WHERE h.lease_until > now()), \
                    count(h.center) FILTER (WHERE h.lease_until <= now()) \
                 FROM soudan_pool_centers c LEFT JOIN soudan_pool_holds h ON h.center = c.id \
                 GROUP BY c.id, c.joined ORDER BY c.id",
                &[],
            )
            .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .map(|r| CenterStatus {
                id: r.get(0),
                joined: r.get(1),
                confirmed: r.get(2),
                leased: r.get(3),
                expired: r.get(4),
            })
            .collect())
    }

    /// Claims `wants` in ONE transaction, each with a lease of [`LEASE`]; idempotent (a hold
    /// the center has already is kept as it is). Expired leases of every center are dropped
    /// first (they bind no one). When another center holds any of them, nothing is claimed
    /// and every such one is returned ([`PoolError::Taken`]). Nothing is released here: the
    /// holds a commit gives up go after the local commit ([`Pool::sync`]).
    pub fn claim(&mut self, wants: &[Want]) -> Result<(), PoolError> {
        if wants.is_empty() {
            return Ok(());
        }
        let lease = format!("{} seconds", LEASE.as_secs());
        // One order for every center (interpreter, then time): two claims that wait on each
        // other's rows then wait in the same order, which keeps deadlocks (and PostgreSQL's
        // one-second deadlock detection) rare.
        let mut wants: Vec<&Want> = wants.iter().collect();
        wants.sort_by(|a, b| {
            (&a.interpreter, a.start, &a.booking_uid).cmp(&(
                &b.interpreter,
                b.start,
                &b.booking_uid,
            ))
        });
        self.transact(|tx, center| {
            joined(tx, center)?;
            tx.execute(
                "DELETE FROM soudan_pool_holds WHERE lease_until <= now()",
                &[],
            )?;
            let mut taken = Vec::new();
            for &w in &wants {
                let mut sp = tx.transaction()?;
                let r = sp.execute(
                    "INSERT INTO soudan_pool_holds \
                        (center, booking_uid, interpreter, during, mode, lease_until) \
                     VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), $6, now() + ($7::text)::interval) \
                     ON CONFLICT (center, booking_uid, interpreter, during) DO NOTHING",
                    &[
                        &center,
                        &w.booking_uid,
                        &w.interpreter,
                        &w.start,
                        &w.end,
                        &w.mode,
                        &lease,
                    ],
                );
                match r {
                    Ok(_) => sp.commit()?,
                    Err(e) if e.code() == Some(&SqlState::EXCLUSION_VIOLATION) => {
                        drop(sp);
                        taken.extend(blockers(tx, center, w)?);
                    }
                    Err(e) => return Err(TxError::Pg(e)),
                }
            }
            if taken.is_empty() {
                Ok(())
            } else {
                Err(TxError::Pool(PoolError::Taken(taken)))
            }
        })
    }

    /// Makes this center's holds exactly `wants` (the local database's confirmed bookings
    /// with interpreters): leased holds that match are confirmed, holds without a local
    /// booking (orphans of a killed claim, times a commit gave up) released, local bookings
    /// without a hold claimed as confirmed, or reported when another center holds the
    /// interpreter meanwhile (never dropped from the local database). One transaction.
    pub fn sync(&mut self, wants: &[Want]) -> Result<Synced, PoolError> {
        self.transact(|tx, center| {
            let mut out = Synced::default();
            let rows = tx.query(
                "SELECT center, booking_uid, interpreter, lower(during), upper(during), mode, \
                        lease_until \
                 FROM soudan_pool_holds WHERE center = $1 FOR UPDATE",
                &[&center],
            )?;
            let have: Vec<Hold> = rows.iter().map(hold_of).collect();
            let key = |uid: &str, i: &str, s: DateTime<Utc>, e: DateTime<Utc>| {
                (uid.to_string(), i.to_string(), s, e)
            };
            let wanted: std::collections::HashMap<_, &Want> = wants
                .iter()
                .map(|w| (key(&w.booking_uid, &w.interpreter, w.start, w.end), w))
                .collect();
            let mut present = std::collections::HashSet::new();
            for h in &have {
                let k = key(&h.booking_uid, &h.interpreter, h.start, h.end);
                match wanted.get(&k) {
                    Some(w) => {
                        present.insert(k.clone());
                        if h.lease_until.is_some() || h.mode != w.mode {
                            tx.execute(
                                "UPDATE soudan_pool_holds SET lease_until = NULL, mode = $5 \
                                 WHERE center = $1 AND booking_uid = $2 AND interpreter = $3 \
                                   AND during = tstzrange($4, $6, '[)')",
                                &[
                                    &center,
                                    &h.booking_uid,
                                    &h.interpreter,
                                    &h.start,
                                    &w.mode,
                                    &h.end,
                                ],
                            )?;
                            if h.lease_until.is_some() {
                                out.confirmed += 1;
                            }
                        }
                    }
                    None => {
                        tx.execute(
                            "DELETE FROM soudan_pool_holds \
                             WHERE center = $1 AND booking_uid = $2 AND interpreter = $3 \
                               AND during = tstzrange($4, $5, '[)')",
                            &[&center, &h.booking_uid, &h.interpreter, &h.start, &h.end],
                        )?;
                        out.released += 1;
                    }
                }
            }
            let mut missing: Vec<&Want> = wants
                .iter()
                .filter(|w| !present.contains(&key(&w.booking_uid, &w.interpreter, w.start, w.end)))
                .collect();
            missing.sort_by(|a, b| {
                (&a.interpreter, a.start, &a.booking_uid).cmp(&(
                    &b.interpreter,
                    b.start,
                    &b.booking_uid,
                ))
            });
            if !missing.is_empty() {
                tx.execute(
                    "DELETE FROM soudan_pool_holds WHERE lease_until <= now()",
                    &[],
                )?;
            }
            for w in missing {
                let mut sp = tx.transaction()?;
                let r = sp.execute(
                    "INSERT INTO soudan_pool_holds \
                        (center, booking_uid, interpreter, during, mode, lease_until) \
                     VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), $6, NULL) \
                     ON CONFLICT (center, booking_uid, interpreter, during) DO NOTHING",
                    &[
                        &center,
                        &w.booking_uid,
                        &w.interpreter,
                        &w.start,
                        &w.end,
                        &w.mode,
                    ],
                );
                match r {
                    Ok(_) => {
                        sp.commit()?;
                        out.claimed += 1;
                    }
                    Err(e) if e.code() == Some(&SqlState::EXCLUSION_VIOLATION) => {
                        drop(sp);
                        out.taken.extend(blockers(tx, center, w)?);
                    }
                    Err(e) => return Err(TxError::Pg(e)),
                }
            }
            Ok(out)
        })
    }
}

/// Other centers' holds overlapping `w`.
fn blockers(
    tx: &mut postgres::Transaction<'_>,
    center: &str,
    w: &Want,
) -> Result<Vec<Taken>, postgres::Error> {
    let rows = tx.query(
        "SELECT center, lower(during), upper(during) FROM soudan_pool_holds \
         WHERE interpreter = $1 AND center <> $2 AND during && tstzrange($3, $4, '[)')",
        &[&w.interpreter, &center, &w.start, &w.end],
    )?;
    let mut out: Vec<Taken> = rows
        .iter()
        .map(|r| Taken {
            booking_uid: w.booking_uid.clone(),
            interpreter: w.interpreter.clone(),
            start: r.get(1),
            end: r.get(2),
            by: r.get(0),
        })
        .collect();
    if out.is_empty() {
        // Taken by a transaction that committed and then let go: name the wanted time.
        out.push(Taken {
            booking_uid: w.booking_uid.clone(),
            interpreter: w.interpreter.clone(),
            start: w.start,
            end: w.end,
            by: String::new(),
        });
    }
    Ok(out)
}

fn hold_of(r: &postgres::Row) -> Hold {
    Hold {
        center: r.get(0),
        booking_uid: r.get(1),
        interpreter: r.get(2),
        start: r.get(3),
        end: r.get(4),
        mode: r.get(5),
        lease_until: r.get(6),
    }
}

/// Inside a transaction: a PostgreSQL error (maybe retried) or a decided pool outcome.
/// Refuses a transaction of a center that is not (or no longer) in the pool; the row lock
/// (`FOR KEY SHARE`) keeps it from leaving while the transaction runs.
fn joined(tx: &mut postgres::Transaction<'_>, center: &str) -> Result<(), TxError> {
    let row = tx.query_opt(
        "SELECT 1 FROM soudan_pool_centers WHERE id = $1 FOR KEY SHARE",
        &[&center],
    )?;
    match row {
        Some(_) => Ok(()),
        None => Err(TxError::Pool(PoolError::NotJoined(center.to_string()))),
    }
}

enum TxError {
    Pg(postgres::Error),
    Pool(PoolError),
}

impl From<postgres::Error> for TxError {
    fn from(e: postgres::Error) -> TxError {
        TxError::Pg(e)
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_never_shown() {
        assert_eq!(
            redact("postgres://soudan:s3cret@127.0.0.1:5432/pool"),
            "postgres://soudan:***@127.0.0.1:5432/pool"
        );
        assert_eq!(
            redact("postgresql://u@h/db?password=s3cret&sslmode=disable"),
            "postgresql://u@h/db?password=***&sslmode=disable"
        );
        assert_eq!(
            redact("host=127.0.0.1 user=u password=s3cret dbname=p"),
            "host=127.0.0.1 user=u password=*** dbname=p"
        );
    }
}
