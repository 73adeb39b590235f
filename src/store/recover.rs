//! Making a data directory openable again after a process was killed at any instant.
//!
//! Why this exists: sled 0.34.7 cannot open a database whose newest snapshot file is empty or
//! truncated (spacejam/sled#1527, #1533). `read_snapshot` (`src/pagecache/snapshot.rs`) takes
//! the lexicographically greatest `snap.*` file, *including* a `snap.<lsn>.generating` file,
//! and fails with `Corruption { at: None }` when it is 12 bytes or shorter or its CRC32 does
//! not match. `write_snapshot` writes `.generating`, fsyncs it, renames it to `snap.<lsn>`,
//! and only then deletes older snapshots, and sled writes a snapshot while *opening*, so a
//! SIGKILL during any command (even `soudan status`) can leave such a file behind.
//!
//! The snapshot is only a cache of where pages live in the log: the previous complete
//! snapshot (kept until the new one is renamed into place) or, without one, a scan of the
//! whole log gives the same data. So before `sled::open`, with soudan's own lock held (no
//! other process can be writing a snapshot), [`before_open`]:
//! - moves every `snap.*.generating` file aside: it is always the leftover of a killed
//!   writer, whatever its content;
//! - moves aside every other `snap.*` file that sled would refuse (too short, CRC mismatch),
//!   newest first, until the newest remaining one is sound;
//! - moves aside a `conf` file whose CRC does not match (sled writes it unsynced, only when
//!   the database is created, and soudan always opens with the default configuration, which
//!   sled writes again when the file is missing);
//! - finishes or rolls back an interrupted restore (see [`Store::replace`](super::Store)):
//!   `sled` missing but `sled.previous` present means the kill fell between the two renames,
//!   so the previous database is put back; both present means the swap completed, so the
//!   previous one goes to quarantine; a `sled.staging` leftover is removed (it is a copy of
//!   a backup file that still exists).
//!
//! Nothing is deleted that could hold data: files are moved into
//! `<data dir>/quarantine/<UTC time>-<pid>/`, and each move is logged with `tracing::warn!`
//! (file names only; the store holds no secrets in file names).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Name of the live sled directory inside a data directory.
pub(crate) const SLED_DIR: &str = "sled";
/// A restore's new database, filled and checked before it is swapped in.
pub(crate) const STAGING_DIR: &str = "sled.staging";
/// The database a restore replaces, between the two renames of the swap.
pub(crate) const PREVIOUS_DIR: &str = "sled.previous";
/// Where leftovers are moved instead of being deleted.
pub const QUARANTINE_DIR: &str = "quarantine";

/// Largest snapshot file read for checking (sled's own snapshots of soudan's databases are
/// a few KiB; one past this is left to sled to judge).
const MAX_SNAPSHOT_CHECK: u64 = 256 << 20;

/// What [`before_open`] did, for logs and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// Files or directories moved into quarantine, with their new paths.
    pub quarantined: Vec<PathBuf>,
    /// True when an interrupted restore was rolled back (the previous database is live again).
    pub restore_rolled_back: bool,
    /// True when a restore's leftover staging copy was removed.
    pub staging_removed: bool,
}

impl Recovery {
    pub fn is_empty(&self) -> bool {
        self.quarantined.is_empty() && !self.restore_rolled_back && !self.staging_removed
    }
}

/// The quarantine folder for this process: created on first use.
struct Quarantine<'a> {
    data_dir: &'a Path,
    dir: Option<PathBuf>,
}

impl Quarantine<'_> {
    fn put(&mut self, path: &Path, out: &mut Recovery) -> std::io::Result<()> {
        let dir = match &self.dir {
            Some(d) => d.clone(),
            None => {
                let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
                let d = self
                    .data_dir
                    .join(QUARANTINE_DIR)
                    .join(format!("{stamp}-{}", std::process::id()));
                fs::create_dir_all(&d)?;
                self.dir = Some(d.clone());
                d
            }
        };
        let name = path.file_name().unwrap_or_default();
        let target = dir.join(name);
        fs::rename(path, &target)?;
        tracing::warn!(
            from = %path.display(),
            to = %target.display(),
            "moved a leftover of an interrupted soudan command into quarantine"
        );
        out.quarantined.push(target);
        Ok(())
    }
}

/// Repairs what a killed process can leave in `data_dir` so that sled opens it. The caller
/// must hold soudan's lock on `data_dir`.
pub(crate) fn before_open(data_dir: &Path) -> std::io::Result<Recovery> {
    let mut out = Recovery::default();
    let mut q = Quarantine {
        data_dir,
        dir: None,
    };
    let sled = data_dir.join(SLED_DIR);
    let previous = data_dir.join(PREVIOUS_DIR);
    let staging = data_dir.join(STAGING_DIR);
    if previous.exists() {
        if sled.exists() {
            q.put(&previous, &mut out)?;
        } else {
            fs::rename(&previous, &sled)?;
            sync_dir(data_dir)?;
            tracing::warn!(
                dir = %data_dir.display(),
                "an interrupted restore was rolled back: the previous database is in place"
            );
            out.restore_rolled_back = true;
        }
    }
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
        tracing::warn!(dir = %staging.display(), "removed the copy left by an interrupted restore");
        out.staging_removed = true;
    }
    if !sled.is_dir() {
        return Ok(out);
    }
    // Snapshots, newest first, the order in which sled picks one.
    let mut snaps: Vec<PathBuf> = fs::read_dir(&sled)?
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("snap.") && !name.ends_with(".in___motion")
        })
        .map(|e| e.path())
        .collect();
    snaps.sort();
    while let Some(newest) = snaps.pop() {
        let name = newest.file_name().unwrap_or_default().to_string_lossy();
        if name.ends_with(".generating") || !snapshot_is_sound(&newest)? {
            q.put(&newest, &mut out)?;
        } else {
            break;
        }
    }
    // Older `.generating` files are never picked by sled while a sound snapshot is newer,
    // but they are leftovers all the same.
    for path in snaps {
        if path.to_string_lossy().ends_with(".generating") {
            q.put(&path, &mut out)?;
        }
    }
    let conf = sled.join("conf");
    if conf.is_file() && !conf_is_sound(&conf)? {
        q.put(&conf, &mut out)?;
    }
    if !out.quarantined.is_empty() {
        sync_dir(&sled)?;
        sync_dir(data_dir)?;
    }
    Ok(out)
}

fn read_bounded(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let file = fs::File::open(path)?;
    if file.metadata()?.len() > MAX_SNAPSHOT_CHECK {
        return Ok(None);
    }
    let mut buf = Vec::new();
    file.take(MAX_SNAPSHOT_CHECK).read_to_end(&mut buf)?;
    Ok(Some(buf))
}

/// The check of sled 0.34.7's `read_snapshot`: more than 12 bytes, and the CRC32 in the
/// last 4 bytes matches everything before the 8-byte length that precedes it.
fn snapshot_is_sound(path: &Path) -> std::io::Result<bool> {
    let Some(buf) = read_bounded(path)? else {
        return Ok(true);
    };
    let len = buf.len();
    if len <= 12 {
        return Ok(false);
    }
    let expected = u32::from_le_bytes([buf[len - 4], buf[len - 3], buf[len - 2], buf[len - 1]]);
    Ok(crc32fast::hash(&buf[..len - 12]) == expected)
}

/// sled 0.34.7's `read_config` accepts a `conf` of 8 bytes or less as missing, but only
/// warns on a CRC mismatch and then fails to parse a torn file.
fn conf_is_sound(path: &Path) -> std::io::Result<bool> {
    let Some(buf) = read_bounded(path)? else {
        return Ok(true);
    };
    let len = buf.len();
    if len <= 8 {
        return Ok(true);
    }
    let expected = u32::from_le_bytes([buf[len - 4], buf[len - 3], buf[len - 2], buf[len - 1]]);
    Ok(crc32fast::hash(&buf[..len - 4]) == expected)
}

pub(crate) fn sync_dir(path: &Path) -> std::io::Result<()> {
    fs::File::open(path)?.sync_all()
}
