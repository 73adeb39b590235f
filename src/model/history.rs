//! A request's history: what happened to it, when, in words a coordinator reads.
//!
//! Events are part of the model (not of the store) so that `schedule` and `ops` can produce
//! them without knowing how they are kept; the store only appends them, numbering them in
//! its commit.

use chrono::{DateTime, Utc};
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub request: String,
    pub kind: EventKind,
    /// Human-readable detail (booking number, session and slot); never personal data.
    pub detail: String,
}

impl Event {
    pub fn new(at: DateTime<Utc>, request: &str, kind: EventKind, detail: String) -> Event {
        Event {
            at,
            request: request.to_string(),
            kind,
            detail,
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
    }
}
