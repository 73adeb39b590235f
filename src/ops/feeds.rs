//! Feed subscriptions: list (publishing first), rotate a secret, change what a feed shows.

use super::{Ctx, new_secret};
use crate::error::{Error, Result};
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
