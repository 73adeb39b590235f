//! Which calendar feeds exist and what each one shows. Pure: model values in, rendered
//! bodies out; no I/O, no clock.
//!
//! One feed is rendered per [`FeedSubscription`] and language ([`Lang::Ja`] is the default
//! URL, [`Lang::En`] is `?lang=en`). What a feed contains follows the principle of the
//! minimum: an interpreter sees where and when to interpret and for whom (the agency), never
//! the intake; an agency sees the intake its specialist needs; names and contact details of
//! residents appear only where a coordinator has switched them on.
//!
//! ## Placing bookings in time
//! A booking carries its slot's local start and end (center zone) as they were booked, and
//! those are the times shown: a later change to the agency's pattern becomes a *move* (new
//! times, higher SEQUENCE, made by allocation), never a silent shift in the feeds.
//!
//! Instants come from the one slot rule ([`Session::slot_instants`]), the same the allocator
//! used: a local time inside an autumn fold occurs twice, so re-resolving a booking's stored
//! local time could put the second occurrence an hour early. Only a booking whose session
//! changed times since it was booked (which `soudan check` warns about) is placed by its stored
//! local times through [`resolve_local`], with its end kept after its start.
//!
//! ## Bookings being rescheduled
//! A booking that must be re-placed never silently disappears from the agency and coordinator
//! feeds: until the allocator places it again (with the same number and UID, and a higher
//! SEQUENCE), it stays at its old time as STATUS:TENTATIVE, its summary marked "being
//! rescheduled". That is a confirmed booking not yet started that needs rearranging
//! ([`crate::model::Troubles`]: its session or slot gone, its interpreter unavailable or
//! removed, no interpreter where one is needed), and a booking the allocator released while its request
//! still waits (see [`is_rescheduling`]). Interpreter feeds leave such bookings out: the
//! interpreter is not needed at the old time. A confirmed booking that started is history
//! ([`Clock::is_history`]): it stays CONFIRMED at its time in every feed, whatever became of
//! the agency's pattern since. A cancelled booking of a vanished session is history and simply
//! not shown. A booking whose request or agency is missing is left out of every feed and
//! listed in [`FeedSet::skipped`] so the caller can warn (`soudan check` reports the same).

pub mod names;
mod text;

pub use names::{NATIONALITIES, RESIDENCE_STATUSES, nationality, residence_status};

use crate::ics::{self, IcsCalendar, IcsEvent};
use crate::model::{
    Agency, Booking, BookingStatus, BusyBlock, Center, Clock, FeedKind, FeedSubscription,
    Interpreter, Month, Request, Session, Troubles, parse_tz, resolve_local, sessions_for_month,
};
use crate::secret::{etag_of, hash_secret};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Minutes between client refreshes announced in every feed (REFRESH-INTERVAL).
pub const REFRESH_MINUTES: u32 = 60;

/// The language of a feed's texts: the catalogue's [`crate::i18n::Lang`]. Feeds are staff
/// texts (`locales/{ja,en}/feeds.ftl`), rendered in [`Lang::STAFF`]; a resident language
/// asked of a feed maps to its staff language ([`Lang::staff`]).
pub use crate::i18n::Lang;

/// How many days of past bookings a feed keeps by default (all future ones are always in).
pub const DEFAULT_WINDOW_DAYS: u32 = 90;

/// Center-wide feed settings, kept under one meta key (the persisted `Center` layout stays
/// as it is: bincode is not self-describing, so a new field there would break every
/// database). Defaults are what a center gets before it sets anything. The same holds for
/// this struct: a new setting goes under a key of its own, not into these fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedOptions {
    /// Past bookings older than this many days (by end) are left out of every feed: a feed
    /// that carries every booking ever made grows without end (10 MB for a busy year) and
    /// calendar clients download it every hour.
    pub window_days: u32,
    /// How a phone session is joined, shown to interpreters (e.g. the center's number);
    /// `None` = the catalogue's default sentence.
    pub phone: Option<String>,
    /// How a video session is joined (the center's video room); `None` = the default
    /// sentence.
    pub video_room: Option<String>,
}

impl Default for FeedOptions {
    fn default() -> Self {
        FeedOptions {
            window_days: DEFAULT_WINDOW_DAYS,
            phone: None,
            video_room: None,
        }
    }
}

/// Serde for a feed's [`Lang`] as its code (`"ja"`, `"en"`), for the publish manifest:
/// `#[serde(with = "crate::feeds::lang_code")]`.
pub mod lang_code {
    use super::Lang;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(lang: &Lang, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(lang.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let code = String::deserialize(d)?;
        Lang::parse(&code).map_err(serde::de::Error::custom)
    }
}

/// Everything the feeds are rendered from: the model values as the store holds them.
#[derive(Debug, Clone, Copy)]
pub struct FeedData<'a> {
    pub center: &'a Center,
    pub agencies: &'a [Agency],
    pub interpreters: &'a [Interpreter],
    pub requests: &'a [Request],
    pub bookings: &'a [Booking],
    /// Months whose session blocks agency feeds with `session_blocks` show (e.g. the current
    /// month and the next two). Sessions are derived from patterns and have no natural end,
    /// so the caller chooses the window; empty means no blocks.
    pub session_months: &'a [Month],
    /// The publishing clock: the past-bookings window ([`FeedOptions::window_days`]) is
    /// counted back from it.
    pub now: DateTime<Utc>,
    pub options: &'a FeedOptions,
    /// Times this center's interpreters are busy at other centers of the shared interpreter
    /// pool (the cache of the last sync, `ops::pool`): shown in their interpreter feeds as
    /// blocks without any details. Empty without a pool.
    pub busy: &'a [BusyBlock],
}

/// The inputs of the feeds, owned: what a caller loads (the CLI from the store, benches
/// from generated data) before borrowing them as [`FeedData`].
#[derive(Debug, Clone)]
pub struct FeedInputs {
    pub center: Center,
    pub agencies: Vec<Agency>,
    pub interpreters: Vec<Interpreter>,
    pub requests: Vec<Request>,
    pub bookings: Vec<Booking>,
    pub subscriptions: Vec<FeedSubscription>,
    pub session_months: Vec<Month>,
    pub now: DateTime<Utc>,
    pub options: FeedOptions,
    /// See [`FeedData::busy`].
    pub busy: Vec<BusyBlock>,
}

impl FeedInputs {
    pub fn data(&self) -> FeedData<'_> {
        FeedData {
            center: &self.center,
            agencies: &self.agencies,
            interpreters: &self.interpreters,
            requests: &self.requests,
            bookings: &self.bookings,
            session_months: &self.session_months,
            now: self.now,
            options: &self.options,
            busy: &self.busy,
        }
    }
}

/// One rendered feed, ready to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFeed {
    pub kind: FeedKind,
    pub id: String,
    pub lang: Lang,
    /// Lowercase hex SHA-256 of the subscription secret (the secret itself never leaves the
    /// store).
    pub secret_sha256: String,
    pub body: String,
    /// Lowercase hex SHA-256 of `body`.
    pub etag: String,
    /// Number of VEVENTs in the body.
    pub events: usize,
}

/// Why a booking is missing from the feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// Its session is not produced by the agency's patterns any more (or the id is malformed).
    SessionMissing,
    /// Its slot lies beyond the end of its session.
    SlotOutOfRange,
    /// Its request is not in the store.
    RequestMissing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedBooking {
    pub number: String,
    pub reason: SkipReason,
}

/// The result of rendering every subscription.
#[derive(Debug, Clone, Default)]
pub struct FeedSet {
    /// Two per subscription (ja, en), ordered by kind, id, lang.
    pub feeds: Vec<RenderedFeed>,
    pub skipped: Vec<SkippedBooking>,
    /// Subscriptions that could not be rendered (unknown agency, bad zone...). They are
    /// left out of the set; the caller should warn.
    pub failed: Vec<(FeedKind, String, FeedError)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("center time zone: {0}")]
    CenterZone(String),
    #[error("interpreter `{id}` time zone: {message}")]
    InterpreterZone { id: String, message: String },
    #[error("no agency with id `{0}`")]
    UnknownAgency(String),
    #[error("no interpreter with id `{0}`")]
    UnknownInterpreter(String),
    #[error("no {kind} feed subscription for `{id}`")]
    NoSubscription { kind: FeedKind, id: String },
}

/// A booking placed in time.
struct Placed<'a> {
    booking: &'a Booking,
    request: &'a Request,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// Shown as being rescheduled (see the module doc).
    rescheduling: bool,
}

pub use crate::model::is_rescheduling;

/// Places every booking; bookings that cannot be placed are returned as skipped. The result
/// is ordered by start time, then booking number.
fn place<'a>(data: &FeedData<'a>, center_tz: Tz) -> (Vec<Placed<'a>>, Vec<SkippedBooking>) {
    let cutoff = window_start(data);
    let mut cache: HashMap<(&str, Month), Vec<Session>> = HashMap::new();
    let requests: HashMap<&str, &Request> =
        data.requests.iter().map(|r| (r.id.as_str(), r)).collect();
    let agencies: HashMap<&str, &Agency> =
        data.agencies.iter().map(|a| (a.id.as_str(), a)).collect();
    let history = Clock::new(data.now, center_tz, 0);
    // The one rule for a confirmed booking that cannot happen as planned (session gone,
    // interpreter ill or removed, ...): the same the slip, the view and `check` read.
    let troubles = Troubles::find(
        data.center,
        data.agencies,
        data.interpreters,
        data.requests,
        data.bookings,
        Some(&history),
    );
    let mut placed = Vec::new();
    let mut skipped = Vec::new();
    for b in data.bookings {
        let skip = |reason| SkippedBooking {
            number: b.number.clone(),
            reason,
        };
        let Some(&request) = requests.get(b.request.as_str()) else {
            skipped.push(skip(SkipReason::RequestMissing));
            continue;
        };
        let Some(&agency) = agencies.get(b.agency.as_str()) else {
            skipped.push(skip(SkipReason::SessionMissing));
            continue;
        };
        let month = Month::of(b.start.date());
        let sessions = cache
            .entry((agency.id.as_str(), month))
            .or_insert_with(|| sessions_for_month(agency, month, center_tz, &data.center.closed));
        let session = sessions
            .iter()
            .find(|s| s.id == b.session && b.slot < s.slot_count());
        let in_session = session.is_some();
        // A confirmed booking that needs rearranging ([`Troubles`]) is being rescheduled;
        // one that has started is history (the consultation took place as booked) and stays
        // as it was, as every command leaves it ([`Clock::is_history`]).
        let rescheduling = match b.status {
            BookingStatus::Confirmed => troubles.contains(&b.number),
            BookingStatus::Cancelled => is_rescheduling(b, request),
        };
        if !in_session && !rescheduling && b.status == BookingStatus::Cancelled {
            // A cancelled booking of a session that is gone: history, nothing to show.
            continue;
        }
        let (start, end) = match session {
            Some(s) if s.slot_times(b.slot) == (b.start, b.end) => s.slot_instants(b.slot),
            _ => {
                let start = resolve_local(center_tz, b.start);
                (start, resolve_local(center_tz, b.end).max(start))
            }
        };
        if end < cutoff {
            // Older than the window: history the calendar need not download every hour.
            continue;
        }
        placed.push(Placed {
            booking: b,
            request,
            start,
            end,
            rescheduling,
        });
    }
    placed.sort_by(|a, b| (a.start, &a.booking.number).cmp(&(b.start, &b.booking.number)));
    (placed, skipped)
}

/// The first instant a feed shows: bookings that ended before it are left out
/// ([`FeedOptions::window_days`] before `now`).
pub fn window_start(data: &FeedData<'_>) -> DateTime<Utc> {
    // Checked: a huge window (a center keeping everything) reaches before chrono's range.
    chrono::TimeDelta::try_days(i64::from(data.options.window_days))
        .and_then(|d| data.now.checked_sub_signed(d))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Renders every subscription in both staff languages.
///
/// Only a bad center time zone fails the whole set; a subscription that cannot be rendered
/// is reported in [`FeedSet::failed`] and left out (its URL then answers 404).
pub fn render_all(
    data: &FeedData<'_>,
    subscriptions: &[FeedSubscription],
) -> Result<FeedSet, FeedError> {
    let center_tz = parse_tz(&data.center.timezone).map_err(FeedError::CenterZone)?;
    let (placed, skipped) = place(data, center_tz);
    let mut set = FeedSet {
        skipped,
        ..FeedSet::default()
    };
    let mut subs: Vec<&FeedSubscription> = subscriptions.iter().collect();
    subs.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    for sub in subs {
        for lang in Lang::STAFF {
            match render_with(data, center_tz, &placed, sub, lang) {
                Ok(feed) => set.feeds.push(feed),
                Err(e) => {
                    set.failed.push((sub.kind, sub.id.clone(), e));
                    break;
                }
            }
        }
    }
    Ok(set)
}

/// Renders one subscription's feed (for `soudan ics --feed KIND ID [--lang en]`).
pub fn render_feed(
    data: &FeedData<'_>,
    subscription: &FeedSubscription,
    lang: Lang,
) -> Result<RenderedFeed, FeedError> {
    let center_tz = parse_tz(&data.center.timezone).map_err(FeedError::CenterZone)?;
    let (placed, _) = place(data, center_tz);
    render_with(data, center_tz, &placed, subscription, lang)
}

/// Finds the subscription of `kind`/`id`, with a typed error for the CLI.
pub fn find_subscription<'a>(
    subscriptions: &'a [FeedSubscription],
    kind: FeedKind,
    id: &str,
) -> Result<&'a FeedSubscription, FeedError> {
    subscriptions
        .iter()
        .find(|s| s.kind == kind && s.id == id)
        .ok_or_else(|| FeedError::NoSubscription {
            kind,
            id: id.to_owned(),
        })
}

fn render_with(
    data: &FeedData<'_>,
    center_tz: Tz,
    placed: &[Placed<'_>],
    sub: &FeedSubscription,
    lang: Lang,
) -> Result<RenderedFeed, FeedError> {
    // Feeds are staff texts: a resident language reads the staff language it maps to.
    let lang = lang.staff();
    let ctx = text::Ctx {
        center: data.center,
        agencies: data.agencies,
        interpreters: data.interpreters,
        options: data.options,
        lang,
    };
    let visible = |p: &Placed<'_>| {
        p.rescheduling || p.booking.status == BookingStatus::Confirmed || sub.show_cancelled
    };
    // A booking being rescheduled is rendered as the live booking it will be again (not as
    // "cancelled"), marked tentative.
    let booking_event = |p: &Placed<'_>, kind: FeedKind, personal: bool| {
        ctx.booking_event(
            kind,
            p.booking,
            p.request,
            p.start,
            p.end,
            center_tz,
            personal,
            p.rescheduling,
        )
    };
    let calendar = match sub.kind {
        FeedKind::Agency => {
            let agency = data
                .agencies
                .iter()
                .find(|a| a.id == sub.id)
                .ok_or_else(|| FeedError::UnknownAgency(sub.id.clone()))?;
            // Both switches must be on: the agency record and this subscription.
            let personal = sub.personal_details && agency.show_personal_details;
            let mut events: Vec<IcsEvent> = placed
                .iter()
                .filter(|p| p.booking.agency == agency.id && visible(p))
                .map(|p| booking_event(p, FeedKind::Agency, personal))
                .collect();
            if sub.session_blocks {
                for month in data.session_months {
                    for s in sessions_for_month(agency, *month, center_tz, &data.center.closed) {
                        events.push(ctx.session_event(agency, &s, center_tz));
                    }
                }
            }
            IcsCalendar {
                name: ctx.agency_calendar_name(agency),
                timezone: center_tz,
                refresh_minutes: REFRESH_MINUTES,
                method_publish: true,
                events,
            }
        }
        FeedKind::Interpreter => {
            let interpreter = data
                .interpreters
                .iter()
                .find(|i| i.id == sub.id)
                .ok_or_else(|| FeedError::UnknownInterpreter(sub.id.clone()))?;
            let tz =
                parse_tz(&interpreter.timezone).map_err(|message| FeedError::InterpreterZone {
                    id: interpreter.id.clone(),
                    message,
                })?;
            let mut events: Vec<IcsEvent> = placed
                .iter()
                .filter(|p| {
                    p.booking.interpreter.as_deref() == Some(interpreter.id.as_str())
                        && !p.rescheduling
                        && visible(p)
                })
                .map(|p| ctx.assignment_event(p.booking, p.request, p.start, p.end, tz))
                .collect();
            // Busy at another center of the pool: a block with no details, only in the
            // interpreter's own feed (agency and coordinator feeds never show them).
            let cutoff = window_start(data);
            let mut busy: Vec<&BusyBlock> = data
                .busy
                .iter()
                .filter(|b| b.interpreter == interpreter.id && b.end >= cutoff)
                .collect();
            busy.sort();
            busy.dedup();
            events.extend(busy.into_iter().map(|b| ctx.busy_event(b, tz)));
            IcsCalendar {
                name: ctx.interpreter_calendar_name(interpreter),
                timezone: tz,
                refresh_minutes: REFRESH_MINUTES,
                method_publish: true,
                events,
            }
        }
        FeedKind::Coordinator => IcsCalendar {
            name: ctx.coordinator_calendar_name(),
            timezone: center_tz,
            refresh_minutes: REFRESH_MINUTES,
            method_publish: true,
            events: placed
                .iter()
                .filter(|p| visible(p))
                .map(|p| booking_event(p, FeedKind::Coordinator, sub.personal_details))
                .collect(),
        },
    };
    let events = calendar.events.len();
    let body = ics::render(&calendar);
    Ok(RenderedFeed {
        kind: sub.kind,
        id: sub.id.clone(),
        lang,
        secret_sha256: hash_secret(&sub.secret),
        etag: etag_of(body.as_bytes()),
        body,
        events,
    })
}

/// The UID of a booking's event in a feed of `kind`: derived from the booking number only, so
/// a moved booking keeps it. The kind is part of it because one person may subscribe to
/// several feeds (e.g. coordinator and agency) and some clients merge equal UIDs across
/// calendars.
pub fn booking_uid(kind: FeedKind, number: &str) -> String {
    format!("{number}.{}@soudan", kind.code())
}

/// The UID of a busy block ([`BusyBlock`]) in an interpreter's feed: a hash of interpreter,
/// start and end, so it is stable across renders and says nothing of the other center's
/// booking.
pub fn busy_uid(b: &BusyBlock) -> String {
    let key = format!(
        "{}\n{}\n{}",
        b.interpreter,
        b.start.to_rfc3339(),
        b.end.to_rfc3339()
    );
    let hash = crate::secret::sha256(key.as_bytes());
    format!("busy.{}@soudan", crate::secret::hex(&hash[..16]))
}
