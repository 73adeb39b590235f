//! The domain: pure types shared by every other module.
//!
//! Nothing here does I/O. Types are `serde` so the store can persist them through
//! [`crate::codec`]; because that codec is bincode (not self-describing), these types avoid
//! `#[serde(flatten)]`, `untagged` enums and `skip_serializing_if`, which bincode cannot
//! round-trip.

mod agency;
mod booking;
mod center;
mod clock;
mod contact;
mod feed;
mod history;
mod holidays;
mod interpreter;
mod language;
mod mode;
mod month;
mod request;
mod session;
mod slip;
mod staff;
mod time;
mod trouble;
mod weights;

pub use agency::{Agency, ExtraSession, OnClosed, SessionPattern};
pub use booking::{Booking, BookingStatus, is_rescheduling};
pub use center::{Center, ClosedDays, ClosedReason, Topic, YEAR_END};
pub use clock::{Clock, DEFAULT_LEAD_DAYS, MAX_LEAD_DAYS};
pub use contact::{Appointment, ContactChange, ContactItem, ContactItemV1};
pub use feed::{BusyBlock, FeedKind, FeedSubscription};
pub use history::{Booked, Event, EventKind, Place, Release, What};
pub use holidays::{Holiday, holiday, holidays};
pub use interpreter::{Costs, DateWindow, Interpreter, WeeklyWindow};
pub use language::{LANGUAGES, Language, language, request_language};
pub use mode::Mode;
pub use month::{Month, MonthParseError};
pub use request::{Contact, Intake, Priority, Request, RequestStatus, RequestWindow};
pub use session::{
    BOOTHS, SLOT_MINUTES, Session, nth_weekday, pattern_date, sessions_for_month,
    sessions_on_closed_days,
};
pub use slip::{CenterInfo, IssuedSlip};
pub use staff::{MAX_STAFF_NAME, Role, StaffAccount, staff_name_problem};
pub use time::{
    LocalWindow, parse_tz, resolve_local, try_resolve_local, weekday_code, weekday_from_code,
};
pub use trouble::{Trouble, Troubles, covers};
pub use weights::WeightPolicy;
