//! Validation: turns an [`Instance`] of strings into resolved instants and
//! indices, or a precise [`InstanceError`]. Every other module works on the
//! [`Resolved`] view, so time-zone handling lives in exactly one place.

use std::collections::{HashMap, HashSet};

use chrono_tz::Tz;

use super::error::InstanceError;
use super::format::{INSTANCE_FORMAT, Instance, Mode, Window};
use super::time::{self, Instant};

/// Largest accepted request weight: keeps W exact in i64 for any instance size.
pub const MAX_WEIGHT: i64 = 1_000_000_000;
/// Largest accepted per-mode interpreter cost.
pub const MAX_COST: i64 = 1_000_000_000;
/// Largest number of slots one session may have (guards memory against
/// e.g. a year-long session with 1-minute slots).
pub const MAX_SLOTS_PER_SESSION: i64 = 10_000;
/// Largest number of booths one session may have. A real center has a handful;
/// the limit turns a typo such as `4294967295` into a clear error. (Memory does
/// not depend on it either way: `prepare` clamps each slot's capacity to the
/// number of requests that could use the slot.)
pub const MAX_BOOTHS: u32 = 10_000;

pub(crate) struct RSession {
    pub agency: usize,
    pub start: Instant,
    pub slot_secs: i64,
    pub nslots: u32,
    pub modes: u8,
}

pub(crate) struct RInterp {
    pub avail: Vec<(Instant, Instant)>,
    pub modes: u8,
    pub cost: [i64; 3],
    /// `u32::MAX` when unlimited.
    pub max_per_day: u32,
}

pub(crate) struct RRequest {
    pub agency: Option<usize>,
    pub windows: Option<Vec<(Instant, Instant)>>,
    pub deadline: Option<Instant>,
    pub modes: u8,
}

/// An instance with every time resolved to an instant and every id indexed.
pub(crate) struct Resolved<'a> {
    pub inst: &'a Instance,
    pub tz: Tz,
    pub session_idx: HashMap<&'a str, usize>,
    pub interp_idx: HashMap<&'a str, usize>,
    pub request_idx: HashMap<&'a str, usize>,
    pub sessions: Vec<RSession>,
    pub interps: Vec<RInterp>,
    pub requests: Vec<RRequest>,
    center_langs: HashSet<&'a str>,
    agency_langs: Vec<HashSet<&'a str>>,
}

impl<'a> Resolved<'a> {
    /// `[start, end)` of slot `k` of session `s` (caller guarantees k < nslots).
    pub fn slot_interval(&self, s: usize, k: u32) -> (Instant, Instant) {
        let rs = &self.sessions[s];
        let a = rs.start + i64::from(k) * rs.slot_secs;
        (a, a + rs.slot_secs)
    }

    /// Rule (5): an interpreter is needed iff the language is spoken neither
    /// by the center nor by the session's agency.
    pub fn needs_interpreter(&self, r: usize, s: usize) -> bool {
        let lang = self.inst.requests[r].language.as_str();
        !(self.center_langs.contains(lang)
            || self.agency_langs[self.sessions[s].agency].contains(lang))
    }

    /// Date (in the instance zone) used by `max_per_day`.
    pub fn day(&self, t: Instant) -> i64 {
        time::local_day(self.tz, t)
    }

    /// Rule (3): topic among the agency's topics, named agency matches.
    pub fn topic_ok(&self, r: usize, s: usize) -> bool {
        let rq = &self.inst.requests[r];
        let ag = self.sessions[s].agency;
        self.requests[r].agency.is_none_or(|a| a == ag)
            && self.inst.agencies[ag].topics.contains(&rq.topic)
    }

    /// Rule (4), deadline part.
    pub fn deadline_ok(&self, r: usize, end: Instant) -> bool {
        self.requests[r].deadline.is_none_or(|d| end <= d)
    }

    /// Rule (4), windows part.
    pub fn windows_ok(&self, r: usize, start: Instant, end: Instant) -> bool {
        match &self.requests[r].windows {
            None => true,
            Some(ws) => inside_one(ws, start, end),
        }
    }

    /// Interpreter availability for `[start, end)`.
    pub fn available(&self, i: usize, start: Instant, end: Instant) -> bool {
        inside_one(&self.interps[i].avail, start, end)
    }

    /// Whether interpreter `i` speaks the language of request `r`.
    pub fn speaks(&self, i: usize, r: usize) -> bool {
        let lang = &self.inst.requests[r].language;
        self.inst.interpreters[i]
            .languages
            .iter()
            .any(|l| l == lang)
    }
}

/// Inside one interval (windows are not merged).
pub(crate) fn inside_one(ws: &[(Instant, Instant)], start: Instant, end: Instant) -> bool {
    ws.iter().any(|&(a, b)| a <= start && end <= b)
}

fn check_unique<'a, I: Iterator<Item = &'a str>>(
    kind: &'static str,
    ids: I,
) -> Result<HashMap<&'a str, usize>, InstanceError> {
    let mut map = HashMap::new();
    for (k, id) in ids.enumerate() {
        if map.insert(id, k).is_some() {
            return Err(InstanceError::DuplicateId {
                kind,
                id: id.to_string(),
            });
        }
    }
    Ok(map)
}

fn tz_of(kind: &'static str, id: &str, value: &str) -> Result<Tz, InstanceError> {
    time::parse_tz(value).ok_or_else(|| InstanceError::TimeZone {
        kind,
        id: id.to_string(),
        field: "timezone",
        value: value.to_string(),
    })
}

fn at(
    tz: Tz,
    kind: &'static str,
    id: &str,
    field: &'static str,
    value: &str,
) -> Result<Instant, InstanceError> {
    time::instant(tz, value).ok_or_else(|| InstanceError::Time {
        kind,
        id: id.to_string(),
        field,
        value: value.to_string(),
    })
}

fn windows(
    tz: Tz,
    kind: &'static str,
    id: &str,
    field: &'static str,
    ws: &[Window],
) -> Result<Vec<(Instant, Instant)>, InstanceError> {
    ws.iter()
        .map(|w| {
            let a = at(tz, kind, id, field, &w.start)?;
            let b = at(tz, kind, id, field, &w.end)?;
            if b < a {
                return Err(InstanceError::EndBeforeStart {
                    kind,
                    id: id.to_string(),
                    field,
                    start: w.start.clone(),
                    end: w.end.clone(),
                });
            }
            Ok((a, b))
        })
        .collect()
}

fn mode_name(m: Mode) -> &'static str {
    m.code()
}

/// Validates and resolves. See [`Instance::validate`].
pub(crate) fn resolve(inst: &Instance) -> Result<Resolved<'_>, InstanceError> {
    if inst.format != INSTANCE_FORMAT {
        return Err(InstanceError::Format {
            found: inst.format.clone(),
        });
    }
    if chrono::NaiveDate::parse_from_str(&format!("{}-01", inst.month), "%Y-%m-%d").is_err()
        || inst.month.len() != 7
    {
        return Err(InstanceError::Month {
            value: inst.month.clone(),
        });
    }
    let tz = tz_of("instance", "", &inst.timezone)?;
    let agency_idx = check_unique("agency", inst.agencies.iter().map(|a| a.id.as_str()))?;
    let session_idx = check_unique("session", inst.sessions.iter().map(|a| a.id.as_str()))?;
    let interp_idx = check_unique(
        "interpreter",
        inst.interpreters.iter().map(|a| a.id.as_str()),
    )?;
    let request_idx = check_unique("request", inst.requests.iter().map(|a| a.id.as_str()))?;

    let mut sessions = Vec::with_capacity(inst.sessions.len());
    for s in &inst.sessions {
        let agency =
            *agency_idx
                .get(s.agency.as_str())
                .ok_or_else(|| InstanceError::UnknownAgency {
                    kind: "session",
                    id: s.id.clone(),
                    agency: s.agency.clone(),
                })?;
        let start = at(tz, "session", &s.id, "start", &s.start)?;
        let end = at(tz, "session", &s.id, "end", &s.end)?;
        if end < start {
            return Err(InstanceError::EndBeforeStart {
                kind: "session",
                id: s.id.clone(),
                field: "start/end",
                start: s.start.clone(),
                end: s.end.clone(),
            });
        }
        if s.slot_minutes == 0 {
            return Err(InstanceError::SlotMinutes { id: s.id.clone() });
        }
        if s.booths > MAX_BOOTHS {
            return Err(InstanceError::TooManyBooths {
                id: s.id.clone(),
                booths: s.booths,
                limit: MAX_BOOTHS,
            });
        }
        let slot_secs = i64::from(s.slot_minutes) * 60;
        // A slot longer than the session simply gives zero slots.
        let n = (end - start) / slot_secs;
        if n > MAX_SLOTS_PER_SESSION {
            return Err(InstanceError::TooManySlots {
                id: s.id.clone(),
                slots: n,
                limit: MAX_SLOTS_PER_SESSION,
            });
        }
        sessions.push(RSession {
            agency,
            start,
            slot_secs,
            nslots: n as u32,
            modes: Mode::mask(&s.modes),
        });
    }

    let mut interps = Vec::with_capacity(inst.interpreters.len());
    for it in &inst.interpreters {
        let itz = tz_of("interpreter", &it.id, &it.timezone)?;
        let avail = windows(itz, "interpreter", &it.id, "availability", &it.availability)?;
        let mut cost = [0i64; 3];
        for m in Mode::ALL {
            let c = it.cost.of(m);
            if c < 0 {
                return Err(InstanceError::NegativeCost {
                    id: it.id.clone(),
                    mode: mode_name(m),
                    cost: c,
                });
            }
            if c > MAX_COST {
                return Err(InstanceError::CostTooLarge {
                    id: it.id.clone(),
                    mode: mode_name(m),
                    cost: c,
                    limit: MAX_COST,
                });
            }
            cost[m.index()] = c;
        }
        interps.push(RInterp {
            avail,
            modes: Mode::mask(&it.modes),
            cost,
            max_per_day: it.max_per_day.unwrap_or(u32::MAX),
        });
    }

    let mut requests = Vec::with_capacity(inst.requests.len());
    for r in &inst.requests {
        let agency =
            match &r.agency {
                None => None,
                Some(a) => Some(*agency_idx.get(a.as_str()).ok_or_else(|| {
                    InstanceError::UnknownAgency {
                        kind: "request",
                        id: r.id.clone(),
                        agency: a.clone(),
                    }
                })?),
            };
        if r.weight <= 0 {
            return Err(InstanceError::NonPositiveWeight {
                id: r.id.clone(),
                weight: r.weight,
            });
        }
        if r.weight > MAX_WEIGHT {
            return Err(InstanceError::WeightTooLarge {
                id: r.id.clone(),
                weight: r.weight,
                limit: MAX_WEIGHT,
            });
        }
        let windows = match &r.windows {
            None => None,
            Some(ws) => Some(windows(tz, "request", &r.id, "windows", ws)?),
        };
        let deadline = match &r.deadline {
            None => None,
            Some(d) => Some(at(tz, "request", &r.id, "deadline", d)?),
        };
        requests.push(RRequest {
            agency,
            windows,
            deadline,
            modes: Mode::mask(&r.modes),
        });
    }

    Ok(Resolved {
        inst,
        tz,
        session_idx,
        interp_idx,
        request_idx,
        sessions,
        interps,
        requests,
        center_langs: inst.center_languages.iter().map(String::as_str).collect(),
        agency_langs: inst
            .agencies
            .iter()
            .map(|a| a.languages.iter().map(String::as_str).collect())
            .collect(),
    })
}

impl Instance {
    /// Checks everything that makes an instance unsolvable: format and month,
    /// time zones, local times, duplicate ids, unknown agencies, weights,
    /// costs, intervals and slot sizes. Pins are not validated here: a bad pin
    /// is merely "not binding" (reported by [`super::solve`]).
    pub fn validate(&self) -> Result<(), InstanceError> {
        resolve(self).map(|_| ())
    }
}
