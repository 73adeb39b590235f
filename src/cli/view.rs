//! `soudan view`: the coordinator's month view as one HTML file ([`crate::view`]).

use crate::error::{Error, Result};
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
    write_atomic(&args.out, html.as_bytes())?;
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

/// Writes next to the target, then renames: a reader (a browser on the shared drive) sees
/// the old page or the new one, never half of one.
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let refused =
        |e: std::io::Error| Error::refused(format!("cannot write {}: {e}", path.display()));
    let name = path
        .file_name()
        .ok_or_else(|| Error::refused(format!("--out {} names no file", path.display())))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(refused(e));
    }
    Ok(())
}
