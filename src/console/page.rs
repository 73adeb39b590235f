//! The console's page frame (header, navigation, who is logged in) and its small answers
//! (login, 403, 404, busy, errors). Every data value goes through [`esc`].

use super::{Response, Visit};
use crate::error::Error;
use crate::html;
use crate::i18n::Lang;
use crate::tr;
use std::fmt::Write as _;
use std::time::Duration;

pub(crate) use crate::html::escape as esc;

const CSS: &str = "
header { background: #1f4e79; color: #fff; padding: .5rem 1rem; display: flex; gap: 1.2rem;
  align-items: center; flex-wrap: wrap; }
header a { color: #fff; }
header .who { margin-left: auto; }
header form { display: inline; }
main { padding: 1rem; max-width: 1200px; }
h1 { font-size: 1.4rem; margin: .3rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 .5rem; border-bottom: 2px solid #1f4e79; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
label { display: block; margin: .6rem 0 .2rem; font-weight: bold; }
input[type=text], input[type=password], input[type=date], select, textarea {
  font: inherit; padding: .3rem; width: 100%; max-width: 32rem; box-sizing: border-box; }
textarea { min-height: 5rem; }
select.time { width: auto; }
fieldset { border: 1px solid #bbb; margin: .6rem 0; max-width: 40rem; }
fieldset label { display: inline; font-weight: normal; margin-right: 1rem; }
button, .button { font: inherit; padding: .4rem 1rem; margin: .3rem .3rem .3rem 0;
  background: #1f4e79; color: #fff; border: 0; border-radius: 4px; cursor: pointer;
  text-decoration: none; display: inline-block; }
button.danger { background: #a4262c; }
.field-error { color: #a4262c; font-weight: bold; margin: .2rem 0; }
.notice { background: #e7f4e4; border-left: 5px solid #2e7d32; padding: .6rem 1rem; }
.problem { background: #fde7e9; border-left: 5px solid #a4262c; padding: .6rem 1rem; }
.trouble { color: #a4262c; font-weight: bold; }
.muted { color: #555; }
:focus { outline: 3px solid #f2a900; outline-offset: 2px; }
@media print { header, form, .button { display: none; } }
";

/// A hidden input with the session's CSRF token: every form that posts has one.
pub(crate) fn csrf_input(v: &Visit<'_>) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        esc(&v.csrf)
    )
}

/// A one-button POST form (cancel, pin, done), with the CSRF token and hidden `fields`.
pub(crate) fn post_button(
    v: &Visit<'_>,
    action: &str,
    label: &str,
    fields: &[(&str, &str)],
    danger: bool,
) -> String {
    let mut out = format!("<form method=\"post\" action=\"{}\">", esc(action));
    out.push_str(&csrf_input(v));
    for (k, val) in fields {
        let _ = write!(
            out,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            esc(k),
            esc(val)
        );
    }
    let _ = write!(
        out,
        "<button type=\"submit\"{}>{}</button></form>",
        if danger { " class=\"danger\"" } else { "" },
        esc(label)
    );
    out
}

/// A whole console page: header with navigation and the staff member, then `body`.
pub(crate) fn frame(v: &Visit<'_>, title: &str, body: &str) -> String {
    let l = v.lang;
    let mut header = String::from("<header>");
    let _ = write!(header, "<strong>{}</strong>", esc(&tr!(l, "console-brand")));
    for (href, key) in [
        ("/console/", "console-nav-home"),
        ("/console/requests/new", "console-nav-intake"),
        ("/console/requests", "console-nav-requests"),
        ("/console/contacts", "console-nav-contacts"),
        ("/console/allocate", "console-nav-allocate"),
        ("/console/view", "console-nav-view"),
        ("/console/report", "console-nav-report"),
        ("/console/public", "console-nav-public"),
    ] {
        let _ = write!(
            header,
            "<a href=\"{href}\">{}</a>",
            esc(&crate::i18n::message(l, key, None))
        );
    }
    let other = if l == Lang::En {
        ("ja", "日本語")
    } else {
        ("en", "English")
    };
    let _ = write!(
        header,
        "<a href=\"?lang={}\" lang=\"{}\">{}</a><span class=\"who\">{}</span>",
        other.0,
        other.0,
        other.1,
        esc(&tr!(
            l,
            "console-who",
            name = v.staff.name.as_str(),
            role = super::role_word(l, v.staff.role)
        ))
    );
    header.push_str(&post_button(
        v,
        "/console/logout",
        &tr!(l, "console-logout"),
        &[],
        false,
    ));
    header.push_str("</header>");
    let body = format!("{header}\n<main>\n<h1>{}</h1>\n{body}\n</main>", esc(title));
    html::page(l, &format!("{title} — soudan"), CSS, &body)
}

pub(crate) fn ok(v: &Visit<'_>, title: &str, body: &str) -> Response {
    Response::html(200, frame(v, title, body))
}

/// A page outside a session (login, 403): no navigation.
fn bare(lang: Lang, status: u16, title: &str, body: &str) -> Response {
    let body = format!("<main>\n<h1>{}</h1>\n{body}\n</main>", esc(title));
    Response::html(
        status,
        html::page(lang, &format!("{title} — soudan"), CSS, &body),
    )
}

pub(crate) fn login(lang: Lang, csrf: &str, user: &str, problem: Option<&str>) -> Response {
    let mut body = String::new();
    if let Some(key) = problem {
        let _ = write!(
            body,
            "<p class=\"problem\" role=\"alert\">{}</p>",
            esc(&crate::i18n::message(lang, key, None))
        );
    }
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/console/login\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <label for=\"user\">{user_label}</label>\
         <input type=\"text\" id=\"user\" name=\"user\" value=\"{user}\" autocomplete=\"username\" required autofocus>\
         <label for=\"password\">{pw_label}</label>\
         <input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>\
         <p><button type=\"submit\">{submit}</button></p></form>\
         <p class=\"muted\">{hint}</p>",
        csrf = esc(csrf),
        user = esc(user),
        user_label = esc(&tr!(lang, "console-login-user")),
        pw_label = esc(&tr!(lang, "console-login-password")),
        submit = esc(&tr!(lang, "console-login-submit")),
        hint = esc(&tr!(lang, "console-login-hint")),
    );
    bare(lang, 200, &tr!(lang, "console-login-title"), &body)
}

pub(crate) fn forbidden(lang: Lang) -> Response {
    bare(
        lang,
        403,
        &tr!(lang, "console-forbidden-title"),
        &format!(
            "<p>{}</p><p><a href=\"/console/\">{}</a></p>",
            esc(&tr!(lang, "console-forbidden")),
            esc(&tr!(lang, "console-nav-home"))
        ),
    )
}

pub(crate) fn too_many(lang: Lang, wait: Duration) -> Response {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    bare(
        lang,
        429,
        &tr!(lang, "console-too-many-title"),
        &format!(
            "<p>{}</p>",
            esc(&tr!(lang, "console-too-many", minutes = minutes))
        ),
    )
    .with_header("retry-after", wait.as_secs().max(1).to_string())
}

/// Before the session is known: the database could not be opened (busy: 503, else 500).
pub(crate) fn unavailable(lang: Lang, e: &Error) -> Response {
    let busy = is_busy(e);
    if !busy {
        tracing::error!(error = %e, "console: the database could not be opened");
    }
    let key = if busy {
        "console-busy"
    } else {
        "console-error"
    };
    let r = bare(
        lang,
        if busy { 503 } else { 500 },
        &tr!(lang, "console-error-title"),
        &format!(
            "<p class=\"problem\" role=\"alert\">{}</p>",
            esc(&crate::i18n::message(lang, key, None))
        ),
    );
    if busy {
        r.with_header("retry-after", "5".into())
    } else {
        r
    }
}

fn is_busy(e: &Error) -> bool {
    matches!(
        e,
        Error::Store(
            crate::store::StoreError::Locked { .. } | crate::store::StoreError::LockedUnknown(_)
        )
    )
}

pub(crate) fn plain_error(lang: Lang) -> Response {
    bare(lang, 500, &tr!(lang, "console-error-title"), "")
}

pub(crate) fn read_only(v: &Visit<'_>) -> Response {
    Response::html(
        403,
        frame(
            v,
            &tr!(v.lang, "console-forbidden-title"),
            &format!("<p>{}</p>", esc(&tr!(v.lang, "console-read-only"))),
        ),
    )
}

pub(crate) fn not_found(v: &Visit<'_>) -> Response {
    Response::html(
        404,
        frame(
            v,
            &tr!(v.lang, "console-not-found-title"),
            &format!("<p>{}</p>", esc(&tr!(v.lang, "console-not-found"))),
        ),
    )
}

/// An error as a page: a refusal says what to do (422 or 409), a busy database says wait
/// (503), anything else is logged and shown without its internals (500).
pub(crate) fn error(v: &Visit<'_>, e: &Error) -> Response {
    let busy = matches!(
        e,
        Error::Store(
            crate::store::StoreError::Locked { .. } | crate::store::StoreError::LockedUnknown(_)
        )
    );
    let (status, text) = if busy {
        (503, tr!(v.lang, "console-busy"))
    } else if e.is_refusal() {
        let status = if matches!(
            e,
            Error::Refusal(
                crate::error::Refusal::ChangedMeanwhile { .. }
                    | crate::error::Refusal::MonthChanged { .. }
            )
        ) {
            409
        } else {
            422
        };
        (status, e.message(v.lang))
    } else {
        tracing::error!(error = %e, "console request failed");
        (500, tr!(v.lang, "console-error"))
    };
    let body = format!(
        "<p class=\"problem\" role=\"alert\">{}</p><p><a href=\"/console/\">{}</a></p>",
        esc(&text).replace('\n', "<br>"),
        esc(&tr!(v.lang, "console-nav-home"))
    );
    let mut r = Response::html(status, frame(v, &tr!(v.lang, "console-error-title"), &body));
    if busy {
        r = r.with_header("retry-after", "5".into());
    }
    r
}

/// A `<table>` from a header and rows of already-escaped cells.
pub(crate) fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<table><thead><tr>");
    for h in header {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{c}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// A slot as staff say it: `2027年1月23日(土) 10:00-10:30` / `Sat 23 Jan 2027 10:00-10:30`.
pub(crate) fn when(l: Lang, start: chrono::NaiveDateTime, end: chrono::NaiveDateTime) -> String {
    // As the CLI writes it, with the year: `2027年1月10日(日) 13:00-13:30` (a choice in
    // January made in December must not read as this year's).
    crate::words::date_span(l, start, end)
}
