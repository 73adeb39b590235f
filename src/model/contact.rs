use super::Mode;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// A resident to tell about a change of their appointment: the coordinator's call list.
///
/// One open item per booking: a second change before the call (released, then placed again)
/// adds to `what` and keeps the earlier `by`, so the resident gets one call with the whole
/// story. Contact details are not copied here: the list reads them from the request, so they
/// stay in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactItem {
    /// `C-NNNNN`.
    pub id: String,
    pub request: String,
    pub booking: String,
    /// What changed, oldest first.
    pub what: Vec<ContactChange>,
    /// The resident must be told by the end of this date (center zone): the day before the
    /// earliest appointment concerned, or today if that is already past.
    pub by: NaiveDate,
    pub created: DateTime<Utc>,
    /// When a coordinator marked it done (`contact done`).
    pub done: Option<DateTime<Utc>>,
}

/// One appointment as the resident knows it: when, with which agency, how interpreted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    /// Center local time.
    pub start: NaiveDateTime,
    pub agency: String,
    /// `None`: no interpreter needed.
    pub mode: Option<Mode>,
}

/// What the resident must hear about a booking, typed so each reader gets it in their own
/// language (`words::contact_change`). Stored, so new kinds are added at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactChange {
    /// A sentence stored by soudan before changes were typed (English), shown as it is.
    Text(String),
    /// A new appointment.
    New { number: String, at: Appointment },
    /// A new appointment for a booking that had been released (`was` its old one).
    Replaced {
        number: String,
        at: Appointment,
        was: Appointment,
    },
    /// The appointment is cancelled.
    Cancelled { number: String, at: Appointment },
    /// Moved to another time or session.
    Moved {
        number: String,
        from: Appointment,
        to: Appointment,
    },
    /// Same time, another way of interpreting.
    ModeChanged {
        number: String,
        start: NaiveDateTime,
        mode: Option<Mode>,
        was: Option<Mode>,
    },
    /// The agency cancelled the session; the booking waits to be re-placed.
    SessionCancelled { number: String, at: Appointment },
    /// The appointment cannot take place and the request is waiting again (`allocate`
    /// released it): not a cancellation, the center calls with a new date.
    WaitingAgain { number: String, at: Appointment },
    /// The appointment stands in the store but cannot happen as planned (its interpreter
    /// fell ill, ... : [`crate::model::Trouble`]): the resident must not come until told.
    Rearranging { number: String, at: Appointment },
    /// A booking that needed rearranging holds again at the same time (a substitute
    /// interpreter was found): the resident comes as planned.
    Restored { number: String, at: Appointment },
    /// Moved to another time or session after its interpreter could no longer take it:
    /// `from` with the interpreting it had, `interpreter` the one who dropped out (by name, as
    /// the center knew them then).
    MovedLostInterpreter {
        number: String,
        from: Appointment,
        to: Appointment,
        interpreter: String,
    },
}

/// [`ContactItem`] as stored before changes were typed (meta `contact/<id>`; typed items
/// live under `contact2/<id>`, so old databases and backups read without a schema change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactItemV1 {
    pub id: String,
    pub request: String,
    pub booking: String,
    pub what: Vec<String>,
    pub by: NaiveDate,
    pub created: DateTime<Utc>,
    pub done: Option<DateTime<Utc>>,
}

impl From<ContactItemV1> for ContactItem {
    fn from(v: ContactItemV1) -> ContactItem {
        ContactItem {
            id: v.id,
            request: v.request,
            booking: v.booking,
            what: v.what.into_iter().map(ContactChange::Text).collect(),
            by: v.by,
            created: v.created,
            done: v.done,
        }
    }
}
