//! The snapshot as the server holds it: indexed, with header values prepared once per
//! snapshot rather than per request, and reloaded when `current` changes.

use crate::feeds::Lang;
use crate::model::FeedKind;
use crate::publish::{self, Snapshot, SnapshotError};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use warp::http::HeaderValue;
use warp::hyper::body::Bytes;

/// One servable feed.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub secret_sha256: [u8; 32],
    /// Lowercase hex SHA-256 of the body, unquoted.
    pub etag: String,
    /// `"<etag>"`.
    pub etag_header: HeaderValue,
    pub last_modified: DateTime<Utc>,
    pub last_modified_header: HeaderValue,
    pub body: Bytes,
}

/// A loaded snapshot.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub version: String,
    pub feeds: HashMap<(FeedKind, String, Lang), Entry>,
    /// Month views by (coordinator id, `YYYY-MM`, lang).
    pub views: HashMap<(String, String, Lang), Entry>,
    /// Each coordinator id's default view month (the first published).
    pub view_default: HashMap<String, String>,
}

impl Entry {
    pub(crate) fn cached(&self) -> super::http::Cached<'_> {
        super::http::Cached {
            etag: &self.etag,
            etag_header: &self.etag_header,
            last_modified: self.last_modified,
            last_modified_header: &self.last_modified_header,
            body: &self.body,
        }
    }
}

/// IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
pub(crate) fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

impl Loaded {
    /// This snapshot without the feeds whose secret hash is in `revoked` (see
    /// [`crate::publish::revoke`]): a revoked secret stops working even while the snapshot
    /// that lists it is still current.
    pub fn without(&self, revoked: &HashSet<[u8; 32]>) -> Loaded {
        Loaded {
            version: self.version.clone(),
            feeds: self
                .feeds
                .iter()
                .filter(|(_, e)| !revoked.contains(&e.secret_sha256))
                .map(|(k, e)| (k.clone(), e.clone()))
                .collect(),
            views: self
                .views
                .iter()
                .filter(|(_, e)| !revoked.contains(&e.secret_sha256))
                .map(|(k, e)| (k.clone(), e.clone()))
                .collect(),
            view_default: self.view_default.clone(),
        }
    }

    pub fn from_snapshot(s: Snapshot) -> Loaded {
        let mut feeds = HashMap::with_capacity(s.feeds.len());
        for f in s.feeds {
            // Both values are ASCII we produced (hex digits, an IMF-fixdate); a failure
            // would be a bug, and the entry is then skipped rather than served wrongly.
            let (Ok(etag_header), Ok(last_modified_header)) = (
                HeaderValue::from_str(&format!("\"{}\"", f.etag)),
                HeaderValue::from_str(&http_date(f.last_modified)),
            ) else {
                continue;
            };
            feeds.insert(
                (f.kind, f.id, f.lang),
                Entry {
                    secret_sha256: f.secret_sha256,
                    etag: f.etag,
                    etag_header,
                    last_modified: f.last_modified,
                    last_modified_header,
                    body: Bytes::from(f.body),
                },
            );
        }
        let mut views = HashMap::with_capacity(s.views.len());
        let mut view_default = HashMap::new();
        for v in s.views {
            let (Ok(etag_header), Ok(last_modified_header)) = (
                HeaderValue::from_str(&format!("\"{}\"", v.etag)),
                HeaderValue::from_str(&http_date(v.last_modified)),
            ) else {
                continue;
            };
            view_default
                .entry(v.id.clone())
                .or_insert_with(|| v.month.clone());
            views.insert(
                (v.id, v.month, v.lang),
                Entry {
                    secret_sha256: v.secret_sha256,
                    etag: v.etag,
                    etag_header,
                    last_modified: v.last_modified,
                    last_modified_header,
                    body: Bytes::from(v.body),
                },
            );
        }
        Loaded {
            version: s.version,
            feeds,
            views,
            view_default,
        }
    }
}

/// Shared between the request handlers and the poller.
#[derive(Debug)]
pub(crate) struct State {
    pub dir: PathBuf,
    current: RwLock<Option<Arc<Loaded>>>,
    /// The public page and calendars (`/public/...`), loaded from their own snapshot.
    public: RwLock<Option<Arc<super::public::PublicSite>>>,
}

impl State {
    pub fn new(dir: PathBuf) -> State {
        State {
            dir,
            current: RwLock::new(None),
            public: RwLock::new(None),
        }
    }

    /// The public site to answer `/public/...` from.
    pub fn public(&self) -> Option<Arc<super::public::PublicSite>> {
        match self.public.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    pub fn public_version(&self) -> Option<String> {
        self.public().map(|p| p.version.clone())
    }

    pub fn swap_public(&self, site: super::public::PublicSite) {
        let new = Some(Arc::new(site));
        match self.public.write() {
            Ok(mut g) => *g = new,
            Err(p) => *p.into_inner() = new,
        }
    }

    /// The snapshot to answer from (cheap: one `Arc` clone).
    pub fn current(&self) -> Option<Arc<Loaded>> {
        // A poisoned lock only means a panic elsewhere while swapping an Arc; the value is
        // still a complete snapshot.
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    pub fn loaded_version(&self) -> Option<String> {
        self.current().map(|l| l.version.clone())
    }

    pub fn swap(&self, loaded: Loaded) {
        let new = Some(Arc::new(loaded));
        match self.current.write() {
            Ok(mut g) => *g = new,
            Err(p) => *p.into_inner() = new,
        }
    }
}

/// Reads `version` from `dir` and prepares it for serving (blocking I/O).
pub(crate) fn load(dir: &Path, version: &str) -> Result<Loaded, SnapshotError> {
    publish::read_version(dir, version).map(Loaded::from_snapshot)
}
