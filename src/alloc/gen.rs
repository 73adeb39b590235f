//! Synthetic instances for tests and benchmarks, reproducible from a seed.
//!
//! Shaped after a prefectural one-stop center: language demand skewed
//! towards Chinese, Nepali and Vietnamese, residence questions first, local
//! interpreters on site and remote ones in other zones (including DST zones:
//! America/New_York, Europe/Lisbon, America/Sao_Paulo, and Asia/Kathmandu at
//! +05:45) whose habitual local hours shift against Tokyo when their clocks
//! change; scarce languages with no interpreter at all; deadlines, windows,
//! named agencies and a few (sometimes stale) pins. The month is March 2027,
//! which contains the US and EU spring-forward days.

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use chrono_tz::Tz;

use super::format::{
    Agency, Assignment, Cost, INSTANCE_FORMAT, Instance, Interpreter, Mode, Request, Session,
    Window,
};
use super::rng::SplitMix64;
use super::time;

/// Instance size presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    /// ~80 requests: one month in Sendai.
    Sendai,
    /// ~300 requests.
    City,
    /// ~2,000 requests.
    Metro,
    /// ~20,000 requests, ~2,000 interpreters, ~1,500 sessions.
    National,
}

impl Scale {
    pub const ALL: [Scale; 4] = [Scale::Sendai, Scale::City, Scale::Metro, Scale::National];

    pub fn name(self) -> &'static str {
        match self {
            Scale::Sendai => "sendai",
            Scale::City => "city",
            Scale::Metro => "metro",
            Scale::National => "national",
        }
    }

    /// Number of requests of the preset.
    pub fn requests(self) -> usize {
        self.size().0
    }

    /// (requests, sessions, interpreters, regions)
    fn size(self) -> (usize, usize, usize, usize) {
        match self {
            Scale::Sendai => (80, 12, 12, 1),
            Scale::City => (300, 40, 40, 1),
            Scale::Metro => (2_000, 260, 250, 4),
            Scale::National => (20_000, 1_500, 2_000, 24),
        }
    }
}

/// Error for an unknown scale name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown scale {0:?}: expected sendai, city, metro or national")]
pub struct ScaleError(pub String);

impl std::str::FromStr for Scale {
    type Err = ScaleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sendai" => Ok(Scale::Sendai),
            "city" => Ok(Scale::City),
            "metro" => Ok(Scale::Metro),
            "national" => Ok(Scale::National),
            _ => Err(ScaleError(s.to_string())),
        }
    }
}

impl std::fmt::Display for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Language codes with demand weights (per mille), in order of demand.
const LANGS: &[(&str, u32)] = &[
    ("zh", 200),
    ("ne", 140),
    ("vi", 140),
    ("en", 70),
    ("ko", 50),
    ("tl", 50),
    ("id", 45),
    ("my", 45),
    ("pt", 35),
    ("es", 30),
    ("th", 20),
    ("si", 20),
    ("bn", 15),
    ("mn", 10),
    ("km", 10),
    ("ru", 10),
    ("uk", 10),
    ("fr", 6),
    ("hi", 6),
    ("ur", 5),
    ("fa", 4),
    ("ar", 4),
    ("tr", 3),
    ("ja", 40),
];

/// Topics with demand weights, residence first.
const TOPICS: &[(&str, u32)] = &[
    ("residence", 300),
    ("labor", 120),
    ("legal", 80),
    ("family", 80),
    ("tax", 70),
    ("welfare", 70),
    ("pension", 60),
    ("childcare", 50),
    ("housing", 50),
    ("education", 40),
    ("medical", 40),
    ("consumer", 40),
];

/// Agency kinds: id, topics, languages spoken by its specialists, session share.
const AGENCIES: &[(&str, &[&str], &[&str], u32)] = &[
    ("immigration", &["residence"], &["ja", "en"], 30),
    ("labor", &["labor"], &["ja"], 12),
    ("bar", &["legal", "family", "consumer"], &["ja", "en"], 15),
    ("tax", &["tax"], &["ja"], 7),
    ("pension", &["pension", "welfare"], &["ja"], 7),
    (
        "cityhall",
        &["welfare", "childcare", "housing", "education"],
        &["ja"],
        14,
    ),
    ("health", &["medical"], &["ja", "en"], 5),
    ("consumer", &["consumer", "housing"], &["ja"], 5),
    ("school", &["education", "childcare"], &["ja", "zh"], 5),
];

/// Remote zones (and local clock hour at which their availability starts,
/// chosen to overlap Tokyo office hours).
const REMOTE: &[(&str, u32)] = &[
    ("Asia/Kathmandu", 6),
    ("America/New_York", 20),
    ("Europe/Lisbon", 1),
    ("America/Sao_Paulo", 21),
    ("Asia/Manila", 8),
    ("Asia/Ho_Chi_Minh", 7),
    ("Asia/Shanghai", 8),
];

const MONTH: (i32, u32) = (2027, 3);

fn pick<'a, T>(rng: &mut SplitMix64, xs: &'a [T]) -> &'a T {
    &xs[rng.below(xs.len() as u64) as usize]
}

fn lang_weights() -> Vec<u32> {
    LANGS.iter().map(|l| l.1).collect()
}

fn fmt(d: NaiveDate, h: u32, m: u32) -> String {
    format!("{}T{:02}:{:02}:00", d.format("%Y-%m-%d"), h, m)
}

/// Generates an instance of the given scale; the same (scale, seed) always
/// gives the same instance.
pub fn generate(scale: Scale, seed: u64) -> Instance {
    let mut rng = SplitMix64::new(seed ^ 0x5EED_50DA_u64.wrapping_mul(scale as u64 + 1));
    let (n_req, n_sess, n_int, regions) = scale.size();
    let tokyo: Tz = chrono_tz::Asia::Tokyo;
    let first = NaiveDate::from_ymd_opt(MONTH.0, MONTH.1, 1).unwrap_or_default();
    let days: Vec<NaiveDate> = (0..31)
        .filter_map(|k| first.checked_add_signed(TimeDelta::days(k)))
        .filter(|d| d.month() == MONTH.1 && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect();

    // Agencies: one per kind and region.
    let mut agencies = Vec::new();
    let mut agency_share = Vec::new();
    for r in 0..regions {
        for (id, topics, langs, share) in AGENCIES {
            let id = if regions == 1 {
                (*id).to_string()
            } else {
                format!("{id}-{r:02}")
            };
            agencies.push(Agency {
                id,
                topics: topics.iter().map(|t| t.to_string()).collect(),
                languages: langs.iter().map(|t| t.to_string()).collect(),
            });
            agency_share.push(*share);
        }
    }
    let region_of = |a: usize| a / AGENCIES.len();

    // Sessions.
    let mut sessions = Vec::new();
    let mut sess_agency = Vec::new();
    for n in 0..n_sess {
        let a = rng.weighted(&agency_share);
        let d = *pick(&mut rng, &days);
        let (h, m) = *pick(&mut rng, &[(9, 30), (10, 0), (13, 0), (13, 30)]);
        let slot = *pick(&mut rng, &[30u32, 45, 45, 60]);
        let n_slots = rng.range(3, 5) as u32;
        let start = d.and_hms_opt(h, m, 0).unwrap_or_default();
        let end = start + TimeDelta::minutes(i64::from(slot * n_slots));
        let modes = if rng.chance(0.7) {
            vec![Mode::InPerson, Mode::Video, Mode::Phone]
        } else {
            vec![Mode::InPerson, Mode::Video]
        };
        sessions.push(Session {
            id: format!("{}-{}-{n:04}", agencies[a].id, d.format("%Y-%m-%d")),
            agency: agencies[a].id.clone(),
            start: start.format("%Y-%m-%dT%H:%M:%S").to_string(),
            end: end.format("%Y-%m-%dT%H:%M:%S").to_string(),
            slot_minutes: slot,
            booths: rng.range(1, 3) as u32,
            modes,
        });
        sess_agency.push(a);
    }

    // Interpreters. Scarce languages (weight <= 6) get few or none.
    let lw = lang_weights();
    let mut interpreters = Vec::new();
    let mut n_remote = 0usize;
    for n in 0..n_int {
        let mut l = rng.weighted(&lw);
        if LANGS[l].0 == "ja" || (LANGS[l].1 <= 6 && rng.chance(0.7)) {
            l = rng.weighted(&lw[..3]);
        }
        let mut languages = vec![LANGS[l].0.to_string()];
        if rng.chance(0.25) {
            let l2 = rng.weighted(&lw[..LANGS.len() - 1]);
            if l2 != l {
                languages.push(LANGS[l2].0.to_string());
            }
        }
        let remote = rng.chance(0.4);
        let (tz_name, base_hour, modes) = if remote {
            // Cycle through the zones so that every scale has each of them.
            let (z, h) = REMOTE[n_remote % REMOTE.len()];
            n_remote += 1;
            (z, h, vec![Mode::Video, Mode::Phone])
        } else {
            let h = *pick(&mut rng, &[9u32, 9, 10, 12, 13]);
            let modes = if rng.chance(0.8) {
                vec![Mode::InPerson, Mode::Video, Mode::Phone]
            } else {
                vec![Mode::InPerson]
            };
            ("Asia/Tokyo", h, modes)
        };
        let tz: Tz = tz_name.parse().unwrap_or(tokyo);
        let n_days = rng.range(3, 8) as usize;
        let mut availability = Vec::new();
        let mut used = Vec::new();
        for _ in 0..n_days {
            let d = *pick(&mut rng, &days);
            if used.contains(&d) {
                continue;
            }
            used.push(d);
            // The Tokyo date `d` at ~office hours, seen from the interpreter's
            // zone: the local date may be the previous day.
            let tokyo_noon = time::instant(tokyo, &fmt(d, 12, 0)).unwrap_or(0);
            let local_noon = time::format_local(tz, tokyo_noon);
            let ld = NaiveDate::parse_from_str(local_noon.get(..10).unwrap_or(""), "%Y-%m-%d")
                .unwrap_or(d);
            let ld = if remote && base_hour >= 19 {
                ld.pred_opt().unwrap_or(ld)
            } else {
                ld
            };
            let len_h = rng.range(3, 5) as u32;
            let start_h = base_hour + rng.below(2) as u32;
            let a = ld.and_hms_opt(start_h, 0, 0).unwrap_or_default();
            let b = a + TimeDelta::hours(i64::from(len_h)) + TimeDelta::minutes(30);
            if rng.chance(0.15) {
                // Two adjacent windows (not merged by the rules).
                let mid = a + TimeDelta::hours(2);
                availability.push(Window {
                    start: a.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    end: mid.format("%Y-%m-%dT%H:%M:%S").to_string(),
                });
                availability.push(Window {
                    start: mid.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    end: b.format("%Y-%m-%dT%H:%M:%S").to_string(),
                });
            } else {
                availability.push(Window {
                    start: a.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    end: b.format("%Y-%m-%dT%H:%M:%S").to_string(),
                });
            }
        }
        let cost = if remote {
            Cost {
                in_person: 0,
                video: rng.range(2, 4),
                phone: rng.range(1, 2),
            }
        } else {
            Cost {
                in_person: rng.range(3, 5),
                video: rng.range(2, 3),
                phone: 1,
            }
        };
        interpreters.push(Interpreter {
            id: format!("{}-{n:04}", languages[0]),
            languages,
            modes,
            timezone: tz_name.to_string(),
            availability,
            max_per_day: if rng.chance(0.5) {
                Some(rng.range(2, 5) as u32)
            } else {
                None
            },
            cost,
        });
    }

    // Requests.
    let tw: Vec<u32> = TOPICS.iter().map(|t| t.1).collect();
    let named_p = match scale {
        Scale::Sendai => 0.15,
        Scale::City => 0.2,
        Scale::Metro => 0.6,
        // Nationally every request is routed to its regional branch.
        Scale::National => 1.0,
    };
    let mut requests = Vec::new();
    for n in 0..n_req {
        let lang = LANGS[rng.weighted(&lw)].0;
        let topic = TOPICS[rng.weighted(&tw)].0;
        let region = rng.below(regions as u64) as usize;
        let agency = if rng.chance(named_p) {
            let cands: Vec<usize> = (0..agencies.len())
                .filter(|&a| {
                    region_of(a) == region && agencies[a].topics.iter().any(|t| t == topic)
                })
                .collect();
            if cands.is_empty() {
                None
            } else {
                Some(agencies[*pick(&mut rng, &cands)].id.clone())
            }
        } else {
            None
        };
        let modes = match rng.below(10) {
            0 | 1 => vec![Mode::InPerson],
            2 => vec![Mode::Video, Mode::Phone],
            3 => vec![Mode::Phone],
            _ => vec![Mode::InPerson, Mode::Video, Mode::Phone],
        };
        let windows = if rng.chance(0.35) {
            let k = rng.range(2, 8);
            let mut ws = Vec::new();
            for _ in 0..k {
                let d = *pick(&mut rng, &days);
                let (a, b) = if rng.chance(0.5) { (9, 13) } else { (12, 18) };
                ws.push(Window {
                    start: fmt(d, a, 0),
                    end: fmt(d, b, 0),
                });
            }
            Some(ws)
        } else if rng.chance(0.01) {
            Some(Vec::new())
        } else {
            None
        };
        let deadline = if rng.chance(0.3) {
            let d = *pick(&mut rng, &days);
            Some(fmt(d, 0, 0))
        } else {
            None
        };
        let mut weight = *pick(&mut rng, &[1i64, 2, 3, 3, 5, 5, 8, 10]);
        if deadline.is_some() && topic == "residence" {
            weight *= 3;
        }
        requests.push(Request {
            id: format!("R-{n:05}"),
            language: lang.to_string(),
            topic: topic.to_string(),
            agency,
            modes,
            windows,
            deadline,
            weight,
        });
    }

    // Pins: ~3% of requests, some stale (unknown session, wrong slot).
    let mut pinned = Vec::new();
    let n_pins = n_req / 33;
    for _ in 0..n_pins {
        let r = rng.below(n_req as u64) as usize;
        let rq = &requests[r];
        let cands: Vec<usize> = (0..sessions.len())
            .filter(|&s| {
                let a = &agencies[sess_agency[s]];
                a.topics.contains(&rq.topic) && rq.agency.as_ref().is_none_or(|x| *x == a.id)
            })
            .collect();
        if cands.is_empty() {
            continue;
        }
        let s = *pick(&mut rng, &cands);
        let a = &agencies[sess_agency[s]];
        let need = rq.language != "ja" && !a.languages.contains(&rq.language);
        let (interpreter, mode) = if need {
            let speakers: Vec<&Interpreter> = interpreters
                .iter()
                .filter(|i| i.languages.contains(&rq.language))
                .collect();
            if speakers.is_empty() {
                continue;
            }
            let i = *pick(&mut rng, &speakers);
            (Some(i.id.clone()), i.modes.first().copied())
        } else {
            (None, None)
        };
        let session = if rng.chance(0.1) {
            format!("{}-cancelled", sessions[s].id)
        } else {
            sessions[s].id.clone()
        };
        pinned.push(Assignment {
            request: rq.id.clone(),
            session,
            slot: rng.range(0, 2),
            interpreter,
            mode,
        });
    }

    Instance {
        format: INSTANCE_FORMAT.to_string(),
        month: format!("{:04}-{:02}", MONTH.0, MONTH.1),
        timezone: "Asia/Tokyo".to_string(),
        center_languages: vec!["ja".to_string()],
        agencies,
        sessions,
        interpreters,
        requests,
        pinned,
    }
}
