//! `soudan check`, `soudan backup`, `soudan restore`.

use super::data::open;
use super::{EXIT_INTERNAL, Refused};
use crate::integrity::{self, Records, Severity};
use crate::store::{RawRows, Store, Table};
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Backup file to write (replaced atomically if it exists).
    pub file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// Backup file written by `soudan backup`.
    pub file: PathBuf,
    /// Replace a database that already holds data.
    #[arg(long)]
    pub force: bool,
}

/// Runs the integrity check; returns the exit code (0 clean or warnings only, 2 damage).
pub fn check(db: &Path) -> anyhow::Result<i32> {
    let store = open(db, "soudan check")?;
    let damaged = store.damaged_values()?;
    for (table, key, e) in &damaged {
        println!("error: {} {key:?}: {e}", table.name());
    }
    if !damaged.is_empty() {
        println!("{} damaged record(s); restore from a backup", damaged.len());
        return Ok(EXIT_INTERNAL);
    }
    let findings = integrity::check(&Records {
        center: store.center()?.as_ref(),
        agencies: &store.agencies()?,
        interpreters: &store.interpreters()?,
        requests: &store.requests()?,
        bookings: &store.bookings()?,
        subscriptions: &store.subscriptions()?,
        booking_counter: store.counter("bookings")?,
    });
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    for f in &findings {
        let tag = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        println!("{tag}: {}", f.message);
    }
    println!(
        "checked {} requests, {} bookings: {errors} error(s), {} warning(s)",
        store.table_len(Table::Requests),
        store.table_len(Table::Bookings),
        findings.len() - errors
    );
    Ok(if errors == 0 { 0 } else { EXIT_INTERNAL })
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
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

/// Backup file layout: magic line, then the codec-encoded [`Backup`], then its SHA-256, so a
/// truncated or altered file is refused before anything is restored.
pub fn backup(db: &Path, args: BackupArgs) -> anyhow::Result<()> {
    let store = open(db, "soudan backup")?;
    let tables = store
        .export_raw()?
        .into_iter()
        .map(|(t, rows)| (t.name().to_string(), rows))
        .collect::<Vec<_>>();
    let records: usize = tables.iter().map(|(_, r)| r.len()).sum();
    drop(store);
    let body = crate::codec::encode(&Backup {
        schema_version: crate::store::SCHEMA_VERSION,
        created: chrono::Utc::now().to_rfc3339(),
        tables,
    })?;
    let mut bytes = BACKUP_MAGIC.to_vec();
    bytes.extend_from_slice(&body);
    bytes.extend_from_slice(&sha256(&body));
    let tmp = args.file.with_extension("partial");
    {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(&bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, &args.file)
        .with_context(|| format!("cannot write {}", args.file.display()))?;
    println!(
        "backed up {records} records ({} bytes) to {}",
        bytes.len(),
        args.file.display()
    );
    Ok(())
}

fn read_backup(path: &Path) -> anyhow::Result<Backup> {
    let bytes =
        std::fs::read(path).map_err(|e| Refused(format!("cannot read {}: {e}", path.display())))?;
    let bad = |why: &str| {
        Refused(format!(
            "{} is not a usable soudan backup: {why}",
            path.display()
        ))
    };
    let rest = bytes
        .strip_prefix(BACKUP_MAGIC)
        .ok_or_else(|| bad("it does not start with the soudan-backup/1 header"))?;
    if rest.len() < 32 {
        return Err(bad("it is truncated").into());
    }
    let (body, sum) = rest.split_at(rest.len() - 32);
    if sha256(body) != sum {
        return Err(bad("its checksum does not match (truncated or altered)").into());
    }
    let backup: Backup = crate::codec::decode(body).map_err(|e| bad(&e.to_string()))?;
    if backup.schema_version > crate::store::SCHEMA_VERSION {
        return Err(bad(&format!(
            "it was written by a newer soudan (schema {})",
            backup.schema_version
        ))
        .into());
    }
    Ok(backup)
}

pub fn restore(db: &Path, args: RestoreArgs) -> anyhow::Result<()> {
    let backup = read_backup(&args.file)?;
    let mut tables = Vec::new();
    for (name, rows) in backup.tables {
        let t = Table::from_name(&name)
            .ok_or_else(|| Refused(format!("{}: unknown table {name}", args.file.display())))?;
        tables.push((t, rows));
    }
    let store: Store = open(db, "soudan restore")?;
    if !store.is_empty()? && !args.force {
        return Err(Refused(format!(
            "{} already holds data; give --force to replace it with the backup",
            db.display()
        ))
        .into());
    }
    store.replace_raw(&tables)?;
    let damaged = store.damaged_values()?;
    if !damaged.is_empty() {
        return Err(anyhow::anyhow!(
            "the restored data has {} damaged record(s); run `soudan check`",
            damaged.len()
        ));
    }
    if !store.is_empty()? {
        super::feeds::publish(&store)?;
    }
    let records: usize = tables.iter().map(|(_, r)| r.len()).sum();
    println!(
        "restored {records} records from {} (written {})",
        args.file.display(),
        backup.created
    );
    Ok(())
}
