//! Exact phase by an established MIP engine (`microlp`: LP relaxation + branch and bound)
//! for the components that the depth-first search of [`super::exact`] cannot close.
//!
//! Why a MIP here: the depth-first search bounds each node by the Lagrangian with the root's
//! multipliers held fixed, which is weak once a few requests are placed; on months whose
//! weights spread widely and whose slot grids overlap (the regression months of issue 12)
//! it ran out of nodes on 16 requests. The LP relaxation of this model is nearly tight on
//! such months, so an LP-based branch and bound closes them in few nodes.
//!
//! The model is the plainest one (one binary per pick: request, slot, interpreter), with the
//! rows of the free problem: each request at most once, booths per slot, one assignment per
//! interpreter time point, `max_per_day` per interpreter date. Rows that cannot bind (fewer
//! variables than their capacity) and duplicate time-point rows are left out.
//!
//! Two solves, lexicographic: first W (warm-started from the incumbent), then, with
//! `W ≥ W*` as a row, (K, −C) as one objective `Σ (C − M·K)` when M·K stays exact in `f64`.
//! Every answer is re-checked through [`State`] before it is used: a numerically wrong
//! MIP answer is dropped, never returned as a solution.

use std::collections::HashMap;
use std::time::Instant as Clock;

use microlp::{ComparisonOp, OptimizationDirection, Problem as Lp, SolveOptions, Variable};

use super::prepare::{NONE, Problem};
use super::state::{Obj, Pick, State};

/// Outcome of [`solve_component`].
pub(crate) struct MipResult {
    /// Best assignment of the component's requests found (incumbent if nothing better).
    pub assign: CompAssign,
    /// Its objective restricted to the component.
    pub obj: Obj,
    /// Proven upper bound on the component's W (`i64::MAX` when none).
    pub w_bound: i64,
    /// W proven optimal for the component.
    pub w_proven: bool,
    /// (K, C) proven optimal at that W.
    pub cost_proven: bool,
    pub nodes: u64,
}

/// An assignment of one component's requests: (request, pick or none).
type CompAssign = Vec<(usize, Option<Pick>)>;

struct Model {
    vars: Vec<(usize, Pick)>,
    /// Row contents (variable indices) and capacity.
    rows: Vec<(Vec<usize>, f64)>,
}

fn build(p: &Problem, comp: &[usize]) -> Model {
    let st = State::new(p);
    let mut vars: Vec<(usize, Pick)> = Vec::new();
    let mut buf = Vec::new();
    let mut rows: Vec<(Vec<usize>, f64)> = Vec::new();
    let mut by_slot: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut by_point: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut by_day: HashMap<u32, Vec<usize>> = HashMap::new();
    for &r in comp {
        st.picks(r, &mut buf);
        let first = vars.len();
        for &pick in &buf {
            let v = vars.len();
            vars.push((r, pick));
            let pl = p.reqs[r].places[pick.pl as usize];
            by_slot.entry(pl.slot).or_default().push(v);
            if pl.list != NONE {
                let o = &p.lists[pl.list as usize][pick.opt as usize];
                for q in o.clo..=o.chi {
                    by_point.entry(q).or_default().push(v);
                }
                by_day.entry(o.day).or_default().push(v);
            }
        }
        if vars.len() - first > 1 {
            rows.push(((first..vars.len()).collect(), 1.0));
        }
    }
    let mut keys: Vec<u32> = by_slot.keys().copied().collect();
    keys.sort_unstable();
    for s in keys {
        let vs = &by_slot[&s];
        let cap = p.slots[s as usize].cap as usize;
        if vs.len() > cap {
            rows.push((vs.clone(), cap as f64));
        }
    }
    let mut keys: Vec<u32> = by_point.keys().copied().collect();
    keys.sort_unstable();
    let mut seen: std::collections::HashSet<Vec<usize>> = Default::default();
    for q in keys {
        let vs = &by_point[&q];
        if vs.len() > 1 && seen.insert(vs.clone()) {
            rows.push((vs.clone(), 1.0));
        }
    }
    let mut keys: Vec<u32> = by_day.keys().copied().collect();
    keys.sort_unstable();
    for d in keys {
        let vs = &by_day[&d];
        let cap = p.day_cap[d as usize] as usize;
        if vs.len() > cap {
            rows.push((vs.clone(), cap as f64));
        }
    }
    Model { vars, rows }
}

fn base_lp(
    m: &Model,
    obj: impl Fn(usize) -> f64,
    dir: OptimizationDirection,
) -> (Lp, Vec<Variable>) {
    let mut lp = Lp::new(dir);
    let xs: Vec<Variable> = (0..m.vars.len())
        .map(|v| lp.add_binary_var(obj(v)))
        .collect();
    for (vs, cap) in &m.rows {
        let expr: Vec<(Variable, f64)> = vs.iter().map(|&v| (xs[v], 1.0)).collect();
        lp.add_constraint(expr.as_slice(), ComparisonOp::Le, *cap);
    }
    (lp, xs)
}

/// Reads the chosen picks and checks them through a fresh [`State`]; `None` if the MIP's
/// answer is not feasible (numerical trouble) so that the caller keeps its incumbent.
fn extract(
    p: &Problem,
    comp: &[usize],
    m: &Model,
    values: impl Fn(usize) -> f64,
) -> Option<(CompAssign, Obj)> {
    let mut st = State::new(p);
    let mut chosen: HashMap<usize, Pick> = HashMap::new();
    for (v, &(r, pick)) in m.vars.iter().enumerate() {
        if values(v) > 0.5 {
            if chosen.insert(r, pick).is_some() || !st.fits(r, pick) {
                return None;
            }
            st.place(r, pick);
        }
    }
    Some((
        comp.iter().map(|&r| (r, chosen.get(&r).copied())).collect(),
        st.obj,
    ))
}

/// Solves one component exactly (within `node_limit` branch-and-bound nodes per solve and the
/// deadline). `incumbent` is the current assignment of every free request; `w_known` says
/// that its W is already proven optimal for the component (only (K, C) is then solved).
pub(crate) fn solve_component(
    p: &Problem,
    comp: &[usize],
    incumbent: &[Option<Pick>],
    w_known: bool,
    node_limit: u64,
    deadline: Option<Clock>,
) -> Option<MipResult> {
    let m = build(p, comp);
    if m.vars.is_empty() {
        return None;
    }
    let mut st = State::new(p);
    for &r in comp {
        if let Some(pick) = incumbent[r] {
            st.place(r, pick);
        }
    }
    let inc_obj = st.obj;
    let remaining = |d: Option<Clock>| d.map(|d| d.saturating_duration_since(Clock::now()));
    if deadline.is_some_and(|d| Clock::now() >= d) {
        return None;
    }
    let warm: Vec<(usize, f64)> = m
        .vars
        .iter()
        .enumerate()
        .map(|(v, &(r, pick))| (v, f64::from(u8::from(incumbent[r] == Some(pick)))))
        .collect();

    // Phase 1: W.
    let weight = |v: usize| p.reqs[m.vars[v].0].weight as f64;
    let mut nodes = 0;
    let (mut assign, mut obj, w_bound) = if w_known {
        (
            comp.iter().map(|&r| (r, incumbent[r])).collect::<Vec<_>>(),
            inc_obj,
            inc_obj.w,
        )
    } else {
        // W with a cost tie-break small enough never to trade weight (ε·ΣC ≤ 1/2), so
        // the W-optimal answer is already a cheap one for the cost phase to start from.
        let st0 = State::new(p);
        let costs: Vec<f64> = m
            .vars
            .iter()
            .map(|&(r, pick)| st0.value(r, pick).cost as f64)
            .collect();
        let mut worst = vec![0.0f64; p.reqs.len()];
        for (v, &(r, _)) in m.vars.iter().enumerate() {
            worst[r] = worst[r].max(costs[v]);
        }
        let total: f64 = worst.iter().sum();
        let eps = if total > 0.0 { 0.5 / total } else { 0.0 };
        let (lp, xs) = base_lp(
            &m,
            |v| weight(v) - eps * costs[v],
            OptimizationDirection::Maximize,
        );
        let mut opts = SolveOptions::default();
        opts.time_limit = remaining(deadline);
        opts.node_limit = Some(node_limit);
        opts.warm_start = Some(warm.iter().map(|&(v, x)| (xs[v], x)).collect());
        let out = lp.solve_with(opts).ok()?;
        let stats = out.stats();
        nodes += stats.nodes_solved;
        let proven = out.is_optimal();
        let found = out
            .solution()
            .and_then(|sol| extract(p, comp, &m, |v| sol.var_value(xs[v])));
        let (assign, obj) = match found {
            Some((a, o)) if o.key() >= inc_obj.key() => (a, o),
            _ => (comp.iter().map(|&r| (r, incumbent[r])).collect(), inc_obj),
        };
        // The objective is W − ε·C with ε·C ≤ 1/2, so W ≤ bound + 1/2. The bound is the
        // MIP's, not the answer's: a proven optimum whose answer failed the re-check
        // above proves nothing about the incumbent kept instead.
        let bound = stats.best_bound.or_else(|| {
            proven
                .then(|| out.solution().map(|sol| sol.objective()))
                .flatten()
        });
        let w_bound = match bound {
            Some(b) if b.is_finite() => super::bound::floor_safe(b + 0.5).max(obj.w),
            _ => i64::MAX,
        };
        (assign, obj, w_bound)
    };
    let w_proven = w_bound == obj.w;
    let mut cost_proven = false;

    // Phase 2: (K, −C) at W ≥ W*, only once W is proven.
    if w_proven && deadline.is_none_or(|d| Clock::now() < d) {
        let vals: Vec<(i64, i64)> = {
            let st = State::new(p);
            m.vars
                .iter()
                .map(|&(r, pick)| {
                    let v = st.value(r, pick);
                    (i64::from(v.kept), v.cost)
                })
                .collect()
        };
        let max_c: i64 = vals.iter().map(|v| v.1).max().unwrap_or(0);
        let big = (max_c.saturating_mul(comp.len() as i64)).saturating_add(1);
        let any_k = vals.iter().any(|v| v.0 > 0);
        let scale_ok = if any_k {
            big.saturating_mul(2 * comp.len() as i64) < (1i64 << 50)
        } else {
            max_c.saturating_mul(comp.len() as i64) < (1i64 << 50)
        };
        if scale_ok {
            let coef = |v: usize| {
                let (k, c) = vals[v];
                (c - if any_k { big * k } else { 0 }) as f64
            };
            let (mut lp2, xs2) = base_lp(&m, coef, OptimizationDirection::Minimize);
            let expr: Vec<(Variable, f64)> =
                (0..m.vars.len()).map(|v| (xs2[v], weight(v))).collect();
            lp2.add_constraint(expr.as_slice(), ComparisonOp::Ge, obj.w as f64 - 0.5);
            let chosen: HashMap<usize, Pick> = assign
                .iter()
                .filter_map(|&(r, a)| a.map(|pk| (r, pk)))
                .collect();
            let mut opts = SolveOptions::default();
            opts.time_limit = remaining(deadline);
            opts.node_limit = Some((node_limit / 16).max(4));
            opts.warm_start = Some(
                m.vars
                    .iter()
                    .enumerate()
                    .map(|(v, &(r, pick))| {
                        (xs2[v], f64::from(u8::from(chosen.get(&r) == Some(&pick))))
                    })
                    .collect(),
            );
            let res = lp2.solve_with(opts);
            if let Ok(out) = res {
                nodes += out.stats().nodes_solved;
                let optimal = out.is_optimal();
                if let Some(sol) = out.solution()
                    && let Some((a, o)) = extract(p, comp, &m, |v| sol.var_value(xs2[v]))
                    && o.w == obj.w
                    && o.key() >= obj.key()
                {
                    assign = a;
                    obj = o;
                    cost_proven = optimal;
                }
            }
        }
    }
    Some(MipResult {
        assign,
        obj,
        w_bound,
        w_proven,
        cost_proven,
        nodes,
    })
}
