//! `soudan check`, `soudan backup`, `soudan restore`.

use super::output::{ui_lang, warn_published_in};
use crate::error::{EXIT_INTERNAL, EXIT_OK, Result};
use crate::i18n::Lang;
use crate::integrity::{Check, Severity};
use crate::ops::{self, Ctx};
use crate::tr;
use crate::words;
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
pub fn check(db: &Path, flag: Option<Lang>, now: DateTime<Utc>) -> Result<i32> {
    let ctx = Ctx::open(db, "soudan check")?;
    // A damaged database may not say its language: then `--lang`/SOUDAN_LANG or Japanese.
    let ui = ui_lang(flag, Some(&ctx));
    let checked = ops::check(&ctx, now)?;
    for (table, key, e) in &checked.damaged {
        println!(
            "{}",
            tr!(
                ui,
                "cli-check-damaged-record",
                table = table.name(),
                key = format!("{key:?}"),
                error = e.to_string()
            )
        );
    }
    if !checked.damaged.is_empty() {
        println!(
            "{}",
            tr!(ui, "cli-check-damaged", count = checked.damaged.len())
        );
        return Ok(EXIT_INTERNAL);
    }
    let (agencies, interpreters) = (
        ctx.store().agencies().unwrap_or_default(),
        ctx.store().interpreters().unwrap_or_default(),
    );
    let names = words::Names {
        center: None,
        agencies: &agencies,
        interpreters: &interpreters,
    };
    for f in &checked.findings {
        let message = finding(ui, &names, &f.what);
        let line = match f.severity {
            Severity::Error => tr!(ui, "cli-check-error", message = message),
            Severity::Warning => tr!(ui, "cli-check-warning", message = message),
        };
        println!("{line}");
    }
    let interpreters = if checked.troubles.is_empty() {
        Vec::new()
    } else {
        ctx.store().interpreters()?
    };
    for (number, request, start, trouble) in &checked.troubles {
        let message = tr!(
            ui,
            "cli-check-trouble",
            number = number.as_str(),
            request = request.as_str(),
            when = crate::words::date_time(ui, *start),
            why = crate::words::trouble(ui, &interpreters, trouble),
            repair = crate::words::trouble_repair(ui, trouble)
        );
        println!("{}", tr!(ui, "cli-check-warning", message = message));
    }
    for (request, deadline) in &checked.overdue {
        let message = tr!(
            ui,
            "cli-check-overdue",
            request = request.as_str(),
            deadline = crate::words::date(ui, *deadline)
        );
        println!("{}", tr!(ui, "cli-check-warning", message = message));
    }
    if !checked.on_closed_days.is_empty() {
        let agencies = ctx.store().agencies()?;
        for c in &checked.on_closed_days {
            let message = tr!(
                ui,
                "cli-check-closed-day",
                session = c.session.as_str(),
                agency = crate::words::agency_name(ui, &agencies, &c.agency),
                date = crate::words::date(ui, c.date),
                reason = crate::words::closed_reason(ui, &c.reason),
                id = c.agency.as_str(),
                day = c.date.to_string()
            );
            println!("{}", tr!(ui, "cli-check-warning", message = message));
        }
    }
    let errors = checked.errors();
    println!(
        "{}",
        tr!(
            ui,
            "cli-check-summary",
            requests = checked.requests,
            bookings = checked.bookings,
            errors = errors,
            warnings = checked.findings.len() - errors
                + checked.overdue.len()
                + checked.troubles.len()
                + checked.on_closed_days.len()
        )
    );
    Ok(if checked.is_sound() {
        EXIT_OK
    } else {
        EXIT_INTERNAL
    })
}

pub fn backup(db: &Path, args: BackupArgs, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan backup")?;
    let ui = ui_lang(flag, Some(&ctx));
    let done = ops::backup(&ctx, &args.file, now)?;
    println!(
        "{}",
        tr!(
            ui,
            "cli-backup-done",
            records = done.records,
            bytes = done.bytes,
            file = args.file.display().to_string()
        )
    );
    Ok(())
}

pub fn restore(db: &Path, args: RestoreArgs, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan restore")?;
    let (ctx, done) = ops::restore(ctx, &args.file, args.force, now)?;
    let ui = ui_lang(flag, Some(&ctx));
    if let Some(published) = &done.published {
        warn_published_in(ui, published);
    }
    // When the backup was written, on the center's clock (it is recorded in UTC).
    let created = match (
        chrono::DateTime::parse_from_rfc3339(&done.created),
        ctx.zone(),
    ) {
        (Ok(t), Ok(tz)) => words::date_time(ui, t.with_timezone(&tz).naive_local()),
        _ => done.created.clone(),
    };
    println!(
        "{}",
        tr!(
            ui,
            "cli-restore-done",
            records = done.records,
            file = args.file.display().to_string(),
            created = created
        )
    );
    Ok(())
}

/// One finding of `soudan check` in `ui`: agencies and interpreters by name (the ID beside
/// a name where a command takes it), slots from 1.
fn finding(ui: Lang, names: &words::Names<'_>, c: &Check) -> String {
    let person = |id: &str| {
        let name = names.interpreter(id);
        if name == id {
            id.to_string()
        } else {
            tr!(ui, "cli-with-code", text = name, code = id)
        }
    };
    let agency = |id: &str| words::agency_name(ui, names.agencies, id);
    match c {
        Check::CenterZone { zone } => tr!(ui, "cli-check-center-zone", zone = zone.as_str()),
        Check::MissingRequest { booking, request } => tr!(
            ui,
            "cli-check-missing-request",
            booking = booking.as_str(),
            request = request.as_str()
        ),
        Check::AboveCounter { booking, counter } => tr!(
            ui,
            "cli-check-above-counter",
            booking = booking.as_str(),
            counter = *counter
        ),
        Check::MissingInterpreter {
            booking,
            interpreter,
        } => tr!(
            ui,
            "cli-check-missing-interpreter",
            booking = booking.as_str(),
            interpreter = interpreter.as_str()
        ),
        Check::MissingAgency { booking, agency } => tr!(
            ui,
            "cli-check-missing-agency",
            booking = booking.as_str(),
            agency = agency.as_str()
        ),
        Check::BoothOutOfRange {
            booking,
            booth,
            booths,
        } => tr!(
            ui,
            "cli-check-booth-out-of-range",
            booking = booking.as_str(),
            booth = *booth,
            booths = *booths
        ),
        Check::SharedBooth { session, slot } => tr!(
            ui,
            "cli-check-shared-booth",
            session = session.as_str(),
            slot = words::slot_number(*slot)
        ),
        Check::DoubleBooked {
            interpreter,
            first,
            second,
        } => tr!(
            ui,
            "cli-check-double-booked",
            interpreter = person(interpreter),
            first = first.as_str(),
            second = second.as_str()
        ),
        Check::StatusDisagrees {
            request,
            status,
            confirmed,
        } => tr!(
            ui,
            "cli-check-status-disagrees",
            request = request.as_str(),
            status = words::code_word(ui, "status", status.code()),
            count = *confirmed
        ),
        Check::AgencyNoFeed { agency: id } => tr!(
            ui,
            "cli-check-agency-no-feed",
            agency = tr!(ui, "cli-with-code", text = agency(id), code = id.as_str())
        ),
        Check::InterpreterNoFeed { interpreter } => tr!(
            ui,
            "cli-check-interpreter-no-feed",
            interpreter = person(interpreter)
        ),
        Check::AfterDeadline {
            booking,
            request,
            deadline,
        } => tr!(
            ui,
            "cli-check-after-deadline",
            booking = booking.as_str(),
            request = request.as_str(),
            deadline = words::date(ui, *deadline)
        ),
        Check::OutsideWindows { booking, request } => tr!(
            ui,
            "cli-check-outside-windows",
            booking = booking.as_str(),
            request = request.as_str()
        ),
    }
}
