//! warp glue for the console ([`crate::console`]): `/console` and everything below it. The
//! console itself is plain functions of a [`console::Request`]; this only reads the request
//! (a POST body of at most [`console::MAX_FORM_BYTES`]), runs the handler on a blocking
//! thread (it opens the database and may hash a password) and writes the answer.

use super::ClientIdentity;
use crate::console::{self, Console};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use warp::Filter;
use warp::http::{HeaderMap, HeaderValue, Method, StatusCode};
use warp::hyper::body::Bytes;
use warp::reply::Response;

pub(super) fn filter(
    console: Arc<Console>,
    identity: ClientIdentity,
) -> impl Filter<Extract = (Response,), Error = warp::Rejection> + Clone {
    let query = warp::query::raw().or(warp::any().map(String::new)).unify();
    // A POST's form; anything else (or a POST without a length, or a longer one) has none,
    // and a POST without its form is refused by the CSRF check.
    let body = warp::post()
        .and(warp::body::content_length_limit(
            console::MAX_FORM_BYTES as u64,
        ))
        .and(warp::body::bytes())
        .or(warp::any().map(Bytes::new))
        .unify();
    warp::path("console")
        .and(warp::path::full())
        .and(warp::method())
        .and(query)
        .and(warp::header::headers_cloned())
        .and(warp::addr::remote())
        .and(body)
        .and_then(
            move |full: warp::path::FullPath,
                  method: Method,
                  query: String,
                  headers: HeaderMap,
                  peer: Option<SocketAddr>,
                  body: Bytes| {
                let console = Arc::clone(&console);
                let client = identity.client(peer, &headers);
                async move {
                    Ok::<_, std::convert::Infallible>(
                        answer(
                            console,
                            full.as_str(),
                            method,
                            &query,
                            &headers,
                            client,
                            body,
                        )
                        .await,
                    )
                }
            },
        )
}

async fn answer(
    console: Arc<Console>,
    full: &str,
    method: Method,
    query: &str,
    headers: &HeaderMap,
    client: Option<super::ClientKey>,
    body: Bytes,
) -> Response {
    let started = Instant::now();
    let path = full.strip_prefix("/console").unwrap_or("/");
    if path.is_empty() {
        return redirect("/console/");
    }
    let method = match method {
        Method::GET => console::Method::Get,
        Method::HEAD => console::Method::Head,
        Method::POST => console::Method::Post,
        _ => console::Method::Other,
    };
    let cookies = headers
        .get_all(warp::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(console::parse_cookies)
        .collect();
    let form_type = headers
        .get(warp::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    let req = console::Request {
        method,
        path: path.to_string(),
        query: console::parse_pairs(query.as_bytes()),
        cookies,
        form: if form_type {
            console::parse_pairs(&body)
        } else {
            Vec::new()
        },
        client,
    };
    let answered = tokio::task::spawn_blocking(move || {
        let r = console.handle(&req);
        (r, req.method)
    })
    .await;
    let (r, method) = match answered {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "console handler failed");
            return plain(StatusCode::INTERNAL_SERVER_ERROR);
        }
    };
    // Never the query (a search may hold a name) nor any cookie or form value.
    tracing::info!(
        route = "console",
        method = ?method,
        status = r.status,
        latency_us = started.elapsed().as_micros() as u64,
        "request"
    );
    let head = method == console::Method::Head;
    let mut out = Response::new(if head {
        Vec::new().into()
    } else {
        r.body.into()
    });
    *out.status_mut() = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in r.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            out.headers_mut().append(name, v);
        }
    }
    out
}

fn redirect(to: &'static str) -> Response {
    let mut r = plain(StatusCode::SEE_OTHER);
    r.headers_mut()
        .insert(warp::http::header::LOCATION, HeaderValue::from_static(to));
    r
}

fn plain(status: StatusCode) -> Response {
    let mut r = Response::new(Vec::new().into());
    *r.status_mut() = status;
    r
}
