//! The one error type at the top: what every use case ([`crate::ops`]) and every command can
//! fail with, and the exit code each failure maps to.
//!
//! Each variant knows whether it is a *refusal* (exit 1: the user can fix it — bad input, an
//! unknown id, a conflict, a database in use) or an *internal* failure (exit 2: I/O, damaged
//! data, a bug). The mapping is a `match` over the variants (and over the library errors they
//! wrap), so a new variant does not compile until someone decides its code; nothing falls to
//! "internal" by omission. Sources are kept (`#[source]`), so the CLI prints the whole chain.

use crate::alloc::InstanceError;
use crate::fsio::ReadError;
use crate::import::ImportErrors;
use crate::publish::PublishError;
use crate::server::ServerError;
use crate::store::StoreError;
use std::path::PathBuf;

/// Exit code of a successful command.
pub const EXIT_OK: i32 = 0;
/// Exit code of a refusal: the user can fix it.
pub const EXIT_REFUSED: i32 = 1;
/// Exit code of an internal failure: I/O, damaged data, a bug.
pub const EXIT_INTERNAL: i32 = 2;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A refusal explained in one sentence: bad usage, an unknown id, a conflict.
    #[error("{0}")]
    Refused(String),
    /// A coordinator folder or intake with problems; nothing was written.
    #[error("{} problem{} found; nothing was {what}:\n{errors}", errors.0.len(), if errors.0.len() == 1 { "" } else { "s" })]
    Invalid {
        what: &'static str,
        errors: ImportErrors,
    },
    /// A file the user named could not be read (or is not a regular file).
    #[error("cannot read {}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: ReadError,
    },
    /// An allocation instance (a file, or the month built from the database) is invalid.
    #[error("{what}: {source}")]
    Instance {
        what: String,
        /// Boxed: an instance error carries its whole context and would make every
        /// `Result` in soudan as large.
        #[source]
        source: Box<InstanceError>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Server(#[from] ServerError),
    /// The change is committed, but the feeds were not published.
    #[error(
        "the change is saved, but publishing the calendar feeds failed; run `soudan feeds list` to retry"
    )]
    Publish(#[source] PublishError),
    /// The OS random source failed (feed secrets).
    #[error("the operating system's random source failed")]
    Random(#[source] getrandom::Error),
    /// Any other internal failure (writing an output file, encoding a report), with its cause.
    #[error("{what}")]
    Internal {
        what: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// An internal failure without an underlying error (e.g. a restored backup that does not
    /// decode).
    #[error("{0}")]
    Damaged(String),
}

impl Error {
    /// The process exit code for this error: [`EXIT_REFUSED`] or [`EXIT_INTERNAL`].
    pub fn code(&self) -> i32 {
        if self.is_refusal() {
            EXIT_REFUSED
        } else {
            EXIT_INTERNAL
        }
    }

    /// True when the user can fix it (exit 1).
    pub fn is_refusal(&self) -> bool {
        match self {
            Error::Refused(_) | Error::Invalid { .. } | Error::Instance { .. } => true,
            Error::Unreadable { source, .. } => source.is_refusal(),
            Error::Store(e) => store_refusal(e),
            Error::Server(e) => match e {
                ServerError::NotLoopback(_)
                | ServerError::Bind { .. }
                | ServerError::InvalidHeaderName(_) => true,
                ServerError::Task(_) => false,
            },
            Error::Publish(_) | Error::Random(_) | Error::Internal { .. } | Error::Damaged(_) => {
                false
            }
        }
    }

    /// A refusal with this message.
    pub fn refused(message: impl Into<String>) -> Error {
        Error::Refused(message.into())
    }

    /// An internal failure: `what` went wrong because of `source`.
    pub fn internal(
        what: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        Error::Internal {
            what: what.into(),
            source: source.into(),
        }
    }
}

/// Which store errors the user can fix: another process holds the database, or the directory
/// is not (this version's) database. Exhaustive on purpose: a new variant needs a decision.
fn store_refusal(e: &StoreError) -> bool {
    match e {
        StoreError::Locked { .. }
        | StoreError::LockedUnknown(_)
        | StoreError::NewerSchema { .. }
        | StoreError::NotADatabase { .. } => true,
        StoreError::Damaged { .. }
        | StoreError::Encode { .. }
        | StoreError::Open { .. }
        | StoreError::Sled(_)
        | StoreError::Io { .. } => false,
    }
}

impl From<ImportErrors> for Error {
    fn from(errors: ImportErrors) -> Error {
        Error::Invalid {
            what: "imported",
            errors,
        }
    }
}

/// Writing into a `String` fails only if a `Display` impl does: a bug, hence internal.
impl From<std::fmt::Error> for Error {
    fn from(e: std::fmt::Error) -> Error {
        Error::internal("formatting output", e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ImportError;
    use std::net::SocketAddr;

    #[test]
    fn every_variant_has_its_code() {
        let addr: SocketAddr = "10.0.0.1:80".parse().unwrap();
        let io = || std::io::Error::other("disk on fire");
        let cases: Vec<(Error, i32)> = vec![
            (Error::refused("no request R-1"), 1),
            (
                ImportErrors(vec![ImportError {
                    file: "f".into(),
                    line: 1,
                    field: "x".into(),
                    message: "bad".into(),
                }])
                .into(),
                1,
            ),
            (
                Error::Unreadable {
                    path: "x".into(),
                    source: ReadError::TooLarge { limit: 1 },
                },
                1,
            ),
            (
                Error::Unreadable {
                    path: "x".into(),
                    source: ReadError::Io(io()),
                },
                2,
            ),
            (Error::Server(ServerError::NotLoopback(addr)), 1),
            (Error::Server(ServerError::Task("panicked".into())), 2),
            (
                Error::Store(StoreError::LockedUnknown(PathBuf::from("db"))),
                1,
            ),
            (
                Error::Store(StoreError::Io {
                    path: "db".into(),
                    source: io(),
                }),
                2,
            ),
            (Error::internal("cannot write out.json", io()), 2),
            (Error::Damaged("restored data does not decode".into()), 2),
        ];
        for (e, code) in cases {
            assert_eq!(e.code(), code, "{e}");
        }
    }

    #[test]
    fn sources_are_kept() {
        let e = Error::internal(
            "cannot write out.json",
            std::io::Error::other("disk on fire"),
        );
        let source = std::error::Error::source(&e).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("disk on fire"));
    }
}
