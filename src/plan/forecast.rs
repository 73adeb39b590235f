//! The demand forecast: expected requests for a month per (topic, agency asked for,
//! residence status, language), from the center's own history blended with priors drawn
//! from the regional profile.
//!
//! Why a blend: a new center has no history, and a profile alone only says who lives in the
//! region; an established one knows its own rates far better than any table. The weight of
//! the history grows with the months it covers, `w = h / (h + BLEND_MONTHS)` (`docs/plan.md`),
//! so six months of history count as much as the priors and two years dominate them.

use super::profile::{AgeBand, Profile};
use crate::model::{Mode, Month, Request, RequestWindow};
use chrono::{Datelike, Weekday};
use serde::Serialize;
use std::collections::BTreeMap;

/// Months of history that weigh as much as the priors.
pub const BLEND_MONTHS: f64 = 6.0;
/// Months of history read at most (older months describe another population).
pub const MAX_HISTORY_MONTHS: u32 = 24;
/// Months of history needed before seasonality is taken from the history itself.
pub const SEASONAL_MONTHS: u32 = 12;

/// Prior rates: consultations at specialist days per 1,000 residents of a status per month,
/// by topic (the Sendai topic vocabulary). Documented and justified in `docs/plan.md`.
pub const PRIORS: &[(&str, &[(&str, f64)])] = &[
    (
        "留学",
        &[
            ("residence", 3.0),
            ("labour", 0.6),
            ("housing", 0.4),
            ("tax", 0.3),
            ("pension", 0.3),
            ("debt", 0.2),
            ("accident", 0.1),
        ],
    ),
    (
        "永住者",
        &[
            ("residence", 1.2),
            ("naturalization", 1.5),
            ("family", 1.0),
            ("debt", 0.4),
            ("accident", 0.3),
            ("housing", 0.3),
            ("tax", 0.6),
            ("business", 0.3),
            ("pension", 0.5),
        ],
    ),
    (
        "技能実習",
        &[
            ("labour", 3.0),
            ("residence", 1.5),
            ("pension", 0.8),
            ("tax", 0.3),
            ("accident", 0.3),
            ("debt", 0.2),
        ],
    ),
    (
        "特定技能",
        &[
            ("residence", 3.0),
            ("labour", 2.5),
            ("pension", 0.5),
            ("tax", 0.3),
        ],
    ),
    (
        "技術・人文知識・国際業務",
        &[
            ("residence", 2.5),
            ("labour", 1.0),
            ("tax", 1.0),
            ("business", 0.5),
            ("pension", 0.6),
            ("housing", 0.3),
            ("family", 0.3),
        ],
    ),
    (
        "家族滞在",
        &[("residence", 3.0), ("family", 0.5), ("labour", 0.3)],
    ),
    (
        "日本人の配偶者等",
        &[
            ("residence", 2.0),
            ("family", 3.0),
            ("naturalization", 0.5),
            ("debt", 0.3),
        ],
    ),
    (
        "定住者",
        &[
            ("residence", 1.5),
            ("family", 1.0),
            ("labour", 0.8),
            ("debt", 0.5),
            ("pension", 0.3),
        ],
    ),
    (
        "特別永住者",
        &[
            ("naturalization", 0.5),
            ("family", 0.3),
            ("pension", 0.5),
            ("tax", 0.3),
        ],
    ),
    (
        "経営・管理",
        &[
            ("business", 5.0),
            ("tax", 3.0),
            ("residence", 3.0),
            ("labour", 0.5),
        ],
    ),
    (
        "技能",
        &[
            ("residence", 2.0),
            ("labour", 1.5),
            ("business", 0.5),
            ("tax", 0.5),
        ],
    ),
];

/// Rates for any status not in [`PRIORS`].
pub const OTHER_PRIOR: &[(&str, f64)] = &[
    ("residence", 1.5),
    ("family", 0.5),
    ("labour", 0.5),
    ("tax", 0.3),
];

/// The prior rates of a residence status.
pub fn prior_rates(status: &str) -> &'static [(&'static str, f64)] {
    PRIORS
        .iter()
        .find(|(s, _)| *s == status)
        .map_or(OTHER_PRIOR, |(_, r)| r)
}

/// How the age band changes a prior rate: children rarely consult themselves (their parents
/// do, counted under the parents' status), pensions concern older residents, work questions
/// fade after 65.
pub fn age_factor(band: AgeBand, topic: &str) -> f64 {
    if band.below(15) {
        return 0.1;
    }
    match topic {
        "pension" if band.from_age(50) => 2.0,
        "labour" if band.from_age(65) => 0.3,
        _ => 1.0,
    }
}

/// Prior seasonality by calendar month (1-12): residence permits are renewed and changed
/// around the school and fiscal year (March, April); income tax returns are due in
/// February-March (確定申告). Used for the prior part only; history of at least
/// [`SEASONAL_MONTHS`] brings its own.
pub fn prior_season(topic: &str, month: u32) -> f64 {
    match (topic, month) {
        ("residence", 3) => 1.4,
        ("residence", 4) => 1.3,
        ("tax", 2) => 1.6,
        ("tax", 3) => 1.5,
        _ => 1.0,
    }
}

/// The language residents of a nationality are assumed to consult in (without history).
/// Nationalities without a listed language consult in English (documented in `docs/plan.md`).
pub fn language_of(nationality: &str) -> &'static str {
    match nationality {
        "CN" | "TW" | "HK" | "SG" => "zh",
        "NP" => "ne",
        "VN" => "vi",
        "KR" | "KP" => "ko",
        "PH" => "tl",
        "ID" => "id",
        "MM" => "my",
        "BR" | "PT" => "pt",
        "PE" | "ES" | "MX" | "BO" | "AR" | "CO" => "es",
        "TH" => "th",
        _ => "en",
    }
}

/// One forecast cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub topic: String,
    /// The agency residents asked for by name (from history); `None`: any agency for the topic.
    pub agency: Option<String>,
    pub residence_status: String,
    pub nationality: String,
    pub language: String,
    /// Expected requests in the month.
    pub expected: f64,
}

/// What a sampled request looks like besides its cell: which modes it accepts and when the
/// resident can come. Taken from past requests of the same topic and language (bootstrap),
/// else from [`prior_templates`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Template {
    pub topic: String,
    pub language: String,
    pub modes: Vec<Mode>,
    /// Weekly windows only (a past date says nothing about another month): a past date
    /// window becomes its weekday.
    pub windows: Option<Vec<RequestWindow>>,
}

/// The prior mix of modes and windows, with weights in percent (`docs/plan.md`).
pub fn prior_templates() -> Vec<(u32, Vec<Mode>, Option<Vec<RequestWindow>>)> {
    let any = vec![Mode::InPerson, Mode::Video, Mode::Phone];
    let weekend = Some(vec![
        RequestWindow::Weekly {
            day: Weekday::Sat,
            times: None,
        },
        RequestWindow::Weekly {
            day: Weekday::Sun,
            times: None,
        },
    ]);
    vec![
        (30, any.clone(), None),
        (20, any.clone(), weekend.clone()),
        (25, vec![Mode::InPerson], None),
        (15, vec![Mode::InPerson], weekend),
        (10, vec![Mode::Video, Mode::Phone], None),
    ]
}

/// Past demand, as the store holds it: requests with the month they asked for.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// (demand month, request). The demand month of a request is the month of its booking,
    /// else the month after it was received (intake runs ahead of the consultation days).
    pub requests: Vec<(Month, Request)>,
}

/// The forecast of one month.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    pub month: Month,
    pub cells: Vec<Cell>,
    pub templates: Vec<Template>,
    /// Months of history used (0..=24).
    pub history_months: u32,
    /// Weight of the history in the blend (0 = priors only).
    pub history_weight: f64,
    /// Whether seasonality came from the history (else from the priors).
    pub seasonal_from_history: bool,
}

impl Forecast {
    pub fn total(&self) -> f64 {
        self.cells.iter().map(|c| c.expected).sum()
    }
}

fn month_index(m: Month) -> i64 {
    i64::from(m.year) * 12 + i64::from(m.month) - 1
}

/// Forecasts `month` from `history` and `profile`.
pub fn forecast(month: Month, profile: &Profile, history: &History) -> Forecast {
    let target = month_index(month);
    // History months: from the first demand month seen (at most 24 back) to the month before.
    let past: Vec<&(Month, Request)> = history
        .requests
        .iter()
        .filter(|(m, _)| {
            let i = month_index(*m);
            i < target && i >= target - i64::from(MAX_HISTORY_MONTHS)
        })
        .collect();
    let first = past.iter().map(|(m, _)| month_index(*m)).min();
    let h = first.map_or(0, |f| {
        (target - f).clamp(0, i64::from(MAX_HISTORY_MONTHS)) as u32
    });
    let w = f64::from(h) / (f64::from(h) + BLEND_MONTHS);

    // Seasonality from history (per topic, shrunk towards 1 by two "average" months).
    let seasonal_from_history = h >= SEASONAL_MONTHS;
    let mut season_hist: BTreeMap<String, f64> = BTreeMap::new();
    if seasonal_from_history {
        let mut per_topic: BTreeMap<&str, (f64, f64, f64)> = BTreeMap::new();
        let same_years = (0..h)
            .filter(|k| (target - 1 - i64::from(*k)).rem_euclid(12) == target.rem_euclid(12))
            .count() as f64;
        for (m, r) in &past {
            let e = per_topic.entry(r.topic.as_str()).or_default();
            e.0 += 1.0;
            if month_index(*m).rem_euclid(12) == target.rem_euclid(12) {
                e.1 += 1.0;
            }
        }
        for (t, e) in per_topic.iter_mut() {
            let mean = e.0 / f64::from(h);
            e.2 = if mean > 0.0 {
                (e.1 + 2.0 * mean) / ((same_years + 2.0) * mean)
            } else {
                1.0
            };
            season_hist.insert((*t).to_string(), e.2);
        }
    }

    let mut cells: BTreeMap<(String, Option<String>, String, String, String), f64> =
        BTreeMap::new();
    if h > 0 {
        for (_, r) in &past {
            let key = (
                r.topic.clone(),
                r.agency.clone(),
                r.intake.residence_status.clone(),
                r.intake.nationality.clone(),
                r.language.clone(),
            );
            let s = season_hist.get(&r.topic).copied().unwrap_or(1.0);
            *cells.entry(key).or_default() += w * s / f64::from(h);
        }
    }
    for row in &profile.rows {
        for (topic, rate) in prior_rates(&row.residence_status) {
            let lambda = f64::from(row.residents) * rate / 1000.0
                * age_factor(row.age_band, topic)
                * prior_season(topic, month.month);
            if lambda <= 0.0 {
                continue;
            }
            let key = (
                (*topic).to_string(),
                None,
                row.residence_status.clone(),
                row.nationality.clone(),
                language_of(&row.nationality).to_string(),
            );
            *cells.entry(key).or_default() += (1.0 - w) * lambda;
        }
    }
    let cells = cells
        .into_iter()
        .filter(|(_, e)| *e > 1e-9)
        .map(
            |((topic, agency, residence_status, nationality, language), expected)| Cell {
                topic,
                agency,
                residence_status,
                nationality,
                language,
                expected,
            },
        )
        .collect();
    let templates = past
        .iter()
        .map(|(_, r)| Template {
            topic: r.topic.clone(),
            language: r.language.clone(),
            modes: r.modes.clone(),
            windows: r.windows.as_ref().map(|ws| {
                ws.iter()
                    .map(|w| match *w {
                        RequestWindow::Date { date, times } => RequestWindow::Weekly {
                            day: date.weekday(),
                            times,
                        },
                        ref weekly => weekly.clone(),
                    })
                    .collect()
            }),
        })
        .collect();
    Forecast {
        month,
        cells,
        templates,
        history_months: h,
        history_weight: w,
        seasonal_from_history,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sendai_priors_give_a_plausible_month() {
        let p = Profile::sendai();
        let m = Month::new(2026, 12).unwrap();
        let f = forecast(m, &p, &History::default());
        // About 5 consultations per 1,000 residents a month: near the 70 places Sendai offers.
        assert!(f.total() > 50.0 && f.total() < 110.0, "{}", f.total());
        assert_eq!(f.history_weight, 0.0);
        let march = forecast(Month::new(2027, 3).unwrap(), &p, &History::default());
        let res = |f: &Forecast| -> f64 {
            f.cells
                .iter()
                .filter(|c| c.topic == "residence")
                .map(|c| c.expected)
                .sum()
        };
        assert!(res(&march) > res(&f) * 1.3);
    }

    #[test]
    fn doubling_nepali_students_raises_nepali_residence_demand() {
        let p = Profile::sendai();
        let m = Month::new(2026, 12).unwrap();
        let ne = |f: &Forecast| -> f64 {
            f.cells
                .iter()
                .filter(|c| c.language == "ne")
                .map(|c| c.expected)
                .sum()
        };
        let a = forecast(m, &p, &History::default());
        let b = forecast(m, &p.scaled("NP", "留学", 2.0), &History::default());
        assert!(ne(&b) > ne(&a) * 1.3);
    }
}
