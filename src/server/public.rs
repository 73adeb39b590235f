//! `/public/...`: the public page and calendars ([`crate::publish::public`]), no secret.
//!
//! Served from memory like the feeds: the poller loads the current public snapshot (bodies
//! checked against their etags) and swaps it in; a damaged or missing one keeps the last
//! good one. Public paths never consult the failure limiter (there is nothing to guess) and
//! share nothing with the secret feed routes except the 404 answer.

use super::http::{Cached, HttpError, MAX_HEADER_BYTES, MAX_PATH, MAX_QUERY, file_response};
use super::state::http_date;
use crate::publish::public::{PublicSnapshot, valid_path};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Arc;
use warp::http::{HeaderMap, HeaderValue, Method, header};
use warp::hyper::body::Bytes;
use warp::reply::Response;

/// `Cache-Control` of public files: anyone may cache them, for a short while.
pub const PUBLIC_CACHE_CONTROL: &str = "public, max-age=300";

/// One servable public file.
#[derive(Debug, Clone)]
pub(crate) struct PublicEntry {
    pub content_type: HeaderValue,
    pub etag: String,
    pub etag_header: HeaderValue,
    pub last_modified: DateTime<Utc>,
    pub last_modified_header: HeaderValue,
    pub body: Bytes,
}

/// A loaded public snapshot.
#[derive(Debug)]
pub(crate) struct PublicSite {
    pub version: String,
    pub files: HashMap<String, PublicEntry>,
}

impl PublicSite {
    pub fn from_snapshot(s: PublicSnapshot) -> PublicSite {
        let mut files = HashMap::with_capacity(s.files.len());
        for (e, body) in s.files {
            let (Ok(content_type), Ok(etag_header), Ok(last_modified_header)) = (
                HeaderValue::from_str(&e.content_type),
                HeaderValue::from_str(&format!("\"{}\"", e.etag)),
                HeaderValue::from_str(&http_date(e.last_modified)),
            ) else {
                continue;
            };
            files.insert(
                e.path,
                PublicEntry {
                    content_type,
                    etag: e.etag,
                    etag_header,
                    last_modified: e.last_modified,
                    last_modified_header,
                    body: Bytes::from(body),
                },
            );
        }
        PublicSite {
            version: s.version,
            files,
        }
    }
}

/// Answers `GET`/`HEAD /public/<path>`; `/public/` and `/public` give the page.
pub(crate) fn handle(
    site: Option<Arc<PublicSite>>,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
) -> Result<Response, HttpError> {
    if path.len() > MAX_PATH || query.len() > MAX_QUERY {
        return Err(HttpError::UriTooLong);
    }
    let header_bytes: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return Err(HttpError::HeadersTooLarge);
    }
    if *method != Method::GET && *method != Method::HEAD {
        return Err(HttpError::MethodNotAllowed);
    }
    let rest = path
        .strip_prefix("/public")
        .ok_or(HttpError::NotFound)?
        .trim_start_matches('/');
    let rest = if rest.is_empty() { "index.html" } else { rest };
    if !valid_path(rest) {
        return Err(HttpError::NotFound);
    }
    let site = site.ok_or(HttpError::NotFound)?;
    let entry = site.files.get(rest).ok_or(HttpError::NotFound)?;
    Ok(file_response(
        method,
        headers,
        Cached {
            etag: &entry.etag,
            etag_header: &entry.etag_header,
            last_modified: entry.last_modified,
            last_modified_header: &entry.last_modified_header,
            body: &entry.body,
        },
        PUBLIC_CACHE_CONTROL,
        &[
            (header::CONTENT_TYPE, entry.content_type.clone()),
            // The page is self-contained: nothing may be loaded from elsewhere.
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'",
                ),
            ),
        ],
    ))
}
