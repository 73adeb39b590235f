//! Import a coordinator folder (or the built-in sample).

use super::Ctx;
use crate::error::{Error, Result};
use crate::import::{self, ApplyError, Dataset, Summary};
use crate::model::Month;
use crate::publish::PublishReport;
use chrono::{DateTime, Utc};

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    pub summary: Summary,
    pub published: PublishReport,
}

/// Merges a validated folder into the database in one commit, then publishes. A request that
/// is already stored with other details refuses the whole import (nothing is written).
/// `file_prefix` names the folder in messages.
pub fn import(
    ctx: &Ctx,
    data: &Dataset,
    file_prefix: &str,
    now: DateTime<Utc>,
) -> Result<Imported> {
    let (batch, summary) = match import::plan(ctx.store(), data, file_prefix, now) {
        Ok(planned) => planned,
        Err(ApplyError::Conflicts(errors)) => return Err(errors.into()),
        Err(ApplyError::Store(e)) => return Err(e.into()),
        Err(ApplyError::Random(why)) => {
            return Err(Error::internal(
                "cannot create feed secrets",
                std::io::Error::other(why),
            ));
        }
    };
    let published = ctx.commit(batch, now)?;
    Ok(Imported { summary, published })
}

/// Loads the built-in Sendai sample for `month` into an empty database; `None` when the
/// database already holds data (the sample never mixes into real data).
pub fn load_sample(ctx: &Ctx, month: Month, now: DateTime<Utc>) -> Result<Option<Imported>> {
    if !ctx.store().is_empty()? {
        return Ok(None);
    }
    let data = crate::sample::load(month)?;
    import(ctx, &data, "sample/", now).map(Some)
}
