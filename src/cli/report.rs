//! `soudan report`.

use super::Refused;
use super::data::{next_month, open};
use crate::model::{Month, parse_tz};
use crate::report;
use chrono::Utc;
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

pub fn run(db: &Path, args: ReportArgs) -> anyhow::Result<()> {
    let month = args.month.unwrap_or_else(next_month);
    let store = open(db, "soudan report")?;
    let center = store
        .center()?
        .ok_or_else(|| Refused("the database is empty".into()))?;
    let tz = parse_tz(&center.timezone).map_err(Refused)?;
    let today = Utc::now().with_timezone(&tz).date_naive();
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
    drop(store);
    match args.format {
        Format::Table => print!("{}", r.to_table()),
        Format::Csv => print!("{}", r.to_csv()?),
        Format::Json => println!("{}", serde_json::to_string_pretty(&r)?),
    }
    Ok(())
}
