//! A partial assignment of the free problem with O(1)-ish feasibility tests
//! and an undo log, shared by the heuristic and the exact search.
//!
//! Interpreter double-booking is tracked through "time points" (cliques):
//! two slots of one interpreter overlap iff they share a slot start point, so
//! occupying every point of a slot's range is exactly rule (5)'s
//! "never two overlapping assignments".

use super::format::Mode;
use super::prepare::{IOpt, NONE, Problem, Req};

/// A chosen place: index into `Req::places` and index into the interpreter
/// list of that place (`NONE` when no interpreter is needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pick {
    pub pl: u32,
    pub opt: u32,
}

/// Lexicographic objective of the free problem: W, then kept preferred
/// assignments K, then −C.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Obj {
    pub w: i64,
    pub k: i64,
    pub c: i64,
}

impl Obj {
    pub fn key(&self) -> (i64, i64, i64) {
        (self.w, self.k, -self.c)
    }
    pub fn better_than(&self, o: &Obj) -> bool {
        self.key() > o.key()
    }
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Place(u32),
    Remove(u32, Pick),
}

/// Details of one pick, as it will appear in the solution.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PickValue {
    pub slot: u32,
    pub interp: u32,
    pub mode: Option<Mode>,
    pub cost: i64,
    /// Preference score: 2 = the preferred assignment exactly, 1 = a
    /// slot-level preference met, 0 = neither.
    pub kept: u8,
}

fn score(exact: bool, req: &Req, slot: u32) -> u8 {
    if exact {
        2
    } else {
        u8::from(req.pref_slot == Some(slot))
    }
}

#[derive(Clone)]
pub(crate) struct State<'p> {
    pub p: &'p Problem,
    pub assign: Vec<Option<Pick>>,
    pub slot_occ: Vec<Vec<u32>>,
    pub clique_occ: Vec<u32>,
    pub day_occ: Vec<Vec<u32>>,
    pub obj: Obj,
    /// The value of each placed request's pick, kept so that removing it (the search's
    /// most frequent change) does not work it out again.
    vals: Vec<PickValue>,
    log: Vec<Op>,
    pub logging: bool,
}

impl<'p> State<'p> {
    pub fn new(p: &'p Problem) -> Self {
        State {
            p,
            assign: vec![None; p.reqs.len()],
            slot_occ: vec![Vec::new(); p.slots.len()],
            clique_occ: vec![NONE; p.n_cliques],
            day_occ: vec![Vec::new(); p.day_cap.len()],
            obj: Obj::default(),
            vals: vec![
                PickValue {
                    slot: NONE,
                    interp: NONE,
                    mode: None,
                    cost: 0,
                    kept: 0,
                };
                p.reqs.len()
            ],
            log: Vec::new(),
            logging: false,
        }
    }

    pub fn opt(&self, r: usize, pick: Pick) -> Option<&'p IOpt> {
        let pl = self.p.reqs[r].places[pick.pl as usize];
        if pl.list == NONE {
            None
        } else {
            Some(&self.p.lists[pl.list as usize][pick.opt as usize])
        }
    }

    /// Mode, cost and "kept" status of a pick.
    pub fn value(&self, r: usize, pick: Pick) -> PickValue {
        let req: &Req = &self.p.reqs[r];
        let slot = req.places[pick.pl as usize].slot;
        match self.opt(r, pick) {
            None => PickValue {
                slot,
                interp: NONE,
                mode: None,
                cost: 0,
                kept: score(req.preferred == Some((slot, NONE, None)), req, slot),
            },
            Some(o) => {
                let prefer = match req.preferred {
                    Some((s, i, m)) if s == slot && i == o.interp => m,
                    _ => None,
                };
                let (m, c) = self.p.mode_cost(req, o, prefer);
                PickValue {
                    slot,
                    interp: o.interp,
                    mode: Some(m),
                    cost: c,
                    kept: score(req.preferred == Some((slot, o.interp, Some(m))), req, slot),
                }
            }
        }
    }

    pub fn booth_free(&self, slot: u32) -> bool {
        self.slot_occ[slot as usize].len() < self.p.slots[slot as usize].cap as usize
    }

    pub fn interp_free(&self, o: &IOpt) -> bool {
        self.day_occ[o.day as usize].len() < self.p.day_cap[o.day as usize] as usize
            && self.clique_occ[o.clo as usize..=o.chi as usize]
                .iter()
                .all(|&q| q == NONE)
    }

    pub fn fits(&self, r: usize, pick: Pick) -> bool {
        let slot = self.p.reqs[r].places[pick.pl as usize].slot;
        self.booth_free(slot) && self.opt(r, pick).is_none_or(|o| self.interp_free(o))
    }

    pub fn place(&mut self, r: usize, pick: Pick) {
        let v = self.value(r, pick);
        self.slot_occ[v.slot as usize].push(r as u32);
        if let Some(o) = self.opt(r, pick) {
            for q in o.clo..=o.chi {
                self.clique_occ[q as usize] = r as u32;
            }
            self.day_occ[o.day as usize].push(r as u32);
        }
        self.obj.w += self.p.reqs[r].weight;
        self.obj.k += i64::from(v.kept);
        self.obj.c += v.cost;
        self.vals[r] = v;
        self.assign[r] = Some(pick);
        if self.logging {
            self.log.push(Op::Place(r as u32));
        }
    }

    pub fn remove(&mut self, r: usize) {
        let Some(pick) = self.assign[r] else { return };
        let v = self.vals[r];
        let occ = &mut self.slot_occ[v.slot as usize];
        if let Some(x) = occ.iter().position(|&q| q == r as u32) {
            occ.swap_remove(x);
        }
        if let Some(o) = self.opt(r, pick) {
            for q in o.clo..=o.chi {
                self.clique_occ[q as usize] = NONE;
            }
            let d = &mut self.day_occ[o.day as usize];
            if let Some(x) = d.iter().position(|&q| q == r as u32) {
                d.swap_remove(x);
            }
        }
        self.obj.w -= self.p.reqs[r].weight;
        self.obj.k -= i64::from(v.kept);
        self.obj.c -= v.cost;
        self.assign[r] = None;
        if self.logging {
            self.log.push(Op::Remove(r as u32, pick));
        }
    }

    pub fn mark(&self) -> usize {
        self.log.len()
    }

    /// Undoes every change made since `mark`.
    pub fn rollback(&mut self, mark: usize) {
        let logging = self.logging;
        self.logging = false;
        while self.log.len() > mark {
            match self.log.pop() {
                Some(Op::Place(r)) => self.remove(r as usize),
                Some(Op::Remove(r, pick)) => self.place(r as usize, pick),
                None => break,
            }
        }
        self.logging = logging;
    }

    /// Forgets the log (the changes are kept).
    pub fn commit(&mut self) {
        self.log.clear();
    }

    /// Requests that must leave so that `pick` fits for `r`: the occupants of
    /// the interpreter's time points, then one lowest-weight occupant of a full
    /// booth and of a full interpreter date (if still needed).
    pub fn blockers(&self, r: usize, pick: Pick, out: &mut Vec<u32>) {
        out.clear();
        let slot = self.p.reqs[r].places[pick.pl as usize].slot;
        let o = self.opt(r, pick);
        if let Some(o) = o {
            for q in o.clo..=o.chi {
                let b = self.clique_occ[q as usize];
                if b != NONE && !out.contains(&b) {
                    out.push(b);
                }
            }
        }
        let lightest = |occ: &[u32], out: &[u32]| -> Option<u32> {
            occ.iter()
                .copied()
                .filter(|b| !out.contains(b))
                .min_by_key(|&b| (self.p.reqs[b as usize].weight, std::cmp::Reverse(b)))
        };
        let occ = &self.slot_occ[slot as usize];
        let cap = self.p.slots[slot as usize].cap as usize;
        // (A booth or date with room needs no one to leave: the count is skipped.)
        if occ.len() >= cap
            && occ.len() - occ.iter().filter(|b| out.contains(b)).count() >= cap
            && let Some(b) = lightest(occ, out)
        {
            out.push(b);
        }
        if let Some(o) = o {
            let d = &self.day_occ[o.day as usize];
            let cap = self.p.day_cap[o.day as usize] as usize;
            if d.len() >= cap
                && d.len() - d.iter().filter(|b| out.contains(b)).count() >= cap
                && let Some(b) = lightest(d, out)
            {
                out.push(b);
            }
        }
    }

    /// Best pick that fits now: max (kept, −cost), first in place order on ties.
    ///
    /// The hottest loop of the search: an option's key is computed before its (dearer)
    /// fit test, and only a key that would win is tested; for a request without a
    /// preference the key is the cost table's, without building the pick's value.
    pub fn best_free_pick(&self, r: usize) -> Option<Pick> {
        self.best_free_pick_where(r, |_| true)
    }

    /// [`State::best_free_pick`] among the places whose slot passes `slot_ok`.
    pub fn best_free_pick_where(&self, r: usize, slot_ok: impl Fn(u32) -> bool) -> Option<Pick> {
        let req = &self.p.reqs[r];
        let plain = req.preferred.is_none() && req.pref_slot.is_none();
        let mut best: Option<(Pick, (u8, i64))> = None;
        let wins = |best: &Option<(Pick, (u8, i64))>, key: (u8, i64)| {
            best.as_ref().is_none_or(|(_, k)| key > *k)
        };
        for (pl, place) in req.places.iter().enumerate() {
            if !slot_ok(place.slot) || !self.booth_free(place.slot) {
                continue;
            }
            if place.list == NONE {
                let pick = Pick {
                    pl: pl as u32,
                    opt: NONE,
                };
                let key = if plain {
                    (0, 0)
                } else {
                    let v = self.value(r, pick);
                    (v.kept, -v.cost)
                };
                if wins(&best, key) {
                    best = Some((pick, key));
                }
                continue;
            }
            for (oi, o) in self.p.lists[place.list as usize].iter().enumerate() {
                let allowed = o.mask & req.modes;
                if allowed == 0 {
                    continue;
                }
                let pick = Pick {
                    pl: pl as u32,
                    opt: oi as u32,
                };
                let key = if plain {
                    (
                        0,
                        -self.p.best_mode[o.interp as usize][usize::from(allowed & 7)].1,
                    )
                } else {
                    let v = self.value(r, pick);
                    (v.kept, -v.cost)
                };
                if wins(&best, key) && self.interp_free(o) {
                    best = Some((pick, key));
                }
            }
        }
        best.map(|(p, _)| p)
    }

    /// Every pick of `r` (interpreter options filtered by the request's modes).
    pub fn picks(&self, r: usize, out: &mut Vec<Pick>) {
        out.clear();
        let req = &self.p.reqs[r];
        for (pl, place) in req.places.iter().enumerate() {
            if place.list == NONE {
                out.push(Pick {
                    pl: pl as u32,
                    opt: NONE,
                });
            } else {
                for (oi, o) in self.p.lists[place.list as usize].iter().enumerate() {
                    if o.mask & req.modes != 0 {
                        out.push(Pick {
                            pl: pl as u32,
                            opt: oi as u32,
                        });
                    }
                }
            }
        }
    }
}
