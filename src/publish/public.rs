//! The public snapshot: the public page and calendars ([`crate::public`]), published next
//! to the feed snapshots so `soudan serve` can answer `/public/...` without opening the
//! database.
//!
//! ```text
//! <feeds-dir>/public/
//!   current                 one line: the current version directory, e.g. `p000007`
//!   p000007/manifest.json   path, content type, etag, last_modified, file per public file
//!   p000007/<etag>          bodies, content-addressed
//! ```
//!
//! A separate tree rather than more entries in the feed manifest: the feed snapshot is
//! about secrets (revocation, constant-time comparison), and nothing public should ever sit
//! next to that logic by accident. The same crash rules hold: a version directory is filled
//! under a temporary name, fsynced and renamed; then `current` is replaced atomically; the
//! newest [`super::KEEP_VERSIONS`] versions are kept.

use super::{PublishError, io, sha256, write_synced};
use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// Folder of the public snapshots inside the feeds folder.
pub const PUBLIC_DIR: &str = "public";
/// Manifest format written by this build; readers reject others.
pub const PUBLIC_MANIFEST_FORMAT: u32 = 1;

/// One file of the public site, as rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicFile {
    /// Path below `/public/`, e.g. `index.html`, `ne.ics`, `bar/ne.ics`.
    pub path: String,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// One entry of a public manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicEntry {
    pub path: String,
    pub content_type: String,
    /// Lowercase hex SHA-256 of the body; also the body's file name.
    pub etag: String,
    pub last_modified: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicManifest {
    pub format: u32,
    pub version: String,
    pub generated_at: DateTime<Utc>,
    pub files: Vec<PublicEntry>,
}

/// A loaded public snapshot: manifest entries with their bodies.
#[derive(Debug, Clone)]
pub struct PublicSnapshot {
    pub version: String,
    pub files: Vec<(PublicEntry, Vec<u8>)>,
}

/// What a public publish did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOutcome {
    pub version: String,
    /// False when nothing changed (the current snapshot was kept).
    pub published: bool,
    pub files: usize,
}

/// `<feeds-dir>/public`.
pub fn public_dir(feeds_dir: &Path) -> PathBuf {
    feeds_dir.join(PUBLIC_DIR)
}

/// Version directories of the public site: `pNNNNNN`.
const PUBLIC_PREFIX: char = 'p';

fn version_number(name: &str) -> Option<u64> {
    super::numbered(name, PUBLIC_PREFIX)
}

/// A path below `/public/` this module will write and the server will answer: lowercase
/// ASCII letters, digits, `-`, `.`, at most one `/`, no empty or dot-only segment.
pub fn valid_path(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    !path.is_empty()
        && path.len() <= 128
        && segments.len() <= 2
        && segments.iter().all(|s| {
            !s.is_empty()
                && !s.starts_with('.')
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        })
}

/// The current public manifest, if any.
pub fn read_public_manifest(feeds_dir: &Path) -> Result<Option<PublicManifest>, PublishError> {
    let dir = public_dir(feeds_dir);
    let Some(version) = current_public_version(feeds_dir)? else {
        return Ok(None);
    };
    let path = dir.join(&version).join(super::MANIFEST_FILE);
    let bytes = fs::read(&path).map_err(io("reading", &path))?;
    let m: PublicManifest = serde_json::from_slice(&bytes)?;
    Ok((m.format == PUBLIC_MANIFEST_FORMAT && m.version == version).then_some(m))
}

/// The version `public/current` names (`None` when nothing was published yet).
pub fn current_public_version(feeds_dir: &Path) -> Result<Option<String>, PublishError> {
    let path = public_dir(feeds_dir).join(super::CURRENT_FILE);
    match fs::read_to_string(&path) {
        Ok(s) => {
            let v = s.trim().to_owned();
            Ok(version_number(&v).map(|_| v))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io("reading", &path)(e)),
    }
}

/// Reads public snapshot `version` with every body, checking each against its etag (a
/// damaged body makes the whole snapshot unusable, so the server keeps the last good one).
pub fn read_public_version(
    feeds_dir: &Path,
    version: &str,
) -> Result<PublicSnapshot, PublishError> {
    let dir = public_dir(feeds_dir).join(version);
    let path = dir.join(super::MANIFEST_FILE);
    let bytes = fs::read(&path).map_err(io("reading", &path))?;
    let m: PublicManifest = serde_json::from_slice(&bytes)?;
    let damaged = |what: &str| PublishError::Io {
        action: "checking",
        path: path.clone(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned()),
    };
    if m.format != PUBLIC_MANIFEST_FORMAT || m.version != version {
        return Err(damaged("unknown manifest format or version"));
    }
    let mut files = Vec::with_capacity(m.files.len());
    for e in m.files {
        if !valid_path(&e.path)
            || e.etag.len() != 64
            || !e.etag.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(damaged("bad entry"));
        }
        let body_path = dir.join(&e.etag);
        let body = fs::read(&body_path).map_err(io("reading", &body_path))?;
        if super::hex(&sha256(&body)) != e.etag {
            return Err(damaged("body does not match its etag"));
        }
        files.push((e, body));
    }
    Ok(PublicSnapshot {
        version: m.version,
        files,
    })
}

/// Publishes `files` as the new public snapshot under `feeds_dir` (unless identical to the
/// current one). `now` is the last-modified date of changed files.
pub fn publish_public(
    feeds_dir: &Path,
    files: &[PublicFile],
    now: DateTime<Utc>,
) -> Result<PublicOutcome, PublishError> {
    let now = now.trunc_subsecs(0);
    let dir = public_dir(feeds_dir);
    fs::create_dir_all(&dir).map_err(io("creating", &dir))?;
    let lock_path = dir.join(".lock");
    let lock = File::create(&lock_path).map_err(io("creating", &lock_path))?;
    lock.lock().map_err(io("locking", &lock_path))?;

    let previous = match read_public_manifest(feeds_dir) {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(error = %e, "current public snapshot unreadable; publishing a fresh one");
            None
        }
    };
    let prev: HashMap<&str, &PublicEntry> = previous
        .iter()
        .flat_map(|m| m.files.iter())
        .map(|e| (e.path.as_str(), e))
        .collect();
    let mut seen = BTreeSet::new();
    let mut entries = Vec::with_capacity(files.len());
    for f in files {
        if !valid_path(&f.path) || !seen.insert(f.path.as_str()) {
            return Err(PublishError::PublicPath(f.path.clone()));
        }
        let etag = super::hex(&sha256(&f.body));
        let last_modified = match prev.get(f.path.as_str()) {
            Some(p) if p.etag == etag => p.last_modified,
            _ => now,
        };
        entries.push(PublicEntry {
            path: f.path.clone(),
            content_type: f.content_type.to_owned(),
            etag,
            last_modified,
        });
    }
    if let Some(p) = &previous
        && p.files.len() == entries.len()
        && entries
            .iter()
            .all(|e| prev.get(e.path.as_str()).is_some_and(|x| x.etag == e.etag))
    {
        return Ok(PublicOutcome {
            version: p.version.clone(),
            published: false,
            files: entries.len(),
        });
    }

    let new = super::NewVersion::start(&dir, PUBLIC_PREFIX)?;
    let version = new.version.clone();
    let mut written = BTreeSet::new();
    for (f, e) in files.iter().zip(&entries) {
        if written.insert(e.etag.clone()) {
            write_synced(&new.tmp.join(&e.etag), &f.body)?;
        }
    }
    let manifest = PublicManifest {
        format: PUBLIC_MANIFEST_FORMAT,
        version: version.clone(),
        generated_at: now,
        files: entries,
    };
    write_synced(
        &new.tmp.join(super::MANIFEST_FILE),
        &serde_json::to_vec_pretty(&manifest)?,
    )?;
    // Into place, `current` switched, versions older than the newest few removed (a server
    // may still be reading the previous one).
    new.make_current()?;
    Ok(PublicOutcome {
        version,
        published: true,
        files: manifest.files.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        for ok in ["index.html", "ne.ics", "ja-x-easy.ics", "bar/en.ics"] {
            assert!(valid_path(ok), "{ok}");
        }
        for bad in [
            "", "../x", "a/../b", "A.ics", "a//b", ".hidden", "a/b/c", "x y",
        ] {
            assert!(!valid_path(bad), "{bad}");
        }
    }

    #[test]
    fn publish_read_back_and_skip_when_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        let files = vec![
            PublicFile {
                path: "index.html".into(),
                content_type: "text/html; charset=utf-8",
                body: b"<p>hi</p>".to_vec(),
            },
            PublicFile {
                path: "bar/en.ics".into(),
                content_type: "text/calendar; charset=utf-8",
                body: b"BEGIN:VCALENDAR".to_vec(),
            },
        ];
        let now = Utc::now();
        let a = publish_public(tmp.path(), &files, now).unwrap();
        assert!(a.published);
        let b = publish_public(tmp.path(), &files, now).unwrap();
        assert!(!b.published);
        assert_eq!(a.version, b.version);
        let snap = read_public_version(tmp.path(), &a.version).unwrap();
        assert_eq!(snap.files.len(), 2);
        assert_eq!(snap.files[1].1, b"BEGIN:VCALENDAR");
        // A damaged body makes the version unusable.
        let etag = &snap.files[0].0.etag;
        fs::write(public_dir(tmp.path()).join(&a.version).join(etag), "x").unwrap();
        assert!(read_public_version(tmp.path(), &a.version).is_err());
    }
}
