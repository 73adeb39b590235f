//! The resident's slip: a one-page printable confirmation of one booking, and the same facts as
//! a one-event `.ics`, in the resident's language.
//!
//! Why it exists: agencies and interpreters get calendar feeds, but the resident — the person
//! the whole day is for — got nothing to hold. The slip says what a resident needs and nothing
//! else: the booking number (large, twice: it is what they show at the counter and say on the
//! phone), date and time in the center's zone, the place, which specialist, how the interpreter
//! joins, what to bring and how to cancel or change. Nothing about other residents; the name
//! only when the coordinator asks for it (`personal`).
//!
//! Pure: input is the booking, its request, agency, center, the center's contact facts, the
//! last slip the resident was given, the language and `now`; output is text. The CLI
//! (`soudan slip`) and `ops::slip` read and record; this module decides what is said.
//!
//! Texts come from the `slip` domain of the catalogue (`locales/<lang>/slip.ftl`), a resident
//! domain present in all seven languages. やさしい日本語 messages carry furigana as `<ruby>`
//! markup, so messages are trusted HTML here: every *data* value placed into one is escaped
//! first, and the `.ics` turns `<ruby>漢字<rt>かんじ</rt></ruby>` into `漢字(かんじ)`.

use crate::html;
use crate::i18n::{self, Args, Lang};
use crate::ics::{self, IcsCalendar, IcsEvent, IcsStatus};
use crate::model::{
    Agency, Booking, BookingStatus, Center, CenterInfo, IssuedSlip, Mode, Request, RequestStatus,
    Trouble, parse_tz, resolve_local,
};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc, Weekday};
use chrono_tz::Tz;
use std::fmt::Write as _;

/// Everything one slip is made from.
#[derive(Debug, Clone, Copy)]
pub struct SlipInput<'a> {
    pub booking: &'a Booking,
    pub request: &'a Request,
    /// `None` if the agency was removed since (the slip then names the agency id).
    pub agency: Option<&'a Agency>,
    pub center: &'a Center,
    pub info: &'a CenterInfo,
    /// The last slip this resident was given for the booking, if any.
    pub previous: Option<&'a IssuedSlip>,
    /// The booking was moved or re-placed since it was first made (from its history), for a
    /// booking whose earlier slip was never recorded: the slip then says it changed without
    /// an old time.
    pub moved_before: bool,
    pub lang: Lang,
    pub now: DateTime<Utc>,
    /// Print the resident's name (`--personal-details`).
    pub personal: bool,
    /// Why this confirmed booking cannot happen as planned ([`crate::model::Troubles`]),
    /// if it cannot: the slip then says it is being rearranged, not the old time.
    pub trouble: Option<&'a Trouble>,
}

/// What the slip must say first, before the facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A booking as first given.
    None,
    /// Time, specialist or interpreter mode changed; `from` is what the resident's last slip
    /// said, when one was recorded.
    Changed { from: Option<IssuedSlip> },
    /// Released by the allocator: a new time is being found; the old time no longer holds.
    Rescheduling,
    /// Cancelled, with the request (nothing will replace it).
    Cancelled,
    /// Still confirmed in the store, but it cannot happen as booked (session cancelled,
    /// interpreter ill, …: [`Trouble`]): "being rearranged, do not come, the center will call".
    Rearranging,
}

/// The language a slip is written in when none is asked for: the resident's request
/// language if the catalogue has it, else English.
pub fn default_lang(request: &Request) -> Lang {
    Lang::parse(&request.language).unwrap_or(Lang::En)
}

impl SlipInput<'_> {
    pub fn notice(&self) -> Notice {
        let b = self.booking;
        if b.status == BookingStatus::Cancelled {
            return if self.request.status == RequestStatus::Waiting {
                Notice::Rescheduling
            } else {
                Notice::Cancelled
            };
        }
        if b.status == BookingStatus::Confirmed && self.trouble.is_some() {
            return Notice::Rearranging;
        }
        match self.previous {
            Some(p) if p.differs_from(b) => Notice::Changed {
                from: Some(p.clone()),
            },
            Some(_) => Notice::None,
            None if self.moved_before => Notice::Changed { from: None },
            None => Notice::None,
        }
    }

    fn tz(&self) -> Tz {
        parse_tz(&self.center.timezone).unwrap_or(Tz::Asia__Tokyo)
    }
}

fn msg(lang: Lang, key: &str, args: Option<&Args>) -> String {
    i18n::message(lang, key, args)
}

/// One message with one escaped data value.
fn msg1(lang: Lang, key: &str, name: &'static str, value: &str) -> String {
    let mut a = Args::new();
    a.set(name, html::escape(value));
    msg(lang, key, Some(&a))
}

/// Turns message HTML into plain text: furigana in brackets after its base, other markup
/// (only ever ours) removed, entities decoded.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find('>') else {
            out.push_str(&rest[at..]);
            rest = "";
            break;
        };
        match &rest[at..at + end + 1] {
            "<rt>" => out.push('('),
            "</rt>" => out.push(')'),
            "<br>" => out.push(' '),
            _ => {}
        }
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn weekday_key(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The date with its weekday, as the language writes it (message HTML).
pub fn date_text(lang: Lang, d: NaiveDate) -> String {
    let mut a = Args::new();
    a.set("year", d.year().to_string())
        .set("monthname", MONTHS[d.month0() as usize])
        .set("day", d.day().to_string())
        .set("wday", weekday_key(d.weekday()));
    msg(lang, "slip-date", Some(&a))
}

/// `13:00–13:45`: local wall-clock times, no seconds.
pub fn time_text(lang: Lang, start: NaiveDateTime, end: NaiveDateTime) -> String {
    let mut a = Args::new();
    a.set("start", start.format("%H:%M").to_string())
        .set("end", end.format("%H:%M").to_string());
    msg(lang, "slip-time", Some(&a))
}

/// Ja, en, or both (a name the catalogue has no translation for, as data gives it).
fn pick(lang: Lang, ja: &str, en: &str) -> String {
    match lang {
        Lang::Ja | Lang::JaEasy => ja.to_string(),
        Lang::En => en.to_string(),
        _ if en.is_empty() || ja == en => ja.to_string(),
        _ => format!("{ja} ({en})"),
    }
}

fn agency_name(i: &SlipInput) -> String {
    match i.agency {
        Some(a) => pick(i.lang, &a.name_ja, &a.name_en),
        None => i.booking.agency.clone(),
    }
}

fn topic_name(i: &SlipInput) -> String {
    match i.center.topic(&i.request.topic) {
        Some(t) => pick(i.lang, &t.name_ja, &t.name_en),
        None => i.request.topic.clone(),
    }
}

fn center_name(i: &SlipInput) -> String {
    pick(i.lang, &i.center.name_ja, &i.center.name_en)
}

/// Does this booking's language need an interpreter (neither the agency's specialists nor the
/// center's table speak it)?
fn needs_interpreter(i: &SlipInput) -> bool {
    let lang = &i.request.language;
    let spoken =
        i.agency.is_some_and(|a| a.languages.contains(lang)) || i.center.languages.contains(lang);
    !spoken
}

/// The interpreter line, never "none": in person, video, phone, not needed, or being arranged.
fn interpreter_key(i: &SlipInput) -> &'static str {
    let b = i.booking;
    if b.status == BookingStatus::Cancelled && i.request.status == RequestStatus::Waiting {
        return "slip-interpreter-arranging";
    }
    if i.trouble.is_some_and(Trouble::is_interpreter) {
        return "slip-interpreter-arranging";
    }
    match (b.interpreter.as_ref(), b.mode) {
        (Some(_), Some(Mode::InPerson)) => "slip-interpreter-in-person",
        (Some(_), Some(Mode::Video)) => "slip-interpreter-video",
        (Some(_), Some(Mode::Phone)) => "slip-interpreter-phone",
        _ if needs_interpreter(i) => "slip-interpreter-arranging",
        _ => "slip-interpreter-not-needed",
    }
}

fn mode_key(m: Option<Mode>) -> &'static str {
    match m {
        Some(Mode::InPerson) => "slip-interpreter-in-person",
        Some(Mode::Video) => "slip-interpreter-video",
        Some(Mode::Phone) => "slip-interpreter-phone",
        None => "slip-interpreter-not-needed",
    }
}

/// `<time>` with the machine-readable local start, the date and the time range.
fn when_html(lang: Lang, start: NaiveDateTime, end: NaiveDateTime) -> String {
    format!(
        "<time datetime=\"{}\"><span class=\"date\">{}</span> <span class=\"hours\">{}</span></time>",
        start.format("%Y-%m-%dT%H:%M"),
        date_text(lang, start.date()),
        time_text(lang, start, end)
    )
}

/// The "how to cancel or change" sentence: the phone number when the center has one, else
/// the counter.
fn change_html(i: &SlipInput) -> String {
    let l = i.lang;
    if i.info.phone.trim().is_empty() {
        msg1(l, "slip-change-counter", "center", &center_name(i))
    } else {
        let mut a = Args::new();
        a.set("phone", html::escape(i.info.phone.trim()));
        let mut out = msg(l, "slip-change-phone", Some(&a));
        if !i.info.hours.trim().is_empty() {
            let _ = write!(
                out,
                "<br>{}",
                msg1(l, "slip-hours", "hours", i.info.hours.trim())
            );
        }
        out
    }
}

fn notice_html(i: &SlipInput) -> String {
    let l = i.lang;
    let b = i.booking;
    match i.notice() {
        Notice::None => String::new(),
        Notice::Changed { from } => {
            let mut out = format!(
                "<section class=\"notice\"><h2>{}</h2>",
                msg(l, "slip-notice-changed", None)
            );
            if let Some(p) = from {
                let _ = write!(
                    out,
                    "<p class=\"was\"><span class=\"tag\">{}</span> <s>{}</s></p>\
                     <p class=\"now\"><span class=\"tag\">{}</span> {}</p>",
                    msg(l, "slip-old", None),
                    when_html(l, p.start, p.end),
                    msg(l, "slip-new", None),
                    when_html(l, b.start, b.end),
                );
                if p.mode != b.mode && b.mode.is_some() {
                    let _ = write!(
                        out,
                        "<p>{} <s>{}</s> → {}</p>",
                        msg(l, "slip-interpreter-label", None),
                        msg(l, mode_key(p.mode), None),
                        msg(l, mode_key(b.mode), None)
                    );
                }
            }
            let _ = write!(
                out,
                "<p>{}</p></section>",
                msg(l, "slip-notice-changed-detail", None)
            );
            out
        }
        Notice::Rescheduling => format!(
            "<section class=\"notice\"><h2>{}</h2><p>{}</p><p>{}</p></section>",
            msg(l, "slip-notice-rescheduling", None),
            msg(l, "slip-notice-rescheduling-detail", None),
            msg(l, "slip-do-not-come", None),
        ),
        Notice::Cancelled => format!(
            "<section class=\"notice\"><h2>{}</h2><p>{}</p><p>{}</p></section>",
            msg(l, "slip-notice-cancelled", None),
            msg(l, "slip-notice-cancelled-detail", None),
            msg(l, "slip-do-not-come", None),
        ),
        Notice::Rearranging => format!(
            "<section class=\"notice rearranging\"><h2>{}</h2><p>{}</p><p>{}</p></section>",
            msg(l, "slip-notice-rescheduling", None),
            msg(l, "slip-notice-rearranging-detail", None),
            msg(l, "slip-do-not-come", None),
        ),
    }
}

const CSS: &str = "\
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html, body { background: #fff; }
main.slip { width: 100%; max-width: 186mm; margin: 0 auto; padding: 4mm 2mm; font-size: 11.5pt; \
line-height: 1.45; overflow-wrap: anywhere; word-break: normal; }
header { display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm; \
border-bottom: 2px solid #111; padding-bottom: 3mm; }
header .center { margin: 0; font-size: 10.5pt; }
h1 { margin: 1mm 0 0; font-size: 19pt; line-height: 1.6; }
.number { margin: 0; text-align: right; flex: none; }
.number .label { display: block; font-size: 10pt; }
.num { font-size: 26pt; font-weight: bold; letter-spacing: 0.04em; white-space: nowrap; \
font-variant-numeric: tabular-nums; }
.notice { border: 3px solid #b00020; padding: 2mm 4mm; margin: 3mm 0 0; }
.notice h2 { color: #b00020; margin: 0 0 1mm; font-size: 15pt; }
.notice p { margin: 0.5mm 0; }
.tag { display: inline-block; min-width: 14mm; font-weight: bold; }
dl.facts { display: grid; grid-template-columns: 36mm 1fr; gap: 1.5mm 4mm; margin: 4mm 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; min-width: 0; }
.when .date, .when .hours { font-size: 16pt; font-weight: bold; }
.when .hours { white-space: nowrap; margin-left: 0.6em; }
h2 { font-size: 13pt; margin: 3mm 0 1mm; }
ul.bring { margin: 0; padding-left: 6mm; }
section.change { border-top: 1px solid #999; margin-top: 3mm; }
footer { display: flex; justify-content: space-between; align-items: flex-end; gap: 6mm; \
border-top: 2px solid #111; margin-top: 4mm; padding-top: 2mm; }
footer p { margin: 0; }
.issued { font-size: 9pt; color: #444; }
ruby rt { font-size: 0.5em; }
@media print { main.slip { padding: 0; } }
";

/// The slip as a self-contained HTML page (A4, one page).
pub fn render_html(i: &SlipInput) -> String {
    let l = i.lang;
    let b = i.booking;
    let num = html::escape(&b.number);
    let mut body = String::with_capacity(8 * 1024);
    let _ = write!(
        body,
        "<main class=\"slip\">\n<header><div><p class=\"center\">{center}</p><h1>{title}</h1></div>\
         <p class=\"number\"><span class=\"label\">{num_label}</span><span class=\"num\" id=\"booking-number\">{num}</span></p></header>\n",
        center = html::escape(&center_name(i)),
        title = msg(l, "slip-title", None),
        num_label = msg(l, "slip-number-label", None),
    );
    body.push_str(&notice_html(i));
    body.push_str("\n<dl class=\"facts\">\n");
    let mut fact = |label: &str, class: &str, value: String| {
        let _ = writeln!(
            body,
            "<dt>{}</dt><dd class=\"{class}\">{value}</dd>",
            msg(l, label, None)
        );
    };
    if i.personal {
        fact(
            "slip-name-label",
            "name",
            html::escape(&i.request.contact.name),
        );
    }
    fact("slip-when-label", "when", when_html(l, b.start, b.end));
    let mut place = format!(
        "{}<br>{}",
        html::escape(&center_name(i)),
        html::escape(&i.center.address)
    );
    if !i.info.access.trim().is_empty() {
        let _ = write!(place, "<br>{}", html::escape(i.info.access.trim()));
    }
    fact("slip-place-label", "place", place);
    fact(
        "slip-specialist-label",
        "specialist",
        html::escape(&agency_name(i)),
    );
    fact("slip-topic-label", "topic", html::escape(&topic_name(i)));
    fact(
        "slip-interpreter-label",
        "interpreter",
        msg(l, interpreter_key(i), None),
    );
    body.push_str("</dl>\n");
    if b.status == BookingStatus::Confirmed && i.trouble.is_none() {
        let _ = write!(
            body,
            "<section><h2>{}</h2><ul class=\"bring\">",
            msg(l, "slip-bring-title", None)
        );
        for key in [
            "slip-bring-card",
            "slip-bring-passport",
            "slip-bring-letters",
            "slip-bring-notes",
        ] {
            let _ = write!(body, "<li>{}</li>", msg(l, key, None));
        }
        let _ = writeln!(
            body,
            "</ul><p>{}</p></section>",
            msg(l, "slip-arrive", None)
        );
    }
    let _ = writeln!(
        body,
        "<section class=\"change\"><h2>{}</h2><p>{}</p></section>",
        msg(l, "slip-change-title", None),
        change_html(i)
    );
    let issued = i.now.with_timezone(&i.tz()).date_naive();
    let _ = write!(
        body,
        "<footer><div><p>{show}</p><p class=\"issued\">{issued}</p></div>\
         <p class=\"num\">{num}</p></footer>\n</main>",
        show = msg(l, "slip-show-number", None),
        issued = {
            // The date is catalogue HTML (furigana in やさしい日本語), not data.
            let mut a = Args::new();
            a.set("date", date_text(l, issued));
            msg(l, "slip-issued", Some(&a))
        },
    );
    let title = format!("{} {}", plain(&msg(l, "slip-title", None)), b.number);
    html::page(l, &title, CSS, &body)
}

/// UID of a slip's event: stable per booking (a moved booking's new slip replaces the old
/// event in the resident's calendar), distinct from the feeds' UIDs.
pub fn slip_uid(number: &str) -> String {
    format!("{number}.slip@soudan")
}

/// The slip as a one-event calendar: the same facts, in the same language. A cancelled
/// booking gives STATUS:CANCELLED, one being rescheduled STATUS:TENTATIVE; SEQUENCE is the
/// booking's, so a calendar that imported an earlier slip updates the event.
pub fn render_ics(i: &SlipInput) -> String {
    let l = i.lang;
    let b = i.booking;
    let tz = i.tz();
    let text = |key: &str| plain(&msg(l, key, None));
    let mut lines = Vec::new();
    match i.notice() {
        Notice::None => {}
        Notice::Changed { from } => {
            lines.push(text("slip-notice-changed"));
            if let Some(p) = from {
                lines.push(format!(
                    "{}: {} {}",
                    text("slip-old"),
                    plain(&date_text(l, p.start.date())),
                    plain(&time_text(l, p.start, p.end))
                ));
            }
        }
        Notice::Rescheduling => {
            lines.push(text("slip-notice-rescheduling"));
            lines.push(text("slip-notice-rescheduling-detail"));
        }
        Notice::Cancelled => {
            lines.push(text("slip-notice-cancelled"));
            lines.push(text("slip-notice-cancelled-detail"));
        }
        Notice::Rearranging => {
            lines.push(text("slip-notice-rescheduling"));
            lines.push(text("slip-notice-rearranging-detail"));
            lines.push(text("slip-do-not-come"));
        }
    }
    lines.push(format!("{}: {}", text("slip-number-label"), b.number));
    if i.personal {
        lines.push(format!(
            "{}: {}",
            text("slip-name-label"),
            i.request.contact.name
        ));
    }
    lines.push(format!(
        "{}: {} {}",
        text("slip-when-label"),
        plain(&date_text(l, b.start.date())),
        plain(&time_text(l, b.start, b.end))
    ));
    lines.push(format!(
        "{}: {}",
        text("slip-specialist-label"),
        agency_name(i)
    ));
    lines.push(format!("{}: {}", text("slip-topic-label"), topic_name(i)));
    lines.push(format!(
        "{}: {}",
        text("slip-interpreter-label"),
        text(interpreter_key(i))
    ));
    if b.status == BookingStatus::Confirmed && i.trouble.is_none() {
        lines.push(format!("{}:", text("slip-bring-title")));
        for key in [
            "slip-bring-card",
            "slip-bring-passport",
            "slip-bring-letters",
            "slip-bring-notes",
        ] {
            lines.push(format!("- {}", text(key)));
        }
    }
    lines.push(format!(
        "{}: {}",
        text("slip-change-title"),
        plain(&change_html(i))
    ));
    let mut location = format!("{} {}", center_name(i), i.center.address);
    if !i.info.access.trim().is_empty() {
        location.push(' ');
        location.push_str(i.info.access.trim());
    }
    // A booking that needs rearranging is CANCELLED, not TENTATIVE: its old time will not
    // happen (the session is gone or there is no interpreter), and a calendar keeps showing a
    // tentative event at that time, which is exactly the visit we must prevent. A cancelled
    // event is struck out or hidden. The booking record has not changed, so this slip carries
    // SEQUENCE + 1 and DTSTAMP `now` to replace the CONFIRMED event the resident imported; the
    // repair (a move) bumps the booking's SEQUENCE and its newer DTSTAMP wins again.
    let rearranging = i.notice() == Notice::Rearranging;
    let status = match i.notice() {
        Notice::Cancelled | Notice::Rearranging => IcsStatus::Cancelled,
        Notice::Rescheduling => IcsStatus::Tentative,
        _ => IcsStatus::Confirmed,
    };
    let mut a = Args::new();
    a.set("number", b.number.clone());
    let summary = plain(&msg(l, "slip-ics-summary", Some(&a)));
    let event = IcsEvent {
        uid: slip_uid(&b.number),
        sequence: if rearranging {
            b.sequence + 1
        } else {
            b.sequence
        },
        stamp: if rearranging {
            b.updated.max(i.now)
        } else {
            b.updated
        },
        start: resolve_local(tz, b.start),
        end: resolve_local(tz, b.end),
        tz,
        summary,
        description: lines.join("\n"),
        location: Some(location),
        status,
        categories: Vec::new(),
        transparent: false,
        private: true,
    };
    ics::render(&IcsCalendar {
        name: format!("{} {}", text("slip-title"), b.number),
        timezone: tz,
        refresh_minutes: 24 * 60,
        method_publish: true,
        events: vec![event],
    })
}

/// Every message key this module builds at run time (for the completeness test below).
#[cfg(test)]
const KEYS: &[&str] = &[
    "slip-title",
    "slip-number-label",
    "slip-date",
    "slip-time",
    "slip-when-label",
    "slip-place-label",
    "slip-specialist-label",
    "slip-topic-label",
    "slip-interpreter-label",
    "slip-interpreter-in-person",
    "slip-interpreter-video",
    "slip-interpreter-phone",
    "slip-interpreter-not-needed",
    "slip-interpreter-arranging",
    "slip-bring-title",
    "slip-bring-card",
    "slip-bring-passport",
    "slip-bring-letters",
    "slip-bring-notes",
    "slip-arrive",
    "slip-change-title",
    "slip-change-phone",
    "slip-change-counter",
    "slip-hours",
    "slip-notice-changed",
    "slip-notice-changed-detail",
    "slip-old",
    "slip-new",
    "slip-notice-rescheduling",
    "slip-notice-rescheduling-detail",
    "slip-notice-cancelled",
    "slip-notice-cancelled-detail",
    "slip-notice-rearranging-detail",
    "slip-do-not-come",
    "slip-name-label",
    "slip-show-number",
    "slip-issued",
    "slip-ics-summary",
];

#[cfg(test)]
mod tests;
