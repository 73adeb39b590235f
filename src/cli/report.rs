//! `soudan report`.

use super::output::ui_lang;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::Month;
use crate::ops::{self, Ctx};
use crate::report::{self, Names, TABLES};
use crate::tr;
use crate::words;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Aligned text, for an e-mail.
    Table,
    /// CSV for Excel (UTF-8 with BOM): with --out, one file per table; else --table, or every
    /// table under `# title` lines.
    Csv,
    /// JSON with codes, for scripts.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Month (YYYY-MM). Default: next month.
    #[arg(long)]
    pub month: Option<Month>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// With --format csv: the folder to write one CSV per table into (rearranging.csv, agencies.csv,
    /// languages.csv, interpreters.csv, waiting.csv, urgent.csv, no-interpreter.csv).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// With --format csv and no --out: print only this table.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(TABLES))]
    pub table: Option<String>,
}

pub fn run(db: &Path, args: ReportArgs, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let ctx = Ctx::open(db, "soudan report")?;
    let ui = ui_lang(flag, Some(&ctx));
    let clock = ctx.clock(now)?;
    let tz = clock.tz;
    let store = ctx.store();
    let agencies = store.agencies()?;
    let center = store.center()?;
    let closed = store.closed_days()?;
    let horizon = report::Horizon::new(&agencies, month, &clock, &closed);
    let interpreters = store.interpreters()?;
    let troubles = ctx.troubles(now)?;
    let r = report::build(
        month,
        &agencies,
        &interpreters,
        &store.requests()?,
        &store.bookings()?,
        &store.reasons(month)?,
        &horizon,
        &troubles,
        tz,
        &closed,
    );
    let calls = ops::contact_list(&ctx, None, false)?;
    ctx.close();
    let names = Names {
        center: center.as_ref(),
        agencies: &agencies,
        interpreters: &interpreters,
    };
    match args.format {
        Format::Table => {
            print!("{}", r.to_table(ui, &names));
            // The open call list: a freed slot is worthless if nobody tells the resident.
            println!("\n{}", tr!(ui, "report-calls", count = calls.len()));
            for c in &calls {
                println!(
                    "  {} {} {} {}",
                    c.item.id,
                    tr!(ui, "cli-contact-by", date = words::date(ui, c.item.by)),
                    c.item.request,
                    c.item
                        .what
                        .last()
                        .map(|w| words::contact_change(ui, &agencies, w))
                        .unwrap_or_default()
                );
            }
        }
        Format::Csv => {
            let csv_error = |e| Error::internal("writing the report as CSV", e);
            match &args.out {
                Some(dir) => {
                    let files = r.to_csv_files(ui, &names).map_err(csv_error)?;
                    super::output::ensure_dir(dir)?;
                    write_all_or_nothing(dir, &files)?;
                    println!(
                        "{}",
                        tr!(
                            ui,
                            "report-csv-written",
                            count = files.len(),
                            dir = dir.display().to_string()
                        )
                    );
                }
                None => {
                    use std::io::Write;
                    let bytes = r
                        .to_csv(ui, &names, args.table.as_deref())
                        .map_err(csv_error)?;
                    std::io::stdout()
                        .write_all(&bytes)
                        .map_err(|e| Error::internal("writing the report", e))?;
                }
            }
        }
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&r)
                .map_err(|e| Error::internal("writing the report as JSON", e))?
        ),
    }
    Ok(())
}

/// Writes every file under a temporary name first and renames them only when all are written,
/// so a failure (disk full) leaves the folder's previous report whole, not half replaced.
fn write_all_or_nothing(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let temp = |name: &str| dir.join(format!(".{name}.tmp"));
    for (name, bytes) in files {
        if let Err(e) = std::fs::write(temp(name), bytes) {
            for (n, _) in files {
                let _ = std::fs::remove_file(temp(n));
            }
            return Err(Error::internal(
                format!("cannot write {}", dir.join(name).display()),
                e,
            ));
        }
    }
    for (name, _) in files {
        std::fs::rename(temp(name), dir.join(name)).map_err(|e| {
            Error::internal(format!("cannot write {}", dir.join(name).display()), e)
        })?;
    }
    Ok(())
}
