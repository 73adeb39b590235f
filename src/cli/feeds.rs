//! `soudan serve`, `soudan feeds list|rotate`, `soudan ics`, and publishing after commits.

use super::output::{ui_lang, warn_published_in};
use crate::error::{Error, Refusal, Result};
use crate::feeds;
use crate::i18n::Lang;
use crate::model::FeedKind;
use crate::ops::{self, Ctx, FeedSettings, feed_url};
use crate::publish;
use crate::server::{Server, ServerOptions};
use crate::tr;
use chrono::{DateTime, Utc};
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
    /// Do not serve the coordinators' console (/console/): feeds and public pages only.
    #[arg(long)]
    pub no_console: bool,
    /// The console is reached over HTTPS (a TLS reverse proxy in front): its cookies get
    /// `Secure`.
    #[arg(long)]
    pub tls_proxy: bool,
    /// Minutes after which an unused console login ends (default 30).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=1440))]
    pub idle_minutes: u64,
}

#[derive(Debug, clap::Subcommand)]
pub enum FeedsCommand {
    /// Print every feed: kind, id and its secret URL (Japanese; add ?lang=en for English).
    List(ListArgs),
    /// Issue a new secret for one feed: the old URL stops working at once.
    Rotate(RotateArgs),
    /// Change one feed's settings (what it shows).
    Set(SetArgs),
    /// Show or change the center's settings for every feed: how many days of past bookings
    /// feeds keep, and how interpreters join phone and video sessions.
    Options(OptionsArgs),
}

#[derive(Debug, clap::Args)]
pub struct OptionsArgs {
    /// Days of past bookings every feed keeps (default 90; future bookings are always in).
    #[arg(long)]
    pub window_days: Option<u32>,
    /// How a phone session is joined, shown to interpreters (e.g. the center's number);
    /// empty for the default sentence.
    #[arg(long)]
    pub phone: Option<String>,
    /// How a video session is joined (the center's video room link); empty for the default.
    #[arg(long)]
    pub video_room: Option<String>,
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
    /// Base URL the server is reached at (default: `soudan public set --base-url`, else
    /// http://127.0.0.1:8080).
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct RotateArgs {
    /// agency, interpreter or coordinator.
    pub kind: FeedKind,
    /// Agency or interpreter id (`center` for the coordinator feed).
    pub id: String,
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct IcsArgs {
    /// KIND ID, e.g. `--feed agency immigration`.
    #[arg(long, num_args = 2, value_names = ["KIND", "ID"], required = true)]
    pub feed: Vec<String>,
    // The feed's language is the global `--lang` (ja or en; other languages map to their staff
    // language): a `--lang` of its own clashed with the global one and made clap panic.
}

pub fn list(
    db: &Path,
    args: ListArgs,
    flag: Option<crate::i18n::Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let ctx = Ctx::open(db, "soudan feeds list")?;
    let ui = ui_lang(flag, Some(&ctx));
    let (subs, published) = ops::list_feeds(&ctx, now)?;
    warn_published_in(ui, &published);
    let base = base_url(&ctx, args.base_url)?;
    for s in &subs {
        let url = if published
            .outcome
            .revoked
            .iter()
            .any(|(k, id)| *k == s.kind && *id == s.id)
        {
            tr!(
                ui,
                "cli-feeds-revoked",
                kind = s.kind.to_string(),
                id = s.id.as_str()
            )
        } else {
            feed_url_in(&base, s, ui)
        };
        println!("{:<12} {:<18} {url}", s.kind.code(), s.id);
    }
    // The coordinator's month view sits behind the coordinator feed's secret.
    for s in subs.iter().filter(|s| {
        s.kind == FeedKind::Coordinator
            && !published
                .outcome
                .revoked
                .iter()
                .any(|(k, id)| *k == s.kind && *id == s.id)
    }) {
        let mut url = ops::view_url(&base, s);
        if ui != Lang::Ja {
            url.push_str(&format!("?lang={}", ui.code()));
        }
        println!(
            "{}",
            tr!(ui, "cli-feeds-view", id = s.id.as_str(), url = url)
        );
    }
    let other = if ui == Lang::Ja {
        tr!(ui, "cli-feeds-hint-english")
    } else {
        tr!(ui, "cli-feeds-hint-japanese")
    };
    println!(
        "{} {}",
        tr!(
            ui,
            "cli-feeds-count",
            count = subs.len(),
            version = published.outcome.version.to_string()
        ),
        other
    );
    Ok(())
}

/// A feed's URL in `lang`: Japanese is the plain URL, English adds `?lang=en`.
/// The base URL feed addresses are printed with: `--base-url`, else the center's public base
/// URL (`soudan public set --base-url`, the address the server is reached at), else the
/// loopback default.
fn base_url(ctx: &Ctx, given: Option<String>) -> Result<String> {
    Ok(match given {
        Some(url) => url,
        None => ctx.public_settings()?.base_url,
    }
    .trim_end_matches('/')
    .to_owned())
}

fn feed_url_in(base: &str, s: &crate::model::FeedSubscription, lang: Lang) -> String {
    match lang.staff() {
        Lang::Ja => feed_url(base, s),
        other => format!("{}?lang={}", feed_url(base, s), other.code()),
    }
}

pub fn rotate(
    db: &Path,
    args: RotateArgs,
    flag: Option<crate::i18n::Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let ctx = Ctx::open(
        db,
        &format!("soudan feeds rotate {} {}", args.kind, args.id),
    )?;
    let ui = ui_lang(flag, Some(&ctx));
    let (sub, published) = ops::rotate_feed(&ctx, args.kind, &args.id, now)?;
    warn_published_in(ui, &published);
    let base = base_url(&ctx, args.base_url)?;
    println!(
        "{}\n{}",
        tr!(
            ui,
            "cli-feeds-rotated",
            kind = sub.kind.to_string(),
            id = sub.id.as_str()
        ),
        feed_url(&base, &sub)
    );
    Ok(())
}

pub fn set(
    db: &Path,
    args: SetArgs,
    flag: Option<crate::i18n::Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let ctx = Ctx::open(db, &format!("soudan feeds set {} {}", args.kind, args.id))?;
    let settings = FeedSettings {
        show_cancelled: args.show_cancelled,
        session_blocks: args.session_blocks,
        personal_details: args.personal_details,
    };
    let ui = ui_lang(flag, Some(&ctx));
    let (sub, published) = ops::set_feed(&ctx, args.kind, &args.id, settings, now)?;
    warn_published_in(ui, &published);
    let yes_no = |on: bool| {
        if on {
            tr!(ui, "cli-yes")
        } else {
            tr!(ui, "cli-no")
        }
    };
    println!(
        "{}",
        tr!(
            ui,
            "cli-feeds-settings",
            kind = sub.kind.to_string(),
            id = sub.id.as_str(),
            cancelled = yes_no(sub.show_cancelled),
            blocks = yes_no(sub.session_blocks),
            personal = yes_no(sub.personal_details)
        )
    );
    Ok(())
}

/// `soudan feeds options`: the center's feed window and how phone/video sessions are joined.
pub fn options(db: &Path, args: OptionsArgs, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan feeds options")?;
    let ui = ui_lang(flag, Some(&ctx));
    let changes = ops::FeedOptionChanges {
        window_days: args.window_days,
        phone: args.phone,
        video_room: args.video_room,
    };
    let (o, published) = ops::set_feed_options(&ctx, changes, now)?;
    if let Some(p) = &published {
        warn_published_in(ui, p);
    }
    let or_default = |v: &Option<String>| {
        v.clone()
            .unwrap_or_else(|| tr!(ui, "cli-feeds-options-default"))
    };
    println!(
        "{}",
        tr!(
            ui,
            "cli-feeds-options",
            days = o.window_days,
            phone = or_default(&o.phone),
            video = or_default(&o.video_room)
        )
    );
    Ok(())
}

/// `soudan ics --feed KIND ID`, in the global `--lang` (ja by default; a resident language
/// gives its staff language, as `?lang=` does).
pub fn ics(
    db: &Path,
    args: IcsArgs,
    flag: Option<crate::i18n::Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let [kind, id] = args.feed.as_slice() else {
        return Err(Refusal::FeedArgs {
            value: args.feed.join(" "),
        }
        .into());
    };
    let kind: FeedKind = kind.parse().map_err(|_| Refusal::FeedArgs {
        value: args.feed.join(" "),
    })?;
    let ctx = Ctx::open(db, "soudan ics")?;
    let lang = ui_lang(flag, Some(&ctx));
    let loaded = ctx.feed_inputs(now)?;
    ctx.close();
    let sub = feeds::find_subscription(&loaded.subscriptions, kind, id).map_err(|_| {
        Refusal::UnknownFeed {
            kind: kind.to_string(),
            id: id.clone(),
        }
    })?;
    let feed = feeds::render_feed(&loaded.data(), sub, lang)
        .map_err(|e| Error::internal(format!("cannot render the {kind} feed {id}"), e))?;
    print!("{}", feed.body);
    Ok(())
}

/// Serves the published snapshots of `db` until Ctrl-C. Never opens the database.
/// `on_bound` runs once the socket is bound (with its address), before requests are served.
pub fn serve(
    db: &Path,
    addr: SocketAddr,
    options: ServerOptions,
    ui: crate::i18n::Lang,
    on_bound: impl FnOnce(SocketAddr),
) -> Result<()> {
    let dir = publish::feeds_dir(db);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::internal("cannot start the async runtime", e))?;
    runtime.block_on(async move {
        let bound = Server::bind(addr, dir.clone(), options).await?;
        on_bound(bound.local_addr());
        // Scripts and tests read the address from this line: it always holds
        // `http://ADDR` followed by a space.
        println!(
            "{}",
            tr!(
                ui,
                "cli-serve-serving",
                db = db.display().to_string(),
                url = format!("http://{}", bound.local_addr())
            )
        );
        bound
            .run(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        println!("{}", tr!(ui, "cli-serve-stopped"));
        Ok(())
    })
}

pub fn serve_cmd(
    db: &Path,
    args: ServeArgs,
    flag: Option<crate::i18n::Lang>,
    now: Option<DateTime<Utc>>,
) -> Result<()> {
    // `serve` keeps no database open (the console opens it per request), so the center's
    // default language is not known here.
    let ui = ui_lang(flag, None);
    let console = (!args.no_console).then(|| -> std::sync::Arc<dyn crate::server::app::App> {
        std::sync::Arc::new(crate::console::Console::new(
            db.to_path_buf(),
            crate::console::ConsoleOptions {
                idle: std::time::Duration::from_secs(args.idle_minutes * 60),
                secure_cookies: args.tls_proxy,
                now,
                ..crate::console::ConsoleOptions::default()
            },
        ))
    });
    let with_console = console.is_some();
    // The server's output usually ends up in a log, so it never prints the secret URLs;
    // `soudan feeds list` does, on a coordinator's terminal.
    let options = ServerOptions {
        allow_non_loopback: args.public,
        client_ip_header: args.client_ip_header,
        console,
        ..ServerOptions::default()
    };
    serve(db, args.addr, options, ui, |addr| {
        let base = args.base_url.unwrap_or_else(|| format!("http://{addr}"));
        println!("{}", tr!(ui, "cli-serve-hint", base = base.as_str()));
        if with_console {
            println!(
                "{}",
                tr!(ui, "cli-serve-console", url = format!("{base}/console/"))
            );
            if !addr.ip().is_loopback() && !args.tls_proxy {
                eprintln!("{}", tr!(ui, "cli-serve-console-plain-http"));
            }
        }
    })
}
