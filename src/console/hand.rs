//! Choosing by hand: where to place a waiting request now, where to move a booking (the valid
//! free places with the interpreters who fit, from [`ops::move_choices`], never a typed id),
//! and who can interpret a booking instead ([`ops::booking_substitutes`]).

use super::page::{self, esc, when};
use super::requests::{check_version_in, existing, version};
use super::{Response, Visit};
use crate::error::{Error, Refusal, Result};
use crate::ops::{self, Choice, ChoicesFor, Ctx, MoveTo};
use crate::{tr, words};
use std::fmt::Write as _;

/// At most this many places on one page (best first); the rest are said as a count.
const MAX_PLACES: usize = 60;

/// The request's summary the choosing pages start with: who, language, topic, now where.
fn summary(ctx: &Ctx, v: &Visit<'_>, r: &crate::model::Request) -> Result<String> {
    let l = v.lang;
    let center = ctx.center()?;
    let agencies = ctx.store().agencies()?;
    let modes: Vec<String> = r.modes.iter().map(|m| words::mode_name(l, *m)).collect();
    let rows = [
        (tr!(l, "console-field-name"), r.contact.name.clone()),
        (
            tr!(l, "cli-field-language"),
            words::lang_name(l, &r.language),
        ),
        (
            tr!(l, "console-field-topic"),
            words::topic_name(l, Some(&center), &r.topic),
        ),
        (
            tr!(l, "console-field-agency"),
            r.agency
                .as_deref()
                .map(|a| words::agency_name(l, &agencies, a))
                .unwrap_or_else(|| tr!(l, "console-agency-any")),
        ),
        (tr!(l, "console-field-modes"), modes.join("、")),
        (
            tr!(l, "cli-field-windows"),
            words::windows(l, r.windows.as_deref()),
        ),
        (
            tr!(l, "console-field-deadline"),
            r.deadline
                .map_or_else(|| tr!(l, "cli-none"), |d| words::date(l, d)),
        ),
    ];
    let mut out = String::from("<table class=\"summary\">");
    for (k, val) in rows {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            esc(&k),
            esc(&val)
        );
    }
    out.push_str("</table>");
    Ok(out)
}

/// A button's words for one choice: the interpreter and mode, or "no interpreter".
fn choice_label(v: &Visit<'_>, c: &Choice) -> String {
    let l = v.lang;
    match (&c.interpreter, c.mode) {
        (Some(i), Some(m)) => tr!(
            l,
            "console-choice-with",
            interpreter = i.name.as_str(),
            mode = words::mode_name(l, m),
            load = c.load
        ),
        _ => tr!(l, "console-choice-without"),
    }
}

/// The list of places: one `form.choice` per place (session and slot), one button per
/// interpreter and mode, best first.
fn choices_body(
    v: &Visit<'_>,
    action: &str,
    ver: &str,
    choices: &ops::Choices,
    title: &str,
) -> String {
    let l = v.lang;
    let mut body = String::new();
    let _ = write!(body, "<h2>{}</h2>", esc(title));
    // Places in the order of their best choice.
    let mut places: Vec<(&str, u32, Vec<&Choice>)> = Vec::new();
    for c in &choices.choices {
        match places
            .iter_mut()
            .find(|(s, k, _)| *s == c.session.id && *k == c.slot)
        {
            Some(p) => p.2.push(c),
            None => places.push((&c.session.id, c.slot, vec![c])),
        }
    }
    if places.is_empty() {
        let months: Vec<String> = choices
            .months
            .iter()
            .map(|m| super::month::month_name(l, *m))
            .collect();
        let _ = write!(
            body,
            "<p class=\"problem\">{}</p>",
            esc(&tr!(l, "console-choices-none", months = months.join("、")))
        );
        return body;
    }
    let _ = write!(
        body,
        "<p class=\"muted\">{}</p>",
        esc(&tr!(l, "console-choices-hint", count = places.len()))
    );
    for (_, _, cs) in places.iter().take(MAX_PLACES) {
        let first = cs[0];
        let _ = write!(
            body,
            "<form class=\"choice\" method=\"post\" action=\"{}\">{}\
             <input type=\"hidden\" name=\"version\" value=\"{}\">\
             <p><strong>{}</strong> {}<br>",
            esc(action),
            page::csrf_input(v),
            esc(ver),
            esc(&words::agency_name(
                l,
                &choices.agencies,
                &first.session.agency
            )),
            esc(&when(l, first.start, first.end)),
        );
        for c in cs {
            let _ = write!(
                body,
                "<button type=\"submit\" name=\"choice\" value=\"{}\">{}</button>",
                esc(&c.key()),
                esc(&choice_label(v, c))
            );
        }
        body.push_str("</p></form>");
    }
    if places.len() > MAX_PLACES {
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            esc(&tr!(
                l,
                "console-choices-more",
                count = places.len() - MAX_PLACES
            ))
        );
    }
    body
}

fn booking_of(ctx: &Ctx, typed: &str) -> Result<crate::model::Booking> {
    let number = crate::input::booking_number(typed);
    ctx.store()
        .bookings()?
        .into_iter()
        .find(|b| b.number == number)
        .ok_or_else(|| Error::from(Refusal::UnknownBooking { number }))
}

/// The form's choice, or a refusal that says the page is old.
fn chosen(v: &Visit<'_>) -> Result<MoveTo> {
    v.req
        .field("choice")
        .and_then(ops::parse_choice)
        .ok_or_else(|| super::changed_meanwhile(&tr!(v.lang, "console-choice-word")))
}

/// GET /requests/{id}/place: where a waiting request can go now.
pub(crate) fn place_page(ctx: &Ctx, v: &Visit<'_>, typed: &str) -> Result<Response> {
    let l = v.lang;
    let r = existing(ctx, typed)?;
    let choices = ops::move_choices(ctx, ChoicesFor::Request(&r.id), v.now)?;
    let ver = version(ctx, &r)?;
    let mut body = summary(ctx, v, &r)?;
    body.push_str(&choices_body(
        v,
        &format!("/console/requests/{}/place", r.id),
        &ver,
        &choices,
        &tr!(l, "console-place-choices"),
    ));
    let _ = write!(
        body,
        "<p><a href=\"/console/requests/{0}\">{1}</a> · <a href=\"/console/allocate\">{2}</a></p>",
        esc(&r.id),
        esc(&tr!(l, "console-back-to-request")),
        esc(&tr!(l, "console-nav-allocate"))
    );
    Ok(page::ok(
        v,
        &tr!(l, "console-place-title", id = r.id.as_str()),
        &body,
    ))
}

/// POST /requests/{id}/place: books it at the chosen place (pinned), then the request page.
pub(crate) fn place(ctx: &Ctx, v: &Visit<'_>, typed: &str) -> Result<Response> {
    let r = existing(ctx, typed)?;
    check_version_in(ctx, v, &r, "version")?;
    let to = chosen(v)?;
    let done = ops::request_place(ctx, &r.id, to, v.now)?;
    Ok(Response::redirect(&format!(
        "/console/requests/{}?placed={}",
        r.id, done.booking.number
    )))
}

/// The booking as it stands (agency, time, interpreter by name), above a list of changes.
fn where_now(
    l: crate::i18n::Lang,
    agencies: &[crate::model::Agency],
    interpreters: &[crate::model::Interpreter],
    b: &crate::model::Booking,
) -> String {
    format!(
        "<p>{}</p>",
        esc(&tr!(
            l,
            "console-move-now",
            number = b.number.as_str(),
            agency = words::agency_name(l, agencies, &b.agency),
            when = when(l, b.start, b.end),
            interpreter = match &b.interpreter {
                Some(i) => interpreters
                    .iter()
                    .find(|x| &x.id == i)
                    .map_or_else(|| i.clone(), |x| x.name.clone()),
                None => tr!(l, "console-choice-without"),
            }
        ))
    )
}

/// GET /bookings/{n}/move: where a booking can move to.
pub(crate) fn move_page(ctx: &Ctx, v: &Visit<'_>, typed: &str) -> Result<Response> {
    let l = v.lang;
    let b = booking_of(ctx, typed)?;
    let r = existing(ctx, &b.request)?;
    let choices = ops::move_choices(ctx, ChoicesFor::Booking(&b.number), v.now)?;
    let ver = version(ctx, &r)?;
    let agencies = ctx.store().agencies()?;
    let interpreters = ctx.store().interpreters()?;
    let mut body = summary(ctx, v, &r)?;
    body.push_str(&where_now(l, &agencies, &interpreters, &b));
    body.push_str(&choices_body(
        v,
        &format!("/console/bookings/{}/move", b.number),
        &ver,
        &choices,
        &tr!(l, "console-move-choices"),
    ));
    let _ = write!(
        body,
        "<p><a href=\"/console/requests/{0}\">{1}</a></p>",
        esc(&r.id),
        esc(&tr!(l, "console-back-to-request"))
    );
    Ok(page::ok(
        v,
        &tr!(l, "console-move-title", number = b.number.as_str()),
        &body,
    ))
}

/// POST /bookings/{n}/move: moves it there ([`ops::booking_move`], pinned).
pub(crate) fn move_to(ctx: &Ctx, v: &Visit<'_>, typed: &str) -> Result<Response> {
    let b = booking_of(ctx, typed)?;
    let r = existing(ctx, &b.request)?;
    check_version_in(ctx, v, &r, "version")?;
    let to = chosen(v)?;
    let done = ops::booking_move(ctx, &b.number, to, v.now)?;
    Ok(Response::redirect(&format!(
        "/console/requests/{}?moved={}",
        r.id, done.to.number
    )))
}

/// GET /bookings/{n}/substitute: who can interpret instead, ranked, and who cannot, with why.
pub(crate) fn substitute_page(ctx: &Ctx, v: &Visit<'_>, typed: &str) -> Result<Response> {
    let l = v.lang;
    let b = booking_of(ctx, typed)?;
    let s = ops::booking_substitutes(ctx, &b.number, v.now)?;
    let ver = version(ctx, &s.request)?;
    let agencies = ctx.store().agencies()?;
    let interpreters = ctx.store().interpreters()?;
    let mut body = summary(ctx, v, &s.request)?;
    body.push_str(&where_now(l, &agencies, &interpreters, &b));
    let _ = write!(body, "<h2>{}</h2>", esc(&tr!(l, "console-substitute-fit")));
    let mut fit = 0;
    let mut unfit = Vec::new();
    for (i, verdict) in &s.candidates {
        match verdict {
            Ok(f) => {
                fit += 1;
                let local = if f.zone != ctx.center()?.timezone {
                    tr!(
                        l,
                        "console-substitute-local",
                        time = f.local_start.format("%H:%M").to_string(),
                        zone = words::zone_local(l, &f.zone, f.local_start)
                    )
                } else {
                    String::new()
                };
                let _ = write!(
                    body,
                    "<form class=\"substitute\" method=\"post\" action=\"/console/bookings/{}/substitute\">{}\
                     <input type=\"hidden\" name=\"version\" value=\"{}\">\
                     <p><button type=\"submit\" name=\"interpreter\" value=\"{}\">{}</button> {}</p></form>",
                    esc(&b.number),
                    page::csrf_input(v),
                    esc(&ver),
                    esc(&i.id),
                    esc(&i.name),
                    esc(&format!(
                        "{} {}",
                        tr!(
                            l,
                            "console-substitute-how",
                            mode = words::mode_name(l, f.mode),
                            count = f.that_day
                        ),
                        local
                    ))
                );
            }
            Err(why) => unfit.push((i, why)),
        }
    }
    if fit == 0 {
        let _ = write!(
            body,
            "<p class=\"problem\">{}</p>",
            esc(&tr!(l, "console-substitute-none"))
        );
    }
    if !unfit.is_empty() {
        let _ = write!(
            body,
            "<h2>{}</h2><ul class=\"unfit\">",
            esc(&tr!(l, "console-substitute-unfit"))
        );
        for (i, why) in unfit {
            let text = match why {
                crate::schedule::Unfit::Busy { number } => {
                    tr!(l, "cli-subs-unfit-busy", other = number.as_str())
                }
                crate::schedule::Unfit::MaxReached { max, .. } => {
                    tr!(l, "cli-subs-unfit-max-reached", max = *max)
                }
                other => crate::i18n::message(l, &format!("cli-subs-unfit-{}", other.code()), None),
            };
            let _ = write!(body, "<li>{}: {}</li>", esc(&i.name), esc(&text));
        }
        body.push_str("</ul>");
    }
    let _ = write!(
        body,
        "<p><a class=\"move\" href=\"/console/bookings/{0}/move\">{1}</a> · <a href=\"/console/requests/{2}\">{3}</a></p>",
        esc(&b.number),
        esc(&tr!(l, "console-move-link")),
        esc(&s.request.id),
        esc(&tr!(l, "console-back-to-request"))
    );
    Ok(page::ok(
        v,
        &tr!(l, "console-substitute-title", number = b.number.as_str()),
        &body,
    ))
}

/// POST /bookings/{n}/substitute: the chosen interpreter, same slot ([`ops::booking_move`]).
pub(crate) fn substitute(ctx: &Ctx, v: &Visit<'_>, typed: &str) -> Result<Response> {
    let b = booking_of(ctx, typed)?;
    let r = existing(ctx, &b.request)?;
    check_version_in(ctx, v, &r, "version")?;
    let interpreter = v
        .req
        .field("interpreter")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| super::changed_meanwhile(&b.number))?;
    let done = ops::booking_move(
        ctx,
        &b.number,
        MoveTo {
            place: None,
            interpreter: Some(interpreter.to_string()),
            mode: None,
        },
        v.now,
    )?;
    Ok(Response::redirect(&format!(
        "/console/requests/{}?substituted={}",
        r.id, done.to.number
    )))
}
