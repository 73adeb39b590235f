//! Reading a coordinator's folder (`center.toml`, `agencies.toml`, `interpreters.csv`,
//! `requests.csv`) into model values, and merging them into the store.
//!
//! Everything is validated before anything is written; every problem found is reported as
//! `file:line: field: message`, and a folder with any problem changes nothing.

mod csv_files;
mod error;
pub mod fields;
mod text;
mod toml_files;

pub use csv_files::{INTERPRETER_COLUMNS, REQUEST_COLUMNS, request_fields};
pub use error::{ImportError, ImportErrors, ImportNote, Msg};
pub use text::{Encoding, cp932_lost, for_terminal};

use crate::model::{
    Agency, Center, FeedKind, FeedSubscription, Interpreter, Month, Request, RequestStatus,
    WeightPolicy,
};
use crate::model::{Event, What};
use crate::store::{Batch, Store, StoreError};
use chrono::{DateTime, TimeDelta, Utc};
use error::Sink;
use std::collections::HashMap;
use std::path::Path;

pub const CENTER_FILE: &str = "center.toml";
pub const AGENCIES_FILE: &str = "agencies.toml";
pub const INTERPRETERS_FILE: &str = "interpreters.csv";
pub const REQUESTS_FILE: &str = "requests.csv";
pub const FILES: [&str; 4] = [CENTER_FILE, AGENCIES_FILE, INTERPRETERS_FILE, REQUESTS_FILE];

/// A validated folder.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub center: Center,
    pub agencies: Vec<Agency>,
    pub interpreters: Vec<Interpreter>,
    pub requests: Vec<Request>,
    pub weights: WeightPolicy,
    /// `lead_days` of center.toml.
    pub lead_days: u32,
    /// center.toml's phone, access and hours (residents' slips).
    pub center_info: crate::model::CenterInfo,
    /// `language` of center.toml: the staff default language of the CLI and reports.
    pub language: crate::i18n::Lang,
    /// Days every date was moved by (see [`load`]); 0 for an ordinary folder.
    pub shifted_days: i64,
    /// center.toml's `reference_month`: the folder is a sample written for that month.
    pub reference_month: Option<Month>,
    /// Per file, how many of its records had dates moved (files without any left out); empty
    /// when nothing was moved.
    pub shifted: Vec<ShiftedFile>,
    /// Where each interpreter and request was read (for messages after validation).
    pub lines: Lines,
    /// Files that were read as Shift_JIS rather than UTF-8.
    pub shift_jis_files: Vec<String>,
    /// Values read in a way worth confirming (era dates, two-digit years), in file order;
    /// `import --dry-run` shows them.
    pub notes: Vec<ImportNote>,
}

/// How many records of one file had their dates moved by the sample shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftedFile {
    /// As in messages: the folder's path and the file name.
    pub file: String,
    pub rows: usize,
}

/// The file and line each interpreter and request of a folder was read from, so that what is
/// found after validation (a re-import's refusal of a changed request, the warning about
/// characters Excel's CP932 lost) still names `file:line`.
#[derive(Debug, Clone, Default)]
pub struct Lines {
    pub interpreters_file: String,
    pub requests_file: String,
    /// Interpreter id → line.
    pub interpreters: HashMap<String, usize>,
    /// Request id → line.
    pub requests: HashMap<String, usize>,
}

impl Lines {
    /// Where interpreter `id` was read: the file, and its line (0 when unknown).
    pub fn interpreter(&self, id: &str) -> (String, usize) {
        (
            self.interpreters_file.clone(),
            self.interpreters.get(id).copied().unwrap_or(0),
        )
    }

    /// Where request `id` was read: the file, and its line (0 when unknown).
    pub fn request(&self, id: &str) -> (String, usize) {
        (
            self.requests_file.clone(),
            self.requests.get(id).copied().unwrap_or(0),
        )
    }
}

/// Reads and validates the four files. `read(name)` returns a file's bytes; `prefix` is
/// prepended to file names in messages (the folder path).
///
/// A folder whose `center.toml` names a `reference_month` is a sample written for that month:
/// all its dates are moved by whole weeks (so weekdays are kept) to land in `target` (e.g. the
/// sample's "2nd Saturday" request windows and deadlines keep their meaning in any month).
pub fn load<E: Into<Msg>>(
    prefix: &str,
    read: impl Fn(&str) -> Result<Vec<u8>, E>,
    target: Option<Month>,
) -> Result<Dataset, ImportErrors> {
    let mut errors = Vec::new();
    let mut texts = Vec::new();
    let mut shift_jis_files = Vec::new();
    for name in FILES {
        let display = format!("{prefix}{name}");
        let result = read(name).map_err(Into::into).and_then(text::decode);
        match result {
            Ok((t, enc)) => {
                if enc == Encoding::ShiftJis {
                    shift_jis_files.push(display.clone());
                }
                texts.push((display, t));
            }
            Err(message) => {
                errors.push(ImportError {
                    file: display.clone(),
                    line: 0,
                    field: String::new(),
                    message,
                });
                texts.push((display, String::new()));
            }
        }
    }
    if !errors.is_empty() {
        return Err(ImportErrors(errors));
    }
    let mut notes = Vec::new();
    let (center_name, center_text) = &texts[0];
    let mut sink = Sink {
        file: center_name,
        errors: &mut errors,
        month: None,
        notes: Vec::new(),
    };
    let config = toml_files::center(center_text, &mut sink);
    notes.append(&mut sink.notes);
    let center = config.as_ref().map(|c| &c.center);
    let month = config.as_ref().and_then(|c| c.reference_month);
    let (agencies_name, agencies_text) = &texts[1];
    let mut sink = Sink {
        file: agencies_name,
        errors: &mut errors,
        month,
        notes: Vec::new(),
    };
    let agencies = toml_files::agencies(agencies_text, center, &mut sink);
    notes.append(&mut sink.notes);
    let (interp_name, interp_text) = &texts[2];
    let mut sink = Sink {
        file: interp_name,
        errors: &mut errors,
        month,
        notes: Vec::new(),
    };
    let (interpreters, interpreter_lines) = csv_files::interpreters(interp_text, &mut sink);
    notes.append(&mut sink.notes);
    let (req_name, req_text) = &texts[3];
    let mut sink = Sink {
        file: req_name,
        errors: &mut errors,
        month,
        notes: Vec::new(),
    };
    let (requests, request_lines) = csv_files::requests(req_text, center, &agencies, &mut sink);
    notes.append(&mut sink.notes);
    let lines = Lines {
        interpreters_file: interp_name.clone(),
        requests_file: req_name.clone(),
        interpreters: interpreter_lines,
        requests: request_lines,
    };
    match config {
        Some(config) if errors.is_empty() => {
            let mut data = Dataset {
                center: config.center,
                agencies,
                interpreters,
                requests,
                weights: config.weights,
                lead_days: config.lead_days,
                center_info: config.info,
                language: config.language,
                shifted_days: 0,
                reference_month: config.reference_month,
                shifted: Vec::new(),
                lines,
                shift_jis_files,
                notes,
            };
            if let (Some(reference), Some(target)) = (config.reference_month, target) {
                let files = [&texts[1].0, &texts[2].0, &texts[3].0];
                shift(&mut data, reference, target, files.map(String::as_str));
            }
            Ok(data)
        }
        _ => {
            errors.sort();
            Err(ImportErrors(errors))
        }
    }
}

/// Largest coordinator file read. 100,000 requests with full intake texts are about 36 MB;
/// anything far larger is a wrong file, and refusing it after reading at most this much (see
/// [`crate::fsio`]) keeps memory bounded whatever the path points at.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Largest `request add --from` file: one request's fields.
pub const MAX_INTAKE_FILE_BYTES: u64 = 1024 * 1024;

/// Reads a `request add --from` file: a regular file of at most [`MAX_INTAKE_FILE_BYTES`],
/// UTF-8 or Shift_JIS, line breaks normalised. The message never quotes the file's content
/// (the path may name a file that is not an intake file at all).
pub fn read_intake_file(path: &Path) -> Result<String, Msg> {
    let bytes = crate::fsio::read_regular(path, MAX_INTAKE_FILE_BYTES)
        .map_err(|e| Msg::Text(e.to_string()))?;
    text::decode(bytes).map(|(t, _)| t)
}

/// Reads a folder from disk.
pub fn load_dir(dir: &Path, target: Option<Month>) -> Result<Dataset, ImportErrors> {
    // A wrong folder is one problem, not one per file it should hold.
    let folder = |key: &'static str| {
        Err(ImportErrors(vec![ImportError {
            file: dir.display().to_string(),
            line: 0,
            field: String::new(),
            message: Msg::new(key).arg("files", FILES.join("、")),
        }]))
    };
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => return folder("import-folder-is-a-file"),
        Ok(_) => {
            if let Err(e) = std::fs::read_dir(dir)
                && crate::fsio::why_io(&e) == crate::fsio::Why::Permission
            {
                return folder("import-folder-permission");
            }
            if !FILES.iter().any(|f| dir.join(f).exists()) {
                return folder("import-folder-empty");
            }
        }
        Err(e) => {
            return folder(match crate::fsio::why_io(&e) {
                crate::fsio::Why::Permission => "import-folder-permission",
                crate::fsio::Why::NotAFolder => "import-folder-is-a-file",
                _ => "import-folder-missing",
            });
        }
    }
    let prefix = format!("{}/", dir.display());
    load(
        &prefix,
        |name| {
            // Regular files only, opened without blocking, at most MAX_FILE_BYTES read: a
            // symlink to /dev/zero or a FIFO is refused, not read until memory runs out.
            crate::fsio::read_regular(&dir.join(name), MAX_FILE_BYTES).map_err(|e| {
                use crate::fsio::Why;
                match e.why() {
                    Why::TooLarge => {
                        Msg::new("import-file-too-large").arg("mb", MAX_FILE_BYTES / 1_048_576)
                    }
                    Why::Missing => Msg::new("import-file-missing").arg("name", name),
                    Why::Permission => Msg::new("import-file-permission"),
                    Why::Folder => Msg::new("import-file-is-a-folder").arg("name", name),
                    Why::Special => Msg::new("import-file-special"),
                    Why::NotAFolder | Why::Other => {
                        Msg::new("import-file-unreadable").arg("detail", e)
                    }
                }
            })
        },
        target,
    )
}

/// Whole weeks from `reference` to `target`, chosen so the first days of the months are at
/// most three days apart: the nth weekday of one month lands on the nth weekday of the other.
pub fn shift_days(reference: Month, target: Month) -> i64 {
    let days = (target.first_day() - reference.first_day()).num_days();
    (days as f64 / 7.0).round() as i64 * 7
}

/// Moves the sample's dates (see [`load`]) and counts, per file, the records it moved.
///
/// Closed days are not moved: the center's own closed dates (`[closed] dates`) and an agency's
/// cancelled dates (`cancelled`) are days on the calendar (a closure, a day the agency cannot
/// come), not "the nth weekday of the reference month": the sample's bar session cancelled for
/// the year-end closure on 2026-12-29 moved to 2027-01-26 and cancelled a real session there.
/// The year-end closure and national holidays are rules, applied in any month.
fn shift(data: &mut Dataset, reference: Month, target: Month, files: [&str; 3]) {
    let days = shift_days(reference, target);
    let d = TimeDelta::days(days);
    data.shifted_days = days;
    if days == 0 {
        return;
    }
    let mut counts = [0usize; 3];
    for a in &mut data.agencies {
        for e in &mut a.extras {
            e.date += d;
        }
        counts[0] += usize::from(!a.extras.is_empty());
    }
    for i in &mut data.interpreters {
        for off in &mut i.dates_off {
            *off += d;
        }
        for w in &mut i.extra_windows {
            w.date += d;
        }
        counts[1] += usize::from(!i.dates_off.is_empty() || !i.extra_windows.is_empty());
    }
    for r in &mut data.requests {
        r.received += d;
        if let Some(deadline) = &mut r.deadline {
            *deadline += d;
        }
        if let Some(windows) = &mut r.windows {
            for w in windows {
                if let crate::model::RequestWindow::Date { date, .. } = w {
                    *date += d;
                }
            }
        }
    }
    counts[2] = data.requests.len();
    data.shifted = files
        .iter()
        .zip(counts)
        .filter(|(_, rows)| *rows > 0)
        .map(|(file, rows)| ShiftedFile {
            file: file.to_string(),
            rows,
        })
        .collect();
}

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub agencies: usize,
    pub interpreters: usize,
    pub requests_new: usize,
    pub requests_unchanged: usize,
    pub feeds_created: usize,
    /// The dataset's readings worth confirming ([`Dataset::notes`]).
    pub notes: Vec<ImportNote>,
}

/// Error of [`plan`]: the data conflicts with the store, or the store failed.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{0}")]
    Conflicts(ImportErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot create feed secrets: the OS random source failed: {0}")]
    Random(String),
}

/// The batch that merges `data` into the store (committed by [`crate::ops::import`]): the center, agencies and interpreters are
/// replaced by the folder's; requests are added (a request already in the store must be
/// identical, or the import is refused: changes to a request go through `soudan request`);
/// every agency, interpreter and the coordinators get a feed subscription if they had none.
pub fn plan(
    store: &Store,
    data: &Dataset,
    file_prefix: &str,
    now: DateTime<Utc>,
) -> Result<(Batch, Summary), ApplyError> {
    let mut batch = Batch::new();
    let mut summary = Summary::default();
    let mut conflicts = Vec::new();
    // Per refused row: the days its dates alone moved by (see below), or `None`.
    let mut shifted_rows: Vec<Option<i64>> = Vec::new();
    batch.put_center(&data.center)?;
    batch.put_weights(&data.weights)?;
    batch.put_lead_days(data.lead_days)?;
    batch.put_center_info(&data.center_info)?;
    batch.put_language(data.language.code())?;
    for a in &data.agencies {
        batch.put_agency(a)?;
    }
    for i in &data.interpreters {
        batch.put_interpreter(i)?;
    }
    summary.notes = data.notes.clone();
    summary.agencies = data.agencies.len();
    summary.interpreters = data.interpreters.len();
    for r in &data.requests {
        match store.request(&r.id)? {
            Some(existing) => {
                let comparable = Request {
                    status: existing.status,
                    ..r.clone()
                };
                if comparable == existing {
                    summary.requests_unchanged += 1;
                } else {
                    let found =
                        request_differences(&existing, r, data.lines.request(&r.id), file_prefix);
                    let dates_only = found.iter().all(|e| DATED.contains(&e.field.as_str()));
                    let moved = existing.received - r.received;
                    shifted_rows.push(
                        (dates_only && moved.num_seconds() % (7 * 86_400) == 0)
                            .then(|| moved.num_days())
                            .filter(|d| *d != 0),
                    );
                    conflicts.extend(found);
                }
            }
            None => {
                // Validated requests are waiting already: copy only one that is not.
                if r.status == RequestStatus::Waiting {
                    batch.put_request(r)?;
                } else {
                    batch.put_request(&Request {
                        status: RequestStatus::Waiting,
                        ..r.clone()
                    })?;
                }
                batch.log(Event::typed(
                    now,
                    &r.id,
                    What::Received {
                        imported: true,
                        language: r.language.clone(),
                        topic: r.topic.clone(),
                        priority: r.priority,
                    },
                ));
                summary.requests_new += 1;
            }
        }
    }
    if !conflicts.is_empty() {
        // Many rows that differ in their dates alone, all by the same whole weeks: a folder
        // read with the sample's date shift one time and without it the next (a copy of the
        // sample, `reference_month` removed). Said once, with what to do.
        if shifted_rows.len() > 1
            && let Some(Some(days)) = shifted_rows.first()
            && shifted_rows.iter().all(|d| *d == Some(*days))
        {
            conflicts.push(ImportError {
                file: format!("{file_prefix}{REQUESTS_FILE}"),
                line: 0,
                field: String::new(),
                message: Msg::new("import-request-dates-differ")
                    .arg("count", shifted_rows.len())
                    .arg("days", *days),
            });
        }
        return Err(ApplyError::Conflicts(ImportErrors(conflicts)));
    }
    let mut wanted: Vec<(FeedKind, String, bool)> =
        vec![(FeedKind::Coordinator, "center".into(), false)];
    wanted.extend(
        data.agencies
            .iter()
            .map(|a| (FeedKind::Agency, a.id.clone(), a.show_personal_details)),
    );
    wanted.extend(
        data.interpreters
            .iter()
            .map(|i| (FeedKind::Interpreter, i.id.clone(), false)),
    );
    for (kind, id, personal_details) in wanted {
        match store.subscription(kind, &id)? {
            None => {
                let secret =
                    crate::secret::new_secret().map_err(|e| ApplyError::Random(e.to_string()))?;
                batch.put_subscription(&FeedSubscription::new(
                    kind,
                    &id,
                    secret,
                    personal_details,
                ))?;
                summary.feeds_created += 1;
            }
            // `show_personal_details` in agencies.toml is the coordinator's switch for the
            // agency feed: follow it on every import, both ways.
            Some(mut existing)
                if kind == FeedKind::Agency && existing.personal_details != personal_details =>
            {
                existing.personal_details = personal_details;
                batch.put_subscription(&existing)?;
            }
            Some(_) => {}
        }
    }
    Ok((batch, summary))
}

/// The requests.csv columns holding dates (what the sample shift moves).
const DATED: [&str; 3] = ["received", "deadline", "windows"];

/// Longest value a refusal quotes (an intake text can be 2,000 characters).
const QUOTED_CHARS: usize = 80;

/// The refusal of a request row that differs from the stored request: one error per column
/// that differs, at the row's line, with both values as requests.csv writes them.
fn request_differences(
    stored: &Request,
    file: &Request,
    (file_name, line): (String, usize),
    file_prefix: &str,
) -> Vec<ImportError> {
    let file_name = if file_name.is_empty() {
        format!("{file_prefix}{REQUESTS_FILE}")
    } else {
        file_name
    };
    let quote = |v: &str| -> String {
        let mut chars = v.chars();
        let head: String = chars.by_ref().take(QUOTED_CHARS).collect();
        if chars.next().is_some() {
            format!("{head}…")
        } else {
            head
        }
    };
    let ours = request_fields(stored);
    let theirs = request_fields(file);
    let mut out: Vec<ImportError> = ours
        .iter()
        .zip(&theirs)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((column, a), (_, b))| ImportError {
            file: file_name.clone(),
            line,
            field: column.clone(),
            message: Msg::new("import-request-field-differs")
                .arg("id", &file.id)
                .arg("stored", quote(a))
                .arg("stored_empty", if a.is_empty() { "yes" } else { "no" })
                .arg("written", quote(b))
                .arg("written_empty", if b.is_empty() { "yes" } else { "no" }),
        })
        .collect();
    if out.is_empty() {
        // Every column reads the same, yet the requests differ (cannot happen while the
        // columns cover the request): still refuse, naming the request.
        out.push(ImportError {
            file: file_name,
            line,
            field: "id".into(),
            message: Msg::new("import-request-differs").arg("id", &file.id),
        });
    }
    out
}

/// Builds a row from `(column, value)` pairs, reporting names that are not columns.
fn row_from_fields(
    fields: &[(String, String)],
    columns: &[&'static str],
    sink: &mut Sink,
) -> csv_files::Row {
    let mut map = std::collections::HashMap::new();
    for (name, value) in fields {
        match columns.iter().find(|c| **c == name.as_str()) {
            Some(c) => {
                map.insert(*c, value.clone());
            }
            None => sink.push(
                0,
                name,
                Msg::new("import-unknown-field").arg("columns", columns.join(", ")),
            ),
        }
    }
    csv_files::Row::new(0, map)
}

/// Validates one request given as `(column, value)` pairs, with the same rules and messages as
/// a `requests.csv` row (`soudan request add` uses it). `source` names where the fields came
/// from in messages (a file, or `command line`).
pub fn request_from_fields(
    source: &str,
    fields: &[(String, String)],
    center: &Center,
    agencies: &[Agency],
) -> Result<Request, ImportErrors> {
    request_from_fields_noted(source, fields, center, agencies).map(|(r, _)| r)
}

/// As [`request_from_fields`], with the readings worth confirming (a 令和 date, a two-digit
/// year) that `import` reports as notes: `request add` shows the same ones.
pub fn request_from_fields_noted(
    source: &str,
    fields: &[(String, String)],
    center: &Center,
    agencies: &[Agency],
) -> Result<(Request, Vec<ImportNote>), ImportErrors> {
    let mut errors = Vec::new();
    let mut sink = Sink {
        file: source,
        errors: &mut errors,
        month: None,
        notes: Vec::new(),
    };
    let row = row_from_fields(fields, REQUEST_COLUMNS, &mut sink);
    let request = csv_files::request(&row, Some(center), agencies, &mut sink);
    let notes = std::mem::take(&mut sink.notes);
    match request {
        Some(r) if errors.is_empty() => Ok((r, notes)),
        _ => Err(ImportErrors(errors)),
    }
}

/// Validates one interpreter given as `(column, value)` pairs, as an `interpreters.csv` row.
pub fn interpreter_from_fields(
    source: &str,
    fields: &[(String, String)],
) -> Result<Interpreter, ImportErrors> {
    let mut errors = Vec::new();
    let mut sink = Sink {
        file: source,
        errors: &mut errors,
        month: None,
        notes: Vec::new(),
    };
    let row = row_from_fields(fields, INTERPRETER_COLUMNS, &mut sink);
    let interpreter = csv_files::interpreter(&row, &mut sink);
    match interpreter {
        Some(i) if errors.is_empty() => Ok(i),
        _ => Err(ImportErrors(errors)),
    }
}

pub use csv_files::interpreter_fields;
