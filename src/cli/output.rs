//! Error reporting and exit codes: the code comes from the error's type
//! ([`crate::Error::code`]); this module only prints.

use crate::error::Error;
use crate::publish::PublishReport;

/// Prints `e` and its causes on stderr and returns the exit code it maps to.
pub fn report_error(e: &Error) -> i32 {
    eprintln!("error: {e}");
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
