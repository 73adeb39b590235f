//! 今日の仕事: the call list, bookings that need rearranging, overdue requests, and today's
//! and tomorrow's sessions with their residents — each with the link that acts on it.

use super::page::{self, esc};
use super::{Response, Visit};
use crate::error::Result;
use crate::model::BookingStatus;
use crate::ops::{self, Ctx};
use crate::{tr, words};
use std::fmt::Write as _;

pub(crate) fn page(ctx: &Ctx, v: &Visit<'_>) -> Result<Response> {
    let l = v.lang;
    let store = ctx.store();
    let center = ctx.center()?;
    let agencies = store.agencies()?;
    let interpreters = store.interpreters()?;
    let requests = store.requests()?;
    let bookings = store.bookings()?;
    let today = ctx.today(v.now)?;
    let troubles = ctx.troubles(v.now)?;
    let by_id: std::collections::HashMap<&str, &crate::model::Request> =
        requests.iter().map(|r| (r.id.as_str(), r)).collect();
    let link = |id: &str| format!("<a href=\"/console/requests/{}\">{}</a>", esc(id), esc(id));
    let mut body = String::new();

    // The call list first: residents waiting to be told something.
    let calls = ops::contact_list(ctx, None, false)?;
    let _ = write!(
        body,
        "<h2>{}</h2>",
        esc(&tr!(l, "console-home-calls", count = calls.len()))
    );
    if calls.is_empty() {
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            esc(&tr!(l, "console-none"))
        );
    } else {
        let rows: Vec<Vec<String>> = calls
            .iter()
            .take(20)
            .map(|c| {
                vec![
                    esc(&words::date(l, c.item.by)),
                    link(&c.item.request),
                    esc(&c.name),
                    esc(&words::lang_name(l, &c.language)),
                    c.item
                        .what
                        .iter()
                        .map(|w| esc(&words::contact_change(l, &agencies, w)))
                        .collect::<Vec<_>>()
                        .join("<br>"),
                ]
            })
            .collect();
        body.push_str(&page::table(
            &[
                tr!(l, "console-col-by"),
                tr!(l, "console-col-request"),
                tr!(l, "console-col-name"),
                tr!(l, "console-col-language"),
                tr!(l, "console-col-tell"),
            ],
            &rows,
        ));
        let _ = write!(
            body,
            "<p><a class=\"button\" href=\"/console/contacts\">{}</a></p>",
            esc(&tr!(l, "console-home-all-calls"))
        );
    }

    // Bookings that cannot happen as planned.
    let _ = write!(
        body,
        "<h2>{}</h2>",
        esc(&tr!(l, "console-home-rearrange", count = troubles.len()))
    );
    if troubles.is_empty() {
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            esc(&tr!(l, "console-none"))
        );
    } else {
        let rows: Vec<Vec<String>> = troubles
            .iter()
            .filter_map(|(number, t)| {
                let b = bookings.iter().find(|b| b.number == number)?;
                Some(vec![
                    esc(number),
                    link(&b.request),
                    esc(&words::booking_at(l, &agencies, b)),
                    format!(
                        "<span class=\"trouble\">{}</span>",
                        esc(&words::trouble(l, &interpreters, t))
                    ),
                    format!(
                        "<a class=\"{2}\" href=\"/console/bookings/{0}/{2}\">{1}</a>",
                        esc(number),
                        esc(&if t.is_interpreter() {
                            tr!(l, "console-substitute-link")
                        } else {
                            tr!(l, "console-move-link")
                        }),
                        if t.is_interpreter() {
                            "substitute"
                        } else {
                            "move"
                        }
                    ),
                ])
            })
            .collect();
        body.push_str(&page::table(
            &[
                tr!(l, "console-col-booking"),
                tr!(l, "console-col-request"),
                tr!(l, "console-col-where"),
                tr!(l, "console-col-why"),
                tr!(l, "console-col-action"),
            ],
            &rows,
        ));
    }

    // Waiting past their deadline.
    let overdue: Vec<&crate::model::Request> = requests
        .iter()
        .filter(|r| crate::report::is_overdue(r, today))
        .collect();
    let _ = write!(
        body,
        "<h2>{}</h2>",
        esc(&tr!(l, "console-home-overdue", count = overdue.len()))
    );
    if overdue.is_empty() {
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            esc(&tr!(l, "console-none"))
        );
    } else {
        let rows: Vec<Vec<String>> = overdue
            .iter()
            .map(|r| {
                vec![
                    link(&r.id),
                    esc(&r.deadline.map(|d| words::date(l, d)).unwrap_or_default()),
                    esc(&words::lang_name(l, &r.language)),
                    esc(&words::topic_name(l, Some(&center), &r.topic)),
                ]
            })
            .collect();
        body.push_str(&page::table(
            &[
                tr!(l, "console-col-request"),
                tr!(l, "console-col-deadline"),
                tr!(l, "console-col-language"),
                tr!(l, "console-col-topic"),
            ],
            &rows,
        ));
    }

    // Today's and tomorrow's residents, by session and time.
    for (offset, key) in [(0, "console-home-today"), (1, "console-home-tomorrow")] {
        let day = today + chrono::Duration::days(offset);
        let mut day_bookings: Vec<&crate::model::Booking> = bookings
            .iter()
            .filter(|b| b.status == BookingStatus::Confirmed && b.start.date() == day)
            .collect();
        day_bookings
            .sort_by(|a, b| (a.start, &a.agency, a.booth).cmp(&(b.start, &b.agency, b.booth)));
        let _ = write!(
            body,
            "<h2>{}</h2>",
            esc(&{
                let mut args = crate::i18n::Args::new();
                args.set("date", words::date(l, day))
                    .set("count", day_bookings.len());
                crate::i18n::message(l, key, Some(&args))
            })
        );
        if day_bookings.is_empty() {
            let _ = write!(
                body,
                "<p class=\"muted\">{}</p>",
                esc(&tr!(l, "console-none"))
            );
            continue;
        }
        let rows: Vec<Vec<String>> = day_bookings
            .iter()
            .map(|b| {
                let r = by_id.get(b.request.as_str());
                vec![
                    esc(&b.start.format("%H:%M").to_string()),
                    esc(&words::agency_name(l, &agencies, &b.agency)),
                    esc(&b.number),
                    link(&b.request),
                    esc(&r.map(|r| r.contact.name.clone()).unwrap_or_default()),
                    esc(&r
                        .map(|r| words::lang_name(l, &r.language))
                        .unwrap_or_default()),
                    esc(&b
                        .interpreter
                        .as_deref()
                        .map(|i| words::interpreter(&interpreters, i))
                        .unwrap_or_default()),
                    if troubles.contains(&b.number) {
                        format!(
                            "<span class=\"trouble\">{}</span>",
                            esc(&tr!(l, "console-rearranging"))
                        )
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        body.push_str(&page::table(
            &[
                tr!(l, "console-col-time"),
                tr!(l, "console-col-agency"),
                tr!(l, "console-col-booking"),
                tr!(l, "console-col-request"),
                tr!(l, "console-col-name"),
                tr!(l, "console-col-language"),
                tr!(l, "console-col-interpreter"),
                tr!(l, "console-col-state"),
            ],
            &rows,
        ));
    }
    Ok(page::ok(
        v,
        &tr!(l, "console-home-title", date = words::date(l, today)),
        &body,
    ))
}
