//! `soudan booking substitutes` and `soudan agency move-session`: hand repair, printed.

use super::output::{ui_lang, warn_published_in};
use crate::error::Result;
use crate::i18n::Lang;
use crate::input::InputDate;
use crate::model::Interpreter;
use crate::ops::{self, Ctx, NotMoved, SessionMoveOptions};
use crate::schedule::Unfit;
use crate::tr;
use crate::words;
use chrono::{DateTime, Utc};
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct MoveSessionArgs {
    pub agency: String,
    #[arg(long)]
    pub date: InputDate,
    #[arg(long)]
    pub to: Option<InputDate>,
    #[arg(long)]
    pub dry_run: bool,
}

/// An interpreter as staff call them, their id beside: 劉 梅（staff-zh-02）.
fn who(ui: Lang, i: &Interpreter) -> String {
    if i.name.trim().is_empty() {
        return i.id.clone();
    }
    tr!(
        ui,
        "cli-with-code",
        text = i.name.as_str(),
        code = i.id.as_str()
    )
}

pub fn substitutes(db: &Path, number: &str, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, &format!("soudan booking substitutes {number}"))?;
    let found = ops::booking_substitutes(&ctx, number, now)?;
    let ui = ui_lang(flag, Some(&ctx));
    let b = &found.booking;
    let agencies = ctx.store().agencies()?;
    println!(
        "{}",
        tr!(
            ui,
            "cli-subs-head",
            number = b.number.as_str(),
            request = b.request.as_str(),
            language = words::lang_name(ui, &found.request.language),
            at = words::booking_at(ui, &agencies, b)
        )
    );
    let mut rank = 0;
    for (i, verdict) in &found.candidates {
        let Ok(fit) = verdict else { continue };
        rank += 1;
        let day = match fit.max_per_day {
            Some(max) => tr!(ui, "cli-subs-day", count = fit.that_day, max = max),
            None => tr!(ui, "cli-subs-day-nomax", count = fit.that_day),
        };
        println!(
            "  {}",
            tr!(
                ui,
                "cli-subs-fit",
                rank = rank,
                who = who(ui, i),
                mode = words::mode_name(ui, fit.mode),
                cost = fit.cost,
                local = words::date_time(ui, fit.local_start),
                zone = words::zone_local(ui, &fit.zone, fit.local_start),
                day = day
            )
        );
        println!(
            "     {}",
            tr!(
                ui,
                "cli-subs-use",
                number = b.number.as_str(),
                id = i.id.as_str(),
                mode = fit.mode.code()
            )
        );
    }
    if rank == 0 {
        println!("{}", tr!(ui, "cli-subs-none", number = b.number.as_str()));
    }
    let unfit: Vec<_> = found
        .candidates
        .iter()
        .filter_map(|(i, v)| v.as_ref().err().map(|u| (i, u)))
        .collect();
    if !unfit.is_empty() {
        println!("{}", tr!(ui, "cli-subs-unfit-head"));
        for (i, u) in unfit {
            let why = match u {
                Unfit::Busy { number } => {
                    tr!(ui, "cli-subs-unfit-busy", other = number.as_str())
                }
                Unfit::MaxReached { max, .. } => tr!(ui, "cli-subs-unfit-max-reached", max = *max),
                Unfit::DayOff => tr!(ui, "cli-subs-unfit-day-off"),
                Unfit::NotAvailable => tr!(ui, "cli-subs-unfit-not-available"),
                Unfit::NoCommonMode => tr!(ui, "cli-subs-unfit-no-common-mode"),
            };
            println!(
                "  {}",
                tr!(ui, "cli-subs-unfit", who = who(ui, i), why = why)
            );
        }
    }
    Ok(())
}

pub fn move_session(
    db: &Path,
    args: MoveSessionArgs,
    flag: Option<Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let ctx = Ctx::open(db, &format!("soudan agency move-session {}", args.agency))?;
    let today = ctx.today(now)?;
    let ui = ui_lang(flag, Some(&ctx));
    let date = super::people::date_arg(ui, args.date, today, "--date")?;
    let to = args
        .to
        .map(|d| super::people::date_arg(ui, d, today, "--to"))
        .transpose()?;
    let done = ops::session_move(
        &ctx,
        &args.agency,
        date,
        SessionMoveOptions {
            to,
            dry_run: args.dry_run,
        },
        now,
    )?;
    if let Some(p) = &done.published {
        warn_published_in(ui, p);
    }
    let store = ctx.store();
    let interpreters = store.interpreters()?;
    let agencies = store.agencies()?;
    let agency = tr!(
        ui,
        "cli-with-code",
        text = words::agency_name(ui, &agencies, &done.agency),
        code = done.agency.as_str()
    );
    let (from, to) = (words::date(ui, done.from), words::date(ui, done.to));
    let (moved, stay) = (done.moved.len(), done.not_moved.len());
    let (agency, from, to) = (agency.as_str(), from.as_str(), to.as_str());
    let head = if args.dry_run {
        tr!(
            ui,
            "cli-move-session-plan",
            agency = agency,
            from = from,
            to = to,
            moved = moved,
            stay = stay
        )
    } else if moved == 0 {
        tr!(
            ui,
            "cli-move-session-nothing",
            agency = agency,
            from = from,
            to = to
        )
    } else {
        tr!(
            ui,
            "cli-move-session-done",
            agency = agency,
            from = from,
            to = to,
            moved = moved,
            stay = stay
        )
    };
    println!("{head}");
    for (old, new) in &done.moved {
        let mut interpreter = match new.interpreter.as_deref() {
            Some(id) => interpreters
                .iter()
                .find(|i| i.id == id)
                .map_or_else(|| id.to_string(), |i| who(ui, i)),
            None => String::new(),
        };
        if new.interpreter.is_some() && new.interpreter != old.interpreter {
            interpreter = tr!(ui, "cli-move-session-substitute", who = interpreter);
        }
        let interpreter = if new.interpreter.is_some() {
            tr!(ui, "cli-moved-interpreter", who = interpreter)
        } else {
            tr!(ui, "cli-no-interpreter")
        };
        println!(
            "  {}",
            tr!(
                ui,
                "cli-move-session-line",
                number = new.number.as_str(),
                request = new.request.as_str(),
                from = words::booking_at(ui, &agencies, old),
                to = words::booking_at(ui, &agencies, new),
                booth = new.booth,
                interpreter = interpreter
            )
        );
    }
    if !done.not_moved.is_empty() {
        println!("{}", tr!(ui, "cli-move-session-stay-head"));
        for (b, why) in &done.not_moved {
            let why = match why {
                NotMoved::Full => tr!(ui, "cli-move-session-why-full"),
                NotMoved::Times => tr!(ui, "cli-move-session-why-times"),
                NotMoved::Deadline(d) => tr!(
                    ui,
                    "cli-move-session-why-deadline",
                    deadline = words::date(ui, *d)
                ),
                NotMoved::NoInterpreter => tr!(ui, "cli-move-session-why-no-interpreter"),
                NotMoved::Other(text) => {
                    tr!(ui, "cli-move-session-why-other", text = text.as_str())
                }
            };
            println!(
                "  {}",
                tr!(
                    ui,
                    "cli-move-session-stay",
                    number = b.number.as_str(),
                    request = b.request.as_str(),
                    at = words::booking_at(ui, &agencies, b),
                    why = why
                )
            );
        }
        println!("{}", tr!(ui, "cli-move-session-stay-hint"));
    }
    if args.dry_run && moved > 0 {
        println!("{}", tr!(ui, "cli-move-session-dry-hint"));
    }
    Ok(())
}
