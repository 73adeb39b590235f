//! Residents' slips: gather what [`crate::slip`] needs for one booking, and remember which
//! slip a resident was given.
//!
//! Rendering and recording are two calls on purpose: the CLI writes the file first and
//! records the slip only once it exists, so the record never claims a slip nobody got. The
//! record ([`IssuedSlip`]) is what makes the next slip say "changed: old → new" with the time
//! the resident actually holds on paper, however many moves happened in between.

use super::Ctx;
use crate::error::{Refusal, Result};
use crate::i18n::Lang;
use crate::model::{Booking, EventKind, IssuedSlip};
use crate::slip::{self, Notice, SlipInput};
use crate::store::Batch;
use chrono::{DateTime, Utc};

/// How a slip is made.
#[derive(Debug, Clone, Copy, Default)]
pub struct SlipOptions {
    /// `None`: the resident's request language if the catalogue has it, else English.
    pub lang: Option<Lang>,
    /// Print the resident's name (`--personal-details`).
    pub personal: bool,
}

/// One rendered slip.
#[derive(Debug, Clone)]
pub struct Slip {
    pub booking: Booking,
    pub lang: Lang,
    pub notice: Notice,
    pub html: String,
    pub ics: String,
}

impl Slip {
    /// What to record once the slip has been handed over ([`slips_issued`]).
    pub fn record(&self, now: DateTime<Utc>) -> IssuedSlip {
        IssuedSlip::of(&self.booking, now)
    }
}

/// Renders the slip of booking `number` (HTML and `.ics`). Reads only.
pub fn slip(ctx: &Ctx, number: &str, opts: SlipOptions, now: DateTime<Utc>) -> Result<Slip> {
    let center = ctx.center()?;
    let booking = ctx
        .store()
        .bookings()?
        .into_iter()
        .find(|b| b.number == number)
        .ok_or_else(|| Refusal::UnknownBooking {
            number: number.to_string(),
        })?;
    let request =
        ctx.store()
            .request(&booking.request)?
            .ok_or_else(|| Refusal::DanglingBooking {
                number: number.to_string(),
                request: booking.request.clone(),
            })?;
    let agency = ctx.store().agency(&booking.agency)?;
    let info = ctx.store().center_info()?;
    let previous = ctx.store().issued_slip(number)?;
    let moved_before = ctx
        .store()
        .history(&request.id)?
        .iter()
        .any(|e| matches!(e.kind, EventKind::Moved | EventKind::Released));
    let lang = opts.lang.unwrap_or_else(|| slip::default_lang(&request));
    let troubles = ctx.troubles(now)?;
    let input = SlipInput {
        booking: &booking,
        request: &request,
        agency: agency.as_ref(),
        center: &center,
        info: &info,
        previous: previous.as_ref(),
        moved_before,
        lang,
        now,
        personal: opts.personal,
        trouble: troubles.get(number),
    };
    Ok(Slip {
        notice: input.notice(),
        html: slip::render_html(&input),
        ics: slip::render_ics(&input),
        lang,
        booking: booking.clone(),
    })
}

/// Records that these slips were handed to their residents (one commit). Feeds do not show
/// slips, so nothing is published.
pub fn slips_issued(ctx: &Ctx, records: &[IssuedSlip]) -> Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    let mut batch = Batch::new();
    for r in records {
        batch.put_issued_slip(r)?;
    }
    ctx.store().commit(batch)?;
    Ok(())
}
