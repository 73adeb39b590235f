//! Reading what the month view ([`crate::view`]) is drawn from, for `soudan view` and for
//! publishing `view.html` next to the coordinator feed.

use super::Ctx;
use crate::error::{Error, Result};
use crate::feeds::Lang as FeedLang;
use crate::i18n::Lang;
use crate::model::{
    Agency, Booking, Center, Clock, ContactItem, FeedKind, FeedSubscription, Interpreter, Month,
    Request, parse_tz,
};
use crate::publish::RenderedView;
use crate::view::{self, MonthData, ViewOptions};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// Everything the view reads, owned (read in one go from the store).
pub struct ViewSource {
    pub center: Center,
    pub agencies: Vec<Agency>,
    pub interpreters: Vec<Interpreter>,
    pub requests: Vec<Request>,
    pub bookings: Vec<Booking>,
    pub pins: BTreeSet<String>,
    pub contacts: Vec<ContactItem>,
    pub clock: Clock,
    pub tz: chrono_tz::Tz,
}

impl ViewSource {
    /// Borrows the month's data; `reasons` are that month's (`Store::reasons`).
    pub fn month<'a>(
        &'a self,
        month: Month,
        reasons: &'a BTreeMap<String, String>,
    ) -> MonthData<'a> {
        MonthData {
            month,
            center: &self.center,
            agencies: &self.agencies,
            interpreters: &self.interpreters,
            requests: &self.requests,
            bookings: &self.bookings,
            reasons,
            pins: &self.pins,
            contacts: &self.contacts,
            clock: self.clock,
            tz: self.tz,
        }
    }
}

/// Reads the view's inputs. Refuses on an empty database.
pub fn view_source(ctx: &Ctx, now: DateTime<Utc>) -> Result<ViewSource> {
    let center = ctx.center()?;
    let tz = parse_tz(&center.timezone).map_err(Error::Refused)?;
    let store = ctx.store();
    Ok(ViewSource {
        clock: Clock::new(now, tz, ctx.store().lead_days()?),
        tz,
        center,
        agencies: store.agencies()?,
        interpreters: store.interpreters()?,
        requests: store.requests()?,
        bookings: store.bookings()?,
        pins: store.pins()?,
        contacts: store.contacts()?,
    })
}

/// The month view page of `month`.
pub fn render_view(
    ctx: &Ctx,
    month: Month,
    opts: &ViewOptions,
    now: DateTime<Utc>,
) -> Result<String> {
    let source = view_source(ctx, now)?;
    let reasons = ctx.store().reasons(month)?;
    Ok(view::render(&source.month(month, &reasons), opts))
}

/// Waiting rows per reason in a published view (the CLI's file has them all): enough for a
/// city's month, bounded for a national one (the full list is `soudan report`).
pub const PUBLISHED_WAITING_ROWS: usize = 300;

/// The month views `publish` puts next to each coordinator feed: this month and the next
/// (of `now` in the center's zone), in Japanese and English, each under the coordinator
/// feed's secret and with names only if that feed shows personal details. None without a
/// coordinator subscription (nothing could reach them).
pub fn published_views(
    ctx: &Ctx,
    subscriptions: &[FeedSubscription],
    now: DateTime<Utc>,
) -> Result<Vec<RenderedView>> {
    let coordinators: Vec<&FeedSubscription> = subscriptions
        .iter()
        .filter(|s| s.kind == FeedKind::Coordinator)
        .collect();
    if coordinators.is_empty() {
        return Ok(Vec::new());
    }
    let source = view_source(ctx, now)?;
    let this = Month::of(source.clock.today());
    let mut out = Vec::new();
    for month in [this, this.next()] {
        let reasons = ctx.store().reasons(month)?;
        let data = source.month(month, &reasons);
        // Once per month, not per page: with 100,000 waiting requests the waiting list's
        // grouping and sorting is most of a page's cost, and it is the same for every page.
        let prepared = view::prepare(&data, Some(PUBLISHED_WAITING_ROWS));
        for sub in &coordinators {
            for (lang, feed_lang) in [(Lang::Ja, FeedLang::Ja), (Lang::En, FeedLang::En)] {
                let mut opts = ViewOptions::new(lang);
                opts.personal_details = sub.personal_details;
                opts.waiting_rows_per_reason = Some(PUBLISHED_WAITING_ROWS);
                out.push(RenderedView::new(
                    &sub.id,
                    &month.to_string(),
                    feed_lang,
                    &sub.secret,
                    view::render_prepared(&prepared, &opts),
                ));
            }
        }
    }
    Ok(out)
}
