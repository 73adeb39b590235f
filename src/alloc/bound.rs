//! Upper bound on W by Lagrangian relaxation.
//!
//! The free problem as an integer program: x[r, slot, interpreter] ∈ {0,1},
//! each request at most once, per slot at most `cap` places, per interpreter
//! time point at most one assignment (exact for intervals), per interpreter
//! date at most the remaining `max_per_day`. Dualising every capacity
//! constraint with multipliers ≥ 0 leaves a problem in which each request
//! independently takes its best reduced value or nothing, so
//!
//!   L(λ, μ, ν) = Σ_r max(0, max_pick w_r − λ_slot − Σ μ_points − ν_day)
//!              + Σ λ·cap + Σ μ + Σ ν·daycap  ≥  W*  for every λ, μ, ν ≥ 0.
//!
//! Its minimum equals the LP relaxation bound (the subproblem has the
//! integrality property). We minimise it by subgradient steps with Polyak's
//! step size aimed at the best known W. Since W is an integer,
//! ⌊L⌋ ≥ W* is a proof, and ⌊L⌋ = W proves the primal optimal.

use std::time::Instant as Clock;

use super::prepare::{NONE, Problem};

/// Result of [`lagrangian`].
#[derive(Debug, Clone)]
pub(crate) struct Bound {
    /// Proven upper bound on the free problem's W.
    pub bound: i64,
    pub iterations: u32,
    /// Multipliers at the best bound (slots, points, dates).
    pub lam: Vec<f64>,
    pub mu: Vec<f64>,
    pub nu: Vec<f64>,
    /// Slot per free request in the relaxed solution at the best bound
    /// (`NONE` = out); empty when not available. A primal hint.
    pub hint: Vec<u32>,
}

/// Σ of weights of requests that have at least one place: the bound at zero multipliers.
pub(crate) fn trivial(p: &Problem) -> i64 {
    p.reqs
        .iter()
        .filter(|r| !r.places.is_empty())
        .map(|r| r.weight)
        .sum()
}

/// Non-improving iterations before the step size is halved.
const PATIENCE: u32 = 100;

pub(crate) fn floor_safe(x: f64) -> i64 {
    // Guard against rounding in long f64 sums: never round a true bound down.
    (x + 1e-9 * x.abs().max(1.0) + 1e-6).floor() as i64
}

/// Step-rule knobs of [`lagrangian_from`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cfg {
    /// Non-improving iterations before the step size is halved.
    pub patience: u32,
    /// Initial step factor θ.
    pub theta0: f64,
    /// Deflection: direction = subgradient + `deflect` × previous direction.
    pub deflect: f64,
    /// Stop after this many iterations without a better integer bound.
    pub stall: u32,
}

impl Default for Cfg {
    fn default() -> Self {
        Cfg {
            patience: PATIENCE,
            theta0: 1.0,
            deflect: 0.0,
            stall: u32::MAX,
        }
    }
}

/// Minimises the Lagrangian dual by (deflected) subgradient steps with
/// Polyak's step aimed at `target`, starting from the multipliers of `start`
/// (never returning a worse bound than it), until it proves `target`
/// (⌊L⌋ ≤ target) or runs out of iterations / time.
pub(crate) fn lagrangian_from(
    p: &Problem,
    target: i64,
    max_iter: u32,
    deadline: Option<Clock>,
    cfg: Cfg,
    start: Option<&Bound>,
) -> Bound {
    let ns = p.slots.len();
    let nq = p.n_cliques;
    let nd = p.day_cap.len();
    let triv = trivial(p);
    let mut best = match start {
        Some(b) if b.bound < triv => b.clone(),
        _ => Bound {
            bound: triv,
            iterations: 0,
            lam: vec![0.0f64; ns],
            mu: vec![0.0f64; nq],
            nu: vec![0.0f64; nd],
            hint: Vec::new(),
        },
    };
    let mut lam = best.lam.clone();
    let mut mu = best.mu.clone();
    let mut nu = best.nu.clone();
    if best.bound <= target {
        return best;
    }
    let mut best_l = best.bound as f64 + 1.0;
    let mut theta = cfg.theta0;
    let mut dq = vec![0.0f64; nq];
    let mut ds = vec![0.0f64; ns];
    let mut dd = vec![0.0f64; nd];

    let mut since_best = 0u32;
    let mut last_gain = 0u32;
    let mut prefix = vec![0.0f64; nq + 1];
    let mut minpen = vec![[f64::INFINITY; 8]; p.lists.len()];
    let mut argmin = vec![[NONE; 8]; p.lists.len()];
    let mut use_s = vec![0i64; ns];
    let mut use_q = vec![0i64; nq + 1];
    let mut use_d = vec![0i64; nd];
    for it in 0..max_iter {
        if deadline.is_some_and(|d| Clock::now() >= d) {
            break;
        }
        for q in 0..nq {
            prefix[q + 1] = prefix[q] + mu[q];
        }
        for (l, list) in p.lists.iter().enumerate() {
            let mp = &mut minpen[l];
            let am = &mut argmin[l];
            *mp = [f64::INFINITY; 8];
            *am = [NONE; 8];
            for (oi, o) in list.iter().enumerate() {
                let pen = prefix[o.chi as usize + 1] - prefix[o.clo as usize] + nu[o.day as usize];
                for m in 1..8usize {
                    if o.mask as usize & m != 0 && pen < mp[m] {
                        mp[m] = pen;
                        am[m] = oi as u32;
                    }
                }
            }
        }
        use_s.iter_mut().for_each(|x| *x = 0);
        use_q.iter_mut().for_each(|x| *x = 0);
        use_d.iter_mut().for_each(|x| *x = 0);
        let mut l_val = 0.0f64;
        for r in &p.reqs {
            let w = r.weight as f64;
            let m = r.modes as usize & 7;
            let mut bv = 0.0f64;
            let mut bp: Option<(u32, u32, u32)> = None;
            for pl in &r.places {
                let v = if pl.list == NONE {
                    w - lam[pl.slot as usize]
                } else {
                    w - lam[pl.slot as usize] - minpen[pl.list as usize][m]
                };
                if v > bv {
                    bv = v;
                    bp = Some((pl.slot, pl.list, 0));
                }
            }
            if let Some((s, list, _)) = bp {
                l_val += bv;
                use_s[s as usize] += 1;
                if list != NONE {
                    let oi = argmin[list as usize][m];
                    if oi != NONE {
                        let o = &p.lists[list as usize][oi as usize];
                        use_q[o.clo as usize] += 1;
                        use_q[o.chi as usize + 1] -= 1;
                        use_d[o.day as usize] += 1;
                    }
                }
            }
        }
        for (s, sl) in p.slots.iter().enumerate() {
            l_val += lam[s] * f64::from(sl.cap);
        }
        l_val += mu.iter().sum::<f64>();
        for (d, &c) in p.day_cap.iter().enumerate() {
            l_val += nu[d] * f64::from(c);
        }
        if l_val < best_l - 1e-9 {
            best_l = l_val;
            let b = floor_safe(l_val);
            if b < best.bound {
                last_gain = it;
                best.bound = b;
                best.lam.clone_from(&lam);
                best.mu.clone_from(&mu);
                best.nu.clone_from(&nu);
            }
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= cfg.patience {
                theta *= 0.5;
                since_best = 0;
            }
        }
        best.iterations = it + 1;
        if it - last_gain >= cfg.stall {
            break;
        }
        if best.bound <= target || theta < 1e-5 {
            break;
        }
        // Subgradient: usage − capacity, deflected.
        let mut acc = 0i64;
        let a = cfg.deflect;
        let mut gnorm = 0.0f64;
        for q in 0..nq {
            acc += use_q[q];
            let g = (acc - 1) as f64;
            let active = g > 0.0 || mu[q] > 0.0;
            gnorm += if active { g * g } else { 0.0 };
            dq[q] = if active { g + a * dq[q] } else { 0.0 };
        }
        for (s, sl) in p.slots.iter().enumerate() {
            let g = (use_s[s] - i64::from(sl.cap)) as f64;
            let active = g > 0.0 || lam[s] > 0.0;
            gnorm += if active { g * g } else { 0.0 };
            ds[s] = if active { g + a * ds[s] } else { 0.0 };
        }
        for (d, &c) in p.day_cap.iter().enumerate() {
            let g = (use_d[d] - i64::from(c)) as f64;
            let active = g > 0.0 || nu[d] > 0.0;
            gnorm += if active { g * g } else { 0.0 };
            dd[d] = if active { g + a * dd[d] } else { 0.0 };
        }
        if gnorm == 0.0 {
            // The relaxed solution is feasible and complementary: L is exact.
            break;
        }
        let norm: f64 = dq.iter().map(|x| x * x).sum::<f64>()
            + ds.iter().map(|x| x * x).sum::<f64>()
            + dd.iter().map(|x| x * x).sum::<f64>();
        if norm == 0.0 {
            break;
        }
        let step = theta * (l_val - target as f64).max(0.5) / norm;
        for s in 0..ns {
            lam[s] = (lam[s] + step * ds[s]).max(0.0);
        }
        for q in 0..nq {
            mu[q] = (mu[q] + step * dq[q]).max(0.0);
        }
        for d in 0..nd {
            nu[d] = (nu[d] + step * dd[d]).max(0.0);
        }
    }
    best
}
