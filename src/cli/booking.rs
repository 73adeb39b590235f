//! `soudan booking move | pin | unpin`: a coordinator's hand corrections.

use super::output::{ui_lang, warn_published_in};
use crate::error::{Refusal, Result};
use crate::i18n::Lang;
use crate::model::Mode;
use crate::ops::{self, Ctx, MoveTo};
use crate::tr;
use crate::words;
use chrono::{DateTime, Utc};
use std::path::Path;

#[derive(Debug, clap::Subcommand)]
pub enum BookingCommand {
    /// Move a booking to another session, slot or interpreter (checked like an allocation;
    /// the booking keeps its number and is pinned).
    Move(MoveArgs),
    /// List the interpreters who could take a booking's slot instead, best first, with why.
    Substitutes(PinArgs),
    /// Pin a booking: every allocation keeps it where it is (`--replan` included).
    Pin(PinArgs),
    /// Unpin a booking: allocations may move it again.
    Unpin(PinArgs),
}

#[derive(Debug, clap::Args)]
pub struct MoveArgs {
    /// Booking number, e.g. B-00012 or B-12.
    #[arg(value_parser = crate::input::booking_arg)]
    pub number: String,
    /// SESSION/SLOT, e.g. immigration-2026-12-26/2 (slots count from 1, as every listing
    /// shows them; the store keeps the 0-based index). Default: the booking's own slot (only
    /// the interpreter or the mode changes).
    #[arg(long, required_unless_present_any = ["interpreter", "mode"])]
    pub to: Option<String>,
    /// Interpreter ID or name; `none` for no interpreter. Default: keep the booking's.
    #[arg(long)]
    pub interpreter: Option<String>,
    /// in_person, video or phone. Default: the booking's, or the first that fits.
    #[arg(long)]
    pub mode: Option<Mode>,
}

#[derive(Debug, clap::Args)]
pub struct PinArgs {
    /// Booking number, e.g. B-00012 or B-12.
    #[arg(value_parser = crate::input::booking_arg)]
    pub number: String,
}

/// `SESSION/SLOT` with the slot counted from 1 (as people read it) to the stored 0-based index.
fn parse_to(to: &str) -> Result<(String, u32)> {
    to.rsplit_once('/')
        .and_then(|(s, k)| Some((s.to_string(), k.trim().parse::<u32>().ok()?.checked_sub(1)?)))
        .filter(|(s, _)| !s.is_empty())
        .ok_or_else(|| {
            Refusal::MoveTarget {
                value: to.to_string(),
            }
            .into()
        })
}

pub fn run(db: &Path, cmd: BookingCommand, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    match cmd {
        BookingCommand::Move(a) => {
            let place = a.to.as_deref().map(parse_to).transpose()?;
            let ctx = Ctx::open(db, &format!("soudan booking move {}", a.number))?;
            // An interpreter by ID or name (`Liu Mei`), `none` for none.
            let interpreter = match a.interpreter {
                Some(i) if i.trim() == "none" => Some(String::new()),
                Some(i) => Some(crate::input::interpreter(&i, &ctx.store().interpreters()?)?),
                None => None,
            };
            let done = ops::booking_move(
                &ctx,
                &a.number,
                MoveTo {
                    place,
                    interpreter,
                    mode: a.mode,
                },
                now,
            )?;
            let ui = ui_lang(flag, Some(&ctx));
            warn_published_in(ui, &done.published);
            let agencies = ctx.store().agencies()?;
            let at = |b: &crate::model::Booking| words::booking_at(ui, &agencies, b);
            println!(
                "{}",
                tr!(
                    ui,
                    "cli-booking-moved",
                    number = done.to.number.as_str(),
                    from = at(&done.from),
                    to = at(&done.to),
                    booth = done.to.booth,
                    // By name, the id beside it (what `--interpreter` takes).
                    interpreter = match done.to.interpreter.as_deref() {
                        Some(id) => tr!(
                            ui,
                            "cli-moved-interpreter",
                            who = words::interpreter(&ctx.store().interpreters()?, id)
                        ),
                        None => tr!(ui, "cli-no-interpreter"),
                    }
                )
            );
        }
        BookingCommand::Substitutes(a) => super::hand::substitutes(db, &a.number, flag, now)?,
        BookingCommand::Pin(a) => pin(db, &a.number, true, flag, now)?,
        BookingCommand::Unpin(a) => pin(db, &a.number, false, flag, now)?,
    }
    Ok(())
}

fn pin(db: &Path, number: &str, on: bool, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let verb = if on { "pin" } else { "unpin" };
    let ctx = Ctx::open(db, &format!("soudan booking {verb} {number}"))?;
    let done = ops::booking_pin(&ctx, number, on, now)?;
    let ui = ui_lang(flag, Some(&ctx));
    warn_published_in(ui, &done.published);
    if on {
        println!(
            "{}",
            tr!(ui, "cli-booking-pinned", number = done.number.as_str())
        );
    } else {
        println!(
            "{}",
            tr!(ui, "cli-booking-unpinned", number = done.number.as_str())
        );
    }
    Ok(())
}
