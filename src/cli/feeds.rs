//! `soudan serve`, `soudan feeds list|rotate`, `soudan ics`, and publishing after commits.

use super::Refused;
use super::data::open;
use crate::feeds::{self, FeedInputs, Lang};
use crate::model::{BookingStatus, FeedKind, FeedSubscription, Month};
use crate::publish;
use crate::server::{Server, ServerOptions};
use crate::store::{Batch, Store};
use anyhow::Context;
use chrono::{Datelike, Utc};
use std::net::SocketAddr;
use std::path::Path;

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on. Loopback by default; a public deployment belongs behind an HTTPS
    /// reverse proxy.
    #[arg(long, default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// Listen on a non-loopback address (put an HTTPS reverse proxy in front: the feed secret
    /// is in the URL).
    #[arg(long)]
    pub public: bool,
    /// Behind a reverse proxy on this host: the header carrying the real client address
    /// (e.g. X-Real-IP), so the limit on failed secret guesses applies per client.
    #[arg(long)]
    pub client_ip_header: Option<String>,
    /// Public base URL the feeds are reached at (e.g. https://feeds.example.org), for the hint
    /// on how to list the feed URLs; the server itself never prints secrets.
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum FeedsCommand {
    /// Print every feed: kind, id and its secret URL (Japanese; add ?lang=en for English).
    List(ListArgs),
    /// Issue a new secret for one feed: the old URL stops working at once.
    Rotate(RotateArgs),
    /// Change one feed's settings (what it shows).
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// agency, interpreter or coordinator.
    pub kind: FeedKind,
    /// Agency or interpreter id (`center` for the coordinator feed).
    pub id: String,
    /// Keep cancelled bookings as STATUS:CANCELLED instead of removing them. Calendar clients
    /// differ: Google drops such events, Apple strikes them through, Outlook has been seen
    /// showing them as confirmed.
    #[arg(long)]
    pub show_cancelled: Option<bool>,
    /// Show the agency's session blocks (agency feeds).
    #[arg(long)]
    pub session_blocks: Option<bool>,
    /// Residents' names and contact details (coordinator feed only; for an agency feed set
    /// `show_personal_details` in agencies.toml and import it).
    #[arg(long)]
    pub personal_details: Option<bool>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Base URL the server is reached at.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub base_url: String,
}

#[derive(Debug, clap::Args)]
pub struct RotateArgs {
    /// agency, interpreter or coordinator.
    pub kind: FeedKind,
    /// Agency or interpreter id (`center` for the coordinator feed).
    pub id: String,
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub base_url: String,
}

#[derive(Debug, clap::Args)]
pub struct IcsArgs {
    /// KIND ID, e.g. `--feed agency immigration`.
    #[arg(long, num_args = 2, value_names = ["KIND", "ID"], required = true)]
    pub feed: Vec<String>,
    /// ja (default) or en.
    #[arg(long, default_value = "ja")]
    pub lang: Lang,
}

pub fn feed_url(base: &str, s: &FeedSubscription) -> String {
    format!(
        "{}/feeds/{}/{}/{}.ics",
        base.trim_end_matches('/'),
        s.kind.code(),
        s.id,
        s.secret
    )
}

/// The months agency feeds show session blocks for: this month, the next two, and every month
/// holding a confirmed booking.
fn session_months(bookings: &[crate::model::Booking]) -> Vec<Month> {
    let today = Utc::now().date_naive();
    let this = Month::new(today.year(), today.month()).unwrap_or_else(|| Month::of(today));
    let mut months = vec![this, this.next(), this.next().next()];
    months.extend(
        bookings
            .iter()
            .filter(|b| b.status == BookingStatus::Confirmed)
            .map(|b| Month::of(b.start.date())),
    );
    months.sort();
    months.dedup();
    months
}

/// Everything feeds are rendered from, read from the store in one go.
fn load_inputs(store: &Store) -> anyhow::Result<FeedInputs> {
    let center = store
        .center()?
        .ok_or_else(|| Refused("the database is empty: nothing to publish".into()))?;
    let bookings = store.bookings()?;
    Ok(FeedInputs {
        center,
        agencies: store.agencies()?,
        interpreters: store.interpreters()?,
        requests: store.requests()?,
        session_months: session_months(&bookings),
        bookings,
        subscriptions: store.subscriptions()?,
    })
}

/// Renders every feed from the store and publishes a snapshot for the server. Called by every
/// command after it commits, so subscribers see changes without a restart.
pub fn publish(store: &Store) -> anyhow::Result<publish::PublishOutcome> {
    let loaded = load_inputs(store)?;
    let report = publish::render_and_publish(
        &publish::feeds_dir(store.dir()),
        &loaded.data(),
        &loaded.subscriptions,
        Utc::now(),
    )
    .context("the change is saved, but publishing the calendar feeds failed; run `soudan feeds list` to retry")?;
    if !report.skipped.is_empty() {
        eprintln!(
            "warning: {} booking(s) are in sessions that no longer exist and are left out of the feeds until `soudan allocate` re-places them",
            report.skipped.len()
        );
    }
    for (kind, id, e) in &report.failed {
        eprintln!("warning: the {kind} feed {id} could not be rendered: {e}");
    }
    for (kind, id) in &report.outcome.revoked {
        eprintln!(
            "warning: the {kind} feed {id} is dark: its secret was revoked by an interrupted `soudan feeds rotate`; run `soudan feeds rotate {kind} {id}` to issue its new URL"
        );
    }
    Ok(report.outcome)
}

pub fn list(db: &Path, args: ListArgs) -> anyhow::Result<()> {
    let store = open(db, "soudan feeds list")?;
    let outcome = publish(&store)?;
    let mut subs = store.subscriptions()?;
    subs.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    for s in &subs {
        let url = if outcome
            .revoked
            .iter()
            .any(|(k, id)| *k == s.kind && *id == s.id)
        {
            format!("(revoked: run `soudan feeds rotate {} {}`)", s.kind, s.id)
        } else {
            feed_url(&args.base_url, s)
        };
        println!("{:<12} {:<18} {url}", s.kind.code(), s.id);
    }
    println!(
        "({} feeds, snapshot {}; add ?lang=en to a URL for English)",
        subs.len(),
        outcome.version
    );
    Ok(())
}

pub fn rotate(db: &Path, args: RotateArgs) -> anyhow::Result<()> {
    let store = open(
        db,
        &format!("soudan feeds rotate {} {}", args.kind, args.id),
    )?;
    let mut sub = store
        .subscription(args.kind, &args.id)?
        .ok_or_else(|| Refused(format!("no {} feed {}", args.kind, args.id)))?;
    let old_hash = crate::secret::hash(&sub.secret);
    sub.secret = crate::secret::new_secret()
        .map_err(|e| anyhow::anyhow!("the OS random source failed: {e}"))?;
    // Revoke first (durable before the commit), so no kill or failure from here on can leave
    // the old URL serving; see `publish::revoke`.
    publish::revoke(&publish::feeds_dir(store.dir()), &old_hash)
        .context("cannot revoke the old secret; nothing was changed")?;
    crate::fault::point("rotate-after-revoke");
    let mut batch = Batch::new();
    batch.put_subscription(&sub)?;
    store.commit(batch)?;
    crate::fault::point("rotate-after-commit");
    publish(&store)?;
    println!(
        "new URL for the {} feed {} (the old one no longer works):\n{}",
        sub.kind,
        sub.id,
        feed_url(&args.base_url, &sub)
    );
    Ok(())
}

pub fn set(db: &Path, args: SetArgs) -> anyhow::Result<()> {
    let store = open(db, &format!("soudan feeds set {} {}", args.kind, args.id))?;
    let mut sub = store
        .subscription(args.kind, &args.id)?
        .ok_or_else(|| Refused(format!("no {} feed {}", args.kind, args.id)))?;
    if let Some(on) = args.personal_details {
        match args.kind {
            FeedKind::Coordinator => sub.personal_details = on,
            FeedKind::Agency => {
                return Err(Refused(
                    "an agency feed shows personal details when `show_personal_details = true` is set for the agency in agencies.toml; change it there and import".into(),
                )
                .into());
            }
            FeedKind::Interpreter => {
                return Err(Refused(
                    "interpreter feeds never show residents' personal details".into(),
                )
                .into());
            }
        }
    }
    if let Some(on) = args.show_cancelled {
        sub.show_cancelled = on;
    }
    if let Some(on) = args.session_blocks {
        if args.kind != FeedKind::Agency && on {
            return Err(Refused("session blocks exist for agency feeds only".into()).into());
        }
        sub.session_blocks = on;
    }
    let mut batch = Batch::new();
    batch.put_subscription(&sub)?;
    store.commit(batch)?;
    publish(&store)?;
    println!(
        "{} feed {}: show_cancelled={}, session_blocks={}, personal_details={}",
        sub.kind, sub.id, sub.show_cancelled, sub.session_blocks, sub.personal_details
    );
    Ok(())
}

pub fn ics(db: &Path, args: IcsArgs) -> anyhow::Result<()> {
    let [kind, id] = args.feed.as_slice() else {
        return Err(Refused("--feed takes KIND ID".into()).into());
    };
    let kind: FeedKind = kind.parse().map_err(Refused)?;
    let store = open(db, "soudan ics")?;
    let loaded = load_inputs(&store)?;
    drop(store);
    let sub = feeds::find_subscription(&loaded.subscriptions, kind, id)
        .map_err(|e| Refused(e.to_string()))?;
    let feed = feeds::render_feed(&loaded.data(), sub, args.lang)?;
    print!("{}", feed.body);
    Ok(())
}

/// Serves the published snapshots of `db` until Ctrl-C. Never opens the database.
/// `on_bound` runs once the socket is bound (with its address), before requests are served.
pub fn serve(
    db: &Path,
    addr: SocketAddr,
    options: ServerOptions,
    on_bound: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let dir = publish::feeds_dir(db);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let bound = Server::bind(addr, dir.clone(), options)
            .await
            .map_err(|e| Refused(e.to_string()))?;
        on_bound(bound.local_addr());
        println!(
            "serving the calendar feeds of {} at http://{} (Ctrl-C to stop)",
            db.display(),
            bound.local_addr()
        );
        bound
            .run(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        println!("stopped");
        Ok(())
    })
}

pub fn serve_cmd(db: &Path, args: ServeArgs) -> anyhow::Result<()> {
    // The server's output usually ends up in a log, so it never prints the secret URLs;
    // `soudan feeds list` does, on a coordinator's terminal.
    let options = ServerOptions {
        allow_non_loopback: args.public,
        client_ip_header: args.client_ip_header,
        ..ServerOptions::default()
    };
    serve(db, args.addr, options, |addr| {
        let base = args.base_url.unwrap_or_else(|| format!("http://{addr}"));
        println!("feed URLs: `soudan feeds list --base-url {base}`");
    })
}
