//! `soudan booking move | pin | unpin`: a coordinator's hand corrections.

use super::output::warn_published;
use crate::error::{Error, Result};
use crate::model::Mode;
use crate::ops::{self, Ctx, MoveTo};
use chrono::{DateTime, Utc};
use std::path::Path;

#[derive(Debug, clap::Subcommand)]
pub enum BookingCommand {
    /// Move a booking to another session, slot or interpreter (checked like an allocation;
    /// the booking keeps its number and is pinned).
    Move(MoveArgs),
    /// Pin a booking: every allocation keeps it where it is (`--replan` included).
    Pin(PinArgs),
    /// Unpin a booking: allocations may move it again.
    Unpin(PinArgs),
}

#[derive(Debug, clap::Args)]
pub struct MoveArgs {
    /// Booking number, e.g. B-00012.
    pub number: String,
    /// SESSION/SLOT, e.g. immigration-2026-12-26/2 (slots count from 0; see `agency list`).
    #[arg(long)]
    pub to: String,
    /// Interpreter id; `none` for no interpreter. Default: keep the booking's.
    #[arg(long)]
    pub interpreter: Option<String>,
    /// in_person, video or phone. Default: the booking's, or the first that fits.
    #[arg(long)]
    pub mode: Option<Mode>,
}

#[derive(Debug, clap::Args)]
pub struct PinArgs {
    /// Booking number, e.g. B-00012.
    pub number: String,
}

fn parse_to(to: &str) -> Result<(String, u32)> {
    to.rsplit_once('/')
        .and_then(|(s, k)| Some((s.to_string(), k.trim().parse().ok()?)))
        .filter(|(s, _)| !s.is_empty())
        .ok_or_else(|| {
            Error::refused(format!(
                "--to {to}: expected SESSION/SLOT, e.g. immigration-2026-12-26/2"
            ))
        })
}

pub fn run(db: &Path, cmd: BookingCommand, now: DateTime<Utc>) -> Result<()> {
    match cmd {
        BookingCommand::Move(a) => {
            let (session, slot) = parse_to(&a.to)?;
            let ctx = Ctx::open(db, &format!("soudan booking move {}", a.number))?;
            let interpreter = a
                .interpreter
                .map(|i| if i == "none" { String::new() } else { i });
            let done = ops::booking_move(
                &ctx,
                &a.number,
                MoveTo {
                    session,
                    slot,
                    interpreter,
                    mode: a.mode,
                },
                now,
            )?;
            warn_published(&done.published);
            println!(
                "moved {} from {} {} to {} {} booth {}{} (pinned; `soudan booking unpin {}` to release)",
                done.to.number,
                done.from.session,
                done.from.start.format("%m-%d %H:%M"),
                done.to.session,
                done.to.start.format("%m-%d %H:%M"),
                done.to.booth,
                done.to
                    .interpreter
                    .as_deref()
                    .map(|i| format!(" with {i}"))
                    .unwrap_or_default(),
                done.to.number
            );
        }
        BookingCommand::Pin(a) => pin(db, &a.number, true, now)?,
        BookingCommand::Unpin(a) => pin(db, &a.number, false, now)?,
    }
    Ok(())
}

fn pin(db: &Path, number: &str, on: bool, now: DateTime<Utc>) -> Result<()> {
    let verb = if on { "pin" } else { "unpin" };
    let ctx = Ctx::open(db, &format!("soudan booking {verb} {number}"))?;
    let done = ops::booking_pin(&ctx, number, on, now)?;
    warn_published(&done.published);
    println!("{verb}ned {}", done.number);
    Ok(())
}
