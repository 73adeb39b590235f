//! What a (re-)import changes, as data: which record, which field or set, whether the value
//! comes from the folder or the command line's change is kept, and the dates as
//! [`NaiveDate`]s.
//!
//! Why typed and not text: the coordinator reads these lines in Japanese (or English), with
//! names instead of ids and dates as people write them, and an 18-day absence must read as one
//! range, not 18 lines. Only the CLI knows the reader's language, so [`crate::ops::reconcile`]
//! records [`Change`]s and the CLI renders them from the catalogue (`import-change-*`).
//! [`group`] folds the per-item decisions of the merge into one change per record, set and
//! outcome, sorted, so the output is the same for the same folder and database.

use crate::model::{Costs, DateWindow, ExtraSession, Mode, WeeklyWindow};
use chrono::{NaiveDate, NaiveTime};

/// A record of the folder that a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Record {
    Agency(String),
    Interpreter(String),
    Request(String),
}

/// A single-valued field the merge picks from the folder or the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// An agency feed's `show_personal_details` (its subscription's switch).
    ShowPersonalDetails,
    Name,
    Languages,
    Modes,
    Timezone,
    Weekly,
    MaxPerDay,
    Cost,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::ShowPersonalDetails,
        Field::Name,
        Field::Languages,
        Field::Modes,
        Field::Timezone,
        Field::Weekly,
        Field::MaxPerDay,
        Field::Cost,
    ];

    /// The field's code (catalogue key `import-field-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Field::ShowPersonalDetails => "show-personal-details",
            Field::Name => "name",
            Field::Languages => "languages",
            Field::Modes => "modes",
            Field::Timezone => "timezone",
            Field::Weekly => "weekly",
            Field::MaxPerDay => "max-per-day",
            Field::Cost => "cost",
        }
    }
}

/// A field's value, kept as the model's type so the reader's language decides its words.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Flag(bool),
    Text(String),
    Languages(Vec<String>),
    Modes(Vec<Mode>),
    Weekly(Vec<WeeklyWindow>),
    /// `None`: no limit.
    Limit(Option<u32>),
    Costs(Costs),
}

/// A set of dated exceptions, merged item by item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Set {
    /// An agency's one-off sessions.
    OneOffSessions,
    /// An agency's cancelled session dates.
    Cancelled,
    /// An interpreter's days off.
    DatesOff,
    /// An interpreter's extra windows.
    ExtraWindows,
}

impl Set {
    pub const ALL: [Set; 4] = [
        Set::OneOffSessions,
        Set::Cancelled,
        Set::DatesOff,
        Set::ExtraWindows,
    ];

    /// The set's code (catalogue key `import-set-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Set::OneOffSessions => "one-off-sessions",
            Set::Cancelled => "cancelled",
            Set::DatesOff => "dates-off",
            Set::ExtraWindows => "extra-windows",
        }
    }
}

/// One item of a [`Set`]: a date, or a time window on a date. Ordered by date, then time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    Date(NaiveDate),
    Window {
        date: NaiveDate,
        start: NaiveTime,
        end: NaiveTime,
        /// The window ends at 24:00 (`end` is then meaningless).
        end_of_day: bool,
    },
}

impl From<NaiveDate> for Item {
    fn from(d: NaiveDate) -> Item {
        Item::Date(d)
    }
}

impl From<&ExtraSession> for Item {
    fn from(e: &ExtraSession) -> Item {
        Item::Window {
            date: e.date,
            start: e.start,
            end: e.end,
            end_of_day: false,
        }
    }
}

impl From<&DateWindow> for Item {
    fn from(w: &DateWindow) -> Item {
        Item::Window {
            date: w.date,
            start: w.start,
            end: w.end,
            end_of_day: w.end_of_day,
        }
    }
}

/// What the merge did with items of a set, and who decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// New in the folder: added.
    Added,
    /// Removed from the folder: removed.
    Removed,
    /// Added on the command line, not in the folder: kept.
    Kept,
    /// Removed on the command line, still in the folder: stays removed.
    KeptRemoved,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Added,
        Outcome::Removed,
        Outcome::Kept,
        Outcome::KeptRemoved,
    ];

    /// The outcome's code (catalogue key `import-change-set-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Added => "added",
            Outcome::Removed => "removed",
            Outcome::Kept => "kept",
            Outcome::KeptRemoved => "kept-removed",
        }
    }
}

/// One line of what an import changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The first import into an empty database.
    NewDatabase {
        agencies: usize,
        interpreters: usize,
        requests: usize,
    },
    /// A record the database did not have.
    New(Record),
    /// An interpreter the folder listed at the last import and no longer lists: kept (a
    /// re-import never deletes; bookings and history still name them) without hours, so
    /// no allocation books them again.
    Left(Record),
    /// Requests the database did not have.
    NewRequests(usize),
    /// The folder's session patterns replace the agency's.
    PatternsReplaced { agency: String },
    /// A field taken from the folder (it changed there since the last import).
    FromFolder {
        record: Record,
        field: Field,
        was: FieldValue,
        now: FieldValue,
    },
    /// A field changed on the command line that the folder left alone: the database's value
    /// stays.
    KeptField {
        record: Record,
        field: Field,
        ours: FieldValue,
        folder: FieldValue,
    },
    /// What happened to a set's items, one entry per outcome (in [`Outcome`] order), each
    /// with its items sorted. Dates are grouped into ranges only when shown.
    Set {
        record: Record,
        set: Set,
        parts: Vec<(Outcome, Vec<Item>)>,
    },
    /// A text of the folder that is the stored one with characters CP932 cannot hold written
    /// as `?` (Japanese Excel saved the file as "CSV", i.e. CP932): the stored text is kept
    /// and the coordinator warned. Not a change of the database.
    Cp932Lost {
        record: Record,
        /// Where the text was read: the file as in messages, its line, and the column.
        file: String,
        line: usize,
        column: &'static str,
        stored: String,
        written: String,
    },
}

impl Change {
    /// A warning about the folder rather than a change of the database (a dry run with only
    /// these says that nothing would change).
    pub fn is_warning(&self) -> bool {
        matches!(self, Change::Cp932Lost { .. })
    }
}

/// Puts `changes` in their shown order: the new database first, then records (agencies,
/// then interpreters, by id; patterns with their agency), then requests. A stable sort, so
/// one record's lines keep the order the merge found them in.
pub fn sort(changes: &mut [Change]) {
    changes.sort_by_cached_key(|c| match c {
        Change::NewDatabase { .. } => (0, None),
        Change::New(r)
        | Change::Left(r)
        | Change::FromFolder { record: r, .. }
        | Change::KeptField { record: r, .. }
        | Change::Set { record: r, .. }
        | Change::Cp932Lost { record: r, .. } => (1, Some(r.clone())),
        Change::PatternsReplaced { agency } => (1, Some(Record::Agency(agency.clone()))),
        Change::NewRequests(_) => (2, None),
    });
}

/// The items of one set, each with what the merge did to it, as one [`Change::Set`] (or none
/// when nothing changed): outcomes in order, items sorted and deduplicated.
pub fn group(record: &Record, set: Set, decided: Vec<(Outcome, Item)>) -> Option<Change> {
    if decided.is_empty() {
        return None;
    }
    let mut parts: Vec<(Outcome, Vec<Item>)> = Vec::new();
    for outcome in Outcome::ALL {
        let mut items: Vec<Item> = decided
            .iter()
            .filter(|(o, _)| *o == outcome)
            .map(|(_, i)| i.clone())
            .collect();
        if items.is_empty() {
            continue;
        }
        items.sort();
        items.dedup();
        parts.push((outcome, items));
    }
    Some(Change::Set {
        record: record.clone(),
        set,
        parts,
    })
}

/// Consecutive dates as ranges `(first, last)` (a lone date is `(d, d)`), in order; input in
/// any order, duplicates ignored.
pub fn date_runs(dates: &[NaiveDate]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut sorted = dates.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for d in sorted {
        match runs.last_mut() {
            Some((_, last)) if last.succ_opt() == Some(d) => *last = d,
            _ => runs.push((d, d)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn consecutive_dates_become_one_range() {
        let mut dates: Vec<NaiveDate> = (14..=31).map(|day| d(&format!("2026-12-{day}"))).collect();
        dates.reverse();
        dates.push(d("2026-12-05"));
        dates.push(d("2026-12-20"));
        assert_eq!(
            date_runs(&dates),
            [
                (d("2026-12-05"), d("2026-12-05")),
                (d("2026-12-14"), d("2026-12-31"))
            ]
        );
        // Across a month and a year end.
        assert_eq!(
            date_runs(&[d("2027-01-01"), d("2026-12-31"), d("2027-01-03")]),
            [
                (d("2026-12-31"), d("2027-01-01")),
                (d("2027-01-03"), d("2027-01-03"))
            ]
        );
        assert!(date_runs(&[]).is_empty());
    }

    #[test]
    fn a_set_groups_by_outcome_in_order() {
        let record = Record::Interpreter("staff-vi-01".into());
        let decided = vec![
            (Outcome::Kept, Item::Date(d("2026-12-15"))),
            (Outcome::Added, Item::Date(d("2026-12-03"))),
            (Outcome::Kept, Item::Date(d("2026-12-14"))),
            (Outcome::Kept, Item::Date(d("2026-12-14"))),
        ];
        let Some(Change::Set { parts, set, .. }) = group(&record, Set::DatesOff, decided) else {
            panic!("no change");
        };
        assert_eq!(set, Set::DatesOff);
        assert_eq!(
            parts,
            [
                (Outcome::Added, vec![Item::Date(d("2026-12-03"))]),
                (
                    Outcome::Kept,
                    vec![Item::Date(d("2026-12-14")), Item::Date(d("2026-12-15"))]
                ),
            ]
        );
        assert!(group(&record, Set::DatesOff, Vec::new()).is_none());
    }

    #[test]
    fn changes_sort_by_record_keeping_field_order() {
        let a = |id: &str| Record::Agency(id.into());
        let mut changes = vec![
            Change::NewRequests(3),
            Change::New(Record::Interpreter("i-1".into())),
            Change::PatternsReplaced { agency: "b".into() },
            Change::KeptField {
                record: a("b"),
                field: Field::ShowPersonalDetails,
                ours: FieldValue::Flag(true),
                folder: FieldValue::Flag(false),
            },
            Change::New(a("a")),
        ];
        sort(&mut changes);
        assert_eq!(changes[0], Change::New(a("a")));
        assert!(matches!(changes[1], Change::PatternsReplaced { .. }));
        assert!(matches!(changes[2], Change::KeptField { .. }));
        assert_eq!(changes[3], Change::New(Record::Interpreter("i-1".into())));
        assert_eq!(changes[4], Change::NewRequests(3));
    }
}
