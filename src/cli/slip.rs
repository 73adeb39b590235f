//! `soudan slip BOOKING` and `soudan contact slips --out DIR`: residents' slips.
//!
//! The slip's language is `--lang` when given, else the resident's request language (English
//! when the catalogue lacks it); what this command itself prints is staff text in
//! [`output::ui_lang`]. A slip that was written is remembered (`ops::slips_issued`) unless
//! `--preview`, so the next slip of a changed booking can say old → new.

use super::output;
use crate::error::Result;
use crate::i18n::Lang;
use crate::model::Month;
use crate::ops::{self, Ctx, SlipOptions};
use crate::tr;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SlipFormat {
    Html,
    Ics,
}

#[derive(Debug, clap::Args)]
pub struct SlipArgs {
    /// Booking number, e.g. B-00012 or B-12.
    #[arg(value_parser = crate::input::booking_arg)]
    pub booking: String,
    /// Write the slip to FILE (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also write the appointment as a one-event calendar file (.ics) to FILE.
    #[arg(long)]
    pub ics: Option<PathBuf>,
    /// What --out (or standard output) gets: the printable page or the calendar file.
    #[arg(long, value_enum, default_value = "html")]
    pub format: SlipFormat,
    /// Print the resident's name on the slip (off by default: the slip may be mailed or left
    /// at a printer).
    #[arg(long)]
    pub personal_details: bool,
    /// Do not remember the slip as handed to the resident (a look before printing).
    #[arg(long)]
    pub preview: bool,
}

#[derive(Debug, clap::Args)]
pub struct ContactSlipsArgs {
    /// Folder to write one slip per resident to call (`<booking>.html` and `<booking>.ics`).
    #[arg(long)]
    pub out: PathBuf,
    /// Only items due in this month (YYYY-MM).
    #[arg(long)]
    pub month: Option<Month>,
    /// Print residents' names on the slips.
    #[arg(long)]
    pub personal_details: bool,
}

pub fn run(db: &Path, a: SlipArgs, lang: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, &format!("soudan slip {}", a.booking))?;
    let ui = output::ui_lang(lang, Some(&ctx));
    let slip = ops::slip(
        &ctx,
        &a.booking,
        SlipOptions {
            lang,
            personal: a.personal_details,
        },
        now,
    )?;
    let main = match a.format {
        SlipFormat::Html => &slip.html,
        SlipFormat::Ics => &slip.ics,
    };
    match &a.out {
        Some(path) => output::write_atomic(path, main.as_bytes())?,
        None => print!("{main}"),
    }
    if let Some(path) = &a.ics {
        output::write_atomic(path, slip.ics.as_bytes())?;
    }
    if !a.preview {
        ops::slips_issued(&ctx, &[slip.record(now)])?;
    }
    for path in a.out.iter().chain(a.ics.iter()) {
        eprintln!(
            "{}",
            tr!(
                ui,
                "slipcli-wrote",
                booking = &slip.booking.number,
                lang = slip.lang.code(),
                path = path.display().to_string()
            )
        );
    }
    Ok(())
}

/// One slip per resident on the call list (open items), in each resident's language.
pub fn contact_slips(
    db: &Path,
    a: ContactSlipsArgs,
    lang: Option<Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let ctx = Ctx::open(db, "soudan contact slips")?;
    let ui = output::ui_lang(lang, Some(&ctx));
    output::ensure_dir(&a.out)?;
    let mut records = Vec::new();
    for line in ops::contact_list(&ctx, a.month, false)? {
        let slip = ops::slip(
            &ctx,
            &line.item.booking,
            SlipOptions {
                lang,
                personal: a.personal_details,
            },
            now,
        )?;
        let n = &slip.booking.number;
        output::write_atomic(&a.out.join(format!("{n}.html")), slip.html.as_bytes())?;
        output::write_atomic(&a.out.join(format!("{n}.ics")), slip.ics.as_bytes())?;
        println!(
            "{}",
            tr!(
                ui,
                "slipcli-contact-line",
                item = &line.item.id,
                booking = n,
                lang = slip.lang.code()
            )
        );
        records.push(slip.record(now));
    }
    ops::slips_issued(&ctx, &records)?;
    println!(
        "{}",
        tr!(
            ui,
            "slipcli-contact-done",
            count = records.len(),
            dir = a.out.display().to_string()
        )
    );
    Ok(())
}
