//! `soudan demo`: the README's first command.

use super::data::{self, next_month};
use crate::import;
use crate::model::Month;
use crate::sample;
use chrono::Utc;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Month to schedule (YYYY-MM). Default: next month.
    #[arg(long)]
    pub month: Option<Month>,
    /// Do not start the feed server at the end.
    #[arg(long)]
    pub no_serve: bool,
}

pub fn run(db: &Path, args: DemoArgs) -> anyhow::Result<()> {
    let month = args.month.unwrap_or_else(next_month);
    let store = data::open(db, "soudan demo")?;
    if store.is_empty()? {
        let data = sample::load(month).map_err(|e| data::refuse_import(&e))?;
        let summary = import::apply(&store, &data, "sample/", Utc::now())?;
        println!(
            "loaded the built-in Sendai sample for {month} into {} ({} requests)",
            db.display(),
            summary.requests_new
        );
    } else {
        println!("{} already holds data; using it as is", db.display());
    }
    println!("{}", data::describe(&store)?);
    if !args.no_serve {
        println!("(the feed server is not part of this build yet; nothing to serve)");
    }
    Ok(())
}
