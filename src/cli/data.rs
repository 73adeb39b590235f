//! `soudan import`, `soudan status`, `soudan languages`.

use super::output::{ui_lang, warn_published_in};
use crate::error::Result;
use crate::i18n::Lang;
use crate::import;
use crate::model::{LANGUAGES, Month, RequestStatus};
use crate::ops::{self, Ctx};
use crate::tr;
use crate::words;
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

pub fn import(db: &Path, args: ImportArgs, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let mut data = import::load_dir(&args.dir, Some(month))?;
    let ctx = Ctx::open(db, &format!("soudan import {}", args.dir.display()))?;
    let prefix = format!("{}/", args.dir.display());
    let options = ops::ImportOptions {
        dry_run: args.dry_run,
        force: args.force,
    };
    // What the messages below need; the folder itself goes to the import, which drops it
    // before committing.
    let shift_jis_files = std::mem::take(&mut data.shift_jis_files);
    let shifted_days = data.shifted_days;
    let done = ops::import(&ctx, data, &prefix, options, now)?;
    // After the import: the folder's own `language` is the center default from now on.
    let ui = ui_lang(flag, Some(&ctx));
    if let Some(published) = &done.published {
        warn_published_in(ui, published);
    }
    if args.dry_run {
        if done.diff.is_empty() && done.stranded.is_empty() {
            println!("{}", tr!(ui, "cli-import-dry-run-nothing"));
        } else {
            println!("{}", tr!(ui, "cli-import-dry-run-would"));
        }
    }
    for line in &done.diff {
        println!("  {line}");
    }
    for b in &done.stranded {
        let text = tr!(
            ui,
            "cli-import-stranded",
            number = b.number.as_str(),
            request = b.request.as_str(),
            session = b.session.as_str(),
            time = b.start.format("%H:%M").to_string()
        );
        if args.dry_run {
            println!("{}", tr!(ui, "cli-import-would-strand", text = text));
        } else {
            println!("{text}");
        }
    }
    let summary = done.summary;
    for f in &shift_jis_files {
        println!("{}", tr!(ui, "cli-import-shift-jis", file = f.as_str()));
    }
    // Readings worth confirming (era dates, two-digit years): `file:line: field: 令和8年… → 2026-…`.
    for n in &summary.notes {
        println!("note: {n}");
    }
    if shifted_days != 0 {
        println!(
            "{}",
            tr!(
                ui,
                "cli-import-shifted",
                days = shifted_days,
                month = month.to_string()
            )
        );
    }
    if args.dry_run {
        return Ok(());
    }
    println!(
        "{}",
        tr!(
            ui,
            "cli-import-done",
            agencies = summary.agencies,
            interpreters = summary.interpreters,
            new = summary.requests_new,
            unchanged = summary.requests_unchanged,
            feeds = summary.feeds_created,
            db = db.display().to_string()
        )
    );
    Ok(())
}

/// A short description of what the database holds, in `ui`.
pub fn describe(ctx: &Ctx, ui: Lang) -> Result<String> {
    use std::fmt::Write;
    let store = ctx.store();
    let mut out = String::new();
    let Some(center) = store.center()? else {
        return Ok(tr!(ui, "cli-status-empty"));
    };
    let agencies = store.agencies()?;
    let interpreters = store.interpreters()?;
    let requests = store.requests()?;
    let bookings = store.bookings()?;
    let (first, second) = if ui == Lang::En {
        (&center.name_en, &center.name_ja)
    } else {
        (&center.name_ja, &center.name_en)
    };
    writeln!(out, "{first} ({second}), {}", center.timezone)?;
    writeln!(
        out,
        "{}",
        tr!(ui, "cli-status-agencies", count = agencies.len())
    )?;
    for a in &agencies {
        let topics: Vec<String> = a
            .topics
            .iter()
            .map(|t| words::topic_name(ui, Some(&center), t))
            .collect();
        writeln!(
            out,
            "  {} {} — {}",
            words::pad(&a.id, 12),
            words::agency_name(ui, &agencies, &a.id),
            tr!(
                ui,
                "cli-status-topics",
                topics = topics.join(tr!(ui, "cli-list-sep").as_str())
            )
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
        "{}",
        tr!(
            ui,
            "cli-status-interpreters",
            count = interpreters.len(),
            abroad = abroad,
            languages = langs.len()
        )
    )?;
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_lang: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &requests {
        *by_status.entry(r.status.code()).or_default() += 1;
        if r.status != RequestStatus::Cancelled {
            *by_lang.entry(r.language.as_str()).or_default() += 1;
        }
    }
    let sep = tr!(ui, "cli-list-sep");
    let status: Vec<String> = by_status
        .iter()
        .map(|(k, v)| {
            tr!(
                ui,
                "cli-count-of",
                what = words::code_word(ui, "status", k),
                count = *v
            )
        })
        .collect();
    writeln!(
        out,
        "{}",
        tr!(
            ui,
            "cli-status-requests",
            count = requests.len(),
            detail = status.join(sep.as_str())
        )
    )?;
    let mut top: Vec<(&str, usize)> = by_lang.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = top
        .iter()
        .take(8)
        .map(|(l, n)| {
            tr!(
                ui,
                "cli-count-of",
                what = words::lang_name(ui, l),
                count = *n
            )
        })
        .collect();
    writeln!(
        out,
        "  {}",
        tr!(ui, "cli-status-by-language", list = top.join(sep.as_str()))
    )?;
    let confirmed = bookings
        .iter()
        .filter(|b| b.status == crate::model::BookingStatus::Confirmed)
        .count();
    write!(out, "{}", tr!(ui, "cli-status-bookings", count = confirmed))?;
    Ok(out)
}

pub fn status(db: &Path, flag: Option<Lang>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan status")?;
    let ui = ui_lang(flag, Some(&ctx));
    println!("{}", describe(&ctx, ui)?);
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
