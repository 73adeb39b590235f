use chrono::{DateTime, NaiveDate, Utc};
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
    pub what: Vec<String>,
    /// The resident must be told by the end of this date (center zone): the day before the
    /// earliest appointment concerned, or today if that is already past.
    pub by: NaiveDate,
    pub created: DateTime<Utc>,
    /// When a coordinator marked it done (`contact done`).
    pub done: Option<DateTime<Utc>>,
}
