//! `soudan demo`: the README's first command.

use super::allocate::{allocate_month, print_allocation};
use super::data::{self, next_month};
use super::feeds::{self, DEFAULT_ADDR, feed_url};
use crate::import;
use crate::model::{FeedKind, Month};
use crate::sample;
use crate::server::ServerOptions;
use chrono::Utc;
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

pub fn run(db: &Path, args: DemoArgs) -> anyhow::Result<()> {
    let month = args.month.unwrap_or_else(next_month);
    let store = data::open(db, "soudan demo")?;
    if store.is_empty()? {
        let data = sample::load(month).map_err(|e| data::refuse_import(&e))?;
        let summary = import::apply(&store, &data, "sample/", Utc::now())?;
        println!(
            "loaded the built-in Sendai sample for {month} into {} ({} requests)",
            db.display(),
            summary.requests_new
        );
    } else {
        println!("{} already holds data; using it as is", db.display());
    }
    println!("{}\n", data::describe(&store)?);
    let allocation = allocate_month(&store, month, false, false, None)?;
    print_allocation(month, &allocation, false);
    let subscriptions = store.subscriptions()?;
    drop(store);
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
