//! `soudan plan`: forecast a month's demand, recommend sessions and interpreter hours, and
//! check them (and any what-ifs) by simulation.

use super::output::ui_lang;
use crate::error::{Error, Refusal, Result};
use crate::i18n::Lang;
use crate::model::Month;
use crate::ops::{self, Ctx};
use crate::plan::{self, PlanOptions, Profile, WhatIf};
use crate::tr;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Aligned text.
    Table,
    /// CSV for Excel (UTF-8 with BOM), one block per section.
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Month to plan (YYYY-MM). Default: next month.
    #[arg(long)]
    pub month: Option<Month>,
    /// Regional profile CSV (docs/profile-format.md). Default: the built-in Sendai sample.
    #[arg(long)]
    pub profile: Option<PathBuf>,
    /// Share of forecast requests to place in the month (0 < target <= 1).
    #[arg(long, default_value_t = plan::DEFAULT_TARGET)]
    pub target: f64,
    /// Simulated months per plan.
    #[arg(long, default_value_t = plan::DEFAULT_SAMPLES)]
    pub samples: u32,
    /// Seed of the simulation (same seed, same result).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// What if: add-session=AGENCY, remove-session=AGENCY, interpreter-hours=LANG[:MODE]:+H
    /// (repeatable; each is compared with the current plan).
    #[arg(long = "what-if")]
    pub what_if: Vec<String>,
    /// Solver time limit per simulated month, in milliseconds (200 Sendai months: about 5 s
    /// instead of 26 s). 0: no limit, so the same seed gives exactly the same result; with a
    /// limit a loaded machine may place a request or two fewer.
    #[arg(long, default_value_t = 40)]
    pub time_limit_ms: u64,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write the month view (as `soudan view`) with this plan as its last section.
    #[arg(long, value_name = "FILE")]
    pub view_out: Option<PathBuf>,
}

/// Largest monthly forecast simulated.
const MAX_FORECAST: f64 = 20_000.0;

/// Most simulated months accepted (each runs the allocator once per plan).
const MAX_SAMPLES: u32 = 10_000;

pub fn run(db: &Path, args: PlanArgs, lang: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    if !(args.target > 0.0 && args.target <= 1.0) {
        return Err(Refusal::PlanTarget {
            value: args.target.to_string(),
        }
        .into());
    }
    if args.samples == 0 || args.samples > MAX_SAMPLES {
        return Err(Refusal::OptionRange {
            option: "samples".into(),
            value: args.samples.to_string(),
            min: "1".into(),
            max: MAX_SAMPLES.to_string(),
        }
        .into());
    }
    let what_ifs = args
        .what_if
        .iter()
        .map(|s| {
            WhatIf::parse(s).map_err(|e| {
                Error::from(Refusal::WhatIf {
                    spec: e.spec,
                    problem: e.problem,
                })
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let profile = match &args.profile {
        Some(path) => plan::profile::read(path).map_err(|errors| Error::Invalid {
            what: "planned",
            errors,
        })?,
        None => Profile::sendai(),
    };
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let ctx = Ctx::open(db, "soudan plan")?;
    let lang = ui_lang(lang, Some(&ctx));
    let base = ops::plan_base(&ctx)?;
    let history = ops::plan_history(&ctx)?;
    ctx.close();
    for w in &what_ifs {
        for id in w.adjust.sessions.keys() {
            if !base.agencies.iter().any(|a| &a.id == id) {
                return Err(Refusal::WhatIfUnknownAgency {
                    spec: w.spec.clone(),
                    id: id.clone(),
                    agencies: base
                        .agencies
                        .iter()
                        .map(|a| a.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                }
                .into());
            }
        }
    }
    let forecast = plan::forecast(month, &profile, &history);
    // Every simulated month materialises its requests: a profile of a whole country (or a
    // typo adding digits) would ask for millions per sample.
    if forecast.total() > MAX_FORECAST {
        return Err(Refusal::ForecastTooLarge {
            // Rounded for the message; the forecast is finite and positive here.
            total: forecast.total().round() as u64,
            month: month.to_string(),
            max: MAX_FORECAST as u64,
        }
        .into());
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    let report = plan::plan(
        &base,
        &profile,
        &forecast,
        &PlanOptions {
            target: args.target,
            samples: args.samples,
            seed: args.seed,
            threads,
            what_ifs,
            time_limit: (args.time_limit_ms > 0)
                .then(|| std::time::Duration::from_millis(args.time_limit_ms)),
        },
    )
    .map_err(|source| Error::Instance {
        what: format!("the data for {month}"),
        source: Box::new(source),
    })?;
    if let Some(out) = &args.view_out {
        let mut opts = crate::view::ViewOptions::new(lang);
        opts.extra = Some(crate::view::ExtraSection {
            heading: tr!(lang, "plan-view-heading", month = month.to_string()),
            html: plan::html_section(&report, lang),
        });
        let ctx = Ctx::open(db, "soudan plan")?;
        let html = ops::render_view(&ctx, month, &opts, now)?;
        ctx.close();
        super::output::write_atomic(out, html.as_bytes())?;
        eprintln!(
            "{}",
            tr!(
                lang,
                "view-written",
                month = month.to_string(),
                path = out.display().to_string()
            )
        );
    }
    match args.format {
        Format::Table => print!("{}", plan::to_table(&report, lang)),
        Format::Csv => print!(
            "{}",
            plan::to_csv(&report, lang)
                .map_err(|e| Error::internal("writing the plan as CSV", e))?
        ),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report)
                .map_err(|e| Error::internal("writing the plan as JSON", e))?
        ),
    }
    Ok(())
}
