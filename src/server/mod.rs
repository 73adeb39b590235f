//! The feed server: answers `GET`/`HEAD /feeds/{kind}/{id}/{secret}.ics[?lang=en]`, the
//! coordinator's month view `/feeds/coordinator/{id}/{secret}/view.html[?month=YYYY-MM&lang=en]`
//! (same secret, same 404s, `no-store` and a strict CSP: see [`VIEW_CSP`]) and
//! `/healthz` from the published snapshot folder ([`crate::publish`]), never from the
//! database (sled allows one process per database, and the CLI owns it).
//!
//! The current snapshot is held in memory behind an `Arc` and swapped when the `current`
//! file names a new version (polled every [`ServerOptions::poll_interval`]). A damaged or
//! missing snapshot is logged and the last good one stays in service; with none at all,
//! feeds answer 404 and `/healthz` 503.
//!
//! Hostile input: every answer soudan gives is mapped from [`HttpError`] in one place;
//! oversized requests get 414/431 ([`MAX_PATH`], [`MAX_QUERY`], [`MAX_HEADER_BYTES`]), and
//! hyper refuses malformed ones with 400/414/431 before they reach the handler. A client
//! that makes too many failed feed requests gets 429 for every feed for a while
//! ([`FailureLimit`], [`ServerOptions::failure_limit`]). There is no header read timeout
//! and no connection cap (warp 0.4 exposes neither): a public deployment needs a reverse
//! proxy that enforces them. See `docs/feeds.md`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), soudan::server::ServerError> {
//! use soudan::server::{Server, ServerOptions};
//! let bound = Server::bind("127.0.0.1:8080".parse().unwrap(), "data/feeds", ServerOptions::default()).await?;
//! println!("serving on http://{}", bound.local_addr());
//! bound.run(async { let _ = tokio::signal::ctrl_c().await; }).await?;
//! # Ok(()) }
//! ```

mod console;
mod http;
mod limit;
mod public;
mod state;

pub use http::{
    FEED_CACHE_CONTROL, HttpError, MAX_HEADER_BYTES, MAX_PATH, MAX_QUERY, VIEW_CSP,
    is_not_modified, parse_http_date,
};
pub use limit::{ClientKey, FailureLimit, FailureLimiter};

use crate::publish::{self, SnapshotError};
use state::{Loaded, State, load};
use std::collections::HashSet;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use warp::Filter;
use warp::http::{HeaderMap, HeaderName, Method};

/// How the server behaves; [`Default`] suits the CLI.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// How often `current` is checked for a new snapshot.
    pub poll_interval: Duration,
    /// How long [`BoundServer::run`] waits for open connections after the shutdown signal.
    pub shutdown_timeout: Duration,
    /// Allow binding to an address other than loopback. A public deployment belongs behind
    /// an HTTPS reverse proxy (the secret is in the URL; plain HTTP would expose it).
    pub allow_non_loopback: bool,
    /// Per-client limit on failed feed requests (see [`FailureLimit`]); `None` turns it off.
    /// Behind a reverse proxy every client has the proxy's address unless
    /// [`ServerOptions::client_ip_header`] is set, so one prober would block everyone.
    pub failure_limit: Option<FailureLimit>,
    /// A header carrying the real client address, set by a reverse proxy on the same host
    /// (`X-Real-IP`, or `X-Forwarded-For`, of which the last address is used). It is
    /// believed only when the connection comes from a loopback address, and the proxy must
    /// overwrite it rather than pass on what the client sent. `None` (the default) uses the
    /// TCP peer address.
    pub client_ip_header: Option<String>,
    /// The coordinators' console under `/console/` (it opens the database per request);
    /// `None` serves feeds and public pages only.
    pub console: Option<Arc<crate::console::Console>>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            poll_interval: Duration::from_millis(500),
            shutdown_timeout: Duration::from_secs(5),
            allow_non_loopback: false,
            failure_limit: Some(FailureLimit::default()),
            client_ip_header: None,
            console: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(
        "refusing to listen on {0}: not a loopback address (add --public to allow it, and put an HTTPS reverse proxy in front)"
    )]
    NotLoopback(SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the snapshot loader task failed: {0}")]
    Task(String),
    #[error("client_ip_header {0:?} is not a valid header name")]
    InvalidHeaderName(String),
}

/// Entry point; see [`Server::bind`].
pub struct Server;

/// A server with its socket bound and its first snapshot loaded, not yet accepting.
pub struct BoundServer {
    listener: TcpListener,
    addr: SocketAddr,
    state: Arc<State>,
    options: ServerOptions,
    poller: Poller,
}

impl Server {
    /// Binds `addr` (use port 0 for an ephemeral port) and loads the current snapshot from
    /// `feeds_dir` if there is one.
    pub async fn bind(
        addr: SocketAddr,
        feeds_dir: impl Into<PathBuf>,
        options: ServerOptions,
    ) -> Result<BoundServer, ServerError> {
        if !addr.ip().is_loopback() {
            if !options.allow_non_loopback {
                return Err(ServerError::NotLoopback(addr));
            }
            tracing::warn!(
                %addr,
                "listening on a non-loopback address: feed URLs carry secrets, so a public deployment must sit behind an HTTPS reverse proxy"
            );
        }
        client_ip_header(&options)?;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| ServerError::Bind { addr, source })?;
        let state = Arc::new(State::new(feeds_dir.into()));
        let mut poller = Poller::default();
        poller.tick(&state).await?;
        Ok(BoundServer {
            listener,
            addr,
            state,
            options,
            poller,
        })
    }
}

impl BoundServer {
    /// The address actually bound (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until `shutdown` completes, then stops accepting and waits up to
    /// [`ServerOptions::shutdown_timeout`] for open connections.
    pub async fn run<F>(self, shutdown: F) -> Result<(), ServerError>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let BoundServer {
            listener,
            addr,
            state,
            options,
            mut poller,
        } = self;
        tracing::info!(%addr, dir = %state.dir.display(), "feed server listening");
        let poll_state = Arc::clone(&state);
        let interval = options.poll_interval.max(Duration::from_millis(10));
        let poll_task = tokio::spawn(async move {
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                if let Err(e) = poller.tick(&poll_state).await {
                    tracing::error!(error = %e, "snapshot poller");
                }
            }
        });

        let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
        let graceful = async move {
            shutdown.await;
            let _ = started_tx.send(());
        };
        let limiter = options
            .failure_limit
            .clone()
            .map(|l| Arc::new(FailureLimiter::new(l)));
        let identity = ClientIdentity {
            header: client_ip_header(&options)?,
        };
        let feeds = routes(Arc::clone(&state), limiter, identity.clone());
        let app = match options.console.clone() {
            Some(c) => console::filter(c, identity).or(feeds).unify().boxed(),
            None => feeds.boxed(),
        };
        let server = warp::serve(app).incoming(listener).graceful(graceful).run();
        let deadline = async move {
            if started_rx.await.is_ok() {
                tokio::time::sleep(options.shutdown_timeout).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            () = server => tracing::info!("feed server stopped"),
            () = deadline => tracing::warn!("feed server stopped with connections still open after the shutdown timeout"),
        }
        poll_task.abort();
        Ok(())
    }
}

fn client_ip_header(options: &ServerOptions) -> Result<Option<HeaderName>, ServerError> {
    options
        .client_ip_header
        .as_deref()
        .map(|h| {
            HeaderName::from_bytes(h.trim().as_bytes())
                .map_err(|_| ServerError::InvalidHeaderName(h.to_owned()))
        })
        .transpose()
}

/// How a request's client is identified for the failure limit.
#[derive(Debug, Clone)]
struct ClientIdentity {
    /// Believed only from loopback peers (a proxy on the same host).
    header: Option<HeaderName>,
}

impl ClientIdentity {
    fn client(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> Option<ClientKey> {
        let peer = peer?.ip();
        if let Some(name) = &self.header
            && peer.is_loopback()
            && let Some(ip) = forwarded_ip(headers, name)
        {
            return Some(ClientKey::new(ip));
        }
        Some(ClientKey::new(peer))
    }
}

/// The address in the last `name` header, taking the last comma-separated element (the one
/// the proxy next to us appended to `X-Forwarded-For`). Anything unparsable gives `None`.
fn forwarded_ip(headers: &HeaderMap, name: &HeaderName) -> Option<IpAddr> {
    let value = headers.get_all(name).iter().next_back()?.to_str().ok()?;
    value.rsplit(',').next()?.trim().parse().ok()
}

/// The warp filter: one catch-all route handing the request to [`http::handle`], so no
/// request ever reaches warp's own rejection answers.
fn routes(
    state: Arc<State>,
    limiter: Option<Arc<FailureLimiter>>,
    identity: ClientIdentity,
) -> impl Filter<Extract = (warp::reply::Response,), Error = std::convert::Infallible> + Clone {
    let query = warp::query::raw().or(warp::any().map(String::new)).unify();
    // `warp::path::full()` panics when the request target has no path (authority form,
    // `CONNECT host:port`, which hyper accepts with any method): warp 0.4.3 falls back to
    // `PathAndQuery::from_static("")`, which http 1.x rejects. `path::end()` reads the path
    // without that fallback and matches exactly "/" and the path-less targets, so `full()`
    // only ever sees a target that has a path.
    let root = warp::path::end().map(|| String::from("/"));
    let path = root
        .or(warp::path::full().map(|p: warp::path::FullPath| p.as_str().to_owned()))
        .unify();
    warp::method()
        .and(path)
        .and(query)
        .and(warp::header::headers_cloned())
        .and(warp::addr::remote())
        .map(
            move |method: Method,
                  path: String,
                  query: String,
                  headers: HeaderMap,
                  peer: Option<SocketAddr>| {
                let started = Instant::now();
                let client = identity.client(peer, &headers);
                let req = http::Request {
                    method: &method,
                    path: &path,
                    query: &query,
                    headers: &headers,
                    client,
                };
                let (response, info) = if path == "/public" || path.starts_with("/public/") {
                    let info = http::LogInfo {
                        route: "public",
                        ..http::LogInfo::default()
                    };
                    let r = public::handle(state.public(), &method, &path, &query, &headers);
                    (r.unwrap_or_else(HttpError::response), info)
                } else {
                    http::handle(state.current(), &req, limiter.as_deref(), started)
                };
                let client = client.map(|c| c.to_string());
                if let Some(secs) = info.blocked_for_secs {
                    tracing::warn!(
                        client = client.as_deref(),
                        block_secs = secs,
                        "too many failed feed requests; answering 429 to this client"
                    );
                }
                // Never the path or query: the path carries the secret.
                tracing::info!(
                    route = info.route,
                    method = %method,
                    kind = info.kind.map(|k| k.code()),
                    id = info.id.as_deref(),
                    lang = info.lang.map(|l| l.code()),
                    status = response.status().as_u16(),
                    client = client.as_deref(),
                    latency_us = started.elapsed().as_micros() as u64,
                    "request"
                );
                response
            },
        )
}

/// Polls `current` and reloads on change; remembers failures so a damaged version is
/// logged once, and retried only when `current` changes or after [`RETRY_AFTER`].
#[derive(Default)]
struct Poller {
    failed: Option<(String, Instant)>,
    missing_logged: bool,
    /// The revocation list as last read; applied to every snapshot served.
    revoked: Arc<HashSet<[u8; 32]>>,
    revoked_error_logged: bool,
    /// A public snapshot version that failed to load (not retried until `current` changes).
    public_failed: Option<String>,
}

const RETRY_AFTER: Duration = Duration::from_secs(30);

impl Poller {
    async fn tick(&mut self, state: &Arc<State>) -> Result<(), ServerError> {
        self.apply_revocations(state).await?;
        self.load_public(state).await?;
        self.load_current(state).await
    }

    /// Loads the public snapshot when `public/current` names a new version; a damaged one
    /// is logged once and the last good one stays in service.
    async fn load_public(&mut self, state: &Arc<State>) -> Result<(), ServerError> {
        let dir = state.dir.clone();
        let loaded_version = state.public_version();
        let failed = self.public_failed.clone();
        let result = tokio::task::spawn_blocking(move || {
            let version = match publish::public::current_public_version(&dir) {
                Ok(Some(v)) => v,
                Ok(None) => return Ok(None),
                Err(e) => return Err((None, e.to_string())),
            };
            if loaded_version.as_deref() == Some(version.as_str())
                || failed.as_deref() == Some(version.as_str())
            {
                return Ok(None);
            }
            publish::public::read_public_version(&dir, &version)
                .map(|s| Some(public::PublicSite::from_snapshot(s)))
                .map_err(|e| (Some(version), e.to_string()))
        })
        .await
        .map_err(|e| ServerError::Task(e.to_string()))?;
        match result {
            Ok(Some(site)) => {
                tracing::info!(version = %site.version, files = site.files.len(), "serving public snapshot");
                state.swap_public(site);
                self.public_failed = None;
            }
            Ok(None) => {}
            Err((version, e)) => {
                if version.is_some() && version != self.public_failed {
                    tracing::warn!(error = %e, "public snapshot unusable; keeping the last good one");
                }
                self.public_failed = version;
            }
        }
        Ok(())
    }

    /// Rereads the revocation list; when it changed, drops the newly revoked feeds from the
    /// snapshot in service at once (the snapshot itself may still list them).
    async fn apply_revocations(&mut self, state: &Arc<State>) -> Result<(), ServerError> {
        let dir = state.dir.clone();
        let read = tokio::task::spawn_blocking(move || publish::read_revoked(&dir))
            .await
            .map_err(|e| ServerError::Task(e.to_string()))?;
        let revoked = match read {
            Ok(r) => r,
            Err(e) => {
                if !self.revoked_error_logged {
                    self.revoked_error_logged = true;
                    tracing::error!(error = %e, "cannot read the revocation list; keeping the last one read");
                }
                return Ok(());
            }
        };
        self.revoked_error_logged = false;
        if revoked == *self.revoked {
            return Ok(());
        }
        self.revoked = Arc::new(revoked);
        if let Some(current) = state.current() {
            let filtered = current.without(&self.revoked);
            tracing::info!(
                revoked = current.feeds.len() - filtered.feeds.len(),
                "revoked feed secrets stop working"
            );
            state.swap(filtered);
        }
        Ok(())
    }

    async fn load_current(&mut self, state: &Arc<State>) -> Result<(), ServerError> {
        let dir = state.dir.clone();
        let current = tokio::task::spawn_blocking(move || publish::current_version(&dir))
            .await
            .map_err(|e| ServerError::Task(e.to_string()))?;
        let version = match current {
            Ok(Some(v)) => v,
            Ok(None) => {
                if !self.missing_logged {
                    self.missing_logged = true;
                    if state.loaded_version().is_some() {
                        tracing::warn!(
                            "`current` disappeared; still serving the last good snapshot"
                        );
                    } else {
                        tracing::info!("no feed snapshot published yet; feeds answer 404");
                    }
                }
                return Ok(());
            }
            Err(e) => {
                if !self.missing_logged {
                    self.missing_logged = true;
                    tracing::warn!(error = %e, "cannot read `current`; keeping the last good snapshot");
                }
                return Ok(());
            }
        };
        self.missing_logged = false;
        if state.loaded_version().as_deref() == Some(version.as_str()) {
            return Ok(());
        }
        if let Some((v, at)) = &self.failed
            && *v == version
            && at.elapsed() < RETRY_AFTER
        {
            return Ok(());
        }
        let dir = state.dir.clone();
        let v = version.clone();
        let loaded: Result<Loaded, SnapshotError> =
            tokio::task::spawn_blocking(move || load(&dir, &v))
                .await
                .map_err(|e| ServerError::Task(e.to_string()))?;
        match loaded {
            Ok(l) => {
                let l = l.without(&self.revoked);
                tracing::info!(version = %version, feeds = l.feeds.len(), "serving feed snapshot");
                state.swap(l);
                self.failed = None;
            }
            Err(e) => {
                let repeat = self.failed.as_ref().is_some_and(|(f, _)| *f == version);
                if !repeat {
                    tracing::warn!(version = %version, error = %e, "feed snapshot unusable; keeping the last good one");
                }
                self.failed = Some((version, Instant::now()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use warp::http::HeaderValue;

    #[test]
    fn client_identity_believes_the_header_only_from_loopback() {
        let id = ClientIdentity {
            header: Some(HeaderName::from_static("x-forwarded-for")),
        };
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.9, 198.51.100.4"),
        );
        let local: SocketAddr = "127.0.0.1:40000".parse().unwrap();
        let remote: SocketAddr = "192.0.2.50:40000".parse().unwrap();
        let key = |s: &str| Some(ClientKey::new(s.parse().unwrap()));
        assert_eq!(id.client(Some(local), &h), key("198.51.100.4"));
        assert_eq!(id.client(Some(remote), &h), key("192.0.2.50"));
        assert_eq!(id.client(None, &h), None);
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("not an address"),
        );
        assert_eq!(id.client(Some(local), &h), key("127.0.0.1"));
        let plain = ClientIdentity { header: None };
        h.insert("x-forwarded-for", HeaderValue::from_static("198.51.100.4"));
        assert_eq!(plain.client(Some(local), &h), key("127.0.0.1"));
    }

    #[test]
    fn client_ip_header_names_are_checked() {
        let mut o = ServerOptions {
            client_ip_header: Some("X-Real-IP".into()),
            ..ServerOptions::default()
        };
        assert_eq!(
            client_ip_header(&o).unwrap(),
            Some(HeaderName::from_static("x-real-ip"))
        );
        o.client_ip_header = Some("bad header".into());
        assert!(matches!(
            client_ip_header(&o),
            Err(ServerError::InvalidHeaderName(_))
        ));
    }
}
