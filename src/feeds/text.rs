//! The words of the feeds, in Japanese and English, and the events built from them.
//!
//! Kept apart from the selection logic in `mod.rs` so that what a feed *says* can be
//! reviewed (and translated) in one place.

use super::{Lang, booking_uid};
use crate::ics::{IcsEvent, IcsStatus};
use crate::model::{
    Agency, Booking, BookingStatus, Center, FeedKind, Interpreter, Mode, Request, Session, language,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

pub(super) struct Labels {
    booking: &'static str,
    language: &'static str,
    mode: &'static str,
    topic: &'static str,
    agency: &'static str,
    interpreter: &'static str,
    none: &'static str,
    booth: &'static str,
    residence_status: &'static str,
    nationality: &'static str,
    summary: &'static str,
    tried: &'static str,
    name: &'static str,
    contact: &'static str,
    cancelled: &'static str,
    interpreting: &'static str,
    session: &'static str,
    slots: &'static str,
    calendar_agency: &'static str,
    calendar_interpreter: &'static str,
    calendar_coordinator: &'static str,
    category_consultation: &'static str,
    category_interpreting: &'static str,
    category_session: &'static str,
}

const JA: Labels = Labels {
    booking: "予約番号",
    language: "言語",
    mode: "方法",
    topic: "相談分野",
    agency: "機関",
    interpreter: "通訳者",
    none: "なし",
    booth: "ブース",
    residence_status: "在留資格",
    nationality: "国籍",
    summary: "相談内容",
    tried: "これまでの対応",
    name: "氏名",
    contact: "連絡先",
    cancelled: "【取消】",
    interpreting: "通訳",
    session: "専門相談日",
    slots: "枠",
    calendar_agency: "専門相談",
    calendar_interpreter: "通訳予定",
    calendar_coordinator: "全予約",
    category_consultation: "専門相談",
    category_interpreting: "通訳",
    category_session: "相談日",
};

const EN: Labels = Labels {
    booking: "Booking",
    language: "Language",
    mode: "Mode",
    topic: "Topic",
    agency: "Agency",
    interpreter: "Interpreter",
    none: "none",
    booth: "Booth",
    residence_status: "Residence status",
    nationality: "Nationality",
    summary: "Summary",
    tried: "Already tried",
    name: "Name",
    contact: "Contact",
    cancelled: "[Cancelled] ",
    interpreting: "Interpreting",
    session: "Consultation day",
    slots: "slots",
    calendar_agency: "consultations",
    calendar_interpreter: "interpreting",
    calendar_coordinator: "all bookings",
    category_consultation: "Consultation",
    category_interpreting: "Interpreting",
    category_session: "Consultation day",
};

impl Labels {
    pub(super) fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }
}

pub(super) struct Ctx<'a> {
    pub center: &'a Center,
    pub agencies: &'a [Agency],
    pub interpreters: &'a [Interpreter],
    pub labels: &'static Labels,
    pub lang: Lang,
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
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    fn center_name(&self) -> &str {
        self.pick(&self.center.name_ja, &self.center.name_en)
    }

    fn language_name<'s>(&self, code: &'s str) -> &'s str {
        match language(code) {
            Some(l) => self.pick(l.name_ja, l.name_en),
            None => code,
        }
    }

    fn topic_name<'s>(&'s self, id: &'s str) -> &'s str {
        match self.center.topic(id) {
            Some(t) => self.pick(&t.name_ja, &t.name_en),
            None => id,
        }
    }

    fn agency_name<'s>(&'s self, id: &'s str) -> &'s str {
        match self.agencies.iter().find(|a| a.id == id) {
            Some(a) => self.pick(&a.name_ja, &a.name_en),
            None => id,
        }
    }

    fn mode_name(&self, mode: Option<Mode>) -> &str {
        match mode {
            Some(m) => self.pick(m.name_ja(), m.name_en()),
            None => self.labels.none,
        }
    }

    fn cancelled_prefix(&self, b: &Booking) -> &str {
        if b.status == BookingStatus::Cancelled {
            self.labels.cancelled
        } else {
            ""
        }
    }

    pub fn agency_calendar_name(&self, agency: &Agency) -> String {
        format!(
            "{} | {} {}",
            self.center_name(),
            self.pick(&agency.name_ja, &agency.name_en),
            self.labels.calendar_agency
        )
    }

    pub fn interpreter_calendar_name(&self, interpreter: &Interpreter) -> String {
        format!(
            "{} | {} ({})",
            self.center_name(),
            self.labels.calendar_interpreter,
            interpreter.id
        )
    }

    pub fn coordinator_calendar_name(&self) -> String {
        format!(
            "{} | {}",
            self.center_name(),
            self.labels.calendar_coordinator
        )
    }

    /// An event of an agency or coordinator feed: the consultation with its intake.
    /// `personal` adds the resident's name and contact (and, for coordinators, the
    /// interpreter's name).
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
    ) -> IcsEvent {
        let l = self.labels;
        let topic = self.topic_name(&r.topic);
        let lang = self.language_name(&r.language);
        let mode = self.mode_name(b.mode);
        let mut summary = format!(
            "{}[{}] {topic} / {lang} / {mode}",
            self.cancelled_prefix(b),
            b.number
        );
        if kind == FeedKind::Coordinator {
            summary.push_str(&format!(" / {}", self.agency_name(&b.agency)));
        }
        let interpreter = match (&b.interpreter, personal && kind == FeedKind::Coordinator) {
            (Some(id), true) => match self.interpreters.iter().find(|i| &i.id == id) {
                Some(i) => format!("{} ({id})", i.name),
                None => id.clone(),
            },
            (Some(id), false) => id.clone(),
            (None, _) => l.none.to_owned(),
        };
        let mut lines = vec![
            format!("{}: {}", l.booking, b.number),
            format!("{}: {}", l.agency, self.agency_name(&b.agency)),
            format!("{}: {topic}", l.topic),
            format!("{}: {lang}", l.language),
            format!("{}: {mode}", l.mode),
            format!("{}: {interpreter}", l.interpreter),
            format!("{}: {}", l.booth, b.booth),
            format!("{}: {}", l.residence_status, r.intake.residence_status),
            format!("{}: {}", l.nationality, r.intake.nationality),
            format!("{}:\n{}", l.summary, r.intake.summary),
            format!("{}:\n{}", l.tried, r.intake.tried),
        ];
        if personal {
            lines.push(format!("{}: {}", l.name, r.contact.name));
            lines.push(format!("{}: {}", l.contact, r.contact.contact));
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
            location: Some(format!(
                "{} {} {} {}",
                self.center_name(),
                self.center.address,
                l.booth,
                b.booth
            )),
            status: status(b),
            categories: vec![l.category_consultation.to_owned()],
            transparent: false,
            private: true,
        }
    }

    /// An event of an interpreter feed: agency, language, mode, time and topic only. The
    /// place is given for in-person assignments (the center's public address).
    pub fn assignment_event(
        &self,
        b: &Booking,
        r: &Request,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        tz: Tz,
    ) -> IcsEvent {
        let l = self.labels;
        let agency = self.agency_name(&b.agency);
        let lang = self.language_name(&r.language);
        let mode = self.mode_name(b.mode);
        let topic = self.topic_name(&r.topic);
        let location = (b.mode == Some(Mode::InPerson))
            .then(|| format!("{} {}", self.center_name(), self.center.address));
        IcsEvent {
            uid: booking_uid(FeedKind::Interpreter, &b.number),
            sequence: b.sequence,
            stamp: b.updated,
            start,
            end,
            tz,
            summary: format!(
                "{}{} {} / {lang} / {mode}",
                self.cancelled_prefix(b),
                l.interpreting,
                agency
            ),
            description: [
                format!("{}: {}", l.booking, b.number),
                format!("{}: {agency}", l.agency),
                format!("{}: {lang}", l.language),
                format!("{}: {mode}", l.mode),
                format!("{}: {topic}", l.topic),
            ]
            .join("\n"),
            location,
            status: status(b),
            categories: vec![l.category_interpreting.to_owned()],
            transparent: false,
            private: true,
        }
    }

    /// A session block of an agency feed. Sessions have no change history, so SEQUENCE is 0
    /// and DTSTAMP is the first day of the session's month (stable across renders);
    /// subscription clients replace the whole feed on refresh anyway.
    pub fn session_event(&self, agency: &Agency, s: &Session, tz: Tz) -> IcsEvent {
        let l = self.labels;
        let first = NaiveDate::from_ymd_opt(s.start.year(), s.start.month(), 1)
            .unwrap_or_default()
            .and_time(chrono::NaiveTime::MIN)
            .and_utc();
        let modes: Vec<&str> = s.modes.iter().map(|m| self.mode_name(Some(*m))).collect();
        IcsEvent {
            uid: format!("session.{}@soudan", s.id),
            sequence: 0,
            stamp: first,
            start: s.start_instant(),
            end: s.end_instant().max(s.start_instant()),
            tz,
            summary: format!(
                "{} ({})",
                l.session,
                self.pick(&agency.name_ja, &agency.name_en)
            ),
            description: format!(
                "{}: {} × {} {} ({} min)\n{}: {}",
                l.slots,
                s.slot_count(),
                s.booths,
                l.booth,
                s.slot_minutes,
                l.mode,
                modes.join(", ")
            ),
            location: Some(format!("{} {}", self.center_name(), self.center.address)),
            status: IcsStatus::Confirmed,
            categories: vec![l.category_session.to_owned()],
            transparent: true,
            private: false,
        }
    }
}
