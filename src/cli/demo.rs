//! `soudan demo`: the README's first command.

use super::allocate::print_allocation;
use super::data;
use super::feeds::{self, DEFAULT_ADDR};
use super::output::{ui_lang, warn_published_in};
use crate::error::Result;
use crate::i18n::Lang;
use crate::model::{FeedKind, Month};
use crate::ops::{self, AllocateOptions, Ctx, feed_url};
use crate::server::ServerOptions;
use crate::tr;
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

pub fn run(db: &Path, args: DemoArgs, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let ctx = Ctx::open(db, "soudan demo")?;
    let loaded = ops::load_sample(&ctx, month, now)?;
    // After loading: the sample's center.toml may name the center's language.
    let ui = ui_lang(flag, Some(&ctx));
    match loaded {
        Some(loaded) => {
            if let Some(published) = &loaded.published {
                warn_published_in(ui, published);
            }
            println!(
                "{}",
                tr!(
                    ui,
                    "cli-demo-loaded",
                    month = month.to_string(),
                    db = db.display().to_string(),
                    count = loaded.summary.requests_new
                )
            );
        }
        None => println!(
            "{}",
            tr!(ui, "cli-demo-existing", db = db.display().to_string())
        ),
    }
    println!("{}\n", data::describe(&ctx, ui, now)?);
    let allocation = ops::allocate(&ctx, month, AllocateOptions::default(), now)?;
    if let Some(published) = &allocation.published {
        warn_published_in(ui, published);
    }
    print_allocation(&allocation, false, ui);
    let subscriptions = ctx.store().subscriptions()?;
    ctx.close();
    if args.no_serve {
        println!("\n{}", tr!(ui, "cli-demo-published"));
        return Ok(());
    }
    println!();
    feeds::serve(db, args.addr, ServerOptions::default(), ui, |addr| {
        let base = format!("http://{addr}");
        println!("{}", tr!(ui, "cli-demo-feeds"));
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
        println!(
            "{}",
            tr!(
                ui,
                "cli-demo-interpreter-feeds",
                count = interpreters,
                base = base.as_str()
            )
        );
        // The pages people look at rather than subscribe to.
        if let Some(c) = subscriptions
            .iter()
            .find(|s| s.kind == FeedKind::Coordinator)
        {
            println!(
                "{}",
                tr!(ui, "cli-demo-view", url = crate::ops::view_url(&base, c))
            );
        }
        println!(
            "{}",
            tr!(
                ui,
                "cli-demo-public",
                url = format!("{base}/public/index.html")
            )
        );
    })
}
