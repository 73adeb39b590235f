//! How the CLI says things to people: names instead of codes, dates and times as a reader of
//! the UI language writes them, and column padding that counts a Japanese character as two.
//!
//! Machine formats (JSON, instances, CSV column ids that import reads back) never go through
//! here; they keep their codes. Human output shows a name and, where a coordinator may need to
//! type it back or look it up, the code in parentheses.
//!
//! Slot numbers: the store and JSON keep 0-based slot indices (`Booking::slot`); every human
//! output counts from 1 ([`slot_number`]).

use crate::i18n::{self, Lang};
use crate::model::{
    Agency, Appointment, Booked, Center, ContactChange, Event, Interpreter, Mode, Place, Release,
    Trouble, What, language,
};
use crate::tr;

pub mod zones;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};

/// A language code as its name in `ui` (`ネパール語` / `Nepali`); unknown codes as they are.
pub fn lang_name(ui: Lang, code: &str) -> String {
    match language(code) {
        Some(l) if ui == Lang::En => l.name_en.to_string(),
        Some(l) => l.name_ja.to_string(),
        None => code.to_string(),
    }
}

/// A topic id as its name from center.toml, in `ui`; unknown ids as they are.
pub fn topic_name(ui: Lang, center: Option<&Center>, id: &str) -> String {
    match center.and_then(|c| c.topic(id)) {
        Some(t) if ui == Lang::En => t.name_en.clone(),
        Some(t) => t.name_ja.clone(),
        None => id.to_string(),
    }
}

/// Why the center is closed on a day: `年末年始`, `祝日（成人の日）`, `センターの休館日`.
pub fn closed_reason(ui: Lang, reason: &crate::model::ClosedReason) -> String {
    use crate::model::ClosedReason;
    match reason {
        ClosedReason::YearEnd => tr!(ui, "cli-closed-year-end"),
        ClosedReason::Center => tr!(ui, "cli-closed-center"),
        ClosedReason::Holiday(h) => tr!(
            ui,
            "cli-closed-holiday",
            name = if ui == Lang::En { h.name_en } else { h.name_ja }
        ),
    }
}

/// An agency id as its name in `ui`; unknown ids as they are.
pub fn agency_name(ui: Lang, agencies: &[Agency], id: &str) -> String {
    match agencies.iter().find(|a| a.id == id) {
        Some(a) if ui == Lang::En => a.name_en.clone(),
        Some(a) => a.name_ja.clone(),
        None => id.to_string(),
    }
}

/// A mode's name in `ui` (`対面` / `in person`).
pub fn mode_name(ui: Lang, mode: Mode) -> String {
    if ui == Lang::En {
        mode.name_en().to_string()
    } else {
        mode.name_ja().to_string()
    }
}

/// The word for a code of one of the closed vocabularies (`status`, `priority`, `event`,
/// `reason`): message `cli-{kind}-{code}`. The unit tests enumerate every code, so a missing
/// entry is a test failure; at run time an unknown code (a newer soudan's) shows as itself.
pub fn code_word(ui: Lang, kind: &str, code: &str) -> String {
    let key = format!("cli-{kind}-{code}");
    if i18n::has(ui, &key) {
        i18n::message(ui, &key, None)
    } else {
        code.to_string()
    }
}

/// A reason code as a sentence, with the code in parentheses (it is what the JSON and the
/// allocation instance say, and what a coordinator searches the docs for).
pub fn reason(ui: Lang, code: &str) -> String {
    let sentence = code_word(ui, "reason", code);
    if sentence == code {
        code.to_string()
    } else {
        tr!(ui, "cli-with-code", text = sentence, code = code)
    }
}

/// A waiting request's reason as a sentence (no code): with the reason
/// `no_session_left_this_month`, `next` (agency name, date as staff write it) names the soonest
/// suitable session next month, and its absence says there is none next month either.
pub fn waiting_reason(ui: Lang, code: &str, next: Option<(String, String)>) -> String {
    match (code, next) {
        ("no_session_left_this_month", Some((agency, date))) => tr!(
            ui,
            "cli-reason-no_session_left_this_month-next",
            agency = agency,
            date = date
        ),
        _ => code_word(ui, "reason", code),
    }
}

/// An interpreter as a person reads it: the name, the id beside it (what a command takes).
/// An id no longer on the roster shows as itself.
pub fn interpreter(interpreters: &[Interpreter], id: &str) -> String {
    match interpreters.iter().find(|i| i.id == id) {
        Some(i) if !i.name.is_empty() && i.name != i.id => format!("{} ({})", i.name, i.id),
        _ => id.to_string(),
    }
}

/// Why a booking needs rearranging ([`Trouble`]), as a sentence with names.
pub fn trouble(ui: Lang, interpreters: &[Interpreter], t: &Trouble) -> String {
    match t {
        Trouble::SessionGone => tr!(ui, "trouble-session_gone"),
        Trouble::SlotGone => tr!(ui, "trouble-slot_gone"),
        Trouble::InterpreterRemoved { interpreter: id } => tr!(
            ui,
            "trouble-interpreter_removed",
            interpreter = interpreter(interpreters, id)
        ),
        Trouble::InterpreterUnavailable { interpreter: id } => tr!(
            ui,
            "trouble-interpreter_unavailable",
            interpreter = interpreter(interpreters, id)
        ),
        Trouble::NoInterpreter => tr!(ui, "trouble-no_interpreter"),
    }
}

/// What repairs a booking in trouble `t` (the command and what it does).
pub fn trouble_repair(ui: Lang, t: &Trouble) -> String {
    if t.is_interpreter() {
        tr!(ui, "trouble-repair-interpreter")
    } else {
        tr!(ui, "trouble-repair-place")
    }
}

const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

/// `2026年12月20日(日)` in Japanese, `Sun 20 Dec 2026` in English.
pub fn date(ui: Lang, d: NaiveDate) -> String {
    if ui == Lang::En {
        d.format("%a %-d %b %Y").to_string()
    } else {
        format!(
            "{}年{}月{}日({})",
            d.year(),
            d.month(),
            d.day(),
            WEEKDAYS_JA[d.weekday().num_days_from_monday() as usize]
        )
    }
}

/// A run of dates from `first` to `last` (inclusive), written once: `2026年12月14日～31日` /
/// `14–31 Dec 2026` (an 18-day absence is one phrase, not 18 dates); the year and month are
/// repeated only where they change. One date alone reads as [`date`].
pub fn date_range(ui: Lang, first: NaiveDate, last: NaiveDate) -> String {
    if first >= last {
        return date(ui, first);
    }
    let same_year = first.year() == last.year();
    let same_month = same_year && first.month() == last.month();
    if ui == Lang::En {
        if same_month {
            format!("{}–{}", first.day(), last.format("%-d %b %Y"))
        } else if same_year {
            format!("{} – {}", first.format("%-d %b"), last.format("%-d %b %Y"))
        } else {
            format!(
                "{} – {}",
                first.format("%-d %b %Y"),
                last.format("%-d %b %Y")
            )
        }
    } else {
        let start = format!("{}年{}月{}日", first.year(), first.month(), first.day());
        if same_month {
            format!("{start}～{}日", last.day())
        } else if same_year {
            format!("{start}～{}月{}日", last.month(), last.day())
        } else {
            format!(
                "{start}～{}年{}月{}日",
                last.year(),
                last.month(),
                last.day()
            )
        }
    }
}

/// A weekday's short name: `土` / `Sat`.
pub fn weekday(ui: Lang, day: chrono::Weekday) -> String {
    if ui == Lang::En {
        format!("{day}")
    } else {
        WEEKDAYS_JA[day.num_days_from_monday() as usize].to_string()
    }
}

/// When a resident can come, as a coordinator reads it: `土曜 10:00～17:00、2027年1月5日(火)` /
/// `Sat 10:00–17:00, Tue 5 Jan 2027`; no windows reads "any time".
pub fn windows(ui: Lang, windows: Option<&[crate::model::RequestWindow]>) -> String {
    use crate::model::RequestWindow;
    let Some(windows) = windows.filter(|w| !w.is_empty()) else {
        return tr!(ui, "words-any-time");
    };
    let times = |t: Option<(chrono::NaiveTime, chrono::NaiveTime)>| match t {
        Some((s, e)) if ui == Lang::En => format!(" {}–{}", s.format("%H:%M"), e.format("%H:%M")),
        Some((s, e)) => format!(" {}～{}", s.format("%H:%M"), e.format("%H:%M")),
        None => String::new(),
    };
    windows
        .iter()
        .map(|w| match w {
            RequestWindow::Weekly { day, times: t } if ui == Lang::En => {
                format!("{}{}", weekday(ui, *day), times(*t))
            }
            RequestWindow::Weekly { day, times: t } => {
                format!("{}曜{}", weekday(ui, *day), times(*t))
            }
            RequestWindow::Date { date: d, times: t } => format!("{}{}", date(ui, *d), times(*t)),
        })
        .collect::<Vec<_>>()
        .join(&tr!(ui, "cli-list-sep"))
}

/// A short date for table columns: `12/20(日)` / `Sun 20 Dec`.
pub fn short_date(ui: Lang, d: NaiveDate) -> String {
    if ui == Lang::En {
        d.format("%a %-d %b").to_string()
    } else {
        format!(
            "{}/{}({})",
            d.month(),
            d.day(),
            WEEKDAYS_JA[d.weekday().num_days_from_monday() as usize]
        )
    }
}

/// How an appointment is interpreted: a mode's name, or "no interpreter needed".
fn interpreting(ui: Lang, mode: Option<Mode>) -> String {
    match mode {
        Some(m) => mode_name(ui, m),
        None => tr!(ui, "contact-no-interpreter"),
    }
}

/// An appointment as the resident is told it: `2026年12月5日(土) 13:00 宮城県行政書士会（対面）`.
pub fn appointment(ui: Lang, agencies: &[Agency], a: &Appointment) -> String {
    tr!(
        ui,
        "contact-appointment",
        when = date_time(ui, a.start),
        agency = agency_name(ui, agencies, &a.agency),
        mode = interpreting(ui, a.mode)
    )
}

/// An appointment that is off, without how it was to be interpreted: the resident only needs
/// to know which one, and a booking that lost its interpreter (an illness) has no mode left,
/// which [`appointment`] would tell as "no interpreter needed".
fn appointment_off(ui: Lang, agencies: &[Agency], a: &Appointment) -> String {
    tr!(
        ui,
        "contact-appointment-plain",
        when = date_time(ui, a.start),
        agency = agency_name(ui, agencies, &a.agency)
    )
}

/// Where a booking is, as `allocate`, `booking move` and the hand repairs print it: the
/// agency by name, date and time, the slot from 1, and the session id `--to` takes.
pub fn booking_at(ui: Lang, agencies: &[Agency], b: &crate::model::Booking) -> String {
    tr!(
        ui,
        "cli-alloc-at",
        agency = agency_name(ui, agencies, &b.agency),
        session = b.session.as_str(),
        when = date_span(ui, b.start, b.end),
        slot = slot_number(b.slot)
    )
}

/// One line of the call list: what to tell the resident about one booking.
pub fn contact_change(ui: Lang, agencies: &[Agency], c: &ContactChange) -> String {
    let at = |a: &Appointment| appointment(ui, agencies, a);
    let off = |a: &Appointment| appointment_off(ui, agencies, a);
    match c {
        ContactChange::Text(text) => text.clone(),
        ContactChange::New { number, at: a } => {
            tr!(
                ui,
                "contact-change-new",
                number = number.as_str(),
                at = at(a)
            )
        }
        ContactChange::Replaced { number, at: a, was } => tr!(
            ui,
            "contact-change-replaced",
            number = number.as_str(),
            at = at(a),
            was = at(was)
        ),
        ContactChange::Cancelled { number, at: a } => tr!(
            ui,
            "contact-change-cancelled",
            number = number.as_str(),
            at = off(a)
        ),
        ContactChange::Moved { number, from, to } => tr!(
            ui,
            "contact-change-moved",
            number = number.as_str(),
            from = at(from),
            to = at(to)
        ),
        ContactChange::ModeChanged {
            number,
            start,
            mode,
            was,
        } => tr!(
            ui,
            "contact-change-mode",
            number = number.as_str(),
            when = date_time(ui, *start),
            mode = interpreting(ui, *mode),
            was = interpreting(ui, *was)
        ),
        ContactChange::SessionCancelled { number, at: a } => tr!(
            ui,
            "contact-change-session-cancelled",
            number = number.as_str(),
            at = off(a)
        ),
        ContactChange::WaitingAgain { number, at: a } => tr!(
            ui,
            "contact-change-waiting-again",
            number = number.as_str(),
            at = off(a)
        ),
        ContactChange::Rearranging { number, at: a } => tr!(
            ui,
            "contact-change-rearranging",
            number = number.as_str(),
            at = off(a)
        ),
        ContactChange::Restored { number, at: a } => tr!(
            ui,
            "contact-change-restored",
            number = number.as_str(),
            at = at(a)
        ),
        ContactChange::MovedLostInterpreter {
            number,
            from,
            to,
            interpreter,
        } => tr!(
            ui,
            "contact-change-moved-lost-interpreter",
            number = number.as_str(),
            from = at(from),
            to = at(to),
            interpreter = interpreter.as_str()
        ),
    }
}

/// The records an event's codes are named from (`history`): all optional in effect — an id
/// that is not found (a removed interpreter, say) shows as itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Names<'a> {
    pub center: Option<&'a Center>,
    pub agencies: &'a [Agency],
    pub interpreters: &'a [Interpreter],
}

impl Names<'_> {
    /// An interpreter by name (their ID when unknown).
    pub fn interpreter(&self, id: &str) -> String {
        self.interpreters
            .iter()
            .find(|i| i.id == id)
            .map_or_else(|| id.to_string(), |i| i.name.clone())
    }
}

/// Where a booking is: `2027年1月2日(土) 13:00 宮城県行政書士会 枠1 ブース1（通訳 キム・ミンジュ・対面）`.
pub fn place(ui: Lang, names: &Names<'_>, p: &Place) -> String {
    let when = date_time(ui, p.start);
    let agency = agency_name(ui, names.agencies, &p.agency);
    let slot = slot_number(p.slot);
    match (&p.interpreter, p.mode) {
        (Some(i), Some(m)) => tr!(
            ui,
            "event-place-with",
            when = when,
            agency = agency,
            slot = slot,
            booth = p.booth,
            interpreter = names.interpreter(i),
            mode = mode_name(ui, m)
        ),
        _ => tr!(
            ui,
            "event-place",
            when = when,
            agency = agency,
            slot = slot,
            booth = p.booth
        ),
    }
}

/// Why a booking was released, as a phrase.
fn release(ui: Lang, names: &Names<'_>, why: &Release) -> String {
    match why {
        Release::Unplaced { reason } => code_word(ui, "reason", reason),
        Release::NoLongerFits => tr!(ui, "event-why-no-longer-fits"),
        Release::SessionCancelled => tr!(ui, "event-why-session-cancelled"),
        Release::SessionRemovedByImport => tr!(ui, "event-why-session-removed"),
        Release::InterpreterUnavailable { interpreter } => tr!(
            ui,
            "event-why-interpreter-unavailable",
            interpreter = names.interpreter(interpreter)
        ),
        Release::InterpreterDayOffInImport { interpreter } => tr!(
            ui,
            "event-why-interpreter-day-off",
            interpreter = names.interpreter(interpreter)
        ),
    }
}

/// One line of a request's history in `ui`: a typed event worded from the catalogue with
/// names, dates as staff write them and slots from 1; an older (untyped) event's English
/// detail as it was stored.
pub fn event(ui: Lang, names: &Names<'_>, e: &Event) -> String {
    let text = event_text(ui, names, e);
    match &e.by {
        Some(by) => tr!(ui, "event-by", text = text, by = by.as_str()),
        None => text,
    }
}

fn event_text(ui: Lang, names: &Names<'_>, e: &Event) -> String {
    let Some(what) = &e.what else {
        return e.detail.clone();
    };
    let at = |p: &Place| place(ui, names, p);
    let list = |items: &[String]| items.join(&tr!(ui, "event-list-sep"));
    match what {
        What::Received {
            imported,
            language,
            topic,
            priority,
        } => {
            let language = lang_name(ui, language);
            let topic = topic_name(ui, names.center, topic);
            let priority = code_word(ui, "priority", priority.code());
            if *imported {
                tr!(
                    ui,
                    "event-received-imported",
                    language = language,
                    topic = topic,
                    priority = priority
                )
            } else {
                tr!(
                    ui,
                    "event-received",
                    language = language,
                    topic = topic,
                    priority = priority
                )
            }
        }
        What::Placed { booking, at: p } => {
            tr!(ui, "event-placed", booking = booking.as_str(), at = at(p))
        }
        What::Replaced {
            booking,
            at: p,
            was,
        } => tr!(
            ui,
            "event-replaced",
            booking = booking.as_str(),
            at = at(p),
            was = at(was)
        ),
        What::Moved {
            booking,
            from,
            to,
            by_hand,
        } => {
            if *by_hand {
                tr!(
                    ui,
                    "event-moved-by-hand",
                    booking = booking.as_str(),
                    from = at(from),
                    to = at(to)
                )
            } else {
                tr!(
                    ui,
                    "event-moved",
                    booking = booking.as_str(),
                    from = at(from),
                    to = at(to)
                )
            }
        }
        What::Released {
            booking,
            at: p,
            why,
        } => tr!(
            ui,
            "event-released",
            booking = booking.as_str(),
            at = at(p),
            why = release(ui, names, why)
        ),
        What::Pinned { booking, at: p } => {
            tr!(ui, "event-pinned", booking = booking.as_str(), at = at(p))
        }
        What::Unpinned { booking, at: p } => {
            tr!(ui, "event-unpinned", booking = booking.as_str(), at = at(p))
        }
        What::Contacted { booking, contact } => tr!(
            ui,
            "event-contacted",
            booking = booking.as_str(),
            contact = contact.as_str()
        ),
        What::Edited { fields } => {
            let fields: Vec<String> = fields.iter().map(|f| code_word(ui, "field", f)).collect();
            tr!(ui, "event-edited", fields = list(&fields))
        }
        What::Cancelled {
            released,
            kept,
            reason,
            referred_to,
        } => {
            let booked = |bs: &[Booked]| {
                let each: Vec<String> = bs
                    .iter()
                    .map(|b| {
                        tr!(
                            ui,
                            "event-booked",
                            booking = b.booking.as_str(),
                            at = at(&b.at)
                        )
                    })
                    .collect();
                list(&each)
            };
            let mut parts = vec![if released.is_empty() {
                tr!(ui, "event-cancelled-waiting")
            } else {
                tr!(ui, "event-cancelled-released", bookings = booked(released))
            }];
            if !kept.is_empty() {
                parts.push(tr!(ui, "event-cancelled-kept", bookings = booked(kept)));
            }
            if let Some(text) = reason {
                parts.push(tr!(ui, "event-cancelled-reason", text = text.as_str()));
            }
            if let Some(text) = referred_to {
                parts.push(tr!(ui, "event-cancelled-referred", text = text.as_str()));
            }
            parts.join(&tr!(ui, "event-sentence-sep"))
        }
    }
}

/// A local date and time without seconds: `2026年12月20日(日) 13:00` / `Sun 20 Dec 2026 13:00`.
pub fn date_time(ui: Lang, t: NaiveDateTime) -> String {
    format!("{} {}", date(ui, t.date()), t.format("%H:%M"))
}

/// A start and end on one day: `2026年12月20日(日) 13:00-13:30`.
pub fn date_span(ui: Lang, start: NaiveDateTime, end: NaiveDateTime) -> String {
    format!(
        "{} {}-{}",
        date(ui, start.date()),
        start.format("%H:%M"),
        end.format("%H:%M")
    )
}

/// An instant on the center's wall clock (history, contact items), without seconds.
pub fn instant(ui: Lang, at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    date_time(ui, at.with_timezone(&tz).naive_local())
}

/// A time zone as people say it, its UTC offset at `at`: `フィリピン時間（UTC+8）` /
/// `Philippine time (UTC+8)`; a zone not in [`zones::ZONES`] is its offset with the IANA
/// name in brackets (`UTC+5:45（Asia/Foo）`), a name chrono cannot read is shown as written.
pub fn zone(ui: Lang, zone: &str, at: DateTime<Utc>) -> String {
    use chrono::Offset;
    let Ok(tz) = zone.trim().parse::<chrono_tz::Tz>() else {
        return zone.to_string();
    };
    let offset = zones::offset(at.with_timezone(&tz).offset().fix().local_minus_utc());
    match zones::known(zone, ui != Lang::En) {
        Some(name) => tr!(ui, "words-zone", name = name, offset = offset),
        None => tr!(ui, "words-zone-other", offset = offset, zone = zone.trim()),
    }
}

/// [`zone`] for a wall-clock time on that zone's own clock (a substitute's local start).
pub fn zone_local(ui: Lang, name: &str, local: NaiveDateTime) -> String {
    use chrono::TimeZone;
    let at = name
        .trim()
        .parse::<chrono_tz::Tz>()
        .ok()
        .and_then(|tz| tz.from_local_datetime(&local).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc());
    zone(ui, name, at)
}

/// The slot number people read: 1-based (the store and JSON keep the 0-based index).
pub fn slot_number(index: u32) -> u32 {
    index + 1
}

/// Display width in a terminal: East Asian wide and fullwidth characters take two columns.
/// A small table instead of a dependency: the ranges soudan's texts use (kana, CJK, Hangul,
/// fullwidth forms).
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0x303E).contains(&c)
                || (0x3041..=0x33FF).contains(&c)
                || (0x3400..=0x4DBF).contains(&c)
                || (0x4E00..=0x9FFF).contains(&c)
                || (0xA000..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFE30..=0xFE4F).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// `s` padded with spaces to `w` display columns (left-aligned).
pub fn pad(s: &str, w: usize) -> String {
    let n = width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

/// `s` padded on the left to `w` display columns (right-aligned, for numbers).
pub fn rpad(s: &str, w: usize) -> String {
    let n = width(s);
    format!("{}{s}", " ".repeat(w.saturating_sub(n)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alloc::Reason;
    use crate::model::{BookingStatus, EventKind, Priority, RequestStatus};

    #[test]
    fn zones_are_said_as_people_say_them_with_the_offset_of_the_day() {
        let dec = "2026-12-15T03:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let jul = "2026-07-15T03:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            zone(Lang::Ja, "Asia/Manila", dec),
            "フィリピン時間（UTC+8）"
        );
        assert_eq!(
            zone(Lang::En, "Asia/Manila", dec),
            "Philippine time (UTC+8)"
        );
        assert_eq!(
            zone(Lang::Ja, "America/Sao_Paulo", dec),
            "サンパウロ時間（UTC-3）"
        );
        assert_eq!(
            zone(Lang::Ja, "Asia/Kathmandu", dec),
            "ネパール時間（UTC+5:45）"
        );
        // Summer time moves the offset, not the name.
        assert_eq!(
            zone(Lang::Ja, "Europe/Lisbon", dec),
            "ポルトガル時間（UTC+0）"
        );
        assert_eq!(
            zone(Lang::Ja, "Europe/Lisbon", jul),
            "ポルトガル時間（UTC+1）"
        );
        // A zone the table lacks: its offset, the IANA name only in brackets.
        assert_eq!(
            zone(Lang::Ja, "Pacific/Chatham", dec),
            "UTC+13:45（Pacific/Chatham）"
        );
        assert_eq!(
            zone(Lang::En, "America/Havana", dec),
            "UTC-5 (America/Havana)"
        );
        // Unreadable: as written, never empty.
        assert_eq!(zone(Lang::Ja, "Mars/Base", dec), "Mars/Base");
        let local = NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert_eq!(
            zone_local(Lang::Ja, "Europe/Lisbon", local),
            "ポルトガル時間（UTC+1）"
        );
    }

    #[test]
    fn every_table_zone_is_a_zone_chrono_reads() {
        for (iana, ja, en) in zones::ZONES {
            assert!(iana.parse::<chrono_tz::Tz>().is_ok(), "{iana}");
            assert!(
                !ja.is_empty() && !en.is_empty() && !ja.contains('/'),
                "{iana}"
            );
        }
    }

    #[test]
    fn call_list_changes_are_told_in_the_reader_language() {
        let data = crate::sample::load(crate::model::Month::new(2026, 12).unwrap()).unwrap();
        let at = |h: u32, mode| Appointment {
            start: NaiveDate::from_ymd_opt(2026, 12, 5)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap(),
            agency: "scriveners".into(),
            mode,
        };
        let moved = ContactChange::Moved {
            number: "B-00008".into(),
            from: at(13, Some(Mode::InPerson)),
            to: at(15, None),
        };
        let ja = contact_change(Lang::Ja, &data.agencies, &moved);
        assert_eq!(
            ja,
            "B-00008: 2026年12月5日(土) 13:00 宮城県行政書士会（対面） から \
             2026年12月5日(土) 15:00 宮城県行政書士会（通訳不要） に変更"
        );
        let en = contact_change(Lang::En, &data.agencies, &moved);
        assert!(
            en.starts_with("B-00008: moved from Sat 5 Dec 2026 13:00"),
            "{en}"
        );
        assert!(en.contains("no interpreter needed"), "{en}");
        // A sentence stored before changes were typed is shown as it was.
        let old = ContactChange::Text("B-1: new appointment".into());
        assert_eq!(
            contact_change(Lang::Ja, &data.agencies, &old),
            "B-1: new appointment"
        );
    }

    #[test]
    fn history_events_are_told_with_names_dates_and_slots_from_one() {
        let data = crate::sample::load(crate::model::Month::new(2026, 12).unwrap()).unwrap();
        let interpreter = &data.interpreters[0];
        let p = Place {
            session: "scriveners-2026-12-05".into(),
            agency: "scriveners".into(),
            slot: 0,
            start: NaiveDate::from_ymd_opt(2026, 12, 5)
                .unwrap()
                .and_hms_opt(13, 0, 0)
                .unwrap(),
            booth: 2,
            interpreter: Some(interpreter.id.clone()),
            mode: Some(Mode::InPerson),
        };
        let names = Names {
            center: Some(&data.center),
            agencies: &data.agencies,
            interpreters: &data.interpreters,
        };
        let at = chrono::DateTime::<chrono::Utc>::from_timestamp(1_790_000_000, 0).unwrap();
        let e = Event::typed(
            at,
            "R-0001",
            What::Released {
                booking: "B-00008".into(),
                at: p.clone(),
                why: Release::InterpreterUnavailable {
                    interpreter: interpreter.id.clone(),
                },
            },
        );
        let ja = event(Lang::Ja, &names, &e);
        assert!(
            ja.starts_with("B-00008（2026年12月5日(土) 13:00 宮城県行政書士会 枠1 ブース2（通訳 "),
            "{ja}"
        );
        assert!(ja.contains(&interpreter.name), "{ja}");
        assert!(!ja.contains(&interpreter.id), "{ja}");
        let en = event(Lang::En, &names, &e);
        assert!(en.contains("slot 1 booth 2"), "{en}");
        // Every payload has words in both languages (no key shows as itself).
        let whats = [
            What::Received {
                imported: true,
                language: "vi".into(),
                topic: "labour".into(),
                priority: Priority::High,
            },
            What::Placed {
                booking: "B-1".into(),
                at: p.clone(),
            },
            What::Replaced {
                booking: "B-1".into(),
                at: p.clone(),
                was: p.clone(),
            },
            What::Moved {
                booking: "B-1".into(),
                from: p.clone(),
                to: p.clone(),
                by_hand: true,
            },
            What::Pinned {
                booking: "B-1".into(),
                at: p.clone(),
            },
            What::Unpinned {
                booking: "B-1".into(),
                at: p.clone(),
            },
            What::Contacted {
                booking: "B-1".into(),
                contact: "C-1".into(),
            },
            What::Edited {
                fields: vec!["deadline".into(), "summary".into()],
            },
            What::Cancelled {
                released: vec![Booked {
                    booking: "B-1".into(),
                    at: p.clone(),
                }],
                kept: vec![Booked {
                    booking: "B-2".into(),
                    at: p.clone(),
                }],
                reason: Some("本人の希望".into()),
                referred_to: Some("法テラス".into()),
            },
        ];
        let whys = [
            Release::Unplaced {
                reason: "capacity".into(),
            },
            Release::NoLongerFits,
            Release::SessionCancelled,
            Release::SessionRemovedByImport,
            Release::InterpreterDayOffInImport {
                interpreter: "x".into(),
            },
        ];
        let all = whats
            .into_iter()
            .chain(whys.into_iter().map(|why| What::Released {
                booking: "B-1".into(),
                at: p.clone(),
                why,
            }));
        for w in all {
            let e = Event::typed(at, "R-1", w);
            for ui in Lang::STAFF {
                let text = event(ui, &names, &e);
                assert!(!text.contains("event-"), "{text}");
                assert!(!text.contains("cli-"), "{text}");
            }
        }
        // Every intake column but the id has a field name.
        for f in crate::import::REQUEST_COLUMNS
            .iter()
            .copied()
            .filter(|c| *c != "id")
        {
            assert_ne!(code_word(Lang::Ja, "field", f), f);
            assert!(i18n::has(Lang::En, &format!("cli-field-{f}")), "{f}");
        }
    }

    #[test]
    fn dates_read_as_people_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 20).unwrap();
        assert_eq!(date(Lang::Ja, d), "2026年12月20日(日)");
        assert_eq!(date(Lang::En, d), "Sun 20 Dec 2026");
        let t = d.and_hms_opt(13, 0, 0).unwrap();
        let e = d.and_hms_opt(16, 0, 0).unwrap();
        assert_eq!(date_span(Lang::Ja, t, e), "2026年12月20日(日) 13:00-16:00");
        assert_eq!(slot_number(0), 1);
    }

    #[test]
    fn date_ranges_name_year_and_month_once() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (a, b) = (d("2026-12-14"), d("2026-12-31"));
        assert_eq!(date_range(Lang::Ja, a, b), "2026年12月14日～31日");
        assert_eq!(date_range(Lang::En, a, b), "14–31 Dec 2026");
        let (a, b) = (d("2026-11-28"), d("2026-12-03"));
        assert_eq!(date_range(Lang::Ja, a, b), "2026年11月28日～12月3日");
        assert_eq!(date_range(Lang::En, a, b), "28 Nov – 3 Dec 2026");
        let (a, b) = (d("2026-12-30"), d("2027-01-02"));
        assert_eq!(date_range(Lang::Ja, a, b), "2026年12月30日～2027年1月2日");
        assert_eq!(date_range(Lang::En, a, b), "30 Dec 2026 – 2 Jan 2027");
        assert_eq!(date_range(Lang::Ja, a, a), "2026年12月30日(水)");
        assert_eq!(weekday(Lang::Ja, chrono::Weekday::Sat), "土");
        assert_eq!(weekday(Lang::En, chrono::Weekday::Sat), "Sat");
    }

    #[test]
    fn japanese_characters_take_two_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("待ち"), 4);
        assert_eq!(pad("待ち", 6), "待ち  ");
        assert_eq!(rpad("5", 3), "  5");
    }

    /// Every code of the closed vocabularies has a word in both staff languages, and no
    /// Japanese word is the bare code.
    #[test]
    fn every_code_has_a_word() {
        let mut codes: Vec<(&str, String)> = Vec::new();
        for r in Reason::ALL {
            codes.push(("reason", r.code().to_string()));
        }
        codes.push(("reason", "not_allocated".to_string()));
        codes.push(("reason", "no_session_left_this_month".to_string()));
        for s in [
            RequestStatus::Waiting,
            RequestStatus::Booked,
            RequestStatus::Cancelled,
        ] {
            codes.push(("status", s.code().to_string()));
        }
        for b in [BookingStatus::Confirmed, BookingStatus::Cancelled] {
            codes.push(("booking", b.code().to_string()));
        }
        for p in [Priority::Normal, Priority::High, Priority::Urgent] {
            codes.push(("priority", p.code().to_string()));
        }
        for k in EventKind::KNOWN {
            codes.push(("event", k.code().to_string()));
        }
        for lang in Lang::STAFF {
            for (kind, code) in &codes {
                let key = format!("cli-{kind}-{code}");
                assert!(i18n::has(lang, &key), "{} lacks {key}", lang.code());
                if lang == Lang::Ja {
                    assert_ne!(&code_word(lang, kind, code), code);
                }
            }
        }
        assert!(reason(Lang::Ja, "capacity").ends_with("（capacity）"));
        assert!(reason(Lang::En, "capacity").ends_with(" (capacity)"));
        assert!(
            reason(Lang::Ja, "no_interpreter_for_language").contains("通訳"),
            "{}",
            reason(Lang::Ja, "no_interpreter_for_language")
        );
    }

    #[test]
    fn windows_read_as_days_and_times_not_codes() {
        use crate::model::RequestWindow;
        use chrono::{NaiveTime, Weekday};
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        let w = vec![
            RequestWindow::Weekly {
                day: Weekday::Sat,
                times: Some((t(10), t(17))),
            },
            RequestWindow::Date {
                date: NaiveDate::from_ymd_opt(2027, 1, 5).unwrap(),
                times: None,
            },
        ];
        assert_eq!(
            windows(Lang::Ja, Some(&w)),
            "土曜 10:00～17:00、2027年1月5日(火)"
        );
        assert_eq!(
            windows(Lang::En, Some(&w)),
            "Sat 10:00–17:00, Tue 5 Jan 2027"
        );
        assert_eq!(windows(Lang::Ja, None), "いつでも可");
        assert_eq!(windows(Lang::En, Some(&[])), "any time");
    }
}
