//! Snapshots on disk: atomic publish, stable Last-Modified, no-op republish, garbage
//! collection, crash leftovers, damage detection, and no raw secret anywhere.

use crate::feeds_fixture::*;
use soudan::feeds::{self, Lang, RenderedFeed};
use soudan::model::FeedKind;
use soudan::publish::{self, KEEP_VERSIONS, SnapshotError, hash_secret};
use std::fs;
use std::path::Path;

fn rendered(w: &World) -> Vec<RenderedFeed> {
    feeds::render_all(&w.data(), &w.subscriptions)
        .unwrap()
        .feeds
}

fn version_dirs(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| publish::version_number(n).is_some())
        .collect();
    v.sort();
    v
}

#[test]
fn publish_then_read_back() {
    let w = world();
    let feeds = rendered(&w);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("feeds");
    let out = publish::publish(&dir, &feeds, utc(2026, 11, 28, 10, 0)).unwrap();
    assert!(out.published);
    assert_eq!(out.version, "v000001");
    assert_eq!(out.feeds, feeds.len());
    assert_eq!(
        fs::read_to_string(dir.join("current")).unwrap(),
        "v000001\n"
    );
    let snap = publish::read_current(&dir).unwrap();
    assert_eq!(snap.version, "v000001");
    assert_eq!(snap.feeds.len(), feeds.len());
    for f in &feeds {
        let s = snap
            .feeds
            .iter()
            .find(|s| s.kind == f.kind && s.id == f.id && s.lang == f.lang)
            .unwrap();
        assert_eq!(s.body, f.body.as_bytes());
        assert_eq!(s.etag, f.etag);
        assert_eq!(
            publish::hex(&s.secret_sha256),
            hash_secret(&secret_for(f.kind, &f.id))
        );
        assert_eq!(s.last_modified, utc(2026, 11, 28, 10, 0));
        assert!(
            dir.join("v000001")
                .join(format!("{}.ics", f.etag))
                .is_file()
        );
    }
    // The raw secrets are nowhere on disk.
    let manifest = fs::read_to_string(dir.join("v000001/manifest.json")).unwrap();
    for s in &w.subscriptions {
        assert!(!manifest.contains(&s.secret));
    }
}

#[test]
fn last_modified_moves_only_for_changed_bodies_and_noop_publishes_nothing() {
    let mut w = world();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let t0 = utc(2026, 11, 28, 10, 0);
    let t1 = utc(2026, 11, 28, 11, 0);
    publish::publish(dir, &rendered(&w), t0).unwrap();
    let again = publish::publish(dir, &rendered(&w), t1).unwrap();
    assert!(!again.published, "nothing changed");
    assert_eq!(again.version, "v000001");
    assert_eq!(version_dirs(dir), ["v000001"]);

    w.move_booking("B-0010", "bar-2026-12-26", 1);
    let out = publish::publish(dir, &rendered(&w), t1).unwrap();
    assert!(out.published);
    assert_eq!(out.version, "v000002");
    let snap = publish::read_current(dir).unwrap();
    assert_eq!(snap.generated_at, t1);
    for f in &snap.feeds {
        let shows_b10 = matches!(
            (f.kind, f.id.as_str()),
            (FeedKind::Agency, "bar")
                | (FeedKind::Interpreter, "remote-ne-ktm")
                | (FeedKind::Coordinator, _)
        );
        let want = if shows_b10 { t1 } else { t0 };
        assert_eq!(f.last_modified, want, "{}/{}/{}", f.kind, f.id, f.lang);
    }
    assert_eq!(out.changed, 6);
}

#[test]
fn rotating_a_secret_publishes_a_new_version() {
    let mut w = world();
    let tmp = tempfile::tempdir().unwrap();
    publish::publish(tmp.path(), &rendered(&w), utc(2026, 11, 28, 10, 0)).unwrap();
    w.subscription_mut(FeedKind::Agency, "bar").secret = publish::generate_secret().unwrap();
    let out = publish::publish(tmp.path(), &rendered(&w), utc(2026, 11, 28, 10, 5)).unwrap();
    assert!(out.published);
    assert_eq!(out.changed, 0, "bodies are unchanged");
    let snap = publish::read_current(tmp.path()).unwrap();
    let bar = snap
        .feeds
        .iter()
        .find(|f| f.id == "bar" && f.lang == Lang::Ja)
        .unwrap();
    assert_eq!(
        publish::hex(&bar.secret_sha256),
        hash_secret(&w.subscription(FeedKind::Agency, "bar").secret)
    );
    assert_eq!(bar.last_modified, utc(2026, 11, 28, 10, 0));
}

#[test]
fn old_versions_are_collected_keeping_the_newest() {
    let mut w = world();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for i in 0..6u32 {
        w.booking_mut("B-0001").sequence = 10 + i;
        publish::publish(dir, &rendered(&w), utc(2026, 11, 28, 10, i)).unwrap();
    }
    assert_eq!(version_dirs(dir), ["v000004", "v000005", "v000006"]);
    assert_eq!(KEEP_VERSIONS, 3);
    assert_eq!(publish::read_current(dir).unwrap().version, "v000006");
}

#[test]
fn an_interrupted_publish_leaves_the_previous_snapshot_current() {
    let w = world();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    publish::publish(dir, &rendered(&w), utc(2026, 11, 28, 10, 0)).unwrap();
    // What a crash can leave behind: a half-written version dir and a pointer temp file.
    fs::create_dir(dir.join(".tmp-v000002")).unwrap();
    fs::write(dir.join(".tmp-v000002/half.ics"), "BEGIN:VCAL").unwrap();
    fs::write(dir.join(".current.tmp"), "v0000").unwrap();
    assert_eq!(publish::read_current(dir).unwrap().version, "v000001");
    let mut w2 = world();
    w2.booking_mut("B-0001").sequence = 7;
    let out = publish::publish(dir, &rendered(&w2), utc(2026, 11, 28, 10, 1)).unwrap();
    assert_eq!(out.version, "v000002");
    assert!(!dir.join(".tmp-v000002").exists());
    assert_eq!(publish::read_current(dir).unwrap().version, "v000002");
}

#[test]
fn damage_is_detected_with_typed_errors() {
    let w = world();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assert!(matches!(
        publish::read_current(dir),
        Err(SnapshotError::NoSnapshot)
    ));
    publish::publish(dir, &rendered(&w), utc(2026, 11, 28, 10, 0)).unwrap();

    let vdir = dir.join("v000001");
    let some_body = fs::read_dir(&vdir)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().ends_with(".ics"))
        .unwrap()
        .path();
    let original = fs::read(&some_body).unwrap();
    fs::write(&some_body, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").unwrap();
    assert!(matches!(
        publish::read_current(dir),
        Err(SnapshotError::Damaged { .. })
    ));
    fs::remove_file(&some_body).unwrap();
    assert!(matches!(
        publish::read_current(dir),
        Err(SnapshotError::Io { .. })
    ));
    fs::write(&some_body, original).unwrap();
    assert!(publish::read_current(dir).is_ok());

    let manifest = vdir.join("manifest.json");
    let good = fs::read(&manifest).unwrap();
    fs::write(&manifest, b"{ not json").unwrap();
    assert!(matches!(
        publish::read_current(dir),
        Err(SnapshotError::Manifest { .. })
    ));
    let traversal =
        String::from_utf8(good.clone())
            .unwrap()
            .replacen("\"file\": \"", "\"file\": \"../", 1);
    fs::write(&manifest, traversal).unwrap();
    assert!(matches!(
        publish::read_current(dir),
        Err(SnapshotError::Damaged { .. })
    ));
    fs::write(&manifest, good).unwrap();

    fs::write(dir.join("current"), "../../etc\n").unwrap();
    assert!(matches!(
        publish::read_current(dir),
        Err(SnapshotError::BadCurrent)
    ));
    fs::write(dir.join("current"), "v000009\n").unwrap();
    assert!(matches!(
        publish::read_current(dir),
        Err(SnapshotError::Io { .. })
    ));
    // A damaged current does not stop the next publish.
    let out = publish::publish(dir, &rendered(&w), utc(2026, 11, 28, 10, 1)).unwrap();
    assert!(out.published);
    assert_eq!(publish::read_current(dir).unwrap().version, "v000002");
}

#[test]
fn render_and_publish_in_one_call() {
    let w = world();
    let tmp = tempfile::tempdir().unwrap();
    let dir = publish::feeds_dir(tmp.path());
    let report =
        publish::render_and_publish(&dir, &w.data(), &w.subscriptions, utc(2026, 11, 28, 10, 0))
            .unwrap();
    assert!(report.outcome.published);
    assert_eq!(report.outcome.feeds, w.subscriptions.len() * 2);
    // B-0008's session does not exist: it is shown as being rescheduled, not left out.
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert!(report.failed.is_empty());
    assert_eq!(
        publish::read_current(&dir).unwrap().version,
        report.outcome.version
    );
    let mut bad = world();
    bad.center.timezone = "Atlantis/Capital".into();
    let err = publish::render_and_publish(
        &dir,
        &bad.data(),
        &bad.subscriptions,
        utc(2026, 11, 28, 11, 0),
    );
    assert!(matches!(err, Err(publish::PublishError::Render(_))));
    assert_eq!(publish::read_current(&dir).unwrap().version, "v000001");
}

/// `soudan feeds list` and `feeds rotate` print the feed addresses with the base URL set by
/// `soudan public set --base-url` (where the server is reached); `--base-url` still wins.
/// Before the fix they always printed http://127.0.0.1:8080, which a coordinator then sent
/// to an agency.
#[test]
fn feed_urls_use_the_configured_base_url() {
    use crate::common::{ok, tiny};
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    ok(
        &db,
        &["import", tiny().to_str().unwrap(), "--month", "2026-12"],
    );
    ok(
        &db,
        &["public", "set", "--base-url", "https://soudan.example.jp/"],
    );
    let list = ok(&db, &["feeds", "list"]);
    let urls: Vec<&str> = list
        .split_whitespace()
        .filter(|w| w.contains("://"))
        .collect();
    assert!(!urls.is_empty(), "{list}");
    for u in &urls {
        assert!(
            u.starts_with("https://soudan.example.jp/feeds/"),
            "{u} in {list}"
        );
    }
    assert!(!list.contains("127.0.0.1"), "{list}");
    let given = ok(
        &db,
        &["feeds", "list", "--base-url", "http://localhost:9000"],
    );
    assert!(given.contains("http://localhost:9000/feeds/"), "{given}");
    assert!(!given.contains("soudan.example.jp"), "{given}");
    let rotated = ok(&db, &["feeds", "rotate", "coordinator", "center"]);
    assert!(
        rotated.contains("https://soudan.example.jp/feeds/coordinator/"),
        "{rotated}"
    );
}
