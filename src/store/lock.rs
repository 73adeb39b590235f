//! soudan's own lock on a data directory, taken before sled is opened.
//!
//! sled refuses a second open with an `Other` I/O error whose only clue is its message text.
//! Taking our own `flock` first lets us say *who* holds the database (pid, command, since
//! when) and what to do. The kernel drops the lock when the holder dies, so a crashed command
//! never leaves a stale lock behind; the holder description in the file may be stale, but it
//! is only read while somebody really holds the lock.

use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Who holds a data directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub command: String,
    /// RFC 3339, UTC.
    pub since: String,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pid {} (`{}`), since {}",
            self.pid, self.command, self.since
        )
    }
}

pub(crate) enum LockOutcome {
    Acquired(File),
    Held(Option<Holder>),
}

/// Tries to take the lock without waiting.
pub(crate) fn try_lock(path: &Path, command: &str) -> std::io::Result<LockOutcome> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    match file.try_lock() {
        Ok(()) => {
            let holder = Holder {
                pid: std::process::id(),
                command: command.to_string(),
                since: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            };
            let text = serde_json::to_string(&holder).map_err(std::io::Error::other)?;
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(text.as_bytes())?;
            Ok(LockOutcome::Acquired(file))
        }
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            let holder = file
                .read_to_string(&mut text)
                .ok()
                .and_then(|_| serde_json::from_str(&text).ok());
            Ok(LockOutcome::Held(holder))
        }
        Err(TryLockError::Error(e)) => Err(e),
    }
}
