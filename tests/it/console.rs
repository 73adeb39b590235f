//! The coordinators' console (`/console/`) against the real `soudan serve` over loopback:
//! sessions, CSRF, cookie flags, the login limit, idle expiry, escaping, the viewer role, what
//! the server logs, and the CLI working beside it.
//!
//! "Nothing changed" is always read through the CLI: `soudan backup` before and after (the
//! whole database as one file; the test clock is fixed, so equal databases give equal bytes).
//! Every refusal test also has a positive control (the same request done right changes the
//! database), so a console that changed nothing at all could not pass. No assertion depends
//! on timing: the one wait (idle expiry) only has to be long enough.

use crate::common::http::{self, Answer, Served};
use crate::common::{ok, sample, soudan, text};
use soudan::console::{Method, ROUTES};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;

pub(crate) const COORDINATOR: &str = "佐藤 花子";
pub(crate) const PASSWORD: &str = "kaunta-2026 相談窓口";
const VIEWER: &str = "閲覧 太郎";
const VIEWER_PASSWORD: &str = "etsuran-only 見るだけ";

/// Both payloads, in the name and in the summary.
const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

/// `soudan staff add NAME --role ROLE`, the password on standard input.
pub(crate) fn add_staff(db: &Path, name: &str, role: &str, password: &str) {
    let mut cmd = soudan(db)
        .args(["staff", "add", name, "--role", role])
        .command();
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start soudan staff add");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "staff add {name}: {}", text(&out));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The Sendai sample for December 2026, a resident whose name and summary hold markup, the
/// month allocated, and two accounts (a coordinator and a viewer). Built once; every test
/// gets its own copy.
fn template() -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let db = dir.join("db");
        ok(
            &db,
            &["import", sample().to_str().unwrap(), "--month", "2026-12"],
        );
        ok(
            &db,
            &[
                "request",
                "add",
                "--name",
                &format!("{SCRIPT}{IMG}"),
                "--contact",
                "090-0000-9999",
                "--language",
                "en",
                "--nationality",
                "US",
                "--topic",
                "residence",
                "--priority",
                "urgent",
                "--summary",
                &format!("概要 {SCRIPT} {IMG}"),
                "--tried",
                &format!("{IMG}{SCRIPT}"),
            ],
        );
        ok(&db, &["allocate", "--month", "2026-12"]);
        add_staff(&db, COORDINATOR, "coordinator", PASSWORD);
        add_staff(&db, VIEWER, "viewer", VIEWER_PASSWORD);
        db
    })
}

/// A fresh copy of [`template`] in `dir`.
fn month_db(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    copy_dir(template(), &db);
    db
}

/// The whole database as `soudan backup` writes it (equal bytes: nothing changed).
fn state(db: &Path) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.backup");
    ok(db, &["backup", file.to_str().unwrap()]);
    std::fs::read(&file).unwrap()
}

/// Ids that the routes' `{}` segments are filled with: all real records, so a request that
/// got past the checks would act on something.
struct Ids {
    /// A waiting or booked request that is not the markup one.
    request: String,
    /// A waiting request (for "place now").
    waiting: String,
    /// A confirmed booking of [`Ids::request`].
    booking: String,
    /// An open call-list item.
    contact: String,
    /// The request whose name and summary hold markup, and its booking.
    markup_request: String,
    markup_booking: soudan::model::Booking,
}

fn ids(db: &Path) -> Ids {
    let store = soudan::store::Store::open(db, "test").unwrap();
    let requests = store.requests().unwrap();
    let bookings = store.bookings().unwrap();
    let markup = requests
        .iter()
        .find(|r| r.contact.name.contains("<script>"))
        .expect("the markup resident");
    let markup_booking = bookings
        .iter()
        .find(|b| b.request == markup.id && b.status == soudan::model::BookingStatus::Confirmed)
        .expect("the markup resident is booked")
        .clone();
    let booking = bookings
        .iter()
        .find(|b| b.request != markup.id && b.status == soudan::model::BookingStatus::Confirmed)
        .expect("a confirmed booking")
        .clone();
    let contact = store
        .contacts()
        .unwrap()
        .into_iter()
        .find(|c| c.done.is_none())
        .expect("an open call-list item")
        .id;
    let waiting = requests
        .iter()
        .find(|r| r.status == soudan::model::RequestStatus::Waiting)
        .expect("a waiting request")
        .id
        .clone();
    Ids {
        waiting,
        request: booking.request.clone(),
        booking: booking.number,
        contact,
        markup_request: markup.id.clone(),
        markup_booking,
    }
}

/// `/console` + `pattern` with each `{}` filled by the id its previous segment names.
fn concrete(pattern: &str, ids: &Ids) -> String {
    let mut out = String::from("/console");
    let mut previous = "";
    for segment in pattern.split('/').filter(|s| !s.is_empty()) {
        let filled = if segment == "{}" {
            match previous {
                // "Place now" is for a waiting request.
                "requests" if pattern.ends_with("/place") => ids.waiting.as_str(),
                "requests" => ids.request.as_str(),
                "bookings" => ids.booking.as_str(),
                "contacts" => ids.contact.as_str(),
                other => panic!("console.rs: no id for a `{{}}` after {other:?} in {pattern}"),
            }
        } else {
            segment
        };
        out.push('/');
        out.push_str(filled);
        previous = segment;
    }
    if out == "/console" {
        out.push('/');
    }
    out
}

/// A browser without a browser: a cookie jar over [`http::request`].
pub(crate) struct Agent {
    pub port: u16,
    jar: Vec<(String, String)>,
}

impl Agent {
    pub fn new(port: u16) -> Agent {
        Agent {
            port,
            jar: Vec::new(),
        }
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.jar
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.jar.retain(|(k, _)| k != name);
        self.jar.push((name.to_string(), value.to_string()));
    }

    fn absorb(&mut self, a: &Answer) {
        for line in a.headers_named("set-cookie") {
            let pair = line.split(';').next().unwrap_or("");
            let Some((k, v)) = pair.split_once('=') else {
                continue;
            };
            let (k, v) = (k.trim(), v.trim());
            self.jar.retain(|(name, _)| name != k);
            if !v.is_empty() && !line.contains("Max-Age=0") {
                self.jar.push((k.to_string(), v.to_string()));
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.jar
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn get(&mut self, path: &str) -> Answer {
        let cookies = self.cookie_header();
        let headers: Vec<(&str, &str)> = if cookies.is_empty() {
            vec![]
        } else {
            vec![("Cookie", cookies.as_str())]
        };
        let a = http::get(self.port, path, &headers);
        self.absorb(&a);
        a
    }

    pub fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let cookies = self.cookie_header();
        let headers: Vec<(&str, &str)> = if cookies.is_empty() {
            vec![]
        } else {
            vec![("Cookie", cookies.as_str())]
        };
        let a = http::post_form(self.port, path, &headers, fields);
        self.absorb(&a);
        a
    }

    /// Opens the login form and sends `user` and `password` with its token.
    pub fn login(&mut self, user: &str, password: &str) -> Answer {
        let form = self.get("/console/login");
        assert_eq!(form.status, 200, "{}", form.text());
        let csrf = hidden(&form.text(), "csrf").expect("login form token");
        self.post(
            "/console/login",
            &[("csrf", &csrf), ("user", user), ("password", password)],
        )
    }

    /// Logged in as `user`; returns the session's CSRF token (from the page's forms).
    pub fn logged_in(port: u16, user: &str, password: &str) -> (Agent, String) {
        let mut a = Agent::new(port);
        let answer = a.login(user, password);
        assert_eq!(answer.status, 303, "login as {user}: {}", answer.text());
        assert_eq!(answer.header("location"), Some("/console/"));
        let home = a.get("/console/");
        assert_eq!(home.status, 200, "{}", home.text());
        let csrf = hidden(&home.text(), "csrf").expect("a form with the session's token");
        (a, csrf)
    }
}

/// The value of the first `<input ... name="NAME" value="...">` of `html` (unescaped).
pub(crate) fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let at = html.find(&marker)? + marker.len();
    let rest = &html[at..];
    let value = &rest[..rest.find('"')?];
    Some(
        value
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// A walk-in intake as the form sends it (a Nepali speaker, Saturdays).
fn intake_fields<'a>(csrf: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("name", name),
        ("contact", "080-1234-5678"),
        ("language", "ネパール語"),
        ("nationality", "NP"),
        ("residence_status", "家族滞在"),
        ("topic", "residence"),
        ("agency", ""),
        ("priority", "normal"),
        ("summary", "在留期間の更新について"),
        ("tried", ""),
        ("modes", "in_person"),
        ("modes", "video"),
        ("day_sat", "1"),
        ("from_sat", "10:00"),
        ("to_sat", "16:00"),
        ("deadline", ""),
    ]
}

/// Every field any POST route of the console reads, filled plausibly (the request's version
/// included), with `csrf` as given (`None`: left out). Only the token can make it fail.
fn post_fields(csrf: Option<&str>, version: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = intake_fields("", "山田 一郎")
        .into_iter()
        .filter(|(k, _)| *k != "csrf")
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (k, v) in [
        ("ver", version),
        ("version", version),
        ("reason", "窓口で解決"),
        ("referred_to", ""),
        ("user", COORDINATOR),
        ("password", PASSWORD),
        ("month", "2026-12"),
        ("yes", "1"),
        ("choice", ""),
        ("interpreter", ""),
    ] {
        f.push((k.to_string(), v.to_string()));
    }
    if let Some(c) = csrf {
        f.push(("csrf".into(), c.to_string()));
    }
    f
}

fn pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// The version hidden in the request page's forms.
fn version_of(agent: &mut Agent, request: &str) -> String {
    let page = agent.get(&format!("/console/requests/{request}"));
    assert_eq!(page.status, 200, "{}", page.text());
    hidden(&page.text(), "ver")
        .or_else(|| hidden(&page.text(), "version"))
        .expect("the request page's forms carry its version")
}

fn post_routes() -> impl Iterator<Item = &'static str> {
    ROUTES
        .iter()
        .filter(|(m, p, _)| *m == Method::Post && !matches!(*p, "/login" | "/logout"))
        .map(|(_, p, _)| *p)
}

#[test]
fn without_a_session_every_page_sends_to_the_login_and_every_post_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = month_db(dir.path());
    let ids = ids(&db);
    let before = state(&db);
    let server = http::serve(&db);
    let forged = "ab".repeat(32);
    assert!(ROUTES.len() >= 16, "the table lists every route");
    for (method, pattern, needs_session) in ROUTES {
        let path = concrete(pattern, &ids);
        // No cookie at all, then a session cookie nobody was given.
        for cookie in [None, Some(format!("soudan_session={forged}"))] {
            let headers: Vec<(&str, &str)> = cookie
                .as_deref()
                .map(|c| vec![("Cookie", c)])
                .unwrap_or_default();
            let what = format!("{method:?} {path} (cookie {cookie:?})");
            match method {
                Method::Get | Method::Head => {
                    let a = http::get(server.port, &path, &headers);
                    if *needs_session {
                        assert_eq!(a.status, 303, "{what}: {}", a.text());
                        assert_eq!(a.header("location"), Some("/console/login"), "{what}");
                        assert!(a.body.is_empty(), "{what}: nothing but the redirect");
                    } else {
                        assert_eq!(a.status, 200, "{what}");
                        assert!(a.text().contains("name=\"password\""), "{what}");
                    }
                }
                Method::Post => {
                    let fields = post_fields(Some(&forged), "0000000000000000");
                    let a = http::post_form(server.port, &path, &headers, &pairs(&fields));
                    assert_eq!(a.status, 403, "{what}: {}", a.text());
                    assert!(
                        a.header("set-cookie").is_none_or(
                            |c| !c.contains("soudan_session=") || c.contains("Max-Age=0")
                        ),
                        "{what}: no session handed out"
                    );
                }
                Method::Other => panic!("{what}: the table lists GET and POST routes"),
            }
        }
    }
    // The console's own root without the slash, and a page that does not exist, too.
    for path in [
        "/console",
        "/console/no-such-page",
        "/console/requests/R-9999",
    ] {
        let a = http::get(server.port, path, &[]);
        assert_eq!(a.status, 303, "{path}");
    }
    drop(server);
    assert!(
        state(&db) == before,
        "an anonymous request changed the database"
    );
}

#[test]
fn a_post_without_the_session_token_or_with_a_wrong_one_is_403_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = month_db(dir.path());
    let ids = ids(&db);
    let server = http::serve(&db);
    let (mut agent, csrf) = Agent::logged_in(server.port, COORDINATOR, PASSWORD);
    // Another live session's token is just as wrong for this session.
    let (_, other_csrf) = Agent::logged_in(server.port, VIEWER, VIEWER_PASSWORD);
    assert_ne!(csrf, other_csrf);
    let version = version_of(&mut agent, &ids.request);
    let before = state(&db);
    let wrong = "0".repeat(csrf.len());
    let mut tried = 0;
    for pattern in post_routes().chain(["/logout"]) {
        let path = concrete(pattern, &ids);
        for token in [
            None,
            Some(wrong.as_str()),
            Some(other_csrf.as_str()),
            Some(""),
        ] {
            let fields = post_fields(token, &version);
            let a = agent.post(&path, &pairs(&fields));
            assert_eq!(
                a.status,
                403,
                "POST {path} with token {token:?}: {}",
                a.text()
            );
            tried += 1;
        }
    }
    assert!(tried >= 4 * 7);
    // Still logged in: a refused logout ended nothing.
    assert_eq!(agent.get("/console/").status, 200);
    assert!(
        state(&db) == before,
        "a POST without the right token changed the database"
    );

    // The control: the same cancel with the session's token is carried out.
    let fields = post_fields(Some(&csrf), &version);
    let a = agent.post(
        &format!("/console/requests/{}/cancel", ids.request),
        &pairs(&fields),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(state(&db) != before, "the control cancel changed nothing");
    let shown = ok(&db, &["request", "show", &ids.request]);
    assert!(
        shown.contains("取消") || shown.contains("キャンセル"),
        "{shown}"
    );
}

/// The `set-cookie` line that sets `name`.
fn set_cookie<'a>(a: &'a Answer, name: &str) -> &'a str {
    a.headers_named("set-cookie")
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie set: {:?}", a.headers))
}

fn flags(cookie: &str) -> Vec<String> {
    cookie
        .split(';')
        .skip(1)
        .map(|f| f.trim().to_string())
        .collect()
}

#[test]
fn cookies_are_httponly_strict_and_scoped_secure_behind_tls_and_logout_ends_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let db = month_db(dir.path());
    let contact = ids(&db).contact;
    for tls in [false, true] {
        let args: &[&str] = if tls { &["--tls-proxy"] } else { &[] };
        let server = http::serve_with(&db, args, &[], None);
        let mut agent = Agent::new(server.port);
        let form = agent.get("/console/login");
        let login_cookie = set_cookie(&form, "soudan_login").to_string();
        let answer = agent.login(COORDINATOR, PASSWORD);
        assert_eq!(answer.status, 303, "{}", answer.text());
        let session_cookie = set_cookie(&answer, "soudan_session").to_string();
        for cookie in [&login_cookie, &session_cookie] {
            let f = flags(cookie);
            for wanted in ["HttpOnly", "SameSite=Strict", "Path=/console"] {
                assert!(f.iter().any(|x| x == wanted), "{cookie}: {wanted}");
            }
            assert_eq!(
                f.iter().any(|x| x == "Secure"),
                tls,
                "{cookie}: Secure exactly behind --tls-proxy"
            );
            // A session cookie: gone when the browser closes.
            assert!(
                !f.iter()
                    .any(|x| x.starts_with("Expires") || x.starts_with("Max-Age")),
                "{cookie}"
            );
        }
        let token = agent.cookie("soudan_session").unwrap().to_string();
        assert!(token.len() >= 32 && token.bytes().all(|b| b.is_ascii_hexdigit()));
        // Pages are never cached nor framed, and run no script.
        let home = agent.get("/console/");
        assert_eq!(home.status, 200);
        assert_eq!(home.header("cache-control"), Some("no-store"));
        assert!(
            home.header("content-security-policy")
                .is_some_and(|c| c.contains("frame-ancestors 'none'"))
        );
        assert!(home.text().contains("今日の仕事"), "a Japanese home page");

        let csrf = hidden(&home.text(), "csrf").unwrap();
        let out = agent.post("/console/logout", &[("csrf", &csrf)]);
        assert_eq!(out.status, 303);
        assert_eq!(out.header("location"), Some("/console/login"));
        let cleared = flags(set_cookie(&out, "soudan_session"));
        assert!(cleared.iter().any(|x| x == "Max-Age=0"), "{cleared:?}");
        assert_eq!(cleared.iter().any(|x| x == "Secure"), tls);
        // The old token, sent again by a browser that kept it, is no session any more.
        let mut replay = Agent::new(server.port);
        replay.set_cookie("soudan_session", &token);
        let a = replay.get("/console/");
        assert_eq!(a.status, 303, "a logged-out token still works");
        assert_eq!(a.header("location"), Some("/console/login"));
        let fields = post_fields(Some(&csrf), "x");
        let a = replay.post(
            &format!("/console/contacts/{contact}/done"),
            &pairs(&fields),
        );
        assert_eq!(a.status, 403);
    }
}

#[test]
fn twenty_wrong_passwords_are_limited_and_then_even_the_right_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = month_db(dir.path());
    let server = http::serve(&db);
    let mut agent = Agent::new(server.port);
    let form = agent.get("/console/login");
    let csrf = hidden(&form.text(), "csrf").unwrap();
    let mut statuses = Vec::new();
    for i in 0..20 {
        let a = agent.post(
            "/console/login",
            &[
                ("csrf", &csrf),
                ("user", COORDINATOR),
                ("password", &format!("wrong-{i}")),
            ],
        );
        assert!(
            agent.cookie("soudan_session").is_none(),
            "a wrong password logged in"
        );
        if a.status == 200 {
            assert!(
                a.text().contains("名前かパスワードが違います"),
                "{}",
                a.text()
            );
        } else {
            assert_eq!(a.status, 429, "attempt {i}: {}", a.text());
            assert!(a.header("retry-after").is_some());
            assert!(a.text().contains("しばらくお待ちください"), "{}", a.text());
        }
        statuses.push(a.status);
    }
    assert_eq!(statuses[0], 200, "the first wrong password is just wrong");
    let first_block = statuses
        .iter()
        .position(|s| *s == 429)
        .expect("20 failures are limited");
    assert!(
        first_block <= 10,
        "limited after at most 10 failures: {statuses:?}"
    );
    assert!(
        statuses[first_block..].iter().all(|s| *s == 429),
        "{statuses:?}"
    );
    // The right password now: refused too, no session.
    let a = agent.post(
        "/console/login",
        &[
            ("csrf", &csrf),
            ("user", COORDINATOR),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(a.status, 429, "{}", a.text());
    assert!(agent.cookie("soudan_session").is_none());
    assert_eq!(agent.get("/console/").status, 303);
}

#[test]
fn a_session_unused_for_the_idle_time_is_over() {
    // The rule itself, at any idle time, is the unit test `console::session::tests`; here the
    // real server with the shortest idle time it takes (one minute).
    let dir = tempfile::tempdir().unwrap();
    let db = month_db(dir.path());
    let server = http::serve_with(&db, &["--idle-minutes", "1"], &[], None);
    let (mut agent, csrf) = Agent::logged_in(server.port, COORDINATOR, PASSWORD);
    assert_eq!(agent.get("/console/requests").status, 200);
    std::thread::sleep(std::time::Duration::from_secs(62));
    let a = agent.get("/console/requests");
    assert_eq!(
        a.status, 303,
        "a session idle past --idle-minutes still works"
    );
    assert_eq!(a.header("location"), Some("/console/login"));
    let a = agent.post("/console/logout", &[("csrf", &csrf)]);
    assert_eq!(a.status, 403);
    // A new login works at once.
    Agent::logged_in(server.port, COORDINATOR, PASSWORD);
}

/// Neither payload raw in `body`.
fn assert_inert(what: &str, body: &str) {
    let lower = body.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{what}: raw <script\n{body}");
    assert!(!lower.contains("<img src=x"), "{what}: raw <img\n{body}");
    assert!(
        !lower.contains("onerror=alert(1)>"),
        "{what}: raw attribute\n{body}"
    );
}

/// The payloads as escaped text.
fn assert_escaped(what: &str, body: &str) {
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{what}: the name is not shown escaped\n{body}"
    );
    assert!(
        body.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "{what}: the attribute payload is not shown escaped\n{body}"
    );
}

#[test]
fn a_resident_name_and_summary_holding_markup_are_shown_escaped_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = month_db(dir.path());
    let ids = ids(&db);
    // The console's clock on the day before the booking: home lists tomorrow's residents.
    let day_before = ids.markup_booking.start.date() - chrono::Duration::days(1);
    let now = format!("{day_before}T09:00:00+09:00");
    let server = http::serve_with(&db, &[], &[("SOUDAN_NOW", &now)], None);
    let (mut agent, csrf) = Agent::logged_in(server.port, COORDINATOR, PASSWORD);
    let r = &ids.markup_request;
    let number = &ids.markup_booking.number;
    let q: String = form_urlencoded::byte_serialize(SCRIPT.as_bytes()).collect();
    for (path, shows) in [
        ("/console/".to_string(), true),
        ("/console/requests".to_string(), true),
        (format!("/console/requests?q={q}"), true),
        (format!("/console/requests/{r}"), true),
        ("/console/contacts".to_string(), true),
        (format!("/console/bookings/{number}/slip"), false),
        (format!("/console/bookings/{number}/move"), true),
        (format!("/console/bookings/{number}/substitute"), true),
        ("/console/allocate?month=2026-12".to_string(), false),
        ("/console/view?month=2026-12".to_string(), false),
        ("/console/report?month=2026-12".to_string(), false),
        ("/console/public".to_string(), false),
    ] {
        let a = agent.get(&path);
        assert_eq!(a.status, 200, "{path}: {}", a.text());
        let body = a.text();
        assert_inert(&path, &body);
        if shows {
            assert_escaped(&path, &body);
        }
    }
    // The request page shows the summary and what was tried, escaped, line by line.
    let detail = agent.get(&format!("/console/requests/{r}")).text();
    assert!(detail.contains("概要 &lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img"));
    // The slip, printed (POST) as well as shown.
    let a = agent.post(
        &format!("/console/bookings/{number}/slip"),
        &[("csrf", &csrf)],
    );
    assert_eq!(a.status, 200);
    assert_inert("printed slip", &a.text());
    // An intake refused for a missing field shows what was typed again, escaped.
    let name = format!("{SCRIPT}{IMG}");
    let mut fields = intake_fields(&csrf, &name);
    fields.retain(|(k, _)| *k != "topic");
    fields.push(("summary", IMG));
    let a = agent.post("/console/requests", &fields);
    assert_eq!(a.status, 422, "{}", a.text());
    assert_inert("intake with an error", &a.text());
    assert_escaped("intake with an error", &a.text());
    // The call list for Excel: the name is data there, never markup a browser renders (a
    // text/csv download, nosniff), and it comes back whole when the file is read.
    let a = agent.get("/console/contacts.csv");
    assert_eq!(a.status, 200);
    assert!(
        a.header("content-type")
            .is_some_and(|t| t.starts_with("text/csv"))
    );
    assert!(
        a.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment"))
    );
    assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
    let body = a
        .body
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or(&a.body);
    let mut reader = csv::Reader::from_reader(body);
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .filter_map(|row| row.into_iter().find(|c| c.contains("alert(1)")))
        .collect();
    assert_eq!(
        names,
        vec![name.clone()],
        "the name in the CSV, exactly as recorded"
    );
}

#[test]
fn a_viewer_reads_every_page_but_cannot_change_anything() {
    let dir = tempfile::tempdir().unwrap();
    let db = month_db(dir.path());
    let ids = ids(&db);
    let server = http::serve(&db);
    let (mut viewer, csrf) = Agent::logged_in(server.port, VIEWER, VIEWER_PASSWORD);
    let version = version_of(&mut viewer, &ids.request);
    let before = state(&db);
    for (method, pattern, needs) in ROUTES {
        let path = concrete(pattern, &ids);
        if *method == Method::Get && *needs {
            let a = viewer.get(&path);
            assert_eq!(a.status, 200, "viewer GET {path}: {}", a.text());
        }
    }
    let mut refused = 0;
    for pattern in post_routes() {
        let path = concrete(pattern, &ids);
        let fields = post_fields(Some(&csrf), &version);
        let a = viewer.post(&path, &pairs(&fields));
        // The printed slip only records that it was handed over: a viewer may not do that
        // either (it is a change).
        assert_eq!(a.status, 403, "viewer POST {path}: {}", a.text());
        assert!(
            a.text().contains("閲覧のみ"),
            "viewer POST {path}: {}",
            a.text()
        );
        refused += 1;
    }
    assert!(refused >= 6);
    assert_eq!(viewer.get("/console/").status, 200, "still logged in");
    drop(server);
    assert!(state(&db) == before, "a viewer changed the database");

    // The control: a coordinator's same request is carried out.
    let server = http::serve(&db);
    let (mut coordinator, csrf) = Agent::logged_in(server.port, COORDINATOR, PASSWORD);
    let fields = post_fields(Some(&csrf), &version);
    let a = coordinator.post(
        &format!("/console/contacts/{}/done", ids.contact),
        &pairs(&fields),
    );
    assert_eq!(a.status, 303, "{}", a.text());
    drop(server);
    assert!(state(&db) != before);
}

/// The feed secrets `soudan feeds list` prints (the last path segment of each URL, without
/// its extension).
fn feed_secrets(db: &Path) -> Vec<String> {
    let listed = ok(db, &["feeds", "list"]);
    let secrets: Vec<String> = listed
        .split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .flat_map(|url| {
            url.split(['/', '?', '.', '='])
                .filter(|s| {
                    s.len() >= 20
                        && s.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                })
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        !secrets.is_empty(),
        "feeds list shows secret URLs: {listed}"
    );
    secrets
}

#[test]
fn the_server_log_holds_no_password_token_feed_secret_or_resident_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = month_db(dir.path());
    let ids = ids(&db);
    let secrets = feed_secrets(&db);
    let log = dir.path().join("server.log");
    let server = http::serve_with(&db, &[], &[("RUST_LOG", "debug")], Some(&log));
    let resident = "ログ確認 ビシュヌ";
    let contact = "log-check@example.org";

    // A password typed into the name field, a wrong password, then the right one.
    let mut agent = Agent::new(server.port);
    agent.login(PASSWORD, "wrong-password-typed");
    agent.login(COORDINATOR, "another-wrong-one");
    let login_token = agent.cookie("soudan_login").unwrap().to_string();
    let (mut agent, csrf) = Agent::logged_in(server.port, COORDINATOR, PASSWORD);
    let session = agent.cookie("soudan_session").unwrap().to_string();
    let mut fields = intake_fields(&csrf, resident);
    fields.retain(|(k, _)| *k != "contact");
    fields.push(("contact", contact));
    let a = agent.post("/console/requests", &fields);
    assert_eq!(a.status, 303, "{}", a.text());
    let page = a.header("location").unwrap().to_string();
    assert_eq!(agent.get(&page).status, 200);
    let q: String = form_urlencoded::byte_serialize(resident.as_bytes()).collect();
    assert_eq!(agent.get(&format!("/console/requests?q={q}")).status, 200);
    assert_eq!(agent.get("/console/contacts.csv").status, 200);
    // A POST with a wrong token (logged as a warning) and a failing one.
    agent.post("/console/logout", &[("csrf", &"1".repeat(64))]);
    agent.post("/console/requests", &[("csrf", &csrf), ("name", resident)]);
    let version = version_of(&mut agent, &ids.request);
    let a = agent.post(
        &format!("/console/requests/{}/cancel", ids.request),
        &[("csrf", &csrf), ("ver", &version), ("reason", resident)],
    );
    assert_eq!(a.status, 200, "{}", a.text());
    // The feeds: a right secret and a wrong guess.
    let listed = ok(&db, &["feeds", "list"]);
    let url = listed
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap();
    let path = &url[url
        .find("/feeds")
        .or_else(|| url[7..].find('/').map(|i| i + 7))
        .unwrap()..];
    let _ = http::get(server.port, path, &[]);
    let _ = http::get(
        server.port,
        "/feeds/agency/0123456789abcdef0123456789abcdef.ics",
        &[],
    );
    agent.post("/console/logout", &[("csrf", &csrf)]);
    drop(server);

    let written = std::fs::read_to_string(&log).unwrap();
    assert!(
        written.contains("console login"),
        "the log is written: {written}"
    );
    // Written to a file, not a terminal: plain text, no ANSI colour codes (before, every
    // line carried `\x1b[2m…\x1b[0m` and the levels `\x1b[32m INFO\x1b[0m`).
    assert!(
        !written.contains('\u{1b}'),
        "ANSI escape codes in a log file: {:?}",
        written.lines().next()
    );
    assert!(
        written.contains(" INFO ") || written.contains(" DEBUG "),
        "{written}"
    );
    assert!(written.contains("console login failed"), "{written}");
    let store = soudan::store::Store::open(&db, "test").unwrap();
    let mut names: Vec<String> = store
        .requests()
        .unwrap()
        .iter()
        .flat_map(|r| [r.contact.name.clone(), r.contact.contact.clone()])
        .filter(|n| n.chars().count() >= 4)
        .collect();
    assert!(names.iter().any(|n| n == resident));
    names.push(resident.to_string());
    for (what, secret) in [
        ("the password", PASSWORD.to_string()),
        ("a wrong password", "wrong-password-typed".into()),
        ("a wrong password", "another-wrong-one".into()),
        ("the session token", session.clone()),
        ("the CSRF token", csrf.clone()),
        ("the login form token", login_token),
    ]
    .into_iter()
    .chain(secrets.into_iter().map(|s| ("a feed secret", s)))
    .chain(
        names
            .into_iter()
            .map(|n| ("a resident's name or contact", n)),
    ) {
        assert!(
            !written.contains(&secret),
            "the server log holds {what} ({secret})"
        );
    }
}

#[test]
fn the_cli_keeps_working_while_the_console_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let db = month_db(dir.path());
    let server = http::serve(&db);
    let (agent, csrf) = Agent::logged_in(server.port, COORDINATOR, PASSWORD);
    let port = server.port;
    let session = agent.cookie("soudan_session").unwrap().to_string();
    let console = std::thread::spawn(move || {
        let mut agent = Agent::new(port);
        agent.set_cookie("soudan_session", &session);
        let mut statuses = Vec::new();
        for i in 0..12 {
            statuses.push(("home", agent.get("/console/").status));
            statuses.push(("list", agent.get("/console/requests").status));
            let name = format!("窓口 受付{i}");
            let a = agent.post("/console/requests", &intake_fields(&csrf, &name));
            statuses.push(("intake", a.status));
        }
        statuses
    });
    let mut cli_added = Vec::new();
    for i in 0..4 {
        let name = format!("コマンド 受付{i}");
        let out = soudan(&db)
            .args([
                "request",
                "add",
                "--name",
                &name,
                "--language",
                "vi",
                "--nationality",
                "VN",
                "--topic",
                "labour",
            ])
            .output();
        assert!(
            out.status.success(),
            "CLI during console requests: {}",
            text(&out)
        );
        cli_added.push(name);
        let out = soudan(&db).args(["request", "list"]).output();
        assert!(out.status.success(), "{}", text(&out));
    }
    let statuses = console.join().unwrap();
    // A console request may wait for a CLI command and, past its patience, say "busy" (503);
    // it never fails otherwise.
    for (what, s) in &statuses {
        let fine = match *what {
            "intake" => *s == 303 || *s == 503,
            _ => *s == 200 || *s == 503,
        };
        assert!(
            fine,
            "console {what} answered {s} while the CLI ran: {statuses:?}"
        );
    }
    let saved = statuses
        .iter()
        .filter(|(w, s)| *w == "intake" && *s == 303)
        .count();
    assert!(saved > 0, "{statuses:?}");
    drop(server);
    // Nothing lost: every intake the console confirmed and every CLI add is there.
    let store = soudan::store::Store::open(&db, "test").unwrap();
    let names: Vec<String> = store
        .requests()
        .unwrap()
        .into_iter()
        .map(|r| r.contact.name)
        .collect();
    for n in &cli_added {
        assert!(names.contains(n), "{n} lost");
    }
    let console_saved = names.iter().filter(|n| n.starts_with("窓口 受付")).count();
    assert_eq!(console_saved, saved, "console intakes lost or doubled");
}

/// Kept for the browser test: one server per test.
pub(crate) fn serve_month(dir: &Path, now: &str) -> (PathBuf, Served) {
    let db = month_db(dir);
    let server = http::serve_with(&db, &[], &[("SOUDAN_NOW", now)], None);
    (db, server)
}
