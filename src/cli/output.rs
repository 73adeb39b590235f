//! Error reporting and exit codes, in one place.

use super::{EXIT_INTERNAL, EXIT_REFUSED};
use crate::import::{ApplyError, ImportErrors};
use crate::store::StoreError;

/// An error the user can fix (exit code 1), as opposed to an internal failure (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

fn is_refusal(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.is::<Refused>()
            || c.is::<ImportErrors>()
            || matches!(
                c.downcast_ref::<ApplyError>(),
                Some(ApplyError::Conflicts(_))
            )
            || matches!(
                c.downcast_ref::<StoreError>(),
                Some(
                    StoreError::Locked { .. }
                        | StoreError::LockedUnknown(_)
                        | StoreError::NewerSchema { .. }
                        | StoreError::NotADatabase { .. }
                )
            )
    })
}

/// Prints `e` on stderr and returns the exit code it maps to.
pub fn report_error(e: &anyhow::Error) -> i32 {
    eprintln!("error: {e}");
    for cause in e.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
    if is_refusal(e) {
        EXIT_REFUSED
    } else {
        EXIT_INTERNAL
    }
}
