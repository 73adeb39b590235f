use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Who a calendar feed is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FeedKind {
    /// One partner agency: its bookings with the intake its specialist needs.
    Agency,
    /// One interpreter: their assignments, topic only.
    Interpreter,
    /// The center's coordinators: every booking.
    Coordinator,
}

impl FeedKind {
    pub fn code(self) -> &'static str {
        match self {
            FeedKind::Agency => "agency",
            FeedKind::Interpreter => "interpreter",
            FeedKind::Coordinator => "coordinator",
        }
    }
}

impl fmt::Display for FeedKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for FeedKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "agency" => Ok(FeedKind::Agency),
            "interpreter" => Ok(FeedKind::Interpreter),
            "coordinator" => Ok(FeedKind::Coordinator),
            other => Err(format!(
                "unknown feed kind `{other}` (expected agency, interpreter or coordinator)"
            )),
        }
    }
}

/// A secret calendar subscription and its per-feed settings.
///
/// The raw `secret` lives only in the store (coordinators need it to hand out URLs); anything
/// published for the server carries a hash of it instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedSubscription {
    pub kind: FeedKind,
    /// Agency or interpreter id; `center` for the coordinator feed.
    pub id: String,
    /// At least 128 bits from the OS random source, lowercase hex.
    pub secret: String,
    /// Names and contact details of residents; off unless a coordinator turns it on.
    pub personal_details: bool,
    /// Keep cancelled bookings as STATUS:CANCELLED instead of dropping them (opt-in: calendar
    /// clients disagree on how they show cancelled events in subscriptions).
    pub show_cancelled: bool,
    /// Also show the agency's session blocks (agency feeds only).
    pub session_blocks: bool,
}

impl FeedSubscription {
    /// A new subscription with the defaults every new feed gets: cancelled bookings hidden,
    /// session blocks shown on agency feeds only, personal details as given (an agency's
    /// follow its `show_personal_details`; everyone else starts without them).
    pub fn new(kind: FeedKind, id: &str, secret: String, personal_details: bool) -> Self {
        FeedSubscription {
            kind,
            id: id.to_string(),
            secret,
            personal_details,
            show_cancelled: false,
            session_blocks: kind == FeedKind::Agency,
        }
    }
}

/// A time one of this center's interpreters is busy at another center of the shared
/// interpreter pool (issue 25): what the interpreter's feed shows as a block without any
/// details. Only the interpreter, start and end: never the other center, its booking or
/// anything of the consultation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BusyBlock {
    pub interpreter: String,
    pub start: chrono::DateTime<chrono::Utc>,
    pub end: chrono::DateTime<chrono::Utc>,
}
