//! The monthly report: what a coordinator pastes into an e-mail or Excel.
//!
//! Pure: built from model values and the reasons the last allocation gave; rendering to
//! table, CSV or JSON is the CLI's job.

use crate::model::{
    Agency, Booking, BookingStatus, Interpreter, Mode, Month, Request, RequestStatus,
    sessions_for_month,
};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub month: String,
    pub agencies: Vec<AgencyLine>,
    pub languages: Vec<LanguageLine>,
    pub interpreters: Vec<InterpreterLine>,
    pub waiting: Vec<WaitingLine>,
    /// Waiting requests whose deadline passes before any possible slot: they need a person now.
    pub urgent: Vec<WaitingLine>,
    /// Languages of waiting requests that no interpreter and no agency speaks, with the
    /// route each request can take instead: which interpreters to recruit.
    pub no_interpreter: Vec<RouteLine>,
}

/// Waiting requests in one language nobody interprets, by the route open to them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RouteLine {
    pub language: String,
    pub requests: u32,
    /// Accept an in-person session: a translation device at the counter.
    pub translation_device: u32,
    /// Phone or video only: three-way phone interpreting through an outside service.
    pub three_way_phone: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AgencyLine {
    pub agency: String,
    pub sessions: usize,
    pub places: u32,
    pub booked: u32,
    /// Percent of places booked.
    pub utilisation: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LanguageLine {
    pub language: String,
    pub requested: u32,
    pub placed: u32,
    pub waiting: u32,
    pub in_person: u32,
    pub video: u32,
    pub phone: u32,
    /// Placed without an interpreter (the specialist or the center speaks the language).
    pub direct: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InterpreterLine {
    pub interpreter: String,
    pub timezone: String,
    pub assignments: u32,
    pub hours: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WaitingLine {
    pub request: String,
    pub language: String,
    pub topic: String,
    pub priority: String,
    pub deadline: Option<NaiveDate>,
    /// Reason code from the last allocation of the month (`not_allocated` if there was none).
    pub reason: String,
}

/// Builds the report of `month`. `reasons` maps waiting request ids to the reason code the
/// last allocation of the month gave; `tz` is the center's zone, which places sessions in time
/// (slot counts over DST changes).
// Plain inputs keep the report pure and the call site obvious; a struct for eight loaded
// record lists would only move the same list elsewhere.
#[allow(clippy::too_many_arguments)]
pub fn build(
    month: Month,
    agencies: &[Agency],
    interpreters: &[Interpreter],
    requests: &[Request],
    bookings: &[Booking],
    reasons: &BTreeMap<String, String>,
    today: NaiveDate,
    tz: chrono_tz::Tz,
) -> Report {
    // Languages someone can serve: an interpreter or an agency's own specialists.
    let spoken_languages: Vec<&String> = agencies
        .iter()
        .flat_map(|a| &a.languages)
        .chain(interpreters.iter().flat_map(|i| &i.languages))
        .collect();
    let booked: Vec<&Booking> = bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Confirmed && month.contains(b.start.date()))
        .collect();
    let agencies = agencies
        .iter()
        .map(|a| {
            let sessions = sessions_for_month(a, month, tz);
            let places: u32 = sessions.iter().map(|s| s.slot_count() * s.booths).sum();
            let n = booked.iter().filter(|b| b.agency == a.id).count() as u32;
            AgencyLine {
                agency: a.id.clone(),
                sessions: sessions.len(),
                places,
                booked: n,
                utilisation: if places == 0 {
                    0.0
                } else {
                    (1000.0 * f64::from(n) / f64::from(places)).round() / 10.0
                },
            }
        })
        .collect();
    let relevant: Vec<&Request> = requests
        .iter()
        .filter(|r| r.status == RequestStatus::Waiting || booked.iter().any(|b| b.request == r.id))
        .collect();
    let mut languages: BTreeMap<&str, LanguageLine> = BTreeMap::new();
    for r in &relevant {
        let line = languages
            .entry(r.language.as_str())
            .or_insert_with(|| LanguageLine {
                language: r.language.clone(),
                requested: 0,
                placed: 0,
                waiting: 0,
                in_person: 0,
                video: 0,
                phone: 0,
                direct: 0,
            });
        line.requested += 1;
        match booked.iter().find(|b| b.request == r.id) {
            Some(b) => {
                line.placed += 1;
                match b.mode {
                    Some(Mode::InPerson) => line.in_person += 1,
                    Some(Mode::Video) => line.video += 1,
                    Some(Mode::Phone) => line.phone += 1,
                    None => line.direct += 1,
                }
            }
            None => line.waiting += 1,
        }
    }
    let mut languages: Vec<LanguageLine> = languages.into_values().collect();
    languages.sort_by(|a, b| {
        b.requested
            .cmp(&a.requested)
            .then(a.language.cmp(&b.language))
    });
    let interpreters = interpreters
        .iter()
        .map(|i| {
            let mine: Vec<&&Booking> = booked
                .iter()
                .filter(|b| b.interpreter.as_deref() == Some(i.id.as_str()))
                .collect();
            let minutes: i64 = mine.iter().map(|b| (b.end - b.start).num_minutes()).sum();
            InterpreterLine {
                interpreter: i.id.clone(),
                timezone: i.timezone.clone(),
                assignments: mine.len() as u32,
                hours: (minutes as f64 / 6.0).round() / 10.0,
            }
        })
        .collect();
    let mut waiting = Vec::new();
    let mut urgent = Vec::new();
    for r in relevant
        .iter()
        .filter(|r| r.status == RequestStatus::Waiting)
    {
        let reason = reasons
            .get(&r.id)
            .cloned()
            .unwrap_or_else(|| "not_allocated".to_string());
        let line = WaitingLine {
            request: r.id.clone(),
            language: r.language.clone(),
            topic: r.topic.clone(),
            priority: r.priority.code().to_string(),
            deadline: r.deadline,
            reason,
        };
        let hopeless =
            r.deadline.is_some_and(|d| d < today) || line.reason == "deadline_before_sessions";
        if hopeless {
            urgent.push(line.clone());
        }
        waiting.push(line);
    }
    let spoken = |l: &str| spoken_languages.iter().any(|s| s.as_str() == l);
    let mut routes: BTreeMap<&str, RouteLine> = BTreeMap::new();
    for r in requests
        .iter()
        .filter(|r| r.status == RequestStatus::Waiting && !spoken(&r.language))
    {
        let line = routes
            .entry(r.language.as_str())
            .or_insert_with(|| RouteLine {
                language: r.language.clone(),
                requests: 0,
                translation_device: 0,
                three_way_phone: 0,
            });
        line.requests += 1;
        if r.modes.contains(&Mode::InPerson) {
            line.translation_device += 1;
        } else {
            line.three_way_phone += 1;
        }
    }
    let mut no_interpreter: Vec<RouteLine> = routes.into_values().collect();
    no_interpreter.sort_by(|a, b| {
        b.requests
            .cmp(&a.requests)
            .then(a.language.cmp(&b.language))
    });
    Report {
        month: month.to_string(),
        agencies,
        languages,
        interpreters,
        waiting,
        urgent,
        no_interpreter,
    }
}

impl Report {
    /// Plain text for an e-mail: aligned columns, one section per heading.
    pub fn to_table(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "Report {}", self.month);
        let _ = writeln!(
            s,
            "\nAgencies\n{:<14}{:>9}{:>8}{:>8}{:>12}",
            "agency", "sessions", "places", "booked", "utilisation"
        );
        for a in &self.agencies {
            let _ = writeln!(
                s,
                "{:<14}{:>9}{:>8}{:>8}{:>11.1}%",
                a.agency, a.sessions, a.places, a.booked, a.utilisation
            );
        }
        let _ = writeln!(
            s,
            "\nLanguages\n{:<10}{:>10}{:>8}{:>9}{:>11}{:>7}{:>7}{:>8}",
            "language", "requested", "placed", "waiting", "in_person", "video", "phone", "direct"
        );
        for l in &self.languages {
            let _ = writeln!(
                s,
                "{:<10}{:>10}{:>8}{:>9}{:>11}{:>7}{:>7}{:>8}",
                l.language,
                l.requested,
                l.placed,
                l.waiting,
                l.in_person,
                l.video,
                l.phone,
                l.direct
            );
        }
        let _ = writeln!(
            s,
            "\nInterpreters\n{:<18}{:<22}{:>12}{:>7}",
            "interpreter", "timezone", "assignments", "hours"
        );
        for i in self.interpreters.iter().filter(|i| i.assignments > 0) {
            let _ = writeln!(
                s,
                "{:<18}{:<22}{:>12}{:>7.1}",
                i.interpreter, i.timezone, i.assignments, i.hours
            );
        }
        let idle = self
            .interpreters
            .iter()
            .filter(|i| i.assignments == 0)
            .count();
        let _ = writeln!(s, "({idle} interpreters without assignments this month)");
        for (title, lines) in [
            ("Waiting", &self.waiting),
            (
                "Needs a person today (deadline passes before any possible slot)",
                &self.urgent,
            ),
        ] {
            let _ = writeln!(
                s,
                "\n{title}\n{:<9}{:<6}{:<16}{:<8}{:<12}reason",
                "request", "lang", "topic", "prio", "deadline"
            );
            if lines.is_empty() {
                let _ = writeln!(s, "(none)");
            }
            for w in lines {
                let _ = writeln!(
                    s,
                    "{:<9}{:<6}{:<16}{:<8}{:<12}{}",
                    w.request,
                    w.language,
                    w.topic,
                    w.priority,
                    w.deadline.map_or("-".into(), |d| d.to_string()),
                    w.reason
                );
            }
        }
        let _ = writeln!(
            s,
            "\nNo interpreter (recruit?)\n{:<20}{:>9}{:>20}{:>17}",
            "language", "waiting", "translation device", "three-way phone"
        );
        if self.no_interpreter.is_empty() {
            let _ = writeln!(s, "(none)");
        }
        for l in &self.no_interpreter {
            let _ = writeln!(
                s,
                "{:<20}{:>9}{:>20}{:>17}",
                l.language, l.requests, l.translation_device, l.three_way_phone
            );
        }
        s
    }

    /// CSV for Excel: one block per section, each with its own header row, blank line between.
    pub fn to_csv(&self) -> Result<String, csv::Error> {
        fn block<T: Serialize>(
            out: &mut Vec<u8>,
            section: &str,
            rows: &[T],
        ) -> Result<(), csv::Error> {
            out.extend_from_slice(format!("# {section}\n").as_bytes());
            let mut w = csv::WriterBuilder::new()
                .has_headers(true)
                .from_writer(Vec::new());
            for r in rows {
                w.serialize(r)?;
            }
            let bytes = w.into_inner().map_err(|e| e.into_error())?;
            // Re-write every cell through `excel_safe`: an id or name starting with `=`, `+`,
            // `-` or `@` would otherwise run as a formula when the coordinator opens the file.
            let mut safe = csv::WriterBuilder::new().from_writer(Vec::new());
            for record in csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes.as_slice())
                .records()
            {
                let record = record?;
                safe.write_record(record.iter().map(|c| excel_safe(c).into_owned()))?;
            }
            out.extend_from_slice(&safe.into_inner().map_err(|e| e.into_error())?);
            out.push(b'\n');
            Ok(())
        }
        let mut out = Vec::new();
        block(&mut out, "agencies", &self.agencies)?;
        block(&mut out, "languages", &self.languages)?;
        block(&mut out, "interpreters", &self.interpreters)?;
        block(&mut out, "waiting", &self.waiting)?;
        block(&mut out, "needs a person today", &self.urgent)?;
        block(&mut out, "no interpreter", &self.no_interpreter)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}
/// A CSV cell that spreadsheet programs show as text: a cell starting with `=`, `+`, `-`, `@`,
/// TAB or CR (formula triggers, OWASP "CSV injection") gets a leading `'`; numbers are kept.
fn excel_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod csv_tests {
    use super::excel_safe;

    /// Guards `report --format csv` against formula injection through ids and names.
    #[test]
    fn formula_leading_cells_are_quoted_numbers_kept() {
        for risky in [
            "=1+1",
            "+cmd",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(excel_safe(risky), format!("'{risky}"));
        }
        for plain in ["R-0001", "12.5", "-3", "0", "相談", ""] {
            assert_eq!(excel_safe(plain), plain);
        }
    }
}
