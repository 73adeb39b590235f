//! Pin rule (6): which pins are binding.
//!
//! A pin is binding when it satisfies rules (2)–(5) on its own and no other
//! such pin conflicts with it. Conflicts are judged among the individually
//! valid pins only, in one pass (no cascading): two pins of one request, two
//! pins of one interpreter at overlapping times, more pins on a (session,
//! slot) than booths, more pins of one interpreter on one date than
//! `max_per_day`. Every pin involved in a conflict is released.

use std::collections::BTreeMap;

use super::format::Assignment;
use super::time::Instant;
use super::validate::Resolved;

/// A pin that passed rules (2)–(5) on its own, in resolved form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PinInfo {
    pub request: usize,
    pub session: usize,
    pub slot: u32,
    pub interp: Option<usize>,
    pub start: Instant,
    pub end: Instant,
    pub day: i64,
}

/// Outcome of the pin analysis.
pub(crate) struct PinAnalysis {
    /// Index into `inst.pinned` and resolved form, in pin order.
    pub binding: Vec<(usize, PinInfo)>,
    /// Index into `inst.pinned` and a human-readable reason, in pin order.
    pub not_binding: Vec<(usize, String)>,
}

/// Rules (2)–(5) for one pin alone; `Err` explains the first failure.
pub(crate) fn check_alone(rv: &Resolved<'_>, pin: &Assignment) -> Result<PinInfo, String> {
    let inst = rv.inst;
    let r = *rv
        .request_idx
        .get(pin.request.as_str())
        .ok_or_else(|| format!("unknown request {:?}", pin.request))?;
    let s = *rv
        .session_idx
        .get(pin.session.as_str())
        .ok_or_else(|| format!("unknown session {:?}", pin.session))?;
    let ns = rv.sessions[s].nslots;
    if pin.slot < 0 || pin.slot >= i64::from(ns) {
        return Err(format!(
            "slot {} out of range for session {:?} ({} slots)",
            pin.slot, pin.session, ns
        ));
    }
    let k = pin.slot as u32;
    if inst.sessions[s].booths == 0 {
        return Err(format!("session {:?} has no booths", pin.session));
    }
    if !rv.topic_ok(r, s) {
        return Err(format!(
            "session {:?} does not serve the request's topic/agency",
            pin.session
        ));
    }
    let (a, b) = rv.slot_interval(s, k);
    if !rv.windows_ok(r, a, b) {
        return Err("slot outside the request's windows".to_string());
    }
    if !rv.deadline_ok(r, b) {
        return Err("slot ends after the request's deadline".to_string());
    }
    let need = rv.needs_interpreter(r, s);
    let interp = if !need {
        if pin.interpreter.is_some() || pin.mode.is_some() {
            return Err("no interpreter is needed, so interpreter and mode must be null".into());
        }
        None
    } else {
        let name = pin
            .interpreter
            .as_ref()
            .ok_or_else(|| "an interpreter is needed but none is named".to_string())?;
        let i = *rv
            .interp_idx
            .get(name.as_str())
            .ok_or_else(|| format!("unknown interpreter {name:?}"))?;
        if !rv.speaks(i, r) {
            return Err(format!(
                "interpreter {name:?} does not speak the request's language"
            ));
        }
        let mode = pin
            .mode
            .ok_or_else(|| "an interpreter is needed but mode is null".to_string())?;
        if rv.requests[r].modes & rv.sessions[s].modes & rv.interps[i].modes & mode.bit() == 0 {
            return Err(format!(
                "mode {} not accepted by request, session and interpreter",
                mode.code()
            ));
        }
        if !rv.available(i, a, b) {
            return Err(format!("interpreter {name:?} is not available then"));
        }
        if rv.interps[i].max_per_day == 0 {
            return Err(format!("interpreter {name:?} has max_per_day 0"));
        }
        Some(i)
    };
    Ok(PinInfo {
        request: r,
        session: s,
        slot: k,
        interp,
        start: a,
        end: b,
        day: rv.day(a),
    })
}

/// Applies rule (6) to all pins.
pub(crate) fn analyse(rv: &Resolved<'_>) -> PinAnalysis {
    let pins = &rv.inst.pinned;
    let mut valid: Vec<(usize, PinInfo)> = Vec::new();
    let mut why: Vec<Option<String>> = vec![None; pins.len()];
    for (p, pin) in pins.iter().enumerate() {
        match check_alone(rv, pin) {
            Ok(info) => valid.push((p, info)),
            Err(e) => why[p] = Some(e),
        }
    }
    let mut release = |p: usize, msg: String| {
        if why[p].is_none() {
            why[p] = Some(msg);
        }
    };
    // Same request.
    let mut by_req: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    // Same (session, slot).
    let mut by_slot: BTreeMap<(usize, u32), Vec<usize>> = BTreeMap::new();
    // Same interpreter (for overlaps) and same (interpreter, day).
    let mut by_int: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut by_day: BTreeMap<(usize, i64), Vec<usize>> = BTreeMap::new();
    for (v, (_, info)) in valid.iter().enumerate() {
        by_req.entry(info.request).or_default().push(v);
        by_slot
            .entry((info.session, info.slot))
            .or_default()
            .push(v);
        if let Some(i) = info.interp {
            by_int.entry(i).or_default().push(v);
            by_day.entry((i, info.day)).or_default().push(v);
        }
    }
    for vs in by_req.values().filter(|vs| vs.len() > 1) {
        for &v in vs {
            release(
                valid[v].0,
                "conflicts with another pin of the same request".into(),
            );
        }
    }
    for ((s, _), vs) in &by_slot {
        if vs.len() > rv.inst.sessions[*s].booths as usize {
            for &v in vs {
                release(
                    valid[v].0,
                    "more pins on this session slot than booths".into(),
                );
            }
        }
    }
    for vs in by_int.values() {
        for (x, &v) in vs.iter().enumerate() {
            for &u in &vs[x + 1..] {
                let (a, b) = (&valid[v].1, &valid[u].1);
                if a.start < b.end && b.start < a.end {
                    let msg =
                        "conflicts with another pin of the same interpreter at an overlapping time";
                    release(valid[v].0, msg.into());
                    release(valid[u].0, msg.into());
                }
            }
        }
    }
    for ((i, _), vs) in &by_day {
        if vs.len() as u64 > u64::from(rv.interps[*i].max_per_day) {
            for &v in vs {
                release(
                    valid[v].0,
                    "more pins of this interpreter on one date than max_per_day".into(),
                );
            }
        }
    }
    let binding = valid
        .into_iter()
        .filter(|(p, _)| why[*p].is_none())
        .collect();
    let not_binding = why
        .into_iter()
        .enumerate()
        .filter_map(|(p, w)| w.map(|w| (p, w)))
        .collect();
    PinAnalysis {
        binding,
        not_binding,
    }
}
