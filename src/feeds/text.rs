//! What the feeds say, and the events built from it. The words live in the catalogue
//! (`locales/{ja,en}/feeds.ftl`, a staff domain); the tables of names (nationalities,
//! residence statuses) in [`super::names`].
//!
//! Kept apart from the selection logic in `mod.rs` so that what a feed *says* can be
//! reviewed (and translated) in one place.
//!
//! ## Titles are scanned, not read
//! Outlook's and Google's month grids show the first 20-30 characters of a title. So a title
//! leads with what a specialist or interpreter scans for: the booking number, then the
//! language and how the session runs (interpreter or not, in person/phone/video), then a
//! *short* topic ([`Ctx::topic_short`]). Marks that change what one does come first of all:
//! 【取消】, 【再調整中】, 【通訳手配中】, 【至急】; a deadline follows the topic.

use super::{FeedOptions, Lang, booking_uid, busy_uid, names};
use crate::i18n;
use crate::ics::{IcsEvent, IcsStatus};
use crate::model::{
    Agency, Booking, BookingStatus, BusyBlock, Center, FeedKind, Interpreter, Mode, Priority,
    Request, Session, language,
};
use crate::tr;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

pub(super) struct Ctx<'a> {
    pub center: &'a Center,
    pub agencies: &'a [Agency],
    pub interpreters: &'a [Interpreter],
    pub options: &'a FeedOptions,
    pub lang: Lang,
}

/// How a booking's language is covered: the distinction issue 13 asked for, never a silent
/// "none".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Interpreting<'b> {
    /// The center's staff or the agency's specialists speak the resident's language.
    NotNeeded,
    /// An interpreter is assigned, joining in this mode (`None` if the booking lacks it).
    Assigned(&'b str, Option<Mode>),
    /// An interpreter is needed and none is assigned (e.g. just lost): the booking is shown
    /// as TENTATIVE with a mark in its title.
    Pending,
}

fn status(b: &Booking) -> IcsStatus {
    match b.status {
        BookingStatus::Confirmed => IcsStatus::Confirmed,
        BookingStatus::Cancelled => IcsStatus::Cancelled,
    }
}

impl Ctx<'_> {
    fn pick<'s>(&self, ja: &'s str, en: &'s str) -> &'s str {
        match self.lang {
            Lang::Ja | Lang::JaEasy => ja,
            _ => en,
        }
    }

    fn center_name(&self) -> &str {
        self.pick(&self.center.name_ja, &self.center.name_en)
    }

    fn language_name(&self, code: &str) -> String {
        match language(code) {
            Some(l) => self.pick(l.name_ja, l.name_en).to_owned(),
            None => code.strip_prefix("other:").unwrap_or(code).to_owned(),
        }
    }

    fn topic_name<'s>(&'s self, id: &'s str) -> &'s str {
        match self.center.topic(id) {
            Some(t) => self.pick(&t.name_ja, &t.name_en),
            None => id,
        }
    }

    /// A topic's short name for titles: the catalogue's `feeds-topic-<id>` where the topic id
    /// is a known one, otherwise the full name up to its first bracket (`在留資格（変更・…）`
    /// → `在留資格`), otherwise the full name.
    pub fn topic_short(&self, id: &str) -> String {
        let key = format!("feeds-topic-{id}");
        if i18n::has(self.lang, &key) {
            return i18n::message(self.lang, &key, None);
        }
        short_of(self.topic_name(id)).to_owned()
    }

    fn agency_name<'s>(&'s self, id: &'s str) -> &'s str {
        match self.agencies.iter().find(|a| a.id == id) {
            Some(a) => self.pick(&a.name_ja, &a.name_en),
            None => id,
        }
    }

    fn mode_name(&self, mode: Mode) -> String {
        match mode {
            Mode::InPerson => tr!(self.lang, "feeds-mode-in-person"),
            Mode::Video => tr!(self.lang, "feeds-mode-video"),
            Mode::Phone => tr!(self.lang, "feeds-mode-phone"),
        }
    }

    fn date(&self, d: NaiveDate) -> String {
        tr!(
            self.lang,
            "feeds-date-short",
            month = d.month(),
            day = d.day()
        )
    }

    /// How `b`'s language is covered (see [`Interpreting`]).
    pub fn interpreting<'b>(&self, b: &'b Booking, r: &Request) -> Interpreting<'b> {
        if let Some(id) = &b.interpreter {
            return Interpreting::Assigned(id, b.mode);
        }
        let spoken = |langs: &[String]| langs.iter().any(|l| l.eq_ignore_ascii_case(&r.language));
        let agency_speaks = self
            .agencies
            .iter()
            .find(|a| a.id == b.agency)
            .is_some_and(|a| spoken(&a.languages));
        if spoken(&self.center.languages) || agency_speaks {
            Interpreting::NotNeeded
        } else {
            Interpreting::Pending
        }
    }

    /// The marks a title starts with: cancelled, being rescheduled, interpreter pending,
    /// urgent.
    fn marks(&self, b: &Booking, r: &Request, rescheduling: bool, pending: bool) -> String {
        let mut m = String::new();
        if b.status == BookingStatus::Cancelled && !rescheduling {
            m.push_str(&tr!(self.lang, "feeds-mark-cancelled"));
        }
        // A booking that only lacks its interpreter is marked as that (the session and the
        // specialist still hold); "being rescheduled" is for the time or place.
        if rescheduling && !pending {
            m.push_str(&tr!(self.lang, "feeds-mark-rescheduling"));
        }
        if pending {
            m.push_str(&tr!(self.lang, "feeds-mark-interpreter-pending"));
        }
        if r.priority == Priority::Urgent {
            m.push_str(&tr!(self.lang, "feeds-mark-urgent"));
        }
        m
    }

    pub fn agency_calendar_name(&self, agency: &Agency) -> String {
        tr!(
            self.lang,
            "feeds-calendar-agency",
            center = self.center_name(),
            agency = self.pick(&agency.name_ja, &agency.name_en)
        )
    }

    pub fn interpreter_calendar_name(&self, interpreter: &Interpreter) -> String {
        tr!(
            self.lang,
            "feeds-calendar-interpreter",
            center = self.center_name(),
            id = interpreter.id.as_str()
        )
    }

    pub fn coordinator_calendar_name(&self) -> String {
        tr!(
            self.lang,
            "feeds-calendar-coordinator",
            center = self.center_name()
        )
    }

    /// An event of an agency or coordinator feed: the consultation with its intake.
    /// `personal` adds the resident's name and contact (and, for coordinators, the
    /// interpreter's name). `rescheduling` renders the booking as live but tentative (see
    /// the module doc of `feeds`).
    #[allow(clippy::too_many_arguments)]
    pub fn booking_event(
        &self,
        kind: FeedKind,
        b: &Booking,
        r: &Request,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        tz: Tz,
        personal: bool,
        rescheduling: bool,
    ) -> IcsEvent {
        let lang = self.lang;
        let language = self.language_name(&r.language);
        let how = self.interpreting(b, r);
        // A cancelled booking needs no interpreter any more; one being rescheduled will.
        let live = rescheduling || b.status == BookingStatus::Confirmed;
        let pending = how == Interpreting::Pending && live;
        let coverage = match how {
            Interpreting::NotNeeded => tr!(
                lang,
                "feeds-title-no-interpreter",
                language = language.as_str()
            ),
            Interpreting::Assigned(_, Some(m)) => tr!(
                lang,
                "feeds-title-interpreter",
                language = language.as_str(),
                mode = self.mode_name(m)
            ),
            Interpreting::Assigned(_, None) | Interpreting::Pending => language.clone(),
        };
        let mut summary = format!(
            "{}[{}] {coverage} {}",
            self.marks(b, r, rescheduling, pending),
            b.number,
            self.topic_short(&r.topic)
        );
        if let Some(d) = r.deadline {
            summary.push(' ');
            summary.push_str(&tr!(lang, "feeds-title-deadline", date = self.date(d)));
        }
        if kind == FeedKind::Coordinator {
            summary.push_str(" / ");
            summary.push_str(self.agency_name(&b.agency));
        }

        let interpreter_line = match how {
            Interpreting::NotNeeded => tr!(lang, "feeds-interpreter-not-needed"),
            Interpreting::Pending => tr!(lang, "feeds-interpreter-pending"),
            Interpreting::Assigned(id, mode) => {
                let who = match self.interpreters.iter().find(|i| i.id == id) {
                    Some(i) if personal && kind == FeedKind::Coordinator => {
                        format!("{} ({id})", i.name)
                    }
                    _ => id.to_owned(),
                };
                match mode {
                    Some(m) => tr!(
                        lang,
                        "feeds-interpreter-assigned",
                        who = who,
                        mode = self.mode_name(m)
                    ),
                    None => who,
                }
            }
        };
        let mut lines = vec![tr!(lang, "feeds-line-booking", number = b.number.as_str())];
        if r.priority == Priority::Urgent {
            lines.push(tr!(lang, "feeds-line-urgent"));
        }
        if let Some(d) = r.deadline {
            lines.push(tr!(lang, "feeds-line-deadline", date = d.to_string()));
        }
        lines.extend([
            tr!(
                lang,
                "feeds-line-agency",
                agency = self.agency_name(&b.agency)
            ),
            tr!(lang, "feeds-line-topic", topic = self.topic_name(&r.topic)),
            tr!(lang, "feeds-line-language", language = language.as_str()),
            tr!(
                lang,
                "feeds-line-interpreter",
                interpreter = interpreter_line
            ),
            tr!(lang, "feeds-line-booth", booth = b.booth),
            tr!(
                lang,
                "feeds-line-residence-status",
                status = names::residence_status(&r.intake.residence_status, lang)
            ),
            tr!(
                lang,
                "feeds-line-nationality",
                nationality = names::nationality(&r.intake.nationality, lang)
            ),
            tr!(lang, "feeds-line-summary", text = r.intake.summary.as_str()),
            tr!(lang, "feeds-line-tried", text = r.intake.tried.as_str()),
        ]);
        if personal {
            lines.push(tr!(lang, "feeds-line-name", name = r.contact.name.as_str()));
            lines.push(tr!(
                lang,
                "feeds-line-contact",
                contact = r.contact.contact.as_str()
            ));
        }
        IcsEvent {
            uid: booking_uid(kind, &b.number),
            sequence: b.sequence,
            stamp: b.updated,
            start,
            end,
            tz,
            summary,
            description: lines.join("\n"),
            location: Some(tr!(
                lang,
                "feeds-location-booth",
                center = self.center_name(),
                address = self.center.address.as_str(),
                booth = b.booth
            )),
            status: if rescheduling || pending {
                IcsStatus::Tentative
            } else {
                status(b)
            },
            categories: vec![tr!(lang, "feeds-category-consultation")],
            transparent: false,
            private: true,
        }
    }

    /// How an interpreter joins a phone or video session: the center's setting, else the
    /// catalogue's default sentence. `None` for in person (the place is the booth).
    fn join(&self, mode: Option<Mode>) -> Option<String> {
        match mode? {
            Mode::InPerson => None,
            Mode::Phone => Some(match &self.options.phone {
                Some(p) => tr!(self.lang, "feeds-join-phone", phone = p.as_str()),
                None => tr!(self.lang, "feeds-join-phone-default"),
            }),
            Mode::Video => Some(match &self.options.video_room {
                Some(v) => tr!(self.lang, "feeds-join-video", room = v.as_str()),
                None => tr!(self.lang, "feeds-join-video-default"),
            }),
        }
    }

    /// An event of an interpreter feed: booking number, agency, language, mode, time, topic,
    /// and where to be: the booth for in person, how to join for phone and video. Never the
    /// intake or the resident.
    pub fn assignment_event(
        &self,
        b: &Booking,
        r: &Request,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        tz: Tz,
    ) -> IcsEvent {
        let lang = self.lang;
        let agency = self.agency_name(&b.agency);
        let language = self.language_name(&r.language);
        let mode = b.mode.map(|m| self.mode_name(m));
        let join = self.join(b.mode);
        let place = match b.mode {
            Some(Mode::InPerson) => tr!(lang, "feeds-title-booth", booth = b.booth),
            _ => mode.clone().unwrap_or_default(),
        };
        let mut marks = String::new();
        if b.status == BookingStatus::Cancelled {
            marks.push_str(&tr!(lang, "feeds-mark-cancelled"));
        }
        let summary = tr!(
            lang,
            "feeds-title-assignment",
            marks = marks,
            number = b.number.as_str(),
            language = language.as_str(),
            place = place,
            agency = agency
        );
        let mut lines = vec![
            tr!(lang, "feeds-line-booking", number = b.number.as_str()),
            tr!(lang, "feeds-line-agency", agency = agency),
            tr!(lang, "feeds-line-language", language = language.as_str()),
        ];
        if let Some(m) = &mode {
            lines.push(tr!(lang, "feeds-line-mode", mode = m.as_str()));
        }
        if b.mode == Some(Mode::InPerson) {
            lines.push(tr!(lang, "feeds-line-booth", booth = b.booth));
        }
        if let Some(j) = &join {
            lines.push(tr!(lang, "feeds-line-join", join = j.as_str()));
        }
        lines.push(tr!(
            lang,
            "feeds-line-topic",
            topic = self.topic_name(&r.topic)
        ));
        let location = match b.mode {
            Some(Mode::InPerson) => Some(tr!(
                lang,
                "feeds-location-booth",
                center = self.center_name(),
                address = self.center.address.as_str(),
                booth = b.booth
            )),
            _ => join,
        };
        IcsEvent {
            uid: booking_uid(FeedKind::Interpreter, &b.number),
            sequence: b.sequence,
            stamp: b.updated,
            start,
            end,
            tz,
            summary,
            description: lines.join("\n"),
            location,
            status: status(b),
            categories: vec![tr!(lang, "feeds-category-interpreting")],
            transparent: false,
            private: true,
        }
    }

    /// A time the interpreter is busy at another center of the pool: the title only
    /// (予定あり / Busy), no description, place or category; it blocks free/busy (OPAQUE).
    /// DTSTAMP is the first day of its month (stable across renders).
    pub fn busy_event(&self, b: &BusyBlock, tz: Tz) -> IcsEvent {
        let first = NaiveDate::from_ymd_opt(b.start.year(), b.start.month(), 1)
            .unwrap_or_default()
            .and_time(chrono::NaiveTime::MIN)
            .and_utc();
        IcsEvent {
            uid: busy_uid(b),
            sequence: 0,
            stamp: first,
            start: b.start,
            end: b.end.max(b.start),
            tz,
            summary: tr!(self.lang, "feeds-busy-title"),
            description: String::new(),
            location: None,
            status: IcsStatus::Confirmed,
            categories: Vec::new(),
            transparent: false,
            private: true,
        }
    }

    /// A session block of an agency feed. Sessions have no change history, so SEQUENCE is 0
    /// and DTSTAMP is the first day of the session's month (stable across renders);
    /// subscription clients replace the whole feed on refresh anyway.
    pub fn session_event(&self, agency: &Agency, s: &Session, tz: Tz) -> IcsEvent {
        let lang = self.lang;
        let first = NaiveDate::from_ymd_opt(s.start.year(), s.start.month(), 1)
            .unwrap_or_default()
            .and_time(chrono::NaiveTime::MIN)
            .and_utc();
        let modes: Vec<String> = s.modes.iter().map(|m| self.mode_name(*m)).collect();
        IcsEvent {
            uid: format!("session.{}@soudan", s.id),
            sequence: 0,
            stamp: first,
            start: s.start_instant(),
            end: s.end_instant().max(s.start_instant()),
            tz,
            summary: tr!(
                lang,
                "feeds-session-title",
                agency = self.pick(&agency.name_ja, &agency.name_en)
            ),
            description: tr!(
                lang,
                "feeds-session-description",
                slots = s.slot_count(),
                booths = s.booths,
                minutes = s.slot_minutes,
                modes = modes.join(", ")
            ),
            location: Some(format!("{} {}", self.center_name(), self.center.address)),
            status: IcsStatus::Confirmed,
            categories: vec![tr!(lang, "feeds-category-session")],
            transparent: true,
            private: false,
        }
    }
}

/// A long topic name cut at its first bracket: `在留資格（変更・更新）` → `在留資格`,
/// `Residence status (change, renewal)` → `Residence status`. The whole name when there is
/// no bracket or nothing before it.
pub(super) fn short_of(name: &str) -> &str {
    match name.find(['（', '(']) {
        Some(at) if !name[..at].trim().is_empty() => name[..at].trim_end(),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_topic_names() {
        assert_eq!(
            short_of("在留資格（変更・更新・永住・家族の呼び寄せ）"),
            "在留資格"
        );
        assert_eq!(
            short_of("Residence status (change, renewal)"),
            "Residence status"
        );
        assert_eq!(short_of("帰化"), "帰化");
        assert_eq!(short_of("(odd)"), "(odd)");
    }
}
