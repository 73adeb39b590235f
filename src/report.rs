//! The monthly report: what a coordinator pastes into an e-mail or Excel.
//!
//! Pure: built from model values and the reasons the last allocation gave. [`Report::tables`]
//! turns it into titled tables in the reader's language (names, not codes), which the text and
//! the per-table CSV files share; JSON keeps the codes. Names come from `words`, the one
//! place that knows how staff read codes, dates and column widths.

use crate::i18n::Lang;
use crate::model::{
    Agency, Booking, BookingStatus, Center, Clock, Interpreter, Mode, Month, Request,
    RequestStatus, Trouble, Troubles, sessions_for_month,
};
use crate::tr;
use crate::words;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub month: String,
    /// 要対応: the month's confirmed bookings that cannot happen as planned ([`Troubles`]),
    /// in time order. First in the text: residents are told to come to them.
    pub rearranging: Vec<RearrangeLine>,
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

/// A confirmed booking that needs rearranging, and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RearrangeLine {
    pub booking: String,
    pub request: String,
    pub agency: String,
    pub session: String,
    pub start: chrono::NaiveDateTime,
    pub end: chrono::NaiveDateTime,
    pub language: String,
    /// [`Trouble::code`].
    pub reason: String,
    /// The interpreter the booking had (when that is the trouble).
    pub interpreter: Option<String>,
    #[serde(skip)]
    pub trouble: Trouble,
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
    /// Reason code from the last allocation of the month (`not_allocated` if there was none),
    /// or [`NO_SESSION_LEFT`] when nothing this month can take it any more at the clock.
    pub reason: String,
    /// The deadline has passed ([`is_overdue`]).
    pub overdue: bool,
    /// With [`NO_SESSION_LEFT`]: the agency and date of the soonest suitable session next month.
    pub next_agency: Option<String>,
    pub next_date: Option<NaiveDate>,
}

/// Builds the report of `month`. `requests` are all requests (or at least the waiting ones
/// and those booked in the month; borrowed, so a caller with 100,000 waiting requests clones
/// none); `reasons` maps waiting request ids to the reason code the last allocation of the
/// month gave; `tz` is the center's zone, which places sessions in time (slot counts over DST
/// changes).
///
/// Linear in requests + bookings: every per-request or per-person question about the month's
/// bookings goes through one index ([`MonthBookings`]) instead of a scan of the bookings, which
/// was quadratic for a booked national month.
// Plain inputs keep the report pure and the call site obvious; a struct for eight loaded
// record lists would only move the same list elsewhere.
#[allow(clippy::too_many_arguments)]
pub fn build<'a>(
    month: Month,
    agencies: &[Agency],
    interpreters: &[Interpreter],
    requests: impl IntoIterator<Item = &'a Request>,
    bookings: &[Booking],
    reasons: &BTreeMap<String, String>,
    horizon: &Horizon<'_>,
    troubles: &Troubles,
    tz: chrono_tz::Tz,
    closed: &crate::model::ClosedDays,
) -> Report {
    let booked = MonthBookings::new(month, bookings);
    let requests: Vec<&Request> = requests.into_iter().collect();
    let language_of: HashMap<&str, &str> = requests
        .iter()
        .map(|r| (r.id.as_str(), r.language.as_str()))
        .collect();
    let mut rearranging: Vec<RearrangeLine> = bookings
        .iter()
        .filter(|b| month.contains(b.start.date()))
        .filter_map(|b| {
            let t = troubles.get(&b.number)?;
            Some(RearrangeLine {
                booking: b.number.clone(),
                request: b.request.clone(),
                agency: b.agency.clone(),
                session: b.session.clone(),
                start: b.start,
                end: b.end,
                language: language_of
                    .get(b.request.as_str())
                    .map_or_else(String::new, |l| l.to_string()),
                reason: t.code().to_string(),
                interpreter: match t {
                    Trouble::InterpreterRemoved { interpreter }
                    | Trouble::InterpreterUnavailable { interpreter } => Some(interpreter.clone()),
                    _ => None,
                },
                trouble: t.clone(),
            })
        })
        .collect();
    rearranging.sort_by(|a, b| (a.start, &a.booking).cmp(&(b.start, &b.booking)));
    let agency_lines = agencies
        .iter()
        .map(|a| {
            let sessions = sessions_for_month(a, month, tz, closed);
            let places: u32 = sessions.iter().map(|s| s.slot_count() * s.booths).sum();
            let n = booked.of_agency(&a.id);
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
    let mut languages: BTreeMap<&str, LanguageLine> = BTreeMap::new();
    let mut waiting_requests: Vec<&Request> = Vec::new();
    for r in requests {
        let placed = booked.of_request(&r.id);
        let is_waiting = r.status == RequestStatus::Waiting;
        if !is_waiting && placed.is_none() {
            continue;
        }
        if is_waiting {
            waiting_requests.push(r);
        }
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
        match placed {
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
    let interpreter_lines = interpreters
        .iter()
        .map(|i| {
            let (assignments, minutes) = booked.of_interpreter(&i.id);
            InterpreterLine {
                interpreter: i.id.clone(),
                timezone: i.timezone.clone(),
                assignments,
                hours: (minutes as f64 / 6.0).round() / 10.0,
            }
        })
        .collect();
    let mut waiting = Vec::with_capacity(waiting_requests.len());
    let mut urgent = Vec::new();
    for w in waiting_lines(waiting_requests.iter().copied(), reasons, horizon) {
        let line = WaitingLine {
            request: w.request.id.clone(),
            language: w.request.language.clone(),
            topic: w.request.topic.clone(),
            priority: w.request.priority.code().to_string(),
            deadline: w.request.deadline,
            reason: w.reason.to_string(),
            overdue: w.overdue,
            next_agency: w.next.map(|n| n.agency.to_string()),
            next_date: w.next.map(|n| n.date),
        };
        if w.urgent {
            urgent.push(line.clone());
        }
        waiting.push(line);
    }
    let no_interpreter = no_interpreter_routes(agencies, interpreters, waiting_requests);
    Report {
        rearranging,
        month: month.to_string(),
        agencies: agency_lines,
        languages,
        interpreters: interpreter_lines,
        waiting,
        urgent,
        no_interpreter,
    }
}

/// A waiting request as the report sees it, borrowed: the view draws its waiting list from
/// these without copying 100,000 requests' fields into [`WaitingLine`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting<'a> {
    pub request: &'a Request,
    /// Reason code: [`NO_SESSION_LEFT`] when every suitable session of the month has started
    /// or is inside the lead time at the clock, else the last allocation's (`not_allocated`
    /// if there was none).
    pub reason: &'a str,
    /// Its deadline passes before any possible slot: it needs a person now.
    pub urgent: bool,
    /// Its deadline has passed at the clock: it needs a person now, and a new deadline or a
    /// cancellation ([`is_overdue`]).
    pub overdue: bool,
    /// With [`NO_SESSION_LEFT`]: the soonest suitable session next month, if any.
    pub next: Option<NextSession<'a>>,
}

/// The reason of a waiting request when every suitable session of its month has started or is
/// inside the lead time: nothing this month can take it any more.
pub const NO_SESSION_LEFT: &str = "no_session_left_this_month";

/// A session of next month a waiting request could go to (agency, date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NextSession<'a> {
    pub agency: &'a str,
    pub date: NaiveDate,
}

/// True when `r` is waiting and its deadline has passed on `today` (the center's date): the
/// one rule for "期限切れ / overdue" (report, view, `request list`/`show`, `check`).
pub fn is_overdue(r: &Request, today: NaiveDate) -> bool {
    r.status == RequestStatus::Waiting && r.deadline.is_some_and(|d| d < today)
}

/// What the clock says about each agency's sessions of a month: whether any is still open
/// (not started, not inside the lead time) and the soonest open one of next month. Built once
/// per month, so [`waiting_lines`] stays linear in the requests.
#[derive(Debug, Clone)]
pub struct Horizon<'a> {
    today: NaiveDate,
    /// Per agency: (sessions this month, any still open this month, soonest next month).
    agencies: Vec<(&'a Agency, bool, bool, Option<NaiveDate>)>,
}

impl<'a> Horizon<'a> {
    /// The sessions of `month` and the next, judged at `clock` (its `open_from` carries the
    /// lead time).
    pub fn new(
        agencies: &'a [Agency],
        month: Month,
        clock: &Clock,
        closed: &crate::model::ClosedDays,
    ) -> Horizon<'a> {
        let agencies = agencies
            .iter()
            .map(|a| {
                let this = sessions_for_month(a, month, clock.tz, closed);
                let usable = |s: &crate::model::Session| s.booths > 0 && s.slot_count() > 0;
                let any = this.iter().any(usable);
                let open = this.iter().any(|s| usable(s) && clock.is_open(s.start));
                let next = sessions_for_month(a, month.next(), clock.tz, closed)
                    .into_iter()
                    .filter(|s| usable(s) && clock.is_open(s.start))
                    .map(|s| s.date())
                    .min();
                (a, any, open, next)
            })
            .collect();
        Horizon {
            today: clock.today(),
            agencies,
        }
    }

    /// A clock-less horizon at `today`: overdue is judged, sessions are not (the stored
    /// reason stands).
    pub fn at(today: NaiveDate) -> Horizon<'a> {
        Horizon {
            today,
            agencies: Vec::new(),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// `None` when some suitable session is still open this month (or none exists at all:
    /// the topic is not covered, the allocation's own reason); else the soonest suitable
    /// session next month, itself optional.
    fn left(&self, r: &Request) -> Option<Option<NextSession<'a>>> {
        let suitable = self.agencies.iter().filter(|(a, ..)| {
            r.agency.as_deref().is_none_or(|x| x == a.id) && a.topics.contains(&r.topic)
        });
        let mut any = false;
        let mut next: Option<NextSession<'a>> = None;
        for (a, this, open, soonest) in suitable {
            if *open {
                return None;
            }
            any |= *this;
            if let Some(d) = soonest
                && next.is_none_or(|n| *d < n.date)
            {
                next = Some(NextSession {
                    agency: a.id.as_str(),
                    date: *d,
                });
            }
        }
        any.then_some(next)
    }
}

/// The waiting lines of `requests` (those with status waiting), in their order: the one
/// place that decides a waiting request's reason, urgency and overdue state at the clock
/// (`horizon`), for the report, the view, `request list`/`show` and `check`.
pub fn waiting_lines<'a, 'h>(
    requests: impl IntoIterator<Item = &'a Request>,
    reasons: &'a BTreeMap<String, String>,
    horizon: &'h Horizon<'a>,
) -> impl Iterator<Item = Waiting<'a>> {
    requests
        .into_iter()
        .filter(|r| r.status == RequestStatus::Waiting)
        .map(move |r| waiting_line(r, reasons.get(&r.id).map(String::as_str), horizon))
}

/// One request's line (see [`waiting_lines`]); `stored` is the last allocation's reason.
pub fn waiting_line<'a>(
    r: &'a Request,
    stored: Option<&'a str>,
    horizon: &Horizon<'a>,
) -> Waiting<'a> {
    let stored = stored.unwrap_or("not_allocated");
    let (reason, next) = match horizon.left(r) {
        Some(next) => (NO_SESSION_LEFT, next),
        None => (stored, None),
    };
    let overdue = is_overdue(r, horizon.today);
    Waiting {
        request: r,
        reason,
        urgent: overdue || reason == "deadline_before_sessions",
        overdue,
        next,
    }
}

/// Languages of the waiting `requests` that no interpreter and no agency speaks, with the
/// route each request can take instead, most requests first.
pub fn no_interpreter_routes<'a>(
    agencies: &[Agency],
    interpreters: &[Interpreter],
    requests: impl IntoIterator<Item = &'a Request>,
) -> Vec<RouteLine> {
    // Languages someone can serve: an interpreter or an agency's own specialists.
    let spoken: HashSet<&str> = agencies
        .iter()
        .flat_map(|a| &a.languages)
        .chain(interpreters.iter().flat_map(|i| &i.languages))
        .map(String::as_str)
        .collect();
    let mut routes: BTreeMap<&str, RouteLine> = BTreeMap::new();
    for r in requests
        .into_iter()
        .filter(|r| r.status == RequestStatus::Waiting && !spoken.contains(r.language.as_str()))
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
    no_interpreter
}

/// The confirmed bookings of one month, indexed by request, agency and interpreter: each
/// question [`build`] asks per request or per person is a hash look-up, not a scan of the
/// month's bookings (20,000 in a booked national month).
pub struct MonthBookings<'a> {
    by_request: HashMap<&'a str, &'a Booking>,
    per_agency: HashMap<&'a str, u32>,
    /// Assignments and minutes per interpreter.
    per_interpreter: HashMap<&'a str, (u32, i64)>,
}

impl<'a> MonthBookings<'a> {
    pub fn new(month: Month, bookings: &'a [Booking]) -> MonthBookings<'a> {
        let mut index = MonthBookings {
            by_request: HashMap::new(),
            per_agency: HashMap::new(),
            per_interpreter: HashMap::new(),
        };
        for b in bookings
            .iter()
            .filter(|b| b.status == BookingStatus::Confirmed && month.contains(b.start.date()))
        {
            // The first of a request's bookings counts, as a scan in booking order found it.
            index.by_request.entry(b.request.as_str()).or_insert(b);
            *index.per_agency.entry(b.agency.as_str()).or_default() += 1;
            if let Some(i) = b.interpreter.as_deref() {
                let e = index.per_interpreter.entry(i).or_default();
                e.0 += 1;
                e.1 += (b.end - b.start).num_minutes();
            }
        }
        index
    }

    /// The request's confirmed booking in the month (the first, should there be two).
    pub fn of_request(&self, request: &str) -> Option<&'a Booking> {
        self.by_request.get(request).copied()
    }

    /// Confirmed bookings of the agency in the month.
    pub fn of_agency(&self, agency: &str) -> u32 {
        self.per_agency.get(agency).copied().unwrap_or(0)
    }

    /// Assignments and booked minutes of the interpreter in the month.
    pub fn of_interpreter(&self, interpreter: &str) -> (u32, i64) {
        self.per_interpreter
            .get(interpreter)
            .copied()
            .unwrap_or((0, 0))
    }
}

/// One table of the report, ready for text or CSV: column titles in the reader's language,
/// cells as strings. Machine columns (ids and codes a spreadsheet user filters on or a script
/// reads back) appear in CSV only; the text shows names.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// File stem of its CSV (`agencies` -> `agencies.csv`) and `--table` name.
    pub name: &'static str,
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Right-aligned in the text.
    pub numeric: bool,
    /// Shown in CSV only (ids and codes).
    pub machine: bool,
    /// An ISO date (YYYY-MM-DD): kept so in CSV (Excel sorts it), written out in the text.
    pub date: bool,
}

/// Every `--table` name, in report order.
pub const TABLES: [&str; 7] = [
    "rearranging",
    "agencies",
    "languages",
    "interpreters",
    "waiting",
    "urgent",
    "no-interpreter",
];

/// Names the report shows instead of codes: the center (topics) and the agencies.
pub struct Names<'a> {
    pub center: Option<&'a Center>,
    pub agencies: &'a [Agency],
    /// Interpreters are shown by name, their id beside it.
    pub interpreters: &'a [Interpreter],
}

impl Report {
    /// The report's tables in `ui` (see [`Table`]).
    pub fn tables(&self, ui: Lang, names: &Names<'_>) -> Vec<Table> {
        let col = |key: &str, numeric: bool, machine: bool| Column {
            title: crate::i18n::message(ui, key, None),
            numeric,
            machine,
            date: key == "report-col-deadline",
        };
        let rearranging = Table {
            name: "rearranging",
            title: tr!(ui, "report-rearranging"),
            columns: vec![
                col("report-col-booking", false, false),
                col("report-col-request", false, false),
                col("report-col-when", false, false),
                col("report-col-agency", false, false),
                col("report-col-language", false, false),
                col("report-col-reason", false, false),
                col("report-col-reason-code", false, true),
                col("report-col-repair", false, false),
            ],
            rows: self
                .rearranging
                .iter()
                .map(|l| {
                    vec![
                        l.booking.clone(),
                        l.request.clone(),
                        words::date_span(ui, l.start, l.end),
                        words::agency_name(ui, names.agencies, &l.agency),
                        words::lang_name(ui, &l.language),
                        words::trouble(ui, names.interpreters, &l.trouble),
                        l.reason.clone(),
                        words::trouble_repair(ui, &l.trouble),
                    ]
                })
                .collect(),
        };
        let agencies = Table {
            name: "agencies",
            title: tr!(ui, "report-agencies"),
            columns: vec![
                col("report-col-agency-id", false, true),
                col("report-col-agency", false, false),
                col("report-col-sessions", true, false),
                col("report-col-places", true, false),
                col("report-col-booked", true, false),
                col("report-col-utilisation", true, false),
            ],
            rows: self
                .agencies
                .iter()
                .map(|a| {
                    vec![
                        a.agency.clone(),
                        words::agency_name(ui, names.agencies, &a.agency),
                        a.sessions.to_string(),
                        a.places.to_string(),
                        a.booked.to_string(),
                        format!("{:.1}", a.utilisation),
                    ]
                })
                .collect(),
        };
        let languages = Table {
            name: "languages",
            title: tr!(ui, "report-languages"),
            columns: vec![
                col("report-col-language-code", false, true),
                col("report-col-language", false, false),
                col("report-col-requested", true, false),
                col("report-col-placed", true, false),
                col("report-col-waiting", true, false),
                col("report-col-in-person", true, false),
                col("report-col-video", true, false),
                col("report-col-phone", true, false),
                col("report-col-direct", true, false),
            ],
            rows: self
                .languages
                .iter()
                .map(|l| {
                    vec![
                        l.language.clone(),
                        words::lang_name(ui, &l.language),
                        l.requested.to_string(),
                        l.placed.to_string(),
                        l.waiting.to_string(),
                        l.in_person.to_string(),
                        l.video.to_string(),
                        l.phone.to_string(),
                        l.direct.to_string(),
                    ]
                })
                .collect(),
        };
        // The offset a zone has in the month (summer time or not): its 15th, noon UTC.
        let mid_month = format!("{}-15T12:00:00Z", self.month)
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap_or_default();
        let interpreters = Table {
            name: "interpreters",
            title: tr!(ui, "report-interpreters"),
            columns: vec![
                col("report-col-interpreter-id", false, true),
                col("report-col-interpreter", false, false),
                col("report-col-timezone-id", false, true),
                col("report-col-timezone", false, false),
                col("report-col-assignments", true, false),
                col("report-col-hours", true, false),
            ],
            rows: self
                .interpreters
                .iter()
                .map(|i| {
                    vec![
                        i.interpreter.clone(),
                        names
                            .interpreters
                            .iter()
                            .find(|p| p.id == i.interpreter && !p.name.is_empty())
                            .map_or_else(|| i.interpreter.clone(), |p| p.name.clone()),
                        i.timezone.clone(),
                        words::zone(ui, &i.timezone, mid_month),
                        i.assignments.to_string(),
                        format!("{:.1}", i.hours),
                    ]
                })
                .collect(),
        };
        let waiting_table = |name: &'static str, title: String, lines: &[WaitingLine]| Table {
            name,
            title,
            columns: vec![
                col("report-col-request", false, false),
                col("report-col-language-code", false, true),
                col("report-col-language", false, false),
                col("report-col-topic-id", false, true),
                col("report-col-topic", false, false),
                col("report-col-priority", false, false),
                col("report-col-deadline", false, false),
                col("report-col-overdue", false, false),
                col("report-col-reason", false, false),
                col("report-col-reason-code", false, true),
            ],
            rows: lines
                .iter()
                .map(|w| {
                    let next = w.next_agency.as_deref().zip(w.next_date).map(|(a, d)| {
                        (
                            words::agency_name(ui, names.agencies, a),
                            words::date(ui, d),
                        )
                    });
                    vec![
                        w.request.clone(),
                        w.language.clone(),
                        words::lang_name(ui, &w.language),
                        w.topic.clone(),
                        words::topic_name(ui, names.center, &w.topic),
                        words::code_word(ui, "priority", &w.priority),
                        // ISO dates: Excel sorts them; the text shows the same.
                        w.deadline.map_or(String::new(), |d| d.to_string()),
                        if w.overdue {
                            tr!(ui, "report-overdue", request = w.request.as_str())
                        } else {
                            String::new()
                        },
                        words::waiting_reason(ui, &w.reason, next),
                        w.reason.clone(),
                    ]
                })
                .collect(),
        };
        let no_interpreter = Table {
            name: "no-interpreter",
            title: tr!(ui, "report-no-interpreter"),
            columns: vec![
                col("report-col-language-code", false, true),
                col("report-col-language", false, false),
                col("report-col-waiting", true, false),
                col("report-col-translation-device", true, false),
                col("report-col-three-way-phone", true, false),
            ],
            rows: self
                .no_interpreter
                .iter()
                .map(|l| {
                    vec![
                        l.language.clone(),
                        words::lang_name(ui, &l.language),
                        l.requests.to_string(),
                        l.translation_device.to_string(),
                        l.three_way_phone.to_string(),
                    ]
                })
                .collect(),
        };
        vec![
            rearranging,
            agencies,
            languages,
            interpreters,
            waiting_table("waiting", tr!(ui, "report-waiting"), &self.waiting),
            waiting_table("urgent", tr!(ui, "report-urgent"), &self.urgent),
            no_interpreter,
        ]
    }

    /// Plain text for an e-mail: aligned columns (a Japanese character counts two), one
    /// section per table; ids and codes only where they are the name (requests, interpreters).
    pub fn to_table(&self, ui: Lang, names: &Names<'_>) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "{}", tr!(ui, "report-title", month = self.month.clone()));
        for mut table in self.tables(ui, names) {
            if table.name == "interpreters" {
                let idle = table.rows.iter().filter(|r| r[3] == "0").count();
                table.rows.retain(|r| r[3] != "0");
                render(&mut s, &table);
                let _ = writeln!(s, "{}", tr!(ui, "report-idle", count = idle));
                continue;
            }
            for (i, c) in table.columns.iter().enumerate() {
                if c.date {
                    for r in &mut table.rows {
                        if let Ok(d) = r[i].parse::<NaiveDate>() {
                            r[i] = words::date(ui, d);
                        }
                    }
                }
            }
            render(&mut s, &table);
            if table.rows.is_empty() {
                let _ = writeln!(s, "{}", tr!(ui, "report-none"));
            }
        }
        fn render(s: &mut String, t: &Table) {
            let shown: Vec<usize> = (0..t.columns.len())
                .filter(|&i| !t.columns[i].machine)
                .collect();
            let widths: Vec<usize> = shown
                .iter()
                .map(|&i| {
                    t.rows
                        .iter()
                        .map(|r| words::width(&r[i]))
                        .chain([words::width(&t.columns[i].title)])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |cells: Vec<&str>| {
                let mut out = String::new();
                for ((cell, &i), &w) in cells.iter().zip(&shown).zip(&widths) {
                    if t.columns[i].numeric {
                        out.push_str(&words::rpad(cell, w));
                    } else {
                        out.push_str(&words::pad(cell, w));
                    }
                    out.push_str("  ");
                }
                out.trim_end().to_string()
            };
            let _ = writeln!(s, "\n{}", t.title);
            let _ = writeln!(
                s,
                "{}",
                line(shown.iter().map(|&i| t.columns[i].title.as_str()).collect())
            );
            for r in &t.rows {
                let _ = writeln!(
                    s,
                    "{}",
                    line(shown.iter().map(|&i| r[i].as_str()).collect())
                );
            }
        }
        s
    }

    /// One CSV file per table, for Excel: `(file name, bytes)`. UTF-8 with a byte-order mark
    /// (without it Excel reads Japanese as Shift_JIS mojibake), CRLF line ends, a header row
    /// in `ui` with the machine columns too, and every cell formula-safe ([`excel_safe`]).
    pub fn to_csv_files(
        &self,
        ui: Lang,
        names: &Names<'_>,
    ) -> Result<Vec<(String, Vec<u8>)>, csv::Error> {
        self.tables(ui, names)
            .iter()
            .map(|t| Ok((format!("{}.csv", t.name), table_csv(t)?)))
            .collect()
    }

    /// One table as CSV (with BOM), or every table one after the other under `# title`
    /// lines (`table = None`: for a terminal or a pipe, not for Excel).
    pub fn to_csv(
        &self,
        ui: Lang,
        names: &Names<'_>,
        table: Option<&str>,
    ) -> Result<Vec<u8>, csv::Error> {
        let tables = self.tables(ui, names);
        match table {
            Some(name) => {
                let t = tables.iter().find(|t| t.name == name);
                t.map_or(Ok(Vec::new()), table_csv)
            }
            None => {
                let mut out = BOM.to_vec();
                for t in &tables {
                    out.extend_from_slice(format!("# {}\r\n", t.title).as_bytes());
                    out.extend_from_slice(&table_csv(t)?[BOM.len()..]);
                    out.extend_from_slice(b"\r\n");
                }
                Ok(out)
            }
        }
    }
}

/// UTF-8 byte-order mark: Excel's sign that a CSV is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

fn table_csv(t: &Table) -> Result<Vec<u8>, csv::Error> {
    let titles: Vec<&str> = t.columns.iter().map(|c| c.title.as_str()).collect();
    csv_for_excel(&titles, &t.rows)
}

/// A CSV file Excel opens right: BOM, CRLF, every cell formula-safe ([`excel_safe`]). The one
/// writer of CSV for people (the report's tables, the console's call list).
pub fn csv_for_excel<S: AsRef<str>>(
    header: &[&str],
    rows: &[Vec<S>],
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    w.write_record(header.iter().map(|c| excel_safe(c).into_owned()))?;
    for r in rows {
        // `excel_safe` on every cell: an id or name starting with `=`, `+`, `-` or `@` would
        // otherwise run as a formula when the coordinator opens the file.
        w.write_record(r.iter().map(|c| excel_safe(c.as_ref()).into_owned()))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
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

#[cfg(test)]
mod index_tests {
    use super::*;
    use chrono::{NaiveTime, TimeDelta, Utc};

    fn booking(
        number: &str,
        request: &str,
        day: &str,
        agency: &str,
        interpreter: Option<&str>,
        status: BookingStatus,
    ) -> Booking {
        let day: NaiveDate = day.parse().unwrap();
        let start = day.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap());
        Booking {
            number: number.into(),
            request: request.into(),
            session: format!("{agency}-{day}"),
            agency: agency.into(),
            slot: 0,
            start,
            end: start + TimeDelta::minutes(45),
            booth: 1,
            interpreter: interpreter.map(Into::into),
            mode: Some(Mode::InPerson),
            sequence: 1,
            status,
            created: Utc::now(),
            updated: Utc::now(),
        }
    }

    /// The index answers what the per-request and per-person scans of the month's
    /// confirmed bookings answered (they made `build` quadratic): the first booking of a
    /// request in booking order, counts per agency, assignments and minutes per interpreter;
    /// cancelled bookings and other months do not count.
    #[test]
    fn month_index_answers_what_the_scans_did() {
        use BookingStatus::{Cancelled, Confirmed};
        let month: Month = "2026-12".parse().unwrap();
        let bookings = vec![
            booking("B1", "R1", "2026-12-03", "imm", Some("i1"), Confirmed),
            booking("B2", "R1", "2026-12-04", "bar", None, Confirmed),
            booking("B3", "R2", "2026-12-04", "imm", Some("i1"), Cancelled),
            booking("B4", "R3", "2026-11-30", "imm", Some("i2"), Confirmed),
            booking("B5", "R4", "2026-12-31", "bar", Some("i2"), Confirmed),
        ];
        let index = MonthBookings::new(month, &bookings);
        let booked: Vec<&Booking> = bookings
            .iter()
            .filter(|b| b.status == Confirmed && month.contains(b.start.date()))
            .collect();
        for r in ["R1", "R2", "R3", "R4", "R5"] {
            let scanned = booked.iter().find(|b| b.request == r).map(|b| &b.number);
            assert_eq!(index.of_request(r).map(|b| &b.number), scanned, "{r}");
        }
        assert_eq!(index.of_request("R1").unwrap().number, "B1");
        for a in ["imm", "bar", "tax"] {
            let scanned = booked.iter().filter(|b| b.agency == a).count() as u32;
            assert_eq!(index.of_agency(a), scanned, "{a}");
        }
        for i in ["i1", "i2", "i3"] {
            let mine: Vec<_> = booked
                .iter()
                .filter(|b| b.interpreter.as_deref() == Some(i))
                .collect();
            let minutes: i64 = mine.iter().map(|b| (b.end - b.start).num_minutes()).sum();
            assert_eq!(index.of_interpreter(i), (mine.len() as u32, minutes), "{i}");
        }
        assert_eq!(index.of_interpreter("i2"), (1, 45));
    }
}
