//! `soudan pool init | join | status | leave | reconcile`: the interpreter pool several
//! centers share through PostgreSQL (`ops::pool`, `src/pool/`).
//!
//! The URL may come from `SOUDAN_POOL_URL` instead of the command line (a password there
//! stays out of the shell history); it is never printed with its password.

use super::output::ui_lang;
use crate::error::Result;
use crate::i18n::Lang;
use crate::ops::{self, Ctx};
use crate::tr;
use crate::words;
use chrono::{DateTime, Utc};
use std::path::Path;

#[derive(Debug, clap::Subcommand)]
pub enum PoolCommand {
    /// Create the pool's tables in a PostgreSQL database (once per prefecture; idempotent).
    Init(UrlArgs),
    /// Join this center's database to the pool under a center id.
    Join(JoinArgs),
    /// The pool's centers and their holds (confirmed, leased, expired leases).
    Status,
    /// Leave the pool: this center's holds are released.
    Leave,
    /// Make the pool's holds of this center match its bookings (after a crash).
    Reconcile,
}

#[derive(Debug, clap::Args)]
pub struct UrlArgs {
    /// postgres://USER:PASSWORD@HOST:PORT/DB (or SOUDAN_POOL_URL).
    #[arg(env = "SOUDAN_POOL_URL", hide_env_values = true)]
    pub url: String,
}

#[derive(Debug, clap::Args)]
pub struct JoinArgs {
    /// postgres://USER:PASSWORD@HOST:PORT/DB (or SOUDAN_POOL_URL).
    #[arg(env = "SOUDAN_POOL_URL", hide_env_values = true)]
    pub url: String,
    /// This center's id in the pool (e.g. sendai-city).
    #[arg(long)]
    pub center: String,
}

pub fn run(db: &Path, cmd: PoolCommand, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    if let PoolCommand::Init(a) = &cmd {
        let ui = ui_lang(flag, None);
        ops::pool_init(&a.url)?;
        println!(
            "{}",
            tr!(
                ui,
                "cli-pool-initialised",
                url = crate::pool::redact(&a.url)
            )
        );
        return Ok(());
    }
    let ctx = Ctx::open(db, "soudan pool")?;
    let ui = ui_lang(flag, Some(&ctx));
    match cmd {
        PoolCommand::Init(_) => {}
        PoolCommand::Join(a) => {
            let j = ops::pool_join(&ctx, &a.url, &a.center, now)?;
            println!(
                "{}",
                tr!(
                    ui,
                    "cli-pool-joined",
                    center = j.settings.center.as_str(),
                    url = j.settings.shown_url()
                )
            );
            synced(&ctx, ui, &j.synced)?;
            if let Some(p) = &j.published {
                super::output::warn_published_in(ui, p);
            }
        }
        PoolCommand::Status => match ops::pool_status(&ctx)? {
            None => println!("{}", tr!(ui, "cli-pool-none")),
            Some(s) => {
                println!(
                    "{}",
                    tr!(
                        ui,
                        "cli-pool-status",
                        center = s.settings.center.as_str(),
                        url = s.settings.shown_url(),
                        count = s.centers.len()
                    )
                );
                let tz = ctx.zone()?;
                for c in &s.centers {
                    let mark = if c.id == s.settings.center { "*" } else { " " };
                    println!(
                        "{mark} {}  {}",
                        words::pad(&c.id, 20),
                        tr!(
                            ui,
                            "cli-pool-center",
                            confirmed = c.confirmed,
                            leased = c.leased,
                            expired = c.expired,
                            joined = words::instant(ui, c.joined, tz)
                        )
                    );
                }
            }
        },
        PoolCommand::Leave => match ops::pool_leave(&ctx, now)? {
            None => println!("{}", tr!(ui, "cli-pool-none")),
            Some((s, released)) => println!(
                "{}",
                tr!(
                    ui,
                    "cli-pool-left",
                    center = s.center.as_str(),
                    count = released
                )
            ),
        },
        PoolCommand::Reconcile => match ops::pool_reconcile(&ctx, now)? {
            None => println!("{}", tr!(ui, "cli-pool-none")),
            Some(s) => synced(&ctx, ui, &s)?,
        },
    }
    Ok(())
}

/// What a reconciliation did, and every booking whose interpreter another center took.
fn synced(ctx: &Ctx, ui: Lang, s: &crate::pool::Synced) -> Result<()> {
    println!(
        "{}",
        tr!(
            ui,
            "cli-pool-synced",
            confirmed = s.confirmed,
            claimed = s.claimed,
            released = s.released
        )
    );
    let tz = ctx.zone()?;
    for t in &s.taken {
        let number = t.booking_uid.split('.').next().unwrap_or(&t.booking_uid);
        let name = ctx
            .store()
            .interpreter(&t.interpreter)?
            .map(|i| i.name)
            .unwrap_or_else(|| t.interpreter.clone());
        eprintln!(
            "{}",
            tr!(
                ui,
                "cli-pool-taken",
                number = number,
                interpreter = name,
                start = words::instant(ui, t.start, tz),
                center = t.by.as_str()
            )
        );
    }
    Ok(())
}
