//! Feed subscriptions: list (publishing first), rotate a secret, change what a feed shows.

use super::{Ctx, new_secret};
use crate::error::{Error, Refusal, Result};
use crate::model::{FeedKind, FeedSubscription};
use crate::publish::PublishReport;
use crate::store::Batch;
use chrono::{DateTime, Utc};

/// Publishes (so the URLs listed are served) and returns every subscription, sorted by kind
/// and id.
pub fn list_feeds(ctx: &Ctx, now: DateTime<Utc>) -> Result<(Vec<FeedSubscription>, PublishReport)> {
    let published = ctx.publish(now)?;
    let mut subs = ctx.store().subscriptions()?;
    subs.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    Ok((subs, published))
}

fn subscription(ctx: &Ctx, kind: FeedKind, id: &str) -> Result<FeedSubscription> {
    ctx.store().subscription(kind, id)?.ok_or_else(|| {
        Error::from(crate::error::Refusal::UnknownFeed {
            kind: kind.to_string(),
            id: id.to_string(),
        })
    })
}

/// Issues a new secret for one feed. The old secret is put on the revocation list first
/// (durable before the commit: [`crate::publish::revoke`]), so no kill or failure from there
/// on can leave the old URL serving; then the new secret is committed and published.
pub fn rotate_feed(
    ctx: &Ctx,
    kind: FeedKind,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(FeedSubscription, PublishReport)> {
    let mut sub = subscription(ctx, kind, id)?;
    let old_hash = crate::secret::hash(&sub.secret);
    sub.secret = new_secret()?;
    crate::publish::revoke(&crate::publish::feeds_dir(ctx.dir()), &old_hash)
        .map_err(|e| Error::internal("cannot revoke the old secret; nothing was changed", e))?;
    crate::fault::point("rotate-after-revoke");
    let mut batch = Batch::new();
    batch.put_subscription(&sub)?;
    ctx.store().commit(batch)?;
    crate::fault::point("rotate-after-commit");
    let published = ctx.publish(now)?;
    Ok((sub, published))
}

/// The settings of [`set_feed`]; `None` keeps the current value.
#[derive(Debug, Clone, Copy, Default)]
pub struct FeedSettings {
    pub show_cancelled: Option<bool>,
    pub session_blocks: Option<bool>,
    pub personal_details: Option<bool>,
}

/// Changes what one feed shows. Personal details are the coordinator feed's alone here (an
/// agency's follow agencies.toml; interpreters never see them); session blocks exist for
/// agency feeds only.
pub fn set_feed(
    ctx: &Ctx,
    kind: FeedKind,
    id: &str,
    settings: FeedSettings,
    now: DateTime<Utc>,
) -> Result<(FeedSubscription, PublishReport)> {
    let mut sub = subscription(ctx, kind, id)?;
    if let Some(on) = settings.personal_details {
        match kind {
            FeedKind::Coordinator => sub.personal_details = on,
            FeedKind::Agency => {
                return Err(crate::error::Refusal::AgencyPersonalDetails.into());
            }
            FeedKind::Interpreter => {
                return Err(crate::error::Refusal::InterpreterPersonalDetails.into());
            }
        }
    }
    if let Some(on) = settings.show_cancelled {
        sub.show_cancelled = on;
    }
    if let Some(on) = settings.session_blocks {
        if kind != FeedKind::Agency && on {
            return Err(crate::error::Refusal::SessionBlocksAgencyOnly.into());
        }
        sub.session_blocks = on;
    }
    let mut batch = Batch::new();
    batch.put_subscription(&sub)?;
    let published = ctx.commit(batch, now)?;
    Ok((sub, published))
}

/// Changes to the center's feed settings ([`crate::feeds::FeedOptions`]); `None` keeps the
/// current value, an empty phone or video text goes back to the default sentence.
#[derive(Debug, Clone, Default)]
pub struct FeedOptionChanges {
    pub window_days: Option<u32>,
    pub phone: Option<String>,
    pub video_room: Option<String>,
}

/// Longest window accepted: a century of history is "keep everything".
pub const MAX_WINDOW_DAYS: u32 = 36_500;

/// Longest phone or video-room text: it is one line of a calendar event.
const MAX_JOIN_CHARS: usize = 200;

fn join_text(field: &str, value: &str) -> Result<Option<String>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > MAX_JOIN_CHARS || value.chars().any(char::is_control) {
        return Err(Refusal::JoinText {
            field: field.to_string(),
            max: MAX_JOIN_CHARS,
        }
        .into());
    }
    Ok(Some(value.to_owned()))
}

/// Changes the center's feed settings (the past-bookings window, how interpreters join phone
/// and video sessions) and publishes, so every feed shows the change. With no changes it
/// only reads them.
pub fn set_feed_options(
    ctx: &Ctx,
    changes: FeedOptionChanges,
    now: DateTime<Utc>,
) -> Result<(crate::feeds::FeedOptions, Option<PublishReport>)> {
    let mut options = ctx.store().feed_options()?;
    let before = options.clone();
    if let Some(days) = changes.window_days {
        if days > MAX_WINDOW_DAYS {
            return Err(Refusal::WindowDays {
                max: MAX_WINDOW_DAYS,
            }
            .into());
        }
        options.window_days = days;
    }
    if let Some(p) = &changes.phone {
        options.phone = join_text("phone", p)?;
    }
    if let Some(v) = &changes.video_room {
        options.video_room = join_text("video-room", v)?;
    }
    if options == before {
        return Ok((options, None));
    }
    let mut batch = Batch::new();
    batch.put_feed_options(&options)?;
    let published = ctx.commit(batch, now)?;
    Ok((options, Some(published)))
}
