//! `soudan request add|list|show|cancel` and `soudan history`.

use super::output::{ui_lang, warn_published_in};
use crate::error::{Error, Refusal, Result};
use crate::i18n::Lang;
use crate::input;
use crate::model::{BookingStatus, Month, RequestStatus};
use crate::ops::{self, Ctx};
use crate::tr;
use crate::words;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// Intake files are a few hundred bytes; anything near this is the wrong file.

#[derive(Debug, clap::Subcommand)]
pub enum RequestCommand {
    /// Record a new request with its intake (flags, or --from a TOML/JSON file).
    Add(Box<AddArgs>),
    /// List requests.
    List(ListArgs),
    /// Show one request with its intake and booking.
    Show(ShowArgs),
    /// Cancel a request: its booking leaves every feed and its place frees up.
    Cancel(CancelArgs),
    /// Change intake fields of a request (the same flags as `add`; only those given change).
    /// Its booking is checked against the new details: kept, or released to be re-placed.
    Edit(Box<EditArgs>),
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// Request id.
    pub request: String,
    #[command(flatten)]
    pub fields: AddArgs,
}

/// Every intake field; names and meanings as in requests.csv (docs/data-format.md).
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Read the fields from a TOML or JSON file (keys as in requests.csv); flags override it.
    #[arg(long)]
    pub from: Option<PathBuf>,
    /// Request id; default: the next R-NNNN.
    #[arg(long)]
    pub id: Option<String>,
    /// When the request was received (YYYY-MM-DDTHH:MM, center time); default: now.
    #[arg(long)]
    pub received: Option<String>,
    /// Resident's name (stays in the database; not shown in feeds unless enabled).
    #[arg(long)]
    pub name: Option<String>,
    /// Phone or e-mail (stays in the database).
    #[arg(long)]
    pub contact: Option<String>,
    /// Language code (see `soudan languages`).
    #[arg(long)]
    pub language: Option<String>,
    /// ISO 3166 country code, e.g. NP.
    #[arg(long)]
    pub nationality: Option<String>,
    /// As on the residence card, e.g. 留学.
    #[arg(long)]
    pub residence_status: Option<String>,
    /// Topic id from center.toml.
    #[arg(long)]
    pub topic: Option<String>,
    /// Agency id, when the resident asked for one agency.
    #[arg(long)]
    pub agency: Option<String>,
    /// Accepted modes, e.g. "in_person;video;phone" (default: all).
    #[arg(long)]
    pub modes: Option<String>,
    /// When the resident can come, e.g. "sat 13:00-17:00; 2026-12-19" (default: any time).
    #[arg(long)]
    pub windows: Option<String>,
    /// Last date the consultation may take place (YYYY-MM-DD).
    #[arg(long)]
    pub deadline: Option<String>,
    /// normal, high or urgent.
    #[arg(long)]
    pub priority: Option<String>,
    /// Intake summary for the specialist.
    #[arg(long)]
    pub summary: Option<String>,
    /// What the resident already tried.
    #[arg(long)]
    pub tried: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only requests booked in this month, or waiting.
    #[arg(long)]
    pub month: Option<Month>,
    /// waiting, booked or cancelled.
    #[arg(long)]
    pub status: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    pub id: String,
    /// Also show the resident's name and contact details.
    #[arg(long)]
    pub contact: bool,
}

#[derive(Debug, clap::Args)]
pub struct CancelArgs {
    pub id: String,
    /// Why (recorded in the request's history), e.g. "resolved at the counter".
    #[arg(long)]
    pub reason: Option<String>,
    /// Where the resident was referred instead (recorded in the history), e.g. a legal aid
    /// office.
    #[arg(long)]
    pub referred_to: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// Request id.
    pub id: String,
}

/// Reads intake fields from a TOML or JSON file (keys as in requests.csv); UTF-8 or
/// Shift_JIS, bounded ([`import::read_intake_file`]).
fn fields_from_file(path: &Path) -> Result<Vec<(String, String)>> {
    let shown = path.display().to_string();
    let text = crate::import::read_intake_file(path).map_err(|problem| Refusal::IntakeFile {
        path: shown.clone(),
        problem,
    })?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    // The parsers' own explanation stays as they word it (English); where is ours.
    let value: serde_json::Value = if is_json {
        serde_json::from_str(&text).map_err(|e| Refusal::IntakeSyntax {
            path: shown.clone(),
            line: e.line(),
            detail: e.to_string(),
        })?
    } else {
        let table: toml::Table = toml::from_str(&text).map_err(|e| Refusal::IntakeSyntax {
            path: shown.clone(),
            // The line of the span's start (0 when the parser gives no place).
            line: e
                .span()
                .and_then(|span| text.get(..span.start))
                .map_or(0, |before| before.matches('\n').count() + 1),
            detail: e.message().to_string(),
        })?;
        serde_json::to_value(table).map_err(|e| Error::internal("converting TOML", e))?
    };
    let Some(object) = value.as_object() else {
        return Err(Refusal::IntakeNotATable { path: shown }.into());
    };
    let mut out = Vec::new();
    for (k, v) in object {
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(";"),
            other => other.to_string(),
        };
        out.push((k.clone(), text));
    }
    Ok(out)
}

/// A request id as typed (`R-9`, `r-9`) as the stored id ([`input::request_id`]).
pub(crate) fn request_id(ctx: &Ctx, typed: &str) -> Result<String> {
    let requests = ctx.store().requests()?;
    Ok(input::request_id(
        typed,
        requests.iter().map(|r| r.id.as_str()),
    ))
}

pub fn edit(db: &Path, args: Box<EditArgs>, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let a = &args.fields;
    let ctx = Ctx::open(db, &format!("soudan request edit {}", args.request))?;
    let request = request_id(&ctx, &args.request)?;
    let mut fields = match &a.from {
        Some(path) => fields_from_file(path)?,
        None => Vec::new(),
    };
    let flags = [
        ("id", &a.id),
        ("received", &a.received),
        ("name", &a.name),
        ("contact", &a.contact),
        ("language", &a.language),
        ("nationality", &a.nationality),
        ("residence_status", &a.residence_status),
        ("topic", &a.topic),
        ("agency", &a.agency),
        ("modes", &a.modes),
        ("windows", &a.windows),
        ("deadline", &a.deadline),
        ("priority", &a.priority),
        ("summary", &a.summary),
        ("tried", &a.tried),
    ];
    for (name, value) in flags {
        if let Some(v) = value {
            if name == "deadline" {
                warn_far_deadline(ui_lang(flag, Some(&ctx)), &ctx, v, now)?;
            }
            fields.retain(|(k, _)| k != name);
            fields.push((name.to_string(), ops::intake_field(&ctx, name, v, now)?));
        }
    }
    let done = ops::request_edit(&ctx, &request, fields, now)?;
    let ui = ui_lang(flag, Some(&ctx));
    warn_published_in(ui, &done.published);
    println!(
        "{}",
        tr!(
            ui,
            "cli-request-edited",
            id = done.request.id.as_str(),
            // The fields as the form calls them (来られる時間, not windows).
            fields = done
                .changed
                .iter()
                .map(|f| words::code_word(ui, "field", f))
                .collect::<Vec<_>>()
                .join(&tr!(ui, "event-list-sep"))
        )
    );
    if let Some(b) = done.released {
        println!("{}", tr!(ui, "cli-request-edit-released", booking = b));
    }
    Ok(())
}

pub fn add(db: &Path, args: Box<AddArgs>, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan request add")?;
    let ui = ui_lang(flag, Some(&ctx));
    // Where the fields came from, as messages and reading notes name it (`file:line: field`).
    let (source, mut fields) = match &args.from {
        Some(path) => (path.display().to_string(), fields_from_file(path)?),
        None => (tr!(ui, "cli-request-source-flags"), Vec::new()),
    };
    let flags = [
        ("id", &args.id),
        ("received", &args.received),
        ("name", &args.name),
        ("contact", &args.contact),
        ("language", &args.language),
        ("nationality", &args.nationality),
        ("residence_status", &args.residence_status),
        ("topic", &args.topic),
        ("agency", &args.agency),
        ("modes", &args.modes),
        ("windows", &args.windows),
        ("deadline", &args.deadline),
        ("priority", &args.priority),
        ("summary", &args.summary),
        ("tried", &args.tried),
    ];
    for (name, value) in flags {
        if let Some(v) = value {
            if name == "deadline" {
                warn_far_deadline(ui, &ctx, v, now)?;
            }
            fields.retain(|(k, _)| k != name);
            fields.push((name.to_string(), ops::intake_field(&ctx, name, v, now)?));
        }
    }
    let done = ops::request_add(&ctx, &source, fields, now)?;
    warn_published_in(ui, &done.published);
    let request = done.request;
    let center = ctx.store().center()?;
    println!(
        "{}",
        tr!(
            ui,
            "cli-request-recorded",
            id = request.id.as_str(),
            language = words::lang_name(ui, &request.language),
            topic = words::topic_name(ui, center.as_ref(), &request.topic),
            priority = words::code_word(ui, "priority", request.priority.code())
        )
    );
    for n in &done.notes {
        println!("{}", super::data::note_line(ui, n));
    }
    Ok(())
}

pub fn list(db: &Path, args: ListArgs, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan request list")?;
    let ui = ui_lang(flag, Some(&ctx));
    let store = ctx.store();
    let requests = store.requests()?;
    let bookings = store.bookings()?;
    let center = store.center()?;
    let agencies = store.agencies()?;
    let today = ctx.today(now)?;
    let troubles = ctx.troubles(now)?;
    let status = args
        .status
        .as_deref()
        .map(|s| match s {
            "waiting" => Ok(RequestStatus::Waiting),
            "booked" => Ok(RequestStatus::Booked),
            "cancelled" => Ok(RequestStatus::Cancelled),
            other => Err(Refusal::UnknownStatus {
                value: other.to_string(),
            }),
        })
        .transpose()?;
    let header = vec![
        tr!(ui, "cli-col-request"),
        tr!(ui, "cli-col-received"),
        tr!(ui, "cli-col-language"),
        tr!(ui, "cli-col-topic"),
        tr!(ui, "cli-col-agency"),
        tr!(ui, "cli-col-priority"),
        tr!(ui, "cli-col-status"),
        tr!(ui, "cli-col-booking"),
    ];
    let mut rows = vec![header];
    for r in &requests {
        if status.is_some_and(|s| s != r.status) {
            continue;
        }
        let booking = bookings
            .iter()
            .find(|b| b.request == r.id && b.status == BookingStatus::Confirmed);
        if let Some(m) = args.month {
            let in_month = booking.is_some_and(|b| m.contains(b.start.date()));
            if !(in_month || r.status == RequestStatus::Waiting) {
                continue;
            }
        }
        rows.push(vec![
            r.id.clone(),
            words::date_time(ui, r.received),
            words::lang_name(ui, &r.language),
            words::topic_name(ui, center.as_ref(), &r.topic),
            r.agency
                .as_deref()
                .map_or_else(|| "-".into(), |a| words::agency_name(ui, &agencies, a)),
            words::code_word(ui, "priority", r.priority.code()),
            if booking.is_some_and(|b| troubles.contains(&b.number)) {
                tr!(ui, "trouble-state")
            } else if crate::report::is_overdue(r, today) {
                tr!(ui, "cli-status-overdue")
            } else {
                words::code_word(ui, "status", r.status.code())
            },
            booking.map_or(String::new(), |b| {
                format!(
                    "{} {} {}",
                    b.number,
                    words::agency_name(ui, &agencies, &b.agency),
                    words::date_time(ui, b.start)
                )
            }),
        ]);
    }
    // Column widths in display columns (a Japanese character takes two), from the content:
    // topic names from center.toml vary from two characters to thirty.
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| words::width(&r[i])).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let line: String = row
            .iter()
            .zip(&widths)
            .map(|(c, &w)| words::pad(c, w) + " ")
            .collect();
        println!("{}", line.trim_end());
    }
    Ok(())
}

pub fn show(db: &Path, args: ShowArgs, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan request show")?;
    let ui = ui_lang(flag, Some(&ctx));
    let store = ctx.store();
    let id = request_id(&ctx, &args.id)?;
    let r = store
        .request(&id)?
        .ok_or_else(|| Refusal::UnknownRequest { id: id.clone() })?;
    let center = store.center()?;
    let agencies = store.agencies()?;
    let field = |key: &str, value: String| {
        let label = crate::i18n::message(ui, key, None);
        println!("{} {value}", words::pad(&label, 18));
    };
    println!(
        "{}  {}",
        r.id,
        words::code_word(ui, "status", r.status.code())
    );
    field("cli-field-received", words::date_time(ui, r.received));
    field(
        "cli-field-language",
        tr!(
            ui,
            "cli-with-code",
            text = words::lang_name(ui, &r.language),
            code = r.language.as_str()
        ),
    );
    field(
        "cli-field-topic",
        tr!(
            ui,
            "cli-with-code",
            text = words::topic_name(ui, center.as_ref(), &r.topic),
            code = r.topic.as_str()
        ),
    );
    field(
        "cli-field-agency",
        match r.agency.as_deref() {
            Some(a) => tr!(
                ui,
                "cli-with-code",
                text = words::agency_name(ui, &agencies, a),
                code = a
            ),
            None => tr!(ui, "cli-any-agency"),
        },
    );
    field(
        "cli-field-modes",
        r.modes
            .iter()
            .map(|m| words::mode_name(ui, *m))
            .collect::<Vec<_>>()
            .join(tr!(ui, "cli-list-sep").as_str()),
    );
    field(
        "cli-field-windows",
        words::windows(ui, r.windows.as_deref()),
    );
    field(
        "cli-field-deadline",
        r.deadline
            .map_or(tr!(ui, "cli-none"), |d| words::date(ui, d)),
    );
    let today = ctx.today(now)?;
    if let Some(d) = r.deadline.filter(|_| crate::report::is_overdue(&r, today)) {
        println!(
            "{}",
            tr!(
                ui,
                "cli-overdue",
                deadline = words::date(ui, d),
                request = r.id.as_str()
            )
        );
    }
    field(
        "cli-field-priority",
        words::code_word(ui, "priority", r.priority.code()),
    );
    // The country as people say it, the code after it (what the intake form holds).
    let code = r.intake.nationality.trim();
    let country = crate::feeds::names::nationality(code, ui);
    field(
        "cli-field-nationality",
        if code.is_empty() || country == code {
            code.to_string()
        } else if ui.staff() == Lang::Ja {
            format!("{country}（{code}）")
        } else {
            format!("{country} ({code})")
        },
    );
    // Text from residents goes through `for_terminal`: escape sequences are shown, not run.
    let t = crate::import::for_terminal;
    field(
        "cli-field-residence-status",
        t(&r.intake.residence_status).to_string(),
    );
    field("cli-field-summary", t(&r.intake.summary).to_string());
    field("cli-field-tried", t(&r.intake.tried).to_string());
    if args.contact {
        field("cli-field-name", t(&r.contact.name).to_string());
        field("cli-field-contact", t(&r.contact.contact).to_string());
    } else {
        println!("{}", tr!(ui, "cli-contact-hidden"));
    }
    let troubles = ctx.troubles(now)?;
    let interpreters = store.interpreters()?;
    for b in store.bookings()?.iter().filter(|b| b.request == r.id) {
        let trouble = troubles.get(&b.number);
        field(
            "cli-field-booking",
            tr!(
                ui,
                "cli-booking-line",
                number = b.number.as_str(),
                status = match trouble {
                    Some(_) => tr!(ui, "trouble-state"),
                    None => words::code_word(ui, "booking", b.status.code()),
                },
                agency = words::agency_name(ui, &agencies, &b.agency),
                // The session id is what `booking move --to SESSION/SLOT` takes.
                session = b.session.as_str(),
                slot = words::slot_number(b.slot),
                when = words::date_span(ui, b.start, b.end),
                booth = b.booth,
                interpreter = b.interpreter.as_deref().map_or_else(
                    || tr!(ui, "cli-no-interpreter"),
                    |i| words::interpreter(&interpreters, i)
                ),
                mode = b.mode.map_or(String::new(), |m| words::mode_name(ui, m))
            ),
        );
        if let Some(t) = trouble {
            println!(
                "  {}: {}",
                tr!(ui, "trouble-state"),
                words::trouble(ui, &interpreters, t)
            );
            println!("  {}", words::trouble_repair(ui, t));
            println!("  {}", tr!(ui, "trouble-tell"));
        }
    }
    Ok(())
}

pub fn cancel(db: &Path, args: CancelArgs, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, &format!("soudan request cancel {}", args.id))?;
    let id = request_id(&ctx, &args.id)?;
    let done = ops::request_cancel(
        &ctx,
        &id,
        args.reason.as_deref(),
        args.referred_to.as_deref(),
        now,
    )?;
    let ui = ui_lang(flag, Some(&ctx));
    warn_published_in(ui, &done.published);
    let line = if !done.kept.is_empty() {
        // Not cancelled: a consultation that took place keeps the request booked.
        tr!(
            ui,
            "cli-request-cancel-partly",
            id = done.request.as_str(),
            released = done.released.join(", "),
            kept = done.kept.join(", ")
        )
    } else if done.released.is_empty() {
        tr!(ui, "cli-request-cancelled", id = done.request.as_str())
    } else {
        tr!(
            ui,
            "cli-request-cancelled-freed",
            id = done.request.as_str(),
            bookings = done.released.join(", ")
        )
    };
    println!("{line}");
    Ok(())
}

pub fn history(db: &Path, args: HistoryArgs, flag: Option<Lang>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan history")?;
    let ui = ui_lang(flag, Some(&ctx));
    // The center's wall clock, like every other listing (it was UTC with seconds).
    let tz = ctx.zone()?;
    let id = request_id(&ctx, &args.id)?;
    let (center, agencies, interpreters) = (
        ctx.center()?,
        ctx.store().agencies()?,
        ctx.store().interpreters()?,
    );
    let names = words::Names {
        center: Some(&center),
        agencies: &agencies,
        interpreters: &interpreters,
    };
    for e in ops::history(&ctx, &id)? {
        println!(
            "{}  {} {}",
            words::instant(ui, e.at, tz),
            words::pad(&words::code_word(ui, "event", e.kind.code()), 10),
            words::event(ui, &names, &e)
        );
    }
    Ok(())
}

/// `--deadline 1/5` read more than half a year ahead: said with the full date
/// ([`super::people::warn_far_date`]).
fn warn_far_deadline(ui: Lang, ctx: &Ctx, typed: &str, now: DateTime<Utc>) -> Result<()> {
    if let Ok(date @ crate::input::InputDate::MonthDay { .. }) = typed.parse() {
        let today = ctx.today(now)?;
        if let Some(resolved) = date.on_or_after(today) {
            super::people::warn_far_date(ui, date, resolved, today, "--deadline");
        }
    }
    Ok(())
}
