//! Expands a validated instance into the indexed "free problem" the solvers
//! work on: global slots, per-(language, slot) interpreter options, and for
//! every request the list of places it may take.
//!
//! Binding pins are applied here once and for all: their booths, interpreter
//! times and per-day counts are subtracted, and interpreter options that would
//! clash with a pin are dropped. The solvers therefore never see pins, and a
//! solution of the free problem plus the pins is always feasible.

use std::collections::HashMap;

use super::format::{Assignment, Mode};
use super::pins::{self, PinAnalysis};
use super::time::Instant;
use super::validate::Resolved;

/// Marker for "no interpreter needed" / "none".
pub(crate) const NONE: u32 = u32::MAX;

/// One slot of one session.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub session: u32,
    pub k: u32,
    pub start: Instant,
    pub end: Instant,
    /// Booths left after binding pins.
    pub cap: u32,
}

/// One interpreter usable at one slot (after pins).
#[derive(Debug, Clone, Copy)]
pub(crate) struct IOpt {
    pub interp: u32,
    /// interpreter modes ∩ session modes.
    pub mask: u8,
    /// Global (interpreter, date) id, for `max_per_day`.
    pub day: u32,
    /// Range of the interpreter's time points (cliques) this slot covers.
    pub clo: u32,
    pub chi: u32,
}

/// One place a request may take: a slot, and either no interpreter
/// (`list == NONE`) or the index of the interpreter-option list to choose from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement {
    pub slot: u32,
    pub list: u32,
}

/// A request of the free problem.
#[derive(Debug, Clone)]
pub(crate) struct Req {
    /// Index in `inst.requests`.
    pub index: usize,
    pub weight: i64,
    pub modes: u8,
    pub places: Vec<Placement>,
    /// Preferred (slot, interpreter or NONE, mode) from `SolveOptions::preferred`.
    pub preferred: Option<(u32, u32, Option<Mode>)>,
    /// Slot-level preference: a `preferred` entry without interpreter, for a
    /// request that needs one there ("same session and slot, any suitable
    /// interpreter").
    pub pref_slot: Option<u32>,
}

/// The free problem (everything that is not pinned).
pub(crate) struct Problem {
    pub slots: Vec<Slot>,
    pub lists: Vec<Vec<IOpt>>,
    /// Remaining per-(interpreter, date) capacity, indexed by `IOpt::day`.
    pub day_cap: Vec<u32>,
    /// Number of time points (cliques) over all interpreters.
    pub n_cliques: usize,
    pub reqs: Vec<Req>,
    /// Interpreter costs per mode.
    pub icost: Vec<[i64; 3]>,
    /// Per interpreter, [`Problem::mode_cost`]'s answer without a preferred mode for each
    /// set of allowed modes (a 3-bit mask): looked up, not searched, because the search's
    /// inner loops ask it for every free option.
    pub best_mode: Vec<[(Mode, i64); 8]>,
    /// W of the binding pins.
    pub pinned_weight: i64,
}

impl Problem {
    /// Best mode and its cost for request `r` with option `o`; the preferred
    /// mode wins when `prefer` is given and allowed.
    pub fn mode_cost(&self, r: &Req, o: &IOpt, prefer: Option<Mode>) -> (Mode, i64) {
        let allowed = o.mask & r.modes;
        if let Some(m) = prefer
            && allowed & m.bit() != 0
        {
            return (m, self.icost[o.interp as usize][m.index()]);
        }
        self.best_mode[o.interp as usize][usize::from(allowed & 7)]
    }
}

/// The cheapest of the `allowed` modes (a mask) at costs `c`, the first of [`Mode::ALL`] on
/// ties; `(Phone, i64::MAX)` when none is allowed.
fn cheapest_mode(c: &[i64; 3], allowed: u8) -> (Mode, i64) {
    let mut best = (Mode::Phone, i64::MAX);
    for m in Mode::ALL {
        if allowed & m.bit() != 0 && c[m.index()] < best.1 {
            best = (m, c[m.index()]);
        }
    }
    best
}

/// Everything `solve` and `check` need besides the free problem.
pub(crate) struct Prepared {
    pub problem: Problem,
    pub pins: PinAnalysis,
}

pub(crate) fn slot_id(first: &[u32], session: usize, k: u32) -> u32 {
    first[session] + k
}

/// Builds the free problem. `preferred` assignments that do not name a known
/// request/session/slot/interpreter are ignored.
pub(crate) fn prepare(rv: &Resolved<'_>, preferred: &[Assignment]) -> Prepared {
    let inst = rv.inst;
    let pins = pins::analyse(rv);

    // Global slots.
    let mut slots = Vec::new();
    let mut session_first = Vec::with_capacity(inst.sessions.len());
    for (s, sess) in inst.sessions.iter().enumerate() {
        session_first.push(slots.len() as u32);
        for k in 0..rv.sessions[s].nslots {
            let (a, b) = rv.slot_interval(s, k);
            slots.push(Slot {
                session: s as u32,
                k,
                start: a,
                end: b,
                cap: sess.booths,
            });
        }
    }

    // Apply binding pins.
    let mut pinned_req = vec![false; inst.requests.len()];
    let mut pin_busy: Vec<Vec<(Instant, Instant)>> = vec![Vec::new(); inst.interpreters.len()];
    let mut pin_days: HashMap<(usize, i64), u32> = HashMap::new();
    let mut pinned_weight = 0i64;
    for (_, info) in &pins.binding {
        pinned_req[info.request] = true;
        pinned_weight += inst.requests[info.request].weight;
        let sid = slot_id(&session_first, info.session, info.slot) as usize;
        slots[sid].cap -= 1;
        if let Some(i) = info.interp {
            pin_busy[i].push((info.start, info.end));
            *pin_days.entry((i, info.day)).or_default() += 1;
        }
    }

    // Language ids of the languages requests use.
    let mut lang_id: HashMap<&str, u32> = HashMap::new();
    for r in &inst.requests {
        let n = lang_id.len() as u32;
        lang_id.entry(r.language.as_str()).or_insert(n);
    }

    // Slots sorted by start, for availability range queries.
    let mut by_start: Vec<u32> = (0..slots.len() as u32).collect();
    by_start.sort_by_key(|&s| (slots[s as usize].start, s));

    // Per interpreter: usable slots, cliques, day ids.
    let mut lists: Vec<Vec<IOpt>> = Vec::new();
    let mut list_of: HashMap<(u32, u32), u32> = HashMap::new();
    let mut day_cap: Vec<u32> = Vec::new();
    let mut n_cliques = 0usize;
    for (i, it) in rv.interps.iter().enumerate() {
        let langs: Vec<u32> = {
            let mut v: Vec<u32> = inst.interpreters[i]
                .languages
                .iter()
                .filter_map(|l| lang_id.get(l.as_str()).copied())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        if langs.is_empty() || it.max_per_day == 0 || it.modes == 0 {
            continue;
        }
        let mut usable: Vec<u32> = Vec::new();
        for &(a, b) in &it.avail {
            let lo = by_start.partition_point(|&s| slots[s as usize].start < a);
            for &s in &by_start[lo..] {
                let sl = &slots[s as usize];
                if sl.start >= b {
                    break;
                }
                if sl.end <= b {
                    usable.push(s);
                }
            }
        }
        usable.sort_unstable();
        usable.dedup();
        usable.retain(|&s| {
            let sl = &slots[s as usize];
            sl.cap > 0
                && it.modes & rv.sessions[sl.session as usize].modes != 0
                && !pin_busy[i].iter().any(|&(a, b)| a < sl.end && sl.start < b)
        });
        if usable.is_empty() {
            continue;
        }
        // Time points: distinct slot starts. Two slots overlap iff they share one.
        let mut points: Vec<Instant> = usable.iter().map(|&s| slots[s as usize].start).collect();
        points.sort_unstable();
        points.dedup();
        let base = n_cliques as u32;
        n_cliques += points.len();
        let mut day_ids: HashMap<i64, u32> = HashMap::new();
        for &s in &usable {
            let sl = &slots[s as usize];
            let day = rv.day(sl.start);
            let left = it
                .max_per_day
                .saturating_sub(pin_days.get(&(i, day)).copied().unwrap_or(0));
            if left == 0 {
                continue;
            }
            let did = *day_ids.entry(day).or_insert_with(|| {
                day_cap.push(left);
                (day_cap.len() - 1) as u32
            });
            let clo = points.partition_point(|&p| p < sl.start) as u32;
            let chi = (points.partition_point(|&p| p < sl.end) as u32).saturating_sub(1);
            let opt = IOpt {
                interp: i as u32,
                mask: it.modes & rv.sessions[sl.session as usize].modes,
                day: did,
                clo: base + clo,
                chi: base + chi.max(clo),
            };
            for &l in &langs {
                let li = *list_of.entry((l, s)).or_insert_with(|| {
                    lists.push(Vec::new());
                    (lists.len() - 1) as u32
                });
                lists[li as usize].push(opt);
            }
        }
    }

    // Topic → sessions.
    let mut by_topic: HashMap<&str, Vec<usize>> = HashMap::new();
    for (s, rs) in rv.sessions.iter().enumerate() {
        for t in &inst.agencies[rs.agency].topics {
            let v = by_topic.entry(t.as_str()).or_default();
            if v.last() != Some(&s) {
                v.push(s);
            }
        }
    }

    let mut pref_of: HashMap<usize, (u32, u32, Option<Mode>)> = HashMap::new();
    let mut pref_slot_of: HashMap<usize, u32> = HashMap::new();
    for a in preferred {
        let (Some(&r), Some(&s)) = (
            rv.request_idx.get(a.request.as_str()),
            rv.session_idx.get(a.session.as_str()),
        ) else {
            continue;
        };
        if a.slot < 0 || a.slot >= i64::from(rv.sessions[s].nslots) {
            continue;
        }
        let i = match &a.interpreter {
            None => NONE,
            Some(name) => match rv.interp_idx.get(name.as_str()) {
                Some(&i) => i as u32,
                None => continue,
            },
        };
        let sid = slot_id(&session_first, s, a.slot as u32);
        if i == NONE && rv.needs_interpreter(r, s) {
            pref_slot_of.entry(r).or_insert(sid);
        } else {
            pref_of.entry(r).or_insert((sid, i, a.mode));
        }
    }

    let mut reqs = Vec::new();
    for (r, rq) in inst.requests.iter().enumerate() {
        if pinned_req[r] {
            continue;
        }
        let modes = rv.requests[r].modes;
        let lang = lang_id.get(rq.language.as_str()).copied().unwrap_or(NONE);
        let mut places = Vec::new();
        if let Some(ss) = by_topic.get(rq.topic.as_str()) {
            for &s in ss {
                if !rv.topic_ok(r, s) {
                    continue;
                }
                let need = rv.needs_interpreter(r, s);
                let first = session_first[s];
                for k in 0..rv.sessions[s].nslots {
                    let sid = first + k;
                    let sl = &slots[sid as usize];
                    if sl.cap == 0
                        || !rv.deadline_ok(r, sl.end)
                        || !rv.windows_ok(r, sl.start, sl.end)
                    {
                        continue;
                    }
                    if !need {
                        places.push(Placement {
                            slot: sid,
                            list: NONE,
                        });
                    } else if let Some(&li) = list_of.get(&(lang, sid))
                        && lists[li as usize].iter().any(|o| o.mask & modes != 0)
                    {
                        places.push(Placement {
                            slot: sid,
                            list: li,
                        });
                    }
                }
            }
        }
        places.sort_by_key(|p| p.slot);
        reqs.push(Req {
            index: r,
            weight: rq.weight,
            modes,
            places,
            preferred: pref_of.get(&r).copied(),
            pref_slot: pref_slot_of.get(&r).copied(),
        });
    }

    // A slot never needs more booths than the requests that could take it:
    // clamping keeps memory (the auction keeps one price per booth) and
    // running time independent of the `booths` number itself.
    let mut users = vec![0u32; slots.len()];
    for rq in &reqs {
        for pl in &rq.places {
            users[pl.slot as usize] += 1;
        }
    }
    for (sl, &u) in slots.iter_mut().zip(&users) {
        sl.cap = sl.cap.min(u);
    }

    Prepared {
        problem: Problem {
            slots,
            lists,
            day_cap,
            n_cliques,
            reqs,
            icost: rv.interps.iter().map(|i| i.cost).collect(),
            best_mode: rv
                .interps
                .iter()
                .map(|i| std::array::from_fn(|mask| cheapest_mode(&i.cost, mask as u8)))
                .collect(),
            pinned_weight,
        },
        pins,
    }
}
