//! The real server on 127.0.0.1:0, spoken to over loopback with a minimal HTTP/1.1 client.
//! No assertion depends on timing: waits poll with generous deadlines.

use crate::feeds_fixture::check::parse_events;
use crate::feeds_fixture::*;
use soudan::feeds::{self, Lang, RenderedFeed};
use soudan::model::FeedKind;
use soudan::publish;
use soudan::server::{FailureLimit, MAX_HEADER_BYTES, Server, ServerError, ServerOptions};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
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

fn parse_resp(buf: &[u8]) -> Option<Resp> {
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&buf[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .map(|l| {
            let (k, v) = l.split_once(':')?;
            Some((k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        })
        .collect::<Option<_>>()?;
    Some(Resp {
        status,
        headers,
        body: buf[split + 4..].to_vec(),
    })
}

/// Like [`raw`], but for requests the server may refuse half-way: write and read errors
/// (a reset after the server closed on an unread request) end the exchange, and `None`
/// means the connection closed without an HTTP/1 answer.
async fn raw_lenient(addr: SocketAddr, request: &[u8]) -> Option<Resp> {
    let fut = async {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let _ = s.write_all(request).await;
        let mut buf = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf
    };
    let buf = tokio::time::timeout(PATIENCE, fut)
        .await
        .expect("answer or close in time");
    parse_resp(&buf)
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
        Running::start_with(dir, ServerOptions::default()).await
    }

    async fn start_with(dir: &Path, options: ServerOptions) -> Running {
        let options = ServerOptions {
            poll_interval: Duration::from_millis(100),
            shutdown_timeout: Duration::from_secs(5),
            ..options
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

/// A valid request right after a hostile one: answered, correctly, and (generously) quickly.
async fn still_serving(addr: SocketAddr, good: &str, after: &str) -> Duration {
    let started = Instant::now();
    let r = tokio::time::timeout(Duration::from_secs(10), get(addr, good))
        .await
        .unwrap_or_else(|_| panic!("no answer within 10 s after {after}"));
    assert_eq!(r.status, 200, "after {after}");
    started.elapsed()
}

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Counts panics anywhere in this test binary (connection tasks included) from now on. A
/// failing assertion in another test counts too, but then the run fails anyway.
fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
}

fn no_limit() -> ServerOptions {
    ServerOptions {
        failure_limit: None,
        ..ServerOptions::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traversal_and_encoding_tricks_get_the_same_404() {
    let w = world();
    let (_tmp, dir, _) = published(&w);
    let s = Running::start_with(&dir, no_limit()).await;
    let secret = w.subscription(FeedKind::Agency, "bar").secret.clone();
    let good = url(FeedKind::Agency, "bar", &secret, Lang::Ja);
    let reference = get(s.addr, &url(FeedKind::Agency, "nobody", &secret, Lang::Ja)).await;
    assert_eq!(reference.status, 404);
    let version_file = "v000001%2fmanifest.json";
    let targets = [
        // No normalisation: a path that would resolve to a real feed is still not one.
        format!("/feeds/agency/x/../bar/{secret}.ics"),
        format!("/feeds/agency/./bar/{secret}.ics"),
        format!("//feeds/agency/bar/{secret}.ics"),
        format!("/feeds//agency/bar/{secret}.ics"),
        format!("/feeds/agency/bar//{secret}.ics"),
        format!("/feeds/agency/bar/../bar/{secret}.ics"),
        // Encoded dots and slashes, single and double.
        "/feeds/%2e%2e/%2e%2e/current".to_owned(),
        "/feeds/%2E%2E%2F%2E%2E%2Fcurrent".to_owned(),
        format!("/feeds/agency/bar/..%2f..%2f{version_file}.ics"),
        format!("/feeds/agency/bar/%2e%2e%2f{secret}.ics"),
        format!("/feeds/agency%2fbar/{secret}.ics"),
        format!("/feeds/agency/bar%2f{secret}.ics"),
        "/feeds/%252e%252e/%252e%252e/current.ics".to_owned(),
        // Backslashes, raw and encoded.
        format!("/feeds/agency/bar/..%5c..%5c{secret}.ics"),
        format!("/feeds/agency%5cbar/{secret}.ics"),
        "/feeds/%5c..%5c..%5cetc%5cpasswd".to_owned(),
        // NUL and other controls, encoded.
        format!("/feeds/agency/bar/{secret}%00.ics"),
        format!("/feeds/agency/bar%00/{secret}.ics"),
        format!("/feeds/agency/bar/{secret}.ics%00"),
        // Encoded overlong UTF-8 for '.', and a lone surrogate.
        "/feeds/agency/%c0%ae%c0%ae/x.ics".to_owned(),
        "/feeds/agency/%ed%a0%80/x.ics".to_owned(),
    ];
    for t in &targets {
        let r = get(s.addr, t).await;
        assert_eq!(r.comparable(), reference.comparable(), "{t}");
    }
    // Raw backslashes are not legal in a request target; whoever refuses them (hyper with
    // 400, or the router with the common 404), it is a 4xx and never the feed.
    for t in [
        format!("/feeds\\agency\\bar\\{secret}.ics"),
        "/feeds/..\\..\\etc\\passwd".to_owned(),
    ] {
        let r = raw_lenient(
            s.addr,
            format!("GET {t} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await;
        if let Some(r) = r {
            assert!(matches!(r.status, 400 | 404), "{t}: {}", r.status);
            if r.status == 404 {
                assert_eq!(r.comparable(), reference.comparable(), "{t}");
            }
        }
        still_serving(s.addr, &good, &t).await;
    }
    still_serving(s.addr, &good, "traversal").await;
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_requests_get_4xx_or_a_close_and_do_not_disturb_service() {
    count_panics();
    let w = world();
    let (_tmp, dir, _) = published(&w);
    let s = Running::start_with(&dir, no_limit()).await;
    let secret = w.subscription(FeedKind::Agency, "bar").secret.clone();
    let good = url(FeedKind::Agency, "bar", &secret, Lang::Ja);
    let req = |line: &str, extra: &str| {
        format!("{line}\r\nHost: localhost\r\nConnection: close\r\n{extra}\r\n").into_bytes()
    };
    let long_query = format!("GET {good}?lang=en&{} HTTP/1.1", "x".repeat(5_000));
    let huge_query = format!("GET {good}?{} HTTP/1.1", "x".repeat(70_000));
    let huge_path = format!("GET /feeds/{} HTTP/1.1", "a".repeat(70_000));
    let big_header = format!("X-Big: {}\r\n", "b".repeat(64 * 1024));
    let many_headers: String = (0..1_000).map(|i| format!("X-H{i}: v\r\n")).collect();
    let header_400k = format!("X-Huge: {}\r\n", "h".repeat(500 * 1024));
    let just_over = format!(
        "X-Big: {}\r\n",
        "b".repeat(MAX_HEADER_BYTES.saturating_sub(10))
    );
    // (name, request, the status it must get; 0 = any 4xx, or a close without an answer:
    // when the server refuses a request it has not read to the end, the kernel may reset
    // the connection and discard the answer before the client reads it)
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("query over 256 bytes", req(&long_query, ""), 414),
        (
            "request target over 64 KiB (query)",
            req(&huge_query, ""),
            0,
        ),
        ("request target over 64 KiB (path)", req(&huge_path, ""), 0),
        (
            "one 64 KiB header",
            req(&format!("GET {good} HTTP/1.1"), &big_header),
            431,
        ),
        (
            "headers just over 16 KiB in all",
            req(
                &format!("GET {good} HTTP/1.1"),
                &format!("{just_over}X-More: 0123456789\r\n"),
            ),
            431,
        ),
        (
            "1,000 headers",
            req(&format!("GET {good} HTTP/1.1"), &many_headers),
            0,
        ),
        (
            "a 500 KiB header",
            req(&format!("GET {good} HTTP/1.1"), &header_400k),
            0,
        ),
        (
            "raw invalid UTF-8 in the query",
            {
                let mut r = format!("GET {good}?lang=").into_bytes();
                r.extend_from_slice(b"\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                r
            },
            400,
        ),
        (
            "raw NUL in the path",
            b"GET /feeds/agency/bar\x00/x.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .to_vec(),
            400,
        ),
        (
            "raw space in the path",
            req("GET /feeds/agency/b ar/x.ics HTTP/1.1", ""),
            400,
        ),
        ("TRACE", req(&format!("TRACE {good} HTTP/1.1"), ""), 405),
        // Targets without a path (authority form) once made warp 0.4.3 panic.
        ("CONNECT", req("CONNECT localhost:443 HTTP/1.1", ""), 404),
        (
            "GET of an authority",
            req("GET localhost:443 HTTP/1.1", ""),
            404,
        ),
        (
            "GET of a bare host name",
            req("GET example.com HTTP/1.1", ""),
            404,
        ),
        (
            "absolute form without a path",
            req("GET http://example.com HTTP/1.1", ""),
            404,
        ),
        (
            "absolute form with only a query",
            req("GET http://example.com?lang=en HTTP/1.1", ""),
            404,
        ),
        (
            "a relative path",
            req("GET feeds/agency/bar/x.ics HTTP/1.1", ""),
            400,
        ),
        ("only a query", req("GET ?lang=en HTTP/1.1", ""), 400),
        (
            "a scheme-relative target",
            req("GET //example.com/feeds HTTP/1.1", ""),
            404,
        ),
        ("an odd scheme", req("GET x:y/z HTTP/1.1", ""), 400),
        ("OPTIONS *", req("OPTIONS * HTTP/1.1", ""), 404),
        (
            "an extension method",
            req(&format!("FROB {good} HTTP/1.1"), ""),
            405,
        ),
        (
            "a lower-case method",
            req(&format!("get {good} HTTP/1.1"), ""),
            405,
        ),
        (
            "POST with a chunked body",
            req(
                &format!("POST {good} HTTP/1.1"),
                "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n",
            ),
            405,
        ),
        (
            "Content-Length and Transfer-Encoding together",
            req(
                &format!("POST {good} HTTP/1.1"),
                "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n",
            ),
            405,
        ),
        (
            "two different Content-Lengths",
            req(
                &format!("POST {good} HTTP/1.1"),
                "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab",
            ),
            400,
        ),
        (
            "a folded header line",
            req(&format!("GET {good} HTTP/1.1"), "X-Folded: a\r\n b\r\n"),
            400,
        ),
        (
            "a header without a colon",
            req(&format!("GET {good} HTTP/1.1"), "NoColonHere\r\n"),
            400,
        ),
        (
            "an unknown HTTP version",
            req(&format!("GET {good} HTTP/9.9"), ""),
            400,
        ),
        (
            "an HTTP/2 preface followed by garbage",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\xff\xff\xff\xff\xff\xff\xff\xff\xff".to_vec(),
            0,
        ),
        (
            "binary garbage",
            (0u8..=255).cycle().take(4096).collect(),
            400,
        ),
    ];
    let mut slowest = Duration::ZERO;
    for (name, bytes, want) in &cases {
        let r = raw_lenient(s.addr, bytes).await;
        match &r {
            Some(r) => eprintln!("{name}: {}", r.status),
            None => eprintln!("{name}: closed without an answer"),
        }
        match (r, *want) {
            (Some(r), 0) => assert!((400..500).contains(&r.status), "{name}: {}", r.status),
            (None, 0) => {}
            (Some(r), want) => assert_eq!(r.status, want, "{name}"),
            (None, want) => panic!("{name}: closed without the expected {want}"),
        }
        slowest = slowest.max(still_serving(s.addr, &good, name).await);
    }
    eprintln!("slowest valid request right after a hostile one: {slowest:?}");
    // An HTTP/1.1 request with a body nobody reads, then a valid request on the same
    // connection: the second is still answered correctly.
    let mut conn = TcpStream::connect(s.addr).await.unwrap();
    let pipelined = format!(
        "POST {good} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET {good} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    );
    conn.write_all(pipelined.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(PATIENCE, conn.read_to_end(&mut buf))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&buf);
    assert!(
        text.starts_with("HTTP/1.1 405"),
        "{}",
        &text[..40.min(text.len())]
    );
    assert!(text.contains("HTTP/1.1 200 OK"));
    s.stop().await;
    // A panic in a connection task only closes that connection, so the answers above
    // cannot show it; the hook can.
    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        0,
        "a request made the server panic"
    );
}

fn limited(max_failures: u32, block_for: Duration) -> ServerOptions {
    ServerOptions {
        failure_limit: Some(FailureLimit {
            max_failures,
            window: Duration::from_secs(60),
            block_for,
            max_clients: 100,
            // Every test client is on loopback.
            exempt_loopback: false,
        }),
        ..ServerOptions::default()
    }
}

/// Connects from another loopback address (127.0.0.2), if this system routes it (Linux
/// does; some others only have 127.0.0.1).
async fn get_from(from: &str, addr: SocketAddr, target: &str) -> Option<Resp> {
    let socket = TcpSocket::new_v4().ok()?;
    socket.bind(format!("{from}:0").parse().ok()?).ok()?;
    let mut stream = socket.connect(addr).await.ok()?;
    let req = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).await.ok()?;
    let mut buf = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut buf))
        .await
        .ok()?
        .ok()?;
    parse_resp(&buf)
}

/// `Retry-After` removed, for comparing two 429s made a moment apart.
fn without_retry_after(r: &Resp) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let (status, mut h, body) = r.comparable();
    h.retain(|(k, _)| k != "retry-after");
    (status, h, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_wrong_secrets_get_429_for_every_feed_from_that_client() {
    let w = world();
    let (_tmp, dir, _) = published(&w);
    let s = Running::start_with(&dir, limited(5, Duration::from_secs(60))).await;
    let secret = w.subscription(FeedKind::Agency, "bar").secret.clone();
    let good = url(FeedKind::Agency, "bar", &secret, Lang::Ja);
    let wrong = url(FeedKind::Agency, "bar", &"0".repeat(32), Lang::Ja);
    let unknown = url(FeedKind::Agency, "nobody", &secret, Lang::Ja);
    assert_eq!(get(s.addr, &good).await.status, 200);
    // Successes, 405s and paths outside /feeds/ do not count.
    for _ in 0..10 {
        assert_eq!(get(s.addr, &good).await.status, 200);
        assert_eq!(get(s.addr, "/robots.txt").await.status, 404);
        assert_eq!(send(s.addr, "POST", &wrong, &[]).await.status, 405);
    }
    for i in 0..5 {
        let t = if i % 2 == 0 { &wrong } else { &unknown };
        assert_eq!(get(s.addr, t).await.status, 404, "failure {}", i + 1);
    }
    // Blocked: the valid URL, a wrong secret and an unknown feed all get the same 429.
    let answers = [
        get(s.addr, &good).await,
        get(s.addr, &wrong).await,
        get(s.addr, &unknown).await,
        send(s.addr, "HEAD", &good, &[]).await,
    ];
    for r in &answers {
        assert_eq!(r.status, 429);
        let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry), "Retry-After: {retry}");
        assert_eq!(r.header("cache-control"), Some("no-store"));
        assert!(r.header("etag").is_none());
    }
    assert_eq!(answers[0].body, b"too many requests\n");
    assert_eq!(
        without_retry_after(&answers[0]),
        without_retry_after(&answers[1])
    );
    assert_eq!(
        without_retry_after(&answers[0]),
        without_retry_after(&answers[2])
    );
    // Health checks are not limited.
    assert_eq!(get(s.addr, "/healthz").await.body, b"ok v000001\n");
    // Another client is not affected.
    match get_from("127.0.0.2", s.addr, &good).await {
        Some(r) => {
            assert_eq!(r.status, 200, "a different client address is served");
            let r = get_from("127.0.0.2", s.addr, &wrong).await.unwrap();
            assert_eq!(r.status, 404);
        }
        None => eprintln!("127.0.0.2 is not usable here; other clients checked in unit tests"),
    }
    assert_eq!(get(s.addr, &good).await.status, 429, "still blocked");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_block_ends() {
    let w = world();
    let (_tmp, dir, _) = published(&w);
    let s = Running::start_with(&dir, limited(3, Duration::from_secs(2))).await;
    let addr = s.addr;
    let good = url_of(&w, FeedKind::Agency, "bar", Lang::Ja);
    let wrong = url(FeedKind::Agency, "bar", &"1".repeat(32), Lang::Ja);
    for _ in 0..3 {
        assert_eq!(get(addr, &wrong).await.status, 404);
    }
    // Blocked for 2 s. On a slow machine the block may already be over; either way the
    // answer is 429 with a short Retry-After, or the feed.
    let r = get(addr, &good).await;
    match r.status {
        429 => assert!(r.header("retry-after").unwrap().parse::<u64>().unwrap() <= 2),
        200 => {}
        other => panic!("{other}"),
    }
    let g = good.clone();
    assert!(
        eventually(|| {
            let g = g.clone();
            async move { get(addr, &g).await.status == 200 }
        })
        .await
    );
    // And the client starts from zero: one more failure is a plain 404.
    assert_eq!(get(addr, &wrong).await.status, 404);
    assert_eq!(get(addr, &good).await.status, 200);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_proxy_the_client_header_separates_clients() {
    let w = world();
    let (_tmp, dir, _) = published(&w);
    // The defaults (loopback exempt) with a lower limit: the proxy's own address is never
    // limited, the addresses it reports are.
    let options = ServerOptions {
        client_ip_header: Some("X-Real-IP".into()),
        failure_limit: Some(FailureLimit {
            max_failures: 3,
            ..FailureLimit::default()
        }),
        ..ServerOptions::default()
    };
    let s = Running::start_with(&dir, options).await;
    let good = url_of(&w, FeedKind::Agency, "bar", Lang::Ja);
    let wrong = url(FeedKind::Agency, "bar", &"2".repeat(32), Lang::Ja);
    let a = [("X-Real-IP", "192.0.2.1")];
    let b = [("X-Real-IP", "192.0.2.2")];
    for _ in 0..3 {
        assert_eq!(send(s.addr, "GET", &wrong, &a).await.status, 404);
    }
    assert_eq!(send(s.addr, "GET", &good, &a).await.status, 429);
    assert_eq!(send(s.addr, "GET", &good, &b).await.status, 200);
    // Without the header the proxy's own address (127.0.0.1) counts, which is exempt.
    for _ in 0..5 {
        assert_eq!(get(s.addr, &wrong).await.status, 404);
    }
    assert_eq!(get(s.addr, &good).await.status, 200);
    // A garbage header falls back to the peer address too.
    assert_eq!(
        send(s.addr, "GET", &good, &[("X-Real-IP", "not-an-ip")])
            .await
            .status,
        200
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_options_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let r = Server::bind(
        "127.0.0.1:0".parse().unwrap(),
        tmp.path(),
        ServerOptions {
            client_ip_header: Some("no spaces allowed".into()),
            ..ServerOptions::default()
        },
    )
    .await;
    assert!(matches!(r, Err(ServerError::InvalidHeaderName(_))));
}
