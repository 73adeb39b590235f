//! A second, deliberately different instance generator with knobs, for seeded sweeps that
//! look for hard months before users do (issue 12).
//!
//! [`super::gen::generate`] draws months of one shape (the Sendai sample's); the allocator
//! was tuned on them and they say little about other shapes. This generator varies what
//! made an independent generator's months hard: weight spread (1-100, driven by the
//! deadline), slot grids mixing 30/45/60 minutes whose sessions overlap in time, 1-4 booths,
//! interpreter scarcity per language, interpreters in DST zones whose clocks change inside
//! the month, and pins that conflict, are stale (cancelled session, slot out of range) or
//! name an interpreter without the language. Every knob can be switched on alone (for a
//! per-knob table) or all together; the same (size, seed, knobs) gives the same month.

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

use super::format::{
    Agency, Assignment, Cost, INSTANCE_FORMAT, Instance, Interpreter, Mode, Request, Session,
    Window,
};
use super::rng::SplitMix64;

/// What a sweep month varies. `Knobs::default()` is a plain month (narrow weights, 45-minute
/// grid, 2 booths, enough interpreters, Tokyo only, clean pins).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Knobs {
    /// Weights 1-100, higher for earlier deadlines (few ties), instead of 1-10.
    pub weight_spread: bool,
    /// Slot lengths of 30, 45 and 60 minutes, with sessions of one day overlapping in time.
    pub mixed_grids: bool,
    /// 1-4 booths per session instead of 2.
    pub booths: bool,
    /// Interpreters per language drawn scarce (some languages with one or none).
    pub scarce: bool,
    /// Remote interpreters in New York and Lisbon (fixed local hours), month March 2027 so
    /// both clocks change inside it.
    pub dst: bool,
    /// Pins: conflicting (two per request, two per interpreter time), stale (unknown
    /// session, slot out of range) and naming an interpreter without the language.
    pub bad_pins: bool,
}

impl Knobs {
    /// Every knob on.
    pub const ALL: Knobs = Knobs {
        weight_spread: true,
        mixed_grids: true,
        booths: true,
        scarce: true,
        dst: true,
        bad_pins: true,
    };

    /// The named presets of a per-knob sweep table: none, each knob alone, all.
    pub fn presets() -> Vec<(&'static str, Knobs)> {
        let one = |f: fn(&mut Knobs)| {
            let mut k = Knobs::default();
            f(&mut k);
            k
        };
        vec![
            ("plain", Knobs::default()),
            ("spread", one(|k| k.weight_spread = true)),
            ("grids", one(|k| k.mixed_grids = true)),
            ("booths", one(|k| k.booths = true)),
            ("scarce", one(|k| k.scarce = true)),
            ("dst", one(|k| k.dst = true)),
            ("pins", one(|k| k.bad_pins = true)),
            ("all", Knobs::ALL),
        ]
    }

    /// A random mix of knobs (each on with probability 1/2), for sweeps "across all knobs".
    pub fn random(seed: u64) -> Knobs {
        let mut rng = SplitMix64::new(seed ^ 0xC0FF_EE00_u64);
        Knobs {
            weight_spread: rng.chance(0.5),
            mixed_grids: rng.chance(0.5),
            booths: rng.chance(0.5),
            scarce: rng.chance(0.5),
            dst: rng.chance(0.5),
            bad_pins: rng.chance(0.5),
        }
    }
}

const LANGS: &[&str] = &["zh", "ne", "vi", "en", "ko", "tl", "id", "pt", "es", "th"];
const AGENCIES: &[(&str, &[&str], &[&str])] = &[
    ("immigration", &["residence"], &["ja", "en"]),
    ("labor", &["labor"], &["ja"]),
    ("bar", &["legal", "family"], &["ja", "en"]),
    ("cityhall", &["welfare", "housing", "childcare"], &["ja"]),
    ("tax", &["tax", "pension"], &["ja"]),
];

fn fmt(d: NaiveDate, minutes: i64) -> String {
    let t = d.and_hms_opt(0, 0, 0).unwrap_or_default() + TimeDelta::minutes(minutes);
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Generates a month of about `n_req` requests with the given knobs.
pub fn generate_knobs(n_req: usize, seed: u64, k: Knobs) -> Instance {
    let mut rng = SplitMix64::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x0053_5745_4550_u64);
    let (year, month) = if k.dst { (2027, 3) } else { (2026, 12) };
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let days: Vec<NaiveDate> = (0..31)
        .filter_map(|x| first.checked_add_signed(TimeDelta::days(x)))
        .filter(|d| d.month() == month && !matches!(d.weekday(), Weekday::Sun))
        .collect();
    let agencies: Vec<Agency> = AGENCIES
        .iter()
        .map(|(id, t, l)| Agency {
            id: (*id).into(),
            topics: t.iter().map(|x| (*x).into()).collect(),
            languages: l.iter().map(|x| (*x).into()).collect(),
        })
        .collect();
    let topics: Vec<&str> = AGENCIES.iter().flat_map(|a| a.1.iter().copied()).collect();

    // Sessions: about one per 9 requests, a few per chosen day, overlapping when the grids mix.
    let n_sess = (n_req / 9).max(2);
    let mut sessions = Vec::new();
    for s in 0..n_sess {
        let d = days[rng.below(days.len() as u64) as usize];
        let a = rng.below(AGENCIES.len() as u64) as usize;
        let slot = if k.mixed_grids {
            [30, 45, 60][rng.below(3) as usize]
        } else {
            45
        };
        // Start on a 15-minute (mixed) or hour grid, 09:00-17:00 local.
        let start = if k.mixed_grids {
            9 * 60 + 15 * rng.range(0, 28)
        } else {
            [9 * 60, 13 * 60, 17 * 60][rng.below(3) as usize]
        };
        let len = slot * rng.range(3, 5);
        let booths = if k.booths { rng.range(1, 4) } else { 2 } as u32;
        let mut modes = vec![Mode::InPerson];
        if rng.chance(0.8) {
            modes.push(Mode::Video);
        }
        if rng.chance(0.6) {
            modes.push(Mode::Phone);
        }
        sessions.push(Session {
            id: format!("S{s:03}-{}", AGENCIES[a].0),
            agency: AGENCIES[a].0.into(),
            start: fmt(d, start),
            end: fmt(d, start + len),
            slot_minutes: slot as u32,
            booths,
            modes,
        });
    }

    // Languages in use grow with the month (tiny months stay small enough for an
    // exhaustive oracle).
    let langs = &LANGS[..(n_req / 6).clamp(2, LANGS.len())];
    // Interpreters: per language a count (scarce: 0-2, else 1-4), local or remote.
    let mut interpreters = Vec::new();
    for (li, lang) in langs.iter().enumerate() {
        let n = if k.scarce {
            rng.range(0, 2)
        } else {
            rng.range(1, 4)
        };
        for x in 0..n {
            let remote = k.dst && rng.chance(0.5);
            let (zone, h0) = if remote {
                // Local evening in New York / night in Lisbon overlaps Tokyo's day; the
                // overlap moves by an hour when their clocks change.
                if rng.chance(0.5) {
                    ("America/New_York", 19 * 60)
                } else {
                    ("Europe/Lisbon", 60)
                }
            } else {
                ("Asia/Tokyo", 9 * 60)
            };
            let mut availability = Vec::new();
            for d in &days {
                if rng.chance(0.6) {
                    // Remote: the local date before the Tokyo day (the zones are behind).
                    let ld = if remote {
                        d.pred_opt().unwrap_or(*d)
                    } else {
                        *d
                    };
                    let from = h0 + 30 * rng.range(0, 4);
                    let to = from + 60 * rng.range(4, 9);
                    availability.push(Window {
                        start: fmt(ld, from),
                        end: fmt(ld, to),
                    });
                }
            }
            let mut modes = vec![Mode::Video, Mode::Phone];
            if !remote {
                modes.push(Mode::InPerson);
            }
            let second = langs[(li + 1 + rng.below(langs.len() as u64 - 1) as usize) % langs.len()];
            let mut languages = vec![(*lang).to_string()];
            if rng.chance(0.3) {
                languages.push(second.to_string());
            }
            interpreters.push(Interpreter {
                id: format!("{lang}-{x:02}"),
                languages,
                modes,
                timezone: zone.into(),
                availability,
                max_per_day: if rng.chance(0.5) {
                    Some(rng.range(2, 5) as u32)
                } else {
                    None
                },
                cost: Cost {
                    in_person: rng.range(1, 6),
                    video: rng.range(1, 4),
                    phone: rng.range(0, 2),
                },
            });
        }
    }

    // Requests.
    let mut requests = Vec::new();
    for r in 0..n_req {
        let lang = if rng.chance(0.25) {
            "ja"
        } else {
            langs[rng.below(langs.len() as u64) as usize]
        };
        let topic = topics[rng.below(topics.len() as u64) as usize];
        let dl_day = rng.range(5, 31);
        let deadline = if rng.chance(0.6) {
            let d = first + TimeDelta::days(dl_day);
            Some(fmt(d, 0))
        } else {
            None
        };
        let weight = if k.weight_spread {
            // Urgent (early deadline) requests weigh most; noise keeps ties rare.
            let urgency = if deadline.is_some() { 31 - dl_day } else { 0 };
            (urgency * 3 + rng.range(1, 10)).clamp(1, 100)
        } else {
            rng.range(1, 10)
        };
        let windows = if rng.chance(0.3) {
            let d0 = rng.range(0, 20);
            Some(vec![Window {
                start: fmt(first + TimeDelta::days(d0), 0),
                end: fmt(first + TimeDelta::days(d0 + rng.range(3, 12)), 0),
            }])
        } else {
            None
        };
        let mut modes = vec![Mode::InPerson];
        if rng.chance(0.7) {
            modes.push(Mode::Video);
        }
        if rng.chance(0.5) {
            modes.push(Mode::Phone);
        }
        requests.push(Request {
            id: format!("R-{r:04}"),
            language: lang.into(),
            topic: topic.into(),
            agency: None,
            modes,
            windows,
            deadline,
            weight,
        });
    }

    let mut inst = Instance {
        format: INSTANCE_FORMAT.into(),
        month: format!("{year}-{month:02}"),
        timezone: "Asia/Tokyo".into(),
        center_languages: vec!["ja".into()],
        agencies,
        sessions,
        interpreters,
        requests,
        pinned: Vec::new(),
    };
    add_pins(&mut inst, &mut rng, k.bad_pins);
    inst
}

/// A few plausible pins (request → some session slot of its topic, any interpreter of the
/// language), plus, with `bad`, every kind of broken pin.
fn add_pins(inst: &mut Instance, rng: &mut SplitMix64, bad: bool) {
    if inst.requests.is_empty() {
        return;
    }
    let n = (inst.requests.len() / 15).max(1);
    let mut pins = Vec::new();
    for _ in 0..n {
        let r = &inst.requests[rng.below(inst.requests.len() as u64) as usize];
        let Some(s) = inst.sessions.iter().find(|s| {
            AGENCIES
                .iter()
                .any(|a| a.0 == s.agency && a.1.contains(&r.topic.as_str()))
        }) else {
            continue;
        };
        let needs = r.language != "ja"
            && !AGENCIES
                .iter()
                .any(|a| a.0 == s.agency && a.2.contains(&r.language.as_str()));
        let interp = if needs {
            inst.interpreters
                .iter()
                .find(|i| i.languages.contains(&r.language))
                .map(|i| i.id.clone())
        } else {
            None
        };
        pins.push(Assignment {
            request: r.id.clone(),
            session: s.id.clone(),
            slot: rng.range(0, 2),
            interpreter: interp.clone(),
            mode: interp.map(|_| Mode::Video),
        });
    }
    if bad && !pins.is_empty() {
        // Conflicting: the same request pinned twice, on two slots each valid alone (a
        // request in the center's language, without deadline or windows).
        let serves = |s: &Session, topic: &str| {
            AGENCIES
                .iter()
                .any(|a| a.0 == s.agency && a.1.contains(&topic))
        };
        if let Some(r) = inst
            .requests
            .iter()
            .find(|r| r.language == "ja" && r.deadline.is_none() && r.windows.is_none())
            && let Some(s) = inst.sessions.iter().find(|s| serves(s, &r.topic))
        {
            for slot in 0..2 {
                pins.push(Assignment {
                    request: r.id.clone(),
                    session: s.id.clone(),
                    slot,
                    interpreter: None,
                    mode: None,
                });
            }
        }
        // Conflicting: another request on the same interpreter at the same time.
        if let Some(p) = pins.iter().find(|p| p.interpreter.is_some()).cloned()
            && let Some(other) = inst
                .requests
                .iter()
                .find(|r| r.id != p.request && !pins.iter().any(|q| q.request == r.id))
        {
            pins.push(Assignment {
                request: other.id.clone(),
                ..p
            });
        }
        // Stale: a cancelled session and a slot out of range.
        pins.push(Assignment {
            request: inst.requests[0].id.clone(),
            session: "cancelled-session".into(),
            slot: 0,
            interpreter: None,
            mode: None,
        });
        let mut out = pins[pins.len() / 2].clone();
        out.slot = 99;
        pins.push(out);
        // Wrong language: an interpreter who does not speak the request's language.
        if let Some(r) = inst.requests.iter().find(|r| r.language != "ja")
            && let Some(i) = inst
                .interpreters
                .iter()
                .find(|i| !i.languages.contains(&r.language))
            && let Some(s) = inst.sessions.first()
        {
            pins.push(Assignment {
                request: r.id.clone(),
                session: s.id.clone(),
                slot: 0,
                interpreter: Some(i.id.clone()),
                mode: Some(Mode::Video),
            });
        }
    }
    inst.pinned = pins;
}
