//! Import a coordinator folder (or the built-in sample): a reconciliation with what the
//! command line changed since (see [`super::reconcile`]).

use super::Ctx;
use super::change::Change;
use super::reconcile::{ImportBase, keep_cp932_losses, reconcile};
use crate::error::{Error, Result};
use crate::import::{self, ApplyError, Dataset, Summary};
use crate::model::{Booking, Event, Month, Place, Release, What};
use crate::publish::PublishReport;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Compute and return the diff without writing anything.
    pub dry_run: bool,
    /// Import even if confirmed bookings lose their session or interpreter (they are listed,
    /// and re-placed by the next `soudan allocate`).
    pub force: bool,
}

/// What an import did (or would do, for a dry run).
#[derive(Debug)]
pub struct Imported {
    pub summary: Summary,
    /// What changed in the database, and which command-line changes were kept (typed: the
    /// CLI words them in the reader's language).
    pub diff: Vec<Change>,
    /// Confirmed bookings the import left without their session or interpreter (`--force`).
    pub stranded: Vec<crate::error::Strand>,
    /// `None` for a dry run.
    pub published: Option<PublishReport>,
}

/// Merges a validated folder into the database in one commit, then publishes. A request that
/// is already stored with other details refuses the whole import (nothing is written), and so
/// does a change that strands confirmed bookings unless `options.force`. `file_prefix` names
/// the folder in messages. Takes the folder by value: it is merged in place and dropped
/// before the commit, so a city-scale import never holds it beside the encoded batch.
pub fn import(
    ctx: &Ctx,
    mut data: Dataset,
    file_prefix: &str,
    options: ImportOptions,
    now: DateTime<Utc>,
) -> Result<Imported> {
    let clock = match ctx.store().center()? {
        Some(_) => Some(ctx.clock(now)?),
        None => None,
    };
    // Texts Excel's CP932 save turned `?` are the stored ones (a warning each), also in the
    // base, so the next re-import of the same file warns again.
    let lost = match &clock {
        Some(_) => keep_cp932_losses(ctx.store(), &mut data)?,
        None => Vec::new(),
    };
    // The next re-import's common ancestor: the folder as read, before any merge.
    let base = ImportBase::of(&data)?;
    let (merged, diff, stranded_sessions, stranded_interpreters) = match &clock {
        Some(clock) => {
            let r = reconcile(ctx.store(), data, clock)?;
            let mut diff = lost;
            diff.extend(r.diff);
            super::change::sort(&mut diff);
            (r.data, diff, r.stranded_sessions, r.stranded_interpreters)
        }
        // An empty database: nothing to reconcile with.
        None => {
            let diff = vec![Change::NewDatabase {
                agencies: data.agencies.len(),
                interpreters: data.interpreters.len(),
                requests: data.requests.len(),
            }];
            (data, diff, Vec::new(), Vec::new())
        }
    };
    let stranded = {
        let agencies = ctx.store().agencies()?;
        let interpreters = ctx.store().interpreters()?;
        let strand = |b: &Booking, session_gone: bool| {
            let agency = agencies.iter().find(|a| a.id == b.agency);
            crate::error::Strand {
                agency_ja: agency.map_or_else(|| b.agency.clone(), |a| a.name_ja.clone()),
                agency_en: agency.map_or_else(|| b.agency.clone(), |a| a.name_en.clone()),
                interpreter: b
                    .interpreter
                    .as_deref()
                    .map(|i| crate::words::interpreter(&interpreters, i)),
                session_gone,
                booking: b.clone(),
            }
        };
        let mut all: Vec<_> = stranded_sessions.iter().map(|b| strand(b, true)).collect();
        all.extend(stranded_interpreters.iter().map(|b| strand(b, false)));
        all.sort_by(|a, b| {
            (a.booking.start, &a.booking.number).cmp(&(b.booking.start, &b.booking.number))
        });
        all
    };
    if !stranded.is_empty() && !options.force && !options.dry_run {
        return Err(crate::error::Refusal::ImportStrands { bookings: stranded }.into());
    }
    let (mut batch, summary) = match import::plan(ctx.store(), &merged, file_prefix, now) {
        Ok(planned) => planned,
        Err(ApplyError::Conflicts(errors)) => return Err(errors.into()),
        Err(ApplyError::Store(e)) => return Err(e.into()),
        Err(ApplyError::Random(why)) => {
            return Err(Error::internal(
                "cannot create feed secrets",
                std::io::Error::other(why),
            ));
        }
    };
    if options.dry_run {
        return Ok(Imported {
            summary,
            diff,
            stranded,
            published: None,
        });
    }
    drop(merged);
    base.put(&mut batch)?;
    for b in &stranded_sessions {
        batch.log(Event::typed(
            now,
            &b.request,
            What::Released {
                booking: b.number.clone(),
                at: Place::of(b),
                why: Release::SessionRemovedByImport,
            },
        ));
    }
    for b in &stranded_interpreters {
        // As `interpreter unavailable` does: the slot stays, the interpreter goes.
        let mut b = b.clone();
        super::people::lose_interpreter(
            &mut batch,
            &mut b,
            |interpreter| Release::InterpreterDayOffInImport { interpreter },
            now,
        )?;
    }
    let published = ctx.commit(batch, now)?;
    Ok(Imported {
        summary,
        diff,
        stranded,
        published: Some(published),
    })
}

/// Loads the built-in Sendai sample for `month` into an empty database; `None` when the
/// database already holds data (the sample never mixes into real data).
pub fn load_sample(ctx: &Ctx, month: Month, now: DateTime<Utc>) -> Result<Option<Imported>> {
    if !ctx.store().is_empty()? {
        return Ok(None);
    }
    // Received no later than the clock, however far ahead the month is.
    let data = crate::sample::load_at(month, now)?;
    import(ctx, data, "sample/", ImportOptions::default(), now).map(Some)
}

/// What [`init_folder`] wrote.
#[derive(Debug)]
pub struct Initialised {
    pub month: Month,
    /// The files written, in the order of [`import::FILES`].
    pub files: Vec<PathBuf>,
}

/// `soudan init`: writes a coordinator folder for `month` into `dir` to start from, the
/// built-in sample's files with their dates already in that month and no `reference_month`
/// ([`crate::sample::folder`]), so it is read as written. `header` is the comment put at
/// the top of each file. Refused when `dir` is a file or already holds anything (nothing is
/// overwritten; each file is created new, so a file appearing meanwhile is not either).
pub fn init_folder(
    dir: &Path,
    month: Month,
    header: &str,
    now: DateTime<Utc>,
) -> Result<Initialised> {
    use crate::error::Refusal;
    let path = || dir.display().to_string();
    let cannot = |e: std::io::Error| {
        Error::from(Refusal::CannotWrite {
            path: path(),
            reason: e.to_string(),
        })
    };
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => return Err(Refusal::InitNotAFolder { path: path() }.into()),
        Ok(_) => {
            if std::fs::read_dir(dir).map_err(cannot)?.next().is_some() {
                return Err(Refusal::InitNotEmpty { path: path() }.into());
            }
        }
        Err(_) => std::fs::create_dir_all(dir).map_err(cannot)?,
    }
    let files = crate::sample::folder(month, header, now)
        .map_err(|e| Error::internal("cannot write the built-in sample", e))?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        use std::io::Write;
        let file = dir.join(name);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file)
            .and_then(|mut f| f.write_all(&bytes).and_then(|()| f.sync_all()))
            .map_err(|e| {
                Error::from(Refusal::CannotWrite {
                    path: file.display().to_string(),
                    reason: e.to_string(),
                })
            })?;
        written.push(file);
    }
    Ok(Initialised {
        month,
        files: written,
    })
}
