//! Exact depth-first branch and bound for small free problems.
//!
//! Used (a) to prove lexicographic optimality of (W, K, C) on small
//! instances, and (b) to close a remaining gap between the heuristic and the
//! Lagrangian bound. Each node is bounded by the Lagrangian with the best
//! multipliers of [`super::bound`] held fixed, restricted to picks that still
//! fit — a valid bound for every completion — and by the plain sum of the
//! remaining placeable weights. The search is abandoned (result not proven)
//! after a node limit, so its cost is bounded.

use std::time::Instant as Clock;

use super::bound::Bound;
use super::prepare::{NONE, Problem};
use super::state::{Obj, Pick, State};

pub(crate) struct Exact<'p, 'b> {
    st: State<'p>,
    order: Vec<usize>,
    picks: Vec<Vec<Pick>>,
    mult: Option<&'b Bound>,
    prefix: Vec<f64>,
    base: f64,
    pub best: Obj,
    pub best_assign: Vec<Option<Pick>>,
    pub nodes: u64,
    /// W bound of the component at the root (valid even if the search is cut).
    pub root_bound: i64,
    node_limit: u64,
    deadline: Option<Clock>,
    aborted: bool,
    consumed: f64,
    /// Prove W only: prune every node that cannot raise W (K and C are
    /// then not optimised).
    pub w_only: bool,
}

impl<'p, 'b> Exact<'p, 'b> {
    /// Exact search over the requests of one component (`comp`); requests of
    /// other components stay unassigned in this search's state.
    pub fn new(
        p: &'p Problem,
        comp: &[usize],
        incumbent: &[Option<Pick>],
        mult: Option<&'b Bound>,
        node_limit: u64,
        deadline: Option<Clock>,
    ) -> Self {
        let mut st = State::new(p);
        let mut order: Vec<usize> = comp.to_vec();
        for &r in &order {
            if let Some(pick) = incumbent[r] {
                st.place(r, pick);
            }
        }
        let incumbent_obj = st.obj;
        let best_assign = st.assign.clone();
        for &r in &order {
            st.remove(r);
        }
        let mut picks = vec![Vec::new(); p.reqs.len()];
        for &r in &order {
            st.picks(r, &mut picks[r]);
        }
        order.sort_by_key(|&r| (-p.reqs[r].weight, picks[r].len(), r));
        let mut prefix = vec![0.0; p.n_cliques + 1];
        let mut base = 0.0;
        if let Some(b) = mult {
            for q in 0..p.n_cliques {
                prefix[q + 1] = prefix[q] + b.mu[q];
            }
            // Only the resources this component can use enter its bound.
            let mut seen_s = std::collections::HashSet::new();
            let mut seen_q = std::collections::HashSet::new();
            let mut seen_d = std::collections::HashSet::new();
            for &r in &order {
                for &pick in &picks[r] {
                    let pl = p.reqs[r].places[pick.pl as usize];
                    if seen_s.insert(pl.slot) {
                        base += b.lam[pl.slot as usize] * f64::from(p.slots[pl.slot as usize].cap);
                    }
                    if pl.list != NONE {
                        let o = &p.lists[pl.list as usize][pick.opt as usize];
                        for q in o.clo..=o.chi {
                            if seen_q.insert(q) {
                                base += b.mu[q as usize];
                            }
                        }
                        if seen_d.insert(o.day) {
                            base += b.nu[o.day as usize] * f64::from(p.day_cap[o.day as usize]);
                        }
                    }
                }
            }
        }
        Exact {
            st,
            order,
            picks,
            mult,
            prefix,
            base,
            best: incumbent_obj,
            best_assign,
            root_bound: i64::MAX,
            nodes: 0,
            node_limit,
            deadline,
            aborted: false,
            consumed: 0.0,
            w_only: false,
        }
    }

    /// Lagrangian price of a pick (slot + interpreter points + date).
    fn price(&self, r: usize, pick: Pick) -> f64 {
        let Some(b) = self.mult else { return 0.0 };
        let p = self.st.p;
        let pl = p.reqs[r].places[pick.pl as usize];
        let mut x = b.lam[pl.slot as usize];
        if pl.list != NONE {
            let o = &p.lists[pl.list as usize][pick.opt as usize];
            x += self.prefix[o.chi as usize + 1] - self.prefix[o.clo as usize]
                + b.nu[o.day as usize];
        }
        x
    }

    /// Runs the search; returns true when it finished (the best is optimal).
    pub fn run(&mut self) -> bool {
        self.dfs(0);
        !self.aborted
    }

    fn dfs(&mut self, depth: usize) {
        if self.aborted {
            return;
        }
        self.nodes += 1;
        if self.nodes > self.node_limit
            || (self.nodes.is_multiple_of(1024) && self.deadline.is_some_and(|d| Clock::now() >= d))
        {
            self.aborted = true;
            return;
        }
        let p = self.st.p;
        if depth == self.order.len() {
            if self.st.obj.better_than(&self.best) {
                self.best = self.st.obj;
                self.best_assign.clone_from(&self.st.assign);
            }
            return;
        }
        // Bounds over the remaining requests.
        let mut simple = self.st.obj.w;
        let mut lagr = self.st.obj.w as f64 - self.consumed + self.base;
        let mut k_opt = self.st.obj.k;
        // (min cost, weight) of remaining placeable requests, for the C bound.
        let mut costs: Vec<(i64, i64)> = Vec::new();
        for &r in &self.order[depth..] {
            let w = p.reqs[r].weight;
            let mut any = false;
            let mut best_red = 0.0f64;
            let mut min_cost = i64::MAX;
            for &pick in &self.picks[r] {
                if self.st.fits(r, pick) {
                    any = true;
                    min_cost = min_cost.min(self.st.value(r, pick).cost);
                    if self.mult.is_some() {
                        let red = w as f64 - self.price(r, pick);
                        if red > best_red {
                            best_red = red;
                        }
                    }
                }
            }
            if any {
                simple += w;
                lagr += best_red;
                costs.push((min_cost, w));
                if p.reqs[r].preferred.is_some() {
                    k_opt += 2;
                } else if p.reqs[r].pref_slot.is_some() {
                    k_opt += 1;
                }
            }
        }
        let mut ub = simple;
        if self.mult.is_some() {
            ub = ub.min((lagr + 1e-9 * lagr.abs().max(1.0) + 1e-6).floor() as i64);
        }
        if depth == 0 {
            self.root_bound = ub;
        }
        if self.w_only {
            if ub <= self.best.w {
                return;
            }
        } else {
            // Completions reaching the incumbent's W must add at least
            // `deficit` weight; the cheapest way (fractional knapsack on min
            // costs) bounds their added cost from below.
            let mut c_lb = self.st.obj.c;
            let deficit = self.best.w - self.st.obj.w;
            if ub == self.best.w && deficit > 0 {
                costs.sort_unstable_by(|a, b| (a.0 * b.1).cmp(&(b.0 * a.1)));
                let mut need = deficit;
                for &(c, w) in &costs {
                    if need <= 0 {
                        break;
                    }
                    if w <= need {
                        c_lb += c;
                        need -= w;
                    } else {
                        c_lb += (c * need) / w;
                        need = 0;
                    }
                }
            }
            if (ub, k_opt, -c_lb) <= self.best.key() {
                return;
            }
        }
        let r = self.order[depth];
        let mut opts: Vec<(std::cmp::Reverse<u8>, i64, usize, Pick)> = self.picks[r]
            .iter()
            .enumerate()
            .filter(|&(_, &pk)| self.st.fits(r, pk))
            .map(|(n, &pk)| {
                let v = self.st.value(r, pk);
                (std::cmp::Reverse(v.kept), v.cost, n, pk)
            })
            .collect();
        opts.sort_unstable_by_key(|&(nk, c, n, _)| (nk, c, n));
        for (_, _, _, pick) in opts {
            let price = self.price(r, pick);
            self.st.place(r, pick);
            self.consumed += price;
            self.dfs(depth + 1);
            self.consumed -= price;
            self.st.remove(r);
            if self.aborted {
                return;
            }
        }
        self.dfs(depth + 1);
    }
}
