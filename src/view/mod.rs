//! The coordinator's month view: one self-contained HTML page (issue 14).
//!
//! Staff at a counter would rather look than read `agency list`, `report` and feed files:
//! which sessions are full, which booths are free, who is still waiting and why, which
//! languages lack interpreters. This module turns a read-only snapshot of one month
//! ([`MonthData`]) into that page; the CLI writes it to a file and `publish` puts it into
//! the feed snapshot for `soudan serve` (behind the coordinator's secret URL).
//!
//! Pure: no store, no clock, no file system. The page is opened from a shared drive or
//! mailed, so everything is inline ([`crate::html::page`]): style, and charts as SVG drawn
//! here ([`svg`]), never a script.
//!
//! The waiting list, its reasons and what counts as urgent come from
//! [`crate::report::waiting_lines`], the rule `soudan report` prints by, so the view and the
//! report never disagree.
//!
//! Two steps, because `publish` renders each month several times (ja and en, per coordinator
//! feed) from up to 100,000 waiting requests: [`prepare`] does the language-independent work
//! once (borrowing, never cloning, the requests), [`render_prepared`] writes one page.
//!
//! Privacy: cells show booking number, language and mode; resident names only with
//! [`ViewOptions::personal_details`]. Interpreters appear by name in the charts.

mod svg;

use crate::html::{escape, page};
use crate::i18n::{self, Args, Lang};
use crate::model::{
    Agency, Booking, BookingStatus, Center, Clock, ContactItem, Interpreter, Mode, Month, Request,
    Session, Trouble, Troubles, is_rescheduling, sessions_for_month,
};
use crate::report;
use crate::tr;
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use svg::{BarChart, Series};

/// Everything the page is made of, read in one go by the caller (CLI or publish).
pub struct MonthData<'a> {
    pub month: Month,
    pub center: &'a Center,
    pub agencies: &'a [Agency],
    pub interpreters: &'a [Interpreter],
    /// All requests (or at least the waiting ones and those booked in the month).
    pub requests: &'a [Request],
    pub bookings: &'a [Booking],
    /// Reason codes the last allocation of the month gave (`Store::reasons`).
    pub reasons: &'a BTreeMap<String, String>,
    /// Pinned booking numbers (`Store::pins`).
    pub pins: &'a BTreeSet<String>,
    /// The call list (open items mark "tell the resident" cells).
    pub contacts: &'a [ContactItem],
    /// The clock in the center's zone (with the lead time): what is overdue or urgent, and
    /// which sessions of the month are still open.
    pub clock: Clock,
    pub tz: chrono_tz::Tz,
}

/// A section another module adds under its own heading (the planning section of `plan`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraSection {
    /// Plain text; escaped here.
    pub heading: String,
    /// HTML made by the providing module (it escapes its own data).
    pub html: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewOptions {
    /// ja or en (a resident language maps to its staff language).
    pub lang: Lang,
    /// Show resident names in booking cells and the waiting list.
    pub personal_details: bool,
    pub extra: Option<ExtraSection>,
    /// At most this many waiting rows per reason (most urgent first), then a line saying how
    /// many more `soudan report` lists. `None`: all. The published views set it, so a month
    /// with 100,000 waiting requests does not put megabytes into every snapshot.
    pub waiting_rows_per_reason: Option<usize>,
}

impl ViewOptions {
    pub fn new(lang: Lang) -> ViewOptions {
        ViewOptions {
            lang: lang.staff(),
            personal_details: false,
            extra: None,
            waiting_rows_per_reason: None,
        }
    }
}

/// Reason codes a waiting line can carry: the allocator's, in filter order, then
/// `not_allocated` (the month was never allocated). Each has a `view-reason-*` message.
pub fn reason_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = crate::alloc::Reason::ALL.iter().map(|r| r.code()).collect();
    codes.push(report::NO_SESSION_LEFT);
    codes.push("not_allocated");
    codes
}

/// The sentence for a reason code in `lang`; an unknown code (a newer allocator's) shows
/// as itself rather than vanishing.
pub fn reason_sentence(lang: Lang, code: &str) -> String {
    let key = format!("view-reason-{}", code.replace('_', "-"));
    if i18n::has(lang.staff(), &key) {
        i18n::message(lang.staff(), &key, None)
    } else {
        code.to_string()
    }
}

/// What one booth × slot cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellState {
    Free,
    Booked,
    Pinned,
    /// The resident is still to be told (open call-list item): a frame over another state.
    Contact,
    /// Placed in a mode that needs an interpreter, none assigned yet.
    Arranging,
    /// A released booking waiting to be placed again; the place itself is free.
    Rescheduling,
    /// Confirmed, but cannot happen as planned ([`Troubles`]): listed first, above the calendar.
    Trouble,
}

impl CellState {
    fn code(self) -> &'static str {
        match self {
            CellState::Free => "free",
            CellState::Booked => "booked",
            CellState::Pinned => "pinned",
            CellState::Contact => "contact",
            CellState::Arranging => "arranging",
            CellState::Rescheduling => "rescheduling",
            CellState::Trouble => "trouble",
        }
    }

    const ALL: [CellState; 7] = [
        CellState::Trouble,
        CellState::Booked,
        CellState::Pinned,
        CellState::Contact,
        CellState::Arranging,
        CellState::Rescheduling,
        CellState::Free,
    ];

    fn label(self, lang: Lang) -> String {
        match self {
            CellState::Free => tr!(lang, "view-state-free"),
            CellState::Booked => tr!(lang, "view-state-booked"),
            CellState::Pinned => tr!(lang, "view-state-pinned"),
            CellState::Contact => tr!(lang, "view-state-contact"),
            CellState::Arranging => tr!(lang, "view-state-arranging"),
            CellState::Rescheduling => tr!(lang, "view-state-rescheduling"),
            CellState::Trouble => tr!(lang, "trouble-state"),
        }
    }
}

/// Counts behind the charts, kept so tests and callers can check the page against them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub sessions: usize,
    pub places: u64,
    pub booked: u64,
    pub waiting: usize,
}

/// What every rendering of one month shares, whatever the language and options: its
/// sessions, its bookings by session, the waiting list grouped by reason and sorted, and the
/// waiting counts behind the charts. Publishing renders each month four times or more (ja and
/// en, per coordinator feed); preparing once keeps that from repeating the work on 100,000
/// waiting requests per rendering. Borrowed from the [`MonthData`]: nothing is cloned.
pub struct Prepared<'a> {
    data: &'a MonthData<'a>,
    /// The requests the month's bookings belong to (cells and rescheduling), by id.
    requests: HashMap<&'a str, &'a Request>,
    open_contacts: BTreeSet<&'a str>,
    sessions: Vec<Session>,
    /// The confirmed bookings of the month by session.
    confirmed: HashMap<&'a str, Vec<&'a Booking>>,
    /// Released bookings of the month still waiting to be placed again, by session.
    rescheduling: HashMap<&'a str, Vec<&'a Booking>>,
    /// The month's confirmed bookings that need rearranging (the one rule, [`Troubles`]),
    /// in time order: the first thing the page lists.
    troubled: Vec<(&'a Booking, Trouble)>,
    /// Waiting lines by reason, in reason order (lines from [`report::waiting_lines`], as
    /// `soudan report`'s).
    groups: Vec<Group<'a>>,
    /// Rows kept per reason ([`ViewOptions::waiting_rows_per_reason`] of [`prepare`]).
    rows: Option<usize>,
    no_interpreter: Vec<report::RouteLine>,
    /// Waiting requests per agency (named, else the first covering the topic; `None`:
    /// neither), for the per-agency chart.
    waiting_per_agency: BTreeMap<Option<&'a str>, usize>,
    waiting_per_language: HashMap<&'a str, usize>,
    totals: Totals,
}

/// The waiting lines of one reason.
struct Group<'a> {
    /// The reason code shown (the first line's: unknown codes share one group).
    code: &'a str,
    /// Lines in the group.
    len: usize,
    /// The first lines in display order (urgent first, then by deadline, none last, then
    /// id): all, or as many as the page shows. A national month's 100,000 are counted, and
    /// only the shown few hundred are sorted.
    head: Vec<report::Waiting<'a>>,
}

/// Display order of waiting lines: urgent first, then by deadline (none last), then id.
fn waiting_order(a: &report::Waiting<'_>, b: &report::Waiting<'_>) -> std::cmp::Ordering {
    b.urgent
        .cmp(&a.urgent)
        .then_with(|| match (a.request.deadline, b.request.deadline) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
        .then_with(|| a.request.id.cmp(&b.request.id))
}

/// The first `rows` of `lines` in [`waiting_order`] (all for `None`), sorted; the rest
/// dropped unsorted. Selecting before sorting gives the same rows as a full sort, since ids
/// are unique and so no two lines are equal in that order.
fn first_in_order<'a>(
    mut lines: Vec<report::Waiting<'a>>,
    rows: Option<usize>,
) -> Vec<report::Waiting<'a>> {
    match rows {
        Some(0) => lines.clear(),
        Some(k) if k < lines.len() => {
            lines.select_nth_unstable_by(k - 1, waiting_order);
            lines.truncate(k);
        }
        _ => {}
    }
    lines.sort_by(waiting_order);
    lines
}

struct Ctx<'a> {
    lang: Lang,
    data: &'a MonthData<'a>,
    personal: bool,
    requests: &'a HashMap<&'a str, &'a Request>,
    open_contacts: &'a BTreeSet<&'a str>,
    troubled: &'a [(&'a Booking, Trouble)],
}

/// Renders the month view page.
pub fn render(data: &MonthData<'_>, opts: &ViewOptions) -> String {
    render_with_totals(data, opts).0
}

/// [`render`], also returning the counts the page shows.
pub fn render_with_totals(data: &MonthData<'_>, opts: &ViewOptions) -> (String, Totals) {
    let prepared = prepare(data, opts.waiting_rows_per_reason);
    (render_prepared(&prepared, opts), prepared.totals.clone())
}

/// Does the language-independent work of rendering `data`'s month once, for any number of
/// [`render_prepared`] calls (each gives the page [`render`] gives). `waiting_rows_per_reason`
/// is the most any of those pages shows ([`ViewOptions::waiting_rows_per_reason`]): only
/// those rows are sorted.
pub fn prepare<'a>(
    data: &'a MonthData<'a>,
    waiting_rows_per_reason: Option<usize>,
) -> Prepared<'a> {
    let month = data.month;
    let in_month: Vec<&Booking> = data
        .bookings
        .iter()
        .filter(|b| month.contains(b.start.date()))
        .collect();
    let wanted: HashSet<&str> = in_month.iter().map(|b| b.request.as_str()).collect();
    let requests: HashMap<&str, &Request> = data
        .requests
        .iter()
        .filter(|r| wanted.contains(r.id.as_str()))
        .map(|r| (r.id.as_str(), r))
        .collect();
    let sessions: Vec<Session> = data
        .agencies
        .iter()
        .flat_map(|a| sessions_for_month(a, month, data.tz, &data.center.closed))
        .collect();
    // Bookings by session: the confirmed ones in the month, and released ones still waiting.
    let mut confirmed: HashMap<&str, Vec<&Booking>> = HashMap::new();
    let mut rescheduling: HashMap<&str, Vec<&Booking>> = HashMap::new();
    for b in in_month {
        if b.status == BookingStatus::Confirmed {
            confirmed.entry(b.session.as_str()).or_default().push(b);
        } else if requests
            .get(b.request.as_str())
            .is_some_and(|r| is_rescheduling(b, r))
        {
            rescheduling.entry(b.session.as_str()).or_default().push(b);
        }
    }

    let troubles = Troubles::find(
        data.center,
        data.agencies,
        data.interpreters,
        data.requests,
        data.bookings,
        Some(&data.clock),
    );
    let mut troubled: Vec<(&Booking, Trouble)> = data
        .bookings
        .iter()
        .filter(|b| month.contains(b.start.date()))
        .filter_map(|b| troubles.get(&b.number).map(|t| (b, t.clone())))
        .collect();
    troubled.sort_by(|(a, _), (b, _)| (a.start, &a.number).cmp(&(b.start, &b.number)));

    // The report's own waiting lines and routes, from the waiting requests alone (neither
    // depends on bookings). Agencies are left out of the routes as the view always has: its
    // list is of languages no *interpreter* speaks.
    let codes: HashMap<&str, usize> = reason_codes()
        .into_iter()
        .enumerate()
        .map(|(i, c)| (c, i))
        .collect();
    let mut by_reason: BTreeMap<usize, Vec<report::Waiting<'_>>> = BTreeMap::new();
    let mut waiting_per_agency: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    let mut waiting_per_language: HashMap<&str, usize> = HashMap::new();
    // The first agency covering a topic, per topic: asked once per waiting request.
    let mut covering: HashMap<&str, Option<&str>> = HashMap::new();
    let mut waiting = 0;
    let horizon = report::Horizon::new(data.agencies, data.month, &data.clock, &data.center.closed);
    for w in report::waiting_lines(data.requests, data.reasons, &horizon) {
        waiting += 1;
        let rank = codes.get(w.reason).copied().unwrap_or(codes.len());
        by_reason.entry(rank).or_default().push(w);
        let r = w.request;
        let agency = r.agency.as_deref().or_else(|| {
            *covering.entry(r.topic.as_str()).or_insert_with(|| {
                data.agencies
                    .iter()
                    .find(|a| a.topics.contains(&r.topic))
                    .map(|a| a.id.as_str())
            })
        });
        *waiting_per_agency.entry(agency).or_default() += 1;
        *waiting_per_language.entry(r.language.as_str()).or_default() += 1;
    }
    let groups: Vec<Group<'_>> = by_reason
        .into_values()
        .map(|lines| {
            let len = lines.len();
            let first = lines.iter().min_by(|a, b| waiting_order(a, b)).copied();
            Group {
                code: first.map_or("", |w| w.reason),
                len,
                head: first_in_order(lines, waiting_rows_per_reason),
            }
        })
        .collect();
    let no_interpreter = report::no_interpreter_routes(&[], data.interpreters, data.requests);

    let mut totals = Totals {
        sessions: sessions.len(),
        waiting,
        ..Totals::default()
    };
    for s in &sessions {
        totals.places += u64::from(s.slot_count()) * u64::from(s.booths);
        totals.booked += confirmed.get(s.id.as_str()).map_or(0, |v| v.len()) as u64;
    }
    Prepared {
        data,
        requests,
        open_contacts: data
            .contacts
            .iter()
            .filter(|c| c.done.is_none())
            .map(|c| c.booking.as_str())
            .collect(),
        sessions,
        confirmed,
        rescheduling,
        troubled,
        groups,
        rows: waiting_rows_per_reason,
        no_interpreter,
        waiting_per_agency,
        waiting_per_language,
        totals,
    }
}

impl Prepared<'_> {
    /// The counts the page shows.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// The month's bookings that need rearranging, by number.
    pub fn troubled(&self) -> Vec<&str> {
        self.troubled
            .iter()
            .map(|(b, _)| b.number.as_str())
            .collect()
    }
}

/// Renders the month view page from a [`prepare`]d month: the same page [`render`] gives.
/// A page asking for more waiting rows per reason than were prepared gets the prepared
/// number.
pub fn render_prepared(p: &Prepared<'_>, opts: &ViewOptions) -> String {
    let lang = opts.lang.staff();
    let data = p.data;
    let cx = Ctx {
        lang,
        data,
        personal: opts.personal_details,
        requests: &p.requests,
        open_contacts: &p.open_contacts,
        troubled: &p.troubled,
    };
    let month = data.month;
    let totals = &p.totals;
    let sessions = &p.sessions;

    let center_name = match lang {
        Lang::Ja => &data.center.name_ja,
        _ => &data.center.name_en,
    };
    let month_s = month.to_string();
    let title = tr!(lang, "view-title", month = month_s.as_str());
    let mut body = String::with_capacity(64 * 1024 + sessions.len() * 2048);
    let _ = write!(
        body,
        "<header><h1>{}</h1><p class=\"sub\">{} · {}</p></header>",
        escape(&title),
        escape(center_name),
        escape(&tr!(
            lang,
            "view-as-of",
            date = data.clock.today().to_string()
        )),
    );
    body.truncate(body.len() - "</header>".len());
    let pct = if totals.places == 0 {
        0.0
    } else {
        100.0 * totals.booked as f64 / totals.places as f64
    };
    let _ = write!(
        body,
        "<p class=\"summary\">{}</p>",
        escape(&i18n::message(
            lang,
            "view-summary",
            Some(
                Args::new()
                    .set("sessions", totals.sessions)
                    .set("booked", totals.booked)
                    .set("places", totals.places)
                    .set("percent", format!("{pct:.0}"))
                    .set("waiting", totals.waiting)
            )
        )),
    );
    body.push_str("</header>");
    body.push_str("<nav><ul>");
    if !p.troubled.is_empty() {
        let _ = write!(
            body,
            "<li><a href=\"#trouble\">{}</a></li>",
            escape(&tr!(lang, "trouble-state"))
        );
    }
    for (anchor, key) in [
        ("calendar", tr!(lang, "view-calendar")),
        ("waiting", tr!(lang, "view-waiting")),
        ("no-interpreter", tr!(lang, "view-no-interpreter")),
        ("charts", tr!(lang, "view-charts")),
    ] {
        let _ = write!(body, "<li><a href=\"#{anchor}\">{}</a></li>", escape(&key));
    }
    if let Some(extra) = &opts.extra {
        let _ = write!(
            body,
            "<li><a href=\"#extra\">{}</a></li>",
            escape(&extra.heading)
        );
    }
    body.push_str("</ul></nav>");

    trouble_section(&mut body, &cx);
    calendar(&mut body, &cx, sessions, &p.confirmed, &p.rescheduling);
    waiting_section(
        &mut body,
        &cx,
        &p.groups,
        totals.waiting,
        match (opts.waiting_rows_per_reason, p.rows) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
    );
    no_interpreter_section(&mut body, &cx, &p.no_interpreter);
    charts(&mut body, &cx, p);
    if let Some(extra) = &opts.extra {
        let _ = write!(
            body,
            "<section id=\"extra\" class=\"extra\"><h2>{}</h2>{}</section>",
            escape(&extra.heading),
            extra.html
        );
    }
    page(lang, &title, CSS, &body)
}

fn agency_name<'a>(cx: &Ctx<'a>, id: &'a str) -> &'a str {
    match cx.data.agencies.iter().find(|a| a.id == id) {
        Some(a) if cx.lang == Lang::Ja => &a.name_ja,
        Some(a) => &a.name_en,
        None => id,
    }
}

fn mode_name(lang: Lang, mode: Option<Mode>) -> String {
    match mode {
        Some(m) if lang == Lang::Ja => m.name_ja().to_string(),
        Some(m) => m.name_en().to_string(),
        None => tr!(lang, "view-mode-direct"),
    }
}

fn weekday_name(lang: Lang, d: Weekday) -> String {
    match d {
        Weekday::Mon => tr!(lang, "view-weekday-mon"),
        Weekday::Tue => tr!(lang, "view-weekday-tue"),
        Weekday::Wed => tr!(lang, "view-weekday-wed"),
        Weekday::Thu => tr!(lang, "view-weekday-thu"),
        Weekday::Fri => tr!(lang, "view-weekday-fri"),
        Weekday::Sat => tr!(lang, "view-weekday-sat"),
        Weekday::Sun => tr!(lang, "view-weekday-sun"),
    }
}

/// Weeks of the month, Monday first; days outside the month are `None`.
fn weeks(month: Month) -> Vec<[Option<NaiveDate>; 7]> {
    let mut out = Vec::new();
    let mut week = [None; 7];
    for d in month.days() {
        let i = d.weekday().num_days_from_monday() as usize;
        week[i] = Some(d);
        if i == 6 {
            out.push(week);
            week = [None; 7];
        }
    }
    if week.iter().any(Option::is_some) {
        out.push(week);
    }
    out
}

fn calendar(
    out: &mut String,
    cx: &Ctx<'_>,
    sessions: &[Session],
    confirmed: &HashMap<&str, Vec<&Booking>>,
    rescheduling: &HashMap<&str, Vec<&Booking>>,
) {
    let lang = cx.lang;
    let _ = write!(
        out,
        "<section id=\"calendar\"><h2>{}</h2>",
        escape(&tr!(lang, "view-calendar"))
    );
    // Legend: every cell state with its colour.
    out.push_str("<ul class=\"legend\">");
    for st in CellState::ALL {
        let _ = write!(
            out,
            "<li><span class=\"sw {c}\"></span>{}</li>",
            escape(&st.label(lang)),
            c = st.code()
        );
    }
    out.push_str("</ul>");
    let mut by_day: BTreeMap<NaiveDate, Vec<&Session>> = BTreeMap::new();
    for s in sessions {
        by_day.entry(s.date()).or_default().push(s);
    }
    for list in by_day.values_mut() {
        list.sort_by(|a, b| (a.start, &a.agency).cmp(&(b.start, &b.agency)));
    }
    let _ = write!(
        out,
        "<table class=\"cal\"><caption>{}</caption><thead><tr>",
        escape(&tr!(
            lang,
            "view-calendar-caption",
            month = cx.data.month.to_string()
        ))
    );
    for d in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ] {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th>",
            escape(&weekday_name(lang, d))
        );
    }
    out.push_str("</tr></thead><tbody>");
    for week in weeks(cx.data.month) {
        out.push_str("<tr>");
        for day in week {
            let Some(day) = day else {
                out.push_str("<td class=\"out\"></td>");
                continue;
            };
            let today = if day == cx.data.clock.today() {
                " today"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<td class=\"day{today}\"><div class=\"dn\">{}</div>",
                day.day()
            );
            for s in by_day.get(&day).map(Vec::as_slice).unwrap_or(&[]) {
                session_block(
                    out,
                    cx,
                    s,
                    confirmed.get(s.id.as_str()).map_or(&[], Vec::as_slice),
                    rescheduling.get(s.id.as_str()).map_or(&[], Vec::as_slice),
                );
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></section>");
}

fn session_block(
    out: &mut String,
    cx: &Ctx<'_>,
    s: &Session,
    booked: &[&Booking],
    released: &[&Booking],
) {
    let lang = cx.lang;
    let slots = s.slot_count();
    let places = u64::from(slots) * u64::from(s.booths);
    let full = places > 0 && booked.len() as u64 >= places;
    let mut cells: HashMap<(u32, u32), &Booking> = HashMap::new();
    for b in booked {
        cells.insert((b.slot, b.booth), b);
    }
    let mut old: HashMap<(u32, u32), &Booking> = HashMap::new();
    for b in released {
        old.insert((b.slot, b.booth), b);
    }
    let _ = write!(
        out,
        "<div class=\"session{f}\" data-session=\"{id}\"><h3>{name} <span class=\"t\">{from}–{to}</span> \
         <span class=\"fill\">{n}/{places}{fulltext}</span></h3>",
        f = if full { " full" } else { "" },
        id = escape(&s.id),
        name = escape(agency_name(cx, &s.agency)),
        from = s.start.format("%H:%M"),
        to = s.end.format("%H:%M"),
        n = booked.len(),
        fulltext = if full {
            format!(" {}", escape(&tr!(lang, "view-full")))
        } else {
            String::new()
        },
    );
    if slots == 0 || s.booths == 0 {
        out.push_str("</div>");
        return;
    }
    let _ = write!(
        out,
        "<table class=\"grid\"><thead><tr><th scope=\"col\">{}</th>",
        escape(&tr!(lang, "view-time"))
    );
    for booth in 1..=s.booths {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th>",
            escape(&tr!(lang, "view-booth", number = booth))
        );
    }
    out.push_str("</tr></thead><tbody>");
    for k in 0..slots {
        let (a, _) = s.slot_times(k);
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", a.format("%H:%M"));
        for booth in 1..=s.booths {
            match cells.get(&(k, booth)) {
                Some(b) => booking_cell(out, cx, b),
                None => match old.get(&(k, booth)) {
                    Some(b) => {
                        let _ = write!(
                            out,
                            "<td class=\"c rescheduling\" data-state=\"rescheduling\" \
                             title=\"{t}\"><s>{n}</s></td>",
                            t = escape(&CellState::Rescheduling.label(lang)),
                            n = escape(&b.number)
                        );
                    }
                    None => {
                        let _ = write!(
                            out,
                            "<td class=\"c free\" data-state=\"free\" title=\"{}\"></td>",
                            escape(&CellState::Free.label(lang))
                        );
                    }
                },
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

fn booking_cell(out: &mut String, cx: &Ctx<'_>, b: &Booking) {
    let lang = cx.lang;
    let request = cx.requests.get(b.request.as_str()).copied();
    // The cell's colour says how the place is held; a red frame says the resident is still
    // to be told (new appointment or a change), which can hold for any of them.
    let trouble = cx
        .troubled
        .iter()
        .find(|(t, _)| t.number == b.number)
        .map(|(_, t)| t);
    let state = if trouble.is_some() {
        CellState::Trouble
    } else if b.mode.is_some() && b.interpreter.is_none() {
        CellState::Arranging
    } else if cx.data.pins.contains(&b.number) {
        CellState::Pinned
    } else {
        CellState::Booked
    };
    let tell = cx.open_contacts.contains(b.number.as_str());
    // The language by name (中国語), as staff say it; the code stays in the data.
    let language = request.map_or_else(
        || "?".to_string(),
        |r| crate::words::lang_name(lang, &r.language),
    );
    let mut label = state.label(lang);
    if let Some(t) = trouble {
        label = format!(
            "{label}: {}",
            crate::words::trouble(lang, cx.data.interpreters, t)
        );
    }
    if tell {
        label = format!("{label} · {}", CellState::Contact.label(lang));
    }
    let _ = write!(
        out,
        "<td class=\"c {st}{tell}\" data-state=\"{st}\" data-booking=\"{n}\"{contact} title=\"{label}\">\
         <b>{n}</b><br>{language} · {mode}",
        st = state.code(),
        tell = if tell { " contact" } else { "" },
        contact = if tell { " data-contact=\"open\"" } else { "" },
        n = escape(&b.number),
        label = escape(&label),
        language = escape(&language),
        mode = escape(&match trouble {
            Some(_) => CellState::Trouble.label(lang),
            None => mode_name(lang, b.mode),
        }),
    );
    if cx.personal
        && let Some(r) = request
    {
        let _ = write!(out, "<br><i>{}</i>", escape(&r.contact.name));
    }
    out.push_str("</td>");
}

/// The bookings that need rearranging, first on the page: each with when, where, why and
/// what repairs it. Absent when there are none (a calm month shows nothing extra).
fn trouble_section(out: &mut String, cx: &Ctx<'_>) {
    if cx.troubled.is_empty() {
        return;
    }
    let lang = cx.lang;
    let _ = write!(
        out,
        "<section id=\"trouble\" class=\"trouble\"><h2>{} ({})</h2><p>{}</p>\
         <table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape(&tr!(lang, "trouble-state")),
        cx.troubled.len(),
        escape(&tr!(lang, "trouble-tell")),
        escape(&tr!(lang, "view-col-booking")),
        escape(&tr!(lang, "view-col-when")),
        escape(&tr!(lang, "view-col-agency")),
        escape(&tr!(lang, "view-col-why")),
        escape(&tr!(lang, "view-col-repair")),
    );
    for (b, t) in cx.troubled {
        let language = cx.requests.get(b.request.as_str()).map_or_else(
            || "?".to_string(),
            |r| crate::words::lang_name(lang, &r.language),
        );
        let _ = write!(
            out,
            "<tr class=\"c trouble\" data-state=\"trouble\" data-booking=\"{n}\" data-trouble=\"{code}\">\
             <td><b>{n}</b> ({r}, {language})</td><td>{when}</td><td>{agency}</td><td>{why}</td><td>{repair}</td></tr>",
            n = escape(&b.number),
            r = escape(&b.request),
            code = t.code(),
            language = escape(&language),
            when = escape(&crate::words::date_span(lang, b.start, b.end)),
            agency = escape(agency_name(cx, &b.agency)),
            why = escape(&crate::words::trouble(lang, cx.data.interpreters, t)),
            repair = escape(&crate::words::trouble_repair(lang, t)),
        );
    }
    out.push_str("</tbody></table></section>");
}

fn waiting_section(
    out: &mut String,
    cx: &Ctx<'_>,
    groups: &[Group<'_>],
    total: usize,
    cap: Option<usize>,
) {
    let lang = cx.lang;
    let _ = write!(
        out,
        "<section id=\"waiting\"><h2>{} ({})</h2>",
        escape(&tr!(lang, "view-waiting")),
        total
    );
    if total == 0 {
        let _ = write!(out, "<p>{}</p>", escape(&tr!(lang, "view-none")));
        out.push_str("</section>");
        return;
    }
    for group in groups {
        let code = group.code;
        let _ = write!(
            out,
            "<div class=\"reason\" data-reason=\"{c}\"><h3>{s} ({n})</h3><table class=\"list\"><thead><tr>\
             <th scope=\"col\">{h1}</th><th scope=\"col\">{h2}</th><th scope=\"col\">{h3}</th>\
             <th scope=\"col\">{h4}</th><th scope=\"col\">{h5}</th><th scope=\"col\">{h6}</th>",
            c = escape(code),
            s = escape(&reason_sentence(lang, code)),
            n = group.len,
            h1 = escape(&tr!(lang, "view-col-request")),
            h2 = escape(&tr!(lang, "view-col-language")),
            h3 = escape(&tr!(lang, "view-col-topic")),
            h4 = escape(&tr!(lang, "view-col-priority")),
            h5 = escape(&tr!(lang, "view-col-deadline")),
            h6 = escape(&tr!(lang, "view-col-urgency")),
        );
        if cx.personal {
            let _ = write!(
                out,
                "<th scope=\"col\">{}</th>",
                escape(&tr!(lang, "view-col-name"))
            );
        }
        out.push_str("</tr></thead><tbody>");
        let shown = cap.unwrap_or(usize::MAX).min(group.head.len());
        for w in &group.head[..shown] {
            let r = w.request;
            let (class, mut urgency) = if w.overdue {
                ("overdue urgent", tr!(lang, "view-urgency-overdue"))
            } else if w.urgent {
                ("urgent", tr!(lang, "view-urgency-now"))
            } else {
                match r.deadline.map(|d| (d - cx.data.clock.today()).num_days()) {
                    Some(days) if days <= 7 => (
                        "soon",
                        i18n::message(
                            lang,
                            "view-urgency-days",
                            Some(Args::new().set("days", days)),
                        ),
                    ),
                    _ => ("", String::new()),
                }
            };
            if let Some(next) = w.next {
                let agency = crate::words::agency_name(lang, cx.data.agencies, next.agency);
                let next = tr!(
                    lang,
                    "view-next-session",
                    agency = agency,
                    date = next.date.to_string()
                );
                urgency = if urgency.is_empty() {
                    next
                } else {
                    format!("{urgency} {next}")
                };
            }
            let topic = cx
                .data
                .center
                .topic(&r.topic)
                .map_or(r.topic.as_str(), |t| {
                    if lang == Lang::Ja {
                        &t.name_ja
                    } else {
                        &t.name_en
                    }
                });
            let _ = write!(
                out,
                "<tr data-request=\"{id}\" class=\"{class}\"><th scope=\"row\">{id}</th><td>{l}</td>\
                 <td>{t}</td><td>{p}</td><td>{d}</td><td>{u}</td>",
                id = escape(&r.id),
                l = escape(&crate::words::lang_name(lang, &r.language)),
                t = escape(topic),
                p = escape(&priority_name(lang, r.priority.code())),
                d = r
                    .deadline
                    .map_or("–".into(), |d| escape(&crate::words::date(lang, d))),
                u = escape(&urgency),
            );
            if cx.personal {
                let _ = write!(out, "<td>{}</td>", escape(&r.contact.name));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
        if shown < group.len {
            let _ = write!(
                out,
                "<p class=\"more\">{}</p>",
                escape(&i18n::message(
                    lang,
                    "view-waiting-more",
                    Some(Args::new().set("count", group.len - shown))
                ))
            );
        }
        out.push_str("</div>");
    }
    out.push_str("</section>");
}

fn priority_name(lang: Lang, code: &str) -> String {
    match code {
        "urgent" => tr!(lang, "view-priority-urgent"),
        "high" => tr!(lang, "view-priority-high"),
        _ => tr!(lang, "view-priority-normal"),
    }
}

fn no_interpreter_section(out: &mut String, cx: &Ctx<'_>, lines: &[report::RouteLine]) {
    let lang = cx.lang;
    let _ = write!(
        out,
        "<section id=\"no-interpreter\"><h2>{}</h2>",
        escape(&tr!(lang, "view-no-interpreter"))
    );
    if lines.is_empty() {
        let _ = write!(out, "<p>{}</p></section>", escape(&tr!(lang, "view-none")));
        return;
    }
    let _ = write!(
        out,
        "<p>{}</p><table class=\"list\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape(&tr!(lang, "view-no-interpreter-help")),
        escape(&tr!(lang, "view-col-language")),
        escape(&tr!(lang, "view-col-waiting")),
        escape(&tr!(lang, "view-col-device")),
        escape(&tr!(lang, "view-col-phone3")),
    );
    for l in lines {
        let _ = write!(
            out,
            "<tr data-language=\"{lg}\"><th scope=\"row\">{name}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            l.requests,
            l.translation_device,
            l.three_way_phone,
            lg = escape(&l.language),
            name = escape(&crate::words::lang_name(lang, &l.language))
        );
    }
    out.push_str("</tbody></table></section>");
}

fn charts(out: &mut String, cx: &Ctx<'_>, p: &Prepared<'_>) {
    let (sessions, confirmed) = (&p.sessions, &p.confirmed);
    let lang = cx.lang;
    let data = cx.data;
    let placed_l = tr!(lang, "view-series-placed");
    let waiting_l = tr!(lang, "view-series-waiting");
    let pw = [
        Series {
            label: &placed_l,
            color: "#2f6fb0",
        },
        Series {
            label: &waiting_l,
            color: "#d9822b",
        },
    ];
    let requests_axis = tr!(lang, "view-axis-requests");
    let _ = write!(
        out,
        "<section id=\"charts\"><h2>{}</h2><div class=\"charts\">",
        escape(&tr!(lang, "view-charts"))
    );
    let in_month: Vec<&Booking> = confirmed.values().flatten().copied().collect();

    // Placed vs waiting per agency. A waiting request counts for its named agency, else for
    // the first agency covering its topic.
    let mut per_agency: BTreeMap<&str, [f64; 2]> = data
        .agencies
        .iter()
        .map(|a| (a.id.as_str(), [0.0, 0.0]))
        .collect();
    for b in &in_month {
        per_agency.entry(b.agency.as_str()).or_default()[0] += 1.0;
    }
    let unknown = tr!(lang, "view-unassigned");
    for (agency, n) in &p.waiting_per_agency {
        per_agency
            .entry(agency.unwrap_or(unknown.as_str()))
            .or_default()[1] += *n as f64;
    }
    let rows: Vec<(String, Vec<f64>)> = per_agency
        .iter()
        .map(|(id, v)| (agency_name(cx, id).to_string(), v.to_vec()))
        .collect();
    chart(
        out,
        "ch-agency",
        &tr!(lang, "view-chart-agency"),
        &requests_axis,
        &tr!(lang, "view-axis-agency"),
        &pw,
        &rows,
        None,
    );

    // Placed vs waiting per language, largest first.
    let mut per_lang: HashMap<&str, [f64; 2]> = HashMap::new();
    for b in &in_month {
        if let Some(r) = cx.requests.get(b.request.as_str()) {
            per_lang.entry(r.language.as_str()).or_default()[0] += 1.0;
        }
    }
    for (language, n) in &p.waiting_per_language {
        per_lang.entry(language).or_default()[1] += *n as f64;
    }
    let mut rows: Vec<(String, Vec<f64>)> = per_lang
        .into_iter()
        .map(|(l, v)| (l.to_string(), v.to_vec()))
        .collect();
    rows.sort_by(|a, b| {
        (b.1[0] + b.1[1])
            .total_cmp(&(a.1[0] + a.1[1]))
            .then(a.0.cmp(&b.0))
    });
    rows.truncate(30);
    chart(
        out,
        "ch-language",
        &tr!(lang, "view-chart-language"),
        &requests_axis,
        &tr!(lang, "view-axis-language"),
        &pw,
        &rows,
        None,
    );

    // Interpreter load: hours per interpreter this month (the 30 busiest).
    let mut hours: HashMap<&str, f64> = HashMap::new();
    for b in &in_month {
        if let Some(i) = b.interpreter.as_deref() {
            *hours.entry(i).or_default() += (b.end - b.start).num_minutes() as f64 / 60.0;
        }
    }
    let mut rows: Vec<(String, Vec<f64>)> = data
        .interpreters
        .iter()
        .map(|i| {
            let h = hours.get(i.id.as_str()).copied().unwrap_or(0.0);
            // People by name (staff read the chart); the id where no name was given.
            let name = if i.name.is_empty() { &i.id } else { &i.name };
            (name.clone(), vec![(h * 10.0).round() / 10.0])
        })
        .collect();
    rows.sort_by(|a, b| b.1[0].total_cmp(&a.1[0]).then(a.0.cmp(&b.0)));
    rows.truncate(30);
    let hours_l = tr!(lang, "view-series-hours");
    chart(
        out,
        "ch-interpreter",
        &tr!(lang, "view-chart-interpreter"),
        &tr!(lang, "view-axis-hours"),
        &tr!(lang, "view-axis-interpreter"),
        &[Series {
            label: &hours_l,
            color: "#4a8f4a",
        }],
        &rows,
        None,
    );

    // Fill rate per calendar week (Monday first), in percent of places.
    let mut rows = Vec::new();
    for (i, week) in weeks(data.month).iter().enumerate() {
        let days: Vec<NaiveDate> = week.iter().flatten().copied().collect();
        let (mut places, mut booked) = (0u64, 0u64);
        for s in sessions.iter().filter(|s| days.contains(&s.date())) {
            places += u64::from(s.slot_count()) * u64::from(s.booths);
            booked += confirmed.get(s.id.as_str()).map_or(0, |v| v.len()) as u64;
        }
        let pct = if places == 0 {
            0.0
        } else {
            (1000.0 * booked as f64 / places as f64).round() / 10.0
        };
        let label = match (days.first(), days.last()) {
            (Some(a), Some(b)) => tr!(
                lang,
                "view-week-label",
                number = i + 1,
                from = a.day(),
                to = b.day()
            ),
            _ => (i + 1).to_string(),
        };
        rows.push((label, vec![pct.min(100.0)]));
    }
    let fill_l = tr!(lang, "view-series-fill");
    chart(
        out,
        "ch-week",
        &tr!(lang, "view-chart-week"),
        &tr!(lang, "view-axis-percent"),
        &tr!(lang, "view-axis-week"),
        &[Series {
            label: &fill_l,
            color: "#7a5ea8",
        }],
        &rows,
        Some(100.0),
    );
    out.push_str("</div></section>");
}

#[allow(clippy::too_many_arguments)] // one call per chart reads better than a builder here
fn chart(
    out: &mut String,
    id: &str,
    title: &str,
    value_axis: &str,
    category_axis: &str,
    series: &[Series<'_>],
    rows: &[(String, Vec<f64>)],
    max: Option<f64>,
) {
    let _ = write!(out, "<figure data-chart=\"{id}\">");
    out.push_str(
        &BarChart {
            id,
            title,
            value_axis,
            category_axis,
            series,
            rows,
            max,
        }
        .render(),
    );
    out.push_str("</figure>");
}

/// Screen and print style. Print: landscape A4, each section may break across pages but a
/// session block and a chart stay whole.
const CSS: &str = r#"
header, nav, section { margin: 0 12px; }
h1 { font-size: 1.4em; margin: 10px 0 2px; }
h2 { font-size: 1.15em; border-bottom: 2px solid #333; margin-top: 18px; }
h3 { font-size: 0.95em; margin: 8px 0 4px; }
.sub, .summary { margin: 2px 0; }
nav ul { list-style: none; padding: 0; display: flex; gap: 14px; flex-wrap: wrap; }
.legend { list-style: none; padding: 0; display: flex; gap: 12px; flex-wrap: wrap; font-size: 0.85em; }
.sw { display: inline-block; width: 14px; height: 14px; border: 1px solid #555; margin-right: 4px; vertical-align: middle; }
table { border-collapse: collapse; }
.cal { width: 100%; table-layout: fixed; }
.cal caption { text-align: left; font-size: 0.85em; color: #444; }
.cal > thead th { background: #eee; border: 1px solid #999; padding: 2px; }
.cal td.day, .cal td.out { border: 1px solid #999; vertical-align: top; padding: 2px; }
.cal td.out { background: #f4f4f4; }
.cal td.today { outline: 3px solid #2f6fb0; outline-offset: -3px; }
.dn { font-weight: bold; }
.session { border: 1px solid #bbb; margin: 2px 0; padding: 1px; break-inside: avoid; }
.session.full { border-color: #b03030; }
.session h3 { font-size: 0.72em; margin: 0 0 2px; }
.session .fill { font-weight: normal; }
.session.full .fill { color: #b03030; font-weight: bold; }
.grid { width: 100%; font-size: 0.62em; table-layout: fixed; }
.grid th, .grid td { border: 1px solid #ccc; padding: 1px; text-align: center; overflow-wrap: anywhere; }
.grid thead th { background: #f0f0f0; font-weight: normal; }
.c.booked, .sw.booked { background: #cfe0f5; }
.c.pinned, .sw.pinned { background: #cfe0f5; border: 2px solid #1d4f85; }
.c.contact, .sw.contact { box-shadow: inset 0 0 0 2px #c0392b; }
.c.arranging, .sw.arranging { background: #fff0b3; }
.c.trouble, .sw.trouble { background: #ffd6d6; outline: 2px solid #c00; outline-offset: -2px; }
section.trouble { border: 2px solid #c00; padding: 4px 12px; background: #fff5f5; }
.c.rescheduling, .sw.rescheduling { background: repeating-linear-gradient(45deg, #fff, #fff 3px, #eee 3px, #eee 6px); }
.c.free, .sw.free { background: #fff; }
.list { margin: 4px 0 8px; font-size: 0.85em; }
.list th, .list td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; }
.list thead th { background: #eee; }
tr.urgent { background: #ffd9d0; font-weight: bold; }
tr.soon { background: #fff0b3; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; width: 600px; max-width: 100%; break-inside: avoid; }
.chart { width: 100%; height: auto; }
.chart .ct { font-size: 13px; font-weight: bold; }
.chart .cl { font-size: 10px; }
.chart .ck { font-size: 9px; }
.chart .cg { stroke: #ddd; }
.chart .ca { stroke: #333; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  nav { display: none; }
  body { font-size: 10pt; }
  .c, .sw, tr.urgent, tr.soon { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-before: auto; }
  #waiting, #charts { break-before: page; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every reason code a waiting line can carry has a sentence in both staff languages
    /// (keys are built at run time, so the catalogue test cannot see them).
    #[test]
    fn every_reason_has_a_sentence() {
        for lang in &Lang::STAFF {
            for code in reason_codes() {
                let key = format!("view-reason-{}", code.replace('_', "-"));
                assert!(i18n::has(*lang, &key), "{key} missing in {}", lang.code());
                assert_ne!(reason_sentence(*lang, code), code);
            }
        }
        assert_eq!(
            reason_sentence(Lang::En, "from_the_future"),
            "from_the_future"
        );
    }

    /// The planning hook: another module's section appears under its own (escaped) heading,
    /// after the charts; without one there is no such section.
    #[test]
    fn extra_section_is_rendered_under_its_heading() {
        let month: Month = "2026-12".parse().unwrap();
        let d = crate::sample::load(month).unwrap();
        let (reasons, pins) = (BTreeMap::new(), BTreeSet::new());
        let data = MonthData {
            month,
            center: &d.center,
            agencies: &d.agencies,
            interpreters: &d.interpreters,
            requests: &d.requests,
            bookings: &[],
            reasons: &reasons,
            pins: &pins,
            contacts: &[],
            clock: Clock::new(
                NaiveDate::from_ymd_opt(2026, 11, 15)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()
                    .and_utc(),
                chrono_tz::Tz::Asia__Tokyo,
                2,
            ),
            tz: chrono_tz::Tz::Asia__Tokyo,
        };
        let mut opts = ViewOptions::new(Lang::En);
        let (plain, totals) = render_with_totals(&data, &opts);
        assert!(!plain.contains("id=\"extra\""));
        assert_eq!(plain.matches("data-session=").count(), totals.sessions);
        assert_eq!(plain.matches("data-request=").count(), d.requests.len());
        assert_eq!(totals.waiting, d.requests.len());
        assert!(plain.contains("data-reason=\"not_allocated\""));
        assert!(plain.contains("The month has not been allocated yet."));
        for r in &d.requests {
            assert!(!plain.contains(&r.contact.name), "name of {} leaked", r.id);
        }
        opts.extra = Some(ExtraSection {
            heading: "Plan <2027>".into(),
            html: "<p class=\"plan\">forecast</p>".into(),
        });
        let with = render(&data, &opts);
        let at = with.find("<section id=\"extra\"").expect("extra section");
        assert!(at > with.find("<section id=\"charts\"").unwrap());
        assert!(with[at..].starts_with(
            "<section id=\"extra\" class=\"extra\"><h2>Plan &lt;2027&gt;</h2><p class=\"plan\">forecast</p>"
        ));
        opts.waiting_rows_per_reason = Some(2);
        let capped = render(&data, &opts);
        assert_eq!(capped.matches("data-request=").count(), 2);
        let more = format!("and {} more", d.requests.len() - 2);
        assert!(capped.contains(&more), "no line saying {more}");
        opts.waiting_rows_per_reason = None;
        opts.personal_details = true;
        let named = render(&data, &opts);
        assert!(named.contains(&crate::html::escape(&d.requests[0].contact.name)));
    }

    /// The Sendai sample allocated for 2026-12 (bookings, reasons, waiting requests), read
    /// back as `publish` reads it.
    fn allocated_sendai() -> (crate::ops::ViewSource, BTreeMap<String, String>, Month) {
        let month: Month = "2026-12".parse().unwrap();
        let now = "2026-11-15T00:00:00Z".parse().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ctx = crate::ops::Ctx::open(&dir.path().join("db"), "test").unwrap();
        crate::ops::load_sample(&ctx, month, now).unwrap();
        crate::ops::allocate(&ctx, month, crate::ops::AllocateOptions::default(), now).unwrap();
        let source = crate::ops::view_source(&ctx, now).unwrap();
        let reasons = ctx.store().reasons(month).unwrap();
        (source, reasons, month)
    }

    /// The waiting rows of a page: (reason code, request ids in page order) per reason.
    fn waiting_rows(html: &str) -> Vec<(String, Vec<String>)> {
        let section = &html[html.find("<section id=\"waiting\"").unwrap()..];
        let section = &section[..section.find("</section>").unwrap()];
        section
            .split("<div class=\"reason\" data-reason=\"")
            .skip(1)
            .map(|div| {
                let code = div[..div.find('"').unwrap()].to_string();
                let ids = div
                    .split("<tr data-request=\"")
                    .skip(1)
                    .map(|row| row[..row.find('"').unwrap()].to_string())
                    .collect();
                (code, ids)
            })
            .collect()
    }

    /// Publishing prepares a month once and renders it for both languages and every
    /// coordinator feed: each page must be the one `render` gives alone, whatever was rendered
    /// from the same preparation before. And the waiting rows must be the report's waiting
    /// lines (`report::build`, what `soudan report` prints) grouped by reason in reason order
    /// and sorted urgent first, then by deadline (none last), then id, as the view always
    /// sorted them — a capped page showing the first rows of that order, though only those
    /// are sorted now.
    #[test]
    fn shared_preparation_renders_the_pages_render_gives() {
        let (source, reasons, month) = allocated_sendai();
        let data = source.month(month, &reasons);
        assert!(
            data.bookings.iter().any(|b| month.contains(b.start.date())),
            "sample month has bookings"
        );
        let report = report::build(
            month,
            &source.agencies,
            &source.interpreters,
            &source.requests,
            &source.bookings,
            &reasons,
            &report::Horizon::new(
                &source.agencies,
                month,
                &source.clock,
                &source.center.closed,
            ),
            &Troubles::default(),
            source.tz,
            &source.center.closed,
        );
        assert!(
            report.waiting.len() > 3,
            "sample month has waiting requests"
        );
        // The report's lines in the view's order, computed here the way the view did before
        // it shared one preparation.
        let codes = reason_codes();
        let urgent: BTreeSet<&str> = report.urgent.iter().map(|w| w.request.as_str()).collect();
        let mut expected: BTreeMap<usize, Vec<&report::WaitingLine>> = BTreeMap::new();
        for w in &report.waiting {
            let rank = codes
                .iter()
                .position(|c| *c == w.reason)
                .unwrap_or(codes.len());
            expected.entry(rank).or_default().push(w);
        }
        for lines in expected.values_mut() {
            lines.sort_by(|a, b| {
                let (ua, ub) = (
                    urgent.contains(a.request.as_str()),
                    urgent.contains(b.request.as_str()),
                );
                ub.cmp(&ua)
                    .then_with(|| match (a.deadline, b.deadline) {
                        (Some(x), Some(y)) => x.cmp(&y),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    })
                    .then_with(|| a.request.cmp(&b.request))
            });
        }
        for rows in [
            None,
            Some(0),
            Some(1),
            Some(3),
            Some(crate::ops::PUBLISHED_WAITING_ROWS),
        ] {
            let prepared = prepare(&data, rows);
            assert_eq!(prepared.totals().waiting, report.waiting.len());
            for personal in [false, true] {
                for lang in [Lang::Ja, Lang::En, Lang::Ja] {
                    let mut opts = ViewOptions::new(lang);
                    opts.personal_details = personal;
                    opts.waiting_rows_per_reason = rows;
                    let shared = render_prepared(&prepared, &opts);
                    assert!(
                        shared == render(&data, &opts),
                        "{lang:?} personal {personal} rows {rows:?}: shared page differs"
                    );
                    let want: Vec<(String, Vec<String>)> = expected
                        .values()
                        .map(|lines| {
                            let shown = rows.unwrap_or(usize::MAX).min(lines.len());
                            (
                                lines[0].reason.clone(),
                                lines[..shown].iter().map(|w| w.request.clone()).collect(),
                            )
                        })
                        .collect();
                    assert_eq!(waiting_rows(&shared), want, "rows {rows:?}");
                }
            }
        }
    }

    /// Selecting the first rows before sorting gives the rows a full sort gives, in order.
    #[test]
    fn first_in_order_is_the_head_of_the_full_sort() {
        let requests: Vec<Request> = crate::sample::load("2026-12".parse().unwrap())
            .unwrap()
            .requests;
        let reasons = BTreeMap::new();
        let today = NaiveDate::from_ymd_opt(2026, 12, 19).unwrap();
        let horizon = report::Horizon::at(today);
        let lines: Vec<report::Waiting<'_>> =
            report::waiting_lines(&requests, &reasons, &horizon).collect();
        assert!(lines.iter().any(|w| w.urgent) && lines.iter().any(|w| !w.urgent));
        assert!(lines.iter().any(|w| w.request.deadline.is_none()));
        let full = first_in_order(lines.clone(), None);
        for k in [0, 1, 2, 7, lines.len() - 1, lines.len(), lines.len() + 5] {
            let head = first_in_order(lines.clone(), Some(k));
            assert_eq!(head, full[..k.min(full.len())], "k = {k}");
        }
    }

    #[test]
    fn weeks_start_on_monday_and_cover_the_month() {
        let m: Month = "2026-12".parse().unwrap();
        let w = weeks(m);
        assert_eq!(w.len(), 5);
        assert_eq!(w[0][0], None); // 2026-12-01 is a Tuesday
        assert_eq!(w[0][1], NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(w.iter().flatten().flatten().count(), 31);
    }
}
