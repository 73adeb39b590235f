//! The one module that owns the embedded sled database.
//!
//! A data directory (default `./soudan.db`) holds:
//! - `sled/`: the sled database, one tree per [`Table`];
//! - `lock`: soudan's own lock file (see [`lock`]), naming the command holding the database;
//! - `feeds/`: published calendar snapshots (written by [`crate::publish`], never by the store).
//!
//! Every change goes through [`Store::commit`]: one sled transaction over all trees (all or
//! nothing, also across a crash), then a flush and an fsync, and only then does `commit`
//! return. sled keeps acknowledged transactions in user-space buffers until flushed; without
//! the flush a killed process loses them.
//!
//! Opening survives a kill at any earlier instant: with soudan's lock held and before
//! `sled::open`, [`recover`] moves sled's leftovers (a half-written snapshot, a torn `conf`)
//! into `quarantine/` and finishes or rolls back an interrupted restore. A restore never
//! writes into the live database: [`Store::stage`] builds the new one in `sled.staging/`,
//! the caller checks it, and [`Store::swap_in`] renames it into place.

mod blocks;
mod lock;
mod recover;

pub use lock::Holder;
pub use recover::{QUARANTINE_DIR, Recovery};

use crate::codec::{self, CodecError};
pub use crate::model::Event;

use crate::model::{
    Agency, Booking, Center, ClosedDays, ContactItem, FeedKind, FeedSubscription, Interpreter,
    Month, OnClosed, Request, WeightPolicy,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};
use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Version of the data layout. Bump it when a stored type changes shape, and add a migration
/// in [`Store::open`].
///
/// - 1: one sled record per row in every table.
/// - 2: requests and history in blocks of records ([`blocks`]), trees `requests.blocks` and
///   `log.blocks`; a schema-1 database is migrated when opened (one transaction).
pub const SCHEMA_VERSION: u32 = 2;

const SCHEMA_KEY: &[u8] = b"schema_version";
/// The lock holder name of the console's requests (`soudan serve`): each opens the database
/// for one request and closes it, so another command waits for it ([`BRIEF_WAIT`]) instead
/// of being refused.
pub const BRIEF_HOLDER: &str = "soudan serve (console)";
/// How long a command waits for a [`BRIEF_HOLDER`].
pub const BRIEF_WAIT: std::time::Duration = std::time::Duration::from_secs(30);
const RETRIES: u32 = 50;
const RETRY_DELAY: std::time::Duration = std::time::Duration::from_millis(20);
const CENTER_KEY: &[u8] = b"center";
const WEIGHTS_KEY: &[u8] = b"weights";
/// center.toml's `lead_days` (a key of its own so databases written before it existed read as
/// the default, without a schema change).
const LEAD_DAYS_KEY: &[u8] = b"lead_days";
/// Feed settings (window, how phone/video sessions are joined): [`crate::feeds::FeedOptions`].
const FEED_OPTIONS_KEY: &str = "feed_options";
/// center.toml's `language`, the staff default language (a BCP 47 code such as `ja`): a key of
/// its own, like `lead_days`, so databases written before it existed read as Japanese.
const LANGUAGE_KEY: &[u8] = b"language";
/// The last imported folder (agencies, interpreters, requests), the common ancestor of a
/// re-import's three-way merge (see `ops::reconcile`).
const IMPORT_BASE_KEY: &[u8] = b"import_base";
/// Booking numbers a coordinator pinned (`booking pin`): a key of its own, so no schema change.
const PINS_KEY: &[u8] = b"pins";
/// Where public outputs point (`soudan public set`): a key of its own, so no schema change.
pub const PUBLIC_SETTINGS_KEY: &[u8] = b"public";
/// Meta key of the shared interpreter pool's settings (`soudan pool join`; a versioned enum
/// of `ops::pool`). Absent: no pool, everything as before.
pub const POOL_KEY: &[u8] = b"pool";
/// Meta key of what the last sync with the pool saw (`ops::pool`, a versioned enum): the
/// other centers' holds of this center's interpreters, without details, for the interpreter
/// feeds, and which interpreters are shared, for an allocation while the pool is down.
pub const POOL_CACHE_KEY: &[u8] = b"pool_cache";
/// center.toml's phone, access and hours for residents' slips (a key of its own: `Center`
/// keeps its stored layout, and older databases read as empty).
const CENTER_INFO_KEY: &[u8] = b"center_info";

/// The center's closed days ([`crate::model::ClosedDays`]), a key of their own so the `center`
/// record of older databases still reads; a database without it has the defaults.
const CLOSED_DAYS_KEY: &[u8] = b"closed_days";

/// The stored closed days, by version: the enum's variant index is the version number bincode
/// writes first, so a later shape is a new variant and the older bytes still read.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
enum StoredClosedDays {
    /// Never written (versions count from 1).
    V0,
    V1(ClosedDays),
}

/// The stored `on_closed` of one agency's patterns (meta `on_closed/<agency>`), in pattern
/// order, by version like [`StoredClosedDays`].
#[derive(Debug, serde::Serialize, serde::Deserialize)]
enum StoredOnClosed {
    V0,
    V1(Vec<OnClosed>),
}

/// A console staff account (meta `staff/<name>`), by version like [`StoredClosedDays`].
#[derive(Debug, serde::Serialize, serde::Deserialize)]
enum StoredStaff {
    V0,
    V1(crate::model::StaffAccount),
}

const STAFF_PREFIX: &str = "staff/";

/// Raw key/value pairs of one table, as stored (values still encoded).
pub type RawRows = Vec<(Vec<u8>, Vec<u8>)>;

/// The trees of the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Schema version, the center, counters.
    Meta,
    Agencies,
    Interpreters,
    Requests,
    /// Keyed by booking number.
    Bookings,
    /// Keyed by `<kind>/<id>`.
    Feeds,
    /// Append-only history, keyed by `<request id>\0<sequence, big-endian>`.
    Log,
}

impl Table {
    pub const ALL: [Table; 7] = [
        Table::Meta,
        Table::Agencies,
        Table::Interpreters,
        Table::Requests,
        Table::Bookings,
        Table::Feeds,
        Table::Log,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Meta => "meta",
            Table::Agencies => "agencies",
            Table::Interpreters => "interpreters",
            Table::Requests => "requests",
            Table::Bookings => "bookings",
            Table::Feeds => "feeds",
            Table::Log => "log",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Tables big enough to be kept in blocks of records ([`blocks`]): one row per request
    /// and per history event, 100,000s at city scale.
    fn blocked(self) -> bool {
        matches!(self, Table::Requests | Table::Log)
    }

    /// The sled tree holding the table (schema 2).
    fn tree_name(self) -> String {
        if self.blocked() {
            format!("{}.blocks", self.name())
        } else {
            self.name().to_owned()
        }
    }

    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database {dir} is in use by {holder}.\n  Wait for that command to finish, or stop it (kill {pid}) and try again.",
        dir = .dir.display(), pid = .holder.pid
    )]
    Locked { dir: PathBuf, holder: Holder },
    #[error(
        "the database {} is in use by another soudan process.\n  Wait for it to finish and try again.",
        .0.display()
    )]
    LockedUnknown(PathBuf),
    #[error(
        "the database {dir} was written by a newer soudan (schema {found}; this one understands up to {SCHEMA_VERSION}).\n  Upgrade soudan; the data has not been touched."
    , dir = .dir.display())]
    NewerSchema { dir: PathBuf, found: u32 },
    #[error("{} is not a soudan database: {reason}", .dir.display())]
    NotADatabase { dir: PathBuf, reason: String },
    #[error(
        "damaged record in {table} key {key:?}: {source}.\n  Run `soudan check`, or restore from a backup."
    )]
    Damaged {
        table: &'static str,
        key: String,
        source: CodecError,
    },
    #[error("cannot encode a record for {table}: {source}")]
    Encode {
        table: &'static str,
        source: CodecError,
    },
    #[error(
        "cannot open the database {}: {source}.\n  If it was damaged, restore it from a backup.",
        .dir.display()
    )]
    Open { dir: PathBuf, source: sled::Error },
    #[error("database error: {0}")]
    Sled(#[from] sled::Error),
    #[error("I/O error on {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot repair what an interrupted command left in {}: {source}",
        .dir.display()
    )]
    Recover {
        dir: PathBuf,
        source: std::io::Error,
    },
}

/// One change in a [`Batch`].
#[derive(Debug, Clone)]
enum Op {
    Put {
        table: Table,
        key: Vec<u8>,
        value: Vec<u8>,
    },
    Delete {
        table: Table,
        key: Vec<u8>,
    },
}

/// The named counters kept in the meta table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// The last history sequence number; advanced by [`Store::commit`] only.
    Log,
    /// The last booking number handed out (`B-NNNNN`).
    Bookings,
}

impl Counter {
    pub fn name(self) -> &'static str {
        match self {
            Counter::Log => "log",
            Counter::Bookings => "bookings",
        }
    }
}

/// Changes applied together by [`Store::commit`], all or none.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    ops: Vec<Op>,
    /// History to append; numbered by [`Store::commit`], so no caller handles the log counter.
    events: Vec<Event>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty() && self.events.is_empty()
    }

    pub fn len(&self) -> usize {
        self.ops.len() + self.events.len()
    }

    pub fn put<T: Serialize>(
        &mut self,
        table: Table,
        key: impl AsRef<[u8]>,
        value: &T,
    ) -> Result<&mut Self, StoreError> {
        let value = codec::encode(value).map_err(|source| StoreError::Encode {
            table: table.name(),
            source,
        })?;
        self.ops.push(Op::Put {
            table,
            key: key.as_ref().to_vec(),
            value,
        });
        Ok(self)
    }

    pub fn delete(&mut self, table: Table, key: impl AsRef<[u8]>) -> &mut Self {
        self.ops.push(Op::Delete {
            table,
            key: key.as_ref().to_vec(),
        });
        self
    }

    /// The center, and its closed days under their own key (`closed_days`: the `center`
    /// record keeps the layout older databases wrote).
    pub fn put_center(&mut self, center: &Center) -> Result<&mut Self, StoreError> {
        self.put(
            Table::Meta,
            CLOSED_DAYS_KEY,
            &StoredClosedDays::V1(center.closed.clone()),
        )?;
        self.put(Table::Meta, CENTER_KEY, center)
    }

    pub fn put_weights(&mut self, w: &WeightPolicy) -> Result<&mut Self, StoreError> {
        self.put(Table::Meta, WEIGHTS_KEY, w)
    }

    pub fn put_lead_days(&mut self, days: u32) -> Result<&mut Self, StoreError> {
        self.put(Table::Meta, LEAD_DAYS_KEY, &days)
    }

    /// The center's feed settings ([`crate::feeds::FeedOptions`]), a meta key of their own.
    pub fn put_feed_options(
        &mut self,
        o: &crate::feeds::FeedOptions,
    ) -> Result<&mut Self, StoreError> {
        self.put(Table::Meta, FEED_OPTIONS_KEY, o)
    }

    /// center.toml's `language` (its code, e.g. `ja`).
    pub fn put_language(&mut self, code: &str) -> Result<&mut Self, StoreError> {
        self.put(Table::Meta, LANGUAGE_KEY, &code.to_string())
    }

    /// A call-list item, under `contact2/<id>` in meta (typed changes; an item stored before
    /// them under `contact/<id>` is replaced).
    pub fn put_contact(&mut self, c: &ContactItem) -> Result<&mut Self, StoreError> {
        self.delete(Table::Meta, format!("contact/{}", c.id));
        self.put(Table::Meta, format!("contact2/{}", c.id), c)
    }

    /// The center's contact facts for residents' slips.
    pub fn put_center_info(
        &mut self,
        info: &crate::model::CenterInfo,
    ) -> Result<&mut Self, StoreError> {
        self.put(Table::Meta, CENTER_INFO_KEY, info)
    }

    /// The last slip given to a resident for a booking, under `slip/<number>` in meta.
    pub fn put_issued_slip(
        &mut self,
        s: &crate::model::IssuedSlip,
    ) -> Result<&mut Self, StoreError> {
        self.put(Table::Meta, format!("slip/{}", s.booking), s)
    }

    /// `rows` of `table` (keyed by `key`, as the `put_*` methods key them) as they will be
    /// once this batch commits: puts replace or add, deletes remove. Lets a caller judge the
    /// state after the batch (the call list compares which bookings need rearranging) before
    /// anything is written.
    pub fn applied<T: serde::de::DeserializeOwned>(
        &self,
        table: Table,
        rows: Vec<T>,
        key: impl Fn(&T) -> &str,
    ) -> Vec<T> {
        let mut by_key: BTreeMap<Vec<u8>, T> = rows
            .into_iter()
            .map(|r| (key(&r).as_bytes().to_vec(), r))
            .collect();
        for op in &self.ops {
            match op {
                Op::Put {
                    table: t,
                    key,
                    value,
                } if *t == table => {
                    if let Ok(v) = codec::decode(value) {
                        by_key.insert(key.clone(), v);
                    }
                }
                Op::Delete { table: t, key } if *t == table => {
                    by_key.remove(key);
                }
                _ => {}
            }
        }
        by_key.into_values().collect()
    }

    /// Whether this batch puts or deletes anything in `table`.
    pub fn writes(&self, table: Table) -> bool {
        self.ops.iter().any(|op| match op {
            Op::Put { table: t, .. } | Op::Delete { table: t, .. } => *t == table,
        })
    }

    /// The closed days this batch writes (a re-imported center.toml), the last if several.
    pub fn closed_days_written(&self) -> Option<ClosedDays> {
        self.ops.iter().rev().find_map(|op| match op {
            Op::Put {
                table: Table::Meta,
                key,
                value,
            } if key.as_slice() == CLOSED_DAYS_KEY => match codec::decode(value).ok()? {
                StoredClosedDays::V1(c) => Some(c),
                StoredClosedDays::V0 => None,
            },
            _ => None,
        })
    }

    /// The agencies this batch writes, in order.
    pub fn agencies_written(&self) -> Vec<Agency> {
        self.ops
            .iter()
            .filter_map(|op| match op {
                Op::Put {
                    table: Table::Agencies,
                    value,
                    ..
                } => codec::decode(value).ok(),
                _ => None,
            })
            .collect()
    }

    /// The requests this batch writes, in order.
    pub fn requests_written(&self) -> Vec<Request> {
        self.ops
            .iter()
            .filter_map(|op| match op {
                Op::Put {
                    table: Table::Requests,
                    value,
                    ..
                } => codec::decode(value).ok(),
                _ => None,
            })
            .collect()
    }

    /// The bookings this batch writes, decoded (for deriving the call list before commit).
    pub fn bookings_written(&self) -> Vec<Booking> {
        self.ops
            .iter()
            .filter_map(|op| match op {
                Op::Put {
                    table: Table::Bookings,
                    value,
                    ..
                } => codec::decode(value).ok(),
                _ => None,
            })
            .collect()
    }

    /// Adds or replaces a console staff account.
    pub fn put_staff(
        &mut self,
        account: &crate::model::StaffAccount,
    ) -> Result<&mut Self, StoreError> {
        self.put(
            Table::Meta,
            format!("{STAFF_PREFIX}{}", account.name),
            &StoredStaff::V1(account.clone()),
        )
    }

    pub fn delete_staff(&mut self, name: &str) -> &mut Self {
        self.delete(Table::Meta, format!("{STAFF_PREFIX}{name}"))
    }

    pub fn put_pins(&mut self, pins: &BTreeSet<String>) -> Result<&mut Self, StoreError> {
        self.put(Table::Meta, PINS_KEY, pins)
    }

    pub fn put_import_base<T: Serialize>(&mut self, base: &T) -> Result<&mut Self, StoreError> {
        self.put(Table::Meta, IMPORT_BASE_KEY, base)
    }

    /// Why each request of `month` is still waiting, as the last allocation explained it.
    pub fn put_reasons(
        &mut self,
        month: Month,
        reasons: &BTreeMap<String, String>,
    ) -> Result<&mut Self, StoreError> {
        self.put(Table::Meta, format!("reasons/{month}"), reasons)
    }

    /// The agency, and its patterns' `on_closed` under `on_closed/<agency>` in meta when any
    /// is not the default (the agency record keeps the layout older databases wrote).
    pub fn put_agency(&mut self, a: &Agency) -> Result<&mut Self, StoreError> {
        let on_closed: Vec<OnClosed> = a.patterns.iter().map(|p| p.on_closed).collect();
        let key = format!("on_closed/{}", a.id);
        if on_closed.iter().all(|o| *o == OnClosed::default()) {
            self.delete(Table::Meta, key);
        } else {
            self.put(Table::Meta, key, &StoredOnClosed::V1(on_closed))?;
        }
        self.put(Table::Agencies, &a.id, a)
    }

    pub fn put_interpreter(&mut self, i: &Interpreter) -> Result<&mut Self, StoreError> {
        self.put(Table::Interpreters, &i.id, i)
    }

    pub fn put_request(&mut self, r: &Request) -> Result<&mut Self, StoreError> {
        self.put(Table::Requests, &r.id, r)
    }

    pub fn put_booking(&mut self, b: &Booking) -> Result<&mut Self, StoreError> {
        self.put(Table::Bookings, &b.number, b)
    }

    pub fn put_subscription(&mut self, f: &FeedSubscription) -> Result<&mut Self, StoreError> {
        self.put(Table::Feeds, feed_key(f.kind, &f.id), f)
    }

    pub fn put_counter(&mut self, counter: Counter, value: u64) -> Result<&mut Self, StoreError> {
        self.put(Table::Meta, counter_key(counter.name()), &value)
    }

    /// Appends `event` to the history of its request. [`Store::commit`] gives it the next
    /// sequence number (the committing process holds the database lock, so read-then-write
    /// of the counter cannot race).
    pub fn log(&mut self, event: Event) -> &mut Self {
        self.events.push(event);
        self
    }

    /// Names `by` as the maker of every event this batch appends that names nobody yet (the
    /// console's staff member; see `ops::Ctx::acting_as`).
    pub fn stamp_events(&mut self, by: &str) {
        for e in &mut self.events {
            e.by.get_or_insert_with(|| by.to_string());
        }
    }

    /// The events this batch appends, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }
}

fn log_key(request: &str, seq: u64) -> Vec<u8> {
    let mut key = request.as_bytes().to_vec();
    key.push(0);
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

/// Decodes `value` as the type `table` stores under `key` (unknown meta keys pass): the one
/// definition of "this record is readable", shared by `soudan check` and restore.
pub fn check_value(table: Table, key: &[u8], value: &[u8]) -> Result<(), CodecError> {
    fn is<T: DeserializeOwned>(v: &[u8]) -> Result<(), CodecError> {
        codec::decode::<T>(v).map(|_| ())
    }
    match table {
        Table::Agencies => is::<Agency>(value),
        Table::Interpreters => is::<Interpreter>(value),
        Table::Requests => is::<Request>(value),
        Table::Bookings => is::<Booking>(value),
        Table::Feeds => is::<FeedSubscription>(value),
        Table::Log => is::<Event>(value),
        Table::Meta => {
            let key = String::from_utf8_lossy(key);
            match key.as_ref() {
                "schema_version" => is::<u32>(value),
                "center" => is::<Center>(value),
                "weights" => is::<WeightPolicy>(value),
                "lead_days" => is::<u32>(value),
                FEED_OPTIONS_KEY => is::<crate::feeds::FeedOptions>(value),
                "pins" => is::<BTreeSet<String>>(value),
                "center_info" => is::<crate::model::CenterInfo>(value),
                "closed_days" => is::<StoredClosedDays>(value),
                k if k.starts_with("on_closed/") => is::<StoredOnClosed>(value),
                k if k.starts_with("slip/") => is::<crate::model::IssuedSlip>(value),
                k if k.starts_with("contact/") => is::<crate::model::ContactItemV1>(value),
                k if k.starts_with("contact2/") => is::<ContactItem>(value),
                k if k.starts_with("counter/") => is::<u64>(value),
                k if k.starts_with("reasons/") => is::<BTreeMap<String, String>>(value),
                k if k.starts_with(STAFF_PREFIX) => is::<StoredStaff>(value),
                _ => Ok(()),
            }
        }
    }
}

/// Flushes `db` and fsyncs its log file in `sled_dir`.
fn self_sync(sled_dir: &Path, db: &sled::Db) -> Result<(), StoreError> {
    db.flush()?;
    let path = sled_dir.join("db");
    if let Ok(file) = File::open(&path) {
        file.sync_all()
            .map_err(|source| StoreError::Io { path, source })?;
    }
    Ok(())
}

fn feed_key(kind: FeedKind, id: &str) -> String {
    format!("{}/{}", kind.code(), id)
}

fn counter_key(name: &str) -> String {
    format!("counter/{name}")
}

/// An open database, held exclusively by this process until dropped.
pub struct Store {
    dir: PathBuf,
    db: sled::Db,
    trees: Vec<sled::Tree>,
    /// `None` for a staged restore, which lives under the live store's lock.
    lock: Option<File>,
    recovery: Recovery,
}

/// A restore's new database in `sled.staging/`, open for checks before [`Store::swap_in`].
/// Dropping it without swapping leaves the live database as it was (the staging copy is
/// removed by the next open).
pub struct Staged {
    store: Store,
}

impl Staged {
    /// The staged data, readable like the live store (no lock of its own: the live store's
    /// lock covers it).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Closes and removes the staged copy (the live database is untouched).
    pub fn discard(self) -> Result<(), StoreError> {
        let path = self.store.dir.join(recover::STAGING_DIR);
        drop(self.store);
        std::fs::remove_dir_all(&path).map_err(|source| StoreError::Io { path, source })
    }
}

fn open_sled(path: &Path, attempts: &mut u32) -> Result<sled::Db, sled::Error> {
    loop {
        match sled::Config::new().path(path).open() {
            Ok(db) => return Ok(db),
            Err(sled::Error::Io(e))
                if *attempts < RETRIES && e.to_string().contains("could not acquire lock") =>
            {
                *attempts += 1;
                std::thread::sleep(RETRY_DELAY);
            }
            Err(e) => return Err(e),
        }
    }
}

fn open_trees(db: &sled::Db) -> Result<Vec<sled::Tree>, sled::Error> {
    Table::ALL
        .iter()
        .map(|t| db.open_tree(t.tree_name()))
        .collect()
}

impl Store {
    /// Opens (creating if needed) the data directory `dir` for `command` (recorded in the lock
    /// file so a second process can say who holds the database).
    pub fn open(dir: &Path, command: &str) -> Result<Store, StoreError> {
        Store::open_waiting(dir, command, std::time::Duration::ZERO)
    }

    /// [`Store::open`], waiting up to `wait` for a holder to let go. Whatever `wait`, a
    /// holder that only holds briefly (the console's requests, see [`BRIEF_HOLDER`]) is
    /// waited for up to [`BRIEF_WAIT`]: the CLI keeps working while the console runs.
    pub fn open_waiting(
        dir: &Path,
        command: &str,
        wait: std::time::Duration,
    ) -> Result<Store, StoreError> {
        let started = std::time::Instant::now();
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { path, source }
        };
        if dir.exists() && !dir.is_dir() {
            return Err(StoreError::NotADatabase {
                dir: dir.to_path_buf(),
                reason: "it is a file, not a directory".into(),
            });
        }
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let lock_path = dir.join("lock");
        // A lock held by this very process is almost always a descriptor briefly inherited by
        // a child between fork and exec (another thread spawning a process while this one
        // reopens the database); it vanishes within milliseconds, so wait a little for it.
        // The same holds for sled's own lock once ours is taken.
        let mut attempts = 0;
        // A brief holder (the console) reopens the database for every request, so a waiting
        // command also catches it between truncating the lock file and writing its name:
        // once a brief holder was seen, a nameless one is waited for just as long.
        let mut brief_seen = false;
        let mut nameless_since: Option<std::time::Instant> = None;
        let lock = loop {
            attempts += 1;
            match lock::try_lock(&lock_path, command).map_err(io(&lock_path))? {
                lock::LockOutcome::Acquired(file) => break file,
                lock::LockOutcome::Held(Some(holder)) => {
                    nameless_since = None;
                    if holder.pid == std::process::id() && attempts < RETRIES {
                        std::thread::sleep(RETRY_DELAY);
                        continue;
                    }
                    let brief = holder.command.starts_with(BRIEF_HOLDER);
                    brief_seen |= brief;
                    let patience = if brief { wait.max(BRIEF_WAIT) } else { wait };
                    if started.elapsed() < patience {
                        std::thread::sleep(RETRY_DELAY);
                        continue;
                    }
                    return Err(StoreError::Locked {
                        dir: dir.to_path_buf(),
                        holder,
                    });
                }
                // The holder is writing its name this very moment (the file is truncated,
                // then written), or wrote something unreadable: wait as for any holder, and
                // a little even when not asked to, so the name can be read.
                lock::LockOutcome::Held(None) => {
                    let nameless = *nameless_since.get_or_insert_with(std::time::Instant::now);
                    let patience = if brief_seen {
                        wait.max(BRIEF_WAIT)
                    } else {
                        wait
                    };
                    if started.elapsed() < patience || nameless.elapsed() < RETRY_DELAY * 5 {
                        std::thread::sleep(RETRY_DELAY);
                        continue;
                    }
                    return Err(StoreError::LockedUnknown(dir.to_path_buf()));
                }
            }
        };
        let recovery = recover::before_open(dir).map_err(|source| StoreError::Recover {
            dir: dir.to_path_buf(),
            source,
        })?;
        // sled's own lock gets its own budget: waiting for our lock may have used this one.
        let mut attempts = 0;
        let db = open_sled(&dir.join(recover::SLED_DIR), &mut attempts).map_err(|source| {
            StoreError::Open {
                dir: dir.to_path_buf(),
                source,
            }
        })?;
        let trees = open_trees(&db)?;
        let store = Store {
            dir: dir.to_path_buf(),
            db,
            trees,
            lock: Some(lock),
            recovery,
        };
        store.check_schema()?;
        Ok(store)
    }

    /// What opening had to repair after an interrupted command (empty almost always).
    pub fn recovery(&self) -> &Recovery {
        &self.recovery
    }

    /// Writes `tables` into a new database in `<data dir>/sled.staging/` (replacing any
    /// leftover there), flushed, and opens it for checks. The live database is not touched.
    pub fn stage(&self, tables: &[(Table, RawRows)]) -> Result<Staged, StoreError> {
        let staging = self.dir.join(recover::STAGING_DIR);
        let io = |source| StoreError::Io {
            path: staging.clone(),
            source,
        };
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io)?;
        }
        let mut attempts = 0;
        let db = open_sled(&staging, &mut attempts).map_err(|source| StoreError::Open {
            dir: staging.clone(),
            source,
        })?;
        let trees = open_trees(&db)?;
        let store = Store {
            dir: self.dir.clone(),
            db,
            trees,
            lock: None,
            recovery: Recovery::default(),
        };
        let mut batch = Batch::new();
        for (t, rows) in tables {
            for (k, v) in rows {
                batch.ops.push(Op::Put {
                    table: *t,
                    key: k.clone(),
                    value: v.clone(),
                });
            }
        }
        // The rows are logical and were just written in this version's layout, whatever
        // schema the backup names.
        batch.put(Table::Meta, SCHEMA_KEY, &SCHEMA_VERSION)?;
        store.commit(batch)?;
        Ok(Staged { store })
    }

    /// Makes `staged` the live database: closes both, renames `sled` to `sled.previous` and
    /// `sled.staging` to `sled` (fsyncing the data directory after each rename), then removes
    /// the previous database and reopens. A kill between the renames is rolled back by the
    /// next open; a kill after them keeps the new data and quarantines the previous one.
    pub fn swap_in(self, staged: Staged) -> Result<Store, StoreError> {
        let Store {
            dir,
            db,
            trees,
            lock,
            ..
        } = self;
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { path, source }
        };
        let Staged { store: staged } = staged;
        staged.sync()?;
        drop(staged);
        self_sync(&dir.join(recover::SLED_DIR), &db)?;
        drop(trees);
        drop(db);
        let live = dir.join(recover::SLED_DIR);
        let previous = dir.join(recover::PREVIOUS_DIR);
        let staging = dir.join(recover::STAGING_DIR);
        if live.exists() {
            std::fs::rename(&live, &previous).map_err(io(&live))?;
            recover::sync_dir(&dir).map_err(io(&dir))?;
        }
        crate::fault::point("restore-between-renames");
        if let Err(e) = std::fs::rename(&staging, &live) {
            // Put the previous database back now rather than at the next open.
            if previous.exists() && std::fs::rename(&previous, &live).is_ok() {
                let _ = recover::sync_dir(&dir);
            }
            return Err(io(&staging)(e));
        }
        recover::sync_dir(&dir).map_err(io(&dir))?;
        crate::fault::point("restore-after-swap");
        if previous.exists()
            && let Err(e) = std::fs::remove_dir_all(&previous)
        {
            // The new data is in place; the next open moves the rest into quarantine.
            tracing::warn!(dir = %previous.display(), error = %e, "could not remove the replaced database");
        }
        let mut attempts = 0;
        let db = open_sled(&live, &mut attempts).map_err(|source| StoreError::Open {
            dir: dir.clone(),
            source,
        })?;
        let trees = open_trees(&db)?;
        Ok(Store {
            dir,
            db,
            trees,
            lock,
            recovery: Recovery::default(),
        })
    }

    fn check_schema(&self) -> Result<(), StoreError> {
        match self.tree(Table::Meta).get(SCHEMA_KEY)? {
            Some(bytes) => {
                let found: u32 = codec::decode(&bytes).map_err(|source| StoreError::Damaged {
                    table: "meta",
                    key: "schema_version".into(),
                    source,
                })?;
                if found > SCHEMA_VERSION {
                    return Err(StoreError::NewerSchema {
                        dir: self.dir.clone(),
                        found,
                    });
                }
                if found < 2 {
                    self.migrate_to_blocks()?;
                }
                self.drop_unblocked_trees()
            }
            None => {
                let mut batch = Batch::new();
                batch.put(Table::Meta, SCHEMA_KEY, &SCHEMA_VERSION)?;
                self.commit(batch)
            }
        }
    }

    /// Schema 1 → 2: copies the rows of the blocked tables from their schema-1 trees into
    /// blocks and sets the version, in one commit (a kill before it leaves schema 1 intact,
    /// and the next open migrates again); the old trees are dropped afterwards.
    fn migrate_to_blocks(&self) -> Result<(), StoreError> {
        let names = self.db.tree_names();
        let mut batch = Batch::new();
        let mut rows = 0;
        for t in Table::ALL.into_iter().filter(|t| t.blocked()) {
            if !names.iter().any(|n| n.as_ref() == t.name().as_bytes()) {
                continue;
            }
            for item in self.db.open_tree(t.name())?.iter() {
                let (key, value) = item?;
                rows += 1;
                batch.ops.push(Op::Put {
                    table: t,
                    key: key.to_vec(),
                    value: value.to_vec(),
                });
            }
        }
        batch.put(Table::Meta, SCHEMA_KEY, &SCHEMA_VERSION)?;
        self.commit(batch)?;
        tracing::info!(
            rows,
            "database layout migrated to schema {SCHEMA_VERSION} (requests and history in blocks)"
        );
        Ok(())
    }

    /// Drops the schema-1 trees of the blocked tables once their rows live in blocks (left
    /// behind when a kill came between the migration's commit and the drop).
    fn drop_unblocked_trees(&self) -> Result<(), StoreError> {
        let names = self.db.tree_names();
        let mut dropped = false;
        for t in Table::ALL.into_iter().filter(|t| t.blocked()) {
            if names.iter().any(|n| n.as_ref() == t.name().as_bytes()) {
                self.db.drop_tree(t.name())?;
                dropped = true;
            }
        }
        if dropped {
            self.sync()?;
        }
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where published feed snapshots live.
    pub fn feeds_dir(&self) -> PathBuf {
        self.dir.join("feeds")
    }

    fn tree(&self, table: Table) -> &sled::Tree {
        &self.trees[table.index()]
    }

    /// Applies `batch` in one transaction, then makes it durable before returning.
    pub fn commit(&self, mut batch: Batch) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        if !batch.events.is_empty() {
            let mut seq = self.counter(Counter::Log)?;
            for event in std::mem::take(&mut batch.events) {
                seq += 1;
                batch.put(Table::Log, log_key(&event.request, seq), &event)?;
            }
            batch.put_counter(Counter::Log, seq)?;
        }
        // Rows of blocked tables become block writes first (reading the blocks they touch);
        // the values move, so a big import holds its records once, not twice.
        let mut changes: Vec<blocks::Changes> =
            Table::ALL.iter().map(|_| Default::default()).collect();
        let mut ops = Vec::with_capacity(batch.ops.len());
        for op in batch.ops {
            match op {
                Op::Put { table, key, value } if table.blocked() => {
                    changes[table.index()].insert(key, Some(value));
                }
                Op::Delete { table, key } if table.blocked() => {
                    changes[table.index()].insert(key, None);
                }
                op => ops.push(op),
            }
        }
        for t in Table::ALL.into_iter().filter(|t| t.blocked()) {
            let changes = std::mem::take(&mut changes[t.index()]);
            if changes.is_empty() {
                continue;
            }
            for (key, value) in blocks::plan(t.name(), self.tree(t), changes)? {
                ops.push(match value {
                    Some(value) => Op::Put {
                        table: t,
                        key,
                        value,
                    },
                    None => Op::Delete { table: t, key },
                });
            }
        }
        self.apply(&ops)?;
        self.sync()
    }

    /// Writes `ops` to the trees as they are (block writes included) in one transaction.
    fn apply(&self, ops: &[Op]) -> Result<(), StoreError> {
        let result: Result<(), TransactionError<Infallible>> =
            self.trees.as_slice().transaction(|views| {
                for op in ops {
                    match op {
                        Op::Put { table, key, value } => {
                            views[table.index()].insert(key.as_slice(), value.as_slice())?;
                        }
                        Op::Delete { table, key } => {
                            views[table.index()].remove(key.as_slice())?;
                        }
                    }
                }
                Ok::<(), ConflictableTransactionError<Infallible>>(())
            });
        match result {
            Ok(()) => {}
            Err(TransactionError::Storage(e)) => return Err(StoreError::Sled(e)),
            Err(TransactionError::Abort(never)) => match never {},
        }
        Ok(())
    }

    /// Flushes sled's buffers, then fsyncs its log file: `flush` alone survives a killed
    /// process but not a power loss (sled syncs the file only every 500 ms by itself).
    fn sync(&self) -> Result<(), StoreError> {
        let dir = if self.lock.is_some() {
            recover::SLED_DIR
        } else {
            recover::STAGING_DIR
        };
        self_sync(&self.dir.join(dir), &self.db)
    }

    /// The encoded record under `key`, wherever the layout keeps it.
    fn get_raw(&self, table: Table, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if table.blocked() {
            blocks::get(table.name(), self.tree(table), key)
        } else {
            Ok(self.tree(table).get(key)?.map(|v| v.to_vec()))
        }
    }

    /// Calls `f` with each encoded record whose key starts with `prefix`, in key order.
    fn scan_raw(
        &self,
        table: Table,
        prefix: &[u8],
        mut f: impl FnMut(&[u8], &[u8]) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        if table.blocked() {
            return blocks::scan_prefix(table.name(), self.tree(table), prefix, f);
        }
        for item in self.tree(table).scan_prefix(prefix) {
            let (key, value) = item?;
            f(&key, &value)?;
        }
        Ok(())
    }

    fn get<T: DeserializeOwned>(&self, table: Table, key: &[u8]) -> Result<Option<T>, StoreError> {
        match self.get_raw(table, key)? {
            None => Ok(None),
            Some(bytes) => codec::decode(&bytes)
                .map(Some)
                .map_err(|source| StoreError::Damaged {
                    table: table.name(),
                    key: String::from_utf8_lossy(key).into_owned(),
                    source,
                }),
        }
    }

    fn scan<T: DeserializeOwned>(
        &self,
        table: Table,
        prefix: &[u8],
    ) -> Result<Vec<(Vec<u8>, T)>, StoreError> {
        let mut out = Vec::new();
        self.scan_raw(table, prefix, |key, bytes| {
            let value = codec::decode(bytes).map_err(|source| StoreError::Damaged {
                table: table.name(),
                key: String::from_utf8_lossy(key).into_owned(),
                source,
            })?;
            out.push((key.to_vec(), value));
            Ok(())
        })?;
        Ok(out)
    }

    fn all<T: DeserializeOwned>(&self, table: Table) -> Result<Vec<T>, StoreError> {
        Ok(self.scan(table, b"")?.into_iter().map(|(_, v)| v).collect())
    }

    /// True when nothing has been imported yet.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.tree(Table::Meta).get(CENTER_KEY)?.is_none())
    }

    pub fn center(&self) -> Result<Option<Center>, StoreError> {
        let Some(mut center) = self.get::<Center>(Table::Meta, CENTER_KEY)? else {
            return Ok(None);
        };
        center.closed = self.closed_days()?;
        Ok(Some(center))
    }

    /// The center's closed days (the defaults for a database written before they existed).
    pub fn closed_days(&self) -> Result<ClosedDays, StoreError> {
        Ok(match self.get(Table::Meta, CLOSED_DAYS_KEY)? {
            Some(StoredClosedDays::V1(c)) => c,
            // Written before closed days existed: nothing was closed then (ClosedDays::none
            // says why that, not today's default, is the upgrade).
            None | Some(StoredClosedDays::V0) => ClosedDays::none(),
        })
    }

    /// Fills in the patterns' `on_closed` kept beside the agency record.
    fn with_on_closed(&self, mut a: Agency) -> Result<Agency, StoreError> {
        let key = format!("on_closed/{}", a.id);
        if let Some(StoredOnClosed::V1(list)) = self.get(Table::Meta, key.as_bytes())? {
            for (p, o) in a.patterns.iter_mut().zip(list) {
                p.on_closed = o;
            }
        }
        Ok(a)
    }

    /// The allocation weight policy (the default until a folder sets one).
    pub fn weights(&self) -> Result<WeightPolicy, StoreError> {
        Ok(self.get(Table::Meta, WEIGHTS_KEY)?.unwrap_or_default())
    }

    /// center.toml's `lead_days`, or the default for a database imported before it existed.
    pub fn lead_days(&self) -> Result<u32, StoreError> {
        Ok(self
            .get(Table::Meta, LEAD_DAYS_KEY)?
            .unwrap_or(crate::model::DEFAULT_LEAD_DAYS))
    }

    /// The feed settings, or the defaults for a center that never set them.
    pub fn feed_options(&self) -> Result<crate::feeds::FeedOptions, StoreError> {
        Ok(self
            .get(Table::Meta, FEED_OPTIONS_KEY.as_bytes())?
            .unwrap_or_default())
    }

    /// The center's phone, access and hours (empty for a database imported before them).
    pub fn center_info(&self) -> Result<crate::model::CenterInfo, StoreError> {
        Ok(self.get(Table::Meta, CENTER_INFO_KEY)?.unwrap_or_default())
    }

    /// The last slip given for booking `number`, if any was.
    pub fn issued_slip(
        &self,
        number: &str,
    ) -> Result<Option<crate::model::IssuedSlip>, StoreError> {
        self.get(Table::Meta, format!("slip/{number}").as_bytes())
    }

    /// center.toml's `language` code, or `None` for a database imported before it existed
    /// (the caller's default, Japanese, applies).
    pub fn language(&self) -> Result<Option<String>, StoreError> {
        self.get(Table::Meta, LANGUAGE_KEY)
    }

    /// The call list, open and done, by id (items stored before changes were typed read
    /// with their sentences as [`crate::model::ContactChange::Text`]).
    pub fn contacts(&self) -> Result<Vec<ContactItem>, StoreError> {
        let mut items: Vec<ContactItem> = self
            .scan::<crate::model::ContactItemV1>(Table::Meta, b"contact/")?
            .into_iter()
            .map(|(_, v)| v.into())
            .collect();
        items.extend(
            self.scan::<ContactItem>(Table::Meta, b"contact2/")?
                .into_iter()
                .map(|(_, v)| v),
        );
        items.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(items)
    }

    /// The console's staff accounts, by name.
    pub fn staff_accounts(&self) -> Result<Vec<crate::model::StaffAccount>, StoreError> {
        Ok(self
            .scan::<StoredStaff>(Table::Meta, STAFF_PREFIX.as_bytes())?
            .into_iter()
            .filter_map(|(_, s)| match s {
                StoredStaff::V1(a) => Some(a),
                StoredStaff::V0 => None,
            })
            .collect())
    }

    pub fn staff_account(
        &self,
        name: &str,
    ) -> Result<Option<crate::model::StaffAccount>, StoreError> {
        Ok(
            match self
                .get::<StoredStaff>(Table::Meta, format!("{STAFF_PREFIX}{name}").as_bytes())?
            {
                Some(StoredStaff::V1(a)) => Some(a),
                _ => None,
            },
        )
    }

    /// Booking numbers pinned by a coordinator (empty if none ever were).
    pub fn pins(&self) -> Result<BTreeSet<String>, StoreError> {
        Ok(self.get(Table::Meta, PINS_KEY)?.unwrap_or_default())
    }

    /// The folder of the last import, if any (databases imported before it was kept have none).
    pub fn import_base<T: DeserializeOwned>(&self) -> Result<Option<T>, StoreError> {
        self.get(Table::Meta, IMPORT_BASE_KEY)
    }

    /// The shared interpreter pool's settings (`soudan pool join`), if any.
    pub fn pool_settings<T: DeserializeOwned>(&self) -> Result<Option<T>, StoreError> {
        self.get(Table::Meta, POOL_KEY)
    }

    /// What the last sync with the pool saw (`ops::pool`), if any.
    pub fn pool_cache<T: DeserializeOwned>(&self) -> Result<Option<T>, StoreError> {
        self.get(Table::Meta, POOL_CACHE_KEY)
    }

    /// The public outputs' settings (`soudan public set`), if ever set.
    pub fn public_settings<T: DeserializeOwned>(&self) -> Result<Option<T>, StoreError> {
        self.get(Table::Meta, PUBLIC_SETTINGS_KEY)
    }

    /// The reasons saved by the last allocation of `month` (empty if never allocated).
    pub fn reasons(&self, month: Month) -> Result<BTreeMap<String, String>, StoreError> {
        Ok(self
            .get(Table::Meta, format!("reasons/{month}").as_bytes())?
            .unwrap_or_default())
    }

    pub fn agencies(&self) -> Result<Vec<Agency>, StoreError> {
        self.all(Table::Agencies)?
            .into_iter()
            .map(|a| self.with_on_closed(a))
            .collect()
    }

    pub fn agency(&self, id: &str) -> Result<Option<Agency>, StoreError> {
        self.get(Table::Agencies, id.as_bytes())?
            .map(|a| self.with_on_closed(a))
            .transpose()
    }

    pub fn interpreters(&self) -> Result<Vec<Interpreter>, StoreError> {
        self.all(Table::Interpreters)
    }

    pub fn interpreter(&self, id: &str) -> Result<Option<Interpreter>, StoreError> {
        self.get(Table::Interpreters, id.as_bytes())
    }

    pub fn requests(&self) -> Result<Vec<Request>, StoreError> {
        self.all(Table::Requests)
    }

    pub fn request(&self, id: &str) -> Result<Option<Request>, StoreError> {
        self.get(Table::Requests, id.as_bytes())
    }

    pub fn bookings(&self) -> Result<Vec<Booking>, StoreError> {
        self.all(Table::Bookings)
    }

    pub fn subscriptions(&self) -> Result<Vec<FeedSubscription>, StoreError> {
        self.all(Table::Feeds)
    }

    pub fn subscription(
        &self,
        kind: FeedKind,
        id: &str,
    ) -> Result<Option<FeedSubscription>, StoreError> {
        self.get(Table::Feeds, feed_key(kind, id).as_bytes())
    }

    /// The current value of a counter (0 if never set).
    pub fn counter(&self, counter: Counter) -> Result<u64, StoreError> {
        Ok(self
            .get(Table::Meta, counter_key(counter.name()).as_bytes())?
            .unwrap_or(0))
    }

    /// The history of one request, oldest first.
    pub fn history(&self, request: &str) -> Result<Vec<Event>, StoreError> {
        let mut prefix = request.as_bytes().to_vec();
        prefix.push(0);
        Ok(self
            .scan(Table::Log, &prefix)?
            .into_iter()
            .map(|(_, v)| v)
            .collect())
    }

    /// Every key and raw (encoded) value of every table, read in one consistent pass: the
    /// caller holds the database lock, so nothing changes underneath. For backups.
    pub fn export_raw(&self) -> Result<Vec<(Table, RawRows)>, StoreError> {
        let mut out = Vec::new();
        for t in Table::ALL {
            let mut rows = Vec::new();
            self.scan_raw(t, b"", |k, v| {
                rows.push((k.to_vec(), v.to_vec()));
                Ok(())
            })?;
            out.push((t, rows));
        }
        Ok(out)
    }

    /// Keys whose value does not decode as its table's type, with the error (a damaged block
    /// is one entry, keyed `block <its key>`).
    pub fn damaged_values(&self) -> Result<Vec<(Table, String, String)>, StoreError> {
        let mut out = Vec::new();
        for t in Table::ALL {
            if t.blocked() {
                for item in self.tree(t).iter() {
                    let (block_key, block) = item?;
                    for entry in codec::block_entries(&block) {
                        match entry {
                            Ok((k, v)) => {
                                if let Err(e) = check_value(t, k, v) {
                                    out.push((
                                        t,
                                        String::from_utf8_lossy(k).into_owned(),
                                        e.to_string(),
                                    ));
                                }
                            }
                            Err(e) => out.push((
                                t,
                                format!("block {}", String::from_utf8_lossy(&block_key)),
                                e.to_string(),
                            )),
                        }
                    }
                }
                continue;
            }
            for item in self.tree(t).iter() {
                let (k, v) = item?;
                if let Err(e) = check_value(t, &k, &v) {
                    out.push((t, String::from_utf8_lossy(&k).into_owned(), e.to_string()));
                }
            }
        }
        Ok(out)
    }

    /// Record counts per table, for `soudan check` and tests.
    pub fn table_len(&self, table: Table) -> Result<usize, StoreError> {
        if table.blocked() {
            blocks::len(self.tree(table))
        } else {
            Ok(self.tree(table).len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_is_visible_after_reopen() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("soudan.db");
        {
            let store = Store::open(&dir, "test").unwrap();
            assert!(store.is_empty().unwrap());
            let mut b = Batch::new();
            b.put_counter(Counter::Bookings, 7).unwrap();
            store.commit(b).unwrap();
        }
        let store = Store::open(&dir, "test").unwrap();
        assert_eq!(store.counter(Counter::Bookings).unwrap(), 7);
    }

    #[test]
    fn commit_numbers_history_in_order() {
        use crate::model::EventKind;
        use chrono::Utc;
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("soudan.db"), "test").unwrap();
        let at = Utc::now();
        for round in 0..2 {
            let mut b = Batch::new();
            b.log(Event::new(
                at,
                "R-1",
                EventKind::Received,
                format!("a{round}"),
            ));
            b.log(Event::new(
                at,
                "R-2",
                EventKind::Placed,
                format!("b{round}"),
            ));
            b.log(Event::new(at, "R-1", EventKind::Moved, format!("c{round}")));
            store.commit(b).unwrap();
        }
        assert_eq!(store.counter(Counter::Log).unwrap(), 6);
        let r1: Vec<String> = store
            .history("R-1")
            .unwrap()
            .into_iter()
            .map(|e| e.detail)
            .collect();
        assert_eq!(r1, ["a0", "c0", "a1", "c1"]);
        assert_eq!(store.history("R-2").unwrap().len(), 2);
    }

    /// The closed days and the patterns' `on_closed` live under their own versioned meta
    /// keys: they round-trip, and a database written before them (no key) reads as nothing
    /// closed (as before them), its `center` and agency records unchanged.
    #[test]
    fn closed_days_and_on_closed_round_trip_and_nothing_closed_when_absent() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("soudan.db"), "test").unwrap();
        let mut data = crate::sample::load(Month::new(2027, 1).unwrap()).unwrap();
        // The old layout: the records alone, as an older soudan wrote them.
        let mut b = Batch::new();
        b.put(Table::Meta, CENTER_KEY, &data.center).unwrap();
        b.put(Table::Agencies, &data.agencies[0].id, &data.agencies[0])
            .unwrap();
        store.commit(b).unwrap();
        assert_eq!(store.closed_days().unwrap(), ClosedDays::none());
        assert_eq!(store.center().unwrap().unwrap().closed, ClosedDays::none());
        let a = store.agency(&data.agencies[0].id).unwrap().unwrap();
        assert!(a.patterns.iter().all(|p| p.on_closed == OnClosed::Skip));
        // Written now, read back as written.
        data.center.closed = ClosedDays {
            year_end: Some(((12, 28), (1, 4))),
            national_holidays: true,
            dates: vec![chrono::NaiveDate::from_ymd_opt(2027, 3, 15).unwrap()],
        };
        let mut agency = data.agencies[0].clone();
        agency.patterns[0].on_closed = OnClosed::NextOpen;
        let mut b = Batch::new();
        b.put_center(&data.center).unwrap();
        b.put_agency(&agency).unwrap();
        store.commit(b).unwrap();
        assert_eq!(store.center().unwrap().unwrap(), data.center);
        assert_eq!(store.agency(&agency.id).unwrap().unwrap(), agency);
        assert_eq!(store.agencies().unwrap(), vec![agency.clone()]);
        let raw = store
            .get_raw(Table::Meta, CLOSED_DAYS_KEY)
            .unwrap()
            .unwrap();
        assert_eq!(
            raw[1], 1,
            "version 1 is the first thing after the format byte"
        );
        assert!(check_value(Table::Meta, CLOSED_DAYS_KEY, &raw).is_ok());
        // Back to the default: the agency's key goes away.
        agency.patterns[0].on_closed = OnClosed::Skip;
        let mut b = Batch::new();
        b.put_agency(&agency).unwrap();
        store.commit(b).unwrap();
        let key = format!("on_closed/{}", agency.id);
        assert!(
            store
                .get_raw(Table::Meta, key.as_bytes())
                .unwrap()
                .is_none()
        );
    }

    /// A kill between the migration's commit and the drop of the schema-1 trees leaves
    /// them beside the blocks: the next open drops them and reads the blocks.
    #[test]
    fn leftover_schema_1_trees_are_dropped_at_open() {
        let tmp = tempfile::tempdir().unwrap();
        {
            let store = Store::open(tmp.path(), "test").unwrap();
            let mut batch = Batch::new();
            batch.put(Table::Requests, b"R-1", &1u32).unwrap();
            store.commit(batch).unwrap();
            let old = store.db.open_tree("requests").unwrap();
            old.insert(b"R-9", codec::encode(&2u32).unwrap()).unwrap();
            store.sync().unwrap();
        }
        let store = Store::open(tmp.path(), "test").unwrap();
        assert!(
            !store
                .db
                .tree_names()
                .iter()
                .any(|n| n.as_ref() == b"requests")
        );
        assert_eq!(store.table_len(Table::Requests).unwrap(), 1);
        assert_eq!(store.get::<u32>(Table::Requests, b"R-1").unwrap(), Some(1));
    }

    /// Call-list items stored before changes were typed (`contact/<id>`, sentences) read as
    /// text; writing one moves it to `contact2/<id>`, so it is never listed twice.
    #[test]
    fn an_untyped_contact_item_reads_as_text_and_is_replaced_when_written() {
        use crate::model::{ContactChange, ContactItemV1};
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path(), "test").unwrap();
        let at = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        let old = ContactItemV1 {
            id: "C-00001".into(),
            request: "R-1".into(),
            booking: "B-1".into(),
            what: vec!["B-1: new appointment 2026-12-05 13:00 bar (in_person)".into()],
            by: at.date_naive(),
            created: at,
            done: None,
        };
        let mut batch = Batch::new();
        batch.put(Table::Meta, b"contact/C-00001", &old).unwrap();
        store.commit(batch).unwrap();
        let mut items = store.contacts().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(
            items[0].what,
            vec![ContactChange::Text(old.what[0].clone())]
        );
        assert!(store.damaged_values().unwrap().is_empty());
        items[0].done = Some(at);
        let mut batch = Batch::new();
        batch.put_contact(&items[0]).unwrap();
        store.commit(batch).unwrap();
        assert_eq!(store.contacts().unwrap(), items);
        assert!(store.damaged_values().unwrap().is_empty());
    }

    #[test]
    fn second_open_names_the_holder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("soudan.db");
        let _first = Store::open(&dir, "soudan allocate --month 2026-12").unwrap();
        let err = match Store::open(&dir, "soudan report") {
            Err(e) => e.to_string(),
            Ok(_) => panic!("second open must fail"),
        };
        assert!(err.contains("in use by pid"), "{err}");
        assert!(err.contains("soudan allocate --month 2026-12"), "{err}");
        assert!(err.contains(&std::process::id().to_string()), "{err}");
    }

    #[test]
    fn newer_schema_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("soudan.db");
        {
            let store = Store::open(&dir, "test").unwrap();
            let mut b = Batch::new();
            b.put(Table::Meta, SCHEMA_KEY, &(SCHEMA_VERSION + 1))
                .unwrap();
            store.commit(b).unwrap();
        }
        match Store::open(&dir, "test") {
            Err(StoreError::NewerSchema { found, .. }) => assert_eq!(found, SCHEMA_VERSION + 1),
            Err(e) => panic!("wrong error {e}"),
            Ok(_) => panic!("must refuse"),
        }
    }

    #[test]
    fn damaged_value_is_an_error_not_a_panic() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("soudan.db");
        let store = Store::open(&dir, "test").unwrap();
        store
            .tree(Table::Requests)
            .insert("R-0001", &[1u8, 0xff, 0xff][..])
            .unwrap();
        let err = store.requests().unwrap_err().to_string();
        assert!(err.contains("damaged record in requests"), "{err}");
    }
}

#[cfg(test)]
mod recovery_tests {
    use super::*;

    /// A database with a few records, closed; returns its `export_raw` for comparison.
    fn filled(dir: &Path) -> Vec<(Table, RawRows)> {
        let store = Store::open(dir, "test").unwrap();
        let mut b = Batch::new();
        for i in 0..50 {
            b.put(Table::Meta, format!("test/c{i}"), &i).unwrap();
        }
        store.commit(b).unwrap();
        store.export_raw().unwrap()
    }

    fn snapshots(dir: &Path) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join("sled"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("snap.")
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn empty_generating_snapshot_is_quarantined_and_data_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("soudan.db");
        let before = filled(&dir);
        // What a SIGKILL inside sled's write_snapshot leaves: an empty `.generating` file
        // that sorts after every complete snapshot, so sled would pick it and refuse to open.
        let leftover = dir.join("sled").join("snap.FFFFFFFFFFFFFFF0.generating");
        std::fs::write(&leftover, b"").unwrap();
        let plain = sled::Config::new().path(dir.join("sled")).open();
        assert!(plain.is_err(), "sled itself must fail on the leftover");
        drop(plain);
        let store = Store::open(&dir, "test").unwrap();
        assert_eq!(store.export_raw().unwrap(), before);
        assert_eq!(store.recovery().quarantined.len(), 1);
        assert!(store.recovery().quarantined[0].starts_with(dir.join(QUARANTINE_DIR)));
        assert!(
            store.recovery().quarantined[0].exists(),
            "moved, not deleted"
        );
        assert!(!leftover.exists());
    }

    #[test]
    fn truncated_complete_snapshot_is_quarantined_and_data_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("soudan.db");
        let before = filled(&dir);
        // sled writes a snapshot while opening a database that has a log.
        drop(Store::open(&dir, "test").unwrap());
        let snaps = snapshots(&dir);
        let newest = snaps.last().expect("sled wrote a snapshot").clone();
        let bytes = std::fs::read(&newest).unwrap();
        std::fs::write(&newest, &bytes[..bytes.len() / 2]).unwrap();
        let store = Store::open(&dir, "test").unwrap();
        assert_eq!(store.export_raw().unwrap(), before);
        assert!(
            store
                .recovery()
                .quarantined
                .iter()
                .any(|p| p.file_name() == newest.file_name()),
            "{:?}",
            store.recovery()
        );
    }

    #[test]
    fn torn_conf_is_quarantined_and_data_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("soudan.db");
        let before = filled(&dir);
        let conf = dir.join("sled").join("conf");
        let bytes = std::fs::read(&conf).unwrap();
        std::fs::write(&conf, &bytes[..bytes.len() - 10]).unwrap();
        let store = Store::open(&dir, "test").unwrap();
        assert_eq!(store.export_raw().unwrap(), before);
        assert_eq!(store.recovery().quarantined.len(), 1);
    }

    #[test]
    fn sound_database_needs_no_recovery() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("soudan.db");
        filled(&dir);
        let store = Store::open(&dir, "test").unwrap();
        assert!(store.recovery().is_empty(), "{:?}", store.recovery());
        assert!(!dir.join(QUARANTINE_DIR).exists());
    }

    #[test]
    fn restore_killed_between_renames_rolls_back_to_the_previous_data() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("soudan.db");
        let before = filled(&dir);
        // The state after `sled` -> `sled.previous` and before `sled.staging` -> `sled`.
        std::fs::rename(dir.join("sled"), dir.join(recover::PREVIOUS_DIR)).unwrap();
        std::fs::create_dir(dir.join(recover::STAGING_DIR)).unwrap();
        let store = Store::open(&dir, "test").unwrap();
        assert!(store.recovery().restore_rolled_back);
        assert!(store.recovery().staging_removed);
        assert_eq!(store.export_raw().unwrap(), before);
    }

    #[test]
    fn restore_killed_after_swap_keeps_new_data_and_quarantines_the_old() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("soudan.db");
        let old = tmp.path().join("old.db");
        filled(&old);
        let before = {
            let s = Store::open(&dir, "test").unwrap();
            s.export_raw().unwrap()
        };
        std::fs::rename(old.join("sled"), dir.join(recover::PREVIOUS_DIR)).unwrap();
        let store = Store::open(&dir, "test").unwrap();
        assert_eq!(store.export_raw().unwrap(), before);
        assert_eq!(store.recovery().quarantined.len(), 1);
        assert!(!dir.join(recover::PREVIOUS_DIR).exists());
    }
}
