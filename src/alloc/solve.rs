//! Orchestration: validate → prepare (pins) → heuristic → bound → exact
//! search when small or when a gap remains → solution with reasons.

use std::time::{Duration, Instant as Clock};

use super::bound;
use super::error::InstanceError;
use super::exact::Exact;
use super::explain::explain;
use super::format::{Assignment, Instance, Objective, SOLUTION_FORMAT, Solution, Unassigned};
use super::matching;
use super::prepare::{NONE, prepare};
use super::search::{Effort, LnsIndex, Search};
use super::state::{Obj, Pick, State};
use super::validate::resolve;

/// Options for [`solve`].
#[derive(Debug, Clone, Default)]
pub struct SolveOptions {
    /// Optional wall-clock cap. Without it the result depends only on the
    /// instance; with it, a slow machine may stop earlier (the solution is
    /// still feasible, `optimal` may be false).
    pub time_limit: Option<Duration>,
    /// Soft pins for "replan": previously confirmed bookings. Among the
    /// solutions the search compares, (W, K, −C) is maximised
    /// lexicographically, where K = 2 × (preferred assignments reproduced
    /// exactly: same session, slot, interpreter and mode) + 1 × (slot-level
    /// preferences met).
    ///
    /// An entry whose `interpreter` is `None` for a request that needs an
    /// interpreter in that session is a **slot-level preference**: "same
    /// session and slot, any suitable interpreter" (see
    /// [`SolveOptions::prefer_slot`]). For a request that needs no
    /// interpreter there it is an exact preference, as before.
    pub preferred: Vec<Assignment>,
    /// Called at each phase boundary and after each exact component, so that a
    /// front end can show a long run's progress. The library itself never prints;
    /// the callback never changes the result.
    pub progress: Option<ProgressFn>,
    /// Ruin-and-recreate stops after this many iterations in a row without a strict
    /// improvement (`None`: [`LNS_PATIENCE`]). A count, never a time, so the result stays a
    /// function of the instance; for engineers comparing effort against quality
    /// (`SOUDAN_ALLOC_LNS_PATIENCE` in `benches/alloc.rs`).
    pub lns_patience: Option<u32>,
    /// Threads of ruin and recreate (`None`: [`LNS_THREADS`]); 1 is the sequential search.
    /// A fixed number, never the machine's core count: the result depends on it (see
    /// `Search::lns_parallel`), so the same month gives the same allocation on any machine.
    pub lns_threads: Option<u32>,
    /// Node budget of ruin and recreate's insertion attempts for requests that were already
    /// waiting before the ruin (`None`: the search's own budget for the month's size).
    pub lns_outsider_budget: Option<u64>,
    /// Threads of the exact phase (`None`: [`EXACT_THREADS`]). Components are independent,
    /// so the result is the same for any number (a test compares 1 and 2).
    pub exact_threads: Option<usize>,
    /// Ruin-and-recreate iterations (per thread; `None`: by the month's size). For engineers
    /// measuring effort against quality (`SOUDAN_ALLOC_LNS_ITERATIONS` in the bench).
    pub lns_iterations: Option<u32>,
}

/// Default of [`SolveOptions::lns_threads`]: one, because measured on metro months two
/// threads at epochs gave less W per CPU second than one thread running more iterations
/// (BENCHMARKS.md, "Issue 24, step 2").
pub const LNS_THREADS: u32 = 1;

/// Iterations each thread of ruin and recreate runs before the threads compare results.
const LNS_EPOCH: u32 = 25;

/// Default of [`SolveOptions::lns_patience`].
pub const LNS_PATIENCE: u32 = u32::MAX;

/// A phase of [`solve`], as [`Progress`] reports it (a front end words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Greedy construction and local search.
    Heuristic,
    /// The upper bound on W.
    Bound,
    /// The second, relaxation-guided start.
    SecondStart,
    /// Ruin and recreate (reported a few times a second while it runs).
    RuinAndRecreate,
    /// Exact search per component.
    Exact,
    Done,
}

/// A snapshot of a running [`solve`], handed to [`SolveOptions::progress`].
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Phase just finished or under way.
    pub phase: Phase,
    /// Best W found so far (pins included).
    pub weight: i64,
    /// Best proven upper bound on W so far (pins included).
    pub bound: i64,
    pub elapsed: Duration,
}

/// A progress callback (shared, so [`SolveOptions`] stays `Clone`).
#[derive(Clone)]
pub struct ProgressFn(pub std::sync::Arc<dyn Fn(&Progress) + Send + Sync>);

impl std::fmt::Debug for ProgressFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressFn(..)")
    }
}

impl ProgressFn {
    pub fn new(f: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        ProgressFn(std::sync::Arc::new(f))
    }
}

impl SolveOptions {
    /// Adds a slot-level preference: keep `request` in (`session`, `slot`)
    /// with any suitable interpreter (counts 1 in K; an exact preferred
    /// assignment counts 2). The first preference given for a request wins.
    pub fn prefer_slot(mut self, request: &str, session: &str, slot: i64) -> Self {
        self.preferred.push(Assignment {
            request: request.to_string(),
            session: session.to_string(),
            slot,
            interpreter: None,
            mode: None,
        });
        self
    }
}

/// Counters describing a run (for logs and benchmarks; not part of the
/// deterministic output).
#[derive(Debug, Clone, Default)]
pub struct SolveStats {
    pub requests: usize,
    /// Requests left after binding pins.
    pub free_requests: usize,
    pub slots: usize,
    /// (request, slot, interpreter) choices considered.
    pub candidates: usize,
    /// W of the greedy construction alone (for comparison).
    pub greedy_weight: i64,
    pub bound_iterations: u32,
    pub exact_nodes: u64,
    /// Preferred assignments reproduced exactly.
    pub kept_preferred: i64,
    /// Slot-level preferences met (same session and slot, any interpreter).
    pub kept_preferred_slots: i64,
    /// Upper bound from the booth-exact auction relaxation alone.
    pub auction_bound: i64,
    pub timed_out: bool,
    pub elapsed: Duration,
    /// Wall time per phase: [prepare + greedy + local search, bound,
    /// second (hint-guided) start, ruin-and-recreate, exact search].
    pub phase_times: [Duration; 5],
    /// Ruin-and-recreate iterations run, and the last one that strictly improved.
    pub lns_iterations: u32,
    pub lns_last_improvement: u32,
}

/// Result of [`solve`].
#[derive(Debug, Clone)]
pub struct SolveReport {
    pub solution: Solution,
    /// Proven upper bound on W (pins included). `solution.objective.weight <= bound_weight`.
    pub bound_weight: i64,
    /// W is proven maximal (`objective.weight == bound_weight`).
    pub optimal: bool,
    /// Additionally K and C are proven optimal for that W (exact search finished).
    pub cost_optimal: bool,
    /// Pins that are not binding, each with the reason.
    pub pins_not_binding: Vec<(Assignment, String)>,
    pub stats: SolveStats,
}

/// Work budget of the depth-first search per component, in node × candidate
/// visits (each node scans the component's candidates): a fixed amount of
/// work, so a component of any size gets the same effort before the MIP.
const DFS_WORK: u64 = 500_000;
/// Node cap of the depth-first search (tiny components).
const DFS_MAX_NODES: u64 = 20_000;
/// Largest component (in binaries) given to the MIP engine: a resource guard, not a
/// tuning knob — beyond it the root LP alone takes seconds in `microlp`, and the
/// Lagrangian bound with the local search is the better use of the time.
const MIP_MAX_VARS: usize = 60_000;
/// Branch-and-bound work per MIP solve, in node × binary units (each node re-solves an LP
/// over the component): a count, so runs stay deterministic, and the same work whatever
/// the component's size. Proving W rarely needs more than the root; proving C at that W
/// (many equal-cost alternatives) can need far more, and is given a sixteenth: a C that
/// is not proven stays the heuristic's, reported as such.
const MIP_WORK: u64 = 1_000_000;

/// Connected components of requests that share a slot, an interpreter time
/// point or an interpreter date (requests without places are left out).
fn components(p: &super::prepare::Problem) -> Vec<Vec<usize>> {
    fn find(up: &mut [usize], mut x: usize) -> usize {
        while up[x] != x {
            up[x] = up[up[x]];
            x = up[x];
        }
        x
    }
    let n = p.reqs.len();
    let mut up: Vec<usize> = (0..n).collect();
    let mut owner_s = vec![usize::MAX; p.slots.len()];
    let mut owner_q = vec![usize::MAX; p.n_cliques];
    let mut owner_d = vec![usize::MAX; p.day_cap.len()];
    let join = |owner: &mut usize, r: usize, up: &mut Vec<usize>| {
        if *owner == usize::MAX {
            *owner = r;
        } else {
            let (a, b) = (find(up, *owner), find(up, r));
            if a != b {
                up[a.max(b)] = a.min(b);
            }
        }
    };
    for (r, req) in p.reqs.iter().enumerate() {
        for pl in &req.places {
            join(&mut owner_s[pl.slot as usize], r, &mut up);
            if pl.list != NONE {
                for o in &p.lists[pl.list as usize] {
                    if o.mask & req.modes == 0 {
                        continue;
                    }
                    join(&mut owner_d[o.day as usize], r, &mut up);
                    for q in o.clo..=o.chi {
                        join(&mut owner_q[q as usize], r, &mut up);
                    }
                }
            }
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for r in 0..n {
        if !p.reqs[r].places.is_empty() {
            let root = find(&mut up, r);
            by_root.entry(root).or_default().push(r);
        }
    }
    by_root.into_values().collect()
}

/// Default of [`SolveOptions::exact_threads`].
pub const EXACT_THREADS: usize = 2;

/// What every component's exact search reads.
struct ExactCtx<'a, 'p> {
    p: &'p super::prepare::Problem,
    bound: &'a bound::Bound,
    n_picks: &'a [usize],
    /// The heuristic's W is below the global bound.
    gap: bool,
    deadline: Option<Clock>,
}

/// One component's exact result: its requests' picks, its proven bound on W.
struct CompResult {
    assign: Vec<(usize, Option<Pick>)>,
    nodes: u64,
    bound: i64,
    cost_done: bool,
    timed_out: bool,
}

/// Exact search of one component from the incumbent `assign`: first the depth-first
/// search, whose node budget is a fixed amount of work (each node scans the component),
/// then, for what it cannot close, the MIP engine of `mip.rs`. A component that no method
/// closes keeps the heuristic's assignment and contributes its proven bound.
fn exact_component(ctx: &ExactCtx, comp: &[usize], assign: &[Option<Pick>]) -> CompResult {
    let (p, b, deadline) = (ctx.p, ctx.bound, ctx.deadline);
    let mut out: Vec<(usize, Option<Pick>)> = comp.iter().map(|&r| (r, assign[r])).collect();
    let mut nodes = 0;
    let size: usize = comp.iter().map(|&r| ctx.n_picks[r]).sum::<usize>().max(1);
    // A component whose every node costs more than 1/16 of the budget is not
    // searched depth-first (it could not go deeper than a few requests, and its
    // per-request pick lists would cost memory in proportion to its size).
    let dfs_nodes = DFS_WORK / size as u64;
    let mut wb = i64::MAX;
    let mut inc = std::borrow::Cow::Borrowed(assign);
    if dfs_nodes >= 16 {
        let mut ex = Exact::new(
            p,
            comp,
            assign,
            Some(b),
            dfs_nodes.min(DFS_MAX_NODES),
            deadline,
        );
        let done = ex.run();
        nodes += ex.nodes;
        for (r, a) in &mut out {
            *a = ex.best_assign[*r];
        }
        if done {
            return CompResult {
                assign: out,
                nodes,
                bound: ex.best.w,
                cost_done: true,
                timed_out: false,
            };
        }
        wb = ex.root_bound.max(ex.best.w);
        let owned = inc.to_mut();
        for &(r, a) in &out {
            owned[r] = a;
        }
    }
    let comp_w: i64 = out
        .iter()
        .filter(|(_, a)| a.is_some())
        .map(|&(r, _)| p.reqs[r].weight)
        .sum();
    let mut cost_done = false;
    if size <= MIP_MAX_VARS {
        // W is known optimal for every component when the global bound is met.
        let w_known = !ctx.gap || wb == comp_w;
        let mip_nodes = (MIP_WORK / size as u64).max(16);
        if let Some(res) = super::mip::solve_component(p, comp, &inc, w_known, mip_nodes, deadline)
        {
            nodes += res.nodes;
            let at: std::collections::HashMap<usize, usize> =
                out.iter().enumerate().map(|(i, &(r, _))| (r, i)).collect();
            for &(r, a) in &res.assign {
                if let Some(&i) = at.get(&r) {
                    out[i].1 = a;
                }
            }
            wb = wb.min(res.w_bound).max(res.obj.w);
            cost_done = res.w_proven && res.cost_proven;
        }
    }
    CompResult {
        assign: out,
        nodes,
        bound: wb,
        cost_done,
        timed_out: !cost_done && deadline.is_some_and(|d| Clock::now() >= d),
    }
}

/// Solves an instance. Errors only when the instance is invalid.
pub fn solve(inst: &Instance, opts: &SolveOptions) -> Result<SolveReport, InstanceError> {
    let t0 = Clock::now();
    let deadline = opts.time_limit.map(|d| t0 + d);
    let rv = resolve(inst)?;
    let prep = prepare(&rv, &opts.preferred);
    let p = &prep.problem;
    let pw = p.pinned_weight;
    let report = |phase: Phase, w: i64, bound: i64| {
        if let Some(f) = &opts.progress {
            (f.0)(&Progress {
                phase,
                weight: w + pw,
                bound: bound.saturating_add(pw),
                elapsed: t0.elapsed(),
            });
        }
    };

    let mut n_picks = vec![0usize; p.reqs.len()];
    {
        let st = State::new(p);
        let mut buf = Vec::new();
        for (r, n) in n_picks.iter_mut().enumerate() {
            st.picks(r, &mut buf);
            *n = buf.len();
        }
    }
    let n_cand: usize = n_picks.iter().sum();
    let effort = Effort {
        depth: if n_cand <= 200_000 { 3 } else { 2 },
        budget: if n_cand <= 200_000 { 4_000 } else { 600 },
        rounds: if n_cand <= 2_000_000 { 8 } else { 3 },
        outsider_budget: opts.lns_outsider_budget.unwrap_or(if n_cand <= 200_000 {
            4_000
        } else {
            600
        }),
        deadline,
    };
    let mut search = Search::new(p, effort);
    search.greedy();
    let greedy_weight = search.st.obj.w + p.pinned_weight;
    search.improve();
    let mut timed_out = search.timed_out;
    let mut assign: Vec<Option<Pick>> = search.st.assign.clone();
    let mut obj: Obj = search.st.obj;

    let iters = if n_cand <= 200_000 {
        3_000
    } else if n_cand <= 2_000_000 {
        600
    } else {
        300
    };

    // Booth-exact bound first (auction on the request–slot b-matching), then
    // the full subgradient warm-started from it on small and medium sizes,
    // where interpreter constraints are more often binding.
    let t_heur = t0.elapsed();
    report(Phase::Heuristic, obj.w, super::bound::trivial(p));
    let t1 = Clock::now();
    let outer = if n_cand <= 200_000 {
        10
    } else if n_cand <= 2_000_000 {
        4
    } else {
        1
    };
    let mb = matching::bound(p, obj.w, outer, deadline);
    let mb_bound = mb.bound;
    let b = if mb.bound > obj.w && n_cand <= 200_000 {
        let cfg = bound::Cfg {
            patience: 50,
            deflect: 0.5,
            stall: 600,
            ..bound::Cfg::default()
        };
        bound::lagrangian_from(p, obj.w, iters, deadline, cfg, Some(&mb))
    } else {
        mb
    };
    let t_bound = t1.elapsed();
    report(Phase::Bound, obj.w, b.bound);
    let t1 = Clock::now();
    // A second start from the relaxation's slots; keep the better one.
    if b.bound > obj.w && !b.hint.is_empty() && !search.timed_out {
        let mut alt = Search::new(p, effort);
        alt.greedy_hint(&b.hint);
        alt.improve();
        timed_out |= alt.timed_out;
        if alt.st.obj.better_than(&obj) {
            search = alt;
            assign.clone_from(&search.st.assign);
            obj = search.st.obj;
        }
    }
    let t_second = t1.elapsed();
    report(Phase::SecondStart, obj.w, b.bound);
    let t1 = Clock::now();
    // Up to the MIP's size the exact phase closes what ruin-and-recreate
    // would hunt for, so only a short run (a better warm start) is spent here.
    let lns_iters: u32 = opts.lns_iterations.unwrap_or(if n_cand <= MIP_MAX_VARS {
        30
    } else if n_cand <= 2_000_000 {
        2_000
    } else {
        300
    });
    let (mut lns_done, mut lns_last) = (0, 0);
    if b.bound > obj.w {
        let idx = LnsIndex::new(p);
        let mut last_tick = Clock::now();
        (lns_done, lns_last) = search.lns_parallel(
            &idx,
            lns_iters,
            0x50DA_u64,
            b.bound,
            opts.lns_patience.unwrap_or(LNS_PATIENCE),
            opts.lns_threads.unwrap_or(LNS_THREADS),
            LNS_EPOCH,
            &mut |w| {
                // The longest phase on big months: the line moves while it runs.
                if opts.progress.is_some() && last_tick.elapsed() >= Duration::from_millis(250) {
                    last_tick = Clock::now();
                    report(Phase::RuinAndRecreate, w, b.bound);
                }
            },
        );
        assign.clone_from(&search.st.assign);
        obj = search.st.obj;
    }
    let t_lns = t1.elapsed();
    report(Phase::RuinAndRecreate, obj.w, b.bound);
    let t1 = Clock::now();
    let mut exact_nodes = 0;
    let mut cost_optimal = true;
    // Exact search per independent component (sum of small searches instead
    // of one product-sized one): first the depth-first search, whose node
    // budget is a fixed amount of work (each node scans the component), then,
    // for what it cannot close, the MIP engine of `mip.rs`. Components that no
    // method closes keep the heuristic's assignment and contribute their
    // proven bound.
    let comps = components(p);
    let gap = b.bound > obj.w;
    let mut comp_bound = 0i64;
    let mut last_exact_report = Clock::now();
    let ctx = ExactCtx {
        p,
        bound: &b,
        n_picks: &n_picks,
        gap,
        deadline,
    };
    // Components share no booth, time point or date, so each one's result depends on its
    // own requests only: solved on EXACT_THREADS threads in any order, applied as they come,
    // the month's result is the same as one after another.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<Option<CompResult>>();
    std::thread::scope(|s| {
        let threads = opts.exact_threads.unwrap_or(EXACT_THREADS).max(1);
        for _ in 0..threads.min(comps.len()) {
            let (tx, next, ctx, comps, start) = (tx.clone(), &next, &ctx, &comps, &assign);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(comp) = comps.get(i) else { break };
                    // A deadline passed: the rest keep the heuristic's assignment, and
                    // the bound stays the global one.
                    let res = if deadline.is_some_and(|d| Clock::now() >= d) {
                        None
                    } else {
                        Some(exact_component(ctx, comp, start))
                    };
                    if tx.send(res).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut results = Vec::with_capacity(comps.len());
        for res in rx {
            results.push(res);
            if opts.progress.is_some() && last_exact_report.elapsed() >= Duration::from_millis(100)
            {
                last_exact_report = Clock::now();
                let w_now: i64 = results
                    .iter()
                    .flatten()
                    .flat_map(|c: &CompResult| c.assign.iter())
                    .filter(|(_, a)| a.is_some())
                    .map(|&(r, _)| p.reqs[r].weight)
                    .sum();
                report(Phase::Exact, w_now, b.bound.max(w_now));
            }
        }
        results
    })
    .into_iter()
    .for_each(|res| {
        let Some(res) = res else {
            timed_out = true;
            cost_optimal = false;
            comp_bound = i64::MAX;
            return;
        };
        exact_nodes += res.nodes;
        for &(r, a) in &res.assign {
            assign[r] = a;
        }
        comp_bound = comp_bound.saturating_add(res.bound);
        cost_optimal &= res.cost_done;
        timed_out |= res.timed_out;
    });
    {
        let mut st = State::new(p);
        for (r, a) in assign.iter().enumerate() {
            if let Some(pick) = a {
                st.place(r, *pick);
            }
        }
        obj = st.obj;
    }
    let t_exact = t1.elapsed();
    report(Phase::Done, obj.w, b.bound.min(comp_bound).max(obj.w));
    let bound_free = b.bound.min(comp_bound).max(obj.w);

    // Build the solution in request order.
    let st = {
        let mut st = State::new(p);
        for (r, a) in assign.iter().enumerate() {
            if let Some(pick) = a {
                st.place(r, *pick);
            }
        }
        st
    };
    let mut free_of = vec![NONE as usize; inst.requests.len()];
    for (fr, rq) in p.reqs.iter().enumerate() {
        free_of[rq.index] = fr;
    }
    let mut pinned_of = vec![None; inst.requests.len()];
    for (pi, info) in &prep.pins.binding {
        pinned_of[info.request] = Some(*pi);
    }
    let mut assignments = Vec::new();
    let mut unassigned = Vec::new();
    let (mut kept_exact, mut kept_slots) = (0i64, 0i64);
    let mut weight = 0i64;
    let mut cost = 0i64;
    for (r, rq) in inst.requests.iter().enumerate() {
        if let Some(pi) = pinned_of[r] {
            let pin = inst.pinned[pi].clone();
            weight += rq.weight;
            if let (Some(name), Some(m)) = (&pin.interpreter, pin.mode)
                && let Some(&i) = rv.interp_idx.get(name.as_str())
            {
                cost += rv.interps[i].cost[m.index()];
            }
            assignments.push(pin);
            continue;
        }
        let fr = free_of[r];
        match assign.get(fr).copied().flatten() {
            Some(pick) => {
                let v = st.value(fr, pick);
                kept_exact += i64::from(v.kept == 2);
                kept_slots += i64::from(v.kept == 1);
                let slot = &p.slots[v.slot as usize];
                weight += rq.weight;
                cost += v.cost;
                assignments.push(Assignment {
                    request: rq.id.clone(),
                    session: inst.sessions[slot.session as usize].id.clone(),
                    slot: i64::from(slot.k),
                    interpreter: (v.interp != NONE)
                        .then(|| inst.interpreters[v.interp as usize].id.clone()),
                    mode: v.mode,
                });
            }
            None => unassigned.push(Unassigned {
                request: rq.id.clone(),
                reason: explain(&rv, r),
            }),
        }
    }
    let bound_weight = bound_free + p.pinned_weight;
    let pins_not_binding = prep
        .pins
        .not_binding
        .iter()
        .map(|(pi, why)| (inst.pinned[*pi].clone(), why.clone()))
        .collect();
    Ok(SolveReport {
        solution: Solution {
            format: SOLUTION_FORMAT.to_string(),
            assignments,
            unassigned,
            objective: Objective { weight, cost },
        },
        bound_weight,
        optimal: weight == bound_weight,
        cost_optimal,
        pins_not_binding,
        stats: SolveStats {
            requests: inst.requests.len(),
            free_requests: p.reqs.len(),
            slots: p.slots.len(),
            candidates: n_cand,
            greedy_weight,
            bound_iterations: b.iterations,
            exact_nodes,
            kept_preferred: kept_exact,
            kept_preferred_slots: kept_slots,
            auction_bound: mb_bound + p.pinned_weight,
            timed_out,
            elapsed: t0.elapsed(),
            phase_times: [t_heur, t_bound, t_second, t_lns, t_exact],
            lns_iterations: lns_done,
            lns_last_improvement: lns_last,
        },
    })
}
