//! The revocation list: hashes of feed secrets that must never be served again.
//!
//! Why a list of its own, outside the store and the snapshots: `soudan feeds rotate` changes
//! a secret in the store and then publishes a snapshot without the old one. A kill between
//! the two (or a publish that fails) used to leave the old URL working until the next
//! publish. Now `rotate` first appends the old secret's hash to `<feeds-dir>/revoked`
//! (temporary file, fsync, rename, fsync of the folder), then commits, then publishes. From
//! the moment the list is on disk:
//! - the server drops every feed whose secret hash is listed, from the snapshot it serves and
//!   from every snapshot it loads later (it rereads the list on every poll);
//! - [`publish`](super::publish) leaves such feeds out of new snapshots, even when the store
//!   still holds the old secret because the kill came before the commit (then the feed stays
//!   dark until `soudan feeds rotate` is run again, and `soudan feeds list` says so).
//!
//! A secret is 128 random bits, so an entry never matches a future secret; the list grows by
//! 65 bytes per rotation and is never pruned.

use super::{PublishError, io, parse_sha256_hex, sync_dir, write_synced};
use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{ErrorKind, Read};
use std::path::Path;

/// Name of the list inside the feeds folder.
pub const REVOKED_FILE: &str = "revoked";
/// The list is read whole; a million rotations fit.
const MAX_REVOKED_BYTES: u64 = 64 << 20;

/// Appends `secret_sha256` (lowercase hex) to the revocation list of `dir`, durably, under
/// the publish lock. Does nothing when it is already listed.
pub fn revoke(dir: &Path, secret_sha256: &str) -> Result<(), PublishError> {
    fs::create_dir_all(dir).map_err(io("creating", dir))?;
    let lock_path = dir.join(".lock");
    let lock = File::create(&lock_path).map_err(io("creating", &lock_path))?;
    lock.lock().map_err(io("locking", &lock_path))?;
    let path = dir.join(REVOKED_FILE);
    let mut text = match read_text(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io("reading", &path)(e)),
    };
    if text.lines().any(|l| l.trim() == secret_sha256) {
        return Ok(());
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(secret_sha256);
    text.push('\n');
    let tmp = dir.join(".revoked.tmp");
    write_synced(&tmp, text.as_bytes())?;
    fs::rename(&tmp, &path).map_err(io("renaming", &tmp))?;
    sync_dir(dir)?;
    tracing::info!("revoked a feed secret");
    Ok(())
}

fn read_text(path: &Path) -> std::io::Result<String> {
    let mut s = String::new();
    File::open(path)?
        .take(MAX_REVOKED_BYTES)
        .read_to_string(&mut s)?;
    Ok(s)
}

/// The revoked secret hashes of `dir` (empty when nothing was ever revoked). Lines that are
/// not 64 hex digits are skipped with a warning.
pub fn read_revoked(dir: &Path) -> std::io::Result<HashSet<[u8; 32]>> {
    let text = match read_text(&dir.join(REVOKED_FILE)) {
        Ok(t) => t,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => return Err(e),
    };
    let mut out = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match parse_sha256_hex(line) {
            Some(h) => {
                out.insert(h);
            }
            None => tracing::warn!(
                line = i + 1,
                "skipping a malformed line of the revocation list"
            ),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revoked_hashes_are_listed_once() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("feeds");
        assert!(read_revoked(&dir).unwrap().is_empty());
        let h = crate::secret::hash("old");
        revoke(&dir, &h).unwrap();
        revoke(&dir, &h).unwrap();
        revoke(&dir, &crate::secret::hash("older")).unwrap();
        let set = read_revoked(&dir).unwrap();
        assert_eq!(set.len(), 2);
        assert!(set.contains(&crate::secret::sha256(b"old")));
        let text = std::fs::read_to_string(dir.join(REVOKED_FILE)).unwrap();
        assert_eq!(text.lines().count(), 2);
    }

    fn feed(id: &str, secret: &str) -> crate::feeds::RenderedFeed {
        let body = format!("BEGIN:VCALENDAR\r\nX-ID:{id}\r\nEND:VCALENDAR\r\n");
        crate::feeds::RenderedFeed {
            kind: crate::model::FeedKind::Agency,
            id: id.into(),
            lang: crate::feeds::Lang::Ja,
            secret_sha256: crate::secret::hash(secret),
            etag: super::super::etag_of(body.as_bytes()),
            body,
            events: 0,
        }
    }

    #[test]
    fn publish_leaves_revoked_secrets_out_and_reports_them() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("feeds");
        let now = chrono::Utc::now();
        let feeds = [feed("a", "s-a"), feed("b", "s-b")];
        super::super::publish(&dir, &feeds, now).unwrap();
        revoke(&dir, &crate::secret::hash("s-a")).unwrap();
        let out = super::super::publish(&dir, &feeds, now).unwrap();
        assert_eq!(
            out.revoked,
            vec![(crate::model::FeedKind::Agency, "a".to_string())]
        );
        let snap = super::super::read_current(&dir).unwrap();
        let ids: Vec<&str> = snap.feeds.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["b"]);
    }
}
