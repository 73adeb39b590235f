//! What `server` mounts under `/console`: an [`App`] answering plain [`Request`]s with plain
//! [`Response`]s. The types live here, not in `console`, so the server depends on no
//! application (the console implements [`App`]; tests can implement it too).

use crate::limit::ClientKey;

/// The longest form body read (an intake with a long summary fits many times over).
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// A web application the server mounts under `/console`. `handle` runs on a blocking
/// thread: it may open the database or hash a password.
pub trait App: Send + Sync + std::fmt::Debug {
    fn handle(&self, req: &Request) -> Response;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Other,
}

/// One HTTP request, as the console needs it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    /// The path below `/console` (`/`, `/requests/R-0001`), percent-decoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// The `Cookie` header's pairs.
    pub cookies: Vec<(String, String)>,
    /// The url-encoded form body of a POST.
    pub form: Vec<(String, String)>,
    pub client: Option<ClientKey>,
}

impl Request {
    pub fn query(&self, name: &str) -> Option<&str> {
        first(&self.query, name)
    }
    pub fn field(&self, name: &str) -> Option<&str> {
        first(&self.form, name)
    }
    pub fn cookie(&self, name: &str) -> Option<&str> {
        first(&self.cookies, name)
    }
    /// Every value of a repeated form field (checkboxes).
    pub fn fields(&self, name: &str) -> Vec<&str> {
        self.form
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Parses `a=1&b=%E3%81%82` (query strings and url-encoded forms).
pub fn parse_pairs(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Parses a `Cookie` header.
pub fn parse_cookies(header: &str) -> Vec<(String, String)> {
    header
        .split(';')
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

/// One HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn html(status: u16, body: String) -> Response {
        Response {
            status,
            headers: vec![("content-type", "text/html; charset=utf-8".into())],
            body: body.into_bytes(),
        }
    }

    pub fn redirect(to: &str) -> Response {
        Response {
            status: 303,
            headers: vec![("location", to.to_string())],
            body: Vec::new(),
        }
    }

    /// The first value of the header `name` (lowercase), e.g. a redirect's `location`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }

    /// Headers every console answer carries: never cached, never framed, and `csp`.
    pub fn hardened(mut self, csp: &str) -> Response {
        for (name, value) in [
            ("cache-control", "no-store"),
            ("content-security-policy", csp),
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "no-referrer"),
        ] {
            if !self.headers.iter().any(|(n, _)| *n == name) {
                self.headers.push((name, value.to_string()));
            }
        }
        self
    }
}
