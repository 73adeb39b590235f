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

use super::change::{self, Change, Field, FieldValue, Item, Outcome, Record, Set};
use crate::import::Dataset;
use crate::model::{Agency, Booking, Clock, FeedKind, Interpreter, Request};
use crate::store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt::Debug;

/// The folder as last imported: the common ancestor of the next re-import.
///
/// Requests are kept as digests: a re-import only asks of a request "is the folder's row
/// still what was imported?", and 100,000 whole requests made this one value about 35 MB
/// (most of an import's memory and write time), their digests about 4 MB.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportBase {
    /// As imported; once stored, their patterns read back with the default `on_closed`
    /// (a field the agency record does not carry), which the merge never consults: patterns
    /// are the folder's alone.
    pub agencies: Vec<Agency>,
    pub interpreters: Vec<Interpreter>,
    /// Each imported request's id and [`request_digest`] of its row, in the folder's order.
    pub requests: Vec<(String, RequestDigest)>,
}

/// SHA-256 of a request's stored encoding (deterministic: the type has no maps or floats).
pub type RequestDigest = [u8; 32];

/// The digest a base keeps of a request.
pub fn request_digest(r: &Request) -> Result<RequestDigest, StoreError> {
    let bytes = crate::codec::encode(r).map_err(|source| StoreError::Encode {
        table: "meta",
        source,
    })?;
    Ok(crate::secret::sha256(&bytes))
}

/// The stored shape of the base, by version. The enum's variant index is the version number
/// bincode writes first, so the bytes version 1 wrote (a struct whose first field was
/// `version: u32 = 1`) decode as [`StoredBase::V1`] unchanged.
#[derive(Debug, Serialize, Deserialize)]
enum StoredBase {
    /// Never written (versions count from 1).
    V0,
    /// Whole requests (soudan up to 2026-12-01).
    V1 {
        agencies: Vec<Agency>,
        interpreters: Vec<Interpreter>,
        requests: Vec<Request>,
    },
    V2(ImportBase),
}

impl ImportBase {
    /// The base to store after importing the folder `data` (as read, before any merge).
    pub fn of(data: &Dataset) -> Result<ImportBase, StoreError> {
        Ok(ImportBase {
            agencies: data.agencies.clone(),
            interpreters: data.interpreters.clone(),
            requests: data
                .requests
                .iter()
                .map(|r| Ok((r.id.clone(), request_digest(r)?)))
                .collect::<Result<_, StoreError>>()?,
        })
    }

    /// Stores the base (replacing any earlier version's).
    pub fn put(self, batch: &mut crate::store::Batch) -> Result<(), StoreError> {
        batch.put_import_base(&StoredBase::V2(self))?;
        Ok(())
    }
}

/// The outcome of [`reconcile`].
#[derive(Debug, Clone)]
pub struct Reconciled {
    /// The folder merged with the command-line changes: what to import.
    pub data: Dataset,
    /// What the import changes in the database, and which command-line changes it keeps,
    /// in the order shown ([`change::sort`]).
    pub diff: Vec<Change>,
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

/// Reads the stored base in any version, tolerating its absence and an unknown version.
fn stored_base(store: &Store) -> Result<Option<ImportBase>, StoreError> {
    // A base that does not decode (a future version's shape) is treated as absent: the merge
    // is then conservative (union), which never loses a command-line change.
    match store.import_base::<StoredBase>() {
        Ok(None | Some(StoredBase::V0)) => Ok(None),
        Ok(Some(StoredBase::V1 {
            agencies,
            interpreters,
            requests,
        })) => Ok(Some(ImportBase {
            agencies,
            interpreters,
            requests: requests
                .iter()
                .map(|r| Ok((r.id.clone(), request_digest(r)?)))
                .collect::<Result<_, StoreError>>()?,
        })),
        Ok(Some(StoredBase::V2(base))) => Ok(Some(base)),
        Err(StoreError::Damaged { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// One field: the folder's value if the folder changed it since the base, else the database's.
/// `value` turns it into what the diff shows.
fn pick<T: PartialEq + Clone + Debug>(
    base: Option<&T>,
    ours: &T,
    theirs: &T,
    (record, field): (&Record, Field),
    value: impl Fn(&T) -> FieldValue,
    diff: &mut Vec<Change>,
) -> T {
    let folder_changed = base.is_none_or(|b| b != theirs);
    if folder_changed {
        if ours != theirs {
            diff.push(Change::FromFolder {
                record: record.clone(),
                field,
                was: value(ours),
                now: value(theirs),
            });
        }
        theirs.clone()
    } else {
        if ours != theirs {
            diff.push(Change::KeptField {
                record: record.clone(),
                field,
                ours: value(ours),
                folder: value(theirs),
            });
        }
        ours.clone()
    }
}

/// A set of exceptions, merged item by item (see the module doc); what happened to each item
/// becomes one grouped [`Change::Set`].
fn merge_set<T: PartialEq + Clone>(
    base: Option<&[T]>,
    ours: &[T],
    theirs: &[T],
    (record, set): (&Record, Set),
    item: impl Fn(&T) -> Item,
    diff: &mut Vec<Change>,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    let mut decided: Vec<(Outcome, Item)> = Vec::new();
    for x in ours {
        let folder_removed = base.is_some_and(|b| b.contains(x)) && !theirs.contains(x);
        if folder_removed {
            decided.push((Outcome::Removed, item(x)));
        } else {
            if !theirs.contains(x) {
                decided.push((Outcome::Kept, item(x)));
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
            decided.push((Outcome::Added, item(x)));
            out.push(x.clone());
        } else {
            decided.push((Outcome::KeptRemoved, item(x)));
        }
    }
    diff.extend(change::group(record, set, decided));
    out
}

fn merge_agency(
    base: Option<&Agency>,
    ours: &Agency,
    theirs: &Agency,
    shown: bool,
    diff: &mut Vec<Change>,
) -> Agency {
    let record = Record::Agency(theirs.id.clone());
    let extras = merge_set(
        base.map(|b| b.extras.as_slice()),
        &ours.extras,
        &theirs.extras,
        (&record, Set::OneOffSessions),
        |x| Item::from(x),
        diff,
    );
    let cancelled = merge_set(
        base.map(|b| b.cancelled.as_slice()),
        &ours.cancelled,
        &theirs.cancelled,
        (&record, Set::Cancelled),
        |d| Item::Date(*d),
        diff,
    );
    // The feed's switch: `feeds set` changes the subscription, so that is "ours".
    let show_personal_details = pick(
        base.map(|b| &b.show_personal_details),
        &shown,
        &theirs.show_personal_details,
        (&record, Field::ShowPersonalDetails),
        |v| FieldValue::Flag(*v),
        diff,
    );
    if ours.patterns != theirs.patterns {
        diff.push(Change::PatternsReplaced {
            agency: theirs.id.clone(),
        });
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
    diff: &mut Vec<Change>,
) -> Interpreter {
    let record = Record::Interpreter(theirs.id.clone());
    let r = &record;
    Interpreter {
        id: theirs.id.clone(),
        name: pick(
            base.map(|b| &b.name),
            &ours.name,
            &theirs.name,
            (r, Field::Name),
            |v| FieldValue::Text(v.clone()),
            diff,
        ),
        languages: pick(
            base.map(|b| &b.languages),
            &ours.languages,
            &theirs.languages,
            (r, Field::Languages),
            |v| FieldValue::Languages(v.clone()),
            diff,
        ),
        modes: pick(
            base.map(|b| &b.modes),
            &ours.modes,
            &theirs.modes,
            (r, Field::Modes),
            |v| FieldValue::Modes(v.clone()),
            diff,
        ),
        timezone: pick(
            base.map(|b| &b.timezone),
            &ours.timezone,
            &theirs.timezone,
            (r, Field::Timezone),
            |v| FieldValue::Text(v.clone()),
            diff,
        ),
        weekly: pick(
            base.map(|b| &b.weekly),
            &ours.weekly,
            &theirs.weekly,
            (r, Field::Weekly),
            |v| FieldValue::Weekly(v.clone()),
            diff,
        ),
        dates_off: {
            let mut d = merge_set(
                base.map(|b| b.dates_off.as_slice()),
                &ours.dates_off,
                &theirs.dates_off,
                (r, Set::DatesOff),
                |d| Item::Date(*d),
                diff,
            );
            d.sort();
            d
        },
        extra_windows: merge_set(
            base.map(|b| b.extra_windows.as_slice()),
            &ours.extra_windows,
            &theirs.extra_windows,
            (r, Set::ExtraWindows),
            |x| Item::from(x),
            diff,
        ),
        max_per_day: pick(
            base.map(|b| &b.max_per_day),
            &ours.max_per_day,
            &theirs.max_per_day,
            (r, Field::MaxPerDay),
            |v| FieldValue::Limit(*v),
            diff,
        ),
        cost: pick(
            base.map(|b| &b.cost),
            &ours.cost,
            &theirs.cost,
            (r, Field::Cost),
            |v| FieldValue::Costs(*v),
            diff,
        ),
    }
}

/// Texts of the folder that are the stored ones as Japanese Excel's "CSV" save (CP932) leaves
/// them, every character CP932 cannot hold written as `?` (`Inês` → `In?s`,
/// [`crate::import::cp932_lost`]): the stored text is put back into the folder, and each one
/// becomes a [`Change::Cp932Lost`] (a warning naming the file, line and column). The folder
/// did not change these texts; without this, `In?s` would replace the interpreter's name as a
/// change made in the folder, and a request row would be refused as changed.
///
/// Run before the base is taken ([`ImportBase::of`]), so the base holds the real text and the
/// next re-import of the same file warns again instead of reading the `?` as the folder's.
/// Only records with a `?` in such a text are looked up, so a large import costs nothing more.
/// Interpreter names and the requests' free texts are checked: the CSV files are what
/// coordinators open in Excel (the TOML files are edited as text).
pub fn keep_cp932_losses(store: &Store, data: &mut Dataset) -> Result<Vec<Change>, StoreError> {
    use crate::import::cp932_lost;
    let mut out = Vec::new();
    for i in &mut data.interpreters {
        if !i.name.contains('?') {
            continue;
        }
        if let Some(ours) = store.interpreter(&i.id)?
            && cp932_lost(&ours.name, &i.name)
        {
            let (file, line) = data.lines.interpreter(&i.id);
            let written = std::mem::replace(&mut i.name, ours.name.clone());
            out.push(Change::Cp932Lost {
                record: Record::Interpreter(i.id.clone()),
                file,
                line,
                column: "name",
                stored: ours.name,
                written,
            });
        }
    }
    for r in &mut data.requests {
        let has_mark = [
            &r.contact.name,
            &r.contact.contact,
            &r.intake.residence_status,
            &r.intake.summary,
            &r.intake.tried,
        ]
        .iter()
        .any(|t| t.contains('?'));
        if !has_mark {
            continue;
        }
        let Some(ours) = store.request(&r.id)? else {
            continue;
        };
        let pairs: [(&'static str, &mut String, &String); 5] = [
            ("name", &mut r.contact.name, &ours.contact.name),
            ("contact", &mut r.contact.contact, &ours.contact.contact),
            (
                "residence_status",
                &mut r.intake.residence_status,
                &ours.intake.residence_status,
            ),
            ("summary", &mut r.intake.summary, &ours.intake.summary),
            ("tried", &mut r.intake.tried, &ours.intake.tried),
        ];
        for (column, theirs, stored) in pairs {
            if cp932_lost(stored, theirs) {
                let (file, line) = data.lines.request(&r.id);
                let written = std::mem::replace(theirs, stored.clone());
                out.push(Change::Cp932Lost {
                    record: Record::Request(r.id.clone()),
                    file,
                    line,
                    column,
                    stored: stored.clone(),
                    written,
                });
            }
        }
    }
    Ok(out)
}

/// `items` by id (the folder's ids are unique: validation refuses duplicates).
fn by_id<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<&str, &T> {
    items.iter().map(|x| (id(x), x)).collect()
}

/// Merges the folder `data` with the database (see the module doc) as of `clock`.
pub fn reconcile(store: &Store, data: Dataset, clock: &Clock) -> Result<Reconciled, StoreError> {
    let base = stored_base(store)?;
    let mut diff = Vec::new();
    // Merged in place: a copy of a 100,000-request folder is about 100 MB.
    let mut merged = data;
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
    let base_requests: HashMap<&str, &RequestDigest> = base
        .as_ref()
        .map(|b| b.requests.iter().map(|(id, d)| (id.as_str(), d)).collect())
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
            None => diff.push(Change::New(Record::Agency(a.id.clone()))),
        }
    }
    for i in &mut merged.interpreters {
        let b = base_interpreters.get(i.id.as_str()).copied();
        match store.interpreter(&i.id)? {
            Some(ours) => *i = merge_interpreter(b, &ours, i, &mut diff),
            None => diff.push(Change::New(Record::Interpreter(i.id.clone()))),
        }
    }
    // An interpreter the folder listed last time and lists no more has left: the record
    // stays (a re-import never deletes; bookings and history name them) but without hours,
    // so no allocation books them again, and their confirmed bookings are stranded (refused
    // unless --force, then re-placed). Without a base, a record the folder does not list may
    // have come from the command line: left alone.
    if base.is_some() {
        let listed: std::collections::HashSet<String> =
            merged.interpreters.iter().map(|i| i.id.clone()).collect();
        let mut gone: Vec<&str> = base_interpreters
            .keys()
            .copied()
            .filter(|id| !listed.contains(*id))
            .collect();
        gone.sort_unstable();
        for id in gone {
            if let Some(mut ours) = store.interpreter(id)?
                && !(ours.weekly.is_empty() && ours.extra_windows.is_empty())
            {
                ours.weekly.clear();
                ours.extra_windows.clear();
                diff.push(Change::Left(Record::Interpreter(ours.id.clone())));
                merged.interpreters.push(ours);
            }
        }
    }
    let mut new_requests = 0;
    for r in &mut merged.requests {
        let b = base_requests.get(r.id.as_str()).copied();
        match store.request(&r.id)? {
            // The folder's row is what was imported: the database's version (perhaps edited
            // on the command line) stands.
            Some(ours) if b.is_some() && b == Some(&request_digest(r)?) => *r = ours,
            Some(_) => {}
            None => new_requests += 1,
        }
    }
    if new_requests > 0 {
        diff.push(Change::NewRequests(new_requests));
    }
    change::sort(&mut diff);
    let (stranded_sessions, stranded_interpreters) = stranded(store, &merged, clock)?;
    Ok(Reconciled {
        data: merged,
        diff,
        stranded_sessions,
        stranded_interpreters,
    })
}

/// Confirmed bookings not yet started that the merged folder would make need rearranging
/// ([`crate::model::Troubles`], the rule every output reads): their session, slot or booth
/// gone (a removed pattern, fewer booths, a new closed day), or their interpreter unable to
/// take them (a new day off, other hours, removed). Only what this import breaks: a booking
/// that already needed rearranging for the same reason (waiting for `allocate`) is not the
/// folder's doing.
fn stranded(
    store: &Store,
    merged: &Dataset,
    clock: &Clock,
) -> Result<(Vec<Booking>, Vec<Booking>), StoreError> {
    let bookings = store.bookings()?;
    let Some(center) = store.center()? else {
        return Ok((Vec::new(), Vec::new()));
    };
    let before = crate::model::Troubles::find(
        &center,
        &store.agencies()?,
        &store.interpreters()?,
        &store.requests()?,
        &bookings,
        Some(clock),
    );
    let after = crate::model::Troubles::find(
        &merged.center,
        &merged.agencies,
        &merged.interpreters,
        merged.requests.iter().chain(
            store
                .requests()?
                .iter()
                .filter(|r| !merged.requests.iter().any(|m| m.id == r.id)),
        ),
        &bookings,
        Some(clock),
    );
    let (mut sessions, mut interpreters) = (Vec::new(), Vec::new());
    for b in bookings {
        match after.get(&b.number) {
            // New, or worse in kind (a booking waiting for its interpreter whose session
            // the folder now removes is the folder's doing too).
            Some(t) if before.get(&b.number) != Some(t) => {
                if t.is_interpreter() {
                    interpreters.push(b);
                } else {
                    sessions.push(b);
                }
            }
            _ => {}
        }
    }
    Ok((sessions, interpreters))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape version 1 wrote, as it was declared then.
    #[derive(Serialize)]
    struct ImportBaseV1 {
        version: u32,
        agencies: Vec<Agency>,
        interpreters: Vec<Interpreter>,
        requests: Vec<Request>,
    }

    #[test]
    fn a_version_1_base_reads_as_digests_of_its_requests() {
        let data = crate::sample::load(crate::model::Month::new(2026, 12).unwrap()).unwrap();
        assert!(!data.requests.is_empty());
        let v1 = crate::codec::encode(&ImportBaseV1 {
            version: 1,
            agencies: data.agencies.clone(),
            interpreters: data.interpreters.clone(),
            requests: data.requests.clone(),
        })
        .unwrap();
        let StoredBase::V1 {
            agencies,
            interpreters,
            requests,
        } = crate::codec::decode::<StoredBase>(&v1).unwrap()
        else {
            panic!("version 1 bytes did not read as V1");
        };
        // A stored agency keeps no `on_closed` (meta `on_closed/<agency>` holds it for the
        // live record; the base never needs it: patterns are the folder's alone).
        let mut plain = data.agencies.clone();
        for p in plain.iter_mut().flat_map(|a| a.patterns.iter_mut()) {
            p.on_closed = crate::model::OnClosed::default();
        }
        assert_ne!(plain, data.agencies, "the sample has a next_open pattern");
        assert_eq!(agencies, plain);
        assert_eq!(interpreters, data.interpreters);
        assert_eq!(requests, data.requests);
        // Version 2 round-trips, and a changed request gets another digest.
        let base = ImportBase::of(&data).unwrap();
        let bytes = crate::codec::encode(&StoredBase::V2(base.clone())).unwrap();
        assert!(matches!(
            crate::codec::decode::<StoredBase>(&bytes).unwrap(),
            StoredBase::V2(b) if b.agencies == plain && b.requests == base.requests
        ));
        let mut changed = data.requests[0].clone();
        changed.intake.summary.push('!');
        assert_ne!(request_digest(&changed).unwrap(), base.requests[0].1);
        assert_eq!(
            request_digest(&data.requests[0]).unwrap(),
            base.requests[0].1
        );
    }

    #[test]
    fn by_id_finds_every_item() {
        let items = ["a", "b", "c"].map(String::from);
        let map = by_id(&items, |s| s.as_str());
        assert_eq!(map.len(), 3);
        assert_eq!(map.get("b").copied(), Some(&items[1]));
        assert!(!map.contains_key("d"));
    }

    fn sets(diff: &[Change]) -> Vec<(Outcome, Vec<Item>)> {
        match diff {
            [Change::Set { parts, .. }] => parts.clone(),
            other => panic!("expected one set change, got {other:?}"),
        }
    }

    fn day(d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn merge_set_keeps_command_line_exceptions_unless_the_folder_changed_them() {
        let mut diff = Vec::new();
        let r = Record::Interpreter("i".into());
        // base: {1, 2}; the CLI added 3 and removed 2; the folder added 4 and removed 1.
        let out = merge_set(
            Some(&[day(1), day(2)]),
            &[day(1), day(3)],
            &[day(2), day(4)],
            (&r, Set::DatesOff),
            |d| Item::Date(*d),
            &mut diff,
        );
        assert_eq!(out, [day(3), day(4)]);
        assert_eq!(
            sets(&diff),
            [
                (Outcome::Added, vec![Item::Date(day(4))]),
                (Outcome::Removed, vec![Item::Date(day(1))]),
                (Outcome::Kept, vec![Item::Date(day(3))]),
                (Outcome::KeptRemoved, vec![Item::Date(day(2))]),
            ]
        );
    }

    #[test]
    fn without_a_base_sets_are_united() {
        let mut diff = Vec::new();
        let r = Record::Agency("a".into());
        let out = merge_set(
            None,
            &[day(1), day(3)],
            &[day(1), day(2)],
            (&r, Set::Cancelled),
            |d| Item::Date(*d),
            &mut diff,
        );
        assert_eq!(out, [day(1), day(3), day(2)]);
        assert_eq!(
            sets(&diff),
            [
                (Outcome::Added, vec![Item::Date(day(2))]),
                (Outcome::Kept, vec![Item::Date(day(3))]),
            ]
        );
    }

    #[test]
    fn an_unchanged_set_says_nothing() {
        let mut diff = Vec::new();
        let r = Record::Agency("a".into());
        let same = [day(1), day(2)];
        merge_set(
            Some(&same),
            &same,
            &same,
            (&r, Set::Cancelled),
            |d| Item::Date(*d),
            &mut diff,
        );
        assert!(diff.is_empty(), "{diff:?}");
    }

    #[test]
    fn pick_follows_the_folder_only_where_it_changed() {
        let mut diff = Vec::new();
        let r = Record::Agency("a".into());
        let f = (&r, Field::ShowPersonalDetails);
        let flag = |v: &bool| FieldValue::Flag(*v);
        assert!(pick(Some(&false), &true, &false, f, flag, &mut diff));
        assert!(!pick(Some(&true), &true, &false, f, flag, &mut diff));
        assert!(pick(None, &false, &true, f, flag, &mut diff));
        assert_eq!(diff.len(), 3);
        assert!(matches!(
            &diff[0],
            Change::KeptField {
                ours: FieldValue::Flag(true),
                folder: FieldValue::Flag(false),
                ..
            }
        ));
        assert!(matches!(
            &diff[1],
            Change::FromFolder {
                was: FieldValue::Flag(true),
                now: FieldValue::Flag(false),
                ..
            }
        ));
    }
}
