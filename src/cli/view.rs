//! `soudan view`: the coordinator's month view as one HTML file ([`crate::view`]).

use crate::error::Result;
use crate::i18n::Lang;
use crate::model::Month;
use crate::ops::{self, Ctx};
use crate::tr;
use crate::view::ViewOptions;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ViewArgs {
    /// Month (YYYY-MM). Default: next month.
    #[arg(long)]
    pub month: Option<Month>,
    /// The HTML file to write (replaced atomically).
    #[arg(long, default_value = "month.html")]
    pub out: PathBuf,
    /// Show resident names in booking cells and the waiting list (for printing at the
    /// counter only; the file then holds personal data).
    #[arg(long)]
    pub personal_details: bool,
}

pub fn run(db: &Path, args: ViewArgs, lang: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let ctx = Ctx::open(db, "soudan view")?;
    let lang = super::output::ui_lang(lang, Some(&ctx));
    let mut opts = ViewOptions::new(lang);
    opts.personal_details = args.personal_details;
    let html = ops::render_view(&ctx, month, &opts, now)?;
    ctx.close();
    super::output::write_atomic(&args.out, html.as_bytes())?;
    println!(
        "{}",
        tr!(
            lang,
            "view-written",
            month = month.to_string(),
            path = args.out.display().to_string()
        )
    );
    Ok(())
}
