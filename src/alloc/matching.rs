//! A tighter, faster-converging upper bound on W: Lagrangian relaxation of
//! the *interpreter* constraints only (time points and per-day counts),
//! keeping booth capacities and "each request at most once".
//!
//! For fixed interpreter multipliers (μ, ν) the remaining problem is a
//! max-weight b-matching between requests and slots, where request r placed
//! in slot s is worth `w_r − min_i (Σ μ_points(i,s) + ν_day(i,s))` (the
//! cheapest interpreter option, or `w_r` when no interpreter is needed). We
//! solve it by Bertsekas' auction algorithm with ε-scaling; the booth prices
//! λ it ends with are multipliers of the booth constraints, so
//!
//!   L(λ, μ, ν) = Σ_r max(0, max_s v_rs − λ_s) + Σ_s cap_s·λ_s
//!              + Σ μ + Σ ν·daycap  ≥  W*
//!
//! is a proof for *any* λ, μ, ν ≥ 0 (it is the full Lagrangian of
//! [`super::bound`] evaluated at those multipliers), whatever the auction's
//! accuracy. The auction's (near-)exact λ makes the booth part exact, which
//! on booth-limited instances (metro, national) is most of the LP gap; μ and
//! ν are then adjusted by a few subgradient steps using the interpreter usage
//! of the auction's assignment.

use std::time::Instant as Clock;

use super::bound::{Bound, floor_safe, trivial};
use super::prepare::{NONE, Problem};

/// Per slot: booth-copy prices, ascending, each with its holder (request or NONE).
struct Market {
    prices: Vec<Vec<(f64, u32)>>,
}

impl Market {
    fn new(p: &Problem) -> Self {
        Market {
            prices: p
                .slots
                .iter()
                .map(|s| vec![(0.0, NONE); s.cap as usize])
                .collect(),
        }
    }

    fn min_price(&self, s: usize) -> f64 {
        self.prices[s].first().map_or(f64::INFINITY, |c| c.0)
    }

    fn second_price(&self, s: usize) -> f64 {
        self.prices[s].get(1).map_or(f64::INFINITY, |c| c.0)
    }

    /// Replaces the cheapest copy of `s` by (price, owner); returns the evicted holder.
    fn take(&mut self, s: usize, price: f64, owner: u32) -> u32 {
        let v = &mut self.prices[s];
        let evicted = v[0].1;
        // `max(1)`: even if rounding left `price` equal to the minimum, the
        // cheapest copy is the one replaced (never an out-of-range shift).
        let pos = v.partition_point(|c| c.0 < price).max(1);
        // Shift the copies cheaper than `price` one place down.
        v.copy_within(1..pos, 0);
        v[pos - 1] = (price, owner);
        evicted
    }

    fn release_all(&mut self) {
        for v in &mut self.prices {
            for c in v.iter_mut() {
                c.1 = NONE;
            }
        }
    }
}

/// Arcs of one request: (slot, value, interpreter option or NONE).
struct Arcs {
    start: Vec<usize>,
    slot: Vec<u32>,
    val: Vec<f64>,
    opt: Vec<(u32, u32)>,
    owner: Vec<u32>,
}

fn build_arcs(p: &Problem, mu_prefix: &[f64], nu: &[f64], arcs: &mut Arcs) {
    arcs.start.clear();
    arcs.slot.clear();
    arcs.val.clear();
    arcs.opt.clear();
    arcs.owner.clear();
    for (ri, r) in p.reqs.iter().enumerate() {
        arcs.start.push(arcs.slot.len());
        let w = r.weight as f64;
        for pl in &r.places {
            if pl.list == NONE {
                arcs.slot.push(pl.slot);
                arcs.val.push(w);
                arcs.opt.push((NONE, NONE));
                arcs.owner.push(ri as u32);
                continue;
            }
            let mut best = f64::INFINITY;
            let mut arg = NONE;
            for (oi, o) in p.lists[pl.list as usize].iter().enumerate() {
                if o.mask & r.modes == 0 {
                    continue;
                }
                let pen =
                    mu_prefix[o.chi as usize + 1] - mu_prefix[o.clo as usize] + nu[o.day as usize];
                if pen < best {
                    best = pen;
                    arg = oi as u32;
                }
            }
            if arg != NONE && w - best > 0.0 {
                arcs.slot.push(pl.slot);
                arcs.val.push(w - best);
                arcs.opt.push((pl.list, arg));
                arcs.owner.push(ri as u32);
            }
        }
    }
    arcs.start.push(arcs.slot.len());
}

/// Forward/reverse auction with ε-scaling (Bertsekas–Castañon, asymmetric
/// form: a request may stay out at value 0, a booth copy may stay empty at
/// price 0). Leaves `assigned[r]` = arc index or NONE.
#[allow(clippy::too_many_arguments)]
fn auction(
    deadline: Option<Clock>,
    arcs: &Arcs,
    users: &[Vec<u32>],
    market: &mut Market,
    assigned: &mut [u32],
    paid: &mut [f64],
    eps_start: f64,
    eps_end: f64,
    max_bids: u64,
) -> u64 {
    let n = assigned.len();
    let mut bids = 0u64;
    let mut eps = eps_start.max(eps_end);
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    let mut empty: Vec<u32> = Vec::new();
    loop {
        market.release_all();
        assigned.iter_mut().for_each(|a| *a = NONE);
        queue.clear();
        queue.extend((0..n as u32).rev());
        // Forward: unassigned requests bid for their best slot.
        while let Some(r) = queue.pop() {
            let r = r as usize;
            let (a, b) = (arcs.start[r], arcs.start[r + 1]);
            let mut best = 0.0f64;
            let mut best_arc = NONE;
            let mut second = 0.0f64;
            for k in a..b {
                let s = arcs.slot[k] as usize;
                let val = arcs.val[k] - market.min_price(s);
                if val > best {
                    second = best;
                    best = val;
                    best_arc = k as u32;
                } else if val > second {
                    second = val;
                }
            }
            if best_arc == NONE {
                continue;
            }
            let s = arcs.slot[best_arc as usize] as usize;
            // The next copy of the same slot is an alternative too.
            let alt = arcs.val[best_arc as usize] - market.second_price(s);
            if alt > second {
                second = alt;
            }
            let price = market.min_price(s) + (best - second) + eps;
            let evicted = market.take(s, price, r as u32);
            assigned[r] = best_arc;
            paid[r] = price;
            bids += 1;
            if evicted != NONE {
                assigned[evicted as usize] = NONE;
                queue.push(evicted);
            }
            if bids >= max_bids
                || (bids.is_multiple_of(4096) && deadline.is_some_and(|d| Clock::now() >= d))
            {
                return bids;
            }
        }
        // Reverse: empty copies with a positive price lower it and attract
        // their best request (which leaves another copy empty).
        empty.clear();
        for (s, v) in market.prices.iter().enumerate() {
            for c in v {
                if c.1 == NONE && c.0 > 0.0 {
                    empty.push(s as u32);
                }
            }
        }
        while let Some(s) = empty.pop() {
            let s = s as usize;
            let Some(j) = market.prices[s]
                .iter()
                .position(|c| c.1 == NONE && c.0 > 0.0)
            else {
                continue;
            };
            let mut best = f64::NEG_INFINITY;
            let mut best_r = NONE;
            let mut best_k = NONE;
            let mut second = f64::NEG_INFINITY;
            for &k in &users[s] {
                let k = k as usize;
                let r = arcs.owner[k] as usize;
                let cur = assigned[r];
                let profit = if cur == NONE {
                    0.0
                } else {
                    if arcs.slot[cur as usize] as usize == s {
                        continue;
                    }
                    arcs.val[cur as usize] - paid[r]
                };
                let x = arcs.val[k] - profit;
                if x > best {
                    second = best;
                    best = x;
                    best_r = r as u32;
                    best_k = k as u32;
                } else if x > second {
                    second = x;
                }
            }
            let v = &mut market.prices[s];
            v.remove(j);
            if best_r == NONE || best < eps {
                v.insert(0, (0.0, NONE));
                continue;
            }
            let price = (second - eps).max(0.0).min(best - eps).max(0.0);
            let r = best_r as usize;
            let old = assigned[r];
            let pos = v.partition_point(|c| c.0 < price);
            v.insert(pos, (price, r as u32));
            assigned[r] = best_k;
            paid[r] = price;
            bids += 1;
            if old != NONE {
                let os = arcs.slot[old as usize] as usize;
                if let Some(c) = market.prices[os].iter_mut().find(|c| c.1 == r as u32) {
                    c.1 = NONE;
                    if c.0 > 0.0 {
                        empty.push(os as u32);
                    }
                }
            }
            if bids >= max_bids {
                return bids;
            }
        }
        if eps <= eps_end {
            return bids;
        }
        eps = (eps / 6.0).max(eps_end);
    }
}

/// Minimises L over (λ, μ, ν) with λ from the auction and (μ, ν) by
/// subgradient steps. Stops at `target` (⌊L⌋ ≤ target), after `max_outer`
/// auctions, or at the deadline. `start` (if any) supplies initial μ, ν.
pub(crate) fn bound(p: &Problem, target: i64, max_outer: u32, deadline: Option<Clock>) -> Bound {
    let ns = p.slots.len();
    let nq = p.n_cliques;
    let nd = p.day_cap.len();
    let n = p.reqs.len();
    let mut mu = vec![0.0f64; nq];
    let mut nu = vec![0.0f64; nd];
    let triv = trivial(p);
    let mut best = Bound {
        bound: triv,
        iterations: 0,
        lam: vec![0.0; ns],
        mu: mu.clone(),
        nu: nu.clone(),
        hint: Vec::new(),
    };
    if triv <= target {
        return best;
    }
    let max_w = p.reqs.iter().map(|r| r.weight).max().unwrap_or(1) as f64;
    // n·ε < 1 keeps ⌊L⌋ tight; the floor keeps ε above the rounding of
    // prices near the largest weight (every bid then raises a price).
    let eps_end = (0.2 / (n as f64 + 1.0)).max(max_w * 1e-12);
    let mut market = Market::new(p);
    let mut assigned = vec![NONE; n];
    let mut arcs = Arcs {
        start: Vec::new(),
        slot: Vec::new(),
        val: Vec::new(),
        opt: Vec::new(),
        owner: Vec::new(),
    };
    let mut users: Vec<Vec<u32>> = vec![Vec::new(); ns];
    let mut paid = vec![0.0f64; n];
    let mut prefix = vec![0.0f64; nq + 1];
    let mut use_q = vec![0i64; nq + 1];
    let mut use_d = vec![0i64; nd];
    let mut best_l = f64::INFINITY;
    let mut theta = 0.25f64;
    let mut since_best = 0u32;
    let max_bids = 400 * (n as u64 + 10) + 200_000;
    for it in 0..max_outer {
        if deadline.is_some_and(|d| Clock::now() >= d) {
            break;
        }
        for q in 0..nq {
            prefix[q + 1] = prefix[q] + mu[q];
        }
        build_arcs(p, &prefix, &nu, &mut arcs);
        users.iter_mut().for_each(Vec::clear);
        for (k, &s) in arcs.slot.iter().enumerate() {
            users[s as usize].push(k as u32);
        }
        let eps_start = if it == 0 { max_w / 4.0 } else { eps_end * 36.0 };
        auction(
            deadline,
            &arcs,
            &users,
            &mut market,
            &mut assigned,
            &mut paid,
            eps_start,
            eps_end,
            max_bids,
        );
        // Evaluate L exactly at λ_s = cheapest copy price.
        let lam: Vec<f64> = (0..ns)
            .map(|s| {
                let x = market.min_price(s);
                if x.is_finite() { x.max(0.0) } else { 0.0 }
            })
            .collect();
        let mut l_val = 0.0f64;
        for r in 0..n {
            let mut bv = 0.0f64;
            for k in arcs.start[r]..arcs.start[r + 1] {
                let v = arcs.val[k] - lam[arcs.slot[k] as usize];
                if v > bv {
                    bv = v;
                }
            }
            l_val += bv;
        }
        for (s, sl) in p.slots.iter().enumerate() {
            l_val += lam[s] * f64::from(sl.cap);
        }
        l_val += mu.iter().sum::<f64>();
        for (d, &c) in p.day_cap.iter().enumerate() {
            l_val += nu[d] * f64::from(c);
        }
        best.iterations = it + 1;
        if l_val < best_l - 1e-9 {
            best_l = l_val;
            let b = floor_safe(l_val);
            if b < best.bound {
                best.bound = b;
                best.lam.clone_from(&lam);
                best.mu.clone_from(&mu);
                best.nu.clone_from(&nu);
                best.hint.clear();
                best.hint.extend(assigned.iter().map(|&a| {
                    if a == NONE {
                        NONE
                    } else {
                        arcs.slot[a as usize]
                    }
                }));
            }
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= 2 {
                theta *= 0.5;
                since_best = 0;
                // Restart from the best multipliers.
                mu.clone_from(&best.mu);
                nu.clone_from(&best.nu);
                continue;
            }
        }
        if best.bound <= target || theta < 1e-4 {
            break;
        }
        // Interpreter usage of the auction's assignment.
        use_q.iter_mut().for_each(|x| *x = 0);
        use_d.iter_mut().for_each(|x| *x = 0);
        for &a in &assigned {
            if a == NONE {
                continue;
            }
            let (list, oi) = arcs.opt[a as usize];
            if list == NONE {
                continue;
            }
            let o = &p.lists[list as usize][oi as usize];
            use_q[o.clo as usize] += 1;
            use_q[o.chi as usize + 1] -= 1;
            use_d[o.day as usize] += 1;
        }
        let mut norm = 0.0f64;
        let mut acc = 0i64;
        let mut gq = vec![0.0f64; nq];
        for q in 0..nq {
            acc += use_q[q];
            let g = (acc - 1) as f64;
            if g > 0.0 || mu[q] > 0.0 {
                gq[q] = g;
                norm += g * g;
            }
        }
        let mut gd = vec![0.0f64; nd];
        for (d, &c) in p.day_cap.iter().enumerate() {
            let g = (use_d[d] - i64::from(c)) as f64;
            if g > 0.0 || nu[d] > 0.0 {
                gd[d] = g;
                norm += g * g;
            }
        }
        if norm == 0.0 {
            // Interpreter constraints satisfied and complementary: the
            // auction solved the full problem's LP relaxation.
            break;
        }
        let step = theta * (l_val - target as f64).max(0.5) / norm;
        for q in 0..nq {
            mu[q] = (mu[q] + step * gq[q]).max(0.0);
        }
        for d in 0..nd {
            nu[d] = (nu[d] + step * gd[d]).max(0.0);
        }
    }
    best
}
