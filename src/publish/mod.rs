//! Immutable feed snapshots on disk: written by every committing CLI command, read by the
//! server (or served as they are by any static host).
//!
//! sled allows one process per database, so `soudan serve` never opens it. Instead, each
//! command that commits a change renders all feeds and publishes a snapshot:
//!
//! ```text
//! <feeds-dir>/
//!   current                 one line: the current version directory, e.g. `v000042`
//!   v000042/manifest.json   kind, id, lang, secret hash, file, etag, last_modified per feed
//!   v000042/<etag>.ics      bodies, content-addressed, written once
//!   v000042/<etag>.html     the coordinator's month views (`view.html`, [`crate::view`])
//! ```
//!
//! The month view is published like a feed, under the coordinator feed's secret, so the
//! server can serve it without opening the database ([`RenderedView`]).
//!
//! A version directory is filled under a temporary name, fsynced and renamed into place;
//! only then is `current` replaced (write temp + fsync + rename + fsync of the directory).
//! A crash at any point leaves the previous snapshot current. The newest
//! [`KEEP_VERSIONS`] version directories are kept, because a server may still be loading
//! the previous one. Publishing takes an advisory lock (`.lock`) so two publishers never
//! interleave.

pub mod public;
mod revoke;
mod secret;
mod snapshot;

pub use revoke::{REVOKED_FILE, read_revoked, revoke};

pub use secret::{
    SECRET_BYTES, SecretError, etag_of, generate_secret, hash_secret, hex, parse_sha256_hex, sha256,
};
pub use snapshot::{
    Snapshot, SnapshotError, SnapshotFeed, SnapshotView, current_version, read_current,
    read_version,
};

use crate::feeds::{FeedData, FeedError, Lang, RenderedFeed, SkippedBooking};
use crate::model::{FeedKind, FeedSubscription};
use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Version directories kept after a publish (the new one included).
pub const KEEP_VERSIONS: usize = 3;
/// Name of the pointer file.
pub const CURRENT_FILE: &str = "current";
/// Name of the manifest inside a version directory.
pub const MANIFEST_FILE: &str = "manifest.json";
/// Manifest format written by this build; readers reject others.
pub const MANIFEST_FORMAT: u32 = 1;

/// The manifest of one snapshot (`manifest.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub version: String,
    pub generated_at: DateTime<Utc>,
    pub feeds: Vec<ManifestFeed>,
    /// Month views (absent in manifests written before views existed).
    #[serde(default)]
    pub views: Vec<ManifestView>,
}

/// One month view in a manifest: served at the coordinator feed `id`'s secret URL with
/// `/view.html` ([`crate::server`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestView {
    /// The coordinator subscription's id.
    pub id: String,
    /// `YYYY-MM`. The first view of an id in the manifest is its default month.
    pub month: String,
    #[serde(with = "crate::feeds::lang_code")]
    pub lang: Lang,
    pub secret_sha256: String,
    /// `<etag>.html`.
    pub file: String,
    pub etag: String,
    pub last_modified: DateTime<Utc>,
    pub bytes: u64,
}

/// One rendered month view, ready to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedView {
    pub id: String,
    pub month: String,
    pub lang: Lang,
    /// Lowercase hex SHA-256 of the coordinator feed's secret.
    pub secret_sha256: String,
    /// Lowercase hex SHA-256 of `body`.
    pub etag: String,
    pub body: String,
}

impl RenderedView {
    pub fn new(id: &str, month: &str, lang: Lang, secret: &str, body: String) -> RenderedView {
        RenderedView {
            id: id.to_string(),
            month: month.to_string(),
            lang,
            secret_sha256: hex(&sha256(secret.as_bytes())),
            etag: etag_of(body.as_bytes()),
            body,
        }
    }
}

/// One feed in a manifest. `kind` is the feed kind's code (`agency`, `interpreter`,
/// `coordinator`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFeed {
    pub kind: String,
    pub id: String,
    #[serde(with = "crate::feeds::lang_code")]
    pub lang: Lang,
    /// Lowercase hex SHA-256 of the subscription secret.
    pub secret_sha256: String,
    /// Body file name inside the version directory: `<etag>.ics`.
    pub file: String,
    /// Lowercase hex SHA-256 of the body (sent quoted as a strong ETag).
    pub etag: String,
    /// When this body was first published; unchanged while the etag is unchanged.
    pub last_modified: DateTime<Utc>,
    pub bytes: u64,
}

/// What a publish did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishOutcome {
    /// The version now current.
    pub version: String,
    /// False when nothing differed from the current snapshot, which was left in place.
    pub published: bool,
    pub feeds: usize,
    /// Feeds whose body is new or changed compared with the previous snapshot.
    pub changed: usize,
    /// Old version directories removed.
    pub removed: usize,
    /// Feeds left out because their secret is on the revocation list ([`revoke`]): the
    /// store still holds a secret that an interrupted `feeds rotate` revoked.
    pub revoked: Vec<(FeedKind, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("encoding the manifest: {0}")]
    Json(#[from] serde_json::Error),
    #[error("two feeds for {kind}/{id}/{lang} in one publish")]
    Duplicate {
        kind: String,
        id: String,
        lang: Lang,
    },
    #[error("two month views for {id}/{month}/{lang} in one publish")]
    DuplicateView {
        id: String,
        month: String,
        lang: Lang,
    },
    #[error("rendering feeds: {0}")]
    Render(#[from] FeedError),
    #[error("public file `{0}`: not a valid public path, or listed twice")]
    PublicPath(String),
    #[error("rendering the public page and calendars: {0}")]
    PublicRender(String),
}

/// The feeds folder inside a data directory: `<data-dir>/feeds`.
pub fn feeds_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("feeds")
}

/// What [`render_and_publish`] did, with what the caller should warn about.
#[derive(Debug, Clone)]
pub struct PublishReport {
    pub outcome: PublishOutcome,
    /// Bookings left out of every feed (session gone, slot out of range, request missing).
    pub skipped: Vec<SkippedBooking>,
    /// Subscriptions that could not be rendered; their URLs answer 404 until fixed.
    pub failed: Vec<(FeedKind, String, FeedError)>,
}

/// "Publish after commit" in one call: renders every subscription in both languages
/// ([`crate::feeds::render_all`]) and publishes the result into `dir` ([`publish`]).
pub fn render_and_publish(
    dir: &Path,
    data: &FeedData<'_>,
    subscriptions: &[FeedSubscription],
    now: DateTime<Utc>,
) -> Result<PublishReport, PublishError> {
    let set = crate::feeds::render_all(data, subscriptions)?;
    let outcome = publish(dir, &set.feeds, now)?;
    Ok(PublishReport {
        outcome,
        skipped: set.skipped,
        failed: set.failed,
    })
}

/// [`render_and_publish`], also publishing `views` (the coordinator's month views).
pub fn render_and_publish_with_views(
    dir: &Path,
    data: &FeedData<'_>,
    subscriptions: &[FeedSubscription],
    views: &[RenderedView],
    now: DateTime<Utc>,
) -> Result<PublishReport, PublishError> {
    let set = crate::feeds::render_all(data, subscriptions)?;
    let outcome = publish_with_views(dir, &set.feeds, views, now)?;
    Ok(PublishReport {
        outcome,
        skipped: set.skipped,
        failed: set.failed,
    })
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> PublishError {
    let path = path.to_path_buf();
    move |source| PublishError::Io {
        action,
        path,
        source,
    }
}

/// The number of a version directory name `vNNNNNN`; `None` for anything else.
pub fn version_number(name: &str) -> Option<u64> {
    numbered(name, FEEDS_PREFIX)
}

/// Version directories of the feed snapshots are `vNNNNNN`; the public site's `pNNNNNN`.
const FEEDS_PREFIX: char = 'v';

/// The number of a version directory named `<prefix>NNNNNN`.
fn numbered(name: &str, prefix: char) -> Option<u64> {
    let digits = name.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn write_synced(path: &Path, data: &[u8]) -> Result<(), PublishError> {
    let mut f = File::create(path).map_err(io("creating", path))?;
    f.write_all(data).map_err(io("writing", path))?;
    f.sync_all().map_err(io("syncing", path))
}

fn sync_dir(path: &Path) -> Result<(), PublishError> {
    File::open(path)
        .and_then(|d| d.sync_all())
        .map_err(io("syncing directory", path))
}

/// Version directories named `<prefix>NNNNNN` present, oldest first.
fn versions(dir: &Path, prefix: char) -> Result<Vec<(u64, String)>, PublishError> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).map_err(io("listing", dir))? {
        let entry = entry.map_err(io("listing", dir))?;
        if let Some(name) = entry.file_name().to_str()
            && let Some(n) = numbered(name, prefix)
        {
            out.push((n, name.to_owned()));
        }
    }
    out.sort();
    Ok(out)
}

/// A new version directory being filled: `tmp` is renamed to `dir/version` by
/// [`NewVersion::make_current`]. Shared by the feed snapshots and the public site, which
/// differ only in their files and their prefix.
struct NewVersion {
    dir: PathBuf,
    prefix: char,
    number: u64,
    version: String,
    tmp: PathBuf,
}

impl NewVersion {
    /// The next version in `dir` (after the newest present), with an empty temporary
    /// directory (a leftover of an interrupted publish is removed first).
    fn start(dir: &Path, prefix: char) -> Result<NewVersion, PublishError> {
        let number = versions(dir, prefix)?.last().map_or(1, |(n, _)| n + 1);
        let version = format!("{prefix}{number:06}");
        let tmp = dir.join(format!(".tmp-{version}"));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(io("removing", &tmp))?;
        }
        fs::create_dir(&tmp).map_err(io("creating", &tmp))?;
        Ok(NewVersion {
            dir: dir.to_path_buf(),
            prefix,
            number,
            version,
            tmp,
        })
    }

    /// Renames the filled directory into place and switches `current` to it, each step
    /// fsynced, then removes old versions; returns how many were removed.
    fn make_current(&self) -> Result<usize, PublishError> {
        let dir = &self.dir;
        sync_dir(&self.tmp)?;
        fs::rename(&self.tmp, dir.join(&self.version)).map_err(io("renaming", &self.tmp))?;
        sync_dir(dir)?;
        let current_tmp = dir.join(".current.tmp");
        write_synced(&current_tmp, format!("{}\n", self.version).as_bytes())?;
        let current = dir.join(CURRENT_FILE);
        fs::rename(&current_tmp, &current).map_err(io("renaming", &current_tmp))?;
        sync_dir(dir)?;
        Ok(collect_garbage(dir, self.prefix, self.number))
    }
}

/// Publishes `feeds` as a new snapshot in `dir` (created if needed) and makes it current.
///
/// `now` becomes `generated_at` and the `last_modified` of every body that differs from
/// the current snapshot's body for the same feed; unchanged bodies keep their date, so
/// `If-Modified-Since` keeps working across publishes. When nothing at all changed (same
/// feeds, bodies and secrets) no new version is written.
pub fn publish(
    dir: &Path,
    feeds: &[RenderedFeed],
    now: DateTime<Utc>,
) -> Result<PublishOutcome, PublishError> {
    publish_with_views(dir, feeds, &[], now)
}

/// [`publish`] with month views: each is kept (or dropped, when its secret is revoked) like
/// the coordinator feed whose secret it carries, and counts as a change like a feed body.
pub fn publish_with_views(
    dir: &Path,
    feeds: &[RenderedFeed],
    views: &[RenderedView],
    now: DateTime<Utc>,
) -> Result<PublishOutcome, PublishError> {
    let now = now.trunc_subsecs(0);
    fs::create_dir_all(dir).map_err(io("creating", dir))?;
    let lock_path = dir.join(".lock");
    let lock = File::create(&lock_path).map_err(io("creating", &lock_path))?;
    lock.lock().map_err(io("locking", &lock_path))?;

    // Secrets revoked by `feeds rotate` are never published again, even when the store still
    // holds them (a rotation killed between revoking and committing).
    let revoked_set = read_revoked(dir).map_err(io("reading", &dir.join(REVOKED_FILE)))?;
    let mut revoked = Vec::new();
    let feeds: Vec<&RenderedFeed> = feeds
        .iter()
        .filter(|f| {
            let listed =
                parse_sha256_hex(&f.secret_sha256).is_some_and(|h| revoked_set.contains(&h));
            if listed && !revoked.iter().any(|(k, id)| *k == f.kind && *id == f.id) {
                revoked.push((f.kind, f.id.clone()));
            }
            !listed
        })
        .collect();
    let views: Vec<&RenderedView> = views
        .iter()
        .filter(|v| !parse_sha256_hex(&v.secret_sha256).is_some_and(|h| revoked_set.contains(&h)))
        .collect();

    let previous = match read_current(dir) {
        Ok(s) => Some(s),
        Err(SnapshotError::NoSnapshot) => None,
        Err(e) => {
            tracing::warn!(error = %e, "current feed snapshot unreadable; publishing a fresh one");
            None
        }
    };
    let prev_feeds: HashMap<(String, &str, Lang), &SnapshotFeed> = previous
        .iter()
        .flat_map(|s| s.feeds.iter())
        .map(|f| ((f.kind.code().to_owned(), f.id.as_str(), f.lang), f))
        .collect();

    let mut seen = BTreeSet::new();
    let mut entries = Vec::with_capacity(feeds.len());
    let mut changed = 0;
    for f in &feeds {
        if !seen.insert((f.kind, f.id.as_str(), f.lang)) {
            return Err(PublishError::Duplicate {
                kind: f.kind.code().to_owned(),
                id: f.id.clone(),
                lang: f.lang,
            });
        }
        let prev = prev_feeds.get(&(f.kind.code().to_owned(), f.id.as_str(), f.lang));
        let last_modified = match prev {
            Some(p) if p.etag == f.etag => p.last_modified,
            _ => {
                changed += 1;
                now
            }
        };
        entries.push(ManifestFeed {
            kind: f.kind.code().to_owned(),
            id: f.id.clone(),
            lang: f.lang,
            secret_sha256: f.secret_sha256.clone(),
            file: format!("{}.ics", f.etag),
            etag: f.etag.clone(),
            last_modified,
            bytes: f.body.len() as u64,
        });
    }

    let prev_views: HashMap<(&str, &str, Lang), &SnapshotView> = previous
        .iter()
        .flat_map(|s| s.views.iter())
        .map(|v| ((v.id.as_str(), v.month.as_str(), v.lang), v))
        .collect();
    let mut seen_views = BTreeSet::new();
    let mut view_entries = Vec::with_capacity(views.len());
    for v in &views {
        if !seen_views.insert((v.id.as_str(), v.month.as_str(), v.lang)) {
            return Err(PublishError::DuplicateView {
                id: v.id.clone(),
                month: v.month.clone(),
                lang: v.lang,
            });
        }
        let last_modified = match prev_views.get(&(v.id.as_str(), v.month.as_str(), v.lang)) {
            Some(p) if p.etag == v.etag => p.last_modified,
            _ => {
                changed += 1;
                now
            }
        };
        view_entries.push(ManifestView {
            id: v.id.clone(),
            month: v.month.clone(),
            lang: v.lang,
            secret_sha256: v.secret_sha256.clone(),
            file: format!("{}.html", v.etag),
            etag: v.etag.clone(),
            last_modified,
            bytes: v.body.len() as u64,
        });
    }

    if let Some(prev) = &previous {
        let same_views = prev.views.len() == view_entries.len()
            && prev.views.iter().zip(&view_entries).all(|(p, e)| {
                p.id == e.id
                    && p.month == e.month
                    && p.lang == e.lang
                    && p.etag == e.etag
                    && hex(&p.secret_sha256) == e.secret_sha256
            });
        let same = same_views
            && prev.feeds.len() == entries.len()
            && entries.iter().all(|e| {
                prev_feeds
                    .get(&(e.kind.clone(), e.id.as_str(), e.lang))
                    .is_some_and(|p| p.etag == e.etag && hex(&p.secret_sha256) == e.secret_sha256)
            });
        if same {
            return Ok(PublishOutcome {
                version: prev.version.clone(),
                published: false,
                feeds: entries.len(),
                changed: 0,
                removed: 0,
                revoked,
            });
        }
    }

    let new = NewVersion::start(dir, FEEDS_PREFIX)?;
    let version = new.version.clone();
    let tmp = &new.tmp;
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        version: version.clone(),
        generated_at: now,
        feeds: entries,
        views: view_entries,
    };

    // Fill a temporary directory, then rename it into place.
    let mut written = BTreeSet::new();
    for f in &feeds {
        if written.insert(f.etag.as_str()) {
            write_synced(&tmp.join(format!("{}.ics", f.etag)), f.body.as_bytes())?;
        }
    }
    let mut written_views = BTreeSet::new();
    for v in &views {
        if written_views.insert(v.etag.as_str()) {
            write_synced(&tmp.join(format!("{}.html", v.etag)), v.body.as_bytes())?;
        }
    }
    write_synced(
        &tmp.join(MANIFEST_FILE),
        &serde_json::to_vec_pretty(&manifest)?,
    )?;
    let removed = new.make_current()?;
    tracing::info!(
        version = %version,
        feeds = manifest.feeds.len(),
        changed,
        removed,
        "published feed snapshot"
    );
    Ok(PublishOutcome {
        version,
        published: true,
        feeds: manifest.feeds.len(),
        changed,
        removed,
        revoked,
    })
}

/// Removes version directories older than the newest [`KEEP_VERSIONS`] and leftovers of
/// interrupted publishes. Failures are logged, never fatal: the snapshot is already current.
fn collect_garbage(dir: &Path, prefix: char, current: u64) -> usize {
    let mut removed = 0;
    let Ok(list) = versions(dir, prefix) else {
        return 0;
    };
    let keep_from = list.len().saturating_sub(KEEP_VERSIONS);
    for (n, name) in &list[..keep_from] {
        if *n == current {
            continue;
        }
        let path = dir.join(name);
        match fs::remove_dir_all(&path) {
            Ok(()) => removed += 1,
            Err(e) => {
                tracing::warn!(version = %name, error = %e, "could not remove old snapshot")
            }
        }
    }
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let leftover = format!(".tmp-{prefix}");
            if name.to_str().is_some_and(|n| n.starts_with(&leftover)) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
    removed
}
