//! Simulation: sample months from a forecast and allocate each with the real allocator.
//!
//! Why the real allocator and not a capacity formula: whether a request is placed depends on
//! its windows, the modes it accepts, which agencies cover its topic, and whether an
//! interpreter of its language is free in a suitable slot. [`crate::alloc::solve`] knows all
//! of that; a formula would have to re-derive it and would drift. Each sampled month is built
//! into an instance exactly as `soudan allocate` builds one ([`crate::schedule::build`]).
//!
//! Deterministic: sample `i` draws from its own generator seeded by `(seed, i)`, and by
//! default no time limit is given to the solver, so the result does not depend on the number
//! of threads or the machine's speed. A per-month time limit (`--time-limit-ms`) trades that
//! for speed: the solver's exact phase is then cut short, and a loaded machine may place a
//! request or two fewer.

use super::forecast::{Forecast, Template, prior_templates};
use crate::alloc::{self, Reason, SolveOptions, rng::SplitMix64};
use crate::model::{
    Agency, Center, ClosedDays, Contact, DateWindow, ExtraSession, Intake, Interpreter, Mode,
    Month, Priority, Request, RequestStatus, Session, WeightPolicy, parse_tz, sessions_for_month,
};
use crate::schedule::{self, MonthInput};
use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta, TimeZone, Weekday};
use serde::Serialize;
use std::collections::BTreeMap;

/// The center as configured: what a plan adjusts.
#[derive(Debug, Clone)]
pub struct Base {
    pub center: Center,
    pub agencies: Vec<Agency>,
    pub interpreters: Vec<Interpreter>,
    pub weights: WeightPolicy,
}

/// Changes to the month's sessions and interpreter hours (a recommendation or a what-if).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Adjust {
    /// Sessions added (positive) or removed (negative) per agency.
    pub sessions: BTreeMap<String, i32>,
    /// Interpreter hours added or removed per (language, mode).
    pub hours: BTreeMap<(String, Mode), f64>,
}

impl Adjust {
    pub fn is_empty(&self) -> bool {
        self.sessions.values().all(|&n| n == 0) && self.hours.values().all(|&h| h == 0.0)
    }

    /// `self` followed by `other`.
    pub fn and(&self, other: &Adjust) -> Adjust {
        let mut a = self.clone();
        for (k, v) in &other.sessions {
            *a.sessions.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.hours {
            *a.hours.entry(k.clone()).or_default() += v;
        }
        a
    }
}

/// The center's zone (UTC stand-in for an unknown zone, which the allocator then rejects).
fn zone(center: &Center) -> chrono_tz::Tz {
    parse_tz(&center.timezone).unwrap_or(chrono_tz::Tz::UTC)
}

/// The month's sessions of every agency.
pub fn sessions(agencies: &[Agency], center: &Center, month: Month) -> Vec<Session> {
    let tz = zone(center);
    agencies
        .iter()
        .flat_map(|a| sessions_for_month(a, month, tz, &center.closed))
        .collect()
}

/// Places (slots × booths) of a session.
pub fn places(s: &Session) -> u32 {
    s.slot_count() * s.booths
}

/// Adds one session to `agency` in `month`: its first pattern's times on a date it has no
/// session yet, the same weekday first (another week), then weekends, then other days.
fn add_session(agency: &mut Agency, month: Month, tz: chrono_tz::Tz, closed: &ClosedDays) -> bool {
    let taken: Vec<NaiveDate> = sessions_for_month(agency, month, tz, closed)
        .iter()
        .map(Session::date)
        .collect();
    let (start, end, slot_minutes, booths, modes, weekday) =
        match (agency.patterns.first(), agency.extras.first()) {
            (Some(p), _) => (
                p.start,
                p.end,
                p.slot_minutes,
                p.booths,
                p.modes.clone(),
                p.weekday,
            ),
            (None, Some(e)) => (
                e.start,
                e.end,
                e.slot_minutes,
                e.booths,
                e.modes.clone(),
                e.date.weekday(),
            ),
            (None, None) => (
                NaiveTime::from_hms_opt(13, 0, 0).unwrap_or_default(),
                NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default(),
                45,
                1,
                Mode::ALL.to_vec(),
                Weekday::Sat,
            ),
        };
    let rank = |d: &NaiveDate| {
        let w = d.weekday();
        let class = if w == weekday {
            0
        } else if matches!(w, Weekday::Sat | Weekday::Sun) {
            1
        } else {
            2
        };
        (class, *d)
    };
    let mut days: Vec<NaiveDate> = month
        .days()
        .filter(|d| !taken.contains(d) && !agency.cancelled.contains(d) && !closed.is_closed(*d))
        .collect();
    days.sort_by_key(rank);
    match days.first() {
        Some(&date) => {
            agency.extras.push(ExtraSession {
                date,
                start,
                end,
                slot_minutes,
                booths,
                modes,
            });
            true
        }
        None => false,
    }
}

/// Removes the agency's last session of the month (cancels its date).
fn remove_session(
    agency: &mut Agency,
    month: Month,
    tz: chrono_tz::Tz,
    closed: &ClosedDays,
) -> bool {
    match sessions_for_month(agency, month, tz, closed).last() {
        Some(s) => {
            agency.cancelled.push(s.date());
            true
        }
        None => false,
    }
}

/// Hours of the interval lists' overlap.
fn overlap_hours(
    a: (chrono::NaiveDateTime, chrono::NaiveDateTime),
    b: (chrono::NaiveDateTime, chrono::NaiveDateTime),
) -> f64 {
    let s = a.0.max(b.0);
    let e = a.1.min(b.1);
    if e > s {
        (e - s).num_minutes() as f64 / 60.0
    } else {
        0.0
    }
}

/// An interpreter's availability in the center's local time.
fn availability_local(
    i: &Interpreter,
    month: Month,
    tz: chrono_tz::Tz,
) -> Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime)> {
    let own = parse_tz(&i.timezone).unwrap_or(tz);
    let conv = |t: chrono::NaiveDateTime| {
        own.from_local_datetime(&t)
            .earliest()
            .map(|x| x.with_timezone(&tz).naive_local())
    };
    i.availability(month)
        .into_iter()
        .filter_map(|w| Some((conv(w.start)?, conv(w.end)?)))
        .collect()
}

/// Interpreter hours per (language, mode) usable in the month: each interpreter's
/// availability overlapping sessions that allow the mode and whose agency needs an
/// interpreter for the language (so a session of an English-speaking agency adds no English
/// hours). Overlapping sessions on one day count once per interpreter.
pub fn interpreter_hours(
    center: &Center,
    agencies: &[Agency],
    interpreters: &[Interpreter],
    month: Month,
) -> BTreeMap<(String, Mode), f64> {
    let tz = zone(center);
    let all = sessions(agencies, center, month);
    let mut out: BTreeMap<(String, Mode), f64> = BTreeMap::new();
    for i in interpreters {
        let avail = availability_local(i, month, tz);
        for lang in &i.languages {
            for &mode in &i.modes {
                let mut spans: Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime)> = all
                    .iter()
                    .filter(|s| s.modes.contains(&mode))
                    .filter(|s| {
                        agencies
                            .iter()
                            .find(|a| a.id == s.agency)
                            .is_some_and(|a| center.needs_interpreter(a, lang))
                    })
                    .map(|s| (s.start, s.end))
                    .collect();
                spans.sort();
                // Merge overlapping sessions: one interpreter is in one place at a time.
                let mut merged: Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime)> = Vec::new();
                for s in spans {
                    match merged.last_mut() {
                        Some(last) if s.0 <= last.1 => last.1 = last.1.max(s.1),
                        _ => merged.push(s),
                    }
                }
                let hours: f64 = merged
                    .iter()
                    .map(|&s| avail.iter().map(|&w| overlap_hours(s, w)).sum::<f64>())
                    .sum();
                if hours > 0.0 {
                    *out.entry((lang.clone(), mode)).or_default() += hours;
                }
            }
        }
    }
    out
}

/// Applies `adj` to the configured center: extra or cancelled sessions, and interpreter hours
/// added as planned interpreters (`plan-<lang>-<mode>-<n>`, available during the sessions that
/// need them) or removed as days off of the existing ones.
pub fn apply(base: &Base, month: Month, adj: &Adjust) -> (Vec<Agency>, Vec<Interpreter>) {
    let tz = zone(&base.center);
    let mut agencies = base.agencies.clone();
    for (id, &n) in &adj.sessions {
        if let Some(a) = agencies.iter_mut().find(|a| &a.id == id) {
            for _ in 0..n.unsigned_abs() {
                if n > 0 {
                    add_session(a, month, tz, &base.center.closed);
                } else {
                    remove_session(a, month, tz, &base.center.closed);
                }
            }
        }
    }
    let mut interpreters = base.interpreters.clone();
    let all = sessions(&agencies, &base.center, month);
    for ((lang, mode), &hours) in &adj.hours {
        let mut spans: Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime)> = all
            .iter()
            .filter(|s| s.modes.contains(mode))
            .filter(|s| {
                agencies
                    .iter()
                    .find(|a| a.id == s.agency)
                    .is_some_and(|a| base.center.needs_interpreter(a, lang))
            })
            .map(|s| (s.start, s.end))
            .collect();
        spans.sort();
        spans.dedup();
        if hours > 0.0 {
            let mut left = hours;
            let mut n = 0;
            while left > 1e-9 && !spans.is_empty() && n < 50 {
                n += 1;
                let mut windows = Vec::new();
                for &(s, e) in &spans {
                    if left <= 1e-9 {
                        break;
                    }
                    let h = ((e - s).num_minutes() as f64 / 60.0).min(left);
                    let end = s + TimeDelta::minutes((h * 60.0).round() as i64);
                    // One planned interpreter per pass: overlapping sessions need another.
                    if windows.iter().any(|w: &DateWindow| {
                        w.date == s.date() && w.start < end.time() && s.time() < w.end
                    }) {
                        continue;
                    }
                    windows.push(DateWindow {
                        date: s.date(),
                        start: s.time(),
                        end: end.time(),
                        end_of_day: false,
                    });
                    left -= h;
                }
                if windows.is_empty() {
                    break;
                }
                interpreters.push(Interpreter {
                    id: format!("plan-{lang}-{}-{n}", mode.code()),
                    name: String::new(),
                    languages: vec![lang.clone()],
                    modes: vec![*mode],
                    timezone: base.center.timezone.clone(),
                    weekly: Vec::new(),
                    dates_off: Vec::new(),
                    extra_windows: windows,
                    max_per_day: None,
                    cost: crate::model::Costs {
                        in_person: 4,
                        video: 3,
                        phone: 2,
                    },
                });
            }
        } else if hours < 0.0 {
            // Remove whole session days from this language's interpreters (last listed first)
            // until the hours are gone.
            let mut left = -hours;
            for i in interpreters.iter_mut().rev() {
                if left <= 1e-9 {
                    break;
                }
                if !i.speaks(lang) || !i.modes.contains(mode) {
                    continue;
                }
                let avail = availability_local(i, month, tz);
                let mut days: Vec<NaiveDate> = spans.iter().map(|s| s.0.date()).collect();
                days.dedup();
                for d in days.into_iter().rev() {
                    if left <= 1e-9 {
                        break;
                    }
                    let h: f64 = spans
                        .iter()
                        .filter(|s| s.0.date() == d)
                        .map(|&s| avail.iter().map(|&w| overlap_hours(s, w)).sum::<f64>())
                        .sum();
                    if h > 0.0 && !i.dates_off.contains(&d) {
                        i.dates_off.push(d);
                        left -= h;
                    }
                }
            }
        }
    }
    (agencies, interpreters)
}

/// A Poisson draw (Knuth's method, in pieces of at most 20 so `exp(-λ)` stays well away from
/// underflow for large means).
fn poisson(rng: &mut SplitMix64, lambda: f64) -> u32 {
    let mut left = lambda.max(0.0);
    let mut k = 0u32;
    while left > 0.0 {
        let part = left.min(20.0);
        left -= part;
        let limit = (-part).exp();
        let mut p = 1.0;
        loop {
            p *= (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            if p <= limit {
                break;
            }
            k += 1;
        }
    }
    k
}

/// Sampled month number `index` of `forecast` (generator seeded by `seed` and `index`):
/// requests received the month before, waiting, with modes and windows from a past request of
/// the same topic and language (else language, else the prior mix).
pub fn sample_month(forecast: &Forecast, seed: u64, index: u64) -> Vec<Request> {
    let mut rng = SplitMix64::new(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F).rotate_left(17));
    let priors = prior_templates();
    let prior_weights: Vec<u32> = priors.iter().map(|p| p.0).collect();
    let mut by_topic_lang: BTreeMap<(&str, &str), Vec<&Template>> = BTreeMap::new();
    let mut by_lang: BTreeMap<&str, Vec<&Template>> = BTreeMap::new();
    for t in &forecast.templates {
        by_topic_lang
            .entry((&t.topic, &t.language))
            .or_default()
            .push(t);
        by_lang.entry(&t.language).or_default().push(t);
    }
    let received = forecast
        .month
        .prev()
        .first_day()
        .and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default());
    let mut out = Vec::new();
    for cell in &forecast.cells {
        let n = poisson(&mut rng, cell.expected);
        for _ in 0..n {
            let pool = by_topic_lang
                .get(&(cell.topic.as_str(), cell.language.as_str()))
                .or_else(|| by_lang.get(cell.language.as_str()));
            let (modes, windows) = match pool {
                Some(p) if !p.is_empty() => {
                    let t = p[rng.below(p.len() as u64) as usize];
                    (t.modes.clone(), t.windows.clone())
                }
                _ => {
                    let (_, m, w) = &priors[rng.weighted(&prior_weights)];
                    (m.clone(), w.clone())
                }
            };
            out.push(Request {
                id: format!("S{:04}", out.len() + 1),
                received: received + TimeDelta::minutes(out.len() as i64),
                language: cell.language.clone(),
                topic: cell.topic.clone(),
                agency: cell.agency.clone(),
                modes,
                windows,
                deadline: None,
                priority: Priority::Normal,
                intake: Intake {
                    nationality: cell.nationality.clone(),
                    residence_status: cell.residence_status.clone(),
                    summary: String::new(),
                    tried: String::new(),
                },
                contact: Contact {
                    name: String::new(),
                    contact: String::new(),
                },
                status: RequestStatus::Waiting,
            });
        }
    }
    out
}

/// One simulated month's outcome.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MonthOutcome {
    pub requests: usize,
    pub placed: usize,
    /// Unplaced requests per topic.
    pub unplaced_topics: BTreeMap<String, usize>,
    /// Unplaced for want of an interpreter, per language.
    pub unplaced_interpreter: BTreeMap<String, usize>,
}

impl MonthOutcome {
    /// Placed share (1 for an empty month: nothing was left waiting).
    pub fn rate(&self) -> f64 {
        if self.requests == 0 {
            1.0
        } else {
            self.placed as f64 / self.requests as f64
        }
    }
}

/// Allocates one set of requests on the adjusted center, as `soudan allocate` would on an
/// empty month.
pub fn allocate_month(
    base: &Base,
    agencies: &[Agency],
    interpreters: &[Interpreter],
    month: Month,
    requests: Vec<Request>,
    time_limit: Option<std::time::Duration>,
) -> Result<MonthOutcome, alloc::InstanceError> {
    let input = MonthInput {
        center: base.center.clone(),
        agencies: agencies.to_vec(),
        interpreters: interpreters.to_vec(),
        requests,
        bookings: Vec::new(),
        weights: base.weights,
        open_from: None,
        pinned: Default::default(),
    };
    let plan = schedule::build(&input, month, false);
    let report = alloc::solve(
        &plan.instance,
        &SolveOptions {
            time_limit,
            ..SolveOptions::default()
        },
    )?;
    let mut out = MonthOutcome {
        requests: input.requests.len(),
        placed: report.solution.assignments.len(),
        ..MonthOutcome::default()
    };
    for u in &report.solution.unassigned {
        if let Some(r) = input.requests.iter().find(|r| r.id == u.request) {
            *out.unplaced_topics.entry(r.topic.clone()).or_default() += 1;
            if matches!(
                u.reason,
                Reason::NoInterpreterForLanguage
                    | Reason::NoInterpreterAvailable
                    | Reason::ModeNotPossible
            ) {
                *out.unplaced_interpreter
                    .entry(r.language.clone())
                    .or_default() += 1;
            }
        }
    }
    Ok(out)
}

/// The outcomes of `samples` sampled months under `adj`, in sample order, computed on up to
/// `threads` threads (the result does not depend on it).
pub fn simulate(
    base: &Base,
    forecast: &Forecast,
    adj: &Adjust,
    samples: u32,
    seed: u64,
    threads: usize,
    time_limit: Option<std::time::Duration>,
) -> Result<Vec<MonthOutcome>, alloc::InstanceError> {
    let month = forecast.month;
    let (agencies, interpreters) = apply(base, month, adj);
    let threads = threads.clamp(1, 64);
    let results: Vec<Vec<(u32, Result<MonthOutcome, alloc::InstanceError>)>> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let (agencies, interpreters) = (&agencies, &interpreters);
                    scope.spawn(move || {
                        (0..samples)
                            .filter(|i| *i as usize % threads == t)
                            .map(|i| {
                                let requests = sample_month(forecast, seed, u64::from(i));
                                (
                                    i,
                                    allocate_month(
                                        base,
                                        agencies,
                                        interpreters,
                                        month,
                                        requests,
                                        time_limit,
                                    ),
                                )
                            })
                            .collect()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
    let mut all: Vec<(u32, Result<MonthOutcome, alloc::InstanceError>)> =
        results.into_iter().flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// Summary of a placement-rate distribution.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Distribution {
    pub mean: f64,
    pub p5: f64,
    pub p10: f64,
    pub median: f64,
    pub p95: f64,
}

impl Distribution {
    /// Nearest-rank percentiles of `rates`.
    pub fn of(rates: &[f64]) -> Distribution {
        if rates.is_empty() {
            return Distribution::default();
        }
        let mut v = rates.to_vec();
        v.sort_by(f64::total_cmp);
        let q = |p: f64| {
            let rank = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
            v[rank - 1]
        };
        Distribution {
            mean: v.iter().sum::<f64>() / v.len() as f64,
            p5: q(0.05),
            p10: q(0.10),
            median: q(0.5),
            p95: q(0.95),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_mean_is_right() {
        let mut rng = SplitMix64::new(7);
        for lambda in [0.3, 4.0, 55.0] {
            let n = 4000;
            let sum: u64 = (0..n).map(|_| u64::from(poisson(&mut rng, lambda))).sum();
            let mean = sum as f64 / f64::from(n);
            assert!(
                (mean - lambda).abs() < 0.1 * lambda + 0.05,
                "{lambda}: {mean}"
            );
        }
    }

    #[test]
    fn percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        let d = Distribution::of(&v);
        assert_eq!((d.p5, d.p10, d.median, d.p95), (5.0, 10.0, 50.0, 95.0));
    }
}
