//! `soudan interpreter ...` and `soudan agency ...`: the changes of a coordinator's month.

use super::Refused;
use super::data::{next_month, open};
use crate::import;
use crate::model::{
    BookingStatus, ExtraSession, Mode, Month, parse_tz, resolve_local, sessions_for_month,
};
use crate::store::{Batch, Event, Store};
use chrono::{NaiveDate, Utc};
use std::path::Path;

#[derive(Debug, clap::Subcommand)]
pub enum InterpreterCommand {
    /// List interpreters with their load for a month.
    List(MonthArg),
    /// Add an interpreter, or update one (only the fields given change).
    Set(Box<SetInterpreterArgs>),
    /// Mark an interpreter unavailable for a date or range (their own time zone); their
    /// bookings on those dates lose the interpreter and are re-placed by the next allocation,
    /// preferably in the same slot with another interpreter.
    Unavailable(UnavailableArgs),
}

#[derive(Debug, clap::Subcommand)]
pub enum AgencyCommand {
    /// List agencies with their sessions in a month.
    List(MonthArg),
    /// Add a one-off session on a date.
    AddSession(AddSessionArgs),
    /// Cancel an agency's session on a date; its bookings are re-placed by the next allocation
    /// where possible.
    CancelSession(CancelSessionArgs),
}

#[derive(Debug, clap::Args)]
pub struct MonthArg {
    /// Month (YYYY-MM). Default: next month.
    #[arg(long)]
    pub month: Option<Month>,
}

/// Fields as in interpreters.csv (docs/data-format.md).
#[derive(Debug, clap::Args)]
pub struct SetInterpreterArgs {
    pub id: String,
    #[arg(long)]
    pub name: Option<String>,
    /// e.g. "ne;hi".
    #[arg(long)]
    pub languages: Option<String>,
    /// e.g. "video;phone".
    #[arg(long)]
    pub modes: Option<String>,
    /// IANA zone the availability is written in.
    #[arg(long)]
    pub timezone: Option<String>,
    /// e.g. "mon-fri 09:00-17:00; sat 10:00-16:00".
    #[arg(long)]
    pub weekly: Option<String>,
    #[arg(long)]
    pub dates_off: Option<String>,
    #[arg(long)]
    pub extra_windows: Option<String>,
    #[arg(long)]
    pub max_per_day: Option<String>,
    #[arg(long)]
    pub cost_in_person: Option<String>,
    #[arg(long)]
    pub cost_video: Option<String>,
    #[arg(long)]
    pub cost_phone: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct UnavailableArgs {
    pub id: String,
    /// First date (YYYY-MM-DD, in the interpreter's own time zone).
    #[arg(long)]
    pub from: NaiveDate,
    /// Last date; default: the same as --from.
    #[arg(long)]
    pub to: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct AddSessionArgs {
    pub agency: String,
    #[arg(long)]
    pub date: NaiveDate,
    /// HH:MM, center time.
    #[arg(long)]
    pub start: String,
    #[arg(long)]
    pub end: String,
    /// Default: the agency's first pattern's.
    #[arg(long)]
    pub slot_minutes: Option<u32>,
    #[arg(long)]
    pub booths: Option<u32>,
    /// e.g. "in_person;video;phone"; default: the first pattern's.
    #[arg(long)]
    pub modes: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct CancelSessionArgs {
    pub agency: String,
    #[arg(long)]
    pub date: NaiveDate,
}

pub fn interpreter_list(db: &Path, args: MonthArg) -> anyhow::Result<()> {
    let month = args.month.unwrap_or_else(next_month);
    let store = open(db, "soudan interpreter list")?;
    let bookings = store.bookings()?;
    println!(
        "{:<16} {:<10} {:<22} {:<20} {:>6} {:>6}",
        "id", "languages", "modes", "timezone", "booked", "hours"
    );
    for i in store.interpreters()? {
        let mine: Vec<_> = bookings
            .iter()
            .filter(|b| {
                b.status == BookingStatus::Confirmed
                    && b.interpreter.as_deref() == Some(i.id.as_str())
                    && month.contains(b.start.date())
            })
            .collect();
        let minutes: i64 = mine.iter().map(|b| (b.end - b.start).num_minutes()).sum();
        println!(
            "{:<16} {:<10} {:<22} {:<20} {:>6} {:>6.1}",
            i.id,
            i.languages.join(","),
            i.modes
                .iter()
                .map(|m| m.code())
                .collect::<Vec<_>>()
                .join(","),
            i.timezone,
            mine.len(),
            minutes as f64 / 60.0
        );
    }
    Ok(())
}

pub fn interpreter_set(db: &Path, args: Box<SetInterpreterArgs>) -> anyhow::Result<()> {
    let store = open(db, &format!("soudan interpreter set {}", args.id))?;
    let existing = store.interpreter(&args.id)?;
    let mut fields = match &existing {
        Some(i) => import::interpreter_fields(i),
        None => vec![("id".to_string(), args.id.clone())],
    };
    let flags = [
        ("name", &args.name),
        ("languages", &args.languages),
        ("modes", &args.modes),
        ("timezone", &args.timezone),
        ("weekly", &args.weekly),
        ("dates_off", &args.dates_off),
        ("extra_windows", &args.extra_windows),
        ("max_per_day", &args.max_per_day),
        ("cost_in_person", &args.cost_in_person),
        ("cost_video", &args.cost_video),
        ("cost_phone", &args.cost_phone),
    ];
    for (name, value) in flags {
        if let Some(v) = value {
            fields.retain(|(k, _)| k != name);
            fields.push((name.to_string(), v.clone()));
        }
    }
    let interpreter = import::interpreter_from_fields("command line", &fields)
        .map_err(|e| Refused(format!("{e}\nnothing was changed")))?;
    let mut batch = Batch::new();
    batch.put_interpreter(&interpreter)?;
    if existing.is_none() {
        batch.put_subscription(&crate::model::FeedSubscription {
            kind: crate::model::FeedKind::Interpreter,
            id: interpreter.id.clone(),
            secret: crate::secret::new_secret()
                .map_err(|e| anyhow::anyhow!("the OS random source failed: {e}"))?,
            personal_details: false,
            show_cancelled: false,
            session_blocks: false,
        })?;
    }
    store.commit(batch)?;
    super::feeds::publish(&store)?;
    println!(
        "{} interpreter {}; bookings follow at the next `soudan allocate`",
        if existing.is_some() {
            "updated"
        } else {
            "added"
        },
        interpreter.id
    );
    Ok(())
}

pub fn interpreter_unavailable(db: &Path, args: UnavailableArgs) -> anyhow::Result<Vec<String>> {
    let to = args.to.unwrap_or(args.from);
    if to < args.from {
        return Err(Refused(format!("--to {to} is before --from {}", args.from)).into());
    }
    if (to - args.from).num_days() > 366 {
        return Err(Refused("a range of more than a year; give a shorter one".into()).into());
    }
    let store = open(db, &format!("soudan interpreter unavailable {}", args.id))?;
    let center = store
        .center()?
        .ok_or_else(|| Refused("the database is empty".into()))?;
    let mut interpreter = store
        .interpreter(&args.id)?
        .ok_or_else(|| Refused(format!("no interpreter {}", args.id)))?;
    let center_tz = parse_tz(&center.timezone).map_err(Refused)?;
    let own_tz = parse_tz(&interpreter.timezone).map_err(Refused)?;
    for d in args.from.iter_days().take_while(|d| *d <= to) {
        if !interpreter.dates_off.contains(&d) {
            interpreter.dates_off.push(d);
        }
    }
    interpreter.dates_off.sort();
    let now = Utc::now();
    let mut batch = Batch::new();
    batch.put_interpreter(&interpreter)?;
    let mut seq = store.counter("log")?;
    let mut released = Vec::new();
    for mut b in store.bookings()? {
        if b.status != BookingStatus::Confirmed || b.interpreter.as_deref() != Some(&args.id) {
            continue;
        }
        let own_date = resolve_local(center_tz, b.start)
            .with_timezone(&own_tz)
            .date_naive();
        if own_date < args.from || own_date > to {
            continue;
        }
        b.interpreter = None;
        b.mode = None;
        b.sequence += 1;
        b.updated = now;
        seq += 1;
        batch.log(
            seq,
            &Event {
                at: now,
                request: b.request.clone(),
                kind: "released".into(),
                detail: format!(
                    "{} keeps {} {} but lost interpreter {} (unavailable); to be re-placed",
                    b.number,
                    b.session,
                    b.start.format("%H:%M"),
                    args.id
                ),
            },
        )?;
        released.push(format!(
            "{} ({} {})",
            b.number,
            b.session,
            b.start.format("%H:%M")
        ));
        batch.put_booking(&b)?;
    }
    batch.put_counter("log", seq)?;
    store.commit(batch)?;
    super::feeds::publish(&store)?;
    println!(
        "{} unavailable {}{}",
        args.id,
        if to == args.from {
            args.from.to_string()
        } else {
            format!("{} to {to}", args.from)
        },
        if released.is_empty() {
            "; no bookings affected".to_string()
        } else {
            format!(
                "; {} booking(s) need another interpreter: {}\nrun `soudan allocate` to re-place them",
                released.len(),
                released.join(", ")
            )
        }
    );
    Ok(released)
}

/// The center's zone, in which agency patterns are meant (UTC for an empty database, which
/// has no agencies either).
fn center_zone(store: &Store) -> anyhow::Result<chrono_tz::Tz> {
    match store.center()? {
        Some(c) => Ok(parse_tz(&c.timezone).map_err(Refused)?),
        None => Ok(chrono_tz::Tz::UTC),
    }
}

pub fn agency_list(db: &Path, args: MonthArg) -> anyhow::Result<()> {
    let month = args.month.unwrap_or_else(next_month);
    let store = open(db, "soudan agency list")?;
    let bookings = store.bookings()?;
    let center_tz = center_zone(&store)?;
    for a in store.agencies()? {
        println!("{:<12} {} ({})", a.id, a.name_ja, a.name_en);
        for s in sessions_for_month(&a, month, center_tz) {
            let booked = bookings
                .iter()
                .filter(|b| b.status == BookingStatus::Confirmed && b.session == s.id)
                .count();
            println!(
                "  {:<32} {}-{}  {} slots x {} booths, {} booked",
                s.id,
                // The instants' wall clock: a start in a spring gap shows when it really is.
                s.start_instant()
                    .with_timezone(&center_tz)
                    .format("%a %Y-%m-%d %H:%M"),
                s.end_instant().with_timezone(&center_tz).format("%H:%M"),
                s.slot_count(),
                s.booths,
                booked
            );
        }
    }
    Ok(())
}

pub fn agency_add_session(db: &Path, args: AddSessionArgs) -> anyhow::Result<()> {
    let store = open(db, &format!("soudan agency add-session {}", args.agency))?;
    let mut agency = store
        .agency(&args.agency)?
        .ok_or_else(|| Refused(format!("no agency {}", args.agency)))?;
    let first = agency.patterns.first();
    let parse_time = |s: &str, field: &str| {
        chrono::NaiveTime::parse_from_str(s, "%H:%M")
            .map_err(|_| Refused(format!("--{field} {s}: expected HH:MM")))
    };
    let start = parse_time(&args.start, "start")?;
    let end = parse_time(&args.end, "end")?;
    let slot_minutes = args
        .slot_minutes
        .or(first.map(|p| p.slot_minutes))
        .unwrap_or(30);
    let booths = args.booths.or(first.map(|p| p.booths)).unwrap_or(1);
    let modes: Vec<Mode> = match &args.modes {
        Some(m) => m
            .split(';')
            .map(|x| x.parse::<Mode>())
            .collect::<Result<_, _>>()
            .map_err(Refused)?,
        None => first.map_or(Mode::ALL.to_vec(), |p| p.modes.clone()),
    };
    if end <= start {
        return Err(Refused(format!("--end {end} is not after --start {start}")).into());
    }
    if !(5..=480).contains(&slot_minutes) || i64::from(slot_minutes) > (end - start).num_minutes() {
        return Err(Refused(format!(
            "--slot-minutes {slot_minutes} does not fit the {}-minute session",
            (end - start).num_minutes()
        ))
        .into());
    }
    if !(1..=50).contains(&booths) || modes.is_empty() {
        return Err(Refused("--booths must be 1 to 50 and --modes not empty".into()).into());
    }
    agency.cancelled.retain(|d| *d != args.date);
    agency.extras.push(ExtraSession {
        date: args.date,
        start,
        end,
        slot_minutes,
        booths,
        modes,
    });
    let mut batch = Batch::new();
    batch.put_agency(&agency)?;
    store.commit(batch)?;
    super::feeds::publish(&store)?;
    println!(
        "added a session of {} on {} {start}-{end}; run `soudan allocate --month {}` to fill it",
        agency.id,
        args.date,
        Month::of(args.date)
    );
    Ok(())
}

pub fn agency_cancel_session(db: &Path, args: CancelSessionArgs) -> anyhow::Result<()> {
    let store = open(db, &format!("soudan agency cancel-session {}", args.agency))?;
    let mut agency = store
        .agency(&args.agency)?
        .ok_or_else(|| Refused(format!("no agency {}", args.agency)))?;
    let month = Month::of(args.date);
    let on_date: Vec<String> = sessions_for_month(&agency, month, center_zone(&store)?)
        .into_iter()
        .filter(|s| s.date() == args.date)
        .map(|s| s.id)
        .collect();
    if on_date.is_empty() {
        return Err(Refused(format!("{} has no session on {}", agency.id, args.date)).into());
    }
    agency.extras.retain(|e| e.date != args.date);
    if !agency.cancelled.contains(&args.date) {
        agency.cancelled.push(args.date);
    }
    let affected: Vec<String> = store
        .bookings()?
        .into_iter()
        .filter(|b| b.status == BookingStatus::Confirmed && on_date.contains(&b.session))
        .map(|b| b.number)
        .collect();
    let mut batch = Batch::new();
    batch.put_agency(&agency)?;
    store.commit(batch)?;
    super::feeds::publish(&store)?;
    println!(
        "cancelled {} on {}; {} booking(s) to re-place{}",
        agency.id,
        args.date,
        affected.len(),
        if affected.is_empty() {
            String::new()
        } else {
            format!(
                " ({}): run `soudan allocate --month {month}`",
                affected.join(", ")
            )
        }
    );
    Ok(())
}
