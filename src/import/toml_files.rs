//! `center.toml` and `agencies.toml`.

use super::error::Sink;
use super::fields;
use crate::model::{
    Agency, Center, ExtraSession, Mode, Month, SessionPattern, Topic, WeightPolicy, language,
    parse_tz, weekday_from_code,
};
use chrono::NaiveTime;
use serde::Deserialize;
use toml::Spanned;

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .map_or(1, |t| t.bytes().filter(|&b| b == b'\n').count() + 1)
}

/// Reports a TOML syntax or shape error, naming the field when serde names it.
fn toml_error(sink: &mut Sink, text: &str, e: &toml::de::Error) {
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
        .unwrap_or_else(|| "toml".to_string());
    sink.push(line, &field, message);
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CenterFile {
    reference_month: Option<Spanned<String>>,
    center: RawCenter,
    #[serde(default)]
    topic: Vec<Spanned<RawTopic>>,
    weights: Option<Spanned<WeightPolicy>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCenter {
    name_ja: String,
    name_en: String,
    #[serde(default)]
    address: String,
    timezone: Option<Spanned<String>>,
    languages: Option<Vec<Spanned<String>>>,
    lead_days: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: String,
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
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

pub fn center(text: &str, sink: &mut Sink) -> Option<CenterConfig> {
    let raw: CenterFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            toml_error(sink, text, &e);
            return None;
        }
    };
    let before = sink.errors.len();
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
            sink.check(line, "timezone", parse_tz(tz.get_ref()).map(|_| ()));
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
                        format!(
                            "{} is not a number of days from 0 to {}",
                            d.get_ref(),
                            crate::model::MAX_LEAD_DAYS
                        )
                    }),
            )
            .unwrap_or(crate::model::DEFAULT_LEAD_DAYS)
        }
        None => crate::model::DEFAULT_LEAD_DAYS,
    };
    let mut topics: Vec<Topic> = Vec::new();
    for t in raw.topic {
        let line = line_of(text, t.span().start);
        let t = t.into_inner();
        if !is_slug(&t.id) {
            sink.push(
                line,
                "id",
                format!(
                    "`{}` is not a topic id (use lowercase letters, digits, _ or -)",
                    t.id
                ),
            );
        } else if topics.iter().any(|o| o.id == t.id) {
            sink.push(line, "id", format!("duplicate topic id `{}`", t.id));
        }
        topics.push(Topic {
            id: t.id,
            name_ja: t.name_ja,
            name_en: t.name_en,
        });
    }
    if topics.is_empty() {
        sink.push(
            0,
            "topic",
            "no [[topic]] defined; agencies and requests need topics",
        );
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
    (sink.errors.len() == before).then_some(CenterConfig {
        center: Center {
            name_ja: raw.center.name_ja,
            name_en: raw.center.name_en,
            address: raw.center.address,
            timezone,
            languages,
            topics,
        },
        reference_month,
        weights,
        lead_days,
    })
}

pub fn known_language(code: &str) -> Result<String, String> {
    language(code)
        .map(|l| l.code.to_string())
        .ok_or_else(|| format!("unknown language code `{code}` (expected a BCP 47 code soudan knows, e.g. zh, ne, vi; see `soudan languages`)"))
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
    id: String,
    name_ja: String,
    name_en: String,
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
            format!(
                "the session ends ({}) before it starts ({})",
                e.format("%H:%M"),
                s.format("%H:%M")
            ),
        );
    }
    if !(5..=480).contains(&slot_minutes) {
        sink.push(
            lines.slot_minutes,
            "slot_minutes",
            format!("{slot_minutes} is out of range (5 to 480 minutes)"),
        );
    } else if let (Some(s), Some(e)) = (start, end)
        && e > s
        && (e - s).num_minutes() < slot_minutes
    {
        sink.push(
            lines.slot_minutes,
            "slot_minutes",
            format!(
                "a {slot_minutes}-minute slot is longer than the {}-minute session",
                (e - s).num_minutes()
            ),
        );
    }
    if !(1..=50).contains(&booths) {
        sink.push(
            lines.booths,
            "booths",
            format!("{booths} is out of range (1 to 50)"),
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

pub fn agencies(text: &str, center: Option<&Center>, sink: &mut Sink) -> Vec<Agency> {
    let raw: AgenciesFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            toml_error(sink, text, &e);
            return Vec::new();
        }
    };
    if raw.agency.is_empty() {
        sink.push(0, "agency", "no [[agency]] defined");
    }
    let mut out: Vec<Agency> = Vec::new();
    for a in raw.agency {
        let line = line_of(text, a.span().start);
        let a = a.into_inner();
        if !is_slug(&a.id) {
            sink.push(
                line,
                "id",
                format!(
                    "`{}` is not an agency id (use lowercase letters, digits, _ or -)",
                    a.id
                ),
            );
        } else if out.iter().any(|o| o.id == a.id) {
            sink.push(line, "id", format!("duplicate agency id `{}`", a.id));
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
                    format!(
                        "unknown topic `{}` (not defined in center.toml)",
                        t.get_ref()
                    ),
                );
            }
            topics.push(t.get_ref().clone());
        }
        if topics.is_empty() {
            sink.push(line, "topics", "an agency needs at least one topic");
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
                    format!("{week} is not a week of the month (1 to 5, or -1 for the last)"),
                );
            }
            let weekday = sink.check(
                at(s.weekday.span().start),
                "weekday",
                weekday_from_code(s.weekday.get_ref()).ok_or_else(|| {
                    format!(
                        "`{}` is not a day (expected mon, tue, wed, thu, fri, sat, sun)",
                        s.weekday.get_ref()
                    )
                }),
            );
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
                Some(date)
            })
            .collect();
        out.push(Agency {
            id: a.id,
            name_ja: a.name_ja,
            name_en: a.name_en,
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
