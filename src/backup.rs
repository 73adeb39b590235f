//! Backup files: their format, checksum and verification, and a restore that replaces the
//! live data only with data already proven sound.
//!
//! Layout of a backup file:
//!
//! ```text
//! soudan-backup/1\n            magic line (checked before anything else is read)
//! <codec-encoded Contents>     schema version, creation time, every table's raw records
//! <32 bytes>                   SHA-256 of the encoded contents
//! ```
//!
//! Why restore is careful: a checksum only proves the file is what some program wrote, not
//! that its records are soudan's. A backup with an altered record and a recomputed checksum
//! used to be written over good data and only then reported as damaged. Now [`read_file`]
//! reads a bounded amount (a header check first, so `/dev/zero` or a 3 GiB stray file is
//! refused at once), [`Contents::verify`] decodes *every* record as its table's type, and
//! [`restore`] writes the records into a new database beside the live one
//! ([`Store::stage`]), runs the integrity check on what it reads back from there, and only
//! then swaps it in ([`Store::swap_in`]: renames, fsync of the data directory). On any
//! failure the live data is untouched.

use crate::codec::{self, CodecError};
use crate::fsio::{self, ReadError};
use crate::integrity::{self, Records, Severity};
use crate::store::{self, RawRows, Store, StoreError, Table};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};

/// First bytes of every backup file.
pub const MAGIC: &[u8] = b"soudan-backup/1\n";
/// Largest backup file read (a center's database is a few MiB; this leaves room for decades).
pub const MAX_BACKUP_BYTES: u64 = 1 << 30;
const SUM_LEN: usize = 32;

/// Why a backup could not be written, read or restored. Every variant except
/// [`BackupError::Store`] and [`BackupError::Write`] is a refusal: the file is wrong, and
/// nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: ReadError,
    },
    #[error("{}: not a regular file ({kind}); name a file written by `soudan backup`", .path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{}: too large for a soudan backup (the limit is {} bytes)", .0.display(), MAX_BACKUP_BYTES)]
    TooLarge(PathBuf),
    #[error("{}: not a soudan backup (it does not start with the soudan-backup/1 header)", .0.display())]
    BadHeader(PathBuf),
    #[error("{}: the backup is truncated", .0.display())]
    Truncated(PathBuf),
    #[error("{}: the checksum does not match (truncated or altered)", .0.display())]
    Checksum(PathBuf),
    #[error("{}: cannot decode the backup: {source}", .path.display())]
    Decode {
        path: PathBuf,
        #[source]
        source: CodecError,
    },
    #[error("{}: written by a newer soudan (schema {found}; this one understands up to {})", .path.display(), store::SCHEMA_VERSION)]
    NewerSchema { path: PathBuf, found: u32 },
    #[error("{}: unknown table {name}", .path.display())]
    UnknownTable { path: PathBuf, name: String },
    #[error("{}: {count} damaged record(s), e.g. {table} {key:?}: {detail}; nothing was restored", .path.display())]
    DamagedRecords {
        path: PathBuf,
        count: usize,
        table: &'static str,
        key: String,
        detail: String,
    },
    #[error("{}: the backed-up data does not hold together ({} error(s), e.g. {}); nothing was restored", .path.display(), .errors.len(), .errors.first().map(String::as_str).unwrap_or(""))]
    Inconsistent { path: PathBuf, errors: Vec<String> },
    #[error("{} already holds data; give --force to replace it with the backup", .0.display())]
    NotEmpty(PathBuf),
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot encode the backup: {0}")]
    Encode(CodecError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BackupError {
    /// True when the input was at fault (bad file, non-empty target) and nothing changed.
    pub fn is_refusal(&self) -> bool {
        match self {
            BackupError::Read { source, .. } => source.is_refusal(),
            BackupError::Store(_) | BackupError::Write { .. } | BackupError::Encode(_) => false,
            _ => true,
        }
    }
}

/// The encoded body of a backup file: every table's raw records, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contents {
    pub schema_version: u32,
    /// RFC 3339, UTC.
    pub created: String,
    /// Table name and its raw rows.
    pub tables: Vec<(String, RawRows)>,
}

/// A backup whose every record decoded: ready for [`restore`].
#[derive(Debug, Clone)]
pub struct Verified {
    pub path: PathBuf,
    pub created: String,
    pub tables: Vec<(Table, RawRows)>,
}

impl Verified {
    pub fn records(&self) -> usize {
        self.tables.iter().map(|(_, r)| r.len()).sum()
    }
}

impl Contents {
    /// Everything in `store`, read in one pass under its lock.
    pub fn of(store: &Store, now: chrono::DateTime<chrono::Utc>) -> Result<Contents, StoreError> {
        let tables = store
            .export_raw()?
            .into_iter()
            .map(|(t, rows)| (t.name().to_string(), rows))
            .collect();
        Ok(Contents {
            schema_version: store::SCHEMA_VERSION,
            created: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            tables,
        })
    }

    pub fn records(&self) -> usize {
        self.tables.iter().map(|(_, r)| r.len()).sum()
    }

    /// The bytes of a backup file: magic, encoded contents, SHA-256 of the contents.
    pub fn to_bytes(&self) -> Result<Vec<u8>, BackupError> {
        let body = codec::encode(self).map_err(BackupError::Encode)?;
        let mut bytes = Vec::with_capacity(MAGIC.len() + body.len() + SUM_LEN);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&body);
        bytes.extend_from_slice(&crate::secret::sha256(&body));
        Ok(bytes)
    }

    /// Parses the bytes after the magic line (`path` only names the file in errors):
    /// checksum first, then the outer structure. Records are not decoded yet.
    pub fn from_body(path: &Path, rest: &[u8]) -> Result<Contents, BackupError> {
        if rest.len() < SUM_LEN {
            return Err(BackupError::Truncated(path.to_path_buf()));
        }
        let (body, sum) = rest.split_at(rest.len() - SUM_LEN);
        if crate::secret::sha256(body) != sum {
            return Err(BackupError::Checksum(path.to_path_buf()));
        }
        codec::decode(body).map_err(|source| BackupError::Decode {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Checks the schema and the table names, and decodes every record as its table's
    /// type; the first damaged record and the count are reported.
    pub fn verify(self, path: &Path) -> Result<Verified, BackupError> {
        if self.schema_version > store::SCHEMA_VERSION {
            return Err(BackupError::NewerSchema {
                path: path.to_path_buf(),
                found: self.schema_version,
            });
        }
        let mut tables = Vec::with_capacity(self.tables.len());
        let mut damaged: Option<(&'static str, String, String)> = None;
        let mut count = 0;
        for (name, rows) in self.tables {
            let t = Table::from_name(&name).ok_or_else(|| BackupError::UnknownTable {
                path: path.to_path_buf(),
                name: name.clone(),
            })?;
            for (k, v) in &rows {
                if let Err(e) = store::check_value(t, k, v) {
                    count += 1;
                    damaged.get_or_insert_with(|| {
                        (
                            t.name(),
                            String::from_utf8_lossy(k).into_owned(),
                            e.to_string(),
                        )
                    });
                }
            }
            tables.push((t, rows));
        }
        if let Some((table, key, detail)) = damaged {
            return Err(BackupError::DamagedRecords {
                path: path.to_path_buf(),
                count,
                table,
                key,
                detail,
            });
        }
        Ok(Verified {
            path: path.to_path_buf(),
            created: self.created,
            tables,
        })
    }
}

/// Writes a backup of `store` to `path` (temporary file, fsync, rename, fsync of the folder,
/// so an interrupted backup never leaves a half file under the final name). Returns the
/// record and byte counts.
pub fn write_file(
    store: &Store,
    path: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(usize, usize), BackupError> {
    let contents = Contents::of(store, now)?;
    let bytes = contents.to_bytes()?;
    // `soudan backup バックアップ/2027-02-16.backup` on the first day: the folder is made.
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| BackupError::Write {
            path: path.to_path_buf(),
            source,
        })?;
    }
    crate::fsio::replace_file(path, &bytes, ".partial").map_err(|source| BackupError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((contents.records(), bytes.len()))
}

/// Reads and verifies a backup file: a regular file only, the header before anything else,
/// at most [`MAX_BACKUP_BYTES`], then the checksum and every record.
pub fn read_file(path: &Path) -> Result<Verified, BackupError> {
    let rerr = |source| match source {
        ReadError::NotRegular { kind } => BackupError::NotRegular {
            path: path.to_path_buf(),
            kind,
        },
        ReadError::TooLarge { .. } => BackupError::TooLarge(path.to_path_buf()),
        source => BackupError::Read {
            path: path.to_path_buf(),
            source,
        },
    };
    let mut file = fsio::open_regular(path).map_err(rerr)?;
    let mut head = vec![0u8; MAGIC.len()];
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(rerr(ReadError::Io(e))),
        }
    }
    if head[..got] != *MAGIC {
        return Err(BackupError::BadHeader(path.to_path_buf()));
    }
    // A regular file's length is reliable: refuse an oversized one before reading it (the
    // bounded read below still guards a file that grows meanwhile).
    if file.metadata().map_err(|e| rerr(ReadError::Io(e)))?.len()
        > MAX_BACKUP_BYTES + MAGIC.len() as u64
    {
        return Err(BackupError::TooLarge(path.to_path_buf()));
    }
    let rest = fsio::read_limited(file, MAX_BACKUP_BYTES).map_err(rerr)?;
    Contents::from_body(path, &rest)?.verify(path)
}

/// Integrity errors (not warnings) of the data in `store`.
pub fn integrity_errors(store: &Store) -> Result<Vec<String>, StoreError> {
    Ok(integrity::check(&Records {
        center: store.center()?.as_ref(),
        agencies: &store.agencies()?,
        interpreters: &store.interpreters()?,
        requests: &store.requests()?,
        bookings: &store.bookings()?,
        subscriptions: &store.subscriptions()?,
        booking_counter: store.counter(store::Counter::Bookings)?,
    })
    .into_iter()
    .filter(|f| f.severity == Severity::Error)
    .map(|f| f.message)
    .collect())
}

/// Replaces the data of `store` with `backup`, all or nothing: refused when `store` holds
/// data and `force` is false; the records are written into `sled.staging/`, read back,
/// decoded and integrity-checked there, and only a sound copy is swapped in. Returns the
/// reopened store.
pub fn restore(store: Store, backup: &Verified, force: bool) -> Result<Store, BackupError> {
    if !force && !store.is_empty()? {
        return Err(BackupError::NotEmpty(store.dir().to_path_buf()));
    }
    let staged = store.stage(&backup.tables)?;
    match check_staged(staged.store(), backup) {
        Ok(()) => Ok(store.swap_in(staged)?),
        Err(e) => {
            if let Err(d) = staged.discard() {
                tracing::warn!(error = %d, "could not remove the refused restore copy; the next open removes it");
            }
            Err(e)
        }
    }
}

/// Reads the staged copy back from disk: every record decodes and the data holds together.
fn check_staged(staged: &Store, backup: &Verified) -> Result<(), BackupError> {
    let damaged = staged.damaged_values()?;
    if let Some((t, key, detail)) = damaged.first() {
        return Err(BackupError::DamagedRecords {
            path: backup.path.clone(),
            count: damaged.len(),
            table: t.name(),
            key: key.clone(),
            detail: detail.clone(),
        });
    }
    let errors = integrity_errors(staged)?;
    if !errors.is_empty() {
        return Err(BackupError::Inconsistent {
            path: backup.path.clone(),
            errors,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn store_with_counter(dir: &Path, n: u64) -> Store {
        let store = Store::open(dir, "test").unwrap();
        let mut b = store::Batch::new();
        b.put_counter(store::Counter::Bookings, n).unwrap();
        store.commit(b).unwrap();
        store
    }

    #[test]
    fn round_trip_through_a_file() {
        let tmp = tempfile::tempdir().unwrap();
        let store = store_with_counter(&tmp.path().join("a.db"), 5);
        let file = tmp.path().join("b.backup");
        write_file(&store, &file, chrono::Utc::now()).unwrap();
        let v = read_file(&file).unwrap();
        let target = Store::open(&tmp.path().join("c.db"), "test").unwrap();
        let restored = restore(target, &v, false).unwrap();
        assert_eq!(restored.counter(store::Counter::Bookings).unwrap(), 5);
    }

    #[test]
    fn damaged_record_with_recomputed_checksum_is_refused_before_staging() {
        let tmp = tempfile::tempdir().unwrap();
        let store = store_with_counter(&tmp.path().join("a.db"), 5);
        let mut c = Contents::of(&store, chrono::Utc::now()).unwrap();
        let meta = c.tables.iter_mut().find(|(n, _)| n == "meta").unwrap();
        meta.1
            .push((b"counter/x".to_vec(), vec![1, 0xff, 0xff, 0xff]));
        let file = tmp.path().join("bad.backup");
        std::fs::write(&file, c.to_bytes().unwrap()).unwrap();
        match read_file(&file) {
            Err(BackupError::DamagedRecords {
                count: 1, table, ..
            }) => assert_eq!(table, "meta"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_header_is_refused_without_reading_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("big");
        let f = std::fs::File::create(&file).unwrap();
        f.set_len(3 << 30).unwrap(); // sparse: 3 GiB of zeros
        assert!(matches!(read_file(&file), Err(BackupError::BadHeader(_))));
    }

    #[test]
    fn oversized_file_with_the_right_header_is_refused_before_reading() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("big.backup");
        let mut f = std::fs::File::create(&file).unwrap();
        f.write_all(MAGIC).unwrap();
        f.set_len(MAX_BACKUP_BYTES * 2).unwrap(); // sparse
        assert!(matches!(read_file(&file), Err(BackupError::TooLarge(_))));
    }

    #[test]
    fn special_files_are_refused() {
        let err = read_file(Path::new("/dev/zero")).unwrap_err();
        assert!(
            matches!(
                err,
                BackupError::NotRegular {
                    kind: "a device",
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.is_refusal());
    }
}
