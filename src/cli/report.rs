//! `soudan report`.

use crate::error::{Error, Result};
use crate::model::Month;
use crate::ops::{self, Ctx};
use crate::report;
use chrono::{DateTime, Utc};
use std::path::Path;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Aligned text, for an e-mail.
    Table,
    /// One CSV block per section, for Excel.
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Month (YYYY-MM). Default: next month.
    #[arg(long)]
    pub month: Option<Month>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(db: &Path, args: ReportArgs, now: DateTime<Utc>) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let ctx = Ctx::open(db, "soudan report")?;
    let today = ctx.today(now)?;
    let tz = ctx.zone()?;
    let store = ctx.store();
    let r = report::build(
        month,
        &store.agencies()?,
        &store.interpreters()?,
        &store.requests()?,
        &store.bookings()?,
        &store.reasons(month)?,
        today,
        tz,
    );
    let calls = ops::contact_list(&ctx, None, false)?;
    ctx.close();
    match args.format {
        Format::Table => {
            print!("{}", r.to_table());
            // The open call list: a freed slot is worthless if nobody tells the resident.
            println!(
                "\nresidents to tell about a change: {} (`soudan contact list`)",
                calls.len()
            );
            for c in &calls {
                println!(
                    "  {} by {} {} {}",
                    c.item.id,
                    c.item.by,
                    c.item.request,
                    c.item.what.last().map_or("", String::as_str)
                );
            }
        }
        Format::Csv => print!(
            "{}",
            r.to_csv()
                .map_err(|e| Error::internal("writing the report as CSV", e))?
        ),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&r)
                .map_err(|e| Error::internal("writing the report as JSON", e))?
        ),
    }
    Ok(())
}
