//! Primal heuristic: greedy construction followed by local search with
//! ejection chains. It never produces an infeasible state (every change goes
//! through [`State`]), only ever accepts strict lexicographic improvements of
//! (W, K, −C), and is deterministic: requests and places are visited in fixed
//! orders, and wall-clock time is only consulted as an optional safety cap.

use std::time::Instant as Clock;

use super::prepare::Problem;
use super::state::{Pick, State};

/// Effort knobs; the defaults depend on the problem size (see `solve`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Effort {
    /// Maximum length of a relocation chain.
    pub depth: u32,
    /// Node budget for one insertion attempt.
    pub budget: u64,
    /// Maximum passes over the unassigned requests.
    pub rounds: u32,
    /// Node budget, in ruin and recreate, for a request that was already waiting before
    /// the ruin (not one it removed): such a request was tried at earlier iterations, and
    /// its chains over the unchanged rest of the month mostly fail again.
    pub outsider_budget: u64,
    /// Optional wall-clock cap.
    pub deadline: Option<Clock>,
}

#[derive(Clone)]
pub(crate) struct Search<'p> {
    pub st: State<'p>,
    in_chain: Vec<bool>,
    chain_set: Vec<u32>,
    budget: u64,
    /// The node budget of the insertion under way (ejections get a quarter of it).
    attempt_budget: u64,
    effort: Effort,
    order: Vec<usize>,
    pub timed_out: bool,
}

/// What ruin and recreate looks up at every iteration, built once per month: each
/// session's slots, and the requests that could use each slot.
pub(crate) struct LnsIndex {
    session_slots: Vec<Vec<u32>>,
    users: Vec<Vec<u32>>,
}

impl LnsIndex {
    pub fn new(p: &Problem) -> Self {
        let n_sessions = p
            .slots
            .iter()
            .map(|s| s.session as usize + 1)
            .max()
            .unwrap_or(0);
        let mut session_slots: Vec<Vec<u32>> = vec![Vec::new(); n_sessions];
        for (sid, s) in p.slots.iter().enumerate() {
            session_slots[s.session as usize].push(sid as u32);
        }
        let mut users: Vec<Vec<u32>> = vec![Vec::new(); p.slots.len()];
        for (r, req) in p.reqs.iter().enumerate() {
            for pl in &req.places {
                let u = &mut users[pl.slot as usize];
                if u.last() != Some(&(r as u32)) {
                    u.push(r as u32);
                }
            }
        }
        LnsIndex {
            session_slots,
            users,
        }
    }
}

/// No request chose the ruined session.
const NO_FOCUS: u32 = u32::MAX;

/// Buffers one ruin-and-recreate iteration reuses.
#[derive(Default)]
struct Scratch {
    un: Vec<usize>,
    cand: Vec<u32>,
    slots_hit: Vec<u32>,
    occ: Vec<u32>,
    keyed: Vec<(i64, u64, u32)>,
    removed: Vec<u32>,
    hit: Vec<bool>,
}

impl<'p> Search<'p> {
    pub fn new(p: &'p Problem, effort: Effort) -> Self {
        let mut order: Vec<usize> = (0..p.reqs.len())
            .filter(|&r| !p.reqs[r].places.is_empty())
            .collect();
        order.sort_by_key(|&r| (-p.reqs[r].weight, p.reqs[r].places.len(), r));
        Search {
            st: State::new(p),
            in_chain: vec![false; p.reqs.len()],
            chain_set: Vec::new(),
            budget: 0,
            attempt_budget: 0,
            effort,
            order,
            timed_out: false,
        }
    }

    fn out_of_time(&mut self) -> bool {
        if let Some(d) = self.effort.deadline
            && Clock::now() >= d
        {
            self.timed_out = true;
        }
        self.timed_out
    }

    /// Places the preferred picks that still fit: exact preferences first,
    /// then slot-level ones (in request order).
    fn place_preferred(&mut self) {
        let p = self.st.p;
        let mut picks = Vec::new();
        for r in 0..p.reqs.len() {
            if p.reqs[r].preferred.is_none() {
                continue;
            }
            self.st.picks(r, &mut picks);
            if let Some(&pick) = picks
                .iter()
                .find(|&&pk| self.st.value(r, pk).kept == 2 && self.st.fits(r, pk))
            {
                self.st.place(r, pick);
            }
        }
        // Then slot-level preferences (any suitable interpreter).
        for r in 0..p.reqs.len() {
            if self.st.assign[r].is_some() || p.reqs[r].pref_slot.is_none() {
                continue;
            }
            if let Some(pick) = self.st.best_free_pick(r)
                && self.st.value(r, pick).kept > 0
            {
                self.st.place(r, pick);
            }
        }
    }

    /// Greedy: preferred picks that still fit first, then by weight
    /// (descending), fewest places first, input order.
    pub fn greedy(&mut self) {
        self.place_preferred();
        for i in 0..self.order.len() {
            let r = self.order[i];
            if self.st.assign[r].is_none()
                && let Some(pick) = self.st.best_free_pick(r)
            {
                self.st.place(r, pick);
            }
        }
    }

    /// Greedy guided by a relaxed solution: requests with a hinted slot are
    /// placed there first (best free interpreter), by weight; then the plain
    /// greedy order fills the rest.
    pub fn greedy_hint(&mut self, hint: &[u32]) {
        self.place_preferred();
        let p = self.st.p;
        let mut buf = Vec::new();
        for i in 0..self.order.len() {
            let r = self.order[i];
            let Some(&slot) = hint.get(r) else { continue };
            if slot == super::prepare::NONE || self.st.assign[r].is_some() {
                continue;
            }
            self.st.picks(r, &mut buf);
            let mut best: Option<(Pick, (u8, i64))> = None;
            for &pk in &buf {
                if p.reqs[r].places[pk.pl as usize].slot != slot || !self.st.fits(r, pk) {
                    continue;
                }
                let v = self.st.value(r, pk);
                let key = (v.kept, -v.cost);
                if best.is_none_or(|(_, k)| key > k) {
                    best = Some((pk, key));
                }
            }
            if let Some((pk, _)) = best {
                self.st.place(r, pk);
            }
        }
        for i in 0..self.order.len() {
            let r = self.order[i];
            if self.st.assign[r].is_none()
                && let Some(pick) = self.st.best_free_pick(r)
            {
                self.st.place(r, pick);
            }
        }
    }

    /// Local search until no pass improves (or the effort is spent).
    pub fn improve(&mut self) {
        for _ in 0..self.effort.rounds {
            let mut improved = false;
            for i in 0..self.order.len() {
                let r = self.order[i];
                if self.st.assign[r].is_none() && self.try_insert(r) {
                    improved = true;
                }
                if self.out_of_time() {
                    return;
                }
            }
            if self.cost_pass() {
                improved = true;
            }
            if !improved || self.out_of_time() {
                return;
            }
        }
    }

    /// Moves each assigned request to a strictly better (kept, −cost) place
    /// that is free.
    pub fn cost_pass(&mut self) -> bool {
        let mut improved = false;
        for i in 0..self.order.len() {
            let r = self.order[i];
            let Some(old) = self.st.assign[r] else {
                continue;
            };
            let ov = self.st.value(r, old);
            self.st.remove(r);
            match self.st.best_free_pick(r) {
                Some(new) => {
                    let nv = self.st.value(r, new);
                    if (nv.kept, -nv.cost) > (ov.kept, -ov.cost) {
                        self.st.place(r, new);
                        improved = true;
                    } else {
                        self.st.place(r, old);
                    }
                }
                None => self.st.place(r, old),
            }
        }
        improved
    }

    fn clear_chain(&mut self) {
        for &b in &self.chain_set {
            self.in_chain[b as usize] = false;
        }
        self.chain_set.clear();
    }

    /// Tries to place unassigned `r`, raising W. Returns whether W rose.
    pub fn try_insert(&mut self, r: usize) -> bool {
        self.try_insert_within(r, self.effort.budget)
    }

    /// [`Search::try_insert`] with a node budget of `budget`.
    fn try_insert_within(&mut self, r: usize, budget: u64) -> bool {
        if let Some(pick) = self.st.best_free_pick(r) {
            self.st.place(r, pick);
            return true;
        }
        let outer = self.st.logging;
        self.st.logging = true;
        self.budget = budget;
        self.attempt_budget = budget;
        self.in_chain[r] = true;
        self.chain_set.push(r as u32);
        let ok = self.effort.depth > 0 && self.chain(r, self.effort.depth);
        self.clear_chain();
        let gained = ok || self.eject(r);
        if !outer {
            self.st.commit();
            self.st.logging = false;
        }
        gained
    }

    /// Large neighbourhood search (ruin and recreate): empties a session or
    /// an interpreter's day, refills greedily with chains, keeps the result
    /// when (W, K, −C) did not get worse. Stops early at `target` W.
    ///
    /// Stops after `iters` iterations, at `target`, or after `patience` iterations in a row
    /// without a strict improvement of (W, K, −C) (a count, so the result stays a function of
    /// the instance). Returns (iterations run, the iteration of the last strict improvement).
    ///
    /// `tick` is told the incumbent's W after every iteration (for a progress line; it
    /// cannot change the search).
    pub fn lns(
        &mut self,
        idx: &LnsIndex,
        iters: u32,
        seed: u64,
        target: i64,
        patience: u32,
        tick: &mut dyn FnMut(i64),
    ) -> (u32, u32) {
        let mut rng = super::rng::SplitMix64::new(seed);
        let mut done = 0;
        let mut last_better = 0;
        let mut best = self.st.obj.key();
        let mut scratch = Scratch::default();
        for it in 0..iters {
            if self.st.obj.w >= target || it - last_better >= patience || self.out_of_time() {
                break;
            }
            done = it + 1;
            self.ruin_and_recreate(idx, &mut rng, &mut scratch);
            if self.st.obj.key() > best {
                best = self.st.obj.key();
                last_better = it + 1;
            }
            tick(self.st.obj.w);
        }
        self.st.commit();
        (done, last_better)
    }

    /// [`Search::lns`] on `threads` threads, deterministically: the run is cut into epochs
    /// of `epoch` iterations; in each, every thread runs its own seeded search from the same
    /// incumbent, and the best result (highest (W, K, −C), the lowest thread on ties) is the
    /// next incumbent. The result depends on the instance, `seed` and `threads` only, never
    /// on thread timing (unless a deadline stops a thread). `iters` counts the iterations
    /// of one thread (wall iterations); returns (iterations run, last strict improvement) in
    /// that count.
    #[allow(clippy::too_many_arguments)]
    pub fn lns_parallel(
        &mut self,
        idx: &LnsIndex,
        iters: u32,
        seed: u64,
        target: i64,
        patience: u32,
        threads: u32,
        epoch: u32,
        tick: &mut dyn FnMut(i64),
    ) -> (u32, u32) {
        if threads <= 1 {
            return self.lns(idx, iters, seed, target, patience, tick);
        }
        let (mut done, mut last_better) = (0u32, 0u32);
        let mut round = 0u64;
        while done < iters {
            if self.st.obj.w >= target || done - last_better >= patience || self.out_of_time() {
                break;
            }
            let n = epoch.max(1).min(iters - done);
            let before = self.st.obj.key();
            let base: &Search<'p> = self;
            let runs: Vec<(Search<'p>, u32)> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..threads)
                    .map(|t| {
                        let mut w = base.clone();
                        let seed = seed
                            ^ round.wrapping_mul(0x9E37_79B9_7F4A_7C15)
                            ^ u64::from(t).wrapping_mul(0xD1B5_4A32_D192_ED03);
                        s.spawn(move || {
                            let (ran, _) = w.lns(idx, n, seed, target, u32::MAX, &mut |_| {});
                            (w, ran)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            });
            round += 1;
            let ran = runs.iter().map(|(_, r)| *r).max().unwrap_or(0);
            let timed_out = runs.iter().any(|(w, _)| w.timed_out);
            let mut best: Option<Search<'p>> = None;
            for (w, _) in runs {
                if best
                    .as_ref()
                    .is_none_or(|b| w.st.obj.key() > b.st.obj.key())
                {
                    best = Some(w);
                }
            }
            if let Some(b) = best {
                *self = b;
            }
            self.timed_out |= timed_out;
            tick(self.st.obj.w);
            done += ran;
            if self.st.obj.key() > before {
                last_better = done;
            }
            if ran < n {
                break;
            }
        }
        (done, last_better)
    }

    /// One iteration of ruin and recreate; keeps the result when (W, K, −C) did not get
    /// worse, undoes it otherwise.
    fn ruin_and_recreate(
        &mut self,
        idx: &LnsIndex,
        rng: &mut super::rng::SplitMix64,
        sc: &mut Scratch,
    ) {
        let p = self.st.p;
        // Focus on an unassigned placeable request when there is one.
        sc.un.clear();
        sc.un.extend(
            self.order
                .iter()
                .copied()
                .filter(|&r| self.st.assign[r].is_none()),
        );
        let mut focus = NO_FOCUS;
        let slot = if !sc.un.is_empty() && rng.chance(0.8) {
            let r = sc.un[rng.below(sc.un.len() as u64) as usize];
            focus = r as u32;
            let pl = &p.reqs[r].places;
            pl[rng.below(pl.len() as u64) as usize].slot
        } else {
            rng.below(p.slots.len() as u64) as u32
        };
        let sess = p.slots[slot as usize].session as usize;
        let before = self.st.obj;
        self.st.commit();
        self.st.logging = true;
        sc.cand.clear();
        sc.slots_hit.clear();
        sc.slots_hit.extend_from_slice(&idx.session_slots[sess]);
        // Also a second, random session sharing a user, for mixing.
        if let Some(&u) = idx.users[slot as usize].first() {
            let pl = &p.reqs[u as usize].places;
            let other = pl[rng.below(pl.len() as u64) as usize].slot;
            sc.slots_hit
                .extend(idx.session_slots[p.slots[other as usize].session as usize].iter());
        }
        sc.removed.clear();
        for &s in &sc.slots_hit {
            sc.occ.clear();
            sc.occ.extend_from_slice(&self.st.slot_occ[s as usize]);
            for &b in &sc.occ {
                self.st.remove(b as usize);
                sc.removed.push(b);
            }
            sc.cand.extend(idx.users[s as usize].iter().copied());
        }
        sc.cand.sort_unstable();
        sc.cand.dedup();
        sc.cand.retain(|&r| self.st.assign[r as usize].is_none());
        // Random-keyed weight order (ties broken randomly).
        sc.keyed.clear();
        sc.keyed.extend(
            sc.cand
                .iter()
                .map(|&r| (-p.reqs[r as usize].weight, rng.next_u64(), r)),
        );
        sc.keyed.sort_unstable();
        sc.removed.sort_unstable();
        // A budget of 0 leaves a request that was waiting before the ruin only the
        // ruined sessions' free places: nothing else changed for it.
        let focused = self.effort.outsider_budget == 0;
        if focused {
            sc.hit.clear();
            sc.hit.resize(p.slots.len(), false);
            for &s in &sc.slots_hit {
                sc.hit[s as usize] = true;
            }
        }
        for &(_, _, r) in &sc.keyed {
            let outsider = sc.removed.binary_search(&r).is_err();
            let pick = if focused && outsider {
                self.st
                    .best_free_pick_where(r as usize, |s| sc.hit[s as usize])
            } else {
                self.st.best_free_pick(r as usize)
            };
            if let Some(pick) = pick {
                self.st.place(r as usize, pick);
            }
        }
        for &(_, _, r) in &sc.keyed {
            if self.st.assign[r as usize].is_none() {
                if r == focus || sc.removed.binary_search(&r).is_ok() {
                    self.try_insert_within(r as usize, self.effort.budget);
                } else if !focused {
                    self.try_insert_within(r as usize, self.effort.outsider_budget);
                }
            }
        }
        if self.st.obj.key() >= before.key() {
            self.st.commit();
        } else {
            self.st.rollback(0);
        }
        self.st.logging = false;
    }

    /// Places `r` (unassigned) without losing anyone, relocating blockers
    /// along a chain of at most `depth` moves.
    fn chain(&mut self, r: usize, depth: u32) -> bool {
        if let Some(pick) = self.st.best_free_pick(r) {
            self.st.place(r, pick);
            return true;
        }
        if depth == 0 {
            return false;
        }
        let mut picks = Vec::new();
        self.st.picks(r, &mut picks);
        let mut blockers = Vec::new();
        for pick in picks {
            if self.budget == 0 {
                return false;
            }
            self.budget -= 1;
            self.st.blockers(r, pick, &mut blockers);
            if blockers.is_empty()
                || blockers.len() > 2
                || blockers.iter().any(|&b| self.in_chain[b as usize])
            {
                continue;
            }
            let mark = self.st.mark();
            let set_len = self.chain_set.len();
            for &b in &blockers {
                self.st.remove(b as usize);
                self.in_chain[b as usize] = true;
                self.chain_set.push(b);
            }
            if !self.st.fits(r, pick) {
                self.st.rollback(mark);
                self.unmark_to(set_len);
                continue;
            }
            self.st.place(r, pick);
            let bs = blockers.clone();
            let mut all = true;
            for &b in &bs {
                if !self.chain(b as usize, depth - 1) {
                    all = false;
                    break;
                }
            }
            if all {
                return true;
            }
            self.st.rollback(mark);
            self.unmark_to(set_len);
        }
        false
    }

    fn unmark_to(&mut self, len: usize) {
        while self.chain_set.len() > len {
            if let Some(b) = self.chain_set.pop() {
                self.in_chain[b as usize] = false;
            }
        }
    }

    /// Places `r` by evicting lighter requests (total weight < w_r), then
    /// tries to re-place the evicted ones. Keeps the best of a few attempts.
    fn eject(&mut self, r: usize) -> bool {
        let p = self.st.p;
        let w = p.reqs[r].weight;
        let mut picks = Vec::new();
        self.st.picks(r, &mut picks);
        let mut blockers = Vec::new();
        let mut cands: Vec<(i64, usize, Pick)> = Vec::new();
        for (n, &pick) in picks.iter().enumerate() {
            self.st.blockers(r, pick, &mut blockers);
            if blockers.is_empty() || blockers.len() > 3 {
                continue;
            }
            let loss: i64 = blockers.iter().map(|&b| p.reqs[b as usize].weight).sum();
            if loss < w {
                cands.push((loss, n, pick));
            }
        }
        cands.sort_by_key(|&(loss, n, _)| (loss, n));
        cands.truncate(6);
        let mut best: Option<(i64, (i64, i64, i64), Pick)> = None;
        for &(_, _, pick) in &cands {
            let before = self.st.obj;
            let mark = self.st.mark();
            self.attempt_eject(r, pick);
            let after = self.st.obj;
            self.st.rollback(mark);
            if after.w > before.w && best.is_none_or(|(_, k, _)| after.key() > k) {
                best = Some((after.w - before.w, after.key(), pick));
                if after.w - before.w == w {
                    break;
                }
            }
        }
        if let Some((_, _, pick)) = best {
            self.attempt_eject(r, pick);
            true
        } else {
            false
        }
    }

    fn attempt_eject(&mut self, r: usize, pick: Pick) {
        let p = self.st.p;
        let mut blockers = Vec::new();
        self.st.blockers(r, pick, &mut blockers);
        for &b in &blockers {
            self.st.remove(b as usize);
        }
        if !self.st.fits(r, pick) {
            return;
        }
        self.st.place(r, pick);
        blockers.sort_by_key(|&b| (-p.reqs[b as usize].weight, b));
        self.in_chain[r] = true;
        self.chain_set.push(r as u32);
        for &b in &blockers {
            self.in_chain[b as usize] = true;
            self.chain_set.push(b);
        }
        let depth = self.effort.depth.saturating_sub(1);
        for &b in &blockers {
            self.budget = self.attempt_budget / 4;
            let mark = self.st.mark();
            if !self.chain(b as usize, depth) {
                self.st.rollback(mark);
            }
        }
        self.clear_chain();
    }
}
