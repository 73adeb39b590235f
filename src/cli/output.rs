//! Error reporting and exit codes: the code comes from the error's type
//! ([`crate::Error::code`]); this module only prints.

use crate::error::{Error, Refusal};
use crate::i18n::Lang;
use crate::ops::Ctx;
use crate::publish::PublishReport;
use crate::tr;

/// The language a person reading this command's output wants: `--lang`, else the
/// `SOUDAN_LANG` environment variable (an unknown value is ignored with a warning), else the
/// center's default, else Japanese. Staff texts exist in ja and en only, so a resident
/// language asked here maps to its staff language ([`Lang::staff`]).
pub fn ui_lang(flag: Option<Lang>, ctx: Option<&Ctx>) -> Lang {
    let chosen = flag.or_else(env_lang).or_else(|| {
        // A database that cannot say (damaged, or from before center.toml had `language`)
        // falls back to Japanese; `soudan check` is where damage is reported.
        let code = ctx?.store().language().ok()??;
        Lang::parse(&code).ok()
    });
    chosen.unwrap_or(Lang::Ja).staff()
}

/// `SOUDAN_LANG`, if set and valid (an unknown value is ignored with a warning).
fn env_lang() -> Option<Lang> {
    let env = std::env::var("SOUDAN_LANG").ok()?;
    match Lang::parse(&env) {
        Ok(lang) => Some(lang),
        Err(e) => {
            // Asked up to three times a run (help, the command, an error): warn once.
            static WARNED: std::sync::Once = std::sync::Once::new();
            WARNED.call_once(|| eprintln!("warning: SOUDAN_LANG: {e}"));
            None
        }
    }
}

/// The UI language before the command line is parsed (for `--help`): `--lang X` or
/// `--lang=X` in `args`, else `SOUDAN_LANG`, else Japanese. The center's default is not known
/// yet (the database is not open), so help follows only these two.
pub fn early_lang(args: &[std::ffi::OsString]) -> Lang {
    let mut it = args.iter().filter_map(|a| a.to_str());
    let mut flag = None;
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            flag = it.next().and_then(|v| Lang::parse(v).ok());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            flag = Lang::parse(v).ok();
        }
    }
    flag.or_else(env_lang).unwrap_or(Lang::Ja).staff()
}

/// Prints `e` and its causes on stderr and returns the exit code it maps to. The error's own
/// text is the error type's (localized by `crate::error`); only the frame is ours.
pub fn report_error(lang: Lang, e: &Error) -> i32 {
    eprintln!("{}", tr!(lang, "cli-error", message = e.message(lang)));
    let mut cause = std::error::Error::source(e).filter(|_| !e.explained());
    while let Some(c) = cause {
        eprintln!("{}", tr!(lang, "cli-caused-by", message = c.to_string()));
        cause = c.source();
    }
    e.code()
}

/// Warns about what a publish left out (the change itself is committed and published), in
/// the language `--lang`/`SOUDAN_LANG` name (for callers that have no [`Lang`] at hand).
// Kept for subcommand files being written alongside (slip, view, plan, public) that call it.
#[allow(dead_code)]
pub fn warn_published(report: &PublishReport) {
    warn_published_in(ui_lang(None, None), report);
}

/// [`warn_published`] in `lang`.
pub fn warn_published_in(lang: Lang, report: &PublishReport) {
    if !report.skipped.is_empty() {
        eprintln!(
            "{}",
            tr!(lang, "cli-warn-skipped", count = report.skipped.len())
        );
    }
    for (kind, id, e) in &report.failed {
        eprintln!(
            "{}",
            tr!(
                lang,
                "cli-warn-render-failed",
                kind = kind.to_string(),
                id = id.to_string(),
                error = e.to_string()
            )
        );
    }
    for (kind, id) in &report.outcome.revoked {
        eprintln!(
            "{}",
            tr!(
                lang,
                "cli-warn-revoked",
                kind = kind.to_string(),
                id = id.to_string()
            )
        );
    }
}

/// Creates the folder `dir` and any missing folders above it (an output option naming a
/// folder that does not exist yet is not an error). Every writer of `--out` goes through
/// this, directly or through [`write_atomic`].
pub fn ensure_dir(dir: &std::path::Path) -> crate::error::Result<()> {
    if dir.as_os_str().is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::from(Refusal::CannotWrite {
            path: dir.display().to_string(),
            reason: e.to_string(),
        })
    })
}

/// Writes next to the target, then renames ([`crate::fsio::replace_file`]): a reader (a
/// browser on the shared drive) sees the old page or the new one, never half of one. Missing
/// parent folders are created ([`ensure_dir`]).
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> crate::error::Result<()> {
    if path.file_name().is_none() {
        return Err(Refusal::OutNamesNoFile {
            path: path.display().to_string(),
        }
        .into());
    }
    if let Some(parent) = path.parent() {
        ensure_dir(parent)?;
    }
    crate::fsio::replace_file(path, bytes, ".tmp").map_err(|e| {
        Error::from(Refusal::CannotWrite {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    })
}
