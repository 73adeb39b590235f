//! A request's history: what happened to it, when, in words a coordinator reads.
//!
//! Events are part of the model (not of the store) so that `schedule` and `ops` can produce
//! them without knowing how they are kept; the store only appends them, numbering them in
//! its commit.

use super::{Booking, Mode, Priority};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What happened. Stored as its code (a string), so the on-disk shape is the same as before
/// the enum existed and a kind written by a newer soudan still reads back (as [`Other`]).
///
/// [`Other`]: EventKind::Other
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum EventKind {
    /// Recorded by `request add` or an import.
    Received,
    /// Given a booking by an allocation.
    Placed,
    /// Its booking moved to another slot or interpreter.
    Moved,
    /// Its booking was taken away (slot gone, interpreter unavailable, ...); waiting again.
    Released,
    /// Cancelled by the coordinator.
    Cancelled,
    /// Its booking was pinned by a coordinator (`booking pin`, `booking move`).
    Pinned,
    /// Its booking was unpinned (`booking unpin`).
    Unpinned,
    /// The resident was told about a change (`contact done`).
    Contacted,
    /// Intake details changed by hand (`request edit`).
    Edited,
    /// A kind this build does not know (written by a newer soudan).
    Other(String),
}

impl EventKind {
    /// Every kind soudan writes (not [`EventKind::Other`]): for tests that cover each one.
    pub const KNOWN: [EventKind; 9] = [
        EventKind::Received,
        EventKind::Placed,
        EventKind::Moved,
        EventKind::Released,
        EventKind::Cancelled,
        EventKind::Pinned,
        EventKind::Unpinned,
        EventKind::Contacted,
        EventKind::Edited,
    ];

    pub fn code(&self) -> &str {
        match self {
            EventKind::Received => "received",
            EventKind::Placed => "placed",
            EventKind::Moved => "moved",
            EventKind::Released => "released",
            EventKind::Cancelled => "cancelled",
            EventKind::Pinned => "pinned",
            EventKind::Unpinned => "unpinned",
            EventKind::Contacted => "contacted",
            EventKind::Edited => "edited",
            EventKind::Other(s) => s,
        }
    }
}

impl From<String> for EventKind {
    fn from(s: String) -> EventKind {
        match s.as_str() {
            "received" => EventKind::Received,
            "placed" => EventKind::Placed,
            "moved" => EventKind::Moved,
            "released" => EventKind::Released,
            "cancelled" => EventKind::Cancelled,
            "pinned" => EventKind::Pinned,
            "unpinned" => EventKind::Unpinned,
            "contacted" => EventKind::Contacted,
            "edited" => EventKind::Edited,
            _ => EventKind::Other(s),
        }
    }
}

impl From<EventKind> for String {
    fn from(k: EventKind) -> String {
        k.code().to_string()
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

/// One line of a request's history.
///
/// Written by soudan before events were typed, `detail` is an English sentence and `what` is
/// `None`: shown as it is. Events written now carry `what`, worded in the reader's language
/// (`words::event`), and an empty `detail`.
///
/// On disk an event keeps the shape it always had (`at`, `request`, `kind`, `detail`, all
/// bincode): a typed event is stored with `detail` = [`TYPED_V1`] followed by `what` as JSON,
/// so old databases and backups read unchanged and no schema bump is needed. A payload this
/// build cannot read (a newer soudan's variant) reads back as its stored text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredEvent", into = "StoredEvent")]
pub struct Event {
    pub at: DateTime<Utc>,
    pub request: String,
    pub kind: EventKind,
    /// Human-readable detail of an untyped (older) event; never personal data.
    pub detail: String,
    /// What happened, typed (events written by this soudan).
    pub what: Option<What>,
    /// The console staff member who made the change; `None` for the CLI (whoever runs it
    /// owns the database) and for everything written before the console existed.
    pub by: Option<String>,
}

/// The prefix of a stored `detail` that holds a typed payload (version 1: [`What`] as JSON).
pub const TYPED_V1: &str = "\u{1}event/1 ";

/// The prefix of a stored `detail` that holds version 2: [`StoredBy`] as JSON (an event made
/// by a named staff member; events without one are still written as version 1 or plain text,
/// so older soudans read them).
pub const TYPED_V2: &str = "\u{1}event/2 ";

/// Version 2 of the typed payload.
#[derive(Serialize, Deserialize)]
struct StoredBy {
    by: String,
    what: Option<What>,
    #[serde(default)]
    detail: String,
}

/// The stored shape of [`Event`] (unchanged since the first schema).
#[derive(Serialize, Deserialize)]
struct StoredEvent {
    at: DateTime<Utc>,
    request: String,
    kind: EventKind,
    detail: String,
}

impl From<StoredEvent> for Event {
    fn from(s: StoredEvent) -> Event {
        let mut event = Event {
            at: s.at,
            request: s.request,
            kind: s.kind,
            detail: String::new(),
            what: None,
            by: None,
        };
        if let Some(v2) = s
            .detail
            .strip_prefix(TYPED_V2)
            .and_then(|json| serde_json::from_str::<StoredBy>(json).ok())
        {
            event.by = Some(v2.by);
            event.what = v2.what;
            event.detail = v2.detail;
        } else if let Some(what) = s
            .detail
            .strip_prefix(TYPED_V1)
            .and_then(|json| serde_json::from_str::<What>(json).ok())
        {
            event.what = Some(what);
        } else {
            event.detail = s.detail;
        }
        event
    }
}

impl From<Event> for StoredEvent {
    fn from(e: Event) -> StoredEvent {
        // Serialising these plain data types cannot fail; keep the text if it ever does.
        let detail = match (e.by, &e.what) {
            (Some(by), what) => serde_json::to_string(&StoredBy {
                by,
                what: what.clone(),
                detail: e.detail.clone(),
            })
            .map(|json| format!("{TYPED_V2}{json}"))
            .unwrap_or(e.detail),
            (None, Some(w)) => serde_json::to_string(w)
                .map(|json| format!("{TYPED_V1}{json}"))
                .unwrap_or(e.detail),
            (None, None) => e.detail,
        };
        StoredEvent {
            at: e.at,
            request: e.request,
            kind: e.kind,
            detail,
        }
    }
}

impl Event {
    /// An untyped event with an English `detail` (as soudan wrote them before typed events;
    /// kept so older call sites compile). New code uses [`Event::typed`].
    pub fn new(at: DateTime<Utc>, request: &str, kind: EventKind, detail: String) -> Event {
        Event {
            at,
            request: request.to_string(),
            kind,
            detail,
            what: None,
            by: None,
        }
    }

    /// A typed event: its kind follows from `what`.
    pub fn typed(at: DateTime<Utc>, request: &str, what: What) -> Event {
        Event {
            at,
            request: request.to_string(),
            kind: what.kind(),
            detail: String::new(),
            what: Some(what),
            by: None,
        }
    }
}

/// Where a booking is or was: enough to word it without reading the store again (the
/// session may be gone by the time the history is read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub session: String,
    pub agency: String,
    /// 0-based, as stored; people read it from 1 (`words::slot_number`).
    pub slot: u32,
    /// Center local time.
    pub start: NaiveDateTime,
    pub booth: u32,
    pub interpreter: Option<String>,
    pub mode: Option<Mode>,
}

impl Place {
    pub fn of(b: &Booking) -> Place {
        Place {
            session: b.session.clone(),
            agency: b.agency.clone(),
            slot: b.slot,
            start: b.start,
            booth: b.booth,
            interpreter: b.interpreter.clone(),
            mode: b.mode,
        }
    }
}

/// A booking and where it is (a cancellation's released and kept bookings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booked {
    pub booking: String,
    pub at: Place,
}

impl Booked {
    pub fn of(b: &Booking) -> Booked {
        Booked {
            booking: b.number.clone(),
            at: Place::of(b),
        }
    }
}

/// Why a booking was released (taken away; the request waits to be re-placed).
/// Stored: new reasons are added at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Release {
    /// An allocation could not keep it: the allocator's reason code (`alloc::Reason::code`).
    Unplaced { reason: String },
    /// `request edit` changed the request so that it no longer fits the booking.
    NoLongerFits,
    /// The agency's session was cancelled (`agency cancel-session`).
    SessionCancelled,
    /// A forced re-import removed the session.
    SessionRemovedByImport,
    /// The interpreter was made unavailable (`interpreter unavailable`); the slot stays.
    InterpreterUnavailable { interpreter: String },
    /// The imported folder gave the interpreter a day off; the slot stays.
    InterpreterDayOffInImport { interpreter: String },
}

/// What happened to a request, typed. Stored (as JSON inside the event, see [`Event`]):
/// append-only, new variants at the end, fields never renamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum What {
    /// Recorded at the counter (`request add`) or by an import.
    Received {
        imported: bool,
        language: String,
        topic: String,
        priority: Priority,
    },
    /// Given a new booking by an allocation.
    Placed { booking: String, at: Place },
    /// A released booking placed again (same number).
    Replaced {
        booking: String,
        at: Place,
        was: Place,
    },
    /// Moved by an allocation, or by hand (`booking move`, which also pins it).
    Moved {
        booking: String,
        from: Place,
        to: Place,
        by_hand: bool,
    },
    /// Taken away; the request waits again.
    Released {
        booking: String,
        at: Place,
        why: Release,
    },
    /// Pinned by hand.
    Pinned { booking: String, at: Place },
    /// Unpinned by hand.
    Unpinned { booking: String, at: Place },
    /// The resident was told about a change of `booking` (call-list item `contact`).
    Contacted { booking: String, contact: String },
    /// Intake fields changed by hand (their column names).
    Edited { fields: Vec<String> },
    /// Cancelled: bookings released, bookings kept because they took place, the
    /// coordinator's reason and referral (free text typed by staff, as typed).
    Cancelled {
        released: Vec<Booked>,
        kept: Vec<Booked>,
        reason: Option<String>,
        referred_to: Option<String>,
    },
}

impl What {
    /// The kind an event of this payload has (what `history` shows in its kind column).
    pub fn kind(&self) -> EventKind {
        match self {
            What::Received { .. } => EventKind::Received,
            What::Placed { .. } | What::Replaced { .. } => EventKind::Placed,
            What::Moved { .. } => EventKind::Moved,
            What::Released { .. } => EventKind::Released,
            What::Pinned { .. } => EventKind::Pinned,
            What::Unpinned { .. } => EventKind::Unpinned,
            What::Contacted { .. } => EventKind::Contacted,
            What::Edited { .. } => EventKind::Edited,
            What::Cancelled { .. } => EventKind::Cancelled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_code() {
        for k in EventKind::KNOWN
            .into_iter()
            .chain([EventKind::Other("merged".into())])
        {
            assert_eq!(EventKind::from(String::from(k.clone())), k);
        }
    }

    #[test]
    fn stored_shape_is_a_string() {
        // Events written before the enum (kind: String) must still decode.
        #[derive(Serialize)]
        struct Old {
            at: DateTime<Utc>,
            request: String,
            kind: String,
            detail: String,
        }
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        let old = Old {
            at,
            request: "R-0001".into(),
            kind: "moved".into(),
            detail: "d".into(),
        };
        let bytes = crate::codec::encode(&old).unwrap();
        let e: Event = crate::codec::decode(&bytes).unwrap();
        assert_eq!(e.kind, EventKind::Moved);
        assert_eq!(crate::codec::encode(&e).unwrap(), bytes);
        assert_eq!(e.what, None);
        assert_eq!(e.detail, "d");
    }

    #[test]
    fn typed_events_keep_the_stored_shape_and_round_trip() {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct Old {
            at: DateTime<Utc>,
            request: String,
            kind: String,
            detail: String,
        }
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        let start = chrono::NaiveDate::from_ymd_opt(2027, 1, 2)
            .unwrap()
            .and_hms_opt(13, 0, 0)
            .unwrap();
        let place = Place {
            session: "scriveners-2027-01-02".into(),
            agency: "scriveners".into(),
            slot: 0,
            start,
            booth: 1,
            interpreter: Some("staff-ko-01".into()),
            mode: Some(Mode::InPerson),
        };
        let e = Event::typed(
            at,
            "R-0001",
            What::Released {
                booking: "B-00008".into(),
                at: place,
                why: Release::Unplaced {
                    reason: "capacity".into(),
                },
            },
        );
        assert_eq!(e.kind, EventKind::Released);
        let bytes = crate::codec::encode(&e).unwrap();
        // An older soudan reads the same four fields.
        let old: Old = crate::codec::decode(&bytes).unwrap();
        assert_eq!(old.kind, "released");
        assert!(old.detail.starts_with(TYPED_V1));
        let back: Event = crate::codec::decode(&bytes).unwrap();
        assert_eq!(back, e);

        // Made in the console: version 2 names the staff member, same four stored fields.
        let mut by = e.clone();
        by.by = Some("佐藤 花子".into());
        let bytes = crate::codec::encode(&by).unwrap();
        let old: Old = crate::codec::decode(&bytes).unwrap();
        assert!(old.detail.starts_with(TYPED_V2), "{}", old.detail);
        let back: Event = crate::codec::decode(&bytes).unwrap();
        assert_eq!(back, by);
        assert_eq!(back.what, e.what);
    }

    #[test]
    fn an_unreadable_payload_reads_as_its_text() {
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        let raw = format!("{TYPED_V1}{{\"Merged\":{{}}}}");
        let e = Event::new(at, "R-1", EventKind::Other("merged".into()), raw.clone());
        let back: Event = crate::codec::decode(&crate::codec::encode(&e).unwrap()).unwrap();
        assert_eq!(back.what, None);
        assert_eq!(back.detail, raw);
    }
}
