//! `soudan public`: the public calendar, page, poster and newsletter (nothing personal in
//! any of them; see [`crate::public`]).
//!
//! With `--lang` a command writes one language (to `--out FILE`, or standard output). Without
//! it, ics, poster and newsletter write one file per chosen language into `--out DIR`; the
//! languages come from the data (recent requests, a regional profile where one exists) and
//! the command prints which it chose and why; `--languages ja,en,ne` overrides the choice.

use super::output::ui_lang;
use crate::error::{Error, Refusal, Result};
use crate::i18n::Lang;
use crate::model::Month;
use crate::ops::{self, Ctx, PublicInputs};
use crate::public::{self, Choice, NewsletterFormat, PublicSettings, Reason};
use crate::tr;
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum PublicCommand {
    /// Where public outputs point: the base URL (as for `feeds list`), phone, booking page.
    Set(SetArgs),
    /// The public calendar (.ics): upcoming consultation days, no secret, nothing personal.
    Ics(IcsArgs),
    /// The public web page: every chosen language in one self-contained HTML file.
    Page(PageArgs),
    /// A printable A4 poster of one month (HTML with print CSS) per language.
    Poster(PosterArgs),
    /// The month's consultation days as newsletter text (plain text or Markdown).
    Newsletter(NewsletterArgs),
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// Base URL the server is reached at (the same as `feeds list --base-url`).
    #[arg(long)]
    pub base_url: String,
    /// The center's phone number for bookings, as printed (e.g. 022-000-0000).
    #[arg(long)]
    pub phone: Option<String>,
    /// A web page about booking (the center's website).
    #[arg(long)]
    pub booking_url: Option<String>,
}

/// Options every output command shares.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Languages to write, overriding the choice from the data (e.g. ja,en,ne).
    #[arg(long, value_delimiter = ',', value_parser = parse_lang)]
    pub languages: Vec<Lang>,
    /// Base URL for this output only (default: `soudan public set`, else http://127.0.0.1:8080).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Regional profile CSV (docs/profile-format.md) whose resident languages also decide
    /// which languages to write (default: the built-in Sendai sample, as `soudan plan`).
    #[arg(long)]
    pub profile: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct IcsArgs {
    /// Only this agency's consultation days.
    #[arg(long)]
    pub agency: Option<String>,
    /// A file (with --lang) or a folder (one file per language).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct PageArgs {
    /// The HTML file to write.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct PosterArgs {
    /// The month, YYYY-MM (default: next month).
    #[arg(long)]
    pub month: Option<Month>,
    /// A file (with --lang) or a folder (one poster per language).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct NewsletterArgs {
    /// The month, YYYY-MM (default: next month).
    #[arg(long)]
    pub month: Option<Month>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: NewsletterFormat,
    /// A file (with --lang) or a folder (one file per language); default standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

fn parse_lang(s: &str) -> std::result::Result<Lang, String> {
    Lang::parse(s).map_err(|e| e.to_string())
}

pub fn run(db: &Path, cmd: PublicCommand, lang: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, "public")?;
    let ui = ui_lang(lang, Some(&ctx));
    match cmd {
        PublicCommand::Set(a) => {
            let report = ops::public_set(
                &ctx,
                PublicSettings {
                    base_url: a.base_url,
                    phone: a.phone.filter(|p| !p.trim().is_empty()),
                    booking_url: a.booking_url.filter(|u| !u.trim().is_empty()),
                },
                now,
            )?;
            super::output::warn_published(&report);
            println!(
                "{}",
                tr!(
                    ui,
                    "public-cli-set",
                    url = ctx.public_settings()?.page_url()
                )
            );
            Ok(())
        }
        PublicCommand::Ics(a) => {
            let inputs = inputs(&ctx, &a.common, now)?;
            if let Some(id) = &a.agency
                && !inputs.agencies.iter().any(|x| &x.id == id)
            {
                return Err(Refusal::UnknownAgency { id: id.clone() }.into());
            }
            let prefix = a.agency.clone().unwrap_or_else(|| "public".into());
            let render = |l: Lang| {
                public::calendar(
                    &inputs.data(),
                    &inputs.settings,
                    l,
                    a.agency.as_deref(),
                    inputs.stamp(),
                )
                .map_err(public_refusal)
            };
            write_outputs(&ctx, ui, lang, &a.common, a.out.as_deref(), now, |l| {
                Ok((format!("{prefix}-{}.ics", l.code()), render(l)?))
            })
        }
        PublicCommand::Page(a) => {
            let inputs = inputs(&ctx, &a.common, now)?;
            warn_proof(ui, &inputs.settings);
            let choice = choose(&ctx, ui, &a.common, now)?;
            let mut langs = choice.langs;
            if let Some(first) = lang {
                langs.retain(|l| *l != first);
                langs.insert(0, first);
            }
            let html =
                public::page(&inputs.data(), &inputs.settings, &langs).map_err(public_refusal)?;
            super::output::write_atomic(&a.out, html.as_bytes())?;
            eprintln!(
                "{}",
                tr!(ui, "public-cli-wrote", path = a.out.display().to_string())
            );
            Ok(())
        }
        PublicCommand::Poster(a) => {
            let inputs = inputs(&ctx, &a.common, now)?;
            warn_proof(ui, &inputs.settings);
            let month = a.month.unwrap_or_else(|| ops::next_month(now));
            write_outputs(&ctx, ui, lang, &a.common, Some(&a.out), now, |l| {
                let html = public::poster(&inputs.data(), &inputs.settings, l, month)
                    .map_err(public_refusal)?;
                Ok((format!("poster-{month}-{}.html", l.code()), html))
            })
        }
        PublicCommand::Newsletter(a) => {
            let inputs = inputs(&ctx, &a.common, now)?;
            warn_proof(ui, &inputs.settings);
            let month = a.month.unwrap_or_else(|| ops::next_month(now));
            let ext = match a.format {
                NewsletterFormat::Text => "txt",
                NewsletterFormat::Markdown => "md",
            };
            write_outputs(&ctx, ui, lang, &a.common, a.out.as_deref(), now, |l| {
                let text = public::newsletter(&inputs.data(), &inputs.settings, l, month, a.format)
                    .map_err(public_refusal)?;
                Ok((format!("newsletter-{month}-{}.{ext}", l.code()), text))
            })
        }
    }
}

fn inputs(ctx: &Ctx, common: &Common, now: DateTime<Utc>) -> Result<PublicInputs> {
    let mut inputs = ctx.public_inputs(now)?;
    if let Some(base) = &common.base_url {
        if !(base.starts_with("http://") || base.starts_with("https://"))
            || base.len() > ops::MAX_PUBLIC_URL
        {
            return Err(Refusal::BaseUrl {
                url: base.clone(),
                max: ops::MAX_PUBLIC_URL,
            }
            .into());
        }
        inputs.settings.base_url = base.trim_end_matches('/').to_owned();
    }
    Ok(inputs)
}

/// The languages to write (printed with the reasons, on stderr).
fn choose(ctx: &Ctx, ui: Lang, common: &Common, now: DateTime<Utc>) -> Result<Choice> {
    let choice = if common.languages.is_empty() {
        let recent = ctx.recent_request_languages(now)?;
        let profile = match &common.profile {
            Some(path) => crate::plan::profile::read(path).map_err(|errors| Error::Invalid {
                what: "planned",
                errors,
            })?,
            None => crate::plan::profile::Profile::sendai(),
        };
        if profile.total() == 0 {
            eprintln!("{}", tr!(ui, "public-cli-no-profile"));
            public::choose_languages(&recent, None)
        } else {
            public::choose_languages(&recent, Some(&profile))
        }
    } else {
        Choice::asked(&common.languages)
    };
    let codes: Vec<&str> = choice.langs.iter().map(|l| l.code()).collect();
    eprintln!("{}", tr!(ui, "public-cli-chose", langs = codes.join(", ")));
    for (l, reasons) in &choice.reasons {
        for r in reasons {
            let line = match r {
                Reason::CenterLanguage => tr!(ui, "public-cli-why-center", lang = l.code()),
                Reason::Requests(n) => {
                    tr!(
                        ui,
                        "public-cli-why-requests",
                        lang = l.code(),
                        count = n.to_string()
                    )
                }
                Reason::Residents { share, source } => tr!(
                    ui,
                    "public-cli-why-residents",
                    lang = l.code(),
                    share = format!("{share:.1}"),
                    source = source.as_str()
                ),
                Reason::Bridge => tr!(ui, "public-cli-why-bridge", lang = l.code()),
                Reason::Asked => tr!(ui, "public-cli-why-asked", lang = l.code()),
            };
            eprintln!("  {line}");
        }
    }
    Ok(choice)
}

/// One language (`--lang`): to `out` as a file, or standard output. Otherwise every chosen
/// language into the folder `out`. Everything is rendered before anything is written.
fn write_outputs(
    ctx: &Ctx,
    ui: Lang,
    lang: Option<Lang>,
    common: &Common,
    out: Option<&Path>,
    now: DateTime<Utc>,
    render: impl Fn(Lang) -> Result<(String, String)>,
) -> Result<()> {
    if let Some(l) = lang {
        let (_, body) = render(l)?;
        match out {
            Some(path) if !path.is_dir() => {
                super::output::write_atomic(path, body.as_bytes())?;
                eprintln!(
                    "{}",
                    tr!(ui, "public-cli-wrote", path = path.display().to_string())
                );
            }
            Some(dir) => {
                let (name, _) = render(l)?;
                let path = dir.join(name);
                super::output::write_atomic(&path, body.as_bytes())?;
                eprintln!(
                    "{}",
                    tr!(ui, "public-cli-wrote", path = path.display().to_string())
                );
            }
            None => {
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(body.as_bytes())
                    .and_then(|()| stdout.flush())
                    .map_err(stdout_failed)?;
            }
        }
        return Ok(());
    }
    let choice = choose(ctx, ui, common, now)?;
    let rendered: Vec<(String, String)> = choice
        .langs
        .iter()
        .map(|l| render(*l))
        .collect::<Result<_>>()?;
    let Some(dir) = out else {
        if rendered.len() == 1 {
            let mut stdout = std::io::stdout().lock();
            return stdout
                .write_all(rendered[0].1.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(stdout_failed);
        }
        return Err(Error::refused(tr!(
            ui,
            "public-cli-need-out",
            count = rendered.len().to_string()
        )));
    };
    // `--out ポスター.html` names one file: several languages cannot go into it, and a folder
    // of that name (what was made before) is not what anyone typing it expects. One language
    // is written to it; several are refused, naming them and the two ways to get them.
    if !dir.is_dir() && dir.extension().is_some() {
        if let [(_, body)] = rendered.as_slice() {
            super::output::write_atomic(dir, body.as_bytes())?;
            println!(
                "{}",
                tr!(ui, "public-cli-wrote", path = dir.display().to_string())
            );
            return Ok(());
        }
        let codes: Vec<&str> = choice.langs.iter().map(|l| l.code()).collect();
        return Err(Error::refused(tr!(
            ui,
            "public-cli-out-is-a-file",
            path = dir.display().to_string(),
            count = rendered.len().to_string(),
            languages = codes.join(", "),
            first = codes.first().copied().unwrap_or("ja"),
            folder = dir.with_extension("").display().to_string()
        )));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Refusal::OutNotAFolder {
            path: dir.display().to_string(),
        }
        .into());
    }
    super::output::ensure_dir(dir)?;
    for (name, body) in &rendered {
        let path = dir.join(name);
        super::output::write_atomic(&path, body.as_bytes())?;
        println!(
            "{}",
            tr!(ui, "public-cli-wrote", path = path.display().to_string())
        );
    }
    Ok(())
}

/// A public output that cannot be made, told in the reader's language: an unknown agency as
/// everywhere else, the rest with the renderer's detail.
fn public_refusal(e: public::PublicError) -> Error {
    match e {
        public::PublicError::UnknownAgency(id) => Refusal::UnknownAgency { id }.into(),
        other => Refusal::PublicRender {
            detail: other.to_string(),
        }
        .into(),
    }
}

/// Warns (stderr) that a printable output is only a proof when the base URL is a test one
/// ([`PublicSettings::is_proof`]); the output itself carries the mark.
fn warn_proof(ui: Lang, settings: &PublicSettings) {
    if settings.is_proof() {
        eprintln!(
            "{}",
            tr!(ui, "public-cli-proof", url = settings.base_url.clone())
        );
    }
}

/// Standard output that cannot be written (a closed pipe).
fn stdout_failed(e: std::io::Error) -> Error {
    Refusal::WriteStdout {
        reason: e.to_string(),
    }
    .into()
}
