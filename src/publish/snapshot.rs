//! Reading a published snapshot back, with every check a server needs before trusting it.

use super::{
    CURRENT_FILE, MANIFEST_FILE, MANIFEST_FORMAT, Manifest, parse_sha256_hex, sha256,
    version_number,
};
use crate::feeds::Lang;
use crate::model::FeedKind;
use chrono::{DateTime, Utc};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// A complete, verified snapshot in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub version: String,
    pub generated_at: DateTime<Utc>,
    pub feeds: Vec<SnapshotFeed>,
    /// The coordinator's month views, in manifest order (an id's first is its default).
    pub views: Vec<SnapshotView>,
}

/// One month view (see [`super::ManifestView`]), verified like a feed body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotView {
    pub id: String,
    pub month: String,
    pub lang: Lang,
    pub secret_sha256: [u8; 32],
    pub etag: String,
    pub last_modified: DateTime<Utc>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotFeed {
    pub kind: FeedKind,
    pub id: String,
    pub lang: Lang,
    pub secret_sha256: [u8; 32],
    /// Lowercase hex SHA-256 of `body` (verified on load).
    pub etag: String,
    pub last_modified: DateTime<Utc>,
    pub body: Vec<u8>,
}

/// Why a snapshot could not be read. Messages carry paths inside the feeds directory and
/// version names, never secrets.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("no feed snapshot has been published yet")]
    NoSnapshot,
    #[error("`current` does not name a version directory")]
    BadCurrent,
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("manifest {path}: {source}")]
    Manifest {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("manifest format {0} is not supported by this build")]
    Format(u32),
    #[error("snapshot {version}: {problem}")]
    Damaged { version: String, problem: String },
}

fn read(path: &Path) -> Result<Vec<u8>, SnapshotError> {
    fs::read(path).map_err(|source| SnapshotError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The version named by `current`, or `None` when nothing has been published.
pub fn current_version(dir: &Path) -> Result<Option<String>, SnapshotError> {
    let path = dir.join(CURRENT_FILE);
    match fs::read(&path) {
        Ok(bytes) => {
            let name = std::str::from_utf8(&bytes)
                .map_err(|_| SnapshotError::BadCurrent)?
                .trim();
            if version_number(name).is_none() {
                return Err(SnapshotError::BadCurrent);
            }
            Ok(Some(name.to_owned()))
        }
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SnapshotError::Io { path, source }),
    }
}

/// Reads and verifies the current snapshot.
pub fn read_current(dir: &Path) -> Result<Snapshot, SnapshotError> {
    let version = current_version(dir)?.ok_or(SnapshotError::NoSnapshot)?;
    read_version(dir, &version)
}

/// Reads and verifies one version directory: the manifest parses, names are what
/// publishing writes (no path can escape the directory), and every body hashes to its etag.
pub fn read_version(dir: &Path, version: &str) -> Result<Snapshot, SnapshotError> {
    if version_number(version).is_none() {
        return Err(SnapshotError::BadCurrent);
    }
    let damaged = |problem: String| SnapshotError::Damaged {
        version: version.to_owned(),
        problem,
    };
    let vdir = dir.join(version);
    let manifest_path = vdir.join(MANIFEST_FILE);
    let manifest: Manifest = serde_json::from_slice(&read(&manifest_path)?).map_err(|source| {
        SnapshotError::Manifest {
            path: manifest_path.clone(),
            source,
        }
    })?;
    if manifest.format != MANIFEST_FORMAT {
        return Err(SnapshotError::Format(manifest.format));
    }
    if manifest.version != version {
        return Err(damaged(format!(
            "manifest says version {}",
            manifest.version
        )));
    }
    let mut feeds = Vec::with_capacity(manifest.feeds.len());
    for (i, f) in manifest.feeds.into_iter().enumerate() {
        let kind: FeedKind = f
            .kind
            .parse()
            .map_err(|_| damaged(format!("feed {i}: unknown kind")))?;
        let secret_sha256 = parse_sha256_hex(&f.secret_sha256)
            .ok_or_else(|| damaged(format!("feed {i}: bad secret hash")))?;
        let etag =
            parse_sha256_hex(&f.etag).ok_or_else(|| damaged(format!("feed {i}: bad etag")))?;
        if f.file != format!("{}.ics", f.etag) {
            return Err(damaged(format!("feed {i}: unexpected file name")));
        }
        let body = read(&vdir.join(&f.file))?;
        if sha256(&body) != etag {
            return Err(damaged(format!("feed {i}: body does not match its etag")));
        }
        feeds.push(SnapshotFeed {
            kind,
            id: f.id,
            lang: f.lang,
            secret_sha256,
            etag: f.etag,
            last_modified: f.last_modified,
            body,
        });
    }
    let mut views = Vec::with_capacity(manifest.views.len());
    for (i, v) in manifest.views.into_iter().enumerate() {
        let secret_sha256 = parse_sha256_hex(&v.secret_sha256)
            .ok_or_else(|| damaged(format!("view {i}: bad secret hash")))?;
        let etag =
            parse_sha256_hex(&v.etag).ok_or_else(|| damaged(format!("view {i}: bad etag")))?;
        if v.file != format!("{}.html", v.etag) {
            return Err(damaged(format!("view {i}: unexpected file name")));
        }
        let body = read(&vdir.join(&v.file))?;
        if sha256(&body) != etag {
            return Err(damaged(format!("view {i}: body does not match its etag")));
        }
        views.push(SnapshotView {
            id: v.id,
            month: v.month,
            lang: v.lang,
            secret_sha256,
            etag: v.etag,
            last_modified: v.last_modified,
            body,
        });
    }
    Ok(Snapshot {
        version: version.to_owned(),
        generated_at: manifest.generated_at,
        feeds,
        views,
    })
}
