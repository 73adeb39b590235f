//! `soudan contact list | done`: the call list.

use super::output::ui_lang;
use crate::error::Result;
use crate::i18n::Lang;
use crate::model::Month;
use crate::ops::{self, Ctx};
use crate::tr;
use crate::words;
use chrono::{DateTime, Utc};
use std::path::Path;

#[derive(Debug, clap::Subcommand)]
pub enum ContactCommand {
    /// Residents to tell about a change of their appointment, most urgent first (with
    /// language and contact details: coordinators only).
    List(ListArgs),
    /// Mark an item done: the resident was told.
    Done(DoneArgs),
    /// Write a slip (page and .ics) for every resident to call, in their language.
    Slips(super::slip::ContactSlipsArgs),
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only items due in this month (YYYY-MM).
    #[arg(long)]
    pub month: Option<Month>,
    /// Include items already done.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, clap::Args)]
pub struct DoneArgs {
    /// Item ids as printed by `contact list` (C-00003, C-3 or 3); several at once.
    #[arg(required = true, num_args = 1..)]
    pub ids: Vec<String>,
}

pub fn run(db: &Path, cmd: ContactCommand, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    match cmd {
        ContactCommand::List(a) => {
            let ctx = Ctx::open(db, "soudan contact list")?;
            let ui = ui_lang(flag, Some(&ctx));
            let lines = ops::contact_list(&ctx, a.month, a.all)?;
            let agencies = ctx.store().agencies()?;
            let open = lines.iter().filter(|l| l.item.done.is_none()).count();
            if a.all {
                println!(
                    "{}",
                    tr!(
                        ui,
                        "cli-contact-count-all",
                        count = open,
                        done = lines.len() - open
                    )
                );
            } else {
                println!("{}", tr!(ui, "cli-contact-count", count = open));
            }
            for l in &lines {
                println!(
                    "{} {} {} {} [{}] {} / {}{}",
                    l.item.id,
                    tr!(ui, "cli-contact-by", date = words::date(ui, l.item.by)),
                    l.item.request,
                    l.item.booking,
                    words::lang_name(ui, &l.language),
                    l.name,
                    l.contact,
                    if l.item.done.is_some() {
                        tr!(ui, "cli-contact-done-mark")
                    } else {
                        String::new()
                    }
                );
                for w in &l.item.what {
                    println!("    {}", words::contact_change(ui, &agencies, w));
                }
            }
        }
        ContactCommand::Slips(a) => return super::slip::contact_slips(db, a, None, now),
        ContactCommand::Done(a) => {
            let ctx = Ctx::open(db, &format!("soudan contact done {}", a.ids.join(" ")))?;
            let ui = ui_lang(flag, Some(&ctx));
            let ids: Vec<&str> = a.ids.iter().map(String::as_str).collect();
            for item in ops::contacts_done(&ctx, &ids, now)? {
                println!(
                    "{}",
                    tr!(
                        ui,
                        "cli-contact-done",
                        id = item.id.as_str(),
                        request = item.request.as_str(),
                        booking = item.booking.as_str()
                    )
                );
            }
        }
    }
    Ok(())
}
