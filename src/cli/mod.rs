//! The `soudan` command line: a thin layer over the library.
//!
//! Each subcommand lives in its own file: it parses its arguments, calls one use case in
//! [`crate::ops`] (or reads the store for a listing) and prints the outcome. Errors are
//! [`crate::Error`], whose [`code`](crate::Error::code) is the exit code:
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success |
//! | 1 | refused: bad input, invalid files, a conflict, the database is in use, bad usage |
//! | 2 | internal error: I/O failure, damaged database, a bug |
//!
//! A command line that does not parse is "bad usage" (1): clap's error, explained in the
//! reader's language by [`usage`]; `--help` and `--version` exit 0 on stdout.

mod allocate;
mod booking;
mod contact;
mod data;
mod demo;
mod feeds;
mod hand;
mod help;
mod maintenance;
mod output;
mod people;
mod plan;
mod pool;
mod public;
mod report;
mod request;
mod slip;
mod staff;
mod usage;
mod view;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub use crate::error::{EXIT_INTERNAL, EXIT_OK, EXIT_REFUSED};

use crate::error::Result;
use crate::i18n::Lang;
use chrono::{DateTime, Utc};

/// soudan (相談): schedules specialist consultation days at a one-stop consultation center for
/// foreign residents, matches each booking with an interpreter, and publishes calendar feeds
/// for partner agencies and interpreters.
#[derive(Debug, Parser)]
#[command(
    name = "soudan",
    version,
    after_help = "Exit codes: 0 success; 1 refused (bad input, invalid file, conflict, database in use, bad usage); 2 internal error.\nStart with `soudan demo`: it loads the built-in Sendai sample into an empty database."
)]
pub struct Cli {
    /// Data directory (sled database, lock file and published feeds).
    #[arg(long, global = true, env = "SOUDAN_DB", default_value = "soudan.db")]
    pub db: PathBuf,

    /// Log more (repeat for more detail); logs go to stderr and never contain secrets.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Pretend it is this instant (RFC 3339, e.g. 2026-12-02T09:00:00+09:00): a testing and
    /// what-if aid. Every command reads the clock once; this replaces that reading.
    #[arg(long, global = true, env = "SOUDAN_NOW", hide = true, value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,

    /// Language of what soudan prints and writes: ja (default), en; resident texts (slips,
    /// public pages) also zh, ko, vi, ne, ja-x-easy. BCP 47 tags such as en-US are accepted.
    /// Without it: SOUDAN_LANG, then the center's default.
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,

    #[command(subcommand)]
    pub command: Command,
}

/// `--lang`: a language tag or name (`en-US`, `ja`, `やさしい日本語`). The typed error
/// reaches `usage`, which says it in the reader's language.
fn parse_lang(s: &str) -> std::result::Result<Lang, crate::i18n::ParseLangError> {
    Lang::parse(s)
}

/// `--now`: an RFC 3339 instant (with its offset, so it names one instant everywhere).
fn parse_now(s: &str) -> std::result::Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            format!("`{s}` is not an RFC 3339 instant such as 2026-12-02T09:00:00+09:00 ({e})")
        })
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The walkthrough: load the built-in Sendai sample (into an empty database), allocate the
    /// month, publish the calendar feeds and serve them.
    Demo(demo::DemoArgs),
    /// Import a coordinator folder (center.toml, agencies.toml, interpreters.csv, requests.csv).
    Import(data::ImportArgs),
    /// Write a coordinator folder for a month to start from (the Sendai sample's files, dates
    /// in that month), then import it.
    Init(data::InitArgs),
    /// Show what the database holds.
    Status,
    /// Record, list, show and cancel requests.
    #[command(subcommand)]
    Request(request::RequestCommand),
    /// Interpreters: list with load, add or update, mark unavailable.
    #[command(subcommand)]
    Interpreter(people::InterpreterCommand),
    /// Agencies: list sessions, add a one-off session, cancel a session.
    #[command(subcommand)]
    Agency(people::AgencyCommand),
    /// Hand corrections: move a booking, pin or unpin it.
    #[command(subcommand)]
    Booking(booking::BookingCommand),
    /// The call list: residents to tell about a change of their appointment.
    #[command(subcommand)]
    Contact(contact::ContactCommand),
    /// A resident's slip for one booking: printable page (A4) or calendar file, in their
    /// language (`--lang` overrides).
    Slip(slip::SlipArgs),
    /// What happened to one request: received, placed, moved, released, cancelled.
    History(request::HistoryArgs),
    /// Allocate a month: place waiting requests in session slots with interpreters, and commit.
    Allocate(allocate::AllocateArgs),
    /// Plan a month: forecast demand, recommend sessions and interpreter hours, simulate.
    Plan(plan::PlanArgs),
    /// Monthly report per agency, language and interpreter, with waiting requests and why.
    Report(report::ReportArgs),
    /// The month view: one HTML page with the calendar, booth grids, waiting list and charts.
    View(view::ViewArgs),
    /// Export a month from the database as an allocation instance (soudan-instance/1 JSON).
    Instance(allocate::InstanceArgs),
    /// Solve an allocation instance file without a database (prints objective, bound, gap).
    Solve(allocate::SolveArgs),
    /// Write a synthetic allocation instance for tests and benchmarks.
    Gen(allocate::GenArgs),
    /// Serve the calendar feeds and the coordinators' console (/console/).
    Serve(feeds::ServeArgs),
    /// List the secret feed URLs, rotate one feed's secret, or change what a feed shows.
    #[command(subcommand)]
    Feeds(feeds::FeedsCommand),
    /// Print one calendar feed (.ics), e.g. to mail it: `soudan ics --feed agency bar > bar.ics`.
    Ics(feeds::IcsArgs),
    /// Check the database's integrity (exit 0: sound, possibly with warnings; 2: damage).
    Check,
    /// Write a consistent backup of the whole database to a file.
    Backup(maintenance::BackupArgs),
    /// Restore a backup into an empty database (or replace one with --force).
    Restore(maintenance::RestoreArgs),
    /// List the language codes soudan knows, with their Japanese and English names.
    Languages,
    /// Public calendar, page, poster and newsletter for residents (nothing personal).
    #[command(subcommand)]
    Public(public::PublicCommand),
    /// Console accounts: add, list, remove, change a password.
    #[command(subcommand)]
    Staff(staff::StaffCommand),
    /// The interpreter pool centers share through PostgreSQL: init, join, status, leave, reconcile.
    #[command(subcommand)]
    Pool(pool::PoolCommand),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    use clap::{CommandFactory, FromArgMatches};
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Help and usage errors in the reader's language: known before parsing only from
    // --lang and SOUDAN_LANG (see `help`).
    let early = output::early_lang(&argv);
    let command = help::localize(Cli::command(), early);
    // For "run `soudan <command> --help`" in a usage error.
    let path = usage::command_path(&command, &argv);
    let matches = match command.try_get_matches_from(&argv) {
        Ok(m) => m,
        Err(e) => return usage::report(early, &e, &path),
    };
    if let Some(asked) = usage::help_path(&matches) {
        return show_help(early, &argv, &asked);
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return usage::report(early, &e, &path),
    };
    init_logging(cli.verbose);
    let lang = output::ui_lang(cli.lang, None);
    match run(cli) {
        Ok(code) => code,
        Err(e) => output::report_error(lang, &e),
    }
}

/// `soudan help request add` (our `help` subcommand, see `usage`): the same as
/// `soudan request add --help`, which is what it parses; an unknown name there is reported
/// like any mistyped command.
fn show_help(lang: Lang, argv: &[std::ffi::OsString], asked: &[String]) -> i32 {
    use clap::CommandFactory;
    let bin = argv.first().cloned().unwrap_or_else(|| "soudan".into());
    let help_argv: Vec<std::ffi::OsString> = std::iter::once(bin)
        .chain(asked.iter().map(std::ffi::OsString::from))
        .chain(std::iter::once("--help".into()))
        .collect();
    let command = help::localize(Cli::command(), lang);
    let path = usage::command_path(&command, &help_argv);
    match command.try_get_matches_from(&help_argv) {
        Err(e) => usage::report(lang, &e, &path),
        // `--help` always ends parsing; should it not, the help was still asked for.
        Ok(_) => EXIT_OK,
    }
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    // Colours only for a person at a terminal: a log written to a file (`soudan serve
    // 2>> serve.log`, a service manager) stays plain text.
    use std::io::IsTerminal;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

fn run(cli: Cli) -> Result<i32> {
    let db = cli.db;
    let lang = cli.lang;
    // The one reading of the clock: every use case gets `now` from here (`--now` replaces it).
    let now = cli.now.unwrap_or_else(Utc::now);
    let done: Result<()> = match cli.command {
        Command::Demo(args) => demo::run(&db, args, lang, now),
        Command::Import(args) => data::import(&db, args, lang, now),
        Command::Init(args) => data::init(args, lang, now),
        Command::Status => data::status(&db, lang, now),
        Command::Request(cmd) => match cmd {
            request::RequestCommand::Add(a) => request::add(&db, a, lang, now),
            request::RequestCommand::List(a) => request::list(&db, a, lang, now),
            request::RequestCommand::Show(a) => request::show(&db, a, lang, now),
            request::RequestCommand::Cancel(a) => request::cancel(&db, a, lang, now),
            request::RequestCommand::Edit(a) => request::edit(&db, a, lang, now),
        },
        Command::Interpreter(cmd) => match cmd {
            people::InterpreterCommand::List(a) => people::interpreter_list(&db, a, lang, now),
            people::InterpreterCommand::Set(a) => people::interpreter_set(&db, a, lang, now),
            people::InterpreterCommand::Unavailable(a) => {
                people::interpreter_unavailable(&db, a, lang, now)
            }
        },
        Command::Agency(cmd) => match cmd {
            people::AgencyCommand::List(a) => people::agency_list(&db, a, lang, now),
            people::AgencyCommand::AddSession(a) => people::agency_add_session(&db, a, lang, now),
            people::AgencyCommand::CancelSession(a) => {
                people::agency_cancel_session(&db, a, lang, now)
            }
            people::AgencyCommand::MoveSession(a) => hand::move_session(&db, a, lang, now),
        },
        Command::History(args) => request::history(&db, args, lang),
        Command::Booking(cmd) => booking::run(&db, cmd, lang, now),
        Command::Contact(contact::ContactCommand::Slips(a)) => {
            slip::contact_slips(&db, a, lang, now)
        }
        Command::Contact(cmd) => contact::run(&db, cmd, lang, now),
        Command::Slip(args) => slip::run(&db, args, lang, now),
        Command::Allocate(args) => allocate::allocate(&db, args, lang, now),
        Command::Staff(cmd) => staff::run(&db, cmd, lang, now),
        Command::Pool(cmd) => pool::run(&db, cmd, lang, now),
        Command::Report(args) => report::run(&db, args, lang, now),
        Command::View(args) => view::run(&db, args, lang, now),
        Command::Plan(args) => plan::run(&db, args, lang, now),
        Command::Instance(args) => allocate::instance(&db, args, now),
        Command::Solve(args) => allocate::solve(args),
        Command::Gen(args) => allocate::gen_instance(args),
        Command::Check => return maintenance::check(&db, lang, now),
        Command::Serve(args) => feeds::serve_cmd(&db, args, lang, cli.now),
        Command::Feeds(cmd) => match cmd {
            feeds::FeedsCommand::List(a) => feeds::list(&db, a, lang, now),
            feeds::FeedsCommand::Rotate(a) => feeds::rotate(&db, a, lang, now),
            feeds::FeedsCommand::Set(a) => feeds::set(&db, a, lang, now),
            feeds::FeedsCommand::Options(a) => feeds::options(&db, a, lang, now),
        },
        Command::Ics(args) => feeds::ics(&db, args, lang, now),
        Command::Backup(args) => maintenance::backup(&db, args, lang, now),
        Command::Restore(args) => maintenance::restore(&db, args, lang, now),
        Command::Languages => {
            data::languages(output::ui_lang(lang, None));
            Ok(())
        }
        Command::Public(cmd) => public::run(&db, cmd, lang, now),
    };
    done.map(|()| EXIT_OK)
}
