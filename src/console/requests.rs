//! 申込・予約: search, one request's page (intake, booking, history, actions), cancel, pin,
//! and the resident's slip.

use super::page::{self, esc, post_button};
use super::{Response, Visit, changed_meanwhile, version_of};
use crate::error::{Refusal, Result};
use crate::model::{BookingStatus, Request};
use crate::ops::{self, Ctx};
use crate::{tr, words};
use std::fmt::Write as _;

/// The request's id as typed in a URL or search (`R-9` → `R-0009`).
fn request_id(ctx: &Ctx, typed: &str) -> Result<String> {
    let requests = ctx.store().requests()?;
    Ok(crate::input::request_id(
        typed,
        requests.iter().map(|r| r.id.as_str()),
    ))
}

/// What a form on the request's page changes: the request and its bookings, hashed.
pub(crate) fn version(ctx: &Ctx, r: &Request) -> Result<String> {
    let bookings: Vec<crate::model::Booking> = ctx
        .store()
        .bookings()?
        .into_iter()
        .filter(|b| b.request == r.id)
        .collect();
    let mut parts: Vec<&dyn erased::Encode> = vec![r];
    parts.extend(bookings.iter().map(|b| b as &dyn erased::Encode));
    Ok(erased::version(&parts))
}

/// Hashing records of different types into one version.
mod erased {
    pub trait Encode {
        fn version_part(&self) -> String;
    }
    impl<T: serde::Serialize> Encode for T {
        fn version_part(&self) -> String {
            super::version_of(&[self])
        }
    }
    pub fn version(parts: &[&dyn Encode]) -> String {
        let joined: Vec<String> = parts.iter().map(|p| p.version_part()).collect();
        super::version_of(&[&joined])
    }
}

pub(crate) fn list(ctx: &Ctx, v: &Visit<'_>) -> Result<Response> {
    let l = v.lang;
    let store = ctx.store();
    let center = ctx.center()?;
    let agencies = store.agencies()?;
    let bookings = store.bookings()?;
    let troubles = ctx.troubles(v.now)?;
    let today = ctx.today(v.now)?;
    let q = v.req.query("q").unwrap_or("").trim().to_string();
    let wanted = crate::input::request_id(&q, std::iter::empty());
    let needle = q.to_lowercase();
    let mut rows = Vec::new();
    let requests = store.requests()?;
    let total = requests.len();
    for r in requests.iter().rev() {
        let booking = bookings
            .iter()
            .find(|b| b.request == r.id && b.status == BookingStatus::Confirmed);
        let matches = q.is_empty()
            || r.id.eq_ignore_ascii_case(&q)
            || r.id == wanted
            || booking.is_some_and(|b| b.number.eq_ignore_ascii_case(&q))
            || r.contact.name.to_lowercase().contains(&needle)
            || words::lang_name(l, &r.language).contains(&q)
            || r.language == q;
        if !matches {
            continue;
        }
        let state = if booking.is_some_and(|b| troubles.contains(&b.number)) {
            format!(
                "<span class=\"trouble\">{}</span>",
                esc(&tr!(l, "console-rearranging"))
            )
        } else if crate::report::is_overdue(r, today) {
            format!(
                "<span class=\"trouble\">{}</span>",
                esc(&tr!(l, "console-overdue"))
            )
        } else {
            esc(&words::code_word(l, "status", r.status.code()))
        };
        rows.push(vec![
            format!("<a href=\"/console/requests/{0}\">{0}</a>", esc(&r.id)),
            esc(&r.received.format("%Y-%m-%d %H:%M").to_string()),
            esc(&r.contact.name),
            esc(&words::lang_name(l, &r.language)),
            esc(&words::topic_name(l, Some(&center), &r.topic)),
            state,
            esc(&booking
                .map(|b| words::booking_at(l, &agencies, b))
                .unwrap_or_default()),
        ]);
        if rows.len() >= 200 {
            break;
        }
    }
    let mut body = format!(
        "<form method=\"get\" action=\"/console/requests\" role=\"search\">\
         <label for=\"q\">{}</label><input type=\"text\" id=\"q\" name=\"q\" value=\"{}\">\
         <button type=\"submit\">{}</button></form>",
        esc(&tr!(l, "console-search-label")),
        esc(&q),
        esc(&tr!(l, "console-search"))
    );
    let _ = write!(
        body,
        "<p>{}</p>",
        esc(&tr!(
            l,
            "console-search-count",
            shown = rows.len(),
            total = total
        ))
    );
    body.push_str(&page::table(
        &[
            tr!(l, "console-col-request"),
            tr!(l, "console-col-received"),
            tr!(l, "console-col-name"),
            tr!(l, "console-col-language"),
            tr!(l, "console-col-topic"),
            tr!(l, "console-col-state"),
            tr!(l, "console-col-where"),
        ],
        &rows,
    ));
    Ok(page::ok(v, &tr!(l, "console-requests-title"), &body))
}

pub(crate) fn detail(
    ctx: &Ctx,
    v: &Visit<'_>,
    typed: &str,
    notice: Option<String>,
) -> Result<Response> {
    let l = v.lang;
    let store = ctx.store();
    let id = request_id(ctx, typed)?;
    let r = store
        .request(&id)?
        .ok_or_else(|| crate::error::Error::from(Refusal::UnknownRequest { id: id.clone() }))?;
    let center = ctx.center()?;
    let agencies = store.agencies()?;
    let interpreters = store.interpreters()?;
    let bookings: Vec<crate::model::Booking> = store
        .bookings()?
        .into_iter()
        .filter(|b| b.request == r.id)
        .collect();
    let troubles = ctx.troubles(v.now)?;
    let pins = store.pins()?;
    let clock = ctx.clock(v.now)?;
    let today = ctx.today(v.now)?;
    let ver = version(ctx, &r)?;
    let mut body = String::new();
    if let Some(n) = notice {
        let _ = write!(body, "<p class=\"notice\" role=\"status\">{}</p>", esc(&n));
    } else if v.req.query("recorded").is_some() {
        let _ = write!(
            body,
            "<p class=\"notice\" role=\"status\">{}</p>",
            esc(&tr!(l, "console-recorded", id = r.id.as_str()))
        );
        if r.status == crate::model::RequestStatus::Waiting {
            let _ = write!(
                body,
                "<p><a class=\"place button\" href=\"/console/requests/{0}/place\">{1}</a> \
                 <a class=\"allocate\" href=\"/console/allocate\">{2}</a></p>",
                esc(&r.id),
                esc(&tr!(l, "console-place-now")),
                esc(&tr!(l, "console-alloc-link"))
            );
        }
    } else {
        let said = if let Some(n) = v.req.query("placed") {
            Some(tr!(l, "console-placed-now", number = n))
        } else if let Some(n) = v.req.query("moved") {
            Some(tr!(l, "console-moved-now", number = n))
        } else {
            v.req
                .query("substituted")
                .map(|n| tr!(l, "console-substituted-now", number = n))
        };
        if let Some(text) = said {
            let _ = write!(
                body,
                "<p class=\"notice\" role=\"status\">{}</p>",
                esc(&text)
            );
        }
    }
    if r.status == crate::model::RequestStatus::Waiting && v.req.query("recorded").is_none() {
        let _ = write!(
            body,
            "<p><a class=\"place\" href=\"/console/requests/{0}/place\">{1}</a></p>",
            esc(&r.id),
            esc(&tr!(l, "console-place-now"))
        );
    }
    let status = if crate::report::is_overdue(&r, today) {
        format!(
            "{} <span class=\"trouble\">{}</span>",
            esc(&words::code_word(l, "status", r.status.code())),
            esc(&tr!(l, "console-overdue"))
        )
    } else {
        esc(&words::code_word(l, "status", r.status.code()))
    };
    let modes: Vec<String> = r.modes.iter().map(|m| words::mode_name(l, *m)).collect();
    let rows: Vec<(String, String)> = vec![
        (tr!(l, "console-col-state"), status),
        (tr!(l, "console-field-name"), esc(&r.contact.name)),
        (tr!(l, "console-field-contact"), esc(&r.contact.contact)),
        (
            // The intake form's label explains how to type a language; here it is shown.
            tr!(l, "cli-field-language"),
            esc(&words::lang_name(l, &r.language)),
        ),
        (
            tr!(l, "console-field-nationality"),
            esc(&crate::feeds::nationality(&r.intake.nationality, l)),
        ),
        (
            tr!(l, "console-field-residence-status"),
            esc(&crate::feeds::residence_status(
                &r.intake.residence_status,
                l,
            )),
        ),
        (
            tr!(l, "console-field-topic"),
            esc(&words::topic_name(l, Some(&center), &r.topic)),
        ),
        (
            tr!(l, "console-field-agency"),
            esc(&r
                .agency
                .as_deref()
                .map(|a| words::agency_name(l, &agencies, a))
                .unwrap_or_else(|| tr!(l, "console-agency-any"))),
        ),
        (
            tr!(l, "console-field-priority"),
            esc(&words::code_word(l, "priority", r.priority.code())),
        ),
        (tr!(l, "console-field-modes"), esc(&modes.join("、"))),
        (
            tr!(l, "cli-field-windows"),
            esc(&words::windows(l, r.windows.as_deref())),
        ),
        (
            tr!(l, "console-field-deadline"),
            esc(&r
                .deadline
                .map_or_else(|| tr!(l, "cli-none"), |d| words::date(l, d))),
        ),
        (
            tr!(l, "console-field-summary"),
            esc(&r.intake.summary).replace('\n', "<br>"),
        ),
        (
            tr!(l, "console-field-tried"),
            esc(&r.intake.tried).replace('\n', "<br>"),
        ),
    ];
    body.push_str("<table>");
    for (k, val) in rows {
        let _ = write!(
            body,
            "<tr><th scope=\"row\">{}</th><td>{val}</td></tr>",
            esc(&k)
        );
    }
    body.push_str("</table>");

    let _ = write!(body, "<h2>{}</h2>", esc(&tr!(l, "console-bookings")));
    if bookings.is_empty() {
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            esc(&tr!(l, "console-no-booking"))
        );
    }
    for b in &bookings {
        let _ = write!(
            body,
            "<p><strong>{}</strong> {} — {}{}</p>",
            esc(&b.number),
            // Names only: the session id and the interpreter's id are for typed commands.
            esc(&format!(
                "{} {} {}",
                words::agency_name(l, &agencies, &b.agency),
                words::date_span(l, b.start, b.end),
                tr!(l, "console-slot", slot = words::slot_number(b.slot))
            )),
            esc(&match &b.interpreter {
                Some(i) => tr!(
                    l,
                    "console-with-interpreter",
                    interpreter = interpreters
                        .iter()
                        .find(|x| &x.id == i)
                        .map_or_else(|| i.clone(), |x| x.name.clone()),
                    mode = b.mode.map(|m| words::mode_name(l, m)).unwrap_or_default()
                ),
                None => tr!(l, "console-no-interpreter"),
            }),
            match b.status {
                BookingStatus::Cancelled => format!(
                    " <span class=\"muted\">({})</span>",
                    esc(&tr!(l, "console-booking-cancelled"))
                ),
                BookingStatus::Confirmed => String::new(),
            }
        );
        if let Some(t) = troubles.get(&b.number) {
            let _ = write!(
                body,
                "<p class=\"problem\">{}: {}</p>",
                esc(&tr!(l, "console-rearranging")),
                esc(&words::trouble(l, &interpreters, t))
            );
        }
        if b.status == BookingStatus::Confirmed {
            body.push_str("<p>");
            body.push_str(&post_button(
                v,
                &format!("/console/bookings/{}/slip", b.number),
                &tr!(l, "console-print-slip"),
                &[],
                false,
            ));
            if !clock.is_history(b) {
                let _ = write!(
                    body,
                    "<a class=\"move\" href=\"/console/bookings/{0}/move\">{1}</a> \
                     <a class=\"substitute\" href=\"/console/bookings/{0}/substitute\">{2}</a> ",
                    esc(&b.number),
                    esc(&tr!(l, "console-move-link")),
                    esc(&tr!(l, "console-substitute-link"))
                );
                let pinned = pins.contains(&b.number);
                let (action, label) = if pinned {
                    ("unpin", tr!(l, "console-unpin"))
                } else {
                    ("pin", tr!(l, "console-pin"))
                };
                body.push_str(&post_button(
                    v,
                    &format!("/console/bookings/{}/{action}", b.number),
                    &label,
                    &[("ver", &ver)],
                    false,
                ));
                if pinned {
                    let _ = write!(
                        body,
                        " <span class=\"muted\">{}</span>",
                        esc(&tr!(l, "console-pinned"))
                    );
                }
            }
            body.push_str("</p>");
        }
    }

    if r.status != crate::model::RequestStatus::Cancelled {
        let _ = write!(
            body,
            "<h2>{}</h2><form method=\"post\" action=\"/console/requests/{}/cancel\">{}\
             <input type=\"hidden\" name=\"ver\" value=\"{}\">\
             <label for=\"reason\">{}</label><input type=\"text\" id=\"reason\" name=\"reason\">\
             <label for=\"referred_to\">{}</label><input type=\"text\" id=\"referred_to\" name=\"referred_to\">\
             <p><button type=\"submit\" class=\"danger\">{}</button></p></form>",
            esc(&tr!(l, "console-cancel-title")),
            esc(&r.id),
            page::csrf_input(v),
            esc(&ver),
            esc(&tr!(l, "console-cancel-reason")),
            esc(&tr!(l, "console-cancel-referred")),
            esc(&tr!(l, "console-cancel-submit")),
        );
    }

    let _ = write!(body, "<h2>{}</h2>", esc(&tr!(l, "console-history")));
    let tz = ctx.zone()?;
    let names = words::Names {
        center: Some(&center),
        agencies: &agencies,
        interpreters: &interpreters,
    };
    let rows: Vec<Vec<String>> = ops::history(ctx, &r.id)?
        .iter()
        .map(|e| {
            vec![
                esc(&words::instant(l, e.at, tz)),
                esc(&words::code_word(l, "event", e.kind.code())),
                esc(&words::event(l, &names, e)),
            ]
        })
        .collect();
    body.push_str(&page::table(
        &[
            tr!(l, "console-col-when"),
            tr!(l, "console-col-event"),
            tr!(l, "console-col-detail"),
        ],
        &rows,
    ));
    Ok(page::ok(
        v,
        &tr!(l, "console-request-title", id = r.id.as_str()),
        &body,
    ))
}

/// Refuses a form whose request (or its bookings) changed since the page was rendered.
fn check_version(ctx: &Ctx, v: &Visit<'_>, r: &Request) -> Result<()> {
    check_version_in(ctx, v, r, "ver")
}

/// The same, with the version in form field `field` (the place, move and substitute forms
/// send it as `version`).
pub(crate) fn check_version_in(ctx: &Ctx, v: &Visit<'_>, r: &Request, field: &str) -> Result<()> {
    if v.req.field(field) != Some(version(ctx, r)?.as_str()) {
        return Err(changed_meanwhile(&r.id));
    }
    Ok(())
}

pub(crate) fn existing(ctx: &Ctx, typed: &str) -> Result<Request> {
    let id = request_id(ctx, typed)?;
    ctx.store()
        .request(&id)?
        .ok_or_else(|| Refusal::UnknownRequest { id }.into())
}

pub(crate) fn cancel(ctx: &Ctx, v: &Visit<'_>, typed: &str) -> Result<Response> {
    let r = existing(ctx, typed)?;
    check_version(ctx, v, &r)?;
    let reason = v
        .req
        .field("reason")
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let referred = v
        .req
        .field("referred_to")
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let done = ops::request_cancel(ctx, &r.id, reason, referred, v.now)?;
    let notice = tr!(
        v.lang,
        "console-cancelled",
        id = done.request.as_str(),
        count = done.released.len()
    );
    detail(ctx, v, &r.id, Some(notice))
}

pub(crate) fn pin(ctx: &Ctx, v: &Visit<'_>, number: &str, pin: bool) -> Result<Response> {
    let number = crate::input::booking_number(number);
    let b = ctx
        .store()
        .bookings()?
        .into_iter()
        .find(|b| b.number == number)
        .ok_or_else(|| {
            crate::error::Error::from(Refusal::UnknownBooking {
                number: number.clone(),
            })
        })?;
    let r = existing(ctx, &b.request)?;
    check_version(ctx, v, &r)?;
    let done = ops::booking_pin(ctx, &number, pin, v.now)?;
    let notice = if done.pinned {
        tr!(v.lang, "console-pinned-now", number = done.number.as_str())
    } else {
        tr!(
            v.lang,
            "console-unpinned-now",
            number = done.number.as_str()
        )
    };
    detail(ctx, v, &r.id, Some(notice))
}

/// The resident's slip as its printable page (the slip's own HTML, in their language). A
/// GET only shows it; the POST (the print button) also records it as handed over, which is
/// what the next slip's "changed from" notice compares with.
pub(crate) fn slip(ctx: &Ctx, v: &Visit<'_>, number: &str, issue: bool) -> Result<Response> {
    let number = crate::input::booking_number(number);
    let s = ops::slip(ctx, &number, ops::SlipOptions::default(), v.now)?;
    if issue {
        ops::slips_issued(ctx, &[s.record(v.now)])?;
    }
    Ok(Response::html(200, s.html))
}
