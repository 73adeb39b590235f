//! `soudan check`, `soudan backup`, `soudan restore`.

use super::data::open;
use super::{EXIT_INTERNAL, Refused};
use crate::backup;
use crate::integrity::{self, Records, Severity};
use crate::store::{Store, Table};
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

/// Writes a backup file ([`crate::backup`] owns the format).
pub fn backup(db: &Path, args: BackupArgs) -> anyhow::Result<()> {
    let store = open(db, "soudan backup")?;
    let (records, bytes) = backup::write_file(&store, &args.file).map_err(refusal)?;
    println!(
        "backed up {records} records ({bytes} bytes) to {}",
        args.file.display()
    );
    Ok(())
}

/// Verifies the whole backup before touching the database, then swaps it in
/// ([`backup::restore`]): a bad backup is refused and the data stays as it was.
pub fn restore(db: &Path, args: RestoreArgs) -> anyhow::Result<()> {
    let verified = backup::read_file(&args.file).map_err(refusal)?;
    let store: Store = open(db, "soudan restore")?;
    let store = backup::restore(store, &verified, args.force).map_err(refusal)?;
    if !store.is_empty()? {
        super::feeds::publish(&store)?;
    }
    println!(
        "restored {} records from {} (written {})",
        verified.records(),
        args.file.display(),
        verified.created
    );
    Ok(())
}

/// Refusals exit 1, everything else 2.
fn refusal(e: backup::BackupError) -> anyhow::Error {
    if e.is_refusal() {
        Refused(e.to_string()).into()
    } else {
        e.into()
    }
}
