//! Request handling, as a pure function of the loaded snapshot and the request line and
//! headers. Kept free of warp so every branch (conditional requests, 404s, 405s) is
//! testable without a socket; `mod.rs` only adapts it to warp.

use super::state::Loaded;
use crate::feeds::Lang;
use crate::limit::{ClientKey, FailureLimiter, retry_after_secs};
use crate::model::FeedKind;
use crate::publish::sha256;
use chrono::{DateTime, NaiveDateTime, Utc};
use std::sync::Arc;
use std::time::Instant;
use subtle::ConstantTimeEq;
use warp::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use warp::hyper::body::Bytes;
use warp::reply::Response;

/// Longest request path answered; longer ones get 414 without further parsing.
pub const MAX_PATH: usize = 1024;

/// Longest query string answered (only `lang=` means anything); longer ones get 414.
pub const MAX_QUERY: usize = 256;

/// Most header bytes answered (names, values and 4 bytes per line for `: ` and CRLF);
/// more gets 431. hyper enforces its own limits before this: at most 100 header lines, at
/// most about 400 KiB of request head, a request target under 64 KiB.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// `Cache-Control` of feed responses: private (the URL is a secret per subscriber), and
/// short enough that a changed booking reaches clients that honour it within minutes.
pub const FEED_CACHE_CONTROL: &str = "private, max-age=300";

/// A hash no secret has (SHA-256 of nothing is not all zeros): compared against when the
/// feed does not exist, so an unknown feed costs the same as a wrong secret.
const DUMMY_HASH: [u8; 32] = [0u8; 32];

/// Every non-success answer, mapped to HTTP in one place ([`HttpError::response`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpError {
    /// Unknown path, unknown kind or feed, wrong secret, malformed segment: one answer, so
    /// a prober learns nothing about which part was wrong.
    NotFound,
    MethodNotAllowed,
    UriTooLong,
    /// More than [`MAX_HEADER_BYTES`] of headers.
    HeadersTooLarge,
    /// The client made too many failed feed requests; it may retry after this many seconds.
    TooManyRequests {
        retry_after_secs: u64,
    },
    /// No snapshot has been loaded (only `/healthz` says this; feeds answer 404).
    Unavailable,
    /// `?lang=` names a language soudan does not know, on a feed whose secret was right
    /// (a wrong secret answers 404 whatever the language, so this reveals nothing). Not a
    /// silent Japanese answer: a subscriber who asked for `fr` would otherwise never learn
    /// why the calendar is in Japanese.
    BadLanguage,
}

impl HttpError {
    pub fn status(self) -> StatusCode {
        match self {
            HttpError::NotFound => StatusCode::NOT_FOUND,
            HttpError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            HttpError::UriTooLong => StatusCode::URI_TOO_LONG,
            HttpError::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            HttpError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            HttpError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            HttpError::BadLanguage => StatusCode::BAD_REQUEST,
        }
    }

    pub fn response(self) -> Response {
        let body: &'static str = match self {
            HttpError::BadLanguage => return bad_language_response(),
            HttpError::NotFound => "not found\n",
            HttpError::MethodNotAllowed => "method not allowed\n",
            HttpError::UriTooLong => "uri too long\n",
            HttpError::HeadersTooLarge => "request headers too large\n",
            HttpError::TooManyRequests { .. } => "too many requests\n",
            HttpError::Unavailable => "no feed snapshot\n",
        };
        let mut r = Response::new(Bytes::from_static(body.as_bytes()).into());
        *r.status_mut() = self.status();
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        match self {
            HttpError::MethodNotAllowed => {
                h.insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            }
            HttpError::TooManyRequests { retry_after_secs } => {
                h.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            _ => {}
        }
        r
    }
}

/// 400 for an unknown `?lang=`: the accepted languages, in both staff languages (the
/// reader's language is what we could not tell).
fn bad_language_response() -> Response {
    let body = format!(
        "{}\n{}\n",
        crate::tr!(Lang::Ja, "feeds-http-unknown-lang"),
        crate::tr!(Lang::En, "feeds-http-unknown-lang")
    );
    let mut r = Response::new(Bytes::from(body).into());
    *r.status_mut() = StatusCode::BAD_REQUEST;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// What was asked for, for the access log (never the secret or the raw path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogInfo {
    pub route: &'static str,
    pub kind: Option<FeedKind>,
    pub id: Option<String>,
    pub lang: Option<Lang>,
    /// Set when this request started a block of its client (logged once, as a warning).
    pub blocked_for_secs: Option<u64>,
}

/// The request, reduced to what the handler reads.
pub struct Request<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a HeaderMap,
    /// Who the request counts against for [`FailureLimiter`]; `None` is never limited.
    pub client: Option<ClientKey>,
}

/// Answers one request. `limiter` (if any) is consulted before a feed's secret is compared,
/// and told about every failed feed request; `now` is its clock.
pub fn handle(
    snapshot: Option<Arc<Loaded>>,
    req: &Request<'_>,
    limiter: Option<&FailureLimiter>,
    now: Instant,
) -> (Response, LogInfo) {
    let mut info = LogInfo::default();
    let result = route(snapshot, req, limiter, now, &mut info);
    if matches!(result, Err(HttpError::NotFound))
        && info.route == "feed"
        && let (Some(l), Some(c)) = (limiter, req.client)
    {
        info.blocked_for_secs = l.record_failure(c, now).map(retry_after_secs);
    }
    (result.unwrap_or_else(HttpError::response), info)
}

/// Sum of header sizes as they came on the wire (`name: value\r\n`).
fn header_bytes(headers: &HeaderMap) -> usize {
    headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum()
}

fn route(
    snapshot: Option<Arc<Loaded>>,
    req: &Request<'_>,
    limiter: Option<&FailureLimiter>,
    now: Instant,
    info: &mut LogInfo,
) -> Result<Response, HttpError> {
    if req.path.len() > MAX_PATH || req.query.len() > MAX_QUERY {
        info.route = "overlong";
        return Err(HttpError::UriTooLong);
    }
    if header_bytes(req.headers) > MAX_HEADER_BYTES {
        info.route = "overlong";
        return Err(HttpError::HeadersTooLarge);
    }
    let read_only = *req.method == Method::GET || *req.method == Method::HEAD;
    if req.path == "/healthz" {
        info.route = "healthz";
        if !read_only {
            return Err(HttpError::MethodNotAllowed);
        }
        let loaded = snapshot.ok_or(HttpError::Unavailable)?;
        let mut r = Response::new(Bytes::from(format!("ok {}\n", loaded.version)).into());
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Ok(r);
    }
    let Some(rest) = req.path.strip_prefix("/feeds/") else {
        info.route = "other";
        return Err(HttpError::NotFound);
    };
    info.route = "feed";
    if !read_only {
        return Err(HttpError::MethodNotAllowed);
    }
    // A blocked client gets 429 whatever it asks for, before any secret is compared: a
    // different answer for a right secret would confirm a guess.
    if let (Some(l), Some(c)) = (limiter, req.client)
        && let Some(remaining) = l.blocked(c, now)
    {
        info.route = "limited";
        return Err(HttpError::TooManyRequests {
            retry_after_secs: retry_after_secs(remaining),
        });
    }
    if let Some((id, secret)) = parse_view_path(rest) {
        return view(snapshot.as_deref(), req, id, secret, info);
    }
    let (kind, id, secret) = parse_feed_path(rest).ok_or(HttpError::NotFound)?;
    // An unknown language still compares the secret (against the Japanese feed), so that
    // the 400 below is only ever given to the holder of a right secret.
    let asked = query_lang(req.query);
    let lang = asked.unwrap_or(Lang::Ja);
    // Exact codes only (FeedKind's FromStr trims, which a URL has no business relying on).
    let kind = [
        FeedKind::Agency,
        FeedKind::Interpreter,
        FeedKind::Coordinator,
    ]
    .into_iter()
    .find(|k| k.code() == kind);

    // Constant-time comparison of SHA-256 values, against a dummy when the feed is unknown.
    let presented = sha256(secret.as_bytes());
    let entry = match (&snapshot, kind) {
        (Some(s), Some(k)) => s.feeds.get(&(k, id.clone(), lang)),
        _ => None,
    };
    let expected = entry.map_or(&DUMMY_HASH, |e| &e.secret_sha256);
    let matches: bool = presented.ct_eq(expected).into();
    let entry = match entry {
        Some(e) if matches => e,
        _ => return Err(HttpError::NotFound),
    };
    if asked.is_err() {
        info.route = "bad-lang";
        return Err(HttpError::BadLanguage);
    }
    info.kind = kind;
    info.id = Some(id);
    info.lang = Some(lang);

    Ok(file_response(
        req.method,
        req.headers,
        entry.cached(),
        FEED_CACHE_CONTROL,
        &[
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_LANGUAGE,
                HeaderValue::from_static(lang.code()),
            ),
        ],
    ))
}

/// `Content-Security-Policy` of the month view: it has inline style and inline SVG, and
/// nothing else may load or run (a planted `<script>` in data would do nothing).
pub const VIEW_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The coordinator's month view, `coordinator/<id>/<secret>/view.html[?month=YYYY-MM&lang=en]`:
/// the same secret as the coordinator feed, compared the same way, and the same 404 for
/// every failure (unknown id, month or secret).
fn view(
    snapshot: Option<&Loaded>,
    req: &Request<'_>,
    id: String,
    secret: String,
    info: &mut LogInfo,
) -> Result<Response, HttpError> {
    // An unknown `lang` names no published view: the same 404 as any other miss.
    let Ok(lang) = query_lang(req.query) else {
        return Err(HttpError::NotFound);
    };
    let month = query_value(req.query, "month")
        .map(str::to_owned)
        .or_else(|| snapshot.and_then(|s| s.view_default.get(&id).cloned()));
    let presented = sha256(secret.as_bytes());
    let entry = match (snapshot, month) {
        (Some(s), Some(m)) => s.views.get(&(id.clone(), m, lang)),
        _ => None,
    };
    let expected = entry.map_or(&DUMMY_HASH, |e| &e.secret_sha256);
    let matches: bool = presented.ct_eq(expected).into();
    let entry = match entry {
        Some(e) if matches => e,
        _ => return Err(HttpError::NotFound),
    };
    info.route = "view";
    info.kind = Some(FeedKind::Coordinator);
    info.id = Some(id);
    info.lang = Some(lang);
    Ok(file_response(
        req.method,
        req.headers,
        entry.cached(),
        "no-store",
        &[
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(VIEW_CSP),
            ),
        ],
    ))
}

/// `coordinator/<id>/<secret>/view.html`, segments percent-decoded: `(id, secret)`.
fn parse_view_path(rest: &str) -> Option<(String, String)> {
    let mut parts = rest.split('/');
    let (kind, id, secret, file) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || kind != "coordinator" || file != "view.html" {
        return None;
    }
    let (id, secret) = (percent_decode(id)?, percent_decode(secret)?);
    if id.is_empty() || secret.is_empty() {
        return None;
    }
    Some((id, secret))
}

/// The value of `name=` in a query string (first occurrence), undecoded.
fn query_value<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// `<kind>/<id>/<secret>.ics`, each segment percent-decoded to UTF-8.
fn parse_feed_path(rest: &str) -> Option<(String, String, String)> {
    let mut parts = rest.split('/');
    let (kind, id, file) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let secret = file.strip_suffix(".ics")?;
    let (kind, id, secret) = (
        percent_decode(kind)?,
        percent_decode(id)?,
        percent_decode(secret)?,
    );
    if kind.is_empty() || id.is_empty() || secret.is_empty() {
        return None;
    }
    Some((kind, id, secret))
}

/// Percent-decodes one path segment; `None` for bad escapes or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The feed language of `?lang=`: a BCP 47 tag or word ([`Lang::parse`]: `en`, `en-US`,
/// `ja-JP`), mapped to its staff language (feeds exist in ja and en; `zh` reads English,
/// `ja-x-easy` Japanese). No `lang` (or an empty one) is Japanese, the default URL. The first
/// `lang=` counts. `Err` for a tag soudan does not know or a bad escape.
fn query_lang(query: &str) -> Result<Lang, ()> {
    let Some(value) = query.split('&').find_map(|pair| pair.strip_prefix("lang=")) else {
        return Ok(Lang::Ja);
    };
    if value.is_empty() {
        return Ok(Lang::Ja);
    }
    let value = percent_decode(&value.replace('+', " ")).ok_or(())?;
    Lang::parse(&value).map(Lang::staff).map_err(|_| ())
}

/// The validators and body of one published file (feed, view, public file).
pub(crate) struct Cached<'a> {
    pub etag: &'a str,
    pub etag_header: &'a HeaderValue,
    pub last_modified: DateTime<Utc>,
    pub last_modified_header: &'a HeaderValue,
    pub body: &'a Bytes,
}

/// The answer for one published file, the same for every kind: ETag, Last-Modified and
/// `cache_control` always; 304 when the client's copy is current; HEAD without a body;
/// otherwise `extra` (type, language, CSP), the length, `nosniff` and `no-referrer`.
pub(crate) fn file_response(
    method: &Method,
    headers: &HeaderMap,
    file: Cached<'_>,
    cache_control: &'static str,
    extra: &[(header::HeaderName, HeaderValue)],
) -> Response {
    let not_modified = is_not_modified(headers, file.etag, file.last_modified);
    let body = if not_modified || *method == Method::HEAD {
        Bytes::new()
    } else {
        file.body.clone()
    };
    let mut r = Response::new(body.into());
    let h = r.headers_mut();
    h.insert(header::ETAG, file.etag_header.clone());
    h.insert(header::LAST_MODIFIED, file.last_modified_header.clone());
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if not_modified {
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        return r;
    }
    for (name, value) in extra {
        h.insert(name.clone(), value.clone());
    }
    h.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(file.body.len() as u64),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// RFC 9110 §13.1.2 and §13.1.3 for GET/HEAD: `If-None-Match` (weak comparison, lists and
/// `*`) decides when present; otherwise `If-Modified-Since`. An unparsable date is ignored.
pub fn is_not_modified(headers: &HeaderMap, etag: &str, last_modified: DateTime<Utc>) -> bool {
    let inm: Vec<&HeaderValue> = headers.get_all(header::IF_NONE_MATCH).iter().collect();
    if !inm.is_empty() {
        return inm.iter().any(|v| {
            v.to_str()
                .map(|s| if_none_match_matches(s, etag))
                .unwrap_or(false)
        });
    }
    let Some(ims) = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_http_date)
    else {
        return false;
    };
    last_modified <= ims
}

fn if_none_match_matches(value: &str, etag: &str) -> bool {
    value.split(',').map(str::trim).any(|tag| {
        if tag == "*" {
            return true;
        }
        let tag = tag.strip_prefix("W/").unwrap_or(tag);
        tag.len() >= 2
            && tag.starts_with('"')
            && tag.ends_with('"')
            && &tag[1..tag.len() - 1] == etag
    })
}

/// Parses an HTTP date: IMF-fixdate, RFC 850 or asctime (RFC 9110 §5.6.7).
pub fn parse_http_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%a, %d %b %Y %H:%M:%S GMT") {
        return Some(t.and_utc());
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%A, %d-%b-%y %H:%M:%S GMT") {
        return Some(t.and_utc());
    }
    NaiveDateTime::parse_from_str(s, "%a %b %e %H:%M:%S %Y")
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::super::state::http_date;
    use super::*;

    #[test]
    fn conditional_headers() {
        let lm = "2026-11-28T10:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let mut h = HeaderMap::new();
        assert!(!is_not_modified(&h, "abc", lm));
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", W/\"abc\""),
        );
        assert!(is_not_modified(&h, "abc", lm));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"abcd\""));
        // INM present and not matching: IMS is ignored even if it would match.
        h.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Sat, 28 Nov 2026 10:00:00 GMT"),
        );
        assert!(!is_not_modified(&h, "abc", lm));
        h.remove(header::IF_NONE_MATCH);
        assert!(is_not_modified(&h, "abc", lm));
        h.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Sat, 28 Nov 2026 09:59:59 GMT"),
        );
        assert!(!is_not_modified(&h, "abc", lm));
        h.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("garbage"),
        );
        assert!(!is_not_modified(&h, "abc", lm));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(is_not_modified(&h, "abc", lm));
        assert_eq!(http_date(lm), "Sat, 28 Nov 2026 10:00:00 GMT");
        assert_eq!(
            parse_http_date("Saturday, 28-Nov-26 10:00:00 GMT"),
            Some(lm)
        );
        assert_eq!(parse_http_date("Sat Nov 28 10:00:00 2026"), Some(lm));
    }

    #[test]
    fn paths() {
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("%ff"), None);
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%e3%81%82").as_deref(), Some("あ"));
        assert!(parse_feed_path("agency/x/s.ics").is_some());
        assert!(parse_feed_path("agency/x/s.ics/").is_none());
        assert!(parse_feed_path("agency/x/s").is_none());
        assert!(parse_feed_path("agency//s.ics").is_none());
        assert_eq!(query_lang("a=1&lang=en"), Ok(Lang::En));
        assert_eq!(query_lang("lang=en-US"), Ok(Lang::En));
        assert_eq!(query_lang("lang=EN_gb"), Ok(Lang::En));
        assert_eq!(query_lang("lang=ja-JP"), Ok(Lang::Ja));
        assert_eq!(
            query_lang("lang=zh-Hans"),
            Ok(Lang::En),
            "resident language: staff"
        );
        assert_eq!(query_lang("lang=ja-x-easy"), Ok(Lang::Ja));
        assert_eq!(query_lang("lang=%E6%97%A5%E6%9C%AC%E8%AA%9E"), Ok(Lang::Ja));
        assert_eq!(query_lang(""), Ok(Lang::Ja));
        assert_eq!(query_lang("lang="), Ok(Lang::Ja));
        assert_eq!(query_lang("lang=fr"), Err(()));
        assert_eq!(query_lang("lang=%ff"), Err(()));
    }

    fn req<'a>(
        method: &'a Method,
        path: &'a str,
        headers: &'a HeaderMap,
        client: Option<ClientKey>,
    ) -> Request<'a> {
        Request {
            method,
            path,
            query: "",
            headers,
            client,
        }
    }

    #[test]
    fn failures_lead_to_429_for_that_client_only() {
        use crate::limit::FailureLimit;
        use std::time::Duration;
        let limiter = FailureLimiter::new(FailureLimit {
            max_failures: 3,
            window: Duration::from_secs(60),
            block_for: Duration::from_secs(60),
            max_clients: 100,
            exempt_loopback: true,
        });
        let (get, h) = (Method::GET, HeaderMap::new());
        let a = Some(ClientKey::new("192.0.2.1".parse().unwrap()));
        let b = Some(ClientKey::new("2001:db8::1".parse().unwrap()));
        let t0 = Instant::now();
        let feed = "/feeds/agency/x/0123.ics";
        for i in 0..3 {
            let (r, info) = handle(None, &req(&get, feed, &h, a), Some(&limiter), t0);
            assert_eq!(r.status(), StatusCode::NOT_FOUND);
            assert_eq!(info.blocked_for_secs, (i == 2).then_some(60));
        }
        let later = t0 + Duration::from_millis(10_500);
        let (r, info) = handle(None, &req(&get, feed, &h, a), Some(&limiter), later);
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "50");
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
        assert_eq!(info.route, "limited");
        assert_eq!(info.blocked_for_secs, None);
        // Health checks, other clients and unidentified requests are not limited.
        let (r, _) = handle(None, &req(&get, "/healthz", &h, a), Some(&limiter), later);
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        let (r, _) = handle(None, &req(&get, feed, &h, b), Some(&limiter), later);
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let (r, _) = handle(None, &req(&get, feed, &h, None), Some(&limiter), later);
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        // Paths outside /feeds/ and wrong methods do not count.
        for _ in 0..10 {
            handle(None, &req(&get, "/wp-admin", &h, b), Some(&limiter), later);
            handle(
                None,
                &req(&Method::POST, feed, &h, b),
                Some(&limiter),
                later,
            );
        }
        let (r, _) = handle(None, &req(&get, feed, &h, b), Some(&limiter), later);
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        // After the block the client is served again.
        let after = t0 + Duration::from_secs(61);
        let (r, _) = handle(None, &req(&get, feed, &h, a), Some(&limiter), after);
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }

    /// An unknown `?lang=` is 400 only for the holder of the right secret, is not counted as
    /// a failed guess, and a known one carries `Content-Language`.
    #[test]
    fn unknown_languages_are_400_for_the_secret_holder_only() {
        use super::super::state::Entry;
        use crate::limit::FailureLimit;
        use std::collections::HashMap;
        use std::time::Duration;
        let t = chrono::DateTime::<Utc>::UNIX_EPOCH;
        let entry = |body: &'static str| Entry {
            secret_sha256: sha256(b"right"),
            etag: "e".into(),
            etag_header: HeaderValue::from_static("\"e\""),
            last_modified: t,
            last_modified_header: HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"),
            body: Bytes::from_static(body.as_bytes()),
        };
        let mut feeds = HashMap::new();
        feeds.insert((FeedKind::Agency, "x".to_owned(), Lang::Ja), entry("ja"));
        feeds.insert((FeedKind::Agency, "x".to_owned(), Lang::En), entry("en"));
        let loaded = Arc::new(Loaded {
            version: "v000001".into(),
            feeds,
            views: HashMap::new(),
            view_default: HashMap::new(),
        });
        let limiter = FailureLimiter::new(FailureLimit {
            max_failures: 2,
            window: Duration::from_secs(60),
            block_for: Duration::from_secs(60),
            max_clients: 10,
            exempt_loopback: false,
        });
        let (get, h) = (Method::GET, HeaderMap::new());
        let client = Some(ClientKey::new("192.0.2.7".parse().unwrap()));
        let ask = |path: &'static str, query: &'static str| {
            let r = Request {
                query,
                ..req(&get, path, &h, client)
            };
            handle(Some(loaded.clone()), &r, Some(&limiter), Instant::now()).0
        };
        for _ in 0..5 {
            let r = ask("/feeds/agency/x/right.ics", "lang=fr");
            assert_eq!(
                r.status(),
                StatusCode::BAD_REQUEST,
                "not counted as a guess"
            );
        }
        let r = ask("/feeds/agency/x/right.ics", "lang=en-US");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()[header::CONTENT_LANGUAGE], "en");
        let r = ask("/feeds/agency/x/right.ics", "");
        assert_eq!(r.headers()[header::CONTENT_LANGUAGE], "ja");
        assert_eq!(
            ask("/feeds/agency/x/wrong.ics", "lang=fr").status(),
            StatusCode::NOT_FOUND
        );
    }

    #[test]
    fn oversized_requests() {
        let get = Method::GET;
        let mut h = HeaderMap::new();
        let t0 = Instant::now();
        let long_path = format!("/feeds/{}", "a".repeat(MAX_PATH));
        let (r, _) = handle(None, &req(&get, &long_path, &h, None), None, t0);
        assert_eq!(r.status(), StatusCode::URI_TOO_LONG);
        let long_query = "x".repeat(MAX_QUERY + 1);
        let q = Request {
            query: &long_query,
            ..req(&get, "/healthz", &h, None)
        };
        assert_eq!(
            handle(None, &q, None, t0).0.status(),
            StatusCode::URI_TOO_LONG
        );
        h.insert(
            "x-a",
            HeaderValue::from_str(&"v".repeat(MAX_HEADER_BYTES - 7)).unwrap(),
        );
        assert_eq!(header_bytes(&h), MAX_HEADER_BYTES);
        let (r, _) = handle(None, &req(&get, "/healthz", &h, None), None, t0);
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        h.insert("x-b", HeaderValue::from_static(""));
        let (r, _) = handle(None, &req(&get, "/healthz", &h, None), None, t0);
        assert_eq!(r.status(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    }
}

#[cfg(test)]
mod view_tests {
    use super::*;

    #[test]
    fn view_paths_and_queries() {
        assert_eq!(
            parse_view_path("coordinator/c%31/s3cret/view.html"),
            Some(("c1".to_string(), "s3cret".to_string()))
        );
        assert_eq!(parse_view_path("agency/x/s/view.html"), None);
        assert_eq!(parse_view_path("coordinator/x/s/view.htm"), None);
        assert_eq!(parse_view_path("coordinator/x/s/view.html/"), None);
        assert_eq!(parse_view_path("coordinator//s/view.html"), None);
        assert_eq!(parse_view_path("coordinator/x/s.ics"), None);
        assert_eq!(
            query_value("lang=en&month=2026-12", "month"),
            Some("2026-12")
        );
        assert_eq!(query_value("months=2026-12", "month"), None);
        assert_eq!(query_value("", "month"), None);
    }
}
