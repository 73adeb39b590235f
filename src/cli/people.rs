//! `soudan interpreter ...` and `soudan agency ...`: the changes of a coordinator's month.

use super::output::{ui_lang, warn_published_in};
use crate::error::{Error, Refusal, Result};
use crate::i18n::Lang;
use crate::input::{self, InputDate};
use crate::model::{BookingStatus, Mode, Month, sessions_for_month};
use crate::ops::{self, Ctx, NewSession};
use crate::tr;
use crate::words;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
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
    /// Move every booking of a session date to the agency's next session (or `--to`) at once.
    MoveSession(super::hand::MoveSessionArgs),
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
    pub from: InputDate,
    /// Last date; default: the same as --from.
    #[arg(long)]
    pub to: Option<InputDate>,
}

#[derive(Debug, clap::Args)]
pub struct AddSessionArgs {
    pub agency: String,
    #[arg(long)]
    pub date: InputDate,
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
    pub date: InputDate,
}

pub fn interpreter_list(
    db: &Path,
    args: MonthArg,
    flag: Option<Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let ctx = Ctx::open(db, "soudan interpreter list")?;
    let ui = ui_lang(flag, Some(&ctx));
    let store = ctx.store();
    let bookings = store.bookings()?;
    let sep = tr!(ui, "cli-list-sep");
    println!(
        "{} {} {} {} {} {} {}",
        words::pad(&tr!(ui, "cli-col-interpreter-id"), 16),
        words::pad(&tr!(ui, "cli-col-name"), 22),
        words::pad(&tr!(ui, "cli-col-languages"), 24),
        words::pad(&tr!(ui, "cli-col-modes"), 26),
        words::pad(&tr!(ui, "cli-col-timezone"), 26),
        words::rpad(&tr!(ui, "cli-col-booked"), 8),
        words::rpad(&tr!(ui, "cli-col-hours"), 8)
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
        let languages: Vec<String> = i
            .languages
            .iter()
            .map(|l| words::lang_name(ui, l))
            .collect();
        let modes: Vec<String> = i.modes.iter().map(|m| words::mode_name(ui, *m)).collect();
        println!(
            "{} {} {} {} {} {} {}",
            words::pad(&i.id, 16),
            words::pad(&i.name, 22),
            words::pad(&languages.join(sep.as_str()), 24),
            words::pad(&modes.join(sep.as_str()), 26),
            words::pad(&words::zone(ui, &i.timezone, now), 26),
            words::rpad(&mine.len().to_string(), 8),
            words::rpad(&format!("{:.1}", minutes as f64 / 60.0), 8)
        );
    }
    Ok(())
}

pub fn interpreter_set(
    db: &Path,
    args: Box<SetInterpreterArgs>,
    flag: Option<Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
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
    let changes: Vec<(&str, String)> = flags
        .into_iter()
        .filter_map(|(name, value)| value.clone().map(|v| (name, v)))
        .collect();
    let ctx = Ctx::open(db, &format!("soudan interpreter set {}", args.id))?;
    // An interpreter's name stands for their ID; an ID nobody has yet adds an interpreter.
    let id = match input::interpreter(&args.id, &ctx.store().interpreters()?) {
        Ok(id) => id,
        Err(Refusal::UnknownInterpreter { .. }) => args.id.trim().to_string(),
        Err(other) => return Err(other.into()),
    };
    let (interpreter, added, published) = ops::interpreter_set(&ctx, &id, &changes, now)?;
    let ui = ui_lang(flag, Some(&ctx));
    warn_published_in(ui, &published);
    if added {
        println!(
            "{}",
            tr!(ui, "cli-interpreter-added", id = interpreter.id.as_str())
        );
    } else {
        println!(
            "{}",
            tr!(ui, "cli-interpreter-updated", id = interpreter.id.as_str())
        );
    }
    Ok(())
}

pub fn interpreter_unavailable(
    db: &Path,
    args: UnavailableArgs,
    flag: Option<Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let ctx = Ctx::open(db, &format!("soudan interpreter unavailable {}", args.id))?;
    let id = input::interpreter(&args.id, &ctx.store().interpreters()?)?;
    let today = ctx.today(now)?;
    let ui = ui_lang(flag, Some(&ctx));
    let from = date_arg(ui, args.from, today, "--from")?;
    // A year left out of --to counts from --from (`--from 12/28 --to 1/3`).
    let to = match args.to {
        Some(to) => date_arg(ui, to, from, "--to")?,
        None => from,
    };
    let done = ops::interpreter_unavailable(&ctx, &id, from, to, now)?;
    warn_published_in(ui, &done.published);
    let dates = if done.to == done.from {
        words::date(ui, done.from)
    } else {
        tr!(
            ui,
            "cli-date-range",
            from = words::date(ui, done.from),
            to = words::date(ui, done.to)
        )
    };
    println!(
        "{}",
        tr!(
            ui,
            "cli-interpreter-unavailable",
            // By name, the ID beside it (the one the command takes).
            id = words::interpreter(&ctx.store().interpreters()?, &done.interpreter),
            dates = dates
        )
    );
    if done.released.is_empty() {
        println!("{}", tr!(ui, "cli-interpreter-none-affected"));
    } else if done.by_hand.len() < done.released.len() {
        // Said once: when every such booking is inside the lead time, the line below says
        // what `allocate` will do for them.
        println!(
            "{}",
            tr!(
                ui,
                "cli-interpreter-released",
                count = done.released.len(),
                bookings = done.released.join(", ")
            )
        );
    }
    if !done.by_hand.is_empty() {
        println!(
            "{}",
            tr!(
                ui,
                "cli-interpreter-by-hand",
                bookings = done.by_hand.join(", ")
            )
        );
    }
    Ok(())
}

/// A typed date option as a date: a month and day without a year is the coming one from
/// `today` ([`InputDate::on_or_after`]).
/// A month and day read more than about six months ahead (`12/3` typed on 12-20 meant the
/// past 3rd, or `1/5` next January's for this one) is said on standard error with the full
/// date, so a year that lands wrong is seen before anything is booked on it.
pub(super) fn date_arg(
    ui: Lang,
    date: InputDate,
    today: NaiveDate,
    option: &str,
) -> Result<NaiveDate> {
    let resolved = date.resolve(today, option, &typed_date(date))?;
    warn_far_date(ui, date, resolved, today, option);
    Ok(resolved)
}

/// The warning of [`date_arg`] (also for `--deadline 1/5` in `request add`/`edit`).
pub(super) fn warn_far_date(
    ui: Lang,
    date: InputDate,
    resolved: NaiveDate,
    today: NaiveDate,
    option: &str,
) {
    if matches!(date, InputDate::MonthDay { .. }) && (resolved - today).num_days() > FAR_DAYS {
        eprintln!(
            "{}",
            tr!(
                ui,
                "cli-date-far",
                option = option,
                typed = typed_date(date),
                date = words::date(ui, resolved),
                year_before = resolved
                    .with_year(resolved.year() - 1)
                    .unwrap_or(resolved)
                    .format("%Y/%-m/%-d")
                    .to_string()
            )
        );
    }
}

/// About six months: a month and day further ahead than this is probably meant otherwise.
const FAR_DAYS: i64 = 183;

/// What was typed, as the refusal quotes it (only a month and day can fail to resolve).
fn typed_date(date: InputDate) -> String {
    match date {
        InputDate::Full(d) => d.to_string(),
        InputDate::MonthDay { month, day } => format!("{month}/{day}"),
    }
}

pub fn agency_list(
    db: &Path,
    args: MonthArg,
    flag: Option<Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let ctx = Ctx::open(db, "soudan agency list")?;
    let ui = ui_lang(flag, Some(&ctx));
    let store = ctx.store();
    let bookings = store.bookings()?;
    let center_tz = ctx.zone()?;
    let closed = store.closed_days()?;
    for a in store.agencies()? {
        let (first, second) = if ui == Lang::En {
            (&a.name_en, &a.name_ja)
        } else {
            (&a.name_ja, &a.name_en)
        };
        println!("{} {first} ({second})", words::pad(&a.id, 12));
        for s in sessions_for_month(&a, month, center_tz, &closed) {
            let booked = bookings
                .iter()
                .filter(|b| b.status == BookingStatus::Confirmed && b.session == s.id)
                .count();
            // The instants' wall clock: a start in a spring gap shows when it really is.
            let start = s.start_instant().with_timezone(&center_tz).naive_local();
            let end = s.end_instant().with_timezone(&center_tz).naive_local();
            println!(
                "  {} {}  {}",
                words::pad(&s.id, 32),
                words::date_span(ui, start, end),
                tr!(
                    ui,
                    "cli-session-places",
                    slots = s.slot_count(),
                    booths = s.booths,
                    booked = booked
                )
            );
        }
    }
    Ok(())
}

pub fn agency_add_session(
    db: &Path,
    args: AddSessionArgs,
    flag: Option<Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let parse_time = |s: &str, field: &str| {
        chrono::NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| {
            Error::from(Refusal::NotATime {
                option: field.to_string(),
                value: s.to_string(),
            })
        })
    };
    let modes = match &args.modes {
        Some(m) => Some(
            m.split(';')
                .map(|x| {
                    x.parse::<Mode>().map_err(|_| Refusal::UnknownMode {
                        value: x.trim().to_string(),
                    })
                })
                .collect::<std::result::Result<Vec<_>, _>>()?,
        ),
        None => None,
    };
    let ctx = Ctx::open(db, &format!("soudan agency add-session {}", args.agency))?;
    let new = NewSession {
        date: date_arg(
            ui_lang(flag, Some(&ctx)),
            args.date,
            ctx.today(now)?,
            "--date",
        )?,
        start: parse_time(&args.start, "start")?,
        end: parse_time(&args.end, "end")?,
        slot_minutes: args.slot_minutes,
        booths: args.booths,
        modes,
    };
    let done = ops::session_add(&ctx, &args.agency, new, now)?;
    let ui = ui_lang(flag, Some(&ctx));
    // The agency as staff call it (仙台弁護士会), its id in parentheses.
    let agency = tr!(
        ui,
        "cli-with-code",
        text = words::agency_name(ui, &ctx.store().agencies()?, &done.agency),
        code = done.agency.as_str()
    );
    warn_published_in(ui, &done.published);
    let s = &done.session;
    println!(
        "{}",
        tr!(
            ui,
            "cli-session-added",
            agency = agency.as_str(),
            when = format!(
                "{} {}-{}",
                words::date(ui, s.date),
                s.start.format("%H:%M"),
                s.end.format("%H:%M")
            ),
            month = Month::of(s.date).to_string()
        )
    );
    if let Some(reason) = &done.closed {
        println!(
            "{}",
            tr!(
                ui,
                "cli-session-added-closed",
                date = words::date(ui, s.date),
                reason = words::closed_reason(ui, reason)
            )
        );
    }
    Ok(())
}

pub fn agency_cancel_session(
    db: &Path,
    args: CancelSessionArgs,
    flag: Option<Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let ctx = Ctx::open(db, &format!("soudan agency cancel-session {}", args.agency))?;
    let ui = ui_lang(flag, Some(&ctx));
    let date = date_arg(ui, args.date, ctx.today(now)?, "--date")?;
    let done = ops::session_cancel(&ctx, &args.agency, date, now)?;
    // The agency as staff call it (仙台弁護士会), its id in parentheses.
    let agency = tr!(
        ui,
        "cli-with-code",
        text = words::agency_name(ui, &ctx.store().agencies()?, &done.agency),
        code = done.agency.as_str()
    );
    warn_published_in(ui, &done.published);
    println!(
        "{}",
        tr!(
            ui,
            "cli-session-cancelled",
            agency = agency.as_str(),
            date = words::date(ui, done.date),
            count = done.affected.len()
        )
    );
    if !done.affected.is_empty() {
        println!(
            "{}",
            tr!(
                ui,
                "cli-session-cancelled-rerun",
                bookings = done.affected.join(", "),
                month = done.month.to_string()
            )
        );
        println!(
            "{}",
            tr!(
                ui,
                "cli-session-cancelled-move",
                agency = done.agency.as_str(),
                date = done.date.to_string()
            )
        );
    }
    Ok(())
}
