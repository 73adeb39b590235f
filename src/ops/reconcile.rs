//! A re-import is a reconciliation, not a replacement.
//!
//! The folder and the command line can both change some things: an agency's one-off sessions
//! and cancelled dates, its feed's `show_personal_details`, an interpreter's fields and days
//! off, and requests. The ownership rule (README, docs/data-format.md) is a three-way merge
//! per item, with the folder as it was last imported as the common ancestor (the *base*, kept
//! in the database):
//!
//! - **The folder owns what it changed.** An item whose folder value differs from the base (a
//!   date added to or removed from `cancelled`, an edited field, a new `show_personal_details`)
//!   is taken from the folder, even over a command-line change of the same item.
//! - **The command line owns everything else.** An item the folder left as it was keeps the
//!   database's value, so `cancel-session`, `add-session`, `interpreter unavailable`, `feeds
//!   set` and `request edit` survive any re-import that does not touch the same item.
//! - Only the folder changes agency patterns, topics, languages, the center and the weights;
//!   only the command line removes a record (a re-import never deletes).
//! - Without a base (a database imported before soudan kept one), set-valued exceptions are
//!   merged as a union (a re-import can add a cancellation or a day off, never remove one) and
//!   single fields follow the folder; the diff shows each such change.
//!
//! Pure apart from reading the store: [`reconcile`] returns the merged folder to import, the
//! diff to show, and the confirmed bookings the merge would strand.

use crate::import::Dataset;
use crate::model::{
    Agency, Booking, BookingStatus, Clock, FeedKind, Interpreter, Request, parse_tz, resolve_local,
    sessions_for_month,
};
use crate::store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt::Debug;

/// The version of [`ImportBase`]'s stored shape; a base of another version is ignored (the
/// merge then works as without a base), never misread.
const BASE_VERSION: u32 = 1;

/// The folder as last imported: the common ancestor of the next re-import.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportBase {
    pub version: u32,
    pub agencies: Vec<Agency>,
    pub interpreters: Vec<Interpreter>,
    pub requests: Vec<Request>,
}

/// [`ImportBase`] borrowing the folder instead of copying it (an import of 100,000 requests
/// would otherwise hold a second copy of them): the same fields in the same order, so it
/// encodes to exactly the bytes of the owned value and reads back as an [`ImportBase`].
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ImportBaseRef<'a> {
    pub version: u32,
    pub agencies: &'a [Agency],
    pub interpreters: &'a [Interpreter],
    pub requests: &'a [Request],
}

impl ImportBase {
    /// The base to store for `data`, borrowed (see [`ImportBaseRef`]).
    pub fn borrowed(data: &Dataset) -> ImportBaseRef<'_> {
        ImportBaseRef {
            version: BASE_VERSION,
            agencies: &data.agencies,
            interpreters: &data.interpreters,
            requests: &data.requests,
        }
    }

    pub fn of(data: &Dataset) -> ImportBase {
        ImportBase {
            version: BASE_VERSION,
            agencies: data.agencies.clone(),
            interpreters: data.interpreters.clone(),
            requests: data.requests.clone(),
        }
    }
}

/// The outcome of [`reconcile`].
#[derive(Debug, Clone)]
pub struct Reconciled {
    /// The folder merged with the command-line changes: what to import.
    pub data: Dataset,
    /// What the import changes in the database, and which command-line changes it keeps.
    pub diff: Vec<String>,
    /// Confirmed, future bookings the merged data leaves without their session or slot.
    pub stranded_sessions: Vec<Booking>,
    /// Confirmed, future bookings whose interpreter the merged data makes unavailable.
    pub stranded_interpreters: Vec<Booking>,
}

impl Reconciled {
    pub fn stranded(&self) -> usize {
        self.stranded_sessions.len() + self.stranded_interpreters.len()
    }
}

/// Reads the stored base, tolerating its absence and an unknown version.
fn stored_base(store: &Store) -> Result<Option<ImportBase>, StoreError> {
    // A base that does not decode (another version's shape) is treated as absent: the merge
    // is then conservative (union), which never loses a command-line change.
    match store.import_base::<ImportBase>() {
        Ok(b) => Ok(b.filter(|b| b.version == BASE_VERSION)),
        Err(StoreError::Damaged { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// One field: the folder's value if the folder changed it since the base, else the database's.
fn pick<T: PartialEq + Clone + Debug>(
    base: Option<&T>,
    ours: &T,
    theirs: &T,
    what: &str,
    diff: &mut Vec<String>,
) -> T {
    let folder_changed = base.is_none_or(|b| b != theirs);
    if folder_changed {
        if ours != theirs {
            diff.push(format!("{what}: {ours:?} -> {theirs:?} (folder)"));
        }
        theirs.clone()
    } else {
        if ours != theirs {
            diff.push(format!(
                "{what}: keeps {ours:?} (changed on the command line; the folder still says {theirs:?})"
            ));
        }
        ours.clone()
    }
}

/// A set of exceptions, merged item by item (see the module doc).
fn merge_set<T: PartialEq + Clone>(
    base: Option<&[T]>,
    ours: &[T],
    theirs: &[T],
    what: &str,
    show: impl Fn(&T) -> String,
    diff: &mut Vec<String>,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for x in ours {
        let folder_removed = base.is_some_and(|b| b.contains(x)) && !theirs.contains(x);
        if folder_removed {
            diff.push(format!("{what}: removes {} (folder)", show(x)));
        } else {
            if !theirs.contains(x) {
                diff.push(format!(
                    "{what}: keeps {} (made on the command line)",
                    show(x)
                ));
            }
            out.push(x.clone());
        }
    }
    for x in theirs {
        if out.contains(x) {
            continue;
        }
        let folder_added = base.is_none_or(|b| !b.contains(x));
        if folder_added {
            diff.push(format!("{what}: adds {} (folder)", show(x)));
            out.push(x.clone());
        } else {
            diff.push(format!(
                "{what}: keeps {} removed (removed on the command line)",
                show(x)
            ));
        }
    }
    out
}

fn merge_agency(
    base: Option<&Agency>,
    ours: &Agency,
    theirs: &Agency,
    shown: bool,
    diff: &mut Vec<String>,
) -> Agency {
    let id = &theirs.id;
    let extras = merge_set(
        base.map(|b| b.extras.as_slice()),
        &ours.extras,
        &theirs.extras,
        &format!("agency {id} one-off sessions"),
        |e| {
            format!(
                "{} {}-{}",
                e.date,
                e.start.format("%H:%M"),
                e.end.format("%H:%M")
            )
        },
        diff,
    );
    let cancelled = merge_set(
        base.map(|b| b.cancelled.as_slice()),
        &ours.cancelled,
        &theirs.cancelled,
        &format!("agency {id} cancelled dates"),
        ToString::to_string,
        diff,
    );
    // The feed's switch: `feeds set` changes the subscription, so that is "ours".
    let show_personal_details = pick(
        base.map(|b| &b.show_personal_details),
        &shown,
        &theirs.show_personal_details,
        &format!("agency {id} show_personal_details"),
        diff,
    );
    if ours.patterns != theirs.patterns {
        diff.push(format!("agency {id}: session patterns replaced (folder)"));
    }
    Agency {
        extras,
        cancelled,
        show_personal_details,
        ..theirs.clone()
    }
}

fn merge_interpreter(
    base: Option<&Interpreter>,
    ours: &Interpreter,
    theirs: &Interpreter,
    diff: &mut Vec<String>,
) -> Interpreter {
    let id = &theirs.id;
    let what = |f: &str| format!("interpreter {id} {f}");
    Interpreter {
        id: theirs.id.clone(),
        name: pick(
            base.map(|b| &b.name),
            &ours.name,
            &theirs.name,
            &what("name"),
            diff,
        ),
        languages: pick(
            base.map(|b| &b.languages),
            &ours.languages,
            &theirs.languages,
            &what("languages"),
            diff,
        ),
        modes: pick(
            base.map(|b| &b.modes),
            &ours.modes,
            &theirs.modes,
            &what("modes"),
            diff,
        ),
        timezone: pick(
            base.map(|b| &b.timezone),
            &ours.timezone,
            &theirs.timezone,
            &what("timezone"),
            diff,
        ),
        weekly: pick(
            base.map(|b| &b.weekly),
            &ours.weekly,
            &theirs.weekly,
            &what("weekly"),
            diff,
        ),
        dates_off: {
            let mut d = merge_set(
                base.map(|b| b.dates_off.as_slice()),
                &ours.dates_off,
                &theirs.dates_off,
                &what("dates off"),
                ToString::to_string,
                diff,
            );
            d.sort();
            d
        },
        extra_windows: merge_set(
            base.map(|b| b.extra_windows.as_slice()),
            &ours.extra_windows,
            &theirs.extra_windows,
            &what("extra windows"),
            |w| format!("{} {}", w.date, w.start.format("%H:%M")),
            diff,
        ),
        max_per_day: pick(
            base.map(|b| &b.max_per_day),
            &ours.max_per_day,
            &theirs.max_per_day,
            &what("max_per_day"),
            diff,
        ),
        cost: pick(
            base.map(|b| &b.cost),
            &ours.cost,
            &theirs.cost,
            &what("cost"),
            diff,
        ),
    }
}

/// `items` by id (the folder's ids are unique: validation refuses duplicates).
fn by_id<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<&str, &T> {
    items.iter().map(|x| (id(x), x)).collect()
}

/// Merges the folder `data` with the database (see the module doc) as of `clock`.
pub fn reconcile(store: &Store, data: &Dataset, clock: &Clock) -> Result<Reconciled, StoreError> {
    let base = stored_base(store)?;
    let mut diff = Vec::new();
    let mut merged = data.clone();
    // The base's items by id: a re-import of 100,000 requests looked each one up by a scan of
    // the base (5·10⁹ comparisons, 1 min 49 s) before these maps.
    let base_agencies = base
        .as_ref()
        .map(|b| by_id(&b.agencies, |x| &x.id))
        .unwrap_or_default();
    let base_interpreters = base
        .as_ref()
        .map(|b| by_id(&b.interpreters, |x| &x.id))
        .unwrap_or_default();
    let base_requests = base
        .as_ref()
        .map(|b| by_id(&b.requests, |x| &x.id))
        .unwrap_or_default();
    for a in &mut merged.agencies {
        let b = base_agencies.get(a.id.as_str()).copied();
        match store.agency(&a.id)? {
            Some(ours) => {
                let shown = store
                    .subscription(FeedKind::Agency, &a.id)?
                    .map_or(ours.show_personal_details, |s| s.personal_details);
                *a = merge_agency(b, &ours, a, shown, &mut diff);
            }
            None => diff.push(format!("agency {}: new (folder)", a.id)),
        }
    }
    for i in &mut merged.interpreters {
        let b = base_interpreters.get(i.id.as_str()).copied();
        match store.interpreter(&i.id)? {
            Some(ours) => *i = merge_interpreter(b, &ours, i, &mut diff),
            None => diff.push(format!("interpreter {}: new (folder)", i.id)),
        }
    }
    let mut new_requests = 0;
    for r in &mut merged.requests {
        let b = base_requests.get(r.id.as_str()).copied();
        match store.request(&r.id)? {
            // The folder's row is what was imported: the database's version (perhaps edited
            // on the command line) stands.
            Some(ours) if b.is_some_and(|b| b == r) => *r = ours,
            Some(_) => {}
            None => new_requests += 1,
        }
    }
    if new_requests > 0 {
        diff.push(format!("requests: {new_requests} new (folder)"));
    }
    let (stranded_sessions, stranded_interpreters) = stranded(store, &merged, clock)?;
    Ok(Reconciled {
        data: merged,
        diff,
        stranded_sessions,
        stranded_interpreters,
    })
}

/// Confirmed bookings not yet started that the merged folder would leave without their
/// session (or its slot at the published time), or without their interpreter (a new day off).
fn stranded(
    store: &Store,
    merged: &Dataset,
    clock: &Clock,
) -> Result<(Vec<Booking>, Vec<Booking>), StoreError> {
    let center_tz = parse_tz(&merged.center.timezone).ok();
    let mut sessions = Vec::new();
    let mut interpreters = Vec::new();
    for b in store.bookings()? {
        if b.status != BookingStatus::Confirmed || clock.is_history(&b) {
            continue;
        }
        if let Some(a) = merged.agencies.iter().find(|a| a.id == b.agency) {
            let month = crate::model::Month::of(b.start.date());
            let exists = |agency: &Agency| {
                sessions_for_month(agency, month, center_tz.unwrap_or(chrono_tz::Tz::UTC))
                    .iter()
                    .any(|s| s.id == b.session && s.slot_times(b.slot) == (b.start, b.end))
            };
            // Only what this import breaks: a booking already in a vanished session (waiting
            // for `allocate`) is not the folder's doing.
            let before = store.agency(&a.id)?.is_some_and(|o| exists(&o));
            if before && !exists(a) {
                sessions.push(b);
                continue;
            }
        }
        let Some(id) = &b.interpreter else { continue };
        let Some(i) = merged.interpreters.iter().find(|i| &i.id == id) else {
            continue;
        };
        let own_date = match (center_tz, parse_tz(&i.timezone)) {
            (Some(c), Ok(own)) => resolve_local(c, b.start).with_timezone(&own).date_naive(),
            _ => b.start.date(),
        };
        let was_off = store
            .interpreter(id)?
            .is_some_and(|o| o.dates_off.contains(&own_date));
        if i.dates_off.contains(&own_date) && !was_off {
            interpreters.push(b);
        }
    }
    Ok((sessions, interpreters))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_base_encodes_as_the_owned_one_and_reads_back() {
        let data = crate::sample::load(crate::model::Month::new(2026, 12).unwrap()).unwrap();
        assert!(!data.requests.is_empty());
        let owned = crate::codec::encode(&ImportBase::of(&data)).unwrap();
        let borrowed = crate::codec::encode(&ImportBase::borrowed(&data)).unwrap();
        assert_eq!(owned, borrowed);
        let back: ImportBase = crate::codec::decode(&borrowed).unwrap();
        assert_eq!(back.version, BASE_VERSION);
        assert_eq!(back.requests, data.requests);
        assert_eq!(back.interpreters, data.interpreters);
    }

    #[test]
    fn by_id_finds_every_item() {
        let items = ["a", "b", "c"].map(String::from);
        let map = by_id(&items, |s| s.as_str());
        assert_eq!(map.len(), 3);
        assert_eq!(map.get("b").copied(), Some(&items[1]));
        assert!(!map.contains_key("d"));
    }

    #[test]
    fn merge_set_keeps_command_line_exceptions_unless_the_folder_changed_them() {
        let mut diff = Vec::new();
        // base: {1, 2}; the CLI added 3 and removed 2; the folder added 4 and removed 1.
        let out = merge_set(
            Some(&[1, 2]),
            &[1, 3],
            &[2, 4],
            "x",
            ToString::to_string,
            &mut diff,
        );
        assert_eq!(out, [3, 4]);
        assert!(diff.iter().any(|d| d.contains("removes 1 (folder)")));
        assert!(
            diff.iter()
                .any(|d| d.contains("keeps 3 (made on the command line)"))
        );
        assert!(diff.iter().any(|d| d.contains("keeps 2 removed")));
        assert!(diff.iter().any(|d| d.contains("adds 4 (folder)")));
    }

    #[test]
    fn without_a_base_sets_are_united() {
        let mut diff = Vec::new();
        let out = merge_set(None, &[1, 3], &[1, 2], "x", ToString::to_string, &mut diff);
        assert_eq!(out, [1, 3, 2]);
    }

    #[test]
    fn pick_follows_the_folder_only_where_it_changed() {
        let mut diff = Vec::new();
        assert!(pick(Some(&false), &true, &false, "f", &mut diff));
        assert!(!pick(Some(&true), &true, &false, "f", &mut diff));
        assert!(pick(None, &false, &true, "f", &mut diff));
        assert_eq!(diff.len(), 3);
    }
}
