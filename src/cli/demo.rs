//! `soudan demo`: the README's first command.

use super::allocate::print_allocation;
use super::data;
use super::feeds::{self, DEFAULT_ADDR};
use super::output::warn_published;
use crate::error::Result;
use crate::model::{FeedKind, Month};
use crate::ops::{self, AllocateOptions, Ctx, feed_url};
use crate::server::ServerOptions;
use chrono::{DateTime, Utc};
use std::net::SocketAddr;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Month to schedule (YYYY-MM). Default: next month.
    #[arg(long)]
    pub month: Option<Month>,
    /// Stop after the summary instead of serving the feeds.
    #[arg(long)]
    pub no_serve: bool,
    /// Where to serve the feeds (loopback).
    #[arg(long, default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,
}

pub fn run(db: &Path, args: DemoArgs, now: DateTime<Utc>) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let ctx = Ctx::open(db, "soudan demo")?;
    match ops::load_sample(&ctx, month, now)? {
        Some(loaded) => {
            if let Some(published) = &loaded.published {
                warn_published(published);
            }
            println!(
                "loaded the built-in Sendai sample for {month} into {} ({} requests)",
                db.display(),
                loaded.summary.requests_new
            );
        }
        None => println!("{} already holds data; using it as is", db.display()),
    }
    println!("{}\n", data::describe(&ctx)?);
    let allocation = ops::allocate(&ctx, month, AllocateOptions::default(), now)?;
    if let Some(published) = &allocation.published {
        warn_published(published);
    }
    print_allocation(&allocation, false);
    let subscriptions = ctx.store().subscriptions()?;
    ctx.close();
    if args.no_serve {
        println!(
            "\nthe calendar feeds are published; `soudan serve` serves them, `soudan feeds list` prints their URLs"
        );
        return Ok(());
    }
    println!();
    feeds::serve(db, args.addr, ServerOptions::default(), |addr| {
        let base = format!("http://{addr}");
        println!(
            "Calendar feeds (subscribe in Outlook or Google Calendar; add ?lang=en for English):"
        );
        for s in subscriptions
            .iter()
            .filter(|s| s.kind != FeedKind::Interpreter)
        {
            println!(
                "  {:<12} {:<12} {}",
                s.kind.code(),
                s.id,
                feed_url(&base, s)
            );
        }
        let interpreters = subscriptions
            .iter()
            .filter(|s| s.kind == FeedKind::Interpreter)
            .count();
        println!("  and {interpreters} interpreter feeds: `soudan feeds list --base-url {base}`");
    })
}
