//! The public page (all chosen languages in one file), the monthly poster (one A4 page per
//! language) and the newsletter text. Every page goes through [`crate::html::page`]: one
//! self-contained file with inline CSS and inline SVG QR codes, nothing fetched.

use super::calendar::{booking_lines, languages_line, session_lines, session_text};
use super::{
    PublicData, PublicError, PublicSession, PublicSettings, agency_name, center_name, date_label,
    html_text, in_month, month_label, qr_svg, text, time_label, to_html, to_text, upcoming,
};
use crate::html::{self, escape};
use crate::i18n::{Args, Lang};
use crate::model::Month;
use std::fmt::Write as _;

/// `lang` attribute of a section (easy Japanese is Japanese to a browser).
fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::JaEasy => "ja",
        l => l.code(),
    }
}

fn agency_label(lang: Lang, data: &PublicData<'_>, s: &PublicSession) -> String {
    data.agencies
        .iter()
        .find(|a| a.id == s.agency)
        .map(|a| agency_name(lang, a))
        .unwrap_or_else(|| s.agency.clone())
}

fn center_args(lang: Lang, data: &PublicData<'_>) -> Args {
    let mut args = Args::new();
    args.set("center", center_name(lang, data.center));
    args
}

/// A `<ul>` of message lines.
fn list_html(lang: Lang, lines: &[String]) -> String {
    let mut out = String::from("<ul>");
    for l in lines {
        let _ = write!(out, "<li>{}</li>", to_html(lang, l));
    }
    out.push_str("</ul>");
    out
}

/// The session table shared by the page and the poster.
///
/// `compact` (the poster) leaves the languages out of the rows; the poster lists them once.
fn sessions_table(
    lang: Lang,
    data: &PublicData<'_>,
    sessions: &[&PublicSession],
    compact: bool,
) -> String {
    if sessions.is_empty() {
        return format!("<p>{}</p>", html_text(lang, "public-none", None));
    }
    let mut out = format!(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        html_text(lang, "public-col-when", None),
        html_text(lang, "public-col-agency", None),
        html_text(lang, "public-col-details", None),
    );
    for s in sessions {
        let _ = write!(
            out,
            "<tr class=\"{}\" data-uid=\"{}\"><td class=\"when\">{}<br>{}</td><td>{}</td><td>{}</td></tr>",
            if s.full { "full" } else { "open" },
            to_html(lang, &s.uid),
            to_html(lang, &date_label(lang, s.start.date())),
            to_html(lang, &time_label(s)),
            to_html(lang, &agency_label(lang, data, s)),
            {
                let t = session_text(lang, data, s);
                let lines = if compact {
                    vec![t.topics, t.availability]
                } else {
                    t.lines()
                };
                lines
                    .iter()
                    .map(|l| to_html(lang, l))
                    .collect::<Vec<_>>()
                    .join("<br>")
            },
        );
    }
    out.push_str("</tbody></table>");
    out
}

const PAGE_CSS: &str = "
nav.switch { position: sticky; top: 0; background: #0b4f6c; padding: 8px 12px; }
nav.switch a { color: #fff; margin-right: 14px; text-decoration: none; font-weight: bold; }
section { padding: 12px 16px 28px; border-bottom: 4px solid #0b4f6c; max-width: 980px; }
h1 { font-size: 1.5em; margin: 0.4em 0; }
h2 { font-size: 1.15em; margin: 1em 0 0.3em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }
td.when { white-space: nowrap; }
tr.full td { color: #666; }
.qrs { display: flex; gap: 24px; flex-wrap: wrap; }
figure { margin: 0; text-align: center; max-width: 240px; }
figcaption { font-size: 0.9em; word-break: break-all; }
rt { font-size: 0.6em; }
svg { shape-rendering: crispEdges; }
";

/// The public page: every language of `langs` as its own section, a language switcher of
/// plain anchors (no script), and per language a QR code for its calendar plus the booking
/// QR code.
pub fn page(
    data: &PublicData<'_>,
    settings: &PublicSettings,
    langs: &[Lang],
) -> Result<String, PublicError> {
    let sessions = upcoming(data, None)?;
    let all: Vec<&PublicSession> = sessions.iter().collect();
    let first = langs.first().copied().unwrap_or(Lang::Ja);
    let booking = settings.booking_target();
    let booking_qr = qr_svg(&booking, 180)?;
    let mut body = proof_mark_html(first, settings);
    body.push_str("<nav class=\"switch\">");
    for l in langs {
        let _ = write!(
            body,
            "<a href=\"#lang-{code}\" lang=\"{hl}\" hreflang=\"{hl}\">{name}</a>",
            code = l.code(),
            hl = html_lang(*l),
            name = escape(&l.native_name()),
        );
    }
    body.push_str("</nav>\n");
    for l in langs {
        let lang = *l;
        let cal = settings.calendar_url(lang);
        let _ = write!(
            body,
            "<section id=\"lang-{code}\" lang=\"{hl}\">\n<h1>{title}</h1>\n<p>{intro}</p>\n\
             <h2>{book}</h2>\n{lines}\n<div class=\"qrs\">\
             <figure class=\"qr-calendar\" data-url=\"{cal_attr}\">{cal_qr}<figcaption>{cal_cap}<br>\
             <a href=\"{cal_attr}\">{cal_attr}</a></figcaption></figure>\
             <figure class=\"qr-booking\" data-url=\"{book_attr}\">{booking_qr}<figcaption>{book_cap}<br>\
             <a href=\"{book_attr}\">{book_attr}</a></figcaption></figure></div>\n\
             <h2>{upcoming}</h2>\n{table}\n</section>\n",
            code = lang.code(),
            hl = html_lang(lang),
            title = html_text(lang, "public-title", Some(&center_args(lang, data))),
            intro = html_text(lang, "public-intro", Some(&center_args(lang, data))),
            book = html_text(lang, "public-how-to-book", None),
            lines = list_html(lang, &booking_lines(lang, data, settings)),
            cal_attr = to_html(lang, &cal),
            cal_qr = qr_svg(&cal, 180)?,
            cal_cap = html_text(lang, "public-qr-calendar", None),
            book_attr = to_html(lang, &booking),
            book_cap = html_text(lang, "public-qr-book", None),
            upcoming = html_text(lang, "public-upcoming", None),
            table = sessions_table(lang, data, &all, false),
        );
    }
    let title = text(first, "public-title", Some(&center_args(first, data)));
    Ok(html::page(first, &title, PAGE_CSS, &body))
}

const POSTER_CSS: &str = "
@page { size: A4; margin: 12mm; }
html, body { width: 186mm; }
body { line-height: 1.3; }
header { border-bottom: 3px solid #0b4f6c; margin-bottom: 4mm; }
h1 { font-size: 22pt; margin: 0 0 1mm; color: #0b4f6c; }
.center { font-size: 12pt; margin: 0 0 2mm; }
.intro { font-size: 11pt; margin: 0 0 3mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #777; padding: 0.8mm 1.4mm; vertical-align: top; text-align: left; }
th:nth-child(1) { width: 17%; } th:nth-child(2) { width: 24%; }
th { background: #e4eef3; }
td.when { white-space: nowrap; font-weight: bold; }
tr.full td { color: #555; }
.langs p { margin: 2mm 0 0; }
footer { display: flex; gap: 6mm; margin-top: 3mm; align-items: flex-start; }
footer .how { flex: 1; }
footer h2 { font-size: 13pt; margin: 0 0 1mm; }
footer ul { margin: 0; padding-left: 5mm; }
figure { margin: 0; text-align: center; width: 38mm; }
figure svg { width: 36mm !important; height: 36mm !important; }
figcaption { font-size: 8.5pt; }
rt { font-size: 0.55em; }
svg { shape-rendering: crispEdges; }
";

/// The visible 「試し刷り」 mark of an output made with a test base URL
/// ([`PublicSettings::is_proof`]); empty for a real one.
fn proof_mark_html(lang: Lang, settings: &PublicSettings) -> String {
    if !settings.is_proof() {
        return String::new();
    }
    format!(
        "<p class=\"proof\" role=\"alert\" style=\"border:3px solid #b00020;color:#b00020;\
         font-weight:bold;padding:2mm;margin:0 0 3mm;text-align:center\">{}</p>\n",
        html_text(lang, "public-proof-mark", None)
    )
}

/// The poster for `month` in `lang`: one A4 page with the month's consultation days, the
/// topics in plain words, how to book and the QR codes (calendar, booking).
pub fn poster(
    data: &PublicData<'_>,
    settings: &PublicSettings,
    lang: Lang,
    month: Month,
) -> Result<String, PublicError> {
    let sessions = upcoming(data, None)?;
    let these = in_month(&sessions, month);
    let mut args = Args::new();
    args.set("month", month_label(lang, month));
    let title = text(lang, "public-poster-title", Some(&args));
    let cal = settings.calendar_url(lang);
    let booking = settings.booking_target();
    let body = format!(
        "{proof}<header><h1>{h1}</h1><p class=\"center\">{center}</p></header>\n\
         <p class=\"intro\">{intro}</p>\n{table}\n{langs}\n\
         <footer><div class=\"how\"><h2>{book}</h2>{lines}</div>\
         <figure class=\"qr-calendar\" data-url=\"{cal_attr}\">{cal_qr}<figcaption>{cal_cap}</figcaption></figure>\
         <figure class=\"qr-booking\" data-url=\"{book_attr}\">{book_qr}<figcaption>{book_cap}</figcaption></figure>\
         </footer>",
        proof = proof_mark_html(lang, settings),
        h1 = html_text(lang, "public-poster-title", Some(&args)),
        center = to_html(lang, &center_name(lang, data.center)),
        intro = html_text(lang, "public-intro", Some(&center_args(lang, data))),
        table = sessions_table(lang, data, &these, true),
        langs = month_languages(lang, &these),
        book = html_text(lang, "public-how-to-book", None),
        lines = list_html(lang, &booking_lines(lang, data, settings)),
        cal_attr = to_html(lang, &cal),
        cal_qr = qr_svg(&cal, 120)?,
        cal_cap = html_text(lang, "public-qr-calendar", None),
        book_attr = to_html(lang, &booking),
        book_qr = qr_svg(&booking, 120)?,
        book_cap = html_text(lang, "public-qr-book", None),
    );
    // One A4 page whatever the month holds: the type shrinks with the number of sessions
    // (and for easy Japanese, whose furigana take a line of their own).
    let rows = these.len().saturating_sub(5) as f64;
    let mut pt = (10.0 - 0.4 * rows).max(6.5);
    if lang == Lang::JaEasy {
        pt -= 0.8;
    }
    let css = format!("{POSTER_CSS}\nbody {{ font-size: {pt:.1}pt; }}\n");
    Ok(html::page(lang, &title, &css, &body))
}

/// The languages of the month's sessions, listed once (the poster's rows leave them out).
fn month_languages(lang: Lang, sessions: &[&PublicSession]) -> String {
    let mut in_person: Vec<String> = Vec::new();
    let mut remote: Vec<String> = Vec::new();
    for s in sessions {
        for c in &s.in_person {
            if !in_person.contains(c) {
                in_person.push(c.clone());
            }
        }
        for c in &s.remote {
            if !remote.contains(c) {
                remote.push(c.clone());
            }
        }
    }
    remote.retain(|c| !in_person.contains(c));
    let mut out = String::from("<div class=\"langs\">");
    for (key, codes) in [
        ("public-languages-in-person", &in_person),
        ("public-languages-remote", &remote),
    ] {
        if let Some(line) = languages_line(lang, key, codes) {
            let _ = write!(out, "<p>{}</p>", to_html(lang, &line));
        }
    }
    out.push_str("</div>");
    out
}

/// Newsletter output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewsletterFormat {
    Text,
    Markdown,
}

/// The newsletter section for `month` in `lang`: subject line, introduction, every session
/// with its topics, languages and availability, how to book, and the calendar URL.
pub fn newsletter(
    data: &PublicData<'_>,
    settings: &PublicSettings,
    lang: Lang,
    month: Month,
    format: NewsletterFormat,
) -> Result<String, PublicError> {
    let sessions = upcoming(data, None)?;
    let these = in_month(&sessions, month);
    let md = format == NewsletterFormat::Markdown;
    // Furigana first (easy Japanese), then Markdown escaping.
    let t = |s: &str| {
        let plain = to_text(lang, s);
        if md { md_escape(&plain) } else { plain }
    };
    let mut args = Args::new();
    args.set("month", month_label(lang, month));
    let title = t(&text(lang, "public-poster-title", Some(&args)));
    let mut out = String::new();
    if settings.is_proof() {
        let _ = writeln!(out, "{}\n", t(&text(lang, "public-proof-mark", None)));
    }
    if md {
        let _ = writeln!(out, "# {title}\n");
    } else {
        let _ = writeln!(
            out,
            "{title}\n{}\n",
            "=".repeat(title.chars().count().min(60))
        );
    }
    let _ = writeln!(
        out,
        "{}\n",
        t(&text(lang, "public-intro", Some(&center_args(lang, data))))
    );
    if these.is_empty() {
        let _ = writeln!(out, "{}\n", t(&text(lang, "public-none", None)));
    }
    for s in &these {
        let head = t(&format!(
            "{} {} {}",
            date_label(lang, s.start.date()),
            time_label(s),
            agency_label(lang, data, s)
        ));
        let _ = writeln!(
            out,
            "{}",
            if md {
                format!("## {head}\n")
            } else {
                format!("■ {head}")
            }
        );
        for l in session_lines(lang, data, s) {
            let _ = writeln!(out, "{}{}", if md { "- " } else { "  " }, t(&l));
        }
        out.push('\n');
    }
    let book = t(&text(lang, "public-how-to-book", None));
    let _ = writeln!(
        out,
        "{}",
        if md {
            format!("## {book}\n")
        } else {
            format!("【{book}】")
        }
    );
    for l in booking_lines(lang, data, settings) {
        let _ = writeln!(out, "{}{}", if md { "- " } else { "  " }, t(&l));
    }
    out.push('\n');
    let mut args = Args::new();
    args.set("url", settings.calendar_url(lang));
    let _ = writeln!(
        out,
        "{}",
        t(&text(lang, "public-calendar-subscribe", Some(&args)))
    );
    Ok(out)
}

/// Escapes Markdown's inline markup characters so data (agency names, addresses) cannot
/// turn into links or emphasis. URLs keep working: autolinkers read `\_`-free URLs, and
/// ours contain none of the escaped characters except `.` and `-`, which are left alone.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
