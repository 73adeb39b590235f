//! `interpreters.csv` and `requests.csv`.

use super::error::{Msg, Sink};
use super::fields::{self, limit};
use super::toml_files::known_language;
use crate::model::{
    Agency, Center, Contact, Costs, Intake, Interpreter, Priority, Request, RequestStatus,
};
use std::collections::HashMap;

pub const INTERPRETER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "languages",
    "modes",
    "timezone",
    "weekly",
    "dates_off",
    "extra_windows",
    "max_per_day",
    "cost_in_person",
    "cost_video",
    "cost_phone",
];

pub const REQUEST_COLUMNS: &[&str] = &[
    "id",
    "received",
    "name",
    "contact",
    "language",
    "nationality",
    "residence_status",
    "topic",
    "agency",
    "modes",
    "windows",
    "deadline",
    "priority",
    "summary",
    "tried",
];

/// One data row: its line and its fields by column name.
pub struct Row {
    pub line: usize,
    fields: Fields,
}

/// A CSV row keeps the parsed record and the file's column positions (one allocation per
/// row, not one per field: 100,000 requests are read in one pass without a map per row);
/// `soudan request add` builds its fields by name.
enum Fields {
    Named(HashMap<&'static str, String>),
    Record {
        record: csv::StringRecord,
        index: std::rc::Rc<HashMap<&'static str, usize>>,
    },
}

impl Row {
    pub fn new(line: usize, fields: HashMap<&'static str, String>) -> Row {
        Row {
            line,
            fields: Fields::Named(fields),
        }
    }

    pub fn get(&self, column: &str) -> &str {
        match &self.fields {
            Fields::Named(map) => map.get(column).map_or("", |s| s.trim()),
            Fields::Record { record, index } => index
                .get(column)
                .and_then(|&i| record.get(i))
                .map_or("", str::trim),
        }
    }
}

/// Reads a CSV with the given columns (any order, all required, no others) and hands each
/// data row to `each`, streaming: rows are never all held at once.
pub fn rows(
    text: &str,
    columns: &[&'static str],
    sink: &mut Sink,
    mut each: impl FnMut(Row, &mut Sink),
) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            sink.push(
                1,
                "header",
                Msg::new("import-header-unreadable").arg("detail", e),
            );
            return;
        }
    };
    if headers.iter().all(|h| h.trim().is_empty()) {
        sink.push(
            1,
            "header",
            Msg::new("import-file-empty").arg("columns", columns.join(",")),
        );
        return;
    }
    // A first line naming none of the columns is not a header of this file at all (a wrong
    // file, a symlink to /etc/passwd): say so without quoting it, since it may be anything.
    if !headers.iter().any(|h| columns.contains(&h.trim())) {
        sink.push(
            1,
            "header",
            Msg::new("import-not-header").arg("columns", columns.join(",")),
        );
        return;
    }
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        match columns.iter().find(|c| **c == h.trim()) {
            Some(c) => {
                if index.insert(c, i).is_some() {
                    sink.push(1, h.trim(), Msg::new("import-column-twice"));
                }
            }
            None if h.trim().is_empty() => sink.push(
                1,
                &format!("column {}", i + 1),
                Msg::new("import-column-unnamed").arg("columns", columns.join(",")),
            ),
            None => sink.push(
                1,
                h.trim(),
                Msg::new("import-column-unknown").arg("columns", columns.join(",")),
            ),
        }
    }
    for c in columns {
        if !index.contains_key(c) {
            sink.push(1, c, Msg::new("import-column-missing"));
        }
    }
    if index.len() != columns.len() {
        return;
    }
    let index = std::rc::Rc::new(index);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                let row = Row {
                    line,
                    fields: Fields::Record {
                        record: std::mem::take(&mut record),
                        index: index.clone(),
                    },
                };
                each(row, sink);
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => Msg::new("import-row-length")
                        .arg("count", len)
                        .arg("expected", expected_len),
                    _ => Msg::Text(e.to_string()),
                };
                sink.push(line, "row", message);
                // A record the reader could not parse leaves it past the bad row; an I/O
                // or UTF-8 error cannot recur on in-memory text, but stop rather than spin.
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    break;
                }
            }
        }
    }
}

fn id_ok(s: &str) -> Result<String, Msg> {
    let s = &*fields::normalise(s);
    if s.is_empty() {
        return Err(Msg::new("import-empty"));
    }
    if s.len() > 64
        || !s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Msg::new("import-not-id").arg("value", s));
    }
    Ok(s.to_string())
}

/// The interpreters of `interpreters.csv`, and the line each id was read on.
pub fn interpreters(text: &str, sink: &mut Sink) -> (Vec<Interpreter>, HashMap<String, usize>) {
    let mut out: Vec<Interpreter> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    rows(text, INTERPRETER_COLUMNS, sink, |row, sink| {
        let before = sink.errors.len();
        if let Some(id) = row_id(&row)
            && seen.insert(id.clone(), row.line).is_some()
        {
            sink.push(
                row.line,
                "id",
                Msg::new("import-duplicate-interpreter").arg("id", &id),
            );
        }
        let interpreter = interpreter(&row, sink);
        if let (Some(i), true) = (interpreter, sink.errors.len() == before) {
            out.push(i);
        }
    });
    (out, seen)
}

/// Validates one interpreter given as named fields (a CSV row, or `soudan interpreter add`).
pub fn interpreter(row: &Row, sink: &mut Sink) -> Option<Interpreter> {
    let before = sink.errors.len();
    let l = row.line;
    let id = sink.check(l, "id", id_ok(row.get("id")));
    let name = sink.check(
        l,
        "name",
        fields::text(row.get("name"), limit::NAME, false, true),
    );
    let languages: Vec<String> = fields::list(row.get("languages"))
        .into_iter()
        .filter_map(|c| sink.check(l, "languages", known_language(&c)))
        .collect();
    if languages.is_empty() && fields::list(row.get("languages")).is_empty() {
        sink.push(l, "languages", Msg::new("import-languages-empty"));
    }
    let modes = sink.check(l, "modes", fields::modes(row.get("modes")));
    let timezone = sink.check(
        l,
        "timezone",
        super::toml_files::timezone(&fields::normalise(row.get("timezone")))
            .map(|tz| tz.name().to_string()),
    );
    let weekly = sink.check(l, "weekly", fields::weekly(row.get("weekly")));
    let dates_off = sink.check_noted(l, "dates_off", |n| fields::dates(row.get("dates_off"), n));
    let extra = sink.check_noted(l, "extra_windows", |n| {
        fields::date_windows(row.get("extra_windows"), n)
    });
    for d in dates_off.iter().flatten() {
        sink.in_month(l, "dates_off", *d, 1);
    }
    for w in extra.iter().flatten() {
        sink.in_month(l, "extra_windows", w.date, 1);
    }
    let max_per_day = sink.check(l, "max_per_day", fields::number(row.get("max_per_day"), 50));
    if max_per_day == Some(Some(0)) {
        sink.push(l, "max_per_day", Msg::new("import-max-per-day-zero"));
    }
    let mut cost = |c: &str| {
        sink.check(l, c, fields::number(row.get(c), 1_000_000))
            .flatten()
            .unwrap_or(0)
    };
    let cost = Costs {
        in_person: cost("cost_in_person"),
        video: cost("cost_video"),
        phone: cost("cost_phone"),
    };
    if sink.errors.len() != before {
        return None;
    }
    Some(Interpreter {
        id: id.unwrap_or_default(),
        name: name.unwrap_or_default(),
        languages,
        modes: modes.unwrap_or_default(),
        timezone: timezone.unwrap_or_default(),
        weekly: weekly.unwrap_or_default(),
        dates_off: dates_off.unwrap_or_default(),
        extra_windows: extra.unwrap_or_default(),
        max_per_day: max_per_day.flatten(),
        cost,
    })
}

/// The CSV fields of an interpreter, the inverse of [`interpreter`] (for updates).
pub fn interpreter_fields(i: &Interpreter) -> Vec<(String, String)> {
    let time = |t: chrono::NaiveTime, eod: bool| {
        if eod {
            "24:00".to_string()
        } else {
            t.format("%H:%M").to_string()
        }
    };
    let weekly: Vec<String> = i
        .weekly
        .iter()
        .map(|w| {
            format!(
                "{} {}-{}",
                crate::model::weekday_code(w.day),
                time(w.start, false),
                time(w.end, w.end_of_day)
            )
        })
        .collect();
    let extra: Vec<String> = i
        .extra_windows
        .iter()
        .map(|w| {
            format!(
                "{} {}-{}",
                w.date,
                time(w.start, false),
                time(w.end, w.end_of_day)
            )
        })
        .collect();
    let list = |v: Vec<String>| v.join("; ");
    [
        ("id", i.id.clone()),
        ("name", i.name.clone()),
        ("languages", i.languages.join(";")),
        (
            "modes",
            i.modes
                .iter()
                .map(|m| m.code())
                .collect::<Vec<_>>()
                .join(";"),
        ),
        ("timezone", i.timezone.clone()),
        ("weekly", list(weekly)),
        (
            "dates_off",
            list(i.dates_off.iter().map(|d| d.to_string()).collect()),
        ),
        ("extra_windows", list(extra)),
        (
            "max_per_day",
            i.max_per_day.map_or(String::new(), |n| n.to_string()),
        ),
        ("cost_in_person", i.cost.in_person.to_string()),
        ("cost_video", i.cost.video.to_string()),
        ("cost_phone", i.cost.phone.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// The requests.csv fields of a stored request: the inverse of the importer (for `request
/// edit`, which changes some and validates all of them again with the importer's rules, and
/// for a re-import's refusal of a changed row, which shows both values as the file writes them).
pub fn request_fields(r: &Request) -> Vec<(String, String)> {
    use crate::model::{RequestWindow, weekday_code};
    let times = |t: &Option<(chrono::NaiveTime, chrono::NaiveTime)>| {
        t.map(|(a, b)| format!(" {}-{}", a.format("%H:%M"), b.format("%H:%M")))
            .unwrap_or_default()
    };
    let windows = r
        .windows
        .as_ref()
        .map(|ws| {
            ws.iter()
                .map(|w| match w {
                    RequestWindow::Weekly { day, times: t } => {
                        format!("{}{}", weekday_code(*day), times(t))
                    }
                    RequestWindow::Date { date, times: t } => format!("{date}{}", times(t)),
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default();
    [
        ("id", r.id.clone()),
        ("received", r.received.format("%Y-%m-%dT%H:%M").to_string()),
        ("name", r.contact.name.clone()),
        ("contact", r.contact.contact.clone()),
        ("language", r.language.clone()),
        ("nationality", r.intake.nationality.clone()),
        ("residence_status", r.intake.residence_status.clone()),
        ("topic", r.topic.clone()),
        ("agency", r.agency.clone().unwrap_or_default()),
        (
            "modes",
            r.modes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(";"),
        ),
        ("windows", windows),
        (
            "deadline",
            r.deadline.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("priority", r.priority.code().to_string()),
        ("summary", r.intake.summary.clone()),
        ("tried", r.intake.tried.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

pub fn requests(
    text: &str,
    center: Option<&Center>,
    agencies: &[Agency],
    sink: &mut Sink,
) -> (Vec<Request>, HashMap<String, usize>) {
    let mut out: Vec<Request> = Vec::new();
    // A map, not a scan of `out`: the scan made 50,000 requests take seconds (quadratic).
    // It also keeps each id's line, for messages after validation.
    let mut seen: HashMap<String, usize> = HashMap::new();
    rows(text, REQUEST_COLUMNS, sink, |row, sink| {
        let before = sink.errors.len();
        if let Some(id) = row_id(&row)
            && seen.insert(id.clone(), row.line).is_some()
        {
            sink.push(
                row.line,
                "id",
                Msg::new("import-duplicate-request").arg("id", &id),
            );
        }
        // Required in the file (the specialist prepares from it); `soudan request add` may
        // record a request first and its intake later.
        if row.get("summary").is_empty() {
            sink.push(row.line, "summary", Msg::new("import-empty"));
        }
        let request = request(&row, center, agencies, sink);
        if let (Some(r), true) = (request, sink.errors.len() == before) {
            out.push(r);
        }
    });
    (out, seen)
}

/// A priority: the codes, or `通常`/`高`/`緊急` (Japanese staff's words).
fn priority(s: &str) -> Result<Priority, Msg> {
    match fields::normalise(s).to_ascii_lowercase().as_str() {
        "" | "normal" | "通常" | "普通" => Ok(Priority::Normal),
        "high" | "高" | "高い" => Ok(Priority::High),
        "urgent" | "緊急" | "至急" => Ok(Priority::Urgent),
        _ => Err(Msg::new("import-not-priority").arg("value", s)),
    }
}

fn row_id(row: &Row) -> Option<String> {
    id_ok(row.get("id")).ok()
}

/// Validates one request given as named fields (a CSV row, or `soudan request add`).
pub fn request(
    row: &Row,
    center: Option<&Center>,
    agencies: &[Agency],
    sink: &mut Sink,
) -> Option<Request> {
    let before = sink.errors.len();
    let l = row.line;
    let id = sink.check(l, "id", id_ok(row.get("id")));
    let received = sink.check_noted(l, "received", |n| {
        fields::datetime_noted(row.get("received"), n)
    });
    // Any ISO 639 code or other:<name>: a resident is recorded whatever their language.
    let language = sink.check(
        l,
        "language",
        crate::model::request_language(&fields::normalise(row.get("language"))).map_err(|_| {
            let value = fields::normalise(row.get("language"));
            if value.starts_with("other:") {
                Msg::new("import-other-language-name").arg("value", value)
            } else {
                Msg::new("import-not-language").arg("value", value)
            }
        }),
    );
    let nationality = fields::normalise(row.get("nationality")).to_ascii_uppercase();
    if !(nationality.len() == 2 && nationality.bytes().all(|b| b.is_ascii_uppercase())) {
        sink.push(
            l,
            "nationality",
            Msg::new("import-not-country").arg("value", row.get("nationality")),
        );
    }
    let topic = fields::normalise(row.get("topic")).into_owned();
    if let Some(c) = center
        && c.topic(&topic).is_none()
    {
        sink.push(
            l,
            "topic",
            Msg::new("import-unknown-topic").arg("value", &topic),
        );
    }
    let agency_field = fields::normalise(row.get("agency"));
    let agency = match agency_field.as_ref() {
        "" => None,
        a => match agencies.iter().find(|x| x.id == a) {
            None => {
                sink.push(
                    l,
                    "agency",
                    Msg::new("import-unknown-agency").arg("value", a),
                );
                None
            }
            Some(x) => {
                if !x.topics.contains(&topic) {
                    sink.push(
                        l,
                        "agency",
                        Msg::new("import-agency-topic")
                            .arg("agency", a)
                            .arg("topic", &topic),
                    );
                }
                Some(a.to_string())
            }
        },
    };
    let modes = sink.check(l, "modes", fields::modes(row.get("modes")));
    let windows = sink.check_noted(l, "windows", |n| {
        fields::request_windows(row.get("windows"), n)
    });
    for w in windows.iter().flatten().flatten() {
        if let crate::model::RequestWindow::Date { date, .. } = w {
            sink.in_month(l, "windows", *date, 0);
        }
    }
    let deadline = match row.get("deadline") {
        "" => None,
        d => sink.check_noted(l, "deadline", |n| fields::date_noted(d, n)),
    };
    let priority = sink.check(l, "priority", priority(row.get("priority")));
    let mut text = |field: &str, max: usize, multiline: bool, required: bool| {
        sink.check(
            l,
            field,
            fields::text(row.get(field), max, multiline, required),
        )
        .unwrap_or_default()
    };
    let name = text("name", limit::NAME, false, false);
    let contact = text("contact", limit::CONTACT, false, false);
    let residence_status = text("residence_status", limit::LABEL, false, false);
    let summary = text("summary", limit::INTAKE, true, false);
    let tried = text("tried", limit::INTAKE, true, false);
    if sink.errors.len() != before {
        return None;
    }
    Some(Request {
        id: id.unwrap_or_default(),
        received: received.unwrap_or_default(),
        language: language.unwrap_or_default(),
        topic,
        agency,
        modes: modes.unwrap_or_default(),
        windows: windows.flatten(),
        deadline,
        priority: priority.unwrap_or(Priority::Normal),
        intake: Intake {
            nationality,
            residence_status,
            summary,
            tried,
        },
        contact: Contact { name, contact },
        status: RequestStatus::Waiting,
    })
}
