//! 割り当て (a preview of `allocate`, then its confirm), and the month's outputs: the month
//! view, the report and the public outputs.
//!
//! The preview is [`ops::allocate`] as a dry run; its form carries
//! [`ops::allocation_version`] (what the month's allocation reads), and the confirm passes it
//! back as [`ops::AllocateOptions::expect_version`]: when anything it reads changed in
//! between, `ops` refuses (409, naming what changed) and applies nothing.

use super::page::{self, esc, when};
use super::{Response, Visit};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::{Booking, Month};
use crate::ops::{self, AllocateOptions, Allocation, Ctx};
use crate::schedule::Change;
use crate::{tr, words};
use std::collections::HashMap;
use std::fmt::Write as _;

pub(crate) fn month_name(l: Lang, m: Month) -> String {
    use chrono::Datelike;
    let d = m.first_day();
    if l == Lang::En {
        d.format("%B %Y").to_string()
    } else {
        format!("{}年{}月", d.year(), d.month())
    }
}

/// `?month=` (or the form's `month`), else the next month.
fn month_of(v: &Visit<'_>, typed: Option<&str>) -> Result<Month> {
    match typed.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(ops::next_month(v.now)),
        Some(s) => s.parse::<Month>().map_err(|_| {
            Error::from(crate::error::Refusal::ChangedMeanwhile {
                what: tr!(v.lang, "console-month-word"),
            })
        }),
    }
}

/// A month picker (GET form) for `action`.
fn month_picker(v: &Visit<'_>, action: &str, month: Month, extra: &str) -> String {
    format!(
        "<form method=\"get\" action=\"{}\"><label for=\"month\">{}</label>\
         <input type=\"text\" id=\"month\" name=\"month\" value=\"{}\" inputmode=\"numeric\">{extra}\
         <button type=\"submit\">{}</button></form>",
        esc(action),
        esc(&tr!(v.lang, "console-month-label")),
        esc(&month.to_string()),
        esc(&tr!(v.lang, "console-month-show"))
    )
}

/// The changes of an allocation as lists with names: placed, moved, released, waiting.
fn changes_body(ctx: &Ctx, v: &Visit<'_>, a: &Allocation, changes: &[Change]) -> Result<String> {
    let l = v.lang;
    let requests: HashMap<String, crate::model::Request> = ctx
        .store()
        .requests()?
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    let who = |id: &str| match requests.get(id) {
        Some(r) => format!(
            "<a href=\"/console/requests/{}\">{}</a>（{}）",
            esc(id),
            esc(&r.contact.name),
            esc(&words::lang_name(l, &r.language))
        ),
        None => esc(id),
    };
    let nobody = tr!(l, "console-choice-without");
    let at = |b: &Booking| {
        let interp = b.interpreter.as_ref().map_or_else(
            || nobody.clone(),
            |i| {
                a.interpreters
                    .iter()
                    .find(|x| &x.id == i)
                    .map_or_else(|| i.clone(), |x| x.name.clone())
            },
        );
        format!(
            "{} {} — {}{}",
            words::agency_name(l, &a.agencies, &b.agency),
            when(l, b.start, b.end),
            interp,
            b.mode
                .map(|m| format!("（{}）", words::mode_name(l, m)))
                .unwrap_or_default()
        )
    };
    let mut placed = Vec::new();
    let mut moved = Vec::new();
    let mut released = Vec::new();
    let mut waiting = Vec::new();
    for c in changes {
        match c {
            Change::Placed { booking } => placed.push(vec![
                who(&booking.request),
                esc(&booking.number),
                esc(&at(booking)),
            ]),
            Change::Moved { from, to } => moved.push(vec![
                who(&to.request),
                esc(&to.number),
                esc(&at(from)),
                esc(&at(to)),
            ]),
            Change::Released { booking, reason } => released.push(vec![
                who(&booking.request),
                esc(&booking.number),
                esc(&at(booking)),
                esc(&words::code_word(l, "reason", reason.code())),
            ]),
            Change::Waiting { request, reason } => waiting.push(vec![
                who(request),
                esc(&words::code_word(l, "reason", reason.code())),
            ]),
        }
    }
    let mut body = String::new();
    for (title, header, rows) in [
        (
            tr!(l, "console-alloc-placed", count = placed.len()),
            vec![
                tr!(l, "console-col-resident"),
                tr!(l, "console-col-booking"),
                tr!(l, "console-col-where"),
            ],
            placed,
        ),
        (
            tr!(l, "console-alloc-moved", count = moved.len()),
            vec![
                tr!(l, "console-col-resident"),
                tr!(l, "console-col-booking"),
                tr!(l, "console-col-from"),
                tr!(l, "console-col-to"),
            ],
            moved,
        ),
        (
            tr!(l, "console-alloc-released", count = released.len()),
            vec![
                tr!(l, "console-col-resident"),
                tr!(l, "console-col-booking"),
                tr!(l, "console-col-where"),
                tr!(l, "console-col-why"),
            ],
            released,
        ),
        (
            tr!(l, "console-alloc-waiting", count = waiting.len()),
            vec![tr!(l, "console-col-resident"), tr!(l, "console-col-why")],
            waiting,
        ),
    ] {
        let _ = write!(body, "<h2>{}</h2>", esc(&title));
        if rows.is_empty() {
            let _ = write!(
                body,
                "<p class=\"muted\">{}</p>",
                esc(&tr!(l, "console-none"))
            );
        } else {
            body.push_str(&page::table(&header, &rows));
        }
    }
    Ok(body)
}

/// GET /allocate?month=YYYY-MM[&replan=1]: what an allocation would do; nothing changes.
pub(crate) fn preview(ctx: &Ctx, v: &Visit<'_>) -> Result<Response> {
    let l = v.lang;
    let month = month_of(v, v.req.query("month"))?;
    let replan = v.req.query("replan").is_some_and(|s| !s.is_empty());
    // Read before the dry run, in the same open: the version says what the preview read.
    let version = ops::allocation_version(ctx)?;
    let a = ops::allocate(
        ctx,
        month,
        AllocateOptions {
            dry_run: true,
            replan,
            ..AllocateOptions::default()
        },
        v.now,
    )?;
    let mut body = month_picker(
        v,
        "/console/allocate",
        month,
        &format!(
            "<label><input type=\"checkbox\" name=\"replan\" value=\"1\"{}> {}</label>",
            if replan { " checked" } else { "" },
            esc(&tr!(l, "console-alloc-replan"))
        ),
    );
    let _ = write!(
        body,
        "<p class=\"notice\">{}</p>",
        esc(&tr!(
            l,
            "console-alloc-preview",
            month = month_name(l, month),
            placed = a.report.solution.assignments.len(),
            requests = a.requests
        ))
    );
    body.push_str(&changes_body(ctx, v, &a, &a.changes.changes)?);
    let mut held = String::new();
    if !a.held_back.is_empty() {
        let _ = write!(
            held,
            "<h2>{}</h2><p>{}</p>",
            esc(&tr!(l, "console-alloc-held", count = a.held_back.len())),
            esc(&tr!(l, "console-alloc-held-hint"))
        );
        held.push_str(&changes_body(ctx, v, &a, &a.held_back)?);
    }
    body.push_str(&held);
    let _ = write!(
        body,
        "<form id=\"confirm\" method=\"post\" action=\"/console/allocate\">{}\
         <input type=\"hidden\" name=\"month\" value=\"{}\">\
         <input type=\"hidden\" name=\"version\" value=\"{}\">{}{}\
         <p><button type=\"submit\">{}</button></p></form>",
        page::csrf_input(v),
        esc(&month.to_string()),
        esc(&version),
        if replan {
            "<input type=\"hidden\" name=\"replan\" value=\"1\">"
        } else {
            ""
        },
        if a.held_back.is_empty() {
            String::new()
        } else {
            format!(
                "<p><label><input type=\"checkbox\" name=\"yes\" value=\"1\"> {}</label></p>",
                esc(&tr!(l, "console-alloc-yes", count = a.held_back.len()))
            )
        },
        esc(&tr!(l, "console-alloc-confirm"))
    );
    Ok(page::ok(
        v,
        &tr!(l, "console-alloc-title", month = month_name(l, month)),
        &body,
    ))
}

/// POST /allocate: commits the allocation the preview showed, or refuses (409) when what it
/// reads changed since.
pub(crate) fn confirm(ctx: &Ctx, v: &Visit<'_>) -> Result<Response> {
    let l = v.lang;
    let month = month_of(v, v.req.field("month"))?;
    let version = v
        .req
        .field("version")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| super::changed_meanwhile(&month_name(l, month)))?;
    let a = ops::allocate(
        ctx,
        month,
        AllocateOptions {
            replan: v.req.field("replan").is_some_and(|s| !s.is_empty()),
            yes: v.req.field("yes").is_some_and(|s| !s.is_empty()),
            expect_version: Some(version.to_string()),
            ..AllocateOptions::default()
        },
        v.now,
    )?;
    // POST-redirect-GET: a reload of the outcome page does not post the allocation again.
    Ok(Response::redirect(&format!(
        "/console/allocate/done?month={month}&placed={}&requests={}",
        a.report.solution.assignments.len(),
        a.requests
    )))
}

/// GET /allocate/done: what the confirm did (from its redirect), with the way on to the call
/// list and the month view. Reading it changes nothing.
pub(crate) fn done(v: &Visit<'_>) -> Result<Response> {
    let l = v.lang;
    let month = month_of(v, v.req.query("month"))?;
    let count = |name: &str| {
        v.req
            .query(name)
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(0)
    };
    let mut body = format!(
        "<p class=\"notice\" role=\"status\">{}</p>",
        esc(&tr!(
            l,
            "console-alloc-done",
            month = month_name(l, month),
            placed = count("placed"),
            requests = count("requests")
        ))
    );
    let _ = write!(
        body,
        "<p><a href=\"/console/contacts\">{}</a> · <a href=\"/console/view?month={}\">{}</a></p>",
        esc(&tr!(l, "console-nav-contacts")),
        esc(&month.to_string()),
        esc(&tr!(l, "console-nav-view"))
    );
    Ok(page::ok(
        v,
        &tr!(l, "console-alloc-title", month = month_name(l, month)),
        &body,
    ))
}

/// GET /view?month=: the coordinator's month view, as `soudan view` writes it (names shown:
/// the console is behind a login).
pub(crate) fn view(ctx: &Ctx, v: &Visit<'_>) -> Result<Response> {
    let month = month_of(v, v.req.query("month"))?;
    let mut opts = crate::view::ViewOptions::new(v.lang);
    opts.personal_details = true;
    let html = ops::render_view(ctx, month, &opts, v.now)?;
    Ok(Response::html(200, html))
}

/// GET /report?month=: the monthly report's tables (names; ids and codes stay in the CSV).
pub(crate) fn report(ctx: &Ctx, v: &Visit<'_>) -> Result<Response> {
    let l = v.lang;
    let month = month_of(v, v.req.query("month"))?;
    let store = ctx.store();
    let clock = ctx.clock(v.now)?;
    let agencies = store.agencies()?;
    let center = store.center()?;
    let closed = store.closed_days()?;
    let interpreters = store.interpreters()?;
    let horizon = crate::report::Horizon::new(&agencies, month, &clock, &closed);
    let troubles = ctx.troubles(v.now)?;
    let r = crate::report::build(
        month,
        &agencies,
        &interpreters,
        &store.requests()?,
        &store.bookings()?,
        &store.reasons(month)?,
        &horizon,
        &troubles,
        clock.tz,
        &closed,
    );
    let names = crate::report::Names {
        center: center.as_ref(),
        agencies: &agencies,
        interpreters: &interpreters,
    };
    let mut body = month_picker(v, "/console/report", month, "");
    for t in r.tables(l, &names) {
        let keep: Vec<usize> = (0..t.columns.len())
            .filter(|&k| !t.columns[k].machine)
            .collect();
        let header: Vec<String> = keep.iter().map(|&k| t.columns[k].title.clone()).collect();
        let rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|row| {
                keep.iter()
                    .map(|&k| esc(row.get(k).map_or("", String::as_str)))
                    .collect()
            })
            .collect();
        let _ = write!(body, "<h2>{}</h2>", esc(&t.title));
        body.push_str(&page::table(&header, &rows));
    }
    Ok(page::ok(
        v,
        &tr!(l, "console-report-title", month = month_name(l, month)),
        &body,
    ))
}

/// GET /public: the public outputs (page and calendars) as the feed server serves them.
pub(crate) fn public(ctx: &Ctx, v: &Visit<'_>) -> Result<Response> {
    let l = v.lang;
    let inputs = ctx.public_inputs(v.now)?;
    let files = ops::public_files(&inputs)?;
    let agencies = ctx.store().agencies()?;
    let language = |code: &str| {
        if code == "ja-x-easy" {
            tr!(l, "console-public-easy-japanese")
        } else {
            words::lang_name(l, code)
        }
    };
    let mut body = format!("<p>{}</p><ul>", esc(&tr!(l, "console-public-hint")));
    for f in &files {
        let label = match f.path.split_once('/') {
            None if f.path == "index.html" => tr!(l, "console-public-page"),
            None => tr!(
                l,
                "console-public-calendar",
                language = language(f.path.trim_end_matches(".ics"))
            ),
            Some((agency, file)) => tr!(
                l,
                "console-public-agency-calendar",
                agency = words::agency_name(l, &agencies, agency),
                language = language(file.trim_end_matches(".ics"))
            ),
        };
        let _ = write!(
            body,
            "<li><a href=\"/public/{}\">{}</a></li>",
            esc(&f.path),
            esc(&label)
        );
    }
    body.push_str("</ul>");
    Ok(page::ok(v, &tr!(l, "console-public-title"), &body))
}
