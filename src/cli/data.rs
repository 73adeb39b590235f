//! `soudan import`, `soudan status`, `soudan languages`.

use super::output::warn_published;
use crate::error::Result;
use crate::i18n::Lang;
use crate::import;
use crate::model::{LANGUAGES, Month, RequestStatus, language};
use crate::ops::{self, Ctx};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Folder with center.toml, agencies.toml, interpreters.csv and requests.csv.
    pub dir: PathBuf,
    /// For sample folders (center.toml has `reference_month`): the month to move the sample's
    /// dates to. Default: next month.
    #[arg(long)]
    pub month: Option<Month>,
    /// Show what the import would change (and which command-line changes it keeps), write
    /// nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import even if confirmed bookings lose their session or interpreter; they are listed
    /// and re-placed by the next `soudan allocate`.
    #[arg(long)]
    pub force: bool,
}

pub fn import(db: &Path, args: ImportArgs, now: DateTime<Utc>) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let data = import::load_dir(&args.dir, Some(month))?;
    let ctx = Ctx::open(db, &format!("soudan import {}", args.dir.display()))?;
    let prefix = format!("{}/", args.dir.display());
    let options = ops::ImportOptions {
        dry_run: args.dry_run,
        force: args.force,
    };
    let done = ops::import(&ctx, &data, &prefix, options, now)?;
    if let Some(published) = &done.published {
        warn_published(published);
    }
    if args.dry_run {
        if done.diff.is_empty() && done.stranded.is_empty() {
            println!(
                "dry run: nothing was written. The folder matches the database: nothing to change."
            );
        } else {
            println!("dry run: nothing was written. The import would:");
        }
    }
    for line in &done.diff {
        println!("  {line}");
    }
    for b in &done.stranded {
        println!(
            "{}: {} ({}) {} {} loses its session or interpreter; `soudan allocate` re-places it",
            if args.dry_run {
                "would strand"
            } else {
                "stranded"
            },
            b.number,
            b.request,
            b.session,
            b.start.format("%H:%M")
        );
    }
    let summary = done.summary;
    for f in &data.shift_jis_files {
        println!("note: {f} was read as Shift_JIS (CP932)");
    }
    // Readings worth confirming (era dates, two-digit years): `file:line: field: 令和8年… → 2026-…`.
    for n in &summary.notes {
        println!("note: {n}");
    }
    if data.shifted_days != 0 {
        println!(
            "note: sample dates moved by {} days to fit {month}",
            data.shifted_days
        );
    }
    if args.dry_run {
        return Ok(());
    }
    println!(
        "imported {} agencies, {} interpreters, {} new requests ({} already present), {} new feeds into {}",
        summary.agencies,
        summary.interpreters,
        summary.requests_new,
        summary.requests_unchanged,
        summary.feeds_created,
        db.display()
    );
    Ok(())
}

/// A short description of what the database holds.
pub fn describe(ctx: &Ctx) -> Result<String> {
    use std::fmt::Write;
    let store = ctx.store();
    let mut out = String::new();
    let Some(center) = store.center()? else {
        return Ok("the database is empty: run `soudan demo` or `soudan import DIR`".into());
    };
    let agencies = store.agencies()?;
    let interpreters = store.interpreters()?;
    let requests = store.requests()?;
    let bookings = store.bookings()?;
    writeln!(
        out,
        "{} ({}), {}",
        center.name_ja, center.name_en, center.timezone
    )?;
    writeln!(out, "agencies: {}", agencies.len())?;
    for a in &agencies {
        writeln!(
            out,
            "  {:<12} {} — topics: {}",
            a.id,
            a.name_ja,
            a.topics.join(", ")
        )?;
    }
    let mut langs: Vec<&str> = interpreters
        .iter()
        .flat_map(|i| i.languages.iter().map(String::as_str))
        .filter(|l| !center.languages.iter().any(|c| c == l))
        .collect();
    langs.sort_unstable();
    langs.dedup();
    let abroad = interpreters
        .iter()
        .filter(|i| i.timezone != center.timezone)
        .count();
    writeln!(
        out,
        "interpreters: {} ({} in other time zones), covering {} languages",
        interpreters.len(),
        abroad,
        langs.len()
    )?;
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_lang: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &requests {
        *by_status.entry(r.status.code()).or_default() += 1;
        if r.status != RequestStatus::Cancelled {
            *by_lang.entry(r.language.as_str()).or_default() += 1;
        }
    }
    let status: Vec<String> = by_status.iter().map(|(k, v)| format!("{v} {k}")).collect();
    writeln!(out, "requests: {} ({})", requests.len(), status.join(", "))?;
    let mut top: Vec<(&str, usize)> = by_lang.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = top
        .iter()
        .take(8)
        .map(|(l, n)| format!("{} {n}", language(l).map_or(*l, |x| x.name_en)))
        .collect();
    writeln!(out, "  by language: {}", top.join(", "))?;
    let confirmed = bookings
        .iter()
        .filter(|b| b.status == crate::model::BookingStatus::Confirmed)
        .count();
    write!(out, "bookings: {confirmed} confirmed")?;
    Ok(out)
}

pub fn status(db: &Path) -> Result<()> {
    let ctx = Ctx::open(db, "soudan status")?;
    println!("{}", describe(&ctx)?);
    Ok(())
}

/// The language table, names in the reader's language first. Languages that also have
/// resident texts (slips, public pages) are marked with their catalogue tag.
pub fn languages(lang: Lang) {
    for l in LANGUAGES {
        let (first, second) = match lang {
            Lang::En => (l.name_en, l.name_ja),
            _ => (l.name_ja, l.name_en),
        };
        let catalogue = Lang::ALL
            .iter()
            .find(|c| c.code() == l.code)
            .map(|c| format!("  [{}]", c.native_name()))
            .unwrap_or_default();
        println!("{:<3} {first}  {second}{catalogue}", l.code);
    }
}
