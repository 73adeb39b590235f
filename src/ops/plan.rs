//! Read what planning needs from the store: the center as configured and its demand history.

use super::Ctx;
use crate::error::Result;
use crate::model::{BookingStatus, Month};
use crate::plan::{Base, History};
use std::collections::HashMap;

/// The center, agencies, interpreters and weights as the store holds them.
pub fn plan_base(ctx: &Ctx) -> Result<Base> {
    let store = ctx.store();
    Ok(Base {
        center: ctx.center()?,
        agencies: store.agencies()?,
        interpreters: store.interpreters()?,
        weights: store.weights()?,
    })
}

/// Every request (cancelled ones too: they were demand) with the month it asked for: the
/// month of its confirmed booking, else the month after it was received.
pub fn plan_history(ctx: &Ctx) -> Result<History> {
    let store = ctx.store();
    let booked: HashMap<String, Month> = store
        .bookings()?
        .into_iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .map(|b| (b.request.clone(), Month::of(b.start.date())))
        .collect();
    let requests = store
        .requests()?
        .into_iter()
        .map(|r| {
            let m = booked
                .get(&r.id)
                .copied()
                .unwrap_or_else(|| Month::of(r.received.date()).next());
            (m, r)
        })
        .collect();
    Ok(History { requests })
}
