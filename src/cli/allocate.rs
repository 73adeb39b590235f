//! `soudan solve`, `soudan gen`, `soudan instance`, `soudan allocate`.

use super::output::{ui_lang, warn_published_in};
use crate::alloc::{self, SolveOptions, SolveReport};
use crate::error::{Error, Refusal, Result};
use crate::fsio;
use crate::i18n::Lang;
use crate::model::{Booking, Month};
use crate::ops::{self, AllocateOptions, Allocation, Ctx};
use crate::schedule::Change;
use crate::tr;
use crate::words;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Instance files of the largest generated scale are tens of MB; this bounds a wrong file.
const INSTANCE_LIMIT: u64 = 512 << 20;

#[derive(Debug, clap::Args)]
pub struct SolveArgs {
    /// Instance file (soudan-instance/1 JSON); `-` reads standard input.
    pub instance: PathBuf,
    /// Write the solution here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Stop improving after this many seconds (the solution stays feasible; the bound and gap
    /// say how good it is).
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
}

#[derive(Debug, clap::Args)]
pub struct GenArgs {
    /// sendai (~80 requests), city (~300), metro (~2,000) or national (~20,000).
    #[arg(long)]
    pub scale: alloc::Scale,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Use the knob generator (months unlike the default shape): plain, spread, grids,
    /// booths, scarce, dst, pins, all, or random (a seeded mix).
    #[arg(long)]
    pub knobs: Option<String>,
    /// With --knobs: number of requests (default: the scale's).
    #[arg(long)]
    pub requests: Option<usize>,
    /// Use the shape generator (issue 24's months, at their sizes): plain, regional, shared,
    /// long, pins, many or mixed.
    #[arg(long, conflicts_with_all = ["knobs", "requests"])]
    pub shape: Option<alloc::Shape>,
    /// Write the instance here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct InstanceArgs {
    /// Month to export (YYYY-MM). Default: next month.
    #[arg(long)]
    pub month: Option<Month>,
    /// Export confirmed bookings as preferences instead of pins (what `allocate --replan`
    /// solves); the preferences are not part of the exchange format and are left out.
    #[arg(long)]
    pub replan: bool,
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct AllocateArgs {
    /// Month to allocate (YYYY-MM). Default: next month.
    #[arg(long)]
    pub month: Option<Month>,
    /// Show what would change without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Allow confirmed bookings to move (by default they stay unless they became infeasible);
    /// among the best allocations, the one moving the fewest bookings is chosen.
    #[arg(long)]
    pub replan: bool,
    /// Stop improving after this many seconds (the allocation stays valid; the bound and gap
    /// say how good it is).
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    /// With --replan: also commit moves and releases of confirmed appointments that could
    /// still take place as booked (without it they are listed and held back).
    #[arg(long)]
    pub yes: bool,
    /// With a shared interpreter pool that cannot be reached: book only the interpreters not
    /// in the pool instead of refusing (run `soudan pool reconcile` once it is back).
    #[arg(long)]
    pub without_pool_interpreters: bool,
}

fn time_limit(secs: Option<f64>) -> Result<Option<Duration>> {
    secs.map(|s| {
        Duration::try_from_secs_f64(s).map_err(|_| {
            Error::from(Refusal::TimeLimit {
                value: s.to_string(),
            })
        })
    })
    .transpose()
}

fn write_out(out: Option<&Path>, text: &str) -> Result<()> {
    match out {
        Some(path) => super::output::write_atomic(path, text.as_bytes()),
        None => {
            println!("{text}");
            Ok(())
        }
    }
}

fn gap_line(r: &SolveReport) -> String {
    let w = r.solution.objective.weight;
    let gap = if r.bound_weight > 0 {
        100.0 * (r.bound_weight - w) as f64 / r.bound_weight as f64
    } else {
        0.0
    };
    format!(
        "W {w} (bound {}, gap {gap:.2} %{}), C {}{}",
        r.bound_weight,
        if r.optimal { ", optimal" } else { "" },
        r.solution.objective.cost,
        if r.cost_optimal {
            " (proven minimal)"
        } else {
            ""
        }
    )
}

/// Reads an instance through `fsio` (regular files only, bounded; standard input bounded too)
/// so that `/dev/zero` or a FIFO is refused instead of read until memory runs out; bad UTF-8 is
/// the user's file, so it is a refusal (exit 1), not an internal error.
fn read_instance(path: &Path, name: &str) -> Result<String> {
    let bytes = if name == "-" {
        fsio::read_limited(std::io::stdin().lock(), INSTANCE_LIMIT)
    } else {
        fsio::read_regular(path, INSTANCE_LIMIT)
    }
    .map_err(|source| Error::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        Error::from(Refusal::NotUtf8 {
            path: name.to_string(),
            offset: e.utf8_error().valid_up_to(),
        })
    })
}

/// On a terminal, one status line on stderr (phase, W, bound, gap, elapsed) once a run
/// passes two seconds, rewritten in place (the allocator reports at every phase and a few
/// times a second during ruin and recreate) and erased at the end; nothing when stderr is
/// piped or redirected, so logs and scripts see only the final summary.
pub(super) fn terminal_progress(ui: Lang) -> Option<alloc::ProgressFn> {
    use std::io::{IsTerminal, Write};
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let shown = std::sync::atomic::AtomicBool::new(false);
    Some(alloc::ProgressFn::new(move |p: &alloc::Progress| {
        use std::sync::atomic::Ordering::Relaxed;
        // A run that ends within two seconds shows no line at all.
        if p.elapsed < std::time::Duration::from_secs(2) && !shown.load(Relaxed) {
            return;
        }
        let mut err = std::io::stderr().lock();
        if p.phase == alloc::Phase::Done {
            if shown.load(Relaxed) {
                let _ = write!(err, "\r\x1b[K");
            }
        } else {
            shown.store(true, Relaxed);
            let phase = match p.phase {
                alloc::Phase::Heuristic => tr!(ui, "cli-phase-heuristic"),
                alloc::Phase::Bound => tr!(ui, "cli-phase-bound"),
                alloc::Phase::SecondStart => tr!(ui, "cli-phase-second"),
                alloc::Phase::RuinAndRecreate => tr!(ui, "cli-phase-lns"),
                alloc::Phase::Exact | alloc::Phase::Done => tr!(ui, "cli-phase-exact"),
            };
            let gap = if p.bound > 0 {
                100.0 * (p.bound - p.weight) as f64 / p.bound as f64
            } else {
                0.0
            };
            let line = tr!(
                ui,
                "cli-progress",
                phase = phase,
                weight = p.weight,
                bound = p.bound,
                gap = format!("{gap:.2}"),
                seconds = format!("{:.1}", p.elapsed.as_secs_f64())
            );
            let _ = write!(err, "\r\x1b[K{line}");
        }
        let _ = err.flush();
    }))
}

pub fn solve(args: SolveArgs) -> Result<()> {
    let name = args.instance.display().to_string();
    let text = read_instance(&args.instance, &name)?;
    let refuse = |source| Error::Instance {
        what: name.clone(),
        source: Box::new(source),
    };
    let instance = alloc::parse_instance(&text).map_err(refuse)?;
    let report = alloc::solve(
        &instance,
        &SolveOptions {
            time_limit: time_limit(args.time_limit)?,
            progress: terminal_progress(ui_lang(None, None)),
            ..SolveOptions::default()
        },
    )
    .map_err(refuse)?;
    write_out(args.out.as_deref(), &report.solution.to_json())?;
    for (pin, why) in &report.pins_not_binding {
        eprintln!("pin {} not binding: {why}", pin.request);
    }
    eprintln!(
        "{} requests, {} assigned; {} in {:.3} s",
        instance.requests.len(),
        report.solution.assignments.len(),
        gap_line(&report),
        report.stats.elapsed.as_secs_f64()
    );
    Ok(())
}

pub fn gen_instance(args: GenArgs) -> Result<()> {
    if let Some(shape) = args.shape {
        let instance = alloc::generate_shape(args.scale, args.seed, shape);
        return write_out(args.out.as_deref(), &instance.to_json());
    }
    let instance = match args.knobs.as_deref() {
        None => alloc::generate(args.scale, args.seed),
        Some(name) => {
            let knobs = if name == "random" {
                alloc::Knobs::random(args.seed)
            } else {
                alloc::Knobs::presets()
                    .into_iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, k)| k)
                    .ok_or_else(|| Refusal::UnknownKnobs {
                        value: name.to_string(),
                        presets: "plain, spread, grids, booths, scarce, dst, pins, all, random"
                            .into(),
                    })?
            };
            let n = args.requests.unwrap_or_else(|| args.scale.requests());
            if n > 100_000 {
                return Err(Refusal::OptionRange {
                    option: "requests".into(),
                    value: n.to_string(),
                    min: "0".into(),
                    max: "100000".into(),
                }
                .into());
            }
            alloc::generate_knobs(n, args.seed, knobs)
        }
    };
    write_out(args.out.as_deref(), &instance.to_json())
}

pub fn instance(db: &Path, args: InstanceArgs, now: DateTime<Utc>) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let ctx = Ctx::open(db, &format!("soudan instance --month {month}"))?;
    let instance = ops::instance(&ctx, month, args.replan, now)?;
    ctx.close();
    write_out(args.out.as_deref(), &instance.to_json())
}

/// The allocation's quality for people: how many places of the best possible, and whether
/// that is proven best (the raw W/bound/gap line stays in `solve`, for benchmarks).
fn quality_line(ui: Lang, r: &SolveReport) -> String {
    let w = r.solution.objective.weight;
    let gap = if r.bound_weight > 0 {
        100.0 * (r.bound_weight - w) as f64 / r.bound_weight as f64
    } else {
        0.0
    };
    if r.optimal {
        tr!(ui, "cli-alloc-optimal", weight = w)
    } else {
        tr!(
            ui,
            "cli-alloc-gap",
            weight = w,
            bound = r.bound_weight,
            gap = format!("{gap:.2}")
        )
    }
}

/// Prints what an allocation changed: one line per placed, moved, released and waiting
/// request, so a coordinator can check it before (with --dry-run) or after committing. Names
/// and sentences in `ui`; the reason code stays in parentheses.
pub fn print_allocation(a: &Allocation, verbose: bool, ui: Lang) {
    let month = a.month;
    let c = &a.changes;
    let placed = a.report.solution.assignments.len();
    println!(
        "{}",
        tr!(
            ui,
            "cli-alloc-summary",
            month = month.to_string(),
            placed = placed,
            requests = a.requests,
            quality = quality_line(ui, &a.report)
        )
    );
    let same_slot =
        |from: &Booking, to: &Booking| from.session == to.session && from.slot == to.slot;
    println!(
        "  {}",
        tr!(
            ui,
            "cli-alloc-counts",
            new = c.count(|x| matches!(x, Change::Placed { .. })),
            moved = c.count(|x| matches!(x, Change::Moved { from, to } if !same_slot(from, to))),
            interpreter =
                c.count(|x| matches!(x, Change::Moved { from, to } if same_slot(from, to))),
            released = c.count(|x| matches!(x, Change::Released { .. })),
            unchanged = c.unchanged,
            waiting = c.count(|x| matches!(x, Change::Waiting { .. }))
        )
    );
    for line in change_lines(a, &c.changes, verbose, ui) {
        println!("  {line}");
    }
}

/// One line per change, as `allocate` tells them (new placements only when `verbose`).
fn change_lines(a: &Allocation, changes: &[Change], verbose: bool, ui: Lang) -> Vec<String> {
    let same_slot =
        |from: &Booking, to: &Booking| from.session == to.session && from.slot == to.slot;
    let nobody = tr!(ui, "cli-no-interpreter");
    let interp = |b: &Booking| {
        b.interpreter.as_deref().map_or_else(
            || nobody.clone(),
            |i| words::interpreter(&a.interpreters, i),
        )
    };
    // A booking without an interpreter that now gets one had lost its interpreter (e.g.
    // `interpreter unavailable`): it was "being arranged", not "no interpreter needed".
    let arranging = tr!(ui, "cli-interpreter-arranging");
    let interp_before = |from: &Booking, to: &Booking| match (&from.interpreter, &to.interpreter) {
        (None, Some(_)) => arranging.clone(),
        _ => interp(from),
    };
    let at = |b: &Booking| words::booking_at(ui, &a.agencies, b);
    let mut out = Vec::new();
    for ch in changes {
        let line = match ch {
            Change::Placed { booking: b } if verbose => {
                tr!(
                    ui,
                    "cli-alloc-placed",
                    request = b.request.as_str(),
                    number = b.number.as_str(),
                    at = at(b),
                    booth = b.booth,
                    interpreter = match &b.interpreter {
                        Some(i) => tr!(
                            ui,
                            "cli-alloc-with-interpreter",
                            interpreter = words::interpreter(&a.interpreters, i),
                            mode = b.mode.map_or(String::new(), |m| words::mode_name(ui, m))
                        ),
                        None => tr!(ui, "cli-alloc-direct"),
                    }
                )
            }
            Change::Placed { .. } => continue,
            Change::Moved { from, to } if same_slot(from, to) => {
                tr!(
                    ui,
                    "cli-alloc-new-interpreter",
                    request = to.request.as_str(),
                    number = to.number.as_str(),
                    at = at(to),
                    from = interp_before(from, to),
                    to = interp(to)
                )
            }
            Change::Moved { from, to } => {
                tr!(
                    ui,
                    "cli-alloc-moved",
                    request = to.request.as_str(),
                    number = to.number.as_str(),
                    from = at(from),
                    from_interpreter = interp_before(from, to),
                    to = at(to),
                    to_interpreter = interp(to)
                )
            }
            Change::Released { booking, reason } => {
                tr!(
                    ui,
                    "cli-alloc-released",
                    request = booking.request.as_str(),
                    number = booking.number.as_str(),
                    reason = words::reason(ui, reason.code())
                )
            }
            Change::Waiting { request, reason } => {
                tr!(
                    ui,
                    "cli-alloc-waiting",
                    request = request.as_str(),
                    reason = words::reason(ui, reason.code())
                )
            }
        };
        out.push(line);
    }
    out
}

pub fn allocate(
    db: &Path,
    args: AllocateArgs,
    flag: Option<Lang>,
    now: DateTime<Utc>,
) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let limit = time_limit(args.time_limit)?;
    let ctx = Ctx::open(db, &format!("soudan allocate --month {month}"))?;
    let ui = ui_lang(flag, Some(&ctx));
    let options = AllocateOptions {
        replan: args.replan,
        dry_run: args.dry_run,
        time_limit: limit,
        progress: terminal_progress(ui),
        yes: args.yes,
        expect_version: None,
        without_pool: args.without_pool_interpreters,
    };
    let a = ops::allocate(&ctx, month, options.clone(), now)?;
    if let Some(published) = &a.published {
        warn_published_in(ui, published);
    }
    print_allocation(&a, true, ui);
    if let Some(synced) = a.without_pool {
        println!(
            "{}",
            tr!(
                ui,
                "cli-alloc-without-pool",
                synced = words::instant(ui, synced, ctx.zone()?)
            )
        );
    }
    if !a.held_back.is_empty() {
        print_held_back(&a, ui);
        // On a terminal the coordinator can say yes now; a script gets the list and the
        // command, and nothing of it was committed.
        use std::io::IsTerminal;
        if !args.dry_run && std::io::stdin().is_terminal() && ask_yes(ui)? {
            let again = ops::allocate(
                &ctx,
                month,
                AllocateOptions {
                    yes: true,
                    ..options
                },
                now,
            )?;
            if let Some(published) = &again.published {
                warn_published_in(ui, published);
            }
            print_allocation(&again, true, ui);
        }
    }
    if args.dry_run {
        println!("{}", tr!(ui, "cli-dry-run"));
    }
    Ok(())
}

/// What `allocate` did not commit: moves and releases of appointments that still hold.
fn print_held_back(a: &Allocation, ui: Lang) {
    println!(
        "{}",
        tr!(ui, "cli-alloc-held-back", count = a.held_back.len())
    );
    for line in change_lines(a, &a.held_back, true, ui) {
        println!("  {line}");
    }
    println!(
        "{}",
        tr!(ui, "cli-alloc-held-back-how", month = a.month.to_string())
    );
}

/// Asks on the terminal whether to commit the held-back changes too; anything but yes is no.
fn ask_yes(ui: Lang) -> Result<bool> {
    use std::io::Write;
    print!("{} ", tr!(ui, "cli-alloc-held-back-ask"));
    std::io::stdout()
        .flush()
        .map_err(|e| Error::internal("asking on the terminal", e))?;
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| Error::internal("reading the answer", e))?;
    Ok(matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "はい"
    ))
}
