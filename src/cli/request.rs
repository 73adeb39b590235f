//! `soudan request add|list|show|cancel` and `soudan history`.

use super::output::warn_published;
use crate::error::{Error, Result};
use crate::model::{BookingStatus, Month, RequestStatus, language};
use crate::ops::{self, Ctx};
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
    let text = crate::import::read_intake_file(path)
        .map_err(|e| Error::refused(format!("{}: {e}", path.display())))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let value: serde_json::Value = if is_json {
        serde_json::from_str(&text)
            .map_err(|e| Error::refused(format!("{}:{}: {e}", path.display(), e.line())))?
    } else {
        let table: toml::Table = toml::from_str(&text)
            .map_err(|e| Error::refused(format!("{}: {}", path.display(), e.message())))?;
        serde_json::to_value(table).map_err(|e| Error::internal("converting TOML", e))?
    };
    let Some(object) = value.as_object() else {
        return Err(Error::refused(format!(
            "{}: expected a table of intake fields",
            path.display()
        )));
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

pub fn edit(db: &Path, args: Box<EditArgs>, now: DateTime<Utc>) -> Result<()> {
    let a = &args.fields;
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
            fields.retain(|(k, _)| k != name);
            fields.push((name.to_string(), v.clone()));
        }
    }
    let ctx = Ctx::open(db, &format!("soudan request edit {}", args.request))?;
    let done = ops::request_edit(&ctx, &args.request, fields, now)?;
    warn_published(&done.published);
    println!(
        "edited {} ({}){}",
        done.request.id,
        done.changed.join(", "),
        done.released
            .map(|b| format!(
                "; booking {b} no longer fits and is released: run `soudan allocate` to re-place it"
            ))
            .unwrap_or_default()
    );
    Ok(())
}

pub fn add(db: &Path, args: Box<AddArgs>, now: DateTime<Utc>) -> Result<()> {
    let (source, mut fields) = match &args.from {
        Some(path) => (path.display().to_string(), fields_from_file(path)?),
        None => ("command line".to_string(), Vec::new()),
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
            fields.retain(|(k, _)| k != name);
            fields.push((name.to_string(), v.clone()));
        }
    }
    let ctx = Ctx::open(db, "soudan request add")?;
    let done = ops::request_add(&ctx, &source, fields, now)?;
    warn_published(&done.published);
    let request = done.request;
    println!(
        "recorded {} ({}, {}, {}); it will be placed by the next `soudan allocate`",
        request.id,
        language(&request.language).map_or(request.language.as_str(), |l| l.name_en),
        request.topic,
        request.priority
    );
    Ok(())
}

pub fn list(db: &Path, args: ListArgs) -> Result<()> {
    let ctx = Ctx::open(db, "soudan request list")?;
    let store = ctx.store();
    let requests = store.requests()?;
    let bookings = store.bookings()?;
    let status = args
        .status
        .as_deref()
        .map(|s| match s {
            "waiting" => Ok(RequestStatus::Waiting),
            "booked" => Ok(RequestStatus::Booked),
            "cancelled" => Ok(RequestStatus::Cancelled),
            other => Err(Error::refused(format!(
                "--status {other}: expected waiting, booked or cancelled"
            ))),
        })
        .transpose()?;
    println!(
        "{:<8} {:<16} {:<3} {:<14} {:<11} {:<7} {:<9} booking",
        "id", "received", "lang", "topic", "agency", "prio", "status"
    );
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
        println!(
            "{:<8} {:<16} {:<4} {:<14} {:<11} {:<7} {:<9} {}",
            r.id,
            r.received.format("%Y-%m-%d %H:%M"),
            r.language,
            r.topic,
            r.agency.as_deref().unwrap_or("-"),
            r.priority.code(),
            r.status.code(),
            booking.map_or(String::new(), |b| format!(
                "{} {} {}",
                b.number,
                b.agency,
                b.start.format("%Y-%m-%d %H:%M")
            ))
        );
    }
    Ok(())
}

pub fn show(db: &Path, args: ShowArgs) -> Result<()> {
    let ctx = Ctx::open(db, "soudan request show")?;
    let store = ctx.store();
    let r = store
        .request(&args.id)?
        .ok_or_else(|| Error::refused(format!("no request {}", args.id)))?;
    let lang = language(&r.language).map_or(r.language.clone(), |l| {
        format!("{} ({})", l.name_en, l.name_ja)
    });
    println!("{}  {}", r.id, r.status.code());
    println!("received          {}", r.received.format("%Y-%m-%d %H:%M"));
    println!("language          {lang}");
    println!("topic             {}", r.topic);
    println!("agency            {}", r.agency.as_deref().unwrap_or("any"));
    println!(
        "modes             {}",
        r.modes
            .iter()
            .map(|m| m.code())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "deadline          {}",
        r.deadline.map_or("none".into(), |d| d.to_string())
    );
    println!("priority          {}", r.priority);
    println!("nationality       {}", r.intake.nationality);
    // Text from residents goes through `for_terminal`: escape sequences are shown, not run.
    let t = crate::import::for_terminal;
    println!("residence status  {}", t(&r.intake.residence_status));
    println!("summary           {}", t(&r.intake.summary));
    println!("already tried     {}", t(&r.intake.tried));
    if args.contact {
        println!("name              {}", t(&r.contact.name));
        println!("contact           {}", t(&r.contact.contact));
    } else {
        println!("(name and contact hidden; add --contact to show them)");
    }
    for b in store.bookings()?.iter().filter(|b| b.request == r.id) {
        println!(
            "booking           {} {} {} slot {} {}-{} booth {} {} {}",
            b.number,
            b.status.code(),
            b.session,
            b.slot,
            b.start.format("%Y-%m-%d %H:%M"),
            b.end.format("%H:%M"),
            b.booth,
            b.interpreter.as_deref().unwrap_or("no interpreter"),
            b.mode.map_or("", |m| m.code())
        );
    }
    Ok(())
}

pub fn cancel(db: &Path, args: CancelArgs, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, &format!("soudan request cancel {}", args.id))?;
    let done = ops::request_cancel(
        &ctx,
        &args.id,
        args.reason.as_deref(),
        args.referred_to.as_deref(),
        now,
    )?;
    warn_published(&done.published);
    println!(
        "cancelled {}{}",
        done.request,
        if done.released.is_empty() {
            String::new()
        } else {
            format!("; freed {}", done.released.join(", "))
        }
    );
    Ok(())
}

pub fn history(db: &Path, args: HistoryArgs) -> Result<()> {
    let ctx = Ctx::open(db, "soudan history")?;
    for e in ops::history(&ctx, &args.id)? {
        println!(
            "{}  {:<9} {}",
            e.at.format("%Y-%m-%d %H:%M:%S UTC"),
            e.kind,
            e.detail
        );
    }
    Ok(())
}
