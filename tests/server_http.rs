//! The real server on 127.0.0.1:0, spoken to over loopback with a minimal HTTP/1.1 client.
//! No assertion depends on timing: waits poll with generous deadlines.

mod feeds_fixture;

use feeds_fixture::check::parse_events;
use feeds_fixture::*;
use soudan::feeds::{self, Lang, RenderedFeed};
use soudan::model::FeedKind;
use soudan::publish;
use soudan::server::{Server, ServerError, ServerOptions};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const PATIENCE: Duration = Duration::from_secs(30);

#[derive(Debug)]
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Headers that may differ between two equal answers (the date) removed.
    fn comparable(&self) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let mut h: Vec<_> = self
            .headers
            .iter()
            .filter(|(k, _)| k != "date")
            .cloned()
            .collect();
        h.sort();
        (self.status, h, self.body.clone())
    }
}

/// Sends raw bytes, reads until the server closes, parses the answer.
async fn raw(addr: SocketAddr, request: &[u8]) -> Resp {
    let fut = async {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(request).await.unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).await.unwrap();
        buf
    };
    let buf = tokio::time::timeout(PATIENCE, fut)
        .await
        .expect("answer in time");
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = std::str::from_utf8(&buf[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|l| {
            let (k, v) = l.split_once(':').unwrap();
            (k.trim().to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    Resp {
        status,
        headers,
        body: buf[split + 4..].to_vec(),
    }
}

async fn send(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)]) -> Resp {
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    raw(addr, req.as_bytes()).await
}

async fn get(addr: SocketAddr, target: &str) -> Resp {
    send(addr, "GET", target, &[]).await
}

fn url(kind: FeedKind, id: &str, secret: &str, lang: Lang) -> String {
    let q = if lang == Lang::En { "?lang=en" } else { "" };
    format!("/feeds/{kind}/{id}/{secret}.ics{q}")
}

fn url_of(w: &World, kind: FeedKind, id: &str, lang: Lang) -> String {
    url(kind, id, &w.subscription(kind, id).secret, lang)
}

struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), ServerError>>,
}

impl Running {
    async fn start(dir: &Path) -> Running {
        let options = ServerOptions {
            poll_interval: Duration::from_millis(100),
            shutdown_timeout: Duration::from_secs(5),
            ..ServerOptions::default()
        };
        let bound = Server::bind("127.0.0.1:0".parse().unwrap(), dir, options)
            .await
            .unwrap();
        let addr = bound.local_addr();
        assert!(addr.ip().is_loopback() && addr.port() != 0);
        let (tx, rx) = oneshot::channel();
        let task = tokio::spawn(bound.run(async {
            let _ = rx.await;
        }));
        Running {
            addr,
            stop: Some(tx),
            task,
        }
    }

    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(PATIENCE, self.task)
            .await
            .expect("stops in time")
            .unwrap()
            .unwrap();
    }
}

fn rendered(w: &World) -> Vec<RenderedFeed> {
    feeds::render_all(&w.data(), &w.subscriptions)
        .unwrap()
        .feeds
}

fn published(w: &World) -> (tempfile::TempDir, PathBuf, Vec<RenderedFeed>) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("feeds");
    let feeds = rendered(w);
    publish::publish(&dir, &feeds, utc(2026, 11, 28, 10, 0)).unwrap();
    (tmp, dir, feeds)
}

/// Polls `check` until it holds or PATIENCE runs out.
async fn eventually<F, Fut>(mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_every_kind_and_language() {
    let w = world();
    let (_tmp, dir, feeds) = published(&w);
    let s = Running::start(&dir).await;
    for f in &feeds {
        let r = get(s.addr, &url_of(&w, f.kind, &f.id, f.lang)).await;
        assert_eq!(r.status, 200, "{}/{}/{}", f.kind, f.id, f.lang);
        assert_eq!(
            r.header("content-type"),
            Some("text/calendar; charset=utf-8")
        );
        assert_eq!(r.header("etag").unwrap(), format!("\"{}\"", f.etag));
        assert_eq!(
            r.header("last-modified"),
            Some("Sat, 28 Nov 2026 10:00:00 GMT")
        );
        assert_eq!(r.header("cache-control"), Some("private, max-age=300"));
        assert_eq!(
            r.header("content-length").unwrap(),
            f.body.len().to_string()
        );
        assert!(r.header("content-encoding").is_none());
        assert_eq!(r.body, f.body.as_bytes());
        let evs = parse_events(std::str::from_utf8(&r.body).unwrap());
        assert_eq!(evs.len(), f.events);
    }
    // Same body whatever the client says it accepts, and no compression unless asked.
    let u = url_of(&w, FeedKind::Agency, "bar", Lang::Ja);
    let plain = get(s.addr, &u).await;
    let fancy = send(
        s.addr,
        "GET",
        &u,
        &[
            ("Accept", "application/json"),
            ("Accept-Encoding", "identity"),
        ],
    )
    .await;
    assert_eq!(plain.body, fancy.body);
    assert_eq!(fancy.status, 200);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conditional_requests() {
    let w = world();
    let (_tmp, dir, feeds) = published(&w);
    let s = Running::start(&dir).await;
    let f = feeds
        .iter()
        .find(|f| f.kind == FeedKind::Interpreter && f.lang == Lang::En)
        .unwrap();
    let u = url_of(&w, f.kind, &f.id, f.lang);
    let etag = format!("\"{}\"", f.etag);
    let weak = format!("W/{etag}");
    let list = format!("\"nope\", {etag}");
    for inm in [etag.as_str(), weak.as_str(), list.as_str(), "*"] {
        let r = send(s.addr, "GET", &u, &[("If-None-Match", inm)]).await;
        assert_eq!(r.status, 304, "{inm}");
        assert!(r.body.is_empty());
        assert_eq!(r.header("etag"), Some(etag.as_str()));
    }
    let r = send(s.addr, "GET", &u, &[("If-None-Match", "\"0000\"")]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, f.body.as_bytes());
    let lm = "Sat, 28 Nov 2026 10:00:00 GMT";
    assert_eq!(
        send(s.addr, "GET", &u, &[("If-Modified-Since", lm)])
            .await
            .status,
        304
    );
    assert_eq!(
        send(
            s.addr,
            "GET",
            &u,
            &[("If-Modified-Since", "Sat, 28 Nov 2026 11:00:00 GMT")]
        )
        .await
        .status,
        304
    );
    assert_eq!(
        send(
            s.addr,
            "GET",
            &u,
            &[("If-Modified-Since", "Sat, 28 Nov 2026 09:59:59 GMT")]
        )
        .await
        .status,
        200
    );
    assert_eq!(
        send(s.addr, "GET", &u, &[("If-Modified-Since", "yesterday")])
            .await
            .status,
        200
    );
    // If-None-Match wins over If-Modified-Since.
    let r = send(
        s.addr,
        "GET",
        &u,
        &[("If-None-Match", "\"0000\""), ("If-Modified-Since", lm)],
    )
    .await;
    assert_eq!(r.status, 200);
    // HEAD honours conditions too.
    assert_eq!(
        send(s.addr, "HEAD", &u, &[("If-None-Match", &etag)])
            .await
            .status,
        304
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn head_sends_headers_without_body() {
    let w = world();
    let (_tmp, dir, feeds) = published(&w);
    let s = Running::start(&dir).await;
    let f = &feeds[0];
    let r = send(s.addr, "HEAD", &url_of(&w, f.kind, &f.id, f.lang), &[]).await;
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty(), "HEAD carried {} bytes", r.body.len());
    assert_eq!(
        r.header("content-length").unwrap(),
        f.body.len().to_string()
    );
    assert_eq!(r.header("etag").unwrap(), format!("\"{}\"", f.etag));
    assert_eq!(
        r.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    let h = send(s.addr, "HEAD", "/healthz", &[]).await;
    assert_eq!(h.status, 200);
    assert!(h.body.is_empty());
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_feeds_wrong_secrets_and_bad_paths_all_look_the_same() {
    let w = world();
    let (_tmp, dir, _) = published(&w);
    let s = Running::start(&dir).await;
    let good_secret = w.subscription(FeedKind::Agency, "bar").secret.clone();
    let other_secret = w
        .subscription(FeedKind::Agency, "immigration")
        .secret
        .clone();
    let reference = get(
        s.addr,
        &url(FeedKind::Agency, "bar", &other_secret, Lang::Ja),
    )
    .await;
    assert_eq!(reference.status, 404);
    assert_eq!(reference.body, b"not found\n");
    let targets = [
        url(FeedKind::Agency, "nobody", &good_secret, Lang::Ja),
        url(FeedKind::Interpreter, "bar", &good_secret, Lang::Ja),
        format!("/feeds/martian/bar/{good_secret}.ics"),
        format!("/feeds/agency/bar/{good_secret}"),
        format!("/feeds/agency/bar/{good_secret}.ics/extra"),
        format!("/feeds/agency/bar/{}.ics", good_secret.to_uppercase()),
        format!("/feeds/agency/bar/{good_secret}x.ics"),
        "/feeds/agency/bar/.ics".to_owned(),
        "/feeds/../../etc/passwd".to_owned(),
        format!("/feeds/agency/%2e%2e/{good_secret}.ics"),
        "/feeds/agency/bar/%ff%fe.ics".to_owned(),
        "/feeds/agency/bar/%zz.ics".to_owned(),
        "/nothing-here".to_owned(),
        "/".to_owned(),
    ];
    for t in &targets {
        let r = get(s.addr, t).await;
        assert_eq!(r.comparable(), reference.comparable(), "{t}");
    }
    // Overlong path: 4xx, and the server keeps working.
    let long = format!("/feeds/agency/bar/{}.ics", "a".repeat(5000));
    let r = get(s.addr, &long).await;
    assert!((400..500).contains(&r.status), "{}", r.status);
    // Not HTTP at all, and raw invalid UTF-8 in the request line.
    let r = raw(s.addr, b"\xff\xfe GARBAGE\r\n\r\n").await;
    assert!((400..500).contains(&r.status), "{}", r.status);
    let r = raw(
        s.addr,
        b"GET /feeds/agency/\xff\xfe/x.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!((400..500).contains(&r.status), "{}", r.status);
    let r = get(
        s.addr,
        &url(FeedKind::Agency, "bar", &good_secret, Lang::Ja),
    )
    .await;
    assert_eq!(r.status, 200, "still serving after hostile input");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_methods_get_405() {
    let w = world();
    let (_tmp, dir, _) = published(&w);
    let s = Running::start(&dir).await;
    let u = url_of(&w, FeedKind::Agency, "bar", Lang::Ja);
    for m in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        for target in [u.as_str(), "/healthz", "/feeds/agency/nobody/x.ics"] {
            let r = send(s.addr, m, target, &[("Content-Length", "0")]).await;
            assert_eq!(r.status, 405, "{m} {target}");
            assert_eq!(r.header("allow"), Some("GET, HEAD"));
        }
    }
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_and_an_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("feeds");
    let s = Running::start(&dir).await;
    let h = get(s.addr, "/healthz").await;
    assert_eq!(h.status, 503);
    let w = world();
    assert_eq!(
        get(s.addr, &url_of(&w, FeedKind::Agency, "bar", Lang::Ja))
            .await
            .status,
        404
    );
    // The first publish while running is picked up.
    publish::publish(&dir, &rendered(&w), utc(2026, 11, 28, 10, 0)).unwrap();
    let addr = s.addr;
    assert!(
        eventually(|| async move { get(addr, "/healthz").await.body == b"ok v000001\n" }).await
    );
    assert_eq!(
        get(s.addr, &url_of(&w, FeedKind::Agency, "bar", Lang::Ja))
            .await
            .status,
        200
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_snapshots_and_rotated_secrets_are_picked_up() {
    let mut w = world();
    let (_tmp, dir, _) = published(&w);
    let s = Running::start(&dir).await;
    let addr = s.addr;
    let u = url_of(&w, FeedKind::Interpreter, "remote-ne-ktm", Lang::Ja);
    let before = get(addr, &u).await;
    assert_eq!(before.status, 200);

    // A booking moves: the new body appears, with a new ETag and Last-Modified.
    w.move_booking("B-0010", "bar-2026-12-26", 1);
    publish::publish(&dir, &rendered(&w), utc(2026, 11, 28, 12, 0)).unwrap();
    let old_etag = before.header("etag").unwrap().to_owned();
    let u2 = u.clone();
    assert!(
        eventually(|| {
            let (u, old) = (u2.clone(), old_etag.clone());
            async move { get(addr, &u).await.header("etag").is_some_and(|e| e != old) }
        })
        .await
    );
    let after = get(addr, &u).await;
    assert_eq!(
        after.header("last-modified"),
        Some("Sat, 28 Nov 2026 12:00:00 GMT")
    );
    assert!(
        std::str::from_utf8(&after.body)
            .unwrap()
            .contains("DTSTART;TZID=Asia/Kathmandu:20261226T074500")
    );
    // An unchanged feed kept its Last-Modified.
    let other = get(
        addr,
        &url_of(&w, FeedKind::Interpreter, "staff-vi", Lang::Ja),
    )
    .await;
    assert_eq!(
        other.header("last-modified"),
        Some("Sat, 28 Nov 2026 10:00:00 GMT")
    );

    // Rotation: the old URL stops working, the new one works.
    let new_secret = publish::generate_secret().unwrap();
    w.subscription_mut(FeedKind::Interpreter, "remote-ne-ktm")
        .secret = new_secret.clone();
    publish::publish(&dir, &rendered(&w), utc(2026, 11, 28, 13, 0)).unwrap();
    let new_url = url(
        FeedKind::Interpreter,
        "remote-ne-ktm",
        &new_secret,
        Lang::Ja,
    );
    let nu = new_url.clone();
    assert!(
        eventually(|| {
            let nu = nu.clone();
            async move { get(addr, &nu).await.status == 200 }
        })
        .await
    );
    assert_eq!(get(addr, &u).await.status, 404);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_snapshot_keeps_the_last_good_one_in_service() {
    let mut w = world();
    let (_tmp, dir, _) = published(&w);
    let s = Running::start(&dir).await;
    let addr = s.addr;
    let u = url_of(&w, FeedKind::Agency, "bar", Lang::Ja);
    assert_eq!(get(addr, &u).await.status, 200);
    // Hand-made damaged v000002 (a body that does not match its etag), made current.
    let v2 = dir.join("v000002");
    std::fs::create_dir(&v2).unwrap();
    let manifest = std::fs::read_to_string(dir.join("v000001/manifest.json"))
        .unwrap()
        .replace("\"v000001\"", "\"v000002\"");
    std::fs::write(v2.join("manifest.json"), &manifest).unwrap();
    for e in std::fs::read_dir(dir.join("v000001")).unwrap() {
        let e = e.unwrap();
        if e.file_name().to_string_lossy().ends_with(".ics") {
            std::fs::write(v2.join(e.file_name()), "tampered").unwrap();
        }
    }
    std::fs::write(dir.join("current"), "v000002\n").unwrap();
    // Give the poller several rounds; whatever it did, the old snapshot must still serve.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(get(addr, "/healthz").await.body, b"ok v000001\n");
    assert_eq!(get(addr, &u).await.status, 200);
    // `current` vanishing changes nothing either.
    std::fs::remove_file(dir.join("current")).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(get(addr, &u).await.status, 200);
    // A good publish afterwards (v000003) is picked up: the poller survived.
    w.booking_mut("B-0005").sequence = 9;
    let out = publish::publish(&dir, &rendered(&w), utc(2026, 11, 28, 14, 0)).unwrap();
    assert_eq!(out.version, "v000003");
    assert!(
        eventually(|| async move { get(addr, "/healthz").await.body == b"ok v000003\n" }).await
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binding_beyond_loopback_needs_an_explicit_yes() {
    let tmp = tempfile::tempdir().unwrap();
    let r = Server::bind(
        "0.0.0.0:0".parse().unwrap(),
        tmp.path(),
        ServerOptions::default(),
    )
    .await;
    assert!(matches!(r, Err(ServerError::NotLoopback(_))));
    let r = Server::bind(
        "127.0.0.1:0".parse().unwrap(),
        tmp.path(),
        ServerOptions::default(),
    )
    .await;
    let bound = r.unwrap();
    // Shutting down with no traffic returns promptly.
    tokio::time::timeout(PATIENCE, bound.run(async {}))
        .await
        .unwrap()
        .unwrap();
}
