//! `soudan check`, `soudan backup`, `soudan restore`.

use super::output::warn_published;
use crate::error::{EXIT_INTERNAL, EXIT_OK, Result};
use crate::integrity::Severity;
use crate::ops::{self, Ctx};
use chrono::{DateTime, Utc};
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
pub fn check(db: &Path) -> Result<i32> {
    let ctx = Ctx::open(db, "soudan check")?;
    let checked = ops::check(&ctx)?;
    for (table, key, e) in &checked.damaged {
        println!("error: {} {key:?}: {e}", table.name());
    }
    if !checked.damaged.is_empty() {
        println!(
            "{} damaged record(s); restore from a backup",
            checked.damaged.len()
        );
        return Ok(EXIT_INTERNAL);
    }
    for f in &checked.findings {
        let tag = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        println!("{tag}: {}", f.message);
    }
    let errors = checked.errors();
    println!(
        "checked {} requests, {} bookings: {errors} error(s), {} warning(s)",
        checked.requests,
        checked.bookings,
        checked.findings.len() - errors
    );
    Ok(if checked.is_sound() {
        EXIT_OK
    } else {
        EXIT_INTERNAL
    })
}

pub fn backup(db: &Path, args: BackupArgs, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan backup")?;
    let done = ops::backup(&ctx, &args.file, now)?;
    println!(
        "backed up {} records ({} bytes) to {}",
        done.records,
        done.bytes,
        args.file.display()
    );
    Ok(())
}

pub fn restore(db: &Path, args: RestoreArgs, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan restore")?;
    let (_ctx, done) = ops::restore(ctx, &args.file, args.force, now)?;
    if let Some(published) = &done.published {
        warn_published(published);
    }
    println!(
        "restored {} records from {} (written {})",
        done.records,
        args.file.display(),
        done.created
    );
    Ok(())
}
