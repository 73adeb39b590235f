//! What the public may know about the specialist consultation days, in the residents'
//! languages: a public calendar (`.ics`), a web page, a printable poster per month and the
//! text of the e-mail newsletter (issue 15: the center announces the days on its website, in
//! its newsletter and on posters, and wants the news to reach the residents who need it).
//!
//! Pure: model values in, text out; no store, no clock, no file system. The only inputs are
//! [`PublicData`] (center, agencies, interpreters' languages and modes, and bookings only to
//! say whether a day is full) and [`PublicSettings`] (base URL, phone, booking page). Nothing
//! about a booking or a resident can leak, because nothing about them is read: a booking
//! contributes one bit per session ([`PublicSession::full`]), never a count.
//!
//! Why the languages come from the data ([`choose`]): a poster or a newsletter issue costs
//! space and staff time per language, so they go out in the languages residents actually
//! use (recent requests, and the resident population where a regional profile exists). The
//! web page and the served calendars carry all seven catalogue languages (their URLs must
//! stay stable whatever the month's demand).
//!
//! Texts come from `locales/<lang>/public.ftl`. Easy Japanese writes furigana as
//! `[漢字|かんじ]`, which HTML renders as `<ruby>` and plain text as `漢字（かんじ）`
//! ([`furigana_html`], [`furigana_text`]).

mod calendar;
pub mod choose;
mod qr;
mod render;

pub use calendar::{calendar, calendar_name};
pub use choose::{Choice, LanguageDemand, Reason, StaticDemand, choose_languages};
pub use qr::qr_svg;
pub use render::{NewsletterFormat, newsletter, page, poster};

use crate::i18n::{self, Args, Lang};
use crate::model::{
    Agency, Booking, BookingStatus, Center, Interpreter, LANGUAGES, Mode, Month, parse_tz,
    resolve_local, sessions_for_month,
};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Months the public calendar and page look ahead: this month and the next two (what the
/// center announces; sessions further out may still change).
pub const MONTHS_AHEAD: u32 = 3;

/// Where the public outputs point residents: kept in the store (`soudan public set`), so
/// the snapshot every commit publishes and the files `soudan public` writes agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSettings {
    /// The base URL the server is reached at, the same as `soudan feeds list --base-url`
    /// (no trailing slash). Public paths hang below `/public/`.
    pub base_url: String,
    /// The center's phone number as printed, e.g. `022-000-0000`.
    pub phone: Option<String>,
    /// A page about booking (the center's website), when there is one.
    pub booking_url: Option<String>,
}

/// Whether a base URL is only good for a test (a printed poster pointing there is useless):
/// unset (empty), or a loopback host — `localhost` (and `*.localhost`), `127.x.x.x`, `::1`,
/// or the unspecified `0.0.0.0`/`::`. Printable public outputs made with such a URL carry a
/// 「試し刷り」 mark and the CLI warns (issue 22).
pub fn is_proof_base_url(base: &str) -> bool {
    let base = base.trim();
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip.is_unspecified(),
        Err(_) => false,
    }
}

/// The base URL `soudan feeds list` uses when none is given.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080";

impl Default for PublicSettings {
    fn default() -> Self {
        PublicSettings {
            base_url: DEFAULT_BASE_URL.to_owned(),
            phone: None,
            booking_url: None,
        }
    }
}

impl PublicSettings {
    fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// Whether outputs made with these settings are only a proof ([`is_proof_base_url`]).
    pub fn is_proof(&self) -> bool {
        is_proof_base_url(&self.base_url)
    }

    /// The URL of the public calendar in `lang` (all agencies).
    pub fn calendar_url(&self, lang: Lang) -> String {
        format!("{}/public/{}.ics", self.base(), lang.code())
    }

    /// The URL of one agency's public calendar in `lang`.
    pub fn agency_calendar_url(&self, agency: &str, lang: Lang) -> String {
        format!("{}/public/{agency}/{}.ics", self.base(), lang.code())
    }

    /// The public page.
    pub fn page_url(&self) -> String {
        format!("{}/public/index.html", self.base())
    }

    /// What the booking QR code points at: the phone (a `tel:` URL a phone dials), else the
    /// booking page, else the public page (which says how to book at the counter).
    pub fn booking_target(&self) -> String {
        if let Some(phone) = self.phone.as_deref().filter(|p| !p.trim().is_empty()) {
            let digits: String = phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            return format!("tel:{digits}");
        }
        if let Some(url) = self.booking_url.as_deref().filter(|u| !u.trim().is_empty()) {
            return url.trim().to_owned();
        }
        self.page_url()
    }
}

/// Everything public outputs are made from.
#[derive(Debug, Clone, Copy)]
pub struct PublicData<'a> {
    pub center: &'a Center,
    pub agencies: &'a [Agency],
    pub interpreters: &'a [Interpreter],
    /// Only to say whether a session is full; nothing else of a booking is read.
    pub bookings: &'a [Booking],
    /// Today in the center's zone: sessions from today on are shown.
    pub today: NaiveDate,
}

#[derive(Debug, thiserror::Error)]
pub enum PublicError {
    #[error("center timezone: {0}")]
    Zone(String),
    #[error("unknown agency `{0}`")]
    UnknownAgency(String),
    #[error("rendering a QR code for {url}: {message}")]
    Qr { url: String, message: String },
}

/// One consultation day as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicSession {
    /// `session-<session id>@soudan`: the same in every language and every run.
    pub uid: String,
    pub agency: String,
    pub topics: Vec<String>,
    /// Local start and end (center zone).
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub start_utc: DateTime<Utc>,
    pub end_utc: DateTime<Utc>,
    pub tz: Tz,
    /// Language codes served face to face (the specialist's own, in-person interpreters).
    pub in_person: Vec<String>,
    /// Further language codes served through a phone or video interpreter.
    pub remote: Vec<String>,
    /// Every place is taken (coarse on purpose: never a count).
    pub full: bool,
}

/// The sessions from `data.today` to the end of the [`MONTHS_AHEAD`]th month, ordered by
/// start; `agency` limits them to one agency.
pub fn upcoming(
    data: &PublicData<'_>,
    agency: Option<&str>,
) -> Result<Vec<PublicSession>, PublicError> {
    let tz = parse_tz(&data.center.timezone).map_err(PublicError::Zone)?;
    if let Some(id) = agency
        && !data.agencies.iter().any(|a| a.id == id)
    {
        return Err(PublicError::UnknownAgency(id.to_owned()));
    }
    let mut months = vec![Month::of(data.today)];
    for _ in 1..MONTHS_AHEAD {
        let last = *months.last().unwrap_or(&Month::of(data.today));
        months.push(last.next());
    }
    // Each interpreter's availability per month, as instants (their own zone).
    let mut windows: Vec<Vec<(DateTime<Utc>, DateTime<Utc>)>> = Vec::new();
    let mut out = Vec::new();
    for a in data.agencies {
        if agency.is_some_and(|id| id != a.id) {
            continue;
        }
        for m in &months {
            windows.clear();
            for i in data.interpreters {
                let itz = parse_tz(&i.timezone).unwrap_or(tz);
                windows.push(
                    i.availability(*m)
                        .into_iter()
                        .map(|w| (resolve_local(itz, w.start), resolve_local(itz, w.end)))
                        .collect(),
                );
            }
            for s in sessions_for_month(a, *m, tz, &data.center.closed) {
                // Never offer a closed day (an extra session someone added on one is kept
                // for the staff, not advertised).
                if s.date() < data.today || data.center.closed.is_closed(s.date()) {
                    continue;
                }
                let places = u64::from(s.slot_count()) * u64::from(s.booths);
                let taken = data
                    .bookings
                    .iter()
                    .filter(|b| b.session == s.id && b.status == BookingStatus::Confirmed)
                    .count() as u64;
                let (start_utc, end_utc) = (s.start_instant(), s.end_instant());
                // Interpreters who work at some time during the session (the allocator
                // decides the rest; this only keeps a language off a day nobody speaks it).
                let present: Vec<&Interpreter> = data
                    .interpreters
                    .iter()
                    .zip(&windows)
                    .filter(|(_, ws)| ws.iter().any(|(ws, we)| *ws < end_utc && *we > start_utc))
                    .map(|(i, _)| i)
                    .collect();
                let (in_person, remote) = languages_of(a, &s.modes, &present);
                out.push(PublicSession {
                    uid: format!("session-{}@soudan", s.id),
                    agency: a.id.clone(),
                    topics: a.topics.clone(),
                    start: s.start,
                    end: s.end,
                    start_utc,
                    end_utc,
                    tz,
                    in_person,
                    remote,
                    full: taken >= places,
                });
            }
        }
    }
    out.sort_by(|a, b| (a.start, &a.agency).cmp(&(b.start, &b.agency)));
    Ok(out)
}

/// Languages served in person and (only) remotely at a session with `modes`, by the
/// agency's specialists and the interpreters `present` that day.
fn languages_of(
    agency: &Agency,
    modes: &[Mode],
    interpreters: &[&Interpreter],
) -> (Vec<String>, Vec<String>) {
    let mut in_person: Vec<String> = Vec::new();
    let mut remote: Vec<String> = Vec::new();
    if modes.contains(&Mode::InPerson) {
        in_person.extend(agency.languages.iter().cloned());
        for i in interpreters
            .iter()
            .filter(|i| i.modes.contains(&Mode::InPerson))
        {
            in_person.extend(i.languages.iter().cloned());
        }
    }
    let remote_modes = [Mode::Video, Mode::Phone];
    for i in interpreters {
        if remote_modes
            .iter()
            .any(|m| modes.contains(m) && i.modes.contains(m))
        {
            remote.extend(i.languages.iter().cloned());
        }
    }
    let order = |c: &String| {
        LANGUAGES
            .iter()
            .position(|l| l.code == c)
            .unwrap_or(usize::MAX)
    };
    in_person.sort_by_key(|c| (order(c), c.clone()));
    in_person.dedup();
    remote.retain(|c| !in_person.contains(c));
    remote.sort_by_key(|c| (order(c), c.clone()));
    remote.dedup();
    (in_person, remote)
}

/// The sessions of `month` among `sessions`.
pub fn in_month(sessions: &[PublicSession], month: Month) -> Vec<&PublicSession> {
    sessions
        .iter()
        .filter(|s| month.contains(s.start.date()))
        .collect()
}

// ---------- words ----------

/// A message built at run time (agency, topic, weekday keys), or `None` when the catalogue
/// has it in no language of `lang`'s fallback chain.
fn lookup(lang: Lang, key: &str) -> Option<String> {
    let mut chain = lang.fallbacks();
    chain
        .any(|l| i18n::has(l, key))
        .then(|| i18n::message(lang, key, None))
}

/// Which of the model's two names suits `lang`: Japanese for the Japanese catalogues.
fn japanese(lang: Lang) -> bool {
    matches!(lang, Lang::Ja | Lang::JaEasy)
}

/// The agency's name for residents reading `lang` (`public-agency-<id>`), else its
/// Japanese or English name from the data.
pub fn agency_name(lang: Lang, agency: &Agency) -> String {
    lookup(lang, &format!("public-agency-{}", agency.id)).unwrap_or_else(|| {
        if japanese(lang) {
            agency.name_ja.clone()
        } else {
            agency.name_en.clone()
        }
    })
}

/// The topic in plain words (`public-topic-<id>`), else the center's own name for it.
pub fn topic_name(lang: Lang, center: &Center, id: &str) -> String {
    lookup(lang, &format!("public-topic-{id}")).unwrap_or_else(|| match center.topic(id) {
        Some(t) if japanese(lang) => t.name_ja.clone(),
        Some(t) => t.name_en.clone(),
        None => id.to_owned(),
    })
}

/// The center's name as residents reading `lang` see it.
pub fn center_name(lang: Lang, center: &Center) -> String {
    if japanese(lang) {
        center.name_ja.clone()
    } else {
        center.name_en.clone()
    }
}

/// A language for a list of served languages: the catalogue languages by their own names
/// (each reader finds their own), the rest by the English or Japanese name.
pub fn language_label(lang: Lang, code: &str) -> String {
    if let Ok(l) = Lang::parse(code)
        && l.code() == code
    {
        return l.native_name();
    }
    match LANGUAGES.iter().find(|l| l.code == code) {
        Some(l) if japanese(lang) => l.name_ja.to_owned(),
        Some(l) => l.name_en.to_owned(),
        None => code.to_owned(),
    }
}

fn weekday_key(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "public-weekday-mon",
        Weekday::Tue => "public-weekday-tue",
        Weekday::Wed => "public-weekday-wed",
        Weekday::Thu => "public-weekday-thu",
        Weekday::Fri => "public-weekday-fri",
        Weekday::Sat => "public-weekday-sat",
        Weekday::Sun => "public-weekday-sun",
    }
}

/// `2026年12月12日（土）`, `Sat 12 Dec 2026`, ...
pub fn date_label(lang: Lang, date: NaiveDate) -> String {
    let mut args = Args::new();
    args.set("year", date.year().to_string())
        .set("month", date.month().to_string())
        .set("day", date.day().to_string())
        .set(
            "weekday",
            i18n::message(lang, weekday_key(date.weekday()), None),
        );
    i18n::message(lang, "public-date", Some(&args))
}

/// `2026年12月`, `December 2026`, ...
pub fn month_label(lang: Lang, month: Month) -> String {
    let mut args = Args::new();
    args.set("year", month.year.to_string())
        .set("month", month.month.to_string());
    i18n::message(lang, "public-month", Some(&args))
}

/// `13:00–16:00`.
pub fn time_label(s: &PublicSession) -> String {
    format!("{}–{}", s.start.format("%H:%M"), s.end.format("%H:%M"))
}

/// Removes furigana marks: `[漢字|かんじ]` → `漢字（かんじ）`.
pub fn furigana_text(text: &str) -> String {
    furigana(text, |base, reading, out| {
        out.push_str(base);
        out.push('（');
        out.push_str(reading);
        out.push('）');
    })
}

/// Escapes `text` for HTML and renders furigana marks as `<ruby>`.
pub fn furigana_html(text: &str) -> String {
    use crate::html::escape;
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 1..close];
        let Some((base, reading)) = inner.split_once('|') else {
            out.push_str(&escape(&rest[..=close]));
            rest = &rest[close + 1..];
            continue;
        };
        out.push_str(&escape(&rest[..open]));
        out.push_str("<ruby>");
        out.push_str(&escape(base));
        out.push_str("<rt>");
        out.push_str(&escape(reading));
        out.push_str("</rt></ruby>");
        rest = &rest[close + 1..];
    }
    out.push_str(&escape(rest));
    out
}

fn furigana(text: &str, mut mark: impl FnMut(&str, &str, &mut String)) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        match rest[open + 1..close].split_once('|') {
            Some((base, reading)) => mark(base, reading, &mut out),
            None => out.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// A message as the catalogue has it (easy Japanese keeps its furigana marks until the
/// output format is known: [`to_text`], [`to_html`]).
fn text(lang: Lang, key: &str, args: Option<&Args>) -> String {
    i18n::message(lang, key, args)
}

/// An HTML message (escaped, furigana as ruby).
fn html_text(lang: Lang, key: &str, args: Option<&Args>) -> String {
    to_html(lang, &i18n::message(lang, key, args))
}

/// Text for a plain-text output (calendar, newsletter): easy Japanese spells its furigana
/// out in brackets; other languages are left as they are.
pub fn to_text(lang: Lang, s: &str) -> String {
    if lang == Lang::JaEasy {
        furigana_text(s)
    } else {
        s.to_owned()
    }
}

/// Text for HTML: escaped; easy Japanese's furigana as `<ruby>`.
pub fn to_html(lang: Lang, s: &str) -> String {
    if lang == Lang::JaEasy {
        furigana_html(s)
    } else {
        crate::html::escape(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furigana_marks_render_as_ruby_or_brackets() {
        let t = "[予約|よやく]して<ね>[x]";
        assert_eq!(furigana_text(t), "予約（よやく）して<ね>[x]");
        assert_eq!(
            furigana_html(t),
            "<ruby>予約<rt>よやく</rt></ruby>して&lt;ね&gt;[x]"
        );
    }

    #[test]
    fn proof_base_urls_are_unset_or_loopback() {
        for proof in [
            "",
            "  ",
            DEFAULT_BASE_URL,
            "http://127.0.0.1",
            "http://127.1.2.3:9000/soudan",
            "http://localhost:8080/",
            "https://LOCALHOST/x",
            "http://app.localhost",
            "http://[::1]:8080/",
            "http://0.0.0.0:8080",
            "http://user@127.0.0.1/",
        ] {
            assert!(is_proof_base_url(proof), "{proof:?} should be a proof");
        }
        for real in [
            "https://example.org/soudan",
            "https://soudan.city.sendai.jp",
            "http://192.168.1.10:8080",
            "https://localhost.example.org/",
            "https://127.0.0.1.example.org/",
            "http://[2001:db8::1]/",
        ] {
            assert!(!is_proof_base_url(real), "{real:?} is a real address");
        }
        assert!(PublicSettings::default().is_proof());
    }

    #[test]
    fn booking_target_prefers_the_phone() {
        let mut s = PublicSettings {
            base_url: "https://c.example/".into(),
            phone: Some("022-265-2471".into()),
            booking_url: Some("https://c.example/book".into()),
        };
        assert_eq!(s.booking_target(), "tel:0222652471");
        s.phone = None;
        assert_eq!(s.booking_target(), "https://c.example/book");
        s.booking_url = None;
        assert_eq!(s.booking_target(), "https://c.example/public/index.html");
        assert_eq!(s.calendar_url(Lang::Ne), "https://c.example/public/ne.ics");
    }

    /// A session is full exactly when confirmed bookings take every place (cancelled ones do
    /// not count); sessions before today are left out; languages follow who works that day.
    #[test]
    fn upcoming_sessions_full_flags_and_languages() {
        let set = crate::sample::load(Month::new(2026, 12).unwrap()).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let data = |bookings: &[Booking]| -> Vec<PublicSession> {
            let d = PublicData {
                center: &set.center,
                agencies: &set.agencies,
                interpreters: &set.interpreters,
                bookings,
                today,
            };
            upcoming(&d, None).unwrap()
        };
        let none = data(&[]);
        assert!(none.iter().all(|s| s.start.date() >= today));
        assert!(!none.iter().any(|s| s.uid.contains("2026-12-05")), "past");
        assert!(none.iter().all(|s| !s.full));
        let bar = none
            .iter()
            .find(|s| s.uid == "session-bar-2026-12-19@soudan")
            .unwrap();
        assert!(bar.in_person.contains(&"ja".to_string()));
        assert!(bar.remote.iter().all(|c| !bar.in_person.contains(c)));
        // Fill the bar session (4 slots × 3 booths) with confirmed bookings.
        let booking = |n: u32, status: BookingStatus| Booking {
            number: format!("B-{n:05}"),
            request: format!("R-{n:04}"),
            session: "bar-2026-12-19".into(),
            agency: "bar".into(),
            slot: n / 3,
            start: bar.start,
            end: bar.end,
            booth: n % 3 + 1,
            interpreter: None,
            mode: Some(Mode::InPerson),
            sequence: 0,
            status,
            created: bar.start_utc,
            updated: bar.start_utc,
        };
        let mut full: Vec<Booking> = (0..12)
            .map(|n| booking(n, BookingStatus::Confirmed))
            .collect();
        let is_full = |b: &[Booking]| data(b).iter().find(|s| s.uid == bar.uid).unwrap().full;
        assert!(is_full(&full));
        full[0].status = BookingStatus::Cancelled;
        assert!(!is_full(&full), "a cancelled booking frees its place");
    }

    /// Every run-time key the sample needs exists in every language: agency and topic names
    /// of the Sendai sample, and the weekdays.
    #[test]
    fn sample_names_and_weekdays_exist_in_every_language() {
        let folder = crate::sample::load(Month::new(2026, 12).unwrap()).unwrap();
        for lang in Lang::ALL {
            for a in &folder.agencies {
                assert!(
                    i18n::has(lang, &format!("public-agency-{}", a.id)),
                    "{lang:?} {}",
                    a.id
                );
            }
            for t in &folder.center.topics {
                assert!(
                    i18n::has(lang, &format!("public-topic-{}", t.id)),
                    "{lang:?} {}",
                    t.id
                );
            }
            for d in [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
                Weekday::Sun,
            ] {
                assert!(i18n::has(lang, weekday_key(d)), "{lang:?} {d}");
            }
        }
    }
}
