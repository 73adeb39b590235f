//! Integrity check, backup and restore.
//!
//! The backup format lives here until it moves to a library module of its own (`backup`);
//! the use cases keep their signatures when it does.

use super::Ctx;
use crate::error::{Error, Result};
use crate::integrity::{self, Finding, Records, Severity};
use crate::publish::PublishReport;
use crate::store::{Counter, RawRows, Table};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// What [`check`] found.
#[derive(Debug)]
pub struct Checked {
    /// Records that do not decode: (table, key, error).
    pub damaged: Vec<(Table, String, String)>,
    pub findings: Vec<Finding>,
    pub requests: usize,
    pub bookings: usize,
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

/// Checks every record decodes, then the cross-record rules of [`integrity::check`] (run only
/// on a database whose records all decode).
pub fn check(ctx: &Ctx) -> Result<Checked> {
    let store = ctx.store();
    let damaged = store.damaged_values()?;
    let findings = if damaged.is_empty() {
        integrity::check(&Records {
            agencies: &store.agencies()?,
            interpreters: &store.interpreters()?,
            requests: &store.requests()?,
            bookings: &store.bookings()?,
            subscriptions: &store.subscriptions()?,
            booking_counter: store.counter(Counter::Bookings)?,
        })
    } else {
        Vec::new()
    };
    Ok(Checked {
        damaged,
        findings,
        requests: store.table_len(Table::Requests),
        bookings: store.table_len(Table::Bookings),
    })
}

const BACKUP_MAGIC: &[u8] = b"soudan-backup/1\n";

/// The body of a backup file: every table's raw records, as stored.
#[derive(Serialize, Deserialize)]
struct Backup {
    schema_version: u32,
    created: String,
    tables: Vec<(String, RawRows)>,
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    crate::secret::sha256(bytes)
}

/// What [`backup`] wrote.
#[derive(Debug)]
pub struct BackedUp {
    pub records: usize,
    pub bytes: usize,
}

/// Writes a backup of the whole database to `file` (atomically replaced).
///
/// Layout: magic line, then the codec-encoded body, then its SHA-256, so a truncated or
/// altered file is refused before anything is restored.
pub fn backup(ctx: &Ctx, file: &Path, now: DateTime<Utc>) -> Result<BackedUp> {
    let tables = ctx
        .store()
        .export_raw()?
        .into_iter()
        .map(|(t, rows)| (t.name().to_string(), rows))
        .collect::<Vec<_>>();
    let records: usize = tables.iter().map(|(_, r)| r.len()).sum();
    let body = crate::codec::encode(&Backup {
        schema_version: crate::store::SCHEMA_VERSION,
        created: now.to_rfc3339(),
        tables,
    })
    .map_err(|e| Error::internal("cannot encode the backup", e))?;
    let mut bytes = BACKUP_MAGIC.to_vec();
    bytes.extend_from_slice(&body);
    bytes.extend_from_slice(&sha256(&body));
    let tmp = file.with_extension("partial");
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, file)
    };
    write().map_err(|e| Error::internal(format!("cannot write {}", file.display()), e))?;
    Ok(BackedUp {
        records,
        bytes: bytes.len(),
    })
}

fn read_backup(path: &Path) -> Result<Backup> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::refused(format!("cannot read {}: {e}", path.display())))?;
    let bad = |why: &str| {
        Error::refused(format!(
            "{} is not a usable soudan backup: {why}",
            path.display()
        ))
    };
    let rest = bytes
        .strip_prefix(BACKUP_MAGIC)
        .ok_or_else(|| bad("it does not start with the soudan-backup/1 header"))?;
    if rest.len() < 32 {
        return Err(bad("it is truncated"));
    }
    let (body, sum) = rest.split_at(rest.len() - 32);
    if sha256(body) != sum {
        return Err(bad("its checksum does not match (truncated or altered)"));
    }
    let backup: Backup = crate::codec::decode(body).map_err(|e| bad(&e.to_string()))?;
    if backup.schema_version > crate::store::SCHEMA_VERSION {
        return Err(bad(&format!(
            "it was written by a newer soudan (schema {})",
            backup.schema_version
        )));
    }
    Ok(backup)
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

/// Restores `file` into the database: refused when it already holds data unless `force`.
/// The backup is read and verified before the database is touched.
pub fn restore(ctx: &Ctx, file: &Path, force: bool, now: DateTime<Utc>) -> Result<Restored> {
    let backup = read_backup(file)?;
    let mut tables = Vec::new();
    for (name, rows) in backup.tables {
        let t = Table::from_name(&name)
            .ok_or_else(|| Error::refused(format!("{}: unknown table {name}", file.display())))?;
        tables.push((t, rows));
    }
    let store = ctx.store();
    if !store.is_empty()? && !force {
        return Err(Error::refused(format!(
            "{} already holds data; give --force to replace it with the backup",
            ctx.dir().display()
        )));
    }
    store.replace_raw(&tables)?;
    let damaged = store.damaged_values()?;
    if !damaged.is_empty() {
        return Err(Error::Damaged(format!(
            "the restored data has {} damaged record(s); run `soudan check`",
            damaged.len()
        )));
    }
    let published = if store.is_empty()? {
        None
    } else {
        Some(ctx.publish(now)?)
    };
    Ok(Restored {
        records: tables.iter().map(|(_, r)| r.len()).sum(),
        created: backup.created,
        published,
    })
}
