//! Planning specialist days from the region and the center's own history (issue 14).
//!
//! `soudan plan` answers "how many sessions per agency, how many interpreter hours per
//! language, for a month" — today guesses. Three steps, each its own module:
//!
//! * [`profile`]: the regional profile (foreign residents by nationality, residence status
//!   and age band; `docs/profile-format.md`), the Sendai sample compiled in;
//! * [`forecast`]: expected requests per topic, residence status and language, blending the
//!   center's history with priors per residence status (`docs/plan.md`);
//! * [`simulate`]: sampled months allocated by the real allocator, for the current plan, the
//!   recommended one and any what-if.
//!
//! [`plan`] ties them together into a [`PlanReport`]; [`render`] prints it (table, CSV, JSON,
//! an HTML fragment for the month view). Pure: the store is read by `ops::plan_history`, the
//! CLI prints. [`gen`] writes synthetic history driven by a profile (tests, benchmarks).

pub mod forecast;
pub mod r#gen;
pub mod profile;
pub mod render;
pub mod simulate;

pub use forecast::{Forecast, History, forecast};
pub use profile::{Profile, ProfileRow};
pub use render::{html_section, to_csv, to_table};
pub use simulate::{Adjust, Base, Distribution, MonthOutcome};

use crate::alloc::InstanceError;
use crate::model::{Agency, Center, Mode};
use serde::Serialize;
use std::collections::BTreeMap;

/// Default target: share of forecast requests placed in the month.
pub const DEFAULT_TARGET: f64 = 0.9;
/// Default number of simulated months.
pub const DEFAULT_SAMPLES: u32 = 200;
/// Rounds of simulation-guided correction after the first recommendation.
pub const REFINE_ROUNDS: u32 = 3;

/// How to plan.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub target: f64,
    pub samples: u32,
    pub seed: u64,
    /// Threads for the simulation (the result does not depend on it).
    pub threads: usize,
    /// What-ifs, each simulated against the current plan.
    pub what_ifs: Vec<WhatIf>,
    /// Solver time limit per simulated month (`None`: none, deterministic).
    pub time_limit: Option<std::time::Duration>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            target: DEFAULT_TARGET,
            samples: DEFAULT_SAMPLES,
            seed: 1,
            threads: 2,
            what_ifs: Vec::new(),
            time_limit: None,
        }
    }
}

/// One `--what-if`: its spelling and the change it makes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    pub spec: String,
    pub adjust: Adjust,
}

/// Why a what-if cannot be read: typed, so the CLI says it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--what-if `{spec}`: {problem}")]
pub struct WhatIfError {
    pub spec: String,
    pub problem: WhatIfProblem,
}

/// What is wrong with a what-if.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WhatIfProblem {
    #[error(
        "expected add-session=AGENCY, remove-session=AGENCY or interpreter-hours=LANG[:MODE]:+H"
    )]
    Form,
    #[error("name an agency id, e.g. immigration")]
    AgencyId,
    #[error("expected LANG[:MODE]:+H, e.g. ne:+6 or ne:video:-3")]
    HoursForm,
    #[error("mode must be in_person, video or phone")]
    Mode,
    #[error("name a language code, e.g. ne")]
    Language,
    #[error("hours must be a non-zero number such as +6 or -3")]
    Hours,
    #[error("unknown what-if (add-session, remove-session, interpreter-hours)")]
    UnknownKind,
}

impl WhatIfProblem {
    pub const ALL: [WhatIfProblem; 7] = [
        WhatIfProblem::Form,
        WhatIfProblem::AgencyId,
        WhatIfProblem::HoursForm,
        WhatIfProblem::Mode,
        WhatIfProblem::Language,
        WhatIfProblem::Hours,
        WhatIfProblem::UnknownKind,
    ];
}

impl WhatIf {
    /// `add-session=AGENCY`, `remove-session=AGENCY`, `interpreter-hours=LANG[:MODE]:±H`
    /// (MODE in_person, video or phone; default in_person).
    pub fn parse(spec: &str) -> Result<WhatIf, WhatIfError> {
        let err = |problem: WhatIfProblem| WhatIfError {
            spec: spec.to_string(),
            problem,
        };
        let (key, value) = spec
            .split_once('=')
            .ok_or_else(|| err(WhatIfProblem::Form))?;
        let value = value.trim();
        let mut adjust = Adjust::default();
        match key.trim() {
            "add-session" | "remove-session" => {
                if value.is_empty() || value.len() > 64 || value.chars().any(char::is_control) {
                    return Err(err(WhatIfProblem::AgencyId));
                }
                let n = if key.trim() == "add-session" { 1 } else { -1 };
                adjust.sessions.insert(value.to_string(), n);
            }
            "interpreter-hours" => {
                let parts: Vec<&str> = value.split(':').map(str::trim).collect();
                let (lang, mode, hours) = match parts.as_slice() {
                    [l, h] => (*l, Mode::InPerson, *h),
                    [l, m, h] => (
                        *l,
                        m.parse::<Mode>().map_err(|_| err(WhatIfProblem::Mode))?,
                        *h,
                    ),
                    _ => return Err(err(WhatIfProblem::HoursForm)),
                };
                if lang.is_empty()
                    || lang.len() > 16
                    || !lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    return Err(err(WhatIfProblem::Language));
                }
                let h: f64 = hours
                    .parse()
                    .ok()
                    .filter(|h: &f64| h.is_finite() && h.abs() <= 10_000.0 && *h != 0.0)
                    .ok_or_else(|| err(WhatIfProblem::Hours))?;
                adjust.hours.insert((lang.to_string(), mode), h);
            }
            _ => {
                return Err(err(WhatIfProblem::UnknownKind));
            }
        }
        Ok(WhatIf {
            spec: spec.to_string(),
            adjust,
        })
    }
}

/// Forecast requests for one agency and topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicDemand {
    pub agency: String,
    pub topic: String,
    pub expected: f64,
}

/// Forecast requests in one language and the mode they prefer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageDemand {
    pub language: String,
    pub mode: Mode,
    pub expected: f64,
    /// Of which needing an interpreter (the agency does not speak the language).
    pub with_interpreter: f64,
}

/// Sessions of one agency: now and recommended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionLine {
    pub agency: String,
    /// The agency's names, so tables read as names (`agency` stays the id for scripts).
    pub agency_name_ja: String,
    pub agency_name_en: String,
    pub forecast_requests: f64,
    pub places_per_session: f64,
    pub current_sessions: u32,
    pub recommended_sessions: u32,
}

/// Interpreter hours of one language and mode: needed, now, recommended.
///
/// `recommended_hours` is what the forecast needs at the target (whole hours, plus what the
/// simulation-guided rounds added): it may be below `current_hours`, which then has a
/// surplus. The simulated recommended plan adds any shortfall and removes nothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterpreterLine {
    pub language: String,
    pub mode: Mode,
    pub forecast_requests: f64,
    pub needed_hours: f64,
    pub current_hours: f64,
    pub recommended_hours: f64,
}

/// A simulated plan: current, recommended or a what-if.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// `current`, `recommended` or the what-if's spelling.
    pub name: String,
    pub adjust: AdjustView,
    pub placement: Distribution,
    /// Mean requests per simulated month.
    pub mean_requests: f64,
}

/// [`Adjust`] in a shape JSON can hold (map keys must be strings).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AdjustView {
    pub sessions: BTreeMap<String, i32>,
    /// `lang:mode` → hours.
    pub interpreter_hours: BTreeMap<String, f64>,
}

impl From<&Adjust> for AdjustView {
    fn from(a: &Adjust) -> Self {
        AdjustView {
            sessions: a.sessions.clone(),
            interpreter_hours: a
                .hours
                .iter()
                .map(|((l, m), h)| (format!("{l}:{}", m.code()), (h * 10.0).round() / 10.0))
                .collect(),
        }
    }
}

/// Everything `soudan plan` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanReport {
    pub month: String,
    pub target: f64,
    pub samples: u32,
    pub seed: u64,
    pub profile_residents: u64,
    pub history_months: u32,
    pub history_weight: f64,
    pub seasonal_from_history: bool,
    pub forecast_total: f64,
    pub by_topic: Vec<TopicDemand>,
    pub by_language: Vec<LanguageDemand>,
    pub sessions: Vec<SessionLine>,
    pub interpreters: Vec<InterpreterLine>,
    pub current: Scenario,
    pub recommended: Scenario,
    pub what_ifs: Vec<Scenario>,
}

/// The agency a topic's requests go to when the resident named none: the agency listing the
/// topic earliest among its own topics (its main subject), ties to the one with fewer topics,
/// then the first listed. Sendai: residence → immigration, labour → labour bureau.
pub fn primary_agency<'a>(agencies: &'a [Agency], topic: &str) -> Option<&'a Agency> {
    agencies
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            a.topics
                .iter()
                .position(|t| t == topic)
                .map(|p| (p, a.topics.len(), i, a))
        })
        .min_by_key(|&(p, n, i, _)| (p, n, i))
        .map(|(_, _, _, a)| a)
}

/// Smallest capacity `c` with `E[min(D, c)] >= target × λ` for `D ~ Poisson(λ)`.
pub fn capacity_for(lambda: f64, target: f64) -> u32 {
    if lambda <= 0.0 {
        return 0;
    }
    let goal = target.clamp(0.0, 1.0) * lambda;
    // E[min(D, c)] = Σ_{k<c} P(D > k).
    let mut pmf = (-lambda).exp();
    let mut cdf = pmf;
    let mut acc = 0.0;
    let mut c = 0u32;
    while acc < goal - 1e-9 && c < 100_000 {
        acc += 1.0 - cdf;
        c += 1;
        pmf *= lambda / f64::from(c);
        cdf += pmf;
    }
    c
}

/// The mode a request in `language` prefers: shares from past requests of that language,
/// else the prior mix (in person when accepted, else video, else phone).
fn mode_shares(forecast: &Forecast, language: &str) -> Vec<(Mode, f64)> {
    let preferred = |modes: &[Mode]| {
        Mode::ALL
            .into_iter()
            .find(|m| modes.contains(m))
            .unwrap_or(Mode::InPerson)
    };
    let mut counts: BTreeMap<Mode, f64> = BTreeMap::new();
    for t in forecast.templates.iter().filter(|t| t.language == language) {
        *counts.entry(preferred(&t.modes)).or_default() += 1.0;
    }
    if counts.is_empty() {
        for (w, modes, _) in forecast::prior_templates() {
            *counts.entry(preferred(&modes)).or_default() += f64::from(w);
        }
    }
    let total: f64 = counts.values().sum();
    counts.into_iter().map(|(m, c)| (m, c / total)).collect()
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Demand per agency, per (language, mode), and interpreter hours needed per (language,
/// mode), routing each cell to its named or primary agency.
struct Demand {
    by_topic: BTreeMap<(String, String), f64>,
    by_agency: BTreeMap<String, f64>,
    by_language: BTreeMap<(String, Mode), (f64, f64)>,
    /// (language, mode) → (expected requests needing an interpreter, mean slot hours).
    interp: BTreeMap<(String, Mode), (f64, f64)>,
}

fn demand(center: &Center, agencies: &[Agency], forecast: &Forecast) -> Demand {
    let mut d = Demand {
        by_topic: BTreeMap::new(),
        by_agency: BTreeMap::new(),
        by_language: BTreeMap::new(),
        interp: BTreeMap::new(),
    };
    let mut shares: BTreeMap<String, Vec<(Mode, f64)>> = BTreeMap::new();
    for cell in &forecast.cells {
        let agency = cell
            .agency
            .as_deref()
            .and_then(|id| agencies.iter().find(|a| a.id == id))
            .or_else(|| primary_agency(agencies, &cell.topic));
        let agency_id = agency.map_or_else(|| "-".to_string(), |a| a.id.clone());
        *d.by_topic
            .entry((agency_id.clone(), cell.topic.clone()))
            .or_default() += cell.expected;
        *d.by_agency.entry(agency_id).or_default() += cell.expected;
        let needs = agency.is_some_and(|a| center.needs_interpreter(a, &cell.language));
        let slot_hours = agency
            .and_then(|a| a.patterns.first())
            .map_or(0.75, |p| f64::from(p.slot_minutes) / 60.0);
        let sh = shares
            .entry(cell.language.clone())
            .or_insert_with(|| mode_shares(forecast, &cell.language))
            .clone();
        for (mode, share) in sh {
            let e = cell.expected * share;
            let l = d
                .by_language
                .entry((cell.language.clone(), mode))
                .or_default();
            l.0 += e;
            if needs {
                l.1 += e;
                let i = d.interp.entry((cell.language.clone(), mode)).or_default();
                // Running mean of slot hours weighted by expected requests.
                let total = i.0 + e;
                if total > 0.0 {
                    i.1 = (i.1 * i.0 + slot_hours * e) / total;
                }
                i.0 = total;
            }
        }
    }
    d
}

/// Plans `forecast.month` for the center in `base`.
pub fn plan(
    base: &Base,
    profile: &Profile,
    forecast: &Forecast,
    options: &PlanOptions,
) -> Result<PlanReport, InstanceError> {
    let month = forecast.month;
    let target = options.target.clamp(0.0, 1.0);
    let d = demand(&base.center, &base.agencies, forecast);
    let sessions_now = simulate::sessions(&base.agencies, &base.center, month);

    // Sessions: capacity for the target, in sessions of the agency's usual size.
    let mut rec = Adjust::default();
    let mut session_lines = Vec::new();
    for a in &base.agencies {
        let own: Vec<_> = sessions_now.iter().filter(|s| s.agency == a.id).collect();
        let places = if own.is_empty() {
            a.patterns.first().map_or(0.0, |p| {
                let mins = (p.end - p.start).num_minutes().max(0) as f64;
                (mins / f64::from(p.slot_minutes.max(1))).floor() * f64::from(p.booths)
            })
        } else {
            own.iter()
                .map(|s| f64::from(simulate::places(s)))
                .sum::<f64>()
                / own.len() as f64
        };
        let lambda = d.by_agency.get(&a.id).copied().unwrap_or(0.0);
        let need = capacity_for(lambda, target);
        let recommended = if places > 0.0 {
            (f64::from(need) / places).ceil() as u32
        } else {
            own.len() as u32
        };
        let current = own.len() as u32;
        if recommended != current {
            rec.sessions
                .insert(a.id.clone(), recommended as i32 - current as i32);
        }
        session_lines.push(SessionLine {
            agency: a.id.clone(),
            agency_name_ja: a.name_ja.clone(),
            agency_name_en: a.name_en.clone(),
            forecast_requests: round1(lambda),
            places_per_session: round1(places),
            current_sessions: current,
            recommended_sessions: recommended,
        });
    }

    // Interpreter hours: capacity for the target in slots, times the slot length.
    let hours_now =
        simulate::interpreter_hours(&base.center, &base.agencies, &base.interpreters, month);
    let mut interp_lines = Vec::new();
    for ((lang, mode), (lambda, slot_hours)) in &d.interp {
        let needed = f64::from(capacity_for(*lambda, target)) * slot_hours;
        let current = hours_now
            .get(&(lang.clone(), *mode))
            .copied()
            .unwrap_or(0.0);
        let extra = (needed - current).max(0.0);
        if extra > 0.0 {
            rec.hours.insert((lang.clone(), *mode), extra.ceil());
        }
        interp_lines.push(InterpreterLine {
            language: lang.clone(),
            mode: *mode,
            forecast_requests: round1(*lambda),
            needed_hours: round1(needed),
            current_hours: round1(current),
            recommended_hours: needed.ceil(),
        });
    }

    let run = |adj: &Adjust,
               samples: u32|
     -> Result<(Distribution, f64, Vec<MonthOutcome>), InstanceError> {
        let outcomes = simulate::simulate(
            base,
            forecast,
            adj,
            samples,
            options.seed,
            options.threads,
            options.time_limit,
        )?;
        let rates: Vec<f64> = outcomes.iter().map(MonthOutcome::rate).collect();
        let mean_requests =
            outcomes.iter().map(|o| o.requests as f64).sum::<f64>() / outcomes.len().max(1) as f64;
        Ok((Distribution::of(&rates), mean_requests, outcomes))
    };
    let scenario = |name: &str, adj: &Adjust, r: (Distribution, f64, Vec<MonthOutcome>)| Scenario {
        name: name.to_string(),
        adjust: AdjustView::from(adj),
        placement: r.0,
        mean_requests: round1(r.1),
    };

    let current = run(&Adjust::default(), options.samples)?;
    // Check the recommendation by simulation; while its median misses the target, add a
    // session to the agency of the topic left unplaced most, or hours for the language
    // most often left without an interpreter.
    let mut result = run(&rec, options.samples)?;
    for _ in 0..REFINE_ROUNDS {
        if result.0.median >= target {
            break;
        }
        let mut topics: BTreeMap<String, usize> = BTreeMap::new();
        let mut langs: BTreeMap<String, usize> = BTreeMap::new();
        for o in &result.2 {
            for (t, n) in &o.unplaced_topics {
                *topics.entry(t.clone()).or_default() += n;
            }
            for (l, n) in &o.unplaced_interpreter {
                *langs.entry(l.clone()).or_default() += n;
            }
        }
        let worst_lang = langs
            .iter()
            .max_by_key(|(l, n)| (**n, std::cmp::Reverse((*l).clone())));
        let worst_topic = topics
            .iter()
            .max_by_key(|(t, n)| (**n, std::cmp::Reverse((*t).clone())));
        let mut step = Adjust::default();
        match (worst_lang, worst_topic) {
            (Some((l, nl)), Some((_, nt))) if nl * 2 >= *nt => {
                let slot = d
                    .interp
                    .get(&(l.clone(), Mode::InPerson))
                    .map_or(0.75, |x| x.1);
                let per_month = *nl as f64 / result.2.len().max(1) as f64;
                step.hours.insert(
                    (l.clone(), Mode::InPerson),
                    (per_month * slot).ceil().max(1.0),
                );
            }
            (_, Some((t, _))) => match primary_agency(&base.agencies, t) {
                Some(a) => {
                    step.sessions.insert(a.id.clone(), 1);
                }
                None => break,
            },
            _ => break,
        }
        rec = rec.and(&step);
        for (id, n) in &step.sessions {
            if let Some(line) = session_lines.iter_mut().find(|l| &l.agency == id) {
                line.recommended_sessions = (line.recommended_sessions as i32 + n).max(0) as u32;
            }
        }
        for ((l, m), h) in &step.hours {
            match interp_lines
                .iter_mut()
                .find(|x| &x.language == l && x.mode == *m)
            {
                Some(line) => line.recommended_hours = round1(line.recommended_hours + h),
                None => interp_lines.push(InterpreterLine {
                    language: l.clone(),
                    mode: *m,
                    forecast_requests: 0.0,
                    needed_hours: 0.0,
                    current_hours: round1(hours_now.get(&(l.clone(), *m)).copied().unwrap_or(0.0)),
                    recommended_hours: round1(*h),
                }),
            }
        }
        result = run(&rec, options.samples)?;
    }
    let recommended = scenario("recommended", &rec, result);
    let mut what_ifs = Vec::new();
    for w in &options.what_ifs {
        what_ifs.push(scenario(
            &w.spec,
            &w.adjust,
            run(&w.adjust, options.samples)?,
        ));
    }

    let mut by_topic: Vec<TopicDemand> = d
        .by_topic
        .into_iter()
        .map(|((agency, topic), e)| TopicDemand {
            agency,
            topic,
            expected: round1(e),
        })
        .collect();
    by_topic.sort_by(|a, b| {
        b.expected
            .total_cmp(&a.expected)
            .then_with(|| a.topic.cmp(&b.topic))
    });
    let mut by_language: Vec<LanguageDemand> = d
        .by_language
        .into_iter()
        .map(|((language, mode), (e, w))| LanguageDemand {
            language,
            mode,
            expected: round1(e),
            with_interpreter: round1(w),
        })
        .filter(|l| l.expected > 0.0)
        .collect();
    by_language.sort_by(|a, b| {
        b.expected
            .total_cmp(&a.expected)
            .then_with(|| a.language.cmp(&b.language))
    });
    Ok(PlanReport {
        month: month.to_string(),
        target,
        samples: options.samples,
        seed: options.seed,
        profile_residents: profile.total(),
        history_months: forecast.history_months,
        history_weight: (forecast.history_weight * 100.0).round() / 100.0,
        seasonal_from_history: forecast.seasonal_from_history,
        forecast_total: round1(forecast.total()),
        by_topic,
        by_language,
        sessions: session_lines,
        interpreters: interp_lines,
        current: scenario("current", &Adjust::default(), current),
        recommended,
        what_ifs,
    })
}
