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
    Agency, Appointment, Center, ContactChange, Interpreter, Mode, Trouble, language,
};
use crate::tr;
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

/// One line of the call list: what to tell the resident about one booking.
pub fn contact_change(ui: Lang, agencies: &[Agency], c: &ContactChange) -> String {
    let at = |a: &Appointment| appointment(ui, agencies, a);
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
            at = at(a)
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
            at = at(a)
        ),
        ContactChange::WaitingAgain { number, at: a } => tr!(
            ui,
            "contact-change-waiting-again",
            number = number.as_str(),
            at = at(a)
        ),
        ContactChange::Rearranging { number, at: a } => tr!(
            ui,
            "contact-change-rearranging",
            number = number.as_str(),
            at = at(a)
        ),
        ContactChange::Restored { number, at: a } => tr!(
            ui,
            "contact-change-restored",
            number = number.as_str(),
            at = at(a)
        ),
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
}
