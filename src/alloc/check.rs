//! Feasibility checker for a solution against its instance (rules (1)–(6)
//! and the objective), written directly from the rules on resolved times
//! rather than on the solver's data structures, so that `soudan check` does
//! not trust the code it checks.

use std::collections::{BTreeMap, HashMap};

use super::format::{SOLUTION_FORMAT, Solution};
use super::pins;
use super::time::Instant;
use super::validate::{Resolved, resolve};

/// Which rule a violation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The instance itself is invalid.
    Instance,
    /// Wrong `format` string.
    Format,
    /// (1) once / every request listed.
    Once,
    /// (2) session, slot, booths.
    Slot,
    /// (3) topic and agency.
    Topic,
    /// (4) windows and deadline.
    Time,
    /// (5) interpreter rules.
    Interpreter,
    /// (6) binding pins.
    Pin,
    /// `objective` does not match the assignments.
    Objective,
}

/// One broken rule: typed (`fault`, what a coordinator's message is worded from, slots as
/// the instance's 0-based index) and as an English line for the exchange-format tools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub rule: Rule,
    pub fault: Fault,
    pub message: String,
}

/// What exactly is broken, with the ids involved (requests, sessions, interpreters as the
/// instance names them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The instance is invalid, or the solution's format string is wrong (`message` says how).
    Invalid,
    UnknownRequest {
        request: String,
    },
    NotOnce {
        request: String,
        times: u32,
    },
    UnknownSession {
        request: String,
        session: String,
    },
    SlotOutOfRange {
        request: String,
        session: String,
        slot: i64,
    },
    TopicNotServed {
        request: String,
        session: String,
    },
    OutsideWindows {
        request: String,
    },
    AfterDeadline {
        request: String,
    },
    InterpreterNotNeeded {
        request: String,
    },
    InterpreterNeeded {
        request: String,
    },
    UnknownInterpreter {
        request: String,
        interpreter: String,
    },
    DoesNotSpeak {
        request: String,
        interpreter: String,
        language: String,
    },
    ModeNotAccepted {
        request: String,
        mode: String,
    },
    NotAvailable {
        request: String,
        interpreter: String,
    },
    OverBooths {
        session: String,
        slot: u32,
        count: u32,
        booths: u32,
    },
    Overlap {
        interpreter: String,
        first: String,
        second: String,
    },
    OverMaxPerDay {
        interpreter: String,
        count: u32,
        max: u32,
    },
    PinNotKept {
        request: String,
    },
    Objective,
}

impl Fault {
    /// The same fault with each interpreter id replaced by `name(id)` (a coordinator's
    /// message names people).
    pub fn renaming_interpreters(self, name: impl Fn(&String) -> String) -> Fault {
        match self {
            Fault::UnknownInterpreter {
                request,
                interpreter,
            } => Fault::UnknownInterpreter {
                request,
                interpreter: name(&interpreter),
            },
            Fault::DoesNotSpeak {
                request,
                interpreter,
                language,
            } => Fault::DoesNotSpeak {
                request,
                interpreter: name(&interpreter),
                language,
            },
            Fault::NotAvailable {
                request,
                interpreter,
            } => Fault::NotAvailable {
                request,
                interpreter: name(&interpreter),
            },
            Fault::Overlap {
                interpreter,
                first,
                second,
            } => Fault::Overlap {
                interpreter: name(&interpreter),
                first,
                second,
            },
            Fault::OverMaxPerDay {
                interpreter,
                count,
                max,
            } => Fault::OverMaxPerDay {
                interpreter: name(&interpreter),
                count,
                max,
            },
            other => other,
        }
    }
}

fn v(rule: Rule, fault: Fault, message: String) -> Violation {
    Violation {
        rule,
        fault,
        message,
    }
}

/// Returns every violation of `sol` against `inst` (empty = feasible).
pub fn check(inst: &super::format::Instance, sol: &Solution) -> Vec<Violation> {
    Checker::new(inst).check(sol)
}

/// [`check`] for many solutions of one instance: the instance is resolved (times, windows,
/// indexes) once, then every solution is judged by the same rules. A hand placement asks
/// about hundreds of candidates of one month.
pub struct Checker<'a> {
    rv: Result<Resolved<'a>, String>,
}

impl<'a> Checker<'a> {
    pub fn new(inst: &'a super::format::Instance) -> Checker<'a> {
        Checker {
            rv: resolve(inst).map_err(|e| e.to_string()),
        }
    }

    /// Every violation of `sol` (empty = feasible), as [`check`] gives them.
    pub fn check(&self, sol: &Solution) -> Vec<Violation> {
        let rv = match &self.rv {
            Ok(rv) => rv,
            Err(e) => return vec![v(Rule::Instance, Fault::Invalid, e.clone())],
        };
        check_resolved(rv, sol)
    }
}

fn check_resolved(rv: &Resolved<'_>, sol: &Solution) -> Vec<Violation> {
    let mut out = Vec::new();
    if sol.format != SOLUTION_FORMAT {
        out.push(v(
            Rule::Format,
            Fault::Invalid,
            format!("format is {:?}", sol.format),
        ));
    }
    check_rules(rv, sol, &mut out);
    out
}

fn check_rules(rv: &Resolved<'_>, sol: &Solution, out: &mut Vec<Violation>) {
    let inst = rv.inst;
    // (1)
    let mut seen = vec![0u32; inst.requests.len()];
    for id in sol
        .assignments
        .iter()
        .map(|a| &a.request)
        .chain(sol.unassigned.iter().map(|u| &u.request))
    {
        match rv.request_idx.get(id.as_str()) {
            Some(&r) => seen[r] += 1,
            None => out.push(v(
                Rule::Once,
                Fault::UnknownRequest {
                    request: id.clone(),
                },
                format!("unknown request {id:?}"),
            )),
        }
    }
    for (r, &n) in seen.iter().enumerate() {
        if n != 1 {
            out.push(v(
                Rule::Once,
                Fault::NotOnce {
                    request: inst.requests[r].id.clone(),
                    times: n,
                },
                format!(
                    "request {:?} appears {n} times (must be exactly once)",
                    inst.requests[r].id
                ),
            ));
        }
    }
    let mut per_slot: BTreeMap<(usize, u32), u32> = BTreeMap::new();
    let mut per_int: BTreeMap<usize, Vec<(Instant, Instant, usize)>> = BTreeMap::new();
    let mut per_day: BTreeMap<(usize, i64), u32> = BTreeMap::new();
    let mut weight = 0i64;
    let mut cost = 0i64;
    for (n, a) in sol.assignments.iter().enumerate() {
        let Some(&r) = rv.request_idx.get(a.request.as_str()) else {
            continue;
        };
        let rid = &a.request;
        weight += inst.requests[r].weight;
        // (2)
        let Some(&s) = rv.session_idx.get(a.session.as_str()) else {
            out.push(v(
                Rule::Slot,
                Fault::UnknownSession {
                    request: rid.clone(),
                    session: a.session.clone(),
                },
                format!("{rid}: unknown session {:?}", a.session),
            ));
            continue;
        };
        if a.slot < 0 || a.slot >= i64::from(rv.sessions[s].nslots) {
            out.push(v(
                Rule::Slot,
                Fault::SlotOutOfRange {
                    request: rid.clone(),
                    session: a.session.clone(),
                    slot: a.slot,
                },
                format!("{rid}: slot {} out of range", a.slot),
            ));
            continue;
        }
        let k = a.slot as u32;
        *per_slot.entry((s, k)).or_default() += 1;
        // (3)
        if !rv.topic_ok(r, s) {
            out.push(v(
                Rule::Topic,
                Fault::TopicNotServed {
                    request: rid.clone(),
                    session: a.session.clone(),
                },
                format!(
                    "{rid}: session {:?} does not serve its topic/agency",
                    a.session
                ),
            ));
        }
        // (4)
        let (t0, t1) = rv.slot_interval(s, k);
        if !rv.windows_ok(r, t0, t1) {
            out.push(v(
                Rule::Time,
                Fault::OutsideWindows {
                    request: rid.clone(),
                },
                format!("{rid}: slot outside its windows"),
            ));
        }
        if !rv.deadline_ok(r, t1) {
            out.push(v(
                Rule::Time,
                Fault::AfterDeadline {
                    request: rid.clone(),
                },
                format!("{rid}: slot ends after its deadline"),
            ));
        }
        // (5)
        if !rv.needs_interpreter(r, s) {
            if a.interpreter.is_some() || a.mode.is_some() {
                out.push(v(
                    Rule::Interpreter,
                    Fault::InterpreterNotNeeded {
                        request: rid.clone(),
                    },
                    format!("{rid}: no interpreter needed, interpreter and mode must be null"),
                ));
            }
            continue;
        }
        let (Some(name), Some(mode)) = (&a.interpreter, a.mode) else {
            out.push(v(
                Rule::Interpreter,
                Fault::InterpreterNeeded {
                    request: rid.clone(),
                },
                format!("{rid}: needs an interpreter and a mode"),
            ));
            continue;
        };
        let Some(&i) = rv.interp_idx.get(name.as_str()) else {
            out.push(v(
                Rule::Interpreter,
                Fault::UnknownInterpreter {
                    request: rid.clone(),
                    interpreter: name.clone(),
                },
                format!("{rid}: unknown interpreter {name:?}"),
            ));
            continue;
        };
        if !rv.speaks(i, r) {
            out.push(v(
                Rule::Interpreter,
                Fault::DoesNotSpeak {
                    request: rid.clone(),
                    interpreter: name.clone(),
                    language: inst.requests[r].language.clone(),
                },
                format!("{rid}: {name} does not speak {}", inst.requests[r].language),
            ));
        }
        if rv.requests[r].modes & rv.sessions[s].modes & rv.interps[i].modes & mode.bit() == 0 {
            out.push(v(
                Rule::Interpreter,
                Fault::ModeNotAccepted {
                    request: rid.clone(),
                    mode: mode.code().to_string(),
                },
                format!("{rid}: mode {} not accepted by all three", mode.code()),
            ));
        }
        if !rv.available(i, t0, t1) {
            out.push(v(
                Rule::Interpreter,
                Fault::NotAvailable {
                    request: rid.clone(),
                    interpreter: name.clone(),
                },
                format!("{rid}: {name} not available"),
            ));
        }
        cost += rv.interps[i].cost[mode.index()];
        per_int.entry(i).or_default().push((t0, t1, n));
        *per_day.entry((i, rv.day(t0))).or_default() += 1;
    }
    for ((s, k), n) in per_slot {
        if n > inst.sessions[s].booths {
            out.push(v(
                Rule::Slot,
                Fault::OverBooths {
                    session: inst.sessions[s].id.clone(),
                    slot: k,
                    count: n,
                    booths: inst.sessions[s].booths,
                },
                format!(
                    "session {:?} slot {k}: {n} assignments for {} booths",
                    inst.sessions[s].id, inst.sessions[s].booths
                ),
            ));
        }
    }
    for (i, mut iv) in per_int {
        iv.sort_unstable();
        for x in 0..iv.len() {
            for y in x + 1..iv.len() {
                if iv[y].0 >= iv[x].1 {
                    break;
                }
                out.push(v(
                    Rule::Interpreter,
                    Fault::Overlap {
                        interpreter: inst.interpreters[i].id.clone(),
                        first: sol.assignments[iv[x].2].request.clone(),
                        second: sol.assignments[iv[y].2].request.clone(),
                    },
                    format!(
                        "interpreter {:?} has overlapping assignments ({} and {})",
                        inst.interpreters[i].id,
                        sol.assignments[iv[x].2].request,
                        sol.assignments[iv[y].2].request
                    ),
                ));
            }
        }
    }
    for ((i, _), n) in per_day {
        if n > rv.interps[i].max_per_day {
            out.push(v(
                Rule::Interpreter,
                Fault::OverMaxPerDay {
                    interpreter: inst.interpreters[i].id.clone(),
                    count: n,
                    max: rv.interps[i].max_per_day,
                },
                format!(
                    "interpreter {:?}: {n} assignments on one date, max_per_day {}",
                    inst.interpreters[i].id, rv.interps[i].max_per_day
                ),
            ));
        }
    }
    // (6)
    let by_req: HashMap<&str, &super::format::Assignment> = sol
        .assignments
        .iter()
        .map(|a| (a.request.as_str(), a))
        .collect();
    for (p, _) in pins::analyse(rv).binding {
        let pin = &inst.pinned[p];
        if by_req.get(pin.request.as_str()) != Some(&pin) {
            out.push(v(
                Rule::Pin,
                Fault::PinNotKept {
                    request: pin.request.clone(),
                },
                format!("binding pin of {} not kept unchanged", pin.request),
            ));
        }
    }
    if sol.objective.weight != weight || sol.objective.cost != cost {
        out.push(v(
            Rule::Objective,
            Fault::Objective,
            format!(
                "objective says W={} C={}, assignments give W={weight} C={cost}",
                sol.objective.weight, sol.objective.cost
            ),
        ));
    }
}
