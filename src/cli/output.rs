//! Error reporting and exit codes: the code comes from the error's type
//! ([`crate::Error::code`]); this module only prints.

use crate::error::Error;
use crate::i18n::Lang;
use crate::ops::Ctx;
use crate::publish::PublishReport;

/// The language a person reading this command's output wants: `--lang`, else the
/// `SOUDAN_LANG` environment variable (an unknown value is ignored with a warning), else the
/// center's default, else Japanese. Staff texts exist in ja and en only, so a resident
/// language asked here maps to its staff language ([`Lang::staff`]).
pub fn ui_lang(flag: Option<Lang>, ctx: Option<&Ctx>) -> Lang {
    let _ = ctx; // the center's default language is read from here (issue 13)
    let chosen = flag.or_else(|| {
        let env = std::env::var("SOUDAN_LANG").ok()?;
        match Lang::parse(&env) {
            Ok(lang) => Some(lang),
            Err(e) => {
                eprintln!("warning: SOUDAN_LANG: {e}");
                None
            }
        }
    });
    chosen.unwrap_or(Lang::Ja).staff()
}

/// Prints `e` (in `lang`, see [`Error::message`]) and its causes on stderr and returns the
/// exit code it maps to.
pub fn report_error(e: &Error, lang: Lang) -> i32 {
    eprintln!("{}: {}", crate::tr!(lang, "errors-label"), e.message(lang));
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        eprintln!("  caused by: {c}");
        cause = c.source();
    }
    e.code()
}

/// Warns about what a publish left out (the change itself is committed and published).
pub fn warn_published(report: &PublishReport) {
    if !report.skipped.is_empty() {
        eprintln!(
            "warning: {} booking(s) are left out of the feeds (their request or agency is missing); run `soudan check`",
            report.skipped.len()
        );
    }
    for (kind, id, e) in &report.failed {
        eprintln!("warning: the {kind} feed {id} could not be rendered: {e}");
    }
    for (kind, id) in &report.outcome.revoked {
        eprintln!(
            "warning: the {kind} feed {id} is dark: its secret was revoked by an interrupted `soudan feeds rotate`; run `soudan feeds rotate {kind} {id}` to issue its new URL"
        );
    }
}
