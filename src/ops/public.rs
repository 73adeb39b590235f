//! The public outputs' use cases: where they point (`soudan public set`), what they are made
//! from, and the public snapshot every commit publishes next to the feeds.
//!
//! The published page and calendars carry all seven catalogue languages: their URLs are
//! printed on posters and must keep working whatever this month's demand. Choosing languages
//! ([`crate::public::choose_languages`]) is for what costs staff time and paper: posters and
//! newsletter issues (`soudan public poster`, `newsletter`).

use super::Ctx;
use crate::error::{Error, Refusal, Result};
use crate::i18n::Lang;
use crate::model::{Agency, Booking, Center, Interpreter, parse_tz};
use crate::public::{self, PublicData, PublicSettings};
use crate::publish::public::{PublicFile, PublicOutcome, publish_public as write_public};
use crate::publish::{PublishReport, feeds_dir};
use crate::store::{Batch, PUBLIC_SETTINGS_KEY, Table};
use chrono::{DateTime, NaiveTime, TimeDelta, Utc};

/// Longest base URL or booking URL accepted (it goes into QR codes printed on posters).
pub const MAX_PUBLIC_URL: usize = 200;

/// What public outputs are made from, loaded in one go.
#[derive(Debug, Clone)]
pub struct PublicInputs {
    pub center: Center,
    pub agencies: Vec<Agency>,
    pub interpreters: Vec<Interpreter>,
    pub bookings: Vec<Booking>,
    pub today: chrono::NaiveDate,
    pub settings: PublicSettings,
}

impl PublicInputs {
    pub fn data(&self) -> PublicData<'_> {
        PublicData {
            center: &self.center,
            agencies: &self.agencies,
            interpreters: &self.interpreters,
            bookings: &self.bookings,
            today: self.today,
        }
    }

    /// DTSTAMP of the public calendars: the start of today (UTC), so a body changes only
    /// when the sessions do or a day passes, not at every command.
    pub fn stamp(&self) -> DateTime<Utc> {
        self.today.and_time(NaiveTime::MIN).and_utc()
    }
}

impl Ctx {
    /// The stored public settings, or the defaults (the base URL `feeds list` uses).
    pub fn public_settings(&self) -> Result<PublicSettings> {
        Ok(self.store.public_settings()?.unwrap_or_default())
    }

    /// Everything public outputs are made from. Without a phone of its own (`public set
    /// --phone`), the public outputs give center.toml's phone, the one slips give.
    pub fn public_inputs(&self, now: DateTime<Utc>) -> Result<PublicInputs> {
        let center = self.center()?;
        let tz = parse_tz(&center.timezone).map_err(Error::Refused)?;
        let mut settings = self.public_settings()?;
        if settings.phone.is_none() {
            let info = self.store.center_info()?;
            settings.phone = Some(info.phone.trim().to_owned()).filter(|p| !p.is_empty());
        }
        Ok(PublicInputs {
            today: now.with_timezone(&tz).date_naive(),
            agencies: self.store.agencies()?,
            interpreters: self.store.interpreters()?,
            bookings: self.store.bookings()?,
            settings,
            center,
        })
    }

    /// Languages of the requests received in the last year (one entry per request): the
    /// demand signal for choosing poster and newsletter languages.
    pub fn recent_request_languages(&self, now: DateTime<Utc>) -> Result<Vec<String>> {
        let today = self.today(now)?;
        let since = today - TimeDelta::days(365);
        Ok(self
            .store
            .requests()?
            .into_iter()
            .filter(|r| r.received.date() >= since)
            .map(|r| r.language)
            .collect())
    }
}

/// Checks and stores the public settings, then publishes (the public page shows them).
pub fn public_set(
    ctx: &Ctx,
    settings: PublicSettings,
    now: DateTime<Utc>,
) -> Result<PublishReport> {
    ctx.center()?;
    let url_ok = |u: &str| {
        (u.starts_with("http://") || u.starts_with("https://"))
            && u.len() <= MAX_PUBLIC_URL
            && !u
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"')
    };
    if !url_ok(&settings.base_url) {
        return Err(Refusal::PublicNotUrl {
            flag: "--base-url",
            value: settings.base_url,
            max: MAX_PUBLIC_URL,
        }
        .into());
    }
    if let Some(u) = &settings.booking_url
        && !url_ok(u)
    {
        return Err(Refusal::PublicNotUrl {
            flag: "--booking-url",
            value: u.clone(),
            max: MAX_PUBLIC_URL,
        }
        .into());
    }
    if let Some(p) = &settings.phone
        && (p.len() > 40
            || !p.chars().any(|c| c.is_ascii_digit())
            || !p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)))
    {
        return Err(Refusal::PublicNotPhone { value: p.clone() }.into());
    }
    let settings = PublicSettings {
        base_url: settings.base_url.trim_end_matches('/').to_owned(),
        ..settings
    };
    let mut batch = Batch::new();
    batch.put(Table::Meta, PUBLIC_SETTINGS_KEY, &settings)?;
    ctx.commit(batch, now)
}

/// Every file of the public site: `index.html` (all languages), `<lang>.ics` and
/// `<agency>/<lang>.ics` for every catalogue language.
pub fn public_files(inputs: &PublicInputs) -> Result<Vec<PublicFile>> {
    let data = inputs.data();
    let refused = |e: public::PublicError| Error::refused(e.to_string());
    let mut files = vec![PublicFile {
        path: "index.html".into(),
        content_type: "text/html; charset=utf-8",
        body: public::page(&data, &inputs.settings, &Lang::ALL)
            .map_err(refused)?
            .into_bytes(),
    }];
    for lang in Lang::ALL {
        files.push(PublicFile {
            path: format!("{}.ics", lang.code()),
            content_type: "text/calendar; charset=utf-8",
            body: public::calendar(&data, &inputs.settings, lang, None, inputs.stamp())
                .map_err(refused)?
                .into_bytes(),
        });
        for a in &inputs.agencies {
            // Agency ids are checked on import; one a URL cannot carry is left out.
            let path = format!("{}/{}.ics", a.id, lang.code());
            if !crate::publish::public::valid_path(&path) {
                continue;
            }
            files.push(PublicFile {
                path,
                content_type: "text/calendar; charset=utf-8",
                body: public::calendar(&data, &inputs.settings, lang, Some(&a.id), inputs.stamp())
                    .map_err(refused)?
                    .into_bytes(),
            });
        }
    }
    Ok(files)
}

/// Renders the public site and publishes it as the public snapshot. A rendering failure is
/// a publish failure ([`Error::Publish`]): it comes after the commit, which stays.
pub fn publish_public(ctx: &Ctx, now: DateTime<Utc>) -> Result<PublicOutcome> {
    let inputs = ctx.public_inputs(now)?;
    let files = public_files(&inputs)
        .map_err(|e| Error::Publish(crate::publish::PublishError::PublicRender(e.to_string())))?;
    write_public(&feeds_dir(ctx.dir()), &files, now).map_err(Error::Publish)
}
