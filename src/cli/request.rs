//! `soudan request add|list|show|cancel` and `soudan history`.

use super::Refused;
use super::data::open;
use crate::import;
use crate::model::{BookingStatus, Month, RequestStatus, language, parse_tz};
use crate::store::{Batch, Event};
use anyhow::Context;
use chrono::Utc;
use std::path::{Path, PathBuf};

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
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// Request id.
    pub id: String,
}

fn fields_from_file(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let text =
        import::read_intake_file(path).map_err(|e| Refused(format!("{}: {e}", path.display())))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let value: serde_json::Value = if is_json {
        serde_json::from_str(&text)
            .map_err(|e| Refused(format!("{}:{}: {e}", path.display(), e.line())))?
    } else {
        let table: toml::Table = toml::from_str(&text)
            .map_err(|e| Refused(format!("{}: {}", path.display(), e.message())))?;
        serde_json::to_value(table).context("converting TOML")?
    };
    let Some(object) = value.as_object() else {
        return Err(Refused(format!(
            "{}: expected a table of intake fields",
            path.display()
        ))
        .into());
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

pub fn add(db: &Path, args: Box<AddArgs>) -> anyhow::Result<()> {
    let store = open(db, "soudan request add")?;
    let center = store
        .center()?
        .ok_or_else(|| Refused("the database is empty: import a center first".into()))?;
    let agencies = store.agencies()?;
    let requests = store.requests()?;
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
    let has = |fields: &Vec<(String, String)>, name: &str| {
        fields
            .iter()
            .any(|(k, v)| k == name && !v.trim().is_empty())
    };
    if !has(&fields, "id") {
        let next = requests
            .iter()
            .filter_map(|r| r.id.strip_prefix("R-")?.parse::<u32>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        fields.push(("id".into(), format!("R-{next:04}")));
    }
    if !has(&fields, "received") {
        let tz = parse_tz(&center.timezone).map_err(Refused)?;
        let now = Utc::now().with_timezone(&tz).naive_local();
        fields.push(("received".into(), now.format("%Y-%m-%dT%H:%M").to_string()));
    }
    if !has(&fields, "modes") {
        fields.push(("modes".into(), "in_person;video;phone".into()));
    }
    for required in ["language", "topic", "nationality"] {
        if !has(&fields, required) {
            return Err(Refused(format!(
                "{source}: {required}: missing (give --{} or put it in --from)",
                required.replace('_', "-")
            ))
            .into());
        }
    }
    let request = import::request_from_fields(&source, &fields, &center, &agencies)
        .map_err(|e| Refused(format!("{e}\nthe request was not recorded")))?;
    if requests.iter().any(|r| r.id == request.id) {
        return Err(Refused(format!(
            "{source}: id: request {} already exists",
            request.id
        ))
        .into());
    }
    let mut batch = Batch::new();
    batch.put_request(&request)?;
    let seq = store.counter("log")? + 1;
    batch.log(
        seq,
        &Event {
            at: Utc::now(),
            request: request.id.clone(),
            kind: "received".into(),
            detail: format!(
                "recorded ({} {}, {})",
                request.language, request.topic, request.priority
            ),
        },
    )?;
    batch.put_counter("log", seq)?;
    store.commit(batch)?;
    println!(
        "recorded {} ({}, {}, {}); it will be placed by the next `soudan allocate`",
        request.id,
        language(&request.language).map_or(request.language.as_str(), |l| l.name_en),
        request.topic,
        request.priority
    );
    Ok(())
}

pub fn list(db: &Path, args: ListArgs) -> anyhow::Result<()> {
    let store = open(db, "soudan request list")?;
    let requests = store.requests()?;
    let bookings = store.bookings()?;
    let status = args
        .status
        .as_deref()
        .map(|s| match s {
            "waiting" => Ok(RequestStatus::Waiting),
            "booked" => Ok(RequestStatus::Booked),
            "cancelled" => Ok(RequestStatus::Cancelled),
            other => Err(Refused(format!(
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

pub fn show(db: &Path, args: ShowArgs) -> anyhow::Result<()> {
    let store = open(db, "soudan request show")?;
    let r = store
        .request(&args.id)?
        .ok_or_else(|| Refused(format!("no request {}", args.id)))?;
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
    let t = import::for_terminal;
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

pub fn cancel(db: &Path, args: CancelArgs) -> anyhow::Result<Vec<String>> {
    let store = open(db, &format!("soudan request cancel {}", args.id))?;
    let mut r = store
        .request(&args.id)?
        .ok_or_else(|| Refused(format!("no request {}", args.id)))?;
    if r.status == RequestStatus::Cancelled {
        return Err(Refused(format!("request {} is already cancelled", r.id)).into());
    }
    let now = Utc::now();
    let mut batch = Batch::new();
    let mut released = Vec::new();
    for mut b in store
        .bookings()?
        .into_iter()
        .filter(|b| b.request == r.id && b.status == BookingStatus::Confirmed)
    {
        b.status = BookingStatus::Cancelled;
        b.sequence += 1;
        b.updated = now;
        released.push(format!(
            "{} ({} {})",
            b.number,
            b.session,
            b.start.format("%H:%M")
        ));
        batch.put_booking(&b)?;
    }
    r.status = RequestStatus::Cancelled;
    batch.put_request(&r)?;
    let seq = store.counter("log")? + 1;
    batch.log(
        seq,
        &Event {
            at: now,
            request: r.id.clone(),
            kind: "cancelled".into(),
            detail: if released.is_empty() {
                "cancelled while waiting".into()
            } else {
                format!("cancelled; booking {} released", released.join(", "))
            },
        },
    )?;
    batch.put_counter("log", seq)?;
    store.commit(batch)?;
    super::feeds::publish(&store)?;
    println!(
        "cancelled {}{}",
        r.id,
        if released.is_empty() {
            String::new()
        } else {
            format!("; freed {}", released.join(", "))
        }
    );
    Ok(released)
}

pub fn history(db: &Path, args: HistoryArgs) -> anyhow::Result<()> {
    let store = open(db, "soudan history")?;
    if store.request(&args.id)?.is_none() {
        return Err(Refused(format!("no request {}", args.id)).into());
    }
    for e in store.history(&args.id)? {
        println!(
            "{}  {:<9} {}",
            e.at.format("%Y-%m-%d %H:%M:%S UTC"),
            e.kind,
            e.detail
        );
    }
    Ok(())
}
