//! A third instance generator: the month shapes of issue 24, on which an independent
//! generator's months took the allocator 15-50 times longer than its own.
//!
//! [`super::gen`] draws the Sendai sample's shape and [`super::sweep`] varies weights,
//! grids, booths, scarcity, DST and bad pins; neither makes what the slow months had:
//! many regional offices of one agency, interpreters shared across regions and time zones,
//! long sessions with many slots, dense pins from an earlier run, and requests accepting
//! many sessions. Each [`Shape`] switches one of these on over a common plain month (or all
//! of them, [`Shape::Mixed`]), at the request / session / interpreter counts of the issue's
//! months ([`shape_size`]). The same (scale, seed, shape) gives the same month, and the
//! month does not depend on the solver: the "earlier run" behind the dense pins is this
//! module's own greedy ([`earlier_run`]), so a faster solver is measured on the same months.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use chrono_tz::Tz;

use super::format::{
    Agency, Assignment, Cost, INSTANCE_FORMAT, Instance, Interpreter, Mode, Request, Session,
    Window,
};
use super::r#gen::Scale;
use super::rng::SplitMix64;
use super::time::{self, Instant};

/// A month shape of issue 24.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// None of the properties below: half-day sessions, Tokyo interpreters on a few days,
    /// requests with one to three day windows (the baseline the others are compared with).
    Plain,
    /// One agency (immigration) with 8-20 regional offices, each with its own session days
    /// and its own local interpreters; requests name their region's office.
    Regional,
    /// Half the interpreters remote (video/phone) in seven IANA zones, available on most
    /// days of the month, so every office draws on the same pool.
    Shared,
    /// Sessions 09:00-17:00 with 15-30 minute slots, one in twenty 08:00-20:00 with
    /// 10-minute slots (72 slots, well under the validator's `MAX_SLOTS_PER_SESSION`).
    Long,
    /// Dense pins from an earlier run: 60-80 % of an earlier allocation pinned, then sessions,
    /// interpreters and requests cancelled, availability and booths cut, some requests pinned
    /// twice, so part of the pins are stale or conflict.
    Pins,
    /// Requests accepting many sessions: 10-40 windows each, no named agency, every topic
    /// answered by two agencies.
    Many,
    /// All of the above at once.
    Mixed,
}

/// Which properties a month has (a shape is one of them, or all).
#[derive(Debug, Clone, Copy, Default)]
struct Feat {
    regional: bool,
    shared: bool,
    long: bool,
    pins: bool,
    many: bool,
}

impl Shape {
    pub const ALL: [Shape; 7] = [
        Shape::Plain,
        Shape::Regional,
        Shape::Shared,
        Shape::Long,
        Shape::Pins,
        Shape::Many,
        Shape::Mixed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Plain => "plain",
            Shape::Regional => "regional",
            Shape::Shared => "shared",
            Shape::Long => "long",
            Shape::Pins => "pins",
            Shape::Many => "many",
            Shape::Mixed => "mixed",
        }
    }

    fn feat(self) -> Feat {
        let f = Feat::default();
        match self {
            Shape::Plain => f,
            Shape::Regional => Feat {
                regional: true,
                ..f
            },
            Shape::Shared => Feat { shared: true, ..f },
            Shape::Long => Feat { long: true, ..f },
            Shape::Pins => Feat { pins: true, ..f },
            Shape::Many => Feat { many: true, ..f },
            Shape::Mixed => Feat {
                regional: true,
                shared: true,
                long: true,
                pins: true,
                many: true,
            },
        }
    }
}

/// Error for an unknown shape name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown shape {0:?}: expected plain, regional, shared, long, pins, many or mixed")]
pub struct ShapeError(pub String);

impl std::str::FromStr for Shape {
    type Err = ShapeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Shape::ALL
            .into_iter()
            .find(|x| x.name() == s)
            .ok_or_else(|| ShapeError(s.to_string()))
    }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// (requests, sessions, interpreters, regional offices) of a shaped month: the issue's metro
/// and national months (2,078 / 156 / 250 and 19,535 / 1,522 / 2,000), a city month of 300
/// at the same ratios, and a Sendai month of 80.
pub fn shape_size(scale: Scale) -> (usize, usize, usize, usize) {
    match scale {
        Scale::Sendai => (80, 8, 12, 8),
        Scale::City => (300, 23, 40, 8),
        Scale::Metro => (2_078, 156, 250, 12),
        Scale::National => (19_535, 1_522, 2_000, 20),
    }
}

/// Languages with demand weights (per mille); `ja` needs no interpreter.
const LANGS: &[(&str, u32)] = &[
    ("zh", 190),
    ("vi", 150),
    ("ne", 130),
    ("en", 80),
    ("tl", 60),
    ("ko", 50),
    ("id", 50),
    ("pt", 45),
    ("my", 40),
    ("es", 35),
    ("th", 25),
    ("si", 20),
    ("bn", 15),
    ("ru", 10),
    ("ja", 100),
];

/// Topics with demand weights.
const TOPICS: &[(&str, u32)] = &[
    ("residence", 280),
    ("visa", 60),
    ("labor", 120),
    ("legal", 70),
    ("family", 60),
    ("consumer", 30),
    ("welfare", 70),
    ("childcare", 40),
    ("housing", 40),
    ("education", 30),
    ("tax", 50),
    ("pension", 40),
    ("medical", 40),
];

/// Agency kinds: id, topics, languages of its specialists, share of the sessions.
const AGENCIES: &[(&str, &[&str], &[&str], u32)] = &[
    ("immigration", &["residence", "visa"], &["ja", "en"], 32),
    ("labor", &["labor"], &["ja"], 13),
    ("bar", &["legal", "family", "consumer"], &["ja", "en"], 15),
    (
        "cityhall",
        &["welfare", "childcare", "housing", "education"],
        &["ja"],
        18,
    ),
    ("tax", &["tax", "pension"], &["ja"], 12),
    ("health", &["medical", "welfare"], &["ja", "en"], 10),
];

/// Zones of remote interpreters (the shared pool): four without DST and three whose clocks
/// change inside March 2027, moving their local hours against Tokyo's.
const REMOTE: &[&str] = &[
    "Asia/Manila",
    "Asia/Kathmandu",
    "Asia/Ho_Chi_Minh",
    "Asia/Shanghai",
    "America/Sao_Paulo",
    "America/New_York",
    "Europe/Lisbon",
];

const MONTH: (i32, u32) = (2027, 3);

fn fmt(d: NaiveDate, minutes: i64) -> String {
    let t = d.and_hms_opt(0, 0, 0).unwrap_or_default() + TimeDelta::minutes(minutes);
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn pick<T: Copy>(rng: &mut SplitMix64, xs: &[T]) -> T {
    xs[rng.below(xs.len() as u64) as usize]
}

/// `k` distinct items of `xs` (all of them when `k` ≥ len), in `xs`'s order.
fn choose<T: Copy>(rng: &mut SplitMix64, xs: &[T], k: usize) -> Vec<T> {
    let mut idx: Vec<usize> = (0..xs.len()).collect();
    for i in 0..k.min(idx.len()) {
        let j = i + rng.below((idx.len() - i) as u64) as usize;
        idx.swap(i, j);
    }
    let mut take: Vec<usize> = idx.into_iter().take(k).collect();
    take.sort_unstable();
    take.into_iter().map(|i| xs[i]).collect()
}

/// Generates a month of the given scale and shape; the same (scale, seed, shape) always
/// gives the same month.
pub fn generate_shape(scale: Scale, seed: u64, shape: Shape) -> Instance {
    let (mut inst, mut rng, cancel) = draw(scale, seed, shape);
    if shape.feat().pins {
        dense_pins(&mut inst, &mut rng, cancel);
    }
    inst
}

/// The month before pins: the generator's state after it and, for dense pins, how many
/// (sessions, interpreters, requests) were drawn to be cancelled.
fn draw(scale: Scale, seed: u64, shape: Shape) -> (Instance, SplitMix64, (usize, usize, usize)) {
    let f = shape.feat();
    let mut rng = SplitMix64::new(
        seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ (scale as u64 + 1).wrapping_mul(0x0053_4841_5045_u64)
            ^ (shape as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407),
    );
    let (n_req, n_sess, n_int, n_regions) = shape_size(scale);
    // Dense pins: draw extra sessions, interpreters and requests, which the perturbation
    // cancels after the earlier run, so the month keeps the asked sizes.
    let (x_sess, x_int, x_req) = if f.pins {
        (n_sess / 25 + 1, n_int / 25 + 1, n_req / 50 + 1)
    } else {
        (0, 0, 0)
    };
    let regions = if f.regional { n_regions } else { 1 };
    let first = NaiveDate::from_ymd_opt(MONTH.0, MONTH.1, 1).unwrap_or_default();
    let days: Vec<NaiveDate> = (0..31)
        .filter_map(|k| first.checked_add_signed(TimeDelta::days(k)))
        .filter(|d| d.month() == MONTH.1 && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect();

    // Agencies. Regional: immigration is one office per region (own days, own local
    // interpreters); the other agencies serve everyone. Many: every agency also answers the
    // next kind's topics, so each topic has two agencies.
    let mut agencies = Vec::new();
    let mut share = Vec::new();
    let mut region_of_agency = Vec::new();
    for (k, (id, topics, langs, sh)) in AGENCIES.iter().enumerate() {
        let mut topics: Vec<String> = topics.iter().map(|t| t.to_string()).collect();
        if f.many {
            let next = AGENCIES[(k + 1) % AGENCIES.len()].1;
            topics.extend(
                next.iter()
                    .filter(|t| !topics.iter().any(|x| x == *t))
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>(),
            );
        }
        let langs: Vec<String> = langs.iter().map(|l| l.to_string()).collect();
        if f.regional && k == 0 {
            for r in 0..regions {
                agencies.push(Agency {
                    id: format!("{id}-{r:02}"),
                    topics: topics.clone(),
                    languages: langs.clone(),
                });
                // The offices together take twice the single agency's share.
                share.push((2 * sh / regions as u32).max(1));
                region_of_agency.push(Some(r));
            }
        } else {
            agencies.push(Agency {
                id: (*id).to_string(),
                topics,
                languages: langs,
            });
            share.push(*sh);
            region_of_agency.push(None);
        }
    }
    // Each region's session days: about half the weekdays.
    let region_days: Vec<Vec<NaiveDate>> = (0..regions)
        .map(|_| {
            let k = (days.len() as i64 / 2 + rng.range(-2, 2)).max(1) as usize;
            choose(&mut rng, &days, k)
        })
        .collect();

    // Sessions.
    let mut sessions = Vec::new();
    for n in 0..n_sess + x_sess {
        let a = rng.weighted(&share);
        let d = match region_of_agency[a] {
            Some(r) => pick(&mut rng, &region_days[r]),
            None => pick(&mut rng, &days),
        };
        let (start, slot, n_slots) = if f.long {
            if rng.chance(0.05) {
                (8 * 60, 10, 72)
            } else {
                let slot = pick(&mut rng, &[20, 20, 20, 15, 30]);
                (9 * 60, slot, 8 * 60 / slot)
            }
        } else {
            (
                pick(&mut rng, &[9 * 60 + 30, 10 * 60, 13 * 60, 13 * 60 + 30]),
                pick(&mut rng, &[30, 45, 45, 60]),
                rng.range(4, 6),
            )
        };
        let mut modes = vec![Mode::InPerson];
        if rng.chance(0.85) {
            modes.push(Mode::Video);
        }
        if rng.chance(0.6) {
            modes.push(Mode::Phone);
        }
        sessions.push(Session {
            id: format!("{}-{}-{n:04}", agencies[a].id, d.format("%Y-%m-%d")),
            agency: agencies[a].id.clone(),
            start: fmt(d, start),
            end: fmt(d, start + slot * n_slots),
            slot_minutes: slot as u32,
            booths: rng.range(1, 3) as u32,
            modes,
        });
    }

    // Interpreters.
    let interp_langs: Vec<u32> = LANGS
        .iter()
        .map(|l| if l.0 == "ja" { 0 } else { l.1 })
        .collect();
    let tokyo: Tz = chrono_tz::Asia::Tokyo;
    let mut interpreters = Vec::new();
    for n in 0..n_int + x_int {
        let l = rng.weighted(&interp_langs);
        let mut languages = vec![LANGS[l].0.to_string()];
        if rng.chance(0.25) {
            let l2 = rng.weighted(&interp_langs);
            if l2 != l {
                languages.push(LANGS[l2].0.to_string());
            }
        }
        let remote = f.shared && rng.chance(0.5);
        let (zone, modes, my_days) = if remote {
            let zone = REMOTE[n % REMOTE.len()];
            let k = rng.range(12, 20) as usize;
            (
                zone,
                vec![Mode::Video, Mode::Phone],
                choose(&mut rng, &days, k),
            )
        } else {
            let mut modes = vec![Mode::InPerson];
            if rng.chance(0.7) {
                modes.push(Mode::Video);
                modes.push(Mode::Phone);
            }
            let pool = if f.regional {
                &region_days[n % regions]
            } else {
                &days
            };
            let k = rng.range(3, 8) as usize;
            ("Asia/Tokyo", modes, choose(&mut rng, pool, k))
        };
        let tz: Tz = zone.parse().unwrap_or(tokyo);
        // Windows are drawn in Tokyo office hours and written in the interpreter's zone
        // (a remote interpreter's local date is often the day before).
        let long_windows = f.long || remote;
        let availability = my_days
            .iter()
            .map(|&d| {
                let from = 9 * 60 + 30 * rng.range(0, 2);
                let hours = if long_windows {
                    rng.range(6, 9)
                } else {
                    rng.range(3, 5)
                };
                let to = from + 60 * hours + 30;
                let local = |m: i64| {
                    let t = time::instant(tokyo, &fmt(d, m)).unwrap_or(0);
                    time::format_local(tz, t)
                };
                Window {
                    start: local(from),
                    end: local(to),
                }
            })
            .collect();
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
            timezone: zone.to_string(),
            availability,
            max_per_day: if rng.chance(0.5) {
                Some(if f.long {
                    rng.range(4, 8)
                } else {
                    rng.range(3, 6)
                } as u32)
            } else {
                None
            },
            cost,
        });
    }

    // Requests.
    let lw: Vec<u32> = LANGS.iter().map(|l| l.1).collect();
    let tw: Vec<u32> = TOPICS.iter().map(|t| t.1).collect();
    // Day parts a window can cover (minutes from midnight).
    let parts: &[(i64, i64)] = &[(9 * 60, 13 * 60), (12 * 60, 18 * 60), (8 * 60, 20 * 60)];
    let day_parts: Vec<(NaiveDate, (i64, i64))> = days
        .iter()
        .flat_map(|&d| parts[..2].iter().map(move |&p| (d, p)))
        .collect();
    let mut requests = Vec::new();
    for n in 0..n_req + x_req {
        let lang = LANGS[rng.weighted(&lw)].0;
        let topic = TOPICS[rng.weighted(&tw)].0;
        let region = rng.below(regions as u64) as usize;
        let serving: Vec<usize> = (0..agencies.len())
            .filter(|&a| agencies[a].topics.iter().any(|t| t == topic))
            .filter(|&a| region_of_agency[a].is_none_or(|r| r == region))
            .collect();
        let agency = if f.many || serving.is_empty() {
            None
        } else if region_of_agency[serving[0]].is_some() {
            // A regional topic: most residents are sent to their own office.
            rng.chance(0.85).then(|| agencies[serving[0]].id.clone())
        } else if rng.chance(0.4) {
            Some(agencies[pick(&mut rng, &serving)].id.clone())
        } else {
            None
        };
        let modes = match rng.below(10) {
            0 | 1 => vec![Mode::InPerson],
            2 => vec![Mode::Video, Mode::Phone],
            3 => vec![Mode::Phone],
            _ => vec![Mode::InPerson, Mode::Video, Mode::Phone],
        };
        let windows = if f.many {
            // 10-40 distinct half days, one in five widened to the whole day.
            let k = rng.range(10, 40) as usize;
            let chosen = choose(&mut rng, &day_parts, k);
            let mut ws: Vec<Window> = Vec::new();
            for (d, p) in chosen {
                let (a, b) = if rng.chance(0.2) { parts[2] } else { p };
                ws.push(Window {
                    start: fmt(d, a),
                    end: fmt(d, b),
                });
            }
            Some(ws)
        } else if rng.chance(0.75) {
            let k = rng.range(1, 3) as usize;
            let chosen = choose(&mut rng, &day_parts, k);
            Some(
                chosen
                    .into_iter()
                    .map(|(d, (a, b))| Window {
                        start: fmt(d, a),
                        end: fmt(d, b),
                    })
                    .collect(),
            )
        } else {
            None
        };
        let deadline = if !f.many && rng.chance(0.3) {
            Some(fmt(pick(&mut rng, &days), 0))
        } else {
            None
        };
        let mut weight = pick(&mut rng, &[1i64, 2, 3, 3, 5, 5, 8, 10]);
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

    let inst = Instance {
        format: INSTANCE_FORMAT.to_string(),
        month: format!("{:04}-{:02}", MONTH.0, MONTH.1),
        timezone: "Asia/Tokyo".to_string(),
        center_languages: vec!["ja".to_string()],
        agencies,
        sessions,
        interpreters,
        requests,
        pinned: Vec::new(),
    };
    (inst, rng, (x_sess, x_int, x_req))
}

/// Share of a month's requests that the earlier run saw (the rest arrived since).
const OLD_SHARE: usize = 85;

/// Pins 60-80 % of an earlier run on the month's older requests (the first 85 %), then
/// perturbs the month the way a few weeks of changes do: `cancel` (sessions, interpreters,
/// requests) are removed, some interpreters lose a day with a pinned booking, some sessions
/// lose a booth, some requests are pinned a second time elsewhere.
fn dense_pins(inst: &mut Instance, rng: &mut SplitMix64, cancel: (usize, usize, usize)) {
    let n_old = inst.requests.len() * OLD_SHARE / 100;
    let earlier = earlier_run(inst, n_old);
    let keep = 0.6 + 0.2 * rng.below(1_001) as f64 / 1_000.0;
    let mut pins: Vec<Assignment> = earlier.into_iter().filter(|_| rng.chance(keep)).collect();

    // Some requests pinned a second time, one slot later (conflicting pins of one request;
    // both are released when the later slot is valid too).
    for _ in 0..pins.len() / 100 + 1 {
        if pins.is_empty() {
            break;
        }
        let mut p = pins[rng.below(pins.len() as u64) as usize].clone();
        p.slot += 1;
        pins.push(p);
    }
    // An interpreter unavailable on a day they were pinned (the pin no longer fits).
    let with_interp: Vec<usize> = (0..pins.len())
        .filter(|&p| pins[p].interpreter.is_some())
        .collect();
    for _ in 0..inst.interpreters.len() / 40 + 1 {
        if with_interp.is_empty() {
            break;
        }
        let p = &pins[pick(rng, &with_interp)];
        let Some(s) = inst.sessions.iter().find(|s| s.id == p.session) else {
            continue;
        };
        let pinned = p.interpreter.clone();
        let at = time::instant(chrono_tz::Asia::Tokyo, &s.start).unwrap_or(0)
            + p.slot * i64::from(s.slot_minutes) * 60;
        if let Some(i) = inst
            .interpreters
            .iter_mut()
            .find(|i| Some(&i.id) == pinned.as_ref())
        {
            // The window is written in the interpreter's zone (often the day before for a
            // remote one): drop the one whose instants cover the pinned slot.
            let tz = time::parse_tz(&i.timezone).unwrap_or(chrono_tz::Asia::Tokyo);
            i.availability.retain(|w| {
                let a = time::instant(tz, &w.start).unwrap_or(0);
                let b = time::instant(tz, &w.end).unwrap_or(0);
                !(a <= at && at < b)
            });
        }
    }
    // Sessions losing a booth (a full pinned slot then has more pins than booths).
    for _ in 0..inst.sessions.len() / 40 + 1 {
        let s = rng.below(inst.sessions.len() as u64) as usize;
        let b = inst.sessions[s].booths;
        inst.sessions[s].booths = b.saturating_sub(1).max(1);
    }
    // Cancellations, half of them of something pinned: the pins naming them become stale.
    let (cs, ci, cr) = cancel;
    for _ in 0..cs {
        let booked = pick_pinned(rng, &pins, |p| Some(p.session.as_str()));
        let s = booked
            .and_then(|id| inst.sessions.iter().position(|s| s.id == id))
            .unwrap_or_else(|| rng.below(inst.sessions.len() as u64) as usize);
        inst.sessions.remove(s);
    }
    for _ in 0..ci {
        let booked = pick_pinned(rng, &pins, |p| p.interpreter.as_deref());
        let i = booked
            .and_then(|id| inst.interpreters.iter().position(|i| i.id == id))
            .unwrap_or_else(|| rng.below(inst.interpreters.len() as u64) as usize);
        inst.interpreters.remove(i);
    }
    for _ in 0..cr {
        let booked = pick_pinned(rng, &pins, |p| Some(p.request.as_str()));
        let r = booked
            .and_then(|id| inst.requests.iter().position(|r| r.id == id))
            .unwrap_or_else(|| rng.below(n_old as u64) as usize);
        inst.requests.remove(r);
    }
    pins.sort_by(|a, b| a.request.cmp(&b.request).then(a.slot.cmp(&b.slot)));
    inst.pinned = pins;
}

/// With probability 1/2, what `name` gives for a random pin (something booked).
fn pick_pinned(
    rng: &mut SplitMix64,
    pins: &[Assignment],
    name: impl Fn(&Assignment) -> Option<&str>,
) -> Option<String> {
    if pins.is_empty() || !rng.chance(0.5) {
        return None;
    }
    name(&pins[rng.below(pins.len() as u64) as usize]).map(str::to_string)
}

/// A feasible allocation of the first `n_old` requests by a plain greedy (heaviest first,
/// first place that fits, at most 60 places tried per request): the "earlier run" behind
/// [`Shape::Pins`]. Deliberately not [`super::solve`], so the months stay the same when the
/// solver changes. Assignments in request order.
pub(crate) fn earlier_run(inst: &Instance, n_old: usize) -> Vec<Assignment> {
    let tz = time::parse_tz(&inst.timezone).unwrap_or(chrono_tz::Asia::Tokyo);
    let at = |tz: Tz, s: &str| time::instant(tz, s).unwrap_or(0);
    let agency: HashMap<&str, usize> = inst
        .agencies
        .iter()
        .enumerate()
        .map(|(k, a)| (a.id.as_str(), k))
        .collect();
    struct S {
        agency: usize,
        start: Instant,
        end: Instant,
        len: Instant,
        used: Vec<u32>,
    }
    let mut sessions: Vec<S> = inst
        .sessions
        .iter()
        .map(|s| {
            let start = at(tz, &s.start);
            let len = i64::from(s.slot_minutes.max(1)) * 60;
            let n = ((at(tz, &s.end) - start) / len).max(0) as usize;
            S {
                agency: agency.get(s.agency.as_str()).copied().unwrap_or(usize::MAX),
                start,
                end: start + n as i64 * len,
                len,
                used: vec![0; n],
            }
        })
        .collect();
    struct I {
        avail: Vec<(Instant, Instant)>,
        busy: Vec<(Instant, Instant)>,
        per_day: HashMap<i64, u32>,
    }
    let mut interps: Vec<I> = inst
        .interpreters
        .iter()
        .map(|i| {
            let itz = time::parse_tz(&i.timezone).unwrap_or(tz);
            I {
                avail: i
                    .availability
                    .iter()
                    .map(|w| (at(itz, &w.start), at(itz, &w.end)))
                    .collect(),
                busy: Vec::new(),
                per_day: HashMap::new(),
            }
        })
        .collect();
    let mut speakers: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, i) in inst.interpreters.iter().enumerate() {
        for l in &i.languages {
            speakers.entry(l.as_str()).or_default().push(k);
        }
    }
    let mut order: Vec<usize> = (0..n_old.min(inst.requests.len())).collect();
    order.sort_by_key(|&r| (std::cmp::Reverse(inst.requests[r].weight), r));
    let mut out: Vec<(usize, Assignment)> = Vec::new();
    for r in order {
        let rq = &inst.requests[r];
        let windows: Option<Vec<(Instant, Instant)>> = rq.windows.as_ref().map(|ws| {
            ws.iter()
                .map(|w| (at(tz, &w.start), at(tz, &w.end)))
                .collect()
        });
        let deadline = rq.deadline.as_ref().map(|d| at(tz, d));
        let named = rq.agency.as_ref().map(|a| agency.get(a.as_str()).copied());
        let mut tries = 0;
        let mut placed = None;
        'sessions: for (s, ss) in sessions.iter().enumerate() {
            let Some(ag) = inst.agencies.get(ss.agency) else {
                continue;
            };
            if named.is_some_and(|a| a != Some(ss.agency)) || !ag.topics.contains(&rq.topic) {
                continue;
            }
            if let Some(ws) = &windows
                && !ws.iter().any(|&(a, b)| a < ss.end && ss.start < b)
            {
                continue;
            }
            let session = &inst.sessions[s];
            let need = !(inst.center_languages.contains(&rq.language)
                || ag.languages.contains(&rq.language));
            for (k, &used) in ss.used.iter().enumerate() {
                let a = ss.start + k as i64 * ss.len;
                let b = a + ss.len;
                if used >= session.booths
                    || deadline.is_some_and(|d| b > d)
                    || windows
                        .as_ref()
                        .is_some_and(|ws| !ws.iter().any(|&(x, y)| x <= a && b <= y))
                {
                    continue;
                }
                tries += 1;
                if tries > 60 {
                    break 'sessions;
                }
                if !need {
                    placed = Some((s, k, None));
                    break 'sessions;
                }
                let day = time::local_day(tz, a);
                for &i in speakers.get(rq.language.as_str()).map_or(&[][..], |v| v) {
                    let ip = &inst.interpreters[i];
                    let Some(mode) =
                        [Mode::InPerson, Mode::Video, Mode::Phone]
                            .into_iter()
                            .find(|m| {
                                rq.modes.contains(m)
                                    && session.modes.contains(m)
                                    && ip.modes.contains(m)
                            })
                    else {
                        continue;
                    };
                    let st = &interps[i];
                    let count = st.per_day.get(&day).copied().unwrap_or(0);
                    if st.avail.iter().any(|&(x, y)| x <= a && b <= y)
                        && !st.busy.iter().any(|&(x, y)| x < b && a < y)
                        && ip.max_per_day.is_none_or(|m| count < m)
                    {
                        placed = Some((s, k, Some((i, mode))));
                        break 'sessions;
                    }
                }
            }
        }
        if let Some((s, k, with)) = placed {
            sessions[s].used[k] += 1;
            if let Some((i, _)) = with {
                let a = sessions[s].start + k as i64 * sessions[s].len;
                let st = &mut interps[i];
                st.busy.push((a, a + sessions[s].len));
                *st.per_day.entry(time::local_day(tz, a)).or_insert(0) += 1;
            }
            out.push((
                r,
                Assignment {
                    request: rq.id.clone(),
                    session: inst.sessions[s].id.clone(),
                    slot: k as i64,
                    interpreter: with.map(|(i, _)| inst.interpreters[i].id.clone()),
                    mode: with.map(|(_, m)| m),
                },
            ));
        }
    }
    out.sort_by_key(|x| x.0);
    out.into_iter().map(|x| x.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alloc::format::{Objective, SOLUTION_FORMAT, Solution, Unassigned};
    use crate::alloc::{MAX_SLOTS_PER_SESSION, Reason, check, pins, validate};
    use chrono::NaiveDateTime;
    use std::collections::HashSet;

    fn local(s: &str) -> NaiveDateTime {
        time::parse_local(s).unwrap_or_default()
    }

    fn slots(s: &Session) -> i64 {
        (local(&s.end) - local(&s.start)).num_minutes() / i64::from(s.slot_minutes)
    }

    /// Sessions that request `r` accepts on the instance alone (agency and topic, a slot
    /// inside a window and before the deadline); times are all in the center's zone.
    fn accepted(inst: &Instance, r: &Request) -> usize {
        inst.sessions
            .iter()
            .filter(|s| {
                let ag = inst.agencies.iter().find(|a| a.id == s.agency);
                ag.is_some_and(|a| a.topics.contains(&r.topic))
                    && r.agency.as_ref().is_none_or(|a| *a == s.agency)
            })
            .filter(|s| {
                (0..slots(s)).any(|k| {
                    let a = local(&s.start) + TimeDelta::minutes(k * i64::from(s.slot_minutes));
                    let b = a + TimeDelta::minutes(i64::from(s.slot_minutes));
                    r.deadline.as_ref().is_none_or(|d| b <= local(d))
                        && r.windows.as_ref().is_none_or(|ws| {
                            ws.iter()
                                .any(|w| local(&w.start) <= a && b <= local(&w.end))
                        })
                })
            })
            .count()
    }

    fn median(mut xs: Vec<usize>) -> usize {
        xs.sort_unstable();
        xs[xs.len() / 2]
    }

    #[test]
    fn every_shape_is_deterministic_valid_and_of_the_asked_size() {
        for scale in [Scale::City, Scale::Metro] {
            let (n_req, n_sess, n_int, _) = shape_size(scale);
            for shape in Shape::ALL {
                let a = generate_shape(scale, 7, shape);
                assert_eq!(a, generate_shape(scale, 7, shape), "{scale} {shape}");
                assert_ne!(a, generate_shape(scale, 8, shape), "{scale} {shape}");
                assert_eq!(a.validate(), Ok(()), "{scale} {shape}");
                assert_eq!(
                    (a.requests.len(), a.sessions.len(), a.interpreters.len()),
                    (n_req, n_sess, n_int),
                    "{scale} {shape}"
                );
                let max = a.sessions.iter().map(slots).max().unwrap_or(0);
                assert!(max <= MAX_SLOTS_PER_SESSION, "{scale} {shape}: {max} slots");
            }
        }
    }

    #[test]
    fn national_months_have_the_issues_size() {
        let inst = generate_shape(Scale::National, 1, Shape::Mixed);
        assert_eq!(inst.validate(), Ok(()));
        assert_eq!(
            (
                inst.requests.len(),
                inst.sessions.len(),
                inst.interpreters.len()
            ),
            (19_535, 1_522, 2_000)
        );
    }

    #[test]
    fn shapes_are_named_and_parsed() {
        for shape in Shape::ALL {
            assert_eq!(shape.name().parse::<Shape>(), Ok(shape));
        }
        assert!("regionl".parse::<Shape>().is_err());
    }

    #[test]
    fn regional_months_have_many_offices_with_their_own_days() {
        let inst = generate_shape(Scale::Metro, 1, Shape::Regional);
        let offices: Vec<&str> = inst
            .agencies
            .iter()
            .filter(|a| a.id.starts_with("immigration-"))
            .map(|a| a.id.as_str())
            .collect();
        assert!(offices.len() >= 8, "{offices:?}");
        let days = |o: &str| -> HashSet<String> {
            inst.sessions
                .iter()
                .filter(|s| s.agency == o)
                .map(|s| s.start[..10].to_string())
                .collect()
        };
        // Every office holds sessions, and the offices do not share one calendar.
        assert!(offices.iter().all(|o| !days(o).is_empty()));
        let distinct: HashSet<Vec<String>> = offices
            .iter()
            .map(|o| {
                let mut d: Vec<String> = days(o).into_iter().collect();
                d.sort();
                d
            })
            .collect();
        assert!(distinct.len() >= offices.len() / 2);
        let residence: Vec<&Request> = inst
            .requests
            .iter()
            .filter(|r| r.topic == "residence")
            .collect();
        let named = residence.iter().filter(|r| r.agency.is_some()).count();
        assert!(
            named * 10 >= residence.len() * 7,
            "{named}/{}",
            residence.len()
        );
        // The plain month has one immigration agency.
        let plain = generate_shape(Scale::Metro, 1, Shape::Plain);
        assert!(
            !plain
                .agencies
                .iter()
                .any(|a| a.id.starts_with("immigration-"))
        );
    }

    #[test]
    fn shared_months_have_remote_interpreters_in_many_zones_on_most_days() {
        let inst = generate_shape(Scale::Metro, 1, Shape::Shared);
        let remote: Vec<&Interpreter> = inst
            .interpreters
            .iter()
            .filter(|i| i.timezone != "Asia/Tokyo")
            .collect();
        let zones: HashSet<&str> = remote.iter().map(|i| i.timezone.as_str()).collect();
        assert!(zones.len() >= 5, "{zones:?}");
        assert!(remote.len() * 10 >= inst.interpreters.len() * 3);
        let days = median(remote.iter().map(|i| i.availability.len()).collect());
        assert!(days >= 10, "median remote days {days}");
        let plain = generate_shape(Scale::Metro, 1, Shape::Plain);
        assert!(
            plain
                .interpreters
                .iter()
                .all(|i| i.timezone == "Asia/Tokyo")
        );
    }

    #[test]
    fn long_months_have_many_slots_per_session() {
        let inst = generate_shape(Scale::Metro, 1, Shape::Long);
        let n: Vec<usize> = inst.sessions.iter().map(|s| slots(s) as usize).collect();
        assert!(median(n.clone()) >= 20, "median {}", median(n.clone()));
        assert!(n.iter().any(|&k| k >= 72));
        let plain = generate_shape(Scale::Metro, 1, Shape::Plain);
        let p: Vec<usize> = plain.sessions.iter().map(|s| slots(s) as usize).collect();
        assert!(median(p) <= 6);
    }

    #[test]
    fn many_session_months_let_the_median_request_accept_ten_sessions() {
        let inst = generate_shape(Scale::Metro, 1, Shape::Many);
        let m = median(inst.requests.iter().map(|r| accepted(&inst, r)).collect());
        assert!(m >= 10, "median accepted sessions {m}");
        let windows = median(
            inst.requests
                .iter()
                .map(|r| r.windows.as_ref().map_or(0, Vec::len))
                .collect(),
        );
        assert!((10..=40).contains(&windows), "median windows {windows}");
        let plain = generate_shape(Scale::Metro, 1, Shape::Plain);
        let p = median(plain.requests.iter().map(|r| accepted(&plain, r)).collect());
        assert!(p < m / 2, "plain median {p}, many {m}");
    }

    #[test]
    fn dense_pins_cover_most_of_an_earlier_run_and_some_are_stale_or_conflict() {
        for shape in [Shape::Pins, Shape::Mixed] {
            let inst = generate_shape(Scale::Metro, 1, shape);
            let rv = validate::resolve(&inst).unwrap_or_else(|e| panic!("{e}"));
            let a = pins::analyse(&rv);
            let n = inst.pinned.len();
            let binding = a.binding.len();
            // Dense: 60-80 % of the earlier run pinned (plus 1 % pinned twice), most of
            // them still binding.
            let (base, _, _) = draw(Scale::Metro, 1, shape);
            let earlier = earlier_run(&base, base.requests.len() * OLD_SHARE / 100).len();
            assert!(
                earlier * 3 >= base.requests.len(),
                "{shape}: earlier run {earlier}"
            );
            assert!(
                n * 100 >= earlier * 55 && n * 100 <= earlier * 85,
                "{shape}: {n} pins of {earlier}"
            );
            assert!(binding * 10 >= n * 6, "{shape}: {binding} of {n} binding");
            assert!(binding < n, "{shape}");
            let has = |f: &dyn Fn(&Assignment) -> bool| inst.pinned.iter().any(f);
            let ids =
                |xs: Vec<&str>| -> HashSet<String> { xs.into_iter().map(str::to_string).collect() };
            let sessions = ids(inst.sessions.iter().map(|s| s.id.as_str()).collect());
            let interps = ids(inst.interpreters.iter().map(|i| i.id.as_str()).collect());
            let requests = ids(inst.requests.iter().map(|r| r.id.as_str()).collect());
            assert!(has(&|p| !sessions.contains(&p.session)), "{shape}");
            assert!(
                has(&|p| p.interpreter.as_ref().is_some_and(|i| !interps.contains(i))),
                "{shape}"
            );
            assert!(has(&|p| !requests.contains(&p.request)), "{shape}");
            // And some pins whose names all exist are not binding (conflict or no longer fit).
            let unbinding_known = (0..n)
                .filter(|p| !a.binding.iter().any(|b| b.0 == *p))
                .filter(|&p| {
                    let x = &inst.pinned[p];
                    sessions.contains(&x.session)
                        && requests.contains(&x.request)
                        && x.interpreter.as_ref().is_none_or(|i| interps.contains(i))
                })
                .count();
            assert!(unbinding_known > 0, "{shape}");
        }
    }

    #[test]
    fn the_earlier_run_is_a_feasible_allocation() {
        for shape in [Shape::Mixed, Shape::Plain] {
            let mut inst = generate_shape(Scale::City, 3, shape);
            inst.pinned.clear();
            let assignments = earlier_run(&inst, inst.requests.len());
            assert!(
                assignments.len() * 4 >= inst.requests.len(),
                "{shape}: {}",
                assignments.len()
            );
            let placed: HashSet<&str> = assignments.iter().map(|a| a.request.as_str()).collect();
            let weight = inst
                .requests
                .iter()
                .filter(|r| placed.contains(r.id.as_str()))
                .map(|r| r.weight)
                .sum();
            let cost = assignments
                .iter()
                .filter_map(|a| {
                    let i = inst
                        .interpreters
                        .iter()
                        .find(|i| Some(&i.id) == a.interpreter.as_ref())?;
                    Some(i.cost.of(a.mode?))
                })
                .sum();
            let unassigned = inst
                .requests
                .iter()
                .filter(|r| !placed.contains(r.id.as_str()))
                .map(|r| Unassigned {
                    request: r.id.clone(),
                    reason: Reason::Capacity,
                })
                .collect();
            let sol = Solution {
                format: SOLUTION_FORMAT.to_string(),
                assignments,
                unassigned,
                objective: Objective { weight, cost },
            };
            let v = check(&inst, &sol);
            assert!(v.is_empty(), "{shape}: {v:?}");
        }
    }
}
