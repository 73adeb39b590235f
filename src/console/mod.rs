//! The coordinators' web console under `/console/`: intake at the counter, the day's work and
//! the repairs, in Japanese first (English with `?lang=en`), behind a login.
//!
//! Why it is built this way:
//! - **No rule here.** Every page reads through `ops` and every form calls one `ops` use case,
//!   the same functions the CLI calls; a handler only parses a form, calls, and renders.
//! - **The database is opened per request** ([`Ctx::open_waiting`], holder
//!   [`crate::store::BRIEF_HOLDER`]) and closed when the answer is rendered. sled allows one
//!   process per database, and the CLI must keep working while the console runs: a CLI command
//!   waits for a console request (up to [`crate::store::BRIEF_WAIT`]) and a console request
//!   waits for a CLI command (up to [`ConsoleOptions::db_wait`], then a "busy" page).
//! - **Forms that change a record carry its version** (a hash of the stored record): a form
//!   rendered before someone else's change is refused with what changed, never applied.
//! - **Security.** A session is a random token in an `HttpOnly; SameSite=Strict` cookie
//!   (`Secure` behind TLS), kept only as its hash, ended by logout, idle time, a password
//!   change or the account's removal. Every state-changing request is a POST carrying the
//!   session's CSRF token (the login form a double-submitted one); without it: 403, nothing
//!   changed. Failed logins are limited per client ([`FailureLimiter`], loopback included).
//!   Every piece of data goes through [`crate::html::escape`]. Pages answer `no-store` with
//!   a CSP that allows no script at all: the console works with plain forms and links.
//! - **Transport-agnostic.** [`Console::handle`] takes a plain [`Request`] and returns a
//!   [`Response`]; `server` adapts warp to it, and tests can call it directly.

mod contacts;
mod hand;
mod home;
mod intake;
mod month;
mod page;
mod requests;
mod session;

pub use session::{SESSION_COOKIE, Sessions};

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::limit::{FailureLimit, FailureLimiter};
use crate::model::Role;
use crate::ops::{self, Ctx, Staff};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The console's content security policy: nothing from elsewhere, no script, forms only to
/// this origin, never framed.
pub const CONSOLE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub use crate::server::app::{
    MAX_FORM_BYTES, Method, Request, Response, parse_cookies, parse_pairs,
};

#[derive(Debug, Clone)]
pub struct ConsoleOptions {
    /// A session unused this long is over.
    pub idle: Duration,
    /// Cookies get `Secure` (the console is served behind TLS).
    pub secure_cookies: bool,
    /// How long a request waits for a CLI command holding the database.
    pub db_wait: Duration,
    /// Failed logins allowed per client before it is blocked for a while.
    pub login_limit: FailureLimit,
    /// The clock (`--now`): `None` reads the system clock per request.
    pub now: Option<DateTime<Utc>>,
}

impl Default for ConsoleOptions {
    fn default() -> Self {
        ConsoleOptions {
            idle: Duration::from_secs(30 * 60),
            secure_cookies: false,
            db_wait: Duration::from_secs(10),
            login_limit: FailureLimit {
                max_failures: 10,
                window: Duration::from_secs(10 * 60),
                block_for: Duration::from_secs(5 * 60),
                max_clients: 10_000,
                exempt_loopback: false,
            },
            now: None,
        }
    }
}

/// Who is asking, once the session is checked.
pub(crate) struct Visit<'a> {
    pub req: &'a Request,
    pub staff: Staff,
    pub csrf: String,
    pub lang: Lang,
    pub now: DateTime<Utc>,
}

/// Every route of the console: method, path pattern (`{}` is one segment), and whether it
/// needs a session. The security test walks this table.
pub const ROUTES: &[(Method, &str, bool)] = &[
    (Method::Get, "/login", false),
    (Method::Post, "/login", false),
    (Method::Post, "/logout", true),
    (Method::Get, "/", true),
    (Method::Get, "/requests", true),
    (Method::Get, "/requests/new", true),
    (Method::Post, "/requests", true),
    (Method::Get, "/requests/{}", true),
    (Method::Post, "/requests/{}/cancel", true),
    (Method::Post, "/bookings/{}/pin", true),
    (Method::Post, "/bookings/{}/unpin", true),
    (Method::Get, "/bookings/{}/slip", true),
    (Method::Post, "/bookings/{}/slip", true),
    (Method::Get, "/contacts", true),
    (Method::Get, "/contacts.csv", true),
    (Method::Post, "/contacts/{}/done", true),
    (Method::Get, "/requests/{}/place", true),
    (Method::Post, "/requests/{}/place", true),
    (Method::Get, "/bookings/{}/move", true),
    (Method::Post, "/bookings/{}/move", true),
    (Method::Get, "/bookings/{}/substitute", true),
    (Method::Post, "/bookings/{}/substitute", true),
    (Method::Get, "/allocate", true),
    (Method::Post, "/allocate", true),
    (Method::Get, "/allocate/done", true),
    (Method::Get, "/view", true),
    (Method::Get, "/report", true),
    (Method::Get, "/public", true),
];

/// The console: its sessions, its login limiter and where the database is.
pub struct Console {
    db: PathBuf,
    options: ConsoleOptions,
    sessions: Sessions,
    failures: FailureLimiter,
}

impl crate::server::app::App for Console {
    fn handle(&self, req: &Request) -> Response {
        Console::handle(self, req)
    }
}

/// Never the sessions: their CSRF tokens are secrets.
impl std::fmt::Debug for Console {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Console")
            .field("db", &self.db)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Console {
    pub fn new(db: PathBuf, options: ConsoleOptions) -> Console {
        Console {
            db,
            sessions: Sessions::new(options.idle),
            failures: FailureLimiter::new(options.login_limit.clone()),
            options,
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.options.now.unwrap_or_else(Utc::now)
    }

    /// Opens the database for one request.
    fn open(&self) -> Result<Ctx> {
        Ctx::open_waiting(&self.db, crate::store::BRIEF_HOLDER, self.options.db_wait)
    }

    /// Answers one request. Never panics on what a client sends; every error becomes a page.
    pub fn handle(&self, req: &Request) -> Response {
        let lang = match req.query("lang").or_else(|| req.cookie("soudan_lang")) {
            Some("en") => Lang::En,
            _ => Lang::Ja,
        };
        let mut response = self.route(req, lang);
        if req.query("lang").is_some() {
            response = response.with_header(
                "set-cookie",
                format!(
                    "soudan_lang={}; Path=/console; SameSite=Strict{}",
                    lang.code(),
                    self.secure()
                ),
            );
        }
        response.hardened(CONSOLE_CSP)
    }

    fn secure(&self) -> &'static str {
        if self.options.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    }

    fn route(&self, req: &Request, lang: Lang) -> Response {
        let segments: Vec<&str> = req.path.trim_matches('/').split('/').collect();
        let segments: &[&str] = if segments == [""] { &[] } else { &segments };
        match (req.method, segments) {
            (Method::Get | Method::Head, ["login"]) => self.login_page(req, lang, None),
            (Method::Post, ["login"]) => self.login(req, lang),
            _ => {
                let (visit_staff, csrf) = match self.session(req) {
                    Ok(Some(s)) => s,
                    Ok(None) if req.method == Method::Post => return page::forbidden(lang),
                    Ok(None) => return Response::redirect("/console/login"),
                    Err(e) => return page::unavailable(lang, &e),
                };
                let visit = Visit {
                    req,
                    staff: visit_staff,
                    csrf,
                    lang,
                    now: self.now(),
                };
                if req.method == Method::Post {
                    if !session::same(req.field("csrf"), &visit.csrf) {
                        tracing::warn!(staff = %visit.staff.name, "console POST without the session's CSRF token");
                        return page::forbidden(lang);
                    }
                    if segments != ["logout"] && !visit.staff.role.can_change() {
                        return page::read_only(&visit);
                    }
                }
                match self.dispatch(&visit, segments) {
                    Ok(r) => r,
                    Err(e) => page::error(&visit, &e),
                }
            }
        }
    }

    fn dispatch(&self, v: &Visit<'_>, segments: &[&str]) -> Result<Response> {
        let get = matches!(v.req.method, Method::Get | Method::Head);
        let post = v.req.method == Method::Post;
        match segments {
            ["logout"] if post => {
                self.sessions.end(v.req.cookie(SESSION_COOKIE));
                Ok(Response::redirect("/console/login").with_header(
                    "set-cookie",
                    format!(
                        "{SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0{}",
                        self.secure()
                    ),
                ))
            }
            [] if get => {
                let ctx = self.open()?;
                home::page(&ctx, v)
            }
            ["requests"] if get => {
                let ctx = self.open()?;
                requests::list(&ctx, v)
            }
            ["requests", "new"] if get => {
                let ctx = self.open()?;
                intake::form(&ctx, v, &intake::Filled::default())
            }
            ["requests"] if post => {
                let ctx = self.open()?.acting_as(&v.staff.name);
                intake::create(&ctx, v)
            }
            ["requests", id] if get => {
                let ctx = self.open()?;
                requests::detail(&ctx, v, id, None)
            }
            ["requests", id, "place"] if get => {
                let ctx = self.open()?;
                hand::place_page(&ctx, v, id)
            }
            ["requests", id, "place"] if post => {
                let ctx = self.open()?.acting_as(&v.staff.name);
                hand::place(&ctx, v, id)
            }
            ["bookings", number, "move"] if get => {
                let ctx = self.open()?;
                hand::move_page(&ctx, v, number)
            }
            ["bookings", number, "move"] if post => {
                let ctx = self.open()?.acting_as(&v.staff.name);
                hand::move_to(&ctx, v, number)
            }
            ["bookings", number, "substitute"] if get => {
                let ctx = self.open()?;
                hand::substitute_page(&ctx, v, number)
            }
            ["bookings", number, "substitute"] if post => {
                let ctx = self.open()?.acting_as(&v.staff.name);
                hand::substitute(&ctx, v, number)
            }
            ["allocate"] if get => {
                let ctx = self.open()?;
                month::preview(&ctx, v)
            }
            ["allocate"] if post => {
                let ctx = self.open()?.acting_as(&v.staff.name);
                month::confirm(&ctx, v)
            }
            ["allocate", "done"] if get => month::done(v),
            ["view"] if get => {
                let ctx = self.open()?;
                month::view(&ctx, v)
            }
            ["report"] if get => {
                let ctx = self.open()?;
                month::report(&ctx, v)
            }
            ["public"] if get => {
                let ctx = self.open()?;
                month::public(&ctx, v)
            }
            ["requests", id, "cancel"] if post => {
                let ctx = self.open()?.acting_as(&v.staff.name);
                requests::cancel(&ctx, v, id)
            }
            ["bookings", number, action @ ("pin" | "unpin")] if post => {
                let ctx = self.open()?.acting_as(&v.staff.name);
                requests::pin(&ctx, v, number, *action == "pin")
            }
            ["bookings", number, "slip"] if get || post => {
                let ctx = self.open()?;
                requests::slip(&ctx, v, number, post)
            }
            ["contacts"] if get => {
                let ctx = self.open()?;
                contacts::page(&ctx, v)
            }
            ["contacts.csv"] if get => {
                let ctx = self.open()?;
                contacts::csv(&ctx, v)
            }
            ["contacts", id, "done"] if post => {
                let ctx = self.open()?.acting_as(&v.staff.name);
                contacts::done(&ctx, v, id)
            }
            _ => Ok(page::not_found(v)),
        }
    }

    /// The logged-in staff member and the session's CSRF token, if the cookie names a live
    /// session of an account that still exists with the same password.
    /// A database that cannot be opened (busy, damaged) is an error, not a logout.
    fn session(&self, req: &Request) -> Result<Option<(Staff, String)>> {
        let Some(token) = req.cookie(SESSION_COOKIE) else {
            return Ok(None);
        };
        let Some(live) = self.sessions.touch(token, Instant::now()) else {
            return Ok(None);
        };
        let ctx = self.open()?;
        match ops::staff_current(&ctx, &live.staff, live.since)? {
            Some(staff) => Ok(Some((staff, live.csrf))),
            None => {
                self.sessions.end(Some(token));
                Ok(None)
            }
        }
    }

    fn login_page(&self, req: &Request, lang: Lang, problem: Option<&str>) -> Response {
        // Login CSRF: the form carries the value of a cookie it sets (double submit), so a
        // page elsewhere cannot log a browser into someone's account.
        let token = match req.cookie(session::LOGIN_COOKIE) {
            Some(t) if session::looks_like_token(t) => t.to_string(),
            _ => match crate::secret::new_secret() {
                Ok(t) => t,
                Err(_) => return page::plain_error(lang),
            },
        };
        page::login(lang, &token, req.field("user").unwrap_or(""), problem).with_header(
            "set-cookie",
            format!(
                "{}={token}; Path=/console; HttpOnly; SameSite=Strict{}",
                session::LOGIN_COOKIE,
                self.secure()
            ),
        )
    }

    fn login(&self, req: &Request, lang: Lang) -> Response {
        let now = Instant::now();
        let cookie = req.cookie(session::LOGIN_COOKIE).unwrap_or("");
        if cookie.is_empty() || !session::same(req.field("csrf"), cookie) {
            return page::forbidden(lang);
        }
        if let Some(client) = req.client
            && let Some(wait) = self.failures.blocked(client, now)
        {
            return page::too_many(lang, wait);
        }
        let user = req.field("user").unwrap_or("").trim();
        let password = req.field("password").unwrap_or("");
        let checked = self
            .open()
            .and_then(|ctx| ops::staff_authenticate(&ctx, user, password));
        match checked {
            Ok(Some(staff)) => {
                let (token, _) = self.sessions.start(&staff.name, self.now(), now);
                tracing::info!(staff = %staff.name, "console login");
                Response::redirect("/console/").with_header(
                    "set-cookie",
                    format!(
                        "{SESSION_COOKIE}={token}; Path=/console; HttpOnly; SameSite=Strict{}",
                        self.secure()
                    ),
                )
            }
            Ok(None) => {
                // Never the name typed (it may be a password typed in the wrong field).
                tracing::warn!(client = ?req.client.map(|c| c.to_string()), "console login failed");
                if let Some(client) = req.client
                    && let Some(wait) = self.failures.record_failure(client, now)
                {
                    return page::too_many(lang, wait);
                }
                self.login_page(req, lang, Some("console-login-wrong"))
            }
            Err(e) => {
                tracing::error!(error = %e, "console login: the database could not be read");
                self.login_page(req, lang, Some("console-busy"))
            }
        }
    }
}

/// The role's word for the header.
pub(crate) fn role_word(lang: Lang, role: Role) -> String {
    crate::words::code_word(lang, "role", role.code())
}

/// The version of a record a form changes: a short hash of its stored bytes.
pub(crate) fn version_of<T: serde::Serialize>(records: &[&T]) -> String {
    let mut bytes = Vec::new();
    for r in records {
        if let Ok(b) = crate::codec::encode(*r) {
            bytes.extend_from_slice(&b);
        }
        bytes.push(0);
    }
    crate::secret::hex(&crate::secret::sha256(&bytes)[..8])
}

/// The refusal for a form whose record changed since it was rendered.
pub(crate) fn changed_meanwhile(what: &str) -> Error {
    crate::error::Refusal::ChangedMeanwhile {
        what: what.to_string(),
    }
    .into()
}
