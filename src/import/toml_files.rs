//! `center.toml` and `agencies.toml`.

use super::error::{Msg, Sink};
use super::fields::{self, limit};
use crate::model::{
    Agency, Center, ClosedDays, ExtraSession, Mode, Month, OnClosed, SessionPattern, Topic,
    WeightPolicy, language, parse_tz,
};
use crate::model::{nth_weekday, pattern_date};
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::Deserialize;
use toml::Spanned;

/// A TOML file's text with its line starts, so each `file:line` is a binary search rather
/// than a count from the top (which made a file with many keys quadratic).
struct Text<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Text<'a> {
    fn new(text: &'a str) -> Text<'a> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Text { text, line_starts }
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.text
    }
}

/// 1-based line of byte `offset`.
fn line_of(text: &Text, offset: usize) -> usize {
    text.line_starts.partition_point(|&s| s <= offset).max(1)
}

/// Reports a TOML syntax or shape error, naming the field when serde names it.
fn toml_error(sink: &mut Sink, text: &Text, e: &toml::de::Error) {
    let line = e.span().map_or(0, |s| line_of(text, s.start));
    let message = e.message().trim().to_string();
    let field = ["missing field `", "unknown field `", "duplicate key `"]
        .iter()
        .find_map(|p| {
            message
                .split_once(p)
                .and_then(|(_, rest)| rest.split_once('`'))
                .map(|(f, _)| f.to_string())
        })
        .or_else(|| e.span().and_then(|s| key_at(text, s.start)))
        .unwrap_or_else(|| "toml".to_string());
    sink.push(line, &field, message);
}

/// The key of the `key = value` line holding `offset`, so a type error names the key it is
/// about (`slot_minutes: invalid type ...`) rather than `toml`.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(start..)?.lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'))
    .then(|| key.to_string())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CenterFile {
    reference_month: Option<Spanned<String>>,
    center: RawCenter,
    #[serde(default)]
    topic: Vec<Spanned<RawTopic>>,
    weights: Option<Spanned<WeightPolicy>>,
    closed: Option<RawClosed>,
}

/// `[closed]`: the center's closed days (see [`crate::model::ClosedDays`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClosed {
    /// `true` (12/29–1/3, the default), `false` (open), or `["12-28", "01-04"]`.
    year_end: Option<Spanned<toml::Value>>,
    national_holidays: Option<bool>,
    #[serde(default)]
    dates: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCenter {
    name_ja: Spanned<String>,
    name_en: Spanned<String>,
    address: Option<Spanned<String>>,
    timezone: Option<Spanned<String>>,
    languages: Option<Vec<Spanned<String>>>,
    lead_days: Option<Spanned<i64>>,
    /// For residents' slips (see [`crate::model::CenterInfo`]).
    phone: Option<Spanned<String>>,
    access: Option<Spanned<String>>,
    hours: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: Spanned<String>,
    name_ja: String,
    name_en: String,
}

pub struct CenterConfig {
    pub center: Center,
    pub reference_month: Option<Month>,
    pub weights: WeightPolicy,
    /// Whole days between today and the first date allocation may book (see
    /// [`crate::model::DEFAULT_LEAD_DAYS`]).
    pub lead_days: u32,
    /// Phone, access and hours for residents' slips.
    pub info: crate::model::CenterInfo,
    /// `language`: the staff default language (ja or en; default ja).
    pub language: crate::i18n::Lang,
}

/// A free-text value checked against its length limit, reported at its own line.
fn checked_text(
    sink: &mut Sink,
    text: &Text,
    field: &str,
    value: Spanned<String>,
    max: usize,
    required: bool,
) -> String {
    let line = line_of(text, value.span().start);
    sink.check(
        line,
        field,
        fields::text(value.get_ref(), max, false, required),
    )
    .unwrap_or_default()
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

pub fn center(source: &str, sink: &mut Sink) -> Option<CenterConfig> {
    let text = &Text::new(source);
    let raw: CenterFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            toml_error(sink, text, &e);
            return None;
        }
    };
    let before = sink.errors.len();
    let name_ja = checked_text(sink, text, "name_ja", raw.center.name_ja, limit::NAME, true);
    let name_en = checked_text(sink, text, "name_en", raw.center.name_en, limit::NAME, true);
    let address = raw.center.address.map_or_else(String::new, |a| {
        checked_text(sink, text, "address", a, limit::ADDRESS, false)
    });
    let mut info_field = |field: &str, value: Option<Spanned<String>>| {
        value.map_or_else(String::new, |v| {
            checked_text(sink, text, field, v, limit::ADDRESS, false)
        })
    };
    let info = crate::model::CenterInfo {
        phone: info_field("phone", raw.center.phone),
        access: info_field("access", raw.center.access),
        hours: info_field("hours", raw.center.hours),
    };
    let reference_month = raw.reference_month.and_then(|m| {
        let line = line_of(text, m.span().start);
        sink.check(
            line,
            "reference_month",
            m.get_ref().parse::<Month>().map_err(|e| e.to_string()),
        )
    });
    let timezone = match raw.center.timezone {
        Some(tz) => {
            let line = line_of(text, tz.span().start);
            sink.check(line, "timezone", timezone(tz.get_ref()).map(|_| ()));
            tz.into_inner()
        }
        None => "Asia/Tokyo".to_string(),
    };
    let languages = match raw.center.languages {
        Some(list) => list
            .into_iter()
            .filter_map(|l| {
                let line = line_of(text, l.span().start);
                sink.check(line, "languages", known_language(l.get_ref()))
            })
            .collect(),
        None => vec!["ja".to_string()],
    };
    let lead_days = match &raw.center.lead_days {
        Some(d) => {
            let line = line_of(text, d.span().start);
            sink.check(
                line,
                "lead_days",
                u32::try_from(*d.get_ref())
                    .ok()
                    .filter(|d| *d <= crate::model::MAX_LEAD_DAYS)
                    .ok_or_else(|| {
                        Msg::new("import-lead-days")
                            .arg("value", d.get_ref())
                            .arg("max", crate::model::MAX_LEAD_DAYS)
                    }),
            )
            .unwrap_or(crate::model::DEFAULT_LEAD_DAYS)
        }
        None => crate::model::DEFAULT_LEAD_DAYS,
    };
    // The staff default language: staff texts exist in ja and en only, so a resident language
    // here is refused rather than silently mapped.
    let language = match &raw.center.language {
        Some(l) => {
            let line = line_of(text, l.span().start);
            sink.check(
                line,
                "language",
                crate::i18n::Lang::parse(l.get_ref())
                    .ok()
                    .filter(|lang| lang.is_staff())
                    .ok_or_else(|| {
                        format!(
                            "`{}` is not a staff language (expected ja or en)",
                            l.get_ref()
                        )
                    }),
            )
            .unwrap_or(crate::i18n::Lang::Ja)
        }
        None => crate::i18n::Lang::Ja,
    };
    let mut topics: Vec<Topic> = Vec::new();
    for t in raw.topic {
        let line = line_of(text, t.span().start);
        let t = t.into_inner();
        for (field, value) in [("name_ja", &t.name_ja), ("name_en", &t.name_en)] {
            sink.check(line, field, fields::text(value, limit::NAME, false, true));
        }
        // Id errors point at the `id = ` line, not the `[[topic]]` header.
        let line = line_of(text, t.id.span().start);
        let id = t.id.into_inner();
        if !is_slug(&id) {
            sink.push(
                line,
                "id",
                Msg::new("import-not-topic-id").arg("value", &id),
            );
        } else if topics.iter().any(|o| o.id == id) {
            sink.push(
                line,
                "id",
                Msg::new("import-duplicate-topic").arg("id", &id),
            );
        }
        topics.push(Topic {
            id,
            name_ja: t.name_ja,
            name_en: t.name_en,
        });
    }
    if topics.is_empty() {
        sink.push(0, "topic", Msg::new("import-no-topic"));
    }
    let weights = match raw.weights {
        Some(w) => {
            let line = line_of(text, w.span().start);
            let w = w.into_inner();
            sink.check(line, "weights", w.validate());
            w
        }
        None => WeightPolicy::default(),
    };
    let closed = raw
        .closed
        .map_or_else(ClosedDays::default, |c| closed_days(sink, text, c));
    (sink.errors.len() == before).then_some(CenterConfig {
        center: Center {
            name_ja,
            name_en,
            address,
            timezone,
            languages,
            topics,
            closed,
        },
        reference_month,
        weights,
        lead_days,
        info,
        language,
    })
}

/// `[closed]` read, each problem reported at its line.
fn closed_days(sink: &mut Sink, text: &Text, raw: RawClosed) -> ClosedDays {
    let mut closed = ClosedDays::default();
    if let Some(v) = raw.year_end {
        let line = line_of(text, v.span().start);
        let month_day = |s: &str| {
            let (m, d) = s.trim().split_once(['-', '/'])?;
            let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
            // Any year with a 2/29 tells whether the day exists.
            NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
        };
        let read = match v.get_ref() {
            toml::Value::Boolean(true) => Some(Some(crate::model::YEAR_END)),
            toml::Value::Boolean(false) => Some(None),
            toml::Value::Array(a) if a.len() == 2 => {
                match (
                    a[0].as_str().and_then(month_day),
                    a[1].as_str().and_then(month_day),
                ) {
                    (Some(from), Some(to)) => Some(Some((from, to))),
                    _ => None,
                }
            }
            _ => None,
        };
        match read {
            Some(y) => closed.year_end = y,
            None => sink.push(
                line,
                "year_end",
                Msg::new("import-closed-year-end").arg("value", v.get_ref().to_string()),
            ),
        }
    }
    if let Some(h) = raw.national_holidays {
        closed.national_holidays = h;
    }
    for d in raw.dates {
        let line = line_of(text, d.span().start);
        if let Some(date) = sink.check(line, "dates", fields::date(&fields::normalise(d.get_ref())))
            && !closed.dates.contains(&date)
        {
            closed.dates.push(date);
        }
    }
    closed.dates.sort();
    closed
}

/// An IANA zone name, refused with the catalogue's message.
pub fn timezone(name: &str) -> Result<chrono_tz::Tz, Msg> {
    parse_tz(name).map_err(|_| Msg::new("import-unknown-timezone").arg("value", name.trim()))
}

pub fn known_language(code: &str) -> Result<String, Msg> {
    language(code)
        .map(|l| l.code.to_string())
        .ok_or_else(|| Msg::new("import-unknown-language").arg("value", code))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgenciesFile {
    #[serde(default)]
    agency: Vec<Spanned<RawAgency>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgency {
    id: Spanned<String>,
    name_ja: Spanned<String>,
    name_en: Spanned<String>,
    topics: Vec<Spanned<String>>,
    languages: Vec<Spanned<String>>,
    #[serde(default)]
    show_personal_details: bool,
    #[serde(default)]
    session: Vec<Spanned<RawSession>>,
    #[serde(default)]
    extra: Vec<Spanned<RawExtra>>,
    #[serde(default)]
    cancelled: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    week: Spanned<i64>,
    weekday: Spanned<String>,
    start: Spanned<String>,
    end: Spanned<String>,
    slot_minutes: Spanned<i64>,
    booths: Spanned<i64>,
    modes: Spanned<Vec<String>>,
    /// `skip` (the default) or `next_open`.
    on_closed: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExtra {
    date: Spanned<String>,
    start: Spanned<String>,
    end: Spanned<String>,
    slot_minutes: Option<Spanned<i64>>,
    booths: Option<Spanned<i64>>,
    modes: Option<Spanned<Vec<String>>>,
}

/// Lines of the fields of a session, for messages.
struct Lines {
    start: usize,
    end: usize,
    slot_minutes: usize,
    booths: usize,
    modes: usize,
}

/// Checks the shape every session shares: times, slot length, booths, modes.
fn session_shape(
    sink: &mut Sink,
    lines: &Lines,
    start: &str,
    end: &str,
    slot_minutes: i64,
    booths: i64,
    modes: &[String],
) -> Option<(NaiveTime, NaiveTime, u32, u32, Vec<Mode>)> {
    let before = sink.errors.len();
    let start = sink.check(
        lines.start,
        "start",
        fields::time(start, false).map(|t| t.0),
    );
    let end = sink.check(lines.end, "end", fields::time(end, false).map(|t| t.0));
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        sink.push(
            lines.end,
            "end",
            Msg::new("import-session-ends-before-start")
                .arg("end", e.format("%H:%M"))
                .arg("start", s.format("%H:%M")),
        );
    }
    let (slots, rooms) = (crate::model::SLOT_MINUTES, crate::model::BOOTHS);
    if !(i64::from(*slots.start())..=i64::from(*slots.end())).contains(&slot_minutes) {
        sink.push(
            lines.slot_minutes,
            "slot_minutes",
            Msg::new("import-slot-minutes-range")
                .arg("value", slot_minutes)
                .arg("min", slots.start())
                .arg("max", slots.end()),
        );
    } else if let (Some(s), Some(e)) = (start, end)
        && e > s
        && (e - s).num_minutes() < slot_minutes
    {
        sink.push(
            lines.slot_minutes,
            "slot_minutes",
            Msg::new("import-slot-longer-than-session")
                .arg("slot", slot_minutes)
                .arg("session", (e - s).num_minutes()),
        );
    }
    if !(i64::from(*rooms.start())..=i64::from(*rooms.end())).contains(&booths) {
        sink.push(
            lines.booths,
            "booths",
            Msg::new("import-out-of-range")
                .arg("value", booths)
                .arg("min", rooms.start())
                .arg("max", rooms.end()),
        );
    }
    let modes = sink.check(lines.modes, "modes", fields::modes(&modes.join(";")));
    (sink.errors.len() == before).then(|| {
        (
            start.unwrap_or_default(),
            end.unwrap_or_default(),
            slot_minutes as u32,
            booths as u32,
            modes.unwrap_or_default(),
        )
    })
}

pub fn agencies(source: &str, center: Option<&Center>, sink: &mut Sink) -> Vec<Agency> {
    let text = &Text::new(source);
    let raw: AgenciesFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            toml_error(sink, text, &e);
            return Vec::new();
        }
    };
    if raw.agency.is_empty() {
        sink.push(0, "agency", Msg::new("import-no-agency"));
    }
    let mut out: Vec<Agency> = Vec::new();
    for a in raw.agency {
        let line = line_of(text, a.span().start);
        let a = a.into_inner();
        // Errors about the id point at the `id = ` line, not the `[[agency]]` header.
        let id_line = line_of(text, a.id.span().start);
        let agency_id = a.id.get_ref().clone();
        let name_ja = checked_text(sink, text, "name_ja", a.name_ja.clone(), limit::NAME, true);
        let name_en = checked_text(sink, text, "name_en", a.name_en.clone(), limit::NAME, true);
        if !is_slug(&agency_id) {
            sink.push(
                id_line,
                "id",
                Msg::new("import-not-agency-id").arg("value", &agency_id),
            );
        } else if out.iter().any(|o| o.id == agency_id) {
            sink.push(
                id_line,
                "id",
                Msg::new("import-duplicate-agency").arg("id", &agency_id),
            );
        }
        let mut topics = Vec::new();
        for t in &a.topics {
            let tl = line_of(text, t.span().start);
            if let Some(c) = center
                && c.topic(t.get_ref()).is_none()
            {
                sink.push(
                    tl,
                    "topics",
                    Msg::new("import-unknown-topic").arg("value", t.get_ref()),
                );
            }
            topics.push(t.get_ref().clone());
        }
        if topics.is_empty() {
            sink.push(line, "topics", Msg::new("import-agency-topics-empty"));
        }
        let languages: Vec<String> = a
            .languages
            .iter()
            .filter_map(|l| {
                let ll = line_of(text, l.span().start);
                sink.check(ll, "languages", known_language(l.get_ref()))
            })
            .collect();
        // Extras inherit omitted fields from the first pattern as written, valid or not, so an
        // error in the pattern is reported once, not again for every extra.
        let inherited = a.session.first().map(|s| {
            let s = s.get_ref();
            (
                *s.slot_minutes.get_ref(),
                *s.booths.get_ref(),
                s.modes.get_ref().clone(),
            )
        });
        let declared_patterns = a.session.len();
        let mut patterns = Vec::new();
        for s in a.session {
            let s = s.into_inner();
            let at = |off: usize| line_of(text, off);
            let lines = Lines {
                start: at(s.start.span().start),
                end: at(s.end.span().start),
                slot_minutes: at(s.slot_minutes.span().start),
                booths: at(s.booths.span().start),
                modes: at(s.modes.span().start),
            };
            let week = *s.week.get_ref();
            if !(week == -1 || (1..=5).contains(&week)) {
                sink.push(
                    at(s.week.span().start),
                    "week",
                    Msg::new("import-not-week").arg("value", week),
                );
            }
            let weekday = sink.check(
                at(s.weekday.span().start),
                "weekday",
                fields::weekday(&fields::normalise(s.weekday.get_ref()))
                    .ok_or_else(|| Msg::new("import-not-day").arg("value", s.weekday.get_ref())),
            );
            let on_closed = match &s.on_closed {
                Some(v) => sink
                    .check(
                        at(v.span().start),
                        "on_closed",
                        OnClosed::from_code(v.get_ref().trim()).ok_or_else(|| {
                            Msg::new("import-not-on-closed").arg("value", v.get_ref())
                        }),
                    )
                    .unwrap_or_default(),
                None => OnClosed::default(),
            };
            if let (Some(shape), Some(weekday)) = (
                session_shape(
                    sink,
                    &lines,
                    s.start.get_ref(),
                    s.end.get_ref(),
                    *s.slot_minutes.get_ref(),
                    *s.booths.get_ref(),
                    s.modes.get_ref(),
                ),
                weekday,
            ) {
                patterns.push(SessionPattern {
                    week: week.clamp(-1, 5) as i8,
                    weekday,
                    start: shape.0,
                    end: shape.1,
                    slot_minutes: shape.2,
                    booths: shape.3,
                    modes: shape.4,
                    on_closed,
                });
            }
        }
        let mut extras = Vec::new();
        for e in a.extra {
            let el = line_of(text, e.span().start);
            let e = e.into_inner();
            let at = |off: usize| line_of(text, off);
            let lines = Lines {
                start: at(e.start.span().start),
                end: at(e.end.span().start),
                slot_minutes: e.slot_minutes.as_ref().map_or(el, |x| at(x.span().start)),
                booths: e.booths.as_ref().map_or(el, |x| at(x.span().start)),
                modes: e.modes.as_ref().map_or(el, |x| at(x.span().start)),
            };
            let slot_minutes = e
                .slot_minutes
                .map(Spanned::into_inner)
                .or(inherited.as_ref().map(|i| i.0))
                .unwrap_or(0);
            let booths = e
                .booths
                .map(Spanned::into_inner)
                .or(inherited.as_ref().map(|i| i.1))
                .unwrap_or(0);
            let modes = e
                .modes
                .map(Spanned::into_inner)
                .or(inherited.as_ref().map(|i| i.2.clone()))
                .unwrap_or_default();
            let date = sink.check(
                at(e.date.span().start),
                "date",
                fields::date(e.date.get_ref()),
            );
            if let Some(d) = date {
                sink.in_month(at(e.date.span().start), "extra", d, 0);
            }
            if let (Some(shape), Some(date)) = (
                session_shape(
                    sink,
                    &lines,
                    e.start.get_ref(),
                    e.end.get_ref(),
                    slot_minutes,
                    booths,
                    &modes,
                ),
                date,
            ) {
                extras.push(ExtraSession {
                    date,
                    start: shape.0,
                    end: shape.1,
                    slot_minutes: shape.2,
                    booths: shape.3,
                    modes: shape.4,
                });
            }
        }
        let cancelled = a
            .cancelled
            .iter()
            .filter_map(|d| {
                let dl = line_of(text, d.span().start);
                let date = sink.check(dl, "cancelled", fields::date(d.get_ref()))?;
                sink.in_month(dl, "cancelled", date, 0);
                // A date no pattern produces cancels nothing: the session the coordinator
                // meant (usually a typo'd day) would silently stay.
                // (Either the pattern's own date or, on a closed day, the day it moves to.)
                let produced = patterns.iter().any(|p: &SessionPattern| {
                    let month = Month::of(date);
                    nth_weekday(month, p.week, p.weekday) == Some(date)
                        || center.is_some_and(|c| pattern_date(p, month, &c.closed) == Some(date))
                });
                // Only judged when every pattern is valid (an invalid one is reported already).
                if !produced && patterns.len() == declared_patterns {
                    sink.push(
                        dl,
                        "cancelled",
                        Msg::new("import-cancelled-not-a-session-date")
                            .arg("date", date)
                            .arg("weekday", crate::model::weekday_code(date.weekday())),
                    );
                }
                Some(date)
            })
            .collect();
        out.push(Agency {
            id: agency_id,
            name_ja,
            name_en,
            topics,
            languages,
            show_personal_details: a.show_personal_details,
            patterns,
            extras,
            cancelled,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::import::ImportError;

    const CENTER: &str = "[center]\nname_ja = \"センター\"\nname_en = \"Center\"\n\
                          timezone = \"Asia/Tokyo\"\nlanguages = [\"ja\"]\n\n\
                          [[topic]]\nid = \"tax\"\nname_ja = \"税\"\nname_en = \"Tax\"\n";

    fn read_center(text: &str) -> (Option<CenterConfig>, Vec<ImportError>) {
        let mut errors = Vec::new();
        let mut sink = Sink {
            file: "center.toml",
            errors: &mut errors,
            month: None,
            notes: Vec::new(),
        };
        let config = center(text, &mut sink);
        (config, errors)
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn closed_table_is_read_and_absent_means_the_default() {
        let (config, errors) = read_center(CENTER);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(config.unwrap().center.closed, ClosedDays::default());
        let text = format!(
            "{CENTER}\n[closed]\nnational_holidays = false\nyear_end = [\"12-28\", \"1/4\"]\n\
             dates = [\"2027-03-15\", \"2027/2/1\", \"2027-03-15\"]\n"
        );
        let (config, errors) = read_center(&text);
        assert!(errors.is_empty(), "{errors:?}");
        let closed = config.unwrap().center.closed;
        assert!(!closed.national_holidays);
        assert_eq!(closed.year_end, Some(((12, 28), (1, 4))));
        assert_eq!(closed.dates, [date("2027-02-01"), date("2027-03-15")]);
        let (config, _) = read_center(&format!("{CENTER}\n[closed]\nyear_end = false\n"));
        let closed = config.unwrap().center.closed;
        assert_eq!(closed.year_end, None);
        assert!(closed.national_holidays, "unset keys keep the default");
    }

    /// Every bad `[closed]` entry is refused at its own line, naming the field; nothing is
    /// imported.
    #[test]
    fn a_bad_closed_table_is_refused_with_line_and_field() {
        let base_lines = CENTER.lines().count() + 2; // blank line, then `[closed]`
        for (body, field, offset, words) in [
            ("year_end = [\"12-29\"]", "year_end", 1, "12-29"),
            ("year_end = [\"13-01\", \"01-03\"]", "year_end", 1, "13-01"),
            ("year_end = \"yes\"", "year_end", 1, "yes"),
            (
                "dates = [\"2027-01-05\", \"2027-02-30\"]",
                "dates",
                1,
                "2027-02-30",
            ),
            ("national_holidays = \"no\"", "national_holidays", 1, ""),
            ("holidays = true", "holidays", 1, ""),
        ] {
            let text = format!("{CENTER}\n[closed]\n{body}\n");
            let (config, errors) = read_center(&text);
            assert!(config.is_none(), "{body}: refused");
            assert_eq!(errors.len(), 1, "{body}: {errors:?}");
            let e = &errors[0];
            assert_eq!(
                (e.file.as_str(), e.line, e.field.as_str()),
                ("center.toml", base_lines + offset, field),
                "{body}: {errors:?}"
            );
            let shown = e.render(Lang::Ja);
            assert!(shown.starts_with("center.toml:"), "{shown}");
            assert!(shown.contains(words), "{body}: {shown}");
        }
    }

    #[test]
    fn on_closed_is_read_and_a_bad_value_refused_at_its_line() {
        let agencies = |on_closed: &str| {
            format!(
                "[[agency]]\nid = \"tax\"\nname_ja = \"税理士会\"\nname_en = \"Tax\"\n\
                 topics = [\"tax\"]\nlanguages = [\"ja\"]\n\n[[agency.session]]\nweek = 2\n\
                 weekday = \"mon\"\nstart = \"13:00\"\nend = \"16:00\"\nslot_minutes = 60\n\
                 booths = 1\nmodes = [\"in_person\"]\n{on_closed}"
            )
        };
        let center = read_center(CENTER).0.unwrap().center;
        let read = |text: &str| {
            let mut errors = Vec::new();
            let mut sink = Sink {
                file: "agencies.toml",
                errors: &mut errors,
                month: None,
                notes: Vec::new(),
            };
            let a = super::agencies(text, Some(&center), &mut sink);
            (a, errors)
        };
        let (a, errors) = read(&agencies(""));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(a[0].patterns[0].on_closed, OnClosed::Skip);
        let (a, errors) = read(&agencies("on_closed = \"next_open\"\n"));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(a[0].patterns[0].on_closed, OnClosed::NextOpen);
        let (_, errors) = read(&agencies("on_closed = \"move\"\n"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            (errors[0].line, errors[0].field.as_str()),
            (16, "on_closed")
        );
        assert!(errors[0].render(Lang::En).contains("next_open"));
    }

    /// `cancelled` accepts the day a pattern moved to (next_open) as well as its own date.
    #[test]
    fn cancelled_may_name_the_day_a_pattern_moved_to() {
        let center = read_center(CENTER).0.unwrap().center;
        // 2nd Monday of January 2027 is 1/11, 成人の日: next_open moves it to 1/12.
        let text = "[[agency]]\nid = \"tax\"\nname_ja = \"税理士会\"\nname_en = \"Tax\"\n\
                    topics = [\"tax\"]\nlanguages = [\"ja\"]\ncancelled = [\"2027-01-12\"]\n\n\
                    [[agency.session]]\nweek = 2\nweekday = \"mon\"\nstart = \"13:00\"\n\
                    end = \"16:00\"\nslot_minutes = 60\nbooths = 1\nmodes = [\"in_person\"]\n\
                    on_closed = \"next_open\"\n";
        let mut errors = Vec::new();
        let mut sink = Sink {
            file: "agencies.toml",
            errors: &mut errors,
            month: None,
            notes: Vec::new(),
        };
        let a = super::agencies(text, Some(&center), &mut sink);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(a[0].cancelled, [date("2027-01-12")]);
    }
}
