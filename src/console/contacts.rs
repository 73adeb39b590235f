//! 連絡リスト: residents to tell about a change, printable and as CSV for Excel, with the
//! "told" button.

use super::page::{self, esc, post_button};
use super::{Response, Visit};
use crate::error::{Error, Result};
use crate::ops::{self, Ctx};
use crate::{tr, words};
use std::fmt::Write as _;

/// The call list's column titles and, per open item, the item and its cells as text.
type Lines = (Vec<String>, Vec<(ops::ContactLine, Vec<String>)>);

fn lines(ctx: &Ctx, v: &Visit<'_>) -> Result<Lines> {
    let l = v.lang;
    let agencies = ctx.store().agencies()?;
    let header = vec![
        tr!(l, "console-col-item"),
        tr!(l, "console-col-by"),
        tr!(l, "console-col-request"),
        tr!(l, "console-col-booking"),
        tr!(l, "console-col-name"),
        tr!(l, "console-col-contact"),
        tr!(l, "console-col-language"),
        tr!(l, "console-col-tell"),
    ];
    let rows = ops::contact_list(ctx, None, false)?
        .into_iter()
        .map(|c| {
            let cells = vec![
                c.item.id.clone(),
                words::date(l, c.item.by),
                c.item.request.clone(),
                c.item.booking.clone(),
                c.name.clone(),
                c.contact.clone(),
                words::lang_name(l, &c.language),
                c.item
                    .what
                    .iter()
                    .map(|w| words::contact_change(l, &agencies, w))
                    .collect::<Vec<_>>()
                    .join(" / "),
            ];
            (c, cells)
        })
        .collect();
    Ok((header, rows))
}

pub(crate) fn page(ctx: &Ctx, v: &Visit<'_>) -> Result<Response> {
    let l = v.lang;
    let (mut header, rows) = lines(ctx, v)?;
    header.push(String::new());
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(c, cells)| {
            let mut out: Vec<String> = cells.iter().map(|x| esc(x)).collect();
            out[2] = format!(
                "<a href=\"/console/requests/{0}\">{0}</a>",
                esc(&c.item.request)
            );
            out.push(post_button(
                v,
                &format!("/console/contacts/{}/done", c.item.id),
                &tr!(l, "console-contact-done"),
                &[],
                false,
            ));
            out
        })
        .collect();
    let mut body = String::new();
    if let Some(id) = v.req.query("done") {
        let _ = write!(
            body,
            "<p class=\"notice\" role=\"status\">{}</p>",
            esc(&tr!(l, "console-contact-marked", id = id))
        );
    }
    let _ = write!(
        body,
        "<p>{} <a class=\"button\" href=\"/console/contacts.csv\">{}</a></p>",
        esc(&tr!(l, "console-contacts-count", count = rows.len())),
        esc(&tr!(l, "console-contacts-csv"))
    );
    body.push_str(&page::table(&header, &table_rows));
    Ok(page::ok(v, &tr!(l, "console-contacts-title"), &body))
}

pub(crate) fn csv(ctx: &Ctx, v: &Visit<'_>) -> Result<Response> {
    let (header, rows) = lines(ctx, v)?;
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let cells: Vec<Vec<String>> = rows.into_iter().map(|(_, c)| c).collect();
    let bytes = crate::report::csv_for_excel(&header, &cells)
        .map_err(|e| Error::internal("writing the call list CSV", e))?;
    Ok(Response {
        status: 200,
        headers: vec![
            ("content-type", "text/csv; charset=utf-8".into()),
            (
                "content-disposition",
                "attachment; filename=\"contacts.csv\"".into(),
            ),
        ],
        body: bytes,
    })
}

pub(crate) fn done(ctx: &Ctx, v: &Visit<'_>, id: &str) -> Result<Response> {
    let item = ops::contact_done(ctx, id, v.now)?;
    Ok(Response::redirect(&format!(
        "/console/contacts?done={}",
        form_urlencoded::byte_serialize(item.id.as_bytes()).collect::<String>()
    )))
}
