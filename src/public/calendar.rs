//! The public calendar: one `.ics` per language (and per agency), no secret in its URL.
//!
//! Kept apart from [`crate::feeds`] on purpose: those feeds show bookings and are capability
//! URLs; this one is made only from [`PublicSession`]s, so it cannot show a booking.
//! UIDs are the session's (`session-<agency>-<date>@soudan`), the same in every language and
//! every run, so a resident who switches language or re-subscribes sees no duplicates.

use super::{
    PublicData, PublicError, PublicSession, PublicSettings, agency_name, center_name,
    language_label, text, to_text, topic_name, upcoming,
};
use crate::i18n::{Args, Lang};
use crate::ics::{self, IcsCalendar, IcsEvent, IcsStatus};
use chrono::{DateTime, Utc};

/// Clients are asked to refresh the public calendar every few hours (it changes monthly).
pub const PUBLIC_REFRESH_MINUTES: u32 = 6 * 60;

/// The calendar's display name.
pub fn calendar_name(lang: Lang, data: &PublicData<'_>, agency: Option<&str>) -> String {
    let center = center_name(lang, data.center);
    match agency.and_then(|id| data.agencies.iter().find(|a| a.id == id)) {
        Some(a) => {
            let mut args = Args::new();
            args.set("center", center)
                .set("agency", agency_name(lang, a));
            text(lang, "public-calendar-name-agency", Some(&args))
        }
        None => {
            let mut args = Args::new();
            args.set("center", center);
            text(lang, "public-calendar-name", Some(&args))
        }
    }
}

/// The public calendar in `lang`: every upcoming session (of `agency`, when given).
/// `stamp` is DTSTAMP (the caller passes the start of today, so the body only changes when
/// the sessions or the day change).
pub fn calendar(
    data: &PublicData<'_>,
    settings: &PublicSettings,
    lang: Lang,
    agency: Option<&str>,
    stamp: DateTime<Utc>,
) -> Result<String, PublicError> {
    let sessions = upcoming(data, agency)?;
    let tz = crate::model::parse_tz(&data.center.timezone).map_err(PublicError::Zone)?;
    let location = format!("{} {}", center_name(lang, data.center), data.center.address);
    let events = sessions
        .iter()
        .map(|s| IcsEvent {
            uid: s.uid.clone(),
            // Furigana spelled out (easy Japanese): a calendar shows plain text.
            sequence: 0,
            stamp,
            start: s.start_utc,
            end: s.end_utc,
            tz: s.tz,
            summary: to_text(lang, &summary(lang, data, s)),
            description: to_text(lang, &description(lang, data, settings, s)),
            location: Some(location.clone()),
            status: IcsStatus::Confirmed,
            categories: Vec::new(),
            transparent: true,
            private: false,
        })
        .collect();
    Ok(ics::render(&IcsCalendar {
        name: to_text(lang, &calendar_name(lang, data, agency)),
        timezone: tz,
        refresh_minutes: PUBLIC_REFRESH_MINUTES,
        method_publish: true,
        events,
    }))
}

fn summary(lang: Lang, data: &PublicData<'_>, s: &PublicSession) -> String {
    let name = data
        .agencies
        .iter()
        .find(|a| a.id == s.agency)
        .map(|a| agency_name(lang, a))
        .unwrap_or_else(|| s.agency.clone());
    let mut args = Args::new();
    args.set("agency", name);
    let mut out = text(lang, "public-event-summary", Some(&args));
    if s.full {
        out.push_str(" (");
        out.push_str(&text(lang, "public-full", None));
        out.push(')');
    }
    out
}

/// The texts every output shows for one session.
pub(super) struct SessionText {
    pub topics: String,
    pub in_person: Option<String>,
    pub remote: Option<String>,
    pub availability: String,
}

impl SessionText {
    pub fn lines(self) -> Vec<String> {
        let mut out = vec![self.topics];
        out.extend(self.in_person);
        out.extend(self.remote);
        out.push(self.availability);
        out
    }
}

/// `key` (a languages message) listing `codes`, or `None` for no languages.
pub(super) fn languages_line(lang: Lang, key: &str, codes: &[String]) -> Option<String> {
    if codes.is_empty() {
        return None;
    }
    let list = codes
        .iter()
        .map(|c| language_label(lang, c))
        .collect::<Vec<_>>()
        .join(", ");
    let mut args = Args::new();
    args.set("languages", list);
    Some(text(lang, key, Some(&args)))
}

pub(super) fn session_text(lang: Lang, data: &PublicData<'_>, s: &PublicSession) -> SessionText {
    let topics: Vec<String> = s
        .topics
        .iter()
        .map(|t| topic_name(lang, data.center, t))
        .collect();
    let mut args = Args::new();
    args.set("topics", topics.join(" / "));
    SessionText {
        topics: text(lang, "public-topics", Some(&args)),
        in_person: languages_line(lang, "public-languages-in-person", &s.in_person),
        remote: languages_line(lang, "public-languages-remote", &s.remote),
        availability: text(
            lang,
            if s.full {
                "public-full-long"
            } else {
                "public-available"
            },
            None,
        ),
    }
}

/// The lines every output shares for one session: topics, languages, availability.
pub(super) fn session_lines(lang: Lang, data: &PublicData<'_>, s: &PublicSession) -> Vec<String> {
    session_text(lang, data, s).lines()
}

/// How to book, as lines of plain text.
pub(super) fn booking_lines(
    lang: Lang,
    data: &PublicData<'_>,
    settings: &PublicSettings,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut args = Args::new();
    args.set("center", center_name(lang, data.center))
        .set("address", data.center.address.clone());
    lines.push(text(lang, "public-book-counter", Some(&args)));
    if let Some(phone) = settings.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        let mut args = Args::new();
        args.set("phone", phone.trim().to_owned());
        lines.push(text(lang, "public-book-phone", Some(&args)));
    }
    if let Some(url) = settings
        .booking_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
    {
        let mut args = Args::new();
        args.set("url", url.trim().to_owned());
        lines.push(text(lang, "public-book-web", Some(&args)));
    }
    lines.push(text(lang, "public-book-ahead", None));
    lines
}

fn description(
    lang: Lang,
    data: &PublicData<'_>,
    settings: &PublicSettings,
    s: &PublicSession,
) -> String {
    let mut lines = session_lines(lang, data, s);
    lines.push(String::new());
    lines.push(text(lang, "public-how-to-book", None));
    lines.extend(booking_lines(lang, data, settings));
    lines.join("\n")
}
