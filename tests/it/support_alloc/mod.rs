//! Shared test helpers for the allocation tests, written independently of
//! `soudan::alloc` internals: an independent feasibility checker, an
//! exhaustive solver for tiny instances and a random tiny-instance generator.
//! Only the public serde types are shared with the library.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDateTime, Offset, TimeDelta, TimeZone};
use chrono_tz::Tz;
use soudan::alloc::{
    Agency, Assignment, Cost, Instance, Interpreter, Mode, Request, Session, Solution, Window,
};

// ---------------------------------------------------------------- time

fn naive(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .unwrap_or_else(|_| panic!("bad time {s}"))
}

fn offset_at(tz: Tz, utc_secs: i64) -> i64 {
    let dt = tz.timestamp_opt(utc_secs, 0).unwrap();
    i64::from(dt.offset().fix().local_minus_utc())
}

/// Independent local → UTC seconds: try every quarter-hour offset; the
/// earliest consistent instant wins (fold); if none is consistent (gap), use
/// the offset in force a day earlier (no zone used in the tests changes
/// twice within a day).
pub fn to_utc(tz: Tz, s: &str) -> i64 {
    let l = naive(s).and_utc().timestamp();
    let mut found: Vec<i64> = Vec::new();
    for q in -14 * 4..=14 * 4 {
        let g = q * 15 * 60;
        let u = l - g;
        if offset_at(tz, u) == g {
            found.push(u);
        }
    }
    if let Some(&u) = found.iter().min() {
        return u;
    }
    l - offset_at(tz, l - 26 * 3600)
}

pub fn local_date(tz: Tz, utc: i64) -> chrono::NaiveDate {
    tz.timestamp_opt(utc, 0).unwrap().date_naive()
}

// ---------------------------------------------------------------- checker

/// Independent feasibility check of rules (1)–(6) and the objective.
/// Returns the list of problems (empty = feasible).
pub fn independent_check(inst: &Instance, sol: &Solution) -> Vec<String> {
    let mut errs = Vec::new();
    let tz: Tz = inst.timezone.parse().unwrap();
    let req: HashMap<&str, &Request> = inst.requests.iter().map(|r| (r.id.as_str(), r)).collect();
    let ses: HashMap<&str, &Session> = inst.sessions.iter().map(|s| (s.id.as_str(), s)).collect();
    let ag: HashMap<&str, &Agency> = inst.agencies.iter().map(|a| (a.id.as_str(), a)).collect();
    let int: HashMap<&str, &Interpreter> = inst
        .interpreters
        .iter()
        .map(|i| (i.id.as_str(), i))
        .collect();

    if sol.format != "soudan-solution/1" {
        errs.push("format".into());
    }
    // (1)
    let mut count: HashMap<&str, u32> = HashMap::new();
    for id in sol
        .assignments
        .iter()
        .map(|a| a.request.as_str())
        .chain(sol.unassigned.iter().map(|u| u.request.as_str()))
    {
        if !req.contains_key(id) {
            errs.push(format!("unknown request {id}"));
        }
        *count.entry(id).or_default() += 1;
    }
    for r in &inst.requests {
        if count.get(r.id.as_str()).copied().unwrap_or(0) != 1 {
            errs.push(format!(
                "request {} listed {:?} times",
                r.id,
                count.get(r.id.as_str())
            ));
        }
    }
    let mut w = 0i64;
    let mut c = 0i64;
    let mut booths: BTreeMap<(String, i64), u32> = BTreeMap::new();
    let mut busy: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
    let mut per_day: BTreeMap<(String, chrono::NaiveDate), u32> = BTreeMap::new();
    for a in &sol.assignments {
        match place_ok(inst, tz, &req, &ses, &ag, &int, a) {
            Err(e) => errs.push(format!("{}: {e}", a.request)),
            Ok(p) => {
                w += req[a.request.as_str()].weight;
                c += p.cost;
                *booths.entry((a.session.clone(), a.slot)).or_default() += 1;
                if let Some(i) = &a.interpreter {
                    busy.entry(i.clone()).or_default().push((p.start, p.end));
                    *per_day
                        .entry((i.clone(), local_date(tz, p.start)))
                        .or_default() += 1;
                }
            }
        }
    }
    for ((s, k), n) in &booths {
        if *n > ses[s.as_str()].booths {
            errs.push(format!("{s} slot {k}: {n} > booths"));
        }
    }
    for (i, v) in &busy {
        for x in 0..v.len() {
            for y in x + 1..v.len() {
                if v[x].0 < v[y].1 && v[y].0 < v[x].1 {
                    errs.push(format!("interpreter {i} double-booked"));
                }
            }
        }
    }
    for ((i, d), n) in &per_day {
        if let Some(m) = int[i.as_str()].max_per_day
            && *n > m
        {
            errs.push(format!("interpreter {i}: {n} on {d} > {m}"));
        }
    }
    // (6)
    for p in binding_pins(inst) {
        if !sol.assignments.contains(&p) {
            errs.push(format!("binding pin of {} not kept", p.request));
        }
    }
    if sol.objective.weight != w || sol.objective.cost != c {
        errs.push(format!(
            "objective {:?} != recomputed W={w} C={c}",
            sol.objective
        ));
    }
    errs
}

pub struct PlaceInfo {
    pub start: i64,
    pub end: i64,
    pub cost: i64,
}

/// Rules (2)–(5) for one assignment alone.
pub fn place_ok(
    inst: &Instance,
    tz: Tz,
    req: &HashMap<&str, &Request>,
    ses: &HashMap<&str, &Session>,
    ag: &HashMap<&str, &Agency>,
    int: &HashMap<&str, &Interpreter>,
    a: &Assignment,
) -> Result<PlaceInfo, String> {
    let r = req.get(a.request.as_str()).ok_or("unknown request")?;
    let s = ses.get(a.session.as_str()).ok_or("unknown session")?;
    let s0 = to_utc(tz, &s.start);
    let s1 = to_utc(tz, &s.end);
    let len = i64::from(s.slot_minutes) * 60;
    let n = (s1 - s0) / len;
    if a.slot < 0 || a.slot >= n {
        return Err("slot out of range".into());
    }
    if s.booths == 0 {
        return Err("no booths".into());
    }
    let start = s0 + a.slot * len;
    let end = start + len;
    let agency = ag[s.agency.as_str()];
    if !agency.topics.contains(&r.topic) {
        return Err("topic".into());
    }
    if let Some(x) = &r.agency
        && *x != agency.id
    {
        return Err("agency".into());
    }
    if let Some(ws) = &r.windows
        && !ws
            .iter()
            .any(|w| to_utc(tz, &w.start) <= start && end <= to_utc(tz, &w.end))
    {
        return Err("windows".into());
    }
    if let Some(d) = &r.deadline
        && end > to_utc(tz, d)
    {
        return Err("deadline".into());
    }
    let need =
        !inst.center_languages.contains(&r.language) && !agency.languages.contains(&r.language);
    if !need {
        if a.interpreter.is_some() || a.mode.is_some() {
            return Err("interpreter/mode must be null".into());
        }
        return Ok(PlaceInfo {
            start,
            end,
            cost: 0,
        });
    }
    let i = int
        .get(a.interpreter.as_deref().ok_or("interpreter missing")?)
        .ok_or("unknown interpreter")?;
    let m = a.mode.ok_or("mode missing")?;
    if !i.languages.contains(&r.language) {
        return Err("language".into());
    }
    if !(r.modes.contains(&m) && s.modes.contains(&m) && i.modes.contains(&m)) {
        return Err("mode".into());
    }
    let itz: Tz = i.timezone.parse().unwrap();
    if !i
        .availability
        .iter()
        .any(|w| to_utc(itz, &w.start) <= start && end <= to_utc(itz, &w.end))
    {
        return Err("availability".into());
    }
    if i.max_per_day == Some(0) {
        return Err("max_per_day 0".into());
    }
    let cost = match m {
        Mode::InPerson => i.cost.in_person,
        Mode::Video => i.cost.video,
        Mode::Phone => i.cost.phone,
    };
    Ok(PlaceInfo { start, end, cost })
}

/// Pins that are binding under rule (6), computed independently.
pub fn binding_pins(inst: &Instance) -> Vec<Assignment> {
    let tz: Tz = inst.timezone.parse().unwrap();
    let req: HashMap<&str, &Request> = inst.requests.iter().map(|r| (r.id.as_str(), r)).collect();
    let ses: HashMap<&str, &Session> = inst.sessions.iter().map(|s| (s.id.as_str(), s)).collect();
    let ag: HashMap<&str, &Agency> = inst.agencies.iter().map(|a| (a.id.as_str(), a)).collect();
    let int: HashMap<&str, &Interpreter> = inst
        .interpreters
        .iter()
        .map(|i| (i.id.as_str(), i))
        .collect();
    let valid: Vec<(&Assignment, PlaceInfo)> = inst
        .pinned
        .iter()
        .filter_map(|p| {
            place_ok(inst, tz, &req, &ses, &ag, &int, p)
                .ok()
                .map(|i| (p, i))
        })
        .collect();
    let mut out = Vec::new();
    'pins: for (x, (p, pi)) in valid.iter().enumerate() {
        let mut same_slot = 0;
        let mut same_day = 0;
        for (y, (q, qi)) in valid.iter().enumerate() {
            if x == y {
                continue;
            }
            if q.request == p.request {
                continue 'pins;
            }
            if q.session == p.session && q.slot == p.slot {
                same_slot += 1;
            }
            if p.interpreter.is_some() && q.interpreter == p.interpreter {
                if pi.start < qi.end && qi.start < pi.end {
                    continue 'pins;
                }
                if local_date(tz, pi.start) == local_date(tz, qi.start) {
                    same_day += 1;
                }
            }
        }
        if same_slot + 1 > ses[p.session.as_str()].booths {
            continue;
        }
        if let Some(i) = &p.interpreter
            && let Some(m) = int[i.as_str()].max_per_day
            && same_day + 1 > m
        {
            continue;
        }
        out.push((*p).clone());
    }
    out
}

// ---------------------------------------------------------------- exhaustive

/// Exhaustive optimum (W, C) by depth-first enumeration of every request's
/// options (unassigned, or any place with the cheapest accepted mode per
/// interpreter — the mode only affects cost). Binding pins are fixed.
pub fn exhaustive(inst: &Instance) -> (i64, i64) {
    let tz: Tz = inst.timezone.parse().unwrap();
    let req: HashMap<&str, &Request> = inst.requests.iter().map(|r| (r.id.as_str(), r)).collect();
    let ses: HashMap<&str, &Session> = inst.sessions.iter().map(|s| (s.id.as_str(), s)).collect();
    let ag: HashMap<&str, &Agency> = inst.agencies.iter().map(|a| (a.id.as_str(), a)).collect();
    let int: HashMap<&str, &Interpreter> = inst
        .interpreters
        .iter()
        .map(|i| (i.id.as_str(), i))
        .collect();
    let pins = binding_pins(inst);
    let mut fixed: Vec<Assignment> = pins.clone();
    let pinned_ids: Vec<&str> = pins.iter().map(|p| p.request.as_str()).collect();
    let mut options: Vec<(i64, Vec<Assignment>)> = Vec::new();
    for r in &inst.requests {
        if pinned_ids.contains(&r.id.as_str()) {
            continue;
        }
        let mut opts = Vec::new();
        for s in &inst.sessions {
            let s0 = to_utc(tz, &s.start);
            let s1 = to_utc(tz, &s.end);
            let n = (s1 - s0) / (i64::from(s.slot_minutes) * 60);
            for k in 0..n {
                let base = Assignment {
                    request: r.id.clone(),
                    session: s.id.clone(),
                    slot: k,
                    interpreter: None,
                    mode: None,
                };
                if place_ok(inst, tz, &req, &ses, &ag, &int, &base).is_ok() {
                    opts.push(base.clone());
                }
                for i in &inst.interpreters {
                    let mut best: Option<(i64, Assignment)> = None;
                    for m in [Mode::InPerson, Mode::Video, Mode::Phone] {
                        let a = Assignment {
                            interpreter: Some(i.id.clone()),
                            mode: Some(m),
                            ..base.clone()
                        };
                        if let Ok(p) = place_ok(inst, tz, &req, &ses, &ag, &int, &a)
                            && best.as_ref().is_none_or(|b| p.cost < b.0)
                        {
                            best = Some((p.cost, a));
                        }
                    }
                    if let Some((_, a)) = best {
                        opts.push(a);
                    }
                }
            }
        }
        options.push((r.weight, opts));
    }
    let remaining: Vec<i64> = {
        let mut v = vec![0i64; options.len() + 1];
        for k in (0..options.len()).rev() {
            v[k] = v[k + 1]
                + if options[k].1.is_empty() {
                    0
                } else {
                    options[k].0
                };
        }
        v
    };
    let mut best = (i64::MIN, i64::MIN);
    fn feasible(inst: &Instance, a: &[Assignment]) -> bool {
        let sol = Solution {
            format: "soudan-solution/1".into(),
            assignments: a.to_vec(),
            unassigned: vec![],
            objective: Default::default(),
        };
        // Only the joint rules matter here (each option is valid alone).
        independent_check(inst, &sol)
            .iter()
            .all(|e| e.contains("listed") || e.contains("objective") || e.contains("pin"))
    }
    #[allow(clippy::too_many_arguments)]
    fn dfs(
        inst: &Instance,
        options: &[(i64, Vec<Assignment>)],
        remaining: &[i64],
        k: usize,
        cur: &mut Vec<Assignment>,
        w: i64,
        c: i64,
        best: &mut (i64, i64),
        int: &HashMap<&str, &Interpreter>,
    ) {
        if w + remaining[k] < best.0 {
            return;
        }
        if k == options.len() {
            if (w, -c) > *best {
                *best = (w, -c);
            }
            return;
        }
        for a in &options[k].1 {
            cur.push(a.clone());
            if feasible(inst, cur) {
                let cost = a
                    .interpreter
                    .as_ref()
                    .map(|i| {
                        let ii = int[i.as_str()];
                        match a.mode {
                            Some(Mode::InPerson) => ii.cost.in_person,
                            Some(Mode::Video) => ii.cost.video,
                            Some(Mode::Phone) => ii.cost.phone,
                            None => 0,
                        }
                    })
                    .unwrap_or(0);
                dfs(
                    inst,
                    options,
                    remaining,
                    k + 1,
                    cur,
                    w + options[k].0,
                    c + cost,
                    best,
                    int,
                );
            }
            cur.pop();
        }
        dfs(inst, options, remaining, k + 1, cur, w, c, best, int);
    }
    let pw: i64 = pins.iter().map(|p| req[p.request.as_str()].weight).sum();
    let pc: i64 = pins
        .iter()
        .filter_map(|p| {
            let i = int.get(p.interpreter.as_deref()?)?;
            Some(match p.mode? {
                Mode::InPerson => i.cost.in_person,
                Mode::Video => i.cost.video,
                Mode::Phone => i.cost.phone,
            })
        })
        .sum();
    dfs(
        inst, &options, &remaining, 0, &mut fixed, pw, pc, &mut best, &int,
    );
    (best.0, -best.1)
}

// ---------------------------------------------------------------- random tiny instances

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x1234_5678)
    }
    pub fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0 | 1;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

fn t(day: u32, h: u32, m: u32) -> String {
    format!("2027-03-{day:02}T{h:02}:{m:02}:00")
}

fn modes(rng: &mut Rng) -> Vec<Mode> {
    let all = [Mode::InPerson, Mode::Video, Mode::Phone];
    let v: Vec<Mode> = all.iter().copied().filter(|_| rng.chance(2, 3)).collect();
    if v.is_empty() {
        vec![*rng.pick(&all)]
    } else {
        v
    }
}

/// A tiny random instance (at most `max_req` requests) with overlapping
/// sessions, remote interpreters in DST zones, windows, deadlines and pins.
pub fn tiny(seed: u64, max_req: u64) -> Instance {
    let mut rng = Rng::new(seed);
    let agencies = vec![
        Agency {
            id: "imm".into(),
            topics: vec!["residence".into()],
            languages: vec!["ja".into(), "en".into()],
        },
        Agency {
            id: "law".into(),
            topics: vec!["residence".into(), "labor".into()],
            languages: vec!["ja".into()],
        },
    ];
    let n_s = 1 + rng.below(3);
    let mut sessions = Vec::new();
    for k in 0..n_s {
        let day = 15 + rng.below(2) as u32;
        let h = 9 + rng.below(3) as u32;
        let m = *rng.pick(&[0u32, 30]);
        let slot = *rng.pick(&[30u32, 45, 60]);
        let n = 1 + rng.below(3) as i64;
        let start = naive(&t(day, h, m));
        let end = start + TimeDelta::minutes(i64::from(slot) * n + rng.below(20) as i64);
        sessions.push(Session {
            id: format!("s{k}"),
            agency: rng.pick(&["imm", "law"]).to_string(),
            start: start.format("%Y-%m-%dT%H:%M:%S").to_string(),
            end: end.format("%Y-%m-%dT%H:%M:%S").to_string(),
            slot_minutes: slot,
            booths: 1 + rng.below(2) as u32,
            modes: modes(&mut rng),
        });
    }
    let zones = [
        ("Asia/Tokyo", 0i64),
        ("Asia/Kathmandu", -195),
        ("America/New_York", -13 * 60),
        ("Europe/Lisbon", -9 * 60),
    ];
    let n_i = rng.below(4);
    let mut interpreters = Vec::new();
    for k in 0..n_i {
        let (z, shift) = *rng.pick(&zones);
        let mut availability = Vec::new();
        for _ in 0..(1 + rng.below(2)) {
            let day = 15 + rng.below(2) as u32;
            let h = 8 + rng.below(4) as u32;
            let a = naive(&t(day, h, 0)) + TimeDelta::minutes(shift);
            let b = a + TimeDelta::minutes(60 + 30 * rng.below(6) as i64);
            availability.push(Window {
                start: a.format("%Y-%m-%dT%H:%M:%S").to_string(),
                end: b.format("%Y-%m-%dT%H:%M:%S").to_string(),
            });
        }
        interpreters.push(Interpreter {
            id: format!("i{k}"),
            languages: if rng.chance(1, 2) {
                vec!["ne".into()]
            } else {
                vec!["ne".into(), "vi".into()]
            },
            modes: modes(&mut rng),
            timezone: z.into(),
            availability,
            max_per_day: if rng.chance(1, 2) {
                Some(rng.below(3) as u32)
            } else {
                None
            },
            cost: Cost {
                in_person: rng.below(4) as i64,
                video: rng.below(4) as i64,
                phone: rng.below(4) as i64,
            },
        });
    }
    let n_r = 1 + rng.below(max_req);
    let mut requests = Vec::new();
    for k in 0..n_r {
        requests.push(Request {
            id: format!("r{k}"),
            language: rng.pick(&["ja", "en", "ne", "ne", "vi", "km"]).to_string(),
            topic: rng
                .pick(&["residence", "residence", "labor", "tax"])
                .to_string(),
            agency: if rng.chance(1, 5) {
                Some(rng.pick(&["imm", "law"]).to_string())
            } else {
                None
            },
            modes: modes(&mut rng),
            windows: if rng.chance(1, 4) {
                let day = 15 + rng.below(2) as u32;
                Some(vec![Window {
                    start: t(day, 9 + rng.below(2) as u32, 0),
                    end: t(day, 11 + rng.below(3) as u32, 0),
                }])
            } else {
                None
            },
            deadline: if rng.chance(1, 5) {
                Some(t(15, 10 + rng.below(3) as u32, 0))
            } else {
                None
            },
            weight: 1 + rng.below(5) as i64,
        });
    }
    let mut pinned = Vec::new();
    for _ in 0..rng.below(3) {
        let r = rng.below(n_r) as usize;
        let s = rng.below(n_s) as usize;
        let interp = if n_i > 0 && rng.chance(1, 2) {
            Some(format!("i{}", rng.below(n_i)))
        } else {
            None
        };
        let mode = interp
            .as_ref()
            .map(|_| *rng.pick(&[Mode::InPerson, Mode::Video, Mode::Phone]));
        pinned.push(Assignment {
            request: format!("r{r}"),
            session: sessions[s].id.clone(),
            slot: rng.below(2) as i64,
            interpreter: interp,
            mode,
        });
    }
    Instance {
        format: "soudan-instance/1".into(),
        month: "2027-03".into(),
        timezone: "Asia/Tokyo".into(),
        center_languages: vec!["ja".into()],
        agencies,
        sessions,
        interpreters,
        requests,
        pinned,
    }
}

// ---------------------------------------------------------------- hand-made instances

pub fn win(a: &str, b: &str) -> Window {
    Window {
        start: a.into(),
        end: b.into(),
    }
}

/// One agency (residence; speaks ja, en), one session 2026-12-12 13:00–16:00
/// (45-minute slots → 4 slots, 2 booths), one Nepali interpreter in
/// Kathmandu available 09:00–12:30 local (12:15–15:45 JST), one request.
pub fn base() -> Instance {
    Instance {
        format: "soudan-instance/1".into(),
        month: "2026-12".into(),
        timezone: "Asia/Tokyo".into(),
        center_languages: vec!["ja".into()],
        agencies: vec![Agency {
            id: "immigration".into(),
            topics: vec!["residence".into()],
            languages: vec!["ja".into(), "en".into()],
        }],
        sessions: vec![Session {
            id: "imm-12".into(),
            agency: "immigration".into(),
            start: "2026-12-12T13:00:00".into(),
            end: "2026-12-12T16:00:00".into(),
            slot_minutes: 45,
            booths: 2,
            modes: vec![Mode::InPerson, Mode::Video, Mode::Phone],
        }],
        interpreters: vec![Interpreter {
            id: "ne-01".into(),
            languages: vec!["ne".into(), "hi".into()],
            modes: vec![Mode::Video, Mode::Phone],
            timezone: "Asia/Kathmandu".into(),
            availability: vec![win("2026-12-12T09:00:00", "2026-12-12T12:30:00")],
            max_per_day: Some(4),
            cost: Cost {
                in_person: 3,
                video: 2,
                phone: 1,
            },
        }],
        requests: vec![req("R-0001", "ne", 10)],
        pinned: vec![],
    }
}

pub fn req(id: &str, lang: &str, weight: i64) -> Request {
    Request {
        id: id.into(),
        language: lang.into(),
        topic: "residence".into(),
        agency: None,
        modes: vec![Mode::InPerson, Mode::Video, Mode::Phone],
        windows: None,
        deadline: None,
        weight,
    }
}

pub fn pin(r: &str, s: &str, slot: i64, i: Option<&str>, m: Option<Mode>) -> Assignment {
    Assignment {
        request: r.into(),
        session: s.into(),
        slot,
        interpreter: i.map(String::from),
        mode: m,
    }
}

/// Solves, asserts feasibility with both checkers and returns the report.
pub fn solve_checked(inst: &Instance) -> soudan::alloc::SolveReport {
    let rep = soudan::alloc::solve(inst, &Default::default()).expect("valid instance");
    let errs = independent_check(inst, &rep.solution);
    assert!(
        errs.is_empty(),
        "independent checker: {errs:?}\n{}",
        rep.solution.to_json()
    );
    let v = soudan::alloc::check(inst, &rep.solution);
    assert!(v.is_empty(), "alloc::check: {v:?}");
    assert!(rep.solution.objective.weight <= rep.bound_weight);
    rep
}
